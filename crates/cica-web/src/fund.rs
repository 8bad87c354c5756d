//! The CICA Fund: its projects as pages (`/fund/projects`), as JSON under
//! `/api/v1/fund/projects`, and as one IATI 2.03 activities file (`/fund/iati.xml`).
//!
//! Everyone sees the projects the Project Review Committee approved; submissions still in
//! review, and those declined or withdrawn, are for Member States' delegates and the
//! Secretariat. Amounts go on the wire as strings with their currency, never JSON numbers.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use cica_app::money::StepInput;
use cica_domain::access::{Actor, may_read};
use cica_domain::decision::Visibility;
use cica_domain::fund::{
    ActivityStatus, Budget, BudgetStatus, BudgetType, Indicator, IndicatorMeasure, Location,
    Measurement, OrgRole, OrgType, Participant, Party, Project, ProjectResult, ReviewStage,
    ReviewStep, Transaction, TransactionType,
};
use cica_domain::money::{Currency, Money, Shown, Total};
use cica_domain::{Slug, StateCode, parse_day};
use serde::{Deserialize, Serialize};

use crate::api::{ApiResult, List, path_slug};
use crate::error::{ApiError, WebError};
use crate::money::{
    AmountView, TotalView, keyword, news, opt_text, prose, provenance, published_news, slug_field,
};
use crate::pages::{Layout, Link, PageResult, Ref};
use crate::params::Params;
use crate::present::{Timed, iso, slug_or_404};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat};

/// The identifier of the reporting organisation in the IATI file, and the prefix of every
/// activity's identifier.
const PUBLISHER_REF: &str = cica_iati::Publisher::CICA_REF;

// ---------------------------------------------------------------------------------------------
// The wire format.

#[derive(Serialize)]
pub struct PartyView {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    org_type: Option<&'static str>,
}

#[derive(Serialize)]
pub struct ParticipantView {
    role: &'static str,
    party: PartyView,
}

