"""Interactive Q-value iteration on the gridworld (notebook 02), with a static fallback.

:class:`ValueIterationExplorer` runs *the student's own* ``bellman_backup`` and
``greedy_policy``: sliders for the discount, the slip probability and the step reward rebuild
the MDP and solve it again; buttons apply one backup at a time, solve to convergence, or start
again from ``Q = 0``. The figure is drawn with matplotlib into a PNG shown by an
``ipywidgets.Image``.

Where widgets cannot render (a static viewer, a frontend without the widget manager, a
notebook executed by nbconvert), the same display carries the current figure as ``image/png``,
which the frontend shows instead. Tests drive the widget objects directly: set
``explorer.gamma.value``, call ``explorer.step_button.click()``, read ``explorer.Q``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dqlcourse.gridviz import plot_convergence, plot_grid_values
from dqlcourse.mdp import TabularMDP, gridworld

Backup = Callable[[np.ndarray, np.ndarray, np.ndarray, float], np.ndarray]


class ValueIterationExplorer:
    """Sliders and buttons around Q-value iteration on a gridworld.

    Args:
        bellman_backup: ``(Q, P, R, gamma) -> Q_next``, shapes ``(S, A)`` and ``(S, A, S)``.
        greedy_policy: ``Q -> policy``, shape ``(S,)``.
        make_mdp: ``(slip, step_reward) -> TabularMDP``; :func:`dqlcourse.mdp.gridworld` by default.
        gamma, slip, step_reward: initial slider values.
        tol: a "solve" stops when ``max |Q_{k+1} - Q_k| < tol``.
        max_sweeps: a "solve" stops after this many sweeps at the latest.

    Attributes:
        gamma, slip, step_reward: the ``FloatSlider`` widgets.
        step_button, solve_button, reset_button: the ``Button`` widgets.
        image: the ``Image`` widget showing the figure; ``png`` holds its bytes.
        mdp, Q, sweeps, deltas: the current MDP, Q-values, number of sweeps since ``Q = 0`` and
            the change of each sweep.
        widget: the whole ``VBox`` (what is displayed).
    """

    def __init__(self, bellman_backup: Backup, greedy_policy: Callable[[np.ndarray], np.ndarray],
                 make_mdp: Callable[[float, float], TabularMDP] | None = None, gamma: float = 0.9,
                 slip: float = 0.2, step_reward: float = 0.0, tol: float = 1e-8,
                 max_sweeps: int = 2000):
        self.backup, self.greedy = bellman_backup, greedy_policy
        self.make_mdp = make_mdp or (lambda slip, step_reward: gridworld(slip, step_reward))
        self.tol, self.max_sweeps = tol, max_sweeps
        style = {"description_width": "90px"}
        self.gamma = widgets.FloatSlider(value=gamma, min=0.0, max=0.99, step=0.01,
                                         description="discount γ", continuous_update=False, style=style)
        self.slip = widgets.FloatSlider(value=slip, min=0.0, max=1.0, step=0.05,
                                        description="slip", continuous_update=False, style=style)
        self.step_reward = widgets.FloatSlider(value=step_reward, min=-1.0, max=0.2, step=0.01,
                                               description="step reward", continuous_update=False,
                                               style=style)
        self.step_button = widgets.Button(description="one backup", icon="step-forward")
        self.solve_button = widgets.Button(description="solve", icon="fast-forward")
        self.reset_button = widgets.Button(description="Q = 0", icon="undo")
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.png = b""
        self.widget = widgets.VBox([
            widgets.HBox([self.gamma, self.slip, self.step_reward]),
            widgets.HBox([self.step_button, self.solve_button, self.reset_button, self.status]),
            self.image,
        ])
        for slider in (self.gamma, self.slip, self.step_reward):
            slider.observe(self._on_slider, names="value")
        self.step_button.on_click(lambda _: self.step())
        self.solve_button.on_click(lambda _: self.solve())
        self.reset_button.on_click(lambda _: self.reset())
        self.mdp = self.make_mdp(self.slip.value, self.step_reward.value)
        self.Q = np.zeros((self.mdp.n_states, self.mdp.n_actions))
        self.sweeps, self.deltas = 0, []
        self.solve()

    # ----------------------------------------------------------------- actions

    def _apply_backup(self) -> float:
        Q_next = np.asarray(self.backup(self.Q, self.mdp.P, self.mdp.R, self.gamma.value), dtype=float)
        delta = float(np.max(np.abs(Q_next - self.Q)))
        self.Q, self.sweeps = Q_next, self.sweeps + 1
        self.deltas.append(delta)
        return delta

    def step(self) -> None:
        """Apply one Bellman backup to the current Q and redraw."""
        self._apply_backup()
        self.redraw()

    def solve(self) -> None:
        """Back up until the change is below ``tol`` (or ``max_sweeps``), then redraw."""
        while self.sweeps < self.max_sweeps and self._apply_backup() >= self.tol:
            pass
        self.redraw()

    def reset(self) -> None:
        """Start again from ``Q = 0`` (zero sweeps) and redraw."""
        self.Q = np.zeros((self.mdp.n_states, self.mdp.n_actions))
        self.sweeps, self.deltas = 0, []
        self.redraw()

    def _on_slider(self, _change) -> None:
        self.mdp = self.make_mdp(self.slip.value, self.step_reward.value)
        self.Q = np.zeros((self.mdp.n_states, self.mdp.n_actions))
        self.sweeps, self.deltas = 0, []
        self.solve()

    # ----------------------------------------------------------------- drawing

    def figure(self) -> Figure:
        """The current state as a matplotlib ``Figure`` (values and policy, convergence)."""
        fig = Figure(figsize=(10.5, 3.4))
        FigureCanvasAgg(fig)
        ax_grid, ax_conv = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
        plot_grid_values(self.mdp, self.Q.max(axis=1), self.greedy(self.Q), ax=ax_grid,
                         title=f"max_a Q after {self.sweeps} sweeps, γ = {self.gamma.value:.2f}")
        if self.deltas:
            plot_convergence(self.deltas, tol=self.tol, ax=ax_conv)
        else:
            ax_conv.text(0.5, 0.5, "no sweep yet", ha="center", va="center")
        fig.tight_layout()
        return fig

    def redraw(self) -> None:
        """Render the figure into ``png`` and the ``Image`` widget; update the status line."""
        buffer = io.BytesIO()
        self.figure().savefig(buffer, format="png", dpi=80)
        self.png = buffer.getvalue()
        self.image.value = self.png
        last = f"{self.deltas[-1]:.2e}" if self.deltas else "–"
        self.status.value = f"&nbsp;sweeps: <b>{self.sweeps}</b>, last change: <b>{last}</b>"

    def _repr_mimebundle_(self, **kwargs):
        """The widget for frontends that render widgets, the current figure for the others."""
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        bundle["text/plain"] = (f"ValueIterationExplorer(gamma={self.gamma.value}, slip={self.slip.value}, "
                                f"sweeps={self.sweeps})")
        return bundle
