//! Decisions, documents, silence procedures and treaties: their API under `/api/v1/` and
//! their pages.
//!
//! What a procedure's status is, who is a party and when a treaty enters into force are
//! computed here from the stored events and actions by the domain's rules, at the moment of
//! the request; nothing derived is trusted from storage.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cica_app::records::RecordDecision;
use cica_domain::consensus::{Position, Stance};
use cica_domain::decision::{Decision, DecisionAct, Taken, register_number};
use cica_domain::silence::Outcome;
use cica_domain::{Slug, StateCode, silence};
use cica_store::DecisionQuery;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::api::List;
use crate::api::known_organ;
use crate::error::{ApiError, WebError};
use crate::pages::decision_link;
use crate::pages::{Layout, Link, PageError, Ref};
use crate::params::Params;
use crate::present::{day, human, slug_or_404};
use crate::readers::{DocRefView, doc_ref, hidden_documents, visible};
use crate::silence::{SilenceRow, silence_row};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat, Writer, json};

type ApiResult<T> = Result<Json<T>, ApiError>;
type PageResult<T> = Result<T, PageError>;

// ---------------------------------------------------------------------------------------------
// Documents.

// ---------------------------------------------------------------------------------------------
// Decisions.

// ---------------------------------------------------------------------------------------------
// Silence procedures.

// ---------------------------------------------------------------------------------------------
// Treaties.

// ---------------------------------------------------------------------------------------------
// Pages.

#[derive(Serialize)]
pub struct StatementView {
    state: String,
    stance: &'static str,
    text: String,
}

#[derive(Serialize)]
pub struct DecisionView {
    id: String,
    /// The number in the organ's register, such as `SOC/2025/3`.
    register_number: String,
    organ: String,
    date: String,
    number: u32,
    act: &'static str,
    subject: String,
    document: Option<DocRefView>,
    /// `meeting`, `silence` or `not-recorded`.
    taken: &'static str,
    meeting: Option<String>,
    silence: Option<String>,
    statements: Vec<StatementView>,
    unconfirmed: bool,
    note: Option<String>,
    sources: Vec<String>,
    url: String,
}

/// A decision resolved once: its number in the organ's register, how it was taken, the states
/// of its statements, and the document it acted on as far as the reader may know of it. The
/// API's view and the pages' rows are both built from it.
pub(crate) struct DecisionModel<'a> {
    pub record: &'a Decision,
    /// The organ, by its short name.
    pub organ: Ref,
    pub register_number: String,
    pub statements: Vec<(Ref, &'a Position)>,
    /// The document and version, unless the reader may not know of it.
    pub document: Option<(Slug, u32)>,
}

impl<'a> DecisionModel<'a> {
    pub(crate) fn new(record: &'a Decision, dir: &Directory, hidden: &BTreeSet<Slug>) -> Self {
        let organ = Ref::body_short(dir, &record.organ);
        DecisionModel {
            register_number: register_number(&organ.name, record.date, record.number),
            organ,
            record,
            statements: record
                .statements
                .iter()
                .map(|st| (Ref::state(dir, &st.state), st))
                .collect(),
            document: visible(&record.document, hidden),
        }
    }

    fn url(&self) -> String {
        format!("/decisions/{}", self.record.id)
    }

    pub(crate) fn view(&self) -> DecisionView {
        let d = self.record;
        let (taken, meeting, silence) = match &d.taken {
            Taken::AtMeeting(m) => ("meeting", Some(m.to_string()), None),
            Taken::BySilence(s) => ("silence", None, Some(s.to_string())),
            Taken::NotRecorded => ("not-recorded", None, None),
        };
        DecisionView {
            id: d.id.to_string(),
            register_number: self.register_number.clone(),
            organ: self.organ.key.clone(),
            date: day(d.date),
            number: d.number,
            act: d.act.as_str(),
            subject: d.subject.clone(),
            document: doc_ref(&self.document),
            taken,
            meeting,
            silence,
            statements: self
                .statements
                .iter()
                .map(|(state, st)| StatementView {
                    state: state.key.clone(),
                    stance: st.stance.as_str(),
                    text: st.text.clone(),
                })
                .collect(),
            unconfirmed: d.provenance.unconfirmed,
            note: d.provenance.note.clone(),
            sources: d.provenance.sources.clone(),
            url: self.url(),
        }
    }

