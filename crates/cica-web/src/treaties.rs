//! The treaties area: treaties, their status and what-ifs, actions and the depositary's
//! notifications, as JSON under `/api/v1` and as pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use cica_domain::decision::{ActionRecord, Notification, Treaty};
use cica_domain::treaty::{ActionKind, Condition, Entry, TreatyAction, TreatyStatus};
use cica_domain::{StateCode, treaty};
use serde::{Deserialize, Serialize};

use crate::api::{ApiResult, List};
use crate::error::{ApiError, WebError};
use crate::pages::{Layout, Link, PageError, PageResult};
use crate::params::Params;
use crate::present::{Timed, day, human, is_member, sentence, slug_or_404};
use crate::state::{AppState, Directory};
use crate::write::{Secretariat, json};

#[derive(Serialize)]
pub struct PartyView {
    state: String,
    name: String,
    kind: &'static str,
    /// The date that counts, as the depositary received it (the last possible day when only a
    /// bound is known).
    deposit: String,
    /// How the sources give the deposit date, when not to the day.
    deposit_text: Option<String>,
    /// The day the treaty binds this party, once known.
    effective: Option<String>,
    counted: bool,
    unconfirmed: bool,
    /// The day a denunciation or withdrawal it has deposited takes effect, when still to come.
    leaving: Option<String>,
}

#[derive(Serialize)]
pub struct StatusView {
    parties: Vec<PartyView>,
    /// Counted instruments deposited; null for a treaty that does not wait for a countable
    /// threshold.
    counted: Option<u32>,
    /// How many more are needed; 0 once the count is reached; null as `counted`.
    needed: Option<u32>,
    /// The day it entered (or enters) into force, when the record gives one.
    in_force: Option<String>,
    explanation: String,
}

#[derive(Serialize)]
pub struct ClauseView {
    threshold: u32,
    counted: Vec<&'static str>,
    /// Participants whose instruments do not count toward the threshold.
    not_counted: Vec<String>,
    delay: String,
    later_delay: String,
    /// From the deposit of a denunciation or withdrawal to its effect.
    exit_delay: String,
    second_condition: Option<SecondConditionView>,
    text: String,
}

#[derive(Serialize)]
pub struct SecondConditionView {
    label: String,
    required: u64,
    weights: std::collections::BTreeMap<String, u64>,
}

/// How the treaty enters into force.
#[derive(Serialize)]
pub struct EntryView {
    /// `threshold`, `on-signature`, `on-date` or `on-notification`.
    kind: &'static str,
    /// For `on-date`: the day it names.
    date: Option<String>,
    /// For `on-notification`: the parties whose notification it waits for.
    notifying: Vec<String>,
    /// Applied provisionally from this day.
    provisional_from: Option<String>,
    /// For a threshold: whether the deposits on record can be counted against it.
    count_known: bool,
}

/// Where entry into force stands on the day asked.
#[derive(Serialize)]
pub struct ConditionView {
    /// `in-force`, `in-force-inferred`, `entering-into-force`, `applied-provisionally`,
    /// `not-recorded` or `not-in-force`.
    status: &'static str,
    /// The same for people: "in force since 1 July 2025", "applied provisionally since …".
    label: String,
    /// The day it entered (or enters) into force, when the record gives one.
    since: Option<String>,
    /// Whether that day, or being in force at all, is inferred rather than recorded.
    inferred: bool,
    /// Applied provisionally since this day, while not known to be in force.
    provisional_since: Option<String>,
    /// Whether a what-if of a Member State's deposit can be computed.
    what_if: bool,
}

fn condition_view(r: &Treaty, c: &Condition) -> ConditionView {
    ConditionView {
        status: c.keyword(),
        label: c.label(),
        since: c.since().map(day),
        inferred: c.inferred(),
        provisional_since: c.provisional.map(day),
        what_if: r.regime.what_if_applies(),
    }
}

#[derive(Serialize)]
pub struct SignatureView {
    state: String,
    name: String,
    date: Option<String>,
}

#[derive(Serialize)]
pub struct TreatyView {
    slug: String,
    title: String,
    short_title: String,
    concluded: Option<String>,
    place: Option<String>,
    depositary: Option<String>,
    /// The treaty a protocol amends.
    parent: Option<String>,
    entry: EntryView,
    condition: ConditionView,
    clause: ClauseView,
    /// False when the recorded actions are known to be incomplete: counts are then a floor.
    complete: bool,
    signatures: Vec<SignatureView>,
    #[serde(flatten)]
    status: StatusView,
    unconfirmed: bool,
    note: Option<String>,
    url: String,
    /// The actions withdrawn as recorded in error (a single treaty's read only): they stay in
    /// the record and count for nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    withdrawn: Option<Vec<WithdrawnView>>,
}

/// An action withdrawn as recorded in error, as the API gives it.
#[derive(Serialize)]
pub struct WithdrawnView {
    party: String,
    kind: &'static str,
    act: Option<String>,
    deposit: Option<String>,
    /// The day it was withdrawn, and why.
    withdrawn: String,
    reason: String,
}

