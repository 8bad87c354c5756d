//! Saving a news item as an editor writes it: the whole record, when the version stored is the
//! one the editor read.

use cica_domain::{NewsItem, Slug};
use serde_json::Value;
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::audit::{Change, append, next_version, record, snapshot_of};
use super::expected;
use super::{NEWS_COLUMNS, insert_news, insert_news_links, iso};
use crate::{Attribution, Expect, Result, StoreError, Version};

/// A news item with its tags and photographs as the audit trail keeps it.
async fn snapshot(tx: &mut Transaction<'_, Sqlite>, slug: &Slug) -> Result<Option<Value>> {
    snapshot_of(
        tx,
        &format!("SELECT {NEWS_COLUMNS} FROM news n WHERE n.slug = $1"),
        slug.as_str(),
    )
    .await
}

/// The first reference of `item` that names no record, as `field: problem`: one query per
/// register, however many the item names.
async fn unknown_reference(
    tx: &mut Transaction<'_, Sqlite>,
    item: &NewsItem,
) -> Result<Option<String>> {
    fn keys<T: ToString>(list: &[T]) -> String {
        serde_json::Value::from(list.iter().map(ToString::to_string).collect::<Vec<_>>())
            .to_string()
    }
    let media: Vec<String> = item.photos.iter().map(|p| p.media.to_string()).collect();
    let lists: [(&str, &str, &str, String); 5] = [
        ("states", "states", "code", keys(&item.states)),
        ("bodies", "bodies", "slug", keys(&item.bodies)),
        ("people", "people", "slug", keys(&item.people)),
        (
            "organizations",
            "organizations",
            "slug",
            keys(&item.organizations),
        ),
        ("photos", "media", "name", keys(&media)),
    ];
    for (field, table, column, keys) in lists {
        let missing: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT value FROM json_each($1) WHERE value NOT IN (SELECT {column} FROM {table}) ORDER BY key LIMIT 1"
        )))
        .bind(&keys)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(key) = missing {
            let what = match field {
                "states" => "no state has the code",
                "bodies" => "no body has the slug",
                "people" => "no person has the slug",
                "organizations" => "no organization has the slug",
                _ => "no image of the records is named",
            };
            return Ok(Some(format!("{field}: {what} `{key}`")));
        }
    }
    Ok(None)
}

pub(super) async fn save_news(
    pool: &SqlitePool,
    item: &NewsItem,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let slug = &item.slug;
    let stored: Option<(i64, bool)> =
        sqlx::query_as("SELECT version, draft FROM news WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    expected(
        expect,
        stored.map(|(v, _)| Version(v)),
        &format!("news item `{slug}`"),
    )?;
    if let Some(problem) = unknown_reference(&mut tx, item).await? {
        return Err(StoreError::Rejected(problem));
    }
    let version = next_version(&mut tx).await?;
    let before = snapshot(&mut tx, slug).await?;
    // Whether it is a draft is the publishing's to change, not a save's: a new item is one.
    let draft = stored.is_none_or(|(_, draft)| draft);
    let mut item = item.clone();
    item.draft = draft;
    match stored {
        None => {
            insert_news(&mut tx, &item, version).await?;
            sqlx::query("UPDATE news SET edited = 1 WHERE slug = $1")
                .bind(slug.as_str())
                .execute(&mut *tx)
                .await?;
        }
        Some(_) => {
            let n = &item;
            sqlx::query(
                "UPDATE news SET title = $2, kind = $3, place = $4, dateline_start = $5, dateline_end = $6, \
                 date = $7, date_confirmed = $8, date_note = $9, spotlight = $10, activities = $11, issue = $12, \
                 position = $13, language = $14, source = $15, body = $16, version = $17, edited = 1 \
                 WHERE slug = $1",
            )
            .bind(slug.as_str())
            .bind(n.title.as_str())
            .bind(n.kind.as_str())
            .bind(n.dateline.as_ref().map(|d| d.place.clone()))
            .bind(n.dateline.as_ref().map(|d| iso(d.span.start())))
            .bind(n.dateline.as_ref().map(|d| iso(d.span.end())))
            .bind(iso(n.date))
            .bind(n.date_confirmed)
            .bind(n.date_note.as_deref())
            .bind(n.spotlight)
            .bind(n.activities)
            .bind(n.issue.map(|q| q.to_string()))
            .bind(n.position.map(i64::from))
            .bind(n.language.as_str())
            .bind(n.source.as_str())
            .bind(n.body.as_str())
            .bind(version.0)
            .execute(&mut *tx)
            .await?;
            for table in [
                "news_states",
                "news_bodies",
                "news_people",
                "news_organizations",
                "news_photos",
            ] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE news = $1"
                )))
                .bind(slug.as_str())
                .execute(&mut *tx)
                .await?;
            }
            insert_news_links(&mut tx, &[n]).await?;
        }
    }
    let after = snapshot(&mut tx, slug).await?;
    let action = if stored.is_some() {
        "news.save"
    } else {
        "news.create"
    };
    let mut change = Change::new(action, format!("news/{slug}"));
    change.before = before;
    change.after = after;
    // A draft is the editors' alone: the public revision (and the caches keyed on it) stays.
    if draft {
        append(&mut tx, by, change).await?;
    } else {
        record(&mut tx, by, change).await?;
    }
    tx.commit().await?;
    Ok(version)
}

