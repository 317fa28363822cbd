"""Visible checks of notebook 04 (deep Q-learning), and the adapters they call.

Most checks run the student's code on *mock networks whose outputs are known*: a
:class:`TableQ` takes one-hot observations of state ids and returns a fixed table of
Q-values, so targets, losses and gradients can be computed by hand. Others check properties
(replay-buffer eviction and uniform sampling, over many seeded samples), metamorphic
relations (flipping ``terminated`` changes a target, flipping ``truncated`` does not), and
behaviour (the whole agent learns a tiny deterministic environment, and CartPole-v1).

Hidden checks of this notebook live only in ``solutions/04_dqn.ipynb``.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch
from torch import nn

from dqlcourse.checks.core import EQUAL, Case, Check, Compare, plain_draws
from dqlcourse.checks.evaluation import KEY, Derived, Replayed, play
from dqlcourse.checks.mocks import StackQ, TableQ, one_hot, stacked, table_batch
from dqlcourse.checks.training import call_train_trace
from dqlcourse.dqn import CARTPOLE_CONFIG, Batch, DQNConfig, EVAL_SEEDS, evaluate_greedy, training_curve
from dqlcourse.envs import make
from dqlcourse.notebook import quick_mode
from dqlcourse.testenvs import Corridor, StayOrLeave

def _flip(spec: dict, key: str, i: int) -> dict:
    out = {k: list(v) for k, v in spec.items()}
    n = len(out["s"])
    out.setdefault(key, [0] * n)
    out[key][i] = 1 - out[key][i]
    return out


# --------------------------------------------------------------------------- adapters


def call_q_network(cls: Callable, case: Case) -> dict:
    """Build ``make_q_network(obs_dim, n_actions, hidden)``; report its layers and its outputs
    on a fixed batch ``x``: as built, and, with every bias set to zero, on ``x``, ``2 x`` and
    ``-x`` (:func:`q_network_facts` compares them on the judging side)."""
    k = dict(case.kwargs)
    torch.manual_seed(k.get("seed", 0))
    net = cls(k["obs_dim"], k["n_actions"], tuple(k["hidden"]))
    if not isinstance(net, nn.Module):
        raise TypeError("make_q_network must return a torch.nn.Module (e.g. nn.Sequential)")
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    x = probe_batch(k["obs_dim"])
    with torch.no_grad():
        out = net(x)
        layers = [[m.weight.tolist(), None if m.bias is None else m.bias.tolist()]
                  for m in linears]
        for m in linears:
            if m.bias is not None:
                m.bias.zero_()
        unbiased = {"x": net(x).tolist(), "2x": net(2 * x).tolist(), "-x": net(-x).tolist()}
    return {"linear_shapes": [[m.in_features, m.out_features] for m in linears],
            "output_shape": list(out.shape), "dtype": str(out.dtype), "output": out.tolist(),
            "unbiased": unbiased, "n_parameters": sum(p.numel() for p in net.parameters()),
            "layers": layers}


def probe_batch(obs_dim: int) -> torch.Tensor:
    """The fixed batch of 64 observations :func:`call_q_network` feeds the network."""
    return torch.randn(64, obs_dim, generator=torch.Generator().manual_seed(1))


def spec_forward(layers: list, x: torch.Tensor) -> np.ndarray:
    """The text's network on ``x`` with the observed ``layers`` (``[weight, bias]`` of each
    ``nn.Linear``, in order): a ReLU after every layer but the last, nothing after it."""
    h = x.double()
    for i, (weight, bias) in enumerate(layers):
        h = h @ torch.tensor(weight, dtype=torch.float64).T
        if bias is not None:
            h = h + torch.tensor(bias, dtype=torch.float64)
        if i < len(layers) - 1:
            h = torch.relu(h)
    return h.numpy()


def _close(a: Any, b: Any, atol: float) -> bool:
    """Whether two observed arrays (plain data) have one shape and equal values within ``atol``."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=atol))


