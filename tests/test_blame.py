"""Blame the right function: a bug in one function costs points mainly in its own checks, and
where a check of another function fails because of it, that check's report names it.

The graders blame by what each check can reach (:func:`dqlcourse.checks.core.assign_blame`):
the TODO functions the checked function uses in the submission's code (:func:`dqlcourse.cells.
dependencies`, through the student's helpers too) and the ones the check's adapter is handed
(``Check.uses``). That is complete only if no check calls a TODO function it cannot reach that
way. This test watches every check of every reference notebook run and records which TODO
functions it called: each must be the checked function or one the blame rule would name. With
every mutant failing its own function's checks (``test_course.py``), a mutant that makes
another function's check fail therefore gets a report there that names the function at fault.
"""

from __future__ import annotations

import functools
import inspect

import pytest
from conftest import NAMES, REPO

from autograder.notebooks import (
    define_answers,
    define_reused,
    find_checks,
    grade_namespace,
    read_notebook,
)
from dqlcourse import cells
from dqlcourse.checks.core import Case, CaseResult, Check, Report, assign_blame


def _recording(fn, name: str, calls: set[str]):
    @functools.wraps(fn)
    def recorded(*args, **kwargs):
        calls.add(name)
        return fn(*args, **kwargs)
    return recorded


def _watch(namespace: dict, names: set[str], calls: set[str]) -> None:
    """Record every call of the functions ``names`` of ``namespace``, and of the methods of its
    classes among them, into ``calls`` (the answers call each other through ``namespace``)."""
    for name in names:
        obj = namespace.get(name)
        if inspect.isfunction(obj):
            namespace[name] = _recording(obj, name, calls)
        elif inspect.isclass(obj):
            for attr, value in list(vars(obj).items()):
                if inspect.isfunction(value):
                    setattr(obj, attr, _recording(value, name, calls))


@pytest.mark.parametrize("name", NAMES)
def test_every_check_calls_only_functions_its_blame_can_name(name):
    nb = read_notebook(REPO / "solutions" / f"{name}.ipynb")
    todo = set(cells.solution_names(nb))
    graded = find_checks(nb)
    reach = cells.dependencies(cells.answer_definitions(nb).definitions, todo)
    for item in graded:
        namespace = define_answers(nb)
        namespace.update(define_reused(nb, REPO / "solutions"))
        calls: set[str] = set()
        # the checked function stays itself (adapters read its globals): only the others are
        # watched
        _watch(namespace, todo - {item.check.function}, calls)
        report = grade_namespace(namespace, [item])[item.check.id]
        assert report.score == item.check.points, report.text()
        nameable = reach.get(item.check.function, set()) | set(item.check.uses)
        unreachable = calls - nameable
        assert not unreachable, (
            f"{item.check.id} calls {sorted(unreachable)}, which its blame cannot name: a bug "
            f"there would cost points here with no note saying where it is")


def _report(check: Check, passed: bool) -> Report:
    return Report(check, [CaseResult("c", passed, "passed" if passed else "failed")])


def test_a_check_blames_what_its_adapter_is_handed():
    # The whole-agent check of notebook 05 tests ConvQNetwork but trains with the student's
    # push_frame, handed to its adapter: when push_frame fails its own check, say so there.
    case = (Case("c"),)
    agent = Check("05.agent", "ConvQNetwork", 1, case, uses=("push_frame", "nb04"))
    push = Check("05.push", "push_frame", 1, case)
    reports = [_report(agent, False), _report(push, False)]
    assign_blame(reports, {})
    assert "`push_frame`" in reports[0].blame and not reports[1].blame


def test_the_whole_agent_check_names_the_notebook_04_function_at_fault(tmp_path):
    # Notebook 05's whole-agent check trains with the student's notebook-04 train_dqn; with a
    # train_dqn that never moves on to the next observation the agent cannot learn, and both
    # the notebook's own check and the grader say that notebook 04's train_dqn is at fault.
    import nbformat

    from autograder import grade as g
    from autograder import options as opt
    from autograder.examples import with_answer, write_examples
    from autograder.mutants import catalogue
    from dqlcourse.checks.kernel import run_check
    from dqlcourse.checks.nb05_conv_dqn import PIXEL_AGENT
    from dqlcourse.reuse import load_answers

    mutant = next(m for m in catalogue("04_dqn") if m.name == "forgets obs = next_obs")
    written = write_examples(REPO / "solutions" / "05_conv_dqn.ipynb",
                             REPO / "notebooks" / "05_conv_dqn.ipynb", tmp_path, ["complete"])
    submission = written["complete"]
    beside = submission.parent.parent / "04_dqn" / "04_dqn.ipynb"
    broken = with_answer(nbformat.read(beside, as_version=4), mutant.function, mutant.source,
                         mutant.added)
    nbformat.write(broken, beside)

    answers = define_answers(read_notebook(REPO / "solutions" / "05_conv_dqn.ipynb"))
    kernel = run_check(PIXEL_AGENT, answers["ConvQNetwork"],
                       preprocess_frame=answers["preprocess_frame"],
                       push_frame=answers["push_frame"],
                       nb04=load_answers("04_dqn.ipynb", beside.parent, quiet=True))
    [result] = g.grade_many([submission], None, opt.Options(jobs=1), progress=False)
    [graded] = [r for gc, r in result.reports if gc.check.id == PIXEL_AGENT.id]
    for report in (kernel, graded):
        assert report.score < PIXEL_AGENT.points
        assert "`train_dqn` from 04_dqn.ipynb" in report.blame, report.blame
    assert kernel.blame == graded.blame


def test_the_notebooks_own_check_blames_in_the_kernel(tmp_path):
    # In Jupyter: with a broken bellman_backup, q_value_iteration's check cell (which the
    # reference passes by calling bellman_backup) says to fix bellman_backup first.
    import nbformat

    from autograder.examples import with_answer
    from autograder.mutants import catalogue
    from autograder.notebooks import execute_notebook

    mutant = next(m for m in catalogue("02_value_iteration")
                  if m.name == "applies the discount twice")
    nb = with_answer(read_notebook(REPO / "solutions" / "02_value_iteration.ipynb"),
                     mutant.function, mutant.source, mutant.added)
    path = tmp_path / "02_value_iteration.ipynb"
    nbformat.write(nb, path)
    executed, _ = execute_notebook(path, timeout=300)
    shown = "\n".join(str(o.get("data", {}).get("text/html", "")) for c in executed.cells
                      if c.cell_type == "code" for o in c.get("outputs", []))
    assert "`q_value_iteration` uses your `bellman_backup`, which fails its own check" in shown
