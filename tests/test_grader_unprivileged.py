"""The standalone grader run by an ordinary (non-root) user, in bubblewrap and in the unshare
fallback.

As root the sandbox switches to a uid of its own; an ordinary user's grader cannot, so then
bubblewrap's user namespace (``--unshare-user --disable-userns``) is all that separates
student code from the grader's files and processes, and the sandbox's own root and ``/dev``
(the user's, inside it) must be read-only or they would carry files from one submission to the
next. This test runs the grader as ``nobody`` (via ``setpriv``) on a poisoner and its probe
(one job slot, so one sandbox), a host lister, a complete notebook and two exploits, then
the unshare fallback (in a user namespace) on the same lister, poisoner, probe and complete
notebook, and is skipped where that is impossible: not root, no ``setpriv`` or ``bwrap``, no
user namespaces, or no Python that ``nobody`` can run with this environment's packages.
"""

from __future__ import annotations

import copy
import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import NAMES, REPO
from grader_exploits import EXPLOITS, PROBES

from autograder.examples import fill, solution_cells
from autograder.notebooks import nbgrader_meta

NAME = NAMES[0]
NOBODY = 65534
SETPRIV = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
POISON_NAME = "dql_unpriv_poison"
#: What the exploits would leave in the host's /run/lock (where every grader run's uid claims
#: live) if a sandbox let them.
RUN_LOCK_MARKS = [Path("/run/lock") / name for name in ("dql_unpriv_marker", POISON_NAME)]
#: Calls the seccomp filter refuses in every sandbox mode, each tried with harmless arguments
#: (without the filter each returns an error other than EPERM, or, for ``unshare(0)``,
#: succeeds doing nothing): the keyrings, a new namespace, System V memory, a message queue.
SECCOMP_PROBE = '''
def FN(*args, **kwargs):
    import ctypes, os
    libc = ctypes.CDLL(None, use_errno=True)
    numbers = {"x86_64": {"add_key": 248, "keyctl": 250, "unshare": 272, "shmget": 29,
                          "mq_open": 240},
               "aarch64": {"add_key": 217, "keyctl": 219, "unshare": 97, "shmget": 194,
                           "mq_open": 180}}[os.uname().machine]
    allowed = []
    for name, nr in numbers.items():
        ctypes.set_errno(0)
        libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(0)] * 5)
        if ctypes.get_errno() != 1:  # EPERM: the filter's answer
            allowed.append(name)
    raise ValueError("LEAKED syscalls " + " ".join(allowed) if allowed
                     else "the filter refused every probed call")
'''


def _path() -> str:
    """The grader's PATH: the system's, after the folder of the bwrap found here."""
    return ":".join([os.path.dirname(shutil.which("bwrap") or "/usr/bin"), "/usr/bin", "/bin"])


