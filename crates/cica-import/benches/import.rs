//! Throughput of the importer on real digest text (the 2025-Q1 Digest from
//! `../shared/corpus/`): the split alone, and the whole reading with entity recognition.
//! Target: at least 20 MB/s. `cargo bench -p cica-import`

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the `cica` binary runs on (see its `main.rs`), so that this measures the same.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    read_at_lengths(c, &g, "repeated-releases", [512, 1024], "", |text, n| {
        text.push_str(&release.replace("\n\n\n", &format!(" ({n})\n\n\n")));
        text.push_str("\n\n\n");
    });
}

/// The whole reading of a text grown piece by piece (`grow` adds the `n`th piece) to each of
/// `kib` lengths, in a group of its own.
fn read_at_lengths(
    c: &mut Criterion,
    g: &cica_import::Gazetteer,
    name: &str,
    kib: [usize; 2],
    start: &str,
    grow: impl Fn(&mut String, usize),
) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for kib in kib {
        let mut text = String::from(start);
        let mut n = 0;
        while text.len() < kib * 1024 {
            n += 1;
            grow(&mut text, n);
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("read {kib} KiB"), |b| {
            b.iter(|| {
                cica_import::read(name, std::hint::black_box(text.as_bytes()), None, g, &[])
                    .expect("reads")
            })
        });
    }
    group.finish();
}

/// A paragraph broken over many lines that end in a comma, none ending a sentence, read at two
/// lengths: joining its pieces must cost in proportion to their length (it once cost the square).
fn broken_paragraph(c: &mut Criterion) {
    let ds = cica_data::builtin().expect("dataset");
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"));
    read_at_lengths(
        c,
        &g,
        "broken-paragraph",
        [256, 1024],
        "Ministers meet\n\nASTANA, May 3 (ZNA) -- The ministers met on Friday.\n\n",
        |text, _| {
            text.push_str(
                "the delegates of Zarland, Karland and Orland met, talked and agreed,\n\n",
            )
        },
    );
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

/// A saved news page as sites serve them: the fixture's article inside the chrome of a real
/// page grown to about 100 kB (a menu of a few hundred links, inline style and script, lists
/// of related stories, a footer), as most of a news page's bytes are not its text. The
/// baseline is the readability library alone (`dom_smoothie`, text mode as the importer sets
/// it); then the importer's page reader (captions set aside, headline and time from the
/// markup); then the whole import.
fn html(c: &mut Criterion) {
    let page = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/page.html"),
    )
    .expect("fixture");
    let menu: String = (0..300)
        .map(|k| format!("<li><a href=\"/section/{k}\">Section {k}</a></li>\n"))
        .collect();
    let style: String = (0..400)
        .map(|k| format!(".block-{k} {{ margin: {k}px 0; color: #333; }}\n"))
        .collect();
    let script: String = (0..400)
        .map(|k| format!("window.slots.push({{id: 'slot-{k}', size: [300, 250]}});\n"))
        .collect();
    let related: String = (0..120)
        .map(|k| {
            format!("<li><a href=\"/n/{k}\">Another story number {k} from the same site</a> <time>12:{:02}</time></li>\n", k % 60)
        })
        .collect();
    let html = page
        .replace(
            "</head>",
            &format!("<style>{style}</style>\n<script>{script}</script>\n</head>"),
        )
        .replace("</ul></nav>", &format!("{menu}</ul></nav>"))
        .replace("</ul>\n</aside>", &format!("{related}</ul>\n</aside>"))
        .replace("</footer>", &format!("<ul>{menu}</ul></footer>"));
    let ds = cica_data::builtin().expect("dataset");
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2023-07-01").expect("day"));
    let mut group = c.benchmark_group("html-news-page");
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("dom_smoothie readability alone (baseline)", |b| {
        b.iter(|| {
            let cfg = dom_smoothie::Config {
                text_mode: dom_smoothie::TextMode::Formatted,
                ..Default::default()
            };
            dom_smoothie::Readability::new(std::hint::black_box(html.as_str()), None, Some(cfg))
                .expect("reader")
                .parse()
                .expect("article")
        })
    });
    group.bench_function("html::read (the page reader)", |b| {
        b.iter(|| cica_import::html::read(std::hint::black_box(&html)).expect("reads"))
    });
    group.bench_function("read (whole import)", |b| {
        b.iter(|| {
            cica_import::read(
                "page.html",
                std::hint::black_box(html.as_bytes()),
                None,
                &g,
                &[],
            )
            .expect("reads")
        })
    });
    group.finish();
}

/// The evaluation set's plain-text releases (`tests/fixtures/eval/*/*.txt`), each read as a
/// file of its own, as `cica import` reads them: what a real release costs, not only a long
/// text. Throughput counts the bytes of all the files.
fn releases(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for set in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(set.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = f.path();
            if path.extension().is_some_and(|x| x == "txt") {
                let bytes = std::fs::read(&path).expect("fixture");
                files.push((path.display().to_string(), bytes));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        eprintln!("skipping: no evaluation set in {}", dir.display());
        return;
    }
    let ds = cica_data::builtin().expect("dataset");
    let g = cica_import::Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"));
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("evaluation-set");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(
        format!("read {} text files, one by one", files.len()),
        |b| {
            b.iter(|| {
                for (name, bytes) in &files {
                    let _ = cica_import::read(name, std::hint::black_box(bytes), None, &g, &[]);
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench, broken_paragraph, pdf, html, releases);
criterion_main!(benches);
