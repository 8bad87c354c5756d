//! What the application layer's tests share: a real SQLite file holding the built-in dataset,
//! with the clock on 2025-04-01.

#![allow(dead_code)]

use std::sync::Arc;

use cica_app::records::Replace;
use cica_app::{Actor, App, Clock};

/// The use cases over a fresh database, the directory that holds it, and its path.
pub async fn loaded(file: &str) -> (App, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(file);
    let store = cica_store::open(path.to_str().expect("utf-8"))
        .await
        .expect("opens");
    let app = App::new(
        Arc::clone(&store),
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
    );
    app.load_dataset(
        &Actor::System {
            task: "first-start",
        },
        &cica_data::builtin().expect("dataset"),
        Replace::No,
    )
    .await
    .expect("loads");
    (app, dir, path)
}
