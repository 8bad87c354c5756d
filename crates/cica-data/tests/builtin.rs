//! The built-in dataset: it loads, it holds what the foundation promises, and its texts are our
//! own words. The last checks read the real 2025-Q1 Digest from `../shared/corpus/`.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use cica_domain::{Dataset, MeetingStatus, NewsKind, Participation, Period, parse_day, status_on};

fn ds() -> Dataset {
    match cica_data::builtin() {
        Ok(ds) => ds,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_builtin_dataset_loads() {
    let ds = ds();
    assert!(ds.states.len() >= 38);
    assert!(!ds.bodies.is_empty());
}

#[test]
fn twenty_eight_members_and_ten_observers_on_1_april_2025() {
    let ds = ds();
    let day = parse_day("2025-04-01").expect("day");
    let count = |want| {
        ds.states
            .iter()
            .filter(|s| status_on(&s.statuses, day).is_some_and(|o| o.status == want))
            .count()
    };
    assert_eq!(count(Participation::Member), 28);
    assert_eq!(count(Participation::Observer), 10);
    let orgs = |want| {
        ds.organizations
            .iter()
            .filter(|o| status_on(&o.statuses, day).is_some_and(|s| s.status == want))
            .count()
    };
    assert_eq!(orgs(Participation::Observer), 5);
    assert!(orgs(Participation::Partner) >= 7);
}

#[test]
fn chairmanships_run_without_gaps_from_2002_to_the_present() {
    let ds = ds();
    let terms = &ds.chairmanships;
    assert_eq!(terms.first().map(|t| t.from.iso()).as_deref(), Some("2002"));
    for pair in terms.windows(2) {
        assert_eq!(
            pair[0].until,
            Some(pair[1].from),
            "{} hands over to {}",
            pair[0].state,
            pair[1].state
        );
    }
    let last = terms.last().expect("a current term");
    assert_eq!(last.state.as_str(), "AZE");
    assert!(last.until.is_none());
    assert_eq!(last.priorities.len(), 3);
}

#[test]
fn summits_and_ministerial_meetings_are_numbered_1_to_7() {
    let ds = ds();
    for body in ["summit", "ministerial-council"] {
        let numbers: BTreeSet<u32> = ds
            .meetings
            .iter()
            .filter(|m| m.body.as_str() == body && !m.informal)
            .filter_map(|m| m.number)
            .collect();
        assert_eq!(numbers, (1..=7).collect(), "{body}");
    }
}

#[test]
fn the_2025_q1_record_is_complete() {
    let ds = ds();
    let q1: Vec<_> = ds
        .news
        .iter()
        .filter(|n| n.issue.is_some_and(|q| q.to_string() == "2025-Q1"))
        .collect();
    let articles: Vec<_> = q1.iter().filter(|n| n.kind == NewsKind::Article).collect();
    let briefs: Vec<_> = q1.iter().filter(|n| n.kind == NewsKind::Brief).collect();
    assert_eq!(articles.len(), 19);
    assert_eq!(briefs.len(), 10);
    assert!(articles.iter().all(|a| a.dateline.is_some()));
    assert!(
        briefs
            .iter()
            .all(|b| b.dateline.is_none() && !b.date_confirmed && b.date_note.is_some())
    );
    assert_eq!(articles.iter().filter(|a| a.spotlight).count(), 5);
    assert_eq!(articles.iter().filter(|a| a.activities).count(), 1);

    let digest = ds
        .digests
        .iter()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("the 2025-Q1 digest record");
    assert!(
        digest.foreword.as_ref().is_some_and(|f| f.len() > 1000),
        "the foreword"
    );
    assert_eq!(
        digest.foreword_kind,
        cica_domain::ForewordKind::Reported,
        "the built-in foreword is our account of the Minister's, not his words"
    );
    assert_eq!(
        digest.foreword_author.as_ref().map(|a| a.as_str()),
        Some("jeyhun-bayramov")
    );
    assert!((4..=6).contains(&digest.highlights.len()));

    // The first SOC under Azerbaijan's Chairmanship, with its outcomes and the next one announced.
    let soc = ds
        .meetings
        .iter()
        .find(|m| m.id.as_str() == "soc-2025-02-27-baku")
        .expect("SOC Baku");
    assert_eq!(soc.when, Period::parse("2025-02-27").expect("period"));
    assert!(soc.outcomes.len() >= 3);
    let next = soc
        .next
        .as_ref()
        .and_then(|n| ds.meetings.iter().find(|m| &m.id == n))
        .expect("next SOC announced");
    assert_eq!(next.when, Period::parse("2025-summer").expect("period"));
    assert_eq!(next.city.as_deref(), Some("Astana"));

    // The events the quarter announces.
    let announced = |body: &str, when: &str, city: Option<&str>| {
        let when = Period::parse(when).expect("period");
        ds.meetings.iter().any(|m| {
            m.body.as_str() == body
                && m.when == when
                && m.status == MeetingStatus::Planned
                && (city.is_none() || m.city.as_deref() == city)
        })
    };
    assert!(
        announced("business-council", "2025-05-20/2025-05-21", Some("Baku")),
        "Business Council plenary and Forum"
    );
    assert!(
        announced("senior-officials-committee", "2025-summer", Some("Astana")),
        "SOC in Astana"
    );
    assert!(
        announced("think-tank-forum", "2025-Q3", Some("Baku")),
        "13th TTF"
    );
    assert!(
        announced("ministerial-council", "2025-09", Some("New York")),
        "informal Ministerial Council"
    );
    assert!(announced("summit", "2026", None), "7th Summit");

    // Engagements: the Baku visit alone holds many; every one points back at a news item.
    assert!(
        ds.engagements.len() >= 40,
        "{} engagements",
        ds.engagements.len()
    );
    assert!(
        ds.engagements
            .iter()
            .filter(|e| e.when.start() >= parse_day("2025-01-15").expect("d")
                && e.when.end() <= parse_day("2025-01-17").expect("d"))
            .count()
            >= 10
    );
    assert!(ds.engagements.iter().all(|e| e.news.is_some()));
}

// ---------------------------------------------------------------------------------------------
// Against the corpus: headlines as published, prose our own.

fn corpus() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/cica-digest-2025-q1.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "the corpus is required under CI=true: {}: {e}",
            path.display()
        ),
        Err(e) => {
            eprintln!("skipping: the corpus is not at {} ({e})", path.display());
            None
        }
    }
}

