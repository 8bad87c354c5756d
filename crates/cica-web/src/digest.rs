//! The Digest on the portal: the list of issues, each issue's web edition, and its print
//! edition as PDF, typeset on demand.
//!
//! Typesetting takes a noticeable fraction of a second of CPU, so it runs on the blocking
//! pool, one build at a time, and the PDF is kept until the edition's own content changes:
//! the key is a hash of the data the layout reads, so an edit to another quarter (or to a
//! register the edition does not print) does not cause a rebuild.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use cica_digest::{CollectError, DigestError, Edition, Typesetter, html};
use cica_domain::{DigestStatus, ForewordKind, Quarter};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::WebError;
use crate::pages::{Layout, PageError};
use crate::state::AppState;

/// The typesetter (fonts loaded once) and the PDFs built so far.
#[derive(Default)]
pub(crate) struct Press {
    typesetter: OnceLock<Arc<Typesetter>>,
    /// Quarter → (hash of the edition's data, PDF).
    built: Mutex<HashMap<Quarter, (u64, Bytes)>>,
    /// One build at a time: the machine has few cores and a second request for the same
    /// issue should wait for the first build rather than repeat it.
    building: tokio::sync::Mutex<()>,
}

impl Press {
    fn typesetter(&self) -> Arc<Typesetter> {
        Arc::clone(self.typesetter.get_or_init(|| Arc::new(Typesetter::new())))
    }

    fn lookup(&self, quarter: Quarter, key: u64) -> Option<Bytes> {
        let built = self.built.lock().ok()?;
        built
            .get(&quarter)
            .filter(|(k, _)| *k == key)
            .map(|(_, pdf)| pdf.clone())
    }

    /// The PDF of the edition, from memory when its content has not changed.
    async fn pdf(&self, edition: Edition) -> Result<Bytes, WebError> {
        let data = cica_digest::data_json(&edition);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        data.hash(&mut hasher);
        cica_digest::LAYOUT.hash(&mut hasher);
        for m in edition.media.values() {
            m.bytes.hash(&mut hasher);
        }
        let key = hasher.finish();
        let quarter = edition.quarter;
        if let Some(pdf) = self.lookup(quarter, key) {
            return Ok(pdf);
        }
        let _one_at_a_time = self.building.lock().await;
        if let Some(pdf) = self.lookup(quarter, key) {
            return Ok(pdf);
        }
        let typesetter = self.typesetter();
        let printed = tokio::task::spawn_blocking(move || typesetter.print(&edition))
            .await
            .map_err(|e| WebError::Internal(format!("the typesetting task failed: {e}")))?
            .map_err(|e| WebError::Internal(e.to_string()))?;
        let pdf = Bytes::from(printed.pdf);
        if let Ok(mut built) = self.built.lock() {
            built.insert(quarter, (key, pdf.clone()));
        }
        Ok(pdf)
    }
}

struct IssueRow {
    quarter: String,
    period: String,
    counts: String,
    highlights: Vec<String>,
    url: String,
    pdf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "digests.html")]
