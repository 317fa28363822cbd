"""The facts a case compares are computed by the judge, from what the adapter observed
(dqlcourse/checks/evaluation.py, :class:`~dqlcourse.checks.evaluation.Derived`).

Adapters used to compute facts such as "every sampled row is one stored transition", "two runs
with one seed agree" or "the actions are ints" in the sandbox process that had defined the
student's code, so an answer cell that patched the course's instruments there at definition
time (a module's ``int``, ``any``, or the helper that decodes sampled rows) bought those cases
with code that gets them wrong. Now adapters report observations only, and every fact is
derived on the judging side.
"""

from __future__ import annotations

import inspect

import nbformat
import pytest
from conftest import REPO

from autograder import grade as g
from autograder import options as opt
from autograder.examples import fill, solution_cells, with_answer
from autograder.mutants import catalogue
from autograder.notebooks import find_checks, read_notebook
from dqlcourse.checks import evaluation
from dqlcourse.checks.core import judge, resolve

#: Boolean outputs an adapter may report as it observed them (a tensor's ``requires_grad``, an
#: episode's flags as the student's code returned them) or computes in its own process because
#: its inputs are too large to hand over (the spec's forward pass on a full-size network's
#: weights: dqlcourse/checks/nb05_conv_dqn.py says so).
OBSERVED_FLAGS = {"requires_grad", "target_requires_grad", "terminated", "truncated",
                  "matches_spec_forward"}

NAMES = ["01_random_agent", "02_value_iteration", "03_q_learning", "04_dqn", "05_conv_dqn"]


def _fact_cases():
    for name in NAMES:
        for graded in find_checks(read_notebook(REPO / "solutions" / f"{name}.ipynb")):
            for case in graded.check.cases:
                flags = sorted(k for k, v in (case.expected or {}).items()
                               if isinstance(v, bool) and k not in OBSERVED_FLAGS) \
                    if isinstance(case.expected, dict) else []
                if flags:
                    yield pytest.param(graded.check, case, flags,
                                       id=f"{graded.check.id}: {case.name[:40]}")


@pytest.mark.parametrize(("check", "case", "flags"), list(_fact_cases()))
def test_every_fact_a_case_compares_is_derived_by_the_judge(check, case, flags):
    """Each yes/no fact a case expects is computed from observations on the judging side: the
    adapter names how (its ``measured`` attribute), and its own report does not hold it."""
    spec = evaluation.measured(check, case)
    assert isinstance(spec, evaluation.Derived), f"{case.call or check.call} derives nothing"
    source = inspect.getsource(resolve(case.call or check.call))
    for flag in flags:
        assert f'"{flag}"' not in source, f"the adapter itself reports {flag!r}"


#: Answer-cell lines kept by the grader's rule (assignments run when the answers are defined,
#: before any check) that patch the course's instruments in the sandbox process: the helpers
#: that once decoded a sampled row (old name and new), and the builtins ``int`` and ``any`` as
#: the adapters' modules see them.
_PATCH_03 = '''
import dqlcourse.checks.nb03_q_learning as _m03
_patched = setattr(_m03, "int", lambda a: 0)
'''
_PATCH_04 = '''
import numpy as _np
import dqlcourse.checks.nb04_dqn as _m04
def _ids(batch, *rest):
    o = _np.asarray(batch.obs if hasattr(batch, "obs") else batch["obs"], dtype=float)
    return _np.round(o.reshape(len(o), -1)[:, 0] - 0.5).astype(int)
_patched = (setattr(_m04, "_transition_ids", _ids), setattr(_m04, "transition_ids", _ids),
            setattr(_m04, "any", lambda xs: False))
'''

#: notebook, its mistakes (each costs one fact case only), the patch, the checks compared
SCENARIOS = {
    "03_q_learning": (["draws from np.random instead of the rng it is given"], _PATCH_03,
                      ["03.epsilon_greedy"]),
    "04_dqn": (["one `done` flag: stores terminated or truncated in both",
                "forward pass with gradient tracking"], _PATCH_04,
               ["04.ReplayBuffer", "04.epsilon_greedy"]),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts")
    paths, labels = [], []
    for name, (mistakes, patch, _) in SCENARIOS.items():
        sol = nbformat.read(REPO / "solutions" / f"{name}.ipynb", as_version=4)
        rel = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        broken = fill(rel, solution_cells(sol))
        for mistake in mistakes:
            mutant = next(m for m in catalogue(name) if m.name == mistake)
            broken = with_answer(broken, mutant.function, mutant.source, mutant.added)
        first = mutant.function
        cell = next(c for c in broken.cells if c.get("metadata", {}).get("nbgrader", {})
                    .get("grade_id") == first)
        forged = with_answer(broken, first, cell.source + "\n" + patch, "")
        for label, nb in (("broken", broken), ("forged", forged)):
            path = root / f"{name}-{label}" / f"{name}.ipynb"
            path.parent.mkdir()
            nbformat.write(nb, path)
            paths.append(path)
            labels.append((name, label))
    results = g.grade_many(paths, None, opt.Options(jobs=1, max_check_seconds=30.0),
                           progress=False)
    return dict(zip(labels, results))


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_patching_the_instruments_in_the_sandbox_buys_nothing(graded, name):
    broken, forged = graded[(name, "broken")], graded[(name, "forged")]
    assert broken.status == forged.status == "graded", (broken.notes, forged.notes)
    for check_id in SCENARIOS[name][2]:
        scores = [next(r.score for gc, r in result.reports if gc.check.id == check_id)
                  for result in (broken, forged)]
        points = next(gc.points for gc, _ in broken.reports if gc.check.id == check_id)
        assert scores[0] < points, (check_id, "the mistake must cost points")
        assert scores[1] <= scores[0], (check_id, scores)


def test_observations_that_cannot_be_read_fail_in_the_course_words():
    from dqlcourse.checks.nb04_dqn import REPLAY_BUFFER

    case = REPLAY_BUFFER.cases[1]
    out = evaluation.complete(REPLAY_BUFFER, [{"status": "ok", "value": {"len": 3}}] * 5)
    assert out[1]["status"] == "unscorable", out[1]
    result = judge(REPLAY_BUFFER, out).results[1]  # a failure, with the case's hint
    assert result.status == "failed" and "could not be read (KeyError)" in result.message
    assert result.hint == case.hint
