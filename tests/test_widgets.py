"""The value-iteration explorer of notebook 02, driven through its widget objects, and the
grid figures it draws (dqlcourse.widgets, dqlcourse.gridviz)."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dqlcourse.envs import make  # noqa: E402
from dqlcourse.gridviz import (  # noqa: E402
    ink_for,
    plot_convergence,
    plot_grid_values,
    plot_learning_curve,
    plot_q_gap,
    relative_luminance,
)
from dqlcourse.mdp import from_env, gridworld, optimal_q  # noqa: E402
from dqlcourse.plotting import moving_average  # noqa: E402
from dqlcourse.widgets import ValueIterationExplorer  # noqa: E402

PNG = b"\x89PNG"


def backup(Q, P, R, gamma):
    return np.einsum("ijk,ijk->ij", P, R + gamma * Q.max(axis=1))


def greedy(Q):
    return Q.argmax(axis=1)


@pytest.fixture
def explorer():
    return ValueIterationExplorer(backup, greedy, gamma=0.9, slip=0.2)


def test_starts_solved_and_drawn(explorer):
    assert explorer.sweeps > 1 and explorer.deltas[-1] < explorer.tol
    assert np.allclose(explorer.Q, optimal_q(gridworld(0.2), 0.9), atol=1e-6)
    assert explorer.png.startswith(PNG) and explorer.image.value == explorer.png
    assert "sweeps" in explorer.status.value


def test_discount_slider_recomputes_and_redraws(explorer):
    before = explorer.png
    explorer.gamma.value = 0.5
    assert np.allclose(explorer.Q, optimal_q(gridworld(0.2), 0.5), atol=1e-6)
    assert explorer.png != before


def test_slip_and_step_reward_sliders_rebuild_the_mdp(explorer):
    explorer.slip.value = 0.0
    explorer.step_reward.value = -0.3
    assert explorer.mdp.meta == {"slip": 0.0, "step_reward": -0.3}
    assert np.allclose(explorer.Q, optimal_q(gridworld(0.0, -0.3), 0.9), atol=1e-6)


def test_buttons_reset_step_and_solve(explorer):
    explorer.reset_button.click()
    assert explorer.sweeps == 0 and not explorer.Q.any()
    explorer.step_button.click()
    explorer.step_button.click()
    mdp = explorer.mdp
    two = backup(backup(np.zeros_like(explorer.Q), mdp.P, mdp.R, 0.9), mdp.P, mdp.R, 0.9)
    assert explorer.sweeps == 2 and np.allclose(explorer.Q, two)
    explorer.solve_button.click()
    assert explorer.deltas[-1] < explorer.tol


def test_degrades_to_a_static_figure_where_widgets_cannot_render(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert bundle["text/plain"].startswith("ValueIterationExplorer")


def test_an_unfinished_backup_raises_not_implemented():
    def stub(Q, P, R, gamma):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        ValueIterationExplorer(stub, greedy)


def test_plots_return_their_axes():
    lake = from_env(make("FrozenLake-v1"))
    Q = optimal_q(lake, 0.99)
    ax = plot_grid_values(lake, Q.max(axis=1), Q.argmax(axis=1))
    assert len(ax.texts) >= 16 and ax.get_title() == lake.name
    cliff = from_env(make("CliffWalking-v1"))
    plot_grid_values(cliff, np.zeros(48), np.zeros(48, dtype=int), annotate=False)
    _, axes = plt.subplots(1, 3)
    assert plot_convergence([1.0, 0.1, 0.0], tol=1e-3, ax=axes[0]) is axes[0]
    assert plot_learning_curve([0, 1, 1, 0], window=2, ax=axes[1]) is axes[1]
    assert plot_q_gap([1, 2], [0.5, 0.1], ax=axes[2], label="max") is axes[2]
    plt.close("all")
    with pytest.raises(ValueError):
        plot_grid_values(from_env(make("Taxi-v4")), np.zeros(500))


def test_grid_labels_are_readable_on_every_cell_colour():
    cmap = plt.get_cmap("viridis")
    assert ink_for(cmap(0.0)) == "white" and ink_for(cmap(1.0)) == "black"  # dark purple, yellow
    assert ink_for((1, 1, 1)) == "black" and ink_for((0, 0, 0)) == "white"
    assert relative_luminance((1, 1, 1)) == pytest.approx(1) and relative_luminance((0, 0, 0)) == 0
    grid = gridworld(slip=0.2)
    for values in (np.zeros(grid.n_states), optimal_q(grid, 0.9).max(axis=1)):
        ax = plot_grid_values(grid, values, np.zeros(grid.n_states, dtype=int))
        image = ax.images[0]
        for text in ax.texts:
            col, row = (round(v) for v in text.get_position())
            if np.ma.is_masked(image.get_array()[row, col]):
                continue  # walls: white on grey
            cell = image.cmap(image.norm(image.get_array()[row, col]))
            lum = relative_luminance(cell)
            # Values and labels are texts; the policy's arrows are annotations without text.
            arrow = getattr(text, "arrow_patch", None)
            color = arrow.get_edgecolor() if arrow is not None else text.get_color()
            ink = relative_luminance(matplotlib.colors.to_rgba(color))
            ratio = (max(lum, ink) + 0.05) / (min(lum, ink) + 0.05)
            assert ratio >= 4.5, (text.get_text(), cell, color)  # WCAG AA for text
        plt.close("all")


def test_moving_average_is_trailing():
    assert np.allclose(moving_average([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5])
    assert np.allclose(moving_average([5.0], 10), [5.0])
    assert moving_average([], 3).size == 0
    with pytest.raises(ValueError):
        moving_average([1.0], 0)
