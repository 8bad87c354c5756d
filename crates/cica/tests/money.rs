//! Money from the command line, as a user runs it: the real binary over a real database file.

use crate::common;

use std::path::Path;
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

#[test]
fn the_secretariat_reads_a_years_statements_and_writes_the_iati_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("cica.db");
    let o = cica(&db, &["money", "contributions", "--year", "2025"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Secretariat budget 2025") && text.contains("CICA Fund 2025"));
    assert!(text.contains("Kuwait's voluntary contribution for 2025"));
    // The command line is the Secretariat's: an amount not on record says so, not "undisclosed".
    assert!(
        text.contains("not recorded") && !text.contains("undisclosed"),
        "{text}"
    );

    let o = cica(&db, &["money", "projects"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("afghanistan-wheat-2025") && text.contains("implementation"));

    let out = dir.path().join("activities.xml");
    let o = cica(
        &db,
        &["money", "iati", "--out", out.to_str().expect("a path")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = std::fs::read_to_string(&out).expect("written");
    assert!(xml.contains("<iati-identifier>XI-IATI-CICA-afghanistan-wheat-2025</iati-identifier>"));

    let o = cica(
        &db,
        &["money", "contributions", "--recipient", "the-budget"],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--recipient"));
}
