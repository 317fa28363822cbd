"""Shared fixtures: the course's notebooks, found from solutions/ (add a notebook, get its tests)."""

from __future__ import annotations

import ast
import dataclasses
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


def notebook_config(notebook: str, variable: str, call: str = "DQNConfig") -> dict:
    """The arguments of the ``call`` that ``solutions/<notebook>.ipynb`` assigns to
    ``variable``, in full mode: that one statement (anywhere in its cell), executed on its own.
    For ``DQNConfig`` (e.g. ``CARTPOLE = DQNConfig(...)``) every field, defaults included; for
    another call, its keyword arguments (positional ones are left out)."""
    from autograder.notebooks import read_notebook
    from dqlcourse.dqn import DQNConfig

    nb = read_notebook(REPO / "solutions" / f"{notebook}.ipynb")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and node.targets[0].id == variable
                    and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == call):
                node.value.args = []
                namespace = {call: lambda **kwargs: kwargs, "SEED": 0,
                             "budget": lambda full, quick: full}
                exec(ast.unparse(node), namespace)
                fields = namespace[variable]
                return dataclasses.asdict(DQNConfig(**fields)) if call == "DQNConfig" else fields
    raise LookupError(f"solutions/{notebook}.ipynb assigns no {call}(...) to {variable}")
