//! Our own fixtures, in our own words: one release per dateline style, the traps, the layouts
//! a splitter meets, and a small digest; read the way a file is.

use cica_import::{Confidence, Gazetteer, ImportedItem, ItemKind};

fn gazetteer() -> Gazetteer {
    let ds = cica_data::builtin().expect("dataset");
    Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"))
}

fn fixture(file: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    std::fs::read(&path).expect("fixture")
}

fn read(file: &str, hint: Option<i32>) -> Vec<ImportedItem> {
    cica_import::read(file, &fixture(file), hint, &gazetteer(), &[])
        .expect("reads")
        .1
}

/// What reading `bytes` under `name`, with no hint, gives.
fn read_text(name: &str, bytes: &[u8]) -> (cica_import::Split, Vec<ImportedItem>) {
    cica_import::read(name, bytes, None, &gazetteer(), &[]).expect("reads")
}

fn codes(i: &ImportedItem) -> Vec<&str> {
    i.found.states.iter().map(|s| s.as_str()).collect()
}

fn bodies(i: &ImportedItem) -> Vec<&str> {
    i.found.bodies.iter().map(|s| s.as_str()).collect()
}

fn day(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// (headline, place, first day, last day, year inferred)
type Want = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

#[test]
fn every_dateline_style_in_a_file_of_releases() {
    let want: &[Want] = &[
        (
            "Senior officials go over the work plan",
            "Astana",
            Some("2025-01-23"),
            Some("2025-01-23"),
            false,
        ),
        (
            "Chairmanship priorities set out during a visit",
            "Baku",
            Some("2025-01-15"),
            Some("2025-01-17"),
            false,
        ),
        (
            "Business board meets in the capital",
            "Astana",
            Some("2025-02-24"),
            Some("2025-02-24"),
            false,
        ),
        (
            "Forum on the island looks at regional links",
            "Boao",
            Some("2025-03-26"),
            Some("2025-03-27"),
            true,
        ),
        (
            "Headquarters opened to the diplomatic corps",
            "Astana",
            Some("2025-07-02"),
            Some("2025-07-02"),
            false,
        ),
        (
            "Experts compare flood response",
            "Tashkent",
            Some("2024-06-03"),
            Some("2024-06-05"),
            false,
        ),
        (
            "Seminar spans the turn of the month",
            "Dushanbe",
            Some("2025-02-28"),
            Some("2025-03-02"),
            false,
        ),
        (
            "Staff call on a neighbouring secretariat",
            "Dushanbe",
            None,
            None,
            false,
        ),
        (
            "Students gather for a volunteering forum",
            "Bishkek",
            Some("2025-05-12"),
            Some("2025-05-12"),
            true,
        ),
        (
            "Foreign ministry team prepares for talks",
            "Tehran",
            Some("2024-06-03"),
            Some("2024-06-03"),
            false,
        ),
        (
            "Ski day for the diplomatic community",
            "Astana",
            Some("2025-02-23"),
            Some("2025-02-23"),
            false,
        ),
        (
            "An old name in the dateline",
            "Astana",
            Some("2021-10-12"),
            Some("2021-10-12"),
            false,
        ),
    ];
    // No year given: "Boao, 26-27 March" takes the year of the publication line printed with
    // it, "BISHKEK, Kyrgyzstan, May 12." the year most other datelines print.
    let items = read("releases.txt", None);
    assert_eq!(items.len(), want.len());
    for (i, (title, place, start, end, inferred)) in items.iter().zip(want) {
        assert_eq!(i.raw.title, *title);
        let d = i.dateline().expect("dateline");
        assert_eq!(d.place, *place, "{title}");
        assert_eq!(day(d.start).as_deref(), *start, "{title}");
        assert_eq!(day(d.end).as_deref(), *end, "{title}");
        assert_eq!(d.year_inferred, *inferred, "{title}");
    }
    assert!(
        items[3]
            .notes
            .iter()
            .any(|n| n.contains("2025 assumed, the year of the publication date")),
        "{:?}",
        items[3].notes
    );
    assert!(
        items[8]
            .notes
            .iter()
            .any(|n| n.contains("2025 assumed, the year of the other datelines")),
        "{:?}",
        items[8].notes
    );
    assert!(
        !items[3]
            .raw
            .paragraphs
            .iter()
            .any(|p| p.contains("Published")),
        "the publication line is not content"
    );
    assert_eq!(
        items[11].dateline().map(|d| d.place_as_written.as_str()),
        Some("Nur-Sultan"),
        "the name as written is kept"
    );
    assert!(items[11].notes.iter().any(|n| n.contains("Nur-Sultan")));
    assert_eq!(
        items[7].dateline().and_then(|d| d.agency.as_deref()),
        Some("KHOVAR")
    );

    // A year given wins over every other source.
    let hinted = read("releases.txt", Some(2024));
    assert_eq!(
        day(hinted[3].dateline().and_then(|d| d.start)).as_deref(),
        Some("2024-03-26")
    );
    assert_eq!(
        day(hinted[8].dateline().and_then(|d| d.start)).as_deref(),
        Some("2024-05-12")
    );
}

#[test]
fn states_members_observers_and_the_dateline_country() {
    let items = read("releases.txt", None);
    // Members and an observer, each by another name; the observer kept apart.
    assert_eq!(codes(&items[0]), ["KAZ", "RUS", "VNM", "JPN"]);
    let observers: Vec<&str> = items[0].observers.iter().map(|s| s.as_str()).collect();
    assert_eq!(observers, ["JPN"]);
    assert_eq!(bodies(&items[0]), ["secretariat"]);
    // A country named only in the dateline is a mention.
    assert_eq!(codes(&items[4]), ["KAZ"]);
    assert_eq!(codes(&items[8]), ["KGZ"]);
    // A state named only by its adjective ("Mongolian universities") is implied, not tagged.
    let implied: Vec<&str> = items[8]
        .found
        .states_implied
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(implied, ["MNG"]);
    // A long form tags; "Turkish colleagues" only implies Türkiye.
    assert_eq!(codes(&items[9]), ["IRN"]);
    assert_eq!(items[9].found.states_implied[0].as_str(), "TUR");
    assert_eq!(codes(&items[6]), ["AZE", "TUR"]);
    // Another organization's Secretariat is not CICA's; CICA's is.
    assert_eq!(bodies(&items[7]), ["secretariat"]);
    let orgs: Vec<&str> = items[7]
        .found
        .organizations
        .iter()
        .map(|o| o.as_str())
        .collect();
    assert_eq!(orgs, ["sco-secretariat"]);
}

#[test]
fn addresses_observers_of_the_day_and_other_traps_are_not_member_states() {
    let items = read("traps.txt", None);
    let find = |prefix: &str| {
        items
            .iter()
            .find(|i| i.raw.title.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}"))
    };

    // Countries named only inside a web address, an e-mail address or a hashtag.
    let urls = find("Youth contest");
    assert_eq!(codes(urls), Vec::<&str>::new(), "{:?}", urls.found);

    // An observer on the day, and one that was an observer only then.
    let japan = find("Observer delegation");
    assert_eq!(codes(japan), ["JPN", "KOR"]);
    assert_eq!(
        japan
            .observers
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["JPN"]
    );
    let then = find("An observer in 2006");
    assert_eq!(codes(then), ["VNM", "IND"]);
    assert_eq!(
        then.observers
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["VNM"],
        "Viet Nam was an Observer State in 2006, a Member State since 2010"
    );

    // Another organization's Secretariat, twice, is not CICA's.
    let sco = find("Visit to another organization's secretariat");
    assert_eq!(bodies(sco), Vec::<&str>::new(), "{:?}", sco.found);

    // A state that takes no part in CICA is not among the states, and is reported apart.
    let visitor = find("A visitor from outside the region");
    assert_eq!(codes(visitor), ["KAZ"]);
    assert_eq!(
        visitor
            .found
            .other_states
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["BRA"]
    );
    assert!(
        visitor
            .notes
            .iter()
            .any(|n| n.contains("take no part in CICA"))
    );

    // A sub-body is tagged as the listed body it belongs to; "MC" and "PRC" alone are not
    // CICA's bodies.
    let fund = find("Fund committee");
    assert_eq!(bodies(fund), ["cica-fund"]);
    assert_eq!(
        fund.found
            .named_bodies
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["project-review-committee"],
        "“Project Review Committee of the CICA Fund” is one name"
    );
    assert!(fund.notes.iter().any(|n| n.contains("tagged as cica-fund")));
}

#[test]
fn people_with_titles_not_in_the_register() {
    let items = read("traps.txt", None);
    let person = |item: &ImportedItem, name: &str| {
        item.people
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not among {:#?}", item.people))
    };
    let visitor = &items[4];
    let p = person(visitor, "Tomasz Wielki");
    assert_eq!(p.honorific.as_deref(), Some("Mr."));
    assert_eq!(
        p.title.as_deref(),
        Some("Ambassador of Brazil to Kazakhstan")
    );
    assert_eq!((p.person, p.confidence), (None, Confidence::High));
    assert!(p.note.contains("not in the register"), "{}", p.note);
    assert!(
        visitor
            .engagements
            .iter()
            .any(|e| e.name == "Tomasz Wielki" && e.person.is_none()),
        "the visit is proposed as an engagement: {:?}",
        visitor.engagements
    );

    let roundtable = &items[6];
    let table = [
        ("Hana Korvel", Some("Assistant Foreign Minister")),
        (
            "Lira Quenby",
            Some("Director of the Centre for Water Studies"),
        ),
        (
            "Bat-Erdene Ganbold",
            Some("Minister of Foreign Affairs of Mongolia"),
        ),
    ];
    for (name, title) in table {
        assert_eq!(person(roundtable, name).title.as_deref(), title, "{name}");
    }
    assert_eq!(roundtable.people.len(), 3, "{:#?}", roundtable.people);
    // Not in the register, so not among the news item's tags.
    assert!(roundtable.found.people.is_empty());
}

#[test]
fn headlines_as_layouts_print_them() {
    let items = read("layout.txt", None);
    let titles: Vec<&str> = items.iter().map(|i| i.raw.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "A headline right above its dateline",
            "A long headline that the layout wrapped over two lines of the page",
            "HEADLINE PRINTED IN CAPITALS",
        ]
    );
    assert!(items.iter().all(|i| !i.raw.title_inferred));
    assert_eq!(
        items[0].raw.paragraphs,
        [
            "The headline of this release is printed on the line just before the dateline, with no blank line between them.",
            "The second paragraph follows after a blank line."
        ]
    );
    assert!(items[2].notes.iter().any(|n| n.contains("capitals")));
}

#[test]
fn a_small_digest_is_read_into_its_articles_and_flash_items() {
    let items = read("digest.txt", None);
    let kinds: Vec<ItemKind> = items.iter().map(|i| i.raw.kind).collect();
    assert_eq!(
        kinds,
        [
            ItemKind::Foreword,
            ItemKind::Article,
            ItemKind::Article,
            ItemKind::Brief,
            ItemKind::Brief
        ]
    );
    let seminar = &items[2];
    // The year from the cover; the page break mid-sentence mended, not taken for the flash
    // briefing though it leaves the widest gap.
    assert_eq!(
        day(seminar.dateline().and_then(|d| d.start)).as_deref(),
        Some("2025-05-18")
    );
    assert!(
        seminar
            .notes
            .iter()
            .any(|n| n.contains("the year on the issue's cover"))
    );
    assert_eq!(
        seminar.raw.paragraphs.len(),
        2,
        "{:#?}",
        seminar.raw.paragraphs
    );
    assert!(seminar.raw.paragraphs[0].ends_with("reach remote villages in time."));
    // The flash items are filed under the last day a dateline reports, whatever the day.
    for b in &items[3..] {
        assert_eq!(day(b.filed_under).as_deref(), Some("2025-05-19"));
        assert!(b.notes.iter().any(|n| n.contains("filed under 2025-05-19")));
    }
    assert_eq!(items[0].raw.author.as_deref(), Some("Jane Example"));

    // A printed "Flash Briefing" heading marks the section without contents or gaps.
    let items = read("flash-heading.txt", None);
    let kinds: Vec<ItemKind> = items.iter().map(|i| i.raw.kind).collect();
    assert_eq!(kinds, [ItemKind::Article, ItemKind::Brief, ItemKind::Brief]);
    assert_eq!(items[0].raw.paragraphs.len(), 2);
}

/// Regression (issue 4): a file of many identical releases used to loop forever making
/// slugs; each must get its own slug, quickly.
#[test]
fn many_identical_releases_get_distinct_slugs() {
    let release =
        "Same headline every time\n\nAstana, 3 June 2024 – The same text, pasted again.\n\n\n";
    let text = release.repeat(60);
    let (_, items) = read_text("same.txt", text.as_bytes());
    assert_eq!(items.len(), 60);
    let slugs: std::collections::BTreeSet<&str> = items.iter().map(|i| i.slug.as_str()).collect();
    assert_eq!(slugs.len(), 60);
    assert!(slugs.contains("2024-06-03-same-headline-every-time"));
    assert!(slugs.contains("2024-06-03-same-headline-every-time-60"));
    // A headline long enough to fill the slug leaves room for the number.
    let long = format!(
        "{}\n\nAstana, 3 June 2024 – Text.\n\n\n",
        "Word ".repeat(40).trim_end()
    )
    .repeat(15);
    let (_, items) = read_text("long.txt", long.as_bytes());
    let slugs: std::collections::BTreeSet<&str> = items.iter().map(|i| i.slug.as_str()).collect();
    assert_eq!(slugs.len(), 15);
}

/// Many items are read on several cores; the result is what reading them one by one gives:
/// the items in the text's order, each slug numbered in that order.
#[test]
fn items_read_on_several_cores_keep_the_text_s_order() {
    let text: String = (1..=200)
        .map(|k| {
            format!(
                "Same headline every time\n\nAstana, 3 June 2024 – Delegates of {k} states met in the capital.\n\n\n"
            )
        })
        .collect();
    let (_, items) = read_text("same.txt", text.as_bytes());
    assert_eq!(items.len(), 200);
    for (k, item) in items.iter().enumerate() {
        let want = match k {
            0 => "2024-06-03-same-headline-every-time".to_owned(),
            k => format!("2024-06-03-same-headline-every-time-{}", k + 1),
        };
        assert_eq!(item.slug.as_str(), want);
        assert!(
            item.raw.paragraphs[0].contains(&format!("of {} states", k + 1)),
            "{k}"
        );
    }
    let squares = cica_import::in_parallel(&(0..1000).collect::<Vec<u64>>(), |n| n * n);
    assert_eq!(squares, (0..1000).map(|n| n * n).collect::<Vec<u64>>());
}

mod never_panics {
    use proptest::prelude::*;

    /// Text made of the pieces datelines and digests are made of, shuffled: the parser and the
    /// splitter must answer without panicking, whatever comes.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Astana, ".to_owned()),
            Just("23 January 2025".to_owned()),
            Just(" – ".to_owned()),
            Just("—".to_owned()),
            Just("-".to_owned()),
            Just("February 24, 2025".to_owned()),
            Just("26-27 March".to_owned()),
            Just("DUSHANBE. AGENCY".to_owned()),
            Just("(Agency - 3rd Jun, 2024)".to_owned()),
            Just("\n\n".to_owned()),
            Just("\n".to_owned()),
            Just("\n\n\n\n\n".to_owned()),
            Just("In this issue\n\n".to_owned()),
            Just("Foreword\n\n".to_owned()),
            Just("45 FLASH BRIEFING\n\n".to_owned()),
            Just("FLASH BRIEFING".to_owned()),
            Just("Published: 3 May 2024".to_owned()),
            Just("Q2 2025".to_owned()),
            Just("TAKE A SECOND LOOK".to_owned()),
            Just("Mr. ".to_owned()),
            Just("H.E. ".to_owned()),
            Just("Ambassador Name Surname, Minister of Things".to_owned()),
            Just("The Secretary General met the Minister.".to_owned()),
            Just("**".to_owned()),
            Just("\u{feff}".to_owned()),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn gazetteer() -> &'static cica_import::Gazetteer {
        static G: std::sync::OnceLock<cica_import::Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(super::gazetteer)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn the_dateline_parser_never_panics(text in pieces(), hint in prop::option::of(1900i32..2100)) {
            if let Some(d) = cica_import::dateline::parse(&text, hint) {
                prop_assert!(d.body_start <= text.len());
                if let (Some(a), Some(b)) = (d.start, d.end) {
                    prop_assert!(a <= b);
                }
            }
        }

        #[test]
        fn the_splitter_never_panics(text in pieces()) {
            let s = cica_import::split(&text, None);
            for i in &s.items {
                prop_assert!(!i.title.is_empty() || i.paragraphs.is_empty() || i.title_inferred);
            }
        }

        /// The whole reading, on inputs repeated up to 30 times (the shape that once hung
        /// slug making): it ends, and every item has its own slug.
        #[test]
        fn reading_repeated_input_ends_with_distinct_slugs(text in pieces(), times in 1usize..30) {
            let text = text.repeat(times);
            let s = cica_import::split(&text, None);
            let items = cica_import::analyze(&s, gazetteer(), &[]);
            let slugs: std::collections::BTreeSet<&str> = items.iter().map(|i| i.slug.as_str()).collect();
            prop_assert_eq!(slugs.len(), items.len());
        }
    }
}

