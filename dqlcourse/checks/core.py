"""Checks written as data, run in two phases.

A :class:`Check` names the student function it tests, its points, and a tuple of
:class:`Case` objects: plain-data inputs, the expected plain-data output, how to compare them,
and a hint naming the likely mistake when the case fails.

Running a check has two phases, so that grading can keep them in different processes:

1. :func:`execute` calls the student's function on every case and returns *outcomes*: plain
   data only (numbers, strings, lists, dicts), never the student's objects. Nothing in this
   phase decides a grade; it can run in an untrusted, sandboxed process.
2. :func:`judge` compares outcomes with the expected values and scores them. It never calls
   student code, so it can run in the trusted grader.

In a notebook, :func:`run_check` does both in the kernel, each case within the check's time
limit, and shows the report; its return value is the score, which is how nbgrader reads partial
credit from a grade cell (see :func:`show` for what each front end shows).
"""

from __future__ import annotations

import contextlib
import copy
import html
import importlib
import io
import math
import numbers
import os
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dqlcourse.checks import wire


@dataclass(frozen=True)
class Compare:
    """How to compare a case's output with its expected value.

    Attributes:
        kind: ``"close"`` (numbers or nested lists of numbers, within ``rtol``/``atol``),
            ``"equal"`` (exact equality of plain data), ``"draws"`` (the output is the list
            of raw draws a sampler made: exactly ``draws`` of them, each one of
            ``categories``; the expected value is ignored), ``"uniform"`` (the same, and the
            number of draws of each category must lie within ``sigmas`` binomial standard
            deviations of ``expected[i] * draws``, where ``expected`` lists the probabilities
            of the categories, in their order) or ``"at_least"`` (a number no smaller than
            ``expected``, e.g. a greedy return against its threshold; the report says what
            was observed, ``label``). The sandbox reports draws, never counts or validity
            flags: the trusted side counts them, so nothing the student's code patches in
            its own process can change the count.
        rtol: relative tolerance for ``"close"``.
        atol: absolute tolerance for ``"close"``.
        sigmas: width of the acceptance band for ``"uniform"``. At 6 sigmas a correct
            sampler fails a category with probability below 2e-9.
        label: for ``"at_least"``: what the number is, in the report ("greedy return"); for
            ``"draws"`` and ``"uniform"``: what one category is ("action", the default;
            "transition").
        exact_type: for ``"close"`` and ``"equal"``: every number must also be of the
            expected's type (a float where a float is asked, an int where an int is), for
            outputs whose type the notebook states. A numpy scalar counts as the Python type
            it converts to; an adapter that must tell them apart reports the type by name
            (:func:`call_typed`).
        categories: for ``"draws"`` and ``"uniform"``: the valid draws, as plain data (ints,
            or tuples of ints for a draw that is an array), or their number ``n`` for
            ``0 .. n - 1``. Written by the course, with the case.
        draws: for ``"draws"`` and ``"uniform"``: how many draws the case makes (written by
            the course, with the case; never taken from the sandbox).
    """

    kind: str = "close"
    rtol: float = 1e-6
    atol: float = 1e-9
    sigmas: float = 6.0
    exact_type: bool = False
    label: str = ""
    categories: int | tuple = ()
    draws: int = 0


CLOSE = Compare("close")
EQUAL = Compare("equal")


def _key_spec(spec: Compare | Mapping[str, Compare], key: str) -> Compare:
    """The comparison of one key of a dict output (``CLOSE`` for a key ``spec`` leaves out)."""
    return spec.get(key, CLOSE) if isinstance(spec, Mapping) else spec


def _ignoring_types(spec: Compare | Mapping[str, Compare]) -> Compare | Mapping[str, Compare]:
    """The comparison ``spec`` without its ``exact_type`` (per key, for a dict of them)."""
    if isinstance(spec, Mapping):
        return {key: _ignoring_types(value) for key, value in spec.items()}
    return replace(spec, exact_type=False)


def adapter_name(call: Any, owner: str) -> str:
    """An adapter as the ``"module:function"`` name that crosses to the sandbox (which imports
    it there): the function itself, or its name already. ``owner``: the check or case, for the
    error when a function cannot be imported by name (a lambda, a nested function)."""
    if not callable(call):
        return call
    path = f"{call.__module__}:{call.__qualname__}"
    if "<" in path:
        raise ValueError(f"{owner}: the adapter {path} cannot be imported by name")
    return path


