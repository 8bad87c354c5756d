//! `cica import` as a user runs it: the real binary, a real database file, real inputs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cica(db: &Path, args: &[&str]) -> Output {
    cica_on(db, args, "2025-04-01")
}

/// `cica` as run on `today`.
fn cica_on(db: &Path, args: &[&str], today: &str) -> Output {
    common::prepared(db, args);
    Command::new(env!("CARGO_BIN_EXE_cica"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .env("CICA_TODAY", today)
        .output()
        .expect("cica runs")
}

fn corpus() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/cica-digest-2025-q1.txt");
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the corpus is required under CI=true: {}", path.display());
    }
    eprintln!("skipping: no corpus at {}", path.display());
    None
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn dry_run_json_lists_every_item_and_writes_nothing() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("import.db");
    let c = corpus.to_str().expect("utf-8");
    let o = cica(&db, &["import", c, "--dry-run", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 30, "19 articles, 10 briefs, the foreword");
    for l in &lines {
        for field in ["kind", "title", "dateline", "states", "bodies", "people"] {
            assert!(l.get(field).is_some(), "{field} missing in {l}");
        }
    }
    let count = |k: &str| lines.iter().filter(|l| l["kind"] == k).count();
    assert_eq!(
        (count("article"), count("brief"), count("foreword")),
        (19, 10, 1)
    );
    let belarus = lines
        .iter()
        .find(|l| l["title"].as_str().is_some_and(|t| t.contains("Belarus")))
        .expect("Belarus");
    assert_eq!(belarus["dateline"]["place"], "Minsk");
    assert_eq!(belarus["dateline"]["start"], "2025-01-26");
    assert_eq!(belarus["dateline"]["end"], "2025-01-27");
    // An Observer State stays in its own field, out of the Member States.
    assert!(
        !belarus["states"]
            .as_array()
            .expect("states")
            .iter()
            .any(|s| s == "BLR")
    );
    assert_eq!(belarus["observers"][0], "BLR");
    // Dry run twice: the same plan, so nothing was written.
    assert_eq!(
        stdout(&cica(&db, &["import", c, "--dry-run", "--json"])),
        stdout(&o)
    );
}

#[test]
fn import_writes_drafts_once() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("import.db");
    let c = corpus.to_str().expect("utf-8");
    let first = cica(&db, &["import", c]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // The 19 articles are already in the built-in archive; the flash items are new drafts.
    assert!(
        stdout(&first).contains("did create 10, update 0, leave 19 unchanged"),
        "{}",
        stdout(&first)
    );
    let again = cica(&db, &["import", c]);
    assert!(
        stdout(&again).contains("did create 0, update 0, leave 29 unchanged"),
        "re-importing changes nothing: {}",
        stdout(&again)
    );
    assert!(
        stdout(&again).contains("did propose 0 meetings and engagements"),
        "{}",
        stdout(&again)
    );
    // Regression: the ten undated flash items used to take the day of the import, so
    // importing on a later day updated them all.
    let later = cica_on(&db, &["import", c], "2025-11-30");
    assert!(
        stdout(&later).contains("did create 0, update 0, leave 29 unchanged"),
        "re-importing on a later day changes nothing: {}",
        stdout(&later)
    );
}

#[test]
fn year_hint_is_checked_like_the_api_does() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("import.db");
    let f = dir.path().join("r.txt");
    std::fs::write(&f, "A test release\n\nBoao, 26-27 March – Officials met.\n").expect("write");
    let f = f.to_str().expect("utf-8");
    for bad in [
        "--year-hint=-2147483648",
        "--year-hint=1800",
        "--year-hint=soon",
    ] {
        let o = cica(&db, &["import", f, "--dry-run", bad]);
        assert!(!o.status.success(), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("is not a year from 1990 to 2200"),
            "{bad}: {err}"
        );
    }
    let o = cica(
        &db,
        &["import", f, "--dry-run", "--json", "--year-hint", "2024"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().expect("a line")).expect("json");
    assert_eq!(line["dateline"]["start"], "2024-03-26");
}

#[test]
fn bad_inputs_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("import.db");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let good = write(
        "good.txt",
        "A test release\n\nAstana, 3 June 2024 – Officials met at the CICA Secretariat.\n"
            .as_bytes(),
    );
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(200 * 1024 * 1024))
        .expect("sparse file");
    let table: Vec<(PathBuf, &str)> = vec![
        (write("empty.txt", b""), "the file is empty"),
        (
            write("binary.bin", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            "binary file",
        ),
        (
            write("latin1.txt", b"Almaty, 3 June 2024 \x96 caf\xe9"),
            "not UTF-8",
        ),
        (
            write("menu.txt", b"Home\n\nNews\n\nContacts"),
            "no item was found",
        ),
        (big, "the file is 200 MB"),
    ];
    for (path, want) in &table {
        // The good file first: if any file is refused, none is written.
        let o = cica(
            &db,
            &[
                "import",
                good.to_str().expect("utf-8"),
                path.to_str().expect("utf-8"),
            ],
        );
        assert!(!o.status.success(), "{} should fail", path.display());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{}: {err}", path.display());
    }
    let o = cica(
        &db,
        &[
            "import",
            good.to_str().expect("utf-8"),
            "--dry-run",
            "--json",
        ],
    );
    let line: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().expect("a line")).expect("json");
    assert_eq!(line["action"], "create", "the good file was never written");
}

/// A PDF with the given objects (numbered from 1, object 1 the catalog) and a true
/// cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(content: &str, dict: &str) -> Vec<u8> {
    format!(
        "<< {dict} /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
    .into_bytes()
}

#[test]
fn a_pdf_built_to_crash_or_exhaust_a_reader_is_refused_and_the_command_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let catalog = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    let pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec();
    let deep = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Nested {}{} >>",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let page_with_form = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /XObject << /X0 4 0 R >> >> /Contents 5 0 R >>".to_vec();
    let table: Vec<(&str, Vec<u8>)> = vec![
        // Arrays nested two hundred thousand deep: a recursive parser overflows its stack.
        (
            "nested.pdf",
            pdf(&[catalog.clone(), pages.clone(), deep.into_bytes()]),
        ),
        // A form that draws itself.
        (
            "self-drawing.pdf",
            pdf(&[
                catalog.clone(),
                pages.clone(),
                page_with_form,
                stream(
                    "/X0 Do",
                    "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 4 0 R >> >>",
                ),
                stream("/X0 Do", ""),
            ]),
        ),
        // A page that is its own parent.
        (
            "own-parent.pdf",
            pdf(&[
                catalog,
                pages,
                b"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>".to_vec(),
                stream("", ""),
            ]),
        ),
    ];
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cica-import/tests/fixtures/two-columns.pdf");
    for (name, bytes) in &table {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let o = cica(&db, &["import", "--dry-run", path.to_str().expect("utf-8")]);
        // Refused with the file's name and a reason, by a command that ended normally.
        assert_eq!(o.status.code(), Some(1), "{name}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("{name}: this PDF could not be read")),
            "{name}: {err}"
        );
    }
    let o = cica(&db, &["import", "--dry-run", good.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&o)
            .contains("Experts from eleven Member States discuss transboundary water cooperation"),
        "{}",
        stdout(&o)
    );
}
