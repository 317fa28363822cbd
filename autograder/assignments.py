"""Assignments: what a (trusted) solution or released notebook grades, and which assignment a
submission is.

Everything here reads the course's own notebooks, or a submission as data; nothing a student
wrote runs. The checks of a notebook are read from the notebook itself
(:func:`autograder.notebooks.find_checks`), so nbgrader and every other grader grade the same
checks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.notebooks import (
    NOTEBOOKS,
    SOLUTIONS,
    GradedCheck,
    NotebookError,
    find_checks,
    read_notebook,
    read_submission,
)
from autograder.sandbox import WARM_EXTRA
from dqlcourse import cells


@dataclass
class Assignment:
    """A gradable notebook: its checks (from the trusted solution notebook) and scaffold."""

    name: str
    graded: list[GradedCheck]
    release: nbformat.NotebookNode | None
    functions: list[str]  # the TODO functions (grade ids of the solution cells)
    scaffold: list[str]  # trusted definitions and constants of the solution's own cells
    imports: list[str]  # every import statement of the solution notebook
    reuses: dict[str, str] = field(default_factory=dict)  # {"nb04": "04_dqn.ipynb"}

    @property
    def max_score(self) -> float:
        return float(sum(g.points for g in self.graded))

    def points(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for g in self.graded:
            out[g.grade_id] = out.get(g.grade_id, 0.0) + g.points
        return out


_ASSIGNMENTS: dict[tuple[str, str], Assignment] = {}
_LOCK = threading.Lock()


def assignment_names(solutions: Path = SOLUTIONS) -> list[str]:
    return sorted(p.stem for p in Path(solutions).glob("*.ipynb"))


def load_assignment(name: str, solutions: Path = SOLUTIONS,
                    notebooks: Path = NOTEBOOKS) -> Assignment:
    """Read ``solutions/NAME.ipynb`` (trusted) and the released ``notebooks/NAME.ipynb``."""
    key = (str(solutions), name)
    with _LOCK:
        if key in _ASSIGNMENTS:
            return _ASSIGNMENTS[key]
        path = Path(solutions) / f"{name}.ipynb"
        if not path.exists():
            raise ValueError(f"unknown assignment {name!r}; known: "
                             f"{', '.join(assignment_names(solutions)) or 'none'}")
        solution = read_notebook(path)
        release_path = Path(notebooks) / f"{name}.ipynb"
        release = read_notebook(release_path) if release_path.exists() else None
        item = Assignment(name, find_checks(solution), release, cells.todo_ids(solution),
                          cells.given_scaffold(solution), cells.imports(solution),
                          cells.reused_notebooks(solution))
        _ASSIGNMENTS[key] = item
        return item


_FUNCTIONS: dict[tuple[str, str], list[str]] = {}


def todo_functions(name: str, solutions: Path = SOLUTIONS) -> list[str]:
    """The TODO functions of an assignment (grade ids of its solution cells), read without
    running anything, so recognising a submission never depends on other notebooks' checks."""
    key = (str(solutions), name)
    if key not in _FUNCTIONS:
        try:
            nb = read_notebook(Path(solutions) / f"{name}.ipynb")
            _FUNCTIONS[key] = cells.todo_ids(nb)
        except NotebookError:
            _FUNCTIONS[key] = []
    return _FUNCTIONS[key]


def recognise(nb: nbformat.NotebookNode, path: Path, names: list[str],
              solutions: Path = SOLUTIONS) -> tuple[str | None, str]:
    """The assignment a submission belongs to: by content (the TODO functions it defines and
    the nbgrader cell ids it carries), else by file name. Returns ``(name, note)``."""
    defined: set[str] = set()
    ids: set[str] = set()
    for cell in nb.cells:
        ids.add(str(cells.nbgrader_meta(cell).get("grade_id", "")))
        if cells.is_code(cell):
            defined |= cells.defined_names(cells.source(cell))
    scores = {}
    for name in names:
        functions = set(todo_functions(name, solutions))
        checks = {f"check_{f}" for f in functions} | {f"hidden_{f}" for f in functions}
        scores[name] = len(functions & defined) + len(functions & ids) + len(checks & ids)
    best = max(scores.values(), default=0)
    winners = [n for n, s in scores.items() if s == best and s > 0]
    if len(winners) == 1:
        return winners[0], ""
    stem = Path(path).stem
    by_name = [n for n in names if n in stem or stem.startswith(n.split("_")[0] + "_")]
    if len(by_name) == 1:
        return by_name[0], "recognised by its file name"
    return None, "could not tell which assignment this notebook is (use --assignment)"


