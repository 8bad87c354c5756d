//! Printed PDFs (a Digest issue, a release saved as PDF): the text in the order the document
//! draws it, one paragraph after another. The glyphs and their places come from `pdf-extract`;
//! this module puts them back together as a reader sees the page:
//!
//! - glyphs on one baseline make a line; a line that starts lower or further left begins a new
//!   one (columns are drawn one after the other, so the drawing order is the reading order);
//! - running heads and page numbers (lines in the top or bottom margin that repeat on several
//!   pages, or hold only a number) are left out;
//! - lines make a paragraph until the type size changes, the gap to the next line is wider
//!   than the page's line spacing, or a finished sentence is followed by a jump to another
//!   column or page;
//! - words broken at a line end are mended (a soft hyphen always; a hard hyphen unless the
//!   document prints the same word with its hyphen elsewhere), and ligatures are spelt out.
//!
//! What comes out is text in the form the splitter reads: paragraphs separated by blank lines.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// The most pages read from one file: a Digest issue has a few dozen.
const MAX_PAGES: usize = 2_000;
/// The most glyphs read from one file (bounds the memory a hostile file can ask for).
const MAX_GLYPHS: usize = 8_000_000;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("it is not a readable PDF ({0})")]
    Unreadable(String),
    #[error("it is encrypted; save an unprotected copy first")]
    Encrypted,
    #[error("it has {0} pages; the importer reads at most {MAX_PAGES} at a time")]
    TooManyPages(usize),
    #[error("it holds more than {MAX_GLYPHS} characters; split it into parts")]
    TooLarge,
    #[error("its text could not be extracted ({0})")]
    Extraction(String),
    #[error("it holds no text, only images (a scan?); the importer does not read text in pictures")]
    NoText,
    /// Said by the helper that reads PDFs apart from the importer.
    #[error("{0}")]
    Helper(String),
}

/// Whether `bytes` is a PDF: it opens with the PDF header (after white space or a byte order
/// mark, as some writers leave).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .take(1024)
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .unwrap_or(0);
    bytes[start..].starts_with(b"%PDF-")
}

/// The paragraphs of a PDF, in reading order, separated by blank lines.
pub fn read(bytes: &[u8]) -> Result<String, PdfError> {
    let mut doc =
        pdf_extract::Document::load_mem(bytes).map_err(|e| PdfError::Unreadable(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages().len();
    if pages > MAX_PAGES {
        return Err(PdfError::TooManyPages(pages));
    }
    spell_out_cid_widths(&mut doc);
    let mut dev = Glyphs::default();
    // The extractor is a large parser of outside input; a fault in it must cost this one file,
    // never the process.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut dev)
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(_)) if dev.glyphs >= MAX_GLYPHS => return Err(PdfError::TooLarge),
        Ok(Err(e)) => return Err(PdfError::Extraction(format!("{e:?}"))),
        Err(_) => {
            return Err(PdfError::Extraction(
                "the extractor failed on this file".into(),
            ));
        }
    }
    let text = paragraphs(&dev.pages).join("\n\n");
    if text.trim().is_empty() {
        return Err(PdfError::NoText);
    }
    Ok(text)
}

/// The most glyph widths the width tables of one document are spelt out to (a few fonts of
/// a few thousand glyphs each in a real document).
const MAX_WIDTHS: i64 = 1_000_000;

