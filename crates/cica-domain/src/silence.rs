//! The silence procedure: the Chair circulates a text with an exact expiry instant; if no
//! Member State breaks silence before then, the text is adopted at that instant.
//!
//! Before expiry, any Member State may break silence with a written objection or a proposed
//! amendment, and the text is then not adopted. The Chair may extend the deadline or withdraw
//! the text, also only before expiry. Observers can never break silence.
//!
//! A procedure is its opening plus a list of events; [`outcome`] reads its state at any
//! instant and [`check`] decides whether a new event may be recorded. Both are pure: the store
//! makes them happen exactly once.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::consensus::{Consensus, Position, Stance, consensus};
use crate::ids::StateCode;

/// Something that happened to an open procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SilenceEvent {
    /// A Member State broke silence.
    Broken {
        at: DateTime<Utc>,
        state: StateCode,
        stance: Stance,
        text: String,
    },
    /// The Chair moved the deadline later.
    Extended {
        at: DateTime<Utc>,
        until: DateTime<Utc>,
    },
    /// The Chair withdrew the text.
    Withdrawn { at: DateTime<Utc> },
}

impl SilenceEvent {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Broken { at, .. } | Self::Extended { at, .. } | Self::Withdrawn { at } => *at,
        }
    }
}

/// A procedure as opened, with what has happened since, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub opened_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub events: Vec<SilenceEvent>,
}

impl Procedure {
    /// The deadline after any extensions.
    pub fn deadline(&self) -> DateTime<Utc> {
        self.events
            .iter()
            .filter_map(|e| match e {
                SilenceEvent::Extended { until, .. } => Some(*until),
                _ => None,
            })
            .next_back()
            .unwrap_or(self.expires_at)
    }
}

/// Where a procedure stands at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Silence holds; it is adopted at `deadline` unless broken before.
    Open { deadline: DateTime<Utc> },
    /// Nobody broke silence: adopted at the deadline.
    Adopted { at: DateTime<Utc> },
    /// Broken: not adopted. `by` lists every Member State that broke it.
    NotAdopted {
        at: DateTime<Utc>,
        by: Vec<StateCode>,
    },
    /// The Chair withdrew the text before the deadline.
    Withdrawn { at: DateTime<Utc> },
}

impl Outcome {
    pub fn is_settled(&self) -> bool {
        !matches!(self, Self::Open { .. })
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Open { .. } => "open",
            Self::Adopted { .. } => "adopted",
            Self::NotAdopted { .. } => "not-adopted",
            Self::Withdrawn { .. } => "withdrawn",
        }
    }
}

/// An instant as the platform records it: to the whole second, the precision it stores and
/// shows. Every instant a client gives is cut to this before it is checked, so a check and
/// the stored record can never disagree about a fraction of a second.
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(0)
}

/// The state of `p` at `now`, trusting the recorded events: each was admitted by [`check`]
/// when it was recorded, so every recorded break is by a Member State of that day.
pub fn outcome(p: &Procedure, now: DateTime<Utc>) -> Outcome {
    decide(p, now, |_, _| true)
}

