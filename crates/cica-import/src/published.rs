//! Publication and timestamp lines printed with a text: "Published: 12 May 2024",
//! "12.05.2024, 14:35", "May 12, 2024 at 10:15 AM", "Updated 2024-05-12T10:15:00+05:00",
//! "Monday, 3 June 2024 | 09:40". Such a line gives the day a text was published, which is the
//! item's day when no dateline gives one.
//!
//! A line counts only if it is short and holds nothing but a label, a weekday, one date and a
//! time: a sentence that mentions a date is not a timestamp. Dates written with slashes or
//! dashes are read only when the order is unambiguous (`25/03/2024`, `03/25/2024`,
//! `13-06-2019`) or a weekday printed with them tells it (`Wednesday, 12/10/2022`);
//! otherwise `03/04/2024` gives no day, and only [`stamp_loose`] reads it, day first: for its
//! year, and (in the splitter) for the day of an item that has no other, with a note asking the
//! editor to check it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

// Month names as the dateline parser reads them, in any case.
use crate::dateline::MONTH_RE as MONTH;

/// A day read from a publication or timestamp line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub day: NaiveDate,
    /// The line says when the text was updated, not first published.
    pub updated: bool,
}

/// Labels that open a timestamp line, longest first; `true` for an update.
const LABELS: &[(&str, bool)] = &[
    ("date of publication", false),
    ("publication time", false),
    ("date created", false),
    ("date published", false),
    ("publication date", false),
    ("last updated", true),
    ("last update", true),
    ("last modified", true),
    ("first published", false),
    ("published date", false),
    ("published", false),
    ("publish date", false),
    ("publish", false),
    ("updated", true),
    ("update", true),
    ("modified", true),
    ("posted", false),
    ("issued", false),
    ("released", false),
    ("created", false),
    ("filed", false),
    ("written", false),
    ("write", false),
    ("edited", true),
    ("date", false),
    ("press release", false),
    // Russian sites: "опубликовано", "обновлено".
    ("опубликовано", false),
    ("обновлено", true),
];

/// Wires and national agencies whose name stands before the day on a publication line, as
/// printed in lower case.
const WIRES: &[&str] = &[
    "xinhua",
    "reuters",
    "tass",
    "itar-tass",
    "ria novosti",
    "afp",
    "ap",
    "anadolu",
    "kyodo",
    "yonhap",
    "bernama",
    "kazinform",
    "trend",
    "azertac",
    "irna",
    "apa",
    "uza",
    "khovar",
    "kabar",
    "montsame",
    "interfax",
    "sputnik",
    "ani",
    "pti",
    "ians",
    "app",
    "vna",
    "wam",
    "kuna",
    "qna",
    "spa",
    "wafa",
];

pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{MONTH})(?:,\s*|\s+)(?P<year>\d{{4}})"
    ))
    .expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<month>{MONTH}),?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>\d{{4}})"
    ))
    .expect("valid regex")
});
static DAY_MON_YEAR_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<day>\d{{1,2}})-(?P<month>{MONTH})-(?P<year>\d{{4}})"
    ))
    .expect("valid regex")
});
/// The year first, then the month named and the day: "2025, April 22".
static YEAR_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<year>\d{{4}}),?\s+(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})\b"
    ))
    .expect("valid regex")
});
/// A time before the day, with its zone: "14:05, 13 May 2022", "14:35 JST, October 11, 2022".
static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:gmt|utc|jst|kst|ist|pkt|ict|cst|msk|trt|gst|bst|cet|est|edt|pst|pdt|wib|hkt|sgt|almt)\b)?\s*[,|•/\-–]?\s*")
        .expect("valid regex")
});
/// The year first, the month and the day in figures: "2024-05-12T10:15:00+05:00",
/// "2014-5-19 21:18:03", "2019.09.27 15:42 GMT".
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<year>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<day>\d{1,2})(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+\-]\d{2}:?\d{2})?)?")
        .expect("valid regex")
});
/// The month and day, the time, a zone and the year, as mail archives print a day: "Jun 17
/// 10:26:41 PDT 2006" (the weekday read before it).
static MAIL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s+[a-z]{{2,5}})?\s+(?P<year>\d{{4}})"
    ))
    .expect("valid regex")
});
/// A label in any language before a date in figures: "Ngày đăng: 14/10/2022", "发布时间：
/// 2016-04-25" (the text in lower case).
static ANY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{L}\p{M}][\p{L}\p{M} ]{0,30}[:：]\s*\d").expect("valid regex")
});
/// The month named, then the day and year in figures: "April, 08/2022", "September/25/2013".
static MONTH_SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<month>{MONTH})(?:,?\s+|/)(?P<day>\d{{1,2}})/(?P<year>\d{{4}})"
    ))
    .expect("valid regex")
});
/// The day first in figures, between dots: "26.09.2024".
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<day>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>\d{4})").expect("valid regex")
});
/// Two numbers and the year between slashes or dashes, in either order: "25/03/2024",
/// "13-06-2019".
static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<a>\d{1,2})(?:/(?P<b>\d{1,2})/|-(?P<b2>\d{1,2})-)(?P<year>\d{4})")
        .expect("valid regex")
});
/// What may follow the date on a timestamp line: a time, a zone, separators.
static TIME_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\s,|·•/\-–—()\[\]]|at\b|\d{1,2}[:.]\d{2}(?::\d{2})?|[ap]\.?m\.?|gmt|utc|(?:almt|aqtt|azt|ist|pkt|ict|cst|msk|trt|irst|irdt|gst|ast|bst|cet|cest|eet|est|edt|pst|pdt|jst|kst|hkt|sgt|wib|mmt|npt|btt|tjt|tmt|uzt|kgt|pht|myt|ulat|bdt|aft)\b|[+\-]\d{1,2}(?::?\d{2})?|hrs?\b|h\b|local time\b|time\b|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|-\s*\d{1,7}\b|(?:hits?|views?|reads?)\s*:?\s*\d{1,9}\b|\d{1,9}\s*(?:hits?|views?|reads?|comments?)\b|\s{2,}\d{1,6}\b|[\p{So}\x{FE0F}]\s*(?:\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d)?k?)?|(?:vol|no|issue)\.?\s*\d{1,5}\b|(?:\p{L}{2,8}\s+)?\d{1,9}\s*просмотр\p{L}*|source:\s*[\p{L} .\-]{2,40}$|adjust font size:?|(?:press release|press statement|news release|statement|(?:\p{L}{3,15}\s+)?news|article|interview|speech|readout|announcement)\b|\d{1,5}/\d{1,5}\b)*$")
        .expect("valid regex")
});

/// A release's number before its day: "No: 152, ", or an issue's: "Special Issue No 13, ",
/// "Issue 3 · ", "ISSUE No 270 / ", or a story's: "News ID: 203512 - ".
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:special\s+)?issue\s+(?:no\.?\s*)?\d{1,5}\s*[,·|/\-–—]?|no[:.]?\s*\d{1,6},|news\s+id\s*:?\s*\d{1,9}\s*[\-–—|])\s*",
    )
    .expect("valid regex")
});
/// A document's number, then its day, month and year between dashes: "1985-26-09-2013".
static NUMBER_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,6}-\d{1,2}-\d{1,2}-(?P<year>\d{4})(?:$|\s)").expect("valid regex")
});
/// An ASCII lower-case letter run into a month's name in capitals and its day: "DigitalOCTOBER 12"
/// (one byte before the month: the text is cut after it).
static RUN_IN_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z](?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{1,2}\b")
        .expect("valid regex")
});
/// One to four words before a day (the text in lower case). Words before a bar are read as
/// the line's parts ([`stamp`]).
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<words>\p{L}[\p{L}\p{M}.'\-]*(?:\s\p{L}[\p{L}\p{M}.'\-]*){0,3})(?:(?P<dash>\s+[\-–—]\s+)|(?P<comma>(?P<spaced>\s)?,\s+)|\s+)")
        .expect("valid regex")
});