/// Rewrites the width tables of composite fonts from ranges (`first last width`) to lists
/// (`first [width ...]`). The extractor reads only lists; without widths it cannot tell where
/// a glyph ends, and so where a space falls between two runs of text.
fn spell_out_cid_widths(doc: &mut pdf_extract::Document) {
    use pdf_extract::Object;
    let fonts: Vec<pdf_extract::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"CIDFontType0" || n == b"CIDFontType2")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    // One budget for the whole document, whatever the number of fonts.
    let mut spelt = 0i64;
    for id in fonts {
        let table = match doc.objects.get(&id).and_then(|o| o.as_dict().ok()) {
            Some(d) => match d.get(b"W") {
                Ok(Object::Array(a)) => Some(a),
                Ok(Object::Reference(r)) => match doc.objects.get(r) {
                    Some(Object::Array(a)) => Some(a),
                    _ => None,
                },
                _ => None,
            },
            None => None,
        };
        // Past the budget, the tables are left as they are (the text then loses some spaces).
        let widths = match table {
            Some(a) if (a.len() as i64) <= MAX_WIDTHS - spelt => a.clone(),
            _ => continue,
        };
        let number = |o: &Object| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        };
        let mut out: Vec<Object> = Vec::new();
        let mut i = 0;
        let mut ok = true;
        while i < widths.len() {
            match (widths.get(i), widths.get(i + 1), widths.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    spelt += list.len() as i64;
                    if spelt > MAX_WIDTHS {
                        ok = false;
                        break;
                    }
                    out.push(first.clone());
                    out.push(Object::Array(list.clone()));
                    i += 2;
                }
                (Some(Object::Integer(first)), Some(Object::Integer(last)), Some(w)) => {
                    let n = last
                        .checked_sub(*first)
                        .and_then(|d| d.checked_add(1))
                        .filter(|n| (1..=MAX_WIDTHS - spelt).contains(n));
                    let first = *first;
                    match (n, number(w)) {
                        (Some(n), Some(w)) => {
                            spelt += n;
                            out.push(Object::Integer(first));
                            out.push(Object::Array(vec![Object::Real(w as f32); n as usize]));
                        }
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                    i += 3;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && let Some(Ok(d)) = doc.objects.get_mut(&id).map(Object::as_dict_mut) {
            d.set("W", Object::Array(out));
        }
    }
}

/// One line of glyphs on one baseline.
#[derive(Debug, Clone)]
struct Line {
    /// Where the line starts, from the page's left edge, in points.
    x: f64,
    /// Its baseline, from the page's top edge, in points.
    y: f64,
    /// Where its last glyph ends (where it starts, when the font gives no widths).
    end: f64,
    /// Its type size: the size most of its characters are set in.
    size: f64,
    /// Characters set in each size (size in hundredths of a point, count).
    sizes: Vec<(i64, usize)>,
    text: String,
}

impl Line {
    fn settle(&mut self) {
        if let Some(&(s, _)) = self.sizes.iter().max_by_key(|(_, n)| *n) {
            self.size = s as f64 / 100.0;
        }
    }
}

#[derive(Debug, Default)]
struct Page {
    height: f64,
    lines: Vec<Line>,
}

/// The glyphs the extractor reports, gathered into lines per page.
#[derive(Debug, Default)]
struct Glyphs {
    pages: Vec<Page>,
    glyphs: usize,
    /// Where the last glyph ended (its start when the font gives no widths), and its baseline.
    last: Option<(f64, f64)>,
    /// Whether the last glyph's font gave its width.
    last_width_known: bool,
    /// The type size of the last glyph.
    last_size: f64,
    /// Whether the text position was set anew since the last glyph (a new run of text).
    moved: bool,
}

impl OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page {
            height: (media_box.ury - media_box.lly).abs(),
            lines: Vec::new(),
        });
        self.last = None;
        self.moved = true;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        if let Some(p) = self.pages.last_mut() {
            p.lines.iter_mut().for_each(Line::settle);
            p.lines.retain(|l| !l.text.trim().is_empty());
        }
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        let (x, y) = (trm.m31, page.height - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || size < 0.5 {
            return Ok(());
        }
        // The gap from the last glyph to this one, on the same baseline: a gap wider than a
        // fifth of the type size is a space the file does not draw. A font that gives no
        // widths (the extractor reads none for some embedded fonts) leaves only the start of
        // the last glyph known, so there a new run of text starting more than a glyph's width
        // away counts as a space.
        let gap = self.last.map(|(end, _)| x - end);
        let far = if self.last_width_known {
            size * 0.2
        } else {
            size * 0.9
        };
        let spaced = gap.is_some_and(|g| g > far && (self.last_width_known || self.moved));
        let new_line = match (self.last, page.lines.last()) {
            (Some((end, last_y)), Some(_)) => {
                (y - last_y).abs() > size * 0.35
                    || x < end - size * 1.5
                    // Another block set beside it, well apart, in another size or on a
                    // slightly different baseline (a side label). Justified text may leave
                    // wide gaps, but in one size on one baseline.
                    || (self.moved
                        && self.last_width_known
                        && gap.is_some_and(|g| g > size * 2.5)
                        && ((self.last_size - size).abs() > 0.1 * size
                            || (y - last_y).abs() > 0.1 * size))
            }
            _ => true,
        };
        self.moved = false;
        if new_line {
            page.lines.push(Line {
                x,
                y,
                end: x,
                size,
                sizes: Vec::new(),
                text: String::new(),
            });
        }
        let Some(line) = page.lines.last_mut() else {
            return Ok(());
        };
        let end = x + width * size;
        if spaced && !new_line && !line.text.ends_with(' ') {
            line.text.push(' ');
        }
        push_char(&mut line.text, char);
        if !char.trim().is_empty() {
            line.end = line.end.max(end);
        }
        let key = (size * 100.0).round() as i64;
        let visible = !char.trim().is_empty();
        if visible {
            let few = line.sizes.len() < 8;
            match line.sizes.iter_mut().find(|(s, _)| *s == key) {
                Some((_, n)) => *n += char.chars().count(),
                // A line in more than a few sizes is no text to read by size.
                None if few => line.sizes.push((key, char.chars().count())),
                None => {}
            }
        }
        self.last = Some((end.max(x), y));
        self.last_width_known = width > 0.0;
        self.last_size = size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        // Called when the text position is set (Td, TD, Tm, T*).
        self.moved = true;
        Ok(())
    }
}

