//! Small presentation rules shared by the pages, the API and the feeds.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cica_domain::access::Role;
use cica_domain::decision::Proposer;
use cica_domain::{
    DateSpan, Participation, Slug, StateCode, StatusOn, StatusPeriod, is_member_on, status_on,
};

use crate::error::WebError;
use crate::state::Directory;

/// The status a record holds on `day`, with the day it started (as written, partial dates
/// kept) and whether that is confirmed.
pub struct CurrentStatus {
    pub status: Participation,
    pub since: Option<String>,
    pub since_shown: Option<Timed>,
    pub confirmed: bool,
    /// The note on the period in force.
    pub note: Option<String>,
}

pub fn current_status(periods: &[StatusPeriod], day: NaiveDate) -> Option<CurrentStatus> {
    status_on(periods, day).map(
        |StatusOn {
             status,
             period,
             confirmed,
         }| CurrentStatus {
            status,
            since: period.from.map(|f| f.iso()),
            since_shown: period.from.map(Timed::partial),
            confirmed,
            note: period.provenance.note.clone(),
        },
    )
}

/// "Member State", "Observer State", "observer", "partner".
pub fn status_label(p: Participation, of_state: bool) -> &'static str {
    match (p, of_state) {
        (Participation::Member, _) => "Member State",
        (Participation::Observer, true) => "Observer State",
        (Participation::Observer, false) => "Observer",
        (Participation::Partner, _) => "Partner",
    }
}

/// The first paragraph of a body (Markdown), its text without markup, cut at a word boundary
/// to at most `max` characters.
pub fn excerpt(text: &str, max: usize) -> String {
    let blocks = cica_digest::rich::blocks(text);
    let first = blocks.first().map(|b| b.plain()).unwrap_or_default();
    let first = first.as_str();
    if first.chars().count() <= max {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

pub use cica_digest::html::Timed;

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn human(d: NaiveDate) -> String {
    DateSpan::day(d).human()
}

pub(crate) fn slug_or_404(text: &str, what: &str) -> Result<Slug, WebError> {
    Slug::parse(text).map_err(|_| WebError::not_found(format!("no {what} has the key `{text}`")))
}

pub(crate) fn proposer_name(p: &Proposer, dir: &Directory) -> String {
    match p {
        Proposer::State(c) => dir.state_name(c).to_owned(),
        Proposer::Chair => "the Chair".into(),
        Proposer::Secretariat => "the Secretariat".into(),
        Proposer::Body(b) => dir.body_name(b).to_owned(),
    }
}

pub(crate) fn is_member(dir: &Directory, state: &StateCode, on: NaiveDate) -> bool {
    dir.states
        .get(state)
        .is_some_and(|s| is_member_on(&s.statuses, on))
}

/// How pages name a role.
pub(crate) fn role_label(role: Role) -> &'static str {
    match role {
        Role::MemberDelegate => "Delegate of a Member State",
        Role::ObserverDelegate => "Delegate of an observer",
        Role::Editor => "Secretariat editor",
        Role::Administrator => "Secretariat administrator",
    }
}

/// "1 article", "3 articles".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A sentence for a page: capital first letter, full stop.
pub(crate) fn sentence(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => format!(
            "{}{}.",
            first.to_uppercase(),
            c.as_str().trim_end_matches('.')
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("Short.\n\nSecond.", 50), "Short.");
        assert_eq!(
            excerpt(
                "The Secretary General met the minister, and they talked.",
                30
            ),
            "The Secretary General met the…"
        );
    }
}
