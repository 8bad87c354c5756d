//! People named in a text with a title or an honorific, in the register or not.
//!
//! A press release introduces people the same few ways: an honorific before the name
//! ("Mr. Name Surname", "H.E. Ms. Name"), a title before it ("Ambassador Name Surname",
//! "Assistant Foreign Minister Name Surname", "the Minister of Foreign Affairs of X, Name
//! Surname,"), or a title after it ("Name Surname, Ambassador of X to Y"). A run of capitalised
//! words counts as a person only with one of these marks, so "Asia Cooperation Dialogue" is
//! never a person; and a run that names a state, a body or an organization the gazetteer
//! knows is never a person either. Every person found says how sure the reading is.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use cica_domain::{Person, Slug};

use crate::entities::Gazetteer;

/// How sure the importer is that a mention is a person and that the name is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A person named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// The name as printed, without honorific or title.
    pub name: String,
    /// The person in the register, when the name is one the register knows.
    pub person: Option<Slug>,
    /// `Mr.`, `Ms.`, `Dr.`, `H.E.` … as printed.
    pub honorific: Option<String>,
    /// The title as printed: `Ambassador of Brazil to Kazakhstan`.
    pub title: Option<String>,
    pub confidence: Confidence,
    /// Why the importer read this as a person, for the editor.
    pub note: String,
}

/// The register's names, for telling a known person from a new one.
#[derive(Debug, Default)]
pub(crate) struct Register {
    /// Full names and aliases, folded.
    full: HashMap<String, Slug>,
    /// Surnames (last word of a name), folded, with everyone who has it.
    surnames: HashMap<String, Vec<Slug>>,
}

fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

impl Register {
    pub(crate) fn new(people: &[Person]) -> Self {
        let mut r = Self::default();
        for p in people {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                r.full.entry(fold(n)).or_insert_with(|| p.slug.clone());
            }
            if let Some(last) = p.name.split_whitespace().last() {
                let e = r.surnames.entry(fold(last)).or_default();
                if !e.contains(&p.slug) {
                    e.push(p.slug.clone());
                }
            }
        }
        r
    }

    /// The registered person a printed name is, and whether only the surname matched.
    fn resolve(&self, name: &str) -> Option<(Slug, bool)> {
        let f = fold(name);
        if let Some(s) = self.full.get(&f) {
            return Some((s.clone(), false));
        }
        if !f.contains(' ')
            && let Some([only]) = self.surnames.get(&f).map(Vec::as_slice)
        {
            return Some((only.clone(), true));
        }
        None
    }
}

/// Small words inside names: "Mohammed bin Salman", "Ahmad al Sabah".
const PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "van", "von", "der", "ul", "da",
];

/// A word that starts with a capital and goes on in lower case: `Sarybay`, `Al-Mutairi`,
/// `Çınar`, `O'Neill`, `Sarybay's`.
fn capitalised(w: &str) -> bool {
    let mut parts = w.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let lower = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_lowercase() || matches!(c, '\'' | '’'))
    };
    let mut c = first.chars();
    c.next().is_some_and(char::is_uppercase)
        && lower(c.as_str())
        && parts.all(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) if f.is_uppercase() => lower(c.as_str()),
                Some(_) => lower(p),
                None => false,
            }
        })
}

/// Runs of capitalised words (with the particles names carry) as byte ranges of `text`: a
/// run ends at punctuation, at a word that is not capitalised, or before a word that opens
/// with punctuation.
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let mut particle: Option<()> = None;
    // Tokens between ASCII spaces and newlines, scanned as bytes (the splitter has turned
    // every other kind of space into one of these).
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        if run.is_none() {
            // Outside a run, jump to the next byte that can open a capitalised word (an ASCII
            // capital, any non-ASCII character, an opening mark), then back to its token's start.
            let Some(k) = bytes[i..].iter().position(|&c| {
                c.is_ascii_uppercase() || c >= 0x80 || matches!(c, b'(' | b'"' | b'\'' | b'[')
            }) else {
                break;
            };
            let mut s = i + k;
            while s > i && !bytes[s - 1].is_ascii_whitespace() {
                s -= 1;
            }
            i = s;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let at = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if at == i {
            break;
        }
        let token = &text[at..i];
        // Most words open in lower case: they end a run, or are a particle inside one.
        if token
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            if run.is_some() && particle.is_none() && PARTICLES.contains(&token) {
                particle = Some(());
            } else if let Some(r) = run.take() {
                out.push(r);
                particle = None;
            }
            continue;
        }
        let core = token.trim_start_matches(['(', '"', '“', '‘', '\'', '[']);
        let opened = core.len() != token.len();
        let core_at = at + (token.len() - core.len());
        let word = core.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '”', '"', ']']);
        let closed = word.len() != core.len();
        if opened && let Some(r) = run.take() {
            out.push(r);
        }
        if capitalised(word) {
            let end = core_at + word.len();
            run = Some(match run {
                Some((s, _)) => (s, end),
                None => (core_at, end),
            });
            particle = None;
        } else if run.is_some() && particle.is_none() && !closed && PARTICLES.contains(&word) {
            // Kept only if a capitalised word follows.
            particle = Some(());
            continue;
        } else if let Some(r) = run.take() {
            out.push(r);
            particle = None;
        }
        if closed && let Some(r) = run.take() {
            out.push(r);
        }
    }
    if let Some(r) = run {
        out.push(r);
    }
    out
}

