//! Documents, decisions, silence procedures and treaties in SQLite.
//!
//! Every write that depends on what is already stored (numbering a decision, settling a
//! procedure, recording a break) runs in a `BEGIN IMMEDIATE` transaction: SQLite then lets one
//! writer in at a time across every process using the file, and each writer re-reads what it
//! decides on inside its transaction. That is what makes settlement happen exactly once.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use cica_domain::consensus::{Consensus, Position, Stance, consensus};
use cica_domain::decision::{
    ActionRecord, Decision, DecisionAct, Document, DocumentKind, DocumentStatus, DocumentVersion,
    NewDecision, NewSilence, Notification, Proposer, SilenceRecord, Taken, Treaty, Visibility,
    WithdrawnAction, date_in_zone, notification_text, withdrawal_text,
};
use cica_domain::silence::{self, Outcome, Procedure, Request, SilenceEvent, whole_seconds};
use cica_domain::treaty::{
    self, ActionKind, Delay, EifClause, Entry, EntryKind, Regime, TreatyAction, WeightCondition,
};
use cica_domain::{Dataset, DateSpan, PartialDate, Slug, StateCode, rules};
use serde_json::json;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction};

use super::audit::{self, Change};
use super::{corrupt, keyword, list, opt_code, opt_slug, provenance, slug, to_json};
use crate::{Attribution, Cursor, DecisionQuery, NewVersion, Now, Page, Result, StoreError};

pub(super) fn instant_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant(record: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| corrupt(record, e.to_string()))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn day(record: &str, text: &str) -> Result<NaiveDate> {
    cica_domain::parse_day(text).map_err(|e| corrupt(record, e.to_string()))
}

fn doc_ref(row: &SqliteRow, record: &str) -> Result<Option<(Slug, u32)>> {
    let document: Option<String> = row.try_get("document")?;
    let version: Option<i64> = row.try_get("version")?;
    match (document, version) {
        (Some(d), Some(v)) => Ok(Some((
            slug(record, &d)?,
            u32::try_from(v).map_err(|e| corrupt(record, e.to_string()))?,
        ))),
        _ => Ok(None),
    }
}

/// Tables of this module, children first, for `replace_all`.
pub(super) const TABLES: &[&str] = &[
    "notifications",
    "treaty_actions",
    "treaties",
    "decision_statements",
    "decisions",
    "silence_events",
    "silence_procedures",
    "document_versions",
    "documents",
];

// ---------------------------------------------------------------------------------------------
// Reading.

fn version_from(row: &SqliteRow) -> Result<DocumentVersion> {
    let r = "document version";
    let number: i64 = row.try_get("number")?;
    let date: String = row.try_get("date")?;
    let by: String = row.try_get("proposed_by")?;
    Ok(DocumentVersion {
        number: u32::try_from(number).map_err(|e| corrupt(r, e.to_string()))?,
        date: PartialDate::parse(&date).map_err(|e| corrupt(r, e.to_string()))?,
        proposed_by: Proposer::parse(&by).ok_or_else(|| corrupt(r, format!("proposer `{by}`")))?,
        note: row.try_get("note")?,
        text: row.try_get("text")?,
    })
}

pub(super) fn document_from(row: &SqliteRow, versions: Vec<DocumentVersion>) -> Result<Document> {
    let r = "document";
    let s: String = row.try_get("slug")?;
    let kind: String = row.try_get("kind")?;
    let visibility: String = row.try_get("visibility")?;
    let status: String = row.try_get("status")?;
    Ok(Document {
        slug: slug(r, &s)?,
        title: row.try_get("title")?,
        kind: keyword(r, &kind, DocumentKind::parse)?,
        visibility: keyword(r, &visibility, Visibility::parse)?,
        status: keyword(r, &status, DocumentStatus::parse)?,
        body: opt_slug(r, row.try_get("body")?)?,
        versions,
        provenance: provenance(row)?,
    })
}

pub(super) async fn documents(pool: &SqlitePool) -> Result<Vec<Document>> {
    let rows = sqlx::query("SELECT * FROM documents ORDER BY title")
        .fetch_all(pool)
        .await?;
    let vrows = sqlx::query("SELECT * FROM document_versions ORDER BY document, number")
        .fetch_all(pool)
        .await?;
    let mut versions: std::collections::HashMap<String, Vec<DocumentVersion>> =
        std::collections::HashMap::new();
    for v in &vrows {
        let d: String = v.try_get("document")?;
        versions.entry(d).or_default().push(version_from(v)?);
    }
    rows.iter()
        .map(|row| {
            let s: String = row.try_get("slug")?;
            document_from(row, versions.remove(&s).unwrap_or_default())
        })
        .collect()
}

pub(super) async fn document(pool: &SqlitePool, s: &Slug) -> Result<Option<Document>> {
    let Some(row) = sqlx::query("SELECT * FROM documents WHERE slug = $1")
        .bind(s.as_str())
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let vrows = sqlx::query("SELECT * FROM document_versions WHERE document = $1 ORDER BY number")
        .bind(s.as_str())
        .fetch_all(pool)
        .await?;
    let versions = vrows.iter().map(version_from).collect::<Result<_>>()?;
    document_from(&row, versions).map(Some)
}

