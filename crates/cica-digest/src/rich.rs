//! Bodies of text as editors write them: Markdown (CommonMark), read into the few things a
//! news item or a foreword prints (paragraphs, quotations, lists; emphasis, strong emphasis,
//! links) and written out again for each edition.
//!
//! Everything else CommonMark knows is kept as its text: a heading prints as a strongly
//! emphasised paragraph, code as plain text, an image as its description, and HTML typed
//! into a body as the characters typed (never as markup). A link keeps its address only when
//! it is `http(s)`, `mailto` or an address on this site (`/news/...`).
//!
//! The HTML written from a body always passes through [`ammonia`], which lets through only
//! the elements and attributes listed in [`sanitize`]: what reaches a page never depends on
//! this module's escaping alone.
//!
//! Text that arrives as plain text (an imported press release) is stored through [`escape`]
//! ([`cica_domain::markdown_escape`]),
//! so that it prints exactly as it arrived.

pub use cica_domain::markdown_escape as escape;

use std::sync::LazyLock;

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The text; a line break typed as such (two spaces or `\` at a line's end) is `\n`.
    pub text: String,
    pub em: bool,
    pub strong: bool,
    /// The address it links to.
    pub link: Option<String>,
}

/// A block of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Para {
        spans: Vec<Span>,
    },
    /// A quotation set apart (`> ...`).
    Quote {
        spans: Vec<Span>,
    },
    /// A list: numbered from `start`, or bulleted when `start` is none. A list inside a list
    /// item continues the outer list.
    List {
        start: Option<u64>,
        items: Vec<Vec<Span>>,
    },
}

impl Block {
    /// The block's text without its styles; a list's items separated by "; ".
    pub fn plain(&self) -> String {
        match self {
            Block::Para { spans } | Block::Quote { spans } => plain(spans),
            Block::List { items, .. } => items
                .iter()
                .map(|i| plain(i))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Applies `f` to every run of text.
    pub fn map_text(&mut self, f: &impl Fn(&str) -> String) {
        let spans: Vec<&mut Span> = match self {
            Block::Para { spans } | Block::Quote { spans } => spans.iter_mut().collect(),
            Block::List { items, .. } => items.iter_mut().flatten().collect(),
        };
        for s in spans {
            s.text = f(&s.text);
        }
    }
}

fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.replace('\n', " ")).collect()
}

/// A body's text without its markup, its blocks separated by a blank line.
pub fn plain_text(markdown: &str) -> String {
    blocks(markdown)
        .iter()
        .map(Block::plain)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Whether `address` may be a link's target: on the web or by mail, or a page of this site.
fn linkable(address: &str) -> bool {
    let lower = address.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\"))
}

#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    spans: Vec<Span>,
    em: u32,
    strong: u32,
    links: Vec<Option<String>>,
    quotes: u32,
    /// The outermost list being read: its start and items so far.
    list: Option<(Option<u64>, Vec<Vec<Span>>)>,
    lists: u32,
    item: Vec<Span>,
}

impl Reader {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let (em, strong) = (self.em > 0, self.strong > 0);
        let link = self.links.iter().rev().find_map(Clone::clone);
        match self.spans.last_mut() {
            Some(last) if last.em == em && last.strong == strong && last.link == link => {
                last.text.push_str(text);
            }
            _ => self.spans.push(Span {
                text: text.to_owned(),
                em,
                strong,
                link,
            }),
        }
    }

    /// Ends a paragraph (or what stands for one): into the list item, the quotation or the
    /// body, as it is read.
    fn paragraph(&mut self) {
        let mut spans = std::mem::take(&mut self.spans);
        trim(&mut spans);
        if spans.is_empty() {
            return;
        }
        if self.lists > 0 {
            if !self.item.is_empty() {
                self.item.push(Span {
                    text: "\n".into(),
                    em: false,
                    strong: false,
                    link: None,
                });
            }
            self.item.extend(spans);
        } else if self.quotes > 0 {
            self.out.push(Block::Quote { spans });
        } else {
            self.out.push(Block::Para { spans });
        }
    }

    fn item(&mut self) {
        self.paragraph();
        let item = std::mem::take(&mut self.item);
        if let Some((_, items)) = &mut self.list
            && !item.is_empty()
        {
            items.push(item);
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { .. } => {
                    self.paragraph();
                    self.strong += 1;
                }
                Tag::BlockQuote(_) => {
                    self.paragraph();
                    self.quotes += 1;
                }
                Tag::List(start) => {
                    if self.lists == 0 {
                        self.paragraph();
                        self.list = Some((start, Vec::new()));
                    } else {
                        // A list inside an item: the item so far is one, its items follow.
                        self.item();
                    }
                    self.lists += 1;
                }
                Tag::Item => self.item(),
                Tag::Emphasis => self.em += 1,
                Tag::Strong => self.strong += 1,
                Tag::Link { dest_url, .. } => self
                    .links
                    .push(linkable(&dest_url).then(|| dest_url.trim().to_owned())),
                Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => self.paragraph(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    self.paragraph();
                    self.strong = self.strong.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => {
                    self.paragraph();
                    self.quotes = self.quotes.saturating_sub(1);
                }
                TagEnd::List(_) => {
                    self.item();
                    self.lists = self.lists.saturating_sub(1);
                    if self.lists == 0
                        && let Some((start, items)) = self.list.take()
                        && !items.is_empty()
                    {
                        self.out.push(Block::List { start, items });
                    }
                }
                TagEnd::Item => self.item(),
                TagEnd::Emphasis => self.em = self.em.saturating_sub(1),
                TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
                TagEnd::Link => {
                    self.links.pop();
                }
                TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.paragraph(),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                self.text(&t)
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            _ => {}
        }
    }
}

/// Drops the line breaks and spaces a block's text opens or ends with (a code block's last
/// line break, an HTML block's).
fn trim(spans: &mut Vec<Span>) {
    while let Some(first) = spans.first_mut() {
        let t = first.text.trim_start();
        if t.is_empty() {
            spans.remove(0);
        } else {
            first.text = t.to_owned();
            break;
        }
    }
    while let Some(last) = spans.last_mut() {
        let t = last.text.trim_end();
        if t.is_empty() {
            spans.pop();
        } else {
            last.text = t.to_owned();
            break;
        }
    }
}

/// Reads a body written in Markdown.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut r = Reader::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        r.event(event);
    }
    r.paragraph();
    r.out
}

/// The sanitizer every body's HTML passes through: paragraphs, quotations, lists, emphasis,
/// links (web, mail and this site's addresses), line breaks, dates as `<time datetime>` and
/// the dateline's `<span class="dateline">`; nothing else.
fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags([
            "p",
            "blockquote",
            "ul",
            "ol",
            "li",
            "em",
            "strong",
            "a",
            "br",
            "time",
            "span",
        ])
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("ol", ["start"])
        .add_allowed_classes("span", ["dateline"])
        .add_url_schemes(["http", "https", "mailto"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"));
        b
    });
    CLEANER.clean(html).to_string()
}

/// A body as HTML, sanitized: each date in its text marked as `<time datetime>` (a day
/// without its year read in the year nearest `about`), and `lead` (HTML: the dateline) opening
/// its first paragraph, or a paragraph of its own when the body opens otherwise.
pub fn html(blocks: &[Block], lead: Option<&str>, about: Option<NaiveDate>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut lead = lead;
    if let Some(l) = lead
        && !matches!(blocks.first(), Some(Block::Para { .. }))
    {
        let _ = writeln!(out, "<p>{l}</p>");
        lead = None;
    }
    for block in blocks {
        match block {
            Block::Para { spans } => {
                out.push_str("<p>");
                if let Some(l) = lead.take() {
                    out.push_str(l);
                    out.push_str(" — ");
                }
                spans_html(&mut out, spans, about);
                out.push_str("</p>\n");
            }
            Block::Quote { spans } => {
                out.push_str("<blockquote><p>");
                spans_html(&mut out, spans, about);
                out.push_str("</p></blockquote>\n");
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>"),
                    Some(n) => {
                        let _ = write!(out, "<ol start=\"{n}\">");
                    }
                    None => out.push_str("<ul>"),
                }
                for item in items {
                    out.push_str("<li>");
                    spans_html(&mut out, item, about);
                    out.push_str("</li>");
                }
                out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
        }
    }
    sanitize(&out)
}

fn spans_html(out: &mut String, spans: &[Span], about: Option<NaiveDate>) {
    use askama::filters::Escaper;
    for s in spans {
        if let Some(href) = &s.link {
            out.push_str("<a href=\"");
            let _ = askama::filters::Html.write_escaped_str(&mut *out, href);
            out.push_str("\">");
        }
        if s.strong {
            out.push_str("<strong>");
        }
        if s.em {
            out.push_str("<em>");
        }
        let timed = match about {
            Some(day) => crate::html::Timed::prose_about(s.text.as_str(), day),
            None => crate::html::Timed::prose(s.text.as_str()),
        };
        out.push_str(&timed.html().replace('\n', "<br>\n"));
        if s.em {
            out.push_str("</em>");
        }
        if s.strong {
            out.push_str("</strong>");
        }
        if s.link.is_some() {
            out.push_str("</a>");
        }
    }
}
