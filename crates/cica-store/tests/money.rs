//! Contributions as stored, against a real database file: what the dataset holds reads back as
//! it was written, amounts keep every minor unit, a save over another version is refused, what
//! a contribution names must exist, and the trail records each write.

use crate::common;

use cica_domain::money::{Contributor, ContributorKind, Currency, Money, Movement, Stage};
use cica_domain::{PartialDate, Slug, StateCode};
use cica_store::{Expect, StoreError};
use common::{loaded, test_by};

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("slug")
}

#[tokio::test]
async fn the_contributions_read_back_as_the_dataset_wrote_them() {
    let (_dir, store) = loaded().await;
    let ds = cica_data::builtin().expect("the built-in dataset loads");
    assert!(!ds.contributions.is_empty());
    let stored: Vec<_> = store
        .contributions()
        .await
        .expect("reads")
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(stored, ds.contributions);
    assert!(!ds.financial_reports.is_empty());
    assert_eq!(
        store.financial_reports().await.expect("reads"),
        ds.financial_reports
    );
    let (kuwait, _) = store
        .contribution(&slug("kuwait-2025-voluntary"))
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(
        kuwait.contributor,
        Contributor::State(StateCode::parse("KWT").expect("code"))
    );
    assert!(
        store
            .contribution(&slug("no-such"))
            .await
            .expect("reads")
            .is_none()
    );
}

#[tokio::test]
async fn an_amount_is_kept_to_its_last_minor_unit_and_a_stale_save_is_refused() {
    let (_dir, store) = loaded().await;
    let (mut c, version) = store
        .contribution(&slug("kuwait-2025-voluntary"))
        .await
        .expect("reads")
        .expect("stored");
    let kwd = Currency::parse("KWD").expect("currency");
    c.movements = vec![
        Movement {
            stage: Stage::Committed,
            day: PartialDate::parse("2025-01-10").expect("day"),
            amount: Some(Money::parse("15000.125", kwd).expect("amount")),
            document: Some("Note verbale 25/117".into()),
            note: None,
        },
        Movement {
            stage: Stage::Received,
            day: PartialDate::parse("2025-01-23").expect("day"),
            amount: Some(Money::parse("15000.125", kwd).expect("amount")),
            document: None,
            note: None,
        },
    ];
    let saved = store
        .save_contribution(&c, Expect::Version(version), &test_by())
        .await
        .expect("saves");
    assert!(saved > version);
    let (back, v) = store
        .contribution(&c.id)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(back, c);
    assert_eq!(v, saved);
    assert_eq!(
        back.received().map(|m| m.amount_text()),
        Some("15000.125".into())
    );
    let stale = store
        .save_contribution(&c, Expect::Version(version), &test_by())
        .await;
    assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
    let trail = store
        .audit(Some("contribution/kuwait-2025-voluntary"))
        .await
        .expect("reads");
    assert!(trail.iter().any(
        |e| e.action == "contribution.save" && e.record == "contribution/kuwait-2025-voluntary"
    ));
}

