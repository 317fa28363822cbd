"""The students' ``python -m autograder check NOTEBOOK``: a notebook's visible checks, run in
the sandbox exactly as the grader runs them, judged here, and printed.

The checks are those of the *released* notebook (``notebooks/``), so a student's copy of the
course can run it without the solutions; hidden checks are announced, never run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from autograder import sandbox as sb
from autograder.assignments import _release_assignment, notebook_imports, recognise_release
from autograder.extract import extract, extract_reused
from autograder.notebooks import NOTEBOOKS, read_notebook
from autograder.options import Options
from autograder.results import Result, blame_reused, judge_all
from autograder.sandbox import WARM_EXTRA
from autograder.sandbox.server import Server, run_sandboxed
from dqlcourse.checks.core import terminal_colors


def run_visible(path: Path, assignment: str | None = None, options: Options = Options(),
                notebooks: Path = NOTEBOOKS, only: set[str] | None = None,
                ) -> tuple[Result, int, float]:
    """Run the visible checks of a student's notebook in the sandbox (the check command's
    path), and judge them here. ``only``: the ids of the checks to run (default: all).
    Returns the result (its notes say what is missing beside the notebook), and the number
    and points of the hidden check cells that were not run. Raises :class:`NotebookError`
    for a file that is not a notebook and ``ValueError`` when the notebook is not
    recognised."""
    nb = read_notebook(path)
    assignment = assignment or recognise_release(nb, path, notebooks)
    if assignment is None:
        raise ValueError("could not tell which notebook this is; pass --assignment")
    item, hidden_cells, hidden_points = _release_assignment(assignment, notebooks)
    graded = [g for g in item.graded if only is None or g.check.id in only]
    box = sb.detect(options.sandbox)
    sb.refuse_unsafe(box)
    result = Result(str(path), Path(path).stem, assignment=assignment, sandbox=box.mode)
    answers = extract(nb, item)
    if item.reuses and any(g.check.uses for g in graded):
        answers.reuse = extract_reused(
            path, item, lambda other: _release_assignment(other, notebooks)[0])
        result.notes += [r["missing"] for r in answers.reuse.values() if "missing" in r]
    server = Server(box, options, warm=notebook_imports([Path(notebooks) / f"{assignment}.ipynb"])
                    + list(WARM_EXTRA))
    try:
        run = run_sandboxed(answers, [g.check for g in graded], options, box, server=server)
        result.reports = judge_all(graded, run, answers, options)
        blame_reused([r for _, r in result.reports], answers,
                     lambda other, checks: run_sandboxed(other, checks, options, box,
                                                         server=server), options)
    finally:
        server.release()
    result.score = round(sum(r.score for _, r in result.reports), 6)
    result.max_score = float(sum(g.points for g in graded))
    return result, hidden_cells, hidden_points


def hidden_note(hidden_cells: int, hidden_points: float) -> str:
    """What a student is told about the hidden checks that a visible run did not run."""
    return (f"Hidden checks: {hidden_cells} more check cells worth {hidden_points:g} points "
            "exist and were NOT run. They use other inputs and run only when your notebook is "
            "graded, so passing the visible checks is a good sign, not a guarantee.")


def student_check(path: Path, assignment: str | None = None, options: Options = Options(),
                  notebooks: Path = NOTEBOOKS, stream=sys.stdout) -> Result:
    """``python -m autograder check NOTEBOOK``: run the visible checks, print the reports
    (PASS and FAIL coloured on a terminal that is not ``NO_COLOR``, plain text elsewhere)."""
    result, hidden_cells, hidden_points = run_visible(path, assignment, options, notebooks)
    colour = (hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")
              and os.environ.get("TERM") != "dumb")
    for note in result.notes:
        print(f"Note: {note}", file=stream)
    for _, report in result.reports:
        print(terminal_colors(report.text()) if colour else report.text(), file=stream)
        print(file=stream)
    print(f"Visible checks: {result.score:g} / {result.max_score:g} points.", file=stream)
    print(hidden_note(hidden_cells, hidden_points), file=stream)
    if result.sandbox == "none":
        print(f"(Checks ran without a sandbox: {sb.DESCRIPTIONS['none']}.)", file=stream)
    return result
