"""Build the lecture decks: ``slides/NN_name.md`` -> ``build/slides/NN_name.html``.

Each deck is one self-contained HTML file that opens offline from disk: reveal.js, KaTeX (with
its fonts) and the figures are inlined. The front-end assets come from the npm registry
(``slides/package.json``, pinned by ``package-lock.json``; ``npm ci`` runs when they are
missing). Figures are drawn by ``slides/figures.py`` from the reference solutions at build time.

Deck format: a YAML-like front matter (``title:``, ``notebook:``) between ``---`` lines, then
slides in Markdown separated by lines holding only ``---``. Math in ``$...$`` / ``$$...$$`` is
protected from Markdown and typeset by KaTeX. ``![caption](figure:NAME)`` inserts a figure
produced by ``figures.py``, shown at the size ``figures.py`` drew it for (``figures.DISPLAY``
CSS pixels per PNG pixel), so its smallest label is at least ``figures.MIN_TEXT_PX`` on the
slide. A line holding only ``Note:`` starts the slide's speaker notes (reveal.js's
``<aside class="notes">``; press ``S`` in the deck for the speaker view).

The slides are 1280x720 CSS pixels (``SLIDE_WIDTH`` x ``SLIDE_HEIGHT``), so at that window size
reveal.js does not scale them and every font size in the CSS is the size on the screen; no text
is set below ``figures.MIN_TEXT_PX`` (18 px).

Each deck is also printed to ``NN_name.pdf``, one page per slide, by headless Chromium from
reveal.js's ``?print-pdf`` view (speaker notes left out), driven through chromedriver
(Selenium, a dev dependency). Without Chromium the PDFs are skipped with a message
(``--no-pdf`` skips them on purpose).

Run:  make slides   (or .venv/bin/python slides/build.py --out build/slides)
"""

from __future__ import annotations

import argparse
import base64
import html
import math
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENDOR = HERE / "node_modules"

sys.path.insert(0, str(HERE))
import figures  # noqa: E402  (slides/figures.py)

MATH = re.compile(r"(\$\$.+?\$\$|\$[^$\n]+?\$)", re.S)
NOTES = re.compile(r"^Note:[ \t]*$", re.M)

#: The slide size in CSS pixels (reveal.js's ``width`` and ``height``): at a 1280x720 window
#: reveal.js's scale is exactly 1.
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720

#: Chromium's flags for printing (the same as the browser tests').
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def ensure_vendor() -> None:
    """Install the pinned front-end assets with ``npm ci`` when they are missing."""
    if (VENDOR / "reveal.js" / "dist" / "reveal.js").exists() and (VENDOR / "katex").exists():
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                   check=True)


def read_vendor(rel: str) -> str:
    return (VENDOR / rel).read_text(encoding="utf-8")


def data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def katex_css() -> str:
    """KaTeX's stylesheet with its woff2 fonts inlined (other font formats dropped)."""
    css = read_vendor("katex/dist/katex.min.css")
    fonts = VENDOR / "katex" / "dist" / "fonts"
    css = re.sub(r",\s*url\(fonts/[^)]+\.(?:woff|ttf)\) format\(\"(?:woff|truetype)\"\)", "", css)
    return re.sub(r"url\(fonts/([^)]+\.woff2)\)",
                  lambda m: f"url({data_uri(fonts / m[1], 'font/woff2')})", css)


