//! Imported news: planned item by item against what is stored, then written as drafts in one
//! transaction, with the meetings and engagements each item reports kept as pending proposals
//! for an editor. Matching is by address (slug), then by date and headline, then by body, so
//! re-importing the same text, or a text already in the archive, changes nothing.

use std::collections::{HashMap, HashSet};

use cica_domain::{NewsItem, Slug};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

use serde_json::json;

use super::audit::{Change, append, record};
use super::{NEWS_COLUMNS, insert_news, news_from};
use crate::{
    Attribution, ImportAction, ImportItem, ImportOutcome, PendingProposal, Proposal,
    ProposalAction, ProposalKind, Result, StoreError,
};

fn normal(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two items say the same thing (their provenance notes aside). `b` is the imported
/// one: when it prints no dated dateline its date was inferred, and an inferred date (or one
/// an editor has since set) is no difference.
fn same(a: &NewsItem, b: &NewsItem) -> bool {
    a.title == b.title
        && a.kind == b.kind
        && a.dateline == b.dateline
        && (b.dateline.is_none() || a.date == b.date)
        && a.states == b.states
        && a.bodies == b.bodies
        && a.people == b.people
        && a.organizations == b.organizations
        && normal(&a.body) == normal(&b.body)
        && a.spotlight == b.spotlight
        && a.activities == b.activities
}

/// The items stored on one day, by normalised headline and normalised text: read once per day
/// an import touches, and kept up to date as the import creates items, so that an import of
/// many items on the same day costs one lookup per item, not a scan of that day.
#[derive(Default)]
struct SameDay {
    titles: HashMap<String, Slug>,
    bodies: HashMap<String, Slug>,
}

impl SameDay {
    fn add(&mut self, slug: &Slug, title: &str, body: &str) {
        self.titles
            .entry(normal(title))
            .or_insert_with(|| slug.clone());
        self.bodies
            .entry(normal(body))
            .or_insert_with(|| slug.clone());
    }
}

async fn decide(
    tx: &mut Transaction<'_, Sqlite>,
    n: &NewsItem,
    days: &mut HashMap<chrono::NaiveDate, SameDay>,
) -> Result<ImportAction> {
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
    if let std::collections::hash_map::Entry::Vacant(vacant) = days.entry(n.date) {
        let mut stored = SameDay::default();
        let rows = sqlx::query("SELECT slug, title, body FROM news WHERE date = $1")
            .bind(day(n.date))
            .fetch_all(&mut **tx)
            .await?;
        for row in &rows {
            let s: String = row.try_get("slug")?;
            let slug = Slug::parse(&s).map_err(|e| super::corrupt("news item", e.to_string()))?;
            let (t, b): (String, String) = (row.try_get("title")?, row.try_get("body")?);
            stored.add(&slug, &t, &b);
        }
        vacant.insert(stored);
    }
    let stored = days.entry(n.date).or_default();
    let found = stored
        .titles
        .get(&normal(&n.title))
        .or_else(|| stored.bodies.get(&normal(&n.body)));
    Ok(match found {
        Some(s) => ImportAction::Unchanged(s.clone()),
        None => {
            // Later items of this import meet it as stored, whether or not it is written.
            stored.add(&n.slug, &n.title, &n.body);
            ImportAction::Create
        }
    })
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What is already stored of a proposal for the item stored as `news`: the proposal itself,
/// or the meeting or engagement it proposes.
async fn proposal_status(
    tx: &mut Transaction<'_, Sqlite>,
    news: &Slug,
    p: &Proposal,
    replaced: bool,
) -> Result<ProposalAction> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM import_proposals WHERE news = $1 AND kind = $2 AND subject = $3",
    )
    .bind(news.as_str())
    .bind(p.kind.as_str())
    .bind(&p.subject)
    .fetch_optional(&mut **tx)
    .await?;
    match status.as_deref() {
        // A pending proposal of a replaced draft is made again from the new text.
        Some("pending") if replaced => {}
        Some("pending") => return Ok(ProposalAction::Pending),
        // What an editor decided stays decided, even when the draft is replaced.
        Some(_) => return Ok(ProposalAction::Reviewed),
        None => {}
    }
    let recorded: Option<String> =
        match (p.kind, p.span, &p.person) {
            (ProposalKind::Meeting, Some(span), _) => sqlx::query_scalar(
                "SELECT id FROM meetings WHERE body = $1 AND start_date <= $2 AND end_date >= $3 \
                 ORDER BY start_date, id LIMIT 1",
            )
            .bind(&p.subject)
            .bind(day(span.end()))
            .bind(day(span.start()))
            .fetch_optional(&mut **tx)
            .await?,
            (ProposalKind::Engagement, Some(span), Some(person)) => sqlx::query_scalar(
                "SELECT e.id FROM engagements e JOIN engagement_people p ON p.engagement = e.id \
                 WHERE p.person = $1 AND e.start_date <= $2 AND e.end_date >= $3 \
                 ORDER BY e.start_date, e.id LIMIT 1",
            )
            .bind(person.as_str())
            .bind(day(span.end()))
            .bind(day(span.start()))
            .fetch_optional(&mut **tx)
            .await?,
            _ => None,
        };
    match recorded {
        Some(id) => {
            Ok(ProposalAction::Recorded(Slug::parse(&id).map_err(|e| {
                super::corrupt("meeting or engagement", e.to_string())
            })?))
        }
        None => Ok(ProposalAction::Propose),
    }
}

