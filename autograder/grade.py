"""The standalone grader: ``python -m autograder grade SUBMISSION.ipynb... --out DIR``.

Trust is split in two. This process (trusted) reads each submission as data, recognises the
assignment, extracts the student's import statements and top-level definitions with ``ast``
(no student statement runs here), and sends them to a sandboxed child
(:mod:`autograder.sandbox`) together with the checks' *inputs*. The child runs the student
functions and answers plain JSON; this process then judges those outcomes against the
expected values, which never leave it (:func:`dqlcourse.checks.core.judge`). Exit codes,
printed text and files the child writes decide nothing.

For every submission given it writes a row of ``DIR/grades.csv`` (whatever happened),
``DIR/scores_by_question.csv``, and ``DIR/submissions/<key>/results.json`` (Gradescope's
format) and ``feedback.html`` (names, hints and scores of hidden checks, never their code or
expected values). Submissions are graded in parallel (``--jobs``). Each job slot keeps one
sandbox for all its submissions (:class:`Server`, a fork server that imports the libraries
once): every submission, and every check in it, runs in a fresh fork of a process that never
ran student code, and the sandbox is emptied between submissions.
"""

from __future__ import annotations

import ast
import builtins
import concurrent.futures
import csv
import html
import json
import os
import queue
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from autograder import sandbox as sb
from autograder.notebooks import (
    MAX_NOTEBOOK_BYTES,
    NOTEBOOKS,
    SOLUTIONS,
    GradedCheck,
    NotebookError,
    _RunCheckArgs,
    find_checks,
    nbgrader_meta,
    read_notebook,
    read_submission,
    reused_notebooks,
)
from autograder.repair import repair
from autograder.sandbox.runner import encode
from autograder.shard import Shard, positions, write_manifest
from dqlcourse.checks.core import CaseResult, Check, Report, judge
from dqlcourse.reuse import candidates

#: Code cells longer than this are skipped (nobody types 1 MB into one cell).
MAX_CELL_CHARS = 2**20


@dataclass(frozen=True)
class Options:
    """How to grade.

    Attributes:
        jobs: submissions graded at the same time (one sandbox per job slot).
        sandbox: ``"bwrap"``, ``"unshare"`` or ``"none"``; ``None`` picks the strongest
            that works here (:func:`autograder.sandbox.detect`).
        time_scale: multiplies every check's time budget (tests use small values).
        max_check_seconds: caps every check's wall-clock budget (``None``: no cap).
        memory_mb: memory each check may allocate on top of the loaded libraries.
        processes: process limit of the sandbox's user (fork storms stop there).
        startup_seconds: time allowed, per submission, to start the sandbox (if it is not
            running yet) and import the libraries and the submission's modules.
        hidden_visibility: Gradescope visibility of hidden checks' results.
        checks_in_parallel: checks of one submission run at once (0: the CPUs left over
            by ``jobs``; every check still has its own process and budget).
    """

    jobs: int = 1
    sandbox: str | None = None
    time_scale: float = 1.0
    max_check_seconds: float | None = None
    memory_mb: int = 2048
    processes: int = 96
    startup_seconds: float = 120.0
    hidden_visibility: str = "after_due_date"
    checks_in_parallel: int = 0


# --------------------------------------------------------------------------- assignments


def _parse(source: str) -> list[ast.stmt]:
    if len(source) > MAX_CELL_CHARS:
        return []
    try:
        return list(ast.parse(source).body)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return []


def _is_literal_assignment(node: ast.stmt) -> bool:
    value = getattr(node, "value", None)
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or value is None:
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not all(isinstance(t, ast.Name) for t in targets):
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return False
    return True


def _is_check_cell(cell: Any) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


