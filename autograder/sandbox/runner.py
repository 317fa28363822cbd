"""The program that runs student code, inside the sandbox. Nothing it says is trusted.

The grader (:mod:`autograder.grade`) starts this file as ``python -I runner.py`` inside the
sandbox and keeps it as a *fork server* for one job slot: it grades many submissions, one
after the other, and never runs student code itself. The grader writes JSON lines to its
stdin: first a setup line (uid, limits, the filesystem mask of the fallback sandbox, the
trusted import statements to pre-load, the payload channel's file descriptor), then one
job line per submission: the import statements and definitions extracted from the submission
and the checks to run, by index and budget, *without* their inputs, expected values or hints.
A check's inputs (its payload) come on the payload channel, to its own worker only. This
program

1. in the fallback sandbox builds its filesystem view (a new root, :func:`_isolate`), drops
   privileges (when started as root it switches to the slot's unprivileged uid), installs the
   seccomp filter (:func:`_seccomp`: no keyrings, no POSIX message queues, no ptrace, no new
   namespaces or mounts), sets resource limits and makes itself non-dumpable;
2. imports the heavy libraries once (torch, numpy, gymnasium, matplotlib, the course package)
   and warms up what torch would otherwise import lazily in every check (the optimizers pull
   in ``torch._dynamo``), all before any student code exists in the sandbox;
3. for every job forks a *submission process*, which runs the submission's import statements
   (each on its own; one that fails is noted) and then, for every check, forks a fresh worker
   process in its own process group, with a CPU-time limit, a memory limit and a wall-clock
   budget, in a fresh empty directory of its own (its working directory, home and temporary
   folder). The submission process announces each worker (a ``start`` line), so that the
   grader can tell which check was running if the sandbox dies and, on reading it, writes
   that check's payload on the payload channel. The worker, before any student code exists
   in it, closes every file descriptor but its own outcome pipe, reads its payload and closes
   the channel; only then does the submission process start another check. The worker then
   defines the student's functions from source, calls them on the cases through the check's
   adapter (phase 1 of :mod:`dqlcourse.checks.core`) and writes the plain-data outcomes to
   its pipe;
4. after each check kills the worker's process group, removes its directory and writes one
   JSON line to the result channel; whenever no worker is left running, kills every other
   process of the sandbox that is not the server or the submission process and empties the
   private temporary directories, the working directory and the IPC objects;
5. when the submission process has ended, kills every process of the sandbox but itself,
   empties the sandbox's private temporary directories and System V IPC objects, and says
   ``done``. If it cannot clean up, it exits and the grader starts a fresh sandbox.

Student code therefore only ever runs in forks of a process that never ran student code: a
check cannot change the code or data of a later check, of a later submission, or of the
server (it can kill them; the grader then restarts the server and re-runs the checks that
had not finished, and a check that kills the sandbox's processes twice scores zero).

Hidden inputs stay hidden. The server and the submission processes never read the payload
channel, so a worker (a fork of them) holds no check's inputs but its own, and it cannot read
theirs through ``/proc`` either (non-dumpable; they only hold the channel). The visible checks
run first and a hidden check never runs beside a visible one: between the last visible check
and the first hidden one no worker runs, and everything the visible ones left was removed, so
nothing a hidden check writes, starts or keeps in memory is ever within a visible check's reach
(whose feedback would show it, on Gradescope before the due date). Checks of one kind running
side by side can see each other's files; they learn nothing the student could not see anyway
(visible inputs) or show nothing (hidden checks' feedback has no text of theirs).

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
import tempfile
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


MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 8, 32, 4096, 16384
MS_PRIVATE, MNT_DETACH = 1 << 18, 2
#: os.statvfs flags that a bind mount's read-only remount must keep (a user namespace may not
#: drop them): ST_NOSUID, ST_NODEV, ST_NOEXEC, ST_NOATIME, ST_NODIRATIME map to the same MS_
#: values; ST_RELATIME (4096) is MS_RELATIME (1 << 21).
_KEPT_FLAGS = {2: 2, 4: 4, 8: 8, 1024: 1024, 2048: 2048, 4096: 1 << 21}


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None) -> None:
    libc = _lib()
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    ok = libc.mount(source.encode() if source else None, target.encode(),
                    fstype.encode() if fstype else None, flags, data.encode() if data else None)
    if ok != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def _bind_read_only(source: str, target: str) -> None:
    """Bind ``source`` (a path, or ``/proc/self/fd/N``) on ``target`` and make it read-only,
    keeping the flags the source's mount has (a user namespace may not clear them)."""
    _mount(source, target, None, MS_BIND, None)
    kept = os.statvfs(target).f_flag
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY
    for st_flag, ms_flag in _KEPT_FLAGS.items():
        if kept & st_flag:
            flags |= ms_flag
    _mount(None, target, None, flags, None)