@dataclass(frozen=True)
class Case:
    """One input of a check with its expected output.

    Attributes:
        name: what the case is about, shown to the student ("three rewards, gamma = 0.5").
        args: positional arguments (plain data), deep-copied before every call.
        kwargs: keyword arguments (plain data), deep-copied before every call.
        expected: the expected output as plain data. When it is a dict, the output must be a
            dict with the same keys, compared key by key.
        hint: the likely mistake when this case fails.
        type_hint: for a case whose comparison has ``exact_type``: the likely mistake when
            the values are right and only a number's type is not (``hint`` then names what
            gives wrong values); empty: ``hint`` either way.
        key_hints: for a dict output: the likely mistake when the first key that differs is
            this one (``{"requires_grad": "compute it under torch.no_grad()"}``), where it is
            not what ``hint`` names; other keys: ``hint``.
        compare: a :class:`Compare`, or a dict from output key to :class:`Compare`.
        weight: the case's share of the check's points relative to its other cases (a case
            that shows the whole thing works can outweigh one that checks a detail).
        call: the adapter of this case when it is not the check's (a case that runs another
            experiment on the same function), given like :attr:`Check.call`; ``None``: the
            check's.
        expected_quick: the expected output in quick mode (``DQL_QUICK=1``, which every grader
            runs in) when it differs from ``expected``: the threshold of a behavioural case
            whose ``kwargs`` shorten its run in quick mode. ``None``: ``expected`` in both
            modes (:meth:`expected_for`).
    """

    name: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expected: Any = None
    hint: str = ""
    type_hint: str = ""
    key_hints: Mapping[str, str] = field(default_factory=dict)
    compare: Compare | Mapping[str, Compare] = CLOSE
    weight: float = 1.0
    call: Any = None
    expected_quick: Any = None

    def __post_init__(self) -> None:
        if self.call is not None:
            object.__setattr__(self, "call", adapter_name(self.call, self.name))
        if self.type_hint and _ignoring_types(self.compare) == self.compare:
            raise ValueError(f"{self.name}: a type_hint needs a comparison with exact_type")
        # A case whose expected value is blanked (the sandbox's copy of the package holds
        # None there, :mod:`autograder.sandbox.package`) has no keys to check against.
        unknown = set(self.key_hints) - set(self.expected if isinstance(self.expected, Mapping)
                                            else ())
        if unknown and self.expected is not None:
            raise ValueError(f"{self.name}: key_hints for keys the output does not have: "
                             f"{sorted(unknown)}")

    def hint_for(self, expected: Any, got: Any) -> str:
        """The hint of a failed output ``got``: :attr:`type_hint` when only the type of a
        number is wrong (the output passes once types are ignored); the :attr:`key_hints` entry
        of the first key that differs; else :attr:`hint`."""
        if self.type_hint and compare(_ignoring_types(self.compare), expected, got) is None:
            return self.type_hint
        if self.key_hints and isinstance(expected, Mapping) and isinstance(got, Mapping):
            for key, value in expected.items():
                if key not in got or compare(_key_spec(self.compare, key), value,
                                             got[key]) is not None:
                    return self.key_hints.get(key, self.hint)
        return self.hint

    def expected_for(self, quick: bool | None = None) -> Any:
        """The expected output of a run in quick mode (``quick``; ``None``: this process's
        mode, :func:`dqlcourse.notebook.quick_mode`) or not."""
        if quick is None:
            from dqlcourse.notebook import quick_mode

            quick = quick_mode()
        return self.expected_quick if quick and self.expected_quick is not None else self.expected


@dataclass(frozen=True)
class Check:
    """A group of cases for one student function, worth ``points``.

    Attributes:
        id: unique name, ``"<notebook>.<check>"``, e.g. ``"01.discounted_return"``.
        function: the name of the student function under test.
        points: points for passing every case; each case is worth an equal share.
        cases: the cases.
        call: the adapter that calls the student function on a case and returns plain data
            (the default calls ``fn(*args, **kwargs)``): the function itself, ``call=call_q_network``,
            kept as its ``"module:function"`` name (what crosses to the sandbox, which imports
            it there); a function that cannot be imported by that name is refused at once.
        hidden: hidden checks live only in ``solutions/`` and run at grading time; their
            reports name each case and its hint but not the expected values.
        timeout: seconds allowed per case, the single home of the check's time limit: a grader
            running the check out of process gives the whole check ``timeout`` times its number
            of cases, and :func:`run_check` in a notebook stops a case after ``timeout``
            seconds (so a check there never runs longer than the grader allows either).
        uses: other names of the student's notebook the adapter receives as keyword
            arguments, for a check of several functions together (notebook 05's whole agent:
            its ``preprocess_frame``, ``push_frame`` and ``nb04``, the notebook-04 answers it
            loads). In a notebook: ``run_check(CHECK, fn, push_frame=push_frame, ...)``.
    """

    id: str
    function: str
    points: float
    cases: tuple[Case, ...]
    call: Any = "dqlcourse.checks.core:call_direct"
    hidden: bool = False
    timeout: float = 20.0
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "call", adapter_name(self.call, self.id))

    @property
    def budget_seconds(self) -> float:
        """The whole check's time out of process: ``timeout`` times its number of cases."""
        return self.timeout * max(1, len(self.cases))


# --------------------------------------------------------------------------- phase 1: execute


def call_direct(fn: Callable, case: Case) -> Any:
    """The default adapter: ``fn(*args, **kwargs)`` on deep copies of the case's inputs."""
    return fn(*copy.deepcopy(case.args), **copy.deepcopy(dict(case.kwargs)))


