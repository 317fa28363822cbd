"""Every deck builds offline into one HTML file and renders in headless Chromium."""

from __future__ import annotations

import re
import sys

import pytest
from browser import chrome, console_errors
from conftest import REPO
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(REPO / "slides"))
import build  # noqa: E402  (slides/build.py)

DECKS = sorted(p.stem for p in (REPO / "slides").glob("[0-9][0-9]_*.md"))


def test_every_notebook_has_a_deck():
    notebooks = sorted(p.stem for p in (REPO / "solutions").glob("*.ipynb"))
    assert set(notebooks) <= set(DECKS), "a notebook needs slides/NN_name.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return {p.stem: p for p in build.main(["--out", str(out)])}


def test_decks_are_self_contained(built):
    for name, path in built.items():
        page = path.read_text()
        external = re.findall(r"""(?:src|href)=["'](https?:)?//""", page)
        assert not external, f"{name} loads something from the network"
        assert "cdn.jsdelivr" not in page and "fonts.googleapis" not in page


def test_math_is_protected_from_markdown():
    html = build.slide_html(r"$\sum_{t=0}^{T-1} \gamma^t r_t$ and *x*", {})
    assert r"\sum_{t=0}^{T-1} \gamma^t r_t" in html and "<em>x</em>" in html


@pytest.mark.parametrize("deck", DECKS)
def test_deck_renders_every_slide(deck, built, tmp_path):
    driver = chrome(tmp_path)
    try:
        driver.get(built[deck].as_uri())
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script("return document.body.dataset.mathDone === '1'"))
        total = driver.execute_script("return Reveal.getTotalSlides()")
        assert total >= 5
        shots = REPO / "build" / "screenshots" / "slides"
        shots.mkdir(parents=True, exist_ok=True)
        for i in range(total):
            driver.execute_script(f"Reveal.slide({i})")
            text = driver.execute_script("return Reveal.getCurrentSlide().innerText")
            assert text.strip(), f"{deck}: slide {i + 1} is empty"
            assert driver.save_screenshot(str(shots / f"{deck}-{i + 1:02d}.png"))
        katex = driver.execute_script("return document.querySelectorAll('.katex').length")
        errors = driver.execute_script("return document.querySelectorAll('.katex-error').length")
        source = (REPO / "slides" / f"{deck}.md").read_text()
        if "$" in source:
            assert katex > 0, f"{deck}: no math was typeset"
        assert errors == 0, f"{deck}: KaTeX could not typeset {errors} formulas"
        raw = driver.execute_script("return document.querySelector('.slides').innerText")
        assert "$$" not in raw, f"{deck}: untypeset display math"
        assert not console_errors(driver), console_errors(driver)
        images = driver.execute_script(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
        assert images == 0, f"{deck}: broken images"
    finally:
        driver.quit()