def q_network_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_q_network` observed, judged here: whether some Q-value is negative (no
    activation after the last layer), whether the network without biases is positively
    homogeneous (``f(2x) = 2 f(x)``: ReLU-like activations), whether it is not odd
    (``f(-x) != -f(x)``: some non-linearity) and whether its outputs are the text's forward
    pass (:func:`spec_forward`) with its own weights (a ReLU after each hidden layer)."""
    f = seen["unbiased"]
    try:
        spec = spec_forward(seen["layers"], probe_batch(case.kwargs["obs_dim"]))
        as_specified = bool(seen["layers"]) and _close(seen["output"], spec, 1e-4)
    except (TypeError, ValueError, RuntimeError, IndexError):  # layers that do not chain
        as_specified = False
    return {**{key: seen[key] for key in ("linear_shapes", "output_shape", "dtype", "n_parameters")},
            "can_be_negative": bool((np.asarray(seen["output"], dtype=np.float64) < 0).any()),
            "relu_like": _close(f["2x"], 2 * np.asarray(f["x"], dtype=np.float64), 1e-5),
            "nonlinear": not _close(f["-x"], -np.asarray(f["x"], dtype=np.float64), 1e-5),
            "forward_as_specified": as_specified}


call_q_network.measured = Derived(q_network_facts)


def _transition(i: int, obs_dim: int) -> tuple:
    """Transition number ``i``: every field is a function of ``i``, so rows can be told apart."""
    obs = np.full(obs_dim, float(i), dtype=np.float32)
    obs[0] = i + 0.5
    return (obs, i % 3, 10.0 * i, obs + 100.0, i % 4 == 1, i % 4 == 2)


_FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")


def _arrays(batch: Any) -> list[np.ndarray]:
    """The six fields of a sampled batch as numpy arrays (2-D for observations)."""
    arrays = []
    for f in _FIELDS:
        value = getattr(batch, f, None)
        if value is None:
            raise TypeError(f"sample() must return a Batch with a field {f!r}")
        value = value.detach().cpu().numpy() if hasattr(value, "detach") else np.asarray(value)
        arrays.append(np.asarray(value, dtype=np.float64))
    return arrays


def _rows(batches: list) -> dict:
    """The rows of sampled batches as plain data, field by field (observations flattened to one
    list per row): what an adapter reports of a sample, for :func:`transition_ids`."""
    out: dict[str, list] = {f: [] for f in _FIELDS}
    for batch in batches:
        arrays = _arrays(batch)
        for f, a in zip(_FIELDS, arrays):
            out[f] += (a.reshape(len(a), -1) if f in ("obs", "next_obs") else a.reshape(-1)).tolist()
    return out


def transition_ids(rows: Any) -> np.ndarray:
    """For each sampled row (untrusted plain data from :func:`_rows`), the index ``i`` it was
    made from, or -1 if its fields do not belong to one stored transition (see
    :func:`_transition`). Computed on the judging side."""
    obs, actions, rewards, next_obs, term, trunc = (np.asarray(rows[f], dtype=np.float64)
                                                    for f in _FIELDS)
    n = len(obs)
    if obs.ndim != 2 or next_obs.shape != obs.shape or any(
            a.shape != (n,) for a in (actions, rewards, term, trunc)):
        raise ValueError("the sampled fields do not have one row per transition")
    i = np.round(obs[:, 0] - 0.5) if n else np.zeros(0)
    expected_obs = np.repeat(i[:, None], obs.shape[1], axis=1)
    expected_obs[:, 0] += 0.5
    ok = (np.isclose(obs, expected_obs).all(axis=1) & (actions == i % 3)
          & np.isclose(rewards, 10.0 * i) & np.isclose(next_obs, expected_obs + 100).all(axis=1)
          & (term == (i % 4 == 1)) & (trunc == (i % 4 == 2)))
    return np.where(ok, i, -1).astype(int)


def _field_types(batch: Any, names: tuple[str, ...]) -> dict:
    fields = {}
    for f in names:
        value = getattr(batch, f, None)
        fields[f] = ([list(value.shape), str(value.dtype)] if isinstance(value, torch.Tensor)
                     else ["not a tensor", type(value).__name__])
    return fields


def call_buffer(cls: Callable, case: Case) -> dict:
    """Fill ``ReplayBuffer(capacity, obs_dim, seed)`` with ``n_add`` transitions, then sample.

    Reports the length, the batch's shapes and dtypes, and the rows of ``draws`` more samples
    (:func:`_rows`); :func:`buffer_facts` reads them on the judging side.
    """
    k = dict(case.kwargs)
    obs_dim, batch_size = k.get("obs_dim", 3), k.get("batch_size", 32)
    buf = cls(k["capacity"], obs_dim, seed=k.get("seed", 0))
    for i in range(k["n_add"]):
        buf.add(*_transition(i, obs_dim))
    fields = _field_types(buf.sample(batch_size), _FIELDS)
    rows = _rows([buf.sample(batch_size) for _ in range(k.get("draws", 1))])
    return {"len": len(buf), "fields": fields, "rows": rows}


def buffer_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_buffer` observed, judged here: the transition of every sampled row
    (``"draws"``: its index ``i``, or -1 for a row that is not one stored transition; a
    ``"uniform"`` comparison counts them, :func:`stored_draws`), which transitions can still be
    sampled, and whether every row is a stored transition (fields not mixed up)."""
    ids = transition_ids(seen["rows"])
    return {"len": seen["len"], "fields": seen["fields"], "draws": ids.tolist(),
            "sampled_ids": sorted({int(i) for i in ids if i >= 0}),
            "rows_consistent": bool((ids >= 0).all())}


call_buffer.measured = Derived(buffer_facts)


def stored_draws(capacity: int, n_add: int, batch_size: int, draws: int) -> Compare:
    """The comparison of the rows :func:`call_buffer` samples (``draws`` batches of
    ``batch_size``) with the probabilities a case expects of the transitions still stored
    after ``n_add`` additions: the last ``capacity`` of them."""
    return Compare("uniform", categories=tuple(range(max(0, n_add - capacity), n_add)),
                   draws=batch_size * draws, label="transition")


def call_buffer_frames(cls: Callable, case: Case) -> dict:
    """``ReplayBuffer(capacity, obs_shape, seed, dtype)`` with observations of a given shape and
    dtype (frames in notebook 05): transition ``i`` is a frame of ``2 i`` everywhere, reward
    ``i`` and a next frame of ``2 i + 1``. Reports the batch's observation shapes and dtypes and
    its rows (:func:`frame_rows_facts` reads them on the judging side)."""
    k = dict(case.kwargs)
    shape, dtype = tuple(k["obs_shape"]), np.dtype(k["dtype"])
    buf = cls(k["capacity"], shape, seed=0, dtype=dtype.type)
    for i in range(k["n_add"]):
        obs = np.full(shape, 2 * i, dtype=dtype)
        buf.add(obs, i % 2, float(i), obs + 1, False, False)
    batch = buf.sample(k["batch_size"])
    out = _field_types(batch, ("obs", "next_obs"))
    out["rows"] = {f: np.asarray(getattr(batch, f).detach().cpu().double()).reshape(
        k["batch_size"], -1).tolist() for f in ("obs", "next_obs")}
    out["rows"]["rewards"] = batch.rewards.detach().cpu().double().reshape(-1).tolist()
    return out


def frame_rows_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_buffer_frames` observed, judged here: whether every sampled row is one
    stored transition with its values intact (a frame of one value ``2 i``, its next frame
    ``2 i + 1``, its reward ``i``)."""
    rows = seen["rows"]
    obs, nxt = (np.asarray(rows[f], dtype=np.float64) for f in ("obs", "next_obs"))
    rewards = np.asarray(rows["rewards"], dtype=np.float64)
    n = case.kwargs["batch_size"]
    consistent = (obs.shape == nxt.shape and obs.ndim == 2 and len(obs) == n
                  and rewards.shape == (n,))
    if consistent:
        i = obs[:, 0] / 2
        consistent = bool((obs == 2 * i[:, None]).all() and (nxt == obs + 1).all()
                          and np.allclose(rewards, i))
    return {"obs": seen["obs"], "next_obs": seen["next_obs"], "rows_consistent": consistent}


call_buffer_frames.measured = Derived(frame_rows_facts)


def call_buffer_aliasing(cls: Callable, case: Case) -> dict:
    """Add transitions, then overwrite the caller's arrays in place: stored data must not move."""
    k = dict(case.kwargs)
    buf = cls(k["capacity"], 2, seed=0)
    obs = np.array([1.0, 2.0], dtype=np.float32)
    next_obs = np.array([3.0, 4.0], dtype=np.float32)
    for _ in range(k["n_add"]):
        buf.add(obs, 1, 1.0, next_obs, False, False)
        obs[:] = -7.0  # a loop that reuses its arrays
        next_obs[:] = -7.0
        obs[:] = [1.0, 2.0]
        next_obs[:] = [3.0, 4.0]
    obs[:] = -7.0
    next_obs[:] = -7.0
    batch = buf.sample(16)
    return {"obs": np.asarray(batch.obs).tolist()[0], "next_obs": np.asarray(batch.next_obs).tolist()[0]}


def call_buffer_reused(cls: Callable, case: Case) -> dict:
    """Add ``n_add`` transitions whose observations the caller writes, in place, into the same
    two arrays every time (as an environment that reuses its buffers does), then sample:
    reports the rows of ``draws`` samples (judged by :func:`sampled_facts`)."""
    k = dict(case.kwargs)
    obs_dim = k.get("obs_dim", 3)
    buf = cls(k["capacity"], obs_dim, seed=0)
    obs, next_obs = np.zeros(obs_dim, dtype=np.float32), np.zeros(obs_dim, dtype=np.float32)
    for i in range(k["n_add"]):
        o, a, r, o2, term, trunc = _transition(i, obs_dim)
        obs[:], next_obs[:] = o, o2
        buf.add(obs, a, r, next_obs, term, trunc)
    obs[:], next_obs[:] = -1.0, -1.0
    return {"rows": _rows([buf.sample(k.get("batch_size", 64)) for _ in range(k.get("draws", 1))])}


