//! Money: contributions to the Secretariat's budget and to the CICA Fund, each year's
//! statement with its totals, as pages (`/contributions`) and as JSON under
//! `/api/v1/contributions`.
//!
//! Amounts go on the wire as strings with their currency, `{"amount": "12500.00", "currency":
//! "USD"}`, never as JSON numbers; an amount the reader may not see is `{"undisclosed": true}`,
//! and a total that would include one is undisclosed as a whole.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use cica_domain::money::{
    AmountVisibility, Contribution, ContributionKind, Contributor, ContributorKind, Currency,
    FinancialReport, InKindForm, Money, Movement, Recipient, ReportKind, Shown, Stage, Statement,
    Total, sees_all_amounts, shown,
};
use cica_domain::{PartialDate, Provenance, Slug};
use serde::{Deserialize, Serialize};

use crate::api::{ApiResult, List, path_slug};
use crate::error::{ApiError, WebError};
use crate::pages::{Choice, Layout, Link, PageResult, Ref};
use crate::params::Params;
use crate::present::{Timed, slug_or_404};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat};

// ---------------------------------------------------------------------------------------------
// The wire format.

/// An amount as a reader may see it.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(untagged)]
pub enum AmountView {
    Amount {
        amount: String,
        currency: &'static str,
    },
    Undisclosed {
        undisclosed: bool,
    },
}

impl AmountView {
    /// The amount as shown; `None` when the record holds none.
    fn of(s: Shown) -> Option<Self> {
        match s {
            Shown::Amount(m) => Some(Self::Amount {
                amount: m.amount_text(),
                currency: m.currency().code(),
            }),
            Shown::Undisclosed => Some(Self::Undisclosed { undisclosed: true }),
            Shown::NotRecorded => None,
        }
    }
}

/// A total as a reader may see it: exact sums per currency, or undisclosed as a whole.
#[derive(Serialize)]
#[serde(untagged)]
pub enum TotalView {
    Sums {
        amounts: Vec<AmountView>,
        /// Amounts the record does not hold, counted (not guessed).
        not_recorded: usize,
    },
    Undisclosed {
        undisclosed: bool,
    },
}

impl TotalView {
    pub(crate) fn of(t: &Total) -> Self {
        match t.amounts() {
            None => Self::Undisclosed { undisclosed: true },
            Some(amounts) => Self::Sums {
                amounts: amounts
                    .into_iter()
                    .filter_map(|m| AmountView::of(Shown::Amount(m)))
                    .collect(),
                not_recorded: t.not_recorded,
            },
        }
    }
}

/// Who contributed.
#[derive(Serialize)]
pub struct ContributorView {
    #[serde(rename = "type")]
    kind: &'static str,
    /// The state's code or the organization's or person's slug; none for a named contributor.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    name: String,
    /// What a named contributor is (agency, company …).
    #[serde(skip_serializing_if = "Option::is_none", rename = "kind")]
    named_kind: Option<&'static str>,
}

#[derive(Serialize)]
pub struct MovementView {
    stage: &'static str,
    day: String,
    amount: Option<AmountView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// A contribution as the API gives it.
#[derive(Serialize)]
pub struct ContributionView {
    id: String,
    url: String,
    contributor: ContributorView,
    recipient: &'static str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<String>,
    title: String,
    description: String,
    visibility: &'static str,
    /// The stage reached: pledged, committed or received.
    stage: Option<&'static str>,
    /// The last commitment, else the last pledge.
    promised: Option<AmountView>,
    /// Every receipt, summed.
    received: Option<AmountView>,
    movements: Vec<MovementView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    excess_note: Option<String>,
    news: Vec<String>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

/// One contribution as one reader may see it: the model the API's view and the pages' rows are
/// built from.
pub(crate) struct ContributionModel<'a> {
    c: &'a Contribution,
    pub(crate) contributor: Ref,
    /// Whether this reader sees the amounts (and what would tell them: documents, notes).
    open: bool,
    /// The Fund project it goes to, when the reader may know of that project.
    pub(crate) project: Option<&'a Slug>,
}

impl<'a> ContributionModel<'a> {
    pub(crate) fn new(
        c: &'a Contribution,
        dir: &Directory,
        sees_all: bool,
        hidden: &Hidden,
    ) -> Self {
        let contributor = match &c.contributor {
            Contributor::State(s) => Ref::state(dir, s),
            Contributor::Organization(o) => Ref::organization(dir, o),
            Contributor::Person(p) => Ref::person(dir, p),
            Contributor::Named { name, .. } => Ref {
                key: String::new(),
                name: name.clone(),
                url: String::new(),
            },
        };
        Self {
            c,
            contributor,
            open: sees_all || c.visibility == AmountVisibility::Public,
            project: c.project.as_ref().filter(|p| !hidden.contains(*p)),
        }
    }

