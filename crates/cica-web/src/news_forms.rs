//! The editors' forms for news items: writing a new one (`/news/new`) and changing one
//! (`/news/{slug}/edit`). Each form calls the use case the API calls, through the same reading
//! of fields ([`NewsInput`]), so a form and the API refuse the same things with the same words;
//! a refusal is shown next to its field with everything typed kept. A save names the version
//! the form was opened on, and the form carries the values it was opened with (`base.*`):
//! when someone saved in between, nothing is written and the form shows, under each field,
//! what they saved where it differs from what the form was opened with; saving again then
//! saves over it knowingly. To anyone but the Secretariat these addresses do not exist (404).
//! They work without scripts.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cica_app::AppError;
use cica_domain::{NewsItem, Slug};
use cica_store::{Expect, Version};

use crate::accounts::{private, render, see_other};
use crate::error::WebError;
use crate::forms::{Form, capitalised, fields, form_of, noted};
use crate::news::{BodyInput, DatelineInput, NewsInput, PhotoInput};
use crate::pages::{Layout, PageError};
use crate::state::AppState;
use crate::write::{BrowserSession, Editor, form_session};

/// The largest form accepted: a body of the most characters a save takes, each up to four
/// bytes and percent-encoded, twice (as typed, and as the form was opened with), with room
/// for the other fields.
pub const BODY_LIMIT: usize = cica_app::news::MAX_BODY * 12 * 2 + 64 * 1024;

/// A photograph of the item as the form shows it.
pub struct PhotoRow {
    pub index: usize,
    pub url: String,
    /// The names of its fields.
    pub media: String,
    pub caption: String,
    pub credit: String,
    pub alt: String,
    pub remove: String,
    /// The ids of its fields.
    pub caption_id: String,
    pub credit_id: String,
    pub alt_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "news_form.html")]
struct NewsFormPage {
    l: Layout,
    csrf: String,
    /// Where the form is sent.
    action: String,
    /// The item's page and headline, when it exists.
    item_url: String,
    item_title: String,
    /// Whether the item is published (a save changes its public page at once).
    published: bool,
    /// The version the form was opened on (empty for a new item).
    version: String,
    /// The values the form was opened with, carried in hidden fields.
    base: Vec<(String, String)>,
    f: Form,
    /// What someone else saved meanwhile, by field, after a refused save.
    theirs: Theirs,
    photos: Vec<PhotoRow>,
    kinds: Vec<(&'static str, &'static str)>,
    /// The form that adds a photograph (an item that exists only), with its refusals.
    add: Form,
}

/// What someone else saved, by field, where it differs from what the form was opened with.
pub struct Theirs(BTreeMap<String, String>);

impl Theirs {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    vec![("article", "Article"), ("brief", "Brief (Flash Briefing)")]
}

