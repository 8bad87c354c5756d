//! Both editions read back by the importer: what `cica digest build` writes for 2025-Q1, the
//! print edition as a PDF and the web edition as a saved page, given to `cica_import::read`,
//! yields the articles (headline, place, days, spotlight and activities marks,
//! paragraphs word for word), its foreword and its flash briefing, and nothing else.

use crate::common;

use cica_digest::html;
use cica_import::{Gazetteer, ImportedItem, ItemKind};

fn words(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The print edition (PDF) and the web edition (HTML), by name.
fn editions() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("digest.pdf", common::q1_printed().pdf.clone()),
        (
            "digest.html",
            html::render(common::q1(), &html::Links::default()).into_bytes(),
        ),
    ]
}

fn read_back(name: &str, bytes: &[u8]) -> Vec<ImportedItem> {
    let ds = common::dataset();
    let g = Gazetteer::new(ds, cica_domain::parse_day("2025-04-01").expect("a day"));
    let (_, items) = cica_import::read(name, bytes, None, &g, &[])
        .unwrap_or_else(|e| panic!("{name} reads: {e}"));
    items
}

#[test]
fn both_editions_read_back_yield_their_articles_with_headline_place_and_days() {
    let ds = common::dataset();
    let ed = common::q1();
    let printed: Vec<_> = ed
        .months
        .iter()
        .flat_map(|m| m.articles.iter().map(|a| (a, false)))
        .chain(ed.activities.iter().map(|a| (a, true)))
        .collect();
    let want: Vec<_> = printed
        .iter()
        .map(|(a, activities)| {
            let n = ds
                .news
                .iter()
                .find(|n| n.slug.as_str() == a.slug)
                .expect("the article's record");
            let d = n.dateline.as_ref().expect("the record's dateline");
            (
                a.title.clone(),
                d.place.clone(),
                Some(d.span.start()),
                Some(d.span.end()),
                a.spotlight,
                *activities,
            )
        })
        .collect();
    assert_eq!(want.len(), 19, "the 2025-Q1 issue prints 19 articles");
    for (name, bytes) in editions() {
        let got: Vec<_> = read_back(name, &bytes)
            .iter()
            .filter(|i| i.raw.kind == ItemKind::Article)
            .map(|i| {
                let d = i.dateline().expect("an article has a dateline");
                (
                    i.raw.title.clone(),
                    d.place.clone(),
                    d.start,
                    d.end,
                    i.raw.spotlight,
                    i.raw.activities,
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn both_editions_read_back_keep_every_paragraph_word_for_word() {
    let ed = common::q1();
    let printed: Vec<_> = ed
        .months
        .iter()
        .flat_map(|m| &m.articles)
        .chain(&ed.activities)
        .collect();
    for (name, bytes) in editions() {
        let items = read_back(name, &bytes);
        let articles: Vec<&ImportedItem> = items
            .iter()
            .filter(|i| i.raw.kind == ItemKind::Article)
            .collect();
        assert_eq!(articles.len(), printed.len(), "{name}");
        for (a, i) in printed.iter().zip(&articles) {
            let want: Vec<String> = a.body.iter().map(|p| words(&p.plain())).collect();
            assert_eq!(
                i.raw.paragraphs, want,
                "{name}: the paragraphs of “{}”",
                a.title
            );
        }
    }
}

#[test]
fn both_editions_read_back_yield_their_foreword_and_flash_briefing_and_no_back_matter() {
    let ed = common::q1();
    let want: Vec<(String, String)> = ed
        .flash
        .iter()
        .map(|b| (b.title.clone(), words(&b.text)))
        .collect();
    assert_eq!(want.len(), 10, "the 2025-Q1 issue prints 10 briefs");
    let foreword = ed.foreword.as_ref().expect("the issue has a foreword");
    for (name, bytes) in editions() {
        let items = read_back(name, &bytes);
        let briefs: Vec<(String, String)> = items
            .iter()
            .filter(|i| i.raw.kind == ItemKind::Brief)
            .map(|i| (i.raw.title.clone(), i.raw.paragraphs.join(" ")))
            .collect();
        assert_eq!(briefs, want, "{name}");
        let forewords: Vec<&ImportedItem> = items
            .iter()
            .filter(|i| i.raw.kind == ItemKind::Foreword)
            .collect();
        assert_eq!(forewords.len(), 1, "{name}: one foreword");
        assert_eq!(
            forewords[0].raw.paragraphs.first().map(String::as_str),
            foreword.body.first().map(|p| words(&p.plain())).as_deref(),
            "{name}: the foreword's first paragraph"
        );
        assert_eq!(
            items.len(),
            1 + 19 + 10,
            "{name}: nothing else is read as an item"
        );
    }
}
