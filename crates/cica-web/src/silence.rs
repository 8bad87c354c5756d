//! The silence area: silence procedures, opened, broken, extended and withdrawn, as JSON under
//! `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use cica_app::Actor;
use cica_app::records::OpenSilence;
use cica_domain::consensus::Stance;
use cica_domain::decision::{DecisionAct, SilenceRecord, is_time_zone};
use cica_domain::silence::{Outcome, SilenceEvent, whole_seconds};
use cica_domain::{Slug, StateCode, silence};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::api::known_organ;
use crate::api::{ApiResult, List};
use crate::error::{ApiError, WebError};
use crate::pages::decision_link;
use crate::pages::{Layout, Link, PageResult, Ref};
use crate::params::Params;
use crate::present::{Timed, day, slug_or_404, utc};
use crate::readers::{DocRefView, doc_ref};
use crate::readers::{hidden_documents, visible};
use crate::state::{AppState, Directory};
use crate::write::{Caller, Secretariat, Writer, json};

#[derive(Serialize)]
pub struct EventView {
    /// `broken`, `extended` or `withdrawn`.
    kind: &'static str,
    at: String,
    state: Option<String>,
    stance: Option<&'static str>,
    text: Option<String>,
    until: Option<String>,
}

#[derive(Serialize)]
pub struct SilenceView {
    pub(crate) id: String,
    pub(crate) organ: String,
    pub(crate) act: &'static str,
    pub(crate) subject: String,
    document: Option<DocRefView>,
    chair: String,
    chair_time_zone: String,
    pub(crate) opened_at: String,
    /// The deadline in force, after any extension, in UTC.
    pub(crate) deadline: String,
    /// The deadline as the Chair's clock reads it.
    deadline_chair: String,
    /// The deadline in the reader's zone, when `tz` is given.
    deadline_reader: Option<String>,
    /// False when the sources give only the days: the instants are then placeholders, and
    /// `deadline_chair` and `deadline_reader` give the day only.
    times_known: bool,
    /// `open`, `adopted`, `not-adopted` or `withdrawn`, at the moment of the request.
    pub(crate) status: &'static str,
    /// When it settled (the deadline for an adoption, the break or withdrawal otherwise).
    pub(crate) settled_at: Option<String>,
    /// States that broke silence.
    pub(crate) broken_by: Vec<String>,
    /// The decision produced, once recorded in the register.
    pub(crate) decision: Option<String>,
    /// The decision the procedure acts on (a recommendation), if any.
    basis: Option<String>,
    events: Vec<EventView>,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
}

/// A silence procedure read at a moment: its outcome then, computed once by the domain's rule,
/// the organ and Chair resolved, and its document as far as the reader may know of it. The
/// API's view, the lists' rows and the procedure's page are all built from it.
pub(crate) struct SilenceModel<'a> {
    pub record: &'a SilenceRecord,
    pub outcome: Outcome,
    /// The deadline in force, after any extension.
    pub deadline: DateTime<Utc>,
    /// The organ, by its short name.
    pub organ: Ref,
    pub chair: Ref,
    pub document: Option<(Slug, u32)>,
}

impl<'a> SilenceModel<'a> {
    pub(crate) fn new(
        record: &'a SilenceRecord,
        now: DateTime<Utc>,
        dir: &Directory,
        hidden: &BTreeSet<Slug>,
    ) -> Self {
        SilenceModel {
            record,
            outcome: silence::outcome(&record.procedure, now),
            deadline: record.procedure.deadline(),
            organ: Ref::body_short(dir, &record.organ),
            chair: Ref::state(dir, &record.chair),
            document: visible(&record.document, hidden),
        }
    }

    fn url(&self) -> String {
        format!("/silence/{}", self.record.id)
    }

    /// A moment as the Chair's clock reads it.
    fn chair_time(&self, at: DateTime<Utc>) -> String {
        self.record.moment(at)
    }

    /// A moment for `<time datetime>`: the instant, or only the Chair's day when the
    /// procedure's hours are placeholders.
    fn machine_time(&self, at: DateTime<Utc>) -> String {
        if self.record.times_known {
            utc(at)
        } else {
            day(self.record.chair_day(at))
        }
    }

