//! An editor's review of what an imported news item reports: the editor's acceptance of a
//! meeting or engagement proposal, merged with what the proposal itself says, becomes the
//! record of the calendar. Whether the references exist and the id is free is the store's to
//! check under its lock; everything else about the merge is decided here.

use chrono::NaiveDate;

use crate::date::{DateSpan, Period};
use crate::ids::{Slug, StateCode};
use crate::record::{
    Counterpart, Engagement, EngagementKind, Meeting, MeetingFormat, MeetingStatus, Provenance,
};

/// What a proposal says of what happened, as the importer read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposed {
    /// The registered person it names, if any.
    pub person: Option<Slug>,
    /// The title printed beside that person.
    pub title: Option<String>,
    pub place: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// What an editor gives to turn a meeting proposal into a meeting of the calendar. A field
/// left `None` takes what the proposal says: `body` its subject, `start` and `end` its days
/// (`end` defaults to `start` when the proposal gives no days), `city` its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingAcceptance {
    pub id: Slug,
    pub body: Option<Slug>,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub city: Option<String>,
    pub country: Option<StateCode>,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub informal: bool,
    pub host: Option<StateCode>,
    pub chair_state: Option<StateCode>,
    pub chair_person: Option<Slug>,
    pub states: Vec<StateCode>,
    pub organizations: Vec<Slug>,
    pub summary: Option<String>,
    pub provenance: Provenance,
}

/// What an editor gives to turn an engagement proposal into an engagement. A field left `None`
/// takes what the proposal says: `start`, `end` and `city` as for a meeting, `counterparts`
/// the registered person the proposal names, with the title printed beside them (none for a
/// person the register does not know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngagementAcceptance {
    pub id: Slug,
    pub kind: EngagementKind,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub city: Option<String>,
    pub country: Option<StateCode>,
    pub secretariat: Vec<Slug>,
    pub counterparts: Option<Vec<Counterpart>>,
    pub states: Vec<StateCode>,
    pub organizations: Vec<Slug>,
    pub topics: Vec<String>,
    pub summary: Option<String>,
    /// `unconfirmed` when the day is only known to lie within the span.
    pub provenance: Provenance,
}

/// An editor's acceptance of a proposal, of the proposal's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acceptance {
    Meeting(MeetingAcceptance),
    Engagement(EngagementAcceptance),
}

/// Why an acceptance cannot become a record, naming the field to correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error(
        "start: the proposal gives no days; give the first day (and `end` if it lasted longer)"
    )]
    NoDays,
    #[error("end: {end}{} is before start {start}", if *.proposals { " (the proposal's)" } else { "" })]
    EndBeforeStart {
        start: NaiveDate,
        end: NaiveDate,
        /// Whether the end is the proposal's, not the editor's.
        proposals: bool,
    },
    #[error("body: the proposal's subject `{0}` is not a body's slug; give the body")]
    NoBody(String),
}

/// The days of the record: the editor's, else the proposal's; `end` is `start` when neither
/// gives one.
fn span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    p: &Proposed,
) -> Result<DateSpan, ReviewError> {
    let start = start.or(p.start).ok_or(ReviewError::NoDays)?;
    let (end, proposals) = match end {
        Some(e) => (e, false),
        None => match p.end {
            Some(e) => (e, true),
            None => (start, false),
        },
    };
    DateSpan::new(start, end).map_err(|_| ReviewError::EndBeforeStart {
        start,
        end,
        proposals,
    })
}

