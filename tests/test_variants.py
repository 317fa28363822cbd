"""Correct answers in other styles (autograder/variants, by a blind examiner) get full marks.

Each variant, with the cell it adds, replaces the reference answer in the solution notebook and
is graded in process by the course's one rule (dqlcourse.cells): the checks of its own answer
cell must all give full marks. The same variants, combined into whole notebooks, get full
marks from the standalone grader and from nbgrader, which runs the notebook's own check cells
(tests/test_grader_parity.py, examples ``other_style_1`` to ``other_style_10``: together they
hold every variant).
"""

from __future__ import annotations

import pytest
from conftest import NAMES, REPO

from autograder.examples import OTHER_STYLES, variant_cells, with_answer
from autograder.notebooks import find_checks, grade_answers, read_notebook
from autograder.variants import catalogue

PARAMS = [pytest.param(n, v, id=f"{n}: {v.name}") for n in NAMES for v in catalogue(n)]


def test_every_todo_has_at_least_two_variants():
    for name in NAMES:
        sol = read_notebook(REPO / "solutions" / f"{name}.ipynb")
        cells = variant_cells(sol, name)
        todo = [c for c in sol.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
        assert len(cells) == len(todo), f"{name}: a TODO without variants"
        assert all(len(vs) >= 2 for vs in cells.values()), name


def test_the_other_style_examples_hold_every_variant():
    # Example other_style_k answers every cell with its k-th variant (cycling), so the whole-
    # notebook gradings (standalone, nbgrader, the notebook's own checks) see every variant
    # exactly when no cell has more variants than there are such examples.
    for name in NAMES:
        sol = read_notebook(REPO / "solutions" / f"{name}.ipynb")
        most = max(len(vs) for vs in variant_cells(sol, name).values())
        assert most <= len(OTHER_STYLES), (
            f"{name}: a cell has {most} variants; add other_style examples up to that number")


@pytest.mark.parametrize(("name", "variant"), PARAMS)
def test_every_variant_scores_full_marks(name, variant):
    sol = read_notebook(REPO / "solutions" / f"{name}.ipynb")
    gid = next(gid for gid, vs in variant_cells(sol, name).items() if variant in vs)
    nb = with_answer(sol, variant.function, variant.source, variant.added)
    graded = [g for g in find_checks(sol) if g.grade_id in (f"check_{gid}", f"hidden_{gid}")]
    assert graded
    for check_id, report in grade_answers(nb, graded, REPO / "solutions").items():
        assert report.score == report.check.points, report.text()
