//! The documents area: documents and their versions, with who may know of which
//! ([`may_read`]), their word-level diffs, as JSON under `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cica_app::Actor;
use cica_domain::decision::{Document, Proposer};
use cica_store::{DecisionQuery, NewVersion};
use serde::{Deserialize, Serialize};

use crate::api::{ApiResult, List};
use crate::decisions::{DecisionRow, decision_row};
use crate::error::{ApiError, WebError};
use crate::pages::{Layout, Link, PageResult, Ref};
use crate::params::Params;
use crate::present::{Timed, proposer_name, sentence, slug_or_404};
use crate::readers::{Access, access};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat, json};

#[derive(Serialize)]
pub struct VersionView {
    number: u32,
    date: String,
    /// Who put it forward; null when withheld from this reader.
    proposed_by: Option<String>,
    proposed_by_name: Option<String>,
    note: Option<String>,
    /// Whether the platform holds this version's text.
    has_text: bool,
    /// The text, when held and the reader may see it.
    text: Option<String>,
}

#[derive(Serialize)]
pub struct DocumentView {
    slug: String,
    title: String,
    kind: &'static str,
    visibility: &'static str,
    status: &'static str,
    body: Option<String>,
    /// True when proposers, version notes and texts are withheld from this reader.
    restricted: bool,
    versions: Vec<VersionView>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
    url: String,
}

/// A version as a reader may see it: who proposed it, its note and its text only for a reader
/// with full access.
pub(crate) struct VersionModel<'a> {
    pub record: &'a cica_domain::decision::DocumentVersion,
    pub proposer: Option<String>,
}

/// A document as one reader may see it, resolved once; the API's view, the list's row and the
/// document's page are all built from it.
pub(crate) struct DocumentModel<'a> {
    pub record: &'a Document,
    /// Whether proposers, version notes and texts are shown to this reader.
    pub readable: bool,
    pub body: Option<Ref>,
    pub versions: Vec<VersionModel<'a>>,
}

impl<'a> DocumentModel<'a> {
    pub(crate) fn new(record: &'a Document, dir: &Directory, access: Access) -> Self {
        let readable = access == Access::Full;
        DocumentModel {
            record,
            readable,
            body: record.body.as_ref().map(|b| Ref::body(dir, b)),
            versions: record
                .versions
                .iter()
                .map(|v| VersionModel {
                    record: v,
                    proposer: readable.then(|| proposer_name(&v.proposed_by, dir)),
                })
                .collect(),
        }
    }

    fn url(&self) -> String {
        format!("/documents/{}", self.record.slug)
    }

    /// A version's note, for a reader who may see it.
    fn note(&self, v: &VersionModel<'_>) -> Option<String> {
        v.record.note.clone().filter(|_| self.readable)
    }

    pub(crate) fn view(&self) -> DocumentView {
        let d = self.record;
        DocumentView {
            slug: d.slug.to_string(),
            title: d.title.clone(),
            kind: d.kind.as_str(),
            visibility: d.visibility.as_str(),
            status: d.status.as_str(),
            body: self.body.as_ref().map(|b| b.key.clone()),
            restricted: !self.readable,
            versions: self
                .versions
                .iter()
                .map(|v| VersionView {
                    number: v.record.number,
                    date: v.record.date.iso(),
                    proposed_by: v
                        .proposer
                        .as_ref()
                        .map(|_| v.record.proposed_by.to_string()),
                    proposed_by_name: v.proposer.clone(),
                    note: self.note(v),
                    has_text: v.record.text.is_some(),
                    text: v.record.text.clone().filter(|_| self.readable),
                })
                .collect(),
            unconfirmed: d.provenance.unconfirmed,
            note: d.provenance.note.clone(),
            sources: d.provenance.sources.clone(),
            url: self.url(),
        }
    }

    fn row(&self) -> DocumentRow {
        let d = self.record;
        DocumentRow {
            url: self.url(),
            title: d.title.clone(),
            kind: d.kind.as_str().replace('-', " "),
            status: d.status.as_str().replace('-', " "),
            visibility: d.visibility.as_str().replace('-', " "),
            latest: self
                .versions
                .iter()
                .max_by_key(|v| v.record.number)
                .map(|v| {
                    let numbered = Timed::plain(format!("version {} · ", v.record.number))
                        .then(Timed::partial(v.record.date));
                    match &v.proposer {
                        Some(by) => numbered.then(format!(" · {by}").as_str()),
                        None => numbered,
                    }
                })
                .unwrap_or_default(),
        }
    }

