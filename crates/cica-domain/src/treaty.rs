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

    /// "the 30th day after", "3 months after", "the first day of the month following 12 months after".
    pub fn describe(&self) -> String {
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
pub fn status(clause: &EifClause, actions: &[TreatyAction], as_of: NaiveDate) -> TreatyStatus {
    // Consent instruments deposited by `as_of`, earliest first; exits withdraw a party from the
    // day they are deposited. A second consent by the same party (after an exit) is a new entry.
    let mut deposits: Vec<&TreatyAction> = actions
        .iter()
        .filter(|a| {
            a.deposit.is_some_and(|d| d <= as_of) && (a.kind.is_consent() || a.kind.is_exit())
        })
        .collect();
    deposits.sort_by(|a, b| {
        (a.deposit, a.kind.is_exit(), &a.party).cmp(&(b.deposit, b.kind.is_exit(), &b.party))
    });

    let mut current: BTreeMap<&str, &TreatyAction> = BTreeMap::new();
    let mut threshold: Option<(String, NaiveDate)> = None;
    let mut counted_at_threshold = 0u32;
    for a in &deposits {
        let Some(day) = a.deposit else { continue };
        if a.kind.is_exit() {
            current.remove(a.party.as_str());
        } else if !current.contains_key(a.party.as_str()) {
            current.insert(&a.party, a);
        }
        if threshold.is_none() {
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
/// already a party. Its instrument is a ratification if it signed, an accession otherwise.
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
    let before = status(clause, actions, deposit);
    if let Some(p) = before.parties.iter().find(|p| p.party == party) {
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
    }

    #[test]
    fn the_convention_on_the_rights_of_the_child() {
        // 20 instruments, in force on the 30th day after the 20th: 2 September 1990, the 20th
        // having been deposited on 3 August 1990.
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
}