def notebook_imports(paths: list[Path]) -> list[str]:
    """The import statements of trusted notebooks (solutions or releases), read with ``ast``;
    a server runs them before any student code (nothing is executed here)."""
    statements: list[str] = []
    for path in paths:
        try:
            statements += cells.imports(read_notebook(path))
        except NotebookError:
            continue
    return list(dict.fromkeys(statements))


def expected_assignments(paths: list[Path], forced: str | None, solutions: Path,
                         limit: int = 50) -> list[str]:
    """The assignments the first ``limit`` submissions look like (cheap: read, not run), so
    that the servers can import their libraries while this process starts up."""
    if forced:
        return [forced]
    names = assignment_names(solutions)
    found: list[str] = []
    for path in paths[:limit]:
        try:
            name, _ = recognise(read_submission(path), path, names, solutions)
        except Exception:  # noqa: BLE001 - grading will say what is wrong with the file
            continue
        if name and name not in found:
            found.append(name)
    return found


def warm_imports(solutions: Path = SOLUTIONS, names: list[str] | None = None) -> list[str]:
    """What a server imports when it starts: the imports of the solution notebooks ``names``
    (default: all), plus :data:`WARM_EXTRA`."""
    if names is None:
        names = assignment_names(solutions)
    return notebook_imports([Path(solutions) / f"{n}.ipynb" for n in names]) + list(WARM_EXTRA)


def visible_checks(release: nbformat.NotebookNode) -> tuple[list[GradedCheck], int, float]:
    """The visible checks of a released notebook, and the number and points of the hidden
    check cells it announces (their tests are not in the release)."""
    found = find_checks(release, strict=False)
    seen = {g.grade_id for g in found}
    hidden = [cells.nbgrader_meta(c) for c in release.cells if cells.is_check_cell(c)
              and cells.nbgrader_meta(c).get("grade_id") not in seen]
    return found, len(hidden), float(sum(float(m.get("points", 0)) for m in hidden))


def _release_assignment(name: str, notebooks: Path = NOTEBOOKS) -> tuple[Assignment, int, float]:
    """An assignment as a student's copy of the course has it: the visible checks of
    ``notebooks/NAME.ipynb``; and the number and points of its hidden check cells."""
    release = read_notebook(Path(notebooks) / f"{name}.ipynb")
    graded, hidden_cells, hidden_points = visible_checks(release)
    item = Assignment(name, graded, release, cells.todo_ids(release), [], [],
                      cells.reused_notebooks(release))
    return item, hidden_cells, hidden_points


def recognise_release(nb: nbformat.NotebookNode | None, path: Path,
                      notebooks: Path = NOTEBOOKS) -> str | None:
    """The course notebook a student's copy is, as ``python -m autograder check`` tells: as
    :func:`recognise` tells from the released notebooks (``nb``: the copy; ``None`` when it
    cannot be read: then only its file name counts)."""
    names = assignment_names(notebooks)
    if nb is None:
        matches = [n for n in names if n in Path(path).stem]
        return matches[0] if len(matches) == 1 else None
    return recognise(nb, path, names, notebooks)[0]


def release_checks(name: str, notebooks: Path = NOTEBOOKS) -> list[GradedCheck]:
    """The visible checks a student's copy of notebook ``name`` is checked with."""
    return _release_assignment(name, notebooks)[0].graded
