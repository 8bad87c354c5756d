//! An editor's review of what imported items report: a pending proposal becomes a meeting or
//! an engagement linked to its news item, or is rejected. Each review is one immediate
//! transaction that re-reads the proposal under the lock, checks every reference itself (so
//! that a mistake is refused by name, never by a foreign key) and moves the revision.

use chrono::NaiveDate;
use cica_domain::{Counterpart, DateSpan, Engagement, Meeting, Period, Provenance, Slug};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

use super::{insert_engagement, insert_meeting, opt_slug};
use crate::{
    Acceptance, Accepted, Attribution, EngagementAcceptance, MeetingAcceptance, ProposalKey,
    ProposalKind, Result, StoreError,
};

/// What the proposal itself says, read under the lock.
struct Stored {
    person: Option<Slug>,
    title: Option<String>,
    place: Option<String>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    /// Whether its news item is still a draft.
    draft: bool,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The proposal, if it is still pending; refused otherwise.
async fn pending(tx: &mut Transaction<'_, Sqlite>, key: &ProposalKey) -> Result<Stored> {
    let row = sqlx::query(
        "SELECT p.status, p.person, p.title, p.place, p.start_date, p.end_date, n.draft \
         FROM import_proposals p JOIN news n ON n.slug = p.news \
         WHERE p.news = $1 AND p.kind = $2 AND p.subject = $3",
    )
    .bind(key.news.as_str())
    .bind(key.kind.as_str())
    .bind(&key.subject)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Err(StoreError::NotFound(format!("there is no {key}")));
    };
    let status: String = row.try_get("status")?;
    if status != "pending" {
        return Err(StoreError::Rejected(format!(
            "the {key} was already {status}; only a pending proposal can be accepted or rejected"
        )));
    }
    let date = |col: &str| -> Result<Option<NaiveDate>> {
        row.try_get::<Option<String>, _>(col)?
            .map(|d| {
                cica_domain::parse_day(&d)
                    .map_err(|e| super::corrupt("import proposal", e.to_string()))
            })
            .transpose()
    };
    Ok(Stored {
        person: opt_slug("import proposal", row.try_get("person")?)?,
        title: row.try_get("title")?,
        place: row.try_get("place")?,
        start: date("start_date")?,
        end: date("end_date")?,
        draft: row.try_get("draft")?,
    })
}

/// The registers a reference may point into.
#[derive(Clone, Copy)]
enum Register {
    State,
    Person,
    Organization,
    Body,
}

/// Refuses a reference to a record that does not exist, naming the field.
async fn need(
    tx: &mut Transaction<'_, Sqlite>,
    field: &str,
    register: Register,
    key: &str,
) -> Result<()> {
    let (sql, what) = match register {
        Register::State => ("SELECT 1 FROM states WHERE code = $1", "state has the code"),
        Register::Person => (
            "SELECT 1 FROM people WHERE slug = $1",
            "person has the slug",
        ),
        Register::Organization => (
            "SELECT 1 FROM organizations WHERE slug = $1",
            "organization has the slug",
        ),
        Register::Body => ("SELECT 1 FROM bodies WHERE slug = $1", "body has the slug"),
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::Rejected(format!("{field}: no {what} `{key}`"))),
    }
}

async fn need_all<T: ToString>(
    tx: &mut Transaction<'_, Sqlite>,
    field: &str,
    register: Register,
    keys: &[T],
) -> Result<()> {
    for (i, k) in keys.iter().enumerate() {
        need(tx, &format!("{field}[{i}]"), register, &k.to_string()).await?;
    }
    Ok(())
}

async fn need_opt<T: ToString>(
    tx: &mut Transaction<'_, Sqlite>,
    field: &str,
    register: Register,
    key: Option<&T>,
) -> Result<()> {
    match key {
        Some(k) => need(tx, field, register, &k.to_string()).await,
        None => Ok(()),
    }
}

