"""The trusted side's watch over one running sandbox: memory, wall-clock budgets, and deaths.

The runner (:mod:`autograder.sandbox.runner`) enforces each check's limits inside the sandbox,
with rlimits per process and a deadline of its own. Student code can get around both: child
processes and in-memory files (``memfd_create``, files in the sandbox's tmpfs) are outside any
one process's rlimit, and a stopped (``SIGSTOP``) runner enforces nothing. So the grader
process watches every sandbox itself while a job runs (:class:`Watch`, consulted by
:meth:`autograder.sandbox.server.Server._exchange` every :data:`POLL_SECONDS`):

* **Memory.** It finds every process of the sandbox (the descendants of the process it
  started, and every process of the sandbox's own uid when it has one) and sums their
  proportional set size (PSS of anonymous and shared memory: pages shared by several
  processes count once in all), the in-memory files they hold open (memfd and deleted files,
  each inode once) and the sandbox's tmpfs use. A running check whose processes (its worker
  and everything below it) hold more than ``memory_mb``, or, when the sandbox holds more than
  the job's baseline (measured when the submission process said it was ready, before any
  student code ran) plus ``memory_mb`` per running check, the biggest check, has its
  processes killed (and stray processes no check owns): that check scores zero as "over its
  memory budget", and the sandbox goes on with the next check. Most polls read only counters
  (:func:`process_memory_bound`, well under a millisecond); the exact page walk runs only when
  the bound is over a check's budget.
* **Time.** A check that has run longer than its budget plus :func:`grace` (the runner
  should have stopped it) is "timed out"; the whole sandbox is then killed, because a
  runner that missed a deadline cannot be trusted to keep the next one, and the checks that
  had not finished are run again in a fresh one. The same happens when no check is running
  and the sandbox has said nothing for :data:`IDLE_SECONDS` (a stopped submission process
  between two checks). A stopped sandbox therefore costs one check's budget.
* **Deaths.** :func:`killed_from_outside` tells a sandbox that died from outside (an
  infrastructure fault: the OOM killer, an operator) from one that student code killed.

A cgroup v2 subtree would account memory more exactly; the grader's own cgroup is usually not
delegated to it (on this project's machine the memory controller is cgroup v1's, and the v2
hierarchy offers only ``hugetlb``), so this monitor, which needs only ``/proc``, is what runs
everywhere.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field

from dqlcourse.checks import wire

#: How often the sandbox is measured (seconds); the overhead is a few milliseconds a poll.
POLL_SECONDS = 0.2
#: How long a job may go silent with no check running (after its first line): the runner's
#: own work between checks (killing strays, emptying /tmp) takes well under a second.
IDLE_SECONDS = 15.0


#: How far below the process the grader starts the runner's server runs, by sandbox mode:
#: itself; below ``unshare --fork``; below bubblewrap (``--as-pid-1``: the runner is the init).
SERVER_DEPTH = {"none": 0, "unshare": 1, "bwrap": 1}


def grace(wall_seconds: float) -> float:
    """Seconds a check may run past its budget before the trusted side stops it (the runner
    stops it at the budget itself; the grace covers a loaded machine's scheduling)."""
    return 2.0 + 0.1 * wall_seconds


# --------------------------------------------------------------------------- reading /proc


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    start: int  # clock ticks after boot: tells a worker's order, and a reused pid


def _proc(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return Proc(pid, int(fields[1]), int(fields[19]))
    except (OSError, IndexError, ValueError):
        return None


def processes() -> dict[int, Proc]:
    """Every process of the machine, from ``/proc/<pid>/stat`` (no page walks)."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            proc = _proc(int(entry))
            if proc is not None:
                out[proc.pid] = proc
    return out


def processes_below(root: int) -> dict[int, Proc]:
    """``root`` and its descendants, read through each thread's ``children`` list: a few
    files for a sandbox, where :func:`processes` reads every process of the machine. (Falls
    back to :func:`processes` where the kernel has no ``children`` lists.)"""
    out: dict[int, Proc] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        proc = _proc(pid)
        if proc is None or pid in out:
            continue
        out[pid] = proc
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except FileNotFoundError:
            if pid == root and not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
                return processes()
        except (OSError, ValueError):
            continue
    return out


def _uid_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def descendants(root: int, procs: dict[int, Proc]) -> set[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for p in procs.values():
        children.setdefault(p.ppid, []).append(p.pid)
    found, todo = set(), [root] if root in procs else []
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, [])
    return found


def sandbox_pids(root: int, uid: int, procs: dict[int, Proc]) -> set[int]:
    """The sandbox's processes: below ``root`` (the process the grader started; in a pid
    namespace every orphan is re-parented below it) and, with a uid of its own (``uid`` > 0),
    every process of that uid (an orphan of the "none" sandbox is re-parented to init)."""
    found = descendants(root, procs)
    if uid > 0:
        found |= {pid for pid in procs if pid not in found and _uid_of(pid) == uid}
    return found


def _fields(path: str, names: tuple[str, ...]) -> dict[str, int] | None:
    """The ``kB`` fields ``names`` of a ``/proc`` file, in bytes (None: it is gone)."""
    try:
        with open(path) as fh:
            return {ln.split(":")[0]: int(ln.split()[1]) * 1024 for ln in fh
                    if ln.startswith(names)}
    except (OSError, ValueError, IndexError):
        return None


def process_memory(pid: int) -> int:
    """Bytes of memory ``pid`` accounts for, exactly: its proportional share (PSS) of
    anonymous and shared-memory pages and of swap (``smaps_rollup``; pages shared by several
    processes count once in all; mapped library files are page cache, not counted). Where the
    kernel splits no PSS, all of it; without a rollup, :func:`process_memory_bound`. A page
    walk: about 10 ms for a process with the libraries loaded."""
    got = _fields(f"/proc/{pid}/smaps_rollup", ("Pss", "SwapPss"))
    if got is None:
        return process_memory_bound(pid)
    if "Pss_Anon" in got:
        return got["Pss_Anon"] + got.get("Pss_Shmem", 0) + got.get("SwapPss", 0)
    return got.get("Pss", 0) + got.get("SwapPss", 0)


def process_memory_bound(pid: int) -> int:
    """An upper bound of :func:`process_memory`, from counters (``status``; no page walk):
    anonymous and shared-memory resident pages and swap, each shared page counted in every
    process that maps it."""
    got = _fields(f"/proc/{pid}/status", ("RssAnon", "RssShmem", "VmSwap")) or {}
    return sum(got.values())


def held_files(pid: int, skip_devices: set[int]) -> dict[tuple[int, int], int]:
    """In-memory files ``pid`` holds open that no directory shows: memfd files and deleted
    files, ``{(device, inode): bytes}`` (files on ``skip_devices``, tmpfs mounts measured
    whole, are left out)."""
    out = {}
    folder = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(folder)
    except OSError:
        return out
    for fd in fds:
        try:
            target = os.readlink(f"{folder}/{fd}")
            if not (target.startswith("/memfd:") or target.endswith(" (deleted)")):
                continue
            st = os.stat(f"{folder}/{fd}")
        except OSError:
            continue
        if st.st_dev not in skip_devices:
            out[(st.st_dev, st.st_ino)] = st.st_blocks * 512
    return out


def tmpfs_usage(pid: int, folders: list[str]) -> tuple[int, set[int]]:
    """Bytes used on the sandbox's private temporary file systems, seen through the root of
    ``pid`` (a process in the sandbox's mount namespace), and their devices."""
    used, devices = 0, set()
    for folder in folders:
        path = f"/proc/{pid}/root{folder}"
        try:
            dev = os.stat(path).st_dev
            if dev in devices:
                continue
            vfs = os.statvfs(path)
        except OSError:
            continue
        devices.add(dev)
        used += (vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize
    return used, devices


def _own_mount_namespace(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/ns/mnt") == os.readlink("/proc/self/ns/mnt")
    except OSError:
        return True


# --------------------------------------------------------------------------- deaths


def killed_from_outside(returncode: int | None, pid_namespace: bool, check_running: bool,
                        raised: bool = False) -> bool:
    """Whether a sandbox whose runner died (and that the grader did not stop) was killed from
    outside, an infrastructure fault that is never the student's.

    The rule: with a pid namespace (bwrap, unshare) always: the runner is the namespace's
    init, and no process inside may kill or stop it (the kernel drops every signal it has no
    handler for, and the runner ignores SIGINT, the one Python handles); its launcher lies
    outside. Without one ("none"), student code shares the runner's uid, so only a runner
    killed by a signal (``returncode`` < 0) while no check was running (no student code
    existed to send it) counts. Otherwise the student's code is taken to have killed it: the
    grader re-runs the checks that had not finished and a check that was running alone scores
    zero. (The launcher's exit code says nothing in a namespace: ``unshare`` exits 1 when its
    child is SIGKILLed.) A runner that ``raised`` (its own traceback on its stderr) failed
    inside, whatever the sandbox: that is never counted as from outside."""
    if raised:
        return False
    if pid_namespace:
        return True
    return returncode is not None and returncode < 0 and not check_running


# --------------------------------------------------------------------------- one job


@dataclass
class _Check:
    index: int
    wall: float
    started: float
    pid: int | None = None  # its worker, once seen


@dataclass
class Watch:
    """The trusted side's view of one job in one sandbox. :meth:`seen` is given every line
    of the job; :meth:`poll` measures and enforces, and returns ``"stopped"`` when it has
    killed the whole sandbox (``None`` otherwise). ``verdicts``: the lines this side wrote
    itself for checks it stopped (they replace the runner's)."""

    root: int  # the process the grader started
    uid: int  # the sandbox's own uid (0: none)
    memory_bytes: int  # per running check
    budgets: dict[int, float]  # wall-clock seconds by check index
    server_depth: int = 0  # how far below the root the runner's server runs (SERVER_DEPTH)
    tmpfs: list[str] = field(default_factory=list)  # the sandbox's private tmpfs folders
    kill_sandbox: object = None  # callable: stop the whole sandbox
    verdicts: dict[int, dict] = field(default_factory=dict)
    running: dict[int, _Check] = field(default_factory=dict)
    baseline: int | None = None
    last_line: float = field(default_factory=time.monotonic)
    began: bool = False  # the submission process has said it is ready
    next_poll: float = 0.0
    polls: int = 0
    poll_seconds: float = 0.0  # CPU seconds spent measuring (this thread's), for the overhead
    _claimed: set[int] = field(default_factory=set)

    # -- lines

    def seen(self, line: dict) -> None:
        self.last_line = time.monotonic()
        kind, index = line.get("kind"), line.get("index")
        if kind == wire.JOB and not self.began:
            self.began = True
            self.baseline = self.measure()[0]
        elif kind == wire.START and index in self.budgets and index not in self.running:
            self.running[index] = _Check(index, self.budgets[index], time.monotonic())
        elif kind == wire.CHECK and index in self.running:
            check = self.running.pop(index)
            # the runner kills a worker before it reports: a live pid was another's
            self._claimed.discard(check.pid)

    def check_running(self) -> bool:
        return bool(self.running)

    # -- measuring

    def measure(self, exact: bool = True) -> tuple[int, dict[int, int], set[int], dict[int, Proc]]:
        """The sandbox's memory in bytes, each process's share, and the processes; not
        ``exact``: an upper bound from counters (:func:`process_memory_bound`)."""
        procs = processes() if self.uid > 0 else processes_below(self.root)
        pids = sandbox_pids(self.root, self.uid, procs)
        inner = next((p for p in sorted(pids) if not _own_mount_namespace(p)), None)
        used, devices = tmpfs_usage(inner, self.tmpfs) if inner else (0, set())
        files: dict[tuple[int, int], int] = {}
        share: dict[int, int] = {}
        memory = process_memory if exact else process_memory_bound
        for pid in pids:
            held = held_files(pid, devices)
            share[pid] = memory(pid) + sum(v for k, v in held.items() if k not in files)
            files.update(held)
        return used + sum(share.values()), share, pids, procs

    def _roles(self, pids: set[int], procs: dict[int, Proc]) -> tuple[set[int], list[int]]:
        """The processes that are not student code (the launcher, the runner's server and
        the submission process) and the workers (the submission process's children), oldest
        first. The server lies :attr:`server_depth` below the root; the submission process is
        its oldest child (strays re-parented to the server are younger)."""
        depth = {self.root: 0}
        for pid in sorted(pids, key=lambda p: procs[p].start):
            if procs[pid].ppid in depth and pid != self.root:
                depth[pid] = depth[procs[pid].ppid] + 1
        trusted = {p for p, d in depth.items() if d <= self.server_depth}
        below = sorted((p for p, d in depth.items() if d == self.server_depth + 1),
                       key=lambda p: procs[p].start)
        if not below:
            return trusted, []
        submission = below[0]
        workers = sorted((p for p in pids if procs[p].ppid == submission),
                         key=lambda p: procs[p].start)
        return trusted | {submission}, workers

    def _assign_workers(self, workers: list[int]) -> None:
        """Match the running checks that have no live worker yet to the unclaimed workers,
        in the order they started (the runner announces a check, then forks its worker)."""
        waiting = sorted((c for c in self.running.values()
                          if c.pid is None or c.pid not in workers), key=lambda c: c.started)
        free = [p for p in workers if p not in self._claimed]
        for check, pid in zip(waiting, free):
            check.pid = pid
            self._claimed.add(pid)

    def _owner(self, pid: int, procs: dict[int, Proc]) -> int | None:
        """The check whose worker ``pid`` descends from (None: the server's or a stray)."""
        workers = {c.pid: c.index for c in self.running.values() if c.pid}
        seen = set()
        while pid in procs and pid not in seen:
            if pid in workers:
                return workers[pid]
            seen.add(pid)
            pid = procs[pid].ppid
        return None

    # -- enforcing

    def poll(self) -> str | None:
        now = time.monotonic()
        if now < self.next_poll:
            return None
        self.next_poll = now + POLL_SECONDS
        began = time.thread_time()
        try:
            return self._enforce(now)
        finally:
            self.polls += 1
            self.poll_seconds += time.thread_time() - began

    def _enforce(self, now: float) -> str | None:
        late = [c for c in self.running.values() if now > c.started + c.wall + grace(c.wall)]
        if late:
            for check in late:
                self.verdicts[check.index] = {
                    "kind": wire.CHECK, "index": check.index, "status": "timeout",
                    "detail": "stopped by the grader: the sandbox did not stop it in time"}
            return self._stop()
        if self.began and not self.running and now - self.last_line > IDLE_SECONDS:
            return self._stop()
        if self.baseline is None:
            return None
        allowed = self.baseline + self.memory_bytes * max(1, len(self.running))
        total, share, pids, procs = self.measure(exact=False)  # cheap, most polls end here
        if total <= self.baseline + self.memory_bytes:  # no check can be over its own budget
            return None
        total, share, pids, procs = self.measure()
        trusted, workers = self._roles(pids, procs)
        self._assign_workers(workers)
        self._over_memory(total, allowed, share, pids - trusted, procs)
        return None

    def _over_memory(self, total: int, allowed: int, share: dict[int, int], pids: set[int],
                     procs: dict[int, Proc]) -> None:
        """Kill every running check's processes that hold more than ``memory_bytes`` (``share``
        of its processes, child processes and the in-memory files they hold included) and, if
        the sandbox holds more than ``allowed`` in all, the biggest check's and every stray's
        (``pids``: the student code's processes). Then raise the baseline to what stays
        outside the checks (files in the tmpfs), so that it is blamed once, not on each later
        check."""
        owners = {pid: self._owner(pid, procs) for pid in pids}
        by_check: dict[int, int] = {}
        for pid, owner in owners.items():
            if owner is not None:
                by_check[owner] = by_check.get(owner, 0) + share.get(pid, 0)
        over = {index for index, used in by_check.items() if used > self.memory_bytes}
        victims: set[int] = set()
        if total > allowed:
            victims = {pid for pid, owner in owners.items() if owner is None}
            if by_check and not over:
                over = {max(by_check, key=by_check.get)}
        for index in over:
            victims |= {pid for pid, owner in owners.items() if owner == index}
            self.verdicts[index] = {"kind": wire.CHECK, "index": index, "status": "memory",
                                    "used_mb": round(by_check[index] / 2**20),
                                    "limit_mb": round(self.memory_bytes / 2**20)}
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        freed = sum(share.get(pid, 0) for pid in victims)
        others = sum(used for index, used in by_check.items() if index not in over)
        self.baseline = max(self.baseline, total - freed - others)

    def _stop(self) -> str:
        """Kill every process of the sandbox (a stopped one too: SIGKILL reaches it), then
        have the server close it."""
        procs = processes() if self.uid > 0 else processes_below(self.root)
        for pid in sandbox_pids(self.root, self.uid, procs):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if callable(self.kill_sandbox):
            self.kill_sandbox()
        return "stopped"