    pub(crate) fn row(&self) -> DecisionRow {
        let d = self.record;
        let (how, how_url) = match &d.taken {
            Taken::AtMeeting(m) => ("at a meeting".to_owned(), format!("/meetings/{m}")),
            Taken::BySilence(s) => ("by silence procedure".to_owned(), format!("/silence/{s}")),
            Taken::NotRecorded => ("how is not recorded".to_owned(), String::new()),
        };
        DecisionRow {
            url: self.url(),
            register: self.register_number.clone(),
            date: human(d.date),
            datetime: day(d.date),
            organ: self.organ.link(),
            act: d.act.past().to_owned(),
            subject: crate::present::Timed::prose(d.subject.as_str()),
            how,
            how_url,
            unconfirmed: d.provenance.unconfirmed,
        }
    }
}

pub(crate) fn decision_query(p: &Params, dir: &Directory) -> Result<DecisionQuery, WebError> {
    let meeting = p.slug("meeting")?;
    let year = p
        .get("year")
        .map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (1990..=2200).contains(y))
                .ok_or_else(|| WebError::invalid("year", format!("`{y}` is not a year")))
        })
        .transpose()?;
    Ok(DecisionQuery {
        organ: crate::api::known_body(dir, "organ", p.slug("organ")?)?,
        year,
        meeting,
        after: p.cursor()?,
        limit: p.limit()?,
    })
}

pub async fn api_decisions(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<DecisionView>> {
    let p = Params::parse(
        q.as_deref(),
        &["organ", "year", "meeting", "limit", "cursor"],
        true,
    )?;
    let dir = app.directory();
    let page = app.store().decisions(&decision_query(&p, &dir)?).await?;
    let hidden = hidden_documents(&app, &actor).await?;
    Ok(Json(List {
        items: page
            .items
            .iter()
            .map(|d| DecisionModel::new(d, &dir, &hidden).view())
            .collect(),
        next: page.next.map(|c| c.to_string()),
    }))
}

pub async fn api_decision(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let s = slug_or_404(&id, "decision")?;
    let (d, version) = app
        .store()
        .decision_versioned(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no decision has the id `{s}`")))?;
    let hidden = hidden_documents(&app, &actor).await?;
    let answer = Json(DecisionModel::new(&d, &app.directory(), &hidden).view()).into_response();
    Ok(crate::versions::for_editors(
        &actor, &headers, answer, version,
    ))
}

// ---------------------------------------------------------------------------------------------
// Correcting a decision over the API, by the convention of `docs/api.md` ("Editing records").

/// The document version a decision acted on, as a read gives it.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct DocRefInput {
    pub slug: String,
    pub version: u32,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

/// A statement as a read gives it.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct StatementInput {
    pub state: String,
    pub stance: String,
    pub text: String,
}

/// What a save of a decision takes: the JSON its `GET` gives, changed. `register_number`,
/// `taken` and `url` are accepted as read and ignored; `organ` and `number` must be the
/// decision's own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    #[serde(default)]
    pub id: Option<String>,
    pub organ: String,
    pub date: String,
    pub number: u32,
    pub act: String,
    pub subject: String,
    #[serde(default)]
    pub document: Option<DocRefInput>,
    #[serde(default)]
    pub meeting: Option<String>,
    #[serde(default)]
    pub silence: Option<String>,
    #[serde(default)]
    pub statements: Vec<StatementInput>,
    #[serde(default)]
    pub unconfirmed: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "register_number")]
    pub _register_number: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "taken")]
    pub _taken: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "url")]
    pub _url: Option<serde::de::IgnoredAny>,
}

