"""The program that runs student code, inside the sandbox. Nothing it says is trusted.

The grader (:mod:`autograder.grade`) starts this file as ``python -I runner.py`` inside the
sandbox and writes one JSON job to its stdin: the import statements and definitions
extracted from a submission, and the checks to run *without* their expected values or hints.
This program then

1. drops privileges (when started as root it switches to the job's unprivileged uid), hides
   directories in the fallback sandbox, sets resource limits and makes itself non-dumpable;
2. runs the submission's import statements once (each on its own; one that fails is noted);
3. for every check forks a fresh worker process in its own process group, with a CPU-time
   limit, a memory limit and a wall-clock budget. The worker defines the student's functions
   from source, calls them on the cases through the check's adapter (phase 1 of
   :mod:`dqlcourse.checks.core`) and writes the plain-data outcomes to a pipe of its own;
4. after each check kills the worker's process group and every other process of the sandbox
   that is not this one, and writes one JSON line per check to the result channel.

Student code can print anything, exit, crash or hang: the worker's stdout and stderr go to
``/dev/null``, a crash or a timeout is reported as such, and the grader judges only the
plain data of each line against expected values that never enter the sandbox. A worker
that writes made-up outcomes into its pipe gains no more than a function returning those
values would, and cannot write the outcomes of another check.

The JSON codec used for the job (:func:`encode`/:func:`decode`) lives here because both
sides need it and this file is the only grader file the sandbox can see.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import math
import os
import resource
import select
import signal
import sys
import time
from typing import Any

# --------------------------------------------------------------------------- codec

_TUPLE, _DICT = "__tuple__", "__dict_items__"


def encode(value: Any) -> Any:
    """Plain data -> JSON-safe data, keeping tuples and non-string dict keys."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _TUPLE not in value and _DICT not in value:
            return {k: encode(v) for k, v in value.items()}
        return {_DICT: [[encode(k), encode(v)] for k, v in value.items()]}
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # numpy data in a case
        return encode(value.tolist())
    raise TypeError(f"a case input of type {type(value).__name__} is not plain data")


def decode(value: Any) -> Any:
    """Inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {_TUPLE}:
            return tuple(decode(v) for v in value[_TUPLE])
        if set(value) == {_DICT}:
            return {_hashable(decode(k)): decode(v) for k, v in value[_DICT]}
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, (list, tuple)) else key


# --------------------------------------------------------------------------- system helpers

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _set_dumpable(flag: int) -> None:
    """prctl(PR_SET_DUMPABLE): a non-dumpable process cannot be ptraced or read through
    /proc by processes of the same uid (student code in the workers)."""
    try:
        _lib().prctl(4, flag, 0, 0, 0)
    except (OSError, AttributeError):
        pass


MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
MS_PRIVATE = 1 << 18


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    libc = _lib()
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    ok = libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                    flags, data.encode() if data else None)
    if ok != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def _mask(hide: list[str], keep: list[str]) -> list[str]:
    """Fallback filesystem view (no bubblewrap): cover each directory of ``hide`` with an
    empty tmpfs, then bind back the directories of ``keep`` that lie inside one.

    Needs a private mount namespace (``unshare --mount``) and root in it. Returns notes.
    """
    notes = []
    try:
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    except OSError as exc:
        return [f"no private mounts ({exc})"]
    held = {}
    for path in keep:
        if os.path.isdir(path):
            held[path] = os.open(path, os.O_PATH | os.O_DIRECTORY)
    hidden = []
    for path in sorted(set(hide), key=len):
        if not os.path.isdir(path) or any(path.startswith(h.rstrip("/") + "/") for h in hidden):
            continue
        mode = "1777" if path in ("/tmp", "/var/tmp", "/dev/shm") else "755"
        try:
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size=64m,mode={mode}")
            hidden.append(path)
        except OSError as exc:
            notes.append(str(exc))
    for path, fd in held.items():
        if any(path.startswith(h.rstrip("/") + "/") for h in hidden):
            try:
                os.makedirs(path, exist_ok=True)
                _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC, None)
                _mount("none", path, None, MS_BIND | MS_REMOUNT | MS_RDONLY, None)
            except OSError as exc:
                notes.append(str(exc))
        os.close(fd)
    return notes


def _drop_privileges(uid: int) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise RuntimeError("could not drop root privileges")


def _limit(which: int, value: int) -> None:
    try:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        pass


def _vm_size() -> int:
    """This process's virtual memory size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _sweep(mode: str, keep: set[int]) -> None:
    """Kill every process of the sandbox that is not in ``keep`` (repeated, for fork storms)."""
    if mode == "pgroup":
        return
    me = os.getuid()
    for _ in range(50):
        found = False
        try:
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
        except OSError:
            return
        for pid in pids:
            if pid in keep or pid == 1:
                continue
            if mode == "uid":
                try:
                    with open(f"/proc/{pid}/status") as fh:
                        uid_line = next(ln for ln in fh if ln.startswith("Uid:"))
                    if int(uid_line.split()[1]) != me:
                        continue
                except (OSError, StopIteration, ValueError):
                    continue
            try:
                os.kill(pid, signal.SIGKILL)
                found = True
            except OSError:
                pass
        _reap()
        if not found:
            return
        time.sleep(0.01)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# --------------------------------------------------------------------------- the worker