#[derive(Serialize)]
pub struct StepView {
    stage: &'static str,
    day: Option<String>,
    decided_by: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
pub struct LocationView {
    name: String,
    country: String,
    note: Option<String>,
}

#[derive(Serialize)]
pub struct BudgetView {
    kind: &'static str,
    status: &'static str,
    start: String,
    end: String,
    value: AmountView,
    value_date: String,
}

#[derive(Serialize)]
pub struct TransactionView {
    kind: &'static str,
    day: String,
    value: AmountView,
    value_date: String,
    provider: Option<PartyView>,
    receiver: Option<PartyView>,
    description: Option<String>,
    contribution: Option<String>,
}

#[derive(Serialize)]
pub struct MeasurementView {
    day: String,
    value: String,
    comment: Option<String>,
}

#[derive(Serialize)]
pub struct IndicatorView {
    title: String,
    measure: &'static str,
    unit: Option<String>,
    baseline: Option<MeasurementView>,
    target: Option<MeasurementView>,
    actual: Option<MeasurementView>,
}

#[derive(Serialize)]
pub struct ResultView {
    title: String,
    description: Option<String>,
    indicators: Vec<IndicatorView>,
}

#[derive(Serialize)]
pub struct StatusView {
    code: &'static str,
    name: &'static str,
}

/// A project as the API gives it.
#[derive(Serialize)]
pub struct ProjectView {
    id: String,
    url: String,
    iati_identifier: String,
    title: String,
    description: String,
    proposed_by: String,
    /// The IATI activity status, derived from the review.
    status: StatusView,
    stage: Option<&'static str>,
    participants: Vec<ParticipantView>,
    review: Vec<StepView>,
    planned_start: Option<String>,
    actual_start: Option<String>,
    planned_end: Option<String>,
    actual_end: Option<String>,
    locations: Vec<LocationView>,
    recipient_countries: Vec<String>,
    budgets: Vec<BudgetView>,
    transactions: Vec<TransactionView>,
    results: Vec<ResultView>,
    /// The budgets that count, summed per currency.
    budget_total: TotalView,
    /// Disbursements and expenditure, summed per currency.
    disbursed: TotalView,
    news: Vec<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

fn amount(m: Money) -> AmountView {
    AmountView::Amount {
        amount: m.amount_text(),
        currency: m.currency().code(),
    }
}

fn party_ref(dir: &Directory, p: &Party) -> Ref {
    match p {
        Party::State(s) => Ref::state(dir, s),
        Party::Organization(o) => Ref::organization(dir, o),
        Party::Named { name, .. } => Ref {
            key: String::new(),
            name: name.clone(),
            url: String::new(),
        },
    }
}

fn party_view(dir: &Directory, p: &Party) -> PartyView {
    let r = party_ref(dir, p);
    match p {
        Party::State(_) => PartyView {
            kind: "state",
            key: Some(r.key),
            name: r.name,
            org_type: None,
        },
        Party::Organization(_) => PartyView {
            kind: "organization",
            key: Some(r.key),
            name: r.name,
            org_type: None,
        },
        Party::Named { kind, .. } => PartyView {
            kind: "named",
            key: None,
            name: r.name,
            org_type: Some(kind.as_str()),
        },
    }
}

fn measurement_view(m: &Option<Measurement>) -> Option<MeasurementView> {
    m.as_ref().map(|m| MeasurementView {
        day: iso(m.year_or_day),
        value: m.value.clone(),
        comment: m.comment.clone(),
    })
}

fn project_view(p: &Project, dir: &Directory) -> ProjectView {
    let status = p.status();
    ProjectView {
        id: p.id.to_string(),
        url: format!("/fund/projects/{}", p.id),
        iati_identifier: format!("{PUBLISHER_REF}-{}", p.id),
        title: p.title.clone(),
        description: p.description.clone(),
        proposed_by: p.proposed_by.to_string(),
        status: StatusView {
            code: status.code(),
            name: status.label(),
        },
        stage: p.stage().map(ReviewStage::as_str),
        participants: p
            .participants
            .iter()
            .map(|x| ParticipantView {
                role: x.role.as_str(),
                party: party_view(dir, &x.party),
            })
            .collect(),
        review: p
            .review
            .iter()
            .map(|s| StepView {
                stage: s.stage.as_str(),
                day: s.day.map(iso),
                decided_by: s.decided_by.as_ref().map(ToString::to_string),
                note: s.note.clone(),
            })
            .collect(),
        planned_start: p.planned_start.map(iso),
        actual_start: p.actual_start.map(iso),
        planned_end: p.planned_end.map(iso),
        actual_end: p.actual_end.map(iso),
        locations: p
            .locations
            .iter()
            .map(|l| LocationView {
                name: l.name.clone(),
                country: l.country.clone(),
                note: l.note.clone(),
            })
            .collect(),
        recipient_countries: p.recipient_countries.clone(),
        budgets: p
            .budgets
            .iter()
            .map(|b| BudgetView {
                kind: b.kind.as_str(),
                status: b.status.as_str(),
                start: iso(b.start),
                end: iso(b.end),
                value: amount(b.value),
                value_date: iso(b.value_date),
            })
            .collect(),
        transactions: p
            .transactions
            .iter()
            .map(|t| TransactionView {
                kind: t.kind.as_str(),
                day: iso(t.day),
                value: amount(t.value),
                value_date: iso(t.value_date),
                provider: t.provider.as_ref().map(|x| party_view(dir, x)),
                receiver: t.receiver.as_ref().map(|x| party_view(dir, x)),
                description: t.description.clone(),
                contribution: t.contribution.as_ref().map(ToString::to_string),
            })
            .collect(),
        results: p
            .results
            .iter()
            .map(|r| ResultView {
                title: r.title.clone(),
                description: r.description.clone(),
                indicators: r
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        title: i.title.clone(),
                        measure: i.measure.as_str(),
                        unit: i.unit.clone(),
                        baseline: measurement_view(&i.baseline),
                        target: measurement_view(&i.target),
                        actual: measurement_view(&i.actual),
                    })
                    .collect(),
            })
            .collect(),
        budget_total: total_view(&p.budget_total()),
        disbursed: total_view(&p.disbursed()),
        news: p.news.iter().map(ToString::to_string).collect(),
        unconfirmed: p.provenance.unconfirmed,
        note: p.provenance.note.clone(),
        sources: p.provenance.sources.clone(),
    }
}

