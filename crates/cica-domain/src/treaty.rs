//! Treaties: actions by participants, the entry-into-force clause as data, and the computation
//! of who is a party, how many more are needed, when the treaty enters into force and when it
//! takes effect for each party.
//!
//! Counting follows depositary practice: only deposits count (a legislature's decision does
//! not), and "the thirtieth day after the date of deposit" is the deposit date plus thirty days,
//! the day after deposit being the first. For a state that deposits after the threshold was
//! reached, its own delay runs from its deposit, and its date is never before the treaty's own.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::date::DateSpan;

keyword_enum!(
    /// What a participant did, as the depositary records it.
    ActionKind {
        Signature = "signature",
        Ratification = "ratification",
        Acceptance = "acceptance",
        Approval = "approval",
        Accession = "accession",
        Succession = "succession",
        FormalConfirmation = "formal-confirmation",
        DefinitiveSignature = "definitive-signature",
        Denunciation = "denunciation",
        Withdrawal = "withdrawal",
    }
);

impl ActionKind {
    /// An instrument expressing consent to be bound.
    pub fn is_consent(self) -> bool {
        matches!(
            self,
            Self::Ratification
                | Self::Acceptance
                | Self::Approval
                | Self::Accession
                | Self::Succession
                | Self::FormalConfirmation
                | Self::DefinitiveSignature
        )
    }

    /// An action ending participation.
    pub fn is_exit(self) -> bool {
        matches!(self, Self::Denunciation | Self::Withdrawal)
    }

    /// The marker the UN Treaty Collection prints after a date: `a` accession, `A`
    /// acceptance, `AA` approval, `d` succession, `c` formal confirmation, `s` definitive
    /// signature; none for ratification.
    pub fn marker(self) -> &'static str {
        match self {
            Self::Accession => "a",
            Self::Acceptance => "A",
            Self::Approval => "AA",
            Self::Succession => "d",
            Self::FormalConfirmation => "c",
            Self::DefinitiveSignature => "s",
            _ => "",
        }
    }
}

/// One action by one participant. `act` is the day of the act itself (signature, or the
/// domestic decision to ratify); `deposit` is when the depositary received the instrument, the
/// only date that counts for entry into force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatyAction {
    pub party: String,
    pub kind: ActionKind,
    pub act: Option<NaiveDate>,
    pub deposit: Option<NaiveDate>,
    pub unconfirmed: bool,
}

/// A waiting period: months, then days, then optionally on to the first day of the next month.
///
/// - "the thirtieth day after": `Delay::days(30)`;
/// - "three months after": `Delay::months(3)`;
/// - "the first day of the month following the expiration of one year after":
///   `Delay::months(12).then_first_of_next_month()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    pub months: u32,
    pub days: u32,
    pub first_of_next_month: bool,
}

impl Delay {
    pub const fn days(days: u32) -> Self {
        Self {
            months: 0,
            days,
            first_of_next_month: false,
        }
    }

    pub const fn months(months: u32) -> Self {
        Self {
            months,
            days: 0,
            first_of_next_month: false,
        }
    }

    pub const fn then_first_of_next_month(self) -> Self {
        Self {
            first_of_next_month: true,
            ..self
        }
    }

    /// The day the delay ends, counted from `from`. Saturates at the end of the calendar.
    pub fn after(&self, from: NaiveDate) -> NaiveDate {
        let d = from
            .checked_add_months(Months::new(self.months))
            .unwrap_or(NaiveDate::MAX);
        let d = d
            .checked_add_days(Days::new(u64::from(self.days)))
            .unwrap_or(NaiveDate::MAX);
        if self.first_of_next_month {
            let (y, m) = if d.month() == 12 {
                (d.year() + 1, 1)
            } else {
                (d.year(), d.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MAX)
        } else {
            d
        }
    }

    /// "the 30th day after", "3 months after", "the first day of the month following 12 months after";
    /// no delay at all is "on the day of" (or "the first day of the month following").
    pub fn describe(&self) -> String {
        if (self.months, self.days) == (0, 0) {
            return if self.first_of_next_month {
                "the first day of the month following".into()
            } else {
                "on the day of".into()
            };
        }
        let base = match (self.months, self.days) {
            (0, d) => format!("the {} day after", crate::rules::ordinal(d)),
            (m, 0) => format!("{m} month{} after", if m == 1 { "" } else { "s" }),
            (m, d) => format!(
                "{m} month{} and {d} days after",
                if m == 1 { "" } else { "s" }
            ),
        };
        if self.first_of_next_month {
            format!(
                "the first day of the month following {}",
                base.trim_start_matches("the ")
            )
        } else {
            base
        }
    }
}

/// A second condition beside the count, such as the Paris Agreement's "accounting in total for
/// at least 55 per cent of global emissions": each party's weight, in any integer unit, and
/// the total the parties must reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightCondition {
    pub label: String,
    pub weights: BTreeMap<String, u64>,
    pub required: u64,
}

/// An entry-into-force clause as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EifClause {
    /// How many counted instruments are needed.
    pub threshold: u32,
    /// Which instrument kinds count toward it.
    pub counted: BTreeSet<ActionKind>,
    /// Parties whose instruments never count toward the threshold (a regional economic
    /// integration organization, for example), though they become parties.
    pub not_counted: BTreeSet<String>,
    /// From the day the threshold is reached to entry into force.
    pub delay: Delay,
    /// For a party depositing after the threshold was reached: from its deposit to its own
    /// date. The treaty's own date is a floor.
    pub later_delay: Delay,
    pub second_condition: Option<WeightCondition>,
    /// From the deposit of a denunciation or withdrawal to the day it takes effect, when the
    /// party stops being one. [`EifClause::standard`] takes effect on deposit (no delay): a
    /// dataset must say so when its treaty's own rule is not known.
    pub exit_delay: Delay,
}

impl EifClause {
    /// The common clause: `threshold` instruments of ratification, acceptance, approval or
    /// accession, then `delay`, the same delay for later joiners.
    pub fn standard(threshold: u32, delay: Delay) -> Self {
        Self {
            threshold,
            counted: [
                ActionKind::Ratification,
                ActionKind::Acceptance,
                ActionKind::Approval,
                ActionKind::Accession,
            ]
            .into_iter()
            .collect(),
            not_counted: BTreeSet::new(),
            delay,
            later_delay: delay,
            second_condition: None,
            exit_delay: Delay::days(0),
        }
    }
}

