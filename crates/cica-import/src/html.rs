//! Saved web pages: the main text by a readability library (`dom_smoothie`, a port of the
//! reader view's Readability), the headline from the page's own markup (its `og:title`, its
//! JSON-LD `headline`, its title), the publication time from its metadata
//! (`article:published_time`, JSON-LD `datePublished`). What comes out is text in the form the
//! splitter reads: the headline, a publication line, then the paragraphs; everything after is
//! the same for every format.

/// The most elements of a page the reader looks at: a news page has a few thousand.
const MAX_ELEMENTS: usize = 60_000;

/// A web page read down to its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Headline, publication line and paragraphs, separated by blank lines.
    pub text: String,
    /// What the reader noticed (no main text found, no publication time).
    pub notes: Vec<String>,
}

/// Whether `text` is an HTML document rather than plain text: it opens (after white space and
/// comments) with a doctype or an `<html>`, `<head>` or `<body>` element, or with an XML
/// declaration of an XHTML page.
pub fn looks_like_html(text: &str) -> bool {
    let mut t = text.trim_start();
    while let Some(rest) = t.strip_prefix("<!--") {
        t = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let head = t.get(..t.len().min(15)).unwrap_or("").to_ascii_lowercase();
    let xhtml = head.starts_with("<?xml")
        && t.get(..t.len().min(1024))
            .is_some_and(|h| h.contains("<html"));
    xhtml
        || ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|p| head.starts_with(p))
}

/// Whether an element wraps paragraphs (an article, a list): no date line of its own, and its
/// text is not gathered to find out.
fn wraps_paragraphs(e: &dom_query::Selection<'_>) -> bool {
    e.select("p, div, li, article, section").length() > 2
}

/// Where a page prints its own name as a heading: in its header, navigation, logo or
/// masthead.
const SITE_NAME: &str = "header h1, nav h1, [class*=logo], [class*=logo] h1, [class*=brand] h1, \
     [class*=masthead] h1, [class*=site] h1, [id*=header] h1";

/// The day a page prints for its text where its metadata gives none the reader knows: a
/// `pubdate` or `date` meta tag; a line of its own beside the headline ("Posted on: May 16,
/// 2019 | Back"), up to three elements after it or two before; a `<time datetime>` or an
/// element marked as a date or a time (`class="news-date"`) in the headline's own container.
/// Elsewhere such an element is the site's clock or a related story's date, not the text's.
fn printed_day(doc: &dom_query::Document) -> Option<(chrono::NaiveDate, bool)> {
    let stamp = |t: &str| {
        let t = crate::split::squeeze(t);
        (t.len() <= 120)
            .then(|| crate::published::stamp(&t))
            .flatten()
    };
    // A site that prints only when it last updated the page ("(Zarhua) Updated: 2014-05-19
    // 22:47") is dated by that, failing a first publication: the first update met in the
    // metadata or beside the headline is kept for that.
    let mut update = None;
    let mut first = |s: Option<crate::published::Stamp>| match s {
        Some(s) if s.updated => {
            update.get_or_insert(s.day);
            None
        }
        s => s.map(|s| s.day),
    };
    let meta = doc
        .select(
            "meta[name=pubdate i], meta[name=publishdate i], meta[name=date i], \
             meta[itemprop=datePublished], meta[name='DC.date.issued' i]",
        )
        .iter()
        .take(8)
        .find_map(|m| first(m.attr("content").and_then(|c| stamp(&c))));
    if let Some(d) = meta {
        return Some((d, false));
    }
    // The headline: the first heading of three words or more that the page's title or
    // `og:title` names (not a site's logo); failing one, the first `<h1>`. Wrapped alone in
    // an element, the wrapper stands beside the day.
    let titles: Vec<String> = [
        doc.select("head > title").text().to_string(),
        doc.select("meta[property='og:title']")
            .attr("content")
            .map_or(String::new(), |c| c.to_string()),
    ]
    .iter()
    .map(|t| crate::split::squeeze(t).to_lowercase())
    .filter(|t| !t.is_empty())
    .collect();
    let h1 = doc
        .select("h1, h2, h3")
        .nodes()
        .iter()
        .take(30)
        .copied()
        .find(|h| {
            let t = crate::split::squeeze(&h.text()).to_lowercase();
            t.split_whitespace().nth(2).is_some()
                && titles.iter().any(|x| x.contains(&t))
                && !dom_query::Selection::from(*h).is(SITE_NAME)
        })
        .or_else(|| doc.select("h1").nodes().first().copied());
    let anchor = h1.map(|h| {
        let mut a = h;
        for _ in 0..2 {
            match a.parent() {
                Some(p) if p.element_children().len() == 1 && !p.is("body") => a = p,
                _ => break,
            }
        }
        a
    });
    // Beside the headline: the elements right after it, then right before it.
    if let Some(h) = anchor {
        let after = std::iter::successors(h.next_element_sibling(), |e| e.next_element_sibling());
        let before = std::iter::successors(h.prev_element_sibling(), |e| e.prev_element_sibling());
        if let Some(d) = after
            .take(3)
            .chain(before.take(2))
            .filter(|e| !wraps_paragraphs(&dom_query::Selection::from(*e)))
            .find_map(|e| first(stamp(&e.text())))
        {
            return Some((d, false));
        }
    }
    // An update only beside the headline: a page's footer prints when the site was updated.
    // Then an element marked as a date or a time: in the headline's own container if the
    // page has one, anywhere if not.
    let marked = "time, [class*=date], [class*=time], [class*=publish], [class*=submitted]";
    let scope = match anchor.and_then(|h| h.parent()) {
        Some(parent) => dom_query::Selection::from(parent).select(marked),
        None => doc.select(marked),
    };
    for e in scope.iter().take(40) {
        if wraps_paragraphs(&e) {
            continue;
        }
        let day = |s: Option<crate::published::Stamp>| s.filter(|s| !s.updated).map(|s| s.day);
        if let Some(d) = day(e.attr("datetime").and_then(|t| stamp(&t))) {
            return Some((d, false));
        }
        if let Some(d) = day(stamp(&e.text())) {
            return Some((d, false));
        }
    }
    update.map(|d| (d, true))
}

