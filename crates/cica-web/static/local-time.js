// Shows an instant in the reader's own time: <time datetime="…" data-local="long|short">.
// "short" keeps what the page printed as a tooltip and says "(your time)"; "long" replaces it.
document.querySelectorAll('time[data-local]').forEach(function (t) {
  var d = new Date(t.getAttribute('datetime'));
  if (isNaN(d)) { return; }
  if (t.getAttribute('data-local') === 'short') {
    t.title = t.textContent;
    t.textContent = d.toLocaleString(undefined, {dateStyle: 'long', timeStyle: 'short'}) + ' (your time)';
  } else {
    t.textContent = d.toLocaleString(undefined, {dateStyle: 'long', timeStyle: 'long'});
  }
});
