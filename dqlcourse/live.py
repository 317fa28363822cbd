"""A live training display: return curve and progress bar, updated in place.

:class:`LiveTraining` is a training callback. In Jupyter, JupyterLab, VS Code and Colab it
shows one output that it *replaces* (an IPython display handle), at most once per
``every_seconds``: a progress bar with the step count, speed and epsilon, and a plot of every
episode's return with its 100-episode mean. Outside IPython (scripts, CI logs) it prints one
short line instead, at most once per ``every_seconds``.
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from dqlcourse.plotting import moving_average


def plot_returns(returns: Sequence[float], end_steps: Sequence[int] | None = None,
                 ax: Axes | None = None, window: int = 100, threshold: float | None = None,
                 label: str = "") -> Axes:
    """Episode returns (faint) and their ``window``-episode moving average (bold).

    Args:
        returns: one return per episode, shape ``(n_episodes,)``.
        end_steps: the env step at which each episode ended (x axis); episode index if ``None``.
        ax: where to draw; a new figure when ``None``.
        window: moving-average window in episodes.
        threshold: draw a dashed horizontal line there (e.g. 475 for CartPole-v1).
        label: legend prefix (to compare runs on one Axes).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    y = np.asarray(returns, dtype=float)
    x = np.asarray(end_steps if end_steps is not None else np.arange(1, y.size + 1), dtype=float)
    prefix = f"{label}: " if label else ""
    line = ax.plot(x, y, alpha=0.25, linewidth=0.8)[0]
    ax.plot(x, moving_average(y, window), color=line.get_color(), linewidth=2,
            label=f"{prefix}mean of last {window} episodes")
    if threshold is not None:
        ax.axhline(threshold, color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel("environment steps" if end_steps is not None else "episode")
    ax.set_ylabel("episode return")
    if y.size:
        ax.legend(loc="upper left", fontsize=8)
    return ax


def progress_html(step: int, total: int, text: str) -> str:
    """An HTML progress bar with a line of text (works in Jupyter and Colab)."""
    frac = 0.0 if total <= 0 else min(max(step / total, 0.0), 1.0)
    return (f'<div style="font-family:monospace"><progress value="{frac:.4f}" max="1" '
            f'style="width:45%;vertical-align:middle"></progress> '
            f"{100 * frac:5.1f}% {html.escape(text)}</div>")


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ != "TerminalInteractiveShell"


class LiveTraining:
    """Training callback that shows progress and the return curve while the agent trains.

    Call it with the agent at the end of every episode (the training loop does). It never asks
    training to stop, unless ``stop`` (another callback) does; call :meth:`close` at the end to
    draw the final state.

    Args:
        total_steps: the agent's step count at which training will end (for the progress bar;
            when resuming, the steps already taken plus the new budget).
        every_seconds: minimum time between two redraws.
        window: moving-average window in episodes.
        threshold: a dashed line on the plot (the return that counts as solved).
        stop: an optional callback ``agent -> bool`` called at every episode end; training
            stops when it returns True.
        title: shown above the plot.
    """

    def __init__(self, total_steps: int, every_seconds: float = 1.0, window: int = 100,
                 threshold: float | None = None, stop: Callable[[Any], bool] | None = None,
                 title: str = ""):
        self.total_steps, self.every_seconds, self.window = total_steps, every_seconds, window
        self.threshold, self.stop, self.title = threshold, stop, title
        self.notebook = _in_notebook()
        self._handle: Any = None
        self._t0: float | None = None
        self._start_step = 0
        self._last_draw = -float("inf")
        self._agent: Any = None

    def status(self, agent: Any) -> tuple[int, str]:
        """``(step, one-line summary)`` of the agent's training so far."""
        h = agent.history
        elapsed = max(time.perf_counter() - (self._t0 or time.perf_counter()), 1e-9)
        speed = (agent.steps - self._start_step) / elapsed
        mean = float(np.mean(h.episode_returns[-self.window:])) if h.episode_returns else float("nan")
        eps = h.epsilons[-1] if h.epsilons else float("nan")
        return agent.steps, (f"step {agent.steps:,}/{self.total_steps:,} · {agent.episodes} "
                             f"episodes · mean return (last {self.window}) {mean:.1f} · "
                             f"epsilon {eps:.3f} · {speed:,.0f} steps/s · {elapsed:.0f} s")

    def _figure_png(self, agent: Any) -> bytes:
        h = agent.history
        fig, ax = plt.subplots(figsize=(7, 3.2))
        plot_returns(h.episode_returns, h.episode_end_steps, ax=ax, window=self.window,
                     threshold=self.threshold)
        if self.title:
            ax.set_title(self.title)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        plt.close(fig)
        return buf.getvalue()

    def draw(self, agent: Any) -> None:
        """Redraw now (in a notebook: replace the previous output)."""
        step, text = self.status(agent)
        if not self.notebook:
            print(text, flush=True)
            return
        from IPython.display import HTML, display

        png = base64.b64encode(self._figure_png(agent)).decode("ascii")
        content = HTML(progress_html(step, self.total_steps, text)
                       + f'<img src="data:image/png;base64,{png}"/>')
        if self._handle is None:
            self._handle = display(content, display_id=True)
        else:
            self._handle.update(content)

    def __call__(self, agent: Any) -> bool:
        now = time.perf_counter()
        if self._t0 is None:
            self._t0, self._start_step = now, agent.steps
        self._agent = agent
        if now - self._last_draw >= self.every_seconds:
            self._last_draw = now
            self.draw(agent)
        return bool(self.stop(agent)) if self.stop is not None else False

    def close(self) -> None:
        """Draw the final state once more."""
        if self._agent is not None:
            self.draw(self._agent)
