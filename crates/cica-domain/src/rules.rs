//! Questions answered from records alone: who chaired on a day, how a meeting is titled,
//! when the Secretariat last engaged each state.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::date::DateSpan;
use crate::ids::{Slug, StateCode};
use crate::record::{Body, Chairmanship, Engagement, Meeting};

/// Why an act cannot be recorded as asked: the rules of who acts when.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    #[error("only the Chair opens a silence procedure; on {day} the Chair is {chair}, not {asked}")]
    NotTheChair {
        day: NaiveDate,
        chair: StateCode,
        asked: StateCode,
    },
    #[error("no Chair is recorded for {0}")]
    NoChair(NaiveDate),
    #[error(
        "meeting `{meeting}` is of `{body}`, not of `{organ}`; a decision is recorded at a meeting of its own organ"
    )]
    OtherOrgan {
        meeting: Slug,
        body: Slug,
        organ: Slug,
    },
    #[error("{date} is not a day of meeting `{meeting}` ({} to {})", .days.start(), .days.end())]
    NotAMeetingDay {
        date: NaiveDate,
        meeting: Slug,
        days: DateSpan,
    },
}

/// Only the Chair in office on `day` (the opening day in the Chair's time zone) opens a
/// silence procedure.
pub fn check_chair(
    terms: &[Chairmanship],
    day: NaiveDate,
    asked: &StateCode,
) -> Result<(), ActError> {
    match chair_on(terms, day) {
        Some(t) if &t.state == asked => Ok(()),
        Some(t) => Err(ActError::NotTheChair {
            day,
            chair: t.state.clone(),
            asked: asked.clone(),
        }),
        None => Err(ActError::NoChair(day)),
    }
}

/// A decision taken at a meeting is of the meeting's own organ, on one of its days.
pub fn check_meeting_day(
    meeting: &Slug,
    body: &Slug,
    days: DateSpan,
    organ: &Slug,
    date: NaiveDate,
) -> Result<(), ActError> {
    if body != organ {
        return Err(ActError::OtherOrgan {
            meeting: meeting.clone(),
            body: body.clone(),
            organ: organ.clone(),
        });
    }
    if !days.contains(date) {
        return Err(ActError::NotAMeetingDay {
            date,
            meeting: meeting.clone(),
            days,
        });
    }
    Ok(())
}

/// The chairmanship in office on `day`: from is inclusive, until exclusive (the hand-over day
/// belongs to the incoming Chair).
pub fn chair_on(terms: &[Chairmanship], day: NaiveDate) -> Option<&Chairmanship> {
    terms
        .iter()
        .filter(|t| t.from.first_day() <= day && t.until.is_none_or(|u| day < u.first_day()))
        .max_by_key(|t| t.from.first_day())
}

/// English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A meeting's display title: its own title, else "6th Summit", else "SOC meeting".
pub fn meeting_title(meeting: &Meeting, body: Option<&Body>) -> String {
    if let Some(t) = &meeting.title {
        return t.clone();
    }
    let label = body.map_or("Meeting", Body::label);
    match meeting.number {
        Some(n) => format!("{} {label}", ordinal(n)),
        None => format!("{label} meeting"),
    }
}

/// For each state, the last day the Secretariat engaged it (None if never), over the given
/// engagements. Every state in `states` appears in the answer.
pub fn last_engaged<'a>(
    states: impl IntoIterator<Item = &'a StateCode>,
    engagements: &[Engagement],
) -> BTreeMap<StateCode, Option<NaiveDate>> {
    let mut last: BTreeMap<StateCode, Option<NaiveDate>> =
        states.into_iter().map(|s| (s.clone(), None)).collect();
    for e in engagements {
        for s in &e.states {
            if let Some(slot) = last.get_mut(s) {
                let day = e.contact_day();
                if slot.is_none_or(|d| d < day) {
                    *slot = Some(day);
                }
            }
        }
    }
    last
}

