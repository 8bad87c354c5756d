//! The calendar area: meetings and the Secretary General's engagements (with who has not been
//! engaged lately, the Secretariat's list), as JSON under `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use chrono::{Datelike, NaiveDate};
use cica_domain::{
    Engagement, Meeting, MeetingFormat, MeetingStatus, Slug, StateCode, rules, status_on,
};
use cica_store::{EngagementQuery, MeetingQuery, Order};
use serde::Serialize;

use crate::api::{
    ApiResult, List, known_body, known_organization, known_person, known_state, page_by_key,
    path_slug,
};
use crate::error::WebError;
use crate::input::{Fields, text_of};
use crate::pages::{
    Choice, Layout, Link, PageResult, Ref, body_link, source_links, state_link, with_cursor,
};
use crate::params::Params;
use crate::present::{iso, status_label};
use crate::state::{AppState, Directory};

// The models: a meeting and an engagement resolved against the registers once. The JSON
// views and the pages are both built from them.

/// A meeting with its title and the records it names resolved.
pub(crate) struct MeetingModel<'a> {
    pub record: &'a Meeting,
    pub title: String,
    pub country: Option<Ref>,
    pub host: Option<Ref>,
    pub chair_state: Option<Ref>,
    pub chair_person: Option<Ref>,
    pub states: Vec<Ref>,
    pub organizations: Vec<Ref>,
}

impl<'a> MeetingModel<'a> {
    pub(crate) fn new(record: &'a Meeting, dir: &Directory) -> Self {
        MeetingModel {
            record,
            title: rules::meeting_title(record, dir.bodies.get(&record.body)),
            country: record.country.as_ref().map(|c| Ref::state(dir, c)),
            host: record.host.as_ref().map(|c| Ref::state(dir, c)),
            chair_state: record.chair_state.as_ref().map(|c| Ref::state(dir, c)),
            chair_person: record.chair_person.as_ref().map(|p| Ref::person(dir, p)),
            states: Ref::states(dir, &record.states),
            organizations: Ref::organizations(dir, &record.organizations),
        }
    }

    fn url(&self) -> String {
        format!("/meetings/{}", self.record.id)
    }

    /// The city and the country, as a page prints them.
    fn place(&self) -> String {
        place(self.record.city.as_deref(), self.country.as_ref())
    }

    pub(crate) fn view(&self) -> MeetingView {
        let m = self.record;
        let span = m.when.span();
        MeetingView {
            id: m.id.to_string(),
            title: self.title.clone(),
            body: m.body.to_string(),
            number: m.number,
            date: WhenView {
                period: m.when.iso(),
                start: iso(span.start()),
                end: iso(span.end()),
                approximate: !m.when.is_exact(),
                label: m.when.human(),
                time: m.time.map(|t| t.iso()),
            },
            city: m.city.clone(),
            country: key(self.country.as_ref()),
            format: m.format.as_str(),
            status: m.status.as_str(),
            informal: m.informal,
            host: key(self.host.as_ref()),
            chair_state: key(self.chair_state.as_ref()),
            chair_person: key(self.chair_person.as_ref()),
            states: self.states.iter().map(|r| r.key.clone()).collect(),
            organizations: self.organizations.iter().map(|r| r.key.clone()).collect(),
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
            url: self.url(),
        }
    }

    pub(crate) fn row(&self, dir: &Directory) -> MeetingRow {
        let m = self.record;
        MeetingRow {
            url: self.url(),
            title: self.title.clone(),
            date_label: m.when.human(),
            datetime: m.when.datetime(),
            approximate: !m.when.is_exact(),
            place: self.place(),
            body: body_link(dir, &m.body),
            planned: m.status == MeetingStatus::Planned,
            format: match m.format {
                MeetingFormat::InPerson => String::new(),
                MeetingFormat::Online => "online".into(),
                MeetingFormat::Hybrid => "hybrid".into(),
            },
        }
    }
}

