//! Every colour of text in the print edition passes WCAG AA (4.5:1) on the ground it is set
//! on, computed from the layout file itself: text on the navy cover and back page, in the
//! cream spotlight box, and on the white pages.

use std::collections::BTreeMap;

const LAYOUT: &str = include_str!("../templates/digest.typ");

/// The colours the layout names: `#let name = rgb("#rrggbb")`, and Typst's own `white`.
fn palette() -> BTreeMap<String, [u8; 3]> {
    let mut colours: BTreeMap<String, [u8; 3]> = LAYOUT
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("#let ")?;
            let (name, value) = rest.split_once(" = rgb(\"#")?;
            Some((name.trim().to_owned(), hex(&value[..6])?))
        })
        .collect();
    colours.insert("white".into(), [255, 255, 255]);
    colours
}

fn hex(h: &str) -> Option<[u8; 3]> {
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The end of the bracketed group that opens at `open` (`(` or `[`).
fn closing(text: &str, open: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    for (i, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The regions of the layout set on a coloured ground: (start, end, ground). A page or block
/// whose arguments fill it with navy or cream sets its content block on that ground.
fn grounds() -> Vec<(usize, usize, [u8; 3])> {
    let mut out = Vec::new();
    for call in ["page(", "block("] {
        for (at, _) in LAYOUT.match_indices(call) {
            let args_end = closing(LAYOUT, at + call.len() - 1);
            let args = &LAYOUT[at..args_end];
            let ground = if args.contains("fill: navy") {
                [0x0b, 0x3a, 0x6e]
            } else if args.contains("fill: rgb(\"#f7f1e3\")") {
                [0xf7, 0xf1, 0xe3]
            } else {
                continue;
            };
            if LAYOUT[args_end..].starts_with(")[") {
                out.push((at, closing(LAYOUT, args_end + 1), ground));
            }
        }
    }
    out
}

#[test]
fn every_text_colour_of_the_print_edition_passes_wcag_aa_on_its_ground() {
    let palette = palette();
    let grounds = grounds();
    assert!(
        grounds.len() >= 3,
        "the cover, the back page and the spotlight box are found"
    );
    let mut checked = 0;
    let mut failures = Vec::new();
    for (at, _) in LAYOUT.match_indices("text(") {
        let end = closing(LAYOUT, at + 4);
        let args = &LAYOUT[at..end];
        let Some(fill) = args.split("fill: ").nth(1) else {
            continue;
        };
        let name: String = fill
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '"' || *c == '#' || *c == '(')
            .collect();
        // A watermark with an alpha channel (`rgb("#ffffff22")`) is decoration, not text to read.
        if name.starts_with("rgb(") {
            continue;
        }
        let colour = *palette
            .get(&name)
            .unwrap_or_else(|| panic!("text colour `{name}` is not one the layout defines"));
        let ground = grounds
            .iter()
            .filter(|(s, e, _)| *s <= at && at < *e)
            // The innermost region: the one that opens last.
            .max_by_key(|g| g.0)
            .map(|g| g.2)
            .unwrap_or([255, 255, 255]);
        let r = ratio(colour, ground);
        checked += 1;
        if r < 4.5 {
            let line = LAYOUT[..at].lines().count();
            failures.push(format!("line {line}: `{name}` at {r:.2}:1"));
        }
    }
    assert!(checked >= 20, "{checked} text colours checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_contrast_rule_is_that_of_wcag() {
    // Black on white is 21:1; the gold kept for rules fails as text on white.
    assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    assert!(ratio([0xb8, 0x89, 0x2b], [255, 255, 255]) < 4.5);
}
