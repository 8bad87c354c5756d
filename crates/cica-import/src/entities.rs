//! Recognising who and what a text is about: states by any name, long form or adjective; CICA
//! bodies by name, abbreviation or paraphrase; people; organizations; areas of confidence
//! building measures.
//!
//! Names come from the registers, so the importer knows what the platform knows. Matching is
//! case-sensitive (these are proper nouns), on whole words, longest name first. Web addresses,
//! e-mail addresses and hashtags are blanked out first: a country named only in a URL is not a
//! mention. Generic words that are also names of CICA bodies ("Secretariat", "Summit") count
//! only when the text speaks of CICA's, not of another organization's ("the SCO Secretariat",
//! "the Secretariat of the Shanghai Cooperation Organisation", "an OSCE summit").
//!
//! Only states that are or were Member or Observer States are reported as `states`; others the
//! register knows (a visiting ambassador's country) are matched, so that their names are not
//! misread, and reported apart. Bodies are reported as one of [`LISTED_BODIES`]: a body that
//! belongs to one of them (the Fund's Project Review Committee) as the one it belongs to, and
//! abbreviations as short or as common as "MC" or "PRC" only after "CICA".

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use cica_domain::{Dataset, Slug, StateCode};

/// What a name points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entity {
    State(StateCode),
    /// A state that is not and never was a Member or Observer State (Brazil in a visit by its
    /// ambassador): matched so that its name is not misread, reported apart.
    OtherState(StateCode),
    /// A Member or Observer State named only by its adjective or demonym ("the Kazakh side",
    /// "the Azerbaijani Chairmanship"): reported apart, in `states_implied`.
    ImpliedState(StateCode),
    /// A CICA body as registered, and the body it is reported under in `bodies` (itself, or
    /// the listed organ it belongs to), if any.
    Body {
        body: Slug,
        tag: Option<Slug>,
    },
    Person(Slug),
    Organization(Slug),
    Area(&'static str),
    /// Names of other things that contain a registered name ("Democratic People's Republic of
    /// Korea" contains "Korea"): matched so that the shorter name is not.
    Blocker,
}

/// The CICA bodies a news item is tagged with (`bodies`): the organs, the Secretariat and the
/// advisory and subsidiary bodies. Bodies of the register not in this list (the Experts
/// Meeting, the Fund's Project Review Committee) are reported under the listed body they
/// belong to, following `parent` in the register.
pub const LISTED_BODIES: &[&str] = &[
    "summit",
    "ministerial-council",
    "senior-officials-committee",
    "special-working-group",
    "secretariat",
    "business-council",
    "youth-council",
    "think-tank-forum",
    "pnlu",
    "council-of-eminent-persons",
    "cica-fund",
    "women-council",
    "finance-summit",
];

/// Abbreviations of CICA bodies that mean something else as often: they count only as
/// "CICA MC", "CICA PRC". Two-letter abbreviations are always treated so.
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &["PRC"];

/// Generic words that name a CICA body only in CICA's context.
const GENERIC: &[(&str, &str)] = &[("Secretariat", "secretariat"), ("Summit", "summit")];

/// Names that contain a registered name but mean something else.
const BLOCKERS: &[&str] = &[
    "Democratic People's Republic of Korea",
    "North Korea",
    "Korean Peninsula",
    "Indian Ocean",
    "Persian Gulf",
    "Arabian Sea",
    "South China Sea",
    "East China Sea",
    "Turkic States",
    "Russian Academy of Sciences",
    "Secretary-General",
    "Secretary General",
];

