//! The web edition: one self-contained HTML page (styles inline, no scripts, no images to
//! fetch) that works from a file as well as from the portal.

use askama::Template;

use crate::Edition;

/// Where the page links to, when it is served by the portal. A file written by the command
/// line has no links out.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The list of issues.
    pub home: Option<String>,
    /// The print edition.
    pub pdf: Option<String>,
}

#[derive(Template)]
#[template(path = "edition.html")]
struct Page<'a> {
    e: &'a Edition,
    css: &'static str,
    home_href: Option<&'a str>,
    pdf_href: Option<&'a str>,
}

/// Renders the web edition.
pub fn render(edition: &Edition, links: &Links) -> String {
    let page = Page {
        e: edition,
        css: include_str!("../templates/edition.css"),
        home_href: links.home.as_deref(),
        pdf_href: links.pdf.as_deref(),
    };
    // Rendering writes into a String; the template has no fallible filters.
    page.render()
        .unwrap_or_else(|e| format!("<!doctype html><p>The edition could not be rendered: {e}</p>"))
}
