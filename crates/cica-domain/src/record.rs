//! The records of the registers, news and calendar, as plain data.
//!
//! These types know nothing of files, databases or wire formats: the dataset loader builds them
//! from TOML, the store persists them, and the web layer turns them into its own view types.

use chrono::{FixedOffset, NaiveDate, NaiveTime};

use crate::date::{DateSpan, PartialDate, Period, Quarter};
use crate::ids::{Slug, StateCode};
use crate::status::{Participation, StatusPeriod};

/// Where a fact came from and how sure we are of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The sources leave the fact uncertain or in conflict; `note` says how.
    pub unconfirmed: bool,
    pub note: Option<String>,
    /// URLs or references such as "CICA Digest 2025-Q1, p. 13".
    pub sources: Vec<String>,
}

keyword_enum!(
    /// What kind of organization a record describes.
    OrgKind {
        International = "international",
        Regional = "regional",
        NationalAgency = "national-agency",
        Ministry = "ministry",
        Parliament = "parliament",
        University = "university",
        ThinkTank = "think-tank",
        Media = "media",
        Business = "business",
        Ngo = "ngo",
        Forum = "forum",
        Other = "other",
    }
);

keyword_enum!(
    /// The place of a body in CICA's structure.
    BodyKind {
        PolicyMakingOrgan = "policy-making-organ",
        WorkingBody = "working-body",
        Secretariat = "secretariat",
        AdvisoryBody = "advisory-body",
        Fund = "fund",
        Subsidiary = "subsidiary",
    }
);

keyword_enum!(
    MeetingFormat { InPerson = "in-person", Online = "online", Hybrid = "hybrid" }
);

keyword_enum!(
    /// Whether a meeting took place or is announced.
    MeetingStatus { Held = "held", Planned = "planned" }
);

keyword_enum!(
    /// What a meeting did with a document or question.
    Act {
        Adopted = "adopted",
        Endorsed = "endorsed",
        Approved = "approved",
        Established = "established",
        TookNote = "took-note",
        Elected = "elected",
        Admitted = "admitted",
        Decided = "decided",
        Signed = "signed",
        Discussed = "discussed",
    }
);

keyword_enum!(
    EngagementKind {
        Consultation = "consultation",
        CourtesyCall = "courtesy-call",
        Address = "address",
        Lecture = "lecture",
        Interview = "interview",
        OpEd = "op-ed",
        Meeting = "meeting",
        Observation = "observation",
        Ceremony = "ceremony",
    }
);

keyword_enum!(
    /// A full article or a short flash-briefing item.
    NewsKind { Article = "article", Brief = "brief" }
);

keyword_enum!(
    DigestStatus { Published = "published", Draft = "draft" }
);

keyword_enum!(
    /// Whose words a Digest's foreword is. Words are attributed to a named person only when
    /// they are that person's own text, entered by an editor (`own`, printed over the author's
    /// signature); the Secretariat's account of what the author wrote is reported speech
    /// (`reported`: printed without a signature, and said to be an account).
    ForewordKind { Own = "own", Reported = "reported" }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub code: StateCode,
    pub name: String,
    pub official_name: Option<String>,
    pub aliases: Vec<String>,
    pub adjectives: Vec<String>,
    pub statuses: Vec<StatusPeriod>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub slug: Slug,
    pub name: String,
    pub acronym: Option<String>,
    pub aliases: Vec<String>,
    pub kind: OrgKind,
    pub state: Option<StateCode>,
    pub website: Option<String>,
    pub statuses: Vec<StatusPeriod>,
    pub provenance: Provenance,
}