/// The headline a page prints: the last of its first five `<h1>`s of three words or more that
/// the page's `<title>` or `og:title` names (not a site's name in its header or logo: that
/// stands before the story's), else the `og:title` without the site's name after it, else the
/// first such `<h1>`. The reader's own
/// guess (from the page's `<title>`) is taken only failing all: it may be a section's name
/// ("Press Releases") or carry the site's.
fn headline(doc: &dom_query::Document) -> Option<String> {
    let squeeze = crate::split::squeeze;
    let meta = |sel: &str| doc.select(sel).attr("content").map(|c| squeeze(&c));
    let site = meta("meta[property='og:site_name']").map(|s| s.to_lowercase());
    let og = meta("meta[property='og:title']");
    // The page's own title, not an icon's (`<svg><title>Share</title>`).
    let page_title = squeeze(&doc.select("head > title").first().text());
    let titles: Vec<String> = [Some(page_title.clone()), og.clone()]
        .into_iter()
        .flatten()
        .map(|t| t.to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let h1s: Vec<String> = doc
        .select("h1")
        .iter()
        .take(5)
        .filter(|h| !h.is(SITE_NAME))
        .map(|h| squeeze(&h.text()))
        .filter(|t| {
            (3..=40).contains(&t.split_whitespace().count())
                && site.as_deref() != Some(t.to_lowercase().as_str())
        })
        .collect();
    if let Some(h) = h1s
        .iter()
        .rev()
        .find(|h| titles.iter().any(|t| t.contains(&h.to_lowercase())))
    {
        return Some(h.clone());
    }
    // The site's name after a bar or a similar mark: "Envoys meet | Ministry".
    let og = og.map(|t| {
        [" | ", " » ", " • ", " — ", " :: "]
            .iter()
            .filter_map(|m| t.rfind(m).map(|k| t[..k].trim().to_owned()))
            .filter(|h| h.split_whitespace().count() >= 3)
            .min_by_key(String::len)
            .unwrap_or(t)
    });
    og.filter(|t| t.split_whitespace().count() >= 3)
        .or_else(|| h1s.into_iter().next())
        .or_else(|| title_without_site(&page_title))
}

/// The marks that set a site's or a section's name apart from the headline in a page's
/// `<title>`, spaces around them: bars and their like, then dashes (which a headline may hold
/// itself).
const TITLE_BARS: &[&str] = &[" | ", " :: ", " » ", " • "];
const TITLE_DASHES: &[&str] = &[" — ", " – ", " - "];

/// A page's `<title>` without the names a site adds before or after its headline
/// ("ZARTIMES.ZN - Envoys meet in Orken - Print version", "Envoys meet | Press Releases |
/// Ministry of Foreign Affairs"). Taken off while four words or more remain, more than what is
/// taken: at the end, a part of eight words at most after a bar, four after a dash; at the
/// start, a part of eight words at most before a bar, or before a dash a name of three words
/// at most in capitals or with a dot ("ZAR.AZ"), what remains opening with a capital or a
/// figure. `None` when nothing is taken off (the reader's own title is then taken) or fewer
/// than three words remain.
fn title_without_site(title: &str) -> Option<String> {
    // The marks, each with whether it is a bar; the parts between them as ranges of the title,
    // and after each part but the last, whether the mark that follows it is a bar.
    let mut marks: Vec<(usize, usize, bool)> = TITLE_BARS
        .iter()
        .map(|m| (m, true))
        .chain(TITLE_DASHES.iter().map(|m| (m, false)))
        .flat_map(|(m, bar)| {
            title
                .match_indices(m)
                .map(move |(k, x)| (k, k + x.len(), bar))
        })
        .collect();
    marks.sort_unstable();
    let (mut parts, mut bars) = (Vec::new(), Vec::new());
    let mut at = 0;
    for (a, b, bar) in marks {
        if a >= at {
            parts.push(at..a);
            bars.push(bar);
            at = b;
        }
    }
    parts.push(at..title.len());
    let words: Vec<usize> = parts
        .iter()
        .map(|r| title[r.clone()].split_whitespace().count())
        .collect();
    let mut left: usize = words.iter().sum();
    let (mut from, mut to) = (0, parts.len());
    let takes = |n: usize, left: usize| left - n >= 4 && left - n > n;
    while to - from > 1 {
        let last = to - 1;
        if words[last] <= if bars[last - 1] { 8 } else { 4 } && takes(words[last], left) {
            left -= words[last];
            to -= 1;
            continue;
        }
        let first = title[parts[from].clone()].trim();
        let name = if bars[from] {
            words[from] <= 8
        } else {
            words[from] <= 3 && (first.contains('.') || !first.chars().any(char::is_lowercase))
        };
        if name
            && takes(words[from], left)
            && title[parts[from + 1].clone()]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            left -= words[from];
            from += 1;
            continue;
        }
        break;
    }
    // The headline as printed, its own marks kept: from the first part left to the last.
    let headline = title[parts[from].start..parts[to - 1].end].trim();
    let words = headline
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    (words >= 3 && to - from < parts.len()).then(|| headline.to_owned())
}

