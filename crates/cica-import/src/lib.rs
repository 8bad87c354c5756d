//! The importer: the Secretariat's archive is text (press releases, digest issues extracted
//! from PDFs); this crate turns such text into the platform's records.
//!
//! **Architecture invariant:** no IO. Text comes in as `&str`, records and notes go out; the
//! CLI and the web shell read files and write the store.
#![forbid(unsafe_code)]

pub mod analyze;
pub mod dateline;
pub mod entities;
pub mod input;
pub mod people;
pub mod split;

pub use analyze::{ImportedItem, ProposedEngagement, ProposedMeeting, analyze, slug_for, to_news};
pub use entities::{Found, Gazetteer};
pub use input::InputError;
pub use people::{Confidence, PersonMention};
pub use split::{ItemKind, RawItem, Split, split};

/// Reads one input end to end: checks it is text, splits it, recognises what it names.
/// `secretariat_people` are left out of proposed engagements (they are the Secretariat's side).
pub fn read(
    name: &str,
    bytes: &[u8],
    year_hint: Option<i32>,
    g: &Gazetteer,
    secretariat_people: &[cica_domain::Slug],
) -> Result<(Split, Vec<ImportedItem>), InputError> {
    let text = input::check(name, bytes)?;
    let s = split::split(text, year_hint);
    if s.items.is_empty() {
        return Err(InputError::NothingFound(name.to_owned()));
    }
    let items = analyze::analyze(&s, g, secretariat_people);
    Ok((s, items))
}
