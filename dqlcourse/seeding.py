"""The one seeding path of the course.

Every notebook seeds through :func:`seed_everything` (Python, numpy, torch) and starts
episodes through :func:`reset_seeded` (the env and its action space), so the same seed gives
the same numbers: ``tests/test_seeding.py`` runs everything twice and compares.
"""

from __future__ import annotations

import random
from typing import Any

import gymnasium as gym
import numpy as np
import torch


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python's ``random``, numpy's global RNG and torch; return a fresh numpy Generator.

    Args:
        seed: a non-negative integer.

    Returns:
        ``np.random.default_rng(seed)``: pass it explicitly to code that needs randomness
        instead of relying on global state.
    """
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return np.random.default_rng(seed)


def reset_seeded(env: gym.Env, seed: int) -> tuple[Any, dict]:
    """Reset ``env`` with ``seed`` and seed its action and observation spaces too.

    ``env.reset(seed=...)`` seeds the dynamics only; ``env.action_space.sample()`` has its
    own generator, which must be seeded separately for a random agent to be reproducible.

    Returns:
        ``(observation, info)`` exactly as ``env.reset`` returns them.
    """
    env.action_space.seed(seed)
    env.observation_space.seed(seed)
    return env.reset(seed=seed)