def theme_css() -> str:
    """reveal.js's white theme without its web-font import (system fonts instead)."""
    return re.sub(r"@import url\([^)]*\);", "", read_vendor("reveal.js/dist/theme/white.css"))


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def split_notes(source: str) -> tuple[str, str]:
    """A slide's Markdown and its speaker notes (after a line ``Note:``; may be empty)."""
    parts = NOTES.split(source, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def parse_deck(text: str) -> tuple[dict[str, str], list[str]]:
    """Split a deck into its front matter and the Markdown of each slide."""
    meta: dict[str, str] = {}
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if match:
        for line in match[1].splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip().strip('"')
        text = text[match.end():]
    slides = [s.strip() for s in re.split(r"^---[ \t]*$", text, flags=re.M) if s.strip()]
    return meta, slides


def figure_html(caption: str, path: Path) -> str:
    """A figure inlined as a PNG, at the display size ``figures.py`` drew it for, with the
    pixel size of its smallest label (``data-min-text-px``, in PNG pixels) for the tests."""
    width, height = png_size(path)
    meta = figures.read_meta(path)
    uri = data_uri(path, "image/png")
    text = html.escape(caption)
    smallest = meta["min_text_px"]
    data = "" if smallest is None else f' data-min-text-px="{smallest:.2f}"'
    return (f'<figure><img src="{uri}" alt="{text}" width="{math.ceil(width * figures.DISPLAY)}" '
            f'height="{math.ceil(height * figures.DISPLAY)}" data-figure="{path.stem}"{data}>'
            f'<figcaption>{text}</figcaption></figure>')


def markdown_html(source: str, figure_files: dict[str, Path]) -> str:
    """Markdown to HTML, keeping math intact and inlining figures."""
    maths: list[str] = []

    def stash(m: re.Match) -> str:
        maths.append(m[0])
        return f"@@MATH{len(maths) - 1}@@"

    def figure(m: re.Match) -> str:
        caption, name = m[1], m[2]
        if name not in figure_files:
            raise KeyError(f"figure {name!r} is not produced by slides/figures.py")
        return figure_html(caption, figure_files[name])

    protected = MATH.sub(stash, source)
    protected = re.sub(r"!\[([^\]]*)\]\(figure:([\w-]+)\)", figure, protected)
    body = markdown.markdown(protected, extensions=["tables", "fenced_code"])
    return re.sub(r"@@MATH(\d+)@@", lambda m: html.escape(maths[int(m[1])], quote=False), body)


def slide_html(source: str, figure_files: dict[str, Path]) -> str:
    """One slide's Markdown to HTML, its speaker notes in ``<aside class="notes">``."""
    body, notes = split_notes(source)
    out = markdown_html(body, figure_files)
    if notes:
        out += f'\n<aside class="notes">\n{markdown_html(notes, figure_files)}\n</aside>'
    return out


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{reveal_css}</style>
<style>{theme_css}</style>
<style>{katex_css}</style>
<style>
/* 1280x720 slides shown at scale 1: these are the sizes on the screen; none below 18 px. */
.reveal {{ font-size: 32px; }}
.reveal h1, .reveal h2 {{ text-transform: none; }}
.reveal .slides > section {{ text-align: left; padding: 26px 56px; box-sizing: border-box;
  height: {height}px; }}
.reveal .slides section > h1 {{ font-size: 56px; text-align: center; margin-top: 140px; }}
.reveal .slides section > h1 + p {{ text-align: center; }}
.reveal h2 {{ font-size: 42px; margin-bottom: 18px; }}
.reveal p, .reveal li {{ line-height: 1.3; }}
.reveal ul, .reveal ol {{ margin-left: 1.1em; }}
.reveal li + li {{ margin-top: 6px; }}
.reveal pre {{ width: 100%; font-size: 24px; box-shadow: none; margin: 12px 0; }}
.reveal pre code {{ font-size: 1em; }}
.reveal pre code {{ max-height: 420px; line-height: 1.3; }}
.reveal code {{ font-size: 0.9em; }}
.reveal table {{ font-size: 26px; margin: 10px 0; }}
.reveal table .katex {{ font-size: 1.4em; }}
.reveal figure {{ margin: 6px 0 0 0; text-align: center; }}
.reveal figure img {{ margin: 0 auto; max-width: none; max-height: none; display: block; }}
.reveal figcaption {{ font-size: 20px; color: #444; line-height: 1.25; }}
.reveal .deck-source {{ font-size: 20px; color: #555; }}
.reveal .slide-number, .reveal .slide-number-pdf {{ font-size: 18px; }}
/* reveal.js's print view (?print-pdf, the PDFs): the same layout as on the screen. */
html.reveal-print .reveal .slides section {{ padding: 26px 56px !important; text-align: left;
  box-sizing: border-box; }}
html.reveal-print .reveal h2 {{ text-align: left; }}
html.reveal-print .reveal .slide-number-pdf {{ font-size: 18px !important; }}
.reveal .katex-display {{ margin: 14px 0; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
<script>{reveal_js}</script>
<script>{katex_js}</script>
<script>{autorender_js}</script>
<script>{notes_js}</script>
<script>
// Math first, so that reveal.js (and its print view) lays out the typeset slides.
renderMathInElement(document.querySelector(".reveal .slides"), {{
  delimiters: [{{left: "$$", right: "$$", display: true}},
               {{left: "$", right: "$", display: false}}],
  throwOnError: false
}});
Reveal.initialize({{
  hash: true, slideNumber: "c/t", transition: "none", width: {width}, height: {height},
  margin: 0, center: false, pdfMaxPagesPerSlide: 1, showNotes: false, plugins: [RevealNotes]
}}).then(() => {{
  document.body.dataset.mathDone = "1";
}});
</script>
</body>
</html>
"""


def build_deck(path: Path, out: Path, assets: dict[str, str]) -> Path:
    """Build one deck; return the HTML file written."""
    meta, slides = parse_deck(path.read_text(encoding="utf-8"))
    figure_dir = out / "figures" / path.stem
    figure_files = figures.make(path.stem, figure_dir)
    sections = "\n".join(f"<section>\n{slide_html(s, figure_files)}\n</section>" for s in slides)
    title = meta.get("title", path.stem)
    page = PAGE.format(title=html.escape(title), sections=sections, width=SLIDE_WIDTH,
                       height=SLIDE_HEIGHT, **assets)
    target = out / f"{path.stem}.html"
    target.write_text(page, encoding="utf-8")
    return target


def chromium() -> tuple[str, str] | None:
    """Headless Chromium and its chromedriver, or ``None`` when either is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF written by Chromium (its ``/Type /Page`` objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


#: True once reveal.js's print view has laid out one page per slide and the fonts are loaded.
PRINT_READY = """return document.readyState === 'complete' && document.body.dataset.mathDone === '1'
    && document.fonts.status === 'loaded' && [...document.images].every(i => i.complete)
    && document.querySelectorAll('.pdf-page').length === Reveal.getTotalSlides()"""


def print_pdfs(decks: list[Path], browser: tuple[str, str], timeout: float = 120) -> list[Path]:
    """Print built decks to ``NN_name.pdf`` next to them: reveal.js's print view
    (``?print-pdf``), one page per slide, through headless Chromium's print-to-PDF (the DevTools
    ``Page.printToPDF``, called once the print view is laid out, so a busy machine cannot print
    a half-built page)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    written = []
    with tempfile.TemporaryDirectory(prefix="slides-pdf-") as profile:
        options = Options()
        options.binary_location = browser[0]
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(browser[1]), options=options)
        try:
            for deck in decks:
                target = deck.with_suffix(".pdf")
                for attempt in range(3):
                    driver.get(deck.resolve().as_uri() + "?print-pdf")
                    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(PRINT_READY))
                    slides = driver.execute_script("return Reveal.getTotalSlides()")
                    pdf = driver.execute_cdp_cmd("Page.printToPDF", {
                        "printBackground": True, "preferCSSPageSize": True,
                        "displayHeaderFooter": False})
                    target.write_bytes(base64.b64decode(pdf["data"]))
                    # Chromium has been seen to return a blank one-page PDF now and then:
                    # check the pages and print again.
                    if pdf_pages(target) == slides:
                        break
                    print(f"slides: {target.name} came out with {pdf_pages(target)} pages for "
                          f"{slides} slides; printing again", file=sys.stderr)
                else:
                    raise RuntimeError(f"{target.name}: {pdf_pages(target)} pages for {slides} "
                                       "slides after 3 attempts")
                written.append(target)
        finally:
            driver.quit()
    return written


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description="Build the lecture decks.")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "slides")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    parser.add_argument("decks", nargs="*", help="deck names (default: all slides/NN_*.md)")
    args = parser.parse_args(argv)
    ensure_vendor()
    assets = {
        "reveal_css": read_vendor("reveal.js/dist/reveal.css"),
        "theme_css": theme_css(),
        "katex_css": katex_css(),
        "reveal_js": read_vendor("reveal.js/dist/reveal.js"),
        "katex_js": read_vendor("katex/dist/katex.min.js"),
        "autorender_js": read_vendor("katex/dist/contrib/auto-render.min.js"),
        "notes_js": read_vendor("reveal.js/plugin/notes/notes.js"),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    paths = sorted(HERE.glob("[0-9][0-9]_*.md"))
    if args.decks:
        paths = [p for p in paths if p.stem in args.decks]
    browser = None if args.no_pdf else chromium()
    if browser is None and not args.no_pdf:
        print("slides: Chromium or chromedriver is not installed, so no PDFs "
              "(sh tests/install_system_packages.sh installs them)", file=sys.stderr)
    built = []
    for path in paths:
        built.append(build_deck(path, args.out, assets))
        print(f"built {built[-1]}", flush=True)
    if browser:
        for pdf in print_pdfs(built, browser):
            print(f"printed {pdf} ({pdf_pages(pdf)} pages)", flush=True)
    return built


if __name__ == "__main__":
    main()
