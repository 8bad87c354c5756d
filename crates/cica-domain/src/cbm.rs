//! The Catalogue of confidence-building measures: its five dimensions, their priority areas,
//! and the states that coordinate each area for a term.
//!
//! An area has one coordinator at a time and any number of co-coordinators; a state holds one
//! role in an area at a time. Terms are dated as the sources give them (a day, a month, a
//! year), start on the first day of their `from` and run until the first day of their `until`
//! (the day the next term began), or on while open.

use chrono::NaiveDate;

use crate::{PartialDate, Provenance, Slug, StateCode};

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
    pub terms: Vec<CoordinatorTerm>,
    pub provenance: Provenance,
}

/// Why a set of terms cannot stand, naming the terms by their place in the list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermProblem {
    #[error(
        "terms[{later}]: {state} would coordinate while terms[{earlier}]'s coordinator does: an area has one coordinator at a time"
    )]
    TwoCoordinators {
        earlier: usize,
        later: usize,
        state: StateCode,
    },
    #[error(
        "terms[{later}]: {state} already holds a role in the area over those days (terms[{earlier}])"
    )]
    TwoRoles {
        earlier: usize,
        later: usize,
        state: StateCode,
    },
    #[error("terms[{index}]: the term does not end after it begins")]
    EndsBeforeItBegins { index: usize },
}

impl PriorityArea {
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

    /// Who holds each role on `day`: the coordinator (at most one, the rules holding) and the
    /// co-coordinators, in the order recorded.
    pub fn holders_on(&self, day: NaiveDate) -> (Option<&StateCode>, Vec<&StateCode>) {
        let on: Vec<&CoordinatorTerm> = self.terms.iter().filter(|t| t.holds_on(day)).collect();
        (
            on.iter()
                .find(|t| t.role == CbmRole::Coordinator)
                .map(|t| &t.state),
            on.iter()
                .filter(|t| t.role == CbmRole::CoCoordinator)
                .map(|t| &t.state)
                .collect(),
        )
    }
}
