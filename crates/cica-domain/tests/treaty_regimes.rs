//! How a treaty comes to bind, as the record allows it to be said: in force since a day, in
//! force by inference, applied provisionally, not in force, or not recorded.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use cica_domain::treaty::{
    ActionKind, Condition, Delay, EifClause, Entry, EntryState, Regime, TreatyAction, condition,
    narrate, status,
};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    cica_domain::parse_day(s).expect("date")
}

fn action(party: &str, kind: ActionKind, act: Option<&str>, deposit: Option<&str>) -> TreatyAction {
    TreatyAction {
        party: party.into(),
        kind,
        act: act.map(d),
        deposit: deposit.map(d),
        unconfirmed: false,
    }
}

fn kaz() -> BTreeSet<String> {
    ["KAZ".to_owned()].into_iter().collect()
}

struct Case {
    what: &'static str,
    regime: Regime,
    clause: EifClause,
    actions: Vec<TreatyAction>,
    concluded: &'static str,
    complete: bool,
    as_of: &'static str,
    keyword: &'static str,
    label: &'static str,
    says: &'static str,
}

fn read(c: &Case) -> (Condition, String) {
    let s = status(&c.clause, &c.actions, d(c.as_of));
    let cond = condition(
        &c.regime,
        &c.clause,
        &s,
        &c.actions,
        Some(d(c.concluded)),
        c.complete,
        d(c.as_of),
    );
    let text = narrate(
        &c.regime,
        &c.clause,
        &s,
        &cond,
        &c.actions,
        d(c.as_of),
        &|p| match p {
            "KAZ" => "Kazakhstan".into(),
            other => other.into(),
        },
    );
    (cond, text)
}

