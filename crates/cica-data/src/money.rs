//! Money in the dataset: contributions to the Secretariat's budget and to the CICA Fund.
//!
//! Amounts are written as decimal strings with the contribution's `currency` (`amount =
//! "12500.00"`), never as TOML numbers, so that nothing passes through a float.

use chrono::NaiveDate;
use cica_domain::fund::{
    BudgetStatus, BudgetType, IndicatorMeasure, Location, Measurement, OrgRole, OrgType,
    Participant, Party, Project, ProjectResult, ReviewStage, ReviewStep, Transaction,
    TransactionType,
};
use cica_domain::money::{
    AmountVisibility, Contribution, ContributionKind, Contributor, ContributorKind, Currency,
    InKindForm, Money, Movement, Recipient, Stage,
};
use cica_domain::{Dataset, Slug};

use crate::convert::{Checker, Origin, Register, opt_text, provenance};
use crate::raw::{
    DateText, RawContribution, RawFinancialReport, RawFundProject, RawMeasurement, RawParty,
};

/// The record kinds of this module, taken out of a raw file.
pub(crate) struct Raw {
    pub contribution: Vec<RawContribution>,
    pub fund_project: Vec<RawFundProject>,
    pub financial_report: Vec<RawFinancialReport>,
}

pub(crate) fn convert(c: &mut Checker, file: &str, raw: Raw, ds: &mut Dataset) {
    for r in raw.contribution {
        let at = Origin {
            file: file.to_owned(),
            record: format!("contribution \"{}\"", r.id),
        };
        if let Some(x) = contribution(c, &at, r) {
            c.define(&at, "id", Register::Contribution, x.id.as_str());
            ds.contributions.push(x);
        }
    }
    for r in raw.fund_project {
        let at = Origin {
            file: file.to_owned(),
            record: format!("fund_project \"{}\"", r.id),
        };
        if let Some(p) = project(c, &at, r) {
            c.define(&at, "id", Register::FundProject, p.id.as_str());
            ds.fund_projects.push(p);
        }
    }
    for r in raw.financial_report {
        let at = Origin {
            file: file.to_owned(),
            record: format!("financial_report \"{}\"", r.id),
        };
        let id = c.slug(&at, "id", &r.id);
        let kind = c.keyword(
            &at,
            "kind",
            &r.kind,
            cica_domain::money::ReportKind::parse,
            cica_domain::money::ReportKind::expected(),
        );
        let from = exact_day(c, &at, "from", &r.from);
        let to = exact_day(c, &at, "to", &r.to);
        let document = c.opt_slug_ref(&at, "document", Register::Document, r.document.as_ref());
        let decision = c.opt_slug_ref(&at, "decision", Register::Decision, r.decision.as_ref());
        if let (Some(id), Some(kind), Some(from), Some(to)) = (id, kind, from, to) {
            let report = cica_domain::money::FinancialReport {
                id,
                kind,
                from,
                to,
                auditor: opt_text(r.auditor.as_ref()),
                document,
                decision,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            };
            for (field, problem) in report.problems() {
                c.problem(&at, Some(&field), problem);
            }
            c.define(&at, "id", Register::FinancialReport, report.id.as_str());
            ds.financial_reports.push(report);
        }
    }
}

/// What a project's determinations rest on: each approval or decline names a decision of the
/// Project Review Committee that can support it.
pub(crate) fn check(c: &mut Checker, ds: &Dataset) {
    let Ok(committee) = Slug::parse(cica_domain::fund::COMMITTEE) else {
        return;
    };
    for p in &ds.fund_projects {
        let at = Origin {
            file: "the dataset".into(),
            record: format!("fund_project \"{}\"", p.id),
        };
        // A project's transactions are public once it is approved: one may draw only on a
        // contribution whose amounts are public.
        for (i, t) in p.transactions.iter().enumerate() {
            let private = t.contribution.as_ref().and_then(|id| {
                ds.contributions
                    .iter()
                    .find(|x| &x.id == id && x.visibility == AmountVisibility::Secretariat)
            });
            if let Some(x) = private {
                c.problem(
                    &at,
                    Some(&format!("transaction[{i}].contribution")),
                    format!("the amounts of contribution `{}` are not public, and a project's transactions are", x.id),
                );
            }
        }
        for (i, step) in p.review.iter().enumerate() {
            if !step.stage.is_determination() {
                continue;
            }
            let Some(id) = &step.decided_by else { continue };
            let decision = ds.decisions.iter().find(|d| &d.id == id);
            if decision.is_none() {
                // The reference check names it.
                continue;
            }
            if let Err(e) = cica_domain::fund::check_decision(step, decision, &committee) {
                c.problem(&at, Some(&format!("step[{i}].decision")), e);
            }
        }
    }
}

