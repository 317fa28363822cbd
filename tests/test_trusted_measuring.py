"""A trained agent's return is computed by the judge, from the actions it took
(dqlcourse/checks/evaluation.py).

The checks that train the student's ``train_dqn`` used to compute the greedy return in the
sandbox process that had defined the student's code, so one line in an answer cell that
replaced the course's evaluation (run at definition time) bought notebook 04's training checks
with a ``train_dqn`` that learns nothing. Now the sandbox reports only the greedy policy's
actions, and the judging side replays them in the case's environment with the case's seeds.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import REPO

from autograder import grade as g
from autograder import options as opt
from autograder.examples import fill, solution_cells, with_answer
from autograder.mutants import catalogue
from dqlcourse.checks import evaluation
from dqlcourse.checks.core import Case, Check

#: Placed in the answer cell of make_q_network: kept by the grader's rule (an assignment of a
#: value), it runs when the answers are defined, before any check, and makes every greedy
#: evaluation of the course report a perfect CartPole return.
_FORGE = '''
import numpy as _np
import dqlcourse.dqn as _dqn
import dqlcourse.checks.nb04_dqn as _nb04
_perfect = lambda q_net, make_env, seeds, max_steps=100_000: _np.full(len(seeds), 500.0)
_patched = (setattr(_dqn, "evaluate_greedy", _perfect), setattr(_nb04, "evaluate_greedy", _perfect),
            setattr(_nb04, "greedy_means", lambda *a, **k: [500.0, 500.0, 500.0]))
'''

LEARNING = {"04.train_dqn", "04.train_dqn.cartpole", "04.train_dqn.hidden"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("measuring")
    sol = nbformat.read(REPO / "solutions" / "04_dqn.ipynb", as_version=4)
    rel = nbformat.read(REPO / "notebooks" / "04_dqn.ipynb", as_version=4)
    complete = fill(rel, solution_cells(sol))
    mutant = next(m for m in catalogue("04_dqn") if m.name == "forgets obs = next_obs")
    broken = with_answer(complete, mutant.function, mutant.source, mutant.added)
    q_cell = next(c for c in broken.cells if c.get("metadata", {}).get("nbgrader", {})
                  .get("grade_id") == "make_q_network")
    forged = with_answer(broken, "make_q_network", q_cell.source + "\n" + _FORGE, "")
    paths = []
    for label, nb in (("broken", broken), ("forged", forged)):
        path = root / label / "04_dqn.ipynb"
        path.parent.mkdir()
        nbformat.write(nb, path)
        paths.append(path)
    results = g.grade_many(paths, None, opt.Options(jobs=1), progress=False)
    return dict(zip(("broken", "forged"), results))


def test_replacing_the_evaluation_in_the_sandbox_buys_nothing(graded):
    broken, forged = graded["broken"], graded["forged"]
    assert broken.status == forged.status == "graded"
    lost = {gc.check.id: r.check.points - r.score for gc, r in broken.reports}
    assert all(lost[c] > 0 for c in LEARNING), lost
    assert forged.score <= broken.score, [
        (gc.check.id, r.score) for gc, r in forged.reports if gc.check.id in LEARNING]


def test_the_measured_return_is_reported_as_observed(graded):
    report = next(r for gc, r in graded["forged"].reports if gc.check.id == "04.train_dqn")
    assert "500" not in report.text()


CASE = Case("c", kwargs={"env": "corridor", "config": {}, "seeds": [0, 1], "eval_episodes": 1},
            expected={"greedy return": 0.0})


def _check() -> Check:
    from dqlcourse.checks.nb04_dqn import call_train

    return Check("x.train", "train_dqn", 1, (CASE,), call=call_train)


@pytest.mark.parametrize(("value", "words"), [
    ({"greedy return": -5.0}, "actions were not reported"),
    ({"greedy return": {"actions": [[[1]]]}}, "for the 2 trained network"),
    ({"greedy return": {"actions": [[], []]}}, "expected the actions of 1 evaluation episode"),
    ({"greedy return": {"actions": [[[]], [[]]]}}, "had not ended when its actions ran out"),
    ({"greedy return": {"actions": [[[7]], [[7]]]}}, "7 is not an action in 0..1"),
    ({"greedy return": {"actions": [[[1.0]], [[1.0]]]}}, "1.0 is not an action"),
    ({"greedy return": {"actions": [[[0] * 60], [[0] * 60]]}}, "but has more actions"),
])
def test_a_reported_play_is_checked_by_the_judge(value, words):
    out = evaluation.complete(_check(), [{"status": "ok", "value": value}])
    assert out[0]["status"] == "unscorable" and words in out[0]["message"], out


def test_the_judge_scores_what_the_actions_really_earn():
    from dqlcourse.checks.nb04_dqn import ENVS
    from dqlcourse.dqn import EVAL_SEEDS

    # always the same action never reaches the goal in the alternating corridor: the episode
    # runs to its time limit (50 steps), whatever the sandbox says it earned
    stuck = [[0] * 50]
    env = ENVS["corridor"][-1]()
    env.reset(seed=EVAL_SEEDS[0])
    earned = sum(env.step(0)[1] for _ in range(50))
    out = evaluation.complete(_check(), [{"status": "ok", "value": {
        "greedy return": {"actions": [stuck, stuck]}, "curve": None}}])
    assert out[0]["status"] == "ok" and out[0]["value"]["greedy return"] == pytest.approx(earned)


def test_a_play_replays_to_the_return_the_course_measures():
    import torch
    from torch import nn

    from dqlcourse.checks.nb04_dqn import ENVS
    from dqlcourse.dqn import EVAL_SEEDS, evaluate_greedy

    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
    make_env, seeds = ENVS["CartPole-v1"][1], EVAL_SEEDS[:3]
    direct = float(evaluate_greedy(net, make_env, seeds).mean())
    assert evaluation.replay(make_env, seeds, evaluation.play(net, make_env, seeds)) == \
        pytest.approx(direct)


def test_the_pixel_agent_is_replayed_without_its_frames():
    # Notebook 05's whole agent sees MovingDot through the student's frame functions; what an
    # action earns is the bare environment's, so the judge replays it there.
    from dqlcourse.checks.nb05_conv_dqn import PIXEL_AGENT

    case = PIXEL_AGENT.cases[0]
    [(make_env, seeds), _] = evaluation.measured(PIXEL_AGENT, case).plays(case, None)
    right = [[1, 1] for _ in seeds]  # "right" twice: earns 1 exactly when the dot goes right
    got = evaluation.replay(make_env, seeds, right)
    assert 0.2 < got < 0.8
    best = []
    for seed in seeds:
        env = make_env()
        env.reset(seed=seed)
        best.append([0, int(env._direction)])
    assert evaluation.replay(make_env, seeds, best) == 1.0


def test_an_outcome_that_is_not_a_result_passes_through():
    kept = [{"status": "not_implemented"}]
    assert evaluation.complete(_check(), kept) == kept
