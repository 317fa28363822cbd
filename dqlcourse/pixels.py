"""Pixel observations for notebook 05 (convolutional DQN): wrappers, devices, checkpoints, views.

Observations come from the real renderer, ``env.render()`` of an environment made with
``render_mode="rgb_array"``, never from the state vector. The pipeline is two Gymnasium wrappers:

* :class:`PixelObservation`: render, then ``preprocess(frame, crop, factor)`` (a function *you*
  write in the notebook: crop, grayscale, downsample, scale to ``[0, 1]``), then quantise to
  ``uint8`` (:func:`to_uint8`): a frame of shape ``(h, w)``;
* :class:`FrameStack`: the last ``k`` frames, shape ``(k, h, w)``, ``uint8``, updated by a
  ``push(stack, frame)`` function (again yours), so the network can see motion.

Underneath both, Gymnasium's ``RepeatAction`` holds each action for ``repeat`` physics steps
(rewards add up), so one frame is rendered per decision.

:func:`make_pixel_cartpole` builds the whole thing for CartPole-v1 on a small canvas (the renderer
draws at the size ``screen_width``/``screen_height`` say, and a small canvas renders faster).

Also here: :class:`DeviceBuffer` (batches on the GPU when there is one, one place to choose the
device), :func:`replay_memory_bytes`, :class:`CheckpointEvery` / :func:`resume` (survive a Colab
disconnect: weights, optimiser, counters, history *and* the replay buffer),
:func:`measure_throughput`, :func:`make_atari` (optional, needs ``ale-py``) and plot helpers
that take data and an optional ``Axes``.

The package holds no reference preprocessing, frame stacking or network: those are the
notebook's TODOs, passed in as functions.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gymnasium as gym
from gymnasium.wrappers import RepeatAction
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes

from dqlcourse import dqn
from dqlcourse.envs import make

Preprocess = Callable[[np.ndarray, tuple, int], np.ndarray]
Push = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class PixelSpec:
    """How CartPole's frames become observations.

    Attributes:
        width, height: the renderer's canvas in pixels (CartPole's default is 600 x 400).
        crop: ``(top, bottom, left, right)``: the rows and columns kept, ``frame[top:bottom,
            left:right]``. The band holds the cart and the pole; all columns are kept, so the
            network sees where the cart is relative to the edges.
        factor: block size of the downsampling (``factor x factor`` pixels -> one).
        k: frames stacked.
        repeat: each action is applied for ``repeat`` physics steps and one frame is rendered
            after the last of them (action repeat, "frame skip" in the Atari literature;
            Gymnasium's ``RepeatAction``).
    """

    width: int = 240
    height: int = 160
    crop: tuple[int, int, int, int] = (0, 80, 0, 240)
    factor: int = 4
    k: int = 4
    repeat: int = 2

    @property
    def frame_shape(self) -> tuple[int, int]:
        """``(h, w)`` of one preprocessed frame."""
        top, bottom, left, right = self.crop
        return ((bottom - top) // self.factor, (right - left) // self.factor)

    @property
    def obs_shape(self) -> tuple[int, int, int]:
        """``(k, h, w)`` of an observation."""
        return (self.k, *self.frame_shape)


#: The notebook's pixel CartPole: 240 x 160 canvas, rows 0-80 (cart and pole), 4 x 4 blocks,
#: 4 frames, each action held for 2 physics steps: observations of shape (4, 20, 60).
CARTPOLE_PIXELS = PixelSpec()


def to_uint8(x: np.ndarray) -> np.ndarray:
    """Quantise values in ``[0, 1]`` to ``uint8`` ``0..255`` (rounded, clipped). Same shape.

    Runs on every environment step, so it avoids temporaries: ``255 x + 1/2`` in one new array,
    clipped to ``[0, 255]`` in place, then truncated to bytes.
    """
    y = np.multiply(np.asarray(x, dtype=np.float32), np.float32(255.0))
    y += np.float32(0.5)
    np.maximum(y, np.float32(0.0), out=y)
    np.minimum(y, np.float32(255.0), out=y)
    return y.astype(np.uint8)


def set_canvas(env: gym.Env, width: int, height: int) -> gym.Env:
    """Make a classic-control environment render at ``width x height`` pixels (before its first
    ``render``). The renderer draws the same scene at any size; the cart keeps its 50 x 30 pixels."""
    base = env.unwrapped
    if getattr(base, "screen", None) is not None:
        raise RuntimeError("set the canvas before the first render()")
    base.screen_width, base.screen_height = int(width), int(height)
    return env


class PixelObservation(gym.ObservationWrapper):
    """Replace the observation by the preprocessed rendered frame, ``uint8 (h, w)``.

    Args:
        env: an environment made with ``render_mode="rgb_array"``.
        preprocess: ``preprocess(frame, crop, factor)`` -> float array ``(h, w)`` in ``[0, 1]``.
        crop: ``(top, bottom, left, right)`` passed to ``preprocess``.
        factor: downsampling factor passed to ``preprocess``.

    Attributes:
        render_seconds, preprocess_seconds: time spent in ``render`` and in ``preprocess`` +
            quantisation since construction (for throughput measurements).
        frames: frames produced.
    """

    def __init__(self, env: gym.Env, preprocess: Preprocess, crop: tuple, factor: int):
        super().__init__(env)
        if env.render_mode != "rgb_array":
            raise ValueError("PixelObservation needs an environment made with render_mode='rgb_array'")
        self.preprocess, self.crop, self.factor = preprocess, tuple(crop), int(factor)
        top, bottom, left, right = self.crop
        shape = ((bottom - top) // self.factor, (right - left) // self.factor)
        self.observation_space = gym.spaces.Box(0, 255, shape, np.uint8)
        self.render_seconds = self.preprocess_seconds = 0.0
        self.frames = 0

    def observation(self, observation: Any) -> np.ndarray:
        t0 = time.perf_counter()
        frame = self.env.render()
        t1 = time.perf_counter()
        out = to_uint8(self.preprocess(frame, self.crop, self.factor))
        self.render_seconds += t1 - t0
        self.preprocess_seconds += time.perf_counter() - t1
        self.frames += 1
        if out.shape != self.observation_space.shape:
            raise ValueError(f"preprocess returned shape {out.shape}, expected "
                             f"{self.observation_space.shape}")
        return out


class FrameStack(gym.Wrapper):
    """Observations are the last ``k`` frames, ``uint8 (k, h, w)``, oldest first.

    On ``reset`` the first frame is repeated ``k`` times; on ``step`` the stack becomes
    ``push(stack, frame)``.

    Attributes:
        stack_seconds: time spent in ``push`` (for throughput measurements).
    """

    def __init__(self, env: gym.Env, k: int, push: Push):
        super().__init__(env)
        space = env.observation_space
        self.k, self.push = int(k), push
        self.observation_space = gym.spaces.Box(0, 255, (self.k, *space.shape), np.uint8)
        self.stack: np.ndarray | None = None
        self.stack_seconds = 0.0

    def reset(self, **kwargs: Any):
        frame, info = self.env.reset(**kwargs)
        self.stack = np.repeat(np.asarray(frame, dtype=np.uint8)[None], self.k, axis=0)
        return self.stack, info

    def step(self, action: Any):
        frame, reward, terminated, truncated, info = self.env.step(action)
        t0 = time.perf_counter()
        self.stack = np.asarray(self.push(self.stack, frame), dtype=np.uint8)
        self.stack_seconds += time.perf_counter() - t0
        return self.stack, reward, terminated, truncated, info


def make_pixel_cartpole(preprocess: Preprocess, push: Push,
                        spec: PixelSpec = CARTPOLE_PIXELS) -> gym.Env:
    """CartPole-v1 observed through its renderer only: ``uint8`` stacks ``spec.obs_shape``.

    Args:
        preprocess: ``preprocess(frame, crop, factor)`` (the notebook's TODO).
        push: ``push(stack, frame)`` (the notebook's TODO).
        spec: canvas, crop, downsampling, stack size and action repeat.
    """
    env = set_canvas(make("CartPole-v1", render_mode="rgb_array"), spec.width, spec.height)
    if spec.repeat > 1:  # under PixelObservation: one render per decision
        env = RepeatAction(env, spec.repeat)
    return FrameStack(PixelObservation(env, preprocess, spec.crop, spec.factor), spec.k, push)


def pipeline_stats(env: gym.Env) -> dict:
    """Seconds spent in render, preprocess and push by a :func:`make_pixel_cartpole` env."""
    pix = env
    while not isinstance(pix, PixelObservation):
        pix = pix.env
    stack = env if isinstance(env, FrameStack) else None
    return {"frames": pix.frames, "render_seconds": pix.render_seconds,
            "preprocess_seconds": pix.preprocess_seconds,
            "stack_seconds": stack.stack_seconds if stack is not None else 0.0}


# --------------------------------------------------------------------------- replay and device


def replay_memory_bytes(buffer: Any) -> int:
    """Bytes held by the numpy arrays of a replay buffer (its attributes that are arrays)."""
    return int(sum(v.nbytes for v in vars(buffer).values() if isinstance(v, np.ndarray)))


def pick_device() -> torch.device:
    """``cuda`` when a GPU is visible, else ``cpu``: the one place the notebook chooses."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class DeviceBuffer:
    """A replay buffer whose batches are moved to ``device`` (no copy when it is the CPU).

    ``uint8`` observations cross to the GPU as bytes, four times fewer than ``float32``; the
    network converts them. ``add`` and ``len`` go to the wrapped buffer unchanged.
    """

    def __init__(self, buffer: Any, device: torch.device | str):
        self.buffer, self.device = buffer, torch.device(device)

    def add(self, *transition: Any) -> None:
        self.buffer.add(*transition)

    def __len__(self) -> int:
        return len(self.buffer)

    def sample(self, batch_size: int) -> dqn.Batch:
        batch = self.buffer.sample(batch_size)
        if self.device.type == "cpu":
            return batch
        return dqn.Batch(*(t.to(self.device, non_blocking=True) for t in batch))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["buffer"], name)


def _unwrap(buffer: Any) -> Any:
    return buffer.buffer if isinstance(buffer, DeviceBuffer) else buffer


# --------------------------------------------------------------------------- checkpoints


def save_buffer(buffer: Any, path: str | Path) -> Path:
    """Save a replay buffer's arrays, counters and random generator to ``path`` (``.npz``)."""
    buf = _unwrap(buffer)
    arrays = {f"array_{k}": v for k, v in vars(buf).items() if isinstance(v, np.ndarray)}
    ints = {k: v for k, v in vars(buf).items() if isinstance(v, (int, np.integer))
            and not isinstance(v, bool)}
    rng = [k for k, v in vars(buf).items() if isinstance(v, np.random.Generator)]
    meta = {"ints": ints, "rng": {k: vars(buf)[k].bit_generator.state for k in rng}}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.savez(f, __meta__=np.array(repr(meta)), **arrays)
    return path


def load_buffer(buffer: Any, path: str | Path) -> Any:
    """Restore into ``buffer`` (same class and capacity) what :func:`save_buffer` wrote."""
    import ast

    buf = _unwrap(buffer)
    with np.load(Path(path)) as data:
        meta = ast.literal_eval(str(data["__meta__"]))
        for key in data.files:
            if key.startswith("array_"):
                name = key[len("array_"):]
                if getattr(buf, name).shape != data[key].shape:
                    raise ValueError(f"buffer array {name!r}: shape {getattr(buf, name).shape} "
                                     f"in memory, {data[key].shape} in {path}")
                getattr(buf, name)[...] = data[key]
    for name, value in meta["ints"].items():
        setattr(buf, name, int(value))
    for name, state in meta["rng"].items():
        getattr(buf, name).bit_generator.state = state
    return buffer


class CheckpointEvery:
    """Training callback: every ``every_steps`` environment steps (checked at episode ends),
    save the agent (:func:`dqlcourse.dqn.save_checkpoint`) and its replay buffer next to it.

    Files: ``path`` and ``path`` with suffix ``.buffer.npz``. Each save overwrites the last, via a
    temporary file, so a disconnect during a save leaves the previous checkpoint intact.
    """

    def __init__(self, path: str | Path, every_steps: int, config: dqn.DQNConfig,
                 with_buffer: bool = True):
        self.path, self.every_steps, self.config = Path(path), int(every_steps), config
        self.with_buffer = with_buffer
        self.saved_at: list[int] = []
        self._last = None

    def __call__(self, agent: dqn.Agent) -> bool:
        if self._last is None:
            self._last = agent.steps - agent.steps % self.every_steps
        if agent.steps - self._last >= self.every_steps:
            self.save(agent)
        return False

    def save(self, agent: dqn.Agent) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        dqn.save_checkpoint(tmp, agent, self.config)
        if self.with_buffer:
            save_buffer(agent.buffer, buffer_path(tmp))
            buffer_path(tmp).replace(buffer_path(self.path))
        tmp.replace(self.path)
        self._last = agent.steps
        self.saved_at.append(agent.steps)


def buffer_path(path: str | Path) -> Path:
    """Where :class:`CheckpointEvery` keeps the buffer of checkpoint ``path``."""
    path = Path(path)
    return path.with_name(path.name + ".buffer.npz")


def resume(path: str | Path,
           make_agent: Callable[[dqn.DQNConfig, Any, int], dqn.Agent]) -> tuple[dqn.Agent, dqn.DQNConfig]:
    """Load the agent saved at ``path`` and, when saved, its replay buffer.

    Returns ``(agent, config)``: weights, optimiser state, step and episode counters, history,
    buffer contents and the buffer's random generator are as they were at the save.
    """
    agent, config = dqn.load_checkpoint(path, make_agent)
    if buffer_path(path).is_file():
        load_buffer(agent.buffer, buffer_path(path))
    return agent, config


# --------------------------------------------------------------------------- throughput


def measure_throughput(make_raw: Callable[[], gym.Env], make_pixel: Callable[[], gym.Env],
                       steps: int = 1_000, seed: int = 0, store: Callable[[Any, Any], None] | None = None) -> dict:
    """Frames per second of raw ``step`` + ``render`` against the whole pixel pipeline.

    Random actions (the same sequence for both). ``store(obs, next_obs)`` is called on every
    pipeline transition if given (e.g. a replay buffer's ``add``).

    Returns:
        ``{"raw_fps", "pipeline_fps", "render_ms", "preprocess_ms", "stack_ms",
        "overhead_vs_render"}``: the per-frame times are averages; the overhead is
        (preprocess + stack) / render.
    """
    actions = np.random.default_rng(seed).integers(0, 2, size=steps)
    raw = make_raw()
    raw.reset(seed=seed)
    raw.render()
    t0 = time.perf_counter()
    for a in actions:
        _, _, term, trunc, _ = raw.step(int(a))
        raw.render()
        if term or trunc:
            raw.reset()
            raw.render()
    raw_seconds = time.perf_counter() - t0
    raw.close()

    env = make_pixel()
    obs, _ = env.reset(seed=seed)
    before = pipeline_stats(env)
    t0 = time.perf_counter()
    for a in actions:
        nxt, _, term, trunc, _ = env.step(int(a))
        if store is not None:
            store(obs, nxt)
        obs = nxt
        if term or trunc:
            obs, _ = env.reset()
    pipe_seconds = time.perf_counter() - t0
    after = pipeline_stats(env)
    env.close()
    frames = after["frames"] - before["frames"]
    per = {k: (after[k] - before[k]) / max(frames, 1) * 1e3
           for k in ("render_seconds", "preprocess_seconds", "stack_seconds")}
    return {"raw_fps": steps / raw_seconds, "pipeline_fps": steps / pipe_seconds,
            "render_ms": per["render_seconds"], "preprocess_ms": per["preprocess_seconds"],
            "stack_ms": per["stack_seconds"],
            "overhead_vs_render": (per["preprocess_seconds"] + per["stack_seconds"])
            / max(per["render_seconds"], 1e-12)}


# --------------------------------------------------------------------------- Atari (optional)


def atari_available() -> bool:
    """True when ``ale-py`` and OpenCV (for ``AtariPreprocessing``) are installed (the
    ``atari`` extra: ``pip install "dqlcourse[atari]"``)."""
    return all(importlib.util.find_spec(m) is not None for m in ("ale_py", "cv2"))


def make_atari(env_id: str = "PongNoFrameskip-v4", k: int = 4, size: int = 84) -> gym.Env:
    """An Atari game with the standard DQN preprocessing (Mnih et al. 2015): no-op starts,
    frame skip 4 (max over the last two frames), 84 x 84 grayscale, episodic life off, stacks
    of 4: ``uint8 (4, 84, 84)``. Needs the ``atari`` extra."""
    import ale_py

    gym.register_envs(ale_py)
    env = gym.make(env_id, frameskip=1) if "NoFrameskip" not in env_id else gym.make(env_id)
    env = gym.wrappers.AtariPreprocessing(env, noop_max=30, frame_skip=4, screen_size=size,
                                          grayscale_obs=True, scale_obs=False)
    return gym.wrappers.FrameStackObservation(env, k)


# --------------------------------------------------------------------------- views


def show_stack(stack: np.ndarray, axes: Sequence[Axes] | None = None,
               title: str = "frame") -> Sequence[Axes]:
    """Draw the frames of a stack ``(k, h, w)`` side by side, oldest first. Returns the axes."""
    stack = np.asarray(stack)
    if axes is None:
        _, axes = plt.subplots(1, len(stack), figsize=(3 * len(stack), 1.6), squeeze=False)
        axes = axes[0]
    vmax = 255 if stack.dtype == np.uint8 else 1.0
    for i, (ax, frame) in enumerate(zip(axes, stack)):
        ax.imshow(frame, cmap="gray_r", vmin=0, vmax=vmax, interpolation="nearest")
        ax.set_title(f"{title} t-{len(stack) - 1 - i}" if i < len(stack) - 1 else f"{title} t")
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


def show_maps(maps: np.ndarray, axes: Sequence[Axes] | None = None, cols: int = 8,
              title: str = "", cmap: str = "viridis") -> Sequence[Axes]:
    """Draw a set of 2-d maps ``(n, h, w)`` (conv activations, filters) in a grid."""
    maps = np.asarray(maps, dtype=float)
    n = len(maps)
    if axes is None:
        rows = -(-n // cols)
        _, grid = plt.subplots(rows, cols, figsize=(1.8 * cols, 1.0 * rows + 0.4), squeeze=False)
        axes = list(grid.ravel())
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i < n:
            ax.imshow(maps[i], cmap=cmap, interpolation="nearest")
        else:
            ax.axis("off")
    if title:
        axes[0].figure.suptitle(title)
    return axes


def overlay_saliency(frame: np.ndarray, saliency: np.ndarray, ax: Axes | None = None,
                     title: str = "saliency") -> Axes:
    """Draw a frame ``(h, w)`` in gray with a saliency map ``(h, w)`` on top (transparent red)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 2.2))
    ax.imshow(frame, cmap="gray_r", interpolation="nearest")
    sal = np.asarray(saliency, dtype=float)
    sal = sal / sal.max() if sal.max() > 0 else sal
    rgba = np.zeros((*sal.shape, 4))
    rgba[..., 0] = 1.0
    rgba[..., 3] = 0.8 * sal
    ax.imshow(rgba, interpolation="nearest")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax
