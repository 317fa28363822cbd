"""Time-to-solve of the notebook-04 DQN on CartPole-v1, side by side with named baselines.

"Solved" means: the greedy policy's mean return over the 100 fixed evaluation episodes
(``dqlcourse.dqn.EVAL_SEEDS``) is at least 475. Training stops as soon as that is true
(``StopWhenSolved``: every 2,000 steps, 10 episodes first, all 100 if those reach 475), and
the wall time *includes* those evaluations (reported separately too). It excludes the
process's one-time import of ``torch._dynamo`` (:func:`warm_up`, for every configuration).

Configurations (all run the *same code*: the reference functions of solutions/04_dqn.ipynb):

* ``reference``: the notebook's CartPole configuration.
* ``tutorial``: the hyperparameters of the PyTorch DQN tutorial (128x128 MLP, AdamW amsgrad
  lr 1e-4, batch 128, gamma 0.99, soft update tau 0.005 after every gradient step, one gradient
  step per env step, replay 10,000, epsilon 0.9 -> 0.05). Differences, forced by our code: the
  tutorial's exponential epsilon decay (time constant 1,000 steps) is replaced by a linear
  decay over 3,000 steps, and its gradient *value* clipping at 100 by norm clipping at 100.
* ``sb3``: Stable-Baselines3's own DQN with the rl-zoo CartPole-v1 hyperparameters (needs the
  ``bench`` extra), evaluated the same way by a callback.

Every run uses one torch thread. Runs are executed in worker processes (``--jobs``).

Usage::

    python benchmarks/dqn_cartpole.py --configs reference --seeds 0-9 --jobs 2
    python benchmarks/dqn_cartpole.py --configs reference:0-9,tutorial:0-4,sb3:0-4 --jobs 1
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dqlcourse.dqn import CARTPOLE_CONFIG  # noqa: E402

THRESHOLD = 475.0
ENV_ID = "CartPole-v1"

#: The notebook's CartPole configuration, from the one place that holds it (the behavioural
#: check of notebook 04; a test keeps the notebook's ``CARTPOLE`` cell equal to it).
REFERENCE = {**CARTPOLE_CONFIG, "hidden": tuple(CARTPOLE_CONFIG["hidden"])}

TUTORIAL = dict(hidden=(128, 128), lr=1e-4, optimizer="adamw_amsgrad", gamma=0.99,
                batch_size=128, buffer_size=10_000, learning_starts=128, train_every=1,
                gradient_steps=1, tau=0.005, eps_start=0.9, eps_end=0.05, eps_decay_steps=3_000,
                max_grad_norm=100.0, double_dqn=False)

CONFIGS = {"reference": REFERENCE, "tutorial": TUTORIAL}

#: rl-baselines3-zoo hyperparams/dqn.yml, CartPole-v1.
SB3_ZOO = dict(learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1_000,
               gamma=0.99, target_update_interval=10, train_freq=256, gradient_steps=128,
               exploration_fraction=0.16, exploration_final_eps=0.04,
               policy_kwargs=dict(net_arch=[256, 256]))
SB3_ZOO_STEPS = 50_000


def notebook_namespace(name: str = "04_dqn") -> dict:
    """The reference functions of solutions/<name>.ipynb (its solution cells), executed."""
    from autograder.notebooks import define_answers, read_notebook

    return define_answers(read_notebook(REPO / "solutions" / f"{name}.ipynb"))


def make_env():
    import gymnasium as gym

    return gym.make(ENV_ID)


def warm_up() -> None:
    """Pay the process's one-time costs before the clock starts: the first optimiser a process
    builds imports ``torch._dynamo`` (about 1 s of CPU here), whoever trains."""
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def run_ours(config_name: str, seed: int, max_steps: int, eval_every: int) -> dict:
    import torch

    from dqlcourse.dqn import DQNConfig, StopWhenSolved, evaluate_greedy, EVAL_SEEDS

    torch.set_num_threads(1)
    ns = notebook_namespace()
    config = DQNConfig(env_id=ENV_ID, seed=seed, total_steps=max_steps, **CONFIGS[config_name])
    stop = StopWhenSolved(make_env, THRESHOLD, every_steps=eval_every)
    warm_up()
    t0, c0 = time.perf_counter(), time.process_time()
    agent = ns["train_dqn"](config, make_env, callback=stop)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    final = float(evaluate_greedy(agent.q_net, make_env, EVAL_SEEDS).mean())
    return {"config": config_name, "seed": seed, "solved": stop.solved_at_step is not None,
            "steps": agent.steps, "seconds": seconds, "cpu_seconds": cpu,
            "eval_seconds": stop.eval_seconds,
            "final_greedy_mean": final, "gradient_steps": len(agent.history.losses)}


def run_sb3(seed: int, max_steps: int, eval_every: int) -> dict:
    import numpy as np
    import torch
    from stable_baselines3 import DQN
    from stable_baselines3.common.callbacks import BaseCallback

    from dqlcourse.dqn import EVAL_SEEDS

    torch.set_num_threads(1)

    class GreedyStop(BaseCallback):
        def __init__(self):
            super().__init__()
            self.solved_at, self.eval_seconds, self.last = None, 0.0, 0

        def _mean(self, seeds) -> float:
            returns = []
            for s in seeds:
                env = make_env()
                obs, _ = env.reset(seed=int(s))
                total, done = 0.0, False
                while not done:
                    action, _ = self.model.predict(obs, deterministic=True)
                    obs, r, term, trunc, _ = env.step(int(action))
                    total += float(r)
                    done = term or trunc
                returns.append(total)
            return float(np.mean(returns))

        def _on_step(self) -> bool:
            if self.num_timesteps - self.last < eval_every:
                return True
            self.last = self.num_timesteps
            t0 = time.perf_counter()
            ok = self._mean(EVAL_SEEDS[:10]) >= THRESHOLD and self._mean(EVAL_SEEDS) >= THRESHOLD
            self.eval_seconds += time.perf_counter() - t0
            if ok:
                self.solved_at = self.num_timesteps
            return not ok

    model = DQN("MlpPolicy", make_env(), seed=seed, device="cpu", verbose=0, **SB3_ZOO)
    cb = GreedyStop()
    warm_up()
    t0, c0 = time.perf_counter(), time.process_time()
    model.learn(total_timesteps=min(max_steps, SB3_ZOO_STEPS), callback=cb)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    final = cb._mean(EVAL_SEEDS)
    return {"config": "sb3", "seed": seed, "solved": cb.solved_at is not None,
            "steps": int(model.num_timesteps), "seconds": seconds, "cpu_seconds": cpu,
            "eval_seconds": cb.eval_seconds,
            "final_greedy_mean": final, "gradient_steps": int(model._n_updates)}


def worker(job: tuple) -> dict:
    config_name, seed, max_steps, eval_every = job
    os.environ["OMP_NUM_THREADS"] = "1"
    if config_name == "sb3":
        return run_sb3(seed, max_steps, eval_every)
    return run_ours(config_name, seed, max_steps, eval_every)


def parse_seeds(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def summarize(results: list[dict]) -> str:
    lines = ["| config | solved | median steps to solve | median wall s to solve (incl. eval) "
             "| median CPU s to solve | median eval s | median gradient steps "
             "| final greedy mean (100 ep) per seed |",
             "|---|---|---|---|---|---|---|---|"]
    ref_time = None
    for name in dict.fromkeys(r["config"] for r in results):
        rs = [r for r in results if r["config"] == name]
        solved = [r for r in rs if r["solved"]]
        med = (lambda key: statistics.median(r[key] for r in solved)) if solved else None
        steps = f"{med('steps'):,.0f}" if med else "-"
        secs = f"{med('seconds'):.1f}" if med else "-"
        cpu = (f"{statistics.median(r.get('cpu_seconds', float('nan')) for r in solved):.1f}"
               if solved else "-")
        if name == "reference" and med:
            ref_time = med("seconds")
        lines.append(f"| {name} | {len(solved)}/{len(rs)} | {steps} | {secs} | {cpu} | "
                     f"{med('eval_seconds'):.1f} | {med('gradient_steps'):,.0f} | "
                     if med else f"| {name} | 0/{len(rs)} | - | - | - | - | - | ")
        lines[-1] += ", ".join(f"{r['final_greedy_mean']:.0f}" for r in rs) + " |"
    if ref_time:
        for name in dict.fromkeys(r["config"] for r in results):
            solved = [r for r in results if r["config"] == name and r["solved"]]
            if name != "reference" and solved:
                ratio = statistics.median(r["seconds"] for r in solved) / ref_time
                lines.append(f"\nmedian time to solve, {name} / reference: {ratio:.1f}x "
                             f"(solved seeds only)")
    return "\n".join(lines)


def run_pool(worker, jobs: list, n_jobs: int) -> list[dict]:
    """Run ``worker`` on every job in ``n_jobs`` fresh processes; print each result as a JSON
    line as it arrives and return them all."""
    results = []
    with mp.get_context("spawn").Pool(n_jobs, maxtasksperchild=1) as pool:
        for r in pool.imap_unordered(worker, jobs):
            print(json.dumps(r), flush=True)
            results.append(r)
    return results


def run_and_report(worker, jobs: list, n_jobs: int, order, json_path: Path | None) -> list[dict]:
    """Run the jobs (:func:`run_pool`), then print the load average and the summary table
    (rows sorted by ``order``) and write every result to ``json_path`` if given."""
    results = sorted(run_pool(worker, jobs, n_jobs), key=order)
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")
    print(summarize(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=1))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="reference,tutorial,sb3",
                        help="comma-separated names, each optionally with its own seeds, "
                             "e.g. reference:0-9,tutorial:0-4,sb3:0-4")
    parser.add_argument("--seeds", default="0-9", help="e.g. 0-9 or 0,3,5")
    parser.add_argument("--max-steps", type=int, default=100_000)
    parser.add_argument("--eval-every", type=int, default=2_000)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--json", type=Path, help="also write every run's result here")
    args = parser.parse_args(argv)
    jobs = []
    for spec in args.configs.split(","):
        name, _, seeds = spec.partition(":")
        jobs += [(name, s, args.max_steps, args.eval_every) for s in parse_seeds(seeds or args.seeds)]
    names = list(dict.fromkeys(job[0] for job in jobs))
    print(f"# {len(jobs)} runs, {args.jobs} worker(s), python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    run_and_report(worker, jobs, args.jobs, lambda r: (names.index(r["config"]), r["seed"]), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