def call_typed(fn: Callable, case: Case) -> dict:
    """An adapter for outputs whose type the notebook states: ``{"value": ..., "type": ...}``,
    the type's name as returned (``"int"``, ``"float"``, ``"int64"``, ``"ndarray"``), so a check
    can require a Python ``int`` where a numpy integer would compare equal."""
    value = call_direct(fn, case)
    return {"value": value, "type": type(value).__name__}


def resolve(path: str) -> Callable:
    """Import ``"package.module:name"`` and return the object."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def to_plain(value: Any, _depth: int = 0) -> Any:
    """Convert an output to plain data: bool, int, float, str, None, lists and str-keyed dicts.

    numpy scalars and arrays and torch tensors become numbers and nested lists. Any other
    object is refused with ``TypeError``: comparing plain data only means an object that
    claims to equal everything cannot pass a check.
    """
    if _depth > 50:
        raise TypeError("the output is nested too deeply")
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
        value = value.detach().cpu().numpy()
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # a numpy array or scalar
        return to_plain(value.tolist(), _depth + 1)
    if isinstance(value, (list, tuple)):
        return [to_plain(v, _depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_plain(v, _depth + 1) for k, v in value.items()}
    raise TypeError(f"returned an object of type {type(value).__name__}; "
                    "expected a number, a list or an array")


def plain_draws(values: Iterable) -> list:
    """Raw draws (actions, indices) as plain data for the trusted side, which counts them and
    judges each (:func:`_compare_draws`): each value as :func:`to_plain` gives it, or
    ``{"type": name}`` for a value that is not plain data (an object that equals everything
    is reported by its type, never compared). Nothing is counted or judged here."""
    out = []
    for value in values:
        try:
            out.append(to_plain(value))
        except TypeError:
            out.append({"type": type(value).__name__})
    return out


@contextlib.contextmanager
def captured_stderr() -> Iterator[io.StringIO]:
    """Capture warnings and everything written to stderr, from Python and from C (fd 2).

    nbgrader gives zero points to a grade cell that writes to stderr, and torch writes
    warnings there. Inside a check, what the student's code writes to stderr is collected
    and reported on stdout instead.
    """
    text = io.StringIO()
    saved_fd = None
    tmp = tempfile.TemporaryFile(mode="w+b")
    try:
        try:
            sys.stderr.flush()
            saved_fd = os.dup(2)
            os.dup2(tmp.fileno(), 2)
        except (OSError, ValueError, AttributeError):
            saved_fd = None
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(text):
            warnings.simplefilter("always")
            yield text
        for w in caught:
            text.write(f"{w.category.__name__}: {w.message}\n")
    finally:
        if saved_fd is not None:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            tmp.seek(0)
            text.write(tmp.read().decode("utf-8", "replace"))
        tmp.close()


def _student_frame(exc: BaseException) -> tuple[int | None, str | None]:
    """Where in the student's code ``exc`` was raised: the last traceback entry outside this
    package and gymnasium, as ``(line, function)`` (``(None, None)`` if none)."""
    tb = exc.__traceback__
    found: tuple[int | None, str | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if "dqlcourse" not in filename and "gymnasium" not in filename and "torch" not in filename:
            found = (tb.tb_lineno, tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return found


class CaseTimeout(BaseException):
    """Raised inside the student's code when a case runs past its time limit.

    A ``BaseException``, like ``KeyboardInterrupt``, so that ``except Exception`` in student
    code does not swallow it.
    """


def _in_this_module(frame: Any) -> bool:
    return frame is not None and frame.f_code.co_filename == __file__


class time_limit:  # noqa: N801 - used as a context manager, like contextlib's
    """``with time_limit(seconds):`` raises :class:`CaseTimeout` in the block after ``seconds``.

    In the main thread on POSIX (a Jupyter kernel runs cells there) a ``SIGALRM`` timer
    interrupts the code, even ``while True: pass`` or a long ``time.sleep``, and repeats every
    second until the block ends, in case student code swallows the first one. Elsewhere
    (Windows, another thread) a watchdog thread raises the exception once, asynchronously, in
    the block's thread; that stops pure-Python loops. Leaving the block stops the timer,
    restores the previous ``SIGALRM`` handler and drops an exception not yet delivered, so
    nothing fires later in the kernel. The exception is never raised while this module's own
    code runs (it waits for the student's code), so the bookkeeping here cannot be
    interrupted halfway; that is also why this is a class and not a generator. ``None`` or
    0: no limit.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 else None
        self._signal = False

    def __enter__(self) -> time_limit:
        if self.seconds is None:
            return self
        self._signal = (hasattr(signal, "setitimer")
                        and threading.current_thread() is threading.main_thread()
                        and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
        if self._signal:
            self._active = True
            self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 1.0)
            return self
        self._target = threading.get_ident()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = self._fired = False
        threading.Thread(target=self._watchdog, name="dqlcourse-time-limit", daemon=True).start()
        return self

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self._active and not _in_this_module(frame):
            raise CaseTimeout(self.seconds)

    def _watchdog(self) -> None:
        import ctypes

        if self._wake.wait(self.seconds):
            return
        while True:
            with self._lock:
                if self._stopped:
                    return
                if not _in_this_module(sys._current_frames().get(self._target)):
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target),
                                                               ctypes.py_object(CaseTimeout))
                    self._fired = True
                    return
            if self._wake.wait(0.05):
                return

    def __exit__(self, *exc_info: Any) -> bool:
        if self.seconds is None:
            return False
        if self._signal:
            self._active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            return False
        import ctypes

        with self._lock:  # the watchdog cannot fire meanwhile
            self._stopped = True
            if self._fired:  # not delivered yet (or already): it must not surface later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._target), None)
        self._wake.set()
        return False


