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
use crate::forms::Form;
use crate::input::{Fields, text_of};
use crate::pages::{Layout, PageError};
use crate::record_forms::{Field, FormRecord, Kind, Section, lines, typed};
use crate::state::{AppState, Directory};
use cica_store::{Drafts, Expect, NewsQuery, Version};

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
    /// A draft issue, listed to the Secretariat only, with its record's form.
    draft: bool,
    edit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "digests.html")]
pub struct DigestsPage {
    l: Layout,
    issues: Vec<IssueRow>,
    /// An editor in a signed-in browser: drafts listed, and the forms linked.
    editor: bool,
}

/// `/digest`: the published issues, newest first.
pub async fn digests(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
) -> Result<DigestsPage, PageError> {
    let editor = actor.is_secretariat() && session.is_some();
    let mut list = app.store().digests().await?;
    list.retain(|d| editor || d.status == DigestStatus::Published);
    list.sort_by_key(|d| std::cmp::Reverse(d.quarter));
    let mut issues = Vec::new();
    for d in list {
        let draft = d.status != DigestStatus::Published;
        let edition = match cica_digest::collect(app.store(), d.quarter).await {
            Ok(e) => e,
            // A draft with nothing printed yet is listed to the editors by its record.
            Err(CollectError::Digest(_)) if draft => {
                issues.push(IssueRow {
                    quarter: d.quarter.to_string(),
                    period: d.title.clone(),
                    counts: "no published article yet".into(),
                    highlights: Vec::new(),
                    url: format!("/digest/{}", d.quarter),
                    pdf: format!("/digest/{}.pdf", d.quarter),
                    draft,
                    edit: format!("/digest/{}/edit", d.quarter),
                });
                continue;
            }
            // A published record whose quarter has no articles yet is not listed.
            Err(CollectError::Digest(_)) => continue,
            Err(CollectError::Store(e)) => return Err(e.into()),
        };
        issues.push(IssueRow {
            quarter: d.quarter.to_string(),
            period: edition.period.clone(),
            counts: [
                crate::present::plural(edition.articles().count(), "article", "articles"),
                crate::present::plural(edition.flash.len(), "flash item", "flash items"),
                crate::present::plural(edition.calendar.meetings.len(), "meeting", "meetings"),
                crate::present::plural(edition.calendar.decisions.len(), "decision", "decisions"),
            ]
            .join(" · "),
            highlights: edition.cover.iter().take(4).cloned().collect(),
            url: format!("/digest/{}", d.quarter),
            pdf: format!("/digest/{}.pdf", d.quarter),
            draft,
            edit: format!("/digest/{}/edit", d.quarter),
        });
    }
    Ok(DigestsPage {
        l: Layout::new("Digest", "digest"),
        issues,
        editor,
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
    crate::write::Caller(actor): crate::write::Caller,
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
    let record = app.store().digest(quarter).await?;
    let published = record
        .as_ref()
        .is_some_and(|d| d.status == DigestStatus::Published);
    // The Secretariat reads a draft issue as it would go out: a preview, never kept.
    let preview = !published && record.is_some() && actor.is_secretariat();
    if !published && !preview {
        return Err(
            WebError::not_found(format!("There is no published Digest for {quarter}.")).into(),
        );
    }
    let edition = cica_digest::collect(app.store(), quarter)
        .await
        .map_err(|e| match e {
            CollectError::Digest(DigestError::NoItems(_)) if preview => WebError::not_found(format!(
                "The draft {quarter} issue prints no published news item yet: publish one of its items to read it."
            )),
            e => collect_error(e, quarter),
        })?;
    if pdf {
        let bytes = app.press().pdf(edition).await?;
        let disposition =
            HeaderValue::from_str(&format!("inline; filename=\"cica-digest-{quarter}.pdf\""))
                .unwrap_or_else(|_| HeaderValue::from_static("inline"));
        let r = (
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response();
        Ok(if preview {
            crate::accounts::private(r)
        } else {
            r
        })
    } else {
        let links = html::Links {
            home: Some("/digest".to_owned()),
            pdf: Some(format!("/digest/{quarter}.pdf")),
            media_base: "/media/screen/".to_owned(),
            notice: preview.then(|| {
                (
                    "A draft issue: only the Secretariat sees it, and only its published news items are in it. Publish it from its record once it is ready.".to_owned(),
                    format!("/digest/{quarter}/edit"),
                )
            }),
        };
        let r = Html(html::render(&edition, &links)).into_response();
        Ok(if preview {
            crate::accounts::private(r)
        } else {
            r
        })
    }
}

/// `GET /media/{name}`: an image of the records, such as a photograph printed with a news
/// item, at the size it is printed; to the public only when a published item prints it (a
/// draft's photographs are the Secretariat's, whatever their name).
pub async fn media(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let not_found = || WebError::not_found(format!("There is no image “{name}”."));
    let parsed = cica_domain::MediaName::parse(&name).map_err(|_| not_found())?;
    let published = app.store().media_published(&parsed).await?;
    if !actor.is_secretariat() && !published {
        return Err(not_found().into());
    }
    let m = app.store().media(&parsed).await?.ok_or_else(not_found)?;
    Ok(image_response(m, published))
}

/// `GET /media/screen/{name}`, `/media/thumb/{name}`: the image's copy made for screens (a
/// page's column, a list's thumbnail), to whoever may see the image.
pub async fn media_copy(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    Path((size, name)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let not_found = || WebError::not_found(format!("There is no image “{size}/{name}”."));
    let size = cica_domain::Rendition::parse(&size).ok_or_else(not_found)?;
    let parsed = cica_domain::MediaName::parse(&name).map_err(|_| not_found())?;
    let published = app.store().media_published(&parsed).await?;
    if !actor.is_secretariat() && !published {
        return Err(not_found().into());
    }
    let m = app
        .uses()
        .rendition(&parsed, size)
        .await?
        .ok_or_else(not_found)?;
    Ok(image_response(m, published))
}

/// An image as served: marked for caches to keep a day when a published item prints it
/// (the portal's own response cache may ask them to check again); else (a draft's, shown to
/// the Secretariat) kept by nobody.
fn image_response(m: cica_domain::Media, public: bool) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(m.media_type())),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static(if public {
                    "public, max-age=86400"
                } else {
                    "private, no-store"
                }),
            ),
        ],
        Bytes::from(m.bytes),
    )
        .into_response()
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
pub struct DigestInput {
    /// Must be the address's when given.
    #[serde(default)]
    pub quarter: Option<String>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "pdf")]
    pub _pdf: Option<serde::de::IgnoredAny>,
    pub title: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub order: Vec<String>,
    #[serde(default)]
    pub spotlight: Option<Vec<String>>,
    #[serde(default)]
    pub foreword: Option<String>,
    #[serde(default)]
    pub foreword_author: Option<String>,
    #[serde(default)]
    pub foreword_title: Option<String>,
    /// Required with a foreword: whose words it is.
    #[serde(default)]
    pub foreword_kind: Option<String>,
}

