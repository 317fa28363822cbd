"""Reuse the functions you wrote in an earlier notebook, without copying them.

Notebook 05 trains with notebook 04's replay buffer, losses and training loop. Rather than
pasting them, it loads them from ``04_dqn.ipynb`` next to it::

    nb04 = load_answers("04_dqn.ipynb")
    buffer = nb04.ReplayBuffer(10_000, (4, 20, 60), dtype=np.uint8)

What is taken is what the graders take from a submission, by the one rule of
:mod:`dqlcourse.cells`: imports, function and class definitions, and the constants of your
answer cells and of the cells you added; no demo, training or plotting statement of the other
notebook runs.
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dqlcourse import cells

#: The attribute of a namespace :func:`load_answers` returns that names its notebook file (the
#: checks that train with it blame its functions by it: :mod:`dqlcourse.checks.reused`).
NOTEBOOK_ATTRIBUTE = "__notebook__"

COLAB_HINT = (
    "In Colab: open the Files panel (folder icon on the left), upload your completed "
    "04_dqn.ipynb (File > Download > Download .ipynb in its own tab), and run this cell again; "
    "or mount Google Drive and pass its folder: load_answers('04_dqn.ipynb', folder='/content/"
    "drive/MyDrive/...')."
)


def define(statements: list[str], namespace: dict, filename: str = "<answers>") -> list[str]:
    """Run each statement in ``namespace`` on its own, as the grader's sandbox does; one that
    raises is skipped. Returns what was skipped and why, one line each."""
    failed = []
    for statement in statements:
        try:
            exec(compile(statement, filename, "exec"), namespace)
        except Exception as exc:  # noqa: BLE001 - the student's code: say what failed, go on
            first = statement.strip().splitlines()[0][:60] if statement.strip() else ""
            failed.append(f"{first}: {type(exc).__name__}: {exc}"[:200])
    return failed


def define_notebook(nb: Any, module: str, filename: str = "<answers>") -> tuple[dict, list[str]]:
    """A fresh namespace (named ``module``) holding what notebook ``nb`` defines by the course's
    one rule (:func:`dqlcourse.cells.answer_definitions`), run by :func:`define`; and what was
    skipped."""
    namespace: dict = {"__name__": module}
    found = cells.answer_definitions(nb)
    return namespace, define(found.imports + found.definitions, namespace, filename)


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
    """Load the answers of another course notebook (what :mod:`dqlcourse.cells` defines).

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
    namespace, failed = define_notebook(nb, f"answers_{Path(name).stem}", str(path))
    if not quiet:
        print(f"Loaded from {path.name}: {', '.join(cells.solution_names(nb))}")
        for line in failed:
            print(f"  (skipped: {line})")
    public = {k: v for k, v in namespace.items() if not k.startswith("__")}
    loaded = types.SimpleNamespace(**public)
    setattr(loaded, NOTEBOOK_ATTRIBUTE, Path(name).name)  # its checks blame across notebooks
    return loaded