/// Adds a decoded character, spelling out ligatures and dropping control characters.
fn push_char(text: &mut String, decoded: &str) {
    for c in decoded.chars() {
        match c {
            '\u{FB00}' => text.push_str("ff"),
            '\u{FB01}' => text.push_str("fi"),
            '\u{FB02}' => text.push_str("fl"),
            '\u{FB03}' => text.push_str("ffi"),
            '\u{FB04}' => text.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => text.push_str("st"),
            '\u{A0}' | '\t' => text.push(' '),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
}

/// Running heads and page numbers: lines in a page's top or bottom margin that hold only a
/// page number, or whose first words repeat in the margins of other pages.
fn furniture(pages: &[Page]) -> Vec<Vec<bool>> {
    let in_margin = |p: &Page, l: &Line| l.y < p.height * 0.08 || l.y > p.height * 0.92;
    let opening = |t: &str| -> String {
        t.split_whitespace()
            .take(3)
            .map(|w| w.replace(|c: char| c.is_ascii_digit(), "#"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in pages {
        let mut here: Vec<String> = p
            .lines
            .iter()
            .filter(|l| in_margin(p, l))
            .map(|l| opening(&l.text))
            .collect();
        here.sort();
        here.dedup();
        for k in here {
            *seen.entry(k).or_default() += 1;
        }
    }
    let repeats = if pages.len() >= 3 { 3 } else { 2 };
    pages
        .iter()
        .map(|p| {
            let mut flags: Vec<bool> = p
                .lines
                .iter()
                .map(|l| {
                    in_margin(p, l)
                        && (page_number(&l.text)
                            || seen.get(&opening(&l.text)).copied().unwrap_or(0) >= repeats)
                })
                .collect();
            // What shares a running head's baseline (the section's name set at the other end)
            // belongs to it.
            let heads: std::collections::HashSet<i64> = p
                .lines
                .iter()
                .zip(&flags)
                .filter(|(_, f)| **f)
                .map(|(l, _)| l.y.round() as i64)
                .collect();
            for (l, f) in p.lines.iter().zip(flags.iter_mut()) {
                let y = l.y.round() as i64;
                if in_margin(p, l) && [y - 1, y, y + 1].iter().any(|k| heads.contains(k)) {
                    *f = true;
                }
            }
            flags
        })
        .collect()
}

/// "7", "- 7 -", "Page 7", "7 / 18", "vii".
fn page_number(t: &str) -> bool {
    let t = t
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    let mut parts = t.split(['/', ' ']).filter(|s| !s.is_empty() && *s != "of");
    let number = |s: &str| {
        (s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            || (s.len() <= 6 && s.chars().all(|c| "ivxlc".contains(c)))
    };
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), None, _) => number(a),
        (Some(a), Some(b), None) => number(a) && number(b),
        _ => false,
    }
}

/// Whether a line ends a sentence.
fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', '!', '?', '”', '"', '’'])
}

/// The usual distance from one baseline to the next within a paragraph, per type size on a
/// page: the most common small positive step.
fn line_pitch(lines: &[Line]) -> std::collections::HashMap<i64, f64> {
    let mut steps: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let dy = b.y - a.y;
        if (a.size - b.size).abs() < 0.05 * a.size && dy > 0.5 * a.size && dy < 2.5 * a.size {
            steps
                .entry((a.size * 100.0).round() as i64)
                .or_default()
                .push((dy * 10.0).round() as i64);
        }
    }
    steps
        .into_iter()
        .map(|(size, mut v)| {
            v.sort_unstable();
            // The lower quartile: paragraph gaps are the wider steps.
            (size, v[v.len() / 4] as f64 / 10.0)
        })
        .collect()
}

/// The lines of every page, in order, made into paragraphs.
fn paragraphs(pages: &[Page]) -> Vec<String> {
    let skip = furniture(pages);

    let mut paras: Vec<Vec<String>> = Vec::new();
    // The line before, with the right edge of its column.
    let mut prev: Option<(&Line, f64)> = None;
    let mut new_page = false;
    for (p, page) in pages.iter().enumerate() {
        let pitch = line_pitch(&page.lines);
        // The right edge of the text that starts where a line starts: the furthest any line
        // starting there reaches.
        let mut edges: std::collections::HashMap<i64, f64> = std::collections::HashMap::new();
        for l in &page.lines {
            let e = edges.entry(l.x.round() as i64).or_insert(l.end);
            *e = e.max(l.end);
        }
        let edge = |l: &Line| {
            let x = l.x.round() as i64;
            [x - 1, x, x + 1]
                .iter()
                .filter_map(|k| edges.get(k))
                .fold(l.end, |a, b| a.max(*b))
        };
        new_page = new_page || prev.is_some();
        for (l, line) in page.lines.iter().enumerate() {
            if skip[p][l] {
                continue;
            }
            let text = crate::split::squeeze(&line.text);
            let starts = match prev {
                None => true,
                Some((a, a_edge)) => {
                    let dy = line.y - a.y;
                    let same_size = (a.size - line.size).abs() <= 0.02 * a.size.max(line.size);
                    let usual = pitch
                        .get(&((a.size * 100.0).round() as i64))
                        .copied()
                        .unwrap_or(a.size * 1.2);
                    let jump = new_page || dy < 0.3 * a.size || dy > 3.0 * a.size;
                    let indent = line.x - a.x;
                    // A paragraph goes on where a word was broken or the line goes on in lower
                    // case, whatever the size or place of the next line (a dateline set
                    // smaller than the text it opens; another column or page). A sentence
                    // broken at a column's foot is joined again by the splitter.
                    let goes_on = a.text.trim_end().ends_with(['-', '\u{AD}'])
                        || text.chars().next().is_some_and(char::is_lowercase);
                    if !same_size {
                        !goes_on
                    } else if jump {
                        // A line that fills its column to the edge did not end a paragraph.
                        let full = a.end > a.x + 4.0 * a.size && a.end >= a_edge - 0.3 * a.size;
                        !(goes_on || full)
                    } else {
                        dy > usual * 1.15 + 0.05 * a.size
                            || (indent > 0.6 * a.size
                                && indent < 4.0 * a.size
                                && ends_sentence(&a.text))
                    }
                }
            };
            new_page = false;
            if starts || paras.is_empty() {
                paras.push(vec![text]);
            } else if let Some(last) = paras.last_mut() {
                last.push(text);
            }
            prev = Some((line, edge(line)));
        }
    }
    // The words printed whole somewhere in the document (on one line), to tell a compound
    // broken at its hyphen from a word broken by hyphenation.
    let words: std::collections::HashSet<String> = paras
        .iter()
        .flatten()
        .flat_map(|l| l.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    paras
        .into_iter()
        .map(|lines| join_lines(&lines, &words))
        .filter(|p| !p.is_empty())
        .collect()
}

/// One paragraph's lines as one line of text, with words broken at line ends mended. A hyphen
/// ending a line between two letters is kept when the document prints the word with it
/// elsewhere, dropped when it prints the word without it, and otherwise dropped before a
/// lower-case letter and kept before a capital.
fn join_lines(lines: &[String], words: &std::collections::HashSet<String>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if out.ends_with('\u{AD}') {
            out.pop();
            out.push_str(line);
            continue;
        }
        if out
            .strip_suffix(['–', '—', '/'])
            .is_some_and(|rest| !rest.ends_with(char::is_whitespace))
        {
            // A line broken after an unspaced dash or slash ("20–" / "21 May").
            out.push_str(line);
            continue;
        }
        if out.ends_with(" -") {
            // A dash set as a hyphen, not a broken word.
            out.push(' ');
            out.push_str(line);
            continue;
        }
        if out.ends_with('-') {
            // The word before the hyphen and the one after the break, each at most 64
            // characters (a "word" of a whole paragraph is no word).
            let tail_from = out.char_indices().rev().nth(64).map_or(0, |(k, _)| k);
            let before: String = out[tail_from..out.len() - 1]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            let after: String = line
                .split(char::is_whitespace)
                .next()
                .unwrap_or("")
                .chars()
                .take(64)
                .collect::<String>()
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            let letters = before.chars().last().is_some_and(char::is_alphabetic)
                && after.chars().next().is_some_and(char::is_alphabetic);
            let compound = format!("{before}-{after}").to_lowercase();
            let whole = format!("{before}{after}").to_lowercase();
            let broken_word = letters
                && !words.contains(&compound)
                && (words.contains(&whole) || after.starts_with(char::is_lowercase));
            if broken_word {
                out.pop();
            }
            out.push_str(line);
            continue;
        }
        out.push(' ');
        out.push_str(line);
    }
    out.replace('\u{AD}', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_their_usual_forms_are_recognised() {
        for (t, yes) in [
            ("7", true),
            ("- 7 -", true),
            ("Page 7", true),
            ("7 / 18", true),
            ("Page 7 of 18", true),
            ("xii", true),
            ("2025", true),
            ("7 March", false),
            ("In this issue", false),
            ("12345", false),
        ] {
            assert_eq!(page_number(t), yes, "{t}");
        }
    }

    #[test]
    fn a_word_broken_by_hyphenation_is_mended_and_a_compound_keeps_its_hyphen() {
        let words: std::collections::HashSet<String> =
            ["confidence-building".to_owned(), "kobia".to_owned()].into();
        for (lines, want) in [
            (
                &["the Chair\u{AD}", "manship began"][..],
                "the Chairmanship began",
            ),
            (&["the Chair-", "manship began"], "the Chairmanship began"),
            (
                &["confidence-", "building measures"],
                "confidence-building measures",
            ),
            (&["in 2024-", "2026 it"], "in 2024-2026 it"),
            (&["the Asia-", "Pacific region"], "the Asia-Pacific region"),
            (&["ends here", "and goes on"], "ends here and goes on"),
            (&["Agency (KO-", "BIA) and"], "Agency (KOBIA) and"),
            (&["Moscow -", "The talks"], "Moscow - The talks"),
            (&["in Baku on 20–", "21 May"], "in Baku on 20–21 May"),
            (&["in Baku –", "on 21 May"], "in Baku – on 21 May"),
        ] {
            let lines: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
            assert_eq!(join_lines(&lines, &words), want);
        }
    }

    #[test]
    fn garbage_that_starts_like_a_pdf_is_refused_with_a_reason() {
        let e = read(b"%PDF-1.7\nnot really a pdf").expect_err("refused");
        assert!(matches!(e, PdfError::Unreadable(_)), "{e:?}");
    }
}
