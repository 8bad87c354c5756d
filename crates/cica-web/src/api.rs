//! The JSON API under `/api/v1/`.
//!
//! Field names here are a public contract (documented in `docs/api.md`): the view types below
//! are written by hand from the domain records so that a change in the model never changes
//! the API by accident. Every list answers `{"items": [...], "next": cursor-or-null}`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::NaiveDate;
use cica_domain::{
    Affiliation, Body, Chairmanship, Engagement, Meeting, NewsItem, Organization, Participation,
    Person, Slug, State as CicaState, StateCode, StatusPeriod, rules,
};
use cica_store::{EngagementQuery, MeetingQuery, NewsQuery, Order};
use serde::Serialize;

use crate::error::{ApiError, WebError};
use crate::params::Params;
use crate::present::{current_status, iso};
use crate::state::{AppState, Directory};

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A page of a list.
#[derive(Serialize)]
pub struct List<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

#[derive(Serialize)]
pub struct StatusPeriodView {
    status: &'static str,
    from: Option<String>,
    until: Option<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

fn periods(p: &[StatusPeriod]) -> Vec<StatusPeriodView> {
    p.iter()
        .map(|p| StatusPeriodView {
            status: p.status.as_str(),
            from: p.from.map(|d| d.iso()),
            until: p.until.map(|d| d.iso()),
            unconfirmed: p.provenance.unconfirmed,
            note: p.provenance.note.clone(),
            sources: p.provenance.sources.clone(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct StateView {
    code: String,
    name: String,
    /// `member`, `observer`, or null for a state that takes no part (on the day asked).
    status: Option<&'static str>,
    /// When the current status began, at the precision known (`2014-05`, `2011`).
    since: Option<String>,
    /// False when the sources leave the status or its date uncertain.
    confirmed: bool,
    url: String,
}

#[derive(Serialize)]
pub struct StateDetailView {
    #[serde(flatten)]
    summary: StateView,
    official_name: Option<String>,
    aliases: Vec<String>,
    adjectives: Vec<String>,
    history: Vec<StatusPeriodView>,
    chairmanships: Vec<ChairmanshipView>,
    note: Option<String>,
    sources: Vec<String>,
}

fn state_view(s: &CicaState, day: NaiveDate) -> StateView {
    let now = current_status(&s.statuses, day);
    StateView {
        code: s.code.to_string(),
        name: s.name.clone(),
        status: now.as_ref().map(|n| n.status.as_str()),
        since: now.as_ref().and_then(|n| n.since.clone()),
        confirmed: now.as_ref().is_some_and(|n| n.confirmed),
        url: format!("/states/{}", s.code),
    }
}

#[derive(Serialize)]
pub struct OrganizationView {
    slug: String,
    name: String,
    acronym: Option<String>,
    kind: &'static str,
    state: Option<String>,
    status: Option<&'static str>,
    since: Option<String>,
    confirmed: bool,
    url: String,
}

#[derive(Serialize)]
pub struct OrganizationDetailView {
    #[serde(flatten)]
    summary: OrganizationView,
    aliases: Vec<String>,
    website: Option<String>,
    history: Vec<StatusPeriodView>,
    note: Option<String>,
    sources: Vec<String>,
}

fn organization_view(o: &Organization, day: NaiveDate) -> OrganizationView {
    let now = current_status(&o.statuses, day);
    OrganizationView {
        slug: o.slug.to_string(),
        name: o.name.clone(),
        acronym: o.acronym.clone(),
        kind: o.kind.as_str(),
        state: o.state.as_ref().map(ToString::to_string),
        status: now.as_ref().map(|n| n.status.as_str()),
        since: now.as_ref().and_then(|n| n.since.clone()),
        confirmed: now.as_ref().is_some_and(|n| n.confirmed),
        url: format!("/organizations/{}", o.slug),
    }
}

#[derive(Serialize)]
pub struct RoleView {
    title: String,
    /// `state`, `organization` or `body`.
    affiliation_kind: &'static str,
    affiliation: String,
    affiliation_name: String,
    from: Option<String>,
    until: Option<String>,
    unconfirmed: bool,
}

#[derive(Serialize)]
pub struct PersonView {
    slug: String,
    name: String,
    /// The current or best-known title.
    title: Option<String>,
    url: String,
}

#[derive(Serialize)]
pub struct PersonDetailView {
    #[serde(flatten)]
    summary: PersonView,
    aliases: Vec<String>,
    roles: Vec<RoleView>,
    note: Option<String>,
    sources: Vec<String>,
}

fn person_view(p: &Person) -> PersonView {
    PersonView {
        slug: p.slug.to_string(),
        name: p.name.clone(),
        title: p.roles.first().map(|r| r.title.clone()),
        url: format!("/people/{}", p.slug),
    }
}

fn role_view(r: &cica_domain::Role, dir: &Directory) -> RoleView {
    let (kind, key, name) = match &r.affiliation {
        Affiliation::State(c) => ("state", c.to_string(), dir.state_name(c).to_owned()),
        Affiliation::Organization(s) => (
            "organization",
            s.to_string(),
            dir.organization_name(s).to_owned(),
        ),
        Affiliation::Body(s) => ("body", s.to_string(), dir.body_name(s).to_owned()),
    };
    RoleView {
        title: r.title.clone(),
        affiliation_kind: kind,
        affiliation: key,
        affiliation_name: name,
        from: r.from.map(|d| d.iso()),
        until: r.until.map(|d| d.iso()),
        unconfirmed: r.provenance.unconfirmed,
    }
}

#[derive(Serialize)]
pub struct BodyView {
    slug: String,
    name: String,
    short_name: Option<String>,
    kind: &'static str,
    parent: Option<String>,
    established: Option<String>,
    description: String,
    url: String,
}

fn body_view(b: &Body) -> BodyView {
    BodyView {
        slug: b.slug.to_string(),
        name: b.name.clone(),
        short_name: b.short_name.clone(),
        kind: b.kind.as_str(),
        parent: b.parent.as_ref().map(ToString::to_string),
        established: b.established.map(|d| d.iso()),
        description: b.description.clone(),
        url: format!("/bodies/{}", b.slug),
    }
}

#[derive(Serialize)]
pub struct PriorityView {
    number: usize,
    text: String,
}

#[derive(Serialize)]
pub struct ChairmanshipView {
    state: String,
    state_name: String,
    from: String,
    until: Option<String>,
    theme: Option<String>,
    priorities: Vec<PriorityView>,
    soc_chair: Option<String>,
    /// Whether this term was in office on the day asked (today by default).
    current: bool,
    unconfirmed: bool,
    note: Option<String>,
}

fn chairmanship_view(c: &Chairmanship, dir: &Directory, current: bool) -> ChairmanshipView {
    ChairmanshipView {
        state: c.state.to_string(),
        state_name: dir.state_name(&c.state).to_owned(),
        from: c.from.iso(),
        until: c.until.map(|d| d.iso()),
        theme: c.theme.clone(),
        priorities: c
            .priorities
            .iter()
            .enumerate()
            .map(|(i, t)| PriorityView {
                number: i + 1,
                text: t.clone(),
            })
            .collect(),
        soc_chair: c.soc_chair.as_ref().map(ToString::to_string),
        current,
        unconfirmed: c.provenance.unconfirmed,
        note: c.provenance.note.clone(),
    }
}

#[derive(Serialize)]
pub struct WhenView {
    start: String,
    end: String,
    /// True for an announced time such as "summer 2025": `start`/`end` then bound it.
    approximate: bool,
    label: String,
    /// Local start time with UTC offset, when announced (`10:00+05:00`).
    time: Option<String>,
}

#[derive(Serialize)]
pub struct OutcomeView {
    act: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct MeetingView {
    id: String,
    title: String,
    body: String,
    number: Option<u32>,
    date: WhenView,
    city: Option<String>,
    country: Option<String>,
    format: &'static str,
    status: &'static str,
    informal: bool,
    host: Option<String>,
    chair_state: Option<String>,
    chair_person: Option<String>,
    states: Vec<String>,
    organizations: Vec<String>,
    series_note: Option<String>,
    summary: Option<String>,
    outcomes: Vec<OutcomeView>,
    next: Option<String>,
    news: Vec<String>,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

pub fn meeting_view(m: &Meeting, dir: &Directory) -> MeetingView {
    let span = m.when.span();
    MeetingView {
        id: m.id.to_string(),
        title: rules::meeting_title(m, dir.bodies.get(&m.body)),
        body: m.body.to_string(),
        number: m.number,
        date: WhenView {
            start: iso(span.start()),
            end: iso(span.end()),
            approximate: !m.when.is_exact(),
            label: m.when.human(),
            time: m.time.map(|t| t.iso()),
        },
        city: m.city.clone(),
        country: m.country.as_ref().map(ToString::to_string),
        format: m.format.as_str(),
        status: m.status.as_str(),
        informal: m.informal,
        host: m.host.as_ref().map(ToString::to_string),
        chair_state: m.chair_state.as_ref().map(ToString::to_string),
        chair_person: m.chair_person.as_ref().map(ToString::to_string),
        states: m.states.iter().map(ToString::to_string).collect(),
        organizations: m.organizations.iter().map(ToString::to_string).collect(),
        series_note: m.series_note.clone(),
        summary: m.summary.clone(),
        outcomes: m
            .outcomes
            .iter()
            .map(|o| OutcomeView {
                act: o.act.as_str(),
                text: o.text.clone(),
            })
            .collect(),
        next: m.next.as_ref().map(ToString::to_string),
        news: m.news.iter().map(ToString::to_string).collect(),
        unconfirmed: m.provenance.unconfirmed,
        note: m.provenance.note.clone(),
        url: format!("/meetings/{}", m.id),
    }
}

#[derive(Serialize)]
pub struct CounterpartView {
    person: String,
    name: String,
    title: Option<String>,
    state: Option<String>,
    organization: Option<String>,
}

#[derive(Serialize)]
pub struct EngagementView {
    id: String,
    start: String,
    end: String,
    city: Option<String>,
    country: Option<String>,
    kind: &'static str,
    secretariat: Vec<String>,
    counterparts: Vec<CounterpartView>,
    states: Vec<String>,
    organizations: Vec<String>,
    topics: Vec<String>,
    summary: Option<String>,
    news: Option<String>,
    /// True when the date is only known to lie between `start` and `end`.
    unconfirmed: bool,
    note: Option<String>,
}

pub(crate) fn engagement_view(e: &Engagement, dir: &Directory) -> EngagementView {
    EngagementView {
        id: e.id.to_string(),
        start: iso(e.when.start()),
        end: iso(e.when.end()),
        city: e.city.clone(),
        country: e.country.as_ref().map(ToString::to_string),
        kind: e.kind.as_str(),
        secretariat: e.secretariat.iter().map(ToString::to_string).collect(),
        counterparts: e
            .counterparts
            .iter()
            .map(|c| CounterpartView {
                person: c.person.to_string(),
                name: dir.person_name(&c.person).to_owned(),
                title: c.title.clone().or_else(|| {
                    dir.people
                        .get(&c.person)
                        .and_then(|p| p.roles.first())
                        .map(|r| r.title.clone())
                }),
                state: c.state.as_ref().map(ToString::to_string),
                organization: c.organization.as_ref().map(ToString::to_string),
            })
            .collect(),
        states: e.states.iter().map(ToString::to_string).collect(),
        organizations: e.organizations.iter().map(ToString::to_string).collect(),
        topics: e.topics.clone(),
        summary: e.summary.clone(),
        news: e.news.as_ref().map(ToString::to_string),
        unconfirmed: e.provenance.unconfirmed,
        note: e.provenance.note.clone(),
    }
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
}

pub fn photo_views(n: &NewsItem) -> Vec<PhotoView> {
    n.photos
        .iter()
        .map(|p| PhotoView {
            url: format!("/media/{}", p.media),
            caption: p.caption.clone(),
            credit: p.credit.clone(),
        })
        .collect()
}

fn news_view(n: &NewsItem) -> NewsView {
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
        states: n.states.iter().map(ToString::to_string).collect(),
        bodies: n.bodies.iter().map(ToString::to_string).collect(),
        people: n.people.iter().map(ToString::to_string).collect(),
        organizations: n.organizations.iter().map(ToString::to_string).collect(),
        spotlight: n.spotlight,
        activities: n.activities,
        issue: n.issue.map(|q| q.to_string()),
        language: n.language.clone(),
        url: format!("/news/{}", n.slug),
    }
}

/// Pages an in-memory list ordered by key: items after `cursor`, at most `limit`.
fn page_by_key<T, V>(
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

fn path_code(text: &str, what: &str) -> Result<StateCode, WebError> {
    StateCode::parse(text)
        .map_err(|_| WebError::not_found(format!("no {what} has the code `{text}`")))
}

fn path_slug(text: &str, what: &str) -> Result<Slug, WebError> {
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

pub async fn states(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<StateView>> {
    let p = Params::parse(q.as_deref(), &["status", "as_of", "limit", "cursor"], true)?;
    let status = p
        .choice("status", &["member", "observer", "participating", "all"])?
        .unwrap_or("participating");
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    let items: Vec<&CicaState> = dir
        .states
        .values()
        .filter(|s| {
            let now = cica_domain::status_on(&s.statuses, day).map(|o| o.status);
            match status {
                "member" => now == Some(Participation::Member),
                "observer" => now == Some(Participation::Observer),
                "participating" => now.is_some(),
                _ => true,
            }
        })
        .collect();
    Ok(Json(page_by_key(
        items,
        |s| s.code.to_string(),
        cursor.as_deref(),
        limit,
        |s| state_view(s, day),
    )))
}

pub async fn state(
    State(app): State<AppState>,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<StateDetailView> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let code = path_code(&code, "state")?;
    let dir = app.directory();
    let s = dir
        .states
        .get(&code)
        .ok_or_else(|| WebError::not_found(format!("no state has the code `{code}`")))?;
    let current = rules::chair_on(&dir.chairmanships, day);
    Ok(Json(StateDetailView {
        summary: state_view(s, day),
        official_name: s.official_name.clone(),
        aliases: s.aliases.clone(),
        adjectives: s.adjectives.clone(),
        history: periods(&s.statuses),
        chairmanships: dir
            .chairmanships
            .iter()
            .filter(|c| c.state == code)
            .map(|c| chairmanship_view(c, &dir, current.is_some_and(|cur| std::ptr::eq(cur, c))))
            .collect(),
        note: s.provenance.note.clone(),
        sources: s.provenance.sources.clone(),
    }))
}

#[derive(Serialize)]
pub struct LastEngagedView {
    code: String,
    name: String,
    status: Option<&'static str>,
    last_engaged: Option<String>,
}

/// `GET /api/v1/states/last-engaged`: the Secretariat's working list of who has not been
/// engaged lately; editors and administrators only.
pub async fn last_engaged(
    State(app): State<AppState>,
    crate::write::Secretariat(_actor): crate::write::Secretariat,
    RawQuery(q): RawQuery,
) -> ApiResult<List<LastEngagedView>> {
    let p = Params::parse(q.as_deref(), &["not_since", "limit", "cursor"], true)?;
    let not_since = p.date("not_since")?;
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let today = app.today();
    let dir = app.directory();
    let mut rows: Vec<(StateCode, Option<NaiveDate>)> = app
        .store()
        .last_engaged()
        .await?
        .into_iter()
        .filter(|(c, _)| {
            dir.states
                .get(c)
                .is_some_and(|s| cica_domain::status_on(&s.statuses, today).is_some())
        })
        .collect();
    if let Some(since) = not_since {
        let map = rows.into_iter().collect();
        rows = rules::not_engaged_since(&map, since);
    }
    // Longest-quiet first (never engaged, then the oldest last engagement), then by code; the
    // cursor is that same key, e.g. `2025-01-20-kaz`, `0000-00-00-bhr` for never.
    rows.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let key = |(code, last): &(StateCode, Option<NaiveDate>)| {
        format!(
            "{}-{}",
            last.map_or("0000-00-00".to_owned(), |d| d
                .format("%Y-%m-%d")
                .to_string()),
            code.as_str().to_ascii_lowercase()
        )
    };
    Ok(Json(page_by_key(
        rows,
        key,
        cursor.as_deref(),
        limit,
        |(code, last)| LastEngagedView {
            name: dir.state_name(code).to_owned(),
            status: dir
                .states
                .get(code)
                .and_then(|s| cica_domain::status_on(&s.statuses, today))
                .map(|o| o.status.as_str()),
            code: code.to_string(),
            last_engaged: last.map(iso),
        },
    )))
}

pub async fn organizations(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<OrganizationView>> {
    let p = Params::parse(q.as_deref(), &["status", "as_of", "limit", "cursor"], true)?;
    let status = p
        .choice("status", &["observer", "partner", "any", "all"])?
        .unwrap_or("all");
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    let items: Vec<&Organization> = dir
        .organizations
        .values()
        .filter(|o| {
            let now = cica_domain::status_on(&o.statuses, day).map(|s| s.status);
            match status {
                "observer" => now == Some(Participation::Observer),
                "partner" => now == Some(Participation::Partner),
                "any" => now.is_some(),
                _ => true,
            }
        })
        .collect();
    Ok(Json(page_by_key(
        items,
        |o| o.slug.to_string(),
        cursor.as_deref(),
        limit,
        |o| organization_view(o, day),
    )))
}

pub async fn organization(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<OrganizationDetailView> {
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "organization")?;
    let dir = app.directory();
    let o = dir
        .organizations
        .get(&slug)
        .ok_or_else(|| WebError::not_found(format!("no organization has the slug `{slug}`")))?;
    Ok(Json(OrganizationDetailView {
        summary: organization_view(o, app.today()),
        aliases: o.aliases.clone(),
        website: o.website.clone(),
        history: periods(&o.statuses),
        note: o.provenance.note.clone(),
        sources: o.provenance.sources.clone(),
    }))
}

pub async fn people(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<PersonView>> {
    let p = Params::parse(q.as_deref(), &["limit", "cursor"], true)?;
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    Ok(Json(page_by_key(
        dir.people.values().collect(),
        |p| p.slug.to_string(),
        cursor.as_deref(),
        limit,
        |p| person_view(p),
    )))
}

pub async fn person(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<PersonDetailView> {
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "person")?;
    let dir = app.directory();
    let p = dir
        .people
        .get(&slug)
        .ok_or_else(|| WebError::not_found(format!("no person has the slug `{slug}`")))?;
    Ok(Json(PersonDetailView {
        summary: person_view(p),
        aliases: p.aliases.clone(),
        roles: p.roles.iter().map(|r| role_view(r, &dir)).collect(),
        note: p.provenance.note.clone(),
        sources: p.provenance.sources.clone(),
    }))
}

pub async fn bodies(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<BodyView>> {
    let p = Params::parse(q.as_deref(), &["limit", "cursor"], true)?;
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    Ok(Json(page_by_key(
        dir.bodies.values().collect(),
        |b| b.slug.to_string(),
        cursor.as_deref(),
        limit,
        |b| body_view(b),
    )))
}

pub async fn body(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<BodyView> {
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "body")?;
    let dir = app.directory();
    let b = dir
        .bodies
        .get(&slug)
        .ok_or_else(|| WebError::not_found(format!("no body has the slug `{slug}`")))?;
    Ok(Json(body_view(b)))
}

pub async fn chairmanships(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ChairmanshipView>> {
    let p = Params::parse(q.as_deref(), &["as_of", "limit", "cursor"], true)?;
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    let current = rules::chair_on(&dir.chairmanships, day);
    let mut terms: Vec<&Chairmanship> = dir.chairmanships.iter().collect();
    terms.sort_by_key(|c| chairmanship_key(c));
    Ok(Json(page_by_key(
        terms,
        |c| chairmanship_key(c),
        cursor.as_deref(),
        limit,
        |c| chairmanship_view(c, &dir, current.is_some_and(|cur| std::ptr::eq(cur, *c))),
    )))
}

/// A term's place in the list and its cursor: the first day of the term, then the state
/// (`2024-12-17-aze`), so keys sort in time order.
fn chairmanship_key(c: &Chairmanship) -> String {
    format!(
        "{}-{}",
        c.from.first_day().format("%Y-%m-%d"),
        c.state.as_str().to_ascii_lowercase()
    )
}

pub async fn meetings(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<MeetingView>> {
    let p = Params::parse(
        q.as_deref(),
        &[
            "from",
            "to",
            "ended_before",
            "body",
            "state",
            "status",
            "order",
            "limit",
            "cursor",
        ],
        true,
    )?;
    let dir = app.directory();
    let (from, to) = p.date_range("from", "to")?;
    let status = p
        .choice("status", &["held", "planned"])?
        .and_then(cica_domain::MeetingStatus::parse);
    let order = match p.choice("order", &["asc", "desc"])? {
        Some("desc") => Order::Descending,
        _ => Order::Ascending,
    };
    let query = MeetingQuery {
        from,
        to,
        ended_before: p.date("ended_before")?,
        body: known_body(&dir, "body", p.slug("body")?)?,
        state: known_state(&dir, "state", p.state("state")?)?,
        status,
        order,
        after: p.cursor()?,
        limit: p.limit()?,
    };
    let page = app.store().meetings(&query).await?;
    Ok(Json(List {
        items: page.items.iter().map(|m| meeting_view(m, &dir)).collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

pub async fn meeting(
    State(app): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<MeetingView> {
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "meeting")?;
    let m = app
        .store()
        .meeting(&id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no meeting has the id `{id}`")))?;
    Ok(Json(meeting_view(&m, &app.directory())))
}

pub async fn engagements(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<EngagementView>> {
    let p = Params::parse(
        q.as_deref(),
        &[
            "from",
            "to",
            "state",
            "organization",
            "person",
            "limit",
            "cursor",
        ],
        true,
    )?;
    let dir = app.directory();
    let (from, to) = p.date_range("from", "to")?;
    let query = EngagementQuery {
        from,
        to,
        state: known_state(&dir, "state", p.state("state")?)?,
        organization: known_organization(&dir, "organization", p.slug("organization")?)?,
        person: known_person(&dir, "person", p.slug("person")?)?,
        after: p.cursor()?,
        limit: p.limit()?,
    };
    let page = app.store().engagements(&query).await?;
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|e| engagement_view(e, &dir))
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
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

pub async fn news(
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
    Ok(Json(List {
        items: page.items.iter().map(news_view).collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

pub async fn news_item(
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
    Ok(Json(NewsDetailView {
        summary: news_view(&n),
        date_note: n.date_note.clone(),
        source: n.source.clone(),
        body: n.paragraphs().map(str::to_owned).collect(),
        photos: photo_views(&n),
    }))
}

/// Any other address under `/api/`.
pub async fn not_found() -> ApiError {
    ApiError(WebError::not_found(
        "no such API endpoint; see /api/v1 for the list",
    ))
}
