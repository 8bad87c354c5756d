//! Entry into force against real treaties with known dates, and properties that must hold for
//! any clause and any sequence of deposits.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use cica_domain::treaty::{
    ActionKind, Delay, EifClause, TreatyAction, WeightCondition, status, what_if,
};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    cica_domain::parse_day(s).expect("date")
}

/// The Paris Agreement's status table (UN Treaty Collection, depositary notifications; emission
/// shares for Article 21 from the UNFCCC), one row per participant:
/// code, name, signature, deposit, kind, date of effect, emissions (Gg CO₂-eq), share (%), year.
const PARIS: &str = include_str!("data/paris-agreement.csv");

/// Member States of the European Union in 2016: their shares are inside the Union's own.
const EU_MEMBERS: &[&str] = &[
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE", "GBR",
];

struct Row {
    code: String,
    deposit: Option<NaiveDate>,
    kind: Option<ActionKind>,
    effect: Option<NaiveDate>,
    share_hundredths: u64,
}

fn paris() -> Vec<Row> {
    PARIS
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let date = |s: &str| (!s.is_empty()).then(|| d(s));
            Row {
                code: f[0].to_owned(),
                deposit: date(f[3]),
                kind: match f[4] {
                    "Ratification" => Some(ActionKind::Ratification),
                    "Acceptance" => Some(ActionKind::Acceptance),
                    "Approval" => Some(ActionKind::Approval),
                    "" => None,
                    other => panic!("unexpected kind {other}"),
                },
                effect: date(f[5]),
                share_hundredths: f[7]
                    .parse::<f64>()
                    .map(|p| (p * 100.0).round() as u64)
                    .unwrap_or(0),
            }
        })
        .collect()
}

/// Article 21: in force on the thirtieth day after at least 55 Parties to the Convention,
/// accounting for at least an estimated 55% of global emissions, have deposited; for a Party
/// joining later, on the thirtieth day after its own deposit. A regional economic integration
/// organization's instrument is not counted as additional to its members'.
fn paris_clause(rows: &[Row]) -> EifClause {
    let mut clause = EifClause::standard(55, Delay::days(30));
    clause.not_counted = BTreeSet::from(["EUU".to_owned()]);
    clause.second_condition = Some(WeightCondition {
        label: "55% of global emissions".into(),
        weights: rows
            .iter()
            .map(|r| {
                (
                    r.code.clone(),
                    if EU_MEMBERS.contains(&r.code.as_str()) {
                        0
                    } else {
                        r.share_hundredths
                    },
                )
            })
            .collect(),
        required: 5500,
    });
    clause
}

fn actions(rows: &[Row]) -> Vec<TreatyAction> {
    rows.iter()
        .filter_map(|r| {
            Some(TreatyAction {
                party: r.code.clone(),
                kind: r.kind?,
                act: None,
                deposit: r.deposit,
                unconfirmed: false,
            })
        })
        .collect()
}

#[test]
fn the_paris_agreement_entered_into_force_on_4_november_2016() {
    let rows = paris();
    let clause = paris_clause(&rows);
    let s = status(&clause, &actions(&rows), d("2017-12-31"));
    assert_eq!(s.threshold.as_ref().map(|t| t.1), Some(d("2016-10-05")));
    assert_eq!(s.in_force, Some(d("2016-11-04")));
    let eff = |code: &str| {
        s.parties
            .iter()
            .find(|p| p.party == code)
            .and_then(|p| p.effective)
    };
    assert_eq!(
        eff("ALB"),
        Some(d("2016-11-04")),
        "Albania deposited on 21 September 2016, before the threshold"
    );
    assert_eq!(
        eff("DZA"),
        Some(d("2016-11-19")),
        "Algeria deposited on 20 October 2016"
    );
    assert_eq!(
        eff("AFG"),
        Some(d("2017-03-17")),
        "Afghanistan deposited on 15 February 2017"
    );
    // Every participant's date of effect in the depositary's table.
    let mut checked = 0;
    for r in rows
        .iter()
        .filter(|r| r.deposit.is_some_and(|x| x <= d("2017-12-31")))
    {
        assert_eq!(eff(&r.code), r.effect, "{}", r.code);
        checked += 1;
    }
    assert!(checked > 150, "{checked} participants checked");
    assert!(
        s.explanation.contains("4 November 2016"),
        "{}",
        s.explanation
    );
}

#[test]
fn paris_was_not_in_force_on_the_eve_of_the_threshold() {
    let rows = paris();
    let s = status(&paris_clause(&rows), &actions(&rows), d("2016-10-04"));
    assert_eq!(s.in_force, None);
    assert_eq!(
        s.needed, 0,
        "55 parties had deposited by 21 September; the emissions condition was not yet met"
    );
    assert!(
        s.explanation.contains("55% of global emissions"),
        "{}",
        s.explanation
    );
}