def execute_case(check: Check, case: Case, fn: Callable,
                 uses: Mapping[str, Any] | None = None, time_limit_s: float | None = None) -> dict:
    """Run one case. Returns its outcome, plain data in the schema of
    :mod:`dqlcourse.checks.wire`: ``ok`` (with ``value``), ``not_implemented``, ``error``
    (``exception``, ``message``, ``line``, ``function``) or ``timeout`` (``limit``, ``line``,
    ``function``), when ``time_limit_s`` is given and the call ran past it. Anything the call
    wrote to stderr is returned in ``stderr``. ``uses``: the objects named by ``check.uses``,
    passed to the adapter as keyword arguments.
    """
    adapter = resolve(case.call or check.call)
    outcome: dict[str, Any]
    with captured_stderr() as err:
        try:
            with time_limit(time_limit_s):
                value = adapter(fn, case, **dict(uses or {}))
            outcome = {"status": wire.OK, "value": to_plain(value)}
        except CaseTimeout as exc:
            line, function = _student_frame(exc)
            outcome = {"status": wire.TIMEOUT, "limit": time_limit_s, "line": line,
                       "function": function}
        except NotImplementedError:
            outcome = {"status": wire.NOT_IMPLEMENTED}
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - any student error is reported
            line, function = _student_frame(exc)
            outcome = {"status": wire.ERROR, "exception": type(exc).__name__,
                       "message": str(exc)[:wire.MAX_MESSAGE_CHARS], "line": line,
                       "function": function}
    if err.getvalue().strip():
        outcome["stderr"] = err.getvalue()[-2000:]
    return outcome


def not_run(status: str, name: str, n_cases: int, **fields: Any) -> list[dict]:
    """The outcomes of a check that could not call the student's function at all (status
    ``undefined``, ``not_callable`` or ``missing``), one per case."""
    return [{"status": status, "name": name, **fields} for _ in range(n_cases)]


def execute(check: Check, fn: Callable, uses: Mapping[str, Any] | None = None,
            time_limit_s: float | None = None) -> list[dict]:
    """Phase 1: run every case of ``check`` on ``fn`` (and the objects ``uses`` gives for the
    names in ``check.uses``); plain-data outcomes, in case order.

    ``time_limit_s``: stop a case that runs longer (in the notebook, ``check.timeout``); a
    stopped case is reported as ``"timeout"`` and the next case runs. The sandboxed graders
    pass nothing and limit the check's process instead.
    """
    if not callable(fn):
        return not_run(wire.NOT_CALLABLE, check.function, len(check.cases),
                       type=type(fn).__name__)
    uses = dict(uses or {})
    missing = [n for n in check.uses if uses.get(n) is None]
    if missing:
        return not_run(wire.MISSING, missing[0], len(check.cases))
    return [execute_case(check, case, fn, {n: uses[n] for n in check.uses}, time_limit_s)
            for case in check.cases]


# --------------------------------------------------------------------------- phase 2: judge


def _fmt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _type_mismatch(expected: Any, got: Any) -> tuple[str, str] | None:
    """The first number of ``got`` whose type differs from ``expected``'s, as type names."""
    if isinstance(expected, list) and isinstance(got, list):
        for e, g in zip(expected, got):
            found = _type_mismatch(e, g)
            if found:
                return found
        return None
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) \
            and type(expected) is not type(got):
        return type(expected).__name__, type(got).__name__
    return None


def _compare_leaf(spec: Compare, expected: Any, got: Any, path: str) -> str | None:
    where = f" at {path}" if path else ""
    if spec.exact_type and spec.kind in ("close", "equal"):
        mismatch = _type_mismatch(expected, got)
        if mismatch:
            want, have = (("an " if t[0] in "aeiou" else "a ") + t for t in mismatch)
            return (f"expected {want}, got {have}{where} ({_fmt(got)}): the notebook asks for "
                    f"{want}")
    if spec.kind == "equal":
        same_kind = isinstance(got, bool) == isinstance(expected, bool)
        if same_kind and got == expected:
            return None
        return f"expected {_fmt(expected)}, got {_fmt(got)}{where}"
    if spec.kind == "close":
        return _compare_close(spec, expected, got, where)
    if spec.kind == "draws":
        return _compare_draws(spec, got, where)
    if spec.kind == "uniform":
        return _compare_uniform(spec, expected, got, where)
    if spec.kind == "at_least":
        what = spec.label or (path or "the value")
        if not _numeric(got) or isinstance(got, list):
            return f"expected a number for {what}, got {_fmt(got)}"
        if got >= expected - spec.atol:
            return None
        return f"{what}: {got:.4g}, expected at least {expected:g}"
    raise ValueError(f"unknown comparison {spec.kind!r}")


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, list) and all(_numeric(v) for v in value)


