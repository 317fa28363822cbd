"""Unit tests of dqlcourse.pixels: wrappers, replay memory, device buffer, checkpoints, views.

The preprocessing and stacking functions are the notebook's TODOs, so these tests pass their own
simple stand-ins (the package has no reference version of them)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from torch import nn

from dqlcourse import pixels
from dqlcourse.dqn import Agent, Batch, DQNConfig, make_optimizer
from dqlcourse.envs import make

SPEC = pixels.PixelSpec(width=240, height=160, crop=(0, 80, 0, 240), factor=4, k=3, repeat=1)


def first_channel(frame, crop, factor):
    """A stand-in preprocessing: red channel, cropped, strided, as ink in [0, 1]."""
    top, bottom, left, right = crop
    red = frame[top:bottom:factor, left:right:factor, 0].astype(np.float32)
    return 1.0 - red / 255.0


def push(stack, frame):
    return np.concatenate([stack[1:], frame[None]])


def test_spec_shapes():
    assert pixels.CARTPOLE_PIXELS.frame_shape == (20, 60)
    assert pixels.CARTPOLE_PIXELS.obs_shape == (pixels.CARTPOLE_PIXELS.k, 20, 60)
    assert SPEC.obs_shape == (3, 20, 60)


def test_to_uint8_rounds_and_clips():
    out = pixels.to_uint8(np.array([-0.5, 0.0, 0.5, 1.0, 2.0, 0.001]))
    assert out.dtype == np.uint8
    assert out.tolist() == [0, 0, 128, 255, 255, 0]


def test_pixel_cartpole_observations_come_from_the_renderer():
    env = pixels.make_pixel_cartpole(first_channel, push, SPEC)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (3, 20, 60) and obs.dtype == np.uint8
    assert env.observation_space.contains(obs)
    assert (obs[0] == obs[1]).all() and (obs[1] == obs[2]).all()  # reset repeats the first frame
    assert obs.max() > 0 and obs.min() == 0  # the cart is drawn on a white background
    frames = [obs[-1]]
    for _ in range(5):
        obs, _, term, trunc, _ = env.step(1)
        frames.append(obs[-1])
    assert (obs[0] == frames[-3]).all() and (obs[1] == frames[-2]).all()
    assert not np.array_equal(frames[0], frames[-1])  # the cart moved
    stats = pixels.pipeline_stats(env)
    assert stats["frames"] == 6 and stats["render_seconds"] > 0
    base = env.unwrapped
    assert (base.screen_width, base.screen_height) == (240, 160)
    env.close()


def test_action_repeat_adds_rewards_and_renders_once_per_decision():
    spec = pixels.PixelSpec(k=2, repeat=3)
    env = pixels.make_pixel_cartpole(first_channel, push, spec)
    plain = make("CartPole-v1")
    env.reset(seed=4)
    plain.reset(seed=4)
    obs, reward, term, trunc, _ = env.step(1)
    for _ in range(3):
        plain.step(1)
    assert reward == 3.0 and not (term or trunc)
    assert np.allclose(env.unwrapped.state, plain.unwrapped.state)  # three physics steps
    assert pixels.pipeline_stats(env)["frames"] == 2  # reset + one decision: two renders
    total, done = reward, False
    while not done:  # always pushing right: the episode ends within the repeat, rewards stop there
        _, reward, term, trunc, _ = env.step(1)
        total, done = total + reward, term or trunc
    steps = 0
    plain.reset(seed=4)
    while True:
        steps += 1
        _, _, term, trunc, _ = plain.step(1)
        if term or trunc:
            break
    assert total == steps
    env.close()


def test_set_canvas_only_before_the_first_render():
    env = make("CartPole-v1", render_mode="rgb_array")
    pixels.set_canvas(env, 120, 160)
    env.reset(seed=0)
    assert env.render().shape == (160, 120, 3)
    with pytest.raises(RuntimeError):
        pixels.set_canvas(env, 240, 160)
    env.close()


def test_pixel_observation_needs_rgb_array():
    with pytest.raises(ValueError, match="rgb_array"):
        pixels.PixelObservation(make("CartPole-v1"), first_channel, (0, 8, 0, 8), 2)


def test_wrong_preprocess_shape_is_reported():
    env = pixels.make_pixel_cartpole(lambda f, c, k: np.zeros((3, 3)), push, SPEC)
    with pytest.raises(ValueError, match="preprocess returned shape"):
        env.reset(seed=0)


class ArrayBuffer:
    """A minimal replay buffer with numpy arrays, counters and its own generator."""

    def __init__(self, capacity, obs_shape, seed=0, dtype=np.float32):
        self.obs = np.zeros((capacity, *obs_shape), dtype=dtype)
        self.next_obs = np.zeros((capacity, *obs_shape), dtype=dtype)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.truncated = np.zeros(capacity, dtype=np.float32)
        self.capacity, self.position, self.size = capacity, 0, 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, action, reward, next_obs, terminated, truncated):
        i = self.position
        self.obs[i], self.next_obs[i], self.actions[i] = obs, next_obs, action
        self.rewards[i], self.terminated[i], self.truncated[i] = reward, terminated, truncated
        self.position, self.size = (i + 1) % self.capacity, min(self.size + 1, self.capacity)

    def __len__(self):
        return self.size

    def sample(self, batch_size):
        idx = self.rng.integers(0, self.size, size=batch_size)
        return Batch(*(torch.from_numpy(a[idx]) for a in (
            self.obs, self.actions, self.rewards, self.next_obs, self.terminated, self.truncated)))


def _filled(capacity=20, n=13, dtype=np.uint8):
    buf = ArrayBuffer(capacity, (2, 3, 4), seed=1, dtype=dtype)
    for i in range(n):
        buf.add(np.full((2, 3, 4), i), i % 2, float(i), np.full((2, 3, 4), i + 1), i == 5, False)
    return buf


def test_replay_memory_bytes_uint8_is_a_quarter():
    small, big = _filled(dtype=np.uint8), _filled(dtype=np.float32)
    per_obs = 2 * 3 * 4 * 20
    other = 20 * (8 + 4 + 4 + 4)
    assert pixels.replay_memory_bytes(small) == 2 * per_obs + other
    assert pixels.replay_memory_bytes(big) == 2 * 4 * per_obs + other


def test_device_buffer_on_cpu_is_transparent():
    buf = pixels.DeviceBuffer(_filled(), "cpu")
    assert len(buf) == 13 and buf.capacity == 20
    batch = buf.sample(4)
    assert batch.obs.dtype == torch.uint8 and batch.obs.device.type == "cpu"
    buf.add(np.zeros((2, 3, 4)), 0, 0.0, np.zeros((2, 3, 4)), False, False)
    assert len(buf) == 14
    assert pixels.pick_device().type in {"cpu", "cuda"}


def test_save_and_load_buffer_round_trip(tmp_path):
    buf = _filled()
    path = pixels.save_buffer(pixels.DeviceBuffer(buf, "cpu"), tmp_path / "b.npz")
    other = ArrayBuffer(20, (2, 3, 4), seed=99, dtype=np.uint8)
    pixels.load_buffer(other, path)
    assert (other.size, other.position) == (buf.size, buf.position)
    assert np.array_equal(other.obs, buf.obs) and np.array_equal(other.terminated, buf.terminated)
    a, b = buf.sample(8), other.sample(8)  # the generator's state was restored too
    assert torch.equal(a.obs, b.obs) and torch.equal(a.actions, b.actions)
    with pytest.raises(ValueError, match="shape"):
        pixels.load_buffer(ArrayBuffer(10, (2, 3, 4), dtype=np.uint8), path)


class Tiny(nn.Module):
    def __init__(self, obs_shape, n_actions, hidden=()):
        super().__init__()
        self.linear = nn.Linear(int(np.prod(obs_shape)), n_actions)

    def forward(self, x):
        return self.linear(x.float().flatten(1) / 255)


def _agent(config, obs_shape=(2, 3, 4), n_actions=2):
    torch.manual_seed(0)
    q, t = Tiny(obs_shape, n_actions), Tiny(obs_shape, n_actions)
    return Agent(q, t, make_optimizer(config, q.parameters()),
                 ArrayBuffer(config.buffer_size, obs_shape, seed=config.seed, dtype=np.uint8),
                 obs_shape, n_actions)


def test_checkpoint_every_and_resume(tmp_path):
    config = DQNConfig(buffer_size=20, lr=0.01)
    agent = _agent(config)
    agent.buffer = _filled()
    path = tmp_path / "run.pt"
    saver = pixels.CheckpointEvery(path, every_steps=100, config=config)
    agent.steps = 50
    assert saver(agent) is False and not path.exists()   # first call: nothing to save yet
    agent.steps = 160
    saver(agent)
    assert saver.saved_at == [160] and path.exists() and pixels.buffer_path(path).exists()
    batch = agent.buffer.sample(8)   # train a step, so the optimiser has state
    loss = agent.q_net(batch.obs).sum()
    agent.optimizer.zero_grad()
    loss.backward()
    agent.optimizer.step()
    agent.steps = 230
    saver(agent)
    assert saver.saved_at == [160]   # fewer than 100 steps since the last save
    agent.steps = 275
    agent.episodes = 7
    saver(agent)
    assert saver.saved_at == [160, 275]
    restored, restored_config = pixels.resume(path, lambda c, shape, n: _agent(c, shape, n))
    assert restored_config == config
    assert restored.obs_dim == (2, 3, 4) and (restored.steps, restored.episodes) == (275, 7)
    for a, b in zip(agent.q_net.state_dict().values(), restored.q_net.state_dict().values()):
        assert torch.equal(a, b)
    assert restored.optimizer.state_dict()["state"][0]["step"] == 1
    assert len(restored.buffer) == 13 and np.array_equal(restored.buffer.obs, agent.buffer.obs)
    assert torch.equal(restored.buffer.sample(4).obs, agent.buffer.sample(4).obs)
    assert not list(tmp_path.glob("*.tmp*"))


def test_measure_throughput_reports_every_stage():
    spec = pixels.PixelSpec(k=2)
    stored = []
    stats = pixels.measure_throughput(
        lambda: pixels.set_canvas(make("CartPole-v1", render_mode="rgb_array"), 240, 160),
        lambda: pixels.make_pixel_cartpole(first_channel, push, spec), steps=30,
        store=lambda o, n: stored.append((o.shape, n.shape)))
    assert len(stored) == 30 and stored[0] == ((2, 20, 60), (2, 20, 60))
    assert stats["raw_fps"] > 0 and stats["pipeline_fps"] > 0 and stats["render_ms"] > 0
    assert 0 <= stats["overhead_vs_render"] < 100


def test_atari_is_optional():
    if not pixels.atari_available():
        with pytest.raises(ImportError):
            pixels.make_atari()
        return
    env = pixels.make_atari("PongNoFrameskip-v4")
    obs, _ = env.reset(seed=0)
    assert obs.shape == (4, 84, 84) and obs.dtype == np.uint8
    env.close()


def test_views_return_axes():
    stack = np.random.default_rng(0).integers(0, 256, (3, 20, 60), dtype=np.uint8)
    axes = pixels.show_stack(stack)
    assert len(axes) == 3 and axes[-1].get_title() == "frame t"
    assert len(pixels.show_maps(np.zeros((5, 4, 4)), cols=4)) == 8
    ax = pixels.overlay_saliency(stack[-1], np.abs(np.random.default_rng(1).normal(size=(20, 60))))
    assert ax.get_title() == "saliency"
    matplotlib.pyplot.close("all")


def test_the_notebooks_pixel_config_is_the_one_the_benchmark_measures():
    # Notebook 05 writes its pixel-CartPole hyperparameters out for students;
    # benchmarks/dqn_pixels.py measures REFERENCE. They must not drift apart.
    import sys

    from conftest import REPO, notebook_config

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from dqn_pixels import REFERENCE, STOP
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    fields = notebook_config("05_conv_dqn", "PIXELS")
    assert {k: fields[k] for k in REFERENCE} == REFERENCE
    assert set(fields) - set(REFERENCE) == {"env_id", "seed", "total_steps", "optimizer"}
    # and its stopping rule is the benchmark's
    assert notebook_config("05_conv_dqn", "solved", "StopWhenSolved") == {**STOP, "threshold": 195}
