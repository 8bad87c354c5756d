// Dates written in the page's human form ("4 June 2002", "15–17 January 2025", "August 2008")
// that are not inside a <time datetime> element. Names of things (link texts, headings, menu
// options, the page title) are left alone: a treaty's title keeps the date it is known by.
// Run in the browser by `browser_pages.rs`; returns a list (empty when every date is marked).
const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
const date = new RegExp('\\b(?:\\d{1,2}(?:[–-]\\d{1,2})? )?(?:' + months + ') \\d{4}\\b', 'g');
const skip = new Set(['TIME', 'A', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'OPTION', 'TITLE', 'SCRIPT', 'STYLE']);
const out = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  let marked = false;
  for (let e = n.parentElement; e; e = e.parentElement) {
    if (skip.has(e.tagName)) { marked = true; break; }
  }
  if (marked) continue;
  for (const m of n.textContent.matchAll(date)) {
    out.push('“' + m[0] + '” outside <time> in “' + n.textContent.trim().slice(0, 60) + '”');
  }
}
return out;
