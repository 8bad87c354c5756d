//! The CICA Fund: its projects from proposal to results.
//!
//! A project is proposed by a Member State, screened by the Secretariat and determined by the
//! Project Review Committee by consensus; only an approved project is implemented, and only
//! then does money leave the Fund. What a project records follows the IATI activity standard
//! (2.03), so that it can be published as IATI data: participating organisations with their
//! roles, activity dates and status, budgets, transactions and results. The review, which IATI
//! does not model, is a list of dated steps, each allowed only after certain others (see
//! [`ReviewStage::may_follow`]); the IATI status is derived from it, never recorded apart.

use chrono::NaiveDate;

use crate::decision::{Decision, DecisionAct};
use crate::money::{Money, Shown, Total};
use crate::{Provenance, Slug, StateCode};

/// A keyword enum of an IATI codelist: each variant with its wire spelling, its IATI code and
/// its name for people as the codelist gives it.
macro_rules! iati_enum {
    ($(#[$meta:meta])* $name:ident {
        $($variant:ident = $text:literal, $code:literal, $label:literal;)+
    }) => {
        keyword_enum!($(#[$meta])* $name { $($variant = $text),+ });

        impl $name {
            /// Its code in the IATI codelist.
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            /// Its name for people, as the IATI codelist gives it.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}

iati_enum!(
    /// What a participant does in a project (IATI `participating-org/@role`).
    OrgRole {
        Funding = "funding", "1", "Funding";
        Accountable = "accountable", "2", "Accountable";
        Extending = "extending", "3", "Extending";
        Implementing = "implementing", "4", "Implementing";
    }
);

iati_enum!(
    /// What kind of organisation a party is (IATI `OrganisationType`).
    OrgType {
        Government = "government", "10", "Government";
        OtherPublicSector = "other-public-sector", "15", "Other Public Sector";
        InternationalNgo = "international-ngo", "21", "International NGO";
        NationalNgo = "national-ngo", "22", "National NGO";
        RegionalNgo = "regional-ngo", "23", "Regional NGO";
        PublicPrivatePartnership = "public-private-partnership", "30", "Public Private Partnership";
        Multilateral = "multilateral", "40", "Multilateral";
        Foundation = "foundation", "60", "Foundation";
        PrivateSector = "private-sector", "70", "Private Sector";
        Academic = "academic", "80", "Academic, Training and Research";
        Other = "other", "90", "Other";
    }
);

iati_enum!(
    /// Where an activity is in its life (IATI `activity-status/@code`); a project's is derived
    /// from its review.
    ActivityStatus {
        Pipeline = "pipeline", "1", "Pipeline/identification";
        Implementation = "implementation", "2", "Implementation";
        Finalisation = "finalisation", "3", "Finalisation";
        Closed = "closed", "4", "Closed";
        Cancelled = "cancelled", "5", "Cancelled";
        Suspended = "suspended", "6", "Suspended";
    }
);

iati_enum!(
    /// What a transaction is (IATI `transaction-type/@code`): money promised to or received by
    /// the project, or promised, paid or spent by it.
    TransactionType {
        IncomingFunds = "incoming-funds", "1", "Incoming Funds";
        OutgoingCommitment = "outgoing-commitment", "2", "Outgoing Commitment";
        Disbursement = "disbursement", "3", "Disbursement";
        Expenditure = "expenditure", "4", "Expenditure";
        IncomingCommitment = "incoming-commitment", "11", "Incoming Commitment";
        OutgoingPledge = "outgoing-pledge", "12", "Outgoing Pledge";
        IncomingPledge = "incoming-pledge", "13", "Incoming Pledge";
    }
);

impl TransactionType {
    /// Whether money comes to the project (a pledge, a commitment or funds received): the
    /// only kinds recorded before the project is approved.
    pub fn is_incoming(self) -> bool {
        matches!(
            self,
            Self::IncomingFunds | Self::IncomingCommitment | Self::IncomingPledge
        )
    }

    /// Whether money leaves the Fund: paid out or spent.
    pub fn is_spending(self) -> bool {
        matches!(self, Self::Disbursement | Self::Expenditure)
    }
}

iati_enum!(
    /// Whether a budget is the first for its period or replaces it (IATI `budget/@type`).
    BudgetType {
        Original = "original", "1", "Original";
        Revised = "revised", "2", "Revised";
    }
);

iati_enum!(
    /// How firm a budget is (IATI `budget/@status`).
    BudgetStatus {
        Indicative = "indicative", "1", "Indicative";
        Committed = "committed", "2", "Committed";
    }
);

iati_enum!(
    /// How an indicator is measured (IATI `indicator/@measure`).
    IndicatorMeasure {
        Unit = "unit", "1", "Unit";
        Percentage = "percentage", "2", "Percentage";
        Nominal = "nominal", "3", "Nominal";
        Ordinal = "ordinal", "4", "Ordinal";
        Qualitative = "qualitative", "5", "Qualitative";
    }
);

iati_enum!(
    /// Which of a project's days an IATI `activity-date` is.
    ActivityDateType {
        PlannedStart = "planned-start", "1", "Planned start";
        ActualStart = "actual-start", "2", "Actual start";
        PlannedEnd = "planned-end", "3", "Planned end";
        ActualEnd = "actual-end", "4", "Actual end";
    }
);

/// The IATI organisation type of a registered organization, by its kind.
pub fn org_type_of(kind: crate::OrgKind) -> OrgType {
    use crate::OrgKind as K;
    match kind {
        K::International | K::Regional | K::Forum => OrgType::Multilateral,
        K::NationalAgency | K::Ministry | K::Parliament => OrgType::Government,
        K::University | K::ThinkTank => OrgType::Academic,
        K::Business | K::Media => OrgType::PrivateSector,
        K::Ngo => OrgType::InternationalNgo,
        K::Other => OrgType::Other,
    }
}

/// A party to a project or a transaction: a state, a registered organisation, or one the
/// register does not hold, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    State(StateCode),
    Organization(Slug),
    Named { name: String, kind: OrgType },
}

impl Party {
    /// Its IATI organisation type where the project knows it: a state is a government; a
    /// registered organisation's type is its record's.
    pub fn org_type(&self) -> Option<OrgType> {
        match self {
            Self::State(_) => Some(OrgType::Government),
            Self::Organization(_) => None,
            Self::Named { kind, .. } => Some(*kind),
        }
    }

    /// Whether two parties are one: named ones by their name, whatever its case or spacing.
    fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Named { name: a, .. }, Self::Named { name: b, .. }) => a
                .split_whitespace()
                .map(str::to_lowercase)
                .eq(b.split_whitespace().map(str::to_lowercase)),
            (a, b) => a == b,
        }
    }

    fn unnamed(&self) -> bool {
        matches!(self, Self::Named { name, .. } if name.trim().is_empty())
    }
}

/// A party and what it does in the project (IATI `participating-org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub party: Party,
    pub role: OrgRole,
}

