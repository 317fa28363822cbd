"""Figures of the lecture decks, drawn from the reference solutions at build time.

``make(deck, out_dir)`` returns ``{figure name: PNG path}`` for a deck; a deck refers to a
figure as ``![caption](figure:NAME)``. Figures use the answer cells of ``solutions/`` (through
``autograder.notebooks.define_answers``) and the course package, never pasted images.

Every figure is seeded, so a build draws the same pictures every time, and cheap: the whole
``make slides`` runs in well under two minutes on one core. The training runs behind the
figures are shorter than the notebooks' (the captions say so).

Deck 05's figures run notebook 05's reference preprocessing and frame stacking on CartPole's
``rgb_array`` frames, with the notebook's settings (``dqlcourse.pixels.CARTPOLE_PIXELS``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from torch import nn  # noqa: E402

from autograder.notebooks import SOLUTIONS, answer_source, define_answers, read_notebook  # noqa: E402
from dqlcourse.dqn import DQNConfig, make_batch, q_diagnostics  # noqa: E402
from dqlcourse.envs import make as make_env  # noqa: E402
from dqlcourse.gridviz import (  # noqa: E402
    plot_convergence, plot_grid_values, plot_learning_curve, plot_q_gap)
from dqlcourse.live import plot_returns  # noqa: E402
from dqlcourse.mdp import expected_return, from_env, gridworld, optimal_q  # noqa: E402
from dqlcourse.pixels import CARTPOLE_PIXELS, set_canvas  # noqa: E402
from dqlcourse.plotting import plot_return_histogram  # noqa: E402
from dqlcourse.qlearning import QLearningConfig, greedy_success, q_gap  # noqa: E402
from dqlcourse.seeding import reset_seeded, seed_everything  # noqa: E402


def answers(notebook: str) -> dict:
    """The reference functions of a solution notebook, by name."""
    return define_answers(answer_source(read_notebook(SOLUTIONS / f"{notebook}.ipynb")))


def _clean(values: np.ndarray) -> np.ndarray:
    """Values to draw: ``-1e-17`` and ``-0.0`` become ``0.0`` (no "-0.00" labels, no red)."""
    return np.round(np.asarray(values, dtype=float), 12) + 0.0


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # No software version in the file: the same figure gives the same bytes.
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return path


# --------------------------------------------------------------------------------- deck 01


def deck_01(out: Path) -> dict[str, Path]:
    ref = answers("01_random_agent")
    seed_everything(0)
    env = make_env("CartPole-v1")
    env.action_space.seed(0)
    policy = ref["make_random_policy"](env.action_space)
    episodes = [ref["run_episode"](env, policy, seed) for seed in range(200)]
    returns = [ref["episode_return"](ep.rewards) for ep in episodes]
    discounted = [ref["discounted_return"](ep.rewards, 0.99) for ep in episodes]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    plot_return_histogram(returns, ax=axes[0], label="return")
    plot_return_histogram(discounted, ax=axes[1], label="discounted return, gamma = 0.99")
    figures = {"random_returns": _save(fig, out / "random_returns.png")}

    render_env = make_env("CartPole-v1", render_mode="rgb_array")
    reset_seeded(render_env, 0)
    fig, ax = plt.subplots(figsize=(4.5, 3))
    ax.imshow(render_env.render())
    ax.set_axis_off()
    render_env.close()
    figures["cartpole"] = _save(fig, out / "cartpole.png")
    return figures


# --------------------------------------------------------------------------------- deck 02


def sweep_changes(bellman_backup: Callable, P: np.ndarray, R: np.ndarray, gamma: float,
                  n_sweeps: int) -> list[float]:
    """``max |Q_{k+1} - Q_k|`` of each of the first ``n_sweeps`` backups from ``Q = 0``."""
    Q, changes = np.zeros(P.shape[:2]), []
    for _ in range(n_sweeps):
        Q_next = bellman_backup(Q, P, R, gamma)
        changes.append(float(np.max(np.abs(Q_next - Q))))
        Q = Q_next
    return changes


def deck_02(out: Path) -> dict[str, Path]:
    ref = answers("02_value_iteration")
    grid = gridworld(slip=0.2)
    figures = {}

    Q_star, n_sweeps = ref["q_value_iteration"](grid.P, grid.R, 0.9)
    fig, ax = plt.subplots(figsize=(5.4, 3.4))
    plot_grid_values(grid, Q_star.max(axis=1), ref["greedy_policy"](Q_star), ax=ax,
                     title=f"V* and the greedy policy (gamma = 0.9, slip = 0.2; {n_sweeps} sweeps)")
    figures["gridworld_values"] = _save(fig, out / "gridworld_values.png")

    fig, ax = plt.subplots(figsize=(7, 3.3))
    for gamma in (0.5, 0.9, 0.99):
        _, n = ref["q_value_iteration"](grid.P, grid.R, gamma, tol=1e-8)
        plot_convergence(sweep_changes(ref["bellman_backup"], grid.P, grid.R, gamma, n), ax=ax,
                         label=f"gamma = {gamma} ({n} sweeps)")
    ax.axhline(1e-8, color="tab:red", linestyle="--", label="tolerance 1e-8")
    ax.legend()
    ax.set_title("Q-value iteration on the gridworld (slip = 0.2)")
    figures["convergence"] = _save(fig, out / "convergence.png")

    # The exact values of a plausible but naive policy next to the optimal ones.
    Q_star, _ = ref["q_value_iteration"](grid.P, grid.R, 0.9, tol=1e-10)
    optimal = ref["greedy_policy"](Q_star)
    n_cols = grid.shape[1]
    naive = np.array([2 if s % n_cols < n_cols - 1 else 3 for s in range(grid.n_states)])
    Q_naive = ref["evaluate_policy"](grid.P, grid.R, naive, 0.9)
    states = np.arange(grid.n_states)
    values = [ref["evaluate_policy"](grid.P, grid.R, optimal, 0.9)[states, optimal],
              Q_naive[states, naive]]
    values = [_clean(v) for v in values]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.1))
    plot_grid_values(grid, values[0], optimal, ax=axes[0], title="greedy policy of Q*", vmin=lo,
                     vmax=hi)
    plot_grid_values(grid, values[1], naive, ax=axes[1], title="'right, then up'", vmin=lo,
                     vmax=hi)
    figures["policy_evaluation"] = _save(fig, out / "policy_evaluation.png")
    return figures


# --------------------------------------------------------------------------------- deck 03

#: Notebook 03's configuration for slippery FrozenLake (its full budget).
LAKE = QLearningConfig(episodes=3000, gamma=0.99, alpha_start=0.2, alpha_end=0.01, eps_start=1.0,
                       eps_end=0.05, eps_decay_episodes=1500, seed=0)


def _gap_recorder(mdp, Q_star, every: int, episodes: int):
    """A ``callback(episode, Q)`` that logs the greedy success and the gap to ``Q*``."""
    log = {"episode": [], "success": [], "max gap": [], "mean gap": []}

    def record(episode: int, Q: np.ndarray) -> None:
        if episode % every == 0 or episode == episodes - 1:
            log["episode"].append(episode + 1)
            log["success"].append(greedy_success(mdp, Q, horizon=100))
            log["max gap"].append(q_gap(Q, Q_star, mdp, "max"))
            log["mean gap"].append(q_gap(Q, Q_star, mdp, "mean"))

    return log, record


def deck_03(out: Path) -> dict[str, Path]:
    ref = answers("03_q_learning")
    env = make_env("FrozenLake-v1")
    lake = from_env(env)
    Q_star = optimal_q(lake, LAKE.gamma)
    optimum = expected_return(lake, Q_star.argmax(axis=1), horizon=100)
    figures = {}

    log, record = _gap_recorder(lake, Q_star, every=25, episodes=LAKE.episodes)
    Q, returns = ref["train_q_learning"](env, LAKE, callback=record)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.3))
    plot_learning_curve(returns, window=100, ax=axes[0], label="training, exploring",
                        ylabel="success", raw=False)
    axes[0].plot(log["episode"], log["success"], color="tab:green", label="greedy policy, exact")
    axes[0].axhline(optimum, color="black", linestyle="--", label=f"optimum {optimum:.2f}")
    axes[0].legend(loc="lower right", fontsize="small")
    axes[0].set_title("FrozenLake-v1, slippery")
    plot_q_gap(log["episode"], log["max gap"], ax=axes[1], label="max over (s, a)")
    plot_q_gap(log["episode"], log["mean gap"], ax=axes[1], label="mean over (s, a)",
               ylabel=r"$|Q(s,a) - Q^*(s,a)|$")
    axes[1].set_title("distance to the exact Q*")
    fig.tight_layout()
    figures["lake_learning"] = _save(fig, out / "lake_learning.png")

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    values = [_clean(Q.max(axis=1)), _clean(Q_star.max(axis=1))]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    plot_grid_values(lake, values[0], Q.argmax(axis=1), ax=axes[0], vmin=lo, vmax=hi,
                     title=f"Q-learning, {LAKE.episodes} episodes")
    plot_grid_values(lake, values[1], Q_star.argmax(axis=1), ax=axes[1], vmin=lo, vmax=hi,
                     title="exact Q*")
    figures["lake_policy"] = _save(fig, out / "lake_policy.png")

    # The learning rate: three constant rates and the decaying one, one seed, half the episodes.
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
    episodes = LAKE.episodes // 2
    for start, end in ((0.02, 0.02), (0.1, 0.1), (0.5, 0.5), (0.2, 0.01)):
        config = dataclasses.replace(LAKE, episodes=episodes, eps_decay_episodes=episodes // 2,
                                     alpha_start=start, alpha_end=end)
        log, record = _gap_recorder(lake, Q_star, every=25, episodes=episodes)
        ref["train_q_learning"](env, config, callback=record)
        label = f"alpha = {start}" if start == end else f"alpha from {start} to {end}"
        style = {"color": "black", "lw": 2} if start != end else {}
        axes[0].plot(log["episode"], log["success"], label=label, **style)
        plot_q_gap(log["episode"], log["mean gap"], ax=axes[1],
                   ylabel=r"mean $|Q(s,a) - Q^*(s,a)|$").lines[-1].set(**style)
    axes[0].axhline(optimum, color="black", linestyle="--", lw=1, label=f"optimum {optimum:.2f}")
    axes[0].set_xlabel("episode")
    axes[0].set_ylabel("greedy policy success, exact")
    fig.tight_layout()
    fig.legend(loc="upper center", ncol=5, fontsize="small", bbox_to_anchor=(0.5, 1.08),
               frameon=False)
    figures["learning_rate"] = _save(fig, out / "learning_rate.png")
    env.close()
    return figures


# --------------------------------------------------------------------------------- deck 04

#: A short CartPole run: notebook 04's configuration (DQNConfig's defaults) for 8,000
#: environment steps, with a shorter warm-up and epsilon decay, so the build stays fast.
CARTPOLE_SHORT = DQNConfig(env_id="CartPole-v1", seed=0, total_steps=8_000,
                           learning_starts=500, eps_decay_steps=4_000)


def _target_lag(hard_update: Callable, soft_update: Callable, steps: int = 300, every: int = 50,
                tau: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One weight of an online network moving along a fixed path, and its two target copies."""
    torch.manual_seed(0)
    online = nn.Linear(1, 1, bias=False)
    hard, soft = nn.Linear(1, 1, bias=False), nn.Linear(1, 1, bias=False)
    with torch.no_grad():
        online.weight.fill_(0.0)
    hard_update(hard, online)
    hard_update(soft, online)
    t = np.arange(steps)
    path = 1.0 - np.exp(-t / 80.0) + 0.15 * np.sin(t / 9.0)
    trace = np.zeros((3, steps))
    for k in range(steps):
        with torch.no_grad():
            online.weight.fill_(float(path[k]))
        soft_update(soft, online, tau)
        if (k + 1) % every == 0:
            hard_update(hard, online)
        trace[:, k] = [online.weight.item(), hard.weight.item(), soft.weight.item()]
    return t + 1, trace, path


