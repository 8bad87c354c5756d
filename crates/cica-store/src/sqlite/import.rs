//! Imported news: planned item by item against what is stored, then written as drafts in one
//! transaction, with the meetings and engagements each item reports kept as pending proposals
//! for an editor. Matching is by address (slug), then by date and headline, then by body, so
//! re-importing the same text, or a text already in the archive, changes nothing.

use std::collections::{HashMap, HashSet};

use cica_domain::{NewsItem, Slug};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

use serde_json::json;

use super::audit::{Change, append_many, record};
use super::{NEWS_COLUMNS, insert_news, insert_news_many, insert_values, iso, news_from};
use crate::{
    Attribution, ImportAction, ImportItem, ImportOutcome, PendingProposal, Proposal,
    ProposalAction, ProposalKind, Result, StoreError,
};

fn normal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Most texts are ASCII: read byte by byte, as the words below would be.
    if text.is_ascii() {
        let mut gap = false;
        for b in text.bytes() {
            if !b.is_ascii_alphanumeric() {
                gap = true;
                continue;
            }
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return out;
    }
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
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

/// The items stored on one day, by normalised headline and normalised text, kept up to date
/// as the import creates items.
#[derive(Default)]
struct SameDay {
    titles: HashMap<String, Slug>,
    bodies: HashMap<String, Slug>,
}

impl SameDay {
    fn add(&mut self, slug: &Slug, title: String, body: String) {
        self.titles.entry(title).or_insert_with(|| slug.clone());
        self.bodies.entry(body).or_insert_with(|| slug.clone());
    }
}

/// A meeting's body or an engagement's person, its first and last day as stored (ISO text,
/// which sorts as the days do) and its id.
type Dated = (String, String, String, String);

/// What is stored that a plan reads: read in a few queries before the first item and kept up
/// to date as the plan goes, so that an import of ten thousand items costs a handful of
/// queries, not several for each item.
#[derive(Default)]
struct Stored {
    /// The stored items at the addresses the import's items have.
    by_slug: HashMap<String, NewsItem>,
    /// Those of them an editor has saved since they were imported.
    edited: HashSet<String>,
    /// The items stored on each day the import's items have.
    days: HashMap<chrono::NaiveDate, SameDay>,
    /// The status of each proposal stored for those items, by item, kind and subject.
    proposals: HashMap<(String, String, String), String>,
    /// Meetings by body, and engagements by person.
    meetings: Vec<Dated>,
    engagements: Vec<Dated>,
}

/// A JSON array of `values`, for `json_each` to read back as rows.
fn json_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    serde_json::Value::from(values.into_iter().collect::<Vec<_>>()).to_string()
}

