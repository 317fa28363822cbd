"""Visible checks of notebook 01 (random agent on CartPole), and the adapters they call.

Hidden checks of this notebook live only in ``solutions/01_random_agent.ipynb``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np

from dqlcourse.checks.evaluation import Derived
from dqlcourse.checks.core import EQUAL, Case, Check, Compare, plain_draws
from dqlcourse.envs import EpisodeGuard, ScriptedEnv, make

# --------------------------------------------------------------------------- adapters

#: Policies the rollout cases can ask for, by name (cases stay plain data).
POLICIES: dict[str, Callable[[Any], int]] = {
    "clock": lambda obs: int(obs[0]) % 2,                 # ScriptedEnv's rewarded action
    "clock3": lambda obs: int(obs[0]) % 3,
    "right": lambda obs: 1,                               # CartPole: always push right
    "left": lambda obs: 0,
    "balance": lambda obs: int(obs[2] + 0.5 * obs[3] > 0),  # CartPole: push toward the lean
}


def build_env(spec: dict) -> EpisodeGuard:
    """Build the guarded environment a rollout case describes.

    ``spec`` has either ``"rewards"`` (a :class:`ScriptedEnv`, with optional ``"max_steps"``
    and ``"n_actions"``) or ``"env_id"`` (a Gymnasium id, optional ``"max_episode_steps"``).
    """
    if "rewards" in spec:
        env: gym.Env = ScriptedEnv(spec["rewards"], spec.get("max_steps"), spec.get("n_actions", 2))
    else:
        kwargs = {"max_episode_steps": spec["max_episode_steps"]} if "max_episode_steps" in spec else {}
        env = make(spec["env_id"], **kwargs)
    return EpisodeGuard(env)


def call_rollout(fn: Callable, case: Case) -> dict:
    """Call ``run_episode(env, policy, seed)`` on the case's env; report what it did."""
    spec = dict(case.kwargs)
    env = build_env(spec)
    try:
        episode = fn(env, POLICIES[spec["policy"]], spec["seed"])
    finally:
        env.close()
    # "attributes": which of an Episode's fields the result has (episode.rewards, .terminated,
    # .truncated, as the notebook's later cells read it; rollout_facts judges them); a bare
    # tuple is still unpacked for the other keys.
    attributes = [name for name in EPISODE_FIELDS if hasattr(episode, name)]
    if len(attributes) == len(EPISODE_FIELDS):
        rewards, terminated, truncated = episode.rewards, episode.terminated, episode.truncated
    else:
        try:
            rewards, terminated, truncated = episode
        except (TypeError, ValueError):
            raise TypeError("run_episode must return Episode(rewards, terminated, truncated), "
                            f"got {type(episode).__name__}") from None
    return {"rewards": [float(r) for r in rewards], "terminated": bool(terminated),
            "truncated": bool(truncated), "reset_seeds": env.reset_seeds,
            "attributes": attributes}


#: The fields of the ``Episode`` the notebook's ``run_episode`` returns.
EPISODE_FIELDS = ("rewards", "terminated", "truncated")