    fn version_rows(&self) -> Vec<VersionRow> {
        self.versions
            .iter()
            .map(|v| VersionRow {
                number: v.record.number,
                date: Timed::partial(v.record.date),
                by: v.proposer.clone().unwrap_or_default(),
                note: Timed::prose(self.note(v).unwrap_or_default()),
                has_text: v.record.text.is_some(),
            })
            .collect()
    }
}

/// The documents this reader may know of, each with what it may see of it: the list of the
/// API, the documents page and the documents' export alike.
pub(crate) async fn readable_documents(
    app: &AppState,
    actor: &Actor,
) -> Result<Vec<(Document, Access)>, WebError> {
    Ok(app
        .store()
        .documents()
        .await?
        .into_iter()
        .filter_map(|d| match access(actor, d.visibility) {
            Access::Hidden => None,
            a => Some((d, a)),
        })
        .collect())
}

pub async fn api_documents(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<DocumentView>> {
    Params::parse(q.as_deref(), &[], true)?;
    let dir = app.directory();
    let items = readable_documents(&app, &actor)
        .await?
        .iter()
        .map(|(d, a)| DocumentModel::new(d, &dir, *a).view())
        .collect();
    Ok(Json(List { items, next: None }))
}

/// The document, unless it does not exist or this reader may not know of it.
pub(crate) async fn find_document(
    app: &AppState,
    actor: &Actor,
    slug: &str,
) -> Result<(Document, Access), WebError> {
    let s = slug_or_404(slug, "document")?;
    let not_found = || WebError::not_found(format!("no document has the slug `{s}`"));
    let d = app.store().document(&s).await?.ok_or_else(not_found)?;
    match access(actor, d.visibility) {
        Access::Hidden => Err(not_found()),
        a => Ok((d, a)),
    }
}

pub async fn api_document(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let s = slug_or_404(&slug, "document")?;
    let not_found = || WebError::not_found(format!("no document has the slug `{s}`"));
    // The version is read before the document: a save between the two makes the tag older
    // than the text, so a save over it is refused rather than undoing the other.
    let (d, version) = app
        .store()
        .document_versioned(&s)
        .await?
        .ok_or_else(not_found)?;
    let a = access(&actor, d.visibility);
    if a == Access::Hidden {
        return Err(not_found().into());
    }
    let answer = Json(DocumentModel::new(&d, &app.directory(), a).view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, answer, version,
    ))
}

// ---------------------------------------------------------------------------------------------
// Editing documents over the API, by the convention of `docs/api.md` ("Editing records").

/// One version as sent: the fields a read gives. A version without `number` is numbered
/// after the others; one without `date` is dated today.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub date: Option<String>,
    pub proposed_by: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Left out: the text recorded for this version (so a save of a long document need not
    /// send its texts again); null: the platform does not hold it.
    #[serde(default, deserialize_with = "crate::input::present")]
    pub text: Option<Option<String>>,
    #[serde(default, rename = "proposed_by_name")]
    pub _proposed_by_name: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "has_text")]
    pub _has_text: Option<serde::de::IgnoredAny>,
}

impl VersionInput {
    /// A version recorded, as a read gives it to an editor.
    pub fn of(v: &cica_domain::decision::DocumentVersion) -> Self {
        VersionInput {
            number: Some(v.number),
            date: Some(v.date.iso()),
            proposed_by: v.proposed_by.to_string(),
            note: v.note.clone(),
            text: Some(v.text.clone()),
            _proposed_by_name: None,
            _has_text: None,
        }
    }
}

/// What a save of a document takes: the JSON its `GET` gives an editor, changed. `restricted`
/// and `url` are accepted as read and ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    #[serde(default)]
    pub slug: Option<String>,
    pub title: String,
    pub kind: String,
    pub visibility: String,
    pub status: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub versions: Vec<VersionInput>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "restricted")]
    pub _restricted: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

/// The largest document a save takes: its versions' texts with room to spare (`413` above).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

