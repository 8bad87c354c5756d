//! Decisions, silence procedures and treaties in a real SQLite file, with a clock the tests
//! control: adoption at expiry, a break by a member, an observer refused, extension,
//! withdrawal, expiry while the server was down, and two processes racing to settle.

use chrono::{DateTime, TimeZone, Utc};
use cica_domain::consensus::Stance;
use cica_domain::decision::{ActionRecord, DecisionAct, NewSilence, Taken};
use cica_domain::silence::Request;
use cica_domain::treaty::{self, ActionKind, TreatyAction};
use cica_domain::{Slug, StateCode};
use cica_store::sqlite::SqliteStore;
use cica_store::{DecisionQuery, Store, StoreError};

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, day, hour, minute, 0)
        .single()
        .expect("instant")
}

fn code(s: &str) -> StateCode {
    StateCode::parse(s).expect("code")
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

async fn loaded(dir: &tempfile::TempDir) -> SqliteStore {
    let path = dir.path().join("decisions.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"))
        .await
        .expect("loads");
    store
}

async fn reopen(dir: &tempfile::TempDir) -> SqliteStore {
    SqliteStore::open(dir.path().join("decisions.db").to_str().expect("utf-8"))
        .await
        .expect("reopens")
}

/// A procedure of the Ministerial Council opened by the Chair (Azerbaijan) on 1 April 2025 at
/// 09:00 UTC, expiring on 3 April 2025 at 14:00 UTC (18:00 in Baku).
fn proposal(subject: &str) -> NewSilence {
    NewSilence {
        organ: slug("ministerial-council"),
        act: DecisionAct::Approve,
        subject: subject.into(),
        document: None,
        chair: code("AZE"),
        chair_time_zone: "Asia/Baku".into(),
        opened_at: at(1, 9, 0),
        expires_at: at(3, 14, 0),
    }
}

fn brk(state: &str, stance: Stance) -> Request {
    Request::Break {
        state: code(state),
        stance,
        text: format!("{state} cannot join consensus on this text."),
    }
}

#[tokio::test]
async fn issue_5_the_builtin_decisions_and_treaties_round_trip() {
    let ds = cica_data::builtin().expect("dataset");
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    assert_eq!(
        store.documents().await.expect("documents").len(),
        ds.documents.len()
    );
    for d in &ds.documents {
        assert_eq!(
            store.document(&d.slug).await.expect("document").as_ref(),
            Some(d)
        );
    }
    for d in &ds.decisions {
        assert_eq!(
            store.decision(&d.id).await.expect("decision").as_ref(),
            Some(d)
        );
    }
    for s in &ds.silences {
        assert_eq!(
            store.silence(&s.id).await.expect("silence").as_ref(),
            Some(s)
        );
    }
    let mut treaties = store.treaties().await.expect("treaties");
    treaties.sort_by(|a, b| a.slug.cmp(&b.slug));
    assert_eq!(treaties, ds.treaties);
    // The Convention: 13 deposits by 17 March 2025, one more needed.
    let convention = store
        .treaty(&slug("convention-privileges-immunities"))
        .await
        .expect("treaty")
        .expect("exists");
    let actions: Vec<TreatyAction> = convention
        .actions
        .iter()
        .map(|a| a.action.clone())
        .collect();
    let s = treaty::status(
        &convention.clause,
        &actions,
        cica_domain::parse_day("2025-03-17").expect("day"),
    );
    assert_eq!((s.counted, s.needed, s.in_force), (13, 1, None));
    // China's deposit, the one known to the day, has its notification.
    let notes = store.notifications(None).await.expect("notifications");
    assert!(
        notes
            .iter()
            .any(|n| n.party == "CHN" && n.reference() == "DN.1.2025"),
        "{notes:?}"
    );
    // The register: the SOC's decisions of 27 February 2025 are numbered 1 to 3.
    let soc = store
        .decisions(&DecisionQuery {
            organ: Some(slug("senior-officials-committee")),
            year: Some(2025),
            limit: 100,
            ..DecisionQuery::default()
        })
        .await
        .expect("decisions");
    let mut numbers: Vec<u32> = soc.items.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3]);
}

