//! The web edition: one HTML page (styles inline, no scripts) that works from a file as well
//! as from the portal. Its only outside files are the photographs, at `media/<name>` beside
//! the page (the command line writes them there; the portal serves them at `/media/`).

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
    /// What goes before a photograph's `media/<name>` path: empty for files side by side,
    /// `/` on the portal.
    pub media_base: String,
}

#[derive(Template)]
#[template(path = "edition.html")]
struct Page<'a> {
    e: &'a Edition,
    css: &'static str,
    home_href: Option<&'a str>,
    pdf_href: Option<&'a str>,
    media_base: &'a str,
}

/// Renders the web edition.
pub fn render(edition: &Edition, links: &Links) -> String {
    let page = Page {
        e: edition,
        css: include_str!("../templates/edition.css"),
        home_href: links.home.as_deref(),
        pdf_href: links.pdf.as_deref(),
        media_base: &links.media_base,
    };
    // Rendering writes into a String; the template has no fallible filters.
    page.render()
        .unwrap_or_else(|e| format!("<!doctype html><p>The edition could not be rendered: {e}</p>"))
}
