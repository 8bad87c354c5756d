//! Decisions from the command line, as a user runs it: the real binary over a real database
//! file.

use crate::common;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use cica_domain::decision::{DecisionAct, NewSilence};
use cica_domain::{Slug, StateCode};
use cica_store::Store;

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

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, day, hour, 0, 0)
        .single()
        .expect("instant")
}

/// A database holding the built-in dataset and `n` procedures of the Ministerial Council
/// opened by the Chair on 1 April 2025 and expired on 3 April 2025, as if every server had
/// been stopped across the deadline.
async fn expired_while_down(db: &Path, n: usize) -> Vec<Slug> {
    let store = cica_store::open(db.to_str().expect("utf-8"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("loads");
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            store
                .open_silence(
                    NewSilence {
                        organ: Slug::parse("ministerial-council").expect("slug"),
                        act: DecisionAct::Approve,
                        subject: format!("text {i}"),
                        document: None,
                        chair: StateCode::parse("AZE").expect("code"),
                        chair_time_zone: "Asia/Baku".into(),
                        opened_at: at(1, 9),
                        expires_at: at(3, 14),
                        basis: None,
                    },
                    &test_by(),
                )
                .await
                .expect("opened")
                .id,
        );
    }
    ids
}

fn serve(db: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_cica"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .env("RUST_LOG", "warn")
        .env_remove("CICA_TODAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cica serve starts")
}

/// Waits until every procedure has its decision, or a minute has passed.
async fn settled(store: &dyn Store, ids: &[Slug]) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let mut all = true;
        for id in ids {
            let s = store.silence(id).await.expect("read").expect("exists");
            all &= s.decision.is_some();
        }
        if all {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_settles_on_start_what_expired_while_it_was_down() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("down.db");
    let ids = expired_while_down(&db, 3).await;
    // Two servers start over the same file at once, as after a restart of a cluster.
    let mut a = serve(&db);
    let mut b = serve(&db);
    let store = cica_store::open(db.to_str().expect("utf-8"))
        .await
        .expect("opens");
    let done = settled(store.as_ref(), &ids).await;
    let _ = a.kill();
    let _ = b.kill();
    let _ = a.wait();
    let _ = b.wait();
    assert!(done, "the servers settled every expired procedure on start");
    let mut numbers = Vec::new();
    for id in &ids {
        let s = store.silence(id).await.expect("read").expect("exists");
        let d = store
            .decision(s.decision.as_ref().expect("decision"))
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(
            d.date.to_string(),
            "2025-04-03",
            "adopted at its deadline, not when the servers came back"
        );
        numbers.push(d.number);
    }
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        [2, 3, 4],
        "each settled once, numbered after the Council's decision of 2025"
    );
}

#[test]
fn documents_and_decisions_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cli.db");
    let o = cica(&db, &["documents", "list"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("draft-cica-charter") && out(&o).contains("readers: members"),
        "{}",
        out(&o)
    );
    let o = cica(&db, &["documents", "show", "draft-cica-charter"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        out(&o).contains("Kazakhstan's draft"),
        "the command line is the Secretariat's: {}",
        out(&o)
    );
    let o = cica(
        &db,
        &[
            "documents",
            "diff",
            "ttf-annual-action-plan-2025",
            "--from",
            "1",
            "--to",
            "1",
        ],
    );
    assert!(!o.status.success());
    assert!(
        err(&o).contains("does not hold the text of version 1"),
        "{}",
        err(&o)
    );
    let o = cica(&db, &["documents", "show", "nope"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("no document has the slug `nope`"));

    // A decision at the SOC's meeting in Baku, numbered after its three, and a reservation.
    let o = cica(
        &db,
        &[
            "decisions",
            "record",
            "--organ",
            "senior-officials-committee",
            "--meeting",
            "soc-2025-02-27-baku",
            "--act",
            "approve",
            "--subject",
            "the calendar of events for 2025",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).starts_with("SOC/2025/4"), "{}", out(&o));
    let o = cica(
        &db,
        &[
            "decisions",
            "statement",
            "senior-officials-committee-2025-4",
            "--state",
            "JPN",
            "--text",
            "Japan would prefer a later date.",
        ],
    );
    assert!(!o.status.success(), "an Observer State's statement");
    assert!(err(&o).contains("JPN is not a Member State"), "{}", err(&o));
    let o = cica(&db, &["decisions", "--organ", "senior-officials-committee"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("SOC/2025/4"), "{}", out(&o));

    // A silence procedure circulating an exact version of a document.
    let o = cica(
        &db,
        &[
            "silence",
            "open",
            "--organ",
            "ministerial-council",
            "--act",
            "adopt",
            "--subject",
            "the Action Plan",
            "--expires",
            "2099-01-01T12:00:00+04:00",
            "--chair",
            "AZE",
            "--document",
            "ttf-annual-action-plan-2025",
            "--version",
            "9",
        ],
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("has no version 9"), "{}", err(&o));
    let o = cica(
        &db,
        &[
            "silence",
            "open",
            "--organ",
            "ministerial-council",
            "--act",
            "adopt",
            "--subject",
            "the Action Plan",
            "--expires",
            "2099-01-01T12:00:00+04:00",
            "--chair",
            "AZE",
            "--document",
            "ttf-annual-action-plan-2025",
        ],
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("--version"), "{}", err(&o));
}

#[test]
fn a_deposited_signature_is_refused_from_the_command_line_too() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("treaty.db");
    let o = cica(
        &db,
        &[
            "treaty",
            "record",
            "convention-privileges-immunities",
            "--party",
            "KWT",
            "--kind",
            "signature",
            "--act",
            "2025-05-01",
            "--deposit",
            "2025-05-01",
        ],
    );
    assert!(!o.status.success());
    assert!(
        err(&o).contains("a signature is not deposited"),
        "{}",
        err(&o)
    );
}

/// Who the test's writes are attributed to.
#[allow(dead_code)]
fn test_by() -> cica_store::Attribution {
    cica_store::Attribution {
        actor: "cli:test".into(),
        at: chrono::Utc::now(),
        note: None,
    }
}
