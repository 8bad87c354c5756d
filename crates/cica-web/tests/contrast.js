// Every piece of text on the page whose colour does not stand out enough from what is behind
// it (WCAG 2 AA: 4.5:1, 3:1 for large text), one entry per kind of element and colour pair.
// Run in the browser by `browser_pages.rs`; returns a list (empty when all is readable).
function parse(c) {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.backgroundImage && s.backgroundImage !== 'none' && !s.backgroundImage.startsWith('url(')) return null;
    const b = parse(s.backgroundColor);
    if (b && b[3] > 0) { layers.push(b); if (b[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
const out = [];
const seen = new Set();
for (const el of document.querySelectorAll('body *')) {
  if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'svg', 'IMG'].includes(el.tagName)) continue;
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim().length > 0);
  const field = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
  if (!own && !field) continue;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || r.right < 0 || s.visibility === 'hidden' || s.display === 'none') continue;
  if (el.type === 'hidden') continue;
  const bg = background(el);
  if (!bg) continue;
  let fg = parse(s.color);
  if (!fg) continue;
  if (fg[3] < 1) fg = over(fg, bg);
  const op = parseFloat(s.opacity);
  const L1 = lum(fg), L2 = lum(bg);
  const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
  const size = parseFloat(s.fontSize), weight = parseInt(s.fontWeight, 10);
  const large = size >= 24 || (size >= 18.66 && weight >= 700);
  const need = large ? 3 : 4.5;
  if (ratio + 1e-9 < need) {
    const key = el.tagName + '.' + el.className + '|' + s.color + '|' + bg.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ el: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''),
      text: (el.innerText || el.value || '').trim().slice(0, 40), fg: s.color, bg: 'rgb(' + bg.slice(0, 3).map(Math.round).join(',') + ')',
      ratio: Math.round(ratio * 100) / 100, need });
  }
}
return out;
