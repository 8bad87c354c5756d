//! Decisions, silence procedures and treaties in a real SQLite file, with a clock the tests
//! control: adoption at expiry, a break by a member, an observer refused, extension,
//! withdrawal, expiry while the server was down, and two processes racing to settle.

use crate::common;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use cica_domain::consensus::Stance;
use cica_domain::decision::{ActionRecord, DecisionAct, NewSilence, Taken};
use cica_domain::silence::Request;
use cica_domain::treaty::{self, ActionKind, TreatyAction};
use cica_domain::{Slug, StateCode};
use cica_store::{DecisionQuery, Store, StoreError};
use common::test_by;

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

async fn loaded(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    let path = dir.path().join("decisions.db");
    let store = common::open(path.to_str().expect("utf-8"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("loads");
    store
}

async fn reopen(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    common::open(dir.path().join("decisions.db").to_str().expect("utf-8"))
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
        basis: None,
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
async fn the_builtin_decisions_and_treaties_round_trip() {
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
    // Every deposit known to the day has its notification, numbered per year in the order of
    // deposit; those known only to a year or by a latest day get none (a number and a day
    // would be invented), though they count toward the running total.
    let notes = store.notifications(None).await.expect("notifications");
    let of_convention: Vec<_> = notes
        .iter()
        .filter(|n| n.treaty == convention.slug)
        .collect();
    assert_eq!(of_convention.len(), 1, "{notes:#?}");
    let reference = |party: &str| {
        notes
            .iter()
            .find(|n| n.party == party)
            .map(|n| (n.reference(), n.date.to_string(), n.date_text.clone()))
    };
    assert_eq!(
        reference("CHN"),
        Some(("DN.1.2025".into(), "2025-03-14".into(), None))
    );
    assert_eq!(reference("PSE"), None, "Palestine's day is not known");
    assert_eq!(
        reference("BGD"),
        None,
        "Bangladesh's deposit is known to the year"
    );
    let chn = notes.iter().find(|n| n.party == "CHN").expect("China");
    assert!(
        chn.text.contains("13 of the 14 instruments needed"),
        "the running count on China's day includes the deposits known less exactly: {}",
        chn.text
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
async fn silence_is_adopted_at_expiry_and_numbered() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let opened = store
        .open_silence(proposal("a text"), &test_by())
        .await
        .expect("the Chair opens it");
    assert!(
        store
            .settle_silences(at(3, 13, 59), &test_by())
            .await
            .expect("settle")
            .is_empty(),
        "not before the deadline"
    );
    assert_eq!(
        store.next_deadline().await.expect("deadline"),
        Some(at(3, 14, 0))
    );
    let settled = store
        .settle_silences(at(3, 14, 0), &test_by())
        .await
        .expect("settle");
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
            .settle_silences(at(4, 0, 0), &test_by())
            .await
            .expect("settle")
            .is_empty()
    );
    assert_eq!(store.next_deadline().await.expect("deadline"), None);
}

#[tokio::test]
async fn a_member_breaks_silence_and_an_observer_cannot() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let p = store
        .open_silence(proposal("a contested text"), &test_by())
        .await
        .expect("opened");
    let err = store
        .silence_request(
            &p.id,
            brk("JPN", Stance::Objection),
            &|| at(2, 10, 0),
            &test_by(),
        )
        .await
        .expect_err("an observer cannot break silence");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("JPN is not a Member State")),
        "{err}"
    );
    let err = store
        .silence_request(
            &p.id,
            brk("IND", Stance::Reservation),
            &|| at(2, 10, 0),
            &test_by(),
        )
        .await
        .expect_err("a reservation is not a break");
    assert!(matches!(err, StoreError::Rejected(_)));
    let broken = store
        .silence_request(
            &p.id,
            brk("IND", Stance::Objection),
            &|| at(2, 11, 0),
            &test_by(),
        )
        .await
        .expect("a member breaks it");
    assert_eq!(broken.procedure.events.len(), 1);
    assert!(
        store
            .settle_silences(at(3, 15, 0), &test_by())
            .await
            .expect("settle")
            .is_empty(),
        "already settled as not adopted"
    );
    let record = store.silence(&p.id).await.expect("read").expect("exists");
    assert_eq!(record.decision, None);
    let late = store
        .silence_request(
            &p.id,
            brk("KAZ", Stance::Amendment),
            &|| at(2, 12, 0),
            &test_by(),
        )
        .await
        .expect_err("settled");
    assert!(
        matches!(&late, StoreError::Conflict(m) if m.contains("already settled (not-adopted")),
        "{late}"
    );
}