def sampled_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_buffer_reused` observed, judged here: which transitions come out, and
    whether every row is one stored transition."""
    ids = transition_ids(seen["rows"])
    return {"sampled_ids": sorted({int(i) for i in ids if i >= 0}),
            "rows_consistent": bool((ids >= 0).all())}


call_buffer_reused.measured = Derived(sampled_facts)


def call_buffer_seeding(cls: Callable, case: Case) -> dict:
    """Three buffers of the same 100 transitions, seeded 1, 1 and 2: the rows of one sample of
    each; then two more buffers seeded 3, both built before either samples, sampled in turn
    twice (``alternating``: first, second, first, second). :func:`seeding_facts` compares them
    on the judging side."""
    def filled(seed: int) -> Any:
        buf = cls(100, 2, seed=seed)
        for i in range(100):
            buf.add(*_transition(i, 2))
        return buf

    rows = [_rows([filled(seed).sample(32)]) for seed in (1, 1, 2)]
    first, second = filled(3), filled(3)
    alternating = [_rows([buf.sample(32)]) for buf in (first, second, first, second)]
    return {"rows": rows, "alternating": alternating}


def seeding_facts(case: Case, seen: dict) -> dict:
    """Two buffers with the same seed sample the same rows; a different seed other rows; and
    each buffer draws from a generator of its own (two buffers with one seed, sampled in turn,
    still agree: not numpy's global generator, nor one shared by all buffers)."""
    a, b, c = (transition_ids(rows).tolist() for rows in seen["rows"][:3])
    turns = [transition_ids(rows).tolist() for rows in seen["alternating"][:4]]
    return {"same_seed_same_rows": a == b, "other_seed_other_rows": a != c,
            "own_generator": len(turns) == 4 and turns[0] == turns[1] and turns[2] == turns[3]}


call_buffer_seeding.measured = Derived(seeding_facts)


def call_epsilon_greedy(fn: Callable, case: Case) -> dict:
    """Call ``epsilon_greedy(q_net, obs, epsilon, n_actions, rng)`` many times on a TableQ (a
    :class:`~dqlcourse.checks.mocks.StackQ` of observations of shape ``obs_shape``, if given),
    with observations of dtype ``obs_dtype`` (default float32; the network takes float32).

    Reports, with ``states`` (one call per state), the actions, the names of their types and,
    for every forward pass of the network, whether autograd was recording; with ``draws``,
    every action of ``draws`` calls in ``state``, as plain data; with ``stream``, one call per
    state of ``states``, twice with the same seed while the global ``np.random`` is seeded
    differently each time: each run's actions and the next ``rng.random()`` after it.
    :func:`epsilon_greedy_facts` judges them on the judging side.
    """
    k = dict(case.kwargs)
    n_states, n_actions = len(k["table"]), len(k["table"][0])
    shape = tuple(k.get("obs_shape", ()))

    def network() -> TableQ:
        return StackQ(k["table"], shape) if shape else TableQ(k["table"])

    def observe(s: int) -> np.ndarray:
        obs = stacked(s, n_states, shape) if shape else one_hot([s], n_states)[0]
        return obs.astype(k.get("obs_dtype", "float32"))

    if k.get("stream"):
        saved = np.random.get_state()
        runs = []
        try:
            for global_seed in (11, 12):
                np.random.seed(global_seed)
                net, rng = network(), np.random.default_rng(k["seed"])
                actions = [int(fn(net, observe(s), k["epsilon"], n_actions, rng))
                           for s in k["states"]]
                runs.append([actions, float(rng.random())])
        finally:
            np.random.set_state(saved)
        return {"runs": runs}
    net = network()
    rng = np.random.default_rng(k.get("seed", 0))
    out: dict[str, Any] = {}
    if "states" in k:
        actions = [fn(net, observe(s), k["epsilon"], n_actions, rng) for s in k["states"]]
        out["actions"] = [int(a) for a in actions]
        out["types"] = [type(a).__name__ for a in actions]
        out["grad_modes"] = [bool(g) for g in net.grad_modes]
    if "draws" in k:
        obs = observe(k["state"])
        out["draws"] = plain_draws(fn(net, obs, k["epsilon"], n_actions, rng)
                                   for _ in range(k["draws"]))
    return out


#: The names of the types that are integers (Python's, numpy's): an action the text accepts.
INTEGER_TYPES = frozenset({"int", "int8", "int16", "int32", "int64", "uint8", "uint16",
                           "uint32", "uint64", "intc", "intp", "longlong", "ulonglong"})


def epsilon_greedy_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_epsilon_greedy` observed, judged here: whether the actions are integers,
    whether no forward pass recorded a graph, and, for ``stream``, whether the two runs agree
    and both make the text's draws, compared with a twin generator made here:
    ``rng.random()`` every call, then ``rng.integers(n_actions)`` when it is below epsilon, else
    the greedy action; the same actions and the same next ``rng.random()`` afterwards."""
    k = case.kwargs
    if k.get("stream"):
        runs = seen["runs"]
        twin = np.random.default_rng(k["seed"])
        text = [int(twin.integers(len(k["table"][0]))) if twin.random() < k["epsilon"]
                else int(np.argmax(k["table"][s])) for s in k["states"]]
        text_run = [text, float(twin.random())]
        return {"reproducible": len(runs) == 2 and runs[0] == runs[1],
                "draws_as_the_text_says": len(runs) == 2 and all(r == text_run for r in runs)}
    out = {key: seen[key] for key in ("actions", "draws") if key in seen}
    if "types" in seen:
        out["ints"] = all(t in INTEGER_TYPES for t in seen["types"])
        out["no_grad"] = not any(seen["grad_modes"])
    return out


call_epsilon_greedy.measured = Derived(epsilon_greedy_facts)

def _nets(k: dict) -> tuple[TableQ, TableQ, Batch]:
    q = TableQ(k["q"]) if "q" in k else TableQ(k["target"])
    target = TableQ(k["target"])
    return q, target, table_batch(k["batch"], len(k["target"]))


def call_targets(fn: Callable, case: Case) -> dict:
    """Call ``td_targets(target_net, batch, gamma)`` on TableQ networks.

    Reports the targets, whether they carry a gradient, and, metamorphically, the targets after
    flipping each transition's ``terminated`` (or ``truncated``) flag, one batch per flip
    (:func:`targets_facts` compares them with the first targets on the judging side).
    """
    k = dict(case.kwargs)
    q, target, batch = _nets(k)
    args = (target, batch, k["gamma"]) if not k.get("double") else (q, target, batch, k["gamma"])
    y = fn(*args)
    out = {"targets": y.detach().tolist() if isinstance(y, torch.Tensor) else y,
           "requires_grad": bool(getattr(y, "requires_grad", False))}
    if k.get("metamorphic"):
        flipped = {}
        for key in ("term", "trunc"):
            runs = []
            for i in range(len(k["batch"]["s"])):
                b = table_batch(_flip(k["batch"], key, i), len(k["target"]))
                args2 = (target, b, k["gamma"]) if not k.get("double") else (q, target, b, k["gamma"])
                runs.append(torch.as_tensor(fn(*args2)).detach().double().reshape(-1).tolist())
            flipped[key] = runs
        out["flipped"] = flipped
    return out


def targets_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_targets` observed, judged here: for each transition, whether flipping
    its ``terminated`` (``truncated``) flag changed its own target."""
    out = {key: seen[key] for key in ("targets", "requires_grad")}
    if "flipped" in seen:
        base = np.asarray(seen["targets"], dtype=np.float64).reshape(-1)
        for key, name in (("term", "terminated"), ("trunc", "truncated")):
            out[f"{name}_flip_changes_target"] = [
                not math.isclose(float(np.asarray(y, dtype=np.float64).reshape(-1)[i]),
                                 float(base[i]), abs_tol=1e-6)
                for i, y in enumerate(seen["flipped"][key])]
    return out


call_targets.measured = Derived(targets_facts)

class given_double_targets:  # noqa: N801 - used as a context manager
    """``with given_double_targets(fn, q, target, values):`` makes the name ``double_dqn_targets``
    in ``fn``'s module (the student's notebook) a stand-in that returns ``values`` (the case's
    hand-computed double-DQN targets) when called as ``double_dqn_targets(q, target, batch,
    gamma)``, so that ``dqn_loss(..., double=True)`` and ``optimize_step(..., double=True)``
    are checked on their own: in notebook order section 10 is not written yet, and a mistake in
    the student's ``double_dqn_targets`` costs points in its own check only. Called with the
    networks the other way round, it returns values 100 too large. The name is restored after.
    """

    _MISSING = object()

    def __init__(self, fn: Callable, q: nn.Module, target: nn.Module, values: list[float]):
        self.namespace = getattr(fn, "__globals__", None)
        self.q, self.target, self.values = q, target, values

    def __call__(self, q_net: Any, target_net: Any, batch: Any, gamma: Any) -> torch.Tensor:
        y = torch.tensor(self.values, dtype=torch.float32)
        return y if (q_net is self.q and target_net is self.target) else y + 100.0

    def __enter__(self) -> given_double_targets:
        if self.namespace is not None:
            self.saved = self.namespace.get("double_dqn_targets", self._MISSING)
            self.namespace["double_dqn_targets"] = self
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.namespace is None:
            return
        if self.saved is self._MISSING:
            self.namespace.pop("double_dqn_targets", None)
        else:
            self.namespace["double_dqn_targets"] = self.saved


