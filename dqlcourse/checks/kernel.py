"""The notebook's own check: :func:`run_check`, run in the student's kernel.

A check cell calls ``run_check(CHECK, fn)``. It takes the student's function as the graders
will (:func:`as_graded`, by the course's one rule), runs every case here with the check's time
limit, scores the plays of the checks that train (:mod:`dqlcourse.checks.evaluation`), judges
(:func:`dqlcourse.checks.core.judge`), names the functions at fault (:func:`dqlcourse.checks.
core.blame_note`, :mod:`dqlcourse.checks.reused`) and shows the report (:func:`show`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from dqlcourse.checks import evaluation, reused, wire
from dqlcourse.checks.core import (
    Check,
    Report,
    blame_note,
    captured_stderr,
    judge,
    not_run,
    reachable,
)


def _ipython_shell() -> Any:
    """The running IPython shell (a Jupyter kernel, Colab, terminal IPython), else None."""
    module = sys.modules.get("IPython")
    return module.get_ipython() if module is not None else None


def show(report: Report) -> None:
    """Show a check cell's report: once, with one score line, on every front end.

    In IPython the report is published as one display with two forms and the front end picks
    one: ``text/html`` (JupyterLab, Colab, VS Code, nbconvert's HTML, nbgrader's feedback)
    shows the cases coloured *without* a score line, because the cell's result below it is
    :class:`Report`, whose own HTML is the coloured score line; ``text/plain`` (terminal
    IPython, ``jupyter console``, nbconvert's text formats) shows the whole report with its
    ``Score: x / y`` line, then the result's ``text/plain``: the bare score nbgrader reads.
    Outside IPython the text is printed.
    """
    shell = _ipython_shell()
    if shell is None:
        print(report.text())
        return
    from IPython.display import display

    display({"text/plain": report.text(), "text/html": report.html(score=False)}, raw=True)


#: set while :func:`as_graded` defines a notebook's answers again (a check run from a student's
#: definition then uses the kernel's objects as they are, instead of starting over)
_REBUILDING = threading.local()


def _kernel_definitions() -> Callable[[], Any]:
    """What the cells this kernel ran define by the course's one rule
    (:func:`dqlcourse.cells.kernel_definitions`), parsed at most once, when first asked for;
    ``None`` outside a notebook kernel."""
    found: list = []

    def get() -> Any:
        if not found:
            shell = _ipython_shell()
            history = getattr(shell, "user_ns", {}).get("In") if shell is not None else None
            if isinstance(history, list):
                from dqlcourse import cells

                found.append(cells.kernel_definitions(history))
            else:
                found.append(None)
        return found[0]
    return get


def as_graded(check: Check, fn: Callable, uses: Mapping[str, Any],
              kernel: Callable[[], Any] | None = None) -> tuple[Any, dict, str]:
    """The function (and the objects a check uses) as the graders will see them.

    In a notebook kernel, the student's function is defined again, in a fresh namespace, from
    what the cells the kernel ran define by the course's one rule (:mod:`dqlcourse.cells`,
    the rule the graders follow), so the check sees neither less nor more than the graders
    will: a helper defined inside a loop, or a demo variable of the notebook's own cells, is
    missing here too. Objects the rule does not define (notebook 05's ``nb04``, which graders
    supply themselves) are kept as given. Elsewhere (no kernel history, or ``fn`` not the
    kernel's own definition of ``check.function``, e.g. a lambda) everything is kept as given.
    ``kernel``: the kernel's definitions (:func:`_kernel_definitions`), if already at hand.
    Returns ``(function or None, uses, note)``.
    """
    if (getattr(fn, "__module__", None) != "__main__"
            or getattr(fn, "__name__", None) != check.function
            or getattr(_REBUILDING, "active", False)):
        return fn, dict(uses), ""
    found = (kernel or _kernel_definitions())()
    if found is None:
        return fn, dict(uses), ""
    from dqlcourse import reuse

    namespace: dict = {"__name__": "__main__"}
    _REBUILDING.active = True
    try:
        with captured_stderr():
            reuse.define(found.imports + found.definitions, namespace)
    finally:
        _REBUILDING.active = False
    rebuilt = {n: namespace.get(n, obj) for n, obj in uses.items()}
    if check.function not in namespace:
        return None, rebuilt, (
            f"`{check.function}` is defined in this notebook, but not as the graders read it: "
            "define it at the top level of a cell (not inside a loop or a `with` block).")
    return namespace[check.function], rebuilt, ""


#: the latest report of every check run in this kernel, by check id (for :func:`blame_note`)
_KERNEL_REPORTS: dict[str, Report] = {}


def _failing_dependencies(check: Check, kernel: Callable[[], Any]) -> set[str]:
    """The functions ``check`` can reach (:func:`reachable`, by the ``kernel``'s definitions,
    :func:`_kernel_definitions`) whose latest checks here fail."""
    failing = {r.check.function for r in _KERNEL_REPORTS.values() if r.score < r.check.points}
    found = kernel()
    uses: Mapping[str, set[str]] = {}
    if found is not None:
        from dqlcourse import cells

        uses = cells.dependencies(found.definitions, failing)
    return reachable(check, uses) & failing


def run_check(check: Check, fn: Callable, **uses: Any) -> Report:
    """Execute and judge ``check`` on ``fn`` in this process, show the report, return it.

    This is the notebook's check cell: the last line of the cell, so the report's score is
    the cell's result (see :func:`show`). ``uses``: the other objects the check names in
    ``check.uses``. In a notebook the function is taken as the graders will take it
    (:func:`as_graded`). Each case may run ``check.timeout`` seconds, the number the sandboxed
    grader's budget for the check is made of; a case that runs longer (an endless loop) is
    stopped, named in the report and scores 0, and the next case runs.
    """
    kernel = _kernel_definitions()
    graded, uses, note = as_graded(check, fn, uses, kernel)
    if graded is None:
        outcomes = not_run(wire.UNDEFINED, check.function, len(check.cases))
    else:
        outcomes = evaluation.execute_here(check, graded, uses, time_limit_s=check.timeout)
    report = judge(check, outcomes)
    _KERNEL_REPORTS[check.id] = report
    if report.score < check.points:
        report.blame = blame_note(check.function, _failing_dependencies(check, kernel))
        if uses:
            report.blame = " ".join(filter(None, [report.blame, reused.in_process(
                check, uses, lambda c, f: judge(c, evaluation.execute_here(c, f, time_limit_s=c.timeout)))]))
    noisy = [o["stderr"] for o in outcomes if o.get("stderr")]
    if note:
        report.note = note
    elif noisy:
        report.note = ("(Your code wrote warnings to stderr; they cost no points:)\n"
                       + noisy[0].strip()[:500])
    show(report)
    return report