/// (file, headline, place, first day, the day the item is filed under, states)
type Undated = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

#[test]
fn items_without_a_dated_dateline_are_read_with_their_day_from_where_the_text_gives_it() {
    let want: &[Undated] = &[
        (
            "web-copy.txt",
            "Foreign ministers' deputies prepare the autumn ministerial in Astana",
            None,
            None,
            Some("2023-06-14"),
            &["AZE", "KAZ", "KGZ"],
        ),
        (
            "bare.txt",
            "Secretariat hosts a roundtable on youth exchanges",
            None,
            None,
            Some("2019-05-05"),
            &["QAT", "THA", "VNM"],
        ),
        (
            "no-day.txt",
            "Experts discuss a common glossary of confidence-building measures",
            None,
            None,
            None,
            &["IND", "LKA", "PAK"],
        ),
    ];
    for (file, headline, place, start, filed, states) in want {
        let items = read(file, None);
        assert_eq!(items.len(), 1, "{file}: one item");
        let i = &items[0];
        assert_eq!(i.raw.title, *headline, "{file}");
        assert!(!i.raw.title_inferred, "{file}");
        assert_eq!(i.dateline().map(|d| d.place.as_str()), *place, "{file}");
        assert_eq!(
            day(i.dateline().and_then(|d| d.start)),
            start.map(str::to_owned),
            "{file}"
        );
        assert_eq!(day(i.day()), filed.map(str::to_owned), "{file}");
        let mut got = codes(i);
        got.sort_unstable();
        assert_eq!(got, *states, "{file}");
        assert!(
            i.notes.iter().any(|n| n.starts_with("no dateline")),
            "{file}: {:?}",
            i.notes
        );
    }
}