/// The status as the API gives it. `counts`: whether the treaty waits for a countable
/// threshold (else `counted` and `needed` are null); `in_force`: the day it entered or enters
/// into force, as the treaty's condition gives it.
pub(crate) fn status_view(
    t: &Treaty,
    s: &TreatyStatus,
    dir: &Directory,
    explanation: String,
    counts: bool,
    in_force: Option<NaiveDate>,
) -> StatusView {
    StatusView {
        parties: s
            .parties
            .iter()
            .map(|p| {
                let record = t.actions.iter().find(|a| {
                    a.action.party == p.party
                        && a.action.kind == p.kind
                        && a.action.deposit == Some(p.deposit)
                });
                PartyView {
                    name: party_name(dir, &p.party),
                    state: p.party.clone(),
                    kind: p.kind.as_str(),
                    deposit: day(p.deposit),
                    deposit_text: record.and_then(|r| r.deposit_text.clone()),
                    effective: p.effective.map(day),
                    counted: p.counted,
                    unconfirmed: p.unconfirmed,
                    leaving: p.leaving.map(day),
                }
            })
            .collect(),
        counted: counts.then_some(s.counted),
        needed: counts.then_some(s.needed),
        in_force: in_force.map(day),
        explanation,
    }
}

/// The status in one sentence, naming states as the registers do.
pub(crate) fn explanation(
    t: &Treaty,
    s: &TreatyStatus,
    dir: &Directory,
    as_of: NaiveDate,
) -> String {
    treaty::explain(&t.clause, s, as_of, &|p| party_name(dir, p))
}

/// A treaty read on a day: its status then, computed once by the domain's rule, and the
/// sentence that explains it with states named as the registers name them. The API's view, the
/// list's row and the treaty's page are all built from it.
pub(crate) struct TreatyModel<'a> {
    pub record: &'a Treaty,
    pub as_of: NaiveDate,
    pub status: TreatyStatus,
    pub condition: Condition,
    pub explanation: String,
}

impl<'a> TreatyModel<'a> {
    pub(crate) fn new(record: &'a Treaty, as_of: NaiveDate, dir: &Directory) -> Self {
        let reading = record.read(as_of, &|p| party_name(dir, p));
        TreatyModel {
            record,
            as_of,
            status: reading.status,
            condition: reading.condition,
            explanation: reading.explanation,
        }
    }

    /// Whether the treaty counts instruments toward a threshold that can be counted: only
    /// then do "parties" and "more needed" mean anything.
    fn counts(&self) -> bool {
        self.record.regime.what_if_applies()
    }

    fn url(&self) -> String {
        format!("/treaties/{}", self.record.slug)
    }

    pub(crate) fn view(&self, dir: &Directory) -> TreatyView {
        let t = self.record;
        TreatyView {
            slug: t.slug.to_string(),
            title: t.title.clone(),
            short_title: t.short_title.clone(),
            concluded: t.concluded.map(day),
            place: t.place.clone(),
            depositary: t.depositary.clone(),
            parent: t.parent.as_ref().map(ToString::to_string),
            entry: EntryView {
                kind: t.regime.entry.kind().as_str(),
                date: match &t.regime.entry {
                    Entry::OnDate(d) => Some(day(*d)),
                    _ => None,
                },
                notifying: match &t.regime.entry {
                    Entry::OnNotification(p) => p.iter().cloned().collect(),
                    _ => Vec::new(),
                },
                provisional_from: t.regime.provisional_from.map(day),
                count_known: t.regime.count_known,
            },
            condition: condition_view(t, &self.condition),
            clause: ClauseView {
                threshold: t.clause.threshold,
                counted: t.clause.counted.iter().map(|k| k.as_str()).collect(),
                not_counted: t.clause.not_counted.iter().cloned().collect(),
                delay: t.clause.delay.describe(),
                later_delay: t.clause.later_delay.describe(),
                exit_delay: t.clause.exit_delay.describe(),
                second_condition: t
                    .clause
                    .second_condition
                    .as_ref()
                    .map(|w| SecondConditionView {
                        label: w.label.clone(),
                        required: w.required,
                        weights: w.weights.clone(),
                    }),
                text: t.clause_text.clone(),
            },
            complete: t.complete,
            signatures: t
                .actions
                .iter()
                .filter(|a| a.action.kind == ActionKind::Signature)
                .map(|a| SignatureView {
                    name: party_name(dir, &a.action.party),
                    state: a.action.party.clone(),
                    date: a.action.act.map(day),
                })
                .collect(),
            status: status_view(
                t,
                &self.status,
                dir,
                self.explanation.clone(),
                self.counts(),
                self.condition.since(),
            ),
            unconfirmed: t.provenance.unconfirmed,
            note: t.provenance.note.clone(),
            url: self.url(),
            withdrawn: None,
        }
    }

