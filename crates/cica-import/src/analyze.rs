//! From split items to proposed records: tags from the gazetteer, a slug, the news item an
//! editor will review, and the meetings and engagements the text reports.

use cica_domain::{DateSpan, Dateline as DomainDateline, NewsItem, NewsKind, Slug, StateCode};

use crate::dateline::Dateline;
use crate::entities::{Found, Gazetteer};
use crate::split::{ItemKind, RawItem, Split, first_sentence};

/// A meeting of a CICA body the text reports, for an editor to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedMeeting {
    pub body: Slug,
    pub place: Option<String>,
    pub span: Option<DateSpan>,
    /// The sentence it was read from.
    pub evidence: String,
}

/// An engagement with a registered person the text reports, for an editor to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedEngagement {
    pub person: Slug,
    pub place: Option<String>,
    pub span: Option<DateSpan>,
    pub evidence: String,
}

/// One item found in the text, with everything recognised in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedItem {
    pub raw: RawItem,
    pub slug: Slug,
    pub found: Found,
    /// Observer States among `found.states`, kept apart in reports.
    pub observers: Vec<StateCode>,
    pub meetings: Vec<ProposedMeeting>,
    pub engagements: Vec<ProposedEngagement>,
}

impl ImportedItem {
    pub fn dateline(&self) -> Option<&Dateline> {
        self.raw.dateline.as_ref()
    }

    pub fn span(&self) -> Option<DateSpan> {
        let d = self.raw.dateline.as_ref()?;
        DateSpan::new(d.start?, d.end?).ok()
    }
}

/// A URL-safe slug: the date, then the title's words in lower-case ASCII.
pub fn slug_for(date: Option<chrono::NaiveDate>, title: &str) -> Slug {
    let folded: String = title
        .chars()
        .map(|c| match c {
            'ü' | 'Ü' => 'u',
            'ö' | 'Ö' => 'o',
            'ç' | 'Ç' => 'c',
            'ş' | 'Ş' => 's',
            'ğ' | 'Ğ' => 'g',
            'ı' | 'İ' => 'i',
            'ə' | 'Ə' => 'e',
            'é' | 'è' | 'ê' => 'e',
            'á' | 'à' | 'â' | 'ä' => 'a',
            c => c,
        })
        .collect();
    let mut words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut s = date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "undated".into());
    for w in words.drain(..) {
        if s.len() + w.len() + 1 > 90 {
            break;
        }
        s.push('-');
        s.push_str(&w);
    }
    Slug::parse(&s).unwrap_or_else(|_| Slug::parse("imported-item").expect("a valid slug"))
}

const MEETING_WORDS: &[&str] = &[
    "meeting",
    "session",
    "convened",
    "took place",
    "was held",
    "met in",
];
const ENGAGEMENT_WORDS: &[&str] = &[
    "met with",
    "meeting with",
    "received by",
    "was received",
    "talks with",
    "consultations with",
    "discussions with",
    "welcomed",
    "hosted",
    "held a meeting",
    "engaged with",
    "exchange",
    "met ",
];

/// Sentences of the item, roughly: enough to tie a name to a verb.
fn sentences(paragraphs: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    for p in paragraphs {
        let mut rest = p.as_str();
        while !rest.is_empty() {
            let s = first_sentence(rest);
            out.push(s.trim());
            rest = rest[s.len()..].trim_start();
        }
    }
    out
}

/// Recognises entities in every item and proposes records.
pub fn analyze(split: &Split, g: &Gazetteer, secretariat_people: &[Slug]) -> Vec<ImportedItem> {
    let mut taken: Vec<Slug> = Vec::new();
    split
        .items
        .iter()
        .map(|raw| {
            let text = format!("{}\n{}", raw.title, raw.paragraphs.join("\n"));
            let found = g.find(&text);
            let observers = found
                .states
                .iter()
                .filter(|s| g.is_observer(s))
                .cloned()
                .collect();
            let date = raw.dateline.as_ref().and_then(|d| d.start);
            let mut slug = slug_for(date, &raw.title);
            // Two items with the same date and title (flash items) get distinct slugs.
            let mut n = 2;
            while taken.contains(&slug) {
                slug = Slug::parse(&format!("{slug}-{n}")).unwrap_or_else(|_| slug.clone());
                n += 1;
            }
            taken.push(slug.clone());
            let span = raw
                .dateline
                .as_ref()
                .and_then(|d| DateSpan::new(d.start?, d.end?).ok());
            let place = raw.dateline.as_ref().map(|d| d.place.clone());
            let mut meetings: Vec<ProposedMeeting> = Vec::new();
            let mut engagements: Vec<ProposedEngagement> = Vec::new();
            if raw.kind == ItemKind::Article {
                for s in sentences(&raw.paragraphs) {
                    let lower = s.to_lowercase();
                    let meets = MEETING_WORDS.iter().any(|w| lower.contains(w));
                    let engages = ENGAGEMENT_WORDS.iter().any(|w| lower.contains(w));
                    if !meets && !engages {
                        continue;
                    }
                    let f = g.find(s);
                    if meets {
                        for b in f.bodies.iter().filter(|b| b.as_str() != "secretariat") {
                            if !meetings.iter().any(|m| &m.body == b) {
                                meetings.push(ProposedMeeting {
                                    body: b.clone(),
                                    place: place.clone(),
                                    span,
                                    evidence: s.to_owned(),
                                });
                            }
                        }
                    }
                    if engages {
                        for p in f.people.iter().filter(|p| !secretariat_people.contains(p)) {
                            if !engagements.iter().any(|e| &e.person == p) {
                                engagements.push(ProposedEngagement {
                                    person: p.clone(),
                                    place: place.clone(),
                                    span,
                                    evidence: s.to_owned(),
                                });
                            }
                        }
                    }
                }
            }
            ImportedItem {
                raw: raw.clone(),
                slug,
                found,
                observers,
                meetings,
                engagements,
            }
        })
        .collect()
}

/// The news item an editor will review: a draft, tagged, with its provenance.
pub fn to_news(item: &ImportedItem, source: &str, fallback_date: chrono::NaiveDate) -> NewsItem {
    let raw = &item.raw;
    let dateline = item
        .span()
        .zip(raw.dateline.as_ref())
        .map(|(span, d)| DomainDateline {
            place: d.place.clone(),
            span,
        });
    let date = dateline.as_ref().map_or(fallback_date, |d| d.span.start());
    let mut notes = raw.notes.clone();
    if dateline.is_none() {
        notes.push(format!(
            "no dated dateline: filed under {fallback_date}, the day of the import"
        ));
    }
    NewsItem {
        slug: item.slug.clone(),
        title: raw.title.clone(),
        kind: if raw.kind == ItemKind::Article {
            NewsKind::Article
        } else {
            NewsKind::Brief
        },
        dateline,
        date,
        date_confirmed: raw
            .dateline
            .as_ref()
            .is_some_and(|d| d.start.is_some() && !d.year_inferred),
        date_note: (!notes.is_empty()).then(|| notes.join("; ")),
        spotlight: raw.spotlight,
        activities: raw.activities,
        issue: None,
        position: None,
        states: item.found.states.clone(),
        bodies: item.found.bodies.clone(),
        people: item.found.people.clone(),
        organizations: item.found.organizations.clone(),
        language: "en".into(),
        source: source.to_owned(),
        body: raw.paragraphs.join("\n\n"),
        draft: true,
    }
}