def call_loss(fn: Callable, case: Case) -> dict:
    """Call ``dqn_loss(q_net, target_net, batch, gamma)``, then ``backward()``.

    Reports the loss, the gradients on the online and on the target table, and
    (metamorphic) the loss after changing each transition's action, one at a time
    (:func:`loss_facts` judges them on the judging side).
    """
    k = dict(case.kwargs)
    q, target, batch = _nets(k)
    if "double_targets" in k:  # dqn_loss(..., double=True), see given_double_targets
        with given_double_targets(fn, q, target, k["double_targets"]):
            loss = fn(q, target, batch, k["gamma"], double=True)
    else:
        loss = fn(q, target, batch, k["gamma"])
    if not isinstance(loss, torch.Tensor) or loss.dim() != 0:
        raise TypeError("dqn_loss must return a scalar tensor (0-dimensional), "
                        f"got {type(loss).__name__} {getattr(loss, 'shape', '')}")
    loss.backward()
    out = {"loss": float(loss.detach()), "q_grad": q.table_grad(),
           "target_grad": target.table_grad()}
    if k.get("metamorphic"):
        n_actions = len(k["target"][0])
        losses = []
        for i in range(len(k["batch"]["s"])):
            spec = {kk: list(v) for kk, v in k["batch"].items()}
            spec["a"][i] = (spec["a"][i] + 1) % n_actions
            q2, t2, b2 = TableQ(k["q"]), TableQ(k["target"]), table_batch(spec, len(k["target"]))
            losses.append(float(fn(q2, t2, b2, k["gamma"]).detach()))
        out["losses_other_action"] = losses
    return out


def loss_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_loss` observed, judged here: whether the target network received a
    gradient, and whether changing each transition's action changed the loss."""
    grad = seen["target_grad"]
    out = {"loss": seen["loss"], "q_grad": seen["q_grad"],
           "target_net_gets_gradient": grad is not None and bool(
               (np.abs(np.asarray(grad, dtype=np.float64)) > 0).any())}
    if "losses_other_action" in seen:
        out["loss_changes_with_action"] = [
            not math.isclose(float(v), float(seen["loss"]), abs_tol=1e-7)
            for v in seen["losses_other_action"]]
    return out


call_loss.measured = Derived(loss_facts)


def _linear(weight: list, bias: list) -> nn.Linear:
    layer = nn.Linear(len(weight[0]), len(weight))
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight))
        layer.bias.copy_(torch.tensor(bias))
    return layer


def _params(net: nn.Module) -> dict:
    layer = net[0]
    return {"weight": layer.weight.detach().tolist(), "bias": layer.bias.detach().tolist()}


def call_update(fn: Callable, case: Case) -> dict:
    """Call ``hard_update(target, online)`` or ``soft_update(target, online, tau)`` on two
    small networks with known weights; then change the online network in place.

    Reports the target's parameters after the update, the online network's after it, the
    target's once the online network has changed, and whether the target's parameters still
    require gradients (:func:`update_facts` compares them on the judging side).
    """
    k = dict(case.kwargs)
    online = nn.Sequential(_linear(*k["online"]))
    target = nn.Sequential(_linear(*k["target"]))
    if "tau" in k:
        fn(target, online, k["tau"])
    else:
        fn(target, online)
    after, online_after = _params(target), _params(online)
    with torch.no_grad():
        for p in online.parameters():
            p.add_(1000.0)
    return {"target": after, "online_after": online_after, "target_later": _params(target),
            "target_requires_grad": all(p.requires_grad for p in target.parameters())}


def update_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_update` observed, judged here: whether the online network was left
    alone (its parameters are the case's, as float32) and whether the target stays put when the
    online network changes afterwards."""
    weight, bias = case.kwargs["online"]
    online = {"weight": np.float32(weight).tolist(), "bias": np.float32(bias).tolist()}
    return {"target": seen["target"], "online_unchanged": seen["online_after"] == online,
            "target_independent": seen["target_later"] == seen["target"],
            "target_requires_grad": seen["target_requires_grad"]}


call_update.measured = Derived(update_facts)


def call_optimize(fn: Callable, case: Case) -> dict:
    """Call ``optimize_step(q_net, target_net, optimizer, batch, gamma, max_grad_norm)``
    ``steps`` times with plain SGD on TableQ networks; report the losses, the names of their
    types (a Python float is asked: ``loss.item()``, not the tensor) and the tables. With
    ``double_targets``: ``double=True``, with :class:`given_double_targets`."""
    k = dict(case.kwargs)
    q, target, batch = _nets(k)
    optimizer = torch.optim.SGD(q.parameters(), lr=k["lr"])
    if "double_targets" in k:  # optimize_step(..., double=True), see given_double_targets
        with given_double_targets(fn, q, target, k["double_targets"]):
            losses = [fn(q, target, optimizer, batch, k["gamma"], k["max_grad_norm"], double=True)
                      for _ in range(k.get("steps", 1))]
    else:
        losses = [fn(q, target, optimizer, batch, k["gamma"], k["max_grad_norm"])
                  for _ in range(k.get("steps", 1))]
    return {"losses": [float(v) for v in losses], "q_after": q.table(),
            "target_after": target.table(), "loss_types": [type(v).__name__ for v in losses]}


def optimize_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_optimize` observed, judged here: whether every loss is a Python float."""
    return {"losses": seen["losses"], "q_after": seen["q_after"],
            "target_after": seen["target_after"],
            "losses_are_python_floats": all(t in ("float", "float64") for t in seen["loss_types"])}


call_optimize.measured = Derived(optimize_facts)

#: Environments the behavioural checks can ask for, by name (cases stay plain data):
#: ``(make the training env, make the evaluation env)``.
ENVS: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
    "corridor": (lambda: Corridor(length=6, time_limit=50),) * 2,
    # Every training episode is cut after one step; the evaluation episodes last 20 steps.
    "stay_or_leave": (lambda: StayOrLeave(leave_reward=4.0, time_limit=1),
                      lambda: StayOrLeave(leave_reward=4.0, time_limit=20)),
    "CartPole-v1": (lambda: make("CartPole-v1"),) * 2,
}


def train_settings(kwargs: dict, quick: bool | None = None) -> tuple[dict, list[int]]:
    """``(config fields, training seeds)`` of a behavioural case's kwargs, with the ``quick``
    overrides applied in quick mode (``quick``; default: ``DQL_QUICK=1``). The threshold is the
    case's expected value (its ``expected_quick`` in quick mode:
    :meth:`~dqlcourse.checks.core.Case.expected_for`)."""
    config_kwargs, seeds = dict(kwargs["config"]), list(kwargs["seeds"])
    if (quick_mode() if quick is None else quick) and "quick" in kwargs:
        q = dict(kwargs["quick"])
        config_kwargs.update(q.get("config", {}))
        seeds = list(q.get("seeds", seeds))
    return config_kwargs, seeds


def greedy_means(fn: Callable, env: str, config_kwargs: dict, seeds: list[int],
                 eval_episodes: int = 1, curves: list | None = None) -> list[float]:
    """For each seed: train with ``fn(config, make_env)`` (``train_dqn``) on the environment
    named ``env`` (a key of :data:`ENVS`), one torch thread, then the greedy policy's mean return
    over the first ``eval_episodes`` evaluation seeds. ``curves``: receives each trained agent
    (its history holds the training returns). Also used by
    ``benchmarks/check_calibration.py`` to measure the checks' false-fail rates."""
    make_eval_env = ENVS[env][-1]
    means = []
    with one_thread():
        for agent in trained_agents(fn, env, config_kwargs, seeds):
            returns = evaluate_greedy(agent.q_net, make_eval_env, EVAL_SEEDS[:eval_episodes])
            means.append(float(np.mean(returns)))
            if curves is not None:
                curves.append(agent)
    return means


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Torch on one thread inside (training and evaluating as the checks were calibrated)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def trained_agents(fn: Callable, env: str, config_kwargs: dict, seeds: list[int]) -> list:
    """The agents ``fn(config, make_env)`` (``train_dqn``) trains on the environment named
    ``env`` (a key of :data:`ENVS`), one per seed."""
    return [fn(DQNConfig(**{**config_kwargs, "seed": seed,
                            "hidden": tuple(config_kwargs.get("hidden", (64, 64)))}),
               ENVS[env][0]) for seed in seeds]