/// One party with the instrument that made it one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub party: String,
    pub kind: ActionKind,
    pub deposit: NaiveDate,
    /// Its own entry-into-force date, once the treaty's is known.
    pub effective: Option<NaiveDate>,
    /// Whether its instrument counted toward the threshold.
    pub counted: bool,
    pub unconfirmed: bool,
    /// The day a denunciation or withdrawal it has deposited takes effect, when that is
    /// still to come.
    pub leaving: Option<NaiveDate>,
}

/// The treaty's status as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatyStatus {
    /// Parties by deposit date (ties by name).
    pub parties: Vec<Party>,
    /// Counted instruments deposited so far (up to the threshold day when it was reached).
    pub counted: u32,
    /// How many more counted instruments are needed; 0 once the count is reached.
    pub needed: u32,
    /// The deposit that completed the conditions, with its day.
    pub threshold: Option<(String, NaiveDate)>,
    /// The treaty's entry into force, once the conditions are met (possibly a future day).
    pub in_force: Option<NaiveDate>,
    /// One sentence saying why.
    pub explanation: String,
}

/// Computes the status from the actions deposited on or before `as_of`.
///
/// Consents count from their deposit; a denunciation or withdrawal deposited by `as_of` ends
/// participation on the day it takes effect (`exit_delay` after its deposit), and until then
/// the party is one, with the day it leaves. A second consent by the same party (after an
/// exit) is a new entry. Entry into force, once reached, is never undone.
pub fn status(clause: &EifClause, actions: &[TreatyAction], as_of: NaiveDate) -> TreatyStatus {
    // (day it takes effect, is an exit, action), earliest first; on one day, joins first.
    let mut events: Vec<(NaiveDate, bool, &TreatyAction)> = actions
        .iter()
        .filter_map(|a| {
            let deposit = a.deposit.filter(|d| *d <= as_of)?;
            if a.kind.is_consent() {
                Some((deposit, false, a))
            } else if a.kind.is_exit() {
                Some((clause.exit_delay.after(deposit), true, a))
            } else {
                None
            }
        })
        .collect();
    events.sort_by(|a, b| (a.0, a.1, &a.2.party).cmp(&(b.0, b.1, &b.2.party)));

    let mut current: BTreeMap<&str, &TreatyAction> = BTreeMap::new();
    let mut leaving: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    let mut threshold: Option<(String, NaiveDate)> = None;
    let mut counted_at_threshold = 0u32;
    for &(day, exit, a) in &events {
        if exit {
            if day > as_of {
                if current.contains_key(a.party.as_str()) {
                    leaving.insert(&a.party, day);
                }
                continue;
            }
            current.remove(a.party.as_str());
        } else if !current.contains_key(a.party.as_str()) {
            current.insert(&a.party, a);
        }
        if threshold.is_none() && !exit {
            let counted: Vec<&&TreatyAction> = current
                .values()
                .filter(|p| {
                    clause.counted.contains(&p.kind) && !clause.not_counted.contains(&p.party)
                })
                .collect();
            let count = u32::try_from(counted.len()).unwrap_or(u32::MAX);
            let weight_ok = clause.second_condition.as_ref().is_none_or(|w| {
                current
                    .keys()
                    .map(|p| w.weights.get(*p).copied().unwrap_or(0))
                    .sum::<u64>()
                    >= w.required
            });
            if count >= clause.threshold && weight_ok {
                threshold = Some((a.party.clone(), day));
                counted_at_threshold = count;
            }
        }
    }

    let in_force = threshold.as_ref().map(|(_, day)| clause.delay.after(*day));
    let mut parties: Vec<Party> = current
        .values()
        .map(|a| {
            let deposit = a.deposit.unwrap_or(as_of);
            let effective = match (&threshold, in_force) {
                (Some((_, t)), Some(eif)) if deposit <= *t => Some(eif),
                (Some(_), Some(eif)) => Some(clause.later_delay.after(deposit).max(eif)),
                _ => None,
            };
            Party {
                party: a.party.clone(),
                kind: a.kind,
                deposit,
                effective,
                counted: clause.counted.contains(&a.kind) && !clause.not_counted.contains(&a.party),
                unconfirmed: a.unconfirmed,
                leaving: leaving.get(a.party.as_str()).copied(),
            }
        })
        .collect();
    parties.sort_by(|a, b| (a.deposit, &a.party).cmp(&(b.deposit, &b.party)));

    let counted_now =
        u32::try_from(parties.iter().filter(|p| p.counted).count()).unwrap_or(u32::MAX);
    let counted = if threshold.is_some() {
        counted_at_threshold.max(counted_now)
    } else {
        counted_now
    };
    let needed = clause.threshold.saturating_sub(counted);
    let mut s = TreatyStatus {
        parties,
        counted,
        needed,
        threshold,
        in_force,
        explanation: String::new(),
    };
    s.explanation = explain(clause, &s, as_of, &|p| p.to_owned());
    s
}

/// Whether `party` is a party on `day`, or becomes one by an instrument already recorded,
/// whatever its date, without an exit taking effect after it: the test for "already a party".
pub fn existing_party(
    clause: &EifClause,
    actions: &[TreatyAction],
    party: &str,
    day: NaiveDate,
) -> Option<Party> {
    let on_the_day = status(clause, actions, day);
    let at_the_end = status(clause, actions, NaiveDate::MAX);
    on_the_day
        .parties
        .into_iter()
        .chain(at_the_end.parties)
        .find(|p| p.party == party)
}