@dataclass
class Assignment:
    """A gradable notebook: its checks (from the trusted solution notebook) and scaffold."""

    name: str
    graded: list[GradedCheck]
    release: nbformat.NotebookNode | None
    functions: list[str]  # the TODO functions (grade ids of the solution cells)
    scaffold: list[str]  # trusted definitions from the solution's ordinary cells
    imports: list[str]  # every import statement of the solution notebook
    grade_ids: list[str] = field(default_factory=list)
    reuses: dict[str, str] = field(default_factory=dict)  # {"nb04": "04_dqn.ipynb"}

    @property
    def max_score(self) -> float:
        return float(sum(g.points for g in self.graded))

    def points(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for g in self.graded:
            out[g.grade_id] = out.get(g.grade_id, 0.0) + g.points
        return out


_ASSIGNMENTS: dict[tuple[str, str], Assignment] = {}
_LOCK = threading.Lock()
#: held while a submission is parsed: see :func:`_grade_into`.
_AST_LOCK = threading.Lock()


def assignment_names(solutions: Path = SOLUTIONS) -> list[str]:
    return sorted(p.stem for p in Path(solutions).glob("*.ipynb"))


def load_assignment(name: str, solutions: Path = SOLUTIONS,
                    notebooks: Path = NOTEBOOKS) -> Assignment:
    """Read ``solutions/NAME.ipynb`` (trusted) and the released ``notebooks/NAME.ipynb``."""
    key = (str(solutions), name)
    with _LOCK:
        if key in _ASSIGNMENTS:
            return _ASSIGNMENTS[key]
        path = Path(solutions) / f"{name}.ipynb"
        if not path.exists():
            raise ValueError(f"unknown assignment {name!r}; known: "
                             f"{', '.join(assignment_names(solutions)) or 'none'}")
        solution = read_notebook(path)
        release_path = Path(notebooks) / f"{name}.ipynb"
        release = read_notebook(release_path) if release_path.exists() else None
        functions, scaffold, imports = [], [], []
        for cell in solution.cells:
            if cell.cell_type != "code":
                continue
            meta = nbgrader_meta(cell)
            if meta.get("solution"):
                functions.append(meta["grade_id"])
            for node in _parse(cell.source):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    imports.append(ast.unparse(node))
                elif (not meta.get("solution") and not meta.get("grade")
                      and (isinstance(node, (ast.FunctionDef, ast.ClassDef))
                           or _is_literal_assignment(node))):
                    scaffold.append(ast.unparse(node))
        graded = find_checks(solution)
        item = Assignment(name, graded, release, functions, scaffold,
                          list(dict.fromkeys(imports)),
                          list(dict.fromkeys(g.grade_id for g in graded)),
                          reused_notebooks(solution))
        _ASSIGNMENTS[key] = item
        return item


_FUNCTIONS: dict[tuple[str, str], list[str]] = {}


def todo_functions(name: str, solutions: Path = SOLUTIONS) -> list[str]:
    """The TODO functions of an assignment (grade ids of its solution cells), read without
    running anything, so recognising a submission never depends on other notebooks' checks."""
    key = (str(solutions), name)
    if key not in _FUNCTIONS:
        try:
            nb = read_notebook(Path(solutions) / f"{name}.ipynb")
            _FUNCTIONS[key] = [nbgrader_meta(c)["grade_id"] for c in nb.cells
                               if nbgrader_meta(c).get("solution")]
        except (NotebookError, KeyError):
            _FUNCTIONS[key] = []
    return _FUNCTIONS[key]


def recognise(nb: nbformat.NotebookNode, path: Path, names: list[str],
              solutions: Path = SOLUTIONS) -> tuple[str | None, str]:
    """The assignment a submission belongs to: by content (the TODO functions it defines and
    the nbgrader cell ids it carries), else by file name. Returns ``(name, note)``."""
    defined: set[str] = set()
    ids: set[str] = set()
    for cell in nb.cells:
        ids.add(str(nbgrader_meta(cell).get("grade_id", "")))
        if cell.cell_type == "code":
            defined |= {n.name for n in _parse(cell.source)
                        if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    scores = {}
    for name in names:
        functions = set(todo_functions(name, solutions))
        checks = {f"check_{f}" for f in functions} | {f"hidden_{f}" for f in functions}
        scores[name] = len(functions & defined) + len(functions & ids) + len(checks & ids)
    best = max(scores.values(), default=0)
    winners = [n for n, s in scores.items() if s == best and s > 0]
    if len(winners) == 1:
        return winners[0], ""
    stem = Path(path).stem
    by_name = [n for n in names if n in stem or stem.startswith(n.split("_")[0] + "_")]
    if len(by_name) == 1:
        return by_name[0], "recognised by its file name"
    return None, "could not tell which assignment this notebook is (use --assignment)"


# --------------------------------------------------------------------------- extraction


@dataclass
class Answers:
    """What the sandbox receives from one submission."""

    imports: list[str]
    definitions: list[str]
    notes: list[str]
    #: the answers of other notebooks this one loads, by the name it loads them as:
    #: ``{"imports": [...], "definitions": [...]}``, or ``{"missing": why}``.
    reuse: dict[str, dict] = field(default_factory=dict)


def extract(nb: nbformat.NotebookNode, assignment: Assignment) -> Answers:
    """The submission's import statements and top-level definitions, nothing else.

    Metadata removed by Colab or VS Code is restored first (:func:`autograder.repair.repair`).
    Definitions come in this order, later ones winning: the trusted scaffold of the solution
    notebook, the submission's ordinary cells, its answer cells. Check cells are ignored, and
    so is every other statement (no student statement runs at definition time except what
    Python itself runs: decorators, default values and class bodies, inside the sandbox).
    """
    notes: list[str] = []
    if assignment.release is not None:
        try:
            nb, notes = repair(nb, assignment.release)
        except Exception as exc:  # noqa: BLE001 - repair is best effort
            notes = [f"could not repair the notebook's metadata ({type(exc).__name__})"]
    imports = list(assignment.imports)
    ordinary, answers = [], []
    for cell in nb.cells:
        if cell.cell_type != "code" or _is_check_cell(cell):
            continue
        is_answer = bool(nbgrader_meta(cell).get("solution"))
        for node in _parse(cell.source):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                target = imports
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                target = answers if is_answer else ordinary
            elif is_answer and _is_literal_assignment(node):
                target = answers
            else:
                continue
            try:
                target.append(ast.unparse(node))
            except (RecursionError, ValueError):
                name = getattr(node, "name", None) or f"the statement at line {node.lineno}"
                notes.append(f"skipped {name}: nested too deeply for the grader to read it")
    return Answers(list(dict.fromkeys(imports)), assignment.scaffold + ordinary + answers, notes)


def extract_reused(path: Path, assignment: Assignment,
                   load: Callable[[str], Assignment] | None = None,
                   solutions: Path = SOLUTIONS) -> dict[str, dict]:
    """The answers of the notebooks ``assignment`` loads (``nb04 = load_answers("04_dqn.ipynb")``
    in notebook 05), taken from the student's own copy next to the submission ``path``: in its
    folder, or in nbgrader's layout (``<student>/04_dqn/04_dqn.ipynb`` beside
    ``<student>/05_conv_dqn/``). Read as data and extracted like any submission; a copy that
    is missing or unreadable gives ``{"missing": why}``, which costs only the checks using it;
    it is read like a submission (:func:`~autograder.notebooks.read_submission`: a regular
    file, no symbolic link, not a solution). ``load``: how to get the other notebook's
    assignment (:func:`load_assignment` by default)."""
    load = load or load_assignment
    out: dict[str, dict] = {}
    folder = Path(path).absolute().parent
    for name, filename in assignment.reuses.items():
        found = next(((p, root) for p, root in zip(candidates(filename, folder),
                                                     (folder, folder.parent))
                      if os.path.lexists(p)), None)
        if found is None:
            out[name] = {"missing": f"{filename} was not found next to the submission (the "
                                    f"checks of the whole agent train with it: submit it too)"}
            continue
        try:
            other = extract(read_submission(found[0], found[1], solutions),
                            load(Path(filename).stem))
        except (NotebookError, ValueError, RecursionError) as exc:
            out[name] = {"missing": f"{filename} next to the submission could not be read ({exc})"}
            continue
        out[name] = {"imports": other.imports, "definitions": other.definitions}
    return out


# --------------------------------------------------------------------------- running


def _check_payload(index: int, check: Check, options: Options) -> dict:
    wall = check.timeout * max(1, len(check.cases)) * options.time_scale
    if options.max_check_seconds is not None:
        wall = min(wall, options.max_check_seconds)
    return {"index": index, "id": check.id, "function": check.function, "call": check.call,
            "hidden": check.hidden, "uses": list(check.uses), "wall_seconds": wall,
            "cpu_seconds": wall + 1,
            "cases": [{"name": "", "args": encode(tuple(c.args)), "kwargs": encode(dict(c.kwargs))}
                      for c in check.cases]}


@dataclass
class Run:
    """What came back from the sandbox for one submission."""

    lines: dict[int, dict]
    ready: dict | None  # the submission process's first line (import errors)
    error: str = ""
    seconds: float = 0.0
    restarts: int = 0
    cpu: float = 0.0  # CPU seconds the sandbox reported for this submission


def _parallel(options: Options) -> int:
    """Checks of one submission run at a time: the cores left over by ``jobs``."""
    if options.checks_in_parallel:
        return options.checks_in_parallel
    return max(1, min(4, (os.cpu_count() or 1) // max(1, options.jobs)))


def _kill_uid(uid: int) -> None:
    """Kill every process running as ``uid`` (the sandbox's own user; root only)."""
    for _ in range(20):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status") as fh:
                    line = next(ln for ln in fh if ln.startswith("Uid:"))
                if int(line.split()[1]) == uid:
                    os.kill(int(entry), signal.SIGKILL)
                    found = True
            except (OSError, StopIteration, ValueError):
                continue
        if not found:
            return
        time.sleep(0.02)


#: Imported by every server: modules that the checks' adapters load lazily (gymnasium
#: registers its environments by entry point).
WARM_EXTRA = ("import gymnasium.envs.classic_control", "import gymnasium.envs.toy_text")


def notebook_imports(paths: list[Path]) -> list[str]:
    """The import statements of trusted notebooks (solutions or releases), read with ``ast``;
    a server runs them before any student code (nothing is executed here)."""
    statements: list[str] = []
    for path in paths:
        try:
            nb = read_notebook(path)
        except NotebookError:
            continue
        for cell in nb.cells:
            if cell.cell_type == "code":
                statements += [ast.unparse(n) for n in _parse(cell.source)
                               if isinstance(n, (ast.Import, ast.ImportFrom))]
    return list(dict.fromkeys(statements))


def expected_assignments(paths: list[Path], forced: str | None, solutions: Path,
                         limit: int = 50) -> list[str]:
    """The assignments the first ``limit`` submissions look like (cheap: read, not run), so
    that the servers can import their libraries while this process starts up."""
    if forced:
        return [forced]
    names = assignment_names(solutions)
    found: list[str] = []
    for path in paths[:limit]:
        try:
            name, _ = recognise(read_submission(path), path, names, solutions)
        except Exception:  # noqa: BLE001 - grading will say what is wrong with the file
            continue
        if name and name not in found:
            found.append(name)
    return found


def warm_imports(solutions: Path = SOLUTIONS, names: list[str] | None = None) -> list[str]:
    """What a server imports when it starts: the imports of the solution notebooks ``names``
    (default: all), plus :data:`WARM_EXTRA`."""
    if names is None:
        names = assignment_names(solutions)
    return notebook_imports([Path(solutions) / f"{n}.ipynb" for n in names]) + list(WARM_EXTRA)


class Server:
    """One sandbox per job slot that grades submission after submission: a fork server.

    The sandboxed runner (:mod:`autograder.sandbox.runner`) imports the heavy libraries once;
    for every submission it forks a submission process, which forks a fresh worker per check.
    Student code never runs in the server itself, so nothing one submission (or check) does
    can change what a later one runs; between submissions the server kills every other
    process of the sandbox and empties its temporary directories. The server is restarted
    when it dies, when it could not clean up, or when a submission overran its budget.
    """

    def __init__(self, box: sb.Sandbox, options: Options, slot: int = 0,
                 hide: list[Path] | None = None, warm: list[str] | None = None):
        self.box, self.options, self.slot = box, options, slot
        self.hide = list(hide or [])
        self.warm = warm if warm is not None else list(WARM_EXTRA)
        # a uid of its own, never shared with another sandbox on this machine (another slot,
        # another grader run): process limits count per uid, and signals reach only it
        self.claim = sb.claim_uid() if box.drops_uid else None
        self.uid = self.claim.uid if self.claim else 0
        self.proc: subprocess.Popen | None = None
        self.errfile = None
        self.workdir: str | None = None
        self.buf = b""
        self.ready: dict | None = None
        self.jobs = 0
        self.starts = 0
        self.pending = b""
        self.startup_cpu = 0.0  # CPU seconds of the servers' imports (as they reported)
        self.cpu_seen = 0.0
        self.last_job_cpu = 0.0

    # -- life cycle

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start the sandbox (returns at once; :meth:`wait_ready` waits for its imports)."""
        self.close()
        box, options = self.box, self.options
        setup: dict[str, Any] = {
            "uid": self.uid, "sweep": "pgroup", "warm": self.warm, "wipe": [],
            "private_ipc": box.mode in ("bwrap", "unshare"),
            "limits": {"memory_bytes": options.memory_mb * 2**20, "file_bytes": 64 * 2**20,
                       "processes": options.processes},
        }
        env = cwd = None
        if box.mode in ("bwrap", "unshare"):
            setup["sweep"] = "pidns"
        elif box.drops_uid:
            setup["sweep"] = "uid"
        if box.mode == "bwrap":
            setup["workdir"] = "/tmp/work"
            setup["wipe"] = ["/tmp", "/dev/shm"]  # bubblewrap's own tmpfs and /dev
        elif box.mode == "unshare":
            setup["mask"] = sb.mask_paths(self.hide)
            setup["workdir"] = "/tmp"
            setup["wipe"] = ["/tmp", "/var/tmp", "/dev/shm"]  # only those the mask covered
            env = sb.child_env("/tmp")
        else:
            self.workdir = tempfile.mkdtemp(prefix="dqlgrade-")
            if box.drops_uid:
                os.chown(self.workdir, self.uid, self.uid)
            setup["workdir"] = self.workdir
            env = sb.child_env(self.workdir)
            cwd = self.workdir
        self.errfile = tempfile.TemporaryFile()
        self.buf, self.ready, self.jobs = b"", None, 0
        self.starts += 1
        try:
            self.proc = subprocess.Popen(sb.command(box), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.errfile, env=env,
                                         cwd=cwd or "/", start_new_session=True)
        except OSError as exc:
            self.proc = None
            raise RuntimeError(f"could not start the sandbox: {exc}") from None
        os.set_blocking(self.proc.stdin.fileno(), False)
        self.pending = (json.dumps(setup) + "\n").encode()

    def release(self) -> None:
        """Close the sandbox for good and give its uid back."""
        self.close(graceful=True)
        if self.claim is not None:
            self.claim.release()

    def close(self, graceful: bool = False) -> None:
        """Stop the sandbox and everything in it. ``graceful``: an idle server is first asked
        to exit (its processes' CPU time is then counted in this process's children)."""
        proc, self.proc = self.proc, None
        if proc is not None and graceful and proc.poll() is None and not self.pending:
            try:
                proc.stdin.close()
                proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        if self.box.mode == "none" and self.box.drops_uid and proc is not None:
            _kill_uid(self.uid)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
        if self.errfile is not None:
            self.errfile.close()
            self.errfile = None

    def _stderr_tail(self) -> str:
        if self.errfile is None:
            return ""
        self.errfile.seek(0)
        return self.errfile.read()[-500:].decode("utf-8", "replace").strip()

    # -- talking

    def _exchange(self, deadline: float, until) -> str:
        """Write what is pending, read lines and hand each to ``until`` (which returns True
        to stop). Returns "ok", "eof", "timeout" or "toomuch"."""
        assert self.proc is not None
        out_fd, in_fd = self.proc.stdout.fileno(), self.proc.stdin.fileno()
        total = 0
        with selectors.DefaultSelector() as sel:
            sel.register(out_fd, selectors.EVENT_READ)
            writing = False
            while True:
                if self.pending and not writing:
                    sel.register(in_fd, selectors.EVENT_WRITE)
                    writing = True
                # lines already buffered first
                while b"\n" in self.buf:
                    raw, self.buf = self.buf.split(b"\n", 1)
                    try:
                        line = json.loads(raw)
                    except (ValueError, RecursionError):
                        continue
                    if isinstance(line, dict) and until(line):
                        if writing:
                            sel.unregister(in_fd)
                        return "ok"
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return "timeout"
                for key, _ in sel.select(timeout=min(remaining, 1.0)):
                    if key.fd == in_fd:
                        try:
                            self.pending = self.pending[os.write(in_fd, self.pending):]
                        except BlockingIOError:
                            continue
                        except OSError:  # the server is gone: read what it said, then EOF
                            self.pending = b""
                        if not self.pending:
                            sel.unregister(in_fd)
                            writing = False
                        continue
                    chunk = os.read(out_fd, 1 << 16)
                    if not chunk:
                        return "eof"
                    total += len(chunk)
                    if total > self.max_bytes:
                        return "toomuch"
                    self.buf += chunk

    max_bytes = 64 * 2**20

    def wait_ready(self, deadline: float) -> str:
        """Wait for the server's imports; returns an error message or ""."""
        if self.ready is not None:
            return ""

        def got(line: dict) -> bool:
            if line.get("kind") == "ready":
                self.ready = line
                cpu = line.get("cpu")
                self.cpu_seen = float(cpu) if isinstance(cpu, (int, float)) else 0.0
                self.startup_cpu += self.cpu_seen
                return True
            return False

        status = self._exchange(deadline, got)
        if status == "ok":
            return ""
        tail = self._stderr_tail()
        self.close()
        return "the sandbox did not start" + (f": {tail}" if tail else "")

    def run_job(self, job: dict, n_checks: int, deadline: float) -> tuple[dict, set, dict | None, str]:
        """Send one job; collect its lines until the server says it is done.

        Returns ``(lines by check index, indices started, the submission's first line,
        status)``, status "done", "died", "timeout" or "toomuch"."""
        self.jobs += 1
        self.last_job_cpu = 0.0
        job = {**job, "id": self.jobs}
        self.pending += (json.dumps(job) + "\n").encode()
        lines: dict[int, dict] = {}
        started: set[int] = set()
        first: list[dict] = []
        clean = [True]

        def got(line: dict) -> bool:
            if line.get("job") != job["id"]:
                return False
            kind, index = line.get("kind"), line.get("index")
            if kind == "job" and not first:
                first.append(line)
            elif kind in ("start", "check") and isinstance(index, int) and 0 <= index < n_checks:
                if kind == "start":
                    started.add(index)
                elif index not in lines:
                    lines[index] = line
            elif kind == "done":
                clean[0] = line.get("clean") is True
                cpu = line.get("cpu")
                if isinstance(cpu, (int, float)):
                    self.last_job_cpu = max(0.0, float(cpu) - self.cpu_seen)
                    self.cpu_seen = float(cpu)
                return True
            return False

        self.max_bytes = 64 * 2**20 * max(1, n_checks)
        status = self._exchange(deadline, got)
        if status == "ok":
            if not clean[0]:
                self.close()  # could not clean up: the next submission gets a fresh sandbox
            return lines, started, first[0] if first else None, "done"
        self.close()
        return lines, started, first[0] if first else None, "died" if status == "eof" else status


def run_sandboxed(answers: Answers, checks: list[Check], options: Options, box: sb.Sandbox,
                  slot: int = 0, hide: list[Path] | None = None,
                  server: Server | None = None, warm: list[str] | None = None) -> Run:
    """Run ``checks`` on ``answers`` in the slot's sandbox (``server``; a fresh one that is
    stopped afterwards if not given); return the lines by check index. ``warm``: trusted
    import statements (the solution notebook's) the server runs first if it has not yet.

    Every check has its own process and budget. If the sandbox dies while checks run (student
    code can kill its processes), it is restarted and the checks that had not finished are
    run again, one at a time; a check that was running alone when the sandbox died scores
    zero ("crashed"), so it costs only its own points.
    """
    own = server is None
    if server is None:
        server = Server(box, options, slot, hide)
    payloads = [_check_payload(i, c, options) for i, c in enumerate(checks)]
    start = time.monotonic()
    deadline = start + options.startup_seconds + sum(p["wall_seconds"] + 5 for p in payloads)
    lines: dict[int, dict] = {}
    first = None
    error = ""
    width = _parallel(options)
    interrupted_before: set[int] = set()
    restarts = 0
    stalled = 0
    cpu = 0.0
    try:
        pending = list(range(len(payloads)))
        while pending:
            if not server.alive():
                if server.starts and restarts >= 6:
                    error = "the sandbox was stopped too often; the remaining checks did not run"
                    break
                if server.starts:
                    restarts += 1
                try:
                    server.start()
                except RuntimeError as exc:
                    error = str(exc)
                    break
            error = server.wait_ready(deadline)
            if error:
                break
            job = {"imports": answers.imports, "definitions": answers.definitions,
                   "reuse": answers.reuse, "checks": [payloads[i] for i in pending],
                   "parallel": width, "seed": 0, "warm": list(warm or [])}
            got, started, line, status = server.run_job(job, len(payloads), deadline)
            cpu += server.last_job_cpu
            first = first or line
            lines.update({i: v for i, v in got.items() if i in pending})
            if status == "timeout":
                error = "grading took longer than the whole budget; the sandbox was stopped"
                break
            if status == "toomuch":
                error = "the sandbox sent too much data"
                break
            interrupted = sorted(i for i in started if i not in lines)
            for i in interrupted:
                if len(interrupted) == 1 or i in interrupted_before:
                    lines[i] = {"kind": "check", "index": i, "status": "crashed",
                                "detail": "stopped the sandbox's grading process (it was "
                                          "killed while this check ran)"}
            interrupted_before |= set(interrupted)
            if interrupted:
                width = 1  # find out which check it was
            before = len(pending)
            pending = [i for i in pending if i not in lines]
            stalled = stalled + 1 if len(pending) == before else 0
            if pending and stalled >= 2:
                error = "the sandbox stopped before it ran every check"
                break
    finally:
        if own:
            server.release()
    return Run(lines, first, error, time.monotonic() - start, restarts, cpu)


# --------------------------------------------------------------------------- judging


def _builtin_exception(text: str) -> str:
    name = re.match(r"[A-Za-z_]\w*", text or "")
    if name and isinstance(getattr(builtins, name.group(0), None), type) \
            and issubclass(getattr(builtins, name.group(0)), BaseException):
        return name.group(0)
    return "an exception"


def _clean_outcomes(check: Check, outcomes: Any) -> list[dict]:
    """Keep only well-formed plain-data outcomes, one per case; hidden checks keep only the
    exception's type (student code chooses the message, and could leak hidden inputs in it)."""
    out = []
    items = outcomes if isinstance(outcomes, list) else []
    for i in range(len(check.cases)):
        item = items[i] if i < len(items) and isinstance(items[i], dict) else None
        if item is None:
            out.append({"status": "error", "error": "no result"})
            continue
        status = item.get("status")
        if status == "ok" and "value" in item:
            out.append({"status": "ok", "value": item["value"]})
        elif status == "not_implemented":
            out.append({"status": "not_implemented"})
        elif status == "missing" and not check.hidden:
            out.append({"status": "missing", "error": str(item.get("error", ""))[:500]})
        else:
            error = str(item.get("error", "failed"))[:500]
            if check.hidden and not error.startswith("`"):
                error = _builtin_exception(error)
            out.append({"status": "error", "error": error})
    return out


def judge_line(check: Check, line: dict | None, budget: float, startup_error: str) -> Report:
    """The report of one check from the sandbox's line about it (``None``: no line)."""
    if line is not None and line.get("status") == "ok":
        return judge(check, _clean_outcomes(check, line.get("outcomes")))
    if line is None:
        message = startup_error or "the check did not run (the sandbox stopped before it)"
    elif line.get("status") == "timeout":
        message = f"timed out: the check's {budget:g} s were used up (an endless loop?)"
    elif line.get("status") == "oversize":
        message = "the function's output was too large"
    else:
        message = f"the check's process {str(line.get('detail', 'crashed'))[:200]}"
    return Report(check, [CaseResult(c.name, False, "error", message, c.hint) for c in check.cases])


# --------------------------------------------------------------------------- one submission


@dataclass
class Result:
    """The grading of one submission."""

    submission: str
    key: str
    assignment: str = ""
    status: str = "graded"
    score: float = 0.0
    max_score: float = 0.0
    notes: list[str] = field(default_factory=list)
    reports: list[tuple[GradedCheck, Report]] = field(default_factory=list)
    seconds: float = 0.0
    sandbox: str = ""
    sandbox_cpu: float = 0.0  # CPU seconds of the submission's processes in the sandbox

    def by_question(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for graded, report in self.reports:
            out[graded.grade_id] = round(out.get(graded.grade_id, 0.0) + report.score, 6)
        return out


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
             ) -> tuple[list[GradedCheck], Answers, list[str]] | None:
    """Read, recognise and extract one submission (this process: no student code runs).
    Returns the checks to run, the answers and the warm imports; ``None`` when the submission
    cannot be graded (``result`` then says why)."""
    names = assignment_names(solutions)
    if forced:
        load_assignment(forced, solutions)  # an unknown name is the instructor's error
    try:
        nb = read_submission(path, root, solutions)
    except NotebookError as exc:
        result.status, result.notes = "not_graded", [str(exc)]
        _set_max(result, forced, solutions)
        return None
    guessed, note = recognise(nb, path, names, solutions)
    name = forced or guessed
    if name is None:
        result.status, result.notes = "unknown_assignment", [note]
        return None
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
        result.notes += [r["missing"] for r in answers.reuse.values() if "missing" in r]
    return graded, answers, assignment.imports


def _grade_into(result: Result, path: Path, options: Options, box: sb.Sandbox,
                forced: str | None, slot: int, visible_only: bool, solutions: Path,
                hide: list[Path] | None, server: Server | None = None,
                root: Path | None = None) -> None:
    with _AST_LOCK:  # CPython 3.11's ast is not thread-safe: SystemError "AST constructor
        # recursion depth mismatch" when submissions are parsed in parallel threads (gh-106905)
        prepared = _prepare(result, path, forced, visible_only, solutions, root)
    if prepared is None:
        return
    graded, answers, warm = prepared
    run = run_sandboxed(answers, [g.check for g in graded], options, box, slot, hide, server,
                        warm=warm)
    if run.ready and run.ready.get("import_errors"):
        result.notes += [f"import failed: {e}" for e in run.ready["import_errors"][:3]]
    result.sandbox_cpu = run.cpu
    if run.error:
        result.notes.append(run.error)
    for i, g in enumerate(graded):
        budget = _check_payload(i, g.check, options)["wall_seconds"]
        result.reports.append((g, judge_line(g.check, run.lines.get(i), budget, run.error)))
    result.score = round(sum(r.score for _, r in result.reports), 6)


def _set_max(result: Result, name: str | None, solutions: Path) -> None:
    if not name:  # an unreadable file: its name may still say which assignment it was
        stem = Path(result.submission).stem
        names = [n for n in assignment_names(solutions) if n in stem]
        name = names[0] if len(names) == 1 else None
    if name:
        result.assignment = name
        result.max_score = load_assignment(name, solutions).max_score


# --------------------------------------------------------------------------- outputs

#: The longest note written to any output, and the longest report: a submission's text (an
#: import line, an exception message, a printed value) reaches the outputs through them.
MAX_NOTE_CHARS = 500
MAX_REPORT_CHARS = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str, limit: int = MAX_NOTE_CHARS) -> str:
    """``text`` fit for every output: control characters (ESC, NUL, ...) but newline and tab
    removed, and at most ``limit`` characters, the cut said."""
    text = _CONTROL.sub("", str(text))
    if len(text) > limit:
        text = text[:limit] + f" ... ({len(text) - limit:,} more characters cut)"
    return text


def _notes(result: "Result") -> list[str]:
    return [clean_text(n) for n in result.notes]



def gradescope_json(result: Result, options: Options, box: sb.Sandbox) -> dict:
    """The submission's results in Gradescope's ``results.json`` format."""
    tests = []
    for number, (graded, report) in enumerate(result.reports, start=1):
        kind = "hidden check" if report.check.hidden else "check"
        tests.append({
            "name": f"{graded.grade_id}: {kind} of `{report.check.function}`",
            "number": str(number),
            "score": report.score,
            "max_score": report.check.points,
            "output": clean_text(report.text(), MAX_REPORT_CHARS),
            "visibility": options.hidden_visibility if report.check.hidden else "visible",
        })
    output = [f"Status: {result.status}."] + [f"Note: {n}" for n in _notes(result)]
    output.append(f"Graded in a {box.description}.")
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 2),
        "output": "\n".join(output),
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"assignment": result.assignment, "status": result.status,
                       "sandbox": box.mode, "max_score": result.max_score},
    }


