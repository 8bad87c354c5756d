//! The importer over HTTP, for editors: `POST /api/v1/import` with the text as the body,
//! `POST /api/v1/news/{slug}/publish` to publish a draft, and the review of the meetings and
//! engagements items report (`/api/v1/import/proposals`, each proposal then accepted or
//! rejected at its own address). The same views and field checks serve `cica import` and
//! `cica proposals`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cica_domain::{
    Affiliation, Counterpart, Dataset, EngagementKind, MeetingFormat, MeetingStatus, Provenance,
    Slug, StateCode,
};
use cica_import::{Gazetteer, ImportedItem, ItemKind};
use cica_store::{
    Acceptance, Accepted, EngagementAcceptance, ImportAction, ImportItem, ImportOutcome,
    MeetingAcceptance, Proposal, ProposalAction, ProposalKey, ProposalKind,
};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, WebError};
use crate::params::Params;
use crate::state::{AppState, Directory};
use crate::write::Secretariat;

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

/// Texts read at a time: reading is CPU-bound, and the machine's other core keeps serving.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

pub async fn api_import(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportView>, ApiError> {
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
    let dir = app.directory();
    // Reading is long work: one text at a time, on the blocking pool, so the request threads
    // keep answering everyone else meanwhile.
    let _turn = READERS
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let (split, items, news) = tokio::task::spawn_blocking(move || {
        let (g, secretariat) = gazetteer(&registers(&dir), today);
        let (split, items) = cica_import::read(&name, &body, year_hint, &g, &secretariat)
            .map_err(|e| WebError::invalid("body", e.to_string()))?;
        let news = drafts(&items, &format!("Imported from {name} on {today}"), today);
        Ok::<_, WebError>((split, items, news))
    })
    .await
    .map_err(|e| WebError::Internal(format!("the import stopped: {e}")))??;
    drop(_turn);
    let outcomes = app.uses().import_news(&actor, &news, dry_run).await?;
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
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let s = Slug::parse(&slug)
        .map_err(|_| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    app.uses().publish_news(&actor, &s).await?;
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
    /// Its address: `/accept` or `/reject` after it reviews it.
    url: String,
    #[serde(flatten)]
    proposal: ProposalView,
}

/// `GET /api/v1/import/proposals`: the meetings and engagements imported items report, waiting
/// for an editor. Editors only: proposals are not public.
pub async fn api_proposals(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    RawQuery(q): RawQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let pending = app.uses().pending_proposals(&actor).await?;
    let items: Vec<PendingView> = pending
        .iter()
        .map(|p| PendingView {
            news: p.news.to_string(),
            kind: p.proposal.kind.as_str(),
            url: proposal_url(&p.news, p.proposal.kind, &p.proposal.subject),
            proposal: proposal_view(&p.proposal, Some(&ProposalAction::Pending)),
        })
        .collect();
    Ok(Json(serde_json::json!({ "items": items })))
}

// ---------------------------------------------------------------------------------------------
// An editor's review: accepting a proposal as a meeting or an engagement, or rejecting it.

/// The bytes a proposal's subject keeps in its address as they are; every other byte is
/// percent-encoded (a name as printed holds spaces, perhaps a slash or letters outside ASCII).
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// A proposal's address: `/api/v1/import/proposals/{news}/{kind}/{subject}`, the subject
/// percent-encoded; `/accept` and `/reject` after it review it.
pub fn proposal_url(news: &Slug, kind: ProposalKind, subject: &str) -> String {
    let mut s = String::with_capacity(subject.len());
    for b in subject.bytes() {
        if unreserved(b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    format!("/api/v1/import/proposals/{news}/{}/{s}", kind.as_str())
}

/// The proposal at `{news}/{kind}/{subject}`; an address no proposal can have is a 404.
pub fn proposal_key(news: &str, kind: &str, subject: &str) -> Result<ProposalKey, WebError> {
    let missing = || {
        WebError::not_found(format!(
            "there is no {kind} proposal `{subject}` of news item `{news}`"
        ))
    };
    let kind = ProposalKind::parse(kind).ok_or_else(|| {
        WebError::not_found(format!(
            "`{kind}` is not a kind of proposal; the kinds are meeting and engagement"
        ))
    })?;
    let news = Slug::parse(news).map_err(|_| missing())?;
    if subject.trim().is_empty() {
        return Err(missing());
    }
    Ok(ProposalKey {
        news,
        kind,
        subject: subject.to_owned(),
    })
}

/// The fields of a counterpart, as an editor sends them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterpartFields {
    pub person: Option<String>,
    pub title: Option<String>,
    pub state: Option<String>,
    pub organization: Option<String>,
}

/// What an editor sends to accept a meeting proposal. Every field but `id` and `status` is
/// optional; `body`, `start`, `end` and `city` default to the proposal's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFields {
    pub id: Option<String>,
    pub body: Option<String>,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub format: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub informal: bool,
    pub host: Option<String>,
    pub chair_state: Option<String>,
    pub chair_person: Option<String>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What an editor sends to accept an engagement proposal. Every field but `id` and `kind` is
/// optional; `start`, `end`, `city` and `counterparts` default to the proposal's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementFields {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    #[serde(default)]
    pub secretariat: Vec<String>,
    pub counterparts: Option<Vec<CounterpartFields>>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

fn slug_field(field: &str, text: &str) -> Result<Slug, WebError> {
    Slug::parse(text).map_err(|_| {
        WebError::invalid(
            field,
            format!("`{text}` is not a slug (lowercase letters, digits and single hyphens)"),
        )
    })
}

fn code_field(field: &str, text: &str) -> Result<StateCode, WebError> {
    StateCode::parse(text).map_err(|_| {
        WebError::invalid(
            field,
            format!("`{text}` is not an ISO 3166 alpha-3 code such as AZE"),
        )
    })
}

fn day_field(field: &str, text: Option<&String>) -> Result<Option<chrono::NaiveDate>, WebError> {
    text.map(|t| {
        cica_domain::parse_day(t).map_err(|_| {
            WebError::invalid(field, format!("`{t}` is not a date of the form YYYY-MM-DD"))
        })
    })
    .transpose()
}

fn opt<T>(
    field: &str,
    text: Option<&String>,
    parse: fn(&str, &str) -> Result<T, WebError>,
) -> Result<Option<T>, WebError> {
    text.map(|t| parse(field, t)).transpose()
}

fn each<T>(
    field: &str,
    texts: &[String],
    parse: fn(&str, &str) -> Result<T, WebError>,
) -> Result<Vec<T>, WebError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| parse(&format!("{field}[{i}]"), t))
        .collect()
}

fn keyword<T>(
    field: &str,
    text: Option<&String>,
    parse: fn(&str) -> Option<T>,
    expected: String,
) -> Result<Option<T>, WebError> {
    text.map(|t| {
        parse(t).ok_or_else(|| WebError::invalid(field, format!("`{t}` is not one of: {expected}")))
    })
    .transpose()
}

fn id_field(id: Option<&String>) -> Result<Slug, WebError> {
    let id = id.ok_or_else(|| {
        WebError::invalid(
            "id",
            "required: the new record's id, a slug such as ttf-2025-03-10-baku",
        )
    })?;
    slug_field("id", id)
}

fn provenance(unconfirmed: bool, note: Option<String>, sources: Vec<String>) -> Provenance {
    Provenance {
        unconfirmed,
        note,
        sources,
    }
}

/// The editor's fields for a meeting, checked for form (references are the store's to check).
pub fn meeting_acceptance(f: MeetingFields) -> Result<MeetingAcceptance, WebError> {
    Ok(MeetingAcceptance {
        id: id_field(f.id.as_ref())?,
        body: opt("body", f.body.as_ref(), slug_field)?,
        number: f.number,
        title: f.title,
        start: day_field("start", f.start.as_ref())?,
        end: day_field("end", f.end.as_ref())?,
        city: f.city,
        country: opt("country", f.country.as_ref(), code_field)?,
        format: keyword(
            "format",
            f.format.as_ref(),
            MeetingFormat::parse,
            MeetingFormat::expected(),
        )?
        .unwrap_or(MeetingFormat::InPerson),
        status: keyword(
            "status",
            f.status.as_ref(),
            MeetingStatus::parse,
            MeetingStatus::expected(),
        )?
        .ok_or_else(|| {
            WebError::invalid(
                "status",
                format!(
                    "required: whether the meeting took place or is announced, one of: {}",
                    MeetingStatus::expected()
                ),
            )
        })?,
        informal: f.informal,
        host: opt("host", f.host.as_ref(), code_field)?,
        chair_state: opt("chair_state", f.chair_state.as_ref(), code_field)?,
        chair_person: opt("chair_person", f.chair_person.as_ref(), slug_field)?,
        states: each("states", &f.states, code_field)?,
        organizations: each("organizations", &f.organizations, slug_field)?,
        summary: f.summary,
        provenance: provenance(f.unconfirmed, f.note, f.sources),
    })
}

/// The editor's fields for an engagement, checked for form.
pub fn engagement_acceptance(f: EngagementFields) -> Result<EngagementAcceptance, WebError> {
    let counterparts = f
        .counterparts
        .map(|list| {
            list.into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let at = format!("counterparts[{i}]");
                    let person = c.person.as_ref().ok_or_else(|| {
                        WebError::invalid(&format!("{at}.person"), "required: a person's slug")
                    })?;
                    Ok(Counterpart {
                        person: slug_field(&format!("{at}.person"), person)?,
                        title: c.title,
                        state: opt(&format!("{at}.state"), c.state.as_ref(), code_field)?,
                        organization: opt(
                            &format!("{at}.organization"),
                            c.organization.as_ref(),
                            slug_field,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, WebError>>()
        })
        .transpose()?;
    Ok(EngagementAcceptance {
        id: id_field(f.id.as_ref())?,
        kind: keyword(
            "kind",
            f.kind.as_ref(),
            EngagementKind::parse,
            EngagementKind::expected(),
        )?
        .ok_or_else(|| {
            WebError::invalid(
                "kind",
                format!("required: one of {}", EngagementKind::expected()),
            )
        })?,
        start: day_field("start", f.start.as_ref())?,
        end: day_field("end", f.end.as_ref())?,
        city: f.city,
        country: opt("country", f.country.as_ref(), code_field)?,
        secretariat: each("secretariat", &f.secretariat, slug_field)?,
        counterparts,
        states: each("states", &f.states, code_field)?,
        organizations: each("organizations", &f.organizations, slug_field)?,
        topics: f.topics,
        summary: f.summary,
        provenance: provenance(f.unconfirmed, f.note, f.sources),
    })
}

/// A JSON body into `T`; a malformed one is a 400 naming the field at fault.
fn fields<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, WebError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(WebError::invalid(
            "body",
            "a JSON object with the record's fields is required",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." || path == "?" {
            WebError::invalid("body", format!("not the expected JSON: {inner}"))
        } else {
            WebError::invalid(&path, inner.to_string())
        }
    })?;
    de.end()
        .map_err(|e| WebError::invalid("body", format!("not the expected JSON: {e}")))?;
    Ok(value)
}

type ProposalPath = Result<Path<(String, String, String)>, PathRejection>;

fn path_key(path: ProposalPath) -> Result<ProposalKey, WebError> {
    let Path((news, kind, subject)) = path.map_err(|e| {
        WebError::invalid(
            "path",
            format!("the address could not be read ({e}); percent-encode the subject as UTF-8"),
        )
    })?;
    proposal_key(&news, &kind, &subject)
}

#[derive(Serialize)]
struct ReviewedView {
    news: String,
    kind: &'static str,
    key: String,
}

impl ReviewedView {
    fn of(k: &ProposalKey) -> Self {
        Self {
            news: k.news.to_string(),
            kind: k.kind.as_str(),
            key: k.subject.clone(),
        }
    }
}

/// `POST /api/v1/import/proposals/{news}/{kind}/{subject}/accept`: the proposal becomes a
/// meeting or an engagement, with the editor's fields (a JSON object) and the proposal's.
pub async fn api_accept(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    path: ProposalPath,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let key = path_key(path)?;
    let acceptance = match key.kind {
        ProposalKind::Meeting => Acceptance::Meeting(meeting_acceptance(fields(&body)?)?),
        ProposalKind::Engagement => Acceptance::Engagement(engagement_acceptance(fields(&body)?)?),
    };
    let accepted = app
        .uses()
        .accept_proposal(&actor, &key, &acceptance)
        .await?;
    app.invalidate();
    let dir = app.directory();
    let proposal = ReviewedView::of(&key);
    Ok(match accepted {
        Accepted::Meeting(m) => (
            StatusCode::CREATED,
            [("location", format!("/api/v1/meetings/{}", m.id))],
            Json(serde_json::json!({
                "accepted": proposal,
                "kind": "meeting",
                "id": m.id.to_string(),
                "url": format!("/meetings/{}", m.id),
                "meeting": crate::api::meeting_view(&m, &dir),
            })),
        )
            .into_response(),
        Accepted::Engagement(e) => (
            StatusCode::CREATED,
            Json(serde_json::json!({
                "accepted": proposal,
                "kind": "engagement",
                "id": e.id.to_string(),
                "url": "/engagements",
                "engagement": crate::api::engagement_view(&e, &dir),
            })),
        )
            .into_response(),
    })
}

/// `POST /api/v1/import/proposals/{news}/{kind}/{subject}/reject`: the proposal is set aside;
/// later imports of the same text leave it so.
pub async fn api_reject(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    path: ProposalPath,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let key = path_key(path)?;
    app.uses().reject_proposal(&actor, &key).await?;
    app.invalidate();
    Ok(Json(serde_json::json!({ "rejected": ReviewedView::of(&key) })).into_response())
}
