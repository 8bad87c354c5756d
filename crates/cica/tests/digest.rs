//! `cica digest build` as an editor runs it: the real binary, a real database file, real
//! output files; bad requests fail with a message naming what is wrong and leave nothing
//! behind.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cica(db: &Path, args: &[&str]) -> Output {
    common::prepared(db, args);
    Command::new(env!("CARGO_BIN_EXE_cica"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cica runs")
}

/// `cica digest build 2025-Q1 --out OUT [--format F]`.
fn build(db: &Path, out: &Path, format: Option<&str>) -> Output {
    let mut args = vec![
        "digest",
        "build",
        "2025-Q1",
        "--out",
        out.to_str().expect("utf-8"),
    ];
    if let Some(f) = format {
        args.extend(["--format", f]);
    }
    cica(db, &args)
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
fn build_writes_the_pdf_and_the_web_edition() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let out = dir.path().join("out");
    let o = build(&db, &out, None);
    assert!(o.status.success(), "{}", stderr(&o));
    // The web edition's images go beside it, in `media/`.
    assert_eq!(files(&out), ["digest.html", "digest.pdf", "media"]);
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
    let o = build(&db, &html_only, Some("html"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&html_only), ["digest.html", "media"]);
    let o = build(&db, &html_only, Some("markdown"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&html_only), ["digest.html", "digest.md", "media"]);
}

#[test]
fn a_malformed_quarter_is_named_and_nothing_is_written() {
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
fn a_quarter_without_a_record_or_without_articles_is_refused() {
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
fn digest_list_shows_the_issues() {
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

#[cfg(unix)]
#[test]
fn the_files_written_are_readable_by_everyone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let out = dir.path().join("out");
    let o = build(&db, &out, Some("html"));
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = std::fs::metadata(out.join("digest.html"))
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o644, 0o644, "mode {mode:o}");
}

#[test]
fn an_editor_orders_the_issue_and_chooses_its_spotlight() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    let o = cica(
        &db,
        &[
            "digest",
            "edit",
            "2025-Q1",
            "--spotlight",
            "cica-fund-first-project-afghanistan,raisina-dialogue-india",
            "--order",
            "cica-fund-first-project-afghanistan",
            "--highlights",
            "",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("spotlight 2 items"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = dir.path().join("out");
    let o = build(&db, &out, Some("html"));
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("digest.html")).expect("html");
    let cover = html
        .split("<ul class=\"highlights\">")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .expect("the cover");
    assert_eq!(cover.matches("<li>").count(), 2, "{cover}");

    // Refusals name the problem and change nothing.
    // (arguments, words of the message)
    let table: [(&[&str], &str); 5] = [
        (&["--highlights", "boao-forum-2025"], "4 to 6"),
        // Whose words a foreword is must be said with it.
        (&["--foreword-file", "foreword.txt"], "--foreword-kind"),
        (
            &["--order", "ski-tour-astana-2025,no-such-item"],
            "no news item has the slug `no-such-item`",
        ),
        (&["--spotlight", "Not A Slug"], "is not a slug"),
        (
            &["--foreword-author", "nobody-at-all"],
            "no person has the slug `nobody-at-all`",
        ),
    ];
    for (args, words) in table {
        let mut all = vec!["digest", "edit", "2025-Q1"];
        all.extend_from_slice(args);
        let o = cica(&db, &all);
        assert!(!o.status.success(), "{args:?} was accepted");
        assert!(stderr(&o).contains(words), "{args:?}: {}", stderr(&o));
    }
    let o = cica(&db, &["digest", "edit", "2025-Q3"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("give it a --title"), "{}", stderr(&o));
    let o = cica(&db, &["digest", "list"]);
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(!list.contains("2025-Q3"), "{list}");
}

#[test]
fn photos_are_written_beside_the_web_edition() {
    let dir = tempfile::tempdir().expect("dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    // The built-in dataset plus a photo of our own on the ski tour.
    let data = dir.path().join("data");
    copy_dir(&root.join("data"), &data);
    std::fs::create_dir_all(data.join("media")).expect("media");
    std::fs::copy(
        root.join("crates/cica-digest/tests/fixtures/test-card.jpg"),
        data.join("media/test-card.jpg"),
    )
    .expect("the fixture");
    std::fs::write(
        data.join("2025-q1/extra.toml"),
        r#"
[[news]]
slug = "test-card-article"
title = "Secretariat tests the picture pages of its Digest"
kind = "article"
dateline = { place = "Astana", date = "2025-02-12" }
source = "Test fixture"
body = "The Secretariat printed a test card to see how photographs sit in the magazine."

[[news.photo]]
file = "test-card.jpg"
caption = "A test card in the Digest's colours"
"#,
    )
    .expect("written");
    let db = dir.path().join("cica.db");
    let o = cica(&db, &["load", "--data", data.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("out");
    let o = build(&db, &out, None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&out), ["digest.html", "digest.pdf", "media"]);
    assert_eq!(
        std::fs::read(out.join("media/test-card.jpg")).expect("the photo"),
        std::fs::read(data.join("media/test-card.jpg")).expect("the fixture")
    );
    let html = std::fs::read_to_string(out.join("digest.html")).expect("html");
    assert!(html.contains(r#"<img src="media/test-card.jpg""#));
}