impl DocumentInput {
    /// The document this input describes at `slug`, a version without a day dated `today`
    /// (refused when there is none to give), a version without its text taking the one
    /// `stored` records for it; every field that cannot be read is refused together, each by
    /// its name, with the document's own rules for the rest.
    pub fn document(
        self,
        slug: cica_domain::Slug,
        today: Option<chrono::NaiveDate>,
        stored: Option<&Document>,
    ) -> Result<Document, WebError> {
        use cica_domain::decision::{DocumentKind, DocumentStatus, DocumentVersion, Visibility};
        let mut f = crate::input::Fields::default();
        if let Some(given) = self.slug.as_deref().map(str::trim)
            && given != slug.as_str()
        {
            f.refuse(
                "slug",
                format!("`{given}` is not this address's (`{slug}`)"),
            );
        }
        let kind = f.keyword(
            "kind",
            &self.kind,
            DocumentKind::parse,
            DocumentKind::expected,
        );
        let visibility = f.keyword(
            "visibility",
            &self.visibility,
            Visibility::parse,
            Visibility::expected,
        );
        let status = f.keyword(
            "status",
            &self.status,
            DocumentStatus::parse,
            DocumentStatus::expected,
        );
        let body = f.opt_slug("body", self.body.as_deref());
        let mut versions = Vec::new();
        if self.versions.len() > Document::MAX_VERSIONS {
            f.refuse(
                "versions",
                format!(
                    "a document records at most {} versions",
                    Document::MAX_VERSIONS
                ),
            );
        } else {
            for (i, v) in self.versions.into_iter().enumerate() {
                let by = Proposer::parse(v.proposed_by.trim());
                if by.is_none() {
                    f.refuse(
                        format!("versions[{i}].proposed_by"),
                        format!(
                            "`{}` is not a state code, `chair`, `secretariat` or `body:<slug>`",
                            v.proposed_by
                        ),
                    );
                }
                let field = format!("versions[{i}].date");
                let date = match f.partial(field.clone(), v.date) {
                    Some(None) => {
                        let today = today.map(cica_domain::PartialDate::Day);
                        if today.is_none() {
                            f.refuse(field, "give the day (or month, or year) of this version");
                        }
                        today
                    }
                    read => read.flatten(),
                };
                let recorded = stored.and_then(|d| d.versions.get(i));
                // A version refused keeps its place, so the rules name the others by their own
                // numbers; the refusal is what is answered.
                versions.push(DocumentVersion {
                    number: v.number.unwrap_or(u32::try_from(i + 1).unwrap_or(u32::MAX)),
                    date: date.unwrap_or(cica_domain::PartialDate::Year(1990)),
                    proposed_by: by.unwrap_or(Proposer::Secretariat),
                    // As sent: a version recorded is compared with what it was, exactly.
                    note: v.note,
                    text: match v.text {
                        Some(text) => text,
                        None => recorded.and_then(|r| r.text.clone()),
                    },
                });
            }
        }
        let (Some(kind), Some(visibility), Some(status)) = (kind, visibility, status) else {
            return Err(f.refused());
        };
        let d = Document {
            slug,
            title: self.title.trim().to_owned(),
            kind,
            visibility,
            status,
            body,
            versions,
            provenance: crate::input::provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(d, cica_app::records::document_problems)
    }
}

fn document_saved(
    app: &AppState,
    d: &Document,
    version: cica_store::Version,
    created: bool,
) -> Response {
    crate::versions::saved(
        app,
        Json(DocumentModel::new(d, &app.directory(), Access::Full).view()),
        version,
        created.then(|| format!("/api/v1/documents/{}", d.slug)),
    )
}

/// `PUT /api/v1/documents/{slug}` (an editor): saves the document over the version `If-Match`
/// names, or creates it here with `If-None-Match: *`.
pub async fn api_save_document(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let slug = crate::api::path_slug(&slug, "document")?;
    let stored = app.store().document_versioned(&slug).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("document `{slug}`"),
    )?;
    let input: DocumentInput = json(&body)?;
    let d = input.document(slug, Some(app.today()), stored.as_ref().map(|(d, _)| d))?;
    let version = app.uses().save_document(&actor, &d, expect).await?;
    Ok(document_saved(&app, &d, version, stored.is_none()))
}