#[tokio::test]
async fn issue_5_silence_is_adopted_at_expiry_and_numbered() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let opened = store
        .open_silence(proposal("a text"))
        .await
        .expect("the Chair opens it");
    assert!(
        store
            .settle_silences(at(3, 13, 59))
            .await
            .expect("settle")
            .is_empty(),
        "not before the deadline"
    );
    assert_eq!(
        store.next_deadline().await.expect("deadline"),
        Some(at(3, 14, 0))
    );
    let settled = store.settle_silences(at(3, 14, 0)).await.expect("settle");
    assert_eq!(settled, vec![opened.id.clone()]);
    let record = store
        .silence(&opened.id)
        .await
        .expect("read")
        .expect("exists");
    let decision = store
        .decision(record.decision.as_ref().expect("a decision"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(decision.taken, Taken::BySilence(opened.id.clone()));
    assert_eq!(decision.date.to_string(), "2025-04-03");
    // The Ministerial Council already has one decision in 2025 (the second DSG post).
    assert_eq!(decision.number, 2);
    // Settling again changes nothing.
    assert!(
        store
            .settle_silences(at(4, 0, 0))
            .await
            .expect("settle")
            .is_empty()
    );
    assert_eq!(store.next_deadline().await.expect("deadline"), None);
}

#[tokio::test]
async fn issue_5_a_member_breaks_silence_and_an_observer_cannot() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let p = store
        .open_silence(proposal("a contested text"))
        .await
        .expect("opened");
    let err = store
        .silence_request(&p.id, brk("JPN", Stance::Objection), at(2, 10, 0))
        .await
        .expect_err("an observer cannot break silence");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("JPN is not a Member State")),
        "{err}"
    );
    let err = store
        .silence_request(&p.id, brk("IND", Stance::Reservation), at(2, 10, 0))
        .await
        .expect_err("a reservation is not a break");
    assert!(matches!(err, StoreError::Rejected(_)));
    let broken = store
        .silence_request(&p.id, brk("IND", Stance::Objection), at(2, 11, 0))
        .await
        .expect("a member breaks it");
    assert_eq!(broken.procedure.events.len(), 1);
    assert!(
        store
            .settle_silences(at(3, 15, 0))
            .await
            .expect("settle")
            .is_empty(),
        "already settled as not adopted"
    );
    let record = store.silence(&p.id).await.expect("read").expect("exists");
    assert_eq!(record.decision, None);
    let late = store
        .silence_request(&p.id, brk("KAZ", Stance::Amendment), at(2, 12, 0))
        .await
        .expect_err("settled");
    assert!(
        matches!(&late, StoreError::Rejected(m) if m.contains("already settled")),
        "{late}"
    );
}

#[tokio::test]
async fn issue_5_extension_and_withdrawal() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let p = store
        .open_silence(proposal("an extended text"))
        .await
        .expect("opened");
    let err = store
        .silence_request(
            &p.id,
            Request::Extend {
                until: at(3, 12, 0),
            },
            at(2, 9, 0),
        )
        .await
        .expect_err("earlier");
    assert!(matches!(err, StoreError::Rejected(_)));
    store
        .silence_request(
            &p.id,
            Request::Extend {
                until: at(5, 14, 0),
            },
            at(3, 13, 0),
        )
        .await
        .expect("extended before expiry");
    assert!(
        store
            .settle_silences(at(3, 14, 0))
            .await
            .expect("settle")
            .is_empty(),
        "the old deadline no longer counts"
    );
    assert_eq!(
        store.settle_silences(at(5, 14, 0)).await.expect("settle"),
        vec![p.id.clone()]
    );

    let q = store
        .open_silence(proposal("a withdrawn text"))
        .await
        .expect("opened");
    store
        .silence_request(&q.id, Request::Withdraw, at(2, 9, 0))
        .await
        .expect("withdrawn");
    assert!(
        store
            .settle_silences(at(9, 0, 0))
            .await
            .expect("settle")
            .is_empty()
    );
    assert_eq!(
        store
            .silence(&q.id)
            .await
            .expect("read")
            .expect("exists")
            .decision,
        None
    );
    let err = store
        .silence_request(&q.id, Request::Extend { until: at(9, 0, 0) }, at(2, 10, 0))
        .await
        .expect_err("withdrawn");
    assert!(matches!(err, StoreError::Rejected(_)));
}

#[tokio::test]
async fn issue_5_only_the_chair_opens_a_procedure() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let mut p = proposal("a text");
    p.chair = code("KAZ");
    let err = store
        .open_silence(p)
        .await
        .expect_err("Kazakhstan no longer chairs");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("the Chair is AZE")),
        "{err}"
    );
    let mut p = proposal("a text");
    p.expires_at = p.opened_at;
    assert!(store.open_silence(p).await.is_err());
}

