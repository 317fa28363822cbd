"""The parts of notebook 04 (deep Q-learning) that students use but do not write.

* :class:`Batch`: what a replay buffer's ``sample`` returns, a named tuple of tensors.
* :class:`DQNConfig`: every hyperparameter of the agent, with its meaning.
* :class:`Agent` and :class:`History`: the networks, optimiser, buffer, counters and logs that
  the training loop carries along, so training can stop, be saved, and resume;
  :func:`new_agent` builds one.
* :func:`evaluate_greedy`: the greedy policy's returns on fixed evaluation seeds, all episodes
  stepped in lockstep with one batched forward pass per step.
* :func:`save_checkpoint` / :func:`load_checkpoint`: weights, optimiser, counters, history and
  config in one file.
* :func:`q_diagnostics`: Q-value magnitude and TD error on a batch, for debugging.
* :class:`StopWhenSolved`: a training callback that stops as soon as the greedy policy solves
  the task on the evaluation seeds; :func:`greedy_evaluations`, the same schedule of greedy
  evaluations without the stop (to plot greedy return against steps).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import gymnasium as gym
import numpy as np
import torch
from torch import nn


class Batch(NamedTuple):
    """A batch of ``B`` transitions, as ``ReplayBuffer.sample`` returns it.

    Attributes:
        obs: float32, shape ``(B, obs_dim)``: the observations s (any shape ``(B, *obs_shape)``
            and dtype the buffer stores, e.g. uint8 frames in notebook 05).
        actions: int64, shape ``(B,)``: the actions a taken in s.
        rewards: float32, shape ``(B,)``: the rewards r.
        next_obs: float32, shape ``(B, obs_dim)``: the observations s' after the step.
        terminated: float32 (0.0 or 1.0), shape ``(B,)``: s' is a terminal state.
        truncated: float32 (0.0 or 1.0), shape ``(B,)``: a time limit ended the episode at s'.
    """

    obs: torch.Tensor
    actions: torch.Tensor
    rewards: torch.Tensor
    next_obs: torch.Tensor
    terminated: torch.Tensor
    truncated: torch.Tensor


def make_batch(obs: Any, actions: Any, rewards: Any, next_obs: Any, terminated: Any,
               truncated: Any) -> Batch:
    """Build a :class:`Batch` from lists or arrays, with the dtypes the course uses."""
    f32 = torch.float32
    return Batch(torch.as_tensor(np.asarray(obs, dtype=np.float32), dtype=f32),
                 torch.as_tensor(np.asarray(actions), dtype=torch.int64),
                 torch.as_tensor(np.asarray(rewards, dtype=np.float32), dtype=f32),
                 torch.as_tensor(np.asarray(next_obs, dtype=np.float32), dtype=f32),
                 torch.as_tensor(np.asarray(terminated, dtype=np.float32), dtype=f32),
                 torch.as_tensor(np.asarray(truncated, dtype=np.float32), dtype=f32))


@dataclass
class DQNConfig:
    """Every hyperparameter of the DQN agent. Change a copy with ``dataclasses.replace``.

    The defaults are notebook 04's reference configuration for CartPole-v1 (``benchmarks/
    dqn_cartpole.py`` measures it).

    Attributes:
        env_id: the Gymnasium id the agent trains on.
        seed: seeds the networks, the buffer's sampling, exploration and the episodes.
        total_steps: environment steps to train for (the loop may stop earlier, see callbacks).
        hidden: sizes of the hidden layers of the Q-network.
        lr: learning rate of the optimiser.
        optimizer: ``"adam"``, or ``"adamw_amsgrad"`` (the PyTorch tutorial's AdamW with amsgrad).
        gamma: discount factor.
        batch_size: transitions per gradient step.
        buffer_size: capacity of the replay buffer (the oldest transition is evicted first).
        learning_starts: transitions in the buffer before the first gradient step.
        train_every: take ``gradient_steps`` gradient steps every ``train_every`` env steps.
        gradient_steps: gradient steps each time training happens.
        target_update_every: with ``tau == 1``, copy the online network into the target
            network every this many environment steps.
        tau: ``1.0`` means hard copies; below 1, a soft (Polyak) update
            ``target <- tau * online + (1 - tau) * target`` after every gradient step.
        eps_start: exploration rate at step 0.
        eps_end: exploration rate after ``eps_decay_steps`` steps, kept from then on.
        eps_decay_steps: length of the linear decay of epsilon, in environment steps.
        max_grad_norm: the gradient's global norm is clipped to this value.
        double_dqn: use double-DQN targets (online network picks, target network evaluates).
    """

    env_id: str = "CartPole-v1"
    seed: int = 0
    total_steps: int = 50_000
    hidden: tuple[int, ...] = (128, 128)
    lr: float = 4e-3
    optimizer: str = "adam"
    gamma: float = 0.99
    batch_size: int = 128
    buffer_size: int = 50_000
    learning_starts: int = 1_000
    train_every: int = 4
    gradient_steps: int = 1
    target_update_every: int = 100
    tau: float = 1.0
    eps_start: float = 1.0
    eps_end: float = 0.05
    eps_decay_steps: int = 5_000
    max_grad_norm: float = 10.0
    double_dqn: bool = False

    def as_dict(self) -> dict:
        """Plain data (for checkpoints and logs)."""
        data = dataclasses.asdict(self)
        data["hidden"] = list(self.hidden)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DQNConfig:
        """The inverse of :meth:`as_dict`; unknown keys are an error."""
        data = dict(data)
        if "hidden" in data:
            data["hidden"] = tuple(data["hidden"])
        return cls(**data)


def make_optimizer(config: DQNConfig, params: Any) -> torch.optim.Optimizer:
    """The optimiser ``config.optimizer`` names, with learning rate ``config.lr``.

    On CPU and CUDA it is PyTorch's *fused* implementation: the same update rule in one kernel
    instead of a handful of tensor operations per parameter, which makes a small network's
    gradient step about a third cheaper on a CPU.
    """
    params = list(params)
    fused = bool(params) and all(p.device.type in ("cpu", "cuda") for p in params)
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, fused=fused)
    if config.optimizer == "adamw_amsgrad":
        return torch.optim.AdamW(params, lr=config.lr, amsgrad=True, fused=fused)
    raise ValueError(f"unknown optimizer {config.optimizer!r}: use 'adam' or 'adamw_amsgrad'")


#: The reference configuration of notebook 04 for CartPole-v1, as plain data: the defaults of
#: :class:`DQNConfig` (its hyperparameters, without the run's id, seed, length and optimiser name),
#: written out in the notebook's ``CARTPOLE`` cell (tests/test_dqn_helpers.py keeps the two
#: equal) and used by ``benchmarks/dqn_cartpole.py``.
CARTPOLE_CONFIG = {k: list(v) if isinstance(v, tuple) else v
                   for k, v in dataclasses.asdict(DQNConfig()).items()
                   if k not in ("env_id", "seed", "total_steps", "optimizer")}


@dataclass
class History:
    """What training logged.

    Attributes:
        episode_returns: the (undiscounted) return of each finished training episode.
        episode_end_steps: the total env-step count when each episode ended.
        epsilons: the exploration rate at the end of each episode.
        losses: the loss of every gradient step.
        diagnostics: dicts logged by callbacks (e.g. :func:`q_diagnostics` with a ``"step"``).
    """

    episode_returns: list[float] = field(default_factory=list)
    episode_end_steps: list[int] = field(default_factory=list)
    epsilons: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    diagnostics: list[dict] = field(default_factory=list)


@dataclass
class Agent:
    """Everything training carries from one step to the next.

    Attributes:
        q_net: the online Q-network, ``(B, obs_dim) -> (B, n_actions)``.
        target_net: the target network, same architecture.
        optimizer: optimises ``q_net``'s parameters.
        buffer: the replay buffer.
        obs_dim: size of an observation (an int), or its shape (a tuple, e.g. pixel stacks).
        n_actions: number of actions.
        steps: environment steps taken so far (over all calls of the training loop).
        episodes: episodes finished so far.
        history: the logs.
    """

    q_net: nn.Module
    target_net: nn.Module
    optimizer: torch.optim.Optimizer
    buffer: Any
    obs_dim: int | tuple[int, ...]
    n_actions: int
    steps: int = 0
    episodes: int = 0
    history: History = field(default_factory=History)


def new_agent(config: DQNConfig, obs_dim: int | tuple[int, ...], n_actions: int,
              make_q_network: Callable[[Any, int, tuple], nn.Module],
              make_buffer: Callable[..., Any], buffer_dtype: Any = None) -> Agent:
    """A fresh agent: online and target networks with equal weights, optimiser, empty buffer.

    Args:
        config: the hyperparameters (hidden sizes, learning rate, buffer size, seed).
        obs_dim: size of an observation, or its shape (a tuple such as ``(4, 20, 60)``).
        n_actions: number of actions.
        make_q_network: ``make_q_network(obs_dim, n_actions, hidden)`` builds a Q-network.
        make_buffer: ``make_buffer(capacity, obs_dim, seed=...)`` builds a replay buffer.
        buffer_dtype: if given, passed on as ``make_buffer(..., dtype=buffer_dtype)`` (e.g.
            ``np.uint8`` for pixel observations).
    """
    q_net = make_q_network(obs_dim, n_actions, tuple(config.hidden))
    target_net = make_q_network(obs_dim, n_actions, tuple(config.hidden))
    target_net.load_state_dict(q_net.state_dict())
    extra = {} if buffer_dtype is None else {"dtype": buffer_dtype}
    return Agent(q_net, target_net, make_optimizer(config, q_net.parameters()),
                 make_buffer(config.buffer_size, obs_dim, seed=config.seed, **extra), obs_dim,
                 n_actions)


@torch.no_grad()
def evaluate_greedy(q_net: nn.Module, make_env: Callable[[], gym.Env], seeds: Sequence[int],
                    max_steps: int = 100_000, actions: list | None = None) -> np.ndarray:
    """Returns of the greedy policy ``argmax_a Q(s, a)``, one episode per seed.

    All episodes run in lockstep: one batched forward pass per step for the episodes still
    running, so 100 CartPole episodes cost about as many forward passes as one.

    Args:
        q_net: maps a float32 tensor ``(B, obs_dim)`` to Q-values ``(B, n_actions)``.
        make_env: builds a fresh environment (called once per seed).
        seeds: one reset seed per episode; fixed seeds make evaluations comparable.
        max_steps: safety cap on the steps of one episode.
        actions: if given, receives each episode's list of actions (ints), in seed order (what
            a check's judge replays: :mod:`dqlcourse.checks.evaluation`).

    Returns:
        float array of shape ``(len(seeds),)``: the undiscounted return of each episode.
    """
    envs = [make_env() for _ in seeds]
    try:
        obs = np.stack([np.asarray(e.reset(seed=int(s))[0], dtype=np.float32)
                        for e, s in zip(envs, seeds)])
        returns = np.zeros(len(envs))
        running = np.ones(len(envs), dtype=bool)
        taken: list[list[int]] = [[] for _ in envs]
        was_training = q_net.training
        q_net.eval()
        for _ in range(max_steps):
            idx = np.flatnonzero(running)
            if idx.size == 0:
                break
            chosen = q_net(torch.as_tensor(obs[idx])).argmax(dim=1).tolist()
            for j, action in zip(idx, chosen):
                taken[j].append(int(action))
                o, r, terminated, truncated, _ = envs[j].step(int(action))
                returns[j] += float(r)
                obs[j] = o
                if terminated or truncated:
                    running[j] = False
        q_net.train(was_training)
        if actions is not None:
            actions.extend(taken)
    finally:
        for e in envs:
            e.close()
    return returns


#: Fixed evaluation seeds, disjoint from the training seeds the course uses.
EVAL_SEEDS = tuple(range(1_000_000, 1_000_100))


@torch.no_grad()
def q_diagnostics(q_net: nn.Module, target_net: nn.Module, batch: Batch, gamma: float) -> dict:
    """Q-value magnitude and TD error of ``q_net`` on ``batch`` (vanilla DQN targets).

    Returns:
        ``{"q_mean", "q_max", "td_abs_mean"}``: mean and max of ``max_a Q(s, a)`` and the mean
        absolute TD error ``|r + gamma (1 - terminated) max_a' Q_target(s', a') - Q(s, a)|``.
    """
    q_all = q_net(batch.obs)
    q_sa = q_all.gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    target = batch.rewards + gamma * (1 - batch.terminated) * target_net(batch.next_obs).max(1).values
    best = q_all.max(1).values
    return {"q_mean": float(best.mean()), "q_max": float(best.max()),
            "td_abs_mean": float((target - q_sa).abs().mean())}


def save_checkpoint(path: str | Path, agent: Agent, config: DQNConfig) -> Path:
    """Save weights, optimiser state, counters, history and config to one file.

    The replay buffer is not saved (it is large, and refills within ``learning_starts`` steps).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"format": "dqlcourse-dqn-1", "config": config.as_dict(),
                "obs_dim": (list(agent.obs_dim) if isinstance(agent.obs_dim, tuple)
                            else agent.obs_dim), "n_actions": agent.n_actions,
                "q_net": agent.q_net.state_dict(), "target_net": agent.target_net.state_dict(),
                "optimizer": agent.optimizer.state_dict(), "steps": agent.steps,
                "episodes": agent.episodes, "history": dataclasses.asdict(agent.history)}, path)
    return path