def rollout_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_rollout` observed, judged here: whether the result reads as an
    ``Episode`` (``fields``: it has every one of :data:`EPISODE_FIELDS`)."""
    out = {key: seen[key] for key in ("rewards", "terminated", "truncated", "reset_seeds")}
    return {**out, "fields": sorted(seen["attributes"]) == sorted(EPISODE_FIELDS)}


call_rollout.measured = Derived(rollout_facts)


def call_policy_draws(fn: Callable, case: Case) -> dict:
    """Make a random policy for a seeded ``Discrete`` space (a ``MultiDiscrete(nvec)`` space
    when the case gives ``"nvec"``: its actions are integer arrays) and draw ``draws`` actions.

    Returns ``{"draws": [...], "first": [...]}``: every action as the policy returned it, as
    plain data (an array as a list; an object that is not plain data by its type's name), and
    the first 20. Nothing is counted or judged here: the trusted side counts the draws and
    checks each is an action of the space (a ``"uniform"`` comparison with its categories).
    """
    spec = dict(case.kwargs)
    if "nvec" in spec:
        space: gym.Space = gym.spaces.MultiDiscrete(list(spec["nvec"]))
    else:
        space = gym.spaces.Discrete(spec["n"], start=spec.get("start", 0))
    space.seed(spec["seed"])
    policy = fn(space)
    obs = np.zeros(4, dtype=np.float32)
    draws = plain_draws(policy(obs) for _ in range(spec["draws"]))
    return {"draws": draws, "first": draws[:20]}


def action_draws(draws: int, n: int = 0, start: int = 0, nvec: tuple = ()) -> Compare:
    """The comparison of a case's ``draws`` actions of ``Discrete(n, start)`` (or of
    ``MultiDiscrete(nvec)``, whose actions are combinations in ``itertools.product`` order)
    with the probabilities it expects."""
    categories = (tuple(itertools.product(*(range(k) for k in nvec))) if nvec
                  else tuple(range(start, start + n)))
    return Compare("uniform", categories=categories, draws=draws)


# --------------------------------------------------------------------------- visible checks

EPISODE_RETURN = Check(
    id="01.episode_return",
    function="episode_return",
    points=1,
    cases=(
        Case("three rewards of 1", args=([1.0, 1.0, 1.0],), expected=3.0,
             hint="Return the sum of the rewards, not their number of steps or their mean. " "Add up every reward of the episode, the first and the last included."),
        Case("negative rewards count too", args=([0.5, -2.0, 3.25],), expected=1.75,
             hint="Add up the rewards themselves, not their number of steps or their mean; "
                  "sum them as they are: no abs(), no clipping."),
        Case("an empty episode", args=([],), expected=0.0,
             compare=Compare("close", exact_type=True),
             hint="An episode with no steps has return 0.0: nothing to add up (no mean of "
                  "nothing, no last element of an empty cumulative sum).",
             type_hint="An episode with no steps has return 0.0, a float: sum([]) is the int 0, "
                       "so start the sum at 0.0 or return float(...)."),
        Case("integer rewards: the return is still a float", args=([1, 2, 3],), expected=6.0,
             compare=Compare("close", exact_type=True),
             hint="Integer rewards count like float ones: the return of [1, 2, 3] is their "
                  "sum, 6.0 (not the number of steps, not the mean).",
             type_hint="The return must be a float: sum() of integer rewards is an int and "
                       "np.sum gives a numpy integer; wrap the result in float()."),
    ),
)

DISCOUNTED_RETURN = Check(
    id="01.discounted_return",
    function="discounted_return",
    points=1,
    cases=(
        Case("rewards [1, 1, 1], gamma = 0.5", args=([1.0, 1.0, 1.0], 0.5), expected=1.75,
             hint="A backward recursion starts from G = 0.0 and adds every reward once (starting from the last reward counts it twice); it must run over the rewards reversed. " "G = r_0 + gamma*r_1 + gamma^2*r_2: the first reward has weight gamma^0 = 1."),
        Case("a late reward, gamma = 0.9", args=([0.0, 0.0, 1.0], 0.9), expected=0.81,
             hint="The reward at step t is weighted by gamma**t, counted from the START (the last "
                  "reward is discounted most): a recursion G = r + gamma * G runs over "
                  "reversed(rewards); a sum of gamma**t * r_t takes the rewards in order."),
        Case("gamma = 1 gives the plain return", args=([1.0, 2.0, 3.0], 1.0), expected=6.0,
             hint="With gamma = 1 nothing is discounted; do not multiply by (1 - gamma)."),
        Case("a single reward is not discounted", args=([5.0], 0.3), expected=5.0,
             hint="The exponent of the first reward is 0, not 1."),
        Case("an empty episode", args=([], 0.9), expected=0.0,
             compare=Compare("close", exact_type=True),
             hint="An episode with no steps has discounted return 0.0: one number, G_0 (not "
                  "an empty list of returns-to-go).",
             type_hint="An episode with no steps has discounted return 0.0, a float: start "
                       "from G = 0.0, not the int 0, and return float(G)."),
        # 1 + 0.5 * 1 + 0.25 * 1: storing the partial returns in np.zeros_like(rewards), an int
        # array for int rewards, cuts them to 1
        Case("integer rewards with gamma = 0.5: the fractions are kept", args=([1, 1, 1], 0.5),
             expected=1.75,
             hint="The return is 1 + 0.5 * 1 + 0.25 * 1 = 1.75. A whole number instead (1): "
                  "integer rewards make integer arrays, np.zeros_like(rewards) or "
                  "np.asarray(rewards) hold ints, and storing 1.5 there keeps 1; accumulate in "
                  "floats (np.asarray(rewards, dtype=float), or a float G = 0.0)."),
        Case("integer rewards and gamma = 1: still a float", args=([1, 2, 3], 1), expected=6.0,
             compare=Compare("close", exact_type=True),
             hint="With gamma = 1 the discounted return is the plain sum of the rewards, "
                  "1 + 2 + 3 = 6.0, each reward counted once.",
             type_hint="G_0 must be a float: starting from G = 0 with integer rewards and "
                       "gamma = 1 keeps everything an int; start from 0.0 and return float(G)."),
    ),
)

_ROLLOUT_HINT_FLAGS = ("Loop until terminated OR truncated is True, and return both flags as "
                       "the last step gave them.")

RUN_EPISODE = Check(
    id="01.run_episode",
    function="run_episode",
    points=2,
    call=call_rollout,
    cases=(
        Case("scripted env, terminates after 3 steps",
             kwargs={"rewards": [1.0, 2.0, 3.0], "max_steps": 10, "policy": "clock", "seed": 7},
             expected={"rewards": [1.0, 2.0, 3.0], "terminated": True, "truncated": False},
             compare={"terminated": EQUAL, "truncated": EQUAL},
             hint="Call the policy at every step with the newest observation (not once before the loop); env.step returns obs, reward, terminated, truncated, info, in that order. " "Pass the newest observation to the policy (update obs after every step), "
                  "and record the reward of every step. If terminated and truncated come out "
                  "swapped, check both where you unpack env.step and the order you pass them "
                  "to Episode(rewards, terminated, truncated)."),
        Case("scripted env, cut by the time limit after 4 steps",
             kwargs={"rewards": [1.0] * 10, "max_steps": 4, "policy": "clock", "seed": 7},
             expected={"rewards": [1.0] * 4, "terminated": False, "truncated": True},
             compare={"terminated": EQUAL, "truncated": EQUAL},
             hint="A time limit ends the episode with truncated=True: " + _ROLLOUT_HINT_FLAGS),
        Case("reset with the given seed, once",
             kwargs={"rewards": [1.0, 1.0], "policy": "clock", "seed": 123},
             expected={"reset_seeds": [123]}, compare={"reset_seeds": EQUAL},
             hint="Start the episode with env.reset(seed=seed), exactly once. It returns a "
                  "pair: unpack obs, info = env.reset(seed=seed) and give the policy obs, not "
                  "the pair."),
        Case("CartPole-v1, always push right, seed 0",
             kwargs={"env_id": "CartPole-v1", "policy": "right", "seed": 0},
             expected={"rewards": [1.0] * 8, "terminated": True, "truncated": False},
             compare={"terminated": EQUAL, "truncated": EQUAL},
             hint="The pole falls: the last step returns terminated=True. " + _ROLLOUT_HINT_FLAGS),
        Case("returns an Episode with named fields",
             kwargs={"rewards": [1.0, 2.0], "policy": "clock", "seed": 0},
             expected={"fields": True, "rewards": [1.0, 2.0]},
             compare={"fields": EQUAL},
             hint="Return Episode(rewards, terminated, truncated), not a bare tuple: the "
                  "notebook reads episode.rewards, episode.terminated and episode.truncated."),
    ),
)

RANDOM_POLICY = Check(
    id="01.make_random_policy",
    function="make_random_policy",
    points=1,
    call=call_policy_draws,
    cases=(
        Case("two actions: every action equally likely",
             kwargs={"n": 2, "seed": 0, "draws": 4000},
             expected={"draws": [0.5, 0.5]}, compare={"draws": action_draws(4000, n=2)},
             hint="Choose among all actions uniformly, and return only valid actions."),
        Case("five actions: every action equally likely",
             kwargs={"n": 5, "seed": 1, "draws": 5000},
             expected={"draws": [0.2] * 5}, compare={"draws": action_draws(5000, n=5)},
             hint="Draw a new action at every call; check the range of your random integers "
                  "(the last action must be possible too)."),
        Case("reproducible: the seeded action space decides",
             kwargs={"n": 2, "seed": 42, "draws": 20},
             expected={"first": [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0]},
             compare={"first": EQUAL},
             hint="Do not seed the space inside the policy (that overrides the caller's seeding), and wrap sample() in a function that ignores the observation. " "Sample with action_space.sample(): seeding the space (as reset_seeded does) "
                  "then makes the agent reproducible; np.random and random are not seeded by it."),
    ),
)

#: The visible checks of notebook 01, in notebook order.
CHECKS = (EPISODE_RETURN, DISCOUNTED_RETURN, RUN_EPISODE, RANDOM_POLICY)
