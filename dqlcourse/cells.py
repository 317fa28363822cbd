"""Reading a notebook's code: the one home of the rule for what a submission defines.

Every part of the course that takes code out of a notebook without running the notebook uses
this module: the sandboxed grader (``autograder.extract``), notebook 05 loading a student's
notebook-04 answers (:func:`dqlcourse.reuse.load_answers`), the tests' in-process grading and
the slides' figures. Nothing here executes code; notebooks are read as data, with ``ast``.

**The rule** (:func:`answer_definitions`; the README's instructors' section says the same):

* from every code cell except the check cells: the ``import`` statements and the function and
  class definitions (``def``, ``async def``, ``class``, with their decorators);
* from the answer cells (nbgrader ``solution`` cells) and from the cells a student added: also
  assignments to names, whatever their value (``W = np.eye(3)``, ``ACT = nn.ReLU``,
  ``f = lambda x: 2 * x``, ``SIZES = {k: 2 * k for k in range(3)}``, ``x: int = 3``,
  ``a, b = 1, 2``, ``n += 1``), and ``if`` / ``try`` statements made only of such statements;
* from the course's own cells, unchanged (:func:`is_given`), also assignments of literal
  values (``SEED = 0``); their other statements are the course's demo code and never count.
  A course cell the student edited counts as the student's.

Everything else is left out everywhere: expression statements (``print(...)``, plots, a
top-level training run ``train(...)``), loops, ``with`` blocks, assignments to attributes or
items, statements that run a check (``r = run_check(...)``), and everything in check cells. Cells are taken in notebook order, so a later definition
wins, as it does when the notebook runs top to bottom. A cell that does not parse (IPython's
``%magic`` and ``!shell`` lines aside), or that is longer than :data:`MAX_CELL_CHARS`,
contributes nothing.

The same rule applied to a kernel's history (:func:`kernel_definitions`) is how a notebook's
own check cells see the student's functions (:func:`dqlcourse.checks.kernel.run_check`): a
student sees in the notebook exactly what the graders will give.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Code cells longer than this are skipped (nobody types 1 MB into one cell).
MAX_CELL_CHARS = 2**20

#: The cells a release adds (:mod:`autograder.setup_cell`): the course's own, always.
RELEASE_IDS = ("course-setup", "colab-badge")
#: The first line of the release's set-up cell (how a kernel's history tells it).
SETUP_TITLE = "# @title Set-up"

_DEFINITION = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORT = (ast.Import, ast.ImportFrom)

# --------------------------------------------------------------------------- cells


def cells(nb: Any) -> list:
    """The cells of ``nb`` (an ``nbformat`` notebook or plain JSON)."""
    return list(nb["cells"] if isinstance(nb, Mapping) else nb.cells)


def _field(cell: Any, key: str, default: Any = None) -> Any:
    return cell.get(key, default) if isinstance(cell, Mapping) else getattr(cell, key, default)


def source(cell: Any) -> str:
    """A cell's source as one string."""
    text = _field(cell, "source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def is_code(cell: Any) -> bool:
    return _field(cell, "cell_type") == "code"


def nbgrader_meta(cell: Any) -> dict:
    """The cell's nbgrader metadata, or an empty dict."""
    meta = _field(cell, "metadata", {}) or {}
    nbg = meta.get("nbgrader", {}) if isinstance(meta, Mapping) else {}
    return dict(nbg) if isinstance(nbg, Mapping) else {}


def is_solution(cell: Any) -> bool:
    """An answer cell: nbgrader ``solution`` metadata."""
    return is_code(cell) and bool(nbgrader_meta(cell).get("solution"))


def is_check_cell(cell: Any) -> bool:
    """A check cell: an nbgrader grade cell that is not also an answer cell."""
    meta = nbgrader_meta(cell)
    return is_code(cell) and bool(meta.get("grade")) and not meta.get("solution")


def fingerprint(text: str) -> str:
    """A short hash of a cell's source, blind to trailing spaces and surrounding blank lines."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def is_given_source(text: str) -> bool:
    """Whether ``text`` is the source of one of the course's own code cells, unchanged
    (:data:`dqlcourse.given.CELLS`, written by ``make release``)."""
    from dqlcourse.given import CELLS

    return text.startswith(SETUP_TITLE) or fingerprint(text) in CELLS


def is_given(cell: Any) -> bool:
    """One of the course's own code cells (not an answer or check cell), unchanged: a student
    who edits one makes it theirs."""
    return (is_code(cell) and not is_solution(cell) and not is_check_cell(cell)
            and (_field(cell, "id", None) in RELEASE_IDS or is_given_source(source(cell))))


# --------------------------------------------------------------------------- statements


def _parse(text: str) -> list[ast.stmt] | None:
    try:
        return list(ast.parse(text).body)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _without_magics(text: str) -> str:
    """IPython's ``%line``/``%%cell`` magics and ``!shell`` lines blanked out (not Python)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in text.splitlines())


def top_level(text: str, max_chars: int = MAX_CELL_CHARS) -> list[ast.stmt]:
    """The top-level statements of a cell's source; none when it does not parse, with its
    IPython magic lines blanked out or not (or is too long, or too deeply nested)."""
    if len(text) > max_chars:
        return []
    body = _parse(text)
    if body is None and ("%" in text or "!" in text):
        body = _parse(_without_magics(text))
    return body or []


def defined_names(text: str) -> set[str]:
    """Names of the functions and classes a cell defines at top level."""
    return {n.name for n in top_level(text) if isinstance(n, _DEFINITION)}


def _is_literal(value: ast.expr | None) -> bool:
    if value is None:
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return False
    return True


def _names_only(target: ast.expr) -> bool:
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_names_only(t) for t in target.elts)
    return isinstance(target, ast.Starred) and _names_only(target.value)