/// The one-sentence explanation of `s`, naming parties with `name` (their keys by default).
pub fn explain(
    clause: &EifClause,
    s: &TreatyStatus,
    as_of: NaiveDate,
    name: &dyn Fn(&str) -> String,
) -> String {
    let human = |d: NaiveDate| DateSpan::day(d).human();
    let (counted, needed) = (s.counted, s.needed);
    match (&s.threshold, s.in_force) {
        (Some((by, day)), Some(eif)) => {
            let by = name(by);
            let verb = if eif <= as_of {
                "in force since"
            } else {
                "enters into force on"
            };
            let cond = match &clause.second_condition {
                Some(w) => format!(" and {}", w.label),
                None => String::new(),
            };
            format!(
                "{verb} {}: {} the {} instrument{cond}, deposited by {by} on {}",
                human(eif),
                clause.delay.describe(),
                crate::rules::ordinal(clause.threshold),
                human(*day)
            )
        }
        _ if needed == 0 => match &clause.second_condition {
            Some(w) => format!(
                "not yet in force: {counted} instruments deposited, but the parties do not yet meet the condition of {}",
                w.label
            ),
            None => "not yet in force".into(),
        },
        _ => format!(
            "not yet in force: {counted} of the {} instruments needed have been deposited, {needed} more needed; it enters into force {} the {} instrument",
            clause.threshold,
            clause.delay.describe(),
            crate::rules::ordinal(clause.threshold)
        ),
    }
}

/// The status if `party` deposited a counted instrument of `kind` on `deposit`.
pub fn what_if(
    clause: &EifClause,
    actions: &[TreatyAction],
    party: &str,
    kind: ActionKind,
    deposit: NaiveDate,
) -> TreatyStatus {
    let mut all = actions.to_vec();
    all.push(TreatyAction {
        party: party.to_owned(),
        kind,
        act: None,
        deposit: Some(deposit),
        unconfirmed: false,
    });
    let as_of = all
        .iter()
        .filter_map(|a| a.deposit)
        .max()
        .unwrap_or(deposit)
        .max(deposit);
    status(clause, &all, as_of)
}

/// Why a what-if is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    #[error("{party} is not a Member State on that day; only Member States can become parties")]
    NotAMember { party: String },
    #[error("{party} is already a party: its instrument of {kind} counts from {deposit}")]
    AlreadyParty {
        party: String,
        kind: ActionKind,
        deposit: NaiveDate,
    },
}

/// A what-if that could really happen: `party` must be a Member State on `deposit` and not
/// already a party, on that day or by any instrument recorded, earlier or later, that no
/// exit has ended. Its instrument is a ratification if it signed, an accession otherwise.
/// Returns the instrument assumed with the resulting status.
pub fn checked_what_if(
    clause: &EifClause,
    actions: &[TreatyAction],
    party: &str,
    is_member: bool,
    deposit: NaiveDate,
) -> Result<(ActionKind, TreatyStatus), WhatIfError> {
    if !is_member {
        return Err(WhatIfError::NotAMember {
            party: party.to_owned(),
        });
    }
    if let Some(p) = existing_party(clause, actions, party, deposit) {
        return Err(WhatIfError::AlreadyParty {
            party: party.to_owned(),
            kind: p.kind,
            deposit: p.deposit,
        });
    }
    let signed = actions
        .iter()
        .any(|a| a.party == party && a.kind == ActionKind::Signature);
    let kind = if signed {
        ActionKind::Ratification
    } else {
        ActionKind::Accession
    };
    Ok((kind, what_if(clause, actions, party, kind, deposit)))
}

/// Why an action cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("a signature is not deposited; give its date as the act")]
    SignatureDeposited,
    #[error(
        "give the deposit date (or, for a domestic act not yet deposited, the date of the act)"
    )]
    NoDate,
    #[error("a {0} takes effect from its deposit with the depositary; give the deposit date")]
    ExitNotDeposited(ActionKind),
    #[error("{party} is not a Member State on {day}; the treaty is open to Member States only")]
    NotAMember { party: String, day: NaiveDate },
    #[error("{party} is already a party: its instrument of {kind} counts from {deposit}")]
    AlreadyParty {
        party: String,
        kind: ActionKind,
        deposit: NaiveDate,
    },
    #[error("{party} is not a party on {day}; there is nothing to end by a {kind}")]
    NotAParty {
        party: String,
        kind: ActionKind,
        day: NaiveDate,
    },
    #[error("{party} has already deposited its exit, which takes effect on {leaves}")]
    AlreadyLeaving { party: String, leaves: NaiveDate },
}

/// Whether `new` may be recorded after `actions`: the rules every shell shares. A signature
/// has an act date and no deposit; a consent has a deposit or, not yet deposited, the date of
/// its domestic act, and comes from a Member State (`is_member`, on the day of its deposit or
/// act) that is not already a party; a denunciation or withdrawal is deposited by a party.
pub fn check_action(
    clause: &EifClause,
    actions: &[TreatyAction],
    new: &TreatyAction,
    is_member: bool,
) -> Result<(), ActionError> {
    let party = || new.party.clone();
    if new.kind == ActionKind::Signature {
        if new.deposit.is_some() {
            return Err(ActionError::SignatureDeposited);
        }
        if new.act.is_none() {
            return Err(ActionError::NoDate);
        }
    }
    if new.kind.is_exit() {
        let Some(day) = new.deposit else {
            return Err(ActionError::ExitNotDeposited(new.kind));
        };
        let s = status(clause, actions, day);
        return match s.parties.iter().find(|p| p.party == new.party) {
            None => Err(ActionError::NotAParty {
                party: party(),
                kind: new.kind,
                day,
            }),
            Some(Party {
                leaving: Some(leaves),
                ..
            }) => Err(ActionError::AlreadyLeaving {
                party: party(),
                leaves: *leaves,
            }),
            Some(_) => Ok(()),
        };
    }
    let Some(day) = new.deposit.or(new.act) else {
        return Err(ActionError::NoDate);
    };
    if !is_member {
        return Err(ActionError::NotAMember {
            party: party(),
            day,
        });
    }
    if new.kind.is_consent()
        && let Some(p) = existing_party(clause, actions, &new.party, day)
    {
        return Err(ActionError::AlreadyParty {
            party: party(),
            kind: p.kind,
            deposit: p.deposit,
        });
    }
    Ok(())
}

/// A party's consent as one line of a status table: the instrument that counts, with the
/// date of its domestic act when one is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub kind: ActionKind,
    pub act: Option<NaiveDate>,
    pub deposit: NaiveDate,
    /// Its own entry-into-force date, once known (none after it left).
    pub effective: Option<NaiveDate>,
    pub unconfirmed: bool,
}

