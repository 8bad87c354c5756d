//! Page forms as sent: what was typed, kept to be shown again, and each refusal next to the
//! field it concerns. Every form of the portal carries the session's token, checked here, and
//! may carry a reason for the record (`note`), with which the use cases are noted.

use std::collections::BTreeMap;

use axum::body::Bytes;
use cica_app::{App, AppError};

use crate::error::WebError;
use crate::pages::PageError;
use crate::state::AppState;
use crate::write::{BrowserSession, same_secret};

/// A form as it was sent: what was typed, and the refusals next to their fields.
#[derive(Default)]
pub struct Form {
    /// What was typed, by field name (never a password or the form token).
    pub values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
    /// A refusal that concerns the whole form.
    pub message: String,
}

impl Form {
    /// A form filled with `values`, nothing refused.
    pub fn filled(values: BTreeMap<String, String>) -> Self {
        Self {
            values,
            ..Self::default()
        }
    }

    /// What was typed in `field`.
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// The refusal of `field`, or nothing.
    pub fn e(&self, field: &str) -> &str {
        self.errors.get(field).map_or("", String::as_str)
    }

    pub fn failed(&self) -> bool {
        !self.errors.is_empty() || !self.message.is_empty()
    }

    pub fn refuse(&mut self, field: &str, problem: impl Into<String>) {
        self.errors
            .entry(field.to_owned())
            .or_insert_with(|| capitalised(&problem.into()));
    }
}

pub fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The use cases noted with the form's reason, or the refusal next to its field.
pub fn noted(app: &AppState, form: &mut Form) -> Option<App> {
    match app.uses().noted(Some(form.v("note"))) {
        Ok(u) => Some(u),
        Err(AppError::Invalid { problem, .. }) => {
            form.refuse("note", problem);
            None
        }
        Err(e) => {
            form.message = e.to_string();
            None
        }
    }
}

/// The form fields sent, with the session's token checked.
pub fn fields(
    session: &BrowserSession,
    body: &Bytes,
) -> Result<BTreeMap<String, String>, PageError> {
    page_form::<BTreeMap<String, String>>(session, body, |f| {
        f.get("csrf").map_or("", String::as_str)
    })
}

/// The form as typed: a browser sends every line break as CR LF, read here as one.
pub fn form_of(fields: BTreeMap<String, String>) -> Form {
    Form {
        values: fields
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "password" | "confirm"))
            .map(|(k, v)| (k, v.replace("\r\n", "\n")))
            .collect(),
        ..Form::default()
    }
}

/// A form body, or a 400 naming what is wrong with it.
pub fn form<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, WebError> {
    serde_urlencoded::from_bytes(body)
        .map_err(|e| WebError::invalid("body", format!("not the expected form: {e}")))
}

/// Whether a form carries the session's token.
pub fn checked(session: &BrowserSession, csrf: &str) -> Result<(), WebError> {
    if same_secret(&session.csrf, csrf) {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "the form did not come from this site, or is from an earlier session; reload the page and try again"
                .into(),
        ))
    }
}

/// Checks a page form's token against the session's, naming the problem on a page.
pub fn page_form<T: serde::de::DeserializeOwned>(
    session: &BrowserSession,
    body: &Bytes,
    csrf_of: impl Fn(&T) -> &str,
) -> Result<T, PageError> {
    let f: T = form(body)?;
    checked(session, csrf_of(&f))?;
    Ok(f)
}

/// A form sent as `multipart/form-data` (one with a file): its text fields, and the file of
/// `file_field` with the name it was sent under, if one was chosen.
pub struct Upload {
    pub fields: BTreeMap<String, String>,
    pub file: Option<(String, Vec<u8>)>,
}

/// The most a text field of an upload form holds, in bytes.
const MAX_UPLOAD_FIELD: usize = 64 * 1024;

/// Reads a `multipart/form-data` body whole (its size is bounded by the route's body limit):
/// text fields of at most 64 KB each, and the file of `file_field`. A body that is not such a
/// form is refused naming the problem.
pub async fn upload(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    file_field: &str,
) -> Result<Upload, WebError> {
    let bad = |e: &dyn std::fmt::Display| {
        WebError::invalid("body", format!("not the expected form with a file: {e}"))
    };
    // A body over the route's limit is the client's to make smaller: 413, saying the limit.
    let read = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge(format!(
                "the upload is larger than this address reads ({e}); send a smaller file"
            ))
        } else {
            bad(&e)
        }
    };
    let mut multipart = multipart.map_err(|e| bad(&e))?;
    let mut out = Upload {
        fields: BTreeMap::new(),
        file: None,
    };
    while let Some(field) = multipart.next_field().await.map_err(read)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(read)?;
            if !bytes.is_empty() || !file_name.is_empty() {
                out.file = Some((file_name, bytes.to_vec()));
            }
        } else {
            let bytes = field.bytes().await.map_err(read)?;
            if bytes.len() > MAX_UPLOAD_FIELD {
                return Err(WebError::invalid(
                    &name,
                    format!(
                        "holds more than the {} KB a field takes",
                        MAX_UPLOAD_FIELD / 1024
                    ),
                ));
            }
            out.fields
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(out)
}
