//! Splitting text into items: a whole digest (cover, contents, foreword, articles, activities,
//! flash briefing) or one or more press releases.
//!
//! Text extracted from a printed PDF carries noise. The splitter:
//! - takes an article's headline from the block before its dateline;
//! - drops what is not content: advertisements (short lines without sentence punctuation,
//!   slogans, web addresses, hashtags), pull quotes and photo captions printed in capitals,
//!   captions that are only a date and a place, month headers, the back page's contact block;
//! - re-joins paragraphs broken by a page break in the middle of a sentence;
//! - keeps a paragraph printed twice only once.
//!
//! Every such decision is reported, so an editor can check it.

use chrono::Datelike;
use std::sync::LazyLock;

use regex::Regex;

use crate::dateline::{self, Dateline};

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Article,
    Brief,
    Foreword,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Article => "article",
            Self::Brief => "brief",
            Self::Foreword => "foreword",
        }
    }
}

/// One item found in the text, before entities are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem {
    pub kind: ItemKind,
    /// The headline as printed (articles); a title made from the first sentence (briefs);
    /// `Foreword` for the foreword.
    pub title: String,
    /// Whether `title` was made up from the text rather than printed.
    pub title_inferred: bool,
    pub dateline: Option<Dateline>,
    /// The body, paragraph by paragraph, the dateline removed.
    pub paragraphs: Vec<String>,
    pub spotlight: bool,
    pub activities: bool,
    /// For a foreword: who signed it, and their title.
    pub author: Option<String>,
    pub author_title: Option<String>,
    /// What the splitter inferred or repaired in this item.
    pub notes: Vec<String>,
    /// For an item printed without a dateline: the day a publication or timestamp line
    /// printed with it gives.
    pub published: Option<crate::published::Stamp>,
}

/// What the splitter set aside as not content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub reason: &'static str,
    pub text: String,
}

/// The result of splitting a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    pub items: Vec<RawItem>,
    pub dropped: Vec<Dropped>,
    /// Headlines on the cover, when the text is a digest.
    pub cover: Vec<String>,
    /// The year used for datelines printed without one.
    pub year_hint: Option<i32>,
    /// The day given for items that print none.
    pub date_hint: Option<chrono::NaiveDate>,
    pub notes: Vec<String>,
}

/// A block of text between blank lines, with the number of blank lines before it.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    gap: usize,
    /// What furniture the block is, found once (the splitter asks many times).
    furn: std::sync::OnceLock<Option<&'static str>>,
}

impl Block {
    fn new(text: String, gap: usize) -> Self {
        Self {
            text,
            gap,
            furn: std::sync::OnceLock::new(),
        }
    }

    /// [`furniture`] of the block's text.
    fn furniture(&self) -> Option<&'static str> {
        *self.furn.get_or_init(|| furniture(&self.text))
    }
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut gap = 0usize;
    let mut blank_run = 0usize;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Block::new(current.join("\n"), gap));
                current.clear();
            }
            blank_run += 1;
        } else {
            if current.is_empty() {
                gap = blank_run;
                blank_run = 0;
            }
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(Block::new(current.join("\n"), gap));
    }
    for b in &mut out {
        if b.text.contains("**") {
            b.text = b.text.replace("**", "").trim().to_owned();
        }
    }
    out.retain(|b| !b.text.is_empty());
    out
}

const MONTH_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_month_header(t: &str) -> bool {
    let t = t.trim();
    t.len() <= 9 && MONTH_NAMES.iter().any(|m| m.eq_ignore_ascii_case(t))
}

/// The labels a digest sets over its sections, in any case.
const SECTION_LABELS: &[&str] = &[
    "spotlight",
    "in the spotlight",
    "the lead story",
    "lead story",
    "cica activities",
    "calendar",
    // A news site's sections over a story.
    "international",
    "world",
    "world news",
    "politics",
    "diplomacy",
    "asia",
    "asia pacific",
    "asia-pacific",
    "region",
    "national",
    "news",
    "top news",
    "latest news",
    "business",
    "economy",
    "society",
    "opinion",
    "analysis",
    "foreign policy",
    "press release",
    "press releases",
    // A translation's label over a delegation's or a ministry's text.
    "(unofficial translation)",
    "unofficial translation",
    "(translation)",
    "translation",
    "(unofficial)",
];

/// One word in capitals with no sentence, or a known label: a section's label ("SPOTLIGHT",
/// "Spotlight · The lead story"). A short headline in capitals ("CICA TURNS 30") is none.
fn is_section_label(t: &str) -> bool {
    let t = t.trim();
    // The longest label, two of them joined, is far shorter; a paragraph is never one.
    if t.len() > 120 {
        return false;
    }
    // The labels are ASCII without a `k` (the one letter a character beyond ASCII, the Kelvin
    // sign, lowers to): compared in ASCII's case, as a lower-cased copy would compare.
    if t.split(['·', '|']).all(|part| {
        let part = part.trim();
        SECTION_LABELS
            .iter()
            .any(|l| l.len() == part.len() && l.eq_ignore_ascii_case(part))
    }) {
        return true;
    }
    // One word (the letters below make it at least one).
    t.split_whitespace().nth(1).is_none()
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && !t.chars().any(char::is_lowercase)
        && !t.ends_with(['.', '!', '?'])
}

/// Mostly capitals: a pull quote, a photo caption, a cover line.
fn is_capitals(t: &str) -> bool {
    const LOOK: usize = 600;
    let (mut letters, mut upper) = (0usize, 0usize);
    // The first 600 letters tell: a block in capitals is set so throughout. More letters in
    // lower case than 15% of all the letters the block can hold settles it early, as in every
    // paragraph of ordinary text (a letter takes at least a byte).
    let most = LOOK.min(t.len());
    for c in t.chars().filter(|c| c.is_alphabetic()).take(LOOK) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
        if (letters - upper) * 100 > most * 15 {
            return false;
        }
    }
    letters >= 12 && upper * 100 >= letters * 85
}

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:www\.)?[a-z0-9\-]+\.(?:travel|com|org|net|az|kz|ru|cn|info|gov)(?:/\S*)?$")
        .expect("valid regex")
});
/// A caption that ends with its credit in brackets, agency and photographer: `(Zarhua/A. Name)`,
/// after the sentence it closes. Read by hand: a pattern with bounded repeats of any letter
/// is large, and every block ending in a bracket was tried against it.
fn is_credited_caption(t: &str) -> bool {
    static CREDIT_PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\p{L}[\p{L}.\- ]*$").expect("valid regex"));
    let Some(inner) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let (before, inner) = (&inner[..open], &inner[open + 1..]);
    let Some((agency, author)) = inner.split_once('/') else {
        return false;
    };
    // A letter, then from one to `most` letters, full stops, hyphens and spaces.
    let part = |p: &str, most: usize| {
        CREDIT_PART.is_match(p) && (2..=most + 1).contains(&p.trim_start().chars().count())
    };
    before.trim_end().ends_with(['.', '!', '?']) && part(agency, 30) && part(author, 40)
}
/// A line closed by its photograph's credit in brackets: "Delegates at the meeting (Photo:
/// ZNA)", "(Photo by A. Name)".
fn photo_credited(t: &str) -> bool {
    let Some(inner) = t.trim_end().strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = inner[open + 1..].trim_start().to_lowercase();
    // Not an agency's mark of what a story holds: "… meeting (PHOTO/VIDEO)".
    !t.contains('\n')
        && open > 0
        && !credit.contains("video")
        && ([
            "photo:",
            "photo by ",
            "photo/",
            "photo credit",
            "photos:",
            "file photo",
        ]
        .iter()
        .any(|p| credit.starts_with(p))
            // A credit of one word after the caption's sentence: "… in Astana. (Supplied)".
            || (matches!(credit.trim(), "supplied" | "file" | "handout")
                && inner[..open].trim_end().ends_with(['.', '!', '?'])))
}

/// A line wholly in one pair of brackets, as syndicators and wires print their credits and
/// corrections over a text: "(Zarnet- Zar News Agency (ZNA))", "(Corrects the day of the
/// meeting in paragraph 3)". At most 30 words, no sentence closed inside; a headline's tag
/// ("(LEAD) Ministers meet") leaves the bracket early.
fn is_bracketed_note(t: &str) -> bool {
    let t = t.trim();
    if t.contains('\n') || !t.starts_with('(') || !t.ends_with(')') || t.len() > 4 * 300 {
        return false;
    }
    // The bracket that opens the line closes only at its end.
    let mut depth = 0usize;
    for (k, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && k + 1 < t.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    // A sentence in brackets is the text's: "(The full text is on the Secretariat's site.)".
    let inner = t[1..t.len() - 1].trim_end();
    depth == 0 && t.split_whitespace().count() <= 30 && !inner.ends_with(['.', '!', '?'])
}

/// A gallery's count of its pictures over a caption: "1 / 2", "3/14".
fn is_gallery_count(t: &str) -> bool {
    let n = |x: &str| {
        let x = x.trim();
        ((1..=3).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit()))
            .then(|| x.parse::<u16>().ok())
            .flatten()
    };
    // The picture's number is at most the count ("24/7" is no gallery's).
    t.len() <= 9
        && t.split_once('/')
            .is_some_and(|(a, b)| n(a).zip(n(b)).is_some_and(|(a, b)| 0 < a && a <= b))
}

/// A caption of one line closed by its photograph's credit with no bracket: "Delegates at the
/// meeting in Orken. Photo credit: ZNA", "The President speaks at the summit in Orken Photo:
/// Office of the President", "… on Thursday. — Photo courtesy Zar Foreign Office". The credit
/// names someone (capitalised, at most ten words, closing no sentence); before it stand a
/// sentence or eight words or more, at most 35: not a headline with a photo in it ("Summit
/// ends with a family photo: leaders pledge unity").
fn trailing_credit(t: &str) -> bool {
    const LABELS: &[&str] = &[
        " photo:",
        " photo credit:",
        " photo courtesy",
        " photograph:",
        " photos:",
    ];
    // Every block is asked: the word is looked for before anything is lowered.
    // Every block is asked: the word, as "Photo" or "PHOTO" prints it, is looked for first.
    if t.len() > 4 * 300 || !(t.contains("hoto") || t.contains("HOTO")) || t.contains('\n') {
        return false;
    }
    // Lowered in ASCII only, so that every byte stays where it was.
    let lower = t.to_ascii_lowercase();
    LABELS
        .iter()
        .filter_map(|l| lower.rfind(l).map(|k| (k, k + l.len())))
        .max()
        .is_some_and(|(k, end)| {
            let (before, credit) = (t[..k].trim_end(), t[end..].trim());
            let words = before.split_whitespace().count();
            let credit = credit.strip_prefix("of ").unwrap_or(credit);
            (4..=35).contains(&words)
                && (words >= 8 || before.ends_with(['.', '!', '?', '\u{2014}', '\u{2013}', '-']))
                && (1..=10).contains(&credit.split_whitespace().count())
                && credit.starts_with(char::is_uppercase)
                && !credit.ends_with(['.', '!', '?'])
        })
}
static CAPTION_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4},\s+[A-Z][\p{L}\- ]+$").expect("valid regex")
});

fn ends_sentence(t: &str) -> bool {
    let mut t = t.trim_end();
    // A bracket closes a sentence if what stands before it does: "… (Astana, 28 August
    // 2024)" closes a headline, "… met (in Astana)." or "… said. (Photo: VNA)" a sentence.
    while let Some(inner) = t.strip_suffix(')') {
        match inner.rfind('(') {
            Some(k) => t = inner[..k].trim_end(),
            None => return true,
        }
    }
    // An agency's closing code after the last sentence: "… later this week. ZNA/AB".
    if let Some((before, code)) = t.rsplit_once(' ')
        && CLOSING_CODE.is_match(code)
        && before.trim_end().ends_with(['.', '!', '?'])
    {
        return true;
    }
    t.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\''])
}

/// Advertising and other furniture: short lines, no sentence anywhere, and a slogan's marks
/// (a line in lower case, a web address, a hashtag).
fn is_advert(t: &str) -> bool {
    // At most four lines of at most 45 characters (bytes are at most four times that).
    if t.len() > 4 * (45 * 4 + 1) {
        return false;
    }
    // Most blocks are longer: asked first, the rest is not looked for.
    let short = t.lines().nth(4).is_none() && t.lines().all(|l| l.trim().chars().count() <= 45);
    if !short {
        return false;
    }
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    let no_sentence = !t.contains(['.', '!', '?', ','])
        || lines
            .iter()
            .all(|l| DOMAIN.is_match(l) || l.starts_with('#'));
    // A slogan opens in lower case; a headline wrapped over two lines opens in capitals and
    // only goes on in lower case.
    let marks = lines
        .iter()
        .any(|l| l.starts_with('#') || DOMAIN.is_match(l))
        || lines
            .first()
            .and_then(|l| l.chars().next())
            .is_some_and(char::is_lowercase);
    no_sentence && marks
}

/// Why a block is not content, if it is not.
fn furniture(t: &str) -> Option<&'static str> {
    if is_month_header(t) {
        Some("month header")
    } else if t.starts_with(|c: char| c.is_ascii_uppercase()) && is_mail_header(t) {
        Some("e-mail header")
    } else if is_mail_disclaimer(t) {
        Some("e-mail disclaimer")
    } else if is_reference_number(t) {
        Some("reference number")
    } else if is_capitals(t) {
        Some("text in capitals (pull quote, caption or cover line)")
    } else if is_section_label(t) {
        Some("section label")
    } else if t.len() <= 400 && (is_credited_caption(t) || photo_credited(t)) || trailing_credit(t)
    {
        Some("photo caption (with its credit)")
    } else if is_gallery_count(t) {
        Some("gallery count")
    } else if is_bracketed_note(t) {
        Some("note in brackets (a credit or a correction)")
    } else if t.starts_with(|c: char| c.is_ascii_digit()) && CAPTION_DATE.is_match(t) {
        Some("photo caption (date and place only)")
    } else if is_advert(t) {
        Some("advertisement")
    } else if publication_year(t).is_some() || crate::published::stamp_loose(t).is_some() {
        // A day whose order is ambiguous ("6/9/2010 4:12:00 PM") still stamps the text.
        Some("publication line")
    } else if t.contains('\n') && related_in_block(t) {
        // A heading of related stories over the list of their headlines, under a page's tags
        // or its author's name at most.
        Some("related stories")
    } else {
        // A few lines round a time ("13 Oct 2022, 12:05" over "Updated …", an agency over
        // it) unless the block is other furniture first (a byline over its time).
        web_furniture(t).or_else(|| crate::published::stamp_block(t).map(|_| "publication line"))
    }
}

/// How long a page says its text takes to read: "Reading Time: 5 mins", "Zar Desk October 12,
/// 2022 3 min read" (a line in lower case of at most ten words that opens or ends so).
fn reading_time(lower: &str) -> bool {
    static READ: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^reading time:?\s*\d{1,3}\s*(?:min|mins|minutes?)\.?$|\b\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read$")
            .expect("valid regex")
    });
    lower.contains("read") && lower.split_whitespace().count() <= 10 && READ.is_match(lower.trim())
}

/// A day over a text with its count of comments, as a blog prints it: "October 3, 2023 by Zar
/// 0 Comments" (at most ten words, a year among them).
fn dated_comment_count(lower: &str) -> bool {
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:19|20)\d{2}\b.*\b\d{1,6} comments?$").expect("valid regex")
    });
    lower.trim_end().ends_with(['t', 's'])
        && lower.contains("comment")
        && lower.split_whitespace().count() <= 10
        && COUNT.is_match(lower.trim())
}

/// A prompt to follow a site on a network: "Follow Zar News on Telegram", "Follow us on X".
fn follow_on(lower: &str) -> bool {
    const NETWORKS: &[&str] = &[
        "telegram",
        "x",
        "twitter",
        "facebook",
        "instagram",
        "whatsapp",
        "youtube",
        "linkedin",
        "threads",
        "google news",
    ];
    let lower = lower.trim_end_matches(['.', '!', ' ']);
    lower.starts_with("follow ")
        && lower.split_whitespace().count() <= 8
        && lower.rsplit_once(" on ").is_some_and(|(_, network)| {
            network
                .split([',', '&', '/'])
                .flat_map(|n| n.split(" and "))
                .all(|n| NETWORKS.contains(&n.trim()))
        })
}

/// How a monitoring service introduces the report it translates.
const MONITORING_NOTE: &[&str] = &[
    "text of report by ",
    "excerpt from report by ",
    "excerpts from report by ",
    "summary of report by ",
    "text of statement by ",
    "text of editorial by ",
    "text of commentary by ",
    "text of interview by ",
    "text of press release by ",
];

/// What a page copied from the web puts around a text: why `t` is such furniture, if it is.
/// Only short blocks are taken; a paragraph of text never is.
fn web_furniture(t: &str) -> Option<&'static str> {
    let t = t.trim();
    if t.len() > 4 * 160 || t.chars().count() > 160 {
        return None;
    }
    // ASCII, as most blocks are, is lowered byte by byte.
    let lower = if t.is_ascii() {
        t.to_ascii_lowercase()
    } else {
        t.to_lowercase()
    };
    let opens = |words: &[&str]| {
        words.iter().any(|w| {
            lower.strip_prefix(w).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with([' ', ':', '.', '›', '»', '|', '→', '-'])
            })
        })
    };
    if RELATED.contains(&lower.trim_end_matches([':', '.']))
        || opens(&[
            "read also",
            "also read",
            "read more:",
            "see also",
            "related:",
        ])
    {
        Some("related stories")
    } else if lower == "read more"
        || is_share_row(&lower)
        // A prompt, not a sentence of the text ("Stay tuned for more news from the summit,
        // which continues on Tuesday.").
        || (opens(&[
            "follow the author",
            "stay up-to-date",
            "stay up to date",
            "stay tuned",
        ]) && !t.trim_end().ends_with('.'))
        || follow_on(&lower)
        || opens(&[
            "share",
            "follow us",
            "subscribe",
            "sign up",
            "join our",
            "download our app",
            "print",
            "back | print",
            "send to a friend",
        ])
    {
        Some("share or subscription prompt")
    } else if opens(&["tags", "tagged", "topics"]) && t.contains(':') {
        Some("tag list")
    } else if opens(&[
        "photo",
        "illustration",
        "photo credit",
        "photos",
        "image",
        "images",
        "picture",
        "credit",
    ]) && !ends_sentence(t)
        || lower.starts_with("photo:")
    {
        Some("photo credit")
    } else if reading_time(&lower) {
        Some("reading time")
    } else if dated_comment_count(&lower) {
        Some("day and comment count")
    } else if opens(&["rate this", "skip to main content", "skip to content"]) {
        Some("page furniture")
    } else if BYLINE.is_match(t)
        // An editor's or a reporter's credit: "Editor: zarhua", "Reported by A. Writer".
        || (opens(&["editor:", "editors:", "reporter:", "reported by", "edited by", "writer:"])
            && t.split_whitespace().count() <= 6)
        // A desk's or a correspondent's credit alone: "Special Correspondent", "Zar News Desk".
        || (t.split_whitespace().next_back().is_some_and(|w| {
            matches!(
                w,
                "Correspondent"
                    | "Reporter"
                    | "Reporters"
                    | "Desk"
                    | "Staff"
                    | "Writer"
                    | "Editor"
                    | "Columnist"
                    | "Contributor"
            )
        }) && t.split_whitespace().count() <= 4
            && t.split_whitespace().all(|w| w.starts_with(char::is_uppercase)))
        // A writer's name with a link to their other stories: "A. Writer Read more", on one
        // line or two.
        || lower.strip_suffix("read more").and_then(|name| name.strip_suffix([' ', '\n'])).is_some_and(|name| {
            (2..=4).contains(&name.split_whitespace().count())
                && t.split_whitespace()
                    .take(name.split_whitespace().count())
                    .all(|w| w.starts_with(char::is_uppercase))
        })
    {
        Some("byline")
    } else if lower.contains("cookie")
        && (lower.contains("we use") || lower.contains("accept") || lower.contains("this site"))
    {
        Some("cookie notice")
    } else if lower.starts_with('©')
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved")
        || lower.contains("with a hyperlink")
        || lower.contains("if there is a hyperlink")
    {
        Some("copyright line")
    } else if MONITORING_NOTE.iter().any(|n| lower.starts_with(n))
        && !t.ends_with(['.', '!', '?'])
        && t.split_whitespace().count() <= 16
        // An outlet after "by": "Text of report by Zar news agency", not "Text of statement by
        // the Secretary General at …" (a headline).
        && [
            "agency", "news", "tv", "television", "radio", "newspaper", "website", "channel",
            "daily", "service",
        ]
        .iter()
        .any(|o| lower.split_whitespace().any(|w| w == *o))
    {
        // A monitoring service's line over the report it translates: "Text of report by
        // Zar news agency".
        Some("monitoring service's note")
    } else if opens(&["source"])
        && t.contains(':')
        && (t.chars().count() <= 60 || crate::published::monitored(t))
    {
        Some("source line")
    } else if is_breadcrumb(t, &lower) || is_menu(t) {
        Some("navigation")
    } else if CLOSING_CODE.is_match(t) || lower == "end item" || lower == "./." || lower == "(end)"
    {
        Some("agency's closing code")
    } else if FURNITURE_LINE.is_match(&lower) {
        Some("page furniture")
    } else if t.lines().all(|l| {
        DATABASE_FIELD
            .find(l)
            .is_some_and(|m| !is_sentence(&l[m.end()..]))
    }) {
        Some("press database field")
    } else if RELEASE_NUMBER.is_match(t) {
        Some("release number")
    } else {
        None
    }
}

/// A site's path down to the page: "Home > Press > Releases", "Zarland › Politics", and from
/// its home page with slashes, on a line of its own ("Home / Media about us").
fn is_breadcrumb(t: &str, lower: &str) -> bool {
    t.contains(" > ")
        || t.contains(" › ")
        || t.contains(" » ")
        || (!t.contains('\n')
            && lower
                .strip_prefix("home")
                .is_some_and(|r| r.trim_start().starts_with(['/', '|', '→', '>'])))
}

/// A row of sharing buttons: "Facebook  Twitter  LinkedIn  Telegram  Email" (in lower case).
fn is_share_row(lower: &str) -> bool {
    const NETWORKS: &[&str] = &[
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "telegram",
        "email",
        "e-mail",
        "whatsapp",
        "vk",
        "ok",
        "print",
        "share",
        "copy",
        "link",
        "instagram",
        "youtube",
        "reddit",
        "pinterest",
        "viber",
        "wechat",
        "weibo",
        "messenger",
        "tiktok",
        "threads",
        // A page's tools beside them.
        "comments",
        "mail",
        "large",
        "medium",
        "small",
    ];
    // Word by word: the first that is no network's settles it. A count after a tool's name
    // is none of it: "Comments(3)", "Comments()".
    let mut words = 0;
    lower
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | ','))
        .filter(|w| !w.is_empty())
        .all(|w| {
            words += 1;
            let w = w
                .strip_suffix(')')
                .and_then(|w| w.split_once('('))
                .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
                .map_or(w, |(name, _)| name);
            NETWORKS.contains(&w)
        })
        && words >= 2
}