_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}.pass{color:#2e7d32}.fail{color:#c62828}
.hint{color:#555;font-style:italic}code{background:#f4f4f4}"""


def feedback_html(result: Result, box: sb.Sandbox) -> str:
    """Feedback for the student: every check, case by case, with hints. Hidden checks show
    case names, pass/fail and hints only: never their code, inputs or expected values."""
    def e(text) -> str:
        return html.escape(clean_text(text, MAX_REPORT_CHARS))

    parts = [f"<!doctype html><meta charset='utf-8'><title>Feedback: {e(result.assignment)}"
             f"</title><style>{_CSS}</style>",
             f"<h1>{e(result.assignment or 'Submission')}: {result.score:g} / "
             f"{result.max_score:g}</h1>",
             f"<p>Submission <code>{e(Path(result.submission).name)}</code>, status "
             f"<b>{e(result.status)}</b>.</p>"]
    if result.notes:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in _notes(result)) + "</ul>")
    for graded, report in result.reports:
        kind = "Hidden check" if report.check.hidden else "Check"
        parts.append(f"<h2>{kind} of <code>{e(report.check.function)}</code> "
                     f"({e(graded.grade_id)}): {report.score:g} / {report.check.points:g}</h2>")
        rows = []
        for case in report.results:
            mark = "<span class='pass'>pass</span>" if case.passed else "<span class='fail'>fail</span>"
            detail = "" if case.passed else e(case.message)
            if not case.passed and case.hint:
                detail += f"<div class='hint'>Hint: {e(case.hint)}</div>"
            rows.append(f"<tr><td>{e(case.name)}</td><td>{mark}</td><td>{detail}</td></tr>")
        parts.append("<table><tr><th>case</th><th>result</th><th>details</th></tr>"
                     + "".join(rows) + "</table>")
    parts.append(f"<p><small>Graded in a {e(box.description)}.</small></p>")
    return "\n".join(parts) + "\n"


