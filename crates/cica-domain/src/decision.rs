//! Documents, decisions and silence procedures as records; treaties with their actions and
//! depositary notifications.
//!
//! The rules that act on them live in [`crate::consensus`], [`crate::silence`] and
//! [`crate::treaty`]; these types hold what the Secretariat records.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::consensus::Position;
use crate::date::PartialDate;
use crate::ids::{Slug, StateCode};
use crate::record::Provenance;
use crate::silence::Procedure;
use crate::treaty::{ActionKind, EifClause, Regime, TreatyAction};

keyword_enum!(
    DocumentKind {
        Charter = "charter",
        Regulations = "regulations",
        ActionPlan = "action-plan",
        Report = "report",
        Statement = "statement",
        ConceptPaper = "concept-paper",
        Declaration = "declaration",
        RoadMap = "road-map",
        Memorandum = "memorandum",
        Proposal = "proposal",
        Other = "other",
    }
);

keyword_enum!(
    /// Who may read a document.
    Visibility {
        Public = "public",
        MembersAndObservers = "members-and-observers",
        Members = "members",
        Secretariat = "secretariat",
    }
);

keyword_enum!(
    DocumentStatus {
        Draft = "draft",
        UnderNegotiation = "under-negotiation",
        Adopted = "adopted",
        Superseded = "superseded",
        Withdrawn = "withdrawn",
    }
);

/// Who put a version forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposer {
    State(StateCode),
    /// The chairing state, acting as Chair.
    Chair,
    Secretariat,
    Body(Slug),
}

impl Proposer {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "chair" => Some(Self::Chair),
            "secretariat" => Some(Self::Secretariat),
            t => match t.split_once(':') {
                Some(("body", b)) => Slug::parse(b).ok().map(Self::Body),
                _ => StateCode::parse(t).ok().map(Self::State),
            },
        }
    }
}

impl fmt::Display for Proposer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::State(c) => write!(f, "{c}"),
            Self::Chair => f.write_str("chair"),
            Self::Secretariat => f.write_str("secretariat"),
            Self::Body(b) => write!(f, "body:{b}"),
        }
    }
}

/// One version of a document, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentVersion {
    pub number: u32,
    pub date: PartialDate,
    pub proposed_by: Proposer,
    /// What this version is, in a sentence ("Kazakhstan's draft, discussed by the SOC").
    pub note: Option<String>,
    /// The text, when the platform holds it.
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub slug: Slug,
    pub title: String,
    pub kind: DocumentKind,
    pub visibility: Visibility,
    pub status: DocumentStatus,
    /// The organ or body that considers it.
    pub body: Option<Slug>,
    pub versions: Vec<DocumentVersion>,
    pub provenance: Provenance,
}

impl Document {
    pub fn version(&self, number: u32) -> Option<&DocumentVersion> {
        self.versions.iter().find(|v| v.number == number)
    }

    pub fn latest(&self) -> Option<&DocumentVersion> {
        self.versions.iter().max_by_key(|v| v.number)
    }

    /// The most versions one document records.
    pub const MAX_VERSIONS: usize = 200;

