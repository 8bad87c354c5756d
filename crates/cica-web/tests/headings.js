// The page's headings in order, where a level is skipped on the way down (an h3 straight
// after an h1), or the page does not open with one h1. Run in the browser by
// `browser_pages.rs`; returns a list (empty when the outline is whole).
const out = [];
const hs = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.getClientRects().length > 0);
const ones = hs.filter(h => h.tagName === 'H1').length;
if (ones !== 1) out.push(ones + ' h1 elements');
let last = 0;
for (const h of hs) {
  const level = Number(h.tagName[1]);
  if (level > last + 1) out.push('h' + last + ' then h' + level + ': ' + h.textContent.trim().slice(0, 50));
  last = level;
}
return out;
