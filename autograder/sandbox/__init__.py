"""Where student code runs: a sandboxed child process, and how to start one on this machine.

Three levels, chosen by :func:`detect` (the strongest that works here) or forced by name:

* ``bwrap``: Debian's bubblewrap. New pid, network, IPC and UTS namespaces; a private
  filesystem view that contains only the system's libraries, the Python interpreter, its
  packages and the course package (read-only), a read-only root and ``/dev``, a fresh
  size-limited ``/tmp`` and ``/dev/shm`` and no ``solutions/``, no grader files, no other
  submissions, no home directory; an empty environment. Started as root, the runner switches
  to an unprivileged uid of its own per job slot, so process limits count and student code
  cannot signal other sandboxes. Each uid is
  claimed for the life of one sandbox (:func:`claim_uid`, a lock file per uid), so two grader
  runs on one machine never share one.
* ``unshare``: util-linux ``unshare`` (no bubblewrap). The same namespaces; the runner builds
  the same filesystem view itself (:func:`mask_paths`; a new root, then ``pivot_root``), with a
  private ``/tmp``, ``/dev/shm`` and ``/run``. Where it cannot, the mode counts as unavailable
  (:func:`available` tries it) and grading asks for bubblewrap.
* ``none``: resource limits only (macOS, containers without namespaces). Student code can
  read what the grader's user can read; every result says so.

In every mode the child gets only the extracted answer code and the checks' inputs, runs
with CPU, memory, file-size and process limits and a seccomp filter (no keyrings, no POSIX
message queues, no ptrace, no new namespaces or mounts; ``runner._seccomp``), talks JSON over
a pipe, and its whole process group (and with namespaces, every process it started) is
killed when each check ends. One sandbox serves one job slot of the grader, submission after
submission, as a fork server (see :mod:`autograder.sandbox.runner`); it is emptied between
submissions.
"""

from __future__ import annotations

import fcntl
import functools
import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import signal
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.sandbox.package import sandbox_package

RUNNER = Path(__file__).resolve().parent / "runner.py"
MODES = ("bwrap", "unshare", "none")

#: Imported by every sandbox's server before any student code: modules the checks' adapters
#: load lazily (gymnasium registers its environments by entry point).
WARM_EXTRA = ("import gymnasium.envs.classic_control", "import gymnasium.envs.toy_text")
#: The unprivileged uids the sandboxes run as when the grader is root: BASE_UID and the
#: UID_SPAN - 1 after it, each claimed by one sandbox at a time (:func:`claim_uid`).
BASE_UID = 61000
UID_SPAN = 4096


@dataclass
class UidClaim:
    """A sandbox uid held by this process: while the lock file is open and locked, no other
    sandbox on the machine (of this grader run or another) is given the same uid."""

    uid: int
    lock: Any = None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.close()  # closing the file drops the lock
            self.lock = None


def uid_lock_dir() -> Path:
    """Where the uid locks live: ``/run/lock`` (shared by every process of the machine) when
    it is writable, else the temporary folder."""
    run = Path("/run/lock")
    base = run if run.is_dir() and os.access(run, os.W_OK) else Path(tempfile.gettempdir())
    return base / "dqlcourse-sandbox-uids"


def claim_uid(folder: Path | None = None) -> UidClaim:
    """Claim the first sandbox uid no other live sandbox holds (an exclusive ``flock`` on a
    file named after it; the kernel drops the lock when its holder exits, however it exits)."""
    folder = Path(folder or uid_lock_dir())
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for uid in range(BASE_UID, BASE_UID + UID_SPAN):
        lock = open(folder / f"uid-{uid}", "a")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        return UidClaim(uid, lock)
    raise RuntimeError(f"every sandbox uid {BASE_UID}-{BASE_UID + UID_SPAN - 1} is in use")

