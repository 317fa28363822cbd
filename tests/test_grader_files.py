"""Submissions are regular files inside the folder being graded.

Git, tar and unzip all keep symbolic links, and tar as root keeps FIFOs and device nodes. A
batch with every such shape next to an honest submission: each is refused with a note saying
why (zero points, nothing run), the batch does not hang, and the honest one keeps its grade.
The notebook 04 beside a notebook-05 submission is read by the same rule.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import nbformat
import pytest
from conftest import REPO

from autograder import assignments
from autograder import extract as ex
from autograder import grade as g
from autograder import options as opt
from autograder import results
from autograder import sandbox as sb
from autograder.examples import fill, solution_cells

NAME = "01_random_agent"
SOLUTION = REPO / "solutions" / f"{NAME}.ipynb"


def _complete(name=NAME) -> nbformat.NotebookNode:
    release = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    return fill(release, solution_cells(nbformat.read(REPO / "solutions" / f"{name}.ipynb",
                                                      as_version=4)))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs")
    shapes = {}
    (subs / "honest").mkdir()
    nbformat.write(_complete(), subs / "honest" / f"{NAME}.ipynb")
    shapes["link_to_solution"] = lambda p: p.symlink_to(SOLUTION)
    shapes["fifo"] = lambda p: os.mkfifo(p)
    shapes["link_to_dev_zero"] = lambda p: p.symlink_to("/dev/zero")
    shapes["relative_link"] = lambda p: p.symlink_to(os.path.relpath(SOLUTION, p.parent))
    for label, make in shapes.items():
        (subs / label).mkdir()
        make(subs / label / f"{NAME}.ipynb")
    # a student folder that is itself a link, to the course's solutions
    (subs / "linked_folder").symlink_to(REPO / "solutions", target_is_directory=True)
    try:  # a hard link needs the same file system (it usually is not: /tmp against the repo)
        (subs / "hard_link").mkdir()
        os.link(SOLUTION, subs / "hard_link" / f"{NAME}.ipynb")
    except OSError:
        (subs / "hard_link").rmdir()
    paths = sorted(str(p) for p in subs.glob(f"*/{NAME}.ipynb"))
    out = subs.parent / "out"
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", *paths, "--out", str(out),
                           "--assignment", NAME, "--jobs", "2"], cwd=REPO, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out / "grades.csv") as fh:
        rows = {os.path.basename(os.path.dirname(r["submission"])): r for r in csv.DictReader(fh)}
    return rows


def test_the_honest_submission_keeps_its_grade(graded):
    assert graded["honest"]["status"] == "graded"
    assert float(graded["honest"]["score"]) == assignments.load_assignment(NAME).max_score


@pytest.mark.parametrize("label, reason", [
    ("link_to_solution", "symbolic link"),
    ("relative_link", "symbolic link"),
    ("fifo", "not a regular file"),
    ("link_to_dev_zero", "symbolic link"),
    ("linked_folder", "is a symbolic link"),
    ("hard_link", "solution notebooks"),
])
def test_a_file_that_is_not_a_plain_submission_is_refused(graded, label, reason):
    if label not in graded:
        pytest.skip("no hard link across file systems here")
    row = graded[label]
    assert row["status"] == "not_graded" and float(row["score"]) == 0, row
    assert reason in row["note"], row


def test_a_linked_notebook_04_beside_05_is_not_used(tmp_path):
    assignment = assignments.load_assignment("05_conv_dqn")
    submission = tmp_path / "alice" / "05_conv_dqn.ipynb"
    submission.parent.mkdir()
    nbformat.write(_complete("05_conv_dqn"), submission)
    (submission.parent / "04_dqn.ipynb").symlink_to(REPO / "solutions" / "04_dqn.ipynb")
    reused = ex.extract_reused(submission, assignment, assignments.load_assignment)
    assert "symbolic link" in reused["nb04"]["missing"]
    # nbgrader's layout, with the notebook-04 folder a link to the solutions
    student = tmp_path / "bob"
    (student / "05_conv_dqn").mkdir(parents=True)
    nbformat.write(_complete("05_conv_dqn"), student / "05_conv_dqn" / "05_conv_dqn.ipynb")
    (student / "04_dqn").symlink_to(REPO / "solutions", target_is_directory=True)
    reused = ex.extract_reused(student / "05_conv_dqn" / "05_conv_dqn.ipynb", assignment,
                                 assignments.load_assignment)
    assert "symbolic link" in reused["nb04"]["missing"]


def test_a_real_notebook_04_beside_05_is_used(tmp_path):
    submission = tmp_path / "05_conv_dqn.ipynb"
    nbformat.write(_complete("05_conv_dqn"), submission)
    nbformat.write(_complete("04_dqn"), tmp_path / "04_dqn.ipynb")
    reused = ex.extract_reused(submission, assignments.load_assignment("05_conv_dqn"),
                                assignments.load_assignment)
    assert "missing" not in reused["nb04"] and reused["nb04"]["definitions"]


def test_a_definition_too_deep_to_read_is_skipped_with_a_note(tmp_path):
    """A helper whose expression nests beyond what ``ast`` can unparse costs only itself."""
    nb = _complete()
    cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution"))
    cell.source += "\n\ndef deep_helper():\n    return " + "+".join(["1"] * 1500) + "\n"
    path = tmp_path / f"{NAME}.ipynb"
    nbformat.write(nb, path)
    [result] = g.grade_many([path], None, assignment=NAME, progress=False)
    assert result.status == "graded" and result.score == result.max_score, result.notes
    assert any("skipped deep_helper" in n for n in result.notes), result.notes


def test_outputs_hold_no_control_characters_and_no_field_too_large_to_read(tmp_path):
    """A submission's text reaches the outputs through notes (an import line that failed, an
    exception message): capped, and ESC or NUL never reach grades.csv, results.json or HTML."""
    result = results.Result("sub.ipynb", "sub", assignment=NAME, status="graded",
                      notes=["import failed: import " + "x" * 880_000,
                             "red \x1b[31mtext\x1b[0m and a \x00 byte"])
    results.write_outputs([result], tmp_path, opt.Options(), sb.detect())
    with open(tmp_path / "grades.csv", newline="") as fh:
        (row,) = list(csv.DictReader(fh))  # Python's csv refuses fields over 131,072 characters
    assert "more characters cut" in row["note"] and len(row["note"]) < 2_000
    for path in tmp_path.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert "\x1b" not in text and "\x00" not in text and "\\u001b" not in text, path