def call_train(fn: Callable, case: Case) -> dict:
    """Train with ``train_dqn(config, make_env)`` on each seed and hand over the trained
    networks to be measured where no student code runs (:mod:`dqlcourse.checks.evaluation`).

    Kwargs: ``env`` (a key of :data:`ENVS`), ``config`` (DQNConfig fields), ``seeds``,
    ``eval_episodes``, and optional ``quick`` overrides (config fields, seeds) used when
    ``DQL_QUICK=1``.

    Returns ``{"greedy return": {"actions": [...]}, "curve": ...}``: for each seed's trained
    network, the actions its greedy policy took in each evaluation episode (the judging side
    replays them and puts the mean greedy return over episodes and seeds in their place), and
    the first seed's training returns against environment steps, drawn in the feedback beside
    the threshold.

    The cases that check the loop's bookkeeping instead (which steps train, target updates,
    epsilons, config fields, seeding) name their own adapter,
    :func:`dqlcourse.checks.training.call_train_trace`.
    """
    config_kwargs, seeds = train_settings(case.kwargs)
    with one_thread():
        agents = trained_agents(fn, case.kwargs["env"], config_kwargs, seeds)
        played = [play(a.q_net, make_env, eval_seeds)
                  for a, (make_env, eval_seeds) in zip(agents, _train_plays(case, None))]
    return {KEY: {"actions": played}, "curve": training_curve(agents[0]) if agents else None}


def _train_plays(case: Case, quick: bool | None) -> list[tuple[Callable, list[int]]]:
    """Per network a :func:`call_train` case trains: its evaluation environment and seeds."""
    _, seeds = train_settings(case.kwargs, quick)
    make_eval_env = ENVS[case.kwargs["env"]][-1]
    return [(make_eval_env, list(EVAL_SEEDS[:case.kwargs.get("eval_episodes", 1)]))] * len(seeds)


call_train.measured = Replayed(_train_plays)  # the judge replays the reported plays


# --------------------------------------------------------------------------- visible checks

Q_NETWORK = Check(
    id="04.make_q_network",
    function="make_q_network",
    points=1,
    call=call_q_network,
    cases=(
        Case("CartPole sizes: 4 inputs, two hidden layers of 128, 2 actions",
             kwargs={"obs_dim": 4, "n_actions": 2, "hidden": [128, 128]},
             expected={"linear_shapes": [[4, 128], [128, 128], [128, 2]], "output_shape": [64, 2],
                       "n_parameters": 4 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2},
             compare=EQUAL,
             hint="Each layer's input size is the previous layer's output size (only the first takes obs_dim). " "One nn.Linear per hidden size, then a last nn.Linear to n_actions outputs; "
                  "the input is a batch (B, obs_dim), the output (B, n_actions)."),
        Case("ReLU between layers, none after the last one",
             kwargs={"obs_dim": 3, "n_actions": 4, "hidden": [16, 16]},
             expected={"can_be_negative": True, "relu_like": True, "nonlinear": True,
                       "dtype": "torch.float32", "forward_as_specified": True},
             compare=EQUAL,
             hint="Q-values can be negative: no activation after the output layer. Put a ReLU "
                  "after every hidden layer, the first one included (without one the network "
                  "is linear): Linear, ReLU, Linear, ReLU, Linear, nothing else in between."),
    ),
)

REPLAY_BUFFER = Check(
    id="04.ReplayBuffer",
    function="ReplayBuffer",
    points=1,
    call=call_buffer,
    cases=(
        Case("batch of 32 from 10 transitions: shapes and dtypes",
             kwargs={"capacity": 100, "n_add": 10, "obs_dim": 3, "batch_size": 32},
             expected={"len": 10, "fields": {
                 "obs": [[32, 3], "torch.float32"], "actions": [[32], "torch.int64"],
                 "rewards": [[32], "torch.float32"], "next_obs": [[32, 3], "torch.float32"],
                 "terminated": [[32], "torch.float32"], "truncated": [[32], "torch.float32"]}},
             compare=EQUAL,
             hint="sample() returns Batch(obs, actions, rewards, next_obs, terminated, "
                  "truncated) of tensors: float32 everywhere except int64 actions, one row per "
                  "sampled transition."),
        Case("every sampled row is one stored transition, terminated apart from truncated",
             kwargs={"capacity": 50, "n_add": 20, "obs_dim": 2, "batch_size": 64, "draws": 5},
             expected={"rows_consistent": True}, compare=EQUAL,
             hint="Use the same random indices for every field, and store terminated and "
                  "truncated in two separate arrays (not one 'done' flag). A sampled row "
                  "that was never added (all zeros) means the indices reach the empty part "
                  "of the arrays: draw them from 0 to len(self) - 1, not up to capacity - 1."),
        Case("capacity 3 after 5 additions: the 2 oldest are gone",
             kwargs={"capacity": 3, "n_add": 5, "batch_size": 64, "draws": 3},
             expected={"len": 3, "sampled_ids": [2, 3, 4]}, compare=EQUAL,
             hint="len(buffer) counts the transitions stored (at most the capacity), not the write position. " "When the buffer is full, overwrite the OLDEST transition (a ring buffer: "
                  "position = (position + 1) % capacity); len() never exceeds capacity."),
        Case("uniform sampling over the stored transitions",
             kwargs={"capacity": 5, "n_add": 8, "batch_size": 100, "draws": 40, "seed": 3},
             expected={"draws": [0.2] * 5},
             compare={"draws": stored_draws(capacity=5, n_add=8, batch_size=100, draws=40)},
             hint="Draw indices uniformly from 0 to len - 1 inclusive (rng.integers(0, size)), "
                  "with replacement, and never from the empty part of the arrays. A draw of -1 "
                  "is a row that is no stored transition at all (its fields mixed up or never "
                  "added: see the case of every sampled row)."),
        Case("uint8 frames: obs_shape (2, 3), dtype np.uint8",
             call=call_buffer_frames,
             kwargs={"capacity": 20, "n_add": 12, "obs_shape": [2, 3], "dtype": "uint8",
                     "batch_size": 8},
             expected={"obs": [[8, 2, 3], "torch.uint8"], "next_obs": [[8, 2, 3], "torch.uint8"],
                       "rows_consistent": True}, compare=EQUAL,
             hint="Observation arrays of shape (capacity, *obs_shape) (an int obs_shape means "
                  "(capacity, obs_shape)) and dtype=dtype; sample() keeps that dtype "
                  "(torch.from_numpy does)."),
    ),
)

REPLAY_BUFFER_COPIES = Check(
    id="04.ReplayBuffer.copies",
    function="ReplayBuffer",
    points=1,
    call=call_buffer_aliasing,
    cases=(
        Case("the caller overwrites its arrays after add()",
             kwargs={"capacity": 4, "n_add": 3},
             expected={"obs": [1.0, 2.0], "next_obs": [3.0, 4.0]}, compare=EQUAL,
             hint="Copy the values into the buffer (self.obs[i] = obs copies into a numpy "
                  "array); keeping a reference to the caller's array stores its later "
                  "contents. Zeros instead mean a sampled row was never added: draw indices "
                  "from the len(self) stored transitions, not the whole capacity."),
    ),
)

LINEAR_EPSILON = Check(
    id="04.linear_epsilon",
    function="linear_epsilon",
    points=1,
    cases=(
        Case("step 0 gives the start value", args=(0, 1.0, 0.05, 1000), expected=1.0,
             hint="epsilon = start at step 0."),
        Case("half-way", args=(500, 1.0, 0.0, 1000), expected=0.5,
             hint="Use true division, step / decay_steps: integer division // gives 0 until the very end. " "Interpolate linearly: start + (end - start) * step / decay_steps. "
                  "Divide by decay_steps itself, not decay_steps - 1: epsilon reaches end "
                  "exactly at step == decay_steps."),
        Case("after the decay it stays at the end value", args=(5000, 1.0, 0.05, 1000),
             expected=0.05, hint="Clip the fraction step / decay_steps at 1."),
        Case("a quarter of the way, from 0.9 to 0.1", args=(250, 0.9, 0.1, 1000), expected=0.7,
             hint="The decay ends at `end`, not at 0."),
    ),
)

