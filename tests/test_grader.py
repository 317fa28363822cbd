"""The standalone grader (autograder.grade) on honest and broken submissions.

One batch grades the example submissions of every notebook plus the bad inputs of the
issue (invalid JSON, an empty file, another assignment's notebook, a renamed function, a
wrong signature, non-UTF-8 bytes, an enormous file, deeply nested JSON and code), in
parallel; the tests then read its outputs.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import subprocess
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import NAMES, REPO

from autograder import assignments
from autograder import grade as g
from autograder import notebooks
from autograder import options as opt
from autograder import results
from dqlcourse.checks import wire
from autograder import student as st
from autograder import sandbox as sb
from autograder.examples import EXAMPLES, fill, solution_cells, write_examples
from autograder.notebooks import nbgrader_meta
from dqlcourse.checks.core import Case, Check

#: Notebooks with a student release (a notebook being written may not have one yet).
NAMES = [n for n in NAMES if (REPO / "notebooks" / f"{n}.ipynb").exists()]
FIRST = NAMES[0]
HONEST = ["complete", "untouched", "half_done", "noisy_warnings", "colab_stripped",
          "deleted_check", "duplicated_check", "renamed_function"]


def _release(name):
    return nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)


def _with_answer(name, fn, code):
    nb = copy.deepcopy(_release(name))
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == fn:
            cell.source = code
    return nb


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("grader")
    paths: dict[str, object] = {}
    for name in NAMES:
        written = write_examples(REPO / "solutions" / f"{name}.ipynb",
                                 REPO / "notebooks" / f"{name}.ipynb", root / "examples" / name,
                                 HONEST + ["broken_json", "empty_file"])
        for student, path in written.items():
            paths[(name, student)] = path
    bad = root / "bad"
    bad.mkdir()
    fn = assignments.load_assignment(FIRST).functions[0]
    cases = {
        "wrong_signature": _with_answer(FIRST, fn, f"def {fn}():\n    return 0.0\n"),
        "syntax_error": _with_answer(FIRST, fn, f"def {fn}(x:\n    return\n"),
        "deep_code": _with_answer(FIRST, fn, f"def {fn}(*a):\n    return " + "(" * 5000 + "1"
                                  + ")" * 5000 + "\n"),
        # tries to carry a hidden case's inputs into feedback: through an exception class whose
        # name starts with a backtick (once read as "the grader's own message"), its message,
        # and the name of the code object the error is located in
        "leaks_inputs": _with_answer(FIRST, fn, f"""def {fn}(*args, **kwargs):
    leak = "`LEAKED " + repr(args)
    def inner():
        raise type(leak, (Exception,), {{}})(leak)
    inner.__code__ = inner.__code__.replace(co_name="LEAKED_" + str(abs(hash(repr(args)))))
    inner()
