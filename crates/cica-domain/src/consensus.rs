//! Decisions by consensus: a text is adopted when no Member State objects.
//!
//! Only states that are Member States on the day of the decision can block. Observer States
//! and organizations may speak, and their statements are recorded, but they never change an
//! outcome.

use crate::ids::StateCode;

keyword_enum!(
    /// What a state says about a proposed decision.
    Stance {
        /// Opposes the text: no consensus.
        Objection = "objection",
        /// Proposes a change: no consensus on the text as it stands.
        Amendment = "amendment",
        /// Joins the consensus with a reservation recorded beside the decision.
        Reservation = "reservation",
        /// Joins the consensus with an interpretative statement recorded beside the decision.
        InterpretativeStatement = "interpretative-statement",
    }
);

impl Stance {
    /// Whether this stance, from a Member State, prevents adoption.
    pub fn blocks(self) -> bool {
        matches!(self, Self::Objection | Self::Amendment)
    }
}

/// One state's stance on a proposed decision, with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub state: StateCode,
    pub stance: Stance,
    pub text: String,
}

/// The result of applying the consensus rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consensus {
    /// Adopted; the reservations and statements of Member States go on record with it.
    Adopted { statements: Vec<Position> },
    /// Not adopted: these Member States objected or proposed amendments.
    Blocked { by: Vec<StateCode> },
}

/// Applies the consensus rule. `is_member` answers whether a state was a Member State on the
/// day of the decision; positions of anyone else are ignored for the outcome.
pub fn consensus(positions: &[Position], is_member: impl Fn(&StateCode) -> bool) -> Consensus {
    let mut by: Vec<StateCode> = positions
        .iter()
        .filter(|p| p.stance.blocks() && is_member(&p.state))
        .map(|p| p.state.clone())
        .collect();
    by.sort();
    by.dedup();
    if by.is_empty() {
        Consensus::Adopted {
            statements: positions
                .iter()
                .filter(|p| !p.stance.blocks() && is_member(&p.state))
                .cloned()
                .collect(),
        }
    } else {
        Consensus::Blocked { by }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(state: &str, stance: Stance) -> Position {
        Position {
            state: StateCode::parse(state).expect("code"),
            stance,
            text: format!("{state} says so"),
        }
    }

    #[test]
    fn only_member_objections_block() {
        let members = ["KAZ", "AZE", "IND", "CHN"];
        let is_member = |s: &StateCode| members.contains(&s.as_str());
        use Stance::*;
        // (positions, expected blockers; empty = adopted)
        let table: Vec<(Vec<Position>, Vec<&str>)> = vec![
            (vec![], vec![]),
            (vec![pos("IND", Reservation)], vec![]),
            (vec![pos("JPN", Objection)], vec![]),
            (vec![pos("USA", Amendment), pos("BLR", Objection)], vec![]),
            (vec![pos("CHN", Objection)], vec!["CHN"]),
            (
                vec![pos("IND", Amendment), pos("JPN", Objection)],
                vec!["IND"],
            ),
            (
                vec![
                    pos("KAZ", Objection),
                    pos("AZE", Amendment),
                    pos("KAZ", Amendment),
                ],
                vec!["AZE", "KAZ"],
            ),
            (
                vec![pos("CHN", InterpretativeStatement), pos("IND", Reservation)],
                vec![],
            ),
        ];
        for (positions, want) in table {
            match consensus(&positions, is_member) {
                Consensus::Adopted { statements } => {
                    assert!(
                        want.is_empty(),
                        "{positions:?} should be blocked by {want:?}"
                    );
                    assert!(
                        statements
                            .iter()
                            .all(|s| is_member(&s.state) && !s.stance.blocks())
                    );
                }
                Consensus::Blocked { by } => {
                    assert_eq!(
                        by.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                        want,
                        "{positions:?}"
                    );
                }
            }
        }
    }

    // Properties over any positions and any membership on the day.

    use proptest::prelude::*;

    const POOL: [&str; 8] = ["AZE", "CHN", "IND", "JPN", "KAZ", "USA", "BLR", "QAT"];

    fn arb_stance() -> impl Strategy<Value = Stance> {
        prop_oneof![
            Just(Stance::Objection),
            Just(Stance::Amendment),
            Just(Stance::Reservation),
            Just(Stance::InterpretativeStatement),
        ]
    }

    fn arb_positions() -> impl Strategy<Value = Vec<Position>> {
        prop::collection::vec((0..POOL.len(), arb_stance()), 0..12).prop_map(|v| {
            v.into_iter()
                .map(|(i, stance)| pos(POOL[i], stance))
                .collect()
        })
    }

    /// Which of the pool are Member States on the day: a bit per state.
    fn members_of(mask: u8) -> impl Fn(&StateCode) -> bool {
        move |s: &StateCode| {
            POOL.iter()
                .position(|p| *p == s.as_str())
                .is_some_and(|i| mask & (1 << i) != 0)
        }
    }

    proptest! {
        #[test]
        fn non_members_never_change_the_outcome(
            positions in arb_positions(),
            extra in arb_positions(),
            mask in any::<u8>(),
            at in 0usize..12,
        ) {
            let is_member = members_of(mask);
            let before = consensus(&positions, &is_member);
            // Observers, partners and states outside CICA say anything, anywhere in the list.
            let mut with = positions.clone();
            for (k, p) in extra.into_iter().filter(|p| !is_member(&p.state)).enumerate() {
                with.insert((at + k).min(with.len()), p);
            }
            prop_assert_eq!(consensus(&with, &is_member), before);
        }

        #[test]
        fn a_member_objection_always_blocks(
            positions in arb_positions(),
            mask in any::<u8>(),
            who in 0..POOL.len(),
            amendment in any::<bool>(),
        ) {
            // Whoever the objector is, make it a Member State on the day.
            let mask = mask | (1 << who);
            let is_member = members_of(mask);
            let mut with = positions.clone();
            with.push(pos(POOL[who], if amendment { Stance::Amendment } else { Stance::Objection }));
            match consensus(&with, &is_member) {
                Consensus::Blocked { by } => {
                    prop_assert!(by.iter().any(|s| s.as_str() == POOL[who]));
                    prop_assert!(by.iter().all(&is_member));
                }
                Consensus::Adopted { .. } => prop_assert!(false, "{:?} adopted despite an objection", with),
            }
        }

        #[test]
        fn adopted_texts_carry_exactly_the_members_statements(
            positions in arb_positions(),
            mask in any::<u8>(),
        ) {
            let is_member = members_of(mask);
            let blocking = positions.iter().any(|p| p.stance.blocks() && is_member(&p.state));
            match consensus(&positions, &is_member) {
                Consensus::Adopted { statements } => {
                    prop_assert!(!blocking);
                    let want: Vec<Position> = positions
                        .iter()
                        .filter(|p| is_member(&p.state))
                        .cloned()
                        .collect();
                    prop_assert_eq!(statements, want);
                }
                Consensus::Blocked { .. } => prop_assert!(blocking),
            }
        }
    }
}
