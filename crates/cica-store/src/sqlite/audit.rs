//! The audit trail: one entry per write, appended in the write's own transaction, each linked
//! to the one before by its hash ([`cica_domain::audit`]).

use chrono::SecondsFormat;
use cica_domain::audit::{Entry, GENESIS, link};
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use crate::{Attribution, Result};

/// What a write changed: the action, the record, and the record before and after (or what
/// was asked), as JSON.
pub(super) struct Change<'a> {
    pub action: &'a str,
    pub record: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, record: impl Into<String>) -> Self {
        Self {
            action,
            record: record.into(),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
}

/// Appends the entry for `change` made `by`, inside the write's transaction, which must hold
/// the write lock (`BEGIN IMMEDIATE`): the head is read and moved under it.
pub(super) async fn append(
    tx: &mut Transaction<'_, Sqlite>,
    by: &Attribution,
    change: Change<'_>,
) -> Result<()> {
    append_many(tx, by, vec![change]).await
}

/// Appends one entry per change, in order, as [`append`] does for one: the head is read and
/// moved once, and the entries are written in as few statements as the store allows.
pub(super) async fn append_many(
    tx: &mut Transaction<'_, Sqlite>,
    by: &Attribution,
    changes: Vec<Change<'_>>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (mut seq, mut prev) = head.unwrap_or_else(|| (0, GENESIS.to_owned()));
    let at = by.at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor = by.actor.as_str();
    let note = by.note.as_deref().filter(|n| !n.trim().is_empty());
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        seq += 1;
        let before = change.before.as_ref().map(Value::to_string);
        let after = change.after.as_ref().map(Value::to_string);
        let hash = link(
            seq,
            &prev,
            &at,
            actor,
            change.action,
            &change.record,
            note,
            before.as_deref(),
            after.as_deref(),
        );
        let linked_to = std::mem::replace(&mut prev, hash.clone());
        rows.push((seq, change, before, after, linked_to, hash));
    }
    super::insert_values(
        tx,
        "INSERT INTO audit (seq, at, actor, action, record, note, before, after, prev, hash) ",
        "",
        10,
        &rows,
        |b, (seq, change, before, after, linked_to, hash)| {
            b.push_bind(*seq);
            b.push_bind(at.as_str());
            b.push_bind(actor);
            b.push_bind(change.action);
            b.push_bind(change.record.as_str());
            b.push_bind(note);
            b.push_bind(before.as_deref());
            b.push_bind(after.as_deref());
            b.push_bind(linked_to.as_str());
            b.push_bind(hash.as_str());
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(seq)
    .bind(&prev)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The version a write gives the records it writes: the sequence number the trail's next
/// entry takes, read under the write's lock. It is never given twice, as the trail only grows
/// (a dataset load keeps it).
pub(super) async fn next_version(tx: &mut Transaction<'_, Sqlite>) -> Result<crate::Version> {
    let head: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
        .fetch_optional(&mut **tx)
        .await?;
    Ok(crate::Version(head.unwrap_or(0) + 1))
}

/// Records a write of the records: the audit entry, and the revision caches key on.
pub(super) async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    by: &Attribution,
    change: Change<'_>,
) -> Result<()> {
    append(tx, by, change).await?;
    super::bump_revision(tx).await
}

fn entry(row: &SqliteRow) -> Result<Entry> {
    Ok(Entry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        record: row.try_get("record")?,
        note: row.try_get("note")?,
        before: row.try_get("before")?,
        after: row.try_get("after")?,
        prev: row.try_get("prev")?,
        hash: row.try_get("hash")?,
    })
}

pub(super) async fn entries(pool: &SqlitePool, record: Option<&str>) -> Result<Vec<Entry>> {
    let rows = match record {
        Some(r) => {
            sqlx::query("SELECT * FROM audit WHERE record = $1 ORDER BY seq")
                .bind(r)
                .fetch_all(pool)
                .await?
        }
        None => {
            sqlx::query("SELECT * FROM audit ORDER BY seq")
                .fetch_all(pool)
                .await?
        }
    };
    rows.iter().map(entry).collect()
}

/// The trail and its head in one read transaction: in WAL mode it sees one snapshot, so a
/// write committed meanwhile shows in neither.
pub(super) async fn snapshot_all(pool: &SqlitePool) -> Result<(Vec<Entry>, Option<(i64, String)>)> {
    let mut tx = pool.begin().await?;
    let rows = sqlx::query("SELECT * FROM audit ORDER BY seq")
        .fetch_all(&mut *tx)
        .await?;
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok((rows.iter().map(entry).collect::<Result<_>>()?, head))
}

pub(super) async fn head(pool: &SqlitePool) -> Result<Option<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(pool)
            .await?,
    )
}

