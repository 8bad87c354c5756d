//! The importer over HTTP, for editors: `POST /api/v1/import` with the text as the body, and
//! `POST /api/v1/news/{slug}/publish` to publish a draft. The same views serve `cica import`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use cica_domain::{Affiliation, Dataset, NewsItem, Slug};
use cica_import::{Gazetteer, ImportedItem, ItemKind};
use cica_store::ImportAction;
use serde::Serialize;

use crate::error::{ApiError, WebError};
use crate::params::Params;
use crate::state::{AppState, Directory};
use crate::write::authorize;

#[derive(Serialize)]
pub struct DatelineView {
    place: String,
    place_as_written: String,
    start: Option<String>,
    end: Option<String>,
    year_inferred: bool,
}

#[derive(Serialize)]
pub struct ProposalView {
    /// A body (meetings) or a person (engagements).
    key: String,
    place: Option<String>,
    start: Option<String>,
    end: Option<String>,
    /// The sentence it was read from.
    evidence: String,
}

/// One item found by the importer, as the CLI prints it (one JSON object per line) and the API
/// returns it.
#[derive(Serialize)]
pub struct ItemView {
    kind: &'static str,
    title: String,
    title_inferred: bool,
    dateline: Option<DatelineView>,
    /// ISO 3166 alpha-3 codes of the Member and Observer States mentioned.
    states: Vec<String>,
    /// Which of `states` are Observer States.
    observers: Vec<String>,
    bodies: Vec<String>,
    people: Vec<String>,
    organizations: Vec<String>,
    cbm_areas: Vec<&'static str>,
    spotlight: bool,
    activities: bool,
    paragraphs: usize,
    slug: String,
    /// `create`, `unchanged`, `update`, `conflict`, or `skipped` (a foreword, which belongs to
    /// its digest issue rather than the news).
    action: &'static str,
    /// The stored item it matches, when unchanged.
    existing: Option<String>,
    /// What was inferred or repaired, for the editor to check.
    notes: Vec<String>,
    meetings: Vec<ProposalView>,
    engagements: Vec<ProposalView>,
}