fn total_view(t: &Total) -> TotalView {
    TotalView::of(t)
}

async fn projects(app: &AppState) -> Result<Vec<Project>, WebError> {
    Ok(app
        .store()
        .fund_projects()
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}

async fn find(
    app: &AppState,
    actor: &Actor,
    id: &Slug,
) -> Result<(Project, cica_store::Version), WebError> {
    app.store()
        .fund_project(id)
        .await?
        .filter(|(p, _)| p.visible_to(actor))
        .ok_or_else(|| WebError::not_found(format!("no Fund project has the id `{id}`")))
}

/// `GET /api/v1/fund/projects`: the projects the reader may see, by IATI status or by the
/// state that proposed them.
pub async fn api_projects(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ProjectView>> {
    let p = Params::parse(q.as_deref(), &["status", "state"], true)?;
    let dir = app.directory();
    let status = p
        .get("status")
        .map(|s| {
            ActivityStatus::parse(s).ok_or_else(|| {
                WebError::invalid(
                    "status",
                    format!("`{s}` is not one of: {}", ActivityStatus::expected()),
                )
            })
        })
        .transpose()?;
    let state = crate::api::known_state(&dir, "state", p.state("state")?)?;
    let items = projects(&app)
        .await?
        .iter()
        .filter(|x| x.visible_to(&actor))
        .filter(|x| status.is_none_or(|s| x.status() == s))
        .filter(|x| state.as_ref().is_none_or(|s| &x.proposed_by == s))
        .map(|x| project_view(x, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

/// `GET /api/v1/fund/projects/{id}`.
pub async fn api_project(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "Fund project")?;
    let (p, version) = find(&app, &actor, &id).await?;
    let view = Json(project_view(&p, &app.directory())).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

// ---------------------------------------------------------------------------------------------
// Writing.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartyBody {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    org_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantBody {
    role: String,
    party: PartyBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepBody {
    stage: String,
    #[serde(default)]
    day: Option<String>,
    #[serde(default)]
    decided_by: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationBody {
    name: String,
    country: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyBody {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetBody {
    kind: String,
    status: String,
    start: String,
    end: String,
    value: MoneyBody,
    value_date: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransactionBody {
    kind: String,
    day: String,
    value: MoneyBody,
    value_date: String,
    #[serde(default)]
    provider: Option<PartyBody>,
    #[serde(default)]
    receiver: Option<PartyBody>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    contribution: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasurementBody {
    day: String,
    value: String,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorBody {
    title: String,
    measure: String,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    baseline: Option<MeasurementBody>,
    #[serde(default)]
    target: Option<MeasurementBody>,
    #[serde(default)]
    actual: Option<MeasurementBody>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultBody {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    indicators: Vec<IndicatorBody>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProjectBody {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    description: String,
    proposed_by: String,
    #[serde(default)]
    participants: Vec<ParticipantBody>,
    #[serde(default)]
    review: Vec<StepBody>,
    #[serde(default)]
    planned_start: Option<String>,
    #[serde(default)]
    actual_start: Option<String>,
    #[serde(default)]
    planned_end: Option<String>,
    #[serde(default)]
    actual_end: Option<String>,
    #[serde(default)]
    locations: Vec<LocationBody>,
    #[serde(default)]
    recipient_countries: Vec<String>,
    #[serde(default)]
    budgets: Vec<BudgetBody>,
    #[serde(default)]
    transactions: Vec<TransactionBody>,
    #[serde(default)]
    results: Vec<ResultBody>,
    #[serde(default)]
    news: Vec<String>,
    #[serde(default)]
    unconfirmed: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    // As read: what the view derives is ignored.
    #[serde(default, rename = "url")]
    _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "iati_identifier")]
    _iati: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "status")]
    _status: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "stage")]
    _stage: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "budget_total")]
    _budget_total: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "disbursed")]
    _disbursed: Option<serde::de::IgnoredAny>,
}

fn day(field: &str, text: &str) -> Result<NaiveDate, WebError> {
    parse_day(text).map_err(|e| WebError::invalid(field, e.to_string()))
}

fn opt_day(field: &str, text: Option<String>) -> Result<Option<NaiveDate>, WebError> {
    text.map(|t| day(field, &t)).transpose()
}

fn money(field: &str, m: MoneyBody) -> Result<Money, WebError> {
    let currency = Currency::parse(&m.currency)
        .map_err(|e| WebError::invalid(&format!("{field}.currency"), e.to_string()))?;
    Money::parse(&m.amount, currency)
        .map_err(|e| WebError::invalid(&format!("{field}.amount"), e.to_string()))
}

fn state_code(dir: &Directory, field: &str, text: &str) -> Result<StateCode, WebError> {
    StateCode::parse(text)
        .ok()
        .filter(|c| dir.states.contains_key(c))
        .ok_or_else(|| WebError::invalid(field, format!("no state has the code `{text}`")))
}

fn party(dir: &Directory, field: &str, b: PartyBody) -> Result<Party, WebError> {
    let key = || {
        b.key
            .clone()
            .ok_or_else(|| WebError::invalid(&format!("{field}.key"), "give the party's key"))
    };
    match b.kind.as_str() {
        "state" => Ok(Party::State(state_code(
            dir,
            &format!("{field}.key"),
            &key()?,
        )?)),
        "organization" => Ok(Party::Organization(slug_field(
            &format!("{field}.key"),
            &key()?,
        )?)),
        "named" => Ok(Party::Named {
            name: opt_text(b.name)
                .ok_or_else(|| WebError::invalid(&format!("{field}.name"), "name the party"))?,
            kind: match b.org_type.as_deref() {
                Some(t) => keyword(
                    &format!("{field}.org_type"),
                    t,
                    OrgType::parse,
                    OrgType::expected(),
                )?,
                None => OrgType::Other,
            },
        }),
        other => Err(WebError::invalid(
            &format!("{field}.type"),
            format!("`{other}` is not one of: state, organization, named"),
        )),
    }
}

fn measurement(field: &str, m: Option<MeasurementBody>) -> Result<Option<Measurement>, WebError> {
    m.map(|m| {
        Ok(Measurement {
            year_or_day: day(&format!("{field}.day"), &m.day)?,
            value: m.value.trim().to_owned(),
            comment: opt_text(m.comment),
        })
    })
    .transpose()
}

impl ProjectBody {
    pub(crate) fn project(self, id: Slug, dir: &Directory) -> Result<Project, WebError> {
        if let Some(other) = self.id.as_deref().filter(|i| *i != id.as_str()) {
            return Err(WebError::invalid(
                "id",
                format!("`{other}` is not the id the address names ({id})"),
            ));
        }
        let participants = self
            .participants
            .into_iter()
            .enumerate()
            .map(|(i, x)| {
                let field = format!("participants[{i}]");
                Ok(Participant {
                    role: keyword(
                        &format!("{field}.role"),
                        &x.role,
                        OrgRole::parse,
                        OrgRole::expected(),
                    )?,
                    party: party(dir, &format!("{field}.party"), x.party)?,
                })
            })
            .collect::<Result<_, WebError>>()?;
        let review = self
            .review
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let field = format!("review[{i}]");
                Ok(ReviewStep {
                    stage: keyword(
                        &format!("{field}.stage"),
                        &s.stage,
                        ReviewStage::parse,
                        ReviewStage::expected(),
                    )?,
                    day: opt_day(&format!("{field}.day"), s.day)?,
                    decided_by: s
                        .decided_by
                        .map(|d| slug_field(&format!("{field}.decided_by"), &d))
                        .transpose()?,
                    note: opt_text(s.note),
                })
            })
            .collect::<Result<_, WebError>>()?;
        let budgets = self
            .budgets
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                let field = format!("budgets[{i}]");
                Ok(Budget {
                    kind: keyword(
                        &format!("{field}.kind"),
                        &b.kind,
                        BudgetType::parse,
                        BudgetType::expected(),
                    )?,
                    status: keyword(
                        &format!("{field}.status"),
                        &b.status,
                        BudgetStatus::parse,
                        BudgetStatus::expected(),
                    )?,
                    start: day(&format!("{field}.start"), &b.start)?,
                    end: day(&format!("{field}.end"), &b.end)?,
                    value: money(&format!("{field}.value"), b.value)?,
                    value_date: day(&format!("{field}.value_date"), &b.value_date)?,
                })
            })
            .collect::<Result<_, WebError>>()?;
        let transactions = self
            .transactions
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let field = format!("transactions[{i}]");
                Ok(Transaction {
                    kind: keyword(
                        &format!("{field}.kind"),
                        &t.kind,
                        TransactionType::parse,
                        TransactionType::expected(),
                    )?,
                    day: day(&format!("{field}.day"), &t.day)?,
                    value: money(&format!("{field}.value"), t.value)?,
                    value_date: day(&format!("{field}.value_date"), &t.value_date)?,
                    provider: t
                        .provider
                        .map(|x| party(dir, &format!("{field}.provider"), x))
                        .transpose()?,
                    receiver: t
                        .receiver
                        .map(|x| party(dir, &format!("{field}.receiver"), x))
                        .transpose()?,
                    description: opt_text(t.description),
                    contribution: t
                        .contribution
                        .map(|c| slug_field(&format!("{field}.contribution"), &c))
                        .transpose()?,
                })
            })
            .collect::<Result<_, WebError>>()?;
        let results = self
            .results
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let indicators = r
                    .indicators
                    .into_iter()
                    .enumerate()
                    .map(|(j, ind)| {
                        let field = format!("results[{i}].indicators[{j}]");
                        Ok(Indicator {
                            title: ind.title.trim().to_owned(),
                            measure: keyword(
                                &format!("{field}.measure"),
                                &ind.measure,
                                IndicatorMeasure::parse,
                                IndicatorMeasure::expected(),
                            )?,
                            unit: opt_text(ind.unit),
                            baseline: measurement(&format!("{field}.baseline"), ind.baseline)?,
                            target: measurement(&format!("{field}.target"), ind.target)?,
                            actual: measurement(&format!("{field}.actual"), ind.actual)?,
                        })
                    })
                    .collect::<Result<_, WebError>>()?;
                Ok(ProjectResult {
                    title: r.title.trim().to_owned(),
                    description: opt_text(r.description),
                    indicators,
                })
            })
            .collect::<Result<_, WebError>>()?;
        Ok(Project {
            id,
            title: self.title.trim().to_owned(),
            description: self.description.trim().to_owned(),
            proposed_by: state_code(dir, "proposed_by", &self.proposed_by)?,
            participants,
            review,
            planned_start: opt_day("planned_start", self.planned_start)?,
            actual_start: opt_day("actual_start", self.actual_start)?,
            planned_end: opt_day("planned_end", self.planned_end)?,
            actual_end: opt_day("actual_end", self.actual_end)?,
            locations: self
                .locations
                .into_iter()
                .map(|l| Location {
                    name: l.name.trim().to_owned(),
                    country: l.country.trim().to_owned(),
                    note: opt_text(l.note),
                })
                .collect(),
            recipient_countries: self
                .recipient_countries
                .iter()
                .map(|c| c.trim().to_owned())
                .collect(),
            budgets,
            transactions,
            results,
            news: news(&self.news)?,
            provenance: provenance(self.unconfirmed, self.note, self.sources),
        })
    }
}

