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
use cica_app::AppError;
use cica_app::import::{
    ImportReport, Text, engagement_acceptance, meeting_acceptance, proposal_key, proposal_view,
};
use cica_domain::Slug;
use cica_store::{Acceptance, Accepted, ProposalAction, ProposalKey, ProposalKind};
use serde::Serialize;

use crate::error::{ApiError, WebError};
use crate::params::Params;
use crate::state::AppState;
use crate::write::Secretariat;

/// The most an import request may carry: the same as a file given to `cica import`.
pub const BODY_LIMIT: usize = cica_import::input::MAX_BYTES;

pub async fn api_import(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportReport>, ApiError> {
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
    let p = Params::parse(
        q.as_deref(),
        &["dry_run", "year_hint", "date", "name", "format"],
        true,
    )?;
    let dry_run = p
        .choice("dry_run", &["true", "false"])?
        .is_none_or(|v| v == "true");
    let year_hint = p
        .get("year_hint")
        .map(|y| cica_import::input::year_hint(y).map_err(|e| WebError::invalid("year_hint", e)))
        .transpose()?;
    let hints = cica_import::Hints {
        year: year_hint,
        date: p.date("date")?,
        format: p
            .get("format")
            .map(|f| {
                cica_import::input::Format::parse(f).map_err(|e| WebError::invalid("format", e))
            })
            .transpose()?,
    };
    let name = p.get("name").unwrap_or("request body").to_owned();
    let texts = vec![Text {
        name,
        bytes: body.to_vec(),
    }];
    let report = app
        .uses()
        .import_texts(&actor, texts, hints, dry_run)
        .await
        .map_err(|e| match e {
            // The one text is the request's body.
            AppError::Invalid { problem, .. } => WebError::invalid("body", problem),
            other => other.into(),
        })?;
    if !dry_run {
        app.invalidate();
    }
    Ok(Json(report))
}

/// `POST /api/v1/news/{slug}/publish` (an editor): publishes a draft; with `If-Match`, only
/// the version read.
pub async fn api_publish(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let s = Slug::parse(&slug)
        .map_err(|_| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    // Only a draft's version is a condition: a published item is refused as such.
    let stored = app
        .store()
        .news_versioned(&s)
        .await?
        .filter(|(n, _)| n.draft)
        .map(|(_, v)| v);
    let expect = crate::versions::optional_match(&headers, stored, &format!("news item `{s}`"))?;
    app.uses().publish_news(&actor, &s, expect).await?;
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
    proposal: cica_app::import::ProposalView,
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
    Ok(proposal_key(&news, &kind, &subject)?)
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
                "meeting": crate::calendar::MeetingModel::new(&m, &dir).view(),
            })),
        )
            .into_response(),
        Accepted::Engagement(e) => (
            StatusCode::CREATED,
            [("location", format!("/api/v1/engagements/{}", e.id))],
            Json(serde_json::json!({
                "accepted": proposal,
                "kind": "engagement",
                "id": e.id.to_string(),
                "url": format!("/engagements/{}", e.id),
                "engagement": crate::calendar::EngagementModel::new(&e, &dir).view(),
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