/// A document with its version of record.
pub(super) async fn document_versioned(
    pool: &SqlitePool,
    s: &Slug,
) -> Result<Option<(Document, crate::Version)>> {
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM documents WHERE slug = $1")
        .bind(s.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(version) = version else {
        return Ok(None);
    };
    Ok(document(pool, s)
        .await?
        .map(|d| (d, crate::Version(version))))
}

/// A document as the audit trail keeps it: its fields, how many versions it records, and the
/// versions after the first `from` in full (those a save adds; the others are in the trail
/// already, with the write that recorded them).
fn document_json(d: &Document, from: usize) -> serde_json::Value {
    json!({
        "title": d.title,
        "kind": d.kind.as_str(),
        "visibility": d.visibility.as_str(),
        "status": d.status.as_str(),
        "body": d.body.as_ref().map(Slug::as_str),
        "unconfirmed": d.provenance.unconfirmed,
        "note": d.provenance.note,
        "sources": d.provenance.sources,
        "version_count": d.versions.len(),
        "versions": d.versions.iter().skip(from).map(|v| json!({
            "number": v.number,
            "date": v.date.iso(),
            "proposed_by": v.proposed_by.to_string(),
            "note": v.note,
            "text": v.text,
        })).collect::<Vec<_>>(),
    })
}

/// Creates or replaces a document when what is stored is what `expect` says: its fields in
/// place (decisions and procedures refer to it), the versions recorded kept as they were
/// ([`Document::version_changes`]) and any new ones after them; audited with the document
/// before and after. A document the public may not read, before and after, is audited without
/// telling the public's caches that anything changed.
pub(super) async fn save_document(
    pool: &SqlitePool,
    d: &Document,
    expect: crate::Expect,
    by: &Attribution,
) -> Result<crate::Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<(i64, String)> =
        sqlx::query_as("SELECT version, visibility FROM documents WHERE slug = $1")
            .bind(d.slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    super::expected(
        expect,
        stored.as_ref().map(|(v, _)| crate::Version(*v)),
        &format!("document `{}`", d.slug),
    )?;
    super::proposals::document_references(&mut tx, d).await?;
    let before = match &stored {
        Some(_) => {
            let row = sqlx::query("SELECT * FROM documents WHERE slug = $1")
                .bind(d.slug.as_str())
                .fetch_one(&mut *tx)
                .await?;
            let vrows =
                sqlx::query("SELECT * FROM document_versions WHERE document = $1 ORDER BY number")
                    .bind(d.slug.as_str())
                    .fetch_all(&mut *tx)
                    .await?;
            let versions = vrows.iter().map(version_from).collect::<Result<_>>()?;
            Some(document_from(&row, versions)?)
        }
        None => None,
    };
    if let Some(b) = &before
        && let Some((field, problem)) = d.version_changes(b).into_iter().next()
    {
        return Err(StoreError::Rejected(format!("{field}: {problem}")));
    }
    let version = audit::next_version(&mut tx).await?;
    sqlx::query(
        "INSERT INTO documents (slug, title, kind, visibility, status, body, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (slug) DO UPDATE SET title = excluded.title, kind = excluded.kind, \
         visibility = excluded.visibility, status = excluded.status, body = excluded.body, \
         unconfirmed = excluded.unconfirmed, note = excluded.note, sources = excluded.sources, \
         version = excluded.version",
    )
    .bind(d.slug.as_str())
    .bind(&d.title)
    .bind(d.kind.as_str())
    .bind(d.visibility.as_str())
    .bind(d.status.as_str())
    .bind(d.body.as_ref().map(Slug::as_str))
    .bind(d.provenance.unconfirmed)
    .bind(d.provenance.note.as_deref())
    .bind(to_json(&d.provenance.sources))
    .bind(version.0)
    .execute(&mut *tx)
    .await?;
    let recorded = before.as_ref().map_or(0, |b| b.versions.len());
    for v in d.versions.iter().skip(recorded) {
        sqlx::query("INSERT INTO document_versions (document, number, date, proposed_by, note, text) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(d.slug.as_str())
            .bind(i64::from(v.number))
            .bind(v.date.iso())
            .bind(v.proposed_by.to_string())
            .bind(v.note.as_deref())
            .bind(v.text.as_deref())
            .execute(&mut *tx)
            .await?;
    }
    let action = if before.is_some() {
        "document.save"
    } else {
        "document.create"
    };
    let mut change = Change::new(action, format!("document/{}", d.slug));
    change.before = before.as_ref().map(|b| document_json(b, b.versions.len()));
    change.after = Some(document_json(d, recorded));
    let public =
        d.visibility == Visibility::Public || stored.as_ref().is_some_and(|(_, v)| v == "public");
    if public {
        audit::record(&mut tx, by, change).await?;
    } else {
        // The public never learns that a document it may not read exists, nor that it changed.
        audit::append(&mut tx, by, change).await?;
    }
    tx.commit().await?;
    Ok(version)
}

pub(super) async fn add_document_version(
    pool: &SqlitePool,
    s: &Slug,
    v: NewVersion,
    by: &Attribution,
) -> Result<DocumentVersion> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let visibility: Option<String> =
        sqlx::query_scalar("SELECT visibility FROM documents WHERE slug = $1")
            .bind(s.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let Some(visibility) = visibility else {
        return Err(StoreError::NotFound(format!(
            "no document has the slug `{s}`"
        )));
    };
    let next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM document_versions WHERE document = $1",
    )
    .bind(s.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if usize::try_from(next).unwrap_or(usize::MAX) > Document::MAX_VERSIONS {
        return Err(StoreError::Rejected(format!(
            "document `{s}` records {} versions, the most one document records",
            Document::MAX_VERSIONS
        )));
    }
    if let Proposer::Body(b) = &v.proposed_by {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM bodies WHERE slug = $1")
            .bind(b.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::Rejected(format!(
                "proposed_by: no body has the slug `{b}`"
            )));
        }
    }
    // A new version changes the document: its version of record moves on.
    let version = audit::next_version(&mut tx).await?;
    sqlx::query("UPDATE documents SET version = $1 WHERE slug = $2")
        .bind(version.0)
        .bind(s.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO document_versions (document, number, date, proposed_by, note, text) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(s.as_str())
        .bind(next)
        .bind(iso(v.date))
        .bind(v.proposed_by.to_string())
        .bind(v.note.as_deref())
        .bind(v.text.as_deref())
        .execute(&mut *tx)
        .await?;
    let change = Change::new("document.version", format!("document/{s}"))
        .before(json!({ "versions": next - 1 }))
        .after(json!({
            "number": next,
            "date": iso(v.date),
            "proposed_by": v.proposed_by.to_string(),
            "note": v.note,
            "text": v.text,
        }));
    if visibility != "public" {
        // The public never learns that a document it may not read exists, nor that it changed.
        audit::append(&mut tx, by, change).await?;
    } else {
        audit::record(&mut tx, by, change).await?;
    }
    tx.commit().await?;
    Ok(DocumentVersion {
        number: u32::try_from(next).unwrap_or(u32::MAX),
        date: PartialDate::Day(v.date),
        proposed_by: v.proposed_by,
        note: v.note,
        text: v.text,
    })
}

const DECISION_COLUMNS: &str = "d.*, (SELECT json_group_array(json_array(state, stance, text)) FROM \
    (SELECT state, stance, text FROM decision_statements WHERE decision = d.id ORDER BY seq)) AS statement_list";

pub(super) fn decision_from(row: &SqliteRow) -> Result<Decision> {
    let r = "decision";
    let id: String = row.try_get("id")?;
    let act: String = row.try_get("act")?;
    let date: String = row.try_get("date")?;
    let number: i64 = row.try_get("number")?;
    let meeting: Option<String> = row.try_get("meeting")?;
    let silence: Option<String> = row.try_get("silence")?;
    let taken = match (meeting, silence) {
        (Some(m), _) => Taken::AtMeeting(slug(r, &m)?),
        (_, Some(s)) => Taken::BySilence(slug(r, &s)?),
        _ => Taken::NotRecorded,
    };
    let statements: String = row.try_get("statement_list")?;
    let statements: Vec<(String, String, String)> =
        serde_json::from_str(&statements).map_err(|e| corrupt(r, e.to_string()))?;
    Ok(Decision {
        id: slug(r, &id)?,
        organ: slug(r, &row.try_get::<String, _>("organ")?)?,
        date: day(r, &date)?,
        number: u32::try_from(number).map_err(|e| corrupt(r, e.to_string()))?,
        act: keyword(r, &act, DecisionAct::parse)?,
        subject: row.try_get("subject")?,
        document: doc_ref(row, r)?,
        taken,
        statements: statements
            .into_iter()
            .map(|(state, stance, text)| {
                Ok(Position {
                    state: StateCode::parse(&state).map_err(|e| corrupt(r, e.to_string()))?,
                    stance: keyword(r, &stance, Stance::parse)?,
                    text,
                })
            })
            .collect::<Result<_>>()?,
        provenance: provenance(row)?,
    })
}

pub(super) async fn decisions(pool: &SqlitePool, q: &DecisionQuery) -> Result<Page<Decision>> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE ($1 IS NULL OR d.organ = $1) AND ($2 IS NULL OR d.year = $2) \
         AND ($3 IS NULL OR d.date < $3 OR (d.date = $3 AND d.id > $4)) AND ($6 IS NULL OR d.meeting = $6) \
         ORDER BY d.date DESC, d.id ASC LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(q.organ.as_ref().map(Slug::as_str))
        .bind(q.year.map(i64::from))
        .bind(q.after.as_ref().map(|c| iso(c.key)))
        .bind(q.after.as_ref().map(|c| c.id.as_str()))
        .bind(i64::from(q.limit.clamp(1, 1000)) + 1)
        .bind(q.meeting.as_ref().map(Slug::as_str))
        .fetch_all(pool)
        .await?;
    let items = rows.iter().map(decision_from).collect::<Result<Vec<_>>>()?;
    Ok(super::paginate(items, q.limit, |d: &Decision| Cursor {
        key: d.date,
        id: d.id.clone(),
    }))
}

pub(super) async fn decision(pool: &SqlitePool, id: &Slug) -> Result<Option<Decision>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.id = $1"
    )))
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decision_from).transpose()
}

fn event_from(row: &SqliteRow) -> Result<SilenceEvent> {
    let r = "silence event";
    let kind: String = row.try_get("kind")?;
    let at = instant(r, &row.try_get::<String, _>("at")?)?;
    Ok(match kind.as_str() {
        "broken" => {
            let state: Option<String> = row.try_get("state")?;
            let stance: Option<String> = row.try_get("stance")?;
            SilenceEvent::Broken {
                at,
                state: opt_code(r, state)?.ok_or_else(|| corrupt(r, "break without a state"))?,
                stance: keyword(r, &stance.unwrap_or_default(), Stance::parse)?,
                text: row
                    .try_get::<Option<String>, _>("text")?
                    .unwrap_or_default(),
            }
        }
        "extended" => {
            let until: Option<String> = row.try_get("until")?;
            SilenceEvent::Extended {
                at,
                until: instant(r, &until.unwrap_or_default())?,
            }
        }
        "withdrawn" => SilenceEvent::Withdrawn { at },
        other => return Err(corrupt(r, format!("kind `{other}`"))),
    })
}

fn silence_from(row: &SqliteRow, events: Vec<SilenceEvent>) -> Result<SilenceRecord> {
    let r = "silence procedure";
    let id: String = row.try_get("id")?;
    let act: String = row.try_get("act")?;
    let chair: String = row.try_get("chair")?;
    Ok(SilenceRecord {
        id: slug(r, &id)?,
        organ: slug(r, &row.try_get::<String, _>("organ")?)?,
        act: keyword(r, &act, DecisionAct::parse)?,
        subject: row.try_get("subject")?,
        document: doc_ref(row, r)?,
        chair: StateCode::parse(&chair).map_err(|e| corrupt(r, e.to_string()))?,
        chair_time_zone: row.try_get("chair_time_zone")?,
        procedure: Procedure {
            opened_at: instant(r, &row.try_get::<String, _>("opened_at")?)?,
            expires_at: instant(r, &row.try_get::<String, _>("expires_at")?)?,
            events,
        },
        decision: opt_slug(r, row.try_get("decision")?)?,
        basis: opt_slug(r, row.try_get("basis")?)?,
        times_known: row.try_get("times_known")?,
        provenance: provenance(row)?,
    })
}

async fn events_of<'e, E>(executor: E, id: &str) -> Result<Vec<SilenceEvent>>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let rows = sqlx::query("SELECT * FROM silence_events WHERE procedure = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(executor)
        .await?;
    rows.iter().map(event_from).collect()
}

pub(super) async fn silences(pool: &SqlitePool) -> Result<Vec<SilenceRecord>> {
    let rows = sqlx::query("SELECT * FROM silence_procedures ORDER BY opened_at DESC, id")
        .fetch_all(pool)
        .await?;
    let erows = sqlx::query("SELECT * FROM silence_events ORDER BY procedure, seq")
        .fetch_all(pool)
        .await?;
    let mut events: std::collections::HashMap<String, Vec<SilenceEvent>> =
        std::collections::HashMap::new();
    for e in &erows {
        let p: String = e.try_get("procedure")?;
        events.entry(p).or_default().push(event_from(e)?);
    }
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            silence_from(row, events.remove(&id).unwrap_or_default())
        })
        .collect()
}

pub(super) async fn silence(pool: &SqlitePool, id: &Slug) -> Result<Option<SilenceRecord>> {
    let Some(row) = sqlx::query("SELECT * FROM silence_procedures WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let events = events_of(pool, id.as_str()).await?;
    silence_from(&row, events).map(Some)
}

// ---------------------------------------------------------------------------------------------
// Decisions: the writes.

/// The next number in an organ's register for a year, read inside the transaction.
async fn next_decision_number(
    tx: &mut Transaction<'_, Sqlite>,
    organ: &Slug,
    year: i32,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM decisions WHERE organ = $1 AND year = $2",
    )
    .bind(organ.as_str())
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?)
}