def load_checkpoint(path: str | Path,
                    make_agent: Callable[[DQNConfig, int, int], Agent]) -> tuple[Agent, DQNConfig]:
    """Load a checkpoint written by :func:`save_checkpoint`.

    Args:
        path: the file.
        make_agent: ``make_agent(config, obs_dim, n_actions)`` builds a fresh agent (new
            networks, optimiser, empty buffer); the saved state is then loaded into it.

    Returns:
        ``(agent, config)``, ready to evaluate or to resume training.
    """
    data = torch.load(Path(path), weights_only=True, map_location="cpu")  # resumable on any device
    if data.get("format") != "dqlcourse-dqn-1":
        raise ValueError(f"{path} is not a checkpoint written by save_checkpoint")
    config = DQNConfig.from_dict(data["config"])
    obs_dim = data["obs_dim"]
    obs_dim = tuple(int(d) for d in obs_dim) if isinstance(obs_dim, (list, tuple)) else int(obs_dim)
    agent = make_agent(config, obs_dim, int(data["n_actions"]))
    agent.q_net.load_state_dict(data["q_net"])
    agent.target_net.load_state_dict(data["target_net"])
    agent.optimizer.load_state_dict(data["optimizer"])
    agent.steps, agent.episodes = int(data["steps"]), int(data["episodes"])
    agent.history = History(**data["history"])
    return agent, config


