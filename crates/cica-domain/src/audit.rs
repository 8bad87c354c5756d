//! The audit trail's chain: every entry carries the hash of the one before it, so an entry
//! edited, removed or moved after the fact breaks the chain where it happened.
//!
//! An entry's hash is SHA-256 over its number and fields, each length-prefixed (so no two
//! different entries encode alike), and over the previous entry's hash. The trail's head (the last
//! sequence number and hash) is kept apart, so removing the last entries shows too.

use sha2::{Digest, Sha256};

/// The hash the first entry links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit trail, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its place in the trail: 1, 2, 3… never reused.
    pub seq: i64,
    /// When, as RFC 3339 UTC text (stored as written, hashed as written).
    pub at: String,
    /// Who: `account:EMAIL`, `cli:USER` or `system:TASK`.
    pub actor: String,
    /// What was done (`silence.break`, `news.publish`, `account.add`…).
    pub action: String,
    /// The record it was done to (`silence/open-2025-07`, `account/a@example.org`).
    pub record: String,
    /// Why, when the actor said.
    pub note: Option<String>,
    /// The record before, as JSON text; none for a creation.
    pub before: Option<String>,
    /// The record after, or what was asked, as JSON text.
    pub after: Option<String>,
    /// The hash of the entry before it ([`GENESIS`] for the first).
    pub prev: String,
    /// Its own hash, see [`link`].
    pub hash: String,
}

fn field(h: &mut Sha256, value: Option<&str>) {
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
    }
}

/// The hash of entry number `seq` with these fields, following the entry whose hash is `prev`.
#[allow(clippy::too_many_arguments)]
pub fn link(
    seq: i64,
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    record: &str,
    note: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    h.update(seq.to_le_bytes());
    for v in [
        Some(prev),
        Some(at),
        Some(actor),
        Some(action),
        Some(record),
    ] {
        field(&mut h, v);
    }
    for v in [note, before, after] {
        field(&mut h, v);
    }
    format!("{:x}", h.finalize())
}

impl Entry {
    /// The hash its fields give.
    pub fn computed(&self) -> String {
        link(
            self.seq,
            &self.prev,
            &self.at,
            &self.actor,
            &self.action,
            &self.record,
            self.note.as_deref(),
            self.before.as_deref(),
            self.after.as_deref(),
        )
    }
}

/// Where the chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error("entry {seq} was edited: its content does not give its hash")]
    Edited { seq: i64 },
    #[error(
        "entry {seq} is out of order: it follows entry {follows}, not the entry stored before it"
    )]
    Reordered { seq: i64, follows: i64 },
    #[error(
        "entry {seq} was rewritten (its hash made anew): the entry after it no longer links to it"
    )]
    Rewritten { seq: i64 },
    #[error("entry {seq} is missing: the trail jumps from {before} to {after}")]
    Gap { seq: i64, before: i64, after: i64 },
    #[error(
        "the trail ends at entry {last}, but its head records entry {head}: the last entries were removed"
    )]
    Truncated { last: i64, head: i64 },
    #[error("the trail's head does not match its last entry {seq}")]
    Head { seq: i64 },
}

impl Break {
    /// The first entry at which the trail is no longer what was written.
    pub fn seq(&self) -> i64 {
        match self {
            Self::Edited { seq }
            | Self::Reordered { seq, .. }
            | Self::Rewritten { seq }
            | Self::Gap { seq, .. }
            | Self::Head { seq } => *seq,
            Self::Truncated { last, .. } => last + 1,
        }
    }
}

/// Checks a whole trail, in the order of its sequence numbers, against its head (`(seq,
/// hash)` of the last entry written; `None` for a trail never written to). Returns the first
/// break.
pub fn verify(entries: &[Entry], head: Option<(i64, &str)>) -> Result<(), Break> {
    let mut prev_hash = GENESIS.to_owned();
    let mut prev_seq = 0;
    for e in entries {
        if e.computed() != e.hash {
            return Err(Break::Edited { seq: e.seq });
        }
        if e.prev != prev_hash {
            if let Some(before) = entries.iter().find(|o| o.hash == e.prev) {
                return Err(Break::Reordered {
                    seq: e.seq,
                    follows: before.seq,
                });
            }
            if e.seq != prev_seq + 1 {
                return Err(Break::Gap {
                    seq: prev_seq + 1,
                    before: prev_seq,
                    after: e.seq,
                });
            }
            // Numbers follow on and each entry's hash is its own, yet this one does not link
            // to the one before: that one was rewritten and its hash made anew.
            if prev_seq == 0 {
                // The first entry does not start the chain: it was itself rewritten.
                return Err(Break::Edited { seq: e.seq });
            }
            return Err(Break::Rewritten { seq: prev_seq });
        }
        if e.seq != prev_seq + 1 {
            return Err(Break::Gap {
                seq: prev_seq + 1,
                before: prev_seq,
                after: e.seq,
            });
        }
        prev_hash.clone_from(&e.hash);
        prev_seq = e.seq;
    }
    match head {
        None if entries.is_empty() => Ok(()),
        None => Err(Break::Head { seq: prev_seq }),
        Some((seq, _)) if seq > prev_seq => Err(Break::Truncated {
            last: prev_seq,
            head: seq,
        }),
        Some((seq, hash)) if seq != prev_seq || hash != prev_hash => Err(Break::Head { seq }),
        Some(_) => Ok(()),
    }
}
