//! Our own fixtures, one per dateline style and per trap, read the way a file is.

use cica_import::{Gazetteer, ImportedItem};

fn read(file: &str, hint: Option<i32>) -> Vec<ImportedItem> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let bytes = std::fs::read(&path).expect("fixture");
    let ds = cica_data::builtin().expect("dataset");
    let g = Gazetteer::new(&ds, cica_domain::parse_day("2025-04-01").expect("day"));
    cica_import::read(file, &bytes, hint, &g, &[])
        .expect("reads")
        .1
}

fn codes(i: &ImportedItem) -> Vec<&str> {
    i.found.states.iter().map(|s| s.as_str()).collect()
}

fn bodies(i: &ImportedItem) -> Vec<&str> {
    i.found.bodies.iter().map(|s| s.as_str()).collect()
}

#[test]
fn issue_4_every_dateline_style_in_a_file_of_releases() {
    let items = read("releases.txt", Some(2024));
    // (headline, place, start, end)
    let want: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "Senior officials review the year's programme",
            "Astana",
            Some("2024-06-03"),
            Some("2024-06-03"),
        ),
        (
            "Experts compare notes on disaster response",
            "Tashkent",
            Some("2024-06-03"),
            Some("2024-06-05"),
        ),
        ("Secretariat staff visit a partner", "Dushanbe", None, None),
        (
            "Youth forum opens in Bishkek",
            "Bishkek",
            Some("2024-05-12"),
            Some("2024-05-12"),
        ),
        (
            "Delegation arrives for talks",
            "Tehran",
            Some("2024-06-03"),
            Some("2024-06-03"),
        ),
        (
            "Workshop runs across two months",
            "Dushanbe",
            Some("2025-02-28"),
            Some("2025-03-02"),
        ),
        (
            "Capital renamed, dateline kept",
            "Astana",
            Some("2021-10-12"),
            Some("2021-10-12"),
        ),
        (
            "Building opens in the capital",
            "Astana",
            Some("2025-07-02"),
            Some("2025-07-02"),
        ),
    ];
    assert_eq!(items.len(), want.len());
    for (i, (title, place, start, end)) in items.iter().zip(want) {
        assert_eq!(i.raw.title, *title);
        let d = i.dateline().expect("dateline");
        assert_eq!(d.place, *place, "{title}");
        assert_eq!(d.start.map(|x| x.to_string()).as_deref(), *start, "{title}");
        assert_eq!(d.end.map(|x| x.to_string()).as_deref(), *end, "{title}");
    }
    assert_eq!(
        items[6].dateline().map(|d| d.place_as_written.as_str()),
        Some("Nur-Sultan"),
        "the name as written is kept"
    );
    assert!(items[6].raw.notes.iter().any(|n| n.contains("Nur-Sultan")));
}

#[test]
fn issue_4_traps() {
    let items = read("releases.txt", Some(2024));
    // Members and an observer, each by another name; the observer kept apart.
    assert_eq!(codes(&items[0]), ["KAZ", "RUS", "VNM", "JPN"]);
    assert_eq!(
        items[0]
            .observers
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        ["JPN"]
    );
    assert_eq!(bodies(&items[0]), ["secretariat"]);
    // A country named only inside a web address is not a mention; its adjective is.
    assert_eq!(codes(&items[1]), ["KGZ"]);
    // Another organization's Secretariat is not CICA's; CICA's is.
    assert_eq!(bodies(&items[2]), ["secretariat"]);
    assert_eq!(
        items[2]
            .found
            .organizations
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>(),
        ["sco-secretariat"]
    );
    // Adjectives.
    assert_eq!(codes(&items[3]), ["MNG", "KGZ"]);
    assert_eq!(codes(&items[4]), ["IRN", "TUR"]);
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
            Just("In this issue\n\n".to_owned()),
            Just("Foreword\n\n".to_owned()),
            Just("45 FLASH BRIEFING\n\n".to_owned()),
            Just("TAKE ANOTHER LOOK".to_owned()),
            Just("Mr. ".to_owned()),
            Just("The Secretary General met the Minister.".to_owned()),
            Just("**".to_owned()),
            Just("\u{feff}".to_owned()),
            any::<String>(),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn issue_4_the_dateline_parser_never_panics(text in pieces(), hint in prop::option::of(1900i32..2100)) {
            if let Some(d) = cica_import::dateline::parse(&text, hint) {
                prop_assert!(d.body_start <= text.len());
                if let (Some(a), Some(b)) = (d.start, d.end) {
                    prop_assert!(a <= b);
                }
            }
        }

        #[test]
        fn issue_4_the_splitter_never_panics(text in pieces()) {
            let s = cica_import::split(&text, None);
            for i in &s.items {
                prop_assert!(!i.title.is_empty() || i.paragraphs.is_empty() || i.title_inferred);
            }
        }
    }
}