#[tokio::test]
async fn a_silence_is_extended_only_to_a_later_deadline_and_a_withdrawn_one_never_settles() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let p = store
        .open_silence(proposal("an extended text"), &test_by())
        .await
        .expect("opened");
    let err = store
        .silence_request(
            &p.id,
            Request::Extend {
                until: at(3, 12, 0),
            },
            &|| at(2, 9, 0),
            &test_by(),
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
            &|| at(3, 13, 0),
            &test_by(),
        )
        .await
        .expect("extended before expiry");
    assert!(
        store
            .settle_silences(at(3, 14, 0), &test_by())
            .await
            .expect("settle")
            .is_empty(),
        "the old deadline no longer counts"
    );
    assert_eq!(
        store
            .settle_silences(at(5, 14, 0), &test_by())
            .await
            .expect("settle"),
        vec![p.id.clone()]
    );

    let q = store
        .open_silence(proposal("a withdrawn text"), &test_by())
        .await
        .expect("opened");
    store
        .silence_request(&q.id, Request::Withdraw, &|| at(2, 9, 0), &test_by())
        .await
        .expect("withdrawn");
    assert!(
        store
            .settle_silences(at(9, 0, 0), &test_by())
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
        .silence_request(
            &q.id,
            Request::Extend { until: at(9, 0, 0) },
            &|| at(2, 10, 0),
            &test_by(),
        )
        .await
        .expect_err("withdrawn");
    assert!(
        matches!(&err, StoreError::Conflict(m) if m.contains("already settled (withdrawn")),
        "{err}"
    );
}

#[tokio::test]
async fn only_the_chair_opens_a_procedure() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let mut p = proposal("a text");
    p.chair = code("KAZ");
    let err = store
        .open_silence(p, &test_by())
        .await
        .expect_err("Kazakhstan no longer chairs");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("the Chair is AZE")),
        "{err}"
    );
    let mut p = proposal("a text");
    p.expires_at = p.opened_at;
    assert!(store.open_silence(p, &test_by()).await.is_err());
}

