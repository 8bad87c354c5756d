//! Calendar dates as CICA's records use them.
//!
//! Three shapes cover every date in the sources:
//! - [`DateSpan`]: one day or several consecutive days ("15–17 January 2025"), never empty;
//! - [`PartialDate`]: a day, a month or a year, for facts known only that precisely
//!   ("Bahrain joined in 2011");
//! - [`Period`]: when something happens, either exact days or an announced, approximate time
//!   ("summer 2025", "Q3 2025", "September 2025", "2026").
//!
//! Calendar dates carry no time zone: a meeting on 27 February in Baku is on 27 February
//! wherever the reader is. Instants (deadlines) are `DateTime<Utc>` elsewhere.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Why a date text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    NotADate(String),
    #[error(
        "`{0}` is not a date form this field accepts (YYYY-MM-DD, YYYY-MM-DD/YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-summer or YYYY)"
    )]
    NotAPeriod(String),
    #[error("`{0}` is not a partial date (YYYY, YYYY-MM or YYYY-MM-DD)")]
    NotAPartialDate(String),
    #[error("the range ends ({end}) before it starts ({start})")]
    EndsBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("`{0}` is not a quarter of the form YYYY-Qn with n from 1 to 4")]
    NotAQuarter(String),
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(DateError::NotADate(text.to_owned()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| DateError::NotADate(text.to_owned()))
}

