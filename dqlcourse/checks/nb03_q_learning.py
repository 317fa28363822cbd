"""Visible checks of notebook 03 (tabular Q-learning), and the adapters they call.

Hidden checks of this notebook live only in ``solutions/03_q_learning.ipynb``.

Statistical checks (epsilon-greedy) draw many actions from a ``np.random.Generator`` seeded by
the case, and accept each action's count within 6 binomial standard deviations of its
expected value. The seed makes the outcome of a given implementation fixed; over the
randomness of a correct implementation, a case fails with probability below 1e-6 (Chernoff
bound on each count, summed over the actions; ``tests/test_qlearning.py`` states the numbers).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import gymnasium as gym
import numpy as np

from dqlcourse.checks.core import EQUAL, Case, Check, Compare, plain_draws
from dqlcourse.checks.evaluation import Derived
from dqlcourse.envs import EpisodeGuard, make
from dqlcourse.mdp import TabularEnv, from_arrays, from_env
from dqlcourse.qlearning import QLearningConfig, greedy_success

# --------------------------------------------------------------------------- adapters


def call_action_counts(fn: Callable, case: Case) -> dict:
    """Draw ``draws`` actions with ``fn(q, epsilon, rng)`` from one seeded generator.

    Returns ``{"draws": [...], "again": [...], "types": [...]}``: every action as returned, as
    plain data (an object that is not plain data by its type's name), which the trusted side
    counts and checks to be actions of ``q`` (a ``"uniform"`` or ``"draws"`` comparison); the
    first 200 actions of a second run from the same seed, with Python's and numpy's global
    generators seeded differently (:func:`action_count_facts` compares them: they agree when
    all randomness comes from ``rng``); the sorted names of the actions' types (``["int"]`` when
    every action is a Python int, as the docstring asks; a numpy integer shows as
    ``"int64"``).
    """
    spec = dict(case.kwargs)
    q = np.array(spec["q"], dtype=float)

    def draw(n: int, global_seed: int) -> list:
        random.seed(global_seed)
        np.random.seed(global_seed)
        rng = np.random.default_rng(spec["seed"])
        return [fn(q.copy(), spec["epsilon"], rng) for _ in range(n)]

    actions = draw(spec["draws"], 1)
    again = draw(200, 2)
    return {"draws": plain_draws(actions), "again": plain_draws(again),
            "types": sorted({type(a).__name__ for a in actions})}


def action_count_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_action_counts` observed, judged here: whether the second run's first
    200 actions are the first run's."""
    draws, again = seen["draws"], seen["again"]
    if not isinstance(draws, list) or not isinstance(again, list):
        raise TypeError("the draws are not lists")
    return {"draws": draws, "types": seen["types"],
            "reproducible": len(again) == min(200, len(draws)) and draws[:200] == again}


call_action_counts.measured = Derived(action_count_facts)


def call_update(fn: Callable, case: Case) -> dict:
    """``fn(Q, state, action, reward, next_state, terminated, alpha, gamma)`` on a float array
    built from ``kwargs["Q"]``; returns the array after the call and the returned TD error."""
    spec = dict(case.kwargs)
    Q = np.array(spec.pop("Q"), dtype=float)
    td_error = fn(Q, *spec.values())
    return {"Q": Q, "td_error": td_error}


def call_schedule(fn: Callable, case: Case) -> list:
    """``[fn(episode, start, end, decay_episodes) for episode in kwargs["episodes"]]``."""
    spec = dict(case.kwargs)
    return [fn(e, spec["start"], spec["end"], spec["decay_episodes"]) for e in spec["episodes"]]


def build_tabular_env(spec: dict) -> gym.Env:
    """A :class:`TabularEnv` from plain-data ``P``, ``R``, ``terminal``, ``start``, with a
    ``TimeLimit`` of ``max_steps``."""
    mdp = from_arrays(spec["P"], spec["R"], spec.get("terminal"))
    if "start" in spec:
        mdp = type(mdp)(mdp.P, mdp.R, mdp.terminal, np.asarray(spec["start"], dtype=float))
    return gym.wrappers.TimeLimit(TabularEnv(mdp), max_episode_steps=spec["max_steps"])


