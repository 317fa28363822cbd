"""The pytest plugin (autograder/pytest_plugin.py): the checks as pytest tests.

Every test runs pytest in a subprocess, in a temporary folder with its own ``pytest.ini``,
on notebook 01's example submissions (the cheapest notebook): the plugin collects only what
it is pointed at, students' points equal the check command's and the notebook's own checks,
instructors' points equal ``python -m autograder grade``'s, and bad input fails tests with
the grader's message instead of breaking pytest.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest
from conftest import REPO

from autograder import assignments
from autograder import grade as g
from autograder import options as opt
from autograder import student as st
from autograder.examples import fill, solution_cells, write_examples
from autograder.notebooks import define_answers, grade_namespace, read_notebook

NAME = "01_random_agent"
STUDENTS = ["complete", "half_done", "untouched", "renamed_function", "broken_json"]


def _pytest(folder, *args, timeout=900):
    """Run pytest in ``folder``; returns (exit code, output)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=folder, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout + proc.stderr


def _junit(path):
    """{(student folder, test name): {property: value}} and the suite's properties."""
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    cases = {}
    for case in suite.iter("testcase"):
        student = case.get("classname").split(".")[-3]
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        props["failed"] = case.find("failure") is not None or case.find("error") is not None
        cases[(student, case.get("name"))] = props
    suite_props = {p.get("name"): p.get("value") for p in suite.find("properties") or []}
    return cases, suite_props


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """``subs/<student>/01_random_agent.ipynb`` for each example, plus a pytest.ini."""
    root = tmp_path_factory.mktemp("plugin")
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = subs\n")
    written = write_examples(REPO / "solutions" / f"{NAME}.ipynb",
                             REPO / "notebooks" / f"{NAME}.ipynb", root / "ex", STUDENTS)
    paths = {}
    for student, path in written.items():
        dest = root / "subs" / student / f"{NAME}.ipynb"
        dest.parent.mkdir(parents=True)
        shutil.copy(path, dest)
        paths[student] = dest
    return {"root": root, "paths": paths}


def test_testpaths_and_the_default_folder_never_collect_notebooks(course):
    code, out = _pytest(course["root"], "--collect-only", "-q")
    assert ".ipynb" not in out and code == 5, out  # 5: no tests collected
    code, out = _pytest(course["root"] / "subs", "--collect-only", "-q")
    assert ".ipynb" not in out, out


def test_a_named_folder_collects_one_test_per_visible_check_of_course_notebooks_only(course):
    other = course["root"] / "subs" / "complete" / "analysis.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), other)
    try:
        code, out = _pytest(course["root"], "--collect-only", "-q", "subs/complete")
        named_code, named = _pytest(course["root"], "-q", str(other))
    finally:
        other.unlink()
    visible = [gc.grade_id for gc in assignments.release_checks(NAME)]
    assert code == 0, out
    assert [ln.split("::")[1] for ln in out.splitlines() if "::" in ln] == visible
    assert "analysis.ipynb" not in out
    assert named_code == 1 and "could not tell which course notebook" in named, named
    assert "INTERNALERROR" not in out + named


def test_pytest_notebooks_in_the_course_collects_every_visible_check_and_no_master():
    code, out = _pytest(REPO, "--collect-only", "-q", "notebooks/")
    assert code == 0, out
    collected = [ln for ln in out.splitlines() if "::" in ln]
    expected = [f"notebooks/{name}.ipynb::{gc.grade_id}"
                for name in assignments.assignment_names(REPO / "notebooks") for gc in assignments.release_checks(name)]
    assert collected == expected
    code, out = _pytest(REPO, "--collect-only", "-q", "solutions/01_random_agent.ipynb")
    assert "solutions/01_random_agent.ipynb::check_episode_return" in out  # named: collected
    code, out = _pytest(REPO, "--collect-only", "-q", ".", "--ignore=tests")  # `pytest .`
    assert "solutions/" not in out and "notebooks/01_random_agent.ipynb::" in out


