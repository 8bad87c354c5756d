//! What makes a news item wrong on its own, each problem with the field it concerns: the rule
//! every way of writing an item (a form, the API, the command line) goes through.

use cica_domain::{DateSpan, Dateline, MediaName, NewsItem, NewsKind, Photo, Slug, StateCode};
use proptest::prelude::*;

fn item() -> NewsItem {
    let day = cica_domain::parse_day("2025-04-02").expect("day");
    NewsItem {
        slug: Slug::parse("an-item").expect("slug"),
        title: "A headline".into(),
        kind: NewsKind::Article,
        dateline: Some(Dateline {
            place: "Astana".into(),
            span: DateSpan::day(day),
        }),
        date: day,
        date_confirmed: true,
        date_note: None,
        spotlight: false,
        activities: false,
        issue: None,
        position: None,
        states: vec![],
        bodies: vec![],
        people: vec![],
        organizations: vec![],
        language: "en".into(),
        source: "Written for this test".into(),
        body: "A paragraph.".into(),
        draft: true,
        photos: vec![],
    }
}

fn photo(caption: &str, alt: Option<&str>) -> Photo {
    Photo {
        media: MediaName::parse("a-photo.jpg").expect("name"),
        caption: caption.into(),
        credit: None,
        alt: alt.map(str::to_owned),
    }
}

#[test]
fn each_problem_is_named_by_its_field() {
    type Change = fn(&mut NewsItem);
    let cases: Vec<(&str, Change, &[&str])> = vec![
        ("a sound item", |_| {}, &[]),
        ("an empty headline", |n| n.title = " ".into(), &["title"]),
        ("an empty body", |n| n.body = "\n\n".into(), &["body"]),
        ("no source", |n| n.source = String::new(), &["source"]),
        (
            "a dateline without its place",
            |n| {
                if let Some(d) = &mut n.dateline {
                    d.place = String::new();
                }
            },
            &["dateline.place"],
        ),
        ("no dateline at all", |n| n.dateline = None, &[]),
        (
            "a language name",
            |n| n.language = "English".into(),
            &["language"],
        ),
        (
            "a capitalised code",
            |n| n.language = "EN".into(),
            &["language"],
        ),
        ("a three-letter code", |n| n.language = "kaz".into(), &[]),
        (
            "a state twice",
            |n| {
                n.states = vec![
                    StateCode::parse("KAZ").expect("code"),
                    StateCode::parse("AZE").expect("code"),
                    StateCode::parse("KAZ").expect("code"),
                ]
            },
            &["states"],
        ),
        (
            "a person twice",
            |n| n.people = vec![Slug::parse("a").expect("s"), Slug::parse("a").expect("s")],
            &["people"],
        ),
        (
            "a photo without caption",
            |n| n.photos = vec![photo("", None)],
            &["photos[0].caption"],
        ),
        (
            "an empty description",
            |n| n.photos = vec![photo("A caption", Some(" "))],
            &["photos[0].alt"],
        ),
        (
            "a description repeating the caption",
            |n| n.photos = vec![photo("A", Some("B")), photo("A caption", Some("A caption"))],
            &["photos[1].alt"],
        ),
        (
            "a headline on two lines",
            |n| n.title = "A\nheadline".into(),
            &["title"],
        ),
        (
            "a place on two lines",
            |n| {
                if let Some(d) = &mut n.dateline {
                    d.place = "Astana\r\nKazakhstan".into();
                }
            },
            &["dateline.place"],
        ),
        (
            "more states than an item names",
            |n| {
                n.states = (0..=NewsItem::MAX_TAGS)
                    .map(|_| StateCode::parse("KAZ").expect("code"))
                    .collect()
            },
            &["states"],
        ),
        (
            "more photographs than an item prints",
            |n| n.photos = vec![photo("A caption", None); NewsItem::MAX_PHOTOS + 1],
            &["photos"],
        ),
        (
            "several at once, in the record's order",
            |n| {
                n.title = String::new();
                n.source = String::new();
                n.language = String::new();
            },
            &["title", "source", "language"],
        ),
    ];
    for (what, change, fields) in cases {
        let mut n = item();
        change(&mut n);
        let found: Vec<String> = n.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(found, *fields, "{what}");
    }
}

proptest! {
    /// A tag list is refused exactly when it names something twice.
    #[test]
    fn a_tag_list_is_refused_exactly_when_it_repeats_a_key(picks in prop::collection::vec(0usize..6, 0..8)) {
        let codes = ["KAZ", "AZE", "CHN", "IND", "TUR", "RUS"];
        let mut n = item();
        n.states = picks.iter().map(|i| StateCode::parse(codes[*i]).expect("code")).collect();
        let mut unique = picks.clone();
        unique.sort_unstable();
        unique.dedup();
        let refused = n.problems().iter().any(|(f, _)| f == "states");
        prop_assert_eq!(refused, unique.len() != picks.len());
    }
}

#[test]
fn an_engagements_problems_are_named_by_their_field() {
    use cica_domain::{Counterpart, Engagement, EngagementKind, Provenance};
    let day = cica_domain::parse_day("2025-04-03").expect("day");
    let sound = Engagement {
        id: Slug::parse("2025-04-03-a-call").expect("slug"),
        when: DateSpan::day(day),
        city: Some("Astana".into()),
        country: Some(StateCode::parse("KAZ").expect("code")),
        kind: EngagementKind::CourtesyCall,
        secretariat: vec![Slug::parse("kairat-sarybay").expect("slug")],
        counterparts: vec![Counterpart {
            person: Slug::parse("a-minister").expect("slug"),
            title: None,
            state: None,
            organization: None,
        }],
        states: vec![StateCode::parse("KAZ").expect("code")],
        organizations: vec![],
        topics: vec!["the Summit".into()],
        summary: None,
        news: None,
        provenance: Provenance::default(),
    };
    type Change = fn(&mut Engagement);
    let cases: Vec<(&str, Change, &[&str])> = vec![
        ("a sound engagement", |_| {}, &[]),
        ("an empty city", |e| e.city = Some(" ".into()), &["city"]),
        (
            "the Secretariat's own man as counterpart",
            |e| e.counterparts[0].person = e.secretariat[0].clone(),
            &["counterparts[0].person"],
        ),
        (
            "a title on two lines",
            |e| e.counterparts[0].title = Some("Minister\nof Foreign Affairs".into()),
            &["counterparts[0].title"],
        ),
        (
            "a topic on two lines",
            |e| e.topics = vec!["a".into(), "b\nc".into()],
            &["topics[1]"],
        ),
        (
            "a counterpart twice",
            |e| e.counterparts = vec![e.counterparts[0].clone(), e.counterparts[0].clone()],
            &["counterparts"],
        ),
        (
            "too many topics",
            |e| e.topics = vec!["t".into(); Engagement::MAX_TOPICS + 1],
            &["topics"],
        ),
        (
            "a state twice and an organization twice",
            |e| {
                e.states = vec![e.states[0].clone(), e.states[0].clone()];
                e.organizations =
                    vec![Slug::parse("un").expect("s"), Slug::parse("un").expect("s")];
            },
            &["states", "organizations"],
        ),
    ];
    for (what, change, fields) in cases {
        let mut e = sound.clone();
        change(&mut e);
        let found: Vec<String> = e.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(found, *fields, "{what}");
    }
}
