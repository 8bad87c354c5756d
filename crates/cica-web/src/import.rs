//! The importer over HTTP, for editors: `POST /api/v1/import` with the text as the body, and
//! `POST /api/v1/news/{slug}/publish` to publish a draft. The same views serve `cica import`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use cica_domain::{Affiliation, Dataset, Slug};
use cica_import::{Gazetteer, ImportedItem, ItemKind};
use cica_store::{ImportAction, ImportItem, ImportOutcome, Proposal, ProposalAction, ProposalKind};
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

/// The most an import request may carry: the same as a file given to `cica import`.
pub const BODY_LIMIT: usize = cica_import::input::MAX_BYTES;

#[derive(Serialize)]
pub struct ProposalView {
    /// A body's slug (meetings); a person's slug, or the name as printed for someone not in
    /// the register (engagements).
    key: String,
    /// For an engagement: whether the person is in the register, and their title as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    registered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    place: Option<String>,
    start: Option<String>,
    end: Option<String>,
    /// The sentence it was read from.
    evidence: String,
    /// `propose` (kept as pending for an editor), `pending` (from an earlier import),
    /// `reviewed`, `recorded` (the calendar or the engagements hold it: `existing`), `skipped`.
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing: Option<String>,
}

/// A person named in the item, with the title printed beside them.
#[derive(Serialize)]
pub struct PersonView {
    name: String,
    /// The register's slug, or null for someone the register does not know.
    person: Option<String>,
    honorific: Option<String>,
    title: Option<String>,
    /// `high`, `medium` or `low`: how sure the reading is.
    confidence: &'static str,
    note: String,
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
    /// Which of `states` were Observer States on the day the item reports.
    observers: Vec<String>,
    /// States named that take no part in CICA (not among `states`).
    other_states: Vec<String>,
    /// Slugs of the CICA bodies mentioned, among the thirteen bodies news is tagged with; a
    /// sub-body is reported as the body it belongs to.
    bodies: Vec<String>,
    /// Bodies named that are part of a listed one (`project-review-committee`).
    sub_bodies: Vec<String>,
    /// Slugs of the registered people mentioned (the news item's tags).
    people: Vec<String>,
    /// Every person named with a title or an honorific, in the register or not.
    people_named: Vec<PersonView>,
    /// For an item without a dated dateline: the day it is filed under, inferred from the text.
    filed_under: Option<String>,
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

fn proposal_view(p: &Proposal, action: Option<&ProposalAction>) -> ProposalView {
    ProposalView {
        key: p.subject.clone(),
        registered: (p.kind == ProposalKind::Engagement).then_some(p.person.is_some()),
        title: p.title.clone(),
        place: p.place.clone(),
        start: day(p.span.map(|s| s.start())),
        end: day(p.span.map(|s| s.end())),
        evidence: p.evidence.clone(),
        action: action.map_or("propose", ProposalAction::label),
        existing: match action {
            Some(ProposalAction::Recorded(id)) => Some(id.to_string()),
            _ => None,
        },
    }
}

pub fn item_view(item: &ImportedItem, outcome: Option<&ImportOutcome>) -> ItemView {
    let raw = &item.raw;
    let action = outcome.map(|o| &o.action);
    let mut notes = item.notes.clone();
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
    let proposals = proposals(item);
    let status = |k: usize| outcome.and_then(|o| o.proposals.get(k));
    let (mut meetings, mut engagements) = (Vec::new(), Vec::new());
    for (k, p) in proposals.iter().enumerate() {
        let v = proposal_view(p, status(k));
        match p.kind {
            ProposalKind::Meeting => meetings.push(v),
            ProposalKind::Engagement => engagements.push(v),
        }
    }
    let strings = |v: &[Slug]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
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
        other_states: item
            .found
            .other_states
            .iter()
            .map(ToString::to_string)
            .collect(),
        bodies: strings(&item.found.bodies),
        sub_bodies: item
            .found
            .named_bodies
            .iter()
            .filter(|b| !item.found.bodies.contains(b))
            .map(ToString::to_string)
            .collect(),
        people: strings(&item.found.people),
        people_named: item
            .people
            .iter()
            .map(|p| PersonView {
                name: p.name.clone(),
                person: p.person.as_ref().map(ToString::to_string),
                honorific: p.honorific.clone(),
                title: p.title.clone(),
                confidence: p.confidence.as_str(),
                note: p.note.clone(),
            })
            .collect(),
        filed_under: day(item.filed_under),
        organizations: strings(&item.found.organizations),
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
        meetings,
        engagements,
    }
}