def _as_nobody(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(SETPRIV + cmd, capture_output=True, text=True, **kwargs)


def _python_for_nobody(root: Path) -> str | None:
    """A Python that ``nobody`` can run, with this environment's packages: this interpreter
    if ``nobody`` can use it, else a virtual environment of the system's Python of the same
    version whose site-packages is this environment's (read-only for ``nobody``)."""
    probe = ["-c", "import torch, nbformat, autograder.grade\n"
             "from autograder import sandbox as sb\nprint('ok' if sb.available('bwrap') else 'no')"]
    env = {"PATH": _path(), "HOME": str(root)}
    candidates = [sys.executable]
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.exists():
        venv = root / "venv"
        subprocess.run([str(system), "-m", "venv", "--without-pip", str(venv)], check=False,
                       capture_output=True)
        site = venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
        if site.is_dir():
            shutil.rmtree(site)
            site.symlink_to(sysconfig.get_paths()["purelib"])
            candidates.append(str(venv / "bin" / "python"))
    for python in candidates:
        try:
            proc = subprocess.run(["sh", "-c", 'exec "$@"', "sh", *SETPRIV, python, *probe],
                                  capture_output=True, text=True, env=env, timeout=300, cwd="/")
        except (OSError, subprocess.TimeoutExpired):
            continue
        if proc.returncode == 0 and proc.stdout.strip().endswith("ok"):
            return python
    return None


@pytest.fixture(scope="module")
def unprivileged(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to the user nobody")
    if not (shutil.which("setpriv") and shutil.which("bwrap")):
        pytest.skip("needs setpriv and bwrap")
    if _as_nobody(["unshare", "--user", "true"]).returncode != 0:
        pytest.skip("user namespaces are not available to ordinary users here")
    root = Path(tempfile.mkdtemp(prefix="dql-unpriv-"))
    os.chmod(root, 0o755)
    try:
        python = _python_for_nobody(root)
        if python is None:
            pytest.skip("no Python that the user nobody can run with this environment")
        subs = root / "subs"
        subs.mkdir()
        release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
        solution = nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4)
        canary_dir = root / "nobodys-files"
        canary_dir.mkdir()
        canary = canary_dir / "keep.txt"
        canary.write_text("keep me")
        for path in (canary_dir, canary):
            os.chown(path, NOBODY, NOBODY)  # the grader's user could change it; students not
        notebooks = {}
        fn = nbgrader_meta(next(c for c in release.cells
                                if nbgrader_meta(c).get("solution"))).get("grade_id")
        codes = {"poison": EXPLOITS["poison_next_submission"], "probe": PROBES["probe_for_poison"],
                 "lister": EXPLOITS["list_the_host"], "complete": None,
                 "kill_everything": EXPLOITS["kill_everything"],
                 "files_outside": EXPLOITS["files_outside"], "seccomp": SECCOMP_PROBE}
        for label, code in codes.items():
            if code is None:
                notebooks[label] = fill(release, solution_cells(solution))
                continue
            code = (code.replace("CANARY_PATH", str(canary))
                    .replace("CANARY_DIR", str(canary_dir)).replace("REPO_PATH", str(REPO))
                    .replace("MARKER_NAME", "dql_unpriv_marker").replace("FN", fn)
                    .replace("POISON_NAME", POISON_NAME).replace("SHM_KEY", "1560281088")
                    .replace("MARKER_SECONDS", "987654"))
            nb = copy.deepcopy(release)
            for cell in nb.cells:
                if nbgrader_meta(cell).get("grade_id") == fn:
                    cell.source = code
            notebooks[label] = nb
        for label, nb in notebooks.items():
            nbformat.write(nb, subs / f"{label}.ipynb")
            os.chmod(subs / f"{label}.ipynb", 0o644)

        def grade(sandbox: str, labels: list[str]) -> dict:
            """Grade ``labels`` in this order in one ``sandbox`` (one job slot)."""
            out = root / f"out-{sandbox}"
            out.mkdir()
            os.chown(out, NOBODY, NOBODY)
            env = {"PATH": _path(), "HOME": str(root), "DQL_QUICK": "1"}
            proc = subprocess.run(["sh", "-c", 'exec "$@"', "sh", *SETPRIV, python, "-m",
                                   "autograder", "grade", *[str(subs / f"{label}.ipynb")
                                                            for label in labels],
                                   "--out", str(out), "--jobs", "1", "--sandbox", sandbox],
                                  capture_output=True, text=True, env=env, cwd=str(REPO),
                                  timeout=900)
            with open(out / "grades.csv") as fh:
                rows = {Path(r["submission"]).stem: r for r in csv.DictReader(fh)}
            feedback = {label: next(out.glob(f"submissions/*{label}*/results.json")).read_text()
                        for label in ("probe", "lister", "seccomp") if label in labels}
            return {"proc": proc, "rows": rows, **feedback}

        runs = {**grade("bwrap", list(codes)),
                "unshare": grade("unshare", ["lister", "poison", "probe", "complete", "seccomp"]),
                # no namespaces: the filter and the resource limits are all there is
                "none": grade("none", ["complete", "seccomp"])}
        left = [str(p) for p in RUN_LOCK_MARKS if p.exists()]
        yield {**runs, "canary": canary, "canary_dir": canary_dir, "left_in_run_lock": left}
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for path in RUN_LOCK_MARKS:
            path.unlink(missing_ok=True)


def test_an_ordinary_user_grades_in_the_bubblewrap_sandbox(unprivileged):
    proc, rows = unprivileged["proc"], unprivileged["rows"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert rows["complete"]["sandbox"] == "bwrap"
    assert float(rows["complete"]["score"]) == float(rows["complete"]["max_score"]) > 0
    for label in ("kill_everything", "files_outside"):
        assert rows[label]["status"] == "graded", rows[label]
        assert float(rows[label]["score"]) == 0, rows[label]


def test_student_code_cannot_touch_the_ordinary_users_files(unprivileged):
    assert unprivileged["canary"].read_text() == "keep me"
    assert not (unprivileged["canary_dir"] / "dql_unpriv_marker").exists()
    assert not (REPO / "dql_unpriv_marker").exists()


def test_nothing_outlives_a_submission_in_the_ordinary_users_sandbox(unprivileged):
    # the sandbox's root and /dev belong to the user inside it: both are read-only, and the
    # writable places (/tmp, /dev/shm) are emptied between submissions
    for run in (unprivileged, unprivileged["unshare"]):
        assert "LEAKED" not in run["probe"], run["probe"][:2000]
        assert "nothing left behind" in run["probe"], run["probe"][:2000]  # the probe ran
        assert float(run["rows"]["poison"]["score"]) == 0


def test_an_ordinary_users_sandboxes_show_nothing_of_the_host(unprivileged):
    for run in (unprivileged, unprivileged["unshare"]):
        assert "LEAKED" not in run["lister"], run["lister"][:2000]
        assert "nothing of the host" in run["lister"], run["lister"][:2000]  # the lister ran
    assert not unprivileged["left_in_run_lock"], "student code wrote into the host's /run/lock"


def _full_marks_in(run, sandbox):
    """The run ended well and graded the complete notebook in ``sandbox`` at full marks."""
    assert run["proc"].returncode == 0, run["proc"].stdout + run["proc"].stderr
    complete = run["rows"]["complete"]
    assert complete["sandbox"] == sandbox
    assert float(complete["score"]) == float(complete["max_score"]) > 0


def test_an_ordinary_user_grades_in_the_unshare_fallback(unprivileged):
    # as an ordinary user the fallback runs in a user namespace (root inside it only)
    _full_marks_in(unprivileged["unshare"], "unshare")


def test_an_ordinary_user_grades_without_a_sandbox_under_the_seccomp_filter(unprivileged):
    # the `none` mode (refused as root) still runs every submission under the filter
    _full_marks_in(unprivileged["none"], "none")
    for probed in (unprivileged, unprivileged["unshare"], unprivileged["none"]):
        assert "LEAKED" not in probed["seccomp"], probed["seccomp"][:2000]
        assert "the filter refused every probed call" in probed["seccomp"], probed["seccomp"][:2000]