/// `PUT /api/v1/fund/projects/{id}` (the Secretariat): records (`If-None-Match: *`) or
/// corrects (`If-Match`) a project. Its review is added to, never rewritten.
pub async fn api_save_project(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "Fund project")?;
    let stored = app.store().fund_project(&id).await?;
    let what = format!("Fund project `{id}`");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: ProjectBody = crate::write::json(&body)?;
    let dir = app.directory();
    let p = b.project(id.clone(), &dir)?;
    let version = app.uses().save_fund_project(&actor, &p, expect).await?;
    Ok(crate::versions::saved(
        &app,
        Json(project_view(&p, &dir)),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/fund/projects/{id}")),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    stage: String,
    #[serde(default)]
    decided_by: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /api/v1/fund/projects/{id}/review` (the Secretariat): moves the project to its next
/// stage today, at the version `If-Match` names; an approval or decline names the committee's
/// decision.
pub async fn api_advance_project(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "Fund project")?;
    let (_, version) = find(&app, &actor, &id).await?;
    let what = format!("Fund project `{id}`");
    let expect = crate::versions::expectation(&headers, Some(version), &what)?;
    let b: AdvanceBody = crate::write::json(&body)?;
    let step = StepInput {
        stage: keyword(
            "stage",
            &b.stage,
            ReviewStage::parse,
            ReviewStage::expected(),
        )?,
        decided_by: b
            .decided_by
            .map(|d| slug_field("decided_by", &d))
            .transpose()?,
        note: b.note,
    };
    let (p, version) = app
        .uses()
        .advance_fund_project(&actor, &id, step, expect)
        .await?;
    Ok(crate::versions::saved(
        &app,
        Json(project_view(&p, &app.directory())),
        version,
        None,
    ))
}

// ---------------------------------------------------------------------------------------------
// IATI.

/// Names for the IATI file, from the registers.
struct DirectoryNames<'a>(&'a Directory);

impl cica_iati::Names for DirectoryNames<'_> {
    fn state(&self, code: &StateCode) -> cica_iati::Org {
        cica_iati::Org {
            reference: None,
            name: self.0.state_name(code).to_owned(),
            org_type: Some(OrgType::Government),
        }
    }

    fn organization(&self, slug: &Slug) -> cica_iati::Org {
        let kind = self.0.organizations.get(slug).map(|o| o.kind);
        cica_iati::Org {
            reference: None,
            name: self.0.organization_name(slug).to_owned(),
            org_type: kind.map(cica_domain::fund::org_type_of),
        }
    }
}

/// `GET /fund/iati.xml`: every approved project as one IATI 2.03 activities file.
pub async fn iati_xml(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let all = projects(&app).await?;
    let public: Vec<&Project> = all.iter().filter(|p| p.is_public()).collect();
    // The schema asks for at least one activity: an empty register publishes no file.
    if public.is_empty() {
        return Err(
            WebError::not_found("no approved project of the CICA Fund to publish yet").into(),
        );
    }
    let dir = app.directory();
    let publisher = cica_iati::Publisher::cica();
    let generated = app.now();
    let xml = cica_iati::activities(&public, &publisher, &DirectoryNames(&dir), generated);
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/xml; charset=utf-8",
        )],
        xml,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Pages.

pub struct ProjectRow {
    link: Link,
    proposed_by: Ref,
    status: &'static str,
    stage: &'static str,
    approved: Timed,
    budget: String,
}

fn total_text(t: &Total) -> String {
    if t.sums.is_empty() && t.not_recorded == 0 && !t.undisclosed {
        return "not recorded".into();
    }
    t.human()
}

#[derive(Template, WebTemplate)]
#[template(path = "fund_projects.html")]
pub struct ProjectsPage {
    l: Layout,
    rows: Vec<ProjectRow>,
    /// Whether the reader sees projects still in review.
    sees_pipeline: bool,
}

/// `/fund/projects`: the projects of the CICA Fund the reader may see.
pub async fn projects_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    _: crate::params::NoQuery,
) -> PageResult<ProjectsPage> {
    let dir = app.directory();
    let rows = projects(&app)
        .await?
        .iter()
        .filter(|p| p.visible_to(&actor))
        .map(|p| ProjectRow {
            link: Link {
                url: format!("/fund/projects/{}", p.id),
                label: p.title.clone(),
            },
            proposed_by: Ref::state(&dir, &p.proposed_by),
            status: p.status().label(),
            stage: p.stage().map_or("", ReviewStage::label),
            approved: p.approved_on().map(Timed::day).unwrap_or_default(),
            budget: total_text(&p.budget_total()),
        })
        .collect();
    Ok(ProjectsPage {
        l: Layout::new("CICA Fund projects", "contributions"),
        rows,
        sees_pipeline: may_read(&actor, Visibility::Members),
    })
}

pub struct StepRow {
    stage: &'static str,
    day: Timed,
    decision: Option<Link>,
    note: Timed,
}

pub struct IndicatorRow {
    title: String,
    baseline: String,
    target: String,
    actual: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "fund_project.html")]
pub struct ProjectPage {
    l: Layout,
    /// An editor in a signed-in browser: the link to the form.
    editor: bool,
    id: String,
    title: String,
    iati_identifier: String,
    status: &'static str,
    proposed_by: Ref,
    description: Timed,
    note: Timed,
    unconfirmed: bool,
    participants: Vec<(&'static str, Ref)>,
    steps: Vec<StepRow>,
    places: Vec<String>,
    budget: String,
    disbursed: String,
    budgets: Vec<(String, String, &'static str)>,
    transactions: Vec<(Timed, &'static str, String, String)>,
    results: Vec<(String, Vec<IndicatorRow>)>,
    contributions: Vec<Link>,
    news: Vec<Link>,
    sources: Vec<String>,
}

fn measured(m: &Option<Measurement>, unit: &str) -> String {
    match m {
        None => String::new(),
        Some(m) if m.value.is_empty() => m.comment.clone().unwrap_or_default(),
        Some(m) => format!("{} {unit}", m.value).trim().to_owned(),
    }
}

/// `/fund/projects/{id}`: one project with its review, money and results.
pub async fn project_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    _: crate::params::NoQuery,
) -> PageResult<ProjectPage> {
    let id = slug_or_404(&id, "Fund project")?;
    let (p, _) = find(&app, &actor, &id).await?;
    let dir = app.directory();
    let mut steps = Vec::new();
    for s in &p.review {
        let decision = match &s.decided_by {
            None => None,
            Some(d) => Some(Link {
                url: format!("/decisions/{d}"),
                label: match app.store().decision(d).await? {
                    Some(found) => format!(
                        "{} decision of {}",
                        dir.body_label(&found.organ),
                        crate::present::human(found.date)
                    ),
                    None => format!("decision {d}"),
                },
            }),
        };
        steps.push(StepRow {
            stage: s.stage.label(),
            day: s.day.map(Timed::day).unwrap_or_default(),
            decision,
            note: prose(s.note.as_deref()),
        });
    }
    let news = published_news(&app, &p.news).await?;
    let contributions = app
        .store()
        .contributions()
        .await?
        .into_iter()
        .filter(|(c, _)| c.project.as_ref() == Some(&p.id))
        .map(|(c, _)| Link {
            url: format!("/contributions/{}", c.id),
            label: c.title,
        })
        .collect();
    let show = |m: Money| Shown::Amount(m).human();
    Ok(ProjectPage {
        l: Layout::new(&p.title, "contributions"),
        editor: actor.is_secretariat() && session.is_some(),
        id: p.id.to_string(),
        title: p.title.clone(),
        iati_identifier: format!("{PUBLISHER_REF}-{}", p.id),
        status: p.status().label(),
        proposed_by: Ref::state(&dir, &p.proposed_by),
        description: prose(Some(&p.description)),
        note: prose(p.provenance.note.as_deref()),
        unconfirmed: p.provenance.unconfirmed,
        participants: p
            .participants
            .iter()
            .map(|x| (x.role.label(), party_ref(&dir, &x.party)))
            .collect(),
        steps,
        places: p
            .locations
            .iter()
            .map(|l| format!("{} ({})", l.name, l.country))
            .collect(),
        budget: total_text(&p.budget_total()),
        disbursed: total_text(&p.disbursed()),
        budgets: p
            .budgets
            .iter()
            .map(|b| {
                (
                    format!(
                        "{} – {}",
                        crate::present::human(b.start),
                        crate::present::human(b.end)
                    ),
                    show(b.value),
                    b.kind.label(),
                )
            })
            .collect(),
        transactions: p
            .transactions
            .iter()
            .map(|t| {
                (
                    Timed::day(t.day),
                    t.kind.label(),
                    show(t.value),
                    t.description.clone().unwrap_or_default(),
                )
            })
            .collect(),
        results: p
            .results
            .iter()
            .map(|r| {
                (
                    r.title.clone(),
                    r.indicators
                        .iter()
                        .map(|i| {
                            let unit = i.unit.clone().unwrap_or_default();
                            IndicatorRow {
                                title: i.title.clone(),
                                baseline: measured(&i.baseline, &unit),
                                target: measured(&i.target, &unit),
                                actual: measured(&i.actual, &unit),
                            }
                        })
                        .collect(),
                )
            })
            .collect(),
        contributions,
        news,
        sources: p.provenance.sources.clone(),
    })
}
