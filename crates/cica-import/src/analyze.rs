//! From split items to proposed records: tags from the gazetteer, a slug, the news item an
//! editor will review, and the meetings and engagements the text reports.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

use chrono::NaiveDate;
use cica_domain::{DateSpan, Dateline as DomainDateline, NewsItem, NewsKind, Slug, StateCode};

use crate::dateline::Dateline;
use crate::entities::{Found, Gazetteer};
use crate::people::PersonMention;
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

/// An engagement the text reports (someone the Secretariat met), for an editor to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedEngagement {
    /// The person in the register, if the register knows them.
    pub person: Option<Slug>,
    /// The name as printed.
    pub name: String,
    /// Their title as printed, if any.
    pub title: Option<String>,
    pub place: Option<String>,
    pub span: Option<DateSpan>,
    pub evidence: String,
}

impl ProposedEngagement {
    /// The register's slug, or the name as printed for someone not in the register.
    pub fn key(&self) -> String {
        self.person
            .as_ref()
            .map_or_else(|| self.name.clone(), ToString::to_string)
    }
}

/// One item found in the text, with everything recognised in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedItem {
    pub raw: RawItem,
    pub slug: Slug,
    pub found: Found,
    /// Member States among `found.states` on the day the item reports (today's, for an item
    /// with no day).
    pub members: Vec<StateCode>,
    /// Observer States among `found.states` on the day the item reports, kept apart.
    pub observers: Vec<StateCode>,
    /// People named with their titles, in the register or not.
    pub people: Vec<PersonMention>,
    /// For an item printed without a dated dateline (a flash briefing item): the day it is
    /// filed under, inferred from the text (the last day any dateline of the same text
    /// reports), so that importing the same text on another day gives the same record.
    pub filed_under: Option<NaiveDate>,
    pub meetings: Vec<ProposedMeeting>,
    pub engagements: Vec<ProposedEngagement>,
    /// What the splitter and the analysis inferred or repaired, for the editor.
    pub notes: Vec<String>,
}

impl ImportedItem {
    pub fn dateline(&self) -> Option<&Dateline> {
        self.raw.dateline.as_ref()
    }

    pub fn span(&self) -> Option<DateSpan> {
        let d = self.raw.dateline.as_ref()?;
        DateSpan::new(d.start?, d.end?).ok()
    }

    /// The day the item is about: its dateline's first day, or the day it is filed under.
    pub fn day(&self) -> Option<NaiveDate> {
        self.span().map(|s| s.start()).or(self.filed_under)
    }
}

/// A letter of the region's Latin alphabets beyond ASCII as its ASCII letter in a slug; any other
/// character as it is.
fn fold(c: char) -> char {
    match c {
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
    }
}

/// A URL-safe slug: the date, then the title's words in lower-case ASCII.
pub fn slug_for(date: Option<NaiveDate>, title: &str) -> Slug {
    let mut s = date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    // The title's words (runs of ASCII letters and digits, after folding), each added while
    // it fits; read in one pass, as every item of an import is given one.
    let mut word = String::new();
    for c in title.chars().map(fold).chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if word.is_empty() {
            continue;
        }
        if s.len() + word.len() + 1 > SLUG_BASE_MAX {
            break;
        }
        s.push('-');
        s.push_str(&word);
        word.clear();
    }
    Slug::parse(&s).unwrap_or_else(|_| Slug::parse("imported-item").expect("a valid slug"))
}

/// The longest slug [`slug_for`] makes, leaving room for a `-n` suffix within a slug's 120.
const SLUG_BASE_MAX: usize = 90;

