"""Figures of the lecture decks, drawn from the reference solutions at build time.

``make(deck, out_dir)`` returns ``{figure name: PNG path}`` for a deck; a deck refers to a
figure as ``![caption](figure:NAME)``. Figures use the answer cells of ``solutions/`` (through
``autograder.notebooks.define_answers``) and the course package, never pasted images.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from autograder.notebooks import SOLUTIONS, answer_source, define_answers, read_notebook  # noqa: E402
from dqlcourse.envs import make as make_env  # noqa: E402
from dqlcourse.plotting import plot_return_histogram  # noqa: E402
from dqlcourse.seeding import reset_seeded, seed_everything  # noqa: E402


def answers(notebook: str) -> dict:
    """The reference functions of a solution notebook, by name."""
    return define_answers(answer_source(read_notebook(SOLUTIONS / f"{notebook}.ipynb")))


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


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
    figures["cartpole"] = _save(fig, out / "cartpole.png")
    return figures


#: deck name -> figure maker; decks without figures are absent.
MAKERS: dict[str, Callable[[Path], dict[str, Path]]] = {"01_random_agent": deck_01}


def make(deck: str, out: Path) -> dict[str, Path]:
    """Draw the figures of ``deck`` into ``out``; ``{}`` for a deck without figures."""
    maker = MAKERS.get(deck)
    return maker(out) if maker else {}
