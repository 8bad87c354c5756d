//! The SQLite backend: the embedded default, one file beside the binary.
//!
//! Opened in WAL mode with foreign keys on, so readers never wait for the writer and the
//! database itself refuses dangling references even if a caller skipped the loader's checks.

mod accounts;
mod audit;
mod cbm;
mod decisions;
mod deleting;
mod digest;
mod fund;
mod import;
mod money;
mod news;
mod proposals;
mod written;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::NaiveDate;
use cica_domain::{
    Act, Affiliation, Body, BodyKind, Chairmanship, Counterpart, Dataset, DateSpan, Dateline,
    Digest, DigestStatus, Engagement, EngagementKind, ForewordKind, LocalTime, Media, MediaName,
    Meeting, MeetingFormat, MeetingStatus, NewsItem, NewsKind, OrgKind, Organization, Outcome,
    PartialDate, Participation, Period, Person, Photo, Provenance, Quarter, Role, Slug, State,
    StateCode, StatusPeriod, parse_day,
};
use serde_json::json;
use sqlx::query_builder::Separated;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

use crate::{
    Accounts, AuditTrail, Calendar, Datasets, Decisions, Digests, Ledger, News, Registers, Treaties,
};
use crate::{
    Attribution, Cursor, DecisionQuery, Drafts, EngagementQuery, ImportItem, ImportOutcome,
    MeetingQuery, NewVersion, NewsQuery, Order, Page, PendingProposal, Result, StoreError,
};
use chrono::{DateTime, Utc};
use cica_domain::access::{Account, Grant};
use cica_domain::consensus::Position;
use cica_domain::decision::{
    ActionRecord, Decision, Document, DocumentVersion, NewDecision, NewSilence, Notification,
    SilenceRecord, Treaty,
};
use cica_domain::silence::Request;

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The database file and its identity (device, inode) when opened: a write is refused
    /// once the path no longer names that file (deleted, or replaced by another).
    file: Option<(std::path::PathBuf, u64, u64)>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `location`, a path or a `sqlite:` URL, and
    /// brings its schema up to date.
    pub async fn open(location: &str) -> Result<Self> {
        let options = if location.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(location)?
        } else {
            SqliteConnectOptions::new().filename(location)
        }
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let path: Option<String> =
            sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_optional(&pool)
                .await?;
        let file = path
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .and_then(|p| identity(&p).map(|(dev, ino)| (p, dev, ino)));
        if let Some((p, ..)) = &file
            && std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly())
        {
            tracing::error!(
                db = %p.display(),
                "the database file is read-only: pages can be read, but every write will fail"
            );
        }
        Ok(Self { pool, file })
    }

    /// Replaces every record, checking first (under the lock) that the trail's head is still
    /// `expect` when one is given.
    async fn replace(
        &self,
        dataset: &Dataset,
        by: &Attribution,
        expect: Option<Option<i64>>,
    ) -> Result<()> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(expected) = expect {
            let head: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
                .fetch_optional(&mut *tx)
                .await?;
            if head != expected {
                return Err(StoreError::Conflict(
                    "something was written while the load was being prepared; nothing was \
                     replaced. Load again to see what would be lost"
                        .into(),
                ));
            }
        }
        write_dataset(&mut tx, dataset).await?;
        let d = dataset;
        let counts = json!({
            "states": d.states.len(),
            "organizations": d.organizations.len(),
            "people": d.people.len(),
            "bodies": d.bodies.len(),
            "chairmanships": d.chairmanships.len(),
            "meetings": d.meetings.len(),
            "engagements": d.engagements.len(),
            "news": d.news.len(),
            "digests": d.digests.len(),
            "documents": d.documents.len(),
            "decisions": d.decisions.len(),
            "silence_procedures": d.silences.len(),
            "treaties": d.treaties.len(),
            "cbm_areas": d.cbm_areas.len(),
            "cbm_activities": d.cbm_activities.len(),
            "contributions": d.contributions.len(),
            "fund_projects": d.fund_projects.len(),
            "financial_reports": d.financial_reports.len(),
            "media": d.media.len(),
        });
        audit::append(
            &mut tx,
            by,
            audit::Change::new("dataset.load", "dataset").after(counts),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Refuses to write when the database file was deleted or replaced since it was opened:
    /// the write would land in a file nobody will open again.
    fn writable(&self) -> Result<()> {
        let Some((path, dev, ino)) = &self.file else {
            return Ok(());
        };
        match identity(path) {
            Some((d, i)) if d == *dev && i == *ino => Ok(()),
            found => {
                let what = if found.is_none() {
                    "deleted"
                } else {
                    "replaced by another file"
                };
                tracing::error!(db = %path.display(), "the database file was {what}; writes are refused");
                Err(StoreError::Unavailable(format!(
                    "the database file {} was {what} while the server ran; nothing was written. Restart the server on the right file",
                    path.display()
                )))
            }
        }
    }

    /// The connection pool, for backend-specific tests.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// A file's device and inode, where the platform has them.
#[cfg(unix)]
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

// ---------------------------------------------------------------------------------------------
// Column helpers: text in the database, domain types out, `Corrupt` when they disagree.

pub(super) fn corrupt(record: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        record: record.to_owned(),
        problem: problem.into(),
    }
}

pub(super) fn list(row: &SqliteRow, col: &str) -> Result<Vec<String>> {
    let text: String = row.try_get(col)?;
    serde_json::from_str(&text).map_err(|e| corrupt(col, e.to_string()))
}

/// A comma-joined list from `group_concat`; empty when NULL.
fn joined(row: &SqliteRow, col: &str) -> Result<Vec<String>> {
    let text: Option<String> = row.try_get(col)?;
    Ok(text
        .map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default())
}