    /// What is wrong with the document on its own, each problem with the field it concerns
    /// (as the API names it): an empty or multi-line title or note, versions not numbered
    /// 1, 2, 3 … in order, a version's multi-line note or empty text, a source of more than
    /// one line.
    pub fn problems(&self) -> Vec<(String, String)> {
        use crate::record::one_line;
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.title) {
            out.push((
                "title".into(),
                "give the document's title, on one line".into(),
            ));
        }
        if self
            .provenance
            .note
            .as_deref()
            .is_some_and(|n| !one_line(n))
        {
            out.push(("note".into(), "a note is one line of text".into()));
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        if self.versions.len() > Self::MAX_VERSIONS {
            out.push((
                "versions".into(),
                format!("a document records at most {} versions", Self::MAX_VERSIONS),
            ));
        }
        for (i, v) in self.versions.iter().enumerate() {
            if usize::try_from(v.number).ok() != Some(i + 1) {
                out.push((
                    format!("versions[{i}].number"),
                    format!(
                        "versions are numbered 1, 2, 3 … in order: this one is {}, not {}",
                        i + 1,
                        v.number
                    ),
                ));
            }
            if v.note.as_deref().is_some_and(|n| !one_line(n)) {
                out.push((
                    format!("versions[{i}].note"),
                    "a version's note is one line of text".into(),
                ));
            }
            if v.text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                out.push((
                    format!("versions[{i}].text"),
                    "a version's text is left out when the platform does not hold it, never empty"
                        .into(),
                ));
            }
        }
        out
    }

    /// What a save of this document would change in the versions `before` recorded, each as
    /// a problem: a version once recorded is what was circulated and stays as it was (a
    /// correction is a new version), and none is taken away. Versions after them are added.
    pub fn version_changes(&self, before: &Document) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, old) in before.versions.iter().enumerate() {
            match self.versions.get(i) {
                None => {
                    out.push((
                        "versions".into(),
                        format!(
                            "version {} is recorded and cannot be taken away; send every version as read, with any new one after them",
                            old.number
                        ),
                    ));
                    break;
                }
                Some(new) if new != old => out.push((
                    format!("versions[{i}]"),
                    format!(
                        "version {} is recorded as circulated and is not changed: record the corrected text as a new version",
                        old.number
                    ),
                )),
                Some(_) => {}
            }
        }
        out
    }
}

keyword_enum!(
    /// What an organ did by a decision.
    DecisionAct {
        Adopt = "adopt",
        Endorse = "endorse",
        Approve = "approve",
        Establish = "establish",
        Elect = "elect",
        Admit = "admit",
        TakeNote = "take-note",
        Recommend = "recommend",
        /// Turn down what was proposed (a Fund project the committee does not approve).
        Decline = "decline",
    }
);

impl DecisionAct {
    /// "adopted", "took note of".
    pub fn past(self) -> &'static str {
        match self {
            Self::Adopt => "adopted",
            Self::Endorse => "endorsed",
            Self::Approve => "approved",
            Self::Establish => "established",
            Self::Elect => "elected",
            Self::Admit => "admitted",
            Self::TakeNote => "took note of",
            Self::Recommend => "recommended",
            Self::Decline => "declined",
        }
    }
}

/// How a decision was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    AtMeeting(Slug),
    BySilence(Slug),
    /// The sources do not say.
    NotRecorded,
}

/// A decision of an organ, with its place in the organ's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: Slug,
    pub organ: Slug,
    pub date: NaiveDate,
    /// Its number in the organ's register for the year of `date`.
    pub number: u32,
    pub act: DecisionAct,
    /// What was decided, in a line: "the Annual Action Plan of the Think Tank Forum for 2025".
    pub subject: String,
    /// The exact document version it acted on.
    pub document: Option<(Slug, u32)>,
    pub taken: Taken,
    /// Reservations and interpretative statements recorded with it.
    pub statements: Vec<Position>,
    pub provenance: Provenance,
}

impl Decision {
    /// What is wrong with the decision on its own, each problem with the field it concerns
    /// (as the API names it): an empty or multi-line subject, a multi-line note or source, a
    /// statement without its text. Who may make a statement is the consensus rule's, applied
    /// where the states' memberships are known.
    pub fn problems(&self) -> Vec<(String, String)> {
        use crate::record::one_line;
        let mut out: Vec<(String, String)> = Vec::new();
        if !one_line(&self.subject) {
            out.push(("subject".into(), "say what was decided, on one line".into()));
        }
        if self
            .provenance
            .note
            .as_deref()
            .is_some_and(|n| !one_line(n))
        {
            out.push(("note".into(), "a note is one line of text".into()));
        }
        if let Some(i) = self.provenance.sources.iter().position(|s| !one_line(s)) {
            out.push((
                format!("sources[{i}]"),
                "a source is one line of text".into(),
            ));
        }
        for (i, st) in self.statements.iter().enumerate() {
            if !one_line(&st.text) {
                out.push((
                    format!("statements[{i}].text"),
                    "say what the state said, on one line".into(),
                ));
            }
        }
        out
    }

