//! What the store's tests share. The tests speak to the store only through its traits
//! (`Arc<dyn Store>`), so they hold for every backend: `CICA_TEST_BACKEND` names the one to
//! run them against (`sqlite`, the default and today the only one). Each test opens a database
//! of its own at a location in a temporary directory, and can open it again there.

#![allow(dead_code)]

use std::sync::Arc;

use cica_store::{Attribution, Result, Store};

/// Opens (creating on first use) the test database at `location` with the backend under test.
pub async fn open(location: &str) -> Result<Arc<dyn Store>> {
    match std::env::var("CICA_TEST_BACKEND").as_deref() {
        Err(_) | Ok("sqlite") => cica_store::open(location).await,
        Ok(other) => panic!("CICA_TEST_BACKEND: no backend is named `{other}` (try `sqlite`)"),
    }
}

/// Who the test's writes are attributed to.
pub fn test_by() -> Attribution {
    Attribution {
        actor: "cli:test".into(),
        at: chrono::Utc::now(),
        note: None,
    }
}

/// A fresh database in its own temporary directory, holding the built-in dataset.
pub async fn loaded() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.db");
    let store = open(path.to_str().expect("utf-8 path"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &test_by())
        .await
        .expect("loads");
    (dir, store)
}