pub struct DigestsPage {
    l: Layout,
    issues: Vec<IssueRow>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `/digest`: the published issues, newest first.
pub async fn digests(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> Result<DigestsPage, PageError> {
    let mut list = app.store().digests().await?;
    list.retain(|d| d.status == DigestStatus::Published);
    list.sort_by_key(|d| std::cmp::Reverse(d.quarter));
    let mut issues = Vec::new();
    for d in list {
        let edition = match cica_digest::collect(app.store(), d.quarter).await {
            Ok(e) => e,
            // A published record whose quarter has no articles yet is not listed.
            Err(CollectError::Digest(_)) => continue,
            Err(CollectError::Store(e)) => return Err(e.into()),
        };
        issues.push(IssueRow {
            quarter: d.quarter.to_string(),
            period: edition.period.clone(),
            counts: [
                plural(edition.articles().count(), "article", "articles"),
                plural(edition.flash.len(), "flash item", "flash items"),
                plural(edition.calendar.meetings.len(), "meeting", "meetings"),
                plural(edition.calendar.decisions.len(), "decision", "decisions"),
            ]
            .join(" · "),
            highlights: edition.cover.iter().take(4).cloned().collect(),
            url: format!("/digest/{}", d.quarter),
            pdf: format!("/digest/{}.pdf", d.quarter),
        });
    }
    Ok(DigestsPage {
        l: Layout::new("Digest", "digest"),
        issues,
    })
}

fn collect_error(e: CollectError, quarter: Quarter) -> WebError {
    match e {
        CollectError::Store(e) => e.into(),
        CollectError::Digest(DigestError::NoRecord(_) | DigestError::NoItems(_)) => {
            WebError::not_found(format!("There is no published Digest for {quarter}."))
        }
        CollectError::Digest(e) => WebError::Internal(e.to_string()),
    }
}

/// `/digest/2025-Q1` (web edition) and `/digest/2025-Q1.pdf` (print edition).
pub async fn issue(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let (text, pdf) = match name.strip_suffix(".pdf") {
        Some(q) => (q, true),
        None => (name.as_str(), false),
    };
    let quarter = Quarter::parse(text).map_err(|_| {
        WebError::not_found(format!(
            "“{text}” is not an issue of the Digest: issues are named by quarter, such as 2025-Q1."
        ))
    })?;
    let published = app
        .store()
        .digest(quarter)
        .await?
        .is_some_and(|d| d.status == DigestStatus::Published);
    if !published {
        return Err(
            WebError::not_found(format!("There is no published Digest for {quarter}.")).into(),
        );
    }
    let edition = cica_digest::collect(app.store(), quarter)
        .await
        .map_err(|e| collect_error(e, quarter))?;
    if pdf {
        let bytes = app.press().pdf(edition).await?;
        let disposition =
            HeaderValue::from_str(&format!("inline; filename=\"cica-digest-{quarter}.pdf\""))
                .unwrap_or_else(|_| HeaderValue::from_static("inline"));
        Ok((
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response())
    } else {
        let links = html::Links {
            home: Some("/digest".to_owned()),
            pdf: Some(format!("/digest/{quarter}.pdf")),
            media_base: "/".to_owned(),
        };
        Ok(Html(html::render(&edition, &links)).into_response())
    }
}

/// `/media/{name}`: an image of the records, such as a photograph printed with a news item.
/// Images are served whether or not the item naming them is published: their names are not
/// listed anywhere but on published pages.
/// `GET /media/{name}`: an image of the records; to the public only when a published item
/// prints it (a draft's photographs are the Secretariat's, whatever their name).
pub async fn media(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let not_found = || WebError::not_found(format!("There is no image “{name}”."));
    let parsed = cica_domain::MediaName::parse(&name).map_err(|_| not_found())?;
    if !actor.is_secretariat() && !app.store().media_published(&parsed).await? {
        return Err(not_found().into());
    }
    let m = app.store().media(&parsed).await?.ok_or_else(not_found)?;
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(m.media_type())),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        Bytes::from(m.bytes),
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// The API: issues as editorial records.

/// An issue's editorial record as the API shows it.
#[derive(serde::Serialize)]
pub struct DigestView {
    quarter: String,
    title: String,
    status: &'static str,
    /// The cover's headlines by news slug; empty: the spotlight items.
    highlights: Vec<String>,
    /// The editor's order of the items, by news slug: those named come first in their section.
    order: Vec<String>,
    /// The editor's spotlight, by news slug; null: the items' own flags.
    spotlight: Option<Vec<String>>,
    foreword: Option<String>,
    foreword_author: Option<String>,
    foreword_title: Option<String>,
    /// `own`: the author's own text, printed over the signature; `reported`: the Secretariat's
    /// account of it, printed without one.
    foreword_kind: &'static str,
    url: String,
    pdf: String,
}

fn digest_view(d: &cica_domain::Digest) -> DigestView {
    let strings = |v: &[cica_domain::Slug]| v.iter().map(ToString::to_string).collect();
    DigestView {
        quarter: d.quarter.to_string(),
        title: d.title.clone(),
        status: d.status.as_str(),
        highlights: strings(&d.highlights),
        order: strings(&d.order),
        spotlight: d.spotlight.as_deref().map(strings),
        foreword: d.foreword.clone(),
        foreword_author: d.foreword_author.as_ref().map(ToString::to_string),
        foreword_title: d.foreword_title.clone(),
        foreword_kind: d.foreword_kind.as_str(),
        url: format!("/digest/{}", d.quarter),
        pdf: format!("/digest/{}.pdf", d.quarter),
    }
}

/// What `PUT /api/v1/digests/{quarter}` takes: the whole record, as its `GET` gives it; what
/// is left out is empty. What the record does not hold (`url`, `pdf`) is accepted and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DigestInput {
    /// Must be the address's when given.
    #[serde(default)]
    quarter: Option<String>,
    #[serde(default, rename = "url")]
    _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "pdf")]
    _pdf: Option<serde::de::IgnoredAny>,
    title: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    highlights: Vec<String>,
    #[serde(default)]
    order: Vec<String>,
    #[serde(default)]
    spotlight: Option<Vec<String>>,
    #[serde(default)]
    foreword: Option<String>,
    #[serde(default)]
    foreword_author: Option<String>,
    #[serde(default)]
    foreword_title: Option<String>,
    /// Required with a foreword: whose words it is.
    #[serde(default)]
    foreword_kind: Option<String>,
}

fn api_quarter(text: &str) -> Result<Quarter, WebError> {
    Quarter::parse(text).map_err(|e| WebError::invalid("quarter", e.to_string()))
}

