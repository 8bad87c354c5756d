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

    /// Prints curly quotes ([`crate::typography::curl`]), each paragraph and list item read
    /// as a whole, so a quote that opens a styled run closes the one before it as it should.
    pub fn curl_quotes(&mut self) {
        let groups: Vec<&mut Vec<Span>> = match self {
            Block::Para { spans } | Block::Quote { spans } => vec![spans],
            Block::List { items, .. } => items.iter_mut().collect(),
        };
        for spans in groups {
            let whole: String = spans.iter().map(|s| s.text.as_str()).collect();
            // Curling changes quotes one for one: each run takes back as many characters.
            let mut curled = crate::typography::curl(&whole)
                .chars()
                .collect::<Vec<_>>()
                .into_iter();
            for s in spans.iter_mut() {
                let n = s.text.chars().count();
                s.text = curled.by_ref().take(n).collect();
            }
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
/// An address with a space, a control character or a backslash in it never is (a browser
/// drops tabs and line breaks and reads `\\` as `/`, so `/⇥/elsewhere` would leave the site).
fn linkable(address: &str) -> bool {
    if address
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let lower = address.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

/// Where a link to a page of this site (`/news/…`) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site<'a> {
    /// The page is on the site: the address as written.
    Here,
    /// The page is elsewhere (a feed reader): the address after the site's origin
    /// (`https://example.org`).
    At(&'a str),
    /// The page is a file with no site: the link's words as text.
    Nowhere,
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
    /// The lists open, outermost first: each one's start and the items begun in it.
    lists: Vec<(Option<u64>, u64)>,
    item: Vec<Span>,
    /// Whether the item's last line is a nested item's mark, its text still to come.
    marked: bool,
}

fn plain_span(text: impl Into<String>) -> Span {
    Span {
        text: text.into(),
        em: false,
        strong: false,
        link: None,
    }
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
        if !self.lists.is_empty() {
            if !self.item.is_empty() && !self.marked {
                self.item.push(plain_span("\n"));
            }
            self.marked = false;
            self.item.extend(spans);
        } else if self.quotes > 0 {
            self.out.push(Block::Quote { spans });
        } else {
            self.out.push(Block::Para { spans });
        }
    }

    /// An item of the outermost list begins (`start`) or ends: the one read so far is kept,
    /// empty or not, so the items keep their numbers.
    fn outer_item(&mut self, start: bool) {
        self.paragraph();
        let item = std::mem::take(&mut self.item);
        self.marked = false;
        if let Some((_, items)) = &mut self.list
            && (!start || !item.is_empty())
        {
            items.push(item);
        }
    }

    /// An item of a list inside an item begins: a line of the outer item, with its mark.
    fn inner_item(&mut self) {
        self.paragraph();
        let Some((start, begun)) = self.lists.last_mut() else {
            return;
        };
        let mark = match start {
            Some(n) => format!("{}. ", *n + *begun),
            None => "• ".to_owned(),
        };
        *begun += 1;
        if !self.item.is_empty() {
            self.item.push(plain_span("\n"));
        }
        self.item.push(plain_span(mark));
        self.marked = true;
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
                    self.paragraph();
                    if self.lists.is_empty() {
                        self.list = Some((start, Vec::new()));
                    }
                    self.lists.push((start, 0));
                }
                Tag::Item if self.lists.len() > 1 => self.inner_item(),
                Tag::Item => {
                    self.outer_item(true);
                }
                Tag::Emphasis => self.em += 1,
                Tag::Strong => self.strong += 1,
                Tag::Link { dest_url, .. } => self
                    .links
                    .push(linkable(&dest_url).then(|| dest_url.to_string())),
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
                    self.paragraph();
                    self.lists.pop();
                    if self.lists.is_empty()
                        && let Some((start, items)) = self.list.take()
                        && !items.is_empty()
                    {
                        self.out.push(Block::List { start, items });
                    }
                }
                TagEnd::Item if self.lists.len() > 1 => self.paragraph(),
                TagEnd::Item => self.outer_item(false),
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
    // What Markdown itself strips: spaces, tabs and line ends.
    const EDGE: [char; 3] = [' ', '\t', '\n'];
    while let Some(first) = spans.first_mut() {
        let t = first.text.trim_start_matches(EDGE);
        if t.is_empty() {
            spans.remove(0);
        } else {
            first.text = t.to_owned();
            break;
        }
    }
    while let Some(last) = spans.last_mut() {
        let t = last.text.trim_end_matches(EDGE);
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
    let markdown = markdown.replace("\r\n", "\n").replace('\r', "\n");
    for event in Parser::new_ext(&markdown, Options::empty()) {
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
/// without its year read in the year nearest `about`), links to the site's own pages as
/// `site` says, and `lead` (HTML: the dateline) opening its first paragraph, or a paragraph of
/// its own when the body opens otherwise.
pub fn html(
    blocks: &[Block],
    lead: Option<&str>,
    about: Option<NaiveDate>,
    site: Site<'_>,
) -> String {
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
                spans_html(&mut out, spans, about, site);
                out.push_str("</p>\n");
            }
            Block::Quote { spans } => {
                out.push_str("<blockquote><p>");
                spans_html(&mut out, spans, about, site);
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
                    spans_html(&mut out, item, about, site);
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

fn spans_html(out: &mut String, spans: &[Span], about: Option<NaiveDate>, site: Site<'_>) {
    use askama::filters::Escaper;
    for s in spans {
        let href = s.link.as_deref().and_then(|href| {
            if !href.starts_with('/') {
                return Some(href.to_owned());
            }
            match site {
                Site::Here => Some(href.to_owned()),
                Site::At(origin) => Some(format!("{}{href}", origin.trim_end_matches('/'))),
                Site::Nowhere => None,
            }
        });
        if let Some(href) = &href {
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
        if href.is_some() {
            out.push_str("</a>");
        }
    }
}
