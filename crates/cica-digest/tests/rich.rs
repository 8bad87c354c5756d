//! Bodies of text written in Markdown: what they print as HTML (always through the
//! sanitizer), and plain text stored so that it prints exactly as it arrived.

use chrono::NaiveDate;
use cica_digest::rich::{self, Block, Site};
use proptest::prelude::*;

fn html(markdown: &str) -> String {
    rich::html(&rich::blocks(markdown), None, None, Site::Here)
}

#[test]
fn a_body_prints_its_paragraphs_emphasis_links_lists_and_quotations() {
    let cases: &[(&str, &str)] = &[
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>\n"),
        (
            "A *stressed* and a **strong** word.",
            "<p>A <em>stressed</em> and a <strong>strong</strong> word.</p>\n",
        ),
        (
            "See [the site](https://www.s-cica.org/).",
            "<p>See <a href=\"https://www.s-cica.org/\" rel=\"noopener noreferrer\">the site</a>.</p>\n",
        ),
        (
            "Read [the news](/news/2025-03-01-x).",
            "<p>Read <a href=\"/news/2025-03-01-x\" rel=\"noopener noreferrer\">the news</a>.</p>\n",
        ),
        (
            "Write to [us](mailto:info@example.org).",
            "<p>Write to <a href=\"mailto:info@example.org\" rel=\"noopener noreferrer\">us</a>.</p>\n",
        ),
        ("- one\n- two", "<ul><li>one</li><li>two</li></ul>\n"),
        (
            "3. three\n4. four",
            "<ol start=\"3\"><li>three</li><li>four</li></ol>\n",
        ),
        (
            "- outer\n  - inner\n- last",
            "<ul><li>outer<br>\n• inner</li><li>last</li></ul>\n",
        ),
        (
            "> As agreed.",
            "<blockquote><p>As agreed.</p></blockquote>\n",
        ),
        ("# A heading", "<p><strong>A heading</strong></p>\n"),
        ("Line one  \nline two", "<p>Line one<br>\nline two</p>\n"),
        ("Use `code` here.", "<p>Use code here.</p>\n"),
        (
            "1. a\n   - x\n   - y\n2. b",
            "<ol><li>a<br>\n• x<br>\n• y</li><li>b</li></ol>\n",
        ),
        ("1. a\n2.\n3. c", "<ol><li>a</li><li></li><li>c</li></ol>\n"),
        (
            "1. First point.\n\n   Its detail.\n2. Second point.",
            "<ol><li>First point.<br>\nIts detail.</li><li>Second point.</li></ol>\n",
        ),
        (
            "Held on 26 March 2025.",
            "<p>Held on <time datetime=\"2025-03-26\">26 March 2025</time>.</p>\n",
        ),
    ];
    for (markdown, want) in cases {
        assert_eq!(&html(markdown), want, "{markdown:?}");
    }
}