def _compare_close(spec: Compare, expected: Any, got: Any, where: str) -> str | None:
    import numpy as np

    if not _numeric(got):
        return f"expected a number or list of numbers {_fmt(expected)}, got {_fmt(got)}{where}"
    try:
        exp = np.asarray(expected, dtype=np.float64)
        out = np.asarray(got, dtype=np.float64)
    except ValueError:  # ragged nested lists
        return f"expected {_fmt(expected)}, got {_fmt(got)} (ragged lists){where}"
    if exp.shape != out.shape:
        return (f"expected shape {exp.shape}, got shape {out.shape}{where}: "
                f"expected {_fmt(expected)}, got {_fmt(got)}")
    bad = ~np.isclose(out, exp, rtol=spec.rtol, atol=spec.atol, equal_nan=False)
    if not bad.any():
        return None
    if exp.ndim == 0:
        return f"expected {float(exp):.6g}, got {float(out):.6g}{where}"
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    return (f"expected {_fmt(expected)}, got {_fmt(got)}{where}; first difference at index "
            f"{list(idx)}: expected {exp[idx]:.6g}, got {out[idx]:.6g}")


def _category_key(value: Any) -> Any:
    """A draw or a category as a hashable key that keeps its type: an int as itself (a bool, or
    a float equal to an int, is not one), a list or tuple as the tuple of its keys; ``None``
    for anything else, which no category matches."""
    if type(value) is int:
        return value
    if isinstance(value, (list, tuple)):
        keys = tuple(_category_key(v) for v in value)
        return None if None in keys else keys
    return None


def _categories(spec: Compare) -> list:
    """The valid draws of a ``"draws"`` or ``"uniform"`` comparison, in order (``categories``
    given as a number ``n``: ``0 .. n - 1``). A case that gives no categories or no number of
    draws is the course's mistake, refused at once."""
    categories = (list(range(spec.categories)) if isinstance(spec.categories, int)
                  else list(spec.categories))
    if not categories or spec.draws <= 0:
        raise ValueError(f"a {spec.kind!r} comparison needs the categories and the number of "
                         "draws of its case")
    return categories


def _category_text(category: Any) -> str:
    return _fmt(list(category)) if isinstance(category, tuple) else str(category)


def _categories_text(spec: Compare, categories: list) -> str:
    """What a valid draw is, for the report: "an action in 0..1", "a transition in 3..7",
    "an action in [[0, 0], [0, 1], ...]"."""
    noun = spec.label or "action"
    first = categories[0]
    if all(type(c) is int for c in categories) and categories == list(
            range(first, first + len(categories))):
        span = f"{first}..{categories[-1]}"
    else:
        span = _fmt([list(c) if isinstance(c, tuple) else c for c in categories])
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} in {span}"


def _draw_text(draw: Any) -> str:
    """A draw as the report names it: its value and type ("2.0 (float)"), or the type of an
    object the sandbox could not report as plain data (:func:`plain_draws`)."""
    if isinstance(draw, Mapping) and set(draw) == {"type"}:
        return f"an object of type {draw['type']}"
    return f"{_fmt(draw)} ({type(draw).__name__})"


def _compare_draws(spec: Compare, got: Any, where: str) -> str | None:
    """The draws' first problem: not a list, not the number of draws the case made (counts
    that total less would hide every draw that is not a category), or a draw that is not a
    category (the first one is named, and how many there are). ``None``: none."""
    categories = _categories(spec)
    if not isinstance(got, list):
        return f"expected a list of {spec.draws:,} draws, got {_fmt(got)}{where}"
    if len(got) != spec.draws:
        return f"expected {spec.draws:,} draws, got {len(got):,}{where}"
    valid = {_category_key(c) for c in categories}
    bad = [i for i, draw in enumerate(got) if _category_key(draw) not in valid]
    if not bad:
        return None
    how_many = f"; {len(bad):,} of the {len(got):,} draws are not"
    if len(bad) == 1:
        how_many = ""
    elif len(bad) == len(got):
        how_many = f"; none of the {len(got):,} draws is"
    return (f"draw {bad[0]} was {_draw_text(got[bad[0]])}, not "
            f"{_categories_text(spec, categories)}{where}{how_many}")


def _draw_counts(categories: list, draws: list) -> list[int]:
    """How often each category was drawn, in the order of ``categories`` (every draw is one)."""
    index = {_category_key(c): i for i, c in enumerate(categories)}
    counts = [0] * len(categories)
    for draw in draws:
        counts[index[_category_key(draw)]] += 1
    return counts