#[test]
fn page_furniture_stays_out_of_the_body_and_what_is_metadata_is_noted() {
    let items = read("web-copy.txt", None);
    let body = items[0].raw.paragraphs.join("\n");
    assert_eq!(items[0].raw.paragraphs.len(), 2, "{body}");
    for furniture in [
        "main site",
        "Main Page",
        "14 June 2023, 10:05",
        "Photo:",
        "Author:",
        "Tags:",
        "Share",
        "Telegram",
        "Related news",
        "ombudsmen",
        "Airline",
        "All rights reserved",
    ] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
    let notes = items[0].notes.join("\n");
    assert!(
        notes.contains("photo credit: Photo: press service"),
        "{notes}"
    );
    assert!(notes.contains("byline: Author: Aigerim Example"), "{notes}");
}

#[test]
fn a_day_given_with_the_import_dates_an_item_that_prints_none() {
    let date = cica_domain::parse_day("2024-02-02").ok();
    let hints = cica_import::Hints {
        date,
        ..Default::default()
    };
    let (_, items) = cica_import::read(
        "no-day.txt",
        &fixture("no-day.txt"),
        hints,
        &gazetteer(),
        &[],
    )
    .expect("reads");
    assert_eq!(day(items[0].day()), Some("2024-02-02".to_owned()));
    assert!(
        items[0]
            .notes
            .iter()
            .any(|n| n.contains("the day given with the import")),
        "{:?}",
        items[0].notes
    );
    // A text that gives its own day keeps it.
    let (_, items) = cica_import::read("bare.txt", &fixture("bare.txt"), hints, &gazetteer(), &[])
        .expect("reads");
    assert_eq!(day(items[0].day()), Some("2019-05-05".to_owned()));
}

