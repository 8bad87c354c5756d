//! Money in SQLite: contributions with their movements. Amounts are kept as integers of the
//! currency's minor unit beside the currency's code, never as floating-point numbers.

use std::collections::HashMap;

use cica_domain::money::{
    AmountVisibility, Contribution, ContributionKind, Contributor, ContributorKind, Currency,
    FinancialReport, InKindForm, Money, Movement, Recipient, ReportKind, Stage,
};
use cica_domain::{Dataset, Slug};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction};

use super::audit;
use super::{code, corrupt, insert_links, keyword, partial, provenance, slug, strings, to_json};
use crate::{Attribution, Expect, Result, Version};

/// Tables of this module, children first, for `replace_all`.
pub(super) const TABLES: &[&str] = &[
    "financial_reports",
    "contribution_news",
    "contribution_movements",
    "contributions",
];

/// A contribution's row with its movements and news, as the audit trail keeps it.
const SNAPSHOT: &str = "SELECT c.*, \
    (SELECT json_group_array(json_object('stage', m.stage, 'day', m.day, 'amount_minor', m.amount_minor, \
        'currency', m.currency, 'document', m.document, 'note', m.note)) \
     FROM (SELECT * FROM contribution_movements WHERE contribution = c.id ORDER BY seq) AS m) AS movements, \
    (SELECT json_group_array(n.news) FROM (SELECT news FROM contribution_news WHERE contribution = c.id ORDER BY seq) AS n) AS news \
    FROM contributions c WHERE c.id = $1";

const R: &str = "contribution";

fn movement_from(row: &SqliteRow) -> Result<Movement> {
    let stage: String = row.try_get("stage")?;
    let day: String = row.try_get("day")?;
    let minor: Option<i64> = row.try_get("amount_minor")?;
    let currency: Option<String> = row.try_get("currency")?;
    let amount = match (minor, currency) {
        (Some(minor), Some(c)) => {
            let currency = Currency::parse(&c).map_err(|e| corrupt(R, e.to_string()))?;
            Some(Money::from_minor(minor, currency).map_err(|e| corrupt(R, e.to_string()))?)
        }
        (None, None) => None,
        _ => return Err(corrupt(R, "an amount without its currency")),
    };
    Ok(Movement {
        stage: keyword(R, &stage, Stage::parse)?,
        day: partial(R, Some(day))?.ok_or_else(|| corrupt(R, "a movement without its day"))?,
        amount,
        document: row.try_get("document")?,
        note: row.try_get("note")?,
    })
}

fn contributor_from(row: &SqliteRow) -> Result<Contributor> {
    let kind: String = row.try_get("contributor_type")?;
    let text = |col: &str| -> Result<String> {
        let v: Option<String> = row.try_get(col)?;
        v.ok_or_else(|| corrupt(R, format!("no {col}")))
    };
    Ok(match kind.as_str() {
        "state" => Contributor::State(code(R, &text("contributor_state")?)?),
        "organization" => Contributor::Organization(slug(R, &text("contributor_org")?)?),
        "person" => Contributor::Person(slug(R, &text("contributor_person")?)?),
        "named" => {
            let k: Option<String> = row.try_get("contributor_kind")?;
            Contributor::Named {
                name: text("contributor_name")?,
                kind: match k {
                    Some(k) => keyword(R, &k, ContributorKind::parse)?,
                    None => ContributorKind::Other,
                },
            }
        }
        other => return Err(corrupt(R, format!("unknown contributor type `{other}`"))),
    })
}

fn contribution_from(
    row: &SqliteRow,
    movements: Vec<Movement>,
    news: Vec<Slug>,
) -> Result<Contribution> {
    let id: String = row.try_get("id")?;
    let recipient: String = row.try_get("recipient")?;
    let kind: String = row.try_get("kind")?;
    let in_kind: Option<String> = row.try_get("in_kind")?;
    let project: Option<String> = row.try_get("project")?;
    let visibility: String = row.try_get("visibility")?;
    Ok(Contribution {
        id: slug(R, &id)?,
        contributor: contributor_from(row)?,
        recipient: keyword(R, &recipient, Recipient::parse)?,
        kind: keyword(R, &kind, ContributionKind::parse)?,
        in_kind: in_kind
            .map(|k| keyword(R, &k, InKindForm::parse))
            .transpose()?,
        project: project.map(|p| slug(R, &p)).transpose()?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        visibility: keyword(R, &visibility, AmountVisibility::parse)?,
        movements,
        excess_note: row.try_get("excess_note")?,
        news,
        provenance: provenance(row)?,
    })
}

