"""Checks of a training loop's bookkeeping: which environment steps train, how many gradient
steps each takes, when the target network moves, which epsilon each step uses, which config
fields reach ``optimize_step``, and whether the seed makes a run reproducible.

Whether an agent learns does not show these: a loop that ignores ``train_every`` or copies the
target four times too rarely still learns a tiny environment. So :func:`call_train_trace` runs
the student's ``train_dqn(config, make_env, agent=...)`` for a dozen steps on
:class:`~dqlcourse.testenvs.Metronome` (episodes of a fixed length, whatever the agent does)
with an agent built here, whose parts are instruments:

* the networks are :class:`~dqlcourse.checks.mocks.TableQ` tables of one state;
* the optimiser is :class:`MarkingOptimizer`: its ``step()`` either sets every online weight
  to the number of steps taken so far (so the target network's weights say exactly which
  updates happened, and when) or changes nothing (so every loss is known in advance);
* the buffer is :class:`FixedBatchBuffer`: it counts what is added and always samples the same
  known batch, so the result never depends on the order of random draws;
* for the double-DQN flag, ``optimize_step`` is spied on (:func:`double_flags`);
* the environment records, before each step, how many losses the history holds, the target
  network's mean weight and the action taken.

Everything reported is plain data, as for every check.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any

import torch

from dqlcourse.checks.core import Case
from dqlcourse.checks.evaluation import Derived
from dqlcourse.checks.mocks import TableQ, table_batch
from dqlcourse.dqn import Agent, DQNConfig
from dqlcourse.testenvs import Metronome


class MarkingOptimizer(torch.optim.Optimizer):
    """An optimiser whose ``step()`` marks the online network instead of descending.

    ``mode="mark"``: after its ``k``-th step every parameter equals ``k``. ``mode="frozen"``:
    the parameters never change. ``steps`` counts the calls either way.
    """

    def __init__(self, params: Any, mode: str = "mark"):
        super().__init__(params, {})
        self.mode, self.steps = mode, 0

    @torch.no_grad()
    def step(self, closure: Callable | None = None) -> None:  # noqa: D102
        if closure is not None:
            with torch.enable_grad():
                closure()
        self.steps += 1
        if self.mode == "mark":
            for group in self.param_groups:
                for p in group["params"]:
                    p.fill_(float(self.steps))


class FixedBatchBuffer:
    """A replay buffer that counts the transitions added and the batches sampled, and always
    samples one known batch."""

    def __init__(self, spec: dict, n_states: int):
        self.spec, self.n_states, self.added, self.sampled = spec, n_states, 0, 0

    def add(self, *transition: Any, **named: Any) -> None:
        self.added += 1

    def __len__(self) -> int:
        return self.added

    def sample(self, batch_size: int) -> Any:
        self.sampled += 1
        return table_batch(self.spec, self.n_states)


#: The batch a :class:`FixedBatchBuffer` samples when a case names none: one state, both actions.
BATCH = {"s": [0, 0], "a": [0, 1], "r": [1.0, -1.0], "s2": [0, 0], "term": [0, 1], "trunc": [0, 0]}


def _mean(net: TableQ) -> float:
    return round(float(net.linear.weight.detach().mean()), 6)


def trace_run(fn: Callable, kwargs: dict, config_overrides: dict | None = None) -> dict:
    """One instrumented run of ``fn`` (``train_dqn``). Returns ``{"losses_after_each_step",
    "samples_after_each_step", "target_after_each_step", "actions", "epsilons", "losses"}``:
    after each environment step the number of losses in the history, the number of batches
    sampled from the buffer and the target network's mean weight; the action of each step; the
    history's epsilons (one per finished episode) and losses."""
    fields = {"hidden": (1,), **kwargs["config"], **(config_overrides or {})}
    fields["hidden"] = tuple(fields["hidden"])
    config = DQNConfig(**fields)
    q_net = TableQ(kwargs.get("q", [[0.0, 0.0]]))
    target_net = TableQ(kwargs.get("target", kwargs.get("q", [[0.0, 0.0]])))
    optimizer = MarkingOptimizer(q_net.parameters(), kwargs.get("optimizer", "mark"))
    buffer = FixedBatchBuffer(kwargs.get("batch", BATCH), 1)
    agent = Agent(q_net, target_net, optimizer, buffer, 1, 2)
    agent.steps, agent.episodes = kwargs.get("resumed", (0, 0))
    records: list[tuple[int, int, float]] = []
    actions: list[int] = []

    class Traced(Metronome):
        def step(self, action):
            records.append((len(agent.history.losses), buffer.sampled, _mean(target_net)))
            actions.append(int(action))
            return super().step(action)

    length = kwargs.get("episode_length", 2)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        returned = fn(config, lambda: Traced(length), agent=agent)
    finally:
        torch.set_num_threads(threads)
    if returned is not agent:
        raise TypeError("train_dqn(config, make_env, agent=agent) must keep training the agent "
                        "it is given and return it")
    records.append((len(agent.history.losses), buffer.sampled, _mean(target_net)))
    return {"losses_after_each_step": [n for n, _, _ in records[1:]],
            "samples_after_each_step": [n for _, n, _ in records[1:]],
            "target_after_each_step": [t for _, _, t in records[1:]],
            "actions": actions,
            "epsilons": [round(float(e), 6) for e in agent.history.epsilons],
            "losses": [round(float(v), 6) for v in agent.history.losses]}


