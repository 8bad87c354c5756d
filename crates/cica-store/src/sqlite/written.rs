//! Records as the audit trail keeps them, read back for a restore.
//!
//! An entry keeps a record as its row (`SELECT s.*` with its lists: [`super::STATE_SNAPSHOT`]
//! and the like) or, for documents and decisions, as the JSON their writes build. Either way
//! SQLite turns the snapshot back into a row with the columns the record's own reader takes,
//! so a version put back is read exactly as a stored record is, by the same code.

use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, SqlitePool};

use crate::{RESTORABLE, Result, Side, Written};

/// The record the entry `seq` of `record` kept on `side`, if it is a whole record this
/// release reads.
pub(super) async fn written(
    pool: &SqlitePool,
    record: &str,
    seq: i64,
    side: Side,
) -> Result<Option<Written>> {
    let column = match side {
        Side::Before => "before",
        Side::After => "after",
    };
    let entry: Option<(String, Option<String>)> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT action, {column} FROM audit WHERE seq = $1 AND record = $2"
    )))
    .bind(seq)
    .bind(record)
    .fetch_optional(pool)
    .await?;
    let Some((action, Some(snapshot))) = entry else {
        return Ok(None);
    };
    let Some((kind, key)) = record.split_once('/') else {
        return Ok(None);
    };
    if !RESTORABLE.contains(&action.as_str()) || !action.starts_with(&format!("{kind}.")) {
        return Ok(None);
    }
    let read = match kind {
        "document" => keyed(pool, DOCUMENT, &snapshot, key).await?,
        "decision" => keyed(pool, DECISION, &snapshot, key).await?,
        _ => as_row(pool, &snapshot).await?,
    };
    let Some(row) = read else {
        return Ok(None);
    };
    let decoded = match kind {
        "state" => match children(pool, &row, "statuses", STATUS).await? {
            Some(rows) => rows
                .iter()
                .map(super::status_from)
                .collect::<Result<Vec<_>>>()
                .and_then(|statuses| super::state_from(&row, statuses))
                .map(Written::State),
            None => return Ok(None),
        },
        "organization" => match children(pool, &row, "statuses", STATUS).await? {
            Some(rows) => rows
                .iter()
                .map(super::status_from)
                .collect::<Result<Vec<_>>>()
                .and_then(|statuses| super::organization_from(&row, statuses))
                .map(Written::Organization),
            None => return Ok(None),
        },
        "person" => match children(pool, &row, "roles", ROLE).await? {
            Some(rows) => rows
                .iter()
                .map(super::role_from)
                .collect::<Result<Vec<_>>>()
                .and_then(|roles| super::person_from(&row, roles))
                .map(Written::Person),
            None => return Ok(None),
        },
        "body" => super::body_from(&row).map(Written::Body),
        "chairmanship" => super::chairmanship_from(&row).map(Written::Chairmanship),
        "meeting" => super::meeting_from(&row).map(Written::Meeting),
        "engagement" => super::engagement_from(&row).map(Written::Engagement),
        "news" => super::news_from(&row).map(Written::News),
        "digest" => super::digest_from(&row).map(Written::Digest),
        "document" => super::decisions::document_from(&row, Vec::new()).map(Written::Document),
        "decision" => super::decisions::decision_from(&row).map(Written::Decision),
        _ => return Ok(None),
    };
    // A snapshot of a shape this release does not read (a column an older release did not
    // keep, a keyword since renamed) is no version to put back; never an error of the reader.
    Ok(decoded.ok().filter(|w| w.key() == key))
}

