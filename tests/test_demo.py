"""End to end with nbgrader: release, autograde the example submissions, feedback, CSV."""

from __future__ import annotations

import csv

import pytest

from autograder import demo

STUDENTS = ["complete", "untouched", "half_done", "noisy_warnings", "colab_stripped",
            "duplicated_check", "broken_json", "empty_file"]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    lines: list[str] = []
    rows = demo.run(out, names=["01_random_agent"], students=STUDENTS, log=lines.append)
    return out, {r.student: r for r in rows}, "\n".join(lines)


def test_complete_submission_gets_full_marks(result):
    _, rows, _ = result
    assert rows["complete"].total == rows["complete"].max_score == 13


def test_untouched_notebook_gets_zero(result):
    assert result[1]["untouched"].total == 0


def test_half_done_gets_partial_credit_per_question(result):
    row = result[1]["half_done"]
    assert 0 < row.total < row.max_score
    assert row.scores["check_episode_return"] == 1 and 0 < row.scores["check_discounted_return"] < 2
    assert row.scores["check_run_episode"] == 0


def test_warnings_on_stderr_cost_nothing_under_nbgrader(result):
    assert result[1]["noisy_warnings"].total == 13


def test_editor_damage_is_repaired_and_noted(result):
    rows = result[1]
    assert rows["colab_stripped"].total == 13 and "restored nbgrader metadata" in rows["colab_stripped"].note
    assert rows["duplicated_check"].total == 13 and "duplicated" in rows["duplicated_check"].note


def test_broken_files_get_a_clear_line_and_zero(result):
    rows = result[1]
    assert rows["broken_json"].total == 0 and "invalid JSON" in rows["broken_json"].note
    assert rows["empty_file"].total == 0 and "empty" in rows["empty_file"].note


def test_table_csv_and_feedback_are_written(result):
    out, rows, log = result
    assert "Q1   check_episode_return" in log and "broken_json" in log
    with open(out / "scores_by_question.csv") as fh:
        lines = list(csv.DictReader(fh))
    assert {line["submission"] for line in lines} == set(STUDENTS)
    assert (out / "grades.csv").exists()
    feedback = out / "course" / "feedback" / "complete" / "01_random_agent" / "01_random_agent.html"
    assert feedback.exists()