/// A place where the project works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub name: String,
    /// ISO 3166-1 alpha-2, as IATI writes countries ("AF").
    pub country: String,
    pub note: Option<String>,
}

/// A budget for a period (IATI `budget`). A revised budget replaces the original one of the
/// same period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub kind: BudgetType,
    pub status: BudgetStatus,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub value: Money,
    /// The day whose exchange rate converts the value (IATI `value/@value-date`).
    pub value_date: NaiveDate,
}

/// Money promised, received, paid or spent (IATI `transaction`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    pub kind: TransactionType,
    pub day: NaiveDate,
    pub value: Money,
    pub value_date: NaiveDate,
    pub provider: Option<Party>,
    pub receiver: Option<Party>,
    pub description: Option<String>,
    /// The contribution record it draws on, for money coming from a contributor.
    pub contribution: Option<Slug>,
}

/// A result the project aims at, with the indicators that measure it (IATI `result`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectResult {
    pub title: String,
    pub description: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// How a result is measured (IATI `indicator`): where it started, what it aims at, what was
/// reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub title: String,
    pub measure: IndicatorMeasure,
    /// What is counted: "t", "farmers".
    pub unit: Option<String>,
    pub baseline: Option<Measurement>,
    pub target: Option<Measurement>,
    pub actual: Option<Measurement>,
}

/// One value of an indicator, with the day (or the first day of the year) it holds for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    pub year_or_day: NaiveDate,
    /// A decimal as text, kept exactly as written: "15", "45.5". A qualitative indicator may
    /// leave it empty and say what was found in the comment.
    pub value: String,
    pub comment: Option<String>,
}

/// Whether `text` is a plain decimal: digits, a leading minus at most, and at most one point
/// with digits on both sides ("15", "-2", "45.5"); no grouping, no exponent, no plus sign.
pub fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match digits.split_once('.') {
        Some((whole, fraction)) => all_digits(whole) && all_digits(fraction),
        None => all_digits(digits),
    }
}

/// Whether `text` has the form of an ISO 3166-1 alpha-2 code: two capital letters.
fn is_alpha2(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// The slug of the body whose consensus approves or declines a project: the Project Review
/// Committee of the CICA Fund.
pub const COMMITTEE: &str = "project-review-committee";

keyword_enum!(
    /// Where a project stands in its review and, once approved, in its life.
    ReviewStage {
        /// The proposing Member State has submitted it.
        Submitted = "submitted",
        /// The Secretariat checks it is complete and within the Fund's purpose.
        Screening = "screening",
        /// The Project Review Committee considers it.
        CommitteeReview = "committee-review",
        /// The committee approved it by consensus.
        Approved = "approved",
        /// The committee declined it by consensus.
        Declined = "declined",
        /// The proposing state withdrew it before a determination.
        Withdrawn = "withdrawn",
        Implementation = "implementation",
        Suspended = "suspended",
        /// The work is done; the accounts are being closed.
        Completed = "completed",
        Closed = "closed",
        /// Stopped for good after approval.
        Cancelled = "cancelled",
    }
);

impl ReviewStage {
    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Submitted => "Submitted",
            Self::Screening => "Screening by the Secretariat",
            Self::CommitteeReview => "Review by the Project Review Committee",
            Self::Approved => "Approved",
            Self::Declined => "Declined",
            Self::Withdrawn => "Withdrawn",
            Self::Implementation => "Implementation",
            Self::Suspended => "Suspended",
            Self::Completed => "Completed",
            Self::Closed => "Closed",
            Self::Cancelled => "Cancelled",
        }
    }

    /// The stages that may come next, in the order of the workflow; none for a final stage.
    /// Review is never skipped: only the committee's review leads to a determination, and
    /// only an approval to implementation. The proposing state may withdraw until a
    /// determination; an approved project may be suspended (and resumed) or cancelled.
    pub fn next(self) -> &'static [ReviewStage] {
        match self {
            Self::Submitted => &[Self::Screening, Self::Withdrawn],
            Self::Screening => &[Self::CommitteeReview, Self::Withdrawn],
            Self::CommitteeReview => &[Self::Approved, Self::Declined, Self::Withdrawn],
            Self::Approved => &[Self::Implementation, Self::Suspended, Self::Cancelled],
            Self::Implementation => &[Self::Completed, Self::Suspended, Self::Cancelled],
            Self::Suspended => &[Self::Implementation, Self::Cancelled],
            Self::Completed => &[Self::Closed],
            Self::Declined | Self::Withdrawn | Self::Closed | Self::Cancelled => &[],
        }
    }

    /// Whether this stage may follow `prev`, the stage before it (none for the first step,
    /// which is always the submission).
    pub fn may_follow(self, prev: Option<ReviewStage>) -> bool {
        match prev {
            None => self == Self::Submitted,
            Some(p) => p.next().contains(&self),
        }
    }

    /// Whether it is the committee's determination, which rests on its consensus decision.
    pub fn is_determination(self) -> bool {
        matches!(self, Self::Approved | Self::Declined)
    }

    /// The IATI status of a project at this stage.
    pub fn status(self) -> ActivityStatus {
        match self {
            Self::Submitted | Self::Screening | Self::CommitteeReview | Self::Approved => {
                ActivityStatus::Pipeline
            }
            Self::Implementation => ActivityStatus::Implementation,
            Self::Completed => ActivityStatus::Finalisation,
            Self::Closed => ActivityStatus::Closed,
            Self::Declined | Self::Withdrawn | Self::Cancelled => ActivityStatus::Cancelled,
            Self::Suspended => ActivityStatus::Suspended,
        }
    }
}