@pytest.fixture(scope="module")
def student_run(course):
    xml = course["root"] / "student.xml"
    code, out = _pytest(course["root"], "subs", f"--junitxml={xml}")
    return {"code": code, "out": out, "junit": _junit(xml)}


def test_students_points_equal_the_check_command_and_the_notebooks_own_checks(course, student_run):
    assert student_run["code"] == 1 and "INTERNALERROR" not in student_run["out"]
    cases, _ = student_run["junit"]
    for student in ("complete", "half_done", "untouched", "renamed_function"):
        path = course["paths"][student]
        printed = io.StringIO()
        command = st.student_check(path, stream=printed)
        in_kernel = grade_namespace(define_answers(read_notebook(path)),
                                    assignments.release_checks(NAME))
        for gc, report in command.reports:
            props = cases[(student, gc.grade_id)]
            assert float(props["points"]) == report.score == in_kernel[gc.check.id].score, \
                (student, gc.grade_id)
            assert props["failed"] == (report.score < gc.points)
            if report.score < gc.points:  # the failure shows the notebook's report
                assert report.text() in student_run["out"]
    assert all(not p["failed"] for (s, _), p in cases.items() if s == "complete")
    assert "Hint:" in student_run["out"] and "expected" in student_run["out"]
    assert "dqlcourse: points" in student_run["out"] and "Hidden checks:" in student_run["out"]


def test_a_broken_notebook_fails_its_tests_with_the_graders_message(student_run):
    cases, _ = student_run["junit"]
    broken = [p for (s, _), p in cases.items() if s == "broken_json"]
    assert broken and all(p["failed"] and p["points"] == "0" for p in broken)
    assert "not a notebook: invalid JSON" in student_run["out"]


def test_k_and_x_select_and_stop_as_usual(course):
    code, out = _pytest(course["root"], "-q", "subs/half_done", "-k", "discounted_return")
    assert code == 1 and "1 failed, 3 deselected" in out, out
    code, out = _pytest(course["root"], "-q", "-x", "subs/half_done")
    assert code == 1 and "1 failed, 1 passed" in out, out


def test_an_endless_loop_fails_its_check_on_time(course, tmp_path):
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    answers = solution_cells(nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4))
    answers["discounted_return"] = ("def discounted_return(rewards, gamma):\n"
                                    "    while True:\n        pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    nbformat.write(fill(release, answers), tmp_path / f"{NAME}.ipynb")
    code, out = _pytest(tmp_path, "-q", f"{NAME}.ipynb::check_discounted_return",
                        "--dql-time-scale", "0.05")
    assert code == 1 and "timed out" in out and "endless loop" in out, out


def test_instructors_points_equal_the_graders(course, tmp_path):
    xml = tmp_path / "grade.xml"
    code, out = _pytest(course["root"], "subs", "--dql-grade", f"--junitxml={xml}")
    assert code == 1 and "INTERNALERROR" not in out, out
    cases, suite = _junit(xml)
    paths = [course["paths"][s] for s in STUDENTS]
    results = g.grade_many(paths, tmp_path / "grades", opt.Options(), progress=False)
    with open(tmp_path / "grades" / "scores_by_question.csv") as fh:
        rows = list(csv.DictReader(fh))
    checks = assignments.load_assignment(NAME).graded
    assert any(gc.check.hidden for gc in checks)
    for student, result in zip(STUDENTS, results):
        mine = {name: p for (s, name), p in cases.items() if s == student}
        assert sorted(mine) == sorted(gc.grade_id for gc in checks)
        graded = {r["question"]: float(r["score"]) for r in rows
                  if r["submission"] == result.submission}
        for grade_id, props in mine.items():
            assert float(props["points"]) == graded.get(grade_id, 0.0), (student, grade_id)
        assert sum(float(p["points"]) for p in mine.values()) == pytest.approx(result.score)
    assert f"subs/complete/{NAME}.ipynb ({NAME}, grade, visible and hidden checks): " \
        "13 / 13 points" in out
    assert suite[f"subs/half_done/{NAME}.ipynb score"] == f"{results[1].score:g}"
