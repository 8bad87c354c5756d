//! From raw TOML records to checked domain records.
//!
//! Conversion happens in two passes. The first converts every record field by field, noting
//! each reference it meets; the second, once every key is known, checks those references and
//! the keys' uniqueness. Problems accumulate instead of stopping at the first.

use std::collections::{BTreeMap, HashMap};

use cica_domain::{
    Act, Affiliation, Body, BodyKind, Chairmanship, Counterpart, Dataset, DateSpan, Dateline,
    Digest, DigestStatus, Engagement, EngagementKind, ForewordKind, LocalTime, Media, MediaName,
    Meeting, MeetingFormat, MeetingStatus, NewsItem, NewsKind, OrgKind, Organization, Outcome,
    PartialDate, Participation, Period, Person, Photo, Provenance, Quarter, Role, Slug, State,
    StateCode, StatusPeriod,
};

use crate::raw::{DateText, RawFile, RawStatus};
use crate::{LoadError, Problem};

/// The registers a key can point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Register {
    State,
    Organization,
    Person,
    Body,
    Meeting,
    Engagement,
    News,
    Digest,
    Document,
    Decision,
    Silence,
    Treaty,
    CbmArea,
    CbmActivity,
    Contribution,
    FundProject,
    FinancialReport,
    Media,
}

impl Register {
    fn noun(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Organization => "organization",
            Self::Person => "person",
            Self::Body => "body",
            Self::Meeting => "meeting",
            Self::Engagement => "engagement",
            Self::News => "news item",
            Self::Digest => "digest",
            Self::Document => "document",
            Self::Decision => "decision",
            Self::Silence => "silence procedure",
            Self::Treaty => "treaty",
            Self::CbmArea => "CBM priority area",
            Self::CbmActivity => "CBM activity",
            Self::Contribution => "contribution",
            Self::FundProject => "Fund project",
            Self::FinancialReport => "financial report",
            Self::Media => "image under media/",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub(crate) file: String,
    pub(crate) record: String,
}

pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
    /// Every reference met: where, which field, into which register, which key.
    pub(crate) refs: Vec<(Origin, String, Register, String)>,
    /// Every key defined, with where it was first defined.
    pub(crate) keys: HashMap<(Register, String), Origin>,
    /// Every (document, version) reference met.
    pub(crate) version_refs: Vec<(Origin, String, String, u32)>,
    /// Where each chairmanship term came from, in the order they were added to the dataset.
    pub(crate) terms: Vec<Origin>,
}

impl Checker {
    pub(crate) fn problem(&mut self, at: &Origin, field: Option<&str>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: at.file.clone(),
            record: Some(at.record.clone()),
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }

    pub(crate) fn define(&mut self, at: &Origin, field: &str, register: Register, key: &str) {
        let entry = (register, key.to_owned());
        if let Some(first) = self.keys.get(&entry) {
            let message = if first.file == at.file {
                format!(
                    "duplicate key `{key}`: another {} already has it in this file",
                    register.noun()
                )
            } else {
                format!(
                    "duplicate key `{key}`: {} in {} already has it",
                    first.record, first.file
                )
            };
            self.problem(at, Some(field), message);
        } else {
            self.keys.insert(entry, at.clone());
        }
    }

    pub(crate) fn slug(&mut self, at: &Origin, field: &str, text: &str) -> Option<Slug> {
        Slug::parse(text)
            .map_err(|e| self.problem(at, Some(field), e.to_string()))
            .ok()
    }

    pub(crate) fn code(&mut self, at: &Origin, field: &str, text: &str) -> Option<StateCode> {
        StateCode::parse(text)
            .map_err(|e| self.problem(at, Some(field), e.to_string()))
            .ok()
    }

    /// A reference to a state by code; checked for existence in the second pass.
    pub(crate) fn state_ref(&mut self, at: &Origin, field: &str, text: &str) -> Option<StateCode> {
        let code = self.code(at, field, text)?;
        self.refs.push((
            at.clone(),
            field.to_owned(),
            Register::State,
            code.to_string(),
        ));
        Some(code)
    }

    pub(crate) fn opt_state_ref(
        &mut self,
        at: &Origin,
        field: &str,
        text: Option<&String>,
    ) -> Option<StateCode> {
        text.and_then(|t| self.state_ref(at, field, t))
    }

    pub(crate) fn state_refs(
        &mut self,
        at: &Origin,
        field: &str,
        texts: &[String],
    ) -> Vec<StateCode> {
        let mut out: Vec<StateCode> = Vec::new();
        for t in texts {
            if let Some(c) = self.state_ref(at, field, t) {
                if out.contains(&c) {
                    self.problem(at, Some(field), format!("`{c}` is listed twice"));
                } else {
                    out.push(c);
                }
            }
        }
        out
    }

