//! Saving meetings as editors do, against a real database file: a save over another version or
//! naming a record that does not exist (or a news item the public cannot read) is refused with
//! nothing written; a save changes the meeting in place, so the decisions taken at it stay;
//! every write is audited with the meeting before and after.

use crate::common;

use cica_domain::{Slug, StateCode};
use cica_store::{DecisionQuery, Expect, Store, StoreError};
use common::{loaded, test_by};

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

const BAKU: &str = "soc-2025-02-27-baku";

async fn decisions_at(store: &dyn Store, meeting: &str) -> usize {
    store
        .decisions(&DecisionQuery {
            meeting: Some(slug(meeting)),
            limit: 100,
            ..DecisionQuery::default()
        })
        .await
        .expect("reads")
        .items
        .len()
}

#[tokio::test]
async fn a_meeting_saved_keeps_the_decisions_taken_at_it_and_its_links_are_written_anew() {
    let (_dir, store) = loaded().await;
    let before = decisions_at(store.as_ref(), BAKU).await;
    assert!(before > 0, "the dataset records decisions taken at {BAKU}");
    let (mut m, version) = store
        .meeting_versioned(&slug(BAKU))
        .await
        .expect("reads")
        .expect("stored");
    m.summary = Some("A summary written again.".into());
    m.states = vec![StateCode::parse("AZE").expect("code")];
    let saved = store
        .save_meeting(&m, Expect::Version(version), &test_by())
        .await
        .expect("saved");
    assert!(saved > version);
    let (read, now) = store
        .meeting_versioned(&slug(BAKU))
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!((read, now), (m, saved));
    assert_eq!(decisions_at(store.as_ref(), BAKU).await, before);
    let trail = store
        .audit(Some(&format!("meeting/{BAKU}")))
        .await
        .expect("trail");
    let last = trail.last().expect("audited");
    assert_eq!(last.action, "meeting.save");
    assert!(
        last.before
            .as_deref()
            .is_some_and(|b| !b.contains("written again"))
            && last
                .after
                .as_deref()
                .is_some_and(|a| a.contains("written again")),
        "the entry holds the meeting before and after"
    );
}

#[tokio::test]
async fn a_meeting_save_that_is_stale_or_names_what_is_not_there_writes_nothing() {
    let (_dir, store) = loaded().await;
    let (m, version) = store
        .meeting_versioned(&slug(BAKU))
        .await
        .expect("reads")
        .expect("stored");
    let draft = slug("a-draft-report");
    // A draft to link to: the public cannot read it yet.
    let mut item = store
        .news_item(&slug("kuwait-voluntary-contribution"))
        .await
        .expect("reads")
        .expect("stored");
    item.slug = draft.clone();
    item.draft = true;
    item.issue = None;
    item.position = None;
    store
        .save_news(&item, Expect::Absent, &test_by())
        .await
        .expect("draft saved");
    type Change = fn(&mut cica_domain::Meeting, &Slug);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "an unknown body",
            |m, _| m.body = slug("no-such-body"),
            "body",
        ),
        (
            "an unknown chair",
            |m, _| m.chair_person = Some(slug("nobody-at-all")),
            "chair_person",
        ),
        (
            "an unknown state",
            |m, _| m.states.push(StateCode::parse("XXX").expect("code")),
            "states[",
        ),
        (
            "an unknown next meeting",
            |m, _| m.next = Some(slug("no-such-meeting")),
            "next",
        ),
        ("a draft report", |m, d| m.news = vec![d.clone()], "news[0]"),
    ];
    for (case, change, field) in cases {
        let mut changed = m.clone();
        change(&mut changed, &draft);
        match store
            .save_meeting(&changed, Expect::Version(version), &test_by())
            .await
        {
            Err(StoreError::Rejected(message)) => {
                assert!(message.starts_with(field), "{case}: {message}");
            }
            other => panic!("{case}: {other:?}"),
        }
    }
    let mut changed = m.clone();
    changed.summary = Some("Another summary.".into());
    store
        .save_meeting(&changed, Expect::Version(version), &test_by())
        .await
        .expect("saved");
    match store
        .save_meeting(&m, Expect::Version(version), &test_by())
        .await
    {
        Err(StoreError::Stale { .. }) => {}
        other => panic!("a save over an older version: {other:?}"),
    }
    match store.save_meeting(&m, Expect::Absent, &test_by()).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("a creation where a meeting is: {other:?}"),
    }
    let read = store
        .meeting(&slug(BAKU))
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(read, changed, "nothing of the refused saves was written");
}
