//! The coordinators of the Catalogue's priority areas: one coordinator at a time, any number
//! of co-coordinators, one role for a state at a time; checked on cases from the record and
//! as properties of any set of terms.

use chrono::NaiveDate;
use cica_domain::cbm::{
    self, Activity, ActivityKind, CbmRole, CoordinatorTerm, Dimension, Involvement, PriorityArea,
    Report, ReportingRound, TermProblem,
};
use cica_domain::decision::Visibility;
use cica_domain::{DateSpan, PartialDate, Provenance, Slug, StateCode};
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
        short_name: None,
        description: None,
        measures: Vec::new(),
        terms,
        plans: Vec::new(),
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

fn activity(
    slug: &str,
    area_slug: &str,
    when: &str,
    organisers: &[&str],
    named: &[&str],
) -> Activity {
    Activity {
        slug: Slug::parse(slug).expect("a slug"),
        area: Slug::parse(area_slug).expect("a slug"),
        kind: ActivityKind::Workshop,
        title: slug.into(),
        when: DateSpan::parse(when).expect("a span"),
        place: None,
        online: true,
        organisers: organisers.iter().map(|c| code(c)).collect(),
        organisations: Vec::new(),
        participants: named.iter().map(|c| code(c)).collect(),
        states_reported: None,
        summary: None,
        meetings: Vec::new(),
        news: Vec::new(),
        provenance: Provenance::default(),
    }
}

fn day(d: &str) -> NaiveDate {
    cica_domain::parse_day(d).expect("a day")
}

#[test]
fn an_area_is_quiet_after_twelve_months_without_an_activity() {
    let acts = vec![
        activity("w1", "ict-security", "2025-02-26", &["RUS"], &[]),
        activity("t1", "ict-security", "2024-03-30/2024-04-02", &["RUS"], &[]),
        activity("x1", "other-area", "2025-03-01", &["TUR"], &[]),
    ];
    let ict = Slug::parse("ict-security").expect("a slug");
    let table: &[(&str, &[Activity], bool)] = &[
        ("2025-04-01", &acts, false),
        ("2026-02-26", &acts, false),
        ("2026-02-27", &acts, true),
        // An activity announced for later does not make the area active now.
        ("2024-03-01", &acts, true),
        // One still running a year on from its start counts till it ends.
        ("2025-04-02", &acts[1..2], false),
        ("2025-04-03", &acts[1..2], true),
        ("2025-04-01", &[], true),
    ];
    for (on, list, quiet) in table {
        assert_eq!(cbm::is_quiet(&ict, list, day(on)), *quiet, "on {on}");
    }
    let this_year: Vec<_> = cbm::activities_in_year(&ict, &acts, 2025, day("2025-04-01"))
        .map(|a| a.slug.as_str())
        .collect();
    assert_eq!(this_year, ["w1"]);
    assert_eq!(
        cbm::last_activity(&ict, &acts, day("2025-04-01")).map(|a| a.slug.as_str()),
        Some("w1")
    );
}

#[test]
fn a_states_involvement_is_its_role_on_the_day_and_the_activities_it_joined() {
    let ict = area(vec![
        term("RUS", Lead, "2022-07", None),
        term("CHN", Co, "2022-07", Some("2025-03")),
    ]);
    let acts = vec![
        activity(
            "w1",
            "ict-security",
            "2025-02-26",
            &["RUS", "KAZ", "IRN"],
            &["AZE"],
        ),
        activity("w0", "ict-security", "2023-05-10", &["RUS"], &["KAZ"]),
        activity("x1", "other-area", "2025-03-01", &["KAZ"], &[]),
    ];
    let since = day("2024-04-01");
    let on = day("2025-04-01");
    let table: &[(&str, Option<CbmRole>, u32, u32)] = &[
        ("RUS", Some(Lead), 1, 0),
        // China's term ended the first of March: no role, and it is not named.
        ("CHN", None, 0, 0),
        ("KAZ", None, 1, 0),
        ("AZE", None, 0, 1),
        ("MNG", None, 0, 0),
    ];
    for (state, role, organised, took_part) in table {
        let got = cbm::involvement(&ict, &acts, &code(state), since, on);
        assert_eq!(
            got,
            Involvement {
                role: *role,
                organised: *organised,
                took_part: *took_part
            },
            "{state}"
        );
        assert_eq!(got.is_empty(), role.is_none() && organised + took_part == 0);
    }
    let w1 = &acts[0];
    assert_eq!(w1.states_count(), 4);
    assert_eq!(
        Activity {
            states_reported: Some(16),
            ..w1.clone()
        }
        .states_count(),
        16
    );
}

fn report(state: &str, year: i32, filed: &str) -> Report {
    Report {
        state: code(state),
        year,
        visibility: Visibility::Public,
        received: day(filed),
        filed: day(filed),
        areas: vec![Slug::parse("human").expect("a slug")],
        text: "What the state did.".into(),
    }
}

