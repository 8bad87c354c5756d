//! The registers area: states, organizations, people, bodies and chairmanships, as JSON under
//! `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::NaiveDate;
use cica_domain::{
    Affiliation, Body, BodyKind, Chairmanship, Organization, Participation, Person, Slug,
    State as CicaState, StateCode, StatusPeriod, rules,
};
use cica_store::{EngagementQuery, MeetingQuery, NewsQuery, Order};
use serde::Serialize;

use crate::api::{ApiResult, List, page_by_key, path_code, path_slug};
use crate::calendar::{EngagementRow, MeetingRow, engagement_row, meeting_row};
use crate::error::WebError;
use crate::input::{Fields, provenance, text_of};
use crate::news::{NewsCard, news_card};
use crate::pages::{Layout, Link, PageResult, Ref, source_links};
use crate::params::Params;
use crate::present::{CurrentStatus, Timed, current_status, iso, status_label};
use crate::state::{AppState, Directory};

// The models: one per resource, resolved against the registers once. The JSON views and the
// pages are both built from them, so the API and a page cannot disagree about a record.

/// A state as read on a day: the record and its standing then.
pub(crate) struct StateModel<'a> {
    pub record: &'a CicaState,
    pub now: Option<CurrentStatus>,
}

impl<'a> StateModel<'a> {
    pub(crate) fn new(record: &'a CicaState, day: NaiveDate) -> Self {
        StateModel {
            record,
            now: current_status(&record.statuses, day),
        }
    }

    fn url(&self) -> String {
        format!("/states/{}", self.record.code)
    }

    pub(crate) fn view(&self) -> StateView {
        StateView {
            code: self.record.code.to_string(),
            name: self.record.name.clone(),
            status: self.now.as_ref().map(|n| n.status.as_str()),
            since: self.now.as_ref().and_then(|n| n.since.clone()),
            confirmed: self.now.as_ref().is_some_and(|n| n.confirmed),
            url: self.url(),
        }
    }

    fn status_row(&self) -> StatusRow {
        StatusRow::new(
            self.url(),
            &self.record.name,
            self.record.code.to_string(),
            self.now.as_ref(),
        )
    }

    /// The names a state is also known by: its official name, then its aliases.
    fn also_known_as(&self) -> Vec<String> {
        let mut aka: Vec<String> = self
            .record
            .official_name
            .iter()
            .cloned()
            .chain(self.record.aliases.iter().cloned())
            .collect();
        aka.dedup();
        aka
    }
}

/// An organization as read on a day: the record, its standing then and the state it belongs to.
pub(crate) struct OrganizationModel<'a> {
    pub record: &'a Organization,
    pub now: Option<CurrentStatus>,
    pub state: Option<Ref>,
}

impl<'a> OrganizationModel<'a> {
    pub(crate) fn new(record: &'a Organization, day: NaiveDate, dir: &Directory) -> Self {
        OrganizationModel {
            record,
            now: current_status(&record.statuses, day),
            state: record.state.as_ref().map(|c| Ref::state(dir, c)),
        }
    }

    fn url(&self) -> String {
        format!("/organizations/{}", self.record.slug)
    }

    pub(crate) fn view(&self) -> OrganizationView {
        OrganizationView {
            slug: self.record.slug.to_string(),
            name: self.record.name.clone(),
            acronym: self.record.acronym.clone(),
            kind: self.record.kind.as_str(),
            state: self.state.as_ref().map(|r| r.key.clone()),
            status: self.now.as_ref().map(|n| n.status.as_str()),
            since: self.now.as_ref().and_then(|n| n.since.clone()),
            confirmed: self.now.as_ref().is_some_and(|n| n.confirmed),
            url: self.url(),
        }
    }

    fn status_row(&self) -> StatusRow {
        StatusRow::new(
            self.url(),
            &self.record.name,
            self.record.acronym.clone().unwrap_or_default(),
            self.now.as_ref(),
        )
    }
}

/// A role a person holds, with what it is held at.
pub(crate) struct RoleModel<'a> {
    pub record: &'a cica_domain::Role,
    /// `state`, `organization` or `body`.
    pub kind: &'static str,
    pub at: Ref,
}

impl<'a> RoleModel<'a> {
    fn new(record: &'a cica_domain::Role, dir: &Directory) -> Self {
        let (kind, at) = match &record.affiliation {
            Affiliation::State(c) => ("state", Ref::state(dir, c)),
            Affiliation::Organization(o) => ("organization", Ref::organization(dir, o)),
            Affiliation::Body(b) => ("body", Ref::body(dir, b)),
        };
        RoleModel { record, kind, at }
    }

    fn view(&self) -> RoleView {
        RoleView {
            title: self.record.title.clone(),
            affiliation_kind: self.kind,
            affiliation: self.at.key.clone(),
            affiliation_name: self.at.name.clone(),
            from: self.record.from.map(|d| d.iso()),
            until: self.record.until.map(|d| d.iso()),
            unconfirmed: self.record.provenance.unconfirmed,
            note: self.record.provenance.note.clone(),
            sources: self.record.provenance.sources.clone(),
        }
    }

    fn row(&self) -> RoleRow {
        RoleRow {
            title: self.record.title.clone(),
            at: self.at.link(),
            period: match (self.record.from, self.record.until) {
                (Some(f), Some(u)) => Timed::partial(f).then(" – ").then(Timed::partial(u)),
                (Some(f), None) => Timed::plain("since ").then(Timed::partial(f)),
                (None, Some(u)) => Timed::plain("until ").then(Timed::partial(u)),
                (None, None) => Timed::default(),
            },
            unconfirmed: self.record.provenance.unconfirmed,
        }
    }
}

/// A person with their roles resolved.
pub(crate) struct PersonModel<'a> {
    pub record: &'a Person,
    pub roles: Vec<RoleModel<'a>>,
}

