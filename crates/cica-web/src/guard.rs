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

/// Middleware: the security headers, on every response.
pub(crate) async fn secured(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
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
