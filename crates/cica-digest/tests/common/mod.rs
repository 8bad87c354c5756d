//! Shared by the Digest tests: the 2025-Q1 edition from the built-in dataset, and the
//! poppler tools that read PDFs back.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use cica_digest::{Edition, Printed, Records, Typesetter, edition};
use cica_domain::{Dataset, Quarter};

pub fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| cica_data::builtin().expect("the built-in dataset loads"))
}

pub fn edition_of(ds: &Dataset, quarter: &str) -> Result<Edition, cica_digest::DigestError> {
    let q = Quarter::parse(quarter).expect("a quarter");
    edition(&Records::in_dataset(ds, q).expect("a digest record"))
}

pub fn q1() -> &'static Edition {
    static E: OnceLock<Edition> = OnceLock::new();
    E.get_or_init(|| edition_of(dataset(), "2025-Q1").expect("the 2025-Q1 edition builds"))
}

/// The 2025-Q1 print edition, typeset once for all tests of a binary.
pub fn q1_printed() -> &'static Printed {
    static P: OnceLock<Printed> = OnceLock::new();
    P.get_or_init(|| {
        Typesetter::new()
            .print(q1())
            .expect("the 2025-Q1 edition typesets")
    })
}

/// Whether the poppler tools are here. Under `CI=true` they must be.
pub fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "pdftotext (poppler-utils) is required under CI=true"
        );
        eprintln!("skipping: pdftotext (poppler-utils) is not installed");
    }
    ok
}

/// Runs a poppler tool on `pdf`; `pdftotext` writes to standard output.
pub fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(pdf);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().expect("the poppler tool runs");
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The text of every page in the order it was laid out (`-raw`: the content stream order,
/// so the two columns of a page are not interleaved), whitespace collapsed.
pub fn pages_text(pdf: &Path) -> Vec<String> {
    // A word broken at the end of a line keeps a soft hyphen, and a compound broken at its
    // hyphen ends the line with it; a reader joins both again.
    let text = run("pdftotext", &["-raw", "-enc", "UTF-8"], pdf)
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .replace("-\n", "-");
    let mut pages: Vec<String> = text.split('\u{c}').map(normalize).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// Collapses whitespace, so line breaks inside a headline do not matter.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts the non-overlapping occurrences of `needle`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The 2025-Q1 print edition written to a temporary folder, when poppler is here to read it
/// back (under `CI=true` it must be).
pub fn written() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if !poppler() {
        return None;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("digest.pdf");
    std::fs::write(&path, &q1_printed().pdf).expect("the PDF is written");
    Some((dir, path))
}
