//! The edition: one quarter's magazine laid out as data, from the records.
//!
//! Structure, as in the printed 2025-Q1 issue: cover with highlights; contents ("In the
//! Spotlight" first, then the other articles by month, then CICA Activities and Flash
//! Briefing); the foreword; the articles month by month (spotlight ones in their month); the
//! activities; the flash items; the quarter's calendar of meetings and decisions; the
//! Secretariat's contacts on the back page.

use std::collections::BTreeMap;

use chrono::Datelike;
use cica_domain::date::month_name;
use cica_domain::decision::{Decision, register_number};
use cica_domain::rules::meeting_title;
use cica_domain::{
    Body, Contact, DateSpan, Digest, ForewordKind, Media, MediaName, Meeting, NewsItem, NewsKind,
    Person, Quarter, State,
};
use serde::Serialize;

use crate::rich::Block;

/// Why an edition cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    #[error("{0} has no published articles; a digest needs at least one")]
    NoItems(Quarter),
    #[error("there is no digest record for {0}; add one (title, foreword) to the dataset first")]
    NoRecord(Quarter),
    #[error("typesetting failed: {0}")]
    Typeset(String),
}

/// Everything of a quarter the edition is made from. The caller reads it from the store.
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    pub digest: &'a Digest,
    /// The quarter's news items; drafts are left out whatever is passed.
    pub items: &'a [NewsItem],
    pub meetings: &'a [Meeting],
    pub decisions: &'a [Decision],
    pub bodies: &'a [Body],
    pub states: &'a [State],
    pub people: &'a [Person],
    pub contact: Option<&'a Contact>,
    /// The images the items' photos name; a photo whose image is missing is left out.
    pub media: &'a [Media],
}

impl<'a> Records<'a> {
    /// The records of `quarter` in a whole dataset (the built-in one, or a folder of files);
    /// `None` when the dataset has no digest record for it.
    pub fn in_dataset(ds: &'a cica_domain::Dataset, quarter: Quarter) -> Option<Self> {
        Some(Self {
            digest: ds.digests.iter().find(|d| d.quarter == quarter)?,
            items: &ds.news,
            meetings: &ds.meetings,
            decisions: &ds.decisions,
            bodies: &ds.bodies,
            states: &ds.states,
            people: &ds.people,
            contact: ds.contact.as_ref(),
            media: &ds.media,
        })
    }
}

/// An article as the magazine prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// A label unique in the edition, used to find the page it starts on.
    pub key: String,
    pub slug: String,
    pub title: String,
    /// "Baku, 15–17 January 2025".
    pub dateline: String,
    /// The text, as its editor wrote it in Markdown ([`crate::rich`]).
    pub body: Vec<Block>,
    pub spotlight: bool,
    /// The lead story: its first spotlight article, which the print edition opens
    /// across the page when it opens its section.
    pub lead: bool,
    pub photos: Vec<PrintedPhoto>,
}

/// A photograph as printed: the image's path in the edition's files and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedPhoto {
    /// `media/ski-tour.jpg`: where the layout finds the image.
    pub path: String,
    /// `ski-tour.jpg`: the image's name, which the web edition puts after its media address.
    pub name: String,
    pub caption: String,
    pub credit: Option<String>,
    /// What the image shows; empty when the caption says it all.
    pub alt: String,
}

/// A flash-briefing item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    pub key: String,
    pub slug: String,
    pub title: String,
    /// Empty when the day is not known.
    pub date: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Month {
    pub name: String,
    pub articles: Vec<Article>,
}

impl Month {
    /// The month's articles that are not in the spotlight: those listed under the month in
    /// the contents.
    pub fn others(&self) -> impl Iterator<Item = &Article> {
        self.articles.iter().filter(|a| !a.spotlight)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Foreword {
    pub body: Vec<Block>,
    pub author: String,
    pub author_title: String,
    /// The author's own words, printed over the signature. Otherwise the text is the
    /// Secretariat's account of them and goes unsigned, with `account` saying so.
    pub signed: bool,
    /// For an account: the line that says whose foreword it reports; empty when signed.
    pub account: String,
}

/// A line of the quarter's calendar: a meeting held or a decision taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarLine {
    /// "15–17 January".
    pub when: String,
    /// Its first day, for an HTML `<time datetime>`.
    pub datetime: String,
    pub what: String,
    /// Place for a meeting, register number for a decision.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calendar {
    pub meetings: Vec<CalendarLine>,
    pub decisions: Vec<CalendarLine>,
}

impl Calendar {
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty() && self.decisions.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Social {
    pub network: String,
    pub handle: String,
}

/// The back page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackPage {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub social: Vec<Social>,
}

/// A whole issue, ready to typeset or render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edition {
    #[serde(serialize_with = "as_text")]
    pub quarter: Quarter,
    pub title: String,
    /// "January – March 2025".
    pub period: String,
    pub cover: Vec<String>,
    pub foreword: Option<Foreword>,
    pub months: Vec<Month>,
    pub activities: Vec<Article>,
    pub flash: Vec<Brief>,
    pub calendar: Calendar,
    pub contact: Option<BackPage>,
    /// The Member States and the Observer States on the quarter's last day, by name: the
    /// page "CICA at a glance" that the print edition sets before its back cover when the
    /// issue would otherwise end on a right-hand page.
    pub members: Vec<String>,
    pub observers: Vec<String>,
    /// The images the photos print, by their path (`media/…`). Not part of the layout's
    /// data: the typesetter and the web edition read the bytes from here.
    #[serde(skip)]
    pub media: BTreeMap<String, Media>,
}