/// Lowercase words, with typographic quotes and dashes folded to plain ones.
fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn normalise(text: &str) -> String {
    words(text).join(" ")
}

#[test]
fn article_headlines_are_as_published() {
    let Some(corpus) = corpus() else { return };
    let corpus = normalise(&corpus);
    for n in ds().news.iter().filter(|n| n.kind == NewsKind::Article) {
        assert!(
            corpus.contains(&normalise(&n.title)),
            "headline not found in the Digest: {}",
            n.title
        );
    }
}

/// No run of this many words of our texts may appear in the source: facts carry over, prose
/// does not. Names are facts, so before comparing, every name the dataset knows (states,
/// organizations, bodies, people, titles, headlines, themes) and every quoted title is replaced
/// by a placeholder in both texts; what remains must not share a run of eight words.
const SHINGLE: usize = 8;

/// Names of instruments, initiatives and terms of art the 2025-Q1 texts mention, which the
/// dataset has no register for yet.
const INSTRUMENTS: &[&str] = &[
    "Conference on Interaction and Confidence Building Measures in Asia",
    "Convention on the Privileges and Immunities of the Secretariat, its Personnel and Representatives of Members",
    "Convention on Privileges and Immunities",
    "Declaration on CICA Principles",
    "Eurasian Charter for Diversity and Multipolarity in the 21st century",
    "Global Security Initiative",
    "Global Development Initiative",
    "Global Civilization Initiative",
    "International Year of Volunteers for Sustainable Development",
    "Road Map for CICA Transformation",
    "Plan of Action on the Implementation of the UN Global Counter-Terrorism Strategy",
    "new challenges and threats",
    "full-fledged international organization",
];

fn names(ds: &Dataset) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for s in &ds.states {
        names.push(s.name.clone());
        names.extend(s.official_name.clone());
        names.extend(s.aliases.iter().cloned());
    }
    for o in &ds.organizations {
        names.push(o.name.clone());
        names.extend(o.aliases.iter().cloned());
    }
    for b in &ds.bodies {
        names.push(b.name.clone());
        names.extend(b.aliases.iter().cloned());
    }
    for p in &ds.people {
        names.push(p.name.clone());
        names.extend(p.roles.iter().map(|r| r.title.clone()));
    }
    names.extend(ds.news.iter().map(|n| n.title.clone()));
    names.extend(ds.meetings.iter().filter_map(|m| m.title.clone()));
    names.extend(ds.chairmanships.iter().filter_map(|c| c.theme.clone()));
    names.extend(INSTRUMENTS.iter().map(|n| (*n).to_owned()));
    for s in &ds.states {
        names.extend(s.adjectives.iter().cloned());
    }
    for o in &ds.organizations {
        names.extend(o.acronym.clone());
    }
    for b in &ds.bodies {
        names.extend(b.short_name.clone());
    }
    let mut names: Vec<String> = names
        .iter()
        .map(|n| normalise(n))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}