/// A site's menu copied as a line of links between bars, or as lines of a few words, half of them or more in lower case as its
/// links print them ("twitter", "youtube", "night_theme", "search", "WHAT ARE YOU LOOKING FOR
/// ?").
fn is_menu(t: &str) -> bool {
    // Each form below needs bars, sections two spaces apart, or six lines.
    if !t.contains('|') && !t.contains("  ") && t.lines().nth(5).is_none() {
        return false;
    }
    // A line of links between bars: "News | Zarland | Central Asia | World | Economy".
    let bars = |l: &str| {
        l.matches('|').count() >= 3
            && l.split('|')
                .all(|p| (1..=3).contains(&p.split_whitespace().count()))
    };
    // A name round it in capitalised words, no headline ("Leaders meet"): the site's name, its
    // languages.
    let name = |l: &str| {
        l.split_whitespace().filter(|w| *w != "|").count() <= 3
            && l.split_whitespace()
                .all(|w| !w.starts_with(char::is_lowercase))
    };
    if t.lines().any(bars) && t.lines().all(|l| bars(l) || name(l)) {
        return true;
    }
    // Or one line of three sections or more between bars, each capitalised, without figures:
    // "Press Releases | Photo Gallery | Archive".
    if !t.contains('\n') && t.matches('|').count() >= 2 {
        let section = |p: &str| {
            (1..=3).contains(&p.split_whitespace().count())
                && p.split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase() || c == '&'))
                && !p.contains(|c: char| c.is_ascii_digit())
        };
        if t.split('|').map(str::trim).all(section) {
            return true;
        }
    }
    // Or of sections set apart by two spaces or more, one of them of two words: "Zarland  Other
    // News  Top Stories" (a headline copied with its words two spaces apart has one each); a
    // mark beside a section is no word of it ("Regions ▾").
    let parts: Vec<&str> = t
        .trim()
        .split("  ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if !t.contains('\n')
        && parts.len() >= 3
        && parts.iter().any(|p| p.split_whitespace().count() == 2)
        && parts.iter().all(|p| {
            p.split_whitespace().count() <= 2
                && p.split_whitespace().all(|w| {
                    w.starts_with(char::is_uppercase) || !w.contains(char::is_alphanumeric)
                })
        })
    {
        return true;
    }
    // Or lines of links, most of a word or two, half or more in lower case, none closing a
    // sentence or opening a list ("The priorities are:").
    let lines = t.lines().count();
    lines >= 6
        && t.lines().all(|l| {
            l.split_whitespace().count() <= 6 && !l.trim_end().ends_with(['.', ':', ';', ','])
        })
        && t.lines()
            .filter(|l| l.split_whitespace().count() <= 2)
            .count()
            * 3
            >= lines * 2
        && t.lines()
            .filter(|l| l.starts_with(char::is_lowercase))
            .count()
            * 2
            >= lines
}

/// Headings of the lists of other stories that follow a text on a news site.
/// A heading of related stories alone ("Read also", "Related news:"), not a story named after
/// it.
/// Whether a block of lines holds a heading of related stories with lines under it, with
/// only a few short lines above it (tags, an author's name, a section's label).
fn related_in_block(t: &str) -> bool {
    let lines: Vec<&str> = t.lines().take(5).collect();
    lines
        .iter()
        .position(|l| is_related_heading(l))
        .is_some_and(|k| {
            // "Latest" over one line is a badge over a headline; over a list, its heading.
            let under = if lines[k].trim().eq_ignore_ascii_case("latest") {
                2
            } else {
                1
            };
            k + under < t.lines().count()
                && lines[..k].iter().all(|l| {
                    let l = l.trim();
                    l.split_whitespace().count() <= 12 && !ends_sentence(l)
                })
        })
}

fn is_related_heading(line: &str) -> bool {
    line.len() <= 40
        && (RELATED.contains(
            &line
                .trim()
                .trim_end_matches([':', '.'])
                .to_lowercase()
                .as_str(),
        )
            // "Read more:" heads a list; "Read more" alone is a link in the text.
            || line.trim().eq_ignore_ascii_case("read more:"))
}

const RELATED: &[&str] = &[
    "related",
    "related news",
    "related stories",
    "related articles",
    "read also",
    "also read",
    "see also",
    "latest",
    "latest news",
    "more news",
    "more on this topic",
    "most read",
    "most popular",
    "currently reading",
    "you may also like",
    "recommended",
    "related posts",
    "related topics",
    "related content",
    "related links",
    "other news",
    "other news in section",
    "other news in this section",
    "more stories",
    "more from this section",
    "top stories",
    "trending",
    "trending now",
    "editor's picks",
    "also in the news",
    "relevant news",
    "similar news",
    "news on the topic",
    "related reading",
    "read next",
    "recent stories",
    "most recent",
    "most recent stories",
    "recent news",
    "latest stories",
    "latest articles",
    "recent posts",
    "you might also like",
    "more from the section",
    "most popular stories",
    "most read stories",
    "новости по теме",
    "читайте также",
    // "Related reading", "related news" on Chinese sites.
    "相关阅读",
    "相关新闻",
];

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Author:|Written by)\s+[A-Z][\p{L}.'\-]+(?:\s+[A-Z][\p{L}.'\-]+){0,3}(?:\s*[,|]\s*[\p{L} ]{1,40})?$")
        .expect("valid regex")
});
/// An agency's sign-off: `RHM/en`, `TNP/SS`, `AGN/Name/Editor`, `-VNA`.
static CLOSING_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-[A-Z]{2,6}|[A-Z]{2,5}(?:/[A-Za-z.]{1,20}){1,3})$").expect("valid regex")
});
/// A release's number on a line of its own: "Press Release No. 286/2019", "PR No. 100",
/// "News Number: G/47/2017".
static RELEASE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:press\s+release|news\s+release|pr|release|news)\s*(?:no\.?|number|#)\s*:?\s*(?:[a-z]{1,3}[/.\-]?)?[0-9][\w/.\-]*$")
        .expect("valid regex")
});

/// A field of a press database's record, in capitals: "LENGTH: 301 words", "LOAD-DATE: …",
/// "DATELINE: ORKEN, June 17" (the text's own dateline follows under "BODY:").
static DATABASE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:BODY|BYLINE|DATELINE|DOCUMENT-TYPE|GRAPHIC|LANGUAGE|LENGTH|LOAD-DATE|PUBLICATION-TYPE|SECTION|SOURCE):")
        .expect("valid regex")
});

static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d+\s+min(?:ute)?s?\s+read|\d+\s+views?|\d+\s+(?:minutes?|hours?|days?)\s+ago|advertisement|a\+\s*a-|print version|print|back|date)$")
        .expect("valid regex")
});

/// Three lines or more, each another story's headline: capitalised (a list of points opens
/// its lines with marks), of four to twenty words, none a sentence.
fn headlines_list(t: &str) -> bool {
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    lines.len() >= 3
        && lines.iter().all(|l| {
            let words = l.split_whitespace().count();
            l.starts_with(char::is_uppercase) && (4..=20).contains(&words) && !ends_sentence(l)
        })
}

