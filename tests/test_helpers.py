"""The helper package: environments, seeding, rendering, plotting, notebook conveniences."""

from __future__ import annotations

import gymnasium as gym
import matplotlib
import numpy as np
import pytest
import torch

matplotlib.use("Agg")

from dqlcourse.envs import Episode, EpisodeGuard, ScriptedEnv, make  # noqa: E402
from dqlcourse.notebook import budget, quick_mode, until_implemented  # noqa: E402
from dqlcourse.plotting import plot_return_histogram  # noqa: E402
from dqlcourse.render import animate, frames_to_gif, record_frames  # noqa: E402
from dqlcourse.seeding import reset_seeded, seed_everything  # noqa: E402


def test_make_rejects_ids_of_older_tutorials_with_the_replacement():
    with pytest.raises(ValueError, match="CartPole-v1"):
        make("CartPole-v0")
    assert make("CartPole-v1").spec.id == "CartPole-v1"


def test_scripted_env_rewards_the_clock_action_and_ends_as_documented():
    env = ScriptedEnv([1.0, 2.0, 3.0], max_steps=10)
    obs, _ = env.reset(seed=1)
    assert obs.shape == (1,) and obs.dtype == np.float32
    assert env.step(0)[1:4] == (1.0, False, False)
    assert env.step(0)[1:4] == (0.0, False, False)  # step 1 rewards action 1
    assert env.step(0)[1:4] == (3.0, True, False)
    env = ScriptedEnv([1.0] * 5, max_steps=2)
    env.reset()
    env.step(0)
    assert env.step(1)[2:4] == (False, True)


def test_episode_guard_records_seeds_and_refuses_steps_after_the_end():
    env = EpisodeGuard(ScriptedEnv([1.0], max_steps=5))
    with pytest.raises(RuntimeError, match="before reset"):
        env.step(0)
    env.reset(seed=4)
    assert env.step(0)[2] is True
    with pytest.raises(RuntimeError, match="after the episode ended"):
        env.step(0)
    assert env.reset_seeds == [4]


def test_seed_everything_makes_python_numpy_and_torch_repeat():
    def draw(seed):
        rng = seed_everything(seed)
        return (np.random.rand(), torch.rand(1).item(), rng.random())

    assert draw(3) == draw(3)
    assert draw(3) != draw(4)
    with pytest.raises(ValueError):
        seed_everything(-1)


def _random_returns(seed: int, n: int = 5) -> list[float]:
    env = make("CartPole-v1")
    out = []
    for i in range(n):
        obs, _ = reset_seeded(env, seed + i)
        total, done = 0.0, False
        while not done:
            obs, r, term, trunc, _ = env.step(env.action_space.sample())
            total += r
            done = term or trunc
        out.append(total)
    return out


def test_same_seed_same_random_agent_returns():
    assert _random_returns(7) == _random_returns(7)
    assert _random_returns(7) != _random_returns(8)


def test_budget_and_quick_mode(monkeypatch):
    monkeypatch.setenv("DQL_QUICK", "1")
    assert quick_mode() and budget(100, 5) == 5
    monkeypatch.setenv("DQL_QUICK", "0")
    assert not quick_mode() and budget(100, 5) == 100


def test_until_implemented_skips_stubs_but_not_bugs(capsys):
    def stub():
        raise NotImplementedError()

    with until_implemented():
        stub()
    assert "`stub` is not implemented yet" in capsys.readouterr().out
    with pytest.raises(ZeroDivisionError), until_implemented():
        1 / 0


def test_a_skipped_block_draws_nothing(capsys):
    import matplotlib.pyplot as plt

    def stub():
        raise NotImplementedError()

    plt.close("all")
    earlier = plt.figure()  # opened before the block: not the block's to close
    with until_implemented():
        plt.figure()  # what a cell does before calling the unfinished function
        _, ax = plt.subplots()
        ax.plot(stub())
    assert plt.get_fignums() == [earlier.number]  # Jupyter shows no empty axes
    assert capsys.readouterr().out.count("\n") == 1  # one line: "Skipped: `stub` ..."
    with until_implemented():
        finished = plt.figure()
    assert plt.get_fignums() == [earlier.number, finished.number]  # a finished block keeps its own
    plt.close("all")


def test_record_frames_and_animation_headless():
    env = make("CartPole-v1", render_mode="rgb_array")
    frames = record_frames(env, lambda obs: 1, seed=0, max_steps=5)
    assert len(frames) == 6 and frames[0].shape == (400, 600, 3) and frames[0].dtype == np.uint8
    gif = frames_to_gif(frames, scale=0.25)
    assert gif[:6] == b"GIF89a"
    assert animate(frames).data.startswith('<img src="data:image/gif;base64,')
    with pytest.raises(ValueError, match="rgb_array"):
        record_frames(make("CartPole-v1"), lambda obs: 1, seed=0)


def test_plot_return_histogram_returns_its_axes():
    ax = plot_return_histogram([10, 20, 30])
    assert ax.get_xlabel() == "episode return"
    assert "mean = 20.0" in ax.get_legend().get_texts()[0].get_text()


def test_episode_is_a_named_tuple():
    rewards, terminated, truncated = Episode([1.0], True, False)
    assert rewards == [1.0] and terminated and not truncated
    assert isinstance(gym.spaces.Discrete(2), gym.Space)