/// Areas of confidence building measures and the phrases that name them.
const AREAS: &[(&str, &[&str])] = &[
    (
        "ICT security",
        &[
            "ICT security",
            "security of and in the use of ICTs",
            "information security",
            "cybersecurity",
            "cyber-security",
            "cyber threats",
        ],
    ),
    (
        "new challenges and threats (general)",
        &["New Challenges and Threats", "new challenges and threats"],
    ),
    (
        "combating terrorism",
        &[
            "counter-terrorism",
            "Counter-Terrorism",
            "combating terrorism",
            "counterterrorism",
        ],
    ),
    (
        "combating illicit drugs",
        &[
            "drug trafficking",
            "illicit drugs",
            "Drugs and Organized Crime",
        ],
    ),
    (
        "epidemiological safety",
        &["epidemiological safety", "public health"],
    ),
    (
        "small and medium enterprises",
        &[
            "SME",
            "SMEs",
            "small and medium enterprises",
            "Small and Medium Enterprises",
        ],
    ),
    (
        "agriculture",
        &["agriculture", "wheat cultivation", "food security"],
    ),
    (
        "information technology",
        &[
            "information technology",
            "digitalization",
            "digital economy",
        ],
    ),
    ("tourism", &["tourism", "Tourism"]),
    (
        "transport corridors",
        &[
            "transport corridors",
            "transport connectivity",
            "connectivity",
        ],
    ),
    ("energy security", &["energy security"]),
    (
        "finance",
        &["Finance Summit", "cooperation in the area of finance"],
    ),
    ("trade and investment", &["trade and investment"]),
    (
        "sustainable development",
        &["sustainable development", "Sustainable Development"],
    ),
    (
        "environment protection",
        &["environmental", "environment protection", "climate"],
    ),
    (
        "natural disaster management",
        &["natural disaster", "demining"],
    ),
    (
        "human dimension",
        &[
            "cultural heritage",
            "youth",
            "volunteerism",
            "people-to-people",
        ],
    ),
];

/// The names the importer knows, compiled for fast matching.
pub struct Gazetteer {
    /// The names, searched from a given position only (anchored).
    matcher: NFA,
    /// The bytes a name can begin with: the only places a search starts.
    first_bytes: [bool; 256],
    targets: Vec<Entity>,
    /// Names and acronyms of organizations other than CICA, to tell their bodies from ours.
    other_orgs: Vec<String>,
    members: BTreeSet<StateCode>,
    observers: BTreeSet<StateCode>,
    /// Each Member or Observer State's status timeline, for "observer on that day".
    statuses: BTreeMap<StateCode, Vec<cica_domain::StatusPeriod>>,
    pub(crate) people: crate::people::Register,
    /// Each registered body and the listed body it is tagged as.
    tags: BTreeMap<Slug, Slug>,
}

/// Everything recognised in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Member and Observer States (present or past), by ISO code.
    pub states: Vec<StateCode>,
    /// States named that take no part in CICA.
    pub other_states: Vec<StateCode>,
    /// Member and Observer States named only by an adjective or demonym, never by name.
    pub states_implied: Vec<StateCode>,
    /// Slugs of [`LISTED_BODIES`]: a body named, or the listed body it belongs to.
    pub bodies: Vec<Slug>,
    /// Every body named, as registered (`project-review-committee`, not `cica-fund`).
    pub named_bodies: Vec<Slug>,
    pub people: Vec<Slug>,
    pub organizations: Vec<Slug>,
    pub areas: Vec<&'static str>,
}

/// Top-level domains whose addresses appear in press releases.
const TLDS: &[&str] = &[
    "travel", "com", "org", "net", "az", "kz", "ru", "cn", "info", "gov", "int", "uz", "kg", "tj",
    "in", "tr", "io",
];

/// Whether a whitespace-separated token is a web address, an e-mail address or a hashtag.
fn is_address(token: &str) -> bool {
    if !token.contains(['.', '@', '#']) {
        return false;
    }
    let t =
        token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '"' | '\'' | '“' | '”'));
    if t.starts_with('#')
        || t.contains("://")
        || t.starts_with("www.")
        || (t.contains('@') && t.contains('.'))
    {
        return true;
    }
    let t = t.trim_end_matches('.');
    let host = t.split('/').next().unwrap_or(t);
    match host.rsplit_once('.') {
        Some((name, tld)) => {
            !name.is_empty()
                && TLDS.iter().any(|d| d.eq_ignore_ascii_case(tld))
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'))
        }
        None => false,
    }
}

