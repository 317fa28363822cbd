"""Reading notebooks: submissions (untrusted files) and solution notebooks (trusted source).

* :func:`read_notebook` turns any file into a notebook or a :class:`NotebookError` whose
  message can go straight into a score table.
* :func:`find_checks` lists the checks a solution notebook grades, visible and hidden, with the
  nbgrader cell that grades each: the check definitions are read from the notebook itself, so
  there is one source for nbgrader and for every other grader.
* :func:`define_answers` builds a namespace from what a (trusted) notebook defines, by the
  course's one rule (:mod:`dqlcourse.cells`).
"""

from __future__ import annotations

import ast
import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from dqlcourse import cells, reuse
from dqlcourse.cells import nbgrader_meta, reused_notebooks
from dqlcourse.checks import core, evaluation
from dqlcourse.checks import wire
from dqlcourse.checks.core import Check, Report

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
NOTEBOOKS = REPO / "notebooks"


class NotebookError(Exception):
    """A file that cannot be graded as a notebook. The message says why, for the score table."""


#: Submissions larger than this are refused before they are parsed.
MAX_NOTEBOOK_BYTES = 20 * 2**20


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read ``path`` as a version-4 notebook, or raise :class:`NotebookError` saying what is wrong."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotebookError(f"cannot read the file ({exc.strerror})") from None
    return parse_notebook(data)


def read_submission(path: Path, root: Path | None = None, solutions: Path | None = None,
                    limit: int = MAX_NOTEBOOK_BYTES) -> nbformat.NotebookNode:
    """Read an untrusted notebook (a submission, or the notebook 04 beside one) as
    :func:`read_notebook` does, but only a regular file of at most ``limit`` bytes reached
    without a symbolic link: the file is opened without following links and without blocking
    (a FIFO cannot hang the grader, a link to ``/dev/zero`` or to a solution is refused), every
    folder between ``root`` and the file must be a real folder, and the file must not be (or
    be a hard link to) a notebook in ``solutions``. Raises :class:`NotebookError` saying why."""
    path = Path(path)
    if root is not None:
        try:
            inside = path.absolute().relative_to(Path(root).absolute())
        except ValueError:
            raise NotebookError("the file is outside the folder being graded") from None
        folder = Path(root).absolute()
        for part in inside.parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise NotebookError(f"the folder {part!r} is a symbolic link; submit real files")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotebookError("the file is a symbolic link; submit the notebook itself") from None
        raise NotebookError(f"cannot read the file ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotebookError("not a regular file (a FIFO, a device or a folder); "
                                "submit the notebook itself")
        if info.st_size > limit:
            raise NotebookError(f"the file is too large ({info.st_size / 2**20:.0f} MB; "
                                f"the limit is {limit // 2**20} MB)")
        if solutions is not None and _is_solution(path, info, Path(solutions)):
            raise NotebookError("the file is one of the course's solution notebooks")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotebookError(f"the file is too large (the limit is {limit // 2**20} MB)")
    return parse_notebook(data)