    /// A reference to a record by slug; checked for existence in the second pass.
    pub(crate) fn slug_ref(
        &mut self,
        at: &Origin,
        field: &str,
        register: Register,
        text: &str,
    ) -> Option<Slug> {
        let slug = self.slug(at, field, text)?;
        self.refs
            .push((at.clone(), field.to_owned(), register, slug.to_string()));
        Some(slug)
    }

    pub(crate) fn opt_slug_ref(
        &mut self,
        at: &Origin,
        field: &str,
        register: Register,
        text: Option<&String>,
    ) -> Option<Slug> {
        text.and_then(|t| self.slug_ref(at, field, register, t))
    }

    pub(crate) fn slug_refs(
        &mut self,
        at: &Origin,
        field: &str,
        register: Register,
        texts: &[String],
    ) -> Vec<Slug> {
        let mut out: Vec<Slug> = Vec::new();
        for t in texts {
            if let Some(s) = self.slug_ref(at, field, register, t) {
                if out.contains(&s) {
                    self.problem(at, Some(field), format!("`{s}` is listed twice"));
                } else {
                    out.push(s);
                }
            }
        }
        out
    }

    pub(crate) fn keyword<T>(
        &mut self,
        at: &Origin,
        field: &str,
        text: &str,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) -> Option<T> {
        let v = parse(text);
        if v.is_none() {
            self.problem(
                at,
                Some(field),
                format!("`{text}` is not one of: {expected}"),
            );
        }
        v
    }

    pub(crate) fn partial(
        &mut self,
        at: &Origin,
        field: &str,
        d: &DateText,
    ) -> Option<PartialDate> {
        PartialDate::parse(&d.text())
            .map_err(|e| self.problem(at, Some(field), e.to_string()))
            .ok()
    }

    pub(crate) fn opt_partial(
        &mut self,
        at: &Origin,
        field: &str,
        d: Option<&DateText>,
    ) -> Option<Option<PartialDate>> {
        match d {
            None => Some(None),
            Some(d) => self.partial(at, field, d).map(Some),
        }
    }

    pub(crate) fn period(&mut self, at: &Origin, field: &str, d: &DateText) -> Option<Period> {
        Period::parse(&d.text())
            .map_err(|e| self.problem(at, Some(field), e.to_string()))
            .ok()
    }

    pub(crate) fn span(&mut self, at: &Origin, field: &str, d: &DateText) -> Option<DateSpan> {
        DateSpan::parse(&d.text())
            .map_err(|e| self.problem(at, Some(field), e.to_string()))
            .ok()
    }

    pub(crate) fn text(&mut self, at: &Origin, field: &str, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() {
            self.problem(at, Some(field), "must not be empty");
            None
        } else {
            Some(t.to_owned())
        }
    }

    /// `from` and `until` with `until` not before `from`.
    pub(crate) fn bounds(
        &mut self,
        at: &Origin,
        prefix: &str,
        from: Option<&DateText>,
        until: Option<&DateText>,
    ) -> Option<(Option<PartialDate>, Option<PartialDate>)> {
        let f = self.opt_partial(at, &format!("{prefix}from"), from)?;
        let u = self.opt_partial(at, &format!("{prefix}until"), until)?;
        if let (Some(f), Some(u)) = (f, u)
            && u.last_day() < f.first_day()
        {
            self.problem(
                at,
                Some(&format!("{prefix}until")),
                format!("the period ends ({u}) before it starts ({f})"),
            );
            return None;
        }
        Some((f, u))
    }

    fn statuses(
        &mut self,
        at: &Origin,
        raw: &[RawStatus],
        allowed: &[Participation],
    ) -> Vec<StatusPeriod> {
        let mut out = Vec::new();
        for (i, s) in raw.iter().enumerate() {
            let prefix = format!("status[{i}].");
            let expected = allowed
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let status = match Participation::parse(&s.status).filter(|p| allowed.contains(p)) {
                Some(p) => p,
                None => {
                    self.problem(
                        at,
                        Some(&format!("{prefix}status")),
                        format!("`{}` is not one of: {expected}", s.status),
                    );
                    continue;
                }
            };
            let Some((from, until)) = self.bounds(at, &prefix, s.from.as_ref(), s.until.as_ref())
            else {
                continue;
            };
            out.push(StatusPeriod {
                status,
                from,
                until,
                provenance: provenance(s.unconfirmed, s.note.as_ref(), &s.sources),
            });
        }
        for (a, b) in cica_domain::status::overlapping(&out) {
            self.problem(
                at,
                Some("status"),
                format!("periods {} and {} overlap", a + 1, b + 1),
            );
        }
        out
    }
}

