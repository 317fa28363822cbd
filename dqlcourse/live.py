"""A live training display: return curve and progress bar, updated in place.

:class:`LiveTraining` is a training callback. In Jupyter, JupyterLab, VS Code and Colab it
shows one output that it *replaces* (an IPython display handle), at most once per
``every_seconds``: a progress bar with one short status line (steps, episodes, mean return,
epsilon, speed), and a plot of every episode's return with its 100-episode mean and, when it is
given them, the greedy evaluations that decide early stopping (:func:`plot_evaluations`).
Outside IPython (scripts, CI logs) it prints the status line instead. :meth:`LiveTraining.close`
draws the final state and says how training ended (all steps done, or stopped early at step N).
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
from matplotlib.figure import Figure

from dqlcourse.plotting import moving_average


def plot_returns(returns: Sequence[float], end_steps: Sequence[int] | None = None,
                 ax: Axes | None = None, window: int = 100, threshold: float | None = None,
                 label: str = "", color: str | None = None) -> Axes:
    """Episode returns (faint) and their ``window``-episode moving average (bold).

    Args:
        returns: one return per episode, shape ``(n_episodes,)``.
        end_steps: the env step at which each episode ended (x axis); episode index if ``None``.
        ax: where to draw; a new figure when ``None``.
        window: moving-average window in episodes.
        threshold: draw a dashed horizontal line there (e.g. 475 for CartPole-v1).
        label: legend prefix (to compare runs on one Axes).
        color: colour of both curves (the next one of the Axes' cycle when ``None``).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    y = np.asarray(returns, dtype=float)
    x = np.asarray(end_steps if end_steps is not None else np.arange(1, y.size + 1), dtype=float)
    prefix = f"{label}: " if label else ""
    line = ax.plot(x, y, alpha=0.25, linewidth=0.8, color=color)[0]
    ax.plot(x, moving_average(y, window), color=line.get_color(), linewidth=2,
            label=f"{prefix}mean of last {window} episodes")
    if threshold is not None:
        ax.axhline(threshold, color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel("environment steps" if end_steps is not None else "episode")
    ax.set_ylabel("episode return")
    if y.size:
        ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_evaluations(evaluations: Sequence[tuple], ax: Axes, label: str = "greedy evaluation",
                     line: bool = False, color: str | None = None,
                     linestyle: str = "-") -> Axes:
    """Greedy evaluations as points: ``(step, mean return, ...)`` tuples, e.g.
    :attr:`dqlcourse.dqn.StopWhenSolved.evaluations` (its third field, the number of episodes,
    is not drawn). The last point is labelled with its return.

    Args:
        evaluations: one ``(step, mean greedy return, ...)`` tuple per evaluation.
        ax: where to draw.
        label: legend label.
        line: join the points with a line (to compare runs); points only when False.
        color: matplotlib colour (the next one of the cycle when ``None``).
        linestyle: the joining line's style, when ``line`` is True.
    """
    if not evaluations:
        return ax
    steps = [float(e[0]) for e in evaluations]
    means = [float(e[1]) for e in evaluations]
    drawn = ax.plot(steps, means, marker="o", markersize=5, linestyle=linestyle if line else "none",
                    color=color, markeredgecolor="black", markeredgewidth=0.6, label=label)[0]
    ax.annotate(f"{means[-1]:.0f}", (steps[-1], means[-1]), textcoords="offset points",
                xytext=(4, 4), fontsize=8, color=drawn.get_color())
    return ax


#: Width of the progress bar, in characters of the status line's monospace font.
BAR_CH = 8
#: Width of the live figure in pixels; the status line above it is no wider.
FIGURE_PX = 900
#: Longest status line :meth:`LiveTraining.status` writes (bar, percentage and text: ~100).
STATUS_CHARS = 84


def progress_html(step: int, total: int, text: str, ended: bool = False) -> str:
    """An HTML progress bar with a line of text (works in Jupyter and Colab).

    ``text`` is split at ``" · "`` into phrases that never break inside (a narrow output
    wraps between phrases, not mid-phrase); the bar is :data:`BAR_CH` characters wide. An
    ``ended`` run's line has the class ``dql-live-ended`` (the browser tests wait for it).
    """
    frac = 0.0 if total <= 0 else min(max(step / total, 0.0), 1.0)
    phrases = " · ".join(f'<span style="white-space:nowrap">{html.escape(p)}</span>'
                         for p in text.split(" · "))
    css_class = ' class="dql-live-ended"' if ended else ""
    return (f'<div{css_class} style="font-family:monospace"><progress value="{frac:.4f}" max="1" '
            f'style="width:{BAR_CH}ch;vertical-align:middle"></progress> '
            f"{100 * frac:5.1f}% {phrases}</div>")


def ending(step: int, total: int, reason: str = "") -> str:
    """How a run of ``total`` steps ended at ``step``: "done: 60,000 steps", or "stopped early
    at 9,000 of 60,000 steps" with ``": reason"`` when one is given."""
    if step >= total:
        return f"done: {step:,} steps"
    return f"stopped early at {step:,} of {total:,} steps" + (f": {reason}" if reason else "")


def duration(seconds: float) -> str:
    """A short wall time: "42 s", "17 min", "3.5 h"."""
    if seconds < 100:
        return f"{seconds:.0f} s"
    if seconds < 6_000:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3_600:.1f} h"


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
        evaluations: a list that another callback appends ``(step, mean greedy return, ...)``
            to, e.g. ``StopWhenSolved(...).evaluations``; each is drawn as a point.
    """

    def __init__(self, total_steps: int, every_seconds: float = 1.0, window: int = 100,
                 threshold: float | None = None, stop: Callable[[Any], bool] | None = None,
                 title: str = "", evaluations: Sequence[tuple] | None = None):
        self.total_steps, self.every_seconds, self.window = total_steps, every_seconds, window
        self.threshold, self.stop, self.title = threshold, stop, title
        self.evaluations = evaluations if evaluations is not None else []
        self.ending = ""  # set by close(): how training ended
        self.notebook = _in_notebook()
        self._handle: Any = None
        self._t0: float | None = None
        self._start_step = 0
        self._last_draw = -float("inf")
        self._agent: Any = None

    def status(self, agent: Any) -> tuple[int, str]:
        """``(step, one-line summary)`` of the agent's training so far: short phrases joined by
        ``" · "``, at most :data:`STATUS_CHARS` characters for a run of up to a million steps
        and 100,000 episodes, so that bar and text fit one line of ~100 characters. After
        :meth:`close` the first phrase says how training ended (episodes, epsilon and speed left
        out)."""
        h = agent.history
        elapsed = max(time.perf_counter() - (self._t0 or time.perf_counter()), 1e-9)
        speed = (agent.steps - self._start_step) / elapsed
        mean = float(np.mean(h.episode_returns[-self.window:])) if h.episode_returns else float("nan")
        eps = h.epsilons[-1] if h.epsilons else float("nan")
        if self.ending:
            phrases = [self.ending, f"mean({self.window}) {mean:.1f}"]
        else:
            phrases = [f"step {agent.steps:,}/{self.total_steps:,}", f"{agent.episodes:,} ep.",
                       f"mean({self.window}) {mean:.1f}", f"ε {eps:.2f}", f"{speed:,.0f} steps/s"]
        return agent.steps, " · ".join(phrases + [duration(elapsed)])

    def figure(self, agent: Any) -> Figure:
        """The plot of the agent's training so far (the caller closes it): the returns, their
        moving average, the threshold, and a point for each greedy evaluation."""
        h = agent.history
        fig, ax = plt.subplots(figsize=(FIGURE_PX / 100, 3.2))
        plot_returns(h.episode_returns, h.episode_end_steps, ax=ax, window=self.window,
                     threshold=self.threshold)
        plot_evaluations(self.evaluations, ax, color="black",
                         label="greedy evaluation (mean return)")
        if self.evaluations:
            ax.legend(loc="upper left", fontsize=8)
        if self.title:
            ax.set_title(self.title)
        fig.tight_layout()
        return fig

    def _figure_png(self, agent: Any) -> bytes:
        fig = self.figure(agent)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
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
        content = HTML(progress_html(step, self.total_steps, text, ended=bool(self.ending))
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

    def close(self, reason: str = "") -> None:
        """Draw the final state once more, saying how training ended.

        Args:
            reason: why training stopped before ``total_steps``, e.g. ``"solved"``; the status
                then reads "stopped early at 9,000 of 60,000 steps: solved".
        """
        if self._agent is None:
            return
        self.ending = ending(self._agent.steps, self.total_steps, reason)
        self.draw(self._agent)
