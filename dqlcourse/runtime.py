"""What this Python runtime has, and what the course needs: the set-up cell's logic.

Every student notebook starts with a set-up cell written by ``make release``
(:mod:`autograder.setup_cell`). Where the course package is not installed (Colab, Kaggle, a bare
Jupyter), that cell unpacks the copy of this package it carries and calls :func:`prepare`, which
installs, from wheels only, the requirements the runtime lacks. Where the package is installed,
:func:`prepare` only checks versions. Either way it checks Python, torch, gymnasium and numpy
against the tested ranges (:func:`version_problems`) and prints the exact command that fixes a
mismatch.

The requirements are read from the package's own metadata (``importlib.metadata``): the
installed ``dqlcourse`` distribution, or the ``.dist-info`` folder the set-up cell unpacks, which
the release writes from ``pyproject.toml``. So ``pyproject.toml`` stays their one source.

Optional parts (LunarLander's Box2D, Optuna) are extras; a notebook section that needs one asks
:func:`extra_ready`, which installs it in Colab and elsewhere prints the command and skips.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata as metadata
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

try:  # matplotlib, a core requirement, brings `packaging`; pip always vendors a copy
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover - a runtime without matplotlib yet
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.specifiers import SpecifierSet  # type: ignore[no-redef]
    from pip._vendor.packaging.version import InvalidVersion, Version  # type: ignore[no-redef]

DISTRIBUTION = "dqlcourse"

#: Python versions the course is tested on: the lower bound is ``requires-python``; newer
#: versions than this one work as far as anyone knows, but nobody has run the notebooks there.
NEWEST_TESTED_PYTHON = (3, 14)

#: The guarded packages: their versions decide whether the notebooks work at all. Installing
#: another torch or numpy into a running notebook needs a restart, so these are never replaced
#: automatically; the guard prints the command instead.
GUARDED = ("torch", "gymnasium", "numpy")
NEVER_REPLACED = ("torch", "numpy")

RESTART = "then restart the kernel (Colab: Runtime > Restart session) and run this cell again"

#: What each extra is for, in the message of a section that skips without it.
EXTRAS_FOR = {"box2d": "LunarLander (Box2D physics)", "optuna": "the hyperparameter search"}

Installed = Mapping[str, "str | None"]


def in_colab() -> bool:
    """True inside Google Colab (its kernel imports ``google.colab`` at start)."""
    return "google.colab" in sys.modules


def requirements(extra: str | None = None) -> list[Requirement]:
    """The course's requirements from the ``dqlcourse`` metadata: the core ones, or an extra's.

    Markers are evaluated for this Python, so a requirement limited to other Pythons is left out.
    """
    chosen = []
    for line in metadata.requires(DISTRIBUTION) or []:
        req = Requirement(line)
        if req.marker is None:
            wanted = extra is None
        else:
            wanted = (req.marker.evaluate({"extra": extra}) if extra is not None
                      else req.marker.evaluate({"extra": ""}))
        if wanted:
            req.marker = None
            chosen.append(req)
    return chosen


def requires_python() -> SpecifierSet:
    """The ``requires-python`` range of the course."""
    return SpecifierSet(metadata.metadata(DISTRIBUTION).get("Requires-Python") or "")


def installed_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def extra_requirements(req: Requirement) -> list[Requirement]:
    """What the extras of ``req`` add (``gymnasium[classic-control]`` adds pygame-ce), read from
    the installed distribution's metadata; empty when it is not installed or has no extras."""
    if not req.extras or installed_version(req.name) is None:
        return []
    added = []
    for line in metadata.requires(req.name) or []:
        sub = Requirement(line)
        if sub.marker is not None and any(sub.marker.evaluate({"extra": e}) for e in req.extras):
            sub.marker = None
            added.append(sub)
    return added


def satisfied(req: Requirement, version: str | None) -> bool:
    """True when ``version`` (None: not installed) lies in ``req``'s range."""
    if version is None:
        return False
    try:
        return req.specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return False


