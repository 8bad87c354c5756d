//! What an import costs end to end, against reading alone: a 2 MB text of press releases (the
//! importer's fixture repeated, every copy's headlines numbered so that every item is new),
//! read, planned (a dry run) and written as drafts with their proposals and audit entries into
//! a real SQLite file holding the built-in dataset. Target: at least 10 MB/s end to end.
//! `cargo bench -p cica-app --bench import`

use std::path::PathBuf;
use std::sync::Arc;

use cica_app::import::Text;
use cica_app::records::Replace;
use cica_app::{Actor, App, Clock};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// The fixture repeated to at least `bytes`, each copy's headlines (the lines after two blank
/// lines, and the first) marked with the copy's number.
fn releases(bytes: usize) -> String {
    let fixture = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../cica-import/tests/fixtures/releases.txt"),
    )
    .expect("fixture");
    let mut out = String::with_capacity(bytes + fixture.len());
    let mut copy = 0;
    while out.len() < bytes {
        copy += 1;
        let mut blank = 2;
        for line in fixture.lines() {
            if line.trim().is_empty() {
                blank += 1;
                out.push('\n');
                continue;
            }
            if blank >= 2 {
                out.push_str(&format!("{line} (copy {copy})\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
            blank = 0;
        }
        out.push_str("\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let text = releases(2_000_000);
    let dataset = cica_data::builtin().expect("dataset");
    let today = cica_domain::parse_day("2025-04-01").expect("day");
    let actor = Actor::System { task: "benchmark" };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    // A fresh database for each run: the import is measured, not the set-up.
    let mut fresh = || {
        n += 1;
        let path = dir.path().join(format!("bench-{n}.db"));
        rt.block_on(async {
            let store = cica_store::open(path.to_str().expect("utf-8"))
                .await
                .expect("opens");
            let app = App::new(Arc::clone(&store), Clock::Day(today));
            app.load_dataset(&actor, &dataset, Replace::No)
                .await
                .expect("loads");
            app
        })
    };
    let texts = || {
        vec![Text {
            name: "releases.txt".into(),
            bytes: text.clone().into_bytes(),
        }]
    };
    let g = cica_import::Gazetteer::new(&dataset, today);
    let mut group = c.benchmark_group("import-2mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("read only (baseline)", |b| {
        b.iter(|| cica_import::read("releases.txt", text.as_bytes(), None, &g, &[]).expect("reads"))
    });
    for (name, dry_run) in [
        ("read and plan (dry run)", true),
        ("read, plan and write", false),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                &mut fresh,
                |app| {
                    let report = rt
                        .block_on(app.import_texts(&actor, texts(), None, dry_run))
                        .expect("imports");
                    assert!(report.items.len() > 1000, "{} items", report.items.len());
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