pub(super) async fn add_photo(
    pool: &SqlitePool,
    slug: &Slug,
    expect: Expect,
    media: &cica_domain::Media,
    photo: &cica_domain::Photo,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<(i64, bool)> =
        sqlx::query_as("SELECT version, draft FROM news WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    expected(
        expect,
        stored.map(|(v, _)| Version(v)),
        &format!("news item `{slug}`"),
    )?;
    let Some((_, draft)) = stored else {
        return Err(StoreError::NotFound(format!(
            "no news item has the slug `{slug}`"
        )));
    };
    let photos: i64 = sqlx::query_scalar("SELECT count(*) FROM news_photos WHERE news = $1")
        .bind(slug.as_str())
        .fetch_one(&mut *tx)
        .await?;
    if usize::try_from(photos).unwrap_or(usize::MAX) >= NewsItem::MAX_PHOTOS {
        return Err(StoreError::Rejected(format!(
            "photos: an item prints at most {} photographs",
            NewsItem::MAX_PHOTOS
        )));
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE name = $1")
        .bind(media.name.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "an image of the records is already named `{}`; choose another name",
            media.name
        )));
    }
    let version = next_version(&mut tx).await?;
    let before = snapshot(&mut tx, slug).await?;
    sqlx::query("INSERT INTO media (name, media_type, bytes) VALUES ($1, $2, $3)")
        .bind(media.name.as_str())
        .bind(media.media_type())
        .bind(media.bytes.as_slice())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO news_photos (news, seq, media, caption, credit, alt) \
         VALUES ($1, (SELECT coalesce(max(seq) + 1, 0) FROM news_photos WHERE news = $1), $2, $3, $4, $5)",
    )
    .bind(slug.as_str())
    .bind(media.name.as_str())
    .bind(photo.caption.as_str())
    .bind(photo.credit.as_deref())
    .bind(photo.alt.as_deref())
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE news SET version = $2, edited = 1 WHERE slug = $1")
        .bind(slug.as_str())
        .bind(version.0)
        .execute(&mut *tx)
        .await?;
    let after = snapshot(&mut tx, slug).await?;
    // The image is a record of its own: its entry says what was stored (its digest), the
    // item's entry what changed of the item.
    use sha2::Digest as _;
    let digest: String = sha2::Sha256::digest(&media.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let image =
        Change::new("media.add", format!("media/{}", media.name)).after(serde_json::json!({
            "name": media.name.as_str(),
            "media_type": media.media_type(),
            "bytes": media.bytes.len(),
            "sha256": digest,
        }));
    let mut change = Change::new("news.photo", format!("news/{slug}"));
    change.before = before;
    change.after = after;
    super::audit::append_many(&mut tx, by, vec![image, change]).await?;
    // A draft is the editors' alone: the public revision moves only for a published item.
    if !draft {
        super::bump_revision(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(version)
}

/// Deletes a draft news item at the version expected, with its tags, photographs' places and
/// import proposals; refused while an issue of the Digest names it, and for a published item,
/// which stays in the public record. Audited with the item as it was.
pub(super) async fn delete_news(
    pool: &SqlitePool,
    slug: &Slug,
    expect: Expect,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<(i64, bool)> =
        sqlx::query_as("SELECT version, draft FROM news WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let what = format!("news item `{slug}`");
    expected(expect, stored.map(|(v, _)| Version(v)), &what)?;
    if stored.is_some_and(|(_, draft)| !draft) {
        return Err(StoreError::Conflict(format!(
            "{what} is published: it stays in the public record and is not deleted"
        )));
    }
    let referrers: Vec<String> = sqlx::query_scalar(
        "SELECT 'meeting `' || meeting || '`' FROM meeting_news WHERE news = $1 \
         UNION ALL SELECT 'engagement `' || id || '`' FROM engagements WHERE news = $1 \
         UNION ALL SELECT 'CBM activity `' || activity || '`' FROM cbm_activity_news WHERE news = $1 \
         UNION ALL SELECT 'contribution `' || contribution || '`' FROM contribution_news WHERE news = $1 \
         UNION ALL SELECT 'Fund project `' || project || '`' FROM fund_project_news WHERE news = $1 \
         UNION ALL SELECT 'the Digest issue ' || quarter || ' (its cover, order or spotlight)' FROM digests d \
         WHERE EXISTS (SELECT 1 FROM json_each(d.highlights) WHERE value = $1) \
            OR EXISTS (SELECT 1 FROM json_each(d.item_order) WHERE value = $1) \
            OR (d.spotlight IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(d.spotlight) WHERE value = $1))",
    )
    .bind(slug.as_str())
    .fetch_all(&mut *tx)
    .await?;
    super::refused_while_referred(&what, &referrers)?;
    let before = snapshot(&mut tx, slug).await?;
    let images: Vec<String> = sqlx::query_scalar("SELECT media FROM news_photos WHERE news = $1")
        .bind(slug.as_str())
        .fetch_all(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM news WHERE slug = $1")
        .bind(slug.as_str())
        .execute(&mut *tx)
        .await?;
    // Its images go with it, unless another item prints them.
    for image in images {
        sqlx::query(
            "DELETE FROM media WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM news_photos WHERE media = $1)",
        )
        .bind(&image)
        .execute(&mut *tx)
        .await?;
    }
    let mut change = Change::new("news.delete", format!("news/{slug}"));
    change.before = before;
    // A draft was never public: the public's caches need not hear of it.
    append(&mut tx, by, change).await?;
    tx.commit().await?;
    Ok(())
}