/// The days of the record: the editor's, else the proposal's; `end` is `start` when neither
/// gives one.
fn span(start: Option<NaiveDate>, end: Option<NaiveDate>, p: &Stored) -> Result<DateSpan> {
    let start = start.or(p.start).ok_or_else(|| {
        StoreError::Rejected(
            "start: the proposal gives no days; give the first day (and `end` if it lasted longer)"
                .into(),
        )
    })?;
    let (end, whose) = match end {
        Some(e) => (e, ""),
        None => match p.end {
            Some(e) => (e, " (the proposal's)"),
            None => (start, ""),
        },
    };
    DateSpan::new(start, end).map_err(|_| {
        StoreError::Rejected(format!(
            "end: {}{whose} is before start {}",
            day(end),
            day(start)
        ))
    })
}

/// Trimmed text, none when empty.
fn text(t: Option<&String>) -> Option<String> {
    t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The list without repeats, in its order.
fn unique<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

fn provenance(p: &Provenance) -> Provenance {
    Provenance {
        unconfirmed: p.unconfirmed,
        note: text(p.note.as_ref()),
        sources: p.sources.iter().filter_map(|s| text(Some(s))).collect(),
    }
}

async fn meeting(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ProposalKey,
    p: &Stored,
    a: &MeetingAcceptance,
) -> Result<Meeting> {
    let body = match &a.body {
        Some(b) => b.clone(),
        None => Slug::parse(&key.subject).map_err(|_| {
            StoreError::Rejected(format!(
                "body: the proposal's subject `{}` is not a body's slug; give the body",
                key.subject
            ))
        })?,
    };
    need(tx, "body", Register::Body, body.as_str()).await?;
    let when = span(a.start, a.end, p)?;
    need_opt(tx, "country", Register::State, a.country.as_ref()).await?;
    need_opt(tx, "host", Register::State, a.host.as_ref()).await?;
    need_opt(tx, "chair_state", Register::State, a.chair_state.as_ref()).await?;
    need_opt(
        tx,
        "chair_person",
        Register::Person,
        a.chair_person.as_ref(),
    )
    .await?;
    need_all(tx, "states", Register::State, &a.states).await?;
    need_all(
        tx,
        "organizations",
        Register::Organization,
        &a.organizations,
    )
    .await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM meetings WHERE id = $1")
        .bind(a.id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "id: the calendar already has a meeting with the id `{}`; choose another",
            a.id
        )));
    }
    let m = Meeting {
        id: a.id.clone(),
        body,
        number: a.number,
        title: text(a.title.as_ref()),
        when: Period::Days(when),
        time: None,
        city: text(a.city.as_ref()).or_else(|| text(p.place.as_ref())),
        country: a.country.clone(),
        format: a.format,
        status: a.status,
        informal: a.informal,
        host: a.host.clone(),
        chair_state: a.chair_state.clone(),
        chair_person: a.chair_person.clone(),
        states: unique(&a.states),
        organizations: unique(&a.organizations),
        series_note: None,
        summary: text(a.summary.as_ref()),
        outcomes: Vec::new(),
        next: None,
        news: vec![key.news.clone()],
        provenance: provenance(&a.provenance),
    };
    insert_meeting(tx, &m).await?;
    Ok(m)
}

