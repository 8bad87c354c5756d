//! The Catalogue of confidence-building measures: its five dimensions, their priority areas,
//! and the states that coordinate each area for a term.
//!
//! An area has one coordinator at a time and any number of co-coordinators; a state holds one
//! role in an area at a time. Terms are dated as the sources give them (a day, a month, a
//! year), start on the first day of their `from` and run until the first day of their `until`
//! (the day the next term began), or on while open.

use chrono::{Datelike, NaiveDate};

use crate::decision::Visibility;
use crate::{DateSpan, PartialDate, Provenance, Slug, StateCode};

keyword_enum!(
    /// The five dimensions of the Catalogue (2004, updated 12 October 2021).
    Dimension {
        MilitaryPolitical = "military-political",
        NewChallenges = "new-challenges-and-threats",
        Economic = "economic",
        Environmental = "environmental",
        Human = "human",
    }
);

impl Dimension {
    /// Its name for people: "New challenges and threats".
    pub fn label(self) -> &'static str {
        match self {
            Self::MilitaryPolitical => "Military-political",
            Self::NewChallenges => "New challenges and threats",
            Self::Economic => "Economic",
            Self::Environmental => "Environmental",
            Self::Human => "Human",
        }
    }
}

keyword_enum!(
    /// A state's role in a priority area.
    CbmRole {
        Coordinator = "coordinator",
        CoCoordinator = "co-coordinator",
    }
);

/// A state's term in a role of an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoordinatorTerm {
    pub state: StateCode,
    pub role: CbmRole,
    pub from: PartialDate,
    /// The day the term ended (the next began); none while it runs.
    pub until: Option<PartialDate>,
    /// The act that assigned it, where the record holds it (a decision's id).
    pub decided_by: Option<Slug>,
    pub provenance: Provenance,
}

impl CoordinatorTerm {
    fn start(&self) -> NaiveDate {
        self.from.first_day()
    }

    fn end(&self) -> NaiveDate {
        self.until.map_or(NaiveDate::MAX, |u| u.first_day())
    }

    /// Whether the term runs on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.start() <= day && day < self.end()
    }

    fn shares_a_day_with(&self, other: &Self) -> bool {
        self.start() < other.end() && other.start() < self.end()
    }
}

/// A priority area of a dimension, with its coordinators over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityArea {
    pub slug: Slug,
    pub dimension: Dimension,
    /// "Security of and in the use of ICTs"; for a dimension coordinated as a whole, its name.
    pub name: String,
    /// A name short enough for a column heading ("ICT security"), when the name is long.
    pub short_name: Option<String>,
    /// What the area covers, in a sentence or two.
    pub description: Option<String>,
    /// The measures agreed or listed for it, as the sources name them.
    pub measures: Vec<String>,
    pub terms: Vec<CoordinatorTerm>,
    /// Its action plans, oldest first.
    pub plans: Vec<ActionPlan>,
    pub provenance: Provenance,
}

/// An action plan of an area for a run of years (the SOC adopts them), as the sources give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlan {
    pub first_year: i32,
    pub last_year: i32,
    /// When it was adopted, as the sources give it.
    pub adopted: Option<PartialDate>,
    /// The decision that adopted it, where the record holds it.
    pub decided_by: Option<Slug>,
    pub provenance: Provenance,
}

impl ActionPlan {
    /// "2024–2025", or "2025" for a single year.
    pub fn years(&self) -> String {
        if self.first_year == self.last_year {
            self.first_year.to_string()
        } else {
            format!("{}\u{2013}{}", self.first_year, self.last_year)
        }
    }

    /// Whether the plan covers `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.first_year <= year && year <= self.last_year
    }
}

keyword_enum!(
    /// What kind of event an implementation activity is.
    ActivityKind {
        Workshop = "workshop",
        Training = "training",
        Conference = "conference",
        Seminar = "seminar",
        ExpertMeeting = "expert-meeting",
        Exercise = "exercise",
        Other = "other",
    }
);

impl ActivityKind {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Workshop => "Workshop",
            Self::Training => "Training",
            Self::Conference => "Conference",
            Self::Seminar => "Seminar",
            Self::ExpertMeeting => "Expert meeting",
            Self::Exercise => "Exercise",
            Self::Other => "Other event",
        }
    }
}

