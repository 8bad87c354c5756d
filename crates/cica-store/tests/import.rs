//! Imports against a real database file: drafts and their proposals are written once, in one
//! transaction; what the records already hold is recognised; nothing of it is public.

use crate::common;

use cica_domain::{DateSpan, NewsItem, NewsKind, Slug, parse_day};
use cica_store::{ImportAction, ImportItem, NewsQuery, Proposal, ProposalAction, ProposalKind};
use common::{loaded, test_by};

fn span(a: &str, b: &str) -> Option<DateSpan> {
    DateSpan::new(parse_day(a).expect("day"), parse_day(b).expect("day")).ok()
}

fn item(slug: &str, dated: bool, proposals: Vec<Proposal>) -> ImportItem {
    let day = parse_day("2025-02-27").expect("day");
    ImportItem {
        news: NewsItem {
            slug: Slug::parse(slug).expect("slug"),
            title: format!("A test item {slug}"),
            kind: NewsKind::Article,
            dateline: dated.then(|| cica_domain::Dateline {
                place: "Baku".into(),
                span: DateSpan::new(day, day).expect("span"),
            }),
            date: day,
            date_confirmed: dated,
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
            source: "a test".into(),
            body: format!("Text of {slug}, written for this test."),
            draft: true,
            photos: vec![],
        },
        proposals,
    }
}

fn meeting(body: &str, when: Option<DateSpan>) -> Proposal {
    Proposal {
        kind: ProposalKind::Meeting,
        subject: body.into(),
        person: None,
        title: None,
        place: Some("Baku".into()),
        span: when,
        evidence: "The committee met.".into(),
    }
}

fn visit(name: &str) -> Proposal {
    Proposal {
        kind: ProposalKind::Engagement,
        subject: name.into(),
        person: None,
        title: Some("Ambassador of Nowhere".into()),
        place: Some("Astana".into()),
        span: span("2025-02-27", "2025-02-27"),
        evidence: format!("The Secretary General received {name}."),
    }
}

#[tokio::test]
async fn proposals_are_written_once_and_recognise_what_is_recorded() {
    let (_dir, store) = loaded().await;
    let items = vec![item(
        "test-soc-item",
        true,
        vec![
            // The built-in calendar holds the SOC meeting of 27 February 2025 in Baku.
            meeting(
                "senior-officials-committee",
                span("2025-02-27", "2025-02-27"),
            ),
            meeting("think-tank-forum", span("2025-02-27", "2025-02-27")),
            visit("Tomasz Wielki"),
            visit("Tomasz Wielki"),
        ],
    )];
    let plan = store.plan_import(&items).await.expect("plan");
    let want = [
        ProposalAction::Recorded(Slug::parse("soc-2025-02-27-baku").expect("id")),
        ProposalAction::Propose,
        ProposalAction::Propose,
        ProposalAction::Skipped,
    ];
    assert_eq!(plan[0].action, ImportAction::Create);
    assert_eq!(plan[0].proposals, want);
    assert!(store.pending_proposals().await.expect("pending").is_empty());

    let before = store.revision().await.expect("revision");
    let done = store.import_news(&items, &test_by()).await.expect("import");
    assert_eq!(done, plan, "the import does what the plan said");
    let pending = store.pending_proposals().await.expect("pending");
    let subjects: Vec<&str> = pending
        .iter()
        .map(|p| p.proposal.subject.as_str())
        .collect();
    assert_eq!(subjects, ["think-tank-forum", "Tomasz Wielki"]);
    assert!(pending.iter().all(|p| p.news.as_str() == "test-soc-item"));
    let after = store.revision().await.expect("revision");
    assert_eq!(
        after, before,
        "drafts and pending proposals are the Secretariat's: the public revision stays"
    );

    // Again: nothing changes, not even the revision.
    let again = store.import_news(&items, &test_by()).await.expect("import");
    assert_eq!(
        again[0].action,
        ImportAction::Unchanged(items[0].news.slug.clone())
    );
    assert_eq!(
        again[0].proposals[1..3],
        [ProposalAction::Pending, ProposalAction::Pending]
    );
    assert_eq!(store.revision().await.expect("revision"), after);
    assert_eq!(store.pending_proposals().await.expect("pending").len(), 2);

    // Drafts and their proposals are not public; replacing everything takes them away.
    let public = store
        .news(&NewsQuery {
            limit: 200,
            ..NewsQuery::default()
        })
        .await
        .expect("news");
    assert!(
        !public
            .items
            .iter()
            .any(|n| n.slug.as_str() == "test-soc-item")
    );
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("replaces");
    assert!(store.pending_proposals().await.expect("pending").is_empty());
}

