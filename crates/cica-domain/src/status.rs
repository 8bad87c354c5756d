//! Status over time: a state's or an organization's place in CICA is a timeline of periods,
//! not a flag, so "as of" questions can be answered for any day.

use chrono::NaiveDate;

use crate::date::PartialDate;
use crate::record::Provenance;

/// How a state or organization takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Participation {
    /// Takes decisions by consensus; can break silence.
    Member,
    /// Attends; never blocks a decision.
    Observer,
    /// An organization cooperating under a memorandum or protocol.
    Partner,
}

impl Participation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Observer => "observer",
            Self::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "member" => Some(Self::Member),
            "observer" => Some(Self::Observer),
            "partner" => Some(Self::Partner),
            _ => None,
        }
    }
}

/// One period of a status. `from` is inclusive, `until` exclusive; both may be partial dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPeriod {
    pub status: Participation,
    pub from: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub provenance: Provenance,
}

/// The answer to "what was X on day D?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusOn<'a> {
    pub status: Participation,
    pub period: &'a StatusPeriod,
    /// False when the record is unconfirmed, or when D falls inside the imprecision of a partial
    /// date (a state that joined "in 2011", asked about 1 June 2011).
    pub confirmed: bool,
}

impl StatusPeriod {
    /// Whether the period covers `day`, reading partial dates from their first day.
    pub fn covers(&self, day: NaiveDate) -> bool {
        let started = self.from.is_none_or(|f| f.first_day() <= day);
        let not_ended = self.until.is_none_or(|u| day < u.first_day());
        started && not_ended
    }

    fn certain_on(&self, day: NaiveDate) -> bool {
        let start_certain = self.from.is_none_or(|f| f.last_day() <= day);
        let end_certain = self.until.is_none_or(|u| day < u.first_day());
        !self.provenance.unconfirmed && start_certain && end_certain
    }
}

/// The status on `day`, if any period covers it. Periods are expected not to overlap (the
/// dataset loader checks this); if they do, the latest-starting one wins.
pub fn status_on(periods: &[StatusPeriod], day: NaiveDate) -> Option<StatusOn<'_>> {
    periods
        .iter()
        .filter(|p| p.covers(day))
        .max_by_key(|p| p.from.map(|f| f.first_day()))
        .map(|p| StatusOn {
            status: p.status,
            period: p,
            confirmed: p.certain_on(day),
        })
}

/// Whether the periods make their owner a Member State on `day`: the one question of
/// membership the rules ask (whose objection blocks consensus, who may become a party to a
/// treaty, whom a member-state delegate may speak for).
pub fn is_member_on(periods: &[StatusPeriod], day: NaiveDate) -> bool {
    status_on(periods, day).is_some_and(|s| s.status == Participation::Member)
}

/// The period that makes the current status, with the day it started: what the members table
/// shows as "since".
pub fn current_since(periods: &[StatusPeriod], today: NaiveDate) -> Option<StatusOn<'_>> {
    status_on(periods, today)
}

/// Periods that overlap each other, as pairs of indexes: a data error.
pub fn overlapping(periods: &[StatusPeriod]) -> Vec<(usize, usize)> {
    let start = |p: &StatusPeriod| p.from.map_or(NaiveDate::MIN, |f| f.first_day());
    let end = |p: &StatusPeriod| p.until.map_or(NaiveDate::MAX, |u| u.first_day());
    let mut out = Vec::new();
    for i in 0..periods.len() {
        for j in i + 1..periods.len() {
            let (a, b) = (&periods[i], &periods[j]);
            if start(a) < end(b) && start(b) < end(a) {
                out.push((i, j));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_day;

    fn period(status: Participation, from: Option<&str>, until: Option<&str>) -> StatusPeriod {
        let pd = |s: &str| PartialDate::parse(s).expect("test date");
        StatusPeriod {
            status,
            from: from.map(pd),
            until: until.map(pd),
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn qatar_was_an_observer_then_a_member() {
        use Participation::*;
        let qatar = [
            period(Observer, Some("2008-08-25"), Some("2014-05")),
            period(Member, Some("2014-05"), None),
        ];
        // (day, expected status, confirmed)
        let table = [
            ("2008-08-24", None, false),
            ("2008-08-25", Some(Observer), true),
            ("2014-04-30", Some(Observer), true),
            ("2014-05-10", Some(Member), false),
            ("2014-06-01", Some(Member), true),
            ("2025-01-01", Some(Member), true),
        ];
        for (day, status, confirmed) in table {
            let got = status_on(&qatar, parse_day(day).expect("day"));
            assert_eq!(got.map(|s| s.status), status, "{day}");
            if let Some(got) = got {
                assert_eq!(got.confirmed, confirmed, "{day}");
            }
        }
        assert!(overlapping(&qatar).is_empty());
    }

    #[test]
    fn unconfirmed_records_never_give_confirmed_answers() {
        let mut p = period(Participation::Member, Some("2004-10-22"), None);
        p.provenance.unconfirmed = true;
        let on = status_on(
            std::slice::from_ref(&p),
            parse_day("2020-01-01").expect("day"),
        );
        assert_eq!(on.map(|s| s.confirmed), Some(false));
    }

    #[test]
    fn overlaps_are_found() {
        use Participation::*;
        let bad = [
            period(Observer, Some("2008"), Some("2015")),
            period(Member, Some("2014"), None),
        ];
        assert_eq!(overlapping(&bad), vec![(0, 1)]);
    }
}
