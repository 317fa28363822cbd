"""Finite MDPs as arrays: a slippery gridworld, Gymnasium's toy-text tables, exact references.

Every MDP of notebooks 02 and 03 is a :class:`TabularMDP` with two arrays of the same shape
``(S, A, S)``:

* ``P[s, a, s2]``: the probability that action ``a`` in state ``s`` leads to ``s2``. Each
  ``P[s, a]`` sums to 1.
* ``R[s, a, s2]``: the reward of that transition.

Terminal states are *absorbing with zero reward*: ``P[t, a, t] = 1`` and ``R[t, a, :] = 0`` for
every action, so their values are 0 and the Bellman backup needs no special case for them.
``terminal[s]`` says which states they are (reaching one ends an episode, ``terminated=True``).

Grid MDPs number their cells row by row, ``state = row * n_cols + col``, as FrozenLake does.
``desc`` holds the grid as strings (one character per cell) and ``moves`` the
``(d_row, d_col)`` of each action, which is all the plots need.

The reference solver :func:`optimal_q` uses *policy iteration with exact linear solves*, not
the Q-value iteration students write in notebook 02, so that notebook 03 and the tests can
compare with the exact ``Q*`` without shipping notebook 02's answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import gymnasium as gym
import numpy as np

#: FrozenLake's action order: 0 left, 1 down, 2 right, 3 up, as (d_row, d_col).
MOVES_LDRU = ((0, -1), (1, 0), (0, 1), (-1, 0))
NAMES_LDRU = ("left", "down", "right", "up")
#: CliffWalking's action order: 0 up, 1 right, 2 down, 3 left.
MOVES_URDL = ((-1, 0), (0, 1), (1, 0), (0, -1))
NAMES_URDL = ("up", "right", "down", "left")

#: The gridworld of notebook 02: ``S`` start, ``.`` free, ``#`` wall, ``G`` goal (+1),
#: ``P`` pit (-1). Goal and pit are terminal.
GRID_LAYOUT = (
    "...G",
    ".#.P",
    "S...",
)


@dataclass(frozen=True, eq=False)
class TabularMDP:
    """A finite MDP.

    Attributes:
        P: transition probabilities, shape ``(S, A, S)``; ``P[s, a].sum() == 1``.
        R: rewards, shape ``(S, A, S)``; ``R[s, a, s2]`` is earned on the move ``s -a-> s2``.
        terminal: shape ``(S,)``, bool; terminal states are absorbing with zero reward.
        start: the start-state distribution, shape ``(S,)``.
        desc: the grid, one string per row and one character per cell, or ``None``.
        moves: ``(d_row, d_col)`` of each action on the grid (for arrows), or ``None``.
        action_names: one name per action.
        name: a label for titles.
        meta: the parameters it was built from (e.g. ``{"slip": 0.2, "step_reward": 0.0}``).
    """

    P: np.ndarray
    R: np.ndarray
    terminal: np.ndarray
    start: np.ndarray
    desc: tuple[str, ...] | None = None
    moves: tuple[tuple[int, int], ...] | None = None
    action_names: tuple[str, ...] = ()
    name: str = "MDP"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def n_states(self) -> int:
        return self.P.shape[0]

    @property
    def n_actions(self) -> int:
        return self.P.shape[1]

    @property
    def shape(self) -> tuple[int, int] | None:
        """``(n_rows, n_cols)`` of the grid, or ``None`` for an MDP without a grid."""
        return (len(self.desc), len(self.desc[0])) if self.desc else None

    def expected_reward(self) -> np.ndarray:
        """``r[s, a] = sum_s2 P[s, a, s2] * R[s, a, s2]``, shape ``(S, A)``."""
        return np.einsum("ijk,ijk->ij", self.P, self.R)

    def validate(self, atol: float = 1e-9) -> None:
        """Raise ``ValueError`` unless the arrays have the documented shapes and properties."""
        S, A = self.P.shape[:2]
        if self.P.shape != (S, A, S) or self.R.shape != (S, A, S):
            raise ValueError(f"P and R must have shape (S, A, S); got {self.P.shape}, {self.R.shape}")
        if (self.P < -atol).any() or not np.allclose(self.P.sum(axis=2), 1.0, atol=atol):
            raise ValueError("every P[s, a] must be a probability distribution")
        if self.terminal.shape != (S,) or self.start.shape != (S,):
            raise ValueError("terminal and start must have shape (S,)")
        for t in np.flatnonzero(self.terminal):
            if not (np.allclose(self.P[t, :, t], 1.0) and np.allclose(self.R[t], 0.0)):
                raise ValueError(f"terminal state {t} must be absorbing with zero reward")
        if self.desc is not None and self.shape[0] * self.shape[1] != S:
            raise ValueError("desc must have one character per state")


def _step_on_grid(desc: Sequence[str], row: int, col: int, move: tuple[int, int]) -> tuple[int, int]:
    r, c = row + move[0], col + move[1]
    if 0 <= r < len(desc) and 0 <= c < len(desc[0]) and desc[r][c] != "#":
        return r, c
    return row, col  # bumped into the border or a wall: stay


def gridworld(slip: float = 0.2, step_reward: float = 0.0, layout: Sequence[str] = GRID_LAYOUT,
              goal_reward: float = 1.0, pit_reward: float = -1.0) -> TabularMDP:
    """The slippery gridworld of notebook 02.

    Actions are FrozenLake's: 0 left, 1 down, 2 right, 3 up. A move goes the intended way
    with probability ``1 - slip`` and slides to each of the two perpendicular directions with
    probability ``slip / 2`` (``slip = 2/3`` is FrozenLake's "slippery"). Bumping into the
    border or a wall ``#`` leaves the agent where it is. Entering ``G`` earns ``goal_reward``,
    entering ``P`` earns ``pit_reward``; both are terminal. Every other move earns
    ``step_reward``. Wall cells are states no one can reach; they stay in the arrays so
    that ``state = row * n_cols + col``.

    Args:
        slip: probability of not going the intended way, in ``[0, 1]``.
        step_reward: reward of every move that does not enter ``G`` or ``P``.
        layout: the grid, one string per row.
        goal_reward: reward for entering ``G``.
        pit_reward: reward for entering ``P``.

    Returns:
        A :class:`TabularMDP` with ``S = rows * cols`` states and 4 actions.
    """
    if not 0.0 <= slip <= 1.0:
        raise ValueError(f"slip must be in [0, 1], got {slip}")
    desc = tuple(layout)
    n_rows, n_cols = len(desc), len(desc[0])
    S, A = n_rows * n_cols, 4
    P, R = np.zeros((S, A, S)), np.zeros((S, A, S))
    terminal = np.array([ch in "GP" for row in desc for ch in row])
    start = np.array([ch == "S" for row in desc for ch in row], dtype=float)
    if start.sum() == 0:
        raise ValueError("the layout needs a start cell 'S'")
    start /= start.sum()
    for s in range(S):
        row, col = divmod(s, n_cols)
        if terminal[s] or desc[row][col] == "#":
            P[s, :, s] = 1.0  # absorbing, zero reward
            continue
        for a in range(A):
            sideways = ((a - 1) % 4, (a + 1) % 4)  # the two perpendicular actions
            for b, prob in ((a, 1.0 - slip), (sideways[0], slip / 2), (sideways[1], slip / 2)):
                if prob == 0.0:
                    continue
                r2, c2 = _step_on_grid(desc, row, col, MOVES_LDRU[b])
                s2 = r2 * n_cols + c2
                P[s, a, s2] += prob
                cell = desc[r2][c2]
                R[s, a, s2] = goal_reward if cell == "G" else pit_reward if cell == "P" else step_reward
    mdp = TabularMDP(P, R, terminal, start, desc, MOVES_LDRU, NAMES_LDRU,
                     name=f"gridworld (slip={slip:g})",
                     meta={"slip": slip, "step_reward": step_reward})
    mdp.validate()
    return mdp


def from_transition_table(table: Mapping[int, Mapping[int, Sequence[tuple]]], n_states: int,
                          n_actions: int, **kwargs: Any) -> TabularMDP:
    """Convert a Gymnasium toy-text transition table into arrays.

    Args:
        table: ``env.unwrapped.P``: ``table[s][a]`` is a list of
            ``(probability, next_state, reward, terminated)``.
        n_states: number of states S.
        n_actions: number of actions A.
        **kwargs: the other :class:`TabularMDP` fields (``start``, ``desc``, ``moves``, ...).

    Returns:
        A :class:`TabularMDP`. A state is terminal when some transition enters it with
        ``terminated=True``; its row is made absorbing with zero reward (Gymnasium never
        steps from it). Several entries with the same next state add their probabilities;
        their rewards are averaged, weighted by probability.
    """
    P, weighted = np.zeros((n_states, n_actions, n_states)), np.zeros((n_states, n_actions, n_states))
    terminal = np.zeros(n_states, dtype=bool)
    for s in range(n_states):
        for a in range(n_actions):
            for prob, s2, reward, done in table[s][a]:
                P[s, a, int(s2)] += prob
                weighted[s, a, int(s2)] += prob * reward
                terminal[int(s2)] |= bool(done)
    R = np.divide(weighted, P, out=np.zeros_like(P), where=P > 0)
    for t in np.flatnonzero(terminal):
        P[t], R[t] = 0.0, 0.0
        P[t, :, t] = 1.0
    start = kwargs.pop("start", None)
    if start is None:
        start = np.full(n_states, 1.0 / n_states)
    mdp = TabularMDP(P, R, terminal, np.asarray(start, dtype=float), **kwargs)
    mdp.validate()
    return mdp


def from_env(env: gym.Env) -> TabularMDP:
    """The exact MDP behind FrozenLake-v1, CliffWalking-v1 or Taxi-v4, from its transition table.

    FrozenLake keeps its map (``S F H G``) and CliffWalking gets one (``S . C G``, ``C`` the
    cliff) so that values and policies can be drawn on the grid. Time limits are not part of
    the MDP.
    """
    u = env.unwrapped
    n_states, n_actions = int(u.observation_space.n), int(u.action_space.n)
    kwargs: dict[str, Any] = {"name": env.spec.id if env.spec else type(u).__name__}
    if hasattr(u, "initial_state_distrib"):
        kwargs["start"] = np.asarray(u.initial_state_distrib, dtype=float)
    elif hasattr(u, "start_state_index"):
        kwargs["start"] = np.eye(n_states)[int(u.start_state_index)]
    if getattr(u, "desc", None) is not None and np.asarray(u.desc).size == n_states:  # FrozenLake
        kwargs["desc"] = tuple(b"".join(row).decode() for row in u.desc)
        kwargs["moves"], kwargs["action_names"] = MOVES_LDRU, NAMES_LDRU
    elif hasattr(u, "_cliff"):  # CliffWalking
        n_rows, n_cols = u.shape
        cells = [["C" if u._cliff[r, c] else "." for c in range(n_cols)] for r in range(n_rows)]
        start_r, start_c = np.unravel_index(u.start_state_index, u.shape)
        cells[start_r][start_c], cells[n_rows - 1][n_cols - 1] = "S", "G"
        kwargs["desc"] = tuple("".join(row) for row in cells)
        kwargs["moves"], kwargs["action_names"] = MOVES_URDL, NAMES_URDL
    return from_transition_table(u.P, n_states, n_actions, **kwargs)


def from_arrays(P: Any, R: Any, terminal: Any = None, name: str = "MDP") -> TabularMDP:
    """A :class:`TabularMDP` from nested lists or arrays ``P``, ``R`` of shape ``(S, A, S)``
    (for small hand-made MDPs). ``terminal`` defaults to no terminal state."""
    P, R = np.asarray(P, dtype=float), np.asarray(R, dtype=float)
    S = P.shape[0]
    term = np.zeros(S, dtype=bool) if terminal is None else np.asarray(terminal, dtype=bool)
    mdp = TabularMDP(P, R, term, np.full(S, 1.0 / S), name=name)
    mdp.validate()
    return mdp


# --------------------------------------------------------------------------- exact references


def _policy_values(mdp: TabularMDP, policy: np.ndarray, gamma: float) -> np.ndarray:
    """V of a deterministic policy, shape ``(S,)``, from one linear solve (I - gamma P_pi) V = r_pi."""
    idx = np.arange(mdp.n_states)
    P_pi = mdp.P[idx, policy]                    # (S, S)
    r_pi = mdp.expected_reward()[idx, policy]    # (S,)
    return np.linalg.solve(np.eye(mdp.n_states) - gamma * P_pi, r_pi)


def optimal_q(mdp: TabularMDP, gamma: float, max_iterations: int = 1000) -> np.ndarray:
    """The exact optimal action values ``Q*``, shape ``(S, A)``, by policy iteration.

    Each iteration solves a linear system for the values of the current policy and makes the
    policy greedy; it stops when the policy no longer changes (a few iterations). Accurate to
    about 1e-12, whatever the number of sweeps value iteration would need.

    Args:
        mdp: the MDP.
        gamma: discount factor, ``0 <= gamma < 1``.
        max_iterations: safety bound on policy-improvement steps.
    """
    if not 0.0 <= gamma < 1.0:
        raise ValueError(f"optimal_q needs 0 <= gamma < 1, got {gamma}")
    r = mdp.expected_reward()
    policy = np.zeros(mdp.n_states, dtype=int)
    for _ in range(max_iterations):
        V = _policy_values(mdp, policy, gamma)
        Q = r + gamma * mdp.P @ V
        best = Q.max(axis=1, keepdims=True)
        # keep the current action unless another is better by more than round-off
        keep = Q[np.arange(mdp.n_states), policy] >= best[:, 0] - 1e-12 * (1 + np.abs(best[:, 0]))
        new_policy = np.where(keep, policy, Q.argmax(axis=1))
        if np.array_equal(new_policy, policy):
            return Q
        policy = new_policy
    raise RuntimeError("policy iteration did not converge")


def expected_return(mdp: TabularMDP, policy: Any, horizon: int, start: Any = None) -> float:
    """Exact expected *undiscounted* return of a deterministic policy over ``horizon`` steps.

    On FrozenLake (reward 1 at the goal, nothing else) this is the probability of reaching the
    goal within the time limit (``horizon=100`` for FrozenLake-v1): the success rate, computed
    without sampling noise.

    Args:
        mdp: the MDP.
        policy: one action per state, shape ``(S,)``.
        horizon: number of steps (the environment's time limit).
        start: start distribution, shape ``(S,)``; ``mdp.start`` by default.
    """
    policy = np.asarray(policy, dtype=int)
    idx = np.arange(mdp.n_states)
    P_pi, r_pi = mdp.P[idx, policy], mdp.expected_reward()[idx, policy]
    V = np.zeros(mdp.n_states)
    for _ in range(horizon):
        V = r_pi + P_pi @ V
    return float((mdp.start if start is None else np.asarray(start)) @ V)


# --------------------------------------------------------------------------- as an environment


class TabularEnv(gym.Env):
    """Sample a :class:`TabularMDP` as a Gymnasium environment (observations are state indices).

    ``reset`` draws a start state from ``mdp.start``; ``step`` draws the next state from
    ``P[s, a]``, returns ``R[s, a, s2]`` and ``terminated = mdp.terminal[s2]``. It never
    truncates: wrap it in ``gymnasium.wrappers.TimeLimit`` for a time limit.
    """

    metadata = {"render_modes": []}

    def __init__(self, mdp: TabularMDP):
        self.mdp = mdp
        self.observation_space = gym.spaces.Discrete(mdp.n_states)
        self.action_space = gym.spaces.Discrete(mdp.n_actions)
        self._cdf_P = np.cumsum(mdp.P, axis=2)
        self._cdf_start = np.cumsum(mdp.start)
        self._s = 0

    def _draw(self, cdf: np.ndarray) -> int:
        return int(min(np.searchsorted(cdf, self.np_random.random(), side="right"), len(cdf) - 1))

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._s = self._draw(self._cdf_start)
        return self._s, {}

    def step(self, action):
        s, a = self._s, int(action)
        s2 = self._draw(self._cdf_P[s, a])
        self._s = s2
        return s2, float(self.mdp.R[s, a, s2]), bool(self.mdp.terminal[s2]), False, {}