// ---------------------------------------------------------------------------------------------
// Properties over any clause and any deposits.

fn arb_delay() -> impl Strategy<Value = Delay> {
    (0u32..4, 0u32..120, any::<bool>()).prop_map(|(months, days, first)| {
        let d = Delay {
            months,
            days,
            first_of_next_month: false,
        };
        if first {
            d.then_first_of_next_month()
        } else {
            d
        }
    })
}

fn arb_actions() -> impl Strategy<Value = Vec<TreatyAction>> {
    let kinds = prop_oneof![
        Just(ActionKind::Ratification),
        Just(ActionKind::Acceptance),
        Just(ActionKind::Approval),
        Just(ActionKind::Accession),
        Just(ActionKind::Signature),
        Just(ActionKind::Succession),
        Just(ActionKind::Denunciation),
    ];
    prop::collection::vec((0u8..30, kinds, 0u64..2000), 0..40).prop_map(|v| {
        v.into_iter()
            .map(|(p, kind, day)| TreatyAction {
                party: format!("P{p:02}"),
                kind,
                act: None,
                deposit: Some(d("2020-01-01") + Days::new(day)),
                unconfirmed: false,
            })
            .collect()
    })
}

fn arb_clause() -> impl Strategy<Value = EifClause> {
    (1u32..15, arb_delay(), arb_delay(), arb_delay()).prop_map(|(threshold, delay, later, exit)| {
        let mut c = EifClause::standard(threshold, delay);
        c.later_delay = later;
        c.exit_delay = exit;
        c
    })
}

proptest! {
    #[test]
    fn no_party_takes_effect_before_the_treaty(clause in arb_clause(), acts in arb_actions()) {
        let s = status(&clause, &acts, d("2030-01-01"));
        for p in &s.parties {
            if let (Some(eff), Some(eif)) = (p.effective, s.in_force) {
                prop_assert!(eff >= eif, "{} takes effect {} before the treaty {}", p.party, eff, eif);
                prop_assert!(eff >= p.deposit);
            }
        }
    }

    #[test]
    fn an_added_counted_instrument_never_delays_entry_into_force(
        clause in arb_clause(),
        acts in arb_actions(),
        extra_day in 0u64..2500,
        kind in prop_oneof![Just(ActionKind::Ratification), Just(ActionKind::Accession)],
    ) {
        let as_of = d("2030-01-01");
        let before = status(&clause, &acts, as_of);
        let after = what_if(&clause, &acts, "NEW", kind, d("2020-01-01") + Days::new(extra_day));
        if let Some(eif) = before.in_force {
            prop_assert!(after.in_force.is_some_and(|e| e <= eif), "{:?} -> {:?}", before.in_force, after.in_force);
        }
        prop_assert!(after.needed <= before.needed);
    }

    #[test]
    fn signatures_alone_never_bring_a_treaty_into_force(clause in arb_clause(), n in 0usize..30) {
        let acts: Vec<TreatyAction> = (0..n)
            .map(|i| TreatyAction { party: format!("S{i}"), kind: ActionKind::Signature, act: None, deposit: Some(d("2020-01-01")), unconfirmed: false })
            .collect();
        let s = status(&clause, &acts, d("2030-01-01"));
        prop_assert_eq!(s.in_force, None);
        prop_assert_eq!(s.needed, clause.threshold);
    }
}

proptest! {
    #[test]
    fn an_exit_ends_participation_only_once_it_takes_effect(clause in arb_clause(), acts in arb_actions(), as_of in 0u64..2500) {
        let as_of = d("2020-01-01") + Days::new(as_of);
        let s = status(&clause, &acts, as_of);
        for p in &s.parties {
            // Its latest consent deposited by then...
            let joined = acts.iter().filter(|a| a.party == p.party && a.kind.is_consent()).filter_map(|a| a.deposit).filter(|x| *x <= as_of).max();
            prop_assert!(joined.is_some());
            // ...is not followed by an exit already in effect.
            let ended = acts.iter().any(|a| {
                a.party == p.party && a.kind.is_exit() && a.deposit.is_some_and(|x| x <= as_of && Some(x) >= joined && clause.exit_delay.after(x) <= as_of)
            });
            prop_assert!(!ended, "{} is listed though its exit took effect", p.party);
            if let Some(leaves) = p.leaving {
                prop_assert!(leaves > as_of);
            }
        }
    }
}