fn exact_day(c: &mut Checker, at: &Origin, field: &str, d: &DateText) -> Option<NaiveDate> {
    cica_domain::date::parse_day(&d.text())
        .map_err(|e| c.problem(at, Some(field), e.to_string()))
        .ok()
}

fn opt_day(
    c: &mut Checker,
    at: &Origin,
    field: &str,
    d: Option<&DateText>,
) -> Option<Option<NaiveDate>> {
    match d {
        None => Some(None),
        Some(d) => exact_day(c, at, field, d).map(Some),
    }
}

fn money(c: &mut Checker, at: &Origin, field: &str, amount: &str, code: &str) -> Option<Money> {
    let currency = Currency::parse(code)
        .map_err(|e| c.problem(at, Some(&format!("{field}.currency")), e.to_string()))
        .ok()?;
    Money::parse(amount, currency)
        .map_err(|e| c.problem(at, Some(&format!("{field}.amount")), e.to_string()))
        .ok()
}

fn party(c: &mut Checker, at: &Origin, field: &str, r: &RawParty) -> Option<Party> {
    let given = [
        r.state.is_some(),
        r.organization.is_some(),
        r.name.is_some(),
    ]
    .iter()
    .filter(|g| **g)
    .count();
    if given != 1 {
        c.problem(
            at,
            Some(field),
            "name the party by exactly one of state, organization or name",
        );
        return None;
    }
    if let Some(s) = &r.state {
        return c
            .state_ref(at, &format!("{field}.state"), s)
            .map(Party::State);
    }
    if let Some(o) = &r.organization {
        return c
            .slug_ref(
                at,
                &format!("{field}.organization"),
                Register::Organization,
                o,
            )
            .map(Party::Organization);
    }
    let name = c.text(at, &format!("{field}.name"), r.name.as_deref()?)?;
    let kind = match &r.org_type {
        Some(k) => c.keyword(
            at,
            &format!("{field}.org_type"),
            k,
            OrgType::parse,
            OrgType::expected(),
        )?,
        None => OrgType::Other,
    };
    Some(Party::Named { name, kind })
}

fn measurement(
    c: &mut Checker,
    at: &Origin,
    field: &str,
    m: Option<&RawMeasurement>,
) -> Option<Option<Measurement>> {
    let Some(m) = m else { return Some(None) };
    Some(Some(Measurement {
        year_or_day: exact_day(c, at, &format!("{field}.day"), &m.day)?,
        value: m.value.trim().to_owned(),
        comment: opt_text(m.comment.as_ref()),
    }))
}

