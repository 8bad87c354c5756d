//! Projects of the CICA Fund in SQLite. Participants, review steps and news are rows (what
//! they name cannot be deleted from under them); locations, budgets, transactions and results
//! are JSON arrays on the project's row, amounts in them as `{"minor": integer, "currency":
//! code}`, never as floating-point numbers.

use std::collections::HashMap;

use chrono::NaiveDate;
use cica_domain::fund::{
    Budget, BudgetStatus, BudgetType, Indicator, IndicatorMeasure, Location, Measurement, OrgRole,
    OrgType, Participant, Party, Project, ProjectResult, ReviewStage, ReviewStep, Transaction,
    TransactionType,
};
use cica_domain::money::{Currency, Money};
use cica_domain::{Dataset, Slug};
use serde_json::{Value, json};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction as Tx};

use super::audit;
use super::{code, corrupt, insert_links, keyword, list, provenance, slug, strings, to_json};
use crate::{Attribution, Expect, Result, StoreError, Version};

/// Tables of this module, children first, for `replace_all`.
pub(super) const TABLES: &[&str] = &[
    "fund_project_news",
    "fund_project_steps",
    "fund_project_participants",
    "fund_projects",
];

/// A project's row with its participants, steps and news, as the audit trail keeps it.
const SNAPSHOT: &str = "SELECT p.*, \
    (SELECT json_group_array(json_object('role', x.role, 'state', x.state, 'organization', x.organization, \
        'name', x.name, 'org_type', x.org_type)) \
     FROM (SELECT * FROM fund_project_participants WHERE project = p.id ORDER BY seq) AS x) AS participants, \
    (SELECT json_group_array(json_object('stage', s.stage, 'day', s.day, 'decision', s.decision, 'note', s.note)) \
     FROM (SELECT * FROM fund_project_steps WHERE project = p.id ORDER BY seq) AS s) AS steps, \
    (SELECT json_group_array(n.news) FROM (SELECT news FROM fund_project_news WHERE project = p.id ORDER BY seq) AS n) AS news \
    FROM fund_projects p WHERE p.id = $1";

const R: &str = "Fund project";

fn bad(problem: impl Into<String>) -> StoreError {
    corrupt(R, problem)
}

// ---------------------------------------------------------------------------------------------
// JSON of the nested parts.

fn money_json(m: Money) -> Value {
    json!({"minor": m.minor(), "currency": m.currency().code()})
}

fn money_from(v: &Value) -> Result<Money> {
    let minor = v["minor"]
        .as_i64()
        .ok_or_else(|| bad("an amount without minor units"))?;
    let currency = v["currency"]
        .as_str()
        .ok_or_else(|| bad("an amount without its currency"))?;
    let currency = Currency::parse(currency).map_err(|e| bad(e.to_string()))?;
    Money::from_minor(minor, currency).map_err(|e| bad(e.to_string()))
}

fn day_json(d: NaiveDate) -> Value {
    Value::from(d.format("%Y-%m-%d").to_string())
}

fn day_from(v: &Value) -> Result<NaiveDate> {
    super::day(R, v.as_str().ok_or_else(|| bad("a missing day"))?)
}