    /// What a save of this decision would change that a decision keeps, as problems: its
    /// place in its organ's register (organ, year, number) and how it was taken (at a
    /// meeting, or by the silence procedure that produced it, on the day it ended).
    pub fn fixed_changes(&self, before: &Decision) -> Vec<(String, String)> {
        use chrono::Datelike;
        let mut out = Vec::new();
        if self.organ != before.organ {
            out.push((
                "organ".into(),
                format!(
                    "a decision keeps its place in the register of the organ that took it (`{}`)",
                    before.organ
                ),
            ));
        }
        if self.number != before.number || self.date.year() != before.date.year() {
            out.push((
                if self.number != before.number {
                    "number"
                } else {
                    "date"
                }
                .into(),
                format!(
                    "a decision keeps its number ({}) in its organ's register for {}",
                    before.number,
                    before.date.year()
                ),
            ));
        }
        match (&before.taken, &self.taken) {
            (Taken::AtMeeting(_), Taken::AtMeeting(_)) => {}
            (Taken::BySilence(a), Taken::BySilence(b))
                if a == b
                    && self.date == before.date
                    && self.act == before.act
                    && self.document == before.document => {}
            (Taken::NotRecorded, Taken::NotRecorded) => {}
            (Taken::BySilence(s), _) => out.push((
                "silence".into(),
                format!(
                    "it was taken by silence procedure `{s}` on the day it ended, on the act and document version circulated; those stay as recorded"
                ),
            )),
            _ => out.push((
                "meeting".into(),
                "how a decision was taken stays as recorded".into(),
            )),
        }
        out
    }
}

/// The register number, such as `SOC/2025/3` or `MC/2024/1`: the organ's short label, or
/// its initials when the label has several words.
pub fn register_number(organ_label: &str, date: NaiveDate, number: u32) -> String {
    use chrono::Datelike;
    let words: Vec<&str> = organ_label.split_whitespace().collect();
    let organ: String = if words.len() > 1 {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase()
    } else {
        organ_label.to_owned()
    };
    format!("{organ}/{}/{number}", date.year())
}

/// A silence procedure as recorded: what was circulated, by which Chair, with its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SilenceRecord {
    pub id: Slug,
    pub organ: Slug,
    pub act: DecisionAct,
    pub subject: String,
    pub document: Option<(Slug, u32)>,
    pub chair: StateCode,
    /// The Chair's time zone (IANA name), for showing the deadline as the Chair reads it.
    pub chair_time_zone: String,
    pub procedure: Procedure,
    /// The decision it produced, once adopted and numbered.
    pub decision: Option<Slug>,
    /// The decision it acts on, such as the Senior Officials Committee's recommendation that
    /// the Ministerial Council then adopts by silence.
    pub basis: Option<Slug>,
    /// False when the sources give only the day of its deadline and its instants are
    /// placeholders: its moments are then said to the day, never to the hour, and its
    /// opening is not stated at all.
    pub times_known: bool,
    pub provenance: Provenance,
}

impl SilenceRecord {
    /// A moment of the procedure as the Chair's clock reads it, to the minute when the
    /// record knows it, to the day otherwise: `19 March 2024 (hour not recorded)`.
    pub fn moment(&self, at: DateTime<Utc>) -> String {
        self.moment_in(at, &self.chair_time_zone)
    }

    /// The same on the clock of the time zone `zone`. Known only to the day, it is the
    /// Chair's day in any zone: the placeholder hour would move it across midnight.
    pub fn moment_in(&self, at: DateTime<Utc>, zone: &str) -> String {
        if self.times_known {
            in_zone(at, zone)
        } else {
            format!(
                "{} (hour not recorded)",
                crate::date::DateSpan::day(self.chair_day(at)).human()
            )
        }
    }

    /// The day of a moment on the Chair's clock.
    pub fn chair_day(&self, at: DateTime<Utc>) -> chrono::NaiveDate {
        match self.chair_time_zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => at.with_timezone(&tz).date_naive(),
            Err(_) => at.date_naive(),
        }
    }
}