impl<'a> PersonModel<'a> {
    pub(crate) fn new(record: &'a Person, dir: &Directory) -> Self {
        PersonModel {
            record,
            roles: record
                .roles
                .iter()
                .map(|r| RoleModel::new(r, dir))
                .collect(),
        }
    }

    /// A person in a list needs no roles resolved; the current or best-known title is the first.
    pub(crate) fn summary(record: &'a Person) -> Self {
        PersonModel {
            record,
            roles: Vec::new(),
        }
    }

    pub(crate) fn view(&self) -> PersonView {
        PersonView {
            slug: self.record.slug.to_string(),
            name: self.record.name.clone(),
            title: self.record.roles.first().map(|r| r.title.clone()),
            url: format!("/people/{}", self.record.slug),
        }
    }

    fn detail_view(&self) -> PersonDetailView {
        PersonDetailView {
            summary: self.view(),
            aliases: self.record.aliases.clone(),
            roles: self.roles.iter().map(RoleModel::view).collect(),
            note: self.record.provenance.note.clone(),
            sources: self.record.provenance.sources.clone(),
        }
    }
}

/// A body with its parent, as it stands on a day.
pub(crate) struct BodyModel<'a> {
    pub record: &'a Body,
    pub parent: Option<Ref>,
    /// Whether it exists on the day (a body to be established does not yet).
    pub exists: bool,
}

impl<'a> BodyModel<'a> {
    pub(crate) fn new(record: &'a Body, dir: &Directory, day: NaiveDate) -> Self {
        BodyModel {
            record,
            exists: rules::established_on(record, day),
            parent: record.parent.as_ref().map(|p| Ref::body(dir, p)),
        }
    }

    /// The bodies under it (only its own page shows them).
    fn children(&self, dir: &Directory) -> Vec<Ref> {
        dir.bodies
            .values()
            .filter(|c| c.parent.as_ref() == Some(&self.record.slug))
            .map(|c| Ref::body(dir, &c.slug))
            .collect()
    }

    fn url(&self) -> String {
        format!("/bodies/{}", self.record.slug)
    }

    pub(crate) fn view(&self) -> BodyView {
        BodyView {
            slug: self.record.slug.to_string(),
            name: self.record.name.clone(),
            short_name: self.record.short_name.clone(),
            kind: self.record.kind.as_str(),
            parent: self.parent.as_ref().map(|p| p.key.clone()),
            established: self.record.established.map(|d| d.iso()),
            description: self.record.description.clone(),
            url: self.url(),
        }
    }

    fn row(&self) -> BodyRow {
        BodyRow {
            url: self.url(),
            name: self.record.name.clone(),
            short_name: self.record.short_name.clone().unwrap_or_default(),
            description: Timed::prose(self.record.description.as_str()),
            to_be_established: self.to_be_established(),
        }
    }

    /// "to be established on 25 September 2025", while the day has not come; else empty.
    fn to_be_established(&self) -> Timed {
        match self.record.established {
            Some(e) if !self.exists => Timed::plain("to be established ").then(on(e)),
            _ => Timed::default(),
        }
    }
}

/// A term of the Chairmanship: the state holding it, and whether it is in office on the day
/// asked.
pub(crate) struct ChairmanshipModel<'a> {
    pub record: &'a Chairmanship,
    pub state: Ref,
    pub current: bool,
}

impl<'a> ChairmanshipModel<'a> {
    /// Every term, in the register's order, marked current on `day`.
    pub(crate) fn all(dir: &'a Directory, day: NaiveDate) -> Vec<Self> {
        let current = rules::chair_on(&dir.chairmanships, day);
        dir.chairmanships
            .iter()
            .map(|c| ChairmanshipModel {
                record: c,
                state: Ref::state(dir, &c.state),
                current: current.is_some_and(|cur| std::ptr::eq(cur, c)),
            })
            .collect()
    }

    pub(crate) fn view(&self) -> ChairmanshipView {
        let c = self.record;
        ChairmanshipView {
            state: self.state.key.clone(),
            state_name: self.state.name.clone(),
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
            current: self.current,
            unconfirmed: c.provenance.unconfirmed,
            note: c.provenance.note.clone(),
            sources: c.provenance.sources.clone(),
            key: c.key(),
        }
    }

    fn row(&self) -> TermRow {
        TermRow {
            from: Timed::partial(self.record.from),
            until: self
                .record
                .until
                .map_or_else(|| Timed::plain("present"), Timed::partial),
            theme: self.record.theme.clone().unwrap_or_default(),
            key: self.record.key(),
        }
    }
}

pub struct StatusRow {
    pub url: String,
    pub name: String,
    pub code: String,
    pub since: Timed,
    pub unconfirmed: bool,
    pub note: Timed,
    /// The number of its note under the table, when other rows share it.
    pub shared_note: Option<usize>,
}

/// A table of statuses. A note several rows share is written once, numbered, under the table,
/// and each of those rows refers to it.
pub struct StatusTable {
    pub rows: Vec<StatusRow>,
    pub notes: Vec<Timed>,
}

impl StatusTable {
    fn new(mut rows: Vec<StatusRow>) -> Self {
        let mut notes: Vec<Timed> = Vec::new();
        for i in 0..rows.len() {
            let note = &rows[i].note;
            if note.is_empty() || rows.iter().filter(|r| r.note == *note).count() < 2 {
                continue;
            }
            let number = match notes.iter().position(|n| n == note) {
                Some(at) => at + 1,
                None => {
                    notes.push(note.clone());
                    notes.len()
                }
            };
            rows[i].shared_note = Some(number);
        }
        StatusTable { rows, notes }
    }
}