#[test]
fn wire_copy_is_read_with_its_agency_and_without_its_sign_off() {
    let items = read("wire.txt", Some(2022));
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first.raw.title, "Delegates tour the new transport hub");
    let d = first.dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.agency.as_deref(), day(d.start)),
        ("Temirgal", Some("Zarhua"), Some("2022-11-09".to_owned()))
    );
    assert!(!first.raw.paragraphs.join(" ").contains("End Item"));
    let second = &items[1];
    assert_eq!(second.raw.title, "Ministers sign a road map on water");
    assert_eq!(second.dateline().map(|d| d.place.as_str()), Some("Ordabay"));
    assert!(!second.raw.paragraphs.join(" ").contains("RHM"));
    let mut states = codes(second);
    states.sort_unstable();
    assert_eq!(states, ["MNG", "UZB"]);
}

#[test]
fn only_a_text_without_any_sentence_is_refused() {
    for (name, text) in [
        ("menu.txt", "Home\nNews\nContacts\n"),
        ("heading.txt", "A headline alone"),
    ] {
        let err =
            cica_import::read(name, text.as_bytes(), None, &gazetteer(), &[]).expect_err("refused");
        assert!(err.to_string().contains("no item was found"), "{err}");
    }
}

#[test]
fn a_saved_web_page_is_read_for_its_text_headline_and_publication_day() {
    let (split, items) = cica_import::read(
        "page.html",
        &fixture("page.html"),
        Some(2023),
        &gazetteer(),
        &[],
    )
    .expect("reads");
    assert!(
        split.notes.iter().any(|n| n.contains("saved web page")),
        "{:?}",
        split.notes
    );
    assert_eq!(items.len(), 1, "{items:#?}");
    let i = &items[0];
    assert_eq!(
        i.raw.title,
        "Senior officials agree the agenda of the ministerial meeting"
    );
    let d = i.dateline().expect("the dateline of the first paragraph");
    assert_eq!(
        (d.place.as_str(), d.agency.as_deref(), day(d.start)),
        (
            "Astana",
            Some("Example News"),
            Some("2023-06-14".to_owned())
        )
    );
    let body = i.raw.paragraphs.join("\n");
    assert_eq!(i.raw.paragraphs.len(), 3, "{body}");
    for chrome in [
        "cookies", "USD", "Sport", "Share", "Tags", "Related", "Airline", "©", "Contacts",
    ] {
        assert!(!body.contains(chrome), "{chrome} in {body}");
    }
    // China, India and Japan in the menu are no mention; the article names two states.
    let mut states = codes(i);
    states.sort_unstable();
    assert_eq!(states, ["AZE", "TJK"]);
    assert_eq!(bodies(i), ["secretariat", "senior-officials-committee"]);
}