def _tmpfs(target: str, mode: str, size: str = "64m") -> None:
    os.makedirs(target, exist_ok=True)
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode={mode}")


#: The device nodes of the fallback sandbox's /dev (bound from the host's, like bubblewrap's
#: ``--dev``), and its links into /proc.
_DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
_DEV_LINKS = {"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
              "stderr": "/proc/self/fd/2"}


def _isolate(mask: dict) -> None:
    """Fallback filesystem view (no bubblewrap), the one bubblewrap would give: a new root
    holding only ``mask["binds"]`` (the system's libraries, the interpreter, its packages and
    the course package, read-only, at their own paths, each from ``mask["sources"]`` where that
    names another source: the course package's copy), ``mask["links"]`` (``/bin`` ->
    ``usr/bin``), a ``/proc``, a read-only ``/dev`` of a few device nodes and the private
    tmpfs directories ``mask["private"]`` (``/tmp``, ``/dev/shm``, ``/run``, with their
    modes); every path of ``mask["hide"]`` (the grader's folders inside a bound one) is covered
    by an empty tmpfs. The old root is then detached (``pivot_root``): nothing else of the
    host, not its ``/``, ``/home``, ``/root``, the repository or ``/run/lock``, can be listed.

    Needs a private mount namespace (``unshare --mount``) and root in it. Raises ``OSError``
    if any step fails: grading must not go on with the host in view.
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    # the sources are opened before anything is covered (the course may live under /tmp)
    sources = mask.get("sources", {})  # a bind shown from another source (the course package)
    held = {path: os.open(sources.get(path, path), os.O_PATH) for path in mask["binds"]
            if os.path.exists(sources.get(path, path))}
    new = "/tmp"  # covered by the new root's tmpfs in this mount namespace only
    try:
        _tmpfs(new, "755", "16m")
        _tmpfs(new + "/dev", "755", "1m")
        for name in _DEVICES:
            open(f"{new}/dev/{name}", "a").close()
            _mount(f"/dev/{name}", f"{new}/dev/{name}", None, MS_BIND, None)
        for name, target in _DEV_LINKS.items():
            os.symlink(target, f"{new}/dev/{name}")
        os.makedirs(new + "/dev/shm")
        _mount(None, new + "/dev", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
        # the private directories come before the binds, which stay visible inside them
        # (a course or virtual environment under /tmp)
        for path, mode in sorted(mask["private"].items()):
            _tmpfs(new + path, mode, "256m")
        for path, fd in sorted(held.items()):
            target = new + path
            os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
            if os.path.isdir(f"/proc/self/fd/{fd}"):
                os.makedirs(target, mode=0o755, exist_ok=True)
            else:
                open(target, "a").close()
            _bind_read_only(f"/proc/self/fd/{fd}", target)
    finally:
        for fd in held.values():
            os.close(fd)
    for path, target in mask["links"].items():
        os.symlink(target, new + path)
    os.makedirs(new + "/proc", mode=0o755)
    _mount("/proc", new + "/proc", None, MS_BIND | MS_REC, None)
    for path in mask["hide"]:
        if os.path.isdir(new + path):
            _tmpfs(new + path, "755", "1m")
    _mount(None, new, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    os.chdir(new)
    libc = _lib()
    if libc.syscall(ctypes.c_long(_SYSCALLS[_arch()[0]]["pivot_root"]), b".", b".") != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"pivot_root: {os.strerror(err)}")
    if libc.umount2(b".", MNT_DETACH) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"detaching the host's root: {os.strerror(err)}")
    os.chdir("/")


# --------------------------------------------------------------------------- seccomp

#: Linux syscall numbers of the calls the filter refuses (or inspects), per architecture.
_SYSCALLS = {
    "x86_64": {"add_key": 248, "request_key": 249, "keyctl": 250, "mq_open": 240,
               "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244,
               "mq_getsetattr": 245, "ptrace": 101, "process_vm_readv": 310,
               "process_vm_writev": 311, "userfaultfd": 323, "bpf": 321, "perf_event_open": 298,
               "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155,
               "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
               "fsmount": 432, "fspick": 433, "mount_setattr": 442, "kexec_load": 246,
               "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
               "delete_module": 176, "shmget": 29, "shmat": 30, "shmctl": 31, "semget": 64,
               "semop": 65, "semctl": 66, "msgget": 68, "msgsnd": 69, "msgrcv": 70,
               "msgctl": 71, "semtimedop": 220, "clone": 56, "clone3": 435},
    "aarch64": {"add_key": 217, "request_key": 218, "keyctl": 219, "mq_open": 180,
                "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183, "mq_notify": 184,
                "mq_getsetattr": 185, "ptrace": 117, "process_vm_readv": 270,
                "process_vm_writev": 271, "userfaultfd": 282, "bpf": 280, "perf_event_open": 241,
                "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41,
                "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
                "fsmount": 432, "fspick": 433, "mount_setattr": 442, "kexec_load": 104,
                "kexec_file_load": 294, "init_module": 105, "finit_module": 273,
                "delete_module": 106, "msgget": 186, "msgctl": 187, "msgrcv": 188,
                "msgsnd": 189, "semget": 190, "semctl": 191, "semtimedop": 192, "semop": 193,
                "shmget": 194, "shmctl": 195, "shmat": 196, "clone": 220, "clone3": 435},
}
#: AUDIT_ARCH_* of each architecture, as the kernel puts it in ``seccomp_data.arch``.
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
#: Refused with EPERM in every sandbox mode, before any student code exists:
#: * state that outlives a submission outside the sandbox's private directories: the kernel
#:   keyrings (``add_key``, ``request_key``, ``keyctl``; the user keyring ``@u`` is per uid and
#:   survives even into later grader runs, which reuse the sandbox uids) and POSIX message
#:   queues (``mq_*``; outside a private IPC namespace they are the machine's), and System V
#:   IPC (``shm*``, ``sem*``, ``msg*``: a shared-memory segment left unattached holds memory no
#:   process maps, which the memory monitor cannot see; without an IPC namespace, the
#:   machine's segments);
#: * reaching into other processes: ``ptrace``, ``process_vm_readv``/``writev``;
#: * changing the sandbox itself: ``unshare``, ``setns``, the mount calls (old and new API),
#:   and clone's namespace flags (below);
#: * kernel attack surface the course never needs: ``userfaultfd``, ``bpf``,
#:   ``perf_event_open``, ``kexec_*``, ``*_module``.
#: torch, numpy, gymnasium, matplotlib and the checks use none of them (the reference
#: notebooks grade full marks under the filter; tests/test_grader_exploits.py).
SECCOMP_DENIED = ("add_key", "request_key", "keyctl", "mq_open", "mq_unlink", "mq_timedsend",
                  "mq_timedreceive", "mq_notify", "mq_getsetattr", "ptrace", "process_vm_readv",
                  "process_vm_writev", "userfaultfd", "bpf", "perf_event_open", "unshare",
                  "setns", "mount", "umount2", "pivot_root", "open_tree", "move_mount",
                  "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "kexec_load",
                  "kexec_file_load", "init_module", "finit_module", "delete_module", "shmget",
                  "shmat", "shmctl", "semget", "semop", "semctl", "semtimedop", "msgget",
                  "msgsnd", "msgrcv", "msgctl")
#: clone's flags that make new namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER,
#: NEWPID, NEWNET): refused like ``unshare``. clone3 passes its flags in memory, which a
#: filter cannot read: it answers ENOSYS, and the C library falls back to clone.
_CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 \
    | 0x20000000 | 0x40000000
_EPERM, _ENOSYS = 1, 38


def _arch() -> tuple[str, int]:
    """This machine's architecture name and AUDIT_ARCH (0 when the filter does not know it)."""
    machine = os.uname().machine
    machine = {"arm64": "aarch64", "amd64": "x86_64"}.get(machine, machine)
    return machine, _AUDIT_ARCH.get(machine, 0)