async fn read(pool: &SqlitePool, id: Option<&Slug>) -> Result<Vec<(Contribution, Version)>> {
    let key = id.map(Slug::as_str);
    let rows = sqlx::query("SELECT * FROM contributions WHERE $1 IS NULL OR id = $1")
        .bind(key)
        .fetch_all(pool)
        .await?;
    let movement_rows = sqlx::query(
        "SELECT * FROM contribution_movements WHERE $1 IS NULL OR contribution = $1 ORDER BY contribution, seq",
    )
    .bind(key)
    .fetch_all(pool)
    .await?;
    let news_rows = sqlx::query(
        "SELECT contribution, news FROM contribution_news WHERE $1 IS NULL OR contribution = $1 ORDER BY contribution, seq",
    )
    .bind(key)
    .fetch_all(pool)
    .await?;
    let mut movements: HashMap<String, Vec<Movement>> = HashMap::new();
    for row in &movement_rows {
        let owner: String = row.try_get("contribution")?;
        movements
            .entry(owner)
            .or_default()
            .push(movement_from(row)?);
    }
    let mut news: HashMap<String, Vec<Slug>> = HashMap::new();
    for row in &news_rows {
        let owner: String = row.try_get("contribution")?;
        let n: String = row.try_get("news")?;
        news.entry(owner).or_default().push(slug(R, &n)?);
    }
    let mut out = rows
        .iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let version: i64 = row.try_get("version")?;
            let c = contribution_from(
                row,
                movements.remove(&id).unwrap_or_default(),
                news.remove(&id).unwrap_or_default(),
            )?;
            Ok((c, Version(version)))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|(a, _), (b, _)| (a.first_day(), &a.id).cmp(&(b.first_day(), &b.id)));
    Ok(out)
}

/// Every contribution with its version, oldest first.
pub(super) async fn contributions(pool: &SqlitePool) -> Result<Vec<(Contribution, Version)>> {
    read(pool, None).await
}

/// One contribution with its version.
pub(super) async fn contribution(
    pool: &SqlitePool,
    id: &Slug,
) -> Result<Option<(Contribution, Version)>> {
    Ok(read(pool, Some(id)).await?.into_iter().next())
}