    pub(crate) fn row(&self) -> TreatyRow {
        let t = self.record;
        TreatyRow {
            url: self.url(),
            title: t.title.clone(),
            concluded: match (&t.place, t.concluded) {
                (Some(place), Some(day)) => {
                    Timed::plain(format!("{place}, ")).then(Timed::day(day))
                }
                (Some(place), None) => Timed::plain(place.as_str()),
                (None, Some(day)) => Timed::day(day),
                (None, None) => Timed::default(),
            },
            explanation: Timed::prose(sentence(&self.explanation)),
            parties: self.status.parties.len(),
            needed: self.status.needed,
            counts: self.counts(),
            badge: Timed::prose(self.condition.label()),
            binding: self.condition.binding(),
            complete: t.complete,
        }
    }

    /// Every participant that has acted or is a party, as the treaty's page lists them.
    fn party_rows(&self, dir: &Directory) -> Vec<PartyRow> {
        let t = self.record;
        let mut states: Vec<String> = t.actions.iter().map(|a| a.action.party.clone()).collect();
        states.extend(self.status.parties.iter().map(|p| p.party.clone()));
        states.sort();
        states.dedup();
        let all = t.plain_actions();
        let mut rows: Vec<PartyRow> = states
            .iter()
            .map(|code| StandingModel::new(t, &all, code, self.as_of, dir).party_row())
            .collect();
        rows.sort_by(|a, b| a.state.label.cmp(&b.state.label));
        rows
    }
}

/// A participant as the registers name it: a state by its name, anything else as written.
fn party_name(dir: &Directory, party: &str) -> String {
    StateCode::parse(party).map_or_else(|_| party.to_owned(), |c| dir.state_name(&c).to_owned())
}

/// Where one participant stands on one treaty on a day, by the domain's rule, with the way the
/// sources give its deposit date. The API's per-state view, the state page's rows and the
/// treaty page's parties are all built from it.
pub(crate) struct StandingModel<'a> {
    pub treaty: &'a Treaty,
    pub party: Link,
    pub standing: treaty::Standing,
    /// How the sources give the deposit date of the consent that counts, when not to the day.
    pub deposit_text: Option<String>,
    pub unconfirmed: bool,
}

impl<'a> StandingModel<'a> {
    fn new(
        treaty: &'a Treaty,
        all: &[TreatyAction],
        party: &str,
        as_of: NaiveDate,
        dir: &Directory,
    ) -> Self {
        let mine: Vec<&ActionRecord> = treaty
            .actions
            .iter()
            .filter(|a| a.action.party == party)
            .collect();
        let standing = treaty::standing(&treaty.clause, all, party, as_of);
        let deposit_text = standing.consent.as_ref().and_then(|c| {
            mine.iter()
                .find(|a| a.action.kind == c.kind && a.action.deposit == Some(c.deposit))
                .and_then(|a| a.deposit_text.clone())
        });
        StandingModel {
            treaty,
            party: Link {
                url: format!("/states/{party}"),
                label: party_name(dir, party),
            },
            standing,
            deposit_text,
            unconfirmed: mine.iter().any(|a| a.action.unconfirmed),
        }
    }

    /// The day it became bound, while it is a party.
    fn effective(&self) -> Option<NaiveDate> {
        let st = &self.standing;
        st.consent
            .as_ref()
            .filter(|_| st.party)
            .and_then(|c| c.effective)
    }

    /// "; denunciation deposited 1 May 2025, takes effect 1 November 2025", after the rest.
    fn exit_text(&self, before: String) -> String {
        let st = &self.standing;
        match &st.exit {
            Some(e) => format!(
                "{before}; {} deposited {}, {} {}",
                e.kind,
                human(e.deposit),
                if st.party {
                    "takes effect"
                } else {
                    "took effect"
                },
                human(e.effective)
            )
            .trim_start_matches("; ")
            .to_owned(),
            None => before,
        }
    }

    fn view(&self) -> StateTreatyView {
        let st = &self.standing;
        let c = st.consent.as_ref();
        StateTreatyView {
            treaty: self.treaty.slug.to_string(),
            title: self.treaty.short_title.clone(),
            signature: st.signature.map(day),
            party: st.party,
            consent: c.map(|c| c.kind.as_str()),
            act: c.and_then(|c| c.act).map(day),
            deposit: c.map(|c| day(c.deposit)),
            deposit_text: self.deposit_text.clone(),
            effective: c.and_then(|c| c.effective).map(day),
            pending: st.pending.map(|(k, _)| k.as_str()),
            pending_act: st.pending.and_then(|(_, a)| a).map(day),
            exit: st.exit.as_ref().map(|e| e.kind.as_str()),
            exit_deposit: st.exit.as_ref().map(|e| day(e.deposit)),
            exit_effective: st.exit.as_ref().map(|e| day(e.effective)),
            unconfirmed: self.unconfirmed,
        }
    }

