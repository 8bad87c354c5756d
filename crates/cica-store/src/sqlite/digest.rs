//! The Digest's editorial records and the images the records print.

use cica_domain::{Digest, Media, MediaName};
use sqlx::{Row, SqlitePool};

use super::audit::{Change, append, next_version, record, snapshot};
use super::expected;
use super::to_json;
use crate::Attribution;
use crate::{Expect, Result, StoreError, Version};
use cica_domain::parse_day;

/// The copy of an image kept for screens of `size`, if one was made.
pub(super) async fn rendition(
    pool: &SqlitePool,
    name: &MediaName,
    size: cica_domain::Rendition,
) -> Result<Option<Media>> {
    let bytes: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT bytes FROM media_renditions WHERE name = $1 AND size = $2")
            .bind(name.as_str())
            .bind(size.as_str())
            .fetch_optional(pool)
            .await?;
    bytes
        .map(|b| {
            Media::new(name.clone(), b).map_err(|e| StoreError::Corrupt {
                record: format!("image `{name}` ({})", size.as_str()),
                problem: e.to_string(),
            })
        })
        .transpose()
}

/// Keeps a copy made for screens of `source`, while the image stored under its name is that
/// one (one already kept stays).
pub(super) async fn keep_rendition(
    pool: &SqlitePool,
    size: cica_domain::Rendition,
    copy: &Media,
    source: &Media,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO media_renditions (name, size, bytes) SELECT $1, $2, $3 \
         WHERE EXISTS (SELECT 1 FROM media WHERE name = $1 AND bytes = $4) ON CONFLICT DO NOTHING",
    )
    .bind(copy.name.as_str())
    .bind(size.as_str())
    .bind(&copy.bytes)
    .bind(&source.bytes)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn media(pool: &SqlitePool, name: &MediaName) -> Result<Option<Media>> {
    let row = sqlx::query("SELECT bytes FROM media WHERE name = $1")
        .bind(name.as_str())
        .fetch_optional(pool)
        .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let bytes: Vec<u8> = row.try_get("bytes")?;
            Media::new(name.clone(), bytes)
                .map(Some)
                .map_err(|e| StoreError::Corrupt {
                    record: format!("image `{name}`"),
                    problem: e.to_string(),
                })
        }
    }
}

/// Creates or replaces an issue's editorial record, after checking that every item it names
/// is the issue's and that the foreword's author is a person of the register.
pub(super) async fn save_digest(
    pool: &SqlitePool,
    d: &Digest,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    if let Some(problem) = d.problems().into_iter().next() {
        return Err(StoreError::Rejected(problem));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let quarter = d.quarter.to_string();
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM digests WHERE quarter = $1")
        .bind(&quarter)
        .fetch_optional(&mut *tx)
        .await?;
    expected(
        expect,
        stored.map(Version),
        &format!("the {quarter} issue record"),
    )?;
    let version = next_version(&mut tx).await?;
    let before = snapshot(&mut tx, "digests", "quarter", &quarter).await?;
    if let Some(author) = &d.foreword_author {
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people WHERE slug = $1")
            .bind(author.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::Rejected(format!(
                "foreword_author: no person has the slug `{author}`"
            )));
        }
    }
    for (field, slugs) in d.named_items() {
        for slug in slugs {
            let row = sqlx::query("SELECT date, issue FROM news WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else {
                return Err(StoreError::Rejected(format!(
                    "{field}: no news item has the slug `{slug}`"
                )));
            };
            let date: String = row.try_get("date")?;
            let issue: Option<String> = row.try_get("issue")?;
            let belongs = match issue {
                Some(q) => q == d.quarter.to_string(),
                None => parse_day(&date).is_ok_and(|day| d.quarter.span().contains(day)),
            };
            if !belongs {
                return Err(StoreError::Rejected(format!(
                    "{field}: `{slug}` is not an item of the {} issue: it is filed in another quarter or assigned to another issue",
                    d.quarter
                )));
            }
        }
    }
    sqlx::query(
        "INSERT INTO digests (quarter, title, status, highlights, item_order, spotlight, foreword_author, foreword_title, foreword, unconfirmed, note, sources, foreword_kind, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (quarter) DO UPDATE SET title = excluded.title, status = excluded.status, \
           highlights = excluded.highlights, item_order = excluded.item_order, spotlight = excluded.spotlight, \
           foreword_author = excluded.foreword_author, foreword_title = excluded.foreword_title, \
           foreword = excluded.foreword, unconfirmed = excluded.unconfirmed, note = excluded.note, \
           sources = excluded.sources, foreword_kind = excluded.foreword_kind, version = excluded.version",
    )
    .bind(d.quarter.to_string())
    .bind(d.title.trim())
    .bind(d.status.as_str())
    .bind(to_json(&d.highlights))
    .bind(to_json(&d.order))
    .bind(d.spotlight.as_ref().map(to_json))
    .bind(d.foreword_author.as_ref().map(|s| s.as_str()))
    .bind(d.foreword_title.as_deref())
    .bind(d.foreword.as_deref())
    .bind(d.provenance.unconfirmed)
    .bind(d.provenance.note.as_deref())
    .bind(to_json(&d.provenance.sources))
    .bind(d.foreword_kind.as_str())
    .bind(version.0)
    .execute(&mut *tx)
    .await?;
    let after = snapshot(&mut tx, "digests", "quarter", &quarter).await?;
    let draft = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .is_none_or(|v| v["status"].as_str() == Some("draft"))
    };
    // An issue that was and stays a draft is the editors' alone: the public revision stays.
    let hidden = draft(&before) && draft(&after);
    let mut change = Change::new("digest.save", format!("digest/{quarter}"));
    change.before = before;
    change.after = after;
    if hidden {
        append(&mut tx, by, change).await?;
    } else {
        record(&mut tx, by, change).await?;
    }
    tx.commit().await?;
    Ok(version)
}
