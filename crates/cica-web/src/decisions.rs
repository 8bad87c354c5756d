//! Decisions, documents, silence procedures and treaties: their API under `/api/v1/` and
//! their pages.
//!
//! What a procedure's status is, who is a party and when a treaty enters into force are
//! computed here from the stored events and actions by the domain's rules, at the moment of
//! the request; nothing derived is trusted from storage.

use std::collections::BTreeSet;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cica_domain::consensus::{Position, Stance};
use cica_domain::decision::{
    ActionRecord, Decision, DecisionAct, Document, Notification, Proposer, SilenceRecord, Taken,
    Treaty, Visibility, in_zone, is_time_zone, register_number,
};
use cica_domain::silence::{self, Outcome, SilenceEvent, whole_seconds};
use cica_domain::treaty::{self, ActionKind, TreatyAction, TreatyStatus};
use cica_domain::{DateSpan, Slug, StateCode, is_member_on};
use cica_store::{DecisionQuery, NewVersion};
use serde::{Deserialize, Serialize};

use crate::api::List;
use crate::error::{ApiError, WebError};
use crate::pages::{Layout, Link, PageError};
use crate::params::Params;
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat, Writer, json};
use cica_app::Actor;
use cica_app::records::{OpenSilence, RecordDecision};
use cica_domain::access::may_read;

type ApiResult<T> = Result<Json<T>, ApiError>;
type PageResult<T> = Result<T, PageError>;

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn human(d: NaiveDate) -> String {
    DateSpan::day(d).human()
}

fn slug_or_404(text: &str, what: &str) -> Result<Slug, WebError> {
    Slug::parse(text).map_err(|_| WebError::not_found(format!("no {what} has the key `{text}`")))
}

fn proposer_name(p: &Proposer, dir: &Directory) -> String {
    match p {
        Proposer::State(c) => dir.state_name(c).to_owned(),
        Proposer::Chair => "the Chair".into(),
        Proposer::Secretariat => "the Secretariat".into(),
        Proposer::Body(b) => dir.body_name(b).to_owned(),
    }
}

fn is_member(dir: &Directory, state: &StateCode, on: NaiveDate) -> bool {
    dir.states
        .get(state)
        .is_some_and(|s| is_member_on(&s.statuses, on))
}

/// What a reader may see of a document: all of it when the reader's role may read its
/// visibility ([`may_read`]: the public what is public, an observer delegate also what is for
/// Members and Observers, a member-state delegate also what is for Member States, the
/// Secretariat everything); otherwise nothing: the reader never learns that it exists. It is
/// not listed, its address answers 404, and decisions and procedures on it do not name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Full,
    Hidden,
}

fn access(actor: &Actor, v: Visibility) -> Access {
    if may_read(actor, v) {
        Access::Full
    } else {
        Access::Hidden
    }
}

/// The documents this reader may not know of: referred to by a decision or a procedure, they
/// are left out of what it is shown.
async fn hidden_documents(app: &AppState, actor: &Actor) -> Result<BTreeSet<Slug>, WebError> {
    if actor.is_secretariat() {
        return Ok(BTreeSet::new());
    }
    Ok(app
        .store()
        .documents()
        .await?
        .into_iter()
        .filter(|d| access(actor, d.visibility) == Access::Hidden)
        .map(|d| d.slug)
        .collect())
}

/// A document reference as this reader may see it.
fn visible(d: &Option<(Slug, u32)>, hidden: &BTreeSet<Slug>) -> Option<(Slug, u32)> {
    d.clone().filter(|(s, _)| !hidden.contains(s))
}

// ---------------------------------------------------------------------------------------------
// Documents.

#[derive(Serialize)]
pub struct VersionView {
    number: u32,
    date: String,
    /// Who put it forward; null when withheld from this reader.
    proposed_by: Option<String>,
    proposed_by_name: Option<String>,
    note: Option<String>,
    /// Whether the platform holds this version's text.
    has_text: bool,
    /// The text, when held and the reader may see it.
    text: Option<String>,
}