/// The state of `p` at `now` by the consensus rule: the breaks recorded before the deadline
/// in force are the positions on the text, and only those of states that were Member States
/// when they broke silence (`was_member(state, at)`) can block it ([`consensus`]). Events
/// are taken in order and only count if they came before the deadline in force when they
/// came; once silence is broken, extensions and withdrawals no longer change anything.
pub fn decide(
    p: &Procedure,
    now: DateTime<Utc>,
    was_member: impl Fn(&StateCode, DateTime<Utc>) -> bool,
) -> Outcome {
    let mut deadline = p.expires_at;
    let mut positions: Vec<Position> = Vec::new();
    let mut eligible: BTreeSet<StateCode> = BTreeSet::new();
    let mut broken_at: Option<DateTime<Utc>> = None;
    for e in &p.events {
        if e.at() >= deadline {
            break;
        }
        match e {
            SilenceEvent::Broken {
                at,
                state,
                stance,
                text,
            } => {
                if was_member(state, *at) {
                    eligible.insert(state.clone());
                }
                positions.push(Position {
                    state: state.clone(),
                    stance: *stance,
                    text: text.clone(),
                });
                if broken_at.is_none()
                    && matches!(
                        consensus(&positions, |s| eligible.contains(s)),
                        Consensus::Blocked { .. }
                    )
                {
                    broken_at = Some(*at);
                }
            }
            SilenceEvent::Extended { until, .. } if broken_at.is_none() => deadline = *until,
            SilenceEvent::Withdrawn { at } if broken_at.is_none() => {
                return Outcome::Withdrawn { at: *at };
            }
            SilenceEvent::Extended { .. } | SilenceEvent::Withdrawn { .. } => {}
        }
    }
    match consensus(&positions, |s| eligible.contains(s)) {
        Consensus::Blocked { by } => Outcome::NotAdopted {
            at: broken_at.unwrap_or(deadline),
            by,
        },
        Consensus::Adopted { .. } if now >= deadline => Outcome::Adopted { at: deadline },
        Consensus::Adopted { .. } => Outcome::Open { deadline },
    }
}

/// Who is asking to record an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Break {
        state: StateCode,
        stance: Stance,
        text: String,
    },
    Extend {
        until: DateTime<Utc>,
    },
    Withdraw,
}

/// Why an event cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SilenceError {
    #[error("the procedure is already settled ({0}); nothing can change it")]
    Settled(&'static str),
    #[error(
        "the deadline ({deadline}) has passed; silence can no longer be broken, extended or withdrawn"
    )]
    Expired { deadline: DateTime<Utc> },
    #[error("{0} is not a Member State on this day; only Member States may break silence")]
    NotAMember(StateCode),
    #[error("silence is broken only by an objection or a proposed amendment, not by a {0}")]
    NotABreak(Stance),
    #[error("a {0} must come with its text")]
    EmptyText(Stance),
    #[error("an extension must move the deadline later than {0}")]
    NotLater(DateTime<Utc>),
}