def seccomp_program(machine: str) -> bytes:
    """The classic-BPF program (``struct sock_filter`` records) of :func:`_seccomp`."""
    import struct

    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06  # BPF_LD|W|ABS, BPF_JMP|.., BPF_RET
    allow, errno = 0x7FFF0000, 0x00050000  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO
    numbers = _SYSCALLS[machine]
    denied = sorted({numbers[name] for name in SECCOMP_DENIED})
    # (code, jump-if-true label, jump-if-false label, k); labels are resolved below
    prog: list[tuple[int, str | int, str | int, int]] = [
        (ld, 0, 0, 4),  # seccomp_data.arch
        (jeq, 0, "eperm", _AUDIT_ARCH[machine]),  # another ABI (i386, arm32): refused
        (ld, 0, 0, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":
        prog.append((jge, "eperm", 0, 0x40000000))  # the x32 ABI: refused
    prog += [(jeq, "eperm", 0, nr) for nr in denied]
    prog += [(jeq, "enosys", 0, numbers["clone3"]),
             (jeq, 0, "allow", numbers["clone"]),
             (ld, 0, 0, 16),  # low 32 bits of seccomp_data.args[0]: clone's flags
             (jset, "eperm", "allow", _CLONE_NAMESPACES)]
    labels = {"allow": len(prog), "eperm": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [(ret, 0, 0, allow), (ret, 0, 0, errno | _EPERM), (ret, 0, 0, errno | _ENOSYS)]

    def offset(at: int, target: str | int) -> int:
        return target if isinstance(target, int) else labels[target] - at - 1

    return b"".join(struct.pack("HBBI", code, offset(i, jt), offset(i, jf), k)
                    for i, (code, jt, jf, k) in enumerate(prog))


def _seccomp() -> str:
    """Install the sandbox's seccomp filter on this process (inherited by every fork and
    exec, and irrevocable): the calls of :data:`SECCOMP_DENIED`, clone with namespace flags
    and every call of a foreign ABI fail with EPERM (clone3 with ENOSYS) instead of killing,
    so a library that probes one of them goes on. Returns a note: "" once installed, else
    why not (an architecture the filter has no numbers for: everything stays allowed)."""
    machine, audit = _arch()
    if sys.platform != "linux":
        return f"no seccomp filter: {sys.platform} is not Linux"
    if not audit:
        return f"no seccomp filter: unknown architecture {machine} (keyrings, message " \
               "queues and ptrace stay open to student code)"
    program = seccomp_program(machine)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]

    fprog = SockFprog(len(program) // 8, program)
    prctl, zero = _lib().prctl, ctypes.c_ulong(0)
    # PR_SET_NO_NEW_PRIVS (38): required to install a filter without CAP_SYS_ADMIN; then
    # PR_SET_SECCOMP (22), SECCOMP_MODE_FILTER (2)
    if prctl(38, ctypes.c_ulong(1), zero, zero, zero) != 0 or \
            prctl(22, ctypes.c_ulong(2), ctypes.c_void_p(ctypes.addressof(fprog)), zero, zero) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"installing the seccomp filter: {os.strerror(err)}")
    return ""


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


#: The byte a worker writes first on its outcome pipe, once it has read its own check's payload
#: and closed the payload channel: until then its submission process starts no other check.
_TOOK = b"+"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _close_fds(keep: set[int]) -> None:
    """Close every file descriptor of this process but ``keep``: a worker keeps only its own
    outcome pipe, ``/dev/null`` as 0-2 and, until it has read its payload, the payload channel;
    the job and result channels and the other workers' pipes are gone before student code."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(resource.getrlimit(resource.RLIMIT_NOFILE)[0]))
    for fd in fds:
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _receive(payload_fd: int, index: int) -> dict:
    """Read this worker's own check's payload, the one line on the payload channel
    (:mod:`dqlcourse.checks.wire`), and close the channel. A line that is not check
    ``index``'s means the channel is out of step: the worker stops without taking it."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(payload_fd, 1 << 16)
        if not chunk:
            break
        data += chunk
    os.close(payload_fd)
    payload = json.loads(data)
    if not isinstance(payload, dict) or payload.get("index") != index:
        raise RuntimeError("the payload channel is out of step")
    return payload


def _enter(directory: str) -> None:
    """Work in ``directory``, the check's own: its working directory, home and temporary
    folder (``tempfile`` caches the latter, so it is set there too)."""
    os.chdir(directory)
    os.environ.update(HOME=directory, TMPDIR=directory)
    tempfile.tempdir = directory


def _worker(job: dict, entry: dict, base: dict, out_fd: int, payload_fd: int, memory: int,
            directory: str) -> None:
    """Run one check in this (forked) process and write its outcomes to ``out_fd``: first it
    takes its own inputs from the payload channel, then, in its own directory, it defines the
    student's code and calls it."""
    from dqlcourse.checks.core import Case, Check, execute, not_run

    check = _receive(payload_fd, entry["index"])
    _write_all(out_fd, _TOOK)
    _enter(directory)
    cpu = max(1, math.ceil(entry["cpu_seconds"]))
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
    _write_all(out_fd, json.dumps({"outcomes": outcomes}).encode())


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
    """A worker that is running one check (``entry``: the check's job entry) in ``directory``."""

    def __init__(self, entry: dict, pid: int, read_fd: int, directory: str, job: Any = None):
        self.entry, self.pid, self.read_fd, self.job = entry, pid, read_fd, job
        self.directory = directory
        self.start = time.monotonic()
        self.deadline = self.start + entry["wall_seconds"]
        self.buf = bytearray()


def _start_check(job: dict, entry: dict, base: dict, memory: int,
                 payload_fd: int) -> _Running | None:
    """Fork a worker for the check ``entry`` in a fresh empty directory of its own and wait
    until it has taken its payload from the channel (the grader writes it on the ``start``
    line). None if it did not within the check's budget (it is stopped): the channel may then
    hold a line that no other worker may read."""
    directory = tempfile.mkdtemp(prefix=f"check-{entry['index']}-", dir=os.getcwd())
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 70
        try:
            _close_fds({0, 1, 2, write_fd, payload_fd})
            os.setpgid(0, 0)
            _worker(job, entry, base, write_fd, payload_fd, memory, directory)
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
    run = _Running(entry, pid, read_fd, directory, job.get("id"))
    ready, _, _ = select.select([read_fd], [], [], entry["wall_seconds"])
    if ready and os.read(read_fd, len(_TOOK)) == _TOOK:
        return run
    _stop(run)
    return None


def _stop(run: _Running) -> int:
    """Kill a worker's whole process group, remove its directory; its wait status."""
    os.close(run.read_fd)
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        _, wstatus = os.waitpid(run.pid, 0)
    except ChildProcessError:
        wstatus = 0
    try:
        _remove_path(run.directory)
    except OSError:
        pass  # emptied with the working directory once no check runs (_clean)
    return wstatus


def _finish_check(run: _Running, status: str) -> dict:
    """Stop a worker and turn what it sent into a line."""
    seconds = time.monotonic() - run.start
    wstatus = _stop(run)
    line: dict[str, Any] = {"kind": wire.CHECK, "job": run.job, "index": run.entry["index"],
                            "seconds": round(seconds, 3)}
    if status in ("timeout", "oversize"):
        line.update(status=status)
    else:
        try:
            line.update(status="ok", outcomes=json.loads(bytes(run.buf))["outcomes"])
        except (ValueError, KeyError, TypeError, RecursionError):
            line.update(status="crashed", detail=_describe(wstatus, bool(run.buf)))
    return line


def _may_start(entry: dict, running: dict[int, _Running]) -> bool:
    """A hidden check never runs beside a visible one (nor the other way round)."""
    return all(r.entry["hidden"] == entry["hidden"] for r in running.values())


def _run_checks(job: dict, base: dict, memory: int, send, setup: dict, payload_fd: int,
                keep: set[int]) -> None:
    """Run every check, ``job["parallel"]`` workers at a time, each within its budget, in a
    directory of its own and with only its own inputs.

    The visible checks run first, then the hidden ones, never side by side: whenever no worker
    is left running (after every check when they run one at a time, and always between the
    last visible check and the first hidden one), every other process of the sandbox that is
    not in ``keep`` is killed and the private temporary directories, the working directory and
    the IPC objects are emptied (:func:`_clean`), so nothing a hidden check leaves behind
    reaches a visible check's feedback. A worker that does not take its payload, or cleaning
    that fails, stops the job: no further check starts (the grader re-runs them elsewhere).
    """
    pending = sorted(job["checks"], key=lambda entry: bool(entry["hidden"]))
    running: dict[int, _Running] = {}
    width = max(1, int(job.get("parallel", 1)))
    cap = job.get("max_output_bytes", 16 * 2**20)
    stopped = False
    while (pending and not stopped) or running:
        while (pending and not stopped and len(running) < width
               and _may_start(pending[0], running)):
            entry = pending.pop(0)
            send({"kind": wire.START, "job": job.get("id"), "index": entry["index"]})
            run = _start_check(job, entry, base, memory, payload_fd)
            if run is None:
                stopped = True
            else:
                running[run.read_fd] = run
        if not running:
            break
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
            _sweep(setup.get("sweep", "pgroup"), keep)
            stopped = stopped or not _clean(setup)


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
        for folder in (os.path.dirname(target) or "/", target):
            if not os.path.islink(folder) and not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
                try:
                    os.chmod(folder, 0o700)
                except OSError:
                    pass
        if func in (os.open, os.scandir, os.lstat):  # a directory it could not open: again
            shutil.rmtree(target, onerror=unlock)
        else:
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


def _submission(job: dict, setup: dict, send, server: int, payload_fd: int) -> None:
    """One submission, in a fork of the server: its imports, then every check. Like the
    server, it never reads the payload channel: it only hands it to each worker."""
    base: dict = {"__name__": "answers", "__builtins__": __builtins__}
    import_errors = []
    for statement in job["imports"]:
        try:
            exec(compile(statement, "<imports>", "exec"), base)
        except BaseException as exc:  # noqa: BLE001 - a missing module is the student's
            import_errors.append(f"{statement}: {type(exc).__name__}: {str(exc)[:200]}")
    try:  # the course's adapters, imported before any student code runs
        import importlib

        for module in job["adapters"]:
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
    _run_checks(job, base, memory, send, setup, payload_fd, {os.getpid(), server})


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # pid namespace's init: then unkillable inside
    lines = _Lines(0)
    first = lines.next()
    setup = json.loads(first) if first else {}
    if setup.get("mask"):
        try:
            _isolate(setup["mask"])
        except (OSError, KeyError) as exc:  # the grader refuses this sandbox (sandbox.available)
            sys.stderr.write(f"the unshare sandbox cannot hide the host's files here ({exc}); "
                             "install bubblewrap (apt-get install bubblewrap)\n")
            return 1
    if os.getuid() == 0 and setup.get("uid"):
        _drop_privileges(int(setup["uid"]))
    _set_dumpable(0)
    notes = [note for note in [_seccomp()] if note]
    if setup.get("probe"):  # sandbox.available: the set-up above works here
        os.write(1, b"ok\n")
        return 0
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
    payload_fd = int(setup.get("payload_fd", -1))  # read by the workers only
    if setup.get("workdir"):
        os.makedirs(setup["workdir"], exist_ok=True)
        os.chdir(setup["workdir"])

    def send(line: dict) -> None:
        _write_all(result_fd, (json.dumps(line) + "\n").encode())

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
                _submission(job, setup, send, os.getppid(), payload_fd)
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
