//! Imported news: planned item by item against what is stored, then written as drafts in one
//! transaction. Matching is by address (slug), then by date and headline, then by body, so
//! re-importing the same text, or a text already in the archive, changes nothing.

use cica_domain::{NewsItem, Slug};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

use super::{NEWS_COLUMNS, insert_news, news_from};
use crate::{ImportAction, Result, StoreError};

fn normal(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two items say the same thing (their provenance notes aside).
fn same(a: &NewsItem, b: &NewsItem) -> bool {
    a.title == b.title
        && a.kind == b.kind
        && a.dateline == b.dateline
        && a.date == b.date
        && a.states == b.states
        && a.bodies == b.bodies
        && a.people == b.people
        && a.organizations == b.organizations
        && normal(&a.body) == normal(&b.body)
        && a.spotlight == b.spotlight
        && a.activities == b.activities
}

async fn decide(tx: &mut Transaction<'_, Sqlite>, n: &NewsItem) -> Result<ImportAction> {
    let by_slug = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {NEWS_COLUMNS} FROM news n WHERE n.slug = $1"
    )))
    .bind(n.slug.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = by_slug {
        let existing = news_from(&row)?;
        return Ok(if same(&existing, n) {
            ImportAction::Unchanged(existing.slug)
        } else if existing.draft {
            ImportAction::Update
        } else {
            ImportAction::Conflict(format!(
                "a published item has the address {}; it is left as it is",
                existing.slug
            ))
        });
    }
    // The same item under another address: same day and headline, or same text.
    let same_day = sqlx::query("SELECT slug, title, body FROM news WHERE date = $1")
        .bind(n.date.format("%Y-%m-%d").to_string())
        .fetch_all(&mut **tx)
        .await?;
    let (title, body) = (normal(&n.title), normal(&n.body));
    for row in &same_day {
        let t: String = row.try_get("title")?;
        let b: String = row.try_get("body")?;
        if normal(&t) == title || normal(&b) == body {
            let s: String = row.try_get("slug")?;
            return Ok(ImportAction::Unchanged(
                Slug::parse(&s).map_err(|e| super::corrupt("news item", e.to_string()))?,
            ));
        }
    }
    Ok(ImportAction::Create)
}

async fn plan_in(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[NewsItem],
    apply: bool,
) -> Result<Vec<ImportAction>> {
    let mut out = Vec::new();
    let mut seen: Vec<&Slug> = Vec::new();
    for n in items {
        if seen.contains(&&n.slug) {
            out.push(ImportAction::Unchanged(n.slug.clone()));
            continue;
        }
        seen.push(&n.slug);
        let action = decide(tx, n).await?;
        if apply {
            match &action {
                ImportAction::Create => insert_news(tx, n).await?,
                ImportAction::Update => {
                    sqlx::query("DELETE FROM news WHERE slug = $1 AND draft = 1")
                        .bind(n.slug.as_str())
                        .execute(&mut **tx)
                        .await?;
                    insert_news(tx, n).await?;
                }
                ImportAction::Unchanged(_) | ImportAction::Conflict(_) => {}
            }
        }
        out.push(action);
    }
    Ok(out)
}

pub(super) async fn plan_import(
    pool: &SqlitePool,
    items: &[NewsItem],
) -> Result<Vec<ImportAction>> {
    let mut tx = pool.begin().await?;
    let plan = plan_in(&mut tx, items, false).await?;
    tx.rollback().await?;
    Ok(plan)
}

pub(super) async fn import_news(
    pool: &SqlitePool,
    items: &[NewsItem],
) -> Result<Vec<ImportAction>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let done = plan_in(&mut tx, items, true).await?;
    if done
        .iter()
        .any(|a| matches!(a, ImportAction::Create | ImportAction::Update))
    {
        sqlx::query("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision'").execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(done)
}

pub(super) async fn publish_news(pool: &SqlitePool, slug: &Slug) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let draft: Option<bool> = sqlx::query_scalar("SELECT draft FROM news WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    match draft {
        None => {
            return Err(StoreError::NotFound(format!(
                "no news item has the slug `{slug}`"
            )));
        }
        Some(false) => {
            return Err(StoreError::Rejected(format!(
                "`{slug}` is already published"
            )));
        }
        Some(true) => {}
    }
    sqlx::query("UPDATE news SET draft = 0 WHERE slug = $1")
        .bind(slug.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision'",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