fn cases() -> Vec<Case> {
    let notification = Regime {
        entry: Entry::OnNotification(kaz()),
        provisional_from: None,
        count_known: true,
    };
    let one = EifClause::standard(1, Delay::days(0));
    let ratified_2008 = vec![
        action("KAZ", ActionKind::Signature, Some("2007-06-26"), None),
        action("KAZ", ActionKind::Ratification, Some("2008-03-20"), None),
    ];
    vec![
        Case {
            what: "an agreement applied provisionally from signature whose notifications are not on record",
            regime: Regime {
                entry: Entry::Threshold,
                provisional_from: Some(d("2006-06-17")),
                count_known: false,
            },
            clause: EifClause::standard(12, Delay::days(30)),
            actions: vec![action(
                "CHN",
                ActionKind::Approval,
                Some("2007-04-14"),
                None,
            )],
            concluded: "2006-06-17",
            complete: false,
            as_of: "2025-04-01",
            keyword: "applied-provisionally",
            label: "applied provisionally since 17 June 2006",
            says: "applied provisionally since 17 June 2006; entry into force not recorded",
        },
        Case {
            what: "the same agreement before it was signed binds nobody",
            regime: Regime {
                entry: Entry::Threshold,
                provisional_from: Some(d("2006-06-17")),
                count_known: false,
            },
            clause: EifClause::standard(12, Delay::days(30)),
            actions: Vec::new(),
            concluded: "2006-06-17",
            complete: false,
            as_of: "2006-06-01",
            keyword: "not-recorded",
            label: "entry into force not recorded",
            says: "entry into force not recorded",
        },
        Case {
            what: "a host-country agreement ratified at home whose notification is not on record",
            regime: notification.clone(),
            clause: one.clone(),
            actions: ratified_2008.clone(),
            concluded: "2007-06-26",
            complete: false,
            as_of: "2025-04-01",
            keyword: "in-force-inferred",
            label: "in force (inferred)",
            says: "in force by inference: Kazakhstan completed its domestic procedures on 20 March 2008",
        },
        Case {
            what: "a protocol before the ratification law the record holds is not in force",
            regime: notification.clone(),
            clause: one.clone(),
            actions: vec![
                action("KAZ", ActionKind::Signature, Some("2024-11-15"), None),
                action("KAZ", ActionKind::Ratification, Some("2025-05-19"), None),
            ],
            concluded: "2024-11-15",
            complete: false,
            as_of: "2025-04-01",
            keyword: "not-in-force",
            label: "not in force",
            says: "not in force: it awaits the notification by Kazakhstan",
        },
        Case {
            what: "with nothing on record of the domestic procedures, an incomplete record cannot tell",
            regime: notification.clone(),
            clause: one.clone(),
            actions: vec![action(
                "KAZ",
                ActionKind::Signature,
                Some("2007-06-26"),
                None,
            )],
            concluded: "2007-06-26",
            complete: false,
            as_of: "2025-04-01",
            keyword: "not-recorded",
            label: "entry into force not recorded",
            says: "entry into force not recorded",
        },
        Case {
            what: "a complete record with the ratification law but no notification shows it was not made",
            regime: notification.clone(),
            clause: one.clone(),
            actions: ratified_2008.clone(),
            concluded: "2007-06-26",
            complete: true,
            as_of: "2025-04-01",
            keyword: "not-in-force",
            label: "not in force",
            says: "not in force: it awaits the notification by Kazakhstan",
        },
        Case {
            what: "within the delay after the domestic act it cannot be in force yet",
            regime: notification.clone(),
            clause: EifClause::standard(1, Delay::days(30)),
            actions: ratified_2008.clone(),
            concluded: "2007-06-26",
            complete: false,
            as_of: "2008-04-01",
            keyword: "not-in-force",
            label: "not in force",
            says: "not in force",
        },
        Case {
            what: "with nothing on record and the record complete, it is not in force",
            regime: notification.clone(),
            clause: one.clone(),
            actions: vec![action(
                "KAZ",
                ActionKind::Signature,
                Some("2007-06-26"),
                None,
            )],
            concluded: "2007-06-26",
            complete: true,
            as_of: "2025-04-01",
            keyword: "not-in-force",
            label: "not in force",
            says: "not in force",
        },
        Case {
            what: "a notification on record gives the day",
            regime: notification.clone(),
            clause: one.clone(),
            actions: vec![action(
                "KAZ",
                ActionKind::Ratification,
                Some("2008-03-20"),
                Some("2008-04-02"),
            )],
            concluded: "2007-06-26",
            complete: false,
            as_of: "2025-04-01",
            keyword: "in-force",
            label: "in force since 2 April 2008",
            says: "in force since 2 April 2008: on the day of the notification by Kazakhstan",
        },
        Case {
            what: "on signature",
            regime: Regime {
                entry: Entry::OnSignature,
                provisional_from: None,
                count_known: true,
            },
            clause: one.clone(),
            actions: Vec::new(),
            concluded: "2010-01-05",
            complete: false,
            as_of: "2025-04-01",
            keyword: "in-force",
            label: "in force since 5 January 2010",
            says: "in force since 5 January 2010, on signature",
        },
        Case {
            what: "on a date still to come",
            regime: Regime {
                entry: Entry::OnDate(d("2026-01-01")),
                provisional_from: None,
                count_known: true,
            },
            clause: one.clone(),
            actions: Vec::new(),
            concluded: "2025-01-05",
            complete: false,
            as_of: "2025-04-01",
            keyword: "entering-into-force",
            label: "enters into force on 1 January 2026",
            says: "enters into force on 1 January 2026, the date it sets",
        },
        Case {
            what: "a threshold whose count is known and not reached is not in force",
            regime: Regime::default(),
            clause: EifClause::standard(2, Delay::days(30)),
            actions: vec![action(
                "KAZ",
                ActionKind::Ratification,
                None,
                Some("2020-01-01"),
            )],
            concluded: "2019-01-01",
            complete: true,
            as_of: "2025-04-01",
            keyword: "not-in-force",
            label: "not in force",
            says: "not yet in force: 1 of the 2 instruments needed",
        },
        Case {
            what: "a threshold reached by a deposit known only by a latest day is in force by inference",
            regime: Regime::default(),
            clause: EifClause::standard(1, Delay::days(30)),
            actions: vec![TreatyAction {
                unconfirmed: true,
                ..action("KAZ", ActionKind::Ratification, None, Some("2020-12-31"))
            }],
            concluded: "2019-01-01",
            complete: true,
            as_of: "2025-04-01",
            keyword: "in-force",
            label: "in force since 30 January 2021 (inferred)",
            says: "(inferred: a deposit it rests on is dated by the latest day the sources allow)",
        },
    ]
}

