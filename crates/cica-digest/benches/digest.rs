//! Building the 2025-Q1 Digest in process: the print edition (layout + PDF export) with
//! Typst's memo cache emptied before each run, so every run lays out from scratch as after a
//! data change; the same with the cache warm (an unchanged issue); and the web edition.
//! Target: the print edition in at most 300 ms. `cargo bench -p cica-digest`

use cica_digest::{Records, Typesetter, edition, html};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let ds = cica_data::builtin().expect("the built-in dataset loads");
    let q1 = cica_domain::Quarter::parse("2025-Q1").expect("a quarter");
    let records = Records::in_dataset(&ds, q1).expect("the 2025-Q1 record");
    let e = edition(&records).expect("the edition builds");
    let ts = Typesetter::new();
    let mut group = c.benchmark_group("digest-2025-q1");
    group.sample_size(20);
    group.bench_function("print edition (PDF), cold layout", |b| {
        b.iter_batched(
            || typst::comemo::evict(0),
            |()| ts.print(std::hint::black_box(&e)).expect("typesets"),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("print edition (PDF), unchanged issue", |b| {
        b.iter(|| ts.print(std::hint::black_box(&e)).expect("typesets"))
    });
    group.bench_function("edition from the records", |b| {
        b.iter(|| edition(std::hint::black_box(&records)).expect("builds"))
    });
    group.bench_function("web edition (HTML)", |b| {
        b.iter(|| html::render(std::hint::black_box(&e), &html::Links::default()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
