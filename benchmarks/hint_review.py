"""What a student reads for each of the blind examiner's mistakes: the material of a hint review.

Grades every mutant of ``autograder/mutants/blind_nbNN_*.py`` in this process (the reference
answers with the mutant's function swapped in, as ``tests/test_course.py`` grades them), running
only the checks the mutant names in ``loses``, and writes, per mutant, its description (the
mistake in the examiner's words) and the text of each failing report, to
``build/hint_review.json`` and ``build/hint_review.md``.

A reviewer then judges, per mutant, whether the failing reports name the mistake (would a
student reading them know what they did wrong?): ``yes``, ``partly`` or ``no``, with a reason.
The judgements live in a JSON file (``--judgements``, default ``benchmarks/hint_judgements.json``,
committed: the record of the review)
keyed like the output (``"04 | <mutant name>"``: ``{"verdict": ..., "why": ...}``); each run
copies them beside the reports and counts them per notebook. A judgement is kept only while the
reports it was written for keep their wording (its ``digest``; numbers aside), so a changed hint
asks for a new judgement: the output lists those as ``unjudged``.

    .venv/bin/python benchmarks/hint_review.py                 # all five notebooks
    .venv/bin/python benchmarks/hint_review.py --notebook 04   # one notebook
    .venv/bin/python benchmarks/hint_review.py --match epsilon # mutants whose name contains it

It runs in quick mode (``DQL_QUICK=1``, as graders do). Notebook 04's CartPole check trains,
the rest takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("DQL_QUICK", "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.notebooks import SOLUTIONS, find_checks, grade_answers, read_notebook  # noqa: E402

NOTEBOOKS = {"01": "01_random_agent", "02": "02_value_iteration", "03": "03_q_learning",
             "04": "04_dqn", "05": "05_conv_dqn"}
VERDICTS = ("yes", "partly", "no")


def failing_reports(stem: str, mutant) -> dict[str, str]:
    """The text of each report the mutant fails, by check id (only the checks it ``loses``)."""
    nb = read_notebook(SOLUTIONS / f"{stem}.ipynb")
    graded = [g for g in find_checks(nb) if g.check.id in mutant.loses]
    overrides = {f"{mutant.function} (added cell)": mutant.added} if mutant.added else {}
    overrides[mutant.function] = mutant.source
    reports = grade_answers(nb, graded, SOLUTIONS, overrides)
    return {cid: r.text() for cid, r in reports.items() if r.score < r.check.points}


def digest(reports: dict[str, str]) -> str:
    """A short fingerprint of the reports' wording a judgement was written for: what they say
    of the failures. Numbers are left out, since a mistake's observed values may vary from run
    to run (an unseeded generator) while what the reports say of it does not; so are the
    lines of passing cases and the score, so a case added to a check that this mistake passes
    keeps its judgement."""
    failures = {cid: "\n".join(line for line in text.splitlines()
                               if not re.match(r"\s*(PASS\s|Score:)", line))
                for cid, text in reports.items()}
    wording = re.sub(r"\d+(\.\d+)?", "#", json.dumps(failures, sort_keys=True))
    return hashlib.sha256(wording.encode()).hexdigest()[:12]


def review(numbers: list[str], match: str) -> list[dict]:
    """One entry per blind mutant of the notebooks ``numbers`` whose name contains ``match``."""
    entries = []
    for number in numbers:
        stem = NOTEBOOKS[number]
        for mutant in importlib.import_module(f"autograder.mutants.blind_nb{stem}").MUTANTS:
            if match.lower() not in mutant.name.lower():
                continue
            t0 = time.perf_counter()
            reports = failing_reports(stem, mutant)
            entries.append({"key": f"{number} | {mutant.name}", "notebook": number,
                            "mistake": mutant.name, "function": mutant.function,
                            "loses": list(mutant.loses), "reports": reports,
                            "digest": digest(reports),
                            "seconds": round(time.perf_counter() - t0, 2)})
    return entries


def attach(entries: list[dict], judgements: dict) -> None:
    """Copy each entry's judgement in, if it was written for these very reports (``digest``:
    one, or a list for a mistake whose failing cases vary from run to run, e.g. one that
    breaks ties at random; none: any reports)."""
    for entry in entries:
        j = judgements.get(entry["key"])
        digests = j.get("digest") if j else None
        if isinstance(digests, str):
            digests = [digests]
        if j and j.get("verdict") in VERDICTS and (digests is None or entry["digest"] in digests):
            entry["judgement"] = {"verdict": j["verdict"], "why": j.get("why", "")}


def counts(entries: list[dict]) -> dict[str, dict[str, int]]:
    """Verdicts per notebook (``unjudged``: no judgement for the current reports)."""
    out: dict[str, dict[str, int]] = {}
    for entry in entries:
        verdict = entry.get("judgement", {}).get("verdict", "unjudged")
        row = out.setdefault(entry["notebook"], {v: 0 for v in (*VERDICTS, "unjudged")})
        row[verdict] += 1
    return out


def markdown(entries: list[dict], table: dict) -> str:
    lines = ["# Hint review: the blind examiner's mistakes and what the student reads", "",
             "| notebook | yes | partly | no | unjudged |", "|---|---|---|---|---|"]
    lines += [f"| {n} | {r['yes']} | {r['partly']} | {r['no']} | {r['unjudged']} |"
              for n, r in sorted(table.items())]
    for entry in entries:
        j = entry.get("judgement", {})
        lines += ["", f"## {entry['key']}", "",
                  f"`{entry['function']}`; loses {', '.join(entry['loses'])}; "
                  f"verdict: **{j.get('verdict', 'unjudged')}** {j.get('why', '')}", ""]
        for text in entry["reports"].values():
            lines += ["```", text, "```"]
        if not entry["reports"]:
            lines.append("(no failing report: the mutant keeps full marks)")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", action="append", choices=sorted(NOTEBOOKS),
                        help="notebook number (repeatable; default: all)")
    parser.add_argument("--match", default="", help="only mutants whose name contains this")
    parser.add_argument("--judgements", type=Path,
                        default=REPO / "benchmarks" / "hint_judgements.json")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "hint_review")
    args = parser.parse_args(argv)
    entries = review(args.notebook or sorted(NOTEBOOKS), args.match)
    judgements = json.loads(args.judgements.read_text()) if args.judgements.exists() else {}
    attach(entries, judgements)
    table = counts(entries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(
        {"counts": table, "mutants": entries}, indent=1, ensure_ascii=False))
    args.out.with_suffix(".md").write_text(markdown(entries, table))
    for number, row in sorted(table.items()):
        print(f"{number}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    print(f"wrote {args.out.with_suffix('.json')} and .md "
          f"({sum(e['seconds'] for e in entries):.0f} s of grading)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