impl StatusRow {
    fn new(url: String, name: &str, code: String, now: Option<&CurrentStatus>) -> Self {
        StatusRow {
            url,
            name: name.to_owned(),
            code,
            since: now
                .and_then(|n| n.since_shown.clone())
                .unwrap_or_else(|| Timed::plain("date not known")),
            unconfirmed: now.is_some_and(|n| !n.confirmed),
            note: Timed::prose(now.and_then(|n| n.note.clone()).unwrap_or_default()),
            shared_note: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "members.html")]
pub struct MembersPage {
    l: Layout,
    as_of: String,
    as_of_human: String,
    is_today: bool,
    chair: Option<Link>,
    members: StatusTable,
    observers: StatusTable,
    observer_organizations: StatusTable,
    partners: StatusTable,
}

pub async fn members_page(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> PageResult<MembersPage> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let today = app.today();
    let day = p.date("as_of")?.unwrap_or(today);
    let dir = app.directory();
    let states_with = |want: Participation| -> StatusTable {
        let mut v: Vec<StatusRow> = dir
            .states
            .values()
            .map(|s| StateModel::new(s, day))
            .filter(|m| m.now.as_ref().is_some_and(|n| n.status == want))
            .map(|m| m.status_row())
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        StatusTable::new(v)
    };
    let orgs_with = |want: Participation| -> StatusTable {
        StatusTable::new(
            dir.organizations
                .values()
                .map(|o| OrganizationModel::new(o, day, &dir))
                .filter(|m| m.now.as_ref().is_some_and(|n| n.status == want))
                .map(|m| m.status_row())
                .collect(),
        )
    };
    Ok(MembersPage {
        l: Layout::new("Members and observers", "members"),
        as_of: iso(day),
        as_of_human: cica_domain::DateSpan::day(day).human(),
        is_today: day == today,
        chair: rules::chair_on(&dir.chairmanships, day).map(|c| Ref::state(&dir, &c.state).link()),
        members: states_with(Participation::Member),
        observers: states_with(Participation::Observer),
        observer_organizations: orgs_with(Participation::Observer),
        partners: orgs_with(Participation::Partner),
    })
}

pub struct HistoryRow {
    pub status: String,
    pub from: Timed,
    pub until: Timed,
    pub unconfirmed: bool,
    pub note: Timed,
    pub sources: Vec<Link>,
}

pub(crate) fn history(periods: &[StatusPeriod], of_state: bool) -> Vec<HistoryRow> {
    periods
        .iter()
        .map(|p| HistoryRow {
            status: status_label(p.status, of_state).to_owned(),
            from: p
                .from
                .map_or_else(|| Timed::plain("not known"), Timed::partial),
            until: p.until.map(Timed::partial).unwrap_or_default(),
            unconfirmed: p.provenance.unconfirmed,
            note: Timed::prose(p.provenance.note.clone().unwrap_or_default()),
            sources: source_links(&p.provenance.sources),
        })
        .collect()
}

pub struct TermRow {
    pub from: Timed,
    pub until: Timed,
    pub theme: String,
    /// What names the term in its form's address.
    pub key: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "state.html")]
