//! Photographs with captions, an article an editor brought in from another quarter, and the
//! editor's own order and spotlight: in the edition, the print edition and the web edition.

use crate::common;

use std::path::PathBuf;

use cica_digest::{Typesetter, html};
use cica_domain::{Dataset, Slug};
use common::{edition_of, normalize, pages_text, poppler, run};

/// News items of our own for these tests: one article with two photographs, and one filed in
/// December 2024 that the editor assigned to the 2025-Q1 issue.
const EXTRA: &str = r#"
[[news]]
slug = "test-card-article"
title = "Secretariat tests the picture pages of its Digest"
kind = "article"
dateline = { place = "Astana", date = "2025-02-12" }
issue = "2025-Q1"
source = "Test fixture"
body = """
The Secretariat printed a test card to check how photographs sit in the columns of the magazine.

A second, smaller card follows, so that two pictures share one article and keep their order.
"""

[[news.photo]]
file = "test-card.jpg"
caption = "A test card in the Digest's colours, printed across the column."
credit = "CICA Secretariat"

[[news.photo]]
file = "test-card.png"
caption = "The same card, smaller, as a PNG."

[[news]]
slug = "december-preview-article"
title = "Secretariat previews the year of the Azerbaijani Chairmanship"
kind = "article"
dateline = { place = "Astana", date = "2024-12-20" }
issue = "2025-Q1"
source = "Test fixture"
body = """
Before the holidays the Secretariat set out what the first months of the new Chairmanship would bring.
"""
"#;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dataset() -> Dataset {
    let (jpg, png) = (fixture("test-card.jpg"), fixture("test-card.png"));
    let media: Vec<(&str, &[u8])> = cica_data::builtin_media()
        .iter()
        .copied()
        .chain([
            ("media/test-card.jpg", jpg.as_slice()),
            ("media/test-card.png", png.as_slice()),
        ])
        .collect();
    cica_data::load_files_with_media(
        cica_data::builtin_files()
            .iter()
            .copied()
            .chain([("extra.toml", EXTRA)]),
        media,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("a slug")
}

#[test]
fn photos_are_carried_with_their_captions_in_order() {
    let e = edition_of(&dataset(), "2025-Q1").expect("builds");
    let a = e
        .articles()
        .find(|a| a.slug == "test-card-article")
        .expect("the article is in the edition");
    let paths: Vec<&str> = a.photos.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["media/test-card.jpg", "media/test-card.png"]);
    assert_eq!(a.photos[0].credit.as_deref(), Some("CICA Secretariat"));
    assert_eq!(a.photos[1].credit, None);
    let keys: Vec<&str> = e.media.keys().map(String::as_str).collect();
    assert!(
        keys.contains(&"media/test-card.jpg") && keys.contains(&"media/test-card.png"),
        "{keys:?}"
    );
    // Every article prints the photos of its item, no more: none for an item without.
    let ds = dataset();
    for a in e.articles() {
        let item = ds
            .news
            .iter()
            .find(|n| n.slug.as_str() == a.slug)
            .expect("the item");
        assert_eq!(a.photos.len(), item.photos.len(), "{}", a.slug);
    }
}

#[test]
fn an_article_assigned_from_another_quarter_is_printed_in_its_own_month() {
    let e = edition_of(&dataset(), "2025-Q1").expect("builds");
    let months: Vec<&str> = e.months.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(months, ["December 2024", "January", "February", "March"]);
    assert_eq!(e.months[0].articles[0].slug, "december-preview-article");
    let listed: Vec<String> = e.contents().into_iter().map(|c| c.title).collect();
    assert!(
        listed.contains(&"Secretariat previews the year of the Azerbaijani Chairmanship".into())
    );
}

#[test]
fn the_editor_orders_the_items_and_chooses_the_spotlight() {
    let mut ds = dataset();
    let d = ds
        .digests
        .iter_mut()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("record");
    d.highlights.clear();
    // March, in the editor's order: the Fund's project first, then the ratifications.
    d.order = vec![
        slug("cica-fund-first-project-afghanistan"),
        slug("convention-privileges-immunities-13-ratifications"),
    ];
    d.spotlight = Some(vec![
        slug("test-card-article"),
        slug("cica-fund-first-project-afghanistan"),
    ]);
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let spot: Vec<&str> = e.spotlight().map(|a| a.slug.as_str()).collect();
    assert_eq!(
        spot,
        ["test-card-article", "cica-fund-first-project-afghanistan"]
    );
    let march = e.months.iter().find(|m| m.name == "March").expect("March");
    let first_two: Vec<&str> = march
        .articles
        .iter()
        .take(2)
        .map(|a| a.slug.as_str())
        .collect();
    assert_eq!(
        first_two,
        [
            "cica-fund-first-project-afghanistan",
            "convention-privileges-immunities-13-ratifications"
        ]
    );
    // With no headlines named, the cover is the spotlight, in print order.
    let titles: Vec<&str> = e.spotlight().map(|a| a.title.as_str()).collect();
    assert_eq!(e.cover, titles);

    // Going back to the items' own flags restores the five spotlight articles of the issue.
    let d = ds
        .digests
        .iter_mut()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("record");
    d.spotlight = None;
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    assert_eq!(e.spotlight().count(), 5);
    assert_eq!(e.cover.len(), 5);
}