fn project(c: &mut Checker, at: &Origin, r: RawFundProject) -> Option<Project> {
    let id = c.slug(at, "id", &r.id);
    let title = c.text(at, "title", &r.title);
    let proposed_by = c.state_ref(at, "proposed_by", &r.proposed_by);
    let news = c.slug_refs(at, "news", Register::News, &r.news);
    let mut complete = true;
    let mut participants = Vec::new();
    for (i, p) in r.participant.iter().enumerate() {
        let field = format!("participant[{i}]");
        let role = match &p.role {
            Some(role) => c.keyword(
                at,
                &format!("{field}.role"),
                role,
                OrgRole::parse,
                OrgRole::expected(),
            ),
            None => {
                c.problem(
                    at,
                    Some(&format!("{field}.role")),
                    format!("give the participant's role ({})", OrgRole::expected()),
                );
                None
            }
        };
        match (party(c, at, &field, p), role) {
            (Some(party), Some(role)) => participants.push(Participant { party, role }),
            _ => complete = false,
        }
    }
    let mut review = Vec::new();
    for (i, s) in r.step.iter().enumerate() {
        let field = format!("step[{i}]");
        let stage = c.keyword(
            at,
            &format!("{field}.stage"),
            &s.stage,
            ReviewStage::parse,
            ReviewStage::expected(),
        );
        let day = opt_day(c, at, &format!("{field}.day"), s.day.as_ref());
        let decided_by = c.opt_slug_ref(
            at,
            &format!("{field}.decision"),
            Register::Decision,
            s.decision.as_ref(),
        );
        match (stage, day) {
            (Some(stage), Some(day)) => review.push(ReviewStep {
                stage,
                day,
                decided_by,
                note: opt_text(s.note.as_ref()),
            }),
            _ => complete = false,
        }
    }
    let locations = r
        .location
        .iter()
        .map(|l| Location {
            name: l.name.trim().to_owned(),
            country: l.country.trim().to_owned(),
            note: opt_text(l.note.as_ref()),
        })
        .collect();
    let mut budgets = Vec::new();
    for (i, b) in r.budget.iter().enumerate() {
        let field = format!("budget[{i}]");
        let kind = c.keyword(
            at,
            &format!("{field}.kind"),
            &b.kind,
            BudgetType::parse,
            BudgetType::expected(),
        );
        let status = c.keyword(
            at,
            &format!("{field}.status"),
            &b.status,
            BudgetStatus::parse,
            BudgetStatus::expected(),
        );
        let start = exact_day(c, at, &format!("{field}.start"), &b.start);
        let end = exact_day(c, at, &format!("{field}.end"), &b.end);
        let value = money(c, at, &field, &b.amount, &b.currency);
        let value_date = exact_day(c, at, &format!("{field}.value_date"), &b.value_date);
        match (kind, status, start, end, value, value_date) {
            (Some(kind), Some(status), Some(start), Some(end), Some(value), Some(value_date)) => {
                budgets.push(cica_domain::fund::Budget {
                    kind,
                    status,
                    start,
                    end,
                    value,
                    value_date,
                });
            }
            _ => complete = false,
        }
    }
    let mut transactions = Vec::new();
    for (i, t) in r.transaction.iter().enumerate() {
        let field = format!("transaction[{i}]");
        let kind = c.keyword(
            at,
            &format!("{field}.kind"),
            &t.kind,
            TransactionType::parse,
            TransactionType::expected(),
        );
        let day = exact_day(c, at, &format!("{field}.day"), &t.day);
        let value = money(c, at, &field, &t.amount, &t.currency);
        let value_date = exact_day(c, at, &format!("{field}.value_date"), &t.value_date);
        let mut party_of = |p: &Option<RawParty>, name: &str| match p {
            None => Some(None),
            Some(p) => party(c, at, &format!("{field}.{name}"), p).map(Some),
        };
        let provider = party_of(&t.provider, "provider");
        let receiver = party_of(&t.receiver, "receiver");
        let contribution = c.opt_slug_ref(
            at,
            &format!("{field}.contribution"),
            Register::Contribution,
            t.contribution.as_ref(),
        );
        match (kind, day, value, value_date, provider, receiver) {
            (
                Some(kind),
                Some(day),
                Some(value),
                Some(value_date),
                Some(provider),
                Some(receiver),
            ) => {
                transactions.push(Transaction {
                    kind,
                    day,
                    value,
                    value_date,
                    provider,
                    receiver,
                    description: opt_text(t.description.as_ref()),
                    contribution,
                });
            }
            _ => complete = false,
        }
    }
    let mut results = Vec::new();
    for (i, res) in r.result.iter().enumerate() {
        let mut indicators = Vec::new();
        for (j, ind) in res.indicator.iter().enumerate() {
            let field = format!("result[{i}].indicator[{j}]");
            let measure = c.keyword(
                at,
                &format!("{field}.measure"),
                &ind.measure,
                IndicatorMeasure::parse,
                IndicatorMeasure::expected(),
            );
            let baseline = measurement(c, at, &format!("{field}.baseline"), ind.baseline.as_ref());
            let target = measurement(c, at, &format!("{field}.target"), ind.target.as_ref());
            let actual = measurement(c, at, &format!("{field}.actual"), ind.actual.as_ref());
            match (measure, baseline, target, actual) {
                (Some(measure), Some(baseline), Some(target), Some(actual)) => {
                    indicators.push(cica_domain::fund::Indicator {
                        title: ind.title.trim().to_owned(),
                        measure,
                        unit: opt_text(ind.unit.as_ref()),
                        baseline,
                        target,
                        actual,
                    })
                }
                _ => complete = false,
            }
        }
        results.push(ProjectResult {
            title: res.title.trim().to_owned(),
            description: opt_text(res.description.as_ref()),
            indicators,
        });
    }
    let planned_start = opt_day(c, at, "planned_start", r.planned_start.as_ref());
    let actual_start = opt_day(c, at, "actual_start", r.actual_start.as_ref());
    let planned_end = opt_day(c, at, "planned_end", r.planned_end.as_ref());
    let actual_end = opt_day(c, at, "actual_end", r.actual_end.as_ref());
    let p = Project {
        id: id?,
        title: title?,
        description: r.description.trim().to_owned(),
        proposed_by: proposed_by?,
        participants,
        review,
        planned_start: planned_start?,
        actual_start: actual_start?,
        planned_end: planned_end?,
        actual_end: actual_end?,
        locations,
        recipient_countries: r
            .recipient_countries
            .iter()
            .map(|c| c.trim().to_owned())
            .collect(),
        budgets,
        transactions,
        results,
        news,
        provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
    };
    if complete {
        for (field, problem) in p.problems() {
            let field = field
                .replace("participants[", "participant[")
                .replace("review[", "step[")
                .replace("budgets[", "budget[")
                .replace("transactions[", "transaction[")
                .replace("results[", "result[")
                .replace("indicators[", "indicator[")
                .replace("locations[", "location[");
            c.problem(at, Some(&field), problem);
        }
    }
    Some(p)
}