/// The text with addresses blanked out, byte for byte, so offsets stay the same.
fn mask(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Only a token holding one of these marks can be an address: jump from mark to mark and
    // look at the token around each, once.
    let mut from = 0;
    while let Some(k) = bytes[from..]
        .iter()
        .position(|b| matches!(b, b'.' | b'@' | b'#'))
    {
        let at = from + k;
        let s = bytes[..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |p| p + 1);
        let e = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |p| at + p);
        from = e;
        // Whitespace is ASCII, so `s` and `e` are character boundaries.
        if is_address(&text[s..e]) {
            let o = out.get_or_insert_with(|| text.to_owned());
            o.replace_range(s..e, &" ".repeat(e - s));
        }
    }
    out.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// The listed body `slug` is reported under: itself if listed, else its nearest listed
/// ancestor in the register (`project-review-committee` → `cica-fund`), else none.
fn listed_tag(ds: &Dataset, slug: &Slug) -> Option<Slug> {
    let mut at = slug.clone();
    // The register's parents form a short chain; the bound stops a cycle.
    for _ in 0..=ds.bodies.len() {
        if LISTED_BODIES.contains(&at.as_str()) {
            return Some(at);
        }
        at = ds.bodies.iter().find(|b| b.slug == at)?.parent.clone()?;
    }
    None
}

