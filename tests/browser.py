"""Headless Chromium for the browser tests (Debian's chromium and chromium-driver).

``make test`` installs them when missing (``tests/install_system_packages.sh``). Without them the
browser tests are skipped locally, and fail under CI (``CI=true``), where they must run.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--disable-dev-shm-usage", "--window-size=1280,800"]


def require_chromium() -> None:
    """Skip (locally) or fail (CI) when headless Chromium is not installed."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return
    message = "Chromium is not installed: run `sudo apt-get install chromium chromium-driver`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chrome(tmp_path):
    """A headless Chromium driven by Selenium, logging the browser console."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'chrome-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def console_errors(driver) -> list[str]:
    """Messages of level SEVERE in the browser console since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
