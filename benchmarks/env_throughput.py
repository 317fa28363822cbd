"""How fast CartPole-v1 steps and renders on one CPU thread (the budget every agent lives in).

Measures, as medians over repeats: random-agent steps per second through ``env.step``, the same
through the reference ``run_episode`` of notebook 01 (the answer cells of the solution
notebook), and frames per second with ``render_mode="rgb_array"``.

Run:  .venv/bin/python benchmarks/env_throughput.py [--steps 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from autograder.notebooks import SOLUTIONS, define_answers, read_notebook
from dqlcourse.envs import make
from dqlcourse.seeding import reset_seeded


def raw_steps_per_second(steps: int, render: bool = False) -> float:
    env = make("CartPole-v1", render_mode="rgb_array" if render else None)
    reset_seeded(env, 0)
    start = time.perf_counter()
    for _ in range(steps):
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        if render:
            env.render()
        if terminated or truncated:
            env.reset()
    return steps / (time.perf_counter() - start)


def run_episode_steps_per_second(steps: int) -> float:
    answers = define_answers(read_notebook(SOLUTIONS / "01_random_agent.ipynb"))
    env = make("CartPole-v1")
    policy = answers["make_random_policy"](env.action_space)
    env.action_space.seed(0)
    done, seed = 0, 0
    start = time.perf_counter()
    while done < steps:
        done += len(answers["run_episode"](env, policy, seed).rewards)
        seed += 1
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = {
        "env.step, random actions (steps/s)": lambda: raw_steps_per_second(args.steps),
        "run_episode of notebook 01 (steps/s)": lambda: run_episode_steps_per_second(args.steps),
        "env.step + render rgb_array (frames/s)": lambda: raw_steps_per_second(args.steps // 20, True),
    }
    print(f"CartPole-v1, one thread, median of {args.repeats} repeats")
    for label, measure in rows.items():
        values = [measure() for _ in range(args.repeats)]
        print(f"  {label:<42} {statistics.median(values):>10,.0f}   "
              f"(min {min(values):,.0f}, max {max(values):,.0f})")


if __name__ == "__main__":
    main()