/// These sets hold a few hundred short words that are looked up for every capitalised word of
/// a text, where SipHash's protection against crafted keys buys nothing.
type Words = rustc_hash::FxHashSet<&'static str>;

fn set(words: &'static [&'static str]) -> Words {
    words.iter().copied().collect()
}

static TITLE_SET: LazyLock<Words> = LazyLock::new(|| set(TITLE_WORDS));
static HEAD_SET: LazyLock<Words> = LazyLock::new(|| set(TITLE_HEADS));
static NOT_NAME_SET: LazyLock<Words> = LazyLock::new(|| set(NOT_NAMES));
static HONORIFIC_SET: LazyLock<Words> = LazyLock::new(|| set(HONORIFICS));

const HONORIFICS: &[&str] = &[
    "H.E.", "H.E", "HE", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "Prof.", "Prof",
    "Mme.", "Mme", "Sir", "Madam",
];

/// Words that make a title, whichever way round it is printed.
const TITLE_WORDS: &[&str] = &[
    "Ambassador",
    "Minister",
    "President",
    "Vice",
    "Prime",
    "Secretary",
    "Secretary-General",
    "General",
    "Deputy",
    "Assistant",
    "Foreign",
    "Director",
    "Director-General",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Head",
    "Chief",
    "Special",
    "Permanent",
    "Representative",
    "Envoy",
    "Executive",
    "Senior",
    "First",
    "Joint",
    "Additional",
    "Under-Secretary",
    "Professor",
    "Rector",
    "Dean",
    "Governor",
    "Mayor",
    "Speaker",
    "Senator",
    "Counsellor",
    "Counselor",
    "Consul",
    "Adviser",
    "Advisor",
    "Editor",
    "Spokesperson",
    "Commissioner",
    "Coordinator",
    "Founder",
    "Member",
    "Officer",
];

/// Title words that can end a title printed before a name ("… Foreign Minister Name").
const TITLE_HEADS: &[&str] = &[
    "Ambassador",
    "Minister",
    "President",
    "Secretary",
    "Secretary-General",
    "General",
    "Director",
    "Director-General",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Chair",
    "Envoy",
    "Representative",
    "Professor",
    "Rector",
    "Dean",
    "Governor",
    "Mayor",
    "Speaker",
    "Senator",
    "Counsellor",
    "Consul",
    "Adviser",
    "Advisor",
    "Editor",
    "Spokesperson",
    "Commissioner",
];

/// Small words inside a title: "Minister of Foreign Affairs of the Republic".
const CONNECTORS: &[&str] = &["of", "the", "for", "to", "on"];

/// Capitalised words that are not names: sentence openers and the vocabulary of institutions.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "During",
    "On",
    "In",
    "At",
    "As",
    "By",
    "For",
    "From",
    "With",
    "After",
    "Before",
    "Also",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Both",
    "Further",
    "Furthermore",
    "Additionally",
    "Meanwhile",
    "Moreover",
    "Today",
    "Dear",
    "Former",
    "Council",
    "Committee",
    "Forum",
    "Summit",
    "Secretariat",
    "Republic",
    "Ministry",
    "University",
    "Assembly",
    "Conference",
    "Organization",
    "Organisation",
    "Dialogue",
    "Chairmanship",
    "States",
    "State",
    "Affairs",
    "National",
    "International",
    "Asia",
    "Asian",
    "Centre",
    "Center",
    "Institute",
    "Agency",
    "Association",
    "Board",
    "Fund",
    "Union",
    "United",
    "Nations",
    "Day",
    "Group",
    "Network",
    "Office",
    "Embassy",
    "Mission",
    "Programme",
    "Program",
    "Plan",
    "Initiative",
    "Convention",
    "Declaration",
    "Statement",
    "Session",
    "Meeting",
    "Parliament",
    "Government",
    "Corporation",
    "Company",
    "Bank",
    "Times",
    "Press",
    "News",
    "Languages",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Ramadan",
    "Iftar",
    "Excellency",
    "Excellencies",
];