/// Could this block be a headline: one line, or a headline wrapped over two or three short
/// lines; not a sentence, not too long.
fn headline_like(t: &str) -> bool {
    let lines = t.lines().count();
    (lines == 1 || (lines <= 3 && t.lines().all(|l| l.chars().count() <= 150)))
        && t.chars().count() <= 220
        && !t.trim_end().ends_with('.')
        // A quotation that ends a sentence inside its marks is no headline; a short question
        // is one ("What is the Conference?").
        && {
            let end = t.trim_end();
            let inner = end.trim_end_matches(['”', '"', '’', '\'', '»']);
            !inner.ends_with(['.', '!', '?'])
                || (inner.len() == end.len()
                    && end.ends_with('?')
                    && t.split_whitespace().count() <= 12)
        }
        // A tag in brackets may open it: "(LEAD) Ministers meet".
        && t.trim_start_matches(['“', '"', '‘', '\'', '«'])
            .trim_start_matches(['(', '['])
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Paragraphs set apart by a single line break instead of a blank line: a block whose every
/// line is a whole sentence of six words or more is that many paragraphs (text wrapped at a
/// width seldom ends every line with a sentence). A closing line of furniture ("Source:
/// Agency", "Read also:") after a line that ends a sentence is cut off its paragraph first.
/// Where a dateline starts right after a photograph's credit in brackets, with no space.
fn glued_caption(t: &str) -> Option<usize> {
    // A caption is short: looked for in the opening of a block's first few lines only.
    let mut from = 0;
    for line in t.split_inclusive('\n').take(8) {
        // The credit names a photograph: a line without the word has none (looked for in
        // bytes before the line's opening is measured in characters).
        if !line.contains("Photo") {
            from += line.len();
            continue;
        }
        let head = &line[..line.char_indices().nth(400).map_or(line.len(), |(i, _)| i)];
        let found = head.match_indices(")").find_map(|(k, _)| {
            let at = k + 1;
            let credit = head[..at].rfind('(').map(|o| &head[o..at])?;
            (credit.contains("Photo")
                && head[at..].starts_with(|c: char| c.is_uppercase())
                && dateline::parse(&line[at..], None)
                    .is_some_and(|d| dateline::known_place(&d.place_as_written)))
            .then_some(from + at)
        });
        if found.is_some() {
            return found;
        }
        from += line.len();
    }
    None
}

/// Where a dated dateline with its agency starts on the headline's own line, as a feed's copy
/// runs them together: "Delegation attends the meeting in Orken Orken, Dec. 7 / ZNA /. A
/// delegation …". Looked for in the opening of a block's first few lines only.
fn run_on_dateline(t: &str) -> Option<usize> {
    let mut from = 0;
    for line in t.split_inclusive('\n').take(4) {
        // The agency stands after a slash or a bracket: a line without either has none
        // (looked for in bytes before the line's opening is measured in characters).
        if !line.bytes().any(|b| b == b'/' || b == b'(') {
            from += line.len();
            continue;
        }
        let head = &line[..line.char_indices().nth(300).map_or(line.len(), |(i, _)| i)];
        if head.contains(['/', '(']) {
            let found = head.match_indices(", ").find_map(|(k, _)| {
                // A day after the comma: a month named or a figure.
                let next = head[k + 2..].split([' ', '.', ',']).next().unwrap_or("");
                if !(next.starts_with(|c: char| c.is_ascii_digit())
                    || dateline::month(next).is_some())
                {
                    return None;
                }
                // The place: the last one to three words before the comma.
                let words: Vec<(usize, &str)> = head[..k]
                    .split(' ')
                    .scan(0, |at, w| {
                        let start = *at;
                        *at += w.len() + 1;
                        Some((start, w))
                    })
                    .collect();
                (1..=3.min(words.len().saturating_sub(3)))
                    .rev()
                    .find_map(|n| {
                        let at = words[words.len() - n].0;
                        // The words up to the comma must be a place this module knows, as
                        // the dateline read below must name them: asked first, as most such
                        // words are not one and reading a dateline costs far more.
                        if !dateline::known_place(&head[at..k]) {
                            return None;
                        }
                        let title = head[..at].trim_end();
                        let d = dateline::parse(&line[at..], None)?;
                        (d.place_as_written == head[at..k]
                            && (d.start.is_some() || d.year_missing)
                            && d.agency.is_some()
                            // The text runs on after it: a caption's place and day end
                            // their line ("… of Orken, Zarland, Sept. 3, 2023. (ZNA)").
                            && line[at + d.body_start..].split_whitespace().nth(5).is_some()
                            // A sentence: "… datelined Orken, May 2 (ZNA) said …" quotes one.
                            && line[at + d.body_start..]
                                .trim_start()
                                .starts_with(char::is_uppercase)
                            && !ends_sentence(title)
                            && title.split_whitespace().nth(2).is_some())
                        .then_some(at)
                    })
            });
            if let Some(at) = found {
                return Some(from + at);
            }
        }
        from += line.len();
    }
    None
}

/// Where an agency's dated sign-off starts after a sentence in the same paragraph.
fn run_on_sign_off(t: &str) -> Option<usize> {
    let at = t.rfind(" ///")? + 1;
    let before = t[..at].trim_end();
    (before.ends_with(['.', '!', '?', '"', '”', ')'])
        && before.len() > 1
        && crate::published::stamp(&t[at..]).is_some())
    .then_some(at)
}

/// Each block cut by [`cut_block`], in order; the blocks shared among the machine's cores
/// when `parallel`.
fn cut_paragraphs(blocks: Vec<Block>, parallel: bool) -> Vec<Block> {
    each(parallel, blocks, |b| {
        let mut out = Vec::new();
        cut_block(b, &mut out);
        out
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `f` over each of `items`, in order: shared among the importer's threads when `parallel`
/// (a long text), on the calling thread otherwise.
fn each<T: Send, U: Send>(parallel: bool, items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    if parallel {
        crate::analyze::in_parallel_owned(items, f)
    } else {
        items.into_iter().map(f).collect()
    }
}

/// The length of text from which a pass over its blocks is shared among the machine's cores
/// (on a digest's few hundred blocks a thread costs more than it saves).
const PARALLEL_FROM: usize = 256 * 1024;

/// One block, cut where a caption, a headline or a sign-off runs into it, or where its lines
/// are paragraphs of their own, onto `out`.
fn cut_block(b: Block, out: &mut Vec<Block>) {
    // A photograph's caption run into the dateline, as some agencies' pages copy:
    // "… at the meeting (Photo: ZNA)Orken (ZNA) – The …".
    let b = match glued_caption(&b.text) {
        Some(at) => {
            let (before, caption) = b.text[..at]
                .rsplit_once('\n')
                .map_or(("", &b.text[..at]), |(x, y)| (x, y));
            let mut gap = b.gap;
            if !before.trim().is_empty() {
                out.push(Block::new(before.to_owned(), gap));
                gap = 0;
            }
            let caption = Block::new(caption.to_owned(), gap);
            let _ = caption.furn.set(Some("photo caption (with its credit)"));
            out.push(caption);
            Block::new(b.text[at..].to_owned(), 0)
        }
        None => b,
    };
    // A feed's headline run into the dateline: the headline, then the text.
    if let Some(at) = run_on_dateline(&b.text) {
        out.push(Block::new(b.text[..at].trim_end().to_owned(), b.gap));
        out.push(Block::new(b.text[at..].to_owned(), 0));
        return;
    }
    // An agency's sign-off run on after the last sentence: "… in the autumn. /// Zar,
    // 3 March 2025 (…)".
    if let Some(at) = run_on_sign_off(&b.text) {
        out.push(Block::new(b.text[..at].trim_end().to_owned(), b.gap));
        out.push(Block::new(b.text[at..].to_owned(), 0));
        return;
    }
    if !b.text.contains('\n') {
        out.push(b);
        return;
    }
    let mut lines: Vec<&str> = b.text.lines().collect();
    // A line that can stand as a paragraph: a sentence of six words or more, opening
    // with no lower-case letter and closing with a full stop, a question or an
    // exclamation (a bracket or a colon at a line's end is no paragraph's end).
    let whole = |l: &str| {
        is_sentence(l)
            && !l.starts_with(char::is_lowercase)
            && l.trim_end()
                .trim_end_matches(['"', '”', '’', '\''])
                .ends_with(['.', '!', '?'])
    };
    // So may a heading of related stories under a headline: "Leaders meet" over "Read also".
    let closing = match lines.as_slice() {
        [.., before, last]
            if !last.starts_with(char::is_lowercase)
                && let whole_before = whole(before)
                && (whole_before || (lines.len() == 2 && headline_like(before)))
                && match web_furniture(last) {
                    Some("related stories") => true,
                    Some(_) => whole_before,
                    None => false,
                } =>
        {
            Some((*last).to_owned())
        }
        _ => None,
    };
    if closing.is_some() {
        lines.pop();
    }
    // A line far longer than any wrapping leaves, itself a whole paragraph: the block
    // is a page copied with one line break between its elements (headline, place,
    // time, paragraphs), every line a block of its own.
    // Not a hard-wrapped paragraph with one long line in it: wrapped lines run on into the
    // next, in lower case or over two or more lines of a wrapping's length.
    let wrapped = |l: &str| {
        (50..=140).contains(&l.chars().count())
            && !l.trim_end().ends_with(['.', '!', '?', '"', '”', ':', ')'])
    };
    let copied = lines
        .iter()
        .any(|l| l.len() > 140 && l.chars().count() > 140 && whole(l))
        // (The first line is the headline's.)
        && !lines[1..].windows(2).any(|w| {
            wrapped(w[0]) && (w[1].starts_with(char::is_lowercase) || wrapped(w[1]))
        });
    let paragraphs = lines.len() > 1 && (copied || lines.iter().all(|l| whole(l)));
    if paragraphs {
        let mut k = 0;
        while k < lines.len() {
            let gap = if k == 0 { b.gap } else { 0 };
            // A place alone on its line stays over the paragraph it opens.
            let place = lines[k].trim().trim_end_matches(':').trim_end();
            if copied && k + 1 < lines.len() && dateline::known_place(place) && whole(lines[k + 1])
            {
                out.push(Block::new(format!("{}\n{}", lines[k], lines[k + 1]), gap));
                k += 2;
                continue;
            }
            out.push(Block::new(lines[k].to_owned(), gap));
            k += 1;
        }
    } else if closing.is_some() {
        out.push(Block::new(lines.join("\n"), b.gap));
    }
    match closing {
        Some(c) => out.push(Block::new(c, 0)),
        None if !paragraphs => out.push(b),
        None => {}
    }
}

/// A block that opens with a headline and has the dateline on a later line, with no blank
/// line between ("Headline\nAstana, 3 June 2024 – Text"): cut into the two blocks it would
/// be with one.
fn cut_headlines(blocks: Vec<Block>, parallel: bool) -> Vec<Block> {
    // What each block's own lines say, read from the block alone (for a long text on the
    // machine's cores): the blocks cut off its top, and how the rest is cut under its
    // headline. Then, in order, a place set apart is joined to the text it stands over.
    let own = |b: Block| {
        let (top, b) = cut_top(b);
        let under = cut_under_headline(&b);
        (top, b, under)
    };
    let read = each(parallel, blocks, own);
    let mut out: Vec<Block> = Vec::with_capacity(read.len());
    for (top, b, under) in read {
        out.extend(top);
        // A place alone on the last line of the headline's block, over the text ("Leaders
        // meet\nORKEN", then the first paragraph): set apart, and joined below.
        // The line over the place is a headline in ordinary case, not a list of places nor a
        // line running on into it ("… SUMMIT IN" over "ORKEN").
        if let Some(prev) = out.last_mut()
            && let Some((head, place)) = prev.text.trim_end().rsplit_once('\n')
            && place.trim().chars().count() <= 30
            && !place.chars().any(char::is_lowercase)
            && dateline::known_place(place.trim())
            && is_sentence(&b.text)
            && head.lines().next_back().is_some_and(|l| {
                let l = l.trim();
                l.chars().any(char::is_lowercase)
                    && !l.ends_with([':', ','])
                    && !l.split_whitespace().next_back().is_some_and(|w| {
                        matches!(
                            w.to_lowercase().as_str(),
                            "in" | "of" | "at" | "to" | "for" | "from" | "and" | "the"
                        )
                    })
            })
            && headline_like(head)
            && dateline::parse(&b.text, None).is_none()
        {
            let place = place.trim().to_owned();
            prev.text = head.to_owned();
            out.push(Block::new(format!("{place}\n{}", b.text), 0));
            continue;
        }
        // A place alone on a line above the text, set apart by a blank line ("ASTANA", then
        // the first paragraph): joined to the paragraph it stands over, as its dateline.
        if let Some(prev) = out.last()
            && !prev.text.contains('\n')
            && prev.text.chars().count() <= 30
            && !prev.text.chars().any(char::is_lowercase)
            && is_sentence(&b.text)
            && dateline::parse(&format!("{}\n{}", prev.text, b.text), None)
                .is_some_and(|d| d.start.is_none() && d.place_as_written == prev.text.trim())
        {
            if let Some(place) = out.pop() {
                out.push(Block::new(format!("{}\n{}", place.text, b.text), place.gap));
            }
            continue;
        }
        match under {
            Some(cut) => out.extend(cut),
            None => out.push(b),
        }
    }
    out
}

/// The lines at the top of a block that are blocks of their own (a timestamp, a site's chrome,
/// a press database's field), cut off it: those blocks, and what is left of it.
fn cut_top(mut b: Block) -> (Vec<Block>, Block) {
    let mut out = Vec::new();
    // A timestamp on a line of a block of other lines ("28.08.2024, 19:02" over the
    // headline or a caption, a headline over its time, a site's ID and link lines round
    // it): a block of its own, the lines before and after it blocks of theirs. Not an
    // update ("Last modified: …" heads a page's footer); below the first line, a time or
    // a label with it, or a headline and its day alone ("Orken" over "21 February 2013"
    // signs a text off; "Politics" over "• 2 December, 2025" over "• 11:44" is one
    // stamp).
    if b.text.contains('\n') && crate::published::stamp_block(&b.text).is_none() {
        let lines: Vec<&str> = b.text.lines().collect();
        // "Venue: Orken": a label and its value, as an event's details print them.
        let label_value = |l: &str| {
            l.split_once(':').is_some_and(|(key, value)| {
                let key = key.trim();
                !key.is_empty()
                    && key.split_whitespace().count() <= 2
                    && key.chars().all(|c| c.is_alphabetic() || c == ' ')
                    && value.starts_with(char::is_whitespace)
                    && !value.trim().is_empty()
            })
        };
        let head = &lines[..lines.len().min(8)];
        let stamped = |k: usize| {
            let l = lines[k];
            crate::published::stamp_loose(l).is_some_and(|s| !s.updated)
                && (k == 0
                    // A byline over the time, closing the block: "By A. Writer" over
                    // "October 12, 2022", under a headline and its standfirst.
                    || (k + 1 == lines.len() && BYLINE.is_match(lines[k - 1].trim()))
                    // Over the time, a headline, labels or a site's lines, no sentence of
                    // text;
                    // a bare "Date:" not among an event's details ("Event: …", "Venue:
                    // …"), which date the event, not the text ("Date created:" among a
                    // picture's details dates it).
                    || (l.contains(':')
                        || lines.len() == 2
                            && headline_like(lines[0])
                            // A place over its day is a dateline: "Orken" over "14 April
                            // 2016".
                            && !dateline::known_place(lines[0].trim()))
                        && !lines[..k].iter().any(|p| is_sentence(p) && !p.contains(':'))
                        && !(l.trim_start().to_lowercase().starts_with("date:")
                            && head
                                .iter()
                                .enumerate()
                                .any(|(j, p)| j != k && label_value(p))))
        };
        // Only among a block's first eight lines: further down it is a text, not a header.
        if let Some(k) = (0..head.len()).find(|&k| stamped(k))
            && (k > 0 || lines[k + 1..].iter().any(|l| !l.trim().is_empty()))
        {
            // A label over the time stays with it ("A. Writer" over "7 September 2022,
            // 18:02").
            let labelled =
                k > 0 && crate::published::stamp_block(&lines[..=k].join("\n")).is_some();
            let from = if labelled { 0 } else { k };
            let mut gap = b.gap;
            if from > 0 {
                out.push(Block::new(lines[..from].join("\n"), gap));
                gap = 0;
            }
            let stamp = lines[from..=k].join("\n");
            if lines[k + 1..].iter().any(|l| !l.trim().is_empty()) {
                out.push(Block::new(stamp, gap));
                b = Block::new(lines[k + 1..].join("\n"), 0);
            } else {
                b = Block::new(stamp, gap);
            }
        }
    }
    // Lines of a site's chrome over a headline with no blank line between them ("ID :",
    // "Shortlink :", an address, then the headline): a block of their own.
    let chrome = |l: &str| {
        let l = l.trim();
        l.ends_with(':') || l.starts_with("http") || l.chars().all(|c| c.is_ascii_digit())
    };
    if b.text.contains('\n') {
        let lines: Vec<&str> = b.text.lines().collect();
        // Among the first twelve lines: the short lines before the first long one, a
        // chrome line among them.
        let top = lines.len().min(12);
        let short = lines[..top]
            .iter()
            .position(|l| l.split_whitespace().nth(4).is_some())
            .unwrap_or(top);
        let first_chrome = lines[..short].iter().position(|l| chrome(l));
        let j = first_chrome.and_then(|c| {
            ((c + 1).max(2)..=short.min(lines.len() - 1))
                .rev()
                .find(|&j| {
                    let head = lines[j];
                    head.starts_with(char::is_uppercase)
                        && head.split_whitespace().nth(3).is_some()
                        && headline_like(head)
                })
        });
        if let Some(j) = j {
            out.push(Block::new(lines[..j].join("\n"), b.gap));
            b = Block::new(lines[j..].join("\n"), 0);
        }
    }
    // A press database's fields: "HEADLINE: …" is the headline; a field's label alone on
    // the first line ("BODY:") stands apart from what follows it.
    if let Some(h) = b.text.strip_prefix("HEADLINE:") {
        b = Block::new(h.trim().to_owned(), b.gap);
    }
    if let Some((first, rest)) = b.text.split_once('\n')
        && DATABASE_FIELD
            .find(first)
            .is_some_and(|m| first[m.end()..].trim().is_empty())
    {
        let rest = rest.to_owned();
        out.push(Block::new(first.to_owned(), b.gap));
        b = Block::new(rest, 0);
    }
    (out, b)
}

/// A block that opens with a headline over its dateline, or with a headline its section and
/// day run into, cut into the blocks it would be with blank lines between them; `None` when
/// it is no such block.
fn cut_under_headline(b: &Block) -> Option<Vec<Block>> {
    // A block of one line has no headline above a dateline.
    if !b.text.contains('\n') {
        return None;
    }
    let lines: Vec<&str> = b.text.lines().collect();
    // A headline with its section and day run in, under lines of a page's chrome with no
    // blank line between ("Search" over "Zarland 17/05/2023 Ministers meet", its title
    // perhaps printed again under it): the headline a block of its own.
    let titled = without_repeated_title(b.text.trim_end()).lines().count();
    if titled > 1 && section_day_title(lines[titled - 1].trim()).is_some() {
        return Some(vec![
            Block::new(lines[..titled - 1].join("\n"), b.gap),
            Block::new(lines[titled - 1..].join("\n"), 0),
        ]);
    }
    let at = (1..lines.len().min(4)).find(|&k| {
        let head = lines[..k].join("\n");
        // A timestamp line above the dateline, as wire copy prints it, is cut off too,
        // with the byline or the agency printed beside it.
        let stamped = crate::published::stamp_block(&head).is_some();
        // A byline over the dateline, under the headline.
        let bylined = k >= 2
            && BYLINE.is_match(lines[k - 1].trim())
            && headline_like(&lines[..k - 1].join("\n"));
        (stamped || bylined || headline_like(&head))
            && dateline::parse(lines[k], None).is_some()
            && (stamped || bylined || furniture(&head).is_none_or(|_| is_capitals(&head)))
    });
    match at {
        // A headline over a byline over the dateline: three blocks.
        Some(k) if k >= 2 && BYLINE.is_match(lines[k - 1].trim()) => Some(vec![
            Block::new(lines[..k - 1].join("\n"), b.gap),
            Block::new(lines[k - 1].to_owned(), 0),
            Block::new(lines[k..].join("\n"), 0),
        ]),
        // A headline over a time line over the dateline: three blocks.
        Some(k)
            if k >= 2
                && crate::published::stamp(lines[k - 1]).is_some()
                && crate::published::stamp_block(&lines[..k].join("\n")).is_none() =>
        {
            Some(vec![
                Block::new(lines[..k - 1].join("\n"), b.gap),
                Block::new(lines[k - 1].to_owned(), 0),
                Block::new(lines[k..].join("\n"), 0),
            ])
        }
        Some(k) => Some(vec![
            Block::new(lines[..k].join("\n"), b.gap),
            Block::new(lines[k..].join("\n"), 0),
        ]),
        None => None,
    }
}

/// The words of a text, lower-cased, apostrophes unified, each separated by one space: for
/// comparing titles and paragraphs printed slightly differently.
fn key(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    key_chars(t, |c| out.push(c));
    out
}

/// Gives each character of [`key`]`(t)` to `sink`, in order, without building the key. ASCII
/// is told apart byte by byte; only characters beyond it are decoded.
fn key_chars(t: &str, mut sink: impl FnMut(char)) {
    let (bytes, mut i) = (t.as_bytes(), 0);
    let (mut gap, mut started) = (false, false);
    while i < bytes.len() {
        let b = bytes[i];
        // Whether the character is a letter, a figure or an apostrophe: an ASCII byte is told
        // by itself.
        let (c, in_word) = if b < 0x80 {
            i += 1;
            (char::from(b), b.is_ascii_alphanumeric() || b == b'\'')
        } else {
            let c = t[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            let c = if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            };
            (c, c.is_alphanumeric() || c == '\'')
        };
        if in_word {
            if gap && started {
                sink(' ');
            }
            gap = false;
            started = true;
            if c.is_ascii() {
                sink(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut sink);
            }
        } else {
            gap = true;
        }
    }
}

/// A set of words.
type Words = rustc_hash::FxHashSet<String>;

/// The set of words of a title.
fn word_set(t: &str) -> Words {
    key(t)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// How alike two titles are: shared words over all words.
fn likeness(a: &Words, b: &Words) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

/// The table of contents of a digest.
#[derive(Debug, Default)]
struct Contents {
    spotlight: Vec<String>,
    listed: Vec<String>,
    activities: bool,
    flash: bool,
    /// The titles listed after the flash briefing (a calendar, back matter).
    after_flash: Vec<String>,
    /// The titles listed under a "CICA Activities" heading.
    activity_titles: Vec<String>,
    /// The contents' group headings, in lower case ("cica activities", "calendar").
    sections: rustc_hash::FxHashSet<String>,
}

static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?P<page>\d{1,3})\s+(?P<title>\S.*)$").expect("valid regex"));

fn contents(blocks: &[Block]) -> Contents {
    let mut toc = Contents::default();
    let (mut in_spotlight, mut in_activities) = (false, false);
    for b in blocks {
        let t = b.text.trim();
        let lower = t.to_lowercase();
        if lower == "in the spotlight" {
            in_spotlight = true;
            continue;
        }
        // A group of the contents headed "CICA Activities" lists the activities.
        if lower == "cica activities" {
            toc.activities = true;
            in_activities = true;
            toc.sections.insert(lower);
            continue;
        }
        // A contents list on a web page prints its titles without page numbers: a title is
        // then a headline of more than four words; shorter lines are group headings.
        let unnumbered = (t.split_whitespace().count() > 4 && headline_like(t)).then_some(t);
        let numbered = TOC_ENTRY
            .captures(t)
            .map(|c| c.name("title").map_or("", |m| m.as_str()));
        let entry = if is_month_header(t) {
            None
        } else {
            numbered.or(unnumbered)
        };
        let Some(title) = entry else {
            in_spotlight = false;
            in_activities = false;
            if lower.contains("flash briefing") {
                toc.flash = true;
            }
            if t.split_whitespace().count() <= 4 {
                toc.sections.insert(lower);
            }
            continue;
        };
        {
            let title = title.trim().to_owned();
            let tl = title.to_lowercase();
            if tl.contains("cica activities") {
                toc.activities = true;
            } else if tl.contains("flash briefing") {
                toc.flash = true;
            } else if toc.flash {
                toc.after_flash.push(title);
            } else if in_activities {
                toc.activity_titles.push(title);
            } else {
                if in_spotlight {
                    toc.spotlight.push(title.clone());
                }
                toc.listed.push(title);
            }
        }
    }
    toc
}

/// Joins paragraphs broken mid-sentence and drops repeats; reports what it did.
fn mend(paragraphs: Vec<String>, notes: &mut Vec<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    for p in paragraphs {
        // A salutation ("Dear readers,") stands on its own.
        match joined.last_mut() {
            Some(prev) if !ends_sentence(prev) && !is_salutation(prev) => {
                notes.push(format!(
                    "joined a paragraph broken after “…{}”",
                    tail(prev, 40)
                ));
                prev.push(' ');
                prev.push_str(&p);
            }
            _ => joined.push(p),
        }
    }
    // Paragraphs by the hash of their key; the keys themselves are compared only when two
    // hashes meet.
    let mut seen: rustc_hash::FxHashMap<u64, Vec<usize>> = rustc_hash::FxHashMap::default();
    let mut out: Vec<String> = Vec::new();
    for p in joined {
        let hash = key_hash(&p);
        let twice = seen
            .get(&hash)
            .is_some_and(|at| at.iter().any(|&k| key(&out[k]) == key(&p)));
        if twice {
            notes.push(format!(
                "kept once a paragraph printed twice: “{}…”",
                head(&p, 60)
            ));
            continue;
        }
        seen.entry(hash).or_default().push(out.len());
        out.push(if is_squeezed(&p) { p } else { squeeze(&p) });
    }
    out
}

/// Whether `t` is its words separated by single spaces already. Whole-text searches, each
/// quick: no space at either end, no two together, no other white space (looked for beyond
/// ASCII only in a text that has characters beyond it).
fn is_squeezed(t: &str) -> bool {
    let bytes = t.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') || t.contains("  ") {
        return false;
    }
    // Tab, line feed, vertical tab, form feed, carriage return: 9 to 13.
    let ascii_space = bytes
        .iter()
        .fold(false, |any, &b| any | (b.wrapping_sub(9) < 5));
    !ascii_space && (t.is_ascii() || !t.chars().any(|c| c != ' ' && c.is_whitespace()))
}

/// The words of `t` separated by single spaces.
pub(crate) fn squeeze(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    // Runs of text between spaces are copied whole; ASCII is told apart byte by byte.
    let (bytes, mut i, mut word) = (t.as_bytes(), 0, None);
    while i < bytes.len() {
        let (space, len) = match bytes[i] {
            b if b < 0x80 => (char::from(b).is_whitespace(), 1),
            _ => t[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        match (space, word) {
            (false, None) => word = Some(i),
            (true, Some(w)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t[w..i]);
                word = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(w) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t[w..]);
    }
    out
}

/// A hash of the bytes of [`key`]`(t)`, computed without building the key: its characters
/// are gathered in a small buffer and hashed a buffer at a time.
fn key_hash(t: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut buf = [0u8; 64];
    let mut n = 0;
    key_chars(t, |c| {
        if n + 4 > buf.len() {
            h.write(&buf[..n]);
            n = 0;
        }
        if c.is_ascii() {
            buf[n] = c as u8;
            n += 1;
        } else {
            n += c.encode_utf8(&mut buf[n..]).len();
        }
    });
    h.write(&buf[..n]);
    h.finish()
}

fn head(t: &str, n: usize) -> String {
    t.chars().take(n).collect()
}

/// The last `n` characters of `t`: found from its end, so that the cost does not grow with
/// `t` (a paragraph joined line by line grows long).
fn tail(t: &str, n: usize) -> String {
    let from = t
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    t[from..].to_owned()
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "H.E", "Amb", "Jr", "Sr", "Gen", "Col", "Rev",
    "e.g", "i.e", "etc", "vs",
];

/// The first sentence of a text: up to a full stop, exclamation or question mark followed by a
/// space, except after an abbreviation or an initial.
pub(crate) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut from = 0;
    // The marks are ASCII, so byte offsets are character boundaries.
    while let Some(k) = bytes[from..]
        .iter()
        .position(|b| matches!(b, b'.' | b'!' | b'?'))
    {
        let i = from + k;
        from = i + 1;
        let next_is_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
            || text[i + 1..].starts_with(char::is_whitespace);
        if !next_is_space {
            continue;
        }
        if bytes[i] == b'.' {
            let word = text[..i]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("");
            let mut chars = word.chars();
            let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
            if initial || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        return &text[..=i];
    }
    text
}

/// A title for an item printed without one: its first sentence, cut at a word boundary.
fn title_from(text: &str) -> String {
    let first = first_sentence(text).trim();
    let first = first.trim_end_matches(['.', '!', '?']);
    if first.chars().count() <= 110 {
        return first.to_owned();
    }
    let cut: String = first.chars().take(110).collect();
    format!(
        "{}…",
        cut.rsplit_once(' ')
            .map_or(cut.as_str(), |(a, _)| a)
            .trim_end_matches([',', ';', ':'])
    )
}

/// Where the flash briefing starts, after the last article's dateline at `after`: just after
/// a "Flash Briefing" heading if one is printed; otherwise at the block after the widest gap
/// of blank lines before a block that begins a new sentence after a finished one, if that gap
/// is wider than every other such gap after the dateline: the layout leaves more space before
/// a new section than between paragraphs (a page break mid-sentence, which leaves a wide gap
/// too, is no such block). Returns (first flash block, first block not in the last article).
fn flash_start(blocks: &[Block], after: usize) -> Option<(usize, usize)> {
    if let Some(h) = (after + 1..blocks.len())
        .find(|&j| blocks[j].text.trim().eq_ignore_ascii_case("flash briefing"))
    {
        return Some((h + 1, h));
    }
    // Blocks that could open a section: a new sentence after a finished one.
    let content: Vec<usize> = (after + 1..blocks.len())
        .filter(|&j| blocks[j].furniture().is_none())
        .collect();
    let candidates: Vec<usize> = content
        .iter()
        .enumerate()
        .filter(|&(pos, &j)| {
            let prev = pos.checked_sub(1).map_or(blocks[after].text.as_str(), |p| {
                blocks[content[p]].text.as_str()
            });
            blocks[j]
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && ends_sentence(prev)
        })
        .map(|(_, &j)| j)
        .collect();
    let widest = candidates.iter().map(|&j| blocks[j].gap).max()?;
    let mut at = candidates.iter().filter(|&&j| blocks[j].gap == widest);
    let j = *at.next()?;
    (widest >= 2 && at.next().is_none()).then_some((j, j))
}

/// How a publication line opens: "Published: 28 March 2025", "Issued on 1 June 2023".
const PUBLISHED: &[&str] = &[
    "published",
    "publication date",
    "date of publication",
    "issued",
    "released",
];

/// A year from 1990 to 2199 standing as a word.
fn year_in(t: &str) -> Option<i32> {
    let mut years = years(t);
    let y = years.next()?;
    years.next().is_none().then_some(y)
}

/// The years from 1990 to 2199 standing as words in `t`, in order.
fn years(t: &str) -> impl Iterator<Item = i32> + '_ {
    t.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (1990..=2199).contains(y))
}

/// A salutation ("Dear readers,", "Honorable Chair,"): a few words closed by a comma, told
/// by its first five words (a paragraph joined line by line grows long).
fn is_salutation(t: &str) -> bool {
    t.trim_end().ends_with(',') && t.split_whitespace().nth(4).is_none()
}

/// A date with its year, anywhere in a text: "on 12-13 October 2022", "October 9, 2023",
/// "2014-11-05".
static DATE_WITH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s+(?P<m1>{m}),?\s+|(?P<m2>{m})\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)(?P<y>(?:19|20)\d{{2}})|(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))\b",
        m = crate::dateline::MONTH_RE
    ))
    .expect("valid regex")
});

/// The year `t` prints with the day `d` of month `m` (or with a range of days holding it),
/// unless the words around it look back ("the anniversary of", "since").
fn year_of_the_day(t: &str, m: u32, d: u32) -> Option<i32> {
    let num = |c: &regex::Captures<'_>, n: &str| c.name(n)?.as_str().parse::<u32>().ok();
    DATE_WITH_YEAR.captures_iter(t).find_map(|c| {
        let (month, first, last, year) = if let Some(y) = c.name("iy") {
            let (mm, dd) = (num(&c, "im")?, num(&c, "id")?);
            (mm, dd, dd, y)
        } else {
            let month = c
                .name("m1")
                .or_else(|| c.name("m2"))
                .and_then(|w| dateline::month(w.as_str()))?;
            let first = num(&c, "d1").or_else(|| num(&c, "d3"))?;
            (month, first, num(&c, "d2").unwrap_or(first), c.name("y")?)
        };
        // The words within 80 bytes before the date and 120 after it, cut at characters.
        let at = c.get(0)?.start();
        let boundary = |k: usize| (0..=k.min(t.len())).rev().find(|&k| t.is_char_boundary(k));
        let around = t[boundary(at.saturating_sub(80))?..boundary(at + 120)?].to_lowercase();
        let looks_back = ["anniversar", "since", "founded", "established"]
            .iter()
            .any(|w| around.contains(w));
        (month == m && (first..=last).contains(&d) && !looks_back)
            .then(|| year.as_str().parse().ok())
            .flatten()
    })
}

/// The year of a line such as "Published: 12 May 2024" printed with a release: one short
/// line, a publication word, an optional "on" or colon, then the date.
fn publication_year(t: &str) -> Option<i32> {
    let t = t.trim();
    if t.len() > 90 || t.contains('\n') {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let rest = PUBLISHED.iter().find_map(|w| lower.strip_prefix(w))?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("on ").unwrap_or(rest);
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
    let opens_date = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic());
    if !opens_date {
        return None;
    }
    year_in(rest)
}

/// The year of a digest's cover line such as "Q1 2025", "Issue 1, 2025" or "January – March
/// 2025": a short line of a year and words about the issue only.
fn cover_year(t: &str) -> Option<i32> {
    const WORDS: &[&str] = &[
        "q1", "q2", "q3", "q4", "issue", "no", "number", "quarter", "vol", "volume", "1st", "2nd",
        "3rd", "4th", "first", "second", "third", "fourth",
    ];
    if t.contains('\n') || t.chars().count() > 40 {
        return None;
    }
    let y = year_in(t)?;
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let l = w.to_lowercase();
            WORDS.contains(&l.as_str())
                || MONTH_NAMES.contains(&l.as_str())
                || (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
                || w.parse::<i32>().ok() == Some(y)
        })
        .then_some(y)
}

/// Splits `text` into items. `year_hint` gives the year for datelines printed without one;
/// without it, the most common year among the other datelines is used.
pub fn split(text: &str, year_hint: Option<i32>) -> Split {
    // An e-mail forwarding a text: the text it forwards is read, its covering note set aside.
    if let Some(at) = forwarded_from(text) {
        let rest = &text[at..];
        let mut out = split_on(rest, year_hint, rest.len() >= PARALLEL_FROM);
        out.dropped.insert(
            0,
            Dropped {
                reason: "covering e-mail",
                text: text[..at].trim().to_owned(),
            },
        );
        out.notes.insert(
            0,
            "an e-mail forwarding a text: the text it forwards is read, the covering note set aside"
                .into(),
        );
        return out;
    }
    split_on(text, year_hint, text.len() >= PARALLEL_FROM)
}

/// Where the text an e-mail forwards begins: after the line that parts the mail's covering
/// note from it, when the note over that line is a mail's and short, and more text follows the
/// line than the note holds. The line is a forward marker ("-----Original Message-----",
/// "---------- Forwarded message ---------", "Begin forwarded message:") under a mail's header
/// ("From: …") or a salutation ("Dear colleagues,"); or a rule of dashes or underscores under a
/// salutation and words that forward ("please find below", "has the honour to forward"). A
/// header alone over a rule is a mail's own text with its parts set apart; a letter's rule
/// over its footnotes or a notice of confidentiality has less text under it than over it. The
/// byte the line after it begins at.
fn forwarded_from(text: &str) -> Option<usize> {
    // A covering note is short: the line is looked for among the mail's first lines only.
    const NOTE_WORDS: usize = 150;
    const FORWARDING: &[&str] = &[
        "please find",
        "kindly find",
        "find below",
        "find attached",
        "below is",
        "forward",
        "herewith",
        "the following",
        "transmit",
        "for your information",
        "for your kind information",
        "for information",
    ];
    let (mut header, mut salutation, mut forwarding, mut words, mut at) =
        (false, false, false, 0, 0);
    for line in text.split_inclusive('\n').take(60) {
        at += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        let marker = {
            let bare = lower.trim_matches(|c: char| c == '-' || c == ' ');
            (bare.len() < lower.len() && matches!(bare, "original message" | "forwarded message"))
                || lower == "begin forwarded message:"
        };
        let rule = t.chars().count() >= 10 && t.chars().all(|c| "-_=~*".contains(c));
        if marker || rule {
            let note = if marker {
                header || salutation
            } else {
                salutation && forwarding
            };
            if !note {
                return None;
            }
            // What follows: its paragraphs of text, a notice of confidentiality aside.
            let rest = &text[at..];
            let (mut sentences, mut after) = (false, 0);
            for p in rest.split("\n\n").map(str::trim) {
                if is_mail_disclaimer(p) {
                    continue;
                }
                sentences |= is_sentence(p);
                after += p.split_whitespace().count();
            }
            return (sentences && after > words).then_some(at);
        }
        // The mail's header: its fields, one a line, before anything else.
        if words == 0 && mail_field(t) {
            header = true;
            continue;
        }
        if t.split_whitespace().count() <= 6
            && ["dear ", "hello", "hi ", "good morning", "good afternoon"]
                .iter()
                .any(|w| lower.starts_with(w))
            && t.ends_with([',', ':', '!'])
        {
            salutation = true;
        }
        forwarding |= FORWARDING.iter().any(|w| lower.contains(w));
        words += t.split_whitespace().count();
        if words > NOTE_WORDS || !(header || salutation) {
            return None;
        }
    }
    None
}

/// A line of a mail's header: "From: …", "Sent: …", "Subject: …".
fn mail_field(line: &str) -> bool {
    line.split_once(':').is_some_and(|(field, _)| {
        matches!(
            field,
            "From"
                | "Sent"
                | "Date"
                | "To"
                | "Cc"
                | "CC"
                | "Bcc"
                | "Subject"
                | "Reply-To"
                | "Importance"
                | "Attachments"
                | "Attachment"
        )
    })
}

