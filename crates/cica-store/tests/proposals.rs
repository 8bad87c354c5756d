//! An editor's review of what imported items report, against a real database file: a pending
//! proposal becomes a meeting or an engagement linked to its item, or is rejected, once; every
//! refusal names its reason and writes nothing; later imports leave the decision as it is.

use crate::common;

use cica_domain::{
    Counterpart, DateSpan, EngagementKind, MeetingFormat, MeetingStatus, NewsItem, NewsKind,
    Period, Provenance, Slug, StateCode, parse_day,
};
use cica_store::{
    Acceptance, Accepted, EngagementAcceptance, EngagementQuery, ImportAction, ImportItem,
    MeetingAcceptance, MeetingQuery, Proposal, ProposalAction, ProposalKey, ProposalKind, Store,
    StoreError,
};
use common::{loaded, test_by};

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

fn code(s: &str) -> StateCode {
    StateCode::parse(s).expect("code")
}

fn day(s: &str) -> chrono::NaiveDate {
    parse_day(s).expect("day")
}

fn days(a: &str, b: &str) -> Option<DateSpan> {
    DateSpan::new(day(a), day(b)).ok()
}

/// A draft reported from Baku on 10 March 2025 (a day the built-in calendar leaves free).
fn item(s: &str, body: &str, proposals: Vec<Proposal>) -> ImportItem {
    let d = day("2025-03-10");
    ImportItem {
        news: NewsItem {
            slug: slug(s),
            title: format!("Review fixture {s}"),
            kind: NewsKind::Article,
            dateline: Some(cica_domain::Dateline {
                place: "Baku".into(),
                span: DateSpan::new(d, d).expect("span"),
            }),
            date: d,
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
            source: "a review test".into(),
            body: body.into(),
            draft: true,
            photos: vec![],
        },
        proposals,
    }
}

fn forum(span: Option<DateSpan>) -> Proposal {
    Proposal {
        kind: ProposalKind::Meeting,
        subject: "think-tank-forum".into(),
        person: None,
        title: None,
        place: Some("Baku".into()),
        span,
        evidence: "Scholars of the forum gathered to compare notes.".into(),
    }
}

fn call_on_minister() -> Proposal {
    Proposal {
        kind: ProposalKind::Engagement,
        subject: "rashad-nabiyev".into(),
        person: Some(slug("rashad-nabiyev")),
        title: Some("Minister of Digital Development and Transport".into()),
        place: Some("Baku".into()),
        span: days("2025-03-10", "2025-03-11"),
        evidence: "The Secretary General called on the minister.".into(),
    }
}

fn stranger(name: &str) -> Proposal {
    Proposal {
        kind: ProposalKind::Engagement,
        subject: name.into(),
        person: None,
        title: Some("Rector of a university".into()),
        place: Some("Baku".into()),
        span: days("2025-03-10", "2025-03-10"),
        evidence: format!("The Secretary General met {name}."),
    }
}

fn key(news: &str, kind: ProposalKind, subject: &str) -> ProposalKey {
    ProposalKey {
        news: slug(news),
        kind,
        subject: subject.into(),
    }
}

/// The least an editor gives for a meeting: its id and what it was.
fn meeting_as(id: &str) -> MeetingAcceptance {
    MeetingAcceptance {
        id: slug(id),
        body: None,
        number: None,
        title: None,
        start: None,
        end: None,
        city: None,
        country: None,
        format: MeetingFormat::InPerson,
        status: MeetingStatus::Held,
        informal: false,
        host: None,
        chair_state: None,
        chair_person: None,
        states: vec![],
        organizations: vec![],
        summary: None,
        provenance: Provenance::default(),
    }
}

fn engagement_as(id: &str) -> EngagementAcceptance {
    EngagementAcceptance {
        id: slug(id),
        kind: EngagementKind::Consultation,
        start: None,
        end: None,
        city: None,
        country: None,
        secretariat: vec![],
        counterparts: None,
        states: vec![],
        organizations: vec![],
        topics: vec![],
        summary: None,
        provenance: Provenance::default(),
    }
}

/// Imports the item and publishes it, as an editor does before accepting what it reports.
async fn imported(store: &dyn Store, items: &[ImportItem]) {
    store.import_news(items, &test_by()).await.expect("import");
    for i in items {
        store
            .publish_news(&i.news.slug, cica_store::Expect::Any, &test_by())
            .await
            .expect("publish");
    }
}

