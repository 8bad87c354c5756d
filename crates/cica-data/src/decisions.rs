//! Documents, decisions, silence procedures and treaties: from raw records to checked ones.
//!
//! Beyond field checks, a silence procedure's events are replayed through the domain's own
//! rule ([`cica_domain::silence::check`]), so a recorded procedure is one that could really
//! have happened: only Member States on the day break silence, nothing after the deadline.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use cica_domain::consensus::{Position, Stance};
use cica_domain::decision::{
    ActionRecord, Decision, DecisionAct, Document, DocumentKind, DocumentStatus, DocumentVersion,
    Proposer, SilenceRecord, Taken, Treaty, Visibility, date_in_zone, is_time_zone,
};
use cica_domain::silence::{Outcome, Procedure, Request, SilenceEvent, check, decide};
use cica_domain::treaty::{
    ActionKind, Delay, EifClause, Entry, EntryKind, Regime, TreatyAction, WeightCondition,
    check_action,
};
use cica_domain::{Dataset, PartialDate, Participation, Slug, status_on};

use crate::convert::{Checker, Origin, Register, opt_text, provenance};
use crate::raw::{RawDecision, RawDelay, RawDocument, RawSilence, RawTreaty};

/// The record kinds of this module, taken out of a raw file.
pub(crate) struct Raw {
    pub document: Vec<RawDocument>,
    pub decision: Vec<RawDecision>,
    pub silence: Vec<RawSilence>,
    pub treaty: Vec<RawTreaty>,
}

fn instant(c: &mut Checker, at: &Origin, field: &str, text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            c.problem(
                at,
                Some(field),
                format!(
                    "`{text}` is not an instant with its offset, such as 2024-03-19T18:00:00+05:00"
                ),
            )
        })
        .ok()
}

fn doc_ref(
    c: &mut Checker,
    at: &Origin,
    document: Option<&String>,
    version: Option<u32>,
) -> Option<Option<(Slug, u32)>> {
    match (document, version) {
        (None, None) => Some(None),
        (Some(d), Some(v)) => {
            let slug = c.slug_ref(at, "document", Register::Document, d)?;
            c.version_refs
                .push((at.clone(), "version".into(), slug.to_string(), v));
            Some(Some((slug, v)))
        }
        (Some(_), None) => {
            c.problem(
                at,
                Some("version"),
                "name the exact version of the document",
            );
            None
        }
        (None, Some(_)) => {
            c.problem(at, Some("document"), "a version needs its document");
            None
        }
    }
}

fn delay(d: &RawDelay) -> Delay {
    let base = Delay {
        months: d.months,
        days: d.days,
        first_of_next_month: false,
    };
    if d.first_of_next_month {
        base.then_first_of_next_month()
    } else {
        base
    }
}