    fn amount(&self, m: Option<Money>) -> Shown {
        shown(m, self.c.visibility, self.open)
    }

    /// The last promise as the reader sees it; none when nothing was pledged or committed.
    pub(crate) fn promised(&self) -> Option<Shown> {
        let any = self.c.movements.iter().any(|m| m.stage != Stage::Received);
        any.then(|| self.amount(self.c.promised()))
    }

    /// The receipts summed as the reader sees them; none before any receipt.
    pub(crate) fn received(&self) -> Option<Shown> {
        let any = self.c.movements.iter().any(|m| m.stage == Stage::Received);
        any.then(|| self.amount(self.c.received()))
    }

    fn kind_label(&self) -> String {
        match self.c.in_kind {
            Some(form) => format!("In kind: {}", form.label().to_lowercase()),
            None => self.c.kind.label().to_owned(),
        }
    }

    fn view(&self) -> ContributionView {
        let c = self.c;
        let contributor = match &c.contributor {
            Contributor::State(_) | Contributor::Organization(_) | Contributor::Person(_) => {
                ContributorView {
                    kind: match &c.contributor {
                        Contributor::State(_) => "state",
                        Contributor::Organization(_) => "organization",
                        _ => "person",
                    },
                    key: Some(self.contributor.key.clone()),
                    name: self.contributor.name.clone(),
                    named_kind: None,
                }
            }
            Contributor::Named { name, kind } => ContributorView {
                kind: "named",
                key: None,
                name: name.clone(),
                named_kind: Some(kind.as_str()),
            },
        };
        ContributionView {
            id: c.id.to_string(),
            url: format!("/contributions/{}", c.id),
            contributor,
            recipient: c.recipient.as_str(),
            kind: c.kind.as_str(),
            in_kind: c.in_kind.map(InKindForm::as_str),
            project: self.project.map(ToString::to_string),
            title: c.title.clone(),
            description: c.description.clone(),
            visibility: c.visibility.as_str(),
            stage: c.stage().map(Stage::as_str),
            promised: self.promised().and_then(AmountView::of),
            received: self.received().and_then(AmountView::of),
            movements: c
                .movements
                .iter()
                .map(|m| MovementView {
                    stage: m.stage.as_str(),
                    day: m.day.iso(),
                    amount: AmountView::of(self.amount(m.amount)),
                    document: m.document.clone().filter(|_| self.open),
                    note: m.note.clone().filter(|_| self.open),
                })
                .collect(),
            excess_note: c.excess_note.clone().filter(|_| self.open),
            news: c.news.iter().map(ToString::to_string).collect(),
            unconfirmed: c.provenance.unconfirmed,
            note: c.provenance.note.clone(),
            sources: c.provenance.sources.clone(),
        }
    }
}

/// Fund projects a reader may not know of yet (in review, declined or withdrawn, to anyone but
/// Member States' delegates and the Secretariat).
pub(crate) type Hidden = std::collections::BTreeSet<Slug>;

pub(crate) async fn hidden_projects(
    app: &AppState,
    actor: &cica_domain::access::Actor,
) -> Result<Hidden, WebError> {
    Ok(app
        .store()
        .fund_projects()
        .await?
        .into_iter()
        .filter(|(p, _)| !p.visible_to(actor))
        .map(|(p, _)| p.id)
        .collect())
}

/// The filters of the list, read from the query.
struct Filter {
    recipient: Option<Recipient>,
    state: Option<cica_domain::StateCode>,
    year: Option<i32>,
    stage: Option<Stage>,
}

impl Filter {
    fn parse(p: &Params, dir: &Directory) -> Result<Self, WebError> {
        let keyword = |name: &str, expected: String| {
            WebError::invalid(
                name,
                format!(
                    "`{}` is not one of: {expected}",
                    p.get(name).unwrap_or_default()
                ),
            )
        };
        Ok(Self {
            recipient: p
                .get("recipient")
                .map(|r| {
                    Recipient::parse(r).ok_or_else(|| keyword("recipient", Recipient::expected()))
                })
                .transpose()?,
            state: crate::api::known_state(dir, "state", p.state("state")?)?,
            year: year_param(p)?,
            stage: p
                .get("stage")
                .map(|s| Stage::parse(s).ok_or_else(|| keyword("stage", Stage::expected())))
                .transpose()?,
        })
    }

