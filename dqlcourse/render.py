"""Inline animations from ``rgb_array`` frames: no display, no ffmpeg; works in Colab.

Frames become an animated GIF (Pillow) embedded as base64 in an ``<img>`` tag, so the
animation lives inside the notebook output and plays in Jupyter, JupyterLab, VS Code and Colab.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from IPython.display import HTML
from PIL import Image

from dqlcourse.seeding import reset_seeded


def record_frames(env: gym.Env, policy: Callable[[Any], int], seed: int,
                  max_steps: int = 500) -> list[np.ndarray]:
    """Play one episode with ``policy`` and return the rendered frames.

    Args:
        env: an environment made with ``render_mode="rgb_array"``.
        policy: maps an observation to an action.
        seed: seed for the reset and the action space.
        max_steps: stop after this many steps even if the episode goes on.

    Returns:
        A list of ``uint8`` arrays of shape ``(H, W, 3)``: the first frame after reset, then
        one after each step.
    """
    if env.render_mode != "rgb_array":
        raise ValueError('make the environment with render_mode="rgb_array" to record frames')
    obs, _ = reset_seeded(env, seed)
    frames = [env.render()]
    for _ in range(max_steps):
        obs, _, terminated, truncated, _ = env.step(policy(obs))
        frames.append(env.render())
        if terminated or truncated:
            break
    return frames


def frames_to_gif(frames: Sequence[np.ndarray], fps: int = 30, scale: float = 0.5) -> bytes:
    """Encode frames as an animated GIF.

    Args:
        frames: ``uint8`` arrays of shape ``(H, W, 3)``, all the same size.
        fps: playback speed in frames per second.
        scale: resize factor applied to every frame (smaller keeps notebooks light).

    Returns:
        The GIF file as bytes.
    """
    if len(frames) == 0:
        raise ValueError("no frames to animate")
    images = [Image.fromarray(np.asarray(f, dtype=np.uint8)) for f in frames]
    if scale != 1.0:
        w, h = images[0].size
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        images = [im.resize(size, Image.Resampling.BILINEAR) for im in images]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:],
                   duration=max(1, round(1000 / fps)), loop=0)
    return buf.getvalue()


def animate(frames: Sequence[np.ndarray], fps: int = 30, scale: float = 0.5) -> HTML:
    """Return an inline animation of ``frames`` for display as the last line of a cell."""
    data = base64.b64encode(frames_to_gif(frames, fps=fps, scale=scale)).decode("ascii")
    return HTML(f'<img src="data:image/gif;base64,{data}" alt="episode animation">')
