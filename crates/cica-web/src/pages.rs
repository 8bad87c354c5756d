//! What every area's pages share: the layout, links to records, the error page.
//!
//! Each area's page handler gathers records, turns them into small page models of
//! ready-to-print strings, and renders an askama template (compiled in, escaped by default).
//! Templates hold no logic beyond loops and conditionals.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cica_domain::decision::register_number;
use cica_domain::{Slug, StateCode};

use crate::error::WebError;
use crate::state::{AppState, Directory};

/// A [`WebError`] answered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    l: Layout,
    status: u16,
    reason: String,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        if let WebError::Internal(detail) = &e {
            tracing::error!(error = %detail, "page failed");
        }
        let status = e.status();
        let reason = status.canonical_reason().unwrap_or("Error").to_owned();
        let page = ErrorPage {
            l: Layout::new(&reason, ""),
            status: status.as_u16(),
            reason,
            message: e.public_message(),
        };
        match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(_) => (status, e.public_message()).into_response(),
        }
    }
}

pub(crate) type PageResult<T> = Result<T, PageError>;

/// What every page shares: its title and which navigation entry is current.
pub struct Layout {
    pub title: String,
    pub active: &'static str,
}

impl Layout {
    pub(crate) fn new(title: &str, active: &'static str) -> Self {
        Self {
            title: title.to_owned(),
            active,
        }
    }

    /// Whether `item` is the current navigation entry (for `aria-current`).
    pub fn is(&self, item: &str) -> bool {
        self.active == item
    }
}

/// A link with its label.
#[derive(Clone)]
pub struct Link {
    pub url: String,
    pub label: String,
}

/// Another record a model refers to, resolved against the registers once: the API shows its
/// key (and, where useful, its name), a page links to it.
#[derive(Clone)]
pub struct Ref {
    pub key: String,
    pub name: String,
    pub url: String,
}

impl Ref {
    pub(crate) fn state(dir: &Directory, c: &StateCode) -> Self {
        Ref {
            key: c.to_string(),
            name: dir.state_name(c).to_owned(),
            url: format!("/states/{c}"),
        }
    }

    pub(crate) fn organization(dir: &Directory, s: &Slug) -> Self {
        Ref {
            key: s.to_string(),
            name: dir.organization_name(s).to_owned(),
            url: format!("/organizations/{s}"),
        }
    }

    pub(crate) fn person(dir: &Directory, s: &Slug) -> Self {
        Ref {
            key: s.to_string(),
            name: dir.person_name(s).to_owned(),
            url: format!("/people/{s}"),
        }
    }

    pub(crate) fn body(dir: &Directory, s: &Slug) -> Self {
        Ref {
            key: s.to_string(),
            name: dir.body_name(s).to_owned(),
            url: format!("/bodies/{s}"),
        }
    }

    /// States in the order given.
    pub(crate) fn states(dir: &Directory, codes: &[StateCode]) -> Vec<Self> {
        codes.iter().map(|c| Ref::state(dir, c)).collect()
    }

    /// Organizations in the order given.
    pub(crate) fn organizations(dir: &Directory, slugs: &[Slug]) -> Vec<Self> {
        slugs.iter().map(|s| Ref::organization(dir, s)).collect()
    }

    /// A body by its short name where it has one ("SOC"), as lists and tags name it.
    pub(crate) fn body_short(dir: &Directory, s: &Slug) -> Self {
        Ref {
            name: dir.body_label(s).to_owned(),
            ..Ref::body(dir, s)
        }
    }

    /// The link a page shows, labelled with the record's name.
    pub(crate) fn link(&self) -> Link {
        Link {
            url: self.url.clone(),
            label: self.name.clone(),
        }
    }
}

pub(crate) fn state_link(dir: &Directory, c: &StateCode) -> Link {
    Ref::state(dir, c).link()
}

/// A body by its short name where it has one ("SOC"), as lists and tags show it.
pub(crate) fn body_link(dir: &Directory, s: &Slug) -> Link {
    Ref::body_short(dir, s).link()
}

pub(crate) fn person_link(dir: &Directory, s: &Slug) -> Link {
    Ref::person(dir, s).link()
}

pub(crate) fn source_links(sources: &[String]) -> Vec<Link> {
    sources
        .iter()
        .map(|s| {
            let url = if s.starts_with("http://") || s.starts_with("https://") {
                s.clone()
            } else {
                String::new()
            };
            let label = if url.is_empty() {
                s.clone()
            } else {
                s.split("://")
                    .nth(1)
                    .unwrap_or(s)
                    .split('/')
                    .next()
                    .unwrap_or(s)
                    .to_owned()
            };
            Link { url, label }
        })
        .collect()
}

/// An option of a filter form.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Adds `cursor=` to the current query, replacing any cursor already there.
pub(crate) fn with_cursor(raw: Option<&str>, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    pairs.retain(|(k, _)| k != "cursor");
    pairs.push(("cursor".into(), cursor.to_owned()));
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

/// Any address the portal does not know.
pub async fn not_found() -> Response {
    let mut r = PageError(WebError::not_found("There is no page at this address.")).into_response();
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

/// A link to a decision, by its register number and subject.
pub(crate) async fn decision_link(
    app: &AppState,
    dir: &Directory,
    id: &Slug,
) -> Result<Link, WebError> {
    Ok(match app.store().decision(id).await? {
        Some(d) => Link {
            url: format!("/decisions/{id}"),
            label: format!(
                "{}: the {} {} {}",
                register_number(dir.body_label(&d.organ), d.date, d.number),
                dir.body_label(&d.organ),
                d.act.past(),
                d.subject
            ),
        },
        None => Link {
            url: format!("/decisions/{id}"),
            label: id.to_string(),
        },
    })
}