/// Whether `name` is an IANA time zone the platform knows (`Asia/Baku`).
pub fn is_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// The instant a clock of the time zone `name` shows as `local`: the earlier of two when the
/// clock is turned back, none when it is turned forward over it or the zone is unknown.
pub fn instant_of_local(local: chrono::NaiveDateTime, name: &str) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let tz = name.parse::<chrono_tz::Tz>().ok()?;
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// An instant as read on the clock of the time zone `name`: `19 March 2024, 18:00 (UTC+04:00)`.
/// Unknown zones fall back to UTC.
pub fn in_zone(instant: DateTime<Utc>, name: &str) -> String {
    match name.parse::<chrono_tz::Tz>() {
        Ok(tz) => {
            let local = instant.with_timezone(&tz);
            let offset = local.format("%:z").to_string();
            format!(
                "{}, {} (UTC{offset})",
                crate::date::DateSpan::day(local.date_naive()).human(),
                local.format("%H:%M")
            )
        }
        Err(_) => format!(
            "{}, {} (UTC)",
            crate::date::DateSpan::day(instant.date_naive()).human(),
            instant.format("%H:%M")
        ),
    }
}

/// The time zone of a Member State's capital, for showing instants as its officials read them.
pub fn capital_time_zone(code: &str) -> Option<&'static str> {
    const ZONES: &[(&str, &str)] = &[
        ("AFG", "Asia/Kabul"),
        ("ARE", "Asia/Dubai"),
        ("AZE", "Asia/Baku"),
        ("BGD", "Asia/Dhaka"),
        ("BHR", "Asia/Bahrain"),
        ("CHN", "Asia/Shanghai"),
        ("EGY", "Africa/Cairo"),
        ("IND", "Asia/Kolkata"),
        ("IRN", "Asia/Tehran"),
        ("IRQ", "Asia/Baghdad"),
        ("ISR", "Asia/Jerusalem"),
        ("JOR", "Asia/Amman"),
        ("KAZ", "Asia/Almaty"),
        ("KGZ", "Asia/Bishkek"),
        ("KHM", "Asia/Phnom_Penh"),
        ("KOR", "Asia/Seoul"),
        ("KWT", "Asia/Kuwait"),
        ("LKA", "Asia/Colombo"),
        ("MNG", "Asia/Ulaanbaatar"),
        ("PAK", "Asia/Karachi"),
        ("PSE", "Asia/Hebron"),
        ("QAT", "Asia/Qatar"),
        ("RUS", "Europe/Moscow"),
        ("THA", "Asia/Bangkok"),
        ("TJK", "Asia/Dushanbe"),
        ("TUR", "Europe/Istanbul"),
        ("UZB", "Asia/Tashkent"),
        ("VNM", "Asia/Ho_Chi_Minh"),
    ];
    ZONES.iter().find(|(c, _)| *c == code).map(|(_, z)| *z)
}

/// The calendar date of an instant in the time zone `name` (UTC if unknown).
pub fn date_in_zone(instant: DateTime<Utc>, name: &str) -> NaiveDate {
    match name.parse::<chrono_tz::Tz>() {
        Ok(tz) => instant.with_timezone(&tz).date_naive(),
        Err(_) => instant.date_naive(),
    }
}

/// What opening a procedure needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSilence {
    pub organ: Slug,
    pub act: DecisionAct,
    pub subject: String,
    pub document: Option<(Slug, u32)>,
    pub chair: StateCode,
    pub chair_time_zone: String,
    pub opened_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The decision it acts on, if any (a recommendation).
    pub basis: Option<Slug>,
}

/// What recording a decision taken at a meeting needs. The store numbers it in its organ's
/// register for the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    /// Its key; the store makes one from the organ, the year and the number when absent.
    pub id: Option<Slug>,
    pub organ: Slug,
    pub meeting: Slug,
    /// A day of the meeting.
    pub date: NaiveDate,
    pub act: DecisionAct,
    pub subject: String,
    pub document: Option<(Slug, u32)>,
    /// Reservations and interpretative statements made when it was adopted.
    pub statements: Vec<Position>,
    pub provenance: Provenance,
}