/// What is wrong with status periods of their own (`field` as the API names the list): a
/// status `allowed` does not include, a period ending before it starts, periods overlapping,
/// a note of more than one line.
pub fn status_problems(
    field: &str,
    periods: &[StatusPeriod],
    allowed: &[Participation],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, p) in periods.iter().enumerate() {
        if !allowed.contains(&p.status) {
            out.push((
                format!("{field}[{i}].status"),
                format!(
                    "`{}` is not one of: {}",
                    p.status.as_str(),
                    allowed
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if let (Some(f), Some(u)) = (p.from, p.until)
            && u.last_day() < f.first_day()
        {
            out.push((
                format!("{field}[{i}].until"),
                format!("the period ends ({u}) before it starts ({f})"),
            ));
        }
        if p.provenance.note.as_deref().is_some_and(|n| !one_line(n)) {
            out.push((
                format!("{field}[{i}].note"),
                "a note is one line of text".into(),
            ));
        }
        if p.provenance
            .sources
            .iter()
            .any(|s| !one_line(s) || s.contains([';', '|']))
        {
            out.push((
                format!("{field}[{i}].sources"),
                "a source is one line, without `;` or `|` (they separate sources and fields where periods are typed)".into(),
            ));
        }
    }
    for (a, b) in crate::status::overlapping(periods) {
        out.push((
            field.to_owned(),
            format!("periods {} and {} overlap", a + 1, b + 1),
        ));
    }
    out
}

impl State {
    /// The statuses a state may hold.
    pub const STATUSES: [Participation; 2] = [Participation::Member, Participation::Observer];

    /// What is wrong with the state on its own, each problem with the field it concerns (as
    /// the API names it): an empty or multi-line name, official name, alias or adjective, one
    /// listed twice, its status periods' problems.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.name) {
            out.push((
                "name".into(),
                "give the state's short name, on one line".into(),
            ));
        }
        if self.official_name.as_deref().is_some_and(|n| !one_line(n)) {
            out.push((
                "official_name".into(),
                "an official name is one line of text".into(),
            ));
        }
        for (field, list) in [("aliases", &self.aliases), ("adjectives", &self.adjectives)] {
            if let Some(i) = list.iter().position(|a| !one_line(a)) {
                out.push((format!("{field}[{i}]"), "one line of text each".into()));
            } else if let Some(p) = repeated(list) {
                out.push((field.into(), p));
            }
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        out.extend(status_problems("history", &self.statuses, &Self::STATUSES));
        out
    }
}

impl Organization {
    /// The statuses an organization may hold.
    pub const STATUSES: [Participation; 2] = [Participation::Observer, Participation::Partner];

    /// What is wrong with the organization on its own, each problem with the field it
    /// concerns (as the API names it): an empty or multi-line name, acronym, alias or website,
    /// a website that is not a web address, an alias twice, its status periods' problems.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.name) {
            out.push((
                "name".into(),
                "give the organization's name, on one line".into(),
            ));
        }
        if self.acronym.as_deref().is_some_and(|a| !one_line(a)) {
            out.push(("acronym".into(), "an acronym is one line of text".into()));
        }
        if let Some(w) = &self.website
            && (!one_line(w) || !(w.starts_with("https://") || w.starts_with("http://")))
        {
            out.push((
                "website".into(),
                "a website is a web address beginning https:// or http://".into(),
            ));
        }
        if let Some(i) = self.aliases.iter().position(|a| !one_line(a)) {
            out.push((
                format!("aliases[{i}]"),
                "an alias is one line of text".into(),
            ));
        } else if let Some(p) = repeated(&self.aliases) {
            out.push(("aliases".into(), p));
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        out.extend(status_problems("history", &self.statuses, &Self::STATUSES));
        out
    }
}

/// What a person's role is held in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Affiliation {
    State(StateCode),
    Organization(Slug),
    Body(Slug),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub title: String,
    pub affiliation: Affiliation,
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub provenance: Provenance,
}

impl Person {
    /// What is wrong with the person on their own, each problem with the field it concerns
    /// (as the API names it): an empty or multi-line name or alias, an alias twice; a role
    /// without a title, of more than one line or holding `|`, ending before it starts, with a
    /// multi-line note or a source holding `;` or `|` (they separate a typed role's parts).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.name) {
            out.push(("name".into(), "give the person's name, on one line".into()));
        }
        if let Some(i) = self.aliases.iter().position(|a| !one_line(a)) {
            out.push((
                format!("aliases[{i}]"),
                "an alias is one line of text".into(),
            ));
        } else if let Some(p) = repeated(&self.aliases) {
            out.push(("aliases".into(), p));
        }
        if self.roles.len() > NewsItem::MAX_TAGS {
            out.push((
                "roles".into(),
                format!(
                    "a person holds at most {} roles on record",
                    NewsItem::MAX_TAGS
                ),
            ));
            return out;
        }
        for (i, r) in self.roles.iter().enumerate() {
            if !one_line(&r.title) || r.title.contains('|') || r.title.ends_with("(unconfirmed)") {
                out.push((
                    format!("roles[{i}].title"),
                    "a title is one line of text, without `|`, not ending in “(unconfirmed)” (say so with `unconfirmed`)".into(),
                ));
            }
            if let (Some(f), Some(u)) = (r.from, r.until)
                && u.last_day() < f.first_day()
            {
                out.push((
                    format!("roles[{i}].until"),
                    format!("the role ends ({u}) before it starts ({f})"),
                ));
            }
            if r.provenance.note.as_deref().is_some_and(|n| !one_line(n)) {
                out.push((
                    format!("roles[{i}].note"),
                    "a note is one line of text".into(),
                ));
            }
            if r.provenance
                .sources
                .iter()
                .any(|s| !one_line(s) || s.contains([';', '|']))
            {
                out.push((
                    format!("roles[{i}].sources"),
                    "a source is one line, without `;` or `|`".into(),
                ));
            }
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub slug: Slug,
    pub name: String,
    pub aliases: Vec<String>,
    /// The first role is the current or best-known one.
    pub roles: Vec<Role>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub slug: Slug,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: BodyKind,
    pub parent: Option<Slug>,
    pub established: Option<PartialDate>,
    pub description: String,
    pub provenance: Provenance,
}

