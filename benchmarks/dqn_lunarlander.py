"""Time-to-solve of the notebook-04 DQN on LunarLander-v3 (greedy mean >= 200 over the 100
fixed evaluation episodes), with the notebook's LunarLander configuration.

Same protocol as ``dqn_cartpole.py``: the reference functions of solutions/04_dqn.ipynb, one
torch thread per run, ``StopWhenSolved`` (here every 5,000 steps after 20,000, 10 episodes
first, all 100 if those reach 200), wall time including evaluations.

Usage::

    python benchmarks/dqn_lunarlander.py --seeds 0-4 --jobs 2 --max-steps 300000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dqn_cartpole import notebook_namespace, parse_seeds, run_and_report, warm_up  # noqa: E402

THRESHOLD = 200.0
ENV_ID = "LunarLander-v3"

#: The notebook's LUNAR configuration: the rl-baselines3-zoo DQN hyperparameters for
#: LunarLander (lr 6.3e-4, batch 128, buffer 50k, target every 250 steps, one gradient step per
#: env step in blocks of 4, epsilon -> 0.1 over 12k steps, 256x256), run with our code.
LUNAR = dict(hidden=(256, 256), lr=6.3e-4, gamma=0.99, batch_size=128, buffer_size=50_000,
             learning_starts=1_000, train_every=4, gradient_steps=4, target_update_every=250,
             tau=1.0, eps_start=1.0, eps_end=0.1, eps_decay_steps=12_000, max_grad_norm=10.0,
             double_dqn=False)


def make_env():
    import gymnasium as gym

    return gym.make(ENV_ID)


def worker(job: tuple) -> dict:
    seed, max_steps = job
    import torch

    from dqlcourse.dqn import EVAL_SEEDS, DQNConfig, StopWhenSolved, evaluate_greedy

    torch.set_num_threads(1)
    ns = notebook_namespace()
    config = DQNConfig(env_id=ENV_ID, seed=seed, total_steps=max_steps, **LUNAR)
    stop = StopWhenSolved(make_env, THRESHOLD, every_steps=5_000, start_step=20_000)
    warm_up()
    t0, c0 = time.perf_counter(), time.process_time()
    agent = ns["train_dqn"](config, make_env, callback=stop)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    final = float(evaluate_greedy(agent.q_net, make_env, EVAL_SEEDS).mean())
    return {"config": "lunar", "seed": seed, "solved": stop.solved_at_step is not None,
            "steps": agent.steps, "seconds": seconds, "cpu_seconds": cpu, "eval_seconds": stop.eval_seconds,
            "final_greedy_mean": final, "gradient_steps": len(agent.history.losses)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4")
    parser.add_argument("--max-steps", type=int, default=300_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    jobs = [(s, args.max_steps) for s in parse_seeds(args.seeds)]
    print(f"# {len(jobs)} runs, {args.jobs} worker(s), {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    run_and_report(worker, jobs, args.jobs, lambda r: r["seed"], args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