async fn stored(tx: &mut Transaction<'_, Sqlite>, items: &[ImportItem]) -> Result<Stored> {
    let mut s = Stored::default();
    let slugs = json_list(items.iter().map(|i| i.news.slug.as_str()));
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {NEWS_COLUMNS} FROM news n WHERE n.slug IN (SELECT value FROM json_each($1))"
    )))
    .bind(&slugs)
    .fetch_all(&mut **tx)
    .await?;
    for row in &rows {
        let n = news_from(row)?;
        if row.try_get::<bool, _>("edited")? {
            s.edited.insert(n.slug.as_str().to_owned());
        }
        s.by_slug.insert(n.slug.as_str().to_owned(), n);
    }
    let dates: HashSet<String> = items.iter().map(|i| iso(i.news.date)).collect();
    let rows = sqlx::query(
        "SELECT slug, title, body, date FROM news WHERE date IN (SELECT value FROM json_each($1))",
    )
    .bind(json_list(dates.iter().map(String::as_str)))
    .fetch_all(&mut **tx)
    .await?;
    // Proposals belong to stored items only (a foreign key holds it): those at the import's
    // addresses, and those on its days.
    let mut owners: HashSet<String> = s.by_slug.keys().cloned().collect();
    for row in &rows {
        let text: String = row.try_get("slug")?;
        let slug = Slug::parse(&text).map_err(|e| super::corrupt("news item", e.to_string()))?;
        let date: String = row.try_get("date")?;
        let date = cica_domain::parse_day(&date)
            .map_err(|e| super::corrupt("news item", e.to_string()))?;
        let (t, b): (String, String) = (row.try_get("title")?, row.try_get("body")?);
        s.days
            .entry(date)
            .or_default()
            .add(&slug, normal(&t), normal(&b));
        owners.insert(text);
    }
    let rows = if owners.is_empty() {
        Vec::new()
    } else {
        sqlx::query(
            "SELECT news, kind, subject, status FROM import_proposals \
             WHERE news IN (SELECT value FROM json_each($1))",
        )
        .bind(json_list(owners.iter().map(String::as_str)))
        .fetch_all(&mut **tx)
        .await?
    };
    for row in &rows {
        s.proposals.insert(
            (
                row.try_get("news")?,
                row.try_get("kind")?,
                row.try_get("subject")?,
            ),
            row.try_get("status")?,
        );
    }
    let proposes = |kind: ProposalKind| {
        items
            .iter()
            .flat_map(|i| &i.proposals)
            .any(|p| p.kind == kind && p.span.is_some())
    };
    let dated = |rows: Vec<(String, String, Option<String>, Option<String>)>| {
        rows.into_iter()
            .filter_map(|(id, who, start, end)| Some((who, start?, end?, id)))
            .collect::<Vec<Dated>>()
    };
    if proposes(ProposalKind::Meeting) {
        s.meetings = dated(
            sqlx::query_as("SELECT id, body, start_date, end_date FROM meetings")
                .fetch_all(&mut **tx)
                .await?,
        );
    }
    if proposes(ProposalKind::Engagement) {
        s.engagements = dated(
            sqlx::query_as(
                "SELECT e.id, p.person, e.start_date, e.end_date \
                 FROM engagements e JOIN engagement_people p ON p.engagement = e.id",
            )
            .fetch_all(&mut **tx)
            .await?,
        );
    }
    Ok(s)
}

fn decide(stored: &mut Stored, n: &NewsItem) -> ImportAction {
    if let Some(existing) = stored.by_slug.get(n.slug.as_str()) {
        return if same(existing, n) {
            ImportAction::Unchanged(existing.slug.clone())
        } else if existing.draft && stored.edited.contains(n.slug.as_str()) {
            ImportAction::Conflict(format!(
                "an editor has changed the draft at the address {}; it is left as it is",
                existing.slug
            ))
        } else if existing.draft {
            ImportAction::Update
        } else {
            ImportAction::Conflict(format!(
                "a published item has the address {}; it is left as it is",
                existing.slug
            ))
        };
    }
    // The same item under another address: same day and headline, or same text.
    let stored = stored.days.entry(n.date).or_default();
    let (title, body) = (normal(&n.title), normal(&n.body));
    let found = stored
        .titles
        .get(&title)
        .or_else(|| stored.bodies.get(&body));
    match found {
        Some(s) => ImportAction::Unchanged(s.clone()),
        None => {
            // Later items of this import meet it as stored, whether or not it is written.
            stored.add(&n.slug, title, body);
            ImportAction::Create
        }
    }
}

