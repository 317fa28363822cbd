"""Visible checks of notebook 02 (Bellman equation and Q-value iteration), and their adapter.

Hidden checks of this notebook live only in ``solutions/02_value_iteration.ipynb``.

The MDPs of the cases are plain data: nested lists ``P[s][a][s2]`` and ``R[s][a][s2]``, or
``{"gridworld": {...}}`` (the arguments of :func:`dqlcourse.mdp.gridworld`). Expected values
were computed by hand (the racecar MDP) or with the exact solver
:func:`dqlcourse.mdp.optimal_q` and a linear solve; ``tests/test_mdp.py`` recomputes every one
of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dqlcourse.checks.core import EQUAL, Case, Check, Compare
from dqlcourse.checks.evaluation import Derived
from dqlcourse.mdp import gridworld

# --------------------------------------------------------------------------- adapter

#: Arguments converted to float arrays, and to integer arrays, before the call.
FLOAT_ARGS = ("Q", "P", "R")
INT_ARGS = ("policy",)


def build_args(kwargs: dict) -> dict:
    """Turn a case's plain-data kwargs into the arrays the student function takes.

    ``{"mdp": {"gridworld": {...}}}`` becomes ``P`` and ``R`` of that gridworld; lists under
    ``Q``, ``P``, ``R`` become float arrays and ``policy`` an integer array. ``{"int": [...]}``
    under ``Q`` or ``R`` is an integer array instead (what ``np.array([[1, 2], [3, -1]])``
    gives a student who types the text's hand example). The order of the keys is the order of
    the function's parameters.
    """
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key == "mdp":
            mdp = gridworld(**value["gridworld"])
            out["P"], out["R"] = mdp.P.copy(), mdp.R.copy()
        elif key in FLOAT_ARGS and isinstance(value, dict):
            out[key] = np.array(value["int"], dtype=int)
        elif key in FLOAT_ARGS:
            out[key] = np.array(value, dtype=float)
        elif key in INT_ARGS:
            out[key] = np.array(value, dtype=int)
        else:
            out[key] = value
    return out


def call_arrays(fn: Callable, case: Case) -> Any:
    """Call ``fn`` with the case's arguments as arrays, positionally in the documented order.

    For ``bellman_backup`` the result is ``{"Q": output, "inputs_after": {...}}``: the array
    arguments as they are after the call (:func:`arrays_facts` compares them with the case's on
    the judging side: a backup must not modify the Q it reads); for ``q_value_iteration`` it is
    ``{"Q": Q, "sweeps": n}``; otherwise the output itself.
    """
    args = build_args(dict(case.kwargs))
    result = fn(*args.values())
    if "tol" in case.kwargs:  # q_value_iteration
        try:
            Q, sweeps = result
        except (TypeError, ValueError):
            raise TypeError("q_value_iteration must return a pair (Q, n_sweeps)") from None
        return {"Q": Q, "sweeps": sweeps}
    if _is_backup(case):
        return {"Q": result, "inputs_after": {k: v for k, v in args.items()
                                              if isinstance(v, np.ndarray)}}
    return result


def _is_backup(case: Case) -> bool:
    return "tol" not in case.kwargs and "Q" in case.kwargs and (
        "P" in case.kwargs or "mdp" in case.kwargs)


def arrays_facts(case: Case, seen: Any) -> Any:
    """What :func:`call_arrays` observed, judged here: for a backup, whether every array
    argument is, after the call, what the case gave (``input_unchanged``). Other results are
    compared as they are."""
    if not _is_backup(case):
        return seen
    given = {k: v for k, v in build_args(dict(case.kwargs)).items() if isinstance(v, np.ndarray)}
    after = seen["inputs_after"]
    unchanged = set(after) == set(given) and all(
        np.asarray(after[k]).shape == v.shape and bool(np.array_equal(np.asarray(after[k]), v))
        for k, v in given.items())
    return {"Q": seen["Q"], "input_unchanged": unchanged}


call_arrays.measured = Derived(arrays_facts)


# --------------------------------------------------------------------------- the racecar MDP

#: States: 0 cool, 1 warm, 2 overheated (terminal). Actions: 0 slow, 1 fast.
#: cool-slow: stay cool, +1. cool-fast: cool or warm (1/2 each), +2.
#: warm-slow: cool or warm (1/2 each), +1. warm-fast: overheated, -10.
RACE_P = [[[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]],
          [[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]],
          [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]]
RACE_R = [[[1.0, 0.0, 0.0], [2.0, 2.0, 0.0]],
          [[1.0, 1.0, 0.0], [0.0, 0.0, -10.0]],
          [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]

#: A random MDP (3 states, 2 actions, state 2 terminal), probabilities in tenths.
RANDOM_P = [[[0.4, 0.2, 0.4], [0.3, 0.3, 0.4]],
            [[0.4, 0.4, 0.2], [0.5, 0.2, 0.3]],
            [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]]
RANDOM_R = [[[3.0, -1.0, -2.0], [0.0, 2.0, -1.0]],
            [[3.0, -2.0, 0.0], [3.0, -3.0, 2.0]],
            [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]

#: The racecar's rewards as integers (a student typing them by hand gets an integer array).
RACE_R_INT = [[[int(r) for r in row] for row in state] for state in RACE_R]

#: One state, one action, reward 1 forever: Q_k = (1 - gamma**k) / (1 - gamma).
LOOP_P, LOOP_R = [[[1.0]]], [[[1.0]]]

_Q_AND_FLAG = {"Q": Compare("close", rtol=1e-7, atol=1e-9), "input_unchanged": EQUAL}
_ITERATION = {"Q": Compare("close", rtol=0.0, atol=1e-6), "sweeps": EQUAL}
_EXACT = Compare("close", rtol=0.0, atol=1e-6)

# --------------------------------------------------------------------------- visible checks

BELLMAN_BACKUP = Check(
    id="02.bellman_backup",
    function="bellman_backup",
    points=2,
    call=call_arrays,
    cases=(
        Case("racecar, from Q = 0, gamma = 0.9",
             kwargs={"Q": [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], "P": RACE_P, "R": RACE_R,
                     "gamma": 0.9},
             expected={"Q": [[1.0, 2.0], [1.0, -10.0], [0.0, 0.0]], "input_unchanged": True},
             compare=_Q_AND_FLAG,
             hint="From Q = 0 a backup gives the expected reward, not discounted (gamma multiplies "
                  "only the next state's value): sum over the next state s2, the LAST axis, of "
                  "P[s,a,s2] * R[s,a,s2]; weight each reward by its probability."),
        Case("racecar, from Q = [[1, 2], [3, -1], [0, 0]], gamma = 0.5",
             kwargs={"Q": [[1.0, 2.0], [3.0, -1.0], [0.0, 0.0]], "P": RACE_P, "R": RACE_R,
                     "gamma": 0.5},
             expected={"Q": [[2.0, 3.25], [2.25, -10.0], [0.0, 0.0]], "input_unchanged": True},
             compare=_Q_AND_FLAG,
             hint="Bootstrap from the NEXT state: max over a2 of Q[s2, a2] (Q.max(axis=1), one max "
                  "per next state, not the whole table's max), averaged over s2 "
                  "with P[s, a, s2], times gamma once. Not the current state's max, not the "
                  "sum or mean over actions."),
        Case("the hand example typed with integers: Q = np.array([[1, 2], [3, -1], [0, 0]])",
             kwargs={"Q": {"int": [[1, 2], [3, -1], [0, 0]]}, "P": RACE_P, "R": {"int": RACE_R_INT},
                     "gamma": 0.5},
             expected={"Q": [[2.0, 3.25], [2.25, -10.0], [0.0, 0.0]], "input_unchanged": True},
             compare=_Q_AND_FLAG,
             hint="The case above with INTEGER arrays Q and R: if only this one fails, your new "
                  "array is an integer array (np.zeros_like(Q) copies Q's dtype) and 3.25 becomes "
                  "3. Create it as floats, np.zeros(Q.shape), or compute it with numpy "
                  "operations."),
        Case("all Q-values negative",
             kwargs={"Q": [[-5.0, -7.0], [-2.0, -9.0], [0.0, 0.0]], "P": RACE_P, "R": RACE_R,
                     "gamma": 0.5},
             expected={"Q": [[-1.5, 0.25], [-0.75, -10.0], [0.0, 0.0]], "input_unchanged": True},
             compare=_Q_AND_FLAG,
             hint="The max of negative numbers is negative: take Q.max(axis=1), do not start "
                  "a running max at 0."),
        Case("a random 3-state MDP: do not modify Q in place",
             kwargs={"Q": [[1.0, -1.0], [0.5, 2.0], [0.0, 0.0]], "P": RANDOM_P, "R": RANDOM_R,
                     "gamma": 0.9},
             expected={"Q": [[0.92, 1.01], [1.48, 2.31], [0.0, 0.0]], "input_unchanged": True},
             compare=_Q_AND_FLAG,
             hint="A sweep computes every new value from the OLD Q: build a new array and "
                  "leave the Q you were given unchanged (no in-place updates)."),
    ),
)

Q_VALUE_ITERATION = Check(
    id="02.q_value_iteration",
    function="q_value_iteration",
    points=2,
    call=call_arrays,
    cases=(
        Case("one state, reward 1 forever, gamma = 0.5, tol = 0.01",
             kwargs={"P": LOOP_P, "R": LOOP_R, "gamma": 0.5, "tol": 0.01, "max_sweeps": 1000},
             expected={"Q": [[1.9921875]], "sweeps": 8},
             compare=_ITERATION,
             hint="Start from Q = 0, count every backup, and stop right after the first sweep "
                  "whose max |Q_new - Q| is below tol; return the NEW Q. Here the changes are "
                  "1, 1/2, 1/4, ..., and 1/128 is the first below 0.01: 8 sweeps."),
        Case("gamma = 0: the second sweep changes nothing",
             kwargs={"P": RACE_P, "R": RACE_R, "gamma": 0.0, "tol": 1e-8, "max_sweeps": 1000},
             expected={"Q": [[1.0, 2.0], [1.0, -10.0], [0.0, 0.0]], "sweeps": 2},
             compare=_ITERATION,
             hint="You can only see that Q stopped changing after a second sweep; do not "
                  "stop before any sweep."),
        Case("max_sweeps is respected",
             kwargs={"P": LOOP_P, "R": LOOP_R, "gamma": 0.99, "tol": 1e-12, "max_sweeps": 5},
             expected={"Q": [[4.90099501]], "sweeps": 5},
             compare=_ITERATION,
             hint="At most max_sweeps sweeps, not one more (check the loop bound: `<=` on a counter that starts at 0 runs one sweep too many). " "Stop after max_sweeps sweeps even if the tolerance is not reached."),
        Case("racecar, gamma = 0.9: the exact Q*",
             kwargs={"P": RACE_P, "R": RACE_R, "gamma": 0.9, "tol": 1e-10, "max_sweeps": 10000},
             expected={"Q": [[14.95, 15.5], [14.5, -10.0], [0.0, 0.0]], "sweeps": 224},
             compare=_ITERATION,
             hint="Q must reach the exact Q* (from a linear solve of the optimal policy); "
                  "stop on the max absolute change, not the sum or a relative change."),
        Case("costs only: every value goes DOWN, gamma = 0.5, tol = 0.01",
             kwargs={"P": LOOP_P, "R": [[[-1.0]]], "gamma": 0.5, "tol": 0.01, "max_sweeps": 1000},
             expected={"Q": [[-1.9921875]], "sweeps": 8},
             compare=_ITERATION,
             hint="The change is max |Q_new - Q|, WITH the absolute value: here every value "
                  "falls (-1, -1.5, -1.75, ...), so max(Q_new - Q) is negative from the first "
                  "sweep on and a test without abs stops at once."),
    ),
)

GREEDY_POLICY = Check(
    id="02.greedy_policy",
    function="greedy_policy",
    points=1,
    call=call_arrays,
    cases=(
        Case("one best action per state",
             kwargs={"Q": [[1.0, 3.0], [2.0, -1.0], [-4.0, -3.0]]},
             expected=[1, 0, 1], compare=EQUAL,
             hint="Return one action per state: argmax over the ACTIONS (axis=1)."),
        # every row ties (4-, 3-, 4-, 3-, 4-, 3-, 4- and 2-way): a random choice among the
        # best actions matches all eight with probability 1 / 13824
        Case("ties go to the lowest action index",
             kwargs={"Q": [[2.0, 2.0, 2.0, 2.0], [0.0, 5.0, 5.0, 5.0], [1.0, 1.0, 1.0, 1.0],
                           [-1.0, -3.0, -1.0, -1.0], [0.5, 0.5, 0.5, 0.5], [3.0, 3.0, -2.0, 3.0],
                           [-2.0, -2.0, -2.0, -2.0], [0.0, 7.0, 0.0, 7.0]]},
             expected=[0, 1, 0, 0, 0, 0, 0, 1], compare=EQUAL,
             hint="On ties, pick the smallest action index (np.argmax does): not the last best "
                  "action, not a random one."),
        Case("the policy is an integer array",
             kwargs={"Q": [[0.5, -1.0], [0.0, 2.0], [1.0, 3.0]]},
             expected=[0, 1, 1], compare=Compare("equal", exact_type=True),
             hint="One action per state: the index of each row's largest Q-value, "
                  "np.argmax(Q, axis=1), an array of shape (S,) (not the values, not one-hot "
                  "rows).",
             type_hint="Actions are integers (the policy is used as an index): np.zeros(S) "
                       "makes a FLOAT array, so 1 becomes 1.0. Use np.zeros(S, dtype=int), or "
                       "return np.argmax(Q, axis=1) directly."),
    ),
)

EVALUATE_POLICY = Check(
    id="02.evaluate_policy",
    function="evaluate_policy",
    points=2,
    call=call_arrays,
    cases=(
        Case("racecar: always slow when cool, fast when warm, gamma = 0.9",
             kwargs={"P": RACE_P, "R": RACE_R, "policy": [0, 1, 0], "gamma": 0.9},
             expected=[[10.0, 2.0], [1.0, -10.0], [0.0, 0.0]], compare=_EXACT,
             hint="Solve exactly: iterating until the change is below 1e-6 stops with an error of up to 1e-6 / (1 - gamma). In (I - gamma M) q = r, row (s, a) of M holds P[s, a, s2] on the column (s2, pi(s2)): do not transpose M. " "Q^pi(s, a) = sum_s2 P[s,a,s2] (R[s,a,s2] + gamma Q^pi(s2, pi(s2))): follow "
                  "the GIVEN policy in the next state, not the max."),
        Case("one state, two actions, gamma = 0.99",
             kwargs={"P": [[[1.0], [1.0]]], "R": [[[1.0], [2.0]]], "policy": [0], "gamma": 0.99},
             expected=[[100.0, 101.0]], compare=_EXACT,
             hint="Solve exactly (np.linalg.solve), or iterate until the change is tiny: a "
                  "fixed small number of sweeps is far from 100 when gamma = 0.99."),
        Case("a random 3-state MDP, gamma = 0.9",
             kwargs={"P": RANDOM_P, "R": RANDOM_R, "policy": [0, 0, 0], "gamma": 0.9},
             expected=[[0.5800464037, 0.6134570766], [0.9512761021, 1.93225058], [0.0, 0.0]],
             compare=_EXACT,
             hint="Return the (S, A) array Q^pi, not the state values V^pi; the policy fixes "
                  "the action only from the next state on."),
    ),
)

#: The visible checks of notebook 02, in notebook order.
CHECKS = (BELLMAN_BACKUP, Q_VALUE_ITERATION, GREEDY_POLICY, EVALUATE_POLICY)