fn is_title_word(w: &str) -> bool {
    TITLE_SET.contains(w)
}

/// A word that may stand inside a title: a title word, a capitalised word or acronym (the
/// name of what the title is of), a number ("75th"), or a connector.
fn in_title(w: &str) -> bool {
    CONNECTORS.contains(&w)
        || w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The last `n` bytes of `text` at most, on a character boundary.
fn tail(text: &str, n: usize) -> &str {
    let mut at = text.len().saturating_sub(n);
    while !text.is_char_boundary(at) {
        at += 1;
    }
    &text[at..]
}

/// The first `n` bytes of `text` at most, on a character boundary.
fn head(text: &str, n: usize) -> &str {
    let mut at = n.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

/// An honorific (or two: "H.E. Mr.") right before a name: the honorific and the text before it.
fn honorific_before(before: &str) -> (Option<String>, &str) {
    let mut rest = before.trim_end();
    // Every honorific is a short word.
    let last = rest.rsplit(char::is_whitespace).next().unwrap_or("");
    if last.is_empty() || last.len() > 6 {
        return (None, before);
    }
    let mut found: Vec<&str> = Vec::new();
    'outer: loop {
        for h in HONORIFICS {
            if let Some(r) = rest.strip_suffix(h)
                && r.chars().next_back().is_none_or(|c| !c.is_alphanumeric())
            {
                found.insert(0, &rest[r.len()..]);
                rest = r.trim_end();
                continue 'outer;
            }
        }
        break;
    }
    if found.is_empty() {
        (None, before)
    } else {
        (Some(found.join(" ")), rest)
    }
}

/// A title printed right before the name: "former Indonesian Foreign Minister", or the clause
/// before a comma, "the Minister of Foreign Affairs of Azerbaijan,".
fn title_before(before: &str) -> Option<String> {
    let t = before.trim_end();
    let (t, after_comma) = match t.strip_suffix(',') {
        Some(r) => (r.trim_end(), true),
        None => (t, false),
    };
    // The words of the title, read backwards from the name to the first word that is not one.
    let mut title: Vec<&str> = Vec::new();
    let mut before_title = None;
    for w in t.split_whitespace().rev() {
        if !in_title(w) || w.ends_with([',', ';', '.', ':']) {
            before_title = Some(w);
            break;
        }
        if title.len() == 14 {
            return None;
        }
        title.push(w);
    }
    title.reverse();
    let lead = title
        .iter()
        .take_while(|w| CONNECTORS.contains(w) || NOT_NAME_SET.contains(*w))
        .count();
    title.drain(..lead);
    let last = *title.last()?;
    let first = *title.first()?;
    let shaped = if after_comma {
        // "Minister of Foreign Affairs of Azerbaijan, Name": a title word leads the clause.
        title.iter().any(|w| is_title_word(w))
            && (is_title_word(first) || title.iter().any(|w| HEAD_SET.contains(w)))
    } else {
        HEAD_SET.contains(last)
    };
    if !shaped {
        return None;
    }
    let mut out = title.join(" ");
    if !after_comma
        && lead == 0
        && let Some(w @ ("former" | "acting" | "then")) = before_title
    {
        out = format!("{w} {out}");
    }
    Some(out)
}

/// A title printed after the name: ", Ambassador of Brazil to Kazakhstan".
fn title_after(after: &str) -> Option<String> {
    let rest = after.strip_prefix(',')?.trim_start();
    let first = rest.split_whitespace().next()?;
    let first = first.trim_end_matches([',', ';', '.', ')']);
    if !is_title_word(first) {
        return None;
    }
    // "Ambassador of Brazil", "Deputy Director", "Chair of ANAMA"; not "Ambassador Surname",
    // which is the next person, not this one's title.
    if let Some(second) = rest.split_whitespace().nth(1)
        && !first.ends_with([',', ';', '.'])
    {
        let second = second.trim_end_matches([',', ';', '.', ')', ':']);
        if !(CONNECTORS.contains(&second) || is_title_word(second) || second == "and") {
            return None;
        }
    }
    let mut words: Vec<&str> = Vec::new();
    let all: Vec<&str> = rest.split_whitespace().collect();
    for (k, w) in all.iter().enumerate() {
        let clean = w.trim_end_matches([',', ';', '.', ')', ':']);
        // "Minister of Ecology and Natural Resources": "and" joins two names, not two people.
        let joins = clean == "and"
            && all.get(k + 1).is_some_and(|n| {
                n.chars().next().is_some_and(char::is_uppercase)
                    && !is_title_word(n)
                    && !HONORIFICS.contains(n)
            });
        if !(in_title(clean) || joins) || clean.starts_with('(') {
            break;
        }
        words.push(clean);
        if clean.len() != w.len() || words.len() >= 16 {
            break;
        }
    }
    while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Everyone named with a title or an honorific, in the register or not, with the title
/// printed beside them, in order of first mention.
pub fn mentions(text: &str, g: &Gazetteer) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    for (start, end) in runs(text) {
        let run = &text[start..end];
        // One word with no honorific before it is no person: most runs are such words
        // (sentence openers, places), and this is the cheap test.
        if !run.bytes().any(|b| b.is_ascii_whitespace())
            && honorific_before(tail(&text[..start], 16)).0.is_none()
            && !is_title_word(run)
        {
            continue;
        }
        let mut words: Vec<&str> = run.split_whitespace().collect();
        // Leading sentence openers, then a title printed inside the run.
        let openers = words
            .iter()
            .take_while(|w| NOT_NAME_SET.contains(*w))
            .count();
        words.drain(..openers);
        let lead = words.iter().take_while(|w| is_title_word(w)).count();
        // "Assistant Foreign Minister Name"; not "Foreign Ministers", "Senior Officials".
        let titled = lead > 0 && HEAD_SET.contains(words[lead - 1]);
        let mut name_words: Vec<&str> = words[lead..].to_vec();
        if let Some(last) = name_words.last_mut() {
            *last = last
                .strip_suffix("'s")
                .or_else(|| last.strip_suffix("’s"))
                .unwrap_or(last);
        }
        if name_words.is_empty()
            || name_words.len() > 4
            || name_words
                .iter()
                .any(|w| NOT_NAME_SET.contains(w) || is_title_word(w) || HONORIFIC_SET.contains(w))
        {
            continue;
        }
        let single = name_words.len() == 1;
        let before = tail(&text[..start], 160);
        let (honorific, before_honorific) = if lead == 0 {
            honorific_before(before)
        } else {
            (None, before)
        };
        // A surname alone is a person only right after an honorific or a title:
        // "Mr. Surname", "Ambassador Surname"; not "Minister of X, Baku".
        if single && honorific.is_none() && !titled {
            continue;
        }
        let outer_title = if lead == 0 || honorific.is_some() {
            title_before(before_honorific)
        } else {
            None
        };
        let after_title = title_after(head(&text[end..], 300));
        // A person is named with a mark: an honorific or a title (a registered name printed
        // bare is tagged by the gazetteer already, and says nothing of a title).
        if !(honorific.is_some() || titled || outer_title.is_some() || after_title.is_some()) {
            continue;
        }
        let inner_title = titled.then(|| words[..lead].join(" "));
        let name = name_words.join(" ");
        let registered = g.people.resolve(&name);
        // A name that is a state, a body or an organization is not a person.
        if registered.is_none() {
            let f = g.find(&name);
            if !(f.states.is_empty()
                && f.other_states.is_empty()
                && f.named_bodies.is_empty()
                && f.organizations.is_empty()
                && f.areas.is_empty())
            {
                continue;
            }
        }
        let title = after_title.or(outer_title).or(inner_title);
        let (confidence, note) = match (&registered, single) {
            (Some((_, false)), _) => (Confidence::High, "in the register".to_owned()),
            (Some((_, true)), _) => (
                Confidence::Medium,
                "matched to the register by surname only".to_owned(),
            ),
            (None, true) => (
                Confidence::Low,
                "not in the register; only a surname is printed".to_owned(),
            ),
            (None, false) => {
                let how = match (&honorific, &title) {
                    (Some(h), Some(t)) => format!("introduced as “{h}” with the title “{t}”"),
                    (Some(h), None) => format!("introduced as “{h}”, no title printed"),
                    (None, Some(t)) => format!("named with the title “{t}”"),
                    (None, None) => String::new(),
                };
                let c = if honorific.is_some() && title.is_some() {
                    Confidence::High
                } else {
                    Confidence::Medium
                };
                (
                    c,
                    format!("not in the register; {how}: check the spelling before adding them"),
                )
            }
        };
        let mention = PersonMention {
            name,
            person: registered.map(|(s, _)| s),
            honorific,
            title,
            confidence,
            note,
        };
        merge(&mut out, mention);
    }
    out
}

/// Adds a mention, or completes an earlier one of the same person: the same register entry,
/// the same name, or a surname alone after the full name ("Mr. Name Surname" … "Mr. Surname").
fn merge(out: &mut Vec<PersonMention>, m: PersonMention) {
    let same = |a: &PersonMention| {
        (a.person.is_some() && a.person == m.person)
            || a.name == m.name
            || (!m.name.contains(' ') && a.name.ends_with(&format!(" {}", m.name)))
            || (!a.name.contains(' ') && m.name.ends_with(&format!(" {}", a.name)))
    };
    match out.iter_mut().find(|a| same(a)) {
        Some(a) => {
            if a.name.split_whitespace().count() < m.name.split_whitespace().count() {
                a.name = m.name;
                a.person = a.person.take().or(m.person);
                if m.confidence > a.confidence {
                    a.confidence = m.confidence;
                    a.note = m.note;
                }
            }
            if a.title.is_none() {
                a.title = m.title;
            }
            if a.honorific.is_none() {
                a.honorific = m.honorific;
            }
        }
        None => out.push(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let ds = cica_data::builtin().expect("dataset");
        Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"))
    }

    /// (our sentence, name, title, registered, confidence)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        bool,
        Confidence,
    );

    #[test]
    fn people_with_titles_in_or_out_of_the_register() {
        let g = gazetteer();
        let table: &[Case] = &[
            (
                "The Secretary General received Mr. Tomasz Wielki, Ambassador of Nowhere to Kazakhstan, at the office.",
                "Tomasz Wielki",
                Some("Ambassador of Nowhere to Kazakhstan"),
                false,
                Confidence::High,
            ),
            (
                "Talks were held with Assistant Foreign Minister Hana Korvel on the plan.",
                "Hana Korvel",
                Some("Assistant Foreign Minister"),
                false,
                Confidence::Medium,
            ),
            (
                "The Minister of Foreign Affairs of Mongolia, Bat-Erdene Ganbold, opened the seminar.",
                "Bat-Erdene Ganbold",
                Some("Minister of Foreign Affairs of Mongolia"),
                false,
                Confidence::Medium,
            ),
            (
                "A briefing was given by Ms. Lira Quenby on the new website.",
                "Lira Quenby",
                None,
                false,
                Confidence::Medium,
            ),
            (
                "He thanked H.E. Dr. Omid Rastani, Special Representative of the President for Trade, for his help.",
                "Omid Rastani",
                Some("Special Representative of the President for Trade"),
                false,
                Confidence::High,
            ),
            (
                "Delegates heard Ambassador Pellworm, who chaired the panel.",
                "Pellworm",
                Some("Ambassador"),
                false,
                Confidence::Low,
            ),
            (
                "Ambassador Kairat Sarybay, Secretary General of CICA, spoke first.",
                "Kairat Sarybay",
                Some("Secretary General of CICA"),
                true,
                Confidence::High,
            ),
        ];
        for (text, name, title, registered, confidence) in table {
            let found = mentions(text, &g);
            let m = found
                .iter()
                .find(|m| m.name == *name)
                .unwrap_or_else(|| panic!("{name} not found in {text:?}: {found:#?}"));
            assert_eq!(m.title.as_deref(), *title, "{text}");
            assert_eq!(m.person.is_some(), *registered, "{text}");
            assert_eq!(m.confidence, *confidence, "{text}");
            assert_eq!(found.len(), 1, "{text}: {found:#?}");
        }
    }

    #[test]
    fn capitalised_words_without_a_title_are_not_people() {
        let g = gazetteer();
        for text in [
            "The Asia Cooperation Dialogue met in Bangkok.",
            "Representatives of the Islamic Republic of Iran attended.",
            "The Business Council Board convened in Astana.",
            "Ambassador Kazakhstan is not a name.",
            "Delegates visited the Astana International Financial Centre.",
            "The Secretary General thanked the Chairmanship.",
        ] {
            assert_eq!(mentions(text, &g), [], "{text}");
        }
    }
}