/// Regression (issue 4): an item without a dated dateline is filed under an inferred day; a
/// different inferred day on a later import is no change.
#[tokio::test]
async fn an_inferred_date_is_no_difference() {
    let (_dir, store) = loaded().await;
    let first = item("test-undated-item", false, vec![]);
    store
        .import_news(std::slice::from_ref(&first), &test_by())
        .await
        .expect("import");
    let mut later = first.clone();
    later.news.date = parse_day("2025-09-01").expect("day");
    let plan = store
        .plan_import(std::slice::from_ref(&later))
        .await
        .expect("plan");
    assert_eq!(
        plan[0].action,
        ImportAction::Unchanged(first.news.slug.clone())
    );
    // A dated item whose date changed is a change.
    let dated = item("test-dated-item", true, vec![]);
    store
        .import_news(std::slice::from_ref(&dated), &test_by())
        .await
        .expect("import");
    let mut moved = dated.clone();
    moved.news.date = parse_day("2025-02-28").expect("day");
    moved.news.dateline = Some(cica_domain::Dateline {
        place: "Baku".into(),
        span: DateSpan::new(moved.news.date, moved.news.date).expect("span"),
    });
    let plan = store.plan_import(&[moved]).await.expect("plan");
    assert_eq!(plan[0].action, ImportAction::Update);
}

/// An import larger than one statement can carry (news rows are written in chunks of under
/// two thousand) keeps every item whole: its tags, its proposals, one audit entry each, and a
/// trail whose links still hold; an item repeated later in the same import is recognised.
#[tokio::test]
async fn a_large_import_writes_every_item_with_its_tags_proposals_and_audit_entry() {
    let (_dir, store) = loaded().await;
    let trail_before = store.audit(None).await.expect("trail").len();
    let mut items: Vec<ImportItem> = (0..2500)
        .map(|k| {
            let mut it = item(
                &format!("test-bulk-{k}"),
                true,
                vec![meeting(
                    "think-tank-forum",
                    span("2025-02-27", "2025-02-27"),
                )],
            );
            it.news.states = ["AZE", "KAZ"]
                .map(|c| cica_domain::StateCode::parse(c).expect("code"))
                .to_vec();
            it
        })
        .collect();
    // The same headline and day under another address is the same item.
    let mut again = items[7].clone();
    again.news.slug = Slug::parse("test-bulk-again").expect("slug");
    items.push(again);

    let plan = store.plan_import(&items).await.expect("plan");
    let done = store.import_news(&items, &test_by()).await.expect("import");
    assert!(done == plan, "the import does what the plan said");
    assert_eq!(
        done[2500].action,
        ImportAction::Unchanged(Slug::parse("test-bulk-7").expect("slug"))
    );
    assert_eq!(done[2500].proposals, [ProposalAction::Pending]);

    let pending = store.pending_proposals().await.expect("pending");
    assert_eq!(pending.len(), 2500, "one proposal for each new item");
    // The first and last items, and those on both sides of each chunk's edge.
    for k in [0, 1, 1881, 1882, 1883, 2499] {
        let slug = Slug::parse(&format!("test-bulk-{k}")).expect("slug");
        let n = store
            .news_item(&slug)
            .await
            .expect("reads")
            .unwrap_or_else(|| panic!("{slug} is written"));
        assert_eq!(n, items[k].news, "{slug} is written as it was read");
    }

    let (trail, head) = store.audit_snapshot().await.expect("trail");
    assert_eq!(
        trail.len(),
        trail_before + 2500,
        "one entry for each item written"
    );
    assert_eq!(
        cica_domain::audit::verify(&trail, head.as_ref().map(|(s, h)| (*s, h.as_str()))),
        Ok(()),
        "the trail's links hold across the batch"
    );
}

