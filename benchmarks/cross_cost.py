"""Where each mutant costs its points: in its own function's checks, or in others'.

Issue 14 asks that a bug in one function cost points mainly in that function's own checks, and
that where another function's check loses more because of it, that check's report name the
function at fault. For every mutant of ``autograder/mutants`` (the course's and the blind
examiner's) this grades, in process and with the blame the graders give
(:func:`dqlcourse.checks.core.assign_blame` over the mutated notebook's definitions), the
checks of its own function and every check that can reach it (:func:`dqlcourse.checks.core.
reachable`), and counts:

* ``own``: points lost in the checks of the mutated function's answer cell (its functions, or
  the cell's functions when it is a helper there);
* ``other``: points lost in the other checks, and whether each such report's note names the
  mutated function;
* ``unblamed``: mutants whose ``other`` loss exceeds ``own`` while some losing report there
  does not name the function (the issue's bound: this should be 0).

Usage::

    DQL_QUICK=1 .venv/bin/python benchmarks/cross_cost.py [--notebooks 04_dqn ...] [--json F]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.examples import with_answer  # noqa: E402
from autograder.mutants import catalogue  # noqa: E402
from autograder.notebooks import (  # noqa: E402
    find_checks,
    grade_answers,
    read_notebook,
)
from dqlcourse import cells  # noqa: E402
from dqlcourse.checks.core import assign_blame, reachable  # noqa: E402

NAMES = ["01_random_agent", "02_value_iteration", "03_q_learning", "04_dqn", "05_conv_dqn"]


def _cell_functions(sol, function: str) -> set[str]:
    """The TODO functions of the answer cell that defines ``function`` (a helper of a cell is
    checked through the cell's own functions): the mutant's "own" checks are theirs."""
    for cell in sol.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            names = {n.name for n in cells.top_level(cell.source)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
            if function in names:
                return names
    return {function}


def mutated(name: str):
    """For every mutant of notebook ``name`` (its catalogues, the course's and the blind
    examiners'): ``(mutant, sol, graded, nb)``, the solution notebook, its checks and the
    solution with the mutant's answer in place. Both mutant benchmarks grade from here."""
    sol = read_notebook(REPO / "solutions" / f"{name}.ipynb")
    graded = find_checks(sol)
    for mutant in catalogue(name):
        yield mutant, sol, graded, with_answer(sol, mutant.function, mutant.source, mutant.added)


def measure(name: str) -> list[dict]:
    """One row per mutant of notebook ``name``."""
    rows = []
    for mutant, sol, graded, nb in mutated(name):
        todo = set(cells.solution_names(sol))
        uses = cells.dependencies(cells.answer_definitions(nb).definitions, todo)
        mine = _cell_functions(sol, mutant.function)
        chosen = [g for g in graded if g.check.function in mine
                  or mine & reachable(g.check, uses)]
        reports = grade_answers(nb, chosen, REPO / "solutions")
        assign_blame(list(reports.values()), uses)
        own = sum(r.check.points - r.score for r in reports.values()
                  if r.check.function in mine)
        others = [r for r in reports.values()
                  if r.check.function not in mine and r.score < r.check.points]
        other = sum(r.check.points - r.score for r in others)
        named = all(any(f"`{f}`" in r.blame for f in mine) for r in others)
        rows.append({"notebook": name, "mutant": mutant.name, "function": mutant.function,
                     "own": round(own, 6), "other": round(other, 6), "named": named,
                     "unblamed": other > own and not named,
                     "losing": sorted(r.check.id for r in others)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebooks", nargs="*", default=NAMES)
    parser.add_argument("--json", type=Path, help="write every row here")
    args = parser.parse_args()
    rows = []
    for name in args.notebooks:
        start = time.perf_counter()
        found = measure(name)
        rows += found
        costly = [r for r in found if r["other"] > r["own"]]
        print(f"{name}: {len(found)} mutants; own loss 0 for "
              f"{sum(r['own'] == 0 for r in found)}; cost more in other checks than in their own: "
              f"{len(costly)} (named there: {sum(r['named'] for r in costly)}); unblamed: "
              f"{sum(r['unblamed'] for r in found)}  [{time.perf_counter() - start:.0f} s]")
        for r in found:
            if r["unblamed"] or r["own"] == 0:
                print(f"   {r['function']}: {r['mutant']!r} own {r['own']} other {r['other']} "
                      f"{r['losing']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if any(r["unblamed"] or r["own"] == 0 for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