/// A row snapshot (a JSON object of column and value) as a row with those columns: each key
/// becomes a column of its value, as SQLite reads it out of the JSON. Keys are column names
/// the platform wrote; anything else means the snapshot is none of its rows.
async fn as_row(pool: &SqlitePool, snapshot: &str) -> Result<Option<SqliteRow>> {
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT key FROM json_each($1) WHERE json_type($1) = 'object'")
            .bind(snapshot)
            .fetch_all(pool)
            .await?;
    let column = |k: &String| {
        !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if keys.is_empty() || !keys.iter().all(column) {
        return Ok(None);
    }
    let columns = keys
        .iter()
        .map(|k| format!("$1 ->> '{k}' AS \"{k}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(sqlx::query(AssertSqlSafe(format!("SELECT {columns}")))
        .bind(snapshot)
        .fetch_optional(pool)
        .await?)
}

/// A JSON snapshot read by `select` (`$1` the snapshot, `$2` the record's key).
async fn keyed(
    pool: &SqlitePool,
    select: &'static str,
    snapshot: &str,
    key: &str,
) -> Result<Option<SqliteRow>> {
    Ok(sqlx::query(select)
        .bind(snapshot)
        .bind(key)
        .fetch_optional(pool)
        .await?)
}

/// The rows of a list the snapshot keeps in `column` (a JSON array of objects), as `select`
/// reads each element (`value`); None when the snapshot has no such list.
async fn children(
    pool: &SqlitePool,
    row: &SqliteRow,
    column: &str,
    select: &str,
) -> Result<Option<Vec<SqliteRow>>> {
    let Ok(Some(list)) = sqlx::Row::try_get::<Option<String>, _>(row, column) else {
        return Ok(None);
    };
    let valid: bool = sqlx::query_scalar("SELECT json_valid($1) AND json_type($1) = 'array'")
        .bind(&list)
        .fetch_one(pool)
        .await?;
    if !valid {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {select} FROM json_each($1) ORDER BY CAST(key AS INTEGER)"
        )))
        .bind(list)
        .fetch_all(pool)
        .await?,
    ))
}

/// A status period as [`super::STATE_SNAPSHOT`] keeps it, in the columns of its table.
const STATUS: &str = "value ->> 'status' AS status, value ->> 'from' AS from_date, \
    value ->> 'until' AS until_date, value ->> 'unconfirmed' AS unconfirmed, \
    value ->> 'note' AS note, value -> 'sources' AS sources";

/// A role as [`super::PERSON_SNAPSHOT`] keeps it, in the columns of its table.
const ROLE: &str = "value ->> 'title' AS title, value ->> 'state' AS state, \
    value ->> 'organization' AS organization, value ->> 'body' AS body, \
    value ->> 'from' AS from_date, value ->> 'until' AS until_date, \
    value ->> 'unconfirmed' AS unconfirmed, value ->> 'note' AS note, value -> 'sources' AS sources";

/// A document as its writes keep it, in the columns of its table.
const DOCUMENT: &str = "SELECT $2 AS slug, $1 ->> 'title' AS title, $1 ->> 'kind' AS kind, \
    $1 ->> 'visibility' AS visibility, $1 ->> 'status' AS status, $1 ->> 'body' AS body, \
    $1 ->> 'unconfirmed' AS unconfirmed, $1 ->> 'note' AS note, $1 -> 'sources' AS sources \
    WHERE json_type($1) = 'object'";

/// A decision as its corrections keep it, in the columns its reader takes: the document
/// version it acted on is kept as `slug/number`.
const DECISION: &str = "SELECT $2 AS id, $1 ->> 'organ' AS organ, $1 ->> 'date' AS date, \
    $1 ->> 'number' AS number, $1 ->> 'act' AS act, $1 ->> 'subject' AS subject, \
    CASE WHEN instr($1 ->> 'document', '/') > 0 \
        THEN substr($1 ->> 'document', 1, instr($1 ->> 'document', '/') - 1) END AS document, \
    CASE WHEN instr($1 ->> 'document', '/') > 0 \
        THEN CAST(substr($1 ->> 'document', instr($1 ->> 'document', '/') + 1) AS INTEGER) END AS version, \
    $1 ->> 'meeting' AS meeting, $1 ->> 'silence' AS silence, \
    (SELECT json_group_array(json_array(value ->> 'state', value ->> 'stance', value ->> 'text')) \
        FROM json_each($1, '$.statements')) AS statement_list, \
    $1 ->> 'unconfirmed' AS unconfirmed, $1 ->> 'note' AS note, $1 -> 'sources' AS sources \
    WHERE json_type($1) = 'object' AND json_type($1, '$.statements') = 'array'";