def _compare_uniform(spec: Compare, expected: Any, got: Any, where: str) -> str | None:
    """The draws (:func:`_compare_draws`), then their frequencies against the probabilities
    ``expected`` of the categories: the category furthest outside the band is named."""
    categories = _categories(spec)
    if len(expected) != len(categories):
        raise ValueError(f"{len(expected)} probabilities for {len(categories)} categories")
    problem = _compare_draws(spec, got, where)
    if problem:
        return problem
    counts, n = _draw_counts(categories, got), len(got)
    z = [abs(c - n * p) / math.sqrt(max(n * p * (1 - p), 1e-12)) for p, c in zip(expected, counts)]
    worst = max(range(len(z)), key=z.__getitem__)
    if z[worst] <= spec.sigmas:
        return None
    p, count = expected[worst], counts[worst]
    name = f"{spec.label or 'action'} {_category_text(categories[worst])}"
    band = spec.sigmas * math.sqrt(n * p * (1 - p))
    if count == 0:
        return f"{name} was never chosen in {n} draws (expected about {n * p:.0f}){where}"
    return (f"{name} was chosen {count} times out of {n}; with these probabilities "
            f"expect {n * p:.0f} ± {band:.0f}{where}")


def compare(spec: Compare | Mapping[str, Compare], expected: Any, got: Any,
            path: str = "") -> str | None:
    """Compare plain data. Returns ``None`` when they match, else a one-line difference.

    Dicts are compared key by key (the first differing key is named); ``spec`` may map keys to
    their own :class:`Compare`.
    """
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"expected a dict with keys {sorted(expected)}, got {_fmt(got)}"
        for key, value in expected.items():
            key_path = f"{path}.{key}" if path else str(key)
            if key not in got:
                return f"the output has no {key_path!r}"
            diff = compare(_key_spec(spec, key), value, got[key], key_path)
            if diff:
                return diff
        return None
    if isinstance(spec, Mapping):
        raise ValueError("a per-key comparison needs a dict as expected value")
    return _compare_leaf(spec, expected, got, path)


@dataclass(frozen=True)
class CaseResult:
    """The judged result of one case."""

    name: str
    passed: bool
    status: str  # "passed", "failed", "error", "not_implemented"
    message: str = ""
    hint: str = ""
    #: what a behavioural case judged, to draw: ``{"x": [...], "y": [...], "threshold": t,
    #: "xlabel": ..., "ylabel": ...}`` (visible checks only; see :func:`curve_of`)
    curve: dict | None = None


def curve_of(value: Any, hidden: bool, threshold: float | None = None) -> dict | None:
    """The curve an adapter reported beside its result (key ``"curve"``: numbers ``x`` and
    ``y`` of equal length, optional axis labels), checked to be plain numbers, with
    ``threshold`` (the case's, :func:`threshold_of`; the adapter's own is not read) when there
    is one; ``None`` for hidden checks (nothing of theirs is shown) or when there is none."""
    curve = value.get("curve") if isinstance(value, Mapping) and not hidden else None
    if not isinstance(curve, Mapping):
        return None
    xs, ys = curve.get("x"), curve.get("y")
    if not (isinstance(xs, list) and isinstance(ys, list) and 0 < len(xs) == len(ys) <= 10_000
            and _numeric(xs) and _numeric(ys)):
        return None
    out: dict = {"x": xs, "y": ys}
    if threshold is not None:
        out["threshold"] = threshold
    for key in ("xlabel", "ylabel"):
        if isinstance(curve.get(key), str):
            out[key] = curve[key][:60]
    return out


def threshold_of(case: Case, expected: Any) -> float | None:
    """The number an ``"at_least"`` comparison of ``case`` holds its output to (``expected``:
    the case's expected value for the run's mode), the line a curve is drawn against; ``None``
    if it has none."""
    specs = case.compare.items() if isinstance(case.compare, Mapping) else [(None, case.compare)]
    for key, spec in specs:
        if spec.kind == "at_least":
            value = expected if key is None else (
                expected.get(key) if isinstance(expected, Mapping) else None)
            return value if isinstance(value, (int, float)) else None
    return None


#: Colours of the notebook's HTML report: readable on light and dark themes.
COLORS = {"PASS": "#1a7f37", "FAIL": "#cf222e", "TODO": "#9a6700"}
#: the same colours for a terminal (ANSI: green, red, yellow; bold)
ANSI = {"PASS": "\x1b[1;32m", "FAIL": "\x1b[1;31m", "TODO": "\x1b[1;33m"}
_RESET = "\x1b[0m"


def terminal_colors(text: str) -> str:
    """A report's text with PASS, FAIL and the not-implemented mark coloured for a terminal."""
    import re

    def paint(match: re.Match) -> str:
        word = match.group(2)
        return match.group(1) + ANSI["TODO" if word == "-" else word] + word + _RESET

    return re.sub(r"(?m)^(  )(PASS|FAIL|-)(?= )", paint, text)

_FONT = ("font-family: var(--jp-code-font-family, monospace); "
         "font-size: var(--jp-code-font-size, 13px)")