    pub(crate) fn view(&self, reader_tz: Option<&str>) -> SilenceView {
        let s = self.record;
        let (settled_at, broken_by) = match &self.outcome {
            Outcome::Open { .. } => (None, vec![]),
            Outcome::Adopted { at } | Outcome::Withdrawn { at } => (Some(utc(*at)), vec![]),
            Outcome::NotAdopted { at, by } => {
                (Some(utc(*at)), by.iter().map(ToString::to_string).collect())
            }
        };
        SilenceView {
            id: s.id.to_string(),
            organ: self.organ.key.clone(),
            act: s.act.as_str(),
            subject: s.subject.clone(),
            document: doc_ref(&self.document),
            chair: self.chair.key.clone(),
            chair_time_zone: s.chair_time_zone.clone(),
            opened_at: utc(s.procedure.opened_at),
            deadline: utc(self.deadline),
            deadline_chair: self.chair_time(self.deadline),
            deadline_reader: reader_tz.map(|tz| s.moment_in(self.deadline, tz)),
            times_known: s.times_known,
            status: self.outcome.label(),
            settled_at,
            broken_by,
            decision: s.decision.as_ref().map(ToString::to_string),
            basis: s.basis.as_ref().map(ToString::to_string),
            events: s
                .procedure
                .events
                .iter()
                .map(|e| match e {
                    SilenceEvent::Broken {
                        at,
                        state,
                        stance,
                        text,
                    } => EventView {
                        kind: "broken",
                        at: utc(*at),
                        state: Some(state.to_string()),
                        stance: Some(stance.as_str()),
                        text: Some(text.clone()),
                        until: None,
                    },
                    SilenceEvent::Extended { at, until } => EventView {
                        kind: "extended",
                        at: utc(*at),
                        state: None,
                        stance: None,
                        text: None,
                        until: Some(utc(*until)),
                    },
                    SilenceEvent::Withdrawn { at } => EventView {
                        kind: "withdrawn",
                        at: utc(*at),
                        state: None,
                        stance: None,
                        text: None,
                        until: None,
                    },
                })
                .collect(),
            unconfirmed: s.provenance.unconfirmed,
            note: s.provenance.note.clone(),
            url: self.url(),
        }
    }

    pub(crate) fn row(&self) -> SilenceRow {
        let s = self.record;
        SilenceRow {
            url: self.url(),
            subject: format!("{} {}", s.act.as_str().replace('-', " "), s.subject),
            organ: self.organ.name.clone(),
            status: outcome_label(&self.outcome).to_owned(),
            deadline_utc: self.machine_time(self.deadline),
            deadline_chair: self.chair_time(self.deadline),
            open: matches!(self.outcome, Outcome::Open { .. }),
        }
    }
}

pub(crate) fn reader_tz(p: &Params) -> Result<Option<String>, WebError> {
    p.get("tz")
        .map(|tz| {
            if is_time_zone(tz) {
                Ok(tz.to_owned())
            } else {
                Err(WebError::invalid(
                    "tz",
                    format!("`{tz}` is not an IANA time zone such as Europe/Paris"),
                ))
            }
        })
        .transpose()
}

