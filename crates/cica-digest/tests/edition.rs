//! The edition's structure and rules, the data handed to the layout and the web edition.

use crate::common;

use cica_digest::{DigestError, Typesetter, data_json, html};
use cica_domain::{DigestStatus, NewsKind, Quarter};
use common::{dataset, edition_of, q1};

#[test]
fn the_2025_q1_edition_has_the_magazine_structure() {
    let e = q1();
    assert_eq!(e.title, "Voice of Asia — CICA Digest");
    assert_eq!(e.period, "January – March 2025");
    assert!(
        (4..=6).contains(&e.cover.len()),
        "4–6 cover highlights: {:?}",
        e.cover
    );
    assert!(e.spotlight().count() >= 3);
    // The built-in foreword is the Secretariat's account of the Minister's, in reported
    // speech: unsigned, and saying whose words it reports.
    let f = e.foreword.as_ref().expect("a foreword");
    assert_eq!(f.author, "Jeyhun Bayramov");
    assert!(f.body.len() >= 4, "{:?}", f.body);
    assert!(
        !f.signed,
        "an account is not signed with the Minister's name"
    );
    assert!(
        f.account
            .contains("account of the foreword by Jeyhun Bayramov")
            && f.account.contains("not the author’s own words"),
        "{}",
        f.account
    );
    assert!(
        f.body[0]
            .plain()
            .starts_with("In the foreword to this issue"),
        "reported speech: {}",
        f.body[0].plain()
    );
    assert_eq!(e.activities.len(), 1, "the ski tour");
    assert!(e.activities[0].title.to_lowercase().contains("ski"));
    assert!(!e.flash.is_empty());
    assert!(e.contact.is_some());
    // Contents: spotlight first, then the rest by month, activities, flash, calendar.
    let groups: Vec<String> = e.contents().into_iter().map(|c| c.group).collect();
    let mut seen: Vec<&str> = Vec::new();
    for g in &groups {
        if seen.last() != Some(&g.as_str()) {
            seen.push(g);
        }
    }
    assert_eq!(seen[0], "In the Spotlight");
    assert_eq!(
        &seen[1..],
        [
            "Foreword",
            "January",
            "February",
            "March",
            "CICA Activities",
            "Flash Briefing",
            "Calendar"
        ]
    );
}

#[test]
fn articles_are_in_date_order_unless_the_issue_places_them_and_the_spotlight_moves_nothing() {
    let mut ds = dataset().clone();
    let date = |ds: &cica_domain::Dataset, slug: &str| {
        ds.news
            .iter()
            .find(|n| n.slug.as_str() == slug)
            .expect("from the dataset")
            .date
    };
    // The built-in issue names no order: each month runs by date, its spotlight articles
    // (and the positions the printed issue gave them) included.
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    assert!(
        e.months
            .iter()
            .any(|m| m.articles.iter().any(|a| a.spotlight))
    );
    for m in &e.months {
        let dates: Vec<_> = m.articles.iter().map(|a| date(&ds, &a.slug)).collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "{}: {dates:?}",
            m.name
        );
    }
    // An editor puts the last article of March first, in the issue's order.
    let last = e.months[2]
        .articles
        .last()
        .expect("March has articles")
        .slug
        .clone();
    ds.digests[0].order = vec![cica_domain::Slug::parse(&last).expect("slug")];
    let moved = edition_of(&ds, "2025-Q1").expect("builds");
    assert_eq!(moved.months[2].articles[0].slug, last);
    // Making another article a spotlight item marks it where it stands.
    let (at, plain) = e.months[1]
        .articles
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| !a.spotlight)
        .map(|(i, a)| (i, a.slug.clone()))
        .expect("a plain article");
    ds.news
        .iter_mut()
        .find(|n| n.slug.as_str() == plain)
        .expect("found")
        .spotlight = true;
    let spot = edition_of(&ds, "2025-Q1").expect("builds");
    assert!(spot.spotlight().any(|a| a.slug == plain));
    assert_eq!(spot.months[1].articles[at].slug, plain, "it has not moved");
}