async fn insert_proposal(
    tx: &mut Transaction<'_, Sqlite>,
    news: &Slug,
    p: &Proposal,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO import_proposals (news, kind, subject, person, title, place, start_date, end_date, evidence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(news.as_str())
    .bind(p.kind.as_str())
    .bind(&p.subject)
    .bind(p.person.as_ref().map(Slug::as_str))
    .bind(p.title.as_deref())
    .bind(p.place.as_deref())
    .bind(p.span.map(|s| day(s.start())))
    .bind(p.span.map(|s| day(s.end())))
    .bind(&p.evidence)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const PROPOSAL_COLUMNS: [&str; 9] = [
    "kind",
    "subject",
    "person",
    "title",
    "place",
    "start_date",
    "end_date",
    "evidence",
    "status",
];

/// The proposals of a stored item that an editor accepted or rejected, column by column.
async fn reviewed_proposals(
    tx: &mut Transaction<'_, Sqlite>,
    news: &Slug,
) -> Result<Vec<Vec<Option<String>>>> {
    let rows = sqlx::query(
        "SELECT kind, subject, person, title, place, start_date, end_date, evidence, status \
         FROM import_proposals WHERE news = $1 AND status <> 'pending'",
    )
    .bind(news.as_str())
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            PROPOSAL_COLUMNS
                .iter()
                .map(|c| Ok(r.try_get::<Option<String>, _>(*c)?))
                .collect()
        })
        .collect()
}