/// `title` without the number a release's list or register puts before it ("17/ Ministers
/// meet", "07. Ministers meet" with two figures, "PR No. 100 MINISTERS MEET"), the number
/// noted. A ministry's number and day printed as part of its headline ("No: 287, 24 October
/// 2011, Press Release Regarding …") stay: the headline is as published.
fn unnumbered(title: String, notes: &mut Vec<String>) -> String {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:\d{1,3}\s?/|\d{2}\.|(?:PR|Press [Rr]elease|PRESS RELEASE) No\.?\s?\d+(?:/\d+)?)\s+\p{Lu}",
        )
        .expect("valid regex")
    });
    if !title.starts_with(|c: char| c.is_ascii_digit() || c == 'P') {
        return title;
    }
    let Some(m) = NUMBER.find(&title) else {
        return title;
    };
    // The capital that opens the headline is the match's last character.
    let at = m.end()
        - title[..m.end()]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
    let rest = &title[at..];
    if rest.split_whitespace().nth(2).is_none() {
        return title;
    }
    notes.push(format!(
        "a number before the headline set aside: “{}”",
        title[..at].trim()
    ));
    rest.to_owned()
}

/// A document's reference number alone on its line: "No. Pol-3/2013", "Ref: MFA/113/2024".
fn is_reference_number(t: &str) -> bool {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:No|NO|Ref|REF|Reference)(?:\.\s?|:\s?|\s)(?:[A-Za-z]{1,8}[-./ ]?)?\d[\w./-]*$",
        )
        .expect("valid regex")
    });
    let t = t.trim();
    t.len() <= 40 && t.starts_with(['N', 'R']) && REFERENCE.is_match(t)
}

/// A mail's notice of confidentiality under its text: "This e-mail and any attachments are
/// intended only for the named recipients … If you have received it in error, please notify
/// the sender". It holds both what the notice restricts ("intended only for", "confidential")
/// and what it asks of a reader it reached by mistake ("in error", "notify the sender"): a news
/// paragraph about a message "intended solely for the domestic audience" is none.
fn is_mail_disclaimer(t: &str) -> bool {
    if t.len() > 4 * 800 || !t.contains("in error") {
        return false;
    }
    let lower = t.to_lowercase();
    ["e-mail", "email", "message", "communication"]
        .iter()
        .any(|w| lower.contains(w))
        && [
            "intended only for",
            "intended solely for",
            "intended exclusively for",
            "only for the use of",
            "confidential",
            "privileged",
        ]
        .iter()
        .any(|w| lower.contains(w))
        && ["received", "notify", "delete", "recipient"]
            .iter()
            .any(|w| lower.contains(w))
}

/// A mail's header, as a forwarded mail prints it over the text it forwards: its fields, one
/// a line, among them who sent it or its subject.
fn is_mail_header(t: &str) -> bool {
    let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
    // The first line asked first: most blocks are no header.
    if !lines.clone().next().is_some_and(mail_field) {
        return false;
    }
    let (mut n, mut named) = (0, false);
    for l in lines.by_ref() {
        if !mail_field(l) {
            return false;
        }
        n += 1;
        named |= l.starts_with("From:") || l.starts_with("Subject:");
    }
    n >= 2 && named
}

/// [`split`], its passes over the blocks shared among the machine's cores when `parallel`
/// (each block read alone in them: the result is the same either way).
fn split_on(text: &str, year_hint: Option<i32>, parallel: bool) -> Split {
    let blocks = cut_headlines(cut_paragraphs(blocks(text), parallel), parallel);
    let mut out = Split::default();
    // Datelines, read first without a year for those that print none.
    // Each block's dateline, what furniture it is and whether it is a sentence of text, each
    // read from the block's text alone; for a long text on the machine's cores (on a digest's
    // few hundred blocks a thread costs more than it saves).
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let read = each(parallel, texts, |t| {
        (dateline::parse(t, None), furniture(t), is_sentence(t))
    });
    // After the last sentence of text, a list of other stories' headlines set apart by two
    // blank lines or more, with no heading over it, is the site's, not the text's: told before
    // each block's furniture is kept below (a block whose furniture was already told keeps it).
    for (b, (_, furn, sentence)) in blocks.iter().zip(&read).rev() {
        if b.gap >= 2 && headlines_list(&b.text) {
            let _ = b.furn.set(Some("related stories"));
        }
        if b.furn.get().copied().unwrap_or(*furn).is_none() && *sentence {
            break;
        }
    }
    let mut parsed = Vec::with_capacity(read.len());
    let mut sentence = Vec::with_capacity(read.len());
    for (b, (d, furn, s)) in blocks.iter().zip(read) {
        let _ = b.furn.set(furn);
        parsed.push(d);
        sentence.push(s);
    }
    // The first block of text (furniture aside) from each block on; whether any block after
    // each one is a sentence of text.
    let next_content = next_where(&blocks, |b| b.furniture().is_none());
    let mut sentence_after = vec![false; blocks.len()];
    let mut any = false;
    for (i, b) in blocks.iter().enumerate().rev() {
        sentence_after[i] = any;
        any |= b.furniture().is_none() && sentence[i];
    }
    let found: Vec<(usize, Dateline)> = parsed
        .into_iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        // A place and a day alone in their block open a text only with a sentence of text
        // after them: otherwise they sign it off ("Orken, 13 October 2022" over the agency's
        // name). A place alone, with no day or agency, opens one only right over a paragraph
        // ("Orken, Zarland" in a calendar is a venue).
        .filter(|(i, d)| {
            d.body_start < blocks[*i].text.trim_end().len()
                || if d.start.is_some() || d.year_missing || d.agency.is_some() {
                    sentence_after[*i]
                } else {
                    next_content[i + 1].is_some_and(|j| sentence[j])
                }
        })
        // A place in ordinary case alone on its line, over the text, opens one only at the
        // top or under a headline: further down it is a subheading or a speaker ("Gaza",
        // "Sofia:").
        // So does a place in ordinary case run into the sentence with a comma or a full stop
        // ("Orken, The ministers …", "Orken. Zarland and …"): further down it opens a sentence.
        .filter(|(i, d)| {
            let bare = d.start.is_none()
                && d.agency.is_none()
                && d.place_as_written.chars().any(char::is_lowercase);
            let text = blocks[*i].text.trim_start();
            let alone = bare
                && (text.lines().next().is_some_and(|l| {
                    l.trim().trim_end_matches(':').trim_end() == d.place_as_written
                }) || (d.country_as_written.is_none()
                    && text
                        .strip_prefix(d.place_as_written.as_str())
                        .is_some_and(|r| r.starts_with(". ") || r.starts_with(", "))));
            !alone
                || blocks[..*i]
                    .iter()
                    .rev()
                    .find(|b| b.furniture().is_none())
                    .is_none_or(|b| headline_like(&b.text) && !is_sentence(&b.text))
        })
        .collect();
    // A paragraph printed again further down (a site repeating the lead after the end mark)
    // opens no second text.
    let found: Vec<(usize, Dateline)> = {
        let mut seen = std::collections::HashSet::new();
        found
            .into_iter()
            .filter(|(i, d)| {
                // Not a release pasted twice, each under its headline, nor a digest's
                // datelines alone in their blocks: only a paragraph of text after the
                // dateline, with no headline over it.
                let headed = *i > 0 && blocks[i - 1].furniture().is_none() && !sentence[i - 1];
                let body = blocks[*i].text.get(d.body_start..).unwrap_or("").trim();
                !is_sentence(body) || headed || seen.insert(body)
            })
            .collect()
    };
    // A place alone (no day), the only dateline of a text, after paragraphs of its running
    // text opens nothing: a reporter's sign-off inside a story ("ZAR ZAROV" over "ORKEN,
    // ZARLAND"), alone in its block or under the reporter's name with the text going on.
    let under_a_name = |i: usize| {
        i > 0 && {
            let name = blocks[i - 1].text.trim();
            // A name of two to four words, not a label ("MEDIA RELEASE").
            const LABELS: &[&str] = &[
                "RELEASE",
                "STATEMENT",
                "NEWS",
                "ADVISORY",
                "NOTE",
                "PRESS",
                "MEDIA",
                "UPDATE",
                "BRIEFING",
                "ANNOUNCEMENT",
                "COMMUNIQUE",
                "BULLETIN",
                "NEWSLETTER",
            ];
            let words: Vec<&str> = name.split_whitespace().collect();
            !name.contains('\n')
                && (2..=4).contains(&words.len())
                && words.iter().all(|w| !LABELS.contains(w))
                && dateline::in_capitals(name)
        }
    };
    let found = match found.as_slice() {
        [(i, d)]
            if d.start.is_none()
                && !d.year_missing
                && (d.body_start >= blocks[*i].text.trim_end().len() || under_a_name(*i))
                && blocks[..*i]
                    .iter()
                    .filter(|b| b.furniture().is_none() && is_sentence(&b.text))
                    .nth(1)
                    .is_some() =>
        {
            Vec::new()
        }
        _ => found,
    };
    // Where a year for datelines printed without one comes from, best first: the year the
    // editor gave; the publication date printed with the release; the issue's year on a
    // digest's cover; the year most of the other datelines print.
    // Publication and timestamp lines are furniture (found once per block): only furniture
    // is read for a day or a year.
    let furnished: Vec<(usize, &str, bool)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.furniture().is_some())
        // A site's clock ("Sunday 19 September 2021" over "Orken Local Time") dates no text.
        .filter(|(i, _)| {
            blocks.get(i + 1).is_none_or(|n| {
                !n.text
                    .lines()
                    .next()
                    .is_some_and(crate::published::is_site_clock)
            })
        })
        .map(|(i, b)| {
            let line = b.furniture() == Some("publication line") && !b.text.trim().contains('\n');
            (i, b.text.as_str(), line)
        })
        .collect();
    // Each publication line's day; a line whose day reads either way ("10/06/2019 15:28", the
    // 10th of June or the 6th of October) apart, read day first (`stamp_loose`), as most of
    // the offices and papers the Secretariat hears from print it, for an item that has no
    // other day: only a publication line alone (a block of lines may be a list of other
    // stories with their days).
    let read: Vec<(usize, crate::published::Stamp, bool)> =
        each(parallel, furnished, |(i, t, line)| {
            crate::published::stamp_block(t)
                .map(|s| (i, s, false))
                .or_else(|| {
                    line.then(|| crate::published::stamp_loose(t))
                        .flatten()
                        .map(|s| (i, s, true))
                })
        })
        .into_iter()
        .flatten()
        .collect();
    let (mut stamps, mut either) = (Vec::new(), Vec::new());
    for (i, s, either_way) in read {
        if either_way {
            either.push((i, s));
        } else {
            stamps.push((i, s));
        }
    }
    // Also a stamp among the first lines of a block of other lines (a press database's
    // header: "438 words" over "14 September 1999" over "12:47 GMT"), for its year only.
    let stamp_among_lines = |b: &Block| {
        b.text
            .lines()
            .take(8)
            .find_map(crate::published::stamp_loose)
            .map(|s| chrono::Datelike::year(&s.day))
    };
    // Only a dateline printed without its year, and no year given, needs them.
    let wanted = year_hint.is_none() && found.iter().any(|(_, d)| d.year_missing);
    let pubs: Vec<(usize, i32)> = each(
        parallel,
        blocks.iter().enumerate().filter(|_| wanted).collect(),
        |(i, b)| {
            if b.furniture().is_none() {
                return b
                    .text
                    .contains('\n')
                    .then(|| stamp_among_lines(b))
                    .flatten()
                    .map(|y| (i, y));
            }
            publication_year(&b.text)
                .or_else(|| {
                    let at = stamps.partition_point(|(j, _)| *j < i);
                    stamps
                        .get(at)
                        .filter(|(j, _)| *j == i)
                        .map(|(_, s)| chrono::Datelike::year(&s.day))
                })
                .or_else(|| {
                    crate::published::stamp_loose(&b.text).map(|s| chrono::Datelike::year(&s.day))
                })
                .map(|y| (i, y))
        },
    )
    .into_iter()
    .flatten()
    .collect();
    let cover_year = blocks
        .iter()
        .take_while(|b| !b.text.trim().eq_ignore_ascii_case("in this issue"))
        .take(40)
        .find_map(|b| cover_year(&b.text));
    let common = {
        let mut years: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
        for (_, d) in &found {
            if let Some(d) = d.start {
                use chrono::Datelike;
                *years.entry(d.year()).or_default() += 1;
            }
        }
        years.into_iter().max_by_key(|(_, n)| *n).map(|(y, _)| y)
    };
    let hint_for = |i: usize| -> Option<(i32, String)> {
        if let Some(y) = year_hint {
            return Some((y, "the year given".into()));
        }
        // The publication line nearest the dateline with no other dateline between them: one
        // between the datelines before and after it (both lists are in block order).
        let k = found.partition_point(|(j, _)| *j < i);
        let after_previous = k.checked_sub(1).map_or(0, |p| found[p].0 + 1);
        let before_next = found.get(k + 1).map_or(usize::MAX, |(j, _)| *j);
        let from = pubs.partition_point(|(p, _)| *p < after_previous);
        let to = pubs.partition_point(|(p, _)| *p < before_next);
        let published = pubs[from..to]
            .iter()
            .min_by_key(|(p, _)| p.abs_diff(i))
            .map(|(_, y)| {
                (
                    *y,
                    "the year of the publication date printed with it".to_owned(),
                )
            });
        published
            .or_else(|| cover_year.map(|y| (y, "the year on the issue's cover".into())))
            .or_else(|| common.map(|y| (y, "the year of the other datelines".into())))
            .or_else(|| {
                // The item's own text printing the dateline's day again with its year
                // ("held in Orken on 12-13 October 2022" under "Orken, October 13").
                let (m, d) = dateline::parse(&blocks[i].text, Some(2000))
                    .and_then(|d| d.start)
                    .map(|day| (day.month(), day.day()))?;
                let to = before_next.min(blocks.len());
                // Not a day the text looks back to ("first put forward on 5 October 1992"):
                // no later year is printed in the item.
                let latest = (i..to).flat_map(|j| years(&blocks[j].text)).max();
                (i..to)
                    .find_map(|j| year_of_the_day(&blocks[j].text, m, d))
                    .filter(|y| latest.is_none_or(|l| *y >= l))
                    .map(|y| {
                        (
                            y,
                            "the year its text prints with that day (inferred; check it)".into(),
                        )
                    })
            })
    };
    let hint = year_hint.or(cover_year).or(common);
    out.year_hint = hint;
    // Contents and foreword, when the text is a digest.
    // "In this issue" heads the contents when page numbers and titles follow it; on a cover it
    // heads a list of cover lines instead. A "Foreword" heading followed by a page number and
    // title is a group of the contents, not the foreword.
    let is_entry = |j: usize| {
        blocks.get(j).is_some_and(|b| {
            let t = b.text.trim();
            TOC_ENTRY.is_match(t) || t.eq_ignore_ascii_case("in the spotlight")
        })
    };
    let titled = |i: usize, what: &str| blocks[i].text.trim().eq_ignore_ascii_case(what);
    let toc_at = (0..blocks.len())
        .filter(|&i| titled(i, "in this issue"))
        .find(|&i| (i + 1..i + 4).any(is_entry))
        .or_else(|| (0..blocks.len()).find(|&i| titled(i, "in this issue")));
    // The foreword's heading: the first "Foreword" with running text (or a salutation) after
    // it, past any label; failing that, the first that is no group of the contents.
    let opens_text = |i: usize| {
        next_content[i + 1].is_some_and(|j| {
            is_sentence(&blocks[j].text) || blocks[j].text.trim_end().ends_with(',')
        })
    };
    let forewords: Vec<usize> = (toc_at.unwrap_or(0)..blocks.len())
        .filter(|&i| titled(i, "foreword"))
        .collect();
    let foreword_at = forewords
        .iter()
        .copied()
        .find(|&i| opens_text(i))
        .or_else(|| forewords.iter().copied().find(|&i| !is_entry(i + 1)));
    // The contents run from their heading to the foreword, and never past the first
    // paragraph of running text.
    let toc = match toc_at {
        Some(t) => {
            let end = foreword_at.filter(|f| *f > t).unwrap_or(blocks.len());
            let end = (t + 1..end)
                .find(|&j| is_sentence(&blocks[j].text))
                .unwrap_or(end);
            contents(&blocks[t + 1..end])
        }
        None => Contents::default(),
    };
    if let Some(t) = toc_at {
        let shouted = |t: &str| !t.chars().any(char::is_lowercase);
        out.cover = blocks[..t]
            .iter()
            .map(|b| b.text.clone())
            .filter(|t| headline_like(t) && !shouted(t) && !t.eq_ignore_ascii_case("CICA Digest"))
            .collect();
    }
    let content_from = foreword_at.or(toc_at).map_or(0, |i| i + 1);

    // Datelines mark articles; the block before each is its headline. A dateline without
    // a year is read again with the year that applies to it (for a long text on the
    // machine's cores).
    let reread = each(
        parallel,
        found.iter().filter(|(i, _)| *i >= content_from).collect(),
        |(i, d)| {
            if !d.year_missing {
                return Some((*i, d.clone(), None));
            }
            match hint_for(*i) {
                Some((y, why)) => {
                    let d = dateline::parse(&blocks[*i].text, Some(y))?;
                    let note = format!("the dateline prints no year; {y} assumed, {why}");
                    Some((*i, d, Some(note)))
                }
                None => Some((*i, d.clone(), None)),
            }
        },
    );
    // Each with the note saying which year it was given, if it was given one.
    let dated: Vec<(usize, Dateline, Option<String>)> = reread.into_iter().flatten().collect();
    // The nearest block before the dateline that is content, if it is headline-like. A
    // headline printed in capitals counts when it stands right before the dateline and no
    // headline in ordinary case comes before it (then the capitals are a caption).
    // A photograph's caption may stand between the headline and the dateline: up to two
    // short blocks that are no headline are passed over.
    // Failing those: the text's title over a lead or a photograph's caption, as a web page
    // prints them above the dateline ("Envoys meet" over "The envoys met today in …" over
    // "ORKEN, May 3 (ZNA) – …"). For the first item only, whose headline is then the text's
    // first block: headline-like, with at most two blocks of eight words or more between it
    // and the dateline.
    let title_over_lead = |i: usize, floor: usize| -> Option<usize> {
        if floor != 0 {
            return None;
        }
        let content: Vec<usize> = (0..i)
            .filter(|&j| blocks[j].furniture().is_none())
            .collect();
        let (&first, between) = content.split_first()?;
        let t = &blocks[first].text;
        (!between.is_empty()
            && between.len() <= 2
            && between
                .iter()
                .all(|&j| blocks[j].text.split_whitespace().nth(7).is_some())
            && headline_like(t)
            && !is_byline_or_label(t)
            && t.split_whitespace().nth(2).is_some())
        .then_some(first)
    };
    let headline_of = |i: usize, floor: usize| -> Option<usize> {
        // The block right before the dateline, past a publication line.
        let caps = (floor..i)
            .rev()
            .find(|&j| blocks[j].furniture() != Some("publication line"))
            .filter(|&j| is_capitals(&blocks[j].text) && headline_like(&blocks[j].text));
        let mut passed = 0;
        // A writer's name next to the time, under a headline: a byline.
        let byline = |j: usize| {
            is_bare_name(&blocks[j].text)
                && [j.checked_sub(1), Some(j + 1)].into_iter().any(|k| {
                    k.and_then(|k| blocks.get(k))
                        .is_some_and(|b| b.furniture() == Some("publication line"))
                })
                && (floor..j)
                    .rev()
                    .filter(|&k| blocks[k].furniture().is_none())
                    .take(2)
                    .any(|k| {
                        let t = &blocks[k].text;
                        headline_like(t) && !is_byline_or_label(t) && is_headline_over_byline(t)
                    })
        };
        let plain = (floor..i)
            .rev()
            .filter(|&j| blocks[j].furniture().is_none())
            .find(|&j| {
                let t = &blocks[j].text;
                if headline_like(t) && !is_byline_or_label(t) && !byline(j) {
                    return true;
                }
                passed += 1;
                passed > 2 || t.split_whitespace().count() > 30
            })
            .filter(|&j| headline_like(&blocks[j].text));
        // A headline in capitals right before the dateline wins over one found past a caption.
        if passed > 0 && caps.is_some() {
            return caps;
        }
        // A standfirst under the headline (a long line in sentence case, no full stop): the
        // headline is the block over it.
        if let Some(j) = plain
            && is_standfirst(&blocks[j].text)
            && blocks[j].text.split_whitespace().count() >= 12
            && let Some(over) = (floor..j)
                .rev()
                .find(|&k| blocks[k].furniture() != Some("publication line"))
            // Not the first block after the item before, which may be that item's last line.
            && (over > floor || floor == 0)
            && blocks[over].furniture().is_none()
            && headline_like(&blocks[over].text)
            && !is_byline_or_label(&blocks[over].text)
            && over_standfirst(&blocks[over].text, &blocks[j].text)
            && !ends_sentence(&blocks[over].text)
            // Only a page's header over it, no text (a signature over a printed headline).
            && (floor..over).all(|k| !is_sentence(&blocks[k].text))
        {
            return Some(over);
        }
        plain.or(caps).or_else(|| title_over_lead(i, floor))
    };

    // The foreword runs from its heading to the first article's headline.
    if let Some(f) = foreword_at {
        let mut end = dated.first().map_or(blocks.len(), |(i, _, _)| {
            headline_of(*i, f + 1).unwrap_or(*i)
        });
        // The signature: a name on its own line, then the signatory's title.
        let mut author = None;
        let mut author_title = None;
        if end >= f + 3 {
            let (name, title) = (&blocks[end - 2].text, &blocks[end - 1].text);
            let name_like = headline_like(name)
                && (2..=4).contains(&name.split_whitespace().count())
                && !name.contains([',', ':']);
            if name_like && !title.ends_with('.') {
                author = Some(name.clone());
                author_title = Some(squeeze(title));
                end -= 2;
            }
        }
        let mut body: Vec<String> = Vec::new();
        for b in &blocks[f + 1..end] {
            match b.furniture() {
                Some(reason) => out.dropped.push(Dropped {
                    reason,
                    text: b.text.clone(),
                }),
                None => body.push(b.text.clone()),
            }
        }
        let mut notes = Vec::new();
        let paragraphs = mend(body, &mut notes);
        if !paragraphs.is_empty() {
            out.items.push(RawItem {
                kind: ItemKind::Foreword,
                title: "Foreword".into(),
                title_inferred: false,
                dateline: None,
                paragraphs,
                spotlight: false,
                activities: false,
                author,
                author_title,
                notes,
                published: None,
            });
        }
    }

    // Articles.
    let spotlight_sets: Vec<_> = toc.spotlight.iter().map(|t| word_set(t)).collect();
    let listed_sets: Vec<_> = toc.listed.iter().map(|t| word_set(t)).collect();
    let activity_sets: Vec<_> = toc.activity_titles.iter().map(|t| word_set(t)).collect();
    // Where each article's text ends: at the next one's headline, looked for between this
    // one's dateline and the next one's (or at the end of the text). An article's own
    // headline is looked for after the text before it ends, so each article is then read on
    // its own: for a long text on the machine's cores, put back in order.
    let ends: Vec<usize> = each(parallel, (0..dated.len()).collect(), |k: usize| {
        dated.get(k + 1).map_or(blocks.len(), |(n, _, _)| {
            headline_of(*n, dated[k].0 + 1).unwrap_or(*n)
        })
    });
    let articles = each(
        parallel,
        dated.iter().enumerate().collect(),
        |(k, (i, dl, year_note))| {
            let floor = k.checked_sub(1).map_or(content_from, |p| ends[p]);
            let headline = headline_of(*i, floor);
            let mut end = ends[k];
            let mut dropped = Vec::new();
            let mut flash_from = None;
            if k + 1 == dated.len()
                && let Some((f, e)) = flash_start(&blocks, *i)
                && (toc.flash || f > e)
            {
                flash_from = Some(f);
                end = e;
                if f > e {
                    dropped.push(Dropped {
                        reason: "section heading",
                        text: blocks[e].text.clone(),
                    });
                }
            }
            // In a text of releases (no digest's contents or foreword), what stands over the first
            // item's headline (a page's header, a caption) is set aside with its reason.
            if k == 0 && foreword_at.is_none() && toc_at.is_none() {
                for b in &blocks[floor..headline.unwrap_or(*i)] {
                    dropped.push(Dropped {
                        reason: b.furniture().unwrap_or("text before the headline"),
                        text: b.text.clone(),
                    });
                }
            }
            let mut notes = Vec::new();
            // What stands between the headline and the dateline (a lead, a photograph's caption,
            // a publication line) is no part of the text's body: set aside, and a lead told to the
            // editor.
            if let Some(h) = headline {
                for b in &blocks[h + 1..*i] {
                    let reason = b.furniture().unwrap_or_else(|| {
                        notes.push(format!(
                            "set aside, printed between the headline and the dateline: “{}…”",
                            head(&b.text, 60)
                        ));
                        "text between the headline and the dateline"
                    });
                    dropped.push(Dropped {
                        reason,
                        text: b.text.clone(),
                    });
                }
            }
            let mut body: Vec<String> = Vec::new();
            let first = blocks[*i].text[dl.body_start..].trim().to_owned();
            // A dateline put in the headline ("Astana, 5 May 2023 – Seminar on water"): what
            // follows it is the headline when no headline stands before it and running text
            // follows.
            let mut in_headline = None;
            if headline.is_none()
                && headline_like(&first)
                && !ends_sentence(&first)
                && first.split_whitespace().count() <= 20
                && !first.is_empty()
                && blocks
                    .get(i + 1)
                    .is_some_and(|n| n.furniture().is_none() && is_sentence(&n.text))
            {
                in_headline = Some(squeeze(&first));
                notes.push("the dateline is printed in the headline".into());
            } else if !first.is_empty() {
                body.push(first);
            }
            // Under a heading of related stories ("Read also"), the headlines listed after it.
            let mut related = false;
            for b in &blocks[i + 1..end] {
                // A heading is a short line; a paragraph is not lowered to find out.
                let heading = (!toc.sections.is_empty()
                    && b.text.len() <= 160
                    && toc.sections.contains(&b.text.trim().to_lowercase()))
                .then_some("a section heading of the contents");
                let listed = (related && !is_sentence(&b.text) && headline_like(&b.text))
                    .then_some("related stories");
                let reason = heading.or(listed).or_else(|| b.furniture());
                related = listed.is_some()
                    || (reason == Some("related stories") && is_related_heading(&b.text));
                match reason {
                    Some(reason) => dropped.push(Dropped {
                        reason,
                        text: b.text.clone(),
                    }),
                    None => body.push(b.text.clone()),
                }
            }
            let paragraphs = mend(body, &mut notes);
            // A headline's last line with its section and day run in ("Zarland 17/05/2023 Ministers
            // meet"), under lines of a page's chrome: that line's title, and its day.
            let mut day_over_title = None;
            let (title, title_inferred) = match (in_headline, headline) {
                (Some(h), _) => (h, false),
                (None, Some(h))
                    if let block = without_repeated_title(blocks[h].text.trim_end())
                        && let (above, last) = block.rsplit_once('\n').unwrap_or(("", block))
                        && let Some((title, day, either)) = section_day_title(last.trim()) =>
                {
                    day_over_title = Some(day);
                    notes.push(if either {
                        either_way_note(day)
                    } else {
                        format!("the day {day} is printed in the headline")
                    });
                    // The lines over it stay in the headline unless they are a page's furniture,
                    // its prompts among it ("Stay up to date …", "Subscribe to …").
                    let over: Vec<&str> = above
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && furniture(l).is_none())
                        .collect();
                    if !over.is_empty() {
                        notes.push("the headline is printed over several lines; joined".into());
                    }
                    (squeeze(&format!("{} {title}", over.join(" "))), false)
                }
                (None, Some(h)) => {
                    let mut t = blocks[h].text.as_str();
                    // A line of a page's furniture over the headline ("Advertisement") is none of
                    // it.
                    while let Some((first, rest)) = t.split_once('\n')
                        && (FURNITURE_LINE.is_match(&first.trim().to_lowercase())
                            || other_script(first, rest))
                    {
                        t = rest;
                    }
                    if t.contains('\n') {
                        notes.push("the headline is printed over several lines; joined".into());
                    }
                    if is_capitals(t) {
                        notes.push("the headline is printed in capitals".into());
                    }
                    (squeeze(t), false)
                }
                (None, None) => {
                    notes.push(
                    "no headline before the dateline; the title is made from the first sentence"
                        .into(),
                );
                    (
                        title_from(paragraphs.first().map_or("", String::as_str)),
                        true,
                    )
                }
            };
            let title = if title_inferred {
                title
            } else {
                unnumbered(title, &mut notes)
            };
            if let Some(n) = year_note {
                notes.push(n.clone());
            }
            if dl.year_missing {
                notes.push(
                    "the dateline prints no year and none was given; the date is left open".into(),
                );
            }
            if dl.place != dl.place_as_written {
                notes.push(format!(
                    "place printed as “{}”, filed under {}",
                    dl.place_as_written, dl.place
                ));
            }
            // The title's words only when there are contents to compare them with: a file of
            // releases has none.
            let listed_in = |sets: &[Words], words: &mut Option<Words>| {
                !sets.is_empty() && {
                    let words = words.get_or_insert_with(|| word_set(&title));
                    sets.iter().any(|s| likeness(s, words) >= 0.7)
                }
            };
            let mut title_words = None;
            let spotlight = listed_in(&spotlight_sets, &mut title_words);
            let listed = listed_in(&listed_sets, &mut title_words);
            let activities =
                listed_in(&activity_sets, &mut title_words) || (toc.activities && !listed);
            if activities {
                notes.push(
                    "not listed among the contents' articles: filed under CICA Activities".into(),
                );
            }
            // The publication line printed with the release: the nearest one between the end of
            // the previous release and the end of this one, a first publication rather than an
            // update.
            // Above the dateline first (nearest, a first publication rather than an update), then
            // below it: a line under this release may head the next one.
            let from = stamps.partition_point(|(j, _)| *j < floor);
            let at = stamps.partition_point(|(j, _)| *j < *i);
            let to = stamps.partition_point(|(j, _)| *j < end);
            let published = stamps[from..at]
                .iter()
                .min_by_key(|(j, s)| (s.updated, i - j))
                .or_else(|| {
                    stamps[at..to]
                        .iter()
                        .min_by_key(|(j, s)| (s.updated, j - i))
                })
                .map(|(_, s)| *s)
                .or(day_over_title.map(|day| crate::published::Stamp {
                    day,
                    updated: false,
                }))
                .or_else(|| {
                    // Failing those, for a dateline without a day, a publication line over it
                    // whose day reads either way, the same way (not a line under the text, which
                    // may be another story's).
                    if dl.start.is_some() {
                        return None;
                    }
                    let from = either.partition_point(|(j, _)| *j < floor);
                    let to = either.partition_point(|(j, _)| *j < *i);
                    let s = either[from..to].last().map(|(_, s)| *s)?;
                    notes.push(either_way_note(s.day));
                    Some(s)
                });
            let item = RawItem {
                kind: ItemKind::Article,
                title,
                title_inferred,
                dateline: Some(dl.clone()),
                paragraphs,
                spotlight,
                activities,
                author: None,
                author_title: None,
                notes,
                published,
            };
            (dropped, item, flash_from)
        },
    );
    for (dropped, item, flash_from) in articles {
        out.dropped.extend(dropped);
        out.items.push(item);
        // The flash briefing (after the last article): each block one item, or a headline and
        // the block after it.
        if let Some(f) = flash_from {
            flash(&blocks[f..], &toc.after_flash, &mut out);
        }
    }
    if toc.flash && !out.items.iter().any(|i| i.kind == ItemKind::Brief) {
        out.notes.push(
            "the contents list a flash briefing, but where it starts could not be found".into(),
        );
    }
    if out.items.is_empty() && toc_at.is_none() && foreword_at.is_none() {
        let mut blocks = cut_stamps(blocks);
        // A place and a day where the text ends sign it off: set apart before the text is cut
        // into releases (a place over a day looks like a headline over a publication line).
        let mut closing = None;
        if let Some((from, n, d)) = closing_dateline(&blocks) {
            // Of the block holding the place, only its last line: what is above it stays.
            let kept = blocks[from]
                .text
                .trim_end()
                .rsplit_once('\n')
                .filter(|_| n == 2)
                .map(|(above, _)| Block::new(above.to_owned(), blocks[from].gap));
            for b in blocks.drain(from..from + n) {
                out.dropped.push(Dropped {
                    reason: "dateline printed at the end",
                    text: b.text,
                });
            }
            if let Some(above) = kept {
                blocks.insert(from, above);
            }
            closing = Some(d);
        }
        let parts = releases(&blocks);
        if parts.len() > 1 {
            out.notes.push(format!(
                "no dateline anywhere: read as {} releases, cut at separator lines or where a headline and a publication line start a new one",
                parts.len()
            ));
        }
        // The sign-off dates the one release, or the last of several.
        let last = parts.len().saturating_sub(1);
        for (k, part) in parts.into_iter().enumerate() {
            undated(
                part,
                if k == last { closing.take() } else { None },
                &mut out,
            );
        }
    }
    out
}

