//! Putting an earlier version of a record back from its history: the buttons of a record's
//! history and `POST /api/v1/{collection}/{key}/restore`, both through one use case
//! ([`cica_app::App::restore`]).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cica_app::{AppError, Expect, Side, Version};
use serde::Deserialize;

use crate::accounts::see_other;
use crate::error::{ApiError, WebError};
use crate::forms::page_form;
use crate::pages::PageError;
use crate::state::AppState;
use crate::write::{BrowserSession, Editor, Secretariat, form_session};

/// The records whose page is at their collection's address: the kind the audit trail names
/// them by, and that collection (news items, terms of the Chair and issues are placed apart).
pub const COLLECTIONS: &[(&str, &str)] = &[
    ("state", "states"),
    ("organization", "organizations"),
    ("person", "people"),
    ("body", "bodies"),
    ("meeting", "meetings"),
    ("engagement", "engagements"),
    ("document", "documents"),
    ("decision", "decisions"),
];

/// The page of a record the trail names (`state/KZ` → `/states/KZ`).
fn page_of(record: &str) -> Option<String> {
    let (kind, key) = record.split_once('/')?;
    match kind {
        "news" => Some(format!("/news/{key}")),
        // An issue's record is kept on its form (its page is the edition), as is a term of
        // the Chair (its page is its state's).
        "digest" => Some(format!("/digest/{key}/edit")),
        "chairmanship" => Some(format!("/chairmanships/{key}/edit")),
        _ => {
            let collection = COLLECTIONS.iter().find(|(k, _)| *k == kind)?.1;
            Some(format!("/{collection}/{key}"))
        }
    }
}

/// Which side of the entry a form or a client names: the record as the entry left it
/// (`after`, the default) or as it found it (`before`).
pub(crate) fn side(text: Option<&str>) -> Result<Side, WebError> {
    match text.map(str::trim) {
        None | Some("" | "after") => Ok(Side::After),
        Some("before") => Ok(Side::Before),
        Some(other) => Err(WebError::invalid(
            "side",
            format!(
                "`{other}` is no side of an entry: `after` (the version it left) or `before` (the version it found)"
            ),
        )),
    }
}

#[derive(Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    entry: String,
    #[serde(default)]
    side: String,
    /// The version the page showed: a record changed since is not overwritten unseen.
    #[serde(default)]
    version: String,
    /// The reason for the record (optional).
    #[serde(default)]
    note: String,
}

/// `POST /restore` (the "Restore this version" and "Restore the version before this change"
/// buttons of a record's history): puts the record back over the version its page showed and
/// shows the record.
pub async fn restore_form(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let f = page_form::<RestoreForm>(&s, &body, |f| &f.csrf)?;
    let page = page_of(&f.record).ok_or_else(|| {
        WebError::not_found(format!("There is no record “{}” to restore.", f.record))
    })?;
    let side = side(Some(&f.side))?;
    let (Ok(entry), Ok(version)) = (f.entry.trim().parse::<i64>(), f.version.trim().parse()) else {
        return Err(PageError(WebError::invalid(
            "entry",
            "the form names no version to restore",
        )));
    };
    match app
        .uses()
        .noted(Some(&f.note))?
        .restore(
            &actor,
            &f.record,
            entry,
            side,
            Expect::Version(Version(version)),
        )
        .await
    {
        Ok(_) => {
            app.invalidate();
            Ok(see_other(&page))
        }
        Err(AppError::Stale { .. }) => Err(PageError(WebError::Conflict(format!(
            "The record was changed after you opened its page, so nothing was restored. Open it again at {page} and choose the version there."
        )))),
        Err(e) => Err(e.into()),
    }
}

/// What a restore over the API sends (`{"entry": 1234, "side": "before"}`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RestoreInput {
    /// The audit entry whose version is put back.
    pub(crate) entry: i64,
    /// `after` (the default: the version the entry left) or `before` (the one it found).
    #[serde(default)]
    pub(crate) side: Option<String>,
}

/// `POST /api/v1/{collection}/{key}/restore` (an editor): puts the record of `kind` back as
/// the audit entry `entry` left it (or, with `"side": "before"`, found it), a save with its
/// own new version, over the version `If-Match` names (`428` without). Answers `204` with the
/// new `ETag`; the record reads as restored at its own address.
pub async fn api_restore(
    kind: &'static str,
    app: AppState,
    actor: cica_app::Actor,
    key: String,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let record = format!("{kind}/{key}");
    let what = format!("{kind} `{key}`");
    // Nothing there: said before the body is read.
    let stored = app
        .uses()
        .record_version(&actor, &record)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no {kind} is named `{key}`")))?;
    let expect = crate::versions::expectation(&headers, Some(stored), &what)?;
    let input: RestoreInput = crate::write::json(&body)?;
    let side = side(input.side.as_deref())?;
    let version = app
        .uses()
        .restore(&actor, &record, input.entry, side, expect)
        .await?;
    app.invalidate();
    Ok(crate::versions::tagged(
        StatusCode::NO_CONTENT.into_response(),
        version,
    ))
}

/// The API's restore route of records of `kind`, as the router takes it.
pub fn api_route(kind: &'static str) -> axum::routing::MethodRouter<AppState> {
    axum::routing::post(
        move |State(app): State<AppState>,
              Secretariat(actor): Secretariat,
              Path(key): Path<String>,
              headers: HeaderMap,
              body: Bytes| api_restore(kind, app, actor, key, headers, body),
    )
}
