//! Whole-response caching, keyed by the data revision and the day.
//!
//! A GET's answer to the public depends only on the records (the store's revision), the day
//! (what is upcoming), the address and the compression the client accepts. So an answer is
//! kept, exactly as it went out (security headers, compressed body), until the revision moves,
//! and served again without touching the database beyond reading the revision. Clients get a
//! weak ETag built from the same two values and may revalidate with `If-None-Match`.
//!
//! [`front`] sits outside every other layer, so that a hit costs a lookup and nothing else;
//! only answers of the routes marked by [`mark`] (pages, API, feeds, media; not the sign-in
//! and account pages, whose forms carry their own tokens) are kept, and only for the public:
//! a signed-in reader, or a request with bad credentials, goes through the whole stack.

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, ETAG, IF_NONE_MATCH,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::pages::PageError;
use crate::state::AppState;
use crate::write::{Caller, identify};
use cica_app::Actor;

/// How many distinct addresses are kept; beyond that the cache starts afresh, so crafted
/// query strings cannot grow memory without bound.
const MAX_ENTRIES: usize = 2000;
/// Responses larger than this are not kept.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// The most the cache holds in all, in bytes of bodies; beyond that it starts afresh.
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// An answer as it went out: its headers (with the ETag) and its whole body.
#[derive(Clone)]
pub(crate) struct Cached {
    headers: HeaderMap,
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

/// Set on the answers of the routes whose answers may be kept, with the exact size of the
/// body before any compression (none for a body of unknown length, which is never kept).
#[derive(Clone, Copy)]
pub(crate) struct Cacheable {
    size: Option<u64>,
}

/// Middleware on the routes whose answers to the public may be kept.
pub(crate) async fn mark(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let size = axum::body::HttpBody::size_hint(response.body()).exact();
    response.extensions_mut().insert(Cacheable { size });
    response
}

/// The compression a client's `Accept-Encoding` gets: Brotli when accepted, else gzip, else
/// none. An answer is kept under this class only when it went out in that encoding or
/// uncompressed, so a client is never served an encoding it did not accept.
fn encoding_class(headers: &HeaderMap) -> &'static str {
    let accepted = |name: &str| {
        headers.get_all(ACCEPT_ENCODING).iter().any(|v| {
            v.to_str().is_ok_and(|v| {
                v.split(',').any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    parts.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                        && parts.all(|p| {
                            p.strip_prefix("q=")
                                .is_none_or(|q| q.parse::<f32>().is_ok_and(|q| q > 0.0))
                        })
                })
            })
        })
    };
    if accepted("br") {
        "br"
    } else if accepted("gzip") {
        "gzip"
    } else {
        "identity"
    }
}

fn not_modified(etag: HeaderValue) -> Response {
    let mut r = StatusCode::NOT_MODIFIED.into_response();
    crate::guard::secure(r.headers_mut());
    r.headers_mut().insert(ETAG, etag);
    r
}

/// Middleware, outside every other: bring the registers up to date, serve the public's GETs
/// from the cache, or let the
/// request through and keep the answer when it is a whole 200 of a marked route.
pub(crate) async fn front(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Every request sees the registers of the latest revision (re-read when it moved).
    let is_api = request.uri().path().starts_with("/api/");
    let revision = match app.sync().await {
        Ok(r) => r,
        Err(e) if is_api => return ApiError(e).into_response(),
        Err(e) => return PageError::from(e).into_response(),
    };
    let method = request.method().clone();
    if (method != Method::GET && method != Method::HEAD) || !app.config().response_cache {
        return next.run(request).await;
    }
    // Only the public is served from the cache. Whoever else asks is identified once, here;
    // bad credentials are answered by the guard within (401, in the shape of the address).
    match identify(&app, request.headers()).await {
        Ok((Actor::Public, _)) => {}
        Ok((actor, session)) => {
            request.extensions_mut().insert(Caller(actor));
            if let Some(s) = session {
                request.extensions_mut().insert(s);
            }
            return next.run(request).await;
        }
        Err(_) => return next.run(request).await,
    }
    request.extensions_mut().insert(Caller(Actor::Public));
    let today = app.today();
    let etag = HeaderValue::from_str(&format!("W/\"r{revision}-{today}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    // The tag names a revision and a day, not an address, so it only answers for an address
    // whose answer is known to be a 200: a kept one, or one just rendered.
    let revalidating = request
        .headers()
        .get(IF_NONE_MATCH)
        .is_some_and(|v| v == etag);
    let class = encoding_class(request.headers());
    let key = format!("{today}|{class}|{}", request.uri());
    let hit = app
        .pages()
        .lock()
        .ok()
        .and_then(|p| p.entries.get(&key).cloned());
    if let Some(hit) = hit {
        if revalidating {
            return not_modified(etag);
        }
        let mut response = Response::new(Body::from(hit.body));
        *response.headers_mut() = hit.headers;
        return response;
    }
    let response = next.run(request).await;
    let Some(Cacheable { size: Some(size) }) = response.extensions().get::<Cacheable>().copied()
    else {
        return response;
    };
    let encoding = response
        .headers()
        .get(CONTENT_ENCODING)
        .map_or("identity", |v| v.to_str().unwrap_or("unknown"));
    if response.status() != StatusCode::OK
        || size > MAX_BODY as u64
        || (encoding != "identity" && encoding != class)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // A compressed body is smaller than the whole one it came from, give or take a frame.
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY + 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(ETAG, etag.clone());
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let entry = Cached {
        headers: parts.headers,
        body: bytes,
    };
    // A HEAD's answer is not kept (its body is dropped on the way out); a GET's is, unless
    // the revision moved while it was rendered.
    if method == Method::GET
        && let Ok(mut p) = app.pages().lock()
        && app.directory().revision == revision
    {
        p.keep(key, entry.clone());
    }
    if revalidating {
        return not_modified(etag);
    }
    let mut response = Response::new(Body::from(entry.body));
    *response.headers_mut() = entry.headers;
    response
}
