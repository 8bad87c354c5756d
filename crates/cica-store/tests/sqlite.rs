//! The SQLite store against a real database file: the built-in dataset goes in and comes back
//! out unchanged, writes are atomic, and lists page correctly.

use crate::common;

use std::sync::Arc;

use cica_domain::{Dataset, Slug, StateCode};
use cica_store::{EngagementQuery, MeetingQuery, NewsQuery, Order, Store};
use common::test_by;

fn dataset() -> Dataset {
    cica_data::builtin().expect("the built-in dataset loads")
}

async fn fresh() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.db");
    let store = common::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("opens");
    (dir, store)
}

async fn all_news(store: &dyn Store) -> Vec<cica_domain::NewsItem> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .news(&NewsQuery {
                after,
                limit: 7,
                ..NewsQuery::default()
            })
            .await
            .expect("news");
        out.extend(page.items);
        match page.next {
            Some(c) => after = Some(c),
            None => return out,
        }
    }
}

#[tokio::test]
async fn the_dataset_round_trips_unchanged() {
    let ds = dataset();
    let (_dir, store) = fresh().await;
    assert!(store.is_empty().await.expect("is_empty"));
    store.replace_all(&ds, &test_by()).await.expect("loads");
    assert!(!store.is_empty().await.expect("is_empty"));

    assert_eq!(store.states().await.expect("states"), ds.states);
    let mut orgs = store.organizations().await.expect("orgs");
    orgs.sort_by(|a, b| a.slug.cmp(&b.slug));
    assert_eq!(orgs, ds.organizations);
    let mut people = store.people().await.expect("people");
    people.sort_by(|a, b| a.slug.cmp(&b.slug));
    assert_eq!(people, ds.people);
    assert_eq!(store.bodies().await.expect("bodies"), ds.bodies);
    assert_eq!(
        store.chairmanships().await.expect("chairs"),
        ds.chairmanships
    );
    assert_eq!(all_news(&*store).await, ds.news);

    let meetings = store
        .meetings(&MeetingQuery {
            limit: 1000,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings");
    assert_eq!(meetings.items, ds.meetings);
    let mut engagements = store
        .engagements(&EngagementQuery {
            limit: 1000,
            ..EngagementQuery::default()
        })
        .await
        .expect("engagements")
        .items;
    engagements.reverse();
    let mut expected = ds.engagements.clone();
    expected.sort_by(|a, b| {
        (a.when.start(), std::cmp::Reverse(&a.id)).cmp(&(b.when.start(), std::cmp::Reverse(&b.id)))
    });
    assert_eq!(engagements, expected);
    assert_eq!(store.digests().await.expect("digests"), ds.digests);

    for s in &ds.states {
        assert_eq!(store.state(&s.code).await.expect("state").as_ref(), Some(s));
    }
    for n in &ds.news {
        assert_eq!(
            store.news_item(&n.slug).await.expect("item").as_ref(),
            Some(n)
        );
    }
}

#[tokio::test]
async fn a_failed_write_leaves_the_previous_records_and_revision() {
    let ds = dataset();
    let (_dir, store) = fresh().await;
    store.replace_all(&ds, &test_by()).await.expect("loads");
    let revision = store.revision().await.expect("revision");

    // A dataset that skipped the loader's checks: a news item tagged with a state that does not
    // exist. The database's own foreign keys must refuse it, and the whole write must roll back.
    let mut broken = ds.clone();
    broken.states.retain(|s| s.code.as_str() != "KWT");
    broken.chairmanships.retain(|c| c.state.as_str() != "KWT");
    let err = store
        .replace_all(&broken, &test_by())
        .await
        .expect_err("dangling reference refused");
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");

    assert_eq!(store.revision().await.expect("revision"), revision);
    assert_eq!(store.states().await.expect("states"), ds.states);
    assert_eq!(all_news(&*store).await.len(), ds.news.len());
}

#[tokio::test]
async fn the_revision_moves_on_every_write_and_survives_reopening() {
    let ds = dataset();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.db");
    let path = path.to_str().expect("utf-8");
    let store = common::open(path).await.expect("opens");
    let r0 = store.revision().await.expect("revision");
    store.replace_all(&ds, &test_by()).await.expect("loads");
    store
        .replace_all(&ds, &test_by())
        .await
        .expect("loads again");
    let r2 = store.revision().await.expect("revision");
    assert_eq!(r2, r0 + 2);
    drop(store);
    let reopened = common::open(path)
        .await
        .expect("reopens; migrations already applied");
    assert_eq!(reopened.revision().await.expect("revision"), r2);
    assert_eq!(
        reopened.states().await.expect("states").len(),
        ds.states.len()
    );
}

#[tokio::test]
async fn filters_select_what_they_say() {
    let ds = dataset();
    let (_dir, store) = fresh().await;
    store.replace_all(&ds, &test_by()).await.expect("loads");
    let code = |s: &str| StateCode::parse(s).expect("code");
    let slug = |s: &str| Slug::parse(s).expect("slug");
    let day = |s: &str| cica_domain::parse_day(s).expect("day");

    // News: by state, body, month window, kind.
    let kaz = store
        .news(&NewsQuery {
            state: Some(code("KWT")),
            limit: 100,
            ..NewsQuery::default()
        })
        .await
        .expect("news");
    let expected: Vec<_> = ds
        .news
        .iter()
        .filter(|n| n.states.contains(&code("KWT")))
        .map(|n| n.slug.clone())
        .collect();
    assert_eq!(
        kaz.items.iter().map(|n| n.slug.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(!expected.is_empty());

    let soc = store
        .news(&NewsQuery {
            body: Some(slug("senior-officials-committee")),
            limit: 100,
            ..NewsQuery::default()
        })
        .await
        .expect("news");
    assert!(
        soc.items
            .iter()
            .all(|n| n.bodies.contains(&slug("senior-officials-committee")))
    );
    assert!(!soc.items.is_empty());

    let feb = store
        .news(&NewsQuery {
            from: Some(day("2025-02-01")),
            to: Some(day("2025-02-28")),
            limit: 100,
            ..NewsQuery::default()
        })
        .await
        .expect("news");
    assert!(
        feb.items
            .iter()
            .all(|n| n.date >= day("2025-02-01") && n.date <= day("2025-02-28"))
    );
    assert_eq!(
        feb.items.len(),
        ds.news
            .iter()
            .filter(|n| n.date.format("%Y-%m").to_string() == "2025-02")
            .count()
    );

    // Meetings: overlap with a window, by state, in both orders.
    let in_2025 = store
        .meetings(&MeetingQuery {
            from: Some(day("2025-01-01")),
            to: Some(day("2025-12-31")),
            limit: 100,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings");
    assert!(
        in_2025
            .items
            .iter()
            .all(|m| m.when.span().end() >= day("2025-01-01")
                && m.when.span().start() <= day("2025-12-31"))
    );
    let desc = store
        .meetings(&MeetingQuery {
            order: Order::Descending,
            limit: 1000,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings");
    let mut asc = store
        .meetings(&MeetingQuery {
            limit: 1000,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings")
        .items;
    asc.reverse();
    assert_eq!(
        desc.items
            .iter()
            .map(|m| m.when.span().start())
            .collect::<Vec<_>>(),
        asc.iter()
            .map(|m| m.when.span().start())
            .collect::<Vec<_>>()
    );

    let aze = store
        .meetings(&MeetingQuery {
            state: Some(code("AZE")),
            limit: 100,
            ..MeetingQuery::default()
        })
        .await
        .expect("meetings");
    assert!(
        aze.items
            .iter()
            .any(|m| m.id.as_str() == "soc-2025-02-27-baku")
    );

    // Engagements: by state and by person; last contact per state.
    let rus = store
        .engagements(&EngagementQuery {
            state: Some(code("RUS")),
            limit: 100,
            ..EngagementQuery::default()
        })
        .await
        .expect("engagements");
    assert!(!rus.items.is_empty());
    assert!(rus.items.iter().all(|e| e.states.contains(&code("RUS"))));
    let last = store.last_engaged().await.expect("last engaged");
    assert_eq!(last.len(), ds.states.len());
    let rus_last = last
        .iter()
        .find(|(c, _)| c.as_str() == "RUS")
        .and_then(|(_, d)| *d);
    assert_eq!(rus_last, rus.items.iter().map(|e| e.when.end()).max());
}

#[tokio::test]
async fn keyset_pages_cover_everything_once_in_order() {
    let ds = dataset();
    let (_dir, store) = fresh().await;
    store.replace_all(&ds, &test_by()).await.expect("loads");
    for limit in [1, 2, 5, 13, 100] {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .meetings(&MeetingQuery {
                    after,
                    limit,
                    order: Order::Descending,
                    ..MeetingQuery::default()
                })
                .await
                .expect("page");
            assert!(page.items.len() <= limit as usize);
            seen.extend(page.items.into_iter().map(|m| m.id));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        let all = store
            .meetings(&MeetingQuery {
                limit: 1000,
                order: Order::Descending,
                ..MeetingQuery::default()
            })
            .await
            .expect("all");
        assert_eq!(
            seen,
            all.items.into_iter().map(|m| m.id).collect::<Vec<_>>(),
            "limit {limit}"
        );
    }
}

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];

#[tokio::test]
async fn photos_and_their_images_round_trip() {
    let mut ds = dataset();
    let name = cica_domain::MediaName::parse("ski-slope.jpg").expect("a name");
    ds.media
        .push(cica_domain::Media::new(name.clone(), JPEG.to_vec()).expect("an image"));
    let item = ds
        .news
        .iter_mut()
        .find(|n| n.slug.as_str() == "ski-tour-astana-2025")
        .expect("the ski tour");
    let photos = vec![
        cica_domain::Photo {
            media: name.clone(),
            caption: "On the slope, with commas, quotes \" and a comma".into(),
            credit: Some("CICA Secretariat".into()),
            alt: Some("Two skiers on a snowy slope".into()),
        },
        cica_domain::Photo {
            media: name.clone(),
            caption: "Again, smaller".into(),
            credit: None,
            alt: None,
        },
    ];
    item.photos = photos.clone();
    let (_dir, store) = fresh().await;
    store.replace_all(&ds, &test_by()).await.expect("loads");
    let back = store
        .news_item(&Slug::parse("ski-tour-astana-2025").expect("slug"))
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(back.photos, photos);
    let image = store.media(&name).await.expect("reads").expect("there");
    assert_eq!(image.bytes, JPEG);
    assert_eq!(image.media_type(), "image/jpeg");
    let other = cica_domain::MediaName::parse("none.png").expect("a name");
    assert!(store.media(&other).await.expect("reads").is_none());
    // Lists carry the photos too.
    assert!(all_news(&*store).await.iter().any(|n| n.photos == photos));
}

#[tokio::test]
async fn saving_an_issue_checks_what_it_names_and_is_all_or_nothing() {
    let (_dir, store) = fresh().await;
    store
        .replace_all(&dataset(), &test_by())
        .await
        .expect("loads");
    let q1 = cica_domain::Quarter::parse("2025-Q1").expect("q");
    let original = store.digest(q1).await.expect("reads").expect("there");
    let slug = |s: &str| Slug::parse(s).expect("slug");
    let revision = store.revision().await.expect("revision");

    let mut edited = original.clone();
    edited.order = vec![slug("boao-forum-2025")];
    edited.spotlight = Some(vec![slug("boao-forum-2025")]);
    store
        .save_digest(&edited, cica_store::Expect::Any, &test_by())
        .await
        .expect("saved");
    assert_eq!(store.digest(q1).await.expect("reads"), Some(edited.clone()));
    assert!(store.revision().await.expect("revision") > revision);

    // (change, words of the refusal)
    let cases: Vec<(cica_domain::Digest, &str)> = vec![
        (
            cica_domain::Digest {
                order: vec![slug("boao-forum-2025"), slug("nothing-here")],
                ..edited.clone()
            },
            "order: no news item has the slug `nothing-here`",
        ),
        (
            cica_domain::Digest {
                quarter: cica_domain::Quarter::parse("2024-Q4").expect("q"),
                highlights: Vec::new(),
                order: Vec::new(),
                spotlight: Some(vec![slug("boao-forum-2025")]),
                ..edited.clone()
            },
            "spotlight: `boao-forum-2025` is not an item of the 2024-Q4 issue",
        ),
        (
            cica_domain::Digest {
                foreword_author: Some(slug("nobody")),
                ..edited.clone()
            },
            "foreword_author: no person has the slug `nobody`",
        ),
        (
            cica_domain::Digest {
                highlights: vec![slug("boao-forum-2025")],
                ..edited.clone()
            },
            "highlights: the cover carries 4 to 6 headlines, not 1",
        ),
    ];
    for (d, words) in cases {
        // An issue of another quarter is a new record.
        let expect = if d.quarter == q1 {
            cica_store::Expect::Any
        } else {
            cica_store::Expect::Absent
        };
        let e = store
            .save_digest(&d, expect, &test_by())
            .await
            .expect_err("refused");
        assert!(
            matches!(&e, cica_store::StoreError::Rejected(m) if m.contains(words)),
            "{e}"
        );
    }
    assert_eq!(store.digest(q1).await.expect("reads"), Some(edited));
    assert_eq!(
        store
            .digest(cica_domain::Quarter::parse("2024-Q4").expect("q"))
            .await
            .expect("reads"),
        None
    );
}
