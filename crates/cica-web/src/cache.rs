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
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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

    /// Keeps an answer. When the entries or the bytes would pass their bounds, entries are
    /// let go until a quarter of the room is free: arbitrary ones (the map's order is
    /// randomised per process), so a client asking for many different addresses cannot
    /// empty the cache for everyone at once, nor predict what goes.
    fn keep(&mut self, key: String, entry: Cached) {
        let size = entry.body.len() + key.len();
        if let Some(old) = self.entries.remove(&key) {
            self.bytes = self.bytes.saturating_sub(old.body.len() + key.len());
        }
        if self.entries.len() >= MAX_ENTRIES || self.bytes + size > MAX_BYTES {
            let (entries, bytes) = (MAX_ENTRIES * 3 / 4, MAX_BYTES * 3 / 4);
            let mut going = Vec::new();
            let mut left = (self.entries.len(), self.bytes);
            for (k, v) in &self.entries {
                if left.0 < entries && left.1 + size <= bytes {
                    break;
                }
                left = (left.0 - 1, left.1.saturating_sub(v.body.len() + k.len()));
                going.push(k.clone());
            }
            for k in going {
                self.entries.remove(&k);
            }
            self.bytes = left.1;
        }
        self.entries.insert(key, entry);
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
    // An item is accepted when it names the coding and every weight it gives (`q`, in any
    // case) reads as a number above 0; a weight that does not read refuses it, to be safe.
    let accepted = |name: &str| {
        headers.get_all(ACCEPT_ENCODING).iter().any(|v| {
            v.to_str().is_ok_and(|v| {
                v.split(',').any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    parts.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                        && parts.all(|p| match p.split_once('=') {
                            Some((k, q)) if k.trim().eq_ignore_ascii_case("q") => {
                                q.trim().parse::<f32>().is_ok_and(|q| q > 0.0)
                            }
                            _ => true,
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

/// A 304 for a kept answer: its tag, and the headers a 200 would carry about caching.
fn not_modified(etag: HeaderValue, kept: &HeaderMap) -> Response {
    let mut r = StatusCode::NOT_MODIFIED.into_response();
    let h = r.headers_mut();
    crate::guard::secure(h);
    h.insert(ETAG, etag);
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(vary) = kept.get(VARY) {
        h.insert(VARY, vary.clone());
    }
    r
}

/// An answer of this layer itself, which the security layer within never sees.
fn refused(e: crate::error::WebError, is_api: bool) -> Response {
    let mut r = crate::guard::refusal(e, is_api);
    crate::guard::secure(r.headers_mut());
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
    // The stylesheet and the script are built in: they need no records.
    if request.uri().path().starts_with("/static/") {
        return next.run(request).await;
    }
    // Every other request sees the registers of the latest revision (re-read when it moved).
    let is_api = request.uri().path().starts_with("/api/");
    let revision = match app.sync().await {
        Ok(r) => r,
        Err(e) => return refused(e, is_api),
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
            return not_modified(etag, &hit.headers);
        }
        let mut response = Response::new(Body::from(hit.body));
        *response.headers_mut() = hit.headers;
        return response;
    }
    if method == Method::HEAD {
        // A HEAD's answer is not kept (its body is dropped on the way out): it goes as made.
        return next.run(request).await;
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
        return refused(
            crate::error::WebError::Internal("an answer could not be read whole".into()),
            is_api,
        );
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
    // Kept unless the revision moved while it was rendered.
    if let Ok(mut p) = app.pages().lock()
        && app.directory().revision == revision
    {
        p.keep(key, entry.clone());
    }
    if revalidating {
        return not_modified(etag, &entry.headers);
    }
    let mut response = Response::new(Body::from(entry.body));
    *response.headers_mut() = entry.headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Cached {
        Cached {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
        }
    }

    #[test]
    fn a_full_cache_lets_some_answers_go_and_keeps_the_rest() {
        let mut cache = PageCache::default();
        for i in 0..MAX_ENTRIES * 3 {
            cache.keep(format!("/news?q={i}"), entry(10));
            assert!(cache.entries.len() <= MAX_ENTRIES);
        }
        // Never emptied at once: after every eviction three quarters stay.
        assert!(
            cache.entries.len() >= MAX_ENTRIES * 3 / 4 - 1,
            "{}",
            cache.entries.len()
        );
        let counted: usize = cache
            .entries
            .iter()
            .map(|(k, v)| k.len() + v.body.len())
            .sum();
        assert_eq!(cache.bytes, counted, "the bytes held are counted exactly");
    }

    #[test]
    fn the_bytes_held_stay_bounded_and_counted() {
        let mut cache = PageCache::default();
        for i in 0..40 {
            cache.keep(format!("/digest/{i}"), entry(MAX_BODY / 2));
            assert!(cache.bytes <= MAX_BYTES, "{}", cache.bytes);
        }
        // Keeping an address again replaces its answer without counting it twice.
        cache.keep("/digest/39".into(), entry(10));
        let counted: usize = cache
            .entries
            .iter()
            .map(|(k, v)| k.len() + v.body.len())
            .sum();
        assert_eq!(cache.bytes, counted);
    }

    #[test]
    fn the_encoding_class_is_one_the_client_accepts() {
        for (header, class) in [
            ("gzip, deflate, br, zstd", "br"),
            ("br;q=0, gzip", "gzip"),
            ("br;Q=0, gzip", "gzip"),
            ("br; q=0.0, gzip;q=0.5", "gzip"),
            ("gzip;q=0, br;q=0", "identity"),
            ("br;q=nonsense", "identity"),
            ("identity", "identity"),
            ("GZIP", "gzip"),
            ("", "identity"),
        ] {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_static(header));
            assert_eq!(encoding_class(&h), class, "{header}");
        }
        assert_eq!(encoding_class(&HeaderMap::new()), "identity");
    }
}