/// `base` if no other item of this input has it, else `base-2`, `base-3`, … (always on the
/// base, never `base-2-3`): two items with the same date and title (flash items, a release
/// pasted twice) get distinct slugs. `next` remembers, per base, the number after the last one
/// given, so a release pasted a thousand times costs a thousand steps, not a million. The
/// first free number is at most `taken.len() + 2`, so the search ends, however many clash.
fn unique_slug(base: Slug, taken: &HashSet<Slug>, next: &mut HashMap<Slug, usize>) -> Slug {
    if !taken.contains(&base) {
        return base;
    }
    // `slug_for` keeps bases short; a longer one (from elsewhere) is cut back at a hyphen.
    let mut stem = base.as_str();
    while stem.len() > SLUG_BASE_MAX {
        stem = stem[..SLUG_BASE_MAX]
            .rsplit_once('-')
            .map_or(&stem[..SLUG_BASE_MAX], |(a, _)| a);
    }
    let stem = stem.trim_end_matches('-');
    let from = next.get(&base).copied().unwrap_or(2);
    for n in from..=taken.len() + 2 {
        if let Ok(s) = Slug::parse(&format!("{stem}-{n}"))
            && !taken.contains(&s)
        {
            next.insert(base, n + 1);
            return s;
        }
    }
    base
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
    "received",
    "visited",
    "called on",
    "paid a visit",
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

/// The words that make a sentence report a meeting (first kind) or an engagement (second).
static REPORTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(MEETING_WORDS.iter().chain(ENGAGEMENT_WORDS))
        .expect("the report words compile")
});

/// Whether a sentence reports a meeting, an engagement.
fn reports(sentence: &str) -> (bool, bool) {
    let (mut meets, mut engages) = (false, false);
    for m in REPORTS.find_overlapping_iter(sentence) {
        if m.pattern().as_usize() < MEETING_WORDS.len() {
            meets = true;
        } else {
            engages = true;
        }
        if meets && engages {
            break;
        }
    }
    (meets, engages)
}

/// Sentences of the item, roughly: enough to tie a name to a verb. Each with where it starts
/// in the paragraphs joined by line breaks.
fn sentences(paragraphs: &[String]) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for p in paragraphs {
        let mut rest = p.as_str();
        while !rest.is_empty() {
            let s = first_sentence(rest);
            let trimmed = s.trim();
            let from = p.len() - rest.len() + (s.len() - s.trim_start().len());
            out.push((at + from, trimmed));
            rest = rest[s.len()..].trim_start();
        }
        at += p.len() + 1;
    }
    out
}