def deck_04(out: Path) -> dict[str, Path]:
    ref = answers("04_dqn")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _deck_04(ref, out)
    finally:
        torch.set_num_threads(threads)


def _deck_04(ref: dict, out: Path) -> dict[str, Path]:
    config = CARTPOLE_SHORT
    figures = {}

    diagnostics = []

    def log_q(agent) -> bool:
        due = not diagnostics or agent.steps - diagnostics[-1][0] >= 250
        if due and len(agent.buffer) >= 256:
            stats = q_diagnostics(agent.q_net, agent.target_net, agent.buffer.sample(256),
                                  config.gamma)
            diagnostics.append((agent.steps, stats["q_mean"], stats["q_max"]))
        return False

    agent = ref["train_dqn"](config, lambda: make_env(config.env_id), callback=log_q)
    history = agent.history
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.3))
    plot_returns(history.episode_returns, history.episode_end_steps, ax=axes[0], window=20,
                 threshold=475)
    axes[0].set_title(f"DQN on CartPole-v1, {config.total_steps:,} steps, seed {config.seed}")
    steps = np.arange(0, config.total_steps + 1, 50)
    epsilon = axes[0].twinx()
    epsilon.plot(steps, [ref["linear_epsilon"](s, config.eps_start, config.eps_end,
                                               config.eps_decay_steps) for s in steps],
                 color="tab:gray", linestyle=":", label="epsilon (linear_epsilon, right axis)")
    epsilon.set_ylim(0, 1.05)
    epsilon.set_ylabel("epsilon")
    handles = [h for a in (axes[0], epsilon) for h in a.get_legend_handles_labels()[0]]
    axes[0].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2,
                   fontsize="small", frameon=False)
    q_steps, q_mean, q_max = zip(*diagnostics)
    axes[1].plot(q_steps, q_mean, label="mean of max_a Q(s, a)")
    axes[1].plot(q_steps, q_max, label="largest Q(s, a)")
    axes[1].axhline(1 / (1 - config.gamma), color="gray", linestyle="--",
                    label=r"$1 / (1 - \gamma)$")
    axes[1].set_xlabel("environment steps")
    axes[1].set_ylabel("Q-value")
    axes[1].set_title("Q-values on 256 replayed states")
    axes[1].legend(fontsize="small", loc="lower right")
    fig.tight_layout()
    figures["cartpole_training"] = _save(fig, out / "cartpole_training.png")

    # One transition, r = 1 into the same s', ending three ways; the targets of td_targets,
    # and what they become when truncated is folded into terminated ("done").
    env = make_env(config.env_id)
    next_obs, _ = reset_seeded(env, 0)
    env.close()
    flags = {"goes on": (0.0, 0.0), "time limit\n(truncated)": (0.0, 1.0),
             "pole fell\n(terminated)": (1.0, 0.0)}
    terminated = [t for t, _ in flags.values()]
    truncated = [u for _, u in flags.values()]
    n = len(flags)
    obs = np.repeat(next_obs[None], n, axis=0)
    right = make_batch(obs, [0] * n, [1.0] * n, obs, terminated, truncated)
    done = [max(t, u) for t, u in zip(terminated, truncated)]
    wrong = make_batch(obs, [0] * n, [1.0] * n, obs, done, truncated)
    y_right = ref["td_targets"](agent.target_net, right, config.gamma).numpy()
    y_wrong = ref["td_targets"](agent.target_net, wrong, config.gamma).numpy()
    fig, ax = plt.subplots(figsize=(7, 3.1))
    x = np.arange(n)
    bars = ax.bar(x - 0.2, y_right, 0.4, label="stop the bootstrap on terminated (right)",
                  color="tab:green")
    ax.bar_label(bars, fmt="%.1f", fontsize="small")
    bars = ax.bar(x + 0.2, y_wrong, 0.4, label="done = terminated or truncated (wrong)",
                  color="tab:red", alpha=0.7)
    ax.bar_label(bars, fmt="%.1f", fontsize="small")
    ax.set_xticks(x, list(flags))
    ax.set_ylabel("TD target y")
    ax.set_title("td_targets of one transition (r = 1, the same s'), trained target network")
    ax.legend(fontsize="small", loc="upper right")
    ax.set_ylim(0, 1.45 * float(max(y_right.max(), y_wrong.max())))
    figures["td_targets"] = _save(fig, out / "td_targets.png")

    t, trace, _ = _target_lag(ref["hard_update"], ref["soft_update"])
    fig, ax = plt.subplots(figsize=(7, 3.0))
    ax.plot(t, trace[0], color="black", lw=1.2, label=r"online weight $\theta$")
    ax.plot(t, trace[1], color="tab:blue", label=r"hard_update every 50 steps")
    ax.plot(t, trace[2], color="tab:orange", label=r"soft_update, $\tau = 0.05$")
    ax.set_xlabel("gradient step")
    ax.set_ylabel("weight")
    ax.set_title("the target network lags behind the online network")
    ax.legend(fontsize="small", loc="lower right")
    figures["target_network"] = _save(fig, out / "target_network.png")
    return figures