pub struct StatePage {
    l: Layout,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    code: String,
    name: String,
    official_name: String,
    status: String,
    since: Timed,
    unconfirmed: bool,
    also_known_as: String,
    statuses: Vec<HistoryRow>,
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
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
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
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
    let model = StateModel::new(s, today);
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
    let now = model.now.as_ref();
    Ok(StatePage {
        editor: actor.is_secretariat() && session.is_some(),
        l: Layout::new(&s.name, "members"),
        code: c.to_string(),
        name: s.name.clone(),
        official_name: s.official_name.clone().unwrap_or_default(),
        status: now.map_or("Takes no part in CICA".into(), |n| {
            status_label(n.status, true).to_owned()
        }),
        since: now.and_then(|n| n.since_shown.clone()).unwrap_or_default(),
        unconfirmed: now.is_some_and(|n| !n.confirmed),
        also_known_as: model.also_known_as().join(" · "),
        statuses: history(&s.statuses, true),
        history: crate::accounts::history(&app, &actor, &format!("state/{}", s.code), None).await?,
        csrf: crate::accounts::form_token(session.as_ref()),
        terms: ChairmanshipModel::all(&dir, today)
            .iter()
            .filter(|t| t.record.state == c)
            .map(ChairmanshipModel::row)
            .collect(),
        more_news: news.next.is_some(),
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        meetings: meetings
            .items
            .iter()
            .map(|m| meeting_row(m, &dir))
            .collect(),
        more_engagements: engagements.next.is_some(),
        treaties: crate::treaties::state_treaty_rows(
            &app.store().treaties().await?,
            &c,
            today,
            &dir,
        ),
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
    statuses: Vec<HistoryRow>,
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
    note: Timed,
    news: Vec<NewsCard>,
    engagements: Vec<EngagementRow>,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    slug: String,
}

pub async fn organization_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
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
    let model = OrganizationModel::new(o, app.today(), &dir);
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
        editor: actor.is_secretariat() && session.is_some(),
        slug: o.slug.to_string(),
        l: Layout::new(&o.name, "members"),
        name: o.name.clone(),
        acronym: o.acronym.clone().unwrap_or_default(),
        kind: o.kind.as_str().replace('-', " "),
        state: model.state.as_ref().map(Ref::link),
        website: o.website.clone().unwrap_or_default(),
        status: model
            .now
            .as_ref()
            .map(|n| format!("{} of CICA", status_label(n.status, false)))
            .unwrap_or_default(),
        statuses: history(&o.statuses, false),
        history: crate::accounts::history(&app, &actor, &format!("organization/{}", o.slug), None)
            .await?,
        csrf: crate::accounts::form_token(session.as_ref()),
        note: Timed::prose(o.provenance.note.clone().unwrap_or_default()),
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
    pub period: Timed,
    pub unconfirmed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
pub struct PersonPage {
    l: Layout,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
    slug: String,
    name: String,
    aliases: String,
    roles: Vec<RoleRow>,
    note: Timed,
    news: Vec<NewsCard>,
    engagements: Vec<EngagementRow>,
}

pub async fn person_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
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
    let model = PersonModel::new(p, &dir);
    Ok(PersonPage {
        editor: actor.is_secretariat() && session.is_some(),
        history: crate::accounts::history(&app, &actor, &format!("person/{}", p.slug), None)
            .await?,
        csrf: crate::accounts::form_token(session.as_ref()),
        slug: s.to_string(),
        l: Layout::new(&p.name, ""),
        name: p.name.clone(),
        aliases: p.aliases.join(" · "),
        roles: model.roles.iter().map(RoleModel::row).collect(),
        note: Timed::prose(p.provenance.note.clone().unwrap_or_default()),
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
    pub description: Timed,
    /// Set while the body's day of establishment is still to come.
    pub to_be_established: Timed,
}

/// "on 25 September 2025", "in September 2025", "in 2014": a date as precise as it is known.
fn on(d: cica_domain::PartialDate) -> Timed {
    let prep = match d {
        cica_domain::PartialDate::Day(_) => "on ",
        _ => "in ",
    };
    Timed::plain(prep).then(Timed::partial(d))
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

/// What one body of a kind is: "Advisory body".
fn kind_label(k: BodyKind) -> &'static str {
    match k {
        BodyKind::PolicyMakingOrgan => "Policy-making organ",
        BodyKind::WorkingBody => "Working body",
        BodyKind::Secretariat => "The Secretariat",
        BodyKind::AdvisoryBody => "Advisory body",
        BodyKind::Fund => "Fund",
        BodyKind::Subsidiary => "Subsidiary body",
    }
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
    let today = app.today();
    let groups = BodyKind::ALL
        .iter()
        .map(|k| {
            let mut bodies: Vec<BodyModel<'_>> = dir
                .bodies
                .values()
                .filter(|b| b.kind == *k)
                .map(|b| BodyModel::new(b, &dir, today))
                .collect();
            // The Summit first among the organs; otherwise by name.
            bodies.sort_by(|a, b| {
                rules::precedence(a.record)
                    .cmp(&rules::precedence(b.record))
                    .then_with(|| a.record.name.cmp(&b.record.name))
            });
            BodyGroup {
                heading: kind_heading(*k).to_owned(),
                bodies: bodies.iter().map(BodyModel::row).collect(),
            }
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
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    slug: String,
    name: String,
    short_name: String,
    kind: String,
    parent: Option<Link>,
    children: Vec<Link>,
    established: Timed,
    unconfirmed: bool,
    note: Timed,
    description: Timed,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    news: Vec<NewsCard>,
}

pub async fn body_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
) -> PageResult<BodyPage> {
    let not_found = || WebError::not_found(format!("There is no body “{slug}” in the register."));
    let s = Slug::parse(&slug).map_err(|_| not_found())?;
    let dir = app.directory();
    let b = dir.bodies.get(&s).ok_or_else(not_found)?;
    let today = app.today();
    let model = BodyModel::new(b, &dir, today);
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
        history: crate::accounts::history(&app, &actor, &format!("body/{}", b.slug), None).await?,
        csrf: crate::accounts::form_token(session.as_ref()),
        editor: actor.is_secretariat() && session.is_some(),
        l: Layout::new(&b.name, "bodies"),
        slug: s.to_string(),
        name: b.name.clone(),
        short_name: b.short_name.clone().unwrap_or_default(),
        kind: kind_label(b.kind).to_owned(),
        parent: model.parent.as_ref().map(Ref::link),
        children: model.children(&dir).iter().map(Ref::link).collect(),
        established: match b.established {
            Some(e) if model.exists => Timed::plain("established ").then(on(e)),
            Some(_) => model.to_be_established(),
            None => Timed::default(),
        },
        unconfirmed: b.provenance.unconfirmed,
        note: Timed::prose(b.provenance.note.clone().unwrap_or_default()),
        description: Timed::prose(b.description.as_str()),
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
    note: Option<String>,
    sources: Vec<String>,
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
    sources: Vec<String>,
    /// What names the term: its state and first day (`AZE-2024-10-11`).
    key: String,
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
        |s| StateModel::new(s, day).view(),
    )))
}

pub async fn api_state(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let code = path_code(&code, "state")?;
    let (s, version) = app
        .store()
        .state_versioned(&code)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no state has the code `{code}`")))?;
    let view = Json(state_detail(&app, &s, day)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

fn state_detail(app: &AppState, s: &CicaState, day: NaiveDate) -> StateDetailView {
    let dir = app.directory();
    StateDetailView {
        summary: StateModel::new(s, day).view(),
        official_name: s.official_name.clone(),
        aliases: s.aliases.clone(),
        adjectives: s.adjectives.clone(),
        history: periods(&s.statuses),
        chairmanships: ChairmanshipModel::all(&dir, day)
            .iter()
            .filter(|c| c.record.state == s.code)
            .map(ChairmanshipModel::view)
            .collect(),
        note: s.provenance.note.clone(),
        sources: s.provenance.sources.clone(),
    }
}

/// What a save of a state takes: the JSON its `GET` gives, changed. What a read works out
/// (`status`, `since`, `confirmed`, `url`, `chairmanships`) is accepted as read and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateInput {
    #[serde(default)]
    pub code: Option<String>,
    pub name: String,
    #[serde(default)]
    pub official_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub history: Vec<StatusPeriodInput>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "status")]
    pub _status: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "since")]
    pub _since: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "confirmed")]
    pub _confirmed: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "chairmanships")]
    pub _chairmanships: Option<serde::de::IgnoredAny>,
}

