"""Parity: on honest submissions the standalone grader and ``nbgrader autograde`` give the
same points per question (nbgrader grade cell), for every notebook with a release."""

from __future__ import annotations

import shutil

import pytest
from conftest import NAMES, REPO

from autograder import grade as g
from autograder.examples import write_examples
from autograder.nbgrader_course import generate_assignment, gradebook_scores, make_course, nbgrader

NAMES = [n for n in NAMES if (REPO / "notebooks" / f"{n}.ipynb").exists()]
STUDENTS = ["complete", "half_done", "untouched"]


@pytest.fixture(scope="module", params=NAMES)
def both(request, tmp_path_factory):
    name = request.param
    root = make_course(tmp_path_factory.mktemp(f"parity-{name}") / "course", [name])
    release = generate_assignment(root, name)
    written = write_examples(REPO / "solutions" / f"{name}.ipynb", release, root / "submitted",
                             STUDENTS)
    for student in STUDENTS:  # notebook 05 loads the student's 04_dqn.ipynb: as nbgrader would
        # find it after autograding notebook 04 first (autograded/<student>/04_dqn/)
        for path in (root / "submitted" / student).glob("*/*.ipynb"):
            if path.parent.name != name:
                target = root / "autograded" / student / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    points = g.load_assignment(name).points()
    ours = g.grade_many([written[s] for s in STUDENTS], None, g.Options(jobs=2), progress=False)
    proc = nbgrader(root, "autograde", name, "--create", "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    theirs = {s: {c.grade_id: c.score for c in gradebook_scores(root, name, s)} for s in STUDENTS}
    assert set(points) == set(theirs["complete"])
    return name, dict(zip(STUDENTS, ours)), theirs


@pytest.mark.parametrize("student", STUDENTS)
def test_same_points_per_question_as_nbgrader(both, student):
    name, ours, theirs = both
    nbgrader_scores = theirs[student]
    assert None not in nbgrader_scores.values(), "nbgrader wants manual grading"
    mine = ours[student].by_question()
    assert set(mine) == set(nbgrader_scores), (
        f"{name} {student}: standalone status {ours[student].status!r}, notes {ours[student].notes}")
    for question, score in nbgrader_scores.items():
        assert mine[question] == pytest.approx(score, abs=1e-9), (
            f"{name} {student} {question}: standalone {mine[question]}, nbgrader {score}")
