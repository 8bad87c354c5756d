//! Deleting a record of the registers while nothing refers to it.
//!
//! What refers to a record is read from the schema itself: every foreign key of every table
//! that points at the record's table (`pragma_foreign_key_list`), so a table a later migration
//! adds is never forgotten; a key that goes with the record (`ON DELETE CASCADE`: a person's
//! roles) is the record's own. References kept where a foreign key cannot hold them (a
//! document version proposed by a body, an engagement counterpart's organization in its JSON,
//! a delegate's grant, an import proposal waiting) are named besides, by hand: a new such
//! column must be added there.

use sqlx::{AssertSqlSafe, Sqlite, Transaction};

use super::{ORGANIZATION_SNAPSHOT, PERSON_SNAPSHOT, expected};
use crate::{Attribution, Expect, Registered, Result, StoreError};

/// How a referring row is named in a refusal: what it is and the expression of its key.
fn label(table: &str) -> (&'static str, &'static str) {
    match table {
        "news_bodies" | "news_people" | "news_organizations" => ("news item", "news"),
        "meetings" => ("meeting", "id"),
        "meeting_organizations" => ("meeting", "meeting"),
        "engagement_organizations" | "engagement_people" => ("engagement", "engagement"),
        "roles" => ("person", "person"),
        "chairmanships" => ("term of the Chair", "state || ' from ' || from_date"),
        "digests" => ("foreword of the Digest issue", "quarter"),
        "bodies" => ("body", "slug"),
        "documents" => ("document", "slug"),
        "decisions" => ("decision", "id"),
        "silence_procedures" => ("silence procedure", "id"),
        "cbm_activity_organizations"
        | "cbm_activity_states"
        | "cbm_activity_meetings"
        | "cbm_activity_news" => ("CBM activity", "activity"),
        "cbm_terms" | "cbm_plans" => ("CBM priority area", "area"),
        "contributions" => ("contribution", "id"),
        "financial_reports" => ("financial report", "id"),
        "fund_project_participants" | "fund_project_steps" => ("Fund project", "project"),
        _ => ("record", ""),
    }
}

/// Every record that refers to the row of `table` keyed `key`, named for people
/// (`news item `x``), each once, in the order the schema lists them.
async fn referrers(
    tx: &mut Transaction<'_, Sqlite>,
    table: &str,
    key: &str,
) -> Result<Vec<String>> {
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, k.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) k \
         WHERE m.type = 'table' AND k.\"table\" = $1 AND upper(k.on_delete) <> 'CASCADE' \
         ORDER BY m.name, k.id",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    let mut out: Vec<String> = Vec::new();
    for (referring, column) in keys {
        let (what, named) = label(&referring);
        // Names from the schema, quoted as identifiers.
        let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        // A table no label names yet: its name and the column that refers.
        let (what, named) = match named {
            "" => (
                format!("a row of `{referring}` naming it in its"),
                quoted(&column),
            ),
            _ => (what.to_owned(), named.to_owned()),
        };
        let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT DISTINCT CAST({named} AS TEXT) FROM {} WHERE {} = $1 ORDER BY 1",
            quoted(&referring),
            quoted(&column),
        )))
        .bind(key)
        .fetch_all(&mut **tx)
        .await?;
        for row in rows {
            let name = format!("{what} `{row}`");
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    Ok(out)
}

/// Deletes an organization, a person or a body: see [`crate::Registers::delete_registered`].
pub(super) async fn delete_registered(
    tx: &mut Transaction<'_, Sqlite>,
    kind: Registered,
    slug: &str,
    expect: Expect,
    by: &Attribution,
) -> Result<()> {
    let (table, snapshot) = match kind {
        Registered::Organization => ("organizations", ORGANIZATION_SNAPSHOT.to_owned()),
        Registered::Person => ("people", PERSON_SNAPSHOT.to_owned()),
        Registered::Body => ("bodies", "SELECT * FROM bodies WHERE slug = $1".to_owned()),
    };
    let stored: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT version FROM {table} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_optional(&mut **tx)
    .await?;
    let what = format!("{} `{slug}`", kind.as_str());
    let Some(stored) = stored else {
        return Err(StoreError::NotFound(format!("no {what}")));
    };
    expected(expect, Some(crate::Version(stored)), &what)?;
    let mut referring = referrers(tx, table, slug).await?;
    // What the schema cannot hold: a version proposed by a body, an import proposal waiting
    // to become a meeting of a body or an engagement with a person.
    let besides: Vec<String> = sqlx::query_scalar(
        "SELECT 'document `' || document || '` (version ' || number || ', proposed by it)' \
           FROM document_versions WHERE $2 = 'body' AND proposed_by = 'body:' || $1 \
         UNION ALL SELECT DISTINCT 'engagement `' || e.id || '` (a counterpart of it)' \
           FROM engagements e, json_each(e.counterparts) c \
           WHERE $2 = 'organization' AND c.value ->> 'organization' = $1 \
         UNION ALL SELECT DISTINCT 'Fund project `' || p.id || '` (a party to a transaction of it)' \
           FROM fund_projects p, json_each(p.transactions) t \
           WHERE $2 = 'organization' AND (t.value ->> 'provider_organization' = $1 OR t.value ->> 'receiver_organization' = $1) \
         UNION ALL SELECT DISTINCT 'the account of a delegate for it (' || a.email || ')' \
           FROM account_grants g JOIN accounts a ON a.id = g.account \
           WHERE $2 = 'organization' AND g.organization = $1 \
         UNION ALL SELECT 'import proposal of news item `' || news || '` (waiting)' \
           FROM import_proposals WHERE status = 'pending' \
           AND ((kind = 'meeting' AND $2 = 'body' AND subject = $1) \
             OR (kind = 'engagement' AND $2 = 'person' AND (subject = $1 OR person = $1)))",
    )
    .bind(slug)
    .bind(kind.as_str())
    .fetch_all(&mut **tx)
    .await?;
    referring.extend(besides);
    super::refused_while_referred(&what, &referring)?;
    let before = super::audit::snapshot_of(tx, &snapshot, slug).await?;
    if kind == Registered::Organization {
        sqlx::query("DELETE FROM statuses WHERE owner_kind = 'organization' AND owner = $1")
            .bind(slug)
            .execute(&mut **tx)
            .await?;
    }
    // A person's roles go with them (their key cascades).
    sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE slug = $1"
    )))
    .bind(slug)
    .execute(&mut **tx)
    .await?;
    let action = format!("{}.delete", kind.as_str());
    let mut change = super::audit::Change::new(&action, format!("{}/{slug}", kind.as_str()));
    change.before = before;
    super::audit::record(tx, by, change).await
}

#[cfg(test)]
mod tests {
    use super::label;

    /// Every table whose foreign keys point at a register's record names its rows for
    /// people; a new one is named here before a refusal reads "a row of".
    #[tokio::test]
    async fn every_table_referring_to_a_registers_record_names_its_rows() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("schema.db");
        let store = crate::sqlite::SqliteStore::open(&path.to_string_lossy())
            .await
            .expect("a migrated database");
        let referring: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) k \
             WHERE m.type = 'table' AND k.\"table\" IN ('organizations', 'people', 'bodies') \
             AND upper(k.on_delete) <> 'CASCADE'",
        )
        .fetch_all(store.pool())
        .await
        .expect("the schema");
        assert!(referring.len() > 10, "{referring:?}");
        for table in referring {
            assert_ne!(label(&table).1, "", "{table} has no label");
        }
    }
}
