"""Hidden inputs stay hidden in the sandboxed grader (autograder/sandbox/runner.py and the
payload channel of dqlcourse/checks/wire.py): each check's worker holds only its own check's
inputs, keeps no other file descriptor, cannot look into its parent, works in a fresh empty
directory of its own, finds nothing an earlier check left behind and never runs beside a check
of the other kind. The same attacks made by a submission are in tests/grader_exploits.py
(``hidden_inputs_in_memory``, ``hidden_inputs_in_files``).
"""

from __future__ import annotations

import json

import pytest

from autograder import assignments
from autograder import options as opt
from autograder import sandbox as sb
from autograder.extract import Answers
from autograder.sandbox import server as srv
from dqlcourse.checks.nb01_random_agent import DISCOUNTED_RETURN, EPISODE_RETURN

NAME = "01_random_agent"
LEFT = "dql_left_behind"

#: episode_return reports what its worker sees and leaves a file behind; discounted_return (a
#: later visible check) reports what it finds of it, waiting a second in its first case for a
#: check that would run beside it. Each answers with an exception, whose message a visible
#: check's outcome keeps.
PROBE = f'''
def _seen():
    import os, tempfile
    links = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            links.append(os.readlink("/proc/self/fd/" + fd))
        except OSError:
            pass  # the listing's own, closed by now
    seen = {{"cwd": os.getcwd(), "files": sorted(os.listdir(".")),
            "pipes": sum(link.startswith("pipe:") for link in links),
            "fds": [link for link in links if not link.startswith(("pipe:", "/dev/null",
                    "/proc/", os.getcwd()))], "home": os.path.expanduser("~"),
            "tmp": tempfile.gettempdir(), "parent": [],
            "beside": sorted(os.listdir(os.path.dirname(os.getcwd())))}}
    for path in ("mem", "fd"):
        try:
            os.listdir(f"/proc/{{os.getppid()}}/fd") if path == "fd" else \\
                open(f"/proc/{{os.getppid()}}/mem", "rb").close()
            seen["parent"].append(path)
        except OSError:
            pass
    return seen

def episode_return(rewards):
    import json
    seen = _seen()
    for folder in FOLDERS:
        with open(folder + "/{LEFT}", "a") as fh:
            fh.write("x")
    raise ValueError(json.dumps(seen))

def discounted_return(rewards, gamma, _waited=[]):
    import json, os, time
    stop = time.monotonic() + (0 if _waited else 1.0)
    _waited.append(1)
    while True:
        found = [f for f in FOLDERS + [os.path.dirname(os.getcwd())]
                 if os.path.exists(f + "/{LEFT}")]
        if found or time.monotonic() > stop:
            break
        time.sleep(0.05)
    raise ValueError(json.dumps({{"found": found, **_seen()}}))
'''


def _box() -> sb.Sandbox:
    return sb.detect()


def _answers(box: sb.Sandbox) -> Answers:
    # the sandbox's private /tmp (without namespaces /tmp is the host's: only the working folder)
    folders = ["."] + (["/tmp", "/dev/shm"] if box.mode != "none" else [])
    return Answers(["import json"], [f"FOLDERS = {folders!r}", PROBE], [])


@pytest.fixture(scope="module")
def server():
    box = _box()
    try:
        sb.refuse_unsafe(box)  # student code as root: the grader refuses it, and so do these
    except RuntimeError as exc:
        pytest.skip(str(exc))
    warm = assignments.load_assignment(NAME).imports
    server = srv.Server(box, opt.Options(), warm=warm)
    yield server
    server.release()


def _messages(server, checks, width: int) -> list[dict]:
    """Each check's first outcome's message, read as the JSON the probe wrote."""
    run = srv.run_sandboxed(_answers(server.box), checks, opt.Options(checks_in_parallel=width),
                            server.box, server=server)
    assert not run.error and sorted(run.lines) == list(range(len(checks))), run.error
    outcomes = [run.lines[i]["outcomes"][0] for i in range(len(checks))]
    assert all(o["status"] == "error" and o["exception"] == "ValueError" for o in outcomes), \
        outcomes
    return [json.loads(o["message"]) for o in outcomes]


def test_each_check_has_a_fresh_directory_no_other_fd_and_nothing_left_behind(server):
    first, later = _messages(server, [EPISODE_RETURN, DISCOUNTED_RETURN], width=1)
    assert first["files"] == [] and later["found"] == [], (first, later)
    assert first["cwd"] != later["cwd"]
    # beside its own directory, no other check's (the first one's was removed) nor its files
    assert [f for f in later["beside"] if f.startswith("check-") or f == LEFT] == \
        [later["cwd"].rsplit("/", 1)[1]], later
    for seen in (first, later):
        assert seen["home"] == seen["tmp"] == seen["cwd"]
        # 0-2 (/dev/null), its outcome pipe, stderr captured in its own directory, the listing
        assert seen["pipes"] == 1 and seen["fds"] == [], seen
        assert seen["parent"] == [], seen  # the submission process is not dumpable


def test_a_hidden_check_never_runs_before_or_beside_a_visible_one(server):
    hidden = next(gc.check for gc in assignments.load_assignment(NAME).graded
                  if gc.check.hidden and gc.check.function == "episode_return")
    _, later = _messages(server, [hidden, DISCOUNTED_RETURN], width=4)
    assert later["found"] == [], later
