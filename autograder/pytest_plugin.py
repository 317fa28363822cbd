"""The course's checks as pytest tests: ``pytest notebooks/04_dqn.ipynb``.

Registered as the pytest plugin ``dqlcourse`` (``[project.entry-points.pytest11]``), so it is
loaded by every pytest run where the course package is installed, and it is inert unless
asked. A ``.ipynb`` file is collected only when all of these hold:

1. pytest's file arguments come from its command line (``testpaths`` and the default of the
   current folder never collect notebooks: ``make test`` is unchanged);
2. the file is one of those arguments, or lies in a folder that is one (pytest's usual walk,
   which skips hidden folders such as ``.ipynb_checkpoints``); a walk from above the course's
   ``solutions/`` skips its master notebooks (name them, or ``solutions/``, to collect them);
3. it is a course notebook: recognised as one of the course's notebooks by the rule the
   graders use (by content, else by file name; ``--dql-assignment`` says it outright). A
   named file that is not recognised gives one failing test saying so; a file found by a
   walk that is not recognised is left alone.

Each collected notebook gives one test per check, named after its check cell
(``04_dqn.ipynb::check_td_targets``; hidden checks are marked ``dql_hidden`` too). Students
get the visible checks, run as ``python -m autograder check`` runs them
(:func:`autograder.grade.run_visible`: one sandbox run for the selected checks of the
notebook). With ``--dql-grade`` (instructors: the hidden checks are in ``solutions/``, or in
the folder ``--dql-solutions`` names) the hidden checks are collected too and the notebook is
graded by :func:`autograder.grade.grade_many`, exactly as ``python -m autograder grade``
grades it, so the points are the grader's. Either way student code runs only in the
sandbox; this process judges the plain-data outcomes.

A check with full marks passes; any other fails and shows the report the notebook prints
(case, expected, got, hint). Points are JUnit XML properties of each test (``points``,
``max_points``, ``check``) and of the suite (``<node id> score``, ``<node id> max_score``),
and the terminal summary lists them. A notebook the grader cannot read, a missing function or
an endless loop fail with the grader's message.

This module imports only the standard library and pytest at load time; the grader is imported
when a notebook is collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_RESULTS = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dqlcourse", "course notebooks (dqlcourse)")
    group.addoption("--dql-grade", action="store_true", default=False,
                    help="instructors: collect the hidden checks too and grade as "
                         "`python -m autograder grade` does")
    group.addoption("--dql-solutions", metavar="DIR", default=None,
                    help="the solution notebooks with the hidden checks, as `grade "
                         "--solutions` (default: the course's solutions/); implies --dql-grade")
    group.addoption("--dql-assignment", metavar="NAME", default=None,
                    help="the notebook's name, e.g. 04_dqn, as `grade/check --assignment`")
    group.addoption("--dql-sandbox", choices=("bwrap", "unshare", "none"), default=None,
                    help="force a sandbox, as `grade/check --sandbox`")
    group.addoption("--dql-time-scale", type=float, default=1.0,
                    help="multiply every check's time budget, as `grade/check --time-scale`")


# --------------------------------------------------------------------------- what is collected


def asked_for(file_path: Path, config: pytest.Config) -> tuple[str, list[Path]] | None:
    """``("named", [])`` when pytest's command line names ``file_path``, ``("walked",
    folders)`` when it names folders above it, ``None`` otherwise (also when the arguments
    are not the command line's: ``testpaths`` or the current folder by default)."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return None
    target_file = Path(file_path).resolve()
    folders = []
    for arg in config.args:
        target = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if target == target_file:
            return "named", []
        if target.is_dir() and target_file.is_relative_to(target):
            folders.append(target)
    return ("walked", folders) if folders else None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".ipynb":
        return None
    asked = asked_for(file_path, parent.config)
    if asked is None:
        return None
    how, folders = asked
    if how == "walked":
        from autograder.notebooks import SOLUTIONS

        masters = SOLUTIONS.resolve()
        if Path(file_path).resolve().is_relative_to(masters) \
                and not any(f.is_relative_to(masters) for f in folders):
            return None  # a walk from above solutions/ (e.g. `pytest .` in the course)
    return NotebookFile.from_parent(parent, path=file_path, named=(how == "named"))


@dataclass
class Settings:
    """The grader's settings from the command line's ``--dql-*`` options."""

    grade: bool
    solutions: Path
    assignment: str | None
    options: Any  # autograder.grade.Options

    @classmethod
    def of(cls, config: pytest.Config) -> Settings:
        from autograder import notebooks
        from autograder import options as opt

        solutions = config.getoption("dql_solutions")
        return cls(grade=bool(config.getoption("dql_grade") or solutions),
                   solutions=Path(solutions) if solutions else notebooks.SOLUTIONS,
                   assignment=config.getoption("dql_assignment"),
                   options=opt.Options(sandbox=config.getoption("dql_sandbox"),
                                     time_scale=config.getoption("dql_time_scale")))


def recognise(path: Path, settings: Settings) -> tuple[str | None, str]:
    """The course notebook ``path`` is, by the rule of the command it stands for (``check``
    for students, ``grade`` for instructors); its content when readable, else its name.
    Returns ``(name, why not)``."""
    from autograder import assignments
    from autograder import notebooks

    if settings.assignment:
        return settings.assignment, ""
    try:
        nb = notebooks.read_notebook(path)
    except (notebooks.NotebookError, RecursionError):
        nb = None
    if settings.grade:
        import nbformat

        empty = nbformat.v4.new_notebook()
        name, note = assignments.recognise(nb if nb is not None else empty, path,
                                 assignments.assignment_names(settings.solutions), settings.solutions)
        return name, note.replace("--assignment", "--dql-assignment")
    name = assignments.recognise_release(nb, path)
    return name, "" if name else "could not tell which course notebook this is " \
                                 "(use --dql-assignment NAME)"


# --------------------------------------------------------------------------- the tests


class CheckFailed(Exception):
    """A check without full marks (or that could not run): its text is the report."""


@dataclass
class Graded:
    """One notebook's grading: the result, or why there is none."""

    file: NotebookFile
    result: Any = None  # autograder.grade.Result
    error: str = ""
    hidden_cells: int = 0
    hidden_points: float = 0.0
    reports: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # check id -> (gc, report)


class NotebookFile(pytest.File):
    """A course notebook: one test per check."""

    def __init__(self, *args, named: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.named = named
        self.graded: Graded | None = None

    def collect(self):
        self.settings = Settings.of(self.config)
        name, why = recognise(self.path, self.settings)
        if name is None:
            if self.named:
                yield Unrecognised.from_parent(self, name="recognise", message=why)
            return
        from autograder import assignments

        if self.settings.grade:
            checks = assignments.load_assignment(name, self.settings.solutions).graded
        else:
            checks = assignments.release_checks(name)
        self.assignment = name
        counts: dict[str, int] = {}
        for gc in checks:
            counts[gc.grade_id] = counts.get(gc.grade_id, 0) + 1
        for gc in checks:
            label = gc.grade_id if counts[gc.grade_id] == 1 else f"{gc.grade_id}[{gc.check.id}]"
            yield CheckItem.from_parent(self, name=label, graded_check=gc)

    def grade(self) -> Graded:
        """Grade this notebook once, for every test of it that runs."""
        if self.graded is None:
            self.graded = self._grade()
            self.config.stash.setdefault(_RESULTS, []).append(self.graded)
            _suite_properties(self.config, self.graded)
        return self.graded

    def _grade(self) -> Graded:
        from autograder import grade as g
        from autograder import notebooks
        from autograder import student as st

        out = Graded(self)
        s = self.settings
        try:
            if s.grade:
                [out.result] = g.grade_many([self.path], None, s.options, assignment=s.assignment,
                                            solutions=s.solutions, progress=False)
            else:
                selected = {item.graded_check.check.id for item in self.session.items
                            if isinstance(item, CheckItem) and item.parent is self}
                out.result, out.hidden_cells, out.hidden_points = st.run_visible(
                    self.path, self.assignment, s.options, only=selected or None)
        except (notebooks.NotebookError, ValueError, RecursionError) as exc:
            out.error = f"not checked: {exc}"
        except Exception as exc:  # noqa: BLE001 - a failed test, never an internal error
            out.error = f"grader error: {type(exc).__name__}: {exc}"
        if out.result is not None:
            out.reports = {gc.check.id: (gc, rep) for gc, rep in out.result.reports}
        return out


def _suite_properties(config: pytest.Config, graded: Graded) -> None:
    """The notebook's score as properties of the JUnit XML test suite (with ``--junitxml``)."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - pytest moved it
        return
    xml = config.stash.get(xml_key, None)
    if xml is None or graded.result is None:
        return
    node = graded.file.nodeid
    xml.add_global_property(f"{node} score", f"{graded.result.score:g}")
    xml.add_global_property(f"{node} max_score", f"{graded.result.max_score:g}")


class _Item(pytest.Item):
    """A test of a notebook: a :class:`CheckFailed` shows as its text alone."""

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


class CheckItem(_Item):
    """One check of a notebook."""

    def __init__(self, *args, graded_check: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.graded_check = graded_check
        check = graded_check.check
        self.user_properties += [("check", check.id), ("max_points", f"{check.points:g}")]
        if check.hidden:
            self.add_marker("dql_hidden")

    def runtest(self) -> None:
        graded = self.parent.grade()
        check = self.graded_check.check
        found = graded.reports.get(check.id)
        if found is None:
            self.user_properties.append(("points", "0"))
            result = graded.result
            why = graded.error or "; ".join([f"status {result.status}", *result.notes])
            raise CheckFailed(f"Check {check.id} ({check.points:g} points) did not run: {why}")
        _, report = found
        self.user_properties.append(("points", f"{report.score:g}"))
        if report.score < check.points:
            notes = graded.result.notes
            raise CheckFailed(report.text() + "".join(f"\n  Note: {n}" for n in notes))


class Unrecognised(_Item):
    """A notebook named on the command line that is not a course notebook."""

    def __init__(self, *args, message: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message

    def runtest(self) -> None:
        raise CheckFailed(f"{self.path.name}: {self.message}")


# --------------------------------------------------------------------------- the summary


def summary_lines(graded: Graded) -> list[str]:
    """The points of one notebook, check by check, for the terminal summary."""
    name = graded.file.nodeid
    if graded.result is None:
        return [f"{name}: {graded.error}"]
    r = graded.result
    kind = "grade, visible and hidden checks" if graded.file.settings.grade else "visible checks"
    lines = [f"{name} ({r.assignment or '?'}, {kind}): {r.score:g} / {r.max_score:g} points"
             + (f"  [{r.status}]" if r.status != "graded" else "")]
    width = max((len(gc.grade_id) for gc, _ in r.reports), default=0)
    for gc, report in r.reports:
        lines.append(f"  {gc.grade_id:<{width}}  {report.score:>5g} / {report.check.points:g}")
    lines += [f"  Note: {n}" for n in r.notes]
    if not graded.file.settings.grade and graded.hidden_cells:
        from autograder.student import hidden_note

        lines.append("  " + hidden_note(graded.hidden_cells, graded.hidden_points))
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    done = config.stash.get(_RESULTS, [])
    if not done:
        return
    terminalreporter.section("dqlcourse: points")
    for graded in done:
        for line in summary_lines(graded):
            terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers",
                            "dql_hidden: a hidden check of a course notebook (--dql-grade)")
