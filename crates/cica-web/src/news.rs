//! The news area: the archive of news items, as JSON under `/api/v1` and as pages. The
//! importer and publishing are in `import`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use cica_domain::date::month_name;
use cica_domain::{NewsItem, NewsKind, Slug, status_on};
use cica_store::NewsQuery;
use serde::{Deserialize, Serialize};

use crate::api::{
    ApiResult, List, known_body, known_organization, known_person, known_state, path_slug,
};
use crate::error::{ApiError, WebError};
use crate::pages::{Choice, Layout, Link, PageResult, Ref, with_cursor};
use crate::params::Params;
use crate::present::{excerpt, iso};
use crate::state::{AppState, Directory};
use crate::versions;

/// A news item as a card in lists.
pub struct NewsCard {
    pub url: String,
    pub title: String,
    pub date_label: String,
    /// The `<time datetime>` of the label: the item's day.
    pub datetime: String,
    pub place: String,
    pub brief: bool,
    pub spotlight: bool,
    pub excerpt: crate::present::Timed,
    pub tags: Vec<Link>,
    /// The item's first photograph, shown small beside the entry.
    pub thumbnail: Option<PhotoView>,
}

pub(crate) fn news_card(n: &NewsItem, dir: &Directory) -> NewsCard {
    NewsModel::new(n, dir).card()
}

/// A news item with the records it names resolved once; the API's views, the cards of lists
/// and the item's page are all built from it.
pub(crate) struct NewsModel<'a> {
    pub record: &'a NewsItem,
    pub states: Vec<Ref>,
    pub bodies: Vec<Ref>,
    pub people: Vec<Ref>,
    pub organizations: Vec<Ref>,
}

impl<'a> NewsModel<'a> {
    pub(crate) fn new(record: &'a NewsItem, dir: &Directory) -> Self {
        NewsModel {
            record,
            states: Ref::states(dir, &record.states),
            bodies: record
                .bodies
                .iter()
                .map(|b| Ref::body_short(dir, b))
                .collect(),
            people: record.people.iter().map(|p| Ref::person(dir, p)).collect(),
            organizations: Ref::organizations(dir, &record.organizations),
        }
    }

    fn url(&self) -> String {
        format!("/news/{}", self.record.slug)
    }

    /// The day or days the item reports on, as its dateline prints them, else its filing day.
    fn date_label(&self) -> String {
        match &self.record.dateline {
            Some(d) => d.span.human(),
            None => cica_domain::DateSpan::day(self.record.date).human(),
        }
    }

    fn place(&self) -> String {
        self.record
            .dateline
            .as_ref()
            .map(|d| d.place.clone())
            .unwrap_or_default()
    }

    fn photos(&self) -> Vec<PhotoView> {
        self.record
            .photos
            .iter()
            .map(|p| PhotoView {
                url: format!("/media/{}", p.media),
                screen: format!("/media/screen/{}", p.media),
                thumb: format!("/media/thumb/{}", p.media),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                alt: p.alt.clone().unwrap_or_default(),
            })
            .collect()
    }

    pub(crate) fn card(&self) -> NewsCard {
        let n = self.record;
        NewsCard {
            url: self.url(),
            title: n.title.clone(),
            date_label: self.date_label(),
            datetime: iso(n.date),
            place: self.place(),
            brief: n.kind == NewsKind::Brief,
            spotlight: n.spotlight,
            excerpt: crate::present::Timed::prose_about(excerpt(&n.body, 220), n.date),
            tags: self
                .states
                .iter()
                .take(4)
                .chain(self.bodies.iter().take(3))
                .map(Ref::link)
                .collect(),
            thumbnail: self.photos().into_iter().next(),
        }
    }

    pub(crate) fn view(&self) -> NewsView {
        let n = self.record;
        let keys = |refs: &[Ref]| refs.iter().map(|r| r.key.clone()).collect();
        NewsView {
            slug: n.slug.to_string(),
            title: n.title.clone(),
            kind: n.kind.as_str(),
            date: iso(n.date),
            date_confirmed: n.date_confirmed,
            dateline: n.dateline.as_ref().map(|d| DatelineView {
                place: d.place.clone(),
                start: iso(d.span.start()),
                end: iso(d.span.end()),
            }),
            states: keys(&self.states),
            bodies: keys(&self.bodies),
            people: keys(&self.people),
            organizations: keys(&self.organizations),
            spotlight: n.spotlight,
            activities: n.activities,
            issue: n.issue.map(|q| q.to_string()),
            language: n.language.clone(),
            url: self.url(),
        }
    }

