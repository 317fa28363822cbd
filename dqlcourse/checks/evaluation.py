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

from collections.abc import Mapping
from typing import Any

from dqlcourse.checks.core import Case, Check, resolve

#: The output key an adapter that trains reports the actions under
#: (``{KEY: {"actions": [[[a, ...] per episode] per network]}}``), and where the judging side
#: puts the mean greedy return it computed.
KEY = "greedy return"


def play(q_net: Any, env: str, episodes: int) -> list[list[int]]:
    """The greedy policy's actions in each of the first ``episodes`` evaluation episodes of the
    environment named ``env`` (a key of :data:`dqlcourse.checks.nb04_dqn.ENVS`)."""
    from dqlcourse.checks.nb04_dqn import ENVS
    from dqlcourse.dqn import EVAL_SEEDS, evaluate_greedy

    actions: list[list[int]] = []
    evaluate_greedy(q_net, ENVS[env][-1], EVAL_SEEDS[:episodes], actions=actions)
    return actions


def replay(env: str, episodes: int, actions: Any) -> float | str:
    """The mean return of the action lists ``actions`` (untrusted: one list per evaluation
    episode) replayed in the first ``episodes`` evaluation episodes of ``env``; or, when they
    are not a valid play of those episodes, why (a sentence of the course's own)."""
    from dqlcourse.checks.nb04_dqn import ENVS
    from dqlcourse.dqn import EVAL_SEEDS

    if not isinstance(actions, list) or len(actions) != episodes:
        return f"expected the actions of {episodes} evaluation episode(s)"
    total = 0.0
    for i, (seed, taken) in enumerate(zip(EVAL_SEEDS[:episodes], actions)):
        game = ENVS[env][-1]()
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
    return total / episodes


def measured_key(check: Check, case: Case) -> str | None:
    """The output key the judging side computes for ``case`` (its adapter's ``measured``
    attribute), or ``None``."""
    return getattr(resolve(case.call or check.call), "measured", None)


def greedy_return(check: Check, case: Case, value: Any, quick: bool | None = None) -> float | str:
    """The mean greedy return of an ``ok`` outcome ``value`` of ``case`` (untrusted: from the
    sandbox) over its networks and evaluation episodes, replayed here; or why it cannot be
    computed. ``quick``: the graders' quick mode (default: this process's), which sets how many
    networks the case trained."""
    from dqlcourse.checks.nb04_dqn import train_settings

    _, seeds = train_settings(case.kwargs, quick)
    handed = value.get(KEY) if isinstance(value, Mapping) else None
    played = handed.get("actions") if isinstance(handed, Mapping) else None
    if not isinstance(played, list) or len(played) != len(seeds):
        return (f"the greedy policy's actions were not reported for the {len(seeds)} trained "
                f"network(s)")
    means = [replay(case.kwargs["env"], int(case.kwargs.get("eval_episodes", 1)), p)
             for p in played]
    problem = next((m for m in means if isinstance(m, str)), None)
    return problem if problem is not None else round(sum(means) / len(means), 3)


def complete(check: Check, outcomes: list, quick: bool | None = None) -> list:
    """``outcomes`` with every reported play scored here: the value at :data:`KEY` of each
    ``ok`` outcome of a measured case becomes its mean greedy return (:func:`greedy_return`); a
    case whose play cannot be scored becomes an error that says why. Other outcomes are kept."""
    out = list(outcomes)
    for i, case in enumerate(check.cases[:len(out)]):
        item = out[i]
        if measured_key(check, case) is None or not isinstance(item, Mapping) \
                or item.get("status") != "ok":
            continue
        got = greedy_return(check, case, item.get("value"), quick)
        if isinstance(got, str):
            out[i] = {"status": "error", "exception": "RuntimeError",
                      "message": f"the trained agent could not be scored: {got}",
                      "line": None, "function": None}
        else:
            out[i] = {**item, "value": {**item["value"], KEY: got}}
    return out
