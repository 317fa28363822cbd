"""Completed notebooks opened in JupyterLab in a real browser: animation and widgets show.

A JupyterLab server runs on 127.0.0.1 with a token, in a temporary folder holding the student
notebooks with the reference answers typed in (as a student who finished would have them).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from browser import chrome, console_errors, require_chromium
from conftest import REPO
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from autograder.examples import EXAMPLES

TOKEN = "dqlcourse-test"
#: notebook -> CSS selector of what must appear after "Run all"
EXPECTED = {
    "01_random_agent": 'img[alt="episode animation"]',
    "02_value_iteration": ".jp-OutputArea .widget-slider, .jp-OutputArea .jupyter-widgets",
    # the live plot of section 9 after close(): its status line says how training ended
    "04_dqn": ".jp-OutputArea .dql-live-ended",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_chromium()
    root = tmp_path_factory.mktemp("lab")
    for name in EXPECTED:
        if not (REPO / "solutions" / f"{name}.ipynb").exists():
            continue
        sol = nbformat.read(REPO / "solutions" / f"{name}.ipynb", as_version=4)
        rel = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        nbformat.write(EXAMPLES["complete"][1](sol, rel, name), root / f"{name}.ipynb")
    port = _free_port()
    env = {**os.environ, "DQL_QUICK": "1", "JUPYTER_CONFIG_DIR": str(root / ".jupyter")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={TOKEN}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=", "--ServerApp.open_browser=False"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    yield base, root
    server.terminate()
    server.wait(timeout=30)


def panel(name: str) -> str:
    """JavaScript: the open notebook panel of ``name`` when it is the current tab, else null.

    Every query below is scoped to this panel: JupyterLab restores the tabs of earlier tests (and
    their autosaved prompts), so a query over the whole page can see another notebook's cells.
    """
    return ("const w = window.jupyterapp?.shell?.currentWidget;"
            f"const p = (w && w.context?.path === '{name}.ipynb') ? w : null;")


def run_all(driver, name: str, tries: int = 4) -> None:
    """Run every cell of notebook ``name``, and make sure it started: under load JupyterLab can
    drop the command (seen: every prompt still "[ ]" minutes later), so it is sent again until a
    cell of this notebook shows "[*]" or an execution count."""
    started = (panel(name) + "return !!p && [...p.node.querySelectorAll('.jp-InputPrompt')]"
               ".some(e => /\\[(\\*|\\d+)\\]/.test(e.innerText))")
    for _ in range(tries):
        driver.execute_script(panel(name) + "if (p) { p.activate(); "
                              "window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        try:
            WebDriverWait(driver, 20, poll_frequency=0.5).until(lambda d: d.execute_script(started))
            return
        except TimeoutException:
            continue
    pytest.fail(f"{name}: Run all did not start any cell after {tries} tries")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_run_all_shows_the_notebooks_visuals(lab, name, tmp_path):
    base, root = lab
    if not (root / f"{name}.ipynb").exists():
        pytest.skip(f"{name} does not exist yet")
    driver = chrome(tmp_path)
    try:
        # A workspace of its own, reset: no tab of an earlier test is restored beside this one.
        driver.get(f"{base}/lab/workspaces/test-{name}/tree/{name}.ipynb?reset&token={TOKEN}")
        wait = WebDriverWait(driver, 120, poll_frequency=1)
        # Under load JupyterLab may ask which kernel to use before the kernel specs arrive:
        # accept its default (Python 3) whenever that dialog shows.
        accept_dialog = ("const b = document.querySelector('.jp-Dialog .jp-mod-accept');"
                         "if (b) { b.click(); }")
        wait.until(lambda d: d.execute_script(
            accept_dialog + panel(name) +
            "return !!p?.context?.isReady && p?.sessionContext?.session?.kernel?.status === 'idle'"))
        run_all(driver, name)
        shots = REPO / "build" / "screenshots" / "jupyterlab"
        shots.mkdir(parents=True, exist_ok=True)
        selector = EXPECTED[name]
        try:
            WebDriverWait(driver, 240, poll_frequency=2).until(lambda d: d.execute_script(
                panel(name) + "return !!p && !!p.node.querySelector(arguments[0])", selector))
        except TimeoutException:
            driver.save_screenshot(str(shots / f"{name}-timeout.png"))
            pytest.fail(f"{name}: nothing matching {selector!r} after Run all "
                        f"(screenshot: build/screenshots/jupyterlab/{name}-timeout.png)")
        element = driver.execute_script(panel(name) + "return p.node.querySelector(arguments[0])",
                                        selector)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        time.sleep(1)
        assert driver.save_screenshot(str(shots / f"{name}.png"))
        tracebacks = driver.execute_script(
            panel(name) + "return [...p.node.querySelectorAll('.jp-RenderedText')]"
            ".filter(e => e.innerText.includes('Traceback')).length")
        assert tracebacks == 0, f"{name}: a cell raised"
        severe = [m for m in console_errors(driver) if "favicon" not in m]
        assert not severe, severe
        # The set-up cell (the course package inside the notebook) shows collapsed at the top,
        # and says nothing where the package is installed.
        first = driver.execute_script(panel(name) + "const c = p.node.querySelector('.jp-CodeCell');"
                                      "c.scrollIntoView({block: 'start'}); return {"
                                      "collapsed: !!c.querySelector('.jp-InputPlaceholder'),"
                                      "output: c.querySelector('.jp-OutputArea').innerText.trim()}")
        time.sleep(1)
        assert driver.save_screenshot(str(shots / f"{name}-top.png"))
        assert first == {"collapsed": True, "output": ""}, first
    finally:
        driver.quit()