GRADES_COLUMNS = ["submission", "assignment", "score", "max_score", "status", "sandbox",
                  "seconds", "note", "sandbox_cpu_seconds"]


def write_outputs(results: list[Result], out: Path, options: Options, box: sb.Sandbox) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GRADES_COLUMNS)
        for r in results:
            writer.writerow([r.submission, r.assignment, f"{r.score:g}", f"{r.max_score:g}",
                             r.status, r.sandbox, f"{r.seconds:.2f}", "; ".join(_notes(r)),
                             f"{r.sandbox_cpu:.2f}"])
    with open(out / "scores_by_question.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", "assignment", "question", "check", "score", "max_score"])
        for r in results:
            for graded, report in r.reports:
                writer.writerow([r.submission, r.assignment, graded.grade_id, report.check.id,
                                 f"{report.score:g}", f"{report.check.points:g}"])
    for r in results:
        folder = out / "submissions" / r.key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.json").write_text(json.dumps(gradescope_json(r, options, box), indent=1))
        (folder / "feedback.html").write_text(feedback_html(r, box))


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
    hide = [p.resolve().parent for p in paths] + ([out.resolve()] if out else [])
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


# --------------------------------------------------------------------------- students: check


def visible_checks(release: nbformat.NotebookNode) -> tuple[list[GradedCheck], int, float]:
    """The visible checks of a released notebook, and the number and points of the hidden
    check cells it announces (their tests are not in the release)."""
    imports = [ast.unparse(n) for c in release.cells if c.cell_type == "code"
               for n in _parse(c.source) if isinstance(n, (ast.Import, ast.ImportFrom))]
    found, hidden_cells, hidden_points = [], 0, 0.0
    for cell in release.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or not _is_check_cell(cell):
            continue
        collected: list[Check] = []
        namespace: dict = {}
        exec("\n".join(dict.fromkeys(imports)), namespace)
        namespace["run_check"] = lambda check, fn, _into=collected, **uses: _into.append(check)
        tree = ast.fix_missing_locations(_RunCheckArgs().visit(ast.parse(cell.source)))
        exec(compile(tree, f"<check cell {meta.get('grade_id')}>", "exec"), namespace)
        if collected:
            found += [GradedCheck(meta["grade_id"], c.points, c) for c in collected]
        else:
            hidden_cells += 1
            hidden_points += float(meta.get("points", 0))
    return found, hidden_cells, hidden_points


