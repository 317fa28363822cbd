"""Figures of the lecture decks, drawn from the reference solutions at build time.

``make(deck, out_dir)`` returns ``{figure name: PNG path}`` for a deck; a deck refers to a
figure as ``![caption](figure:NAME)``. Figures use the answer cells of ``solutions/`` (through
``autograder.notebooks.define_answers``) and the course package, never pasted images.

Every figure is seeded, so a build draws the same pictures every time, and cheap: the whole
``make slides`` runs in well under two minutes on one core. The training runs behind the
figures are shorter than the notebooks' (the captions say so).

Deck 05's figures run notebook 05's reference preprocessing and frame stacking on CartPole's
``rgb_array`` frames, with the notebook's settings (``dqlcourse.pixels.CARTPOLE_PIXELS``).

Text size on the slides. A figure is drawn at ``DPI`` and shown at ``DISPLAY`` CSS pixels per
PNG pixel (``slides/build.py`` writes that size into the page), so one point of matplotlib text
is ``DPI * DISPLAY / 72 = 1`` CSS pixel on a 1280x720 slide. ``STYLE`` sets every text to 18
points or more, and ``_save`` raises any smaller text (the helpers' 8-point cell labels) to
``MIN_TEXT_PX`` and records the smallest text of each figure in ``NAME.json`` next to its PNG
(``min_text_px``, in PNG pixels), which the browser test multiplies by the shown scale. Give
``figsize`` as CSS pixels with ``px(width, height)``.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402
from torch import nn  # noqa: E402

from autograder.notebooks import SOLUTIONS, define_answers, read_notebook  # noqa: E402
from dqlcourse.dqn import (  # noqa: E402
    DQNConfig, StopWhenSolved, chain_callbacks, make_batch, q_diagnostics)
from dqlcourse.envs import make as make_env  # noqa: E402
from dqlcourse.gridviz import (  # noqa: E402
    ink_for, plot_convergence, plot_grid_values, plot_learning_curve, plot_q_gap)
from dqlcourse.live import plot_returns  # noqa: E402
from dqlcourse.mdp import expected_return, from_env, gridworld, optimal_q  # noqa: E402
from dqlcourse.pixels import CARTPOLE_PIXELS, set_canvas  # noqa: E402
from dqlcourse.plotting import plot_return_histogram  # noqa: E402
from dqlcourse.qlearning import QLearningConfig, greedy_success, q_gap  # noqa: E402
from dqlcourse.seeding import reset_seeded, seed_everything  # noqa: E402


def answers(notebook: str) -> dict:
    """The reference functions of a solution notebook, by name."""
    return define_answers(read_notebook(SOLUTIONS / f"{notebook}.ipynb"))


def notebook_functions(notebook: str, name: str, namespace: dict) -> dict:
    """Define the functions of the solution notebook's code cell that defines ``name`` (an
    ungraded cell, e.g. the optional SARSA), without running the rest of the cell."""
    for cell in read_notebook(SOLUTIONS / f"{notebook}.ipynb").cells:
        if cell.cell_type != "code" or f"def {name}(" not in cell.source:
            continue
        tree = ast.parse(cell.source)
        tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        exec(compile(tree, f"{notebook}.ipynb", "exec"), namespace)
        return namespace
    raise LookupError(f"solutions/{notebook}.ipynb defines no {name}")


def _clean(values: np.ndarray) -> np.ndarray:
    """Values to draw: ``-1e-17`` and ``-0.0`` become ``0.0`` (no "-0.00" labels, no red)."""
    return np.round(np.asarray(values, dtype=float), 12) + 0.0


#: Resolution of the PNGs, and CSS pixels of the slide per PNG pixel (a 2x image).
DPI, DISPLAY = 144, 0.5
#: The smallest text allowed on a slide, in CSS pixels at 1280x720 (labels included).
MIN_TEXT_PX = 18
#: CSS pixels per point of matplotlib text on the slide.
PX_PER_PT = DPI * DISPLAY / 72

#: Matplotlib settings of every slide figure: nothing below 20 points (20 px on the slide).
STYLE = {"font.size": 22, "axes.titlesize": 22, "axes.labelsize": 22, "xtick.labelsize": 20,
         "ytick.labelsize": 20, "legend.fontsize": 20, "figure.titlesize": 22,
         "legend.title_fontsize": 20, "lines.linewidth": 2.5, "axes.linewidth": 1.2,
         "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
         "savefig.pad_inches": 0.08}


def px(width: float, height: float) -> tuple[float, float]:
    """A ``figsize`` in inches for a figure shown ``width`` x ``height`` CSS pixels."""
    return width / (DPI * DISPLAY), height / (DPI * DISPLAY)


def _texts(fig) -> list[Text]:
    """The figure's visible, non-empty texts (tick labels, titles, legends, annotations)."""
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _contrast(ax) -> None:
    """Cell labels of any heatmap in the colour that contrasts with their cell (the course's
    one rule, :func:`dqlcourse.gridviz.ink_for`)."""
    if not ax.images:
        return
    image = ax.images[0]
    data = image.get_array()
    for text in ax.texts:
        if text.get_color() == "white":
            continue
        x, y = text.get_position()
        r, c = int(round(y)), int(round(x))
        if not (0 <= r < data.shape[0] and 0 <= c < data.shape[1]) or np.ma.is_masked(data[r, c]):
            continue
        text.set_color(ink_for(image.cmap(image.norm(data[r, c]))))