def call_training(fn: Callable, case: Case) -> dict:
    """Train with ``fn(env, config, callback)`` on a small tabular env (or, for cases with
    ``seeds``, on FrozenLake: :func:`call_frozenlake`).

    Returns the final Q, the returns, the seeds passed to ``env.reset`` and the episode
    numbers the callback received. For cases with ``repeat``, also ``reproducible``: whether a
    second run with the same config, on a fresh copy of the env and with Python's and numpy's
    global generators seeded differently, gives the same Q and returns (it does when all
    randomness comes from ``np.random.default_rng(config.seed)`` and the env seeded by
    ``config.seed``).
    """
    spec = dict(case.kwargs)
    if "seeds" in spec:
        return call_frozenlake(fn, case)

    def train(global_seed: int | None) -> tuple:
        if global_seed is not None:
            random.seed(global_seed)
            np.random.seed(global_seed)
        env = EpisodeGuard(build_tabular_env(spec["env"]))
        seen: list[int] = []
        result = fn(env, QLearningConfig(**spec["config"]),
                    lambda episode, Q: seen.append(int(episode)))
        try:
            Q, returns = result
        except (TypeError, ValueError):
            raise TypeError("train_q_learning must return (Q, returns)") from None
        return Q, [float(r) for r in returns], env.reset_seeds, seen

    repeat = bool(spec.get("repeat"))
    Q, returns, reset_seeds, seen = train(1 if repeat else None)
    out = {"Q": Q, "returns": returns, "reset_seeds": reset_seeds, "callback_episodes": seen}
    if repeat:
        out["Q"] = np.array(Q, dtype=float)  # copied now: a second run may reuse the array
        Q2, returns2, _, _ = train(2)
        out["again"] = {"Q": np.array(Q2, dtype=float), "returns": returns2}
    return out


