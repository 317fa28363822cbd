"""A submission as data: what the sandbox receives of it.

Trusted code: a submission is read as JSON and parsed with ``ast``; no student statement runs
here. What is taken follows the course's one rule (:mod:`dqlcourse.cells`), the rule
notebook 05's ``load_answers`` and the tests' in-process grading follow too, after the
metadata Colab or VS Code removed is restored (:func:`autograder.repair.repair`).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.assignments import Assignment
from autograder.notebooks import SOLUTIONS, NotebookError, read_submission
from autograder.repair import repair
from dqlcourse import cells
from dqlcourse.reuse import candidates


@dataclass
class Answers:
    """What the sandbox receives from one submission."""

    imports: list[str]
    definitions: list[str]
    notes: list[str]
    #: the answers of other notebooks this one loads, by the name it loads them as:
    #: ``{"imports": [...], "definitions": [...], "notebook": file name}``, or
    #: ``{"missing": why}``.
    reuse: dict[str, dict] = field(default_factory=dict)

    def names(self) -> frozenset[str]:
        """The functions and classes the definitions define (for reading locations in
        hidden checks' outcomes: a name outside this set is the student's free text)."""
        return frozenset(n.name for d in self.definitions for n in cells.top_level(d)
                         if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))

    def reasons(self) -> dict[str, str]:
        """Why a notebook this one loads is missing, by the name it is loaded as."""
        return {name: r["missing"] for name, r in self.reuse.items() if "missing" in r}


def extract(nb: nbformat.NotebookNode, assignment: Assignment) -> Answers:
    """The submission's imports and definitions by the course's rule (:mod:`dqlcourse.cells`),
    after the trusted scaffold of the solution notebook (the definitions and constants of its
    own cells, so that deleting one of those cells costs nothing); later definitions win. No
    student statement runs at definition time except what Python itself runs (decorators,
    default values, class bodies and the values of the constants), inside the sandbox.
    """
    notes: list[str] = []
    if assignment.release is not None:
        try:
            nb, notes = repair(nb, assignment.release)
        except Exception as exc:  # noqa: BLE001 - repair is best effort
            notes = [f"could not repair the notebook's metadata ({type(exc).__name__})"]
    found = cells.answer_definitions(nb)
    imports = list(dict.fromkeys(assignment.imports + found.imports))
    return Answers(imports, assignment.scaffold + found.definitions, notes + found.notes)


def extract_reused(path: Path, assignment: Assignment, load: Callable[[str], Assignment],
                   solutions: Path = SOLUTIONS) -> dict[str, dict]:
    """The answers of the notebooks ``assignment`` loads (``nb04 = load_answers("04_dqn.ipynb")``
    in notebook 05), taken from the student's own copy next to the submission ``path``: in its
    folder, or in nbgrader's layout (``<student>/04_dqn/04_dqn.ipynb`` beside
    ``<student>/05_conv_dqn/``). Read like a submission
    (:func:`~autograder.notebooks.read_submission`: a regular file, no symbolic link, not a
    solution) and extracted like one; a copy that is missing or unreadable gives
    ``{"missing": why}``, which costs only the checks using it. ``load``: the other notebook's
    assignment by name."""
    out: dict[str, dict] = {}
    folder = Path(path).absolute().parent
    for name, filename in assignment.reuses.items():
        found = next(((p, root) for p, root in zip(candidates(filename, folder),
                                                     (folder, folder.parent))
                      if os.path.lexists(p)), None)
        if found is None:
            out[name] = {"missing": f"{filename} was not found next to the submission (the "
                                    f"checks of the whole agent train with it: submit it too)"}
            continue
        try:
            other = extract(read_submission(found[0], found[1], solutions),
                            load(Path(filename).stem))
        except (NotebookError, ValueError, RecursionError) as exc:
            out[name] = {"missing": f"{filename} next to the submission could not be read ({exc})"}
            continue
        out[name] = {"imports": other.imports, "definitions": other.definitions,
                     "notebook": filename}
    return out