def _release_assignment(name: str, notebooks: Path = NOTEBOOKS) -> tuple[Assignment, int, float]:
    """An assignment as a student's copy of the course has it: the visible checks of
    ``notebooks/NAME.ipynb``; and the number and points of its hidden check cells."""
    release = read_notebook(Path(notebooks) / f"{name}.ipynb")
    graded, hidden_cells, hidden_points = visible_checks(release)
    item = Assignment(name, graded, release,
                      [nbgrader_meta(c)["grade_id"] for c in release.cells
                       if nbgrader_meta(c).get("solution")], [], [],
                      list(dict.fromkeys(g.grade_id for g in graded)), reused_notebooks(release))
    return item, hidden_cells, hidden_points


def recognise_release(nb: nbformat.NotebookNode | None, path: Path,
                      notebooks: Path = NOTEBOOKS) -> str | None:
    """The course notebook a student's copy is, as ``python -m autograder check`` tells: the
    released notebook whose answer cells' names the copy defines most (one winner only), else
    the one whose name is in the file's name; ``None`` if neither tells. ``nb``: the copy
    (``None`` when it cannot be read: then only its file name counts)."""
    names = sorted(p.stem for p in Path(notebooks).glob("*.ipynb"))
    if nb is not None:
        known = {n: read_notebook(Path(notebooks) / f"{n}.ipynb") for n in names}
        defined = {n.name for c in nb.cells if c.cell_type == "code" for n in _parse(c.source)
                   if isinstance(n, ast.FunctionDef)}
        scores = {n: len(defined & {nbgrader_meta(c).get("grade_id") for c in rel.cells})
                  for n, rel in known.items()}
        best = max(scores.values(), default=0)
        winners = [n for n, s in scores.items() if s == best and s > 0]
        if len(winners) == 1:
            return winners[0]
    matches = [n for n in names if n in Path(path).stem]
    return matches[0] if len(matches) == 1 else None