/// A byline before the day: "By A. Writer  September 23, 2023, 6:45 pm" (the text in lower
/// case; the names are checked for capitals as printed).
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:submitted\s+|posted\s+)?by\s+(?P<words>[\p{{L}}\p{{N}}_][\p{{L}}\p{{M}}\p{{N}}_.'\-]*(?:\s+\p{{L}}[\p{{L}}\p{{M}}.'\-]*){{0,3}}?)(?P<sep>\s*[-|·]\s*|\s+in\s+\p{{L}}[\p{{L}}\- ]{{0,30}}?\s+on\s+|\s+on\s+|\s+)(?:\d|{MONTH}\s+\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+\d)"
    ))
    .expect("valid regex")
});
/// A part of a timestamp line that credits, no sentence: a writer and an affiliation, a
/// byline, a distributor's line with its own day in figures ("Distributed by Zar on
/// 18/12/2024 09:12").
fn credit_part(part: &str) -> bool {
    let byline = part.starts_with("By ")
        && part
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "in" | "and"));
    let dated = part
        .split_whitespace()
        .find(|w| w.contains('/'))
        .is_some_and(|w| SLASHED.is_match(w));
    affiliated(part) || byline || dated
}

/// A writer's name and affiliation, no sentence: "Dr. A. Writer, Zar Centre for Asian
/// Studies".
fn affiliated(part: &str) -> bool {
    const BODIES: &[&str] = &[
        "Centre",
        "Center",
        "Institute",
        "University",
        "Academy",
        "Foundation",
        "Studies",
        "School",
        "Club",
    ];
    part.rsplit_once(", ").is_some_and(|(name, body)| {
        name.split_whitespace().count() <= 4
            && body.split_whitespace().any(|w| BODIES.contains(&w))
            && !body.ends_with(['.', '!', '?'])
    })
}

/// A syndicating site's note of where and when a story first appeared, up to its day.
static FIRST_APPEARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?the above (?:story|article) first appeared on [^.]{1,60}? on ")
        .expect("valid regex")
});
/// A monitoring service's source line, which dates the report it translates with a
/// two-digit year: "Source: Zar news agency, Orken, in Russian 1214 gmt 22 Oct 04".
static MONITORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^source:.{{1,100}}?\bin [\p{{L}} ]{{2,40}}? \d{{4}} gmt (?P<day>\d{{1,2}}) (?P<month>{MONTH}) (?P<year>\d{{2}})\s*$"
    ))
    .expect("valid regex")
});

/// Whether `line` is a monitoring service's source line with its day.
pub(crate) fn monitored(line: &str) -> bool {
    monitored_day(&line.trim().to_lowercase()).is_some()
}

/// The year a two-digit year stands for: reports on file go back to the 1970s.
pub(crate) fn two_digit_year(yy: i32) -> i32 {
    if yy < 70 { 2000 + yy } else { 1900 + yy }
}

fn monitored_day(lower: &str) -> Option<NaiveDate> {
    let c = MONITORED.captures(lower)?;
    let year = two_digit_year(c["year"].parse().ok()?);
    NaiveDate::from_ymd_opt(
        year,
        crate::dateline::month(&c["month"])?,
        c["day"].parse().ok()?,
    )
}

/// A time right after the day, with a credit after it: "Oct 13, 2024, 08:41 pm SL Time, Zar
/// News Desk, Zarland."
static TIME_THEN_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s,|·•/\-–—(\[]*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?[)\]]?(?:[\s,|·•\-–—]|$)",
    )
    .expect("valid regex")
});

/// An agency's sign-off under a text: "/// Zar, 27 September 2025", "///ZNA, 18 December
/// 2024" (the text in lower case); a note in brackets may follow the day.
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^/{2,}\s*\p{L}[\p{L}\p{M}.&\- ]{0,30},\s*").expect("valid regex")
});

/// A count of views after a pictograph, as a channel's post prints it: "👁 18.3K  edited
/// 21.09.2023, 23:48" (the pictograph already taken).
static VIEWS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,6}(?:[.,]\d{1,3})?[km]?\s+").expect("valid regex"));

/// An agency's name in brackets, or with only its closing bracket, before a time.
static AGENCY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<agency>\(?[\p{L}][\p{L} .&\-]{1,30}\)\s*)(?:\d{1,2}:\d{2}|updated\b|published\b)",
    )
    .expect("valid regex")
});

/// The day a timestamp line gives, if `line` is one. A line of parts between bars is one if
/// a part is ("Source: Zarhua | 2014-05-21 12:40:16 | Editor: A. Name").
pub fn stamp(line: &str) -> Option<Stamp> {
    stamp_with(line, false)
}

/// A timestamp line whose day order may be ambiguous: "6/9/2010 4:12:00 PM" is the 6th of
/// September or the 9th of June, of 2010 either way. Read day first when nothing tells
/// them apart: its year and whether it is an update can be relied on; its day is a guess,
/// which the splitter takes only for an item with no other day, and flags.
pub fn stamp_loose(line: &str) -> Option<Stamp> {
    stamp_with(line, true)
}

/// [`stamp`]; with `loose`, a day whose order is ambiguous is read day first (for its year
/// only).
fn stamp_with(line: &str, loose: bool) -> Option<Stamp> {
    // A day is read only from a line, or a part of it, with the four digits of its year
    // (see [`stamp_of`]), and from no line longer than the longest searched below: asked
    // first, as most lines of text settle it here.
    if line.len() > 4 * 300 || !has_digits(line, 4) {
        return None;
    }
    // A line longer than a timestamp line is told by a search or two, not worth remembering.
    if line.len() > 4 * 90 {
        return read_stamp(line, loose);
    }
    remembered(line, loose)
}

/// The most lines [`remembered`] keeps for each way of reading, on each thread: far more than
/// the furniture of one item. Each line is at most 360 bytes long, so the memory holds at most
/// about 2 MB on a thread (some hundred kilobytes for lines as long as timestamps are).
const REMEMBERED: usize = 2048;

thread_local! {
    /// What [`read_stamp`] gave for lines read lately on this thread, without and with
    /// `loose`: the splitter asks for the day of one block by several of its rules, and
    /// reading a line costs far more than finding it again.
    static READ: std::cell::RefCell<[rustc_hash::FxHashMap<Box<str>, Option<Stamp>>; 2]> =
        Default::default();
}

/// [`read_stamp`], remembered: a line read lately on this thread is not read again (every
/// reading of it gives the same).
fn remembered(line: &str, loose: bool) -> Option<Stamp> {
    let which = usize::from(loose);
    if let Some(found) = READ.with_borrow(|read| read[which].get(line).copied()) {
        return found;
    }
    let found = read_stamp(line, loose);
    READ.with_borrow_mut(|read| {
        let read = &mut read[which];
        if read.len() >= REMEMBERED {
            read.clear();
        }
        read.insert(line.into(), found);
    });
    found
}