/// Whether `line` is a place and an agency alone: "ISTANBUL - Zar News Agency", "BAKU (CNA)":
/// a place this module knows, then an agency's name or at most six words, and no sentence.
/// A place alone or with its country ("Baku, Azerbaijan", an author's or an event's place) is
/// not.
fn source_line(line: &str) -> bool {
    line.chars().count() <= 80
        && !line.ends_with(['.', '!', '?'])
        && crate::dateline::parse(line, None).is_some_and(|d| {
            d.start.is_none()
                && crate::dateline::known_place(&d.place_as_written)
                && line.get(d.body_start..).is_some_and(|rest| {
                    let words = rest.split_whitespace().count();
                    words <= 6 && (words > 0 || d.agency.is_some())
                })
        })
}

/// Where a page puts what is not its text: another story's card, a related box, a footer, a
/// picture's credit.
const AWAY: &str = "aside, nav, footer, figure, [class*=related], [class*=card]";

/// Whether `e` stands outside everything [`AWAY`] marks.
fn in_text(e: &dom_query::Selection<'_>) -> bool {
    e.nodes()
        .first()
        .is_some_and(|n| !n.is(AWAY) && !n.ancestors_it(Some(12)).any(|a| a.is(AWAY)))
}

/// What `pick` takes from an element's own text, or else from its parent's. Short texts only
/// (at most 160 characters' worth of bytes, measured before they are squeezed): a parent may
/// hold the whole article, and its text is built only when the element's own gave nothing.
fn own_or_parent(
    e: &dom_query::Selection<'_>,
    pick: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    std::iter::once_with(|| e.text())
        .chain(std::iter::once_with(|| e.parent().text()))
        .filter(|t| t.len() <= 4 * 160)
        .find_map(|t| pick(&t))
}