def release_checks(name: str, notebooks: Path = NOTEBOOKS) -> list[GradedCheck]:
    """The visible checks a student's copy of notebook ``name`` is checked with."""
    return _release_assignment(name, notebooks)[0].graded


def run_visible(path: Path, assignment: str | None = None, options: Options = Options(),
                notebooks: Path = NOTEBOOKS, only: set[str] | None = None,
                ) -> tuple[Result, int, float]:
    """Run the visible checks of a student's notebook in the sandbox (the check command's
    path), and judge them here. ``only``: the ids of the checks to run (default: all).
    Returns the result (its notes say what is missing beside the notebook), and the number
    and points of the hidden check cells that were not run. Raises :class:`NotebookError`
    for a file that is not a notebook and ``ValueError`` when the notebook is not
    recognised."""
    nb = read_notebook(path)
    assignment = assignment or recognise_release(nb, path, notebooks)
    if assignment is None:
        raise ValueError("could not tell which notebook this is; pass --assignment")
    item, hidden_cells, hidden_points = _release_assignment(assignment, notebooks)
    graded = [g for g in item.graded if only is None or g.check.id in only]
    box = sb.detect(options.sandbox)
    sb.refuse_unsafe(box)
    result = Result(str(path), Path(path).stem, assignment=assignment, sandbox=box.mode)
    answers = extract(nb, item)
    if item.reuses and any(g.check.uses for g in graded):
        answers.reuse = extract_reused(
            path, item, lambda other: _release_assignment(other, notebooks)[0])
        result.notes += [r["missing"] for r in answers.reuse.values() if "missing" in r]
    server = Server(box, options, warm=notebook_imports([Path(notebooks) / f"{assignment}.ipynb"])
                    + list(WARM_EXTRA))
    try:
        run = run_sandboxed(answers, [g.check for g in graded], options, box, server=server)
    finally:
        server.release()
    for i, g in enumerate(graded):
        budget = _check_payload(i, g.check, options)["wall_seconds"]
        result.reports.append((g, judge_line(g.check, run.lines.get(i), budget, run.error)))
    result.score = round(sum(r.score for _, r in result.reports), 6)
    result.max_score = float(sum(g.points for g in graded))
    return result, hidden_cells, hidden_points