/// Trimmed text, none when empty.
fn text(t: Option<&String>) -> Option<String> {
    t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The list without repeats, in its order.
fn unique<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

fn provenance(p: &Provenance) -> Provenance {
    Provenance {
        unconfirmed: p.unconfirmed,
        note: text(p.note.as_ref()),
        sources: p.sources.iter().filter_map(|s| text(Some(s))).collect(),
    }
}

/// The meeting a meeting proposal of news item `news` about `subject` (a body's slug, as the
/// importer proposes it) becomes with the editor's acceptance.
pub fn meeting(
    news: &Slug,
    subject: &str,
    p: &Proposed,
    a: &MeetingAcceptance,
) -> Result<Meeting, ReviewError> {
    let body = match &a.body {
        Some(b) => b.clone(),
        None => Slug::parse(subject).map_err(|_| ReviewError::NoBody(subject.to_owned()))?,
    };
    let when = span(a.start, a.end, p)?;
    Ok(Meeting {
        id: a.id.clone(),
        body,
        number: a.number,
        title: text(a.title.as_ref()),
        when: Period::Days(when),
        time: None,
        city: text(a.city.as_ref()).or_else(|| text(p.place.as_ref())),
        country: a.country.clone(),
        format: a.format,
        status: a.status,
        informal: a.informal,
        host: a.host.clone(),
        chair_state: a.chair_state.clone(),
        chair_person: a.chair_person.clone(),
        states: unique(&a.states),
        organizations: unique(&a.organizations),
        series_note: None,
        summary: text(a.summary.as_ref()),
        outcomes: Vec::new(),
        next: None,
        news: vec![news.clone()],
        provenance: provenance(&a.provenance),
    })
}

/// The engagement an engagement proposal of news item `news` becomes with the editor's
/// acceptance; without counterparts of the editor's, the person the proposal names, with the
/// title printed beside them.
pub fn engagement(
    news: &Slug,
    p: &Proposed,
    a: &EngagementAcceptance,
) -> Result<Engagement, ReviewError> {
    let when = span(a.start, a.end, p)?;
    let counterparts = match &a.counterparts {
        Some(c) => c.clone(),
        None => p
            .person
            .iter()
            .map(|person| Counterpart {
                person: person.clone(),
                title: text(p.title.as_ref()),
                state: None,
                organization: None,
            })
            .collect(),
    };
    Ok(Engagement {
        id: a.id.clone(),
        when,
        city: text(a.city.as_ref()).or_else(|| text(p.place.as_ref())),
        country: a.country.clone(),
        kind: a.kind,
        secretariat: unique(&a.secretariat),
        counterparts: counterparts
            .into_iter()
            .map(|c| Counterpart {
                title: text(c.title.as_ref()),
                ..c
            })
            .collect(),
        states: unique(&a.states),
        organizations: unique(&a.organizations),
        topics: a.topics.iter().filter_map(|t| text(Some(t))).collect(),
        summary: text(a.summary.as_ref()),
        news: Some(news.clone()),
        provenance: provenance(&a.provenance),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_day;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("slug")
    }

    fn acceptance() -> MeetingAcceptance {
        MeetingAcceptance {
            id: slug("soc-2025-2"),
            body: None,
            number: None,
            title: Some("  ".into()),
            start: None,
            end: None,
            city: None,
            country: None,
            format: MeetingFormat::InPerson,
            status: MeetingStatus::Held,
            informal: false,
            host: None,
            chair_state: None,
            chair_person: None,
            states: vec![],
            organizations: vec![slug("sco"), slug("sco")],
            summary: None,
            provenance: Provenance::default(),
        }
    }

    /// The editor's start and end, and the days expected (or the error).
    type Case = (
        Option<&'static str>,
        Option<&'static str>,
        Result<(&'static str, &'static str), ReviewError>,
    );

    #[test]
    fn the_editors_fields_win_and_the_proposal_fills_the_rest() {
        let proposed = Proposed {
            place: Some("Astana".into()),
            start: Some(day("2025-05-06")),
            end: Some(day("2025-05-07")),
            ..Proposed::default()
        };
        let news = slug("soc-meets");
        // (editor's start, editor's end) → expected days, or the error.
        let table: [Case; 4] = [
            (None, None, Ok(("2025-05-06", "2025-05-07"))),
            (Some("2025-05-05"), None, Ok(("2025-05-05", "2025-05-07"))),
            (
                Some("2025-05-05"),
                Some("2025-05-05"),
                Ok(("2025-05-05", "2025-05-05")),
            ),
            (
                Some("2025-05-09"),
                None,
                Err(ReviewError::EndBeforeStart {
                    start: day("2025-05-09"),
                    end: day("2025-05-07"),
                    proposals: true,
                }),
            ),
        ];
        for (start, end, expected) in table {
            let a = MeetingAcceptance {
                start: start.map(day),
                end: end.map(day),
                ..acceptance()
            };
            let got = meeting(&news, "soc", &proposed, &a).map(|m| match m.when {
                Period::Days(d) => (d.start(), d.end()),
                _ => unreachable!("a reviewed meeting has its days"),
            });
            assert_eq!(
                got,
                expected.map(|(s, e)| (day(s), day(e))),
                "{start:?} {end:?}"
            );
        }
        let m = meeting(&news, "soc", &proposed, &acceptance()).expect("merged");
        assert_eq!(m.body, slug("soc"), "the body is the proposal's subject");
        assert_eq!(
            m.city.as_deref(),
            Some("Astana"),
            "the place is the proposal's"
        );
        assert_eq!(m.title, None, "blank text is no text");
        assert_eq!(m.organizations, vec![slug("sco")], "without repeats");
        assert_eq!(m.news, vec![news]);
    }

    #[test]
    fn a_proposal_without_days_needs_the_editors() {
        let err =
            meeting(&slug("n"), "soc", &Proposed::default(), &acceptance()).expect_err("no days");
        assert_eq!(err, ReviewError::NoDays);
        let err = meeting(
            &slug("n"),
            "Not a slug",
            &Proposed::default(),
            &acceptance(),
        )
        .expect_err("no body");
        assert_eq!(err, ReviewError::NoBody("Not a slug".into()));
    }
}