#[test]
fn drafts_never_reach_the_edition() {
    let mut ds = dataset().clone();
    let draft = ds
        .news
        .iter_mut()
        .find(|n| n.kind == NewsKind::Article && n.date.to_string().starts_with("2025-02"))
        .expect("a February article");
    draft.draft = true;
    let slug = draft.slug.to_string();
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    assert!(e.articles().all(|a| a.slug != slug));
    assert!(!data_json(&e).contains(&slug));
}

#[test]
fn the_cover_defaults_to_the_spotlight_items() {
    let mut ds = dataset().clone();
    let d = ds
        .digests
        .iter_mut()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("record");
    d.highlights.clear();
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let spot: Vec<String> = e.spotlight().map(|a| a.title.clone()).collect();
    let mut cover = e.cover.clone();
    cover.sort();
    let mut spot_sorted = spot.clone();
    spot_sorted.sort();
    assert_eq!(cover, spot_sorted);
}

#[test]
fn a_quarter_without_articles_is_refused_by_name() {
    let mut ds = dataset().clone();
    let mut d = ds.digests[0].clone();
    d.quarter = Quarter::parse("2031-Q2").expect("a quarter");
    d.status = DigestStatus::Draft;
    ds.digests.push(d);
    let err = edition_of(&ds, "2031-Q2").expect_err("nothing to print");
    assert_eq!(
        err,
        DigestError::NoItems(Quarter::parse("2031-Q2").expect("q"))
    );
    assert_eq!(
        err.to_string(),
        "2031-Q2 has no published articles; a digest needs at least one"
    );
}

#[test]
fn the_layout_data_is_stable() {
    insta::assert_snapshot!("data_2025_q1", data_json(q1()));
}

#[test]
fn the_web_edition_is_stable() {
    let links = html::Links {
        home: Some("/digest".into()),
        pdf: Some("/digest/2025-Q1.pdf".into()),
        media_base: "/media/screen/".into(),
        notice: None,
    };
    insta::assert_snapshot!("web_2025_q1", html::render(q1(), &links));
}

#[test]
fn the_web_edition_escapes_text_and_links_every_entry() {
    let mut e = q1().clone();
    e.months[0].articles[0].title = "<script>alert(1)</script> & more".into();
    let page = html::render(&e, &html::Links::default());
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; more"));
    // No links out when written to a file.
    assert!(!page.contains("href=\"/digest"));
    for entry in q1().contents() {
        assert!(
            page.contains(&format!("href=\"#{}\"", entry.key)),
            "no link to {}",
            entry.key
        );
        assert!(
            page.contains(&format!("id=\"{}\"", entry.key)),
            "no anchor {}",
            entry.key
        );
    }
}

#[test]
fn the_fonts_cover_the_names_of_the_region() {
    // A small edition whose texts use every script the Digest may meet.
    let mut e = q1().clone();
    e.months.truncate(1);
    e.months[0].articles.truncate(1);
    e.activities.clear();
    e.flash.truncate(1);
    let names = [
        "Türkiye",
        "Şuşa",
        "Nur-Sultan → Астана",
        "Ἀθῆναι",
        "محمد بن سلمان",
        "北京",
        "東京",
    ];
    e.months[0].articles[0].body = cica_digest::rich::blocks(&names.join(", "));
    let ts = Typesetter::new();
    for family in [
        "Libertinus Serif",
        "Noto Sans",
        "Noto Naskh Arabic",
        "Droid Sans Fallback",
    ] {
        assert!(
            ts.families().iter().any(|f| f.eq_ignore_ascii_case(family)),
            "{family}: {:?}",
            ts.families()
        );
    }
    let printed = ts.print(&e).expect("typesets");
    assert!(printed.warnings.is_empty(), "{:?}", printed.warnings);
    if !common::poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("scripts.pdf");
    std::fs::write(&pdf, &printed.pdf).expect("written");
    let text = common::normalize(&common::run("pdftotext", &["-enc", "UTF-8"], &pdf));
    for name in ["Türkiye", "Şuşa", "Астана", "Ἀθῆναι", "北京", "東京"] {
        assert!(
            text.contains(name),
            "{name} is not extractable from the PDF: {text}"
        );
    }
    // Arabic is laid out right to left; the extracted order varies between readers, so only
    // the letters are checked.
    assert!(
        text.contains('م') && text.contains('س'),
        "Arabic letters missing"
    );
}

