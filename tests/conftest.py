"""Shared fixtures: the course's notebooks, found from solutions/ (add a notebook, get its tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NAMES = sorted(p.stem for p in (REPO / "solutions").glob("*.ipynb"))

os.environ.setdefault("DQL_QUICK", "1")  # tests always run the notebooks in quick mode


@pytest.fixture(params=NAMES)
def name(request) -> str:
    """The stem of each course notebook, e.g. ``01_random_agent``."""
    return request.param
