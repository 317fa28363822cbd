"""Notebook 04's pictures and numbers say what its text says (issue 18).

* the live plot: one status line of ~100 characters, a clean end after an early stop, a point
  for each greedy evaluation;
* section 10's comparison figure draws the greedy evaluations, the quantity that differs;
* section 12's broken run (no target network) visibly diverges, even at the quick budget;
* the numbers a student reads come from where they are measured: the CartPole check's budget
  from the check, the steps to solve from ``benchmarks/RESULTS.md``.

The notebook's own cells are executed here (in quick mode) on the reference answers, in one
namespace built as the notebook builds it.
"""

from __future__ import annotations

import contextlib
import io
import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from conftest import REPO

from autograder.notebooks import define_answers, read_notebook
from dqlcourse.checks import nb04_dqn as checks
from dqlcourse.dqn import DQNConfig, History
from dqlcourse.live import BAR_CH, STATUS_CHARS, LiveTraining, plot_evaluations, progress_html

NOTEBOOK = REPO / "solutions" / "04_dqn.ipynb"


def _cells() -> dict:
    return {cell.id: cell for cell in read_notebook(NOTEBOOK).cells}


def _fake_agent(steps: int, episodes: int, mean: float) -> SimpleNamespace:
    history = History(episode_returns=[mean] * 100, episode_end_steps=list(range(1, 101)),
                      epsilons=[0.05] * 100)
    return SimpleNamespace(steps=steps, episodes=episodes, history=history)


@pytest.fixture(scope="module")
def notebook_namespace():
    """The reference answers, the import cell and the CartPole cell of notebook 04, executed
    (quick mode: conftest sets DQL_QUICK), as the cells below them see them."""
    threads = torch.get_num_threads()
    cells = _cells()
    namespace = define_answers(read_notebook(NOTEBOOK))
    for cell_id in ("cell-01", "cell-48"):
        exec(compile(cells[cell_id].source, cell_id, "exec"), namespace)
    yield namespace
    torch.set_num_threads(threads)