impl DecisionInput {
    /// The decision this input describes at `id`; every field that cannot be read is refused
    /// together, each by its name, with the decision's own rules for the rest.
    pub fn decision(self, id: Slug) -> Result<Decision, WebError> {
        let mut f = crate::input::Fields::default();
        f.same_id(self.id.as_deref(), &id);
        let organ = f.slug("organ", &self.organ);
        let date = f.day("date", &self.date);
        let act = f.keyword("act", &self.act, DecisionAct::parse, DecisionAct::expected);
        let document = self
            .document
            .and_then(|d| f.slug("document.slug", &d.slug).map(|s| (s, d.version)));
        let meeting = f.opt_slug("meeting", self.meeting.as_deref());
        let silence = f.opt_slug("silence", self.silence.as_deref());
        let taken = match (meeting, silence) {
            (Some(m), None) => Taken::AtMeeting(m),
            (None, Some(s)) => Taken::BySilence(s),
            (None, None) => Taken::NotRecorded,
            (Some(_), Some(_)) => {
                f.refuse(
                    "meeting",
                    "a decision is taken at a meeting or by silence procedure, not both",
                );
                Taken::NotRecorded
            }
        };
        let mut statements = Vec::new();
        if f.bounded("statements", self.statements.len()) {
            for (i, st) in self.statements.into_iter().enumerate() {
                let state = f.code(format!("statements[{i}].state"), &st.state);
                let stance = f.keyword(
                    &format!("statements[{i}].stance"),
                    &st.stance,
                    Stance::parse,
                    Stance::expected,
                );
                if let (Some(state), Some(stance)) = (state, stance) {
                    statements.push(Position {
                        state,
                        stance,
                        text: st.text.trim().to_owned(),
                    });
                }
            }
        }
        let (Some(organ), Some(date), Some(act)) = (organ, date, act) else {
            return Err(f.refused());
        };
        let d = Decision {
            id,
            organ,
            date,
            number: self.number,
            act,
            subject: self.subject.trim().to_owned(),
            document,
            taken,
            statements,
            provenance: crate::input::provenance(self.unconfirmed, self.note, self.sources),
        };
        f.finish(d, cica_app::records::decision_problems)
    }
}