"""),
        "other_notebook": nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("def unrelated(x):\n    return x\n")]),
    }
    for label, nb in cases.items():
        paths[("bad", label)] = bad / f"{label}.ipynb"
        nbformat.write(nb, paths[("bad", label)])
    raw = {
        "non_utf8": b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "x": "\xff\xfe"}',
        "deep_json": b"[" * 100_000 + b"]" * 100_000,
        "not_a_notebook_json": b'{"hello": "world"}',
        "enormous": b'{"cells": [' + b" " * (notebooks.MAX_NOTEBOOK_BYTES + 10) + b"]}",
    }
    for label, data in raw.items():
        paths[("bad", label)] = bad / f"{label}.ipynb"
        paths[("bad", label)].write_bytes(data)
    paths[("bad", "missing")] = bad / "does_not_exist.ipynb"
    out = root / "out"
    results = g.grade_many(list(paths.values()), out, opt.Options(jobs=2), progress=False)
    return {"results": dict(zip(paths, results)), "out": out, "paths": paths}


@pytest.mark.parametrize("name", NAMES)
def test_complete_gets_full_marks_untouched_zero_half_done_between(batch, name):
    r = batch["results"]
    complete, untouched, half = r[(name, "complete")], r[(name, "untouched")], r[(name, "half_done")]
    assert complete.status == "graded" and complete.assignment == name
    assert complete.score == complete.max_score == assignments.load_assignment(name).max_score > 0
    assert untouched.score == 0
    assert all(rep.not_implemented for _, rep in untouched.reports)
    assert 0 < half.score < half.max_score


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("student", ["noisy_warnings", "colab_stripped", "deleted_check",
                                     "duplicated_check"])
def test_editor_damage_and_stderr_noise_cost_nothing(batch, name, student):
    result = batch["results"][(name, student)]
    assert result.score == result.max_score, result.notes


@pytest.mark.parametrize("name", NAMES)
def test_renamed_function_loses_its_checks_with_a_note(batch, name):
    result = batch["results"][(name, "renamed_function")]
    if result.score == result.max_score and not result.notes:
        pytest.skip("the example builder renames `def f(` only; this notebook's second TODO "
                    "is a class, so the example is complete")
    assert 0 < result.score < result.max_score
    assert any("renamed to" in n for n in result.notes)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("student", ["broken_json", "empty_file"])
def test_unreadable_files_get_a_row_with_zero_and_the_reason(batch, name, student):
    result = batch["results"][(name, student)]
    assert result.status == "not_graded" and result.score == 0
    assert result.assignment == name and result.max_score > 0  # recognised by file name
    assert result.notes and ("JSON" in result.notes[0] or "empty" in result.notes[0])


@pytest.mark.parametrize(("label", "words"), [
    ("non_utf8", "UTF-8"), ("deep_json", "nested"), ("not_a_notebook_json", "no list of cells"),
    ("enormous", "too large"), ("missing", "cannot read")])
def test_bad_files_are_refused_with_a_clear_reason(batch, label, words):
    result = batch["results"][("bad", label)]
    assert result.status == "not_graded" and result.score == 0
    assert words in " ".join(result.notes)


def test_wrong_signature_and_broken_code_cost_only_that_function(batch):
    for label in ("wrong_signature", "syntax_error", "deep_code"):
        result = batch["results"][("bad", label)]
        assert result.status == "graded" and result.score == 0
        first = result.reports[0][1]
        assert first.results[0].status == "error", first.text()


def test_another_notebook_is_not_graded_as_this_one(batch):
    result = batch["results"][("bad", "other_notebook")]
    assert result.status == "unknown_assignment" and result.score == 0


def test_grades_csv_has_one_row_per_submission_in_order(batch):
    with open(batch["out"] / "grades.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["submission"] for r in rows] == [str(p) for p in batch["paths"].values()]
    assert set(results.GRADES_COLUMNS) <= set(rows[0])
    with open(batch["out"] / "scores_by_question.csv") as fh:
        per_question = list(csv.DictReader(fh))
    complete = batch["results"][(FIRST, "complete")]
    mine = [r for r in per_question if r["submission"] == complete.submission]
    assert sum(float(r["score"]) for r in mine) == complete.score


def test_results_json_follows_gradescope_format(batch):
    result = batch["results"][(FIRST, "half_done")]
    data = json.loads((batch["out"] / "submissions" / result.key / "results.json").read_text())
    assert data["score"] == result.score
    assert data["tests"] and {"name", "score", "max_score", "output", "visibility"} <= set(data["tests"][0])
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_due_date"}
    assert sum(t["score"] for t in data["tests"]) == pytest.approx(result.score)
    assert sb.DESCRIPTIONS[result.sandbox] in data["output"]


@pytest.mark.parametrize("student", ["half_done", "untouched"])
def test_feedback_never_shows_hidden_check_code_or_expected_values(batch, student):
    result = batch["results"][(FIRST, student)]
    folder = batch["out"] / "submissions" / result.key
    text = (folder / "feedback.html").read_text() + (folder / "results.json").read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "HIDDEN_" not in text and "Check(" not in text
    hidden = [gc.check for gc in assignments.load_assignment(FIRST).graded if gc.check.hidden]
    for check in hidden:
        for case in check.cases:
            assert case.name in text or html.escape(case.name) in text  # named, with pass/fail
            if isinstance(case.expected, float) and len(repr(case.expected)) > 5:
                assert repr(case.expected) not in text


def test_hidden_checks_carry_no_text_the_submission_chose(batch):
    """Outcomes of hidden checks cross the boundary as data; every sentence about them is the
    grader's own, so a submission cannot smuggle a hidden case's inputs into feedback."""
    result = batch["results"][("bad", "leaks_inputs")]
    data = json.loads((batch["out"] / "submissions" / result.key / "results.json").read_text())
    fn = assignments.load_assignment(FIRST).functions[0]
    hidden = [t for t in data["tests"] if "hidden check" in t["name"]]
    visible = [t for t in data["tests"] if "hidden check" not in t["name"]]
    assert hidden and visible and result.score == 0
    assert not any("LEAKED" in t["output"] for t in hidden)
    assert all("raised an exception" in t["output"] for t in hidden if f"`{fn}`" in t["name"])
    assert any("LEAKED" in t["output"] for t in visible)  # the student's own visible check


def test_same_submission_graded_twice_gets_identical_scores(batch, tmp_path):
    paths = [batch["paths"][(FIRST, s)] for s in ("half_done", "complete")]
    again = g.grade_many(paths, tmp_path / "again", opt.Options(jobs=2), progress=False)
    for path, result in zip(paths, again):
        first = next(r for r in batch["results"].values() if r.submission == str(path))
        assert result.by_question() == first.by_question()
        assert [rep.text() for _, rep in result.reports] == [rep.text() for _, rep in first.reports]


def test_checks_run_in_parallel_give_the_same_grades(batch):
    path = batch["paths"][(FIRST, "half_done")]
    [result] = g.grade_many([path], None, opt.Options(jobs=1, checks_in_parallel=3), progress=False)
    first = batch["results"][(FIRST, "half_done")]
    assert [rep.text() for _, rep in result.reports] == [rep.text() for _, rep in first.reports]


def test_forced_assignment_that_does_not_match_says_so(tmp_path):
    other = tmp_path / "mine.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), other)
    [result] = g.grade_many([other], None, opt.Options(), assignment=FIRST, progress=False)
    assert result.assignment == FIRST and result.score == 0 and result.status == "graded"


def test_check_command_runs_visible_checks_and_says_hidden_ones_exist(batch, tmp_path):
    path = batch["paths"][(FIRST, "half_done")]
    proc = subprocess.run([sys.executable, "-m", "autograder", "check", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr  # half done: some visible checks fail
    visible = [gc for gc in assignments.load_assignment(FIRST).graded if not gc.check.hidden]
    for gc in visible:
        assert f"({gc.check.id})" in proc.stdout
    assert ".hidden" not in proc.stdout
    assert "Hidden checks:" in proc.stdout and "NOT run" in proc.stdout
    assert "Hint:" in proc.stdout


def test_grade_command_line_writes_the_outputs(batch, tmp_path):
    paths = [str(batch["paths"][(FIRST, s)]) for s in ("complete", "empty_file")]
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", *paths, "--out",
                           str(tmp_path / "cli"), "--jobs", "2"], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "sandbox:" in proc.stdout
    with open(tmp_path / "cli" / "grades.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["status"] for r in rows] == ["graded", "not_graded"]


def test_case_inputs_cross_the_process_boundary_unchanged():
    from dqlcourse.checks.wire import decode, encode

    value = ((1, 2.5, float("inf")), {"a": [1, (2, 3)], 3: "x", (1, 2): None}, [True, None])
    assert decode(json.loads(json.dumps(encode(value)))) == value


def test_expected_values_and_hints_never_enter_the_sandbox():
    check = Check("t.x", "f", 1, (Case("c", args=([1.0],), expected=12345.678, hint="SECRET HINT"),))
    payload = json.dumps(wire.to_payload(0, check, 10.0))
    assert "12345.678" not in payload and "SECRET HINT" not in payload


@pytest.mark.parametrize("mode", [m for m in sb.MODES if sb.usable(m)])
def test_every_available_sandbox_grades_the_same(batch, tmp_path, mode):
    paths = [batch["paths"][(FIRST, s)] for s in ("complete", "half_done")]
    results = g.grade_many(paths, None, opt.Options(jobs=2, sandbox=mode), progress=False)
    for path, result in zip(paths, results):
        first = next(r for r in batch["results"].values() if r.submission == str(path))
        assert result.sandbox == mode
        assert result.by_question() == first.by_question()


def test_student_code_never_runs_as_root_without_a_sandbox(monkeypatch):
    box = sb.Sandbox("none", root=True)
    monkeypatch.setattr(sb, "world_readable", lambda paths: False)
    with pytest.raises(RuntimeError, match="refusing"):
        sb.refuse_unsafe(box)


def test_examples_cover_the_issue_list():
    assert {"broken_json", "empty_file", "renamed_function", "colab_stripped"} <= set(EXAMPLES)
    assert fill and solution_cells  # the builders the exploit tests use


def test_cleaning_between_submissions_descends_to_protected_paths(tmp_path):
    # The warm sandbox empties /tmp between submissions but must keep the mount points (the
    # checkout, when it lives under /tmp) and the way down to them; anything a student leaves
    # beside them, at any depth, goes.
    from autograder.sandbox.runner import _remove_path, _strays

    (tmp_path / "a" / "b" / "checkout" / "code").mkdir(parents=True)
    (tmp_path / "a" / "b" / "left_by_student").write_text("x")
    (tmp_path / "a" / "other").mkdir()
    (tmp_path / "top.txt").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    protected = {str(tmp_path / "a" / "b" / "checkout")}
    strays = sorted(_strays(str(tmp_path), protected))
    assert strays == sorted(str(tmp_path / p) for p in
                            ("a/b/left_by_student", "a/other", "top.txt", "link"))
    for path in strays:
        _remove_path(path)
    assert _strays(str(tmp_path), protected) == []
    assert (tmp_path / "a" / "b" / "checkout" / "code").is_dir()


REUSING = [n for n in NAMES if assignments.load_assignment(n).reuses]


@pytest.mark.parametrize("name", REUSING)
def test_checks_that_train_with_another_notebook_find_it_beside_the_submission(batch, tmp_path, name):
    """Notebook 05's whole-agent check trains with the student's own 04_dqn.ipynb. The batch's
    complete submission has it in nbgrader's layout (full marks, first test); alone, or with an
    unreadable copy, only the checks that use it score zero, and the notes say why."""
    assignment = assignments.load_assignment(name)
    [filename] = assignment.reuses.values()
    using = {gc.grade_id for gc in assignment.graded if gc.check.uses}
    assert using
    src = batch["paths"][(name, "complete")]
    alone = tmp_path / "alone" / src.name
    alone.parent.mkdir()
    shutil.copy(src, alone)
    (tmp_path / "unreadable").mkdir()
    shutil.copy(src, tmp_path / "unreadable" / src.name)
    (tmp_path / "unreadable" / filename).write_text("{")
    (tmp_path / "beside").mkdir()
    shutil.copy(src, tmp_path / "beside" / src.name)
    shutil.copy(src.parent.parent / Path(filename).stem / filename, tmp_path / "beside" / filename)
    paths = [alone, tmp_path / "unreadable" / src.name, tmp_path / "beside" / src.name]
    missing, unreadable, beside = g.grade_many(paths, None, opt.Options(jobs=2), progress=False)
    points = assignment.points()
    for result, words in ((missing, "was not found next to the submission"),
                          (unreadable, "could not be read")):
        assert any(words in note for note in result.notes), result.notes
        for question, score in result.by_question().items():
            assert score == (0 if question in using else points[question]), (question, result.notes)
        failed = [rep for gc, rep in result.reports if gc.grade_id in using]
        assert all(words in rep.text() for rep in failed)
    assert beside.score == beside.max_score, beside.notes
    printed = io.StringIO()  # students: `python -m autograder check` finds it the same way
    checked = st.student_check(tmp_path / "beside" / src.name, stream=printed)
    assert checked.score == checked.max_score, printed.getvalue()
    assert all(f"({gc.check.id})" in printed.getvalue() for gc in assignment.graded
               if gc.check.uses and not gc.check.hidden)


def test_feedback_draws_the_training_curve_a_behavioural_check_judged(batch):
    """Behavioural checks (an agent that must learn) show the student's training curve beside
    their threshold in feedback.html and in Gradescope's html output; hidden checks do not."""
    result = batch["results"][("04_dqn", "complete")]
    folder = batch["out"] / "submissions" / result.key
    assert "<svg" in (folder / "feedback.html").read_text()
    tests = json.loads((folder / "results.json").read_text())["tests"]
    drawn = [t for t in tests if t.get("output_format") == "html"]
    assert drawn and all("<svg" in t["output"] and "hidden" not in t["name"] for t in drawn)