/// A body's abbreviation too short or too common to count without "CICA" before it.
fn is_ambiguous_abbreviation(a: &str) -> bool {
    let caps = !a.is_empty() && a.chars().all(|c| c.is_ascii_uppercase());
    caps && (a.len() <= 2 || AMBIGUOUS_ABBREVIATIONS.contains(&a))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

impl Gazetteer {
    /// Builds the gazetteer from the registers of `ds`; `today` decides who is a member or an
    /// observer for [`Gazetteer::is_observer`].
    pub fn new(ds: &Dataset, today: chrono::NaiveDate) -> Self {
        let mut names: Vec<(String, Entity)> = Vec::new();
        let mut push = |n: &str, e: Entity| {
            let n = n.trim();
            if n.chars().count() >= 2 {
                names.push((n.to_owned(), e));
            }
        };
        let mut members = BTreeSet::new();
        let mut observers = BTreeSet::new();
        let mut statuses = BTreeMap::new();
        for s in &ds.states {
            let takes_part = s.statuses.iter().any(|p| {
                matches!(
                    p.status,
                    cica_domain::Participation::Member | cica_domain::Participation::Observer
                )
            });
            let e = if takes_part {
                Entity::State(s.code.clone())
            } else {
                Entity::OtherState(s.code.clone())
            };
            // An adjective implies a Member or Observer State; another state's is only kept
            // from being misread.
            let implied = if takes_part {
                Entity::ImpliedState(s.code.clone())
            } else {
                Entity::Blocker
            };
            let names = std::iter::once(&s.name)
                .chain(&s.official_name)
                .chain(&s.aliases)
                .map(|n| (n, e.clone()))
                .chain(s.adjectives.iter().map(|a| (a, implied.clone())));
            for (n, target) in names {
                // Dotted abbreviations ("U.S.") and two-letter codes are too ambiguous in
                // prose; three capitals ("UAE", "ROK") count unless they name a body too.
                let letters = n.chars().filter(|c| c.is_alphabetic()).count();
                let acronym = letters == 3
                    && n.chars().all(|c| c.is_ascii_uppercase())
                    && !AMBIGUOUS_ABBREVIATIONS.contains(&n.as_str());
                if letters >= 4 || acronym || n.chars().any(char::is_lowercase) {
                    push(n, target.clone());
                    // As printed in capitals in a dateline or a headline: "KAZAKHSTAN".
                    if n.chars().any(char::is_lowercase) {
                        push(&n.to_uppercase(), target);
                    }
                }
            }
            if takes_part {
                statuses.insert(s.code.clone(), s.statuses.clone());
            }
            match cica_domain::status_on(&s.statuses, today).map(|o| o.status) {
                Some(cica_domain::Participation::Member) => {
                    members.insert(s.code.clone());
                }
                Some(cica_domain::Participation::Observer) => {
                    observers.insert(s.code.clone());
                }
                _ => {}
            }
        }
        let body_entity = |slug: &Slug| Entity::Body {
            body: slug.clone(),
            tag: listed_tag(ds, slug),
        };
        for b in &ds.bodies {
            let e = body_entity(&b.slug);
            let generic = GENERIC
                .iter()
                .any(|(w, _)| *w == b.name || b.short_name.as_deref() == Some(*w));
            if !generic {
                push(&b.name, e.clone());
            }
            for a in b.short_name.iter().chain(&b.aliases) {
                if GENERIC.iter().any(|(w, _)| w == a) {
                    continue;
                }
                if is_ambiguous_abbreviation(a) {
                    push(&format!("CICA {a}"), e.clone());
                } else {
                    push(a, e.clone());
                }
            }
            push(
                &format!("CICA {}", b.short_name.as_deref().unwrap_or(&b.name)),
                e.clone(),
            );
        }
        for (word, slug) in GENERIC {
            if let Ok(s) = Slug::parse(slug)
                && ds.bodies.iter().any(|b| b.slug == s)
            {
                push(word, body_entity(&s));
            }
        }
        for p in &ds.people {
            let e = Entity::Person(p.slug.clone());
            push(&p.name, e.clone());
            for a in &p.aliases {
                if a.split_whitespace().count() >= 2 {
                    push(a, e.clone());
                }
            }
        }
        let mut other_orgs = Vec::new();
        for o in &ds.organizations {
            let e = Entity::Organization(o.slug.clone());
            push(&o.name, e.clone());
            other_orgs.push(o.name.clone());
            if let Some(a) = &o.acronym {
                push(a, e.clone());
                other_orgs.push(a.clone());
            }
            for a in &o.aliases {
                push(a, e.clone());
            }
        }
        other_orgs.extend(
            [
                "OSCE", "UN", "ASEAN", "SCO", "ACD", "APA", "OIC", "NAM", "ECO", "EAEU", "BRICS",
                "UNGA", "UNESCO",
            ]
            .map(String::from),
        );
        for (area, phrases) in AREAS {
            for p in *phrases {
                push(p, Entity::Area(area));
            }
        }
        for b in BLOCKERS {
            push(b, Entity::Blocker);
        }
        // One target per name: the first registered wins; blockers keep their role.
        let mut seen = std::collections::HashSet::new();
        names.retain(|(n, _)| seen.insert(n.clone()));
        let matcher = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(names.iter().map(|(n, _)| n.as_str()))
            .expect("the gazetteer's names compile");
        let mut first_bytes = [false; 256];
        for (n, _) in &names {
            if let Some(&b) = n.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        Self {
            matcher,
            first_bytes,
            targets: names.into_iter().map(|(_, e)| e).collect(),
            other_orgs,
            members,
            observers,
            statuses,
            people: crate::people::Register::new(&ds.people),
            tags: ds
                .bodies
                .iter()
                .filter_map(|b| Some((b.slug.clone(), listed_tag(ds, &b.slug)?)))
                .collect(),
        }
    }

    /// A Member State on the gazetteer's day.
    pub fn is_member(&self, code: &StateCode) -> bool {
        self.members.contains(code)
    }

    /// An Observer State on the gazetteer's day.
    pub fn is_observer(&self, code: &StateCode) -> bool {
        self.observers.contains(code)
    }

    /// The listed body a registered body is tagged as (itself, or the one it belongs to).
    pub fn tag_of(&self, body: &Slug) -> Option<Slug> {
        self.tags.get(body).cloned()
    }

    /// What a state was on `day`, by its status timeline: the day an item reports, so that
    /// reading an old release gives the state's status then.
    pub fn participation_on(
        &self,
        code: &StateCode,
        day: chrono::NaiveDate,
    ) -> Option<cica_domain::Participation> {
        let periods = self.statuses.get(code)?;
        cica_domain::status_on(periods, day).map(|s| s.status)
    }

    /// Whether a generic word at `start..end` of `text` speaks of CICA's body.
    fn cica_context(&self, text: &str, start: usize, end: usize) -> bool {
        let before = text[..start].trim_end();
        let after = text[end..].trim_start();
        let prev_word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        // "the Secretariat of the Shanghai Cooperation Organisation": another's, unless CICA's.
        if let Some(rest) = after.strip_prefix("of ") {
            let rest = rest.trim_start_matches("the ");
            return rest.starts_with("CICA") || rest.starts_with("Conference on Interaction");
        }
        if prev_word == "CICA" || prev_word.is_empty() {
            return true;
        }
        // "the SCO Secretariat", "an OSCE Summit", "the BRICS summit": another's.
        if self.other_orgs.iter().any(|o| before.ends_with(o.as_str())) {
            return false;
        }
        let lower = prev_word.to_lowercase();
        let ours = [
            "the", "this", "its", "our", "next", "upcoming", "coming", "new", "seventh", "sixth",
            "fifth", "fourth", "third", "second", "first",
        ];
        ours.contains(&lower.as_str())
            || lower.ends_with("th")
            || lower.ends_with("st")
            || lower.ends_with("nd")
            || lower.ends_with("rd")
            || lower.chars().all(|c| c.is_ascii_digit())
    }

    /// Everything named in `text`, each once, in order of first mention.
    pub fn find(&self, text: &str) -> Found {
        let hits = self.hits(text);
        self.found_in(&hits, std::iter::once(0..text.len()))
    }

    /// Every name in `text` where it stands as a word, found in one pass; read for parts of
    /// the text with [`Gazetteer::found_in`]. Addresses (URLs, e-mail) are no mention.
    pub(crate) fn hits<'a>(&self, text: &'a str) -> Hits<'a> {
        let masked = mask(text);
        let t = masked.as_ref();
        let bytes = t.as_bytes();
        let mut hits = Vec::new();
        // A name counts only where a word begins: the longest name starting at each such
        // place, the search going on after it. Only bytes a name can begin with start a walk
        // through the automaton, and most walks end after a byte or two.
        let (mut at, mut after_word) = (0, false);
        while at < bytes.len() {
            let b = bytes[at];
            let here_word = match b {
                0..0x80 => b.is_ascii_alphanumeric(),
                // A character's continuation changes nothing.
                0x80..0xC0 => {
                    at += 1;
                    continue;
                }
                _ => t[at..].chars().next().is_some_and(is_word),
            };
            // A name run on from a word, a capital after a small letter or a figure
            // ("theSouth China Sea", "1Democratic People's Republic of Korea", as extracted
            // text glues them), is no mention, and nothing inside it is either (a blocker
            // keeps its role). Letters of a word in capitals start no walk.
            let glued = after_word
                && b.is_ascii_uppercase()
                && at > 0
                && (bytes[at - 1].is_ascii_lowercase() || bytes[at - 1].is_ascii_digit());
            let Some((target, e)) = ((!after_word || glued) && self.first_bytes[usize::from(b)])
                .then(|| self.longest_at(bytes, at))
                .flatten()
            else {
                after_word = here_word;
                at += 1;
                continue;
            };
            let s = at;
            at = e;
            after_word = t[..e].chars().next_back().is_some_and(is_word);
            if glued {
                continue;
            }
            let after_ok = t[e..].chars().next().is_none_or(|c| !is_word(c));
            // A demonym in the plural: "Palestinians", "Emiratis", "Kazakhs" (matched here
            // rather than as names of their own, which would grow the automaton).
            let plural = || {
                matches!(self.targets[target], Entity::ImpliedState(_))
                    && t[e..].starts_with('s')
                    && t[e + 1..].chars().next().is_none_or(|c| !is_word(c))
            };
            if after_ok || plural() {
                hits.push(Hit {
                    start: s,
                    end: e,
                    target,
                });
            }
        }
        Hits { text: masked, hits }
    }

    /// The longest name starting at `at` (its target and where it ends), if any.
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let Ok(mut sid) = self.matcher.start_state(Anchored::Yes) else {
            return None;
        };
        let mut longest = None;
        for (i, &b) in bytes.iter().enumerate().skip(at) {
            sid = self.matcher.next_state(Anchored::Yes, sid, b);
            if self.matcher.is_special(sid) {
                if self.matcher.is_dead(sid) {
                    break;
                }
                // A state's match may be a name ending here that began later (a suffix of
                // what was walked, as the automaton carries it over): only a name begun at
                // `at` counts.
                if self.matcher.is_match(sid)
                    && let Some(name) = (0..self.matcher.match_len(sid))
                        .map(|k| self.matcher.match_pattern(sid, k))
                        .find(|&name| self.matcher.pattern_len(name) == i + 1 - at)
                {
                    longest = Some((name.as_usize(), i + 1));
                }
            }
        }
        longest
    }

    /// What the names of `hits` lying wholly inside the `windows` (byte ranges of the text,
    /// in order) name, each once, in order of first mention. A generic word ("Summit") is
    /// read in the context of its own window, as if the window were the whole text.
    pub(crate) fn found_in(
        &self,
        hits: &Hits<'_>,
        windows: impl IntoIterator<Item = std::ops::Range<usize>>,
    ) -> Found {
        let mut found = Found::default();
        for w in windows {
            let t = hits.text.get(w.clone()).unwrap_or("");
            // The hits are in the text's order: those of the window are found by halving.
            let from = hits.hits.partition_point(|h| h.start < w.start);
            for h in hits.hits[from..]
                .iter()
                .take_while(|h| h.start < w.end)
                .filter(|h| h.end <= w.end)
            {
                let (s, e) = (h.start - w.start, h.end - w.start);
                let word = &t[s..e];
                if GENERIC.iter().any(|(g, _)| *g == word) && !self.cica_context(t, s, e) {
                    continue;
                }
                match &self.targets[h.target] {
                    Entity::State(c) if !found.states.contains(c) => found.states.push(c.clone()),
                    Entity::OtherState(c) if !found.other_states.contains(c) => {
                        found.other_states.push(c.clone())
                    }
                    Entity::ImpliedState(c) if !found.states_implied.contains(c) => {
                        found.states_implied.push(c.clone())
                    }
                    Entity::Body { body, tag } => {
                        if !found.named_bodies.contains(body) {
                            found.named_bodies.push(body.clone());
                        }
                        if let Some(t) = tag
                            && !found.bodies.contains(t)
                        {
                            found.bodies.push(t.clone());
                        }
                    }
                    Entity::Person(p) if !found.people.contains(p) => found.people.push(p.clone()),
                    Entity::Organization(o) if !found.organizations.contains(o) => {
                        found.organizations.push(o.clone())
                    }
                    Entity::Area(a) if !found.areas.contains(a) => found.areas.push(a),
                    _ => {}
                }
            }
        }
        let named = found.states.clone();
        found.states_implied.retain(|c| !named.contains(c));
        found
    }
}

