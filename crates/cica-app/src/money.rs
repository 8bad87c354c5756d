//! Money: the Secretariat records contributions to its budget and to the CICA Fund, and
//! corrects or deletes them. Who may see an amount is the domain's rule
//! ([`cica_domain::money::sees_all_amounts`]).

use cica_domain::Slug;
use cica_domain::access::{Act, Actor, may};
use cica_domain::fund::{COMMITTEE, Party, Project, ReviewStage, ReviewStep, check_decision};
use cica_domain::money::AmountVisibility;
use cica_domain::money::{Contribution, FinancialReport};
use cica_store::{Expect, Version};

use crate::records::{MAX_LINE, MAX_TEXT};
use crate::{App, AppError, Result};

/// How many movements and news items one contribution may list.
const MAX_ITEMS: usize = 200;

/// Every problem of a contribution as an editor would be told of it, field by field: its own
/// rules and the checks of its texts.
pub fn contribution_problems(c: &Contribution) -> Vec<(String, String)> {
    let mut out = c.problems();
    for (field, n) in [
        ("movements", c.movements.len()),
        ("news", c.news.len()),
        ("sources", c.provenance.sources.len()),
    ] {
        if n > MAX_ITEMS {
            out.push((field.into(), format!("at most {MAX_ITEMS}")));
        }
    }
    let mut texts: Vec<(String, &str, usize)> = vec![
        ("title".into(), c.title.as_str(), MAX_LINE),
        ("description".into(), c.description.as_str(), MAX_TEXT),
    ];
    if let cica_domain::money::Contributor::Named { name, .. } = &c.contributor {
        texts.push(("contributor.name".into(), name.as_str(), MAX_LINE));
    }
    for (field, text) in [
        ("excess_note", &c.excess_note),
        ("note", &c.provenance.note),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), MAX_TEXT));
        }
    }
    for (i, m) in c.movements.iter().enumerate().take(MAX_ITEMS) {
        for (field, text) in [("document", &m.document), ("note", &m.note)] {
            if let Some(t) = text {
                texts.push((format!("movements[{i}].{field}"), t.as_str(), MAX_LINE));
            }
        }
    }
    for (i, s) in c.provenance.sources.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