# --------------------------------------------------------------------------------- deck 05

def deck_05(out: Path) -> dict[str, Path]:
    """The notebook's pixel pipeline (``CARTPOLE_PIXELS``) with the reference
    ``preprocess_frame`` and ``push_frame`` of solutions/05_conv_dqn.ipynb."""
    ref = answers("05_conv_dqn")
    spec = CARTPOLE_PIXELS
    frames = {}
    for width, height in ((600, 400), (spec.width, spec.height)):
        env = set_canvas(make_env("CartPole-v1", render_mode="rgb_array"), width, height)
        reset_seeded(env, 0)
        shots = []
        # Always push right (the cart speeds up, the pole tilts back), one frame per decision:
        # each action is held for spec.repeat physics steps; the eighth push ends the episode.
        for _ in range(8 // spec.repeat):
            shots.append(env.render())
            for _ in range(spec.repeat):
                env.step(1)
        env.close()
        frames[width] = shots
    figures = {}

    big, frame = frames[600][-1], frames[spec.width][-1]
    top, bottom, left, right = spec.crop
    small = ref["preprocess_frame"](frame, spec.crop, spec.factor)
    fig, axes = plt.subplots(1, 3, figsize=(11, 2.6), gridspec_kw={"width_ratios": [1.5, 1.5, 1.5]})
    axes[0].imshow(big)
    axes[0].set_title(f"default canvas\n{big.shape[0]}x{big.shape[1]}x3 uint8")
    axes[1].imshow(frame)
    axes[1].add_patch(Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, fill=False,
                                edgecolor="tab:red", lw=2))
    axes[1].set_title(f"{spec.width}x{spec.height} canvas, crop rows {top}-{bottom}")
    axes[2].imshow(small, cmap="gray_r", vmin=0, vmax=1)
    axes[2].set_title(f"gray, {spec.factor}x{spec.factor} block means\n"
                      f"{small.shape[0]}x{small.shape[1]}, ink in [0, 1]")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    figures["preprocessing"] = _save(fig, out / "preprocessing.png")

    # The stack the network sees at the last step (k frames, oldest first) and its change.
    stack = np.zeros((spec.k, *spec.frame_shape), dtype=np.float32)
    for shot in frames[spec.width]:
        stack = ref["push_frame"](stack, ref["preprocess_frame"](shot, spec.crop, spec.factor))
    fig, axes = plt.subplots(1, spec.k + 1, figsize=(3.6 * (spec.k + 1), 1.9))
    for k, (ax, image) in enumerate(zip(axes, stack)):
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"frame t - {spec.k - 1 - k}" if k < spec.k - 1 else "frame t")
    motion = stack[-1] - stack[0]
    limit = float(np.abs(motion).max()) or 1.0
    axes[-1].imshow(motion, cmap="RdBu", vmin=-limit, vmax=limit)
    axes[-1].set_title(f"frame t minus frame t - {spec.k - 1}")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    figures["frame_stack"] = _save(fig, out / "frame_stack.png")
    return figures


#: Matplotlib settings of every slide figure: a little larger than the notebooks' text.
STYLE = {"font.size": 11}

#: deck name -> figure maker.
MAKERS: dict[str, Callable[[Path], dict[str, Path]]] = {
    "01_random_agent": deck_01,
    "02_value_iteration": deck_02,
    "03_q_learning": deck_03,
    "04_dqn": deck_04,
    "05_conv_dqn": deck_05,
}


def make(deck: str, out: Path) -> dict[str, Path]:
    """Draw the figures of ``deck`` into ``out``; ``{}`` for a deck without figures."""
    maker = MAKERS.get(deck)
    if maker is None:
        return {}
    with plt.rc_context(STYLE):
        return maker(out)
