//! Data migrations do what they say on a database an earlier version wrote: the statements of
//! a migration are run again over records made to look as that version left them.

use sqlx::Connection;

fn by() -> cica_store::Attribution {
    cica_store::Attribution {
        actor: "cli:test".into(),
        at: chrono::Utc::now(),
        note: None,
    }
}

/// A database the built-in dataset was loaded into, opened directly (the folder keeps it).
async fn loaded() -> (tempfile::TempDir, sqlx::SqliteConnection) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("portal.db");
    let store = cica_store::open(path.to_str().expect("utf-8"))
        .await
        .expect("opens");
    store
        .replace_all(&cica_data::builtin().expect("dataset"), &by())
        .await
        .expect("loads");
    drop(store);
    let db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("connects");
    (dir, db)
}

#[tokio::test]
async fn invented_notices_and_the_first_person_foreword_are_put_right() {
    let (_dir, mut db) = loaded().await;
    // As an earlier version left it: a notice numbered and dated for a deposit known only to
    // the year, and the foreword in the Minister's voice.
    sqlx::query(
        "INSERT INTO notifications (year, number, date, treaty, party, kind, text, date_text) \
         VALUES (2023, 8, '2023-12-31', 'convention-privileges-immunities', 'BGD', 'ratification', 'x', '2023 (day not known)')",
    )
    .execute(&mut db)
    .await
    .expect("an invented notice");
    sqlx::query("UPDATE digests SET foreword = $1 WHERE quarter = '2025-Q1'")
        .bind("Dear readers,\n\nNow that it chairs the Conference on Interaction and Confidence Building Measures in Asia, we ...")
        .execute(&mut db)
        .await
        .expect("the old foreword");
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let before = count("SELECT COUNT(*) FROM notifications")
        .fetch_one(&mut db)
        .await
        .expect("count");

    sqlx::raw_sql(include_str!(
        "../migrations/sqlite/0041_truthful_records.sql"
    ))
    .execute(&mut db)
    .await
    .expect("the migration runs");

    let after = count("SELECT COUNT(*) FROM notifications")
        .fetch_one(&mut db)
        .await
        .expect("count");
    assert_eq!(after, before - 1, "only the invented notice goes");
    let invented = count("SELECT COUNT(*) FROM notifications WHERE date_text IS NOT NULL")
        .fetch_one(&mut db)
        .await
        .expect("count");
    assert_eq!(invented, 0);
    let (foreword, kind): (String, String) =
        sqlx::query_as("SELECT foreword, foreword_kind FROM digests WHERE quarter = '2025-Q1'")
            .fetch_one(&mut db)
            .await
            .expect("the issue");
    assert!(
        foreword.starts_with("In the foreword to this issue"),
        "{foreword}"
    );
    assert_eq!(kind, "reported");
    // The dataset holds the same account the migration writes.
    let builtin = cica_data::builtin().expect("dataset");
    assert_eq!(
        builtin.digests[0].foreword.as_deref().map(str::trim),
        Some(foreword.trim())
    );
    // A foreword an editor wrote is left alone.
    sqlx::query("UPDATE digests SET foreword = 'Our own words.' WHERE quarter = '2025-Q1'")
        .execute(&mut db)
        .await
        .expect("an editor's foreword");
    sqlx::raw_sql(include_str!(
        "../migrations/sqlite/0041_truthful_records.sql"
    ))
    .execute(&mut db)
    .await
    .expect("runs again");
    let kept: String = sqlx::query_scalar("SELECT foreword FROM digests WHERE quarter = '2025-Q1'")
        .fetch_one(&mut db)
        .await
        .expect("the issue");
    assert_eq!(kept, "Our own words.");
}

