//! The Catalogue of CBMs: the dashboard (areas by dimension, who coordinates them, what was
//! done and where it has gone quiet, and a state × area matrix), each area's page, and the
//! same as JSON under `/api/v1/cbm`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use cica_app::cbm::ReportInput;
use cica_domain::access::may_read;
use cica_domain::cbm::{
    self, ActionPlan, Activity, CbmRole, CoordinatorTerm, Dimension, Involvement, PriorityArea,
    Report, ReportingRound,
};
use cica_domain::decision::Visibility;
use cica_domain::{Slug, StateCode};
use serde::{Deserialize, Serialize};

use crate::api::{ApiResult, List};
use crate::error::{ApiError, WebError};
use crate::pages::{Choice, Layout, Link, PageResult};
use crate::params::Params;
use crate::present::{Timed, day, is_member, plural, slug_or_404};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat, Writer};

// ---------------------------------------------------------------------------------------------
// The wire format.

/// A state's term in a role of an area.
#[derive(Serialize)]
pub struct TermView {
    state: String,
    name: String,
    /// `coordinator` or `co-coordinator`.
    role: &'static str,
    /// As the sources give it: a day, a month or a year.
    from: String,
    until: Option<String>,
    /// Whether the term runs on the day asked.
    current: bool,
    /// The decision that assigned it.
    decision: Option<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

/// An area's action plan.
#[derive(Serialize)]
pub struct PlanView {
    first_year: i32,
    last_year: i32,
    adopted: Option<String>,
    decision: Option<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

/// A priority area with its coordinators over time, its plans and its activities.
#[derive(Serialize)]
pub struct AreaView {
    slug: String,
    /// `military-political`, `new-challenges-and-threats`, `economic`, `environmental`, `human`.
    dimension: &'static str,
    name: String,
    short_name: Option<String>,
    description: Option<String>,
    measures: Vec<String>,
    /// Every term, in the order recorded, each saying whether it runs on the day asked.
    coordinators: Vec<TermView>,
    plans: Vec<PlanView>,
    /// Its activities begun by the day asked, oldest first.
    activities: Vec<ActivityView>,
    /// No activity of it in the twelve months up to the day asked.
    quiet: bool,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

/// An event that implemented measures of an area.
#[derive(Serialize)]
pub struct ActivityView {
    slug: String,
    area: String,
    /// `workshop`, `training`, `conference`, `seminar`, `expert-meeting`, `exercise`, `other`.
    kind: &'static str,
    title: String,
    start: String,
    end: String,
    place: Option<String>,
    online: bool,
    organisers: Vec<String>,
    organizations: Vec<String>,
    /// The other Member States named as taking part.
    participants: Vec<String>,
    /// How many Member States took part (organisers included): the number the sources give,
    /// or those named.
    states_count: u32,
    /// The number the sources give, when they give one.
    states_reported: Option<u32>,
    summary: Option<String>,
    meetings: Vec<String>,
    news: Vec<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

fn codes(v: &[StateCode]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

fn slugs(v: &[Slug]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

fn activity_view(a: &Activity) -> ActivityView {
    ActivityView {
        slug: a.slug.to_string(),
        area: a.area.to_string(),
        kind: a.kind.as_str(),
        title: a.title.clone(),
        start: day(a.when.start()),
        end: day(a.when.end()),
        place: a.place.clone(),
        online: a.online,
        organisers: codes(&a.organisers),
        organizations: slugs(&a.organisations),
        participants: codes(&a.participants),
        states_count: a.states_count(),
        states_reported: a.states_reported,
        summary: a.summary.clone(),
        meetings: slugs(&a.meetings),
        news: slugs(&a.news),
        unconfirmed: a.provenance.unconfirmed,
        note: a.provenance.note.clone(),
        sources: a.provenance.sources.clone(),
    }
}

fn term_view(t: &CoordinatorTerm, on: NaiveDate, dir: &Directory) -> TermView {
    TermView {
        state: t.state.to_string(),
        name: dir.state_name(&t.state).to_owned(),
        role: t.role.as_str(),
        from: t.from.iso(),
        until: t.until.map(|u| u.iso()),
        current: t.holds_on(on),
        decision: t.decided_by.as_ref().map(ToString::to_string),
        unconfirmed: t.provenance.unconfirmed,
        note: t.provenance.note.clone(),
        sources: t.provenance.sources.clone(),
    }
}

fn area_view(a: &PriorityArea, all: &[Activity], on: NaiveDate, dir: &Directory) -> AreaView {
    AreaView {
        slug: a.slug.to_string(),
        dimension: a.dimension.as_str(),
        name: a.name.clone(),
        short_name: a.short_name.clone(),
        description: a.description.clone(),
        measures: a.measures.clone(),
        coordinators: a.terms.iter().map(|t| term_view(t, on, dir)).collect(),
        plans: a
            .plans
            .iter()
            .map(|p| PlanView {
                first_year: p.first_year,
                last_year: p.last_year,
                adopted: p.adopted.map(|d| d.iso()),
                decision: p.decided_by.as_ref().map(ToString::to_string),
                unconfirmed: p.provenance.unconfirmed,
                note: p.provenance.note.clone(),
                sources: p.provenance.sources.clone(),
            })
            .collect(),
        activities: all
            .iter()
            .filter(|x| x.area == a.slug && x.when.start() <= on)
            .map(activity_view)
            .collect(),
        quiet: cbm::is_quiet(&a.slug, all, on),
        unconfirmed: a.provenance.unconfirmed,
        note: a.provenance.note.clone(),
        sources: a.provenance.sources.clone(),
    }
}

/// The filters the list of areas takes: a dimension, a state involved (holding a role on the
/// day, or having organised or taken part in an activity of the area).
struct AreaFilter {
    dimension: Option<Dimension>,
    state: Option<StateCode>,
    on: NaiveDate,
}

impl AreaFilter {
    fn parse(p: &Params, today: NaiveDate, dir: &Directory) -> Result<Self, WebError> {
        let dimension = p
            .get("dimension")
            .filter(|d| !d.is_empty())
            .map(|d| {
                Dimension::parse(d).ok_or_else(|| {
                    WebError::invalid(
                        "dimension",
                        format!("`{d}` is not one of: {}", Dimension::expected()),
                    )
                })
            })
            .transpose()?;
        let state = match p.get("state") {
            Some("") | None => None,
            Some(_) => crate::api::known_state(dir, "state", p.state("state")?)?,
        };
        Ok(Self {
            dimension,
            state,
            on: p.date("as_of")?.unwrap_or(today),
        })
    }

    fn keeps(&self, a: &PriorityArea, activities: &[Activity]) -> bool {
        self.dimension.is_none_or(|d| a.dimension == d)
            && self.state.as_ref().is_none_or(|s| {
                a.terms.iter().any(|t| &t.state == s && t.holds_on(self.on))
                    || activities
                        .iter()
                        .any(|x| x.area == a.slug && x.when.start() <= self.on && x.involves(s))
            })
    }
}

async fn catalogue(app: &AppState) -> Result<(Vec<PriorityArea>, Vec<Activity>), WebError> {
    let areas = app.store().cbm_areas().await?;
    let activities = app.store().cbm_activities(None).await?;
    Ok((areas, activities))
}

/// `GET /api/v1/cbm/areas`: every priority area with its coordinators and activities.
pub async fn api_areas(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<AreaView>> {
    let p = Params::parse(q.as_deref(), &["dimension", "state", "as_of"], true)?;
    let dir = app.directory();
    let filter = AreaFilter::parse(&p, app.today(), &dir)?;
    let (areas, activities) = catalogue(&app).await?;
    let items = areas
        .iter()
        .filter(|a| filter.keeps(a, &activities))
        .map(|a| area_view(a, &activities, filter.on, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

async fn find_area(
    app: &AppState,
    slug: &str,
) -> Result<(PriorityArea, cica_store::Version), WebError> {
    let s = slug_or_404(slug, "CBM priority area")?;
    app.store()
        .cbm_area(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no CBM priority area has the slug `{s}`")))
}

/// `GET /api/v1/cbm/areas/{slug}`; to the Secretariat with its version as `ETag`.
pub async fn api_area(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let on = p.date("as_of")?.unwrap_or_else(|| app.today());
    let (area, version) = find_area(&app, &slug).await?;
    let activities = app.store().cbm_activities(Some(&area.slug)).await?;
    let view = Json(area_view(&area, &activities, on, &app.directory())).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

/// `GET /api/v1/cbm/activities`: activities, oldest first, of an area, a state or a year.
pub async fn api_activities(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ActivityView>> {
    let p = Params::parse(q.as_deref(), &["area", "state", "year"], true)?;
    let area = p.slug("area")?;
    if let Some(a) = &area
        && app.store().cbm_area(a).await?.is_none()
    {
        return Err(
            WebError::invalid("area", format!("no CBM priority area has the slug `{a}`")).into(),
        );
    }
    let state = crate::api::known_state(&app.directory(), "state", p.state("state")?)?;
    let year = year_param(&p, "year")?;
    let items = app
        .store()
        .cbm_activities(area.as_ref())
        .await?
        .iter()
        .filter(|a| state.as_ref().is_none_or(|s| a.involves(s)))
        .filter(|a| year.is_none_or(|y| a.when.start().year() == y))
        .map(activity_view)
        .collect();
    Ok(Json(List { items, next: None }))
}

// ---------------------------------------------------------------------------------------------
// Pages.

/// One row of the dashboard's table of areas.
pub struct AreaRow {
    url: String,
    name: String,
    coordinator: Option<Holder>,
    co_coordinators: Vec<Holder>,
    this_year: usize,
    last_year: usize,
    /// The day of its latest activity, for people.
    last_activity: Timed,
    /// Member States that organised or took part in its activities of this year and last.
    states: u32,
    quiet: bool,
}

/// The areas of one dimension.
pub struct DimensionGroup {
    label: &'static str,
    rows: Vec<AreaRow>,
}

/// A column of the matrix: an area, under its dimension.
pub struct MatrixColumn {
    url: String,
    label: String,
    name: String,
    /// The first column of its dimension, which starts a new group.
    first: bool,
}

/// A cell of the matrix.
pub struct Cell {
    /// `C` coordinator, `co` co-coordinator, or empty.
    mark: &'static str,
    /// `coordinator`, `co-coordinator`, `active` or `none`: the cell's colour.
    class: &'static str,
    /// Activities of the last twelve months it organised or took part in.
    count: u32,
    /// What the cell says, for a screen reader and a pointer.
    title: String,
    first: bool,
}

pub struct MatrixRow {
    url: String,
    name: String,
    cells: Vec<Cell>,
    /// Cells with a role or an activity.
    involved: usize,
}

/// A state × area matrix: the whole of it for wide screens (`wide`), or a part of it narrow
/// enough for a phone (`narrow`: whole dimensions, at most [`PART_COLUMNS`] areas unless one
/// dimension alone has more).
pub struct Matrix {
    class: &'static str,
    columns: Vec<MatrixColumn>,
    /// The dimensions over the columns: (label, how many columns).
    spans: Vec<(&'static str, usize)>,
    rows: Vec<MatrixRow>,
}

impl Matrix {
    /// The matrix of `states` by `areas`: roles on `today`, activities from `since`.
    fn new(
        areas: &[&PriorityArea],
        activities: &[Activity],
        states: &[&cica_domain::State],
        (since, today): (NaiveDate, NaiveDate),
        class: &'static str,
    ) -> Self {
        let mut columns = Vec::new();
        let mut spans: Vec<(&'static str, usize)> = Vec::new();
        for a in areas {
            let first = spans.last().is_none_or(|(l, _)| *l != a.dimension.label());
            if first {
                spans.push((a.dimension.label(), 0));
            }
            if let Some(last) = spans.last_mut() {
                last.1 += 1;
            }
            columns.push(MatrixColumn {
                url: format!("/cbm/areas/{}", a.slug),
                label: a.label().to_owned(),
                name: a.name.clone(),
                first,
            });
        }
        let rows = states
            .iter()
            .map(|s| {
                let cells: Vec<Cell> = areas
                    .iter()
                    .zip(&columns)
                    .map(|(a, col)| {
                        cell(
                            cbm::involvement(a, activities, &s.code, since, today),
                            &s.name,
                            a.label(),
                            col.first,
                        )
                    })
                    .collect();
                MatrixRow {
                    url: format!("/states/{}", s.code),
                    name: s.name.clone(),
                    involved: cells.iter().filter(|c| c.class != "none").count(),
                    cells,
                }
            })
            .collect();
        Self {
            class,
            columns,
            spans,
            rows,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "cbm.html")]
pub struct CbmPage {
    l: Layout,
    /// An editor in a signed-in browser: the links to the forms.
    editor: bool,
    today: Timed,
    year: i32,
    dimensions: Vec<Choice>,
    states: Vec<Choice>,
    groups: Vec<DimensionGroup>,
    quiet: Vec<Link>,
    /// The whole matrix, then its parts by dimension for a phone.
    matrices: Vec<Matrix>,
    reports: ReportsPanel,
    activities: usize,
    filtered: bool,
}

/// A state holding a role in an area on the day shown, and whether the sources leave its
/// term uncertain.
pub struct Holder {
    link: Link,
    unconfirmed: bool,
}

/// Who holds each role of `area` on `day`: the coordinator and the co-coordinators.
fn holders(area: &PriorityArea, day: NaiveDate, dir: &Directory) -> (Option<Holder>, Vec<Holder>) {
    let holder = |t: &CoordinatorTerm| Holder {
        link: state_link(dir, &t.state),
        unconfirmed: t.provenance.unconfirmed,
    };
    let (lead, co) = area.terms_on(day);
    (lead.map(holder), co.into_iter().map(holder).collect())
}

fn state_link(dir: &Directory, s: &StateCode) -> Link {
    Link {
        url: format!("/states/{s}"),
        label: dir.state_name(s).to_owned(),
    }
}

fn area_row(
    a: &PriorityArea,
    activities: &[Activity],
    today: NaiveDate,
    dir: &Directory,
) -> AreaRow {
    let (coordinator, co_coordinators) = holders(a, today, dir);
    let year = today.year();
    let this_year: Vec<&Activity> =
        cbm::activities_in_year(&a.slug, activities, year, today).collect();
    let last_year: Vec<&Activity> =
        cbm::activities_in_year(&a.slug, activities, year - 1, today).collect();
    let mut states: std::collections::BTreeSet<&StateCode> = std::collections::BTreeSet::new();
    let mut reported = 0;
    for x in this_year.iter().chain(&last_year) {
        states.extend(x.states());
        reported = reported.max(x.states_count());
    }
    AreaRow {
        url: format!("/cbm/areas/{}", a.slug),
        name: a.name.clone(),
        coordinator,
        co_coordinators,
        this_year: this_year.len(),
        last_year: last_year.len(),
        last_activity: cbm::last_activity(&a.slug, activities, today)
            .map(|x| Timed::whole(x.when.human(), day(x.when.start())))
            .unwrap_or_default(),
        states: u32::try_from(states.len())
            .unwrap_or(u32::MAX)
            .max(reported),
        quiet: cbm::is_quiet(&a.slug, activities, today),
    }
}

fn cell(inv: Involvement, state: &str, area: &str, first: bool) -> Cell {
    let count = inv.organised + inv.took_part;
    let (mark, class, role) = match inv.role {
        Some(CbmRole::Coordinator) => ("C", "coordinator", "coordinator"),
        Some(CbmRole::CoCoordinator) => ("co", "co-coordinator", "co-coordinator"),
        None if count > 0 => ("", "active", ""),
        None => ("", "none", ""),
    };
    let mut said = Vec::new();
    if !role.is_empty() {
        said.push(role.to_owned());
    }
    if inv.organised > 0 {
        said.push(format!(
            "organised {}",
            plural(inv.organised as usize, "activity", "activities")
        ));
    }
    if inv.took_part > 0 {
        said.push(format!(
            "took part in {}",
            plural(inv.took_part as usize, "activity", "activities")
        ));
    }
    // An empty cell says nothing, to a screen reader as to the eye.
    let title = if said.is_empty() {
        String::new()
    } else {
        format!("{state}, {area}: {}", said.join(", "))
    };
    Cell {
        mark,
        class,
        count,
        title,
        first,
    }
}

/// How many areas a part of the matrix for a phone holds at most: eight columns and the
/// states' names fit 390 pixels.
const PART_COLUMNS: usize = 8;

/// The areas cut into parts for a phone: whole dimensions, in order, each part as many as fit
/// in [`PART_COLUMNS`] (a dimension with more is a part of its own).
fn parts<'a>(areas: &[&'a PriorityArea]) -> Vec<Vec<&'a PriorityArea>> {
    let mut out: Vec<Vec<&PriorityArea>> = Vec::new();
    for d in Dimension::ALL {
        let of: Vec<&PriorityArea> = areas
            .iter()
            .filter(|a| a.dimension == *d)
            .copied()
            .collect();
        if of.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.len() + of.len() <= PART_COLUMNS => last.extend(of),
            _ => out.push(of),
        }
    }
    out
}

/// `GET /cbm`: the dashboard.
pub async fn cbm_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    RawQuery(q): RawQuery,
) -> PageResult<CbmPage> {
    let p = Params::parse(q.as_deref(), &["dimension", "state"], true)?;
    let today = app.today();
    let dir = app.directory();
    let filter = AreaFilter::parse(&p, today, &dir)?;
    let (areas, activities) = catalogue(&app).await?;
    let shown: Vec<&PriorityArea> = areas
        .iter()
        .filter(|a| filter.keeps(a, &activities))
        .collect();
    let mut groups: Vec<DimensionGroup> = Vec::new();
    for d in Dimension::ALL {
        let rows: Vec<AreaRow> = shown
            .iter()
            .filter(|a| a.dimension == *d)
            .map(|a| area_row(a, &activities, today, &dir))
            .collect();
        if !rows.is_empty() {
            groups.push(DimensionGroup {
                label: d.label(),
                rows,
            });
        }
    }
    let quiet = shown
        .iter()
        .filter(|a| cbm::is_quiet(&a.slug, &activities, today))
        .map(|a| Link {
            url: format!("/cbm/areas/{}", a.slug),
            label: a.label().to_owned(),
        })
        .collect();

    // The matrix: Member States of the day by the areas shown, whole and by dimension.
    let since = today
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(today);
    let mut members: Vec<&cica_domain::State> = dir
        .states
        .values()
        .filter(|s| is_member(&dir, &s.code, today))
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let rows: Vec<&cica_domain::State> = members
        .iter()
        .filter(|s| filter.state.as_ref().is_none_or(|f| f == &s.code))
        .copied()
        .collect();
    let mut matrices = Vec::new();
    if !shown.is_empty() && !rows.is_empty() {
        let period = (since, today);
        matrices.push(Matrix::new(&shown, &activities, &rows, period, "wide"));
        for part in parts(&shown) {
            matrices.push(Matrix::new(&part, &activities, &rows, period, "narrow"));
        }
    }
    let states = members
        .iter()
        .map(|s| Choice {
            value: s.code.to_string(),
            label: s.name.clone(),
            selected: filter.state.as_ref() == Some(&s.code),
        })
        .collect();
    Ok(CbmPage {
        l: Layout::new("Confidence-building measures", "cbm"),
        editor: actor.is_secretariat() && session.is_some(),
        today: Timed::day(today),
        year: today.year(),
        dimensions: Dimension::ALL
            .iter()
            .map(|d| Choice {
                value: d.as_str().to_owned(),
                label: d.label().to_owned(),
                selected: filter.dimension == Some(*d),
            })
            .collect(),
        states,
        groups,
        quiet,
        reports: reports_panel(&app, &actor, today).await?,
        matrices,
        activities: activities.len(),
        filtered: filter.dimension.is_some() || filter.state.is_some(),
    })
}

/// The reports of the latest round begun: those the reader may read, and, to the Member
/// States and the Secretariat, the Member States that have filed none.
pub struct ReportsPanel {
    /// The round's year, when one is set.
    year: Option<i32>,
    due: Timed,
    filed: Vec<(Link, bool)>,
    /// Shown only to readers who may read every report (members and the Secretariat).
    missing: Option<Vec<Link>>,
}

async fn reports_panel(
    app: &AppState,
    actor: &cica_domain::access::Actor,
    today: NaiveDate,
) -> Result<ReportsPanel, WebError> {
    let rounds = app.store().cbm_rounds().await?;
    let Some(round) = rounds.iter().find(|r| r.year <= today.year()).copied() else {
        return Ok(ReportsPanel {
            year: None,
            due: Timed::default(),
            filed: Vec::new(),
            missing: None,
        });
    };
    let dir = app.directory();
    let reports: Vec<Report> = app
        .store()
        .cbm_reports(Some(round.year))
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let filed = reports
        .iter()
        .filter(|r| r.visible_to(actor))
        .map(|r| (state_link(&dir, &r.state), r.late(Some(&round))))
        .collect();
    // The Member States of the year reported on (its last day, or today while it runs).
    let then = Report::reported_on(round.year, today);
    let codes: Vec<StateCode> = dir
        .states
        .values()
        .filter(|s| is_member(&dir, &s.code, then))
        .map(|s| s.code.clone())
        .collect();
    let by_name = |a: &Link, b: &Link| a.label.cmp(&b.label);
    let missing = may_read(actor, Visibility::Members).then(|| {
        let mut missing: Vec<Link> = cbm::unreported(&codes, &reports, round.year)
            .into_iter()
            .map(|c| state_link(&dir, c))
            .collect();
        missing.sort_by(by_name);
        missing
    });
    Ok(ReportsPanel {
        year: Some(round.year),
        due: Timed::day(round.due),
        filed,
        missing,
    })
}

/// A term on an area's page.
pub struct TermRow {
    state: Link,
    role: &'static str,
    from: Timed,
    until: Timed,
    current: bool,
    decision: Option<Link>,
    unconfirmed: bool,
    note: Timed,
    sources: Vec<String>,
}

/// An activity on an area's page.
pub struct ActivityRow {
    slug: String,
    title: String,
    kind: &'static str,
    when: String,
    datetime: String,
    place: String,
    organisers: Vec<Link>,
    organizations: Vec<Link>,
    participants: Vec<Link>,
    states_count: u32,
    summary: Timed,
    links: Vec<Link>,
    note: Timed,
    sources: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cbm_area.html")]
pub struct AreaPage {
    l: Layout,
    /// An editor in a signed-in browser: the links to the forms.
    editor: bool,
    slug: String,
    name: String,
    dimension: &'static str,
    description: Timed,
    note: Timed,
    unconfirmed: bool,
    measures: Vec<String>,
    coordinator: Option<Holder>,
    co_coordinators: Vec<Holder>,
    terms: Vec<TermRow>,
    plans: Vec<(String, Timed, bool, Timed)>,
    activities: Vec<ActivityRow>,
    quiet: bool,
    sources: Vec<String>,
}

/// A text that may hold dates, each marked as a `<time>`; empty when there is none.
fn prose(text: Option<&str>) -> Timed {
    text.map(Timed::prose).unwrap_or_default()
}

fn activity_row(a: &Activity, dir: &Directory) -> ActivityRow {
    let place = match (&a.place, a.online) {
        (Some(p), true) => format!("online, from {p}"),
        (Some(p), false) => p.clone(),
        (None, true) => "online".to_owned(),
        (None, false) => String::new(),
    };
    let mut links: Vec<Link> = a
        .meetings
        .iter()
        .map(|m| Link {
            url: format!("/meetings/{m}"),
            label: "Meeting record".to_owned(),
        })
        .collect();
    links.extend(a.news.iter().map(|n| Link {
        url: format!("/news/{n}"),
        label: "News item".to_owned(),
    }));
    ActivityRow {
        title: a.title.clone(),
        kind: a.kind.label(),
        slug: a.slug.to_string(),
        when: a.when.human(),
        datetime: day(a.when.start()),
        place,
        organisers: a.organisers.iter().map(|s| state_link(dir, s)).collect(),
        organizations: a
            .organisations
            .iter()
            .map(|o| Link {
                url: format!("/organizations/{o}"),
                label: dir.organization_name(o).to_owned(),
            })
            .collect(),
        participants: a.participants.iter().map(|s| state_link(dir, s)).collect(),
        states_count: a.states_count(),
        summary: prose(a.summary.as_deref()),
        links,
        note: prose(a.provenance.note.as_deref()),
        sources: a.provenance.sources.clone(),
    }
}

/// `GET /cbm/areas/{slug}`.
pub async fn area_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
    _: crate::params::NoQuery,
) -> PageResult<AreaPage> {
    let (area, _) = find_area(&app, &slug).await?;
    let activities = app.store().cbm_activities(Some(&area.slug)).await?;
    let today = app.today();
    let dir = app.directory();
    let (coordinator, co_coordinators) = holders(&area, today, &dir);
    // The deciding acts, named as "SOC decision of 23 June 2021".
    let mut deciding: std::collections::BTreeMap<Slug, String> = std::collections::BTreeMap::new();
    for d in area.terms.iter().filter_map(|t| t.decided_by.as_ref()) {
        if deciding.contains_key(d) {
            continue;
        }
        if let Some(found) = app.store().decision(d).await? {
            deciding.insert(
                d.clone(),
                format!(
                    "{} decision of {}",
                    dir.body_label(&found.organ),
                    crate::present::human(found.date)
                ),
            );
        }
    }
    let terms = area
        .terms
        .iter()
        .map(|t| TermRow {
            state: state_link(&dir, &t.state),
            role: match t.role {
                CbmRole::Coordinator => "Coordinator",
                CbmRole::CoCoordinator => "Co-coordinator",
            },
            from: Timed::partial(t.from),
            until: t.until.map(Timed::partial).unwrap_or_default(),
            current: t.holds_on(today),
            decision: t.decided_by.as_ref().map(|d| Link {
                url: format!("/decisions/{d}"),
                label: deciding
                    .get(d)
                    .cloned()
                    .unwrap_or_else(|| format!("decision {d}")),
            }),
            unconfirmed: t.provenance.unconfirmed,
            note: prose(t.provenance.note.as_deref()),
            sources: t.provenance.sources.clone(),
        })
        .collect();
    let plans = area
        .plans
        .iter()
        .map(|p| {
            (
                p.years(),
                p.adopted.map(Timed::partial).unwrap_or_default(),
                p.provenance.unconfirmed,
                prose(p.provenance.note.as_deref()),
            )
        })
        .collect();
    let mut rows: Vec<ActivityRow> = activities.iter().map(|a| activity_row(a, &dir)).collect();
    rows.reverse();
    Ok(AreaPage {
        l: Layout::new(&area.name, "cbm"),
        editor: actor.is_secretariat() && session.is_some(),
        slug: area.slug.to_string(),
        name: area.name.clone(),
        dimension: area.dimension.label(),
        description: prose(area.description.as_deref()),
        note: prose(area.provenance.note.as_deref()),
        unconfirmed: area.provenance.unconfirmed,
        measures: area.measures.clone(),
        coordinator,
        co_coordinators,
        terms,
        plans,
        quiet: cbm::is_quiet(&area.slug, &activities, today),
        activities: rows,
        sources: area.provenance.sources.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// Reports.

/// A Member State's report on its implementation of CBMs in a year.
#[derive(Serialize)]
pub struct ReportView {
    state: String,
    name: String,
    year: i32,
    /// `public` or `members`.
    visibility: &'static str,
    /// The day it was first filed.
    received: String,
    /// The day it was filed, or last corrected.
    filed: String,
    /// First filed after the year's due day.
    late: bool,
    areas: Vec<String>,
    text: String,
}

fn report_view(r: &Report, rounds: &[ReportingRound], dir: &Directory) -> ReportView {
    ReportView {
        state: r.state.to_string(),
        name: dir.state_name(&r.state).to_owned(),
        year: r.year,
        visibility: r.visibility.as_str(),
        received: day(r.received),
        filed: day(r.filed),
        late: r.late(rounds.iter().find(|x| x.year == r.year)),
        areas: slugs(&r.areas),
        text: r.text.clone(),
    }
}

fn year_param(p: &Params, name: &str) -> Result<Option<i32>, WebError> {
    p.get(name)
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1992..=9999).contains(y))
                .ok_or_else(|| WebError::invalid(name, format!("`{y}` is not a year")))
        })
        .transpose()
}

/// `GET /api/v1/cbm/reports`: the reports the reader may read, of a year or a state.
pub async fn api_reports(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ReportView>> {
    let p = Params::parse(q.as_deref(), &["year", "state"], true)?;
    let year = year_param(&p, "year")?;
    let dir = app.directory();
    let state = crate::api::known_state(&dir, "state", p.state("state")?)?;
    let rounds = app.store().cbm_rounds().await?;
    let items = app
        .store()
        .cbm_reports(year)
        .await?
        .iter()
        .map(|(r, _)| r)
        .filter(|r| state.as_ref().is_none_or(|s| &r.state == s))
        .filter(|r| r.visible_to(&actor))
        .map(|r| report_view(r, &rounds, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

/// The year and the state a report's address names; `404` for an address that names no year
/// or no state.
fn report_address(app: &AppState, year: &str, code: &str) -> Result<(i32, StateCode), WebError> {
    let year = year
        .parse::<i32>()
        .ok()
        .filter(|y| (1992..=9999).contains(y))
        .ok_or_else(|| WebError::not_found(format!("`{year}` is not a year")))?;
    let state = StateCode::parse(code)
        .ok()
        .filter(|c| app.directory().states.contains_key(c))
        .ok_or_else(|| WebError::not_found(format!("no state has the code `{code}`")))?;
    Ok((year, state))
}

/// `GET /api/v1/cbm/reports/{year}/{state}`: one state's report on a year, when the reader may
/// read it (else `404`, as if it were not there). To those who may correct it (its state's
/// delegates, the Secretariat) its `ETag` is the report's version.
pub async fn api_report(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path((year, code)): Path<(String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let (year, state) = report_address(&app, &year, &code)?;
    let (report, version) = app
        .store()
        .cbm_report(&state, year)
        .await?
        .filter(|(r, _)| r.visible_to(&actor))
        .ok_or_else(|| {
            WebError::not_found(format!("no CBM report of {state} on {year} is filed"))
        })?;
    let rounds = app.store().cbm_rounds().await?;
    let answer = Json(report_view(&report, &rounds, &app.directory())).into_response();
    let writer =
        cica_domain::access::may(&actor, cica_domain::access::Act::FileCbmReport(&state)).is_ok();
    Ok(crate::versions::for_writers(
        writer, &headers, answer, version,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportBody {
    visibility: String,
    #[serde(default)]
    areas: Vec<String>,
    text: String,
    // As read: the state and year must be the address's; the rest is ignored.
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    year: Option<i64>,
    #[serde(default, rename = "name")]
    _name: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "received")]
    _received: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "filed")]
    _filed: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "late")]
    _late: Option<serde::de::IgnoredAny>,
}

/// `PUT /api/v1/cbm/reports/{year}/{state}`: files (`If-None-Match: *`) or corrects
/// (`If-Match`) a state's report; its delegates or the Secretariat.
pub async fn api_file_report(
    State(app): State<AppState>,
    Writer(actor): Writer,
    Path((year, code)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (year, state) = report_address(&app, &year, &code)?;
    let stored = app.store().cbm_report(&state, year).await?;
    // Whether a report is there is the state's and the Secretariat's to know: anyone else is
    // refused before the headers are compared.
    cica_domain::access::may(&actor, cica_domain::access::Act::FileCbmReport(&state))
        .map_err(cica_app::AppError::from)?;
    let what = format!("the CBM report of {state} on {year}");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: ReportBody = crate::write::json(&body)?;
    if let Some(s) = b
        .state
        .as_deref()
        .filter(|s| !s.eq_ignore_ascii_case(state.as_str()))
    {
        return Err(WebError::invalid(
            "state",
            format!("`{s}` is not the state the address names ({state})"),
        )
        .into());
    }
    if let Some(y) = b.year.filter(|y| *y != i64::from(year)) {
        return Err(WebError::invalid(
            "year",
            format!("{y} is not the year the address names ({year})"),
        )
        .into());
    }
    let visibility = Visibility::parse(&b.visibility)
        .filter(|v| matches!(v, Visibility::Public | Visibility::Members))
        .ok_or_else(|| {
            WebError::invalid(
                "visibility",
                format!("`{}` is not one of: public, members", b.visibility),
            )
        })?;
    let areas = b
        .areas
        .iter()
        .map(|a| {
            Slug::parse(a).map_err(|_| {
                WebError::invalid("areas", format!("`{a}` is not the key of a priority area"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (report, version) = app
        .uses()
        .file_cbm_report(
            &actor,
            ReportInput {
                state: state.clone(),
                year,
                visibility,
                areas,
                text: b.text,
            },
            expect,
        )
        .await?;
    let rounds = app.store().cbm_rounds().await?;
    Ok(crate::versions::saved(
        &app,
        Json(report_view(&report, &rounds, &app.directory())),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/cbm/reports/{year}/{state}")),
    ))
}

/// A year's round as the API gives it.
#[derive(Serialize)]
pub struct RoundView {
    year: i32,
    due: String,
}

fn round_view(r: &ReportingRound) -> RoundView {
    RoundView {
        year: r.year,
        due: day(r.due),
    }
}

/// `GET /api/v1/cbm/rounds`: each year's due day, the latest first.
pub async fn api_rounds(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> ApiResult<List<RoundView>> {
    let items = app
        .store()
        .cbm_rounds()
        .await?
        .iter()
        .map(round_view)
        .collect();
    Ok(Json(List { items, next: None }))
}

/// The year a round's address names; `404` for one that names no year.
fn round_year(year: &str) -> Result<i32, WebError> {
    year.parse::<i32>()
        .map_err(|_| WebError::not_found(format!("`{year}` is not a year")))
}

/// `GET /api/v1/cbm/rounds/{year}`: one year's round; to editors its `ETag` is the round's
/// version.
pub async fn api_round(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(year): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let year = round_year(&year)?;
    let (round, version) = app.store().cbm_round(year).await?.ok_or_else(|| {
        WebError::not_found(format!("no due day is set for the reports on {year}"))
    })?;
    let answer = Json(round_view(&round)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, answer, version,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundBody {
    due: String,
    // Accepted as read and ignored.
    #[serde(default, rename = "year")]
    _year: Option<serde::de::IgnoredAny>,
}

/// `PUT /api/v1/cbm/rounds/{year}`: sets (`If-None-Match: *`) or moves (`If-Match`) the day a
/// year's reports are due (the Secretariat).
pub async fn api_set_round(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(year): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let year = round_year(&year)?;
    let stored = app.store().cbm_round(year).await?;
    let what = format!("the round of CBM reports on {year}");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: RoundBody = crate::write::json(&body)?;
    let due =
        cica_domain::parse_day(&b.due).map_err(|e| WebError::invalid("due", e.to_string()))?;
    let round = ReportingRound { year, due };
    let version = app.uses().set_cbm_round(&actor, round, expect).await?;
    Ok(crate::versions::saved(
        &app,
        Json(round_view(&round)),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/cbm/rounds/{year}")),
    ))
}

// ---------------------------------------------------------------------------------------------
// Keeping the Catalogue: areas and activities as the API reads them.

/// A term as a client sends it (what the view derives is ignored).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermBody {
    pub state: String,
    pub role: String,
    pub from: String,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "name")]
    pub _name: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "current")]
    pub _current: Option<serde::de::IgnoredAny>,
}

/// An action plan as a client sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanBody {
    pub first_year: i32,
    #[serde(default)]
    pub last_year: Option<i32>,
    #[serde(default)]
    pub adopted: Option<String>,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A priority area as a client sends it: the view read back, less what it derives.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaBody {
    #[serde(default)]
    pub slug: Option<String>,
    pub dimension: String,
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub coordinators: Vec<TermBody>,
    #[serde(default)]
    pub plans: Vec<PlanBody>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "activities")]
    pub _activities: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "quiet")]
    pub _quiet: Option<serde::de::IgnoredAny>,
}

impl AreaBody {
    /// The area it describes at `slug`, every refusal named by its field.
    pub(crate) fn area(self, slug: Slug) -> Result<PriorityArea, WebError> {
        let mut f = crate::input::Fields::default();
        // Lists beyond what an area holds are refused before anything is read from them.
        for (field, n) in [
            ("coordinators", self.coordinators.len()),
            ("plans", self.plans.len()),
            ("measures", self.measures.len()),
            ("sources", self.sources.len()),
        ] {
            if n > cica_app::cbm::MAX_ITEMS {
                f.refuse(field, format!("at most {}", cica_app::cbm::MAX_ITEMS));
            }
        }
        if !f.is_clear() {
            return Err(f.refused());
        }
        f.same_id(self.slug.as_deref(), &slug);
        let dimension = f.keyword(
            "dimension",
            &self.dimension,
            Dimension::parse,
            Dimension::expected,
        );
        let typed_terms = self.coordinators.len();
        let typed_plans = self.plans.len();
        let mut terms = Vec::new();
        for (i, t) in self.coordinators.into_iter().enumerate() {
            let field = |x: &str| format!("coordinators[{i}].{x}");
            let state = f.code(field("state"), &t.state);
            let role = f.keyword(&field("role"), &t.role, CbmRole::parse, CbmRole::expected);
            let from = match f.partial(field("from"), Some(t.from)) {
                Some(None) => {
                    f.refuse(field("from"), "give the day, month or year the term began");
                    None
                }
                read => read.flatten(),
            };
            let until = f.partial(field("until"), t.until);
            let decided_by = f.opt_slug(&field("decision"), t.decision.as_deref());
            if let (Some(state), Some(role), Some(from), Some(until)) = (state, role, from, until) {
                terms.push(CoordinatorTerm {
                    state,
                    role,
                    from,
                    until,
                    decided_by,
                    provenance: crate::input::provenance(t.unconfirmed, t.note, t.sources),
                });
            }
        }
        let mut plans = Vec::new();
        for (i, p) in self.plans.into_iter().enumerate() {
            let field = |x: &str| format!("plans[{i}].{x}");
            let adopted = f.partial(field("adopted"), p.adopted);
            let decided_by = f.opt_slug(&field("decision"), p.decision.as_deref());
            if !(2004..=9999).contains(&p.first_year) {
                f.refuse(
                    field("first_year"),
                    "a year from the Catalogue's adoption in 2004",
                );
            }
            if let Some(adopted) = adopted {
                plans.push(ActionPlan {
                    first_year: p.first_year,
                    last_year: p.last_year.unwrap_or(p.first_year),
                    adopted,
                    decided_by,
                    provenance: crate::input::provenance(p.unconfirmed, p.note, p.sources),
                });
            }
        }
        let Some(dimension) = dimension else {
            return Err(f.refused());
        };
        let area = PriorityArea {
            slug,
            dimension,
            name: self.name.trim().to_owned(),
            short_name: crate::input::text_of(self.short_name),
            description: crate::input::text_of(self.description),
            measures: self
                .measures
                .into_iter()
                .filter_map(|m| crate::input::text_of(Some(m)))
                .collect(),
            terms,
            plans,
            provenance: crate::input::provenance(self.unconfirmed, self.note, self.sources),
        };
        // A term or plan that did not read is left out: the rules, which name terms and plans
        // by their place, wait until every one of them reads.
        let terms_read = area.terms.len() == typed_terms;
        let plans_read = area.plans.len() == typed_plans;
        f.finish(area, |a| {
            cica_app::cbm::area_problems(a)
                .into_iter()
                .filter(|(field, _)| terms_read || !field.starts_with("coordinators"))
                .filter(|(field, _)| plans_read || !field.starts_with("plans"))
                .collect()
        })
    }
}

/// An activity as a client sends it: the view read back, less what it derives.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActivityBody {
    #[serde(default)]
    pub slug: Option<String>,
    pub area: String,
    pub kind: String,
    pub title: String,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub states_reported: Option<u32>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub meetings: Vec<String>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "states_count")]
    pub _states_count: Option<serde::de::IgnoredAny>,
}

impl ActivityBody {
    /// The activity it describes at `slug`, every refusal named by its field.
    pub(crate) fn activity(self, slug: Slug) -> Result<Activity, WebError> {
        let mut f = crate::input::Fields::default();
        f.same_id(self.slug.as_deref(), &slug);
        let area = f.slug("area", &self.area);
        let kind = f.keyword(
            "kind",
            &self.kind,
            cbm::ActivityKind::parse,
            cbm::ActivityKind::expected,
        );
        let start = f.day("start", &self.start);
        let end = match crate::input::text_of(self.end) {
            Some(e) => f.day("end", &e),
            None => start,
        };
        let when = match (start, end) {
            (Some(s), Some(e)) => cica_domain::DateSpan::new(s, e)
                .map_err(|_| f.refuse("end", "the activity ends before it begins"))
                .ok(),
            _ => None,
        };
        let organisers = f.codes("organisers", &self.organisers);
        let participants = f.codes("participants", &self.participants);
        let organisations = f.slugs("organizations", &self.organizations);
        let meetings = f.slugs("meetings", &self.meetings);
        let news = f.slugs("news", &self.news);
        let (Some(area), Some(kind), Some(when)) = (area, kind, when) else {
            return Err(f.refused());
        };
        let activity = Activity {
            slug,
            area,
            kind,
            title: self.title.trim().to_owned(),
            when,
            place: crate::input::text_of(self.place),
            online: self.online,
            organisers,
            organisations,
            participants,
            states_reported: self.states_reported,
            summary: crate::input::text_of(self.summary),
            meetings,
            news,
            provenance: crate::input::provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(activity, cica_app::cbm::activity_problems)
    }
}

/// `PUT /api/v1/cbm/areas/{slug}` (the Secretariat): records (`If-None-Match: *`) or
/// corrects (`If-Match`) a priority area with its coordinators' terms and its plans.
pub async fn api_save_area(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let slug = crate::api::path_slug(&slug, "CBM priority area")?;
    let stored = app.store().cbm_area(&slug).await?;
    let what = format!("CBM priority area `{slug}`");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: AreaBody = crate::write::json(&body)?;
    let area = b.area(slug.clone())?;
    let version = app.uses().save_cbm_area(&actor, &area, expect).await?;
    let activities = app.store().cbm_activities(Some(&slug)).await?;
    Ok(crate::versions::saved(
        &app,
        Json(area_view(&area, &activities, app.today(), &app.directory())),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/cbm/areas/{slug}")),
    ))
}

async fn find_activity(
    app: &AppState,
    slug: &str,
) -> Result<(Activity, cica_store::Version), WebError> {
    let s = slug_or_404(slug, "CBM activity")?;
    app.store()
        .cbm_activity(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no CBM activity has the slug `{s}`")))
}

/// `GET /api/v1/cbm/activities/{slug}`; to the Secretariat with its version as `ETag`.
pub async fn api_activity(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let (a, version) = find_activity(&app, &slug).await?;
    let view = Json(activity_view(&a)).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

/// `PUT /api/v1/cbm/activities/{slug}` (the Secretariat): records (`If-None-Match: *`) or
/// corrects (`If-Match`) an implementation activity.
pub async fn api_save_activity(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let slug = crate::api::path_slug(&slug, "CBM activity")?;
    let stored = app.store().cbm_activity(&slug).await?;
    let what = format!("CBM activity `{slug}`");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: ActivityBody = crate::write::json(&body)?;
    let a = b.activity(slug.clone())?;
    let version = app.uses().save_cbm_activity(&actor, &a, expect).await?;
    Ok(crate::versions::saved(
        &app,
        Json(activity_view(&a)),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/cbm/activities/{slug}")),
    ))
}

/// `DELETE /api/v1/cbm/activities/{slug}` (the Secretariat): deletes one recorded in error,
/// at the version `If-Match` names: `204`.
pub async fn api_delete_activity(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (a, version) = find_activity(&app, &slug).await?;
    let expect =
        crate::versions::deletion(&headers, version, &format!("CBM activity `{}`", a.slug))?;
    app.uses()
        .delete_cbm_activity(&actor, &a.slug, expect)
        .await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}