#[test]
fn the_form_of_an_input_is_told_from_its_content_or_forced() {
    let html = fixture("page.html");
    // Told from its content, the page is read as a saved web page; forced to text, it is not.
    let noted = |hints: cica_import::Hints| {
        cica_import::read("page", &html, hints, &gazetteer(), &[])
            .map(|(split, _)| split.notes.iter().any(|n| n.contains("saved web page")))
    };
    assert_eq!(noted(Default::default()), Ok(true));
    let as_text = cica_import::Hints {
        format: Some(cica_import::input::Format::Text),
        ..Default::default()
    };
    assert!(!noted(as_text).unwrap_or(false), "forced to text");
    for (bytes, kind) in [
        (&b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"[..], "PDF"),
        (
            &b"PK\x03\x04\x14\0\0\0word/document.xml"[..],
            "Word document",
        ),
    ] {
        let err = cica_import::read("f", bytes, None, &gazetteer(), &[]).expect_err("refused");
        assert!(err.to_string().contains(kind), "{err}");
    }
}

#[test]
fn a_word_document_is_read_for_the_paragraphs_of_its_body() {
    // Written by python-docx, a third-party writer, with a page header that is no content.
    let (split, items) = read_text("delegation.docx", &fixture("delegation.docx"));
    assert!(
        split.notes.iter().any(|n| n.contains("Word document")),
        "{:?}",
        split.notes
    );
    assert_eq!(items.len(), 1);
    let i = &items[0];
    assert_eq!(
        i.raw.title,
        "Delegation proposes a seminar on disaster response"
    );
    let d = i.dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), day(d.start)),
        ("Astana", Some("2024-09-12".to_owned()))
    );
    assert_eq!(i.raw.paragraphs.len(), 2);
    assert!(
        i.raw.paragraphs[1].contains("welcomed the idea and offered experts for the programme.")
    );
    assert!(!i.raw.paragraphs.join(" ").contains("page header"));
    let mut states = codes(i);
    states.sort_unstable();
    assert_eq!(states, ["KHM", "THA", "VNM"]);
}

#[test]
fn a_two_column_pdf_from_another_writer_is_read_in_reading_order_without_its_running_heads() {
    // two-columns.html printed to PDF by Chromium (Skia), a third-party writer: two justified
    // columns over two pages, a running head and "1 / 2" page numbers in the margins.
    let (split, items) = read_text("release.pdf", &fixture("two-columns.pdf"));
    assert!(
        split.notes.iter().any(|n| n.contains("read as a PDF")),
        "{:?}",
        split.notes
    );
    assert_eq!(items.len(), 1);
    let i = &items[0];
    assert_eq!(
        i.raw.title,
        "Experts from eleven Member States discuss transboundary water cooperation"
    );
    let d = i.dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), day(d.start)),
        ("Astana", Some("2025-05-14".to_owned()))
    );
    let openings: Vec<String> = i
        .raw
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().take(4).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        openings,
        [
            "The CICA Secretariat brought",
            "Participants from Kazakhstan, Kyrgyzstan,",
            "The first session looked",
            "The second session turned",
            "On the second day",
            "The seminar also considered",
            "Participants thanked the host",
            "The seminar was the",
            "For more information, contact",
        ],
        "paragraphs in order, each whole across columns and pages"
    );
    let text = i.raw.paragraphs.join("\n");
    assert!(
        !text.contains("Press release") && !text.contains("/ 2"),
        "{text}"
    );
    let mut states = codes(i);
    states.sort_unstable();
    assert_eq!(
        states,
        [
            "AFG", "AZE", "CHN", "IND", "IRN", "KAZ", "KGZ", "MNG", "PAK", "TJK", "UZB"
        ]
    );
}

#[test]
fn a_pdf_without_text_or_with_a_broken_structure_is_refused_with_the_reason() {
    for (bytes, reason) in [
        (fixture("drawing-only.pdf"), "holds no text"),
        (
            fixture("two-columns.pdf")[..20_000].to_vec(),
            "not a readable PDF",
        ),
        (b"%PDF-1.7\n".to_vec(), "not a readable PDF"),
    ] {
        let err = cica_import::read("f.pdf", &bytes, None, &gazetteer(), &[]).expect_err("refused");
        let message = err.to_string();
        assert!(
            message.starts_with("f.pdf: this PDF could not be read") && message.contains(reason),
            "{message}"
        );
    }
}

#[test]
fn several_releases_without_datelines_in_one_file_are_read_one_by_one() {
    // Cut at "###", at a row of stars before a headline, and where a headline and a
    // publication line start a new release; "-30-" ends the last.
    let (split, items) = read_text("several.txt", &fixture("several-undated.txt"));
    let got: Vec<(&str, Option<String>, usize)> = items
        .iter()
        .map(|i| (i.raw.title.as_str(), day(i.day()), i.raw.paragraphs.len()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Secretariat hosts a reading of poetry from the member states",
                Some("2025-03-04".to_owned()),
                2
            ),
            ("Youth Council prepares its annual essay contest", None, 2),
            (
                "Think tanks compare notes on connectivity studies",
                Some("2025-03-20".to_owned()),
                1
            ),
            (
                "Experts review a draft glossary of emergency terms",
                Some("2025-03-27".to_owned()),
                1
            ),
        ]
    );
    assert!(
        split.notes.iter().any(|n| n.contains("read as 4 releases")),
        "{:?}",
        split.notes
    );
    let mut states = codes(&items[3]);
    states.sort_unstable();
    assert_eq!(states, ["IND", "TJK", "TUR"]);
}

#[test]
fn a_place_and_day_put_in_the_headline_are_read_from_it() {
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "Tashkent, 12 June 2024: Experts compare flood warning systems\n\nSpecialists from Uzbekistan and Tajikistan compared how their services warn villages along shared rivers, and agreed to exchange gauge readings every hour.\n",
            "Experts compare flood warning systems",
            Some("Tashkent"),
            Some("2024-06-12"),
        ),
        (
            "Experts compare flood warning systems (12 June 2024)\n\nSpecialists from Uzbekistan and Tajikistan compared how their services warn villages along shared rivers, and agreed to exchange gauge readings every hour.\n",
            "Experts compare flood warning systems",
            None,
            Some("2024-06-12"),
        ),
        (
            "Experts compare flood warning systems – 12.06.2024\n\nSpecialists from Uzbekistan and Tajikistan compared how their services warn villages along shared rivers, and agreed to exchange gauge readings every hour.\n",
            "Experts compare flood warning systems",
            None,
            Some("2024-06-12"),
        ),
    ];
    for (text, title, place, want_day) in table {
        let (_, items) = read_text("h.txt", text.as_bytes());
        assert_eq!(items.len(), 1, "{text}");
        let i = &items[0];
        assert_eq!(i.raw.title, *title, "{text}");
        assert_eq!(
            i.dateline().map(|d| d.place.as_str()),
            *place,
            "{text}: {:?}",
            i.notes
        );
        assert_eq!(day(i.day()).as_deref(), *want_day, "{text}");
        assert_eq!(i.raw.paragraphs.len(), 1, "{text}");
    }
}