_TABLE3 = [[1.0, 3.0, 2.0], [5.0, -1.0, 0.0], [-2.0, -3.0, -1.0], [0.0, 0.5, 0.25]]

EPSILON_GREEDY = Check(
    id="04.epsilon_greedy",
    function="epsilon_greedy",
    points=1,
    call=call_epsilon_greedy,
    cases=(
        Case("epsilon = 0: the greedy action in four states",
             kwargs={"table": _TABLE3, "states": [0, 1, 2, 3], "epsilon": 0.0},
             expected={"actions": [1, 0, 2, 1], "ints": True}, compare=EQUAL,
             hint="Greedy: argmax over the ACTIONS (dim=1 of the (1, n_actions) output); "
                  "return a Python int (int(...) or .item())."),
        Case("epsilon = 1: uniformly random",
             kwargs={"table": _TABLE3, "state": 0, "epsilon": 1.0, "draws": 3000, "seed": 1},
             expected={"draws": [1 / 3] * 3},
             compare={"draws": Compare("uniform", categories=3, draws=3000)},
             hint="With probability epsilon pick rng.integers(n_actions): every action, the "
                  "last one included, equally likely."),
        Case("epsilon = 0.3: greedy with probability 0.7 + 0.3 / 3",
             kwargs={"table": _TABLE3, "state": 1, "epsilon": 0.3, "draws": 4000, "seed": 2},
             expected={"draws": [0.8, 0.1, 0.1]},
             compare={"draws": Compare("uniform", categories=3, draws=4000)},
             hint="Explore when rng.random() < epsilon (not >); otherwise act greedily."),
        Case("a stack of frames (2, 3), as in notebook 05: the network gets a batch of one",
             kwargs={"table": _TABLE3, "states": [0, 1, 2, 3], "epsilon": 0.0,
                     "obs_shape": [2, 3]},
             expected={"actions": [1, 0, 2, 1]}, compare=EQUAL,
             hint="Add the batch dimension in front and keep the observation's shape: "
                  "torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0) gives (1, *obs.shape); "
                  "reshape(1, -1) flattens a stack of frames, which a convolutional network "
                  "cannot take."),
        Case("acting runs the network under torch.no_grad()",
             kwargs={"table": _TABLE3, "states": [0, 1, 2, 3], "epsilon": 0.0},
             expected={"no_grad": True}, compare=EQUAL,
             hint="Acting needs no gradient: call q_net inside `with torch.no_grad():`, otherwise "
                  "every step records an autograd graph for nothing."),
        Case("epsilon = 0.5, seed 7, 40 calls: the rng passed in is the only randomness, drawn as "
             "the text says",
             kwargs={"table": _TABLE3, "states": [0, 1, 2, 3, 1, 0, 2, 3] * 5, "epsilon": 0.5,
                     "seed": 7, "stream": True},
             # the same actions and the same next rng.random() whatever the global np.random
             expected={"reproducible": True, "draws_as_the_text_says": True}, compare=EQUAL,
             hint="Use only the rng argument, never np.random or random: rng.random() once per "
                  "call, then rng.integers(n_actions) only when exploring (not a random action "
                  "drawn every time before deciding), so a seeded run is reproducible."),
    ),
)

_T = [[1.0, 3.0], [2.0, -1.0], [0.0, 0.5]]
_B = {"s": [0, 1, 2, 0], "a": [0, 1, 0, 1], "r": [1.0, 0.0, -1.0, 2.0], "s2": [0, 1, 2, 0],
      "term": [0, 0, 0, 1], "trunc": [0, 1, 0, 0]}

#: The hint of a td_targets case whose targets are right but carry a gradient.
NO_GRAD_HINT = ("The values are right but the targets carry a gradient: compute them under "
                 "torch.no_grad() (or .detach() them), so the loss does not backpropagate into "
                 "the target network.")

TD_TARGETS = Check(
    id="04.td_targets",
    function="td_targets",
    points=2,
    call=call_targets,
    cases=(
        Case("hand-computed: r + gamma * max_a' Q_target(s', a'), 0 after a terminal state",
             kwargs={"target": _T, "batch": _B, "gamma": 0.5},
             # max_a' T[s'] = [3, 2, 0.5, 3]; y = r + 0.5 * (1 - term) * max
             expected={"targets": [2.5, 1.0, -0.75, 2.0], "requires_grad": False},
             compare={"targets": Compare("close", atol=1e-5), "requires_grad": EQUAL},
             key_hints={"requires_grad": NO_GRAD_HINT},
             hint="Discount only the bootstrap (r + gamma * max ..., not gamma * (r + ...)), take the max over dim=1 without keepdim (targets of shape (B,)), from target_net(batch.next_obs). " "Max over the actions (dim=1) of target_net(next_obs); multiply the bootstrap "
                  "term by (1 - terminated); compute it under torch.no_grad(). max(dim=1) returns "
                  "(values, indices): take .values (or [0]); [1] gives action numbers, not "
                  "Q-values."),
        Case("metamorphic: flipping terminated changes the target, flipping truncated does not",
             kwargs={"target": _T, "batch": _B, "gamma": 0.9, "metamorphic": True},
             expected={"terminated_flip_changes_target": [True] * 4,
                       "truncated_flip_changes_target": [False] * 4},
             compare=EQUAL,
             hint="Only `terminated` stops the bootstrap. A time limit (truncated) does not make "
                  "s' terminal: its future value still counts."),
    ),
)

_Q = [[0.0, 4.0], [1.5, 0.5], [0.0, -2.0]]

DQN_LOSS = Check(
    id="04.dqn_loss",
    function="dqn_loss",
    points=2,
    call=call_loss,
    cases=(
        Case("hand-computed Huber loss and its gradient",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5},
             # Q(s, a) = [0, 0.5, 0, 4]; targets [2.5, 1, -0.75, 2]; errors [-2.5, -0.5, 0.75, 2]
             # Huber: [2, 0.125, 0.28125, 1.5] -> mean 0.9765625
             # dL/dQ(s,a) = clip(error, -1, 1) / 4 = [-0.25, -0.125, 0.1875, 0.25]
             expected={"loss": 0.9765625,
                       "q_grad": [[-0.25, 0.25], [0.0, -0.125], [0.1875, 0.0]],
                       "target_net_gets_gradient": False},
             compare={"loss": Compare("close", atol=1e-5), "q_grad": Compare("close", atol=1e-5),
                      "target_net_gets_gradient": EQUAL},
             hint="Q(s, a) comes from q_net(batch.obs) (not the target network), gathered with the actions and squeezed to shape (B,): a (B, 1) prediction against (B,) targets broadcasts to (B, B). " "Q(s, a) = q_net(obs).gather(1, actions.unsqueeze(1)).squeeze(1); targets from "
                  "td_targets(target_net, ...) (the TARGET network, no gradient); "
                  "F.smooth_l1_loss (Huber), averaged over the batch."),
        Case("metamorphic: changing an action changes the loss",
             kwargs={"q": [[0.3, 4.0], [1.7, 0.5], [0.1, -2.0]], "target": _T, "batch": _B,
                     "gamma": 0.5, "metamorphic": True},
             expected={"loss_changes_with_action": [True] * 4}, compare=EQUAL,
             hint="The loss must use Q(s, a) of the action taken (gather), not max_a Q(s, a)."),
        Case("double=True: the targets come from double_dqn_targets",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5,
                     "double_targets": [2.5, 1.0, -1.0, 2.0]},
             # double_dqn_targets stands in with the hand-computed double-DQN targets (its own
             # check tests it); errors [-2.5, -0.5, 1, 2]: Huber [2, 0.125, 0.5, 1.5] -> 1.03125
             expected={"loss": 1.03125, "q_grad": [[-0.25, 0.25], [0.0, -0.125], [0.25, 0.0]]},
             compare=Compare("close", atol=1e-5),
             hint="With double=True use double_dqn_targets(q_net, target_net, batch, gamma) "
                  "instead of td_targets: ignoring the flag makes config.double_dqn do nothing."),
    ),
)