    fn detail_view(&self) -> NewsDetailView {
        let n = self.record;
        NewsDetailView {
            summary: self.view(),
            status: if n.draft { "draft" } else { "published" },
            date_note: n.date_note.clone(),
            source: n.source.clone(),
            body: n.body_parts().map(str::to_owned).collect(),
            photos: self.photos(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "news.html")]
pub struct NewsPage {
    l: Layout,
    heading: String,
    months: Vec<Choice>,
    states: Vec<Choice>,
    bodies: Vec<Choice>,
    kinds: Vec<Choice>,
    filtered: bool,
    items: Vec<NewsCard>,
    older: Option<String>,
    feed: String,
}

pub async fn news_page(State(app): State<AppState>, RawQuery(q): RawQuery) -> PageResult<NewsPage> {
    let p = Params::parse(q.as_deref(), NEWS_PARAMS, true)?;
    let dir = app.directory();
    let mut query = news_query(&p, &dir)?;
    query.limit = p.limit()?;
    let page = app.store().news(&query).await?;
    let month = p.get("month").unwrap_or("").to_owned();
    let months = app
        .store()
        .news_months()
        .await?
        .into_iter()
        .map(|(d, n)| {
            let value = format!("{:04}-{:02}", d.year(), d.month());
            Choice {
                label: format!("{} {} ({n})", month_name(d.month()), d.year()),
                selected: value == month,
                value,
            }
        })
        .collect();
    let today = app.today();
    let mut states: Vec<Choice> = dir
        .states
        .values()
        .filter(|s| status_on(&s.statuses, today).is_some())
        .map(|s| Choice {
            value: s.code.to_string(),
            label: s.name.clone(),
            selected: query.state.as_ref() == Some(&s.code),
        })
        .collect();
    states.sort_by(|a, b| a.label.cmp(&b.label));
    let bodies = dir
        .bodies
        .values()
        .map(|b| Choice {
            value: b.slug.to_string(),
            label: b.name.clone(),
            selected: query.body.as_ref() == Some(&b.slug),
        })
        .collect();
    let kinds = [("article", "Articles"), ("brief", "Flash briefing")]
        .iter()
        .map(|(v, l)| Choice {
            value: (*v).into(),
            label: (*l).into(),
            selected: query.kind.map(|k| k.as_str()) == Some(v),
        })
        .collect();
    let mut heading = "News".to_owned();
    if let Some(s) = &query.state {
        heading = format!("News about {}", dir.state_name(s));
    } else if let Some(b) = &query.body {
        heading = format!("News: {}", dir.body_name(b));
    }
    let filtered = query.from.is_some()
        || query.to.is_some()
        || query.state.is_some()
        || query.body.is_some()
        || query.kind.is_some();
    Ok(NewsPage {
        l: Layout::new(&heading, "news"),
        heading,
        months,
        states,
        bodies,
        kinds,
        filtered,
        items: page.items.iter().map(|n| news_card(n, &dir)).collect(),
        older: page
            .next
            .as_ref()
            .map(|c| format!("/news?{}", with_cursor(q.as_deref(), &c.to_string()))),
        feed: "/news.atom".into(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "news_item.html")]
pub struct NewsItemPage {
    l: Layout,
    title: String,
    place: String,
    date_label: String,
    /// The `<time datetime>` of the label: the item's day.
    datetime: String,
    brief: bool,
    /// Why the day is not confirmed, its dates marked; empty when it is confirmed.
    date_note: crate::present::Timed,
    /// The body as HTML, sanitized.
    body: String,
    states: Vec<Link>,
    bodies: Vec<Link>,
    people: Vec<Link>,
    organizations: Vec<Link>,
    source: String,
    issue: String,
    photos: Vec<crate::news::PhotoView>,
    slug: String,
    /// A draft, shown only to the Secretariat.
    draft: bool,
    /// The session's form token, for the Secretariat's forms; empty without a session.
    csrf: String,
    /// The Secretariat in a signed-in browser: the item's page links to its form.
    editor: bool,
    /// The version shown, which the publish form names.
    version: String,
    /// The record's history, for the Secretariat.
    history: Vec<crate::accounts::HistoryRow>,
    /// What the item reports, in the record: its meetings and the decisions taken at them.
    reports: Vec<Link>,
}

pub async fn news_item_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
) -> PageResult<NewsItemPage> {
    let not_found = || {
        WebError::not_found(format!(
            "There is no news item “{slug}”. It may have been renamed; try the news archive."
        ))
    };
    let s = Slug::parse(&slug).map_err(|_| not_found())?;
    let (n, version) = app
        .store()
        .news_versioned(&s)
        .await?
        .filter(|(n, _)| !n.draft || actor.is_secretariat())
        .ok_or_else(not_found)?;
    let dir = app.directory();
    let model = NewsModel::new(&n, &dir);
    let history =
        crate::accounts::history(&app, &actor, &format!("news/{s}"), Some(version)).await?;
    let reports = reported(&app, &s).await?;
    let date_note = if n.date_confirmed {
        String::new()
    } else {
        n.date_note
            .clone()
            .unwrap_or_else(|| "date inferred".into())
    };
    Ok(NewsItemPage {
        slug: s.to_string(),
        draft: n.draft,
        version: version.to_string(),
        editor: actor.is_secretariat() && session.is_some(),
        csrf: crate::accounts::form_token(session.as_ref()),
        history,
        l: Layout::new(&n.title, "news"),
        title: n.title.clone(),
        place: model.place(),
        date_label: model.date_label(),
        datetime: iso(n.date),
        brief: n.kind == NewsKind::Brief,
        date_note: crate::present::Timed::prose(date_note),
        body: cica_digest::rich::html(
            &cica_digest::rich::blocks(&n.body),
            None,
            Some(n.date),
            cica_digest::rich::Site::Here,
        ),
        states: model.states.iter().map(Ref::link).collect(),
        bodies: model.bodies.iter().map(Ref::link).collect(),
        people: model.people.iter().map(Ref::link).collect(),
        organizations: model.organizations.iter().map(Ref::link).collect(),
        source: n.source.clone(),
        issue: n.issue.map(|q| q.to_string()).unwrap_or_default(),
        photos: model.photos(),
        reports,
    })
}

#[derive(Serialize)]
pub struct DatelineView {
    place: String,
    start: String,
    end: String,
}

#[derive(Serialize)]
pub struct NewsView {
    slug: String,
    title: String,
    kind: &'static str,
    /// The day the item is filed under.
    date: String,
    /// False when `date` was inferred rather than printed.
    date_confirmed: bool,
    /// As printed at the head of the item; null for items printed without one (briefs).
    dateline: Option<DatelineView>,
    states: Vec<String>,
    bodies: Vec<String>,
    people: Vec<String>,
    organizations: Vec<String>,
    spotlight: bool,
    activities: bool,
    issue: Option<String>,
    language: String,
    url: String,
}

#[derive(Serialize)]
pub struct NewsDetailView {
    #[serde(flatten)]
    summary: NewsView,
    /// `draft` (imported or written, not yet published: the Secretariat's alone) or
    /// `published`. Publishing is its own action (`POST …/publish`); a save keeps it.
    status: &'static str,
    date_note: Option<String>,
    source: String,
    /// Paragraphs of the body, in order.
    body: Vec<String>,
    /// Photographs printed with the item, in order.
    photos: Vec<PhotoView>,
}

#[derive(Serialize)]
pub struct PhotoView {
    /// Where the image is served: `/media/<name>`.
    pub url: String,
    /// Its copies for screens, which the pages show (`/media/screen/<name>`,
    /// `/media/thumb/<name>`); the API names the image alone.
    #[serde(skip)]
    pub screen: String,
    #[serde(skip)]
    pub thumb: String,
    pub caption: String,
    pub credit: Option<String>,
    /// What the image shows, for a reader who cannot see it; empty when the caption beside
    /// it says all there is.
    pub alt: String,
}

/// Builds a news query from parameters shared by the API and the pages.
pub fn news_query(p: &Params, dir: &Directory) -> Result<NewsQuery, WebError> {
    let (mut from, mut to) = p.date_range("from", "to")?;
    if let Some((a, b)) = p.month("month")? {
        from = Some(from.map_or(a, |f| f.max(a)));
        to = Some(to.map_or(b, |t| t.min(b)));
    }
    Ok(NewsQuery {
        from,
        to,
        state: known_state(dir, "state", p.state("state")?)?,
        body: known_body(dir, "body", p.slug("body")?)?,
        person: known_person(dir, "person", p.slug("person")?)?,
        organization: known_organization(dir, "organization", p.slug("organization")?)?,
        kind: p.news_kind("kind")?,
        issue: p.quarter("issue")?,
        drafts: cica_store::Drafts::Exclude,
        after: p.cursor()?,
        limit: p.limit()?,
    })
}

pub const NEWS_PARAMS: &[&str] = &[
    "from",
    "to",
    "month",
    "state",
    "body",
    "person",
    "organization",
    "kind",
    "issue",
    "limit",
    "cursor",
];

pub async fn api_news(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<NewsView>> {
    let mut accepted = NEWS_PARAMS.to_vec();
    accepted.push("status");
    let p = Params::parse(q.as_deref(), &accepted, true)?;
    let mut query = news_query(&p, &app.directory())?;
    query.drafts = match p.choice("status", &["published", "draft", "all"])? {
        None | Some("published") => cica_store::Drafts::Exclude,
        Some(other) => {
            cica_domain::access::may(&actor, cica_domain::access::Act::KeepRecord)
                .map_err(cica_app::AppError::from)?;
            if other == "draft" {
                cica_store::Drafts::Only
            } else {
                cica_store::Drafts::Include
            }
        }
    };
    let page = app.store().news(&query).await?;
    let dir = app.directory();
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|n| NewsModel::new(n, &dir).view())
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

/// `GET /api/v1/news/{slug}`: the item; to editors with its version as the `ETag` a save
/// sends back.
pub async fn api_news_item(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "news item")?;
    let (n, version) = app
        .store()
        .news_versioned(&slug)
        .await?
        .filter(|(n, _)| !n.draft || actor.is_secretariat())
        .ok_or_else(|| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    let view = Json(NewsModel::new(&n, &app.directory()).detail_view()).into_response();
    Ok(versions::for_editors(&actor, &headers, view, version))
}

/// What a save of a news item takes: the JSON its `GET` gives, changed. What the record does
/// not hold (its address, its status) is accepted as read and otherwise ignored; a field left
/// out is empty (false, none), except `date_confirmed` (true), `kind` (an article) and
/// `language` (`en`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsInput {
    /// Must be the address's when given.
    #[serde(default)]
    pub(crate) slug: Option<String>,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) kind: Option<String>,
    /// The day the item is filed under; the dateline's first day when left out.
    #[serde(default)]
    pub(crate) date: Option<String>,
    #[serde(default = "yes")]
    pub(crate) date_confirmed: bool,
    #[serde(default)]
    pub(crate) date_note: Option<String>,
    #[serde(default)]
    pub(crate) dateline: Option<DatelineInput>,
    #[serde(default)]
    pub(crate) states: Vec<String>,
    #[serde(default)]
    pub(crate) bodies: Vec<String>,
    #[serde(default)]
    pub(crate) people: Vec<String>,
    #[serde(default)]
    pub(crate) organizations: Vec<String>,
    #[serde(default)]
    pub(crate) spotlight: bool,
    #[serde(default)]
    pub(crate) activities: bool,
    #[serde(default)]
    pub(crate) issue: Option<String>,
    #[serde(default)]
    pub(crate) language: Option<String>,
    pub(crate) source: String,
    /// Paragraphs, as `GET` gives them, or one text with paragraphs separated by a blank line.
    pub(crate) body: BodyInput,
    #[serde(default)]
    pub(crate) photos: Vec<PhotoInput>,
    // Read-only: accepted as `GET` gives them, never saved.
    #[serde(default, rename = "url")]
    pub(crate) _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "status")]
    pub(crate) _status: Option<serde::de::IgnoredAny>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatelineInput {
    pub(crate) place: String,
    pub(crate) start: String,
    /// The last day; the first when left out.
    #[serde(default)]
    pub(crate) end: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum BodyInput {
    Paragraphs(Vec<String>),
    Text(String),
}

/// A photograph of the item: an image of the records, by name (`media`) or by the address its
/// `GET` gives (`url`, `/media/<name>`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoInput {
    #[serde(default)]
    pub(crate) media: Option<String>,
    #[serde(default)]
    pub(crate) url: Option<String>,
    pub(crate) caption: String,
    #[serde(default)]
    pub(crate) credit: Option<String>,
    #[serde(default)]
    pub(crate) alt: Option<String>,
}

/// Text that is empty once trimmed is no text.
fn some_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl NewsInput {
    /// The news item this input describes at `slug`, keeping from `stored` what a save does not
    /// change (its place in the issue's printed order); every field that cannot be read is
    /// refused together, each by its name.
    pub fn item(self, slug: Slug, stored: Option<&NewsItem>) -> Result<NewsItem, WebError> {
        let undated = self.date.is_none() && self.dateline.is_none();
        let mut bad: Vec<(String, String)> = Vec::new();
        let mut refuse = |field: &str, problem: String| bad.push((field.to_owned(), problem));
        if let Some(given) = self.slug.as_deref().map(str::trim)
            && given != slug.as_str()
        {
            refuse(
                "slug",
                format!(
                    "`{given}` is not this address's (`{slug}`); an item is renamed by creating it anew"
                ),
            );
        }
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => NewsKind::Article,
            Some(k) => NewsKind::parse(k).unwrap_or_else(|| {
                refuse(
                    "kind",
                    format!("`{k}` is not one of: {}", NewsKind::expected()),
                );
                NewsKind::Article
            }),
        };
        let mut day = |field: &str, text: &str| match cica_domain::parse_day(text.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                refuse(
                    field,
                    format!("`{text}` is not a date of the form YYYY-MM-DD"),
                );
                None
            }
        };
        let dateline = self.dateline.map(|d| {
            let start = day("dateline.start", &d.start);
            let end = match &d.end {
                Some(e) => day("dateline.end", e),
                None => start,
            };
            (d.place.trim().to_owned(), start, end)
        });
        let date = self.date.as_deref().and_then(|d| day("date", d));
        let issue = match some_text(self.issue) {
            None => None,
            Some(q) => cica_domain::Quarter::parse(&q)
                .map_err(|e| refuse("issue", e.to_string()))
                .ok(),
        };
        fn keys<T>(
            field: &str,
            list: &[String],
            parse: impl Fn(&str) -> Option<T>,
            what: &str,
            refuse: &mut impl FnMut(&str, String),
        ) -> Vec<T> {
            // Over the limit, the list is refused whole and its entries are not read.
            if list.len() > NewsItem::MAX_TAGS {
                refuse(
                    field,
                    format!("an item names at most {} of each", NewsItem::MAX_TAGS),
                );
                return Vec::new();
            }
            list.iter()
                .filter_map(|k| {
                    let parsed = parse(k.trim());
                    if parsed.is_none() {
                        refuse(field, format!("`{k}` is not {what}"));
                    }
                    parsed
                })
                .collect()
        }
        let states = keys(
            "states",
            &self.states,
            |k| cica_domain::StateCode::parse(k).ok(),
            "a state's three-letter code (ISO 3166-1 alpha-3, such as KAZ)",
            &mut refuse,
        );
        let slugs = |field: &str, list: &[String], what: &str, refuse: &mut _| {
            keys(field, list, |k| Slug::parse(k).ok(), what, refuse)
        };
        let bodies = slugs("bodies", &self.bodies, "a body's slug", &mut refuse);
        let people = slugs("people", &self.people, "a person's slug", &mut refuse);
        let organizations = slugs(
            "organizations",
            &self.organizations,
            "an organization's slug",
            &mut refuse,
        );
        let mut photos = Vec::new();
        if self.photos.len() > NewsItem::MAX_PHOTOS {
            refuse(
                "photos",
                format!(
                    "an item prints at most {} photographs",
                    NewsItem::MAX_PHOTOS
                ),
            );
        }
        let listed = if self.photos.len() > NewsItem::MAX_PHOTOS {
            Vec::new()
        } else {
            self.photos
        };
        for (i, p) in listed.into_iter().enumerate() {
            let field = format!("photos[{i}].media");
            let name = match (p.media.as_deref(), p.url.as_deref()) {
                (Some(m), _) => Some(m.trim()),
                (None, Some(u)) => u.trim().strip_prefix("/media/"),
                (None, None) => None,
            };
            match name.map(cica_domain::MediaName::parse) {
                Some(Ok(media)) => photos.push(cica_domain::Photo {
                    media,
                    caption: p.caption.trim().to_owned(),
                    credit: some_text(p.credit),
                    alt: p.alt.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
                }),
                Some(Err(e)) => refuse(&field, e.to_string()),
                None => refuse(
                    &field,
                    "name the image: `media` (its name) or `url` (`/media/<name>`)".into(),
                ),
            }
        }
        let dateline = match dateline {
            None => None,
            Some((place, Some(start), Some(end))) => match cica_domain::DateSpan::new(start, end) {
                Ok(span) => Some(cica_domain::Dateline { place, span }),
                Err(e) => {
                    refuse("dateline.end", e.to_string());
                    None
                }
            },
            Some(_) => None,
        };
        let date = date.or_else(|| dateline.as_ref().map(|d| d.span.start()));
        if undated {
            refuse(
                "date",
                "give the day the item is filed under, or a dateline with its days".into(),
            );
        }
        let body = match self.body {
            // Markdown as written: a part's indentation is kept (a list item's second
            // paragraph is indented), only blank lines around the whole are dropped.
            BodyInput::Paragraphs(p) => p
                .iter()
                .map(|p| p.replace("\r\n", "\n"))
                .filter(|p| !p.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
            BodyInput::Text(t) => t.replace("\r\n", "\n"),
        };
        let body = body.trim_end().trim_start_matches('\n').to_owned();
        let item = NewsItem {
            slug,
            title: self.title.trim().to_owned(),
            kind,
            dateline,
            // A stand-in while other fields are refused: the rules below do not read it.
            date: date.unwrap_or_default(),
            date_confirmed: self.date_confirmed,
            date_note: some_text(self.date_note),
            spotlight: self.spotlight,
            activities: self.activities,
            issue,
            position: stored.and_then(|s| s.position),
            states,
            bodies,
            people,
            organizations,
            language: some_text(self.language).unwrap_or_else(|| "en".into()),
            source: self.source.trim().to_owned(),
            body,
            draft: stored.is_none_or(|s| s.draft),
            photos,
        };
        if bad.is_empty() {
            return Ok(item);
        }
        // Refused as typed: the item's own rules are told at once too, for the fields that
        // could be read, so the editor puts everything right in one go.
        let refused: std::collections::HashSet<String> =
            bad.iter().map(|(f, _)| f.clone()).collect();
        for (field, problem) in cica_app::news::problems(&item) {
            if !refused.contains(&field) {
                bad.push((field, problem));
            }
        }
        Err(WebError::Fields(bad))
    }
}