#[test]
fn ordinary_releases_keep_their_headline_and_every_paragraph() {
    // (text, titles of the items read, paragraphs of each)
    let table: &[(&str, &[&str], &[usize])] = &[
        // A short headline in capitals right before the dateline is the headline, not a label.
        (
            "CICA TURNS 30\n\nASTANA, 5 May 2023 – Delegations marked the anniversary of the Conference with an exhibition at the Secretariat.\n",
            &["CICA TURNS 30"],
            &[1],
        ),
        // A quotation ending the previous release is no headline of the next.
        (
            "Experts meet on floods\n\nASTANA, 4 May 2023 – Experts from Kazakhstan met to discuss floods in the north of the country.\n\n“We are ready to work together.”\n\nThe session closed at noon.\n\nSECRETARIAT HOSTS SEMINAR ON WATER\n\nBAKU, 6 May 2023 – The Secretariat hosted a seminar on water with experts from Azerbaijan.\n",
            &[
                "Experts meet on floods",
                "SECRETARIAT HOSTS SEMINAR ON WATER",
            ],
            &[3, 1],
        ),
        // A first paragraph that is a quotation stays in the body, even with no headline.
        (
            "ASTANA, 5 May 2023 – “Dialogue is the way forward,” the delegations agreed.\n\nThe meeting of experts from Kazakhstan and Kyrgyzstan ended with a joint plan.\n",
            &["“Dialogue is the way forward,” the delegations agreed"],
            &[2],
        ),
        // A release's boilerplate after a separator is part of it, not another release.
        (
            "Youth Council meets online\n\nPublished: 4 March 2025\n\nMembers of the Youth Council from India and Thailand met online to plan the year's events and a contest.\n\n###\n\nAbout CICA\n\nThe Conference is a forum for dialogue on security in Asia with twenty-eight Member States.\n",
            &["Youth Council meets online"],
            &[2],
        ),
    ];
    for (text, titles, paragraphs) in table {
        let (_, items) = read_text("r.txt", text.as_bytes());
        let got: Vec<&str> = items.iter().map(|i| i.raw.title.as_str()).collect();
        assert_eq!(&got, titles, "{text}");
        let counts: Vec<usize> = items.iter().map(|i| i.raw.paragraphs.len()).collect();
        let bodies: Vec<&Vec<String>> = items.iter().map(|i| &i.raw.paragraphs).collect();
        assert_eq!(&counts, paragraphs, "{text}: {bodies:?}");
        assert!(
            !bodies
                .iter()
                .flat_map(|b| b.iter())
                .any(|p| p.contains("###")),
            "{bodies:?}"
        );
    }
}

#[test]
fn wire_and_agency_copy_as_news_sites_carry_it() {
    // A timestamp line with the agency's name right above a dateline that prints no year:
    // the year comes from the timestamp.
    let items = read("wire-stamped.txt", None);
    assert_eq!(items.len(), 1);
    let d = items[0].dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.agency.as_deref(), day(d.start)),
        ("Temirgal", Some("Zarhua"), Some("2021-10-11".to_owned()))
    );
    assert!(d.year_inferred);
    assert_eq!(
        items[0].raw.title,
        "Zarland's minister to join the ministerial talks by video"
    );

    // A place this reader knows, in capitals on a line of its own above the first paragraph.
    let items = read("place-line.txt", None);
    assert_eq!(items.len(), 1);
    let d = items[0].dateline().expect("dateline");
    assert_eq!((d.place.as_str(), d.start), ("Astana", None));
    assert_eq!(items[0].raw.title, "Summit opens with a call for trust");
    assert!(items[0].raw.paragraphs[0].starts_with("Heads of state"));

    // A place and an agency, no dash, the place hyphenated and under its former name; a
    // hyphenated name in the text is no dash.
    let items = read("agency-caps.txt", None);
    assert_eq!(items.len(), 2);
    let d = items[0].dateline().expect("dateline");
    assert_eq!(
        (
            d.place.as_str(),
            d.place_as_written.as_str(),
            d.agency.as_deref()
        ),
        ("Astana", "NUR-SULTAN", Some("ZARINFORM"))
    );
    assert!(items[0].raw.paragraphs[0].starts_with("On 21-23 June 2021 the Special"));
    let d = items[1].dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), d.agency.as_deref()),
        ("Orken", Some("ZARINFORM"))
    );
    assert!(items[1].raw.paragraphs[0].starts_with("Zarland's President Aman-Bek Orazov received"));
}

#[test]
fn paragraphs_set_apart_by_single_line_breaks_are_read_as_paragraphs() {
    let items = read("single-breaks.txt", None);
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item.raw.title,
        "Prime Minister sets out priorities at the Summit"
    );
    // The standfirst and four paragraphs, each a line of its own; the source line is no
    // part of the text.
    assert_eq!(item.raw.paragraphs.len(), 5, "{:?}", item.raw.paragraphs);
    assert!(item.raw.paragraphs[4].starts_with("The Summit adopted"));
    assert!(!item.raw.paragraphs.join(" ").contains("Zarpress"));
    let mut states = codes(item);
    states.sort_unstable();
    assert_eq!(states, ["AZE", "KAZ", "PAK", "UZB"]);
}