#[tokio::test]
async fn issue_5_expiry_while_the_server_was_down_is_settled_on_start() {
    let dir = tempfile::tempdir().expect("dir");
    let id = {
        let store = loaded(&dir).await;
        store
            .open_silence(proposal("a text"))
            .await
            .expect("opened")
            .id
        // The server stops here, before the deadline.
    };
    // It starts again two days after the deadline and settles what expired meanwhile.
    let store = reopen(&dir).await;
    assert_eq!(
        store.settle_silences(at(5, 8, 0)).await.expect("settle"),
        vec![id.clone()]
    );
    let record = store.silence(&id).await.expect("read").expect("exists");
    let decision = store
        .decision(record.decision.as_ref().expect("decision"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(
        decision.date.to_string(),
        "2025-04-03",
        "adopted at the deadline, not when the server came back"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn issue_5_two_instances_racing_settle_exactly_once() {
    let dir = tempfile::tempdir().expect("dir");
    let ids = {
        let store = loaded(&dir).await;
        let mut ids = Vec::new();
        for i in 0..5 {
            ids.push(
                store
                    .open_silence(proposal(&format!("text {i}")))
                    .await
                    .expect("opened")
                    .id,
            );
        }
        ids
    };
    // Two app servers over the same database file, each with its own pool, settling at once,
    // again and again.
    let a = reopen(&dir).await;
    let b = reopen(&dir).await;
    let mut tasks = Vec::new();
    for round in 0..8 {
        for store in [a.clone(), b.clone()] {
            tasks.push(tokio::spawn(async move {
                store.settle_silences(at(3, 14, round)).await
            }));
        }
    }
    let mut settled: Vec<Slug> = Vec::new();
    for t in tasks {
        settled.extend(t.await.expect("join").expect("settle"));
    }
    settled.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(
        settled, expected,
        "each procedure settled once, by one of the two"
    );
    // Five decisions, numbered 2 to 6 after the existing one, no number twice.
    let mc = a
        .decisions(&DecisionQuery {
            organ: Some(slug("ministerial-council")),
            year: Some(2025),
            limit: 100,
            ..DecisionQuery::default()
        })
        .await
        .expect("decisions");
    let mut numbers: Vec<u32> = mc.items.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn issue_5_a_deposit_is_recorded_with_its_notification() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let convention = slug("convention-privileges-immunities");
    let day = |s: &str| cica_domain::parse_day(s).expect("day");
    let accession = |party: &str, deposit: &str| ActionRecord {
        action: TreatyAction {
            party: party.into(),
            kind: ActionKind::Accession,
            act: None,
            deposit: Some(day(deposit)),
            unconfirmed: false,
        },
        deposit_text: None,
        note: None,
        sources: vec![],
    };
    // Refused: an Observer State, a deposit in the future, an unknown state.
    let err = store
        .record_treaty_action(
            &convention,
            accession("JPN", "2025-06-01"),
            day("2025-06-02"),
        )
        .await
        .expect_err("observer");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("not a Member State")),
        "{err}"
    );
    let err = store
        .record_treaty_action(
            &convention,
            accession("KWT", "2025-06-10"),
            day("2025-06-02"),
        )
        .await
        .expect_err("future");
    assert!(matches!(err, StoreError::Rejected(_)));
    let err = store
        .record_treaty_action(
            &convention,
            accession("ZZZ", "2025-06-01"),
            day("2025-06-02"),
        )
        .await
        .expect_err("unknown");
    assert!(matches!(err, StoreError::NotFound(_)));

    let n = store
        .record_treaty_action(
            &convention,
            accession("KWT", "2025-06-01"),
            day("2025-06-02"),
        )
        .await
        .expect("recorded")
        .expect("a notification");
    assert_eq!(n.reference(), "DN.2.2025");
    assert!(
        n.text
            .contains("Kuwait deposited an instrument of accession to the Convention"),
        "{}",
        n.text
    );
    assert!(
        n.text.contains("enters into force on 1 July 2025"),
        "{}",
        n.text
    );
    let t = store
        .treaty(&convention)
        .await
        .expect("read")
        .expect("exists");
    let actions: Vec<TreatyAction> = t.actions.iter().map(|a| a.action.clone()).collect();
    let s = treaty::status(&t.clause, &actions, day("2025-07-01"));
    assert_eq!(s.in_force, Some(day("2025-07-01")));
    let err = store
        .record_treaty_action(
            &convention,
            accession("KWT", "2025-06-02"),
            day("2025-06-03"),
        )
        .await
        .expect_err("party");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("already a party")),
        "{err}"
    );
}
