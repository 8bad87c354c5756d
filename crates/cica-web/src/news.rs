//! The news area: the archive of news items, as JSON under `/api/v1` and as pages. The
//! importer and publishing are in `import`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::Datelike;
use cica_domain::date::month_name;
use cica_domain::{NewsItem, NewsKind, Slug, status_on};
use cica_store::NewsQuery;
use serde::Serialize;

use crate::api::{
    ApiResult, List, known_body, known_organization, known_person, known_state, path_slug,
};
use crate::error::WebError;
use crate::pages::{Choice, Layout, Link, PageResult, Ref, with_cursor};
use crate::params::Params;
use crate::present::{excerpt, iso};
use crate::state::{AppState, Directory};

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
            date_note: n.date_note.clone(),
            source: n.source.clone(),
            body: n.paragraphs().map(str::to_owned).collect(),
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
    paragraphs: Vec<crate::present::Timed>,
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
    let n = app
        .store()
        .news_item(&s)
        .await?
        .filter(|n| !n.draft || actor.is_secretariat())
        .ok_or_else(not_found)?;
    let dir = app.directory();
    let model = NewsModel::new(&n, &dir);
    let history = crate::accounts::history(&app, &actor, &format!("news/{s}")).await?;
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
        csrf: crate::accounts::form_token(session.as_ref()),
        history,
        l: Layout::new(&n.title, "news"),
        title: n.title.clone(),
        place: model.place(),
        date_label: model.date_label(),
        datetime: iso(n.date),
        brief: n.kind == NewsKind::Brief,
        date_note: crate::present::Timed::prose(date_note),
        paragraphs: n
            .paragraphs()
            .map(|p| crate::present::Timed::prose_about(p, n.date))
            .collect(),
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

pub async fn api_news_item(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<NewsDetailView> {
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "news item")?;
    let n = app
        .store()
        .news_item(&slug)
        .await?
        .filter(|n| !n.draft || actor.is_secretariat())
        .ok_or_else(|| WebError::not_found(format!("no news item has the slug `{slug}`")))?;
    Ok(Json(NewsModel::new(&n, &app.directory()).detail_view()))
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