#[test]
fn the_2025_q1_print_edition_typesets_without_warnings() {
    let printed = common::q1_printed();
    assert!(printed.warnings.is_empty(), "{:?}", printed.warnings);
    assert!(
        (12..=40).contains(&printed.pages),
        "{} pages",
        printed.pages
    );
    assert!(printed.pdf.starts_with(b"%PDF-"));
}

#[test]
fn the_markdown_export_is_stable() {
    insta::assert_snapshot!("markdown_2025_q1", cica_digest::markdown(q1()));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever editors do with drafts, order and spotlight, every published item of the
    /// quarter is in the edition exactly once, and nothing else is.
    #[test]
    fn every_published_item_appears_once_whatever_the_editing(
        edits in proptest::collection::vec((proptest::bool::ANY, proptest::option::of(1u32..6), proptest::bool::ANY), 29)
    ) {
        let mut ds = dataset().clone();
        let q = Quarter::parse("2025-Q1").expect("q");
        for (i, n) in ds.news.iter_mut().filter(|n| q.span().contains(n.date)).enumerate() {
            let (draft, position, spotlight) = edits[i % edits.len()];
            n.draft = draft && i % 3 == 0;
            n.position = position;
            n.spotlight = spotlight;
        }
        let published: Vec<String> = ds
            .news
            .iter()
            .filter(|n| !n.draft && q.span().contains(n.date))
            .map(|n| n.slug.to_string())
            .collect();
        match edition_of(&ds, "2025-Q1") {
            Ok(e) => {
                let mut printed: Vec<String> = e.articles().map(|a| a.slug.clone()).chain(e.flash.iter().map(|b| b.slug.clone())).collect();
                printed.sort();
                let mut want = published.clone();
                want.sort();
                proptest::prop_assert_eq!(printed, want);
                let months: Vec<&str> = e.months.iter().map(|m| m.name.as_str()).collect();
                let mut sorted = months.clone();
                sorted.sort_by_key(|m| ["January", "February", "March"].iter().position(|x| x == m));
                proptest::prop_assert_eq!(months, sorted);
            }
            Err(err) => proptest::prop_assert_eq!(err, DigestError::NoItems(q)),
        }
    }
}

#[test]
fn the_markdown_edition_writes_an_editors_styles_and_leaves_plain_text_plain() {
    let mut e = q1().clone();
    e.months[0].articles[0].body = cica_digest::rich::blocks(
        "Ministers *see [the site](https://a.example/)* and **agree**.\n\n1\\. Not a list, as imported.\n\n- one\n- two",
    );
    let md = cica_digest::markdown(&e);
    for want in [
        "— Ministers *see* [*the site*](<https://a.example/>) and **agree**.\n",
        "\n1\\. Not a list, as imported.\n",
        "\n- one\n- two\n",
    ] {
        assert!(md.contains(want), "{want:?} not in the Markdown edition");
    }
    // Read back (CommonMark), each paragraph says what the edition printed.
    let article = &e.months[0].articles[0];
    let written = md
        .split(&format!("## {}\n\n", article.title))
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the article in the Markdown");
    let read: Vec<String> = cica_digest::rich::blocks(written)
        .iter()
        .map(cica_digest::rich::Block::plain)
        .collect();
    let printed: Vec<String> = article
        .body
        .iter()
        .map(cica_digest::rich::Block::plain)
        .collect();
    assert_eq!(
        read[0],
        format!("{} — {}", article.dateline.to_uppercase(), printed[0])
    );
    assert_eq!(read[1..], printed[1..]);
}
