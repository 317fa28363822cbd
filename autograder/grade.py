"""The standalone grader: ``python -m autograder grade SUBMISSION.ipynb... --out DIR``.

Trust is split in two. This process (trusted) reads each submission as data, recognises the
assignment (:mod:`autograder.assignments`), takes what the submission defines by the course's
one rule (:mod:`autograder.extract`, :mod:`dqlcourse.cells`; no student statement runs here),
and sends it to a sandboxed child (:mod:`autograder.sandbox.server`) together with the checks'
*inputs*. The child runs the student functions and answers plain data
(:mod:`dqlcourse.checks.wire`); this process then judges those outcomes against the expected
values, which never leave it (:mod:`autograder.results`). Exit codes, printed text and files
the child writes decide nothing.

For every submission given it writes a row of ``DIR/grades.csv`` (whatever happened),
``DIR/scores_by_question.csv``, and ``DIR/submissions/<key>/results.json`` (Gradescope's
format) and ``feedback.html`` (names, hints and scores of hidden checks, never their code,
inputs or expected values). Submissions are graded in parallel (``--jobs``). Each job slot
keeps one sandbox for all its submissions (:class:`~autograder.sandbox.server.Server`, a fork
server that imports the libraries once): every submission, and every check in it, runs in a
fresh fork of a process that never ran student code, and the sandbox is emptied between
submissions.
"""

from __future__ import annotations

import concurrent.futures
import os
import queue
import re
import sys
import threading
import time
from pathlib import Path

from autograder import sandbox as sb
from autograder.assignments import (
    assignment_names,
    expected_assignments,
    load_assignment,
    recognise,
    warm_imports,
)
from autograder.extract import Answers, extract, extract_reused
from autograder.notebooks import SOLUTIONS, GradedCheck, NotebookError, read_submission
from autograder.options import Options
from autograder.results import (
    INFRASTRUCTURE_ERROR,
    Result,
    infrastructure_note,
    blame_reused,
    judge_all,
    write_outputs,
)
from autograder.sandbox.server import Server, run_sandboxed
from autograder.shard import Shard, positions, write_manifest

#: held while a submission is parsed: see :func:`_grade_into`.
_AST_LOCK = threading.Lock()


class NotGradable(Exception):
    """A submission that cannot be graded: ``status`` for its row, the message as its note."""

    def __init__(self, status: str, note: str):
        super().__init__(note)
        self.status = status


def grade_one(path: Path, options: Options, box: sb.Sandbox, assignment: str | None = None,
              slot: int = 0, key: str = "", visible_only: bool = False,
              solutions: Path = SOLUTIONS, hide: list[Path] | None = None,
              server: Server | None = None, root: Path | None = None) -> Result:
    """Grade one submission (in ``server``, the slot's sandbox, if given). Never raises for
    anything the submission does. ``root``: the folder the submission must lie in without a
    symbolic link on the way (default: its own folder)."""
    start = time.monotonic()
    result = Result(str(path), key or Path(path).stem, sandbox=box.mode)
    try:
        _grade_into(result, Path(path), options, box, assignment, slot, visible_only,
                    solutions, hide, server, root)
    except Exception as exc:  # noqa: BLE001 - one row per submission, whatever happens
        result.status = "error"
        result.notes.append(f"grader error: {type(exc).__name__}: {exc}")
        result.score = 0.0
    result.seconds = time.monotonic() - start
    return result


def _prepare(result: Result, path: Path, forced: str | None, visible_only: bool,
             solutions: Path, root: Path | None = None,
             ) -> tuple[list[GradedCheck], Answers, list[str]]:
    """Read, recognise and extract one submission (this process: no student code runs).
    Returns the checks to run, the answers and the warm imports; raises
    :class:`NotGradable` when the submission cannot be graded."""
    names = assignment_names(solutions)
    if forced:
        load_assignment(forced, solutions)  # an unknown name is the instructor's error
    try:
        nb = read_submission(path, root, solutions)
    except NotebookError as exc:
        _set_max(result, forced, solutions)
        raise NotGradable("not_graded", str(exc)) from None
    guessed, note = recognise(nb, path, names, solutions)
    name = forced or guessed
    if name is None:
        raise NotGradable("unknown_assignment", note)
    if forced and guessed and guessed != forced:
        result.notes.append(f"this looks like {guessed}, not {forced}")
    elif note and not forced:
        result.notes.append(note)
    assignment = load_assignment(name, solutions)
    result.assignment = name
    graded = [g for g in assignment.graded if not (visible_only and g.check.hidden)]
    result.max_score = float(sum(g.points for g in graded))
    answers = extract(nb, assignment)
    result.notes += answers.notes
    if assignment.reuses and any(g.check.uses for g in graded):
        answers.reuse = extract_reused(path, assignment,
                                       lambda other: load_assignment(other, solutions), solutions)
        result.notes += list(answers.reasons().values())
    return graded, answers, assignment.imports


