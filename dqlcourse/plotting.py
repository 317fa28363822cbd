"""The course's figures. Functions take data, draw on an ``Axes`` and return it."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes


def moving_average(values: Sequence[float], window: int = 100) -> np.ndarray:
    """Trailing mean, shape ``(len(values),)``: entry ``i`` averages
    ``values[max(0, i - window + 1) : i + 1]`` (fewer values at the start)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    x = np.asarray(values, dtype=float)
    csum = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(1, x.size + 1)
    lo = np.maximum(idx - window, 0)
    return (csum[idx] - csum[lo]) / (idx - lo)


def plot_return_histogram(returns: Sequence[float], ax: Axes | None = None,
                          label: str = "episode return", bins: int = 20) -> Axes:
    """Histogram of episode returns with their mean marked.

    Args:
        returns: one number per episode, shape ``(n_episodes,)``.
        ax: where to draw; a new figure when ``None``.
        label: x-axis label.
        bins: number of histogram bins.
    """
    values = np.asarray(returns, dtype=float)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(values, bins=bins, color="tab:blue", alpha=0.8)
    mean = float(values.mean()) if values.size else float("nan")
    ax.axvline(mean, color="tab:red", linestyle="--", label=f"mean = {mean:.1f}")
    ax.set_xlabel(label)
    ax.set_ylabel("episodes")
    ax.legend()
    return ax