#: What each mode protects against, for results and feedback.
DESCRIPTIONS = {
    "bwrap": "bubblewrap sandbox: private filesystem view, no network, own pid namespace, "
             "unprivileged uid, resource limits",
    "unshare": "unshare fallback sandbox: private filesystem view, no network, own pid "
               "namespace, resource limits (bubblewrap not available)",
    "none": "NO SANDBOX: resource limits only; student code could read files the grader can "
            "read (install bubblewrap, or run on Linux with user namespaces)",
}


@dataclass(frozen=True)
class Sandbox:
    """A way to start the runner. ``mode`` is one of :data:`MODES`."""

    mode: str
    root: bool  # the grader runs as root

    @property
    def drops_uid(self) -> bool:
        """Whether the runner switches to an unprivileged uid of its own (grader is root)."""
        if not self.root:
            return False
        return self.mode != "none" or world_readable(python_paths() + [course_package_dir()])

    @property
    def description(self) -> str:
        text = DESCRIPTIONS[self.mode]
        if self.mode == "none" and self.root and not self.drops_uid:
            text += "; student code runs as root because the interpreter is not readable by others"
        return text


def world_readable(paths: list[Path]) -> bool:
    """Whether every path, and every directory above it, can be entered by any user."""
    for path in paths:
        for p in [path, *path.parents]:
            try:
                if not os.stat(p).st_mode & 0o001:
                    return False
            except OSError:
                return False
    return True


def course_package_dir() -> Path:
    """The directory of the installed ``dqlcourse`` package (an editable install points into
    the repository; only this directory of it is shown to the sandbox)."""
    spec = importlib.util.find_spec("dqlcourse")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the course package dqlcourse is not installed")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def python_paths() -> list[Path]:
    """Directories the interpreter needs: its installation, the environment, site-packages."""
    paths = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.executable).parent}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        value = sysconfig.get_paths().get(key)
        if value:
            paths.add(Path(value))
    for value in site.getsitepackages():
        paths.add(Path(value))
    real = {Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(p.resolve() for p in paths | real if _exists(p))


def _exists(path: Path) -> bool:
    """Whether ``path`` exists. A path this user may not look into counts as existing (a
    non-root grader whose interpreter's installation lies under ``/root``): the sandbox's
    probe then fails and :func:`detect` says the mode does not work, instead of this
    function raising ``PermissionError``."""
    try:
        os.stat(path)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _minimal(paths: list[Path]) -> list[Path]:
    """Drop paths that lie inside another path of the list."""
    out: list[Path] = []
    for p in sorted(set(paths), key=lambda p: len(p.parts)):
        if not any(p == q or q in p.parents for q in out):
            out.append(p)
    return out


SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
             "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/alternatives")


