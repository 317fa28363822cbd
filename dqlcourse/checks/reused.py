"""Blame across notebooks: a check that trains with another notebook's answers names the
functions there that fail their own checks.

Notebook 05's whole-agent check trains a pixel agent with the student's notebook-04
``ReplayBuffer`` and ``train_dqn``. When it fails because of them, the student should hear
which notebook-04 function to fix rather than be told to look at ``ConvQNetwork``. Both the
notebook's own check (:func:`dqlcourse.checks.kernel.run_check`, in the student's kernel) and the
sandboxed grader (:mod:`autograder.grade`, in a sandbox of their own) run the other notebook's
*visible* checks on those answers, only after such a check failed, and name the functions that
fail with :func:`note`: the same checks on the same answers, so both say the same. It costs a few
seconds, and only then.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dqlcourse.checks.core import Check, Report, faulty_functions
from dqlcourse.reuse import NOTEBOOK_ATTRIBUTE


def visible_checks(notebook: str) -> tuple[Check, ...]:
    """The visible checks of a course notebook (``"04_dqn.ipynb"``): its module's ``CHECKS``."""
    module = importlib.import_module(f"dqlcourse.checks.nb{Path(notebook).stem}")
    return tuple(module.CHECKS)


def failing_functions(reports: Iterable[Report]) -> list[str]:
    """The functions whose checks among ``reports`` lose points, each once, in order."""
    return list(dict.fromkeys(r.check.function for r in reports if r.score < r.check.points))


def note(function: str, notebook: str, faulty: Iterable[str]) -> str:
    """The note on a failing check of ``function`` whose run used the functions ``faulty`` of
    ``notebook``, which fail their own checks there (empty if none)."""
    names = list(faulty)
    if not names:
        return ""
    listed, which, them = faulty_functions(names)
    return (f"`{function}`'s check trains with your {listed} from {notebook}, {which} there: "
            f"fix {them} in {notebook} first, then run this check again.")


def in_process(check: Check, uses: dict[str, Any],
               run: Callable[[Check, Callable], Report]) -> str:
    """The note for a failing ``check`` run in this process with ``uses`` (the notebook's own
    check): every loaded notebook among them gets its visible checks run by ``run(check, fn)``
    on the functions it defines."""
    notes = []
    for value in uses.values():
        notebook = getattr(value, NOTEBOOK_ATTRIBUTE, None)
        if not isinstance(notebook, str):
            continue
        reports = [run(c, getattr(value, c.function)) for c in visible_checks(notebook)
                   if callable(getattr(value, c.function, None))]
        notes.append(note(check.function, notebook, failing_functions(reports)))
    return " ".join(n for n in notes if n)
