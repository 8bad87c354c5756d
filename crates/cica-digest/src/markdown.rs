//! The edition as Pandoc Markdown: for editors who want the text in a word processor, and the
//! common input of the comparison with pandoc + XeLaTeX in `docs/benchmarks.md`.

use std::fmt::Write;

use crate::rich::{Block, Span};
use crate::{Article, Edition};

/// Escapes every ASCII punctuation character Markdown could read as markup.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '+'
                | '|'
                | '~'
                | '^'
                | '$'
                | '@'
                | '"'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn article(out: &mut String, a: &Article) {
    let _ = writeln!(out, "## {}\n", esc(&a.title));
    let lead = format!("**{}** — ", esc(&a.dateline.to_uppercase()));
    body(out, &a.body, Some(&lead));
}

/// A body's blocks as Markdown, `lead` opening its first paragraph (or one of its own).
fn body(out: &mut String, blocks: &[Block], lead: Option<&str>) {
    let mut lead = lead;
    if let Some(l) = lead
        && !matches!(blocks.first(), Some(Block::Para { .. }))
    {
        let _ = writeln!(out, "{}\n", l.trim_end_matches(" — "));
        lead = None;
    }
    for block in blocks {
        match block {
            Block::Para { spans } => {
                let _ = writeln!(out, "{}{}\n", lead.take().unwrap_or(""), spans_md(spans));
            }
            Block::Quote { spans } => {
                let _ = writeln!(out, "> {}\n", spans_md(spans).replace('\n', "\n> "));
            }
            Block::List { start, items } => {
                for (i, item) in items.iter().enumerate() {
                    let mark = match start {
                        Some(n) => format!("{}.", n + i as u64),
                        None => "-".to_owned(),
                    };
                    let _ = writeln!(out, "{mark} {}", spans_md(item).replace('\n', "\n    "));
                }
                out.push('\n');
            }
        }
    }
}

fn spans_md(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let text = esc(&s.text).replace('\n', "\\\n");
        if !(s.em || s.strong || s.link.is_some()) {
            out.push_str(&text);
            continue;
        }
        // Markers hug the words: spaces at a run's ends stay outside them.
        let words = text.trim();
        let (before, after) = match text.find(words) {
            Some(at) => (&text[..at], &text[at + words.len()..]),
            None => (text.as_str(), ""),
        };
        let mut t = words.to_owned();
        if !t.is_empty() {
            if s.em {
                t = format!("*{t}*");
            }
            if s.strong {
                t = format!("**{t}**");
            }
            if let Some(href) = &s.link {
                t = format!("[{t}](<{}>)", href.replace(['<', '>'], ""));
            }
        }
        out.push_str(before);
        out.push_str(&t);
        out.push_str(after);
    }
    // What would open a block at a paragraph's start (a list item, a rule, a heading's
    // underline) is written as text; `esc` has already escaped the other such marks.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['-', '=']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Writes the whole edition, in print order, with a title block Pandoc understands.
pub fn markdown(e: &Edition) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{} — {}\"\nsubtitle: \"{}\"\nauthor: \"CICA Secretariat\"\nlang: en\n---\n",
        e.title, e.quarter, e.period
    );
    if !e.cover.is_empty() {
        out.push_str("**In this issue:**\n\n");
        for h in &e.cover {
            let _ = writeln!(out, "- {}", esc(h));
        }
        out.push('\n');
    }
    if let Some(f) = &e.foreword {
        out.push_str("# Foreword\n\n");
        body(&mut out, &f.body, None);
        if f.signed && !(f.author.is_empty() && f.author_title.is_empty()) {
            let _ = writeln!(
                out,
                "**{}**  \n*{}*\n",
                esc(&f.author),
                esc(&f.author_title)
            );
        } else if !f.signed {
            let _ = writeln!(out, "*{}*\n", esc(&f.account));
        }
    }
    for m in &e.months {
        let _ = writeln!(out, "# {}\n", m.name);
        for a in &m.articles {
            article(&mut out, a);
        }
    }
    if !e.activities.is_empty() {
        out.push_str("# CICA Activities\n\n");
        for a in &e.activities {
            article(&mut out, a);
        }
    }
    if !e.flash.is_empty() {
        out.push_str("# Flash Briefing\n\n");
        for b in &e.flash {
            let _ = writeln!(out, "### {}\n", esc(&b.title));
            if !b.date.is_empty() {
                let _ = writeln!(out, "*{}*\n", esc(&b.date));
            }
            let _ = writeln!(out, "{}\n", esc(&b.text));
        }
    }
    if !e.calendar.is_empty() {
        out.push_str("# The Quarter in Meetings and Decisions\n\n");
        for (heading, cols, lines) in [
            (
                "Meetings held",
                ["Dates", "Meeting", "Place"],
                &e.calendar.meetings,
            ),
            (
                "Decisions taken",
                ["Date", "Decision", "Number"],
                &e.calendar.decisions,
            ),
        ] {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "## {heading}\n\n| {} | {} | {} |\n|---|---|---|",
                cols[0], cols[1], cols[2]
            );
            for l in lines {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    esc(&l.when),
                    esc(&l.what),
                    esc(&l.detail)
                );
            }
            out.push('\n');
        }
    }
    if let Some(c) = &e.contact {
        out.push_str("# Contacts\n\n");
        let _ = writeln!(out, "**{}**\n", esc(&c.name));
        let _ = writeln!(out, "Address: {}  ", esc(&c.address));
        for (label, value) in [
            ("Phone", &c.phone),
            ("E-mail", &c.email),
            ("Web", &c.website),
        ] {
            if let Some(v) = value {
                let _ = writeln!(out, "{label}: {}  ", esc(v));
            }
        }
        for s in &c.social {
            let _ = writeln!(out, "{}: {}  ", esc(&s.network), esc(&s.handle));
        }
    }
    out
}