/// `POST /api/v1/documents` (an editor): records a document at the slug its title gives:
/// `201` with its `Location`.
pub async fn api_create_document(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: DocumentInput = json(&body)?;
    if input.slug.is_some() {
        return Err(WebError::invalid(
            "slug",
            "a new document's slug comes from its title; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder =
        cica_domain::Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut d = input.document(placeholder, Some(app.today()), None)?;
    let (slug, version) = app.uses().create_document(&actor, d.clone()).await?;
    d.slug = slug;
    Ok(document_saved(&app, &d, version, true))
}

#[derive(Serialize, Clone)]
pub struct Change {
    /// `equal`, `insert` or `delete`.
    op: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct DiffView {
    document: String,
    from: u32,
    to: u32,
    changes: Vec<Change>,
}

pub use cica_app::diff::word_diff;

pub(crate) fn diff(old: &str, new: &str) -> Vec<Change> {
    word_diff(old, new)
        .into_iter()
        .map(|(op, text)| Change { op, text })
        .collect()
}

/// What a request to compare two versions gets.
pub(crate) enum Comparison {
    /// No versions named.
    NotAsked,
    Shown(DiffView),
    /// The versions exist and may be read, but the platform holds no text of some of them:
    /// the parameter naming the first such version, and the sentence that says so.
    TextsNotHeld(&'static str, String),
}

pub(crate) fn diff_of(d: &Document, p: &Params, readable: bool) -> Result<Comparison, WebError> {
    let number = |name: &str| -> Result<Option<u32>, WebError> {
        p.get(name)
            .map(|v| {
                v.parse::<u32>()
                    .map_err(|_| WebError::invalid(name, format!("`{v}` is not a version number")))
            })
            .transpose()
    };
    let (Some(from), Some(to)) = (number("from")?, number("to")?) else {
        return Ok(Comparison::NotAsked);
    };
    let text = |n: u32, name: &str| -> Result<Option<String>, WebError> {
        let v = d
            .version(n)
            .ok_or_else(|| WebError::invalid(name, format!("the document has no version {n}")))?;
        if !readable {
            return Err(WebError::Forbidden(format!(
                "the text of “{}” is {}; it is not shown here",
                d.title,
                d.visibility.as_str().replace('-', " ")
            )));
        }
        Ok(v.text.clone())
    };
    match (text(from, "from")?, text(to, "to")?) {
        (Some(old), Some(new)) => Ok(Comparison::Shown(DiffView {
            document: d.slug.to_string(),
            from,
            to,
            changes: diff(&old, &new),
        })),
        (old, new) => {
            let parameter = if old.is_none() { "from" } else { "to" };
            let why = if from == to {
                format!(
                    "the platform does not hold the text of version {from}; the register records only that it exists"
                )
            } else {
                let missing: Vec<String> = [(from, old.is_none()), (to, new.is_none())]
                    .into_iter()
                    .filter(|(_, lacks)| *lacks)
                    .map(|(n, _)| n.to_string())
                    .collect();
                format!(
                    "the platform does not hold the text of version {}, so versions {from} and {to} cannot be compared; the register records only that {}",
                    missing.join(" or "),
                    if missing.len() == 1 {
                        "it exists"
                    } else {
                        "they exist"
                    }
                )
            };
            Ok(Comparison::TextsNotHeld(parameter, why))
        }
    }
}

pub async fn api_document_diff(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<DiffView> {
    let p = Params::parse(q.as_deref(), &["from", "to"], true)?;
    let (d, a) = find_document(&app, &actor, &slug).await?;
    match diff_of(&d, &p, a == Access::Full)? {
        Comparison::Shown(view) => Ok(Json(view)),
        Comparison::NotAsked => Err(ApiError(WebError::invalid(
            "from",
            "give both `from` and `to` version numbers",
        ))),
        Comparison::TextsNotHeld(parameter, why) => {
            Err(ApiError(WebError::invalid(parameter, why)))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionBody {
    proposed_by: String,
    date: Option<String>,
    note: Option<String>,
    text: String,
}

pub async fn api_add_version(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: VersionBody = json(&body)?;
    let s = slug_or_404(&slug, "document")?;
    let proposed_by = Proposer::parse(b.proposed_by.trim()).ok_or_else(|| {
        WebError::invalid(
            "proposed_by",
            format!(
                "`{}` is not a state code, `chair`, `secretariat` or `body:<slug>`",
                b.proposed_by
            ),
        )
    })?;
    if let Proposer::State(c) = &proposed_by
        && !app.directory().states.contains_key(c)
    {
        return Err(ApiError(WebError::invalid(
            "proposed_by",
            format!("no state has the code `{c}`"),
        )));
    }
    let date = match b.date.as_deref() {
        Some(d) => cica_domain::parse_day(d).map_err(|_| {
            WebError::invalid(
                "date",
                format!("`{d}` is not a date of the form YYYY-MM-DD"),
            )
        })?,
        None => app.today(),
    };
    if b.text.trim().is_empty() {
        return Err(ApiError(WebError::invalid("text", "must not be empty")));
    }
    let v = app
        .uses()
        .add_document_version(
            &actor,
            &s,
            NewVersion {
                date,
                proposed_by,
                note: b.note,
                text: Some(b.text),
            },
        )
        .await?;
    app.invalidate();
    let (d, _) = find_document(&app, &actor, &slug).await?;
    let view = DocumentModel::new(&d, &app.directory(), Access::Full).view();
    Ok((
        StatusCode::CREATED,
        [("location", format!("/documents/{s}?version={}", v.number))],
        Json(view),
    )
        .into_response())
}

pub struct DocumentRow {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub visibility: String,
    pub latest: Timed,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    l: Layout,
    rows: Vec<DocumentRow>,
}

pub async fn documents_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Caller(actor): Caller,
) -> PageResult<DocumentsPage> {
    let dir = app.directory();
    let rows = readable_documents(&app, &actor)
        .await?
        .iter()
        .map(|(d, a)| DocumentModel::new(d, &dir, *a).row())
        .collect();
    Ok(DocumentsPage {
        l: Layout::new("Documents", "documents"),
        rows,
    })
}

pub struct VersionRow {
    pub number: u32,
    pub date: Timed,
    pub by: String,
    pub note: Timed,
    pub has_text: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "document.html")]
pub struct DocumentPage {
    l: Layout,
    /// Why the versions asked for cannot be compared, when they cannot.
    not_comparable: String,
    slug: String,
    title: String,
    kind: String,
    status: String,
    visibility: String,
    restricted: bool,
    body: Option<Link>,
    note: Timed,
    versions: Vec<VersionRow>,
    comparable: bool,
    from: u32,
    to: u32,
    diff: Vec<Change>,
    latest_text: Vec<String>,
    decisions: Vec<DecisionRow>,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
}

pub async fn document_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult<DocumentPage> {
    let p = Params::parse(q.as_deref(), &["from", "to", "version"], true)?;
    let (d, a) = find_document(&app, &actor, &slug)
        .await
        .map_err(|_| WebError::not_found(format!("There is no document “{slug}”.")))?;
    let dir = app.directory();
    let model = DocumentModel::new(&d, &dir, a);
    let readable = model.readable;
    let (diff, not_comparable) = match diff_of(&d, &p, readable)? {
        Comparison::Shown(view) => (Some(view), String::new()),
        Comparison::NotAsked => (None, String::new()),
        Comparison::TextsNotHeld(_, why) => (None, sentence(&why)),
    };
    let with_text: Vec<u32> = d
        .versions
        .iter()
        .filter(|v| v.text.is_some())
        .map(|v| v.number)
        .collect();
    let decisions = app
        .store()
        .decisions(&DecisionQuery {
            limit: 1000,
            ..DecisionQuery::default()
        })
        .await?;
    let history =
        crate::accounts::history(&app, &actor, &format!("document/{}", d.slug), None).await?;
    Ok(DocumentPage {
        editor: actor.is_secretariat() && session.is_some(),
        history,
        csrf: crate::accounts::form_token(session.as_ref()),
        l: Layout::new(&d.title, "documents"),
        slug: d.slug.to_string(),
        title: d.title.clone(),
        kind: d.kind.as_str().replace('-', " "),
        status: d.status.as_str().replace('-', " "),
        visibility: d.visibility.as_str().replace('-', " "),
        restricted: !readable,
        body: model.body.as_ref().map(Ref::link),
        note: Timed::prose(d.provenance.note.clone().unwrap_or_default()),
        versions: model.version_rows(),
        comparable: readable && with_text.len() >= 2,
        from: diff.as_ref().map_or_else(
            || with_text.iter().rev().nth(1).copied().unwrap_or(1),
            |x| x.from,
        ),
        to: diff
            .as_ref()
            .map_or_else(|| with_text.last().copied().unwrap_or(1), |x| x.to),
        diff: diff.map(|x| x.changes).unwrap_or_default(),
        not_comparable,
        latest_text: if readable {
            d.latest()
                .and_then(|v| v.text.as_deref())
                .map(|t| cica_domain::paragraphs(t).map(str::to_owned).collect())
                .unwrap_or_default()
        } else {
            vec![]
        },
        decisions: decisions
            .items
            .iter()
            .filter(|x| x.document.as_ref().is_some_and(|(s, _)| *s == d.slug))
            .map(|x| decision_row(x, &dir))
            .collect(),
    })
}