def double_flags(fn: Callable, kwargs: dict, double_dqn: bool) -> list:
    """The values of the ``double`` argument ``optimize_step`` receives in a run with
    ``config.double_dqn = double_dqn``, each once, sorted (``[]`` if it is never called): how
    many gradient steps there are is the business of the other cases.

    For the run, the name ``optimize_step`` of the student's namespace (``fn.__globals__``) is a
    spy that records the argument and calls the student's ``optimize_step`` with
    ``double=False``: in the notebook this check runs before ``double_dqn_targets`` is written,
    and what is observed is what the loop gives, not what double DQN then computes.
    """
    namespace = getattr(fn, "__globals__", {})
    real = namespace.get("optimize_step")
    if not callable(real):
        raise NameError("train_dqn's notebook has no optimize_step")
    signature = inspect.signature(real)
    given: list = []

    def optimize_step(*args: Any, **named: Any) -> Any:
        bound = signature.bind(*args, **named)
        bound.apply_defaults()
        given.append(bool(bound.arguments["double"]) if "double" in bound.arguments else None)
        if "double" in bound.arguments:
            bound.arguments["double"] = False
        return real(*bound.args, **bound.kwargs)

    namespace["optimize_step"] = optimize_step
    try:
        trace_run(fn, kwargs, {"double_dqn": double_dqn})
    finally:
        namespace["optimize_step"] = real
    return sorted(set(given), key=str)


def call_train_trace(fn: Callable, case: Case) -> dict:
    """The adapter of the bookkeeping cases of ``train_dqn``.

    Kwargs: ``config`` (DQNConfig fields), ``report`` (the keys of :func:`trace_run` to return),
    and optionally ``episode_length``, ``optimizer`` (``"mark"`` or ``"frozen"``), ``q`` and
    ``target`` (tables of one state, two actions), ``batch`` (what the buffer samples) and
    ``resumed`` (the agent's step and episode counters at the start, its buffer empty: a run
    resumed from a checkpoint).
    With ``compare_double``: the values of the ``double`` argument ``optimize_step`` is given
    in a run with ``double_dqn=False`` and of one with ``double_dqn=True``
    (:func:`double_flags`). With ``compare_seeds``: the actions of two runs with the case's
    seed and of one with the next seed (:func:`trace_facts` compares them on the judging side).
    """
    k = copy.deepcopy(dict(case.kwargs))
    if k.get("compare_double"):
        return {"double_given_when_off": double_flags(fn, k, False),
                "double_given_when_on": double_flags(fn, k, True)}
    if k.get("compare_seeds"):
        seed = k["config"].get("seed", 0)
        return {"actions": [trace_run(fn, k, {"seed": s})["actions"]
                            for s in (seed, seed, seed + 1)]}
    out = trace_run(fn, k)
    return {key: out[key] for key in k["report"]}


def trace_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_train_trace` observed, judged here: for ``compare_seeds``, whether the
    two runs with the same seed took the same actions and the run with another seed others.
    Other reports are compared as they are."""
    if not case.kwargs.get("compare_seeds"):
        return seen
    a, b, c = seen["actions"][:3]
    return {"same_seed_same_actions": a == b, "other_seed_other_actions": a != c}


call_train_trace.measured = Derived(trace_facts)
