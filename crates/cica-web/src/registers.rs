//! The registers area: states, organizations, people, bodies and chairmanships, as JSON under
//! `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::NaiveDate;
use cica_domain::{
    Affiliation, Body, BodyKind, Chairmanship, Organization, Participation, Person, Slug,
    State as CicaState, StateCode, StatusPeriod, rules, status_on,
};
use cica_store::{EngagementQuery, MeetingQuery, NewsQuery, Order};
use serde::Serialize;

use crate::api::{ApiResult, List, page_by_key, path_code, path_slug};
use crate::calendar::{EngagementRow, MeetingRow, engagement_row, meeting_row};
use crate::error::WebError;
use crate::news::{NewsCard, news_card};
use crate::pages::{Layout, Link, PageResult, organization_link, source_links, state_link};
use crate::params::Params;
use crate::present::{current_status, iso, status_label};
use crate::state::{AppState, Directory};

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

pub async fn members_page(
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

pub struct HistoryRow {
    pub status: String,
    pub from: String,
    pub until: String,
    pub unconfirmed: bool,
    pub note: String,
    pub sources: Vec<Link>,
}

pub(crate) fn history(periods: &[StatusPeriod], of_state: bool) -> Vec<HistoryRow> {
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
    treaties: Vec<crate::treaties::StateTreatyRow>,
}

pub async fn state_page(
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
        treaties: crate::treaties::state_treaty_rows(&app.store().treaties().await?, &c, today),
        engagements: engagements
            .items
            .iter()
            .map(|e| engagement_row(e, &dir))
            .collect(),
    })
}

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

pub async fn organization_page(
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

pub async fn person_page(
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

pub(crate) fn kind_heading(k: BodyKind) -> &'static str {
    match k {
        BodyKind::PolicyMakingOrgan => "Policy-making organs",
        BodyKind::WorkingBody => "Working bodies",
        BodyKind::Secretariat => "The Secretariat",
        BodyKind::AdvisoryBody => "Advisory bodies",
        BodyKind::Fund => "The CICA Fund",
        BodyKind::Subsidiary => "Subsidiary bodies",
    }
}

pub async fn bodies_page(
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

pub async fn body_page(
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

#[derive(Serialize)]
pub struct StatusPeriodView {
    status: &'static str,
    from: Option<String>,
    until: Option<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

pub(crate) fn periods(p: &[StatusPeriod]) -> Vec<StatusPeriodView> {
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

pub(crate) fn state_view(s: &CicaState, day: NaiveDate) -> StateView {
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

pub(crate) fn organization_view(o: &Organization, day: NaiveDate) -> OrganizationView {
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

pub(crate) fn person_view(p: &Person) -> PersonView {
    PersonView {
        slug: p.slug.to_string(),
        name: p.name.clone(),
        title: p.roles.first().map(|r| r.title.clone()),
        url: format!("/people/{}", p.slug),
    }
}

pub(crate) fn role_view(r: &cica_domain::Role, dir: &Directory) -> RoleView {
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

pub(crate) fn body_view(b: &Body) -> BodyView {
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

pub(crate) fn chairmanship_view(
    c: &Chairmanship,
    dir: &Directory,
    current: bool,
) -> ChairmanshipView {
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

pub async fn api_states(
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

pub async fn api_state(
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

pub async fn api_organizations(
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

pub async fn api_organization(
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

pub async fn api_people(
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

pub async fn api_person(
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

pub async fn api_bodies(
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

pub async fn api_body(
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

pub async fn api_chairmanships(
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
pub(crate) fn chairmanship_key(c: &Chairmanship) -> String {
    format!(
        "{}-{}",
        c.from.first_day().format("%Y-%m-%d"),
        c.state.as_str().to_ascii_lowercase()
    )
}