impl App {
    /// Records a contribution (`expect` is `Absent`) or corrects one (the Secretariat):
    /// checked by the ledger's rules, refused as a save over another version.
    pub async fn save_contribution(
        &self,
        actor: &Actor,
        c: &Contribution,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("id", &c.id)?;
        let mut problems = contribution_problems(c);
        let today = self.today();
        // A project's transactions are public once it is approved: a contribution one draws on
        // keeps its amounts public.
        if c.visibility == AmountVisibility::Secretariat {
            for (p, _) in self.store().fund_projects().await? {
                if p.transactions
                    .iter()
                    .any(|t| t.contribution.as_ref() == Some(&c.id))
                {
                    problems.push((
                        "visibility".into(),
                        format!(
                            "a transaction of Fund project `{}` draws on this contribution, and a project's transactions are public: its amounts stay public",
                            p.id
                        ),
                    ));
                }
            }
        }
        for (i, m) in c.movements.iter().enumerate() {
            if m.day.first_day() > today {
                problems.push((
                    format!("movements[{i}].day"),
                    format!(
                        "{} is to come: a movement is recorded once it happened",
                        m.day.iso()
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_contribution(c, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes a contribution recorded in error (the Secretariat); the trail keeps what it
    /// held.
    pub async fn delete_contribution(
        &self,
        actor: &Actor,
        id: &Slug,
        expect: Expect,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_contribution(id, expect, &self.by(actor, None))
            .await?)
    }
}

/// Every problem of a financial report as an editor would be told of it, field by field.
pub fn financial_report_problems(r: &FinancialReport) -> Vec<(String, String)> {
    let mut out = r.problems();
    if r.provenance.sources.len() > MAX_ITEMS {
        out.push(("sources".into(), format!("at most {MAX_ITEMS}")));
    }
    let mut texts: Vec<(String, &str, usize)> = Vec::new();
    if let Some(a) = &r.auditor {
        texts.push(("auditor".into(), a.as_str(), MAX_LINE));
    }
    if let Some(n) = &r.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_TEXT));
    }
    for (i, s) in r.provenance.sources.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

impl App {
    /// Records a financial report or an external audit (`expect` is `Absent`) or corrects
    /// one (the Secretariat).
    pub async fn save_financial_report(
        &self,
        actor: &Actor,
        r: &FinancialReport,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("id", &r.id)?;
        let problems = financial_report_problems(r);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_financial_report(r, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes a financial report recorded in error (the Secretariat).
    pub async fn delete_financial_report(
        &self,
        actor: &Actor,
        id: &Slug,
        expect: Expect,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_financial_report(id, expect, &self.by(actor, None))
            .await?)
    }
}

/// Every problem of a project as an editor would be told of it, field by field: its own rules
/// and the checks of its texts.
pub fn project_problems(p: &Project) -> Vec<(String, String)> {
    let mut out = p.problems();
    for (field, n) in [
        ("participants", p.participants.len()),
        ("review", p.review.len()),
        ("locations", p.locations.len()),
        ("recipient_countries", p.recipient_countries.len()),
        ("budgets", p.budgets.len()),
        ("transactions", p.transactions.len()),
        ("results", p.results.len()),
        ("news", p.news.len()),
        ("sources", p.provenance.sources.len()),
    ] {
        if n > MAX_ITEMS {
            out.push((field.into(), format!("at most {MAX_ITEMS}")));
        }
    }
    let mut texts: Vec<(String, &str, usize)> = vec![
        ("title".into(), p.title.as_str(), MAX_LINE),
        ("description".into(), p.description.as_str(), MAX_TEXT),
    ];
    if let Some(n) = &p.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_TEXT));
    }
    for (i, s) in p.review.iter().enumerate().take(MAX_ITEMS) {
        if let Some(n) = &s.note {
            texts.push((format!("review[{i}].note"), n.as_str(), MAX_TEXT));
        }
    }
    for (i, l) in p.locations.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("locations[{i}].name"), l.name.as_str(), MAX_LINE));
        if let Some(n) = &l.note {
            texts.push((format!("locations[{i}].note"), n.as_str(), MAX_TEXT));
        }
    }
    for (i, x) in p.participants.iter().enumerate().take(MAX_ITEMS) {
        if let Some(n) = named(&x.party) {
            texts.push((format!("participants[{i}].party.name"), n, MAX_LINE));
        }
    }
    for (i, t) in p.transactions.iter().enumerate().take(MAX_ITEMS) {
        if let Some(d) = &t.description {
            texts.push((
                format!("transactions[{i}].description"),
                d.as_str(),
                MAX_TEXT,
            ));
        }
        for (side, party) in [("provider", &t.provider), ("receiver", &t.receiver)] {
            if let Some(n) = party.as_ref().and_then(named) {
                texts.push((format!("transactions[{i}].{side}.name"), n, MAX_LINE));
            }
        }
    }
    for (i, r) in p.results.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("results[{i}].title"), r.title.as_str(), MAX_LINE));
        if let Some(d) = &r.description {
            texts.push((format!("results[{i}].description"), d.as_str(), MAX_TEXT));
        }
        if r.indicators.len() > MAX_ITEMS {
            out.push((
                format!("results[{i}].indicators"),
                format!("at most {MAX_ITEMS}"),
            ));
        }
        for (j, ind) in r.indicators.iter().enumerate().take(MAX_ITEMS) {
            let at = |f: &str| format!("results[{i}].indicators[{j}].{f}");
            texts.push((at("title"), ind.title.as_str(), MAX_LINE));
            if let Some(u) = &ind.unit {
                texts.push((at("unit"), u.as_str(), MAX_LINE));
            }
            for (name, m) in [
                ("baseline", &ind.baseline),
                ("target", &ind.target),
                ("actual", &ind.actual),
            ] {
                if let Some(m) = m {
                    texts.push((at(&format!("{name}.value")), m.value.as_str(), MAX_LINE));
                    if let Some(c) = &m.comment {
                        texts.push((at(&format!("{name}.comment")), c.as_str(), MAX_TEXT));
                    }
                }
            }
        }
    }
    for (i, s) in p.provenance.sources.iter().enumerate().take(MAX_ITEMS) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// The name of a party the registers do not hold.
fn named(party: &Party) -> Option<&str> {
    match party {
        Party::Named { name, .. } => Some(name.as_str()),
        _ => None,
    }
}

/// A step of a project's review as a client asks for it; the day is today.
#[derive(Debug, Clone)]
pub struct StepInput {
    pub stage: ReviewStage,
    pub decided_by: Option<Slug>,
    pub note: Option<String>,
}

