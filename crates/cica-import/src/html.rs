//! Saved web pages: the main text by a readability library (`dom_smoothie`, a port of the
//! reader view's Readability), the headline from the page's own markup (its `og:title`, its
//! JSON-LD `headline`, its title), the publication time from its metadata
//! (`article:published_time`, JSON-LD `datePublished`). What comes out is text in the form the
//! splitter reads: the headline, a publication line, then the paragraphs; everything after is
//! the same for every format.

/// The most elements of a page the reader looks at: a news page has a few thousand.
const MAX_ELEMENTS: usize = 60_000;

/// A web page read down to its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Headline, publication line and paragraphs, separated by blank lines.
    pub text: String,
    /// What the reader noticed (no main text found, no publication time).
    pub notes: Vec<String>,
}

/// Whether `text` is an HTML document rather than plain text: it opens (after white space and
/// comments) with a doctype or an `<html>`, `<head>` or `<body>` element, or with an XML
/// declaration of an XHTML page.
pub fn looks_like_html(text: &str) -> bool {
    let mut t = text.trim_start();
    while let Some(rest) = t.strip_prefix("<!--") {
        t = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let head = t.get(..t.len().min(15)).unwrap_or("").to_ascii_lowercase();
    let xhtml = head.starts_with("<?xml")
        && t.get(..t.len().min(1024))
            .is_some_and(|h| h.contains("<html"));
    xhtml
        || ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|p| head.starts_with(p))
}

/// Reads a saved web page. `None` when the page holds no readable text at all.
pub fn read(html: &str) -> Option<Page> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut notes = Vec::new();
    let doc = dom_query::Document::from(html);
    // A photograph's caption and credit describe the picture, not the news: kept as notes.
    for caption in doc.select("figcaption").iter() {
        let text = caption
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() {
            notes.push(format!("photo caption: {text}"));
        }
    }
    doc.select("figcaption").remove();
    // A time and a place printed together (a president's or a ministry's site: "June 15,
    // 2019, 11:30 Dushanbe"), which the reader drops as too short: kept as the text's
    // dateline, from an element marked as a place or the element holding it.
    let squeezed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let stamped_place = doc.select("[class*=place]").iter().take(5).find_map(|e| {
        let own = squeezed(&e.text());
        let parent = squeezed(&e.parent().text());
        [own, parent]
            .into_iter()
            .find(|t| t.len() <= 160 && crate::dateline::stamped_place(t).is_some())
    });
    // The reader would take the first element marked as a dateline for the page's byline and
    // remove it from the text.
    doc.select(".dateline").remove_class("dateline");
    let mut reader = dom_smoothie::Readability::with_document(doc, None, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    let title = article
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let published = article
        .published_time
        .as_deref()
        .and_then(|t| crate::published::stamp(t).map(|s| s.day));
    if published.is_none() {
        notes.push("the page's metadata gives no publication time".to_owned());
    }
    let paragraphs: Vec<String> = article
        .text_content
        .split('\n')
        .map(crate::split::squeeze)
        .filter(|p| !p.is_empty())
        // The headline printed again as the article's first line.
        .filter(|p| *p != title)
        .collect();
    if let Some(byline) = article.byline.as_deref() {
        let byline = crate::split::squeeze(byline);
        if !byline.is_empty() {
            notes.push(format!("byline: {byline}"));
        }
    }
    if paragraphs.is_empty() {
        return None;
    }
    let mut text = String::new();
    if !title.is_empty() {
        text.push_str(&title);
        text.push_str("\n\n");
    }
    if let Some(d) = published {
        text.push_str(&format!("Published: {}\n\n", d.format("%Y-%m-%d")));
    }
    if let Some(line) = stamped_place {
        text.push_str(&line);
        text.push_str("\n\n");
    }
    text.push_str(&paragraphs.join("\n\n"));
    Some(Page { text, notes })
}