/// `PUT /api/v1/decisions/{id}` (an editor): saves a correction of the decision over the
/// version `If-Match` names. A decision is recorded with `POST /api/v1/decisions`.
pub async fn api_save_decision(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = slug_or_404(&id, "decision")?;
    let stored = app.store().decision_versioned(&id).await?;
    let Some((_, current)) = stored else {
        return Err(WebError::not_found(format!(
            "no decision has the id `{id}`; record one with POST /api/v1/decisions, which gives it the next number in its organ's register"
        ))
        .into());
    };
    let expect =
        crate::versions::expectation(&headers, Some(current), &format!("decision `{id}`"))?;
    let input: DecisionInput = json(&body)?;
    let d = input.decision(id.clone())?;
    let version = app.uses().save_decision(&actor, &d, expect).await?;
    let (saved, _) =
        app.store().decision_versioned(&id).await?.ok_or_else(|| {
            WebError::Internal(format!("decision `{id}` vanished after its save"))
        })?;
    Ok(crate::versions::saved(
        &app,
        Json(DecisionModel::new(&saved, &app.directory(), &BTreeSet::new()).view()),
        version,
        None,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatementBody {
    state: String,
    stance: String,
    text: String,
}

pub(crate) fn statement(
    b: StatementBody,
    field: &str,
    dir: &Directory,
) -> Result<Position, WebError> {
    let state = StateCode::parse(&b.state)
        .map_err(|e| WebError::invalid(&format!("{field}state"), e.to_string()))?;
    if !dir.states.contains_key(&state) {
        return Err(WebError::invalid(
            &format!("{field}state"),
            format!("no state has the code `{state}`"),
        ));
    }
    let stance = Stance::parse(&b.stance).ok_or_else(|| {
        WebError::invalid(
            &format!("{field}stance"),
            format!("`{}` is not one of: {}", b.stance, Stance::expected()),
        )
    })?;
    if b.text.trim().is_empty() {
        return Err(WebError::invalid(
            &format!("{field}text"),
            "say what the state said",
        ));
    }
    Ok(Position {
        state,
        stance,
        text: b.text,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionBody {
    organ: String,
    meeting: String,
    act: String,
    subject: String,
    /// Defaults to the meeting's day when it lasted one day.
    date: Option<String>,
    document: Option<String>,
    version: Option<u32>,
    id: Option<String>,
    #[serde(default)]
    statements: Vec<StatementBody>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

pub(crate) fn document_version(
    document: Option<String>,
    version: Option<u32>,
) -> Result<Option<(Slug, u32)>, WebError> {
    match (document, version) {
        (Some(d), Some(v)) => Ok(Some((
            Slug::parse(&d).map_err(|e| WebError::invalid("document", e.to_string()))?,
            v,
        ))),
        (None, None) => Ok(None),
        _ => Err(WebError::invalid(
            "version",
            "give both `document` and `version`, the exact version acted on",
        )),
    }
}

/// `POST /api/v1/decisions`: a decision taken at a meeting, numbered in its organ's register.
pub async fn api_record_decision(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: DecisionBody = json(&body)?;
    let dir = app.directory();
    let organ = known_organ(&dir, &b.organ)?;
    let meeting_id =
        Slug::parse(&b.meeting).map_err(|e| WebError::invalid("meeting", e.to_string()))?;
    let act = DecisionAct::parse(&b.act).ok_or_else(|| {
        WebError::invalid(
            "act",
            format!("`{}` is not one of: {}", b.act, DecisionAct::expected()),
        )
    })?;
    let date = b
        .date
        .as_deref()
        .map(|d| {
            cica_domain::parse_day(d).map_err(|_| {
                WebError::invalid(
                    "date",
                    format!("`{d}` is not a date of the form YYYY-MM-DD"),
                )
            })
        })
        .transpose()?;
    let id =
        b.id.map(|i| Slug::parse(&i).map_err(|e| WebError::invalid("id", e.to_string())))
            .transpose()?;
    let statements = b
        .statements
        .into_iter()
        .enumerate()
        .map(|(i, st)| statement(st, &format!("statements[{i}]."), &dir))
        .collect::<Result<Vec<_>, _>>()?;
    let d = app
        .uses()
        .record_decision(
            &actor,
            RecordDecision {
                id,
                organ,
                meeting: meeting_id,
                date,
                act,
                subject: b.subject,
                document: document_version(b.document, b.version)?,
                statements,
                provenance: cica_domain::Provenance {
                    unconfirmed: false,
                    note: b.note.filter(|n| !n.trim().is_empty()),
                    sources: b.sources,
                },
            },
        )
        .await?;
    app.invalidate();
    let view = DecisionModel::new(&d, &app.directory(), &BTreeSet::new()).view();
    Ok((
        StatusCode::CREATED,
        [("location", view.url.clone())],
        Json(view),
    )
        .into_response())
}

/// `POST /api/v1/decisions/{id}/statements`: a Member State's reservation or interpretative
/// statement, added to the record of a decision.
pub async fn api_add_statement(
    State(app): State<AppState>,
    Writer(actor): Writer,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: StatementBody = json(&body)?;
    let s = slug_or_404(&id, "decision")?;
    let position = statement(b, "", &app.directory())?;
    let d = app.uses().add_statement(&actor, &s, position).await?;
    app.invalidate();
    let view = DecisionModel::new(&d, &app.directory(), &BTreeSet::new()).view();
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

pub struct DecisionRow {
    pub url: String,
    pub register: String,
    pub date: String,
    /// The `<time datetime>` of the date.
    pub datetime: String,
    pub organ: Link,
    pub act: String,
    pub subject: crate::present::Timed,
    pub how: String,
    pub how_url: String,
    pub unconfirmed: bool,
}

/// A decision as a row of a list; rows show no document, so none is hidden.
pub(crate) fn decision_row(d: &Decision, dir: &Directory) -> DecisionRow {
    DecisionModel::new(d, dir, &BTreeSet::new()).row()
}

/// The decisions taken at a meeting, in its organ's register, for the meeting's page.
pub async fn meeting_decisions(
    app: &AppState,
    meeting: &Slug,
) -> Result<Vec<DecisionRow>, WebError> {
    let dir = app.directory();
    let page = app
        .store()
        .decisions(&DecisionQuery {
            meeting: Some(meeting.clone()),
            limit: 1000,
            ..DecisionQuery::default()
        })
        .await?;
    let mut rows: Vec<(u32, DecisionRow)> = page
        .items
        .iter()
        .map(|d| (d.number, decision_row(d, &dir)))
        .collect();
    rows.sort_by_key(|(n, _)| *n);
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "decisions.html")]
pub struct DecisionsPage {
    l: Layout,
    organs: Vec<crate::pages::Choice>,
    rows: Vec<DecisionRow>,
    older: Option<String>,
    open: Vec<SilenceRow>,
}

pub async fn decisions_page(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> PageResult<DecisionsPage> {
    let p = Params::parse(q.as_deref(), &["organ", "year", "cursor"], true)?;
    let dir = app.directory();
    let mut query = decision_query(&p, &dir)?;
    query.limit = 50;
    let page = app.store().decisions(&query).await?;
    let organs: BTreeSet<&Slug> = dir.bodies.keys().collect();
    let now = app.now();
    let open = app
        .store()
        .silences()
        .await?
        .iter()
        .filter(|s| matches!(silence::outcome(&s.procedure, now), Outcome::Open { .. }))
        .map(|s| silence_row(s, now, &dir))
        .collect();
    Ok(DecisionsPage {
        l: Layout::new("Decisions", "decisions"),
        organs: organs
            .into_iter()
            .map(|s| crate::pages::Choice {
                value: s.to_string(),
                label: dir.body_name(s).to_owned(),
                selected: query.organ.as_ref() == Some(s),
            })
            .collect(),
        rows: page.items.iter().map(|d| decision_row(d, &dir)).collect(),
        older: page.next.map(|c| {
            format!(
                "/decisions?{}",
                crate::pages::with_cursor(q.as_deref(), &c.to_string())
            )
        }),
        open,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "decision.html")]
pub struct DecisionPage {
    l: Layout,
    row: DecisionRow,
    document: Option<Link>,
    /// The decision its silence procedure acted on.
    basis: Option<Link>,
    /// The procedures that acted on this decision.
    acted_on_by: Vec<Link>,
    statements: Vec<(Link, String, String)>,
    note: crate::present::Timed,
    sources: Vec<Link>,
    /// An editor in a signed-in browser: the edit link.
    editor: bool,
    id: String,
    /// For an editor: the record's history from the audit trail.
    history: Vec<crate::accounts::HistoryRow>,
    csrf: String,
}

pub async fn decision_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
) -> PageResult<DecisionPage> {
    let s = slug_or_404(&id, "decision")?;
    let d = app.store().decision(&s).await?.ok_or_else(|| {
        WebError::not_found(format!("There is no decision “{s}” in the register."))
    })?;
    let dir = app.directory();
    let hidden = hidden_documents(&app, &actor).await?;
    let silences = app.store().silences().await?;
    let basis = match &d.taken {
        Taken::BySilence(p) => match silences
            .iter()
            .find(|x| &x.id == p)
            .and_then(|x| x.basis.as_ref())
        {
            Some(b) => Some(decision_link(&app, &dir, b).await?),
            None => None,
        },
        _ => None,
    };
    let acted_on_by = silences
        .iter()
        .filter(|x| x.basis.as_ref() == Some(&d.id))
        .map(|x| Link {
            url: format!("/silence/{}", x.id),
            label: format!(
                "the silence procedure of the {} to {} {}",
                dir.body_label(&x.organ),
                x.act.as_str().replace('-', " "),
                x.subject
            ),
        })
        .collect();
    let model = DecisionModel::new(&d, &dir, &hidden);
    let document = match &model.document {
        Some((slug, v)) => app.store().document(slug).await?.map(|doc| Link {
            url: format!("/documents/{slug}"),
            label: format!("{}, version {v}", doc.title),
        }),
        None => None,
    };
    let history =
        crate::accounts::history(&app, &actor, &format!("decision/{}", d.id), None).await?;
    Ok(DecisionPage {
        editor: actor.is_secretariat() && session.is_some(),
        id: d.id.to_string(),
        history,
        csrf: crate::accounts::form_token(session.as_ref()),
        l: Layout::new(&format!("Decision {}", model.register_number), "decisions"),
        row: model.row(),
        document,
        basis,
        acted_on_by,
        statements: model
            .statements
            .iter()
            .map(|(state, st)| {
                (
                    state.link(),
                    st.stance.as_str().replace('-', " "),
                    st.text.clone(),
                )
            })
            .collect(),
        note: crate::present::Timed::prose(d.provenance.note.clone().unwrap_or_default()),
        sources: crate::pages::source_links(&d.provenance.sources),
    })
}
