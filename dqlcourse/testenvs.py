"""Tiny deterministic environments with known optimal returns, for behavioural checks.

A DQN that works learns each of them in a few thousand steps (seconds on a CPU); a DQN with
a typical bug does not, or learns the wrong thing.

* :class:`Corridor`: walk right to the goal; every step costs 1. Optimal return ``-(length - 1)``.
* :class:`StayOrLeave`: stay for +1 per step until a time limit, or leave at once for a bigger
  one-off reward. Staying is optimal (the time limit is not part of the task), but an agent
  that treats the time limit as a terminal state learns to leave.
* :class:`Metronome`: episodes of a fixed length whatever the agent does, for checks of a
  training loop's bookkeeping.
* :class:`MovingDot`: a pixel task. A dot moves left or right across a small image; name its
  direction. One frame cannot show the motion, a stack of two can: optimal return 1, an agent
  blind to the motion gets 0.5.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np


class Corridor(gym.Env):
    """A corridor of ``length`` cells; start in cell 0, the goal is the last cell.

    Observation: one-hot float32 vector of shape ``(length,)``. Two actions: one moves forward
    (towards the goal), the other back (a wall at cell 0). With ``alternate=True`` (the default)
    the forward action in cell ``k`` is ``k % 2``, so the right action depends on the state;
    otherwise action 1 is always forward. Every step gives reward -1; the step that reaches the
    goal terminates the episode. Episodes are truncated after ``time_limit`` steps.

    The optimal return is ``-(length - 1)``; a random walk takes about ``(length - 1)**2`` steps.
    """

    metadata = {"render_modes": []}

    def __init__(self, length: int = 6, time_limit: int = 50, alternate: bool = True):
        if length < 2:
            raise ValueError("length must be at least 2")
        self.length, self.time_limit, self.alternate = length, time_limit, alternate
        self.observation_space = gym.spaces.Box(0.0, 1.0, shape=(length,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(2)
        self._pos = 0
        self._t = 0

    @property
    def optimal_return(self) -> float:
        return -float(self.length - 1)

    def _obs(self) -> np.ndarray:
        obs = np.zeros(self.length, dtype=np.float32)
        obs[self._pos] = 1.0
        return obs

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._pos, self._t = 0, 0
        return self._obs(), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in {self.action_space}")
        forward = self._pos % 2 if self.alternate else 1
        if int(action) == forward:
            self._pos = min(self._pos + 1, self.length - 1)
        else:
            self._pos = max(self._pos - 1, 0)
        self._t += 1
        terminated = self._pos == self.length - 1
        return self._obs(), -1.0, terminated, self._t >= self.time_limit and not terminated, {}


class StayOrLeave(gym.Env):
    """One state, two actions: 0 = leave (reward ``leave_reward``, terminates), 1 = stay (+1).

    The observation is always ``[1.0]`` (float32, shape ``(1,)``): the agent cannot see the
    clock. A time limit truncates the episode after ``time_limit`` steps.

    With discount ``gamma``, staying forever is worth ``1 / (1 - gamma)`` (10 for gamma = 0.9),
    more than leaving (default 4): a correct DQN learns to stay, even when it trains with
    ``time_limit=1`` so that *every* training episode is cut by the time limit, because it
    bootstraps after a truncation. Its greedy return with a time limit of ``H`` is ``H``.
    A DQN that treats a truncation as a terminal state values staying at exactly 1 when
    ``time_limit=1``, and learns to leave (return ``leave_reward``).
    """

    metadata = {"render_modes": []}

    def __init__(self, leave_reward: float = 4.0, time_limit: int = 20):
        self.leave_reward, self.time_limit = float(leave_reward), time_limit
        self.observation_space = gym.spaces.Box(0.0, 1.0, shape=(1,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(2)
        self._t = 0

    @property
    def optimal_return(self) -> float:
        return float(self.time_limit)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._t = 0
        return np.ones(1, dtype=np.float32), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in {self.action_space}")
        self._t += 1
        obs = np.ones(1, dtype=np.float32)
        if int(action) == 0:
            return obs, self.leave_reward, True, False, {}
        return obs, 1.0, False, self._t >= self.time_limit, {}


class MovingDot(gym.Env):
    """A black dot moving left or right across a white strip; name the direction. Pixels only.

    ``render()`` returns the strip, ``uint8 (height, width, 3)``, with a ``size`` x ``size``
    black dot at rows ``2 .. 2 + size`` (so a crop must keep them). At reset the dot gets a
    random column and a random direction; each step moves it ``size`` pixels that way.
    Episodes last two steps: the first action earns nothing, the second earns 1 if it names the
    direction (0 = left, 1 = right), else 0, and terminates.

    The observation returned by ``reset``/``step`` is a placeholder (``float32 (1,)``, always
    0): the task is meant to be seen through ``PixelObservation`` and ``FrameStack``. A single
    frame shows where the dot is, not where it goes, so the best policy on one frame returns
    0.5; on a stack of two frames (the second step's stack holds the frames before and after
    the first move) it returns 1.
    """

    metadata = {"render_modes": ["rgb_array"]}

    def __init__(self, render_mode: str = "rgb_array", height: int = 8, width: int = 32,
                 size: int = 4):
        if width < 5 * size or height < size + 2:
            raise ValueError("the strip must be at least 5 * size wide and size + 2 high")
        self.render_mode = render_mode
        self.height, self.width, self.size = height, width, size
        self.observation_space = gym.spaces.Box(0.0, 0.0, shape=(1,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(2)
        self._x, self._direction, self._t = 0, 0, 0

    @property
    def optimal_return(self) -> float:
        return 1.0

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._direction = int(self.np_random.integers(2))
        # the dot stays inside the strip for both moves
        self._x = int(self.np_random.integers(2 * self.size, self.width - 3 * self.size + 1))
        self._t = 0
        return np.zeros(1, dtype=np.float32), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in {self.action_space}")
        self._t += 1
        self._x += self.size if self._direction == 1 else -self.size
        reward = float(int(action) == self._direction) if self._t == 2 else 0.0
        return np.zeros(1, dtype=np.float32), reward, self._t == 2, False, {}

    def render(self) -> np.ndarray:
        frame = np.full((self.height, self.width, 3), 255, dtype=np.uint8)
        frame[2:2 + self.size, self._x:self._x + self.size] = 0
        return frame


class Metronome(gym.Env):
    """Episodes of exactly ``length`` steps, whatever the agent does: for checks of a training
    loop's bookkeeping (which step trains, which epsilon each episode ends with).

    One state (the observation is always ``[1.0]``, float32), two actions, reward 0; the
    ``length``-th step of an episode is truncated by the time limit.
    """

    metadata = {"render_modes": []}

    def __init__(self, length: int = 2):
        if length < 1:
            raise ValueError("length must be at least 1")
        self.length = length
        self.observation_space = gym.spaces.Box(0.0, 1.0, shape=(1,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(2)
        self._t = 0

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._t = 0
        return np.ones(1, dtype=np.float32), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"action {action!r} is not in {self.action_space}")
        self._t += 1
        return np.ones(1, dtype=np.float32), 0.0, False, self._t >= self.length, {}
