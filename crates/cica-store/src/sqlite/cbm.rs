//! The Catalogue of CBMs in SQLite: priority areas with their terms and plans, and the
//! activities that implemented them.

use std::collections::HashMap;

use cica_domain::cbm::{
    ActionPlan, Activity, ActivityKind, CbmRole, CoordinatorTerm, Dimension, PriorityArea, Report,
    ReportingRound,
};
use cica_domain::decision::Visibility;
use cica_domain::{Dataset, DateSpan, Slug, StateCode};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, Sqlite, Transaction};

use super::audit;
use super::{
    code, corrupt, day, insert_links, keyword, list, opt_slug, partial, provenance, slug, strings,
    to_json,
};
use crate::{Attribution, Expect, Result, StoreError, Version};

/// Tables of this module, children first, for `replace_all`.
pub(super) const TABLES: &[&str] = &[
    "cbm_activity_news",
    "cbm_activity_meetings",
    "cbm_activity_organizations",
    "cbm_activity_states",
    "cbm_activities",
    "cbm_plans",
    "cbm_terms",
    "cbm_areas",
];

fn term_from(row: &SqliteRow) -> Result<CoordinatorTerm> {
    let r = "CBM coordinator term";
    let state: String = row.try_get("state")?;
    let role: String = row.try_get("role")?;
    let from: String = row.try_get("from_date")?;
    let until: Option<String> = row.try_get("until_date")?;
    Ok(CoordinatorTerm {
        state: code(r, &state)?,
        role: keyword(r, &role, CbmRole::parse)?,
        from: partial(r, Some(from))?.ok_or_else(|| corrupt(r, "no first day"))?,
        until: partial(r, until)?,
        decided_by: opt_slug(r, row.try_get("decision")?)?,
        provenance: provenance(row)?,
    })
}

fn plan_from(row: &SqliteRow) -> Result<ActionPlan> {
    let r = "CBM action plan";
    let first: i64 = row.try_get("first_year")?;
    let last: i64 = row.try_get("last_year")?;
    let year = |y: i64| i32::try_from(y).map_err(|e| corrupt(r, e.to_string()));
    let adopted: Option<String> = row.try_get("adopted")?;
    Ok(ActionPlan {
        first_year: year(first)?,
        last_year: year(last)?,
        adopted: partial(r, adopted)?,
        decided_by: opt_slug(r, row.try_get("decision")?)?,
        provenance: provenance(row)?,
    })
}

fn area_from(
    row: &SqliteRow,
    terms: Vec<CoordinatorTerm>,
    plans: Vec<ActionPlan>,
) -> Result<PriorityArea> {
    let r = "CBM priority area";
    let s: String = row.try_get("slug")?;
    let dimension: String = row.try_get("dimension")?;
    Ok(PriorityArea {
        slug: slug(r, &s)?,
        dimension: keyword(r, &dimension, Dimension::parse)?,
        name: row.try_get("name")?,
        short_name: row.try_get("short_name")?,
        description: row.try_get("description")?,
        measures: list(row, "measures")?,
        terms,
        plans,
        provenance: provenance(row)?,
    })
}

/// Rows of a child table grouped by their owner's key, in their order.
fn grouped<T>(
    rows: &[SqliteRow],
    owner: &str,
    from: impl Fn(&SqliteRow) -> Result<T>,
) -> Result<HashMap<String, Vec<T>>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        let key: String = row.try_get(owner)?;
        out.entry(key).or_default().push(from(row)?);
    }
    Ok(out)
}