    /// The row of a state's page: the treaty, and the state's consent in one phrase.
    fn state_row(&self) -> StateTreatyRow {
        let st = &self.standing;
        let deposited = st.consent.as_ref().map(|c| {
            self.deposit_text
                .clone()
                .unwrap_or_else(|| human(c.deposit))
        });
        let consent = match (&st.consent, deposited, st.pending) {
            (Some(c), Some(dep), _) => format!("{}, deposited {dep}", c.kind.as_str()),
            (None, _, Some((k, act))) => match act {
                Some(act) => format!(
                    "{} decided {}; {}",
                    k.as_str(),
                    human(act),
                    self.treaty.undeposited()
                ),
                None => format!("{} decided; {}", k.as_str(), self.treaty.undeposited()),
            },
            (Some(c), None, _) => c.kind.as_str().to_owned(),
            (None, ..) => String::new(),
        };
        StateTreatyRow {
            treaty: Link {
                url: format!("/treaties/{}", self.treaty.slug),
                label: self.treaty.short_title.clone(),
            },
            signature: st.signature.map(Timed::day).unwrap_or_default(),
            consent: if st.exit.is_some() {
                Timed::prose(self.exit_text(consent))
            } else {
                Timed::prose(consent)
            },
            effective: self.effective().map(Timed::day).unwrap_or_default(),
            unconfirmed: self.unconfirmed,
        }
    }

    /// The row of a treaty's page: the participant, its signature, consent and dates.
    fn party_row(&self) -> PartyRow {
        let st = &self.standing;
        let consent_text = |k: ActionKind| format!("{k} {}", k.marker()).trim().to_owned();
        let consent = match (&st.consent, st.pending) {
            (Some(c), _) => consent_text(c.kind),
            (None, Some((k, act))) => format!(
                "{k} (act of {}, {})",
                act.map(human)
                    .unwrap_or_else(|| "a date not recorded".into()),
                self.treaty.undeposited()
            ),
            (None, None) => String::new(),
        };
        PartyRow {
            state: self.party.clone(),
            signature: st.signature.map(Timed::day).unwrap_or_default(),
            consent: Timed::prose(self.exit_text(consent)),
            deposit: st
                .consent
                .as_ref()
                .map(|c| match &self.deposit_text {
                    Some(text) => Timed::record(text.as_str()),
                    None => Timed::day(c.deposit),
                })
                .unwrap_or_default(),
            effective: self.effective().map(Timed::day).unwrap_or_default(),
            unconfirmed: self.unconfirmed,
        }
    }
}

/// Where `code` stands on each treaty it has acted on.
pub(crate) fn standings<'a>(
    treaties: &'a [Treaty],
    code: &StateCode,
    today: NaiveDate,
    dir: &Directory,
) -> Vec<StandingModel<'a>> {
    treaties
        .iter()
        .filter(|t| t.actions.iter().any(|a| a.action.party == code.as_str()))
        .map(|t| StandingModel::new(t, &t.plain_actions(), code.as_str(), today, dir))
        .collect()
}