#[tokio::test]
async fn a_contribution_naming_an_unknown_contributor_or_news_item_is_refused() {
    let (_dir, store) = loaded().await;
    let (mut c, _) = store
        .contribution(&slug("china-2025-voluntary"))
        .await
        .expect("reads")
        .expect("stored");
    c.id = slug("from-nowhere");
    c.contributor = Contributor::Organization(slug("no-such-organization"));
    let refused = store
        .save_contribution(&c, Expect::Absent, &test_by())
        .await;
    match refused {
        Err(StoreError::Rejected(m)) => assert!(m.contains("no-such-organization"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    c.contributor = Contributor::Named {
        name: "A private foundation".into(),
        kind: ContributorKind::Organization,
    };
    c.news = vec![slug("no-such-news")];
    let refused = store
        .save_contribution(&c, Expect::Absent, &test_by())
        .await;
    assert!(matches!(refused, Err(StoreError::Rejected(m)) if m.contains("news[0]")));
    c.news.clear();
    store
        .save_contribution(&c, Expect::Absent, &test_by())
        .await
        .expect("a named contributor needs no register entry");
    store
        .delete_contribution(&c.id, Expect::Any, &test_by())
        .await
        .expect("deletes");
    assert!(store.contribution(&c.id).await.expect("reads").is_none());
}

#[tokio::test]
async fn an_organization_that_contributed_is_not_deleted_from_under_its_contribution() {
    let (_dir, store) = loaded().await;
    let (mut c, _) = store
        .contribution(&slug("china-2025-voluntary"))
        .await
        .expect("reads")
        .expect("stored");
    c.id = slug("iofs-grant");
    c.contributor = Contributor::Organization(slug("iofs"));
    store
        .save_contribution(&c, Expect::Absent, &test_by())
        .await
        .expect("saves");
    let refused = store
        .delete_registered(
            cica_store::Registered::Organization,
            &slug("iofs"),
            Expect::Any,
            &test_by(),
        )
        .await;
    match refused {
        Err(StoreError::Conflict(m)) => assert!(m.contains("contribution `iofs-grant`"), "{m}"),
        other => panic!("expected a conflict naming the contribution, got {other:?}"),
    }
}

#[tokio::test]
async fn a_fund_project_reads_back_as_the_dataset_wrote_it_and_survives_its_own_rewrite() {
    let (_dir, store) = loaded().await;
    let ds = cica_data::builtin().expect("the built-in dataset loads");
    let stored: Vec<_> = store
        .fund_projects()
        .await
        .expect("reads")
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(stored, ds.fund_projects);
    let id = slug("afghanistan-wheat-2025");
    let (mut p, version) = store
        .fund_project(&id)
        .await
        .expect("reads")
        .expect("stored");
    // A budget and a transaction drawing on Iraq's contribution, which names the project.
    let usd = Currency::USD;
    let day = |d: &str| cica_domain::parse_day(d).expect("day");
    p.budgets.push(cica_domain::fund::Budget {
        kind: cica_domain::fund::BudgetType::Original,
        status: cica_domain::fund::BudgetStatus::Committed,
        start: day("2025-01-01"),
        end: day("2025-12-31"),
        value: Money::parse("48250.75", usd).expect("amount"),
        value_date: day("2025-03-07"),
    });
    p.transactions.push(cica_domain::fund::Transaction {
        kind: cica_domain::fund::TransactionType::IncomingFunds,
        day: day("2025-02-20"),
        value: Money::parse("10000", usd).expect("amount"),
        value_date: day("2025-02-20"),
        provider: Some(cica_domain::fund::Party::State(
            StateCode::parse("IRQ").expect("code"),
        )),
        receiver: Some(cica_domain::fund::Party::Organization(slug("iofs"))),
        description: Some("Iraq's contribution, allocated".into()),
        contribution: Some(slug("iraq-fund-first")),
    });
    let saved = store
        .save_fund_project(&p, Expect::Version(version), &test_by())
        .await
        .expect("saves while a contribution names it");
    let (back, v) = store
        .fund_project(&id)
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!((back, v), (p.clone(), saved));
    let (iraq, _) = store
        .contribution(&slug("iraq-fund-first"))
        .await
        .expect("reads")
        .expect("stored");
    assert_eq!(iraq.project, Some(id.clone()));

    // What the project draws on cannot go from under it.
    let refused = store
        .delete_contribution(&slug("iraq-fund-first"), Expect::Any, &test_by())
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("Fund project `afghanistan-wheat-2025`")),
        "{refused:?}"
    );
    let refused = store
        .delete_registered(
            cica_store::Registered::Organization,
            &slug("tika"),
            Expect::Any,
            &test_by(),
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("Fund project `afghanistan-wheat-2025`")),
        "{refused:?}"
    );

    // A decision that does not exist is refused by name.
    p.review[3].decided_by = Some(slug("no-such-decision"));
    let refused = store
        .save_fund_project(&p, Expect::Version(saved), &test_by())
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Rejected(m)) if m.contains("review[3].decided_by")),
        "{refused:?}"
    );
}
