//! The Digest on the portal: the list of issues, each issue's web edition, and its print
//! edition as PDF, typeset on demand.
//!
//! Typesetting takes a noticeable fraction of a second of CPU, so it runs on the blocking
//! pool, one build at a time, and the PDF is kept until the edition's own content changes:
//! the key is a hash of the data the layout reads, so an edit to another quarter (or to a
//! register the edition does not print) does not cause a rebuild.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use cica_digest::{CollectError, DigestError, Edition, Typesetter, html};
use cica_domain::{DigestStatus, Quarter};

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
pub async fn digests(State(app): State<AppState>) -> Result<DigestsPage, PageError> {
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
        };
        Ok(Html(html::render(&edition, &links)).into_response())
    }
}