/// Text between quotation marks, which in press releases is a title or a motto: a name.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth_close: Option<char> = None;
    for c in text.chars() {
        match (depth_close, c) {
            (None, '“') => depth_close = Some('”'),
            (None, '"') => depth_close = Some('"'),
            (Some(close), c) if c == close => {
                depth_close = None;
                out.push_str(" § ");
            }
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

fn stripped(text: &str, names: &[String]) -> Vec<String> {
    let mut t = format!(" {} ", normalise(&unquote(text)));
    for n in names {
        t = t.replace(&format!(" {n} "), " § ");
    }
    t.split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn body_texts_are_in_our_own_words() {
    let Some(corpus) = corpus() else { return };
    let ds = ds();
    let names = names(&ds);
    let source = stripped(&corpus, &names);
    let shingles: HashSet<&[String]> = source
        .windows(SHINGLE)
        .filter(|w| !w.iter().any(|x| x == "§"))
        .collect();
    let mut texts: Vec<(String, String)> = ds
        .news
        .iter()
        .map(|n| (format!("news {}", n.slug), n.body.clone()))
        .collect();
    texts.extend(ds.digests.iter().filter_map(|d| {
        d.foreword
            .clone()
            .map(|f| (format!("foreword {}", d.quarter), f))
    }));
    texts.extend(
        ds.meetings
            .iter()
            .filter_map(|m| m.summary.clone().map(|s| (format!("meeting {}", m.id), s))),
    );
    texts.extend(ds.engagements.iter().filter_map(|e| {
        e.summary
            .clone()
            .map(|s| (format!("engagement {}", e.id), s))
    }));
    let mut copied = Vec::new();
    for (what, text) in &texts {
        let ours = stripped(text, &names);
        if let Some(w) = ours.windows(SHINGLE).find(|w| shingles.contains(w)) {
            copied.push(format!("{what}: “{}”", w.join(" ")));
        }
    }
    assert!(
        copied.is_empty(),
        "{} texts repeat the source's wording:\n{}",
        copied.len(),
        copied.join("\n")
    );
}

#[test]
fn a_brief_that_points_to_a_text_says_where_it_is() {
    let ds = cica_data::builtin().expect("dataset");
    for n in &ds.news {
        let body = n.body.to_lowercase();
        let points = [
            "available to read",
            "full text",
            "read the full",
            "watch the full",
        ]
        .iter()
        .any(|w| body.contains(w));
        if points {
            assert!(
                body.contains("www.") || body.contains("http"),
                "{} points to a text without its address: {}",
                n.slug,
                n.body
            );
        }
    }
}

#[test]
fn the_built_in_photographs_are_our_own_with_credits_and_alt_text_that_is_not_the_caption() {
    let ds = ds();
    let photos: Vec<_> = ds.news.iter().flat_map(|n| n.photos.iter()).collect();
    assert!(
        photos.len() >= 3,
        "the layout is exercised by default: {} photos",
        photos.len()
    );
    for p in photos {
        let credit = p.credit.as_deref().unwrap_or_default();
        assert!(
            credit.starts_with("Illustration drawn for the Digest"),
            "{}: a credit that says where the image comes from, not {credit:?}",
            p.media
        );
        let alt = p.alt.as_deref().unwrap_or_default();
        assert!(
            alt.len() > 20 && alt != p.caption,
            "{}: alt {alt:?}",
            p.media
        );
        assert!(
            ds.media.iter().any(|m| m.name == p.media),
            "{}: the image is in the dataset",
            p.media
        );
    }
}

#[test]
fn a_photo_whose_alt_text_repeats_its_caption_is_refused() {
    let news = r#"
[[news]]
slug = "a-visit"
title = "A visit"
date = "2025-01-10"
kind = "article"
source = "test"
body = "Text."

[[news.photo]]
file = "a.jpg"
caption = "The same words"
alt = "The same words"
"#;
    let jpeg: &[u8] = &[
        0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 0xff, 0xd9,
    ];
    let e = cica_data::load_files_with_media([("news.toml", news)], [("a.jpg", jpeg)])
        .expect_err("refused");
    assert!(e.to_string().contains("say what the image shows"), "{e}");
}

#[test]
fn every_built_in_news_item_passes_the_rules_an_editors_save_applies() {
    for n in &ds().news {
        assert_eq!(n.problems(), [], "{}", n.slug);
    }
}
