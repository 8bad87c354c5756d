//! The application layer: every use case the shells run, in one place.
//!
//! Each use case takes the acting [`Actor`]; the [`App`] holds the store and the clock. A use
//! case checks the domain's rules and the actor's rights ([`cica_domain::access::may`]),
//! then writes through the store, which records the audit entry (who, when, what, why) in the
//! same transaction as the change. The web and the command line parse their input, call a use
//! case, and render what it returns; neither holds a rule of its own.
//!
//! **Architecture invariant:** no SQL, no HTTP, no terminal here; nothing writes to the store
//! except through a use case of this crate.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod cbm;
mod clock;
pub mod diff;
pub mod import;
pub mod media;
pub mod money;
pub mod news;
pub mod records;
pub mod restore;
pub mod treaties;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use cica_domain::access::{Denied, GrantError};
use cica_store::{Attribution, Store, StoreError};

pub use cica_domain::access::Actor;
pub use cica_store::{Expect, Side, Version};
pub use clock::Clock;

/// Why a use case refused, or failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The credentials given are not valid (unknown or revoked token, wrong password, disabled
    /// account).
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many failed attempts: try again later.
    #[error("{0}")]
    Throttled(String),
    /// The actor may not do this.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// A field of the request is malformed or missing.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    /// Several fields are wrong at once (a form's or a record's): each with its problem, in
    /// the record's order. Never empty.
    #[error("{}", .0.iter().map(|(f, p)| format!("{f}: {p}")).collect::<Vec<_>>().join("; "))]
    Fields(Vec<(String, String)>),
    /// The record was saved by someone else since the version the request names.
    #[error("{message}")]
    Stale {
        message: String,
        current: cica_store::Version,
    },
    /// A record the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The rules refuse it.
    #[error("{0}")]
    Rejected(String),
    /// It came too late for what is stored, or the key is taken.
    #[error("{0}")]
    Conflict(String),
    /// Our side failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Self::NotFound(m),
            StoreError::Rejected(m) => Self::Rejected(m),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::Stale { message, current } => Self::Stale { message, current },
            other => Self::Store(other),
        }
    }
}

impl From<GrantError> for AppError {
    fn from(e: GrantError) -> Self {
        Self::Invalid {
            field: match e {
                GrantError::Unbound(_) | GrantError::NeedsState | GrantError::NeedsObserver => {
                    "role".into()
                }
                GrantError::NotMember(..) | GrantError::NotObserver(..) => "binding".into(),
            },
            problem: e.to_string(),
        }
    }
}

impl AppError {
    pub fn invalid(field: &str, problem: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            problem: problem.into(),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The longest reason a write may carry into the audit trail, in characters.
pub const MAX_NOTE: usize = 1_000;

/// The use cases over one store and one clock, with the reason the writes made through it
/// give the audit trail (none by default; see [`App::noted`]).
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    clock: Clock,
    note: Option<Arc<str>>,
    pdf_text: Arc<cica_import::PdfText>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Clock) -> Self {
        Self {
            store,
            clock,
            note: None,
            pdf_text: Arc::new(cica_import::pdf::read),
        }
    }

    /// The same use cases, with the text of imported PDFs extracted by `pdf_text` instead of
    /// in this process (see [`cica_import::PdfText`]).
    pub fn with_pdf_text(mut self, pdf_text: Arc<cica_import::PdfText>) -> Self {
        self.pdf_text = pdf_text;
        self
    }

    pub(crate) fn pdf_text(&self) -> Arc<cica_import::PdfText> {
        Arc::clone(&self.pdf_text)
    }

    /// The same use cases, whose writes record `note` as their reason in the audit trail
    /// (`None`, or only spaces: no reason). The shells call it once per command or request
    /// with what the person gave (`--note`, `X-Audit-Note`, a form's reason) and pass the
    /// result on, so no use case takes a reason of its own. Refused (field `note`) when the
    /// note holds control characters other than line breaks and tabs, or is longer than
    /// [`MAX_NOTE`] characters.
    pub fn noted(&self, note: Option<&str>) -> Result<App> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = note {
            check_text("note", n, MAX_NOTE)?;
        }
        Ok(Self {
            note: note.map(Arc::from),
            ..self.clone()
        })
    }

    /// The reason the writes made through this `App` record.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The store, for reads.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn shared_store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The date in Astana.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// What the audit trail records of `actor` doing something now, with its reason: `note`
    /// when given, else the one this `App` was [`noted`](Self::noted) with.
    pub(crate) fn by(&self, actor: &Actor, note: Option<&str>) -> Attribution {
        Attribution {
            actor: actor.label(),
            at: self.now(),
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .or(self.note.as_deref())
                .map(str::to_owned),
        }
    }
}

/// Adds to `problems` the refusal of each text (field, text, most characters) that
/// [`check_text`] refuses, but for fields already refused.
pub(crate) fn texts_checked(
    problems: &mut Vec<(String, String)>,
    texts: Vec<(String, &str, usize)>,
) {
    let refused: std::collections::HashSet<String> =
        problems.iter().map(|(f, _)| f.clone()).collect();
    for (field, text, max) in texts {
        if refused.contains(&field) {
            continue;
        }
        if let Err(AppError::Invalid { field, problem }) = check_text(&field, text, max) {
            problems.push((field, problem));
        }
    }
}

/// `new` names the form that records a new one (`/meetings/new`), never a record: refused
/// naming `field`.
pub(crate) fn reserved(field: &str, key: &cica_domain::Slug) -> Result<()> {
    if key.as_str() == "new" {
        return Err(AppError::invalid(
            field,
            format!("`new` is the address of the form for a new record; choose another {field}"),
        ));
    }
    Ok(())
}

/// Checks a free-text field: refused when it holds control characters other than line breaks
/// and tabs, or is longer than `max` characters.
pub fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::invalid(
            field,
            format!("holds the control character U+{:04X}", u32::from(c)),
        ));
    }
    let n = text.chars().count();
    if n > max {
        return Err(AppError::invalid(
            field,
            format!("is {n} characters long; at most {max} are accepted"),
        ));
    }
    Ok(())
}