async fn counts(store: &dyn Store) -> (usize, usize) {
    let meetings = store
        .meetings(&MeetingQuery {
            limit: 1000,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings")
        .items
        .len();
    let engagements = store
        .engagements(&EngagementQuery {
            limit: 1000,
            ..EngagementQuery::default()
        })
        .await
        .expect("engagements")
        .items
        .len();
    (meetings, engagements)
}

fn pending_subjects(p: &[cica_store::PendingProposal]) -> Vec<String> {
    p.iter().map(|p| p.proposal.subject.clone()).collect()
}

#[tokio::test]
async fn an_accepted_meeting_joins_the_calendar_once() {
    let (_dir, store) = loaded().await;
    let items = vec![item(
        "review-forum-item",
        "Scholars of the forum gathered in Baku to compare notes.",
        vec![forum(days("2025-03-10", "2025-03-11"))],
    )];
    imported(&*store, &items).await;
    let before = store.revision().await.expect("revision");
    let k = key(
        "review-forum-item",
        ProposalKind::Meeting,
        "think-tank-forum",
    );
    let mut a = meeting_as("ttf-2025-03-10-baku");
    a.country = Some(code("AZE"));
    a.states = vec![code("AZE"), code("KAZ"), code("AZE")];
    a.title = Some("  ".into());
    a.summary = Some(" Scholars compared notes. ".into());
    let Accepted::Meeting(m) = store
        .accept_proposal(&k, &Acceptance::Meeting(a.clone()), &test_by())
        .await
        .expect("accepted")
    else {
        panic!("a meeting proposal becomes a meeting");
    };
    // What the editor left out comes from the proposal: body, days, city, the item.
    assert_eq!(m.body, slug("think-tank-forum"));
    assert_eq!(
        m.when,
        Period::Days(days("2025-03-10", "2025-03-11").expect("span"))
    );
    assert_eq!(m.city.as_deref(), Some("Baku"));
    assert_eq!(m.news, [slug("review-forum-item")]);
    assert_eq!(m.states, [code("AZE"), code("KAZ")], "a repeat is dropped");
    assert_eq!(m.title, None, "blank text is no title");
    assert_eq!(m.summary.as_deref(), Some("Scholars compared notes."));
    assert_eq!(
        store.meeting(&m.id).await.expect("read").as_ref(),
        Some(&m),
        "stored as answered"
    );
    assert!(store.pending_proposals().await.expect("pending").is_empty());
    assert_eq!(store.revision().await.expect("revision"), before + 1);

    // Twice is refused, and writes nothing.
    let again = store
        .accept_proposal(
            &k,
            &Acceptance::Meeting(meeting_as("ttf-2025-03-10-baku-2")),
            &test_by(),
        )
        .await;
    assert!(
        matches!(&again, Err(StoreError::Rejected(m)) if m.contains("already accepted")),
        "{again:?}"
    );
    assert!(
        store
            .meeting(&slug("ttf-2025-03-10-baku-2"))
            .await
            .expect("read")
            .is_none()
    );

    // Importing the same text again: unchanged, the proposal reviewed, not pending again.
    let done = store
        .import_news(&items, &test_by())
        .await
        .expect("re-import");
    assert_eq!(
        done[0].action,
        ImportAction::Unchanged(slug("review-forum-item"))
    );
    assert_eq!(done[0].proposals, [ProposalAction::Reviewed]);
    assert!(store.pending_proposals().await.expect("pending").is_empty());
    assert_eq!(store.revision().await.expect("revision"), before + 1);

    // Another item reporting the same meeting finds it recorded.
    let other = vec![item(
        "review-forum-echo",
        "A second account of the forum's day in Baku.",
        vec![forum(days("2025-03-11", "2025-03-11"))],
    )];
    let plan = store.plan_import(&other).await.expect("plan");
    assert_eq!(plan[0].proposals, [ProposalAction::Recorded(m.id.clone())]);
}

#[tokio::test]
async fn an_accepted_engagement_is_found_by_its_counterpart() {
    let (_dir, store) = loaded().await;
    let items = vec![item(
        "review-minister-item",
        "The Secretary General called on the minister in Baku.",
        vec![call_on_minister()],
    )];
    imported(&*store, &items).await;
    let k = key(
        "review-minister-item",
        ProposalKind::Engagement,
        "rashad-nabiyev",
    );
    let mut a = engagement_as("eng-2025-03-10-baku-review");
    a.secretariat = vec![slug("kairat-sarybay")];
    a.country = Some(code("AZE"));
    a.states = vec![code("AZE")];
    a.topics = vec!["connectivity".into(), " ".into()];
    let Accepted::Engagement(e) = store
        .accept_proposal(&k, &Acceptance::Engagement(a), &test_by())
        .await
        .expect("accepted")
    else {
        panic!("an engagement proposal becomes an engagement");
    };
    assert_eq!(
        e.counterparts,
        [Counterpart {
            person: slug("rashad-nabiyev"),
            title: Some("Minister of Digital Development and Transport".into()),
            state: None,
            organization: None,
        }],
        "the person the proposal names, with the title printed"
    );
    assert_eq!(e.when, days("2025-03-10", "2025-03-11").expect("span"));
    assert_eq!(e.news, Some(slug("review-minister-item")));
    assert_eq!(e.topics, ["connectivity"]);
    let found = store
        .engagements(&EngagementQuery {
            person: Some(slug("rashad-nabiyev")),
            limit: 100,
            ..EngagementQuery::default()
        })
        .await
        .expect("engagements");
    assert!(found.items.contains(&e), "{:?}", found.items);
    let by_sg = store
        .engagements(&EngagementQuery {
            person: Some(slug("kairat-sarybay")),
            limit: 1000,
            ..EngagementQuery::default()
        })
        .await
        .expect("engagements");
    assert!(by_sg.items.iter().any(|x| x.id == e.id));
    // Re-importing: reviewed, and nothing pending again.
    let done = store
        .import_news(&items, &test_by())
        .await
        .expect("re-import");
    assert_eq!(done[0].proposals, [ProposalAction::Reviewed]);
    assert!(store.pending_proposals().await.expect("pending").is_empty());
}

#[tokio::test]
async fn a_rejected_proposal_stays_rejected() {
    let (_dir, store) = loaded().await;
    let first = item(
        "review-rector-item",
        "The Secretary General met Mira Stolz and Anton Brandt.",
        vec![stranger("Mira Stolz"), stranger("Anton Brandt")],
    );
    // Left a draft: a draft's proposals may be rejected.
    store
        .import_news(std::slice::from_ref(&first), &test_by())
        .await
        .expect("import");
    let before = store.revision().await.expect("revision");
    let k = key("review-rector-item", ProposalKind::Engagement, "Mira Stolz");
    store
        .reject_proposal(&k, &test_by())
        .await
        .expect("rejected");
    assert_eq!(
        store.revision().await.expect("revision"),
        before,
        "a rejected proposal was never public: the public revision stays"
    );
    assert_eq!(
        pending_subjects(&store.pending_proposals().await.expect("pending")),
        ["Anton Brandt"]
    );
    for again in [
        store.reject_proposal(&k, &test_by()).await,
        store
            .accept_proposal(
                &k,
                &Acceptance::Engagement(engagement_as("eng-x")),
                &test_by(),
            )
            .await
            .map(|_| ()),
    ] {
        assert!(
            matches!(&again, Err(StoreError::Rejected(m)) if m.contains("already rejected")),
            "{again:?}"
        );
    }

    // The same text again: the rejection is kept.
    let done = store
        .import_news(std::slice::from_ref(&first), &test_by())
        .await
        .expect("re-import");
    assert_eq!(
        done[0].proposals,
        [ProposalAction::Reviewed, ProposalAction::Pending]
    );
    // A changed text replaces the draft; the rejection is still kept, the pending one made
    // again.
    let mut changed = first.clone();
    changed.news.body = "The Secretary General met Mira Stolz, then Anton Brandt.".into();
    let plan = store
        .plan_import(std::slice::from_ref(&changed))
        .await
        .expect("plan");
    let done = store
        .import_news(std::slice::from_ref(&changed), &test_by())
        .await
        .expect("update");
    assert_eq!(done, plan, "the import does what the plan said");
    assert_eq!(done[0].action, ImportAction::Update);
    assert_eq!(
        done[0].proposals,
        [ProposalAction::Reviewed, ProposalAction::Propose]
    );
    assert_eq!(
        pending_subjects(&store.pending_proposals().await.expect("pending")),
        ["Anton Brandt"]
    );
    let again = store.reject_proposal(&k, &test_by()).await;
    assert!(
        matches!(&again, Err(StoreError::Rejected(m)) if m.contains("already rejected")),
        "{again:?}"
    );
}

enum Want {
    Rejected(&'static str),
    Conflict(&'static str),
    NotFound(&'static str),
}

#[tokio::test]
async fn refused_acceptances_name_the_reason_and_write_nothing() {
    let (_dir, store) = loaded().await;
    imported(
        &*store,
        &[
            item(
                "review-refusals",
                "The forum met; the Secretary General called on the minister.",
                vec![forum(days("2025-03-10", "2025-03-11")), call_on_minister()],
            ),
            item(
                "review-undated",
                "The forum met at some point in the spring.",
                vec![forum(None)],
            ),
        ],
    )
    .await;
    store
        .import_news(
            &[item(
                "review-still-draft",
                "A draft reporting the forum.",
                vec![forum(days("2025-03-10", "2025-03-10"))],
            )],
            &test_by(),
        )
        .await
        .expect("import");
    let m = |f: fn(&mut MeetingAcceptance)| {
        let mut a = meeting_as("ttf-review");
        f(&mut a);
        Acceptance::Meeting(a)
    };
    let e = |f: fn(&mut EngagementAcceptance)| {
        let mut a = engagement_as("eng-review");
        f(&mut a);
        Acceptance::Engagement(a)
    };
    let meeting_key = key("review-refusals", ProposalKind::Meeting, "think-tank-forum");
    let engagement_key = key(
        "review-refusals",
        ProposalKind::Engagement,
        "rashad-nabiyev",
    );
    let cases: Vec<(&str, ProposalKey, Acceptance, Want)> = vec![
        (
            "unknown body",
            meeting_key.clone(),
            m(|a| a.body = Some(slug("no-such-body"))),
            Want::Rejected("body: no body has the slug `no-such-body`"),
        ),
        (
            "unknown country",
            meeting_key.clone(),
            m(|a| a.country = Some(code("ZZZ"))),
            Want::Rejected("country: no state has the code `ZZZ`"),
        ),
        (
            "unknown chair",
            meeting_key.clone(),
            m(|a| a.chair_person = Some(slug("nobody-at-all"))),
            Want::Rejected("chair_person: no person"),
        ),
        (
            "unknown participant",
            meeting_key.clone(),
            m(|a| a.states = vec![code("AZE"), code("QQQ")]),
            Want::Rejected("states[1]: no state"),
        ),
        (
            "unknown organization",
            meeting_key.clone(),
            m(|a| a.organizations = vec![slug("no-such-org")]),
            Want::Rejected("organizations[0]: no organization"),
        ),
        (
            "inverted days",
            meeting_key.clone(),
            m(|a| {
                a.start = Some(day("2025-03-12"));
                a.end = Some(day("2025-03-11"));
            }),
            Want::Rejected("end: 2025-03-11 is before start 2025-03-12"),
        ),
        (
            "a start after the proposal's end",
            meeting_key.clone(),
            m(|a| a.start = Some(day("2025-03-20"))),
            Want::Rejected("end: 2025-03-11 (the proposal's) is before start 2025-03-20"),
        ),
        (
            "no days anywhere",
            key("review-undated", ProposalKind::Meeting, "think-tank-forum"),
            m(|_| {}),
            Want::Rejected("start: the proposal gives no days"),
        ),
        (
            "an id the calendar holds",
            meeting_key.clone(),
            m(|a| a.id = slug("soc-2025-02-27-baku")),
            Want::Conflict("`soc-2025-02-27-baku`"),
        ),
        (
            "engagement fields for a meeting",
            meeting_key.clone(),
            e(|_| {}),
            Want::Rejected("becomes a meeting"),
        ),
        (
            "a draft's proposal",
            key(
                "review-still-draft",
                ProposalKind::Meeting,
                "think-tank-forum",
            ),
            m(|_| {}),
            Want::Rejected("still a draft"),
        ),
        (
            "no such proposal",
            key("review-refusals", ProposalKind::Meeting, "summit"),
            m(|_| {}),
            Want::NotFound("there is no meeting proposal `summit`"),
        ),
        (
            "unknown counterpart",
            engagement_key.clone(),
            e(|a| {
                a.counterparts = Some(vec![
                    Counterpart {
                        person: slug("rashad-nabiyev"),
                        title: None,
                        state: Some(code("AZE")),
                        organization: None,
                    },
                    Counterpart {
                        person: slug("a-stranger"),
                        title: None,
                        state: None,
                        organization: None,
                    },
                ]);
            }),
            Want::Rejected("counterparts[1].person: no person has the slug `a-stranger`"),
        ),
        (
            "unknown counterpart organization",
            engagement_key.clone(),
            e(|a| {
                a.counterparts = Some(vec![Counterpart {
                    person: slug("rashad-nabiyev"),
                    title: None,
                    state: None,
                    organization: Some(slug("no-such-ministry")),
                }]);
            }),
            Want::Rejected("counterparts[0].organization: no organization"),
        ),
        (
            "unknown Secretariat member",
            engagement_key.clone(),
            e(|a| a.secretariat = vec![slug("kairat-sarybay"), slug("nobody-here")]),
            Want::Rejected("secretariat[1]: no person"),
        ),
        (
            "an engagement id already recorded",
            engagement_key.clone(),
            e(|a| a.id = slug("eng-2025-01-15-baku-aliyev")),
            Want::Conflict("`eng-2025-01-15-baku-aliyev`"),
        ),
        (
            "inverted engagement days",
            engagement_key.clone(),
            e(|a| a.end = Some(day("2025-03-01"))),
            Want::Rejected("end: 2025-03-01 is before start 2025-03-10"),
        ),
    ];
    let revision = store.revision().await.expect("revision");
    let records = counts(&*store).await;
    let pending = store.pending_proposals().await.expect("pending");
    for (what, k, a, want) in cases {
        let got = store.accept_proposal(&k, &a, &test_by()).await;
        match (&got, &want) {
            (Err(StoreError::Rejected(m)), Want::Rejected(w))
            | (Err(StoreError::Conflict(m)), Want::Conflict(w))
            | (Err(StoreError::NotFound(m)), Want::NotFound(w)) => {
                assert!(m.contains(w), "{what}: `{m}` does not say `{w}`");
            }
            _ => panic!("{what}: {got:?}"),
        }
        assert_eq!(
            store.revision().await.expect("revision"),
            revision,
            "{what}"
        );
        assert_eq!(
            counts(&*store).await,
            records,
            "{what}: nothing half-written"
        );
        assert_eq!(
            store.pending_proposals().await.expect("pending"),
            pending,
            "{what}: still pending"
        );
    }
    // Rejecting what does not exist is a missing record too.
    let missing = store
        .reject_proposal(
            &key("review-refusals", ProposalKind::Engagement, "Nobody"),
            &test_by(),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

/// Two editors accepting the same proposal at the same moment: one record, one refusal.
#[tokio::test]
async fn concurrent_acceptances_record_the_meeting_once() {
    let (_dir, store) = loaded().await;
    imported(
        &*store,
        &[item(
            "review-race",
            "The forum met in Baku; two editors read about it.",
            vec![forum(days("2025-03-10", "2025-03-10"))],
        )],
    )
    .await;
    let k = key("review-race", ProposalKind::Meeting, "think-tank-forum");
    let (a, b) = (
        Acceptance::Meeting(meeting_as("ttf-race-one")),
        Acceptance::Meeting(meeting_as("ttf-race-two")),
    );
    let (first, second) = {
        let by = test_by();
        tokio::join!(
            store.accept_proposal(&k, &a, &by),
            store.accept_proposal(&k, &b, &by)
        )
    };
    assert_eq!(
        usize::from(first.is_ok()) + usize::from(second.is_ok()),
        1,
        "{first:?} {second:?}"
    );
    let refused = if first.is_ok() { second } else { first };
    assert!(
        matches!(&refused, Err(StoreError::Rejected(m)) if m.contains("already accepted")),
        "{refused:?}"
    );
    let stored = [
        store.meeting(&slug("ttf-race-one")).await.expect("read"),
        store.meeting(&slug("ttf-race-two")).await.expect("read"),
    ];
    assert_eq!(stored.iter().flatten().count(), 1);
}