def hidden_note(hidden_cells: int, hidden_points: float) -> str:
    """What a student is told about the hidden checks that a visible run did not run."""
    return (f"Hidden checks: {hidden_cells} more check cells worth {hidden_points:g} points "
            "exist and were NOT run. They use other inputs and run only when your notebook is "
            "graded, so passing the visible checks is a good sign, not a guarantee.")


def student_check(path: Path, assignment: str | None = None, options: Options = Options(),
                  notebooks: Path = NOTEBOOKS, stream=sys.stdout) -> Result:
    """``python -m autograder check NOTEBOOK``: run the visible checks, print the reports."""
    result, hidden_cells, hidden_points = run_visible(path, assignment, options, notebooks)
    for note in result.notes:
        print(f"Note: {note}", file=stream)
    for _, report in result.reports:
        print(report.text(), file=stream)
        print(file=stream)
    print(f"Visible checks: {result.score:g} / {result.max_score:g} points.", file=stream)
    print(hidden_note(hidden_cells, hidden_points), file=stream)
    if result.sandbox == "none":
        print(f"(Checks ran without a sandbox: {sb.DESCRIPTIONS['none']}.)", file=stream)
    return result


# --------------------------------------------------------------------------- Gradescope


SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup (runs once, as root): Python >= 3.11, bubblewrap, and the course package
# from this folder (Gradescope unpacks the bundle into /autograder/source), with what the
# grader needs (extra "grader"). AUTOGRADER_ROOT, DQL_SETUP_PYTHON (an existing Python: skip
# apt-get) and DQL_TORCH_INDEX (empty: no extra index) exist for testing outside Gradescope.
set -euxo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${DQL_SETUP_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends bubblewrap ca-certificates
    if ! command -v python3.11 >/dev/null; then
        apt-get install -y --no-install-recommends software-properties-common
        add-apt-repository -y ppa:deadsnakes/ppa || true
        apt-get update
    fi
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/pip" install --upgrade pip
TORCH_INDEX="${DQL_TORCH_INDEX-https://download.pytorch.org/whl/cpu}"
"$ROOT/venv/bin/pip" install ${TORCH_INDEX:+--extra-index-url "$TORCH_INDEX"} \\
    -e "$ROOT/source[grader]"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope entry point: grade the submission with the course's sandboxed grader.
# AUTOGRADER_ROOT and DQL_GRADER_PYTHON exist for testing outside Gradescope. -I: the grader
# is the one installed in that Python (setup.sh installs this folder), never a module that
# happens to lie in the working directory.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PY="${{DQL_GRADER_PYTHON:-$ROOT/venv/bin/python}}"
cd "$ROOT/source"
exec "$PY" -I -m autograder gradescope-run --assignment {name} --root "$ROOT"
"""


def gradescope_bundle(name: str, out: Path, repo: Path | None = None) -> Path:
    """Write Gradescope's ``autograder.zip`` for assignment ``name``: ``setup.sh`` and
    ``run_autograder`` at the zip's root (Gradescope unpacks it into ``/autograder/source``),
    beside the course package, the assignment's solution notebook and those of the notebooks
    it reuses."""
    import zipfile

    from autograder.notebooks import REPO

    repo = Path(repo or REPO)
    load_assignment(name, repo / "solutions", repo / "notebooks")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path | str] = {}
    for package in ("dqlcourse", "autograder"):
        for path in sorted((repo / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                files[path.relative_to(repo).as_posix()] = path
    for extra in ("pyproject.toml", "README.md", "LICENSE"):
        if (repo / extra).exists():
            files[extra] = repo / extra
    # the assignment, and those whose answers it reuses (05 trains with the student's 04)
    reused = [Path(f).stem for f in load_assignment(name, repo / "solutions").reuses.values()]
    for assignment in [name, *reused]:
        files[f"solutions/{assignment}.ipynb"] = repo / "solutions" / f"{assignment}.ipynb"
        if (repo / "notebooks" / f"{assignment}.ipynb").exists():
            files[f"notebooks/{assignment}.ipynb"] = repo / "notebooks" / f"{assignment}.ipynb"
    files["setup.sh"] = SETUP_SH
    files["run_autograder"] = RUN_AUTOGRADER.format(name=name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, item in sorted(files.items()):
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            executable = arcname in ("setup.sh", "run_autograder")
            info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
            data = item.encode() if isinstance(item, str) else Path(item).read_bytes()
            zf.writestr(info, data)
    return out


def gradescope_run(name: str, root: Path, options: Options = Options()) -> dict:
    """Grade ``ROOT/submission`` and write ``ROOT/results/results.json`` (Gradescope's run)."""
    root = Path(root)
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    notebooks = sorted((root / "submission").rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    preferred = [p for p in notebooks if p.stem == name]
    start = time.monotonic()
    if not notebooks:
        data = {"score": 0.0, "output": f"No .ipynb file was submitted; upload {name}.ipynb.",
                "stdout_visibility": "hidden", "tests": [],
                "execution_time": 0.0}
    else:
        submission = (preferred or notebooks)[0]
        scratch = Path(tempfile.mkdtemp(prefix="dqlgrade-gs-"))
        try:
            box = sb.detect(options.sandbox)
            [result] = grade_many([submission], None, options, assignment=name, progress=False,
                                  root=root / "submission")
            data = gradescope_json(result, options, box)
            reused = set(load_assignment(name).reuses.values())
            if any(p != submission and p.name not in reused for p in notebooks):
                data["output"] += f"\nNote: graded {submission.name}; other notebooks were ignored."
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    data["execution_time"] = round(time.monotonic() - start, 2)
    (results_dir / "results.json").write_text(json.dumps(data, indent=1))
    return data