#[test]
fn script_and_markup_typed_into_a_body_print_as_text_and_run_nowhere() {
    let attempts = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](//evil.example/)",
        "[x](/\\evil.example/)",
        "[x](https://a.example/\"onmouseover=\"alert(1))",
        "![x](https://a.example/x.png\" onerror=\"alert(1))",
        "<iframe src=https://evil.example></iframe>",
        "<svg onload=alert(1)>",
        "<style>body{display:none}</style>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<!-- x --><script>alert(1)</script>",
        "```\n<script>alert(1)</script>\n```",
        "<div>\n<script>alert(1)</script>\n</div>",
        "<http://a.example/\"onclick=alert(1)>",
        "[x](/&#9;/evil.example/)",
        "[x](</\t/evil.example/>)",
        "[x](/&#10;/evil.example/)",
        "[x](/&#13;/evil.example/)",
        "[x](/&#9;\\evil.example/)",
        "[x](/\\evil.example/)",
    ];
    for a in attempts {
        let out = html(a);
        if let Err(e) = only_allowed_markup(&out) {
            panic!("{a:?} gave {out:?}: {e}");
        }
    }
    // What was typed is kept as text: an editor sees their mistake rather than losing it.
    assert_eq!(
        html("<script>alert(1)</script>"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
}

#[test]
fn a_link_to_a_page_of_the_site_goes_there_from_a_feed_and_is_text_in_a_file() {
    let blocks = rich::blocks("Read [the news](/news/x) and [the site](https://a.example/).");
    assert_eq!(
        rich::html(&blocks, None, None, Site::At("https://cica.example")),
        "<p>Read <a href=\"https://cica.example/news/x\" rel=\"noopener noreferrer\">the news</a> and <a href=\"https://a.example/\" rel=\"noopener noreferrer\">the site</a>.</p>\n"
    );
    assert_eq!(
        rich::html(&blocks, None, None, Site::Nowhere),
        "<p>Read the news and <a href=\"https://a.example/\" rel=\"noopener noreferrer\">the site</a>.</p>\n"
    );
}

#[test]
fn quotes_are_curled_across_the_styles_of_a_paragraph() {
    let mut blocks = rich::blocks("\"*Helsinki*\" and *CICA*'s");
    blocks.iter_mut().for_each(Block::curl_quotes);
    assert_eq!(blocks[0].plain(), "“Helsinki” and CICA’s");
}

#[test]
fn the_dateline_opens_the_first_paragraph_or_stands_alone_before_a_list() {
    let lead = "<span class=\"dateline\">Astana</span>";
    let about = NaiveDate::from_ymd_opt(2025, 2, 14);
    assert_eq!(
        rich::html(&rich::blocks("Text."), Some(lead), about, Site::Here),
        "<p><span class=\"dateline\">Astana</span> — Text.</p>\n"
    );
    assert_eq!(
        rich::html(&rich::blocks("- a\n- b"), Some(lead), about, Site::Here),
        "<p><span class=\"dateline\">Astana</span></p>\n<ul><li>a</li><li>b</li></ul>\n"
    );
}

#[test]
fn plain_text_escaped_reads_back_as_itself_for_the_characters_markdown_reads() {
    let cases = [
        "Openness & Connectivity",
        "1. Not a list",
        "2025. A year opens the paragraph",
        "- not a bullet",
        "# not a heading",
        "> not a quote",
        "*not emphasis* and _not either_",
        "<b>not bold</b>",
        "[not](a link)",
        "&amp; stays as typed",
        "a \\ backslash",
        "===",
        "line one\n---",
        "```",
        "+7 7172 00 00 00",
        "a\r# not a heading",
        "a\r- not\r- a list",
    ];
    for text in cases {
        assert_eq!(
            rich::plain_text(&rich::escape(text)),
            normal(&text.replace('\r', "\n")),
            "{text:?}"
        );
    }
    // Nothing else is touched: a body of prose is stored as it was written.
    let prose = "The Ministers met in Astana on 4 March (the second time), agreed: \"more\".";
    assert_eq!(rich::escape(prose), prose);
}

/// Checks every element and attribute of sanitized HTML (where each `<` opens a tag and
/// each attribute value is quoted) against what a body may print.
fn only_allowed_markup(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').ok_or("a tag left open")? + at;
        let tag = &rest[at + 1..end];
        rest = &rest[end + 1..];
        let tag = tag.trim_start_matches('/');
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        if ![
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
        ]
        .contains(&name)
        {
            return Err(format!("the element <{name}>"));
        }
        while !attrs.trim().is_empty() {
            let (attr, after) = attrs
                .trim_start()
                .split_once("=\"")
                .ok_or("an unquoted attribute")?;
            let (value, after) = after.split_once('"').ok_or("an attribute left open")?;
            attrs = after;
            let ok = match (name, attr) {
                ("a", "href")
                    if value
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control() || c == '\\') =>
                {
                    false
                }
                ("a", "href") => {
                    value.starts_with("https://")
                        || value.starts_with("http://")
                        || value.starts_with("mailto:")
                        || (value.starts_with('/')
                            && !value.starts_with("//")
                            && !value.starts_with("/\\"))
                }
                ("a", "rel") => value == "noopener noreferrer",
                ("time", "datetime") | ("ol", "start") => true,
                ("span", "class") => value == "dateline",
                _ => false,
            };
            if !ok {
                return Err(format!("<{name} {attr}=\"{value}\">"));
            }
        }
    }
    Ok(())
}

/// Plain text as a reader sees it: lines of a paragraph joined, paragraphs apart.
fn normal(text: &str) -> String {
    let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.split('\n') {
        let line = line.trim_matches([' ', '\t']);
        match (line.is_empty(), paragraphs.last_mut()) {
            (true, Some(p)) if !p.is_empty() => paragraphs.push(Vec::new()),
            (false, Some(p)) => p.push(line),
            _ => {}
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn text_with_markup() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "ab09 \n\n\t\r#>-+=~*_`[]()<>&;!.\\/:|\"'é"
        .chars()
        .collect();
    proptest::collection::vec(proptest::sample::select(chars), 0..60)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn any_plain_text_escaped_prints_as_itself(text in text_with_markup()) {
        prop_assert_eq!(
            rich::plain_text(&rich::escape(&text)),
            normal(&text.replace("\r\n", "\n").replace('\r', "\n"))
        );
        let blocks = rich::blocks(&rich::escape(&text));
        let unstyled = |b: &Block| match b {
            Block::Para { spans } => spans.iter().all(|s| !s.em && !s.strong && s.link.is_none()),
            _ => false,
        };
        prop_assert!(blocks.iter().all(unstyled), "{:?}", blocks);
    }

    #[test]
    fn any_body_prints_only_the_allowed_markup(text in text_with_markup()) {
        let out = html(&text);
        prop_assert!(only_allowed_markup(&out).is_ok(), "{:?} gave {:?}", text, out);
    }

    #[test]
    fn any_text_at_all_reads_and_prints_only_the_allowed_markup(text in "\\PC{0,200}") {
        let out = html(&text);
        prop_assert!(only_allowed_markup(&out).is_ok(), "{:?} gave {:?}", text, out);
        let _ = rich::plain_text(&rich::escape(&text));
    }
}
