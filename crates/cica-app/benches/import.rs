//! What an import costs end to end, against reading alone, on two texts of 2 MB read, planned
//! (a dry run) and written as drafts with their proposals and audit entries into a real SQLite
//! file holding the built-in dataset:
//! - `import-2mb`: the importer's file of short releases repeated (about 200 bytes an item,
//!   the most items 2 MB can hold: the cost of each item weighs most);
//! - `import-2mb-typical`: the evaluation's whole items in plain text, written in our own words
//!   after real releases of every kind (about 1.5 KB an item), repeated.
//!
//! Every copy's headlines and sentences are marked with its number, so that every item is new
//! and written: a benchmark asserts it (the store keeps once an item of the same day and text).
//! Target: at least 10 MB/s end to end. `cargo bench -p cica-app --bench import`

use std::path::PathBuf;
use std::sync::Arc;

use cica_app::import::Text;
use cica_app::records::Replace;
use cica_app::{Actor, App, Clock};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the `cica` binary runs on (see its `main.rs`), so that this measures the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `source` repeated to `bytes`, ending before the first line after two blank lines (an item's
/// headline, or a part of an item set apart so) that would start at or past them, each copy's
/// headlines (the lines after two blank lines, and the first) and the lines that close a
/// sentence marked with the copy's number, and its years moved on by 28 a copy
/// ([`later_years`]): a story of the same day and headline is one item to the store, and a
/// text's headline is not always its first line.
fn copies(source: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + source.len());
    let mut copy = 0;
    'copies: while out.len() < bytes {
        copy += 1;
        let mut blank = 2;
        for line in source.lines() {
            if line.trim().is_empty() {
                blank += 1;
                out.push('\n');
                continue;
            }
            if blank >= 2 && out.len() >= bytes {
                break 'copies;
            }
            let line = later_years(line, 28 * (copy - 1));
            if blank >= 2 {
                out.push_str(&format!("{line} (copy {copy})\n"));
            } else if line.ends_with('.') {
                // A paragraph's last sentence: every copy's text its own.
                out.push_str(&format!("{line} Copy {copy}.\n"));
            } else {
                out.push_str(&line);
                out.push('\n');
            }
            blank = 0;
        }
        out.push_str("\n\n");
    }
    out
}

/// `line` with every year from 1901 to 2099 (four digits with no digit beside them) moved on
/// by `by` years, and back by 196 (seven times 28) while it passes 2099. In that range the
/// calendar repeats itself every 28 years, so every day stays a day and its weekday the same.
fn later_years(line: &str, by: u32) -> String {
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            // A character at a time: the text is not ASCII throughout.
            let c = line[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let digits = &line[i..i + run];
        match digits.parse::<u32>() {
            Ok(year) if run == 4 && (1901..=2099).contains(&year) => {
                let later = year + by % 196;
                let later = if later > 2099 { later - 196 } else { later };
                out.push_str(&later.to_string());
            }
            _ => out.push_str(digits),
        }
        i += run;
    }
    out
}

/// The importer's fixtures, from its own directory.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cica-import/tests/fixtures")
}

/// The evaluation's items in plain text, in the order of their names, two blank lines apart.
fn typical_items() -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("eval"))
        .expect("evaluation sets")
        .flatten()
        .filter(|set| set.path().is_dir())
        .flat_map(|set| std::fs::read_dir(set.path()).expect("a set").flatten())
        .map(|f| f.path())
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = String::new();
    for f in files {
        out.push_str(std::fs::read_to_string(&f).expect("an item").trim());
        out.push_str("\n\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let releases = std::fs::read_to_string(fixtures().join("releases.txt")).expect("fixture");
    for (group, text) in [
        ("import-2mb", copies(&releases, 2_000_000)),
        ("import-2mb-typical", copies(&typical_items(), 2_000_000)),
    ] {
        // 2 MB and the rest of the item that crosses the mark: both texts are of one length.
        assert!(
            (2_000_000..2_050_000).contains(&text.len()),
            "{group}: {} bytes",
            text.len()
        );
        import_group(c, &rt, group, &text);
    }
}

/// Reading alone, a dry run and a written import of `text`, each into a fresh database.
fn import_group(c: &mut Criterion, rt: &tokio::runtime::Runtime, group: &str, text: &str) {
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
            bytes: text.as_bytes().to_vec(),
        }]
    };
    let g = cica_import::Gazetteer::new(&dataset, today);
    let mut group = c.benchmark_group(group);
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
                    // Nearly every item is new (a few are read twice from their own text):
                    // the store's writes are measured, not its finding repeats.
                    let items = report.items.len();
                    assert!(items > 500, "{items} items");
                    assert!(
                        report.summary.create * 100 >= items * 95,
                        "{} of {items} items new",
                        report.summary.create
                    );
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