async fn engagement(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ProposalKey,
    p: &Stored,
    a: &EngagementAcceptance,
) -> Result<Engagement> {
    let when = span(a.start, a.end, p)?;
    need_opt(tx, "country", Register::State, a.country.as_ref()).await?;
    need_all(tx, "secretariat", Register::Person, &a.secretariat).await?;
    let counterparts = match &a.counterparts {
        Some(c) => c.clone(),
        None => p
            .person
            .iter()
            .map(|person| Counterpart {
                person: person.clone(),
                title: text(p.title.as_ref()),
                state: None,
                organization: None,
            })
            .collect(),
    };
    for (i, c) in counterparts.iter().enumerate() {
        let at = format!("counterparts[{i}]");
        need(
            tx,
            &format!("{at}.person"),
            Register::Person,
            c.person.as_str(),
        )
        .await?;
        need_opt(
            tx,
            &format!("{at}.state"),
            Register::State,
            c.state.as_ref(),
        )
        .await?;
        need_opt(
            tx,
            &format!("{at}.organization"),
            Register::Organization,
            c.organization.as_ref(),
        )
        .await?;
    }
    need_all(tx, "states", Register::State, &a.states).await?;
    need_all(
        tx,
        "organizations",
        Register::Organization,
        &a.organizations,
    )
    .await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM engagements WHERE id = $1")
        .bind(a.id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "id: an engagement with the id `{}` is already recorded; choose another",
            a.id
        )));
    }
    let e = Engagement {
        id: a.id.clone(),
        when,
        city: text(a.city.as_ref()).or_else(|| text(p.place.as_ref())),
        country: a.country.clone(),
        kind: a.kind,
        secretariat: unique(&a.secretariat),
        counterparts: counterparts
            .into_iter()
            .map(|c| Counterpart {
                title: text(c.title.as_ref()),
                ..c
            })
            .collect(),
        states: unique(&a.states),
        organizations: unique(&a.organizations),
        topics: a.topics.iter().filter_map(|t| text(Some(t))).collect(),
        summary: text(a.summary.as_ref()),
        news: Some(key.news.clone()),
        provenance: provenance(&a.provenance),
    };
    insert_engagement(tx, &e).await?;
    Ok(e)
}

/// Sets the status of a proposal read as pending under the same lock, and moves the revision.
async fn settle(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ProposalKey,
    status: &str,
    record: Option<String>,
    by: &Attribution,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE import_proposals SET status = $4 \
         WHERE news = $1 AND kind = $2 AND subject = $3 AND status = 'pending'",
    )
    .bind(key.news.as_str())
    .bind(key.kind.as_str())
    .bind(&key.subject)
    .bind(status)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict(format!(
            "the {key} changed while it was being reviewed; nothing was written"
        )));
    }
    let change = super::audit::Change::new(
        if status == "accepted" {
            "proposal.accept"
        } else {
            "proposal.reject"
        },
        format!(
            "proposal/{}/{}/{}",
            key.news,
            key.kind.as_str(),
            key.subject
        ),
    )
    .before(serde_json::json!({ "status": "pending" }))
    .after(serde_json::json!({ "status": status, "record": record }));
    if status == "accepted" {
        // A new meeting or engagement is public.
        super::audit::record(tx, by, change).await
    } else {
        // A rejected proposal was never public, and is not now.
        super::audit::append(tx, by, change).await
    }
}

pub(super) async fn accept(
    pool: &SqlitePool,
    key: &ProposalKey,
    acceptance: &Acceptance,
    by: &Attribution,
) -> Result<Accepted> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let p = pending(&mut tx, key).await?;
    if p.draft {
        return Err(StoreError::Rejected(format!(
            "news item `{}` is still a draft; publish it before accepting what it reports, so \
             that no public record links to an item the public cannot read",
            key.news
        )));
    }
    let accepted = match (key.kind, acceptance) {
        (ProposalKind::Meeting, Acceptance::Meeting(a)) => {
            Accepted::Meeting(meeting(&mut tx, key, &p, a).await?)
        }
        (ProposalKind::Engagement, Acceptance::Engagement(a)) => {
            Accepted::Engagement(engagement(&mut tx, key, &p, a).await?)
        }
        (kind, _) => {
            return Err(StoreError::Rejected(format!(
                "the {key} becomes a {}: give a {}'s fields",
                kind.as_str(),
                kind.as_str()
            )));
        }
    };
    let record = match &accepted {
        Accepted::Meeting(m) => format!("meeting/{}", m.id),
        Accepted::Engagement(e) => format!("engagement/{}", e.id),
    };
    settle(&mut tx, key, "accepted", Some(record), by).await?;
    tx.commit().await?;
    Ok(accepted)
}

pub(super) async fn reject(pool: &SqlitePool, key: &ProposalKey, by: &Attribution) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    pending(&mut tx, key).await?;
    settle(&mut tx, key, "rejected", None, by).await?;
    tx.commit().await?;
    Ok(())
}