fn as_text<S: serde::Serializer>(q: &Quarter, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(q)
}

/// One entry of the contents: what the reader looks for and the label it is found by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    pub key: String,
    pub title: String,
    /// "In the Spotlight", a month, "CICA Activities", "Flash Briefing".
    pub group: String,
}

impl Edition {
    /// Prints curly quotes throughout: headlines, texts, captions, the cover and the calendar.
    fn curl_quotes(&mut self) {
        use crate::typography::curl;
        let each = |v: &mut Vec<String>| v.iter_mut().for_each(|t| *t = curl(t));
        let article = |a: &mut Article| {
            a.title = curl(&a.title);
            a.body.iter_mut().for_each(Block::curl_quotes);
            for ph in &mut a.photos {
                ph.caption = curl(&ph.caption);
            }
        };
        each(&mut self.cover);
        if let Some(f) = &mut self.foreword {
            f.body.iter_mut().for_each(Block::curl_quotes);
            f.account = curl(&f.account);
        }
        self.months
            .iter_mut()
            .flat_map(|m| m.articles.iter_mut())
            .chain(self.activities.iter_mut())
            .for_each(article);
        for b in &mut self.flash {
            b.title = curl(&b.title);
            b.text = curl(&b.text);
        }
        for l in self
            .calendar
            .meetings
            .iter_mut()
            .chain(self.calendar.decisions.iter_mut())
        {
            l.what = curl(&l.what);
        }
    }

    /// Spotlight articles, in the order they appear.
    pub fn spotlight(&self) -> impl Iterator<Item = &Article> {
        self.months
            .iter()
            .flat_map(|m| m.articles.iter())
            .filter(|a| a.spotlight)
    }

    /// The cover's headlines, each with the anchor of the article it announces (none for a
    /// headline no article of the issue carries).
    pub fn cover_links(&self) -> Vec<(String, Option<String>)> {
        self.cover
            .iter()
            .map(|h| {
                let key = self
                    .articles()
                    .find(|a| &a.title == h)
                    .map(|a| a.key.clone());
                (h.clone(), key)
            })
            .collect()
    }

    /// Every article and activity, in print order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.months
            .iter()
            .flat_map(|m| m.articles.iter())
            .chain(self.activities.iter())
    }

    /// The contents in the order printed: spotlight, foreword, months, activities, flash
    /// briefing, calendar.
    pub fn contents(&self) -> Vec<ContentsEntry> {
        let entry = |key: &str, title: &str, group: &str| ContentsEntry {
            key: key.to_owned(),
            title: title.to_owned(),
            group: group.to_owned(),
        };
        let mut out: Vec<ContentsEntry> = self
            .spotlight()
            .map(|a| entry(&a.key, &a.title, "In the Spotlight"))
            .collect();
        if self.foreword.is_some() {
            out.push(entry("foreword", "Foreword", "Foreword"));
        }
        for m in &self.months {
            out.extend(m.others().map(|a| entry(&a.key, &a.title, &m.name)));
        }
        out.extend(
            self.activities
                .iter()
                .map(|a| entry(&a.key, &a.title, "CICA Activities")),
        );
        if !self.flash.is_empty() {
            out.push(entry("flash-briefing", "Flash Briefing", "Flash Briefing"));
        }
        if !self.calendar.is_empty() {
            out.push(entry(
                "calendar",
                "The Quarter in Meetings and Decisions",
                "Calendar",
            ));
        }
        out
    }
}

/// A body of Markdown read into blocks, each run of spaces in its text one space.
fn body(markdown: &str) -> Vec<Block> {
    let mut blocks = crate::rich::blocks(markdown);
    for b in &mut blocks {
        b.map_text(&|t| {
            let mut out = String::with_capacity(t.len());
            for c in t.chars() {
                if c.is_whitespace() && c != '\n' {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                } else {
                    out.push(c);
                }
            }
            out
        });
    }
    blocks
}

fn media_path(name: &MediaName) -> String {
    format!("media/{name}")
}

