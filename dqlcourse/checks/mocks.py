"""Mocks the checks share: networks and batches whose every number is known.

:class:`TableQ` is a Q-network that is a table (so a check can compute by hand what a loss, a
target or a gradient must be), :func:`one_hot` and :func:`table_batch` make the observations
and the :class:`~dqlcourse.dqn.Batch` it reads. Notebook 04's checks use them, the bookkeeping
checks of :mod:`dqlcourse.checks.training` and the tests of the helpers too.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dqlcourse.dqn import Batch


class TableQ(nn.Module):
    """A Q-network with known outputs: ``Q(one_hot(s)) = table[s]``.

    It is a linear layer without bias whose weight is ``table.T``, so its gradient with
    respect to ``table[s][a]`` is the gradient of the loss with respect to ``Q(s, a)``.
    ``grad_modes`` records, for every forward pass, whether autograd was recording.
    """

    def __init__(self, table: list[list[float]]):
        super().__init__()
        t = torch.tensor(table, dtype=torch.float32)
        self.linear = nn.Linear(t.shape[0], t.shape[1], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(t.T)
        self.grad_modes: list[bool] = []

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        self.grad_modes.append(torch.is_grad_enabled())
        return self.linear(obs)

    def table(self) -> list[list[float]]:
        return self.linear.weight.detach().T.tolist()

    def table_grad(self) -> list[list[float]] | None:
        g = self.linear.weight.grad
        return None if g is None else g.T.tolist()


class StackQ(TableQ):
    """A :class:`TableQ` that takes observations of another shape (a stack of frames, as in
    notebook 05): state ``s`` is :func:`stacked` ``(s, shape)``, and ``forward`` refuses a batch
    that is not ``(B, *shape)``, saying what it got (a flattened observation, say)."""

    def __init__(self, table: list[list[float]], shape: tuple[int, ...]):
        super().__init__(table)
        self.shape = tuple(shape)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        if tuple(obs.shape[1:]) != self.shape:
            raise ValueError(f"the network takes a batch of observations of shape (B, "
                             f"{', '.join(map(str, self.shape))}); it was given "
                             f"{tuple(obs.shape)}")
        return super().forward(obs.flatten(1)[:, :self.linear.in_features])


def stacked(s: int, n_states: int, shape: tuple[int, ...]) -> np.ndarray:
    """The observation of state ``s`` for a :class:`StackQ`: a one-hot vector of its
    ``prod(shape)`` entries (``n_states`` of them used), in ``shape``."""
    out = np.zeros(int(np.prod(shape)), dtype=np.float32)
    out[s] = 1.0
    return out.reshape(shape)


def one_hot(ids: list[int], n: int) -> np.ndarray:
    out = np.zeros((len(ids), n), dtype=np.float32)
    out[np.arange(len(ids)), ids] = 1.0
    return out


def table_batch(spec: dict, n_states: int) -> Batch:
    """A :class:`Batch` of one-hot observations from ``{"s", "a", "r", "s2", "term", "trunc"}``."""
    f32 = torch.float32
    n = len(spec["s"])
    return Batch(torch.from_numpy(one_hot(spec["s"], n_states)),
                 torch.tensor(spec["a"], dtype=torch.int64),
                 torch.tensor(spec["r"], dtype=f32),
                 torch.from_numpy(one_hot(spec["s2"], n_states)),
                 torch.tensor(spec.get("term", [0] * n), dtype=f32),
                 torch.tensor(spec.get("trunc", [0] * n), dtype=f32))
