//! People named in a text with a title or an honorific, in the register or not.
//!
//! A press release introduces people the same few ways: an honorific before the name
//! ("Mr. Name Surname", "H.E. Ms. Name"), a title before it ("Ambassador Name Surname",
//! "Assistant Foreign Minister Name Surname", "the Minister of Foreign Affairs of X, Name
//! Surname,"), or a title after it ("Name Surname, Ambassador of X to Y"). A run of capitalised
//! words counts as a person only with one of these marks, so "Asia Cooperation Dialogue" is
//! never a person; and a run that names a state, a body or an organization the gazetteer
//! knows is never a person either. Every person found says how sure the reading is.

use std::collections::HashMap;
use std::sync::LazyLock;

use cica_domain::{Person, Slug};
use regex::Regex;

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
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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

/// A word that starts with a capital: `Sarybay`, `Al-Mutairi`, `Çınar`, `O'Neill`.
const CAPWORD: &str = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*";

/// Runs of capitalised words, with the particles names carry.
static RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{CAPWORD}(?:\s+(?:(?:bin|ibn|al|el|de|van|von|der|ul|da)\s+)?{CAPWORD})*"
    ))
    .expect("valid regex")
});

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
    TITLE_WORDS.contains(&w)
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
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut k = words.len();
    while k > 0 && in_title(words[k - 1]) && !words[k - 1].ends_with([',', ';', '.', ':']) {
        k -= 1;
        if words.len() - k > 14 {
            return None;
        }
    }
    let mut title: Vec<&str> = words[k..].to_vec();
    while title
        .first()
        .is_some_and(|w| CONNECTORS.contains(w) || NOT_NAMES.contains(w))
    {
        title.remove(0);
    }
    let last = *title.last()?;
    let first = *title.first()?;
    let shaped = if after_comma {
        // "Minister of Foreign Affairs of Azerbaijan, Name": a title word leads the clause.
        title.iter().any(|w| is_title_word(w))
            && (is_title_word(first) || TITLE_HEADS.iter().any(|h| title.contains(h)))
    } else {
        TITLE_HEADS.contains(&last)
    };
    if !shaped {
        return None;
    }
    let mut out = title.join(" ");
    if !after_comma && k > 0 && matches!(words[k - 1], "former" | "acting" | "then") {
        out = format!("{} {out}", words[k - 1]);
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

/// Everyone named with a title or an honorific, and every registered person, with the title
/// printed beside them, in order of first mention.
pub fn mentions(text: &str, g: &Gazetteer) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    for m in RUN.find_iter(text) {
        let mut words: Vec<&str> = m.as_str().split_whitespace().collect();
        // Leading sentence openers, then a title printed inside the run.
        while words.first().is_some_and(|w| NOT_NAMES.contains(w)) {
            words.remove(0);
        }
        let lead = words.iter().take_while(|w| is_title_word(w)).count();
        // "Assistant Foreign Minister Name"; not "Foreign Ministers", "Senior Officials".
        let inner_title =
            (lead > 0 && TITLE_HEADS.contains(&words[lead - 1])).then(|| words[..lead].join(" "));
        let mut name_words: Vec<String> = words[lead..].iter().map(|w| (*w).to_owned()).collect();
        if let Some(last) = name_words.last_mut() {
            for s in ["'s", "’s"] {
                if let Some(stem) = last.strip_suffix(s) {
                    *last = stem.to_owned();
                }
            }
        }
        if name_words.is_empty()
            || name_words.len() > 4
            || name_words
                .iter()
                .any(|w| NOT_NAMES.contains(&w.as_str()) || is_title_word(w))
            || name_words.iter().any(|w| HONORIFICS.contains(&w.as_str()))
        {
            continue;
        }
        let name = name_words.join(" ");
        let before = tail(&text[..m.start()], 200);
        let (honorific, before_honorific) = if lead == 0 {
            honorific_before(before)
        } else {
            (None, before)
        };
        let outer_title = if lead == 0 || honorific.is_some() {
            title_before(before_honorific)
        } else {
            None
        };
        let after_title = title_after(head(&text[m.end()..], 300));
        let registered = g.people.resolve(&name);
        let marked = honorific.is_some()
            || inner_title.is_some()
            || outer_title.is_some()
            || after_title.is_some();
        // Unmarked, only a full registered name counts; a bare surname ("Turk") does not.
        let by_full_name = matches!(registered, Some((_, false)));
        if !marked && !by_full_name {
            continue;
        }
        // A surname alone is a person only right after an honorific or a title:
        // "Mr. Surname", "Ambassador Surname"; not "Minister of X, Baku".
        let single = name_words.len() == 1;
        if registered.is_none() && single && honorific.is_none() && inner_title.is_none() {
            continue;
        }
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
    fn issue_4_people_with_titles_in_or_out_of_the_register() {
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
    fn issue_4_capitalised_words_without_a_title_are_not_people() {
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
