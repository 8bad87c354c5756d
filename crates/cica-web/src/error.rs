//! Errors as clients see them.
//!
//! Which error type when:
//! - the store's [`StoreError`] is never the client's fault: it is logged and answered with a
//!   500 that says only that something failed on our side;
//! - [`WebError`] is what handlers return. Its client variants (a bad parameter, an unknown
//!   parameter, a missing record) carry a message that names what is wrong.
//!
//! The API answers every error with one JSON shape, documented in `docs/api.md`:
//!
//! ```json
//! {"error": {"status": 400, "code": "invalid_parameter", "parameter": "from",
//!            "message": "from: `2025-13-01` is not a date of the form YYYY-MM-DD"}}
//! ```
//!
//! Pages answer with the same status and an HTML page saying the same thing.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cica_store::StoreError;
use serde::Serialize;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A query parameter is malformed or out of range.
    #[error("{parameter}: {message}")]
    InvalidParameter { parameter: String, message: String },
    /// A query parameter this endpoint does not know.
    #[error("unknown parameter `{parameter}`; this address accepts: {accepted}")]
    UnknownParameter { parameter: String, accepted: String },
    /// No record at this address.
    #[error("{0}")]
    NotFound(String),
    /// A write without the right credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Writing is switched off on this installation.
    #[error("{0}")]
    Forbidden(String),
    /// The request is well formed but the rules refuse it (a deadline has passed, an observer
    /// tries to break silence, a state is already a party).
    #[error("{0}")]
    Rejected(String),
    /// Several fields of a record are wrong: each with its problem. Never empty.
    #[error("{}", .0.iter().map(|(f, p)| format!("{f}: {p}")).collect::<Vec<_>>().join("; "))]
    Fields(Vec<(String, String)>),
    /// The record changed since the version the request's `If-Match` names.
    #[error("{0}")]
    PreconditionFailed(String),
    /// A save without `If-Match` (or `If-None-Match: *` to create).
    #[error("{0}")]
    PreconditionRequired(String),
    /// The request came too late for what is stored: a silence procedure settled while it
    /// waited, or a record with that key already exists.
    #[error("{0}")]
    Conflict(String),
    /// Too many failed attempts (signing in); the client should wait.
    #[error("{0}")]
    Throttled(String),
    /// The request body is larger than the endpoint accepts.
    #[error("{0}")]
    TooLarge(String),
    /// The address is longer than the server reads.
    #[error("{0}")]
    UriTooLong(String),
    /// The server cannot take writes now (its database file went away); said plainly, since
    /// the operator must act.
    #[error("{0}")]
    Unavailable(String),
    /// Our fault; details go to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Self::NotFound(m),
            StoreError::Rejected(m) => Self::Rejected(m),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Unavailable(m) => Self::Unavailable(m),
            StoreError::Stale { message, .. } => Self::PreconditionFailed(message),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl WebError {
    pub fn invalid(parameter: &str, message: impl Into<String>) -> Self {
        Self::InvalidParameter {
            parameter: parameter.to_owned(),
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidParameter { .. } | Self::UnknownParameter { .. } | Self::Fields(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Rejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            Self::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidParameter { .. } | Self::Fields(_) => "invalid_parameter",
            Self::PreconditionFailed(_) => "precondition_failed",
            Self::PreconditionRequired(_) => "precondition_required",
            Self::UnknownParameter { .. } => "unknown_parameter",
            Self::NotFound(_) => "not_found",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::Rejected(_) => "rejected",
            Self::TooLarge(_) => "too_large",
            Self::UriTooLong(_) => "uri_too_long",
            Self::Throttled(_) => "throttled",
            Self::Conflict(_) => "conflict",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The message shown to the client: for internal errors, not the internals.
    pub fn public_message(&self) -> String {
        match self {
            Self::Internal(_) => {
                "something went wrong on our side; the error has been logged".into()
            }
            other => other.to_string(),
        }
    }

    fn parameter(&self) -> Option<&str> {
        match self {
            Self::InvalidParameter { parameter, .. } | Self::UnknownParameter { parameter, .. } => {
                Some(parameter)
            }
            Self::Fields(fields) => fields.first().map(|(f, _)| f.as_str()),
            // A rule refusing one field says so first: `date: the meeting did not sit …`.
            Self::Rejected(m) => m.split_once(": ").map(|(f, _)| f).filter(|f| {
                f.starts_with(|c: char| c.is_ascii_lowercase())
                    && f.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_[].".contains(c))
            }),
            _ => None,
        }
    }

    fn log(&self) {
        if let Self::Internal(detail) = self {
            tracing::error!(error = %detail, "request failed");
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    status: u16,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
    message: String,
    /// Every field refused, when a record's fields are checked together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem<'a>>,
}

#[derive(Serialize)]
struct FieldProblem<'a> {
    field: &'a str,
    message: &'a str,
}

/// A [`WebError`] answered as JSON, for the API.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let body = ErrorBody {
            error: ErrorDetail {
                status: e.status().as_u16(),
                code: e.code(),
                parameter: e.parameter(),
                message: e.public_message(),
                fields: match &e {
                    WebError::Fields(fields) => fields
                        .iter()
                        .map(|(field, message)| FieldProblem { field, message })
                        .collect(),
                    _ => Vec::new(),
                },
            },
        };
        (e.status(), axum::Json(body)).into_response()
    }
}
