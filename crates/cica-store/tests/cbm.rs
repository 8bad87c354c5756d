//! The Catalogue of CBMs as stored, against a real database file: what the dataset holds is
//! read back as it was written (areas with their terms and plans in order, activities with
//! their organisers, participants and links), and what an activity refers to cannot be
//! deleted from under it.

use crate::common;

use cica_domain::Slug;
use cica_store::{Expect, StoreError};
use common::{loaded, test_by};

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

#[tokio::test]
async fn the_catalogue_reads_back_as_the_dataset_wrote_it() {
    let (_dir, store) = loaded().await;
    let ds = cica_data::builtin().expect("the built-in dataset loads");
    assert!(!ds.cbm_areas.is_empty() && !ds.cbm_activities.is_empty());
    let areas = store.cbm_areas().await.expect("reads");
    assert_eq!(areas, ds.cbm_areas, "every area, term and plan as loaded");
    let activities = store.cbm_activities(None).await.expect("reads");
    assert_eq!(activities, ds.cbm_activities);
    let ict = slug("ict-security");
    let (area, _) = store.cbm_area(&ict).await.expect("reads").expect("stored");
    assert_eq!(area.terms.len(), 4);
    let of_ict = store.cbm_activities(Some(&ict)).await.expect("reads");
    assert!(of_ict.iter().all(|a| a.area == ict) && !of_ict.is_empty());
    assert!(
        store
            .cbm_area(&slug("no-such-area"))
            .await
            .expect("reads")
            .is_none()
    );
}

#[tokio::test]
async fn a_meeting_or_news_item_an_activity_refers_to_is_not_deleted() {
    let (_dir, store) = loaded().await;
    let refused = store
        .delete_meeting(&slug("ict-workshop-2025-02-26"), Expect::Any, &test_by())
        .await;
    match refused {
        Err(StoreError::Conflict(m)) => assert!(
            m.contains("CBM activity `ict-security-awareness-workshop-2025`"),
            "{m}"
        ),
        other => panic!("expected a conflict naming the activity, got {other:?}"),
    }
    let org = store
        .delete_registered(
            cica_store::Registered::Organization,
            &slug("tadoc"),
            Expect::Any,
            &test_by(),
        )
        .await;
    match org {
        Err(StoreError::Conflict(m)) => assert!(
            m.contains("CBM activity `osint-training-law-enforcement-2025`"),
            "{m}"
        ),
        other => panic!("expected a conflict naming the activity, got {other:?}"),
    }
}

#[tokio::test]
async fn a_report_survives_a_dataset_load_and_a_members_report_moves_no_public_revision() {
    use cica_domain::StateCode;
    use cica_domain::cbm::Report;
    use cica_domain::decision::Visibility;
    use cica_store::Expect;
    let (_dir, store) = loaded().await;
    let mut report = Report {
        state: StateCode::parse("KAZ").expect("code"),
        year: 2024,
        visibility: Visibility::Members,
        received: cica_domain::parse_day("2025-04-01").expect("day"),
        filed: cica_domain::parse_day("2025-04-01").expect("day"),
        areas: vec![slug("ict-security")],
        text: "What Kazakhstan did.".into(),
    };
    let before = store.revision().await.expect("revision");
    let v1 = store
        .save_cbm_report(&report, Expect::Absent, &test_by())
        .await
        .expect("filed");
    assert_eq!(
        store.revision().await.expect("revision"),
        before,
        "members only"
    );
    report.visibility = Visibility::Public;
    // A correction names a later day of filing; the day first received stays as stored.
    report.filed = cica_domain::parse_day("2025-05-02").expect("day");
    report.received = report.filed;
    let v2 = store
        .save_cbm_report(&report, Expect::Version(v1), &test_by())
        .await
        .expect("corrected");
    assert!(
        store.revision().await.expect("revision") > before,
        "now public"
    );
    let stale = store
        .save_cbm_report(&report, Expect::Version(v1), &test_by())
        .await;
    assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
    report.areas = vec![slug("no-such-area")];
    let unknown = store
        .save_cbm_report(&report, Expect::Version(v2), &test_by())
        .await;
    assert!(
        matches!(unknown, Err(StoreError::Rejected(_))),
        "{unknown:?}"
    );
    let ds = cica_data::builtin().expect("the built-in dataset");
    store.replace_all(&ds, &test_by()).await.expect("reloaded");
    let (kept, version) = store
        .cbm_report(&report.state, 2024)
        .await
        .expect("reads")
        .expect("kept across the load");
    assert_eq!((kept.visibility, version), (Visibility::Public, v2));
    assert_eq!(
        (kept.received.to_string(), kept.filed.to_string()),
        ("2025-04-01".to_owned(), "2025-05-02".to_owned())
    );
    assert_eq!(kept.areas, [slug("ict-security")]);
}

#[tokio::test]
async fn a_round_is_set_and_moved_only_over_the_version_read() {
    use cica_domain::cbm::ReportingRound;
    let (_dir, store) = loaded().await;
    let day = |d: &str| cica_domain::parse_day(d).expect("day");
    let mut round = ReportingRound {
        year: 2024,
        due: day("2025-03-31"),
    };
    let v1 = store
        .save_cbm_round(&round, Expect::Absent, &test_by())
        .await
        .expect("set");
    let again = store
        .save_cbm_round(&round, Expect::Absent, &test_by())
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    round.due = day("2025-04-30");
    let v2 = store
        .save_cbm_round(&round, Expect::Version(v1), &test_by())
        .await
        .expect("moved");
    let stale = store
        .save_cbm_round(
            &ReportingRound {
                year: 2024,
                due: day("2025-05-31"),
            },
            Expect::Version(v1),
            &test_by(),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
    let missing = store
        .save_cbm_round(
            &ReportingRound {
                year: 2023,
                due: day("2024-03-31"),
            },
            Expect::Any,
            &test_by(),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    assert_eq!(
        store.cbm_round(2024).await.expect("reads"),
        Some((round, v2)),
        "nothing written by the refusals"
    );
    assert_eq!(store.cbm_round(2023).await.expect("reads"), None);
    let trail = store
        .audit(Some("cbm_round/2024"))
        .await
        .expect("the trail");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["cbm_round.create", "cbm_round.save"]);
}
