"""Notebook conveniences: quick mode and running cells that depend on unfinished TODOs.

Quick mode is switched on by the environment variable ``DQL_QUICK=1`` (CI, ``make test``,
``make demo`` and the graders set it). Notebooks ask :func:`budget` for every training or
evaluation size, so one variable shrinks them all.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator, Mapping

QUICK_ENV_VAR = "DQL_QUICK"


def quick_mode(env: Mapping[str, str] | None = None) -> bool:
    """Return True when ``DQL_QUICK`` is set to a true value (``1``, ``true``, ``yes``) in
    ``env`` (default: this process's environment; a grader asks of its sandbox's)."""
    value = (os.environ if env is None else env).get(QUICK_ENV_VAR, "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def budget(full: int, quick: int) -> int:
    """Pick a size: ``full`` normally, ``quick`` in quick mode.

    Args:
        full: the size a student runs (episodes, steps, ...).
        quick: the size used in CI and grading, small enough to run in seconds.
    """
    return quick if quick_mode() else full


def _unfinished_function(exc: NotImplementedError) -> str:
    """Name the innermost function that raised NotImplementedError, for the skip message."""
    frames = traceback.extract_tb(exc.__traceback__)
    return frames[-1].name if frames else "a TODO function"


def _open_figures() -> set[int]:
    """The numbers of pyplot's open figures (none when pyplot was never imported)."""
    plt = sys.modules.get("matplotlib.pyplot")
    return set(plt.get_fignums()) if plt is not None else set()


@contextlib.contextmanager
def until_implemented() -> Iterator[None]:
    """Run a demo cell, but skip it politely while a TODO it uses is still a stub.

    Use it around cells that *use* student functions (plots, evaluations), so that
    "Restart & Run all" on an unfinished notebook runs to the end::

        with until_implemented():
            returns = [episode_return(ep.rewards) for ep in episodes]
            plot_return_histogram(returns)

    Only ``NotImplementedError`` is caught; any other error is a real bug and is shown. A
    skipped block draws nothing: the figures it opened before the stub raised are closed
    (otherwise Jupyter would show them empty, or as ``<Figure size ... with 0 Axes>``), and
    one line says which function to finish.
    """
    before = _open_figures()
    try:
        yield
    except NotImplementedError as exc:
        plt = sys.modules.get("matplotlib.pyplot")
        for number in sorted(_open_figures() - before):
            plt.close(number)
        name = _unfinished_function(exc)
        print(f"Skipped: `{name}` is not implemented yet. Fill in its TODO and run this cell again.",
              file=sys.stdout)
