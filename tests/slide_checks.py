"""What the slide tests measure in the browser, on the current reveal.js slide.

``SLIDE_REPORT_JS`` returns, for ``Reveal.getCurrentSlide()`` (and the slide number):

* ``small``: every visible piece of text shown below ``MIN_TEXT_PX`` on the screen (its
  computed font size times reveal.js's scale), with the text and its size;
* ``overflow``: visible elements that reach outside the 1280x720 slide;
* ``figures``: for each figure, its name, its shown and natural widths, and the size on the
  screen of its smallest label (``data-min-text-px``, PNG pixels, times the shown scale).
"""

MIN_TEXT_PX = 18

#: Visible text below ``MIN_TEXT_PX`` anywhere in the slides (for reveal.js's print view, where
#: every slide is laid out as a page at once): ``[{text, px}]``.
PRINT_TEXT_JS = """
const small = [];
const walker = document.createTreeWalker(document.querySelector('.reveal .slides'),
                                         NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  const el = node.parentElement;
  if (!text || el.closest('aside.notes') || el.closest('.katex-mathml')) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rect = range.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) continue;
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (size < %(min)s - 0.01) small.push({text: text.slice(0, 40), px: size});
}
return small;
""" % {"min": MIN_TEXT_PX}

SLIDE_REPORT_JS = """
const slide = Reveal.getCurrentSlide();
const scale = Reveal.getScale();
const box = document.querySelector('.reveal .slides').getBoundingClientRect();
const small = [], overflow = [], figures = [];
function visible(el) {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0')
      return false;
    if (e.classList.contains('katex-mathml')) return false;  // screen-reader copy of math
  }
  return true;
}
const roots = [slide, document.querySelector('.reveal .slide-number')].filter(Boolean);
for (const root of roots) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || !visible(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize) * scale;
    if (size < %(min)s - 0.01) small.push({text: text.slice(0, 40), px: size});
  }
}
for (const el of slide.querySelectorAll('*')) {
  // KaTeX positions the pieces of a formula with struts and offsets: measure its lines
  // (.base), not the pieces, nor the .katex box, which is as wide as the slide in display math.
  if (el.closest('.katex') && !el.classList.contains('base')) continue;
  if (!visible(el) || el.closest('aside.notes')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const style = getComputedStyle(el);
  if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
    overflow.push({tag: el.tagName, text: (el.innerText || '').slice(0, 40), scroll: true});
  if (['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
    overflow.push({tag: el.tagName, text: (el.innerText || '').slice(0, 40), scroll: true});
  if (r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1
      || r.top < box.top - 1)
    overflow.push({tag: el.tagName, text: (el.innerText || '').slice(0, 40),
                   bottom: r.bottom - box.top, right: r.right - box.left});
}
for (const img of slide.querySelectorAll('figure img')) {
  const shown = img.getBoundingClientRect().width;
  const ratio = shown / img.naturalWidth;
  const px = img.dataset.minTextPx === undefined ? null : parseFloat(img.dataset.minTextPx) * ratio;
  figures.push({name: img.dataset.figure, shown: shown, natural: img.naturalWidth, text_px: px});
}
return {scale: scale, small: small, overflow: overflow, figures: figures};
""" % {"min": MIN_TEXT_PX}