/// An event that implements measures of a priority area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub slug: Slug,
    pub area: Slug,
    pub kind: ActivityKind,
    pub title: String,
    pub when: DateSpan,
    /// Where it took place; `online` is a place too.
    pub place: Option<String>,
    pub online: bool,
    /// The states that organised it (the coordinator first, as the sources list them).
    pub organisers: Vec<StateCode>,
    /// Organizations that organised it with them, or hosted it.
    pub organisations: Vec<Slug>,
    /// Member States named as taking part (the organisers are counted apart).
    pub participants: Vec<StateCode>,
    /// How many Member States took part, as the sources count them (organisers included),
    /// when they give a number; the named ones may be fewer.
    pub states_reported: Option<u32>,
    pub summary: Option<String>,
    pub meetings: Vec<Slug>,
    pub news: Vec<Slug>,
    pub provenance: Provenance,
}

impl Activity {
    /// Every state known to have taken part: organisers, then the participants named.
    pub fn states(&self) -> impl Iterator<Item = &StateCode> {
        self.organisers.iter().chain(
            self.participants
                .iter()
                .filter(|p| !self.organisers.contains(p)),
        )
    }

    /// How many Member States took part: the number the sources give, or else those named.
    pub fn states_count(&self) -> u32 {
        let named = u32::try_from(self.states().count()).unwrap_or(u32::MAX);
        self.states_reported.map_or(named, |n| n.max(named))
    }

    /// Whether `state` is known to have taken part (organised or was named).
    pub fn involves(&self, state: &StateCode) -> bool {
        self.organisers.contains(state) || self.participants.contains(state)
    }

    /// What is wrong with it as recorded, field by field: no title; nobody named as
    /// organising it; a state both organiser and participant, or named twice; a count of
    /// states below those named.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push(("title".to_owned(), "give the activity's title".to_owned()));
        }
        if self.organisers.is_empty() && self.organisations.is_empty() {
            out.push((
                "organisers".to_owned(),
                "name who organised it: `organisers` (states) or `organizations`".to_owned(),
            ));
        }
        for (field, list) in [
            ("organisers", &self.organisers),
            ("participants", &self.participants),
        ] {
            for (i, s) in list.iter().enumerate() {
                if list[..i].contains(s) {
                    out.push((field.to_owned(), format!("`{s}` is named twice")));
                }
            }
        }
        for p in &self.participants {
            if self.organisers.contains(p) {
                out.push((
                    "participants".to_owned(),
                    format!("`{p}` is an organiser already; organisers are counted as taking part"),
                ));
            }
        }
        let named = self.organisers.len() + self.participants.len();
        if let Some(n) = self.states_reported
            && (n as usize) < named
        {
            out.push((
                "states_reported".to_owned(),
                format!(
                    "{n} is fewer than the {named} states named as organisers and participants"
                ),
            ));
        }
        out
    }
}

/// Why a set of terms cannot stand, naming the terms by their place in the list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermProblem {
    #[error(
        "term[{later}]: {state} would coordinate while term[{earlier}]'s coordinator does: an area has one coordinator at a time"
    )]
    TwoCoordinators {
        earlier: usize,
        later: usize,
        state: StateCode,
    },
    #[error(
        "term[{later}]: {state} already holds a role in the area over those days (term[{earlier}])"
    )]
    TwoRoles {
        earlier: usize,
        later: usize,
        state: StateCode,
    },
    #[error("term[{index}]: the term does not end after it begins")]
    EndsBeforeItBegins { index: usize },
}

