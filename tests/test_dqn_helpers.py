"""Unit tests of notebook 04's helpers: dqlcourse.dqn, dqlcourse.testenvs, dqlcourse.live,
and the mock network of dqlcourse.checks.nb04_dqn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from torch import nn

from dqlcourse.checks.mocks import TableQ, one_hot, table_batch
from dqlcourse.dqn import (Agent, DQNConfig, History, StopWhenSolved, chain_callbacks,
                           evaluate_greedy, load_checkpoint, make_batch, make_optimizer,
                           q_diagnostics, save_checkpoint)
from dqlcourse.live import LiveTraining, plot_returns, progress_html
from dqlcourse.testenvs import Corridor, MovingDot, StayOrLeave


class Constant(nn.Module):
    """Q-values that do not depend on the observation: the greedy action is fixed."""

    def __init__(self, q):
        super().__init__()
        self.q = nn.Parameter(torch.tensor(q, dtype=torch.float32))

    def forward(self, obs):
        return self.q.expand(obs.shape[0], -1)


class CorridorExpert(nn.Module):
    """Prefers the forward action of an alternating corridor: action (cell % 2)."""

    def forward(self, obs):
        cell = obs.argmax(dim=1)
        return nn.functional.one_hot(cell % 2, 2).float()


# --------------------------------------------------------------------------- testenvs

def test_corridor_optimal_path_and_time_limit():
    env = Corridor(length=6, time_limit=50)
    obs, _ = env.reset(seed=0)
    assert obs.tolist() == [1, 0, 0, 0, 0, 0]
    total, terminated = 0.0, False
    while not terminated:
        cell = int(np.argmax(obs))
        obs, r, terminated, truncated, _ = env.step(cell % 2)
        total += r
        assert not truncated
    assert total == env.optimal_return == -5.0
    env = Corridor(length=4, time_limit=3)
    env.reset()
    flags = [env.step(1)[2:4] for _ in range(3)]  # cell 0: forward is action 0, so 1 goes back
    assert flags[-1] == (False, True) and flags[0] == (False, False)


def test_corridor_without_alternation_walks_right():
    env = Corridor(length=3, alternate=False)
    env.reset()
    assert env.step(1)[0].tolist() == [0, 1, 0]
    assert env.step(1)[2] is True


def _dot_column(frame):
    return int(np.flatnonzero(frame[2, :, 0] == 0)[0])


def test_moving_dot_moves_and_pays_for_naming_the_direction_on_the_second_step():
    env = MovingDot()
    directions = set()
    for seed in range(40):
        env.reset(seed=seed)
        frames = [env.render()]
        for _ in range(2):
            _, reward, terminated, truncated, _ = env.step(env._direction)
            frames.append(env.render())
        assert (reward, terminated, truncated) == (1.0, True, False)
        columns = [_dot_column(f) for f in frames]
        step = columns[1] - columns[0]
        assert step == columns[2] - columns[1] and abs(step) == env.size
        assert all(0 <= c <= env.width - env.size for c in columns)
        assert (frames[0] == 0).sum() == env.size * env.size * 3  # one black square, inside
        directions.add(step > 0)
    assert directions == {True, False}
    env.reset(seed=0)
    assert env.step(0)[1:3] == (0.0, False)  # the first step earns nothing
    assert env.step(1 - env._direction)[1] == 0.0


def test_stay_or_leave():
    env = StayOrLeave(leave_reward=4.0, time_limit=3)
    env.reset()
    assert env.step(1)[1:4] == (1.0, False, False)
    assert env.step(1)[1:4] == (1.0, False, False)
    assert env.step(1)[1:4] == (1.0, False, True)
    env.reset()
    assert env.step(0)[1:4] == (4.0, True, False)
    assert StayOrLeave(time_limit=20).optimal_return == 20.0


# --------------------------------------------------------------------------- dqn helpers

def test_evaluate_greedy_on_known_policies():
    returns = evaluate_greedy(CorridorExpert(), lambda: Corridor(6), seeds=[0, 1, 2])
    assert returns.tolist() == [-5.0, -5.0, -5.0]
    stay = evaluate_greedy(Constant([0.0, 1.0]), lambda: StayOrLeave(time_limit=20), seeds=[0])
    leave = evaluate_greedy(Constant([1.0, 0.0]), lambda: StayOrLeave(time_limit=20), seeds=[0])
    assert stay.tolist() == [20.0] and leave.tolist() == [4.0]


def test_config_round_trip():
    config = DQNConfig(hidden=(8, 4), lr=0.5, double_dqn=True)
    assert DQNConfig.from_dict(config.as_dict()) == config
    with pytest.raises(TypeError):
        DQNConfig.from_dict({"not_a_field": 1})
    with pytest.raises(ValueError):
        make_optimizer(DQNConfig(optimizer="sgd"), [nn.Parameter(torch.zeros(1))])


def _make_agent(config, obs_dim, n_actions):
    q, t = nn.Linear(obs_dim, n_actions), nn.Linear(obs_dim, n_actions)
    t.load_state_dict(q.state_dict())
    return Agent(q, t, make_optimizer(config, q.parameters()), None, obs_dim, n_actions)


def test_checkpoint_round_trip(tmp_path):
    config = DQNConfig(hidden=(3,), lr=0.1)
    agent = _make_agent(config, 4, 2)
    loss = agent.q_net(torch.ones(1, 4)).sum()
    loss.backward()
    agent.optimizer.step()
    agent.steps, agent.episodes = 123, 7
    agent.history = History(episode_returns=[1.0, 2.0], episode_end_steps=[10, 20],
                            epsilons=[0.5, 0.4], losses=[0.1], diagnostics=[{"step": 5, "q_mean": 1.0}])
    path = save_checkpoint(tmp_path / "sub" / "a.pt", agent, config)
    loaded, loaded_config = load_checkpoint(path, _make_agent)
    assert loaded_config == config
    assert (loaded.steps, loaded.episodes) == (123, 7)
    assert loaded.history == agent.history
    for a, b in zip(agent.q_net.parameters(), loaded.q_net.parameters()):
        assert torch.equal(a, b)
    assert loaded.optimizer.state_dict()["state"][0]["step"] == agent.optimizer.state_dict()["state"][0]["step"]


def test_q_diagnostics_on_a_table():
    q, target = TableQ([[1.0, 3.0], [0.0, -2.0]]), TableQ([[0.0, 1.0], [2.0, 0.0]])
    batch = table_batch({"s": [0, 1], "a": [1, 0], "r": [1.0, 0.0], "s2": [1, 0],
                         "term": [0, 1], "trunc": [0, 0]}, 2)
    stats = q_diagnostics(q, target, batch, gamma=0.5)
    # max_a Q(s) = [3, 0]; targets [1 + 0.5 * 2, 0]; Q(s, a) = [3, 0]; |TD| = [1, 0]
    assert stats == pytest.approx({"q_mean": 1.5, "q_max": 3.0, "td_abs_mean": 0.5})


def test_make_batch_dtypes():
    b = make_batch([[1, 2]], [1], [0.5], [[3, 4]], [True], [False])
    assert b.obs.dtype == torch.float32 and b.actions.dtype == torch.int64
    assert b.terminated.tolist() == [1.0] and b.truncated.tolist() == [0.0]


def test_stop_when_solved_and_chain():
    agent = _make_agent(DQNConfig(), 1, 2)
    with torch.no_grad():
        agent.q_net.weight.copy_(torch.tensor([[0.0], [1.0]]))  # obs is [1]: stay is greedy
        agent.q_net.bias.zero_()
    stop = StopWhenSolved(lambda: StayOrLeave(time_limit=20), threshold=20, seeds=range(5),
                          every_steps=100, screen=2)
    agent.steps = 50
    assert stop(agent) is False and stop.evaluations == []  # too early
    agent.steps = 100
    assert stop(agent) is True
    assert stop.solved_at_step == 100
    assert [n for _, _, n in stop.evaluations] == [2, 5]
    calls = []
    both = chain_callbacks(lambda a: calls.append(1), None, lambda a: True)
    assert both(agent) is True and calls == [1]


def test_stop_when_solved_screen_threshold_decides_when_all_episodes_run():
    agent = _make_agent(DQNConfig(), 1, 2)
    with torch.no_grad():
        agent.q_net.weight.copy_(torch.tensor([[1.0], [0.0]]))  # leave at once: return 4
        agent.q_net.bias.zero_()
    agent.steps = 100
    strict = StopWhenSolved(lambda: StayOrLeave(time_limit=20), threshold=5, seeds=range(5),
                            every_steps=100, screen=2)
    assert strict(agent) is False and [n for _, _, n in strict.evaluations] == [2]
    lenient = StopWhenSolved(lambda: StayOrLeave(time_limit=20), threshold=5, seeds=range(5),
                             every_steps=100, screen=2, screen_threshold=4)
    assert lenient(agent) is False  # the screen (4) passes, all 5 episodes (4) do not
    assert [(m, n) for _, m, n in lenient.evaluations] == [(4.0, 2), (4.0, 5)]
    assert lenient.solved_at_step is None


def test_table_q_and_one_hot():
    q = TableQ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert q(torch.from_numpy(one_hot([2, 0], 3))).tolist() == [[5.0, 6.0], [1.0, 2.0]]


# --------------------------------------------------------------------------- live

def test_plot_returns_and_progress():
    ax = plot_returns([1, 2, 3], [10, 20, 30], threshold=2.5, label="run")
    assert ax.get_xlabel() == "environment steps"
    assert len(ax.lines) == 3
    html = progress_html(5, 10, "half <done>")
    assert "progress" in html and "50.0%" in html and "&lt;done&gt;" in html


def test_live_training_prints_outside_a_notebook(capsys):
    agent = _make_agent(DQNConfig(), 1, 2)
    agent.steps, agent.episodes = 10, 1
    agent.history.episode_returns.append(5.0)
    agent.history.episode_end_steps.append(10)
    agent.history.epsilons.append(0.9)
    live = LiveTraining(total_steps=100, every_seconds=0.0, stop=lambda a: a.steps >= 10)
    assert live(agent) is True
    live.close()
    out = capsys.readouterr().out
    assert "step 10/100" in out and "mean(100) 5.0" in out


def test_the_notebooks_cartpole_config_is_the_one_the_check_and_benchmark_use():
    # The CartPole hyperparameters are DQNConfig's defaults, written out in notebook 04 for
    # students to read; the behavioural check (its threshold is calibrated for them) and
    # benchmarks/dqn_cartpole.py use dqlcourse.dqn.CARTPOLE_CONFIG, derived from
    # the defaults. The notebook's copy must not drift from them.
    from conftest import notebook_config

    from dqlcourse.dqn import CARTPOLE_CONFIG

    fields = notebook_config("04_dqn", "CARTPOLE")
    assert {k: fields[k] for k in CARTPOLE_CONFIG} == {**CARTPOLE_CONFIG,
                                                      "hidden": tuple(CARTPOLE_CONFIG["hidden"])}
    assert set(fields) - set(CARTPOLE_CONFIG) == {"env_id", "seed", "total_steps", "optimizer"}