impl Body {
    /// What is wrong with the body on its own, each problem with the field it concerns (as the
    /// API names it): an empty or multi-line name, short name or alias, an alias twice, a body
    /// that is its own parent. Whether the parent exists, and whether
    /// parents go round in a circle, are the store's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.name) {
            out.push(("name".into(), "give the body's name, on one line".into()));
        }
        if self.short_name.as_deref().is_some_and(|n| !one_line(n)) {
            out.push((
                "short_name".into(),
                "a short name is one line of text".into(),
            ));
        }
        if let Some(i) = self.aliases.iter().position(|a| !one_line(a)) {
            out.push((
                format!("aliases[{i}]"),
                "an alias is one line of text".into(),
            ));
        } else if let Some(p) = repeated(&self.aliases) {
            out.push(("aliases".into(), p));
        }
        if self.parent.as_ref() == Some(&self.slug) {
            out.push(("parent".into(), "a body is not its own parent".into()));
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        out
    }

    /// The short label used in lists and meeting titles: "SOC", "Summit".
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// One Member State's term in the Chair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chairmanship {
    pub state: StateCode,
    pub from: PartialDate,
    pub until: Option<PartialDate>,
    pub theme: Option<String>,
    /// Numbered by position, from 1.
    pub priorities: Vec<String>,
    pub soc_chair: Option<Slug>,
    pub provenance: Provenance,
}

impl Chairmanship {
    /// The key a term is named by: its state and first day, `AZE-2024-10-11`.
    pub fn key(&self) -> String {
        format!("{}-{}", self.state, self.from.iso())
    }

    /// A term's state and first day read back from its key ([`Chairmanship::key`]), the
    /// state's code in any case (`aze-2024-10-11`).
    pub fn parse_key(text: &str) -> Option<(StateCode, PartialDate)> {
        let (state, from) = text.split_once('-')?;
        Some((
            StateCode::parse(&state.to_ascii_uppercase()).ok()?,
            PartialDate::parse(from).ok()?,
        ))
    }

    /// What is wrong with the term on its own, each problem with the field it concerns (as
    /// the API names it): a term ending before it starts, an empty or multi-line theme or
    /// priority, more priorities than a term names. Whether it overlaps another term is
    /// [`Chairmanship::overlapping`]'s to say, the SOC chair's existence the store's.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if let Some(u) = self.until
            && u.first_day() <= self.from.first_day()
        {
            out.push((
                "until".into(),
                format!(
                    "the term ends ({u}) on or before the day it starts ({}); a term ends on the day the next begins",
                    self.from
                ),
            ));
        }
        if self.theme.as_deref().is_some_and(|t| !one_line(t)) {
            out.push(("theme".into(), "a theme is one line of text".into()));
        }
        if self.priorities.len() > NewsItem::MAX_TAGS {
            out.push((
                "priorities".into(),
                format!("a term names at most {} priorities", NewsItem::MAX_TAGS),
            ));
        } else if let Some(i) = self.priorities.iter().position(|p| !one_line(p)) {
            out.push((
                format!("priorities[{i}]"),
                "a priority is one line of text".into(),
            ));
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        out
    }

    /// The other term `term` shares a day with, if any: one Member State chairs at a time (a
    /// term may end on the day the next begins; an open-ended term runs on).
    pub fn overlapping<'a>(
        term: &Chairmanship,
        others: &'a [Chairmanship],
    ) -> Option<&'a Chairmanship> {
        let start = |t: &Chairmanship| t.from.first_day();
        let end = |t: &Chairmanship| t.until.map_or(chrono::NaiveDate::MAX, |u| u.first_day());
        others
            .iter()
            .find(|o| start(o) < end(term) && start(term) < end(o))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub act: Act,
    pub text: String,
}

/// A local start time with its UTC offset, as forthcoming-event notices give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub time: NaiveTime,
    pub offset: FixedOffset,
}