/// The states of `last` not engaged on or after `since`, oldest contact first, never-engaged
/// first of all.
pub fn not_engaged_since(
    last: &BTreeMap<StateCode, Option<NaiveDate>>,
    since: NaiveDate,
) -> Vec<(StateCode, Option<NaiveDate>)> {
    let mut out: Vec<_> = last
        .iter()
        .filter(|(_, d)| d.is_none_or(|d| d < since))
        .map(|(s, d)| (s.clone(), *d))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Whether a body exists on `day`: established by then, as far as the record says. A body
/// whose establishment is known only to a month or a year exists from that month or year; a
/// body with no date of establishment has always existed, for the portal's purposes.
pub fn established_on(body: &Body, day: NaiveDate) -> bool {
    body.established.is_none_or(|e| e.first_day() <= day)
}

/// The policy-making organs in their order of precedence under CICA's structure: the Summit
/// (heads of state or government) above the Ministerial Council, above the Senior Officials
/// Committee.
const PRECEDENCE: [&str; 3] = [
    "summit",
    "ministerial-council",
    "senior-officials-committee",
];

/// Where a body stands in lists of bodies: the policy-making organs by precedence, then every
/// other body; ties are for the caller to break (by name).
pub fn precedence(body: &Body) -> usize {
    PRECEDENCE
        .iter()
        .position(|s| body.slug.as_str() == *s)
        .unwrap_or(PRECEDENCE.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{DateSpan, PartialDate, parse_day};
    use crate::ids::Slug;
    use crate::record::{EngagementKind, Provenance};

    fn code(s: &str) -> StateCode {
        StateCode::parse(s).expect("code")
    }

    fn term(state: &str, from: &str, until: Option<&str>) -> Chairmanship {
        let pd = |s: &str| PartialDate::parse(s).expect("date");
        Chairmanship {
            state: code(state),
            from: pd(from),
            until: until.map(pd),
            theme: None,
            priorities: vec![],
            soc_chair: None,
            provenance: Provenance::default(),
        }
    }

    fn body(slug: &str, established: Option<&str>) -> Body {
        Body {
            slug: Slug::parse(slug).expect("slug"),
            name: slug.to_owned(),
            short_name: None,
            aliases: vec![],
            kind: crate::record::BodyKind::PolicyMakingOrgan,
            parent: None,
            established: established.map(|d| PartialDate::parse(d).expect("date")),
            description: String::new(),
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn a_body_exists_from_its_establishment_as_precisely_as_it_is_known() {
        let day = |d: &str| parse_day(d).expect("day");
        for (established, on, exists) in [
            (Some("2025-09-25"), "2025-09-24", false),
            (Some("2025-09-25"), "2025-09-25", true),
            (Some("2025-09"), "2025-09-01", true),
            (Some("2025-09"), "2025-08-31", false),
            (Some("2014"), "2014-01-01", true),
            (Some("2014"), "2013-12-31", false),
            (None, "1992-10-05", true),
        ] {
            assert_eq!(
                established_on(&body("finance-summit", established), day(on)),
                exists,
                "{established:?} on {on}"
            );
        }
    }

    #[test]
    fn the_summit_comes_before_the_ministerial_council_and_the_soc() {
        let mut organs = [
            body("senior-officials-committee", None),
            body("business-council", None),
            body("ministerial-council", None),
            body("summit", None),
        ];
        organs.sort_by_key(precedence);
        let order: Vec<&str> = organs.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(
            order,
            [
                "summit",
                "ministerial-council",
                "senior-officials-committee",
                "business-council"
            ]
        );
    }

    #[test]
    fn chair_on_hand_over_days() {
        let terms = [
            term("TJK", "2018-09-24", Some("2020-09-24")),
            term("KAZ", "2020-09-24", Some("2024-12-17")),
            term("AZE", "2024-12-17", None),
        ];
        let table = [
            ("2018-09-23", None),
            ("2018-09-24", Some("TJK")),
            ("2020-09-23", Some("TJK")),
            ("2020-09-24", Some("KAZ")),
            ("2024-12-16", Some("KAZ")),
            ("2024-12-17", Some("AZE")),
            ("2026-11-28", Some("AZE")),
        ];
        for (day, want) in table {
            let got = chair_on(&terms, parse_day(day).expect("day")).map(|t| t.state.to_string());
            assert_eq!(got.as_deref(), want, "{day}");
        }
    }

    #[test]
    fn ordinals() {
        let table = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (101, "101st"),
            (111, "111th"),
        ];
        for (n, want) in table {
            assert_eq!(ordinal(n), want);
        }
    }

    #[test]
    fn last_engagement_per_state() {
        let e = |id: &str, span: &str, states: &[&str]| Engagement {
            id: Slug::parse(id).expect("slug"),
            when: DateSpan::parse(span).expect("span"),
            city: None,
            country: None,
            kind: EngagementKind::Meeting,
            secretariat: vec![],
            counterparts: vec![],
            states: states.iter().map(|s| code(s)).collect(),
            organizations: vec![],
            topics: vec![],
            summary: None,
            news: None,
            provenance: Provenance::default(),
        };
        let engagements = [
            e("a", "2025-01-15/2025-01-17", &["AZE"]),
            e("b", "2025-02-11", &["RUS"]),
            e("c", "2025-02-20", &["AZE", "TUR"]),
            e("d", "2024-12-01", &["IND"]),
        ];
        let states = [
            code("AZE"),
            code("RUS"),
            code("TUR"),
            code("IND"),
            code("QAT"),
        ];
        let last = last_engaged(&states, &engagements);
        assert_eq!(
            last[&code("AZE")],
            Some(parse_day("2025-02-20").expect("d"))
        );
        assert_eq!(last[&code("QAT")], None);
        let quiet = not_engaged_since(&last, parse_day("2025-01-01").expect("d"));
        let codes: Vec<_> = quiet.iter().map(|(c, _)| c.to_string()).collect();
        assert_eq!(codes, ["QAT", "IND"]);
    }

    fn day(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("slug")
    }

    #[test]
    fn only_the_chair_in_office_on_the_opening_day_opens_silence() {
        let terms = [
            term("KAZ", "2020-09-24", Some("2024-12-17")),
            term("AZE", "2024-12-17", None),
        ];
        let table: [(&str, &str, Result<(), ActError>); 5] = [
            ("2024-12-17", "AZE", Ok(())),
            ("2025-03-01", "AZE", Ok(())),
            (
                "2024-12-16",
                "AZE",
                Err(ActError::NotTheChair {
                    day: day("2024-12-16"),
                    chair: code("KAZ"),
                    asked: code("AZE"),
                }),
            ),
            (
                "2024-12-17",
                "KAZ",
                Err(ActError::NotTheChair {
                    day: day("2024-12-17"),
                    chair: code("AZE"),
                    asked: code("KAZ"),
                }),
            ),
            (
                "2019-01-01",
                "KAZ",
                Err(ActError::NoChair(day("2019-01-01"))),
            ),
        ];
        for (d, asked, expected) in table {
            assert_eq!(
                check_chair(&terms, day(d), &code(asked)),
                expected,
                "{d} {asked}"
            );
        }
    }

    #[test]
    fn a_decision_is_of_its_meetings_organ_on_one_of_its_days() {
        let days = DateSpan::new(day("2025-03-10"), day("2025-03-11")).expect("span");
        let (m, soc, mc) = (slug("soc-2025-1"), slug("soc"), slug("mc"));
        assert_eq!(
            check_meeting_day(&m, &soc, days, &soc, day("2025-03-10")),
            Ok(())
        );
        assert_eq!(
            check_meeting_day(&m, &soc, days, &soc, day("2025-03-11")),
            Ok(())
        );
        let err = check_meeting_day(&m, &soc, days, &soc, day("2025-03-12")).expect_err("after");
        assert_eq!(
            err.to_string(),
            "2025-03-12 is not a day of meeting `soc-2025-1` (2025-03-10 to 2025-03-11)"
        );
        assert!(matches!(
            check_meeting_day(&m, &soc, days, &mc, day("2025-03-10")),
            Err(ActError::OtherOrgan { .. })
        ));
    }
}