/// What is already stored of a proposal for the item stored as `news`: the proposal itself,
/// or the meeting or engagement it proposes.
fn proposal_status(
    stored: &Stored,
    news: &Slug,
    p: &Proposal,
    replaced: bool,
) -> Result<ProposalAction> {
    let key = (
        news.as_str().to_owned(),
        p.kind.as_str().to_owned(),
        p.subject.clone(),
    );
    match stored.proposals.get(&key).map(String::as_str) {
        // A pending proposal of a replaced draft is made again from the new text.
        Some("pending") if replaced => {}
        Some("pending") => return Ok(ProposalAction::Pending),
        // What an editor decided stays decided, even when the draft is replaced.
        Some(_) => return Ok(ProposalAction::Reviewed),
        None => {}
    }
    let (rows, who, span) = match (p.kind, p.span, &p.person) {
        (ProposalKind::Meeting, Some(span), _) => (&stored.meetings, p.subject.as_str(), span),
        (ProposalKind::Engagement, Some(span), Some(person)) => {
            (&stored.engagements, person.as_str(), span)
        }
        _ => return Ok(ProposalAction::Propose),
    };
    // The first by its first day, then by id, that overlaps the proposal's days.
    let (first, last) = (iso(span.start()), iso(span.end()));
    let recorded = rows
        .iter()
        .filter(|(w, start, end, _)| w == who && *start <= last && *end >= first)
        .min_by(|a, b| (&a.1, &a.3).cmp(&(&b.1, &b.3)));
    match recorded {
        Some((_, _, _, id)) => {
            Ok(ProposalAction::Recorded(Slug::parse(id).map_err(|e| {
                super::corrupt("meeting or engagement", e.to_string())
            })?))
        }
        None => Ok(ProposalAction::Propose),
    }
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
    let mut stored = stored(tx, items).await?;
    let mut out = Vec::with_capacity(items.len());
    let mut wrote = false;
    let mut seen: HashSet<&Slug> = HashSet::new();
    // Written after the plan, a few statements for all of them.
    let mut created: Vec<&NewsItem> = Vec::new();
    let mut proposed: Vec<(Slug, &Proposal)> = Vec::new();
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
        let action = decide(&mut stored, n);
        if apply {
            match &action {
                ImportAction::Create => created.push(n),
                ImportAction::Update => {
                    // Its pending proposals go with it (ON DELETE CASCADE) and are made again
                    // below; those an editor reviewed are kept as they are.
                    let reviewed = reviewed_proposals(tx, &n.slug).await?;
                    sqlx::query("DELETE FROM news WHERE slug = $1 AND draft = 1")
                        .bind(n.slug.as_str())
                        .execute(&mut **tx)
                        .await?;
                    let version = super::audit::next_version(tx).await?;
                    insert_news(tx, n, version).await?;
                    restore_proposals(tx, &n.slug, &reviewed).await?;
                }
                ImportAction::Unchanged(_) | ImportAction::Conflict(_) => {}
            }
            wrote |= matches!(action, ImportAction::Create | ImportAction::Update);
        }
        if action == ImportAction::Update {
            // A replaced draft's pending proposals go with it, those of earlier items of this
            // import included; later items meet it as it now reads.
            stored
                .proposals
                .retain(|(news, _, _), status| news != n.slug.as_str() || status != "pending");
            proposed.retain(|(news, _)| *news != n.slug);
            stored
                .days
                .entry(n.date)
                .or_default()
                .add(&n.slug, normal(&n.title), normal(&n.body));
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
                Some(t) => proposal_status(&stored, t, p, replaced)?,
                None => ProposalAction::Skipped,
            };
            subjects.push((p.kind, p.subject.as_str()));
            // Later items of this import meet it as stored, whether or not it is written:
            // a dry run says what the import would do.
            if status == ProposalAction::Propose
                && let Some(t) = target
            {
                stored.proposals.insert(
                    (
                        t.as_str().to_owned(),
                        p.kind.as_str().to_owned(),
                        p.subject.clone(),
                    ),
                    "pending".to_owned(),
                );
                if apply {
                    proposed.push((t.clone(), p));
                    wrote = true;
                }
            }
            proposals.push(status);
        }
        out.push(ImportOutcome { action, proposals });
    }
    if apply {
        let version = super::audit::next_version(tx).await?;
        insert_news_many(tx, &created, version).await?;
        insert_values(
            tx,
            "INSERT INTO import_proposals (news, kind, subject, person, title, place, start_date, end_date, evidence) ",
            " ON CONFLICT DO NOTHING",
            9,
            &proposed,
            |b, (news, p)| {
                b.push_bind(news.as_str());
                b.push_bind(p.kind.as_str());
                b.push_bind(p.subject.as_str());
                b.push_bind(p.person.as_ref().map(Slug::as_str));
                b.push_bind(p.title.as_deref());
                b.push_bind(p.place.as_deref());
                b.push_bind(p.span.map(|s| iso(s.start())));
                b.push_bind(p.span.map(|s| iso(s.end())));
                b.push_bind(p.evidence.as_str());
            },
        )
        .await?;
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
    on_disk: bool,
) -> Result<Vec<ImportOutcome>> {
    // In a database file, the import's pages are copied from the write-ahead log into the file
    // after it answers, not by its own commit (which SQLite does once the log passes a
    // thousand pages, as an import of a few megabytes does). Its connection is closed
    // afterwards, not given back to the pool, so that no later write on it goes without that
    // copy. A database in memory has no log, and lives only while a connection to it is open:
    // its connection goes back to the pool.
    let mut conn = pool.acquire().await?;
    if on_disk {
        conn.close_on_drop();
        sqlx::query("PRAGMA wal_autocheckpoint = 0")
            .execute(&mut *conn)
            .await?;
    }
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let (done, wrote) = plan_in(&mut tx, items, true).await?;
    if wrote {
        let mut changes = Vec::new();
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
            changes.push(
                Change::new("news.import", format!("news/{}", item.news.slug)).after(json!({
                    "action": outcome.action.label(),
                    "title": item.news.title,
                    "date": iso(item.news.date),
                    "proposals": proposed,
                })),
            );
        }
        append_many(&mut tx, by, changes).await?;
        // Drafts and pending proposals are the Secretariat's alone: the revision the public
        // sees (in ETags, and by what the caches keep) does not move for them.
    }
    tx.commit().await?;
    drop(conn);
    if wrote && on_disk {
        checkpoint_later(pool);
    }
    Ok(done)
}