impl LocalTime {
    /// Parses `10:00+05:00`, `09:30-03:00` or `14:00Z`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let (time, offset) = match t.strip_suffix('Z') {
            Some(stripped) => (stripped, "+00:00"),
            None => t.split_at(t.rfind(['+', '-'])?),
        };
        let time = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, m) = offset.get(1..)?.split_once(':')?;
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        if h > 14 || m > 59 {
            return None;
        }
        let offset = FixedOffset::east_opt(sign * (h * 3600 + m * 60))?;
        Some(Self { time, offset })
    }

    /// `10:00+05:00`.
    pub fn iso(&self) -> String {
        format!("{}{}", self.time.format("%H:%M"), self.offset)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: Slug,
    pub body: Slug,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub when: Period,
    pub time: Option<LocalTime>,
    pub city: Option<String>,
    pub country: Option<StateCode>,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub informal: bool,
    pub host: Option<StateCode>,
    pub chair_state: Option<StateCode>,
    pub chair_person: Option<Slug>,
    pub states: Vec<StateCode>,
    pub organizations: Vec<Slug>,
    pub series_note: Option<String>,
    pub summary: Option<String>,
    pub outcomes: Vec<Outcome>,
    pub next: Option<Slug>,
    pub news: Vec<Slug>,
    pub provenance: Provenance,
}

/// A list naming one thing twice, or more than a record names: what is wrong, or nothing.
fn repeated<T: PartialEq + ToString>(list: &[T]) -> Option<String> {
    if list.len() > NewsItem::MAX_TAGS {
        return Some(format!("at most {} are named", NewsItem::MAX_TAGS));
    }
    list.iter()
        .enumerate()
        .find(|(i, x)| list[..*i].contains(x))
        .map(|(_, x)| format!("`{}` is listed twice", x.to_string()))
}

/// Text that is one line and not empty.
pub(crate) fn one_line(t: &str) -> bool {
    !t.trim().is_empty() && !t.contains(['\n', '\r'])
}

impl Meeting {
    /// The most outcomes one meeting records.
    pub const MAX_OUTCOMES: usize = 100;