/// "Astana, Kazakhstan": what is known of a place, in that order.
fn place(city: Option<&str>, country: Option<&Ref>) -> String {
    [city, country.map(|c| c.name.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

fn key(r: Option<&Ref>) -> Option<String> {
    r.map(|r| r.key.clone())
}

/// A counterpart of an engagement: the person, and the title they held then (as recorded, else
/// their best-known title).
pub(crate) struct CounterpartModel<'a> {
    pub record: &'a cica_domain::Counterpart,
    pub person: Ref,
    pub title: Option<String>,
}

/// An engagement with the records it names resolved.
pub(crate) struct EngagementModel<'a> {
    pub record: &'a Engagement,
    pub country: Option<Ref>,
    pub counterparts: Vec<CounterpartModel<'a>>,
    pub states: Vec<Ref>,
    pub organizations: Vec<Ref>,
}

impl<'a> EngagementModel<'a> {
    pub(crate) fn new(record: &'a Engagement, dir: &Directory) -> Self {
        EngagementModel {
            record,
            country: record.country.as_ref().map(|c| Ref::state(dir, c)),
            counterparts: record
                .counterparts
                .iter()
                .map(|c| CounterpartModel {
                    record: c,
                    person: Ref::person(dir, &c.person),
                    title: c.title.clone().or_else(|| {
                        dir.people
                            .get(&c.person)
                            .and_then(|p| p.roles.first())
                            .map(|r| r.title.clone())
                    }),
                })
                .collect(),
            states: Ref::states(dir, &record.states),
            organizations: Ref::organizations(dir, &record.organizations),
        }
    }

    pub(crate) fn view(&self) -> EngagementView {
        let e = self.record;
        EngagementView {
            id: e.id.to_string(),
            start: iso(e.when.start()),
            end: iso(e.when.end()),
            city: e.city.clone(),
            country: key(self.country.as_ref()),
            kind: e.kind.as_str(),
            secretariat: e.secretariat.iter().map(ToString::to_string).collect(),
            counterparts: self
                .counterparts
                .iter()
                .map(|c| CounterpartView {
                    person: c.person.key.clone(),
                    name: c.person.name.clone(),
                    title: c.title.clone(),
                    state: c.record.state.as_ref().map(ToString::to_string),
                    organization: c.record.organization.as_ref().map(ToString::to_string),
                })
                .collect(),
            states: self.states.iter().map(|r| r.key.clone()).collect(),
            organizations: self.organizations.iter().map(|r| r.key.clone()).collect(),
            topics: e.topics.clone(),
            summary: e.summary.clone(),
            news: e.news.as_ref().map(ToString::to_string),
            unconfirmed: e.provenance.unconfirmed,
            note: e.provenance.note.clone(),
        }
    }

    pub(crate) fn row(&self) -> EngagementRow {
        let e = self.record;
        let mut row = EngagementRow {
            url: format!("/engagements/{}", e.id),
            title: String::new(),
            date_label: e.when.human(),
            datetime: crate::present::day(e.when.start()),
            date_note: if e.provenance.unconfirmed {
                e.provenance
                    .note
                    .clone()
                    .unwrap_or_else(|| "date not known exactly".into())
            } else {
                String::new()
            },
            place: place(e.city.as_deref(), self.country.as_ref()),
            kind: e.kind.as_str().replace('-', " "),
            counterparts: self
                .counterparts
                .iter()
                .map(|c| (c.person.link(), c.title.clone().unwrap_or_default()))
                .collect(),
            represents: self
                .states
                .iter()
                .chain(&self.organizations)
                .map(Ref::link)
                .collect(),
            topics: e.topics.join("; "),
            summary: crate::present::Timed::prose(e.summary.clone().unwrap_or_default()),
            news: e.news.as_ref().map(|n| format!("/news/{n}")),
        };
        row.title = engagement_heading(&row);
        row
    }
}

/// A meeting as a row of the calendar.
pub struct MeetingRow {
    pub url: String,
    pub title: String,
    pub date_label: String,
    /// The `<time datetime>` of the label.
    pub datetime: String,
    pub approximate: bool,
    pub place: String,
    pub body: Link,
    pub planned: bool,
    pub format: String,
}

pub(crate) fn meeting_row(m: &Meeting, dir: &Directory) -> MeetingRow {
    MeetingModel::new(m, dir).row(dir)
}

/// An engagement as a row.
pub struct EngagementRow {
    /// The engagement's own page, and what it is called there (`Meeting: Name`).
    pub url: String,
    pub title: String,
    pub date_label: String,
    /// The `<time datetime>` of the label.
    pub datetime: String,
    pub date_note: String,
    pub place: String,
    pub kind: String,
    pub counterparts: Vec<(Link, String)>,
    pub represents: Vec<Link>,
    pub topics: String,
    pub summary: crate::present::Timed,
    pub news: Option<String>,
}

pub(crate) fn engagement_row(e: &Engagement, dir: &Directory) -> EngagementRow {
    EngagementModel::new(e, dir).row()
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    l: Layout,
    today: crate::present::Timed,
    bodies: Vec<Choice>,
    body_query: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    older: Option<String>,
}

pub async fn calendar_page(
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
        today: crate::present::Timed::day(today),
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
    summary: crate::present::Timed,
    chair: Vec<Link>,
    host: Option<Link>,
    outcomes: Vec<(String, crate::present::Timed)>,
    /// Decisions taken at the meeting, in the register.
    decisions: Vec<crate::decisions::DecisionRow>,
    states: Vec<Link>,
    organizations: Vec<Link>,
    next: Option<MeetingRow>,
    news: Vec<Link>,
    unconfirmed: bool,
    note: crate::present::Timed,
    sources: Vec<Link>,
    /// For an editor in a signed-in browser: the edit link and the record's history.
    editor: bool,
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
}

pub(crate) fn act_label(a: cica_domain::Act) -> &'static str {
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

pub async fn meeting_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
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
    let model = MeetingModel::new(&m, &dir);
    let chair: Vec<Link> = model
        .chair_person
        .iter()
        .chain(&model.chair_state)
        .map(Ref::link)
        .collect();
    Ok(MeetingPage {
        l: Layout::new(&model.title, "calendar"),
        row: model.row(&dir),
        time: m.time.map(|t| t.iso()).unwrap_or_default(),
        informal: m.informal,
        series_note: m.series_note.clone().unwrap_or_default(),
        summary: crate::present::Timed::prose(m.summary.clone().unwrap_or_default()),
        chair,
        host: model.host.as_ref().map(Ref::link),
        outcomes: m
            .outcomes
            .iter()
            .map(|o| {
                (
                    act_label(o.act).to_owned(),
                    crate::present::Timed::prose(o.text.as_str()),
                )
            })
            .collect(),
        decisions: crate::decisions::meeting_decisions(&app, &m.id).await?,
        states: model.states.iter().map(Ref::link).collect(),
        organizations: model.organizations.iter().map(Ref::link).collect(),
        next,
        news,
        unconfirmed: m.provenance.unconfirmed,
        note: crate::present::Timed::prose(m.provenance.note.clone().unwrap_or_default()),
        sources: source_links(&m.provenance.sources),
        editor: actor.is_secretariat() && session.is_some(),
        history: crate::accounts::history(&app, &actor, &format!("meeting/{}", m.id), None).await?,
        csrf: crate::accounts::form_token(session.as_ref()),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "engagement.html")]
pub struct EngagementPage {
    l: Layout,
    row: EngagementRow,
    sources: Vec<Link>,
    secretariat: Vec<Link>,
    /// Each counterpart: the person, the title they held, and whom they represented.
    counterparts: Vec<(Link, String, Option<Link>)>,
    news: Option<Link>,
    note: crate::present::Timed,
    unconfirmed: bool,
    /// For an editor in a signed-in browser: the edit link and the record's history.
    editor: bool,
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
}

/// The heading of an engagement's page: its kind, and with whom (`Courtesy call: Name,
/// Name`), or where when it names no one.
fn engagement_heading(row: &EngagementRow) -> String {
    let mut kind = row.kind.clone();
    if let Some(first) = kind.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let names: Vec<&str> = row
        .counterparts
        .iter()
        .map(|(p, _)| p.label.as_str())
        .collect();
    match (names.is_empty(), row.place.is_empty()) {
        (false, _) => format!("{kind}: {}", names.join(", ")),
        (true, false) => format!("{kind}, {}", row.place),
        (true, true) => kind,
    }
}

pub async fn engagement_page(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    _: crate::params::NoQuery,
    Path(id): Path<String>,
) -> PageResult<EngagementPage> {
    let not_found =
        || WebError::not_found(format!("There is no engagement “{id}” in the records."));
    let s = Slug::parse(&id).map_err(|_| not_found())?;
    let e = app.store().engagement(&s).await?.ok_or_else(not_found)?;
    let dir = app.directory();
    let model = EngagementModel::new(&e, &dir);
    let row = model.row();
    let news = match &e.news {
        Some(slug) => app.store().news_item(slug).await?.map(|n| Link {
            url: format!("/news/{slug}"),
            label: n.title,
        }),
        None => None,
    };
    Ok(EngagementPage {
        l: Layout::new(&row.title, "engagements"),
        sources: source_links(&e.provenance.sources),
        secretariat: e
            .secretariat
            .iter()
            .map(|p| Ref::person(&dir, p).link())
            .collect(),
        counterparts: model
            .counterparts
            .iter()
            .map(|c| {
                let of = c
                    .record
                    .state
                    .as_ref()
                    .map(|s| Ref::state(&dir, s).link())
                    .or_else(|| {
                        c.record
                            .organization
                            .as_ref()
                            .map(|o| Ref::organization(&dir, o).link())
                    });
                (c.person.link(), c.title.clone().unwrap_or_default(), of)
            })
            .collect(),
        news,
        note: crate::present::Timed::prose(e.provenance.note.clone().unwrap_or_default()),
        unconfirmed: e.provenance.unconfirmed,
        row,
        editor: actor.is_secretariat() && session.is_some(),
        history: crate::accounts::history(&app, &actor, &format!("engagement/{}", e.id), None)
            .await?,
        csrf: crate::accounts::form_token(session.as_ref()),
    })
}

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

pub async fn engagements_page(
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

#[derive(Serialize)]
pub struct WhenView {
    /// The meeting's days as the records keep them: `2025-06-12`, `2025-06-12/2025-06-13`,
    /// or an announced time (`2025-summer`, `2025-09`, `2025-Q3`, `2026`).
    period: String,
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

#[derive(Serialize)]
pub struct LastEngagedView {
    code: String,
    name: String,
    status: Option<&'static str>,
    last_engaged: Option<String>,
}

/// `GET /api/v1/states/last-engaged`: the Secretariat's working list of who has not been
/// engaged lately; editors and administrators only.
pub async fn api_last_engaged(
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

pub async fn api_meetings(
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
        news: None,
        order,
        after: p.cursor()?,
        limit: p.limit()?,
    };
    let page = app.store().meetings(&query).await?;
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|m| MeetingModel::new(m, &dir).view())
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

pub async fn api_meeting(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "meeting")?;
    let (m, version) = app
        .store()
        .meeting_versioned(&id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no meeting has the id `{id}`")))?;
    let view = Json(MeetingModel::new(&m, &app.directory()).view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

pub async fn api_engagement(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "engagement")?;
    let (e, version) = app
        .store()
        .engagement_versioned(&id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no engagement has the id `{id}`")))?;
    let view = Json(EngagementModel::new(&e, &app.directory()).view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

pub async fn api_engagements(
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
        news: None,
        after: p.cursor()?,
        limit: p.limit()?,
    };
    let page = app.store().engagements(&query).await?;
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|e| EngagementModel::new(e, &dir).view())
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

// ---------------------------------------------------------------------------------------------
// Editing engagements over the API, by the convention of `docs/api.md` ("Editing records").

/// What a save of an engagement takes: the JSON its `GET` gives, changed. A counterpart's
/// `name` is the register's and is accepted as read and ignored; a field the engagement does
/// not know is refused.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementInput {
    /// Must be the address's when given.
    #[serde(default)]
    pub id: Option<String>,
    pub start: String,
    /// The last day; the first when left out.
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub secretariat: Vec<String>,
    #[serde(default)]
    pub counterparts: Vec<CounterpartInput>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub news: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterpartInput {
    pub person: String,
    #[serde(default, rename = "name")]
    pub _name: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub organization: Option<String>,
}

impl EngagementInput {
    /// The engagement this input describes at `id`, keeping its sources from `stored`; every
    /// field that cannot be read is refused together, each by its name, with the
    /// engagement's own rules for the fields that could.
    pub fn engagement(
        self,
        id: Slug,
        stored: Option<&Engagement>,
        dir: &Directory,
    ) -> Result<Engagement, WebError> {
        let mut f = Fields::default();
        f.same_id(self.id.as_deref(), &id);
        let start = f.day("start", &self.start);
        let end = match &self.end {
            Some(e) => f.day("end", e),
            None => start,
        };
        let when = match (start, end) {
            (Some(a), Some(b)) => cica_domain::DateSpan::new(a, b)
                .map_err(|e| f.refuse("end", e.to_string()))
                .ok(),
            _ => None,
        };
        let kind = f.keyword(
            "kind",
            &self.kind,
            cica_domain::EngagementKind::parse,
            cica_domain::EngagementKind::expected,
        );
        let secretariat = f.slugs("secretariat", &self.secretariat);
        let organizations = f.slugs("organizations", &self.organizations);
        let states = f.codes("states", &self.states);
        let country = f.opt_code("country", self.country.as_deref());
        let news = f.opt_slug("news", self.news.as_deref());
        let mut counterparts = Vec::new();
        if f.bounded("counterparts", self.counterparts.len()) {
            for (i, c) in self.counterparts.into_iter().enumerate() {
                let at = |x: &str| format!("counterparts[{i}].{x}");
                let person = f.slug(at("person"), &c.person);
                let state = f.opt_code(&at("state"), c.state.as_deref());
                let organization = f.opt_slug(&at("organization"), c.organization.as_deref());
                if let Some(person) = person {
                    // A read shows the register's title where the record keeps none; sent
                    // back unchanged, it is still the register's, not the record's.
                    let register = dir
                        .people
                        .get(&person)
                        .and_then(|p| p.roles.first())
                        .map(|r| r.title.as_str());
                    let title = text_of(c.title).filter(|t| Some(t.as_str()) != register);
                    counterparts.push(cica_domain::Counterpart {
                        person,
                        title,
                        state,
                        organization,
                    });
                }
            }
        }
        let (Some(when), Some(kind)) = (when, kind) else {
            return Err(f.refused());
        };
        let mut provenance = stored.map(|s| s.provenance.clone()).unwrap_or_default();
        provenance.unconfirmed = self.unconfirmed;
        provenance.note = text_of(self.note);
        let e = Engagement {
            id,
            when,
            city: text_of(self.city),
            country,
            kind,
            secretariat,
            counterparts,
            states,
            organizations,
            topics: self.topics.iter().map(|t| t.trim().to_owned()).collect(),
            summary: text_of(self.summary),
            news,
            provenance,
        };
        f.finish(e, cica_app::calendar::engagement_problems)
    }
}

/// The engagement as saved, with its version: `201` and its address when created.
fn engagement_saved(
    app: &AppState,
    e: &Engagement,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    let view = Json(EngagementModel::new(e, &app.directory()).view());
    crate::versions::saved(
        app,
        view,
        version,
        created.then(|| format!("/api/v1/engagements/{}", e.id)),
    )
}

/// `PUT /api/v1/engagements/{id}` (an editor): saves the engagement over the version
/// `If-Match` names, or creates it here with `If-None-Match: *`.
pub async fn api_save_engagement(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let id = path_slug(&id, "engagement")?;
    let stored = app.store().engagement_versioned(&id).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("engagement `{id}`"),
    )?;
    let input: EngagementInput = crate::write::json(&body)?;
    let e = input.engagement(id, stored.as_ref().map(|(e, _)| e), &app.directory())?;
    let version = app.uses().save_engagement(&actor, &e, expect).await?;
    Ok(engagement_saved(&app, &e, version, stored.is_none()))
}

/// `POST /api/v1/engagements` (an editor): records an engagement at the id its first day and
/// counterpart give (`eng-2025-04-03-wang-yi`): `201` with its `Location`.
pub async fn api_create_engagement(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: EngagementInput = crate::write::json(&body)?;
    if input.id.is_some() {
        return Err(WebError::invalid(
            "id",
            "a new engagement's id comes from its day and counterpart; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut e = input.engagement(placeholder, None, &app.directory())?;
    let (id, version) = app.uses().create_engagement(&actor, e.clone()).await?;
    e.id = id;
    Ok(engagement_saved(&app, &e, version, true))
}

// ---------------------------------------------------------------------------------------------
// Editing meetings over the API, by the same convention.

/// A meeting's days as sent: the record's own form (`2025-06-12/2025-06-13`, `2025-summer`),
/// or the object a read gives, whose `period` (else `start` and `end`) and `time` are read
/// and whose `label` and `approximate` are accepted as read and ignored.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub enum WhenInput {
    Period(String),
    Days(DaysInput),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysInput {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default, rename = "label")]
    _label: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "approximate")]
    _approximate: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub act: String,
    pub text: String,
}

impl DaysInput {
    /// The days in the records' form with a start time, as a form types them.
    pub fn of(period: &str, time: String) -> Self {
        Self {
            period: Some(period.trim().to_owned()),
            start: None,
            end: None,
            time: Some(time),
            _label: None,
            _approximate: None,
        }
    }
}

/// What a save of a meeting takes: the JSON its `GET` gives, changed. `title` is the
/// meeting's own title; the title a read shows for a meeting without one ("SOC meeting"),
/// sent back unchanged, stays none. `url` is accepted as read and ignored.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    #[serde(default)]
    pub id: Option<String>,
    pub body: String,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub title: Option<String>,
    pub date: WhenInput,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub informal: bool,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub chair_state: Option<String>,
    #[serde(default)]
    pub chair_person: Option<String>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub series_note: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeInput>,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

impl MeetingInput {
    /// The meeting this input describes at `id`, keeping its sources from `stored`; every
    /// field that cannot be read is refused together, each by its name, with the meeting's
    /// own rules for the fields that could.
    pub fn meeting(
        self,
        id: Slug,
        stored: Option<&Meeting>,
        dir: &Directory,
    ) -> Result<Meeting, WebError> {
        let mut f = Fields::default();
        f.same_id(self.id.as_deref(), &id);
        let body = f.slug("body", &self.body);
        let (when, time) = match self.date {
            WhenInput::Period(p) => (period(&mut f, &p), None),
            WhenInput::Days(d) => {
                let when = match (d.period, d.start) {
                    (Some(p), start) => {
                        let when = period(&mut f, &p);
                        // A read gives the period and its span; a change made to the span
                        // alone would be lost: refused.
                        if let Some(w) = &when {
                            let span = w.span();
                            let first = start.as_deref().map(str::trim);
                            let last = d.end.as_deref().map(str::trim);
                            let is = |t: Option<&str>, day: chrono::NaiveDate| {
                                t.is_none_or(|t| t == iso(day))
                            };
                            if !is(first, span.start()) || !is(last, span.end()) {
                                f.refuse(
                                    "date",
                                    format!(
                                        "`start` and `end` are not the days of `period` ({p}); change `period`, or leave it out and give `start` and `end`"
                                    ),
                                );
                            }
                        }
                        when
                    }
                    (None, Some(start)) => {
                        let end = d.end.unwrap_or_else(|| start.clone());
                        period(&mut f, &format!("{}/{}", start.trim(), end.trim()))
                    }
                    (None, None) => {
                        f.refuse(
                            "date",
                            "give the meeting's days: `period`, or `start` and `end`",
                        );
                        None
                    }
                };
                let time = match text_of(d.time) {
                    None => None,
                    Some(t) => {
                        let read = cica_domain::LocalTime::parse(&t);
                        if read.is_none() {
                            f.refuse(
                                "date.time",
                                format!(
                                    "`{t}` is not a time with its UTC offset, such as 10:00+05:00"
                                ),
                            );
                        }
                        read
                    }
                };
                (when, time)
            }
        };
        let format = match text_of(self.format) {
            None => Some(MeetingFormat::InPerson),
            Some(t) => f.keyword("format", &t, MeetingFormat::parse, MeetingFormat::expected),
        };
        let status = match text_of(self.status) {
            None => Some(MeetingStatus::Held),
            Some(t) => f.keyword("status", &t, MeetingStatus::parse, MeetingStatus::expected),
        };
        let country = f.opt_code("country", self.country.as_deref());
        let host = f.opt_code("host", self.host.as_deref());
        let chair_state = f.opt_code("chair_state", self.chair_state.as_deref());
        let chair_person = f.opt_slug("chair_person", self.chair_person.as_deref());
        let states = f.codes("states", &self.states);
        let organizations = f.slugs("organizations", &self.organizations);
        let next = f.opt_slug("next", self.next.as_deref());
        let news = f.slugs("news", &self.news);
        let mut outcomes = Vec::new();
        if self.outcomes.len() <= Meeting::MAX_OUTCOMES {
            for (i, o) in self.outcomes.into_iter().enumerate() {
                let act = f.keyword(
                    &format!("outcomes[{i}].act"),
                    &o.act,
                    cica_domain::Act::parse,
                    cica_domain::Act::expected,
                );
                // An act refused keeps its place, so the rules name the outcomes after it
                // by their own numbers (the meeting is not saved).
                outcomes.push(cica_domain::Outcome {
                    act: act.unwrap_or(cica_domain::Act::Discussed),
                    text: o.text.trim().to_owned(),
                });
            }
        } else {
            f.refuse(
                "outcomes",
                format!(
                    "a meeting records at most {} outcomes",
                    Meeting::MAX_OUTCOMES
                ),
            );
        }
        let (Some(body), Some(when), Some(format), Some(status)) = (body, when, format, status)
        else {
            return Err(f.refused());
        };
        let mut provenance = stored.map(|s| s.provenance.clone()).unwrap_or_default();
        provenance.unconfirmed = self.unconfirmed;
        provenance.note = text_of(self.note);
        let mut m = Meeting {
            id,
            body,
            number: self.number,
            title: None,
            when,
            time,
            city: text_of(self.city),
            country,
            format,
            status,
            informal: self.informal,
            host,
            chair_state,
            chair_person,
            states,
            organizations,
            series_note: text_of(self.series_note),
            summary: text_of(self.summary),
            outcomes,
            next,
            news,
            provenance,
        };
        // The title a read shows for a meeting without its own (made from the stored body and
        // number), sent back, is still none, even with the number or body changed.
        let shown = match stored {
            Some(s) if s.title.is_none() => Some(rules::meeting_title(s, dir.bodies.get(&s.body))),
            Some(_) => None,
            None => Some(rules::meeting_title(&m, dir.bodies.get(&m.body))),
        };
        m.title = text_of(self.title).filter(|t| Some(t) != shown.as_ref());
        f.finish(m, cica_app::calendar::meeting_problems)
    }
}

/// A meeting's days in the records' form, or the refusal of `date`.
fn period(f: &mut Fields, text: &str) -> Option<cica_domain::Period> {
    cica_domain::Period::parse(text)
        .map_err(|e| {
            f.refuse(
                "date",
                format!("{e}; give a day (2025-06-12), two days (2025-06-12/2025-06-13) or an announced time (2025-summer, 2025-09, 2025-Q3, 2026)"),
            )
        })
        .ok()
}

/// The meeting as saved, with its version: `201` and its address when created.
fn meeting_saved(
    app: &AppState,
    m: &Meeting,
    version: cica_store::Version,
    created: bool,
) -> axum::response::Response {
    let view = Json(MeetingModel::new(m, &app.directory()).view());
    crate::versions::saved(
        app,
        view,
        version,
        created.then(|| format!("/api/v1/meetings/{}", m.id)),
    )
}

/// `PUT /api/v1/meetings/{id}` (an editor): saves the meeting over the version `If-Match`
/// names, or creates it here with `If-None-Match: *`.
pub async fn api_save_meeting(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let id = path_slug(&id, "meeting")?;
    let stored = app.store().meeting_versioned(&id).await?;
    let expect = crate::versions::expectation(
        &headers,
        stored.as_ref().map(|(_, v)| *v),
        &format!("meeting `{id}`"),
    )?;
    let input: MeetingInput = crate::write::json(&body)?;
    let m = input.meeting(id, stored.as_ref().map(|(m, _)| m), &app.directory())?;
    let version = app.uses().save_meeting(&actor, &m, expect).await?;
    Ok(meeting_saved(&app, &m, version, stored.is_none()))
}

/// `POST /api/v1/meetings` (an editor): records a meeting at the id its body, first day and
/// city give (`soc-2025-06-12-astana`): `201` with its `Location`.
pub async fn api_create_meeting(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, crate::error::ApiError> {
    let input: MeetingInput = crate::write::json(&body)?;
    if input.id.is_some() {
        return Err(WebError::invalid(
            "id",
            "a new meeting's id comes from its body, day and city; to name it yourself, PUT it there with `If-None-Match: *`",
        )
        .into());
    }
    let placeholder = Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?;
    let mut m = input.meeting(placeholder, None, &app.directory())?;
    let (id, version) = app.uses().create_meeting(&actor, m.clone()).await?;
    m.id = id;
    Ok(meeting_saved(&app, &m, version, true))
}

/// `DELETE /api/v1/meetings/{id}` (an editor): deletes the meeting at the version `If-Match`
/// names: `204`; `409` naming what refers to it (decisions taken at it, meetings announcing
/// it as the next).
pub async fn api_delete_meeting(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let id = path_slug(&id, "meeting")?;
    let (_, version) = app
        .store()
        .meeting_versioned(&id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no meeting has the id `{id}`")))?;
    let expect = crate::versions::deletion(&headers, version, &format!("meeting `{id}`"))?;
    app.uses().delete_meeting(&actor, &id, expect).await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/v1/engagements/{id}` (an editor): deletes the engagement at the version
/// `If-Match` names: `204`.
pub async fn api_delete_engagement(
    State(app): State<AppState>,
    crate::write::Secretariat(actor): crate::write::Secretariat,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::response::IntoResponse;
    let id = path_slug(&id, "engagement")?;
    let (_, version) = app
        .store()
        .engagement_versioned(&id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no engagement has the id `{id}`")))?;
    let expect = crate::versions::deletion(&headers, version, &format!("engagement `{id}`"))?;
    app.uses().delete_engagement(&actor, &id, expect).await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}
