//! What writes share: the admin token check and JSON bodies parsed into our error shape.
//!
//! Until accounts and roles arrive, every write needs `Authorization: Bearer <token>` with the
//! token configured as `CICA_ADMIN_TOKEN`. Without a configured token, writes are refused.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::state::AppState;

/// Compares in time independent of where the strings differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses the request unless it carries the configured admin token.
pub fn authorize(app: &AppState, headers: &HeaderMap) -> Result<(), WebError> {
    let Some(token) = app
        .config()
        .admin_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return Err(WebError::Forbidden(
            "writing is switched off on this installation: set CICA_ADMIN_TOKEN to enable it"
                .into(),
        ));
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(WebError::Unauthorized(
            "the bearer token is not the admin token".into(),
        )),
        None => Err(WebError::Unauthorized(
            "send the admin token as `Authorization: Bearer <token>`".into(),
        )),
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
