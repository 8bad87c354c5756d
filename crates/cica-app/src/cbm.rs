//! The Catalogue of CBMs: its priority areas with their coordinators and plans, the
//! activities that implemented them, Member States' implementation reports and the rounds
//! they are due in. The Secretariat keeps the Catalogue and its activities; a delegate of a
//! Member State files its own state's report, and the Secretariat records one a state sent
//! it and sets each year's due day.

use chrono::Datelike;
use cica_domain::access::{Act, Actor, may};
use cica_domain::cbm::{Activity, PriorityArea, Report, ReportingRound};
use cica_domain::decision::Visibility;
use cica_domain::{StateCode, is_member_on};
use cica_store::{Expect, Version};

use crate::records::{MAX_LINE, MAX_TEXT};
use crate::{App, AppError, Result, check_text};

/// A report as a client sends it: the state and year name it, the day it is filed is today.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub state: StateCode,
    pub year: i32,
    pub visibility: Visibility,
    pub areas: Vec<cica_domain::Slug>,
    pub text: String,
}

/// How many areas a report may name: there are fewer than fifty in the Catalogue.
const MAX_AREAS: usize = 100;

/// How many terms, plans, measures, states, links or sources one area or activity may list.
pub const MAX_ITEMS: usize = 200;

/// Every problem of a priority area as an editor would be told of it, field by field: its
/// own rules and the checks of its texts.
pub fn area_problems(a: &PriorityArea) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (field, n) in [
        ("coordinators", a.terms.len()),
        ("plans", a.plans.len()),
        ("measures", a.measures.len()),
        ("sources", a.provenance.sources.len()),
    ] {
        if n > MAX_ITEMS {
            out.push((field.into(), format!("at most {MAX_ITEMS}")));
        }
    }
    // The rules compare every pair of terms and of plans: not on lists beyond the bound.
    if !out.is_empty() {
        return out;
    }
    out.extend(a.problems());
    let mut texts: Vec<(String, &str, usize)> = vec![("name".into(), a.name.as_str(), MAX_LINE)];
    for (field, text, max) in [
        ("short_name", &a.short_name, MAX_LINE),
        ("description", &a.description, MAX_TEXT),
        ("note", &a.provenance.note, MAX_TEXT),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), max));
        }
    }
    for (i, m) in a.measures.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("measures[{i}]"), m.as_str(), MAX_LINE));
    }
    let parts = a
        .terms
        .iter()
        .map(|t| ("coordinators", &t.provenance))
        .chain(a.plans.iter().map(|p| ("plans", &p.provenance)));
    let mut seen = std::collections::HashMap::new();
    for (list, p) in parts {
        let i = seen.entry(list).or_insert(0usize);
        if let Some(n) = &p.note {
            texts.push((format!("{list}[{i}].note"), n.as_str(), MAX_TEXT));
        }
        for (k, src) in p.sources.iter().enumerate().take(MAX_ITEMS) {
            texts.push((format!("{list}[{i}].sources[{k}]"), src.as_str(), MAX_LINE));
        }
        *i += 1;
    }
    for (i, s) in a.provenance.sources.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of an activity as an editor would be told of it, field by field.
pub fn activity_problems(a: &Activity) -> Vec<(String, String)> {
    let mut out = a.problems();
    for (field, n) in [
        ("organisers", a.organisers.len()),
        ("participants", a.participants.len()),
        ("organizations", a.organisations.len()),
        ("meetings", a.meetings.len()),
        ("news", a.news.len()),
        ("sources", a.provenance.sources.len()),
    ] {
        if n > MAX_ITEMS {
            out.push((field.into(), format!("at most {MAX_ITEMS}")));
        }
    }
    let mut texts: Vec<(String, &str, usize)> = vec![("title".into(), a.title.as_str(), MAX_LINE)];
    for (field, text, max) in [
        ("place", &a.place, MAX_LINE),
        ("summary", &a.summary, MAX_TEXT),
        ("note", &a.provenance.note, MAX_TEXT),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), max));
        }
    }
    for (i, s) in a.provenance.sources.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

