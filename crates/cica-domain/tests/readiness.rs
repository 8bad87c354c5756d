//! How far an issue is from going to print: which items it prints, which are drafts, whether
//! its cover and foreword are settled, which photographs lack a description.

use cica_domain::{
    DateSpan, Digest, DigestStatus, ForewordKind, MediaName, NewsItem, NewsKind, Photo, Provenance,
    Quarter, Readiness, Slug,
};

fn q(text: &str) -> Quarter {
    Quarter::parse(text).expect("quarter")
}

fn item(slug: &str, day: &str, draft: bool) -> NewsItem {
    let date = cica_domain::parse_day(day).expect("day");
    NewsItem {
        slug: Slug::parse(slug).expect("slug"),
        title: slug.into(),
        kind: NewsKind::Article,
        dateline: Some(cica_domain::Dateline {
            place: "Astana".into(),
            span: DateSpan::day(date),
        }),
        date,
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
        source: "A test".into(),
        body: "Text.".into(),
        draft,
        photos: vec![],
    }
}

fn record(quarter: &str) -> Digest {
    Digest {
        quarter: q(quarter),
        title: "Voice of Asia".into(),
        status: DigestStatus::Draft,
        highlights: vec![],
        order: vec![],
        spotlight: None,
        foreword_author: None,
        foreword_title: None,
        foreword: None,
        foreword_kind: ForewordKind::Reported,
        provenance: Provenance::default(),
    }
}

#[test]
fn an_issue_counts_its_own_items_and_says_what_is_left_to_do() {
    let slug = |s: &str| Slug::parse(s).expect("slug");
    let mut spotlit = item("in-april", "2025-04-10", false);
    spotlit.spotlight = true;
    spotlit.photos = vec![Photo {
        media: MediaName::parse("a.jpg").expect("name"),
        caption: "A caption".into(),
        credit: None,
        alt: None,
    }];
    let mut assigned = item("from-march", "2025-03-30", false);
    assigned.issue = Some(q("2025-Q2"));
    let mut elsewhere = item("in-may-for-q3", "2025-05-02", false);
    elsewhere.issue = Some(q("2025-Q3"));
    let items = vec![
        spotlit,
        assigned,
        elsewhere,
        item("a-draft", "2025-06-01", true),
        item("in-july", "2025-07-01", false),
    ];

    let none = Readiness::of(q("2025-Q2"), None, &items);
    assert!(!none.recorded);
    assert_eq!(none.published, [slug("in-april"), slug("from-march")]);
    assert_eq!(none.drafts, [slug("a-draft")]);
    assert_eq!(none.spotlight, 1, "the items' own flags");
    assert!(none.cover_ready(), "the spotlight makes the cover");
    assert!(!none.foreword);
    assert_eq!(
        none.photos_without_alt,
        [(slug("in-april"), MediaName::parse("a.jpg").expect("name"))]
    );

    let mut chosen = record("2025-Q2");
    chosen.highlights = vec![slug("in-april"), slug("from-march")];
    chosen.spotlight = Some(vec![]);
    chosen.foreword = Some("Dear readers".into());
    let r = Readiness::of(q("2025-Q2"), Some(&chosen), &items);
    assert!(r.recorded && r.foreword);
    assert_eq!((r.cover, r.spotlight), (2, 0));
    assert!(!r.cover_ready(), "two headlines are too few for a cover");
    // A draft and another quarter's item print on no cover of this issue.
    chosen.highlights.extend([slug("a-draft"), slug("in-july")]);
    let r = Readiness::of(q("2025-Q2"), Some(&chosen), &items);
    assert_eq!(r.cover, 2);
    assert!(!r.cover_ready());
    let mut more = items.clone();
    more.push(item("in-june", "2025-06-02", false));
    more.push(item("in-may", "2025-05-05", false));
    chosen.highlights = vec![
        slug("in-april"),
        slug("from-march"),
        slug("in-june"),
        slug("in-may"),
    ];
    assert!(Readiness::of(q("2025-Q2"), Some(&chosen), &more).cover_ready());
    // A brief in the spotlight makes no cover.
    let mut brief = item("a-brief", "2025-04-20", false);
    brief.kind = NewsKind::Brief;
    brief.spotlight = true;
    let r = Readiness::of(q("2025-Q2"), None, &[brief]);
    assert_eq!(r.spotlight, 0);
    assert!(!r.cover_ready());
}
