//! What authenticating costs: signing in checks a password against its argon2id hash (on
//! purpose slow, against guessing); every API request with a personal token hashes the token
//! with SHA-256 (the baseline: a token is a 256-bit random secret, so no slowness is needed).
//! `cargo bench -p cica-app`

use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the `cica` binary runs on (see its `main.rs`), so that this measures the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let password = "correct horse battery staple";
    let phc = cica_app::accounts::hash_password(password).expect("hash");
    let token = format!("{}{}", cica_app::accounts::TOKEN_PREFIX, "ab".repeat(32));
    let mut group = c.benchmark_group("authentication");
    group.bench_function("token digest (SHA-256), every API request", |b| {
        b.iter(|| cica_app::accounts::token_digest(std::hint::black_box(&token)))
    });
    group.sample_size(20);
    group.bench_function("password check (argon2id), every sign-in", |b| {
        b.iter(|| {
            assert!(cica_app::accounts::verify_password(
                std::hint::black_box(password),
                &phc
            ))
        })
    });
    group.bench_function("password hash (argon2id), every new password", |b| {
        b.iter(|| cica_app::accounts::hash_password(std::hint::black_box(password)).expect("hash"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
