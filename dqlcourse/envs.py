"""Environments: construction with a course-level guard, and a tiny scripted env for checks."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import gymnasium as gym
import numpy as np

#: Ids older tutorials use, and the current id to use instead (Gymnasium 1.x).
REPLACED_IDS = {
    "CartPole-v0": "CartPole-v1",
    "FrozenLake-v0": "FrozenLake-v1",
    "LunarLander-v2": "LunarLander-v3",
    "Taxi-v2": "Taxi-v4",
    "Taxi-v3": "Taxi-v4",
    "CliffWalking-v0": "CliffWalking-v1",
}


def make(env_id: str, **kwargs: Any) -> gym.Env:
    """``gym.make`` with a course-level message for ids from older tutorials.

    Args:
        env_id: a current Gymnasium id such as ``"CartPole-v1"``.
        **kwargs: passed to ``gym.make`` (for example ``render_mode="rgb_array"``).
    """
    if kwargs.get("render_mode") == "rgb_array" and not os.environ.get("DISPLAY"):
        # Off-screen rendering needs no window; this also silences SDL's XDG_RUNTIME_DIR error.
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    if env_id in REPLACED_IDS:
        raise ValueError(
            f"{env_id!r} comes from an older Gymnasium or gym; this course uses "
            f"{REPLACED_IDS[env_id]!r} (Gymnasium 1.x)."
        )
    return gym.make(env_id, **kwargs)


class Episode(NamedTuple):
    """What one episode produced.

    Attributes:
        rewards: the reward of each step, in order (length = number of steps).
        terminated: the episode ended in a terminal state of the MDP (pole fell, goal reached).
        truncated: the episode was cut short from outside the MDP (time limit).
    """

    rewards: list[float]
    terminated: bool
    truncated: bool


class ScriptedEnv(gym.Env):
    """A deterministic environment whose rewards are known in advance, for checks.

    The observation is the step counter ``t`` as a float32 array of shape ``(1,)``. At step
    ``t`` the agent earns ``rewards[t]`` if it plays action ``t % n_actions`` (the "clock"
    action) and 0 otherwise. The episode *terminates* after ``len(rewards)`` steps and is
    *truncated* after ``max_steps`` steps, whichever comes first (both when they coincide).
    """

    metadata = {"render_modes": []}

    def __init__(self, rewards: list[float], max_steps: int | None = None, n_actions: int = 2):
        self.rewards = [float(r) for r in rewards]
        self.max_steps = max_steps if max_steps is not None else len(self.rewards) + 1
        self.n_actions = n_actions
        self.action_space = gym.spaces.Discrete(n_actions)
        self.observation_space = gym.spaces.Box(0.0, np.inf, shape=(1,), dtype=np.float32)
        self._t = 0

    def _obs(self) -> np.ndarray:
        return np.array([self._t], dtype=np.float32)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._t = 0
        return self._obs(), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in {self.action_space}")
        t = self._t
        clock = int(action) == t % self.n_actions
        reward = self.rewards[t] if clock and t < len(self.rewards) else 0.0
        self._t += 1
        return self._obs(), reward, self._t >= len(self.rewards), self._t >= self.max_steps, {}


class EpisodeGuard(gym.Wrapper):
    """Watches how an environment is used, for checks.

    Records every seed passed to ``reset`` in ``reset_seeds``, and raises ``RuntimeError``
    with an explanation when ``step`` is called after the episode ended (terminated or
    truncated) or more than ``max_total_steps`` times: a loop that ignores ``truncated``
    fails with a message instead of running forever.
    """

    def __init__(self, env: gym.Env, max_total_steps: int = 10_000):
        super().__init__(env)
        self.reset_seeds: list[int | None] = []
        self.max_total_steps = max_total_steps
        self.total_steps = 0
        self._over = True

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        self.reset_seeds.append(seed)
        self._over = False
        return self.env.reset(seed=seed, options=options)

    def step(self, action):
        if self._over:
            raise RuntimeError(
                "step() was called after the episode ended (terminated or truncated was True), "
                "or before reset(). Stop the loop as soon as either flag is True."
            )
        self.total_steps += 1
        if self.total_steps > self.max_total_steps:
            raise RuntimeError(f"more than {self.max_total_steps} steps: is the loop endless?")
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._over = bool(terminated or truncated)
        return obs, reward, terminated, truncated, info