/// Decides whether `request` may be recorded at `now`, given whether the breaking state is a
/// Member State; returns the event to record.
pub fn check(
    p: &Procedure,
    request: Request,
    now: DateTime<Utc>,
    is_member: impl Fn(&StateCode) -> bool,
) -> Result<SilenceEvent, SilenceError> {
    match outcome(p, now) {
        Outcome::Open { deadline } => {
            if now >= deadline {
                return Err(SilenceError::Expired { deadline });
            }
            match request {
                Request::Break {
                    state,
                    stance,
                    text,
                } => {
                    // The consensus rule says who can break silence: the position must block.
                    let position = Position {
                        state,
                        stance,
                        text: text.trim().to_owned(),
                    };
                    match consensus(std::slice::from_ref(&position), &is_member) {
                        Consensus::Blocked { .. } if position.text.is_empty() => {
                            Err(SilenceError::EmptyText(stance))
                        }
                        Consensus::Blocked { .. } => Ok(SilenceEvent::Broken {
                            at: now,
                            state: position.state,
                            stance,
                            text: position.text,
                        }),
                        Consensus::Adopted { .. } if !stance.blocks() => {
                            Err(SilenceError::NotABreak(stance))
                        }
                        Consensus::Adopted { .. } => Err(SilenceError::NotAMember(position.state)),
                    }
                }
                Request::Extend { until } => {
                    if until <= deadline {
                        return Err(SilenceError::NotLater(deadline));
                    }
                    Ok(SilenceEvent::Extended { at: now, until })
                }
                Request::Withdraw => Ok(SilenceEvent::Withdrawn { at: now }),
            }
        }
        Outcome::Adopted { at } => Err(SilenceError::Expired { deadline: at }),
        settled => Err(SilenceError::Settled(settled.label())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, 19, h, m, 0)
            .single()
            .expect("instant")
    }

    fn code(s: &str) -> StateCode {
        StateCode::parse(s).expect("code")
    }

    fn members(s: &StateCode) -> bool {
        ["AZE", "KAZ", "IND"].contains(&s.as_str())
    }

    fn open() -> Procedure {
        Procedure {
            opened_at: t(6, 0),
            expires_at: t(13, 0),
            events: vec![],
        }
    }

    fn brk(state: &str, stance: Stance, text: &str) -> Request {
        Request::Break {
            state: code(state),
            stance,
            text: text.into(),
        }
    }

    #[test]
    fn adopted_at_expiry_when_nobody_breaks() {
        let p = open();
        assert_eq!(outcome(&p, t(12, 59)), Outcome::Open { deadline: t(13, 0) });
        assert_eq!(outcome(&p, t(13, 0)), Outcome::Adopted { at: t(13, 0) });
        assert_eq!(outcome(&p, t(23, 0)), Outcome::Adopted { at: t(13, 0) });
    }

    #[test]
    fn a_member_breaks_silence_with_a_text() {
        let mut p = open();
        let e = check(
            &p,
            brk("IND", Stance::Objection, "We cannot agree to paragraph 3."),
            t(10, 0),
            members,
        )
        .expect("allowed");
        p.events.push(e);
        assert_eq!(
            outcome(&p, t(14, 0)),
            Outcome::NotAdopted {
                at: t(10, 0),
                by: vec![code("IND")]
            }
        );
        // Once broken it is settled: nobody can extend or withdraw it afterwards.
        assert_eq!(
            check(&p, Request::Withdraw, t(11, 0), members),
            Err(SilenceError::Settled("not-adopted"))
        );
    }

    #[test]
    fn refusals_say_why() {
        let p = open();
        // (request, at, expected error)
        let table = [
            (
                brk("JPN", Stance::Objection, "no"),
                t(10, 0),
                SilenceError::NotAMember(code("JPN")),
            ),
            (
                brk("IND", Stance::Reservation, "fine, but"),
                t(10, 0),
                SilenceError::NotABreak(Stance::Reservation),
            ),
            (
                brk("IND", Stance::Amendment, "  "),
                t(10, 0),
                SilenceError::EmptyText(Stance::Amendment),
            ),
            (
                brk("IND", Stance::Objection, "late"),
                t(13, 0),
                SilenceError::Expired { deadline: t(13, 0) },
            ),
            (
                Request::Extend { until: t(12, 0) },
                t(10, 0),
                SilenceError::NotLater(t(13, 0)),
            ),
            (
                Request::Withdraw,
                t(13, 30),
                SilenceError::Expired { deadline: t(13, 0) },
            ),
        ];
        for (req, at, want) in table {
            assert_eq!(
                check(&p, req.clone(), at, members),
                Err(want),
                "{req:?} at {at}"
            );
        }
    }

    #[test]
    fn extension_moves_the_deadline_and_withdrawal_ends_it() {
        let mut p = open();
        p.events.push(
            check(&p, Request::Extend { until: t(18, 0) }, t(12, 0), members).expect("extend"),
        );
        assert_eq!(outcome(&p, t(13, 30)), Outcome::Open { deadline: t(18, 0) });
        // A break after the original deadline but before the new one counts.
        p.events.push(
            check(
                &p,
                brk("KAZ", Stance::Amendment, "Add a paragraph."),
                t(14, 0),
                members,
            )
            .expect("break"),
        );
        assert!(matches!(outcome(&p, t(19, 0)), Outcome::NotAdopted { .. }));

        let mut q = open();
        q.events
            .push(check(&q, Request::Withdraw, t(9, 0), members).expect("withdraw"));
        assert_eq!(outcome(&q, t(20, 0)), Outcome::Withdrawn { at: t(9, 0) });
    }

    #[test]
    fn observers_never_change_the_outcome() {
        let p = open();
        for state in ["JPN", "USA", "BLR", "SAU"] {
            assert!(check(&p, brk(state, Stance::Objection, "no"), t(9, 0), members).is_err());
        }
        assert_eq!(outcome(&p, t(13, 0)), Outcome::Adopted { at: t(13, 0) });
    }

    // Properties over any procedure: events at any minute of the day, by anyone.

    use proptest::prelude::*;

    const POOL: [&str; 6] = ["AZE", "KAZ", "IND", "JPN", "USA", "BLR"];

    fn minute(m: u32) -> DateTime<Utc> {
        t(0, 0) + chrono::Duration::minutes(i64::from(m))
    }

    fn arb_event() -> impl Strategy<Value = SilenceEvent> {
        let stance = prop_oneof![Just(Stance::Objection), Just(Stance::Amendment)];
        prop_oneof![
            (0u32..1440, 0..POOL.len(), stance).prop_map(|(m, i, stance)| SilenceEvent::Broken {
                at: minute(m),
                state: code(POOL[i]),
                stance,
                text: "a text".into(),
            }),
            (0u32..1440, 1u32..600).prop_map(|(m, more)| SilenceEvent::Extended {
                at: minute(m),
                until: minute(m + more),
            }),
            (0u32..1440).prop_map(|m| SilenceEvent::Withdrawn { at: minute(m) }),
        ]
    }

    fn arb_procedure() -> impl Strategy<Value = Procedure> {
        (prop::collection::vec(arb_event(), 0..8), 60u32..1400).prop_map(|(mut events, exp)| {
            events.sort_by_key(SilenceEvent::at);
            Procedure {
                opened_at: minute(0),
                expires_at: minute(exp),
                events,
            }
        })
    }

    fn members_of(mask: u8) -> impl Fn(&StateCode) -> bool + Copy {
        move |s: &StateCode| {
            POOL.iter()
                .position(|p| *p == s.as_str())
                .is_some_and(|i| mask & (1 << i) != 0)
        }
    }

    proptest! {
        #[test]
        fn observers_never_change_a_silence_outcome(
            p in arb_procedure(),
            extra in prop::collection::vec((0u32..1440, 0..POOL.len()), 0..5),
            mask in any::<u8>(),
            now in 0u32..3000,
        ) {
            let is_member = members_of(mask);
            let was = |s: &StateCode, _| is_member(s);
            let before = decide(&p, minute(now), was);
            let mut q = p.clone();
            for (m, i) in extra {
                let state = code(POOL[i]);
                if is_member(&state) {
                    continue;
                }
                // The rule refuses to record it...
                prop_assert!(check(&q, brk(POOL[i], Stance::Objection, "no"), minute(m), is_member).is_err());
                // ...and even if it were stored, it would not count.
                q.events.push(SilenceEvent::Broken { at: minute(m), state, stance: Stance::Objection, text: "no".into() });
            }
            q.events.sort_by_key(SilenceEvent::at);
            prop_assert_eq!(decide(&q, minute(now), was), before);
        }

        #[test]
        fn a_member_break_before_the_deadline_always_blocks(
            p in arb_procedure(),
            mask in any::<u8>(),
            who in 0..POOL.len(),
            at in 0u32..1440,
            later in 0u32..3000,
        ) {
            let mask = mask | (1 << who);
            let is_member = members_of(mask);
            let at = minute(at);
            let open = matches!(outcome(&p, at), Outcome::Open { deadline } if at < deadline);
            let allowed = check(&p, brk(POOL[who], Stance::Amendment, "change it"), at, is_member);
            prop_assert_eq!(open, allowed.is_ok(), "{:?}", allowed);
            if let Ok(e) = allowed {
                let mut q = p.clone();
                q.events.retain(|x| x.at() <= at);
                q.events.push(e);
                let o = decide(&q, at + chrono::Duration::minutes(i64::from(later)), |s, _| is_member(s));
                prop_assert!(matches!(&o, Outcome::NotAdopted { by, .. } if by.iter().any(|s| s.as_str() == POOL[who])), "{:?}", o);
            }
        }

        #[test]
        fn a_settled_outcome_never_changes_later(p in arb_procedure(), a in 0u32..3000, b in 0u32..3000) {
            let (first, second) = (a.min(b), a.max(b));
            let o = outcome(&p, minute(first));
            if o.is_settled() {
                prop_assert_eq!(outcome(&p, minute(second)), o);
            }
        }
    }
}