def training_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_training` observed, judged here: for cases with ``repeat``, whether the
    second run gave the same Q and returns; for cases with ``greedy_from``, the returns of the
    episodes from that one on (``later_returns``); for FrozenLake cases (``seeds``), the greedy
    policies' success (:func:`frozenlake_facts`)."""
    if "seeds" in case.kwargs:
        return frozenlake_facts(case, seen)
    out = {key: seen[key] for key in ("Q", "returns", "reset_seeds", "callback_episodes")}
    if "greedy_from" in case.kwargs:  # the returns once epsilon has decayed to 0
        out["later_returns"] = list(seen["returns"])[case.kwargs["greedy_from"]:]
    if "again" in seen:
        Q, Q2 = (np.asarray(x, dtype=np.float64) for x in (seen["Q"], seen["again"]["Q"]))
        out["reproducible"] = (Q.shape == Q2.shape and bool(np.array_equal(Q, Q2))
                               and seen["returns"] == seen["again"]["returns"])
    return out


call_training.measured = Derived(training_facts)


def call_frozenlake(fn: Callable, case: Case) -> dict:
    """Train on FrozenLake-v1 (``env_kwargs`` passed to ``make``) for each seed; report each
    learned Q (:func:`frozenlake_facts` measures the greedy policies on the judging side).
    Training stops at the first seed whose greedy policy is below the threshold (the case has
    failed: the remaining seeds are spared)."""
    spec = dict(case.kwargs)
    env = make("FrozenLake-v1", **spec.get("env_kwargs", {}))
    mdp = from_env(env)
    learned = []
    for seed in spec["seeds"]:
        Q, _ = fn(env, QLearningConfig(**{**spec["config"], "seed": seed}), None)
        learned.append(np.array(Q, dtype=float))
        if greedy_success(mdp, learned[-1], horizon=100) < spec["threshold"]:
            break
    env.close()
    return {"Q": learned}


def frozenlake_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_frozenlake` observed, judged here: ``success``, the exact probability
    that the greedy policy of each learned Q reaches the goal within the 100-step time limit
    (ties to the smallest action), and ``seeds_reaching``, the number of seeds where it is at
    least ``threshold`` (counted up to the first seed below it, at most one Q per seed)."""
    spec = case.kwargs
    env = make("FrozenLake-v1", **spec.get("env_kwargs", {}))
    mdp = from_env(env)
    env.close()
    success = []
    for Q in list(seen["Q"])[:len(spec["seeds"])]:
        Q = np.asarray(Q, dtype=np.float64)
        if Q.shape != (mdp.n_states, mdp.n_actions):
            raise ValueError("a learned Q does not have one row per state")
        success.append(round(greedy_success(mdp, Q, horizon=100), 4))
        if success[-1] < spec["threshold"]:
            break
    return {"seeds_reaching": sum(s >= spec["threshold"] for s in success), "success": success}


# --------------------------------------------------------------------------- visible checks

_TIES_HINT = ("Break ties at random among ALL maximal actions (e.g. rng.choice of "
              "np.flatnonzero(q == q.max())): np.argmax always returns the first one.")

EPSILON_GREEDY = Check(
    id="03.epsilon_greedy",
    function="epsilon_greedy",
    points=2,
    call=call_action_counts,
    cases=(
        Case("epsilon = 0, one best action",
             kwargs={"q": [1.0, 3.0, 2.0], "epsilon": 0.0, "seed": 0, "draws": 2000},
             expected={"draws": [0.0, 1.0, 0.0]},
             compare={"draws": Compare("uniform", categories=3, draws=2000)},
             hint="With epsilon = 0 always return the action with the largest Q-value, as an int."),
        Case("epsilon = 0, three tied best actions",
             kwargs={"q": [5.0, 5.0, 1.0, 5.0], "epsilon": 0.0, "seed": 1, "draws": 6000},
             expected={"draws": [1 / 3, 1 / 3, 0.0, 1 / 3]},
             compare={"draws": Compare("uniform", categories=4, draws=6000)},
             hint=_TIES_HINT),
        Case("epsilon = 0.2, four actions",
             kwargs={"q": [0.0, 0.0, 1.0, 0.0], "epsilon": 0.2, "seed": 2, "draws": 10000},
             expected={"draws": [0.05, 0.05, 0.85, 0.05]},
             compare={"draws": Compare("uniform", categories=4, draws=10000)},
             hint="rng.integers(A) draws from 0 to A - 1: its upper bound is excluded, so rng.integers(0, A - 1) never picks the last action. " "With probability epsilon pick uniformly among ALL actions (the greedy one "
                  "included), otherwise the greedy action: P(greedy) = 1 - eps + eps/A."),
        Case("epsilon = 1: uniform, negative values",
             kwargs={"q": [-1.0, -0.5, -3.0], "epsilon": 1.0, "seed": 3, "draws": 6000},
             expected={"draws": [1 / 3, 1 / 3, 1 / 3]},
             compare={"draws": Compare("uniform", categories=3, draws=6000)},
             hint="epsilon = 1 is a uniformly random action; compare rng.random() < epsilon."),
        Case("all randomness comes from rng",
             kwargs={"q": [0.0, 1.0, 1.0, 0.0, 0.5], "epsilon": 0.5, "seed": 4, "draws": 500},
             expected={"reproducible": True, "draws": None},
             compare={"reproducible": EQUAL, "draws": Compare("draws", categories=5, draws=500)},
             hint="Draw every random number from the generator `rng` you are given "
                  "(rng.random(), rng.integers(), rng.choice()), never np.random or random."),
        Case("every action is a Python int, explored or greedy",
             kwargs={"q": [0.0, 1.0, 1.0], "epsilon": 0.5, "seed": 5, "draws": 300},
             expected={"types": ["int"], "draws": None},
             compare={"types": EQUAL, "draws": Compare("draws", categories=3, draws=300)},
             hint="Return a Python int, as the docstring asks: rng.integers() and rng.choice() "
                  "give a numpy integer (np.int64), so wrap the action in int(...) in both "
                  "branches."),
    ),
)

#: Q-table of the update cases: state 1's best action is 0, state 2's values are negative.
Q0 = [[0.0, 0.0], [2.0, 1.0], [-0.5, -1.0]]
_UPDATE = {"Q": Compare("close", rtol=1e-9, atol=1e-12), "td_error": Compare("close", rtol=1e-9, atol=1e-12)}

Q_LEARNING_UPDATE = Check(
    id="03.q_learning_update",
    function="q_learning_update",
    points=2,
    call=call_update,
    cases=(
        Case("a non-terminal transition (s=0, a=1, r=1, s'=1), alpha = 0.5, gamma = 0.9",
             kwargs={"Q": Q0, "state": 0, "action": 1, "reward": 1.0, "next_state": 1,
                     "terminated": False, "alpha": 0.5, "gamma": 0.9},
             expected={"Q": [[0.0, 1.4], [2.0, 1.0], [-0.5, -1.0]], "td_error": 2.8},
             compare=_UPDATE,
             hint="target = r + gamma * max_a' Q[next_state, a'] (the NEXT state's max, not "
                  "the current state's, not Q[next_state, action]); Q[s, a] += alpha * "
                  "(target - Q[s, a]) in place; return target - Q[s, a] (before the update)."),
        Case("a terminal transition: no bootstrap",
             kwargs={"Q": Q0, "state": 0, "action": 1, "reward": 1.0, "next_state": 1,
                     "terminated": True, "alpha": 0.5, "gamma": 0.9},
             expected={"Q": [[0.0, 0.5], [2.0, 1.0], [-0.5, -1.0]], "td_error": 1.0},
             compare=_UPDATE,
             hint="Bootstrapping from a terminal state: when terminated is True the target "
                  "is just the reward; nothing follows a terminal state."),
        Case("cut by a time limit (terminated=False): bootstrap, negative values",
             kwargs={"Q": Q0, "state": 1, "action": 0, "reward": 0.0, "next_state": 2,
                     "terminated": False, "alpha": 0.5, "gamma": 0.9},
             expected={"Q": [[0.0, 0.0], [0.775, 1.0], [-0.5, -1.0]], "td_error": -2.45},
             compare=_UPDATE,
             hint="A truncated transition is not terminal: bootstrap from max_a' Q[s', a'] "
                  "(the next state's row, not the whole table's max), which is -0.5 here (a "
                  "running max must not start at 0)."),
        Case("alpha = 1, gamma = 0.5",
             kwargs={"Q": Q0, "state": 2, "action": 1, "reward": -1.0, "next_state": 1,
                     "terminated": False, "alpha": 1.0, "gamma": 0.5},
             expected={"Q": [[0.0, 0.0], [2.0, 1.0], [-0.5, 0.0]], "td_error": 1.0},
             compare=_UPDATE,
             hint="Apply the discount once: r + gamma * max Q[s'] (not gamma**2); with "
                  "alpha = 1 the new Q[s, a] is the target itself."),
    ),
)

LINEAR_SCHEDULE = Check(
    id="03.linear_schedule",
    function="linear_schedule",
    points=1,
    call=call_schedule,
    cases=(
        Case("from 1.0 to 0.1 over 100 episodes",
             kwargs={"episodes": [0, 1, 50, 100, 150, 10_000], "start": 1.0, "end": 0.1,
                     "decay_episodes": 100},
             expected=[1.0, 0.991, 0.55, 0.1, 0.1, 0.1],
             hint="start + (end - start) * min(1, episode / decay_episodes): start at episode "
                  "0, exactly end from decay_episodes on, never below end (from start to end, "
                  "not from end to start)."),
        Case("a non-integer fraction",
             kwargs={"episodes": [1, 2], "start": 0.5, "end": 0.2, "decay_episodes": 3},
             expected=[0.4, 0.3],
             hint="Use true division by decay_episodes itself: episode / decay_episodes, not "
                  "// and not episode / (decay_episodes - 1)."),
        Case("integer start and end still give floats",
             kwargs={"episodes": [0, 1, 2, 5], "start": 1, "end": 0, "decay_episodes": 2},
             expected=[1.0, 0.5, 0.0, 0.0], compare=Compare("close", exact_type=True),
             hint="Integer start and end give the same values as floats: start + (end - "
                  "start) * min(1, episode / decay_episodes), with true division, from start at "
                  "episode 0 to end, never past it.",
             type_hint="The docstring asks for a float: with integer start and end, returning "
                       "`start` or `end` as it is gives an int. Return float(...) of the "
                       "value."),
    ),
)

#: One state, one action, reward 1 forever, cut after one step: every episode is truncated.
LOOP_ENV = {"P": [[[1.0]]], "R": [[[1.0]]], "max_steps": 1}
#: A chain 0 -> 1 -> 2 (terminal) with reward 1 on the last move, one action.
CHAIN_ENV = {"P": [[[0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0]], [[0.0, 0.0, 1.0]]],
             "R": [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]], [[0.0, 0.0, 0.0]]],
             "terminal": [False, False, True], "start": [1.0, 0.0, 0.0], "max_steps": 10}
#: One state, two actions (reward 0 and 1), cut after one step: with epsilon = 1 the returns
#: are the agent's 40 coin flips, so an unseeded agent repeats a run with probability 2**-40.
COIN_ENV = {"P": [[[1.0], [1.0]]], "R": [[[0.0], [1.0]]], "max_steps": 1}
#: One state, one step per episode: action 0 earns -1, action 1 earns +1.
SIGNS_ENV = {"P": [[[1.0], [1.0]]], "R": [[[-1.0], [1.0]]], "max_steps": 1}
_Q = Compare("close", rtol=1e-9, atol=1e-12)

TRAIN_Q_LEARNING = Check(
    id="03.train_q_learning",
    function="train_q_learning",
    points=2,
    call=call_training,
    cases=(
        Case("every episode is cut by a time limit after one step",
             kwargs={"env": LOOP_ENV,
                     "config": {"episodes": 3, "gamma": 0.9, "alpha_start": 0.5, "alpha_end": 0.5,
                                "eps_start": 0.0, "eps_end": 0.0, "eps_decay_episodes": 1, "seed": 0}},
             expected={"Q": [[1.42625]], "returns": [1.0, 1.0, 1.0]},
             compare={"Q": _Q, "returns": _Q},
             hint="A time limit (truncated=True) is not a terminal state: pass `terminated` to "
                  "the update, not `terminated or truncated`, so it still bootstraps."),
        Case("a chain that terminates; alpha decays from 0.5 to 0.1",
             kwargs={"env": CHAIN_ENV,
                     "config": {"episodes": 2, "gamma": 0.9, "alpha_start": 0.5, "alpha_end": 0.1,
                                "eps_start": 0.0, "eps_end": 0.0, "eps_decay_episodes": 1, "seed": 0}},
             expected={"Q": [[0.135], [0.65], [0.0]], "returns": [1.0, 1.0]},
             compare={"Q": _Q, "returns": _Q},
             hint="Start from Q = 0; alpha = linear_schedule(episode, alpha_start, alpha_end, "
                  "episodes); after each step move on: state = next_state; the return is the "
                  "plain (undiscounted) sum of the episode's rewards."),
        Case("seeds and callback",
             kwargs={"env": LOOP_ENV,
                     "config": {"episodes": 3, "gamma": 0.9, "alpha_start": 0.5, "alpha_end": 0.5,
                                "eps_start": 0.5, "eps_end": 0.0, "eps_decay_episodes": 2, "seed": 7}},
             expected={"reset_seeds": [7, None, None], "callback_episodes": [0, 1, 2]},
             compare={"reset_seeds": EQUAL, "callback_episodes": EQUAL},
             hint="Reset with seed=config.seed in the first episode only (env.reset() "
                  "afterwards), and call callback(episode, Q) once after every episode, "
                  "episodes numbered from 0."),
        Case("the same config twice gives the same run",
             kwargs={"env": COIN_ENV, "repeat": True,
                     "config": {"episodes": 40, "gamma": 0.9, "alpha_start": 0.5, "alpha_end": 0.5,
                                "eps_start": 1.0, "eps_end": 1.0, "eps_decay_episodes": 1, "seed": 5}},
             expected={"reproducible": True}, compare={"reproducible": EQUAL},
             hint="Create the agent's generator once, rng = np.random.default_rng(config.seed), "
                  "before the episode loop, and pass it to epsilon_greedy: with an unseeded "
                  "generator (default_rng() or np.random) two runs with the same config differ."),
        Case("epsilon decays over eps_decay_episodes, then the agent is greedy",
             # gamma 0, alpha 1: Q[a] is the last reward of a. Episodes 0 and 1 explore with
             # epsilon 1 and 0.5; whatever they drew, Q[1] > Q[0] afterwards (1 > 0 or 0 > -1),
             # so from episode 2 on (epsilon 0) every action is 1 and every return +1.
             kwargs={"env": SIGNS_ENV, "greedy_from": 2,
                     "config": {"episodes": 30, "gamma": 0.0, "alpha_start": 1.0, "alpha_end": 1.0,
                                "eps_start": 1.0, "eps_end": 0.0, "eps_decay_episodes": 2,
                                "seed": 4}},
             expected={"later_returns": [1.0] * 28}, compare={"later_returns": EQUAL},
             hint="epsilon = linear_schedule(episode, eps_start, eps_end, eps_decay_episodes): "
                  "it decays over config.eps_decay_episodes (not over config.episodes) and then "
                  "stays at eps_end."),
        Case("solves FrozenLake-v1 without slipping: 1000 episodes, 3 seeds",
             kwargs={"env_kwargs": {"is_slippery": False}, "seeds": [0, 1, 2], "threshold": 1.0,
                     "config": {"episodes": 1000, "gamma": 0.99, "alpha_start": 0.5,
                                "alpha_end": 0.5, "eps_start": 1.0, "eps_end": 0.05,
                                "eps_decay_episodes": 500}},
             expected={"seeds_reaching": 3},
             compare={"seeds_reaching": Compare(
                 "at_least", label="seeds whose greedy policy reaches the goal")},
             hint="Q = np.zeros((S, A)) as floats (an integer table rounds every update back to 0); create rng = np.random.default_rng(config.seed) once, before the episode loop, not at every episode. " "On the non-slippery lake 1000 episodes are plenty: the greedy policy should "
                  "reach the goal every time, on every seed. Check that epsilon decays, that "
                  "Q is updated at every step and kept across episodes, and that the greedy "
                  "choice breaks ties at random."),
    ),
)


#: The visible checks of notebook 03, in notebook order.
CHECKS = (EPSILON_GREEDY, Q_LEARNING_UPDATE, LINEAR_SCHEDULE, TRAIN_Q_LEARNING)
