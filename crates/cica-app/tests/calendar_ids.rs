//! The ids new calendar records take when the editor gives none: as the records name them,
//! from the record's own key, always a valid slug.

use cica_app::calendar::meeting_id;
use cica_domain::{DateSpan, Meeting, MeetingFormat, MeetingStatus, Period, Provenance, Slug};

fn meeting(body: &str, when: Period, city: Option<&str>) -> Meeting {
    Meeting {
        id: Slug::parse("new").expect("slug"),
        body: Slug::parse(body).expect("slug"),
        number: None,
        title: None,
        when,
        time: None,
        city: city.map(str::to_owned),
        country: None,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Planned,
        informal: false,
        host: None,
        chair_state: None,
        chair_person: None,
        states: vec![],
        organizations: vec![],
        series_note: None,
        summary: None,
        outcomes: vec![],
        next: None,
        news: vec![],
        provenance: Provenance::default(),
    }
}

#[test]
fn a_new_meeting_is_named_by_its_body_first_day_and_city() {
    let day = |d: &str| cica_domain::parse_day(d).expect("day");
    // The body, its short name, the days, the city, and the id.
    type Case<'a> = (&'a str, Option<&'a str>, Period, Option<&'a str>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            "senior-officials-committee",
            Some("SOC"),
            Period::Days(DateSpan::day(day("2025-06-12"))),
            Some("Astana"),
            "soc-2025-06-12-astana",
        ),
        (
            "soc",
            None,
            Period::Days(DateSpan::new(day("2025-06-12"), day("2025-06-13")).expect("span")),
            Some("Nur-Sultan"),
            "soc-2025-06-12-nur-sultan",
        ),
        (
            "ministerial-council",
            Some("Ministerial Council"),
            Period::Days(DateSpan::day(day("2025-09-25"))),
            None,
            "ministerial-council-2025-09-25",
        ),
        (
            "senior-officials-committee",
            Some("SOC"),
            Period::parse("2025-summer").expect("period"),
            Some("Baku"),
            "soc-2025-summer-baku",
        ),
        (
            "summit",
            Some("Summit"),
            Period::parse("2026").expect("period"),
            Some("Türkistan"),
            "summit-2026-turkistan",
        ),
    ];
    for (body, short, when, city, expected) in cases {
        let id = meeting_id(&meeting(body, when, city), short).expect("an id");
        assert_eq!(id.as_str(), expected);
    }
}