/// Whether one of a page's first three paragraphs opens with a dateline of its own.
fn opens_with_dateline(paragraphs: &[String]) -> bool {
    paragraphs
        .iter()
        .take(3)
        .any(|p| crate::dateline::parse(p, None).is_some())
}

/// Reads a saved web page. `None` when the page holds no readable text at all.
pub fn read(html: &str) -> Option<Page> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut notes = Vec::new();
    let doc = dom_query::Document::from(html);
    // A photograph's caption and credit describe the picture, not the news: kept as notes.
    for caption in doc.select("figcaption").iter() {
        let text = crate::split::squeeze(&caption.text());
        if !text.is_empty() {
            notes.push(format!("photo caption: {text}"));
        }
    }
    doc.select("figcaption").remove();
    // A time and a place printed together (a president's or a ministry's site: "June 15,
    // 2019, 11:30 Dushanbe", "Published - September 22, 2023 10:41 pm IST - NEW DELHI"),
    // which the reader drops as too short: kept as the text's dateline, from an element
    // marked as a place or a publication, or the element holding it.
    let stamped_place = doc
        .select("[class*=place], [class*=publish]")
        .iter()
        .take(8)
        .find_map(|e| {
            own_or_parent(&e, |t| {
                let t = crate::split::squeeze(t);
                (t.len() <= 160 && crate::dateline::stamped_place(&t).is_some()).then_some(t)
            })
        });
    // A place and an agency on a line of their own by the headline ("ISTANBUL - Zar News
    // Agency", or "<span class=city>ORKEN</span> - Zar News Agency" with the agency beside the
    // marked place), which the reader drops as too short: kept as the text's dateline. The
    // element's first line is read, then its parent's when short (a line that runs on into a
    // time, as minified markup prints it, is not taken); never in another story's card, a
    // related box, a footer or a picture.
    let agency_line = if stamped_place.is_none() {
        doc.select("[class*=source], [class*=city], [class*=location]")
            .iter()
            .filter(in_text)
            .take(8)
            .find_map(|e| {
                own_or_parent(&e, |t| {
                    let line = t.lines().map(str::trim).find(|l| !l.is_empty())?;
                    Some(crate::split::squeeze(line)).filter(|line| source_line(line))
                })
            })
    } else {
        None
    };
    // The first paragraph printed in the headline's container, apart from the body ("<p
    // class=summary>Orken, ZNA – …</p>" beside the `<h1>`), which the reader drops: kept when
    // it opens with a dateline, as the text's lead. Not a related story's card.
    let scope = doc
        .select("h1")
        .nodes()
        .first()
        .and_then(|h| h.parent())
        .filter(|p| !p.is("body"));
    let lead = scope.and_then(|parent| {
        dom_query::Selection::from(parent)
            .select("[class*=lead], [class*=summary], [class*=intro], [class*=standfirst]")
            .iter()
            .take(8)
            .filter(in_text)
            .map(|e| e.text())
            .filter(|t| t.len() <= 4 * 1000)
            .map(|t| crate::split::squeeze(&t))
            .find(|t| {
                t.chars().count() <= 1000
                    && crate::dateline::parse(t, None).is_some_and(|d| {
                        crate::dateline::known_place(&d.place_as_written)
                            && t.get(d.body_start..)
                                .is_some_and(|b| b.split_whitespace().nth(5).is_some())
                    })
            })
    });
    let printed_day = printed_day(&doc);
    let headline = headline(&doc);
    // The reader would take the first element marked as a dateline for the page's byline and
    // remove it from the text.
    doc.select(".dateline").remove_class("dateline");
    let mut reader = dom_smoothie::Readability::with_document(doc, None, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    let title = headline.unwrap_or_else(|| crate::split::squeeze(&article.title));
    let published = article
        .published_time
        .as_deref()
        .and_then(|t| crate::published::stamp(t).map(|s| s.day));
    let published = match (published, printed_day) {
        (Some(d), _) => Some((d, false)),
        (None, Some((d, updated))) => {
            notes.push(if updated {
                "the page's metadata gives no publication time and the page prints only when \
                 it was updated: that day is taken"
                    .to_owned()
            } else {
                "the page's metadata gives no publication time; the day printed beside its \
                 headline is taken"
                    .to_owned()
            });
            Some((d, updated))
        }
        (None, None) => {
            notes.push("the page's metadata gives no publication time".to_owned());
            None
        }
    };
    let mut paragraphs: Vec<String> = article
        .text_content
        .split('\n')
        .map(crate::split::squeeze)
        .filter(|p| !p.is_empty())
        .collect();
    // The headline printed again in the article: what stands before it is the page's (a
    // section's name, a breadcrumb, a clock), and it is the headline already.
    if let Some(k) = paragraphs.iter().take(6).position(|p| *p == title) {
        paragraphs.drain(..=k);
    }
    paragraphs.retain(|p| *p != title);
    if let Some(byline) = article.byline.as_deref() {
        let byline = crate::split::squeeze(byline);
        if !byline.is_empty() {
            notes.push(format!("byline: {byline}"));
        }
    }
    if let Some(lead) = lead {
        let opening: String = lead.chars().take(60).collect();
        // Not when the body prints it, or a dateline of its own.
        if !paragraphs.iter().take(6).any(|p| p.starts_with(&opening))
            && !opens_with_dateline(&paragraphs)
        {
            paragraphs.insert(0, lead);
        }
    }
    if paragraphs.is_empty() {
        return None;
    }
    let mut text = String::new();
    if !title.is_empty() {
        text.push_str(&title);
        text.push_str("\n\n");
    }
    if let Some((d, updated)) = published {
        let label = if updated { "Updated" } else { "Published" };
        text.push_str(&format!("{label}: {}\n\n", d.format("%Y-%m-%d")));
    }
    if let Some(line) = stamped_place {
        text.push_str(&line);
        text.push_str("\n\n");
    } else if let Some(line) = agency_line
        && !opens_with_dateline(&paragraphs)
    {
        text.push_str(&line);
        text.push_str("\n\n");
    }
    text.push_str(&paragraphs.join("\n\n"));
    Some(Page { text, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(html: &str) -> Option<String> {
        printed_day(&dom_query::Document::from(html)).map(|(d, _)| d.to_string())
    }

    #[test]
    fn a_page_without_metadata_is_dated_by_the_day_printed_beside_its_headline() {
        let table: &[(&str, Option<&str>)] = &[
            // The site's clock before the headline; the text's day under it.
            (
                r#"<div class="date-time">Saturday, 18 January 2025, 11:02 am</div>
                   <main><h1>Envoys meet</h1><p class="news-date">January 16, 2025</p>
                   <p>The envoys met on Thursday.</p></main>"#,
                Some("2025-01-16"),
            ),
            // A line of its own under the headline, whatever its class.
            (
                r#"<h1>Envoys meet</h1><div class="posted">Posted on: May 16, 2019 |
                   <a href="/back">Back</a> | <a href="/print">Print</a></div><p>Text.</p>"#,
                Some("2019-05-16"),
            ),
            // Right before the headline.
            (
                r#"<div class="announce"><div class="announce__date">15 March 2023 10:27</div>
                   <h1>Envoys meet</h1><p>Text.</p></div>"#,
                Some("2023-03-15"),
            ),
            (
                r#"<head><meta name="pubdate" content="2023-11-20"></head>
                   <body><h1>Envoys meet</h1></body>"#,
                Some("2023-11-20"),
            ),
            // The meta tag's name in any case.
            (
                r#"<head><meta name="PubDate" content="2016-04-29 10:12"></head>
                   <body><h1>Envoys meet</h1></body>"#,
                Some("2016-04-29"),
            ),
            // No `<h1>`: the heading the title names, alone in its wrapper, and the line
            // beside the wrapper.
            (
                r#"<head><title>Envoys meet in Astana - Zar Times</title></head><body>
                   <div class="title"><h3>Envoys meet in Astana</h3></div>
                   <div class="text-source">Source:Zarhua Published: 2014-5-20 22:15:43</div>
                   <div><p>The envoys met.</p></div></body>"#,
                Some("2014-05-20"),
            ),
            // The site's name in an `<h1>` logo the title names; the story's `<h2>` the
            // `og:title` names, its day beside it.
            (
                r#"<head><title>Zar World Radio News</title>
                   <meta property="og:title" content="Envoys meet in Astana today"></head>
                   <body><h1 class="logo"><a href="/">Zar World Radio</a></h1>
                   <div class="view_tit"><h2>Envoys meet in Astana today</h2>
                   <p class="date"><span>Write: 2014-05-19 11:02:37</span><span>Update:
                   2014-05-19 11:20:14</span></p></div><div><p>The envoys met.</p></div></body>"#,
                Some("2014-05-19"),
            ),
            // A clock far from the headline gives no day.
            (
                r#"<div id="top"><span class="date-time">18 January 2025, 11:02</span></div>
                   <nav><a href="/">Home</a></nav><section><p>Menu</p></section>
                   <main><h1>Envoys meet</h1><p>Text.</p></main>"#,
                None,
            ),
            // An update is taken only failing a first publication, as in a text.
            (
                r#"<h1>Envoys meet</h1><div class="date">Last updated: 18 January 2025</div>"#,
                Some("2025-01-18"),
            ),
            (
                r#"<h1>Envoys meet</h1><div class="date">Last updated: 18 January 2025</div>
                   <div class="posted">Posted on: 16 January 2025</div>"#,
                Some("2025-01-16"),
            ),
            // A site's footer saying when it was updated dates no text.
            (
                r#"<h1>Envoys meet</h1><p>The envoys met on Thursday.</p><p>They agreed.</p>
                   <p>Text.</p><footer><div class="last-updated-date">Last updated: 18
                   January 2025</div></footer>"#,
                None,
            ),
        ];
        for (html, want) in table {
            assert_eq!(day(html).as_deref(), *want, "{html}");
        }
    }

    #[test]
    fn a_page_title_gives_its_headline_without_the_site_s_names() {
        let table: &[(&str, Option<&str>)] = &[
            (
                "ZARTIMES.ZN - Envoys meet in Orken for talks - Print version",
                Some("Envoys meet in Orken for talks"),
            ),
            (
                "Envoys meet in Orken for talks | Press Releases | Ministry of Foreign Affairs, Zarland",
                Some("Envoys meet in Orken for talks"),
            ),
            ("ZAR :: Envoys meet in Orken", Some("Envoys meet in Orken")),
            // A headline's own dash, when nothing short stands at an end: nothing taken off.
            (
                "Zarland and Orken agree – and sign a plan of water sharing",
                None,
            ),
            ("Envoys meet • President of Zarland", None),
            ("News | Ministry", None),
            // A headline's own parts: a label, a clause after a dash, a name in ordinary case.
            (
                "Interview: Envoy — We will not give up on dialogue with Orken",
                None,
            ),
            (
                "Zarland's President – Orken Visit Marks New Era in Ties",
                None,
            ),
            (
                "Ministers agree a plan of events for the region – Zarland to host next round",
                None,
            ),
            ("Peace – Security – Development: Forum opens in Orken", None),
        ];
        for (title, want) in table {
            assert_eq!(title_without_site(title).as_deref(), *want, "{title:?}");
        }
        // An icon's title in the page is none of the page's.
        let page = read(
            r#"<html><head><title>ZAR TIMES | Envoys meet in Orken for talks</title></head>
            <body><a href="/share"><svg><title>Facebook</title></svg></a>
            <p>The envoys of the forum met in the capital today and agreed a plan.</p></body></html>"#,
        )
        .expect("a page");
        assert!(
            page.text.starts_with("Envoys meet in Orken for talks\n"),
            "{:?}",
            page.text
        );
    }

    #[test]
    fn a_publication_line_naming_its_place_is_the_page_s_dateline() {
        let html = r#"<html><head><title>Envoys back the road map</title></head><body>
            <h1>Envoys back the road map</h1><div class="update-publish-time">
            <p class="publish-time">Published - September 22, 2023 10:41 pm IST - NEW DELHI</p>
            </div><div class="article"><p>The envoys backed the road map for the forum at a
            meeting in the city on Friday, officials said after the talks.</p><p>They agreed to
            meet again next year to review the progress made.</p></div></body></html>"#;
        let page = read(html).expect("a page");
        assert!(
            page.text.contains("NEW DELHI"),
            "the dateline is kept: {}",
            page.text
        );
    }

    #[test]
    fn a_place_and_an_agency_on_a_line_of_their_own_are_the_page_s_dateline() {
        let body = r#"<div class="text"><p>The envoys backed the road map for the forum at a
            meeting in the city on Friday, officials said after the talks.</p><p>They agreed
            to meet again next year to review the progress made.</p></div>"#;
        // (what stands between the headline and the body, the line kept or None)
        let table: &[(&str, Option<&str>)] = &[
            (
                r#"<div class="source">BAKU - Caspian News Agency</div>"#,
                Some("BAKU - Caspian News Agency"),
            ),
            // A city marked in a line that prints the time under it.
            (
                r#"<div class="date-info"><span class="city">TASHKENT</span> - Steppe Wire
                   <span class="pub">September 10 2012 11:05:00</span></div>"#,
                Some("TASHKENT - Steppe Wire"),
            ),
            // A source that names no place, a place this module does not know.
            (r#"<div class="source">Source: Caspian News</div>"#, None),
            (
                r#"<div class="source">ZARHOLM - Caspian News Agency</div>"#,
                None,
            ),
            // A place with its country and no agency: a writer's, an event's.
            (
                r#"<div class="author"><span class="location">Baku, Azerbaijan</span></div>"#,
                None,
            ),
            // Another story's card, a footer, a picture's credit.
            (
                r#"<aside class="related"><div class="card">
                   <div class="source">BAKU (Caspian News)</div>
                   <a href="/other">Another story</a></div></aside>"#,
                None,
            ),
            (
                r#"<footer><div class="location">BAKU - Caspian News Agency</div></footer>"#,
                None,
            ),
            (
                r#"<figure><img src="a.jpg" alt="">
                   <span class="photo-source">BAKU / Caspian News</span></figure>"#,
                None,
            ),
        ];
        for (between, kept) in table {
            let html = format!(
                "<html><head><title>Envoys back the road map</title></head><body>\
                 <div class=\"content\"><h1>Envoys back the road map</h1>{between}{body}\
                 </div></body></html>"
            );
            let page = read(&html).expect("a page");
            // What the text prints over its body.
            let head = &page.text[..page.text.find("The envoys").expect("the body")];
            match kept {
                Some(line) => assert!(head.contains(line), "{between}: {}", page.text),
                None => assert!(
                    !head.contains("Caspian") && !head.to_lowercase().contains("baku"),
                    "{between}: {}",
                    page.text
                ),
            }
        }
        // A place alone, or with its country, is no such line; nor is a sentence naming one.
        for alone in ["BAKU", "Baku, Azerbaijan", "TASHKENT, UZBEKISTAN"] {
            assert!(!source_line(alone), "{alone}");
        }
        assert!(!source_line(
            "Baku hosted the forum in the spring of that year"
        ));
        assert!(!source_line(
            "Baku - the forum opened its doors to the public on Friday"
        ));
        // A line that runs on into the time, as minified markup prints it, is not read.
        assert!(!source_line(
            "TASHKENT - Steppe Wire September 10 2012 11:05:00"
        ));
        // Not over a text that opens with a dateline of its own.
        let html = "<html><body><h1>Envoys back the road map</h1>\
             <div class=\"source\">BAKU - Caspian News Agency</div><div class=\"text\">\
             <p>BAKU, May 3 (CNA) - The envoys backed the road map for the forum at a meeting in \
             the city on Friday, officials said.</p><p>They agreed to meet again.</p></div>\
             </body></html>";
        let page = read(html).expect("a page");
        assert!(!page.text.contains("Caspian News Agency"), "{}", page.text);
    }

    #[test]
    fn a_lead_printed_in_the_page_s_header_with_its_dateline_opens_the_text() {
        let html = r#"<html><head><title>Envoys back the road map</title></head><body>
            <article><div class="item-header"><h1>Envoys back the road map</h1>
            <p class="summary">Almaty, ZNA – The envoys of the two states backed the road map
            for the forum at a meeting in the capital on Wednesday.</p></div>
            <div class="item-body"><p>They agreed to meet again next year to review the
            progress made on the projects of the plan.</p><p>The ministers also discussed the
            railway corridor that links the two countries.</p></div></article></body></html>"#;
        let page = read(html).expect("a page");
        let lead = page.text.find("Almaty, ZNA –").expect("the lead is kept");
        assert!(
            lead < page.text.find("They agreed").expect("the body"),
            "{}",
            page.text
        );
        // Printed once, if the reader keeps it too.
        let kept = html.replace("<div class=\"item-body\">", "");
        let page = read(&kept).expect("a page");
        assert_eq!(
            page.text.matches("Almaty, ZNA –").count(),
            1,
            "{}",
            page.text
        );
    }

    #[test]
    fn a_related_story_s_teaser_with_a_dateline_is_no_lead() {
        // In the headline's own container, a card of another story marked as its summary.
        let html = r#"<html><head><title>Envoys back the road map</title></head><body>
            <article><h1>Envoys back the road map</h1>
            <div class="article"><p>The envoys of the two states backed the road map for the
            forum at a meeting in the capital on Wednesday.</p><p>They agreed to meet again
            next year to review the progress made.</p></div>
            <aside><div class="card"><p class="summary">Almaty, ZNA – The ministers of the
            region met in Almaty to discuss the railway corridor and the new border
            crossings.</p></div></aside></article></body></html>"#;
        let page = read(html).expect("a page");
        assert!(!page.text.contains("Almaty, ZNA"), "{}", page.text);
    }

    #[test]
    fn a_site_that_prints_only_an_update_or_a_submitted_line_is_dated_by_it() {
        let updated = r#"<html><head><title>Leaders pledge coordination</title></head><body>
            <div id="Content"><h1>Leaders pledge coordination</h1>
            <div class="arcform">(Zarhua) Updated: 2014-05-19 22:47</div>
            <p>The two leaders agreed on Monday to step up their coordination on regional
            security ahead of the summit.</p></div></body></html>"#;
        assert_eq!(day(updated).as_deref(), Some("2014-05-19"));
        let submitted = r#"<html><head><title>Zarland to link two forums</title></head><body>
            <div class="section"><h1 class="title">Zarland to link two forums</h1>
            <div class="node"><div class="meta submitted"><span class="submitted-by">Submitted
            by desk_en_6 on Wed, 06/09/2010 - 10:03</span></div><div class="content"><p>The
            Vice President said the country would work to link the two forums.</p><p>She spoke
            at the third summit of the forum.</p></div></div></div></body></html>"#;
        assert_eq!(day(submitted).as_deref(), Some("2010-06-09"));
    }

    #[test]
    fn a_related_story_s_date_is_not_the_text_s_day() {
        let html = r#"<article><h1>Envoys meet in Astana</h1><p>Text of the story.</p>
            </article><aside><ul><li><a href="/x">Older story</a>
            <span class="news-date">3 March 2019</span></li></ul></aside>"#;
        assert_eq!(day(html), None);
    }

    #[test]
    fn the_headline_is_the_one_the_page_s_title_names_without_the_site_s_name() {
        let headline = |html: &str| headline(&dom_query::Document::from(html));
        let table: &[(&str, &str)] = &[
            // The site's name in an h1 of its own before the story's.
            (
                r#"<head><title>Envoys meet in Astana | Ministry of Foreign Affairs</title></head>
                   <body><div class="site"><h1>Ministry of Foreign Affairs</h1></div>
                   <h1>Envoys meet in Astana</h1></body>"#,
                "Envoys meet in Astana",
            ),
            // No h1: the og:title without the site's name.
            (
                r#"<head><meta property="og:title"
                   content="Envoys meet in Astana | Ministry of Foreign Affairs"></head>
                   <body><h2>Press Releases</h2><p>Text.</p></body>"#,
                "Envoys meet in Astana",
            ),
            // A section's name in the title, the story in the h1.
            (
                r#"<head><title>Press Releases - CICA</title>
                   <meta property="og:title" content="Forum meets in Baku"></head>
                   <body><h2>Press Releases</h2><h1>Forum meets in Baku</h1></body>"#,
                "Forum meets in Baku",
            ),
        ];
        for (html, want) in table {
            assert_eq!(headline(html).as_deref(), Some(*want), "{html}");
        }
    }
}