/// The item as saved, with its new version: `201` and its address when it was created.
fn saved(app: &AppState, item: &NewsItem, version: cica_store::Version, created: bool) -> Response {
    let view = Json(NewsModel::new(item, &app.directory()).detail_view());
    versions::saved(
        app,
        view,
        version,
        created.then(|| format!("/api/v1/news/{}", item.slug)),
    )
}

/// `PUT /api/v1/news/{slug}` (an editor): saves the item over the version `If-Match` names,
/// or creates it here with `If-None-Match: *`.
/// `DELETE /api/v1/news/{slug}` (an editor): deletes a draft at the version `If-Match` names:
/// `204`; `409` for a published item or one an issue of the Digest names.
pub async fn api_delete_news(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let slug = crate::api::path_slug(&slug, "news item")?;
    let (_, version) = app
        .store()
        .news_versioned(&slug)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    let expect = crate::versions::deletion(&headers, version, &format!("news item `{slug}`"))?;
    app.uses().delete_news(&actor, &slug, expect).await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

pub async fn api_save_news(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let slug = path_slug(&slug, "news item")?;
    let stored = app.store().news_versioned(&slug).await?;
    let what = format!("news item `{slug}`");
    let expect = versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let input: NewsInput = crate::write::json(&body)?;
    let item = input.item(slug.clone(), stored.as_ref().map(|(n, _)| n))?;
    let version = app.uses().save_news(&actor, &item, expect).await?;
    Ok(saved(&app, &item, version, stored.is_none()))
}

/// `POST /api/v1/news` (an editor): writes a new item, a draft until published, at the address
/// its day and headline give (`201` with its `Location`).
pub async fn api_create_news(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: NewsInput = crate::write::json(&body)?;
    if input.slug.is_some() {
        return Err(WebError::invalid(
            "slug",
            "a new item's address comes from its day and headline; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    // A placeholder address: the use case gives the item its own.
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut item = input.item(placeholder, None)?;
    let (slug, version) = app.uses().create_news(&actor, item.clone()).await?;
    item.slug = slug;
    Ok(saved(&app, &item, version, true))
}

/// The meetings a news item reports, each followed by the decisions taken at it, as links in
/// time order.
async fn reported(app: &AppState, item: &Slug) -> Result<Vec<Link>, WebError> {
    let dir = app.directory();
    let meetings = app
        .store()
        .meetings(&cica_store::MeetingQuery {
            news: Some(item.clone()),
            limit: 100,
            ..cica_store::MeetingQuery::default()
        })
        .await?;
    let mut out = Vec::new();
    for m in &meetings.items {
        let model = crate::calendar::MeetingModel::new(m, &dir);
        out.push(Link {
            url: format!("/meetings/{}", m.id),
            label: format!("{}, {}", model.title, m.when.human()),
        });
        for d in crate::decisions::meeting_decisions(app, &m.id).await? {
            out.push(Link {
                url: d.url,
                label: format!(
                    "Decision {}: {} {} {}",
                    d.register, d.organ.label, d.act, d.subject
                ),
            });
        }
    }
    Ok(out)
}

/// The largest photograph upload read: the file at its largest, and its fields.
pub const PHOTO_BODY_LIMIT: usize = cica_app::media::MAX_UPLOAD + 256 * 1024;

/// `POST /api/v1/news/{slug}/photos` (an editor): adds a photograph to the item, sent as
/// `multipart/form-data` with the file in `image` and `caption`, `alt` (what it shows),
/// optionally `credit` and `name`; with `If-Match`, only to the version read. Answers `201`
/// with the image's address in `Location` and the item as saved, with its new `ETag`.
pub async fn api_add_photo(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    let slug = path_slug(&slug, "news item")?;
    // Nothing there: said before the body is read.
    let (_, stored) = stored_item(&app, &slug).await?;
    let expect = versions::optional_match(&headers, Some(stored), &format!("news item `{slug}`"))?;
    let sent = crate::forms::upload(multipart, "image").await?;
    let (name, _) = app
        .uses()
        .add_photo(&actor, &slug, expect, photo_upload(sent))
        .await?;
    // The item as it is now, with the version it is now: its body and its tag agree.
    let (item, version) = stored_item(&app, &slug).await?;
    let mut response = saved(&app, &item, version, true);
    if let Ok(at) = HeaderValue::from_str(&format!("/media/{name}")) {
        response.headers_mut().insert(LOCATION, at);
    }
    Ok(response)
}

/// The item at `slug`, draft or not, with its version; 404 when there is none.
async fn stored_item(
    app: &AppState,
    slug: &Slug,
) -> Result<(NewsItem, cica_store::Version), WebError> {
    app.store()
        .news_versioned(slug)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no news item has the slug `{slug}`")))
}

/// A photograph as an upload form sends it.
pub(crate) fn photo_upload(sent: crate::forms::Upload) -> cica_app::media::PhotoUpload {
    let field = |k: &str| sent.fields.get(k).cloned().unwrap_or_default();
    cica_app::media::PhotoUpload {
        name: Some(field("name")).filter(|n| !n.trim().is_empty()),
        bytes: sent.file.map(|(_, bytes)| bytes).unwrap_or_default(),
        caption: field("caption"),
        credit: Some(field("credit")).filter(|c| !c.trim().is_empty()),
        alt: field("alt"),
    }
}

/// `POST /api/v1/news/{slug}/restore` (an editor): puts back the item as the audit entry
/// `entry` left it (`{"entry": 1234}`), a save with its own new version, over the version
/// `If-Match` names (`428` without). Answers the item as saved, with its new `ETag`.
pub async fn api_restore_news(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let slug = path_slug(&slug, "news item")?;
    // Nothing there: said before the body is read.
    let (_, stored) = stored_item(&app, &slug).await?;
    // A restore replaces the whole item: like a save, it names the version it replaces.
    let expect = versions::expectation(&headers, Some(stored), &format!("news item `{slug}`"))?;
    let input: crate::restore::RestoreInput = crate::write::json(&body)?;
    let side = crate::restore::side(input.side.as_deref())?;
    app.uses()
        .restore(&actor, &format!("news/{slug}"), input.entry, side, expect)
        .await?;
    let (item, version) = stored_item(&app, &slug).await?;
    Ok(saved(&app, &item, version, false))
}
