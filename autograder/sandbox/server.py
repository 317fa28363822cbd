"""The host side of the sandbox: a fork server per job slot, and running one submission's
checks in it.

The other side is :mod:`autograder.sandbox.runner`, the program inside the sandbox; the two
talk in JSON lines whose every kind and field is defined once, in :mod:`dqlcourse.checks.wire`:
jobs that carry no case input, and each check's inputs on a channel of their own, written only
when the runner has started that check's worker (:meth:`Server.run_job`).
This module decides nothing about grades: it returns each check's line as the sandbox sent it,
and :mod:`autograder.results` judges it.
"""

from __future__ import annotations

import array
import fcntl
import json
import os
import select
import selectors
import shutil
import signal
import subprocess
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import sandbox as sb
from autograder.sandbox import monitor
from autograder.options import Options, check_budget
from dqlcourse.checks import wire
from dqlcourse.checks.core import Check


#: The most a check's outcomes may take on the wire (a frame, a saliency map: well under it);
#: a check that answers more is "oversize", so one submission cannot make this process grow.
MAX_CHECK_OUTPUT_BYTES = 2 * 2**20
#: The longest a worker may take to read its payload (it reads it at once: a payload is a few
#: kilobytes, well within a pipe's buffer, so writing it normally never waits at all).
PAYLOAD_SECONDS = 10.0


#: Why a submission got no grade when its sandbox was killed from outside twice.
INFRASTRUCTURE = "the sandbox was killed from outside twice while grading this submission"


@dataclass
class Run:
    """What came back from the sandbox for one submission."""

    lines: dict[int, dict]
    ready: dict | None  # the submission process's first line (import errors)
    error: str = ""
    restarts: int = 0
    cpu: float = 0.0  # CPU seconds the sandbox reported for this submission
    infrastructure: bool = False  # the sandbox failed from outside twice: no grade


