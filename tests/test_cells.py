"""The one rule for what a notebook defines (dqlcourse.cells), statement by statement."""

from __future__ import annotations

import pytest
from conftest import REPO

from autograder.nbgrader_course import GIVEN_MODULE, given_module
from dqlcourse import cells


def _nb(*sources, solution_at=()):
    out = []
    for i, text in enumerate(sources):
        meta = {"nbgrader": {"solution": True, "grade_id": f"t{i}"}} if i in solution_at else {}
        out.append({"cell_type": "code", "source": text, "metadata": meta, "id": f"x{i}"})
    return {"cells": out}


def _defined(*sources, solution_at=()):
    found = cells.answer_definitions(_nb(*sources, solution_at=solution_at))
    return "\n".join(found.imports + found.definitions)


@pytest.mark.parametrize("statement", [
    "W = np.eye(3)", "ACT = nn.ReLU", "f = lambda x: 2 * x", "S = {k: 2 * k for k in range(3)}",
    "x: int = 3", "a, b = 1, 2", "n += 1", "if A:\n    X = 1\nelse:\n    X = 2",
    "try:\n    import torch\nexcept ImportError:\n    torch = None", "import numpy as np",
    "def f():\n    pass", "class C:\n    pass", "@decorate\ndef g():\n    pass",
])
def test_a_students_cell_keeps_definitions_and_constants(statement):
    assert _defined(statement).strip() == __import__("ast").unparse(
        __import__("ast").parse(statement)).strip()


@pytest.mark.parametrize("statement", [
    "print(1)", "plt.plot([1])", "agent = None\ntrain(agent)", "for i in range(3):\n    X = i",
    "while False:\n    pass", "with open('f') as fh:\n    X = 1", "obj.attr = 1", "d['k'] = 1",
    "report = run_check(CHECK, f)", "if A:\n    print(1)",
])
def test_a_students_cell_leaves_out_what_runs_the_notebook(statement):
    kept = _defined(statement)
    assert "print" not in kept and "plot" not in kept and "for " not in kept
    assert "while" not in kept and "with " not in kept and "run_check" not in kept
    assert "attr" not in kept and "['k']" not in kept


def test_the_courses_own_cells_give_only_imports_definitions_and_literals():
    given = next(c for path in sorted((REPO / "solutions").glob("*.ipynb"))
                 for c in cells.cells(__import__("nbformat").read(path, as_version=4))
                 if cells.is_given(c) and "= make(" in cells.source(c))
    kept = "\n".join(cells.answer_definitions({"cells": [given]}).definitions)
    assert "make(" not in kept  # the course's demo statement: never run for graded code
    edited = {**given, "source": cells.source(given) + "\nEXTRA = 1\n"}
    assert "make(" in "\n".join(cells.answer_definitions({"cells": [edited]}).definitions)


def test_ipython_magics_do_not_hide_a_cells_definitions():
    assert "def f" in _defined("%matplotlib inline\n!pip list\ndef f():\n    return 1\n")


def test_check_cells_contribute_nothing():
    nb = {"cells": [{"cell_type": "code", "source": "X = 1\ndef f():\n    pass",
                     "metadata": {"nbgrader": {"grade": True, "grade_id": "c"}}}]}
    assert cells.answer_definitions(nb).definitions == []


def test_the_fingerprints_of_the_courses_cells_are_current():
    assert GIVEN_MODULE.read_text() == given_module(REPO / "solutions"), (
        "dqlcourse/given.py is out of date: run `make release` and commit it")


def test_dependencies_follow_helpers_to_the_todo_functions():
    definitions = ["def helper(x):\n    return backup(x)", "def solve(x):\n    return helper(x)",
                   "def backup(x):\n    return x", "def alone():\n    return 1"]
    uses = cells.dependencies(definitions, ["solve", "backup", "alone"])
    assert uses["solve"] == {"backup"} and uses["backup"] == set() and uses["alone"] == set()


def test_a_failing_check_names_the_function_at_fault():
    from dqlcourse.checks.core import Case, CaseResult, Check, Report, assign_blame

    def report(fn, passed):
        check = Check(f"t.{fn}", fn, 1, (Case("c", expected=1),))
        return Report(check, [CaseResult("c", passed, "passed" if passed else "failed")])

    solve, backup, other = report("solve", False), report("backup", False), report("other", True)
    assign_blame([solve, backup, other], {"solve": {"backup"}, "other": {"backup"}})
    assert "`solve` uses your `backup`, which fails its own check" in solve.text()
    assert not backup.blame and not other.blame  # its own fault; a passing check blames no one