impl PriorityArea {
    /// Its short name, or its name.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// What is wrong with the area as recorded, field by field as the API names them: no
    /// name, a plan ending before it starts or two plans for one year, and its terms'
    /// problems ([`PriorityArea::term_problems`]) under `coordinators[i]`.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(("name".to_owned(), "give the area's name".to_owned()));
        }
        for (i, p) in self.plans.iter().enumerate() {
            if p.last_year < p.first_year {
                out.push((
                    format!("plans[{i}].last_year"),
                    format!(
                        "the plan ends ({}) before it starts ({})",
                        p.last_year, p.first_year
                    ),
                ));
            } else if let Some(j) = self.plans[..i].iter().position(|e| {
                e.last_year >= e.first_year
                    && e.first_year <= p.last_year
                    && p.first_year <= e.last_year
            }) {
                out.push((
                    format!("plans[{i}]"),
                    format!(
                        "plans[{j}] covers some of {} already: an area has one plan a year",
                        p.years()
                    ),
                ));
            }
        }
        for p in self.term_problems() {
            let (index, problem) = match &p {
                TermProblem::TwoCoordinators {
                    earlier,
                    later,
                    state,
                } => (
                    *later,
                    format!(
                        "{state} would coordinate while {} does (from {}): an area has one coordinator at a time",
                        self.terms[*earlier].state,
                        self.terms[*earlier].from.iso()
                    ),
                ),
                TermProblem::TwoRoles {
                    earlier,
                    later,
                    state,
                } => (
                    *later,
                    format!(
                        "{state} already holds a role in the area over those days (as {} from {})",
                        self.terms[*earlier].role.as_str(),
                        self.terms[*earlier].from.iso()
                    ),
                ),
                TermProblem::EndsBeforeItBegins { index } => {
                    (*index, "the term does not end after it begins".to_owned())
                }
            };
            out.push((format!("coordinators[{index}]"), problem));
        }
        out
    }

    /// What is wrong with the area's terms: a term ending before it begins, two coordinators
    /// at once, one state in two terms at once (two roles, or one role twice). Each pair is
    /// named once, by the later term in the list.
    pub fn term_problems(&self) -> Vec<TermProblem> {
        let mut out = Vec::new();
        for (i, t) in self.terms.iter().enumerate() {
            if t.end() <= t.start() {
                out.push(TermProblem::EndsBeforeItBegins { index: i });
                continue;
            }
            for (j, earlier) in self.terms.iter().enumerate().take(i) {
                if earlier.end() <= earlier.start() || !t.shares_a_day_with(earlier) {
                    continue;
                }
                if t.state == earlier.state {
                    out.push(TermProblem::TwoRoles {
                        earlier: j,
                        later: i,
                        state: t.state.clone(),
                    });
                } else if t.role == CbmRole::Coordinator && earlier.role == CbmRole::Coordinator {
                    out.push(TermProblem::TwoCoordinators {
                        earlier: j,
                        later: i,
                        state: t.state.clone(),
                    });
                }
            }
        }
        out
    }

    /// The terms running on `day`: the coordinator's (at most one, the rules holding) and the
    /// co-coordinators', in the order recorded.
    pub fn terms_on(&self, day: NaiveDate) -> (Option<&CoordinatorTerm>, Vec<&CoordinatorTerm>) {
        let on = || self.terms.iter().filter(move |t| t.holds_on(day));
        (
            on().find(|t| t.role == CbmRole::Coordinator),
            on().filter(|t| t.role == CbmRole::CoCoordinator).collect(),
        )
    }

    /// Who holds each role on `day`: the coordinator and the co-coordinators, as
    /// [`PriorityArea::terms_on`].
    pub fn holders_on(&self, day: NaiveDate) -> (Option<&StateCode>, Vec<&StateCode>) {
        let (lead, co) = self.terms_on(day);
        (
            lead.map(|t| &t.state),
            co.into_iter().map(|t| &t.state).collect(),
        )
    }
}

/// What one state does in one area: its role on the day asked, and how many of the area's
/// activities in the period asked it organised or took part in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Involvement {
    pub role: Option<CbmRole>,
    pub organised: u32,
    pub took_part: u32,
}

impl Involvement {
    /// Whether the state has nothing to do with the area.
    pub fn is_empty(&self) -> bool {
        self.role.is_none() && self.organised == 0 && self.took_part == 0
    }
}

/// One state's involvement in `area`: its role on `day`, and the area's activities held
/// (on one day at least) from `since` to `day` which it organised or is named as taking part
/// in.
pub fn involvement(
    area: &PriorityArea,
    activities: &[Activity],
    state: &StateCode,
    since: NaiveDate,
    day: NaiveDate,
) -> Involvement {
    let role = area
        .terms
        .iter()
        .filter(|t| &t.state == state && t.holds_on(day))
        .map(|t| t.role)
        .next();
    let mut out = Involvement {
        role,
        ..Involvement::default()
    };
    for a in activities
        .iter()
        .filter(|a| a.area == area.slug && within(a, since, day))
    {
        if a.organisers.contains(state) {
            out.organised += 1;
        } else if a.participants.contains(state) {
            out.took_part += 1;
        }
    }
    out
}

/// Whether the activity took place, on one day at least, from `since` to `day`.
fn within(a: &Activity, since: NaiveDate, day: NaiveDate) -> bool {
    since <= a.when.end() && a.when.start() <= day
}

/// The area's activities that began in `year`, up to `day`.
pub fn activities_in_year<'a>(
    area: &'a Slug,
    activities: &'a [Activity],
    year: i32,
    day: NaiveDate,
) -> impl Iterator<Item = &'a Activity> {
    activities
        .iter()
        .filter(move |a| &a.area == area && a.when.start().year() == year && a.when.start() <= day)
}