#[derive(Serialize)]
pub struct DocumentView {
    slug: String,
    title: String,
    kind: &'static str,
    visibility: &'static str,
    status: &'static str,
    body: Option<String>,
    /// True when proposers, version notes and texts are withheld from this reader.
    restricted: bool,
    versions: Vec<VersionView>,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

fn document_view(d: &Document, dir: &Directory, access: Access) -> DocumentView {
    let readable = access == Access::Full;
    DocumentView {
        slug: d.slug.to_string(),
        title: d.title.clone(),
        kind: d.kind.as_str(),
        visibility: d.visibility.as_str(),
        status: d.status.as_str(),
        body: d.body.as_ref().map(ToString::to_string),
        restricted: !readable,
        versions: d
            .versions
            .iter()
            .map(|v| VersionView {
                number: v.number,
                date: v.date.iso(),
                proposed_by: readable.then(|| v.proposed_by.to_string()),
                proposed_by_name: readable.then(|| proposer_name(&v.proposed_by, dir)),
                note: if readable { v.note.clone() } else { None },
                has_text: v.text.is_some(),
                text: if readable { v.text.clone() } else { None },
            })
            .collect(),
        unconfirmed: d.provenance.unconfirmed,
        note: d.provenance.note.clone(),
        url: format!("/documents/{}", d.slug),
    }
}

pub async fn api_documents(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<DocumentView>> {
    Params::parse(q.as_deref(), &[], true)?;
    let dir = app.directory();
    let items = app
        .store()
        .documents()
        .await?
        .iter()
        .filter_map(|d| match access(&actor, d.visibility) {
            Access::Hidden => None,
            a => Some(document_view(d, &dir, a)),
        })
        .collect();
    Ok(Json(List { items, next: None }))
}

/// The document, unless it does not exist or this reader may not know of it.
async fn find_document(
    app: &AppState,
    actor: &Actor,
    slug: &str,
) -> Result<(Document, Access), WebError> {
    let s = slug_or_404(slug, "document")?;
    let not_found = || WebError::not_found(format!("no document has the slug `{s}`"));
    let d = app.store().document(&s).await?.ok_or_else(not_found)?;
    match access(actor, d.visibility) {
        Access::Hidden => Err(not_found()),
        a => Ok((d, a)),
    }
}

pub async fn api_document(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<DocumentView> {
    Params::parse(q.as_deref(), &[], true)?;
    let (d, a) = find_document(&app, &actor, &slug).await?;
    Ok(Json(document_view(&d, &app.directory(), a)))
}

#[derive(Serialize, Clone)]
pub struct Change {
    /// `equal`, `insert` or `delete`.
    op: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct DiffView {
    document: String,
    from: u32,
    to: u32,
    changes: Vec<Change>,
}

pub use cica_app::diff::word_diff;

fn diff(old: &str, new: &str) -> Vec<Change> {
    word_diff(old, new)
        .into_iter()
        .map(|(op, text)| Change { op, text })
        .collect()
}

fn diff_of(d: &Document, p: &Params, readable: bool) -> Result<Option<DiffView>, WebError> {
    let number = |name: &str| -> Result<Option<u32>, WebError> {
        p.get(name)
            .map(|v| {
                v.parse::<u32>()
                    .map_err(|_| WebError::invalid(name, format!("`{v}` is not a version number")))
            })
            .transpose()
    };
    let (Some(from), Some(to)) = (number("from")?, number("to")?) else {
        return Ok(None);
    };
    let text = |n: u32, name: &str| -> Result<String, WebError> {
        let v = d
            .version(n)
            .ok_or_else(|| WebError::invalid(name, format!("the document has no version {n}")))?;
        if !readable {
            return Err(WebError::Forbidden(format!(
                "the text of “{}” is {}; it is not shown here",
                d.title,
                d.visibility.as_str().replace('-', " ")
            )));
        }
        v.text.clone().ok_or_else(|| {
            WebError::invalid(
                name,
                format!("the platform does not hold the text of version {n}"),
            )
        })
    };
    let (old, new) = (text(from, "from")?, text(to, "to")?);
    Ok(Some(DiffView {
        document: d.slug.to_string(),
        from,
        to,
        changes: diff(&old, &new),
    }))
}

pub async fn api_document_diff(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<DiffView> {
    let p = Params::parse(q.as_deref(), &["from", "to"], true)?;
    let (d, a) = find_document(&app, &actor, &slug).await?;
    diff_of(&d, &p, a == Access::Full)?
        .map(Json)
        .ok_or_else(|| {
            ApiError(WebError::invalid(
                "from",
                "give both `from` and `to` version numbers",
            ))
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionBody {
    proposed_by: String,
    date: Option<String>,
    note: Option<String>,
    text: String,
}

pub async fn api_add_version(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: VersionBody = json(&body)?;
    let s = slug_or_404(&slug, "document")?;
    let proposed_by = Proposer::parse(b.proposed_by.trim()).ok_or_else(|| {
        WebError::invalid(
            "proposed_by",
            format!(
                "`{}` is not a state code, `chair`, `secretariat` or `body:<slug>`",
                b.proposed_by
            ),
        )
    })?;
    if let Proposer::State(c) = &proposed_by
        && !app.directory().states.contains_key(c)
    {
        return Err(ApiError(WebError::invalid(
            "proposed_by",
            format!("no state has the code `{c}`"),
        )));
    }
    let date = match b.date.as_deref() {
        Some(d) => cica_domain::parse_day(d).map_err(|_| {
            WebError::invalid(
                "date",
                format!("`{d}` is not a date of the form YYYY-MM-DD"),
            )
        })?,
        None => app.today(),
    };
    if b.text.trim().is_empty() {
        return Err(ApiError(WebError::invalid("text", "must not be empty")));
    }
    let v = app
        .uses()
        .add_document_version(
            &actor,
            &s,
            NewVersion {
                date,
                proposed_by,
                note: b.note,
                text: Some(b.text),
            },
        )
        .await?;
    app.invalidate();
    let (d, _) = find_document(&app, &actor, &slug).await?;
    let view = document_view(&d, &app.directory(), Access::Full);
    Ok((
        StatusCode::CREATED,
        [("location", format!("/documents/{s}?version={}", v.number))],
        Json(view),
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Decisions.

#[derive(Serialize)]
pub struct StatementView {
    state: String,
    stance: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct DocRefView {
    slug: String,
    version: u32,
    url: String,
}

#[derive(Serialize)]
pub struct DecisionView {
    id: String,
    /// The number in the organ's register, such as `SOC/2025/3`.
    register_number: String,
    organ: String,
    date: String,
    number: u32,
    act: &'static str,
    subject: String,
    document: Option<DocRefView>,
    /// `meeting`, `silence` or `not-recorded`.
    taken: &'static str,
    meeting: Option<String>,
    silence: Option<String>,
    statements: Vec<StatementView>,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

fn doc_ref(d: &Option<(Slug, u32)>) -> Option<DocRefView> {
    d.as_ref().map(|(s, v)| DocRefView {
        slug: s.to_string(),
        version: *v,
        url: format!("/documents/{s}"),
    })
}

fn decision_view(d: &Decision, dir: &Directory, hidden: &BTreeSet<Slug>) -> DecisionView {
    let (taken, meeting, silence) = match &d.taken {
        Taken::AtMeeting(m) => ("meeting", Some(m.to_string()), None),
        Taken::BySilence(s) => ("silence", None, Some(s.to_string())),
        Taken::NotRecorded => ("not-recorded", None, None),
    };
    DecisionView {
        id: d.id.to_string(),
        register_number: register_number(dir.body_label(&d.organ), d.date, d.number),
        organ: d.organ.to_string(),
        date: day(d.date),
        number: d.number,
        act: d.act.as_str(),
        subject: d.subject.clone(),
        document: doc_ref(&visible(&d.document, hidden)),
        taken,
        meeting,
        silence,
        statements: d
            .statements
            .iter()
            .map(|s| StatementView {
                state: s.state.to_string(),
                stance: s.stance.as_str(),
                text: s.text.clone(),
            })
            .collect(),
        unconfirmed: d.provenance.unconfirmed,
        note: d.provenance.note.clone(),
        url: format!("/decisions/{}", d.id),
    }
}

fn decision_query(p: &Params, dir: &Directory) -> Result<DecisionQuery, WebError> {
    let meeting = p.slug("meeting")?;
    let year = p
        .get("year")
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1990..=2200).contains(y))
                .ok_or_else(|| WebError::invalid("year", format!("`{y}` is not a year")))
        })
        .transpose()?;
    Ok(DecisionQuery {
        organ: crate::api::known_body(dir, "organ", p.slug("organ")?)?,
        year,
        meeting,
        after: p.cursor()?,
        limit: p.limit()?,
    })
}

pub async fn api_decisions(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<DecisionView>> {
    let p = Params::parse(
        q.as_deref(),
        &["organ", "year", "meeting", "limit", "cursor"],
        true,
    )?;
    let dir = app.directory();
    let page = app.store().decisions(&decision_query(&p, &dir)?).await?;
    let hidden = hidden_documents(&app, &actor).await?;
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|d| decision_view(d, &dir, &hidden))
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

pub async fn api_decision(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<DecisionView> {
    Params::parse(q.as_deref(), &[], true)?;
    let s = slug_or_404(&id, "decision")?;
    let d = app
        .store()
        .decision(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no decision has the id `{s}`")))?;
    let hidden = hidden_documents(&app, &actor).await?;
    Ok(Json(decision_view(&d, &app.directory(), &hidden)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementBody {
    state: String,
    stance: String,
    text: String,
}

fn statement(b: StatementBody, field: &str, dir: &Directory) -> Result<Position, WebError> {
    let state = StateCode::parse(&b.state)
        .map_err(|e| WebError::invalid(&format!("{field}state"), e.to_string()))?;
    if !dir.states.contains_key(&state) {
        return Err(WebError::invalid(
            &format!("{field}state"),
            format!("no state has the code `{state}`"),
        ));
    }
    let stance = Stance::parse(&b.stance).ok_or_else(|| {
        WebError::invalid(
            &format!("{field}stance"),
            format!("`{}` is not one of: {}", b.stance, Stance::expected()),
        )
    })?;
    if b.text.trim().is_empty() {
        return Err(WebError::invalid(
            &format!("{field}text"),
            "say what the state said",
        ));
    }
    Ok(Position {
        state,
        stance,
        text: b.text,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    organ: String,
    meeting: String,
    act: String,
    subject: String,
    /// Defaults to the meeting's day when it lasted one day.
    date: Option<String>,
    document: Option<String>,
    version: Option<u32>,
    id: Option<String>,
    #[serde(default)]
    statements: Vec<StatementBody>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

fn document_version(
    document: Option<String>,
    version: Option<u32>,
) -> Result<Option<(Slug, u32)>, WebError> {
    match (document, version) {
        (Some(d), Some(v)) => Ok(Some((
            Slug::parse(&d).map_err(|e| WebError::invalid("document", e.to_string()))?,
            v,
        ))),
        (None, None) => Ok(None),
        _ => Err(WebError::invalid(
            "version",
            "give both `document` and `version`, the exact version acted on",
        )),
    }
}

/// The `organ` of a write: a slug of a body in the register.
fn known_organ(dir: &crate::state::Directory, text: &str) -> Result<Slug, WebError> {
    let slug = Slug::parse(text).map_err(|e| WebError::invalid("organ", e.to_string()))?;
    crate::api::known_body(dir, "organ", Some(slug.clone()))?;
    Ok(slug)
}

/// `POST /api/v1/decisions`: a decision taken at a meeting, numbered in its organ's register.
pub async fn api_record_decision(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: DecisionBody = json(&body)?;
    let dir = app.directory();
    let organ = known_organ(&dir, &b.organ)?;
    let meeting_id =
        Slug::parse(&b.meeting).map_err(|e| WebError::invalid("meeting", e.to_string()))?;
    let act = DecisionAct::parse(&b.act).ok_or_else(|| {
        WebError::invalid(
            "act",
            format!("`{}` is not one of: {}", b.act, DecisionAct::expected()),
        )
    })?;
    let date = b
        .date
        .as_deref()
        .map(|d| {
            cica_domain::parse_day(d).map_err(|_| {
                WebError::invalid(
                    "date",
                    format!("`{d}` is not a date of the form YYYY-MM-DD"),
                )
            })
        })
        .transpose()?;
    let id =
        b.id.map(|i| Slug::parse(&i).map_err(|e| WebError::invalid("id", e.to_string())))
            .transpose()?;
    let statements = b
        .statements
        .into_iter()
        .enumerate()
        .map(|(i, st)| statement(st, &format!("statements[{i}]."), &dir))
        .collect::<Result<Vec<_>, _>>()?;
    let d = app
        .uses()
        .record_decision(
            &actor,
            RecordDecision {
                id,
                organ,
                meeting: meeting_id,
                date,
                act,
                subject: b.subject,
                document: document_version(b.document, b.version)?,
                statements,
                provenance: cica_domain::Provenance {
                    unconfirmed: false,
                    note: b.note.filter(|n| !n.trim().is_empty()),
                    sources: b.sources,
                },
            },
        )
        .await?;
    app.invalidate();
    let view = decision_view(&d, &app.directory(), &BTreeSet::new());
    Ok((
        StatusCode::CREATED,
        [("location", view.url.clone())],
        Json(view),
    )
        .into_response())
}

/// `POST /api/v1/decisions/{id}/statements`: a Member State's reservation or interpretative
/// statement, added to the record of a decision.
pub async fn api_add_statement(
    State(app): State<AppState>,
    Writer(actor): Writer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: StatementBody = json(&body)?;
    let s = slug_or_404(&id, "decision")?;
    let position = statement(b, "", &app.directory())?;
    let d = app.uses().add_statement(&actor, &s, position).await?;
    app.invalidate();
    let view = decision_view(&d, &app.directory(), &BTreeSet::new());
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Silence procedures.

#[derive(Serialize)]
pub struct EventView {
    /// `broken`, `extended` or `withdrawn`.
    kind: &'static str,
    at: String,
    state: Option<String>,
    stance: Option<&'static str>,
    text: Option<String>,
    until: Option<String>,
}

#[derive(Serialize)]
pub struct SilenceView {
    id: String,
    organ: String,
    act: &'static str,
    subject: String,
    document: Option<DocRefView>,
    chair: String,
    chair_time_zone: String,
    opened_at: String,
    /// The deadline in force, after any extension, in UTC.
    deadline: String,
    /// The deadline as the Chair's clock reads it.
    deadline_chair: String,
    /// The deadline in the reader's zone, when `tz` is given.
    deadline_reader: Option<String>,
    /// `open`, `adopted`, `not-adopted` or `withdrawn`, at the moment of the request.
    status: &'static str,
    /// When it settled (the deadline for an adoption, the break or withdrawal otherwise).
    settled_at: Option<String>,
    /// States that broke silence.
    broken_by: Vec<String>,
    /// The decision produced, once recorded in the register.
    decision: Option<String>,
    /// The decision the procedure acts on (a recommendation), if any.
    basis: Option<String>,
    events: Vec<EventView>,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

fn silence_view(
    s: &SilenceRecord,
    now: DateTime<Utc>,
    reader_tz: Option<&str>,
    hidden: &BTreeSet<Slug>,
) -> SilenceView {
    let outcome = silence::outcome(&s.procedure, now);
    let deadline = s.procedure.deadline();
    let (settled_at, broken_by) = match &outcome {
        Outcome::Open { .. } => (None, vec![]),
        Outcome::Adopted { at } | Outcome::Withdrawn { at } => (Some(utc(*at)), vec![]),
        Outcome::NotAdopted { at, by } => {
            (Some(utc(*at)), by.iter().map(ToString::to_string).collect())
        }
    };
    SilenceView {
        id: s.id.to_string(),
        organ: s.organ.to_string(),
        act: s.act.as_str(),
        subject: s.subject.clone(),
        document: doc_ref(&visible(&s.document, hidden)),
        chair: s.chair.to_string(),
        chair_time_zone: s.chair_time_zone.clone(),
        opened_at: utc(s.procedure.opened_at),
        deadline: utc(deadline),
        deadline_chair: in_zone(deadline, &s.chair_time_zone),
        deadline_reader: reader_tz.map(|tz| in_zone(deadline, tz)),
        status: outcome.label(),
        settled_at,
        broken_by,
        decision: s.decision.as_ref().map(ToString::to_string),
        basis: s.basis.as_ref().map(ToString::to_string),
        events: s
            .procedure
            .events
            .iter()
            .map(|e| match e {
                SilenceEvent::Broken {
                    at,
                    state,
                    stance,
                    text,
                } => EventView {
                    kind: "broken",
                    at: utc(*at),
                    state: Some(state.to_string()),
                    stance: Some(stance.as_str()),
                    text: Some(text.clone()),
                    until: None,
                },
                SilenceEvent::Extended { at, until } => EventView {
                    kind: "extended",
                    at: utc(*at),
                    state: None,
                    stance: None,
                    text: None,
                    until: Some(utc(*until)),
                },
                SilenceEvent::Withdrawn { at } => EventView {
                    kind: "withdrawn",
                    at: utc(*at),
                    state: None,
                    stance: None,
                    text: None,
                    until: None,
                },
            })
            .collect(),
        unconfirmed: s.provenance.unconfirmed,
        note: s.provenance.note.clone(),
        url: format!("/silence/{}", s.id),
    }
}

fn reader_tz(p: &Params) -> Result<Option<String>, WebError> {
    p.get("tz")
        .map(|tz| {
            if is_time_zone(tz) {
                Ok(tz.to_owned())
            } else {
                Err(WebError::invalid(
                    "tz",
                    format!("`{tz}` is not an IANA time zone such as Europe/Paris"),
                ))
            }
        })
        .transpose()
}

pub async fn api_silences(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<SilenceView>> {
    let p = Params::parse(q.as_deref(), &["tz", "status"], true)?;
    let tz = reader_tz(&p)?;
    let status = p.choice("status", &["open", "adopted", "not-adopted", "withdrawn"])?;
    let now = app.now();
    let hidden = hidden_documents(&app, &actor).await?;
    let items = app
        .store()
        .silences()
        .await?
        .iter()
        .map(|s| silence_view(s, now, tz.as_deref(), &hidden))
        .filter(|v| status.is_none_or(|s| v.status == s))
        .collect();
    Ok(Json(List { items, next: None }))
}

async fn find_silence(app: &AppState, id: &str) -> Result<SilenceRecord, WebError> {
    let s = slug_or_404(id, "silence procedure")?;
    app.store()
        .silence(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no silence procedure has the id `{s}`")))
}

pub async fn api_silence(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<SilenceView> {
    let p = Params::parse(q.as_deref(), &["tz"], true)?;
    let tz = reader_tz(&p)?;
    let s = find_silence(&app, &id).await?;
    let hidden = hidden_documents(&app, &actor).await?;
    Ok(Json(silence_view(&s, app.now(), tz.as_deref(), &hidden)))
}

/// An instant from a client, cut to the whole second the platform stores before anything is
/// checked against it.
fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>, WebError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| whole_seconds(d.with_timezone(&Utc)))
        .map_err(|_| {
            WebError::invalid(
                field,
                format!(
                    "`{text}` is not an instant with its offset, such as 2025-04-03T18:00:00+04:00"
                ),
            )
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenBody {
    organ: String,
    act: String,
    subject: String,
    document: Option<String>,
    version: Option<u32>,
    /// Defaults to the state chairing today.
    chair: Option<String>,
    /// Defaults to the time zone of the Chair's capital.
    chair_time_zone: Option<String>,
    expires_at: String,
    /// The decision the procedure acts on, such as a recommendation.
    basis: Option<String>,
}

pub async fn api_open_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: OpenBody = json(&body)?;
    let dir = app.directory();
    let organ = known_organ(&dir, &b.organ)?;
    let act = DecisionAct::parse(&b.act).ok_or_else(|| {
        WebError::invalid(
            "act",
            format!("`{}` is not one of: {}", b.act, DecisionAct::expected()),
        )
    })?;
    let document = match (b.document, b.version) {
        (Some(d), Some(v)) => Some((
            Slug::parse(&d).map_err(|e| WebError::invalid("document", e.to_string()))?,
            v,
        )),
        (None, None) => None,
        _ => {
            return Err(ApiError(WebError::invalid(
                "version",
                "give both `document` and `version`, the exact version circulated",
            )));
        }
    };
    let chair = b
        .chair
        .map(|c| StateCode::parse(&c).map_err(|e| WebError::invalid("chair", e.to_string())))
        .transpose()?;
    let expires_at = parse_instant("expires_at", &b.expires_at)?;
    let record = app
        .uses()
        .open_silence(
            &actor,
            OpenSilence {
                organ,
                act,
                subject: b.subject,
                document,
                chair,
                chair_time_zone: b.chair_time_zone,
                expires_at,
                basis: b
                    .basis
                    .map(|d| Slug::parse(&d).map_err(|e| WebError::invalid("basis", e.to_string())))
                    .transpose()?,
            },
        )
        .await?;
    let now = app.now();
    app.invalidate();
    let view = silence_view(&record, now, None, &BTreeSet::new());
    Ok((
        StatusCode::CREATED,
        [("location", view.url.clone())],
        Json(view),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BreakBody {
    state: String,
    stance: String,
    text: String,
}

/// The procedure after a break, extension or withdrawal, as the writer sees it.
fn after_request(app: &AppState, record: &SilenceRecord) -> Json<SilenceView> {
    app.invalidate();
    Json(silence_view(record, app.now(), None, &BTreeSet::new()))
}

pub async fn api_break_silence(
    State(app): State<AppState>,
    Writer(actor): Writer,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<SilenceView> {
    let b: BreakBody = json(&body)?;
    let s = slug_or_404(&id, "silence procedure")?;
    let state =
        StateCode::parse(&b.state).map_err(|e| WebError::invalid("state", e.to_string()))?;
    let stance = Stance::parse(&b.stance).ok_or_else(|| {
        WebError::invalid(
            "stance",
            "silence is broken by an `objection` or an `amendment`",
        )
    })?;
    let record = app
        .uses()
        .break_silence(&actor, &s, state, stance, &b.text)
        .await?;
    Ok(after_request(&app, &record))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtendBody {
    until: String,
}

pub async fn api_extend_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<SilenceView> {
    let b: ExtendBody = json(&body)?;
    let until = parse_instant("until", &b.until)?;
    let s = slug_or_404(&id, "silence procedure")?;
    let record = app.uses().extend_silence(&actor, &s, until).await?;
    Ok(after_request(&app, &record))
}

pub async fn api_withdraw_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
) -> ApiResult<SilenceView> {
    let s = slug_or_404(&id, "silence procedure")?;
    let record = app.uses().withdraw_silence(&actor, &s).await?;
    Ok(after_request(&app, &record))
}

// ---------------------------------------------------------------------------------------------
// Treaties.

#[derive(Serialize)]
pub struct PartyView {
    state: String,
    name: String,
    kind: &'static str,
    /// The date that counts, as the depositary received it (the last possible day when only a
    /// bound is known).
    deposit: String,
    /// How the sources give the deposit date, when not to the day.
    deposit_text: Option<String>,
    /// The day the treaty binds this party, once known.
    effective: Option<String>,
    counted: bool,
    unconfirmed: bool,
    /// The day a denunciation or withdrawal it has deposited takes effect, when still to come.
    leaving: Option<String>,
}

#[derive(Serialize)]
pub struct StatusView {
    parties: Vec<PartyView>,
    /// Counted instruments deposited.
    counted: u32,
    /// How many more are needed; 0 once the count is reached.
    needed: u32,
    in_force: Option<String>,
    explanation: String,
}

#[derive(Serialize)]
pub struct ClauseView {
    threshold: u32,
    counted: Vec<&'static str>,
    /// Participants whose instruments do not count toward the threshold.
    not_counted: Vec<String>,
    delay: String,
    later_delay: String,
    /// From the deposit of a denunciation or withdrawal to its effect.
    exit_delay: String,
    second_condition: Option<SecondConditionView>,
    text: String,
}

#[derive(Serialize)]
pub struct SecondConditionView {
    label: String,
    required: u64,
    weights: std::collections::BTreeMap<String, u64>,
}

#[derive(Serialize)]
pub struct SignatureView {
    state: String,
    name: String,
    date: Option<String>,
}

#[derive(Serialize)]
pub struct TreatyView {
    slug: String,
    title: String,
    short_title: String,
    concluded: Option<String>,
    place: Option<String>,
    depositary: Option<String>,
    clause: ClauseView,
    /// False when the recorded actions are known to be incomplete: counts are then a floor.
    complete: bool,
    signatures: Vec<SignatureView>,
    #[serde(flatten)]
    status: StatusView,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

fn actions(t: &Treaty) -> Vec<TreatyAction> {
    t.actions.iter().map(|a| a.action.clone()).collect()
}

fn status_view(t: &Treaty, s: &TreatyStatus, dir: &Directory, as_of: NaiveDate) -> StatusView {
    StatusView {
        parties: s
            .parties
            .iter()
            .map(|p| {
                let record = t.actions.iter().find(|a| {
                    a.action.party == p.party
                        && a.action.kind == p.kind
                        && a.action.deposit == Some(p.deposit)
                });
                PartyView {
                    name: StateCode::parse(&p.party)
                        .map_or_else(|_| p.party.clone(), |c| dir.state_name(&c).to_owned()),
                    state: p.party.clone(),
                    kind: p.kind.as_str(),
                    deposit: day(p.deposit),
                    deposit_text: record.and_then(|r| r.deposit_text.clone()),
                    effective: p.effective.map(day),
                    counted: p.counted,
                    unconfirmed: p.unconfirmed,
                    leaving: p.leaving.map(day),
                }
            })
            .collect(),
        counted: s.counted,
        needed: s.needed,
        in_force: s.in_force.map(day),
        explanation: explanation(t, s, dir, as_of),
    }
}

/// The status in one sentence, naming states as the registers do.
fn explanation(t: &Treaty, s: &TreatyStatus, dir: &Directory, as_of: NaiveDate) -> String {
    treaty::explain(&t.clause, s, as_of, &|p| {
        StateCode::parse(p).map_or_else(|_| p.to_owned(), |c| dir.state_name(&c).to_owned())
    })
}

/// A sentence for a page: capital first letter, full stop.
fn sentence(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => format!(
            "{}{}.",
            first.to_uppercase(),
            c.as_str().trim_end_matches('.')
        ),
        None => String::new(),
    }
}

fn treaty_view(t: &Treaty, as_of: NaiveDate, dir: &Directory) -> TreatyView {
    let s = treaty::status(&t.clause, &actions(t), as_of);
    TreatyView {
        slug: t.slug.to_string(),
        title: t.title.clone(),
        short_title: t.short_title.clone(),
        concluded: t.concluded.map(day),
        place: t.place.clone(),
        depositary: t.depositary.clone(),
        clause: ClauseView {
            threshold: t.clause.threshold,
            counted: t.clause.counted.iter().map(|k| k.as_str()).collect(),
            not_counted: t.clause.not_counted.iter().cloned().collect(),
            delay: t.clause.delay.describe(),
            later_delay: t.clause.later_delay.describe(),
            exit_delay: t.clause.exit_delay.describe(),
            second_condition: t
                .clause
                .second_condition
                .as_ref()
                .map(|w| SecondConditionView {
                    label: w.label.clone(),
                    required: w.required,
                    weights: w.weights.clone(),
                }),
            text: t.clause_text.clone(),
        },
        complete: t.complete,
        signatures: t
            .actions
            .iter()
            .filter(|a| a.action.kind == ActionKind::Signature)
            .map(|a| SignatureView {
                name: StateCode::parse(&a.action.party).map_or_else(
                    |_| a.action.party.clone(),
                    |c| dir.state_name(&c).to_owned(),
                ),
                state: a.action.party.clone(),
                date: a.action.act.map(day),
            })
            .collect(),
        status: status_view(t, &s, dir, as_of),
        unconfirmed: t.provenance.unconfirmed,
        note: t.provenance.note.clone(),
        url: format!("/treaties/{}", t.slug),
    }
}

pub async fn api_treaties(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<TreatyView>> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let as_of = p.date("as_of")?.unwrap_or_else(|| app.today());
    let dir = app.directory();
    let items = app
        .store()
        .treaties()
        .await?
        .iter()
        .map(|t| treaty_view(t, as_of, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

async fn find_treaty(app: &AppState, slug: &str) -> Result<Treaty, WebError> {
    let s = slug_or_404(slug, "treaty")?;
    app.store()
        .treaty(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no treaty has the slug `{s}`")))
}

pub async fn api_treaty(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<TreatyView> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let as_of = p.date("as_of")?.unwrap_or_else(|| app.today());
    let t = find_treaty(&app, &slug).await?;
    Ok(Json(treaty_view(&t, as_of, &app.directory())))
}

#[derive(Serialize)]
pub struct WhatIfAssumption {
    state: String,
    name: String,
    kind: &'static str,
    deposit: String,
}

#[derive(Serialize)]
pub struct WhatIfView {
    treaty: String,
    what_if: WhatIfAssumption,
    #[serde(flatten)]
    status: StatusView,
}

/// The status as if `state` deposited on `deposit`, refused with the reason when it could not
/// happen (the use case's rule).
async fn what_if(
    app: &AppState,
    t: &Treaty,
    state: &StateCode,
    deposit: NaiveDate,
) -> Result<WhatIfView, WebError> {
    let w = app.uses().what_if(t, state, deposit).await?;
    Ok(WhatIfView {
        treaty: t.slug.to_string(),
        what_if: WhatIfAssumption {
            state: state.to_string(),
            name: w.name,
            kind: w.kind.as_str(),
            deposit: day(deposit),
        },
        status: status_view(t, &w.status, &app.directory(), deposit),
    })
}

fn what_if_params(p: &Params) -> Result<(StateCode, NaiveDate), WebError> {
    let state = p
        .state("state")?
        .ok_or_else(|| WebError::invalid("state", "name the state, such as KWT"))?;
    let deposit = p
        .date("deposit")?
        .ok_or_else(|| WebError::invalid("deposit", "give the deposit date, such as 2025-06-01"))?;
    Ok((state, deposit))
}

pub async fn api_what_if(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<WhatIfView> {
    let p = Params::parse(q.as_deref(), &["state", "deposit"], true)?;
    let (state, deposit) = what_if_params(&p)?;
    let t = find_treaty(&app, &slug).await?;
    Ok(Json(what_if(&app, &t, &state, deposit).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionBody {
    party: String,
    kind: String,
    act: Option<String>,
    deposit: Option<String>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Serialize)]
pub struct RecordedView {
    notification: Option<NotificationView>,
    treaty: TreatyView,
}

pub async fn api_record_action(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: ActionBody = json(&body)?;
    let s = slug_or_404(&slug, "treaty")?;
    let party =
        StateCode::parse(&b.party).map_err(|e| WebError::invalid("party", e.to_string()))?;
    let kind = ActionKind::parse(&b.kind).ok_or_else(|| {
        WebError::invalid(
            "kind",
            format!("`{}` is not one of: {}", b.kind, ActionKind::expected()),
        )
    })?;
    let date = |field: &str, v: Option<String>| -> Result<Option<NaiveDate>, WebError> {
        v.map(|d| {
            cica_domain::parse_day(&d).map_err(|_| {
                WebError::invalid(field, format!("`{d}` is not a date of the form YYYY-MM-DD"))
            })
        })
        .transpose()
    };
    let act = date("act", b.act)?;
    let deposit = date("deposit", b.deposit)?;
    // What may be recorded (no deposited signature, no exit by a non-party, …) is the
    // store's to decide, by the domain's rule, for every shell alike.
    let record = ActionRecord {
        action: TreatyAction {
            party: party.to_string(),
            kind,
            act,
            deposit,
            unconfirmed: false,
        },
        deposit_text: None,
        note: b.note,
        sources: b.sources,
    };
    let notification = app.uses().record_treaty_action(&actor, &s, record).await?;
    app.invalidate();
    let t = find_treaty(&app, &slug).await?;
    let dir = app.directory();
    let view = RecordedView {
        notification: notification.as_ref().map(|n| notification_view(n, &dir)),
        treaty: treaty_view(&t, app.today(), &dir),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Serialize)]
pub struct NotificationView {
    reference: String,
    year: i32,
    number: u32,
    date: String,
    treaty: String,
    party: String,
    kind: &'static str,
    text: String,
    /// When the deposit is not known to the day (the notification is then dated the last day
    /// it could have happened): the date as the sources give it.
    date_text: Option<String>,
    unconfirmed: bool,
    url: String,
}

fn notification_view(n: &Notification, _dir: &Directory) -> NotificationView {
    NotificationView {
        reference: n.reference(),
        year: n.year,
        number: n.number,
        date: day(n.date),
        treaty: n.treaty.to_string(),
        party: n.party.clone(),
        kind: n.kind.as_str(),
        text: n.text.clone(),
        date_text: n.date_text.clone(),
        unconfirmed: n.date_text.is_some(),
        url: format!("/notifications#{}", n.reference()),
    }
}

pub async fn api_notifications(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<NotificationView>> {
    let p = Params::parse(q.as_deref(), &["treaty"], true)?;
    let treaty = p.slug("treaty")?;
    let dir = app.directory();
    let items = app
        .store()
        .notifications(treaty.as_ref())
        .await?
        .iter()
        .map(|n| notification_view(n, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

/// Per state: where it stands on each treaty it has acted on.
#[derive(Serialize)]
pub struct StateTreatyView {
    treaty: String,
    title: String,
    signature: Option<String>,
    /// Whether it is a party on the day asked.
    party: bool,
    /// The deposited instrument that makes it a party (or made it one, before it left).
    consent: Option<&'static str>,
    act: Option<String>,
    deposit: Option<String>,
    deposit_text: Option<String>,
    effective: Option<String>,
    /// A consent decided at home and not yet deposited, with the date of that act.
    pending: Option<&'static str>,
    pending_act: Option<String>,
    /// Its latest denunciation or withdrawal, with the day it takes effect.
    exit: Option<&'static str>,
    exit_deposit: Option<String>,
    exit_effective: Option<String>,
    unconfirmed: bool,
}

pub fn state_treaties(
    treaties: &[Treaty],
    code: &StateCode,
    today: NaiveDate,
) -> Vec<StateTreatyView> {
    treaties
        .iter()
        .filter_map(|t| {
            let mine: Vec<&ActionRecord> = t
                .actions
                .iter()
                .filter(|a| a.action.party == code.as_str())
                .collect();
            if mine.is_empty() {
                return None;
            }
            let st = treaty::standing(&t.clause, &actions(t), code.as_str(), today);
            let c = st.consent.as_ref();
            Some(StateTreatyView {
                treaty: t.slug.to_string(),
                title: t.short_title.clone(),
                signature: st.signature.map(day),
                party: st.party,
                consent: c.map(|c| c.kind.as_str()),
                act: c.and_then(|c| c.act).map(day),
                deposit: c.map(|c| day(c.deposit)),
                deposit_text: c.and_then(|c| {
                    mine.iter()
                        .find(|a| a.action.kind == c.kind && a.action.deposit == Some(c.deposit))
                        .and_then(|a| a.deposit_text.clone())
                }),
                effective: c.and_then(|c| c.effective).map(day),
                pending: st.pending.map(|(k, _)| k.as_str()),
                pending_act: st.pending.and_then(|(_, a)| a).map(day),
                exit: st.exit.as_ref().map(|e| e.kind.as_str()),
                exit_deposit: st.exit.as_ref().map(|e| day(e.deposit)),
                exit_effective: st.exit.as_ref().map(|e| day(e.effective)),
                unconfirmed: mine.iter().any(|a| a.action.unconfirmed),
            })
        })
        .collect()
}

pub async fn api_state_treaties(
    State(app): State<AppState>,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<StateTreatyView>> {
    Params::parse(q.as_deref(), &[], true)?;
    let c = StateCode::parse(&code)
        .map_err(|_| WebError::not_found(format!("no state has the code `{code}`")))?;
    if !app.directory().states.contains_key(&c) {
        return Err(ApiError(WebError::not_found(format!(
            "no state has the code `{c}`"
        ))));
    }
    let items = state_treaties(&app.store().treaties().await?, &c, app.today());
    Ok(Json(List { items, next: None }))
}

// ---------------------------------------------------------------------------------------------
// Pages.

pub struct DecisionRow {
    pub url: String,
    pub register: String,
    pub date: String,
    pub organ: Link,
    pub act: String,
    pub subject: String,
    pub how: String,
    pub how_url: String,
    pub unconfirmed: bool,
}

fn decision_row(d: &Decision, dir: &Directory) -> DecisionRow {
    let (how, how_url) = match &d.taken {
        Taken::AtMeeting(m) => ("at a meeting".to_owned(), format!("/meetings/{m}")),
        Taken::BySilence(s) => ("by silence procedure".to_owned(), format!("/silence/{s}")),
        Taken::NotRecorded => ("how is not recorded".to_owned(), String::new()),
    };
    DecisionRow {
        url: format!("/decisions/{}", d.id),
        register: register_number(dir.body_label(&d.organ), d.date, d.number),
        date: human(d.date),
        organ: Link {
            url: format!("/bodies/{}", d.organ),
            label: dir.body_label(&d.organ).to_owned(),
        },
        act: d.act.past().to_owned(),
        subject: d.subject.clone(),
        how,
        how_url,
        unconfirmed: d.provenance.unconfirmed,
    }
}

/// The decisions taken at a meeting, in its organ's register, for the meeting's page.
pub async fn meeting_decisions(
    app: &AppState,
    meeting: &Slug,
) -> Result<Vec<DecisionRow>, WebError> {
    let dir = app.directory();
    let page = app
        .store()
        .decisions(&DecisionQuery {
            meeting: Some(meeting.clone()),
            limit: 1000,
            ..DecisionQuery::default()
        })
        .await?;
    let mut rows: Vec<(u32, DecisionRow)> = page
        .items
        .iter()
        .map(|d| (d.number, decision_row(d, &dir)))
        .collect();
    rows.sort_by_key(|(n, _)| *n);
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "decisions.html")]
pub struct DecisionsPage {
    l: Layout,
    organs: Vec<crate::pages::Choice>,
    rows: Vec<DecisionRow>,
    older: Option<String>,
    open: Vec<SilenceRow>,
}

pub async fn decisions_page(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> PageResult<DecisionsPage> {
    let p = Params::parse(q.as_deref(), &["organ", "year", "cursor"], true)?;
    let dir = app.directory();
    let mut query = decision_query(&p, &dir)?;
    query.limit = 50;
    let page = app.store().decisions(&query).await?;
    let organs: BTreeSet<&Slug> = dir.bodies.keys().collect();
    let now = app.now();
    let open = app
        .store()
        .silences()
        .await?
        .iter()
        .filter(|s| matches!(silence::outcome(&s.procedure, now), Outcome::Open { .. }))
        .map(|s| silence_row(s, now, &dir))
        .collect();
    Ok(DecisionsPage {
        l: Layout::new("Decisions", "decisions"),
        organs: organs
            .into_iter()
            .map(|s| crate::pages::Choice {
                value: s.to_string(),
                label: dir.body_name(s).to_owned(),
                selected: query.organ.as_ref() == Some(s),
            })
            .collect(),
        rows: page.items.iter().map(|d| decision_row(d, &dir)).collect(),
        older: page.next.map(|c| {
            format!(
                "/decisions?{}",
                crate::pages::with_cursor(q.as_deref(), &c.to_string())
            )
        }),
        open,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "decision.html")]
pub struct DecisionPage {
    l: Layout,
    row: DecisionRow,
    document: Option<Link>,
    /// The decision its silence procedure acted on.
    basis: Option<Link>,
    /// The procedures that acted on this decision.
    acted_on_by: Vec<Link>,
    statements: Vec<(Link, String, String)>,
    note: String,
    sources: Vec<Link>,
}

/// A link to a decision, by its register number and subject.
async fn decision_link(app: &AppState, dir: &Directory, id: &Slug) -> Result<Link, WebError> {
    Ok(match app.store().decision(id).await? {
        Some(d) => Link {
            url: format!("/decisions/{id}"),
            label: format!(
                "{}: the {} {} {}",
                register_number(dir.body_label(&d.organ), d.date, d.number),
                dir.body_label(&d.organ),
                d.act.past(),
                d.subject
            ),
        },
        None => Link {
            url: format!("/decisions/{id}"),
            label: id.to_string(),
        },
    })
}

pub async fn decision_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> PageResult<DecisionPage> {
    let s = slug_or_404(&id, "decision")?;
    let d = app.store().decision(&s).await?.ok_or_else(|| {
        WebError::not_found(format!("There is no decision “{s}” in the register."))
    })?;
    let dir = app.directory();
    let hidden = hidden_documents(&app, &actor).await?;
    let silences = app.store().silences().await?;
    let basis = match &d.taken {
        Taken::BySilence(p) => match silences
            .iter()
            .find(|x| &x.id == p)
            .and_then(|x| x.basis.as_ref())
        {
            Some(b) => Some(decision_link(&app, &dir, b).await?),
            None => None,
        },
        _ => None,
    };
    let acted_on_by = silences
        .iter()
        .filter(|x| x.basis.as_ref() == Some(&d.id))
        .map(|x| Link {
            url: format!("/silence/{}", x.id),
            label: format!(
                "the silence procedure of the {} to {} {}",
                dir.body_label(&x.organ),
                x.act.as_str().replace('-', " "),
                x.subject
            ),
        })
        .collect();
    let document = match &visible(&d.document, &hidden) {
        Some((slug, v)) => app.store().document(slug).await?.map(|doc| Link {
            url: format!("/documents/{slug}"),
            label: format!("{}, version {v}", doc.title),
        }),
        None => None,
    };
    Ok(DecisionPage {
        l: Layout::new(
            &format!(
                "Decision {}",
                register_number(dir.body_label(&d.organ), d.date, d.number)
            ),
            "decisions",
        ),
        row: decision_row(&d, &dir),
        document,
        basis,
        acted_on_by,
        statements: d
            .statements
            .iter()
            .map(|st| {
                (
                    Link {
                        url: format!("/states/{}", st.state),
                        label: dir.state_name(&st.state).to_owned(),
                    },
                    st.stance.as_str().replace('-', " "),
                    st.text.clone(),
                )
            })
            .collect(),
        note: d.provenance.note.clone().unwrap_or_default(),
        sources: crate::pages::source_links(&d.provenance.sources),
    })
}

pub struct SilenceRow {
    pub url: String,
    pub subject: String,
    pub organ: String,
    pub status: String,
    pub deadline_utc: String,
    pub deadline_chair: String,
    pub open: bool,
}

fn status_label(o: &Outcome) -> &'static str {
    match o {
        Outcome::Open { .. } => "open",
        Outcome::Adopted { .. } => "adopted",
        Outcome::NotAdopted { .. } => "not adopted",
        Outcome::Withdrawn { .. } => "withdrawn",
    }
}

fn silence_row(s: &SilenceRecord, now: DateTime<Utc>, dir: &Directory) -> SilenceRow {
    let o = silence::outcome(&s.procedure, now);
    SilenceRow {
        url: format!("/silence/{}", s.id),
        subject: format!("{} {}", s.act.as_str().replace('-', " "), s.subject),
        organ: dir.body_label(&s.organ).to_owned(),
        status: status_label(&o).to_owned(),
        deadline_utc: utc(s.procedure.deadline()),
        deadline_chair: in_zone(s.procedure.deadline(), &s.chair_time_zone),
        open: matches!(o, Outcome::Open { .. }),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "silence.html")]
pub struct SilencePage {
    l: Layout,
    row: SilenceRow,
    chair: Link,
    chair_zone: String,
    opened_chair: String,
    opened_utc: String,
    deadline_reader: String,
    outcome: String,
    events: Vec<(String, String, String)>,
    decision: Option<Link>,
    document: Option<Link>,
    basis: Option<Link>,
    note: String,
    /// For a Member State's delegate while silence holds: the state they may break it for.
    break_for: Option<Link>,
    csrf: String,
    history: Vec<crate::accounts::HistoryRow>,
}

pub async fn silence_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult<SilencePage> {
    let p = Params::parse(q.as_deref(), &["tz"], true)?;
    let tz = reader_tz(&p)?;
    let s = find_silence(&app, &id)
        .await
        .map_err(|_| WebError::not_found(format!("There is no silence procedure “{id}”.")))?;
    let dir = app.directory();
    let now = app.now();
    let o = silence::outcome(&s.procedure, now);
    let outcome = match &o {
        Outcome::Open { deadline } => format!(
            "Silence holds. Unless a Member State breaks it, the text is adopted at {}.",
            in_zone(*deadline, &s.chair_time_zone)
        ),
        Outcome::Adopted { at } => match &s.decision {
            Some(_) => format!(
                "Adopted at the deadline, {}, as nobody broke silence.",
                in_zone(*at, &s.chair_time_zone)
            ),
            None => format!(
                "The deadline passed at {} with silence unbroken: adopted; the decision is being entered in the register.",
                in_zone(*at, &s.chair_time_zone)
            ),
        },
        Outcome::NotAdopted { at, by } => format!(
            "Not adopted: silence was broken at {} by {}.",
            in_zone(*at, &s.chair_time_zone),
            by.iter()
                .map(|c| dir.state_name(c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Outcome::Withdrawn { at } => format!(
            "Withdrawn by the Chair at {}.",
            in_zone(*at, &s.chair_time_zone)
        ),
    };
    let events = s
        .procedure
        .events
        .iter()
        .map(|e| match e {
            SilenceEvent::Broken {
                at,
                state,
                stance,
                text,
            } => (
                in_zone(*at, &s.chair_time_zone),
                format!(
                    "{} broke silence with an {}",
                    dir.state_name(state),
                    stance.as_str()
                ),
                text.clone(),
            ),
            SilenceEvent::Extended { at, until } => (
                in_zone(*at, &s.chair_time_zone),
                format!(
                    "The Chair extended the deadline to {}",
                    in_zone(*until, &s.chair_time_zone)
                ),
                String::new(),
            ),
            SilenceEvent::Withdrawn { at } => (
                in_zone(*at, &s.chair_time_zone),
                "The Chair withdrew the text".into(),
                String::new(),
            ),
        })
        .collect();
    let hidden = hidden_documents(&app, &actor).await?;
    let document = match &visible(&s.document, &hidden) {
        Some((slug, v)) => app.store().document(slug).await?.map(|d| Link {
            url: format!("/documents/{slug}"),
            label: format!("{}, version {v}", d.title),
        }),
        None => None,
    };
    let basis = match &s.basis {
        Some(b) => Some(decision_link(&app, &dir, b).await?),
        None => None,
    };
    let csrf = crate::accounts::form_token(session.as_ref());
    let break_for = match (&o, &actor) {
        (
            Outcome::Open { .. },
            Actor::Account {
                grant:
                    Some((
                        cica_domain::access::Role::MemberDelegate,
                        cica_domain::access::Binding::State(c),
                    )),
                ..
            },
        ) if !csrf.is_empty() => Some(Link {
            url: format!("/silence/{}/break", s.id),
            label: dir.state_name(c).to_owned(),
        }),
        _ => None,
    };
    let history = crate::accounts::history(&app, &actor, &format!("silence/{}", s.id)).await?;
    Ok(SilencePage {
        break_for,
        csrf,
        history,
        l: Layout::new("Silence procedure", "decisions"),
        row: silence_row(&s, now, &dir),
        chair: Link {
            url: format!("/states/{}", s.chair),
            label: dir.state_name(&s.chair).to_owned(),
        },
        chair_zone: s.chair_time_zone.clone(),
        opened_chair: in_zone(s.procedure.opened_at, &s.chair_time_zone),
        opened_utc: utc(s.procedure.opened_at),
        deadline_reader: tz
            .map(|tz| format!("{} ({tz})", in_zone(s.procedure.deadline(), &tz)))
            .unwrap_or_default(),
        outcome,
        events,
        decision: s.decision.as_ref().map(|d| Link {
            url: format!("/decisions/{d}"),
            label: "The decision in the register".into(),
        }),
        document,
        basis,
        note: s.provenance.note.clone().unwrap_or_default(),
    })
}

pub struct DocumentRow {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub visibility: String,
    pub versions: usize,
    pub latest: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    l: Layout,
    rows: Vec<DocumentRow>,
}

pub async fn documents_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Caller(actor): Caller,
) -> PageResult<DocumentsPage> {
    let dir = app.directory();
    let rows = app
        .store()
        .documents()
        .await?
        .iter()
        .filter_map(|d| {
            let a = access(&actor, d.visibility);
            (a != Access::Hidden).then_some((d, a))
        })
        .map(|(d, a)| DocumentRow {
            url: format!("/documents/{}", d.slug),
            title: d.title.clone(),
            kind: d.kind.as_str().replace('-', " "),
            status: d.status.as_str().replace('-', " "),
            visibility: d.visibility.as_str().replace('-', " "),
            versions: d.versions.len(),
            latest: d
                .latest()
                .map(|v| match a {
                    Access::Full => format!(
                        "{} by {}",
                        v.date.human(),
                        proposer_name(&v.proposed_by, &dir)
                    ),
                    _ => v.date.human(),
                })
                .unwrap_or_default(),
        })
        .collect();
    Ok(DocumentsPage {
        l: Layout::new("Documents", "decisions"),
        rows,
    })
}

pub struct VersionRow {
    pub number: u32,
    pub date: String,
    pub by: String,
    pub note: String,
    pub has_text: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "document.html")]
pub struct DocumentPage {
    l: Layout,
    slug: String,
    title: String,
    kind: String,
    status: String,
    visibility: String,
    restricted: bool,
    body: Option<Link>,
    note: String,
    versions: Vec<VersionRow>,
    comparable: bool,
    from: u32,
    to: u32,
    diff: Vec<Change>,
    latest_text: Vec<String>,
    decisions: Vec<DecisionRow>,
}

pub async fn document_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult<DocumentPage> {
    let p = Params::parse(q.as_deref(), &["from", "to", "version"], true)?;
    let (d, a) = find_document(&app, &actor, &slug)
        .await
        .map_err(|_| WebError::not_found(format!("There is no document “{slug}”.")))?;
    let dir = app.directory();
    let readable = a == Access::Full;
    let diff = diff_of(&d, &p, readable)?;
    let with_text: Vec<u32> = d
        .versions
        .iter()
        .filter(|v| v.text.is_some())
        .map(|v| v.number)
        .collect();
    let decisions = app
        .store()
        .decisions(&DecisionQuery {
            limit: 1000,
            ..DecisionQuery::default()
        })
        .await?;
    Ok(DocumentPage {
        l: Layout::new(&d.title, "decisions"),
        slug: d.slug.to_string(),
        title: d.title.clone(),
        kind: d.kind.as_str().replace('-', " "),
        status: d.status.as_str().replace('-', " "),
        visibility: d.visibility.as_str().replace('-', " "),
        restricted: !readable,
        body: d.body.as_ref().map(|b| Link {
            url: format!("/bodies/{b}"),
            label: dir.body_name(b).to_owned(),
        }),
        note: d.provenance.note.clone().unwrap_or_default(),
        versions: d
            .versions
            .iter()
            .map(|v| VersionRow {
                number: v.number,
                date: v.date.human(),
                by: if readable {
                    proposer_name(&v.proposed_by, &dir)
                } else {
                    String::new()
                },
                note: if readable {
                    v.note.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                has_text: v.text.is_some(),
            })
            .collect(),
        comparable: readable && with_text.len() >= 2,
        from: diff.as_ref().map_or_else(
            || with_text.iter().rev().nth(1).copied().unwrap_or(1),
            |x| x.from,
        ),
        to: diff
            .as_ref()
            .map_or_else(|| with_text.last().copied().unwrap_or(1), |x| x.to),
        diff: diff.map(|x| x.changes).unwrap_or_default(),
        latest_text: if readable {
            d.latest()
                .and_then(|v| v.text.as_deref())
                .map(|t| cica_domain::paragraphs(t).map(str::to_owned).collect())
                .unwrap_or_default()
        } else {
            vec![]
        },
        decisions: decisions
            .items
            .iter()
            .filter(|x| x.document.as_ref().is_some_and(|(s, _)| *s == d.slug))
            .map(|x| decision_row(x, &dir))
            .collect(),
    })
}

pub struct PartyRow {
    pub state: Link,
    pub signature: String,
    pub consent: String,
    pub deposit: String,
    pub effective: String,
    pub unconfirmed: bool,
}

pub struct TreatyRow {
    pub url: String,
    pub title: String,
    pub concluded: String,
    pub explanation: String,
    pub parties: usize,
    pub needed: u32,
    pub in_force: String,
    pub complete: bool,
}

fn party_rows(t: &Treaty, s: &TreatyStatus, dir: &Directory, as_of: NaiveDate) -> Vec<PartyRow> {
    let mut states: Vec<String> = t.actions.iter().map(|a| a.action.party.clone()).collect();
    states.extend(s.parties.iter().map(|p| p.party.clone()));
    states.sort();
    states.dedup();
    let all = actions(t);
    let mut rows: Vec<PartyRow> = states
        .iter()
        .map(|code| {
            let c = StateCode::parse(code).ok();
            let mine: Vec<&ActionRecord> = t
                .actions
                .iter()
                .filter(|a| &a.action.party == code)
                .collect();
            let st = treaty::standing(&t.clause, &all, code, as_of);
            let consent_text = |k: ActionKind| format!("{k} {}", k.marker()).trim().to_owned();
            let mut consent = match (&st.consent, st.pending) {
                (Some(c), _) => consent_text(c.kind),
                (None, Some((k, act))) => format!(
                    "{k} (act of {}, not yet deposited)",
                    act.map(human)
                        .unwrap_or_else(|| "a date not recorded".into())
                ),
                (None, None) => String::new(),
            };
            if let Some(e) = &st.exit {
                consent = format!(
                    "{consent}; {} deposited {}, {} {}",
                    e.kind,
                    human(e.deposit),
                    if st.party {
                        "takes effect"
                    } else {
                        "took effect"
                    },
                    human(e.effective)
                )
                .trim_start_matches("; ")
                .to_owned();
            }
            PartyRow {
                state: Link {
                    url: format!("/states/{code}"),
                    label: c
                        .as_ref()
                        .map_or_else(|| code.clone(), |c| dir.state_name(c).to_owned()),
                },
                signature: st.signature.map(human).unwrap_or_default(),
                consent,
                deposit: st
                    .consent
                    .as_ref()
                    .map(|c| {
                        mine.iter()
                            .find(|a| {
                                a.action.kind == c.kind && a.action.deposit == Some(c.deposit)
                            })
                            .and_then(|a| a.deposit_text.clone())
                            .unwrap_or_else(|| human(c.deposit))
                    })
                    .unwrap_or_default(),
                effective: st
                    .consent
                    .as_ref()
                    .filter(|_| st.party)
                    .and_then(|c| c.effective)
                    .map(human)
                    .unwrap_or_default(),
                unconfirmed: mine.iter().any(|a| a.action.unconfirmed),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.state.label.cmp(&b.state.label));
    rows
}

#[derive(Template, WebTemplate)]
#[template(path = "treaties.html")]
pub struct TreatiesPage {
    l: Layout,
    rows: Vec<TreatyRow>,
}

pub async fn treaties_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<TreatiesPage> {
    let today = app.today();
    let dir = app.directory();
    let rows = app
        .store()
        .treaties()
        .await?
        .iter()
        .map(|t| {
            let s = treaty::status(&t.clause, &actions(t), today);
            TreatyRow {
                url: format!("/treaties/{}", t.slug),
                title: t.title.clone(),
                concluded: [
                    t.place.clone().unwrap_or_default(),
                    t.concluded.map(human).unwrap_or_default(),
                ]
                .join(", ")
                .trim_matches([',', ' '])
                .to_owned(),
                explanation: sentence(&explanation(t, &s, &dir, today)),
                parties: s.parties.len(),
                needed: s.needed,
                in_force: s.in_force.map(human).unwrap_or_default(),
                complete: t.complete,
            }
        })
        .collect();
    Ok(TreatiesPage {
        l: Layout::new("Treaties", "treaties"),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "treaty.html")]
pub struct TreatyPage {
    l: Layout,
    slug: String,
    row: TreatyRow,
    clause: String,
    depositary: String,
    note: String,
    parties: Vec<PartyRow>,
    candidates: Vec<crate::pages::Choice>,
    deposit: String,
    what_if: Option<String>,
    what_if_error: String,
    notifications: Vec<(String, String, String)>,
}

pub async fn treaty_page(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let p = Params::parse(q.as_deref(), &["state", "deposit"], true)?;
    let t = find_treaty(&app, &slug)
        .await
        .map_err(|_| WebError::not_found(format!("There is no treaty “{slug}”.")))?;
    let dir = app.directory();
    let today = app.today();
    let s = treaty::status(&t.clause, &actions(&t), today);
    let (mut what_if_text, mut what_if_error, mut status) = (None, String::new(), StatusCode::OK);
    if p.get("state").is_some() || p.get("deposit").is_some() {
        let asked = match what_if_params(&p) {
            Ok((state, deposit)) => what_if(&app, &t, &state, deposit).await,
            Err(e) => Err(e),
        };
        match asked {
            Ok(v) => {
                what_if_text = Some(format!(
                    "If {} deposits its instrument of {} on {}, the {} {}",
                    v.what_if.name,
                    v.what_if.kind,
                    human(cica_domain::parse_day(&v.what_if.deposit).unwrap_or(today)),
                    t.short_title,
                    sentence(&v.status.explanation).replacen("Enters", "enters", 1)
                ))
            }
            Err(e) => {
                status = e.status();
                what_if_error = e.to_string();
            }
        }
    }
    let selected = p.state("state").ok().flatten();
    let mut candidates: Vec<crate::pages::Choice> = dir
        .states
        .values()
        .filter(|st| {
            is_member(&dir, &st.code, today)
                && !s.parties.iter().any(|x| x.party == st.code.as_str())
        })
        .map(|st| crate::pages::Choice {
            value: st.code.to_string(),
            label: st.name.clone(),
            selected: selected.as_ref() == Some(&st.code),
        })
        .collect();
    candidates.sort_by(|a, b| a.label.cmp(&b.label));
    let notifications = app
        .store()
        .notifications(Some(&t.slug))
        .await?
        .iter()
        .map(|n| (n.reference(), human(n.date), n.text.clone()))
        .collect();
    let page = TreatyPage {
        l: Layout::new(&t.short_title, "treaties"),
        slug: t.slug.to_string(),
        row: TreatyRow {
            url: format!("/treaties/{}", t.slug),
            title: t.title.clone(),
            concluded: [
                t.place.clone().unwrap_or_default(),
                t.concluded.map(human).unwrap_or_default(),
            ]
            .join(", ")
            .trim_matches([',', ' '])
            .to_owned(),
            explanation: sentence(&explanation(&t, &s, &dir, today)),
            parties: s.parties.len(),
            needed: s.needed,
            in_force: s.in_force.map(human).unwrap_or_default(),
            complete: t.complete,
        },
        clause: t.clause_text.clone(),
        depositary: t
            .depositary
            .clone()
            .unwrap_or_else(|| "not recorded".into()),
        note: t.provenance.note.clone().unwrap_or_default(),
        parties: party_rows(&t, &s, &dir, today),
        candidates,
        deposit: p.get("deposit").unwrap_or("").to_owned(),
        what_if: what_if_text,
        what_if_error,
        notifications,
    };
    Ok((status, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    l: Layout,
    rows: Vec<(String, String, Link, String)>,
}

pub async fn notifications_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<NotificationsPage> {
    let treaties = app.store().treaties().await?;
    let rows = app
        .store()
        .notifications(None)
        .await?
        .iter()
        .map(|n| {
            let title = treaties
                .iter()
                .find(|t| t.slug == n.treaty)
                .map_or_else(|| n.treaty.to_string(), |t| t.short_title.clone());
            (
                n.reference(),
                human(n.date),
                Link {
                    url: format!("/treaties/{}", n.treaty),
                    label: title,
                },
                n.text.clone(),
            )
        })
        .collect();
    Ok(NotificationsPage {
        l: Layout::new("Depositary notifications", "treaties"),
        rows,
    })
}

/// Silence procedures for the calendar feed: open ones, at their deadline.
pub fn open_deadlines(
    silences: &[SilenceRecord],
    now: DateTime<Utc>,
) -> Vec<(&SilenceRecord, DateTime<Utc>)> {
    silences
        .iter()
        .filter_map(|s| match silence::outcome(&s.procedure, now) {
            Outcome::Open { deadline } => Some((s, deadline)),
            _ => None,
        })
        .collect()
}

/// Treaty participation for a state's page.
pub struct StateTreatyRow {
    pub treaty: Link,
    pub signature: String,
    pub consent: String,
    pub effective: String,
    pub unconfirmed: bool,
}

pub fn state_treaty_rows(
    treaties: &[Treaty],
    code: &StateCode,
    today: NaiveDate,
) -> Vec<StateTreatyRow> {
    state_treaties(treaties, code, today)
        .into_iter()
        .map(|v| StateTreatyRow {
            treaty: Link {
                url: format!("/treaties/{}", v.treaty),
                label: v.title,
            },
            signature: v
                .signature
                .as_deref()
                .and_then(|d| cica_domain::parse_day(d).ok())
                .map(human)
                .unwrap_or_default(),
            consent: {
                let when = |d: &Option<String>| {
                    d.as_deref()
                        .and_then(|d| cica_domain::parse_day(d).ok())
                        .map(human)
                };
                let mut text = match (
                    v.consent,
                    v.deposit_text.clone().or(when(&v.deposit)),
                    v.pending,
                ) {
                    (Some(k), Some(dep), _) => format!("{k}, deposited {dep}"),
                    (None, _, Some(k)) => match when(&v.pending_act) {
                        Some(act) => format!("{k} decided {act}; instrument not yet deposited"),
                        None => format!("{k} decided; instrument not yet deposited"),
                    },
                    (Some(k), None, _) => k.to_owned(),
                    (None, ..) => String::new(),
                };
                if let (Some(k), Some(dep), Some(eff)) =
                    (v.exit, when(&v.exit_deposit), when(&v.exit_effective))
                {
                    text = format!(
                        "{text}; {k} deposited {dep}, {} {eff}",
                        if v.party {
                            "takes effect"
                        } else {
                            "took effect"
                        }
                    );
                }
                text
            },
            effective: v
                .effective
                .as_deref()
                .filter(|_| v.party)
                .and_then(|d| cica_domain::parse_day(d).ok())
                .map(human)
                .unwrap_or_default(),
            unconfirmed: v.unconfirmed,
        })
        .collect()
}

pub async fn silences_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<SilencesPage> {
    let dir = app.directory();
    let now = app.now();
    let rows = app
        .store()
        .silences()
        .await?
        .iter()
        .map(|s| silence_row(s, now, &dir))
        .collect();
    Ok(SilencesPage {
        l: Layout::new("Silence procedures", "decisions"),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "silences.html")]
pub struct SilencesPage {
    l: Layout,
    rows: Vec<SilenceRow>,
}