def lacking(reqs: Iterable[Requirement], installed: Installed,
            extras_of: Callable[[Requirement], list[Requirement]] = extra_requirements,
            ) -> list[Requirement]:
    """The requirements that ``installed`` (name -> version or None) does not satisfy, counting
    a requirement whose extras' packages are missing (``gymnasium[classic-control]`` without
    pygame-ce) as not satisfied: installing the requirement itself brings them."""
    return [req for req in reqs
            if not satisfied(req, installed.get(req.name))
            or not all(satisfied(sub, installed.get(sub.name)) for sub in extras_of(req))]


def installed_versions(reqs: Iterable[Requirement],
                       extras_of: Callable[[Requirement], list[Requirement]] = extra_requirements,
                       ) -> dict[str, str | None]:
    """Name -> installed version (or None) of every requirement and of what their extras add."""
    found: dict[str, str | None] = {}
    for req in reqs:
        found[req.name] = installed_version(req.name)
        for sub in extras_of(req):
            found[sub.name] = installed_version(sub.name)
    return found


def spelled(req: Requirement | str) -> str:
    """A requirement as the course writes it: lower bounds first (``gymnasium[box2d]>=1.4,<2``)."""
    if isinstance(req, str):
        return req
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}{_range(req.specifier)}"


def _range(spec: SpecifierSet) -> str:
    return ",".join(sorted(map(str, spec), key=lambda s: (not s.startswith(">"), s)))


def pip_command(reqs: Iterable[Requirement | str]) -> str:
    """The command a student types in a notebook cell to install ``reqs``."""
    return "%pip install " + " ".join(f'"{spelled(r)}"' for r in reqs)


def version_problems(reqs: Iterable[Requirement], installed: Installed,
                     python: tuple[int, int, int], python_range: SpecifierSet) -> list[str]:
    """The version guard: one message per guarded package (and Python) outside the tested
    range, each with the exact command that fixes it. Missing packages are not problems here
    (the set-up installs them)."""
    problems = []
    py = ".".join(map(str, python))
    if not python_range.contains(py, prereleases=True):
        problems.append(
            f"Python {py} is outside the course's range ({_range(python_range)}). In Colab: Runtime > "
            "Change runtime type > the newest runtime version. Elsewhere: make an environment "
            "with a newer Python, e.g. `python3.12 -m venv .venv`, and install the course there.")
    elif tuple(python[:2]) > NEWEST_TESTED_PYTHON:
        newest = ".".join(map(str, NEWEST_TESTED_PYTHON))
        problems.append(f"Python {py} is newer than the course has been tested on ({newest}); "
                        "if a cell fails for no reason you can see, try Python " + newest + ".")
    for req in reqs:
        version = installed.get(req.name)
        if req.name in GUARDED and version is not None and not satisfied(req, version):
            side = "older" if _below(req, version) else "newer"
            problems.append(
                f"{req.name} {version} is {side} than the course supports ({_range(req.specifier)}). "
                f"Fix: {pip_command([req])}, {RESTART}.")
    return problems


def _below(req: Requirement, version: str) -> bool:
    """True when ``version`` fails one of ``req``'s lower bounds (it is too old)."""
    lower = [s for s in req.specifier if s.operator in (">=", ">", "~=", "==")]
    return any(not s.contains(version, prereleases=True) for s in lower)


def release_id(package_dir: Path | None = None) -> str:
    """``VERSION-DIGEST`` of the package's source: the version, and the first 12 hex digits of a
    SHA-256 over the relative path and text of every ``.py`` file, in sorted order. The set-up
    cell carries the id of the copy it was released with."""
    root = Path(package_dir or Path(__file__).resolve().parent)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    from dqlcourse import __version__

    return f"{__version__}-{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class PipResult:
    """What one pip run did: success, and the last lines of its output when it failed."""

    ok: bool
    tail: str


def pip_install(reqs: Iterable[Requirement], keep: Installed,
                run: Callable[..., subprocess.CompletedProcess] | None = None) -> PipResult:
    """Install ``reqs`` from wheels only (``--only-binary=:all:``: never a source build), with
    the installed versions of ``keep`` (torch, numpy) pinned so that pip cannot replace them."""
    pins = [f"{name}=={version}" for name, version in keep.items() if version]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(pins) + "\n")
        constraints = f.name
    try:
        proc = (run or subprocess.run)([sys.executable, "-m", "pip", "install", "--quiet", "--only-binary=:all:",
                    "--constraint", constraints, *map(spelled, reqs)],
                   capture_output=True, text=True, check=False)
    finally:
        os.unlink(constraints)
    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-6:])
    return PipResult(proc.returncode == 0, tail)


