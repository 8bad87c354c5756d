//! The web edition: one HTML page (styles inline, no scripts) that works from a file as well
//! as from the portal. Its only outside files are the photographs, at `media/<name>` beside
//! the page (the command line writes them there; the portal serves their copies for screens
//! at `/media/screen/`).

use askama::Template;

use chrono::NaiveDate;
use cica_domain::PartialDate;

use crate::Edition;

/// Where the page links to, when it is served by the portal. A file written by the command
/// line has no links out.
#[derive(Debug, Clone)]
pub struct Links {
    /// The list of issues.
    pub home: Option<String>,
    /// The print edition.
    pub pdf: Option<String>,
    /// What goes before a photograph's name: `media/` for files side by side (the default),
    /// `/media/screen/` on the portal.
    pub media_base: String,
    /// A notice above the edition and the address it links to (a draft issue's preview).
    pub notice: Option<(String, String)>,
}

impl Default for Links {
    fn default() -> Self {
        Self {
            home: None,
            pdf: None,
            media_base: "media/".to_owned(),
            notice: None,
        }
    }
}

#[derive(Template)]
#[template(path = "edition.html")]
struct Page<'a> {
    e: &'a Edition,
    css: &'static str,
    home_href: Option<&'a str>,
    pdf_href: Option<&'a str>,
    media_base: &'a str,
    notice: Option<&'a (String, String)>,
    /// The middle of the quarter: a day printed without its year ("on 26–27 March") is read
    /// in the year nearest it.
    about: NaiveDate,
    /// Where a text's link to a page of the site goes: on the portal, there; in a file, nowhere
    /// (its words are printed).
    site: crate::rich::Site<'static>,
}

/// Renders the web edition.
pub fn render(edition: &Edition, links: &Links) -> String {
    let page = Page {
        e: edition,
        css: include_str!("../templates/edition.css"),
        home_href: links.home.as_deref(),
        pdf_href: links.pdf.as_deref(),
        media_base: &links.media_base,
        notice: links.notice.as_ref(),
        site: if links.home.is_some() {
            crate::rich::Site::Here
        } else {
            crate::rich::Site::Nowhere
        },
        about: {
            let span = edition.quarter.span();
            span.start() + chrono::Duration::days(span.days() / 2)
        },
    };
    // Rendering writes into a String; the template has no fallible filters.
    page.render()
        .unwrap_or_else(|e| format!("<!doctype html><p>The edition could not be rendered: {e}</p>"))
}

/// A text as a page shows it, each date in it marked up as `<time datetime>`: a date of a
/// record ([`Timed::partial`], [`Timed::day`]) or a sentence with dates in the platform's
/// human form ([`Timed::prose`]). `Display` gives the plain text; [`Timed::html`] the text
/// escaped with only the `<time>` marks added, which templates write with `|safe`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timed {
    text: String,
    marks: Vec<(std::ops::Range<usize>, String)>,
}

impl Timed {
    /// A sentence, its dates found by [`cica_domain::human_dates`].
    pub fn prose(text: impl Into<String>) -> Self {
        let text = text.into();
        let marks = cica_domain::human_dates(&text);
        Timed { text, marks }
    }

    /// A sentence of a text about `day`: [`Timed::prose`], and a day printed without its year
    /// ("on 26–27 March") marked in the year nearest `day`.
    pub fn prose_about(text: impl Into<String>, day: NaiveDate) -> Self {
        let text = text.into();
        let marks = cica_domain::human_dates_about(&text, Some(day));
        Timed { text, marks }
    }

    /// A record's date as the record words it: the dates in it found as in [`Timed::prose`],
    /// and a year it opens with ("2024 (day not known)") marked too.
    pub fn record(text: impl Into<String>) -> Self {
        let mut t = Self::prose(text);
        let opens_with_year = t.text.len() >= 4
            && t.text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && !t.text[4..].starts_with(|c: char| c.is_ascii_alphanumeric())
            && t.marks.first().is_none_or(|(r, _)| r.start >= 4);
        if opens_with_year {
            let year = t.text[..4].to_owned();
            t.marks.insert(0, (0..4, year));
        }
        t
    }