def child_env(workdir: str) -> dict[str, str]:
    """The child's whole environment: nothing of the grader's own variables."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": workdir,
        "SDL_VIDEODRIVER": "dummy",
        "DQL_QUICK": "1",  # graders always run in quick mode (dqlcourse.notebook)
    }
    return env


def bwrap_command(root: bool, tmp_bytes: int = 256 * 2**20) -> list[str]:
    """The bubblewrap command line that runs the runner."""
    # --as-pid-1: the runner is the pid namespace's init, as in the unshare fallback, so no
    # process inside can kill it (monitor.killed_from_outside relies on it)
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--as-pid-1",
           "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--hostname", "sandbox"]
    if root:
        # Privileged mode: the runner needs CAP_SETUID/SETGID once, to drop to its own uid.
        cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-user", "--disable-userns"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            cmd += ["--ro-bind", d, d]
    for f in ETC_FILES:
        cmd += ["--ro-bind-try", f, f]
    cmd += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    # The fresh /tmp comes first, so that the binds below stay visible when the course or its
    # virtual environment lives under /tmp (a CI checkout, a temporary clone).
    cmd += ["--size", str(tmp_bytes), "--perms", "1777", "--tmpfs", "/tmp"]
    binds = _minimal(python_paths() + [course_package_dir()])
    parents = sorted({str(a) for p in binds for a in p.parents if str(a) != "/"},
                     key=lambda a: (a.count("/"), a))
    for parent in parents + ["/grader"]:  # bwrap would create them with mode 0700
        cmd += ["--perms", "0755", "--dir", parent]
    for p in binds:
        cmd += ["--ro-bind", str(p), str(p)]
    # the course package without the visible checks' expected values (sandbox/package.py)
    cmd += ["--ro-bind", str(sandbox_package(course_package_dir())), str(course_package_dir())]
    cmd += ["--ro-bind", str(RUNNER), "/grader/runner.py"]
    # /dev and the root stay read-only (as an ordinary user's sandbox they would be the
    # student's, and outlive a submission); /dev/shm is a private tmpfs, emptied like /tmp
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--size", str(tmp_bytes), "--perms", "1777", "--tmpfs", "/dev/shm",
            "--dir", "/tmp/work", "--chmod", "1777", "/tmp/work",
            "--remount-ro", "/dev", "--remount-ro", "/",
            "--chdir", "/tmp/work", "--clearenv"]
    for key, value in child_env("/tmp/work").items():
        cmd += ["--setenv", key, value]
    cmd += [sys.executable, "-I", "/grader/runner.py"]
    return cmd


def unshare_command(root: bool) -> list[str]:
    """The util-linux unshare command line that runs the runner (fallback)."""
    cmd = ["unshare", "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc",
           "--ipc", "--uts", "--propagation", "private"]
    if not root:
        cmd += ["--user", "--map-root-user"]
    return cmd + ["--", sys.executable, "-I", str(RUNNER)]


def none_command() -> list[str]:
    return [sys.executable, "-I", str(RUNNER)]


def command(box: Sandbox) -> list[str]:
    if box.mode == "bwrap":
        return bwrap_command(box.root)
    if box.mode == "unshare":
        return unshare_command(box.root)
    return none_command()


#: The unshare fallback's private tmpfs directories and their modes (bubblewrap's are in
#: :func:`bwrap_command`); emptied between submissions.
PRIVATE_DIRS = {"/tmp": "1777", "/dev/shm": "1777", "/run": "755"}


def mask_paths(extra_hidden: list[Path]) -> dict:
    """For the unshare fallback (``runner._isolate``): what its new root shows, the same as
    bubblewrap's (the system's directories and a few ``/etc`` files, the interpreter and the
    course package, read-only), its symbolic links, its private tmpfs directories, and the
    ``extra_hidden`` folders (the grader's) that lie inside a shown one, covered again."""
    links, binds = {}, []
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            links[d] = os.readlink(d)
        elif os.path.isdir(d):
            binds.append(Path(d))
    binds += [Path(f) for f in ETC_FILES if os.path.lexists(f)]
    binds += [Path("/sys/devices/system/cpu")]
    shown = _minimal(python_paths() + [course_package_dir()])
    hide = {str(p.resolve()) for p in extra_hidden
            if any(q in p.resolve().parents for q in shown)}
    package = str(course_package_dir())
    # the course package is shown from its copy without the visible checks' expected values
    # (sandbox/package.py), bound over wherever it lies
    return {"binds": sorted({str(p) for p in _minimal(binds + shown)} | {package}),
            "sources": {package: str(sandbox_package(course_package_dir()))},
            "links": links, "private": dict(PRIVATE_DIRS), "hide": sorted(hide)}


@dataclass(frozen=True)
class Launch:
    """How to start one sandbox's runner: its setup line's sandbox part, environment and
    working directory (``None``: inherited / ``/``), and a host folder to remove afterwards."""

    setup: dict
    env: dict[str, str] | None = None
    cwd: str | None = None
    workdir: str | None = None  # a host folder made for the "none" sandbox


def launch(box: Sandbox, uid: int, hide: list[Path]) -> Launch:
    """What the runner of a ``box`` sandbox running as ``uid`` needs to know of its sandbox:
    how to sweep stray processes, where to work, what to wipe between submissions, whether its
    System V IPC is private, and (unshare fallback) what to hide."""
    setup: dict = {"sweep": "pgroup", "wipe": [], "private_ipc": box.mode in ("bwrap", "unshare")}
    if box.mode in ("bwrap", "unshare"):
        setup["sweep"] = "pidns"
    elif box.drops_uid:
        setup["sweep"] = "uid"
    if box.mode == "bwrap":
        return Launch({**setup, "workdir": "/tmp/work", "wipe": ["/tmp", "/dev/shm"]})
    if box.mode == "unshare":
        return Launch({**setup, "mask": mask_paths(hide), "workdir": "/tmp",
                       "wipe": list(PRIVATE_DIRS)}, env=child_env("/tmp"))
    workdir = tempfile.mkdtemp(prefix="dqlgrade-")
    if box.drops_uid:
        os.chown(workdir, uid, uid)
    return Launch({**setup, "workdir": workdir}, env=child_env(workdir), cwd=workdir,
                  workdir=workdir)


def kill_uid(uid: int) -> None:
    """Kill every process running as ``uid`` (a sandbox's own user; root only)."""
    for _ in range(20):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status") as fh:
                    line = next(ln for ln in fh if ln.startswith("Uid:"))
                if int(line.split()[1]) == uid:
                    os.kill(int(entry), signal.SIGKILL)
                    found = True
            except (OSError, StopIteration, ValueError):
                continue
        if not found:
            return
        time.sleep(0.02)


def refuse_unsafe(box: Sandbox) -> None:
    """Never run student code as root without a sandbox: one ``kill(-1)`` would stop every
    process of the machine, and every file would be writable."""
    if box.mode == "none" and box.root and not box.drops_uid:
        raise RuntimeError(
            "refusing to run student code as root without a sandbox: install bubblewrap "
            "(apt-get install bubblewrap), or make the Python installation readable by other "
            "users so that the grader can switch to an unprivileged uid")


def usable(mode: str) -> bool:
    """Whether grading can use ``mode`` here (it works and is not unsafe)."""
    if not available(mode):
        return False
    box = Sandbox(mode, os.geteuid() == 0)
    return not (box.mode == "none" and box.root and not box.drops_uid)


def _probe(cmd: list[str], setup: bytes = b"") -> bool:
    try:
        proc = subprocess.run(cmd, input=setup, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and proc.stdout.strip() == b"ok"


@functools.lru_cache(maxsize=None)
def available(mode: str) -> bool:
    """Whether ``mode`` works on this machine (tried once, with a trivial program)."""
    root = os.geteuid() == 0
    hello = ["-c", "print('ok')"]
    if mode == "none":
        return True
    if mode == "bwrap":
        if not shutil.which("bwrap"):
            return False
        cmd = bwrap_command(root)
        return _probe(cmd[: cmd.index("-I")] + hello)
    if mode == "unshare":  # the runner's own set-up: it must be able to hide the host
        if not shutil.which("unshare"):
            return False
        setup = {"probe": True, "mask": mask_paths([])}
        return _probe(unshare_command(root), (json.dumps(setup) + "\n").encode())
    raise ValueError(f"unknown sandbox mode {mode!r}; choose from {MODES}")


def detect(prefer: str | None = None) -> Sandbox:
    """The sandbox to use: ``prefer`` if given (an error if it does not work here), else the
    strongest available. ``DQL_SANDBOX`` in the environment plays the role of ``prefer``."""
    prefer = prefer or os.environ.get("DQL_SANDBOX") or None
    root = os.geteuid() == 0
    if prefer:
        if prefer not in MODES:
            raise ValueError(f"unknown sandbox mode {prefer!r}; choose from {MODES}")
        if not available(prefer):
            hint = {"unshare": ": it cannot give student code a private filesystem view here; "
                               "install bubblewrap (apt-get install bubblewrap)"}
            raise RuntimeError(f"the {prefer!r} sandbox does not work on this machine"
                               + hint.get(prefer, ""))
        return Sandbox(prefer, root)
    for mode in MODES:
        if usable(mode):
            return Sandbox(mode, root)
    return Sandbox("none", root)