class StopWhenSolved:
    """Training callback: stop once the greedy policy solves the task on the evaluation seeds.

    Every ``every_steps`` environment steps (checked at episode ends) it evaluates the greedy
    policy on the first ``screen`` seeds; only if their mean return reaches ``screen_threshold``
    (``threshold`` by default) does it evaluate on all ``seeds``. Training stops when that full
    mean reaches ``threshold``. A noisy learner (pixels) passes the full evaluation at moments
    its 10-episode screens miss: a lower ``screen_threshold`` and frequent screens catch them.

    Attributes:
        solved_at_step: the env-step count at which the task was solved, else ``None``.
        evaluations: ``(step, mean return, n episodes)`` of every evaluation.
        eval_seconds: wall time spent evaluating.
    """

    def __init__(self, make_env: Callable[[], gym.Env], threshold: float,
                 seeds: Sequence[int] = EVAL_SEEDS, every_steps: int = 2_000, screen: int = 10,
                 start_step: int = 0, screen_threshold: float | None = None):
        self.make_env, self.threshold, self.seeds = make_env, threshold, list(seeds)
        self.screen_threshold = threshold if screen_threshold is None else screen_threshold
        self.every_steps, self.screen, self.start_step = every_steps, screen, start_step
        self.solved_at_step: int | None = None
        self.evaluations: list[tuple[int, float, int]] = []
        self.eval_seconds = 0.0
        self._last = 0

    def __call__(self, agent: Agent) -> bool:
        if agent.steps < self.start_step or agent.steps - self._last < self.every_steps:
            return False
        self._last = agent.steps
        t0 = time.perf_counter()
        try:
            mean = float(evaluate_greedy(agent.q_net, self.make_env, self.seeds[:self.screen]).mean())
            self.evaluations.append((agent.steps, mean, self.screen))
            if mean >= self.screen_threshold and len(self.seeds) > self.screen:
                mean = float(evaluate_greedy(agent.q_net, self.make_env, self.seeds).mean())
                self.evaluations.append((agent.steps, mean, len(self.seeds)))
        finally:
            self.eval_seconds += time.perf_counter() - t0
        if mean >= self.threshold:
            self.solved_at_step = agent.steps
            return True
        return False


