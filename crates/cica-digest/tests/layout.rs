//! The print edition reads like a magazine: checked on the built 2025-Q1 PDF, with the pages
//! rendered by a third-party tool (poppler) and the text read back as a reader's search would.

use crate::common;

use std::path::Path;

use common::{normalize, q1, q1_printed, run, written};

/// How far down each page's type area the printing reaches (0 empty, 1 full), from the
/// pages rendered in grey at 20 dpi: the lowest dark row between the top margin (24 mm) and
/// the footer (the last 22 mm of the 297 mm page).
fn fill(pdf: &Path, dir: &Path) -> Vec<f64> {
    let prefix = dir.join("page");
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "20", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).expect("a page");
            // P5 header: magic, width height, maxval, each on its own line.
            let mut fields = Vec::new();
            let mut at = 0;
            while fields.len() < 4 {
                let end = at
                    + bytes[at..]
                        .iter()
                        .position(|b| b.is_ascii_whitespace())
                        .expect("header");
                if end > at {
                    fields.push(String::from_utf8_lossy(&bytes[at..end]).into_owned());
                }
                at = end + 1;
            }
            let (w, h): (usize, usize) =
                (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
            let pixels = &bytes[at..];
            let top = h * 24 / 297;
            let bottom = h * (297 - 22) / 297;
            let last = (top..bottom)
                .rev()
                .find(|y| pixels[y * w..(y + 1) * w].iter().any(|p| *p < 160))
                .unwrap_or(top);
            (last - top) as f64 / (bottom - top) as f64
        })
        .collect()
}

#[test]
fn the_issue_has_an_even_number_of_pages_and_the_back_cover_is_the_last_left_hand_one() {
    let printed = q1_printed();
    assert_eq!(printed.pages % 2, 0, "{} pages", printed.pages);
    assert_eq!(
        printed.starts.get("contacts"),
        Some(&printed.pages),
        "the back cover is the last page"
    );
    // With the issue's own content ending on a right-hand page, the page on membership
    // fills the left one, and names every Member State of the quarter's end.
    let Some((_dir, pdf)) = written() else { return };
    let pages = common::pages_text(&pdf);
    if let Some(glance) = printed.starts.get("glance") {
        let page = &pages[glance - 1];
        for m in &q1().members {
            assert!(page.contains(m.as_str()), "{m} missing: {page}");
        }
        assert_eq!(*glance, printed.pages - 1);
    }
}

#[test]
fn no_page_is_more_than_a_third_empty_except_at_the_end_of_a_section() {
    let Some((dir, pdf)) = written() else { return };
    let printed = q1_printed();
    let starts_section = |page: usize| {
        printed.starts.iter().any(|(label, p)| {
            *p == page
                && (label.starts_with("section-")
                    || [
                        "contents",
                        "foreword",
                        "flash-briefing",
                        "calendar",
                        "glance",
                        "contacts",
                    ]
                    .contains(&label.as_str()))
        })
    };
    let fills = fill(&pdf, dir.path());
    assert_eq!(fills.len(), printed.pages);
    for (i, f) in fills.iter().enumerate() {
        let page = i + 1;
        if *f < 2.0 / 3.0 {
            assert!(
                starts_section(page + 1) || page == printed.pages,
                "page {page} is {:.0}% empty in the middle of a section",
                (1.0 - f) * 100.0
            );
        }
    }
}

#[test]
fn every_headline_is_found_in_the_pdf_text_with_its_hyphens() {
    let Some((_dir, pdf)) = written() else { return };
    // The reading order a viewer's search uses, which joins a line that ends in a hyphen.
    let text = normalize(&run("pdftotext", &["-enc", "UTF-8"], &pdf));
    let e = q1();
    let titles = e
        .months
        .iter()
        .flat_map(|m| m.articles.iter())
        .chain(e.activities.iter())
        .map(|a| a.title.as_str())
        .chain(e.flash.iter().map(|b| b.title.as_str()));
    let mut hyphenated = 0;
    for title in titles {
        hyphenated += usize::from(title.contains('-'));
        assert!(
            text.contains(&normalize(title)),
            "“{title}” cannot be found in the PDF's text"
        );
    }
    assert!(
        hyphenated > 0,
        "the issue has hyphenated headlines to check"
    );
}