    /// What is wrong with the meeting on its own, each problem with the field it concerns (as
    /// the API names it): a title, city or series note that is empty or not one line, an empty
    /// summary or outcome, an outcome of more than one line, a number of 0, outcomes of a meeting still planned, a meeting that
    /// announces itself as the next one, a list naming something twice or more than a meeting
    /// names. References are the store's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (field, text) in [
            ("title", &self.title),
            ("city", &self.city),
            ("series_note", &self.series_note),
        ] {
            if let Some(t) = text
                && !one_line(t)
            {
                out.push((
                    field.into(),
                    format!(
                        "a {} is one line of text; leave it out if there is none",
                        field.replace('_', " ")
                    ),
                ));
            }
        }
        if self.summary.as_deref().is_some_and(|s| s.trim().is_empty()) {
            out.push((
                "summary".into(),
                "leave the summary out rather than empty".into(),
            ));
        }
        if self.number == Some(0) {
            out.push((
                "number".into(),
                "meetings are numbered from 1; leave the number out if the series has none".into(),
            ));
        }
        if self.outcomes.len() > Self::MAX_OUTCOMES {
            out.push((
                "outcomes".into(),
                format!("a meeting records at most {} outcomes", Self::MAX_OUTCOMES),
            ));
        } else if let Some(i) = self.outcomes.iter().position(|o| o.text.trim().is_empty()) {
            out.push((format!("outcomes[{i}].text"), "say what was done".into()));
        } else if let Some(i) = self.outcomes.iter().position(|o| !one_line(&o.text)) {
            out.push((
                format!("outcomes[{i}].text"),
                "an outcome is one line: record a second one for more".into(),
            ));
        }
        if self.status == MeetingStatus::Planned && !self.outcomes.is_empty() {
            out.push((
                "outcomes".into(),
                "a planned meeting has no outcomes yet; record them once it is held".into(),
            ));
        }
        if self.next.as_ref() == Some(&self.id) {
            out.push((
                "next".into(),
                "a meeting cannot announce itself as the next one".into(),
            ));
        }
        for (field, problem) in [
            ("states", repeated(&self.states)),
            ("organizations", repeated(&self.organizations)),
            ("news", repeated(&self.news)),
        ] {
            if let Some(p) = problem {
                out.push((field.into(), p));
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterpart {
    pub person: Slug,
    /// The title at the time, when it differs from the person's record.
    pub title: Option<String>,
    pub state: Option<StateCode>,
    pub organization: Option<Slug>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engagement {
    pub id: Slug,
    pub when: DateSpan,
    pub city: Option<String>,
    pub country: Option<StateCode>,
    pub kind: EngagementKind,
    pub secretariat: Vec<Slug>,
    pub counterparts: Vec<Counterpart>,
    pub states: Vec<StateCode>,
    pub organizations: Vec<Slug>,
    pub topics: Vec<String>,
    pub summary: Option<String>,
    pub news: Option<Slug>,
    /// `unconfirmed` when the date is only known to lie within `when`.
    pub provenance: Provenance,
}

impl Engagement {
    /// The most topics one engagement lists.
    pub const MAX_TOPICS: usize = 50;

    /// What is wrong with the engagement on its own, each problem with the field it concerns
    /// (as the API names it): a city or topic that is empty or not one line, a list naming
    /// something twice or more than an engagement names. References are the store's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if let Some(c) = &self.city
            && !one_line(c)
        {
            out.push((
                "city".into(),
                "a city is one line of text; leave it out if unknown".into(),
            ));
        }
        if self.topics.len() > Self::MAX_TOPICS {
            out.push((
                "topics".into(),
                format!("an engagement lists at most {} topics", Self::MAX_TOPICS),
            ));
        } else if let Some(i) = self.topics.iter().position(|t| !one_line(t)) {
            out.push((format!("topics[{i}]"), "a topic is one line of text".into()));
        }
        if let Some(i) = self
            .counterparts
            .iter()
            .position(|c| self.secretariat.contains(&c.person))
        {
            out.push((
                format!("counterparts[{i}].person"),
                "is on the Secretariat's side of the engagement; a counterpart is whom the Secretariat met".into(),
            ));
        }
        if let Some(i) = self
            .counterparts
            .iter()
            .position(|c| c.title.as_deref().is_some_and(|t| !one_line(t)))
        {
            out.push((
                format!("counterparts[{i}].title"),
                "a title is one line of text".into(),
            ));
        }
        let people: Vec<&Slug> = self.counterparts.iter().map(|c| &c.person).collect();
        for (field, problem) in [
            ("secretariat", repeated(&self.secretariat)),
            ("counterparts", repeated(&people)),
            ("states", repeated(&self.states)),
            ("organizations", repeated(&self.organizations)),
        ] {
            if let Some(p) = problem {
                out.push((field.into(), p));
            }
        }
        out
    }

    /// The day to count as the last contact: the end of a confirmed span, the start of an
    /// uncertain one (so an undated contact never looks more recent than it may be).
    pub fn contact_day(&self) -> NaiveDate {
        if self.provenance.unconfirmed {
            self.when.start()
        } else {
            self.when.end()
        }
    }
}

/// Place and date(s) as printed at the head of a press release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub place: String,
    pub span: DateSpan,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsItem {
    pub slug: Slug,
    pub title: String,
    pub kind: NewsKind,
    pub dateline: Option<Dateline>,
    /// The day the item is filed under: the dateline's first day, or an editor's date.
    pub date: NaiveDate,
    pub date_confirmed: bool,
    pub date_note: Option<String>,
    pub spotlight: bool,
    pub activities: bool,
    pub issue: Option<Quarter>,
    pub position: Option<u32>,
    pub states: Vec<StateCode>,
    pub bodies: Vec<Slug>,
    pub people: Vec<Slug>,
    pub organizations: Vec<Slug>,
    pub language: String,
    pub source: String,
    /// Paragraphs separated by a blank line.
    pub body: String,
    /// Imported and not yet published by an editor: not shown to the public.
    pub draft: bool,
    /// Photographs printed with the item, in order.
    pub photos: Vec<Photo>,
}

/// A photograph printed with a news item: an image of the records ([`Media`]) and its caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The [`Media`] name of the image, such as `ski-tour-2025.jpg`.
    pub media: MediaName,
    pub caption: String,
    pub credit: Option<String>,
    /// What the image shows, for a reader who cannot see it; not the caption again. None:
    /// the caption beside it says all there is, and the image is marked as saying nothing
    /// more (empty alternative text).
    pub alt: Option<String>,
}

/// The name of an image of the records: lowercase letters, digits and hyphens, then `.png`,
/// `.jpg` or `.jpeg`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MediaName(String);

impl MediaName {
    pub fn parse(text: &str) -> Result<Self, MediaError> {
        let ok = text.rsplit_once('.').is_some_and(|(stem, ext)| {
            Slug::parse(stem).is_ok() && ImageKind::from_extension(ext).is_some()
        });
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(MediaError::Name(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind of image the name's extension promises.
    pub fn kind(&self) -> ImageKind {
        self.0
            .rsplit_once('.')
            .and_then(|(_, ext)| ImageKind::from_extension(ext))
            .unwrap_or(ImageKind::Jpeg)
    }
}

impl std::fmt::Display for MediaName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The image formats every reader of the Digest opens: the print edition, browsers, feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "png" => Some(Self::Png),
            "jpg" | "jpeg" => Some(Self::Jpeg),
            _ => None,
        }
    }

    /// What the bytes are, from their signature.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
        }
    }
}

/// Why an image cannot be part of the records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error(
        "`{0}` is not an image name: use lowercase letters, digits and hyphens, then .png, .jpg or .jpeg"
    )]
    Name(String),
    #[error("`{0}` is not a PNG or JPEG image")]
    NotAnImage(String),
    #[error("`{name}` is named as a {named} image but holds a {found} one")]
    Mismatch {
        name: String,
        named: &'static str,
        found: &'static str,
    },
    #[error("`{name}` is {size} bytes; images are limited to {limit} bytes")]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
}