/// [`stamp_with`] past its quick tests.
fn read_stamp(line: &str, loose: bool) -> Option<Stamp> {
    // A syndicating site's note under the text: "(The above story first appeared on Zar
    // News on Sep 13, 2023 08:50 AM IST. …)".
    if let Some(m) = FIRST_APPEARED.find(line) {
        let rest = &line[m.end()..];
        let end = rest.find(". ").unwrap_or(rest.len());
        return stamp_of(&rest[..end], 0, loose);
    }
    // A channel's post as a messenger copies it, the channel's name before the time in
    // brackets: "Zar MFA / МИД Зар, [14.03.2024 16:05]".
    if let Some((name, inner)) = line
        .trim_end()
        .strip_suffix(']')
        .and_then(|l| l.rsplit_once(", ["))
        && !name.contains(['[', ']'])
        && (1..=8).contains(&name.split_whitespace().count())
        && inner.contains(':')
        && let Some(s) = stamp_of(inner, 1, loose)
    {
        return Some(s);
    }
    // A site's label run into the day's month in capitals, as a copy joins them: "Zar
    // DigitalOCTOBER 12, 2021" reads as "Zar Digital - OCTOBER 12, 2021".
    let mended;
    let line = if line.len() <= 4 * 90
        && line
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        && let Some(m) = RUN_IN_MONTH.find(line)
    {
        mended = format!("{} - {}", &line[..m.start() + 1], &line[m.start() + 1..]);
        mended.as_str()
    } else {
        line
    };
    stamp_of(line, 1, loose).or_else(|| {
        // A paragraph is not searched for bars: a timestamp line is short.
        if line.len() > 4 * 90 {
            return None;
        }
        // Parts between bars or semicolons; failing those, set apart by two spaces or more, the
        // day and labels of a few words after it, or fields with their names before it
        // ("August 16, 2018   Zar News   Local", "Source:Zar   Date:2016-06-20"): a headline with
        // its day two spaces after it is no timestamp line.
        let bars = line.matches(['|', ';']).count();
        let parts: Vec<&str> = if bars > 0 {
            line.split(['|', ';']).map(str::trim).collect()
        } else if line.trim().contains("  ") {
            let parts: Vec<&str> = line
                .split("  ")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            // The day first, or after fields with their names ("Source:Zar   Date:2016-06-20").
            let day = parts.iter().position(|p| stamp_of(p, 1, loose).is_some())?;
            let labels = parts.iter().enumerate().all(|(k, p)| {
                k == day
                    || (if k < day {
                        p.contains(':')
                    } else {
                        p.split_whitespace().count() <= 3
                    } && !p.ends_with(['.', '!', '?']))
            });
            if !labels {
                return None;
            }
            parts
        } else {
            return None;
        };
        if parts.len() < 2 || parts.len() > 9 {
            return None;
        }
        let mut found = None;
        for part in parts {
            if let Some(s) = stamp_of(part, 1, loose) {
                // The first publication before an update printed beside it.
                if found.is_none_or(|f: Stamp| f.updated && !s.updated) {
                    found = Some(s);
                }
            } else if part.ends_with(['.', '!', '?'])
                || (part.split_whitespace().count() > 4 && !credit_part(part))
            {
                // A sentence among the parts: no timestamp line.
                return None;
            }
        }
        found
    })
}

/// Whether `t` holds at least `n` ASCII digits (looked for only until the `n`th).
fn has_digits(t: &str, n: usize) -> bool {
    t.bytes().filter(u8::is_ascii_digit).take(n).count() == n
}

