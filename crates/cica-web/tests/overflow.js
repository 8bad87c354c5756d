// What makes the page scroll sideways: the page itself wider than the window, or a box that
// scrolls sideways to show what it holds (a table too wide for a phone). Run in the browser
// by `browser_pages.rs`; returns a list (empty when nothing needs sideways scrolling).
const out = [];
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  out.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
}
for (const el of document.querySelectorAll('body *')) {
  const s = getComputedStyle(el);
  if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
    out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' holds ' + el.scrollWidth + ' px in ' + el.clientWidth);
  }
}
return out;
