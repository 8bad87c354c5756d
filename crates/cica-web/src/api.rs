//! What every area's part of the JSON API under `/api/v1/` shares: the list shape, keyset
//! pages, checks that a filter names a known record, the index of endpoints.
//!
//! Field names are a public contract (documented in `docs/api.md`): each area writes its view
//! types by hand from the domain records so that a change in the model never changes the API
//! by accident. Every list answers `{"items": [...], "next": cursor-or-null}`.

use axum::Json;
use cica_domain::{Slug, StateCode};
use serde::Serialize;

use crate::error::{ApiError, WebError};
use crate::state::Directory;

pub(crate) type ApiResult<T> = Result<Json<T>, ApiError>;

/// A page of a list.
#[derive(Serialize)]
pub struct List<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// Pages an in-memory list ordered by key: items after `cursor`, at most `limit`.
pub(crate) fn page_by_key<T, V>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    cursor: Option<&str>,
    limit: u32,
    view: impl Fn(&T) -> V,
) -> List<V> {
    let start = cursor.map_or(0, |c| {
        items
            .iter()
            .position(|i| key(i).as_str() > c)
            .unwrap_or(items.len())
    });
    let rest = &items[start..];
    let take = (limit as usize).min(rest.len());
    let next = (rest.len() > take).then(|| key(&rest[take - 1]));
    List {
        items: rest[..take].iter().map(view).collect(),
        next,
    }
}

/// Checks that a filter names a record that exists.
pub fn known_state(
    dir: &Directory,
    param: &str,
    code: Option<StateCode>,
) -> Result<Option<StateCode>, WebError> {
    match code {
        Some(c) if !dir.states.contains_key(&c) => Err(WebError::invalid(
            param,
            format!("no state has the code `{c}`"),
        )),
        other => Ok(other),
    }
}

pub fn known_body(
    dir: &Directory,
    param: &str,
    slug: Option<Slug>,
) -> Result<Option<Slug>, WebError> {
    match slug {
        Some(s) if !dir.bodies.contains_key(&s) => Err(WebError::invalid(
            param,
            format!("no body has the slug `{s}`"),
        )),
        other => Ok(other),
    }
}

pub fn known_organization(
    dir: &Directory,
    param: &str,
    slug: Option<Slug>,
) -> Result<Option<Slug>, WebError> {
    match slug {
        Some(s) if !dir.organizations.contains_key(&s) => Err(WebError::invalid(
            param,
            format!("no organization has the slug `{s}`"),
        )),
        other => Ok(other),
    }
}

pub fn known_person(
    dir: &Directory,
    param: &str,
    slug: Option<Slug>,
) -> Result<Option<Slug>, WebError> {
    match slug {
        Some(s) if !dir.people.contains_key(&s) => Err(WebError::invalid(
            param,
            format!("no person has the slug `{s}`"),
        )),
        other => Ok(other),
    }
}

pub(crate) fn path_code(text: &str, what: &str) -> Result<StateCode, WebError> {
    StateCode::parse(text)
        .map_err(|_| WebError::not_found(format!("no {what} has the code `{text}`")))
}

pub(crate) fn path_slug(text: &str, what: &str) -> Result<Slug, WebError> {
    Slug::parse(text).map_err(|_| WebError::not_found(format!("no {what} has the key `{text}`")))
}

#[derive(Serialize)]
pub struct Index {
    name: &'static str,
    version: &'static str,
    endpoints: Vec<EndpointView>,
    documentation: &'static str,
}

#[derive(Serialize)]
pub struct EndpointView {
    path: String,
    methods: Vec<&'static str>,
}

pub async fn index() -> Json<Index> {
    Json(Index {
        name: "CICA Secretariat Platform API",
        version: "v1",
        endpoints: crate::api_index()
            .into_iter()
            .filter(|(path, _)| *path != "/")
            .map(|(path, methods)| EndpointView {
                path: format!("/api/v1{path}"),
                methods: methods.to_vec(),
            })
            .collect(),
        documentation: "docs/api.md in the platform's source",
    })
}

/// Any other address under `/api/`.
pub async fn not_found() -> ApiError {
    ApiError(WebError::not_found(
        "no such API endpoint; see /api/v1 for the list",
    ))
}

/// The `organ` of a write: a slug of a body in the register.
pub(crate) fn known_organ(dir: &crate::state::Directory, text: &str) -> Result<Slug, WebError> {
    let slug = Slug::parse(text).map_err(|e| WebError::invalid("organ", e.to_string()))?;
    crate::api::known_body(dir, "organ", Some(slug.clone()))?;
    Ok(slug)
}
