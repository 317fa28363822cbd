"""Figures of notebooks 02 and 03: values and policies on a grid, convergence, learning curves.

Every function takes data and an optional ``Axes``, draws, and returns the ``Axes``.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm

from dqlcourse.mdp import TabularMDP
from dqlcourse.plotting import moving_average

#: Cell letters drawn as labels, with their meaning.
CELL_LABELS = {"G": "goal", "P": "pit", "H": "hole", "C": "cliff", "S": "start"}


def relative_luminance(rgba: Sequence[float]) -> float:
    """WCAG relative luminance of an RGB(A) colour with channels in [0, 1]: 0 black, 1 white."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ink_for(rgba: Sequence[float]) -> str:
    """``"black"`` or ``"white"``, whichever contrasts more with a cell of colour ``rgba``.

    The WCAG contrast ratios with black and white are equal at a luminance of about 0.179:
    darker cells (viridis' purples and blues, the deep reds and greens of RdYlGn) get white.
    """
    lum = relative_luminance(rgba)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"


def plot_grid_values(mdp: TabularMDP, values: Sequence[float], policy: Sequence[int] | None = None,
                     ax: Axes | None = None, title: str | None = None, annotate: bool = True,
                     vmin: float | None = None, vmax: float | None = None) -> Axes:
    """A state-value heatmap on the MDP's grid, with an arrow per state for ``policy``.

    Args:
        mdp: a grid MDP (``mdp.desc`` and ``mdp.moves`` set).
        values: one value per state, shape ``(S,)``, e.g. ``Q.max(axis=1)``.
        policy: one action per state, shape ``(S,)``; no arrows on terminal and wall cells.
        ax: where to draw; a new figure when ``None``.
        title: the axes title.
        annotate: write each value in its cell.
        vmin, vmax: colour range; by default symmetric around 0 when values have both signs.

    Walls ``#`` and cliff cells ``C`` are drawn grey, without a value.
    """
    if mdp.desc is None:
        raise ValueError(f"{mdp.name} has no grid to draw on")
    n_rows, n_cols = mdp.shape
    grid = np.asarray(values, dtype=float).reshape(n_rows, n_cols)
    walls = np.array([[ch in "#C" for ch in row] for row in mdp.desc])  # walls and cliff: grey
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * n_cols + 1.5, 1.1 * n_rows + 0.6))
    shown = np.ma.masked_array(grid, mask=walls)
    lo = float(shown.min()) if vmin is None else vmin
    hi = float(shown.max()) if vmax is None else vmax
    if lo < 0 < hi:
        norm = TwoSlopeNorm(vcenter=0.0, vmin=lo, vmax=hi)
        cmap = "RdYlGn"
    else:
        norm, cmap = plt.Normalize(lo, hi if hi > lo else lo + 1e-9), "viridis"
    cm = plt.get_cmap(cmap).with_extremes(bad="0.35")  # walls and cliff
    image = ax.imshow(shown, cmap=cm, norm=norm)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    for s in range(mdp.n_states):
        r, c = divmod(s, n_cols)
        cell = mdp.desc[r][c]
        label = CELL_LABELS.get(cell, "") if cell != "S" else ""
        if walls[r, c]:
            if label:
                ax.text(c, r, label, ha="center", va="center", fontsize=8, color="white")
            continue
        # Text and arrows in black or white, whichever reads better on this cell's colour.
        ink = ink_for(image.cmap(image.norm(grid[r, c])))
        if annotate:
            ax.text(c, r + 0.32, f"{grid[r, c]:.2f}", ha="center", va="center", fontsize=8,
                    color=ink)
        if label:
            ax.text(c, r - 0.3, label, ha="center", va="center", fontsize=8, weight="bold",
                    color=ink)
        if policy is not None and not mdp.terminal[s] and cell not in "CH" and mdp.moves:
            dr, dc = mdp.moves[int(policy[s])]
            ax.annotate("", xy=(c + 0.3 * dc, r - 0.05 + 0.3 * dr), xytext=(c, r - 0.05),
                        arrowprops={"arrowstyle": "->", "lw": 1.8, "color": ink})
    ax.set_xticks(range(n_cols))
    ax.set_yticks(range(n_rows))
    ax.set_title(title if title is not None else mdp.name)
    return ax


def plot_convergence(deltas: Sequence[float], tol: float | None = None, ax: Axes | None = None,
                     label: str | None = None) -> Axes:
    """``max |Q_{k+1} - Q_k|`` per sweep on a log scale.

    Args:
        deltas: the change of each sweep, shape ``(n_sweeps,)``.
        tol: draw the stopping tolerance as a dashed line.
        ax: where to draw; a new figure when ``None``.
        label: legend label of the curve.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    d = np.maximum(np.asarray(deltas, dtype=float), np.finfo(float).tiny)
    ax.semilogy(np.arange(1, len(d) + 1), d, label=label)
    if tol is not None:
        ax.axhline(tol, color="tab:red", linestyle="--", label=f"tolerance {tol:g}")
    ax.set_xlabel("sweep k")
    ax.set_ylabel(r"$\max_{s,a} |Q_{k}(s,a) - Q_{k-1}(s,a)|$")
    if label is not None or tol is not None:
        ax.legend()
    return ax


def plot_learning_curve(returns: Sequence[float], window: int = 100, ax: Axes | None = None,
                        label: str = "", ylabel: str = "episode return", raw: bool = True) -> Axes:
    """Episode returns (faint) and their trailing moving average over ``window`` episodes.

    Args:
        returns: one return per episode, shape ``(n_episodes,)``.
        window: moving-average window in episodes.
        ax: where to draw; a new figure when ``None``.
        label: legend label of the moving average.
        ylabel: y-axis label.
        raw: also draw every episode's return, faintly (turn off for 0/1 returns).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    returns = np.asarray(returns, dtype=float)
    x = np.arange(1, len(returns) + 1)
    line, = ax.plot(x, moving_average(returns, window), label=f"{label} (mean of {window})".strip())
    if raw:
        ax.plot(x, returns, color=line.get_color(), alpha=0.15, lw=0.8)
    ax.set_xlabel("episode")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def plot_q_gap(episodes: Sequence[int], gaps: Sequence[float], ax: Axes | None = None,
               label: str = "", ylabel: str = r"$\max_{s,a} |Q(s,a) - Q^*(s,a)|$") -> Axes:
    """The distance between learned and optimal Q-values as training goes on (log scale)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    ax.semilogy(episodes, np.maximum(np.asarray(gaps, dtype=float), 1e-12), label=label or None)
    ax.set_xlabel("episode")
    ax.set_ylabel(ylabel)
    if label:
        ax.legend()
    return ax