/// The statements of a decision by the consensus rule: an objection or an amendment by a
/// Member State means there is no decision to record; only Member States' reservations and
/// interpretative statements go on record.
async fn statements_on_record(
    tx: &mut Transaction<'_, Sqlite>,
    statements: &[Position],
    date: NaiveDate,
) -> Result<Vec<Position>> {
    let mut members = BTreeSet::new();
    for st in statements {
        if is_member_on(tx, &st.state, date).await? {
            members.insert(st.state.clone());
        }
        if st.text.trim().is_empty() {
            return Err(StoreError::Rejected(format!(
                "the {} of {} must come with its text",
                st.stance, st.state
            )));
        }
    }
    match consensus(statements, |s| members.contains(s)) {
        Consensus::Blocked { by } => Err(StoreError::Rejected(format!(
            "{} objected or proposed an amendment: there was no consensus, so there is no decision to record",
            by.iter()
                .map(StateCode::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        Consensus::Adopted { statements: kept } => {
            if let Some(other) = statements.iter().find(|s| !members.contains(&s.state)) {
                return Err(StoreError::Rejected(format!(
                    "{} is not a Member State on {}; only Member States' reservations and interpretative statements are recorded with a decision",
                    other.state,
                    iso(date)
                )));
            }
            if let Some(b) = statements.iter().find(|s| s.stance.blocks()) {
                // A non-member's objection is already refused above; a member's blocks.
                return Err(StoreError::Rejected(format!(
                    "a {} is not recorded with an adopted decision",
                    b.stance
                )));
            }
            Ok(kept
                .into_iter()
                .map(|p| Position {
                    text: p.text.trim().to_owned(),
                    ..p
                })
                .collect())
        }
    }
}

async fn insert_statements(
    tx: &mut Transaction<'_, Sqlite>,
    decision: &str,
    from: i64,
    statements: &[Position],
) -> Result<()> {
    for (i, st) in statements.iter().enumerate() {
        sqlx::query("INSERT INTO decision_statements (decision, seq, state, stance, text) VALUES ($1, $2, $3, $4, $5)")
            .bind(decision)
            .bind(from + i as i64)
            .bind(st.state.as_str())
            .bind(st.stance.as_str())
            .bind(&st.text)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn record_decision(
    pool: &SqlitePool,
    new: NewDecision,
    today: NaiveDate,
    by: &Attribution,
) -> Result<Decision> {
    if new.date > today {
        return Err(StoreError::Rejected(
            "a decision cannot be recorded before the day it is taken".into(),
        ));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let organ: Option<i64> = sqlx::query_scalar("SELECT 1 FROM bodies WHERE slug = $1")
        .bind(new.organ.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if organ.is_none() {
        return Err(StoreError::NotFound(format!(
            "no body has the slug `{}`",
            new.organ
        )));
    }
    let meeting = sqlx::query("SELECT body, start_date, end_date FROM meetings WHERE id = $1")
        .bind(new.meeting.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no meeting has the id `{}`", new.meeting)))?;
    let (body, start, end): (String, String, String) = (
        meeting.try_get("body")?,
        meeting.try_get("start_date")?,
        meeting.try_get("end_date")?,
    );
    let date = iso(new.date);
    let days = DateSpan::new(parse_stored_day(&start)?, parse_stored_day(&end)?)
        .map_err(|e| corrupt("meeting", e.to_string()))?;
    let body = Slug::parse(&body).map_err(|e| corrupt("meeting", e.to_string()))?;
    rules::check_meeting_day(&new.meeting, &body, days, &new.organ, new.date)
        .map_err(|e| StoreError::Rejected(e.to_string()))?;
    if let Some((d, v)) = &new.document {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM document_versions WHERE document = $1 AND number = $2",
        )
        .bind(d.as_str())
        .bind(i64::from(*v))
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::Rejected(format!(
                "document: document `{d}` has no version {v}"
            )));
        }
    }
    let statements = statements_on_record(&mut tx, &new.statements, new.date).await?;
    let number = next_decision_number(&mut tx, &new.organ, new.date.year()).await?;
    let id = match &new.id {
        Some(id) => id.to_string(),
        None => {
            // The register's own id, or, when a client named another decision so, the first
            // free one after it (`-2`, `-3` …).
            let base = format!("{}-{}-{number}", new.organ, new.date.year());
            let mut id = base.clone();
            for n in 2..=20 {
                let used: Option<i64> = sqlx::query_scalar("SELECT 1 FROM decisions WHERE id = $1")
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if used.is_none() {
                    break;
                }
                id = format!("{base}-{n}");
            }
            id
        }
    };
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM decisions WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "a decision with the id `{id}` is already recorded"
        )));
    }
    let version = audit::next_version(&mut tx).await?;
    sqlx::query(
        "INSERT INTO decisions (id, organ, year, number, date, act, subject, document, version, meeting, unconfirmed, note, sources, record_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&id)
    .bind(new.organ.as_str())
    .bind(i64::from(new.date.year()))
    .bind(number)
    .bind(&date)
    .bind(new.act.as_str())
    .bind(new.subject.trim())
    .bind(new.document.as_ref().map(|(d, _)| d.as_str()))
    .bind(new.document.as_ref().map(|(_, v)| i64::from(*v)))
    .bind(new.meeting.as_str())
    .bind(new.provenance.unconfirmed)
    .bind(new.provenance.note.as_deref())
    .bind(to_json(&new.provenance.sources))
    .bind(version.0)
    .execute(&mut *tx)
    .await?;
    insert_statements(&mut tx, &id, 0, &statements).await?;
    audit::record(
        &mut tx,
        by,
        Change::new("decision.record", format!("decision/{id}")).after(json!({
            "organ": new.organ.as_str(),
            "number": number,
            "meeting": new.meeting.as_str(),
            "date": date,
            "act": new.act.as_str(),
            "subject": new.subject.trim(),
            "document": new.document.as_ref().map(|(d, v)| format!("{d}/{v}")),
            "statements": statements.iter().map(|p| json!({
                "state": p.state.as_str(),
                "stance": p.stance.to_string(),
                "text": p.text,
            })).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    decision(pool, &slug("decision", &id)?)
        .await?
        .ok_or_else(|| corrupt("decision", "vanished after insert"))
}

/// A decision with its version of record.
pub(super) async fn decision_versioned(
    pool: &SqlitePool,
    id: &Slug,
) -> Result<Option<(Decision, crate::Version)>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.id = $1"
    )))
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let version: i64 = row.try_get("record_version")?;
    Ok(Some((decision_from(&row)?, crate::Version(version))))
}

/// A decision as the audit trail keeps it.
fn decision_json(d: &Decision) -> serde_json::Value {
    let (meeting, silence) = match &d.taken {
        Taken::AtMeeting(m) => (Some(m.as_str()), None),
        Taken::BySilence(s) => (None, Some(s.as_str())),
        Taken::NotRecorded => (None, None),
    };
    json!({
        "organ": d.organ.as_str(),
        "number": d.number,
        "date": iso(d.date),
        "act": d.act.as_str(),
        "subject": d.subject,
        "document": d.document.as_ref().map(|(s, v)| format!("{s}/{v}")),
        "meeting": meeting,
        "silence": silence,
        "statements": d.statements.iter().map(|p| json!({
            "state": p.state.as_str(),
            "stance": p.stance.as_str(),
            "text": p.text,
        })).collect::<Vec<_>>(),
        "unconfirmed": d.provenance.unconfirmed,
        "note": d.provenance.note,
        "sources": d.provenance.sources,
    })
}

/// Saves a correction of a decision when what is stored is what `expect` says: what it acts
/// on, its wording, the meeting and day it was taken (a day of a meeting of its organ, in the
/// same year, not after `today`), its statements by the consensus rule, its provenance. Its
/// place in the register and how it was taken stay ([`Decision::fixed_changes`]). Audited with
/// the decision before and after.
pub(super) async fn save_decision(
    pool: &SqlitePool,
    d: &Decision,
    expect: crate::Expect,
    today: NaiveDate,
    by: &Attribution,
) -> Result<crate::Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.id = $1"
    )))
    .bind(d.id.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(StoreError::NotFound(format!(
            "no decision has the id `{}`; a decision is recorded with POST /api/v1/decisions, which gives it the next number in its organ's register",
            d.id
        )));
    };
    let stored = crate::Version(row.try_get("record_version")?);
    super::expected(expect, Some(stored), &format!("decision `{}`", d.id))?;
    let before = decision_from(&row)?;
    if let Some((field, problem)) = d.fixed_changes(&before).into_iter().next() {
        return Err(StoreError::Rejected(format!("{field}: {problem}")));
    }
    if d.date > today {
        return Err(StoreError::Rejected(
            "date: a decision cannot be recorded before the day it is taken".into(),
        ));
    }
    // A procedure acts on decisions already taken: none may move past the day one opened on
    // (the Chair's day, by which it was accepted); a withdrawn one no longer acts on it.
    if d.date != before.date {
        let opened: Vec<(String, String)> = sqlx::query_as(
            "SELECT opened_at, chair_time_zone FROM silence_procedures \
             WHERE basis = $1 AND outcome <> 'withdrawn'",
        )
        .bind(d.id.as_str())
        .fetch_all(&mut *tx)
        .await?;
        for (at, zone) in opened {
            let day = date_in_zone(instant("silence procedure", &at)?, &zone);
            if d.date > day {
                return Err(StoreError::Rejected(format!(
                    "date: a silence procedure opened on {} acts on this decision; it was taken by then",
                    iso(day)
                )));
            }
        }
    }
    if let Taken::AtMeeting(m) = &d.taken {
        let meeting = sqlx::query("SELECT body, start_date, end_date FROM meetings WHERE id = $1")
            .bind(m.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Rejected(format!("meeting: no meeting has the id `{m}`")))?;
        let (body, start, end): (String, String, String) = (
            meeting.try_get("body")?,
            meeting.try_get("start_date")?,
            meeting.try_get("end_date")?,
        );
        let days = DateSpan::new(parse_stored_day(&start)?, parse_stored_day(&end)?)
            .map_err(|e| corrupt("meeting", e.to_string()))?;
        let body = Slug::parse(&body).map_err(|e| corrupt("meeting", e.to_string()))?;
        rules::check_meeting_day(m, &body, days, &d.organ, d.date).map_err(|e| {
            let field = match e {
                rules::ActError::OtherOrgan { .. } => "meeting",
                _ => "date",
            };
            StoreError::Rejected(format!("{field}: {e}"))
        })?;
    }
    if let Some((doc, v)) = &d.document {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM document_versions WHERE document = $1 AND number = $2",
        )
        .bind(doc.as_str())
        .bind(i64::from(*v))
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::Rejected(format!(
                "document: document `{doc}` has no version {v}"
            )));
        }
    }
    let statements = statements_on_record(&mut tx, &d.statements, d.date)
        .await
        .map_err(|e| match e {
            StoreError::Rejected(m) => StoreError::Rejected(format!("statements: {m}")),
            other => other,
        })?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query(
        "UPDATE decisions SET date = $1, act = $2, subject = $3, document = $4, version = $5, \
         meeting = $6, unconfirmed = $7, note = $8, sources = $9, record_version = $10 WHERE id = $11",
    )
    .bind(iso(d.date))
    .bind(d.act.as_str())
    .bind(d.subject.trim())
    .bind(d.document.as_ref().map(|(x, _)| x.as_str()))
    .bind(d.document.as_ref().map(|(_, v)| i64::from(*v)))
    .bind(match &d.taken {
        Taken::AtMeeting(m) => Some(m.as_str()),
        _ => None,
    })
    .bind(d.provenance.unconfirmed)
    .bind(d.provenance.note.as_deref())
    .bind(to_json(&d.provenance.sources))
    .bind(version.0)
    .bind(d.id.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM decision_statements WHERE decision = $1")
        .bind(d.id.as_str())
        .execute(&mut *tx)
        .await?;
    insert_statements(&mut tx, d.id.as_str(), 0, &statements).await?;
    let after = Decision {
        statements,
        ..d.clone()
    };
    let mut change = Change::new("decision.save", format!("decision/{}", d.id));
    change.before = Some(decision_json(&before));
    change.after = Some(decision_json(&after));
    audit::record(&mut tx, by, change).await?;
    tx.commit().await?;
    Ok(version)
}