/// A smaller copy of a stored image, made for screens: the image itself is the print size
/// (at most 2,480 pixels a side), which a phone should not have to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    /// For a page that shows the photograph across its column: at most 1,280 pixels a side.
    Screen,
    /// For a list's thumbnail or a form's preview: at most 480 pixels a side.
    Thumb,
}

impl Rendition {
    pub const ALL: [Self; 2] = [Self::Screen, Self::Thumb];

    /// Its longest side, in pixels.
    pub fn max_side(self) -> u32 {
        match self {
            Self::Screen => 1280,
            Self::Thumb => 480,
        }
    }

    /// Its name in addresses and records (`screen`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Screen => "screen",
            Self::Thumb => "thumb",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// An image file of the records, such as a photograph printed with a news item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub name: MediaName,
    pub bytes: Vec<u8>,
}

impl Media {
    /// The largest image accepted: a print-quality photograph, well below what would slow the
    /// Digest down.
    pub const MAX_BYTES: usize = 8 * 1024 * 1024;

    /// An image whose bytes are what its name says.
    pub fn new(name: MediaName, bytes: Vec<u8>) -> Result<Self, MediaError> {
        if bytes.len() > Self::MAX_BYTES {
            return Err(MediaError::TooLarge {
                name: name.to_string(),
                size: bytes.len(),
                limit: Self::MAX_BYTES,
            });
        }
        let found =
            ImageKind::sniff(&bytes).ok_or_else(|| MediaError::NotAnImage(name.to_string()))?;
        if found != name.kind() {
            return Err(MediaError::Mismatch {
                name: name.to_string(),
                named: name.kind().label(),
                found: found.label(),
            });
        }
        Ok(Self { name, bytes })
    }

    pub fn media_type(&self) -> &'static str {
        self.name.kind().media_type()
    }
}

impl NewsItem {
    /// The most states (or bodies, people, organizations) one item names.
    pub const MAX_TAGS: usize = 200;
    /// The most photographs one item prints.
    pub const MAX_PHOTOS: usize = 50;

    /// The body's Markdown in the parts a blank line separates, each exactly as written
    /// (indentation kept, for a list item's second paragraph): joined again with a blank line
    /// they give the body back. Parts that are only white space are left out.
    pub fn body_parts(&self) -> impl Iterator<Item = &str> {
        self.body.split("\n\n").filter(|p| !p.trim().is_empty())
    }

    /// What is wrong with the item on its own, each problem with the field it concerns (as the
    /// API names it): an empty headline, body, source or dateline place, a tag given twice, a
    /// language that is not a code, a photograph without a caption or whose alternative text
    /// only repeats it. References are the store's to check.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut refuse = |field: &str, problem: &str| out.push((field.into(), problem.into()));
        for (field, text) in [
            ("title", self.title.as_str()),
            ("body", self.body.as_str()),
            ("source", self.source.as_str()),
        ] {
            if text.trim().is_empty() {
                refuse(field, "must not be empty");
            }
        }
        let one_line = |text: &str| !text.contains(['\n', '\r']);
        let mut lines: Vec<(String, &str)> = vec![
            ("title".into(), self.title.as_str()),
            ("source".into(), self.source.as_str()),
        ];
        if let Some(d) = &self.dateline {
            lines.push(("dateline.place".into(), d.place.as_str()));
        }
        if let Some(n) = &self.date_note {
            lines.push(("date_note".into(), n.as_str()));
        }
        // Over the limit, the list is refused whole (below) and its entries are not read.
        let photos = if self.photos.len() > Self::MAX_PHOTOS {
            &[][..]
        } else {
            &self.photos[..]
        };
        for (i, p) in photos.iter().enumerate() {
            if let Some(c) = &p.credit {
                lines.push((format!("photos[{i}].credit"), c.as_str()));
            }
            if let Some(a) = &p.alt {
                lines.push((format!("photos[{i}].alt"), a.as_str()));
            }
        }
        for (field, text) in lines {
            if !one_line(text) {
                refuse(&field, "must be one line");
            }
        }
        if let Some(d) = &self.dateline
            && d.place.trim().is_empty()
        {
            refuse(
                "dateline.place",
                "a dateline names its place; leave the dateline out if the text prints none",
            );
        }
        if !is_language_code(&self.language) {
            refuse(
                "language",
                "give the language's ISO 639 code in lowercase, such as `en` or `ru`",
            );
        }
        // Over the limit, a list is refused as too long before it is searched for repeats.
        fn twice<T: PartialEq + ToString>(list: &[T]) -> Option<String> {
            if list.len() > NewsItem::MAX_TAGS {
                return Some(String::new());
            }
            list.iter()
                .enumerate()
                .find(|(i, x)| list[..*i].contains(x))
                .map(|(_, x)| x.to_string())
        }
        let tags = [
            ("states", twice(&self.states)),
            ("bodies", twice(&self.bodies)),
            ("people", twice(&self.people)),
            ("organizations", twice(&self.organizations)),
        ];
        for (field, key) in tags {
            match key {
                Some(key) if key.is_empty() => refuse(
                    field,
                    &format!("an item names at most {} of each", Self::MAX_TAGS),
                ),
                Some(key) => refuse(field, &format!("`{key}` is listed twice")),
                None => {}
            }
        }
        if self.photos.len() > Self::MAX_PHOTOS {
            refuse(
                "photos",
                &format!("an item prints at most {} photographs", Self::MAX_PHOTOS),
            );
        }
        for (i, p) in photos.iter().enumerate() {
            if p.caption.trim().is_empty() {
                refuse(&format!("photos[{i}].caption"), "must not be empty");
            }
            match p.alt.as_deref().map(str::trim) {
                Some("") => refuse(
                    &format!("photos[{i}].alt"),
                    "leave it out when the caption says all the image shows, rather than empty",
                ),
                Some(alt) if alt == p.caption.trim() => refuse(
                    &format!("photos[{i}].alt"),
                    "say what the image shows; the caption is printed beside it already",
                ),
                _ => {}
            }
        }
        out
    }
}

