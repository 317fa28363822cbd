"""How to grade: the options of a grading run, and the time budget they give each check."""

from __future__ import annotations

from dataclasses import dataclass

from dqlcourse.checks.core import Check


@dataclass(frozen=True)
class Options:
    """How to grade.

    Attributes:
        jobs: submissions graded at the same time (one sandbox per job slot).
        sandbox: ``"bwrap"``, ``"unshare"`` or ``"none"``; ``None`` picks the strongest
            that works here (:func:`autograder.sandbox.detect`).
        time_scale: multiplies every check's time budget (tests use small values).
        max_check_seconds: caps every check's wall-clock budget (``None``: no cap).
        memory_mb: memory each check may allocate on top of the loaded libraries: its
            processes, their child processes and the in-memory files they hold, together
            (rlimits inside the sandbox; :mod:`autograder.sandbox.monitor` over all of it).
        processes: process limit of the sandbox's user (fork storms stop there).
        startup_seconds: time allowed, per submission, to start the sandbox (if it is not
            running yet) and import the libraries and the submission's modules.
        hidden_visibility: Gradescope visibility of hidden checks' results.
        checks_in_parallel: checks of one submission run at once (0: the CPUs left over
            by ``jobs``; every check still has its own process and budget).
    """

    jobs: int = 1
    sandbox: str | None = None
    time_scale: float = 1.0
    max_check_seconds: float | None = None
    memory_mb: int = 2048
    processes: int = 96
    startup_seconds: float = 120.0
    hidden_visibility: str = "after_due_date"
    checks_in_parallel: int = 0


def check_budget(check: Check, options: Options) -> float:
    """Wall-clock seconds ``check`` may run out of process: its own budget
    (:attr:`~dqlcourse.checks.core.Check.budget_seconds`), scaled and capped by ``options``."""
    wall = check.budget_seconds * options.time_scale
    if options.max_check_seconds is not None:
        wall = min(wall, options.max_check_seconds)
    return wall