def greedy_evaluations(make_env: Callable[[], gym.Env], every_steps: int = 1_000,
                       seeds: Sequence[int] = EVAL_SEEDS[:20]) -> StopWhenSolved:
    """Training callback that only records: every ``every_steps`` environment steps (at an
    episode end) the greedy policy's mean return on all ``seeds``, appended as ``(step, mean,
    len(seeds))`` to its ``evaluations``. It never stops training: a :class:`StopWhenSolved`
    whose threshold cannot be reached, so the two share one evaluation schedule."""
    return StopWhenSolved(make_env, threshold=math.inf, seeds=seeds, every_steps=every_steps,
                          screen=len(seeds))


def chain_callbacks(*callbacks: Callable[[Agent], Any] | None) -> Callable[[Agent], bool]:
    """One callback that calls each of ``callbacks`` (``None`` skipped); stops if any asks to."""
    active = [cb for cb in callbacks if cb is not None]

    def callback(agent: Agent) -> bool:
        stop = False
        for cb in active:
            stop = bool(cb(agent)) or stop
        return stop

    return callback


def training_curve(agent: Any) -> dict | None:
    """The agent's training returns against environment steps (its last 2,000 episodes), as
    plain data: the picture a check's feedback draws of a run it judged, beside the case's
    threshold (:func:`dqlcourse.checks.core.curve_of`); ``None`` when the history holds no
    plain numbers."""
    history = getattr(agent, "history", None)
    try:
        steps = [int(x) for x in getattr(history, "episode_end_steps", [])][-2000:]
        returns = [float(y) for y in getattr(history, "episode_returns", [])][-2000:]
    except (TypeError, ValueError):
        return None
    return {"x": steps, "y": returns,
            "xlabel": "environment steps (first seed)", "ylabel": "training return per episode"}
