//! The coordinators of the Catalogue's priority areas: one coordinator at a time, any number
//! of co-coordinators, one role for a state at a time; checked on cases from the record and
//! as properties of any set of terms.

use cica_domain::cbm::{CbmRole, CoordinatorTerm, Dimension, PriorityArea, TermProblem};
use cica_domain::{PartialDate, Provenance, Slug, StateCode};
use proptest::prelude::*;

fn code(c: &str) -> StateCode {
    StateCode::parse(c).expect("a code")
}

fn term(state: &str, role: CbmRole, from: &str, until: Option<&str>) -> CoordinatorTerm {
    CoordinatorTerm {
        state: code(state),
        role,
        from: PartialDate::parse(from).expect("a date"),
        until: until.map(|u| PartialDate::parse(u).expect("a date")),
        decided_by: None,
        provenance: Provenance::default(),
    }
}

fn area(terms: Vec<CoordinatorTerm>) -> PriorityArea {
    PriorityArea {
        slug: Slug::parse("ict-security").expect("a slug"),
        dimension: Dimension::NewChallenges,
        name: "Security of and in the use of ICTs".into(),
        terms,
        provenance: Provenance::default(),
    }
}

use CbmRole::{CoCoordinator as Co, Coordinator as Lead};

#[test]
fn terms_from_the_record_stand_and_those_that_break_a_rule_are_named() {
    type Case = (
        &'static str,
        Vec<CoordinatorTerm>,
        fn(&[TermProblem]) -> bool,
    );
    let cases: Vec<Case> = vec![
        (
            "Russia coordinates ICT security with China as co-coordinator",
            vec![
                term("RUS", Lead, "2022-07", None),
                term("CHN", Co, "2022-07", None),
            ],
            |p| p.is_empty(),
        ),
        (
            "the human dimension: one coordinator, four co-coordinators",
            vec![
                term("UZB", Lead, "2021", None),
                term("CHN", Co, "2021-06-23", None),
                term("IND", Co, "2021", None),
                term("KAZ", Co, "2021", None),
                term("KGZ", Co, "2021", None),
            ],
            |p| p.is_empty(),
        ),
        (
            "a coordinator hands over on the day the next begins",
            vec![
                term("KAZ", Lead, "2013", Some("2022-05-01")),
                term("TUR", Lead, "2022-05-01", None),
            ],
            |p| p.is_empty(),
        ),
        (
            "two coordinators at once",
            vec![
                term("KAZ", Lead, "2013", None),
                term("TUR", Lead, "2022-05", None),
            ],
            |p| matches!(p, [TermProblem::TwoCoordinators { earlier: 0, later: 1, state }] if state.as_str() == "TUR"),
        ),
        (
            "one state coordinating and co-coordinating at once",
            vec![
                term("BGD", Co, "2020", None),
                term("BGD", Lead, "2020-12", None),
            ],
            |p| {
                matches!(
                    p,
                    [TermProblem::TwoRoles {
                        earlier: 0,
                        later: 1,
                        ..
                    }]
                )
            },
        ),
        (
            "a term that ends before it begins",
            vec![term("IRN", Lead, "2023", Some("2021"))],
            |p| matches!(p, [TermProblem::EndsBeforeItBegins { index: 0 }]),
        ),
    ];
    for (case, terms, expected) in cases {
        let problems = area(terms).term_problems();
        assert!(expected(&problems), "{case}: {problems:?}");
    }
}

#[test]
fn who_holds_each_role_on_a_day() {
    let a = area(vec![
        term("KAZ", Lead, "2013", Some("2022-05-01")),
        term("TUR", Lead, "2022-05-01", None),
        term("TUR", Co, "2013", Some("2022-05-01")),
        term("AFG", Co, "2021", None),
    ]);
    let day = |d: &str| cica_domain::parse_day(d).expect("a day");
    let (lead, co) = a.holders_on(day("2021-06-01"));
    assert_eq!(lead.map(StateCode::as_str), Some("KAZ"));
    assert_eq!(
        co.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ["TUR", "AFG"]
    );
    let (lead, co) = a.holders_on(day("2022-05-01"));
    assert_eq!(lead.map(StateCode::as_str), Some("TUR"));
    assert_eq!(co.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["AFG"]);
    assert_eq!(a.holders_on(day("2012-12-31")), (None, vec![]));
}

const STATES: &[&str] = &["KAZ", "TUR", "CHN", "RUS", "IND"];

fn any_term() -> impl Strategy<Value = CoordinatorTerm> {
    (
        0..STATES.len(),
        any::<bool>(),
        2000i32..2030,
        proptest::option::of(0i32..8),
    )
        .prop_map(|(s, lead, from, length)| {
            let from_text = from.to_string();
            let until_text = length.map(|l| (from + l).to_string());
            term(
                STATES[s],
                if lead { Lead } else { Co },
                &from_text,
                until_text.as_deref(),
            )
        })
}

proptest! {
    /// Whatever the terms, when the rules find nothing wrong, no day has two coordinators and
    /// no state holds two roles; and whenever a day has either, the rules name it.
    #[test]
    fn no_day_has_two_coordinators_or_a_state_twice_unless_the_rules_say_so(
        terms in proptest::collection::vec(any_term(), 0..6),
        year in 2000i32..2040,
    ) {
        let a = area(terms);
        let problems = a.term_problems();
        let day = chrono::NaiveDate::from_ymd_opt(year, 7, 1).expect("a day");
        let on: Vec<&CoordinatorTerm> = a.terms.iter().filter(|t| t.holds_on(day)).collect();
        let leads = on.iter().filter(|t| t.role == Lead).count();
        let mut states: Vec<&str> = on.iter().map(|t| t.state.as_str()).collect();
        let all = states.len();
        states.sort_unstable();
        states.dedup();
        if problems.is_empty() {
            prop_assert!(leads <= 1, "{leads} coordinators on {day}");
            prop_assert_eq!(states.len(), all, "a state twice on {}", day);
        }
        if leads > 1 || states.len() < all {
            prop_assert!(!problems.is_empty(), "nothing named for {day}");
        }
    }
}
