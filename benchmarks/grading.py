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

3. ``--throughput``: N submissions (default 8) of one notebook (default 02_value_iteration),
   graded with ``--jobs 1``, with ``--jobs 2``, as 2 shards (``--shard 1/2`` and ``2/2``
   side by side, ``--jobs 1`` each, then ``merge``) and by ``nbgrader autograde``: wall
   time, CPU seconds, submissions per CPU-minute and per wall-minute, and the projected
   time for 5,000 submissions on 1-100 machines like this one.

Usage::

    DQL_QUICK=1 .venv/bin/python benchmarks/grading.py            # the full comparison
    DQL_QUICK=1 .venv/bin/python benchmarks/grading.py --n 6      # a quick look
    DQL_QUICK=1 .venv/bin/python benchmarks/grading.py --throughput --n 8

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
    seconds, cpu, sandbox = _grade_side_by_side(paths, [out], jobs)
    with open(out / "grades.csv") as fh:
        return seconds, cpu, sandbox, list(csv.DictReader(fh))


def _grade_side_by_side(paths: list[Path], outs: list[Path],
                        jobs: int) -> tuple[float, float, float]:
    """Run one ``python -m autograder grade`` per folder in ``outs`` at the same time: one
    folder grades everything, several grade shards ``1/N`` .. ``N/N``. Returns wall seconds,
    the grader processes' CPU seconds and the sandboxes' (as they reported them)."""
    start, cpu = time.perf_counter(), _children_cpu()
    procs = []
    for i, out in enumerate(outs, start=1):
        shard = ["--shard", f"{i}/{len(outs)}"] if len(outs) > 1 else []
        procs.append(subprocess.Popen([sys.executable, "-m", "autograder", "grade",
                                       *map(str, paths), "--out", str(out), "--jobs", str(jobs),
                                       *shard], cwd=REPO, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    sandbox = 0.0
    for proc in procs:
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(stdout + stderr)
        found = _SANDBOX_CPU.search(stdout)
        sandbox += float(found.group(1)) + float(found.group(2)) if found else float("nan")
    return time.perf_counter() - start, _children_cpu() - cpu, sandbox


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


def _submissions(root: Path, course: Path, name: str, release: Path,
                 n: int) -> tuple[list[Path], list[str]]:
    """``n`` submissions of ``name`` in ``course/submitted`` (nbgrader's layout), cycling
    through the example kinds nbgrader can read; and those kinds."""
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
    return paths, kinds


def forty(root: Path, name: str, n: int, jobs: int, skip_nbgrader: bool) -> None:
    course = make_course(root / "course", [name])
    release = generate_assignment(course, name)
    paths, kinds = _submissions(root, course, name, release, n)
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


#: Submissions and machines of the projection (issue 17: 1,000 students x 5 notebooks).
PROJECTED = 5000
MACHINES = (1, 10, 50, 100)


def throughput(root: Path, name: str, n: int, skip_nbgrader: bool) -> None:
    """Submissions per CPU-minute for --jobs 1, --jobs 2, 2 shards and nbgrader."""
    course = make_course(root / "tp-course", [name])
    release = generate_assignment(course, name)
    paths, _ = _submissions(root / "tp", course, name, release, n)
    print(f"## Throughput: {n} submissions of {name}, graded four ways\n")
    rows = []
    for label, outs, jobs in (("grade --jobs 1", [root / "tp-j1"], 1),
                              ("grade --jobs 2", [root / "tp-j2"], 2),
                              ("2 shards side by side (--jobs 1 each) + merge",
                               [root / "tp-s1", root / "tp-s2"], 1)):
        load = _load()
        wall, cpu, sandbox = _grade_side_by_side(paths, outs, jobs)
        if len(outs) > 1:
            start, before = time.perf_counter(), _children_cpu()
            subprocess.run([sys.executable, "-m", "autograder", "merge", *map(str, outs),
                            "--out", str(root / "tp-merged")], cwd=REPO, check=True,
                           capture_output=True)
            wall, cpu = wall + time.perf_counter() - start, cpu + _children_cpu() - before
            same = ((root / "tp-merged" / "scores_by_question.csv").read_bytes()
                    == (root / "tp-j1" / "scores_by_question.csv").read_bytes())
            label += f" (scores_by_question.csv identical to --jobs 1: {same})"
        rows.append((label, wall, cpu + sandbox, f"{cpu:.1f} + {sandbox:.1f}", load))
    if not skip_nbgrader:
        load = _load()
        start, before = time.perf_counter(), _children_cpu()
        proc = nbgrader(course, "autograde", name, "--create", "--force", timeout=24 * 3600)
        wall, cpu = time.perf_counter() - start, _children_cpu() - before
        rows.append((f"nbgrader autograde (serial; exit code {proc.returncode})", wall, cpu,
                     f"{cpu:.1f}", load))
    print("| configuration | wall s | CPU s | CPU s: grader + sandboxes | submissions per "
          "CPU-minute | submissions per wall-minute | load average before |")
    print("|---|---|---|---|---|---|---|")
    for label, wall, cpu, split, load in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {split} | {n / (cpu / 60):.1f} "
              f"| {n / (wall / 60):.1f} | {load} |")
    print(f"\nProjected wall time for {PROJECTED:,} submissions of {name} on M machines like "
          "this one (each machine's measured submissions per wall-minute; no start-up or "
          "merge cost counted):\n")
    print("| configuration | " + " | ".join(f"M = {m}" for m in MACHINES) + " |")
    print("|---|" + "---|" * len(MACHINES))
    for label, wall, *_ in rows:
        minutes = [PROJECTED / (n / (wall / 60)) / m for m in MACHINES]
        cells = [f"{t / 60:.1f} h" if t >= 90 else f"{t:.0f} min" if t >= 1.5 else
                 f"{t * 60:.0f} s" for t in minutes]
        print(f"| {label.split(' (')[0]} | " + " | ".join(cells) + " |")
    with open(root / "tp-j1" / "grades.csv") as fh:
        graded = list(csv.DictReader(fh))
    print(f"\nstatuses: {sorted({r['status'] for r in graded})}; points given (--jobs 1): "
          f"{sum(float(r['score']) for r in graded):g} of "
          f"{sum(float(r['max_score']) for r in graded):g}")
    print(f"load average after: {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebook", default="04_dqn", help="default: 04_dqn")
    parser.add_argument("--skip-single", action="store_true")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--skip-forty", action="store_true", help="only the single submissions")
    parser.add_argument("--throughput", action="store_true",
                        help="only the throughput table: --jobs 1, --jobs 2, 2 shards, nbgrader "
                             "(default notebook 02_value_iteration, --n 8)")
    args = parser.parse_args()
    os.environ.setdefault("DQL_QUICK", "1")
    names = [n for n in assignments() if (REPO / "notebooks" / f"{n}.ipynb").exists()]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, DQL_QUICK="
          f"{os.environ.get('DQL_QUICK')}, sandbox: {sb.detect().description}\n")
    with tempfile.TemporaryDirectory(prefix="dql-bench-") as tmp:
        root = Path(tmp)
        if args.throughput:
            n = args.n if "--n" in sys.argv else 8
            name = args.notebook if "--notebook" in sys.argv else "02_value_iteration"
            throughput(root, name, n, args.skip_nbgrader)
            return
        if not args.skip_single:
            single_submissions(root, names)
        if not args.skip_forty:
            forty(root, args.notebook or names[-1], args.n, args.jobs, args.skip_nbgrader)
    assert EXAMPLES  # the example kinds come from autograder.examples


if __name__ == "__main__":
    main()
