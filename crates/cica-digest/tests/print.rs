//! The print edition of 2025-Q1, read back with third-party tools (poppler): the contents
//! tell the truth about pages, every item is printed once, the months are in order, the
//! outline matches, fonts are embedded and the metadata is set.

use crate::common;

use cica_domain::NewsKind;
use common::{count, normalize, pages_text, q1, q1_printed, run, written};

/// The page numbers of the contents pages (from 1), and where the body starts.
fn contents_pages(pages: &[String]) -> (usize, usize) {
    let printed = q1_printed();
    let first = printed.starts["contents"];
    let body = printed.starts["foreword"];
    assert!(first < body && body <= pages.len());
    (first, body)
}

/// For a contents entry, the page number printed in front of its title.
fn printed_page(toc: &str, title: &str) -> Option<usize> {
    let title = normalize(title);
    toc.match_indices(&title).find_map(|(at, _)| {
        let before = toc[..at].trim_end();
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let digits: String = digits.chars().rev().collect();
        digits.parse().ok()
    })
}

#[test]
fn every_contents_entry_starts_on_the_page_it_names() {
    let Some((_dir, pdf)) = written() else { return };
    let pages = pages_text(&pdf);
    let (first, body) = contents_pages(&pages);
    let toc = pages[first - 1..body - 1].join(" ");
    let entries = q1().contents();
    assert!(
        entries.len() > 15,
        "the 2025-Q1 contents list every article: {}",
        entries.len()
    );
    for e in &entries {
        let page = printed_page(&toc, &e.title)
            .unwrap_or_else(|| panic!("the contents do not list “{}” with a page number", e.title));
        assert!(
            page >= body && page <= pages.len(),
            "“{}”: page {page} is outside the body",
            e.title
        );
        let text = &pages[page - 1];
        assert!(
            text.contains(&normalize(&e.title)),
            "the contents say “{}” starts on page {page}, but that page reads: {}",
            e.title,
            &text[..text.len().min(300)]
        );
        // It starts there: the page before (unless that is the contents) does not show it.
        assert!(
            page == body || !pages[page - 2].contains(&normalize(&e.title)),
            "“{}” already appears on page {}",
            e.title,
            page - 1
        );
        assert_eq!(
            q1_printed().starts.get(&e.key),
            Some(&page),
            "layout and print disagree on “{}”",
            e.title
        );
    }
}

#[test]
fn every_item_of_the_quarter_is_printed_exactly_once() {
    let Some((_dir, pdf)) = written() else { return };
    let pages = pages_text(&pdf);
    let (_, body) = contents_pages(&pages);
    let text = pages[body - 1..].join(" ");
    // The quarter's items, taken from the dataset rather than from the edition.
    let q = cica_domain::Quarter::parse("2025-Q1").expect("a quarter");
    let items: Vec<_> = common::dataset()
        .news
        .iter()
        .filter(|n| {
            !n.draft && (n.issue == Some(q) || (n.issue.is_none() && q.span().contains(n.date)))
        })
        .collect();
    assert!(items.iter().filter(|n| n.kind == NewsKind::Article).count() >= 15);
    assert!(items.iter().any(|n| n.kind == NewsKind::Brief));
    for n in items {
        // As printed: with curly quotes.
        let found = count(&text, &normalize(&cica_digest::typography::curl(&n.title)));
        assert_eq!(found, 1, "“{}” is printed {found} times", n.title);
    }
}

#[test]
fn the_months_follow_each_other_in_order() {
    let Some((_dir, pdf)) = written() else { return };
    let pages = pages_text(&pdf);
    let (_, body) = contents_pages(&pages);
    let text = pages[body - 1..].join(" ");
    let starts = &q1_printed().starts;
    let months = &q1().months;
    assert_eq!(
        months.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["January", "February", "March"]
    );
    let mut last_at = 0;
    let mut last_page = 0;
    for m in months {
        let first = &m.articles[0];
        let page = starts[&first.key];
        assert!(
            page >= last_page,
            "{} starts on page {page}, before the previous month ends",
            m.name
        );
        assert!(
            pages[page - 1].contains(&m.name),
            "page {page} does not open {}",
            m.name
        );
        for a in &m.articles {
            let at = text.find(&normalize(&a.title)).expect("printed");
            assert!(
                at > last_at,
                "“{}” ({}) is printed out of order",
                a.title,
                m.name
            );
            last_at = at;
            last_page = starts[&a.key];
        }
    }
}