pub(super) async fn add_statement(
    pool: &SqlitePool,
    id: &Slug,
    statement: Position,
    by: &Attribution,
) -> Result<Decision> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let date: Option<String> = sqlx::query_scalar("SELECT date FROM decisions WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let date = day(
        "decision",
        &date.ok_or_else(|| StoreError::NotFound(format!("no decision has the id `{id}`")))?,
    )?;
    if statement.stance.blocks() {
        return Err(StoreError::Rejected(format!(
            "a decision already adopted cannot carry an {}; record a reservation or an interpretative statement",
            statement.stance
        )));
    }
    let statements = statements_on_record(&mut tx, std::slice::from_ref(&statement), date).await?;
    let next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM decision_statements WHERE decision = $1",
    )
    .bind(id.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if usize::try_from(next).unwrap_or(usize::MAX) >= cica_domain::NewsItem::MAX_TAGS {
        return Err(StoreError::Rejected(format!(
            "statements: a decision records at most {} statements",
            cica_domain::NewsItem::MAX_TAGS
        )));
    }
    insert_statements(&mut tx, id.as_str(), next, &statements).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query("UPDATE decisions SET record_version = $1 WHERE id = $2")
        .bind(version.0)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        by,
        Change::new("decision.statement", format!("decision/{id}"))
            .before(json!({ "statements": next }))
            .after(json!({
                "state": statement.state.as_str(),
                "stance": statement.stance.to_string(),
                "text": statement.text,
            })),
    )
    .await?;
    tx.commit().await?;
    decision(pool, id)
        .await?
        .ok_or_else(|| corrupt("decision", "vanished"))
}

// ---------------------------------------------------------------------------------------------
// Silence procedures: the writes.

/// Whether `state` was a Member State on `day`, by the domain's rule on the periods read
/// inside the transaction.
async fn is_member_on(
    tx: &mut Transaction<'_, Sqlite>,
    state: &StateCode,
    day: NaiveDate,
) -> Result<bool> {
    let rows = sqlx::query(
        "SELECT * FROM statuses WHERE owner_kind = 'state' AND owner = $1 ORDER BY seq",
    )
    .bind(state.as_str())
    .fetch_all(&mut **tx)
    .await?;
    let periods = rows
        .iter()
        .map(super::status_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(cica_domain::is_member_on(&periods, day))
}

pub(super) async fn open_silence(
    pool: &SqlitePool,
    new: NewSilence,
    by: &Attribution,
) -> Result<SilenceRecord> {
    // Stored to the second: compare what will be stored, so the table's own check
    // (expires_at > opened_at) can never be what refuses it.
    let new = NewSilence {
        opened_at: whole_seconds(new.opened_at),
        expires_at: whole_seconds(new.expires_at),
        ..new
    };
    if new.expires_at <= new.opened_at {
        return Err(StoreError::Rejected(
            "the deadline must come after the opening".into(),
        ));
    }
    if !cica_domain::decision::is_time_zone(&new.chair_time_zone) {
        return Err(StoreError::Rejected(format!(
            "`{}` is not an IANA time zone such as Asia/Baku",
            new.chair_time_zone
        )));
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let organ: Option<i64> = sqlx::query_scalar("SELECT 1 FROM bodies WHERE slug = $1")
        .bind(new.organ.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if organ.is_none() {
        return Err(StoreError::NotFound(format!(
            "no body has the slug `{}`",
            new.organ
        )));
    }
    if let Some((d, v)) = &new.document {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM document_versions WHERE document = $1 AND number = $2",
        )
        .bind(d.as_str())
        .bind(i64::from(*v))
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!(
                "document `{d}` has no version {v}"
            )));
        }
    }
    let opened_day = date_in_zone(new.opened_at, &new.chair_time_zone);
    if let Some(b) = &new.basis {
        let date: Option<String> = sqlx::query_scalar("SELECT date FROM decisions WHERE id = $1")
            .bind(b.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        match date {
            None => {
                return Err(StoreError::NotFound(format!(
                    "no decision has the id `{b}`"
                )));
            }
            Some(d) if d > iso(opened_day) => {
                return Err(StoreError::Rejected(format!(
                    "decision `{b}` of {d} is later than the opening; a procedure acts on decisions already taken"
                )));
            }
            Some(_) => {}
        }
    }
    let terms = sqlx::query("SELECT * FROM chairmanships ORDER BY from_first, seq")
        .fetch_all(&mut *tx)
        .await?;
    let terms = terms
        .iter()
        .map(super::chairmanship_from)
        .collect::<Result<Vec<_>>>()?;
    rules::check_chair(&terms, opened_day, &new.chair)
        .map_err(|e| StoreError::Rejected(e.to_string()))?;
    let same_day: i64 =
        sqlx::query_scalar("SELECT count(*) FROM silence_procedures WHERE id LIKE $1")
            .bind(format!("silence-{}-%", iso(opened_day)))
            .fetch_one(&mut *tx)
            .await?;
    let id = format!("silence-{}-{}", iso(opened_day), same_day + 1);
    sqlx::query(
        "INSERT INTO silence_procedures (id, organ, act, subject, document, version, chair, chair_time_zone, opened_at, expires_at, basis) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(new.organ.as_str())
    .bind(new.act.as_str())
    .bind(&new.subject)
    .bind(new.document.as_ref().map(|(d, _)| d.as_str()))
    .bind(new.document.as_ref().map(|(_, v)| i64::from(*v)))
    .bind(new.chair.as_str())
    .bind(&new.chair_time_zone)
    .bind(instant_text(new.opened_at))
    .bind(instant_text(new.expires_at))
    .bind(new.basis.as_ref().map(Slug::as_str))
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        by,
        Change::new("silence.open", format!("silence/{id}")).after(json!({
            "organ": new.organ.as_str(),
            "act": new.act.as_str(),
            "subject": new.subject,
            "document": new.document.as_ref().map(|(d, v)| format!("{d}/{v}")),
            "chair": new.chair.as_str(),
            "chair_time_zone": new.chair_time_zone,
            "opened_at": instant_text(new.opened_at),
            "expires_at": instant_text(new.expires_at),
            "basis": new.basis.as_ref().map(Slug::as_str),
        })),
    )
    .await?;
    tx.commit().await?;
    silence(pool, &slug("silence procedure", &id)?)
        .await?
        .ok_or_else(|| corrupt("silence procedure", "vanished after insert"))
}

