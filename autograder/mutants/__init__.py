"""Catalogues of typical student mistakes, written as mutants of the reference functions.

Each notebook has a module named after it (``nb01_random_agent``) with a ``MUTANTS`` tuple.
``tests/test_course.py`` grades every mutant and fails unless it loses points on each check
it names: this is how the course proves its checks can fail. The example "half-done"
submission of ``make demo`` is built from mutants too.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """A plausible wrong version of one student function.

    Attributes:
        name: the mistake, in a student's words.
        function: the function it replaces.
        source: the complete wrong definition.
        loses: ids of the checks that must score below full marks on it.
    """

    name: str
    function: str
    source: str
    loses: tuple[str, ...]


def catalogue(notebook: str) -> tuple[Mutant, ...]:
    """The mutants of ``notebook`` (its stem, e.g. ``"01_random_agent"``)."""
    return importlib.import_module(f"autograder.mutants.nb{notebook}").MUTANTS
