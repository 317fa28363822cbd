"""Notebooks 02-03: Q-value iteration speed and tabular Q-learning quality on FrozenLake-v1.

Runs the *reference solutions* (the answer cells of ``solutions/02_value_iteration.ipynb`` and
``solutions/03_q_learning.ipynb``, extracted the way the grader does) next to named baselines:

1. Q-value iteration to tol 1e-8 (vectorised reference) versus a plain-Python loop backup, and
   the course's exact solver (policy iteration, ``dqlcourse.mdp.optimal_q``), on the gridworld
   and on FrozenLake-v1 (gamma 0.99): sweeps and milliseconds, median of repeats.
2. Q-learning on FrozenLake-v1 4x4 slippery with notebook 03's full-mode configuration, over 5
   seeds: the exact success probability of the greedy policy (from the transition table, no
   sampling noise) against the optimal policy's, and the seconds per seed. Baselines: the
   same loop with a constant learning rate 0.2, and with the HF Deep RL course's tabular
   settings (constant alpha 0.7, gamma 0.95); a uniformly random policy.

Usage::

    taskset -c 0 .venv/bin/python benchmarks/tabular.py [--seeds 5] [--episodes 3000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch

from autograder.notebooks import define_answers, read_notebook
from dqlcourse.envs import make
from dqlcourse.mdp import from_env, gridworld, optimal_q
from dqlcourse.qlearning import QLearningConfig, greedy_success

REPO = Path(__file__).resolve().parent.parent


def reference(name: str) -> dict:
    """The answer functions of a solution notebook, as the grader extracts them."""
    return define_answers(read_notebook(REPO / "solutions" / f"{name}.ipynb"))


def loop_backup(Q, P, R, gamma):
    """Baseline: the Bellman backup with Python loops over s, a, s2 (no vectorisation)."""
    S, A = Q.shape
    V = [max(Q[s2]) for s2 in range(S)]
    out = np.zeros_like(Q)
    for s in range(S):
        for a in range(A):
            out[s, a] = sum(P[s, a, s2] * (R[s, a, s2] + gamma * V[s2]) for s2 in range(S) if P[s, a, s2])
    return out


def timed(fn, repeats: int) -> tuple[float, object]:
    """Median CPU time of this process in ms over ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.process_time()
        result = fn()
        times.append(1000 * (time.process_time() - start))
    return statistics.median(times), result


def value_iteration_section(nb02: dict) -> None:
    qvi = nb02["q_value_iteration"]
    print("Q-value iteration to tol 1e-8 (median of repeats, CPU milliseconds)")
    print(f"  {'MDP':<28}{'method':<34}{'sweeps':>7}{'CPU ms':>10}{'max |Q - Q*|':>15}")
    for label, mdp, gamma in (("gridworld slip 0.2", gridworld(0.2), 0.9),
                              ("FrozenLake-v1 4x4 slippery", from_env(make("FrozenLake-v1")), 0.99)):
        exact_ms, Q_star = timed(lambda: optimal_q(mdp, gamma), 20)
        ms, (Q, sweeps) = timed(lambda: qvi(mdp.P, mdp.R, gamma, 1e-8), 20)
        print(f"  {label:<28}{'reference (vectorised numpy)':<34}{sweeps:>7}{ms:>10.2f}"
              f"{np.abs(Q - Q_star).max():>15.1e}")
        slow_ms, (Q_loop, n_loop) = timed(lambda: run_loop(mdp, gamma), 1 if mdp.n_states > 12 else 3)
        print(f"  {'':<28}{'baseline: Python-loop backup':<34}{n_loop:>7}{slow_ms:>10.1f}"
              f"{np.abs(Q_loop - Q_star).max():>15.1e}")
        print(f"  {'':<28}{'optimal_q (policy iteration)':<34}{'-':>7}{exact_ms:>10.2f}{0.0:>15.1e}")


def run_loop(mdp, gamma, tol=1e-8):
    Q, sweeps = np.zeros((mdp.n_states, mdp.n_actions)), 0
    while True:
        Q_next = loop_backup(Q, mdp.P, mdp.R, gamma)
        sweeps += 1
        delta = np.abs(Q_next - Q).max()
        Q = Q_next
        if delta < tol:
            return Q, sweeps


def uniform_policy_return(mdp, horizon: int) -> float:
    """Exact expected return of the uniformly random policy over ``horizon`` steps."""
    P, r = mdp.P.mean(axis=1), mdp.expected_reward().mean(axis=1)
    V = np.zeros(mdp.n_states)
    for _ in range(horizon):
        V = r + P @ V
    return float(mdp.start @ V)


def q_learning_section(nb03: dict, seeds: int, episodes: int) -> None:
    train = nb03["train_q_learning"]
    env = make("FrozenLake-v1")
    lake = from_env(env)
    optimum = greedy_success(lake, optimal_q(lake, 0.99), horizon=100)
    random_policy = uniform_policy_return(lake, horizon=100)
    half = episodes // 2
    configs = {
        "reference (notebook 03 full mode)": dict(alpha_start=0.2, alpha_end=0.01, gamma=0.99),
        "baseline: constant alpha 0.2": dict(alpha_start=0.2, alpha_end=0.2, gamma=0.99),
        "baseline: HF course (alpha 0.7, gamma 0.95)": dict(alpha_start=0.7, alpha_end=0.7, gamma=0.95),
    }
    print(f"\nQ-learning on FrozenLake-v1 4x4 slippery, {episodes} episodes, epsilon 1 -> 0.05 over "
          f"{half}, seeds 0..{seeds - 1}")
    print(f"  success = exact probability that the greedy policy reaches the goal within 100 steps; "
          f"optimal policy {optimum:.4f}, within 2 %: >= {0.98 * optimum:.4f}")
    print("  time per seed: CPU seconds of this process (wall seconds, which include waiting for a "
          "busy core)")
    print(f"  {'agent':<44}{'median':>8}{'min':>8}{'within 2 %':>12}{'CPU s':>8}{'(wall)':>9}   per seed")
    for label, overrides in configs.items():
        success, cpu, wall = [], [], []
        for seed in range(seeds):
            config = QLearningConfig(episodes=episodes, eps_start=1.0, eps_end=0.05,
                                     eps_decay_episodes=half, seed=seed, **overrides)
            start, start_cpu = time.perf_counter(), time.process_time()
            Q, _ = train(env, config)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            success.append(greedy_success(lake, Q, horizon=100))
        within = sum(s >= 0.98 * optimum for s in success)
        print(f"  {label:<44}{statistics.median(success):>8.4f}{min(success):>8.4f}"
              f"{f'{within}/{seeds}':>12}{statistics.median(cpu):>8.2f}{f'({statistics.median(wall):.2f})':>9}   "
              + " ".join(f"{s:.3f}" for s in success))
    print(f"  {'baseline: uniformly random policy':<44}{random_policy:>8.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--episodes", type=int, default=3000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    value_iteration_section(reference("02_value_iteration"))
    q_learning_section(reference("03_q_learning"), args.seeds, args.episodes)


if __name__ == "__main__":
    main()