#[test]
fn bylines_categories_times_and_credited_captions_are_no_headlines() {
    // (text, headline, place, day)
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "Ministers to meet in the spring\n\nForeign policy\n• 02 December, 2025\n• 11:44\n\n\
             The deputy minister said that the country plans to host the next meeting of the \
             ministers in the spring.\n",
            "Ministers to meet in the spring",
            None,
            Some("2025-12-02"),
        ),
        (
            "Minister joins the video meeting\n\nA. Writer (@awriter) 2 minutes ago Thu 24th \
             September 2020 | 07:29 PM\n\nThe foreign minister took part on Thursday in a video \
             meeting of the foreign ministers of the Conference.\n",
            "Minister joins the video meeting",
            None,
            None,
        ),
        (
            "Partner for peace in the region, minister says\n\nBy A. Writer - October 13, 2021\n\n\
             The country took part on Tuesday in the ministerial meeting of the Conference in the \
             capital.\n",
            "Partner for peace in the region, minister says",
            None,
            // A day set apart from the byline by a dash is the day it was published.
            Some("2021-10-13"),
        ),
        (
            "Head of state stresses the weight of the Summit\n\nA. Writer\n7 September 2022, \
             18:02\nORKEN. ZARINFORM - The President received the Executive Director of the \
             Secretariat, the press service said.\n",
            "Head of state stresses the weight of the Summit",
            Some("Orken"),
            // The dateline prints no day; the time line under the byline gives it.
            Some("2022-09-07"),
        ),
        (
            "Minister attends the meeting by video\n\n(Zarhua) 08:56, December 18, 2024\n\nThe \
             minister attends the meeting by video link in the capital, Dec. 17, 2024. \
             (Zarhua/A. Photographer)\n\nTEMIRGAL, Dec. 17 (Zarhua) -- The minister attended \
             the meeting of foreign ministers by video link on Tuesday.\n",
            "Minister attends the meeting by video",
            Some("Temirgal"),
            Some("2024-12-17"),
        ),
        (
            "Leaders Meet in Orken\n12 May 2024, 14:05\nORKEN – The President received the \
             envoys of the member states, the press service said.\n",
            "Leaders Meet in Orken",
            Some("Orken"),
            Some("2024-05-12"),
        ),
    ];
    for (text, headline, place, want_day) in table {
        let (_, items) = read_text("page.txt", text.as_bytes());
        assert_eq!(items.len(), 1, "{text}");
        let item = &items[0];
        assert_eq!(item.raw.title, *headline, "{text}");
        assert_eq!(item.dateline().map(|d| d.place.as_str()), *place, "{text}");
        assert_eq!(day(item.day()).as_deref(), *want_day, "{text}");
        assert!(
            !item.raw.paragraphs.join(" ").contains("Photographer"),
            "{text}"
        );
    }
}

#[test]
fn wrapped_lines_that_look_like_furniture_or_sentences_stay_in_their_paragraph() {
    let text = "Trade ministers compare notes\n\n\
        Astana, 3 May 2024 – Officials said that the states would raise their\n\
        share of regional trade by the end of the decade, and would\n\
        print the joint report in the autumn.\n\n\
        The meeting of the Conference on Interaction and Confidence Building Measures in Asia (CICA)\n\
        heard reports from the working groups on trade and transport.\n\n\
        Ministers Meet\n\n\
        Baku, 4 May 2024 – The ministers met for a second day and agreed on the next steps.\n";
    let (_, items) = read_text("wrapped.txt", text.as_bytes());
    assert_eq!(items.len(), 2);
    let first = &items[0].raw.paragraphs;
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(
        first[0].contains("raise their share of regional trade"),
        "{first:?}"
    );
    assert!(
        first[0].ends_with("print the joint report in the autumn."),
        "{first:?}"
    );
    assert!(first[1].contains("(CICA) heard reports"), "{first:?}");
    // A headline of two words is a headline.
    assert_eq!(items[1].raw.title, "Ministers Meet");
}

#[test]
fn a_monitoring_service_report_takes_its_year_from_the_source_line() {
    let text = "Zarland: ministers adopt a list of trust measures\n\n\
        Text of report by Zarish news agency Zar-Info\n\n\
        Orken, 22 October: The foreign ministers of the forum's member states adopted a list \
        of trust measures at a meeting in Orken today.\n\n\
        The minister told reporters that each state would choose the measures it is ready to \
        take.\n\n\
        Source: Zar-Info news agency, Orken, in Russian 1214 gmt 22 Oct 04\n\n\
        Monitoring Service - Political\n";
    let (_, items) = read_text("monitored.txt", text.as_bytes());
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item.raw.title,
        "Zarland: ministers adopt a list of trust measures"
    );
    let d = item.dateline().expect("dateline");
    assert_eq!(
        (d.place.as_str(), day(d.start)),
        ("Orken", Some("2004-10-22".to_owned()))
    );
    let body = item.raw.paragraphs.join(" ");
    assert!(!body.contains("Text of report"), "{body}");
    assert!(!body.contains("1214 gmt"), "{body}");
}

#[test]
fn a_sign_off_run_on_after_the_last_sentence_dates_the_item_and_leaves_its_body() {
    let text = "Secretary General visits Orken\n\n\
        The Secretary General held talks with the Deputy Foreign Minister of Zarland in \
        Orken on the plans of the Chairmanship for the year.\n\n\
        Both sides agreed to consider an expert meeting in Orken in the autumn. /// ZNA, \
        3 March 2025 (Press release by the Secretariat, 28 February)\n";
    let (_, items) = read_text("run-on.txt", text.as_bytes());
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(day(item.day()).as_deref(), Some("2025-03-03"));
    let body = item.raw.paragraphs.join("\n");
    assert!(body.ends_with("in the autumn."), "{body}");
}

#[test]
fn a_reporter_s_name_over_a_place_inside_a_story_opens_no_item() {
    let text = "Fifth forum summit closes with a joint declaration\n\
        Updated 22:14, 15-Jun-2019\n\n\
        The summit of the forum closed in the capital with a joint declaration adopted by \
        the heads of state.\n\n\
        The host president called for joint action against terrorism and drug trafficking \
        across the region.\n\n\
        ZAR ZAROV\n\
        DUSHANBE, TAJIKISTAN\n\
        The declaration sets out plans for the next meeting of foreign ministers.\n";
    let (_, items) = read_text("reporter.txt", text.as_bytes());
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item.raw.title,
        "Fifth forum summit closes with a joint declaration"
    );
    assert!(item.dateline().is_none());
    assert_eq!(day(item.day()).as_deref(), Some("2019-06-15"));
}