/// Copies what the log holds into the database file, on the runtime's own time: a passive
/// checkpoint, which waits for no reader or writer (what it cannot copy yet, a later one does).
/// Until then the import is in the log, as any commit is under `synchronous = NORMAL`: whole,
/// and on the disk once the system writes it there or a checkpoint syncs it.
fn checkpoint_later(pool: &SqlitePool) {
    let pool = pool.clone();
    let copy = async move {
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            tracing::warn!(error = %e, "the write-ahead log was not copied into the database file");
        }
    };
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            rt.spawn(copy);
        }
        Err(_) => tracing::debug!("no runtime: the next commit copies the log"),
    }
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

pub(super) async fn publish_news(
    pool: &SqlitePool,
    slug: &Slug,
    expect: crate::Expect,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<(bool, i64)> =
        sqlx::query_as("SELECT draft, version FROM news WHERE slug = $1")
            .bind(slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    // Already published says so, whatever the version asked: there is nothing left to do.
    if let Some((true, version)) = stored {
        super::expected(
            expect,
            Some(crate::Version(version)),
            &format!("news item `{slug}`"),
        )?;
    }
    match stored.map(|(draft, _)| draft) {
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
    sqlx::query("UPDATE news SET draft = 0, version = $2 WHERE slug = $1")
        .bind(slug.as_str())
        .bind(super::audit::next_version(&mut tx).await?.0)
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

#[cfg(test)]
mod tests {
    use super::normal;

    #[test]
    fn a_text_is_compared_by_its_words_in_lower_case() {
        for (text, words) in [
            ("", ""),
            ("  Leaders met. ", "leaders met"),
            (
                "CICA's 2024 Summit—in Astana!",
                "cica s 2024 summit in astana",
            ),
            ("--a--B--", "a b"),
            ("Türkiye  and   ASTANA", "türkiye and astana"),
            ("ÇAĞRI, Ölçü", "çağri ölçü"),
        ] {
            assert_eq!(normal(text), words, "{text:?}");
        }
    }
}
