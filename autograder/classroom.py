"""GitHub Classroom template: ``python -m autograder classroom --assignment NAME --out DIR``.

Writes what an instructor copies into an assignment's template repository (the student's
notebook ``NAME.ipynb`` sits at the repository's root):

* ``.github/workflows/classroom.yml``: GitHub Classroom's autograding workflow. On every push
  it installs the course package from the course's repository, then runs one
  ``autograding-command-grader`` step per visible check, ``python -m pytest NAME.ipynb::CHECK``
  (the pytest plugin, :mod:`autograder.pytest_plugin`), worth the check's points; the reporter
  step sends the points to the Classroom. Given ``hidden_repository`` (a private repository
  holding ``solutions/``), it also checks that out with the secret ``DQL_HIDDEN_TOKEN`` and
  adds one step for all the hidden checks.
* ``.github/classroom/autograding.json``: the same tests in the format of Classroom's older
  autograding (``education/autograding``), for classrooms created before the workflows.

The checks, their names and points come from the released notebook (and, for the hidden
step, the solution notebook), so the template follows the notebook. YAML is written by hand
(strings as JSON, which YAML reads): no YAML library is needed to write it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from autograder.notebooks import NOTEBOOKS, SOLUTIONS, read_notebook, reused_notebooks

#: The course's repository when ``[tool.dqlcourse] repository`` is not set.
PLACEHOLDER = "OWNER/NAME"
WORKFLOW = Path(".github/workflows/classroom.yml")
LEGACY = Path(".github/classroom/autograding.json")
#: Minutes per grading step: a sandbox start (imports torch) plus one check's budget.
STEP_MINUTES = 10
HIDDEN_STEP = "hidden-checks"

INSTALL = ("python -m pip install --upgrade pip && python -m pip install "
           "--extra-index-url https://download.pytorch.org/whl/cpu -e \"./.course[grader]\"")
#: bubblewrap for the strongest sandbox; Ubuntu 24.04 runners forbid unprivileged user
#: namespaces by default, which bubblewrap needs (the grader falls back if this fails).
SANDBOX = ("sudo apt-get install -y --no-install-recommends bubblewrap && "
           "(sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 || true)")


def command(name: str, check: str | None = None, hidden: bool = False) -> str:
    """The command of one grading step: one visible check, or (``hidden``) every hidden one."""
    base = f"python -m pytest -p no:cacheprovider -q {name}.ipynb"
    if hidden:
        return f"{base} --dql-solutions .hidden/solutions -m dql_hidden"
    return f"{base}::{check}"


def grading_steps(name: str, notebooks: Path = NOTEBOOKS, solutions: Path | None = None,
                  ) -> list[dict]:
    """``[{"id", "test_name", "command", "points"}]``: a step per visible check of the released
    notebook, and one for the hidden checks when ``solutions`` (their folder) is given."""
    from autograder import assignments

    steps = []
    for gc in assignments.release_checks(name, notebooks):
        steps.append({"id": re.sub(r"[^a-z0-9-]+", "-", gc.grade_id.lower()),
                      "test_name": gc.grade_id, "command": command(name, gc.grade_id),
                      "points": gc.points})
    if solutions is not None:
        hidden = [gc for gc in assignments.load_assignment(name, solutions, notebooks).graded
                  if gc.check.hidden]
        if hidden:
            steps.append({"id": HIDDEN_STEP, "test_name": "hidden checks",
                          "command": command(name, hidden=True),
                          "points": sum(gc.points for gc in hidden)})
    for step in steps:
        if step["points"] != int(step["points"]):
            raise ValueError(f"{step['test_name']}: Classroom takes whole points only")
        step["points"] = int(step["points"])
    return steps


def _q(value) -> str:
    return json.dumps(value)


def workflow(name: str, course_repository: str, steps: list[dict],
             hidden_repository: str | None = None, beside: tuple[str, ...] = ()) -> str:
    """The text of ``.github/workflows/classroom.yml``. ``beside``: the other notebooks this
    one loads (they must be in the repository too)."""
    lines = [
        f"# GitHub Classroom autograding of {name}.ipynb: written by",
        f"# `python -m autograder classroom --assignment {name}`; edit the course there.",
        "# Every push runs the visible checks, one step per check, in the course's sandboxed",
        "# grader. These points are feedback: a student can edit this file, so final grades",
        "# come from the instructor's own run (see the course README, \"GitHub Classroom\").",
    ]
    if beside:
        lines.append(f"# {name}.ipynb loads {', '.join(beside)}: keep the student's own copy "
                     "beside it in the repository.")
    lines += [
        "name: Autograding Tests",
        "'on':",
        "- push",
        "- workflow_dispatch",
        "- repository_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "    - name: Checkout code",
        "      uses: actions/checkout@v4",
        "    - name: Checkout the course",
        "      uses: actions/checkout@v4",
        "      with:",
        f"        repository: {_q(course_repository)}",
        "        path: .course",
    ]
    if hidden_repository:
        lines += [
            "    - name: Checkout the hidden checks (private; token in a secret)",
            "      uses: actions/checkout@v4",
            "      with:",
            f"        repository: {_q(hidden_repository)}",
            "        token: ${{ secrets.DQL_HIDDEN_TOKEN }}",
            "        path: .hidden",
        ]
    lines += [
        "    - name: Set up Python",
        "      uses: actions/setup-python@v5",
        "      with:",
        "        python-version: '3.11'",
        "    - name: Install the course and the sandbox",
        f"      run: {_q(INSTALL + ' && ' + SANDBOX)}",
    ]
    for step in steps:
        lines += [
            f"    - name: {_q(step['test_name'])}",
            f"      id: {step['id']}",
            "      uses: classroom-resources/autograding-command-grader@v1",
            "      with:",
            f"        test-name: {_q(step['test_name'])}",
            "        setup-command: ''",
            f"        command: {_q(step['command'])}",
            f"        timeout: {STEP_MINUTES}",
            f"        max-score: {step['points']}",
        ]
    lines += [
        "    - name: Autograding Reporter",
        "      uses: classroom-resources/autograding-grading-reporter@v1",
        "      env:",
    ]
    for step in steps:
        result = f"${{{{steps.{step['id']}.outputs.result}}}}"
        lines.append(f"        {step['id'].upper()}_RESULTS: \"{result}\"")
    lines += [
        "      with:",
        f"        runners: {','.join(step['id'] for step in steps)}",
    ]
    return "\n".join(lines) + "\n"


def legacy_config(steps: list[dict]) -> str:
    """The text of ``.github/classroom/autograding.json`` (Classroom's older autograding)."""
    setup = f"git clone --depth 1 https://github.com/$COURSE .course && {INSTALL}"
    tests = [{"name": s["test_name"], "setup": setup if i == 0 else "", "run": s["command"],
              "input": "", "output": "", "comparison": "included",
              "timeout": STEP_MINUTES, "points": s["points"]}
             for i, s in enumerate(steps) if s["id"] != HIDDEN_STEP]
    return json.dumps({"tests": tests}, indent=2) + "\n"


def course_repository() -> str:
    """``OWNER/NAME`` of the course, from ``[tool.dqlcourse] repository``, or the placeholder."""
    from autograder.setup_cell import repository

    address = repository()[0].rstrip("/").removesuffix(".git")
    found = re.match(r"https://github\.com/([^/]+/[^/]+)$", address)
    return found.group(1) if found else PLACEHOLDER


def write_template(name: str, out: Path, course: str | None = None,
                   hidden_repository: str | None = None, notebooks: Path = NOTEBOOKS,
                   solutions: Path = SOLUTIONS) -> list[Path]:
    """Write the template of assignment ``name`` under ``out``; returns the files written."""
    course = course or course_repository()
    steps = grading_steps(name, notebooks, solutions if hidden_repository else None)
    beside = tuple(reused_notebooks(read_notebook(Path(notebooks) / f"{name}.ipynb")).values())
    out = Path(out)
    written = []
    for rel, text in ((WORKFLOW, workflow(name, course, steps, hidden_repository, beside)),
                      (LEGACY, legacy_config(steps).replace("$COURSE", course))):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
        written.append(out / rel)
    return written
