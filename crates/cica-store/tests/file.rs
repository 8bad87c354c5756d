//! A database file deleted or replaced under a running server: writes are refused with a
//! clear error instead of being acknowledged into a file nobody will open again.

use cica_store::{Attribution, StoreError};

fn by() -> Attribution {
    Attribution {
        actor: "cli:test".into(),
        at: chrono::Utc::now(),
        note: None,
    }
}

async fn loaded(path: &std::path::Path) -> std::sync::Arc<dyn cica_store::Store> {
    let store = cica_store::open(path.to_str().expect("utf-8"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &by())
        .await
        .expect("loads");
    store
}

fn publish_refused(r: Result<(), StoreError>, what: &str) {
    match r {
        Err(StoreError::Unavailable(m)) => assert!(m.contains(what), "{m}"),
        other => panic!("expected the write to be refused: {other:?}"),
    }
}

#[tokio::test]
async fn a_write_after_the_file_was_deleted_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("portal.db");
    let store = loaded(&path).await;
    std::fs::remove_file(&path).expect("deleted");
    let slug = cica_domain::Slug::parse("any-item").expect("slug");
    publish_refused(
        store
            .publish_news(&slug, cica_store::Expect::Any, &by())
            .await,
        "deleted",
    );
    assert!(!path.exists(), "no new file appears in its place");
}

#[tokio::test]
async fn a_write_after_the_file_was_replaced_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("portal.db");
    let store = loaded(&path).await;
    let other = dir.path().join("other.db");
    drop(loaded(&other).await);
    std::fs::rename(&other, &path).expect("replaced");
    let slug = cica_domain::Slug::parse("any-item").expect("slug");
    publish_refused(
        store
            .publish_news(&slug, cica_store::Expect::Any, &by())
            .await,
        "replaced",
    );
}