/// What was written since the last `dataset.load`, by action; account changes excluded.
pub(super) async fn writes_since_load(pool: &SqlitePool) -> Result<Option<Vec<(String, i64)>>> {
    let last_load: Option<i64> =
        sqlx::query_scalar("SELECT MAX(seq) FROM audit WHERE action = 'dataset.load'")
            .fetch_one(pool)
            .await?;
    if last_load.is_none() {
        let records: i64 = sqlx::query_scalar("SELECT count(*) FROM states")
            .fetch_one(pool)
            .await?;
        if records > 0 {
            return Ok(None);
        }
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT action, count(*) FROM audit WHERE seq > $1 \
         AND action NOT LIKE 'account.%' AND action NOT LIKE 'token.%' \
         AND action NOT LIKE 'session.%' \
         GROUP BY action ORDER BY action",
    )
    .bind(last_load.unwrap_or(0))
    .fetch_all(pool)
    .await?;
    Ok(Some(rows))
}

/// A row of `table` as a JSON object (column → value), read inside the write's transaction:
/// the "before" and "after" of an update. `table` and `column` are names from this crate,
/// never input.
pub(super) async fn snapshot(
    tx: &mut Transaction<'_, Sqlite>,
    table: &'static str,
    column: &'static str,
    key: &str,
) -> Result<Option<Value>> {
    snapshot_of(
        tx,
        &format!("SELECT * FROM {table} WHERE {column} = $1"),
        key,
    )
    .await
}

/// The row `select` reads for `key` (its one parameter) as a JSON object of its columns, or
/// None when there is none.
pub(super) async fn snapshot_of(
    tx: &mut Transaction<'_, Sqlite>,
    select: &str,
    key: &str,
) -> Result<Option<Value>> {
    use sqlx::{TypeInfo, ValueRef};
    let row = sqlx::query(sqlx::AssertSqlSafe(select.to_owned()))
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut object = serde_json::Map::new();
    for (i, col) in sqlx::Row::columns(&row).iter().enumerate() {
        let name = sqlx::Column::name(col).to_owned();
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            Value::Null
        } else {
            match raw.type_info().name() {
                "INTEGER" => Value::from(row.try_get::<i64, _>(i)?),
                "REAL" => Value::from(row.try_get::<f64, _>(i)?),
                "BLOB" => Value::from(format!("<{} bytes>", row.try_get::<Vec<u8>, _>(i)?.len())),
                _ => Value::from(row.try_get::<String, _>(i)?),
            }
        };
        object.insert(name, value);
    }
    Ok(Some(Value::Object(object)))
}

/// Records the entry of a write of one record (`name`, such as `state/KAZ`): `<kind>.create`
/// when nothing stood there before (`before` is none), else `<kind>.save`, with the record
/// before and after as `select` reads it by `key`.
pub(super) async fn write_of(
    tx: &mut Transaction<'_, Sqlite>,
    kind: &str,
    name: String,
    select: &str,
    key: &str,
    before: Option<Value>,
    by: &Attribution,
) -> Result<()> {
    let after = snapshot_of(tx, select, key).await?;
    let action = format!(
        "{kind}.{}",
        if before.is_some() { "save" } else { "create" }
    );
    let mut change = Change::new(&action, name);
    change.before = before;
    change.after = after;
    record(tx, by, change).await
}