impl DigestInput {
    /// The issue record this input describes for `q`, keeping its sources from `stored`;
    /// every field that cannot be read is refused together, each by its name, with the
    /// record's own rules for the fields that could.
    pub fn digest(
        self,
        q: Quarter,
        stored: Option<&cica_domain::Digest>,
    ) -> Result<cica_domain::Digest, WebError> {
        let mut f = Fields::default();
        if let Some(given) = self.quarter.as_deref().map(str::trim)
            && given != q.to_string()
        {
            f.refuse(
                "quarter",
                format!("`{given}` is not this address's issue ({q})"),
            );
        }
        let status = match text_of(self.status) {
            None => Some(DigestStatus::Draft),
            Some(s) => f.keyword("status", &s, DigestStatus::parse, DigestStatus::expected),
        };
        let foreword_author = f.opt_slug("foreword_author", self.foreword_author.as_deref());
        let foreword = text_of(self.foreword);
        // Whose words a foreword is is said, never assumed.
        let foreword_kind = match (text_of(self.foreword_kind), &foreword) {
            (Some(k), _) => f.keyword(
                "foreword_kind",
                &k,
                ForewordKind::parse,
                ForewordKind::expected,
            ),
            (None, Some(_)) => {
                f.refuse(
                    "foreword_kind",
                    "say whose words the foreword is: `own` (the author's own text, printed over the signature) or `reported` (an account of it, printed without one)",
                );
                None
            }
            (None, None) => Some(ForewordKind::Reported),
        };
        let highlights = f.slugs("highlights", &self.highlights);
        let order = f.slugs("order", &self.order);
        let spotlight = self.spotlight.as_deref().map(|s| f.slugs("spotlight", s));
        let (Some(status), Some(foreword_kind)) = (status, foreword_kind) else {
            return Err(f.refused());
        };
        let d = cica_domain::Digest {
            quarter: q,
            title: self.title.trim().to_owned(),
            status,
            highlights,
            order,
            spotlight,
            foreword_author,
            foreword_title: text_of(self.foreword_title),
            foreword,
            foreword_kind,
            provenance: stored.map(|p| p.provenance.clone()).unwrap_or_default(),
        };
        f.finish(d, cica_app::records::digest_problems)
    }
}

fn api_quarter(text: &str) -> Result<Quarter, WebError> {
    Quarter::parse(text).map_err(|e| WebError::invalid("quarter", e.to_string()))
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
    let d = input.digest(q, stored.as_ref().map(|(d, _)| d))?;
    let version = app.uses().save_digest(&actor, &d, expect).await?;
    Ok(crate::versions::saved(
        &app,
        axum::Json(digest_view(&d)),
        version,
        stored.is_none().then(|| format!("/api/v1/digests/{q}")),
    ))
}

