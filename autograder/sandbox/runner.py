"""The program that runs student code, inside the sandbox. Nothing it says is trusted.

The grader (:mod:`autograder.grade`) starts this file as ``python -I runner.py`` inside the
sandbox and keeps it as a *fork server* for one job slot: it grades many submissions, one
after the other, and never runs student code itself. The grader writes JSON lines to its
stdin: first a setup line (uid, limits, the filesystem mask of the fallback sandbox, the
trusted import statements to pre-load), then one job line per submission (the import
statements and definitions extracted from the submission and the checks to run *without*
their expected values or hints). This program

1. drops privileges (when started as root it switches to the slot's unprivileged uid), hides
   directories in the fallback sandbox, sets resource limits and makes itself non-dumpable;
2. imports the heavy libraries once (torch, numpy, gymnasium, matplotlib, the course package)
   and warms up what torch would otherwise import lazily in every check (the optimizers pull
   in ``torch._dynamo``), all before any student code exists in the sandbox;
3. for every job forks a *submission process*, which runs the submission's import statements
   (each on its own; one that fails is noted) and then, for every check, forks a fresh worker
   process in its own process group, with a CPU-time limit, a memory limit and a wall-clock
   budget. The worker defines the student's functions from source, calls them on the cases
   through the check's adapter (phase 1 of :mod:`dqlcourse.checks.core`) and writes the
   plain-data outcomes to a pipe of its own. Before each worker starts, the submission
   process announces it (a ``start`` line), so that the grader can tell which check was
   running if the sandbox dies;
4. after each check kills the worker's process group and every other process of the
   sandbox that is not the server or the submission process, and writes one JSON line per
   check to the result channel;
5. when the submission process has ended, kills every process of the sandbox but itself,
   empties the sandbox's private temporary directories and System V IPC objects, and says
   ``done``. If it cannot clean up, it exits and the grader starts a fresh sandbox.

Student code therefore only ever runs in forks of a process that never ran student code: a
check cannot change the code or data of a later check, of a later submission, or of the
server (it can kill them; the grader then restarts the server and re-runs the checks that
had not finished, and a check that kills the sandbox's processes twice scores zero).

Student code can print anything, exit, crash or hang: the worker's stdout and stderr go to
``/dev/null``, a crash or a timeout is reported as such, and the grader judges only the
plain data of each line against expected values that never enter the sandbox. A worker
that writes made-up outcomes into its pipe gains no more than a function returning those
values would, and cannot write the outcomes of another check.

The wire itself (the codec, a check's payload, the message kinds and the outcome statuses) is
defined once, in :mod:`dqlcourse.checks.wire`, which both sides import; it needs the standard
library only.
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

from dqlcourse.checks import wire

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


def _mask(hide: list[str], keep: list[str]) -> tuple[list[str], list[str]]:
    """Fallback filesystem view (no bubblewrap): cover each directory of ``hide`` with an
    empty tmpfs, then bind back the directories of ``keep`` that lie inside one.

    Needs a private mount namespace (``unshare --mount``) and root in it. Returns notes and
    the directories now covered by a private tmpfs.
    """
    notes: list[str] = []
    try:
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    except OSError as exc:
        return [f"no private mounts ({exc})"], []
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
    return notes, hidden


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


def _define(source: list[str], namespace: dict) -> list[dict]:
    """Execute each top-level definition on its own; return the errors, as outcome fields
    (``source``: the definition's first line, ``exception``, ``message``)."""
    errors = []
    for i, code in enumerate(source):
        try:
            exec(compile(code, f"<answer {i + 1}>", "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - any student error is reported
            first = code.strip().splitlines()[0][:80] if code.strip() else ""
            errors.append({"source": first, "exception": type(exc).__name__,
                           "message": str(exc)[:200]})
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
    from dqlcourse.checks.core import Case, Check, execute, not_run

    cpu = max(1, math.ceil(check["cpu_seconds"]))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory:
        _limit(resource.RLIMIT_AS, memory)
    _seed(job.get("seed", 0))
    namespace = dict(base)
    errors = _define(job["definitions"], namespace)
    uses, missing = _reused(job, check.get("uses", []), namespace)
    cases = tuple(Case(name="", args=args, kwargs=kwargs, call=call)
                  for args, kwargs, call in wire.cases_of(check))
    spec = Check(id=check["id"], function=check["function"], points=0.0, cases=cases,
                 call=check["call"], hidden=check["hidden"], uses=tuple(check.get("uses", [])))
    fn = namespace.get(check["function"])
    if fn is None:
        cause = next(({"exception": e["exception"], "message": e["message"]} for e in errors
                      if check["function"] in e["source"]), {})
        outcomes = not_run(wire.UNDEFINED, check["function"], len(cases), **cause)
    elif missing:
        outcomes = not_run(wire.MISSING, missing, len(cases))
    else:
        outcomes = execute(spec, fn, uses)
    data = json.dumps({"outcomes": outcomes}).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(out_fd, view):]


#: per submission: the namespaces of the notebooks it loads, with their imports run
#: (``{"nb04": {...}}``), set by :func:`_submission` before any check forks.
_REUSE_BASES: dict[str, dict] = {}


def _reused(job: dict, names: list[str], namespace: dict) -> tuple[dict, str]:
    """The objects a check ``uses``: names of the submission, or the answers of another
    notebook it loads (``nb04``), defined here, in the check's own process. Returns them and,
    if one is missing, its name (the grader knows why)."""
    import types

    uses = {}
    for name in names:
        reused = job.get("reuse", {}).get(name)
        if reused is None:
            if name not in namespace:
                return {}, name
            uses[name] = namespace[name]
        elif "missing" in reused:
            return {}, name
        else:
            other = dict(_REUSE_BASES.get(name, _base_namespace(name)))
            _define(reused["definitions"], other)
            uses[name] = types.SimpleNamespace(**{k: v for k, v in other.items()
                                                  if not k.startswith("__")})
    return uses, ""


def _base_namespace(name: str) -> dict:
    return {"__name__": f"answers_{name}", "__builtins__": __builtins__}


class _Running:
    """A worker that is running one check."""

    def __init__(self, check: dict, pid: int, read_fd: int, job: Any = None):
        self.check, self.pid, self.read_fd, self.job = check, pid, read_fd, job
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
    return _Running(check, pid, read_fd, job.get("id"))


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
    line: dict[str, Any] = {"kind": wire.CHECK, "job": run.job, "index": run.check["index"],
                            "seconds": round(seconds, 3)}
    if status in ("timeout", "oversize"):
        line.update(status=status)
    else:
        try:
            line.update(status="ok", outcomes=json.loads(bytes(run.buf))["outcomes"])
        except (ValueError, KeyError, TypeError, RecursionError):
            line.update(status="crashed", detail=_describe(wstatus, bool(run.buf)))
    return line


def _run_checks(job: dict, base: dict, result_fd: int, memory: int, send, sweep: str,
                keep: set[int]) -> None:
    """Run every check, ``job["parallel"]`` workers at a time, each within its budget.

    When no worker is left running, every other process of the sandbox that is not in
    ``keep`` is killed (strays that a check started in their own process group or session).
    """
    pending = list(job["checks"])
    running: dict[int, _Running] = {}
    width = max(1, int(job.get("parallel", 1)))
    cap = job.get("max_output_bytes", 16 * 2**20)
    while pending or running:
        while pending and len(running) < width:
            check = pending.pop(0)
            send({"kind": wire.START, "job": job.get("id"), "index": check["index"]})
            run = _start_check(job, check, base, result_fd, memory, list(running))
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
            _sweep(sweep, keep)


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


# --------------------------------------------------------------------------- cleaning up


def _remove_path(path: str) -> None:
    """Delete a file, link or whole directory tree, even one the student made read-only."""
    import shutil

    def unlock(func, target, _exc):
        # a directory the student made unreadable or unwritable: it is theirs (same uid)
        try:
            os.chmod(os.path.dirname(target) or "/", 0o700)
            os.chmod(target, 0o700)
        except OSError:
            pass
        func(target)

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, onerror=unlock)
    else:
        os.unlink(path)


def _strays(directory: str, protected: set[str]) -> list[str]:
    """Paths inside ``directory`` that cleaning removes: everything except the ``protected``
    absolute paths and the directories on the way down to them (into which it descends, so
    nothing a student leaves beside a protected path survives)."""
    out = []
    for entry in os.listdir(directory):
        path = os.path.join(directory, entry)
        if path in protected:
            continue
        if (os.path.isdir(path) and not os.path.islink(path)
                and any(p.startswith(path + os.sep) for p in protected)):
            out += _strays(path, protected)
        else:
            out.append(path)
    return out


def _remove_ipc() -> None:
    """Remove this (private) IPC namespace's System V shared memory, queues and semaphores."""
    libc = _lib()
    for kind, ctl in (("shm", libc.shmctl), ("msg", libc.msgctl), ("sem", libc.semctl)):
        try:
            with open(f"/proc/sysvipc/{kind}") as fh:
                rows = fh.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 1 and fields[1].lstrip("-").isdigit():
                if kind == "sem":
                    ctl(int(fields[1]), 0, 0, 0)  # IPC_RMID
                else:
                    ctl(int(fields[1]), 0, None)  # IPC_RMID


def _mount_points() -> set[str]:
    """Every mount point of this process's mount namespace (e.g. the grader's code, bound
    read-only inside the sandbox's fresh /tmp when the checkout lives under /tmp): cleaning
    leaves them alone."""
    try:
        with open("/proc/self/mountinfo") as fh:
            return {os.path.normpath(line.split()[4]) for line in fh if len(line.split()) > 4}
    except OSError:
        return set()


def _clean(setup: dict) -> bool:
    """Between two submissions: empty the private temporary directories (``setup["wipe"]``)
    and the working directory, down to the mount points and the working directory inside them,
    and remove the private IPC namespace's objects. Returns False if anything is left (the
    grader then starts a fresh sandbox)."""
    try:
        workdir = os.path.abspath(setup.get("workdir") or os.getcwd())
        mounts = _mount_points()
        areas = {os.path.abspath(d): mounts | {workdir} for d in setup.get("wipe", [])
                 if os.path.isdir(d)}
        if not os.path.isdir(workdir):
            os.makedirs(workdir, mode=0o700)
        areas[workdir] = mounts
        for directory, protected in areas.items():
            for path in _strays(directory, protected):
                _remove_path(path)
        os.chdir(workdir)
        if setup.get("private_ipc"):
            _remove_ipc()
        return not any(_strays(d, protected) for d, protected in areas.items())
    except (OSError, RecursionError, ValueError):
        return False


# --------------------------------------------------------------------------- warming up


_WARMED: set[str] = set()


def _warm(statements: list[str]) -> list[str]:
    """Import the libraries the submissions need, once, in the server, where no student code
    ever runs (trusted statements: the grader sends the solution notebooks' imports, never a
    submission's), and run what torch would otherwise import lazily in each check: building
    and stepping an optimizer loads ``torch._dynamo`` (about 800 modules, seconds of CPU)."""
    errors = []
    scratch: dict = {}
    had_torch = "torch" in sys.modules
    for statement in statements:
        if statement in _WARMED:
            continue
        _WARMED.add(statement)
        try:
            exec(compile(statement, "<warm>", "exec"), scratch)
        except BaseException as exc:  # noqa: BLE001 - a module the sandbox lacks is noted
            errors.append(f"{statement}: {type(exc).__name__}: {str(exc)[:200]}")
    torch = sys.modules.get("torch")
    if torch is not None and not had_torch:
        torch.set_num_threads(1)
        try:
            net = torch.nn.Linear(2, 1)
            for opt in (torch.optim.Adam(net.parameters(), lr=1e-3),
                        torch.optim.SGD(net.parameters(), lr=1e-3)):
                opt.zero_grad()
                torch.nn.functional.smooth_l1_loss(net(torch.zeros(4, 2)), torch.ones(4, 1)).backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                opt.step()
        except BaseException as exc:  # noqa: BLE001
            errors.append(f"torch warm-up: {type(exc).__name__}: {exc}")
    return errors


# --------------------------------------------------------------------------- main


class _Lines:
    """Newline-separated messages read from a file descriptor."""

    def __init__(self, fd: int):
        self.fd, self.buf = fd, b""

    def next(self) -> bytes | None:
        while b"\n" not in self.buf:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line


def _submission(job: dict, setup: dict, result_fd: int, send, server: int) -> None:
    """One submission, in a fork of the server: its imports, then every check."""
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
    memory = int(setup.get("limits", {}).get("memory_bytes", 0))
    if memory:
        memory += _vm_size()
    _REUSE_BASES.clear()
    for name, reused in job.get("reuse", {}).items():
        _REUSE_BASES[name] = _base_namespace(name)
        for statement in reused.get("imports", []):
            try:
                exec(compile(statement, f"<imports of {name}>", "exec"), _REUSE_BASES[name])
            except BaseException as exc:  # noqa: BLE001 - reported like the submission's own
                import_errors.append(f"{name}: {statement}: {type(exc).__name__}: {str(exc)[:200]}")
    send({"kind": wire.JOB, "job": job.get("id"), "import_errors": import_errors})
    _run_checks(job, base, result_fd, memory, send, setup.get("sweep", "pgroup"),
                {os.getpid(), server})


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # pid namespace's init: then unkillable inside
    lines = _Lines(0)
    first = lines.next()
    setup = json.loads(first) if first else {}
    notes: list[str] = []
    if setup.get("mask"):
        mask_notes, hidden = _mask(setup["mask"]["hide"], setup["mask"]["keep"])
        notes += mask_notes
        # only directories now on a private tmpfs are ever emptied between submissions
        setup["wipe"] = [d for d in setup.get("wipe", []) if d in hidden]
    if os.getuid() == 0 and setup.get("uid"):
        _drop_privileges(int(setup["uid"]))
    _set_dumpable(0)
    os.umask(0o077)
    limits = setup.get("limits", {})
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_FSIZE, int(limits.get("file_bytes", 64 * 2**20)))
    if limits.get("processes"):
        _limit(resource.RLIMIT_NPROC, int(limits["processes"]))
    _limit(resource.RLIMIT_NOFILE, 1024)

    # The result channel and the job channel: private copies of stdout and stdin. Student
    # code gets /dev/null (and the workers close both copies).
    result_fd = os.dup(1)
    job_fd = os.dup(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    lines.fd = job_fd
    if setup.get("workdir"):
        os.makedirs(setup["workdir"], exist_ok=True)
        os.chdir(setup["workdir"])

    def send(line: dict) -> None:
        data = (json.dumps(line) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(result_fd, view):]

    import warnings

    warnings.simplefilter("ignore")
    warm_errors = _warm(setup.get("warm", []))
    times = os.times()
    send({"kind": wire.READY, "uid": os.getuid(), "pid": os.getpid(), "notes": notes,
          "warm_errors": warm_errors, "cpu": round(times.user + times.system, 3)})
    while True:
        raw = lines.next()
        if raw is None:
            return 0
        job = json.loads(raw)
        _warm(job.get("warm", []))  # the assignment's own imports, if not loaded yet
        pid = os.fork()
        if pid == 0:  # the submission process
            code = 70
            try:
                os.close(job_fd)
                _submission(job, setup, result_fd, send, os.getppid())
                code = 0
            except BaseException:  # noqa: BLE001
                code = 71
            finally:
                os._exit(code)
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
            except ChildProcessError:
                break
        _sweep(setup.get("sweep", "pgroup"), {os.getpid()})
        clean = _clean(setup)
        times = os.times()
        send({"kind": wire.DONE, "job": job.get("id"), "clean": clean,
              "cpu": round(times.user + times.system + times.children_user
                           + times.children_system, 3)})
        if not clean:
            return 0


if __name__ == "__main__":
    sys.exit(main())