/// How a participant's exit stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub kind: ActionKind,
    pub deposit: NaiveDate,
    /// The day it stops being a party.
    pub effective: NaiveDate,
}

/// Where one participant stands as of a day: what a per-state view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub signature: Option<NaiveDate>,
    /// Whether it is a party on the day.
    pub party: bool,
    /// The deposited consent that makes it a party, or made it one before it left.
    pub consent: Option<Consent>,
    /// A consent decided at home but not deposited by the day.
    pub pending: Option<(ActionKind, Option<NaiveDate>)>,
    /// Its latest denunciation or withdrawal deposited by the day.
    pub exit: Option<Exit>,
}

/// Where `party` stands as of `as_of`, from all its actions: signature, the consent that
/// counts (a domestic act and its deposit may be recorded as two actions), a consent still to
/// be deposited, and an exit.
pub fn standing(
    clause: &EifClause,
    actions: &[TreatyAction],
    party: &str,
    as_of: NaiveDate,
) -> Standing {
    let mine: Vec<&TreatyAction> = actions.iter().filter(|a| a.party == party).collect();
    let s = status(clause, actions, as_of);
    let current = s.parties.iter().find(|p| p.party == party);
    let exit = mine
        .iter()
        .filter(|a| a.kind.is_exit())
        .filter_map(|a| {
            let d = a.deposit.filter(|d| *d <= as_of)?;
            Some(Exit {
                kind: a.kind,
                deposit: d,
                effective: clause.exit_delay.after(d),
            })
        })
        .max_by_key(|e| e.deposit);
    // The date of the domestic act behind a deposit: on the same action, or on an earlier
    // record of the same kind without a deposit.
    let act_for = |kind: ActionKind, deposit: NaiveDate| {
        mine.iter()
            .filter(|a| a.kind == kind && a.deposit.is_none_or(|d| d == deposit))
            .filter_map(|a| a.act.filter(|x| *x <= deposit))
            .max()
    };
    let consent = match current {
        Some(p) => Some(Consent {
            kind: p.kind,
            act: act_for(p.kind, p.deposit),
            deposit: p.deposit,
            effective: p.effective,
            unconfirmed: p.unconfirmed,
        }),
        None => mine
            .iter()
            .filter(|a| a.kind.is_consent())
            .filter_map(|a| a.deposit.filter(|d| *d <= as_of).map(|d| (d, *a)))
            .max_by_key(|(d, _)| *d)
            .map(|(d, a)| Consent {
                kind: a.kind,
                act: act_for(a.kind, d),
                deposit: d,
                effective: None,
                unconfirmed: a.unconfirmed,
            }),
    };
    // A domestic act is still pending unless a consent was deposited on or after it.
    let consumed = |a: &TreatyAction| {
        mine.iter().any(|c| {
            c.kind.is_consent()
                && c.deposit
                    .is_some_and(|d| d <= as_of && a.act.is_none_or(|x| x <= d))
        })
    };
    let pending = mine
        .iter()
        .filter(|a| a.kind.is_consent() && a.deposit.is_none_or(|d| d > as_of))
        .filter(|a| a.act.is_none_or(|x| x <= as_of) && !consumed(a))
        .max_by_key(|a| a.act)
        .map(|a| (a.kind, a.act));
    Standing {
        signature: mine
            .iter()
            .filter(|a| a.kind == ActionKind::Signature)
            .filter_map(|a| a.act)
            .min(),
        party: current.is_some(),
        consent,
        pending,
        exit,
    }
}

keyword_enum!(
    /// How a treaty enters into force: by a number of instruments (a multilateral clause), on
    /// signature, on a date it names, or on the notification that each side's domestic
    /// procedures are complete (a bilateral or host-country clause).
    EntryKind {
        Threshold = "threshold",
        OnSignature = "on-signature",
        OnDate = "on-date",
        OnNotification = "on-notification",
    }
);

/// The rule of entry into force, beside the counting clause ([`EifClause`]) that only a
/// threshold uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// When the clause's count of instruments is reached.
    Threshold,
    /// On the day of signature (the day it was concluded).
    OnSignature,
    /// On a day the treaty names.
    OnDate(NaiveDate),
    /// The clause's delay after the last of these parties notifies that its domestic
    /// procedures are complete; a notification is recorded as the deposit of its consent,
    /// the domestic act (a ratification law) as the consent's act.
    OnNotification(BTreeSet<String>),
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        match self {
            Self::Threshold => EntryKind::Threshold,
            Self::OnSignature => EntryKind::OnSignature,
            Self::OnDate(_) => EntryKind::OnDate,
            Self::OnNotification(_) => EntryKind::OnNotification,
        }
    }
}

/// How a treaty comes to bind: its rule of entry into force, whether it is applied
/// provisionally before that, and whether the record of instruments can be counted at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regime {
    pub entry: Entry,
    /// Applied provisionally from this day (usually signature) until it enters into force.
    pub provisional_from: Option<NaiveDate>,
    /// For a threshold: whether the deposits on record can be counted against it. When they
    /// cannot (the notifications were never found), the platform does not say the treaty is
    /// not in force: it says its entry into force is not recorded.
    pub count_known: bool,
}

impl Default for Regime {
    fn default() -> Self {
        Self {
            entry: Entry::Threshold,
            provisional_from: None,
            count_known: true,
        }
    }
}

impl Regime {
    /// A what-if ("if this Member State deposited on that day") means something only for a
    /// threshold of Member States' instruments whose deposits can be counted.
    pub fn what_if_applies(&self) -> bool {
        self.entry == Entry::Threshold && self.count_known
    }
}

/// Where entry into force stands as the record shows it on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// In force since the day; `inferred` when a date it rests on is only the latest the
    /// sources allow.
    InForce { since: NaiveDate, inferred: bool },
    /// The conditions are met; it enters into force on a later day.
    Entering { on: NaiveDate, inferred: bool },
    /// The domestic acts it waits for are all recorded, the last on `after`, but not the
    /// notifications it runs from: in force by inference, on a day not recorded.
    InForceInferred { after: NaiveDate },
    /// The record cannot tell.
    NotRecorded,
    /// The record shows the clause unmet.
    NotInForce,
}

