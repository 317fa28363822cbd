"""Infrastructure faults: a sandbox killed from outside (the OOM killer, an operator) while an
honest submission is graded costs that submission nothing; killed twice, its row says
"infrastructure_error" (not a zero "graded"), with a note that it is not the student's fault.

The test plays the outside killer: it SIGKILLs the runner of a sandbox this process started
(its own child, or that child's only child) while a check runs. No other process is
touched."""

from __future__ import annotations

import csv
import json
import os
import signal

import nbformat
import pytest
from conftest import NAMES, REPO

from autograder import grade as g
from autograder import options as opt
from autograder import sandbox as sb
from autograder.examples import fill, solution_cells
from autograder.sandbox import server as srv

NAME = NAMES[0]


def _box() -> sb.Sandbox:
    return sb.detect()


class _Killer:
    """Plays the outside killer: SIGKILLs the runner of the sandbox (below this process's own
    child, the launcher the grader started) when it announces its third check, ``times``
    times, each time in a fresh sandbox. It listens to the lines the grader reads (the moment
    is then exact: the notebook's checks take milliseconds each, too short to aim at from a
    thread)."""

    def __init__(self, monkeypatch, times: int):
        self.times, self.killed = times, []
        exchange = srv.Server._exchange

        def spy(server, deadline, until, *args, **kwargs):
            launcher = server.proc.pid

            def watched(line):
                stop = until(line)
                if (line.get("kind") == "start" and line.get("index", 0) >= 2
                        and len(self.killed) < self.times and launcher not in self.killed):
                    os.kill(_runner(launcher), signal.SIGKILL)
                    self.killed.append(launcher)
                return stop

            return exchange(server, deadline, watched, *args, **kwargs)

        monkeypatch.setattr(srv.Server, "_exchange", spy)


def _argv(pid: int) -> list[bytes]:
    with open(f"/proc/{pid}/cmdline", "rb") as fh:
        return fh.read().split(b"\0")


def _runner(launcher: int) -> int:
    """The runner's server: the launcher itself ("none"), or the first process below it that
    is not ``unshare`` or ``bwrap`` (what the OOM killer picks: the big process; killing the
    launcher alone would leave it running, its parent-death signal dropped with its
    privileges). Only this process's own child and its descendants are looked at."""
    assert f"PPid:\t{os.getpid()}\n" in open(f"/proc/{launcher}/status").read()
    pid = launcher
    while os.path.basename(_argv(pid)[0]) in (b"unshare", b"bwrap"):
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            pid = int(fh.read().split()[0])
    return pid


def _grade_with_kills(tmp_path, monkeypatch, times: int):
    if _box().mode == "none":
        pytest.skip("without a pid namespace a SIGKILL while a check may run is taken as "
                    "the student's (monitor.killed_from_outside)")
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    solution = nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4)
    path = tmp_path / "subs" / f"{NAME}.ipynb"
    path.parent.mkdir()
    nbformat.write(fill(release, solution_cells(solution)), path)
    out = tmp_path / "out"
    killer = _Killer(monkeypatch, times)
    # one check at a time: the killed sandbox was running that check alone (the case that
    # would cost a student the check if it were taken as the student's doing)
    options = opt.Options(jobs=1, max_check_seconds=10.0, checks_in_parallel=1)
    [result] = g.grade_many([path], out, options, progress=False)
    assert len(killer.killed) == times
    return result, out


def test_a_sandbox_killed_from_outside_once_is_retried_with_full_marks(tmp_path, monkeypatch):
    result, _ = _grade_with_kills(tmp_path, monkeypatch, 1)
    assert result.status == "graded", result.notes
    assert result.score == result.max_score > 0, [r.text() for _, r in result.reports
                                                  if r.score < r.check.points]


def test_a_sandbox_killed_from_outside_twice_is_an_infrastructure_error(tmp_path, monkeypatch):
    result, out = _grade_with_kills(tmp_path, monkeypatch, 2)
    assert result.status == "infrastructure_error", result.notes
    with open(out / "grades.csv") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["status"] == "infrastructure_error"
    assert "not the student's fault" in row["note"] and "python -m autograder grade" in row["note"]
    folder = out / "submissions" / result.key
    data = json.loads((folder / "results.json").read_text())
    assert data["extra_data"]["status"] == "infrastructure_error"
    assert "not the student's fault" in data["output"]
    page = (folder / "feedback.html").read_text()
    assert "infrastructure_error" in page and "not the student&#x27;s fault" in page


@pytest.mark.parametrize("code, namespace, running, outside", [
    (1, True, True, True),  # unshare exits 1 when its child is SIGKILLed: nothing inside can
    (-9, False, False, True),  # "none": killed while no student code ran
    (-9, False, True, False),  # "none": student code shares the uid: taken as the student's
    (1, False, False, False),  # "none": the runner exited on its own
])
def test_the_rule_for_killed_from_outside(code, namespace, running, outside):
    from autograder.sandbox import monitor

    assert monitor.killed_from_outside(code, namespace, running) is outside
    # a runner that ended by its own exception failed inside, in any sandbox
    assert monitor.killed_from_outside(code, namespace, running, raised=True) is False