/// The meetings and engagements an item reports, as the store keeps them.
pub fn proposals(item: &ImportedItem) -> Vec<Proposal> {
    let meetings = item.meetings.iter().map(|m| Proposal {
        kind: ProposalKind::Meeting,
        subject: m.body.to_string(),
        person: None,
        title: None,
        place: m.place.clone(),
        span: m.span,
        evidence: m.evidence.clone(),
    });
    let engagements = item.engagements.iter().map(|e| Proposal {
        kind: ProposalKind::Engagement,
        subject: e.key(),
        person: e.person.clone(),
        title: e.title.clone(),
        place: e.place.clone(),
        span: e.span,
        evidence: e.evidence.clone(),
    });
    meetings.chain(engagements).collect()
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

/// What the items that become news (not forewords) bring to the store: a news draft each,
/// with the meetings and engagements it reports.
pub fn drafts(items: &[ImportedItem], source: &str, today: chrono::NaiveDate) -> Vec<ImportItem> {
    items
        .iter()
        .filter(|i| i.raw.kind != ItemKind::Foreword)
        .map(|i| ImportItem {
            news: cica_import::to_news(i, source, today),
            proposals: proposals(i),
        })
        .collect()
}

/// Pairs each item with what happened to it (forewords have no action).
pub fn views(items: &[ImportedItem], outcomes: &[ImportOutcome]) -> Vec<ItemView> {
    let mut outcomes = outcomes.iter();
    items
        .iter()
        .map(|i| {
            if i.raw.kind == ItemKind::Foreword {
                item_view(i, None)
            } else {
                item_view(i, outcomes.next())
            }
        })
        .collect()
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub conflict: usize,
    pub skipped: usize,
    /// Meetings and engagements newly kept as pending proposals for an editor.
    pub proposed: usize,
    /// Proposals already pending from an earlier import.
    pub pending: usize,
    /// Meetings and engagements the records already hold.
    pub recorded: usize,
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
        for p in v.meetings.iter().chain(&v.engagements) {
            match p.action {
                "propose" => s.proposed += 1,
                "pending" => s.pending += 1,
                "recorded" => s.recorded += 1,
                _ => {}
            }
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
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportView>, ApiError> {
    authorize(&app, &headers)?;
    // The router limits the body to `BODY_LIMIT`; past it, the documented JSON error.
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
            WebError::TooLarge(format!(
                "body: the text is larger than {} MB, the most the importer reads at a time; split it into parts",
                BODY_LIMIT / 1024 / 1024
            ))
        }
        other => WebError::invalid("body", format!("the request body could not be read: {other}")),
    })?;
    let p = Params::parse(q.as_deref(), &["dry_run", "year_hint", "name"], true)?;
    let dry_run = p
        .choice("dry_run", &["true", "false"])?
        .is_none_or(|v| v == "true");
    let year_hint = p
        .get("year_hint")
        .map(|y| cica_import::input::year_hint(y).map_err(|e| WebError::invalid("year_hint", e)))
        .transpose()?;
    let name = p.get("name").unwrap_or("request body").to_owned();
    let today = app.today();
    let (g, secretariat) = gazetteer(&registers(&app.directory()), today);
    let (split, items) = cica_import::read(&name, &body, year_hint, &g, &secretariat)
        .map_err(|e| WebError::invalid("body", e.to_string()))?;
    let news = drafts(&items, &format!("Imported from {name} on {today}"), today);
    let outcomes = if dry_run {
        app.store().plan_import(&news).await?
    } else {
        app.store().import_news(&news).await?
    };
    if !dry_run {
        app.invalidate();
    }
    let items = views(&items, &outcomes);
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

#[derive(Serialize)]
pub struct PendingView {
    /// The news item it came with.
    news: String,
    kind: &'static str,
    #[serde(flatten)]
    proposal: ProposalView,
}

/// `GET /api/v1/import/proposals`: the meetings and engagements imported items report, waiting
/// for an editor. Editors only: proposals are not public.
pub async fn api_proposals(
    State(app): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    authorize(&app, &headers)?;
    Params::parse(q.as_deref(), &[], true)?;
    let pending = app.store().pending_proposals().await?;
    let items: Vec<PendingView> = pending
        .iter()
        .map(|p| PendingView {
            news: p.news.to_string(),
            kind: p.proposal.kind.as_str(),
            proposal: proposal_view(&p.proposal, Some(&ProposalAction::Pending)),
        })
        .collect();
    Ok(Json(serde_json::json!({ "items": items })))
}