/// `pdftohtml -xml` lists the outline as `<item page="N">title</item>`.
fn outline(pdf: &std::path::Path) -> Vec<(String, usize)> {
    let xml = run("pdftohtml", &["-xml", "-i", "-q", "-stdout"], pdf);
    let start = xml.find("<outline").expect("the PDF has an outline");
    xml[start..]
        .split("<item page=\"")
        .skip(1)
        .map(|rest| {
            let (page, rest) = rest.split_once('"').expect("page attribute");
            let title = rest
                .split_once('>')
                .expect("tag end")
                .1
                .split('<')
                .next()
                .unwrap_or_default();
            let title = title
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'");
            (normalize(&title), page.parse().expect("page number"))
        })
        .collect()
}

#[test]
fn the_outline_matches_the_contents_and_the_page_count() {
    let Some((_dir, pdf)) = written() else { return };
    let info = run("pdfinfo", &[], &pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports the page count");
    assert_eq!(pages, q1_printed().pages);
    let outline = outline(&pdf);
    let starts = &q1_printed().starts;
    for e in q1().contents() {
        let want = starts[&e.key];
        let title = normalize(&e.title);
        let found = outline.iter().find(|(t, _)| *t == title);
        assert_eq!(
            found.map(|(_, p)| *p),
            Some(want),
            "outline entry for “{}”",
            e.title
        );
    }
    // The back page closes the outline, and it is the last page.
    assert_eq!(
        outline.last().map(|(t, p)| (t.as_str(), *p)),
        Some(("Contacts", pages))
    );
    assert!(outline.iter().all(|(_, p)| (1..=pages).contains(p)));
}

#[test]
fn metadata_and_fonts_are_set_and_embedded() {
    let Some((_dir, pdf)) = written() else { return };
    let info = run("pdfinfo", &[], &pdf);
    assert!(
        info.contains("Voice of Asia — CICA Digest — 2025-Q1"),
        "{info}"
    );
    assert!(info.contains("CICA Secretariat"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains("595.") && l.contains("841.")),
        "A4: {info}"
    );
    let meta = run("pdfinfo", &["-meta"], &pdf);
    assert!(
        meta.contains("<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>"),
        "{meta}"
    );
    let fonts = run("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.iter().any(|r| r.contains("NotoSans")), "{fonts}");
    assert!(
        rows.iter().any(|r| r.contains("LibertinusSerif")),
        "{fonts}"
    );
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type [encoding] emb sub uni object ID: "emb" is the fifth column from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {r}");
    }
}

#[test]
fn the_back_page_prints_the_secretariat_contacts_from_the_records() {
    let Some((_dir, pdf)) = written() else { return };
    let pages = pages_text(&pdf);
    let back = pages.last().expect("pages");
    let contact = common::dataset()
        .contact
        .as_ref()
        .expect("the dataset has the contacts");
    assert!(back.contains("Contacts"));
    assert!(back.contains(&normalize(&contact.address)), "{back}");
    for value in [&contact.phone, &contact.email, &contact.website]
        .into_iter()
        .flatten()
    {
        assert!(
            back.contains(value.as_str()),
            "{value} missing from: {back}"
        );
    }
    for (_, handle) in &contact.social {
        assert!(
            back.contains(handle.as_str()),
            "{handle} missing from: {back}"
        );
    }
}

#[test]
fn an_article_written_in_markdown_prints_its_list_quotation_and_emphasis_without_the_marks() {
    if !common::poppler() {
        return;
    }
    let mut e = q1().clone();
    e.months[0].articles[0].body = cica_digest::rich::blocks(
        "The Council *noted* three **priorities**, listed on [the site](https://www.s-cica.org/):\n\n\
         3. connectivity\n4. digitalization\n5. sustainable growth\n\n\
         > Trust is built step by step.\n\n\
         <script>alert(1)</script> stays as typed.",
    );
    let printed = cica_digest::Typesetter::new()
        .print(&e)
        .expect("the edition typesets");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("digest.pdf");
    std::fs::write(&path, &printed.pdf).expect("the PDF is written");
    let text = common::pages_text(&path).join(" ");
    for want in [
        "The Council noted three priorities, listed on the site:",
        "3. connectivity 4. digitalization 5. sustainable growth",
        "Trust is built step by step.",
        "<script>alert(1)</script> stays as typed.",
    ] {
        assert!(text.contains(want), "the PDF does not read “{want}”");
    }
    assert!(
        !text.contains("*noted*") && !text.contains("](https") && !text.contains("> Trust"),
        "no Markdown mark is printed"
    );
    let links = run("pdfinfo", &["-url"], &path);
    assert!(
        links.contains("https://www.s-cica.org/"),
        "the link is kept in the PDF: {links}"
    );
}
