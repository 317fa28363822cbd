"""What the judging side computes from what a check's adapter reported: the facts a case
compares, never computed where the student's code ran.

An adapter runs the student's code (in the grader's sandbox, after the student's definitions
ran) and reports what it *observed*: the values the student's code returned or produced, as
plain data, and the names of their types where plain data cannot show them. Code the student
wrote could patch the course's functions in that process, so every fact derived from those
observations — a comparison of two runs, of a sample with the transitions stored, of actions
with the draws the text prescribes, a return — is computed here, in the judging process, by
the course's code, from the observations and from the case (written by the course). An
adapter names how with its ``measured`` attribute:

* :class:`Replayed` — a trained agent: the adapter that trains
  (:func:`dqlcourse.checks.nb04_dqn.call_train`) reports only what the agent *did*: for every
  trained network and every evaluation episode, the actions its greedy policy took
  (:func:`play`), plain integers. The judging side replays those actions in a fresh copy of the
  same environment with the same reset seeds (:func:`replay`) and computes the returns itself.
  Replaying is exact because the evaluation environments are deterministic given the reset
  seed and the actions. Every episode must end (terminated or truncated) exactly at its last
  action: a forged list of actions can only earn the return those actions really earn, which
  is what a policy that played them would get.
* :class:`Derived` — any other adapter whose cases compare facts: ``facts(case, observed)``
  turns the observations into the value the case compares (:func:`derive`).

The notebook's own check and the tests use the same functions in one process
(:func:`complete`, :func:`execute_here`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dqlcourse.checks import wire
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

    def finish(self, case: Case, value: Any, quick: bool | None) -> Any:
        """``value`` with its plays scored (:func:`greedy_return`); :class:`Unscorable` says
        why they cannot be."""
        got = greedy_return(self, case, value, quick)
        if isinstance(got, str):
            raise Unscorable(f"the trained agent could not be scored: {got}")
        return {**value, KEY: got}


@dataclass(frozen=True)
class Derived:
    """How the judging side turns what an adapter observed into what its cases compare (the
    adapter's ``measured`` attribute): ``facts(case, observed)`` returns the value the case's
    expected value is compared with. ``observed`` is untrusted plain data: ``facts`` must
    accept any shape of it, and may raise ``ValueError``, ``TypeError``, ``KeyError`` or
    ``IndexError`` for observations it cannot read (the case then fails, saying so)."""

    facts: Callable[[Case, Any], Any]

    def finish(self, case: Case, value: Any, quick: bool | None) -> Any:
        """The facts of ``value``; :class:`Unscorable` when they cannot be computed."""
        try:
            return self.facts(case, value)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise Unscorable("what the check observed could not be read "
                             f"({type(exc).__name__})") from None


class Unscorable(Exception):
    """Why the judging side cannot score an ``ok`` outcome (a sentence of the course's own)."""


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
                    return (f"evaluation episode {i}, step {step}: {repr(a)[:40]} is not an action in "
                           f"0..{n - 1}")
                _, r, terminated, truncated, _ = game.step(a)
                ret += float(r)
                ended = bool(terminated or truncated)
            if not ended:
                return f"evaluation episode {i} had not ended when its actions ran out"
        finally:
            game.close()
        total += ret
    return total / len(seeds)


def measured(check: Check, case: Case) -> Replayed | Derived | None:
    """What the judging side computes from ``case``'s observations (its adapter's ``measured``
    attribute), or ``None`` for an adapter whose report is compared as it is."""
    spec = getattr(resolve(case.call or check.call), "measured", None)
    return spec if isinstance(spec, (Replayed, Derived)) else None


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
    """``outcomes`` with the facts of every ``ok`` outcome computed here: a measured case's
    value becomes what its ``measured`` attribute computes from it (:meth:`Replayed.finish`,
    :meth:`Derived.finish`); a case whose value cannot be scored becomes an
    :data:`~dqlcourse.checks.wire.UNSCORABLE` outcome that says why. Other outcomes are kept."""
    out = list(outcomes)
    for i, case in enumerate(check.cases[:len(out)]):
        item = out[i]
        spec = measured(check, case)
        if spec is None or not isinstance(item, Mapping) or item.get("status") != "ok":
            continue
        try:
            out[i] = {**item, "value": spec.finish(case, item.get("value"), quick)}
        except Unscorable as why:
            out[i] = {"status": wire.UNSCORABLE, "message": str(why)}
    return out


def observed(call: Callable, fn: Any, case: Case, quick: bool | None = None) -> Any:
    """The value ``case`` compares when the adapter ``call`` runs ``fn`` here: what it reports,
    and what the judging side computes from that (its ``measured`` attribute), in one process
    (the tests of an adapter)."""
    value = call(fn, case)
    spec = getattr(call, "measured", None)
    return spec.finish(case, value, quick) if isinstance(spec, (Replayed, Derived)) else value


def execute_here(check: Check, fn: Any, uses: Mapping[str, Any] | None = None,
                 time_limit_s: float | None = None) -> list[dict]:
    """Phase 1 (:func:`dqlcourse.checks.core.execute`), then the scoring of the plays it
    reported, in this process: the notebook's own check and the tests, as the sandboxed grader
    does with the sandbox's outcomes."""
    return complete(check, execute(check, fn, uses, time_limit_s))