def _is_name_assignment(node: ast.stmt) -> bool:
    if isinstance(node, ast.Assign):
        return all(_names_only(t) for t in node.targets)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and node.value is not None
    return isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)


def _runs_a_check(node: ast.stmt) -> bool:
    """Whether a statement calls ``run_check`` (``report = run_check(...)``): a check, not a
    definition."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "run_check"
               for n in ast.walk(node))


def kept(node: ast.stmt, student: bool) -> bool:
    """Whether the rule keeps top-level statement ``node``; ``student``: it is in an answer
    cell or a cell the student added (else in one of the course's own cells)."""
    if isinstance(node, _IMPORT + _DEFINITION):
        return True
    if not student:
        return _is_name_assignment(node) and _is_literal(getattr(node, "value", None))
    if _runs_a_check(node):
        return False
    if _is_name_assignment(node) or isinstance(node, ast.Pass):
        return True
    if isinstance(node, ast.If):
        return all(kept(n, True) for n in node.body + node.orelse)
    if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        bodies = node.body + node.orelse + node.finalbody
        bodies += [n for handler in node.handlers for n in handler.body]
        return all(kept(n, True) for n in bodies)
    return False


# --------------------------------------------------------------------------- the rule


@dataclass
class Definitions:
    """What a notebook defines by the rule: import statements (each once, in order), the
    other kept statements in order, and notes on what could not be read."""

    imports: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def source(self) -> str:
        """All of it as one module's source."""
        return "\n".join(self.imports) + "\n\n" + "\n\n".join(self.definitions) + "\n"


def _unparse(node: ast.stmt, notes: list[str]) -> str | None:
    try:
        return ast.unparse(node)
    except (RecursionError, ValueError):
        name = getattr(node, "name", None) or f"the statement at line {node.lineno}"
        notes.append(f"skipped {name}: nested too deeply for the grader to read it")
        return None


def answer_definitions(nb: Any) -> Definitions:
    """What notebook ``nb`` defines for graded code, by the rule of this module's docstring."""
    out = Definitions()
    imports: list[str] = []
    for cell in cells(nb):
        if not is_code(cell) or is_check_cell(cell):
            continue
        student = not is_given(cell)
        for node in top_level(source(cell)):
            if not kept(node, student):
                continue
            text = _unparse(node, out.notes)
            if text is not None:
                (imports if isinstance(node, _IMPORT) else out.definitions).append(text)
    out.imports = list(dict.fromkeys(imports))
    return out


def kernel_definitions(history: Iterable[str]) -> Definitions:
    """What the cells a kernel ran (IPython's ``In``, oldest first) define by the rule: each
    input counts as the course's when it is one of the course's cells unchanged, else as the
    student's."""
    cells_ = [{"cell_type": "code", "source": text, "metadata": {}} for text in history
              if isinstance(text, str) and text.strip()]
    return answer_definitions({"cells": cells_})


def dependencies(definitions: Iterable[str], among: Iterable[str]) -> dict[str, set[str]]:
    """For each function or class the ``definitions`` define, the names of ``among`` (the
    TODO functions) it uses, directly or through the other definitions (a helper of the
    student's), itself excepted: who to blame when a check fails."""
    among = set(among)
    direct: dict[str, set[str]] = {}
    for text in definitions:
        for node in top_level(text):
            if isinstance(node, _DEFINITION):
                direct[node.name] = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    out: dict[str, set[str]] = {}
    for name in direct:
        seen, todo = set(), [name]
        while todo:
            for used in direct.get(todo.pop(), set()) - seen:
                seen.add(used)
                todo.append(used)
        out[name] = (seen & among) - {name}
    return out


def imports(nb: Any) -> list[str]:
    """Every top-level import statement of the notebook's code cells, each once, in order."""
    found = [ast.unparse(n) for c in cells(nb) if is_code(c)
             for n in top_level(source(c)) if isinstance(n, _IMPORT)]
    return list(dict.fromkeys(found))


def given_scaffold(nb: Any) -> list[str]:
    """The definitions and literal constants of a (trusted) solution notebook's own cells:
    what a submission's answers may rely on even if the student deleted those cells."""
    return [ast.unparse(n) for c in cells(nb) if is_code(c) and not is_solution(c)
            and not is_check_cell(c) for n in top_level(source(c))
            if not isinstance(n, _IMPORT) and kept(n, student=False)]


def solution_names(nb: Any) -> list[str]:
    """Names of the functions and classes the answer cells of ``nb`` define, in order."""
    return [n.name for c in cells(nb) if is_solution(c) for n in top_level(source(c))
            if isinstance(n, _DEFINITION)]


def todo_ids(nb: Any) -> list[str]:
    """The grade ids of the answer cells (the TODO functions), in order."""
    return [str(nbgrader_meta(c).get("grade_id")) for c in cells(nb) if is_solution(c)]


def reused_notebooks(nb: Any) -> dict[str, str]:
    """The other notebooks a notebook loads with ``NAME = load_answers("FILE.ipynb")`` in its
    ordinary cells: ``{NAME: FILE.ipynb}`` (notebook 05: ``{"nb04": "04_dqn.ipynb"}``)."""
    found = {}
    for cell in cells(nb):
        if not is_code(cell) or is_solution(cell):
            continue
        for node in top_level(source(cell)):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name)
                    and node.value.func.id == "load_answers" and node.value.args
                    and isinstance(node.value.args[0], ast.Constant)
                    and isinstance(node.value.args[0].value, str)):
                found[node.targets[0].id] = node.value.args[0].value
    return found
