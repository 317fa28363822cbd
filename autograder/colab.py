"""Colab cells of the student notebooks: an "Open in Colab" badge and a set-up cell.

The repository address lives in one place, ``[tool.dqlcourse] repository`` in
``pyproject.toml`` (``https://github.com/OWNER/NAME``). ``make release`` writes it into the
badge and the set-up cell of every student notebook; while it is empty, no Colab cells are
written. A fork sets its own address there and runs ``make release``.
"""

from __future__ import annotations

import re
import tomllib

import nbformat

from autograder.notebooks import REPO

SETUP = '''\
# Google Colab set-up: installs the course package there; does nothing anywhere else.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "{requirement}"], check=True)'''


def repository() -> str:
    """The repository address from pyproject.toml, or ``""`` when none is set."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    return config.get("tool", {}).get("dqlcourse", {}).get("repository", "").rstrip("/")


def install_requirement(repo: str) -> str:
    """What pip installs in Colab: the course package from the repository's main branch."""
    return f"dqlcourse @ git+{repo}.git"


def add_colab_cells(nb: nbformat.NotebookNode, name: str, repo: str) -> nbformat.NotebookNode:
    """Put the badge and the set-up cell at the top of a student notebook (returns ``nb``)."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", repo)
    if not match:
        raise ValueError(f"[tool.dqlcourse] repository must be https://github.com/OWNER/NAME, got {repo!r}")
    url = f"https://colab.research.google.com/github/{match[1]}/{match[2]}/blob/main/notebooks/{name}.ipynb"
    badge = nbformat.v4.new_markdown_cell(
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})")
    badge.id = "colab-badge"
    setup = nbformat.v4.new_code_cell(SETUP.format(requirement=install_requirement(repo)))
    setup.id = "colab-setup"
    nb.cells[:0] = [badge, setup]
    return nb