#[test]
fn a_report_is_a_member_states_on_a_year_begun_and_late_after_its_due_day() {
    type Case = (&'static str, Report, (bool, bool), &'static [&'static str]);
    let twice = Report {
        areas: vec![
            Slug::parse("human").expect("a slug"),
            Slug::parse("human").expect("a slug"),
        ],
        ..report("KAZ", 2024, "2025-04-01")
    };
    let secret = Report {
        visibility: Visibility::Secretariat,
        ..report("KAZ", 2024, "2025-04-01")
    };
    let cases: Vec<Case> = vec![
        (
            "a Member State on last year",
            report("KAZ", 2024, "2025-04-01"),
            (true, true),
            &[],
        ),
        (
            "on the year running",
            report("KAZ", 2025, "2025-04-01"),
            (true, true),
            &[],
        ),
        (
            "on a year to come",
            report("KAZ", 2026, "2025-04-01"),
            (true, true),
            &["year:"],
        ),
        (
            "before the Catalogue",
            report("KAZ", 2003, "2025-04-01"),
            (true, true),
            &["year:"],
        ),
        (
            "by an observer",
            report("JPN", 2024, "2025-04-01"),
            (false, false),
            &["state:"],
        ),
        (
            "on a year before it joined",
            report("KWT", 2010, "2025-04-01"),
            (true, false),
            &["state: KWT was not"],
        ),
        ("an area twice", twice, (true, true), &["areas:"]),
        (
            "kept to the Secretariat",
            secret,
            (true, true),
            &["visibility:"],
        ),
    ];
    for (what, r, (member, member_then), expected) in cases {
        let found: Vec<String> = r
            .problems(member, member_then)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), expected.len(), "{what}: {found:?}");
        for (f, e) in found.iter().zip(expected) {
            assert!(f.starts_with(e), "{what}: {f}");
        }
    }
    let round = ReportingRound {
        year: 2024,
        due: day("2025-03-31"),
    };
    assert!(!report("KAZ", 2024, "2025-03-31").late(Some(&round)));
    assert!(report("KAZ", 2024, "2025-04-01").late(Some(&round)));
    let corrected = Report {
        filed: day("2025-05-01"),
        ..report("KAZ", 2024, "2025-03-30")
    };
    assert!(
        !corrected.late(Some(&round)),
        "a correction after the due day is not late"
    );
    assert_eq!(
        Report::reported_on(2024, day("2025-04-01")),
        day("2024-12-31")
    );
    assert_eq!(
        Report::reported_on(2025, day("2025-04-01")),
        day("2025-04-01")
    );
    assert!(
        !report("KAZ", 2023, "2025-04-01").late(Some(&round)),
        "another year's round"
    );
    assert!(
        !report("KAZ", 2024, "2025-04-01").late(None),
        "no round, no due day"
    );
    let members = [code("AZE"), code("KAZ"), code("UZB")];
    let filed = [
        report("KAZ", 2024, "2025-04-01"),
        report("UZB", 2023, "2024-02-01"),
    ];
    let missing: Vec<&str> = cbm::unreported(&members, &filed, 2024)
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(missing, ["AZE", "UZB"]);
}

#[test]
fn an_activity_names_who_organised_it_and_counts_each_state_once() {
    type Case = (&'static str, Activity, &'static [&'static str]);
    let with_count = |mut a: Activity, n: u32| {
        a.states_reported = Some(n);
        a
    };
    let untitled = |mut a: Activity| {
        a.title = "  ".into();
        a
    };
    let cases: Vec<Case> = vec![
        (
            "Russia's workshop with Kazakhstan and Iran, 16 states in all",
            with_count(
                activity(
                    "w",
                    "ict-security",
                    "2025-03-04",
                    &["RUS", "KAZ", "IRN"],
                    &[],
                ),
                16,
            ),
            &[],
        ),
        (
            "nobody organised it",
            activity("w", "ict-security", "2025-03-04", &[], &["KAZ"]),
            &["organisers"],
        ),
        (
            "an organiser named again as a participant",
            activity("w", "ict-security", "2025-03-04", &["RUS"], &["RUS"]),
            &["participants"],
        ),
        (
            "a participant named twice",
            activity("w", "ict-security", "2025-03-04", &["RUS"], &["KAZ", "KAZ"]),
            &["participants"],
        ),
        (
            "fewer states counted than named",
            with_count(
                activity("w", "ict-security", "2025-03-04", &["RUS"], &["KAZ", "IRN"]),
                2,
            ),
            &["states_reported"],
        ),
        (
            "no title",
            untitled(activity("w", "ict-security", "2025-03-04", &["RUS"], &[])),
            &["title"],
        ),
    ];
    for (what, a, fields) in cases {
        let found: Vec<String> = a.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(found, *fields, "{what}");
    }
}

#[test]
fn an_area_has_one_plan_a_year_and_names_a_broken_term_by_its_place() {
    let plan = |first: i32, last: i32| cbm::ActionPlan {
        first_year: first,
        last_year: last,
        adopted: None,
        decided_by: None,
        provenance: Provenance::default(),
    };
    let mut a = area(vec![
        term("RUS", Lead, "2024", None),
        term("KAZ", Lead, "2025-03", None),
    ]);
    a.plans = vec![plan(2024, 2025), plan(2025, 2025), plan(2027, 2026)];
    let found = a.problems();
    let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["plans[1]", "plans[2].last_year", "coordinators[1]"]
    );
    assert!(
        found[2]
            .1
            .contains("KAZ would coordinate while RUS does (from 2024)")
    );
    a.plans = vec![plan(2022, 2023), plan(2024, 2025)];
    a.terms.pop();
    assert!(a.problems().is_empty());
}
