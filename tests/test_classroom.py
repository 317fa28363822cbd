"""The GitHub Classroom templates (classroom/): up to date, well formed, and their commands work.

The workflow's commands are run here, in a temporary folder laid out like a student's
repository (the notebook at its root), with the environment GitHub's command grader gives
them (PATH and HOME only); a step's points count when its command exits with 0, as in the
Classroom.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from autograder import classroom
from autograder import assignments
from autograder.examples import write_examples

yaml = pytest.importorskip("yaml")  # PyYAML: installed with Jupyter (jupyter-events)

NAMES = [n for n in assignments.assignment_names(REPO / "notebooks")]
GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"


def _workflow(name):
    return yaml.safe_load((REPO / "classroom" / name / classroom.WORKFLOW).read_text())


def _graders(data):
    [job] = data["jobs"].values()
    return [s for s in job["steps"] if s.get("uses") == GRADER]


@pytest.mark.parametrize("name", NAMES)
def test_committed_templates_are_up_to_date(name, tmp_path):
    written = classroom.write_template(name, tmp_path, classroom.course_repository())
    for path in written:
        rel = path.relative_to(tmp_path)
        committed = REPO / "classroom" / name / rel
        assert committed.read_text() == path.read_text(), \
            f"classroom/{name}/{rel} is out of date: run `python -m autograder classroom`"


@pytest.mark.parametrize("name", NAMES)
def test_workflow_has_the_structure_classroom_expects(name):
    data = _workflow(name)
    assert {"name", "on", "permissions", "jobs"} <= set(data)
    assert "push" in data["on"] and data["permissions"]["checks"] == "write"
    [job] = data["jobs"].values()
    assert job["runs-on"].startswith("ubuntu") and "github-classroom[bot]" in job["if"]
    steps = job["steps"]
    assert all(("uses" in s) != ("run" in s) for s in steps)
    assert steps[0]["uses"].startswith("actions/checkout@")
    graders = _graders(data)
    visible = assignments.release_checks(name)
    assert [s["with"]["test-name"] for s in graders] == [gc.grade_id for gc in visible]
    assert [s["with"]["max-score"] for s in graders] == [gc.points for gc in visible]
    for step in graders:
        assert {"test-name", "command", "timeout", "max-score"} <= set(step["with"])
        assert step["with"]["command"] == classroom.command(name, step["with"]["test-name"])
        assert re.fullmatch(r"[a-z0-9-]+", step["id"])
    ids = [s["id"] for s in graders]
    assert len(set(ids)) == len(ids)
    reporter = steps[-1]
    assert reporter["uses"] == REPORTER
    assert reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}"
                               for i in ids}
    legacy = json.loads((REPO / "classroom" / name / classroom.LEGACY).read_text())
    assert [(t["name"], t["run"], t["points"]) for t in legacy["tests"]] == \
        [(s["with"]["test-name"], s["with"]["command"], s["with"]["max-score"]) for s in graders]


def test_hidden_checks_from_a_private_repository_add_a_secret_checkout_and_one_step(tmp_path):
    [path, _] = classroom.write_template("01_random_agent", tmp_path, "me/course", "me/hidden")
    data = yaml.safe_load(path.read_text())
    [job] = data["jobs"].values()
    checkout = next(s for s in job["steps"] if s.get("with", {}).get("repository") == "me/hidden")
    assert checkout["with"]["token"] == "${{ secrets.DQL_HIDDEN_TOKEN }}"
    hidden = _graders(data)[-1]
    assert "--dql-solutions .hidden/solutions -m dql_hidden" in hidden["with"]["command"]
    points = sum(gc.points for gc in assignments.load_assignment("01_random_agent").graded if gc.check.hidden)
    assert hidden["with"]["max-score"] == points


def _classroom_points(repo, steps):
    """Run each step's command as the command grader does; the points of those that pass."""
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "HOME": os.environ.get("HOME", "/root")}
    got = {}
    for step in steps:
        proc = subprocess.run(["bash", "-c", step["with"]["command"]], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=600)
        assert "INTERNALERROR" not in proc.stdout + proc.stderr
        got[step["with"]["test-name"]] = (step["with"]["max-score"] if proc.returncode == 0
                                          else 0, proc.stdout)
    return got


def test_the_templates_commands_grade_a_student_repository(tmp_path):
    name = "01_random_agent"
    written = write_examples(REPO / "solutions" / f"{name}.ipynb",
                             REPO / "notebooks" / f"{name}.ipynb", tmp_path / "ex",
                             ["complete", "half_done"])
    steps = _graders(_workflow(name))
    for student in ("complete", "half_done"):
        repo = tmp_path / student
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / classroom.WORKFLOW).write_text((REPO / "classroom" / name / classroom.WORKFLOW)
                                               .read_text())
        (repo / f"{name}.ipynb").write_bytes(written[student].read_bytes())
    complete = _classroom_points(tmp_path / "complete", steps)
    assert sum(p for p, _ in complete.values()) == sum(gc.points for gc in assignments.release_checks(name))
    half = _classroom_points(tmp_path / "half_done", steps[:2])
    first, second = (steps[i]["with"]["test-name"] for i in (0, 1))
    assert half[first][0] == steps[0]["with"]["max-score"]
    assert half[second][0] == 0 and "Hint:" in half[second][1]