    /// A date known to the day, the month or the year, in its human form.
    pub fn partial(d: PartialDate) -> Self {
        Self::whole(d.human(), d.iso())
    }

    pub fn day(d: NaiveDate) -> Self {
        Self::partial(PartialDate::Day(d))
    }

    /// `text` standing for the date `datetime` as a whole.
    pub fn whole(text: String, datetime: String) -> Self {
        let marks = vec![(0..text.len(), datetime)];
        Timed { text, marks }
    }

    /// Plain text with no date in it.
    pub fn plain(text: impl Into<String>) -> Self {
        Timed {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// This text followed by `more`, its marks kept.
    pub fn then(mut self, more: impl Into<Timed>) -> Self {
        let more = more.into();
        let shift = self.text.len();
        self.text.push_str(&more.text);
        self.marks.extend(
            more.marks
                .into_iter()
                .map(|(r, v)| (r.start + shift..r.end + shift, v)),
        );
        self
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl From<&str> for Timed {
    fn from(text: &str) -> Self {
        Timed::plain(text)
    }
}

impl std::fmt::Display for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Timed {
    /// The text as HTML: escaped, each date in a `<time datetime>` element.
    pub fn html(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 48 * self.marks.len());
        // Writing to a String cannot fail.
        let _ = self.write_html(&mut out);
        out
    }

    fn write_html(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        use askama::filters::Escaper;
        let html = askama::filters::Html;
        let mut done = 0;
        for (at, datetime) in &self.marks {
            html.write_escaped_str(&mut *f, &self.text[done..at.start])?;
            f.write_str("<time datetime=\"")?;
            html.write_escaped_str(&mut *f, datetime)?;
            f.write_str("\">")?;
            html.write_escaped_str(&mut *f, &self.text[at.clone()])?;
            f.write_str("</time>")?;
            done = at.end;
        }
        html.write_escaped_str(&mut *f, &self.text[done..])
    }
}

/// An article's text as HTML, sanitized, its dateline opening the first paragraph.
pub fn article_body(a: &crate::Article, about: &NaiveDate, site: &crate::rich::Site<'_>) -> String {
    let lead = format!(
        "<span class=\"dateline\">{}</span>",
        Timed::prose(a.dateline.as_str()).html()
    );
    crate::rich::html(&a.body, Some(&lead), Some(*about), *site)
}

/// Template filters of the web edition.
mod filters {
    /// Marks the dates in a text of the edition (`{{ text|timed|safe }}`).
    #[askama::filter_fn]
    pub fn timed(text: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::Timed::prose(text.to_string()).html())
    }

    /// [`timed`], and a day without its year read in the year nearest `about`
    /// (`{{ text|timed_in(about)|safe }}`).
    #[askama::filter_fn]
    pub fn timed_in(
        text: impl std::fmt::Display,
        _: &dyn askama::Values,
        about: &chrono::NaiveDate,
    ) -> askama::Result<String> {
        Ok(super::Timed::prose_about(text.to_string(), *about).html())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timed_text_is_escaped_and_marks_only_its_dates() {
        let cases = [
            (
                Timed::prose("<b>Signed</b> on 4 June 2002 & “kept”"),
                "&#60;b&#62;Signed&#60;/b&#62; on <time datetime=\"2002-06-04\">4 June 2002</time> &#38; “kept”",
            ),
            (
                Timed::partial(PartialDate::Year(2011)),
                "<time datetime=\"2011\">2011</time>",
            ),
            (Timed::prose("no date here"), "no date here"),
            (
                Timed::record("2024 (day not known)"),
                "<time datetime=\"2024\">2024</time> (day not known)",
            ),
            (
                Timed::record("by 17 March 2023 (day not known)"),
                "by <time datetime=\"2023-03-17\">17 March 2023</time> (day not known)",
            ),
            (Timed::default(), ""),
        ];
        for (timed, html) in cases {
            assert!(
                !timed.to_string().contains("<time"),
                "plain text has no markup"
            );
            let shown = timed.html();
            assert_eq!(
                shown
                    .replace("&lt;", "&#60;")
                    .replace("&gt;", "&#62;")
                    .replace("&amp;", "&#38;"),
                html
            );
        }
    }
}