#[test]
fn the_cover_never_holds_more_than_six_headlines() {
    let mut ds = dataset();
    let d = ds
        .digests
        .iter_mut()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("record");
    d.highlights.clear();
    let all: Vec<Slug> = ds
        .news
        .iter()
        .filter(|n| n.kind == cica_domain::NewsKind::Article && !n.activities)
        .map(|n| n.slug.clone())
        .collect();
    ds.digests[0].spotlight = Some(all);
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    assert!(e.spotlight().count() > 6);
    assert_eq!(e.cover.len(), 6);
}

#[test]
fn the_print_edition_prints_the_photos_beside_their_article() {
    if !poppler() {
        return;
    }
    let e = edition_of(&dataset(), "2025-Q1").expect("builds");
    let printed = Typesetter::new().print(&e).expect("typesets");
    assert!(printed.warnings.is_empty(), "{:?}", printed.warnings);
    let dir = tempfile::tempdir().expect("a folder");
    let pdf = dir.path().join("digest.pdf");
    std::fs::write(&pdf, &printed.pdf).expect("written");
    // Two images, embedded at their own size.
    let list = run("pdfimages", &["-list"], &pdf);
    let sizes: Vec<(String, String)> = list
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((f.get(3)?.to_string(), f.get(4)?.to_string()))
        })
        .collect();
    // The built-in illustrations are printed too; the test card's two come in their order.
    let cards: Vec<&(String, String)> = sizes
        .iter()
        .filter(|s| [("900", "600"), ("300", "200")].contains(&(s.0.as_str(), s.1.as_str())))
        .collect();
    assert_eq!(
        cards,
        [&("900".into(), "600".into()), &("300".into(), "200".into())],
        "{list}"
    );
    // The captions are on the page where the article starts.
    let pages = pages_text(&pdf);
    let page = printed.starts["item-test-card-article"];
    let text = &pages[page - 1];
    assert!(
        text.contains(&normalize(
            "A test card in the Digest’s colours, printed across the column."
        )),
        "page {page}: {text}"
    );
    assert!(text.contains("CICA Secretariat"));
    // The contents list the December article under its month and tell its page truly.
    let december = printed.starts["item-december-preview-article"];
    assert!(pages[december - 1].contains("Secretariat previews the year of the Azerbaijani"));
    let toc = &pages[printed.starts["contents"] - 1];
    assert!(toc.contains("DECEMBER 2024"), "{toc}");
}

#[test]
fn the_web_edition_shows_the_photos_with_captions() {
    let e = edition_of(&dataset(), "2025-Q1").expect("builds");
    let page = html::render(&e, &html::Links::default());
    assert!(
        page.contains(r#"<img src="media/test-card.jpg" alt="""#),
        "{page}"
    );
    assert!(page.contains("<figcaption>The same card, smaller, as a PNG.</figcaption>"));
    let portal = html::render(
        &e,
        &html::Links {
            media_base: "/media/screen/".into(),
            notice: None,
            ..html::Links::default()
        },
    );
    assert!(portal.contains(r#"<img src="/media/screen/test-card.png""#));
}

#[test]
fn only_the_authors_own_foreword_is_signed_with_their_name() {
    let mut ds = dataset();
    // As the built-in record has it: the Secretariat's account, unsigned, saying so.
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let page = html::render(&e, &html::Links::default());
    assert!(!page.contains(r#"class="signature""#));
    assert!(page.contains("account of the foreword by Jeyhun Bayramov"));
    // The Minister's own text, entered by an editor: printed over his signature.
    ds.digests[0].foreword_kind = cica_domain::ForewordKind::Own;
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let page = html::render(&e, &html::Links::default());
    assert!(page.contains(r#"<p class="signature"><strong>Jeyhun Bayramov</strong>"#));
    assert!(!page.contains("account of the foreword"));
}

#[test]
fn a_foreword_without_a_signatory_prints_no_empty_signature() {
    let mut ds = dataset();
    ds.digests[0].foreword_author = None;
    ds.digests[0].foreword_title = None;
    ds.digests[0].foreword_kind = cica_domain::ForewordKind::Own;
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let page = html::render(&e, &html::Links::default());
    assert!(!page.contains(r#"class="signature""#));
}

#[test]
fn the_web_edition_has_a_skip_link_and_its_cover_headlines_lead_to_their_articles() {
    let ds = dataset();
    let e = edition_of(&ds, "2025-Q1").expect("builds");
    let page = html::render(&e, &html::Links::default());
    assert!(page.contains(r##"<a class="skip" href="#contents">"##));
    assert!(page.contains(r#"id="contents""#), "the skip link's target");
    let links = e.cover_links();
    assert!(!links.is_empty());
    for (headline, key) in links {
        let key = key.unwrap_or_else(|| panic!("no article carries the headline {headline}"));
        assert!(
            page.contains(&format!(r##"<a href="#{key}">"##)),
            "{headline}"
        );
        assert!(
            page.contains(&format!(r#"id="{key}""#)),
            "{key} is on the page"
        );
    }
}