    fn keeps(&self, c: &Contribution) -> bool {
        self.recipient.is_none_or(|r| c.recipient == r)
            && self
                .state
                .as_ref()
                .is_none_or(|s| c.contributor == Contributor::State(s.clone()))
            && self
                .year
                .is_none_or(|y| c.movements.iter().any(|m| m.day.first_day().year() == y))
            && self.stage.is_none_or(|s| c.stage() == Some(s))
    }
}

fn year_param(p: &Params) -> Result<Option<i32>, WebError> {
    p.get("year")
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1992..=9999).contains(y))
                .ok_or_else(|| WebError::invalid("year", format!("`{y}` is not a year")))
        })
        .transpose()
}

async fn contributions(app: &AppState) -> Result<Vec<Contribution>, WebError> {
    Ok(app
        .store()
        .contributions()
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .collect())
}

/// `GET /api/v1/contributions`: every contribution, by recipient, contributing state, year of
/// a movement or stage reached; amounts as the reader may see them.
pub async fn api_contributions(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<ContributionView>> {
    let p = Params::parse(q.as_deref(), &["recipient", "state", "year", "stage"], true)?;
    let dir = app.directory();
    let filter = Filter::parse(&p, &dir)?;
    let sees_all = sees_all_amounts(&actor);
    let hidden = hidden_projects(&app, &actor).await?;
    let items = contributions(&app)
        .await?
        .iter()
        .filter(|c| filter.keeps(c))
        .map(|c| ContributionModel::new(c, &dir, sees_all, &hidden).view())
        .collect();
    Ok(Json(List { items, next: None }))
}

/// `GET /api/v1/contributions/{id}`.
pub async fn api_contribution(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "contribution")?;
    let (c, version) = find(&app, &id).await?;
    let hidden = hidden_projects(&app, &actor).await?;
    let model = ContributionModel::new(&c, &app.directory(), sees_all_amounts(&actor), &hidden);
    let view = Json(model.view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

async fn find(app: &AppState, id: &Slug) -> Result<(Contribution, cica_store::Version), WebError> {
    app.store()
        .contribution(id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no contribution has the id `{id}`")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContributorBody {
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) key: Option<String>,
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default, rename = "kind")]
    pub(crate) named_kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AmountBody {
    #[serde(default)]
    pub(crate) amount: Option<String>,
    #[serde(default)]
    pub(crate) currency: Option<String>,
    #[serde(default)]
    pub(crate) undisclosed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MovementBody {
    pub(crate) stage: String,
    pub(crate) day: String,
    #[serde(default)]
    pub(crate) amount: Option<AmountBody>,
    #[serde(default)]
    pub(crate) document: Option<String>,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContributionBody {
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) contributor: ContributorBody,
    pub(crate) recipient: String,
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) in_kind: Option<String>,
    #[serde(default)]
    pub(crate) project: Option<String>,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    pub(crate) visibility: String,
    #[serde(default)]
    pub(crate) movements: Vec<MovementBody>,
    #[serde(default)]
    pub(crate) excess_note: Option<String>,
    #[serde(default)]
    pub(crate) news: Vec<String>,
    #[serde(default)]
    pub(crate) unconfirmed: bool,
    #[serde(default)]
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
    // As read: what the view derives is ignored.
    #[serde(default, rename = "url")]
    pub(crate) _url: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "stage")]
    pub(crate) _stage: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "promised")]
    pub(crate) _promised: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "received")]
    pub(crate) _received: Option<serde::de::IgnoredAny>,
}

pub(crate) fn keyword<T>(
    field: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    expected: String,
) -> Result<T, WebError> {
    parse(text)
        .ok_or_else(|| WebError::invalid(field, format!("`{text}` is not one of: {expected}")))
}

pub(crate) fn slug_field(field: &str, text: &str) -> Result<Slug, WebError> {
    Slug::parse(text).map_err(|e| WebError::invalid(field, e.to_string()))
}

