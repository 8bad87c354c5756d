//! `cica digest build` as an editor runs it: the real binary, a real database file, real
//! output files; bad requests fail with a message naming what is wrong and leave nothing
//! behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cica(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cica"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cica runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn issue_3_build_writes_the_pdf_and_the_web_edition() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let out = dir.path().join("out");
    let o = cica(
        &db,
        &[
            "digest",
            "build",
            "2025-Q1",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&out), ["digest.html", "digest.pdf"]);
    let pdf = std::fs::read(out.join("digest.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 50_000);
    let html = std::fs::read_to_string(out.join("digest.html")).expect("html");
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.contains("Voice of Asia")
            && html.contains("First Meeting of CICA Senior Officials Committee")
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("digest.pdf") && stdout.contains("digest.html"),
        "{stdout}"
    );

    // One format only; what is already there stays.
    let html_only = dir.path().join("html-only");
    let o = cica(
        &db,
        &[
            "digest",
            "build",
            "2025-Q1",
            "--out",
            html_only.to_str().expect("utf-8"),
            "--format",
            "html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&html_only), ["digest.html"]);
    let o = cica(
        &db,
        &[
            "digest",
            "build",
            "2025-Q1",
            "--out",
            html_only.to_str().expect("utf-8"),
            "--format",
            "markdown",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&html_only), ["digest.html", "digest.md"]);
}

#[test]
fn issue_3_a_malformed_quarter_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let out = dir.path().join("out");
    for bad in ["2025-Q5", "2025Q1", "Q1-2025", ""] {
        let o = cica(
            &db,
            &[
                "digest",
                "build",
                bad,
                "--out",
                out.to_str().expect("utf-8"),
            ],
        );
        assert!(!o.status.success(), "{bad} accepted");
        let err = stderr(&o);
        assert!(
            err.contains("quarter") && err.contains(&format!("`{bad}`")),
            "{bad}: {err}"
        );
        assert!(!out.exists(), "{bad}: the output folder was created");
    }
}

#[test]
fn issue_3_a_quarter_without_a_record_or_without_articles_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    std::fs::write(out.join("digest.pdf"), b"last quarter's").expect("old file");

    let o = cica(
        &db,
        &[
            "digest",
            "build",
            "2026-Q3",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("there is no digest record for 2026-Q3"),
        "{}",
        stderr(&o)
    );

    // A record for a quarter with no published articles: a dataset with one added.
    let data = dir.path().join("data");
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data"),
        &data,
    );
    std::fs::create_dir_all(data.join("2030-q1")).expect("dir");
    std::fs::write(
        data.join("2030-q1/digest.toml"),
        "[[digest]]\nquarter = \"2030-Q1\"\ntitle = \"Voice of Asia — CICA Digest\"\nstatus = \"draft\"\n",
    )
    .expect("record");
    let o = cica(&db, &["load", "--data", data.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cica(
        &db,
        &[
            "digest",
            "build",
            "2030-Q1",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("2030-Q1 has no published articles"),
        "{}",
        stderr(&o)
    );

    // Nothing half-written: the earlier file is untouched and no temporary file is left.
    assert_eq!(files(&out), ["digest.pdf"]);
    assert_eq!(
        std::fs::read(out.join("digest.pdf")).expect("old"),
        b"last quarter's"
    );
}

#[test]
fn issue_3_digest_list_shows_the_issues() {
    let dir = tempfile::tempdir().expect("dir");
    let o = cica(&dir.path().join("cica.db"), &["digest", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("2025-Q1") && stdout.contains("published"),
        "{stdout}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}