def _grade_into(result: Result, path: Path, options: Options, box: sb.Sandbox,
                forced: str | None, slot: int, visible_only: bool, solutions: Path,
                hide: list[Path] | None, server: Server | None = None,
                root: Path | None = None) -> None:
    try:
        with _AST_LOCK:  # CPython 3.11's ast is not thread-safe: SystemError "AST constructor
            # recursion depth mismatch" when submissions are parsed in parallel (gh-106905)
            graded, answers, warm = _prepare(result, path, forced, visible_only, solutions, root)
    except NotGradable as exc:
        result.status, result.notes = exc.status, [str(exc)]
        return
    run = run_sandboxed(answers, [g.check for g in graded], options, box, slot, hide, server,
                        warm=warm)
    if run.ready and run.ready.get("import_errors"):
        result.notes += [f"import failed: {e}" for e in run.ready["import_errors"][:3]]
    result.sandbox_cpu = run.cpu
    if run.infrastructure:  # no grade: the machine failed, twice (see run_sandboxed)
        result.status = INFRASTRUCTURE_ERROR
        result.notes.append(infrastructure_note(str(path), run.error or "the sandbox failed"))
        return
    if run.error:
        result.notes.append(run.error)
    result.reports = judge_all(graded, run, answers, options)
    blame_reused([r for _, r in result.reports], answers,
                  lambda other, checks: run_sandboxed(other, checks, options, box, slot, hide,
                                                      server, warm=warm), options)
    result.score = round(sum(r.score for _, r in result.reports), 6)


def _set_max(result: Result, name: str | None, solutions: Path) -> None:
    if not name:  # an unreadable file: its name may still say which assignment it was
        stem = Path(result.submission).stem
        names = [n for n in assignment_names(solutions) if n in stem]
        name = names[0] if len(names) == 1 else None
    if name:
        result.assignment = name
        result.max_score = load_assignment(name, solutions).max_score



def _keys(paths: list[Path]) -> list[str]:
    """A distinct, file-system-safe folder name per submission."""
    keys, seen = [], set()
    for path in paths:
        parts = Path(path).with_suffix("").parts[-3:]
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", "__".join(p for p in parts if p not in ("/", "")))
        base = base.strip("._") or "submission"
        key, n = base[:120], 2
        while key in seen:
            key, n = f"{base[:110]}-{n}", n + 1
        seen.add(key)
        keys.append(key)
    return keys



class Progress:
    """A one-line progress bar on a terminal (nothing otherwise)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.active = total > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.lock = threading.Lock()

    def step(self, label: str) -> None:
        with self.lock:
            self.done += 1
            if self.active:
                width = 30
                filled = int(width * self.done / self.total)
                self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                                  f"{self.done}/{self.total} {label[:40]:<40}")
                if self.done == self.total:
                    self.stream.write("\n")
                self.stream.flush()



def grade_many(paths: list[Path], out: Path | None, options: Options = Options(),
               assignment: str | None = None, solutions: Path = SOLUTIONS,
               visible_only: bool = False, progress: bool = True,
               stats: dict | None = None, shard: Shard | None = None,
               root: Path | None = None) -> list[Result]:
    """Grade ``paths`` in parallel and (with ``out``) write every output file. ``stats``, if
    given, receives ``startup_cpu``: CPU seconds the sandboxes spent importing libraries.
    ``shard``: grade only that share of ``paths`` (:mod:`autograder.shard`; folder names are
    still those of the whole list) and write its manifest too. ``root``: the folder being
    graded; no folder between it and a submission may be a symbolic link (default: the
    deepest folder holding every submission of the whole list)."""
    box = sb.detect(options.sandbox)
    sb.refuse_unsafe(box)
    everything = [Path(p) for p in paths]
    if root is None and everything:
        root = Path(os.path.commonpath([p.absolute().parent for p in everything]))
    keys = _keys(everything)
    mine = positions(everything, shard) if shard else list(range(len(everything)))
    paths, keys = [everything[i] for i in mine], [keys[i] for i in mine]
    if not paths:
        if out is not None:
            write_outputs([], Path(out), options, box)
            if shard:
                write_manifest(Path(out), shard, everything, [], [], [])
        return []
    # the folders the submissions lie in, as given: a submission that is a link (to
    # /dev/zero, refused below) must not hide its target's folder (/dev) from every sandbox
    hide = [p.absolute().parent for p in paths if not p.absolute().parent.is_symlink()]
    hide += [out.resolve()] if out else []
    hide.append(Path(solutions).resolve())  # `grade --solutions` may name one outside the course
    slots: queue.Queue[int] = queue.Queue()
    jobs = max(1, min(options.jobs, len(paths)))
    for i in range(jobs):
        slots.put(i)
    bar = Progress(len(paths)) if progress else Progress(0)
    # One fork server per job slot, started now: it imports the libraries while this
    # process reads the solution notebooks and the submissions.
    warm = warm_imports(solutions, expected_assignments(paths, assignment, solutions))
    servers = [Server(box, options, i, hide, warm) for i in range(jobs)]

    def task(index: int) -> Result:
        slot = slots.get()
        try:
            return grade_one(paths[index], options, box, assignment, slot, keys[index],
                             visible_only, solutions, hide, servers[slot], root)
        finally:
            slots.put(slot)
            bar.step(paths[index].name)

    try:
        for server in servers:
            try:
                server.start()
            except RuntimeError:
                pass  # started again (and the error reported) when a submission needs it
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(task, i) for i in range(len(paths))]
            results = []
            for i, future in enumerate(futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # noqa: BLE001 - never lose a row
                    results.append(Result(str(paths[i]), keys[i], status="error",
                                          notes=[f"grader error: {exc}"], sandbox=box.mode))
    finally:
        for server in servers:
            server.release()
        if stats is not None:
            stats["uids"] = [server.uid for server in servers]
            stats["startup_cpu"] = sum(server.startup_cpu for server in servers)
            stats["sandbox_starts"] = sum(server.starts for server in servers)
    if out is not None:
        write_outputs(results, Path(out), options, box)
        if shard:
            write_manifest(Path(out), shard, everything, mine, keys,
                           [len(r.reports) for r in results])
    return results