def read_meta(path: Path) -> dict:
    """What ``_save`` recorded about a figure (``min_text_px``: its smallest text, PNG px)."""
    return json.loads(path.with_suffix(".json").read_text())


def _plain_log_ticks(ax) -> None:
    """Log axes labelled ``0.1``, ``1e-08`` (no mathtext powers, whose exponents are small)."""
    for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
        if scale == "log":
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_formatter(NullFormatter())


def _save(fig, path: Path) -> Path:
    """Write a figure as a PNG with the rules of the slides: log ticks without powers, no
    mathtext (its sub- and superscripts would be smaller than the text size), every text at
    least ``MIN_TEXT_PX`` on the slide, heatmap labels in a contrasting colour; record the
    smallest text size in ``NAME.json``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for ax in fig.axes:
        _plain_log_ticks(ax)
    mathtext = [t.get_text() for t in _texts(fig) if t.get_text().count("$") >= 2]
    if mathtext:
        raise ValueError(f"{path.name}: mathtext in a slide figure: {mathtext}")
    minimum = MIN_TEXT_PX / PX_PER_PT
    for text in _texts(fig):
        if text.get_fontsize() < minimum:
            text.set_fontsize(minimum)
    for ax in fig.axes:
        _contrast(ax)
    sizes = [t.get_fontsize() for t in _texts(fig)]
    smallest = min(sizes) if sizes else None  # None: a picture without text
    # No software version in the file: the same figure gives the same bytes.
    fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    path.with_suffix(".json").write_text(json.dumps(
        {"min_text_pt": smallest, "dpi": DPI, "display": DISPLAY,
         "min_text_px": None if smallest is None else smallest * DPI / 72}, indent=1) + "\n")
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
    fig, axes = plt.subplots(1, 2, figsize=px(1150, 360))
    plot_return_histogram(returns, ax=axes[0], label="return")
    plot_return_histogram(discounted, ax=axes[1], label="discounted return, gamma = 0.99")
    fig.tight_layout()
    figures = {"random_returns": _save(fig, out / "random_returns.png")}

    render_env = make_env("CartPole-v1", render_mode="rgb_array")
    reset_seeded(render_env, 0)
    fig, ax = plt.subplots(figsize=px(540, 360))
    ax.imshow(render_env.render())
    ax.set_axis_off()
    render_env.close()
    figures["cartpole"] = _save(fig, out / "cartpole.png")

    # The weight of the reward t steps ahead: the reference discounted_return of a single 1.
    fig, ax = plt.subplots(figsize=px(1000, 360))
    t = np.arange(0, 400)
    for gamma, color in ((0.9, "tab:orange"), (0.99, "tab:blue")):
        weights = [ref["discounted_return"]([0.0] * k + [1.0], gamma) for k in t]
        horizon = 1 / (1 - gamma)
        ax.plot(t, weights, color=color, label=f"gamma = {gamma}")
        ax.axvline(horizon, color=color, linestyle=":", lw=2,
                   label=f"1/(1 - gamma) = {horizon:.0f} steps")
    ax.set_xlabel("steps ahead t")
    ax.set_ylabel("weight of reward t")
    ax.axhline(np.exp(-1), color="gray", lw=1, linestyle="--", label="1/e = 0.37")
    ax.legend(loc="upper right")
    figures["discount_weights"] = _save(fig, out / "discount_weights.png")
    env.close()
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
    fig, ax = plt.subplots(figsize=px(640, 340))
    plot_grid_values(grid, _clean(Q_star.max(axis=1)), ref["greedy_policy"](Q_star), ax=ax,
                     title=f"V* and greedy policy ({n_sweeps} sweeps)")
    figures["gridworld_values"] = _save(fig, out / "gridworld_values.png")

    # The values after 1 and 3 backups from Q = 0, and at convergence.
    Q, snapshots = np.zeros(grid.P.shape[:2]), {}
    for k in range(1, 4):
        Q = ref["bellman_backup"](Q, grid.P, grid.R, 0.9)
        snapshots[k] = Q.max(axis=1)
    values = [_clean(snapshots[1]), _clean(snapshots[3]), _clean(Q_star.max(axis=1))]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    fig, axes = plt.subplots(1, 3, figsize=px(1200, 300))
    for ax, v, title in zip(axes, values, ("after 1 backup", "after 3 backups",
                                            f"after {n_sweeps} (converged)")):
        plot_grid_values(grid, v, None, ax=ax, title=title, vmin=lo, vmax=hi)
    figures["backups"] = _save(fig, out / "backups.png")

    fig, ax = plt.subplots(figsize=px(1000, 400))
    for gamma in (0.5, 0.9, 0.99):
        _, n = ref["q_value_iteration"](grid.P, grid.R, gamma, tol=1e-8)
        plot_convergence(sweep_changes(ref["bellman_backup"], grid.P, grid.R, gamma, n), ax=ax,
                         label=f"gamma = {gamma} ({n} sweeps)")
    ax.axhline(1e-8, color="tab:red", linestyle="--", label="tolerance 1e-8")
    ax.set_ylabel("largest change of Q")
    ax.legend(loc="upper right")
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
    fig, axes = plt.subplots(1, 2, figsize=px(1100, 330))
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
#: Notebook 03's configuration for CliffWalking-v1 (its full budget).
CLIFF = QLearningConfig(episodes=500, gamma=0.99, alpha_start=0.5, alpha_end=0.05, eps_start=0.1,
                        eps_end=0.1, eps_decay_episodes=1, seed=0)


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


def greedy_path(mdp, Q: np.ndarray, start: int, steps: int = 60) -> list[int]:
    """The states the greedy policy of ``Q`` visits from ``start`` in a deterministic MDP."""
    path, state = [start], start
    for _ in range(steps):
        state = int(mdp.P[state, int(np.argmax(Q[state]))].argmax())
        path.append(state)
        if mdp.P[state].sum(axis=1).max() == 0 or mdp.desc[state // mdp.shape[1]][
                state % mdp.shape[1]] in "GC":
            break
    return path


def deck_03(out: Path) -> dict[str, Path]:
    ref = answers("03_q_learning")
    env = make_env("FrozenLake-v1")
    lake = from_env(env)
    Q_star = optimal_q(lake, LAKE.gamma)
    optimum = expected_return(lake, Q_star.argmax(axis=1), horizon=100)
    figures = {}

    log, record = _gap_recorder(lake, Q_star, every=25, episodes=LAKE.episodes)
    Q, returns = ref["train_q_learning"](env, LAKE, callback=record)
    fig, axes = plt.subplots(1, 2, figsize=px(1200, 400))
    plot_learning_curve(returns, window=100, ax=axes[0], label="training, exploring",
                        ylabel="success", raw=False)
    axes[0].plot(log["episode"], log["success"], color="tab:green", label="greedy, exact")
    axes[0].axhline(optimum, color="black", linestyle="--", label=f"optimum {optimum:.2f}")
    axes[0].set_ylim(0, 1.3)
    axes[0].set_yticks([0, 0.2, 0.4, 0.6, 0.8])
    axes[0].legend(loc="upper left")
    axes[0].set_title("FrozenLake-v1, slippery")
    plot_q_gap(log["episode"], log["max gap"], ax=axes[1], label="max over (s, a)")
    plot_q_gap(log["episode"], log["mean gap"], ax=axes[1], label="mean over (s, a)",
               ylabel="|Q - Q*|")
    axes[1].set_title("distance to the exact Q*")
    fig.tight_layout()
    figures["lake_learning"] = _save(fig, out / "lake_learning.png")

    fig, axes = plt.subplots(1, 2, figsize=px(1000, 400))
    values = [_clean(Q.max(axis=1)), _clean(Q_star.max(axis=1))]
    lo, hi = min(v.min() for v in values), max(v.max() for v in values)
    plot_grid_values(lake, values[0], Q.argmax(axis=1), ax=axes[0], vmin=lo, vmax=hi,
                     title=f"Q-learning, {LAKE.episodes} episodes")
    plot_grid_values(lake, values[1], Q_star.argmax(axis=1), ax=axes[1], vmin=lo, vmax=hi,
                     title="exact Q*")
    figures["lake_policy"] = _save(fig, out / "lake_policy.png")

    # The learning rate: three constant rates and the decaying one, one seed, half the episodes.
    fig, axes = plt.subplots(1, 2, figsize=px(1200, 360))
    episodes = LAKE.episodes // 2
    for start, end in ((0.02, 0.02), (0.1, 0.1), (0.5, 0.5), (0.2, 0.01)):
        config = dataclasses.replace(LAKE, episodes=episodes, eps_decay_episodes=episodes // 2,
                                     alpha_start=start, alpha_end=end)
        log, record = _gap_recorder(lake, Q_star, every=25, episodes=episodes)
        ref["train_q_learning"](env, config, callback=record)
        label = f"alpha = {start}" if start == end else f"alpha {start} to {end}"
        style = {"color": "black", "lw": 3} if start != end else {}
        axes[0].plot(log["episode"], log["success"], label=label, **style)
        plot_q_gap(log["episode"], log["mean gap"], ax=axes[1],
                   ylabel="mean |Q - Q*|").lines[-1].set(**style)
    axes[0].axhline(optimum, color="black", linestyle="--", lw=1, label=f"optimum {optimum:.2f}")
    axes[0].set_xlabel("episode")
    axes[0].set_ylabel("greedy success, exact")
    fig.tight_layout()
    fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center", ncol=5,
               bbox_to_anchor=(0.5, 1.1))
    figures["learning_rate"] = _save(fig, out / "learning_rate.png")

    # The schedules of notebook 03's lake configuration, from the reference linear_schedule.
    fig, ax = plt.subplots(figsize=px(900, 330))
    x = np.arange(LAKE.episodes)
    ax.plot(x, [ref["linear_schedule"](e, LAKE.eps_start, LAKE.eps_end, LAKE.eps_decay_episodes)
                for e in x], label="epsilon (decay over 1,500 episodes)")
    ax.plot(x, [ref["linear_schedule"](e, LAKE.alpha_start, LAKE.alpha_end, LAKE.episodes)
                for e in x], label="alpha (decay over 3,000 episodes)")
    ax.set_xlabel("episode")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper right")
    figures["schedules"] = _save(fig, out / "schedules.png")
    env.close()

    # CliffWalking: Q-learning and SARSA with the same constant epsilon = 0.1.
    cliff_env = make_env("CliffWalking-v1", max_episode_steps=200)
    cliff = from_env(cliff_env)
    Q_q, returns_q = ref["train_q_learning"](cliff_env, CLIFF)
    sarsa = notebook_functions("03_q_learning", "train_sarsa", {"np": np, **ref})
    Q_s, returns_s = sarsa["train_sarsa"](cliff_env, CLIFF)
    cliff_env.close()
    fig, axes = plt.subplots(1, 2, figsize=px(1200, 330), gridspec_kw={"width_ratios": [1, 1.5]})
    plot_learning_curve(returns_q, window=20, ax=axes[0], label="Q-learning", raw=False)
    plot_learning_curve(returns_s, window=20, ax=axes[0], label="SARSA", raw=False)
    axes[0].set_ylim(-160, 0)
    axes[0].set_ylabel("return, exploring")
    axes[0].legend(loc="lower right")
    n_rows, n_cols = cliff.shape
    cells = np.array([[0.0 if ch == "C" else 1.0 for ch in row] for row in cliff.desc])
    axes[1].imshow(cells, cmap="gray", vmin=-0.4, vmax=1.3)
    start = next(r * n_cols + c for r, row in enumerate(cliff.desc) for c, ch in enumerate(row)
                 if ch == "S")
    for Q_table, color, name, shift in ((Q_q, "tab:blue", "Q-learning", 0.12),
                                        (Q_s, "tab:orange", "SARSA", -0.12)):
        path = greedy_path(cliff, Q_table, start)
        axes[1].plot([s % n_cols for s in path], [s // n_cols + shift for s in path], color=color,
                     lw=4, label=name)
    axes[1].text(n_cols / 2 - 0.5, n_rows - 1, "cliff", ha="center", va="center", color="white")
    axes[1].text(0, n_rows - 1, "S", ha="center", va="center", weight="bold")
    axes[1].text(n_cols - 1, n_rows - 1, "G", ha="center", va="center", weight="bold")
    axes[1].set_xticks([])
    axes[1].set_yticks([])
    axes[1].set_title("greedy paths after training")
    axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2)
    fig.tight_layout()
    figures["cliff"] = _save(fig, out / "cliff.png")
    return figures


# --------------------------------------------------------------------------------- deck 04

#: Notebook 04's CartPole run: its configuration (DQNConfig's defaults, 60,000 steps at most)
#: and its stopping rule (greedy evaluations every 2,000 steps from step 4,000; stop when the
#: mean of the 100 evaluation episodes reaches 475). Seed 0 stops after about 19,000 steps,
#: a few seconds on one core.
CARTPOLE = DQNConfig(env_id="CartPole-v1", seed=0, total_steps=60_000)
SOLVED = 475


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


class _Table(nn.Module):
    """A mock Q-network: row ``int(obs[0])`` of a fixed table of Q-values."""

    def __init__(self, table: torch.Tensor):
        super().__init__()
        self.table = table

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.table[obs[:, 0].long()]


class _Free(nn.Module):
    """A mock Q-network whose Q-values are one trainable row, the same for every state."""

    def __init__(self, n_actions: int):
        super().__init__()
        self.q = nn.Parameter(torch.zeros(1, n_actions))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.q.expand(obs.shape[0], -1)


def deck_04(out: Path) -> dict[str, Path]:
    ref = answers("04_dqn")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _deck_04(ref, out)
    finally:
        torch.set_num_threads(threads)


def _deck_04(ref: dict, out: Path) -> dict[str, Path]:
    config = CARTPOLE
    figures = {}
    solved = StopWhenSolved(lambda: make_env(config.env_id), threshold=SOLVED, every_steps=2_000,
                            start_step=4_000)

    diagnostics = []

    def log_q(agent) -> bool:
        due = not diagnostics or agent.steps - diagnostics[-1][0] >= 250
        if due and len(agent.buffer) >= 256:
            stats = q_diagnostics(agent.q_net, agent.target_net, agent.buffer.sample(256),
                                  config.gamma)
            diagnostics.append((agent.steps, stats["q_mean"], stats["q_max"]))
        return False

    agent = ref["train_dqn"](config, lambda: make_env(config.env_id),
                             callback=chain_callbacks(log_q, solved))
    history = agent.history
    fig, axes = plt.subplots(1, 2, figsize=px(1200, 420), gridspec_kw={"width_ratios": [1.5, 1]})
    plot_returns(history.episode_returns, history.episode_end_steps, ax=axes[0], window=20,
                 threshold=SOLVED)
    axes[0].get_legend().remove()
    screens = [(step, mean) for step, mean, n in solved.evaluations if n < 100]
    final = [(step, mean) for step, mean, n in solved.evaluations if n >= 100]
    axes[0].plot(*zip(*screens), "o", color="tab:red", ms=8, label="greedy, 10 episodes")
    if final:
        axes[0].plot(*zip(*final), "*", color="tab:red", ms=18, label="greedy, 100 episodes")
    axes[0].set_ylim(0, 680)
    axes[0].set_yticks([0, 100, 200, 300, 400, 500])
    if final:
        step, mean = final[-1]
        axes[0].set_title(f"greedy mean {mean:.0f} at step {step:,} (seed {config.seed})")
    else:
        axes[0].set_title(f"not solved in {agent.steps:,} steps (seed {config.seed})")
    steps = np.arange(0, agent.steps + 1, 50)
    epsilon = axes[0].twinx()
    epsilon.spines["right"].set_visible(True)
    epsilon.plot(steps, [ref["linear_epsilon"](s, config.eps_start, config.eps_end,
                                               config.eps_decay_steps) for s in steps],
                 color="tab:gray", linestyle=":", label="epsilon (right axis)")
    epsilon.set_ylim(0, 1.36)
    epsilon.set_yticks([0, 0.5, 1])
    epsilon.set_ylabel("epsilon")
    handles = [h for a in (axes[0], epsilon) for h in a.get_legend_handles_labels()[0]]
    axes[0].legend(handles, [h.get_label() for h in handles], loc="upper left", ncol=2,
                   columnspacing=1.0, handlelength=1.5)
    q_steps, q_mean, q_max = zip(*diagnostics)
    axes[1].plot(q_steps, q_mean, label="mean of max_a Q")
    axes[1].plot(q_steps, q_max, label="largest Q")
    axes[1].axhline(1 / (1 - config.gamma), color="gray", linestyle="--",
                    label="1 / (1 - gamma) = 100")
    axes[1].set_xlabel("environment steps")
    axes[1].set_ylabel("Q-value")
    axes[1].set_title("Q on 256 replayed states")
    axes[1].set_ylim(0, 150)
    axes[1].set_yticks([0, 25, 50, 75, 100])
    axes[1].legend(loc="upper left")
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
    fig, ax = plt.subplots(figsize=px(1000, 400))
    x = np.arange(n)
    bars = ax.bar(x - 0.2, y_right, 0.4, label="bootstrap unless terminated (right)",
                  color="tab:green")
    ax.bar_label(bars, fmt="%.1f")
    bars = ax.bar(x + 0.2, y_wrong, 0.4, label="done = terminated or truncated (wrong)",
                  color="tab:red", alpha=0.7)
    ax.bar_label(bars, fmt="%.1f")
    ax.set_xticks(x, list(flags))
    ax.set_ylabel("TD target y")
    ax.legend(loc="upper right")
    ax.set_ylim(0, 1.5 * float(max(y_right.max(), y_wrong.max())))
    figures["td_targets"] = _save(fig, out / "td_targets.png")

    t, trace, _ = _target_lag(ref["hard_update"], ref["soft_update"])
    fig, ax = plt.subplots(figsize=px(1000, 380))
    ax.plot(t, trace[0], color="black", lw=1.5, label="online weight")
    ax.plot(t, trace[1], color="tab:blue", label="hard_update every 50 steps")
    ax.plot(t, trace[2], color="tab:orange", label="soft_update, tau = 0.05")
    ax.set_xlabel("gradient step")
    ax.set_ylabel("weight")
    ax.legend(loc="lower right")
    figures["target_network"] = _save(fig, out / "target_network.png")

    # The reference dqn_loss of one transition as a function of its TD error, and its gradient.
    deltas = np.linspace(-3, 3, 121)
    losses, grads = [], []
    for delta in deltas:
        net, target = _Free(2), _Free(2)
        batch = make_batch([[0.0]], [0], [-delta], [[0.0]], [1.0], [0.0])
        loss = ref["dqn_loss"](net, target, batch, config.gamma)
        loss.backward()
        losses.append(float(loss.detach()))
        grads.append(float(net.q.grad[0, 0]))
    fig, axes = plt.subplots(1, 2, figsize=px(1100, 340))
    axes[0].plot(deltas, losses, label="dqn_loss (Huber)")
    axes[0].plot(deltas, 0.5 * deltas ** 2, linestyle="--", color="gray", label="delta^2 / 2")
    axes[0].set_ylim(0, 4.6)
    axes[0].set_xlabel("TD error delta = Q(s, a) - y")
    axes[0].set_ylabel("loss")
    axes[0].legend(loc="upper center")
    axes[1].plot(deltas, grads, label="d loss / d Q(s, a)")
    axes[1].plot(deltas, deltas, linestyle="--", color="gray", label="delta")
    axes[1].set_xlabel("TD error delta")
    axes[1].set_ylabel("gradient")
    axes[1].legend(loc="upper left")
    fig.tight_layout()
    figures["huber"] = _save(fig, out / "huber.png")

    # Over-estimation: every true Q-value is 0, the networks' estimates are noise (sd 1).
    generator = torch.Generator().manual_seed(0)
    sizes, plain, double = range(1, 11), [], []
    B = 4000
    for n_actions in sizes:
        online = _Table(torch.randn(B, n_actions, generator=generator))
        target = _Table(torch.randn(B, n_actions, generator=generator))
        index = np.arange(B, dtype=np.float32)[:, None]
        batch = make_batch(index, [0] * B, [0.0] * B, index, [0.0] * B, [0.0] * B)
        plain.append(float(ref["td_targets"](target, batch, 1.0).mean()))
        double.append(float(ref["double_dqn_targets"](online, target, batch, 1.0).mean()))
    fig, ax = plt.subplots(figsize=px(900, 360))
    ax.plot(sizes, plain, "o-", label="td_targets: max of the target net")
    ax.plot(sizes, double, "s-", label="double_dqn_targets")
    ax.axhline(0, color="gray", linestyle="--", label="true value 0")
    ax.set_xlabel("number of actions")
    ax.set_ylabel("mean target (r = 0)")
    ax.legend(loc="upper left")
    figures["overestimation"] = _save(fig, out / "overestimation.png")
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
    fig, axes = plt.subplots(1, 3, figsize=px(1200, 300))
    axes[0].imshow(big)
    axes[0].set_title(f"default canvas\n{big.shape[0]}x{big.shape[1]}x3 uint8")
    axes[1].imshow(frame)
    axes[1].add_patch(Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, fill=False,
                                edgecolor="tab:red", lw=2))
    axes[1].set_title(f"{spec.width}x{spec.height} canvas\ncrop rows {top}-{bottom}")
    axes[2].imshow(small, cmap="gray_r", vmin=0, vmax=1)
    axes[2].set_title(f"gray, {spec.factor}x{spec.factor} block means\n"
                      f"{small.shape[0]}x{small.shape[1]}, ink in [0, 1]")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    figures["preprocessing"] = _save(fig, out / "preprocessing.png")

    # The stack the network sees at the last step (k frames, oldest first) and its change.
    stack = np.zeros((spec.k, *spec.frame_shape), dtype=np.float32)
    for shot in frames[spec.width]:
        stack = ref["push_frame"](stack, ref["preprocess_frame"](shot, spec.crop, spec.factor))
    fig = plt.figure(figsize=px(1150, 380))
    grid = fig.add_gridspec(2, spec.k, height_ratios=[1, 1.7])
    axes = [fig.add_subplot(grid[0, k]) for k in range(spec.k)]
    axes.append(fig.add_subplot(grid[1, 1:spec.k - 1] if spec.k > 2 else grid[1, :]))
    for k, (ax, image) in enumerate(zip(axes, stack)):
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"frame t - {spec.k - 1 - k}" if k < spec.k - 1 else "frame t")
    motion = stack[-1] - stack[0]
    limit = float(np.abs(motion).max()) or 1.0
    axes[spec.k].imshow(motion, cmap="RdBu", vmin=-limit, vmax=limit)
    axes[spec.k].set_title(f"frame t minus frame t - {spec.k - 1} (blue: ink appeared)")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    figures["frame_stack"] = _save(fig, out / "frame_stack.png")
    return figures


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