pub(crate) fn convert(c: &mut Checker, file: &str, raw: Raw, ds: &mut Dataset) {
    let origin = |kind: &str, key: &str| Origin {
        file: file.to_owned(),
        record: format!("{kind} \"{key}\""),
    };

    for r in raw.document {
        let at = origin("document", &r.slug);
        c.define(&at, "slug", Register::Document, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let title = c.text(&at, "title", &r.title);
        let kind = c.keyword(
            &at,
            "kind",
            &r.kind,
            DocumentKind::parse,
            DocumentKind::expected(),
        );
        let visibility = c.keyword(
            &at,
            "visibility",
            &r.visibility,
            Visibility::parse,
            Visibility::expected(),
        );
        let status = c.keyword(
            &at,
            "status",
            &r.status,
            DocumentStatus::parse,
            DocumentStatus::expected(),
        );
        let body = c.opt_slug_ref(&at, "body", Register::Body, r.body.as_ref());
        let mut versions = Vec::new();
        let mut numbers = BTreeSet::new();
        for (i, v) in r.version.iter().enumerate() {
            let field = |f: &str| format!("version[{i}].{f}");
            if !numbers.insert(v.number) || v.number == 0 {
                c.problem(
                    &at,
                    Some(&field("number")),
                    format!(
                        "version numbers start at 1 and are unique; {} is not",
                        v.number
                    ),
                );
                continue;
            }
            let date = c.partial(&at, &field("date"), &v.date);
            let proposed_by = Proposer::parse(v.proposed_by.trim());
            if proposed_by.is_none() {
                c.problem(
                    &at,
                    Some(&field("proposed_by")),
                    format!(
                        "`{}` is not a state code, `chair`, `secretariat` or `body:<slug>`",
                        v.proposed_by
                    ),
                );
            }
            if let Some(Proposer::State(s)) = &proposed_by {
                c.refs.push((
                    at.clone(),
                    field("proposed_by"),
                    Register::State,
                    s.to_string(),
                ));
            }
            if let Some(Proposer::Body(b)) = &proposed_by {
                c.refs.push((
                    at.clone(),
                    field("proposed_by"),
                    Register::Body,
                    b.to_string(),
                ));
            }
            if let (Some(date), Some(proposed_by)) = (date, proposed_by) {
                versions.push(DocumentVersion {
                    number: v.number,
                    date,
                    proposed_by,
                    note: opt_text(v.note.as_ref()),
                    text: opt_text(v.text.as_ref()),
                });
            }
        }
        versions.sort_by_key(|v| v.number);
        if let (Some(slug), Some(title), Some(kind), Some(visibility), Some(status)) =
            (slug, title, kind, visibility, status)
        {
            ds.documents.push(Document {
                slug,
                title,
                kind,
                visibility,
                status,
                body,
                versions,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.decision {
        let at = origin("decision", &r.id);
        c.define(&at, "id", Register::Decision, &r.id);
        let id = c.slug(&at, "id", &r.id);
        let organ = c.slug_ref(&at, "organ", Register::Body, &r.organ);
        let date = c
            .span(&at, "date", &r.date)
            .filter(|s| s.is_single_day())
            .map(|s| s.start());
        let act = c.keyword(
            &at,
            "act",
            &r.act,
            DecisionAct::parse,
            DecisionAct::expected(),
        );
        let subject = c.text(&at, "subject", &r.subject);
        let document = doc_ref(c, &at, r.document.as_ref(), r.version);
        let taken = match (&r.meeting, &r.silence) {
            (Some(m), None) => c
                .slug_ref(&at, "meeting", Register::Meeting, m)
                .map(Taken::AtMeeting),
            (None, Some(s)) => c
                .slug_ref(&at, "silence", Register::Silence, s)
                .map(Taken::BySilence),
            (None, None) => Some(Taken::NotRecorded),
            (Some(_), Some(_)) => {
                c.problem(
                    &at,
                    Some("silence"),
                    "a decision is taken at a meeting or by silence procedure, not both",
                );
                None
            }
        };
        let mut statements = Vec::new();
        for (i, st) in r.statement.iter().enumerate() {
            let state = c.state_ref(&at, &format!("statement[{i}].state"), &st.state);
            let stance = c.keyword(
                &at,
                &format!("statement[{i}].stance"),
                &st.stance,
                Stance::parse,
                Stance::expected(),
            );
            let text = c.text(&at, &format!("statement[{i}].text"), &st.text);
            if let Some(s) = stance.filter(|s| s.blocks()) {
                c.problem(&at, Some(&format!("statement[{i}].stance")), format!("an adopted decision cannot carry a Member State's {s}; record a reservation or an interpretative statement"));
            }
            if let (Some(state), Some(stance), Some(text)) = (state, stance, text) {
                statements.push(Position {
                    state,
                    stance,
                    text,
                });
            }
        }
        if let (
            Some(id),
            Some(organ),
            Some(date),
            Some(act),
            Some(subject),
            Some(document),
            Some(taken),
        ) = (id, organ, date, act, subject, document, taken)
        {
            ds.decisions.push(Decision {
                id,
                organ,
                date,
                number: r.number.unwrap_or(0),
                act,
                subject,
                document,
                taken,
                statements,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        } else if r.date.text().contains('/') {
            c.problem(&at, Some("date"), "a decision has one date");
        }
    }

    for r in raw.silence {
        let at = origin("silence", &r.id);
        c.define(&at, "id", Register::Silence, &r.id);
        let id = c.slug(&at, "id", &r.id);
        let organ = c.slug_ref(&at, "organ", Register::Body, &r.organ);
        let act = c.keyword(
            &at,
            "act",
            &r.act,
            DecisionAct::parse,
            DecisionAct::expected(),
        );
        let subject = c.text(&at, "subject", &r.subject);
        let document = doc_ref(c, &at, r.document.as_ref(), r.version);
        let chair = c.state_ref(&at, "chair", &r.chair);
        if !is_time_zone(&r.chair_time_zone) {
            c.problem(
                &at,
                Some("chair_time_zone"),
                format!(
                    "`{}` is not an IANA time zone such as Asia/Baku",
                    r.chair_time_zone
                ),
            );
        }
        let opened_at = instant(c, &at, "opened_at", &r.opened_at);
        let expires_at = instant(c, &at, "expires_at", &r.expires_at);
        if let (Some(o), Some(e)) = (opened_at, expires_at)
            && e <= o
        {
            c.problem(
                &at,
                Some("expires_at"),
                "the deadline must come after the opening",
            );
        }
        let decision = c.opt_slug_ref(&at, "decision", Register::Decision, r.decision.as_ref());
        let basis = c.opt_slug_ref(&at, "basis", Register::Decision, r.basis.as_ref());
        let mut events = Vec::new();
        for (i, e) in r.event.iter().enumerate() {
            let field = |f: &str| format!("event[{i}].{f}");
            let Some(when) = instant(c, &at, &field("at"), &e.at) else {
                continue;
            };
            match e.kind.as_str() {
                "broken" => {
                    let state = e
                        .state
                        .as_ref()
                        .and_then(|s| c.state_ref(&at, &field("state"), s));
                    let stance = e.stance.as_ref().and_then(|s| {
                        c.keyword(&at, &field("stance"), s, Stance::parse, Stance::expected())
                    });
                    match (state, stance) {
                        (Some(state), Some(stance)) => events.push(SilenceEvent::Broken {
                            at: when,
                            state,
                            stance,
                            text: e.text.clone().unwrap_or_default(),
                        }),
                        _ => c.problem(
                            &at,
                            Some(&field("state")),
                            "a break names its `state` and `stance` (objection or amendment)",
                        ),
                    }
                }
                "extended" => match e
                    .until
                    .as_ref()
                    .and_then(|u| instant(c, &at, &field("until"), u))
                {
                    Some(until) => events.push(SilenceEvent::Extended { at: when, until }),
                    None => c.problem(
                        &at,
                        Some(&field("until")),
                        "an extension gives the new deadline in `until`",
                    ),
                },
                "withdrawn" => events.push(SilenceEvent::Withdrawn { at: when }),
                other => c.problem(
                    &at,
                    Some(&field("kind")),
                    format!("`{other}` is not one of: broken, extended, withdrawn"),
                ),
            }
        }
        if let (
            Some(id),
            Some(organ),
            Some(act),
            Some(subject),
            Some(document),
            Some(chair),
            Some(opened_at),
            Some(expires_at),
        ) = (
            id, organ, act, subject, document, chair, opened_at, expires_at,
        ) {
            ds.silences.push(SilenceRecord {
                id,
                organ,
                act,
                subject,
                document,
                chair,
                chair_time_zone: r.chair_time_zone.trim().to_owned(),
                procedure: Procedure {
                    opened_at,
                    expires_at,
                    events,
                },
                decision,
                basis,
                times_known: r.times_known.unwrap_or(true),
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.treaty {
        let at = origin("treaty", &r.slug);
        c.define(&at, "slug", Register::Treaty, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let title = c.text(&at, "title", &r.title);
        let short_title = c.text(&at, "short_title", &r.short_title);
        let clause_text = c.text(&at, "clause_text", &r.clause_text);
        let concluded = match &r.concluded {
            None => Some(None),
            Some(d) => c.span(&at, "concluded", d).map(|s| Some(s.start())),
        };
        let entry_kind = match &r.entry {
            None => Some(EntryKind::Threshold),
            Some(k) => c.keyword(&at, "entry", k, EntryKind::parse, EntryKind::expected()),
        };
        let notifying: BTreeSet<String> = c
            .state_refs(&at, "notifying", &r.notifying)
            .into_iter()
            .map(|s| s.to_string())
            .collect();
        let threshold = match (entry_kind, r.threshold) {
            (Some(EntryKind::Threshold), None) => {
                c.problem(
                    &at,
                    Some("threshold"),
                    "a threshold entry into force needs the number of instruments",
                );
                1
            }
            (Some(EntryKind::Threshold), Some(0)) => {
                c.problem(&at, Some("threshold"), "at least one instrument is needed");
                1
            }
            (Some(EntryKind::Threshold), Some(n)) => n,
            (Some(k), Some(_)) => {
                c.problem(
                    &at,
                    Some("threshold"),
                    format!("a treaty that enters into force {k} has no threshold of instruments"),
                );
                1
            }
            (None, Some(n)) => n.max(1),
            // On notification, the count is that of the parties notifying.
            (_, None) => u32::try_from(notifying.len()).unwrap_or(u32::MAX).max(1),
        };
        let entry = match entry_kind {
            Some(EntryKind::OnDate) => match &r.entry_date {
                Some(d) => c
                    .span(&at, "entry_date", d)
                    .map(|s| Entry::OnDate(s.start())),
                None => {
                    c.problem(&at, Some("entry_date"), "give the day it enters into force");
                    None
                }
            },
            Some(EntryKind::OnNotification) if notifying.is_empty() => {
                c.problem(
                    &at,
                    Some("notifying"),
                    "name the parties whose notification it waits for",
                );
                None
            }
            Some(EntryKind::OnNotification) => Some(Entry::OnNotification(notifying.clone())),
            Some(EntryKind::OnSignature) => Some(Entry::OnSignature),
            Some(EntryKind::Threshold) => Some(Entry::Threshold),
            None => None,
        };
        if entry_kind != Some(EntryKind::OnNotification) && !notifying.is_empty() {
            c.problem(
                &at,
                Some("notifying"),
                "only a treaty that enters into force on notification names who notifies",
            );
        }
        if entry_kind != Some(EntryKind::OnDate) && r.entry_date.is_some() {
            c.problem(
                &at,
                Some("entry_date"),
                "only a treaty that enters into force on a date names one",
            );
        }
        if entry_kind != Some(EntryKind::Threshold) && r.count_known.is_some() {
            c.problem(
                &at,
                Some("count_known"),
                "only a threshold of instruments is counted",
            );
        }
        if entry_kind == Some(EntryKind::Threshold) && r.delay.is_none() {
            c.problem(
                &at,
                Some("delay"),
                "give the delay from the threshold to entry into force, such as { days = 30 } or { days = 0 }",
            );
        }
        let provisional_from = match &r.provisional_from {
            None => Some(None),
            Some(d) => c.span(&at, "provisional_from", d).map(|s| Some(s.start())),
        };
        let parent = c.opt_slug_ref(&at, "parent", Register::Treaty, r.parent.as_ref());
        if parent.as_ref().is_some_and(|p| p.as_str() == r.slug) {
            c.problem(&at, Some("parent"), "a treaty cannot amend itself");
        }
        let mut counted = BTreeSet::new();
        for k in &r.counted {
            if let Some(kind) =
                c.keyword(&at, "counted", k, ActionKind::parse, ActionKind::expected())
            {
                if !kind.is_consent() {
                    c.problem(
                        &at,
                        Some("counted"),
                        format!("a {kind} is not an instrument of consent and cannot count"),
                    );
                }
                counted.insert(kind);
            }
        }
        let mut clause =
            EifClause::standard(threshold, r.delay.as_ref().map_or(Delay::days(0), delay));
        if !counted.is_empty() {
            clause.counted = counted;
        }
        clause.later_delay = r.later_delay.as_ref().map_or(clause.delay, delay);
        if let Some(d) = &r.exit_delay {
            clause.exit_delay = delay(d);
        }
        clause.not_counted = c
            .state_refs(&at, "not_counted", &r.not_counted)
            .into_iter()
            .map(|s| s.to_string())
            .collect();
        if let Some(w) = &r.second_condition {
            if w.label.trim().is_empty() {
                c.problem(
                    &at,
                    Some("second_condition.label"),
                    "say what the condition is, such as \"55% of global emissions\"",
                );
            }
            if w.required == 0 {
                c.problem(
                    &at,
                    Some("second_condition.required"),
                    "a condition that is always met is no condition; give the total to reach",
                );
            }
            let mut weights = BTreeMap::new();
            for (party, weight) in &w.weights {
                if let Some(code) = c.state_ref(&at, "second_condition.weights", party) {
                    weights.insert(code.to_string(), *weight);
                }
            }
            let total: u64 = weights.values().fold(0u64, |a, b| a.saturating_add(*b));
            if total < w.required {
                c.problem(
                    &at,
                    Some("second_condition.required"),
                    format!(
                        "the weights add up to {total}, less than the {} required: the treaty could never enter into force",
                        w.required
                    ),
                );
            }
            clause.second_condition = Some(WeightCondition {
                label: w.label.trim().to_owned(),
                weights,
                required: w.required,
            });
        }
        let mut actions = Vec::new();
        for (i, a) in r.action.iter().enumerate() {
            let field = |f: &str| format!("action[{i}].{f}");
            let party = c.state_ref(&at, &field("party"), &a.party);
            let kind = c.keyword(
                &at,
                &field("kind"),
                &a.kind,
                ActionKind::parse,
                ActionKind::expected(),
            );
            let act = match &a.act {
                None => Some(None),
                Some(d) => c.span(&at, &field("act"), d).map(|s| Some(s.start())),
            };
            let (deposit, deposit_text) = match (&a.deposit, &a.deposited_by) {
                (Some(d), None) => match c.partial(&at, &field("deposit"), d) {
                    Some(p @ PartialDate::Day(day)) => (Some(Some(day)), Some(p.human())),
                    Some(p) => (
                        Some(Some(p.last_day())),
                        Some(format!("{} (day not known)", p.human())),
                    ),
                    None => (None, None),
                },
                (None, Some(d)) => match c.span(&at, &field("deposited_by"), d) {
                    Some(s) => (
                        Some(Some(s.end())),
                        Some(format!("by {} (day not known)", s.human())),
                    ),
                    None => (None, None),
                },
                (None, None) => (Some(None), None),
                (Some(_), Some(_)) => {
                    c.problem(
                        &at,
                        Some(&field("deposited_by")),
                        "give `deposit` or `deposited_by`, not both",
                    );
                    (None, None)
                }
            };
            let inexact = a.deposited_by.is_some()
                || deposit_text
                    .as_deref()
                    .is_some_and(|t| t.contains("not known"));
            if let (Some(party), Some(kind), Some(act), Some(deposit)) = (party, kind, act, deposit)
            {
                actions.push(ActionRecord {
                    action: TreatyAction {
                        party: party.to_string(),
                        kind,
                        act,
                        deposit,
                        unconfirmed: a.unconfirmed || inexact,
                    },
                    deposit_text,
                    note: opt_text(a.note.as_ref()),
                    sources: a.sources.clone(),
                });
            }
        }
        if let (
            Some(slug),
            Some(title),
            Some(short_title),
            Some(clause_text),
            Some(concluded),
            Some(entry),
            Some(provisional_from),
        ) = (
            slug,
            title,
            short_title,
            clause_text,
            concluded,
            entry,
            provisional_from,
        ) {
            ds.treaties.push(Treaty {
                slug,
                title,
                short_title,
                concluded,
                place: opt_text(r.place.as_ref()),
                depositary: opt_text(r.depositary.as_ref()),
                clause,
                regime: Regime {
                    entry,
                    provisional_from,
                    count_known: r.count_known.unwrap_or(true),
                },
                parent,
                clause_text,
                complete: r.complete,
                actions,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }
}

/// Replays every recorded silence procedure through the domain's rule and checks its link to
/// the decision it produced.
pub(crate) fn check_silences(c: &mut Checker, ds: &Dataset) {
    for s in &ds.silences {
        let at = Origin {
            file: "(silence procedures)".into(),
            record: format!("silence \"{}\"", s.id),
        };
        let mut replay = Procedure {
            opened_at: s.procedure.opened_at,
            expires_at: s.procedure.expires_at,
            events: Vec::new(),
        };
        for (i, e) in s.procedure.events.iter().enumerate() {
            let request = match e.clone() {
                SilenceEvent::Broken {
                    state,
                    stance,
                    text,
                    ..
                } => Request::Break {
                    state,
                    stance,
                    text,
                },
                SilenceEvent::Extended { until, .. } => Request::Extend { until },
                SilenceEvent::Withdrawn { .. } => Request::Withdraw,
            };
            // Membership on the day as the Chair's clock reads it, as the store decides it.
            let day = date_in_zone(e.at(), &s.chair_time_zone);
            let is_member = |code: &cica_domain::StateCode| member_on(ds, code, day);
            match check(&replay, request, e.at(), is_member) {
                Ok(event) => replay.events.push(event),
                Err(err) => c.problem(
                    &at,
                    Some(&format!("event[{i}]")),
                    format!("could not have happened: {err}"),
                ),
            }
        }
        let adopted = matches!(
            decide(&s.procedure, s.procedure.deadline(), |code, at| {
                member_on(ds, code, date_in_zone(at, &s.chair_time_zone))
            }),
            Outcome::Adopted { .. }
        );
        if let Some(b) = &s.basis
            && let Some(basis) = ds.decisions.iter().find(|d| &d.id == b)
            && basis.date > date_in_zone(s.procedure.opened_at, &s.chair_time_zone)
        {
            c.problem(
                &at,
                Some("basis"),
                format!(
                    "decision `{b}` of {} comes after the procedure was opened; it cannot be what the procedure acts on",
                    basis.date
                ),
            );
        }
        match (&s.decision, adopted) {
            (Some(d), true) => {
                let taken_here = ds
                    .decisions
                    .iter()
                    .any(|x| &x.id == d && x.taken == Taken::BySilence(s.id.clone()));
                if !taken_here {
                    c.problem(
                        &at,
                        Some("decision"),
                        format!(
                            "decision `{d}` does not say it was taken by this silence procedure"
                        ),
                    );
                }
            }
            (None, true) => c.problem(
                &at,
                Some("decision"),
                "an adopted procedure names the decision it produced",
            ),
            (Some(_), false) => c.problem(
                &at,
                Some("decision"),
                "only an adopted procedure produces a decision",
            ),
            (None, false) => {}
        }
    }
}

pub(crate) fn member_on(
    ds: &Dataset,
    code: &cica_domain::StateCode,
    day: chrono::NaiveDate,
) -> bool {
    ds.states
        .iter()
        .find(|st| &st.code == code)
        .and_then(|st| status_on(&st.statuses, day))
        .is_some_and(|o| o.status == Participation::Member)
}

/// Replays every treaty's actions, in the order of their dates, through the rule the store
/// applies to a new action ([`check_action`]): no deposited signature, no consent from a state
/// that is not a Member State on the day or is already a party, no exit by a non-party.
pub(crate) fn check_treaties(c: &mut Checker, ds: &Dataset) {
    for t in &ds.treaties {
        let at = Origin {
            file: "(treaties)".into(),
            record: format!("treaty \"{}\"", t.slug),
        };
        let mut order: Vec<usize> = (0..t.actions.len()).collect();
        order.sort_by_key(|&i| {
            let a = &t.actions[i].action;
            (a.deposit.or(a.act), a.kind.is_exit(), i)
        });
        let mut accepted: Vec<TreatyAction> = Vec::new();
        for i in order {
            let a = &t.actions[i].action;
            let member = a.deposit.or(a.act).is_some_and(|day| {
                cica_domain::StateCode::parse(&a.party).is_ok_and(|code| member_on(ds, &code, day))
            });
            match check_action(&t.clause, &accepted, a, member) {
                Ok(()) => accepted.push(a.clone()),
                Err(e) => c.problem(&at, Some(&format!("action[{i}]")), e.to_string()),
            }
        }
    }
}

/// Gives every decision without a register number the next free one of its organ and year, in
/// date order.
pub(crate) fn number_decisions(ds: &mut Dataset) {
    use chrono::Datelike;
    let mut taken: BTreeMap<(Slug, i32), BTreeSet<u32>> = BTreeMap::new();
    for d in ds.decisions.iter().filter(|d| d.number > 0) {
        taken
            .entry((d.organ.clone(), d.date.year()))
            .or_default()
            .insert(d.number);
    }
    let mut order: Vec<usize> = (0..ds.decisions.len())
        .filter(|&i| ds.decisions[i].number == 0)
        .collect();
    order.sort_by(|&a, &b| {
        (ds.decisions[a].date, &ds.decisions[a].id)
            .cmp(&(ds.decisions[b].date, &ds.decisions[b].id))
    });
    for i in order {
        let key = (ds.decisions[i].organ.clone(), ds.decisions[i].date.year());
        let used = taken.entry(key).or_default();
        let n = (1..).find(|n| !used.contains(n)).unwrap_or(1);
        used.insert(n);
        ds.decisions[i].number = n;
    }
}