fn codes(list: &[StateCode]) -> String {
    list.iter()
        .map(StateCode::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Recognises entities in every item and proposes records.
pub fn analyze(split: &Split, g: &Gazetteer, secretariat_people: &[Slug]) -> Vec<ImportedItem> {
    // The day undated items are filed under: the last day any dateline of the text reports.
    let last_day = split
        .items
        .iter()
        .filter_map(|i| i.dateline.as_ref().and_then(|d| d.end))
        .max();
    // Each item is read on its own, the items shared among the machine's cores; then each
    // slug is made unique in the text's order, as if they had been read one by one.
    let mut items = in_parallel(&split.items, |raw| {
        analyze_one(raw, split.date_hint, last_day, g, secretariat_people)
    });
    let mut taken: HashSet<Slug> = HashSet::new();
    let mut next_number: HashMap<Slug, usize> = HashMap::new();
    for item in &mut items {
        let slug = unique_slug(item.slug.clone(), &taken, &mut next_number);
        taken.insert(slug.clone());
        item.slug = slug;
    }
    items
}

/// Fewer items than this are worked through on the calling thread.
const FEW: usize = 64;

/// The importer's own pool of threads, as many as the machine has cores but at most four
/// (an import leaves cores to the server's other requests on a larger machine), made at its
/// first use and kept for the process; `None` when its threads could not be started, and then
/// the work is done on the calling thread.
///
/// Kept rather than started for each call: every regular expression keeps its caches in a
/// pool of its own, and a thread new to it finds none ready (measured: a thread started for
/// each pass read its half of a text's datelines up to 2.4 times as slowly as the thread it ran
/// beside).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.min(4))
            .thread_name(|n| format!("cica-import-{n}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// `f` over `items`, in order, shared among the importer's threads ([`pool`]); on the calling
/// thread when there are few items. A panic in `f` is carried on to the caller.
pub fn in_parallel<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    use rayon::prelude::*;
    // Borrowed by every thread (`f` itself need only be shared, not sent).
    let f = &f;
    match pool_for(items.len()) {
        Some(pool) => pool.install(|| items.par_iter().with_min_len(FEW / 4).map(f).collect()),
        None => items.iter().map(f).collect(),
    }
}

/// [`in_parallel`] over items given away: `f` takes each one.
pub(crate) fn in_parallel_owned<T: Send, U: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> U + Sync,
) -> Vec<U> {
    use rayon::prelude::*;
    let f = &f;
    match pool_for(items.len()) {
        Some(pool) => pool.install(|| items.into_par_iter().with_min_len(FEW / 4).map(f).collect()),
        None => items.into_iter().map(f).collect(),
    }
}

/// The importer's threads for `n` items, when they are worth sharing (the work is cut into
/// pieces of at least `FEW / 4` items, each worth handing to another thread) and the threads
/// could be started.
fn pool_for(n: usize) -> Option<&'static rayon::ThreadPool> {
    pool().filter(|_| n >= FEW)
}

/// One item's tags, notes, people and proposals, with the slug its title and day give
/// (made unique by [`analyze`]).
fn analyze_one(
    raw: &RawItem,
    date_hint: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    g: &Gazetteer,
    secretariat_people: &[Slug],
) -> ImportedItem {
    let mut notes = raw.notes.clone();
    let dl = raw.dateline.as_ref();
    // The title, a country named in the dateline ("Astana, Kazakhstan"), the body.
    let country = dl.and_then(|d| d.country_as_written.as_deref());
    // A title made from the first sentence would count that sentence twice.
    let title = if raw.title_inferred { "" } else { &raw.title };
    let paragraphs = raw.paragraphs.join("\n");
    let text = format!("{title}\n{}\n{paragraphs}", country.unwrap_or(""));
    // Where the paragraphs start in `text`. The names are found once; the lead and
    // each sentence read theirs from the same hits.
    let body = text.len() - paragraphs.len();
    let hits = g.hits(&text);
    let found = g.found_in(&hits, std::iter::once(0..text.len()));
    let date = dl.and_then(|d| d.start);
    let span = dl.and_then(|d| DateSpan::new(d.start?, d.end?).ok());
    let filed_under = match (span, raw.kind) {
        (Some(_), _) | (None, ItemKind::Foreword) => None,
        (None, _) => {
            let (day, why) = if let Some(p) = raw.published {
                (
                    Some(p.day),
                    "the day of the publication line printed with it",
                )
            } else if let Some(d) = last_day {
                (
                    Some(d),
                    "the last day a dateline of this text reports (inferred; check it)",
                )
            } else {
                (date_hint, "the day given with the import")
            };
            if let Some(d) = day {
                notes.push(format!("no dated dateline: filed under {d}, {why}"));
            }
            day
        }
    };
    let day = span.map(|s| s.start()).or(filed_under);
    let taking_part = |s: &StateCode, as_: cica_domain::Participation| match day {
        Some(d) => g.participation_on(s, d) == Some(as_),
        None => match as_ {
            cica_domain::Participation::Member => g.is_member(s),
            _ => g.is_observer(s),
        },
    };
    let members: Vec<StateCode> = found
        .states
        .iter()
        .filter(|s| taking_part(s, cica_domain::Participation::Member))
        .cloned()
        .collect();
    let observers: Vec<StateCode> = found
        .states
        .iter()
        .filter(|s| taking_part(s, cica_domain::Participation::Observer))
        .cloned()
        .collect();
    if let Some(d) = day {
        let without: Vec<StateCode> = found
            .states
            .iter()
            .filter(|s| g.participation_on(s, d).is_none())
            .cloned()
            .collect();
        if !without.is_empty() {
            notes.push(format!(
                "names states that were neither Member nor Observer States on {d} (before joining or after leaving): {}",
                codes(&without)
            ));
        }
    }
    if !found.other_states.is_empty() {
        notes.push(format!(
            "also names states that take no part in CICA, not tagged: {}",
            codes(&found.other_states)
        ));
    }
    for b in &found.named_bodies {
        if let Some(tag) = g.tag_of(b)
            && tag != *b
        {
            notes.push(format!(
                "names the body {b}, tagged as {tag}, which it belongs to"
            ));
        }
    }
    let people = crate::people::mentions(&text, g);
    let new_people: Vec<String> = people
        .iter()
        .filter(|p| p.person.is_none())
        .map(|p| match &p.title {
            Some(t) => format!("{} ({t})", p.name),
            None => p.name.clone(),
        })
        .collect();
    if !new_people.is_empty() {
        notes.push(format!(
            "people not in the register, not tagged: {}",
            new_people.join("; ")
        ));
    }
    let slug = slug_for(date, &raw.title);
    let place = dl.map(|d| d.place.clone());
    // A meeting is proposed for a body the item is about: one named in its headline
    // or first paragraph, not one mentioned in passing ("the upcoming SOC meeting").
    // (Read only when a sentence reports a meeting.)
    let mut lead: Option<Vec<Slug>> = None;
    let mut meetings: Vec<ProposedMeeting> = Vec::new();
    let mut engagements: Vec<ProposedEngagement> = Vec::new();
    if raw.kind != ItemKind::Foreword {
        for (at, s) in sentences(&raw.paragraphs) {
            let (meets, engages) = reports(s);
            let meets = meets && raw.kind == ItemKind::Article;
            if !meets && !engages {
                continue;
            }
            let lead = if meets {
                lead.get_or_insert_with(|| {
                    let first = raw.paragraphs.first().map_or(0, String::len);
                    let lead = [0..title.len(), body..body + first];
                    let mut b = g.found_in(&hits, lead).named_bodies;
                    b.retain(|b| b.as_str() != "secretariat");
                    b
                })
                .as_slice()
            } else {
                &[]
            };
            if meets && !lead.is_empty() {
                let f = g.found_in(&hits, std::iter::once(body + at..body + at + s.len()));
                let about = f.named_bodies.iter().filter(|b| lead.contains(b));
                for b in about {
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
                for p in &people {
                    let ours = p
                        .person
                        .as_ref()
                        .is_some_and(|p| secretariat_people.contains(p));
                    let named = s.contains(&p.name)
                        || p.name
                            .split_whitespace()
                            .last()
                            .is_some_and(|last| s.contains(last));
                    if ours || !named {
                        continue;
                    }
                    let e = ProposedEngagement {
                        person: p.person.clone(),
                        name: p.name.clone(),
                        title: p.title.clone(),
                        place: place.clone(),
                        span: span.or_else(|| filed_under.and_then(|d| DateSpan::new(d, d).ok())),
                        evidence: s.to_owned(),
                    };
                    if !engagements.iter().any(|x| x.key() == e.key()) {
                        engagements.push(e);
                    }
                }
            }
        }
    }
    ImportedItem {
        raw: raw.clone(),
        slug,
        found,
        members,
        observers,
        people,
        filed_under,
        meetings,
        engagements,
        notes,
    }
}

/// The news item an editor will review: a draft, tagged, with its provenance.
/// `fallback_date` (the day of the import) is used only when the text gives no day at all.
pub fn to_news(item: &ImportedItem, source: &str, fallback_date: NaiveDate) -> NewsItem {
    let raw = &item.raw;
    let dateline = item
        .span()
        .zip(raw.dateline.as_ref())
        .map(|(span, d)| DomainDateline {
            place: d.place.clone(),
            span,
        });
    let mut notes = item.notes.clone();
    let date = match (&dateline, item.filed_under) {
        (Some(d), _) => d.span.start(),
        (None, Some(d)) => d,
        (None, None) => {
            notes.push(format!(
                "no dated dateline and no date anywhere in the text: filed under {fallback_date}, the day of the import"
            ));
            fallback_date
        }
    };
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
        // The text arrived plain; a body is Markdown, so nothing in it is read as markup.
        body: cica_domain::markdown_escape(&raw.paragraphs.join("\n\n")),
        draft: true,
        photos: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However the work is shared, the results come back in the items' order, few or many.
    #[test]
    fn work_shared_among_threads_keeps_its_order() {
        for n in [0, 1, 5, 63, 64, 65, 1000, 10_007] {
            let items: Vec<u64> = (0..n).collect();
            let want: Vec<u64> = items.iter().map(|n| n * n + 1).collect();
            assert_eq!(in_parallel(&items, |n| n * n + 1), want, "{n} items");
        }
    }

    /// A panic in the work reaches the caller as a panic, with its message.
    #[test]
    fn a_panic_in_shared_work_reaches_the_caller() {
        let items: Vec<u64> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            in_parallel(&items, |n| {
                assert!(*n != 777, "item seven hundred and seventy-seven");
                *n
            })
        });
        let message = caught
            .err()
            .and_then(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            })
            .unwrap_or_default();
        assert!(message.contains("seven hundred"), "{message:?}");
    }

    /// A slug is the day and the title's words in lower-case ASCII, letters with marks folded,
    /// words added while they fit in the base's length.
    #[test]
    fn a_slug_is_the_day_and_the_title_s_words_folded_to_ascii() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 7);
        let long = "Ministers of the Member States meet again in the capital to review the plan of work for the year ahead";
        for (date, title, want) in [
            (
                day,
                "Leaders meet in Astana",
                "2025-03-07-leaders-meet-in-astana",
            ),
            (
                day,
                "Türkiye's Çağrı: Ölçü — İzmir",
                "2025-03-07-turkiye-s-cagri-olcu-izmir",
            ),
            (day, "  --  ", "2025-03-07"),
            (None, "Seminar (copy 7)", "undated-seminar-copy-7"),
            (day, "Встреча в Астане 2025", "2025-03-07-2025"),
            // The words stop at the first that does not fit, though a shorter one after it would.
            (
                day,
                &format!("Summit {} {} ok", "y".repeat(60), "z".repeat(20)),
                &format!("2025-03-07-summit-{}", "y".repeat(60)),
            ),
            (
                day,
                long,
                "2025-03-07-ministers-of-the-member-states-meet-again-in-the-capital-to-review-the-plan-of",
            ),
        ] {
            let slug = slug_for(date, title);
            assert_eq!(slug.as_str(), want, "{title:?}");
            assert!(slug.as_str().len() <= SLUG_BASE_MAX, "{title:?}");
        }
    }

    /// The slug as it was made before it was read in one pass: the folded title cut into
    /// words, each lowered, added while it fits.
    fn slug_in_steps(date: Option<NaiveDate>, title: &str) -> String {
        let folded: String = title.chars().map(fold).collect();
        let mut s = date.map_or_else(|| "undated".to_owned(), |d| d.to_string());
        for w in folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if s.len() + w.len() + 1 > SLUG_BASE_MAX {
                break;
            }
            s.push('-');
            s.push_str(&w.to_ascii_lowercase());
        }
        s
    }

    proptest::proptest! {
        /// Read in one pass, a title gives the slug it gave read in steps.
        #[test]
        fn a_slug_read_in_one_pass_is_the_slug_read_in_steps(
            title in "[a-zA-Z0-9 üÖçŞğİıəéàäñЖ'’—.,-]{0,140}",
            dated in proptest::bool::ANY,
        ) {
            let date = dated.then(|| NaiveDate::from_ymd_opt(2024, 11, 30)).flatten();
            let slug = slug_for(date, &title);
            proptest::prop_assert_eq!(slug.as_str(), slug_in_steps(date, &title));
        }
    }
}
