"""How much of a grade rests on the hidden checks, which run only when a notebook is graded.

A visible check's inputs and expected values are published in the student notebook, so code
can always special-case them (``if rewards == [1.0, 2.0, 3.0]: return 6.0``); an instructor can
read such code, but the points should not depend on someone doing so. This measures, for every
notebook:

* ``visible`` / ``hidden``: the points of the visible and of the hidden checks. A notebook that
  special-cases every visible case and does nothing else scores at most the visible points
  (and the behavioural checks, whose inputs are seeds of a whole training run, among them);
* for every mutant of ``autograder/mutants`` (the course's and the blind examiners') that loses
  points in a visible check of its function: whether it also loses points in that function's
  hidden checks (``caught_hidden``), i.e. whether the hidden variants catch the mistake the
  visible checks show, so that special-casing the visible inputs does not earn those points.

Usage::

    DQL_QUICK=1 .venv/bin/python benchmarks/hidden_share.py [--notebooks 04_dqn ...] [--json F]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "benchmarks"))

from autograder.notebooks import find_checks, grade_answers, read_notebook  # noqa: E402
from cross_cost import NAMES, mutated  # noqa: E402


def points(name: str) -> dict:
    """The visible and hidden points of notebook ``name``."""
    graded = find_checks(read_notebook(REPO / "solutions" / f"{name}.ipynb"))
    return {"visible": sum(g.points for g in graded if not g.check.hidden),
            "hidden": sum(g.points for g in graded if g.check.hidden)}


def measure(name: str) -> list[dict]:
    """One row per mutant of notebook ``name`` that loses points in a visible check of its
    function: the points it loses in the visible and in the hidden checks of that function."""
    rows = []
    for mutant, _, graded, nb in mutated(name):
        chosen = [g for g in graded if g.check.function == mutant.function]
        reports = grade_answers(nb, chosen, REPO / "solutions").values()
        lost = {h: sum(r.check.points - r.score for r in reports if r.check.hidden == h)
                for h in (False, True)}
        if lost[False] > 0:
            rows.append({"notebook": name, "mutant": mutant.name, "function": mutant.function,
                         "visible_lost": round(lost[False], 6), "hidden_lost": round(lost[True], 6),
                         "caught_hidden": lost[True] > 0})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebooks", nargs="*", default=NAMES)
    parser.add_argument("--json", type=Path, help="write every row here")
    args = parser.parse_args()
    rows = []
    print("| notebook | visible points | hidden points | mutants losing a visible check "
          "| also losing in the hidden checks | seconds |")
    print("|---|---|---|---|---|---|")
    for name in args.notebooks:
        start = time.perf_counter()
        found = measure(name)
        rows += found
        share = points(name)
        print(f"| {name} | {share['visible']:g} | {share['hidden']:g} | {len(found)} | "
              f"{sum(r['caught_hidden'] for r in found)} | {time.perf_counter() - start:.0f} |",
              flush=True)
    for r in rows:
        if not r["caught_hidden"]:
            print(f"   missed by the hidden checks: {r['notebook']} {r['function']}: "
                  f"{r['mutant']!r}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