def _install(missing: list[Requirement], installed: Installed,
             reqs: list[Requirement]) -> tuple[list[str], list[str]]:
    """Install ``missing``; return (what changed, as "name version", messages). ``reqs``: the
    requirements whose packages (and their extras' packages) are reported when they changed."""
    if not missing:
        return [], []
    result = pip_install(missing, {n: installed.get(n) for n in NEVER_REPLACED})
    importlib.invalidate_caches()
    if not result.ok:
        return [], [f"Could not install {', '.join(map(spelled, missing))} from wheels:\n{result.tail}\n"
                    f"Try {pip_command(missing)} and run this cell again."]
    now = installed_versions(reqs)
    changed = [name for name, version in now.items() if version != installed.get(name)]
    stale = [name for name in changed if installed.get(name) is not None and _imported(name)]
    notes = [f"{', '.join(stale)} had already been imported in this kernel: {RESTART}."] if stale else []
    return [f"{name} {now[name]}" for name in changed], notes


def _imported(distribution: str) -> bool:
    """True when a module of that distribution is already imported in this kernel."""
    key = _normal(distribution)
    return any(module in sys.modules
               for module, dists in metadata.packages_distributions().items()
               if key in map(_normal, dists))


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def prepare(release: str, unpacked: str | None = None, started: float | None = None,
            out: Callable[[str], None] = print) -> list[str]:
    """The set-up cell: check versions and, where the course was unpacked from the notebook,
    install what the runtime lacks. Prints one line saying what it did (nothing at all where
    the package is installed and every version is in range); returns the printed lines.

    Args:
        release: the release id the notebook was written with (:func:`release_id`).
        unpacked: where the set-up cell unpacked the package, or None when it was installed.
        started: ``time.perf_counter()`` when the cell started, for the time it took.
    """
    started = time.perf_counter() if started is None else started
    reqs = requirements()
    installed = installed_versions(reqs)
    lines: list[str] = []
    if unpacked is not None:
        fixable = [r for r in lacking(reqs, installed)
                   if r.name not in NEVER_REPLACED or installed.get(r.name) is None]
        done, notes = _install(fixable, installed, reqs)
        installed = installed_versions(reqs)
        what = f"installed {', '.join(done)} from wheels" if done else "nothing to install"
        lines += [f"Set-up: course package {release} unpacked to {unpacked}; {what} "
                  f"({time.perf_counter() - started:.1f} s).", *notes]
    elif release != release_id():
        lines.append(f"Note: this notebook was released with the course package {release}; the "
                     f"installed one is {release_id()}. Use the notebook from the same release "
                     "as your package (in a clone: `git pull`, then `make release`).")
    lines += version_problems(reqs, installed, tuple(sys.version_info[:3]), requires_python())
    for line in lines:
        out(line)
    return lines


def extra_ready(extra: str, out: Callable[[str], None] = print) -> bool:
    """True when the course's extra ``extra`` (``box2d``, ``optuna``) is installed. In Colab a
    missing one is installed from wheels; elsewhere one line says how to install it, and the
    section that asked skips."""
    reqs = requirements(extra)
    installed = installed_versions(reqs)
    missing = lacking(reqs, installed)
    if not missing:
        return True
    purpose = EXTRAS_FOR.get(extra, f"this section (extra {extra!r})")
    if in_colab():
        done, notes = _install(missing, installed, reqs)
        for line in notes:
            out(line)
        if done and not lacking(reqs, installed_versions(reqs)):
            out(f"Installed {', '.join(done)} for {purpose}.")
            return True
        return False
    out(f"Skipped: {purpose} needs {', '.join(map(spelled, missing))}, which this environment "
        f"lacks. Install it with {pip_command(missing)} (in a clone of the course: "
        f'pip install -e ".[{extra}]"), then run this cell again.')
    return False


__all__ = ["extra_ready", "lacking", "prepare", "release_id", "requirements",
           "version_problems"]