/// One step of a project's review and life, with its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStep {
    pub stage: ReviewStage,
    /// None only for a step recorded from sources that do not date it (a project reviewed
    /// before the platform kept the Fund); a determination is always dated, and the platform
    /// dates every step it records.
    pub day: Option<NaiveDate>,
    /// The committee's decision an approval or a decline rests on; other steps may name the
    /// decision behind them too, but need not.
    pub decided_by: Option<Slug>,
    pub note: Option<String>,
}

/// A project of the CICA Fund, as an IATI activity with its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: Slug,
    pub title: String,
    pub description: String,
    /// The Member State that proposed it.
    pub proposed_by: StateCode,
    pub participants: Vec<Participant>,
    /// In the order they happened; the first is the submission.
    pub review: Vec<ReviewStep>,
    pub planned_start: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub locations: Vec<Location>,
    /// ISO 3166-1 alpha-2 codes ("AF").
    pub recipient_countries: Vec<String>,
    pub budgets: Vec<Budget>,
    pub transactions: Vec<Transaction>,
    pub results: Vec<ProjectResult>,
    pub news: Vec<Slug>,
    pub provenance: Provenance,
}

/// Problems found so far, each with the field it concerns.
#[derive(Default)]
struct Found(Vec<(String, String)>);

impl Found {
    fn add(&mut self, field: impl Into<String>, text: impl Into<String>) {
        self.0.push((field.into(), text.into()));
    }
}

impl Project {
    /// The stage it has reached: its last step's.
    pub fn stage(&self) -> Option<ReviewStage> {
        self.review.last().map(|s| s.stage)
    }

    /// Its IATI status, derived from its stage (in the pipeline before any step).
    pub fn status(&self) -> ActivityStatus {
        self.stage()
            .map_or(ActivityStatus::Pipeline, ReviewStage::status)
    }

    /// The day the committee approved it, if it did.
    pub fn approved_on(&self) -> Option<NaiveDate> {
        let approval = self
            .review
            .iter()
            .find(|s| s.stage == ReviewStage::Approved);
        approval.and_then(|s| s.day)
    }

    /// Whether everyone may see it: once approved, and ever after (suspended, cancelled or
    /// closed). Submissions in the pipeline, and declined or withdrawn ones, are the
    /// Secretariat's and the committee's.
    pub fn is_public(&self) -> bool {
        self.approved_on().is_some()
    }

    /// Whether `actor` may know of it: everyone once it is approved; before (and when declined
    /// or withdrawn), the Member States' delegates and the Secretariat, who review it.
    pub fn visible_to(&self, actor: &crate::access::Actor) -> bool {
        self.is_public() || crate::access::may_read(actor, crate::decision::Visibility::Members)
    }

    /// Its days as IATI `activity-date`s, those it records.
    pub fn activity_dates(&self) -> Vec<(ActivityDateType, NaiveDate)> {
        use ActivityDateType as D;
        let dates = [
            (D::PlannedStart, self.planned_start),
            (D::ActualStart, self.actual_start),
            (D::PlannedEnd, self.planned_end),
            (D::ActualEnd, self.actual_end),
        ];
        dates
            .into_iter()
            .filter_map(|(k, d)| Some((k, d?)))
            .collect()
    }

    /// The budgets that count: for each period, its last revised budget, or else its last
    /// original one.
    pub fn current_budgets(&self) -> Vec<&Budget> {
        use BudgetType::{Original, Revised};
        let all = self.budgets.iter().enumerate();
        let replaced = |i: usize, b: &Budget| {
            all.clone().any(|(j, o)| {
                o.start == b.start
                    && o.end == b.end
                    && match (b.kind, o.kind) {
                        (Original, Revised) => true,
                        (Revised, Original) => false,
                        _ => j > i,
                    }
            })
        };
        all.clone()
            .filter(|&(i, b)| !replaced(i, b))
            .map(|(_, b)| b)
            .collect()
    }

    /// The budget, summed per currency over the budgets that count.
    pub fn budget_total(&self) -> Total {
        sum(self.current_budgets().into_iter().map(|b| b.value))
    }

    /// What was paid out or spent: disbursements and expenditure, summed per currency.
    pub fn disbursed(&self) -> Total {
        let spent = self.transactions.iter().filter(|t| t.kind.is_spending());
        sum(spent.map(|t| t.value))
    }

