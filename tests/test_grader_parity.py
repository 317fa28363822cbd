"""Parity: on honest submissions the standalone grader and ``nbgrader autograde`` give the
same points per question (nbgrader grade cell), for every notebook with a release; and
notebooks answered in other styles (the blind examiner's variants, with helpers, constants and
added cells) get full marks from both: nbgrader runs the notebook's own check cells, so the
notebook's checks, nbgrader and the standalone grader agree."""

from __future__ import annotations

import shutil

import pytest
from conftest import NAMES, REPO

from autograder import assignments
from autograder import grade as g
from autograder import options as opt
from autograder.examples import OTHER_STYLES, write_examples
from autograder.nbgrader_course import generate_assignment, gradebook_scores, make_course, nbgrader

NAMES = [n for n in NAMES if (REPO / "notebooks" / f"{n}.ipynb").exists()]
STUDENTS = ["complete", "half_done", "untouched", *OTHER_STYLES]


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
    points = assignments.load_assignment(name).points()
    ours = g.grade_many([written[s] for s in STUDENTS], None, opt.Options(jobs=2), progress=False)
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


@pytest.mark.parametrize("student", OTHER_STYLES)
def test_other_styles_get_full_marks_everywhere(both, student):
    name, ours, theirs = both
    full = assignments.load_assignment(name).points()
    assert ours[student].status == "graded" and ours[student].score == ours[student].max_score, (
        [r.text() for _, r in ours[student].reports if r.score < r.check.points])
    assert theirs[student] == pytest.approx(full), f"{name} {student}: nbgrader {theirs[student]}"