def _parallel(options: Options) -> int:
    """Checks of one submission run at a time: the cores left over by ``jobs``."""
    if options.checks_in_parallel:
        return options.checks_in_parallel
    return max(1, min(4, (os.cpu_count() or 1) // max(1, options.jobs)))


class Server:
    """One sandbox per job slot that grades submission after submission: a fork server.

    The sandboxed runner (:mod:`autograder.sandbox.runner`) imports the heavy libraries once;
    for every submission it forks a submission process, which forks a fresh worker per check.
    Student code never runs in the server itself, so nothing one submission (or check) does
    can change what a later one runs; between submissions the server kills every other
    process of the sandbox and empties its temporary directories. The server is restarted
    when it dies, when it could not clean up, or when a submission overran its budget.
    """

    def __init__(self, box: sb.Sandbox, options: Options, slot: int = 0,
                 hide: list[Path] | None = None, warm: list[str] | None = None):
        self.box, self.options, self.slot = box, options, slot
        self.hide = list(hide or [])
        self.warm = warm if warm is not None else list(sb.WARM_EXTRA)
        # a uid of its own, never shared with another sandbox on this machine (another slot,
        # another grader run): process limits count per uid, and signals reach only it
        self.claim = sb.claim_uid() if box.drops_uid else None
        self.uid = self.claim.uid if self.claim else 0
        self.proc: subprocess.Popen | None = None
        self.errfile = None
        self.workdir: str | None = None
        self.tmpfs: list[str] = []
        self.buf = b""
        self.ready: dict | None = None
        self.jobs = 0
        self.starts = 0
        self.pending = b""
        self.payload_fd: int | None = None  # the payload channel's write end (wire)
        self.startup_cpu = 0.0  # CPU seconds of the servers' imports (as they reported)
        self.cpu_seen = 0.0
        self.last_job_cpu = 0.0
        self.watch: monitor.Watch | None = None  # the last job's (for its measurements)
        self.from_outside = False  # the last job's sandbox was killed from outside

    # -- life cycle

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        """Start the sandbox (returns at once; :meth:`wait_ready` waits for its imports)."""
        self.close()
        box, options = self.box, self.options
        how = sb.launch(box, self.uid, self.hide)
        self.workdir = how.workdir
        self.tmpfs = list(how.setup.get("wipe", []))  # the private tmpfs folders it empties
        setup: dict[str, Any] = {
            **how.setup, "uid": self.uid, "warm": self.warm,
            "limits": {"memory_bytes": options.memory_mb * 2**20, "file_bytes": 64 * 2**20,
                       "processes": options.processes},
        }
        env, cwd = how.env, how.cwd
        self.errfile = tempfile.TemporaryFile()
        self.buf, self.ready, self.jobs = b"", None, 0
        self.starts += 1
        read_end, self.payload_fd = os.pipe()
        os.set_blocking(self.payload_fd, False)
        setup["payload_fd"] = read_end
        try:
            self.proc = subprocess.Popen(sb.command(box), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.errfile, env=env,
                                         cwd=cwd or "/", start_new_session=True,
                                         pass_fds=(read_end,))
        except OSError as exc:
            self.proc = None
            raise RuntimeError(f"could not start the sandbox: {exc}") from None
        finally:
            os.close(read_end)
        os.set_blocking(self.proc.stdin.fileno(), False)
        self.pending = (json.dumps(setup) + "\n").encode()

    def release(self) -> None:
        """Close the sandbox for good and give its uid back."""
        self.close(graceful=True)
        if self.claim is not None:
            self.claim.release()

    def close(self, graceful: bool = False) -> None:
        """Stop the sandbox and everything in it. ``graceful``: an idle server is first asked
        to exit (its processes' CPU time is then counted in this process's children)."""
        proc, self.proc = self.proc, None
        if proc is not None and graceful and proc.poll() is None and not self.pending:
            try:
                proc.stdin.close()
                proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        if self.box.mode == "none" and self.box.drops_uid and proc is not None:
            sb.kill_uid(self.uid)
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
        if self.errfile is not None:
            self.errfile.close()
            self.errfile = None
        if self.payload_fd is not None:
            os.close(self.payload_fd)
            self.payload_fd = None

    def _runner_raised(self) -> bool:
        """Whether the runner ended by an exception of its own (its traceback is on its stderr,
        which student code cannot write to): a failure inside, not a kill from outside."""
        if self.errfile is None:
            return False
        self.errfile.seek(0)
        return b"Traceback (most recent call last):" in self.errfile.read()

    def _stderr_tail(self) -> str:
        if self.errfile is None:
            return ""
        self.errfile.seek(0)
        return self.errfile.read()[-500:].decode("utf-8", "replace").strip()

    # -- talking

    def _exchange(self, deadline: float, until, max_bytes: int = 64 * 2**20,
                  watch: monitor.Watch | None = None) -> str:
        """Write what is pending, read lines and hand each to ``until`` (which returns True
        to stop), at most ``max_bytes`` in all; let ``watch`` poll the sandbox in between.
        Returns "ok", "eof", "timeout", "toomuch" or "stopped" (``watch`` killed it)."""
        assert self.proc is not None
        out_fd, in_fd = self.proc.stdout.fileno(), self.proc.stdin.fileno()
        total = 0
        with selectors.DefaultSelector() as sel:
            sel.register(out_fd, selectors.EVENT_READ)
            writing = False
            while True:
                if self.pending and not writing:
                    sel.register(in_fd, selectors.EVENT_WRITE)
                    writing = True
                # lines already buffered first
                while b"\n" in self.buf:
                    raw, self.buf = self.buf.split(b"\n", 1)
                    try:
                        line = json.loads(raw)
                    except (ValueError, RecursionError):
                        continue
                    if isinstance(line, dict) and until(line):
                        if writing:
                            sel.unregister(in_fd)
                        return "ok"
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return "timeout"
                if watch is not None and watch.poll():
                    return "stopped"
                tick = monitor.POLL_SECONDS if watch is not None else 1.0
                for key, _ in sel.select(timeout=min(remaining, tick)):
                    if key.fd == in_fd:
                        try:
                            self.pending = self.pending[os.write(in_fd, self.pending):]
                        except BlockingIOError:
                            continue
                        except OSError:  # the server is gone: read what it said, then EOF
                            self.pending = b""
                        if not self.pending:
                            sel.unregister(in_fd)
                            writing = False
                        continue
                    chunk = os.read(out_fd, 1 << 16)
                    if not chunk:
                        return "eof"
                    total += len(chunk)
                    if total > max_bytes:
                        return "toomuch"
                    self.buf += chunk

    def wait_ready(self, deadline: float) -> str:
        """Wait for the server's imports; returns an error message or ""."""
        if self.ready is not None:
            return ""

        def got(line: dict) -> bool:
            if line.get("kind") == wire.READY:
                self.ready = line
                cpu = line.get("cpu")
                self.cpu_seen = float(cpu) if isinstance(cpu, (int, float)) else 0.0
                self.startup_cpu += self.cpu_seen
                return True
            return False

        status = self._exchange(deadline, got)
        if status == "ok":
            return ""
        tail = self._stderr_tail()
        self.close()
        return "the sandbox did not start" + (f": {tail}" if tail else "")

    def _send_payload(self, payload: dict, deadline: float) -> bool:
        """Write one check's payload on the payload channel, for the worker the runner has just
        started for it (:mod:`dqlcourse.checks.wire`); False if it could not be written."""
        view = memoryview(wire.payload_frame(payload))
        end = min(deadline, time.monotonic() + PAYLOAD_SECONDS)
        while view:
            try:
                view = view[os.write(self.payload_fd, view):]
            except BlockingIOError:
                if time.monotonic() >= end:
                    return False
                select.select([], [self.payload_fd], [], 0.1)
            except OSError:  # nobody inside holds the channel any more: the sandbox is gone
                return False
        return True

    def _payloads_taken(self) -> bool:
        """Whether every payload written has been read: a line left in the channel (its
        worker was killed before it read it) would reach the next job's first worker."""
        unread = array.array("i", [0])
        try:
            fcntl.ioctl(self.payload_fd, termios.FIONREAD, unread)
        except OSError:
            return False
        return unread[0] == 0

    def run_job(self, job: dict, payloads: list[dict],
                deadline: float) -> tuple[dict, set, dict | None, str]:
        """Send one job (which carries no case input), and each of its checks' payload when
        the runner starts that check; collect its lines until the server says it is done.

        Returns ``(lines by check index, indices started, the submission's first line,
        status)``, status "done", "died", "timeout" or "toomuch"."""
        self.jobs += 1
        self.last_job_cpu = 0.0
        job = {**job, "id": self.jobs}
        self.pending += (json.dumps(job) + "\n").encode()
        wanted = {entry["index"] for entry in job["checks"]}
        n_checks = len(payloads)
        lines: dict[int, dict] = {}
        started: set[int] = set()
        first: dict | None = None
        clean = True
        lost = False  # a payload could not be written: the sandbox is gone

        watch = self._watch(job)

        def got(line: dict) -> bool:
            nonlocal first, clean, lost
            if line.get("job") != job["id"]:
                return False
            watch.seen(line)
            kind, index = line.get("kind"), line.get("index")
            if kind == wire.JOB and first is None:
                first = line
            elif kind in (wire.START, wire.CHECK) and isinstance(index, int) and 0 <= index < n_checks:
                if kind == wire.START:
                    if index in wanted and index not in started and \
                            not self._send_payload(payloads[index], deadline):
                        lost = True
                        return True
                    started.add(index)
                elif index not in lines:
                    lines[index] = line
            elif kind == wire.DONE:
                clean = line.get("clean") is True and self._payloads_taken()
                cpu = line.get("cpu")
                if isinstance(cpu, (int, float)):
                    self.last_job_cpu = max(0.0, float(cpu) - self.cpu_seen)
                    self.cpu_seen = float(cpu)
                return True
            return False

        status = self._exchange(deadline, got, (MAX_CHECK_OUTPUT_BYTES + 2**16) * max(1, n_checks)
                                + 2**20, watch)
        lines.update(watch.verdicts)  # this side's own: over its memory budget, overran
        if lost:  # the sandbox no longer reads its payload channel: it is gone
            self.from_outside = monitor.killed_from_outside(
                self._exit_code(), self.box.mode != "none", watch.check_running(),
                self._runner_raised())
            self.close()
            return lines, started, first, "died"
        if status == "ok":
            if not clean:
                self.close()  # could not clean up: the next submission gets a fresh sandbox
            return lines, started, first, "done"
        if status == "eof":
            self.from_outside = monitor.killed_from_outside(
                self._exit_code(), self.box.mode != "none", watch.check_running(),
                self._runner_raised())
        self.close()
        return lines, started, first, "died" if status == "eof" else status

    def _watch(self, job: dict) -> monitor.Watch:
        """The trusted side's monitor of this job (:mod:`autograder.sandbox.monitor`)."""
        assert self.proc is not None
        self.from_outside = False
        self.watch = monitor.Watch(
            root=self.proc.pid, uid=self.uid if self.box.mode == "none" else 0,
            memory_bytes=self.options.memory_mb * 2**20,
            budgets={c["index"]: c["wall_seconds"] for c in job["checks"]},
            server_depth=monitor.SERVER_DEPTH[self.box.mode],
            tmpfs=self.tmpfs, kill_sandbox=self.close)
        return self.watch

    def _exit_code(self) -> int | None:
        """How the sandbox's launcher ended (it has closed its output; it exits now)."""
        try:
            return self.proc.wait(timeout=5) if self.proc is not None else None
        except subprocess.TimeoutExpired:
            return None


def run_sandboxed(answers: Any, checks: list[Check], options: Options, box: sb.Sandbox,
                  slot: int = 0, hide: list[Path] | None = None,
                  server: Server | None = None, warm: list[str] | None = None) -> Run:
    """Run ``checks`` on ``answers`` (:class:`autograder.extract.Answers`) in the slot's
    sandbox (``server``; a fresh one that is stopped afterwards if not given); return the lines
    by check index. ``warm``: trusted
    import statements (the solution notebook's) the server runs first if it has not yet.

    Every check has its own process and budget. If the sandbox dies while checks run (student
    code can kill its processes), it is restarted and the checks that had not finished are
    run again, one at a time; a check that was running alone when the sandbox died scores
    zero ("crashed"), so it costs only its own points. The trusted side's monitor
    (:mod:`autograder.sandbox.monitor`) zeroes a check over its memory budget, and stops a
    sandbox that overran a check's budget (that check timed out; the others run again in a
    fresh sandbox). A sandbox killed from outside (:func:`monitor.killed_from_outside`) or
    that did not start costs no check: the checks that had not finished run again in a fresh
    one, and if that happens twice the run says ``infrastructure`` (no grade).
    """
    own = server is None
    if server is None:
        server = Server(box, options, slot, hide)
    payloads = [wire.to_payload(i, c, check_budget(c, options)) for i, c in enumerate(checks)]
    start = time.monotonic()
    deadline = start + options.startup_seconds + sum(p["wall_seconds"] + 5 for p in payloads)
    lines: dict[int, dict] = {}
    first = None
    error = ""
    width = _parallel(options)
    interrupted_before: set[int] = set()
    restarts = 0
    stalled = 0
    faults = 0  # deaths from outside (monitor.killed_from_outside) and failed starts
    infrastructure = False
    cpu = 0.0
    try:
        pending = list(range(len(payloads)))
        while pending:
            if not server.alive():
                if server.starts and restarts >= 6:
                    error = "the sandbox was stopped too often; the remaining checks did not run"
                    break
                if server.starts:
                    restarts += 1
                try:
                    server.start()
                except RuntimeError as exc:
                    error = str(exc)
                    break
            error = server.wait_ready(deadline)
            if error:  # it never ran student code: a fault of this machine, tried twice
                faults += 1
                if faults >= 2:
                    infrastructure = True
                    break
                continue
            job = {"imports": answers.imports, "definitions": answers.definitions,
                   "reuse": answers.reuse, "adapters": wire.adapter_modules(payloads),
                   "checks": [wire.job_entry(payloads[i]) for i in pending],
                   "parallel": width, "seed": 0, "warm": list(warm or []),
                   "max_output_bytes": MAX_CHECK_OUTPUT_BYTES}
            got, started, line, status = server.run_job(job, payloads, deadline)
            cpu += server.last_job_cpu
            first = first or line
            lines.update({i: v for i, v in got.items() if i in pending})
            if status == "timeout":
                error = "grading took longer than the whole budget; the sandbox was stopped"
                break
            if status == "toomuch":
                error = "the sandbox sent too much data"
                break
            if status == "died" and server.from_outside:  # not the student's: run them again
                faults += 1
                if faults >= 2:
                    error, infrastructure = INFRASTRUCTURE, True
                    break
                status = "stopped"
            # checks cut short by student code (not by this side or from outside) are blamed
            interrupted = [] if status == "stopped" else sorted(i for i in started
                                                                if i not in lines)
            for i in interrupted:
                if len(interrupted) == 1 or i in interrupted_before:
                    lines[i] = {"kind": wire.CHECK, "index": i, "status": "crashed",
                                "detail": "stopped the sandbox's grading process (it was "
                                          "killed while this check ran)"}
            interrupted_before |= set(interrupted)
            if interrupted:
                width = 1  # find out which check it was
            before = len(pending)
            pending = [i for i in pending if i not in lines]
            stalled = stalled + 1 if len(pending) == before else 0
            if pending and stalled >= 2:
                error = "the sandbox stopped before it ran every check"
                break
    finally:
        if own:
            server.release()
    return Run(lines, first, error, restarts, cpu, infrastructure)