    /// What is wrong with it, each with the field it concerns: an empty title; a party
    /// listed twice in one role, or an approved project without a funding and an implementing
    /// participant; no steps, a step the one before does not allow, a day before the step
    /// before, an approval or decline naming no decision; an end before its start, or an
    /// actual start before approval; a country not in alpha-2; a budget's period ending before
    /// it begins, a budget of zero or less, two original budgets for one period; a transaction
    /// other than money coming in dated before the day of approval; an indicator's value that
    /// is not a plain decimal. Whether the decisions named are recorded and the committee's is
    /// for [`check_decision`], where they are loaded.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Found::default();
        if self.title.trim().is_empty() {
            out.add("title", "give the project's title");
        }
        self.participant_problems(&mut out);
        self.review_problems(&mut out);
        self.date_problems(&mut out);
        self.place_problems(&mut out);
        self.budget_problems(&mut out);
        self.transaction_problems(&mut out);
        self.result_problems(&mut out);
        out.0
    }

    fn participant_problems(&self, out: &mut Found) {
        for (i, p) in self.participants.iter().enumerate() {
            let at = |name: &str| format!("participants[{i}]{name}");
            if p.party.unnamed() {
                out.add(at(".party"), "name the participant");
            }
            let before = &self.participants[..i];
            if before
                .iter()
                .any(|q| q.role == p.role && q.party.same_as(&p.party))
            {
                let role = p.role.label().to_lowercase();
                out.add(
                    at(""),
                    format!("the participant is already listed as {role}"),
                );
            }
        }
        if self.is_public() {
            for role in [OrgRole::Funding, OrgRole::Implementing] {
                if !self.participants.iter().any(|p| p.role == role) {
                    let role = role.label().to_lowercase();
                    out.add(
                        "participants",
                        format!("an approved project names a {role} one"),
                    );
                }
            }
        }
    }

    fn review_problems(&self, out: &mut Found) {
        if self.review.is_empty() {
            out.add(
                "review",
                "record the submission: a project's review begins with it",
            );
        }
        for (i, step) in self.review.iter().enumerate() {
            let at = |name: &str| format!("review[{i}].{name}");
            let prev = i.checked_sub(1).and_then(|p| self.review.get(p));
            let stage = step.stage;
            if !stage.may_follow(prev.map(|p| p.stage)) {
                let text = match prev.map(|p| p.stage) {
                    None => format!("a review begins with the submission, not {stage}"),
                    Some(p) if p.next().is_empty() => {
                        format!("{p} is final: {stage} cannot follow")
                    }
                    Some(p) => {
                        let next: Vec<_> = p.next().iter().map(|s| s.as_str()).collect();
                        format!(
                            "{stage} cannot follow {p}: after {p} comes {}",
                            next.join(" or ")
                        )
                    }
                };
                out.add(at("stage"), text);
            }
            let latest = self.review[..i].iter().filter_map(|p| p.day).max();
            if let (Some(day), Some(before)) = (step.day, latest)
                && day < before
            {
                out.add(
                    at("day"),
                    format!("{day} comes before a step before it ({before})"),
                );
            }
            if step.day.is_none() && stage.is_determination() {
                out.add(
                    at("day"),
                    format!("date the {stage} step: a determination is always dated"),
                );
            }
            if stage.is_determination() && step.decided_by.is_none() {
                out.add(
                    at("decided_by"),
                    format!("a project is {stage} only by a consensus decision of the Project Review Committee: name it"),
                );
            }
        }
    }

    fn date_problems(&self, out: &mut Found) {
        for (start, end, field) in [
            (self.planned_start, self.planned_end, "planned_end"),
            (self.actual_start, self.actual_end, "actual_end"),
        ] {
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                out.add(field, format!("{e} comes before the start ({s})"));
            }
        }
        if let Some(start) = self.actual_start {
            match self.approved_on() {
                None => out.add("actual_start", "a project starts only once approved"),
                Some(a) if start < a => {
                    out.add(
                        "actual_start",
                        format!("{start} comes before the approval ({a})"),
                    );
                }
                Some(_) => {}
            }
        }
    }

    fn place_problems(&self, out: &mut Found) {
        let not_alpha2 = |c: &str| format!("`{c}` is not an ISO 3166-1 alpha-2 code (such as AF)");
        for (i, l) in self.locations.iter().enumerate() {
            if l.name.trim().is_empty() {
                out.add(format!("locations[{i}].name"), "name the place");
            }
            if !is_alpha2(&l.country) {
                out.add(format!("locations[{i}].country"), not_alpha2(&l.country));
            }
        }
        for (i, c) in self.recipient_countries.iter().enumerate() {
            let at = format!("recipient_countries[{i}]");
            if !is_alpha2(c) {
                out.add(at, not_alpha2(c));
            } else if self.recipient_countries[..i].contains(c) {
                out.add(at, format!("{c} is listed twice"));
            }
        }
    }

    fn budget_problems(&self, out: &mut Found) {
        for (i, b) in self.budgets.iter().enumerate() {
            let at = |name: &str| format!("budgets[{i}].{name}");
            if b.end < b.start {
                out.add(
                    at("end"),
                    format!("{} comes before the start ({})", b.end, b.start),
                );
            }
            if !b.value.is_positive() {
                out.add(at("value"), "a budget is more than zero");
            }
            let twin = |o: &Budget| o.kind == b.kind && o.start == b.start && o.end == b.end;
            if b.kind == BudgetType::Original && self.budgets[..i].iter().any(twin) {
                out.add(
                    at("kind"),
                    "another original budget has the same period: a change is a revised budget",
                );
            }
        }
    }

    fn transaction_problems(&self, out: &mut Found) {
        let approved = self.approved_on();
        for (i, t) in self.transactions.iter().enumerate() {
            let at = |name: &str| format!("transactions[{i}].{name}");
            if t.value.minor() == 0 {
                out.add(at("value"), "a transaction moves some money");
            }
            if !t.kind.is_incoming() && approved.is_none_or(|a| t.day < a) {
                let what = if t.kind.is_spending() {
                    "nothing is paid out or spent"
                } else {
                    "the Fund promises nothing"
                };
                let kind = t.kind.label().to_lowercase();
                out.add(
                    at("kind"),
                    format!("{what} for a project before the committee approves it: this {kind} is dated {}", t.day),
                );
            }
            for (party, name) in [(&t.provider, "provider"), (&t.receiver, "receiver")] {
                if party.as_ref().is_some_and(Party::unnamed) {
                    out.add(at(name), format!("name the {name}"));
                }
            }
        }
    }

    fn result_problems(&self, out: &mut Found) {
        for (i, r) in self.results.iter().enumerate() {
            if r.title.trim().is_empty() {
                out.add(format!("results[{i}].title"), "say what the result is");
            }
            for (j, ind) in r.indicators.iter().enumerate() {
                let at = |name: &str| format!("results[{i}].indicators[{j}].{name}");
                if ind.title.trim().is_empty() {
                    out.add(at("title"), "say what the indicator measures");
                }
                let qualitative = ind.measure == IndicatorMeasure::Qualitative;
                let values = [
                    ("baseline", &ind.baseline),
                    ("target", &ind.target),
                    ("actual", &ind.actual),
                ];
                for (name, m) in values {
                    let Some(m) = m else { continue };
                    let told = m.comment.as_deref().is_some_and(|c| !c.trim().is_empty());
                    if is_plain_decimal(&m.value) || (qualitative && m.value.is_empty() && told) {
                        continue;
                    }
                    let hint = if qualitative {
                        "; or leave it empty and say it in the comment"
                    } else {
                        ""
                    };
                    out.add(
                        at(&format!("{name}.value")),
                        format!(
                            "`{}` is not a plain decimal (such as 15 or 45.5){hint}",
                            m.value
                        ),
                    );
                }
            }
        }
    }
}

