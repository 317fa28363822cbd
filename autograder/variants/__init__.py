"""Catalogues of correct answers in other styles than the reference, one module per notebook.

Each notebook has a module named after it (``nb01_random_agent``) with a ``VARIANTS`` tuple.
They were written by a blind examiner: someone who read only the student notebook (its text
and stubs), never the checks, the hidden tests or the mutants. Every variant must get full
marks from every grader, identically: the checks in process (``tests/test_variants.py``), the
standalone grader and nbgrader, which runs the notebook's own check cells
(``tests/test_grader_parity.py``, with the ``other_style_*`` examples of
:mod:`autograder.examples`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """A correct answer cell written in another style than the reference.

    Attributes:
        name: the style, in a few words.
        function: the TODO function (or class) it answers.
        source: the whole answer cell: the definition, and whatever helpers, constants or
            imports the style needs.
        added: a code cell the student inserted just before the answer cell ("" if none).
    """

    name: str
    function: str
    source: str
    added: str = ""


def catalogue(notebook: str) -> tuple[Variant, ...]:
    """The variants of ``notebook`` (its stem, e.g. ``"01_random_agent"``)."""
    return importlib.import_module(f"autograder.variants.nb{notebook}").VARIANTS
