"""A trained agent's greedy return, computed by the judging side from the actions it took.

A behavioural check trains the student's agent (``train_dqn``) and judges how well its greedy
policy plays. The training and the playing have to run the student's code; the scoring must
not: in the grader's sandbox, code the student wrote could replace the course's evaluation
(patch ``evaluate_greedy`` at definition time, say) and report any return it likes. So the
adapter that trains (:func:`dqlcourse.checks.nb04_dqn.call_train`) reports only what the agent
*did*: for every trained network and every evaluation episode, the actions its greedy policy
took (:func:`play`), plain integers. The judging side then replays those actions in a fresh
copy of the same environment with the same reset seeds (:func:`replay`, the course's code only,
in the judging process) and computes the returns itself. The environment, the number of
episodes and of networks come from the case (written by the course), never from the sandbox.

Replaying is exact because the evaluation environments are deterministic given the reset seed
and the actions. Every episode must end (terminated or truncated) exactly at its last action:
a forged list of actions can only earn the return those actions really earn, which is what a
policy that played them would get. The notebook's own check and the tests use the same two
functions in one process (:func:`complete`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dqlcourse.checks.core import Case, Check, execute, resolve

#: The output key an adapter that trains reports the actions under
#: (``{KEY: {"actions": [[[a, ...] per episode] per network]}}``), and where the judging side
#: puts the mean greedy return it computed.
KEY = "greedy return"


@dataclass(frozen=True)
class Replayed:
    """How the judging side replays what an adapter that trains reports (the adapter's
    ``measured`` attribute): ``plays(case, quick)`` lists, for each network the case trains, the
    evaluation environment's factory and the reset seeds of its evaluation episodes, all from the
    case (written by the course)."""

    plays: Callable[[Case, bool | None], list[tuple[Callable[[], Any], list[int]]]]


def play(q_net: Any, make_env: Callable[[], Any], seeds: Sequence[int]) -> list[list[int]]:
    """The greedy policy's actions in each evaluation episode (one per reset seed) of
    ``make_env``'s environment, as :func:`dqlcourse.dqn.evaluate_greedy` plays them."""
    from dqlcourse.dqn import evaluate_greedy

    actions: list[list[int]] = []
    evaluate_greedy(q_net, make_env, list(seeds), actions=actions)
    return actions


def replay(make_env: Callable[[], Any], seeds: Sequence[int], actions: Any) -> float | str:
    """The mean return of the action lists ``actions`` (untrusted: one list per evaluation
    episode) replayed in fresh environments of ``make_env`` reset with ``seeds``; or, when they
    are not a valid play of those episodes, why (a sentence of the course's own)."""
    if not isinstance(actions, list) or len(actions) != len(seeds):
        return f"expected the actions of {len(seeds)} evaluation episode(s)"
    total = 0.0
    for i, (seed, taken) in enumerate(zip(seeds, actions)):
        game = make_env()
        try:
            game.reset(seed=int(seed))
            n = int(game.action_space.n)
            ended, ret = False, 0.0
            for step, a in enumerate(taken if isinstance(taken, list) else [None]):
                if ended:
                    return f"evaluation episode {i} ended after {step} steps, but has more actions"
                if isinstance(a, bool) or not isinstance(a, int) or not 0 <= a < n:
                    return f"evaluation episode {i}, step {step}: {a!r} is not an action in 0..{n - 1}"
                _, r, terminated, truncated, _ = game.step(a)
                ret += float(r)
                ended = bool(terminated or truncated)
            if not ended:
                return f"evaluation episode {i} had not ended when its actions ran out"
        finally:
            game.close()
        total += ret
    return total / len(seeds)


def replayed(check: Check, case: Case) -> Replayed | None:
    """How the judging side replays ``case``'s plays (its adapter's ``measured`` attribute), or
    ``None`` for a case whose adapter reports no play."""
    spec = getattr(resolve(case.call or check.call), "measured", None)
    return spec if isinstance(spec, Replayed) else None


def greedy_return(spec: Replayed, case: Case, value: Any, quick: bool | None = None) -> float | str:
    """The mean greedy return of an ``ok`` outcome ``value`` of ``case`` (untrusted: from the
    sandbox) over its networks and evaluation episodes, replayed here; or why it cannot be
    computed. ``quick``: the graders' quick mode (default: this process's), which may set how
    many networks the case trained."""
    plays = spec.plays(case, quick)
    handed = value.get(KEY) if isinstance(value, Mapping) else None
    played = handed.get("actions") if isinstance(handed, Mapping) else None
    if not isinstance(played, list) or len(played) != len(plays):
        return (f"the greedy policy's actions were not reported for the {len(plays)} trained "
                f"network(s)")
    means = [replay(make_env, seeds, p) for (make_env, seeds), p in zip(plays, played)]
    problem = next((m for m in means if isinstance(m, str)), None)
    return problem if problem is not None else round(sum(means) / len(means), 3)


def complete(check: Check, outcomes: list, quick: bool | None = None) -> list:
    """``outcomes`` with every reported play scored here: the value at :data:`KEY` of each
    ``ok`` outcome of a measured case becomes its mean greedy return (:func:`greedy_return`); a
    case whose play cannot be scored becomes an error that says why. Other outcomes are kept."""
    out = list(outcomes)
    for i, case in enumerate(check.cases[:len(out)]):
        item = out[i]
        spec = replayed(check, case)
        if spec is None or not isinstance(item, Mapping) or item.get("status") != "ok":
            continue
        got = greedy_return(spec, case, item.get("value"), quick)
        if isinstance(got, str):
            out[i] = {"status": "error", "exception": "RuntimeError",
                      "message": f"the trained agent could not be scored: {got}",
                      "line": None, "function": None}
        else:
            out[i] = {**item, "value": {**item["value"], KEY: got}}
    return out


def execute_here(check: Check, fn: Any, uses: Mapping[str, Any] | None = None,
                 time_limit_s: float | None = None) -> list[dict]:
    """Phase 1 (:func:`dqlcourse.checks.core.execute`), then the scoring of the plays it
    reported, in this process: the notebook's own check and the tests, as the sandboxed grader
    does with the sandbox's outcomes."""
    return complete(check, execute(check, fn, uses, time_limit_s))