#[test]
fn each_treaty_is_said_to_stand_as_its_record_allows() {
    for c in cases() {
        let (cond, text) = read(&c);
        assert_eq!(cond.keyword(), c.keyword, "{}: {cond:?}", c.what);
        assert_eq!(cond.label(), c.label, "{}", c.what);
        assert!(
            text.contains(c.says),
            "{}: expected {:?} in {text:?}",
            c.what,
            c.says
        );
    }
}

#[test]
fn a_what_if_is_offered_only_for_a_countable_threshold() {
    let table = [
        (Regime::default(), true),
        (
            Regime {
                count_known: false,
                ..Regime::default()
            },
            false,
        ),
        (
            Regime {
                entry: Entry::OnNotification(kaz()),
                ..Regime::default()
            },
            false,
        ),
        (
            Regime {
                entry: Entry::OnSignature,
                ..Regime::default()
            },
            false,
        ),
    ];
    for (regime, offered) in table {
        assert_eq!(regime.what_if_applies(), offered, "{regime:?}");
    }
}

fn arb_day() -> impl Strategy<Value = NaiveDate> {
    (0u64..12_000).prop_map(|n| d("2000-01-01") + chrono::Days::new(n))
}

proptest! {
    /// Whatever the record holds, a treaty whose deposits cannot be counted is never said
    /// to be "not in force", and provisional application is never claimed before its day.
    #[test]
    fn an_uncountable_record_is_never_called_not_in_force(
        deposits in prop::collection::vec((0usize..4, arb_day()), 0..6),
        provisional in prop::option::of(arb_day()),
        as_of in arb_day(),
    ) {
        let parties = ["KAZ", "CHN", "IND", "TUR"];
        let actions: Vec<TreatyAction> = deposits
            .iter()
            .map(|(p, day)| TreatyAction {
                party: parties[*p].into(),
                kind: ActionKind::Ratification,
                act: None,
                deposit: Some(*day),
                unconfirmed: false,
            })
            .collect();
        let regime = Regime { entry: Entry::Threshold, provisional_from: provisional, count_known: false };
        let clause = EifClause::standard(3, Delay::days(30));
        let s = status(&clause, &actions, as_of);
        let c = condition(&regime, &clause, &s, &actions, None, false, as_of);
        prop_assert_eq!(c.entry, EntryState::NotRecorded);
        prop_assert_eq!(c.provisional, provisional.filter(|p| *p <= as_of));
    }

    /// On notification, the treaty is in force on a day only from a notification deposited
    /// by then, and in force by inference only once the domestic act is on record by then.
    #[test]
    fn on_notification_never_runs_ahead_of_the_record(
        act in prop::option::of(arb_day()),
        notice in prop::option::of(arb_day()),
        as_of in arb_day(),
        complete in any::<bool>(),
    ) {
        let actions = vec![TreatyAction {
            party: "KAZ".into(),
            kind: ActionKind::Ratification,
            act,
            deposit: notice,
            unconfirmed: false,
        }];
        let regime = Regime { entry: Entry::OnNotification(kaz()), provisional_from: None, count_known: true };
        let clause = EifClause::standard(1, Delay::days(0));
        let s = status(&clause, &actions, as_of);
        let c = condition(&regime, &clause, &s, &actions, None, complete, as_of);
        match c.entry {
            EntryState::InForce { since, .. } => {
                prop_assert!(notice.is_some_and(|n| n <= as_of && since == n));
            }
            EntryState::InForceInferred { after } => {
                prop_assert!(!complete, "a complete record without the notification shows it was not made");
                prop_assert!(notice.is_none_or(|n| n > as_of));
                prop_assert!(act.is_some_and(|a| a <= as_of && after == a));
            }
            EntryState::Entering { .. } => prop_assert!(false, "no delay: nothing is still to come"),
            EntryState::NotInForce | EntryState::NotRecorded => {
                prop_assert!(notice.is_none_or(|n| n > as_of));
                // Only a complete record turns a domestic act without its notification
                // into "not in force".
                prop_assert!(complete || act.is_none_or(|a| a > as_of));
            }
        }
    }
}
