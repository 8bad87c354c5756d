//! The Catalogue of CBMs: Member States' implementation reports and the rounds they are due
//! in. A delegate of a Member State files its own state's report; the Secretariat records one
//! a state sent it, and sets each year's due day.

use chrono::Datelike;
use cica_domain::access::{Act, Actor, may};
use cica_domain::cbm::{Report, ReportingRound};
use cica_domain::decision::Visibility;
use cica_domain::{StateCode, is_member_on};
use cica_store::{Expect, Version};

use crate::records::MAX_TEXT;
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
