"""The one wire between the trusted grader and the process that runs student code.

Both sides import this module (it needs the standard library only, so the sandbox's runner can
import it before any student code exists): the grader (:mod:`autograder.sandbox.server`)
writes jobs and reads lines; the runner (``autograder/sandbox/runner.py``) reads jobs and
writes lines; :func:`dqlcourse.checks.core.execute` writes outcomes and
:func:`dqlcourse.checks.core.judge` reads them.

What crosses, and what the trusted side believes of it:

* **The codec** (:func:`encode`/:func:`decode`): plain data with tuples and non-string dict
  keys kept, so a case's inputs arrive as they were written.
* **A check's payload** (:func:`to_payload`/:func:`cases_of`): what the runner needs to call the
  student's function, *without* expected values, hints or case names.
* **Two channels into the sandbox.** The *job line* (on the runner's stdin) carries what the
  submission process needs and no case input: the submission's code, the adapters' modules
  (:func:`adapter_modules`) and, per check, only :func:`job_entry` (its index, whether it is
  hidden, its budgets). A check's inputs travel alone, on the *payload channel* (a pipe whose
  read end the runner is given as ``setup["payload_fd"]``): the grader writes check ``i``'s
  payload (:func:`payload_frame`, one line) when it reads the runner's ``start`` line for
  ``i``, and the worker of check ``i``, forked just before, reads it before any student code
  exists. The runner starts no other check until that worker has taken its line, so one line
  at most is ever in the pipe and each worker holds only its own check's inputs; neither the
  runner's server nor its submission process ever reads the channel. A line left unread when
  a job is done (a worker killed before it read it) makes the grader start a fresh sandbox.
* **Message kinds** (:data:`READY`, :data:`JOB`, :data:`START`, :data:`CHECK`, :data:`DONE`):
  one JSON line each, from the runner to the grader.
* **Outcome statuses**, one per case. Every status is data, never a sentence used as a flag:

  ===================  =============================================================
  ``ok``               ``value``: the adapter's plain-data result
  ``not_implemented``  the function raised ``NotImplementedError``
  ``error``            ``exception`` (type name), ``message``, ``line`` and ``function``
                       (where in the student's code)
  ``timeout``          ``limit`` (seconds), ``line`` and ``function`` (where it stopped)
  ``undefined``        ``name``: the function or class is not defined; ``exception`` and
                       ``message`` when its definition raised
  ``not_callable``     ``name`` and ``type``: defined, but not a function or class
  ``missing``          ``name``: an object the check also needs is not there
  ===================  =============================================================

  Student code chooses ``message``, ``type`` and ``function``, and even ``exception`` (a class
  of its own); the trusted side writes every sentence itself from the status and what it knows
  (the check's function, the names the submission defines), and for hidden checks keeps no
  free text at all: :func:`clean_outcomes`.
"""

from __future__ import annotations

import builtins
import json
from typing import Any

# --------------------------------------------------------------------------- codec

_TUPLE, _DICT = "__tuple__", "__dict_items__"


def encode(value: Any) -> Any:
    """Plain data -> JSON-safe data, keeping tuples and non-string dict keys."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _TUPLE not in value and _DICT not in value:
            return {k: encode(v) for k, v in value.items()}
        return {_DICT: [[encode(k), encode(v)] for k, v in value.items()]}
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # numpy data in a case
        return encode(value.tolist())
    raise TypeError(f"a case input of type {type(value).__name__} is not plain data")


def decode(value: Any) -> Any:
    """Inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {_TUPLE}:
            return tuple(decode(v) for v in value[_TUPLE])
        if set(value) == {_DICT}:
            return {_hashable(decode(k)): decode(v) for k, v in value[_DICT]}
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, (list, tuple)) else key


# --------------------------------------------------------------------------- message kinds

READY, JOB, START, CHECK, DONE = "ready", "job", "start", "check", "done"

# --------------------------------------------------------------------------- outcome statuses

OK, NOT_IMPLEMENTED, ERROR, TIMEOUT = "ok", "not_implemented", "error", "timeout"
UNDEFINED, NOT_CALLABLE, MISSING = "undefined", "not_callable", "missing"
STATUSES = (OK, NOT_IMPLEMENTED, ERROR, TIMEOUT, UNDEFINED, NOT_CALLABLE, MISSING)
#: The status the judging side gives an ``ok`` outcome whose observations it cannot score
#: (:func:`dqlcourse.checks.evaluation.complete`), with a ``message`` of the course's own. Not
#: in :data:`STATUSES`: the sandbox can never send it (:func:`clean_outcome` refuses it).
UNSCORABLE = "unscorable"

#: longest free text a visible check's outcome keeps (a student's own exception message)
MAX_MESSAGE_CHARS = 500


def where(line: int | None, function: str | None) -> str:
    """``"line 4 of f"`` (or ``""``), the one way a location in student code is written."""
    if not isinstance(line, int) or isinstance(line, bool) or not function:
        return ""
    return f"line {line} of {function}"