async fn load_procedure(
    tx: &mut Transaction<'_, Sqlite>,
    id: &Slug,
) -> Result<(SilenceRecord, String)> {
    let row = sqlx::query("SELECT * FROM silence_procedures WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no silence procedure has the id `{id}`")))?;
    let stored: String = row.try_get("outcome")?;
    let events = events_of(&mut **tx, id.as_str()).await?;
    Ok((silence_from(&row, events)?, stored))
}

async fn insert_event(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    seq: usize,
    e: &SilenceEvent,
) -> Result<()> {
    let (kind, state, stance, text, until) = match e {
        SilenceEvent::Broken {
            state,
            stance,
            text,
            ..
        } => (
            "broken",
            Some(state.as_str()),
            Some(stance.as_str()),
            Some(text.as_str()),
            None,
        ),
        SilenceEvent::Extended { until, .. } => {
            ("extended", None, None, None, Some(instant_text(*until)))
        }
        SilenceEvent::Withdrawn { .. } => ("withdrawn", None, None, None, None),
    };
    sqlx::query("INSERT INTO silence_events (procedure, seq, kind, at, state, stance, text, until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(id)
        .bind(seq as i64)
        .bind(kind)
        .bind(instant_text(e.at()))
        .bind(state)
        .bind(stance)
        .bind(text)
        .bind(until)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) async fn silence_request(
    pool: &SqlitePool,
    id: &Slug,
    request: Request,
    now: Now<'_>,
    by: &Attribution,
) -> Result<SilenceRecord> {
    let request = match request {
        Request::Extend { until } => Request::Extend {
            until: whole_seconds(until),
        },
        other => other,
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // The time is read once this write holds the lock: a request that waited while another
    // server settled the procedure is judged at the moment it would be recorded.
    let now = whole_seconds(now());
    let (record, stored) = load_procedure(&mut tx, id).await?;
    if stored != "open" {
        let when: Option<String> =
            sqlx::query_scalar("SELECT settled_at FROM silence_procedures WHERE id = $1")
                .bind(id.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
        return Err(StoreError::Conflict(format!(
            "the procedure was already settled ({stored}{}); nothing can change it now",
            when.map(|w| format!(" at {w}")).unwrap_or_default()
        )));
    }
    let member = match &request {
        Request::Break { state, .. } => {
            let day = date_in_zone(now, &record.chair_time_zone);
            is_member_on(&mut tx, state, day).await?
        }
        _ => true,
    };
    let event = silence::check(&record.procedure, request, now, |_| member)
        .map_err(|e| StoreError::Rejected(e.to_string()))?;
    insert_event(&mut tx, id.as_str(), record.procedure.events.len(), &event).await?;
    let (action, event_json) = match &event {
        SilenceEvent::Broken {
            at,
            state,
            stance,
            text,
        } => (
            "silence.break",
            json!({ "at": instant_text(*at), "state": state.as_str(), "stance": stance.to_string(), "text": text }),
        ),
        SilenceEvent::Extended { at, until } => (
            "silence.extend",
            json!({ "at": instant_text(*at), "until": instant_text(*until) }),
        ),
        SilenceEvent::Withdrawn { at } => ("silence.withdraw", json!({ "at": instant_text(*at) })),
    };
    let mut procedure = record.procedure.clone();
    procedure.events.push(event);
    let outcome = silence::outcome(&procedure, now);
    if matches!(
        outcome,
        Outcome::NotAdopted { .. } | Outcome::Withdrawn { .. }
    ) {
        sqlx::query("UPDATE silence_procedures SET outcome = $1, settled_at = $2 WHERE id = $3 AND outcome = 'open'")
            .bind(outcome.label())
            .bind(instant_text(now))
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        by,
        Change::new(action, format!("silence/{id}"))
            .before(json!({ "status": stored, "events": record.procedure.events.len() }))
            .after(json!({ "status": outcome.label(), "event": event_json })),
    )
    .await?;
    tx.commit().await?;
    silence(pool, id)
        .await?
        .ok_or_else(|| corrupt("silence procedure", "vanished"))
}

/// The procedure's outcome at `now` by the consensus rule, with every break weighed by
/// whether its state was a Member State on that day in the Chair's time zone, read inside the
/// transaction.
async fn decide_in(
    tx: &mut Transaction<'_, Sqlite>,
    record: &SilenceRecord,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let mut members: BTreeSet<(StateCode, NaiveDate)> = BTreeSet::new();
    for e in &record.procedure.events {
        if let SilenceEvent::Broken { at, state, .. } = e {
            let day = date_in_zone(*at, &record.chair_time_zone);
            if is_member_on(tx, state, day).await? {
                members.insert((state.clone(), day));
            }
        }
    }
    Ok(silence::decide(&record.procedure, now, |state, at| {
        members.contains(&(state.clone(), date_in_zone(at, &record.chair_time_zone)))
    }))
}

/// Settles one procedure if it is due, inside its own immediate transaction. Returns whether
/// this call settled it.
async fn settle_one(
    pool: &SqlitePool,
    id: &Slug,
    now: DateTime<Utc>,
    by: &Attribution,
) -> Result<bool> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (record, stored) = load_procedure(&mut tx, id).await?;
    if stored != "open" {
        // Another process settled it first.
        return Ok(false);
    }
    let outcome = decide_in(&mut tx, &record, now).await?;
    let decision_id = match &outcome {
        Outcome::Open { .. } => return Ok(false),
        Outcome::Adopted { at } => {
            let date = date_in_zone(*at, &record.chair_time_zone);
            let number = next_decision_number(&mut tx, &record.organ, date.year()).await?;
            let version = audit::next_version(&mut tx).await?;
            sqlx::query(
                "INSERT INTO decisions (id, organ, year, number, date, act, subject, document, version, silence, record_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(record.id.as_str())
            .bind(record.organ.as_str())
            .bind(i64::from(date.year()))
            .bind(number)
            .bind(iso(date))
            .bind(record.act.as_str())
            .bind(&record.subject)
            .bind(record.document.as_ref().map(|(d, _)| d.as_str()))
            .bind(record.document.as_ref().map(|(_, v)| i64::from(*v)))
            .bind(record.id.as_str())
            .bind(version.0)
            .execute(&mut *tx)
            .await?;
            Some(record.id.to_string())
        }
        Outcome::NotAdopted { .. } | Outcome::Withdrawn { .. } => None,
    };
    let done = sqlx::query("UPDATE silence_procedures SET outcome = $1, settled_at = $2, decision = $3 WHERE id = $4 AND outcome = 'open'")
        .bind(outcome.label())
        .bind(instant_text(now))
        .bind(decision_id.as_deref())
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(d) = &decision_id {
        audit::append(
            &mut tx,
            by,
            Change::new("decision.record", format!("decision/{d}")).after(json!({
                "organ": record.organ.as_str(),
                "act": record.act.as_str(),
                "subject": record.subject,
                "silence": id.as_str(),
            })),
        )
        .await?;
    }
    audit::record(
        &mut tx,
        by,
        Change::new("silence.settle", format!("silence/{id}"))
            .before(json!({ "status": stored }))
            .after(json!({ "status": outcome.label(), "decision": decision_id })),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn settle_silences(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    by: &Attribution,
) -> Result<Vec<Slug>> {
    let now = whole_seconds(now);
    // Read first, without a write lock; only procedures that are due take one.
    let mut settled = Vec::new();
    for (record, deadline) in open_procedures(pool).await? {
        if deadline <= now && settle_one(pool, &record.id, now, by).await? {
            settled.push(record.id);
        }
    }
    Ok(settled)
}

/// Procedures whose stored outcome is still open, with their current deadline.
async fn open_procedures(pool: &SqlitePool) -> Result<Vec<(SilenceRecord, DateTime<Utc>)>> {
    let rows = sqlx::query(
        "SELECT * FROM silence_procedures WHERE outcome = 'open' ORDER BY expires_at, id",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    for row in &rows {
        let id: String = row.try_get("id")?;
        let record = silence_from(row, events_of(pool, &id).await?)?;
        let deadline = record.procedure.deadline();
        out.push((record, deadline));
    }
    Ok(out)
}

pub(super) async fn next_deadline(pool: &SqlitePool) -> Result<Option<DateTime<Utc>>> {
    Ok(open_procedures(pool)
        .await?
        .into_iter()
        .map(|(_, d)| d)
        .min())
}

// ---------------------------------------------------------------------------------------------
// Treaties.

fn delay_from(row: &SqliteRow, prefix: &str) -> Result<Delay> {
    let months: i64 = row.try_get(format!("{prefix}_months").as_str())?;
    let days: i64 = row.try_get(format!("{prefix}_days").as_str())?;
    let first: bool = row.try_get(format!("{prefix}_first_of_month").as_str())?;
    let d = Delay {
        months: u32::try_from(months).unwrap_or(0),
        days: u32::try_from(days).unwrap_or(0),
        first_of_next_month: false,
    };
    Ok(if first {
        d.then_first_of_next_month()
    } else {
        d
    })
}

fn action_from(row: &SqliteRow) -> Result<ActionRecord> {
    let r = "treaty action";
    let kind: String = row.try_get("kind")?;
    let act: Option<String> = row.try_get("act")?;
    let deposit: Option<String> = row.try_get("deposit")?;
    Ok(ActionRecord {
        action: TreatyAction {
            party: row.try_get("party")?,
            kind: keyword(r, &kind, ActionKind::parse)?,
            act: act.map(|a| day(r, &a)).transpose()?,
            deposit: deposit.map(|a| day(r, &a)).transpose()?,
            unconfirmed: row.try_get("unconfirmed")?,
        },
        deposit_text: row.try_get("deposit_text")?,
        note: row.try_get("note")?,
        sources: list(row, "sources")?,
    })
}

/// `{"label": …, "required": n, "weights": {"CHN": n, …}}`, the column's JSON.
fn second_condition_json(w: &WeightCondition) -> String {
    serde_json::json!({
        "label": w.label,
        "required": w.required,
        "weights": w.weights,
    })
    .to_string()
}

fn second_condition_from(text: Option<String>) -> Result<Option<WeightCondition>> {
    let r = "treaty second condition";
    let Some(text) = text else { return Ok(None) };
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| corrupt(r, e.to_string()))?;
    let label = v["label"]
        .as_str()
        .ok_or_else(|| corrupt(r, "no label"))?
        .to_owned();
    let required = v["required"]
        .as_u64()
        .ok_or_else(|| corrupt(r, "no required total"))?;
    let weights = v["weights"]
        .as_object()
        .ok_or_else(|| corrupt(r, "no weights"))?
        .iter()
        .map(|(k, w)| {
            w.as_u64()
                .map(|w| (k.clone(), w))
                .ok_or_else(|| corrupt(r, format!("weight of {k}")))
        })
        .collect::<Result<BTreeMap<String, u64>>>()?;
    Ok(Some(WeightCondition {
        label,
        weights,
        required,
    }))
}

fn treaty_from(row: &SqliteRow, actions: Vec<ActionRecord>) -> Result<Treaty> {
    let r = "treaty";
    let s: String = row.try_get("slug")?;
    let threshold: i64 = row.try_get("threshold")?;
    let counted = list(row, "counted")?
        .iter()
        .map(|k| keyword(r, k, ActionKind::parse))
        .collect::<Result<_>>()?;
    let concluded: Option<String> = row.try_get("concluded")?;
    let entry_kind: String = row.try_get("entry")?;
    let entry = match keyword(r, &entry_kind, EntryKind::parse)? {
        EntryKind::Threshold => Entry::Threshold,
        EntryKind::OnSignature => Entry::OnSignature,
        EntryKind::OnDate => {
            let on: Option<String> = row.try_get("entry_date")?;
            Entry::OnDate(day(r, &on.ok_or_else(|| corrupt(r, "no entry_date"))?)?)
        }
        EntryKind::OnNotification => {
            Entry::OnNotification(list(row, "notifying")?.into_iter().collect())
        }
    };
    let provisional_from: Option<String> = row.try_get("provisional_from")?;
    let parent: Option<String> = row.try_get("parent")?;
    Ok(Treaty {
        slug: slug(r, &s)?,
        title: row.try_get("title")?,
        short_title: row.try_get("short_title")?,
        concluded: concluded.map(|c| day(r, &c)).transpose()?,
        place: row.try_get("place")?,
        depositary: row.try_get("depositary")?,
        clause: EifClause {
            threshold: u32::try_from(threshold).map_err(|e| corrupt(r, e.to_string()))?,
            counted,
            not_counted: list(row, "not_counted")?.into_iter().collect(),
            delay: delay_from(row, "delay")?,
            later_delay: delay_from(row, "later")?,
            second_condition: second_condition_from(row.try_get("second_condition")?)?,
            exit_delay: delay_from(row, "exit")?,
        },
        regime: Regime {
            entry,
            provisional_from: provisional_from.map(|d| day(r, &d)).transpose()?,
            count_known: row.try_get("count_known")?,
        },
        parent: parent.map(|p| slug(r, &p)).transpose()?,
        clause_text: row.try_get("clause_text")?,
        complete: row.try_get("complete")?,
        actions,
        provenance: provenance(row)?,
    })
}

pub(super) async fn treaties(pool: &SqlitePool) -> Result<Vec<Treaty>> {
    let rows = sqlx::query("SELECT * FROM treaties ORDER BY concluded DESC, slug")
        .fetch_all(pool)
        .await?;
    let arows =
        sqlx::query("SELECT * FROM treaty_actions WHERE withdrawn IS NULL ORDER BY treaty, seq")
            .fetch_all(pool)
            .await?;
    let mut actions: std::collections::HashMap<String, Vec<ActionRecord>> =
        std::collections::HashMap::new();
    for a in &arows {
        let t: String = a.try_get("treaty")?;
        actions.entry(t).or_default().push(action_from(a)?);
    }
    rows.iter()
        .map(|row| {
            let s: String = row.try_get("slug")?;
            treaty_from(row, actions.remove(&s).unwrap_or_default())
        })
        .collect()
}

async fn treaty_in<'e, E>(executor: E, s: &Slug) -> Result<Option<(SqliteRow, Vec<SqliteRow>)>>
where
    E: sqlx::Executor<'e, Database = Sqlite> + Copy,
{
    let Some(row) = sqlx::query("SELECT * FROM treaties WHERE slug = $1")
        .bind(s.as_str())
        .fetch_optional(executor)
        .await?
    else {
        return Ok(None);
    };
    let arows = sqlx::query(
        "SELECT * FROM treaty_actions WHERE treaty = $1 AND withdrawn IS NULL ORDER BY seq",
    )
    .bind(s.as_str())
    .fetch_all(executor)
    .await?;
    Ok(Some((row, arows)))
}

pub(super) async fn treaty(pool: &SqlitePool, s: &Slug) -> Result<Option<Treaty>> {
    match treaty_in(pool, s).await? {
        None => Ok(None),
        Some((row, arows)) => {
            let actions = arows.iter().map(action_from).collect::<Result<_>>()?;
            treaty_from(&row, actions).map(Some)
        }
    }
}

async fn insert_action(
    tx: &mut Transaction<'_, Sqlite>,
    treaty: &str,
    seq: usize,
    a: &ActionRecord,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO treaty_actions (treaty, seq, party, kind, act, deposit, deposit_text, unconfirmed, note, sources) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(treaty)
    .bind(seq as i64)
    .bind(&a.action.party)
    .bind(a.action.kind.as_str())
    .bind(a.action.act.map(iso))
    .bind(a.action.deposit.map(iso))
    .bind(a.deposit_text.as_deref())
    .bind(a.action.unconfirmed)
    .bind(a.note.as_deref())
    .bind(to_json(&a.sources))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The sentence after a deposit: what it means for entry into force, or when an exit takes
/// effect.
/// What a deposit means, as a notice issued on `issued` says it: an exit's effect from its
/// deposit; for a consent, the treaty's standing on the day of the notice (deposits made since
/// this one included).
fn consequence(t: &Treaty, action: &TreatyAction, deposit: NaiveDate, issued: NaiveDate) -> String {
    if action.kind.is_exit() {
        let effect = t.clause.exit_delay.after(deposit);
        return if effect <= deposit {
            format!(
                "It is no longer a party to the {} from that day.",
                t.short_title
            )
        } else {
            format!(
                "It remains a party to the {} until {}, the day the {} takes effect.",
                t.short_title,
                cica_domain::DateSpan::day(effect).human(),
                action.kind
            )
        };
    }
    let party = action.party.as_str();
    let actions = t.plain_actions();
    let s = treaty::status(&t.clause, &actions, issued.max(deposit));
    match (
        s.in_force,
        s.parties
            .iter()
            .find(|p| p.party == party)
            .and_then(|p| p.effective),
    ) {
        (Some(eif), Some(own)) if own == eif => {
            format!(
                "The {} {} on {}.",
                t.short_title,
                if eif <= issued.max(deposit) {
                    "is in force, for this party from"
                } else {
                    "enters into force"
                },
                cica_domain::DateSpan::day(eif).human()
            )
        }
        (Some(_), Some(own)) => format!(
            "The {} enters into force for it on {}.",
            t.short_title,
            cica_domain::DateSpan::day(own).human()
        ),
        _ => format!(
            "{} of the {} instruments needed {} now been deposited; {} more needed.",
            s.counted,
            t.clause.threshold,
            if s.counted == 1 { "has" } else { "have" },
            s.needed
        ),
    }
}

/// The treaty's state as its actions give it on `day`, in a sentence for a notification.
fn standing(t: &Treaty, day: NaiveDate) -> String {
    let s = treaty::status(&t.clause, &t.plain_actions(), day);
    match s.in_force {
        Some(eif) if eif <= day => format!(
            "The {} is in force, from {}.",
            t.short_title,
            cica_domain::DateSpan::day(eif).human()
        ),
        Some(eif) => format!(
            "The {} enters into force on {}.",
            t.short_title,
            cica_domain::DateSpan::day(eif).human()
        ),
        None if t.regime.entry == treaty::Entry::Threshold => format!(
            "{} of the {} instruments needed {} now been deposited; {} more needed.",
            s.counted,
            t.clause.threshold,
            if s.counted == 1 { "has" } else { "have" },
            s.needed
        ),
        None => format!("The {} is not in force.", t.short_title),
    }
}

async fn next_notification_number(tx: &mut Transaction<'_, Sqlite>, year: i32) -> Result<i64> {
    Ok(
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM notifications WHERE year = $1",
        )
        .bind(i64::from(year))
        .fetch_one(&mut **tx)
        .await?,
    )
}

/// Stores a notification, with the place of the action it announces among the treaty's.
async fn insert_notification(
    tx: &mut Transaction<'_, Sqlite>,
    n: &Notification,
    action_seq: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO notifications (year, number, date, treaty, party, kind, text, date_text, withdraws, action_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(i64::from(n.year))
        .bind(i64::from(n.number))
        .bind(iso(n.date))
        .bind(n.treaty.as_str())
        .bind(&n.party)
        .bind(n.kind.as_str())
        .bind(&n.text)
        .bind(n.date_text.as_deref())
        .bind(n.withdraws.as_deref())
        .bind(action_seq)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn state_name(tx: &mut Transaction<'_, Sqlite>, code: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM states WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// A treaty as a write finds it, under the write's lock, with the rows of the actions that
/// count (in order, each with its place, `seq`); refused when there is no such treaty.
async fn treaty_to_write(
    tx: &mut Transaction<'_, Sqlite>,
    s: &Slug,
) -> Result<(Treaty, Vec<SqliteRow>)> {
    let Some(row) = sqlx::query("SELECT * FROM treaties WHERE slug = $1")
        .bind(s.as_str())
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Err(StoreError::NotFound(format!(
            "no treaty has the slug `{s}`"
        )));
    };
    let arows = sqlx::query(
        "SELECT * FROM treaty_actions WHERE treaty = $1 AND withdrawn IS NULL ORDER BY seq",
    )
    .bind(s.as_str())
    .fetch_all(&mut **tx)
    .await?;
    let t = treaty_from(&row, arows.iter().map(action_from).collect::<Result<_>>()?)?;
    Ok((t, arows))
}

pub(super) async fn record_treaty_action(
    pool: &SqlitePool,
    s: &Slug,
    action: ActionRecord,
    today: NaiveDate,
    by: &Attribution,
) -> Result<Option<Notification>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (mut t, _) = treaty_to_write(&mut tx, s).await?;
    let a = &action.action;
    let code = StateCode::parse(&a.party).map_err(|e| StoreError::Rejected(e.to_string()))?;
    let Some(name) = state_name(&mut tx, code.as_str()).await? else {
        return Err(StoreError::NotFound(format!(
            "no state has the code `{code}`"
        )));
    };
    if a.deposit.is_some_and(|d| d > today) || a.act.is_some_and(|d| d > today) {
        return Err(StoreError::Rejected(
            "an action cannot be recorded before it happens".into(),
        ));
    }
    let member = match a.deposit.or(a.act) {
        Some(day) => is_member_on(&mut tx, &code, day).await?,
        None => false,
    };
    let actions = t.plain_actions();
    treaty::check_action(&t.clause, &actions, a, member).map_err(|e| {
        StoreError::Rejected(
            e.to_string()
                .replacen(code.as_str(), &name, 1)
                .replace("the treaty", &format!("the {}", t.short_title)),
        )
    })?;
    // After every action recorded, withdrawn ones included: a place is never taken twice.
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM treaty_actions WHERE treaty = $1",
    )
    .bind(s.as_str())
    .fetch_one(&mut *tx)
    .await?;
    insert_action(
        &mut tx,
        s.as_str(),
        usize::try_from(seq).unwrap_or(t.actions.len()),
        &action,
    )
    .await?;
    t.actions.push(action.clone());
    // A notice, numbered in the year it is issued, for a deposit known to the day.
    let notification = match a.deposit {
        Some(deposit) if action.deposit_known_to_the_day() && t.has_depositary() => {
            let number = next_notification_number(&mut tx, today.year()).await?;
            let n = Notification {
                year: today.year(),
                number: u32::try_from(number).unwrap_or(u32::MAX),
                date: today,
                treaty: s.clone(),
                party: a.party.clone(),
                kind: a.kind,
                text: notification_text(
                    &t,
                    &name,
                    a.kind,
                    deposit,
                    None,
                    &consequence(&t, a, deposit, today),
                ),
                date_text: None,
                withdraws: None,
            };
            insert_notification(&mut tx, &n, seq).await?;
            Some(n)
        }
        _ => None,
    };
    audit::record(
        &mut tx,
        by,
        Change::new("treaty.action", format!("treaty/{s}")).after(json!({
            "party": a.party,
            "kind": a.kind.to_string(),
            "act": a.act.map(iso),
            "deposit": a.deposit.map(iso),
            "notification": notification.as_ref().map(|n| format!("{}/{}", n.year, n.number)),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(notification)
}

/// Withdraws as recorded in error the latest action of `party` on the treaty, when it is of
/// `kind` ([`Treaty::withdrawable`]): it stays, marked with `today` and the reason, and counts
/// for nothing. When a notification announced it, a notification of the year of `today`
/// withdraws that one, and is returned.
#[allow(clippy::too_many_arguments)]
pub(super) async fn withdraw_treaty_action(
    pool: &SqlitePool,
    s: &Slug,
    party: &StateCode,
    kind: ActionKind,
    dates: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    reason: &str,
    today: NaiveDate,
    by: &Attribution,
) -> Result<Option<Notification>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (mut t, arows) = treaty_to_write(&mut tx, s).await?;
    let name = state_name(&mut tx, party.as_str())
        .await?
        .unwrap_or_else(|| party.to_string());
    let at = t
        .withdrawable(party.as_str(), kind, dates)
        .map_err(|e| StoreError::Rejected(e.replacen(&format!("`{party}`"), &name, 1)))?;
    let seq: i64 = arows[at].try_get("seq")?;
    sqlx::query(
        "UPDATE treaty_actions SET withdrawn = $1, withdrawn_reason = $2 WHERE treaty = $3 AND seq = $4",
    )
    .bind(iso(today))
    .bind(reason)
    .bind(s.as_str())
    .bind(seq)
    .execute(&mut *tx)
    .await?;
    let withdrawn = t.actions.remove(at);
    // The notification that announced it, if one did: its own, by the action's place. One
    // issued before notifications named their actions is found by its party and kind, only
    // for an action a notice was issued for (a deposit known to the day, a depositary), and
    // never one a notice has withdrawn already.
    let noticed = withdrawn.action.deposit.is_some()
        && withdrawn.deposit_known_to_the_day()
        && t.has_depositary();
    let announced = sqlx::query(
        "SELECT * FROM notifications n WHERE n.treaty = $1 AND n.withdraws IS NULL \
         AND (n.action_seq = $2 OR ($5 AND n.action_seq IS NULL AND n.party = $3 AND n.kind = $4 \
           AND NOT EXISTS (SELECT 1 FROM notifications w \
             WHERE w.withdraws = 'DN.' || n.number || '.' || n.year))) \
         ORDER BY n.action_seq IS NULL, n.year DESC, n.number DESC LIMIT 1",
    )
    .bind(s.as_str())
    .bind(seq)
    .bind(party.as_str())
    .bind(kind.as_str())
    .bind(noticed)
    .fetch_optional(&mut *tx)
    .await?
    .as_ref()
    .map(notification_from)
    .transpose()?;
    let notification = match announced {
        Some(earlier) => {
            let number = next_notification_number(&mut tx, today.year()).await?;
            let n = Notification {
                year: today.year(),
                number: u32::try_from(number).unwrap_or(u32::MAX),
                date: today,
                treaty: s.clone(),
                party: party.to_string(),
                kind,
                text: withdrawal_text(&t, &name, &earlier, &standing(&t, today)),
                date_text: None,
                withdraws: Some(earlier.reference()),
            };
            insert_notification(&mut tx, &n, seq).await?;
            Some(n)
        }
        None => None,
    };
    let a = &withdrawn.action;
    audit::record(
        &mut tx,
        by,
        Change::new("treaty.withdraw", format!("treaty/{s}"))
            .before(json!({
                "party": a.party,
                "kind": a.kind.to_string(),
                "act": a.act.map(iso),
                "deposit": a.deposit.map(iso),
            }))
            .after(json!({
                "withdrawn": iso(today),
                "reason": reason,
                "notification": notification.as_ref().map(|n| format!("{}/{}", n.year, n.number)),
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(notification)
}

/// The actions of a treaty withdrawn as recorded in error, in the order they were recorded.
pub(super) async fn withdrawn_actions(pool: &SqlitePool, s: &Slug) -> Result<Vec<WithdrawnAction>> {
    let rows = sqlx::query(
        "SELECT * FROM treaty_actions WHERE treaty = $1 AND withdrawn IS NOT NULL ORDER BY seq",
    )
    .bind(s.as_str())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let on: String = row.try_get("withdrawn")?;
            Ok(WithdrawnAction {
                record: action_from(row)?,
                on: day("treaty action", &on)?,
                reason: row
                    .try_get::<Option<String>, _>("withdrawn_reason")?
                    .unwrap_or_default(),
            })
        })
        .collect()
}

fn notification_from(row: &SqliteRow) -> Result<Notification> {
    let r = "notification";
    let year: i64 = row.try_get("year")?;
    let number: i64 = row.try_get("number")?;
    let date: String = row.try_get("date")?;
    let kind: String = row.try_get("kind")?;
    Ok(Notification {
        year: i32::try_from(year).map_err(|e| corrupt(r, e.to_string()))?,
        number: u32::try_from(number).map_err(|e| corrupt(r, e.to_string()))?,
        date: day(r, &date)?,
        treaty: slug(r, &row.try_get::<String, _>("treaty")?)?,
        party: row.try_get("party")?,
        kind: keyword(r, &kind, ActionKind::parse)?,
        text: row.try_get("text")?,
        date_text: row.try_get("date_text")?,
        withdraws: row.try_get("withdraws")?,
    })
}

pub(super) async fn notifications(
    pool: &SqlitePool,
    treaty: Option<&Slug>,
) -> Result<Vec<Notification>> {
    let rows = sqlx::query("SELECT * FROM notifications WHERE ($1 IS NULL OR treaty = $1) ORDER BY year DESC, number DESC")
        .bind(treaty.map(Slug::as_str))
        .fetch_all(pool)
        .await?;
    rows.iter().map(notification_from).collect()
}

// ---------------------------------------------------------------------------------------------
// Writing a whole dataset.

pub(super) async fn write(tx: &mut Transaction<'_, Sqlite>, ds: &Dataset) -> Result<()> {
    // Records loaded take the load's version, later than any they replace.
    let version = audit::next_version(tx).await?;
    for d in &ds.documents {
        sqlx::query("INSERT INTO documents (slug, title, kind, visibility, status, body, unconfirmed, note, sources, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(d.slug.as_str())
            .bind(&d.title)
            .bind(d.kind.as_str())
            .bind(d.visibility.as_str())
            .bind(d.status.as_str())
            .bind(d.body.as_ref().map(Slug::as_str))
            .bind(d.provenance.unconfirmed)
            .bind(d.provenance.note.as_deref())
            .bind(to_json(&d.provenance.sources))
            .bind(version.0)
            .execute(&mut **tx)
            .await?;
        for v in &d.versions {
            sqlx::query("INSERT INTO document_versions (document, number, date, proposed_by, note, text) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(d.slug.as_str())
                .bind(i64::from(v.number))
                .bind(v.date.iso())
                .bind(v.proposed_by.to_string())
                .bind(v.note.as_deref())
                .bind(v.text.as_deref())
                .execute(&mut **tx)
                .await?;
        }
    }
    for s in &ds.silences {
        let p = &s.procedure;
        let settled = silence::outcome(p, p.deadline());
        let (outcome, settled_at) = match (&settled, &s.decision) {
            (Outcome::NotAdopted { at, .. } | Outcome::Withdrawn { at }, _) => {
                (settled.label(), Some(instant_text(*at)))
            }
            (Outcome::Adopted { at }, Some(_)) => ("adopted", Some(instant_text(*at))),
            _ => ("open", None),
        };
        sqlx::query(
            "INSERT INTO silence_procedures (id, organ, act, subject, document, version, chair, chair_time_zone, opened_at, expires_at, outcome, settled_at, unconfirmed, note, sources, basis, times_known) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(s.id.as_str())
        .bind(s.organ.as_str())
        .bind(s.act.as_str())
        .bind(&s.subject)
        .bind(s.document.as_ref().map(|(d, _)| d.as_str()))
        .bind(s.document.as_ref().map(|(_, v)| i64::from(*v)))
        .bind(s.chair.as_str())
        .bind(&s.chair_time_zone)
        .bind(instant_text(p.opened_at))
        .bind(instant_text(p.expires_at))
        .bind(outcome)
        .bind(settled_at)
        .bind(s.provenance.unconfirmed)
        .bind(s.provenance.note.as_deref())
        .bind(to_json(&s.provenance.sources))
        .bind(s.basis.as_ref().map(Slug::as_str))
        .bind(s.times_known)
        .execute(&mut **tx)
        .await?;
        for (seq, e) in p.events.iter().enumerate() {
            insert_event(tx, s.id.as_str(), seq, e).await?;
        }
    }
    for d in &ds.decisions {
        let (meeting, silence) = match &d.taken {
            Taken::AtMeeting(m) => (Some(m.as_str()), None),
            Taken::BySilence(s) => (None, Some(s.as_str())),
            Taken::NotRecorded => (None, None),
        };
        sqlx::query(
            "INSERT INTO decisions (id, organ, year, number, date, act, subject, document, version, meeting, silence, unconfirmed, note, sources, record_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(d.id.as_str())
        .bind(d.organ.as_str())
        .bind(i64::from(d.date.year()))
        .bind(i64::from(d.number))
        .bind(iso(d.date))
        .bind(d.act.as_str())
        .bind(&d.subject)
        .bind(d.document.as_ref().map(|(x, _)| x.as_str()))
        .bind(d.document.as_ref().map(|(_, v)| i64::from(*v)))
        .bind(meeting)
        .bind(silence)
        .bind(d.provenance.unconfirmed)
        .bind(d.provenance.note.as_deref())
        .bind(to_json(&d.provenance.sources))
        .bind(version.0)
        .execute(&mut **tx)
        .await?;
        for (seq, st) in d.statements.iter().enumerate() {
            sqlx::query("INSERT INTO decision_statements (decision, seq, state, stance, text) VALUES ($1, $2, $3, $4, $5)")
                .bind(d.id.as_str())
                .bind(seq as i64)
                .bind(st.state.as_str())
                .bind(st.stance.as_str())
                .bind(&st.text)
                .execute(&mut **tx)
                .await?;
        }
    }
    for s in ds.silences.iter().filter(|s| s.decision.is_some()) {
        sqlx::query("UPDATE silence_procedures SET decision = $1 WHERE id = $2")
            .bind(s.decision.as_ref().map(Slug::as_str))
            .bind(s.id.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for t in &ds.treaties {
        let c = &t.clause;
        sqlx::query(
            "INSERT INTO treaties (slug, title, short_title, concluded, place, depositary, threshold, counted, not_counted, \
             delay_months, delay_days, delay_first_of_month, later_months, later_days, later_first_of_month, clause_text, complete, unconfirmed, note, sources, \
             second_condition, exit_months, exit_days, exit_first_of_month, entry, entry_date, notifying, provisional_from, count_known) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)",
        )
        .bind(t.slug.as_str())
        .bind(&t.title)
        .bind(&t.short_title)
        .bind(t.concluded.map(iso))
        .bind(t.place.as_deref())
        .bind(t.depositary.as_deref())
        .bind(i64::from(c.threshold))
        .bind(to_json(c.counted.iter().map(|k| k.as_str())))
        .bind(to_json(&c.not_counted))
        .bind(i64::from(c.delay.months))
        .bind(i64::from(c.delay.days))
        .bind(c.delay.first_of_next_month)
        .bind(i64::from(c.later_delay.months))
        .bind(i64::from(c.later_delay.days))
        .bind(c.later_delay.first_of_next_month)
        .bind(&t.clause_text)
        .bind(t.complete)
        .bind(t.provenance.unconfirmed)
        .bind(t.provenance.note.as_deref())
        .bind(to_json(&t.provenance.sources))
        .bind(c.second_condition.as_ref().map(second_condition_json))
        .bind(i64::from(c.exit_delay.months))
        .bind(i64::from(c.exit_delay.days))
        .bind(c.exit_delay.first_of_next_month)
        .bind(t.regime.entry.kind().as_str())
        .bind(match &t.regime.entry {
            Entry::OnDate(d) => Some(iso(*d)),
            _ => None,
        })
        .bind(match &t.regime.entry {
            Entry::OnNotification(p) => to_json(p),
            _ => "[]".to_owned(),
        })
        .bind(t.regime.provisional_from.map(iso))
        .bind(t.regime.count_known)
        .execute(&mut **tx)
        .await?;
        for (seq, a) in t.actions.iter().enumerate() {
            insert_action(tx, t.slug.as_str(), seq, a).await?;
        }
    }
    // A protocol names the treaty it amends once every treaty is in.
    for t in &ds.treaties {
        if let Some(parent) = &t.parent {
            sqlx::query("UPDATE treaties SET parent = $1 WHERE slug = $2")
                .bind(parent.as_str())
                .bind(t.slug.as_str())
                .execute(&mut **tx)
                .await?;
        }
    }
    // One numbered notification per deposit known to the day, numbered per year in the order
    // of deposit. A deposit known only to the year or by a latest day gets none: a number and
    // a day would be invented. Its notice's running count is that of its own day.
    // Each with its place among the treaty's actions, which are stored in order from 0.
    let mut deposits: Vec<(NaiveDate, &Treaty, &ActionRecord, usize)> = ds
        .treaties
        .iter()
        .flat_map(|t| t.actions.iter().enumerate().map(move |(i, a)| (t, a, i)))
        .filter(|(t, a, _)| a.deposit_known_to_the_day() && t.has_depositary())
        .filter_map(|(t, a, i)| a.action.deposit.map(|d| (d, t, a, i)))
        .collect();
    deposits.sort_by(|a, b| {
        (a.0, &a.1.slug, &a.2.action.party).cmp(&(b.0, &b.1.slug, &b.2.action.party))
    });
    for (deposit, t, a, seq) in deposits {
        let name = state_name(tx, &a.action.party)
            .await?
            .unwrap_or_else(|| a.action.party.clone());
        let upto = Treaty {
            actions: t
                .actions
                .iter()
                .filter(|x| x.action.deposit.is_some_and(|d| d <= deposit))
                .cloned()
                .collect(),
            ..t.clone()
        };
        let number = next_notification_number(tx, deposit.year()).await?;
        let n = Notification {
            year: deposit.year(),
            number: u32::try_from(number).unwrap_or(u32::MAX),
            date: deposit,
            treaty: t.slug.clone(),
            party: a.action.party.clone(),
            kind: a.action.kind,
            text: notification_text(
                t,
                &name,
                a.action.kind,
                deposit,
                None,
                &consequence(&upto, &a.action, deposit, deposit),
            ),
            date_text: None,
            withdraws: None,
        };
        insert_notification(tx, &n, i64::try_from(seq).unwrap_or(i64::MAX)).await?;
    }
    Ok(())
}

fn parse_stored_day(text: &str) -> Result<NaiveDate> {
    cica_domain::parse_day(text).map_err(|e| corrupt("date", e.to_string()))
}
