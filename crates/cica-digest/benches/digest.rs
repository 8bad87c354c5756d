//! Building the 2025-Q1 Digest in process: the print edition (layout + PDF export) with
//! Typst's memo cache emptied before each run, so every run lays out from scratch as after a
//! data change; the same with the cache warm (an unchanged issue); and the web edition.
//! Target: the print edition in at most 300 ms. Then both editions read back by the importer.
//! `cargo bench -p cica-digest`

use cica_digest::{Records, Typesetter, edition, html};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// The allocator the `cica` binary runs on (see its `main.rs`), so that this measures the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Reading both editions back through the importer (`cica import digest.pdf`,
/// `cica import digest.html`). Baselines in the same run: the bare extractor's plain text
/// (`pdf_extract::extract_text_from_mem`) for the PDF, and the bare readability pass
/// (`dom_smoothie`) for the page.
fn read_back(c: &mut Criterion) {
    let ds = cica_data::builtin().expect("the built-in dataset loads");
    let q1 = cica_domain::Quarter::parse("2025-Q1").expect("a quarter");
    let records = Records::in_dataset(&ds, q1).expect("the 2025-Q1 record");
    let e = edition(&records).expect("the edition builds");
    let pdf = Typesetter::new().print(&e).expect("typesets").pdf;
    let page = html::render(&e, &html::Links::default());
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("a day"));
    let mut group = c.benchmark_group("read-back-2025-q1");
    group.sample_size(20);
    group.throughput(criterion::Throughput::Bytes(pdf.len() as u64));
    group.bench_function("PDF: pdf-extract plain text (baseline)", |b| {
        b.iter(|| pdf_extract::extract_text_from_mem(std::hint::black_box(&pdf)).expect("reads"))
    });
    group.bench_function("PDF: pdf::read (lines, paragraphs, mending)", |b| {
        b.iter(|| cica_import::pdf::read(std::hint::black_box(&pdf)).expect("reads"))
    });
    group.bench_function("PDF: cica_import::read (whole import)", |b| {
        b.iter(|| {
            cica_import::read("digest.pdf", std::hint::black_box(&pdf), None, &g, &[])
                .expect("reads")
        })
    });
    group.throughput(criterion::Throughput::Bytes(page.len() as u64));
    group.bench_function("HTML: dom_smoothie readability (baseline)", |b| {
        b.iter(|| {
            dom_smoothie::Readability::new(std::hint::black_box(page.as_str()), None, None)
                .expect("parses")
                .parse()
                .expect("reads")
        })
    });
    group.bench_function("HTML: cica_import::read (whole import)", |b| {
        b.iter(|| {
            cica_import::read(
                "digest.html",
                std::hint::black_box(page.as_bytes()),
                None,
                &g,
                &[],
            )
            .expect("reads")
        })
    });
    group.finish();
}

criterion_group!(benches, bench, read_back);
criterion_main!(benches);