/// The news items an issue may print, drafts included: those filed in its quarter and those
/// assigned to it, by slug.
pub(crate) async fn issue_items(
    app: &AppState,
    quarter: Quarter,
) -> Result<Vec<cica_domain::NewsItem>, WebError> {
    let store = app.store();
    let span = quarter.span();
    let mut items = Vec::new();
    for query in [
        NewsQuery {
            from: Some(span.start()),
            to: Some(span.end()),
            drafts: Drafts::Include,
            limit: 100,
            ..NewsQuery::default()
        },
        NewsQuery {
            issue: Some(quarter),
            drafts: Drafts::Include,
            limit: 100,
            ..NewsQuery::default()
        },
    ] {
        let mut query = query;
        loop {
            let page = store.news(&query).await?;
            items.extend(page.items);
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
    }
    items.sort_by(|a, b| a.slug.cmp(&b.slug));
    items.dedup_by(|a, b| a.slug == b.slug);
    // An item of the quarter assigned to another issue is that issue's.
    items.retain(|n| n.issue.is_none_or(|i| i == quarter));
    Ok(items)
}

#[async_trait::async_trait]
impl FormRecord for cica_domain::Digest {
    type Key = Quarter;
    const WHAT: &'static str = "issue of the Digest";
    const PAGES: &'static str = "/digest";
    const AREA: &'static str = "digest";
    const LIST: (&'static str, &'static str) = ("/digest", "Digest");
    const NEW: &'static str = "Open an issue of the Digest";
    const EDIT: &'static str = "Edit an issue of the Digest";

    fn history_name(key: &Quarter) -> Option<String> {
        Some(format!("digest/{key}"))
    }

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut issue = Vec::new();
        if new {
            issue.push(Field::new("quarter", "Quarter", "e.g. 2025-Q2", Kind::Line));
        }
        issue.extend([
            Field::new(
                "title",
                "Title",
                "as the cover prints it, e.g. Voice of Asia: CICA Digest, April–June 2025",
                Kind::Line,
            ),
            Field::new(
                "status",
                "Status",
                "published: the web edition and the PDF are the public's",
                Kind::Select(vec![
                    ("draft".into(), "Draft".into()),
                    ("published".into(), "Published".into()),
                ]),
            ),
        ]);
        vec![
            Section {
                legend: "The issue",
                fields: issue,
            },
            Section {
                legend: "Cover and order",
                fields: vec![
                    Field::new(
                        "highlights",
                        "Cover headlines",
                        "4 to 6 news items' slugs, one per line, in the cover's order; none: the spotlight items",
                        Kind::Text { rows: 6 },
                    ),
                    Field::new(
                        "spotlight_chosen",
                        "Choose the spotlight here, rather than by the items' own flags",
                        "",
                        Kind::Check,
                    ),
                    Field::new(
                        "spotlight",
                        "Spotlight",
                        "slugs, one per line; ticked above and empty: no spotlight",
                        Kind::Text { rows: 4 },
                    ),
                    Field::new(
                        "order",
                        "Order",
                        "slugs, one per line: these come first in their section, in this order; the others follow",
                        Kind::Text { rows: 8 },
                    ),
                ],
            },
            Section {
                legend: "Foreword",
                fields: vec![
                    Field::new(
                        "foreword_kind",
                        "Whose words",
                        "",
                        Kind::Select(vec![
                            (
                                "reported".into(),
                                "The Secretariat's account of them (printed without a signature)"
                                    .into(),
                            ),
                            (
                                "own".into(),
                                "The author's own text (printed over the signature)".into(),
                            ),
                        ]),
                    ),
                    Field::new(
                        "foreword_author",
                        "Author",
                        "a person's slug, e.g. kairat-sarybay",
                        Kind::Line,
                    ),
                    Field::new("foreword_title", "Title", "optional", Kind::Line),
                    Field::new(
                        "foreword",
                        "Text",
                        "Markdown, a blank line between paragraphs; an author's own words only as the author gave them",
                        Kind::Text { rows: 12 },
                    ),
                ],
            },
        ]
    }

    fn defaults() -> std::collections::BTreeMap<String, String> {
        [
            ("status".to_owned(), "draft".to_owned()),
            ("foreword_kind".to_owned(), "reported".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Quarter {
        self.quarter
    }

    fn parse_key(text: &str) -> Option<Quarter> {
        Quarter::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        format!("{} ({})", self.title, self.quarter)
    }

    fn saved_to(&self, quarter: &Quarter) -> String {
        match self.status {
            DigestStatus::Published => format!("/digest/{quarter}"),
            // A draft may print nothing yet: the list shows it, with its record and preview.
            DigestStatus::Draft => "/digest".to_owned(),
        }
    }

    fn lede(&self) -> String {
        match self.status {
            DigestStatus::Published => {
                "Published: saving changes the public's web edition and PDF at once.".to_owned()
            }
            DigestStatus::Draft => {
                "A draft: only the Secretariat reads it, until its status is Published.".to_owned()
            }
        }
    }

    fn values(&self, _dir: &Directory) -> std::collections::BTreeMap<String, String> {
        let mut v = std::collections::BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        let lines = |list: &[cica_domain::Slug]| {
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        };
        put("title", self.title.clone());
        put("status", self.status.as_str().to_owned());
        put("highlights", lines(&self.highlights));
        if let Some(s) = &self.spotlight {
            put("spotlight_chosen", "on".into());
            put("spotlight", lines(s));
        }
        put("order", lines(&self.order));
        put("foreword_kind", self.foreword_kind.as_str().to_owned());
        put(
            "foreword_author",
            self.foreword_author
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put(
            "foreword_title",
            self.foreword_title.clone().unwrap_or_default(),
        );
        put("foreword", self.foreword.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Quarter>,
        stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let q = match key {
            Some(q) => q,
            None => Quarter::parse(f.v("quarter")).map_err(|_| {
                WebError::Fields(vec![(
                    "quarter".into(),
                    format!(
                        "`{}` is not a quarter of the form 2025-Q2",
                        f.v("quarter").trim()
                    ),
                )])
            })?,
        };
        let foreword = typed(f, "foreword");
        let unticked = (f.v("spotlight_chosen").is_empty() && !f.v("spotlight").trim().is_empty())
            .then(|| {
                (
                    "spotlight".to_owned(),
                    "tick the box above to choose the spotlight here, or empty this field to keep the items' own flags".to_owned(),
                )
            });
        let input = DigestInput {
            quarter: None,
            _url: None,
            _pdf: None,
            title: f.v("title").to_owned(),
            status: typed(f, "status"),
            highlights: lines(f.v("highlights")),
            order: lines(f.v("order")),
            spotlight: (!f.v("spotlight_chosen").is_empty()).then(|| lines(f.v("spotlight"))),
            foreword_kind: typed(f, "foreword_kind"),
            foreword,
            foreword_author: typed(f, "foreword_author"),
            foreword_title: typed(f, "foreword_title"),
        };
        // Slugs typed in the spotlight without the box ticked are refused with the rest.
        match (unticked, input.digest(q, stored)) {
            (None, read) => read,
            (Some(p), Ok(_)) => Err(WebError::Fields(vec![p])),
            (Some(p), Err(WebError::Fields(mut list))) => {
                list.push(p);
                Err(WebError::Fields(list))
            }
            (Some(_), Err(other)) => Err(other),
        }
    }

    async fn stored(app: &AppState, q: &Quarter) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().digest_versioned(*q).await?)
    }

    async fn save(
        uses: &cica_app::App,
        actor: &cica_app::Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, cica_app::AppError> {
        uses.save_digest(actor, record, expect).await
    }

    async fn create(
        uses: &cica_app::App,
        actor: &cica_app::Actor,
        record: Self,
    ) -> Result<(Quarter, Version), cica_app::AppError> {
        let version = uses.save_digest(actor, &record, Expect::Absent).await?;
        Ok((record.quarter, version))
    }

    async fn help(
        app: &AppState,
        record: Option<&Self>,
    ) -> Result<(&'static str, Vec<(String, String)>), WebError> {
        let Some(d) = record else {
            return Ok(("", Vec::new()));
        };
        let items = issue_items(app, d.quarter).await?;
        Ok((
            "The issue's news items",
            items
                .iter()
                .map(|n| {
                    (
                        n.slug.to_string(),
                        format!(
                            "{}{} ({}, {})",
                            n.title,
                            if n.draft {
                                " — draft, not printed until published"
                            } else {
                                ""
                            },
                            n.kind.as_str(),
                            n.date.format("%-d %B %Y"),
                        ),
                    )
                })
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::image_response;

    fn image() -> cica_domain::Media {
        // The smallest JPEG the records accept: its start and end markers.
        let name = cica_domain::MediaName::parse("card.jpg").expect("a name");
        cica_domain::Media::new(name, vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9])
            .expect("an image")
    }

    #[test]
    fn a_drafts_image_is_kept_by_no_cache_and_a_published_one_for_a_day() {
        let header = |public| {
            image_response(image(), public).headers()[axum::http::header::CACHE_CONTROL]
                .to_str()
                .expect("text")
                .to_owned()
        };
        assert_eq!(header(false), "private, no-store");
        assert_eq!(header(true), "public, max-age=86400");
    }
}