fn slug_list(field: &str, list: &[String]) -> Result<Vec<cica_domain::Slug>, WebError> {
    list.iter()
        .map(|s| {
            cica_domain::Slug::parse(s.trim())
                .map_err(|_| WebError::invalid(field, format!("`{s}` is not a news item's slug")))
        })
        .collect()
}

/// `GET /api/v1/digests`: the issues, newest first; drafts only for the Secretariat.
pub async fn api_digests(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<axum::Json<crate::api::List<DigestView>>, crate::error::ApiError> {
    crate::params::Params::parse(q.as_deref(), &[], true)?;
    let editor = actor.is_secretariat();
    let mut list = app.store().digests().await?;
    list.retain(|d| editor || d.status == DigestStatus::Published);
    list.sort_by_key(|d| std::cmp::Reverse(d.quarter));
    Ok(axum::Json(crate::api::List {
        items: list.iter().map(digest_view).collect(),
        next: None,
    }))
}

/// `GET /api/v1/digests/{quarter}`.
pub async fn api_digest(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(quarter): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, crate::error::ApiError> {
    let q = Quarter::parse(&quarter)
        .map_err(|_| WebError::not_found(format!("no issue is named `{quarter}`")))?;
    let editor = actor.is_secretariat();
    let (d, version) = app
        .store()
        .digest_versioned(q)
        .await?
        .filter(|(d, _)| editor || d.status == DigestStatus::Published)
        .ok_or_else(|| WebError::not_found(format!("there is no Digest for {q}")))?;
    Ok(crate::versions::for_editors(
        &actor,
        &headers,
        axum::Json(digest_view(&d)).into_response(),
        version,
    ))
}

/// `PUT /api/v1/digests/{quarter}` (an editor): saves an issue's editorial record over the
/// version `If-Match` names, or creates it with `If-None-Match: *`. Items it names must be
/// the issue's; the cover takes 4 to 6 headlines or none.
pub async fn api_save_digest(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(quarter): Path<String>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, crate::error::ApiError> {
    let q = api_quarter(&quarter)?;
    let stored = app.store().digest_versioned(q).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("the {q} issue record"),
    )?;
    let input: DigestInput = crate::write::json(&body)?;
    if let Some(given) = input.quarter.as_deref().map(str::trim)
        && given != q.to_string()
    {
        return Err(WebError::invalid(
            "quarter",
            format!("`{given}` is not this address's issue ({q})"),
        )
        .into());
    }
    let status = match input.status.as_deref().map(str::trim) {
        None => DigestStatus::Draft,
        Some(s) => DigestStatus::parse(s).ok_or_else(|| {
            WebError::invalid("status", format!("`{s}` is not one of: published, draft"))
        })?,
    };
    let foreword_author = input
        .foreword_author
        .as_deref()
        .map(|a| {
            cica_domain::Slug::parse(a.trim()).map_err(|_| {
                WebError::invalid("foreword_author", format!("`{a}` is not a person's slug"))
            })
        })
        .transpose()?;
    let foreword = input
        .foreword
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    // Whose words a foreword is is said, never assumed.
    let foreword_kind = match (input.foreword_kind.as_deref().map(str::trim), &foreword) {
        (Some(k), _) => ForewordKind::parse(k).ok_or_else(|| {
            WebError::invalid(
                "foreword_kind",
                format!("`{k}` is not one of: {}", ForewordKind::expected()),
            )
        })?,
        (None, Some(_)) => {
            return Err(WebError::invalid(
                "foreword_kind",
                "say whose words the foreword is: `own` (the author's own text, printed over the signature) or `reported` (an account of it, printed without one)",
            )
            .into());
        }
        (None, None) => ForewordKind::Reported,
    };
    let previous = stored.map(|(d, _)| d);
    let previous_absent = previous.is_none();
    let d = cica_domain::Digest {
        quarter: q,
        title: input.title.trim().to_owned(),
        status,
        highlights: slug_list("highlights", &input.highlights)?,
        order: slug_list("order", &input.order)?,
        spotlight: input
            .spotlight
            .as_deref()
            .map(|s| slug_list("spotlight", s))
            .transpose()?,
        foreword_author,
        foreword_title: input
            .foreword_title
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty()),
        foreword,
        foreword_kind,
        provenance: previous.map(|p| p.provenance).unwrap_or_default(),
    };
    if let Some(problem) = d.problems().into_iter().next() {
        let (field, message) = problem
            .split_once(": ")
            .unwrap_or(("body", problem.as_str()));
        return Err(WebError::invalid(field, message.to_owned()).into());
    }
    let version = app.uses().save_digest(&actor, &d, expect).await?;
    app.invalidate();
    let mut response = axum::Json(digest_view(&d)).into_response();
    if previous_absent {
        *response.status_mut() = axum::http::StatusCode::CREATED;
        if let Ok(at) = HeaderValue::from_str(&format!("/api/v1/digests/{q}")) {
            response
                .headers_mut()
                .insert(axum::http::header::LOCATION, at);
        }
    }
    Ok(crate::versions::tagged(response, version))
}