impl App {
    /// Records a Fund project (`expect` is `Absent`) or corrects one (the Secretariat): its
    /// rules checked, each approval or decline resting on a consensus decision of the Project
    /// Review Committee, and the review kept as a record: steps already recorded are not
    /// changed or removed, only followed by new ones.
    pub async fn save_fund_project(
        &self,
        actor: &Actor,
        p: &Project,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("id", &p.id)?;
        let mut problems = project_problems(p);
        let today = self.today();
        let recorded = match self.store().fund_project(&p.id).await? {
            Some((stored, _)) => {
                for (i, old) in stored.review.iter().enumerate() {
                    if p.review.get(i) != Some(old) {
                        problems.push((
                            format!("review[{i}]"),
                            format!(
                                "the {} step is recorded and stays as it was: a review is added to, never rewritten",
                                old.stage
                            ),
                        ));
                        break;
                    }
                }
                stored.review.len()
            }
            None => 0,
        };
        // A step the platform records now is dated, and not in the future; those recorded
        // from undated sources stay as they were.
        for (i, step) in p.review.iter().enumerate().skip(recorded) {
            match step.day {
                None if recorded > 0 || step.stage.is_determination() => problems.push((
                    format!("review[{i}].day"),
                    "date the step: the platform records each step with its day".into(),
                )),
                Some(day) if day > today => problems.push((
                    format!("review[{i}].day"),
                    format!("{day} is to come: a step is recorded once it is taken"),
                )),
                _ => {}
            }
        }
        for (i, t) in p.transactions.iter().enumerate() {
            if t.day > today {
                problems.push((
                    format!("transactions[{i}].day"),
                    format!(
                        "{} is to come: a transaction is recorded once it happened",
                        t.day
                    ),
                ));
            }
            // A project's transactions are public once it is approved: one that draws on a
            // contribution whose amounts are not public would tell them.
            if let Some(id) = &t.contribution
                && let Some((c, _)) = self.store().contribution(id).await?
                && c.visibility == AmountVisibility::Secretariat
            {
                problems.push((
                    format!("transactions[{i}].contribution"),
                    format!(
                        "the amounts of contribution `{id}` are not public, and a project's transactions are: leave the contribution out, or make its amounts public first"
                    ),
                ));
            }
        }
        let others = self.store().fund_projects().await?;
        let committee =
            Slug::parse(COMMITTEE).map_err(|e| AppError::invalid("review", e.to_string()))?;
        // Steps already recorded were checked when they were; a decision corrected since does
        // not lock the project.
        for (i, step) in p.review.iter().enumerate().skip(recorded) {
            if !step.stage.is_determination() {
                continue;
            }
            let Some(id) = &step.decided_by else { continue };
            let decision = self.store().decision(id).await?;
            if let Err(e) = check_decision(step, decision.as_ref(), &committee) {
                problems.push((format!("review[{i}].decided_by"), e));
                continue;
            }
            // The decision is this project's: no other project rests on it, and it was taken
            // after what came before it in the review.
            if let Some((other, _)) = others.iter().find(|(o, _)| {
                o.id != p.id && o.review.iter().any(|s| s.decided_by.as_ref() == Some(id))
            }) {
                problems.push((
                    format!("review[{i}].decided_by"),
                    format!("decision `{id}` determined Fund project `{}`: each decision determines one project", other.id),
                ));
            }
            let before = p.review[..i].iter().filter_map(|s| s.day).max();
            if let (Some(d), Some(before)) = (&decision, before)
                && d.date < before
            {
                problems.push((
                    format!("review[{i}].decided_by"),
                    format!(
                        "decision `{id}` is dated {}, before the step before it ({before}): it cannot be the one that determined this review",
                        d.date
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_fund_project(p, expect, &self.by(actor, None))
            .await?)
    }

    /// Moves a project on in its review (the Secretariat): the step is dated today and checked
    /// as every save is.
    pub async fn advance_fund_project(
        &self,
        actor: &Actor,
        id: &Slug,
        step: StepInput,
        expect: Expect,
    ) -> Result<(Project, Version)> {
        may(actor, Act::KeepRecord)?;
        let Some((mut p, _)) = self.store().fund_project(id).await? else {
            return Err(AppError::NotFound(format!(
                "no Fund project has the id `{id}`"
            )));
        };
        p.review.push(ReviewStep {
            stage: step.stage,
            day: Some(self.today()),
            decided_by: step.decided_by,
            note: step
                .note
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty()),
        });
        let version = self.save_fund_project(actor, &p, expect).await?;
        Ok((p, version))
    }
}
