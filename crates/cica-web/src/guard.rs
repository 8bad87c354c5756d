//! What every response goes through: who is asking (once per request, before any body is
//! read or any cache is consulted), and the headers that keep a browser safe.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, ETAG, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cica_app::Actor;

use crate::error::ApiError;
use crate::pages::PageError;
use crate::state::AppState;
use crate::write::{Caller, identify};

/// The policy every page is served under: our own scripts, styles and images only (inline
/// styles for the web edition of the Digest), never framed.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Middleware: identifies the caller (401 at once for bad credentials, on any address), keeps
/// it in the request for the handlers, and marks what a signed-in reader gets as private.
pub(crate) async fn identified(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let (actor, session) = match identify(&app, request.headers()).await {
        Ok(a) => a,
        Err(e) if request.uri().path().starts_with("/api/") => {
            return ApiError(e).into_response();
        }
        Err(e) => return PageError::from(e).into_response(),
    };
    let personal = actor != Actor::Public;
    request.extensions_mut().insert(Caller(actor));
    if let Some(s) = session {
        request.extensions_mut().insert(s);
    }
    let mut response = next.run(request).await;
    if personal {
        let h = response.headers_mut();
        h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        h.remove(ETAG);
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
    let body = serde_json::json!({
        "error": { "status": status.as_u16(), "code": code, "message": message }
    });
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

/// Middleware: the security headers, on every response; API errors always in JSON.
pub(crate) async fn secured(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api");
    let method = request.method().clone();
    let mut response = next.run(request).await;
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
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}