impl StateInput {
    /// The state this input describes at `code`, keeping what only the records hold from
    /// `stored`; every field that cannot be read is refused together, each by its name.
    pub fn state(self, code: StateCode, stored: Option<&CicaState>) -> Result<CicaState, WebError> {
        let mut f = Fields::default();
        if let Some(given) = self.code.as_deref().map(str::trim)
            && !given.eq_ignore_ascii_case(code.as_str())
        {
            f.refuse(
                "code",
                format!("`{given}` is not this address's (`{code}`)"),
            );
        }
        let statuses = status_periods(&mut f, self.history);
        let st = CicaState {
            code,
            name: self.name.trim().to_owned(),
            official_name: text_of(self.official_name),
            aliases: self.aliases.iter().map(|a| a.trim().to_owned()).collect(),
            adjectives: self
                .adjectives
                .iter()
                .map(|a| a.trim().to_owned())
                .collect(),
            statuses,
            provenance: provenance(
                stored.is_some_and(|s| s.provenance.unconfirmed),
                self.note,
                self.sources,
            ),
        };
        f.finish(st, cica_app::records::state_problems)
    }
}

/// `PUT /api/v1/states/{code}` (an editor): saves the state over the version `If-Match`
/// names, or records it here with `If-None-Match: *` (a state is named by its ISO code).
pub async fn api_save_state(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let code = StateCode::parse(&code).map_err(|_| {
        WebError::invalid("code", format!("`{code}` is not a three-letter ISO code"))
    })?;
    let stored = app.store().state_versioned(&code).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("state `{code}`"),
    )?;
    let input: StateInput = crate::write::json(&body)?;
    let st = input.state(code.clone(), stored.as_ref().map(|(s, _)| s))?;
    let version = app.uses().save_state(&actor, &st, expect).await?;
    // The registers are read from the directory: reloaded before the answer is built.
    app.invalidate();
    app.sync().await?;
    Ok(crate::versions::saved(
        &app,
        Json(state_detail(&app, &st, app.today())),
        version,
        stored.is_none().then(|| format!("/api/v1/states/{code}")),
    ))
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
        |o| OrganizationModel::new(o, day, &dir).view(),
    )))
}

pub async fn api_organization(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "organization")?;
    let not_found = || WebError::not_found(format!("no organization has the slug `{slug}`"));
    let (o, version) = app
        .store()
        .organization_versioned(&slug)
        .await?
        .ok_or_else(not_found)?;
    let view = Json(organization_detail(&app, &o)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

fn organization_detail(app: &AppState, o: &Organization) -> OrganizationDetailView {
    let dir = app.directory();
    OrganizationDetailView {
        summary: OrganizationModel::new(o, app.today(), &dir).view(),
        aliases: o.aliases.clone(),
        website: o.website.clone(),
        history: periods(&o.statuses),
        note: o.provenance.note.clone(),
        sources: o.provenance.sources.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Editing organizations over the API, by the convention of `docs/api.md` ("Editing records").

/// One status period as sent: the fields a read gives.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusPeriodInput {
    pub status: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Status periods as sent, read into the domain's, each refusal by its field
/// (`history[1].from`).
pub fn status_periods(f: &mut Fields, list: Vec<StatusPeriodInput>) -> Vec<StatusPeriod> {
    if !f.bounded("history", list.len()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, p) in list.into_iter().enumerate() {
        let status = f.keyword(
            &format!("history[{i}].status"),
            &p.status,
            Participation::parse,
            || "member, observer, partner".to_owned(),
        );
        let from = f.partial(format!("history[{i}].from"), p.from);
        let until = f.partial(format!("history[{i}].until"), p.until);
        // A period refused keeps its place (open, not saved), so the rules name the others by
        // their own numbers.
        {
            let (status, from, until) = (
                status.unwrap_or(Participation::Observer),
                from.flatten(),
                until.flatten(),
            );
            out.push(StatusPeriod {
                status,
                from,
                until,
                provenance: provenance(p.unconfirmed, p.note, p.sources),
            });
        }
    }
    out
}

/// What a save of an organization takes: the JSON its `GET` gives, changed. What a read works
/// out (`status`, `since`, `confirmed`, `url`) is accepted as read and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    #[serde(default)]
    pub slug: Option<String>,
    pub name: String,
    #[serde(default)]
    pub acronym: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub history: Vec<StatusPeriodInput>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "status")]
    pub _status: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "since")]
    pub _since: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "confirmed")]
    pub _confirmed: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

impl OrganizationInput {
    /// The organization this input describes at `slug`; every field that cannot be read is
    /// refused together, each by its name, with the organization's own rules for the rest.
    pub fn organization(self, slug: Slug) -> Result<Organization, WebError> {
        let mut f = Fields::default();
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
            cica_domain::OrgKind::parse,
            cica_domain::OrgKind::expected,
        );
        let state = f.opt_code("state", self.state.as_deref());
        let statuses = status_periods(&mut f, self.history);
        let Some(kind) = kind else {
            return Err(f.refused());
        };
        let o = Organization {
            slug,
            name: self.name.trim().to_owned(),
            acronym: text_of(self.acronym),
            aliases: self.aliases.iter().map(|a| a.trim().to_owned()).collect(),
            kind,
            state,
            website: text_of(self.website),
            statuses,
            provenance: provenance(false, self.note, self.sources),
        };
        f.finish(o, cica_app::records::organization_problems)
    }
}

fn organization_saved(
    app: &AppState,
    o: &Organization,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    crate::versions::saved(
        app,
        Json(organization_detail(app, o)),
        version,
        created.then(|| format!("/api/v1/organizations/{}", o.slug)),
    )
}