/// [`stamp_with`], reading an update printed after the date on the same line only while
/// `depth` allows (once).
fn stamp_of(line: &str, depth: u8, loose: bool) -> Option<Stamp> {
    // Bytes first: a paragraph is not counted character by character; and a timestamp has
    // the digits of its year.
    if line.len() > 4 * 90 || !has_digits(line, 4) {
        return None;
    }
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 90 || line.contains('\n') {
        return None;
    }
    let lower = line.to_lowercase();
    if let Some(day) = monitored_day(&lower) {
        return Some(Stamp {
            day,
            updated: false,
        });
    }
    let mut rest = lower.trim_start_matches(['•', '|', '·', ' ', '#']);
    // An icon's name before the day, as a page copied with its pictures' names gives it:
    // "calendar-gray 18 April 2024".
    if let Some((icon, after)) = rest.split_once(' ')
        && let Some((kind, _)) = icon.split_once(['-', '_'])
        && (matches!(kind, "calendar" | "clock" | "icon") || icon.ends_with("-icon"))
    {
        rest = after.trim_start();
    }
    // A line in brackets: "(Last Updated On: May 17, 2023)", "[20 May 2014 17:05]".
    if let Some(inner) = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
        && !inner.contains(['(', ')', '[', ']'])
    {
        rest = inner.trim();
    }
    // An agency's sign-off: its day, and at most a note in brackets after it.
    if rest.starts_with("//")
        && let Some(m) = SIGN_OFF.find(rest)
    {
        let (day, tail) = date_at(&rest[m.end()..], None, loose)?;
        let tail = tail.trim();
        let note = tail.starts_with('(') && tail.ends_with(')') && tail.matches('(').count() == 1;
        return (tail.is_empty() || note).then_some(Stamp {
            day,
            updated: false,
        });
    }
    // Pictographs before the line, and a count of views after them.
    let unmarked = rest.trim_start_matches(|c: char| crate::dateline::pictograph(c) || c == ' ');
    if unmarked.len() < rest.len() {
        rest = match VIEWS.find(unmarked) {
            // A count before a word, not the day of a date: "18.3K edited …", not "12 May …".
            Some(m)
                if unmarked[m.end()..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| {
                        w.starts_with(char::is_alphabetic) && crate::dateline::month(w).is_none()
                    }) =>
            {
                &unmarked[m.end()..]
            }
            _ => unmarked,
        };
    }
    // The agency's name in brackets before the time, as wire copy prints it ("(Wire) 10:48,
    // 12 October 2021"), its opening bracket sometimes lost in copying.
    if rest.bytes().take(4 * 32 + 1).any(|b| b == b')')
        && let Some(m) = AGENCY_BEFORE.captures(rest).and_then(|c| c.name("agency"))
    {
        rest = &rest[m.end()..];
    }
    let mut updated = false;
    // A writer's name before the label, and a time after the date: "A. Writer Published
    // 11 October 2022 | 01:50 PM" (a headline such as "Annual Report Published 12 May 2024"
    // gives no time).
    // A label is a word of its own: "Publisher …" is no "publish" label.
    let label_at = |r: &str| {
        LABELS
            .iter()
            .find(|(l, _)| {
                r.strip_prefix(l)
                    .is_some_and(|after| !after.starts_with(char::is_alphabetic))
            })
            .copied()
    };
    let mut named = false;
    let mut bylined = false;
    let mut labelled = false;
    if label_at(rest).is_none()
        && let Some((at, _)) = rest
            .match_indices(" published")
            .find(|(at, p)| rest[at + p.len()..].starts_with([' ', ':']))
        // A writer's name, or a byline with the source: "By Zar Writer Source:Zar Times
        // Published: …".
        && rest[..at].split_whitespace().count()
            <= if rest[..at].contains("source:") { 6 } else { 3 }
        && !rest[..at].contains(|c: char| c.is_ascii_digit())
        // A name: every word capitalised as printed.
        && line
            .trim_start_matches(['•', '|', '·', ' '])
            .split_whitespace()
            .take(rest[..at].split_whitespace().count())
            .all(|w| w.starts_with(char::is_uppercase))
    {
        rest = &rest[at + 1..];
        named = true;
    }
    // A byline before the day and its time.
    if label_at(rest).is_none()
        && !named
        && let Some(c) = BYLINE.captures(rest)
        && let Some(words) = c.name("words")
        // A name, every word capitalised as printed, or a site's handle ("desk_en_6"); or
        // anything before "in" a section "on" the day ("By Staff report in World on 19
        // November 2024").
        && (c.name("sep").is_some_and(|m| m.as_str().trim_start().starts_with("in "))
            || words
                .as_str()
                .contains(|ch: char| ch == '_' || ch.is_ascii_digit())
            || line
                .trim_start_matches(['•', '|', '·', ' '])
                .split_whitespace()
                .skip(rest[..words.start()].split_whitespace().count())
                .take(words.as_str().split_whitespace().count())
                .all(|w| w.starts_with(char::is_uppercase)))
    {
        // A mark between the name and the day sets the byline apart ("By ZT - Aug 26,2008"):
        // no time is needed then.
        // So do two spaces, where the page printed them apart ("By Zar Staff  October 11,
        // 2021").
        let marked = c
            .name("sep")
            .is_some_and(|m| !m.as_str().trim().is_empty() || m.as_str().starts_with("  "));
        rest = c
            .name("sep")
            .map_or(&rest[words.end()..], |m| &rest[m.end()..])
            .trim_start();
        named = !marked;
        bylined = true;
    }
    // A document's number run into its day in figures, as a ministry's page copies them:
    // "1985-26-09-2013" (number 1985 of 26 September 2013).
    if let Some(c) = NUMBER_DAY.captures(rest)
        && c["year"]
            .parse::<i32>()
            .is_ok_and(|y| (1990..=2199).contains(&y))
        && let Some((_, day)) = rest.split_once('-')
    {
        rest = day;
    }
    // A release's number before its day: "No: 152, 19 May 2014", or a bulletin's before
    // the month: "No 31 November 3, 2008".
    if let Some(c) = NUMBERED.find(rest) {
        rest = &rest[c.end()..];
    } else if let Some(after) = rest
        .strip_prefix("no")
        .map(|r| r.trim_start_matches(['.', ' ']))
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .filter(|r| r.starts_with(' '))
        .map(str::trim_start)
        && after
            .split([' ', ','])
            .next()
            .is_some_and(|w| crate::dateline::month(w).is_some())
    {
        rest = after;
    }
    // A label in another language before a date in figures ("Ngày đăng: 14/10/2022"); not a
    // place ("Orken: 12.05.2024" is a dateline).
    if label_at(rest).is_none()
        && !named
        && let Some(m) = ANY_LABEL.find(rest)
        && let Some((label, _)) = rest[..m.end()].split_once([':', '：'])
        // Another language's: an English label ("Deadline: 30.06.2024") dates no text.
        && !label.is_ascii()
        // Nor a place ("İstanbul: 12.05.2024" is a dateline), compared without the dot the
        // lower case gives a Turkish capital I.
        && !crate::dateline::known_place(&label.trim().replace('\u{307}', ""))
    {
        rest = rest[label.len()..]
            .trim_start_matches([':', '：'])
            .trim_start();
        labelled = true;
    }
    // A label in another script with no colon before a day: "วันที่นำเข้าข้อมูล 13 Oct 2022";
    // not a word in Latin or Cyrillic letters, which may be a place ("Астана 12.10.2022").
    if !labelled
        && !named
        && let Some((word, after)) = rest.split_once(' ')
        && word
            .chars()
            .all(|c| u32::from(c) > 0x052f && !c.is_whitespace() && !c.is_numeric())
        && !word.is_empty()
        && after.starts_with(|c: char| c.is_ascii_digit())
    {
        rest = after;
        labelled = true;
    }
    // A writer's name or a section, one or two capitalised words, before a day in figures or
    // a day with its time: "A. Writer | 12.10.2022", "Region 24/09/2020".
    let mut prefixed = false;
    // The words set apart from the day by a dash or, for a wire's name, a comma: a source's
    // name ("Zar Post Editorial - October 20, 2023"), needing no time.
    let mut set_apart = false;
    if label_at(rest).is_none()
        && !named
        && !bylined
        && !labelled
        && rest.starts_with(|c: char| c.is_alphabetic())
        // The day follows the words at once: a digit soon after them.
        && rest.bytes().take(64).any(|b| b.is_ascii_digit())
        && let Some(c) = PREFIX.captures(rest)
        && let Some(words) = c.name("words")
        && line
            .trim_start_matches(['•', '|', '·', ' '])
            .split_whitespace()
            .take(words.as_str().split_whitespace().count())
            .all(|w| w.starts_with(char::is_uppercase))
        // Nor a weekday or a month: "Sat Apr 12, 2025" is a day.
        && words.as_str().split_whitespace().all(|w| {
            let w = w.trim_end_matches([',', '.']);
            !WEEKDAYS.contains(&w) && crate::dateline::month(w).is_none()
        })
    {
        rest = &rest[c.get(0).map_or(0, |m| m.end())..];
        prefixed = true;
        // Or a wire's name and a comma: "Zarhua, May 19, 2014" ("Orken, 22 May 2014" is a
        // place and its day).
        // So does a space before the comma, over a weekday and the day, as a site prints
        // its name: "Zar Online , Thursday 13 Oct 2022".
        set_apart = c.name("dash").is_some()
            || (c.name("comma").is_some() && WIRES.contains(&words.as_str()))
            || (c.name("spaced").is_some() && weekday_opening(rest).is_some());
        if c.name("comma").is_some() && !set_apart {
            return None;
        }
        // A place this module knows before the dash dates a text as its dateline: "Astana -
        // 22 November 2017" (read by [`crate::dateline::stamped_place`]).
        if set_apart && crate::dateline::known_place(words.as_str()) {
            return None;
        }
    }
    if let Some((label, up)) = label_at(rest) {
        rest = rest[label.len()..].trim_start();
        // "Published on …", "Updated at …", "Edited time: …".
        rest = ["on", "at", "time"]
            .iter()
            .find_map(|w| rest.strip_prefix(w).filter(|r| r.starts_with([' ', ':'])))
            .unwrap_or(rest);
        rest = rest.trim_start();
        rest = rest.trim_start_matches([':', '-', '–', '—', ' ']);
        updated = up;
    }
    // A time before the date: "14:05, 13 May 2022".
    let mut timed = false;
    if let Some(m) = LEADING_TIME.find(rest) {
        rest = &rest[m.end()..];
        timed = true;
    }
    // A weekday before the date: "Monday, 3 June 2024", "Mon 3 Jun 2024", with a time
    // between them ("Wednesday, 09:40, 12/10/2022"). It tells the day from the month in
    // figures when either could be first.
    let mut weekday = None;
    if let Some(w) = weekday_opening(rest) {
        weekday = weekday_named(w);
        rest = rest[w.len()..].trim_start_matches(['.', ',', ' ']);
        if !timed && let Some(m) = LEADING_TIME.find(rest) {
            rest = &rest[m.end()..];
            timed = true;
        }
    }
    let figures =
        rest.starts_with(|c: char| c.is_ascii_digit()) && !rest.contains(char::is_alphabetic);
    let (day, tail) = date_at(rest, weekday, loose)?;
    // A time with the day ("2010-06-08 21:35:11") or after it.
    let with_time = rest.contains(':');
    if named && !with_time {
        return None;
    }
    if prefixed && !with_time && !figures && !timed && !set_apart {
        return None;
    }
    let stamp = Stamp { day, updated };
    if TIME_TAIL.is_match(tail) {
        return Some(stamp);
    }
    // Marks and pictographs after the day, as a social post prints it: "26 October 2022 · 🌐".
    if !timed && !prefixed && !named && !tail.contains(char::is_alphanumeric) {
        return Some(stamp);
    }
    // A time right after the day (or printed with it: "2014-05-21 09:58:40", the credit
    // sometimes run on: "13:43Zarhua Editor: A. Name"), then a short credit (a zone, a desk,
    // an editor, a place).
    let time_with_day = rest[..rest.len() - tail.len()].contains(':');
    // A credit: a few words, each capitalised as printed (a zone, a desk, an editor, a place)
    // or saying when it was updated; a programme's line ("10:00 – Opening ceremony in the
    // main hall") is none.
    let credit = |t: &str| {
        const WHEN: &[&str] = &[
            "ago", "second", "seconds", "hour", "hours", "min", "mins", "minutes", "day", "days",
            "week", "weeks", "month", "months", "year", "years", "time", "local", "updated",
            "update", "by", "at",
        ];
        let n = t.split_whitespace().count();
        n <= 8
            && line.split_whitespace().rev().take(n).all(|w| {
                !w.starts_with(char::is_lowercase)
                    || WHEN.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
            })
    };
    if let Some(m) = TIME_THEN_CREDIT.find(tail)
        && credit(&tail[m.end()..])
    {
        return Some(stamp);
    }
    if time_with_day && credit(tail) {
        return Some(stamp);
    }
    // The update printed after the first publication on the same line: "18 Dec 2024 - 8:41
    // am | Last updated: 18 Dec 2024", "12.10.2021 14:33 (updated: 12.10.2021 16:05)".
    if depth == 0 {
        return None;
    }
    let at = [
        "last update",
        "update",
        "last modified",
        "modified",
        "edited",
        "обновлено",
    ]
    .iter()
    .filter_map(|l| tail.find(l))
    .min()?;
    let (before, after) = tail.split_at(at);
    let before = before.trim_end_matches(['|', '(', '[', ';', ' ', ',']);
    let after = after.trim_end_matches([')', ']']);
    // The update's own day, or only its time ("(updated 14:58 GMT+3)").
    let time_only = || {
        let rest = after
            .trim_start_matches(|c: char| c.is_alphabetic() || c == ' ')
            .trim_start_matches([':', ' ']);
        rest.starts_with(|c: char| c.is_ascii_digit()) && TIME_TAIL.is_match(rest)
    };
    (TIME_TAIL.is_match(before)
        && (stamp_of(after, depth - 1, loose).is_some_and(|s| s.updated) || time_only()))
    .then_some(stamp)
}

