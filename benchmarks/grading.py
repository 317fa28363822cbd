"""Grading speed: the standalone sandboxed grader against ``nbgrader autograde``, one run.

1. One complete submission of every notebook, graded from the command line
   (``python -m autograder grade``): wall time of the whole command, the grader's own
   seconds for the submission (sandbox start, imports, every check), and CPU seconds (the
   grader process's, measured, plus the sandbox's, as it reports them: bubblewrap does not
   pass its children's CPU time on). Target: <= 30 s.
2. N submissions (default 40) of one notebook (default 04_dqn, as in issue 6), built from
   the example kinds that nbgrader can read (complete, untouched, half-done, noisy, editor
   damage, renamed function), graded by ``python -m autograder grade --jobs J`` and by
   ``nbgrader autograde`` (serial: nbgrader has no parallel mode) in the same run, on the
   same files. Reports both wall times, the speed-up, and whether both graders gave the
   same points per question to every submission.

Usage::

    DQL_QUICK=1 .venv/bin/python benchmarks/grading.py            # the full comparison
    DQL_QUICK=1 .venv/bin/python benchmarks/grading.py --n 6      # a quick look

Timings on a shared machine are noisy: the load average is printed with each measurement.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder import sandbox as sb  # noqa: E402
from autograder.examples import EXAMPLES, write_examples  # noqa: E402
from autograder.nbgrader_course import (  # noqa: E402
    assignments,
    generate_assignment,
    gradebook_scores,
    make_course,
    nbgrader,
)

READABLE = ["complete", "untouched", "half_done", "noisy_warnings", "colab_stripped",
            "deleted_check", "duplicated_check", "renamed_function"]


def _load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished, waited-for descendants:
    nbgrader and its kernels, or the grader's own process. (Bubblewrap does not pass its
    children's CPU time on, so the sandboxes' CPU comes from the grader's report.)"""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_SANDBOX_CPU = re.compile(r"sandbox CPU seconds: ([0-9.]+) importing libraries .*?, ([0-9.]+) grading")


def _grade_cli(paths: list[Path], out: Path, jobs: int) -> tuple[float, float, float, list[dict]]:
    """Run ``python -m autograder grade``; return wall seconds, the grader process's CPU
    seconds, the sandboxes' CPU seconds (as they reported them) and the rows."""
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, paths),
                           "--out", str(out), "--jobs", str(jobs)], cwd=REPO,
                          capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout + proc.stderr)
    found = _SANDBOX_CPU.search(proc.stdout)
    sandbox = float(found.group(1)) + float(found.group(2)) if found else float("nan")
    with open(out / "grades.csv") as fh:
        return seconds, cpu, sandbox, list(csv.DictReader(fh))


def _per_question(out: Path) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    with open(out / "scores_by_question.csv") as fh:
        for row in csv.DictReader(fh):
            q = scores.setdefault(row["submission"], {})
            q[row["question"]] = q.get(row["question"], 0.0) + float(row["score"])
    return scores


def single_submissions(root: Path, names: list[str]) -> None:
    print("## One complete submission per notebook (python -m autograder grade, --jobs 1)\n")
    print("| notebook | score | command wall time (s) | grader seconds for the submission "
          "| CPU seconds: grader + sandbox | load average before |")
    print("|---|---|---|---|---|---|")
    for name in names:
        course = root / "single"
        path = write_examples(REPO / "solutions" / f"{name}.ipynb",
                              REPO / "notebooks" / f"{name}.ipynb", course / name,
                              ["complete"])["complete"]
        load = _load()
        wall, cpu, sandbox, rows = _grade_cli([path], root / "single-out" / name, 1)
        row = rows[0]
        print(f"| {name} | {row['score']}/{row['max_score']} | {wall:.1f} | {row['seconds']} "
              f"| {cpu:.1f} + {sandbox:.1f} | {load} |", flush=True)
    print()


def forty(root: Path, name: str, n: int, jobs: int, skip_nbgrader: bool) -> None:
    course = make_course(root / "course", [name])
    release = generate_assignment(course, name)
    kinds = []
    for kind in READABLE:
        try:
            write_examples(REPO / "solutions" / f"{name}.ipynb", release, root / "probe", [kind])
            kinds.append(kind)
        except Exception as exc:  # noqa: BLE001 - e.g. no mutant catalogue yet for half_done
            print(f"(example kind {kind} unavailable for {name}: {type(exc).__name__})")
    paths = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        student = f"s{i:02d}_{kind}"
        written = write_examples(REPO / "solutions" / f"{name}.ipynb", release,
                                 root / "tmp-examples" / student, [kind])[kind]
        dest = course / "submitted" / student / name / f"{name}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(written.read_bytes())
        paths.append(dest)
    print(f"## {n} submissions of {name} ({', '.join(kinds)}, cycled)\n")
    print(f"load average before: {_load()}")
    ours, grader_cpu, sandbox_cpu, rows = _grade_cli(paths, root / "ours", jobs)
    ours_cpu = grader_cpu + sandbox_cpu
    print(f"standalone grader, --jobs {jobs}: {ours:.1f} s "
          f"({ours / n:.2f} s per submission; sandbox: {sb.detect().mode}); CPU {ours_cpu:.1f} s "
          f"(grader {grader_cpu:.1f} + sandboxes {sandbox_cpu:.1f})", flush=True)
    print(f"load average between: {_load()}")
    statuses = sorted({r["status"] for r in rows})
    print(f"  statuses: {statuses}")
    if skip_nbgrader:
        return
    start, cpu = time.perf_counter(), _children_cpu()
    proc = nbgrader(course, "autograde", name, "--create", "--force", timeout=24 * 3600)
    theirs, theirs_cpu = time.perf_counter() - start, _children_cpu() - cpu
    print(f"nbgrader autograde (serial): {theirs:.1f} s ({theirs / n:.2f} s per submission; "
          f"exit code {proc.returncode}); CPU {theirs_cpu:.1f} s")
    print(f"load average after: {_load()}")
    print(f"speed-up: {theirs / ours:.2f}x (wall time); CPU seconds: nbgrader / standalone = "
          f"{theirs_cpu / max(ours_cpu, 1e-9):.2f}")
    mine = _per_question(root / "ours")
    differ = 0
    for path in paths:
        student = path.parent.parent.name
        nbg = {c.grade_id: c.score for c in gradebook_scores(course, name, student)}
        got = mine.get(str(path), {})
        if set(nbg) != set(got) or any(abs((nbg[q] or 0) - got[q]) > 1e-9 for q in nbg):
            differ += 1
            print(f"  differs: {student}: nbgrader {nbg} standalone {got}")
    print(f"submissions with different points per question: {differ} of {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebook", default="04_dqn", help="default: 04_dqn")
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--skip-forty", action="store_true", help="only the single submissions")
    args = parser.parse_args()
    os.environ.setdefault("DQL_QUICK", "1")
    names = [n for n in assignments() if (REPO / "notebooks" / f"{n}.ipynb").exists()]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, DQL_QUICK="
          f"{os.environ.get('DQL_QUICK')}, sandbox: {sb.detect().description}\n")
    with tempfile.TemporaryDirectory(prefix="dql-bench-") as tmp:
        root = Path(tmp)
        if not args.skip_single:
            single_submissions(root, names)
        if not args.skip_forty:
            forty(root, args.notebook or names[-1], args.n, args.jobs, args.skip_nbgrader)
    assert EXAMPLES  # the example kinds come from autograder.examples


if __name__ == "__main__":
    main()
