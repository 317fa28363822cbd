"""Reuse the functions you wrote in an earlier notebook, without copying them.

Notebook 05 trains with notebook 04's replay buffer, losses and training loop. Rather than
pasting them, it loads them from ``04_dqn.ipynb`` next to it::

    nb04 = load_answers("04_dqn.ipynb")
    buffer = nb04.ReplayBuffer(10_000, (4, 20, 60), dtype=np.uint8)

Only the answer cells are taken (the cells with your TODO functions, nbgrader ``solution``
metadata) and, from every cell, the import statements: no demo, training or plotting cell of
the other notebook runs. :func:`answer_source` is the one extractor the course uses: the
graders (``autograder.notebooks``) take a submission's answers the same way.
"""

from __future__ import annotations

import ast
import json
import types
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

COLAB_HINT = (
    "In Colab: open the Files panel (folder icon on the left), upload your completed "
    "04_dqn.ipynb (File > Download > Download .ipynb in its own tab), and run this cell again; "
    "or mount Google Drive and pass its folder: load_answers('04_dqn.ipynb', folder='/content/"
    "drive/MyDrive/...')."
)


def _cells(nb: Any) -> list:
    cells = nb["cells"] if isinstance(nb, Mapping) else nb.cells
    return list(cells)


def _field(cell: Any, key: str, default: Any = None) -> Any:
    return cell.get(key, default) if isinstance(cell, Mapping) else getattr(cell, key, default)


def _source(cell: Any) -> str:
    source = _field(cell, "source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _nbgrader(cell: Any) -> dict:
    meta = _field(cell, "metadata", {}) or {}
    nbg = meta.get("nbgrader", {}) if isinstance(meta, Mapping) else {}
    return nbg if isinstance(nbg, Mapping) else {}


def _top_level(source: str) -> list[ast.stmt]:
    try:
        return list(ast.parse(source).body)
    except SyntaxError:
        return []


def answer_source(nb: Any) -> str:
    """The code a notebook's answers need: every top-level import of every code cell, and the
    function and class definitions of its solution cells (nbgrader ``solution`` metadata).

    Args:
        nb: a notebook, as ``nbformat`` returns it or as plain JSON (a dict with ``"cells"``).

    Returns:
        Python source: the imports (each once, in order), a blank line, the definitions.
        Cells that do not parse are skipped.
    """
    imports, definitions = [], []
    for cell in _cells(nb):
        if _field(cell, "cell_type") != "code":
            continue
        is_solution = bool(_nbgrader(cell).get("solution"))
        for node in _top_level(_source(cell)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.append(ast.unparse(node))
            elif is_solution and isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                definitions.append(ast.unparse(node))
    return "\n".join(dict.fromkeys(imports)) + "\n\n" + "\n\n".join(definitions) + "\n"


def solution_names(nb: Any) -> list[str]:
    """Names of the functions and classes the solution cells of ``nb`` define, in order."""
    names = []
    for cell in _cells(nb):
        if _field(cell, "cell_type") == "code" and _nbgrader(cell).get("solution"):
            names += [n.name for n in _top_level(_source(cell))
                      if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    return names


def _missing(name: str, message: str):
    def stub(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(message)
    stub.__name__ = stub.__qualname__ = name
    stub.__code__ = stub.__code__.replace(co_name=name)  # tracebacks (and skip messages) name it
    return stub


class MissingAnswers(types.SimpleNamespace):
    """Stands in for a notebook that could not be found: every attribute is a function that
    raises ``NotImplementedError`` with instructions, so cells wrapped in
    ``until_implemented()`` skip politely instead of crashing."""

    def __init__(self, message: str):
        super().__init__()
        object.__setattr__(self, "_message", message)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _missing(name, object.__getattribute__(self, "_message"))


def find_notebook(name: str, folder: str | Path | None = None,
                  search: Iterable[str | Path] = (".",)) -> Path | None:
    """The path of notebook ``name`` in ``folder`` (or in the ``search`` folders), else None.

    Each folder is looked at first, then the folder named after the notebook beside it:
    nbgrader's layout, where ``<student>/05_conv_dqn/`` has ``<student>/04_dqn/04_dqn.ipynb``
    next to it.
    """
    folders = [Path(folder)] if folder is not None else [Path(f) for f in search]
    for f in folders:
        for path in candidates(name, f.resolve()):
            if path.is_file():
                return path.resolve()
    return None


def candidates(name: str, folder: Path) -> list[Path]:
    """Where notebook ``name`` may lie for a notebook in ``folder``, in the order looked at:
    ``folder`` itself, then nbgrader's layout (the folder named after the notebook beside
    ``folder``)."""
    folder = Path(folder)
    return [folder / name, folder.parent / Path(name).stem / name]


def load_answers(name: str = "04_dqn.ipynb", folder: str | Path | None = None,
                 quiet: bool = False) -> types.SimpleNamespace:
    """Load the answers (imports + solution-cell definitions) of another course notebook.

    Jupyter runs a notebook in its own folder, so ``load_answers("04_dqn.ipynb")`` finds the
    notebook 04 that sits next to this one: your own in ``notebooks/``, the reference in
    ``solutions/``. Functions you have not written yet raise ``NotImplementedError``, as they
    do in notebook 04.

    Args:
        name: the file name of the notebook.
        folder: where to look; the current folder by default.
        quiet: do not print what was loaded.

    Returns:
        A namespace whose attributes are the notebook's functions and classes (and its
        imports). If the notebook is not found, a :class:`MissingAnswers` whose functions raise
        ``NotImplementedError`` saying how to make the notebook available (and a message is
        printed).
    """
    path = find_notebook(name, folder)
    if path is None:
        where = Path(folder) if folder is not None else Path.cwd()
        message = (f"{name} was not found in {where} (nor in ../{Path(name).stem}/). "
                   f"{COLAB_HINT}")
        print(message)
        return MissingAnswers(message)
    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": f"answers_{Path(name).stem}"}
    exec(compile(answer_source(nb), str(path), "exec"), namespace)
    names = solution_names(nb)
    if not quiet:
        print(f"Loaded from {path.name}: {', '.join(names)}")
    public = {k: v for k, v in namespace.items() if not k.startswith("__")}
    return types.SimpleNamespace(**public)