pub(super) fn to_json(items: impl IntoIterator<Item = impl ToString>) -> String {
    serde_json::Value::from(items.into_iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .to_string()
}

pub(super) fn slug(record: &str, text: &str) -> Result<Slug> {
    Slug::parse(text).map_err(|e| corrupt(record, e.to_string()))
}

pub(super) fn code(record: &str, text: &str) -> Result<StateCode> {
    StateCode::parse(text).map_err(|e| corrupt(record, e.to_string()))
}

fn slugs(record: &str, texts: Vec<String>) -> Result<Vec<Slug>> {
    texts.iter().map(|t| slug(record, t)).collect()
}

fn codes(record: &str, texts: Vec<String>) -> Result<Vec<StateCode>> {
    texts.iter().map(|t| code(record, t)).collect()
}

pub(super) fn opt_slug(record: &str, text: Option<String>) -> Result<Option<Slug>> {
    text.map(|t| slug(record, &t)).transpose()
}

pub(super) fn opt_code(record: &str, text: Option<String>) -> Result<Option<StateCode>> {
    text.map(|t| code(record, &t)).transpose()
}

pub(super) fn day(record: &str, text: &str) -> Result<NaiveDate> {
    parse_day(text).map_err(|e| corrupt(record, e.to_string()))
}

pub(super) fn partial(record: &str, text: Option<String>) -> Result<Option<PartialDate>> {
    text.map(|t| PartialDate::parse(&t).map_err(|e| corrupt(record, e.to_string())))
        .transpose()
}

pub(super) fn keyword<T>(record: &str, text: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(text).ok_or_else(|| corrupt(record, format!("unknown keyword `{text}`")))
}

pub(super) fn provenance(row: &SqliteRow) -> Result<Provenance> {
    Ok(Provenance {
        unconfirmed: row.try_get("unconfirmed")?,
        note: row.try_get("note")?,
        sources: list(row, "sources")?,
    })
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Asks for one row more than the page holds, to learn whether a next page exists.
fn fetch_limit(limit: u32) -> i64 {
    i64::from(limit.clamp(1, 1000)) + 1
}

pub(super) fn paginate<T>(mut items: Vec<T>, limit: u32, key: impl Fn(&T) -> Cursor) -> Page<T> {
    let limit = limit.clamp(1, 1000) as usize;
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(key)
    } else {
        None
    };
    Page { items, next }
}

// ---------------------------------------------------------------------------------------------
// Reading records.

const STATE_COLUMNS: &str =
    "code, name, official_name, aliases, adjectives, unconfirmed, note, sources";

fn state_from(row: &SqliteRow, statuses: Vec<StatusPeriod>) -> Result<State> {
    let c: String = row.try_get("code")?;
    Ok(State {
        code: code("state", &c)?,
        name: row.try_get("name")?,
        official_name: row.try_get("official_name")?,
        aliases: list(row, "aliases")?,
        adjectives: list(row, "adjectives")?,
        statuses,
        provenance: provenance(row)?,
    })
}

pub(super) fn status_from(row: &SqliteRow) -> Result<StatusPeriod> {
    let s: String = row.try_get("status")?;
    Ok(StatusPeriod {
        status: keyword("status", &s, Participation::parse)?,
        from: partial("status", row.try_get("from_date")?)?,
        until: partial("status", row.try_get("until_date")?)?,
        provenance: provenance(row)?,
    })
}

fn organization_from(row: &SqliteRow, statuses: Vec<StatusPeriod>) -> Result<Organization> {
    let s: String = row.try_get("slug")?;
    let kind: String = row.try_get("kind")?;
    Ok(Organization {
        slug: slug("organization", &s)?,
        name: row.try_get("name")?,
        acronym: row.try_get("acronym")?,
        aliases: list(row, "aliases")?,
        kind: keyword("organization", &kind, OrgKind::parse)?,
        state: opt_code("organization", row.try_get("state")?)?,
        website: row.try_get("website")?,
        statuses,
        provenance: provenance(row)?,
    })
}

fn role_from(row: &SqliteRow) -> Result<Role> {
    let state: Option<String> = row.try_get("state")?;
    let organization: Option<String> = row.try_get("organization")?;
    let body: Option<String> = row.try_get("body")?;
    let affiliation = match (state, organization, body) {
        (Some(s), _, _) => Affiliation::State(code("role", &s)?),
        (_, Some(o), _) => Affiliation::Organization(slug("role", &o)?),
        (_, _, Some(b)) => Affiliation::Body(slug("role", &b)?),
        _ => return Err(corrupt("role", "no affiliation")),
    };
    Ok(Role {
        title: row.try_get("title")?,
        affiliation,
        from: partial("role", row.try_get("from_date")?)?,
        until: partial("role", row.try_get("until_date")?)?,
        provenance: provenance(row)?,
    })
}

fn person_from(row: &SqliteRow, roles: Vec<Role>) -> Result<Person> {
    let s: String = row.try_get("slug")?;
    Ok(Person {
        slug: slug("person", &s)?,
        name: row.try_get("name")?,
        aliases: list(row, "aliases")?,
        roles,
        provenance: provenance(row)?,
    })
}

fn body_from(row: &SqliteRow) -> Result<Body> {
    let s: String = row.try_get("slug")?;
    let kind: String = row.try_get("kind")?;
    Ok(Body {
        slug: slug("body", &s)?,
        name: row.try_get("name")?,
        short_name: row.try_get("short_name")?,
        aliases: list(row, "aliases")?,
        kind: keyword("body", &kind, BodyKind::parse)?,
        parent: opt_slug("body", row.try_get("parent")?)?,
        established: partial("body", row.try_get("established")?)?,
        description: row.try_get("description")?,
        provenance: provenance(row)?,
    })
}

pub(super) fn chairmanship_from(row: &SqliteRow) -> Result<Chairmanship> {
    let s: String = row.try_get("state")?;
    let from: String = row.try_get("from_date")?;
    Ok(Chairmanship {
        state: code("chairmanship", &s)?,
        from: partial("chairmanship", Some(from))?
            .ok_or_else(|| corrupt("chairmanship", "no start"))?,
        until: partial("chairmanship", row.try_get("until_date")?)?,
        theme: row.try_get("theme")?,
        priorities: list(row, "priorities")?,
        soc_chair: opt_slug("chairmanship", row.try_get("soc_chair")?)?,
        provenance: provenance(row)?,
    })
}

const MEETING_COLUMNS: &str = "m.*, \
    (SELECT group_concat(code, ',' ORDER BY seq) FROM meeting_states WHERE meeting = m.id) AS state_list, \
    (SELECT group_concat(organization, ',' ORDER BY seq) FROM meeting_organizations WHERE meeting = m.id) AS organization_list, \
    (SELECT group_concat(news, ',' ORDER BY seq) FROM meeting_news WHERE meeting = m.id) AS news_list";

fn meeting_from(row: &SqliteRow) -> Result<Meeting> {
    let id: String = row.try_get("id")?;
    let r = "meeting";
    let period: String = row.try_get("period")?;
    let format: String = row.try_get("format")?;
    let status: String = row.try_get("status")?;
    let time: Option<String> = row.try_get("time")?;
    let outcomes: String = row.try_get("outcomes")?;
    let outcomes: Vec<(String, String)> = serde_json::from_str::<Vec<serde_json::Value>>(&outcomes)
        .map_err(|e| corrupt(r, e.to_string()))?
        .into_iter()
        .map(|v| {
            (
                v["act"].as_str().unwrap_or_default().to_owned(),
                v["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let number: Option<i64> = row.try_get("number")?;
    Ok(Meeting {
        id: slug(r, &id)?,
        body: slug(r, &row.try_get::<String, _>("body")?)?,
        number: number
            .map(|n| u32::try_from(n).map_err(|e| corrupt(r, e.to_string())))
            .transpose()?,
        title: row.try_get("title")?,
        when: Period::parse(&period).map_err(|e| corrupt(r, e.to_string()))?,
        time: time
            .map(|t| LocalTime::parse(&t).ok_or_else(|| corrupt(r, "bad time")))
            .transpose()?,
        city: row.try_get("city")?,
        country: opt_code(r, row.try_get("country")?)?,
        format: keyword(r, &format, MeetingFormat::parse)?,
        status: keyword(r, &status, MeetingStatus::parse)?,
        informal: row.try_get("informal")?,
        host: opt_code(r, row.try_get("host")?)?,
        chair_state: opt_code(r, row.try_get("chair_state")?)?,
        chair_person: opt_slug(r, row.try_get("chair_person")?)?,
        states: codes(r, joined(row, "state_list")?)?,
        organizations: slugs(r, joined(row, "organization_list")?)?,
        series_note: row.try_get("series_note")?,
        summary: row.try_get("summary")?,
        outcomes: outcomes
            .into_iter()
            .map(|(act, text)| {
                Ok(Outcome {
                    act: keyword(r, &act, Act::parse)?,
                    text,
                })
            })
            .collect::<Result<_>>()?,
        next: opt_slug(r, row.try_get("next")?)?,
        news: slugs(r, joined(row, "news_list")?)?,
        provenance: provenance(row)?,
    })
}

const ENGAGEMENT_COLUMNS: &str = "e.*, \
    (SELECT group_concat(code, ',' ORDER BY seq) FROM engagement_states WHERE engagement = e.id) AS state_list, \
    (SELECT group_concat(organization, ',' ORDER BY seq) FROM engagement_organizations WHERE engagement = e.id) AS organization_list";

fn engagement_from(row: &SqliteRow) -> Result<Engagement> {
    let r = "engagement";
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let start: String = row.try_get("start_date")?;
    let end: String = row.try_get("end_date")?;
    let counterparts: String = row.try_get("counterparts")?;
    let counterparts = serde_json::from_str::<Vec<serde_json::Value>>(&counterparts)
        .map_err(|e| corrupt(r, e.to_string()))?
        .into_iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            Ok(Counterpart {
                person: slug(r, &s("person").unwrap_or_default())?,
                title: s("title"),
                state: opt_code(r, s("state"))?,
                organization: opt_slug(r, s("organization"))?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Engagement {
        id: slug(r, &id)?,
        when: DateSpan::new(day(r, &start)?, day(r, &end)?)
            .map_err(|e| corrupt(r, e.to_string()))?,
        city: row.try_get("city")?,
        country: opt_code(r, row.try_get("country")?)?,
        kind: keyword(r, &kind, EngagementKind::parse)?,
        secretariat: slugs(r, list(row, "secretariat")?)?,
        counterparts,
        states: codes(r, joined(row, "state_list")?)?,
        organizations: slugs(r, joined(row, "organization_list")?)?,
        topics: list(row, "topics")?,
        summary: row.try_get("summary")?,
        news: opt_slug(r, row.try_get("news")?)?,
        provenance: provenance(row)?,
    })
}

pub(super) const NEWS_COLUMNS: &str = "n.*, \
    (SELECT group_concat(code, ',' ORDER BY seq) FROM news_states WHERE news = n.slug) AS state_list, \
    (SELECT group_concat(body, ',' ORDER BY seq) FROM news_bodies WHERE news = n.slug) AS body_list, \
    (SELECT group_concat(person, ',' ORDER BY seq) FROM news_people WHERE news = n.slug) AS person_list, \
    (SELECT group_concat(organization, ',' ORDER BY seq) FROM news_organizations WHERE news = n.slug) AS organization_list, \
    (SELECT json_group_array(json_object('media', media, 'caption', caption, 'credit', credit, 'alt', alt) ORDER BY seq) FROM news_photos WHERE news = n.slug) AS photo_list";

/// The photos of a row read with `NEWS_COLUMNS`: a JSON array of
/// `{"media", "caption", "credit"}` objects.
fn photos(record: &str, row: &SqliteRow) -> Result<Vec<Photo>> {
    let text: Option<String> = row.try_get("photo_list")?;
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| corrupt(record, e.to_string()))?;
    let items = value.as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|p| {
            let field = |k: &str| p.get(k).and_then(serde_json::Value::as_str);
            let media =
                field("media").ok_or_else(|| corrupt(record, "a photo without an image"))?;
            Ok(Photo {
                media: MediaName::parse(media).map_err(|e| corrupt(record, e.to_string()))?,
                caption: field("caption").unwrap_or_default().to_owned(),
                credit: field("credit").map(str::to_owned),
                alt: field("alt").map(str::to_owned),
            })
        })
        .collect()
}

pub(super) fn news_from(row: &SqliteRow) -> Result<NewsItem> {
    let r = "news item";
    let s: String = row.try_get("slug")?;
    let kind: String = row.try_get("kind")?;
    let date: String = row.try_get("date")?;
    let place: Option<String> = row.try_get("place")?;
    let dl_start: Option<String> = row.try_get("dateline_start")?;
    let dl_end: Option<String> = row.try_get("dateline_end")?;
    let dateline = match (place, dl_start, dl_end) {
        (Some(place), Some(a), Some(b)) => Some(Dateline {
            place,
            span: DateSpan::new(day(r, &a)?, day(r, &b)?).map_err(|e| corrupt(r, e.to_string()))?,
        }),
        _ => None,
    };
    let issue: Option<String> = row.try_get("issue")?;
    let position: Option<i64> = row.try_get("position")?;
    Ok(NewsItem {
        slug: slug(r, &s)?,
        title: row.try_get("title")?,
        kind: keyword(r, &kind, NewsKind::parse)?,
        dateline,
        date: day(r, &date)?,
        date_confirmed: row.try_get("date_confirmed")?,
        date_note: row.try_get("date_note")?,
        spotlight: row.try_get("spotlight")?,
        activities: row.try_get("activities")?,
        issue: issue
            .map(|q| Quarter::parse(&q).map_err(|e| corrupt(r, e.to_string())))
            .transpose()?,
        position: position
            .map(|p| u32::try_from(p).map_err(|e| corrupt(r, e.to_string())))
            .transpose()?,
        states: codes(r, joined(row, "state_list")?)?,
        bodies: slugs(r, joined(row, "body_list")?)?,
        people: slugs(r, joined(row, "person_list")?)?,
        organizations: slugs(r, joined(row, "organization_list")?)?,
        language: row.try_get("language")?,
        source: row.try_get("source")?,
        body: row.try_get("body")?,
        draft: row.try_get("draft")?,
        photos: photos(r, row)?,
    })
}

fn digest_from(row: &SqliteRow) -> Result<Digest> {
    let r = "digest";
    let q: String = row.try_get("quarter")?;
    let status: String = row.try_get("status")?;
    Ok(Digest {
        quarter: Quarter::parse(&q).map_err(|e| corrupt(r, e.to_string()))?,
        title: row.try_get("title")?,
        status: keyword(r, &status, DigestStatus::parse)?,
        highlights: slugs(r, list(row, "highlights")?)?,
        order: slugs(r, list(row, "item_order")?)?,
        spotlight: match row.try_get::<Option<String>, _>("spotlight")? {
            Some(t) => Some(slugs(
                r,
                serde_json::from_str(&t).map_err(|e| corrupt(r, e.to_string()))?,
            )?),
            None => None,
        },
        foreword_author: opt_slug(r, row.try_get("foreword_author")?)?,
        foreword_title: row.try_get("foreword_title")?,
        foreword: row.try_get("foreword")?,
        foreword_kind: keyword(
            r,
            &row.try_get::<String, _>("foreword_kind")?,
            ForewordKind::parse,
        )?,
        provenance: provenance(row)?,
    })
}

/// Groups status rows (ordered by owner) under their owner key.
fn statuses_by_owner(
    rows: &[SqliteRow],
) -> Result<std::collections::HashMap<String, Vec<StatusPeriod>>> {
    let mut map: std::collections::HashMap<String, Vec<StatusPeriod>> =
        std::collections::HashMap::new();
    for row in rows {
        let owner: String = row.try_get("owner")?;
        map.entry(owner).or_default().push(status_from(row)?);
    }
    Ok(map)
}

// ---------------------------------------------------------------------------------------------
// Writing the dataset.

async fn insert_statuses(
    tx: &mut Transaction<'_, Sqlite>,
    kind: &str,
    owner: &str,
    periods: &[StatusPeriod],
) -> Result<()> {
    for (seq, p) in periods.iter().enumerate() {
        sqlx::query(
            "INSERT INTO statuses (owner_kind, owner, seq, status, from_date, from_first, until_date, until_first, unconfirmed, note, sources) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(kind)
        .bind(owner)
        .bind(seq as i64)
        .bind(p.status.as_str())
        .bind(p.from.map(|d| d.iso()))
        .bind(p.from.map(|d| iso(d.first_day())))
        .bind(p.until.map(|d| d.iso()))
        .bind(p.until.map(|d| iso(d.first_day())))
        .bind(p.provenance.unconfirmed)
        .bind(p.provenance.note.as_deref())
        .bind(to_json(&p.provenance.sources))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes one organization with its status periods at `version`: a new row, or the stored
/// one changed in place (meetings, news and people refer to it), its periods written anew.
pub(super) async fn write_organization(
    tx: &mut Transaction<'_, Sqlite>,
    o: &Organization,
    version: crate::Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO organizations (slug, name, acronym, aliases, kind, state, website, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, acronym = excluded.acronym, \
         aliases = excluded.aliases, kind = excluded.kind, state = excluded.state, website = excluded.website, \
         unconfirmed = excluded.unconfirmed, note = excluded.note, sources = excluded.sources, version = excluded.version",
    )
    .bind(o.slug.as_str())
    .bind(&o.name)
    .bind(o.acronym.as_deref())
    .bind(to_json(&o.aliases))
    .bind(o.kind.as_str())
    .bind(o.state.as_ref().map(StateCode::as_str))
    .bind(o.website.as_deref())
    .bind(o.provenance.unconfirmed)
    .bind(o.provenance.note.as_deref())
    .bind(to_json(&o.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM statuses WHERE owner_kind = 'organization' AND owner = $1")
        .bind(o.slug.as_str())
        .execute(&mut **tx)
        .await?;
    insert_statuses(tx, "organization", o.slug.as_str(), &o.statuses).await
}

/// Writes one state with its status periods at `version`: a new row, or the stored one
/// changed in place (every register refers to states), its periods written anew.
pub(super) async fn write_state(
    tx: &mut Transaction<'_, Sqlite>,
    s: &State,
    version: crate::Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO states (code, name, official_name, aliases, adjectives, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, official_name = excluded.official_name, \
         aliases = excluded.aliases, adjectives = excluded.adjectives, unconfirmed = excluded.unconfirmed, \
         note = excluded.note, sources = excluded.sources, version = excluded.version",
    )
    .bind(s.code.as_str())
    .bind(&s.name)
    .bind(s.official_name.as_deref())
    .bind(to_json(&s.aliases))
    .bind(to_json(&s.adjectives))
    .bind(s.provenance.unconfirmed)
    .bind(s.provenance.note.as_deref())
    .bind(to_json(&s.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM statuses WHERE owner_kind = 'state' AND owner = $1")
        .bind(s.code.as_str())
        .execute(&mut **tx)
        .await?;
    insert_statuses(tx, "state", s.code.as_str(), &s.statuses).await
}

/// Writes one body at `version`, its parent `parent` (the loader sets parents afterwards): a
/// new row, or the stored one changed in place (meetings, decisions and news refer to it).
pub(super) async fn write_body(
    tx: &mut Transaction<'_, Sqlite>,
    b: &Body,
    parent: Option<&Slug>,
    version: crate::Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO bodies (slug, name, short_name, aliases, kind, parent, established, description, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, \
         aliases = excluded.aliases, kind = excluded.kind, parent = excluded.parent, established = excluded.established, \
         description = excluded.description, unconfirmed = excluded.unconfirmed, note = excluded.note, \
         sources = excluded.sources, version = excluded.version",
    )
    .bind(b.slug.as_str())
    .bind(&b.name)
    .bind(b.short_name.as_deref())
    .bind(to_json(&b.aliases))
    .bind(b.kind.as_str())
    .bind(parent.map(Slug::as_str))
    .bind(b.established.map(|d| d.iso()))
    .bind(&b.description)
    .bind(b.provenance.unconfirmed)
    .bind(b.provenance.note.as_deref())
    .bind(to_json(&b.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes one person with their roles at `version`: a new row, or the stored one changed in
/// place (meetings, engagements and news refer to people), the roles written anew.
pub(super) async fn write_person(
    tx: &mut Transaction<'_, Sqlite>,
    p: &Person,
    version: crate::Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO people (slug, name, aliases, unconfirmed, note, sources, version) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, \
         unconfirmed = excluded.unconfirmed, note = excluded.note, sources = excluded.sources, version = excluded.version",
    )
    .bind(p.slug.as_str())
    .bind(&p.name)
    .bind(to_json(&p.aliases))
    .bind(p.provenance.unconfirmed)
    .bind(p.provenance.note.as_deref())
    .bind(to_json(&p.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM roles WHERE person = $1")
        .bind(p.slug.as_str())
        .execute(&mut **tx)
        .await?;
    for (seq, r) in p.roles.iter().enumerate() {
        let (state, organization, body) = match &r.affiliation {
            Affiliation::State(c) => (Some(c.as_str()), None, None),
            Affiliation::Organization(s) => (None, Some(s.as_str()), None),
            Affiliation::Body(s) => (None, None, Some(s.as_str())),
        };
        sqlx::query(
            "INSERT INTO roles (person, seq, title, state, organization, body, from_date, until_date, unconfirmed, note, sources) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(p.slug.as_str())
        .bind(seq as i64)
        .bind(&r.title)
        .bind(state)
        .bind(organization)
        .bind(body)
        .bind(r.from.map(|d| d.iso()))
        .bind(r.until.map(|d| d.iso()))
        .bind(r.provenance.unconfirmed)
        .bind(r.provenance.note.as_deref())
        .bind(to_json(&r.provenance.sources))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A person's row with their roles, as the audit trail keeps it.
const PERSON_SNAPSHOT: &str = "SELECT p.*, \
    (SELECT json_group_array(json_object('title', r.title, 'state', r.state, 'organization', r.organization, \
        'body', r.body, 'from', r.from_date, 'until', r.until_date, 'unconfirmed', r.unconfirmed, 'note', r.note, \
        'sources', json(r.sources))) \
     FROM (SELECT * FROM roles WHERE person = p.slug ORDER BY seq) AS r) AS roles \
    FROM people p WHERE p.slug = $1";

/// Writes one term of the Chair as row `seq` at `version`: a new row, or the stored one
/// changed in place.
pub(super) async fn write_chairmanship(
    tx: &mut Transaction<'_, Sqlite>,
    seq: i64,
    c: &Chairmanship,
    version: crate::Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO chairmanships (seq, state, from_date, from_first, until_date, until_first, theme, priorities, soc_chair, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (seq) DO UPDATE SET state = excluded.state, from_date = excluded.from_date, \
         from_first = excluded.from_first, until_date = excluded.until_date, until_first = excluded.until_first, \
         theme = excluded.theme, priorities = excluded.priorities, soc_chair = excluded.soc_chair, \
         unconfirmed = excluded.unconfirmed, note = excluded.note, sources = excluded.sources, version = excluded.version",
    )
    .bind(seq)
    .bind(c.state.as_str())
    .bind(c.from.iso())
    .bind(iso(c.from.first_day()))
    .bind(c.until.map(|d| d.iso()))
    .bind(c.until.map(|d| iso(d.first_day())))
    .bind(c.theme.as_deref())
    .bind(to_json(&c.priorities))
    .bind(c.soc_chair.as_ref().map(Slug::as_str))
    .bind(c.provenance.unconfirmed)
    .bind(c.provenance.note.as_deref())
    .bind(to_json(&c.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A state's row with its status periods, as the audit trail keeps it.
const STATE_SNAPSHOT: &str = "SELECT s.*, \
    (SELECT json_group_array(json_object('status', t.status, 'from', t.from_date, 'until', t.until_date, \
        'unconfirmed', t.unconfirmed, 'note', t.note, 'sources', json(t.sources))) \
     FROM (SELECT * FROM statuses WHERE owner_kind = 'state' AND owner = s.code ORDER BY seq) AS t) AS statuses \
    FROM states s WHERE s.code = $1";

/// An organization's row with its status periods, as the audit trail keeps it.
const ORGANIZATION_SNAPSHOT: &str = "SELECT o.*, \
    (SELECT json_group_array(json_object('status', t.status, 'from', t.from_date, 'until', t.until_date, \
        'unconfirmed', t.unconfirmed, 'note', t.note, 'sources', json(t.sources))) \
     FROM (SELECT * FROM statuses WHERE owner_kind = 'organization' AND owner = o.slug ORDER BY seq) AS t) AS statuses \
    FROM organizations o WHERE o.slug = $1";

/// SQLite binds at most 32,766 values in one statement: rows are written in chunks under it.
const MAX_BINDS: usize = 32_000;

/// Inserts `rows` with as few statements as the bound-value limit allows: `head` is the
/// statement up to its `VALUES`, `width` the values each row binds, `bind` binds one row's.
pub(super) async fn insert_values<T>(
    tx: &mut Transaction<'_, Sqlite>,
    head: &str,
    tail: &str,
    width: usize,
    rows: &[T],
    mut bind: impl FnMut(&mut Separated<'_, Sqlite, &'static str>, &T),
) -> Result<()> {
    for chunk in rows.chunks((MAX_BINDS / width.max(1)).max(1)) {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push_values(chunk, |mut b, row| bind(&mut b, row));
        q.push(tail);
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inserts link rows `(owner, seq, key)`; `head` names the table and its three columns.
async fn insert_link_rows(
    tx: &mut Transaction<'_, Sqlite>,
    head: &str,
    rows: &[(&str, usize, String)],
) -> Result<()> {
    insert_values(tx, head, "", 3, rows, |b, (owner, seq, key)| {
        b.push_bind(*owner);
        b.push_bind(*seq as i64);
        b.push_bind(key.as_str());
    })
    .await
}

/// Inserts the link rows of one owner, its keys in order.
pub(super) async fn insert_links(
    tx: &mut Transaction<'_, Sqlite>,
    head: &'static str,
    owner: &str,
    keys: &[String],
) -> Result<()> {
    let rows: Vec<_> = keys
        .iter()
        .enumerate()
        .map(|(seq, key)| (owner, seq, key.clone()))
        .collect();
    insert_link_rows(tx, head, &rows).await
}

pub(super) fn strings<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

/// Inserts one news item with its tags, at `version`.
pub(super) async fn insert_news(
    tx: &mut Transaction<'_, Sqlite>,
    n: &NewsItem,
    version: crate::Version,
) -> Result<()> {
    insert_news_many(tx, &[n], version).await
}

/// Inserts news items with their tags and photographs, a few statements for all of them, each
/// at `version` (the write's [`audit::next_version`]).
pub(super) async fn insert_news_many(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[&NewsItem],
    version: crate::Version,
) -> Result<()> {
    insert_values(
        tx,
        "INSERT INTO news (slug, title, kind, place, dateline_start, dateline_end, date, date_confirmed, date_note, spotlight, activities, issue, position, language, source, body, draft, version) ",
        "",
        18,
        items,
        |b, n| {
            b.push_bind(n.slug.as_str());
            b.push_bind(n.title.as_str());
            b.push_bind(n.kind.as_str());
            b.push_bind(n.dateline.as_ref().map(|d| d.place.clone()));
            b.push_bind(n.dateline.as_ref().map(|d| iso(d.span.start())));
            b.push_bind(n.dateline.as_ref().map(|d| iso(d.span.end())));
            b.push_bind(iso(n.date));
            b.push_bind(n.date_confirmed);
            b.push_bind(n.date_note.clone());
            b.push_bind(n.spotlight);
            b.push_bind(n.activities);
            b.push_bind(n.issue.map(|q| q.to_string()));
            b.push_bind(n.position.map(i64::from));
            b.push_bind(n.language.as_str());
            b.push_bind(n.source.as_str());
            b.push_bind(n.body.as_str());
            b.push_bind(n.draft);
            b.push_bind(version.0);
        },
    )
    .await?;
    insert_news_links(tx, items).await
}

/// Inserts the tags and photographs of news items whose rows are written (and which have none
/// yet).
pub(super) async fn insert_news_links(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[&NewsItem],
) -> Result<()> {
    // Each link table: its insert up to `VALUES`, and the keys an item links to in order.
    type Keys = fn(&NewsItem) -> Vec<String>;
    let links: [(&str, Keys); 4] = [
        ("INSERT INTO news_states (news, seq, code) ", |n| {
            strings(&n.states)
        }),
        ("INSERT INTO news_bodies (news, seq, body) ", |n| {
            strings(&n.bodies)
        }),
        ("INSERT INTO news_people (news, seq, person) ", |n| {
            strings(&n.people)
        }),
        (
            "INSERT INTO news_organizations (news, seq, organization) ",
            |n| strings(&n.organizations),
        ),
    ];
    for (head, keys) in links {
        let mut rows: Vec<(&str, usize, String)> = items
            .iter()
            .flat_map(|n| {
                keys(n)
                    .into_iter()
                    .enumerate()
                    .map(|(seq, k)| (n.slug.as_str(), seq, k))
            })
            .collect();
        // In the order of the table's key (item, key): each row goes in beside the last one
        // rather than anywhere in its index (the order read back is `seq`'s).
        rows.sort_unstable_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
        insert_link_rows(tx, head, &rows).await?;
    }
    let photos: Vec<(&str, i64, &cica_domain::Photo)> = items
        .iter()
        .flat_map(|n| {
            n.photos
                .iter()
                .enumerate()
                .map(|(seq, p)| (n.slug.as_str(), seq as i64, p))
        })
        .collect();
    insert_values(
        tx,
        "INSERT INTO news_photos (news, seq, media, caption, credit, alt) ",
        "",
        6,
        &photos,
        |b, (owner, seq, p)| {
            b.push_bind(*owner);
            b.push_bind(*seq);
            b.push_bind(p.media.as_str());
            b.push_bind(p.caption.as_str());
            b.push_bind(p.credit.clone());
            b.push_bind(p.alt.clone());
        },
    )
    .await
}

/// Writes one meeting with its participants and the news items that report it, at `version`:
/// a new row, or the stored one changed in place (decisions refer to it), its links written
/// anew.
pub(super) async fn write_meeting(
    tx: &mut Transaction<'_, Sqlite>,
    m: &Meeting,
    version: crate::Version,
) -> Result<()> {
    let span = m.when.span();
    let outcomes: Vec<_> = m
        .outcomes
        .iter()
        .map(|o| json!({"act": o.act.as_str(), "text": o.text}))
        .collect();
    sqlx::query(
        "INSERT INTO meetings (id, body, number, title, period, start_date, end_date, exact, time, city, country, format, status, informal, \
         host, chair_state, chair_person, series_note, summary, outcomes, next, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25) \
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, number = excluded.number, title = excluded.title, \
         period = excluded.period, start_date = excluded.start_date, end_date = excluded.end_date, exact = excluded.exact, \
         time = excluded.time, city = excluded.city, country = excluded.country, format = excluded.format, \
         status = excluded.status, informal = excluded.informal, host = excluded.host, chair_state = excluded.chair_state, \
         chair_person = excluded.chair_person, series_note = excluded.series_note, summary = excluded.summary, \
         outcomes = excluded.outcomes, next = excluded.next, unconfirmed = excluded.unconfirmed, note = excluded.note, \
         sources = excluded.sources, version = excluded.version",
    )
    .bind(m.id.as_str())
    .bind(m.body.as_str())
    .bind(m.number.map(i64::from))
    .bind(m.title.as_deref())
    .bind(m.when.iso())
    .bind(iso(span.start()))
    .bind(iso(span.end()))
    .bind(m.when.is_exact())
    .bind(m.time.map(|t| t.iso()))
    .bind(m.city.as_deref())
    .bind(m.country.as_ref().map(StateCode::as_str))
    .bind(m.format.as_str())
    .bind(m.status.as_str())
    .bind(m.informal)
    .bind(m.host.as_ref().map(StateCode::as_str))
    .bind(m.chair_state.as_ref().map(StateCode::as_str))
    .bind(m.chair_person.as_ref().map(Slug::as_str))
    .bind(m.series_note.as_deref())
    .bind(m.summary.as_deref())
    .bind(serde_json::Value::from(outcomes).to_string())
    .bind(m.next.as_ref().map(Slug::as_str))
    .bind(m.provenance.unconfirmed)
    .bind(m.provenance.note.as_deref())
    .bind(to_json(&m.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    let id = m.id.as_str();
    for table in ["meeting_states", "meeting_organizations", "meeting_news"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE meeting = $1"
        )))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    insert_links(
        tx,
        "INSERT INTO meeting_states (meeting, seq, code) ",
        id,
        &strings(&m.states),
    )
    .await?;
    insert_links(
        tx,
        "INSERT INTO meeting_organizations (meeting, seq, organization) ",
        id,
        &strings(&m.organizations),
    )
    .await?;
    insert_links(
        tx,
        "INSERT INTO meeting_news (meeting, seq, news) ",
        id,
        &strings(&m.news),
    )
    .await?;
    Ok(())
}

/// Inserts one engagement with its states, organizations and the people on both sides.
pub(super) async fn insert_engagement(
    tx: &mut Transaction<'_, Sqlite>,
    e: &Engagement,
    version: crate::Version,
) -> Result<()> {
    let counterparts: Vec<_> = e
        .counterparts
        .iter()
        .map(|c| {
            json!({
                "person": c.person.as_str(),
                "title": c.title,
                "state": c.state.as_ref().map(StateCode::as_str),
                "organization": c.organization.as_ref().map(Slug::as_str),
            })
        })
        .collect();
    sqlx::query(
        "INSERT INTO engagements (id, start_date, end_date, city, country, kind, secretariat, counterparts, topics, summary, news, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(e.id.as_str())
    .bind(iso(e.when.start()))
    .bind(iso(e.when.end()))
    .bind(e.city.as_deref())
    .bind(e.country.as_ref().map(StateCode::as_str))
    .bind(e.kind.as_str())
    .bind(to_json(&e.secretariat))
    .bind(serde_json::Value::from(counterparts).to_string())
    .bind(to_json(&e.topics))
    .bind(e.summary.as_deref())
    .bind(e.news.as_ref().map(Slug::as_str))
    .bind(e.provenance.unconfirmed)
    .bind(e.provenance.note.as_deref())
    .bind(to_json(&e.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    let id = e.id.as_str();
    insert_links(
        tx,
        "INSERT INTO engagement_states (engagement, seq, code) ",
        id,
        &strings(&e.states),
    )
    .await?;
    insert_links(
        tx,
        "INSERT INTO engagement_organizations (engagement, seq, organization) ",
        id,
        &strings(&e.organizations),
    )
    .await?;
    let mut people: Vec<&Slug> = e
        .secretariat
        .iter()
        .chain(e.counterparts.iter().map(|c| &c.person))
        .collect();
    people.sort();
    people.dedup();
    for p in people {
        sqlx::query("INSERT INTO engagement_people (engagement, person) VALUES ($1, $2)")
            .bind(id)
            .bind(p.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn write_dataset(tx: &mut Transaction<'_, Sqlite>, ds: &Dataset) -> Result<()> {
    // Children before parents, so the foreign keys hold at every step.
    for table in money::TABLES
        .iter()
        .chain(fund::TABLES)
        .chain(cbm::TABLES)
        .chain(decisions::TABLES)
        .copied()
        .chain([
            "engagement_people",
            "engagement_organizations",
            "engagement_states",
            "engagements",
            "meeting_news",
            "meeting_organizations",
            "meeting_states",
            "meetings",
            "news_photos",
            "media_renditions",
            "media",
            "news_organizations",
            "news_people",
            "news_bodies",
            "news_states",
            "digests",
            "news",
            "chairmanships",
            "roles",
            "people",
            "bodies",
            "statuses",
            "organizations",
            "states",
        ])
    {
        // The table names are the fixed list above, never input.
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut **tx)
            .await?;
    }

    let version = audit::next_version(tx).await?;
    for s in &ds.states {
        write_state(tx, s, version).await?;
    }

    for o in &ds.organizations {
        write_organization(tx, o, version).await?;
    }

    // Bodies may name a parent defined later in the list: insert them all, then set parents.
    for b in &ds.bodies {
        write_body(tx, b, None, version).await?;
    }
    for b in ds.bodies.iter().filter(|b| b.parent.is_some()) {
        sqlx::query("UPDATE bodies SET parent = $1 WHERE slug = $2")
            .bind(b.parent.as_ref().map(Slug::as_str))
            .bind(b.slug.as_str())
            .execute(&mut **tx)
            .await?;
    }

    for p in &ds.people {
        write_person(tx, p, version).await?;
    }

    for (seq, c) in ds.chairmanships.iter().enumerate() {
        write_chairmanship(tx, seq as i64, c, version).await?;
    }

    for m in &ds.media {
        sqlx::query("INSERT INTO media (name, media_type, bytes) VALUES ($1, $2, $3)")
            .bind(m.name.as_str())
            .bind(m.media_type())
            .bind(m.bytes.as_slice())
            .execute(&mut **tx)
            .await?;
    }

    let version = audit::next_version(tx).await?;
    insert_news_many(tx, &ds.news.iter().collect::<Vec<_>>(), version).await?;

    for m in &ds.meetings {
        write_meeting(tx, m, version).await?;
    }

    for e in &ds.engagements {
        insert_engagement(tx, e, version).await?;
    }

    for d in &ds.digests {
        sqlx::query(
            "INSERT INTO digests (quarter, title, status, highlights, item_order, spotlight, foreword_author, foreword_title, foreword, unconfirmed, note, sources, foreword_kind, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(d.quarter.to_string())
        .bind(&d.title)
        .bind(d.status.as_str())
        .bind(to_json(&d.highlights))
        .bind(to_json(&d.order))
        .bind(d.spotlight.as_ref().map(to_json))
        .bind(d.foreword_author.as_ref().map(Slug::as_str))
        .bind(d.foreword_title.as_deref())
        .bind(d.foreword.as_deref())
        .bind(d.provenance.unconfirmed)
        .bind(d.provenance.note.as_deref())
        .bind(to_json(&d.provenance.sources))
        .bind(d.foreword_kind.as_str())
        .bind(version.0)
        .execute(&mut **tx)
        .await?;
    }

    decisions::write(tx, ds).await?;
    cbm::write(tx, ds).await?;
    fund::write(tx, ds).await?;
    money::write(tx, ds).await?;
    sqlx::query("DELETE FROM contact")
        .execute(&mut **tx)
        .await?;
    if let Some(c) = &ds.contact {
        let social: Vec<_> = c
            .social
            .iter()
            .map(|(n, h)| json!({"network": n, "handle": h}))
            .collect();
        sqlx::query(
            "INSERT INTO contact (id, name, address, phone, email, website, social, unconfirmed, note, sources) \
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&c.name)
        .bind(&c.address)
        .bind(c.phone.as_deref())
        .bind(c.email.as_deref())
        .bind(c.website.as_deref())
        .bind(serde_json::Value::from(social).to_string())
        .bind(c.provenance.unconfirmed)
        .bind(c.provenance.note.as_deref())
        .bind(to_json(&c.provenance.sources))
        .execute(&mut **tx)
        .await?;
    }

    bump_revision(tx).await
}

/// Whether what is stored (its version, or None) is what a save expects; `what` names the
/// record in the refusal.
pub(super) fn expected(
    expect: crate::Expect,
    stored: Option<crate::Version>,
    what: &str,
) -> Result<()> {
    match (expect, stored) {
        (crate::Expect::Absent, Some(_)) => {
            Err(StoreError::Conflict(format!("{what} already exists")))
        }
        (crate::Expect::Any | crate::Expect::Version(_), None) => {
            Err(StoreError::NotFound(format!("{what} does not exist")))
        }
        (crate::Expect::Version(v), Some(current)) if v != current => Err(StoreError::Stale {
            message: format!(
                "{what} was saved by someone else since version {v} was read; it is now at version {current}. Nothing was written: read it again and make the change on what is there now"
            ),
            current,
        }),
        _ => Ok(()),
    }
}

/// Refuses to delete `what` while others refer to it, naming each of them.
pub(super) fn refused_while_referred(what: &str, referrers: &[String]) -> Result<()> {
    if referrers.is_empty() {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "{what} cannot be deleted while others refer to it: {}; change or delete them first",
        referrers.join(", ")
    )))
}

/// Deletes the row of `table` whose `key` column is `id` (its links go with it, by their
/// foreign keys), audited as `<kind>.delete` with the record as `select` read it.
pub(super) async fn deleted(
    tx: &mut Transaction<'_, Sqlite>,
    select: &str,
    table: &str,
    key: &str,
    id: &str,
    kind: &str,
    by: &Attribution,
) -> Result<()> {
    let before = audit::snapshot_of(tx, select, id).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE {key} = $1"
    )))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let action = format!("{kind}.delete");
    let mut change = audit::Change::new(&action, format!("{kind}/{id}"));
    change.before = before;
    audit::record(tx, by, change).await
}

/// Moves the revision, in the transaction of the write it stands for: caches key on it.
pub(super) async fn bump_revision(tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
    sqlx::query(
        "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision'",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl Datasets for SqliteStore {
    async fn revision(&self) -> Result<i64> {
        let value: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'revision'")
            .fetch_one(&self.pool)
            .await?;
        value.parse().map_err(|_| corrupt("revision", value))
    }

    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM states")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    async fn replace_all(&self, dataset: &Dataset, by: &Attribution) -> Result<()> {
        self.replace(dataset, by, None).await
    }

    async fn replace_all_if(
        &self,
        dataset: &Dataset,
        by: &Attribution,
        head: Option<i64>,
    ) -> Result<()> {
        self.replace(dataset, by, Some(head)).await
    }

    async fn writes_since_load(&self) -> Result<Option<Vec<(String, i64)>>> {
        audit::writes_since_load(&self.pool).await
    }

    async fn backup(&self, path: &std::path::Path) -> Result<()> {
        let target = path.to_str().ok_or_else(|| {
            StoreError::Rejected(format!("{} is not a UTF-8 path", path.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Registers for SqliteStore {
    async fn states(&self) -> Result<Vec<State>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {STATE_COLUMNS} FROM states ORDER BY code"
        )))
        .fetch_all(&self.pool)
        .await?;
        let status_rows =
            sqlx::query("SELECT * FROM statuses WHERE owner_kind = 'state' ORDER BY owner, seq")
                .fetch_all(&self.pool)
                .await?;
        let mut statuses = statuses_by_owner(&status_rows)?;
        rows.iter()
            .map(|row| {
                let c: String = row.try_get("code")?;
                state_from(row, statuses.remove(&c).unwrap_or_default())
            })
            .collect()
    }

    async fn state(&self, code: &StateCode) -> Result<Option<State>> {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {STATE_COLUMNS} FROM states WHERE code = $1"
        )))
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let status_rows = sqlx::query(
            "SELECT * FROM statuses WHERE owner_kind = 'state' AND owner = $1 ORDER BY seq",
        )
        .bind(code.as_str())
        .fetch_all(&self.pool)
        .await?;
        let statuses = status_rows.iter().map(status_from).collect::<Result<_>>()?;
        state_from(&row, statuses).map(Some)
    }

    async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows = sqlx::query("SELECT * FROM organizations ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        let status_rows = sqlx::query(
            "SELECT * FROM statuses WHERE owner_kind = 'organization' ORDER BY owner, seq",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut statuses = statuses_by_owner(&status_rows)?;
        rows.iter()
            .map(|row| {
                let s: String = row.try_get("slug")?;
                organization_from(row, statuses.remove(&s).unwrap_or_default())
            })
            .collect()
    }

    async fn organization(&self, slug: &Slug) -> Result<Option<Organization>> {
        let Some(row) = sqlx::query("SELECT * FROM organizations WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let status_rows = sqlx::query(
            "SELECT * FROM statuses WHERE owner_kind = 'organization' AND owner = $1 ORDER BY seq",
        )
        .bind(slug.as_str())
        .fetch_all(&self.pool)
        .await?;
        let statuses = status_rows.iter().map(status_from).collect::<Result<_>>()?;
        organization_from(&row, statuses).map(Some)
    }

    async fn state_versioned(&self, code: &StateCode) -> Result<Option<(State, crate::Version)>> {
        let version: Option<i64> = sqlx::query_scalar("SELECT version FROM states WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(version) = version else {
            return Ok(None);
        };
        Ok(self
            .state(code)
            .await?
            .map(|s| (s, crate::Version(version))))
    }

    async fn save_state(
        &self,
        s: &State,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM states WHERE code = $1")
            .bind(s.code.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("state `{}`", s.code),
        )?;
        let before = audit::snapshot_of(&mut tx, STATE_SNAPSHOT, s.code.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        write_state(&mut tx, s, version).await?;
        audit::write_of(
            &mut tx,
            "state",
            format!("state/{}", s.code),
            STATE_SNAPSHOT,
            s.code.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn chairmanship_versioned(
        &self,
        state: &StateCode,
        from: &cica_domain::PartialDate,
    ) -> Result<Option<(Chairmanship, crate::Version)>> {
        let row = sqlx::query("SELECT * FROM chairmanships WHERE state = $1 AND from_date = $2")
            .bind(state.as_str())
            .bind(from.iso())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| {
                Ok((
                    chairmanship_from(row)?,
                    crate::Version(row.try_get("version")?),
                ))
            })
            .transpose()
    }

    async fn save_chairmanship(
        &self,
        at: Option<(&StateCode, &cica_domain::PartialDate)>,
        c: &Chairmanship,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (state, from) = at.unwrap_or((&c.state, &c.from));
        let stored = sqlx::query(
            "SELECT seq, version FROM chairmanships WHERE state = $1 AND from_date = $2",
        )
        .bind(state.as_str())
        .bind(from.iso())
        .fetch_optional(&mut *tx)
        .await?;
        let stored: Option<(i64, i64)> = stored
            .map(|r| Ok::<_, StoreError>((r.try_get("seq")?, r.try_get("version")?)))
            .transpose()?;
        let key = c.key();
        expected(
            expect,
            stored.map(|(_, v)| crate::Version(v)),
            &format!("the chairmanship `{state}-{from}`"),
        )?;
        // A corrected state or first day may not take another term's key.
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT seq FROM chairmanships WHERE state = $1 AND from_date = $2 AND seq <> $3",
        )
        .bind(c.state.as_str())
        .bind(c.from.iso())
        .bind(stored.map_or(-1, |(seq, _)| seq))
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "from: a term `{key}` is already recorded"
            )));
        }
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM states WHERE code = $1")
            .bind(c.state.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::Rejected(format!(
                "state: no state has the code `{}`",
                c.state
            )));
        }
        if let Some(person) = &c.soc_chair {
            let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM people WHERE slug = $1")
                .bind(person.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::Rejected(format!(
                    "soc_chair: no person has the slug `{person}`"
                )));
            }
        }
        // One Member State chairs at a time: the other terms, read under the lock.
        let rows = sqlx::query("SELECT * FROM chairmanships WHERE seq <> $1 ORDER BY from_first")
            .bind(stored.map_or(-1, |(seq, _)| seq))
            .fetch_all(&mut *tx)
            .await?;
        let others = rows
            .iter()
            .map(chairmanship_from)
            .collect::<Result<Vec<_>>>()?;
        if let Some(o) = Chairmanship::overlapping(c, &others) {
            // The end that reaches into the other term is the one to name.
            let field = if o.from.first_day() > c.from.first_day() {
                "until"
            } else {
                "from"
            };
            return Err(StoreError::Rejected(format!(
                "{field}: the term overlaps the chairmanship of {} from {} ({}): one Member State chairs at a time",
                o.state,
                o.from,
                o.until
                    .map_or("open-ended".to_owned(), |u| format!("until {u}"))
            )));
        }
        let seq = match stored {
            Some((seq, _)) => seq,
            None => {
                let max: Option<i64> = sqlx::query_scalar("SELECT max(seq) FROM chairmanships")
                    .fetch_one(&mut *tx)
                    .await?;
                max.map_or(0, |m| m + 1)
            }
        };
        let select = "SELECT * FROM chairmanships WHERE seq = $1";
        let seq_text = seq.to_string();
        let before = audit::snapshot_of(&mut tx, select, &seq_text).await?;
        let version = audit::next_version(&mut tx).await?;
        write_chairmanship(&mut tx, seq, c, version).await?;
        audit::write_of(
            &mut tx,
            "chairmanship",
            format!("chairmanship/{key}"),
            select,
            &seq_text,
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn person_versioned(&self, slug: &Slug) -> Result<Option<(Person, crate::Version)>> {
        let version: Option<i64> = sqlx::query_scalar("SELECT version FROM people WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(version) = version else {
            return Ok(None);
        };
        Ok(self
            .person(slug)
            .await?
            .map(|p| (p, crate::Version(version))))
    }

    async fn save_person(
        &self,
        p: &Person,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM people WHERE slug = $1")
            .bind(p.slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("person `{}`", p.slug),
        )?;
        proposals::person_references(&mut tx, p).await?;
        let before = audit::snapshot_of(&mut tx, PERSON_SNAPSHOT, p.slug.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        write_person(&mut tx, p, version).await?;
        audit::write_of(
            &mut tx,
            "person",
            format!("person/{}", p.slug),
            PERSON_SNAPSHOT,
            p.slug.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn body_versioned(&self, slug: &Slug) -> Result<Option<(Body, crate::Version)>> {
        let row = sqlx::query("SELECT * FROM bodies WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| Ok((body_from(row)?, crate::Version(row.try_get("version")?))))
            .transpose()
    }

    async fn save_body(
        &self,
        b: &Body,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM bodies WHERE slug = $1")
            .bind(b.slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("body `{}`", b.slug),
        )?;
        // The parent exists, and following parents never comes back to this body (nor goes
        // round a circle already stored).
        let mut at = b.parent.clone();
        let mut seen: Vec<Slug> = Vec::new();
        while let Some(p) = at {
            if seen.contains(&p) {
                return Err(StoreError::Rejected(format!(
                    "parent: the parents of `{p}` already go round in a circle; put them right first"
                )));
            }
            if p == b.slug {
                return Err(StoreError::Rejected(format!(
                    "parent: `{}` belongs, through its parents, to `{}` itself; parents cannot go round in a circle",
                    b.parent.as_ref().map(Slug::as_str).unwrap_or_default(),
                    b.slug
                )));
            }
            let parent: Option<Option<String>> =
                sqlx::query_scalar("SELECT parent FROM bodies WHERE slug = $1")
                    .bind(p.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(next) = parent else {
                return Err(StoreError::Rejected(format!(
                    "parent: no body has the slug `{p}`"
                )));
            };
            seen.push(p);
            at = next.map(|n| slug("body", &n)).transpose()?;
        }
        let select = "SELECT * FROM bodies WHERE slug = $1";
        let before = audit::snapshot_of(&mut tx, select, b.slug.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        write_body(&mut tx, b, b.parent.as_ref(), version).await?;
        audit::write_of(
            &mut tx,
            "body",
            format!("body/{}", b.slug),
            select,
            b.slug.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn organization_versioned(
        &self,
        slug: &Slug,
    ) -> Result<Option<(Organization, crate::Version)>> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT version FROM organizations WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        let Some(version) = version else {
            return Ok(None);
        };
        Ok(self
            .organization(slug)
            .await?
            .map(|o| (o, crate::Version(version))))
    }

    async fn save_organization(
        &self,
        o: &Organization,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT version FROM organizations WHERE slug = $1")
                .bind(o.slug.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("organization `{}`", o.slug),
        )?;
        proposals::organization_references(&mut tx, o).await?;
        let before = audit::snapshot_of(&mut tx, ORGANIZATION_SNAPSHOT, o.slug.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        write_organization(&mut tx, o, version).await?;
        audit::write_of(
            &mut tx,
            "organization",
            format!("organization/{}", o.slug),
            ORGANIZATION_SNAPSHOT,
            o.slug.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn people(&self) -> Result<Vec<Person>> {
        let rows = sqlx::query("SELECT * FROM people ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        let role_rows = sqlx::query("SELECT * FROM roles ORDER BY person, seq")
            .fetch_all(&self.pool)
            .await?;
        let mut roles: std::collections::HashMap<String, Vec<Role>> =
            std::collections::HashMap::new();
        for row in &role_rows {
            let p: String = row.try_get("person")?;
            roles.entry(p).or_default().push(role_from(row)?);
        }
        rows.iter()
            .map(|row| {
                let s: String = row.try_get("slug")?;
                person_from(row, roles.remove(&s).unwrap_or_default())
            })
            .collect()
    }

    async fn person(&self, slug: &Slug) -> Result<Option<Person>> {
        let Some(row) = sqlx::query("SELECT * FROM people WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let role_rows = sqlx::query("SELECT * FROM roles WHERE person = $1 ORDER BY seq")
            .bind(slug.as_str())
            .fetch_all(&self.pool)
            .await?;
        let roles = role_rows.iter().map(role_from).collect::<Result<_>>()?;
        person_from(&row, roles).map(Some)
    }

    async fn bodies(&self) -> Result<Vec<Body>> {
        let rows = sqlx::query("SELECT * FROM bodies ORDER BY slug")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(body_from).collect()
    }

    async fn body(&self, slug: &Slug) -> Result<Option<Body>> {
        let row = sqlx::query("SELECT * FROM bodies WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(body_from).transpose()
    }

    async fn delete_registered(
        &self,
        kind: crate::Registered,
        slug: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        deleting::delete_registered(&mut tx, kind, slug.as_str(), expect, by).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn chairmanships(&self) -> Result<Vec<Chairmanship>> {
        let rows = sqlx::query("SELECT * FROM chairmanships ORDER BY from_first, seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(chairmanship_from).collect()
    }

    async fn contact(&self) -> Result<Option<cica_domain::Contact>> {
        let Some(row) = sqlx::query("SELECT * FROM contact WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let social: String = row.try_get("social")?;
        let social: Vec<serde_json::Value> =
            serde_json::from_str(&social).map_err(|e| corrupt("contact", e.to_string()))?;
        Ok(Some(cica_domain::Contact {
            name: row.try_get("name")?,
            address: row.try_get("address")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            website: row.try_get("website")?,
            social: social
                .iter()
                .map(|v| {
                    (
                        v["network"].as_str().unwrap_or_default().to_owned(),
                        v["handle"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            provenance: provenance(&row)?,
        }))
    }
}

#[async_trait]
impl Calendar for SqliteStore {
    async fn meetings(&self, q: &MeetingQuery) -> Result<Page<Meeting>> {
        const FILTER: &str = " WHERE ($1 IS NULL OR m.end_date >= $1) AND ($2 IS NULL OR m.start_date <= $2) \
            AND ($3 IS NULL OR m.body = $3) \
            AND ($4 IS NULL OR m.host = $4 OR m.country = $4 OR m.chair_state = $4 \
                 OR EXISTS (SELECT 1 FROM meeting_states t WHERE t.meeting = m.id AND t.code = $4)) \
            AND ($5 IS NULL OR m.status = $5) AND ($9 IS NULL OR m.end_date < $9) \
            AND ($10 IS NULL OR EXISTS (SELECT 1 FROM meeting_news t WHERE t.meeting = m.id AND t.news = $10))";
        let sql = match q.order {
            Order::Ascending => format!(
                "SELECT {MEETING_COLUMNS} FROM (SELECT m.id FROM meetings m{FILTER} \
                 AND ($6 IS NULL OR m.start_date > $6 OR (m.start_date = $6 AND m.id > $7)) \
                 ORDER BY m.start_date ASC, m.id ASC LIMIT $8) AS p JOIN meetings m ON m.id = p.id \
                 ORDER BY m.start_date ASC, m.id ASC"
            ),
            Order::Descending => format!(
                "SELECT {MEETING_COLUMNS} FROM (SELECT m.id FROM meetings m{FILTER} \
                 AND ($6 IS NULL OR m.start_date < $6 OR (m.start_date = $6 AND m.id > $7)) \
                 ORDER BY m.start_date DESC, m.id ASC LIMIT $8) AS p JOIN meetings m ON m.id = p.id \
                 ORDER BY m.start_date DESC, m.id ASC"
            ),
        };
        // The SQL text is one of the two fixed strings above; every value is bound.
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(q.from.map(iso))
            .bind(q.to.map(iso))
            .bind(q.body.as_ref().map(Slug::as_str))
            .bind(q.state.as_ref().map(StateCode::as_str))
            .bind(q.status.map(MeetingStatus::as_str))
            .bind(q.after.as_ref().map(|c| iso(c.key)))
            .bind(q.after.as_ref().map(|c| c.id.as_str()))
            .bind(fetch_limit(q.limit))
            .bind(q.ended_before.map(iso))
            .bind(q.news.as_ref().map(Slug::as_str))
            .fetch_all(&self.pool)
            .await?;
        let items = rows.iter().map(meeting_from).collect::<Result<Vec<_>>>()?;
        Ok(paginate(items, q.limit, |m: &Meeting| Cursor {
            key: m.when.span().start(),
            id: m.id.clone(),
        }))
    }

    async fn meeting(&self, id: &Slug) -> Result<Option<Meeting>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1"
        )))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(meeting_from).transpose()
    }

    async fn meeting_versioned(&self, id: &Slug) -> Result<Option<(Meeting, crate::Version)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1"
        )))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|row| Ok((meeting_from(row)?, crate::Version(row.try_get("version")?))))
            .transpose()
    }

    async fn save_meeting(
        &self,
        m: &Meeting,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM meetings WHERE id = $1")
            .bind(m.id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("meeting `{}`", m.id),
        )?;
        proposals::meeting_references(&mut tx, m).await?;
        let select = format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1");
        let before = audit::snapshot_of(&mut tx, &select, m.id.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        write_meeting(&mut tx, m, version).await?;
        audit::write_of(
            &mut tx,
            "meeting",
            format!("meeting/{}", m.id),
            &select,
            m.id.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn engagements(&self, q: &EngagementQuery) -> Result<Page<Engagement>> {
        const FILTER: &str = " WHERE ($1 IS NULL OR e.end_date >= $1) AND ($2 IS NULL OR e.start_date <= $2) \
            AND ($3 IS NULL OR EXISTS (SELECT 1 FROM engagement_states t WHERE t.engagement = e.id AND t.code = $3)) \
            AND ($4 IS NULL OR EXISTS (SELECT 1 FROM engagement_organizations t WHERE t.engagement = e.id AND t.organization = $4)) \
            AND ($5 IS NULL OR EXISTS (SELECT 1 FROM engagement_people t WHERE t.engagement = e.id AND t.person = $5)) \
            AND ($6 IS NULL OR e.start_date < $6 OR (e.start_date = $6 AND e.id > $7)) \
            AND ($9 IS NULL OR e.news = $9) \
            ORDER BY e.start_date DESC, e.id ASC LIMIT $8";
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENGAGEMENT_COLUMNS} FROM (SELECT e.id FROM engagements e{FILTER}) AS p \
             JOIN engagements e ON e.id = p.id ORDER BY e.start_date DESC, e.id ASC"
        )))
        .bind(q.from.map(iso))
        .bind(q.to.map(iso))
        .bind(q.state.as_ref().map(StateCode::as_str))
        .bind(q.organization.as_ref().map(Slug::as_str))
        .bind(q.person.as_ref().map(Slug::as_str))
        .bind(q.after.as_ref().map(|c| iso(c.key)))
        .bind(q.after.as_ref().map(|c| c.id.as_str()))
        .bind(fetch_limit(q.limit))
        .bind(q.news.as_ref().map(Slug::as_str))
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(engagement_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(paginate(items, q.limit, |e: &Engagement| Cursor {
            key: e.when.start(),
            id: e.id.clone(),
        }))
    }

    async fn engagement(&self, id: &Slug) -> Result<Option<Engagement>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENGAGEMENT_COLUMNS} FROM engagements e WHERE e.id = $1"
        )))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(engagement_from).transpose()
    }

    async fn engagement_versioned(
        &self,
        id: &Slug,
    ) -> Result<Option<(Engagement, crate::Version)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ENGAGEMENT_COLUMNS} FROM engagements e WHERE e.id = $1"
        )))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|row| {
                Ok((
                    engagement_from(row)?,
                    crate::Version(row.try_get("version")?),
                ))
            })
            .transpose()
    }

    async fn save_engagement(
        &self,
        e: &Engagement,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT version FROM engagements WHERE id = $1")
                .bind(e.id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("engagement `{}`", e.id),
        )?;
        proposals::engagement_references(&mut tx, e).await?;
        let select = format!("SELECT {ENGAGEMENT_COLUMNS} FROM engagements e WHERE e.id = $1");
        let before = audit::snapshot_of(&mut tx, &select, e.id.as_str()).await?;
        let version = audit::next_version(&mut tx).await?;
        // Its links go with it (ON DELETE CASCADE) and are written anew.
        sqlx::query("DELETE FROM engagements WHERE id = $1")
            .bind(e.id.as_str())
            .execute(&mut *tx)
            .await?;
        insert_engagement(&mut tx, e, version).await?;
        audit::write_of(
            &mut tx,
            "engagement",
            format!("engagement/{}", e.id),
            &select,
            e.id.as_str(),
            before,
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn delete_meeting(
        &self,
        id: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM meetings WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let what = format!("meeting `{id}`");
        expected(expect, stored.map(crate::Version), &what)?;
        let referrers: Vec<String> = sqlx::query_scalar(
            "SELECT 'decision `' || id || '` (taken at it)' FROM decisions WHERE meeting = $1 \
             UNION ALL SELECT 'meeting `' || id || '` (announcing it as the next)' FROM meetings WHERE next = $1 AND id <> $1 \
             UNION ALL SELECT 'CBM activity `' || activity || '`' FROM cbm_activity_meetings WHERE meeting = $1",
        )
        .bind(id.as_str())
        .fetch_all(&mut *tx)
        .await?;
        refused_while_referred(&what, &referrers)?;
        let select = format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1");
        deleted(
            &mut tx,
            &select,
            "meetings",
            "id",
            id.as_str(),
            "meeting",
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_engagement(
        &self,
        id: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let stored: Option<i64> =
            sqlx::query_scalar("SELECT version FROM engagements WHERE id = $1")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        expected(
            expect,
            stored.map(crate::Version),
            &format!("engagement `{id}`"),
        )?;
        let select = format!("SELECT {ENGAGEMENT_COLUMNS} FROM engagements e WHERE e.id = $1");
        deleted(
            &mut tx,
            &select,
            "engagements",
            "id",
            id.as_str(),
            "engagement",
            by,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn last_engaged(&self) -> Result<Vec<(StateCode, Option<NaiveDate>)>> {
        let rows = sqlx::query(
            "SELECT s.code AS code, \
             (SELECT max(CASE WHEN e.unconfirmed THEN e.start_date ELSE e.end_date END) FROM engagement_states t JOIN engagements e ON e.id = t.engagement WHERE t.code = s.code) AS last \
             FROM states s ORDER BY s.code",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let c: String = row.try_get("code")?;
                let last: Option<String> = row.try_get("last")?;
                Ok((
                    code("state", &c)?,
                    last.map(|d| day("engagement", &d)).transpose()?,
                ))
            })
            .collect()
    }
}

#[async_trait]
impl News for SqliteStore {
    async fn news(&self, q: &NewsQuery) -> Result<Page<NewsItem>> {
        const FILTER: &str = " WHERE ($1 IS NULL OR n.date >= $1) AND ($2 IS NULL OR n.date <= $2) \
            AND ($3 IS NULL OR EXISTS (SELECT 1 FROM news_states t WHERE t.news = n.slug AND t.code = $3)) \
            AND ($4 IS NULL OR EXISTS (SELECT 1 FROM news_bodies t WHERE t.news = n.slug AND t.body = $4)) \
            AND ($5 IS NULL OR EXISTS (SELECT 1 FROM news_people t WHERE t.news = n.slug AND t.person = $5)) \
            AND ($6 IS NULL OR EXISTS (SELECT 1 FROM news_organizations t WHERE t.news = n.slug AND t.organization = $6)) \
            AND ($7 IS NULL OR n.kind = $7) AND ($8 IS NULL OR n.issue = $8) \
            AND ($9 IS NULL OR n.date < $9 OR (n.date = $9 AND n.slug > $10)) \
            AND (CASE $12 WHEN 'published' THEN n.draft = 0 WHEN 'draft' THEN n.draft = 1 ELSE 1 END) \
            ORDER BY n.date DESC, n.slug ASC LIMIT $11";
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NEWS_COLUMNS} FROM (SELECT n.slug FROM news n{FILTER}) AS p \
             JOIN news n ON n.slug = p.slug ORDER BY n.date DESC, n.slug ASC"
        )))
        .bind(q.from.map(iso))
        .bind(q.to.map(iso))
        .bind(q.state.as_ref().map(StateCode::as_str))
        .bind(q.body.as_ref().map(Slug::as_str))
        .bind(q.person.as_ref().map(Slug::as_str))
        .bind(q.organization.as_ref().map(Slug::as_str))
        .bind(q.kind.map(NewsKind::as_str))
        .bind(q.issue.map(|i| i.to_string()))
        .bind(q.after.as_ref().map(|c| iso(c.key)))
        .bind(q.after.as_ref().map(|c| c.id.as_str()))
        .bind(fetch_limit(q.limit))
        .bind(match q.drafts {
            Drafts::Exclude => "published",
            Drafts::Only => "draft",
            Drafts::Include => "all",
        })
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(news_from).collect::<Result<Vec<_>>>()?;
        Ok(paginate(items, q.limit, |n: &NewsItem| Cursor {
            key: n.date,
            id: n.slug.clone(),
        }))
    }

    async fn news_item(&self, slug: &Slug) -> Result<Option<NewsItem>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NEWS_COLUMNS} FROM news n WHERE n.slug = $1"
        )))
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(news_from).transpose()
    }

    async fn news_versioned(&self, slug: &Slug) -> Result<Option<(NewsItem, crate::Version)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {NEWS_COLUMNS} FROM news n WHERE n.slug = $1"
        )))
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(|row| Ok((news_from(row)?, crate::Version(row.try_get("version")?))))
            .transpose()
    }

    async fn delete_news(
        &self,
        slug: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        news::delete_news(&self.pool, slug, expect, by).await
    }

    async fn save_news(
        &self,
        item: &NewsItem,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        news::save_news(&self.pool, item, expect, by).await
    }

    async fn add_photo(
        &self,
        item: &Slug,
        expect: crate::Expect,
        media: &Media,
        photo: &cica_domain::Photo,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        news::add_photo(&self.pool, item, expect, media, photo, by).await
    }

    async fn news_months(&self) -> Result<Vec<(NaiveDate, u32)>> {
        let rows = sqlx::query("SELECT substr(date, 1, 7) || '-01' AS month, count(*) AS n FROM news WHERE draft = 0 GROUP BY month ORDER BY month DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let m: String = row.try_get("month")?;
                let n: i64 = row.try_get("n")?;
                Ok((day("news month", &m)?, u32::try_from(n).unwrap_or(u32::MAX)))
            })
            .collect()
    }

    async fn media_exists(&self, name: &MediaName) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE name = $1")
            .bind(name.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    async fn media_published(&self, name: &MediaName) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM news_photos p JOIN news n ON n.slug = p.news \
             WHERE p.media = $1 AND n.draft = 0 LIMIT 1",
        )
        .bind(name.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    async fn media(&self, name: &MediaName) -> Result<Option<Media>> {
        self::digest::media(&self.pool, name).await
    }

    async fn rendition(
        &self,
        name: &MediaName,
        size: cica_domain::Rendition,
    ) -> Result<Option<Media>> {
        self::digest::rendition(&self.pool, name, size).await
    }

    async fn keep_rendition(
        &self,
        size: cica_domain::Rendition,
        copy: &Media,
        source: &Media,
    ) -> Result<()> {
        self.writable()?;
        self::digest::keep_rendition(&self.pool, size, copy, source).await
    }

    async fn plan_import(&self, items: &[ImportItem]) -> Result<Vec<ImportOutcome>> {
        import::plan_import(&self.pool, items).await
    }

    async fn import_news(
        &self,
        items: &[ImportItem],
        by: &Attribution,
    ) -> Result<Vec<ImportOutcome>> {
        self.writable()?;
        import::import_news(&self.pool, items, by, self.file.is_some()).await
    }

    async fn pending_proposals(&self) -> Result<Vec<PendingProposal>> {
        import::pending_proposals(&self.pool).await
    }

    async fn publish_news(
        &self,
        slug: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        import::publish_news(&self.pool, slug, expect, by).await
    }

    async fn accept_proposal(
        &self,
        key: &crate::ProposalKey,
        acceptance: &crate::Acceptance,
        by: &Attribution,
    ) -> Result<crate::Accepted> {
        self.writable()?;
        proposals::accept(&self.pool, key, acceptance, by).await
    }

    async fn reject_proposal(&self, key: &crate::ProposalKey, by: &Attribution) -> Result<()> {
        self.writable()?;
        proposals::reject(&self.pool, key, by).await
    }
}

#[async_trait]
impl Decisions for SqliteStore {
    async fn documents(&self) -> Result<Vec<Document>> {
        decisions::documents(&self.pool).await
    }

    async fn document(&self, slug: &Slug) -> Result<Option<Document>> {
        decisions::document(&self.pool, slug).await
    }

    async fn decision_versioned(&self, id: &Slug) -> Result<Option<(Decision, crate::Version)>> {
        decisions::decision_versioned(&self.pool, id).await
    }

    async fn save_decision(
        &self,
        decision: &Decision,
        expect: crate::Expect,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        decisions::save_decision(&self.pool, decision, expect, today, by).await
    }

    async fn document_versioned(&self, slug: &Slug) -> Result<Option<(Document, crate::Version)>> {
        decisions::document_versioned(&self.pool, slug).await
    }

    async fn save_document(
        &self,
        document: &Document,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        decisions::save_document(&self.pool, document, expect, by).await
    }

    async fn add_document_version(
        &self,
        slug: &Slug,
        version: NewVersion,
        by: &Attribution,
    ) -> Result<DocumentVersion> {
        self.writable()?;
        decisions::add_document_version(&self.pool, slug, version, by).await
    }

    async fn decisions(&self, query: &DecisionQuery) -> Result<Page<Decision>> {
        decisions::decisions(&self.pool, query).await
    }

    async fn decision(&self, id: &Slug) -> Result<Option<Decision>> {
        decisions::decision(&self.pool, id).await
    }

    async fn record_decision(
        &self,
        new: NewDecision,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<Decision> {
        self.writable()?;
        decisions::record_decision(&self.pool, new, today, by).await
    }

    async fn add_statement(
        &self,
        decision: &Slug,
        statement: Position,
        by: &Attribution,
    ) -> Result<Decision> {
        self.writable()?;
        decisions::add_statement(&self.pool, decision, statement, by).await
    }

    async fn silences(&self) -> Result<Vec<SilenceRecord>> {
        decisions::silences(&self.pool).await
    }

    async fn silence(&self, id: &Slug) -> Result<Option<SilenceRecord>> {
        decisions::silence(&self.pool, id).await
    }

    async fn open_silence(&self, new: NewSilence, by: &Attribution) -> Result<SilenceRecord> {
        self.writable()?;
        decisions::open_silence(&self.pool, new, by).await
    }

    async fn silence_request(
        &self,
        id: &Slug,
        request: Request,
        now: crate::Now<'_>,
        by: &Attribution,
    ) -> Result<SilenceRecord> {
        self.writable()?;
        decisions::silence_request(&self.pool, id, request, now, by).await
    }

    async fn settle_silences(&self, now: DateTime<Utc>, by: &Attribution) -> Result<Vec<Slug>> {
        self.writable()?;
        decisions::settle_silences(&self.pool, now, by).await
    }

    async fn next_deadline(&self) -> Result<Option<DateTime<Utc>>> {
        decisions::next_deadline(&self.pool).await
    }
}

#[async_trait]
impl crate::Catalogue for SqliteStore {
    async fn cbm_areas(&self) -> Result<Vec<cica_domain::cbm::PriorityArea>> {
        cbm::areas(&self.pool).await
    }

    async fn cbm_area(
        &self,
        slug: &Slug,
    ) -> Result<Option<(cica_domain::cbm::PriorityArea, crate::Version)>> {
        cbm::area(&self.pool, slug).await
    }

    async fn cbm_activities(&self, area: Option<&Slug>) -> Result<Vec<cica_domain::cbm::Activity>> {
        cbm::activities(&self.pool, area).await
    }

    async fn cbm_activity(
        &self,
        slug: &Slug,
    ) -> Result<Option<(cica_domain::cbm::Activity, crate::Version)>> {
        cbm::activity(&self.pool, slug).await
    }

    async fn save_cbm_area(
        &self,
        area: &cica_domain::cbm::PriorityArea,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        cbm::save_area(&self.pool, area, expect, by).await
    }

    async fn save_cbm_activity(
        &self,
        activity: &cica_domain::cbm::Activity,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        cbm::save_activity(&self.pool, activity, expect, by).await
    }

    async fn delete_cbm_activity(
        &self,
        slug: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        cbm::delete_activity(&self.pool, slug, expect, by).await
    }

    async fn cbm_rounds(&self) -> Result<Vec<cica_domain::cbm::ReportingRound>> {
        cbm::rounds(&self.pool).await
    }

    async fn cbm_round(
        &self,
        year: i32,
    ) -> Result<Option<(cica_domain::cbm::ReportingRound, crate::Version)>> {
        cbm::round(&self.pool, year).await
    }

    async fn save_cbm_round(
        &self,
        round: &cica_domain::cbm::ReportingRound,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        cbm::save_round(&self.pool, round, expect, by).await
    }

    async fn cbm_reports(
        &self,
        year: Option<i32>,
    ) -> Result<Vec<(cica_domain::cbm::Report, crate::Version)>> {
        cbm::reports(&self.pool, year, None).await
    }

    async fn cbm_report(
        &self,
        state: &StateCode,
        year: i32,
    ) -> Result<Option<(cica_domain::cbm::Report, crate::Version)>> {
        Ok(cbm::reports(&self.pool, Some(year), Some(state))
            .await?
            .into_iter()
            .next())
    }

    async fn save_cbm_report(
        &self,
        report: &cica_domain::cbm::Report,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        cbm::save_report(&self.pool, report, expect, by).await
    }
}

#[async_trait]
impl Ledger for SqliteStore {
    async fn contributions(
        &self,
    ) -> Result<Vec<(cica_domain::money::Contribution, crate::Version)>> {
        money::contributions(&self.pool).await
    }

    async fn contribution(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::money::Contribution, crate::Version)>> {
        money::contribution(&self.pool, id).await
    }

    async fn save_contribution(
        &self,
        c: &cica_domain::money::Contribution,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        money::save(&self.pool, c, expect, by).await
    }

    async fn delete_contribution(
        &self,
        id: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        money::delete(&self.pool, id, expect, by).await
    }

    async fn financial_reports(&self) -> Result<Vec<cica_domain::money::FinancialReport>> {
        money::financial_reports(&self.pool).await
    }

    async fn financial_report(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::money::FinancialReport, crate::Version)>> {
        money::financial_report(&self.pool, id).await
    }

    async fn save_financial_report(
        &self,
        report: &cica_domain::money::FinancialReport,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        money::save_report(&self.pool, report, expect, by).await
    }

    async fn delete_financial_report(
        &self,
        id: &Slug,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        money::delete_report(&self.pool, id, expect, by).await
    }

    async fn fund_projects(&self) -> Result<Vec<(cica_domain::fund::Project, crate::Version)>> {
        fund::projects(&self.pool).await
    }

    async fn fund_project(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::fund::Project, crate::Version)>> {
        fund::project(&self.pool, id).await
    }

    async fn save_fund_project(
        &self,
        p: &cica_domain::fund::Project,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        fund::save(&self.pool, p, expect, by).await
    }
}

#[async_trait]
impl Treaties for SqliteStore {
    async fn treaties(&self) -> Result<Vec<Treaty>> {
        decisions::treaties(&self.pool).await
    }

    async fn treaty(&self, slug: &Slug) -> Result<Option<Treaty>> {
        decisions::treaty(&self.pool, slug).await
    }

    async fn record_treaty_action(
        &self,
        slug: &Slug,
        action: ActionRecord,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<Option<Notification>> {
        self.writable()?;
        decisions::record_treaty_action(&self.pool, slug, action, today, by).await
    }

    async fn withdraw_treaty_action(
        &self,
        slug: &Slug,
        party: &StateCode,
        kind: cica_domain::treaty::ActionKind,
        dates: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
        reason: &str,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<Option<Notification>> {
        self.writable()?;
        decisions::withdraw_treaty_action(&self.pool, slug, party, kind, dates, reason, today, by)
            .await
    }

    async fn withdrawn_actions(
        &self,
        slug: &Slug,
    ) -> Result<Vec<cica_domain::decision::WithdrawnAction>> {
        decisions::withdrawn_actions(&self.pool, slug).await
    }

    async fn notifications(&self, treaty: Option<&Slug>) -> Result<Vec<Notification>> {
        decisions::notifications(&self.pool, treaty).await
    }
}

#[async_trait]
impl Digests for SqliteStore {
    async fn digests(&self) -> Result<Vec<Digest>> {
        let rows = sqlx::query("SELECT * FROM digests ORDER BY quarter DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(digest_from).collect()
    }

    async fn digest(&self, quarter: Quarter) -> Result<Option<Digest>> {
        let row = sqlx::query("SELECT * FROM digests WHERE quarter = $1")
            .bind(quarter.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(digest_from).transpose()
    }

    async fn digest_versioned(&self, quarter: Quarter) -> Result<Option<(Digest, crate::Version)>> {
        let row = sqlx::query("SELECT * FROM digests WHERE quarter = $1")
            .bind(quarter.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref()
            .map(|row| Ok((digest_from(row)?, crate::Version(row.try_get("version")?))))
            .transpose()
    }

    async fn save_digest(
        &self,
        digest: &Digest,
        expect: crate::Expect,
        by: &Attribution,
    ) -> Result<crate::Version> {
        self.writable()?;
        self::digest::save_digest(&self.pool, digest, expect, by).await
    }
}

#[async_trait]
impl Accounts for SqliteStore {
    async fn add_account(
        &self,
        email: &str,
        password_hash: &str,
        grant: &Grant,
        by: &Attribution,
    ) -> Result<Account> {
        self.writable()?;
        accounts::add(&self.pool, email, password_hash, grant, by).await
    }

    async fn change_grant(&self, email: &str, grant: &Grant, by: &Attribution) -> Result<Account> {
        self.writable()?;
        accounts::change_grant(&self.pool, email, grant, by).await
    }

    async fn accounts(&self) -> Result<Vec<Account>> {
        accounts::all(&self.pool).await
    }

    async fn account(&self, email: &str) -> Result<Option<Account>> {
        accounts::one(&self.pool, email).await
    }

    async fn password_hash(&self, email: &str) -> Result<Option<String>> {
        accounts::password(&self.pool, email).await
    }

    async fn set_disabled(&self, email: &str, disabled: bool, by: &Attribution) -> Result<Account> {
        self.writable()?;
        accounts::set_disabled(&self.pool, email, disabled, by).await
    }

    async fn set_password(&self, email: &str, password_hash: &str, by: &Attribution) -> Result<()> {
        self.writable()?;
        accounts::set_password(&self.pool, email, password_hash, by).await
    }

    async fn add_token(
        &self,
        email: &str,
        name: &str,
        digest: &str,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        accounts::add_token(&self.pool, email, name, digest, by).await
    }

    async fn revoke_token(&self, email: &str, name: &str, by: &Attribution) -> Result<()> {
        self.writable()?;
        accounts::revoke_token(&self.pool, email, name, by).await
    }

    async fn tokens(&self, email: &str) -> Result<Vec<crate::TokenInfo>> {
        accounts::tokens(&self.pool, email).await
    }

    async fn token_account(&self, digest: &str) -> Result<Option<Account>> {
        accounts::token_account(&self.pool, digest).await
    }

    async fn start_session(
        &self,
        email: &str,
        digest: &str,
        csrf: &str,
        expires_at: DateTime<Utc>,
        by: &Attribution,
    ) -> Result<()> {
        self.writable()?;
        accounts::start_session(&self.pool, email, digest, csrf, expires_at, by).await
    }

    async fn session(&self, digest: &str, now: DateTime<Utc>) -> Result<Option<(Account, String)>> {
        accounts::session(&self.pool, digest, now).await
    }

    async fn end_session(&self, digest: &str, by: &Attribution) -> Result<()> {
        self.writable()?;
        accounts::end_session(&self.pool, digest, by).await
    }

    async fn sign_in_attempt(
        &self,
        limits: &[(String, i64)],
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Option<Vec<i64>>> {
        self.writable()?;
        accounts::sign_in_attempt(&self.pool, limits, at, since).await
    }

    async fn sign_in_succeeded(&self, attempt: &[i64]) -> Result<()> {
        self.writable()?;
        accounts::sign_in_succeeded(&self.pool, attempt).await
    }
}

#[async_trait]
impl AuditTrail for SqliteStore {
    async fn audit(&self, record: Option<&str>) -> Result<Vec<cica_domain::audit::Entry>> {
        audit::entries(&self.pool, record).await
    }

    async fn audit_head(&self) -> Result<Option<(i64, String)>> {
        audit::head(&self.pool).await
    }

    async fn audit_snapshot(
        &self,
    ) -> Result<(Vec<cica_domain::audit::Entry>, Option<(i64, String)>)> {
        audit::snapshot_all(&self.pool).await
    }

    async fn written(
        &self,
        record: &str,
        seq: i64,
        side: crate::Side,
    ) -> Result<Option<crate::Written>> {
        written::written(&self.pool, record, seq, side).await
    }
}