/// A recorded treaty action, with how sure its dates are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    pub action: TreatyAction,
    /// The deposit date as the sources give it ("2024", "by 17 March 2025").
    pub deposit_text: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

impl ActionRecord {
    /// Whether a deposit is known to the day: the sources give the day itself, not a year or a
    /// latest day. Only such a deposit gets a numbered notification; one known less exactly
    /// is listed as the sources give it, without an invented number or day.
    pub fn deposit_known_to_the_day(&self) -> bool {
        match (self.action.deposit, &self.deposit_text) {
            (Some(d), Some(text)) => *text == crate::date::DateSpan::day(d).human(),
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// An action withdrawn as recorded in error: it stays in the public record, marked, and
/// counts for nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawnAction {
    pub record: ActionRecord,
    /// The day it was withdrawn.
    pub on: NaiveDate,
    /// Why, as the editor said.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Treaty {
    pub slug: Slug,
    pub title: String,
    pub short_title: String,
    pub concluded: Option<NaiveDate>,
    pub place: Option<String>,
    pub depositary: Option<String>,
    pub clause: EifClause,
    /// How it comes to bind: its rule of entry into force, provisional application, and
    /// whether its instruments can be counted.
    pub regime: Regime,
    /// The treaty it amends or supplements, for a protocol.
    pub parent: Option<Slug>,
    /// The clause in words, with its article.
    pub clause_text: String,
    /// Whether the recorded actions are all there are; when not, computed counts are a floor.
    pub complete: bool,
    pub actions: Vec<ActionRecord>,
    pub provenance: Provenance,
}

/// A treaty read on a day: the status its counting clause gives, its condition under its
/// regime, and the sentence that says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub status: crate::treaty::TreatyStatus,
    pub condition: crate::treaty::Condition,
    pub explanation: String,
}

impl Treaty {
    /// Which recorded action may be withdrawn as recorded in error, by its place in
    /// [`Treaty::actions`]: the latest of `party`'s, when it is of `kind` (a party's later
    /// action may rest on an earlier one, a ratification on a signature; no action rests on a
    /// later one) and, when `dates` are given, of those dates (its act, its deposit): the
    /// action a reader chose, not another that became the latest meanwhile. The others'
    /// actions stand: only what the treaty's state is computed from changes.
    pub fn withdrawable(
        &self,
        party: &str,
        kind: ActionKind,
        dates: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    ) -> Result<usize, String> {
        let (at, latest) = self
            .actions
            .iter()
            .enumerate()
            .rev()
            .find(|(_, a)| a.action.party == party)
            .ok_or_else(|| {
                format!(
                    "no action of `{party}` on the {} is recorded",
                    self.short_title
                )
            })?;
        if latest.action.kind != kind {
            return Err(format!(
                "the latest action of `{party}` on the {} is its {}, not the {kind} named: only a party's latest action may be withdrawn, and the later ones first",
                self.short_title, latest.action.kind
            ));
        }
        if dates.is_some_and(|d| d != (latest.action.act, latest.action.deposit)) {
            return Err(format!(
                "the latest {kind} of `{party}` on the {} is not the one named (its dates differ): it may have been withdrawn meanwhile; read the treaty again",
                self.short_title
            ));
        }
        Ok(at)
    }

    /// The actions as the domain's rules take them.
    pub fn plain_actions(&self) -> Vec<TreatyAction> {
        self.actions.iter().map(|a| a.action.clone()).collect()
    }

    /// Whether a depositary issues notices of its deposits: a treaty that waits for a number
    /// of instruments, or any with a depositary named. The parties to a bilateral agreement
    /// notify each other; nobody numbers those notes.
    pub fn has_depositary(&self) -> bool {
        self.depositary.is_some() || self.regime.entry == crate::treaty::Entry::Threshold
    }

