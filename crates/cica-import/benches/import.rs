//! Throughput of the importer on real digest text (the 2025-Q1 Digest from
//! `../shared/corpus/`): the split alone, and the whole reading with entity recognition.
//! Target: at least 20 MB/s. `cargo bench -p cica-import`

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/cica-digest-2025-q1.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: no corpus at {}", path.display());
        return;
    };
    let ds = cica_data::builtin().expect("dataset");
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"));
    let mut group = c.benchmark_group("digest-2025-q1");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("split", |b| {
        b.iter(|| cica_import::split(std::hint::black_box(&text), None))
    });
    group.bench_function("read (check, split, entities, proposals)", |b| {
        b.iter(|| {
            cica_import::read(
                "digest",
                std::hint::black_box(text.as_bytes()),
                None,
                &g,
                &[],
            )
            .expect("reads")
        })
    });
    group.bench_function("gazetteer only", |b| {
        b.iter(|| g.find(std::hint::black_box(&text)))
    });
    group.finish();

    // Cost must grow with the length of the input, not its square: a file of our releases
    // repeated (the same days, every copy's headlines numbered), read at two lengths.
    let release = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/releases.txt"),
    )
    .expect("fixture");
    let mut group = c.benchmark_group("repeated-releases");
    group.sample_size(10);
    for kib in [512usize, 1024] {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < kib * 1024 {
            n += 1;
            text.push_str(&release.replace("\n\n\n", &format!(" ({n})\n\n\n")));
            text.push_str("\n\n\n");
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("read {kib} KiB"), |b| {
            b.iter(|| {
                cica_import::read(
                    "releases",
                    std::hint::black_box(text.as_bytes()),
                    None,
                    &g,
                    &[],
                )
                .expect("reads")
            })
        });
    }
    group.finish();
}

/// A release printed to PDF by another writer (the two-column fixture, two pages): the bare
/// extractor's plain text (`pdf_extract::extract_text_from_mem`) as the baseline, then the
/// importer's reading of the same file into paragraphs, then the whole import.
fn pdf(c: &mut Criterion) {
    let bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/two-columns.pdf"),
    )
    .expect("fixture");
    let ds = cica_data::builtin().expect("dataset");
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2025-06-01").expect("day"));
    let mut group = c.benchmark_group("pdf-two-columns");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("pdf-extract plain text (baseline)", |b| {
        b.iter(|| pdf_extract::extract_text_from_mem(std::hint::black_box(&bytes)).expect("reads"))
    });
    group.bench_function("pdf::read (lines, paragraphs, mending)", |b| {
        b.iter(|| cica_import::pdf::read(std::hint::black_box(&bytes)).expect("reads"))
    });
    group.bench_function("read (whole import)", |b| {
        b.iter(|| {
            cica_import::read("release.pdf", std::hint::black_box(&bytes), None, &g, &[])
                .expect("reads")
        })
    });
    group.finish();
}

criterion_group!(benches, bench, pdf);
criterion_main!(benches);