fn contributor(c: &mut Checker, at: &Origin, r: &RawContribution) -> Option<Contributor> {
    let given = [
        r.contributor_state.is_some(),
        r.contributor_organization.is_some(),
        r.contributor_person.is_some(),
        r.contributor_name.is_some(),
    ]
    .iter()
    .filter(|g| **g)
    .count();
    if given != 1 {
        c.problem(
            at,
            Some("contributor_state"),
            "name the contributor by exactly one of contributor_state, contributor_organization, contributor_person or contributor_name",
        );
        return None;
    }
    if r.contributor_kind.is_some() && r.contributor_name.is_none() {
        c.problem(
            at,
            Some("contributor_kind"),
            "a kind goes with contributor_name only; registered contributors have theirs",
        );
    }
    if let Some(s) = &r.contributor_state {
        return c
            .state_ref(at, "contributor_state", s)
            .map(Contributor::State);
    }
    if let Some(o) = &r.contributor_organization {
        return c
            .slug_ref(at, "contributor_organization", Register::Organization, o)
            .map(Contributor::Organization);
    }
    if let Some(p) = &r.contributor_person {
        return c
            .slug_ref(at, "contributor_person", Register::Person, p)
            .map(Contributor::Person);
    }
    let name = c.text(at, "contributor_name", r.contributor_name.as_deref()?)?;
    let kind = match &r.contributor_kind {
        Some(k) => c.keyword(
            at,
            "contributor_kind",
            k,
            ContributorKind::parse,
            ContributorKind::expected(),
        )?,
        None => ContributorKind::Other,
    };
    Some(Contributor::Named { name, kind })
}

fn contribution(c: &mut Checker, at: &Origin, r: RawContribution) -> Option<Contribution> {
    let id = c.slug(at, "id", &r.id);
    let contributor = contributor(c, at, &r);
    let recipient = c.keyword(
        at,
        "recipient",
        &r.recipient,
        Recipient::parse,
        Recipient::expected(),
    );
    let kind = c.keyword(
        at,
        "kind",
        &r.kind,
        ContributionKind::parse,
        ContributionKind::expected(),
    );
    let in_kind = match &r.in_kind {
        Some(k) => Some(c.keyword(at, "in_kind", k, InKindForm::parse, InKindForm::expected())?),
        None => None,
    };
    let visibility = c.keyword(
        at,
        "visibility",
        &r.visibility,
        AmountVisibility::parse,
        AmountVisibility::expected(),
    );
    let project = c.opt_slug_ref(at, "project", Register::FundProject, r.project.as_ref());
    let title = c.text(at, "title", &r.title);
    let news = c.slug_refs(at, "news", Register::News, &r.news);
    let currency = match &r.currency {
        Some(code) => match Currency::parse(code) {
            Ok(cur) => Some(cur),
            Err(e) => {
                c.problem(at, Some("currency"), e.to_string());
                return None;
            }
        },
        None => None,
    };
    let mut movements = Vec::new();
    let mut complete = true;
    for (i, m) in r.movement.iter().enumerate() {
        let prefix = format!("movement[{i}].");
        let stage = c.keyword(
            at,
            &format!("{prefix}stage"),
            &m.stage,
            Stage::parse,
            Stage::expected(),
        );
        let day = c.partial(at, &format!("{prefix}day"), &m.day);
        let amount = match (&m.amount, currency) {
            (None, _) => Some(None),
            (Some(_), None) => {
                c.problem(
                    at,
                    Some("currency"),
                    "give the currency the movements' amounts are in",
                );
                None
            }
            (Some(text), Some(cur)) => match Money::parse(text, cur) {
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    c.problem(at, Some(&format!("{prefix}amount")), e.to_string());
                    None
                }
            },
        };
        match (stage, day, amount) {
            (Some(stage), Some(day), Some(amount)) => movements.push(Movement {
                stage,
                day,
                amount,
                document: opt_text(m.document.as_ref()),
                note: opt_text(m.note.as_ref()),
            }),
            _ => complete = false,
        }
    }
    let x = Contribution {
        id: id?,
        contributor: contributor?,
        recipient: recipient?,
        kind: kind?,
        in_kind,
        project,
        title: title?,
        description: r.description.trim().to_owned(),
        visibility: visibility?,
        movements,
        excess_note: opt_text(r.excess_note.as_ref()),
        news,
        provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
    };
    if complete {
        for (field, problem) in x.problems() {
            let field = field.replace("movements[", "movement[");
            c.problem(at, Some(&field), problem);
        }
    }
    Some(x)
}
