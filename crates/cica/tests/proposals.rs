//! `cica proposals` and `cica news publish` as an editor runs them: the real binary over a real
//! database file, after a real `cica import`.

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
        .env("CICA_TODAY", "2025-04-01")
        .output()
        .expect("cica runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A release of our own words: a forum meeting and someone the register does not know.
const RELEASE: &str = "Scholars of the forum agree a plan\n\nBaku, 12 March 2025 – The CICA Think Tank Forum met in Baku to agree its research plan for the year. On the margins, the Secretary General met Dr. Lena Vogt Marsh, Rector of the Caspian Institute of Policy, to discuss joint studies.\n";

const NEWS: &str = "2025-03-12-scholars-of-the-forum-agree-a-plan";

#[test]
fn an_editor_reviews_proposals_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("review.db");
    let file = dir.path().join("forum.txt");
    std::fs::write(&file, RELEASE).expect("write");
    let o = cica(&db, &["import", file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", err(&o));

    let o = cica(&db, &["proposals", "list"]);
    assert!(o.status.success(), "{}", err(&o));
    let listed = out(&o);
    assert!(listed.contains("think-tank-forum"), "{listed}");
    assert!(listed.contains("\"Lena Vogt Marsh\""), "{listed}");

    let accept = [
        "proposals",
        "accept",
        "meeting",
        NEWS,
        "think-tank-forum",
        "--id",
        "ttf-2025-03-12-baku",
        "--status",
        "held",
        "--country",
        "AZE",
    ];
    // Refused while the item is a draft, with the reason and a failing exit.
    let o = cica(&db, &accept);
    assert!(!o.status.success());
    assert!(err(&o).contains("still a draft"), "{}", err(&o));
    let o = cica(&db, &["news", "publish", NEWS]);
    assert!(o.status.success(), "{}", err(&o));
    // A malformed field is named.
    let mut bad = accept.to_vec();
    bad[8] = "finished";
    let o = cica(&db, &bad);
    assert!(!o.status.success());
    assert!(err(&o).contains("status: `finished`"), "{}", err(&o));

    let o = cica(&db, &accept);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("ttf-2025-03-12-baku"), "{}", out(&o));
    let o = cica(&db, &accept);
    assert!(!o.status.success(), "accepting twice is refused");
    assert!(err(&o).contains("already accepted"), "{}", err(&o));

    let o = cica(
        &db,
        &["proposals", "reject", "engagement", NEWS, "Lena Vogt Marsh"],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&cica(&db, &["proposals", "list"])).contains("no proposal is pending"));

    // The meeting is in the calendar, linked to its item; the same text again changes nothing.
    let o = cica(&db, &["import", file.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("did propose 0"), "{}", out(&o));
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let meeting = runtime.block_on(async {
        let store = cica_store::open(db.to_str().expect("utf-8"))
            .await
            .expect("opens");
        store
            .meeting(&cica_domain::Slug::parse("ttf-2025-03-12-baku").expect("id"))
            .await
            .expect("reads")
    });
    let meeting = meeting.expect("the meeting is recorded");
    assert_eq!(meeting.news[0].as_str(), NEWS);
    assert_eq!(meeting.city.as_deref(), Some("Baku"));
}