/// Writes a contribution with its movements and news, at `version`.
async fn write_one(
    tx: &mut Transaction<'_, Sqlite>,
    c: &Contribution,
    version: Version,
) -> Result<()> {
    let (kind, state, org, person, name, named_kind) = match &c.contributor {
        Contributor::State(s) => ("state", Some(s.as_str()), None, None, None, None),
        Contributor::Organization(o) => ("organization", None, Some(o.as_str()), None, None, None),
        Contributor::Person(p) => ("person", None, None, Some(p.as_str()), None, None),
        Contributor::Named { name, kind } => (
            "named",
            None,
            None,
            None,
            Some(name.as_str()),
            Some(kind.as_str()),
        ),
    };
    sqlx::query(
        "INSERT INTO contributions (id, contributor_type, contributor_state, contributor_org, contributor_person, \
         contributor_name, contributor_kind, recipient, kind, in_kind, project, title, description, visibility, \
         excess_note, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(c.id.as_str())
    .bind(kind)
    .bind(state)
    .bind(org)
    .bind(person)
    .bind(name)
    .bind(named_kind)
    .bind(c.recipient.as_str())
    .bind(c.kind.as_str())
    .bind(c.in_kind.map(|k| k.as_str()))
    .bind(c.project.as_ref().map(Slug::as_str))
    .bind(&c.title)
    .bind(&c.description)
    .bind(c.visibility.as_str())
    .bind(c.excess_note.as_deref())
    .bind(c.provenance.unconfirmed)
    .bind(c.provenance.note.as_deref())
    .bind(to_json(&c.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    for (seq, m) in c.movements.iter().enumerate() {
        sqlx::query(
            "INSERT INTO contribution_movements (contribution, seq, stage, day, amount_minor, currency, document, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.id.as_str())
        .bind(seq as i64)
        .bind(m.stage.as_str())
        .bind(m.day.to_string())
        .bind(m.amount.map(Money::minor))
        .bind(m.amount.map(|a| a.currency().code()))
        .bind(m.document.as_deref())
        .bind(m.note.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    insert_links(
        tx,
        "INSERT INTO contribution_news (contribution, seq, news) ",
        c.id.as_str(),
        &strings(&c.news),
    )
    .await
}

/// Writes the dataset's contributions, after the records they refer to.
pub(super) async fn write(tx: &mut Transaction<'_, Sqlite>, ds: &Dataset) -> Result<()> {
    let version = audit::next_version(tx).await?;
    for c in &ds.contributions {
        write_one(tx, c, version).await?;
    }
    for r in &ds.financial_reports {
        write_report(tx, r, version).await?;
    }
    Ok(())
}

/// Writes one financial report at `version`.
async fn write_report(
    tx: &mut Transaction<'_, Sqlite>,
    r: &FinancialReport,
    version: Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO financial_reports (id, kind, from_date, to_date, auditor, document, decision, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(r.id.as_str())
    .bind(r.kind.as_str())
    .bind(r.from.format("%Y-%m-%d").to_string())
    .bind(r.to.format("%Y-%m-%d").to_string())
    .bind(r.auditor.as_deref())
    .bind(r.document.as_ref().map(Slug::as_str))
    .bind(r.decision.as_ref().map(Slug::as_str))
    .bind(r.provenance.unconfirmed)
    .bind(r.provenance.note.as_deref())
    .bind(to_json(&r.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const REPORT_SNAPSHOT: &str = "SELECT * FROM financial_reports WHERE id = $1";

/// Records or replaces a financial report when what is stored is what `expect` says, with
/// its audit entry.
pub(super) async fn save_report(
    pool: &SqlitePool,
    r: &FinancialReport,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> =
        sqlx::query_scalar("SELECT version FROM financial_reports WHERE id = $1")
            .bind(r.id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("financial report `{}`", r.id),
    )?;
    super::proposals::financial_report_references(&mut tx, r).await?;
    let before = audit::snapshot_of(&mut tx, REPORT_SNAPSHOT, r.id.as_str()).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query("DELETE FROM financial_reports WHERE id = $1")
        .bind(r.id.as_str())
        .execute(&mut *tx)
        .await?;
    write_report(&mut tx, r, version).await?;
    audit::write_of(
        &mut tx,
        "financial_report",
        format!("financial_report/{}", r.id),
        REPORT_SNAPSHOT,
        r.id.as_str(),
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Deletes a financial report recorded in error when the stored version is the one expected.
pub(super) async fn delete_report(
    pool: &SqlitePool,
    id: &Slug,
    expect: Expect,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> =
        sqlx::query_scalar("SELECT version FROM financial_reports WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("financial report `{id}`"),
    )?;
    super::deleted(
        &mut tx,
        REPORT_SNAPSHOT,
        "financial_reports",
        "id",
        id.as_str(),
        "financial_report",
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One financial report with its version.
pub(super) async fn financial_report(
    pool: &SqlitePool,
    id: &Slug,
) -> Result<Option<(FinancialReport, Version)>> {
    let row = sqlx::query("SELECT * FROM financial_reports WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    row.map(|row| {
        let version: i64 = row.try_get("version")?;
        Ok((report_from(&row)?, Version(version)))
    })
    .transpose()
}

fn report_from(row: &SqliteRow) -> Result<FinancialReport> {
    let r = "financial report";
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let from: String = row.try_get("from_date")?;
    let to: String = row.try_get("to_date")?;
    let document: Option<String> = row.try_get("document")?;
    let decision: Option<String> = row.try_get("decision")?;
    Ok(FinancialReport {
        id: slug(r, &id)?,
        kind: keyword(r, &kind, ReportKind::parse)?,
        from: super::day(r, &from)?,
        to: super::day(r, &to)?,
        auditor: row.try_get("auditor")?,
        document: document.map(|d| slug(r, &d)).transpose()?,
        decision: decision.map(|d| slug(r, &d)).transpose()?,
        provenance: provenance(row)?,
    })
}

/// Every financial report and audit, by the first day of its period.
pub(super) async fn financial_reports(pool: &SqlitePool) -> Result<Vec<FinancialReport>> {
    let rows = sqlx::query("SELECT * FROM financial_reports ORDER BY from_date, id")
        .fetch_all(pool)
        .await?;
    rows.iter().map(report_from).collect()
}

/// Creates or replaces a contribution when the stored version is the one expected.
pub(super) async fn save(
    pool: &SqlitePool,
    c: &Contribution,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM contributions WHERE id = $1")
        .bind(c.id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("contribution `{}`", c.id),
    )?;
    super::proposals::contribution_references(&mut tx, c).await?;
    let before = audit::snapshot_of(&mut tx, SNAPSHOT, c.id.as_str()).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query("DELETE FROM contributions WHERE id = $1")
        .bind(c.id.as_str())
        .execute(&mut *tx)
        .await?;
    write_one(&mut tx, c, version).await?;
    audit::write_of(
        &mut tx,
        "contribution",
        format!("contribution/{}", c.id),
        SNAPSHOT,
        c.id.as_str(),
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Deletes a contribution when the stored version is the one expected.
pub(super) async fn delete(
    pool: &SqlitePool,
    id: &Slug,
    expect: Expect,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM contributions WHERE id = $1")
        .bind(id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let what = format!("contribution `{id}`");
    super::expected(expect, stored.map(Version), &what)?;
    let referrers: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT 'Fund project `' || p.id || '` (a transaction drawing on it)' \
         FROM fund_projects p, json_each(p.transactions) t WHERE t.value ->> 'contribution' = $1",
    )
    .bind(id.as_str())
    .fetch_all(&mut *tx)
    .await?;
    super::refused_while_referred(&what, &referrers)?;
    super::deleted(&mut tx, SNAPSHOT, "contributions", "id", id.as_str(), R, by).await?;
    tx.commit().await?;
    Ok(())
}
