"""Visible checks of notebook 05 (convolutional DQN from pixels), and the adapters they call.

Frames in the checks are synthetic and described as plain data: a background colour and
rectangles of given colours (:func:`draw_frame`), so the expected pixels can be computed by
hand. The network checks build the student's class on small shapes and report output shapes,
parameter counts, what its first convolution receives, and whether it learns a tiny pixel task
(which half of the image is lit) in a few hundred gradient steps. The whole agent is checked on
a tiny pixel environment (:class:`dqlcourse.testenvs.MovingDot`, which way a dot moves) seen
through the student's ``preprocess_frame`` and ``push_frame``, learned by the student's
``ConvQNetwork`` with the student's notebook-04 ``ReplayBuffer`` and ``train_dqn``.

Hidden checks of this notebook live only in ``solutions/05_conv_dqn.ipynb``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

from dqlcourse.checks.core import EQUAL, Case, Check, Compare
from dqlcourse.checks.evaluation import KEY, Derived, Replayed, play

# --------------------------------------------------------------------------- frames


def draw_frame(spec: dict) -> np.ndarray:
    """An RGB ``uint8`` frame ``(H, W, 3)`` from plain data.

    ``spec``: ``{"shape": [H, W], "fill": [r, g, b], "rects": [[top, bottom, left, right,
    [r, g, b]], ...]}`` (rectangles drawn in order, ``frame[top:bottom, left:right] = colour``),
    or ``{"shape": [H, W], "random": seed}`` for uniform random pixels.
    """
    h, w = spec["shape"]
    if "random" in spec:
        return np.random.default_rng(spec["random"]).integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    frame = np.empty((h, w, 3), dtype=np.uint8)
    frame[...] = spec.get("fill", [255, 255, 255])
    for top, bottom, left, right, colour in spec.get("rects", []):
        frame[top:bottom, left:right] = colour
    return frame


def _array_report(out: Any, values: bool) -> dict:
    arr = out.detach().cpu().numpy() if isinstance(out, torch.Tensor) else out
    if not isinstance(arr, np.ndarray):
        return {"type": type(out).__name__}
    report = {"shape": list(arr.shape), "dtype": str(arr.dtype)}
    if arr.size and np.issubdtype(arr.dtype, np.number):
        report["min"], report["max"] = float(arr.min()), float(arr.max())
        if values:
            report["values"] = np.round(arr.astype(np.float64), 4).tolist()
    return report


def call_preprocess(fn: Callable, case: Case) -> dict:
    """``fn(frame, crop, factor)`` on a frame drawn from ``case.kwargs["frame"]``.

    Reports the output's shape, dtype, smallest and largest value, its values (when ``values``
    is true), the input frame as it is after the call, and, with ``"same_as"``, the outputs on
    both frames. :func:`preprocess_facts` judges them on the judging side: the range, whether
    the input frame was left unchanged and whether the two outputs are equal (an invariance).
    """
    k = dict(case.kwargs)
    frame = draw_frame(k["frame"])
    out = fn(frame, tuple(k["crop"]), k["factor"])
    report = _array_report(out, k.get("values", False))
    report["frame_after"] = frame.tolist()
    if "same_as" in k:
        other = fn(draw_frame(k["same_as"]), tuple(k["crop"]), k["factor"])
        report["outputs"] = [np.asarray(x, dtype=np.float64).tolist() for x in (out, other)]
    return report


def preprocess_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_preprocess` observed, judged here (see there); the keys of ``drop`` are
    left out (a case that checks one property alone)."""
    k = case.kwargs
    report = {key: seen[key] for key in ("type", "shape", "dtype", "values") if key in seen}
    if "min" in seen:
        report["in_0_1"] = bool(float(seen["min"]) >= 0.0 and float(seen["max"]) <= 1.0)
    report["input_unchanged"] = seen["frame_after"] == draw_frame(k["frame"]).tolist()
    if "same_as" in k:
        a, b = (np.asarray(x, dtype=np.float64) for x in seen["outputs"][:2])
        report["same_output"] = a.shape == b.shape and bool(np.allclose(a, b, atol=1e-6))
    for key in k.get("drop", []):
        report.pop(key, None)
    return report


call_preprocess.measured = Derived(preprocess_facts)


def _stack_and_frame(k: dict) -> tuple[np.ndarray, np.ndarray]:
    """The inputs of a :func:`call_push` case: ``k`` frames of shape ``(h, w)``, frame ``i``
    filled with ``i + 1``, and a new frame filled with ``new``."""
    n, h, w = k["k"], k.get("h", 2), k.get("w", 3)
    dtype = np.dtype(k.get("dtype", "uint8"))
    stack = np.stack([np.full((h, w), i + 1, dtype=dtype) for i in range(n)])
    return stack, np.full((h, w), k["new"], dtype=dtype)