/// A line that labels a time printed under it: a section or a name of one or two words, an
/// agency in capitals, a byline ("By A. Writer", "A. Writer", "Star Online Report").
fn is_label(line: &str) -> bool {
    // Labels side by side: "ZARTAG | Politics".
    if line.contains('|') {
        return line
            .split('|')
            .all(|part| !part.trim().is_empty() && is_label(part.trim()));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let last = words.last().map_or("", |w| w.trim_end_matches([':', ',']));
    words.len() <= 2
        || !line.chars().any(char::is_lowercase)
        // A number under a label: "News ID: 851243", "News ID: 851243 - Politics".
        || line.split_once(':').is_some_and(|(k, v)| {
            k.split_whitespace().count() <= 3
                && v.split_whitespace()
                    .next()
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                && v.split_whitespace().count() <= 4
        })
        || words.first().is_some_and(|w| {
            [
                "by",
                "author:",
                "author",
                "editor:",
                "reporter:",
                "source:",
                "written",
            ]
            .iter()
            .any(|l| w.eq_ignore_ascii_case(l))
        })
        || words.iter().any(|w| w.len() == 2 && w.ends_with('.'))
        || [
            "Report",
            "Reporter",
            "Correspondent",
            "Desk",
            "Staff",
            "Bureau",
            "Service",
        ]
        .contains(&last)
}

/// The day a block of a few timestamp lines gives ("13 Oct 2022, 12:05" over "Updated 13 Oct
/// 2022, 14:31"): the first publication's, if every line of the block is a timestamp.
pub fn stamp_block(block: &str) -> Option<Stamp> {
    if !block.contains('\n') {
        return stamp(block);
    }
    if block.len() > 4 * 4 * 90 {
        return None;
    }
    // A site's clock: "Sunday 19 September 2021" over "Orken Local Time".
    if block.lines().any(is_site_clock) {
        return None;
    }
    let mut first: Option<Stamp> = None;
    let mut lines = 0;
    // A label of a few words may stand over or under the time: the agency ("QNA"), the
    // section ("Politics"), a credit. Over a bare date it may be a place: "Orken" over
    // "21 February 2013" signs a text off, and is no timestamp.
    let mut label_over = false;
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        match stamp(line) {
            Some(s) => {
                let lower = line.to_lowercase();
                let bare = !line.contains(':') && LABELS.iter().all(|(l, _)| !lower.starts_with(l));
                if label_over && first.is_none() && bare {
                    return None;
                }
                if first.is_none_or(|had| had.updated && !s.updated) {
                    first = Some(s);
                }
            }
            // Over the time, a label is a byline, an agency or a section; a headline of a few
            // words in title case ("Leaders Meet in Astana") is not.
            // Parts between bars count as labels side by side ("Politics | News ID: 851").
            None if line.split_whitespace().filter(|w| *w != "|").count()
                <= 5 + line.matches('|').count()
                && line.chars().count() <= 100
                && !line.ends_with(['.', '!', '?'])
                && (first.is_some() || is_label(line)) =>
            {
                // A site's address ("www.zar.org") is no place.
                label_over |= first.is_none() && line.starts_with(char::is_uppercase);
            }
            None => return None,
        }
    }
    first.filter(|_| lines <= 4)
}

/// A line that names a site's clock: "Orken Local Time" (a few words, no figures), not a time
/// printed in local time ("10:00 local time").
pub(crate) fn is_site_clock(line: &str) -> bool {
    let line = line.trim();
    // The words counted last: a paragraph is not walked through. Only ASCII letters and spaces
    // lower to nothing but letters of "local time", so the line's last ten bytes tell.
    line.len()
        .checked_sub(10)
        .and_then(|at| line.get(at..))
        .is_some_and(|end| end.eq_ignore_ascii_case("local time"))
        && !line.contains(|c: char| c.is_ascii_digit())
        && line.split_whitespace().count() <= 4
}

/// The weekday `rest` (in lower case) opens with, as a word: "monday, 3 june", "mon 3 jun".
fn weekday_opening(rest: &str) -> Option<&'static str> {
    WEEKDAYS.iter().copied().find(|w| {
        rest.strip_prefix(*w)
            .is_some_and(|r| r.starts_with([',', ' ', '.']))
    })
}

/// The weekday a name in [`WEEKDAYS`] names.
fn weekday_named(w: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    Some(match w.get(..3)? {
        "mon" => Mon,
        "tue" => Tue,
        "wed" => Wed,
        "thu" => Thu,
        "fri" => Fri,
        "sat" => Sat,
        "sun" => Sun,
        _ => return None,
    })
}