def _define(source: list[str], namespace: dict) -> list[str]:
    """Execute each top-level definition on its own; return the errors."""
    errors = []
    for i, code in enumerate(source):
        try:
            exec(compile(code, f"<answer {i + 1}>", "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - any student error is reported
            first = code.strip().splitlines()[0][:80] if code.strip() else ""
            errors.append(f"{type(exc).__name__} in `{first}`: {str(exc)[:200]}")
    return errors


def _seed(seed: int) -> None:
    import random

    random.seed(seed)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def _worker(job: dict, check: dict, base: dict, out_fd: int, memory: int) -> None:
    """Run one check in this (forked) process and write its outcomes to ``out_fd``."""
    from dqlcourse.checks.core import Case, Check, execute

    cpu = max(1, math.ceil(check["cpu_seconds"]))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory:
        _limit(resource.RLIMIT_AS, memory)
    _seed(job.get("seed", 0))
    namespace = dict(base)
    errors = _define(job["definitions"], namespace)
    cases = tuple(Case(name=c["name"], args=tuple(decode(c["args"])), kwargs=decode(c["kwargs"]))
                  for c in check["cases"])
    spec = Check(id=check["id"], function=check["function"], points=0.0, cases=cases,
                 call=check["call"], hidden=check["hidden"])
    fn = namespace.get(check["function"])
    if fn is None:
        why = f"`{check['function']}` is not defined"
        related = [e for e in errors if check["function"] in e]
        if related:
            why += f" ({related[0]})"
        outcomes = [{"status": "error", "error": why} for _ in cases]
    else:
        outcomes = execute(spec, fn)
    data = json.dumps({"outcomes": outcomes}).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(out_fd, view):]


class _Running:
    """A worker that is running one check."""

    def __init__(self, check: dict, pid: int, read_fd: int):
        self.check, self.pid, self.read_fd = check, pid, read_fd
        self.start = time.monotonic()
        self.deadline = self.start + check["wall_seconds"]
        self.buf = bytearray()


def _start_check(job: dict, check: dict, base: dict, result_fd: int, memory: int,
                 others: list[int]) -> _Running:
    """Fork a worker for ``check``. ``others``: fds of running workers it must not keep."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 70
        try:
            for fd in [read_fd, result_fd, *others]:
                os.close(fd)
            os.setpgid(0, 0)
            _worker(job, check, base, write_fd, memory)
            code = 0
        except BaseException:  # noqa: BLE001
            code = 71
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    return _Running(check, pid, read_fd)


def _finish_check(run: _Running, status: str) -> dict:
    """Stop a worker (its whole process group) and turn what it sent into a line."""
    seconds = time.monotonic() - run.start
    os.close(run.read_fd)
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        _, wstatus = os.waitpid(run.pid, 0)
    except ChildProcessError:
        wstatus = 0
    line: dict[str, Any] = {"kind": "check", "index": run.check["index"],
                            "seconds": round(seconds, 3)}
    if status in ("timeout", "oversize"):
        line.update(status=status)
    else:
        try:
            line.update(status="ok", outcomes=json.loads(bytes(run.buf))["outcomes"])
        except (ValueError, KeyError, TypeError, RecursionError):
            line.update(status="crashed", detail=_describe(wstatus, bool(run.buf)))
    return line


def _run_checks(job: dict, base: dict, result_fd: int, memory: int, send) -> None:
    """Run every check, ``job["parallel"]`` workers at a time, each within its budget.

    When no worker is left running, every other process of the sandbox is killed (strays
    that a check started in their own process group or session).
    """
    pending = list(job["checks"])
    running: dict[int, _Running] = {}
    width = max(1, int(job.get("parallel", 1)))
    cap = job.get("max_output_bytes", 16 * 2**20)
    sweep = job.get("sweep", "pgroup")
    while pending or running:
        while pending and len(running) < width:
            run = _start_check(job, pending.pop(0), base, result_fd, memory, list(running))
            running[run.read_fd] = run
        now = time.monotonic()
        wait = max(0.0, min(r.deadline for r in running.values()) - now)
        ready, _, _ = select.select(list(running), [], [], wait)
        done: list[tuple[int, str]] = []
        for fd in ready:
            run = running[fd]
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                done.append((fd, "done"))
                continue
            run.buf += chunk
            if len(run.buf) > cap:
                done.append((fd, "oversize"))
        now = time.monotonic()
        finished = {fd for fd, _ in done}
        done += [(fd, "timeout") for fd, r in running.items()
                 if fd not in finished and now >= r.deadline]
        for fd, status in done:
            send(_finish_check(running.pop(fd), status))
        if done and not running:
            _sweep(sweep, {os.getpid()})


def _describe(wstatus: int, had_output: bool) -> str:
    if os.WIFSIGNALED(wstatus):
        sig = os.WTERMSIG(wstatus)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return {"SIGXCPU": "ran out of CPU time", "SIGKILL": "was killed (CPU time or memory)",
                "SIGSEGV": "crashed with a segmentation fault",
                "SIGXFSZ": "wrote a file larger than allowed"}.get(name, f"was killed by {name}")
    code = os.WEXITSTATUS(wstatus) if os.WIFEXITED(wstatus) else -1
    if had_output:
        return f"sent unreadable results (exit code {code})"
    return f"exited before reporting a result (exit code {code})"


# --------------------------------------------------------------------------- main


def main() -> int:
    raw = sys.stdin.buffer.read()
    job = json.loads(raw)
    notes = []
    if job.get("mask"):
        notes += _mask(job["mask"]["hide"], job["mask"]["keep"])
    if os.getuid() == 0 and job.get("uid"):
        _drop_privileges(int(job["uid"]))
    _set_dumpable(0)
    os.umask(0o077)
    limits = job.get("limits", {})
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_FSIZE, int(limits.get("file_bytes", 64 * 2**20)))
    if limits.get("processes"):
        _limit(resource.RLIMIT_NPROC, int(limits["processes"]))
    _limit(resource.RLIMIT_NOFILE, 1024)

    # The result channel: a private copy of stdout. Student code gets /dev/null.
    result_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if job.get("workdir"):
        os.chdir(job["workdir"])

    def send(line: dict) -> None:
        data = (json.dumps(line) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(result_fd, view):]

    import warnings

    warnings.simplefilter("ignore")
    base: dict = {"__name__": "answers", "__builtins__": __builtins__}
    import_errors = []
    for statement in job["imports"]:
        try:
            exec(compile(statement, "<imports>", "exec"), base)
        except BaseException as exc:  # noqa: BLE001 - a missing module is the student's
            import_errors.append(f"{statement}: {type(exc).__name__}: {str(exc)[:200]}")
    try:  # the course's adapters, imported before any student code runs
        import importlib

        for module in sorted({c["call"].partition(":")[0] for c in job["checks"]}):
            importlib.import_module(module)
    except BaseException as exc:  # noqa: BLE001
        import_errors.append(f"adapter: {type(exc).__name__}: {exc}")
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    memory = int(limits.get("memory_bytes", 0))
    if memory:
        memory += _vm_size()
    send({"kind": "ready", "uid": os.getuid(), "pid": os.getpid(),
          "import_errors": import_errors, "notes": notes})
    _run_checks(job, base, result_fd, memory, send)
    send({"kind": "end"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