def call_push(fn: Callable, case: Case) -> dict:
    """``fn(stack, frame)`` on the inputs of :func:`_stack_and_frame`. Reports the result's
    shape, dtype and values, and the input stack as it is after the call
    (:func:`push_facts` judges them on the judging side)."""
    stack, frame = _stack_and_frame(dict(case.kwargs))
    out = np.asarray(fn(stack, frame))
    return {"shape": list(out.shape), "dtype": str(out.dtype),
            "values": out.astype(np.float64).tolist() if out.ndim == 3 else None,
            "stack_after": stack.tolist()}


def push_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_push` observed, judged here: the value of each frame of the result
    (``"mixed"`` for a frame that is not one value) and whether the input stack was left
    unchanged; the keys of ``drop`` are left out."""
    k = case.kwargs
    stack, _ = _stack_and_frame(dict(k))
    report = {"shape": seen["shape"], "dtype": seen["dtype"],
              "stack_unchanged": seen["stack_after"] == stack.tolist()}
    if seen["values"] is not None:
        out = np.asarray(seen["values"], dtype=np.float64)
        if out.ndim != 3:
            raise ValueError("the frames are not a stack")
        report["frames"] = [float(f.mean()) if (f == f.flat[0]).all() else "mixed" for f in out]
    for key in k.get("drop", []):
        report.pop(key, None)
    return report


call_push.measured = Derived(push_facts)


# --------------------------------------------------------------------------- networks


def _net(cls: Callable, k: dict) -> nn.Module:
    kwargs = {key: tuple(k[key]) for key in ("hidden", "channels", "kernels", "strides") if key in k}
    torch.manual_seed(k.get("seed", 0))
    return cls(tuple(k["obs_shape"]), k["n_actions"], **kwargs)


def call_conv_net(cls: Callable, case: Case) -> dict:
    """Build ``cls(obs_shape, n_actions, **architecture)`` and probe it.

    Reports (every key; a case compares the keys it expects, and the expected values never
    reach the adapter, which may run in the grader's sandbox): the output shape on a ``uint8``
    batch; the number of parameters; the largest value the first ``nn.Conv2d`` receives on an
    all-255 input (1.0 when the network scales by 1/255); its outputs on the batch, on the batch
    as ``float32``, row by row, and on ``a``, ``b``, ``a + b`` and zeros
    (:func:`conv_net_facts` compares them on the judging side: ``uint8`` and ``float32`` alike,
    rows independent, some output negative since there is no activation on the output layer,
    non-linear since there are ReLUs between the layers); whether its
    output equals the spec's forward pass computed here from its own layers' weights (scale by
    1/255, every ``nn.Conv2d`` then ReLU, flatten, every ``nn.Linear`` then ReLU but the last:
    a missing or extra ReLU shows here even when the parameter count is right; computed in the
    adapter's process, from the network's own layers, since the weights of a full-size network
    are too large to hand over); a ``float32`` batch as it is after being passed to it (no
    ``x /= 255`` on the caller's tensor);
    and whether it still runs once moved to another device (PyTorch's ``"meta"`` device, so
    that no GPU is needed) with the batch left on the CPU: forward must move the batch to the
    parameters' device.
    """
    k = dict(case.kwargs)
    net = _net(cls, k)
    if not isinstance(net, nn.Module):
        return {"type": type(net).__name__}
    batch = k.get("batch", 3)
    shape = tuple(k["obs_shape"])
    x = _probe_batch(k)
    report: dict[str, Any] = {}
    with torch.no_grad():
        out = net(x)
        report["output_shape"] = list(out.shape)
        report["output_dtype"] = str(out.dtype)
        report["n_parameters"] = int(sum(p.numel() for p in net.parameters()))
        a, b = x.float() / 2, x.flip(0).float() / 2
        outputs = {"x": out, "float": net(x.float()),
                   "rows": torch.cat([net(x[i:i + 1]) for i in range(batch)]),
                   "a": net(a), "b": net(b), "a+b": net(a + b), "zero": net(torch.zeros_like(a))}
        report["outputs"] = {key: v.double().tolist() for key, v in outputs.items()}
        convs = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
        seen = []
        if convs:
            handle = convs[0].register_forward_pre_hook(lambda m, inp: seen.append(float(inp[0].max())))
            net(torch.full((1, *shape), 255, dtype=torch.uint8))
            handle.remove()
        report["first_conv_input_max"] = seen[0] if seen else "no nn.Conv2d"
        report["n_conv_layers"] = len(convs)
        report["matches_spec_forward"] = _matches_spec_forward(net, x)
        given = x.float()
        try:
            net(given)
            report["float_input_after"] = given.tolist()
        except Exception as exc:  # noqa: BLE001 - reported as data, the case says what failed
            report["float_input_after"] = f"{type(exc).__name__}: {exc}"[:200]
    report["device_of_output"] = _follows_device(net, x)
    return report


def _probe_batch(k: dict) -> torch.Tensor:
    """The ``uint8`` batch :func:`call_conv_net` probes a network with."""
    shape = tuple(k["obs_shape"])
    return torch.from_numpy(np.random.default_rng(1).integers(0, 256, size=(k.get("batch", 3), *shape),
                                                               dtype=np.uint8))


def conv_net_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_conv_net` observed, judged here: whether ``uint8`` and ``float32``
    inputs with equal values give equal outputs; whether each row of a batch equals that
    observation's output alone; whether some output is negative; whether the network is
    non-linear (``Q(a) + Q(b) != Q(a + b) + Q(0)``); whether the ``float32`` batch it was given
    is unchanged (the error it raised, if it raised one)."""
    if "type" in seen:
        return seen
    o = {key: np.asarray(v, dtype=np.float64) for key, v in seen["outputs"].items()}

    def close(u: np.ndarray, v: np.ndarray, atol: float) -> bool:
        return u.shape == v.shape and bool(np.allclose(u, v, atol=atol))

    after = seen["float_input_after"]
    return {**{key: seen[key] for key in ("output_shape", "output_dtype", "n_parameters",
                                          "first_conv_input_max", "n_conv_layers",
                                          "matches_spec_forward")},
            "follows_device": _on_meta(seen["device_of_output"]),
            "uint8_equals_float": close(o["x"], o["float"], 1e-5),
            "rows_independent": close(o["x"], o["rows"], 1e-5),
            "some_output_negative": bool((o["x"] < 0).any()),
            "nonlinear": not close(o["a"] + o["b"], o["a+b"] + o["zero"], 1e-4),
            "float_input_unchanged": after if isinstance(after, str)
            else after == _probe_batch(case.kwargs).float().tolist()}


call_conv_net.measured = Derived(conv_net_facts)


def _matches_spec_forward(net: nn.Module, x: torch.Tensor) -> bool:
    """Whether ``net(x)`` equals the spec's forward pass on ``net``'s own layers: x / 255, each
    ``nn.Conv2d`` (in the order defined) followed by a ReLU, flatten, each ``nn.Linear``
    followed by a ReLU except the last."""
    convs = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    if not convs or not linears:
        return False
    try:
        h = x.float() / 255
        for conv in convs:
            h = torch.relu(conv(h))
        h = h.flatten(1)
        for linear in linears[:-1]:
            h = torch.relu(linear(h))
        expected = linears[-1](h)
        out = net(x)
        return bool(out.shape == expected.shape and torch.allclose(out, expected, rtol=1e-4, atol=1e-5))
    except Exception:  # noqa: BLE001 - layers that do not chain this way do not match
        return False


def _on_meta(device: Any) -> bool | str:
    """Whether :func:`_follows_device` saw the output on the ``"meta"`` device; the error the
    call raised, if it raised one (the report shows it)."""
    return True if device == "meta" else (device if ": " in str(device) else False)


def _follows_device(net: nn.Module, x: torch.Tensor) -> str:
    """Move (a copy of) ``net`` to the ``"meta"`` device (shapes only, no data: it stands in for
    a GPU) and call it on the CPU batch ``x``: the device the output is on (:func:`conv_net_facts`
    expects ``"meta"``), or the error the call raised."""
    import copy

    try:
        moved = copy.deepcopy(net).to("meta")
        with torch.no_grad():
            out = moved(x)
        return out.device.type if isinstance(out, torch.Tensor) else type(out).__name__
    except Exception as exc:  # noqa: BLE001 - reported as data
        return f"{type(exc).__name__}: {exc}"[:200]


def half_lit_batch(rng: np.random.Generator, n: int, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uint8 observations of ``shape`` = (k, h, w) with one half (left or right) lit with
    random intensities 128..255 and the other dark; labels 0 (left) or 1 (right)."""
    k, h, w = shape
    labels = rng.integers(0, 2, size=n)
    x = np.zeros((n, k, h, w), dtype=np.uint8)
    lit = rng.integers(128, 256, size=(n, k, h, w // 2), dtype=np.uint8)
    for i, side in enumerate(labels):
        if side == 0:
            x[i, :, :, : w // 2] = lit[i]
        else:
            x[i, :, :, w - w // 2:] = lit[i]
    return x, labels


def call_learns_half_lit(cls: Callable, case: Case) -> dict:
    """Train the student's network (Adam, MSE) so that Q(s, lit side) = 1 and Q(s, other) = 0
    on random half-lit images, then report the accuracy of the argmax on 200 new images (the
    case holds it to at least 0.95)."""
    k = dict(case.kwargs)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small tensors: one thread is fastest, and fair on shared machines
    try:
        net = _net(cls, k)
        shape = tuple(k["obs_shape"])
        rng = np.random.default_rng(k.get("seed", 0))
        opt = torch.optim.Adam(net.parameters(), lr=k.get("lr", 1e-3))
        for _ in range(k["steps"]):
            x, y = half_lit_batch(rng, 32, shape)
            target = torch.nn.functional.one_hot(torch.from_numpy(y), 2).float()
            loss = ((net(torch.from_numpy(x)) - target) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        x, y = half_lit_batch(np.random.default_rng(12345), 200, shape)
        with torch.no_grad():
            accuracy = float((net(torch.from_numpy(x)).argmax(1).numpy() == y).mean())
    finally:
        torch.set_num_threads(threads)
    return {"accuracy": accuracy}


class LinearQ(nn.Module):
    """A Q-network with known gradients: ``Q(x) = W flatten(x) + b`` on the raw input values."""

    def __init__(self, weight: list[list[float]], bias: list[float]):
        super().__init__()
        w = torch.tensor(weight, dtype=torch.float32)
        self.linear = nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            self.linear.weight.copy_(w)
            self.linear.bias.copy_(torch.tensor(bias, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x.float().flatten(1))


class SquareQ(nn.Module):
    """``Q(x) = [sum(x^2) * c0, sum(x) * c1]``: a non-linear network whose gradient depends on x."""

    def __init__(self, c0: float, c1: float):
        super().__init__()
        self.c = nn.Parameter(torch.tensor([c0, c1]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float().flatten(1)
        return torch.stack([(x ** 2).sum(1) * self.c[0], x.sum(1) * self.c[1]], dim=1)


def moving_dot_env(preprocess: Callable, push: Callable, factor: int = 2, k: int = 2):
    """``MovingDot`` (8 x 32 RGB) through ``PixelObservation`` (whole frame, downsampled by
    ``factor``) and ``FrameStack`` (``k`` frames): observations ``uint8 (k, 8 // factor,
    32 // factor)``, ``(2, 4, 16)`` by default."""
    from dqlcourse.pixels import FrameStack, PixelObservation
    from dqlcourse.testenvs import MovingDot

    env = MovingDot()
    return FrameStack(PixelObservation(env, preprocess, (0, env.height, 0, env.width), factor),
                      k, push)


def call_pixel_agent(cls: Callable, case: Case, preprocess_frame: Callable, push_frame: Callable,
                     nb04: Any) -> dict:
    """Train a whole pixel agent on :class:`~dqlcourse.testenvs.MovingDot`, once per seed, and
    report the greedy policy's actions in each evaluation episode: the judge replays them
    (:mod:`dqlcourse.checks.evaluation`) for the mean greedy return (1 = always right, 0.5 =
    blind to the motion).

    The agent is the student's: frames through ``preprocess_frame`` and ``push_frame``, the
    network ``cls`` (``ConvQNetwork``) with the case's small architecture, and notebook 04's
    ``nb04.ReplayBuffer`` (``uint8``) and ``nb04.train_dqn``. Kwargs: ``config`` (DQNConfig
    fields), ``architecture`` (``channels``/``kernels``/``strides`` lists), ``seeds``,
    ``eval_episodes``.
    """
    from dqlcourse.dqn import DQNConfig, new_agent, training_curve
    from dqlcourse.seeding import seed_everything

    k = dict(case.kwargs)
    arch = {key: tuple(v) for key, v in k["architecture"].items()}

    def make_env():
        return moving_dot_env(preprocess_frame, push_frame)

    obs_shape = make_env().observation_space.shape
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        played, curve = [], None
        for seed, (_, eval_seeds) in zip(k["seeds"], _pixel_plays(case, None)):
            config = DQNConfig(**{**k["config"], "seed": seed,
                                  "hidden": tuple(k["config"]["hidden"])})
            seed_everything(seed)
            agent = new_agent(config, obs_shape, 2, lambda o, n, h: cls(o, n, h, **arch),
                              nb04.ReplayBuffer, buffer_dtype=np.uint8)
            agent = nb04.train_dqn(config, make_env, agent=agent)
            played.append(play(agent.q_net, make_env, eval_seeds))
            if curve is None:  # the first seed's training returns, drawn in the feedback
                curve = training_curve(agent)
    finally:
        torch.set_num_threads(threads)
    return {KEY: {"actions": played}, "curve": curve}


def _pixel_plays(case: Case, quick: bool | None) -> list[tuple[Callable, list[int]]]:
    """Per network a :func:`call_pixel_agent` case trains (one per seed): the evaluation
    environment the judge replays its actions in (the bare ``MovingDot``: frames and stacks
    change what the agent sees, not what an action earns) and the episodes' reset seeds."""
    from dqlcourse.testenvs import MovingDot

    n = case.kwargs["eval_episodes"]
    return [(MovingDot, list(range(10_000 + 100 * s, 10_000 + 100 * s + n)))
            for s in case.kwargs["seeds"]]


call_pixel_agent.measured = Replayed(_pixel_plays)  # the judge replays the reported plays


def call_saliency(fn: Callable, case: Case) -> dict:
    """``fn(q_net, obs)`` with a mock network of known gradient; ``obs`` is a uint8 array.

    Reports the type returned (``"ndarray"`` for a numpy array), shape, dtype, values, the
    largest gradient each of the network's parameters holds (``None``: no gradient) and the
    observation as it is after the call (:func:`saliency_facts` judges them on the judging
    side).
    """
    k = dict(case.kwargs)
    if "square" in k:
        net: nn.Module = SquareQ(*k["square"])
    else:
        net = LinearQ(k["weight"], k["bias"])
    obs = np.asarray(k["obs"], dtype=np.uint8)
    out = fn(net, obs)
    arr = out.detach().cpu().numpy() if isinstance(out, torch.Tensor) else np.asarray(out)
    return {"type": type(out).__name__, "shape": list(arr.shape), "dtype": str(arr.dtype),
            "values": np.round(arr.astype(np.float64), 4).tolist(),
            "parameter_grads": [None if p.grad is None else float(p.grad.abs().max())
                                for p in net.parameters()],
            "obs_after": obs.tolist()}


def saliency_facts(case: Case, seen: dict) -> dict:
    """What :func:`call_saliency` observed, judged here: whether the network's parameters were
    left without a gradient, and whether the observation was left unchanged."""
    grads = seen["parameter_grads"]
    if not isinstance(grads, list):
        raise TypeError("the parameters' gradients are not a list")
    return {**{key: seen[key] for key in ("type", "shape", "dtype", "values")},
            "parameters_without_grad": all(g is None or g == 0 for g in grads),
            "obs_unchanged": seen["obs_after"] == np.asarray(case.kwargs["obs"],
                                                             dtype=np.uint8).tolist()}


call_saliency.measured = Derived(saliency_facts)


# --------------------------------------------------------------------------- checks

WHITE, BLACK, RED, GREEN = [255, 255, 255], [0, 0, 0], [255, 0, 0], [0, 255, 0]

PREPROCESS = Check(
    id="05.preprocess_frame",
    function="preprocess_frame",
    points=2,
    call=call_preprocess,
    cases=(
        Case("random 40 x 60 frame, crop rows 4-36, factor 4: shape, dtype, range",
             kwargs={"frame": {"shape": [40, 60], "random": 0}, "crop": [4, 36, 0, 60], "factor": 4},
             expected={"shape": [8, 15], "dtype": "float32", "in_0_1": True, "input_unchanged": True},
             compare=EQUAL,
             hint="Crop frame[top:bottom, left:right], then average factor x factor blocks: "
                  "((bottom - top) // factor, (right - left) // factor) values, float32 in [0, 1] "
                  "(divide by 255), and never write into the input frame."),
        Case("white frame is 0 everywhere, black frame 1",
             kwargs={"frame": {"shape": [8, 8], "fill": BLACK, "rects": [[0, 4, 0, 8, WHITE]]},
                     "crop": [0, 8, 0, 8], "factor": 4, "values": True},
             expected={"values": [[0.0, 0.0], [1.0, 1.0]]}, compare=Compare("close", atol=1e-3),
             hint="Ink, not brightness: 1 - gray / 255, so the white background is 0 and the "
                  "black cart is 1."),
        Case("grayscale weights: a red block is 1 - 0.299 = 0.701",
             kwargs={"frame": {"shape": [4, 4], "fill": WHITE, "rects": [[0, 4, 0, 2, RED]]},
                     "crop": [0, 4, 0, 4], "factor": 2, "values": True},
             expected={"values": [[0.701, 0.0], [0.701, 0.0]]}, compare=Compare("close", atol=2e-3),
             hint="Average each block with a reshape to (h, factor, w, factor) and a mean over axes 1 and 3 ((h, w, factor, factor) mixes pixels of different blocks), in a wide type: uint8 sums overflow past 255, so convert to float32 first. " "gray = 0.299 R + 0.587 G + 0.114 B (ITU-R 601), not the mean of the channels "
                  "(that would give 1 - 1/3 = 0.667 for red)."),
        Case("block average: one black pixel in a 2 x 2 block gives 0.25",
             kwargs={"frame": {"shape": [2, 4], "fill": WHITE, "rects": [[1, 2, 3, 4, BLACK]]},
                     "crop": [0, 2, 0, 4], "factor": 2, "values": True},
             expected={"values": [[0.0, 0.25]]}, compare=Compare("close", atol=1e-3),
             hint="Convert to float32 before summing or averaging the block (uint8 sums overflow past 255), and reshape to (h, factor, w, factor), then average axes 1 and 3. " "Downsample by the MEAN of each factor x factor block (reshape to (h, factor, w, "
                  "factor) and average axes 1 and 3), not by keeping every factor-th pixel."),
        Case("pixels outside the crop do not matter",
             kwargs={"frame": {"shape": [12, 8], "fill": BLACK, "rects": [[2, 10, 0, 8, WHITE]]},
                     "same_as": {"shape": [12, 8], "fill": WHITE},
                     "crop": [2, 10, 0, 8], "factor": 2, "drop": ["in_0_1"]},
             expected={"shape": [4, 4], "same_output": True}, compare=EQUAL,
             hint="Crop rows top:bottom and columns left:right BEFORE anything else."),
    ),
)

PUSH_FRAME = Check(
    id="05.push_frame",
    function="push_frame",
    points=1,
    call=call_push,
    cases=(
        Case("stack of 4 frames [1, 2, 3, 4], push 9: oldest dropped, newest last",
             kwargs={"k": 4, "new": 9},
             expected={"shape": [4, 2, 3], "dtype": "uint8", "frames": [2.0, 3.0, 4.0, 9.0]},
             compare=EQUAL,
             hint="The new stack keeps the stack's shape and dtype (uint8 frames stay uint8). "
                  "np.roll(stack, -1, axis=0) moves every frame one place towards the front (+1 moves them back); np.append without axis= flattens the stack: use np.concatenate([stack[1:], frame[None]], axis=0). " "Drop stack[0] (the oldest) and append the new frame at the END: "
                  "np.concatenate([stack[1:], frame[None]]); keep the dtype."),
        Case("the input stack is not modified",
             kwargs={"k": 3, "new": 7}, expected={"stack_unchanged": True, "frames": [2.0, 3.0, 7.0]},
             compare=EQUAL,
             hint="Return a NEW array. Shifting in place (stack[:-1] = stack[1:]) changes the "
                  "observation the replay buffer was given one step earlier."),
        Case("a stack of one frame",
             kwargs={"k": 1, "new": 5}, expected={"shape": [1, 2, 3], "frames": [5.0]},
             compare=EQUAL, hint="With k = 1 the new stack is just the new frame, shape (1, h, w)."),
    ),
)

CONV_OUTPUT_SIZE = Check(
    id="05.conv_output_size",
    function="conv_output_size",
    points=1,
    cases=(
        Case("size 20, kernel 5, stride 2", args=(20, 5, 2), expected=8, compare=EQUAL,
             hint="floor((size - kernel) / stride) + 1: (20 - 5) // 2 + 1 = 8."),
        Case("size 84, kernel 8, stride 4", args=(84, 8, 4), expected=20, compare=EQUAL,
             hint="(84 - 8) // 4 + 1 = 20 (the Atari network's first layer)."),
        Case("size 7, kernel 3, stride 1, padding 1", args=(7, 3, 1, 1), expected=7, compare=EQUAL,
             hint="Padding adds 2 * padding to the size: (size + 2 * padding - kernel) // stride + 1."),
        Case("the result is an int", args=(60, 5, 2), expected=28,
             compare=Compare("equal", exact_type=True),
             hint="(60 - 5) // 2 + 1 = 28: floor the division, then add 1.",
             type_hint="Use integer division //, so the result is an int (28), not 28.0 or "
                       "28.5."),
    ),
)

#: Parameters of the default network on (4, 20, 60) with 2 actions (computed by hand):
#: conv 4->16 5x5: 1,616; conv 16->32 3x3: 4,640; output 32 x 3 x 13 = 1,248 features;
#: linear 1,248 -> 128: 159,872; linear 128 -> 2: 258.
DEFAULT_PARAMETERS = 1_616 + 4_640 + 159_872 + 258

CONV_Q_NETWORK = Check(
    id="05.ConvQNetwork",
    function="ConvQNetwork",
    points=2,
    call=call_conv_net,
    cases=(
        Case("default architecture on (4, 20, 60), 2 actions: output shape and size",
             kwargs={"obs_shape": [4, 20, 60], "n_actions": 2, "batch": 3},
             expected={"output_shape": [3, 2], "output_dtype": "torch.float32",
                       "n_parameters": DEFAULT_PARAMETERS, "n_conv_layers": 2},
             compare={"output_shape": EQUAL, "output_dtype": EQUAL, "n_conv_layers": EQUAL,
                      "n_parameters": Compare("close", rtol=0.02)},
             hint="Each nn.Conv2d takes the previous layer's channels as input (only the first "
                  "takes obs_shape[0]). Each conv layer's output size is (size + 2 * padding - kernel) // stride + 1: floor division, and the + 1. " "Two nn.Conv2d (channels (16, 32), kernels (5, 3), strides (2, 2), no padding) "
                  "with ReLUs, flatten, nn.Linear(n_flat, 128), ReLU, nn.Linear(128, n_actions). "
                  "n_flat = 32 * 3 * 13 here."),
        Case("another input shape (2, 30, 90), 3 actions: the flattened size is derived",
             kwargs={"obs_shape": [2, 30, 90], "n_actions": 3, "batch": 5},
             expected={"output_shape": [5, 3]}, compare=EQUAL,
             hint="Compute n_flat from obs_shape with conv_output_size for each layer (or a dummy "
                  "forward pass); a hard-coded 1248 only fits (4, 20, 60)."),
        Case("other layers: channels (8,), kernels (3,), strides (1,), hidden (32, 16)",
             kwargs={"obs_shape": [1, 6, 6], "n_actions": 4, "channels": [8], "kernels": [3],
                     "strides": [1], "hidden": [32, 16], "batch": 2},
             expected={"output_shape": [2, 4], "n_conv_layers": 1,
                       "n_parameters": (1 * 8 * 9 + 8) + (8 * 16 * 32 + 32) + (32 * 16 + 16) + (16 * 4 + 4)},
             compare={"output_shape": EQUAL, "n_conv_layers": EQUAL,
                      "n_parameters": Compare("close", rtol=0.0, atol=0.5)},
             hint="One conv layer per entry of channels/kernels/strides, one hidden nn.Linear per "
                  "entry of hidden (zip them; do not hard-code two layers)."),
        Case("uint8 input 0..255 is scaled to [0, 1] inside the network",
             kwargs={"obs_shape": [2, 10, 10], "n_actions": 2},
             expected={"first_conv_input_max": 1.0, "uint8_equals_float": True},
             compare={"first_conv_input_max": Compare("close", atol=1e-6), "uint8_equals_float": EQUAL},
             hint="forward: x = x.to(device, torch.float32) / 255 before the first convolution; "
                  "the replay buffer stores uint8 frames."),
        Case("each observation's Q-values do not depend on the rest of the batch; Q can be negative",
             kwargs={"obs_shape": [4, 20, 60], "n_actions": 2, "batch": 4},
             expected={"rows_independent": True, "some_output_negative": True, "nonlinear": True},
             compare=EQUAL,
             hint="Flatten with x.flatten(1) (keep the batch dimension), no BatchNorm; a ReLU "
                  "after every convolution and every hidden nn.Linear, none after the last one."),
        Case("Q-values equal the spec's forward pass on your layers' weights: x / 255, every "
             "Conv2d then ReLU, flatten, every Linear then ReLU except the last",
             kwargs={"obs_shape": [2, 12, 16], "n_actions": 3, "channels": [4, 8], "kernels": [3, 3],
                     "strides": [1, 2], "hidden": [16, 8], "batch": 4},
             expected={"matches_spec_forward": True}, compare=EQUAL,
             hint="Is there an nn.ReLU() after EVERY nn.Conv2d? Without it the convolutions stack "
                  "into one linear filter; the parameter count stays the same, only the Q-values "
                  "differ. (A ReLU after the output layer, or a missing one after a hidden "
                  "nn.Linear, fails here too.)"),
        Case("the network moved to another device still takes a CPU batch (the batch follows the "
             "network's parameters)",
             kwargs={"obs_shape": [2, 10, 10], "n_actions": 2, "channels": [4], "kernels": [3],
                     "strides": [1], "hidden": [8], "batch": 2},
             expected={"follows_device": True}, compare=EQUAL,
             hint="forward must move the batch to the network's device: "
                  "x = x.to(next(self.parameters()).device, torch.float32) / 255. x.float() keeps "
                  "it on the CPU, which works here but fails as soon as the network is on a GPU "
                  "(epsilon_greedy's observation, evaluate_greedy). This case puts the network "
                  "on PyTorch's 'meta' device, which stands in for a GPU."),
    ),
)

CONV_LEARNS = Check(
    id="05.ConvQNetwork.learns",
    function="ConvQNetwork",
    points=2,
    call=call_learns_half_lit,
    timeout=60.0,
    cases=(
        Case("learns which half of a 2 x 12 x 16 image is lit (100 Adam steps)",
             kwargs={"obs_shape": [2, 12, 16], "n_actions": 2, "channels": [8, 16], "kernels": [3, 3],
                     "strides": [1, 2], "hidden": [32], "steps": 100, "lr": 3e-3, "seed": 0},
             expected={"accuracy": 0.95},
             compare={"accuracy": Compare("at_least", label="accuracy on 200 new images")},
             hint="If the shapes are right but it does not learn: check the ReLUs between the "
                  "layers, the scaling by 1/255, and that forward uses every layer."),
    ),
)

#: The configuration of the whole-agent check (DQNConfig fields): a few seconds per seed.
MOVING_DOT_CONFIG = {"total_steps": 1_000, "hidden": [32], "lr": 1e-3, "gamma": 0.9,
                     "batch_size": 32, "buffer_size": 2_000, "learning_starts": 100,
                     "train_every": 1, "gradient_steps": 1, "target_update_every": 50,
                     "eps_start": 1.0, "eps_end": 0.05, "eps_decay_steps": 400, "double_dqn": True}

PIXEL_AGENT = Check(
    id="05.pixel_agent",
    function="ConvQNetwork",
    points=3,
    call=call_pixel_agent,
    uses=("preprocess_frame", "push_frame", "nb04"),
    timeout=90.0,
    cases=(
        Case("the whole agent from pixels: a dot moves left or right across an 8 x 32 image; "
             "after 1,000 steps (2 seeds) the greedy policy names the direction (return 1; "
             "blind to the motion 0.5)",
             kwargs={"config": MOVING_DOT_CONFIG, "seeds": [0, 1], "eval_episodes": 20,
                     "architecture": {"channels": [8], "kernels": [3], "strides": [1]}},
             expected={"greedy return": 0.9},
             compare={"greedy return": Compare("at_least", atol=1e-6, label="mean greedy return")},
             hint="Only a stack that holds the new frame beside the old one shows the motion. "
                  "If the parts pass their own checks, look at how they fit: push_frame must "
                  "put the new frame in and drop the oldest, the network must accept the "
                  "stack's shape, and this check trains with your notebook-04 ReplayBuffer "
                  "(uint8 frames) and train_dqn: do their checks in 04_dqn.ipynb pass?"),
    ),
)

SALIENCY = Check(
    id="05.saliency",
    function="saliency",
    points=1,
    call=call_saliency,
    cases=(
        Case("linear network, action 0 is greedy: |W[0]| reshaped to the observation",
             kwargs={"weight": [[1.0, -2.0, 0.5, 0.0], [0.0, 0.0, 0.0, -1.0]], "bias": [100.0, 0.0],
                     "obs": [[[1, 2], [3, 4]]]},
             expected={"shape": [1, 2, 2], "dtype": "float32", "values": [[[1.0, 2.0], [0.5, 0.0]]]},
             compare={"shape": EQUAL, "dtype": EQUAL, "values": Compare("close", atol=1e-5)},
             hint="Take the gradient with respect to the observation as the network gets it (uint8 values as floats, not scaled to [0, 1] first). " "Gradient of max_a Q(obs, a) (the GREEDY action's Q) with respect to the input, "
                  "absolute value, shape of obs, float32 numpy array."),
        Case("the greedy action decides which row of W",
             kwargs={"weight": [[1.0, -2.0, 0.5, 0.0], [0.0, 0.0, 0.0, -1.0]], "bias": [-100.0, 0.0],
                     "obs": [[[1, 2], [3, 4]]]},
             expected={"values": [[[0.0, 0.0], [0.0, 1.0]]]}, compare=Compare("close", atol=1e-5),
             hint="Pick the action with the largest Q-value for THIS observation, not action 0."),
        Case("the network's weights get no gradient, the observation is unchanged",
             kwargs={"weight": [[1.0, 1.0], [2.0, 2.0]], "bias": [0.0, 0.0], "obs": [[[5, 6]]]},
             expected={"parameters_without_grad": True, "obs_unchanged": True}, compare=EQUAL,
             hint="Use torch.autograd.grad(q_max, x) on a float copy of obs with requires_grad; "
                  ".backward() would also leave gradients in the network's .grad."),
        Case("returns a float32 numpy array, not a torch tensor",
             kwargs={"weight": [[1.0, -1.0]], "bias": [0.0], "obs": [[[3, 4]]]},
             expected={"type": "ndarray", "dtype": "float32"}, compare=EQUAL,
             hint="The docstring asks for a float32 numpy array: end with "
                  ".detach().cpu().numpy() (the gradient is a torch tensor until then)."),
    ),
)
