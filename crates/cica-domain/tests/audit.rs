//! The audit trail's chain: an intact trail verifies, and every way of rewriting it after
//! the fact (an entry edited, removed, moved, or the last ones cut off) is found and located.

use cica_domain::audit::{Break, Entry, GENESIS, link, verify};
use proptest::prelude::*;

/// A trail of `n` entries, chained as the store writes them.
fn trail(n: usize) -> Vec<Entry> {
    let mut prev = GENESIS.to_owned();
    (1..=n)
        .map(|i| {
            let seq = i64::try_from(i).expect("small");
            let at = format!("2025-04-01T09:{:02}:00.000000Z", i % 60);
            let after = format!(r#"{{"n":{i}}}"#);
            let hash = link(
                seq,
                &prev,
                &at,
                "account:editor@example.org",
                "news.publish",
                &format!("news/item-{i}"),
                None,
                None,
                Some(&after),
            );
            let e = Entry {
                seq,
                at,
                actor: "account:editor@example.org".into(),
                action: "news.publish".into(),
                record: format!("news/item-{i}"),
                note: None,
                before: None,
                after: Some(after),
                prev: prev.clone(),
                hash: hash.clone(),
            };
            prev = hash;
            e
        })
        .collect()
}

fn head(t: &[Entry]) -> Option<(i64, &str)> {
    t.last().map(|e| (e.seq, e.hash.as_str()))
}

#[test]
fn an_intact_trail_verifies() {
    let t = trail(5);
    assert_eq!(verify(&t, head(&t)), Ok(()));
    assert_eq!(verify(&[], None), Ok(()));
}

#[test]
fn an_edited_entry_is_named() {
    let t = trail(5);
    let h = (t[4].seq, t[4].hash.clone());
    let mut edited = t.clone();
    edited[2].actor = "account:someone-else@example.org".into();
    assert_eq!(
        verify(&edited, Some((h.0, &h.1))),
        Err(Break::Edited { seq: 3 })
    );
}

#[test]
fn an_edited_entry_with_its_hash_recomputed_breaks_the_next_link() {
    let t = trail(5);
    let h = (t[4].seq, t[4].hash.clone());
    let mut edited = t.clone();
    edited[2].note = Some("rewritten".into());
    edited[2].hash = edited[2].computed();
    assert_eq!(
        verify(&edited, Some((h.0, &h.1))),
        Err(Break::Rewritten { seq: 3 })
    );
}

#[test]
fn a_removed_entry_is_named() {
    let t = trail(5);
    let h = (t[4].seq, t[4].hash.clone());
    let mut cut = t.clone();
    cut.remove(1);
    assert_eq!(
        verify(&cut, Some((h.0, &h.1))),
        Err(Break::Gap {
            seq: 2,
            before: 1,
            after: 3
        })
    );
}

#[test]
fn two_swapped_entries_are_named() {
    let t = trail(5);
    let h = (t[4].seq, t[4].hash.clone());
    let mut swapped = t.clone();
    // The rows keep their numbers; their contents trade places.
    let (a, b) = (swapped[1].clone(), swapped[2].clone());
    swapped[1] = Entry { seq: 2, ..b };
    swapped[2] = Entry { seq: 3, ..a };
    assert_eq!(
        verify(&swapped, Some((h.0, &h.1))),
        Err(Break::Edited { seq: 2 }),
        "an entry's number is part of its hash"
    );
    // Moved whole, number and all, the chain still shows whom each entry follows.
    let mut moved = t.clone();
    moved.swap(1, 2);
    assert_eq!(
        verify(&moved, Some((h.0, &h.1))),
        Err(Break::Reordered { seq: 3, follows: 2 })
    );
}

#[test]
fn the_last_entries_removed_are_found_by_the_head() {
    let t = trail(5);
    let h = (t[4].seq, t[4].hash.clone());
    assert_eq!(
        verify(&t[..3], Some((h.0, &h.1))),
        Err(Break::Truncated { last: 3, head: 5 })
    );
    assert_eq!(verify(&t, None), Err(Break::Head { seq: 5 }));
}

proptest! {
    /// Any change to any field of any entry is found, at that entry or the one after it.
    #[test]
    fn any_change_to_any_entry_is_found(n in 1usize..12, pick in 0usize..100, field in 0usize..7, text in "[a-z]{1,8}") {
        let t = trail(n);
        let h = (t[n - 1].seq, t[n - 1].hash.clone());
        let i = pick % n;
        let mut changed = t.clone();
        let e = &mut changed[i];
        match field {
            0 => e.at.push_str(&text),
            1 => e.actor.push_str(&text),
            2 => e.action.push_str(&text),
            3 => e.record.push_str(&text),
            4 => e.note = Some(text.clone()),
            5 => e.before = Some(text.clone()),
            _ => e.after = Some(text.clone()),
        }
        let err = verify(&changed, Some((h.0, &h.1))).expect_err("a change is found");
        prop_assert_eq!(err.seq(), t[i].seq);
    }
}

/// A trail written by earlier versions verifies: the hash of the same fields is the same,
/// in lower-case hexadecimal, two digits a byte (the value computed apart from this code).
#[test]
fn an_entry_hashes_as_trails_already_stored_were_hashed() {
    let hash = link(
        1,
        GENESIS,
        "2025-04-01T00:00:00.000000Z",
        "cli:test",
        "news.import",
        "news/x",
        None,
        None,
        Some(r#"{"a":1}"#),
    );
    assert_eq!(
        hash,
        "674fc9797b3d31012d658e25c3f9a3668c7c192eaba655fec51fcbd75067de59"
    );
}