/// The items of a flash briefing, from its first block to the end of the text or the first
/// heading of a section after it. When the briefing prints its items with headlines (its first
/// block is a headline and the next is text), each item is a headline and the block after it,
/// and a headline-like block with no text after it is a later section's heading (a calendar,
/// a back page) that ends the briefing. Otherwise each block is one item. A block matching a
/// title the contents list after the flash briefing (`after`) ends it either way.
fn flash(blocks: &[Block], after: &[String], out: &mut Split) {
    let later: Vec<_> = after.iter().map(|t| word_set(t)).collect();
    let text_of = |b: &Block| squeeze(&b.text);
    let is_text = |b: Option<&Block>| {
        b.is_some_and(|n| {
            n.furniture().is_none() && ends_sentence(&n.text) && !headline_like(&n.text)
        })
    };
    let first = blocks.iter().position(|b| b.furniture().is_none());
    let headed =
        first.is_some_and(|f| headline_like(&blocks[f].text) && is_text(blocks.get(f + 1)));
    let mut k = 0;
    while k < blocks.len() {
        let b = &blocks[k];
        let text = text_of(b);
        let later_section = !later.is_empty() && {
            let words = word_set(&text);
            !words.is_empty() && later.iter().any(|s| likeness(s, &words) >= 0.8)
        };
        let unheaded_heading = headed && headline_like(&text) && !is_text(blocks.get(k + 1));
        if later_section || (unheaded_heading && b.furniture().is_none()) {
            out.dropped.extend(blocks[k..].iter().map(|b| Dropped {
                reason: "a later section (after the flash briefing)",
                text: b.text.clone(),
            }));
            break;
        }
        k += 1;
        if let Some(reason) = b.furniture() {
            out.dropped.push(Dropped {
                reason,
                text: b.text.clone(),
            });
            continue;
        }
        let (title, title_inferred, body, note) = if headed && headline_like(&text) {
            let body = blocks.get(k).map(text_of).unwrap_or_default();
            k += 1;
            (
                text,
                false,
                body,
                "flash briefing item: headline and text, no dateline",
            )
        } else {
            (
                title_from(&text),
                true,
                text,
                "flash briefing item: printed without headline or dateline",
            )
        };
        out.items.push(RawItem {
            kind: ItemKind::Brief,
            title,
            title_inferred,
            dateline: None,
            paragraphs: vec![body],
            spotlight: false,
            activities: false,
            author: None,
            author_title: None,
            notes: vec![note.into()],
            published: None,
        });
    }
}

/// A paragraph of running text: a finished sentence of some length.
fn is_sentence(t: &str) -> bool {
    ends_sentence(t) && t.split_whitespace().nth(5).is_some()
}

/// A headline ending with a day, in brackets or after a dash or bar: the headline without it,
/// and the day.
fn day_in_headline(h: &str) -> Option<(String, chrono::NaiveDate, bool)> {
    // A release's number and day before its title, as some ministries print it: "No: 101,
    // 26 April 2016, Press Release on the Visit …" (the title kept as printed).
    if h.get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("no:") || p.eq_ignore_ascii_case("no."))
        && let Some(day) = h
            .match_indices(", ")
            .take_while(|(k, _)| *k <= 40)
            .find_map(|(k, sep)| {
                let day = crate::published::stamp(&h[..k])?.day;
                (h[k + sep.len()..].split_whitespace().count() >= 3).then_some(day)
            })
    {
        return Some((h.to_owned(), day, false));
    }
    if let Some(found) = section_day_title(h) {
        return Some(found);
    }
    let (title, tail) = if let Some(inner) = h.strip_suffix(')') {
        let (title, tail) = inner.rsplit_once('(')?;
        (title, tail)
    } else {
        let k = [" – ", " — ", " - ", " | "]
            .iter()
            .filter_map(|sep| h.rfind(sep))
            .max()?;
        let (title, tail) = h.split_at(k);
        (title, tail.trim_start_matches([' ', '–', '—', '-', '|']))
    };
    let title = title
        .trim()
        .trim_end_matches([',', ':', '–', '—', '-', '|'])
        .trim();
    let stamp = crate::published::stamp(tail.trim())?;
    (title.split_whitespace().count() >= 3).then(|| (title.to_owned(), stamp.day, false))
}

/// A block without its last line when that line repeats the end of the line over it, as a
/// page that prints its title twice gives ("Zarland 17/05/2023 Ministers meet" over "Ministers
/// meet").
fn without_repeated_title(block: &str) -> &str {
    if let Some((above, last)) = block.rsplit_once('\n')
        && let last = last.trim()
        && !last.is_empty()
        && let Some(over) = above.lines().next_back().map(str::trim)
        && over.len() > last.len()
        && over.ends_with(last)
    {
        return above.trim_end();
    }
    block
}

/// A section and a day in figures run into the title, as a page copied without its line
/// breaks prints them: "Zarland 17/05/2023 Ministers meet in the capital".
fn section_day_title(h: &str) -> Option<(String, chrono::NaiveDate, bool)> {
    // A law's or a decree's day is no section's: "Law 3.12.2020 Amended by the Parliament".
    const NOT_SECTIONS: &[&str] = &[
        "law",
        "decree",
        "resolution",
        "order",
        "chapter",
        "article",
        "act",
        "no",
        "no.",
        "item",
        "section",
    ];
    if h.split(' ')
        .next()
        .is_some_and(|w| NOT_SECTIONS.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    let (k, figures) = h
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .take(3)
        .skip(1)
        .find(|(_, w)| w.contains(['/', '.']) && w.starts_with(|c: char| c.is_ascii_digit()))?;
    // A day that reads either way ("Zarland 12/10/2023 Ministers meet") is read day first,
    // and said to be.
    let head = &h[..k + figures.len()];
    let (stamp, either) = match crate::published::stamp(head) {
        Some(s) => (s, false),
        None => (crate::published::stamp_loose(head)?, true),
    };
    let title = h[k + figures.len()..].trim();
    (title.split_whitespace().count() >= 3 && title.starts_with(char::is_uppercase))
        .then(|| (title.to_owned(), stamp.day, either))
}

/// For each block (and one past the last), the first block at or after it that is `wanted`:
/// found in one backward pass, so that asking "what comes next" stays linear.
fn next_where(blocks: &[Block], wanted: impl Fn(&Block) -> bool) -> Vec<Option<usize>> {
    let mut next = vec![None; blocks.len() + 1];
    for j in (0..blocks.len()).rev() {
        next[j] = if wanted(&blocks[j]) {
            Some(j)
        } else {
            next[j + 1]
        };
    }
    next
}

/// A headline with its publication line under it and no blank line between ("Headline\nPosted
/// on: 20 March 2025"): cut into a headline block and a publication block, as with one.
fn cut_stamps(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        if !b.text.contains('\n') {
            out.push(b);
            continue;
        }
        let lines: Vec<&str> = b.text.lines().collect();
        let at = (1..lines.len().min(4)).find(|&k| {
            crate::published::stamp(lines[k].trim()).is_some()
                && headline_like(&lines[..k].join(" "))
                // A place over its day is a dateline: "Orken" over "14 April 2016".
                && !(k == 1 && dateline::known_place(lines[0].trim()))
        });
        match at {
            // A place over the time goes with it, as a dateline under the lines over it
            // ("Zar Daily with Wire" over "ORKEN" over "JUN 11, 2025 - 2:40 PM").
            Some(k) if k > 1 && dateline::known_place(lines[k - 1].trim()) => {
                let over = Block::new(lines[..k - 1].join("\n"), b.gap);
                // Under a headline already printed, a few words over the place are the
                // source's credit ("ZAR DAILY WITH WIRE"), not a headline.
                if under_headline(&out) && over.text.split_whitespace().count() <= 4 {
                    let _ = over.furn.set(Some("credit line"));
                }
                out.push(over);
                out.push(Block::new(lines[k - 1..=k].join("\n"), 0));
                if k + 1 < lines.len() {
                    out.push(Block::new(lines[k + 1..].join("\n"), 0));
                }
            }
            Some(k) => {
                let head = Block::new(lines[..k].join("\n"), b.gap);
                // A word or three over the time, under a headline already printed, is the
                // story's category ("Foreign policy"), not its headline.
                if under_headline(&out) && head.text.split_whitespace().count() <= 3 {
                    let _ = head.furn.set(Some("category label"));
                }
                out.push(head);
                out.push(Block::new(lines[k].to_owned(), 0));
                if k + 1 < lines.len() {
                    out.push(Block::new(lines[k + 1..].join("\n"), 0));
                }
            }
            None => out.push(b),
        }
    }
    out
}

/// Whether the last block is a headline (no page furniture).
fn under_headline(out: &[Block]) -> bool {
    out.last()
        .is_some_and(|p| headline_like(&p.text) && p.furniture().is_none())
}

/// Headings of what follows a release: about the organisation, notes and contacts.
const BOILERPLATE: &[&str] = &[
    "about ",
    "notes to editors",
    "note to editors",
    "for more information",
    "for further information",
    "media contact",
    "press contact",
    "contact",
];

/// A line that separates releases in a file of several: `###`, `-30-`, `ENDS`, a row of
/// stars, dashes, underscores or equals signs.
fn is_separator(t: &str) -> bool {
    let t = t.trim();
    is_release_end(t)
        || (t.chars().filter(|c| !c.is_whitespace()).count() >= 3
            && t.chars()
                .all(|c| c.is_whitespace() || "#*-_=~•·–—".contains(c)))
}

/// A line that always ends a release: `-30-`, `ENDS`, `END`, "End of release", with any hashes
/// or dashes around it.
fn is_release_end(t: &str) -> bool {
    let lower = t.trim().to_lowercase();
    let bare = lower
        .trim_matches(|c: char| c == '#' || c == '-' || c == '–' || c == '—' || c.is_whitespace());
    matches!(
        bare,
        "30" | "ends" | "end" | "end of release" | "end of text"
    )
}

/// The releases of a text without datelines: cut at separator lines, and before a headline
/// followed by a publication line once a release with text has come before.
fn releases(blocks: &[Block]) -> Vec<&[Block]> {
    let next_content = next_where(blocks, |b| {
        b.furniture().is_none() && !is_separator(&b.text)
    });
    let mut parts = Vec::new();
    let mut from = 0;
    let mut has_text = false;
    let mut i = 0;
    while i < blocks.len() {
        let t = blocks[i].text.trim();
        // A row of stars or dashes may break one text in two; it ends a release only when a
        // headline follows it. "-30-" and "ENDS" always do.
        let ends = is_release_end(t);
        // A headline after the separator, and not the heading of a release's boilerplate.
        let headline_next = || {
            next_content[i + 1].is_some_and(|j| {
                let t = blocks[j].text.trim();
                let lower = t.to_lowercase();
                headline_like(t) && !BOILERPLATE.iter().any(|b| lower.starts_with(b))
            })
        };
        if is_separator(t) && (ends || headline_next()) {
            if has_text {
                parts.push(&blocks[from..i]);
            }
            from = i + 1;
            has_text = false;
        } else if has_text
            && headline_like(t)
            && blocks
                .get(i + 1)
                .is_some_and(|n| crate::published::stamp(n.text.trim()).is_some())
        {
            parts.push(&blocks[from..i]);
            from = i;
            has_text = false;
        } else {
            has_text |= is_sentence(t);
        }
        i += 1;
    }
    if from < blocks.len() && (has_text || parts.is_empty()) {
        parts.push(&blocks[from..]);
    }
    parts
}

/// A line that looks like a headline but is a byline or a time line, as news sites print them
/// between the headline and the text: a time of day with a year or on a line of its own, a
/// handle or an address, "By" and a name, "5 minutes ago".
fn is_byline_or_label(t: &str) -> bool {
    (TIME_OF_DAY.is_match(t) && (YEAR.is_match(t) || t.lines().any(|l| TIME_LINE.is_match(l))))
        || t.contains('@')
        || t.strip_prefix("By ")
            .or_else(|| t.strip_prefix("BY "))
            .is_some_and(|r| r.starts_with(char::is_uppercase))
        || AGO.is_match(t)
}