@dataclass
class Report:
    """The judged result of one check.

    Its value is its score: ``repr`` (the ``text/plain`` of a check cell's result, which nbgrader
    reads as partial credit) is the bare number, and the HTML form is the coloured score line.
    :meth:`text` is the whole report as plain text, :meth:`html` as coloured HTML.
    """

    check: Check
    results: list[CaseResult]
    note: str = ""  # shown below the cases: what the student's code wrote to stderr
    blame: str = ""  # shown above the cases: another function at fault (:func:`blame_note`)

    @property
    def score(self) -> float:
        """Points earned: each passed case's share (by :attr:`Case.weight`), rounded down to 2
        decimals."""
        if not self.results:
            return 0.0
        weights = [c.weight for c in self.check.cases]
        if len(weights) != len(self.results):
            weights = [1.0] * len(self.results)
        passed = sum(w for w, r in zip(weights, self.results) if r.passed)
        return math.floor(100 * self.check.points * passed / sum(weights) + 1e-9) / 100

    @property
    def not_implemented(self) -> bool:
        return all(r.status == "not_implemented" for r in self.results)

    def _names(self) -> list[str]:
        return [self.check.function, *self.check.uses]

    def _heading(self) -> str:
        kind = "Hidden check" if self.check.hidden else "Check"
        return kind + " " + ", ".join(f"`{n}`" for n in self._names()) + f" ({self.check.id}):"

    def _todo(self) -> str:
        names = ", ".join(f"`{n}`" for n in self._names())
        who = names if not self.check.uses else f"one of {names}"
        return f"not implemented yet: {who} still raises NotImplementedError."

    def score_line(self) -> str:
        return f"Score: {self.score:g} / {self.check.points:g}"

    def text(self, score: bool = True) -> str:
        """The report as text, one line per case, ending with the score (``score=False``:
        without that line)."""
        lines = [self._heading()]
        if self.blame:
            lines.append(f"  Note: {self.blame}")
        if self.not_implemented:
            lines.append(f"  - {self._todo()}")
        else:
            for r in self.results:
                mark = "PASS" if r.passed else "FAIL"
                line = f"  {mark}  {r.name}"
                if not r.passed and r.message:
                    line += f"\n        {r.message}"
                if not r.passed and r.hint:
                    line += f"\n        Hint: {r.hint}"
                lines.append(line)
        if self.note:
            lines.append("  " + self.note.strip().replace("\n", "\n    "))
        if score:
            lines.append(f"  {self.score_line()}")
        return "\n".join(lines)

    def _score_color(self) -> str:
        if self.score >= self.check.points:
            return COLORS["PASS"]
        return COLORS["TODO"] if self.score > 0 else COLORS["FAIL"]

    def html(self, score: bool = True) -> str:
        """The report as HTML: PASS green, FAIL red, wrapped lines indented under their case.

        Everything from the case or the student's code is escaped. ``score=False``: without the
        score line (in a notebook the cell's result shows it).
        """
        esc = html.escape

        def mark(word: str) -> str:
            return f'<span style="color: {COLORS[word]}; font-weight: bold">{word}</span>'

        detail = 'style="text-indent: 0"'
        # Each case is a block indented 2 characters; its wrapped lines hang under its name.
        case = 'style="margin-left: 2ch; padding-left: 6ch; text-indent: -6ch"'
        box = f"{_FONT}; white-space: pre-wrap; line-height: 1.35"
        parts = [f'<div class="dql-report" style="{box}">', f"<div>{esc(self._heading())}</div>"]
        if self.blame:
            parts.append(f'<div style="margin-left: 2ch"><b>Note:</b> {esc(self.blame)}</div>')
        if self.not_implemented:
            parts.append(f"<div {case}>{mark('TODO')}  {esc(self._todo())}</div>")
        else:
            for r in self.results:
                block = f"<div {case}>{mark('PASS' if r.passed else 'FAIL')}  {esc(r.name)}"
                if not r.passed and r.message:
                    block += f"<div {detail}>{esc(r.message)}</div>"
                if not r.passed and r.hint:
                    block += f"<div {detail}><i>Hint:</i> {esc(r.hint)}</div>"
                parts.append(block + "</div>")
        if self.note:
            note = esc(self.note.strip())
            parts.append(f'<div style="margin-left: 2ch; color: #6e7781">{note}</div>')
        if score:
            parts.append(self._repr_html_())
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        # nbgrader reads partial credit from the text/plain form of a grade cell's result.
        return f"{self.score:g}"

    def _repr_html_(self) -> str:
        unit = "point" if self.check.points == 1 else "points"
        return (f'<div style="{_FONT}; font-weight: bold; color: {self._score_color()}">'
                f"{self.score_line()} {unit}</div>")


def faulty_functions(names: list[str]) -> tuple[str, str, str]:
    """``(listed, which, them)`` for a blame note on the functions ``names`` (at least one):
    "`a`, `b`", "which fail their own checks", "those" (singular for one)."""
    one = len(names) == 1
    return (", ".join(f"`{n}`" for n in names),
            "which fails its own check" if one else "which fail their own checks",
            "that" if one else "those")


