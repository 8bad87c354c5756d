//! The file format: what one TOML file of the dataset may contain, field by field.
//!
//! These types mirror `data/README.md`. Unknown fields are refused, so a misspelt field name
//! is an error rather than silently lost data.

use serde::Deserialize;

/// A date written either as a quoted string or as a bare TOML date.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateText {
    Text(String),
    Toml(toml::value::Datetime),
}

impl DateText {
    pub(crate) fn text(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Toml(d) => d.to_string(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub state: Vec<RawState>,
    #[serde(default)]
    pub organization: Vec<RawOrganization>,
    #[serde(default)]
    pub person: Vec<RawPerson>,
    #[serde(default)]
    pub body: Vec<RawBody>,
    #[serde(default)]
    pub chairmanship: Vec<RawChairmanship>,
    #[serde(default)]
    pub meeting: Vec<RawMeeting>,
    #[serde(default)]
    pub engagement: Vec<RawEngagement>,
    #[serde(default)]
    pub news: Vec<RawNews>,
    #[serde(default)]
    pub digest: Vec<RawDigest>,
    #[serde(default)]
    pub document: Vec<RawDocument>,
    #[serde(default)]
    pub decision: Vec<RawDecision>,
    #[serde(default)]
    pub silence: Vec<RawSilence>,
    #[serde(default)]
    pub treaty: Vec<RawTreaty>,
    #[serde(default)]
    pub contact: Vec<RawContact>,
    #[serde(default)]
    pub cbm_area: Vec<RawCbmArea>,
    #[serde(default)]
    pub cbm_activity: Vec<RawCbmActivity>,
    #[serde(default)]
    pub contribution: Vec<RawContribution>,
    #[serde(default)]
    pub fund_project: Vec<RawFundProject>,
    #[serde(default)]
    pub financial_report: Vec<RawFinancialReport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSocial {
    pub network: String,
    pub handle: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContact {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub social: Vec<RawSocial>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatus {
    pub status: String,
    pub from: Option<DateText>,
    pub until: Option<DateText>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawState {
    pub code: String,
    pub name: String,
    pub official_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub status: Vec<RawStatus>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOrganization {
    pub slug: String,
    pub name: String,
    pub acronym: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: String,
    pub state: Option<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub status: Vec<RawStatus>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRole {
    pub title: String,
    pub state: Option<String>,
    pub organization: Option<String>,
    pub body: Option<String>,
    pub from: Option<DateText>,
    pub until: Option<DateText>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPerson {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: Vec<RawRole>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBody {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: String,
    pub parent: Option<String>,
    pub established: Option<DateText>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChairmanship {
    pub state: String,
    pub from: DateText,
    pub until: Option<DateText>,
    pub theme: Option<String>,
    #[serde(default)]
    pub priorities: Vec<String>,
    pub soc_chair: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOutcome {
    pub act: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeeting {
    pub id: String,
    pub body: String,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub date: DateText,
    pub time: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub format: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub informal: bool,
    pub host: Option<String>,
    pub chair_state: Option<String>,
    pub chair_person: Option<String>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    pub series_note: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub outcome: Vec<RawOutcome>,
    pub next: Option<String>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCounterpart {
    pub person: String,
    pub title: Option<String>,
    pub state: Option<String>,
    pub organization: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEngagement {
    pub id: String,
    pub date: DateText,
    pub city: Option<String>,
    pub country: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub secretariat: Vec<String>,
    #[serde(default)]
    pub counterpart: Vec<RawCounterpart>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub summary: Option<String>,
    pub news: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDateline {
    pub place: String,
    pub date: DateText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNews {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub dateline: Option<RawDateline>,
    pub date: Option<DateText>,
    #[serde(default)]
    pub date_unconfirmed: bool,
    pub date_note: Option<String>,
    #[serde(default)]
    pub spotlight: bool,
    #[serde(default)]
    pub activities: bool,
    pub issue: Option<String>,
    pub position: Option<u32>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub bodies: Vec<String>,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    pub language: Option<String>,
    pub source: String,
    pub body: String,
    #[serde(default)]
    pub photo: Vec<RawPhoto>,
}

/// `[[news.photo]]`: an image file under `media/` and its caption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhoto {
    pub file: String,
    pub caption: String,
    pub credit: Option<String>,
    /// What the image shows, for a reader who cannot see it.
    pub alt: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDigest {
    pub quarter: String,
    pub title: String,
    pub status: Option<String>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub order: Vec<String>,
    pub spotlight: Option<Vec<String>>,
    pub foreword_author: Option<String>,
    pub foreword_title: Option<String>,
    pub foreword: Option<String>,
    /// `own` (the author's own text) or `reported` (an account of it); required with a
    /// foreword.
    pub foreword_kind: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVersion {
    pub number: u32,
    pub date: DateText,
    pub proposed_by: String,
    pub note: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocument {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub visibility: String,
    pub status: String,
    pub body: Option<String>,
    #[serde(default)]
    pub version: Vec<RawVersion>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    pub state: String,
    pub stance: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDecision {
    pub id: String,
    pub organ: String,
    pub date: DateText,
    pub number: Option<u32>,
    pub act: String,
    pub subject: String,
    pub document: Option<String>,
    pub version: Option<u32>,
    pub meeting: Option<String>,
    pub silence: Option<String>,
    #[serde(default)]
    pub statement: Vec<RawStatement>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSilenceEvent {
    pub kind: String,
    pub at: String,
    pub state: Option<String>,
    pub stance: Option<String>,
    pub text: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSilence {
    pub id: String,
    pub organ: String,
    pub act: String,
    pub subject: String,
    pub document: Option<String>,
    pub version: Option<u32>,
    pub chair: String,
    pub chair_time_zone: String,
    pub opened_at: String,
    pub expires_at: String,
    /// False when only the days are known and the instants are placeholders.
    pub times_known: Option<bool>,
    pub decision: Option<String>,
    /// The decision the procedure acts on (a recommendation), by id.
    pub basis: Option<String>,
    #[serde(default)]
    pub event: Vec<RawSilenceEvent>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDelay {
    #[serde(default)]
    pub months: u32,
    #[serde(default)]
    pub days: u32,
    #[serde(default)]
    pub first_of_next_month: bool,
}

/// A second condition of entry into force: parties' weights must reach `required`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeightCondition {
    pub label: String,
    pub required: u64,
    /// Each participant's weight, by state code, in one integer unit.
    #[serde(default)]
    pub weights: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTreatyAction {
    pub party: String,
    pub kind: String,
    pub act: Option<DateText>,
    pub deposit: Option<DateText>,
    pub deposited_by: Option<DateText>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTreaty {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    pub concluded: Option<DateText>,
    pub place: Option<String>,
    pub depositary: Option<String>,
    /// How it enters into force: `threshold` (the default), `on-signature`, `on-date` or
    /// `on-notification`.
    pub entry: Option<String>,
    /// For `on-date`: the day it names.
    pub entry_date: Option<DateText>,
    /// For `on-notification`: the parties whose notification of completed domestic
    /// procedures it waits for.
    #[serde(default)]
    pub notifying: Vec<String>,
    /// Applied provisionally from this day (usually signature).
    pub provisional_from: Option<DateText>,
    /// For a threshold: false when the deposits on record cannot be counted against it.
    pub count_known: Option<bool>,
    /// The treaty a protocol amends or supplements.
    pub parent: Option<String>,
    /// For a threshold: how many counted instruments are needed.
    pub threshold: Option<u32>,
    #[serde(default)]
    pub counted: Vec<String>,
    /// Participants whose instruments do not count toward the threshold.
    #[serde(default)]
    pub not_counted: Vec<String>,
    /// From the threshold (or the last notification) to entry into force; none: that day.
    pub delay: Option<RawDelay>,
    pub later_delay: Option<RawDelay>,
    /// From the deposit of a denunciation or withdrawal to its effect; none: on deposit.
    pub exit_delay: Option<RawDelay>,
    pub second_condition: Option<RawWeightCondition>,
    pub clause_text: String,
    #[serde(default)]
    pub complete: bool,
    #[serde(default)]
    pub action: Vec<RawTreatyAction>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A priority area of the Catalogue of CBMs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCbmArea {
    pub slug: String,
    pub dimension: String,
    pub name: String,
    pub short_name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub term: Vec<RawCbmTerm>,
    #[serde(default)]
    pub plan: Vec<RawCbmPlan>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A state's term as coordinator or co-coordinator of an area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCbmTerm {
    pub state: String,
    pub role: String,
    pub from: DateText,
    pub until: Option<DateText>,
    pub decision: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// An action plan of an area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCbmPlan {
    pub first_year: i32,
    pub last_year: Option<i32>,
    pub adopted: Option<DateText>,
    pub decision: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// An event that implemented measures of an area.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCbmActivity {
    pub slug: String,
    pub area: String,
    pub kind: String,
    pub title: String,
    pub date: DateText,
    pub place: Option<String>,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub organisers: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    pub states_reported: Option<u32>,
    pub summary: Option<String>,
    #[serde(default)]
    pub meetings: Vec<String>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContribution {
    pub id: String,
    /// Exactly one of the four contributor fields.
    pub contributor_state: Option<String>,
    pub contributor_organization: Option<String>,
    pub contributor_person: Option<String>,
    pub contributor_name: Option<String>,
    /// With `contributor_name`: agency, organization, company, person or other.
    pub contributor_kind: Option<String>,
    pub recipient: String,
    pub kind: String,
    pub in_kind: Option<String>,
    pub project: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub visibility: String,
    /// The currency of the movements' amounts; needed when any has one.
    pub currency: Option<String>,
    pub excess_note: Option<String>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub movement: Vec<RawMovement>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMovement {
    pub stage: String,
    pub day: DateText,
    /// A decimal written as a string ("12500.00"), never a TOML number.
    pub amount: Option<String>,
    pub document: Option<String>,
    pub note: Option<String>,
}

/// A party: exactly one of `state`, `organization` or `name` (with `org_type`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParty {
    pub state: Option<String>,
    pub organization: Option<String>,
    pub name: Option<String>,
    pub org_type: Option<String>,
    /// In a participant: its role.
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStep {
    pub stage: String,
    /// Left out when the sources do not date the step.
    pub day: Option<DateText>,
    pub decision: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocation {
    pub name: String,
    pub country: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBudget {
    pub kind: String,
    pub status: String,
    pub start: DateText,
    pub end: DateText,
    pub amount: String,
    pub currency: String,
    pub value_date: DateText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransaction {
    pub kind: String,
    pub day: DateText,
    pub amount: String,
    pub currency: String,
    pub value_date: DateText,
    pub provider: Option<RawParty>,
    pub receiver: Option<RawParty>,
    pub description: Option<String>,
    pub contribution: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeasurement {
    pub day: DateText,
    pub value: String,
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    pub title: String,
    pub measure: String,
    pub unit: Option<String>,
    pub baseline: Option<RawMeasurement>,
    pub target: Option<RawMeasurement>,
    pub actual: Option<RawMeasurement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawResult {
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub indicator: Vec<RawIndicator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFundProject {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub proposed_by: String,
    #[serde(default)]
    pub recipient_countries: Vec<String>,
    pub planned_start: Option<DateText>,
    pub actual_start: Option<DateText>,
    pub planned_end: Option<DateText>,
    pub actual_end: Option<DateText>,
    #[serde(default)]
    pub news: Vec<String>,
    #[serde(default)]
    pub participant: Vec<RawParty>,
    #[serde(default)]
    pub step: Vec<RawStep>,
    #[serde(default)]
    pub location: Vec<RawLocation>,
    #[serde(default)]
    pub budget: Vec<RawBudget>,
    #[serde(default)]
    pub transaction: Vec<RawTransaction>,
    #[serde(default)]
    pub result: Vec<RawResult>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFinancialReport {
    pub id: String,
    pub kind: String,
    pub from: DateText,
    pub to: DateText,
    pub auditor: Option<String>,
    pub document: Option<String>,
    pub decision: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}