/// A writer's name alone on its line, as a byline prints it over or under the time: two or
/// three words, each a capital then small letters ("Zara Zarova", "Zarova Zara", "Anna-Maria
/// O'Zar"), perhaps with the place the writer files from ("Zara Zarova in Orken"). None of
/// the words of [`TITLE_WORDS`] ("Joint Statement", "World News"); a short headline in title
/// case looks like a name all the same ("Ceasefire Holds"), which is why a name is passed over
/// only under a headline it can be told from ([`is_headline_over_byline`]).
fn is_bare_name(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 4 * 60 || t.contains('\n') {
        return false;
    }
    let (name, place) = match t.split_once(" in ") {
        Some((name, place)) => (name, Some(place)),
        None => (t, None),
    };
    // Each part of a word: a capital, then small letters (an apostrophe and a capital may
    // stand after the first: "O'Zar").
    let part = |p: &str| {
        let mut chars = p.chars();
        chars.next().is_some_and(char::is_uppercase) && {
            let rest = chars.as_str();
            let rest = rest
                .strip_prefix(['\'', '\u{2019}'])
                .map_or(rest, |r| r.strip_prefix(char::is_uppercase).unwrap_or(r));
            !rest.is_empty() && rest.chars().all(char::is_lowercase)
        }
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.split('-').all(part) && !TITLE_WORDS.contains(w))
        && place.is_none_or(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            (1..=2).contains(&words.len()) && words.iter().all(|w| w.split('-').all(part))
        })
}

/// A headline a writer's name under it can be told from: five words or more, and no site's,
/// paper's or office's name ("Orken Daily News", "Ministry of Foreign Affairs of Zarland"), over
/// which a short headline in title case ("Ceasefire Holds") would look like a name.
fn is_headline_over_byline(t: &str) -> bool {
    !is_bare_name(t) && t.split_whitespace().nth(4).is_some() && !is_masthead(t)
}

/// A line that names a site, a paper or an office: a word such names hold ("Ministry",
/// "News", "Times", "Agency").
fn is_masthead(t: &str) -> bool {
    const NAMES: &[&str] = &[
        "ministry",
        "embassy",
        "office",
        "department",
        "government",
        "news",
        "times",
        "daily",
        "agency",
        "post",
        "herald",
        "tribune",
        "gazette",
        "journal",
        "radio",
        "tv",
        "television",
        "press",
        "bulletin",
        "newsletter",
        "center",
        "centre",
        "institute",
    ];
    // The last line: a line in another script may stand over it.
    let line = t.trim().lines().next_back().unwrap_or("");
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.starts_with(char::is_uppercase))
        .any(|w| NAMES.contains(&w.to_lowercase().as_str()))
}

/// Words of documents' titles and sections' labels, which a writer's name holds none of.
const TITLE_WORDS: &[&str] = &[
    "Address",
    "Agency",
    "Agenda",
    "Analysis",
    "Announcement",
    "Archive",
    "Asia",
    "Briefing",
    "Bulletin",
    "Business",
    "Centre",
    "Center",
    "Closing",
    "Comment",
    "Committee",
    "Communique",
    "Conference",
    "Contacts",
    "Council",
    "Culture",
    "Declaration",
    "Department",
    "Diplomacy",
    "Economy",
    "Editorial",
    "Embassy",
    "Event",
    "Events",
    "Final",
    "Foreign",
    "Forum",
    "Gallery",
    "Home",
    "International",
    "Interview",
    "Joint",
    "Latest",
    "Letter",
    "Media",
    "Meeting",
    "Message",
    "Ministry",
    "National",
    "News",
    "Note",
    "Office",
    "Opening",
    "Opinion",
    "Photo",
    "Photos",
    "Policy",
    "Politics",
    "Press",
    "Programme",
    "Program",
    "Region",
    "Regional",
    "Release",
    "Remarks",
    "Report",
    "Secretariat",
    "Service",
    "Society",
    "Speech",
    "Sport",
    "Sports",
    "Statement",
    "Stories",
    "Summit",
    "Top",
    "Update",
    "Video",
    "Videos",
    "Welcome",
    "World",
];

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,|•])\d{1,2}:\d{2}(?:$|[\s,|]|:\d{2})").expect("valid regex")
});
static TIME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s•|·]*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*$").expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("valid regex"));
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?)\s+ago\b").expect("valid regex")
});

/// The note for a day read from a line whose day reads either way.
fn either_way_note(day: chrono::NaiveDate) -> String {
    format!(
        "the day printed reads either way (day or month first): read day first, {day}; check it"
    )
}

/// Whether `line`, over the lines `rest` of a headline's block, is in another script than
/// they are: a site's name in its own language over a headline in Latin letters ("Zar TV
/// Телерадиокомпания" over "Ministers meet in Orken").
fn other_script(line: &str, rest: &str) -> bool {
    // Letters of the scripts a site's name is printed in beside an English page: Greek,
    // Cyrillic, Armenian, Hebrew, Arabic, the scripts of South Asia and Thailand, Georgian,
    // and those of China, Japan and Korea. Any other letter is taken for the Latin script's.
    let other = |c: char| {
        c.is_alphabetic()
            && matches!(c,
                '\u{0370}'..='\u{03FF}'
                | '\u{0400}'..='\u{052F}'
                | '\u{0530}'..='\u{06FF}'
                | '\u{0750}'..='\u{077F}'
                | '\u{0900}'..='\u{0E7F}'
                | '\u{10A0}'..='\u{10FF}'
                | '\u{3040}'..='\u{30FF}'
                | '\u{3400}'..='\u{9FFF}'
                | '\u{AC00}'..='\u{D7AF}')
    };
    line.chars().any(other) && rest.split_whitespace().nth(2).is_some() && !rest.chars().any(other)
}

/// Whether `over` is a headline over the standfirst `under`, not a site's or an office's name
/// over a headline in sentence case: five words or more, one line or a line wrapped onto the
/// next (a name and its motto are two lines, the second capitalised), without bars or a day;
/// no more words than the standfirst, and, when it holds a word of such names ("Ministry",
/// "News"), clearly fewer (at most 85% of them).
fn over_standfirst(over: &str, under: &str) -> bool {
    let over = over.trim();
    // A line wrapped onto the next, in the same case: an office's name in capitals over its
    // motto is none.
    let wrapped = over.lines().count() == 1
        || (over
            .lines()
            .next()
            .is_some_and(|l| l.contains(char::is_lowercase))
            && over
                .lines()
                .skip(1)
                .all(|l| l.trim_start().starts_with(char::is_lowercase)));
    let (n, m) = (
        over.split_whitespace().count(),
        under.split_whitespace().count(),
    );
    wrapped
        && !over.contains('|')
        // A byline with its day ("Posted on 9 September 2024 by Zar Staff") is none.
        && !DATE_WITH_YEAR.is_match(over)
        && n >= 5
        && if is_masthead(over) { n * 20 <= m * 17 } else { n <= m }
}

/// A standfirst: a line of eight words or more in sentence case, most words after the first
/// in lower case. A long name in it, a run of three capitalised words or more ("Confidence
/// Building Measures"), is not counted either way: it would make the sentence look like a
/// headline in title case.
fn is_standfirst(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 8 {
        return false;
    }
    let (mut lower, mut counted, mut k) = (0, 0, 1);
    while k < words.len() {
        // A run of three capitalised words or more (after the first word): a long name.
        let run = words[k..]
            .iter()
            .take_while(|w| w.starts_with(char::is_uppercase))
            .count();
        if run >= 3 {
            k += run;
            continue;
        }
        counted += 1;
        lower += usize::from(words[k].starts_with(char::is_lowercase));
        k += 1;
    }
    counted >= 6 && lower * 10 >= counted * 6
}

/// A place and a day printed where a text ends (`Orken, 12 October 2021`, or the place over
/// the day, in one block or two): how ministries and delegations date a release or a
/// statement. Looked for among the last blocks of the text; the first block it takes, how many
/// it takes, and the dateline.
fn closing_dateline(blocks: &[Block]) -> Option<(usize, usize, Dateline)> {
    let from = blocks.len().saturating_sub(6);
    // No text may follow it but furniture, a web address, a contact line or one short
    // sentence (a ministry's motto): a paragraph after it means it is no sign-off.
    let at_end = |k: usize| {
        let after = &blocks[k.min(blocks.len())..];
        let sentences = after
            .iter()
            .filter(|b| b.furniture().is_none() && is_sentence(&b.text))
            .count();
        sentences <= 1
            && after.iter().all(|b| {
                b.furniture().is_some()
                    || b.text
                        .lines()
                        .all(|l| l.split_whitespace().nth(24).is_none())
            })
    };
    (from..blocks.len()).find_map(|k| {
        let t = blocks[k].text.trim();
        if t.len() > 4 * 80 {
            return None;
        }
        // The place on the last line of one block, the day in the next.
        let pair = || {
            let next = blocks.get(k + 1)?.text.trim();
            let place = t.lines().last()?.trim();
            if place.contains(|c: char| c.is_ascii_digit()) || next.contains('\n') {
                return None;
            }
            crate::dateline::closing(&format!("{place}\n{next}"))
                .filter(|d| d.start.is_some() && at_end(k + 2))
                .map(|d| (k, 2, d))
        };
        pair().or_else(|| {
            crate::dateline::closing(t)
                .filter(|_| at_end(k + 1))
                .map(|d| (k, 1, d))
        })
    })
}