_ONLINE = [[[1.0, 2.0], [3.0, 4.0]], [0.5, -0.5]]
_TARGET = [[[0.0, 0.0], [-4.0, 8.0]], [1.5, 2.5]]

HARD_UPDATE = Check(
    id="04.hard_update",
    function="hard_update",
    points=1,
    call=call_update,
    cases=(
        Case("the target becomes a copy of the online network",
             kwargs={"online": _ONLINE, "target": _TARGET},
             expected={"target": {"weight": [[1.0, 2.0], [3.0, 4.0]], "bias": [0.5, -0.5]},
                       "online_unchanged": True,
                       "target_independent": True},
             compare={"target": Compare("close", atol=1e-6), "online_unchanged": EQUAL,
                      "target_independent": EQUAL},
             hint="Assigning target = q_net (or replacing entries of a list of its parameters) only rebinds names: copy the values into the target's own tensors, target.load_state_dict(q_net.state_dict()). " "Copy the values: target_net.load_state_dict(q_net.state_dict()). Do not make "
                  "the target share the online network's tensors, and copy in this direction."),
    ),
)

SOFT_UPDATE = Check(
    id="04.soft_update",
    function="soft_update",
    points=1,
    call=call_update,
    cases=(
        Case("tau = 0.25: target <- 0.25 * online + 0.75 * target",
             kwargs={"online": _ONLINE, "target": _TARGET, "tau": 0.25},
             expected={"target": {"weight": [[0.25, 0.5], [-2.25, 7.0]], "bias": [1.25, 1.75]},
                       "online_unchanged": True, "target_independent": True,
                       "target_requires_grad": True},
             compare={"target": Compare("close", atol=1e-6), "online_unchanged": EQUAL,
                      "target_independent": EQUAL, "target_requires_grad": EQUAL},
             hint="state_dict() returns a new dict: changing its entries leaves the network as it was; update the target's parameters in place (p_t.mul_(1 - tau).add_(tau * p)). " "tau weighs the ONLINE network: t = tau * p + (1 - tau) * t, in place on the "
                  "target's parameters (under torch.no_grad(), e.g. t.lerp_(p, tau))."),
        Case("tau = 1 is a hard copy",
             kwargs={"online": _ONLINE, "target": _TARGET, "tau": 1.0},
             expected={"target": {"weight": [[1.0, 2.0], [3.0, 4.0]], "bias": [0.5, -0.5]},
                       "target_independent": True},
             compare={"target": Compare("close", atol=1e-6), "target_independent": EQUAL},
             hint="With tau = 1 the target equals the online network, as values (not shared)."),
    ),
)

OPTIMIZE_STEP = Check(
    id="04.optimize_step",
    function="optimize_step",
    points=1,
    call=call_optimize,
    cases=(
        Case("one SGD step (lr 1), gradient norm below the clip",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "lr": 1.0,
                     "max_grad_norm": 10.0},
             # gradient as in the dqn_loss case; the new table is table - gradient
             expected={"losses": [0.9765625],
                       "q_after": [[0.25, 3.75], [1.5, 0.625], [-0.1875, -2.0]],
                       "target_after": _T},
             compare=Compare("close", atol=1e-5),
             hint="zero_grad, loss.backward(), clip, optimizer.step(); return loss.item() "
                  "(the loss before the step). The target network never changes here."),
        Case("the loss is returned as a Python float",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "lr": 1.0,
                     "max_grad_norm": 10.0},
             expected={"losses_are_python_floats": True}, compare=EQUAL,
             hint="Return loss.item(), not the loss tensor: a tensor kept in "
                  "agent.history.losses keeps its whole autograd graph alive."),
        Case("double=True is passed on to the loss",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "lr": 1.0,
                     "max_grad_norm": 10.0, "double_targets": [2.5, 1.0, -1.0, 2.0]},
             # double_dqn_targets stands in with the hand-computed double-DQN targets; the
             # gradient is the one of the dqn_loss double=True case
             expected={"losses": [1.03125], "q_after": [[0.25, 3.75], [1.5, 0.625], [-0.25, -2.0]]},
             compare=Compare("close", atol=1e-5),
             hint="Pass double on: dqn_loss(q_net, target_net, batch, gamma, double). Dropping "
                  "the flag silently trains vanilla DQN when config.double_dqn is True."),
        Case("the gradient norm is clipped to max_grad_norm",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "lr": 1.0,
                     "max_grad_norm": 0.1},
             # |grad| = sqrt(0.25^2 + 0.25^2 + 0.125^2 + 0.1875^2) = 0.419263; scale 0.238514
             expected={"q_after": [[0.0596285, 3.9403715], [1.5, 0.5298142], [-0.0447214, -2.0]]},
             compare=Compare("close", atol=1e-5),
             hint="torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_grad_norm) after "
                  "backward() and before step()."),
        Case("two steps in a row: gradients do not accumulate",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "lr": 1.0,
                     "max_grad_norm": 10.0, "steps": 2},
             # after step 1: errors [-2.25, -0.375, 0.5625, 1.75] -> Huber mean 0.807129;
             # gradient clip(error) / 4 = [-0.25, -0.09375, 0.140625, 0.25]
             expected={"losses": [0.9765625, 0.80712890625],
                       "q_after": [[0.5, 3.5], [1.5, 0.71875], [-0.328125, -2.0]]},
             compare=Compare("close", atol=1e-5),
             hint="Call optimizer.zero_grad() at every step, before backward()."),
    ),
)

#: The base configuration of the bookkeeping cases of train_dqn (the network, optimiser and
#: buffer are instruments, :mod:`dqlcourse.checks.training`): train at every step from the
#: first, never copy the target, explore at random; each case changes the fields it checks.
TRACE_CONFIG = {"lr": 1e-3, "gamma": 0.5, "batch_size": 2, "buffer_size": 100,
                "learning_starts": 1, "train_every": 1, "gradient_steps": 1,
                "target_update_every": 1000, "tau": 1.0, "eps_start": 1.0, "eps_end": 1.0,
                "eps_decay_steps": 10, "max_grad_norm": 10.0}

#: A configuration that learns the tiny environments in a few hundred steps.
FAST_CONFIG = {"hidden": [32], "lr": 1e-2, "batch_size": 32, "buffer_size": 5000,
               "learning_starts": 100, "train_every": 1, "target_update_every": 25,
               "eps_start": 1.0, "eps_end": 0.1, "eps_decay_steps": 250, "max_grad_norm": 10.0}