/// An ISO 639 language code as the records write it: two or three lowercase letters.
fn is_language_code(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// Splits a text into paragraphs at blank lines, joining the lines of each paragraph.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// Writes plain `text` as Markdown (a news item's body is Markdown) that prints as `text`: each character Markdown could read as
/// markup is escaped, and nothing else. Paragraphs stay separated by a blank line.
pub fn markdown_escape(text: &str) -> String {
    // A carriage return ends a line in Markdown as a line feed does.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Spaces opening a line would make code of it, two closing it a line break.
        let line = line.trim_matches([' ', '\t']);
        // What opens a block only at a line's start: a heading, a quotation, a list item, a
        // rule or a heading's underline, a fence.
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        for (at, c) in line.char_indices() {
            let opens = at == 0 && matches!(c, '#' | '>' | '-' | '+' | '=' | '~');
            let numbered = at == digits && digits > 0 && matches!(c, '.' | ')');
            let entity = c == '&' && entity_at(&line[at..]);
            if opens || numbered || entity || matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<')
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Whether `text` opens with what Markdown reads as a character reference (`&amp;`, `&#38;`).
fn entity_at(text: &str) -> bool {
    let rest = &text[1..];
    let end = rest.find(';');
    end.is_some_and(|end| {
        let name = &rest[..end];
        !name.is_empty()
            && name.len() <= 32
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#')
    })
}

/// One quarterly issue of the CICA Digest as an editorial record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub quarter: Quarter,
    pub title: String,
    pub status: DigestStatus,
    /// The cover's headlines, by item, in order; empty: the spotlight items.
    pub highlights: Vec<Slug>,
    /// The editor's order of the issue's items: those named come first in their section, in
    /// this order; the others follow by their own position, then date.
    pub order: Vec<Slug>,
    /// The editor's choice of spotlight items, replacing the items' own flags; `None`: the
    /// items' flags.
    pub spotlight: Option<Vec<Slug>>,
    pub foreword_author: Option<Slug>,
    pub foreword_title: Option<String>,
    pub foreword: Option<String>,
    /// Whose words the foreword is.
    pub foreword_kind: ForewordKind,
    pub provenance: Provenance,
}

impl Digest {
    /// How many headlines the cover carries when the editor names them.
    pub const HIGHLIGHTS: std::ops::RangeInclusive<usize> = 4..=6;

    /// Whether the item is printed in this issue: it is published, and assigned to the issue
    /// or filed in its quarter and not assigned to another.
    pub fn includes(&self, item: &NewsItem) -> bool {
        !item.draft && self.covers(item)
    }

    /// Whether the item is the issue's to place, published or not: an editor may order a
    /// draft that will be published before the issue is.
    pub fn covers(&self, item: &NewsItem) -> bool {
        match item.issue {
            Some(q) => q == self.quarter,
            None => self.quarter.span().contains(item.date),
        }
    }

    /// The news items the record names, by field: the cover, the order, the spotlight.
    pub fn named_items(&self) -> [(&'static str, &[Slug]); 3] {
        [
            ("highlights", self.highlights.as_slice()),
            ("order", self.order.as_slice()),
            ("spotlight", self.spotlight.as_deref().unwrap_or_default()),
        ]
    }

    /// What is wrong with the record on its own (references are the store's to check): an
    /// empty title, a cover of the wrong length, an item named twice in one list.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push("title: must not be empty".to_owned());
        }
        if !self.highlights.is_empty() && !Self::HIGHLIGHTS.contains(&self.highlights.len()) {
            out.push(format!(
                "highlights: the cover carries {} to {} headlines, not {}; give none to use the spotlight items",
                Self::HIGHLIGHTS.start(),
                Self::HIGHLIGHTS.end(),
                self.highlights.len()
            ));
        }
        for (field, list) in self.named_items() {
            for (i, slug) in list.iter().enumerate() {
                if list[..i].contains(slug) {
                    out.push(format!("{field}: `{slug}` is listed twice"));
                }
            }
        }
        out
    }
}

/// How far an issue of the Digest is from going to print: what the editors' desk shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readiness {
    /// Whether the issue has an editorial record at all.
    pub recorded: bool,
    /// The published items it prints.
    pub published: Vec<Slug>,
    /// Its items still drafts: not printed until published.
    pub drafts: Vec<Slug>,
    /// The cover's headlines the editor chose (none: the spotlight items make the cover).
    pub cover: usize,
    /// The items in the spotlight (the editor's choice, or the items' own flags).
    pub spotlight: usize,
    pub foreword: bool,
    /// Photographs of its items with no description of their own (their caption stands for
    /// them), by item: to look at, not necessarily to change.
    pub photos_without_alt: Vec<(Slug, MediaName)>,
}