#[tokio::test]
async fn the_built_in_treaties_get_the_rules_the_dataset_now_holds() {
    let (_dir, mut db) = loaded().await;
    let read = || {
        sqlx::query_as::<_, (String, String, String, Option<String>, bool, Option<String>)>(
            "SELECT slug, entry, notifying, provisional_from, count_known, parent FROM treaties ORDER BY slug",
        )
    };
    let loaded = read().fetch_all(&mut db).await.expect("treaties");
    // As an earlier version left them: every treaty a threshold, countable, on its own.
    sqlx::query(
        "UPDATE treaties SET entry = 'threshold', notifying = '[]', provisional_from = NULL, \
         count_known = 1, parent = NULL",
    )
    .execute(&mut db)
    .await
    .expect("the old rules");
    // The migration's data statements (its columns exist already).
    let migration = include_str!("../migrations/sqlite/0042_treaty_regimes.sql");
    let data = &migration[migration
        .find("-- The built-in treaties")
        .expect("the data part")..];
    sqlx::raw_sql(data).execute(&mut db).await.expect("runs");
    let migrated = read().fetch_all(&mut db).await.expect("treaties");
    assert_eq!(
        migrated, loaded,
        "the migration gives what loading the dataset gives"
    );
    assert!(
        migrated
            .iter()
            .any(|t| t.0 == "host-country-agreement" && t.1 == "on-notification"),
        "{migrated:?}"
    );
}

#[tokio::test]
async fn the_built_in_silence_with_placeholder_instants_is_marked_known_to_the_day() {
    let (_dir, mut db) = loaded().await;
    let read = || {
        sqlx::query_as::<_, (String, bool)>(
            "SELECT id, times_known FROM silence_procedures ORDER BY id",
        )
    };
    let loaded = read().fetch_all(&mut db).await.expect("procedures");
    assert!(loaded.iter().any(|s| !s.1), "{loaded:?}");
    sqlx::query("UPDATE silence_procedures SET times_known = 1")
        .execute(&mut db)
        .await
        .expect("as an earlier version left it");
    let migration = include_str!("../migrations/sqlite/0043_silence_times_known.sql");
    let data = &migration[migration.find("-- The built-in").expect("the data part")..];
    sqlx::raw_sql(data).execute(&mut db).await.expect("runs");
    assert_eq!(read().fetch_all(&mut db).await.expect("procedures"), loaded);
}

/// Re-runs the data part of a versions migration over rows made to look as an earlier
/// version left them (`reset`); the trail's head, and the versions `tables` hold afterwards.
async fn versions_after(migration: &str, reset: &str, tables: &[&str]) -> (i64, Vec<i64>) {
    let (_dir, mut db) = loaded().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(reset.to_owned()))
        .execute(&mut db)
        .await
        .expect("as an earlier version left it");
    let data = &migration[migration
        .find("-- Records written before")
        .expect("the data part")..];
    sqlx::raw_sql(sqlx::AssertSqlSafe(data.to_owned()))
        .execute(&mut db)
        .await
        .expect("runs");
    let head: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_one(&mut db)
        .await
        .expect("head");
    let all = tables
        .iter()
        .map(|t| format!("SELECT version FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let select = format!("SELECT DISTINCT version FROM ({all})");
    let versions: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(select))
        .fetch_all(&mut db)
        .await
        .expect("versions");
    (head, versions)
}

#[tokio::test]
async fn items_written_before_versions_existed_get_one_no_later_write_repeats() {
    let (head, versions) = versions_after(
        include_str!("../migrations/sqlite/0050_record_versions.sql"),
        "UPDATE news SET version = 0; UPDATE digests SET version = 0",
        &["news", "digests"],
    )
    .await;
    // The next write takes the trail's next number, later than this one.
    assert_eq!(versions, [head]);
}

#[tokio::test]
async fn records_written_before_versions_existed_get_the_trails_head() {
    let cases: &[(&str, &str)] = &[
        (
            include_str!("../migrations/sqlite/0051_engagement_versions.sql"),
            "engagements",
        ),
        (
            include_str!("../migrations/sqlite/0052_meeting_versions.sql"),
            "meetings",
        ),
        (
            include_str!("../migrations/sqlite/0053_organization_versions.sql"),
            "organizations",
        ),
        (
            include_str!("../migrations/sqlite/0054_state_versions.sql"),
            "states",
        ),
        (
            include_str!("../migrations/sqlite/0055_body_versions.sql"),
            "bodies",
        ),
        (
            include_str!("../migrations/sqlite/0056_person_versions.sql"),
            "people",
        ),
        (
            include_str!("../migrations/sqlite/0057_chairmanship_versions.sql"),
            "chairmanships",
        ),
        (
            include_str!("../migrations/sqlite/0058_document_versions_of_record.sql"),
            "documents",
        ),
    ];
    for (migration, table) in cases {
        let (head, versions) = versions_after(
            migration,
            &format!("UPDATE {table} SET version = 0"),
            &[table],
        )
        .await;
        assert_eq!(versions, [head], "{table}");
    }
}
