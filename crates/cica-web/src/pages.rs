//! The portal's HTML pages.
//!
//! Each handler gathers records, turns them into small page models of ready-to-print strings,
//! and renders an askama template (compiled in, escaped by default). Templates hold no logic
//! beyond loops and conditionals.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use cica_domain::{
    Affiliation, BodyKind, Engagement, Meeting, MeetingFormat, MeetingStatus, NewsItem, NewsKind,
    Participation, Slug, StateCode, StatusPeriod, date::month_name, rules, status_on,
};
use cica_store::{EngagementQuery, MeetingQuery, NewsQuery, Order};

use crate::api::{NEWS_PARAMS, known_organization, known_state, news_query};
use crate::error::WebError;
use crate::params::Params;
use crate::present::{current_status, excerpt, iso, status_label};
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
struct ErrorPage {
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

type PageResult<T> = Result<T, PageError>;

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
pub struct Link {
    pub url: String,
    pub label: String,
}

fn state_link(dir: &Directory, c: &StateCode) -> Link {
    Link {
        url: format!("/states/{c}"),
        label: dir.state_name(c).to_owned(),
    }
}

fn body_link(dir: &Directory, s: &Slug) -> Link {
    Link {
        url: format!("/bodies/{s}"),
        label: dir.body_label(s).to_owned(),
    }
}

fn person_link(dir: &Directory, s: &Slug) -> Link {
    Link {
        url: format!("/people/{s}"),
        label: dir.person_name(s).to_owned(),
    }
}

fn organization_link(dir: &Directory, s: &Slug) -> Link {
    Link {
        url: format!("/organizations/{s}"),
        label: dir.organization_name(s).to_owned(),
    }
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

/// A news item as a card in lists.
pub struct NewsCard {
    pub url: String,
    pub title: String,
    pub date_label: String,
    pub place: String,
    pub brief: bool,
    pub spotlight: bool,
    pub excerpt: String,
    pub tags: Vec<Link>,
}

fn news_card(n: &NewsItem, dir: &Directory) -> NewsCard {
    let date_label = match &n.dateline {
        Some(d) => d.span.human(),
        None => cica_domain::DateSpan::day(n.date).human(),
    };
    let mut tags: Vec<Link> = n
        .states
        .iter()
        .take(4)
        .map(|c| state_link(dir, c))
        .collect();
    tags.extend(n.bodies.iter().take(3).map(|b| body_link(dir, b)));
    NewsCard {
        url: format!("/news/{}", n.slug),
        title: n.title.clone(),
        date_label,
        place: n
            .dateline
            .as_ref()
            .map(|d| d.place.clone())
            .unwrap_or_default(),
        brief: n.kind == NewsKind::Brief,
        spotlight: n.spotlight,
        excerpt: excerpt(&n.body, 220),
        tags,
    }
}

/// A meeting as a row of the calendar.
pub struct MeetingRow {
    pub url: String,
    pub title: String,
    pub date_label: String,
    pub approximate: bool,
    pub place: String,
    pub body: Link,
    pub planned: bool,
    pub format: String,
}

fn meeting_row(m: &Meeting, dir: &Directory) -> MeetingRow {
    let place: Vec<String> = [
        m.city.clone(),
        m.country.as_ref().map(|c| dir.state_name(c).to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    MeetingRow {
        url: format!("/meetings/{}", m.id),
        title: rules::meeting_title(m, dir.bodies.get(&m.body)),
        date_label: m.when.human(),
        approximate: !m.when.is_exact(),
        place: place.join(", "),
        body: body_link(dir, &m.body),
        planned: m.status == MeetingStatus::Planned,
        format: match m.format {
            MeetingFormat::InPerson => String::new(),
            MeetingFormat::Online => "online".into(),
            MeetingFormat::Hybrid => "hybrid".into(),
        },
    }
}

/// An engagement as a row.
pub struct EngagementRow {
    pub date_label: String,
    pub date_note: String,
    pub place: String,
    pub kind: String,
    pub counterparts: Vec<(Link, String)>,
    pub represents: Vec<Link>,
    pub topics: String,
    pub summary: String,
    pub news: Option<String>,
}

fn engagement_row(e: &Engagement, dir: &Directory) -> EngagementRow {
    let place: Vec<String> = [
        e.city.clone(),
        e.country.as_ref().map(|c| dir.state_name(c).to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut represents: Vec<Link> = e.states.iter().map(|c| state_link(dir, c)).collect();
    represents.extend(e.organizations.iter().map(|o| organization_link(dir, o)));
    EngagementRow {
        date_label: e.when.human(),
        date_note: if e.provenance.unconfirmed {
            e.provenance
                .note
                .clone()
                .unwrap_or_else(|| "date not known exactly".into())
        } else {
            String::new()
        },
        place: place.join(", "),
        kind: e.kind.as_str().replace('-', " "),
        counterparts: e
            .counterparts
            .iter()
            .map(|c| {
                let title = c.title.clone().or_else(|| {
                    dir.people
                        .get(&c.person)
                        .and_then(|p| p.roles.first())
                        .map(|r| r.title.clone())
                });
                (person_link(dir, &c.person), title.unwrap_or_default())
            })
            .collect(),
        represents,
        topics: e.topics.join("; "),
        summary: e.summary.clone().unwrap_or_default(),
        news: e.news.as_ref().map(|n| format!("/news/{n}")),
    }
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

pub struct ChairCard {
    pub state: Link,
    pub since: String,
    pub theme: String,
    pub priorities: Vec<String>,
    pub soc_chair: Option<Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    l: Layout,
    chair: Option<ChairCard>,
    members: usize,
    observers: usize,
    organizations: usize,
    news: Vec<NewsCard>,
    upcoming: Vec<MeetingRow>,
    recent: Vec<MeetingRow>,
}

fn count_status(
    periods: impl Iterator<Item = impl AsRef<[StatusPeriod]>>,
    day: NaiveDate,
    want: Participation,
) -> usize {
    periods
        .filter(|p| status_on(p.as_ref(), day).is_some_and(|s| s.status == want))
        .count()
}

pub async fn home(State(app): State<AppState>, _: crate::params::NoQuery) -> PageResult<HomePage> {
    let dir = app.directory();
    let today = app.today();
    let chair = rules::chair_on(&dir.chairmanships, today).map(|c| ChairCard {
        state: state_link(&dir, &c.state),
        since: c.from.human(),
        theme: c.theme.clone().unwrap_or_default(),
        priorities: c.priorities.clone(),
        soc_chair: c.soc_chair.as_ref().map(|p| person_link(&dir, p)),
    });
    let news = app
        .store()
        .news(&NewsQuery {
            kind: Some(NewsKind::Article),
            limit: 6,
            ..NewsQuery::default()
        })
        .await?;
    let upcoming = app
        .store()
        .meetings(&MeetingQuery {
            from: Some(today),
            limit: 5,
            ..MeetingQuery::default()
        })
        .await?;
    let recent = app
        .store()
        .meetings(&MeetingQuery {
            ended_before: Some(today),
            order: Order::Descending,
            limit: 4,
            ..MeetingQuery::default()
        })
        .await?;
    let orgs = dir
        .organizations
        .values()
        .filter(|o| status_on(&o.statuses, today).is_some())
        .count();
    Ok(HomePage {
        l: Layout::new("Home", "home"),
        chair,
        members: count_status(
            dir.states.values().map(|s| s.statuses.as_slice()),
            today,
            Participation::Member,
        ),
        observers: count_status(
            dir.states.values().map(|s| s.statuses.as_slice()),
            today,
            Participation::Observer,
        ),
        organizations: orgs,
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        upcoming: upcoming
            .items
            .iter()
            .map(|m| meeting_row(m, &dir))
            .collect(),
        recent: recent.items.iter().map(|m| meeting_row(m, &dir)).collect(),
    })
}

// ---------------------------------------------------------------------------------------------

pub struct StatusRow {
    pub url: String,
    pub name: String,
    pub code: String,
    pub since: String,
    pub unconfirmed: bool,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "members.html")]
pub struct MembersPage {
    l: Layout,
    as_of: String,
    as_of_human: String,
    is_today: bool,
    chair: Option<Link>,
    members: Vec<StatusRow>,
    observers: Vec<StatusRow>,
    observer_organizations: Vec<StatusRow>,
    partners: Vec<StatusRow>,
}

pub async fn members(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> PageResult<MembersPage> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let today = app.today();
    let day = p.date("as_of")?.unwrap_or(today);
    let dir = app.directory();
    let row = |url: String, name: String, code: String, periods: &[StatusPeriod]| {
        let on = status_on(periods, day);
        StatusRow {
            url,
            name,
            code,
            since: on
                .and_then(|o| o.period.from)
                .map(|f| f.human())
                .unwrap_or_else(|| "date not known".into()),
            unconfirmed: on.is_some_and(|o| !o.confirmed),
            note: on
                .and_then(|o| o.period.provenance.note.clone())
                .unwrap_or_default(),
        }
    };
    let states_with = |want: Participation| -> Vec<StatusRow> {
        let mut v: Vec<StatusRow> = dir
            .states
            .values()
            .filter(|s| status_on(&s.statuses, day).is_some_and(|o| o.status == want))
            .map(|s| {
                row(
                    format!("/states/{}", s.code),
                    s.name.clone(),
                    s.code.to_string(),
                    &s.statuses,
                )
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let orgs_with = |want: Participation| -> Vec<StatusRow> {
        dir.organizations
            .values()
            .filter(|o| status_on(&o.statuses, day).is_some_and(|s| s.status == want))
            .map(|o| {
                row(
                    format!("/organizations/{}", o.slug),
                    o.name.clone(),
                    o.acronym.clone().unwrap_or_default(),
                    &o.statuses,
                )
            })
            .collect()
    };
    Ok(MembersPage {
        l: Layout::new("Members and observers", "members"),
        as_of: iso(day),
        as_of_human: cica_domain::DateSpan::day(day).human(),
        is_today: day == today,
        chair: rules::chair_on(&dir.chairmanships, day).map(|c| state_link(&dir, &c.state)),
        members: states_with(Participation::Member),
        observers: states_with(Participation::Observer),
        observer_organizations: orgs_with(Participation::Observer),
        partners: orgs_with(Participation::Partner),
    })
}

// ---------------------------------------------------------------------------------------------

pub struct HistoryRow {
    pub status: String,
    pub from: String,
    pub until: String,
    pub unconfirmed: bool,
    pub note: String,
    pub sources: Vec<Link>,
}

fn history(periods: &[StatusPeriod], of_state: bool) -> Vec<HistoryRow> {
    periods
        .iter()
        .map(|p| HistoryRow {
            status: status_label(p.status, of_state).to_owned(),
            from: p
                .from
                .map(|d| d.human())
                .unwrap_or_else(|| "not known".into()),
            until: p.until.map(|d| d.human()).unwrap_or_default(),
            unconfirmed: p.provenance.unconfirmed,
            note: p.provenance.note.clone().unwrap_or_default(),
            sources: source_links(&p.provenance.sources),
        })
        .collect()
}

pub struct TermRow {
    pub from: String,
    pub until: String,
    pub theme: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "state.html")]
pub struct StatePage {
    l: Layout,
    code: String,
    name: String,
    official_name: String,
    status: String,
    since: String,
    unconfirmed: bool,
    also_known_as: String,
    history: Vec<HistoryRow>,
    terms: Vec<TermRow>,
    news: Vec<NewsCard>,
    more_news: bool,
    meetings: Vec<MeetingRow>,
    engagements: Vec<EngagementRow>,
    more_engagements: bool,
    treaties: Vec<crate::decisions::StateTreatyRow>,
}

pub async fn state(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(code): Path<String>,
) -> PageResult<StatePage> {
    let not_found = || {
        WebError::not_found(format!(
            "There is no state with the code “{code}” in the register."
        ))
    };
    let c = StateCode::parse(&code).map_err(|_| not_found())?;
    let dir = app.directory();
    let s = dir.states.get(&c).ok_or_else(not_found)?;
    let today = app.today();
    let now = current_status(&s.statuses, today);
    let news = app
        .store()
        .news(&NewsQuery {
            state: Some(c.clone()),
            limit: 6,
            ..NewsQuery::default()
        })
        .await?;
    let meetings = app
        .store()
        .meetings(&MeetingQuery {
            state: Some(c.clone()),
            order: Order::Descending,
            limit: 50,
            ..MeetingQuery::default()
        })
        .await?;
    let engagements = app
        .store()
        .engagements(&EngagementQuery {
            state: Some(c.clone()),
            limit: 10,
            ..EngagementQuery::default()
        })
        .await?;
    let mut aka: Vec<String> = s
        .official_name
        .iter()
        .cloned()
        .chain(s.aliases.iter().cloned())
        .collect();
    aka.dedup();
    Ok(StatePage {
        l: Layout::new(&s.name, "members"),
        code: c.to_string(),
        name: s.name.clone(),
        official_name: s.official_name.clone().unwrap_or_default(),
        status: now.as_ref().map_or("Takes no part in CICA".into(), |n| {
            status_label(n.status, true).to_owned()
        }),
        since: now
            .as_ref()
            .and_then(|n| n.since_human.clone())
            .unwrap_or_default(),
        unconfirmed: now.as_ref().is_some_and(|n| !n.confirmed),
        also_known_as: aka.join(" · "),
        history: history(&s.statuses, true),
        terms: dir
            .chairmanships
            .iter()
            .filter(|t| t.state == c)
            .map(|t| TermRow {
                from: t.from.human(),
                until: t.until.map_or_else(|| "present".into(), |u| u.human()),
                theme: t.theme.clone().unwrap_or_default(),
            })
            .collect(),
        more_news: news.next.is_some(),
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        meetings: meetings
            .items
            .iter()
            .map(|m| meeting_row(m, &dir))
            .collect(),
        more_engagements: engagements.next.is_some(),
        treaties: crate::decisions::state_treaty_rows(&app.store().treaties().await?, &c, today),
        engagements: engagements
            .items
            .iter()
            .map(|e| engagement_row(e, &dir))
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "organization.html")]
pub struct OrganizationPage {
    l: Layout,
    name: String,
    acronym: String,
    kind: String,
    state: Option<Link>,
    website: String,
    status: String,
    history: Vec<HistoryRow>,
    note: String,
    news: Vec<NewsCard>,
    engagements: Vec<EngagementRow>,
}

pub async fn organization(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(slug): Path<String>,
) -> PageResult<OrganizationPage> {
    let not_found = || {
        WebError::not_found(format!(
            "There is no organization “{slug}” in the register."
        ))
    };
    let s = Slug::parse(&slug).map_err(|_| not_found())?;
    let dir = app.directory();
    let o = dir.organizations.get(&s).ok_or_else(not_found)?;
    let now = current_status(&o.statuses, app.today());
    let news = app
        .store()
        .news(&NewsQuery {
            organization: Some(s.clone()),
            limit: 10,
            ..NewsQuery::default()
        })
        .await?;
    let engagements = app
        .store()
        .engagements(&EngagementQuery {
            organization: Some(s.clone()),
            limit: 20,
            ..EngagementQuery::default()
        })
        .await?;
    Ok(OrganizationPage {
        l: Layout::new(&o.name, "members"),
        name: o.name.clone(),
        acronym: o.acronym.clone().unwrap_or_default(),
        kind: o.kind.as_str().replace('-', " "),
        state: o.state.as_ref().map(|c| state_link(&dir, c)),
        website: o.website.clone().unwrap_or_default(),
        status: now
            .map(|n| format!("{} of CICA", status_label(n.status, false)))
            .unwrap_or_default(),
        history: history(&o.statuses, false),
        note: o.provenance.note.clone().unwrap_or_default(),
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        engagements: engagements
            .items
            .iter()
            .map(|e| engagement_row(e, &dir))
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------

pub struct RoleRow {
    pub title: String,
    pub at: Link,
    pub period: String,
    pub unconfirmed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    l: Layout,
    name: String,
    aliases: String,
    roles: Vec<RoleRow>,
    note: String,
    news: Vec<NewsCard>,
    engagements: Vec<EngagementRow>,
}

pub async fn person(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(slug): Path<String>,
) -> PageResult<PersonPage> {
    let not_found = || WebError::not_found(format!("There is no person “{slug}” in the register."));
    let s = Slug::parse(&slug).map_err(|_| not_found())?;
    let dir = app.directory();
    let p = dir.people.get(&s).ok_or_else(not_found)?;
    let news = app
        .store()
        .news(&NewsQuery {
            person: Some(s.clone()),
            limit: 10,
            ..NewsQuery::default()
        })
        .await?;
    let engagements = app
        .store()
        .engagements(&EngagementQuery {
            person: Some(s.clone()),
            limit: 20,
            ..EngagementQuery::default()
        })
        .await?;
    let roles = p
        .roles
        .iter()
        .map(|r| RoleRow {
            title: r.title.clone(),
            at: match &r.affiliation {
                Affiliation::State(c) => state_link(&dir, c),
                Affiliation::Organization(o) => organization_link(&dir, o),
                Affiliation::Body(b) => Link {
                    url: format!("/bodies/{b}"),
                    label: dir.body_name(b).to_owned(),
                },
            },
            period: match (r.from, r.until) {
                (Some(f), Some(u)) => format!("{} – {}", f.human(), u.human()),
                (Some(f), None) => format!("since {}", f.human()),
                (None, Some(u)) => format!("until {}", u.human()),
                (None, None) => String::new(),
            },
            unconfirmed: r.provenance.unconfirmed,
        })
        .collect();
    Ok(PersonPage {
        l: Layout::new(&p.name, ""),
        name: p.name.clone(),
        aliases: p.aliases.join(" · "),
        roles,
        note: p.provenance.note.clone().unwrap_or_default(),
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        engagements: engagements
            .items
            .iter()
            .map(|e| engagement_row(e, &dir))
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------

pub struct BodyRow {
    pub url: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
}

pub struct BodyGroup {
    pub heading: String,
    pub bodies: Vec<BodyRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "bodies.html")]
pub struct BodiesPage {
    l: Layout,
    groups: Vec<BodyGroup>,
}

fn kind_heading(k: BodyKind) -> &'static str {
    match k {
        BodyKind::PolicyMakingOrgan => "Policy-making organs",
        BodyKind::WorkingBody => "Working bodies",
        BodyKind::Secretariat => "The Secretariat",
        BodyKind::AdvisoryBody => "Advisory bodies",
        BodyKind::Fund => "The CICA Fund",
        BodyKind::Subsidiary => "Subsidiary bodies",
    }
}

pub async fn bodies(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<BodiesPage> {
    let dir = app.directory();
    let groups = BodyKind::ALL
        .iter()
        .map(|k| BodyGroup {
            heading: kind_heading(*k).to_owned(),
            bodies: dir
                .bodies
                .values()
                .filter(|b| b.kind == *k)
                .map(|b| BodyRow {
                    url: format!("/bodies/{}", b.slug),
                    name: b.name.clone(),
                    short_name: b.short_name.clone().unwrap_or_default(),
                    description: b.description.clone(),
                })
                .collect(),
        })
        .filter(|g| !g.bodies.is_empty())
        .collect();
    Ok(BodiesPage {
        l: Layout::new("Organs and bodies", "bodies"),
        groups,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "body.html")]
pub struct BodyPage {
    l: Layout,
    slug: String,
    name: String,
    short_name: String,
    kind: String,
    parent: Option<Link>,
    children: Vec<Link>,
    established: String,
    unconfirmed: bool,
    note: String,
    description: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    news: Vec<NewsCard>,
}

pub async fn body(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(slug): Path<String>,
) -> PageResult<BodyPage> {
    let not_found = || WebError::not_found(format!("There is no body “{slug}” in the register."));
    let s = Slug::parse(&slug).map_err(|_| not_found())?;
    let dir = app.directory();
    let b = dir.bodies.get(&s).ok_or_else(not_found)?;
    let today = app.today();
    let upcoming = app
        .store()
        .meetings(&MeetingQuery {
            body: Some(s.clone()),
            from: Some(today),
            limit: 20,
            ..MeetingQuery::default()
        })
        .await?;
    let past = app
        .store()
        .meetings(&MeetingQuery {
            body: Some(s.clone()),
            ended_before: Some(today),
            order: Order::Descending,
            limit: 100,
            ..MeetingQuery::default()
        })
        .await?;
    let news = app
        .store()
        .news(&NewsQuery {
            body: Some(s.clone()),
            limit: 6,
            ..NewsQuery::default()
        })
        .await?;
    Ok(BodyPage {
        l: Layout::new(&b.name, "bodies"),
        slug: s.to_string(),
        name: b.name.clone(),
        short_name: b.short_name.clone().unwrap_or_default(),
        kind: kind_heading(b.kind).trim_end_matches('s').to_owned(),
        parent: b.parent.as_ref().map(|p| Link {
            url: format!("/bodies/{p}"),
            label: dir.body_name(p).to_owned(),
        }),
        children: dir
            .bodies
            .values()
            .filter(|c| c.parent.as_ref() == Some(&s))
            .map(|c| Link {
                url: format!("/bodies/{}", c.slug),
                label: c.name.clone(),
            })
            .collect(),
        established: b.established.map(|d| d.human()).unwrap_or_default(),
        unconfirmed: b.provenance.unconfirmed,
        note: b.provenance.note.clone().unwrap_or_default(),
        description: b.description.clone(),
        upcoming: upcoming
            .items
            .iter()
            .map(|m| meeting_row(m, &dir))
            .collect(),
        past: past.items.iter().map(|m| meeting_row(m, &dir)).collect(),
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
    })
}

// ---------------------------------------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    l: Layout,
    today: String,
    bodies: Vec<Choice>,
    body_query: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    older: Option<String>,
}

pub async fn calendar(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> PageResult<CalendarPage> {
    let p = Params::parse(q.as_deref(), &["body", "cursor"], true)?;
    let dir = app.directory();
    let body = crate::api::known_body(&dir, "body", p.slug("body")?)?;
    let after = p.cursor()?;
    let today = app.today();
    let upcoming = if after.is_none() {
        app.store()
            .meetings(&MeetingQuery {
                body: body.clone(),
                from: Some(today),
                limit: 100,
                ..MeetingQuery::default()
            })
            .await?
            .items
    } else {
        Vec::new()
    };
    let past = app
        .store()
        .meetings(&MeetingQuery {
            body: body.clone(),
            ended_before: Some(today),
            order: Order::Descending,
            after,
            limit: 25,
            ..MeetingQuery::default()
        })
        .await?;
    Ok(CalendarPage {
        l: Layout::new("Calendar", "calendar"),
        today: cica_domain::DateSpan::day(today).human(),
        bodies: dir
            .bodies
            .values()
            .map(|b| Choice {
                value: b.slug.to_string(),
                label: b.name.clone(),
                selected: body.as_ref() == Some(&b.slug),
            })
            .collect(),
        body_query: body
            .as_ref()
            .map(|b| format!("?body={b}"))
            .unwrap_or_default(),
        upcoming: upcoming.iter().map(|m| meeting_row(m, &dir)).collect(),
        older: past
            .next
            .as_ref()
            .map(|c| format!("/calendar?{}", with_cursor(q.as_deref(), &c.to_string()))),
        past: past.items.iter().map(|m| meeting_row(m, &dir)).collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    l: Layout,
    row: MeetingRow,
    time: String,
    informal: bool,
    series_note: String,
    summary: String,
    chair: Vec<Link>,
    host: Option<Link>,
    outcomes: Vec<(String, String)>,
    /// Decisions taken at the meeting, in the register.
    decisions: Vec<crate::decisions::DecisionRow>,
    states: Vec<Link>,
    organizations: Vec<Link>,
    next: Option<MeetingRow>,
    news: Vec<Link>,
    unconfirmed: bool,
    note: String,
    sources: Vec<Link>,
}

fn act_label(a: cica_domain::Act) -> &'static str {
    use cica_domain::Act::*;
    match a {
        Adopted => "Adopted",
        Endorsed => "Endorsed",
        Approved => "Approved",
        Established => "Established",
        TookNote => "Took note of",
        Elected => "Elected",
        Admitted => "Admitted",
        Decided => "Decided",
        Signed => "Signed",
        Discussed => "Discussed",
    }
}

pub async fn meeting(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Path(id): Path<String>,
) -> PageResult<MeetingPage> {
    let not_found = || WebError::not_found(format!("There is no meeting “{id}” in the calendar."));
    let s = Slug::parse(&id).map_err(|_| not_found())?;
    let m = app.store().meeting(&s).await?.ok_or_else(not_found)?;
    let dir = app.directory();
    let next = match &m.next {
        Some(n) => app.store().meeting(n).await?.map(|n| meeting_row(&n, &dir)),
        None => None,
    };
    let mut news = Vec::new();
    for slug in &m.news {
        if let Some(item) = app.store().news_item(slug).await? {
            news.push(Link {
                url: format!("/news/{slug}"),
                label: item.title,
            });
        }
    }
    let mut chair: Vec<Link> = m
        .chair_person
        .iter()
        .map(|p| person_link(&dir, p))
        .collect();
    chair.extend(m.chair_state.iter().map(|c| state_link(&dir, c)));
    Ok(MeetingPage {
        l: Layout::new(
            &rules::meeting_title(&m, dir.bodies.get(&m.body)),
            "calendar",
        ),
        row: meeting_row(&m, &dir),
        time: m.time.map(|t| t.iso()).unwrap_or_default(),
        informal: m.informal,
        series_note: m.series_note.clone().unwrap_or_default(),
        summary: m.summary.clone().unwrap_or_default(),
        chair,
        host: m.host.as_ref().map(|c| state_link(&dir, c)),
        outcomes: m
            .outcomes
            .iter()
            .map(|o| (act_label(o.act).to_owned(), o.text.clone()))
            .collect(),
        decisions: crate::decisions::meeting_decisions(&app, &m.id).await?,
        states: m.states.iter().map(|c| state_link(&dir, c)).collect(),
        organizations: m
            .organizations
            .iter()
            .map(|o| organization_link(&dir, o))
            .collect(),
        next,
        news,
        unconfirmed: m.provenance.unconfirmed,
        note: m.provenance.note.clone().unwrap_or_default(),
        sources: source_links(&m.provenance.sources),
    })
}

// ---------------------------------------------------------------------------------------------

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

pub async fn news(State(app): State<AppState>, RawQuery(q): RawQuery) -> PageResult<NewsPage> {
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
    brief: bool,
    date_note: String,
    paragraphs: Vec<String>,
    states: Vec<Link>,
    bodies: Vec<Link>,
    people: Vec<Link>,
    organizations: Vec<Link>,
    source: String,
    issue: String,
    photos: Vec<crate::api::PhotoView>,
    slug: String,
    /// A draft, shown only to the Secretariat.
    draft: bool,
    /// The session's form token, for the Secretariat's forms; empty without a session.
    csrf: String,
    /// The record's history, for the Secretariat.
    history: Vec<crate::accounts::HistoryRow>,
}

pub async fn news_item(
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
    let history = crate::accounts::history(&app, &actor, &format!("news/{s}")).await?;
    Ok(NewsItemPage {
        slug: s.to_string(),
        draft: n.draft,
        csrf: crate::accounts::form_token(session.as_ref()),
        history,
        l: Layout::new(&n.title, "news"),
        title: n.title.clone(),
        place: n
            .dateline
            .as_ref()
            .map(|d| d.place.clone())
            .unwrap_or_default(),
        date_label: n.dateline.as_ref().map_or_else(
            || cica_domain::DateSpan::day(n.date).human(),
            |d| d.span.human(),
        ),
        brief: n.kind == NewsKind::Brief,
        date_note: if n.date_confirmed {
            String::new()
        } else {
            n.date_note
                .clone()
                .unwrap_or_else(|| "date inferred".into())
        },
        paragraphs: n.paragraphs().map(str::to_owned).collect(),
        states: n.states.iter().map(|c| state_link(&dir, c)).collect(),
        bodies: n.bodies.iter().map(|b| body_link(&dir, b)).collect(),
        people: n.people.iter().map(|p| person_link(&dir, p)).collect(),
        organizations: n
            .organizations
            .iter()
            .map(|o| organization_link(&dir, o))
            .collect(),
        source: n.source.clone(),
        issue: n.issue.map(|q| q.to_string()).unwrap_or_default(),
        photos: crate::api::photo_views(&n),
    })
}

// ---------------------------------------------------------------------------------------------

pub struct QuietRow {
    pub state: Link,
    pub status: String,
    pub last: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "engagements.html")]
pub struct EngagementsPage {
    l: Layout,
    heading: String,
    states: Vec<Choice>,
    organizations: Vec<Choice>,
    items: Vec<EngagementRow>,
    older: Option<String>,
    since: String,
    since_human: String,
    quiet: Vec<QuietRow>,
    show_quiet: bool,
}

pub async fn engagements(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    RawQuery(q): RawQuery,
) -> PageResult<EngagementsPage> {
    let p = Params::parse(
        q.as_deref(),
        &["state", "organization", "not_since", "cursor"],
        true,
    )?;
    // Who has not been engaged lately is the Secretariat's working tool, not a public page.
    let show_quiet = actor.is_secretariat();
    let dir = app.directory();
    let today = app.today();
    let state = known_state(&dir, "state", p.state("state")?)?;
    let organization = known_organization(&dir, "organization", p.slug("organization")?)?;
    let since = p
        .date("not_since")?
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
    let page = app
        .store()
        .engagements(&EngagementQuery {
            state: state.clone(),
            organization: organization.clone(),
            after: p.cursor()?,
            limit: 30,
            ..EngagementQuery::default()
        })
        .await?;
    let last: std::collections::BTreeMap<StateCode, Option<NaiveDate>> = app
        .store()
        .last_engaged()
        .await?
        .into_iter()
        .filter(|(c, _)| {
            dir.states
                .get(c)
                .is_some_and(|s| status_on(&s.statuses, today).is_some())
        })
        .collect();
    let mut quiet = if show_quiet {
        rules::not_engaged_since(&last, since)
    } else {
        Vec::new()
    };
    // Longest-quiet first, then by name as readers look for them.
    quiet.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| dir.state_name(&a.0).cmp(dir.state_name(&b.0)))
    });
    let quiet = quiet
        .into_iter()
        .map(|(c, d)| QuietRow {
            status: dir
                .states
                .get(&c)
                .and_then(|s| status_on(&s.statuses, today))
                .map(|o| status_label(o.status, true).to_owned())
                .unwrap_or_default(),
            state: state_link(&dir, &c),
            last: d.map_or_else(
                || "no engagement recorded".into(),
                |d| cica_domain::DateSpan::day(d).human(),
            ),
        })
        .collect();
    let mut states: Vec<Choice> = dir
        .states
        .values()
        .filter(|s| status_on(&s.statuses, today).is_some())
        .map(|s| Choice {
            value: s.code.to_string(),
            label: s.name.clone(),
            selected: state.as_ref() == Some(&s.code),
        })
        .collect();
    states.sort_by(|a, b| a.label.cmp(&b.label));
    let mut organizations: Vec<Choice> = dir
        .organizations
        .values()
        .map(|o| Choice {
            value: o.slug.to_string(),
            label: o.name.clone(),
            selected: organization.as_ref() == Some(&o.slug),
        })
        .collect();
    organizations.sort_by(|a, b| a.label.cmp(&b.label));
    let heading = match (&state, &organization) {
        (Some(s), _) => format!("Engagements with {}", dir.state_name(s)),
        (_, Some(o)) => format!("Engagements with {}", dir.organization_name(o)),
        _ => "The Secretariat's engagements".into(),
    };
    Ok(EngagementsPage {
        l: Layout::new(&heading, "engagements"),
        heading,
        states,
        organizations,
        items: page.items.iter().map(|e| engagement_row(e, &dir)).collect(),
        older: page
            .next
            .as_ref()
            .map(|c| format!("/engagements?{}", with_cursor(q.as_deref(), &c.to_string()))),
        since: iso(since),
        since_human: cica_domain::DateSpan::day(since).human(),
        quiet,
        show_quiet,
    })
}

/// Any address the portal does not know.
pub async fn not_found() -> Response {
    let mut r = PageError(WebError::not_found("There is no page at this address.")).into_response();
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}
