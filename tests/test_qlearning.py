"""Notebook 03's helpers (dqlcourse.qlearning) and the statistics of its epsilon-greedy checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import REPO

from autograder.notebooks import find_checks, read_notebook
from dqlcourse.checks import nb03_q_learning as nb03
from dqlcourse.checks.core import EQUAL, Case, Compare, compare
from dqlcourse.checks.evaluation import observed
from dqlcourse.envs import make
from dqlcourse.mdp import from_env, optimal_q
from dqlcourse.qlearning import QLearningConfig, greedy_success, q_gap


def _kl(a: float, b: float) -> float:
    """KL divergence between Bernoulli(a) and Bernoulli(b)."""
    terms = [(a, b), (1 - a, 1 - b)]
    return sum(x * math.log(x / y) for x, y in terms if x > 0)


def chernoff_false_fail(probabilities: list[float], n: int, sigmas: float) -> float:
    """Upper bound on P(some count leaves its +-sigmas band) for a correct sampler:
    sum over actions of the Chernoff-Hoeffding bounds exp(-n KL) of both tails."""
    total = 0.0
    for p in probabilities:
        if p in (0.0, 1.0):
            continue  # deterministic: a correct sampler never leaves the band
        band = sigmas * math.sqrt(p * (1 - p) / n)
        for q in (p + band, p - band):
            if 0.0 < q < 1.0:
                total += math.exp(-n * _kl(q, p))
    return total


def _frequency_cases():
    checks = [nb03.EPSILON_GREEDY]
    solution = read_notebook(REPO / "solutions" / "03_q_learning.ipynb")
    checks += [g.check for g in find_checks(solution) if g.check.id == "03.epsilon_greedy.hidden"]
    return [(c, case) for c in checks for case in c.cases
            if case.compare.get("draws", EQUAL).kind == "uniform"]


def test_epsilon_greedy_checks_fail_a_correct_function_with_probability_below_1e_6():
    cases = _frequency_cases()
    assert len(cases) >= 5
    total = sum(chernoff_false_fail(case.expected["draws"], case.kwargs["draws"],
                                    case.compare["draws"].sigmas) for _, case in cases)
    assert total < 1e-6, total


def test_epsilon_greedy_checks_can_tell_exploration_over_all_actions_from_the_others():
    # explore-among-non-greedy-actions shifts P(greedy) by eps/A: more than the band
    case = next(case for _, case in _frequency_cases() if case.kwargs["epsilon"] == 0.2)
    n, p = case.kwargs["draws"], max(case.expected["draws"])
    shift = case.kwargs["epsilon"] / len(case.kwargs["q"])
    assert shift * n > 1.5 * 6 * math.sqrt(n * p * (1 - p))


def _reference_epsilon_greedy(q, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q)))
    return int(rng.choice(np.flatnonzero(q == q.max())))


def test_action_count_adapter_reports_the_raw_draws_and_reproducibility():
    """The adapter counts and judges nothing: the trusted side does, from the draws."""
    case = Case("x", kwargs={"q": [0.0, 1.0, 1.0], "epsilon": 0.3, "seed": 0, "draws": 300})
    draws = Compare("draws", categories=3, draws=300)
    raw = nb03.call_action_counts(_reference_epsilon_greedy, case)
    assert set(raw) == {"draws", "again", "types"}  # observations only
    out = observed(nb03.call_action_counts, _reference_epsilon_greedy, case)
    assert len(out["draws"]) == 300 and out["reproducible"]
    assert compare(draws, None, out["draws"]) is None
    out = observed(nb03.call_action_counts, lambda q, e, rng: int(np.random.randint(3)), case)
    assert not out["reproducible"]
    out = nb03.call_action_counts(lambda q, e, rng: 1.0, case)
    assert "draw 0 was 1.0 (float), not an action in 0..2" in compare(draws, None, out["draws"])


def test_config_defaults_and_copy():
    config = QLearningConfig()
    assert config.episodes > 0 and 0 < config.gamma < 1 and config.alpha_end <= config.alpha_start
    assert QLearningConfig(**{**vars(config), "seed": 3}).seed == 3


def test_greedy_success_and_gap_on_frozenlake():
    lake = from_env(make("FrozenLake-v1"))
    Q_star = optimal_q(lake, 0.99)
    assert greedy_success(lake, Q_star, horizon=100) == pytest.approx(0.7402, abs=5e-4)
    assert greedy_success(lake, np.zeros((16, 4)), horizon=100) == 0.0  # always left
    assert q_gap(Q_star, Q_star, lake) == 0.0
    Q = Q_star.copy()
    Q[0, 0] += 0.5
    Q[5, 0] += 9.0  # a terminal state: ignored
    assert q_gap(Q, Q_star, lake) == pytest.approx(0.5)
    assert q_gap(Q, Q_star, lake, "mean") == pytest.approx(0.5 / (11 * 4))
    with pytest.raises(ValueError):
        q_gap(Q, Q_star, lake, "median")


def test_action_count_adapter_reports_the_actions_types():
    case = Case("x", kwargs={"q": [0.0, 1.0, 1.0], "epsilon": 0.5, "seed": 0, "draws": 100})
    assert nb03.call_action_counts(_reference_epsilon_greedy, case)["types"] == ["int"]
    numpy_ints = nb03.call_action_counts(lambda q, e, rng: rng.integers(len(q)), case)
    assert numpy_ints["types"] == ["int64"]
    assert compare(Compare("draws", categories=3, draws=100), None, numpy_ints["draws"]) is None


def _train(seeded: bool):
    def train(env, config, callback=None):
        rng = np.random.default_rng(config.seed if seeded else None)
        Q = np.zeros((env.observation_space.n, env.action_space.n))
        returns = []
        for episode in range(config.episodes):
            env.reset(seed=config.seed if episode == 0 else None)
            action = _reference_epsilon_greedy(Q[0], config.eps_start, rng)
            _, reward, *_ = env.step(action)
            Q[0, action] += 0.5 * (reward - Q[0, action])
            returns.append(reward)
            if callback is not None:
                callback(episode, Q)
        return Q, returns
    return train


def test_training_adapter_tells_a_seeded_agent_from_an_unseeded_one():
    case = next(c for c in nb03.TRAIN_Q_LEARNING.cases if c.kwargs.get("repeat"))
    assert "reproducible" not in nb03.call_training(_train(seeded=True), case)  # judged outside
    assert observed(nb03.call_training, _train(seeded=True), case)["reproducible"]
    assert not any(observed(nb03.call_training, _train(seeded=False), case)["reproducible"]
                   for _ in range(20))