fn list(items: &[impl ToString]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields compared after someone else's save: every field of the form but the
/// photographs' own, which are compared together as `photos`.
const COMPARED: [&str; 19] = [
    "title",
    "kind",
    "date",
    "date_confirmed",
    "date_note",
    "dateline.place",
    "dateline.start",
    "dateline.end",
    "states",
    "bodies",
    "people",
    "organizations",
    "spotlight",
    "activities",
    "issue",
    "language",
    "source",
    "body",
    "photos",
];

/// The photographs of a stored item in one line each, as compared and shown.
fn photo_summary(n: &NewsItem) -> String {
    n.photos
        .iter()
        .map(|p| {
            format!(
                "{}: {}{}{}",
                p.media,
                p.caption,
                p.credit
                    .as_deref()
                    .map_or(String::new(), |c| format!(" (credit: {c})")),
                p.alt
                    .as_deref()
                    .map_or(String::new(), |a| format!(" [shows: {a}]"))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form's fields for a stored item, as an editor would have typed them.
fn values(n: &NewsItem) -> BTreeMap<String, String> {
    let mut v: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |k: &str, x: String| {
        v.insert(k.to_owned(), x);
    };
    put("title", n.title.clone());
    put("kind", n.kind.as_str().to_owned());
    put("date", n.date.format("%Y-%m-%d").to_string());
    if n.date_confirmed {
        put("date_confirmed", "on".into());
    }
    put("date_note", n.date_note.clone().unwrap_or_default());
    if let Some(d) = &n.dateline {
        put("dateline.place", d.place.clone());
        put(
            "dateline.start",
            d.span.start().format("%Y-%m-%d").to_string(),
        );
        if d.span.end() != d.span.start() {
            put("dateline.end", d.span.end().format("%Y-%m-%d").to_string());
        }
    }
    put("states", list(&n.states));
    put("bodies", list(&n.bodies));
    put("people", list(&n.people));
    put("organizations", list(&n.organizations));
    if n.spotlight {
        put("spotlight", "on".into());
    }
    if n.activities {
        put("activities", "on".into());
    }
    put("issue", n.issue.map(|q| q.to_string()).unwrap_or_default());
    put("language", n.language.clone());
    put("source", n.source.clone());
    put("body", n.body.clone());
    for (i, p) in n.photos.iter().enumerate() {
        put(&format!("photos[{i}].media"), p.media.to_string());
        put(&format!("photos[{i}].caption"), p.caption.clone());
        put(
            &format!("photos[{i}].credit"),
            p.credit.clone().unwrap_or_default(),
        );
        put(
            &format!("photos[{i}].alt"),
            p.alt.clone().unwrap_or_default(),
        );
    }
    v
}

/// The values a form is opened with, as its hidden `base.*` fields carry them.
fn base_of(n: &NewsItem) -> Vec<(String, String)> {
    let v = values(n);
    let mut out: Vec<(String, String)> = COMPARED
        .iter()
        .filter(|k| **k != "photos")
        .map(|k| ((*k).to_owned(), v.get(*k).cloned().unwrap_or_default()))
        .collect();
    out.push(("photos".into(), photo_summary(n)));
    out.push((
        "status".into(),
        if n.draft { "draft" } else { "published" }.into(),
    ));
    out
}

/// The base values a sent form carries (empty when it carries none).
fn base_sent(f: &Form) -> Vec<(String, String)> {
    f.values
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("base.").map(|k| (k.to_owned(), v.clone())))
        .collect()
}

fn photo_rows(f: &Form) -> Vec<PhotoRow> {
    (0..)
        .map_while(|i| {
            let media = f.v(&format!("photos[{i}].media"));
            (!media.is_empty()).then(|| PhotoRow {
                index: i,
                url: format!("/media/thumb/{media}"),
                media: format!("photos[{i}].media"),
                caption: format!("photos[{i}].caption"),
                credit: format!("photos[{i}].credit"),
                alt: format!("photos[{i}].alt"),
                remove: format!("photos[{i}].remove"),
                caption_id: format!("f-photo-{i}-caption"),
                credit_id: format!("f-photo-{i}-credit"),
                alt_id: format!("f-photo-{i}-alt"),
            })
        })
        .collect()
}

/// Keys typed in one field, separated by commas or spaces.
fn keys(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The input the form describes, read as the API reads its JSON, and for each photograph the
/// input keeps, its number in the form (those ticked for removal are left out).
fn input(f: &Form) -> (NewsInput, Vec<usize>) {
    let text = |k: &str| Some(f.v(k).to_owned()).filter(|t| !t.trim().is_empty());
    let checked = |k: &str| !f.v(k).is_empty();
    let dateline = match (
        text("dateline.place"),
        text("dateline.start"),
        text("dateline.end"),
    ) {
        (None, None, None) => None,
        (place, start, end) => Some(DatelineInput {
            place: place.unwrap_or_default(),
            start: start.unwrap_or_default(),
            end,
        }),
    };
    let (kept, photos): (Vec<usize>, Vec<PhotoInput>) = (0..)
        .map_while(|i| {
            let k = |field: &str| format!("photos[{i}].{field}");
            let media = text(&k("media"))?;
            Some((
                i,
                checked(&k("remove")),
                PhotoInput {
                    media: Some(media),
                    url: None,
                    caption: f.v(&k("caption")).to_owned(),
                    credit: text(&k("credit")),
                    alt: text(&k("alt")),
                },
            ))
        })
        .filter(|(_, removed, _)| !removed)
        .map(|(i, _, p)| (i, p))
        .unzip();
    let input = NewsInput {
        slug: None,
        title: f.v("title").to_owned(),
        kind: text("kind"),
        date: text("date"),
        date_confirmed: checked("date_confirmed"),
        date_note: text("date_note"),
        dateline,
        states: keys(&f.v("states").to_uppercase()),
        bodies: keys(f.v("bodies")),
        people: keys(f.v("people")),
        organizations: keys(f.v("organizations")),
        spotlight: checked("spotlight"),
        activities: checked("activities"),
        issue: text("issue"),
        language: text("language"),
        source: f.v("source").to_owned(),
        body: BodyInput::Text(f.v("body").to_owned()),
        photos,
        _url: None,
        _status: None,
    };
    (input, kept)
}

/// A field named by a refusal, with a photograph's number put back to the form's own
/// (`photos[0].alt` of the photographs kept is the form's `photos[2].alt` when two before
/// it were ticked for removal).
fn form_field(field: &str, kept: &[usize]) -> String {
    let Some(rest) = field.strip_prefix("photos[") else {
        return field.to_owned();
    };
    let Some((n, tail)) = rest.split_once(']') else {
        return field.to_owned();
    };
    match n.parse::<usize>().ok().and_then(|i| kept.get(i)) {
        Some(i) => format!("photos[{i}]{tail}"),
        None => field.to_owned(),
    }
}

/// A dateline's start left empty is named as such, not as a malformed day.
fn precheck(f: &mut Form) {
    let place = f.v("dateline.place").trim().is_empty();
    let start = f.v("dateline.start").trim().is_empty();
    if !place && start {
        f.refuse("dateline.start", "give the first day the dateline prints");
    }
    if place && (!start || !f.v("dateline.end").trim().is_empty()) {
        f.refuse(
            "dateline.place",
            "a dateline names its place; leave its days empty if the text prints none",
        );
    }
}

/// Puts the refusals of fields next to them; a refusal of no field goes above the form.
fn refuse_all(f: &mut Form, list: Vec<(String, String)>, kept: &[usize]) {
    for (field, problem) in list {
        let field = form_field(&field, kept);
        if field.starts_with("photos[")
            || f.values.contains_key(&field)
            || COMPARED.contains(&field.as_str())
        {
            f.refuse(&field, problem);
        } else {
            f.message = capitalised(&format!("{field}: {problem}"));
        }
    }
}

/// Puts a refusal of the use case next to its field; a refusal of no field goes above.
fn refused(f: &mut Form, e: AppError, kept: &[usize]) -> Result<(), PageError> {
    match e {
        AppError::Fields(list) => refuse_all(f, list, kept),
        AppError::Invalid { field, problem } => refuse_all(f, vec![(field, problem)], kept),
        AppError::Rejected(m) => match m.split_once(": ") {
            Some((field, problem)) => refuse_all(f, vec![(field.into(), problem.into())], kept),
            None => f.message = capitalised(&m),
        },
        AppError::Conflict(m) => f.message = capitalised(&m),
        other => return Err(other.into()),
    }
    Ok(())
}

fn refused_web(f: &mut Form, e: WebError, kept: &[usize]) -> Result<(), PageError> {
    match e {
        WebError::Fields(list) => {
            refuse_all(f, list, kept);
            Ok(())
        }
        other => Err(PageError(other)),
    }
}

/// What `stored` holds where it differs from what the form was opened with (`base`), or,
/// for a form that carries no base, from what was typed: by field, as shown.
fn differences(f: &Form, base: &[(String, String)], stored: &NewsItem) -> BTreeMap<String, String> {
    let now = values(stored);
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    // A browser sends the line breaks of a field as CR LF.
    let lines = |t: &str| t.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let opened = |k: &str| -> String {
        match base.iter().find(|(b, _)| b == k) {
            Some((_, v)) => v.clone(),
            None if k == "photos" => String::new(),
            None => f.v(k).to_owned(),
        }
    };
    COMPARED
        .iter()
        .filter_map(|k| {
            let saved = if *k == "photos" {
                photo_summary(stored)
            } else {
                now.get(*k).cloned().unwrap_or_default()
            };
            let before = opened(k);
            let differs = match *k {
                "date_confirmed" | "spotlight" | "activities" => {
                    saved.is_empty() != before.is_empty()
                }
                "states" | "bodies" | "people" | "organizations" => {
                    keys(&saved.to_uppercase()) != keys(&before.to_uppercase())
                }
                "photos" => !base.is_empty() && lines(&saved) != lines(&before),
                _ => norm(&saved) != norm(&before),
            };
            differs.then(|| {
                let shown = match *k {
                    "date_confirmed" | "spotlight" | "activities" => if saved.is_empty() {
                        "not ticked"
                    } else {
                        "ticked"
                    }
                    .to_owned(),
                    "photos" if saved.is_empty() => "no photographs".to_owned(),
                    _ if saved.is_empty() => "(empty)".to_owned(),
                    _ => saved,
                };
                ((*k).to_owned(), shown)
            })
        })
        .collect()
}

/// The form of a stored item as it is, to show after a photograph was refused or added.
struct AsStored {
    f: Form,
    base: Vec<(String, String)>,
    version: Version,
}

fn as_stored(n: &NewsItem, version: Version) -> AsStored {
    AsStored {
        f: Form::filled(values(n)),
        base: base_of(n),
        version,
    }
}

/// The item a form edits: its address, as saved, the version the form stands on and the
/// values it was opened with. None: a new item's form.
struct Editing<'a> {
    slug: &'a Slug,
    item: &'a NewsItem,
    version: Version,
    base: Vec<(String, String)>,
}

fn page(
    csrf: String,
    editing: Option<Editing<'_>>,
    f: Form,
    theirs: BTreeMap<String, String>,
    add: Form,
    status: StatusCode,
) -> Response {
    let (heading, action) = match &editing {
        Some(e) => ("Edit a news item", format!("/news/{}/edit", e.slug)),
        None => ("Write a news item", "/news/new".to_owned()),
    };
    let photos = photo_rows(&f);
    private(render(
        NewsFormPage {
            l: Layout::new(heading, "news"),
            csrf,
            action,
            item_url: editing
                .as_ref()
                .map_or(String::new(), |e| format!("/news/{}", e.slug)),
            item_title: editing
                .as_ref()
                .map_or(String::new(), |e| e.item.title.clone()),
            published: editing.as_ref().is_some_and(|e| !e.item.draft),
            version: editing
                .as_ref()
                .map(|e| e.version.to_string())
                .unwrap_or_default(),
            base: editing.map(|e| e.base).unwrap_or_default(),
            f,
            theirs: Theirs(theirs),
            photos,
            kinds: kinds(),
            add,
        },
        status,
    ))
}

/// `GET /news/new`: the form for a new item (a draft until published).
pub async fn new_form(
    State(app): State<AppState>,
    Editor(_): Editor,
    s: Option<axum::Extension<BrowserSession>>,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    app.sync().await?;
    let f = Form::filled(
        [
            ("kind".to_owned(), "article".to_owned()),
            ("date_confirmed".to_owned(), "on".to_owned()),
            ("language".to_owned(), "en".to_owned()),
        ]
        .into(),
    );
    Ok(page(
        s.csrf,
        None,
        f,
        BTreeMap::new(),
        Form::default(),
        StatusCode::OK,
    ))
}

/// `POST /news/new`: writes the item as a draft and shows it; or the form again, refused.
pub async fn create(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let mut f = form_of(fields(&s, &body)?);
    precheck(&mut f);
    if !f.failed()
        && let Some(uses) = noted(&app, &mut f)
    {
        let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
        let (input, kept) = input(&f);
        match input.item(placeholder, None) {
            Err(e) => refused_web(&mut f, e, &kept)?,
            Ok(item) => match uses.create_news(&actor, item).await {
                Ok((slug, _)) => {
                    app.invalidate();
                    return Ok(see_other(&format!("/news/{slug}")));
                }
                Err(e) => refused(&mut f, e, &kept)?,
            },
        }
    }
    Ok(page(
        s.csrf,
        None,
        f,
        BTreeMap::new(),
        Form::default(),
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

async fn stored(app: &AppState, slug: &str) -> Result<(Slug, NewsItem, Version), PageError> {
    let not_found = || {
        PageError(WebError::not_found(format!(
            "There is no news item “{slug}”."
        )))
    };
    let s = Slug::parse(slug).map_err(|_| not_found())?;
    let (n, v) = app
        .store()
        .news_versioned(&s)
        .await?
        .ok_or_else(not_found)?;
    Ok((s, n, v))
}

/// `GET /news/{slug}/edit`: the form, filled with the item as stored.
pub async fn edit_form(
    State(app): State<AppState>,
    Editor(_): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    app.sync().await?;
    let (slug, n, version) = stored(&app, &slug).await?;
    let f = Form::filled(values(&n));
    Ok(page(
        s.csrf,
        Some(Editing {
            slug: &slug,
            item: &n,
            version,
            base: base_of(&n),
        }),
        f,
        BTreeMap::new(),
        Form::default(),
        StatusCode::OK,
    ))
}

/// `POST /news/{slug}/edit`: saves over the version the form was opened on and shows the
/// item; or the form again, refused, or showing what someone else saved meanwhile.
pub async fn save(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let (slug, current, version) = stored(&app, &slug).await?;
    let mut f = form_of(fields(&s, &body)?);
    let opened = f.v("version").trim().parse::<i64>().ok().map(Version);
    let mut base = base_sent(&f);
    let mut shown = (current, version);
    let mut stale = false;
    precheck(&mut f);
    match opened {
        None => stale = true,
        Some(opened) if !f.failed() => {
            if let Some(uses) = noted(&app, &mut f) {
                let (input, kept) = input(&f);
                match input.item(slug.clone(), Some(&shown.0)) {
                    Err(e) => refused_web(&mut f, e, &kept)?,
                    Ok(item) => {
                        match uses.save_news(&actor, &item, Expect::Version(opened)).await {
                            Ok(_) => {
                                app.invalidate();
                                return Ok(see_other(&format!("/news/{slug}")));
                            }
                            Err(AppError::Stale { .. }) => {
                                let (_, n, v) = stored(&app, slug.as_str()).await?;
                                shown = (n, v);
                                stale = true;
                            }
                            Err(e) => refused(&mut f, e, &kept)?,
                        }
                    }
                }
            }
        }
        Some(_) => {}
    }
    let mut theirs = BTreeMap::new();
    let status = if stale {
        theirs = differences(&f, &base, &shown.0);
        let was_draft = base.iter().any(|(k, v)| k == "status" && v == "draft");
        let published_meanwhile = was_draft && !shown.0.draft;
        f.message = format!(
            "{} Nothing was written. {}{} Your text is kept below; save again to put it in place of what is saved now.",
            if opened.is_none() {
                "The form did not say which version of the item it was opened on."
            } else {
                "Someone saved this item after you opened it."
            },
            if theirs.is_empty() {
                "What is saved now is what the form was opened with.".to_owned()
            } else {
                format!(
                    "What they changed is shown under {} field{}.",
                    theirs.len(),
                    if theirs.len() == 1 { "" } else { "s" }
                )
            },
            if published_meanwhile {
                " It has been published meanwhile: saving again changes the public page at once."
            } else {
                ""
            }
        );
        // The form now stands on what is saved: a second save replaces it knowingly.
        base = base_of(&shown.0);
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page(
        s.csrf,
        Some(Editing {
            slug: &slug,
            item: &shown.0,
            version: if stale {
                shown.1
            } else {
                opened.unwrap_or(shown.1)
            },
            base,
        }),
        f,
        theirs,
        Form::default(),
        status,
    ))
}

/// `POST /news/{slug}/photos` (the form "Add a photograph" of the edit page): adds the
/// photograph to the version the page showed and returns to the form; or shows the form
/// again with the refusal next to its field and the item as saved.
pub async fn add_photo(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(slug): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let (slug, current, version) = stored(&app, &slug).await?;
    let sent = match crate::forms::upload(multipart, "image").await {
        Ok(sent) => sent,
        // Too large: said next to the file, the item's form as saved (nothing typed survives
        // a body that was not read whole).
        Err(WebError::TooLarge(m)) => {
            let mut add = Form::default();
            add.refuse("image", m);
            let shown = as_stored(&current, version);
            return Ok(page(
                s.csrf,
                Some(Editing {
                    slug: &slug,
                    item: &current,
                    version: shown.version,
                    base: shown.base,
                }),
                shown.f,
                BTreeMap::new(),
                add,
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
        Err(e) => return Err(PageError(e)),
    };
    crate::forms::checked(&s, sent.fields.get("csrf").map_or("", String::as_str))?;
    let mut add = Form::filled(
        sent.fields
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "caption" | "credit" | "alt" | "name" | "note"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    let expect = match sent.fields.get("version").map(|v| v.trim().parse::<i64>()) {
        Some(Ok(v)) => Expect::Version(Version(v)),
        _ => Expect::Version(Version(-1)),
    };
    let mut shown = as_stored(&current, version);
    let mut stale = false;
    match noted(&app, &mut add) {
        None => {}
        Some(uses) => match uses
            .add_photo(&actor, &slug, expect, crate::news::photo_upload(sent))
            .await
        {
            Ok(_) => {
                app.invalidate();
                return Ok(see_other(&format!("/news/{slug}/edit")));
            }
            Err(AppError::Stale { .. }) => {
                let (_, n, v) = stored(&app, slug.as_str()).await?;
                add.message = "Someone saved this item after you opened its form, so the photograph was not added. The form now shows what is saved; choose the file again and add it.".into();
                shown = as_stored(&n, v);
                stale = true;
            }
            Err(e) => match e {
                AppError::Fields(list) => {
                    for (field, problem) in list {
                        add.refuse(&field, problem);
                    }
                }
                AppError::Invalid { field, problem } => add.refuse(&field, problem),
                AppError::Conflict(m) => add.refuse("name", m),
                other => return Err(other.into()),
            },
        },
    }
    if add.message.is_empty() {
        add.message = "Nothing was added. Put right what is marked, and choose the file again: a browser does not send it twice.".into();
    }
    Ok(page(
        s.csrf,
        Some(Editing {
            slug: &slug,
            item: &current,
            version: shown.version,
            base: shown.base,
        }),
        shown.f,
        BTreeMap::new(),
        add,
        if stale {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
    ))
}

/// `POST /news/{slug}/delete` (the edit form of a draft): deletes the draft at the version the
/// form was opened on, with the reason given, and goes to the desk.
pub async fn delete(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let (slug, _, _) = stored(&app, &slug).await?;
    let f = form_of(fields(&s, &body)?);
    let Some(version) = f.v("version").trim().parse::<i64>().ok() else {
        return Err(PageError(WebError::Conflict(
            "The form did not say which version of the item it was opened on. Nothing was deleted."
                .into(),
        )));
    };
    match app
        .uses()
        .noted(Some(f.v("reason")))?
        .delete_news(&actor, &slug, Expect::Version(Version(version)))
        .await
    {
        Ok(()) => {
            app.invalidate();
            Ok(see_other("/desk"))
        }
        Err(AppError::Stale { .. }) => Err(PageError(WebError::Conflict(format!(
            "Someone saved the item after you opened it, so nothing was deleted. Look at it as it is now at /news/{slug}/edit, then delete it again if you still mean to."
        )))),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_with_two_photos() -> NewsItem {
        let day = cica_domain::parse_day("2025-04-02").expect("day");
        let photo = |n: &str| cica_domain::Photo {
            media: cica_domain::MediaName::parse(n).expect("name"),
            caption: format!("Caption of {n}"),
            credit: None,
            alt: Some(format!("What {n} shows")),
        };
        NewsItem {
            slug: Slug::parse("an-item").expect("slug"),
            title: "A headline".into(),
            kind: cica_domain::NewsKind::Article,
            dateline: None,
            date: day,
            date_confirmed: true,
            date_note: None,
            spotlight: false,
            activities: false,
            issue: None,
            position: None,
            states: vec![],
            bodies: vec![],
            people: vec![],
            organizations: vec![],
            language: "en".into(),
            source: "A test".into(),
            body: "A paragraph.\n\nAnother.".into(),
            draft: true,
            photos: vec![photo("a.jpg"), photo("b.jpg")],
        }
    }

    #[test]
    fn only_what_others_changed_is_shown_however_the_browser_sends_line_breaks() {
        let opened = item_with_two_photos();
        // What the browser sends back: the base as it was, line breaks as CR LF.
        let base: Vec<(String, String)> = base_of(&opened)
            .into_iter()
            .map(|(k, v)| (k, v.replace('\n', "\r\n")))
            .collect();
        let mut typed = Form::filled(values(&opened));
        typed
            .values
            .insert("body".into(), "My own new text.".into());
        let mut theirs = opened.clone();
        theirs.title = "Their headline".into();
        let shown = differences(&typed, &base, &theirs);
        assert_eq!(
            shown.keys().collect::<Vec<_>>(),
            ["title"],
            "not the editor's own body, not the photographs: {shown:?}"
        );
        theirs.photos.pop();
        let shown = differences(&typed, &base, &theirs);
        assert_eq!(shown.keys().collect::<Vec<_>>(), ["photos", "title"]);
    }

    #[test]
    fn a_photographs_refusal_lands_on_its_own_row_when_others_are_removed() {
        // Rows 0 and 2 ticked for removal: the input's photos are rows 1 and 3.
        let kept = [1, 3];
        for (refused, shown) in [
            ("photos[0].alt", "photos[1].alt"),
            ("photos[1].caption", "photos[3].caption"),
            ("photos[7].alt", "photos[7].alt"),
            ("photos", "photos"),
            ("title", "title"),
            ("photos[x].alt", "photos[x].alt"),
        ] {
            assert_eq!(form_field(refused, &kept), shown, "{refused}");
        }
    }
}
