"""Pixel CartPole-v1: the notebook-05 agent (conv DQN on rendered frames), and throughput.

"Solved" means: the greedy policy's mean return over the 100 fixed evaluation episodes
(``dqlcourse.dqn.EVAL_SEEDS``, up to 500 steps each) is at least 195 (the CartPole-v0 bar;
episodes still last up to 500 steps). Observations are pixels only: ``env.render()`` of
CartPole-v1 on a 240 x 160 canvas, each action held for 2 physics steps, preprocessed and
stacked by the reference solutions of notebook 05, ``uint8 (4, 20, 60)``
(``dqlcourse.pixels.CARTPOLE_PIXELS``); the state vector is never used. A *step* below is one
decision (two physics steps); returns count physics steps, up to 500.

Runs (all the *same code*: the reference functions of solutions/04_dqn.ipynb and
solutions/05_conv_dqn.ipynb, with the configuration of notebook 05's section 7):

* ``reference``: the notebook's configuration; training stops when solved (``StopWhenSolved``:
  every 1,000 steps from step 20,000, 10 episodes first, all 100 if those reach 175) or when the
  run's CPU time (``time.process_time``, one torch thread, evaluations included) exceeds
  ``--cpu-budget`` seconds. If it is not solved, the final greedy policy is evaluated on the 100
  episodes after the budget (outside it). A solved policy was picked by the stopping rule on
  the 100 evaluation episodes; it is also scored, outside the budget, on 100 other episodes
  (``HELD_OUT_SEEDS``) that no decision saw.
* ``random``: the uniformly random policy on the same 100 evaluation episodes (the baseline).
* ``throughput``: frames per second of raw ``env.step`` + ``env.render()`` against the whole
  pipeline (render, preprocess, stack, store in the uint8 replay buffer), and the per-frame
  milliseconds of each stage.

Usage::

    python benchmarks/dqn_pixels.py --seeds 0-4 --jobs 2 --cpu-budget 900
    taskset -c 1 python benchmarks/dqn_pixels.py --throughput-only --throughput-steps 5000
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

THRESHOLD = 195.0

#: notebook 05, section 7 (full mode).
REFERENCE = dict(hidden=(128,), lr=1e-3, gamma=0.98, batch_size=64, buffer_size=50_000,
                 learning_starts=1_000, train_every=2, gradient_steps=1, target_update_every=500,
                 tau=1.0, eps_start=1.0, eps_end=0.02, eps_decay_steps=10_000, max_grad_norm=10.0,
                 double_dqn=True)


#: notebook 05, section 7 (full mode): screens of 10 episodes every 1,000 steps from step 20,000;
#: a screen of 175 or more runs the 100 evaluation episodes.
STOP = dict(every_steps=1_000, screen=10, screen_threshold=175.0, start_step=20_000)

#: 100 other episodes, for the solved policy's score on episodes the stopping rule never saw.
HELD_OUT_SEEDS = tuple(range(2_000_000, 2_000_100))


def namespaces() -> tuple[dict, dict]:
    """The reference answers of notebooks 04 and 05 (their solution cells), executed."""
    from autograder.notebooks import define_answers, read_notebook

    return tuple(define_answers(read_notebook(REPO / "solutions" / f"{n}.ipynb"))
                 for n in ("04_dqn", "05_conv_dqn"))


def make_env_factory(nb05: dict):
    from dqlcourse.pixels import CARTPOLE_PIXELS, make_pixel_cartpole

    def make_env():
        return make_pixel_cartpole(nb05["preprocess_frame"], nb05["push_frame"], CARTPOLE_PIXELS)

    return make_env


def run_reference(seed: int, cpu_budget: float, max_steps: int) -> dict:
    import numpy as np
    import torch

    from dqlcourse.dqn import EVAL_SEEDS, DQNConfig, StopWhenSolved, chain_callbacks, evaluate_greedy, new_agent
    from dqlcourse.pixels import CARTPOLE_PIXELS
    from dqlcourse.seeding import seed_everything

    torch.set_num_threads(1)
    nb04, nb05 = namespaces()
    make_env = make_env_factory(nb05)
    config = DQNConfig(env_id="CartPole-v1 (pixels)", seed=seed, total_steps=max_steps, **REFERENCE)
    seed_everything(seed)
    agent = new_agent(config, CARTPOLE_PIXELS.obs_shape, 2, nb05["ConvQNetwork"],
                      nb04["ReplayBuffer"], buffer_dtype=np.uint8)
    solved = StopWhenSolved(make_env, THRESHOLD, EVAL_SEEDS, **STOP)
    c0, t0 = time.process_time(), time.perf_counter()
    log = []

    def budget(a) -> bool:
        cpu = time.process_time() - c0
        if a.steps // 10_000 > len(log):
            log.append({"step": a.steps, "cpu": round(cpu), "wall": round(time.perf_counter() - t0),
                        "train_mean20": round(float(np.mean(a.history.episode_returns[-20:])), 1)})
            print(json.dumps({"seed": seed, **log[-1]}), flush=True)
        return cpu > cpu_budget

    agent = nb04["train_dqn"](config, make_env, agent=agent, callback=chain_callbacks(solved, budget))
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    final = held_out = None
    if solved.solved_at_step is None:
        final = float(evaluate_greedy(agent.q_net, make_env, EVAL_SEEDS, max_steps=500).mean())
    else:
        held_out = float(evaluate_greedy(agent.q_net, make_env, HELD_OUT_SEEDS,
                                         max_steps=500).mean())
    updates = len(agent.history.losses)
    return {"config": "reference", "seed": seed, "solved": solved.solved_at_step is not None,
            "steps": agent.steps, "solved_at_step": solved.solved_at_step,
            "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
            "eval_seconds": round(solved.eval_seconds, 1), "gradient_steps": updates,
            "frames_per_second": round(agent.steps / wall, 1),
            "updates_per_second": round(updates / wall, 1),
            "frames_per_cpu_second": round(agent.steps / cpu, 1),
            "evaluations": solved.evaluations, "final_greedy_mean_after_budget": final,
            "held_out_greedy_mean": held_out,
            "log": log}


def run_random(seed: int) -> dict:
    import numpy as np

    from dqlcourse.dqn import EVAL_SEEDS

    _, nb05 = namespaces()
    make_env = make_env_factory(nb05)
    rng = np.random.default_rng(seed)
    returns = []
    for s in EVAL_SEEDS:
        env = make_env()
        env.reset(seed=int(s))
        total, done = 0.0, False
        while not done:
            _, r, term, trunc, _ = env.step(int(rng.integers(2)))
            total += float(r)
            done = term or trunc
        env.close()
        returns.append(total)
    return {"config": "random", "seed": seed, "mean_return_100": float(np.mean(returns))}


def run_throughput(steps: int) -> dict:
    import numpy as np
    import torch

    from dqlcourse.envs import make
    from dqlcourse.pixels import CARTPOLE_PIXELS, measure_throughput, set_canvas

    torch.set_num_threads(1)
    nb04, nb05 = namespaces()
    spec = CARTPOLE_PIXELS
    buffer = nb04["ReplayBuffer"](steps, spec.obs_shape, seed=0, dtype=np.uint8)
    load, c0 = os.getloadavg()[0], time.process_time()
    stats = measure_throughput(
        lambda: set_canvas(make("CartPole-v1", render_mode="rgb_array"), spec.width, spec.height),
        make_env_factory(nb05), steps=steps,
        store=lambda o, n: buffer.add(o, 0, 1.0, n, False, False))
    cpu = time.process_time() - c0
    full = measure_throughput(lambda: make("CartPole-v1", render_mode="rgb_array"),
                              make_env_factory(nb05), steps=min(steps, 500))
    return {"config": "throughput", "seed": 0, **{k: round(v, 4) for k, v in stats.items()},
            "raw_fps_600x400": round(full["raw_fps"], 1), "steps": steps,
            "cpu_seconds": round(cpu, 2), "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2)}


def worker(job: tuple) -> dict:
    name, seed, cpu_budget, max_steps, steps = job
    os.environ["OMP_NUM_THREADS"] = "1"
    if name == "reference":
        return run_reference(seed, cpu_budget, max_steps)
    if name == "random":
        return run_random(seed)
    return run_throughput(steps)


def parse_seeds(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def summarize(results: list[dict], cpu_budget: float) -> str:
    ref = [r for r in results if r["config"] == "reference"]
    lines = []
    if ref:
        solved = [r for r in ref if r["solved"]]
        lines += [f"reference: solved (greedy mean >= {THRESHOLD:.0f} over 100 episodes) on "
                  f"{len(solved)} of {len(ref)} seeds within {cpu_budget:.0f} CPU seconds each",
                  "", "| seed | solved at step | steps | CPU s | wall s | eval s | gradient steps "
                  "| frames/s | updates/s | last evaluations (step, mean, episodes) "
                  "| greedy mean (100 ep) after budget | solved policy on 100 held-out episodes |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in ref:
            evals = "; ".join(f"{s:,} {m:.0f} ({n})" for s, m, n in r["evaluations"][-4:])
            final, held = r["final_greedy_mean_after_budget"], r.get("held_out_greedy_mean")
            lines.append(f"| {r['seed']} | {r['solved_at_step'] or '-'} | {r['steps']:,} | "
                         f"{r['cpu_seconds']:.0f} | {r['wall_seconds']:.0f} | {r['eval_seconds']:.0f} | "
                         f"{r['gradient_steps']:,} | {r['frames_per_second']:.0f} | "
                         f"{r['updates_per_second']:.0f} | {evals} | "
                         f"{'-' if final is None else f'{final:.1f}'} | "
                         f"{'-' if held is None else f'{held:.1f}'} |")
        if solved:
            lines.append(f"\nmedian over solved seeds: {statistics.median(r['steps'] for r in solved):,.0f} "
                         f"steps, {statistics.median(r['cpu_seconds'] for r in solved):.0f} CPU s")
    for r in results:
        if r["config"] == "random":
            lines.append(f"\nbaseline, random policy: mean return {r['mean_return_100']:.1f} over "
                         "the same 100 evaluation episodes")
        if r["config"] == "throughput":
            lines.append(
                f"\nthroughput (240 x 160 canvas): raw step + render {r['raw_fps']:.0f} frames/s; "
                f"pipeline (render, preprocess, stack, store) {r['pipeline_fps']:.0f} frames/s; "
                f"per frame render {r['render_ms']:.3f} ms, preprocess {r['preprocess_ms']:.3f} ms, "
                f"stack {r['stack_ms']:.3f} ms: preprocess + stack = "
                f"{100 * r['overhead_vs_render']:.1f} % of render. Raw step + render at the default "
                f"600 x 400: {r['raw_fps_600x400']:.0f} frames/s. "
                f"{r['steps']:,} steps of each (240 x 160): {r['cpu_seconds']:.2f} CPU s, "
                f"load average {r['load_before']:.2f} before, {r['load_after']:.2f} after")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-4", help="e.g. 0-4 or 0,3")
    parser.add_argument("--cpu-budget", type=float, default=900.0, help="CPU seconds per seed")
    parser.add_argument("--max-steps", type=int, default=400_000)
    parser.add_argument("--throughput-steps", type=int, default=2_000)
    parser.add_argument("--skip", default="", help="comma-separated: random,throughput")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--json", type=Path, help="also write every run's result here")
    parser.add_argument("--throughput-only", action="store_true",
                        help="only the throughput measurement (no training, no random baseline)")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if args.throughput_only:
        skip, seeds = {"random"}, []
    else:
        seeds = parse_seeds(args.seeds)
    jobs = [(n, 0, 0, 0, args.throughput_steps) for n in ("random", "throughput") if n not in skip]
    jobs += [("reference", s, args.cpu_budget, args.max_steps, 0) for s in seeds]
    print(f"# {len(jobs)} runs, {args.jobs} worker(s), python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    results = []
    with mp.get_context("spawn").Pool(args.jobs, maxtasksperchild=1) as pool:
        for r in pool.imap_unordered(worker, jobs):
            print(json.dumps({k: v for k, v in r.items() if k != "log"}), flush=True)
            results.append(r)
    results.sort(key=lambda r: (r["config"], r["seed"]))
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")
    print(summarize(results, args.cpu_budget))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
