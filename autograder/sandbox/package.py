"""The course package as the sandbox sees it: without the visible checks' expected values.

Student code runs in the sandbox with the course package importable (the checks' adapters and
the environments live there), and code that runs at definition time can replace anything in
the worker's process, an adapter among them. If the expected values of the visible checks were
importable there too, one generic snippet could answer every visible case with them and score
the visible checks' points with no solution at all. So the sandbox gets a copy of the package in
which every ``Case(...)`` of the checks' modules has its expected values (``expected``,
``expected_quick``) replaced by ``None``: the grader judges against its own copy, outside.

What this does not prevent: a submission that hard-codes the values a visible check's
feedback showed it. That special-casing is in code an instructor can read; the points that
matter rest on hidden checks, whose inputs and expected values never enter the sandbox.
"""

from __future__ import annotations

import ast
import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

#: The keyword arguments of ``Case`` that hold expected values.
EXPECTED_KEYWORDS = ("expected", "expected_quick")


class _Blank(ast.NodeTransformer):
    """``Case(..., expected=X, expected_quick=Y)`` -> ``Case(..., expected=None, ...)``."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "Case":
            for keyword in node.keywords:
                if keyword.arg in EXPECTED_KEYWORDS:
                    keyword.value = ast.copy_location(ast.Constant(None), keyword.value)
        return node


def blank_expected(source: str) -> str:
    """``source`` with the expected values of every ``Case(...)`` call replaced by ``None``."""
    tree = _Blank().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def write_sandbox_package(package: Path, dest: Path) -> Path:
    """Copy the course package ``package`` to ``dest`` (no compiled files), with the expected
    values blanked in its checks' modules (``checks/*.py``). Returns ``dest``."""
    shutil.copytree(package, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for path in sorted((dest / "checks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "Case(" in text:
            path.write_text(blank_expected(text), encoding="utf-8")
    return dest


@functools.cache
def sandbox_package(package: Path) -> Path:
    """This grader process's sandbox copy of the course package ``package``
    (:func:`write_sandbox_package`), readable by the sandboxes' uids and removed when the
    process exits: what every sandbox sees at ``package``'s path."""
    folder = Path(tempfile.mkdtemp(prefix="dqlcourse-sandbox-package-"))
    atexit.register(shutil.rmtree, folder, True)
    dest = write_sandbox_package(package, folder / package.name)
    for path in [folder, *dest.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return dest