fn text_from(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn party_json(p: &Option<Party>) -> Value {
    match p {
        None => Value::Null,
        Some(Party::State(s)) => json!({"state": s.as_str()}),
        Some(Party::Organization(o)) => json!({"organization": o.as_str()}),
        Some(Party::Named { name, kind }) => json!({"name": name, "org_type": kind.as_str()}),
    }
}

fn party_from(v: &Value) -> Result<Option<Party>> {
    if v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v["state"].as_str() {
        return Ok(Some(Party::State(code(R, s)?)));
    }
    if let Some(o) = v["organization"].as_str() {
        return Ok(Some(Party::Organization(slug(R, o)?)));
    }
    let name = text_from(&v["name"]).ok_or_else(|| bad("a party without a name"))?;
    let kind = v["org_type"].as_str().unwrap_or("other");
    Ok(Some(Party::Named {
        name,
        kind: keyword(R, kind, OrgType::parse)?,
    }))
}

fn measurement_json(m: &Option<Measurement>) -> Value {
    match m {
        None => Value::Null,
        Some(m) => {
            json!({"day": day_json(m.year_or_day), "value": m.value, "comment": m.comment})
        }
    }
}

fn measurement_from(v: &Value) -> Result<Option<Measurement>> {
    if v.is_null() {
        return Ok(None);
    }
    Ok(Some(Measurement {
        year_or_day: day_from(&v["day"])?,
        value: text_from(&v["value"]).unwrap_or_default(),
        comment: text_from(&v["comment"]),
    }))
}

fn locations_json(p: &Project) -> String {
    Value::from(
        p.locations
            .iter()
            .map(|l| json!({"name": l.name, "country": l.country, "note": l.note}))
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn budgets_json(p: &Project) -> String {
    Value::from(
        p.budgets
            .iter()
            .map(|b| {
                json!({
                    "kind": b.kind.as_str(), "status": b.status.as_str(),
                    "start": day_json(b.start), "end": day_json(b.end),
                    "value": money_json(b.value), "value_date": day_json(b.value_date),
                })
            })
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn transactions_json(p: &Project) -> String {
    Value::from(
        p.transactions
            .iter()
            .map(|t| {
                let party_key = |party: &Option<Party>| match party {
                    Some(Party::Organization(o)) => Value::from(o.as_str()),
                    _ => Value::Null,
                };
                json!({
                    "kind": t.kind.as_str(), "day": day_json(t.day),
                    "value": money_json(t.value), "value_date": day_json(t.value_date),
                    "provider": party_json(&t.provider), "receiver": party_json(&t.receiver),
                    // Kept flat beside the parties for the deletion checks' queries.
                    "provider_organization": party_key(&t.provider),
                    "receiver_organization": party_key(&t.receiver),
                    "description": t.description,
                    "contribution": t.contribution.as_ref().map(Slug::as_str),
                })
            })
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn results_json(p: &Project) -> String {
    Value::from(
        p.results
            .iter()
            .map(|r| {
                json!({
                    "title": r.title, "description": r.description,
                    "indicators": r.indicators.iter().map(|i| json!({
                        "title": i.title, "measure": i.measure.as_str(), "unit": i.unit,
                        "baseline": measurement_json(&i.baseline),
                        "target": measurement_json(&i.target),
                        "actual": measurement_json(&i.actual),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn array(row: &SqliteRow, col: &str) -> Result<Vec<Value>> {
    let text: String = row.try_get(col)?;
    match serde_json::from_str(&text).map_err(|e| bad(e.to_string()))? {
        Value::Array(items) => Ok(items),
        _ => Err(bad(format!("{col} is not a list"))),
    }
}

fn opt_day(row: &SqliteRow, col: &str) -> Result<Option<NaiveDate>> {
    let v: Option<String> = row.try_get(col)?;
    v.map(|t| super::day(R, &t)).transpose()
}

fn project_from(
    row: &SqliteRow,
    participants: Vec<Participant>,
    review: Vec<ReviewStep>,
    news: Vec<Slug>,
) -> Result<Project> {
    let id: String = row.try_get("id")?;
    let proposed: String = row.try_get("proposed_by")?;
    let locations = array(row, "locations")?
        .iter()
        .map(|l| {
            Ok(Location {
                name: text_from(&l["name"]).unwrap_or_default(),
                country: text_from(&l["country"]).unwrap_or_default(),
                note: text_from(&l["note"]),
            })
        })
        .collect::<Result<_>>()?;
    let budgets = array(row, "budgets")?
        .iter()
        .map(|b| {
            Ok(Budget {
                kind: keyword(R, b["kind"].as_str().unwrap_or(""), BudgetType::parse)?,
                status: keyword(R, b["status"].as_str().unwrap_or(""), BudgetStatus::parse)?,
                start: day_from(&b["start"])?,
                end: day_from(&b["end"])?,
                value: money_from(&b["value"])?,
                value_date: day_from(&b["value_date"])?,
            })
        })
        .collect::<Result<_>>()?;
    let transactions = array(row, "transactions")?
        .iter()
        .map(|t| {
            Ok(Transaction {
                kind: keyword(R, t["kind"].as_str().unwrap_or(""), TransactionType::parse)?,
                day: day_from(&t["day"])?,
                value: money_from(&t["value"])?,
                value_date: day_from(&t["value_date"])?,
                provider: party_from(&t["provider"])?,
                receiver: party_from(&t["receiver"])?,
                description: text_from(&t["description"]),
                contribution: t["contribution"].as_str().map(|c| slug(R, c)).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    let results = array(row, "results")?
        .iter()
        .map(|r| {
            let indicators = r["indicators"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|i| {
                    Ok(Indicator {
                        title: text_from(&i["title"]).unwrap_or_default(),
                        measure: keyword(
                            R,
                            i["measure"].as_str().unwrap_or(""),
                            IndicatorMeasure::parse,
                        )?,
                        unit: text_from(&i["unit"]),
                        baseline: measurement_from(&i["baseline"])?,
                        target: measurement_from(&i["target"])?,
                        actual: measurement_from(&i["actual"])?,
                    })
                })
                .collect::<Result<_>>()?;
            Ok(ProjectResult {
                title: text_from(&r["title"]).unwrap_or_default(),
                description: text_from(&r["description"]),
                indicators,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Project {
        id: slug(R, &id)?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        proposed_by: code(R, &proposed)?,
        participants,
        review,
        planned_start: opt_day(row, "planned_start")?,
        actual_start: opt_day(row, "actual_start")?,
        planned_end: opt_day(row, "planned_end")?,
        actual_end: opt_day(row, "actual_end")?,
        locations,
        recipient_countries: list(row, "recipient_countries")?,
        budgets,
        transactions,
        results,
        news,
        provenance: provenance(row)?,
    })
}

fn participant_from(row: &SqliteRow) -> Result<Participant> {
    let role: String = row.try_get("role")?;
    let state: Option<String> = row.try_get("state")?;
    let organization: Option<String> = row.try_get("organization")?;
    let name: Option<String> = row.try_get("name")?;
    let org_type: Option<String> = row.try_get("org_type")?;
    let party = match (state, organization, name) {
        (Some(s), _, _) => Party::State(code(R, &s)?),
        (_, Some(o), _) => Party::Organization(slug(R, &o)?),
        (_, _, Some(name)) => Party::Named {
            name,
            kind: keyword(R, org_type.as_deref().unwrap_or("other"), OrgType::parse)?,
        },
        _ => return Err(bad("a participant without a party")),
    };
    Ok(Participant {
        party,
        role: keyword(R, &role, OrgRole::parse)?,
    })
}

fn step_from(row: &SqliteRow) -> Result<ReviewStep> {
    let stage: String = row.try_get("stage")?;
    let decision: Option<String> = row.try_get("decision")?;
    Ok(ReviewStep {
        stage: keyword(R, &stage, ReviewStage::parse)?,
        day: opt_day(row, "day")?,
        decided_by: decision.map(|d| slug(R, &d)).transpose()?,
        note: row.try_get("note")?,
    })
}

async fn read(pool: &SqlitePool, id: Option<&Slug>) -> Result<Vec<(Project, Version)>> {
    let key = id.map(Slug::as_str);
    let rows = sqlx::query("SELECT * FROM fund_projects WHERE $1 IS NULL OR id = $1 ORDER BY id")
        .bind(key)
        .fetch_all(pool)
        .await?;
    let child = |table: &'static str| {
        // The table names are fixed strings of this module, never input.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT * FROM {table} WHERE $1 IS NULL OR project = $1 ORDER BY project, seq"
        )))
        .bind(key)
        .fetch_all(pool)
    };
    let participant_rows = child("fund_project_participants").await?;
    let step_rows = child("fund_project_steps").await?;
    let news_rows = child("fund_project_news").await?;
    let mut participants: HashMap<String, Vec<Participant>> = HashMap::new();
    for row in &participant_rows {
        let owner: String = row.try_get("project")?;
        participants
            .entry(owner)
            .or_default()
            .push(participant_from(row)?);
    }
    let mut steps: HashMap<String, Vec<ReviewStep>> = HashMap::new();
    for row in &step_rows {
        let owner: String = row.try_get("project")?;
        steps.entry(owner).or_default().push(step_from(row)?);
    }
    let mut news: HashMap<String, Vec<Slug>> = HashMap::new();
    for row in &news_rows {
        let owner: String = row.try_get("project")?;
        let n: String = row.try_get("news")?;
        news.entry(owner).or_default().push(slug(R, &n)?);
    }
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let version: i64 = row.try_get("version")?;
            let p = project_from(
                row,
                participants.remove(&id).unwrap_or_default(),
                steps.remove(&id).unwrap_or_default(),
                news.remove(&id).unwrap_or_default(),
            )?;
            Ok((p, Version(version)))
        })
        .collect()
}

/// Every project with its version, by id.
pub(super) async fn projects(pool: &SqlitePool) -> Result<Vec<(Project, Version)>> {
    read(pool, None).await
}

/// One project with its version.
pub(super) async fn project(pool: &SqlitePool, id: &Slug) -> Result<Option<(Project, Version)>> {
    Ok(read(pool, Some(id)).await?.into_iter().next())
}

async fn write_one(tx: &mut Tx<'_, Sqlite>, p: &Project, version: Version) -> Result<()> {
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    sqlx::query(
        "INSERT INTO fund_projects (id, title, description, proposed_by, planned_start, actual_start, \
         planned_end, actual_end, recipient_countries, locations, budgets, transactions, results, \
         unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(p.id.as_str())
    .bind(&p.title)
    .bind(&p.description)
    .bind(p.proposed_by.as_str())
    .bind(day(p.planned_start))
    .bind(day(p.actual_start))
    .bind(day(p.planned_end))
    .bind(day(p.actual_end))
    .bind(to_json(&p.recipient_countries))
    .bind(locations_json(p))
    .bind(budgets_json(p))
    .bind(transactions_json(p))
    .bind(results_json(p))
    .bind(p.provenance.unconfirmed)
    .bind(p.provenance.note.as_deref())
    .bind(to_json(&p.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    for (seq, x) in p.participants.iter().enumerate() {
        let (state, organization, name, org_type) = match &x.party {
            Party::State(s) => (Some(s.as_str()), None, None, None),
            Party::Organization(o) => (None, Some(o.as_str()), None, None),
            Party::Named { name, kind } => (None, None, Some(name.as_str()), Some(kind.as_str())),
        };
        sqlx::query(
            "INSERT INTO fund_project_participants (project, seq, role, state, organization, name, org_type) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(p.id.as_str())
        .bind(seq as i64)
        .bind(x.role.as_str())
        .bind(state)
        .bind(organization)
        .bind(name)
        .bind(org_type)
        .execute(&mut **tx)
        .await?;
    }
    for (seq, s) in p.review.iter().enumerate() {
        sqlx::query(
            "INSERT INTO fund_project_steps (project, seq, stage, day, decision, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(p.id.as_str())
        .bind(seq as i64)
        .bind(s.stage.as_str())
        .bind(day(s.day))
        .bind(s.decided_by.as_ref().map(Slug::as_str))
        .bind(s.note.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    insert_links(
        tx,
        "INSERT INTO fund_project_news (project, seq, news) ",
        p.id.as_str(),
        &strings(&p.news),
    )
    .await
}

/// Writes the dataset's projects, after the records they refer to and before the
/// contributions that name them.
pub(super) async fn write(tx: &mut Tx<'_, Sqlite>, ds: &Dataset) -> Result<()> {
    let version = audit::next_version(tx).await?;
    for p in &ds.fund_projects {
        write_one(tx, p, version).await?;
    }
    Ok(())
}

/// Creates or replaces a project when the stored version is the one expected.
pub(super) async fn save(
    pool: &SqlitePool,
    p: &Project,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM fund_projects WHERE id = $1")
        .bind(p.id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("Fund project `{}`", p.id),
    )?;
    super::proposals::project_references(&mut tx, p).await?;
    let before = audit::snapshot_of(&mut tx, SNAPSHOT, p.id.as_str()).await?;
    let version = audit::next_version(&mut tx).await?;
    // The contributions that name the project keep naming it across the rewrite.
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM fund_projects WHERE id = $1")
        .bind(p.id.as_str())
        .execute(&mut *tx)
        .await?;
    write_one(&mut tx, p, version).await?;
    audit::write_of(
        &mut tx,
        "fund_project",
        format!("fund_project/{}", p.id),
        SNAPSHOT,
        p.id.as_str(),
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}