def blame_note(function: str, faulty: Iterable[str]) -> str:
    """The note on a failing check of ``function`` when functions it uses fail their own
    checks: which to fix first (empty if none)."""
    names = sorted(faulty)
    if not names:
        return ""
    listed, which, them = faulty_functions(names)
    return (f"`{function}` uses your {listed}, {which} above: fix {them} first, then run this "
            "check again.")


def reachable(check: Check, uses: Mapping[str, set[str]]) -> set[str]:
    """The TODO functions a run of ``check`` can call besides its own: those its function uses
    (``uses``: by function, the TODO functions its code calls) and those handed to its adapter
    (:attr:`Check.uses`): whom a failing check of it may blame."""
    return uses.get(check.function, set()) | set(check.uses)


def assign_blame(reports: list[Report], uses: Mapping[str, set[str]]) -> None:
    """Set :attr:`Report.blame` on every failing report whose check can reach
    (:func:`reachable`) a function whose own checks fail, in place."""
    failing = {r.check.function for r in reports if r.score < r.check.points}
    for report in reports:
        if report.score < report.check.points:
            report.blame = blame_note(report.check.function,
                                      reachable(report.check, uses) & failing)


def _error_message(check: Check, out: Mapping[str, Any], reasons: Mapping[str, str]) -> str:
    """The sentence for an outcome that is not a result, written from its status and what the
    judging side knows (the check, the reasons it was given), never from the student's text
    for a hidden check (:func:`dqlcourse.checks.wire.clean_outcome` removed it)."""
    status = out.get("status")
    at = wire.where(out.get("line"), out.get("function"))
    if status == wire.UNDEFINED:
        cause = ": ".join(x for x in (out.get("exception"), out.get("message")) if x)
        return f"`{check.function}` is not defined" + (
            f" (its definition raised {cause})" if cause else "")
    if status == wire.NOT_CALLABLE:
        kind = f" (got {out['type']})" if out.get("type") else ""
        return f"`{check.function}` is not a function{kind}"
    if status == wire.MISSING:
        name = out.get("name") if out.get("name") in check.uses else (check.uses or ("?",))[0]
        return reasons.get(name) or (
            f"`{name}` is not defined (this check also needs {', '.join(check.uses)})")
    if status == wire.TIMEOUT:
        limit = out.get("limit")
        within = f" within {limit:g} s, the time limit per case" if limit else ""
        return (f"timed out: did not finish{within}" + (f" (stopped at {at})" if at else "")
                + ". Is there a loop that never ends (a condition that never becomes False, a "
                "counter never updated)?")
    exception = out.get("exception") or "an exception"
    message = out.get("message")
    text = f"{exception}: {message}" if message else exception
    advice = NAME_ERROR_ADVICE if exception == "NameError" else ""
    return "raised " + text + (f" ({at})" if at else "") + advice


#: Added to a ``NameError``: what graded code can see (the rule of :mod:`dqlcourse.cells`).
NAME_ERROR_ADVICE = (". Graded code sees the imports, functions and classes of the notebook and "
                     "the constants of your answer cells and of cells you added, not the variables "
                     "of the notebook's demo cells: pass what you need as an argument, or define "
                     "it in your answer cell")


def judge(check: Check, outcomes: list[dict], reasons: Mapping[str, str] | None = None,
          quick: bool | None = None) -> Report:
    """Phase 2: score plain-data ``outcomes`` against the check's expected values.

    Missing outcomes (a case that never reported, e.g. it timed out in a grader) fail.
    ``reasons``: what the judging side knows about a name the check needs (``{"nb04": "04_dqn.ipynb
    was not found ..."}``), used in the messages of ``undefined`` and ``missing`` outcomes.
    ``quick``: whether the outcomes come from a quick-mode run, whose cases are held to their
    quick-mode expected values (:meth:`Case.expected_for`; the message says so); ``None``: this
    process's mode, for outcomes executed here.
    """
    reasons = dict(reasons or {})
    results = []
    for i, case in enumerate(check.cases):
        out = outcomes[i] if i < len(outcomes) else {"status": wire.ERROR}
        status = out.get("status")
        if status == wire.OK:
            expected = case.expected_for(quick)
            diff = compare(case.compare, expected, out.get("value"))
            if diff is not None and expected is not case.expected:
                diff += " (quick mode)"
            curve = curve_of(out.get("value"), check.hidden, threshold_of(case, expected))
            if diff is None:
                results.append(CaseResult(case.name, True, "passed", curve=curve))
                continue
            message = "wrong result" if check.hidden else diff
            results.append(CaseResult(case.name, False, "failed", message,
                                      case.hint_for(expected, out.get("value")), curve))
        elif status == wire.NOT_IMPLEMENTED:
            results.append(CaseResult(case.name, False, "not_implemented", "not implemented yet"))
        elif status == wire.UNSCORABLE:  # written by the judging side (evaluation.complete)
            message = ("what it reported could not be scored" if check.hidden
                       else str(out.get("message"))[:wire.MAX_MESSAGE_CHARS])
            results.append(CaseResult(case.name, False, "failed", message, case.hint))
        else:
            results.append(CaseResult(case.name, False, "error",
                                      _error_message(check, out, reasons), case.hint))
    return Report(check, results)
