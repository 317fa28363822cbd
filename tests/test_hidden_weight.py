"""The points that matter rest on the hidden checks (issue 15).

A visible check's inputs and expected values are published in the student notebook, so code
can special-case them. So, for every TODO function, its hidden check tests each property of its
visible checks with other inputs, and carries at least as many points:

* per function, the hidden points are at least the visible points, behavioural checks (whose
  inputs are the seeds of whole training runs) apart;
* every mistake of the catalogues (``autograder/mutants``, the course's and the blind
  examiners') that costs points in a visible check of its function costs points in that
  function's hidden check too: its ``loses`` names both, and ``tests/test_course.py`` grades
  each one it names. ``benchmarks/hidden_share.py`` measures the same thing by grading every
  mutant on every check of its function.
"""

from __future__ import annotations

import pytest
from conftest import NAMES, REPO

from autograder.mutants import catalogue
from autograder.notebooks import find_checks, read_notebook

#: Checks whose case is a whole training run judged by its return: they keep their points.
BEHAVIOURAL = {"04.train_dqn.cartpole", "05.ConvQNetwork.learns", "05.pixel_agent"}


def _checks(name):
    return {g.check.id: g for g in find_checks(read_notebook(REPO / "solutions" / f"{name}.ipynb"))}


@pytest.mark.parametrize("name", NAMES)
def test_every_function_has_at_least_as_many_hidden_points_as_visible(name):
    points: dict[str, list[float]] = {}
    for check_id, graded in _checks(name).items():
        if check_id not in BEHAVIOURAL:
            points.setdefault(graded.check.function, [0.0, 0.0])[graded.check.hidden] += graded.points
    for function, (visible, hidden) in points.items():
        assert hidden >= visible > 0, (function, visible, hidden)


@pytest.mark.parametrize("name", NAMES)
def test_a_mistake_the_visible_checks_catch_costs_hidden_points_too(name):
    checks = _checks(name)
    missed = []
    for mutant in catalogue(name):
        named = [checks[c].check for c in mutant.loses if c in checks]
        for check in named:
            if check.hidden or check.id in BEHAVIOURAL:
                continue
            if not any(o.hidden and o.function == check.function for o in named):
                missed.append(f"{mutant.name!r} loses {check.id} but no hidden check of "
                              f"{check.function}")
    assert not missed, "\n".join(missed)