pub async fn api_silences(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> ApiResult<List<SilenceView>> {
    let p = Params::parse(q.as_deref(), &["tz", "status"], true)?;
    let tz = reader_tz(&p)?;
    let status = p.choice("status", &["open", "adopted", "not-adopted", "withdrawn"])?;
    let now = app.now();
    let hidden = hidden_documents(&app, &actor).await?;
    let dir = app.directory();
    let items = app
        .store()
        .silences()
        .await?
        .iter()
        .map(|s| SilenceModel::new(s, now, &dir, &hidden).view(tz.as_deref()))
        .filter(|v| status.is_none_or(|s| v.status == s))
        .collect();
    Ok(Json(List { items, next: None }))
}

pub(crate) async fn find_silence(app: &AppState, id: &str) -> Result<SilenceRecord, WebError> {
    let s = slug_or_404(id, "silence procedure")?;
    app.store()
        .silence(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no silence procedure has the id `{s}`")))
}

pub async fn api_silence(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<SilenceView> {
    let p = Params::parse(q.as_deref(), &["tz"], true)?;
    let tz = reader_tz(&p)?;
    let s = find_silence(&app, &id).await?;
    let hidden = hidden_documents(&app, &actor).await?;
    let model = SilenceModel::new(&s, app.now(), &app.directory(), &hidden);
    Ok(Json(model.view(tz.as_deref())))
}

/// An instant from a client, cut to the whole second the platform stores before anything is
/// checked against it.
pub(crate) fn parse_instant(field: &str, text: &str) -> Result<DateTime<Utc>, WebError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| whole_seconds(d.with_timezone(&Utc)))
        .map_err(|_| {
            WebError::invalid(
                field,
                format!(
                    "`{text}` is not an instant with its offset, such as 2025-04-03T18:00:00+04:00"
                ),
            )
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OpenBody {
    organ: String,
    act: String,
    subject: String,
    document: Option<String>,
    version: Option<u32>,
    /// Defaults to the state chairing today.
    chair: Option<String>,
    /// Defaults to the time zone of the Chair's capital.
    chair_time_zone: Option<String>,
    expires_at: String,
    /// The decision the procedure acts on, such as a recommendation.
    basis: Option<String>,
}

pub async fn api_open_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: OpenBody = json(&body)?;
    let dir = app.directory();
    let organ = known_organ(&dir, &b.organ)?;
    let act = DecisionAct::parse(&b.act).ok_or_else(|| {
        WebError::invalid(
            "act",
            format!("`{}` is not one of: {}", b.act, DecisionAct::expected()),
        )
    })?;
    let document = match (b.document, b.version) {
        (Some(d), Some(v)) => Some((
            Slug::parse(&d).map_err(|e| WebError::invalid("document", e.to_string()))?,
            v,
        )),
        (None, None) => None,
        _ => {
            return Err(ApiError(WebError::invalid(
                "version",
                "give both `document` and `version`, the exact version circulated",
            )));
        }
    };
    let chair = b
        .chair
        .map(|c| StateCode::parse(&c).map_err(|e| WebError::invalid("chair", e.to_string())))
        .transpose()?;
    let expires_at = parse_instant("expires_at", &b.expires_at)?;
    let record = app
        .uses()
        .open_silence(
            &actor,
            OpenSilence {
                organ,
                act,
                subject: b.subject,
                document,
                chair,
                chair_time_zone: b.chair_time_zone,
                expires_at: cica_app::records::Deadline::At(expires_at),
                basis: b
                    .basis
                    .map(|d| Slug::parse(&d).map_err(|e| WebError::invalid("basis", e.to_string())))
                    .transpose()?,
            },
        )
        .await?;
    let now = app.now();
    app.invalidate();
    let view = SilenceModel::new(&record, now, &app.directory(), &BTreeSet::new()).view(None);
    Ok((
        StatusCode::CREATED,
        [("location", view.url.clone())],
        Json(view),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BreakBody {
    state: String,
    stance: String,
    text: String,
}

/// The procedure after a break, extension or withdrawal, as the writer sees it.
pub(crate) fn after_request(app: &AppState, record: &SilenceRecord) -> Json<SilenceView> {
    app.invalidate();
    Json(SilenceModel::new(record, app.now(), &app.directory(), &BTreeSet::new()).view(None))
}

pub async fn api_break_silence(
    State(app): State<AppState>,
    Writer(actor): Writer,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<SilenceView> {
    let b: BreakBody = json(&body)?;
    let s = slug_or_404(&id, "silence procedure")?;
    let state =
        StateCode::parse(&b.state).map_err(|e| WebError::invalid("state", e.to_string()))?;
    let stance = Stance::parse(&b.stance).ok_or_else(|| {
        WebError::invalid(
            "stance",
            "silence is broken by an `objection` or an `amendment`",
        )
    })?;
    let record = app
        .uses()
        .break_silence(&actor, &s, state, stance, &b.text)
        .await?;
    Ok(after_request(&app, &record))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtendBody {
    until: String,
}

pub async fn api_extend_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<SilenceView> {
    let b: ExtendBody = json(&body)?;
    let until = parse_instant("until", &b.until)?;
    let s = slug_or_404(&id, "silence procedure")?;
    let record = app.uses().extend_silence(&actor, &s, until).await?;
    Ok(after_request(&app, &record))
}

pub async fn api_withdraw_silence(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(id): Path<String>,
) -> ApiResult<SilenceView> {
    let s = slug_or_404(&id, "silence procedure")?;
    let record = app.uses().withdraw_silence(&actor, &s).await?;
    Ok(after_request(&app, &record))
}

pub struct SilenceRow {
    pub url: String,
    pub subject: String,
    pub organ: String,
    pub status: String,
    pub deadline_utc: String,
    pub deadline_chair: String,
    pub open: bool,
}

pub(crate) fn outcome_label(o: &Outcome) -> &'static str {
    match o {
        Outcome::Open { .. } => "open",
        Outcome::Adopted { .. } => "adopted",
        Outcome::NotAdopted { .. } => "not adopted",
        Outcome::Withdrawn { .. } => "withdrawn",
    }
}

/// A procedure as a row of a list; rows show no document, so none is hidden.
pub(crate) fn silence_row(s: &SilenceRecord, now: DateTime<Utc>, dir: &Directory) -> SilenceRow {
    SilenceModel::new(s, now, dir, &BTreeSet::new()).row()
}

#[derive(Template, WebTemplate)]
#[template(path = "silence.html")]
pub struct SilencePage {
    l: Layout,
    row: SilenceRow,
    chair: Link,
    chair_zone: String,
    opened_chair: String,
    /// The opening's instant, shown only when the record knows it.
    opened_utc: String,
    times_known: bool,
    deadline_reader: String,
    /// The deadline on the UTC clock, in the page's one date format.
    deadline_on_utc: String,
    outcome: Timed,
    events: Vec<(String, String, String, String)>,
    decision: Option<Link>,
    document: Option<Link>,
    basis: Option<Link>,
    note: crate::present::Timed,
    /// For a Member State's delegate while silence holds: the state they may break it for.
    break_for: Option<Link>,
    /// For an editor in a signed-in browser while silence holds: the Chair's extension or
    /// withdrawal, recorded on its behalf.
    chair_acts: bool,
    csrf: String,
    history: Vec<crate::accounts::HistoryRow>,
}

pub async fn silence_page(
    State(app): State<AppState>,
    Caller(actor): Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> PageResult<SilencePage> {
    let p = Params::parse(q.as_deref(), &["tz"], true)?;
    let tz = reader_tz(&p)?;
    let s = find_silence(&app, &id)
        .await
        .map_err(|_| WebError::not_found(format!("There is no silence procedure “{id}”.")))?;
    let dir = app.directory();
    let now = app.now();
    let hidden = hidden_documents(&app, &actor).await?;
    let model = SilenceModel::new(&s, now, &dir, &hidden);
    let o = &model.outcome;
    let moment = |at: DateTime<Utc>| Timed::whole(s.moment(at), model.machine_time(at));
    let outcome = match o {
        Outcome::Open { deadline } => Timed::plain(
            "Silence holds. Unless a Member State breaks it, the text is adopted at ",
        )
        .then(moment(*deadline))
        .then("."),
        Outcome::Adopted { at } => match &s.decision {
            Some(_) => Timed::plain("Adopted at the deadline, ")
                .then(moment(*at))
                .then(", as nobody broke silence."),
            None => Timed::plain("The deadline passed at ").then(moment(*at)).then(
                " with silence unbroken: adopted; the decision is being entered in the register.",
            ),
        },
        Outcome::NotAdopted { at, by } => Timed::plain("Not adopted: silence was broken at ")
            .then(moment(*at))
            .then(
                format!(
                    " by {}.",
                    by.iter()
                        .map(|c| dir.state_name(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .as_str(),
            ),
        Outcome::Withdrawn { at } => Timed::plain("Withdrawn by the Chair at ")
            .then(moment(*at))
            .then("."),
    };
    // (when, what, the text of a break, the `<time datetime>` of when)
    let machine = |at: DateTime<Utc>| model.machine_time(at);
    let events = s
        .procedure
        .events
        .iter()
        .map(|e| match e {
            SilenceEvent::Broken {
                at,
                state,
                stance,
                text,
            } => (
                s.moment(*at),
                format!(
                    "{} broke silence with an {}",
                    dir.state_name(state),
                    stance.as_str()
                ),
                text.clone(),
                machine(*at),
            ),
            SilenceEvent::Extended { at, until } => (
                s.moment(*at),
                format!("The Chair extended the deadline to {}", s.moment(*until)),
                String::new(),
                machine(*at),
            ),
            SilenceEvent::Withdrawn { at } => (
                s.moment(*at),
                "The Chair withdrew the text".into(),
                String::new(),
                machine(*at),
            ),
        })
        .collect();
    let document = match &model.document {
        Some((slug, v)) => app.store().document(slug).await?.map(|d| Link {
            url: format!("/documents/{slug}"),
            label: format!("{}, version {v}", d.title),
        }),
        None => None,
    };
    let basis = match &s.basis {
        Some(b) => Some(decision_link(&app, &dir, b).await?),
        None => None,
    };
    let csrf = crate::accounts::form_token(session.as_ref());
    let break_for = match (o, &actor) {
        (
            Outcome::Open { .. },
            Actor::Account {
                grant:
                    Some((
                        cica_domain::access::Role::MemberDelegate,
                        cica_domain::access::Binding::State(c),
                    )),
                ..
            },
        ) if !csrf.is_empty() => Some(Link {
            url: format!("/silence/{}/break", s.id),
            label: dir.state_name(c).to_owned(),
        }),
        _ => None,
    };
    let chair_acts =
        matches!(o, Outcome::Open { .. }) && actor.is_secretariat() && !csrf.is_empty();
    let history =
        crate::accounts::history(&app, &actor, &format!("silence/{}", s.id), None).await?;
    Ok(SilencePage {
        chair_acts,
        break_for,
        csrf,
        history,
        l: Layout::new("Silence procedure", "decisions"),
        row: model.row(),
        chair: model.chair.link(),
        chair_zone: s.chair_time_zone.clone(),
        opened_chair: s.moment(s.procedure.opened_at),
        opened_utc: utc(s.procedure.opened_at),
        times_known: s.times_known,
        deadline_reader: tz
            .map(|tz| format!("{} ({tz})", s.moment_in(model.deadline, &tz)))
            .unwrap_or_default(),
        deadline_on_utc: s.moment_in(model.deadline, "UTC"),
        outcome,
        events,
        decision: s.decision.as_ref().map(|d| Link {
            url: format!("/decisions/{d}"),
            label: "The decision in the register".into(),
        }),
        document,
        basis,
        note: crate::present::Timed::prose(s.provenance.note.clone().unwrap_or_default()),
    })
}

/// Silence procedures for the calendar feed: open ones, at their deadline.
pub fn open_deadlines(
    silences: &[SilenceRecord],
    now: DateTime<Utc>,
) -> Vec<(&SilenceRecord, DateTime<Utc>)> {
    silences
        .iter()
        .filter_map(|s| match silence::outcome(&s.procedure, now) {
            Outcome::Open { deadline } => Some((s, deadline)),
            _ => None,
        })
        .collect()
}

pub async fn silences_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<SilencesPage> {
    let dir = app.directory();
    let now = app.now();
    let rows = app
        .store()
        .silences()
        .await?
        .iter()
        .map(|s| silence_row(s, now, &dir))
        .collect();
    Ok(SilencesPage {
        l: Layout::new("Silence procedures", "decisions"),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "silences.html")]
pub struct SilencesPage {
    l: Layout,
    rows: Vec<SilenceRow>,
}

/// `POST /silence/{id}/extend` (an editor, on the Chair's behalf): moves the deadline to the
/// day and time typed on the Chair's clock.
pub async fn extend_form(
    State(app): State<AppState>,
    crate::write::Editor(actor): crate::write::Editor,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, crate::pages::PageError> {
    let session = crate::write::form_session(session)?;
    let f = crate::forms::form_of(crate::forms::fields(&session, &body)?);
    let s = slug_or_404(&id, "silence procedure")?;
    let record = app
        .store()
        .silence(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("There is no silence procedure “{s}”.")))?;
    let day = cica_domain::parse_day(f.v("day").trim()).map_err(|_| {
        WebError::invalid(
            "day",
            format!("`{}` is not a day of the form YYYY-MM-DD", f.v("day")),
        )
    })?;
    let time = chrono::NaiveTime::parse_from_str(f.v("time").trim(), "%H:%M")
        .map_err(|_| WebError::invalid("time", "give the time as HH:MM, such as 18:00"))?;
    let until =
        cica_domain::decision::instant_of_local(day.and_time(time), &record.chair_time_zone)
            .ok_or_else(|| {
                WebError::invalid(
                    "time",
                    format!(
                        "that time does not exist on the clocks of {}",
                        record.chair_time_zone
                    ),
                )
            })?;
    app.uses()
        .noted(Some(f.v("reason")))?
        .extend_silence(&actor, &s, until)
        .await?;
    app.invalidate();
    Ok(crate::accounts::see_other(&format!("/silence/{s}")))
}

/// `POST /silence/{id}/withdraw` (an editor, on the Chair's behalf): withdraws the text.
pub async fn withdraw_form(
    State(app): State<AppState>,
    crate::write::Editor(actor): crate::write::Editor,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, crate::pages::PageError> {
    let session = crate::write::form_session(session)?;
    let f = crate::forms::form_of(crate::forms::fields(&session, &body)?);
    let s = slug_or_404(&id, "silence procedure")?;
    app.uses()
        .noted(Some(f.v("reason")))?
        .withdraw_silence(&actor, &s)
        .await?;
    app.invalidate();
    Ok(crate::accounts::see_other(&format!("/silence/{s}")))
}