pub async fn api_treaties(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<TreatyView>> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let as_of = p.date("as_of")?.unwrap_or_else(|| app.today());
    let dir = app.directory();
    let items = app
        .store()
        .treaties()
        .await?
        .iter()
        .map(|t| TreatyModel::new(t, as_of, &dir).view(&dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

pub(crate) async fn find_treaty(app: &AppState, slug: &str) -> Result<Treaty, WebError> {
    let s = slug_or_404(slug, "treaty")?;
    app.store()
        .treaty(&s)
        .await?
        .ok_or_else(|| WebError::not_found(format!("no treaty has the slug `{s}`")))
}

pub async fn api_treaty(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<TreatyView> {
    let p = Params::parse(q.as_deref(), &["as_of"], true)?;
    let as_of = p.date("as_of")?.unwrap_or_else(|| app.today());
    let t = find_treaty(&app, &slug).await?;
    let dir = app.directory();
    let mut view = TreatyModel::new(&t, as_of, &dir).view(&dir);
    view.withdrawn = Some(
        app.store()
            .withdrawn_actions(&t.slug)
            .await?
            .iter()
            .map(|w| WithdrawnView {
                party: w.record.action.party.clone(),
                kind: w.record.action.kind.as_str(),
                act: w.record.action.act.map(day),
                deposit: w.record.action.deposit.map(day),
                withdrawn: day(w.on),
                reason: w.reason.clone(),
            })
            .collect(),
    );
    Ok(Json(view))
}

#[derive(Serialize)]
pub struct WhatIfAssumption {
    state: String,
    name: String,
    kind: &'static str,
    deposit: String,
}

#[derive(Serialize)]
pub struct WhatIfView {
    treaty: String,
    what_if: WhatIfAssumption,
    #[serde(flatten)]
    status: StatusView,
}

/// The status as if `state` deposited on `deposit`, refused with the reason when it could not
/// happen (the use case's rule).
pub(crate) async fn what_if(
    app: &AppState,
    t: &Treaty,
    state: &StateCode,
    deposit: NaiveDate,
) -> Result<WhatIfView, WebError> {
    let w = app.uses().what_if(t, state, deposit).await?;
    Ok(WhatIfView {
        treaty: t.slug.to_string(),
        what_if: WhatIfAssumption {
            state: state.to_string(),
            name: w.name,
            kind: w.kind.as_str(),
            deposit: day(deposit),
        },
        status: {
            let dir = app.directory();
            let why = explanation(t, &w.status, &dir, deposit);
            // A what-if is computed only for a countable threshold (the use case's rule).
            status_view(t, &w.status, &dir, why, true, w.status.in_force)
        },
    })
}

pub(crate) fn what_if_params(p: &Params) -> Result<(StateCode, NaiveDate), WebError> {
    let state = p
        .state("state")?
        .ok_or_else(|| WebError::invalid("state", "name the state, such as KWT"))?;
    let deposit = p
        .date("deposit")?
        .ok_or_else(|| WebError::invalid("deposit", "give the deposit date, such as 2025-06-01"))?;
    Ok((state, deposit))
}

pub async fn api_what_if(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<WhatIfView> {
    let p = Params::parse(q.as_deref(), &["state", "deposit"], true)?;
    let (state, deposit) = what_if_params(&p)?;
    let t = find_treaty(&app, &slug).await?;
    Ok(Json(what_if(&app, &t, &state, deposit).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionBody {
    party: String,
    kind: String,
    act: Option<String>,
    deposit: Option<String>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Serialize)]
pub struct RecordedView {
    notification: Option<NotificationView>,
    treaty: TreatyView,
}

/// What an act on a treaty answers: the notification it issued, and the treaty as it now
/// stands (read afresh, the caches told).
async fn recorded(
    app: &AppState,
    slug: &str,
    notification: Option<&Notification>,
) -> Result<RecordedView, WebError> {
    app.invalidate();
    let t = find_treaty(app, slug).await?;
    let dir = app.directory();
    Ok(RecordedView {
        notification: notification.map(|n| notification_view(n, &dir)),
        treaty: TreatyModel::new(&t, app.today(), &dir).view(&dir),
    })
}

pub async fn api_record_action(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: ActionBody = json(&body)?;
    let s = slug_or_404(&slug, "treaty")?;
    let party =
        StateCode::parse(&b.party).map_err(|e| WebError::invalid("party", e.to_string()))?;
    let kind = ActionKind::parse(&b.kind).ok_or_else(|| {
        WebError::invalid(
            "kind",
            format!("`{}` is not one of: {}", b.kind, ActionKind::expected()),
        )
    })?;
    let date = |field: &str, v: Option<String>| -> Result<Option<NaiveDate>, WebError> {
        v.map(|d| {
            cica_domain::parse_day(&d).map_err(|_| {
                WebError::invalid(field, format!("`{d}` is not a date of the form YYYY-MM-DD"))
            })
        })
        .transpose()
    };
    let act = date("act", b.act)?;
    let deposit = date("deposit", b.deposit)?;
    // What may be recorded (no deposited signature, no exit by a non-party, …) is the
    // store's to decide, by the domain's rule, for every shell alike.
    let record = ActionRecord {
        action: TreatyAction {
            party: party.to_string(),
            kind,
            act,
            deposit,
            unconfirmed: false,
        },
        deposit_text: None,
        note: b.note,
        sources: b.sources,
    };
    let notification = app.uses().record_treaty_action(&actor, &s, record).await?;
    let view = recorded(&app, &slug, notification.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WithdrawalBody {
    party: String,
    kind: String,
    /// The action's dates as read (`act`, `deposit`; null where it has none): when either is
    /// sent, the action withdrawn must be of those dates, not another that became the latest.
    #[serde(default, deserialize_with = "crate::input::present")]
    act: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::input::present")]
    deposit: Option<Option<String>>,
    #[serde(default)]
    reason: String,
}

/// What a withdrawal names: the party, the kind, and the dates when given (act, deposit);
/// or the refusal naming the field.
type Named = (
    StateCode,
    ActionKind,
    Option<(Option<NaiveDate>, Option<NaiveDate>)>,
);

fn withdrawal_of(
    party: &str,
    kind: &str,
    dates: Option<(Option<&str>, Option<&str>)>,
) -> Result<Named, WebError> {
    let party = StateCode::parse(&party.trim().to_uppercase())
        .map_err(|e| WebError::invalid("party", e.to_string()))?;
    let kind = ActionKind::parse(kind.trim()).ok_or_else(|| {
        WebError::invalid(
            "kind",
            format!("`{kind}` is not one of: {}", ActionKind::expected()),
        )
    })?;
    let day = |field: &str, text: Option<&str>| {
        text.map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                cica_domain::parse_day(t).map_err(|_| {
                    WebError::invalid(field, format!("`{t}` is not a date of the form YYYY-MM-DD"))
                })
            })
            .transpose()
    };
    let dates = match dates {
        Some((act, deposit)) => Some((day("act", act)?, day("deposit", deposit)?)),
        None => None,
    };
    Ok((party, kind, dates))
}

/// `POST /api/v1/treaties/{slug}/actions/withdrawal` (an editor): withdraws as recorded in
/// error the latest action of `party`, of `kind`, saying why (`reason`): `200` with the
/// notification that withdraws the one announcing it (or null) and the treaty as it now
/// stands.
pub async fn api_withdraw_action(
    State(app): State<AppState>,
    Secretariat(actor): Secretariat,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let b: WithdrawalBody = json(&body)?;
    let s = slug_or_404(&slug, "treaty")?;
    let dates = (b.act.is_some() || b.deposit.is_some()).then(|| {
        (
            b.act.as_ref().and_then(|a| a.as_deref()),
            b.deposit.as_ref().and_then(|d| d.as_deref()),
        )
    });
    let (party, kind, dates) = withdrawal_of(&b.party, &b.kind, dates)?;
    let notification = app
        .uses()
        .withdraw_treaty_action(&actor, &s, &party, kind, dates, &b.reason)
        .await?;
    let view = recorded(&app, &slug, notification.as_ref()).await?;
    Ok(Json(view).into_response())
}

#[derive(Deserialize)]
pub struct WithdrawalForm {
    #[serde(default)]
    csrf: String,
    /// `KWT:accession:2025-03-10:2025-03-20`: the party, the kind and the dates (act,
    /// deposit; empty where none) of the action chosen.
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

/// `POST /treaties/{slug}/withdrawal` (the treaty page's form for editors): withdraws the
/// action chosen as recorded in error and shows the treaty.
pub async fn withdraw_form(
    State(app): State<AppState>,
    crate::write::Editor(actor): crate::write::Editor,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, crate::pages::PageError> {
    let session = crate::write::form_session(session)?;
    let f = crate::forms::page_form::<WithdrawalForm>(&session, &body, |f| &f.csrf)?;
    let s = slug_or_404(&slug, "treaty")?;
    let parts: Vec<&str> = f.action.split(':').collect();
    let [party, kind, act, deposit] = parts[..] else {
        return Err(WebError::invalid("action", "choose the action recorded in error").into());
    };
    let (party, kind, dates) = withdrawal_of(party, kind, Some((Some(act), Some(deposit))))?;
    app.uses()
        .withdraw_treaty_action(&actor, &s, &party, kind, dates, &f.reason)
        .await?;
    app.invalidate();
    Ok(crate::accounts::see_other(&format!("/treaties/{s}")))
}

#[derive(Serialize)]
pub struct NotificationView {
    reference: String,
    year: i32,
    number: u32,
    date: String,
    treaty: String,
    party: String,
    kind: &'static str,
    text: String,
    /// When the deposit is not known to the day (the notification is then dated the last day
    /// it could have happened): the date as the sources give it.
    date_text: Option<String>,
    unconfirmed: bool,
    /// For a notification that withdraws another (which announced an action recorded in
    /// error): that one's reference; else null.
    withdraws: Option<String>,
    url: String,
}

pub(crate) fn notification_view(n: &Notification, _dir: &Directory) -> NotificationView {
    NotificationView {
        reference: n.reference(),
        year: n.year,
        number: n.number,
        date: day(n.date),
        treaty: n.treaty.to_string(),
        party: n.party.clone(),
        kind: n.kind.as_str(),
        text: n.text.clone(),
        date_text: n.date_text.clone(),
        unconfirmed: n.date_text.is_some(),
        withdraws: n.withdraws.clone(),
        url: format!("/notifications#{}", n.reference()),
    }
}

pub async fn api_notifications(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<NotificationView>> {
    let p = Params::parse(q.as_deref(), &["treaty"], true)?;
    let treaty = p.slug("treaty")?;
    let dir = app.directory();
    let items = app
        .store()
        .notifications(treaty.as_ref())
        .await?
        .iter()
        .map(|n| notification_view(n, &dir))
        .collect();
    Ok(Json(List { items, next: None }))
}

/// Per state: where it stands on each treaty it has acted on.
#[derive(Serialize)]
pub struct StateTreatyView {
    treaty: String,
    title: String,
    signature: Option<String>,
    /// Whether it is a party on the day asked.
    party: bool,
    /// The deposited instrument that makes it a party (or made it one, before it left).
    consent: Option<&'static str>,
    act: Option<String>,
    deposit: Option<String>,
    deposit_text: Option<String>,
    effective: Option<String>,
    /// A consent decided at home and not yet deposited, with the date of that act.
    pending: Option<&'static str>,
    pending_act: Option<String>,
    /// Its latest denunciation or withdrawal, with the day it takes effect.
    exit: Option<&'static str>,
    exit_deposit: Option<String>,
    exit_effective: Option<String>,
    unconfirmed: bool,
}

pub async fn api_state_treaties(
    State(app): State<AppState>,
    Path(code): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult<List<StateTreatyView>> {
    Params::parse(q.as_deref(), &[], true)?;
    let c = StateCode::parse(&code)
        .map_err(|_| WebError::not_found(format!("no state has the code `{code}`")))?;
    if !app.directory().states.contains_key(&c) {
        return Err(ApiError(WebError::not_found(format!(
            "no state has the code `{c}`"
        ))));
    }
    let treaties = app.store().treaties().await?;
    let items = standings(&treaties, &c, app.today(), &app.directory())
        .iter()
        .map(StandingModel::view)
        .collect();
    Ok(Json(List { items, next: None }))
}

pub struct PartyRow {
    pub state: Link,
    pub signature: Timed,
    pub consent: Timed,
    pub deposit: Timed,
    pub effective: Timed,
    pub unconfirmed: bool,
}

pub struct TreatyRow {
    pub url: String,
    pub title: String,
    pub concluded: Timed,
    pub explanation: Timed,
    pub parties: usize,
    pub needed: u32,
    /// Whether parties are counted toward a threshold (the count is shown only then).
    pub counts: bool,
    /// Where entry into force stands, in a few words.
    pub badge: Timed,
    /// In force or applied provisionally: the badge is gold.
    pub binding: bool,
    pub complete: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "treaties.html")]
pub struct TreatiesPage {
    l: Layout,
    rows: Vec<TreatyRow>,
}

pub async fn treaties_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<TreatiesPage> {
    let today = app.today();
    let dir = app.directory();
    let rows = app
        .store()
        .treaties()
        .await?
        .iter()
        .map(|t| TreatyModel::new(t, today, &dir).row())
        .collect();
    Ok(TreatiesPage {
        l: Layout::new("Treaties", "treaties"),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "treaty.html")]
pub struct TreatyPage {
    l: Layout,
    /// An editor in a signed-in browser: the link to record an action.
    editor: bool,
    slug: String,
    row: TreatyRow,
    clause: Timed,
    depositary: Option<String>,
    /// The treaty has a depositary the record does not name.
    depositary_unnamed: bool,
    note: Timed,
    parties: Vec<PartyRow>,
    candidates: Vec<crate::pages::Choice>,
    deposit: String,
    what_if_offered: bool,
    what_if: Option<Timed>,
    what_if_error: String,
    /// (reference, date, text, the date's `<time datetime>`)
    notifications: Vec<(String, String, Timed, String)>,
    /// The treaty a protocol amends, and the protocols that amend this one.
    parent: Option<Link>,
    amended_by: Vec<Link>,
    /// Actions withdrawn as recorded in error: (who and what, the day withdrawn, why).
    withdrawn: Vec<(String, String, String)>,
    /// For editors: each party's latest action, which may be withdrawn (`KWT:accession`, its
    /// label); the form's token.
    withdrawable: Vec<(String, String)>,
    csrf: String,
}

/// How an action is named in lists: "Kuwait: accession, deposited 20 March 2025".
fn action_label(dir: &Directory, a: &ActionRecord) -> String {
    let party = StateCode::parse(&a.action.party)
        .ok()
        .and_then(|c| dir.states.get(&c).map(|s| s.name.clone()))
        .unwrap_or_else(|| a.action.party.clone());
    let when = match (a.action.deposit, a.action.act) {
        (Some(d), _) => format!(", deposited {}", human(d)),
        (None, Some(d)) => format!(", {}", human(d)),
        (None, None) => String::new(),
    };
    format!("{party}: {}{when}", a.action.kind)
}

pub async fn treaty_page(
    State(app): State<AppState>,
    crate::write::Caller(actor): crate::write::Caller,
    session: Option<axum::Extension<crate::write::BrowserSession>>,
    Path(slug): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let p = Params::parse(q.as_deref(), &["state", "deposit"], true)?;
    let t = find_treaty(&app, &slug)
        .await
        .map_err(|_| WebError::not_found(format!("There is no treaty “{slug}”.")))?;
    let dir = app.directory();
    let today = app.today();
    let model = TreatyModel::new(&t, today, &dir);
    let s = &model.status;
    let (mut what_if_text, mut what_if_error, mut status) = (None, String::new(), StatusCode::OK);
    if p.get("state").is_some() || p.get("deposit").is_some() {
        let asked = match what_if_params(&p) {
            Ok((state, deposit)) => what_if(&app, &t, &state, deposit).await,
            Err(e) => Err(e),
        };
        match asked {
            Ok(v) => {
                what_if_text = Some(format!(
                    "If {} deposits its instrument of {} on {}, the {} {}",
                    v.what_if.name,
                    v.what_if.kind,
                    human(cica_domain::parse_day(&v.what_if.deposit).unwrap_or(today)),
                    t.short_title,
                    sentence(&v.status.explanation).replacen("Enters", "enters", 1)
                ))
            }
            Err(e) => {
                status = e.status();
                what_if_error = e.to_string();
            }
        }
    }
    let selected = p.state("state").ok().flatten();
    let mut candidates: Vec<crate::pages::Choice> = dir
        .states
        .values()
        .filter(|st| {
            is_member(&dir, &st.code, today)
                && !s.parties.iter().any(|x| x.party == st.code.as_str())
        })
        .map(|st| crate::pages::Choice {
            value: st.code.to_string(),
            label: st.name.clone(),
            selected: selected.as_ref() == Some(&st.code),
        })
        .collect();
    candidates.sort_by(|a, b| a.label.cmp(&b.label));
    let notifications = app
        .store()
        .notifications(Some(&t.slug))
        .await?
        .iter()
        .map(|n| {
            (
                n.reference(),
                human(n.date),
                Timed::prose(n.text.as_str()),
                day(n.date),
            )
        })
        .collect();
    let all = app.store().treaties().await?;
    let link = |x: &Treaty| Link {
        url: format!("/treaties/{}", x.slug),
        label: x.short_title.clone(),
    };
    let parent = t
        .parent
        .as_ref()
        .and_then(|p| all.iter().find(|x| &x.slug == p))
        .map(link);
    let amended_by = all
        .iter()
        .filter(|x| x.parent.as_ref() == Some(&t.slug))
        .map(link)
        .collect();
    let editor = actor.is_secretariat() && session.is_some();
    let withdrawn = app
        .store()
        .withdrawn_actions(&t.slug)
        .await?
        .iter()
        .map(|w| (action_label(&dir, &w.record), human(w.on), w.reason.clone()))
        .collect();
    // Each party's latest action, latest first: what an editor may withdraw.
    let mut withdrawable: Vec<(String, String)> = Vec::new();
    if editor {
        for a in t.actions.iter().rev() {
            let key = format!(
                "{}:{}:{}:{}",
                a.action.party,
                a.action.kind,
                a.action.act.map(|d| d.to_string()).unwrap_or_default(),
                a.action.deposit.map(|d| d.to_string()).unwrap_or_default()
            );
            if !withdrawable
                .iter()
                .any(|(k, _)| k.split(':').next() == Some(a.action.party.as_str()))
            {
                withdrawable.push((key, action_label(&dir, a)));
            }
        }
    }
    let page = TreatyPage {
        editor,
        withdrawn,
        withdrawable,
        csrf: crate::accounts::form_token(session.as_ref()),
        l: Layout::new(&t.short_title, "treaties"),
        slug: t.slug.to_string(),
        row: model.row(),
        clause: Timed::prose(t.clause_text.as_str()),
        // A bilateral agreement has no depositary: the parties notify each other.
        depositary: match &t.depositary {
            Some(d) => Some(d.clone()),
            None if t.has_depositary() => Some("not recorded".into()),
            None => None,
        },
        depositary_unnamed: t.depositary.is_none() && t.has_depositary(),
        note: Timed::prose(t.provenance.note.clone().unwrap_or_default()),
        parties: model.party_rows(&dir),
        candidates,
        deposit: p.get("deposit").unwrap_or("").to_owned(),
        what_if_offered: model.counts(),
        what_if: what_if_text.map(Timed::prose),
        what_if_error,
        notifications,
        parent,
        amended_by,
    };
    Ok((status, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    l: Layout,
    /// (reference, date, treaty, text, the date's `<time datetime>`)
    rows: Vec<(String, String, Link, Timed, String)>,
    /// Deposits the sources give only to a year or a latest day, as they give them: no
    /// number, no day. (when, who and what, the treaty)
    approximate: Vec<(Timed, String, Link)>,
}

pub async fn notifications_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<NotificationsPage> {
    let treaties = app.store().treaties().await?;
    let rows = app
        .store()
        .notifications(None)
        .await?
        .iter()
        .map(|n| {
            let title = treaties
                .iter()
                .find(|t| t.slug == n.treaty)
                .map_or_else(|| n.treaty.to_string(), |t| t.short_title.clone());
            (
                n.reference(),
                human(n.date),
                Link {
                    url: format!("/treaties/{}", n.treaty),
                    label: title,
                },
                Timed::prose(n.text.as_str()),
                day(n.date),
            )
        })
        .collect();
    let dir = app.directory();
    let mut approximate: Vec<(String, String, String, Link)> = treaties
        .iter()
        .flat_map(|t| t.actions.iter().map(move |a| (t, a)))
        .filter(|(_, a)| a.action.deposit.is_some() && !a.deposit_known_to_the_day())
        .map(|(t, a)| {
            let who = party_name(&dir, &a.action.party);
            (
                // Sorted by the latest day the deposit could have been made.
                a.action.deposit.map(day).unwrap_or_default(),
                a.deposit_text.clone().unwrap_or_default(),
                format!("{who}: {}", a.action.kind),
                Link {
                    url: format!("/treaties/{}", t.slug),
                    label: t.short_title.clone(),
                },
            )
        })
        .collect();
    approximate.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    Ok(NotificationsPage {
        l: Layout::new("Depositary notifications", "treaties"),
        rows,
        approximate: approximate
            .into_iter()
            .map(|(_, when, what, treaty)| (Timed::record(when), what, treaty))
            .collect(),
    })
}

/// Treaty participation for a state's page.
pub struct StateTreatyRow {
    pub treaty: Link,
    pub signature: Timed,
    pub consent: Timed,
    pub effective: Timed,
    pub unconfirmed: bool,
}

pub fn state_treaty_rows(
    treaties: &[Treaty],
    code: &StateCode,
    today: NaiveDate,
    dir: &Directory,
) -> Vec<StateTreatyRow> {
    standings(treaties, code, today, dir)
        .iter()
        .map(StandingModel::state_row)
        .collect()
}
