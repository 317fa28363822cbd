"""Catalogues of typical student mistakes, written as mutants of the reference functions.

Each notebook has a module named after it (``nb01_random_agent``) with a ``MUTANTS`` tuple.
``tests/test_course.py`` grades every mutant and fails unless it loses points on each check
it names: this is how the course proves its checks can fail. The example "half-done"
submission of ``make demo`` is built from mutants too.

Most mistakes are one or a few lines changed in the reference answer: those are written with
:func:`edit`, as ``{old: new}`` replacements of the reference answer cell of
``solutions/NN_name.ipynb``, so they follow the reference when it changes and fail loudly when
it no longer contains the text they change (``tests/test_mutants_edits.py``). Only genuine
alternative implementations (a list-based buffer, a loop instead of a product) are written out
in full.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """A plausible wrong version of one student function.

    Attributes:
        name: the mistake, in a student's words.
        function: the function it replaces.
        source: the complete wrong definition.
        loses: ids of the checks that must score below full marks on it.
        edits: for a mutant written with :func:`edit`, its ``(old, new)`` replacements of the
            reference answer cell; ``()`` for one written out in full.
        notebook: for a mutant written with :func:`edit`, the notebook of the reference
            (its stem, e.g. ``"04_dqn"``); ``""`` otherwise.
        added: a code cell the student inserted before the answer cell ("" if none).
    """

    name: str
    function: str
    source: str
    loses: tuple[str, ...]
    edits: tuple[tuple[str, str], ...] = ()
    notebook: str = ""
    added: str = ""


class EditError(ValueError):
    """An edit mutant whose text to replace is not exactly once in the reference."""


@functools.cache
def _reference_cells(notebook: str) -> dict[str, str]:
    """Name -> the reference answer cell (markers stripped) that defines it, for ``notebook``."""
    # Imported here: importing the catalogues stays cheap.
    from autograder.notebooks import SOLUTIONS, read_notebook, solution_cells
    from dqlcourse.cells import defined_names

    by_name: dict[str, str] = {}
    for text in solution_cells(read_notebook(SOLUTIONS / f"{notebook}.ipynb")).values():
        for name in defined_names(text):
            by_name[name] = text
    return by_name


def reference(notebook: str, function: str) -> str:
    """The reference answer cell of ``notebook`` that defines ``function`` (markers stripped)."""
    cells = _reference_cells(notebook)
    if function not in cells:
        raise EditError(f"no answer cell of solutions/{notebook}.ipynb defines {function!r}")
    return cells[function]


def apply_edits(name: str, reference_text: str, edits: tuple[tuple[str, str], ...]) -> str:
    """``reference_text`` with each ``old`` (found exactly once) replaced by its ``new``, in order."""
    text = reference_text
    for old, new in edits:
        count = text.count(old)
        if count != 1:
            where = "not found" if count == 0 else f"found {count} times"
            raise EditError(f"mutant {name!r}: the text to replace is {where} in the "
                            f"reference:\n{old}")
        text = text.replace(old, new)
    return text


class EditedMutant(Mutant):
    """A :class:`Mutant` written as an edit of the reference; its ``source`` is computed (and
    the reference read) on first use."""

    def __init__(self, name: str, function: str, edits: tuple[tuple[str, str], ...],
                 loses: tuple[str, ...], notebook: str) -> None:
        for key, value in (("name", name), ("function", function), ("loses", tuple(loses)),
                           ("edits", tuple(edits)), ("notebook", notebook), ("added", "")):
            object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        return (f"EditedMutant(name={self.name!r}, function={self.function!r}, "
                f"edits={self.edits!r}, loses={self.loses!r}, notebook={self.notebook!r})")

    @functools.cached_property
    def source(self) -> str:  # type: ignore[override]
        return apply_edits(self.name, reference(self.notebook, self.function), self.edits)


def edit(name: str, function: str, edits: Mapping[str, str], loses: tuple[str, ...], *,
         notebook: str) -> Mutant:
    """A mutant that is the reference answer cell defining ``function`` in
    ``solutions/{notebook}.ipynb`` with each ``old`` text of ``edits`` (which must occur exactly
    once, checked when the source is first used) replaced by its new text, in order."""
    if not edits:
        raise EditError(f"mutant {name!r}: an edit needs at least one replacement")
    return EditedMutant(name, function, tuple(edits.items()), loses, notebook)


def catalogue(notebook: str) -> tuple[Mutant, ...]:
    """The mutants of ``notebook`` (its stem, e.g. ``"01_random_agent"``): the course's own
    (``nbNN_name``), then a blind examiner's (``blind_nbNN_name``: written by someone who read
    only the student notebook)."""
    own = importlib.import_module(f"autograder.mutants.nb{notebook}").MUTANTS
    try:
        blind = importlib.import_module(f"autograder.mutants.blind_nb{notebook}").MUTANTS
    except ModuleNotFoundError:
        blind = ()
    return tuple(own) + tuple(blind)