# --------------------------------------------------------------------------- payload


def to_payload(index: int, check: Any, wall_seconds: float) -> dict:
    """What the runner gets of ``check`` (a :class:`~dqlcourse.checks.core.Check`): its
    index, function, adapter, names it uses and each case's inputs (and adapter, if its own); a
    wall-clock budget of ``wall_seconds`` (CPU one second more). No expected value, hint or case
    name. Only the check's own worker receives it (the payload channel); the job line carries
    its :func:`job_entry`."""
    return {"index": index, "id": check.id, "function": check.function, "call": check.call,
            "hidden": check.hidden, "uses": list(check.uses), "wall_seconds": wall_seconds,
            "cpu_seconds": wall_seconds + 1,
            "cases": [{"args": encode(tuple(c.args)), "kwargs": encode(dict(c.kwargs)),
                       "call": c.call} for c in check.cases]}


#: The fields of a payload the job line carries (:func:`job_entry`): no case input.
JOB_FIELDS = ("index", "hidden", "wall_seconds", "cpu_seconds")


def job_entry(payload: dict) -> dict:
    """What the job line says of a check: which one, whether it is hidden (the runner never
    runs a hidden check beside a visible one) and its budgets; its inputs stay off the line."""
    return {key: payload[key] for key in JOB_FIELDS}


def adapter_modules(payloads: list[dict]) -> list[str]:
    """The modules of every adapter the payloads name (the checks' and their cases' own), which
    the submission process imports before any student code runs."""
    calls = {p["call"] for p in payloads} | {c["call"] for p in payloads for c in p["cases"]
                                             if c.get("call")}
    return sorted({call.partition(":")[0] for call in calls})


def payload_frame(payload: dict) -> bytes:
    """A payload as it crosses the payload channel: one JSON line."""
    return (json.dumps(payload) + "\n").encode()


def cases_of(payload: dict) -> list[tuple[tuple, dict, str | None]]:
    """The ``(args, kwargs, adapter)`` of each case of a payload, decoded (adapter ``None``:
    the check's)."""
    return [(tuple(decode(c["args"])), decode(c["kwargs"]), c.get("call"))
            for c in payload["cases"]]


# --------------------------------------------------------------------------- trusted reading


def builtin_exception(name: Any) -> str | None:
    """``name`` if it names a built-in exception class (``"ValueError"``), else None."""
    if not isinstance(name, str) or not name.isidentifier():
        return None
    obj = getattr(builtins, name, None)
    return name if isinstance(obj, type) and issubclass(obj, BaseException) else None


def _text(value: Any, limit: int = MAX_MESSAGE_CHARS) -> str:
    return str(value)[:limit] if isinstance(value, str) else ""


def _line(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def clean_outcome(item: Any, hidden: bool, known_names: frozenset[str] = frozenset()) -> dict:
    """One case's outcome as the trusted side keeps it: well-formed fields only, with their
    types checked. For hidden checks, no text the student's code chose: an exception keeps its
    type only when it is a built-in one, a location only its line number and a function name
    the submission defines (``known_names``)."""
    if not isinstance(item, dict) or item.get("status") not in STATUSES:
        return {"status": ERROR, "exception": None, "line": None, "function": None}
    status = item["status"]
    if status == OK:
        return {"status": OK, "value": item.get("value")} if "value" in item else \
            {"status": ERROR, "exception": None, "line": None, "function": None}
    if status == NOT_IMPLEMENTED:
        return {"status": NOT_IMPLEMENTED}
    if status == MISSING:
        return {"status": status, "name": _text(item.get("name"), 80)}
    if status == UNDEFINED:  # with the error that stopped its definition, if any
        exception = item.get("exception")
        out = {"status": status, "name": _text(item.get("name"), 80),
               "exception": builtin_exception(exception) if hidden else _text(exception, 80)}
        if not hidden:
            out["message"] = _text(item.get("message"))
        return out
    if status == NOT_CALLABLE:
        return {"status": status, "type": None if hidden else _text(item.get("type"), 80)}
    function = item.get("function")
    function = function if isinstance(function, str) and (
        not hidden or function in known_names) else None
    out = {"status": status, "line": _line(item.get("line")), "function": _text(function, 80) or None}
    if status == TIMEOUT:
        limit = item.get("limit")
        out["limit"] = limit if isinstance(limit, (int, float)) and not isinstance(limit, bool) \
            else None
        return out
    exception = item.get("exception")
    out["exception"] = builtin_exception(exception) if hidden else (_text(exception, 80) or None)
    if not hidden:
        out["message"] = _text(item.get("message"))
    return out


def clean_outcomes(n_cases: int, outcomes: Any, hidden: bool,
                   known_names: frozenset[str] = frozenset()) -> list[dict]:
    """One cleaned outcome per case (:func:`clean_outcome`); a case without one is an error."""
    items = outcomes if isinstance(outcomes, list) else []
    return [clean_outcome(items[i] if i < len(items) else None, hidden, known_names)
            for i in range(n_cases)]