impl Readiness {
    /// The issue of `quarter` with its record, if any, against the news items `items` (those
    /// of other issues are passed over).
    pub fn of(quarter: Quarter, record: Option<&Digest>, items: &[NewsItem]) -> Self {
        let covers = |n: &NewsItem| match n.issue {
            Some(q) => q == quarter,
            None => quarter.span().contains(n.date),
        };
        // What the issue prints: its published items; the cover and the spotlight count only
        // those, as the edition does.
        let printed = |slug: &Slug| {
            items
                .iter()
                .any(|n| &n.slug == slug && !n.draft && covers(n))
        };
        let mut out = Readiness {
            recorded: record.is_some(),
            cover: record.map_or(0, |d| d.highlights.iter().filter(|s| printed(s)).count()),
            foreword: record.is_some_and(|d| d.foreword.is_some()),
            ..Readiness::default()
        };
        for n in items.iter().filter(|n| covers(n)) {
            if n.draft {
                out.drafts.push(n.slug.clone());
            } else {
                out.published.push(n.slug.clone());
            }
            for p in n.photos.iter().filter(|p| p.alt.is_none()) {
                out.photos_without_alt
                    .push((n.slug.clone(), p.media.clone()));
            }
        }
        out.spotlight = match record.and_then(|d| d.spotlight.as_ref()) {
            Some(chosen) => chosen.iter().filter(|s| printed(s)).count(),
            // The items' own flags, for the articles of the months (as the edition reads them).
            None => items
                .iter()
                .filter(|n| {
                    covers(n)
                        && !n.draft
                        && n.spotlight
                        && n.kind == NewsKind::Article
                        && !n.activities
                })
                .count(),
        };
        out
    }

    /// Whether the cover is settled: headlines the editor chose, of an accepted number, or
    /// spotlight items to make it of.
    pub fn cover_ready(&self) -> bool {
        Digest::HIGHLIGHTS.contains(&self.cover) || (self.cover == 0 && self.spotlight > 0)
    }
}

/// How to reach the Secretariat: the Digest's back page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// (network, handle)
    pub social: Vec<(String, String)>,
    pub provenance: Provenance,
}

/// Everything the registers, news and calendar hold; what the loader produces and the store
/// persists in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    pub states: Vec<State>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub bodies: Vec<Body>,
    pub chairmanships: Vec<Chairmanship>,
    pub meetings: Vec<Meeting>,
    pub engagements: Vec<Engagement>,
    pub news: Vec<NewsItem>,
    pub digests: Vec<Digest>,
    pub documents: Vec<crate::decision::Document>,
    pub decisions: Vec<crate::decision::Decision>,
    pub silences: Vec<crate::decision::SilenceRecord>,
    pub treaties: Vec<crate::decision::Treaty>,
    /// The Catalogue of CBMs: its priority areas with their coordinators and plans.
    pub cbm_areas: Vec<crate::cbm::PriorityArea>,
    /// Events that implemented the Catalogue's measures.
    pub cbm_activities: Vec<crate::cbm::Activity>,
    /// Contributions to the Secretariat's budget and to the CICA Fund.
    pub contributions: Vec<crate::money::Contribution>,
    /// Projects of the CICA Fund.
    pub fund_projects: Vec<crate::fund::Project>,
    /// Financial reports and external audits of the Secretariat's accounts.
    pub financial_reports: Vec<crate::money::FinancialReport>,
    pub contact: Option<Contact>,
    /// Images the records print, such as news photographs.
    pub media: Vec<Media>,
}
