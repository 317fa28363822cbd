"""Repairing what Colab, VS Code and students do to submissions before nbgrader grades them."""

from __future__ import annotations

import nbformat
import pytest
from conftest import REPO

from autograder.examples import EXAMPLES
from autograder.notebooks import nbgrader_meta
from autograder.repair import repair

NAME = "01_random_agent"


@pytest.fixture(scope="module")
def pair():
    sol = nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4)
    rel = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    return sol, rel


def _example(pair, student):
    sol, rel = pair
    return EXAMPLES[student][1](sol, rel, NAME)


def _ids(nb):
    return [nbgrader_meta(c).get("grade_id") for c in nb.cells if nbgrader_meta(c)]


def test_a_clean_submission_is_left_alone(pair):
    nb = _example(pair, "complete")
    fixed, notes = repair(nb, pair[1])
    assert notes == [] and fixed == nb


def test_stripped_metadata_is_restored(pair):
    fixed, notes = repair(_example(pair, "colab_stripped"), pair[1])
    assert _ids(fixed) == _ids(pair[1])
    assert "restored nbgrader metadata" in notes[0]


def test_stripped_metadata_and_ids_are_restored_by_content(pair):
    nb = _example(pair, "colab_stripped")
    for i, cell in enumerate(nb.cells):
        cell.id = f"new-{i}"
    fixed, _ = repair(nb, pair[1])
    assert _ids(fixed) == _ids(pair[1])


def test_duplicated_check_cell_is_removed(pair):
    fixed, notes = repair(_example(pair, "duplicated_check"), pair[1])
    assert _ids(fixed) == _ids(pair[1]) and "removed duplicated check cell" in notes[0]


def test_deleted_check_cell_is_put_back_in_place(pair):
    fixed, notes = repair(_example(pair, "deleted_check"), pair[1])
    assert _ids(fixed) == _ids(pair[1]) and "put back deleted cell check_episode_return" in notes


def test_renamed_function_is_named_in_the_notes(pair):
    _, notes = repair(_example(pair, "renamed_function"), pair[1])
    assert any("`discounted_return` is not defined (renamed to `my_discounted_return`?)" in n
               for n in notes)
