//! What every response goes through: who is asking (once per request, before any body is
//! read or any cache is consulted), and the headers that keep a browser safe.

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, ETAG, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cica_app::Actor;

use crate::error::{ApiError, WebError};
use crate::pages::PageError;
use crate::state::AppState;
use crate::write::{BrowserSession, Caller, identify};

/// The policy every page is served under: our own scripts, styles and images only (inline
/// styles for the web edition of the Digest), never framed.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

tokio::task_local! {
    /// The use cases of the request being answered: the application's, noted with the reason
    /// the request gives (`X-Audit-Note`), so that [`AppState::uses`] hands every handler use
    /// cases whose writes carry it into the audit trail.
    pub(crate) static REQUEST_USES: cica_app::App;
}

/// The header that carries a write's reason into the audit trail.
pub const NOTE_HEADER: &str = "x-audit-note";

/// The reason a request gives for its writes: the `X-Audit-Note` header, percent-decoded as
/// UTF-8; refused when it is not, or when the use cases refuse it as a note (control
/// characters, too long).
/// `None` when the request gives no reason: the application's own use cases serve it.
fn noted_uses(
    app: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<cica_app::App>, WebError> {
    let Some(value) = headers.get(NOTE_HEADER) else {
        return Ok(None);
    };
    let refused = |why: String| WebError::invalid("X-Audit-Note", why);
    let raw = value.to_str().map_err(|_| {
        refused(
            "send the reason percent-encoded as UTF-8 (only visible ASCII in the header)".into(),
        )
    })?;
    let note = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| refused("is not UTF-8 once percent-decoded".into()))?;
    app.uses()
        .noted(Some(&note))
        .map(Some)
        .map_err(|e| match e {
            cica_app::AppError::Invalid { problem, .. } => refused(problem),
            other => other.into(),
        })
}

/// Middleware: identifies the caller (401 at once for bad credentials, on any address), keeps
/// it in the request for the handlers, gives the handlers use cases noted with the request's
/// reason, and marks what a signed-in reader gets as private.
pub(crate) async fn identified(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // The cache in front may have identified the caller already.
    let known = request.extensions().get::<Caller>().map(|c| {
        let session = request.extensions().get::<BrowserSession>().cloned();
        (c.0.clone(), session)
    });
    let found = match known {
        Some(a) => Ok(a),
        None => identify(&app, request.headers()).await,
    };
    let found = match found {
        Ok(a) => noted_uses(&app, request.headers()).map(|uses| (a, uses)),
        Err(e) => Err(e),
    };
    let ((actor, session), uses) = match found {
        Ok(a) => a,
        Err(e) => return refusal(e, request.uri().path().starts_with("/api/")),
    };
    let personal = actor != Actor::Public;
    request.extensions_mut().insert(Caller(actor));
    if let Some(s) = session {
        request.extensions_mut().insert(s);
    }
    let mut response = match uses {
        Some(uses) => REQUEST_USES.scope(uses, next.run(request)).await,
        None => next.run(request).await,
    };
    if personal {
        let h = response.headers_mut();
        h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        // A record's version (a strong tag) is what a save sends back; any other tag would
        // name the public's revision, which a signed-in answer is not.
        if h.get(ETAG).is_some_and(|t| t.as_bytes().starts_with(b"W/")) {
            h.remove(ETAG);
        }
    }
    response
}

/// The most of a plain-text error body carried over into the JSON message.
const MAX_MESSAGE: usize = 300;

/// An error answered by the framework rather than by a handler (a method the address does not
/// take, a path that is not valid UTF-8, a body over the limit): put into the documented JSON
/// shape, keeping its status, headers (`Allow`) and message.
async fn as_json_error(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().chars().take(MAX_MESSAGE).collect::<String>())
        .unwrap_or_default();
    let status = parts.status;
    let code = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        413 => "too_large",
        414 => "uri_too_long",
        431 => "headers_too_large",
        415 => "unsupported_media_type",
        422 => "rejected",
        429 => "throttled",
        s if s >= 500 => "internal",
        _ => "error",
    };
    let reason = status.canonical_reason().unwrap_or("error");
    let message = match (status.as_u16(), text.is_empty()) {
        (405, _) => format!(
            "this address does not take {}{}",
            parts
                .extensions
                .get::<axum::http::Method>()
                .map_or("that method", |m| m.as_str()),
            parts
                .headers
                .get(axum::http::header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .map(|a| format!("; it takes {a}"))
                .unwrap_or_default()
        ),
        (_, true) => reason.to_owned(),
        (_, false) => text,
    };
    // A part of the address the router could not decode (not UTF-8 once percent-decoded):
    // a parameter like any other, named `path`.
    let body = match (status.as_u16(), message.strip_prefix("Invalid URL: ")) {
        (400, Some(problem)) => serde_json::json!({
            "error": { "status": 400, "code": "invalid_parameter", "parameter": "path",
                       "message": format!("path: {problem}") }
        }),
        _ => serde_json::json!({
            "error": { "status": status.as_u16(), "code": code, "message": message }
        }),
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

/// The longest address (path and query) the server reads, in bytes; a longer one is refused
/// with 414 (in the JSON shape under `/api`, whoever refuses it: see [`crate::conn`]).
pub const MAX_URI: usize = 8 * 1024;

/// The headers every answer carries, whatever produced it.
pub(crate) const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (CONTENT_SECURITY_POLICY, POLICY),
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (X_FRAME_OPTIONS, "DENY"),
    (REFERRER_POLICY, "strict-origin-when-cross-origin"),
];

/// A refusal in the shape of the address asked for: the JSON error under `/api/`, the error
/// page elsewhere.
pub(crate) fn refusal(e: WebError, api: bool) -> Response {
    if api {
        ApiError(e).into_response()
    } else {
        PageError(e).into_response()
    }
}

/// Puts the security headers on an answer.
pub(crate) fn secure(h: &mut axum::http::HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
}

/// Middleware: addresses too long refused (414), the security headers on every response, API
/// errors always in JSON.
pub(crate) async fn secured(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api");
    let method = request.method().clone();
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let mut response = if length > MAX_URI {
        let e = WebError::UriTooLong(format!(
            "the address is {length} bytes long; the server reads at most {MAX_URI}"
        ));
        refusal(e, api)
    } else {
        next.run(request).await
    };
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if api && !json && (response.status().is_client_error() || response.status().is_server_error())
    {
        response.extensions_mut().insert(method);
        response = as_json_error(response).await;
    }
    let h = response.headers_mut();
    secure(h);
    response
}