/// Writes back, under the replaced item, the proposals [`reviewed_proposals`] read.
async fn restore_proposals(
    tx: &mut Transaction<'_, Sqlite>,
    news: &Slug,
    rows: &[Vec<Option<String>>],
) -> Result<()> {
    for row in rows {
        let mut q = sqlx::query(
            "INSERT INTO import_proposals (news, kind, subject, person, title, place, start_date, end_date, evidence, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(news.as_str());
        for v in row {
            q = q.bind(v.as_deref());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Plans every item, and writes what the plan says when `apply`. Returns whether anything was
/// written.
async fn plan_in(
    tx: &mut Transaction<'_, Sqlite>,
    items: &[ImportItem],
    apply: bool,
) -> Result<(Vec<ImportOutcome>, bool)> {
    let mut out = Vec::new();
    let mut wrote = false;
    let mut seen: HashSet<&Slug> = HashSet::new();
    let mut days: HashMap<chrono::NaiveDate, SameDay> = HashMap::new();
    for item in items {
        let n = &item.news;
        if seen.contains(&n.slug) {
            out.push(ImportOutcome {
                action: ImportAction::Unchanged(n.slug.clone()),
                proposals: vec![ProposalAction::Skipped; item.proposals.len()],
            });
            continue;
        }
        seen.insert(&n.slug);
        let action = decide(tx, n, &mut days).await?;
        if apply {
            match &action {
                ImportAction::Create => insert_news(tx, n).await?,
                ImportAction::Update => {
                    // Its pending proposals go with it (ON DELETE CASCADE) and are made again
                    // below; those an editor reviewed are kept as they are.
                    let reviewed = reviewed_proposals(tx, &n.slug).await?;
                    sqlx::query("DELETE FROM news WHERE slug = $1 AND draft = 1")
                        .bind(n.slug.as_str())
                        .execute(&mut **tx)
                        .await?;
                    insert_news(tx, n).await?;
                    restore_proposals(tx, &n.slug, &reviewed).await?;
                }
                ImportAction::Unchanged(_) | ImportAction::Conflict(_) => {}
            }
            wrote |= matches!(action, ImportAction::Create | ImportAction::Update);
        }
        // The proposals belong to the stored item: this one, or the one it matches.
        let target = match &action {
            ImportAction::Create | ImportAction::Update => Some(&n.slug),
            ImportAction::Unchanged(s) => Some(s),
            ImportAction::Conflict(_) => None,
        };
        let replaced = matches!(action, ImportAction::Create | ImportAction::Update);
        let mut proposals = Vec::with_capacity(item.proposals.len());
        let mut subjects: Vec<(ProposalKind, &str)> = Vec::new();
        for p in &item.proposals {
            let status = match target {
                Some(_) if subjects.contains(&(p.kind, p.subject.as_str())) => {
                    ProposalAction::Skipped
                }
                Some(t) => proposal_status(tx, t, p, replaced).await?,
                None => ProposalAction::Skipped,
            };
            subjects.push((p.kind, p.subject.as_str()));
            if apply
                && status == ProposalAction::Propose
                && let Some(t) = target
            {
                insert_proposal(tx, t, p).await?;
                wrote = true;
            }
            proposals.push(status);
        }
        out.push(ImportOutcome { action, proposals });
    }
    Ok((out, wrote))
}

pub(super) async fn plan_import(
    pool: &SqlitePool,
    items: &[ImportItem],
) -> Result<Vec<ImportOutcome>> {
    let mut tx = pool.begin().await?;
    let (plan, _) = plan_in(&mut tx, items, false).await?;
    tx.rollback().await?;
    Ok(plan)
}

pub(super) async fn import_news(
    pool: &SqlitePool,
    items: &[ImportItem],
    by: &Attribution,
) -> Result<Vec<ImportOutcome>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let (done, wrote) = plan_in(&mut tx, items, true).await?;
    if wrote {
        for (item, outcome) in items.iter().zip(&done) {
            let proposed = outcome
                .proposals
                .iter()
                .filter(|p| **p == crate::ProposalAction::Propose)
                .count();
            let kept = matches!(outcome.action, ImportAction::Create | ImportAction::Update);
            if !kept && proposed == 0 {
                continue;
            }
            append(
                &mut tx,
                by,
                Change::new("news.import", format!("news/{}", item.news.slug)).after(json!({
                    "action": outcome.action.label(),
                    "title": item.news.title,
                    "date": day(item.news.date),
                    "proposals": proposed,
                })),
            )
            .await?;
        }
        // Drafts and pending proposals are the Secretariat's alone: the revision the public
        // sees (in ETags, and by what the caches keep) does not move for them.
    }
    tx.commit().await?;
    Ok(done)
}

pub(super) async fn pending_proposals(pool: &SqlitePool) -> Result<Vec<PendingProposal>> {
    let rows = sqlx::query(
        "SELECT p.news, p.kind, p.subject, p.person, p.title, p.place, p.start_date, p.end_date, p.evidence \
         FROM import_proposals p JOIN news n ON n.slug = p.news \
         WHERE p.status = 'pending' ORDER BY n.date, p.news, p.kind DESC, p.subject",
    )
    .fetch_all(pool)
    .await?;
    let corrupt = |e: String| super::corrupt("import proposal", e);
    rows.iter()
        .map(|r| {
            let slug = |v: Option<String>| {
                v.map(|s| Slug::parse(&s).map_err(|e| corrupt(e.to_string())))
                    .transpose()
            };
            let date = |v: Option<String>| {
                v.map(|s| cica_domain::parse_day(&s).map_err(|e| corrupt(e.to_string())))
                    .transpose()
            };
            let kind: String = r.try_get("kind")?;
            let span = match (
                date(r.try_get("start_date")?)?,
                date(r.try_get("end_date")?)?,
            ) {
                (Some(a), Some(b)) => {
                    Some(cica_domain::DateSpan::new(a, b).map_err(|e| corrupt(e.to_string()))?)
                }
                _ => None,
            };
            Ok(PendingProposal {
                news: slug(r.try_get("news")?)?.ok_or_else(|| corrupt("no news item".into()))?,
                proposal: Proposal {
                    kind: match kind.as_str() {
                        "meeting" => ProposalKind::Meeting,
                        _ => ProposalKind::Engagement,
                    },
                    subject: r.try_get("subject")?,
                    person: slug(r.try_get("person")?)?,
                    title: r.try_get("title")?,
                    place: r.try_get("place")?,
                    span,
                    evidence: r.try_get("evidence")?,
                },
            })
        })
        .collect()
}

pub(super) async fn publish_news(pool: &SqlitePool, slug: &Slug, by: &Attribution) -> Result<()> {
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
    record(
        &mut tx,
        by,
        Change::new("news.publish", format!("news/{slug}"))
            .before(json!({ "draft": true }))
            .after(json!({ "draft": false })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
