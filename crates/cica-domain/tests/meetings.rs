//! What makes a meeting wrong on its own, each problem with the field it concerns: the rule a
//! form and the API go through before the store checks what the meeting names.

use cica_domain::{
    Act, DateSpan, Meeting, MeetingFormat, MeetingStatus, Outcome, Period, Provenance, Slug,
    StateCode,
};

fn meeting() -> Meeting {
    let day = cica_domain::parse_day("2025-06-12").expect("day");
    Meeting {
        id: Slug::parse("soc-2025-06-12-astana").expect("slug"),
        body: Slug::parse("soc").expect("slug"),
        number: None,
        title: None,
        when: Period::Days(DateSpan::day(day)),
        time: None,
        city: Some("Astana".into()),
        country: Some(StateCode::parse("KAZ").expect("code")),
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Held,
        informal: false,
        host: None,
        chair_state: None,
        chair_person: None,
        states: vec![],
        organizations: vec![],
        series_note: None,
        summary: None,
        outcomes: vec![Outcome {
            act: Act::parse("adopted").expect("act"),
            text: "the agenda".into(),
        }],
        next: None,
        news: vec![],
        provenance: Provenance::default(),
    }
}

#[test]
fn each_problem_of_a_meeting_is_named_by_its_field() {
    type Change = fn(&mut Meeting);
    let cases: Vec<(&str, Change, &[&str])> = vec![
        ("a sound meeting", |_| {}, &[]),
        ("an empty city", |m| m.city = Some(" ".into()), &["city"]),
        (
            "a title of two lines",
            |m| m.title = Some("One\nTwo".into()),
            &["title"],
        ),
        (
            "a series note of two lines",
            |m| m.series_note = Some("a\rb".into()),
            &["series_note"],
        ),
        (
            "an empty summary",
            |m| m.summary = Some("\n".into()),
            &["summary"],
        ),
        ("number 0", |m| m.number = Some(0), &["number"]),
        ("number 1", |m| m.number = Some(1), &[]),
        (
            "an outcome without text",
            |m| m.outcomes[0].text = " ".into(),
            &["outcomes[0].text"],
        ),
        (
            "an outcome of two lines",
            |m| m.outcomes[0].text = "the agenda\nand the minutes".into(),
            &["outcomes[0].text"],
        ),
        (
            "outcomes of a planned meeting",
            |m| m.status = MeetingStatus::Planned,
            &["outcomes"],
        ),
        (
            "a planned meeting without outcomes",
            |m| {
                m.status = MeetingStatus::Planned;
                m.outcomes.clear();
            },
            &[],
        ),
        (
            "itself as the next",
            |m| m.next = Some(m.id.clone()),
            &["next"],
        ),
        (
            "a state twice",
            |m| {
                let k = StateCode::parse("KAZ").expect("code");
                m.states = vec![k.clone(), k];
            },
            &["states"],
        ),
        (
            "an organization twice",
            |m| {
                let o = Slug::parse("un").expect("slug");
                m.organizations = vec![o.clone(), o];
            },
            &["organizations"],
        ),
        (
            "a news item twice",
            |m| {
                let n = Slug::parse("an-item").expect("slug");
                m.news = vec![n.clone(), n];
            },
            &["news"],
        ),
        (
            "more outcomes than a meeting records",
            |m| {
                let o = m.outcomes[0].clone();
                m.outcomes = vec![o; Meeting::MAX_OUTCOMES + 1];
            },
            &["outcomes"],
        ),
    ];
    for (case, change, fields) in cases {
        let mut m = meeting();
        change(&mut m);
        let named: Vec<String> = m.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(named, *fields, "{case}");
    }
}

proptest::proptest! {
    /// Any text a client sends as a meeting's days is read or refused, never a panic.
    #[test]
    fn any_text_is_read_as_days_or_refused(text in "\\PC{0,12}") {
        let _ = Period::parse(&text);
        let _ = cica_domain::PartialDate::parse(&text);
        let _ = cica_domain::Quarter::parse(&text);
    }
}

#[test]
fn days_with_letters_of_other_scripts_are_refused() {
    for text in ["2025é1", "202é-1", "2025-0é", "２０２５"] {
        assert!(Period::parse(text).is_err(), "{text}");
    }
}