#[test]
fn a_ministry_s_numbered_headline_gives_the_day_it_prints() {
    let text = "No: 101, 26 April 2016, Press Release on the Visit of the Foreign Minister to \
        the Ministerial Meeting\n\n\
        The Foreign Minister will attend the meeting of the ministers of foreign affairs of \
        the forum on 27-28 April.\n";
    let (_, items) = read_text("numbered.txt", text.as_bytes());
    assert_eq!(items.len(), 1);
    assert_eq!(day(items[0].day()).as_deref(), Some("2016-04-26"));
    assert!(
        items[0]
            .raw
            .title
            .starts_with("No: 101, 26 April 2016, Press Release")
    );
}

#[test]
fn a_page_copied_with_one_line_break_between_its_elements_is_read_line_by_line() {
    let text = "Zarland to host a dialogue with the region\n\
        International\n\
        New Delhi\n\
        Zarland will host the fourth dialogue with the states of the region this week, with \
        cooperation against terrorism expected to be a major theme of the talks in the capital.\n\
        A business council will meet on the first day.\n\
        (END)\n\
        New Delhi\n\
        Zarland will host the fourth dialogue with the states of the region this week, with \
        cooperation against terrorism expected to be a major theme of the talks in the capital.\n";
    let (_, items) = read_text("copied.txt", text.as_bytes());
    // The lead printed again after the end mark opens no second text.
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.raw.title, "Zarland to host a dialogue with the region");
    assert_eq!(item.dateline().map(|d| d.place.as_str()), Some("New Delhi"));
    assert!(
        item.raw.paragraphs[0].starts_with("Zarland will host"),
        "{:?}",
        item.raw.paragraphs
    );
}

#[test]
fn headlines_subheadings_and_labels_that_look_like_stamps_or_places_are_kept_as_what_they_are() {
    // A headline in title case with its day after a bar stays the headline.
    let (_, items) = read_text(
        "bar.txt",
        "Zarland and Orkenia Sign Agreement on Trade | 12 May 2024\n\n\
         ASTANA – The two ministers signed the agreement on trade at the ministry today.\n"
            .as_bytes(),
    );
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].raw.title,
        "Zarland and Orkenia Sign Agreement on Trade | 12 May 2024"
    );
    // A place as a subheading, or a speaker's name, further down opens no second text.
    for (sub, name) in [
        ("Gaza", "gaza.txt"),
        ("Sofia:", "sofia.txt"),
        ("Male", "male.txt"),
    ] {
        let text = format!(
            "Secretary General visits the region\n\n\
             Astana, 12 May 2024 – The Secretary General began a tour of the region on \
             Monday with talks at the ministry.\n\n\
             He will visit three capitals in a week.\n\n\
             {sub}\n\
             The Secretary General expressed deep concern about the situation and called for \
             talks.\n"
        );
        let (_, items) = read_text(name, text.as_bytes());
        assert_eq!(items.len(), 1, "{sub}");
        assert_eq!(
            items[0].dateline().map(|d| d.place.as_str()),
            Some("Astana")
        );
    }
    // A label in capitals over a day is no place.
    let (_, items) = read_text(
        "label.txt",
        "FOR IMMEDIATE RELEASE 12 March 2024\n\
         The Secretariat will hold a seminar on trust measures in the capital next week.\n"
            .as_bytes(),
    );
    assert!(items.iter().all(|i| i.dateline().is_none()), "{items:?}");
    // A label in capitals over a dateline is no reporter's name.
    let (_, items) = read_text(
        "cover.txt",
        "Dear colleagues,\n\n\
         Please find below the release of the ministry for the bulletin of this week.\n\n\
         It may be used in full.\n\n\
         MEDIA RELEASE\n\n\
         NEW DELHI\n\
         The Minister received the Secretary General of the forum at the ministry today.\n"
            .as_bytes(),
    );
    assert!(
        items
            .iter()
            .any(|i| i.dateline().map(|d| d.place.as_str()) == Some("New Delhi")),
        "{items:?}"
    );
    // A statement's title is a headline, not a monitoring service's note.
    let (_, items) = read_text(
        "statement.txt",
        "Text of statement by the Secretary General at the meeting of the Senior Officials \
         Committee\n\n\
         Astana, 12 May 2024 – The Secretary General thanked the Chairmanship for its work.\n"
            .as_bytes(),
    );
    assert_eq!(
        items[0].raw.title,
        "Text of statement by the Secretary General at the meeting of the Senior Officials \
         Committee"
    );
}

#[test]
fn a_digest_s_briefs_with_the_same_dateline_stay_apart() {
    let text = "CICA Weekly\n\n\
        ASTANA, 3 June 2024\n\n\
        The Secretary General met the Ambassador of Zarland at the Secretariat today.\n\n\
        ASTANA, 3 June 2024\n\n\
        The Secretary General received a delegation of experts at the Secretariat today.\n";
    let (_, items) = read_text("briefs.txt", text.as_bytes());
    assert_eq!(items.len(), 2, "{items:?}");
}

#[test]
fn a_photograph_s_caption_run_into_the_dateline_is_set_apart() {
    let text = "Deputy minister meets the Secretary General\n\n\
        The Deputy Minister (R) and the Secretary General at the meeting (Photo: ZNA)Astana \
        (ZNA) – The Deputy Minister of Zarland met the Secretary General of the forum at the \
        Secretariat on Monday to discuss the measures his country coordinates.\n\n\
        The two sides discussed the calendar of events for the year.\n";
    let (_, items) = read_text("caption.txt", text.as_bytes());
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item.raw.title,
        "Deputy minister meets the Secretary General"
    );
    assert_eq!(item.dateline().map(|d| d.place.as_str()), Some("Astana"));
    assert!(
        item.raw.paragraphs[0].starts_with("The Deputy Minister of Zarland"),
        "{:?}",
        item.raw.paragraphs
    );
}