/// A treaty's condition on a day: its entry into force, and provisional application while
/// it is not known to be in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    pub entry: EntryState,
    /// Applied provisionally since the day.
    pub provisional: Option<NaiveDate>,
}

impl Condition {
    /// The keyword the API gives: `in-force`, `entering-into-force`, `in-force-inferred`,
    /// `applied-provisionally`, `not-recorded` or `not-in-force`.
    pub fn keyword(&self) -> &'static str {
        match (self.entry, self.provisional) {
            (EntryState::InForce { .. }, _) => "in-force",
            (EntryState::InForceInferred { .. }, _) => "in-force-inferred",
            (_, Some(_)) => "applied-provisionally",
            (EntryState::Entering { .. }, None) => "entering-into-force",
            (EntryState::NotRecorded, None) => "not-recorded",
            (EntryState::NotInForce, None) => "not-in-force",
        }
    }

    /// The short label of a status badge, such as "in force since 1 July 2025".
    pub fn label(&self) -> String {
        let human = |d: NaiveDate| DateSpan::day(d).human();
        match (self.entry, self.provisional) {
            (EntryState::InForce { since, inferred }, _) => format!(
                "in force since {}{}",
                human(since),
                if inferred { " (inferred)" } else { "" }
            ),
            (EntryState::InForceInferred { .. }, _) => "in force (inferred)".into(),
            (_, Some(since)) => format!("applied provisionally since {}", human(since)),
            (EntryState::Entering { on, .. }, None) => {
                format!("enters into force on {}", human(on))
            }
            (EntryState::NotRecorded, None) => "entry into force not recorded".into(),
            (EntryState::NotInForce, None) => "not in force".into(),
        }
    }

    /// The day it entered (or enters) into force, when the record gives one.
    pub fn since(&self) -> Option<NaiveDate> {
        match self.entry {
            EntryState::InForce { since, .. } => Some(since),
            EntryState::Entering { on, .. } => Some(on),
            _ => None,
        }
    }

    /// Whether that day, or being in force at all, is inferred rather than recorded.
    pub fn inferred(&self) -> bool {
        match self.entry {
            EntryState::InForce { inferred, .. } | EntryState::Entering { inferred, .. } => {
                inferred
            }
            EntryState::InForceInferred { .. } => true,
            EntryState::NotRecorded | EntryState::NotInForce => false,
        }
    }

    /// Whether it binds (in force, or applied provisionally) on the day.
    pub fn binding(&self) -> bool {
        matches!(
            self.entry,
            EntryState::InForce { .. } | EntryState::InForceInferred { .. }
        ) || self.provisional.is_some()
    }
}

/// The condition of a treaty on `as_of`, from its regime, its counting clause, the status
/// [`status`] computed for the day and the actions on record. `complete` says whether the
/// record holds every action there is: without it, a party's missing notification is "not
/// recorded" rather than "not made", unless a later act of that party shows it was not made.
pub fn condition(
    regime: &Regime,
    clause: &EifClause,
    s: &TreatyStatus,
    actions: &[TreatyAction],
    concluded: Option<NaiveDate>,
    complete: bool,
    as_of: NaiveDate,
) -> Condition {
    let dated = |day: NaiveDate, inferred: bool| {
        if day <= as_of {
            EntryState::InForce {
                since: day,
                inferred,
            }
        } else {
            EntryState::Entering { on: day, inferred }
        }
    };
    let entry = match &regime.entry {
        Entry::Threshold if !regime.count_known => EntryState::NotRecorded,
        Entry::Threshold => match (s.in_force, &s.threshold) {
            (Some(eif), Some((_, reached))) => {
                let inferred = s
                    .parties
                    .iter()
                    .any(|p| p.counted && p.deposit <= *reached && p.unconfirmed);
                dated(eif, inferred)
            }
            _ => EntryState::NotInForce,
        },
        Entry::OnSignature => match concluded {
            Some(day) if day <= as_of => dated(day, false),
            Some(_) => EntryState::NotInForce,
            None => EntryState::NotRecorded,
        },
        Entry::OnDate(day) => dated(*day, false),
        Entry::OnNotification(parties) => {
            let mut notified: Vec<(NaiveDate, bool)> = Vec::new();
            let mut domestic: Vec<NaiveDate> = Vec::new();
            let mut unmet = false;
            let mut unknown = false;
            for p in parties {
                let mine = || consents_of(actions, p);
                if let Some(n) = notification(actions, p, as_of) {
                    notified.push(n);
                } else if let Some(act) = domestic_act(actions, p, as_of) {
                    // A complete record without the notification shows it was not made.
                    if complete {
                        unmet = true;
                    } else {
                        domestic.push(act);
                    }
                } else if complete || mine().any(|a| a.act.or(a.deposit).is_some_and(|d| d > as_of))
                {
                    unmet = true;
                } else {
                    unknown = true;
                }
            }
            if unmet {
                EntryState::NotInForce
            } else if unknown || parties.is_empty() {
                EntryState::NotRecorded
            } else if let Some(after) = domestic.iter().chain(notified.iter().map(|n| &n.0)).max()
                && !domestic.is_empty()
            {
                // The notification follows the domestic act, and the delay runs from it:
                // before the delay has run from the act, it cannot be in force.
                if clause.delay.after(*after) > as_of {
                    EntryState::NotInForce
                } else {
                    EntryState::InForceInferred { after: *after }
                }
            } else {
                let last = notified.iter().map(|n| n.0).max().unwrap_or(as_of);
                dated(clause.delay.after(last), notified.iter().any(|n| n.1))
            }
        }
    };
    let provisional = regime.provisional_from.filter(|d| {
        *d <= as_of
            && !matches!(
                entry,
                EntryState::InForce { .. } | EntryState::InForceInferred { .. }
            )
    });
    Condition { entry, provisional }
}

/// A party's instruments of consent.
fn consents_of<'a>(
    actions: &'a [TreatyAction],
    party: &'a str,
) -> impl Iterator<Item = &'a TreatyAction> {
    actions
        .iter()
        .filter(move |a| a.party == party && a.kind.is_consent())
}

