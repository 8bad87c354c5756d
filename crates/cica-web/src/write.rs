//! Who is asking, and JSON bodies parsed into our error shape.
//!
//! Every handler that needs to know the reader or the writer takes a [`Caller`]: it is
//! extracted from the request's parts before any body is read, so a request with bad
//! credentials is refused (401) before its body is touched, and no handler can forget the
//! check. Without an `Authorization` header the caller is the public.

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use cica_app::{Actor, AppError};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, WebError};
use crate::state::AppState;

/// The actor of a request: the public, or the account of a personal token.
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

/// The bearer token of an `Authorization` header (scheme case-insensitive), or why the
/// header is not one.
pub fn bearer(value: &str) -> Result<&str, WebError> {
    let mut parts = value.trim().splitn(2, ' ');
    let scheme = parts.next().unwrap_or_default();
    let token = parts.next().map(str::trim).unwrap_or_default();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(WebError::Unauthorized(
            "send a personal token as `Authorization: Bearer <token>`".into(),
        ));
    }
    Ok(token)
}

/// The browser session a request came with: its id (from the cookie) and its form token.
#[derive(Debug, Clone)]
pub struct BrowserSession {
    pub id: String,
    pub csrf: String,
}

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "cica_session";

/// The value of a cookie in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim())
}

/// Who sent these headers: the account of a bearer token, else of a live session cookie, else
/// the public. Bad bearer credentials are refused, whatever the address; an unknown or expired
/// session cookie is simply not signed in.
pub async fn identify(
    app: &AppState,
    headers: &HeaderMap,
) -> Result<(Actor, Option<BrowserSession>), WebError> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        if let Some(id) = cookie(headers, SESSION_COOKIE)
            && let Some((actor, csrf)) = app.uses().session_actor(id).await?
        {
            return Ok((
                actor,
                Some(BrowserSession {
                    id: id.to_owned(),
                    csrf,
                }),
            ));
        }
        return Ok((Actor::Public, None));
    };
    let value = value.to_str().map_err(|_| {
        WebError::Unauthorized("the Authorization header is not readable text".into())
    })?;
    let token = bearer(value)?;
    Ok((app.uses().token_actor(token).await?, None))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        // The guard middleware has usually identified the caller already.
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        Ok(Self(identify(app, &parts.headers).await?.0))
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        use cica_domain::access::Denied;
        match e {
            AppError::Unauthenticated(m) => Self::Unauthorized(m),
            AppError::Throttled(m) => Self::Throttled(m),
            AppError::Denied(d @ Denied::Anonymous) => Self::Unauthorized(d.to_string()),
            AppError::Denied(Denied::Forbidden(m)) => Self::Forbidden(m),
            AppError::Invalid { field, problem } => Self::InvalidParameter {
                parameter: field,
                message: problem,
            },
            AppError::Fields(fields) => Self::Fields(fields),
            AppError::Stale { message, .. } => Self::PreconditionFailed(message),
            AppError::NotFound(m) => Self::NotFound(m),
            AppError::Rejected(m) => Self::Rejected(m),
            AppError::Conflict(m) => Self::Conflict(m),
            AppError::Store(e) => e.into(),
        }
    }
}

/// Parses a JSON request body; a malformed one is a 400 naming the problem.
pub fn json<T: DeserializeOwned>(body: &Bytes) -> Result<T, WebError> {
    if body.is_empty() {
        return Err(WebError::invalid("body", "a JSON object is required"));
    }
    serde_json::from_slice(body)
        .map_err(|e| WebError::invalid("body", format!("not the expected JSON: {e}")))
}

/// The actor of a write: like [`Caller`], but the public is refused (401) before the body is
/// read. What the account may do is the use case's to decide.
#[derive(Debug, Clone)]
pub struct Writer(pub Actor);

/// Compares two secrets (form tokens) in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(subtle::ConstantTimeEq::ct_eq(a.as_bytes(), b.as_bytes()))
}

/// A write authenticated by a session cookie (a browser) must also carry the session's form
/// token in `X-CSRF-Token`, so no other site can make a signed-in browser write.
fn csrf_checked(parts: &Parts) -> Result<(), ApiError> {
    if parts.method == axum::http::Method::GET || parts.method == axum::http::Method::HEAD {
        return Ok(());
    }
    let Some(session) = parts.extensions.get::<BrowserSession>() else {
        return Ok(());
    };
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if same_secret(sent, &session.csrf) {
        Ok(())
    } else {
        Err(ApiError(WebError::Forbidden(
            "a write from a signed-in browser needs the session's form token in X-CSRF-Token"
                .into(),
        )))
    }
}

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        csrf_checked(parts)?;
        match Caller::from_request_parts(parts, app).await?.0 {
            Actor::Public => Err(ApiError(WebError::Unauthorized(
                cica_domain::access::Denied::Anonymous.to_string(),
            ))),
            actor => Ok(Self(actor)),
        }
    }
}

/// The actor of a write that only the Secretariat makes (everything but a delegate's break of
/// silence or statement): refused by the rights table (401 or 403) before the body is read,
/// so a delegate learns nothing from how its request would have been parsed. The use case
/// asks the same table again.
#[derive(Debug, Clone)]
pub struct Secretariat(pub Actor);

impl FromRequestParts<AppState> for Secretariat {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let actor = Caller::from_request_parts(parts, app).await?.0;
        csrf_checked(parts)?;
        cica_domain::access::may(&actor, cica_domain::access::Act::KeepRecord)
            .map_err(AppError::from)?;
        Ok(Self(actor))
    }
}

/// The browser session of a page form: required before its body is read, so nobody without
/// a session can make the server wait on a body.
#[derive(Debug, Clone)]
pub struct SignedIn(pub BrowserSession);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &AppState,
    ) -> Result<Self, crate::pages::PageError> {
        parts
            .extensions
            .get::<BrowserSession>()
            .cloned()
            .map(Self)
            .ok_or_else(|| {
                crate::pages::PageError(WebError::Unauthorized(
                    "you are not signed in; sign in at /login and try again".into(),
                ))
            })
    }
}

/// Someone who keeps the record (an editor or an administrator), or a 404 for anyone else,
/// decided before any body is read.
pub struct Editor(pub Actor);

impl FromRequestParts<AppState> for Editor {
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, crate::pages::PageError> {
        allowed_page(parts, app, cica_domain::access::Act::KeepRecord)
            .await
            .map(Self)
    }
}

/// The caller of a page that exists only for those who may do `act` (an editor's forms, the
/// account administration): a 404 for anyone else, decided before any body is read.
pub async fn allowed_page(
    parts: &mut Parts,
    app: &AppState,
    act: cica_domain::access::Act<'_>,
) -> Result<Actor, crate::pages::PageError> {
    let Caller(actor) = Caller::from_request_parts(parts, app)
        .await
        .map_err(|e| crate::pages::PageError(e.0))?;
    if cica_domain::access::may(&actor, act).is_err() {
        return Err(crate::pages::PageError(WebError::not_found(
            "There is no page at this address.",
        )));
    }
    Ok(actor)
}

/// The browser session a page form needs (its token is checked against it): these forms
/// are sent from a signed-in browser.
pub fn form_session(
    session: Option<axum::Extension<BrowserSession>>,
) -> Result<BrowserSession, crate::pages::PageError> {
    session.map(|s| s.0).ok_or_else(|| {
        crate::pages::PageError(WebError::Forbidden(
            "these forms are sent from a signed-in browser; sign in at /login".into(),
        ))
    })
}