/// A text that prints no dateline anywhere: one item, if it holds a sentence. Its headline is
/// the headline-like block before the first paragraph (made from the first sentence if there
/// is none); its day, the one a publication or timestamp line gives (the first publication
/// rather than an update). Page furniture is set aside; a byline, a photo credit, a source
/// line and an update time are kept as notes for the editor. After the text has begun, a
/// heading of related stories ends it.
fn undated(blocks: &[Block], closing: Option<Dateline>, out: &mut Split) {
    // A headline ending with its day in brackets ends with a bracket, not a sentence.
    let is_paragraph = |t: &str| is_sentence(t) && day_in_headline(t).is_none();
    // The publication lines met, each with the number of blocks kept before it.
    let mut stamps: Vec<(usize, crate::published::Stamp)> = Vec::new();
    // Publication lines whose day reads either way, read day first.
    let mut either: Vec<(usize, crate::published::Stamp)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut kept: Vec<&str> = Vec::new();
    let mut ended = false;
    // Whether a paragraph of text has been kept yet.
    let mut started = false;
    // A time and a place printed together before the text begins: the text's dateline.
    let first_text = blocks
        .iter()
        .position(|b| b.furniture().is_none() && is_sentence(&b.text))
        .unwrap_or(blocks.len());
    // The day and the place may stand in two blocks of a line each ("12 May 2021" over
    // "Secretariat, Orken").
    // Each with the blocks it takes, and the title printed over it in the same block, if any.
    let stamped = if closing.is_none() {
        (0..first_text).find_map(|k| {
            let one = crate::dateline::stamped_place(&blocks[k].text).map(|d| (k..k + 1, d, None));
            // Or the last two lines of a block of several: a statement's title, then the day
            // over the place; the title is kept.
            let under_title = || {
                let lines: Vec<&str> = blocks[k].text.trim().lines().collect();
                let n = lines.len();
                (n > 2)
                    .then(|| crate::dateline::stamped_place(&lines[n - 2..].join("\n")))
                    .flatten()
                    .map(|d| (k..k + 1, d, Some(lines[..n - 2].join("\n"))))
            };
            one.or_else(under_title).or_else(|| {
                let (a, b) = (&blocks[k].text, &blocks.get(k + 1)?.text);
                if a.contains('\n') || b.contains('\n') || k + 1 >= first_text {
                    return None;
                }
                crate::dateline::stamped_place(&format!("{}\n{}", a.trim(), b.trim()))
                    .map(|d| (k..k + 2, d, None))
            })
        })
    } else {
        None
    };
    let stamped_at = stamped.as_ref().map(|(k, _, _)| k.clone());
    let title_over_stamp = stamped.as_ref().and_then(|(_, _, t)| t.clone());
    // The text's dateline: its sign-off, or the time and place above it.
    let dateline = closing.or(stamped.map(|(_, d, _)| d));
    for (k, b) in blocks.iter().enumerate() {
        let t = b.text.trim();
        if stamped_at.as_ref().is_some_and(|r| r.contains(&k)) {
            if let Some(title) = title_over_stamp.as_deref() {
                kept.push(title);
            }
            out.dropped.push(Dropped {
                reason: "dateline (time and place)",
                text: t.to_owned(),
            });
            continue;
        }
        if ended {
            out.dropped.push(Dropped {
                reason: "related stories",
                text: t.to_owned(),
            });
            continue;
        }
        if let Some(s) = crate::published::stamp_block(t) {
            if s.updated {
                notes.push(format!("updated {}, as the text says", s.day));
            }
            stamps.push((kept.len(), s));
            out.dropped.push(Dropped {
                reason: "publication line",
                text: t.to_owned(),
            });
            continue;
        }
        if b.furniture() == Some("publication line")
            && !t.contains('\n')
            && let Some(s) = crate::published::stamp_loose(t)
        {
            either.push((kept.len(), s));
        }
        let separator = is_separator(t).then_some("separator line");
        match separator.or_else(|| b.furniture()) {
            Some(reason) => {
                if matches!(reason, "byline" | "photo credit" | "source line") {
                    notes.push(format!("{reason}: {t}"));
                }
                // A heading of related stories ends the text; a single story named inline
                // ("Also read | …") does not.
                ended = reason == "related stories"
                    && started
                    && (t.contains('\n') || is_related_heading(t));
                out.dropped.push(Dropped {
                    reason,
                    text: t.to_owned(),
                });
            }
            None => {
                started |= is_paragraph(t);
                kept.push(t);
            }
        }
    }
    let Some(first) = kept.iter().position(|k| is_paragraph(k)) else {
        return;
    };
    let last = kept.iter().rposition(|k| is_paragraph(k)).unwrap_or(first);
    // The headline: the last headline-like block before the first paragraph (a category label
    // or a site's name may stand before it); printed twice (page title and heading), once.
    // The nearest that is no byline, category or time line; failing that, the nearest.
    // A salutation over a speech ("Honorable Chair,") is none.
    // Not a page's counter or banner of a word or two ("Hit 311", "24 Jun", "Breaking News"),
    // which stands nearer the text than its headline; a document's title of two words
    // ("Joint Statement") is one.
    let banner = |k: &str| {
        k.split_whitespace().nth(2).is_none()
            && (k.contains(|c: char| c.is_ascii_digit())
                || [
                    "breaking news",
                    "latest news",
                    "top stories",
                    "latest",
                    "news",
                ]
                .contains(&k.trim().to_lowercase().as_str()))
    };
    let candidate = |k: &&str| headline_like(k) && !is_byline_or_label(k) && !is_salutation(k);
    // A writer's name next to the time, under another candidate: a byline.
    let byline = |j: usize| {
        is_bare_name(kept[j])
            && {
                // A publication line right before it or right after it (`stamps` is in order).
                let at = stamps.partition_point(|(k, _)| *k < j);
                stamps[at..].first().is_some_and(|(k, _)| *k <= j + 1)
            }
            && kept[..j]
                .iter()
                .rev()
                .take(3)
                .any(|k| candidate(k) && is_headline_over_byline(k))
    };
    let mut at = (0..first)
        .rev()
        .find(|&j| candidate(&kept[j]) && !banner(kept[j]) && !byline(j))
        .or_else(|| kept[..first].iter().rposition(candidate))
        .or_else(|| kept[..first].iter().rposition(|k| headline_like(k)));
    // A standfirst under the headline (a long line in sentence case, no full stop) is the
    // text's first paragraph, and the headline the block above it.
    let mut standfirst = None;
    // The headline printed twice, over and under its time: the first, which the time is under.
    if let Some(j) = at
        && j > 0
        && squeeze(kept[j - 1]) == squeeze(kept[j])
    {
        at = Some(j - 1);
    }
    if let Some(j) = at
        && j > 0
        && headline_like(kept[j - 1])
        && is_standfirst(kept[j])
        && over_standfirst(kept[j - 1], kept[j])
    {
        at = Some(j - 1);
        standfirst = Some(j);
    }
    let headline = at.map(|j| kept[j]);
    // The publication line: a first publication under the headline and over the text (a
    // site's banner with today's date may stand over the headline); else the first line, or a
    // first publication after an update.
    let under = at.and_then(|h| {
        stamps
            .iter()
            .find(|(k, s)| *k > h && *k <= first && !s.updated)
            .map(|(_, s)| *s)
    });
    let first_of = |stamps: &[(usize, crate::published::Stamp)]| {
        stamps
            .iter()
            .fold(None, |had: Option<crate::published::Stamp>, (_, s)| {
                if had.is_none_or(|h| h.updated && !s.updated) {
                    Some(*s)
                } else {
                    had
                }
            })
    };
    let mut stamp = under.or_else(|| first_of(&stamps));
    // Failing those, a line over the text whose day reads either way, the same way (not a
    // line under it, which may be another story's).
    let over_text = either.partition_point(|(k, _)| *k <= first);
    if stamp.is_none()
        && let Some(s) = first_of(&either[..over_text])
    {
        notes.push(either_way_note(s.day));
        stamp = Some(s);
    }
    for (i, k) in kept[..first].iter().enumerate() {
        if Some(*k) != headline && standfirst != Some(i) {
            out.dropped.push(Dropped {
                reason: "text before the headline",
                text: (*k).to_owned(),
            });
        }
    }
    for k in &kept[last + 1..] {
        if headline_like(k) {
            out.dropped.push(Dropped {
                reason: "list of other stories",
                text: (*k).to_owned(),
            });
        }
    }
    let body: Vec<String> = kept[first..]
        .iter()
        .enumerate()
        .filter(|(i, k)| first + i <= last || !headline_like(k))
        .map(|(_, k)| (*k).to_owned())
        .collect();
    // A standfirst stands apart: it ends no sentence, and is joined to nothing.
    let paragraphs: Vec<String> = standfirst
        .map(|j| squeeze(kept[j]))
        .into_iter()
        .chain(mend(body, &mut notes))
        .collect();
    notes.insert(
        0,
        if stamped_at.is_some() {
            "the place and day are printed with a time before the text".into()
        } else if let Some(d) = &dateline {
            if d.start.is_some() {
                "the place and day are printed at the end of the text".into()
            } else {
                "the place is printed at the end of the text, with no day".into()
            }
        } else {
            "no dateline: the text prints no place and day before it".into()
        },
    );
    let (title, title_inferred) = match headline {
        Some(mut h) => {
            // A site's name in another script over the headline is none of it.
            while let Some((first, rest)) = h.split_once('\n')
                && other_script(first, rest)
            {
                h = rest;
            }
            let h = squeeze(h);
            // A day put at the end of the headline: "Experts meet on floods (12 June 2024)",
            // "Experts meet on floods – 12.06.2024".
            match day_in_headline(&h) {
                Some((title, day, either)) => {
                    if stamp.is_none() {
                        stamp = Some(crate::published::Stamp {
                            day,
                            updated: false,
                        });
                        notes.push(if either {
                            either_way_note(day)
                        } else {
                            format!("the day {day} is printed in the headline")
                        });
                    }
                    (title, false)
                }
                None => (h, false),
            }
        }
        None => {
            notes.push("no headline: the title is made from the first sentence".into());
            (
                title_from(paragraphs.first().map_or("", String::as_str)),
                true,
            )
        }
    };
    let title = if title_inferred {
        title
    } else {
        unnumbered(title, &mut notes)
    };
    out.items.push(RawItem {
        kind: ItemKind::Article,
        title,
        title_inferred,
        dateline,
        paragraphs,
        spotlight: false,
        activities: false,
        author: None,
        author_title: None,
        notes,
        published: stamp,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every text among the importer's fixtures, one after another, two blank lines apart:
    /// releases, agency copy, pages' text, a digest.
    fn fixture_texts() -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir)
                .expect("a fixtures folder")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "txt") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("a text") + "\n\n\n")
            .collect()
    }

    #[test]
    fn a_long_text_split_on_several_cores_is_split_as_on_one() {
        let text = fixture_texts();
        assert!(text.len() >= PARALLEL_FROM, "{} bytes", text.len());
        let one = split_on(&text, None, false);
        assert!(one.items.len() > 300, "{} items", one.items.len());
        assert!(!one.dropped.is_empty());
        assert_eq!(split_on(&text, None, true), one);
    }

    proptest! {
        /// The fast paths say what the plain definitions say: words joined by single spaces,
        /// and equal keys hash alike.
        #[test]
        fn squeezing_and_keys_agree_with_their_definitions(t in "[a-zA-Z0-9 .,\n\t\u{a0}\u{2003}éЖ’‘'-]{0,300}") {
            let plain = t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(squeeze(&t), plain.clone());
            prop_assert_eq!(is_squeezed(&t), plain == t);
            prop_assert_eq!(key_hash(&t), key_hash(&key(&t)));
            // The key: the words (letters, figures and apostrophes, curly ones made straight)
            // in lower case, one space between them.
            let words: Vec<String> = t
                .chars()
                .map(|c| if matches!(c, '\u{2019}' | '\u{2018}') { '\'' } else { c })
                .collect::<String>()
                .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .filter(|w| !w.is_empty())
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            prop_assert_eq!(key(&t), words.join(" "));
            // Equal keys hash alike however the texts are printed.
            let loud = t.to_uppercase().replace(' ', " \u{2003}- ");
            prop_assert_eq!(key(&loud), key(&t));
            prop_assert_eq!(key_hash(&loud), key_hash(&t));
        }

        /// The caption test by hand says what the pattern it replaced says.
        #[test]
        fn credited_captions_are_read_as_the_pattern_reads_them(
            t in r"[A-Za-zéЖ .!?,/()\n-]{0,12}(\. ?\( ?[A-Za-zéЖⒶ\u{93e}.\- ]{0,34}/ ?[A-Za-zéЖ\u{93e}.\- /]{0,44}\)?)?"
        ) {
            let pattern = regex::Regex::new(
                r"[.!?]\s*\(\s*[\p{L}][\p{L}.\- ]{1,30}/\s*[\p{L}][\p{L}.\- ]{1,40}\)$",
            )
            .expect("valid regex");
            prop_assert_eq!(is_credited_caption(&t), pattern.is_match(&t), "{:?}", t);
        }

        /// Capitals are told by every letter of the first 600, however early the test stops.
        #[test]
        fn text_in_capitals_is_told_as_by_counting_every_letter(
            t in "([A-ZÉ]{0,8}[a-zé]{0,3}[ .,0-9]{0,2}){0,120}"
        ) {
            let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).take(600).collect();
            let upper = letters.iter().filter(|c| c.is_uppercase()).count();
            let plain = letters.len() >= 12 && upper * 100 >= letters.len() * 85;
            prop_assert_eq!(is_capitals(&t), plain);
        }
    }

    #[test]
    fn captions_ending_with_agency_and_photographer_are_told_apart() {
        for (t, want) in [
            ("Ministers at the table. (Wire/A. Writer)", true),
            ("The forum opened.(Agency / Ivan Petrov-Vodkin)", true),
            ("Delegates arrive! ( Жаңа / Б. Ер )", true),
            ("The forum opened (Agency/A. Writer)", false),
            ("The forum opened. (Agency)", false),
            ("The forum opened. (Agency/)", false),
            ("The forum opened. (A/B)", false),
            ("The forum opened. (Agency/Photo/Desk)", false),
            ("The forum opened. (Agency 24/A. Writer)", false),
            ("The forum opened. (Agency/A. Writer) More text.", false),
        ] {
            assert_eq!(is_credited_caption(t), want, "{t:?}");
        }
    }

    #[test]
    fn adverts_captions_and_headers_are_furniture() {
        for t in [
            "woven on old looms\nwarmed by mountain sun",
            "example-land.travel\n#discoverExampleLand",
            "exampleland\nCOME SEE IT AGAIN",
            "example-land.travel",
            "January",
            "11 March 2025, Astana",
            "A PULL QUOTE PRINTED IN CAPITALS ACROSS THE PAGE",
            "Published: 28 March 2025",
            "Delegates at the fifth ministerial meeting (Photo: ZNA)",
            "Read more",
            "Facebook  Twitter  LinkedIn  Telegram  Email",
            "Stay up-to-date with more news on Zar News Agency's channel",
            "Follow the author on X: @ZarNews",
            "Follow Zar News on Telegram",
            "Follow us on Facebook and X",
            "Reading Time: 5 mins",
            "Zar Desk October 12, 2022 2 min read",
            "Editor: zarhua",
            "A. Writer Read more",
            "Home / Media about us",
            "Press Releases | Photo Gallery | Archive",
            "Special Correspondent",
            "WRITER: Zar Reporters",
            "October 3, 2023 by Zar 0 Comments",
            "Comments Print Mail Large Medium Small",
            "Comments() Print Mail Large Medium Small",
            "Comments(12) Print Mail",
            "Images | mfa.zar.example",
            "Rate this article (no votes) (0 votes)",
            "Skip to main content Zar News World Business",
            "Date",
        ] {
            assert!(furniture(t).is_some(), "{t:?}");
        }
        // Captions closed by their photograph's credit, in brackets or not, and a gallery's
        // count of its pictures.
        for t in [
            "The Secretariat's building in Astana. (Supplied)",
            "The minister at the meeting. (ZNA/File)",
            "The new headquarters of the forum in Orken. Photo credit: Zar Secretariat",
            "The President delivers his remarks at the summit in Orken Photo: Office of the President",
            "The envoys met on the sidelines of the forum on Friday. Photo: Courtesy",
            "The minister speaks via video link at the meeting on Thursday. — Photo courtesy Zar Foreign Office",
            "President İlham Zarov at the summit in Orken. Photo: ZNA",
        ] {
            assert_eq!(
                furniture(t),
                Some("photo caption (with its credit)"),
                "{t:?}"
            );
        }
        // Letters whose lower case is shorter or longer than they are, round a credit's label:
        // read without a panic, the second a caption.
        let short = "The \u{2126} resistor \u{201c}in the lab\u{201d} Photo: \u{130} Agency";
        assert_eq!(furniture(short), None);
        let long = "The \u{212a} resistor seen in the lab \u{2014} Photo: \u{130}\u{130} Agency";
        assert_eq!(furniture(long), Some("photo caption (with its credit)"));
        for t in ["1 / 2", "12/14"] {
            assert_eq!(furniture(t), Some("gallery count"), "{t:?}");
        }
        for t in [
            "(Zarnet- Zar News Agency (ZNA))",
            "(Corrects the day of the next meeting in paragraph 3 to Tuesday from Monday)",
        ] {
            assert_eq!(
                furniture(t),
                Some("note in brackets (a credit or a correction)"),
                "{t:?}"
            );
        }
        // A site's menus: links between bars, sections set apart by spaces, lines of links.
        for t in [
            "Zar Times\nNews  |  Zarland  |  Central Asia  |  World  |  Economy\nРус | Eng",
            "Zarland  Other News  Top Stories",
            "twitter\nyoutube\ninstagram\ntelegram\nplay market\nsearch",
        ] {
            assert_eq!(furniture(t), Some("navigation"), "{t:?}");
        }
        // Lists of other stories under their heading, in the languages sites print it.
        for t in [
            "Related reading\nZar envoys discuss the chair\nZarland's president to visit",
            "Most popular stories\nZar and Orken agree on water\nZar bank cuts rates",
            "相关阅读\nZar envoy meets the speaker",
            "Новости по теме\nZar envoy meets the speaker",
        ] {
            assert_eq!(furniture(t), Some("related stories"), "{t:?}");
        }
        for t in [
            "The Secretary General met the Minister.",
            "an international contest for young people, a brainstorming contest",
            "Ambassadors discussed cooperation",
            "CICA engages in Raisina Dialogue in India",
            "A long headline that the layout wrapped\nover two lines of the page",
            // A headline with two spaces in it, and one in capitals.
            "Zarland  Hosts The Forum  On Water",
            "Forum  Ministerial  Meeting  Opens",
            "The envoys met (in the capital)",
            "(LEAD) Envoys meet in the capital (updated)",
            "(Envoys) meet (in the capital)",
            // An agency's mark of what a story holds.
            "Zarland takes part in the ministerial meeting (PHOTO/VIDEO)",
            // A list in the text, a sentence that opens like a prompt.
            "The priorities are:\neconomic cooperation\nenvironmental issues\nhuman dimension\nnew challenges and threats\nmilitary-political dimension\nenergy security",
            "Stay tuned for more news from the summit, which continues on Tuesday.",
            "Ministers spent 45 minutes reading the draft",
            "(The full text of the declaration is available on the Secretariat's site.)",
            "24/7",
            "Forum paints a bleak picture: growth to slow in 2025",
            "Summit ends with a family photo: leaders pledge unity",
            "Zarland seeks to polish its image: minister tours Orken",
            "Envoys meet | Zar Times",
            "Home ministers of the region meet in Orken",
            "Zarland names a new Correspondent",
            "Ministers left 12 comments on the draft in 2023",
            "The Council | the Secretariat | the Chairmanship",
            // A sentence about a photograph; a paragraph too long for a caption.
            "The delegates posed for a group photo: all 28 Member States were there.",
            "The Senior Officials Committee met in Orken to prepare the ministerial meeting and \
             discussed the draft plan of events, the budget of the Secretariat, the concept \
             papers on the new dimensions, and the calendar of the chairmanship for the two \
             years to come, with the delegations of all Member States. Photo: ZNA",
        ] {
            assert!(furniture(t).is_none(), "{t:?}");
        }
        // A headline under a menu's line, a badge over a headline: not furniture as a whole.
        for t in [
            "Politics | World | Economy | Society\nLeaders meet",
            "Latest\nLeaders of the forum meet in Astana",
        ] {
            assert!(
                !matches!(furniture(t), Some("navigation" | "related stories")),
                "{t:?}"
            );
        }
    }

    #[test]
    fn broken_and_repeated_paragraphs_are_mended() {
        let mut notes = Vec::new();
        let got = mend(
            vec![
                "The Council met and the Secretary".into(),
                "General spoke.".into(),
                "It adopted a plan, noting".into(),
                "its wide scope.".into(),
                "The Council met and the Secretary General spoke.".into(),
            ],
            &mut notes,
        );
        assert_eq!(
            got,
            [
                "The Council met and the Secretary General spoke.",
                "It adopted a plan, noting its wide scope."
            ]
        );
        assert_eq!(notes.len(), 3);
    }

    #[test]
    fn long_paragraphs_that_differ_only_in_their_middle_are_both_kept() {
        let opening = "The Senior Officials Committee met in Astana to review the year's work. ";
        let closing = " The delegations thanked the Chairmanship for its hospitality.";
        let one = format!("{opening}It adopted the plan of events for 2025.{closing}");
        let other = format!("{opening}It adopted the plan of events for 2026.{closing}");
        let mut notes = Vec::new();
        let got = mend(
            vec![one.clone(), other.clone(), one.to_uppercase()],
            &mut notes,
        );
        assert_eq!(got, [one, other]);
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn years_from_a_publication_line_or_a_cover() {
        let table: &[(&str, Option<i32>)] = &[
            ("Published: 28 March 2025", Some(2025)),
            ("Publication date: 3 May 2024", Some(2024)),
            ("Issued on 1 June 2023", Some(2023)),
            ("Published in 2019 and 2020", None),
            ("The report was published last year.", None),
        ];
        for (t, want) in table {
            assert_eq!(publication_year(t), *want, "{t}");
        }
        let table: &[(&str, Option<i32>)] = &[
            ("Q1 2025", Some(2025)),
            ("Issue 3, 2024", Some(2024)),
            ("January – March 2025", Some(2025)),
            ("2025", Some(2025)),
            ("CICA at 2025 Forum", None),
            ("Astana, 23 January 2025 – Text.", None),
        ];
        for (t, want) in table {
            assert_eq!(cover_year(t), *want, "{t}");
        }
    }

    #[test]
    fn a_reporter_s_sign_off_inside_a_story_opens_no_item() {
        let text = "Leaders back a shared vision\n\nThe summit closed with a declaration on Saturday.\n\nLeaders spoke about trade and energy.\n\nA. ZAROV\nDUSHANBE, TAJIKISTAN\n\nDelegates say the plan is clearer now.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert!(item.dateline.is_none());
        assert_eq!(item.title, "Leaders back a shared vision");
        assert_eq!(
            item.paragraphs.first().map(String::as_str),
            Some("The summit closed with a declaration on Saturday.")
        );
    }

    #[test]
    fn a_place_and_country_alone_open_a_text_only_over_a_paragraph() {
        let venue = "Calendar\n\n21 February\n\nFirst meeting of the council\n\nAstana, Kazakhstan\n\n24 February\n\nMeeting of the board\n";
        assert!(split(venue, None).items.is_empty());
        let text = "Centres hold a first joint roundtable\n\nBishkek, Kyrgyzstan\n\nOn 14-15 June, the two centres met for the first time.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let d = s.items[0].dateline.as_ref().expect("a dateline");
        assert_eq!(d.place, "Bishkek");
    }

    #[test]
    fn a_site_s_chrome_lines_and_a_byline_round_the_headline_are_cut_away() {
        // An ID, a stamp, link lines and the headline, then a byline over the dateline, all
        // with single line breaks.
        let text = "ID :\n398812\nThu, 04/28/2016 - 16:05\nAuther :\nShortlink :\nhttps://example.org/node/398812\nThe shortlink copeid\nZarland presses the forum to act on sanctions\nBy A. Writer\nBEIJING, April 28 (Zarnews) -- The minister asked the members to act.\nHe spoke at the meeting of ministers.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(item.title, "Zarland presses the forum to act on sanctions");
        let d = item.dateline.as_ref().expect("a dateline");
        assert_eq!(d.place, "Beijing");
        assert_eq!(
            d.start.map(|d| d.to_string()).as_deref(),
            Some("2016-04-28")
        );
    }

    #[test]
    fn a_press_database_record_is_read_by_its_fields() {
        let text = "Copyright 2006 Zarnews International\n\nJune 17, 2006 Saturday 11:26 PM GMT\n\nLENGTH: 301 words\n\nHEADLINE: Zarland urges restraint at the summit\n\nDATELINE: ALMATY, June 17\n\nBODY:\n\nALMATY, June 17 Zarnews - Zarland urged the members to show restraint.\n\nThe summit admitted a new member.\n\nLOAD-DATE: June 18, 2006\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(item.title, "Zarland urges restraint at the summit");
        let d = item.dateline.as_ref().expect("a dateline");
        assert_eq!(d.place, "Almaty");
        assert_eq!(
            d.start.map(|d| d.to_string()).as_deref(),
            Some("2006-06-17")
        );
        assert!(!item.paragraphs.iter().any(|p| p.contains("LOAD-DATE")));
    }

    #[test]
    fn a_list_of_other_headlines_set_apart_at_the_end_is_no_text() {
        let text = "Leaders meet in the capital\n\nDUSHANBE, 08.09.2020. (ZNA) – The President received the Director of the forum's office today.\n\nThe sides discussed the summit.\n\n\n\nPresident Holds Telephone Conversation with the President of Zarland\nZarland and Orkenia Discuss Cooperation in Agriculture\nDelegation Takes Part in the Meeting of Foreign Ministers\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].paragraphs.len(),
            2,
            "{:?}",
            s.items[0].paragraphs
        );
        assert!(s.dropped.iter().any(|d| d.reason == "related stories"));
    }

    #[test]
    fn a_release_s_number_is_no_headline_and_its_place_and_day_sign_it_off() {
        let text = "Home > Press Releases\n\nDirector calls on the Foreign Secretary\n\nNovember 5, 2019| Press Releases|\n\nPress Release No. 286/2019\n\nThe Director of the forum's office called on the Foreign Secretary at the Ministry today.\n\nThe two sides agreed to remain in close contact.\n\nIslamabad\n5 November 2019\n\nLast modified: November 21, 2019\n\nOur foreign policy is one of goodwill towards all the nations of the world.\nMinistry of Foreign Affairs, Constitution Avenue, Islamabad | Tel: +00-00-0000000 | Email: info@example.org\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(item.title, "Director calls on the Foreign Secretary");
        let d = item.dateline.as_ref().expect("a dateline");
        assert_eq!(
            (d.place.as_str(), d.start.map(|d| d.to_string())),
            ("Islamabad", Some("2019-11-05".to_owned()))
        );
    }

    #[test]
    fn a_list_of_points_or_a_headline_inside_the_text_is_kept() {
        let text = "Ministers agree a plan\n\nASTANA, 3 June 2024 – The ministers agreed to:\n\n\nStrengthen Cooperation In The Energy Sector\nExpand Trade Between The Two Countries\nHold Regular Consultations At Ministerial Level\n\n\nThey agreed to meet again next year in the capital.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert!(
            s.items[0]
                .paragraphs
                .iter()
                .any(|p| p.contains("Expand Trade")),
            "{:?}",
            s.items[0].paragraphs
        );
    }

    #[test]
    fn an_event_s_details_are_no_header_and_a_field_that_is_a_sentence_is_text() {
        let text = "Youth forum opens in Astana\n\nThe forum opens next week in the capital of Zarland.\nEvent: Youth Forum\nDate: 12 May 2024\nVenue: Astana\n\nASTANA – The organisers said the forum would gather young diplomats.\n";
        let s = split(text, None);
        assert_eq!(s.items[0].title, "Youth forum opens in Astana");
        assert_eq!(
            furniture("SOURCE: The ministry said the talks were useful and would continue."),
            None
        );
        assert_eq!(furniture("LENGTH: 301 words"), Some("press database field"));
    }

    #[test]
    fn a_place_over_its_day_under_the_title_dates_a_speech() {
        let text = "Statement at the Workshop on Small and Medium Enterprises\n\nBeijing\n14 April 2016\n\nDistinguished Chair,\n\nLet me begin by thanking the host of this workshop for the invitation.\n";
        let s = split(text, None);
        let d = s.items[0].dateline.as_ref().expect("a dateline");
        assert_eq!(
            (d.place.as_str(), d.start.map(|d| d.to_string())),
            ("Beijing", Some("2016-04-14".to_owned()))
        );
    }

    /// (text, the dateline's first day): a dateline without a year takes the year its text
    /// prints with that same day, and only that one.
    #[test]
    fn a_dateline_without_a_year_takes_the_year_its_text_prints_with_that_day() {
        let table: &[(&str, Option<&str>)] = &[
            (
                "Zarland attends the summit\n\nAstana - Information Office - October 13\n\nZarland took part in the summit held in Astana on 12-13 October 2022.\n",
                Some("2022-10-13"),
            ),
            (
                "Envoys meet\n\nDoha, Nov 5: The envoys met in the capital today.\n\n-- ZNA 2014-11-05\n",
                Some("2014-11-05"),
            ),
            // Another day's year is no guide: the text may look back.
            (
                "Officials review the year\n\nDhaka, Dec 11: The officials met on Friday to review the plan adopted on 20 December 2019.\n",
                None,
            ),
            // Nor is the same day of a year the text looks back to, or of a year before one it
            // prints.
            (
                "The forum marks its day\n\nAstana, Oct 5: The forum marked the anniversary of the initiative put forward on 5 October 1992.\n",
                None,
            ),
            (
                "Envoys recall the declaration\n\nAstana, Dec 16 (ZNA) -- The envoys recalled the day, December 16, 2011, and set their plan for 2025.\n",
                None,
            ),
        ];
        for (text, first) in table {
            let s = split(text, None);
            let d = s.items[0].dateline.as_ref().expect("a dateline");
            assert_eq!(d.start.map(|d| d.to_string()).as_deref(), *first, "{text}");
            assert_eq!(d.year_inferred, first.is_some(), "{text}");
        }
    }

    #[test]
    fn a_section_and_a_day_run_into_the_headline_give_the_title_and_the_day() {
        let text = "Stay up to date with the latest news\nSubscribe to our channel\nZarland 21/10/2022 Zarland and the Secretariat discuss youth cooperation\n\nTashkent, Uzbekistan (Zar.com) -- The deputy minister met the Executive Director in the capital.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(
            item.title,
            "Zarland and the Secretariat discuss youth cooperation"
        );
        assert_eq!(
            item.published.map(|p| p.day.to_string()).as_deref(),
            Some("2022-10-21")
        );
    }

    /// A dateline run on after a headline opens at the place it names: a day before its place,
    /// as long as the place ("Dec 7, 2024 – ZKP Kabul –"), is none.
    #[test]
    fn a_run_on_dateline_opens_at_the_place_it_names() {
        let line = "Zarland delegation attends the meeting in Astana Astana, Dec. 7 / Zar /. A delegation of the ministry took part in the meeting.";
        assert_eq!(run_on_dateline(line), line.find("Astana,"));
        let dated_first = "Delegation attends the meeting Dec 7, 2024 – ZKP Kabul – A delegation (led by the minister) met officials in the capital.";
        assert_eq!(run_on_dateline(dated_first), None);
    }

    /// (text, title, place, first day): a feed's headline run into its dateline, a place
    /// on the last line of the headline's block, the day over the place under a statement's
    /// title, a section and a day run into a headline of one line.
    #[test]
    fn a_dateline_run_into_or_set_under_a_headline_is_read() {
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "Thu, 07 Dec 2017 18:40:12 +0600\nZarland delegation attends the meeting in Astana Astana, Dec. 7 / Zar /. A delegation of the ministry took part in the meeting.\n",
                "Zarland delegation attends the meeting in Astana",
                "Astana",
                Some("2017-12-07"),
            ),
            (
                "Advertisement\nLeaders meet on the sidelines of the summit\nASTANA\n\nThe prime minister met the president on the sidelines of the summit on Thursday.\n",
                "Leaders meet on the sidelines of the summit",
                "Astana",
                None,
            ),
            (
                "Zarland 06/06/2022 Zarland backs the forum's transformation\n\nTashkent, Uzbekistan (Zar.com) -- The acting minister received the Executive Director in the capital.\n",
                "Zarland backs the forum's transformation",
                "Tashkent",
                None,
            ),
        ];
        for (text, title, place, first) in table {
            let s = split(text, Some(2017));
            assert_eq!(s.items.len(), 1, "{text}");
            let item = &s.items[0];
            let d = item.dateline.as_ref().expect("a dateline");
            assert_eq!(
                (
                    item.title.as_str(),
                    d.place.as_str(),
                    d.start.map(|d| d.to_string()).as_deref()
                ),
                (*title, *place, *first),
                "{text}"
            );
        }
        let text = "Statement by\nthe Vice Minister of Foreign Affairs of Zarland\nat the Fifth Summit\n15 June 2019\nDushanbe, Republic of Tajikistan\n\nHonorable Chair,\n\nAllow me to thank the host for the warm welcome extended to our delegation.\n";
        let item = split(text, None).items.remove(0);
        let d = item.dateline.clone().expect("a dateline");
        assert_eq!(
            (d.place.as_str(), d.start.map(|d| d.to_string()).as_deref()),
            ("Dushanbe", Some("2019-06-15"))
        );
        // The statement's title stays the headline.
        assert!(item.title.starts_with("Statement by"), "{}", item.title);
    }

    /// Text that only looks like the run-in forms above, in the middle of a story, opens no
    /// item: a dateline quoted, a place and a full stop, a list of capitals, a headline's last
    /// word over its own dateline, a time in local time under a publication line.
    #[test]
    fn run_in_forms_in_the_middle_of_a_story_open_no_item() {
        let story = "Ministers meet in the capital\n\nASTANA, May 3, 2024 (ZNA) -- The ministers met in the capital on Friday to agree on the plan.\n\n";
        for tail in [
            "A dispatch datelined Moscow, May 2 (ZNA) said the envoys had met the day before.\n",
            "Bangkok. The city hosts the regional offices of many international bodies.\n",
            "Beijing, China's capital, will host the next round of the talks in the autumn.\n",
            "The envoys named the following capitals:\nBEIJING\nMOSCOW\nASTANA\n\nThe list will be discussed again at the next meeting of the officials.\n",
        ] {
            let s = split(&format!("{story}{tail}"), None);
            assert_eq!(s.items.len(), 1, "{tail}");
            assert_eq!(s.items[0].title, "Ministers meet in the capital", "{tail}");
        }
        let s = split(
            "LEADERS GATHER FOR THE SUMMIT IN\nASTANA\n\nASTANA, May 3, 2024 (ZNA) -- The leaders gathered in the capital on Friday.\n",
            None,
        );
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].dateline.as_ref().map(|d| d.place.as_str()),
            Some("Astana")
        );
        let s = split(
            "Published: 12 May 2024\n\nASTANA, May 3 (ZNA) -- The summit opened at 10:00 local time\nin the capital with the leaders of the member states.\n",
            None,
        );
        assert_eq!(
            s.items[0].published.map(|p| p.day.to_string()).as_deref(),
            Some("2024-05-12")
        );
    }

    /// (text, title, place, first day, publication day): a credit over the place over its
    /// time under the headline; a section and a day run into a headline printed again under
    /// it, under a currency table's lines; a site's menu and its notice over the headline; a
    /// byline over the day closing a block of headline, standfirst and caption.
    #[test]
    fn a_page_s_header_lines_give_the_headline_place_and_day() {
        type Case<'a> = (
            &'a str,
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let table: &[Case<'_>] = &[
            (
                "Zarland to host a workshop on disaster management\n\nZAR DAILY WITH ZA\nISTANBUL\nJUN 11, 2025 - 2:40 PM GMT+3\n\nZarland will host a workshop of the forum on disaster management later this year.\n",
                "Zarland to host a workshop on disaster management",
                Some("Istanbul"),
                Some("2025-06-11"),
                None,
            ),
            (
                "Zarland diplomat appointed to the council\n\nZAR DAILY\nANKARA\nMAY 12, 2025 - 3:10 PM GMT+3\n\nA veteran diplomat has been appointed to the advisory council of the forum.\n",
                "Zarland diplomat appointed to the council",
                Some("Ankara"),
                Some("2025-05-12"),
                None,
            ),
            (
                "Currency rates from 29/08/2025\n$1 – 12482.38\nZAR – 0.56%\nSearch\nZarland 23/06/2021 Zarland takes part in meetings of the working bodies\nZarland takes part in meetings of the working bodies\n\nTashkent, Uzbekistan (Zar.com) -- A delegation of the ministry took part in the meetings held online.\n",
                "Zarland takes part in meetings of the working bodies",
                Some("Tashkent"),
                None,
                Some("2021-06-23"),
            ),
            (
                "twitter\nyoutube\ninstagram\ntelegram\nplay market\nnight_theme\nsearch\nWHAT ARE YOU LOOKING FOR ?\n\nAny use of materials is allowed only if there is a hyperlink to Zar.az\nZar.az © 2024. .\nPOLITICS\n\nForeign ministers to meet online on December 17\n\n12 December 2024 10:18\n\nThe ministers of the member states will meet by videoconference next week, the press service said.\n",
                "Foreign ministers to meet online on December 17",
                None,
                None,
                Some("2024-12-12"),
            ),
            (
                "ZARLAND\n2 MIN READ\nThe president arrives in Astana for the summit\nThe president will address the summit and hold meetings on its sidelines.\nThe president is welcomed at the airport. / ZA\nBy Staff Reporter\nOctober 12, 2022\n\nThe president has arrived in the capital to attend the summit of the forum.\n",
                "The president has arrived in the capital to attend the summit of the forum",
                None,
                None,
                Some("2022-10-12"),
            ),
        ];
        // A standfirst between the headline and the dateline; a site's tagline over a long
        // headline in sentence case is no headline.
        let table = [
            table,
            &[(
                "Zar News Agency Official Website of Zarland\n\nZarland and Orkenia agree to deepen cooperation in the transport sector\n\nASTANA, 3 June 2024 - The ministers met on Monday and agreed on the priorities.\n",
                "Zarland and Orkenia agree to deepen cooperation in the transport sector",
                Some("Astana"),
                Some("2024-06-03"),
                None,
            )],
            &[(
                "Zar News Agency\n\nJune 15, 2019, 13:40 UTC+3\n\nLeaders call for closer economic ties\n\nThe president also touched upon the situation in the region and the work of the forum\n\nORKEN, June 15. /ZNA/. The president addressed the summit of the forum on Saturday.\n",
                "Leaders call for closer economic ties",
                Some("Orken"),
                Some("2019-06-15"),
                Some("2019-06-15"),
            )],
        ]
        .concat();
        for (text, title, place, first, published) in &table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text}");
            let item = &s.items[0];
            assert_eq!(item.title, *title, "{text}");
            let d = item.dateline.as_ref();
            assert_eq!(d.map(|d| d.place.as_str()), *place, "{text}");
            assert_eq!(
                d.and_then(|d| d.start).map(|d| d.to_string()).as_deref(),
                *first,
                "{text}"
            );
            assert_eq!(
                item.published.map(|p| p.day.to_string()).as_deref(),
                *published,
                "{text}"
            );
        }
    }

    #[test]
    fn a_paragraph_closed_by_an_agency_s_code_is_a_text() {
        let text = "Breaking News\n\nMon Sep 10, 2012 3:47PM\n\nDeputy minister heads to Astana for the talks\n\nThe deputy minister has left the capital for Astana to attend the preparatory sessions of the forum. ZNA/AB\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].title,
            "Deputy minister heads to Astana for the talks"
        );
        assert_eq!(
            s.items[0].published.map(|p| p.day.to_string()).as_deref(),
            Some("2012-09-10")
        );
    }

    /// (text, publication day): a first publication over the headline before an update
    /// under it; the day over the headline before one printed after the text.
    #[test]
    fn an_update_or_a_day_after_the_text_is_not_the_publication() {
        for (text, day) in [
            (
                "Published: 12 May 2024\n\nMinisters agree on the plan for the year\n\nUpdated: 14 May 2024\n\nThe ministers of the member states agreed on the plan of work for the year.\n",
                "2024-05-12",
            ),
            (
                "Zar News\n\n12 May 2024\n\nMinisters agree on the plan for the year\n\nThe ministers of the member states agreed on the plan of work for the year.\n\nThey will meet again in the autumn in the capital of the chair.\n\n15 May 2024\n\nAnother story of the week\n",
                "2024-05-12",
            ),
        ] {
            let s = split(text, None);
            assert_eq!(
                s.items[0].published.map(|p| p.day.to_string()).as_deref(),
                Some(day),
                "{text}"
            );
        }
    }

    #[test]
    fn a_site_s_banner_over_the_headline_gives_way_to_the_item_s_time_under_it() {
        let text = "Zar News\n\nWednesday March 20 2024\n\nZarland elected chair for the next two years\n\n19 March 2024 18:12 (UTC+04:00)\n\nThe ministers approved the bid of Zarland to chair the forum for the next two years, the agency reports.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].published.map(|p| p.day.to_string()).as_deref(),
            Some("2024-03-19")
        );
    }

    #[test]
    fn a_law_s_day_is_no_section_s() {
        assert_eq!(
            section_day_title("Law 3.12.2020 Amended By The Parliament Today"),
            None
        );
    }

    #[test]
    fn a_site_s_clock_dates_no_text() {
        let text = "Sunday 19 September 2021\nKabul Local Time\n08:51 AM\n\nKABUL – The deputy minister met the Executive Director at the ministry this afternoon.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].published, None);
    }

    #[test]
    fn a_news_number_under_the_headline_is_no_headline() {
        let text = "Skip to main content\n\nRegional dialogue opens with a call for trust\n\nBangkok - 22 November 2017\n\nNews Number: G/47/2017\n\nSenior officials gathered in the capital today for a two-day regional dialogue.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        assert_eq!(
            s.items[0].title,
            "Regional dialogue opens with a call for trust"
        );
        let d = s.items[0].dateline.as_ref().expect("a dateline");
        assert_eq!(
            (d.place.as_str(), d.start.map(|d| d.to_string())),
            ("Bangkok", Some("2017-11-22".to_owned()))
        );
    }

    #[test]
    fn an_ambiguous_stamp_gives_the_dateline_its_year() {
        let text = "Two members join the forum\n6/9/2010 4:12:00 PM\n\nISTANBUL, June 9 (ZNA) -- Two states joined the forum.\n";
        let s = split(text, None);
        let d = s.items[0].dateline.as_ref().expect("a dateline");
        assert_eq!(
            d.start.map(|d| d.to_string()).as_deref(),
            Some("2010-06-09")
        );
        assert_eq!(s.items[0].title, "Two members join the forum");
    }

    #[test]
    fn a_place_and_day_with_only_an_agency_s_name_after_them_sign_the_text_off() {
        let text = "Delegation attends the summit\n\n14/10/2022 09:12\n\nA delegation of Zarland attended the summit in the capital.\n\nMinistry of Foreign Affairs\nVientiane, 13 October 2022\n\nZPL\n\nTop\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(item.title, "Delegation attends the summit");
        let d = item.dateline.as_ref().expect("a dateline");
        assert_eq!(
            (d.place.as_str(), d.start.map(|d| d.to_string())),
            ("Vientiane", Some("2022-10-13".to_owned()))
        );
    }

    #[test]
    fn a_headline_over_its_timestamp_without_a_blank_line() {
        let text = "Zarland takes the chair as the summit opens\n Zar.news.zn   2010-06-08 21:35:11      FeedbackPrintRSS\n\nISTANBUL, June 8 (Zarhua) -- Zarland took over the chair on Tuesday.\n";
        let s = split(text, None);
        assert_eq!(s.items.len(), 1);
        let item = &s.items[0];
        assert_eq!(item.title, "Zarland takes the chair as the summit opens");
        let d = item.dateline.as_ref().expect("a dateline");
        assert_eq!(
            d.start.map(|d| d.to_string()).as_deref(),
            Some("2010-06-08")
        );
    }

    #[test]
    fn a_headline_is_found_past_what_a_web_page_prints_round_it() {
        let table: &[(&str, &str)] = &[
            // A heading of related stories glued under the headline.
            (
                "Leaders meet in Orken\nRead also\n\nORKEN, 3 May 2025 (ZNA) – The leaders met in the capital today.\n",
                "Leaders meet in Orken",
            ),
            // A lead and a captioned photograph between the page's title and the dateline.
            (
                "Leaders meet in Orken\n\nPublished: 2025-05-03\n\nThe leaders of the forum met in the capital today and agreed a plan of events for the year.\n\nThe President opens the meeting in the new building Photo: Zar Press Office\n\nORKEN, May 3 (ZNA) – The leaders met in the capital today.\n",
                "Leaders meet in Orken",
            ),
            // A prompt to follow the site, a gallery's captions.
            (
                "Leaders meet in Orken\n\nFollow Zar News on Telegram\n\n1 / 2\n\nThe new building of the forum in Orken. (Supplied)\n\nORKEN, May 3 (ZNA) – The leaders met in the capital today.\n",
                "Leaders meet in Orken",
            ),
        ];
        for (text, title) in table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(s.items[0].title, *title, "{text:?}");
            assert!(!s.items[0].title_inferred, "{text:?}");
            assert_eq!(
                s.items[0].paragraphs,
                ["The leaders met in the capital today."],
                "{text:?}"
            );
        }
        // A headline that is a caption's look-alike is set aside with its reason, not lost.
        let s = split(
            "Delegates meet at the forum in Orken on Friday. Photo credit: Zar Press\n\nORKEN, May 3 (ZNA) – The leaders met in the capital today.\n",
            None,
        );
        assert!(
            s.dropped
                .iter()
                .any(|d| d.reason == "photo caption (with its credit)"),
            "{:?}",
            s.dropped
        );
        // The lead between the headline and the dateline is told as set aside, not lost.
        let s = split(table[1].0, None);
        assert!(
            s.items[0]
                .notes
                .iter()
                .any(|n| n.contains("between the headline and the dateline")),
            "{:?}",
            s.items[0].notes
        );
        assert!(
            s.dropped
                .iter()
                .any(|d| d.reason == "text between the headline and the dateline"
                    && d.text.starts_with("The leaders of the forum met")),
            "{:?}",
            s.dropped
        );
    }

    #[test]
    fn a_text_without_a_dateline_is_titled_past_a_page_s_counters_and_banners() {
        let table: &[(&str, &str)] = &[
            (
                "Envoys meet in Orken for talks\n\nHit 311\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks",
            ),
            (
                "Envoys meet in Orken for talks\n\nBreaking News\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks",
            ),
            // A document's title of two words under the ministry's name.
            (
                "Ministry of Foreign Affairs of Zarland\n\nJoint Statement\n\nThe ministers of the two states met in the capital today.\n",
                "Joint Statement",
            ),
        ];
        for (text, title) in table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(s.items[0].title, *title, "{text:?}");
        }
    }

    #[test]
    fn a_writer_s_name_by_the_time_under_a_headline_is_a_byline() {
        let table: &[(&str, &str)] = &[
            // The name under the time, no dateline.
            (
                "Envoys meet in Orken for talks on transport\n\n13 November 2024 17:35\n\nZara Zarova\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks on transport",
            ),
            // The name over the time, with the place the writer files from.
            (
                "Envoys meet in Orken for talks on transport\n\nThe meeting is the first of its kind in the region this year, the hosts said\n\nZara Zarova in Orken\nWed 21 May 2014 11.42 BST\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks on transport",
            ),
            // A name over its role, and a name over a link to the writer's stories.
            (
                "Envoys meet in Orken for talks on transport\n\n15:42, 04 October 2024\n\nZara Zarova\nEditor\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks on transport",
            ),
            (
                "Envoys meet in Orken for talks on transport\n\n12 June 2025 14:37\n\nZara Zarova\nRead more\n\nThe envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks on transport",
            ),
            // A document's title by its day, with nothing over it, is the headline still.
            (
                "Joint Statement\n\n12 May 2023\n\nThe ministers of the two states met in the capital today.\n",
                "Joint Statement",
            ),
            // So is a short headline in title case under a paper's or an office's name.
            (
                "Orken Daily News\n\nCeasefire Holds\n\n12 May 2023\n\nORKEN, 12 May 2023 – The envoys of the forum met in the capital today.\n",
                "Ceasefire Holds",
            ),
            (
                "Ministry of Foreign Affairs of Zarland\n\nPresident Meets Envoys\n\n12 May 2023\n\nThe president of the republic met the envoys in the capital today.\n",
                "President Meets Envoys",
            ),
        ];
        for (text, title) in table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(s.items[0].title, *title, "{text:?}");
        }
        let names: &[(&str, bool)] = &[
            ("Zara Zarova", true),
            ("Anna-Maria O'Zar", true),
            ("Zara Zarova in Orken", true),
            ("Joint Statement", false),
            ("World News", false),
            ("Envoys meet", false),
            ("ZNA Staff", false),
            ("Zara Zarova Zarovna Zarova", false),
        ];
        for (t, want) in names {
            assert_eq!(is_bare_name(t), *want, "{t:?}");
        }
    }

    #[test]
    fn a_number_before_a_headline_is_set_aside_and_a_ministry_s_numbered_title_kept() {
        let table: &[(&str, &str)] = &[
            (
                "17/ Envoys meet in Orken for talks",
                "Envoys meet in Orken for talks",
            ),
            (
                "07. Zarland to seek full membership of the forum",
                "Zarland to seek full membership of the forum",
            ),
            (
                "PR No. 100 ENVOYS MEET IN ORKEN FOR TALKS",
                "ENVOYS MEET IN ORKEN FOR TALKS",
            ),
            // Kept: the number and day a ministry prints in its headline, a year, a count.
            (
                "No: 287, 24 October 2011, Press Release Regarding the Meeting in Orken",
                "No: 287, 24 October 2011, Press Release Regarding the Meeting in Orken",
            ),
            (
                "2024 Envoys Meeting Opens in Orken",
                "2024 Envoys Meeting Opens in Orken",
            ),
            ("3 Envoys meet in Orken", "3 Envoys meet in Orken"),
            ("12. Envoys meet", "12. Envoys meet"),
            (
                "1. FC Orken beat Zarland in the final",
                "1. FC Orken beat Zarland in the final",
            ),
        ];
        for (title, want) in table {
            let mut notes = Vec::new();
            assert_eq!(
                unnumbered((*title).to_owned(), &mut notes),
                *want,
                "{title:?}"
            );
            assert_eq!(notes.len(), usize::from(title != want), "{title:?}");
        }
        // A reference number alone on its line is furniture.
        assert_eq!(furniture("No. Pol-3/2013"), Some("reference number"));
        assert_eq!(furniture("Ref: MFA/113/2024"), Some("reference number"));
        assert_eq!(furniture("No. 1 in the region"), None);
        for headline in [
            "Referendum 2024",
            "Norway 2030",
            "Nov 12",
            "NO2",
            "Note 5",
            "Reform 2030",
        ] {
            assert!(!is_reference_number(headline), "{headline:?}");
        }
    }

    #[test]
    fn an_e_mail_forwarding_a_text_is_read_from_the_text_it_forwards() {
        let release = "Envoys meet in Orken for talks\n\nThe envoys of the forum met in the capital today.\n\nThey agreed a plan of events.\n";
        let covers = [
            // A salutation, a note and a signature over a rule.
            "From: Zar Embassy <press@zar.example>\nSent: Friday, November 14, 2025 6:31 PM\nTo: Forum Secretariat <press@forum.example>\nSubject: Press release\n\nDear Colleagues,\n\nPlease find below the press release issued today by the Ministry, for your information.\n\nWith regards,\nPress Section\n\n______________________________________\n\n",
            // The mail's own marker, and the forwarded mail's header under it.
            "From: Zara Zarova <z@forum.example>\nSent: Saturday, October 5, 2024 9:14 AM\nSubject: Fwd: envoys\n\nFor the daily digest, please.\n\nZ.\n\n---------- Forwarded message ---------\nFrom: Media Monitoring <m@forum.example>\nDate: Fri, Oct 4, 2024 at 6:02 PM\nSubject: envoys\n\n",
            "Dear Sir/Madam,\n\nPlease find below the media release of the Ministry.\n\nWith best regards,\nChancery\n\n-----Original Message-----\nFrom: Media Division\nSent: Friday, August 17, 2018 4:40 PM\n\n",
        ];
        for cover in covers {
            let text = format!("{cover}{release}");
            let s = split(&text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(
                s.items[0].title, "Envoys meet in Orken for talks",
                "{text:?}"
            );
            assert_eq!(
                s.items[0].paragraphs,
                [
                    "The envoys of the forum met in the capital today.",
                    "They agreed a plan of events."
                ],
                "{text:?}"
            );
            assert!(
                s.dropped.iter().any(|d| d.reason == "covering e-mail"),
                "{:?}",
                s.dropped
            );
        }
        // Nothing is parted away from: a header alone over a rule (a mail's own text, its parts
        // set apart); a letter's rule over its footnotes, under a salutation; a mail carrying
        // its release inline, over a rule and its notice of confidentiality; a salutation
        // and a note that forwards nothing, over a rule.
        for text in [
            format!("From: Zar Embassy\nSubject: News\n\n__________________\n\n{release}"),
            "Dear Mr. Chairman,\nDear colleagues,\n\nZarland supports the work of the forum and its plan of events for the year, and thanks the Chair for the meeting.\n\nThe envoys of the forum met in the capital today and agreed a plan.\n\n__________________\n\n1 The statement was delivered in Zarish.\n".to_owned(),
            "From: Zar Embassy\nSubject: Release\n\nDear Colleagues,\n\nEnvoys meet in Orken for talks\n\nORKEN, 14 November 2025 – The envoys of the forum met in the capital today.\n\nThey agreed a plan of events for the year.\n\nWith regards,\nPress Section\n\n__________________\n\nThis e-mail and any attachments are intended only for the named recipients. If you have received it in error, please notify the sender.\n".to_owned(),
            format!("Dear colleagues,\n\nThe envoys met again today.\n\n__________________\n\n{release}"),
        ] {
            assert_eq!(forwarded_from(&text), None, "{text:?}");
        }
        // A news paragraph about a message is no notice of confidentiality.
        for t in [
            "The President's message was intended solely for the domestic audience, analysts said.",
            "The communication, intended only for the envoys, was sent in error to the press, the ministry said.",
        ] {
            assert!(!is_mail_disclaimer(t), "{t:?}");
        }
        // A mail's header and its notice of confidentiality are furniture.
        assert_eq!(
            furniture(
                "From: Media Division\nSent: Friday, August 17, 2018 4:40 PM\nSubject: Release"
            ),
            Some("e-mail header")
        );
        assert_eq!(
            furniture(
                "This e-mail and any attachments are intended only for the named recipients. If you have received it in error, please notify the sender."
            ),
            Some("e-mail disclaimer")
        );
    }

    #[test]
    fn a_headline_in_sentence_case_under_a_site_s_name_is_no_standfirst() {
        let table: &[(&str, &str)] = &[
            // The site's name and its motto over two lines, the headline in sentence case.
            (
                "Zar Forum\nEconomics, Politics and Public Policy in the Region and Beyond\n\nWhat Orken can do for a forum the region keeps overlooking\n\nThe summit in Orken opens today, the first hosted by the new chair.\n",
                "What Orken can do for a forum the region keeps overlooking",
            ),
            // A headline wrapped over two lines over its standfirst, and one as long as its
            // standfirst.
            (
                "Envoys meet in Orken to curb\ndrug flows across the region\n\nWorkshop under the forum's framework focuses on synthetic drugs and precursor chemicals\n\nThe workshop opened in the capital today.\n",
                "Envoys meet in Orken to curb drug flows across the region",
            ),
            (
                "Envoys of the forum meet in Orken to curb the drug flows\n\nWorkshop under the forum's framework focuses on synthetic drugs and precursor chemicals\n\nThe workshop opened in the capital today.\n",
                "Envoys of the forum meet in Orken to curb the drug flows",
            ),
            // A standfirst with a long name in capitals, over a wire's dateline.
            (
                "Envoys to meet in Orken, hold a series of bilateral talks\n\nThe meeting of the Conference on Interaction and Confidence Building Measures in Asia will take place in the Zarish capital on October 12-13\n\nORKEN, October 11. /ZNA/. The envoys of the forum will meet in the capital tomorrow.\n",
                "Envoys to meet in Orken, hold a series of bilateral talks",
            ),
            // Still: a headline over a standfirst of clearly more words.
            (
                "Envoys meet in Orken to curb drug flows\n\nWorkshop under the forum's framework focuses on synthetic drugs and precursor chemicals\n\nThe workshop opened in the capital today.\n",
                "Envoys meet in Orken to curb drug flows",
            ),
            // A site's name in another script over the headline (a writer's name and the
            // time under it).
            (
                "Zar TV Телерадиокомпания\nEnvoys meet in Orken for talks\n\nZarova Zara\n23 June 2021, 19:40\nORKEN. ZNA – The envoys of the forum met in the capital today.\n",
                "Envoys meet in Orken for talks",
            ),
        ];
        for (text, title) in table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(s.items[0].title, *title, "{text:?}");
        }
    }

    #[test]
    fn a_day_that_reads_either_way_is_read_day_first_for_an_item_with_no_other_day() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let table: &[(&str, Option<chrono::NaiveDate>, bool)] = &[
            // No dateline, the only day reads either way: day first, flagged.
            (
                "Envoys meet in Orken for talks\n\n10/06/2019 15:28\n\nThe envoys of the forum met in the capital today.\n",
                Some(day(2019, 6, 10)),
                true,
            ),
            // A place with no day over the text, the same.
            (
                "Envoys meet in Orken for talks\n\nLast update 15:20 | 10/06/2010\n\nOrken (ZNA) – The envoys of the forum met in the capital today.\n",
                Some(day(2010, 6, 10)),
                true,
            ),
            // A section's name and a day run into the headline, the same.
            (
                "Zarland 12/10/2023 Envoys meet in Orken for talks\nEnvoys meet in Orken for talks\n\nOrken, Zarland (ZNA) -- The envoys of the forum met in the capital today.\n",
                Some(day(2023, 10, 12)),
                true,
            ),
            // A day that reads one way only is taken as before.
            (
                "Envoys meet in Orken for talks\n\n25/06/2019 15:28\n\nThe envoys of the forum met in the capital today.\n",
                Some(day(2019, 6, 25)),
                false,
            ),
        ];
        for (text, want, flagged) in table {
            let s = split(text, None);
            assert_eq!(s.items.len(), 1, "{text:?}");
            assert_eq!(s.items[0].published.map(|p| p.day), *want, "{text:?}");
            assert_eq!(
                s.items[0]
                    .notes
                    .iter()
                    .any(|n| n.contains("reads either way")),
                *flagged,
                "{text:?}: {:?}",
                s.items[0].notes
            );
        }
    }

    #[test]
    fn several_releases_in_one_text() {
        let text = "Ministers meet in Astana\n\nAstana, 3 June 2024 – Ministers met today.\n\nThey agreed a plan.\n\n\nExperts gather in Baku\n\nBaku, 5 June 2024 – Experts gathered.\n";
        let s = split(text, None);
        let titles: Vec<&str> = s.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Ministers meet in Astana", "Experts gather in Baku"]
        );
        assert_eq!(
            s.items[0].paragraphs,
            ["Ministers met today.", "They agreed a plan."]
        );
    }
}