def _is_solution(path: Path, info: os.stat_result, solutions: Path) -> bool:
    """True when ``path`` lies in ``solutions`` or is the same file as one in it."""
    if path.resolve().is_relative_to(solutions.resolve()):
        return True
    for solution in solutions.glob("*.ipynb"):
        try:
            other = solution.stat()
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def parse_notebook(data: bytes) -> nbformat.NotebookNode:
    """Parse the bytes of a file as a version-4 notebook, or raise :class:`NotebookError`."""
    if not data.strip():
        raise NotebookError("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"the file is not UTF-8 text (byte {exc.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON at line {exc.lineno}, "
                            f"column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply") from None
    if not isinstance(raw, dict) or "cells" not in raw:
        raise NotebookError("not a notebook: the JSON has no list of cells")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several types
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"not a valid notebook: {first_line}") from None
    return nb


@dataclass(frozen=True)
class GradedCheck:
    """A check together with the nbgrader grade cell that runs it."""

    grade_id: str
    points: float
    check: Check


class _RunCheckArgs(ast.NodeTransformer):
    """Rewrite ``run_check(CHECK, function, name=name)`` into
    ``run_check(CHECK, "function", name="name")``."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "run_check" and len(node.args) == 2:
            fn = node.args[1]
            if isinstance(fn, ast.Name):
                node.args[1] = ast.copy_location(ast.Constant(fn.id), fn)
            for kw in node.keywords:
                if isinstance(kw.value, ast.Name):
                    kw.value = ast.copy_location(ast.Constant(kw.value.id), kw.value)
        return node


def find_checks(nb: nbformat.NotebookNode, strict: bool = True) -> list[GradedCheck]:
    """The checks a (trusted) solution or released notebook grades, in notebook order.

    The notebook's imports are executed, then each nbgrader check cell with ``run_check``
    replaced by a collector, so visible checks (imported from the course package) and hidden
    ones (defined in the cell) are found the same way. ``strict`` (a solution notebook):
    raise ``ValueError`` when a check cell's points differ from the sum of its checks' points;
    otherwise (a release, whose hidden check cells hold no checks) such cells are skipped.
    """
    imports = cells.imports(nb)
    found = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if not cells.is_check_cell(cell):
            continue
        collected: list[Check] = []

        def collect(check: Check, function: str, _into: list = collected, **uses: str) -> None:
            if check.function != function:
                raise ValueError(f"check {check.id} tests {check.function!r}, run on {function!r}")
            if any(uses.get(n) != n for n in check.uses) or set(uses) != set(check.uses):
                raise ValueError(f"check {check.id} uses {check.uses}: pass each as name=name")
            _into.append(check)

        namespace: dict = {}
        exec("\n".join(imports), namespace)
        namespace["run_check"] = collect
        tree = ast.fix_missing_locations(_RunCheckArgs().visit(ast.parse(cell.source)))
        exec(compile(tree, f"<check cell {meta.get('grade_id')}>", "exec"), namespace)
        total = sum(c.points for c in collected)
        if strict and abs(total - float(meta.get("points", 0))) > 1e-9:
            raise ValueError(f"grade cell {meta.get('grade_id')} is worth {meta.get('points')} "
                             f"points but its checks add up to {total}")
        found.extend(GradedCheck(meta["grade_id"], c.points, c) for c in collected)
    return found


def strip_markers(source: str) -> str:
    """The solution as a student would type it: the nbgrader solution markers removed."""
    keep = [line for line in source.splitlines()
            if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(keep)


def solution_cells(solution_nb: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> answer text of every solution cell of the master notebook."""
    return {nbgrader_meta(c)["grade_id"]: strip_markers(c.source)
            for c in solution_nb.cells if nbgrader_meta(c).get("solution")}


def define_answers(nb: nbformat.NotebookNode, overrides: dict[str, str] | None = None) -> dict:
    """What notebook ``nb`` defines by the course's one rule (:mod:`dqlcourse.cells`), run
    statement by statement in a fresh namespace (then ``overrides``, extra definitions that
    replace functions by name), as the sandboxed grader and ``load_answers`` run them. For
    trusted code only: tests, the reference and the slides; student code is run by the
    sandboxed grader."""
    namespace, _ = reuse.define_notebook(nb, "answers")
    for name, code in (overrides or {}).items():
        exec(compile(code, f"<override {name}>", "exec"), namespace)
    return namespace


def define_reused(nb: nbformat.NotebookNode, folder: Path) -> dict[str, Any]:
    """``{NAME: answers}`` for each notebook ``nb`` loads (:func:`reused_notebooks`), loaded from
    ``folder`` by ``load_answers`` itself. For trusted code only, like :func:`define_answers`."""
    return {name: reuse.load_answers(filename, folder, quiet=True)
            for name, filename in reused_notebooks(nb).items()}


def grade_answers(nb: nbformat.NotebookNode, graded: list[GradedCheck], folder: Path,
                  overrides: dict[str, str] | None = None) -> dict[str, Report]:
    """``nb``'s answers (:func:`define_answers`, with ``overrides``, and the notebooks it loads
    from ``folder``: :func:`define_reused`) graded on ``graded`` in this process (trusted code
    only: the tests, the benchmarks)."""
    namespace = define_answers(nb, overrides)
    namespace.update(define_reused(nb, folder))
    return grade_namespace(namespace, graded)


def grade_namespace(namespace: dict, graded: list[GradedCheck]) -> dict[str, Report]:
    """Run every check on the functions of ``namespace`` in this process (trusted code only).
    Names a check ``uses`` are taken from ``namespace`` too."""
    reports = {}
    for item in graded:
        fn = namespace.get(item.check.function)
        if fn is None:
            outcomes = core.not_run(wire.UNDEFINED, item.check.function, len(item.check.cases))
        else:
            outcomes = evaluation.execute_here(item.check, fn,
                                         {n: namespace.get(n) for n in item.check.uses})
        reports[item.check.id] = core.judge(item.check, outcomes)
    return reports


def execute_notebook(path: Path, timeout: int = 600,
                     env: dict[str, str] | None = None) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook top to bottom in a fresh kernel, in the notebook's folder.

    Returns the executed notebook and the seconds it took. The kernel talks over local IPC
    sockets in a temporary folder (no TCP ports, no transport warning). Errors in cells are
    left in the outputs, as in Jupyter's "Run all"; callers decide what they mean. ``env``: the
    kernel's environment (default: this process's).
    """
    import tempfile
    import time

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="dql-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k"))
        client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=True,
                                resources={"metadata": {"path": str(Path(path).parent)}})
        start = time.perf_counter()
        client.execute(**({"env": env} if env is not None else {}))
        return nb, time.perf_counter() - start
