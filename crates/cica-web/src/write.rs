//! Who is asking, and JSON bodies parsed into our error shape.
//!
//! Every handler that needs to know the reader or the writer takes a [`Caller`]: it is
//! extracted from the request's parts before any body is read, so a request with bad
//! credentials is refused (401) before its body is touched, and no handler can forget the
//! check. Without an `Authorization` header the caller is the public.

use axum::body::Bytes;
use axum::extract::FromRequestParts;
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

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Self(Actor::Public));
        };
        let value = value.to_str().map_err(|_| {
            WebError::Unauthorized("the Authorization header is not readable text".into())
        })?;
        let token = bearer(value)?;
        Ok(Self(app.uses().token_actor(token).await?))
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        use cica_domain::access::Denied;
        match e {
            AppError::Unauthenticated(m) => Self::Unauthorized(m),
            AppError::Denied(d @ Denied::Anonymous) => Self::Unauthorized(d.to_string()),
            AppError::Denied(Denied::Forbidden(m)) => Self::Forbidden(m),
            AppError::Invalid { field, problem } => Self::InvalidParameter {
                parameter: field,
                message: problem,
            },
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

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
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
        cica_domain::access::may(&actor, cica_domain::access::Act::KeepRecord)
            .map_err(AppError::from)?;
        Ok(Self(actor))
    }
}
