"""Parity: on honest submissions the standalone grader and ``nbgrader autograde`` give the
same points per question (nbgrader grade cell), for every notebook with a release; and
notebooks answered in other styles (the blind examiner's variants, with helpers, constants and
added cells) get full marks from both: nbgrader runs the notebook's own check cells, so the
notebook's checks, nbgrader and the standalone grader agree."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import NAMES, REPO

from autograder import assignments
from autograder import grade as g
from autograder import options as opt
from autograder.examples import OTHER_STYLES, other_styles, write_examples
from autograder.notebooks import read_notebook
from autograder.nbgrader_course import generate_assignment, gradebook_scores, make_course, nbgrader

NAMES = [n for n in NAMES if (REPO / "notebooks" / f"{n}.ipynb").exists()]
BASE = ["complete", "half_done", "untouched"]
PARAMS = [(n, s) for n in NAMES for s in BASE + other_styles(
    read_notebook(REPO / "solutions" / f"{n}.ipynb"), n)]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """``both(name)``: notebook ``name``'s students graded by the standalone grader and by
    nbgrader, once per notebook (the tests run notebook by notebook)."""
    done: dict = {}

    def get(name):
        if name not in done:
            done[name] = _grade_both(name, tmp_path_factory)
        return done[name]
    return get


def _grade_both(name, tmp_path_factory):
    students = [s for n, s in PARAMS if n == name]
    base = tmp_path_factory.mktemp(f"parity-{name}")
    root = make_course(base / "course", [name])
    release = generate_assignment(root, name)
    # nbgrader grades one notebook at a time: two course folders (copies of one, gradebook
    # included) take half the students each and autograde side by side, one per core
    roots, groups = [root, base / "course-2"], (students[0::2], students[1::2])
    shutil.copytree(root, roots[1])
    written = {}
    for course, group in zip(roots, groups):
        written.update(write_examples(REPO / "solutions" / f"{name}.ipynb", release,
                                      course / "submitted", group))
        for student in group:  # notebook 05 loads the student's 04_dqn.ipynb: as nbgrader would
            # find it after autograding notebook 04 first (autograded/<student>/04_dqn/)
            for path in (course / "submitted" / student).glob("*/*.ipynb"):
                if path.parent.name != name:
                    target = course / "autograded" / student / path.parent.name / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, target)
    points = assignments.load_assignment(name).points()
    ours = g.grade_many([written[s] for s in students], None, opt.Options(jobs=2), progress=False)
    with ThreadPoolExecutor(len(roots)) as pool:
        procs = list(pool.map(lambda course: nbgrader(course, "autograde", name, "--create",
                                                      "--force"), roots))
    for proc in procs:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    theirs = {s: {c.grade_id: c.score for c in gradebook_scores(course, name, s)}
              for course, group in zip(roots, groups) for s in group}
    assert set(points) == set(theirs["complete"])
    return name, dict(zip(students, ours)), theirs


@pytest.mark.parametrize(("name", "student"), PARAMS)
def test_same_points_per_question_as_nbgrader(both, name, student):
    _, ours, theirs = both(name)
    nbgrader_scores = theirs[student]
    assert None not in nbgrader_scores.values(), "nbgrader wants manual grading"
    mine = ours[student].by_question()
    assert set(mine) == set(nbgrader_scores), (
        f"{name} {student}: standalone status {ours[student].status!r}, notes {ours[student].notes}")
    for question, score in nbgrader_scores.items():
        assert mine[question] == pytest.approx(score, abs=1e-9), (
            f"{name} {student} {question}: standalone {mine[question]}, nbgrader {score}")


@pytest.mark.parametrize(("name", "student"), [p for p in PARAMS if p[1] in OTHER_STYLES])
def test_other_styles_get_full_marks_everywhere(both, name, student):
    _, ours, theirs = both(name)
    full = assignments.load_assignment(name).points()
    assert ours[student].status == "graded" and ours[student].score == ours[student].max_score, (
        [r.text() for _, r in ours[student].reports if r.score < r.check.points])
    assert theirs[student] == pytest.approx(full), f"{name} {student}: nbgrader {theirs[student]}"