#[tokio::test]
async fn expiry_while_the_server_was_down_is_settled_on_start() {
    let dir = tempfile::tempdir().expect("dir");
    let id = {
        let store = loaded(&dir).await;
        store
            .open_silence(proposal("a text"), &test_by())
            .await
            .expect("opened")
            .id
        // The server stops here, before the deadline.
    };
    // It starts again two days after the deadline and settles what expired meanwhile.
    let store = reopen(&dir).await;
    assert_eq!(
        store
            .settle_silences(at(5, 8, 0), &test_by())
            .await
            .expect("settle"),
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
async fn two_instances_racing_settle_exactly_once() {
    let dir = tempfile::tempdir().expect("dir");
    let ids = {
        let store = loaded(&dir).await;
        let mut ids = Vec::new();
        for i in 0..5 {
            ids.push(
                store
                    .open_silence(proposal(&format!("text {i}")), &test_by())
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
                store.settle_silences(at(3, 14, round), &test_by()).await
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
async fn a_deposit_is_recorded_with_its_notification() {
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
            &test_by(),
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
            &test_by(),
        )
        .await
        .expect_err("future");
    assert!(matches!(err, StoreError::Rejected(_)));
    let err = store
        .record_treaty_action(
            &convention,
            accession("ZZZ", "2025-06-01"),
            day("2025-06-02"),
            &test_by(),
        )
        .await
        .expect_err("unknown");
    assert!(matches!(err, StoreError::NotFound(_)));

    let n = store
        .record_treaty_action(
            &convention,
            accession("KWT", "2025-06-01"),
            day("2025-06-02"),
            &test_by(),
        )
        .await
        .expect("recorded")
        .expect("a notification");
    assert_eq!(
        n.reference(),
        "DN.2.2025",
        "after China's, the one deposit of 2025 so far known to the day"
    );
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
            &test_by(),
        )
        .await
        .expect_err("party");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("already a party")),
        "{err}"
    );
}

#[tokio::test]
async fn break_after_settlement_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let p = store
        .open_silence(proposal("a text"), &test_by())
        .await
        .expect("opened");
    // Another server settles it at the deadline...
    assert_eq!(
        store
            .settle_silences(at(3, 14, 0), &test_by())
            .await
            .expect("settle"),
        vec![p.id.clone()]
    );
    // ...while a break sent a minute earlier was still waiting for the lock: it reaches the
    // store with its own (earlier) reading of the clock, and must not land after adoption.
    let err = store
        .silence_request(
            &p.id,
            brk("IND", Stance::Objection),
            &|| at(3, 13, 59),
            &test_by(),
        )
        .await
        .expect_err("settled first");
    assert!(
        matches!(&err, StoreError::Conflict(m) if m.contains("already settled (adopted at 2025-04-03T14:00:00Z)")),
        "{err}"
    );
    for late in [Request::Withdraw, Request::Extend { until: at(9, 0, 0) }] {
        let err = store
            .silence_request(&p.id, late, &|| at(3, 13, 0), &test_by())
            .await
            .expect_err("settled first");
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    }
    let record = store.silence(&p.id).await.expect("read").expect("exists");
    assert!(
        record.procedure.events.is_empty(),
        "no event after adoption"
    );
    assert!(record.decision.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_break_racing_settlement_lands_before_it_or_not_at_all() {
    let dir = tempfile::tempdir().expect("dir");
    let ids = {
        let store = loaded(&dir).await;
        let mut ids = Vec::new();
        for i in 0..6 {
            ids.push(
                store
                    .open_silence(proposal(&format!("raced text {i}")), &test_by())
                    .await
                    .expect("opened")
                    .id,
            );
        }
        ids
    };
    // Two servers: one settles at the deadline, the other records breaks the clock puts a
    // second before it; whichever takes the lock first wins, and the other sees what it did.
    let a = reopen(&dir).await;
    let b = reopen(&dir).await;
    let mut tasks = Vec::new();
    for id in ids.clone() {
        let (a, b) = (a.clone(), b.clone());
        tasks.push(tokio::spawn(async move {
            let by = test_by();
            let settle = a.settle_silences(at(3, 14, 0), &by);
            let brk = b.silence_request(&id, brk("KAZ", Stance::Objection), &|| at(3, 13, 59), &by);
            let (settled, broken) = tokio::join!(settle, brk);
            settled.expect("settle");
            broken.map(|_| ()).map_err(|e| e.to_string())
        }));
    }
    for t in tasks {
        if let Err(e) = t.await.expect("join") {
            assert!(e.contains("already settled"), "{e}");
        }
    }
    for id in &ids {
        let record = a.silence(id).await.expect("read").expect("exists");
        let broken = !record.procedure.events.is_empty();
        let decision = match &record.decision {
            Some(d) => a.decision(d).await.expect("read"),
            None => None,
        };
        assert!(
            broken != decision.is_some(),
            "{id}: either the break landed (and no decision) or the decision did (and no break)"
        );
    }
}

#[tokio::test]
async fn fractional_seconds_are_cut_before_they_are_checked() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    // Deadline 0.7 s after an opening 0.2 s into the same second: stored to the second, the
    // two would be equal; the store must refuse it as a rule, not fail on the table's check.
    let mut p = proposal("a text");
    p.opened_at = at(1, 9, 0) + chrono::Duration::milliseconds(200);
    p.expires_at = at(1, 9, 0) + chrono::Duration::milliseconds(700);
    let err = store
        .open_silence(p, &test_by())
        .await
        .expect_err("same second");
    assert!(
        matches!(&err, StoreError::Rejected(m) if m.contains("deadline must come after")),
        "{err}"
    );
    let mut p = proposal("a text");
    p.expires_at = at(3, 14, 0) + chrono::Duration::milliseconds(999);
    let opened = store.open_silence(p, &test_by()).await.expect("opens");
    assert_eq!(opened.procedure.expires_at, at(3, 14, 0));
    let err = store
        .silence_request(
            &opened.id,
            Request::Extend {
                until: at(3, 14, 0) + chrono::Duration::milliseconds(400),
            },
            &|| at(3, 13, 0),
            &test_by(),
        )
        .await
        .expect_err("not later once cut to the second");
    assert!(matches!(err, StoreError::Rejected(_)), "{err}");
}

#[tokio::test]
async fn a_full_clause_round_trips() {
    use cica_domain::treaty::{Delay, WeightCondition};
    let mut ds = cica_data::builtin().expect("dataset");
    let mut t = ds.treaties[0].clone();
    t.slug = slug("a-two-condition-convention");
    t.clause.not_counted = ["AZE".to_owned()].into_iter().collect();
    t.clause.second_condition = Some(WeightCondition {
        label: "55% of the weight".into(),
        weights: [("KAZ".to_owned(), 40), ("CHN".to_owned(), 30)]
            .into_iter()
            .collect(),
        required: 55,
    });
    t.clause.exit_delay = Delay::months(12).then_first_of_next_month();
    ds.treaties.push(t.clone());
    let dir = tempfile::tempdir().expect("dir");
    let store = common::open(dir.path().join("clause.db").to_str().expect("utf-8"))
        .await
        .expect("opens");
    store.replace_all(&ds, &test_by()).await.expect("loads");
    let back = store.treaty(&t.slug).await.expect("read").expect("exists");
    assert_eq!(back, t);
}

#[tokio::test]
async fn exits_and_signatures_follow_the_shared_rule() {
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let convention = slug("convention-privileges-immunities");
    let day = |s: &str| cica_domain::parse_day(s).expect("day");
    let record =
        |party: &str, kind: ActionKind, act: Option<&str>, deposit: Option<&str>| ActionRecord {
            action: TreatyAction {
                party: party.into(),
                kind,
                act: act.map(day),
                deposit: deposit.map(day),
                unconfirmed: false,
            },
            deposit_text: None,
            note: None,
            sources: vec![],
        };
    // (action, expected refusal)
    let table = [
        (
            record(
                "KWT",
                ActionKind::Signature,
                Some("2025-05-01"),
                Some("2025-05-01"),
            ),
            "a signature is not deposited",
        ),
        (
            record("KWT", ActionKind::Denunciation, None, Some("2025-05-01")),
            "Kuwait is not a party on 2025-05-01",
        ),
        (
            record("CHN", ActionKind::Withdrawal, None, None),
            "takes effect from its deposit",
        ),
        (
            record("CHN", ActionKind::Ratification, None, Some("2025-01-10")),
            "China is already a party",
        ),
    ];
    for (action, words) in table {
        let err = store
            .record_treaty_action(&convention, action.clone(), day("2025-06-02"), &test_by())
            .await
            .expect_err("refused");
        assert!(
            matches!(&err, StoreError::Rejected(m) if m.contains(words)),
            "{action:?}: {err}"
        );
    }
    let n = store
        .record_treaty_action(
            &convention,
            record("CHN", ActionKind::Denunciation, None, Some("2025-06-01")),
            day("2025-06-02"),
            &test_by(),
        )
        .await
        .expect("a party may denounce")
        .expect("an exit is deposited, so notified");
    assert!(
        n.text.contains("no longer a party"),
        "the Convention's exit takes effect on deposit: {}",
        n.text
    );
    let t = store
        .treaty(&convention)
        .await
        .expect("read")
        .expect("exists");
    let actions: Vec<TreatyAction> = t.actions.iter().map(|a| a.action.clone()).collect();
    let s = treaty::status(&t.clause, &actions, day("2025-06-01"));
    assert_eq!((s.parties.len(), s.needed), (12, 2));
}

#[tokio::test]
async fn a_decision_taken_at_a_meeting_is_recorded_and_numbered() {
    use cica_domain::Provenance;
    use cica_domain::consensus::Position;
    use cica_domain::decision::NewDecision;
    let dir = tempfile::tempdir().expect("dir");
    let store = loaded(&dir).await;
    let day = |s: &str| cica_domain::parse_day(s).expect("day");
    let today = day("2025-04-01");
    let statement = |state: &str, stance: Stance| Position {
        state: code(state),
        stance,
        text: format!("{state} reads paragraph 2 in its own way."),
    };
    let new = |statements: Vec<Position>| NewDecision {
        id: None,
        organ: slug("senior-officials-committee"),
        meeting: slug("soc-2025-02-27-baku"),
        date: day("2025-02-27"),
        act: DecisionAct::Approve,
        subject: "the calendar of events for 2025".into(),
        document: None,
        statements,
        provenance: Provenance::default(),
    };
    // (what changes, expected refusal)
    let mut wrong_organ = new(vec![]);
    wrong_organ.organ = slug("ministerial-council");
    let mut wrong_day = new(vec![]);
    wrong_day.date = day("2025-03-01");
    let mut future = new(vec![]);
    future.date = day("2025-05-01");
    let mut no_version = new(vec![]);
    no_version.document = Some((slug("ttf-annual-action-plan-2025"), 9));
    let table = [
        (wrong_organ, "is of `senior-officials-committee`"),
        (wrong_day, "is not a day of meeting"),
        (future, "before the day it is taken"),
        (no_version, "has no version 9"),
        (
            new(vec![statement("IND", Stance::Objection)]),
            "there was no consensus",
        ),
        (
            new(vec![statement("JPN", Stance::Reservation)]),
            "JPN is not a Member State",
        ),
    ];
    for (n, words) in table {
        let err = store
            .record_decision(n.clone(), today, &test_by())
            .await
            .expect_err("refused");
        assert!(err.to_string().contains(words), "{n:?}: {err}");
    }
    let d = store
        .record_decision(
            new(vec![statement("IND", Stance::InterpretativeStatement)]),
            today,
            &test_by(),
        )
        .await
        .expect("recorded");
    assert_eq!(
        d.number, 4,
        "after the SOC's three decisions of 27 February"
    );
    assert_eq!(d.id.as_str(), "senior-officials-committee-2025-4");
    assert_eq!(d.taken, Taken::AtMeeting(slug("soc-2025-02-27-baku")));
    assert_eq!(d.statements.len(), 1);
    let d = store
        .add_statement(&d.id, statement("CHN", Stance::Reservation), &test_by())
        .await
        .expect("a reservation added");
    assert_eq!(d.statements.len(), 2);
    let err = store
        .add_statement(&d.id, statement("USA", Stance::Reservation), &test_by())
        .await
        .expect_err("not a member");
    assert!(matches!(err, StoreError::Rejected(_)), "{err}");
    let at_meeting = store
        .decisions(&DecisionQuery {
            meeting: Some(slug("soc-2025-02-27-baku")),
            limit: 100,
            ..DecisionQuery::default()
        })
        .await
        .expect("decisions");
    assert_eq!(at_meeting.items.len(), 4);
}