def _run_cell(namespace: dict, cell_id: str) -> str:
    """Execute one cell of the notebook in ``namespace``; return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_cells()[cell_id].source, cell_id, "exec"), namespace)
    return out.getvalue()


# --------------------------------------------------------------------------- the live plot

@pytest.mark.parametrize("steps, total, episodes, mean", [
    (9_000, 60_000, 45, 123.4), (60_000, 60_000, 1_234, 500.0),
    (999_999, 1_000_000, 99_999, -123.4), (300_000, 300_000, 2_000, -1_234.5)])
@pytest.mark.parametrize("reason", ["", "solved"])
def test_the_status_line_fits_one_line_of_100_characters(steps, total, episodes, mean, reason):
    live = LiveTraining(total_steps=total, every_seconds=1e9)
    agent = _fake_agent(steps, episodes, mean)
    live(agent)
    live._t0 -= 99_999  # a long run: a wide elapsed time and a slow speed
    running = live.status(agent)[1]
    live.close(reason)
    ended = live.status(agent)[1]
    for text in (running, ended):
        assert len(text) <= STATUS_CHARS, text
        # bar, a space, "100.0%", a space, the text: one line of ~100 monospace characters
        assert BAR_CH + len(" 100.0% ") + len(text) <= 100, text


def test_the_status_line_wraps_only_between_phrases():
    html = progress_html(5, 10, "step 5/10 · 3 ep. · mean(100) 2.0")
    assert html.count('white-space:nowrap') == 3
    assert "mean(100) 2.0</span>" in html


def test_only_an_ended_runs_line_is_marked_ended():
    assert 'class="dql-live-ended"' in progress_html(9, 60, "stopped early at 9 of 60 steps", ended=True)
    assert "dql-live-ended" not in progress_html(9, 60, "step 9/60")


def test_close_after_an_early_stop_says_so_with_the_final_step(capsys):
    live = LiveTraining(total_steps=60_000, every_seconds=1e9)
    live(_fake_agent(9_000, 45, 480.0))
    live.close("solved")
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-1].startswith("stopped early at 9,000 of 60,000 steps: solved · ")


def test_close_after_the_whole_budget_says_done(capsys):
    live = LiveTraining(total_steps=60_000, every_seconds=1e9)
    live(_fake_agent(60_000, 300, 200.0))
    live.close()
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("done: 60,000 steps · ")


def test_the_live_plot_marks_each_greedy_evaluation_with_its_return():
    evaluations = [(2_000, 30.0, 10), (4_000, 480.0, 10), (4_000, 476.5, 100)]
    live = LiveTraining(total_steps=60_000, threshold=475, evaluations=evaluations)
    fig = live.figure(_fake_agent(4_000, 45, 100.0))
    (ax,) = fig.axes
    points = [line for line in ax.lines if line.get_label().startswith("greedy evaluation")]
    assert len(points) == 1 and points[0].get_linestyle() == "None"
    assert list(points[0].get_xdata()) == [2_000, 4_000, 4_000]
    assert list(points[0].get_ydata()) == [30.0, 480.0, 476.5]
    assert [t.get_text() for t in ax.texts] == ["476"]  # the last one, labelled with its return
    # the list is read at every redraw: evaluations appended later show up too
    evaluations.append((6_000, 500.0, 100))
    fig2 = live.figure(_fake_agent(6_000, 50, 120.0))
    assert len(fig2.axes[0].lines[-1].get_xdata()) == 4
    plt.close(fig)
    plt.close(fig2)


def test_plot_evaluations_draws_nothing_without_evaluations():
    fig, ax = plt.subplots()
    plot_evaluations([], ax)
    assert not ax.lines and not ax.texts
    plt.close(fig)


# --------------------------------------------------------------------------- the notebook's figures

def test_the_double_dqn_figure_draws_the_greedy_evaluations(notebook_namespace):
    plt.close("all")
    printed = _run_cell(notebook_namespace, "cell-60")
    curves = notebook_namespace["curves"]
    assert set(curves) == {"DQN, seed 0", "double DQN, seed 0"}
    (ax,) = plt.gcf().axes
    drawn = {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")}
    assert set(drawn) == set(curves)
    for label, evaluations in curves.items():
        assert len(evaluations) >= 2  # recorded during training, and the final one
        assert list(drawn[label].get_ydata()) == [e[1] for e in evaluations]
        assert list(drawn[label].get_xdata()) == [e[0] for e in evaluations]
        # the printed number is the curve's last point
        assert f"{label}: greedy return after {evaluations[-1][0]:,} steps = {evaluations[-1][1]:.1f}" in printed
    assert "greedy" in ax.get_ylabel()
    plt.close("all")


def test_the_broken_run_visibly_diverges_beside_the_healthy_one(notebook_namespace):
    namespace = notebook_namespace
    namespace["agent"] = None  # section 9 not run: the broken run is drawn alone
    _run_cell(namespace, "cell-64")  # defines plot_diagnostics (and says section 9 is missing)
    plt.close("all")
    printed = _run_cell(namespace, "cell-65")
    broken = namespace["BROKEN"]
    assert broken.target_update_every == 1
    assert {k: v for k, v in vars(broken).items() if k not in ("target_update_every", "total_steps")} == {
        k: v for k, v in vars(namespace["CARTPOLE"]).items() if k not in ("target_update_every", "total_steps")}
    bound = 1 / (1 - broken.gamma)
    q_means = [d["q_mean"] for d in namespace["broken_agent"].history.diagnostics]
    # quick mode: 2,500 steps, about 375 gradient steps; the reference passed 10,000 by step 1,500
    assert max(q_means) > 10 * bound, q_means
    assert "no target network: mean max_a Q = " in printed
    fig = plt.gcf()
    q_axis = fig.axes[2]
    assert q_axis.get_yscale() == "symlog"
    assert max(max(line.get_ydata()) for line in q_axis.lines) > 10 * bound
    plt.close("all")


# --------------------------------------------------------------------------- numbers from their source

@pytest.mark.parametrize("quick", [False, True])
def test_the_printed_check_budget_is_the_checks_own(monkeypatch, quick):
    monkeypatch.setenv("DQL_QUICK", "1" if quick else "0")
    cells = read_notebook(NOTEBOOK).cells
    ids = [cell.id for cell in cells]
    text, printer = ids.index("cell-53"), ids.index("cell-53b")
    assert ids[printer + 1] == "check-train-dqn-cartpole" and printer == text + 1
    assert not re.search(r"\d", cells[text].source), "the text states no budget: the cell prints it"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(cells[printer].source, "cell-53b", "exec"), {"checks": checks})
    case = checks.TRAIN_CARTPOLE.cases[0]
    kwargs = case.kwargs
    seeds = kwargs["quick"]["seeds"] if quick else kwargs["seeds"]
    threshold = (case.expected_quick if quick else case.expected)["greedy return"]
    assert out.getvalue().strip() == (
        f"the check trains {len(seeds)} seed(s) for {kwargs['config']['total_steps']:,} steps each, "
        f"then needs a mean greedy return of at least {threshold:g} over {kwargs['eval_episodes']} "
        f"evaluation episodes per seed")


def _current_cartpole_record() -> str:
    text = (REPO / "benchmarks" / "RESULTS.md").read_text()
    sections = re.split(r"\n(?=## )", text)
    (record,) = [s for s in sections
                 if s.startswith("## Notebook 04: DQN on CartPole-v1") and "current record" in s]
    return record


def test_the_steps_to_solve_in_the_text_are_the_current_benchmark_record():
    record = _current_cartpole_record()
    # measured with the configuration the notebook uses (DQNConfig's defaults)
    default = DQNConfig()
    assert f"every **{default.train_every}** environment steps" in record
    assert f"batch **{default.batch_size}**" in record
    assert f"learning rate **{default.lr:.0e}**".replace("e-0", "e-") in record  # 4e-3
    median = re.search(r"^\| reference \| 10/10 \| ([\d,]+) \|", record, re.M).group(1)
    low, high = re.search(rf"and {median} environment steps \(([\d,]+)-([\d,]+);", record).groups()
    cells = _cells()
    assert f"in a median of {median} environment steps" in cells["cell-00"].source
    assert f"in {low}–{high} steps on ten training seeds (median {median})" in cells["cell-47"].source
    markdown = " ".join(c.source for c in cells.values() if c.cell_type == "markdown")
    for stated in re.findall(r"median (?:of )?([\d,]{5,})", markdown):
        assert stated == median, f"the notebook states a median of {stated}, RESULTS.md {median}"