/// The day `party` notified (deposited its consent) by `as_of`, and whether that day is only
/// a latest bound.
fn notification(
    actions: &[TreatyAction],
    party: &str,
    as_of: NaiveDate,
) -> Option<(NaiveDate, bool)> {
    consents_of(actions, party)
        .filter_map(|a| {
            a.deposit
                .filter(|d| *d <= as_of)
                .map(|d| (d, a.unconfirmed))
        })
        .min()
}

/// The day `party` completed its domestic procedures (the act of its consent) by `as_of`.
fn domestic_act(actions: &[TreatyAction], party: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    consents_of(actions, party)
        .filter_map(|a| a.act.filter(|d| *d <= as_of))
        .min()
}

/// The condition in one sentence, naming parties with `name`: what the portal, the API and
/// the command line say of a treaty.
pub fn narrate(
    regime: &Regime,
    clause: &EifClause,
    s: &TreatyStatus,
    c: &Condition,
    actions: &[TreatyAction],
    as_of: NaiveDate,
    name: &dyn Fn(&str) -> String,
) -> String {
    let human = |d: NaiveDate| DateSpan::day(d).human();
    let inferred_note =
        " (inferred: a deposit it rests on is dated by the latest day the sources allow)";
    let entry = match (&regime.entry, c.entry) {
        (Entry::Threshold, EntryState::NotRecorded) => format!(
            "entry into force not recorded: the instruments that count toward its threshold of {} are not on record",
            clause.threshold
        ),
        (
            Entry::Threshold,
            EntryState::InForce { inferred, .. } | EntryState::Entering { inferred, .. },
        ) => {
            let mut text = explain(clause, s, as_of, name);
            if inferred {
                text.push_str(inferred_note);
            }
            text
        }
        (Entry::Threshold, _) => explain(clause, s, as_of, name),
        (Entry::OnSignature, EntryState::InForce { since, .. }) => {
            format!("in force since {}, on signature", human(since))
        }
        (Entry::OnDate(_), EntryState::InForce { since, .. }) => {
            format!("in force since {}, the date it sets", human(since))
        }
        (Entry::OnDate(_), EntryState::Entering { on, .. }) => {
            format!("enters into force on {}, the date it sets", human(on))
        }
        (Entry::OnNotification(parties), state) => {
            let names = parties
                .iter()
                .map(|p| name(p))
                .collect::<Vec<_>>()
                .join(" and ");
            match state {
                EntryState::InForce { since, inferred }
                | EntryState::Entering {
                    on: since,
                    inferred,
                } => {
                    let verb = if since <= as_of {
                        "in force since"
                    } else {
                        "enters into force on"
                    };
                    format!(
                        "{verb} {}: {} the notification by {names} that domestic procedures are complete{}",
                        human(since),
                        clause.delay.describe(),
                        if inferred { inferred_note } else { "" }
                    )
                }
                EntryState::InForceInferred { .. } => {
                    let done = parties
                        .iter()
                        .filter_map(|p| {
                            domestic_act(actions, p, as_of).map(|d| {
                                format!(
                                    "{} completed its domestic procedures on {}",
                                    name(p),
                                    human(d)
                                )
                            })
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    format!(
                        "in force by inference: {done}, but the day of the notification it runs from is not recorded"
                    )
                }
                EntryState::NotInForce => format!(
                    "not in force: it awaits the notification by {names} that domestic procedures are complete"
                ),
                EntryState::NotRecorded => format!(
                    "entry into force not recorded: nothing is on record of the notification by {names} that domestic procedures are complete"
                ),
            }
        }
        (_, EntryState::NotInForce) => "not in force".into(),
        (_, EntryState::NotRecorded) => "entry into force not recorded".into(),
        (_, EntryState::Entering { on, .. }) => format!("enters into force on {}", human(on)),
        (_, EntryState::InForceInferred { .. }) => "in force by inference".into(),
    };
    match c.provisional {
        Some(since) => format!("applied provisionally since {}; {entry}", human(since)),
        None => entry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_day;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).expect("date")
    }

    fn ratify(party: &str, deposit: &str) -> TreatyAction {
        TreatyAction {
            party: party.into(),
            kind: ActionKind::Ratification,
            act: None,
            deposit: Some(d(deposit)),
            unconfirmed: false,
        }
    }

    #[test]
    fn delays_count_like_a_depositary() {
        // (delay, from, expected)
        let table = [
            (Delay::days(30), "2016-10-05", "2016-11-04"),
            (Delay::days(30), "2016-10-20", "2016-11-19"),
            (Delay::days(30), "2017-02-15", "2017-03-17"),
            (Delay::days(30), "1990-08-03", "1990-09-02"),
            (Delay::days(90), "1950-10-14", "1951-01-12"),
            (Delay::months(3), "2020-11-30", "2021-02-28"),
            (
                Delay::months(12).then_first_of_next_month(),
                "2019-03-15",
                "2020-04-01",
            ),
            (
                Delay::days(0).then_first_of_next_month(),
                "2019-12-31",
                "2020-01-01",
            ),
        ];
        for (delay, from, want) in table {
            assert_eq!(delay.after(d(from)), d(want), "{} {from}", delay.describe());
        }
        // (delay, in words)
        let words = [
            (Delay::days(30), "the 30th day after"),
            (Delay::days(0), "on the day of"),
            (
                Delay::days(0).then_first_of_next_month(),
                "the first day of the month following",
            ),
            (Delay::months(3), "3 months after"),
            (
                Delay::months(12).then_first_of_next_month(),
                "the first day of the month following 12 months after",
            ),
        ];
        for (delay, want) in words {
            assert_eq!(delay.describe(), want);
        }
    }

    #[test]
    fn a_crc_like_clause_with_synthetic_deposits() {
        // The Convention on the Rights of the Child's clause: 20 instruments, in force on the
        // 30th day after the 20th, 2 September 1990, the 20th having been deposited on 3 August
        // 1990. A reliable table of the first twenty deposit dates was not at hand, so the
        // parties and their other dates here are synthetic; only the clause, the 20th
        // deposit and the resulting date are the real ones.
        let clause = EifClause::standard(20, Delay::days(30));
        let mut actions: Vec<TreatyAction> = (1..=19)
            .map(|i| ratify(&format!("S{i:02}"), "1990-07-01"))
            .collect();
        actions.push(ratify("S20", "1990-08-03"));
        actions.push(ratify("S21", "1990-08-20"));
        actions.push(ratify("S22", "1990-10-01"));
        let s = status(&clause, &actions, d("1990-12-31"));
        assert_eq!(s.in_force, Some(d("1990-09-02")));
        assert_eq!(s.needed, 0);
        let eff = |p: &str| {
            s.parties
                .iter()
                .find(|x| x.party == p)
                .and_then(|x| x.effective)
        };
        assert_eq!(eff("S01"), Some(d("1990-09-02")));
        // Deposited after the 20th but before entry into force: 30 days after, never earlier.
        assert_eq!(eff("S21"), Some(d("1990-09-19")));
        assert_eq!(eff("S22"), Some(d("1990-10-31")));
        assert!(s.explanation.starts_with("in force since 2 September 1990: the 30th day after the 20th instrument, deposited by S20 on 3 August 1990"), "{}", s.explanation);
    }

    #[test]
    fn only_deposits_count_and_one_more_is_needed() {
        let clause = EifClause::standard(14, Delay::days(30));
        let mut actions: Vec<TreatyAction> = (1..=13)
            .map(|i| ratify(&format!("M{i:02}"), "2024-01-01"))
            .collect();
        // A domestic act without a deposit does not count.
        actions.push(TreatyAction {
            party: "KWT".into(),
            kind: ActionKind::Ratification,
            act: Some(d("2025-01-01")),
            deposit: None,
            unconfirmed: false,
        });
        // Nor does a signature.
        actions.push(TreatyAction {
            party: "QAT".into(),
            kind: ActionKind::Signature,
            act: Some(d("2010-06-08")),
            deposit: Some(d("2010-06-08")),
            unconfirmed: false,
        });
        let s = status(&clause, &actions, d("2025-03-17"));
        assert_eq!((s.counted, s.needed, s.in_force), (13, 1, None));
        assert!(
            s.explanation
                .contains("13 of the 14 instruments needed have been deposited, 1 more needed"),
            "{}",
            s.explanation
        );
        let w = what_if(
            &clause,
            &actions,
            "KWT",
            ActionKind::Ratification,
            d("2025-06-01"),
        );
        assert_eq!(w.in_force, Some(d("2025-07-01")));
        assert!(
            w.explanation.contains("enters into force on 1 July 2025")
                || w.explanation.contains("in force since 1 July 2025"),
            "{}",
            w.explanation
        );
        assert!(
            w.explanation.contains("deposited by KWT on 1 June 2025"),
            "{}",
            w.explanation
        );
    }

    #[test]
    fn a_second_condition_holds_entry_into_force_back() {
        let mut clause = EifClause::standard(3, Delay::days(30));
        clause.second_condition = Some(WeightCondition {
            label: "55% of the weight".into(),
            weights: [("A", 10), ("B", 10), ("C", 10), ("D", 40)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            required: 55,
        });
        let actions = vec![
            ratify("A", "2016-01-01"),
            ratify("B", "2016-02-01"),
            ratify("C", "2016-03-01"),
            ratify("D", "2016-04-01"),
        ];
        let s = status(&clause, &actions[..3], d("2016-03-31"));
        assert_eq!((s.needed, s.in_force), (0, None));
        let s = status(&clause, &actions, d("2016-12-31"));
        assert_eq!(s.threshold, Some(("D".to_owned(), d("2016-04-01"))));
        assert_eq!(s.in_force, Some(d("2016-05-01")));
    }

    #[test]
    fn withdrawal_before_the_threshold_uncounts() {
        let clause = EifClause::standard(2, Delay::days(30));
        let mut w = ratify("A", "2020-03-01");
        w.kind = ActionKind::Withdrawal;
        let actions = vec![ratify("A", "2020-01-01"), w, ratify("B", "2020-04-01")];
        let s = status(&clause, &actions, d("2020-12-31"));
        assert_eq!((s.counted, s.in_force), (1, None));
    }

    fn action(
        party: &str,
        kind: ActionKind,
        act: Option<&str>,
        deposit: Option<&str>,
    ) -> TreatyAction {
        TreatyAction {
            party: party.into(),
            kind,
            act: act.map(d),
            deposit: deposit.map(d),
            unconfirmed: false,
        }
    }

    #[test]
    fn an_exit_takes_effect_after_its_delay() {
        // (exit delay, as of, is A a party, the day it leaves if still to come, B's count)
        let table = [
            (Delay::days(0), "2021-06-30", false, None),
            (Delay::days(0), "2021-06-29", true, None),
            (Delay::months(12), "2021-06-30", true, Some("2022-06-30")),
            (Delay::months(12), "2022-06-29", true, Some("2022-06-30")),
            (Delay::months(12), "2022-06-30", false, None),
            (
                Delay::months(6).then_first_of_next_month(),
                "2021-12-31",
                true,
                Some("2022-01-01"),
            ),
            (
                Delay::months(6).then_first_of_next_month(),
                "2022-01-01",
                false,
                None,
            ),
        ];
        for (exit_delay, as_of, party, leaving) in table {
            let mut clause = EifClause::standard(2, Delay::days(30));
            clause.exit_delay = exit_delay;
            let actions = vec![
                ratify("A", "2020-01-01"),
                ratify("B", "2020-02-01"),
                action("A", ActionKind::Denunciation, None, Some("2021-06-30")),
            ];
            let s = status(&clause, &actions, d(as_of));
            let a = s.parties.iter().find(|p| p.party == "A");
            assert_eq!(
                a.is_some(),
                party,
                "{} as of {as_of}",
                exit_delay.describe()
            );
            assert_eq!(a.and_then(|p| p.leaving), leaving.map(d), "{as_of}");
            // Entry into force, once reached, is not undone by an exit.
            assert_eq!(s.in_force, Some(d("2020-03-02")));
        }
    }

    #[test]
    fn actions_that_cannot_be_recorded_are_refused() {
        let mut clause = EifClause::standard(3, Delay::days(30));
        clause.exit_delay = Delay::months(12);
        let actions = vec![
            ratify("A", "2020-01-01"),
            action("B", ActionKind::Signature, Some("2019-05-01"), None),
            ratify("C", "2024-01-01"),
            action("D", ActionKind::Ratification, Some("2023-01-01"), None),
            ratify("E", "2020-01-01"),
            action("E", ActionKind::Withdrawal, None, Some("2021-01-01")),
        ];
        use ActionKind::*;
        // (action, is a member, expected)
        let table: Vec<(TreatyAction, bool, Result<(), ActionError>)> = vec![
            (
                action("B", Signature, Some("2019-05-01"), Some("2019-05-01")),
                true,
                Err(ActionError::SignatureDeposited),
            ),
            (
                action("B", Signature, None, None),
                true,
                Err(ActionError::NoDate),
            ),
            (
                action("B", Ratification, None, None),
                true,
                Err(ActionError::NoDate),
            ),
            (
                action("B", Ratification, None, Some("2020-05-01")),
                true,
                Ok(()),
            ),
            (
                action("JPN", Accession, None, Some("2020-05-01")),
                false,
                Err(ActionError::NotAMember {
                    party: "JPN".into(),
                    day: d("2020-05-01"),
                }),
            ),
            // Already a party on that day, and already a party by a later deposit.
            (
                action("A", Ratification, None, Some("2022-01-01")),
                true,
                Err(ActionError::AlreadyParty {
                    party: "A".into(),
                    kind: Ratification,
                    deposit: d("2020-01-01"),
                }),
            ),
            (
                action("C", Ratification, None, Some("2021-01-01")),
                true,
                Err(ActionError::AlreadyParty {
                    party: "C".into(),
                    kind: Ratification,
                    deposit: d("2024-01-01"),
                }),
            ),
            // D decided at home; its deposit may follow.
            (
                action("D", Ratification, None, Some("2023-02-01")),
                true,
                Ok(()),
            ),
            // E left in 2022 and may join again afterwards, not while it is still a party.
            (
                action("E", Accession, None, Some("2022-02-01")),
                true,
                Ok(()),
            ),
            (
                action("E", Accession, None, Some("2021-06-01")),
                true,
                Err(ActionError::AlreadyParty {
                    party: "E".into(),
                    kind: Ratification,
                    deposit: d("2020-01-01"),
                }),
            ),
            (
                action("B", Denunciation, None, None),
                true,
                Err(ActionError::ExitNotDeposited(Denunciation)),
            ),
            (
                action("B", Denunciation, None, Some("2021-01-01")),
                true,
                Err(ActionError::NotAParty {
                    party: "B".into(),
                    kind: Denunciation,
                    day: d("2021-01-01"),
                }),
            ),
            (
                action("E", Denunciation, None, Some("2021-03-01")),
                true,
                Err(ActionError::AlreadyLeaving {
                    party: "E".into(),
                    leaves: d("2022-01-01"),
                }),
            ),
            (
                action("A", Withdrawal, None, Some("2021-01-01")),
                true,
                Ok(()),
            ),
        ];
        for (new, member, want) in table {
            assert_eq!(
                check_action(&clause, &actions, &new, member),
                want,
                "{new:?}"
            );
        }
    }

    #[test]
    fn a_what_if_for_any_existing_party_is_refused() {
        let clause = EifClause::standard(14, Delay::days(30));
        let actions = vec![ratify("CHN", "2025-03-14"), ratify("KAZ", "2012-01-01")];
        // (party, hypothetical deposit, refused)
        let table = [
            ("CHN", "2025-01-01", true),
            ("CHN", "2025-06-01", true),
            ("KAZ", "2011-01-01", true),
            ("KWT", "2025-06-01", false),
        ];
        for (party, deposit, refused) in table {
            let r = checked_what_if(&clause, &actions, party, true, d(deposit));
            assert_eq!(r.is_err(), refused, "{party} {deposit}");
        }
    }

    #[test]
    fn a_party_standing_reads_all_its_actions() {
        let mut clause = EifClause::standard(1, Delay::days(30));
        clause.exit_delay = Delay::months(12);
        let actions = vec![
            action("A", ActionKind::Signature, Some("2010-06-08"), None),
            // The domestic act, then its deposit, recorded as two actions.
            action("A", ActionKind::Ratification, Some("2011-11-28"), None),
            ratify("A", "2013-02-01"),
            action("B", ActionKind::Ratification, Some("2023-10-24"), None),
            ratify("C", "2014-01-01"),
            action("C", ActionKind::Denunciation, None, Some("2020-01-01")),
        ];
        let a = standing(&clause, &actions, "A", d("2025-01-01"));
        assert_eq!(a.signature, Some(d("2010-06-08")));
        assert!(a.party);
        let c = a.consent.expect("consent");
        assert_eq!(
            (c.kind, c.act, c.deposit),
            (
                ActionKind::Ratification,
                Some(d("2011-11-28")),
                d("2013-02-01")
            )
        );
        assert_eq!(c.effective, Some(d("2013-03-03")));
        assert_eq!(a.pending, None, "the domestic act was deposited");
        // Before its deposit, A's ratification was pending.
        let early = standing(&clause, &actions, "A", d("2012-01-01"));
        assert_eq!(
            (early.party, early.pending),
            (
                false,
                Some((ActionKind::Ratification, Some(d("2011-11-28"))))
            )
        );
        let b = standing(&clause, &actions, "B", d("2025-01-01"));
        assert_eq!(
            (b.party, b.consent, b.pending),
            (
                false,
                None,
                Some((ActionKind::Ratification, Some(d("2023-10-24"))))
            )
        );
        // C gave notice in 2020; it stays a party for the twelve months.
        let during = standing(&clause, &actions, "C", d("2020-06-01"));
        assert!(during.party);
        let after = standing(&clause, &actions, "C", d("2021-06-01"));
        assert!(!after.party);
        assert_eq!(
            after.consent.as_ref().map(|c| c.deposit),
            Some(d("2014-01-01"))
        );
        assert_eq!(after.exit.map(|e| e.effective), Some(d("2021-01-01")));
    }
}