/// `PUT /api/v1/organizations/{slug}` (an editor): saves the organization over the version
/// `If-Match` names, or creates it here with `If-None-Match: *`.
pub async fn api_save_organization(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let slug = path_slug(&slug, "organization")?;
    let stored = app.store().organization_versioned(&slug).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("organization `{slug}`"),
    )?;
    let input: OrganizationInput = crate::write::json(&body)?;
    let mut o = input.organization(slug)?;
    if let Some((s, _)) = &stored {
        o.provenance.unconfirmed = s.provenance.unconfirmed;
    }
    let version = app.uses().save_organization(&actor, &o, expect).await?;
    // The registers are read from the directory: reloaded before the answer is built.
    app.invalidate();
    app.sync().await?;
    Ok(organization_saved(&app, &o, version, stored.is_none()))
}

/// `POST /api/v1/organizations` (an editor): records an organization at the slug its acronym
/// (else its name) gives: `201` with its `Location`.
pub async fn api_create_organization(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: OrganizationInput = crate::write::json(&body)?;
    if input.slug.is_some() {
        return Err(WebError::invalid(
            "slug",
            "a new organization's slug comes from its acronym or name; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut o = input.organization(placeholder)?;
    let (slug, version) = app.uses().create_organization(&actor, o.clone()).await?;
    o.slug = slug;
    // The registers are read from the directory: reloaded before the answer is built.
    app.invalidate();
    app.sync().await?;
    Ok(organization_saved(&app, &o, version, true))
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
        |p| PersonModel::summary(p).view(),
    )))
}

pub async fn api_person(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "person")?;
    let (p, version) = app
        .store()
        .person_versioned(&slug)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no person has the slug `{slug}`")))?;
    let view = Json(PersonModel::new(&p, &app.directory()).detail_view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

/// One role as sent: the fields a read gives (`affiliation_name` accepted and ignored).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub title: String,
    pub affiliation_kind: String,
    pub affiliation: String,
    #[serde(default, rename = "affiliation_name")]
    pub _affiliation_name: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What a save of a person takes: the JSON its `GET` gives, changed. `title` (the current
/// role's, worked out) and `url` are accepted as read and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    #[serde(default)]
    pub slug: Option<String>,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub roles: Vec<RoleInput>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "title")]
    pub _title: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

impl PersonInput {
    /// The person this input describes at `slug`, keeping what only the records hold from
    /// `stored`; every field that cannot be read is refused together, each by its name.
    pub fn person(self, slug: Slug, stored: Option<&Person>) -> Result<Person, WebError> {
        let mut f = Fields::default();
        if let Some(given) = self.slug.as_deref().map(str::trim)
            && given != slug.as_str()
        {
            f.refuse(
                "slug",
                format!("`{given}` is not this address's (`{slug}`)"),
            );
        }
        let mut roles = Vec::new();
        if f.bounded("roles", self.roles.len()) {
            for (i, r) in self.roles.into_iter().enumerate() {
                let at = |x: &str| format!("roles[{i}].{x}");
                let key = r.affiliation.trim().to_owned();
                let affiliation = match r.affiliation_kind.trim().to_ascii_lowercase().as_str() {
                    "state" => f.code(at("affiliation"), &key).map(Affiliation::State),
                    "organization" => f
                        .slug(at("affiliation"), &key)
                        .map(Affiliation::Organization),
                    "body" => f.slug(at("affiliation"), &key).map(Affiliation::Body),
                    other => {
                        f.refuse(
                            at("affiliation_kind"),
                            format!("`{other}` is not one of: state, organization, body"),
                        );
                        None
                    }
                };
                let from = f.partial(at("from"), r.from).flatten();
                let until = f.partial(at("until"), r.until).flatten();
                // A role refused keeps its place, so the rules name the others by their own
                // numbers (the person is not saved).
                roles.push(cica_domain::Role {
                    title: r.title.trim().to_owned(),
                    affiliation: affiliation.unwrap_or_else(|| Affiliation::Body(slug.clone())),
                    from,
                    until,
                    provenance: provenance(r.unconfirmed, r.note, r.sources),
                });
            }
        }
        let p = Person {
            slug: slug.clone(),
            name: self.name.trim().to_owned(),
            aliases: self.aliases.iter().map(|a| a.trim().to_owned()).collect(),
            roles,
            provenance: provenance(
                stored.is_some_and(|s| s.provenance.unconfirmed),
                self.note,
                self.sources,
            ),
        };
        f.finish(p, cica_app::records::person_problems)
    }
}

fn person_saved(
    app: &AppState,
    p: &Person,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    crate::versions::saved(
        app,
        Json(PersonModel::new(p, &app.directory()).detail_view()),
        version,
        created.then(|| format!("/api/v1/people/{}", p.slug)),
    )
}

/// `PUT /api/v1/people/{slug}` (an editor): saves the person over the version `If-Match`
/// names, or records them here with `If-None-Match: *`.
pub async fn api_save_person(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let slug = path_slug(&slug, "person")?;
    let stored = app.store().person_versioned(&slug).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("person `{slug}`"),
    )?;
    let input: PersonInput = crate::write::json(&body)?;
    let p = input.person(slug, stored.as_ref().map(|(p, _)| p))?;
    let version = app.uses().save_person(&actor, &p, expect).await?;
    app.invalidate();
    app.sync().await?;
    Ok(person_saved(&app, &p, version, stored.is_none()))
}

/// `POST /api/v1/people` (an editor): records a person at the slug their name gives:
/// `201` with its `Location`.
pub async fn api_create_person(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: PersonInput = crate::write::json(&body)?;
    if input.slug.is_some() {
        return Err(WebError::invalid(
            "slug",
            "a new person's slug comes from their name; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut p = input.person(placeholder, None)?;
    let (slug, version) = app.uses().create_person(&actor, p.clone()).await?;
    p.slug = slug;
    app.invalidate();
    app.sync().await?;
    Ok(person_saved(&app, &p, version, true))
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
        |b| BodyModel::new(b, &dir, app.today()).view(),
    )))
}