/// A proposal made by one item for a stored draft goes with that draft when a later item of
/// the same import replaces it, as it would had each been written at once.
#[tokio::test]
async fn a_draft_replaced_later_in_the_same_import_takes_earlier_proposals_with_it() {
    let (_dir, store) = loaded().await;
    let first = item("test-replaced-draft", true, vec![]);
    store
        .import_news(std::slice::from_ref(&first), &test_by())
        .await
        .expect("import");
    // The same day and headline under another address: the stored draft, with a proposal.
    let mut same = first.clone();
    same.news.slug = Slug::parse("test-same-headline").expect("slug");
    same.proposals = vec![meeting(
        "think-tank-forum",
        span("2025-02-27", "2025-02-27"),
    )];
    // The draft's own address with a new text: it replaces the draft.
    let mut replaced = first.clone();
    replaced.news.body = "A new text for the same draft.".into();
    let items = [same, replaced];
    let plan = store.plan_import(&items).await.expect("plan");
    let done = store.import_news(&items, &test_by()).await.expect("import");
    assert_eq!(done, plan, "the import does what the plan said");
    assert_eq!(
        done.iter().map(|o| o.action.clone()).collect::<Vec<_>>(),
        [
            ImportAction::Unchanged(first.news.slug.clone()),
            ImportAction::Update
        ]
    );
    assert!(
        store.pending_proposals().await.expect("pending").is_empty(),
        "the replaced draft's proposal went with it"
    );
}

#[tokio::test]
async fn a_long_import_reaches_the_database_file_without_another_write() {
    let (dir, store) = loaded().await;
    let file = dir.path().join("test.db");
    let size = || std::fs::metadata(&file).expect("the database file").len();
    let before = size();
    // Some six megabytes of new drafts: more than the log holds before it is copied.
    let text = "A sentence of the long import, one of many. ".repeat(140);
    let items: Vec<ImportItem> = (0..1000)
        .map(|i| {
            let mut it = item(&format!("test-long-{i}"), true, vec![]);
            it.news.body = format!("{text} Item {i}.");
            it
        })
        .collect();
    let done = store.import_news(&items, &test_by()).await.expect("import");
    assert!(done.iter().all(|o| o.action == ImportAction::Create));
    // The copy runs after the import answers; it is waited for, for a bounded time.
    let grown = 5_000_000;
    for _ in 0..200 {
        if size() >= before + grown {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        size() >= before + grown,
        "the database file grew from {before} to {} bytes",
        size()
    );
    let stored = store
        .news_item(&Slug::parse("test-long-999").expect("slug"))
        .await
        .expect("read");
    assert!(stored.is_some_and(|n| n.body.ends_with("Item 999.")));
}

#[tokio::test]
async fn a_database_in_memory_keeps_its_records_through_imports() {
    let store = common::open("sqlite::memory:").await.expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("loads");
    let first = item("test-in-memory", true, vec![]);
    for round in 0..3 {
        store
            .import_news(std::slice::from_ref(&first), &test_by())
            .await
            .unwrap_or_else(|e| panic!("import {round}: {e}"));
    }
    let stored = store.news_item(&first.news.slug).await.expect("read");
    assert!(stored.is_some(), "the imported draft is still there");
    assert!(!store.states().await.expect("states").is_empty());
}