    /// What a consent decided at home but not deposited is, as far as the record tells: for a
    /// treaty that runs from notifications, "not yet notified"; otherwise "not yet deposited";
    /// and, where the record is incomplete, only that the step is not recorded.
    pub fn undeposited(&self) -> &'static str {
        let notified = matches!(self.regime.entry, crate::treaty::Entry::OnNotification(_));
        match (notified, self.complete) {
            (true, true) => "not yet notified",
            (true, false) => "notification not recorded",
            (false, true) => "not yet deposited",
            (false, false) => "deposit not recorded",
        }
    }

    /// How the treaty stands on `as_of`, naming parties with `name`.
    pub fn read(&self, as_of: NaiveDate, name: &dyn Fn(&str) -> String) -> Reading {
        use crate::treaty;
        let actions = self.plain_actions();
        let status = treaty::status(&self.clause, &actions, as_of);
        let condition = treaty::condition(
            &self.regime,
            &self.clause,
            &status,
            &actions,
            self.concluded,
            self.complete,
            as_of,
        );
        let explanation = treaty::narrate(
            &self.regime,
            &self.clause,
            &status,
            &condition,
            &actions,
            as_of,
            name,
        );
        Reading {
            status,
            condition,
            explanation,
        }
    }
}

/// A numbered depositary notification, issued for each deposit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub year: i32,
    pub number: u32,
    pub date: NaiveDate,
    pub treaty: Slug,
    pub party: String,
    pub kind: ActionKind,
    pub text: String,
    /// Set when the deposit is not known to the day: the notification is then dated the last
    /// day the deposit could have happened, and this says what the sources give.
    pub date_text: Option<String>,
    /// For a notification that withdraws another, announcing an action recorded in error: the
    /// reference of that one (`DN.2.2025`).
    pub withdraws: Option<String>,
}

impl Notification {
    /// `DN.3.2025`, after the UN's `C.N.…` references.
    pub fn reference(&self) -> String {
        format!("DN.{}.{}", self.number, self.year)
    }
}

/// What a party deposits for an action of `kind`, as a notification says it, up to the
/// treaty's title: "an instrument of accession to".
pub fn instrument(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Ratification => "an instrument of ratification of",
        ActionKind::Acceptance => "an instrument of acceptance of",
        ActionKind::Approval => "an instrument of approval of",
        ActionKind::Accession => "an instrument of accession to",
        ActionKind::Succession => "a notification of succession to",
        ActionKind::FormalConfirmation => "an instrument of formal confirmation of",
        ActionKind::DefinitiveSignature => "a definitive signature of",
        ActionKind::Denunciation => "a notification of denunciation of",
        ActionKind::Withdrawal => "a notification of withdrawal from",
        ActionKind::Signature => "a signature of",
    }
}

/// The text of a notification that withdraws `earlier`, which announced an action recorded in
/// error, plus the treaty's state without it.
pub fn withdrawal_text(
    treaty: &Treaty,
    party_name: &str,
    earlier: &Notification,
    effect: &str,
) -> String {
    format!(
        "The notification {} of {}, announcing that {party_name} deposited {} the {}, was issued on an action recorded in error, and is withdrawn: the deposit is not counted. {effect}",
        earlier.reference(),
        crate::date::DateSpan::day(earlier.date).human(),
        instrument(earlier.kind),
        treaty.title,
    )
}

/// The notification text for a deposit, in one sentence plus the treaty's consequence.
/// `date_text` says when the deposit is known only to the year or by a latest day.
pub fn notification_text(
    treaty: &Treaty,
    party_name: &str,
    kind: ActionKind,
    deposit: NaiveDate,
    date_text: Option<&str>,
    effect: &str,
) -> String {
    let instrument = instrument(kind);
    match date_text {
        Some(when) => format!(
            "{party_name} deposited {instrument} the {} (date as recorded: {when}); the platform counts it from {}. {effect}",
            treaty.title,
            crate::date::DateSpan::day(deposit).human(),
        ),
        None => format!(
            "On {}, {party_name} deposited {instrument} the {}. {effect}",
            crate::date::DateSpan::day(deposit).human(),
            treaty.title
        ),
    }
}
