//! Whole-response caching, keyed by the data revision and the day.
//!
//! A GET's answer depends only on the records (the store's revision), the day (what is
//! upcoming) and the address. So a response is kept until the revision moves and served again
//! without touching the database beyond reading the revision. Clients get a weak ETag built
//! from the same two values and may revalidate with `If-None-Match`.

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::pages::PageError;
use crate::state::AppState;

/// How many distinct addresses are kept; beyond that the cache starts afresh, so crafted
/// query strings cannot grow memory without bound.
const MAX_ENTRIES: usize = 2000;
/// Responses larger than this are not kept.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// The most the cache holds in all, in bytes of bodies; beyond that it starts afresh.
const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub(crate) struct Cached {
    content_type: Option<HeaderValue>,
    disposition: Option<HeaderValue>,
    body: Bytes,
}

#[derive(Default)]
pub(crate) struct PageCache {
    entries: HashMap<String, Cached>,
    /// The bytes of all bodies held.
    bytes: usize,
}

impl PageCache {
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// Keeps an answer, starting afresh when the entries or the bytes would pass their bounds.
    fn keep(&mut self, key: String, entry: Cached) {
        let size = entry.body.len() + key.len();
        if self.entries.len() >= MAX_ENTRIES || self.bytes + size > MAX_BYTES {
            self.clear();
        }
        if let Some(old) = self.entries.insert(key, entry) {
            self.bytes = self.bytes.saturating_sub(old.body.len());
        }
        self.bytes += size;
    }
}

fn respond(cached: Cached, etag: &HeaderValue) -> Response {
    let mut response = Response::new(Body::from(cached.body));
    let headers = response.headers_mut();
    if let Some(ct) = cached.content_type {
        headers.insert(CONTENT_TYPE, ct);
    }
    if let Some(cd) = cached.disposition {
        headers.insert(CONTENT_DISPOSITION, cd);
    }
    headers.insert(ETAG, etag.clone());
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Middleware: serve GETs from the cache, or run the handler and keep a 200 answer.
pub(crate) async fn cached(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let revision = match app.sync().await {
        Ok(r) => r,
        Err(e) if is_api => return ApiError(e).into_response(),
        Err(e) => return PageError::from(e).into_response(),
    };
    // What a signed-in reader sees may differ (restricted texts): never cached. Bad
    // credentials never reach this point (the guard answers 401), so sending some cannot be
    // used to make the portal render afresh.
    let personal = request
        .extensions()
        .get::<crate::write::Caller>()
        .is_some_and(|c| c.0 != cica_app::Actor::Public);
    if personal
        || !app.config().response_cache
        || (request.method() != Method::GET && request.method() != Method::HEAD)
    {
        return next.run(request).await;
    }
    let today = app.today();
    let etag = HeaderValue::from_str(&format!("W/\"r{revision}-{today}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    // The tag names a revision and a day, not an address, so it only answers for an address
    // whose answer is known to be a 200: a cached one, or one just rendered.
    let revalidating = request
        .headers()
        .get(IF_NONE_MATCH)
        .is_some_and(|v| v == etag);
    let not_modified = |etag: HeaderValue| {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().insert(ETAG, etag);
        r
    };
    let key = format!("{today}|{}", request.uri());
    let hit = app
        .pages()
        .lock()
        .ok()
        .and_then(|p| p.entries.get(&key).cloned());
    if let Some(hit) = hit {
        return if revalidating {
            not_modified(etag)
        } else {
            respond(hit, &etag)
        };
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    // Only whole answers of known, bounded size are kept; anything else passes through.
    let size = axum::body::HttpBody::size_hint(response.body()).exact();
    if size.is_none_or(|n| n > MAX_BODY as u64) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let entry = Cached {
        content_type: parts.headers.get(CONTENT_TYPE).cloned(),
        disposition: parts.headers.get(CONTENT_DISPOSITION).cloned(),
        body: bytes,
    };
    if let Ok(mut p) = app.pages().lock() {
        // Only keep it if the revision has not moved while we rendered.
        if app.directory().revision == revision {
            p.keep(key, entry.clone());
        }
    }
    if revalidating {
        return not_modified(etag);
    }
    respond(entry, &etag)
}