#[test]
fn the_lead_story_opens_across_the_page_and_quotes_are_curly() {
    let e = q1();
    let leads: Vec<_> = e
        .months
        .iter()
        .flat_map(|m| m.articles.iter())
        .chain(e.activities.iter())
        .filter(|a| a.lead)
        .collect();
    assert_eq!(leads.len(), 1, "one lead story");
    assert!(leads[0].spotlight);
    let first_spotlight = e
        .months
        .iter()
        .flat_map(|m| m.articles.iter())
        .find(|a| a.spotlight)
        .expect("a spotlight");
    assert_eq!(leads[0].key, first_spotlight.key);
    let Some((_dir, pdf)) = written() else { return };
    let pages = common::pages_text(&pdf);
    let page = &pages[q1_printed().starts[&leads[0].key] - 1];
    assert!(page.contains("THE LEAD STORY"), "{page}");
    // No straight quote is printed anywhere in the issue's text.
    let all = pages.join(" ");
    assert!(!all.contains('"'), "a straight double quote is printed");
    assert!(all.contains('’'), "apostrophes are curled");
}

/// A word as poppler places it: (x min, y min, x max, y max) in points from the page's top
/// left, and its text.
struct Word {
    x0: f64,
    y0: f64,
    y1: f64,
    text: String,
}

/// The words of every page, from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let xml = run("pdftotext", &["-bbox", "-enc", "UTF-8"], pdf);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).expect("the attribute") + name.len() + 2;
        line[at..at + line[at..].find('"').expect("closed")]
            .parse()
            .expect("a number")
    };
    let mut pages = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            let text = &line[line.find('>').expect("tag") + 1..line.rfind("</word>").expect("end")];
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            if let Some(page) = pages.last_mut() {
                page.push(Word {
                    x0: attr(line, "xMin"),
                    y0: attr(line, "yMin"),
                    y1: attr(line, "yMax"),
                    text,
                });
            }
        }
    }
    pages
}

#[test]
fn no_headline_stands_at_the_foot_of_a_column_with_fewer_than_four_lines_under_it() {
    let Some((_dir, pdf)) = written() else { return };
    let pages = words(&pdf);
    let printed = q1_printed();
    let e = q1();
    // The type area's foot: the page height (A4, 841.9 pt) less the 22 mm bottom margin.
    let foot = 841.89 - 22.0 * 72.0 / 25.4;
    let mut checked = 0;
    for a in e
        .months
        .iter()
        .flat_map(|m| m.articles.iter())
        .chain(e.activities.iter())
    {
        let page = &pages[printed.starts[&a.key] - 1];
        let title: Vec<&str> = a.title.split_whitespace().collect();
        let texts: Vec<&str> = page.iter().map(|w| w.text.as_str()).collect();
        let Some(at) = texts
            .windows(title.len())
            .position(|w| w == title.as_slice())
        else {
            panic!(
                "the headline “{}” is not on page {}",
                a.title, printed.starts[&a.key]
            );
        };
        let last = &page[at + title.len() - 1];
        // Its column: the left one starts at the inside margin, the right one past the middle.
        let left = last.x0 < 595.28 / 2.0;
        let mut lines: Vec<i64> = page
            .iter()
            .filter(|w| (w.x0 < 595.28 / 2.0) == left && w.y0 > last.y1 && w.y1 < foot)
            .map(|w| (w.y0 * 10.0).round() as i64)
            .collect();
        lines.sort_unstable();
        lines.dedup_by(|a, b| (*a - *b).abs() < 20);
        assert!(
            lines.len() >= 4,
            "“{}” has {} lines under it at the foot of its column on page {}",
            a.title,
            lines.len(),
            printed.starts[&a.key]
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked} headlines checked");
}