pub(crate) fn opt_text(v: Option<String>) -> Option<String> {
    v.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl ContributionBody {
    pub(crate) fn contribution(self, id: Slug, dir: &Directory) -> Result<Contribution, WebError> {
        if let Some(other) = self.id.as_deref().filter(|i| *i != id.as_str()) {
            return Err(WebError::invalid(
                "id",
                format!("`{other}` is not the id the address names ({id})"),
            ));
        }
        let b = self.contributor;
        let key = || {
            b.key
                .clone()
                .ok_or_else(|| WebError::invalid("contributor.key", "give the contributor's key"))
        };
        if b.named_kind.is_some() && b.kind != "named" {
            return Err(WebError::invalid(
                "contributor.kind",
                "a kind goes with a named contributor only; registered contributors have theirs",
            ));
        }
        let contributor = match b.kind.as_str() {
            "state" => Contributor::State(
                crate::api::known_state(
                    dir,
                    "contributor.key",
                    Some(crate::api::path_code(&key()?, "state").map_err(|_| {
                        WebError::invalid("contributor.key", "give a state's three-letter code")
                    })?),
                )?
                .ok_or_else(|| WebError::invalid("contributor.key", "give a state's code"))?,
            ),
            "organization" => Contributor::Organization(slug_field("contributor.key", &key()?)?),
            "person" => Contributor::Person(slug_field("contributor.key", &key()?)?),
            "named" => Contributor::Named {
                name: b
                    .name
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| WebError::invalid("contributor.name", "name the contributor"))?,
                kind: match b.named_kind.as_deref() {
                    Some(k) => keyword(
                        "contributor.kind",
                        k,
                        ContributorKind::parse,
                        ContributorKind::expected(),
                    )?,
                    None => ContributorKind::Other,
                },
            },
            other => {
                return Err(WebError::invalid(
                    "contributor.type",
                    format!("`{other}` is not one of: state, organization, person, named"),
                ));
            }
        };
        let mut movements = Vec::new();
        for (i, m) in self.movements.into_iter().enumerate() {
            let field = |f: &str| format!("movements[{i}].{f}");
            let amount = match m.amount {
                None => None,
                Some(a) if a.undisclosed.is_some() => {
                    return Err(WebError::invalid(
                        &field("amount"),
                        "write the amount and its currency, or null when the record holds none; who may see it is the contribution's visibility",
                    ));
                }
                Some(a) => {
                    let (Some(text), Some(code)) = (a.amount, a.currency) else {
                        return Err(WebError::invalid(
                            &field("amount"),
                            "give both `amount` (a string such as \"12500.00\") and `currency`",
                        ));
                    };
                    let currency = Currency::parse(&code)
                        .map_err(|e| WebError::invalid(&field("amount.currency"), e.to_string()))?;
                    Some(
                        Money::parse(&text, currency).map_err(|e| {
                            WebError::invalid(&field("amount.amount"), e.to_string())
                        })?,
                    )
                }
            };
            movements.push(Movement {
                stage: keyword(&field("stage"), &m.stage, Stage::parse, Stage::expected())?,
                day: PartialDate::parse(&m.day)
                    .map_err(|e| WebError::invalid(&field("day"), e.to_string()))?,
                amount,
                document: opt_text(m.document),
                note: opt_text(m.note),
            });
        }
        Ok(Contribution {
            id,
            contributor,
            recipient: keyword(
                "recipient",
                &self.recipient,
                Recipient::parse,
                Recipient::expected(),
            )?,
            kind: keyword(
                "kind",
                &self.kind,
                ContributionKind::parse,
                ContributionKind::expected(),
            )?,
            in_kind: self
                .in_kind
                .map(|k| keyword("in_kind", &k, InKindForm::parse, InKindForm::expected()))
                .transpose()?,
            project: self
                .project
                .map(|p| slug_field("project", &p))
                .transpose()?,
            title: self.title.trim().to_owned(),
            description: self.description.trim().to_owned(),
            visibility: keyword(
                "visibility",
                &self.visibility,
                AmountVisibility::parse,
                AmountVisibility::expected(),
            )?,
            movements,
            excess_note: opt_text(self.excess_note),
            news: news(&self.news)?,
            provenance: provenance(self.unconfirmed, self.note, self.sources),
        })
    }
}

/// `PUT /api/v1/contributions/{id}` (the Secretariat): records (`If-None-Match: *`) or
/// corrects (`If-Match`) a contribution.
pub async fn api_save_contribution(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "contribution")?;
    let stored = app.store().contribution(&id).await?;
    let what = format!("contribution `{id}`");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: ContributionBody = crate::write::json(&body)?;
    let dir = app.directory();
    let c = b.contribution(id.clone(), &dir)?;
    let version = app.uses().save_contribution(&actor, &c, expect).await?;
    Ok(crate::versions::saved(
        &app,
        Json(ContributionModel::new(&c, &dir, true, &Hidden::new()).view()),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/contributions/{id}")),
    ))
}

/// `DELETE /api/v1/contributions/{id}` (the Secretariat): deletes one recorded in error, at
/// the version `If-Match` names: `204`.
pub async fn api_delete_contribution(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "contribution")?;
    let (_, version) = find(&app, &id).await?;
    let expect = crate::versions::deletion(&headers, version, &format!("contribution `{id}`"))?;
    app.uses().delete_contribution(&actor, &id, expect).await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

/// One line of a statement.
#[derive(Serialize)]
pub struct LineView {
    contribution: String,
    contributor: String,
    title: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_kind: Option<&'static str>,
    /// The stage reached by the end of the year.
    stage: &'static str,
    /// Pledged or committed during the year.
    promised: Option<AmountView>,
    /// Received during the year.
    received: Option<AmountView>,
}