/// One or more consecutive days. The end is never before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateSpan {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateSpan {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, DateError> {
        if end < start {
            return Err(DateError::EndsBeforeStart { start, end });
        }
        Ok(Self { start, end })
    }

    pub fn day(day: NaiveDate) -> Self {
        Self {
            start: day,
            end: day,
        }
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn end(&self) -> NaiveDate {
        self.end
    }

    pub fn is_single_day(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Number of days covered, counting both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DD/YYYY-MM-DD` (ISO 8601 interval).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        match text.split_once('/') {
            None => parse_day(text).map(Self::day),
            Some((a, b)) => Self::new(parse_day(a)?, parse_day(b)?),
        }
    }

    /// The ISO 8601 text this span parses from.
    pub fn iso(&self) -> String {
        if self.is_single_day() {
            self.start.format("%Y-%m-%d").to_string()
        } else {
            format!(
                "{}/{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }

    /// Human form used on pages and in the digest: "27 February 2025",
    /// "15–17 January 2025", "28 February – 2 March 2025", "30 December 2024 – 2 January 2025".
    pub fn human(&self) -> String {
        let (s, e) = (self.start, self.end);
        if s == e {
            format!("{} {} {}", s.day(), month_name(s.month()), s.year())
        } else if s.year() == e.year() && s.month() == e.month() {
            format!(
                "{}–{} {} {}",
                s.day(),
                e.day(),
                month_name(s.month()),
                s.year()
            )
        } else if s.year() == e.year() {
            format!(
                "{} {} – {} {} {}",
                s.day(),
                month_name(s.month()),
                e.day(),
                month_name(e.month()),
                e.year()
            )
        } else {
            format!(
                "{} {} {} – {} {} {}",
                s.day(),
                month_name(s.month()),
                s.year(),
                e.day(),
                month_name(e.month()),
                e.year()
            )
        }
    }
}

impl fmt::Display for DateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// English month name, 1 = January.
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Where dates in the platform's own human form stand in a text, with the value of an HTML
/// `<time datetime>` for each: "4 June 2002" → `2002-06-04`, "15–17 January 2025" and
/// "28 February – 2 March 2025" → their first day, "August 2008" → `2008-08`. A bare year
/// or a day without a year is not taken (too many numbers look like them). Ranges are byte
/// ranges of `text`, in order and never overlapping.
pub fn human_dates(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    human_dates_about(text, None)
}

/// [`human_dates`], and with `about` (the day the text is about) a day printed without its
/// year too ("on 26–27 March"), in the year that puts it nearest that day.
pub fn human_dates_about(
    text: &str,
    about: Option<NaiveDate>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let words = words(text);
    let month = |i: usize| words.get(i).and_then(|w| month_number(w.1));
    let year = |i: usize| {
        words
            .get(i)
            .filter(|w| w.1.len() == 4 && w.1.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|w| w.1.parse::<i32>().ok())
    };
    let day = |i: usize| {
        words
            .get(i)
            .filter(|w| (1..=2).contains(&w.1.len()))
            .and_then(|w| w.1.parse::<u32>().ok())
    };
    // "15–17" or "15-17": the first day of a range within a month.
    let day_range = |i: usize| {
        let w = words.get(i)?.1;
        let (a, b) = w.split_once('–').or_else(|| w.split_once('-'))?;
        let short = |t: &str| (1..=2).contains(&t.len());
        let (x, y) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
        (short(a) && short(b) && x < y && y <= 31).then_some(x)
    };
    let dash = |i: usize| words.get(i).is_some_and(|w| matches!(w.1, "–" | "-" | "—"));
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let at = |first: usize, last: usize| words[first].0.start..words[last].0.end;
        let ymd = |y: i32, m: u32, d: u32| {
            NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
        };
        // D Month – D Month YYYY
        if let (Some(d1), Some(m1), true, Some(_), Some(m2), Some(y)) = (
            day(i),
            month(i + 1),
            dash(i + 2),
            day(i + 3),
            month(i + 4),
            year(i + 5),
        ) {
            let y1 = if m1 <= m2 { y } else { y - 1 };
            if let Some(v) = ymd(y1, m1, d1) {
                found.push((at(i, i + 5), v));
                i += 6;
                continue;
            }
        }
        // D Month YYYY, D–D Month YYYY
        if let (Some(d), Some(m), Some(y)) =
            (day(i).or_else(|| day_range(i)), month(i + 1), year(i + 2))
            && let Some(v) = ymd(y, m, d)
        {
            found.push((at(i, i + 2), v));
            i += 3;
            continue;
        }
        // D Month, D–D Month, in the year nearest the day the text is about.
        if let (Some(about), Some(d), Some(m)) =
            (about, day(i).or_else(|| day_range(i)), month(i + 1))
            && let Some(v) = [about.year() - 1, about.year(), about.year() + 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                .min_by_key(|c| (*c - about).num_days().abs())
        {
            found.push((at(i, i + 1), v.format("%Y-%m-%d").to_string()));
            i += 2;
            continue;
        }
        // Month YYYY
        if let (Some(m), Some(y)) = (month(i), year(i + 1)) {
            found.push((at(i, i + 1), format!("{y:04}-{m:02}")));
            i += 2;
            continue;
        }
        i += 1;
    }
    found
}

/// The words of a text with their byte ranges, surrounding punctuation left out.
fn words(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                let w: &str = &text[s..i];
                let lead = w.len() - w.trim_start_matches(['(', '[', '“', '"', '\'']).len();
                let core = w[lead..]
                    .trim_end_matches([',', '.', ';', ':', ')', ']', '”', '"', '\'', '?', '!']);
                if !core.is_empty() {
                    out.push((s + lead..s + lead + core.len(), core));
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

fn month_number(word: &str) -> Option<u32> {
    (1..=12).find(|&m| month_name(m) == word)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn month_span(year: i32, first_month: u32, last_month: u32) -> Option<DateSpan> {
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let end = last_day_of_month(year, last_month)?;
    DateSpan::new(start, end).ok()
}

/// A date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl PartialDate {
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        let err = || DateError::NotAPartialDate(text.to_owned());
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
        // Sliced by byte below: a date is ASCII, and nothing else is cut.
        if !t.is_ascii() {
            return Err(err());
        }
        match t.len() {
            4 if digits(t, 4) => t.parse().map(Self::Year).map_err(|_| err()),
            7 if digits(&t[..4], 4) && &t[4..5] == "-" && digits(&t[5..], 2) => {
                let y: i32 = t[..4].parse().map_err(|_| err())?;
                let m: u32 = t[5..].parse().map_err(|_| err())?;
                if (1..=12).contains(&m) {
                    Ok(Self::Month(y, m))
                } else {
                    Err(err())
                }
            }
            10 => parse_day(t).map(Self::Day).map_err(|_| err()),
            _ => Err(err()),
        }
    }

    /// The first day this date could be.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            Self::Day(d) => d,
            Self::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN),
            Self::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// The last day this date could be.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            Self::Day(d) => d,
            Self::Month(y, m) => last_day_of_month(y, m).unwrap_or(NaiveDate::MAX),
            Self::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, Self::Day(_))
    }

    /// ISO 8601 text at its own precision: `2011`, `2014-05`, `2014-05-20`.
    pub fn iso(&self) -> String {
        match *self {
            Self::Day(d) => d.format("%Y-%m-%d").to_string(),
            Self::Month(y, m) => format!("{y:04}-{m:02}"),
            Self::Year(y) => format!("{y:04}"),
        }
    }

    /// "20 May 2014", "May 2014", "2011".
    pub fn human(&self) -> String {
        match *self {
            Self::Day(d) => DateSpan::day(d).human(),
            Self::Month(y, m) => format!("{} {y}", month_name(m)),
            Self::Year(y) => y.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Meteorological seasons of the northern hemisphere, where the CICA region mostly lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    fn name(self) -> &'static str {
        match self {
            Self::Spring => "spring",
            Self::Summer => "summer",
            Self::Autumn => "autumn",
            Self::Winter => "winter",
        }
    }
}

/// A calendar quarter such as 2025-Q1, the unit the Digest is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    q: u8,
}

impl Quarter {
    pub fn new(year: i32, q: u8) -> Option<Self> {
        (1..=4).contains(&q).then_some(Self { year, q })
    }

    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        let err = || DateError::NotAQuarter(text.to_owned());
        let (y, q) = t
            .split_once("-Q")
            .or_else(|| t.split_once("-q"))
            .ok_or_else(err)?;
        if y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) || q.len() != 1 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let q = q.parse().map_err(|_| err())?;
        Self::new(year, q).ok_or_else(err)
    }

    pub fn containing(day: NaiveDate) -> Self {
        // Months 1..=12 map to quarters 1..=4, so the cast cannot truncate.
        Self {
            year: day.year(),
            q: ((day.month() - 1) / 3 + 1) as u8,
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn number(&self) -> u8 {
        self.q
    }

    pub fn span(&self) -> DateSpan {
        let first = u32::from(self.q) * 3 - 2;
        month_span(self.year, first, first + 2).unwrap_or(DateSpan::day(NaiveDate::MIN))
    }

    /// The quarter before this one.
    pub fn previous(&self) -> Self {
        if self.q == 1 {
            Self {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Self {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    /// The quarter after this one.
    pub fn next(&self) -> Self {
        if self.q == 4 {
            Self {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Self {
                year: self.year,
                q: self.q + 1,
            }
        }
    }

    /// The months of the quarter, 1-based.
    pub fn months(&self) -> [u32; 3] {
        let first = u32::from(self.q) * 3 - 2;
        [first, first + 1, first + 2]
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.q)
    }
}

/// When an event takes place: exact days, or an approximate time as announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Days(DateSpan),
    Month(i32, u32),
    Quarter(Quarter),
    Season(i32, Season),
    Year(i32),
}

impl Period {
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        let err = || DateError::NotAPeriod(text.to_owned());
        if t.contains('/') || t.len() == 10 {
            return DateSpan::parse(t).map(Self::Days);
        }
        if let Ok(q) = Quarter::parse(t) {
            return Ok(Self::Quarter(q));
        }
        if let Some((y, s)) = t.split_once('-') {
            let season = match s {
                "spring" => Some(Season::Spring),
                "summer" => Some(Season::Summer),
                "autumn" => Some(Season::Autumn),
                "winter" => Some(Season::Winter),
                _ => None,
            };
            if let Some(season) = season {
                let year = PartialDate::parse(y).map_err(|_| err())?;
                return match year {
                    PartialDate::Year(y) => Ok(Self::Season(y, season)),
                    _ => Err(err()),
                };
            }
        }
        match PartialDate::parse(t).map_err(|_| err())? {
            PartialDate::Year(y) => Ok(Self::Year(y)),
            PartialDate::Month(y, m) => Ok(Self::Month(y, m)),
            PartialDate::Day(d) => Ok(Self::Days(DateSpan::day(d))),
        }
    }

    /// The days this period covers: for approximate periods, every day it could be.
    pub fn span(&self) -> DateSpan {
        let fallback = DateSpan::day(NaiveDate::MIN);
        match *self {
            Self::Days(s) => s,
            Self::Month(y, m) => month_span(y, m, m).unwrap_or(fallback),
            Self::Quarter(q) => q.span(),
            Self::Season(y, s) => match s {
                Season::Spring => month_span(y, 3, 5),
                Season::Summer => month_span(y, 6, 8),
                Season::Autumn => month_span(y, 9, 11),
                Season::Winter => NaiveDate::from_ymd_opt(y, 12, 1)
                    .zip(last_day_of_month(y + 1, 2))
                    .and_then(|(a, b)| DateSpan::new(a, b).ok()),
            }
            .unwrap_or(fallback),
            Self::Year(y) => month_span(y, 1, 12).unwrap_or(fallback),
        }
    }

    /// Exact days, as opposed to an announced approximate time.
    pub fn is_exact(&self) -> bool {
        matches!(self, Self::Days(_))
    }

    /// The text this period parses from.
    pub fn iso(&self) -> String {
        match *self {
            Self::Days(s) => s.iso(),
            Self::Month(y, m) => format!("{y:04}-{m:02}"),
            Self::Quarter(q) => q.to_string(),
            Self::Season(y, s) => format!("{y:04}-{}", s.name()),
            Self::Year(y) => format!("{y:04}"),
        }
    }

    /// The value of an HTML `<time datetime>`: the first day of a span of days, the month,
    /// or the year of a quarter, season or year (HTML has no range or season).
    pub fn datetime(&self) -> String {
        match *self {
            Self::Days(s) => s.start.format("%Y-%m-%d").to_string(),
            Self::Month(y, m) => format!("{y:04}-{m:02}"),
            Self::Quarter(q) => format!("{:04}", q.year()),
            Self::Season(y, _) | Self::Year(y) => format!("{y:04}"),
        }
    }

    /// "15–17 January 2025", "September 2025", "Q3 2025", "summer 2025", "2026".
    pub fn human(&self) -> String {
        match *self {
            Self::Days(s) => s.human(),
            Self::Month(y, m) => format!("{} {y}", month_name(m)),
            Self::Quarter(q) => format!("Q{} {}", q.number(), q.year()),
            Self::Season(y, s) => format!("{} {y}", s.name()),
            Self::Year(y) => y.to_string(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_platforms_human_form_are_found_in_a_sentence() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Membership formalised on 20 May 2014, just before",
                &[("20 May 2014", "2014-05-20")],
            ),
            (
                "met on 15–17 January 2025.",
                &[("15–17 January 2025", "2025-01-15")],
            ),
            (
                "a visit on 17-18 March 2025",
                &[("17-18 March 2025", "2025-03-17")],
            ),
            (
                "from 28 February – 2 March 2025",
                &[("28 February – 2 March 2025", "2025-02-28")],
            ),
            (
                "30 December – 2 January 2025",
                &[("30 December – 2 January 2025", "2024-12-30")],
            ),
            (
                "a protocol of August 2008; the move",
                &[("August 2008", "2008-08")],
            ),
            (
                "(4 June 2002) and 14 September 1999.",
                &[
                    ("4 June 2002", "2002-06-04"),
                    ("14 September 1999", "1999-09-14"),
                ],
            ),
            ("joined in 2011; on 3 May; 28 Member States; May I", &[]),
            (
                "on 31 February 2025 nothing",
                &[("February 2025", "2025-02")],
            ),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, String)> = human_dates(text)
                .into_iter()
                .map(|(r, v)| (&text[r], v))
                .collect();
            let want: Vec<(&str, String)> =
                want.iter().map(|(a, b)| (*a, (*b).to_owned())).collect();
            assert_eq!(got, want, "in {text:?}");
        }
    }

    #[test]
    fn a_day_without_its_year_takes_the_year_nearest_the_text() {
        let about = d("2025-01-10");
        let text = "met on 26–27 March, after talks on 17 December and 5 January 2024.";
        let got: Vec<(&str, String)> = human_dates_about(text, Some(about))
            .into_iter()
            .map(|(r, v)| (&text[r], v))
            .collect();
        assert_eq!(
            got,
            [
                ("26–27 March", "2025-03-26".to_owned()),
                ("17 December", "2024-12-17".to_owned()),
                ("5 January 2024", "2024-01-05".to_owned())
            ]
        );
        assert!(
            human_dates("met on 26–27 March").is_empty(),
            "no year, no day"
        );
    }

    #[test]
    fn every_human_form_of_a_span_is_found_whole() {
        for (a, b) in [
            ("2025-01-15", "2025-01-17"),
            ("2025-02-28", "2025-03-02"),
            ("2024-12-30", "2025-01-02"),
            ("2002-06-04", "2002-06-04"),
        ] {
            let span = DateSpan::new(d(a), d(b)).expect("a span");
            let text = format!("On {}, it met.", span.human());
            let found = human_dates(&text);
            // A span across years is two dates in its human form; each is found.
            assert_eq!(found.first().map(|f| f.1.as_str()), Some(a), "{text}");
            assert!(
                found
                    .iter()
                    .all(|(r, _)| text[r.clone()].chars().all(|c| c != ',')),
                "{text}"
            );
        }
    }

    fn d(s: &str) -> NaiveDate {
        parse_day(s).expect("test date")
    }

    #[test]
    fn a_period_gives_a_valid_html_datetime() {
        let table = [
            ("2025-02-27", "2025-02-27"),
            ("2025-01-15/2025-01-17", "2025-01-15"),
            ("2025-09", "2025-09"),
            ("2025-Q3", "2025"),
            ("2025-summer", "2025"),
            ("2026", "2026"),
        ];
        for (input, datetime) in table {
            let p = Period::parse(input).expect(input);
            assert_eq!(p.datetime(), datetime, "{input}");
        }
    }

    #[test]
    fn periods_parse_and_print_back() {
        // (input, iso, human, first day, last day, exact)
        let table = [
            (
                "2025-02-27",
                "2025-02-27",
                "27 February 2025",
                "2025-02-27",
                "2025-02-27",
                true,
            ),
            (
                "2025-01-15/2025-01-17",
                "2025-01-15/2025-01-17",
                "15–17 January 2025",
                "2025-01-15",
                "2025-01-17",
                true,
            ),
            (
                "2025-02-28/2025-03-02",
                "2025-02-28/2025-03-02",
                "28 February – 2 March 2025",
                "2025-02-28",
                "2025-03-02",
                true,
            ),
            (
                "2024-12-30/2025-01-02",
                "2024-12-30/2025-01-02",
                "30 December 2024 – 2 January 2025",
                "2024-12-30",
                "2025-01-02",
                true,
            ),
            (
                "2025-09",
                "2025-09",
                "September 2025",
                "2025-09-01",
                "2025-09-30",
                false,
            ),
            (
                "2025-Q3",
                "2025-Q3",
                "Q3 2025",
                "2025-07-01",
                "2025-09-30",
                false,
            ),
            (
                "2025-summer",
                "2025-summer",
                "summer 2025",
                "2025-06-01",
                "2025-08-31",
                false,
            ),
            (
                "2024-winter",
                "2024-winter",
                "winter 2024",
                "2024-12-01",
                "2025-02-28",
                false,
            ),
            (
                "2024-02",
                "2024-02",
                "February 2024",
                "2024-02-01",
                "2024-02-29",
                false,
            ),
            ("2026", "2026", "2026", "2026-01-01", "2026-12-31", false),
        ];
        for (input, iso, human, first, last, exact) in table {
            let p = Period::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(p.iso(), iso, "{input}");
            assert_eq!(p.human(), human, "{input}");
            assert_eq!(p.span().start(), d(first), "{input}");
            assert_eq!(p.span().end(), d(last), "{input}");
            assert_eq!(p.is_exact(), exact, "{input}");
            assert_eq!(Period::parse(&p.iso()), Ok(p), "{input} round trip");
        }
    }

    #[test]
    fn bad_periods_are_refused_with_the_reason() {
        let table = [
            ("2025-13-01", "is not a date"),
            ("2025-02-30", "is not a date"),
            (
                "2025-01-17/2025-01-15",
                "ends (2025-01-15) before it starts (2025-01-17)",
            ),
            ("2025-Q5", "is not a date form"),
            ("25-02-27", "is not a date"),
            ("2025-13", "is not a date form"),
            ("soon", "is not a date form"),
            ("2025-monsoon", "is not a date form"),
            ("", "is not a date form"),
        ];
        for (input, expected) in table {
            let err = Period::parse(input).expect_err(input).to_string();
            assert!(err.contains(expected), "{input}: {err}");
        }
    }

    #[test]
    fn partial_dates_know_their_bounds() {
        let table = [
            ("2011", "2011-01-01", "2011-12-31", "2011"),
            ("2014-05", "2014-05-01", "2014-05-31", "May 2014"),
            ("2014-05-20", "2014-05-20", "2014-05-20", "20 May 2014"),
        ];
        for (input, first, last, human) in table {
            let p = PartialDate::parse(input).expect(input);
            assert_eq!(
                (p.first_day(), p.last_day()),
                (d(first), d(last)),
                "{input}"
            );
            assert_eq!(p.human(), human);
            assert_eq!(p.iso(), input);
        }
        for bad in ["2014-5", "14", "2014-00", "2014-05-32", "May 2014"] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quarters() {
        let q = Quarter::parse("2025-Q1").expect("valid");
        assert_eq!(q.to_string(), "2025-Q1");
        assert_eq!(q.span().iso(), "2025-01-01/2025-03-31");
        assert_eq!(q.months(), [1, 2, 3]);
        assert_eq!(Quarter::containing(d("2025-08-15")).to_string(), "2025-Q3");
        for bad in ["2025-Q5", "2025-Q0", "2025Q1", "25-Q1", "2025-Q12"] {
            let err = Quarter::parse(bad).expect_err(bad).to_string();
            assert!(err.contains("YYYY-Qn"), "{bad}: {err}");
        }
    }
}
