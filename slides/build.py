"""Build the lecture decks: ``slides/NN_name.md`` -> ``build/slides/NN_name.html``.

Each deck is one self-contained HTML file that opens offline from disk: reveal.js, KaTeX (with
its fonts) and the figures are inlined. The front-end assets come from the npm registry
(``slides/package.json``, pinned by ``package-lock.json``; ``npm ci`` runs when they are
missing). Figures are drawn by ``slides/figures.py`` from the reference solutions at build time.

Deck format: a YAML-like front matter (``title:``, ``notebook:``) between ``---`` lines, then
slides in Markdown separated by lines holding only ``---``. Math in ``$...$`` / ``$$...$$`` is
protected from Markdown and typeset by KaTeX. ``![caption](figure:NAME)`` inserts a figure
produced by ``figures.py``.

Run:  make slides   (or .venv/bin/python slides/build.py --out build/slides)
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import subprocess
import sys
from pathlib import Path

import markdown

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENDOR = HERE / "node_modules"

sys.path.insert(0, str(HERE))
import figures  # noqa: E402  (slides/figures.py)

MATH = re.compile(r"(\$\$.+?\$\$|\$[^$\n]+?\$)", re.S)


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


def slide_html(source: str, figure_files: dict[str, Path]) -> str:
    """One slide's Markdown to HTML, keeping math intact and inlining figures."""
    maths: list[str] = []

    def stash(m: re.Match) -> str:
        maths.append(m[0])
        return f"@@MATH{len(maths) - 1}@@"

    def figure(m: re.Match) -> str:
        caption, name = m[1], m[2]
        if name not in figure_files:
            raise KeyError(f"figure {name!r} is not produced by slides/figures.py")
        uri = data_uri(figure_files[name], "image/png")
        return f'<figure><img src="{uri}" alt="{html.escape(caption)}"><figcaption>{html.escape(caption)}</figcaption></figure>'

    protected = MATH.sub(stash, source)
    protected = re.sub(r"!\[([^\]]*)\]\(figure:([\w-]+)\)", figure, protected)
    body = markdown.markdown(protected, extensions=["tables", "fenced_code"])
    return re.sub(r"@@MATH(\d+)@@", lambda m: html.escape(maths[int(m[1])], quote=False), body)


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
.reveal {{ font-size: 30px; }}
.reveal h1 {{ font-size: 1.9em; }} .reveal h2 {{ font-size: 1.4em; }}
.reveal pre {{ width: 100%; font-size: 0.6em; }}
.reveal table {{ font-size: 0.75em; }}
.reveal figure img {{ max-height: 430px; margin: 0; }}
.reveal figcaption {{ font-size: 0.55em; color: #555; }}
.reveal .deck-source {{ font-size: 0.5em; color: #777; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{sections}
</div></div>
<script>{reveal_js}</script>
<script>{katex_js}</script>
<script>{autorender_js}</script>
<script>
Reveal.initialize({{ hash: true, slideNumber: "c/t", transition: "none" }}).then(() => {{
  renderMathInElement(document.querySelector(".reveal .slides"), {{
    delimiters: [{{left: "$$", right: "$$", display: true}}, {{left: "$", right: "$", display: false}}],
    throwOnError: false
  }});
  Reveal.layout();
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
    page = PAGE.format(title=html.escape(title), sections=sections, **assets)
    target = out / f"{path.stem}.html"
    target.write_text(page, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description="Build the lecture decks.")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "slides")
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
    }
    args.out.mkdir(parents=True, exist_ok=True)
    paths = sorted(HERE.glob("[0-9][0-9]_*.md"))
    if args.decks:
        paths = [p for p in paths if p.stem in args.decks]
    built = []
    for path in paths:
        built.append(build_deck(path, args.out, assets))
        print(f"built {built[-1]}")
    return built


if __name__ == "__main__":
    main()
