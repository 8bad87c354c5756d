//! The Catalogue of CBMs in the dataset: priority areas with their coordinators and action
//! plans, and the activities that implemented them.

use cica_domain::cbm::{
    ActionPlan, Activity, ActivityKind, CbmRole, CoordinatorTerm, Dimension, PriorityArea,
};
use cica_domain::{Dataset, StateCode};

use crate::convert::{Checker, Origin, Register, opt_text, provenance};
use crate::raw::{RawCbmActivity, RawCbmArea};

/// The record kinds of this module, taken out of a raw file.
pub(crate) struct Raw {
    pub area: Vec<RawCbmArea>,
    pub activity: Vec<RawCbmActivity>,
}

pub(crate) fn convert(c: &mut Checker, file: &str, raw: Raw, ds: &mut Dataset) {
    for r in raw.area {
        let at = Origin {
            file: file.to_owned(),
            record: format!("cbm_area \"{}\"", r.slug),
        };
        if let Some(a) = area(c, &at, r) {
            c.define(&at, "slug", Register::CbmArea, a.slug.as_str());
            ds.cbm_areas.push(a);
        }
    }
    for r in raw.activity {
        let at = Origin {
            file: file.to_owned(),
            record: format!("cbm_activity \"{}\"", r.slug),
        };
        if let Some(a) = activity(c, &at, r) {
            c.define(&at, "slug", Register::CbmActivity, a.slug.as_str());
            ds.cbm_activities.push(a);
        }
    }
}

fn area(c: &mut Checker, at: &Origin, r: RawCbmArea) -> Option<PriorityArea> {
    let slug = c.slug(at, "slug", &r.slug);
    let dimension = c.keyword(
        at,
        "dimension",
        &r.dimension,
        Dimension::parse,
        Dimension::expected(),
    );
    let name = c.text(at, "name", &r.name);
    let mut terms = Vec::new();
    // The terms' rules are checked once every term reads.
    let mut complete = true;
    for (i, t) in r.term.iter().enumerate() {
        let prefix = format!("term[{i}].");
        let state = c.state_ref(at, &format!("{prefix}state"), &t.state);
        let role = c.keyword(
            at,
            &format!("{prefix}role"),
            &t.role,
            CbmRole::parse,
            CbmRole::expected(),
        );
        let bounds = c.bounds(at, &prefix, Some(&t.from), t.until.as_ref());
        let decided_by = c.opt_slug_ref(
            at,
            &format!("{prefix}decision"),
            Register::Decision,
            t.decision.as_ref(),
        );
        match (state, role, bounds) {
            (Some(state), Some(role), Some((Some(from), until))) => terms.push(CoordinatorTerm {
                state,
                role,
                from,
                until,
                decided_by,
                provenance: provenance(t.unconfirmed, t.note.as_ref(), &t.sources),
            }),
            _ => complete = false,
        }
    }
    let mut plans = Vec::new();
    for (i, p) in r.plan.iter().enumerate() {
        let prefix = format!("plan[{i}].");
        let last_year = p.last_year.unwrap_or(p.first_year);
        if last_year < p.first_year {
            c.problem(
                at,
                Some(&format!("{prefix}last_year")),
                format!(
                    "the plan ends ({last_year}) before it starts ({})",
                    p.first_year
                ),
            );
            continue;
        }
        let Some(adopted) = c.opt_partial(at, &format!("{prefix}adopted"), p.adopted.as_ref())
        else {
            continue;
        };
        let decided_by = c.opt_slug_ref(
            at,
            &format!("{prefix}decision"),
            Register::Decision,
            p.decision.as_ref(),
        );
        plans.push(ActionPlan {
            first_year: p.first_year,
            last_year,
            adopted,
            decided_by,
            provenance: provenance(p.unconfirmed, p.note.as_ref(), &p.sources),
        });
    }
    plans.sort_by_key(|p| (p.first_year, p.last_year));
    let measures: Vec<String> = r
        .measures
        .iter()
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .collect();
    let area = PriorityArea {
        slug: slug?,
        dimension: dimension?,
        name: name?,
        short_name: opt_text(r.short_name.as_ref()),
        description: opt_text(r.description.as_ref()),
        measures,
        terms,
        plans,
        provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
    };
    for (field, problem) in area.problems() {
        if !field.starts_with("coordinators") {
            c.problem(at, Some(&field.replace("plans", "plan")), problem);
        }
    }
    // The terms' rules are checked once every term reads.
    if complete {
        for p in area.term_problems() {
            let text = p.to_string();
            let (field, problem) = text.split_once(": ").unwrap_or(("term", text.as_str()));
            c.problem(at, Some(field), problem);
        }
    }
    Some(area)
}

fn activity(c: &mut Checker, at: &Origin, r: RawCbmActivity) -> Option<Activity> {
    let slug = c.slug(at, "slug", &r.slug);
    let area = c.slug_ref(at, "area", Register::CbmArea, &r.area);
    let kind = c.keyword(
        at,
        "kind",
        &r.kind,
        ActivityKind::parse,
        ActivityKind::expected(),
    );
    let title = c.text(at, "title", &r.title);
    let when = c.span(at, "date", &r.date);
    let organisers = c.state_refs(at, "organisers", &r.organisers);
    let participants = c.state_refs(at, "participants", &r.participants);
    let organisations = c.slug_refs(
        at,
        "organizations",
        Register::Organization,
        &r.organizations,
    );
    let meetings = c.slug_refs(at, "meetings", Register::Meeting, &r.meetings);
    let news = c.slug_refs(at, "news", Register::News, &r.news);
    let activity = Activity {
        slug: slug?,
        area: area?,
        kind: kind?,
        title: title?,
        when: when?,
        place: opt_text(r.place.as_ref()),
        online: r.online,
        organisers,
        organisations,
        participants,
        states_reported: r.states_reported,
        summary: opt_text(r.summary.as_ref()),
        meetings,
        news,
        provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
    };
    for (field, problem) in activity.problems() {
        c.problem(at, Some(&field), problem);
    }
    Some(activity)
}

/// Coordinators are Member States when their term begins; an activity's organisers and
/// participants are Member States on its first day (observers and partners take part as
/// organizations or are not counted).
pub(crate) fn check(c: &mut Checker, ds: &Dataset) {
    let member = |code: &StateCode, day| crate::decisions::member_on(ds, code, day);
    let mut found: Vec<(Register, String, String, String)> = Vec::new();
    for a in &ds.cbm_areas {
        for (i, t) in a.terms.iter().enumerate() {
            let day = t.from.first_day();
            if ds.states.iter().any(|s| s.code == t.state) && !member(&t.state, day) {
                found.push((
                    Register::CbmArea,
                    a.slug.to_string(),
                    format!("term[{i}].state"),
                    format!(
                        "{} is not a Member State on {day}, when the term begins",
                        t.state
                    ),
                ));
            }
        }
    }
    for a in &ds.cbm_activities {
        let day = a.when.start();
        for (field, list) in [
            ("organisers", &a.organisers),
            ("participants", &a.participants),
        ] {
            for s in list {
                if ds.states.iter().any(|st| &st.code == s) && !member(s, day) {
                    found.push((
                        Register::CbmActivity,
                        a.slug.to_string(),
                        field.to_owned(),
                        format!("{s} is not a Member State on {day}"),
                    ));
                }
            }
        }
    }
    for (register, key, field, message) in found {
        if let Some(at) = c.keys.get(&(register, key)).cloned() {
            c.problem(&at, Some(&field), message);
        }
    }
}