async fn areas_where(
    pool: &SqlitePool,
    slug_filter: Option<&Slug>,
) -> Result<Vec<(PriorityArea, Version)>> {
    let key = slug_filter.map(Slug::as_str);
    let rows = sqlx::query("SELECT * FROM cbm_areas WHERE $1 IS NULL OR slug = $1")
        .bind(key)
        .fetch_all(pool)
        .await?;
    let term_rows =
        sqlx::query("SELECT * FROM cbm_terms WHERE $1 IS NULL OR area = $1 ORDER BY area, seq")
            .bind(key)
            .fetch_all(pool)
            .await?;
    let plan_rows =
        sqlx::query("SELECT * FROM cbm_plans WHERE $1 IS NULL OR area = $1 ORDER BY area, seq")
            .bind(key)
            .fetch_all(pool)
            .await?;
    let mut terms = grouped(&term_rows, "area", term_from)?;
    let mut plans = grouped(&plan_rows, "area", plan_from)?;
    let mut out = rows
        .iter()
        .map(|row| {
            let s: String = row.try_get("slug")?;
            let version: i64 = row.try_get("version")?;
            let position: i64 = row.try_get("position")?;
            let area = area_from(
                row,
                terms.remove(&s).unwrap_or_default(),
                plans.remove(&s).unwrap_or_default(),
            )?;
            Ok((area, Version(version), position))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|(a, _, p), (b, _, q)| (a.dimension, p, &a.slug).cmp(&(b.dimension, q, &b.slug)));
    Ok(out.into_iter().map(|(a, v, _)| (a, v)).collect())
}

/// Every priority area, by dimension and in the Catalogue's order within it.
pub(super) async fn areas(pool: &SqlitePool) -> Result<Vec<PriorityArea>> {
    Ok(areas_where(pool, None)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// One priority area with its version.
pub(super) async fn area(pool: &SqlitePool, s: &Slug) -> Result<Option<(PriorityArea, Version)>> {
    Ok(areas_where(pool, Some(s)).await?.into_iter().next())
}

/// Activities, of one area or of all, oldest first.
pub(super) async fn activities(pool: &SqlitePool, area: Option<&Slug>) -> Result<Vec<Activity>> {
    Ok(activities_where(pool, area, None)
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// One activity with its version.
pub(super) async fn activity(pool: &SqlitePool, s: &Slug) -> Result<Option<(Activity, Version)>> {
    Ok(activities_where(pool, None, Some(s))
        .await?
        .into_iter()
        .next())
}

/// Activities with their versions: of one area or of all, or the one with a slug.
async fn activities_where(
    pool: &SqlitePool,
    area: Option<&Slug>,
    one: Option<&Slug>,
) -> Result<Vec<(Activity, Version)>> {
    let key = area.map(Slug::as_str);
    let only = one.map(Slug::as_str);
    let rows = sqlx::query(
        "SELECT * FROM cbm_activities WHERE ($1 IS NULL OR area = $1) AND ($2 IS NULL OR slug = $2) \
         ORDER BY start_date, slug",
    )
    .bind(key)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let links = |table: &'static str, column: &'static str| {
        // The table and column names are fixed strings of this module, never input.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT l.activity, l.{column} AS key{organiser} FROM {table} l \
             JOIN cbm_activities a ON a.slug = l.activity \
             WHERE ($1 IS NULL OR a.area = $1) AND ($2 IS NULL OR a.slug = $2) \
             ORDER BY l.activity, l.seq",
            organiser = if table == "cbm_activity_states" {
                ", l.organiser"
            } else {
                ""
            }
        )))
        .bind(key)
        .bind(only)
        .fetch_all(pool)
    };
    let state_rows = links("cbm_activity_states", "state").await?;
    let org_rows = links("cbm_activity_organizations", "organization").await?;
    let meeting_rows = links("cbm_activity_meetings", "meeting").await?;
    let news_rows = links("cbm_activity_news", "news").await?;
    let r = "CBM activity";
    let key_of = |row: &SqliteRow| -> Result<String> { Ok(row.try_get("key")?) };
    let mut states = grouped(&state_rows, "activity", |row| {
        let organiser: bool = row.try_get("organiser")?;
        Ok((code(r, &key_of(row)?)?, organiser))
    })?;
    let slugs_of = |rows: &[SqliteRow]| grouped(rows, "activity", |row| slug(r, &key_of(row)?));
    let mut orgs = slugs_of(&org_rows)?;
    let mut meetings = slugs_of(&meeting_rows)?;
    let mut news = slugs_of(&news_rows)?;
    rows.iter()
        .map(|row| {
            let s: String = row.try_get("slug")?;
            let area: String = row.try_get("area")?;
            let kind: String = row.try_get("kind")?;
            let start: String = row.try_get("start_date")?;
            let end: String = row.try_get("end_date")?;
            let when = DateSpan::parse(&if start == end {
                start
            } else {
                format!("{start}/{end}")
            })
            .map_err(|e| corrupt(r, e.to_string()))?;
            let reported: Option<i64> = row.try_get("states_reported")?;
            let (organisers, participants): (Vec<_>, Vec<_>) = states
                .remove(&s)
                .unwrap_or_default()
                .into_iter()
                .partition(|(_, organiser)| *organiser);
            let version: i64 = row.try_get("version")?;
            let activity = Activity {
                slug: slug(r, &s)?,
                area: slug(r, &area)?,
                kind: keyword(r, &kind, ActivityKind::parse)?,
                title: row.try_get("title")?,
                when,
                place: row.try_get("place")?,
                online: row.try_get("online")?,
                organisers: organisers.into_iter().map(|(c, _)| c).collect(),
                organisations: orgs.remove(&s).unwrap_or_default(),
                participants: participants.into_iter().map(|(c, _)| c).collect(),
                states_reported: reported
                    .map(|n| u32::try_from(n).map_err(|e| corrupt(r, e.to_string())))
                    .transpose()?,
                summary: row.try_get("summary")?,
                meetings: meetings.remove(&s).unwrap_or_default(),
                news: news.remove(&s).unwrap_or_default(),
                provenance: provenance(row)?,
            };
            Ok((activity, Version(version)))
        })
        .collect()
}

/// Writes an area with its terms and plans, at `version`.
pub(super) async fn write_area(
    tx: &mut Transaction<'_, Sqlite>,
    a: &PriorityArea,
    position: usize,
    version: Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cbm_areas (slug, position, dimension, name, short_name, description, measures, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(a.slug.as_str())
    .bind(position as i64)
    .bind(a.dimension.as_str())
    .bind(&a.name)
    .bind(a.short_name.as_deref())
    .bind(a.description.as_deref())
    .bind(to_json(&a.measures))
    .bind(a.provenance.unconfirmed)
    .bind(a.provenance.note.as_deref())
    .bind(to_json(&a.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    write_area_parts(tx, a).await
}

/// Writes an area's terms and plans.
async fn write_area_parts(tx: &mut Transaction<'_, Sqlite>, a: &PriorityArea) -> Result<()> {
    for (seq, t) in a.terms.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cbm_terms (area, seq, state, role, from_date, until_date, decision, unconfirmed, note, sources) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(a.slug.as_str())
        .bind(seq as i64)
        .bind(t.state.as_str())
        .bind(t.role.as_str())
        .bind(t.from.to_string())
        .bind(t.until.map(|u| u.to_string()))
        .bind(t.decided_by.as_ref().map(Slug::as_str))
        .bind(t.provenance.unconfirmed)
        .bind(t.provenance.note.as_deref())
        .bind(to_json(&t.provenance.sources))
        .execute(&mut **tx)
        .await?;
    }
    for (seq, p) in a.plans.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cbm_plans (area, seq, first_year, last_year, adopted, decision, unconfirmed, note, sources) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(a.slug.as_str())
        .bind(seq as i64)
        .bind(i64::from(p.first_year))
        .bind(i64::from(p.last_year))
        .bind(p.adopted.map(|d| d.to_string()))
        .bind(p.decided_by.as_ref().map(Slug::as_str))
        .bind(p.provenance.unconfirmed)
        .bind(p.provenance.note.as_deref())
        .bind(to_json(&p.provenance.sources))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes an activity with its links, at `version`.
pub(super) async fn write_activity(
    tx: &mut Transaction<'_, Sqlite>,
    a: &Activity,
    version: Version,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO cbm_activities (slug, area, kind, title, start_date, end_date, place, online, states_reported, summary, unconfirmed, note, sources, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(a.slug.as_str())
    .bind(a.area.as_str())
    .bind(a.kind.as_str())
    .bind(&a.title)
    .bind(a.when.start().format("%Y-%m-%d").to_string())
    .bind(a.when.end().format("%Y-%m-%d").to_string())
    .bind(a.place.as_deref())
    .bind(a.online)
    .bind(a.states_reported.map(i64::from))
    .bind(a.summary.as_deref())
    .bind(a.provenance.unconfirmed)
    .bind(a.provenance.note.as_deref())
    .bind(to_json(&a.provenance.sources))
    .bind(version.0)
    .execute(&mut **tx)
    .await?;
    let states = a
        .organisers
        .iter()
        .map(|s| (s, true))
        .chain(a.participants.iter().map(|s| (s, false)));
    for (seq, (state, organiser)) in states.enumerate() {
        sqlx::query(
            "INSERT INTO cbm_activity_states (activity, seq, state, organiser) VALUES ($1, $2, $3, $4)",
        )
        .bind(a.slug.as_str())
        .bind(seq as i64)
        .bind(state.as_str())
        .bind(organiser)
        .execute(&mut **tx)
        .await?;
    }
    let key = a.slug.as_str();
    insert_links(
        tx,
        "INSERT INTO cbm_activity_organizations (activity, seq, organization) ",
        key,
        &strings(&a.organisations),
    )
    .await?;
    insert_links(
        tx,
        "INSERT INTO cbm_activity_meetings (activity, seq, meeting) ",
        key,
        &strings(&a.meetings),
    )
    .await?;
    insert_links(
        tx,
        "INSERT INTO cbm_activity_news (activity, seq, news) ",
        key,
        &strings(&a.news),
    )
    .await?;
    Ok(())
}

/// What the audit trail keeps of an area: its row with its terms and plans.
const AREA_SNAPSHOT: &str = "SELECT a.*, \
    (SELECT json_group_array(json_object('state', t.state, 'role', t.role, 'from', t.from_date, \
        'until', t.until_date, 'decision', t.decision, 'unconfirmed', t.unconfirmed, 'note', t.note, \
        'sources', json(t.sources))) \
     FROM (SELECT * FROM cbm_terms WHERE area = a.slug ORDER BY seq) AS t) AS terms, \
    (SELECT json_group_array(json_object('first_year', p.first_year, 'last_year', p.last_year, \
        'adopted', p.adopted, 'decision', p.decision, 'unconfirmed', p.unconfirmed, 'note', p.note, \
        'sources', json(p.sources))) \
     FROM (SELECT * FROM cbm_plans WHERE area = a.slug ORDER BY seq) AS p) AS plans \
    FROM cbm_areas a WHERE a.slug = $1";

/// What the audit trail keeps of an activity: its row with the states, organizations,
/// meetings and news it names.
const ACTIVITY_SNAPSHOT: &str = "SELECT a.*, \
    (SELECT json_group_array(json_object('state', s.state, 'organiser', s.organiser)) \
     FROM (SELECT * FROM cbm_activity_states WHERE activity = a.slug ORDER BY seq) AS s) AS states, \
    (SELECT json_group_array(o.organization) \
     FROM (SELECT * FROM cbm_activity_organizations WHERE activity = a.slug ORDER BY seq) AS o) AS organizations, \
    (SELECT json_group_array(m.meeting) \
     FROM (SELECT * FROM cbm_activity_meetings WHERE activity = a.slug ORDER BY seq) AS m) AS meetings, \
    (SELECT json_group_array(n.news) \
     FROM (SELECT * FROM cbm_activity_news WHERE activity = a.slug ORDER BY seq) AS n) AS news \
    FROM cbm_activities a WHERE a.slug = $1";

/// Creates or replaces a priority area with its terms and plans when what is stored is what
/// `expect` says, with its audit entry. A replaced area keeps its place in the Catalogue
/// and its activities; a new one comes last in its dimension.
pub(super) async fn save_area(
    pool: &SqlitePool,
    a: &PriorityArea,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM cbm_areas WHERE slug = $1")
        .bind(a.slug.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("CBM priority area `{}`", a.slug),
    )?;
    super::proposals::cbm_area_references(&mut tx, a).await?;
    let before = audit::snapshot_of(&mut tx, AREA_SNAPSHOT, a.slug.as_str()).await?;
    let version = audit::next_version(&mut tx).await?;
    if stored.is_some() {
        // Moved to another dimension, it comes last there; else it keeps its place.
        sqlx::query(
            "UPDATE cbm_areas SET position = (SELECT coalesce(max(position) + 1, 0) FROM cbm_areas \
             WHERE dimension = $2) WHERE slug = $1 AND dimension <> $2",
        )
        .bind(a.slug.as_str())
        .bind(a.dimension.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE cbm_areas SET dimension = $2, name = $3, short_name = $4, description = $5, \
             measures = $6, unconfirmed = $7, note = $8, sources = $9, version = $10 WHERE slug = $1",
        )
        .bind(a.slug.as_str())
        .bind(a.dimension.as_str())
        .bind(&a.name)
        .bind(a.short_name.as_deref())
        .bind(a.description.as_deref())
        .bind(to_json(&a.measures))
        .bind(a.provenance.unconfirmed)
        .bind(a.provenance.note.as_deref())
        .bind(to_json(&a.provenance.sources))
        .bind(version.0)
        .execute(&mut *tx)
        .await?;
        for table in ["cbm_terms", "cbm_plans"] {
            // The table names are fixed strings of this module, never input.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE area = $1"
            )))
            .bind(a.slug.as_str())
            .execute(&mut *tx)
            .await?;
        }
        write_area_parts(&mut tx, a).await?;
    } else {
        let last: Option<i64> =
            sqlx::query_scalar("SELECT max(position) FROM cbm_areas WHERE dimension = $1")
                .bind(a.dimension.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let position = usize::try_from(last.map_or(0, |p| p + 1)).unwrap_or(0);
        write_area(&mut tx, a, position, version).await?;
    }
    audit::write_of(
        &mut tx,
        "cbm_area",
        format!("cbm_area/{}", a.slug),
        AREA_SNAPSHOT,
        a.slug.as_str(),
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Creates or replaces an activity when what is stored is what `expect` says, with its audit
/// entry.
pub(super) async fn save_activity(
    pool: &SqlitePool,
    a: &Activity,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> =
        sqlx::query_scalar("SELECT version FROM cbm_activities WHERE slug = $1")
            .bind(a.slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("CBM activity `{}`", a.slug),
    )?;
    super::proposals::cbm_activity_references(&mut tx, a).await?;
    let before = audit::snapshot_of(&mut tx, ACTIVITY_SNAPSHOT, a.slug.as_str()).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query("DELETE FROM cbm_activities WHERE slug = $1")
        .bind(a.slug.as_str())
        .execute(&mut *tx)
        .await?;
    write_activity(&mut tx, a, version).await?;
    audit::write_of(
        &mut tx,
        "cbm_activity",
        format!("cbm_activity/{}", a.slug),
        ACTIVITY_SNAPSHOT,
        a.slug.as_str(),
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Deletes an activity recorded in error when the stored version is the one expected.
pub(super) async fn delete_activity(
    pool: &SqlitePool,
    s: &Slug,
    expect: Expect,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let stored: Option<i64> =
        sqlx::query_scalar("SELECT version FROM cbm_activities WHERE slug = $1")
            .bind(s.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    super::expected(expect, stored.map(Version), &format!("CBM activity `{s}`"))?;
    super::deleted(
        &mut tx,
        ACTIVITY_SNAPSHOT,
        "cbm_activities",
        "slug",
        s.as_str(),
        "cbm_activity",
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes the dataset's Catalogue, after the records it refers to.
pub(super) async fn write(tx: &mut Transaction<'_, Sqlite>, ds: &Dataset) -> Result<()> {
    let version = super::audit::next_version(tx).await?;
    for (position, a) in ds.cbm_areas.iter().enumerate() {
        write_area(tx, a, position, version).await?;
    }
    for a in &ds.cbm_activities {
        write_activity(tx, a, version).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reports and their rounds.

const REPORT_SNAPSHOT: &str = "SELECT state, year, visibility, received, filed, json(areas) AS areas, text, version \
     FROM cbm_reports WHERE state || '/' || year = $1";

const ROUND_SNAPSHOT: &str = "SELECT year, due, version FROM cbm_rounds WHERE year = $1";

fn year_of(record: &str, y: i64) -> Result<i32> {
    i32::try_from(y).map_err(|e| corrupt(record, e.to_string()))
}

/// Every round, the latest first.
pub(super) async fn rounds(pool: &SqlitePool) -> Result<Vec<ReportingRound>> {
    let rows = sqlx::query("SELECT year, due FROM cbm_rounds ORDER BY year DESC")
        .fetch_all(pool)
        .await?;
    let r = "CBM reporting round";
    rows.iter()
        .map(|row| {
            let due: String = row.try_get("due")?;
            Ok(ReportingRound {
                year: year_of(r, row.try_get("year")?)?,
                due: day(r, &due)?,
            })
        })
        .collect()
}

/// One year's round with its version.
pub(super) async fn round(
    pool: &SqlitePool,
    year: i32,
) -> Result<Option<(ReportingRound, Version)>> {
    let row = sqlx::query("SELECT year, due, version FROM cbm_rounds WHERE year = $1")
        .bind(i64::from(year))
        .fetch_optional(pool)
        .await?;
    let r = "CBM reporting round";
    row.map(|row| {
        let due: String = row.try_get("due")?;
        let version: i64 = row.try_get("version")?;
        Ok((
            ReportingRound {
                year: year_of(r, row.try_get("year")?)?,
                due: day(r, &due)?,
            },
            Version(version),
        ))
    })
    .transpose()
}

/// Creates a round or moves its due day, when what is stored is what `expect` says.
pub(super) async fn save_round(
    pool: &SqlitePool,
    round: &ReportingRound,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let key = round.year.to_string();
    let stored: Option<i64> = sqlx::query_scalar("SELECT version FROM cbm_rounds WHERE year = $1")
        .bind(i64::from(round.year))
        .fetch_optional(&mut *tx)
        .await?;
    super::expected(
        expect,
        stored.map(Version),
        &format!("the round of CBM reports on {}", round.year),
    )?;
    let before = audit::snapshot_of(&mut tx, ROUND_SNAPSHOT, &key).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query(
        "INSERT INTO cbm_rounds (year, due, version) VALUES ($1, $2, $3) \
         ON CONFLICT (year) DO UPDATE SET due = excluded.due, version = excluded.version",
    )
    .bind(i64::from(round.year))
    .bind(round.due.format("%Y-%m-%d").to_string())
    .bind(version.0)
    .execute(&mut *tx)
    .await?;
    audit::write_of(
        &mut tx,
        "cbm_round",
        format!("cbm_round/{}", round.year),
        ROUND_SNAPSHOT,
        &key,
        before,
        by,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

fn report_from(row: &SqliteRow) -> Result<(Report, Version)> {
    let r = "CBM report";
    let state: String = row.try_get("state")?;
    let visibility: String = row.try_get("visibility")?;
    let filed: String = row.try_get("filed")?;
    let received: String = row.try_get("received")?;
    let areas = list(row, "areas")?
        .iter()
        .map(|a| slug(r, a))
        .collect::<Result<Vec<_>>>()?;
    let version: i64 = row.try_get("version")?;
    Ok((
        Report {
            state: code(r, &state)?,
            year: year_of(r, row.try_get("year")?)?,
            visibility: keyword(r, &visibility, Visibility::parse)?,
            received: day(r, &received)?,
            filed: day(r, &filed)?,
            areas,
            text: row.try_get("text")?,
        },
        Version(version),
    ))
}

/// Reports of a year (or all), of a state (or all), by year (latest first) and state.
pub(super) async fn reports(
    pool: &SqlitePool,
    year: Option<i32>,
    state: Option<&StateCode>,
) -> Result<Vec<(Report, Version)>> {
    let rows = sqlx::query(
        "SELECT * FROM cbm_reports WHERE ($1 IS NULL OR year = $1) AND ($2 IS NULL OR state = $2) \
         ORDER BY year DESC, state",
    )
    .bind(year.map(i64::from))
    .bind(state.map(StateCode::as_str))
    .fetch_all(pool)
    .await?;
    rows.iter().map(report_from).collect()
}

/// Files or replaces a report: see [`crate::Catalogue::save_cbm_report`].
pub(super) async fn save_report(
    pool: &SqlitePool,
    report: &Report,
    expect: Expect,
    by: &Attribution,
) -> Result<Version> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let key = format!("{}/{}", report.state, report.year);
    let stored: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, visibility FROM cbm_reports WHERE state = $1 AND year = $2",
    )
    .bind(report.state.as_str())
    .bind(i64::from(report.year))
    .fetch_optional(&mut *tx)
    .await?;
    let what = format!("the CBM report of {} on {}", report.state, report.year);
    super::expected(expect, stored.as_ref().map(|(v, _)| Version(*v)), &what)?;
    let mut unknown = Vec::new();
    for a in &report.areas {
        let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM cbm_areas WHERE slug = $1")
            .bind(a.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            unknown.push(format!("`{a}`"));
        }
    }
    if !unknown.is_empty() {
        return Err(StoreError::Rejected(format!(
            "areas: no CBM priority area has the key {}",
            unknown.join(", ")
        )));
    }
    let before = audit::snapshot_of(&mut tx, REPORT_SNAPSHOT, &key).await?;
    let version = audit::next_version(&mut tx).await?;
    sqlx::query(
        "INSERT INTO cbm_reports (state, year, visibility, received, filed, areas, text, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (state, year) DO UPDATE SET visibility = excluded.visibility, \
         filed = excluded.filed, areas = excluded.areas, text = excluded.text, version = excluded.version",
    )
    .bind(report.state.as_str())
    .bind(i64::from(report.year))
    .bind(report.visibility.as_str())
    .bind(report.received.format("%Y-%m-%d").to_string())
    .bind(report.filed.format("%Y-%m-%d").to_string())
    .bind(to_json(&report.areas))
    .bind(&report.text)
    .bind(version.0)
    .execute(&mut *tx)
    .await?;
    let after = audit::snapshot_of(&mut tx, REPORT_SNAPSHOT, &key).await?;
    let action = if stored.is_some() {
        "cbm_report.save"
    } else {
        "cbm_report.create"
    };
    let mut change = audit::Change::new(action, format!("cbm_report/{key}"));
    change.before = before;
    change.after = after;
    // What only Member States read moves no public revision, so it tells the public nothing.
    let public = report.visibility == Visibility::Public
        || stored.is_some_and(|(_, v)| v == Visibility::Public.as_str());
    if public {
        audit::record(&mut tx, by, change).await?;
    } else {
        audit::append(&mut tx, by, change).await?;
    }
    tx.commit().await?;
    Ok(version)
}