fn article(n: &NewsItem, spotlight: bool, media: &[Media]) -> Article {
    let dateline = match &n.dateline {
        Some(d) => format!("{}, {}", d.place, d.span.human()),
        None => DateSpan::day(n.date).human(),
    };
    Article {
        key: format!("item-{}", n.slug),
        slug: n.slug.to_string(),
        title: n.title.clone(),
        dateline,
        body: body(&n.body),
        spotlight,
        lead: false,
        photos: n
            .photos
            .iter()
            .filter(|p| media.iter().any(|m| m.name == p.media))
            .map(|p| PrintedPhoto {
                path: media_path(&p.media),
                name: p.media.to_string(),
                caption: p.caption.clone(),
                credit: p.credit.clone(),
                alt: p.alt.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// Editorial order: the issue's own order first (the items it names, in that order), then
/// the date, then the address. Being in the spotlight marks an item; it does not move it.
fn order(items: &mut [&NewsItem], digest: &Digest) {
    let rank = |n: &NewsItem| {
        (
            digest
                .order
                .iter()
                .position(|s| s == &n.slug)
                .unwrap_or(usize::MAX),
            n.date,
        )
    };
    items.sort_by(|a, b| (rank(a), &a.slug).cmp(&(rank(b), &b.slug)));
}

/// Whether the item is in the spotlight: the choice when it makes one, else the
/// item's own flag.
fn in_spotlight(digest: &Digest, n: &NewsItem) -> bool {
    digest
        .spotlight
        .as_ref()
        .map_or(n.spotlight, |chosen| chosen.contains(&n.slug))
}

/// "15–17 January" without the year: the calendar is of one quarter.
fn day_and_month(span: DateSpan) -> String {
    let human = span.human();
    let year = format!(" {}", span.end().year());
    human
        .strip_suffix(&year)
        .map(str::to_owned)
        .unwrap_or(human)
}

fn calendar(r: &Records<'_>, span: DateSpan) -> Calendar {
    let mut meetings: Vec<&Meeting> = r
        .meetings
        .iter()
        .filter(|m| {
            m.status == cica_domain::MeetingStatus::Held
                && m.when.is_exact()
                && span.contains(m.when.span().start())
        })
        .collect();
    meetings.sort_by_key(|m| (m.when.span().start(), m.id.clone()));
    let state_name = |code: &cica_domain::StateCode| {
        r.states
            .iter()
            .find(|s| &s.code == code)
            .map(|s| s.name.clone())
    };
    let meetings = meetings
        .into_iter()
        .map(|m| {
            let body = r.bodies.iter().find(|b| b.slug == m.body);
            let place = match (&m.city, m.country.as_ref().and_then(state_name)) {
                (Some(c), Some(s)) => format!("{c}, {s}"),
                (Some(c), None) => c.clone(),
                (None, Some(s)) => s,
                (None, None) if m.format == cica_domain::MeetingFormat::Online => {
                    "Online".to_owned()
                }
                (None, None) => String::new(),
            };
            CalendarLine {
                when: day_and_month(m.when.span()),
                datetime: m.when.span().start().format("%Y-%m-%d").to_string(),
                what: meeting_title(m, body),
                detail: place,
            }
        })
        .collect();
    let mut decisions: Vec<&Decision> = r
        .decisions
        .iter()
        .filter(|d| span.contains(d.date))
        .collect();
    decisions.sort_by_key(|d| (d.date, d.organ.clone(), d.number));
    let decisions = decisions
        .into_iter()
        .map(|d| {
            let body = r.bodies.iter().find(|b| b.slug == d.organ);
            let organ = body.map_or_else(|| d.organ.to_string(), |b| b.label().to_owned());
            CalendarLine {
                when: day_and_month(DateSpan::day(d.date)),
                datetime: d.date.format("%Y-%m-%d").to_string(),
                what: format!(
                    "The {} {} {}",
                    body.map_or(organ.as_str(), |b| b.name.as_str()),
                    d.act.past(),
                    d.subject
                ),
                detail: register_number(&organ, d.date, d.number),
            }
        })
        .collect();
    Calendar {
        meetings,
        decisions,
    }
}

/// Builds the edition of the quarter from its records.
pub fn edition(r: &Records<'_>) -> Result<Edition, DigestError> {
    let digest = r.digest;
    let q = digest.quarter;
    let span = q.span();
    let mine: Vec<&NewsItem> = r.items.iter().filter(|n| digest.includes(n)).collect();
    if !mine.iter().any(|n| n.kind == NewsKind::Article) {
        return Err(DigestError::NoItems(q));
    }
    let print = |n: &NewsItem| article(n, in_spotlight(digest, n), r.media);
    // Months in time order; an article an editor assigned to the issue from another quarter
    // gets its own month, named with its year when that differs from the issue's.
    let mut month_keys: Vec<(i32, u32)> = mine
        .iter()
        .filter(|n| n.kind == NewsKind::Article && !n.activities)
        .map(|n| (n.date.year(), n.date.month()))
        .collect();
    month_keys.sort_unstable();
    month_keys.dedup();
    let mut months = Vec::new();
    for (year, m) in month_keys {
        let mut these: Vec<&NewsItem> = mine
            .iter()
            .copied()
            .filter(|n| {
                n.kind == NewsKind::Article
                    && !n.activities
                    && (n.date.year(), n.date.month()) == (year, m)
            })
            .collect();
        order(&mut these, digest);
        let name = if year == span.end().year() {
            month_name(m).to_owned()
        } else {
            format!("{} {year}", month_name(m))
        };
        months.push(Month {
            name,
            articles: these.into_iter().map(print).collect(),
        });
    }
    let mut activities: Vec<&NewsItem> = mine
        .iter()
        .copied()
        .filter(|n| n.kind == NewsKind::Article && n.activities)
        .collect();
    order(&mut activities, digest);
    let mut flash: Vec<&NewsItem> = mine
        .iter()
        .copied()
        .filter(|n| n.kind == NewsKind::Brief)
        .collect();
    order(&mut flash, digest);
    // The editor's headlines, else the spotlight articles as printed, at most as many as
    // the cover holds.
    let cover: Vec<String> = if digest.highlights.is_empty() {
        months
            .iter()
            .flat_map(|m| m.articles.iter())
            .filter(|a| a.spotlight)
            .take(*Digest::HIGHLIGHTS.end())
            .map(|a| a.title.clone())
            .collect()
    } else {
        digest
            .highlights
            .iter()
            .filter_map(|s| mine.iter().find(|n| &n.slug == s).map(|n| n.title.clone()))
            .collect()
    };
    let media: BTreeMap<String, Media> = mine
        .iter()
        .flat_map(|n| n.photos.iter())
        .filter_map(|p| r.media.iter().find(|m| m.name == p.media))
        .map(|m| (media_path(&m.name), m.clone()))
        .collect();
    let author = digest.foreword_author.as_ref().map(|slug| {
        r.people
            .iter()
            .find(|p| &p.slug == slug)
            .map_or_else(|| slug.to_string(), |p| p.name.clone())
    });
    let mut e = Edition {
        quarter: q,
        title: digest.title.clone(),
        period: format!(
            "{} – {} {}",
            month_name(span.start().month()),
            month_name(span.end().month()),
            span.end().year()
        ),
        cover,
        foreword: digest.foreword.as_ref().map(|f| {
            let author = author.unwrap_or_default();
            let author_title = digest.foreword_title.clone().unwrap_or_default();
            let signed = digest.foreword_kind == ForewordKind::Own;
            let by = [author.as_str(), author_title.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            Foreword {
                body: body(f),
                account: match (signed, by.is_empty()) {
                    (true, _) => String::new(),
                    (false, true) => {
                        "The Secretariat's account of the foreword; not its author's own words."
                            .into()
                    }
                    (false, false) => format!(
                        "The Secretariat's account of the foreword by {by}; not the author's own words."
                    ),
                },
                author,
                author_title,
                signed,
            }
        }),
        months,
        activities: activities.into_iter().map(print).collect(),
        flash: flash
            .into_iter()
            .map(|n| Brief {
                key: format!("item-{}", n.slug),
                slug: n.slug.to_string(),
                title: n.title.clone(),
                date: if n.date_confirmed {
                    DateSpan::day(n.date).human()
                } else {
                    String::new()
                },
                text: crate::rich::plain_text(&n.body)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect(),
        calendar: calendar(r, span),
        contact: r.contact.map(|c| BackPage {
            name: c.name.clone(),
            address: c.address.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            website: c.website.clone(),
            social: c
                .social
                .iter()
                .map(|(n, h)| Social {
                    network: n.clone(),
                    handle: h.clone(),
                })
                .collect(),
        }),
        members: states_on(r.states, span.end(), cica_domain::Participation::Member),
        observers: states_on(r.states, span.end(), cica_domain::Participation::Observer),
        media,
    };
    if let Some(lead) = e
        .months
        .iter_mut()
        .flat_map(|m| m.articles.iter_mut())
        .chain(e.activities.iter_mut())
        .find(|a| a.spotlight)
    {
        lead.lead = true;
    }
    e.curl_quotes();
    Ok(e)
}

/// The states with `status` on `day`, by name.
fn states_on(
    states: &[cica_domain::State],
    day: chrono::NaiveDate,
    status: cica_domain::Participation,
) -> Vec<String> {
    let mut names: Vec<String> = states
        .iter()
        .filter(|s| cica_domain::status_on(&s.statuses, day).is_some_and(|o| o.status == status))
        .map(|s| s.name.clone())
        .collect();
    names.sort();
    names
}
