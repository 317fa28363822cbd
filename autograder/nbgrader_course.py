"""Drive nbgrader: a course directory built from ``solutions/``, release, autograde, gradebook.

nbgrader wants ``source/<assignment>/<notebook>.ipynb``; the course keeps its notebooks flat
(``solutions/01_random_agent.ipynb``). :func:`make_course` stages the flat files into an
nbgrader course directory under ``build/``; each notebook is its own assignment, named after it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.notebooks import SOLUTIONS
from autograder.setup_cell import add_release_cells, repository
from dqlcourse import cells

COURSE_ID = "dqlcourse"

#: nbgrader settings of the course; written to ``nbgrader_config.py`` of every course directory.
NBGRADER_CONFIG = '''\
# nbgrader settings of the deep Q-learning course (written by autograder.nbgrader_course).
c = get_config()
c.CourseDirectory.course_id = "dqlcourse"
# Seconds per cell when autograding; quick mode (DQL_QUICK=1) keeps training cells short.
c.Execute.timeout = 300
# A student who deleted a check cell still gets it graded: nbgrader puts it back.
c.OverwriteCells.add_missing_cells = True
# Library warnings on stderr must not zero a grade cell (nbgrader gives 0 for any stderr).
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"Warning|warn\\("
'''


def assignments() -> list[str]:
    """Assignment names: the stems of ``solutions/*.ipynb``, in order."""
    return sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))


def make_course(root: Path, names: list[str] | None = None) -> Path:
    """Create (or refresh) an nbgrader course directory at ``root`` with ``source/`` staged."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    for name in names or assignments():
        dest = root / "source" / name
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(SOLUTIONS / f"{name}.ipynb", dest / f"{name}.ipynb")
    return root


def nbgrader(root: Path, *args: str, env: dict | None = None,
             timeout: float = 1800) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course directory ``root``; capture its output.

    nbgrader calls the ``alembic`` command, so the interpreter's ``bin`` goes first on PATH.
    """
    run_env = dict(os.environ if env is None else env)
    run_env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + run_env.get("PATH", "")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=run_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def generate_assignment(root: Path, name: str) -> Path:
    """Run ``nbgrader generate_assignment``; return the student notebook it wrote."""
    proc = nbgrader(root, "generate_assignment", name, "--force")
    out = root / "release" / name / f"{name}.ipynb"
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{proc.stdout}{proc.stderr}")
    return out


def release(build: Path, dest: Path, names: list[str] | None = None) -> list[Path]:
    """Generate the student notebooks from ``solutions/`` and write them to ``dest``, each with
    its set-up cell (and the Colab badge when a repository address is configured; see
    :mod:`autograder.setup_cell`).

    Args:
        build: a scratch directory for the nbgrader course (replaced).
        dest: where the student notebooks go (``notebooks/`` for the committed release).
    """
    names = names or assignments()
    shutil.rmtree(build, ignore_errors=True)
    root = make_course(build, names)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    repo, ref = repository()
    for name in names:
        target = dest / f"{name}.ipynb"
        student = nbformat.read(generate_assignment(root, name), as_version=4)
        nbformat.write(add_release_cells(student, name, repo, ref), target)
        written.append(target)
    return written


GIVEN_MODULE = Path(__file__).resolve().parent.parent / "dqlcourse" / "given.py"


def given_module(solutions: Path) -> str:
    """The source of :mod:`dqlcourse.given`: the fingerprints of every code cell of the
    solution notebooks that is neither an answer nor a check cell (the course's own cells,
    the same in the releases), for :func:`dqlcourse.cells.is_given`."""
    prints = sorted({cells.fingerprint(cells.source(c)) for path in sorted(Path(solutions).glob("*.ipynb"))
                     for c in cells.cells(nbformat.read(path, as_version=4))
                     if cells.is_code(c) and not cells.is_solution(c) and not cells.is_check_cell(c)})
    body = "".join(f'    "{p}",\n' for p in prints)
    return ('"""Fingerprints of the course\'s own code cells (:func:`dqlcourse.cells.fingerprint`).\n\n'
            "Written by ``make release`` (:func:`autograder.nbgrader_course.given_module`) from\n"
            "``solutions/``; do not edit. :func:`dqlcourse.cells.is_given` reads it.\n"
            '"""\n\nCELLS = frozenset({\n' + body + "})\n")


@dataclass(frozen=True)
class CellGrade:
    """The score of one graded cell of one submission, from the gradebook."""

    grade_id: str
    score: float | None  # None: nbgrader could not decide (needs manual grading)
    max_score: float


def gradebook_scores(root: Path, name: str, student: str) -> list[CellGrade]:
    """The per-cell scores of ``student`` on assignment ``name``, in notebook order."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{Path(root).resolve() / 'gradebook.db'}") as gb:
        try:
            notebook = gb.find_submission_notebook(name, name, student)
        except MissingEntry:
            return []
        order = {cell.name: i for i, cell in enumerate(gb.find_notebook(name, name).source_cells)}
        grades = sorted(notebook.grades, key=lambda g: order.get(g.name, len(order)))
        return [CellGrade(g.name, g.score if not g.needs_manual_grade else None, g.max_score)
                for g in grades]
