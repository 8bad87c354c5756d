//! An editor's review of what imported items report: a pending proposal becomes a meeting or
//! an engagement linked to its news item, or is rejected. Each review is one immediate
//! transaction that re-reads the proposal under the lock, checks every reference itself (so
//! that a mistake is refused by name, never by a foreign key) and moves the revision.

use chrono::NaiveDate;
use cica_domain::review::{self, Proposed, ReviewError};
use cica_domain::{Engagement, Meeting, Slug};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

use super::{insert_engagement, opt_slug, write_meeting};
use crate::{
    Acceptance, Accepted, Attribution, EngagementAcceptance, MeetingAcceptance, ProposalKey,
    ProposalKind, Result, StoreError,
};

/// What the proposal itself says, read under the lock.
struct Stored {
    proposed: Proposed,
    /// Whether its news item is still a draft.
    draft: bool,
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
        proposed: Proposed {
            person: opt_slug("import proposal", row.try_get("person")?)?,
            title: row.try_get("title")?,
            place: row.try_get("place")?,
            start: date("start_date")?,
            end: date("end_date")?,
        },
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
    Meeting,
    News,
    Decision,
    Contribution,
    FundProject,
    CbmArea,
    Document,
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
        Register::Meeting => ("SELECT 1 FROM meetings WHERE id = $1", "meeting has the id"),
        Register::News => (
            "SELECT 1 FROM news WHERE slug = $1",
            "news item has the slug",
        ),
        Register::Decision => (
            "SELECT 1 FROM decisions WHERE id = $1",
            "decision has the id",
        ),
        Register::Contribution => (
            "SELECT 1 FROM contributions WHERE id = $1",
            "contribution has the id",
        ),
        Register::FundProject => (
            "SELECT 1 FROM fund_projects WHERE id = $1",
            "Fund project has the id",
        ),
        Register::Document => (
            "SELECT 1 FROM documents WHERE slug = $1",
            "document has the slug",
        ),
        Register::CbmArea => (
            "SELECT 1 FROM cbm_areas WHERE slug = $1",
            "CBM priority area has the slug",
        ),
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

fn rejected(e: ReviewError) -> StoreError {
    StoreError::Rejected(e.to_string())
}

/// Refuses an id the register already holds.
async fn id_free(tx: &mut Transaction<'_, Sqlite>, table: &str, id: &Slug) -> Result<()> {
    let sql = match table {
        "meetings" => "SELECT 1 FROM meetings WHERE id = $1",
        _ => "SELECT 1 FROM engagements WHERE id = $1",
    };
    let taken: Option<i64> = sqlx::query_scalar(sql)
        .bind(id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    match (taken, table) {
        (None, _) => Ok(()),
        (Some(_), "meetings") => Err(StoreError::Conflict(format!(
            "id: the calendar already has a meeting with the id `{id}`; choose another"
        ))),
        (Some(_), _) => Err(StoreError::Conflict(format!(
            "id: an engagement with the id `{id}` is already recorded; choose another"
        ))),
    }
}

async fn meeting(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ProposalKey,
    p: &Stored,
    a: &MeetingAcceptance,
) -> Result<Meeting> {
    let m = review::meeting(&key.news, &key.subject, &p.proposed, a).map_err(rejected)?;
    meeting_references(tx, &m).await?;
    id_free(tx, "meetings", &m.id).await?;
    let version = super::audit::next_version(tx).await?;
    write_meeting(tx, &m, version).await?;
    Ok(m)
}

/// Refuses a person whose roles name a state, organization or body that does not exist,
/// naming the field.
pub(super) async fn person_references(
    tx: &mut Transaction<'_, Sqlite>,
    p: &cica_domain::Person,
) -> Result<()> {
    for (i, r) in p.roles.iter().enumerate() {
        let field = format!("roles[{i}].affiliation");
        match &r.affiliation {
            cica_domain::Affiliation::State(c) => {
                need(tx, &field, Register::State, c.as_str()).await?
            }
            cica_domain::Affiliation::Organization(o) => {
                need(tx, &field, Register::Organization, o.as_str()).await?;
            }
            cica_domain::Affiliation::Body(b) => {
                need(tx, &field, Register::Body, b.as_str()).await?
            }
        }
    }
    Ok(())
}

/// Refuses an organization that names a state that does not exist, naming the field.
pub(super) async fn organization_references(
    tx: &mut Transaction<'_, Sqlite>,
    o: &cica_domain::Organization,
) -> Result<()> {
    need_opt(tx, "state", Register::State, o.state.as_ref()).await
}

/// Refuses a contribution that names a contributor or news item that does not exist.
pub(super) async fn contribution_references(
    tx: &mut Transaction<'_, Sqlite>,
    c: &cica_domain::money::Contribution,
) -> Result<()> {
    use cica_domain::money::Contributor;
    match &c.contributor {
        Contributor::State(s) => need(tx, "contributor.state", Register::State, s.as_str()).await?,
        Contributor::Organization(o) => {
            need(
                tx,
                "contributor.organization",
                Register::Organization,
                o.as_str(),
            )
            .await?
        }
        Contributor::Person(p) => {
            need(tx, "contributor.person", Register::Person, p.as_str()).await?
        }
        Contributor::Named { .. } => {}
    }
    need_opt(tx, "project", Register::FundProject, c.project.as_ref()).await?;
    need_all(tx, "news", Register::News, &c.news).await
}

/// Refuses a financial report that names a document or decision that does not exist.
pub(super) async fn financial_report_references(
    tx: &mut Transaction<'_, Sqlite>,
    r: &cica_domain::money::FinancialReport,
) -> Result<()> {
    need_opt(tx, "document", Register::Document, r.document.as_ref()).await?;
    need_opt(tx, "decision", Register::Decision, r.decision.as_ref()).await
}

/// Refuses a priority area whose terms or plans name a state or decision that does not
/// exist, naming the field.
pub(super) async fn cbm_area_references(
    tx: &mut Transaction<'_, Sqlite>,
    a: &cica_domain::cbm::PriorityArea,
) -> Result<()> {
    for (i, t) in a.terms.iter().enumerate() {
        need(
            tx,
            &format!("coordinators[{i}].state"),
            Register::State,
            t.state.as_str(),
        )
        .await?;
        need_opt(
            tx,
            &format!("coordinators[{i}].decision"),
            Register::Decision,
            t.decided_by.as_ref(),
        )
        .await?;
    }
    for (i, p) in a.plans.iter().enumerate() {
        need_opt(
            tx,
            &format!("plans[{i}].decision"),
            Register::Decision,
            p.decided_by.as_ref(),
        )
        .await?;
    }
    Ok(())
}

/// Refuses an activity that names an area, state, organization, meeting or news item that
/// does not exist, naming the field.
pub(super) async fn cbm_activity_references(
    tx: &mut Transaction<'_, Sqlite>,
    a: &cica_domain::cbm::Activity,
) -> Result<()> {
    need(tx, "area", Register::CbmArea, a.area.as_str()).await?;
    need_all(tx, "organisers", Register::State, &a.organisers).await?;
    need_all(tx, "participants", Register::State, &a.participants).await?;
    need_all(
        tx,
        "organizations",
        Register::Organization,
        &a.organisations,
    )
    .await?;
    need_all(tx, "meetings", Register::Meeting, &a.meetings).await?;
    need_all(tx, "news", Register::News, &a.news).await
}

/// Refuses a Fund project that names a state, organization, decision, contribution or news
/// item that does not exist, naming the field.
pub(super) async fn project_references(
    tx: &mut Transaction<'_, Sqlite>,
    p: &cica_domain::fund::Project,
) -> Result<()> {
    use cica_domain::fund::Party;
    async fn party(tx: &mut Transaction<'_, Sqlite>, field: &str, party: &Party) -> Result<()> {
        match party {
            Party::State(s) => need(tx, field, Register::State, s.as_str()).await,
            Party::Organization(o) => need(tx, field, Register::Organization, o.as_str()).await,
            Party::Named { .. } => Ok(()),
        }
    }
    need(tx, "proposed_by", Register::State, p.proposed_by.as_str()).await?;
    for (i, x) in p.participants.iter().enumerate() {
        party(tx, &format!("participants[{i}]"), &x.party).await?;
    }
    for (i, s) in p.review.iter().enumerate() {
        need_opt(
            tx,
            &format!("review[{i}].decided_by"),
            Register::Decision,
            s.decided_by.as_ref(),
        )
        .await?;
    }
    for (i, t) in p.transactions.iter().enumerate() {
        for (name, x) in [("provider", &t.provider), ("receiver", &t.receiver)] {
            if let Some(x) = x {
                party(tx, &format!("transactions[{i}].{name}"), x).await?;
            }
        }
        need_opt(
            tx,
            &format!("transactions[{i}].contribution"),
            Register::Contribution,
            t.contribution.as_ref(),
        )
        .await?;
    }
    need_all(tx, "news", Register::News, &p.news).await
}

/// Refuses a document that names an organ or a proposer that does not exist, naming the field.
pub(super) async fn document_references(
    tx: &mut Transaction<'_, Sqlite>,
    d: &cica_domain::decision::Document,
) -> Result<()> {
    use cica_domain::decision::Proposer;
    need_opt(tx, "body", Register::Body, d.body.as_ref()).await?;
    for (i, v) in d.versions.iter().enumerate() {
        let field = format!("versions[{i}].proposed_by");
        match &v.proposed_by {
            Proposer::State(c) => need(tx, &field, Register::State, c.as_str()).await?,
            Proposer::Body(b) => need(tx, &field, Register::Body, b.as_str()).await?,
            Proposer::Chair | Proposer::Secretariat => {}
        }
    }
    Ok(())
}

/// Refuses a meeting that names a record that does not exist, naming the field.
pub(super) async fn meeting_references(
    tx: &mut Transaction<'_, Sqlite>,
    m: &Meeting,
) -> Result<()> {
    need(tx, "body", Register::Body, m.body.as_str()).await?;
    need_opt(tx, "country", Register::State, m.country.as_ref()).await?;
    need_opt(tx, "host", Register::State, m.host.as_ref()).await?;
    need_opt(tx, "chair_state", Register::State, m.chair_state.as_ref()).await?;
    need_opt(
        tx,
        "chair_person",
        Register::Person,
        m.chair_person.as_ref(),
    )
    .await?;
    need_all(tx, "states", Register::State, &m.states).await?;
    need_all(
        tx,
        "organizations",
        Register::Organization,
        &m.organizations,
    )
    .await?;
    if let Some(next) = &m.next {
        need(tx, "next", Register::Meeting, next.as_str()).await?;
    }
    for (i, n) in m.news.iter().enumerate() {
        published(tx, &format!("news[{i}]"), n, "a meeting").await?;
    }
    Ok(())
}

/// Refuses a link to a news item that does not exist or that the public cannot read yet: no
/// public record links to a draft.
async fn published(
    tx: &mut Transaction<'_, Sqlite>,
    field: &str,
    news: &Slug,
    linking: &str,
) -> Result<()> {
    let draft: Option<bool> = sqlx::query_scalar("SELECT draft FROM news WHERE slug = $1")
        .bind(news.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    match draft {
        None => Err(StoreError::Rejected(format!(
            "{field}: no news item has the slug `{news}`"
        ))),
        Some(true) => Err(StoreError::Rejected(format!(
            "{field}: `{news}` is a draft; publish it before {linking} links to it"
        ))),
        Some(false) => Ok(()),
    }
}

async fn engagement(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ProposalKey,
    p: &Stored,
    a: &EngagementAcceptance,
) -> Result<Engagement> {
    let e = review::engagement(&key.news, &p.proposed, a).map_err(rejected)?;
    engagement_references(tx, &e).await?;
    id_free(tx, "engagements", &e.id).await?;
    let version = super::audit::next_version(tx).await?;
    insert_engagement(tx, &e, version).await?;
    Ok(e)
}

/// Refuses an engagement that names a record that does not exist, naming the field.
pub(super) async fn engagement_references(
    tx: &mut Transaction<'_, Sqlite>,
    e: &Engagement,
) -> Result<()> {
    need_opt(tx, "country", Register::State, e.country.as_ref()).await?;
    need_all(tx, "secretariat", Register::Person, &e.secretariat).await?;
    for (i, c) in e.counterparts.iter().enumerate() {
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
    need_all(tx, "states", Register::State, &e.states).await?;
    need_all(
        tx,
        "organizations",
        Register::Organization,
        &e.organizations,
    )
    .await?;
    if let Some(news) = &e.news {
        published(tx, "news", news, "an engagement").await?;
    }
    Ok(())
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