TRAIN_DQN = Check(
    id="04.train_dqn",
    function="train_dqn",
    points=2,
    call=call_train,
    timeout=120.0,
    cases=(
        Case("a 6-cell corridor (the forward action alternates with the cell): the greedy "
             "policy walks straight to the goal (return -5)",
             kwargs={"env": "corridor", "config": {**FAST_CONFIG, "gamma": 0.9, "total_steps": 400},
                     "seeds": [0], "eval_episodes": 1},
             expected={"greedy return": -5.0}, weight=5.0,
             compare={"greedy return": Compare("at_least", atol=1e-6, label="greedy return")},
             hint="Store each transition with the observation its action was taken in, then move "
                  "on (obs = next_obs, after add). Act with epsilon_greedy, store every "
                  "transition, train every train_every steps after learning_starts, "
                  "update the target network."),
        Case("stay or leave, every training episode cut by a time limit: the agent must stay "
             "(return 20 over 20 steps; leaving gives 4)",
             kwargs={"env": "stay_or_leave", "config": {**FAST_CONFIG, "gamma": 0.9, "total_steps": 300,
                                                        "eps_decay_steps": 200},
                     "seeds": [0], "eval_episodes": 1},
             expected={"greedy return": 20.0}, weight=5.0,
             compare={"greedy return": Compare("at_least", atol=1e-6, label="greedy return")},
             hint="Store terminated and truncated as the environment returns them: an agent that "
                  "stores `terminated or truncated` thinks staying ends the game and leaves."),
        # The bookkeeping cases below run a dozen steps with an instrumented agent
        # (dqlcourse/checks/training.py): the optimiser marks the online weights with the number
        # of gradient steps taken, the buffer always samples one known batch.
        Case("train_every = 3 (learning_starts = 3): gradient steps at environment steps 3, 6 "
             "and 9 only",
             call=call_train_trace,
             kwargs={"config": {**TRACE_CONFIG, "total_steps": 9, "learning_starts": 3,
                                "train_every": 3},
                     "report": ["losses_after_each_step"]},
             expected={"losses_after_each_step": [0, 0, 1, 1, 1, 2, 2, 2, 3]}, compare=EQUAL,
             hint="Train only every config.train_every environment steps (agent.steps % "
                  "config.train_every == 0, after agent.steps += 1), not at every step; the list "
                  "is len(agent.history.losses) after each environment step."),
        Case("gradient_steps = 3: three gradient steps (three losses) each time training happens",
             call=call_train_trace,
             kwargs={"config": {**TRACE_CONFIG, "total_steps": 6, "learning_starts": 2,
                                "train_every": 2, "gradient_steps": 3},
                     "report": ["losses_after_each_step", "samples_after_each_step"]},
             expected={"losses_after_each_step": [0, 3, 3, 6, 6, 9],
                       "samples_after_each_step": [0, 3, 3, 6, 6, 9]}, compare=EQUAL,
             hint="Each time training happens take config.gradient_steps gradient steps, each on "
                  "a fresh batch (agent.buffer.sample inside the loop, not one batch reused), "
                  "appending each loss to agent.history.losses: "
                  "for _ in range(config.gradient_steps): ..."),
        Case("learning_starts = 6 (batch_size = 2): training begins at step 6 itself, not at "
             "the first full batch",
             call=call_train_trace,
             kwargs={"config": {**TRACE_CONFIG, "total_steps": 10, "learning_starts": 6,
                                "train_every": 2},
                     "report": ["losses_after_each_step"]},
             expected={"losses_after_each_step": [0, 0, 0, 0, 0, 1, 1, 2, 2, 3]}, compare=EQUAL,
             hint="Train once len(agent.buffer) >= config.learning_starts (>=: the step "
                  "equal to learning_starts trains), not as soon as the buffer holds "
                  "batch_size transitions."),
        Case("epsilon from 0.9 to 0.1 over 8 steps, episodes of 2 steps: the epsilon each "
             "episode ends with",
             call=call_train_trace,
             kwargs={"config": {**TRACE_CONFIG, "total_steps": 12, "learning_starts": 100,
                                "eps_start": 0.9, "eps_end": 0.1, "eps_decay_steps": 8},
                     "episode_length": 2, "report": ["epsilons"]},
             # the last step of episode k is step 2k + 1 (counted from 0): 0.9 - 0.1 * (2k + 1)
             expected={"epsilons": [0.8, 0.6, 0.4, 0.2, 0.1, 0.1]},
             compare={"epsilons": Compare("close", atol=1e-6)},
             hint="epsilon = linear_epsilon(agent.steps, config.eps_start, config.eps_end, "
                  "config.eps_decay_steps) with agent.steps BEFORE this step is counted (the "
                  "first action uses eps_start): environment steps, not episodes."),
        Case("tau = 1, target_update_every = 4: the target is a copy of the online network "
             "taken at environment steps 4 and 8",
             call=call_train_trace,
             kwargs={"config": {**TRACE_CONFIG, "total_steps": 11, "learning_starts": 3,
                                "train_every": 3, "target_update_every": 4},
                     "report": ["target_after_each_step"]},
             # the online weights equal the number of gradient steps taken (steps 3, 6, 9)
             expected={"target_after_each_step": [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0,
                                                  2.0, 2.0]},
             compare={"target_after_each_step": Compare("close", atol=1e-5)},
             hint="With tau == 1, hard-update the target every config.target_update_every "
                  "ENVIRONMENT steps (agent.steps % config.target_update_every == 0), not every "
                  "so many gradient steps. (Here the online weights equal the number of "
                  "gradient steps taken so far; the list is the target's mean weight after each "
                  "environment step.)"),
    ),
)

TRAIN_CARTPOLE = Check(
    id="04.train_dqn.cartpole",
    function="train_dqn",
    points=2,
    call=call_train,
    timeout=300.0,
    cases=(
        # Calibrated on the reference train_dqn under the same budget: benchmarks/RESULTS.md,
        # "False-fail rates" (benchmarks/check_calibration.py) holds the measured returns and
        # the estimated chance that a correct implementation fails.
        Case("CartPole-v1, reference config, 4,000 steps per seed: the mean greedy return over "
             "10 evaluation episodes per seed (seeds 0-2; seed 0 in quick mode)",
             kwargs={"env": "CartPole-v1", "config": {**CARTPOLE_CONFIG, "total_steps": 4_000},
                     "seeds": [0, 1, 2], "eval_episodes": 10, "quick": {"seeds": [0]}},
             expected={"greedy return": 100.0}, expected_quick={"greedy return": 60.0},
             compare={"greedy return": Compare("at_least", atol=1e-6, label="mean greedy return")},
             hint="The trained greedy policy must keep the pole up for 100 steps on average "
                  "after 4,000 training steps (60 on seed 0 in quick mode); a random policy gets "
                  "about 20, and the reference passes on other seeds too "
                  "(benchmarks/RESULTS.md). If every function passes its own check, look at the "
                  "step in train_dqn: the observation update, the target copies and the "
                  "exploration generator (the one seed_everything returns, made once before "
                  "the loop: one made again every step repeats the same draw)."),
    ),
)

DOUBLE_DQN_TARGETS = Check(
    id="04.double_dqn_targets",
    function="double_dqn_targets",
    points=1,
    call=call_targets,
    cases=(
        Case("hand-computed: the online network picks a', the target network values it",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.5, "double": True},
             # online argmax on s' = [0, 1, 2, 0]: [1, 0, 0, 1]; target values [3, 2, 0, 3]
             expected={"targets": [2.5, 1.0, -1.0, 2.0], "requires_grad": False},
             compare={"targets": Compare("close", atol=1e-5), "requires_grad": EQUAL},
             key_hints={"requires_grad": NO_GRAD_HINT},
             hint="a' = q_net(next_obs).argmax(dim=1, keepdim=True); value = "
                  "target_net(next_obs).gather(1, a').squeeze(1); no gradient; (1 - terminated)."),
        Case("metamorphic: flipping terminated changes the target, flipping truncated does not",
             kwargs={"q": _Q, "target": _T, "batch": _B, "gamma": 0.9, "double": True,
                     "metamorphic": True},
             expected={"terminated_flip_changes_target": [True, True, False, True],
                       "truncated_flip_changes_target": [False] * 4},
             compare=EQUAL,
             hint="Only `terminated` stops the bootstrap (the third transition's next value is 0, "
                  "so its flag makes no difference)."),
    ),
)

#: The visible checks of notebook 04, in notebook order.
CHECKS = (Q_NETWORK, REPLAY_BUFFER, REPLAY_BUFFER_COPIES, LINEAR_EPSILON, EPSILON_GREEDY,
          TD_TARGETS, DQN_LOSS, HARD_UPDATE, SOFT_UPDATE, OPTIMIZE_STEP, TRAIN_DQN,
          TRAIN_CARTPOLE, DOUBLE_DQN_TARGETS)