fn day(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub fn item_view(item: &ImportedItem, action: Option<&ImportAction>) -> ItemView {
    let raw = &item.raw;
    let mut notes = raw.notes.clone();
    if !item.observers.is_empty() {
        notes.push(format!(
            "mentions Observer States: {}",
            item.observers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(ImportAction::Conflict(why)) = action {
        notes.push(why.clone());
    }
    ItemView {
        kind: raw.kind.as_str(),
        title: raw.title.clone(),
        title_inferred: raw.title_inferred,
        dateline: raw.dateline.as_ref().map(|d| DatelineView {
            place: d.place.clone(),
            place_as_written: d.place_as_written.clone(),
            start: day(d.start),
            end: day(d.end),
            year_inferred: d.year_inferred,
        }),
        states: item.found.states.iter().map(ToString::to_string).collect(),
        observers: item.observers.iter().map(ToString::to_string).collect(),
        bodies: item.found.bodies.iter().map(ToString::to_string).collect(),
        people: item.found.people.iter().map(ToString::to_string).collect(),
        organizations: item
            .found
            .organizations
            .iter()
            .map(ToString::to_string)
            .collect(),
        cbm_areas: item.found.areas.clone(),
        spotlight: raw.spotlight,
        activities: raw.activities,
        paragraphs: raw.paragraphs.len(),
        slug: item.slug.to_string(),
        action: match (raw.kind, action) {
            (ItemKind::Foreword, _) => "skipped",
            (_, Some(a)) => a.label(),
            (_, None) => "create",
        },
        existing: match action {
            Some(ImportAction::Unchanged(s)) if *s != item.slug => Some(s.to_string()),
            _ => None,
        },
        notes,
        meetings: item
            .meetings
            .iter()
            .map(|m| ProposalView {
                key: m.body.to_string(),
                place: m.place.clone(),
                start: day(m.span.map(|s| s.start())),
                end: day(m.span.map(|s| s.end())),
                evidence: m.evidence.clone(),
            })
            .collect(),
        engagements: item
            .engagements
            .iter()
            .map(|e| ProposalView {
                key: e.person.to_string(),
                place: e.place.clone(),
                start: day(e.span.map(|s| s.start())),
                end: day(e.span.map(|s| s.end())),
                evidence: e.evidence.clone(),
            })
            .collect(),
    }
}

/// The registers as the importer needs them: the gazetteer, and the Secretariat's own people
/// (left out of proposed engagements).
pub fn gazetteer(registers: &Dataset, today: chrono::NaiveDate) -> (Gazetteer, Vec<Slug>) {
    let secretariat_body = Slug::parse("secretariat").ok();
    let secretariat: Vec<Slug> = registers
        .people
        .iter()
        .filter(|p| {
            p.roles.iter().any(|r| {
                secretariat_body
                    .as_ref()
                    .is_some_and(|s| r.affiliation == Affiliation::Body(s.clone()))
            })
        })
        .map(|p| p.slug.clone())
        .collect();
    (Gazetteer::new(registers, today), secretariat)
}

fn registers(dir: &Directory) -> Dataset {
    Dataset {
        states: dir.states.values().cloned().collect(),
        organizations: dir.organizations.values().cloned().collect(),
        people: dir.people.values().cloned().collect(),
        bodies: dir.bodies.values().cloned().collect(),
        ..Dataset::default()
    }
}

/// The news drafts of the items that become news (not forewords).
pub fn drafts(items: &[ImportedItem], source: &str, today: chrono::NaiveDate) -> Vec<NewsItem> {
    items
        .iter()
        .filter(|i| i.raw.kind != ItemKind::Foreword)
        .map(|i| cica_import::to_news(i, source, today))
        .collect()
}

/// Pairs each item with what happened to it (forewords have no action).
pub fn views(items: &[ImportedItem], actions: &[ImportAction]) -> Vec<ItemView> {
    let mut actions = actions.iter();
    items
        .iter()
        .map(|i| {
            if i.raw.kind == ItemKind::Foreword {
                item_view(i, None)
            } else {
                item_view(i, actions.next())
            }
        })
        .collect()
}

#[derive(Serialize, Default)]
pub struct Summary {
    create: usize,
    update: usize,
    unchanged: usize,
    conflict: usize,
    skipped: usize,
}

pub fn summary(views: &[ItemView]) -> Summary {
    let mut s = Summary::default();
    for v in views {
        match v.action {
            "create" => s.create += 1,
            "update" => s.update += 1,
            "unchanged" => s.unchanged += 1,
            "conflict" => s.conflict += 1,
            _ => s.skipped += 1,
        }
    }
    s
}

#[derive(Serialize)]
pub struct ImportView {
    dry_run: bool,
    summary: Summary,
    items: Vec<ItemView>,
    notes: Vec<String>,
}

pub async fn api_import(
    State(app): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Json<ImportView>, ApiError> {
    authorize(&app, &headers)?;
    let p = Params::parse(q.as_deref(), &["dry_run", "year_hint", "name"], true)?;
    let dry_run = p
        .choice("dry_run", &["true", "false"])?
        .is_none_or(|v| v == "true");
    let year_hint = p
        .get("year_hint")
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1990..=2200).contains(y))
                .ok_or_else(|| WebError::invalid("year_hint", format!("`{y}` is not a year")))
        })
        .transpose()?;
    let name = p.get("name").unwrap_or("request body").to_owned();
    let today = app.today();
    let (g, secretariat) = gazetteer(&registers(&app.directory()), today);
    let (split, items) = cica_import::read(&name, &body, year_hint, &g, &secretariat)
        .map_err(|e| WebError::invalid("body", e.to_string()))?;
    let news = drafts(&items, &format!("Imported from {name} on {today}"), today);
    let actions = if dry_run {
        app.store().plan_import(&news).await?
    } else {
        app.store().import_news(&news).await?
    };
    if !dry_run {
        app.invalidate();
    }
    let items = views(&items, &actions);
    Ok(Json(ImportView {
        dry_run,
        summary: summary(&items),
        items,
        notes: split.notes,
    }))
}

pub async fn api_publish(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    authorize(&app, &headers)?;
    let s = Slug::parse(&slug)
        .map_err(|_| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    app.store().publish_news(&s).await?;
    app.invalidate();
    Ok(
        Json(serde_json::json!({"published": s.to_string(), "url": format!("/news/{s}")}))
            .into_response(),
    )
}
