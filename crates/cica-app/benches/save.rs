//! What saving a news item costs: the editor's save (the item's rules, the version checked
//! under the write lock, the item, its tags and photographs rewritten, the audit entry with the
//! record before and after) against the least a durable write of one row costs on the same
//! file (a bare `UPDATE` of the item's headline in an immediate transaction). Target: p99
//! under 20 ms. After criterion's comparison, 2,000 saves are timed one by one and their
//! percentiles printed. Then an issue's PDF rebuilt after an edit: a save of one of its items,
//! the edition collected from the store, and the print edition laid out from scratch (target:
//! under 300 ms), against the cold layout of the issue alone.
//! `cargo bench -p cica-app --bench save`

use std::sync::Arc;
use std::time::{Duration, Instant};

use cica_app::records::Replace;
use cica_app::{Actor, App, Clock};
use cica_domain::Slug;
use cica_store::{Expect, Version};
use criterion::{Criterion, criterion_group, criterion_main};
use sqlx::Connection;

/// The allocator the `cica` binary runs on (see its `main.rs`), so that this measures the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ITEM: &str = "president-of-azerbaijan-vision-cica-chairmanship";

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dataset = cica_data::builtin().expect("dataset");
    let today = cica_domain::parse_day("2025-04-01").expect("day");
    let actor = Actor::System { task: "benchmark" };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let (app, mut db) = rt.block_on(async {
        let store = cica_store::open(path.to_str().expect("utf-8"))
            .await
            .expect("opens");
        let app = App::new(Arc::clone(&store), Clock::Day(today));
        app.load_dataset(&actor, &dataset, Replace::No)
            .await
            .expect("loads");
        let db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("connects");
        (app, db)
    });
    let slug = Slug::parse(ITEM).expect("slug");
    let (mut item, first) = rt
        .block_on(app.store().news_versioned(&slug))
        .expect("reads")
        .expect("stored");
    let mut version: Version = first;
    let mut n = 0u64;
    let mut save = |item: &mut cica_domain::NewsItem, version: &mut Version| {
        n += 1;
        item.title = format!("A headline, saved {n} times");
        *version = rt
            .block_on(app.save_news(&actor, item, Expect::Version(*version)))
            .expect("saved");
    };

    let mut group = c.benchmark_group("save-news");
    group.bench_function(
        "save_news (rules, version, item, tags, photos, audit)",
        |b| b.iter(|| save(&mut item, &mut version)),
    );
    let mut m = 0u64;
    group.bench_function(
        "baseline: bare UPDATE of one row, immediate transaction",
        |b| {
            b.iter(|| {
                m += 1;
                rt.block_on(async {
                    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.expect("begins");
                    sqlx::query("UPDATE news SET date_note = $1 WHERE slug = $2")
                        .bind(format!("note {m}"))
                        .bind(ITEM)
                        .execute(&mut *tx)
                        .await
                        .expect("updates");
                    tx.commit().await.expect("commits");
                })
            })
        },
    );
    group.finish();

    let mut times: Vec<Duration> = (0..2_000)
        .map(|_| {
            let at = Instant::now();
            save(&mut item, &mut version);
            at.elapsed()
        })
        .collect();
    times.sort_unstable();
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "save_news, 2000 saves one by one: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        pick(0.50),
        pick(0.90),
        pick(0.99),
        times[times.len() - 1]
    );
}

/// An issue's print edition after an editor's save: the save, the edition read back from the
/// store, and a cold layout (Typst's memo cache emptied, as a change of the data leaves it for
/// what changed), against the cold layout alone of the same edition.
fn rebuild(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dataset = cica_data::builtin().expect("dataset");
    let today = cica_domain::parse_day("2025-04-01").expect("day");
    let actor = Actor::System { task: "benchmark" };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rebuild.db");
    let app = rt.block_on(async {
        let store = cica_store::open(path.to_str().expect("utf-8"))
            .await
            .expect("opens");
        let app = App::new(Arc::clone(&store), Clock::Day(today));
        app.load_dataset(&actor, &dataset, Replace::No)
            .await
            .expect("loads");
        app
    });
    let q1 = cica_domain::Quarter::parse("2025-Q1").expect("quarter");
    let slug = Slug::parse(ITEM).expect("slug");
    let (mut item, mut version) = rt
        .block_on(app.store().news_versioned(&slug))
        .expect("reads")
        .expect("stored");
    let ts = cica_digest::Typesetter::new();
    let edition = rt
        .block_on(cica_digest::collect(app.store(), q1))
        .expect("collects");
    let mut n = 0u64;
    let mut group = c.benchmark_group("rebuild-after-edit");
    group.sample_size(20);
    group.bench_function(
        "save an item, collect the issue, lay it out cold (PDF)",
        |b| {
            b.iter(|| {
                n += 1;
                item.title = format!("A headline, rebuilt {n} times");
                version = rt
                    .block_on(app.save_news(&actor, &item, Expect::Version(version)))
                    .expect("saved");
                let edition = rt
                    .block_on(cica_digest::collect(app.store(), q1))
                    .expect("collects");
                cica_digest::Typesetter::forget_layouts();
                ts.print(std::hint::black_box(&edition)).expect("typesets")
            })
        },
    );
    group.bench_function("baseline: the cold layout alone (PDF)", |b| {
        b.iter(|| {
            cica_digest::Typesetter::forget_layouts();
            ts.print(std::hint::black_box(&edition)).expect("typesets")
        })
    });
    group.finish();
}

criterion_group!(benches, bench, rebuild);
criterion_main!(benches);