/// Amounts summed per currency.
fn sum(amounts: impl Iterator<Item = Money>) -> Total {
    let mut total = Total::default();
    amounts.for_each(|m| total.add(Shown::Amount(m)));
    total
}

/// Why `decision` cannot support `step`, an approval or a decline, when it cannot: the step
/// names no decision, the decision is not recorded or is another, it was not taken by
/// `committee` (the Project Review Committee's slug), an approval rests on a decision that
/// does not approve (or a decline on one that does), or it is dated after the step. The
/// application calls it with the decision the step names, as it loaded it.
pub fn check_decision(
    step: &ReviewStep,
    decision: Option<&Decision>,
    committee: &Slug,
) -> Result<(), String> {
    let what = match step.stage {
        ReviewStage::Approved => "an approval",
        ReviewStage::Declined => "a decline",
        s => {
            return Err(format!(
                "a {s} step is not a determination of the committee"
            ));
        }
    };
    let Some(named) = &step.decided_by else {
        return Err(format!(
            "{what} names the committee's decision that made it"
        ));
    };
    let Some(d) = decision else {
        return Err(format!(
            "decision `{named}` is not recorded: {what} rests on one"
        ));
    };
    let id = &d.id;
    if id != named {
        return Err(format!(
            "decision `{id}` is not `{named}`, the one the step names"
        ));
    }
    if &d.organ != committee {
        return Err(format!(
            "decision `{id}` was taken by `{}`: only the Project Review Committee (`{committee}`) determines a project",
            d.organ
        ));
    }
    match (step.stage, d.act) {
        (ReviewStage::Approved, act) if act != DecisionAct::Approve => Err(format!(
            "decision `{id}` {} something: an approval rests on a decision to approve",
            act.past()
        )),
        (ReviewStage::Declined, act) if act != DecisionAct::Decline => Err(format!(
            "decision `{id}` {} something: a decline rests on a decision to decline",
            act.past()
        )),
        _ if step.day.is_none_or(|day| d.date > day) => Err(format!(
            "decision `{id}` is dated {}, after the step ({}): a step follows its decision",
            d.date,
            step.day
                .map_or_else(|| "undated".to_owned(), |d| d.to_string())
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::Taken;
    use crate::money::Currency;
    use ReviewStage as S;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test day")
    }

    fn slug(text: &str) -> Slug {
        Slug::parse(text).expect("test slug")
    }

    fn kaz() -> StateCode {
        StateCode::parse("KAZ").expect("test state")
    }

    fn money(text: &str, code: &str) -> Money {
        let currency = Currency::parse(code).expect("test currency");
        Money::parse(text, currency).expect("test amount")
    }

    fn usd(text: &str) -> Money {
        money(text, "USD")
    }

    fn step(stage: ReviewStage, on: NaiveDate) -> ReviewStep {
        let decided_by = stage.is_determination().then(|| slug("prc-2024-1"));
        ReviewStep {
            stage,
            day: Some(on),
            decided_by,
            note: None,
        }
    }

    fn participant(party: Party, role: OrgRole) -> Participant {
        Participant { party, role }
    }

    fn union() -> Party {
        Party::Named {
            name: "Balkh Farmers' Union".into(),
            kind: OrgType::NationalNgo,
        }
    }

    /// A project that went through `stages`, one a day from 1 March 2024, each determination
    /// resting on a decision, with a funder and an implementer.
    fn project(stages: &[ReviewStage]) -> Project {
        let days = day("2024-03-01").iter_days();
        Project {
            id: slug("afghanistan-wheat"),
            title: "Wheat seed for farmers of Balkh".into(),
            description: String::new(),
            proposed_by: kaz(),
            participants: vec![
                participant(Party::State(kaz()), OrgRole::Funding),
                participant(union(), OrgRole::Implementing),
            ],
            review: stages.iter().zip(days).map(|(s, d)| step(*s, d)).collect(),
            planned_start: None,
            actual_start: None,
            planned_end: None,
            actual_end: None,
            locations: vec![],
            recipient_countries: vec![],
            budgets: vec![],
            transactions: vec![],
            results: vec![],
            news: vec![],
            provenance: Provenance::default(),
        }
    }

    fn transaction(kind: TransactionType, on: &str, value: Money) -> Transaction {
        Transaction {
            kind,
            day: day(on),
            value,
            value_date: day(on),
            provider: None,
            receiver: None,
            description: None,
            contribution: None,
        }
    }

    fn fields(p: &Project) -> Vec<String> {
        p.problems().into_iter().map(|(f, _)| f).collect()
    }

    const REVIEWED: &[ReviewStage] = &[S::Submitted, S::Screening, S::CommitteeReview];

    fn approved(more: &[ReviewStage]) -> Project {
        project(&[REVIEWED, &[S::Approved], more].concat())
    }

    /// Every transition the workflow allows, each named; any pair not here is refused.
    const ALLOWED: &str = "
        start            > submitted        a review begins with the submission
        submitted        > screening        the Secretariat screens a submission
        submitted        > withdrawn        a state withdraws its submission
        screening        > committee-review screened, it goes to the committee
        screening        > withdrawn        a state withdraws during screening
        committee-review > approved         the committee approves
        committee-review > declined         the committee declines
        committee-review > withdrawn        a state withdraws before the determination
        approved         > implementation   an approved project is implemented
        approved         > suspended        an approved project is suspended
        approved         > cancelled        an approved project is cancelled
        implementation   > completed        the work is done
        implementation   > suspended        implementation is suspended
        implementation   > cancelled        implementation is cancelled
        suspended        > implementation   a suspended project resumes
        suspended        > cancelled        a suspended project is cancelled
        completed        > closed           a completed project is closed";

    /// Transitions refused, each for a reason worth naming.
    const REFUSED: &str = "
        start            > screening        a review cannot begin without a submission
        start            > approved         nothing is approved that was not submitted
        submitted        > approved         review cannot be skipped from submission to approval
        submitted        > committee-review screening cannot be skipped
        screening        > approved         the committee's review cannot be skipped
        screening        > declined         only the committee declines
        submitted        > implementation   nothing is implemented unapproved
        committee-review > implementation   implementation waits for approval
        approved         > withdrawn        no withdrawal after a determination
        declined         > approved         a decline is final
        declined         > withdrawn        a declined project cannot be withdrawn
        withdrawn        > submitted        a withdrawn submission stays withdrawn
        committee-review > cancelled        only an approved project is cancelled
        screening        > suspended        only an approved project is suspended
        approved         > completed        completion needs implementation
        implementation   > closed           closing needs completion
        closed           > implementation   a closed project stays closed
        cancelled        > implementation   a cancellation is final
        approved         > approved         a stage is not repeated";

    /// The table's rows: the stage before (none at the start), the next, and the row's name.
    fn rows(table: &str) -> Vec<(Option<ReviewStage>, ReviewStage, String)> {
        let stage = |w: &str| ReviewStage::parse(w).expect("a stage of the table");
        let row = |line: &str| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let prev = (words[0] != "start").then(|| stage(words[0]));
            (prev, stage(words[2]), words[3..].join(" "))
        };
        table
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(row)
            .collect()
    }

    #[test]
    fn transitions_are_exactly_those_of_the_table() {
        let allowed = rows(ALLOWED);
        for (prev, next, name) in &allowed {
            assert!(next.may_follow(*prev), "allowed: {name}");
        }
        for (prev, next, name) in rows(REFUSED) {
            assert!(!next.may_follow(prev), "refused: {name}");
        }
        for prev in std::iter::once(None).chain(S::ALL.iter().copied().map(Some)) {
            for next in S::ALL {
                let listed = allowed.iter().any(|(p, n, _)| *p == prev && n == next);
                assert_eq!(next.may_follow(prev), listed, "{prev:?} → {next}");
            }
        }
    }

    #[test]
    fn review_cannot_be_skipped_from_submission_to_approval() {
        let problems = project(&[S::Submitted, S::Approved]).problems();
        let skipped = (
            "review[1].stage".to_owned(),
            "approved cannot follow submitted: after submitted comes screening or withdrawn"
                .to_owned(),
        );
        assert_eq!(problems, [skipped]);
        let unsubmitted = project(&[S::Screening]).problems();
        assert!(unsubmitted[0].1.contains("begins with the submission"));
        assert_eq!(fields(&project(&[])), ["review"]);
    }

    #[test]
    fn an_approval_without_a_decision_is_refused() {
        let mut p = approved(&[]);
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        p.review[3].decided_by = None;
        assert_eq!(fields(&p), ["review[3].decided_by"]);
        let mut declined = project(&[REVIEWED, &[S::Declined]].concat());
        declined.review[3].decided_by = None;
        assert_eq!(fields(&declined), ["review[3].decided_by"]);
        let withdrawn = project(&[S::Submitted, S::Withdrawn]);
        assert!(withdrawn.review[1].decided_by.is_none() && withdrawn.problems().is_empty());
    }

    #[test]
    fn review_days_do_not_go_backwards() {
        let mut p = project(REVIEWED);
        p.review[2].day = Some(day("2024-02-01"));
        assert_eq!(fields(&p), ["review[2].day"]);
    }

    #[test]
    fn a_step_the_sources_do_not_date_is_kept_undated_but_a_determination_is_always_dated() {
        let mut p = approved(&[S::Implementation]);
        p.review[1].day = None;
        p.review[4].day = None;
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        p.review[3].day = None;
        assert_eq!(fields(&p), ["review[3].day"]);
        assert_eq!(p.approved_on(), None);
    }

    #[test]
    fn a_disbursement_before_approval_is_refused() {
        use TransactionType as T;
        let mut p = approved(&[S::Implementation]);
        assert_eq!(p.approved_on(), Some(day("2024-03-04")));
        p.transactions = vec![
            transaction(T::IncomingPledge, "2024-01-10", usd("5000")),
            transaction(T::IncomingFunds, "2024-02-10", usd("5000")),
            transaction(T::Disbursement, "2024-03-03", usd("1000")),
            transaction(T::OutgoingCommitment, "2024-03-01", usd("4000")),
            transaction(T::Disbursement, "2024-03-04", usd("1000")),
            transaction(T::Expenditure, "2024-04-01", usd("500")),
        ];
        assert_eq!(fields(&p), ["transactions[2].kind", "transactions[3].kind"]);
        assert!(
            p.problems()[0]
                .1
                .contains("before the committee approves it")
        );

        let mut pipeline = project(REVIEWED);
        pipeline.transactions = vec![
            transaction(T::IncomingCommitment, "2024-03-02", usd("10")),
            transaction(T::Expenditure, "2030-01-01", usd("10")),
        ];
        assert_eq!(fields(&pipeline), ["transactions[1].kind"]);
    }

    #[test]
    fn a_decision_of_another_organ_cannot_approve_a_project() {
        let prc = slug("project-review-committee");
        let approval = step(S::Approved, day("2024-06-10"));
        let decision = Decision {
            id: slug("prc-2024-1"),
            organ: prc.clone(),
            date: day("2024-06-10"),
            number: 1,
            act: DecisionAct::Approve,
            subject: "the project Wheat seed for farmers of Balkh".into(),
            document: None,
            taken: Taken::AtMeeting(slug("prc-3")),
            statements: vec![],
            provenance: Provenance::default(),
        };
        assert_eq!(check_decision(&approval, Some(&decision), &prc), Ok(()));
        let declining = Decision {
            act: DecisionAct::Decline,
            ..decision.clone()
        };
        let decline_step = step(S::Declined, day("2024-06-10"));
        assert_eq!(
            check_decision(&decline_step, Some(&declining), &prc),
            Ok(())
        );

        let soc = Decision {
            organ: slug("senior-officials-committee"),
            ..decision.clone()
        };
        let noted = Decision {
            act: DecisionAct::TakeNote,
            ..decision.clone()
        };
        let later = Decision {
            date: day("2024-06-11"),
            ..decision.clone()
        };
        let another = Decision {
            id: slug("prc-2024-2"),
            ..decision.clone()
        };
        let unnamed = ReviewStep {
            decided_by: None,
            ..approval.clone()
        };
        let decline = step(S::Declined, day("2024-06-10"));
        let screening = step(S::Screening, day("2024-06-10"));
        let cases: &[(&ReviewStep, Option<&Decision>, &str)] = &[
            (&approval, Some(&soc), "only the Project Review Committee"),
            (&approval, None, "is not recorded"),
            (&approval, Some(&noted), "a decision to approve"),
            (&approval, Some(&later), "after the step"),
            (&approval, Some(&another), "the one the step names"),
            (&unnamed, Some(&decision), "names the committee's decision"),
            (&decline, Some(&decision), "a decision to decline"),
            (&decline, Some(&noted), "a decision to decline"),
            (&screening, Some(&decision), "not a determination"),
        ];
        for (s, d, fragment) in cases {
            let got = check_decision(s, *d, &prc);
            assert!(
                got.as_ref().is_err_and(|e| e.contains(fragment)),
                "{fragment}: {got:?}"
            );
        }
    }

    #[test]
    fn a_project_is_public_once_approved() {
        assert!(!project(REVIEWED).is_public());
        assert!(!project(&[REVIEWED, &[S::Declined]].concat()).is_public());
        assert!(!project(&[S::Submitted, S::Withdrawn]).is_public());
        assert!(approved(&[]).is_public());
        assert!(approved(&[S::Cancelled]).is_public());
        assert_eq!(project(&[]).status(), ActivityStatus::Pipeline);
    }

    #[test]
    fn an_approved_project_has_a_funder_and_an_implementer_each_listed_once_per_role() {
        let mut p = approved(&[]);
        let same_union = Party::Named {
            name: "balkh  farmers' union".into(),
            kind: OrgType::NationalNgo,
        };
        p.participants
            .push(participant(same_union, OrgRole::Implementing));
        p.participants
            .push(participant(Party::State(kaz()), OrgRole::Accountable));
        assert_eq!(fields(&p), ["participants[2]"]);
        p.participants.retain(|q| q.role != OrgRole::Implementing);
        assert_eq!(fields(&p), ["participants"]);
        let mut pipeline = project(REVIEWED);
        pipeline.participants.clear();
        assert!(pipeline.problems().is_empty());
    }

    #[test]
    fn budgets_count_their_latest_revision_and_spending_is_summed_per_currency() {
        use TransactionType as T;
        let budget = |kind, period: (&str, &str), value| Budget {
            kind,
            status: BudgetStatus::Committed,
            start: day(period.0),
            end: day(period.1),
            value,
            value_date: day(period.0),
        };
        let (y2024, y2025, h2025) = (
            ("2024-01-01", "2024-12-31"),
            ("2025-01-01", "2025-12-31"),
            ("2025-01-01", "2025-06-30"),
        );
        let mut p = approved(&[]);
        p.budgets = vec![
            budget(BudgetType::Original, y2024, usd("10000")),
            budget(BudgetType::Revised, y2024, usd("12000")),
            budget(BudgetType::Original, y2025, usd("8000")),
            budget(BudgetType::Original, h2025, money("500", "KZT")),
        ];
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        assert_eq!(p.budget_total().human(), "KZT 500.00 + USD 20,000.00");
        p.transactions = vec![
            transaction(T::IncomingFunds, "2024-05-01", usd("9000")),
            transaction(T::Disbursement, "2024-05-02", usd("4000")),
            transaction(T::Expenditure, "2024-05-03", usd("250.50")),
            transaction(T::Disbursement, "2024-05-04", money("100", "KZT")),
        ];
        assert_eq!(p.disbursed().human(), "KZT 100.00 + USD 4,250.50");

        p.budgets.push(budget(
            BudgetType::Original,
            ("2025-01-01", "2024-12-31"),
            usd("0"),
        ));
        p.budgets
            .push(budget(BudgetType::Original, y2025, usd("1")));
        assert_eq!(
            fields(&p),
            ["budgets[4].end", "budgets[4].value", "budgets[5].kind"]
        );
    }

    #[test]
    fn indicator_values_are_plain_decimals() {
        let decimals = ["15", "45.5", "-2", "0.25"];
        let not = ["", "1,000", "1e3", ".5", "5.", "+5", "15 t", "NaN", "--1"];
        assert!(decimals.iter().all(|t| is_plain_decimal(t)));
        assert!(not.iter().all(|t| !is_plain_decimal(t)));
        let value = |value: &str, comment: Option<&str>| {
            let comment = comment.map(Into::into);
            Some(Measurement {
                year_or_day: day("2024-01-01"),
                value: value.into(),
                comment,
            })
        };
        let indicator = |title: &str, measure, baseline, target, actual| Indicator {
            title: title.into(),
            measure,
            unit: None,
            baseline,
            target,
            actual,
        };
        let mut p = project(REVIEWED);
        p.results = vec![ProjectResult {
            title: "More wheat harvested".into(),
            description: None,
            indicators: vec![
                indicator(
                    "Harvest (t)",
                    IndicatorMeasure::Unit,
                    value("15", None),
                    value("45,5", None),
                    None,
                ),
                indicator(
                    "Trust in seed",
                    IndicatorMeasure::Qualitative,
                    value("", Some("little")),
                    None,
                    value("", None),
                ),
            ],
        }];
        let bad = [
            "results[0].indicators[0].target.value",
            "results[0].indicators[1].actual.value",
        ];
        assert_eq!(fields(&p), bad);
    }

    #[test]
    fn places_dates_and_codes_follow_iati() {
        let mut p = project(REVIEWED);
        p.locations = vec![Location {
            name: "Mazar-i-Sharif".into(),
            country: "AFG".into(),
            note: None,
        }];
        p.recipient_countries = vec!["AF".into(), "AF".into()];
        (p.planned_start, p.planned_end) = (Some(day("2024-05-01")), Some(day("2024-04-01")));
        p.actual_start = Some(day("2024-05-01"));
        let want = [
            "planned_end",
            "actual_start",
            "locations[0].country",
            "recipient_countries[1]",
        ];
        assert_eq!(fields(&p), want);
        assert_eq!(p.activity_dates()[1].0.code(), "2");
        let codes = [
            OrgRole::Implementing.code(),
            TransactionType::IncomingPledge.code(),
            OrgType::Academic.code(),
        ];
        assert_eq!(codes, ["4", "13", "80"]);
        assert_eq!(Party::State(kaz()).org_type(), Some(OrgType::Government));
        assert!(
            TransactionType::ALL
                .iter()
                .all(|t| TransactionType::parse(t.as_str()) == Some(*t))
        );
    }

    /// The IATI status code of each stage, written out apart from the code under test.
    fn expected_status(s: ReviewStage) -> &'static str {
        match s.as_str() {
            "implementation" => "2",
            "completed" => "3",
            "closed" => "4",
            "declined" | "withdrawn" | "cancelled" => "5",
            "suspended" => "6",
            _ => "1",
        }
    }

    proptest! {
        #[test]
        fn problems_are_exactly_refused_transitions_and_missing_decisions(
            steps in prop::collection::vec((prop::sample::select(S::ALL), any::<bool>()), 0..8)
        ) {
            let stages: Vec<_> = steps.iter().map(|(s, _)| *s).collect();
            let mut p = project(&stages);
            for (st, (_, decided)) in p.review.iter_mut().zip(&steps) {
                st.decided_by = decided.then(|| slug("prc-2024-1"));
            }
            let prev = |i: usize| i.checked_sub(1).map(|j| stages[j]);
            let moves_ok = stages.iter().enumerate().all(|(i, s)| s.may_follow(prev(i)));
            let decided_ok = steps.iter().all(|(s, d)| *d || !s.is_determination());
            let valid = !stages.is_empty() && moves_ok && decided_ok;
            prop_assert_eq!(p.problems().is_empty(), valid, "{:?}", p.problems());
            prop_assert_eq!(p.status().code(), stages.last().map_or("1", |s| expected_status(*s)));
        }

        #[test]
        fn a_walk_along_the_table_is_a_valid_review(picks in prop::collection::vec(any::<u8>(), 0..12)) {
            let mut stages = vec![S::Submitted];
            for pick in picks {
                let next = stages[stages.len() - 1].next();
                if next.is_empty() {
                    break;
                }
                stages.push(next[usize::from(pick) % next.len()]);
            }
            let p = project(&stages);
            prop_assert!(p.problems().is_empty(), "{:?}: {:?}", stages, p.problems());
            prop_assert_eq!(p.is_public(), stages.contains(&S::Approved));
            prop_assert_eq!(p.status().code(), expected_status(stages[stages.len() - 1]));
        }
    }
}