pub async fn api_body(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let slug = path_slug(&slug, "body")?;
    let (b, version) = app
        .store()
        .body_versioned(&slug)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no body has the slug `{slug}`")))?;
    let view = Json(body_detail(&app, &b)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

#[derive(Serialize)]
pub struct BodyDetailView {
    #[serde(flatten)]
    summary: BodyView,
    aliases: Vec<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

fn body_detail(app: &AppState, b: &Body) -> BodyDetailView {
    BodyDetailView {
        summary: BodyModel::new(b, &app.directory(), app.today()).view(),
        aliases: b.aliases.clone(),
        unconfirmed: b.provenance.unconfirmed,
        note: b.provenance.note.clone(),
        sources: b.provenance.sources.clone(),
    }
}

/// What a save of a body takes: the JSON its `GET` gives, changed (`url` accepted as read and
/// ignored).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyInput {
    #[serde(default)]
    pub slug: Option<String>,
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub established: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

impl BodyInput {
    /// The body this input describes at `slug`; every field that cannot be read is refused
    /// together, each by its name, with the body's own rules for the rest.
    pub fn body(self, slug: Slug) -> Result<Body, WebError> {
        let mut f = Fields::default();
        if let Some(given) = self.slug.as_deref().map(str::trim)
            && given != slug.as_str()
        {
            f.refuse(
                "slug",
                format!("`{given}` is not this address's (`{slug}`)"),
            );
        }
        let kind = f.keyword("kind", &self.kind, BodyKind::parse, BodyKind::expected);
        let parent = f.opt_slug("parent", self.parent.as_deref());
        let established = f.partial("established", self.established).flatten();
        let Some(kind) = kind else {
            return Err(f.refused());
        };
        let b = Body {
            slug,
            name: self.name.trim().to_owned(),
            short_name: text_of(self.short_name),
            aliases: self.aliases.iter().map(|a| a.trim().to_owned()).collect(),
            kind,
            parent,
            established,
            description: self.description.trim().to_owned(),
            provenance: provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(b, cica_app::records::body_problems)
    }
}

fn body_saved(
    app: &AppState,
    b: &Body,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    crate::versions::saved(
        app,
        Json(body_detail(app, b)),
        version,
        created.then(|| format!("/api/v1/bodies/{}", b.slug)),
    )
}

/// The slug a new body takes: its short name (else its name) in lower case: `soc`,
/// `women-council`.
pub fn body_slug(b: &Body) -> Option<Slug> {
    let slug_of = |text: &str| {
        cica_import::analyze::slug_for(None, text)
            .to_string()
            .strip_prefix("undated-")
            .and_then(|s| Slug::parse(s).ok())
    };
    b.short_name
        .as_deref()
        .and_then(slug_of)
        .or_else(|| slug_of(&b.name))
}

/// `PUT /api/v1/bodies/{slug}` (an editor): saves the body over the version `If-Match` names,
/// or creates it here with `If-None-Match: *`.
pub async fn api_save_body(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let slug = path_slug(&slug, "body")?;
    let stored = app.store().body_versioned(&slug).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("body `{slug}`"),
    )?;
    let input: BodyInput = crate::write::json(&body)?;
    let b = input.body(slug)?;
    let version = app.uses().save_body(&actor, &b, expect).await?;
    app.invalidate();
    app.sync().await?;
    Ok(body_saved(&app, &b, version, stored.is_none()))
}

/// `POST /api/v1/bodies` (an editor): records a body at the slug its short name (else its
/// name) gives: `201` with its `Location`.
pub async fn api_create_body(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: BodyInput = crate::write::json(&body)?;
    if input.slug.is_some() {
        return Err(WebError::invalid(
            "slug",
            "a new body's slug comes from its short name or name; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut b = input.body(placeholder)?;
    b.slug = body_slug(&b).ok_or_else(|| {
        WebError::invalid("name", "give a name in Latin letters, or a short name")
    })?;
    let version = app
        .uses()
        .save_body(&actor, &b, cica_store::Expect::Absent)
        .await?;
    app.invalidate();
    app.sync().await?;
    Ok(body_saved(&app, &b, version, true))
}

pub async fn api_chairmanships(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ChairmanshipView>> {
    let p = Params::parse(q.as_deref(), &["as_of", "limit", "cursor"], true)?;
    let day = p.date("as_of")?.unwrap_or_else(|| app.today());
    let (limit, cursor) = (p.limit()?, p.key_cursor()?);
    let dir = app.directory();
    let mut terms = ChairmanshipModel::all(&dir, day);
    terms.sort_by_key(|c| chairmanship_key(c.record));
    Ok(Json(page_by_key(
        terms.iter().collect(),
        |c| chairmanship_key(c.record),
        cursor.as_deref(),
        limit,
        |c| c.view(),
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

// ---------------------------------------------------------------------------------------------
// Editing the terms of the Chair, by the same convention. A term is named by its state and
// first day (`AZE-2024-10-11`); those two are its identity and are not changed by a save.

/// A term's key read from an address: its state and first day.
pub fn term_key(text: &str) -> Option<(StateCode, cica_domain::PartialDate)> {
    Chairmanship::parse_key(text)
}

fn chairmanship_view(app: &AppState, c: &Chairmanship) -> ChairmanshipView {
    let dir = app.directory();
    let current =
        rules::chair_on(&dir.chairmanships, app.today()).is_some_and(|cur| cur.key() == c.key());
    ChairmanshipModel {
        record: c,
        state: Ref::state(&dir, &c.state),
        current,
    }
    .view()
}

/// `GET /api/v1/chairmanships/{key}`: one term; to editors with its version as the `ETag`.
pub async fn api_chairmanship(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(key): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let not_found = || {
        WebError::not_found(format!(
            "no chairmanship is named `{key}` (state and first day: AZE-2024-10-11)"
        ))
    };
    let (state, from) = term_key(&key).ok_or_else(not_found)?;
    let (c, version) = app
        .store()
        .chairmanship_versioned(&state, &from)
        .await?
        .ok_or_else(not_found)?;
    let view = Json(chairmanship_view(&app, &c)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityInput {
    #[serde(default, rename = "number")]
    pub _number: Option<serde::de::IgnoredAny>,
    pub text: String,
}

/// What a save of a term takes: the JSON its `GET` gives, changed. What a read works out
/// (`state_name`, `current`, `key`) is accepted as read and ignored; `priorities` are in
/// order, their `number` ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChairmanshipInput {
    pub state: String,
    pub from: String,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub priorities: Vec<PriorityInput>,
    #[serde(default)]
    pub soc_chair: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "state_name")]
    pub _state_name: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "current")]
    pub _current: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "key")]
    pub _key: Option<serde::de::IgnoredAny>,
}

impl ChairmanshipInput {
    /// The term this input describes (its state and first day may correct those of the
    /// address it is saved at). Every field that cannot be read is refused together, each by
    /// its name.
    pub fn chairmanship(self) -> Result<Chairmanship, WebError> {
        let mut f = Fields::default();
        let state = f.code("state", &self.state.to_ascii_uppercase());
        let from = match f.partial("from", Some(self.from)) {
            Some(Some(d)) => Some(d),
            Some(None) => {
                f.refuse("from", "give the term's first day");
                None
            }
            None => None,
        };
        let until = f.partial("until", self.until);
        let soc_chair = f.opt_slug("soc_chair", self.soc_chair.as_deref());
        let (Some(state), Some(from), Some(until)) = (state, from, until) else {
            return Err(f.refused());
        };
        if !f.bounded("priorities", self.priorities.len()) {
            return Err(f.refused());
        }
        let c = Chairmanship {
            state,
            from,
            until,
            theme: text_of(self.theme),
            priorities: self
                .priorities
                .into_iter()
                .map(|p| p.text.trim().to_owned())
                .collect(),
            soc_chair,
            provenance: provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(c, cica_app::records::chairmanship_problems)
    }
}

fn chairmanship_saved(
    app: &AppState,
    c: &Chairmanship,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    crate::versions::saved(
        app,
        Json(chairmanship_view(app, c)),
        version,
        created.then(|| format!("/api/v1/chairmanships/{}", c.key())),
    )
}

/// `PUT /api/v1/chairmanships/{key}` (an editor): saves the term over the version `If-Match`
/// names, or records it here with `If-None-Match: *`.
pub async fn api_save_chairmanship(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(key): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let at = term_key(&key).ok_or_else(|| {
        WebError::invalid(
            "key",
            format!("`{key}` names no term: its state and first day, as AZE-2024-10-11"),
        )
    })?;
    let stored = app.store().chairmanship_versioned(&at.0, &at.1).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("the chairmanship `{key}`"),
    )?;
    let input: ChairmanshipInput = crate::write::json(&body)?;
    let c = input.chairmanship()?;
    let version = app
        .uses()
        .save_chairmanship(&actor, stored.as_ref().map(|_| (&at.0, &at.1)), &c, expect)
        .await?;
    app.invalidate();
    app.sync().await?;
    Ok(chairmanship_saved(&app, &c, version, stored.is_none()))
}

/// `POST /api/v1/chairmanships` (an editor): records a term at the key its state and first
/// day give: `201` with its `Location`.
pub async fn api_create_chairmanship(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: ChairmanshipInput = crate::write::json(&body)?;
    let c = input.chairmanship()?;
    let version = app
        .uses()
        .save_chairmanship(&actor, None, &c, cica_store::Expect::Absent)
        .await?;
    app.invalidate();
    app.sync().await?;
    Ok(chairmanship_saved(&app, &c, version, true))
}

/// `DELETE /api/v1/organizations/{slug}`, `/people/{slug}`, `/bodies/{slug}` (an editor):
/// deletes the record at the version `If-Match` names: `204`; `409` naming every record that
/// refers to it.
async fn api_delete_registered(
    kind: cica_store::Registered,
    app: AppState,
    actor: cica_app::Actor,
    slug: String,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let what = kind.as_str();
    let slug = path_slug(&slug, what)?;
    let s = app.store();
    let stored = match kind {
        cica_store::Registered::Organization => {
            s.organization_versioned(&slug).await?.map(|(_, v)| v)
        }
        cica_store::Registered::Person => s.person_versioned(&slug).await?.map(|(_, v)| v),
        cica_store::Registered::Body => s.body_versioned(&slug).await?.map(|(_, v)| v),
    };
    let version =
        stored.ok_or_else(|| WebError::not_found(format!("no {what} has the slug `{slug}`")))?;
    let expect = crate::versions::deletion(&headers, version, &format!("{what} `{slug}`"))?;
    app.uses()
        .delete_registered(&actor, kind, &slug, expect)
        .await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/v1/organizations/{slug}`.
pub async fn api_delete_organization(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    api_delete_registered(
        cica_store::Registered::Organization,
        app,
        actor,
        slug,
        headers,
    )
    .await
}

/// `DELETE /api/v1/people/{slug}`.
pub async fn api_delete_person(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    api_delete_registered(cica_store::Registered::Person, app, actor, slug, headers).await
}

/// `DELETE /api/v1/bodies/{slug}`.
pub async fn api_delete_body(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    api_delete_registered(cica_store::Registered::Body, app, actor, slug, headers).await
}