/// The area's latest activity that began by `day`.
pub fn last_activity<'a>(
    area: &Slug,
    activities: &'a [Activity],
    day: NaiveDate,
) -> Option<&'a Activity> {
    activities
        .iter()
        .filter(|a| &a.area == area && a.when.start() <= day)
        .max_by_key(|a| a.when.end())
}

/// Whether an area is quiet on `day`: no activity of it took place in the twelve months up
/// to that day, the same day a year before included (an activity counts till its last day).
pub fn is_quiet(area: &Slug, activities: &[Activity], day: NaiveDate) -> bool {
    let year_ago = day
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    last_activity(area, activities, day).is_none_or(|a| a.when.end() < year_ago)
}

/// A year's round of implementation reports: the day by which each Member State's report on
/// the year is due, as the Secretariat sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingRound {
    pub year: i32,
    pub due: NaiveDate,
}

/// A Member State's report on what it did to implement the Catalogue's measures in a year,
/// as its delegates filed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub state: StateCode,
    pub year: i32,
    /// `public`, or `members` (Member States and the Secretariat only).
    pub visibility: Visibility,
    /// The day it was first filed: what counts against the due day.
    pub received: NaiveDate,
    /// The day it was filed, or last corrected.
    pub filed: NaiveDate,
    /// The priority areas it reports on.
    pub areas: Vec<Slug>,
    /// The report as the state wrote it.
    pub text: String,
}

/// Why a report cannot be filed as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportProblem {
    #[error("visibility: a report is `public` or `members` (Member States and the Secretariat)")]
    Visibility,
    #[error("year: a report is on a year that has begun ({year} has not)")]
    FutureYear { year: i32 },
    #[error("year: the Catalogue's reports begin with its adoption in 2004, not {year}")]
    BeforeTheCatalogue { year: i32 },
    #[error("state: {state} is not a Member State on {day}, and only Member States report")]
    NotAMember { state: StateCode, day: NaiveDate },
    #[error("state: {state} was not a Member State at the end of {year}, the year reported on")]
    NotAMemberThen { state: StateCode, year: i32 },
    #[error("areas: `{area}` is listed twice")]
    AreaTwice { area: Slug },
}

impl Report {
    /// What is wrong with filing this report on `filed`, given whether its state is a Member
    /// State that day (`member`) and on the last day of the year reported on, or today when
    /// that is to come (`member_then`; see [`Report::reported_on`]); every problem, in the
    /// order of the fields.
    pub fn problems(&self, member: bool, member_then: bool) -> Vec<ReportProblem> {
        let mut out = Vec::new();
        if !matches!(self.visibility, Visibility::Public | Visibility::Members) {
            out.push(ReportProblem::Visibility);
        }
        if self.year > self.filed.year() {
            out.push(ReportProblem::FutureYear { year: self.year });
        }
        if self.year < 2004 {
            out.push(ReportProblem::BeforeTheCatalogue { year: self.year });
        }
        if !member {
            out.push(ReportProblem::NotAMember {
                state: self.state.clone(),
                day: self.filed,
            });
        } else if !member_then {
            out.push(ReportProblem::NotAMemberThen {
                state: self.state.clone(),
                year: self.year,
            });
        }
        for (i, a) in self.areas.iter().enumerate() {
            if self.areas[..i].contains(a) {
                out.push(ReportProblem::AreaTwice { area: a.clone() });
            }
        }
        out
    }

    /// Whether `actor` may read it: a `public` report everyone, a `members` one the Member
    /// States' delegates and the Secretariat ([`may_read`](crate::access::may_read)); to
    /// anyone else it is not there.
    pub fn visible_to(&self, actor: &crate::access::Actor) -> bool {
        crate::access::may_read(actor, self.visibility)
    }

    /// Whether it was first filed after the round's due day (a correction later does not
    /// make it late).
    pub fn late(&self, round: Option<&ReportingRound>) -> bool {
        round.is_some_and(|r| r.year == self.year && self.received > r.due)
    }

    /// The day whose Member States report on `year`, as of `today`: the year's last day, or
    /// today while the year runs.
    pub fn reported_on(year: i32, today: NaiveDate) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |end| end.min(today))
    }
}

/// The states of `members` with no report on `year`, in the order given.
pub fn unreported<'a>(
    members: &'a [StateCode],
    reports: &[Report],
    year: i32,
) -> Vec<&'a StateCode> {
    members
        .iter()
        .filter(|m| !reports.iter().any(|r| r.year == year && &r.state == *m))
        .collect()
}