/// A year's statement of one recipient.
#[derive(Serialize)]
pub struct StatementView {
    year: i32,
    recipient: &'static str,
    lines: Vec<LineView>,
    promised: TotalView,
    received: TotalView,
    in_kind: usize,
}

fn statement_view(s: &Statement<'_>, dir: &Directory) -> StatementView {
    StatementView {
        year: s.year,
        recipient: s.recipient.as_str(),
        lines: s
            .lines
            .iter()
            .map(|l| LineView {
                contribution: l.contribution.id.to_string(),
                contributor: ContributionModel::new(l.contribution, dir, false, &Hidden::new())
                    .contributor
                    .name,
                title: l.contribution.title.clone(),
                kind: l.contribution.kind.as_str(),
                in_kind: l.contribution.in_kind.map(InKindForm::as_str),
                stage: l.stage.as_str(),
                promised: l.promised.and_then(AmountView::of),
                received: l.received.and_then(AmountView::of),
            })
            .collect(),
        promised: TotalView::of(&s.promised),
        received: TotalView::of(&s.received),
        in_kind: s.in_kind,
    }
}

/// `GET /api/v1/contributions/statement?year=`: each recipient's statement of the year (this
/// year by default), its totals as the reader may see them.
pub async fn api_statement(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<StatementView>> {
    let p = Params::parse(q.as_deref(), &["year", "recipient"], true)?;
    let year = year_param(&p)?.unwrap_or_else(|| app.today().year());
    let only = p
        .get("recipient")
        .map(|r| {
            Recipient::parse(r).ok_or_else(|| {
                WebError::invalid(
                    "recipient",
                    format!("`{r}` is not one of: {}", Recipient::expected()),
                )
            })
        })
        .transpose()?;
    let all = contributions(&app).await?;
    let dir = app.directory();
    let sees_all = sees_all_amounts(&actor);
    let items = Recipient::ALL
        .iter()
        .filter(|r| only.is_none_or(|o| o == **r))
        .map(|r| statement_view(&Statement::of(year, *r, &all, sees_all), &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

// ---------------------------------------------------------------------------------------------
// Financial reports and external audits.

/// The document that holds a financial report, for a reader who may read it.
#[derive(Serialize)]
pub struct ReportDocumentView {
    slug: String,
    title: String,
    url: String,
}

/// The decision by which an organ received a financial report.
#[derive(Serialize)]
pub struct ReceivingDecisionView {
    id: String,
    url: String,
}

/// A financial report or an external audit as the API gives it.
#[derive(Serialize)]
pub struct FinancialReportView {
    id: String,
    /// `financial-report` or `external-audit`.
    kind: &'static str,
    /// The first and last days of the period it covers.
    from: String,
    to: String,
    auditor: Option<String>,
    /// The document that holds it; null for a reader who may not read that document.
    document: Option<ReportDocumentView>,
    /// The decision that received it, or null.
    decision: Option<ReceivingDecisionView>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
}

/// A financial report as one reader may see it: the document only when the reader may read
/// it ([`crate::readers::readable_document`]), and the decision that received it as recorded.
/// The API's view, the statements page's row and the export's row are built from it.
pub(crate) struct FinancialReportModel<'a> {
    pub(crate) record: &'a FinancialReport,
    pub(crate) document: Option<cica_domain::decision::Document>,
    pub(crate) decision: Option<cica_domain::decision::Decision>,
}

impl<'a> FinancialReportModel<'a> {
    pub(crate) async fn new(
        app: &AppState,
        actor: &cica_domain::access::Actor,
        record: &'a FinancialReport,
    ) -> Result<Self, WebError> {
        let document = match &record.document {
            Some(d) => crate::readers::readable_document(app, actor, d).await?,
            None => None,
        };
        let decision = match &record.decision {
            Some(d) => app.store().decision(d).await?,
            None => None,
        };
        Ok(Self {
            record,
            document,
            decision,
        })
    }

    fn view(&self) -> FinancialReportView {
        let r = self.record;
        FinancialReportView {
            id: r.id.to_string(),
            kind: r.kind.as_str(),
            from: crate::present::day(r.from),
            to: crate::present::day(r.to),
            auditor: r.auditor.clone(),
            document: self.document.as_ref().map(|d| ReportDocumentView {
                slug: d.slug.to_string(),
                title: d.title.clone(),
                url: format!("/documents/{}", d.slug),
            }),
            decision: self.decision.as_ref().map(|d| ReceivingDecisionView {
                id: d.id.to_string(),
                url: format!("/decisions/{}", d.id),
            }),
            unconfirmed: r.provenance.unconfirmed,
            note: r.provenance.note.clone(),
            sources: r.provenance.sources.clone(),
        }
    }

    fn row(&self, dir: &Directory) -> ReportRow {
        let r = self.record;
        ReportRow {
            id: r.id.to_string(),
            kind: r.kind.label(),
            has_document: r.document.is_some(),
            period: Timed::prose(format!(
                "{} – {}",
                crate::present::human(r.from),
                crate::present::human(r.to)
            )),
            document: self.document.as_ref().map(|d| Link {
                url: format!("/documents/{}", d.slug),
                label: d.title.clone(),
            }),
            decision: self.decision.as_ref().map(|found| Link {
                url: format!("/decisions/{}", found.id),
                label: format!(
                    "{} {} it on {}",
                    dir.body_label(&found.organ),
                    found.act.past(),
                    crate::present::human(found.date)
                ),
            }),
            note: prose(r.provenance.note.as_deref()),
        }
    }
}

/// `GET /api/v1/financial-reports`: the financial reports and external audits, by the first
/// day of their period; of a kind, or covering a year.
pub async fn api_financial_reports(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<FinancialReportView>> {
    let p = Params::parse(q.as_deref(), &["year", "kind"], true)?;
    let year = year_param(&p)?;
    let kind = p
        .get("kind")
        .map(|k| {
            ReportKind::parse(k).ok_or_else(|| {
                WebError::invalid(
                    "kind",
                    format!("`{k}` is not one of: {}", ReportKind::expected()),
                )
            })
        })
        .transpose()?;
    let mut items = Vec::new();
    for r in app
        .store()
        .financial_reports()
        .await?
        .iter()
        .filter(|r| year.is_none_or(|y| r.covers_year(y)))
        .filter(|r| kind.is_none_or(|k| r.kind == k))
    {
        items.push(FinancialReportModel::new(&app, &actor, r).await?.view());
    }
    Ok(Json(List { items, next: None }))
}

/// `GET /api/v1/financial-reports/{id}`; to the Secretariat with its version as `ETag`.
pub async fn api_financial_report(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let id = path_slug(&id, "financial report")?;
    let (record, version) = find_report(&app, &id).await?;
    let model = FinancialReportModel::new(&app, &actor, &record).await?;
    let view = Json(model.view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, view, version,
    ))
}

async fn find_report(
    app: &AppState,
    id: &Slug,
) -> Result<(FinancialReport, cica_store::Version), WebError> {
    app.store()
        .financial_report(id)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no financial report has the id `{id}`")))
}

/// The document a financial report names, as a client sends it: its slug, or the object a
/// read gives.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum DocumentRef {
    Key(String),
    Read(ReadDocument),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReadDocument {
    slug: String,
    #[serde(default, rename = "title")]
    _title: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    _url: Option<serde::de::IgnoredAny>,
}

/// The decision that received a financial report, as a client sends it: its id, or the
/// object a read gives.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum DecisionRef {
    Key(String),
    Read(ReadDecision),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReadDecision {
    id: String,
    #[serde(default, rename = "url")]
    _url: Option<serde::de::IgnoredAny>,
}

impl DocumentRef {
    fn key(self) -> String {
        match self {
            Self::Key(k) | Self::Read(ReadDocument { slug: k, .. }) => k,
        }
    }
}

impl DecisionRef {
    fn key(self) -> String {
        match self {
            Self::Key(k) | Self::Read(ReadDecision { id: k, .. }) => k,
        }
    }
}

/// A financial report as a client sends it: the view read back.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FinancialReportBody {
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) kind: String,
    pub(crate) from: String,
    pub(crate) to: String,
    #[serde(default)]
    pub(crate) auditor: Option<String>,
    #[serde(default)]
    pub(crate) document: Option<DocumentRef>,
    #[serde(default)]
    pub(crate) decision: Option<DecisionRef>,
    #[serde(default)]
    pub(crate) unconfirmed: bool,
    #[serde(default)]
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

impl FinancialReportBody {
    /// The report it describes at `id`, every refusal named by its field.
    pub(crate) fn report(self, id: Slug) -> Result<FinancialReport, WebError> {
        let mut f = crate::input::Fields::default();
        f.same_id(self.id.as_deref(), &id);
        let kind = f.keyword("kind", &self.kind, ReportKind::parse, ReportKind::expected);
        let from = f.day("from", &self.from);
        let to = f.day("to", &self.to);
        let document = f.opt_slug("document", self.document.map(DocumentRef::key).as_deref());
        let decision = f.opt_slug("decision", self.decision.map(DecisionRef::key).as_deref());
        let (Some(kind), Some(from), Some(to)) = (kind, from, to) else {
            return Err(f.refused());
        };
        let report = FinancialReport {
            id,
            kind,
            from,
            to,
            auditor: crate::input::text_of(self.auditor),
            document,
            decision,
            provenance: provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(report, cica_app::money::financial_report_problems)
    }
}

/// `PUT /api/v1/financial-reports/{id}` (the Secretariat): records (`If-None-Match: *`) or
/// corrects (`If-Match`) a financial report or an external audit.
pub async fn api_save_financial_report(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "financial report")?;
    let stored = app.store().financial_report(&id).await?;
    let what = format!("financial report `{id}`");
    let expect = crate::versions::expectation(&headers, stored.as_ref().map(|(_, v)| *v), &what)?;
    let b: FinancialReportBody = crate::write::json(&body)?;
    let r = b.report(id.clone())?;
    let version = app.uses().save_financial_report(&actor, &r, expect).await?;
    let model = FinancialReportModel::new(&app, &actor, &r).await?;
    Ok(crate::versions::saved(
        &app,
        Json(model.view()),
        version,
        stored
            .is_none()
            .then(|| format!("/api/v1/financial-reports/{id}")),
    ))
}

/// `DELETE /api/v1/financial-reports/{id}` (the Secretariat): deletes one recorded in error,
/// at the version `If-Match` names: `204`.
pub async fn api_delete_financial_report(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = path_slug(&id, "financial report")?;
    let (_, version) = find_report(&app, &id).await?;
    let expect = crate::versions::deletion(&headers, version, &format!("financial report `{id}`"))?;
    app.uses()
        .delete_financial_report(&actor, &id, expect)
        .await?;
    app.invalidate();
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Pages.

/// An amount for people; nothing where the record has no such step.
fn amount_text(s: Option<Shown>) -> String {
    s.map(Shown::human).unwrap_or_default()
}

pub struct LineRow {
    contribution: Link,
    contributor: Ref,
    kind: String,
    stage: &'static str,
    promised: String,
    received: String,
    unconfirmed: bool,
}

pub struct StatementBlock {
    label: &'static str,
    /// Whether it is the Fund's (which links to its projects).
    fund: bool,
    lines: Vec<LineRow>,
    promised: String,
    received: String,
    in_kind: usize,
}

/// A financial report or audit whose period touches the year shown.
pub struct ReportRow {
    id: String,
    kind: &'static str,
    /// Whether the record names a document (which the reader may still not read).
    has_document: bool,
    period: Timed,
    /// The document, when the reader may read it.
    document: Option<Link>,
    /// The decision that received it.
    decision: Option<Link>,
    note: Timed,
}

#[derive(Template, WebTemplate)]
#[template(path = "contributions.html")]
pub struct ContributionsPage {
    l: Layout,
    /// An editor in a signed-in browser: the link to the form.
    editor: bool,
    year: i32,
    reports: Vec<ReportRow>,
    years: Vec<Choice>,
    blocks: Vec<StatementBlock>,
    /// Whether the reader sees every amount.
    sees_all: bool,
    /// Whether some amount is hidden from this reader.
    hidden: bool,
}

/// `/contributions`: a year's statements of the Secretariat's budget and of the CICA Fund.
pub async fn contributions_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    RawQuery(q): RawQuery,
) -> PageResult<ContributionsPage> {
    let p = Params::parse(q.as_deref(), &["year"], true)?;
    let all = contributions(&app).await?;
    let today = app.today();
    let mut years: Vec<i32> = all
        .iter()
        .flat_map(|c| c.movements.iter().map(|m| m.day.first_day().year()))
        .collect();
    years.sort_unstable();
    years.dedup();
    let year = match year_param(&p)? {
        Some(y) => y,
        None => years
            .iter()
            .rev()
            .find(|y| **y <= today.year())
            .copied()
            .unwrap_or(today.year()),
    };
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    let dir = app.directory();
    let sees_all = sees_all_amounts(&actor);
    let mut hidden = false;
    let blocks = Recipient::ALL
        .iter()
        .map(|r| {
            let s = Statement::of(year, *r, &all, sees_all);
            hidden |= s.promised.undisclosed || s.received.undisclosed;
            StatementBlock {
                label: r.label(),
                fund: *r == Recipient::Fund,
                lines: s
                    .lines
                    .iter()
                    .map(|l| {
                        let m =
                            ContributionModel::new(l.contribution, &dir, sees_all, &Hidden::new());
                        LineRow {
                            contribution: Link {
                                url: format!("/contributions/{}", l.contribution.id),
                                label: l.contribution.title.clone(),
                            },
                            kind: m.kind_label(),
                            contributor: m.contributor,
                            stage: l.stage.label(),
                            promised: amount_text(l.promised),
                            received: amount_text(l.received),
                            unconfirmed: l.contribution.provenance.unconfirmed,
                        }
                    })
                    .collect(),
                promised: s.promised.human(),
                received: s.received.human(),
                in_kind: s.in_kind,
            }
        })
        .collect();
    let mut reports = Vec::new();
    for r in app
        .store()
        .financial_reports()
        .await?
        .iter()
        .filter(|r| r.covers_year(year))
    {
        reports.push(FinancialReportModel::new(&app, &actor, r).await?.row(&dir));
    }
    Ok(ContributionsPage {
        l: Layout::new(&format!("Contributions {year}"), "contributions"),
        editor: actor.is_secretariat() && session.is_some(),
        year,
        reports,
        years: years
            .iter()
            .rev()
            .map(|y| Choice {
                value: y.to_string(),
                label: y.to_string(),
                selected: *y == year,
            })
            .collect(),
        blocks,
        sees_all,
        hidden,
    })
}

pub struct MovementRow {
    stage: &'static str,
    day: Timed,
    amount: String,
    document: String,
    note: Timed,
}

#[derive(Template, WebTemplate)]
#[template(path = "contribution.html")]
pub struct ContributionPage {
    l: Layout,
    /// An editor in a signed-in browser: the link to the form.
    editor: bool,
    id: String,
    title: String,
    contributor: Ref,
    recipient: &'static str,
    kind: String,
    stage: &'static str,
    promised: String,
    received: String,
    description: Timed,
    movements: Vec<MovementRow>,
    excess_note: Timed,
    project: Option<String>,
    news: Vec<Link>,
    unconfirmed: bool,
    note: Timed,
    sources: Vec<String>,
    undisclosed: bool,
    year: i32,
}

/// `/contributions/{id}`: one contribution with its movements.
pub async fn contribution_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    _: crate::params::NoQuery,
) -> PageResult<ContributionPage> {
    let id = slug_or_404(&id, "contribution")?;
    let (c, _) = find(&app, &id).await?;
    let dir = app.directory();
    let hidden = hidden_projects(&app, &actor).await?;
    let m = ContributionModel::new(&c, &dir, sees_all_amounts(&actor), &hidden);
    let news = published_news(&app, &c.news).await?;
    let first: NaiveDate = c.first_day().unwrap_or_else(|| app.today());
    Ok(ContributionPage {
        l: Layout::new(&c.title, "contributions"),
        editor: actor.is_secretariat() && session.is_some(),
        id: c.id.to_string(),
        title: c.title.clone(),
        contributor: m.contributor.clone(),
        recipient: c.recipient.label(),
        kind: m.kind_label(),
        stage: c.stage().map_or("", Stage::label),
        promised: amount_text(m.promised()),
        received: amount_text(m.received()),
        description: prose(Some(&c.description)),
        movements: c
            .movements
            .iter()
            .map(|mv| MovementRow {
                stage: mv.stage.label(),
                day: Timed::partial(mv.day),
                amount: amount_text(Some(m.amount(mv.amount))),
                document: mv.document.clone().filter(|_| m.open).unwrap_or_default(),
                note: prose(mv.note.as_deref().filter(|_| m.open)),
            })
            .collect(),
        excess_note: prose(c.excess_note.as_deref().filter(|_| m.open)),
        project: m.project.map(ToString::to_string),
        news,
        unconfirmed: c.provenance.unconfirmed,
        note: prose(c.provenance.note.as_deref()),
        sources: c.provenance.sources.clone(),
        undisclosed: !m.open,
        year: first.year(),
    })
}

/// Links to the news items a record cites, those published (a draft is the Secretariat's).
pub(crate) async fn published_news(app: &AppState, slugs: &[Slug]) -> Result<Vec<Link>, WebError> {
    let mut out = Vec::new();
    for n in slugs {
        if let Some(item) = app.store().news_item(n).await?
            && !item.draft
        {
            out.push(Link {
                url: format!("/news/{n}"),
                label: item.title,
            });
        }
    }
    Ok(out)
}

/// A free text with its dates marked.
pub(crate) fn prose(text: Option<&str>) -> Timed {
    text.filter(|t| !t.is_empty())
        .map(Timed::prose)
        .unwrap_or_default()
}

/// The news items a record names, as a client sent their slugs.
pub(crate) fn news(slugs: &[String]) -> Result<Vec<Slug>, WebError> {
    slugs.iter().map(|n| slug_field("news", n)).collect()
}

/// Where a record's facts come from, as a client sent it.
pub(crate) fn provenance(
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
) -> Provenance {
    Provenance {
        unconfirmed,
        note: opt_text(note),
        sources: sources
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}
