//! The importer as a use case, over a real SQLite file holding the built-in dataset: who may
//! import, what an unreadable text is refused with, and that a dry run writes nothing while
//! an import keeps drafts and proposals, each attributed in the audit trail.

use crate::common;

use cica_app::import::Text;
use cica_app::{Actor, App, AppError};
use cica_domain::StateCode;
use cica_domain::access::{Binding, Denied, Role};

const RELEASES: &str = include_str!("../../cica-import/tests/fixtures/releases.txt");

async fn app() -> (App, tempfile::TempDir) {
    let (app, dir, _) = common::loaded("import.db").await;
    (app, dir)
}

fn text(name: &str, body: &str) -> Vec<Text> {
    vec![Text {
        name: name.into(),
        bytes: body.as_bytes().to_vec(),
    }]
}

fn delegate() -> Actor {
    Actor::Account {
        id: 7,
        email: "kz@mfa.example.kz".into(),
        grant: Some((
            Role::MemberDelegate,
            Binding::State(StateCode::parse("KAZ").expect("code")),
        )),
    }
}

#[tokio::test]
async fn only_the_secretariat_imports() {
    let (app, _dir) = app().await;
    let refused = app
        .import_texts(&Actor::Public, text("releases.txt", RELEASES), None, true)
        .await;
    assert!(
        matches!(refused, Err(AppError::Denied(Denied::Anonymous))),
        "the public may not import"
    );
    let refused = app
        .import_texts(&delegate(), text("releases.txt", RELEASES), None, true)
        .await;
    assert!(
        matches!(refused, Err(AppError::Denied(Denied::Forbidden(_)))),
        "a delegate may not import: {:?}",
        refused.map(|r| r.items.len())
    );
}

#[tokio::test]
async fn a_text_that_holds_no_item_is_refused_by_its_name() {
    let (app, _dir) = app().await;
    let cli = Actor::Cli {
        user: "editor".into(),
    };
    let mut texts = text("releases.txt", RELEASES);
    texts.extend(text("empty.txt", "   \n\n  "));
    let refused = app.import_texts(&cli, texts, None, false).await;
    match refused {
        Err(AppError::Invalid { field, .. }) => assert_eq!(field, "empty.txt"),
        other => panic!(
            "expected the empty text refused: {:?}",
            other.map(|r| r.items.len())
        ),
    }
    let before = app.store().pending_proposals().await.expect("reads");
    assert!(
        before.is_empty(),
        "nothing of the readable text was written either"
    );
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_an_import_keeps_attributed_drafts() {
    let (app, _dir) = app().await;
    let cli = Actor::Cli {
        user: "editor".into(),
    };
    let head = app.store().audit_head().await.expect("head");
    let dry = app
        .import_texts(&cli, text("releases.txt", RELEASES), None, true)
        .await
        .expect("plans");
    assert!(dry.dry_run);
    assert!(dry.summary.create > 0, "the fixture's items are new");
    assert_eq!(
        app.store().audit_head().await.expect("head"),
        head,
        "a dry run leaves the trail as it was"
    );
    let done = app
        .import_texts(&cli, text("releases.txt", RELEASES), None, false)
        .await
        .expect("imports");
    assert_eq!(
        done.summary.create, dry.summary.create,
        "the plan was the import"
    );
    let trail = app.store().audit(None).await.expect("trail");
    let imports: Vec<_> = trail.iter().filter(|e| e.action == "news.import").collect();
    assert_eq!(imports.len(), done.summary.create);
    assert!(imports.iter().all(|e| e.actor == "cli:editor"));
    let again = app
        .import_texts(&cli, text("releases.txt", RELEASES), None, false)
        .await
        .expect("imports again");
    assert_eq!(
        again.summary.create, 0,
        "re-importing the same text creates nothing"
    );
}