impl App {
    /// Files or corrects a state's report on `year` (its delegates, or the Secretariat): checked
    /// by the report's own rules on today's date, refused as a save over another version.
    pub async fn file_cbm_report(
        &self,
        actor: &Actor,
        input: ReportInput,
        expect: Expect,
    ) -> Result<(Report, Version)> {
        may(actor, Act::FileCbmReport(&input.state))?;
        let text = input.text.trim().to_owned();
        if text.is_empty() {
            return Err(AppError::invalid(
                "text",
                "say what the state did to implement the measures",
            ));
        }
        check_text("text", &text, MAX_TEXT)?;
        if input.areas.len() > MAX_AREAS {
            return Err(AppError::invalid(
                "areas",
                format!("at most {MAX_AREAS} areas"),
            ));
        }
        let filed = self.today();
        let statuses = self
            .store()
            .state(&input.state)
            .await?
            .map(|s| s.statuses)
            .unwrap_or_default();
        let member = is_member_on(&statuses, filed);
        let member_then = is_member_on(&statuses, Report::reported_on(input.year, filed));
        // A correction keeps the day the report was first received; the store keeps it too,
        // whatever a racing save read.
        let received = self
            .store()
            .cbm_report(&input.state, input.year)
            .await?
            .map_or(filed, |(r, _)| r.received);
        let report = Report {
            state: input.state,
            year: input.year,
            visibility: input.visibility,
            received,
            filed,
            areas: input.areas,
            text,
        };
        let problems = report.problems(member, member_then);
        if !problems.is_empty() {
            return Err(AppError::Fields(
                problems
                    .iter()
                    .map(|p| {
                        let text = p.to_string();
                        match text.split_once(": ") {
                            Some((field, problem)) => (field.to_owned(), problem.to_owned()),
                            None => ("report".to_owned(), text),
                        }
                    })
                    .collect(),
            ));
        }
        let version = self
            .store()
            .save_cbm_report(&report, expect, &self.by(actor, None))
            .await?;
        Ok((report, version))
    }

    /// Whether `state` is a Member State on `day`, by the register (a state not in it is
    /// left to the store, which names the field).
    async fn member_on(&self, state: &StateCode, day: chrono::NaiveDate) -> Result<bool> {
        Ok(match self.store().state(state).await? {
            Some(s) => is_member_on(&s.statuses, day),
            None => true,
        })
    }

    /// Records a priority area (`expect` is `Absent`) or corrects one, with its coordinators'
    /// terms and its action plans (the Secretariat): terms never overlap for one role, a
    /// state holds one role at a time, and a coordinator is a Member State when its term
    /// begins.
    pub async fn save_cbm_area(
        &self,
        actor: &Actor,
        area: &PriorityArea,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("slug", &area.slug)?;
        let mut problems = area_problems(area);
        for (i, t) in area.terms.iter().enumerate().take(MAX_ITEMS) {
            let day = t.from.first_day();
            if !self.member_on(&t.state, day).await? {
                problems.push((
                    format!("coordinators[{i}].state"),
                    format!(
                        "{} is not a Member State on {day}, when the term begins",
                        t.state
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_cbm_area(area, expect, &self.by(actor, None))
            .await?)
    }

    /// Records an implementation activity (`expect` is `Absent`) or corrects one (the
    /// Secretariat): its organisers and the states named as taking part are Member States on
    /// its first day (observers and partners take part as organizations, or are not counted).
    pub async fn save_cbm_activity(
        &self,
        actor: &Actor,
        activity: &Activity,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("slug", &activity.slug)?;
        let mut problems = activity_problems(activity);
        let day = activity.when.start();
        for (field, list) in [
            ("organisers", &activity.organisers),
            ("participants", &activity.participants),
        ] {
            for s in list.iter().take(MAX_ITEMS) {
                if !self.member_on(s, day).await? {
                    problems.push((
                        field.to_owned(),
                        format!("{s} is not a Member State on {day}"),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_cbm_activity(activity, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes an activity recorded in error (the Secretariat); the trail keeps what it held.
    pub async fn delete_cbm_activity(
        &self,
        actor: &Actor,
        slug: &cica_domain::Slug,
        expect: Expect,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_cbm_activity(slug, expect, &self.by(actor, None))
            .await?)
    }

    /// Sets the day a year's reports are due (the Secretariat), refused as a save over
    /// another version.
    pub async fn set_cbm_round(
        &self,
        actor: &Actor,
        round: ReportingRound,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        if !(2004..=9999).contains(&round.year) {
            return Err(AppError::invalid(
                "year",
                "a year from the Catalogue's adoption in 2004",
            ));
        }
        if round.due.year() < round.year {
            return Err(AppError::invalid(
                "due",
                format!(
                    "a year's reports fall due after it begins, not before {}",
                    round.year
                ),
            ));
        }
        Ok(self
            .store()
            .save_cbm_round(&round, expect, &self.by(actor, None))
            .await?)
    }
}
