"""Tabular Q-learning support for notebook 03: the agent's configuration and exact evaluation.

The learning code itself (epsilon-greedy, the update, the schedule, the training loop) is what
students write in notebook 03; this module only holds its typed configuration and the tools to
measure a Q-table against the exact MDP (:mod:`dqlcourse.mdp`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dqlcourse.mdp import TabularMDP, expected_return


@dataclass
class QLearningConfig:
    """Hyperparameters of tabular Q-learning (and of SARSA in the optional section).

    Attributes:
        episodes: number of training episodes.
        gamma: discount factor.
        alpha_start: learning rate of the first episode.
        alpha_end: learning rate of the last episode; the rate decays linearly over
            ``episodes`` (set both equal for a constant rate).
        eps_start: exploration rate of the first episode.
        eps_end: exploration rate after ``eps_decay_episodes`` episodes.
        eps_decay_episodes: episodes over which epsilon decays linearly.
        seed: seeds the agent's ``np.random.Generator`` and the first ``env.reset``.
    """

    episodes: int = 2000
    gamma: float = 0.99
    alpha_start: float = 0.2
    alpha_end: float = 0.01
    eps_start: float = 1.0
    eps_end: float = 0.05
    eps_decay_episodes: int = 1000
    seed: int = 0


def greedy_success(mdp: TabularMDP, Q: np.ndarray, horizon: int) -> float:
    """Exact expected undiscounted return of the greedy policy of ``Q`` over ``horizon`` steps.

    Ties go to the smallest action index. On FrozenLake this is the probability of reaching
    the goal within the time limit. ``Q`` has shape ``(S, A)``.
    """
    return expected_return(mdp, np.argmax(np.asarray(Q), axis=1), horizon)


def q_gap(Q: np.ndarray, Q_star: np.ndarray, mdp: TabularMDP, reduce: str = "max") -> float:
    """Distance ``|Q(s, a) - Q*(s, a)|`` over the non-terminal states (terminal values never
    change), reduced by ``"max"`` or ``"mean"``. ``Q`` and ``Q_star`` have shape ``(S, A)``."""
    live = ~mdp.terminal
    gap = np.abs(np.asarray(Q)[live] - Q_star[live])
    if reduce not in ("max", "mean"):
        raise ValueError(f"reduce must be 'max' or 'mean', got {reduce!r}")
    return float(gap.max() if reduce == "max" else gap.mean())