/// The names found in one text in one pass (see [`Gazetteer::hits`]).
pub(crate) struct Hits<'a> {
    /// The text with its addresses blanked, as matched.
    text: std::borrow::Cow<'a, str>,
    hits: Vec<Hit>,
}

/// One name found: its bytes in the text and what it names.
struct Hit {
    start: usize,
    end: usize,
    target: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let ds = cica_data::builtin().expect("dataset");
        Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"))
    }

    fn codes(f: &Found) -> Vec<&str> {
        f.states.iter().map(StateCode::as_str).collect()
    }

    fn bodies(f: &Found) -> Vec<&str> {
        f.bodies.iter().map(Slug::as_str).collect()
    }

    #[test]
    fn a_part_of_a_text_read_from_its_hits_is_read_as_the_part_alone() {
        let g = gazetteer();
        let text = "The CICA Summit in Astana. Kazakhstan and the Kazakh side met Azerbaijani \
                    envoys. Summit talks of the SCO Summit followed, see www.kazakhstan.kz. \
                    The Secretariat of the Shanghai Cooperation Organisation wrote to Türkiye.\n\
                    Senior Officials' Meeting: Viet Nam, Palestinians and the Ministerial.";
        let hits = g.hits(text);
        // Every sentence and line, and the first with the last.
        let mut parts = Vec::new();
        let mut from = 0;
        for (i, c) in text.char_indices() {
            if c == '.' || c == '\n' {
                let part = &text[from..=i];
                let lead = part.len() - part.trim_start().len();
                parts.push(from + lead..i + 1);
                from = i + 1;
            }
        }
        assert!(parts.len() >= 5, "{parts:?}");
        for w in &parts {
            assert_eq!(
                g.found_in(&hits, std::iter::once(w.clone())),
                g.find(&text[w.clone()]),
                "{:?}",
                &text[w.clone()]
            );
        }
        let (first, last) = (parts[0].clone(), parts[parts.len() - 1].clone());
        let both = g.found_in(&hits, [first.clone(), last.clone()]);
        let mut alone = g.find(&text[first]);
        let then = g.find(&text[last]);
        for s in then.states {
            if !alone.states.contains(&s) {
                alone.states.push(s);
            }
        }
        for b in then.named_bodies {
            if !alone.named_bodies.contains(&b) {
                alone.named_bodies.push(b);
            }
        }
        assert_eq!(both.states, alone.states);
        assert_eq!(both.named_bodies, alone.named_bodies);
    }

    #[test]
    fn a_name_is_found_where_it_begins_not_where_a_longer_one_would_have() {
        let g = gazetteer();
        // "ANAMA" and "JAPAN" begin like these words; the names inside them ("NAM", "APA")
        // end where the words do, but begin inside them.
        for text in ["ANAM reported.", "The ANAM project", "JAPA delegation"] {
            let f = g.find(text);
            assert!(f.organizations.is_empty(), "{text}: {:?}", f.organizations);
        }
        // Each hit starts where its name does: "Kazakh" at 12, "Philippine" at 4.
        for (text, name, start) in [
            ("Republic of Kazakh delegation", "Kazakh", 12),
            ("the Philippine delegation", "Philippine", 4),
        ] {
            let hits = g.hits(text);
            let starts: Vec<(usize, &str)> = hits
                .hits
                .iter()
                .map(|h| (h.start, &text[h.start..h.end]))
                .collect();
            assert_eq!(starts, [(start, name)], "{text}");
        }
    }

    #[test]
    fn bodies_by_the_names_the_press_gives_them() {
        let g = gazetteer();
        let table: &[(&str, &str)] = &[
            (
                "The Foreign Ministers' Meeting opened in Astana.",
                "ministerial-council",
            ),
            (
                "Ahead of the CICA Ministerial, experts met.",
                "ministerial-council",
            ),
            (
                "The Senior Officials' Meeting approved the plan.",
                "senior-officials-committee",
            ),
            ("The CICA SWG met on the draft.", "special-working-group"),
        ];
        for (text, body) in table {
            let f = g.find(text);
            assert!(
                f.bodies.iter().any(|b| b.as_str() == *body),
                "{text}: {:?}",
                f.bodies
            );
        }
    }

    #[test]
    fn a_state_named_only_by_its_adjective_is_implied_not_tagged() {
        let g = gazetteer();
        let table: &[(&str, &[&str], &[&str])] = &[
            (
                "The Kazakh side briefed the Azerbaijani Chairmanship.",
                &[],
                &["AZE", "KAZ"],
            ),
            ("Kazakhstan spoke; the Kazakh side agreed.", &["KAZ"], &[]),
            ("A Brazilian delegation attended.", &[], &[]),
            ("An American delegation attended.", &[], &["USA"]),
            // Demonyms in the plural.
            (
                "Palestinians and Emiratis met Kazakhs in the hall.",
                &[],
                &["ARE", "KAZ", "PSE"],
            ),
            ("The Kazakhstani delegation left.", &[], &["KAZ"]),
        ];
        for (text, states, implied) in table {
            let f = g.find(text);
            let mut got: Vec<&str> = f.states.iter().map(StateCode::as_str).collect();
            got.sort_unstable();
            assert_eq!(got, *states, "{text}");
            let mut got: Vec<&str> = f.states_implied.iter().map(StateCode::as_str).collect();
            got.sort_unstable();
            assert_eq!(got, *implied, "{text}");
            assert!(f.other_states.is_empty(), "{text}");
        }
    }

    /// Our own sentences, each a trap or a variant name.
    #[test]
    fn states_by_any_name() {
        let g = gazetteer();
        let table: &[(&str, &[&str])] = &[
            (
                "Officials of the Russian Federation and of Turkey met.",
                &["RUS", "TUR"],
            ),
            (
                "The Kazakh side and the Republic of Korea agreed.",
                &["KOR"],
            ),
            ("KAZAKHSTAN and TÜRKIYE sign a memorandum", &["KAZ", "TUR"]),
            (
                "The Kyrgyz Republic, the State of Kuwait and the UAE met.",
                &["KGZ", "KWT", "ARE"],
            ),
            (
                "Delegates from Viet Nam and from Vietnam are the same.",
                &["VNM"],
            ),
            (
                "The Islamic Republic of Iran hosted Türkiye's envoy.",
                &["IRN", "TUR"],
            ),
            (
                "The People's Republic of China and the State of Palestine spoke.",
                &["CHN", "PSE"],
            ),
            ("Japan, an observer, sent a diplomat.", &["JPN"]),
            (
                "Visit the site at azerbaijan.travel or www.mongolia.com/visit.",
                &[],
            ),
            (
                "Write to info@kazakhstan.org, or follow #VisitUzbekistan.",
                &[],
            ),
            (
                "The Democratic People's Republic of Korea was not present.",
                &[],
            ),
            // A name counts where a word begins, whatever mark stands before it, and only
            // there: not inside a word, nor run on into one.
            (
                "“Kazakhstan”—India,(Qatar)/Iraq «Egypt» 'Thailand' Uzbekistan.",
                &["KAZ", "IND", "QAT", "IRQ", "EGY", "THA", "UZB"],
            ),
            (
                "Indiana, ÉChina, KazakhstanTV and xIraq are not states.",
                &[],
            ),
            // Nor is a name run on from a word in capitals, nor anything inside it.
            (
                "theSouth China Sea and 1Democratic People's Republic of Korea",
                &[],
            ),
            ("Mongolia", &["MNG"]),
        ];
        for (text, want) in table {
            assert_eq!(codes(&g.find(text)), *want, "{text}");
        }
        assert!(g.is_observer(&StateCode::parse("JPN").expect("code")));
        assert!(g.is_member(&StateCode::parse("KAZ").expect("code")));
    }

    #[test]
    fn cica_bodies_not_other_organizations_bodies() {
        let g = gazetteer();
        let table: &[(&str, &[&str])] = &[
            (
                "The SOC adopted the TTF plan and heard the PNLU.",
                &["senior-officials-committee", "think-tank-forum", "pnlu"],
            ),
            (
                "The Council of Foreign Ministers will meet in New York.",
                &["ministerial-council"],
            ),
            ("He visited the SCO Secretariat in Beijing.", &[]),
            (
                "He visited the Secretariat of the Shanghai Cooperation Organisation.",
                &[],
            ),
            ("Delegates met at the CICA Secretariat.", &["secretariat"]),
            ("The Secretariat hosted a dinner.", &["secretariat"]),
            ("The Secretariat of CICA hosted a dinner.", &["secretariat"]),
            ("Leaders discussed an OSCE Summit.", &[]),
            (
                "Preparations for the Seventh CICA Summit in Baku continued.",
                &["summit"],
            ),
            ("Preparations for the 2026 Summit continued.", &["summit"]),
            (
                "The draft Regulations of the CICA Finance Summit were discussed.",
                &["finance-summit"],
            ),
            ("The Secretary General of the UN spoke.", &[]),
        ];
        for (text, want) in table {
            assert_eq!(bodies(&g.find(text)), *want, "{text}");
        }
    }
}
