//! Saving news items as editors do, against a real database file: every write of an item gives
//! it a new version, never one given before (not even across a dataset load); a save over
//! another version, at a taken address or naming a record that does not exist is refused with
//! nothing written; a save keeps whether the item is a draft and its links to the calendar.

use crate::common;

use cica_domain::{DateSpan, NewsItem, NewsKind, Slug, StateCode, parse_day};
use cica_store::{Expect, ImportItem, Store, StoreError, Version};
use common::{loaded, test_by};

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

fn item(s: &str) -> NewsItem {
    let day = parse_day("2025-04-02").expect("day");
    NewsItem {
        slug: slug(s),
        title: "Staff of the Secretariat meet students".into(),
        kind: NewsKind::Brief,
        dateline: Some(cica_domain::Dateline {
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
        states: vec![StateCode::parse("KAZ").expect("code")],
        bodies: vec![],
        people: vec![],
        organizations: vec![],
        language: "en".into(),
        source: "Written for this test".into(),
        body: "A first paragraph.\n\nA second paragraph.".into(),
        draft: true,
        photos: vec![],
    }
}

async fn version(store: &dyn Store, s: &str) -> Version {
    store
        .news_versioned(&slug(s))
        .await
        .expect("reads")
        .expect("stored")
        .1
}

#[tokio::test]
async fn every_write_of_an_item_gives_it_a_version_never_given_before() {
    let (_dir, store) = loaded().await;
    let mut seen = vec![version(store.as_ref(), "kuwait-voluntary-contribution").await];
    let created = store
        .save_news(&item("a-new-item"), Expect::Absent, &test_by())
        .await
        .expect("created");
    seen.push(created);
    let mut changed = item("a-new-item");
    changed.title = "Students visit the Secretariat".into();
    let saved = store
        .save_news(&changed, Expect::Version(created), &test_by())
        .await
        .expect("saved");
    seen.push(saved);
    store
        .publish_news(&slug("a-new-item"), Expect::Any, &test_by())
        .await
        .expect("published");
    seen.push(version(store.as_ref(), "a-new-item").await);
    // An import replacing a draft gives it a new version too.
    let mut draft = item("an-imported-draft");
    draft.title = "A release the importer read".into();
    draft.body = "An imported text.".into();
    store
        .import_news(
            &[ImportItem {
                news: draft.clone(),
                proposals: vec![],
            }],
            &test_by(),
        )
        .await
        .expect("imported");
    seen.push(version(store.as_ref(), "an-imported-draft").await);
    draft.body = "A changed text, imported again.".into();
    store
        .import_news(
            &[ImportItem {
                news: draft,
                proposals: vec![],
            }],
            &test_by(),
        )
        .await
        .expect("imported again");
    seen.push(version(store.as_ref(), "an-imported-draft").await);
    // A dataset load replaces every item: their versions still move on.
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("reloads");
    seen.push(version(store.as_ref(), "kuwait-voluntary-contribution").await);
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "each later than the one before: {seen:?}"
    );
}

#[tokio::test]
async fn a_save_that_expects_what_is_not_stored_is_refused_and_writes_nothing() {
    let (_dir, store) = loaded().await;
    let v1 = store
        .save_news(&item("an-item"), Expect::Absent, &test_by())
        .await
        .expect("created");
    let trail = store.audit(None).await.expect("trail").len();
    let mut other = item("an-item");
    other.title = "Another headline".into();
    let cases: Vec<(&str, NewsItem, Expect)> = vec![
        (
            "an older version",
            other.clone(),
            Expect::Version(Version(v1.0 - 1)),
        ),
        ("a taken address", other.clone(), Expect::Absent),
        ("nothing there", item("nothing-there"), Expect::Version(v1)),
        (
            "nothing there, any version",
            item("nothing-there"),
            Expect::Any,
        ),
        (
            "a state the register does not hold",
            NewsItem {
                states: vec![StateCode::parse("GBR").expect("code")],
                ..other.clone()
            },
            Expect::Version(v1),
        ),
        (
            "an image that is not there",
            NewsItem {
                photos: vec![cica_domain::Photo {
                    media: cica_domain::MediaName::parse("no-such.jpg").expect("name"),
                    caption: "A caption".into(),
                    credit: None,
                    alt: None,
                }],
                ..other.clone()
            },
            Expect::Version(v1),
        ),
    ];
    for (what, news, expect) in cases {
        let e = store
            .save_news(&news, expect, &test_by())
            .await
            .expect_err(what);
        match (what, &e) {
            ("an older version", StoreError::Stale { current, .. }) => assert_eq!(*current, v1),
            ("a taken address", StoreError::Conflict(_))
            | ("nothing there" | "nothing there, any version", StoreError::NotFound(_)) => {}
            (_, StoreError::Rejected(m)) => {
                assert!(
                    m.starts_with("states:") || m.starts_with("photos:"),
                    "{what}: {m}"
                )
            }
            _ => panic!("{what}: {e:?}"),
        }
        assert_eq!(version(store.as_ref(), "an-item").await, v1, "{what}");
        assert_eq!(
            store.audit(None).await.expect("trail").len(),
            trail,
            "{what}"
        );
    }
    let stored = store.news_item(&slug("an-item")).await.expect("reads");
    assert_eq!(stored.map(|n| n.title), Some(item("an-item").title));
}

#[tokio::test]
async fn a_save_keeps_the_items_publication_and_the_meetings_that_cite_it() {
    let (_dir, store) = loaded().await;
    // A published item of the dataset that a meeting cites.
    let meetings = store
        .meetings(&cica_store::MeetingQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("meetings");
    let (meeting, news) = meetings
        .items
        .iter()
        .find_map(|m| m.news.first().map(|n| (m.id.clone(), n.clone())))
        .expect("a meeting citing an item");
    let (mut n, v) = store
        .news_versioned(&news)
        .await
        .expect("reads")
        .expect("stored");
    assert!(!n.draft);
    n.draft = true; // a save does not publish or unpublish
    n.title = format!("{} (corrected)", n.title);
    store
        .save_news(&n, Expect::Version(v), &test_by())
        .await
        .expect("saved");
    let saved = store
        .news_item(&news)
        .await
        .expect("reads")
        .expect("stored");
    assert!(!saved.draft, "still published");
    assert!(saved.title.ends_with("(corrected)"));
    let m = store
        .meeting(&meeting)
        .await
        .expect("reads")
        .expect("stored");
    assert!(m.news.contains(&news), "the meeting still cites it");
    let last = store
        .audit(Some(&format!("news/{news}")))
        .await
        .expect("trail");
    assert_eq!(last.last().map(|e| e.action.as_str()), Some("news.save"));
}

#[tokio::test]
async fn a_draft_an_editor_saved_is_left_as_it_is_by_a_later_import() {
    let (_dir, store) = loaded().await;
    let mut imported = item("a-release");
    imported.title = "A release the importer read".into();
    let import = |news: NewsItem| ImportItem {
        news,
        proposals: vec![],
    };
    store
        .import_news(&[import(imported.clone())], &test_by())
        .await
        .expect("imported");
    // An editor corrects the draft.
    let v = version(store.as_ref(), "a-release").await;
    let mut corrected = imported.clone();
    corrected.title = "A release, its headline corrected".into();
    store
        .save_news(&corrected, Expect::Version(v), &test_by())
        .await
        .expect("saved");
    // The same release imported again, or read differently, changes nothing of it.
    let mut reread = imported.clone();
    reread.body = "The text as the importer now reads it.".into();
    for again in [imported, reread] {
        let outcome = store
            .import_news(&[import(again)], &test_by())
            .await
            .expect("imported");
        assert!(
            matches!(
                &outcome[0].action,
                cica_store::ImportAction::Conflict(m) if m.contains("an editor has changed the draft")
            ),
            "{:?}",
            outcome[0].action
        );
        let stored = store
            .news_item(&slug("a-release"))
            .await
            .expect("reads")
            .expect("stored");
        assert_eq!(stored.title, corrected.title);
        assert_eq!(stored.body, corrected.body);
    }
}