pub(crate) fn provenance(
    unconfirmed: bool,
    note: Option<&String>,
    sources: &[String],
) -> Provenance {
    Provenance {
        unconfirmed,
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        sources: sources
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

fn trimmed(v: &[String]) -> Vec<String> {
    v.iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn opt_text(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(crate) fn load<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    media: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Dataset, LoadError> {
    let mut c = Checker {
        problems: Vec::new(),
        refs: Vec::new(),
        keys: HashMap::new(),
        version_refs: Vec::new(),
        terms: Vec::new(),
    };
    let mut ds = Dataset::default();
    let mut any_file = false;
    for (name, text) in files {
        any_file = true;
        let raw: RawFile = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                c.problems.push(Problem {
                    file: name.to_owned(),
                    record: None,
                    field: None,
                    message: format!("is not valid: {}", e.to_string().trim_end()),
                });
                continue;
            }
        };
        convert_file(&mut c, name, raw, &mut ds);
    }
    for (path, bytes) in media {
        let at = Origin {
            file: path.to_owned(),
            record: "image".to_owned(),
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let checked = MediaName::parse(name).and_then(|n| Media::new(n, bytes.to_vec()));
        match checked {
            Ok(m) => {
                c.define(&at, "file", Register::Media, m.name.as_str());
                ds.media.push(m);
            }
            Err(e) => c.problems.push(Problem {
                file: path.to_owned(),
                record: None,
                field: None,
                message: e.to_string(),
            }),
        }
    }
    if !any_file {
        c.problems.push(Problem {
            file: "(dataset)".into(),
            record: None,
            field: None,
            message: "holds no files".into(),
        });
    }
    // Second pass: every reference must name a defined key.
    let refs = std::mem::take(&mut c.refs);
    for (at, field, register, key) in refs {
        if !c.keys.contains_key(&(register, key.clone())) {
            let hint = if register == Register::State {
                " (states are keyed by ISO 3166 alpha-3 code)"
            } else {
                ""
            };
            c.problem(
                &at,
                Some(&field),
                format!("no {} has the key `{key}`{hint}", register.noun()),
            );
        }
    }
    let version_refs = std::mem::take(&mut c.version_refs);
    for (at, field, doc, version) in version_refs {
        let known = ds.documents.iter().find(|d| d.slug.as_str() == doc);
        if known.is_some_and(|d| d.version(version).is_none()) {
            c.problem(
                &at,
                Some(&field),
                format!("document `{doc}` has no version {version}"),
            );
        }
    }
    check_digests(&mut c, &ds);
    check_register_rules(&mut c, &ds);
    check_terms(&mut c, &ds);
    check_body_parents(&mut c, &ds);
    crate::decisions::check_silences(&mut c, &ds);
    crate::decisions::check_treaties(&mut c, &ds);
    crate::cbm::check(&mut c, &ds);
    crate::money::check(&mut c, &ds);
    if !c.problems.is_empty() {
        return Err(LoadError {
            problems: c.problems,
        });
    }
    crate::decisions::number_decisions(&mut ds);
    sort(&mut ds);
    Ok(ds)
}

/// What an issue's editor names (cover headlines, order, spotlight) must be items of the issue.
fn check_digests(c: &mut Checker, ds: &Dataset) {
    for d in &ds.digests {
        let Some(at) = c
            .keys
            .get(&(Register::Digest, d.quarter.to_string()))
            .cloned()
        else {
            continue;
        };
        for (field, slugs) in d.named_items() {
            for slug in slugs {
                let item = ds.news.iter().find(|n| &n.slug == slug);
                if item.is_some_and(|n| !d.includes(n)) {
                    c.problem(
                        &at,
                        Some(field),
                        format!("`{slug}` is not an item of the {} issue: it is filed in another quarter or assigned to another issue", d.quarter),
                    );
                }
            }
        }
    }
}

/// One Chair at a time: a term may end on the day the next begins (terms are half-open), but
/// no two terms may share a day, and only the latest term may be open-ended.
fn check_terms(c: &mut Checker, ds: &Dataset) {
    let mut terms: Vec<(&Chairmanship, Origin)> = ds
        .chairmanships
        .iter()
        .zip(std::mem::take(&mut c.terms))
        .collect();
    terms.sort_by_key(|(t, _)| t.from.first_day());
    for pair in terms.windows(2) {
        let ((a, _), (b, at)) = (&pair[0], &pair[1]);
        let overlaps = a.until.is_none_or(|u| u.first_day() > b.from.first_day());
        if overlaps {
            let until = a
                .until
                .map_or("open-ended".to_owned(), |u| format!("until {}", u.iso()));
            c.problem(
                at,
                Some("from"),
                format!(
                    "overlaps the chairmanship of {} from {} ({until}): one Member State chairs at a time",
                    a.state.as_str(),
                    a.from.iso()
                ),
            );
        }
    }
}

/// The registers' own rules, the ones every save of a record goes through (`problems`), hold
/// of the dataset too: a record loaded can be saved again unchanged.
fn check_register_rules(c: &mut Checker, ds: &Dataset) {
    // The register and key of each record, with what its rules find wrong.
    type Found = (Register, String, Vec<(String, String)>);
    let mut found: Vec<Found> = Vec::new();
    for s in &ds.states {
        found.push((Register::State, s.code.to_string(), s.problems()));
    }
    for o in &ds.organizations {
        found.push((Register::Organization, o.slug.to_string(), o.problems()));
    }
    for p in &ds.people {
        found.push((Register::Person, p.slug.to_string(), p.problems()));
    }
    for b in &ds.bodies {
        found.push((Register::Body, b.slug.to_string(), b.problems()));
    }
    for d in &ds.documents {
        found.push((Register::Document, d.slug.to_string(), d.problems()));
    }
    let terms: Vec<(Origin, Vec<(String, String)>)> = ds
        .chairmanships
        .iter()
        .zip(c.terms.iter().cloned())
        .map(|(t, at)| (at, t.problems()))
        .collect();
    for (at, problems) in terms {
        for (field, message) in problems {
            c.problem(&at, Some(&field), message);
        }
    }
    for (register, key, problems) in found {
        let Some(origin) = c.keys.get(&(register, key)).cloned() else {
            continue;
        };
        for (field, message) in problems {
            c.problem(&origin, Some(&field), message);
        }
    }
}

/// A body's parents lead up to an organ, never back to the body.
fn check_body_parents(c: &mut Checker, ds: &Dataset) {
    let parent_of: HashMap<&Slug, &Slug> = ds
        .bodies
        .iter()
        .filter_map(|b| b.parent.as_ref().map(|p| (&b.slug, p)))
        .collect();
    for b in &ds.bodies {
        let mut seen = vec![&b.slug];
        let mut at = &b.slug;
        while let Some(p) = parent_of.get(at) {
            if seen.contains(p) {
                if *p == &b.slug && seen.len() > 1 {
                    let origin = c.keys.get(&(Register::Body, b.slug.to_string())).cloned();
                    if let Some(origin) = origin {
                        let path: Vec<&str> = seen.iter().map(|s| s.as_str()).collect();
                        c.problem(
                            &origin,
                            Some("parent"),
                            format!(
                                "the parents go round in a circle: {} → {}",
                                path.join(" → "),
                                b.slug
                            ),
                        );
                    }
                }
                break;
            }
            seen.push(p);
            at = p;
        }
    }
}

fn sort(ds: &mut Dataset) {
    ds.states.sort_by(|a, b| a.code.cmp(&b.code));
    ds.organizations.sort_by(|a, b| a.slug.cmp(&b.slug));
    ds.people.sort_by(|a, b| a.slug.cmp(&b.slug));
    ds.bodies.sort_by(|a, b| a.slug.cmp(&b.slug));
    ds.chairmanships.sort_by_key(|t| t.from.first_day());
    ds.meetings
        .sort_by(|a, b| (a.when.span().start(), &a.id).cmp(&(b.when.span().start(), &b.id)));
    ds.engagements
        .sort_by(|a, b| (a.when.start(), &a.id).cmp(&(b.when.start(), &b.id)));
    ds.news
        .sort_by(|a, b| (b.date, &a.slug).cmp(&(a.date, &b.slug)));
    ds.digests.sort_by_key(|d| d.quarter);
    ds.media.sort_by(|a, b| a.name.cmp(&b.name));
    ds.documents.sort_by(|a, b| a.slug.cmp(&b.slug));
    ds.decisions
        .sort_by(|a, b| (a.date, &a.organ, a.number).cmp(&(b.date, &b.organ, b.number)));
    ds.silences.sort_by(|a, b| {
        a.procedure
            .opened_at
            .cmp(&b.procedure.opened_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    ds.treaties.sort_by(|a, b| a.slug.cmp(&b.slug));
    // Within a dimension, areas keep the order the files list them in: the Catalogue's.
    ds.cbm_areas.sort_by_key(|a| a.dimension);
    ds.cbm_activities
        .sort_by(|a, b| (a.when.start(), &a.slug).cmp(&(b.when.start(), &b.slug)));
    ds.contributions
        .sort_by(|a, b| (a.first_day(), &a.id).cmp(&(b.first_day(), &b.id)));
    ds.fund_projects.sort_by(|a, b| a.id.cmp(&b.id));
    ds.financial_reports
        .sort_by(|a, b| (a.from, &a.id).cmp(&(b.from, &b.id)));
}

fn convert_file(c: &mut Checker, file: &str, mut raw: RawFile, ds: &mut Dataset) {
    let extra = crate::decisions::Raw {
        document: std::mem::take(&mut raw.document),
        decision: std::mem::take(&mut raw.decision),
        silence: std::mem::take(&mut raw.silence),
        treaty: std::mem::take(&mut raw.treaty),
    };
    crate::decisions::convert(c, file, extra, ds);
    let cbm = crate::cbm::Raw {
        area: std::mem::take(&mut raw.cbm_area),
        activity: std::mem::take(&mut raw.cbm_activity),
    };
    crate::cbm::convert(c, file, cbm, ds);
    let money = crate::money::Raw {
        contribution: std::mem::take(&mut raw.contribution),
        fund_project: std::mem::take(&mut raw.fund_project),
        financial_report: std::mem::take(&mut raw.financial_report),
    };
    crate::money::convert(c, file, money, ds);
    for r in std::mem::take(&mut raw.contact) {
        let at = Origin {
            file: file.to_owned(),
            record: "contact".into(),
        };
        if ds.contact.is_some() {
            c.problem(
                &at,
                None,
                "a second contact record; there is one for the Secretariat",
            );
            continue;
        }
        let name = c.text(&at, "name", &r.name);
        let address = c.text(&at, "address", &r.address);
        if let (Some(name), Some(address)) = (name, address) {
            ds.contact = Some(cica_domain::Contact {
                name,
                address,
                phone: opt_text(r.phone.as_ref()),
                email: opt_text(r.email.as_ref()),
                website: opt_text(r.website.as_ref()),
                social: r
                    .social
                    .iter()
                    .map(|s| (s.network.trim().to_owned(), s.handle.trim().to_owned()))
                    .collect(),
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }
    let origin = |kind: &str, key: &str| Origin {
        file: file.to_owned(),
        record: format!("{kind} \"{key}\""),
    };

    for r in raw.state {
        let at = origin("state", &r.code);
        c.define(
            &at,
            "code",
            Register::State,
            &r.code.trim().to_ascii_uppercase(),
        );
        let code = c.code(&at, "code", &r.code);
        let name = c.text(&at, "name", &r.name);
        let statuses = c.statuses(
            &at,
            &r.status,
            &[Participation::Member, Participation::Observer],
        );
        if let (Some(code), Some(name)) = (code, name) {
            ds.states.push(State {
                code,
                name,
                official_name: opt_text(r.official_name.as_ref()),
                aliases: trimmed(&r.aliases),
                adjectives: trimmed(&r.adjectives),
                statuses,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.organization {
        let at = origin("organization", &r.slug);
        c.define(&at, "slug", Register::Organization, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let name = c.text(&at, "name", &r.name);
        let kind = c.keyword(&at, "kind", &r.kind, OrgKind::parse, OrgKind::expected());
        let state = c.opt_state_ref(&at, "state", r.state.as_ref());
        let statuses = c.statuses(
            &at,
            &r.status,
            &[Participation::Observer, Participation::Partner],
        );
        if let (Some(slug), Some(name), Some(kind)) = (slug, name, kind) {
            ds.organizations.push(Organization {
                slug,
                name,
                acronym: opt_text(r.acronym.as_ref()),
                aliases: trimmed(&r.aliases),
                kind,
                state,
                website: opt_text(r.website.as_ref()),
                statuses,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.person {
        let at = origin("person", &r.slug);
        c.define(&at, "slug", Register::Person, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let name = c.text(&at, "name", &r.name);
        let mut roles = Vec::new();
        for (i, role) in r.role.iter().enumerate() {
            let prefix = format!("role[{i}].");
            let title = c.text(&at, &format!("{prefix}title"), &role.title);
            let set = [
                role.state.is_some(),
                role.organization.is_some(),
                role.body.is_some(),
            ];
            let affiliation = match (&role.state, &role.organization, &role.body) {
                _ if set.iter().filter(|b| **b).count() != 1 => {
                    c.problem(
                        &at,
                        Some(&format!("{prefix}state")),
                        "give exactly one of `state`, `organization` or `body`",
                    );
                    None
                }
                (Some(s), _, _) => c
                    .state_ref(&at, &format!("{prefix}state"), s)
                    .map(Affiliation::State),
                (_, Some(o), _) => c
                    .slug_ref(
                        &at,
                        &format!("{prefix}organization"),
                        Register::Organization,
                        o,
                    )
                    .map(Affiliation::Organization),
                (_, _, Some(b)) => c
                    .slug_ref(&at, &format!("{prefix}body"), Register::Body, b)
                    .map(Affiliation::Body),
                _ => None,
            };
            let bounds = c.bounds(&at, &prefix, role.from.as_ref(), role.until.as_ref());
            if let (Some(title), Some(affiliation), Some((from, until))) =
                (title, affiliation, bounds)
            {
                roles.push(Role {
                    title,
                    affiliation,
                    from,
                    until,
                    provenance: provenance(role.unconfirmed, role.note.as_ref(), &role.sources),
                });
            }
        }
        if let (Some(slug), Some(name)) = (slug, name) {
            ds.people.push(Person {
                slug,
                name,
                aliases: trimmed(&r.aliases),
                roles,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.body {
        let at = origin("body", &r.slug);
        c.define(&at, "slug", Register::Body, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let name = c.text(&at, "name", &r.name);
        let kind = c.keyword(&at, "kind", &r.kind, BodyKind::parse, BodyKind::expected());
        let parent = c.opt_slug_ref(&at, "parent", Register::Body, r.parent.as_ref());
        let established = c.opt_partial(&at, "established", r.established.as_ref());
        if let (Some(slug), Some(name), Some(kind), Some(established)) =
            (slug, name, kind, established)
        {
            if parent.as_ref() == Some(&slug) {
                c.problem(&at, Some("parent"), "a body cannot be its own parent");
            }
            ds.bodies.push(Body {
                slug,
                name,
                short_name: opt_text(r.short_name.as_ref()),
                aliases: trimmed(&r.aliases),
                kind,
                parent,
                established,
                description: r.description.trim().to_owned(),
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.chairmanship {
        let at = origin(
            "chairmanship",
            &format!("{} from {}", r.state, r.from.text()),
        );
        let state = c.state_ref(&at, "state", &r.state);
        let bounds = c.bounds(&at, "", Some(&r.from), r.until.as_ref());
        let soc_chair = c.opt_slug_ref(&at, "soc_chair", Register::Person, r.soc_chair.as_ref());
        if let (Some(state), Some((Some(from), until))) = (state, bounds) {
            c.terms.push(at);
            ds.chairmanships.push(Chairmanship {
                state,
                from,
                until,
                theme: opt_text(r.theme.as_ref()),
                priorities: trimmed(&r.priorities),
                soc_chair,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.meeting {
        let at = origin("meeting", &r.id);
        c.define(&at, "id", Register::Meeting, &r.id);
        let id = c.slug(&at, "id", &r.id);
        let body = c.slug_ref(&at, "body", Register::Body, &r.body);
        let when = c.period(&at, "date", &r.date);
        let time = match &r.time {
            None => Some(None),
            Some(t) => match LocalTime::parse(t) {
                Some(lt) => Some(Some(lt)),
                None => {
                    c.problem(
                        &at,
                        Some("time"),
                        format!("`{t}` is not a time with its UTC offset, such as 10:00+05:00"),
                    );
                    None
                }
            },
        };
        let format = match &r.format {
            None => Some(MeetingFormat::InPerson),
            Some(f) => c.keyword(
                &at,
                "format",
                f,
                MeetingFormat::parse,
                MeetingFormat::expected(),
            ),
        };
        let status = match &r.status {
            None => Some(MeetingStatus::Held),
            Some(s) => c.keyword(
                &at,
                "status",
                s,
                MeetingStatus::parse,
                MeetingStatus::expected(),
            ),
        };
        let country = c.opt_state_ref(&at, "country", r.country.as_ref());
        let host = c.opt_state_ref(&at, "host", r.host.as_ref());
        let chair_state = c.opt_state_ref(&at, "chair_state", r.chair_state.as_ref());
        let chair_person = c.opt_slug_ref(
            &at,
            "chair_person",
            Register::Person,
            r.chair_person.as_ref(),
        );
        let states = c.state_refs(&at, "states", &r.states);
        let organizations = c.slug_refs(
            &at,
            "organizations",
            Register::Organization,
            &r.organizations,
        );
        let next = c.opt_slug_ref(&at, "next", Register::Meeting, r.next.as_ref());
        let news = c.slug_refs(&at, "news", Register::News, &r.news);
        let mut outcomes = Vec::new();
        for (i, o) in r.outcome.iter().enumerate() {
            let act = c.keyword(
                &at,
                &format!("outcome[{i}].act"),
                &o.act,
                Act::parse,
                Act::expected(),
            );
            let text = c.text(&at, &format!("outcome[{i}].text"), &o.text);
            if let (Some(act), Some(text)) = (act, text) {
                outcomes.push(Outcome { act, text });
            }
        }
        if let (Some(id), Some(body), Some(when), Some(time), Some(format), Some(status)) =
            (id, body, when, time, format, status)
        {
            if next.as_ref() == Some(&id) {
                c.problem(
                    &at,
                    Some("next"),
                    "a meeting cannot announce itself as the next one",
                );
            }
            ds.meetings.push(Meeting {
                id,
                body,
                number: r.number,
                title: opt_text(r.title.as_ref()),
                when,
                time,
                city: opt_text(r.city.as_ref()),
                country,
                format,
                status,
                informal: r.informal,
                host,
                chair_state,
                chair_person,
                states,
                organizations,
                series_note: opt_text(r.series_note.as_ref()),
                summary: opt_text(r.summary.as_ref()),
                outcomes,
                next,
                news,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.engagement {
        let at = origin("engagement", &r.id);
        c.define(&at, "id", Register::Engagement, &r.id);
        let id = c.slug(&at, "id", &r.id);
        let when = c.span(&at, "date", &r.date);
        let kind = c.keyword(
            &at,
            "kind",
            &r.kind,
            EngagementKind::parse,
            EngagementKind::expected(),
        );
        let country = c.opt_state_ref(&at, "country", r.country.as_ref());
        let secretariat = c.slug_refs(&at, "secretariat", Register::Person, &r.secretariat);
        let states = c.state_refs(&at, "states", &r.states);
        let organizations = c.slug_refs(
            &at,
            "organizations",
            Register::Organization,
            &r.organizations,
        );
        let news = c.opt_slug_ref(&at, "news", Register::News, r.news.as_ref());
        let mut counterparts = Vec::new();
        for (i, cp) in r.counterpart.iter().enumerate() {
            let prefix = format!("counterpart[{i}].");
            let person = c.slug_ref(
                &at,
                &format!("{prefix}person"),
                Register::Person,
                &cp.person,
            );
            let state = c.opt_state_ref(&at, &format!("{prefix}state"), cp.state.as_ref());
            let organization = c.opt_slug_ref(
                &at,
                &format!("{prefix}organization"),
                Register::Organization,
                cp.organization.as_ref(),
            );
            if let Some(person) = person {
                counterparts.push(Counterpart {
                    person,
                    title: opt_text(cp.title.as_ref()),
                    state,
                    organization,
                });
            }
        }
        if let (Some(id), Some(when), Some(kind)) = (id, when, kind) {
            ds.engagements.push(Engagement {
                id,
                when,
                city: opt_text(r.city.as_ref()),
                country,
                kind,
                secretariat,
                counterparts,
                states,
                organizations,
                topics: trimmed(&r.topics),
                summary: opt_text(r.summary.as_ref()),
                news,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }

    for r in raw.news {
        let at = origin("news", &r.slug);
        c.define(&at, "slug", Register::News, &r.slug);
        let slug = c.slug(&at, "slug", &r.slug);
        let title = c.text(&at, "title", &r.title);
        let kind = c.keyword(&at, "kind", &r.kind, NewsKind::parse, NewsKind::expected());
        let dateline = match &r.dateline {
            None => Some(None),
            Some(d) => {
                let place = c.text(&at, "dateline.place", &d.place);
                let span = c.span(&at, "dateline.date", &d.date);
                place
                    .zip(span)
                    .map(|(place, span)| Some(Dateline { place, span }))
            }
        };
        let explicit_date = match &r.date {
            None => Some(None),
            Some(d) => c.span(&at, "date", d).map(|s| Some(s.start())),
        };
        let date = match (&dateline, explicit_date) {
            (_, Some(Some(d))) => Some(d),
            (Some(Some(dl)), Some(None)) => Some(dl.span.start()),
            (Some(None), Some(None)) => {
                c.problem(
                    &at,
                    Some("date"),
                    "an item without a dateline needs a `date`",
                );
                None
            }
            _ => None,
        };
        let issue = match &r.issue {
            None => Some(None),
            Some(q) => Quarter::parse(q)
                .map(Some)
                .map_err(|e| c.problem(&at, Some("issue"), e.to_string()))
                .ok(),
        };
        let states = c.state_refs(&at, "states", &r.states);
        let bodies = c.slug_refs(&at, "bodies", Register::Body, &r.bodies);
        let people = c.slug_refs(&at, "people", Register::Person, &r.people);
        let organizations = c.slug_refs(
            &at,
            "organizations",
            Register::Organization,
            &r.organizations,
        );
        let source = c.text(&at, "source", &r.source);
        let body = c.text(&at, "body", &r.body);
        let mut photos = Vec::new();
        for (i, p) in r.photo.iter().enumerate() {
            let field = format!("photo[{i}].file");
            let media = match MediaName::parse(p.file.trim()) {
                Ok(m) => {
                    c.refs
                        .push((at.clone(), field, Register::Media, m.to_string()));
                    Some(m)
                }
                Err(e) => {
                    c.problem(&at, Some(&field), e.to_string());
                    None
                }
            };
            let caption = c.text(&at, &format!("photo[{i}].caption"), &p.caption);
            let alt = opt_text(p.alt.as_ref());
            if alt.is_some() && alt == caption {
                c.problem(
                    &at,
                    Some(&format!("photo[{i}].alt")),
                    "say what the image shows; the caption is printed beside it already",
                );
            }
            if let (Some(media), Some(caption)) = (media, caption) {
                photos.push(Photo {
                    media,
                    caption,
                    credit: opt_text(p.credit.as_ref()),
                    alt,
                });
            }
        }
        if let (
            Some(slug),
            Some(title),
            Some(kind),
            Some(dateline),
            Some(date),
            Some(issue),
            Some(source),
            Some(body),
        ) = (slug, title, kind, dateline, date, issue, source, body)
        {
            ds.news.push(NewsItem {
                slug,
                title,
                kind,
                dateline,
                date,
                date_confirmed: !r.date_unconfirmed,
                date_note: opt_text(r.date_note.as_ref()),
                spotlight: r.spotlight,
                activities: r.activities,
                issue,
                position: r.position,
                states,
                bodies,
                people,
                organizations,
                language: opt_text(r.language.as_ref()).unwrap_or_else(|| "en".into()),
                source,
                body,
                draft: false,
                photos,
            });
        }
    }

    for r in raw.digest {
        let at = origin("digest", &r.quarter);
        c.define(&at, "quarter", Register::Digest, r.quarter.trim());
        let quarter = Quarter::parse(&r.quarter)
            .map_err(|e| c.problem(&at, Some("quarter"), e.to_string()))
            .ok();
        let title = c.text(&at, "title", &r.title);
        let status = match &r.status {
            None => Some(DigestStatus::Draft),
            Some(s) => c.keyword(
                &at,
                "status",
                s,
                DigestStatus::parse,
                DigestStatus::expected(),
            ),
        };
        let highlights = c.slug_refs(&at, "highlights", Register::News, &r.highlights);
        if !highlights.is_empty() && !Digest::HIGHLIGHTS.contains(&highlights.len()) {
            c.problem(
                &at,
                Some("highlights"),
                format!(
                    "the cover carries {} to {} headlines, not {}; leave the list out to use the spotlight items",
                    Digest::HIGHLIGHTS.start(),
                    Digest::HIGHLIGHTS.end(),
                    highlights.len()
                ),
            );
        }
        let order = c.slug_refs(&at, "order", Register::News, &r.order);
        let spotlight = r
            .spotlight
            .as_ref()
            .map(|list| c.slug_refs(&at, "spotlight", Register::News, list));
        let foreword_author = c.opt_slug_ref(
            &at,
            "foreword_author",
            Register::Person,
            r.foreword_author.as_ref(),
        );
        // Whose words a foreword is must be said, never assumed.
        let foreword_kind = match (&r.foreword, &r.foreword_kind) {
            (_, Some(k)) => c.keyword(
                &at,
                "foreword_kind",
                k,
                ForewordKind::parse,
                ForewordKind::expected(),
            ),
            (Some(_), None) => {
                c.problem(
                    &at,
                    Some("foreword_kind"),
                    "say whose words the foreword is: `own` (the author's own text) or `reported` (an account of it)",
                );
                None
            }
            (None, None) => Some(ForewordKind::Reported),
        };
        if let (Some(quarter), Some(title), Some(status), Some(foreword_kind)) =
            (quarter, title, status, foreword_kind)
        {
            ds.digests.push(Digest {
                quarter,
                title,
                status,
                highlights,
                order,
                spotlight,
                foreword_author,
                foreword_title: opt_text(r.foreword_title.as_ref()),
                foreword: opt_text(r.foreword.as_ref()),
                foreword_kind,
                provenance: provenance(r.unconfirmed, r.note.as_ref(), &r.sources),
            });
        }
    }
}

/// Counts of records by register, for reports.
pub fn counts(ds: &Dataset) -> BTreeMap<&'static str, usize> {
    BTreeMap::from([
        ("states", ds.states.len()),
        ("organizations", ds.organizations.len()),
        ("people", ds.people.len()),
        ("bodies", ds.bodies.len()),
        ("chairmanships", ds.chairmanships.len()),
        ("meetings", ds.meetings.len()),
        ("engagements", ds.engagements.len()),
        ("news", ds.news.len()),
        ("digests", ds.digests.len()),
        ("documents", ds.documents.len()),
        ("decisions", ds.decisions.len()),
        ("silence procedures", ds.silences.len()),
        ("treaties", ds.treaties.len()),
        ("CBM priority areas", ds.cbm_areas.len()),
        ("CBM activities", ds.cbm_activities.len()),
        ("contributions", ds.contributions.len()),
        ("Fund projects", ds.fund_projects.len()),
        ("financial reports and audits", ds.financial_reports.len()),
    ])
}
