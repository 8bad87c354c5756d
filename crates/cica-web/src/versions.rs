//! The save-with-version convention of the API (`docs/api.md`, "Editing records"): a record's
//! `GET` carries its version as a strong `ETag` for the Secretariat; a `PUT` saves only under a condition,
//! `If-Match` with the tag read (`412` when the record changed meanwhile, `428` without any
//! condition) or `If-None-Match: *` to create the record at the address the client names.
//!
//! Conditions are evaluated here against the version read just before the save, by the
//! `headers` crate's own comparison (lists, `*`, weak tags that never match a save); the store
//! then re-checks that version under its lock, so a save that raced another is refused too.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cica_store::{Expect, Version};
use headers::{ETag, HeaderMapExt, IfMatch, IfNoneMatch};

use crate::error::WebError;

/// The text of a record version's entity tag: `"v<version>"`.
pub fn tag_text(version: Version) -> String {
    format!("\"v{version}\"")
}

/// The entity tag of a record's version (a number's tag always parses).
fn tag(version: Version) -> Option<ETag> {
    tag_text(version).parse().ok()
}

/// Adds the version's tag to an answer.
pub fn tagged(mut response: Response, version: Version) -> Response {
    if let Some(t) = tag(version) {
        response.headers_mut().typed_insert(t);
    }
    response
}

/// A record as saved: the caches told, its version as the tag, and when it was created, `201`
/// with its address (`created_at`).
pub fn saved(
    app: &crate::state::AppState,
    record: impl IntoResponse,
    version: Version,
    created_at: Option<String>,
) -> Response {
    app.invalidate();
    let mut response = record.into_response();
    if let Some(at) = created_at {
        *response.status_mut() = StatusCode::CREATED;
        if let Ok(at) = axum::http::HeaderValue::from_str(&at) {
            response
                .headers_mut()
                .insert(axum::http::header::LOCATION, at);
        }
    }
    tagged(response, version)
}

/// A record's answer as the reader gets it: to the Secretariat, tagged with the record's
/// version (or `304 Not Modified` when `If-None-Match` names it); to anyone else as it is,
/// for the public's tags name the public revision only. A version is the trail's sequence
/// number, and the gaps between two would tell the public how much was written meanwhile
/// that it cannot see.
pub fn for_editors(
    actor: &cica_app::Actor,
    headers: &HeaderMap,
    answer: Response,
    version: Version,
) -> Response {
    for_writers(actor.is_secretariat(), headers, answer, version)
}

/// A record's answer as [`for_editors`] gives it, for a record that others than the
/// Secretariat may write too (a state's CBM report, its delegates): tagged with its version
/// when the reader may write it (`writer`), so a save over what was read can name it; as it
/// is to anyone else.
pub fn for_writers(
    writer: bool,
    headers: &HeaderMap,
    answer: Response,
    version: Version,
) -> Response {
    if !writer {
        return answer;
    }
    not_modified(headers, version).unwrap_or_else(|| tagged(answer, version))
}

/// `304 Not Modified` when the request's `If-None-Match` names the version read.
pub fn not_modified(headers: &HeaderMap, version: Version) -> Option<Response> {
    let condition = headers.typed_get::<IfNoneMatch>()?;
    if condition.precondition_passes(&tag(version)?) {
        return None;
    }
    Some(tagged(StatusCode::NOT_MODIFIED.into_response(), version))
}

/// What a save's conditions expect, given the version stored now (None: nothing is there),
/// or the refusal: `428` without a condition, `412` when the condition does not hold.
/// `what` names the record in messages ("news item `x`").
pub fn expectation(
    headers: &HeaderMap,
    stored: Option<Version>,
    what: &str,
) -> Result<Expect, WebError> {
    if headers.contains_key(axum::http::header::IF_NONE_MATCH) {
        let Some(condition) = headers.typed_get::<IfNoneMatch>() else {
            return Err(WebError::invalid(
                "If-None-Match",
                "not a list of entity tags; send `If-None-Match: *` to create the record",
            ));
        };
        if condition != IfNoneMatch::any() {
            return Err(WebError::invalid(
                "If-None-Match",
                "a save understands only `If-None-Match: *` (create the record here)",
            ));
        }
        return match stored {
            None => Ok(Expect::Absent),
            Some(v) => Err(WebError::PreconditionFailed(format!(
                "{what} already exists (version {v}); to change it, send `If-Match` with the ETag of the version you read"
            ))),
        };
    }
    if headers.contains_key(axum::http::header::IF_MATCH) {
        let Some(condition) = headers.typed_get::<IfMatch>() else {
            return Err(WebError::invalid(
                "If-Match",
                "not a list of entity tags such as `\"v12\"`, as the record's ETag gives",
            ));
        };
        let Some(v) = stored else {
            return Err(WebError::PreconditionFailed(format!(
                "{what} does not exist; to create it here, send `If-None-Match: *`"
            )));
        };
        if condition == IfMatch::any() {
            return Ok(Expect::Any);
        }
        if !tag(v).is_some_and(|t| condition.precondition_passes(&t)) {
            return Err(WebError::PreconditionFailed(format!(
                "{what} was saved by someone else since the version you read; it is now at version {v} (ETag {}). Nothing was written: read it again and make the change on what is there now",
                tag_text(v)
            )));
        }
        return Ok(Expect::Version(v));
    }
    Err(WebError::PreconditionRequired(format!(
        "a save must say which version of {what} it changes: send `If-Match` with the ETag you read (GET this address), or `If-None-Match: *` to create the record here"
    )))
}

/// What an action on a record (publishing it) expects: the version `If-Match` names when the
/// request carries one, else whatever is stored (an action is not a save of the whole record,
/// so its condition is the client's choice).
pub fn optional_match(
    headers: &HeaderMap,
    stored: Option<Version>,
    what: &str,
) -> Result<Expect, WebError> {
    // Nothing there: the action's own refusal (404) says so better than a condition would.
    if stored.is_some() && headers.contains_key(axum::http::header::IF_MATCH) {
        let mut only_match = HeaderMap::new();
        for value in headers.get_all(axum::http::header::IF_MATCH) {
            only_match.append(axum::http::header::IF_MATCH, value.clone());
        }
        expectation(&only_match, stored, what)
    } else {
        Ok(Expect::Any)
    }
}

/// What a deletion expects: the version `If-Match` names, which it must carry (`428`
/// without; `412` when it is not the version stored). A record that is not there is the
/// deletion's own `404`, said before any condition.
pub fn deletion(headers: &HeaderMap, stored: Version, what: &str) -> Result<Expect, WebError> {
    if !headers.contains_key(axum::http::header::IF_MATCH) {
        return Err(WebError::PreconditionRequired(format!(
            "a deletion must say which version of {what} it deletes: send `If-Match` with the ETag you read (GET this address)"
        )));
    }
    let mut only_match = HeaderMap::new();
    for value in headers.get_all(axum::http::header::IF_MATCH) {
        only_match.append(axum::http::header::IF_MATCH, value.clone());
    }
    match expectation(&only_match, Some(stored), what)? {
        // A deletion is never blind: `*` names no version.
        Expect::Any => Err(WebError::PreconditionRequired(format!(
            "a deletion names the version of {what} it deletes: `If-Match: *` names none; send the ETag you read"
        ))),
        expect => Ok(expect),
    }
}