/// A date at the start of `t` (lower case), and what follows it. Two numbers of which
/// either could be the month are read by the `weekday` printed with them if it tells them
/// apart, day first if `loose` (for the year), else not at all.
fn date_at(t: &str, weekday: Option<chrono::Weekday>, loose: bool) -> Option<(NaiveDate, &str)> {
    let num = |c: &regex::Captures<'_>, n: &str| c.name(n)?.as_str().parse::<u32>().ok();
    let year = |c: &regex::Captures<'_>| c.name("year")?.as_str().parse::<i32>().ok();
    let found = if let Some(c) = DAY_MONTH_YEAR
        .captures(t)
        .or_else(|| MONTH_DAY_YEAR.captures(t))
        .or_else(|| DAY_MON_YEAR_DASHED.captures(t))
        .or_else(|| MONTH_SLASHED.captures(t))
        .or_else(|| MAIL_DATE.captures(t))
        .or_else(|| YEAR_MONTH_DAY.captures(t))
    {
        let m = crate::dateline::month(c.name("month")?.as_str())?;
        (year(&c)?, m, num(&c, "day")?, c.get(0)?.end())
    } else if let Some(c) = ISO.captures(t).or_else(|| DOTTED.captures(t)) {
        (year(&c)?, num(&c, "m")?, num(&c, "day")?, c.get(0)?.end())
    } else {
        let c = SLASHED.captures(t)?;
        let (a, b) = (num(&c, "a")?, num(&c, "b").or_else(|| num(&c, "b2"))?);
        let y = year(&c)?;
        // A weekday before the day, or among the few words after it ("12/10/2022 Wednesday").
        let weekday = weekday.or_else(|| {
            t[c.get(0)?.end()..]
                .split(|ch: char| !ch.is_alphabetic())
                .filter(|w| !w.is_empty())
                .take(4)
                .filter(|w| w.len() == 3 || WEEKDAYS.contains(w))
                .find_map(weekday_named)
        });
        // A time zone of the United States after it: the month first ("12/11/2021 08:57 AM
        // EST").
        let american = t[c.get(0)?.end()..]
            .split(|ch: char| !ch.is_alphabetic())
            .any(|w| matches!(w, "est" | "edt" | "pst" | "pdt"));
        // A time zone of a country that writes the day first ("06-11-2025 04:46 IST").
        let day_first = t[c.get(0)?.end()..]
            .split(|ch: char| !ch.is_alphabetic())
            .any(|w| {
                matches!(
                    w,
                    "ist" | "pkt" | "msk" | "almt" | "trt" | "azt" | "uzt" | "tjt" | "kgt" | "npt"
                )
            });
        let on = |d: u32, m: u32| {
            NaiveDate::from_ymd_opt(y, m, d)
                .is_some_and(|day| weekday == Some(chrono::Datelike::weekday(&day)))
        };
        let (d, m) = match (a > 12, b > 12) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ if a == b => (a, b),
            _ if on(a, b) && !on(b, a) => (a, b),
            _ if on(b, a) && !on(a, b) => (b, a),
            _ if american && weekday.is_none() => (b, a),
            _ if day_first && weekday.is_none() => (a, b),
            _ if loose => (a, b),
            _ => return None,
        };
        (y, m, d, c.get(0)?.end())
    };
    let (y, m, d, end) = found;
    if !(1990..=2199).contains(&y) {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y, m, d)?, &t[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        cica_domain::parse_day(s).expect("a day")
    }

    #[test]
    fn timestamp_lines_in_every_form_give_their_day() {
        let table: &[(&str, &str, bool)] = &[
            ("Published: 12 May 2024", "2024-05-12", false),
            ("Published time: 13 Oct, 2022 09:12", "2022-10-13", false),
            ("Zar MFA / МИД Зар, [14.03.2024 16:05]", "2024-03-14", false),
            ("Edited time: 13 Oct, 2022 10:40", "2022-10-13", true),
            ("Updated time: 14 Oct, 2022 08:00", "2022-10-14", true),
            ("Modified time: 14 Oct, 2022 08:00", "2022-10-14", true),
            ("Publication time: 12 Oct, 2022 17:30", "2022-10-12", false),
            ("Published on 12 May, 2024", "2024-05-12", false),
            ("Posted on: May 05, 2019", "2019-05-05", false),
            ("12 May 2024, 14:35", "2024-05-12", false),
            ("12.05.2024 14:35", "2024-05-12", false),
            ("12.05.2024", "2024-05-12", false),
            ("May 12, 2024 at 10:15 AM", "2024-05-12", false),
            ("Updated: 2024-05-13T08:00:00+05:00", "2024-05-13", true),
            ("Last updated 13 May 2024 | 08:00 GMT", "2024-05-13", true),
            ("Monday, 3 June 2024 | 09:40", "2024-06-03", false),
            ("14:35 JST, October 11, 2022", "2022-10-11", false),
            // A byline set apart from its day by two spaces, with no time.
            ("By Zar News Staff  October 11, 2021", "2021-10-11", false),
            // A story's number before the weekday, the day and the time.
            (
                "News ID: 203512 - Monday 3 July 2023 - 14:20",
                "2023-07-03",
                false,
            ),
            // An icon's name copied before the day.
            ("• calendar-gray 18 April 2024", "2024-04-18", false),
            // In square brackets; a comma after the month and a section after the time.
            ("[20 May 2014 17:05]", "2014-05-20", false),
            // A document's number run into its day.
            ("1985-26-09-2013", "2013-09-26", false),
            // A day and a time run together, not a document's number.
            ("2024-05-12-1500", "2024-05-12", false),
            ("May, 30, 2023 - 19:42 Politics news", "2023-05-30", false),
            // The year first between dots, and a zone.
            ("2019.09.27 15:42 GMT", "2019-09-27", false),
            // Either number could be the month; an Indian time zone writes the day first.
            ("Updated: 06-11-2025 04:46 IST", "2025-11-06", true),
            ("Zar Post Editorial - October 20, 2023", "2023-10-20", false),
            ("2025, April 22", "2025-04-22", false),
            ("(Last Updated On: May 17, 2023)", "2023-05-17", true),
            ("No 31 November 3, 2008", "2008-11-03", false),
            ("14-07-2010 News Release 10/131", "2010-07-14", false),
            ("Press release 24 September 2019", "2019-09-24", false),
            (
                "Updated: December 18, 2024 Source: Zarhua News Agency",
                "2024-12-18",
                true,
            ),
            ("13.10.2022 ТАСС 512 просмотров", "2022-10-13", false),
            ("วันที่นำเข้าข้อมูล 13 Oct 2022", "2022-10-13", false),
            (
                "Xinhua, May 19, 2014 Adjust font size:",
                "2014-05-19",
                false,
            ),
            (
                "By Staff report in World on 19 November 2024",
                "2024-11-19",
                false,
            ),
            ("By A. Writer on May 3, 2024", "2024-05-03", false),
            (
                "Publish Date: 11 September 2024 - 00:29",
                "2024-09-11",
                false,
            ),
            ("22nd of July, 2013", "2013-07-22", false),
            // A zone of the United States puts the month first.
            ("12/11/2021 08:57 AM EST", "2021-12-11", false),
            (
                "(The above story first appeared on Zar News on Sep 13, 2023 08:50 AM IST. For \
                 more news and updates, log on to our website.)",
                "2023-09-13",
                false,
            ),
            (
                "Written: 2013-06-27 23:41:10Updated: 2013-06-28 08:15:02",
                "2013-06-27",
                false,
            ),
            ("30.10.2022 - Press release", "2022-10-30", false),
            (
                "Zar Desk | Orken | Updated: 2025-11-07 04:46 | Created: 2025-11-06 04:46",
                "2025-11-06",
                false,
            ),
            (
                "18/12/2024 | Press release | Distributed by Zar on 18/12/2024 09:12",
                "2024-12-18",
                false,
            ),
            (
                "By Zar Writer Source:Zar Times Published: 2014-5-19 19:42:05",
                "2014-05-19",
                false,
            ),
            (
                "04.06.2010 | Dr. A. Writer, Zar Centre for Asian Studies",
                "2010-06-04",
                false,
            ),
            // The weekday after the day tells the month: 12 October 2022 was a Wednesday.
            ("11:47 - 12/10/2022 Wednesday", "2022-10-12", false),
            // A site's name set apart by a spaced comma over a weekday and the day.
            ("Zar Online , Thursday 13 Oct 2022", "2022-10-13", false),
            // A site's label run into the month in capitals.
            ("Zar DigitalOCTOBER 12, 2021", "2021-10-12", false),
            // The month's name with slashes.
            ("September/25/2013", "2013-09-25", false),
            ("Sep/25/2013 14:20", "2013-09-25", false),
            ("# 19 April 2023 18:42 (UTC +04:00)", "2023-04-19", false),
            ("15.07.2021          👁 1 206", "2021-07-15", false),
            ("5 April 2024 at 16:05 · 🌐", "2024-04-05", false),
            (
                "Published: November 23, 2023            0   |   187 views",
                "2023-11-23",
                false,
            ),
            // A site's default byline, the month first: 9 June 2010 was a Wednesday.
            (
                "Submitted by desk_en_6 on Wed, 06/09/2010 - 10:03",
                "2010-06-09",
                false,
            ),
            ("Posted by A. Writer | May 3, 2024", "2024-05-03", false),
            ("(Zarhua) Updated: 2014-05-19 22:47", "2014-05-19", true),
            (
                "Source: Zar news agency, Orken, in Russian 1214 gmt 22 Oct 04",
                "2004-10-22",
                false,
            ),
            (
                "Source: Zarland TV, Orken, in Zarish 0900 gmt 3 Mar 98",
                "1998-03-03",
                false,
            ),
            // A wire's page copied: the time glued to the year, how long ago it was updated.
            (
                "October 13, 20229:52 AM GMT+6Updated 3 years ago",
                "2022-10-13",
                false,
            ),
            (
                "May 2, 2024 10:05 AM GMT+5 Updated 2 months ago",
                "2024-05-02",
                false,
            ),
            ("Mon 3rd Jun 2024", "2024-06-03", false),
            ("25/03/2024", "2024-03-25", false),
            ("03/25/2024 11:02 pm", "2024-03-25", false),
            ("Posted: Sept. 9, 2023, 6:05 p.m.", "2023-09-09", false),
            ("2024-05-12", "2024-05-12", false),
            ("Date: 1 April 2025 (ALMT)", "2025-04-01", false),
            ("14 June 2023 10:05 (UTC+05:00)", "2023-06-14", false),
            ("• 04 June, 2023 • 10:05", "2023-06-04", false),
            ("10:05, 14 June 2023", "2023-06-14", false),
            ("Updated 10:05, 14-Jun-2023", "2023-06-14", true),
            ("14.06.2023, 10:05", "2023-06-14", false),
            ("Wed, 14 Jun 2023 10:05:11 +0500", "2023-06-14", false),
            ("4 Jun 2023 - 10:05", "2023-06-04", false),
            ("| Published Jun 04, 2023", "2023-06-04", false),
            ("Sun 4th Jun 2023 | 10:05 PM", "2023-06-04", false),
            ("Wed Jun 14, 2023 10:05PM", "2023-06-14", false),
            ("Special Issue No 13, June 14, 2023", "2023-06-14", false),
            ("Issue 3 · 14 June 2023", "2023-06-14", false),
            (
                "ISSUE No 270 / WEDNESDAY, JUNE 14 2023",
                "2023-06-14",
                false,
            ),
            ("14 June 2023 · 🌐", "2023-06-14", false),
            (
                "By ZT - Jun 14,2023 - Last updated at Jun 14,2023",
                "2023-06-14",
                false,
            ),
            ("Sat Jun 17 10:26:41 PDT 2023", "2023-06-17", false),
            ("By İsmail Zarov - 14 June 2023", "2023-06-14", false),
            // The day, the site and its section set apart by spaces.
            ("August 16, 2018   Zar News   Local", "2018-08-16", false),
            ("Date2023-06-14 Hit3021", "2023-06-14", false),
            ("Ngày đăng: 14/06/2023", "2023-06-14", false),
            ("发布时间：2023-06-14", "2023-06-14", false),
            (
                "2023-06-14 09:58:40    Zarhua    Web Editor: A. Name",
                "2023-06-14",
                false,
            ),
            (
                "June 14, 2023 / 12:40 PM / Updated 2 hours ago",
                "2023-06-14",
                false,
            ),
            ("Date created:   June 14, 2023", "2023-06-14", false),
            ("June 14, 2023        Vol. 6, No. 24", "2023-06-14", false),
            ("14 June 2023 [15:07] - ZARDAY.AZ", "2023-06-14", false),
            ("Zar Xarici İşlər Nazirliyi 14.06.2023", "2023-06-14", false),
            (
                "By Ana Maria Writer  June 14, 2023, 6:45 pm",
                "2023-06-14",
                false,
            ),
            ("by A. Writer 14.06.2023 10:05", "2023-06-14", false),
            (
                "Sun, Jun 14, 2023, 08:41 pm ZL Time, Zarpage News Desk, Zarland.",
                "2023-06-14",
                false,
            ),
            ("2023-06-14 10:05:11", "2023-06-14", false),
            (
                "(Wire Service) 10:48, October 12, 2021",
                "2021-10-12",
                false,
            ),
            ("Zarpress) 08:56, December 18, 2024", "2024-12-18", false),
            (
                "A. Writer Published October 11, 2022 | 01:50 PM",
                "2022-10-11",
                false,
            ),
            ("06.07.2022 [17:05]", "2022-07-06", false),
            ("April, 08/2022 - 17:40", "2022-04-08", false),
            (
                "Sat Apr 12, 2025 01:09 AM  Last update on: Sat Apr 12, 2025 01:14 AM",
                "2025-04-12",
                false,
            ),
            (
                "A. Writer   |12.10.2022 - Update : 12.10.2022",
                "2022-10-12",
                false,
            ),
            ("21 September 2021 10:12 am - 0 - 512", "2021-09-21", false),
            ("No: 152, 19 May 2014", "2014-05-19", false),
            ("Region 24/09/2020", "2020-09-24", false),
            ("Update : 12.10.2022", "2022-10-12", true),
            ("2016/04/27 10:21", "2016-04-27", false),
            ("August 16, 2018 | Local", "2018-08-16", false),
            ("All News 10:02 October 11, 2021", "2021-10-11", false),
            ("ZAWN - Top Stories; 31 May 2002", "2002-05-31", false),
            (
                "Source: Zarhua | 2014-05-21 12:40:16 | Editor: A. Name",
                "2014-05-21",
                false,
            ),
            (
                "Published at 06:35 pm April 25th, 2022",
                "2022-04-25",
                false,
            ),
            (
                "12.10.2021, 14:31 GMT+3 (updated 14:58 GMT+3)",
                "2021-10-12",
                false,
            ),
            ("Thursday, October 13, 2022 - 22:15", "2022-10-13", false),
            (
                "Published: 18 Dec 2024 - 8:41 am | Last updated: 18 Dec 2024 - 8:44 am",
                "2024-12-18",
                false,
            ),
            (
                "12.10.2021 14:33 (updated: 12.10.2021 16:05)",
                "2021-10-12",
                false,
            ),
            (
                " Zar.news.zn   2010-06-08 21:35:11      FeedbackPrintRSS",
                "2010-06-08",
                false,
            ),
            (
                "Source:Zarhua Published: 2014-5-20 22:15:43",
                "2014-05-20",
                false,
            ),
            (
                "2023-5-17 21:40| 发布者: admin2| 查看: 86| 评论: 0|原作者: |来自: Zarhua",
                "2023-05-17",
                false,
            ),
            (
                "2017-06-28 13:43Zarhua Editor: A. Name Zar App Download",
                "2017-06-28",
                false,
            ),
            (
                "/// ZNA, 27 September 2025 (Press release by ZCentre, 26 September)",
                "2025-09-27",
                false,
            ),
            ("///ZNA, 18 December 2024", "2024-12-18", false),
            (
                "13.10.2022 (Обновлено: 14.10.2022 10:47)",
                "2022-10-13",
                false,
            ),
            ("👁 18.3K    edited  21.09.2023, 23:48", "2023-09-21", true),
            (
                "Filed on June 15, 2019 | Last updated on June 15, 2019 at 09.40 pm",
                "2019-06-15",
                false,
            ),
            ("June 17, 2006 Saturday 11:26 PM GMT", "2006-06-17", false),
            (
                "Write: 2014-05-19 11:02:37Update: 2014-05-19 11:20:14",
                "2014-05-19",
                false,
            ),
            // The weekday tells the day from the month.
            ("Wednesday, 09:40, 12/10/2022", "2022-10-12", false),
            ("Saturday, 09:40, 12/10/2022", "2022-12-10", false),
            ("POLITICS | 19:05 / 26.09.2024", "2024-09-26", false),
            (
                "Publish : 11 Apr 2025, 10:48 PM   Update : 11 Apr 2025, 10:48 PM",
                "2025-04-11",
                false,
            ),
            ("by Staff Writer 13-06-2019 | 6:05 PM", "2019-06-13", false),
            // A name that opens like a label is a name; a pictograph before a day.
            ("Publisher Zarhua 2014-05-20 22:15", "2014-05-20", false),
            ("📅 12 May 2024", "2024-05-12", false),
            ("🕒 3 June 2024, 10:05", "2024-06-03", false),
        ];
        for (line, want, updated) in table {
            assert_eq!(
                stamp(line),
                Some(Stamp {
                    day: day(want),
                    updated: *updated
                }),
                "{line}"
            );
        }
    }

    #[test]
    fn a_day_whose_order_is_ambiguous_gives_its_year_only() {
        assert_eq!(stamp("6/9/2010 4:12:00 PM"), None);
        let loose = stamp_loose("6/9/2010 4:12:00 PM").expect("a year");
        assert_eq!(chrono::Datelike::year(&loose.day), 2010);
        assert_eq!(
            stamp_loose("The envoys met on 6/9/2010 in the capital."),
            None
        );
    }

    /// Lines remembered on a thread give what a first reading gives: each line its own day,
    /// read strictly or loosely as asked, and again after the memory filled and was emptied.
    #[test]
    fn a_line_read_again_gives_what_its_first_reading_gave() {
        const MONTHS: [&str; 4] = ["March", "Jun", "October", "DEC"];
        let lines: Vec<String> = (0..3 * REMEMBERED)
            .map(|k| {
                let (day, year) = (1 + k % 28, 1990 + k / 28 % 60);
                match k % 4 {
                    0 => format!("Published: {day} {} {year}", MONTHS[k / 4 % 4]),
                    // Either way: no day read strictly, a day read loosely.
                    1 => format!("{}/{}/{year} 4:12:00 PM", 1 + k % 12, 1 + k / 12 % 12),
                    2 => format!("Updated {year}-{:02}-{day:02} 10:15", 1 + k % 12),
                    _ => format!("The envoys met on {day} May {year} in the capital."),
                }
            })
            .collect();
        let (mut strict, mut loose) = (0, 0);
        for round in 0..2 {
            // Each way of reading first in one round.
            let ways = if round == 0 {
                [false, true]
            } else {
                [true, false]
            };
            for l in &lines {
                for is_loose in ways {
                    let first = read_stamp(l, is_loose);
                    assert_eq!(stamp_with(l, is_loose), first, "{l} (round {round})");
                    assert_eq!(stamp_with(l, is_loose), first, "{l} again");
                    if round == 0 && first.is_some() {
                        *if is_loose { &mut loose } else { &mut strict } += 1;
                    }
                }
            }
        }
        // The lines hold days, and loose readings that strict ones refuse.
        assert!(strict > REMEMBERED, "{strict} read strictly");
        assert!(loose > strict, "{loose} read loosely, {strict} strictly");
        // Each way's lines were remembered, and no more of them than the bound.
        let kept = READ.with_borrow(|read| [read[0].len(), read[1].len()]);
        assert!(
            kept.iter().all(|n| (1..=REMEMBERED).contains(n)),
            "{kept:?}"
        );
    }

    /// A site's clock is a line of a few words without figures; a time printed in local time
    /// is none.
    #[test]
    fn a_site_s_clock_is_no_stamp_and_local_time_is_no_clock() {
        assert_eq!(
            stamp_block("Sunday 19 September 2021\nKabul Local Time"),
            None
        );
        assert_eq!(
            stamp_block(
                "Published: 12 May 2024, 10:00 local time\nUpdated: 13 May 2024, 09:00 local time"
            )
            .map(|s| s.day),
            Some(day("2024-05-12"))
        );
    }

    /// Digits are counted in ASCII only, up to the number asked for.
    #[test]
    fn a_line_has_the_digits_of_a_year_or_it_has_not() {
        for (t, n, want) in [
            ("", 0, true),
            ("", 1, false),
            ("12 May 2024", 4, true),
            ("12 May 2024", 7, false),
            ("May 2024", 4, true),
            ("May 202", 4, false),
            // Other scripts' digits are no year's here.
            ("١٢ مايو ٢٠٢٤", 1, false),
            ("no digits at all", 1, false),
        ] {
            assert_eq!(has_digits(t, n), want, "{t:?} {n}");
        }
        // A line without the four digits of a year gives no day, in any form.
        for t in [
            "12 May",
            "Published 3 June",
            "(The above story first appeared on Zar News on Sep 13. …)",
        ] {
            assert_eq!(stamp(t), None, "{t}");
            assert_eq!(stamp_loose(t), None, "{t}");
        }
    }

    #[test]
    fn sentences_and_ambiguous_dates_are_not_timestamps() {
        for line in [
            "The talks were held on 12 May 2024 in Astana.",
            "12 May 2024 marked the anniversary of the Declaration.",
            "03/04/2024",
            "31.02.2024",
            "Published: soon",
            "Astana, 12 May 2024 – The Secretariat met.",
            // A place before the dash: a dateline, read as one.
            "Bangkok - 22 November 2017",
            // A place before a comma (a wire's name before one is a publication line).
            "Orken, 22 May 2014",
            "Petra, May 19, 2014",
            // A place before a spaced comma and a weekday is still a place.
            "ASTANA , Thursday 13 Oct 2022",
            // A letter beyond ASCII run into the month: no label's end to cut at.
            "iZaréOCTOBER 12, 2021",
            "1 April 1985",
            "",
            "Published: 12 May 2024, with photographs by the Secretariat and the press service",
            "/// ZNA, 27 September 2025 and the envoys met again",
            // A byline "on" a day needs a name's shape; a title before "Published" is no name.
            "By order of the Minister on 12 May 2024",
            "The Annual Report Of The Forum Published 12 May 2024 | 10:00",
            // A headline in title case with its day after a bar.
            "Zarland and Orkenia Sign Agreement on Trade | 12 May 2024",
            // Nor with its day two spaces after it, a short one either.
            "Zarland and Orkenia Sign Agreement on Trade  12 May 2024",
            "Joint Statement  12 May 2024",
            "Envoys Meet in Orken  12 May 2024",
            "/// ZNA, 27 September 2025 (a) the envoys met (b)",
            // Either number could be the month.
            "Posted: 06-12-2019 10:05",
            // A document's number run into a day that reads either way; not a day of 2010.
            "2010-11-10-2021",
            // A word with a hyphen before a day is no icon's name.
            "time-lapse 18 April 2024",
            // A byline and a day one space apart need a time to be a publication line.
            "By Zar News Staff October 11, 2021",
            // A word with a hyphen before a day is an icon's name only for a clock or a
            // calendar.
            "Semi-final 18 April 2024",
            "👁 18.3K the envoys met on 21.09.2023",
            "The report was published 12 May 2024",
            "(Wire Service) 10:48, officials met on 12 May 2024",
            "Annual Report Published 12 May 2024",
            "12 May 2024 | updated the report on the talks",
            "12 May 2024 (updated: soon)",
            "Astana hosts 12 May 2024",
            "Talks held 12 May 2024",
            "By Sunday 12 May 2024 the report had been sent",
            "Astana: 12.05.2024",
            "Deadline: 30 June 2024",
            "Next session: 14.06.2023",
            "İstanbul: 12.05.2024",
            "15 June 2023, 10:00 – Opening ceremony in the main hall",
            "14 June 2023, 09:30 – Registration of delegations",
            "2023-06-14 09:58 Delegates arrive in Astana for talks",
            "12 May 2024, 10:00 – Delegates gathered in the hall of the Palace of Independence for the opening",
            // A headline with its day in brackets, no channel's post.
            "Envoys meet in Orken, [14.03.2024]",
            "The envoys met in the capital of Zarland to discuss the plan of events for the year, [14.03.2024 16:05]",
        ] {
            assert_eq!(stamp(line), None, "{line}");
        }
    }

    #[test]
    fn a_block_of_timestamp_lines_gives_the_first_publication() {
        assert_eq!(
            stamp_block("13 OCT 2022, 12:05\nUpdated 13 OCT 2022, 14:31"),
            Some(Stamp {
                day: day("2022-10-13"),
                updated: false
            })
        );
        assert_eq!(
            stamp_block("Updated 14 OCT 2022\n13 OCT 2022, 12:05"),
            Some(Stamp {
                day: day("2022-10-13"),
                updated: false
            })
        );
        assert_eq!(
            stamp_block("13 OCT 2022, 12:05\nLeaders met in Astana."),
            None
        );
        // The agency over the time, the section under it.
        assert_eq!(
            stamp_block("QNA\nPublished: 18 Dec 2024 - 8:41 am"),
            Some(Stamp {
                day: day("2024-12-18"),
                updated: false
            })
        );
        assert_eq!(
            stamp_block("06.07.2022 [17:05]\nPolitics"),
            Some(Stamp {
                day: day("2022-07-06"),
                updated: false
            })
        );
        // A place over a bare date signs a text off.
        assert_eq!(stamp_block("Islamabad\n21 February 2013"), None);
        assert_eq!(
            stamp_block("ZARTAG | Politics\n17.12.2024 [18:05]"),
            Some(Stamp {
                day: day("2024-12-17"),
                updated: false
            })
        );
        // A headline of a few words is no label of the time under it.
        assert_eq!(
            stamp_block("Leaders Meet in Orken\n12 May 2024, 14:05"),
            None
        );
        assert_eq!(
            stamp_block("Star Online Report\nSat Apr 12, 2025 01:09 AM"),
            Some(Stamp {
                day: day("2025-04-12"),
                updated: false
            })
        );
        // A writer over a labelled day.
        assert_eq!(
            stamp_block("A. Writer\nPublished October 14, 2022"),
            Some(Stamp {
                day: day("2022-10-14"),
                updated: false
            })
        );
    }
}
