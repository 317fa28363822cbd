"""The core install never builds from source, on every Python the course supports.

* Python 3.11 to 3.14: pip resolves the core requirements with wheels only
  (``--only-binary=:all:`` for that Python on Linux x86_64, as Colab and most servers are), and
  the package index lists a torch wheel in range for that Python. torch itself is not
  resolved, so that no test downloads it (several GB with its CUDA libraries); its own pure
  Python requirements are. pip checks wheel tags and ``Requires-Python`` for the target Python
  but evaluates environment markers for the Python running it, so a requirement that only a
  marker of the target Python adds would be missed; the real installs below have no such gap.
* Python 3.12 and 3.13, where this machine has them (pyenv): a real install of the core, torch
  aside, in a fresh venv with no compiler on the path, then CartPole rendered headless.

These talk to the package index, like any install.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

from dqlcourse.runtime import Requirement

PYTHONS = ["3.11", "3.12", "3.13", "3.14"]
#: Linux x86_64 wheels, as on Colab (glibc 2.35) and most servers.
PLATFORMS = ["manylinux2014_x86_64", *(f"manylinux_2_{v}_x86_64" for v in range(17, 36))]


def _core() -> list[str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]


def _torch_pure_requirements() -> list[str]:
    """torch's own requirements without the CUDA wheels (nvidia-*, triton), from the installed
    torch's metadata."""
    import importlib.metadata as md

    keep = []
    for line in md.requires("torch") or []:
        req = Requirement(line)
        if req.name.startswith(("nvidia", "triton")) or (req.marker and "extra" in str(req.marker)):
            continue
        keep.append(line)
    return keep


def _target(version: str) -> list[str]:
    abi = "cp" + version.replace(".", "")
    flags = ["--python-version", version, "--implementation", "cp", "--abi", abi]
    for platform in PLATFORMS:
        flags += ["--platform", platform]
    return flags + ["--only-binary=:all:"]


def _no_wheel(output: str) -> str:
    found = re.findall(r"No matching distribution found for (\S+)", output)
    return found[-1] if found else output.strip().splitlines()[-1]


@pytest.mark.parametrize("version", PYTHONS)
def test_core_install_resolves_to_wheels_only(version, tmp_path):
    reqs = [r for r in _core() if not r.startswith("torch")] + _torch_pure_requirements()
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
                           "--ignore-installed", "--target", str(tmp_path / "t"),
                           "--report", str(report), *_target(version), *reqs],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (
        f"Python {version}: {_no_wheel(proc.stdout + proc.stderr)} has no wheel; "
        "the install would build it from source")
    names = {item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"]}
    assert {"numpy", "gymnasium", "pygame-ce", "matplotlib"} <= names


@pytest.mark.parametrize("version", PYTHONS)
def test_a_torch_wheel_in_range_exists(version):
    spec = Requirement(next(r for r in _core() if r.startswith("torch"))).specifier
    proc = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "torch",
                           *_target(version)], capture_output=True, text=True, timeout=300)
    listed = re.search(r"Available versions: (.*)", proc.stdout)
    assert listed, f"Python {version}: no torch wheel listed\n{proc.stdout}{proc.stderr}"
    versions = [v.strip() for v in listed[1].split(",")]
    assert any(spec.contains(v) for v in versions), (version, versions)


def _pyenv_python(version: str) -> Path | None:
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(root.glob(f"{version}.*/bin/python{version}"))
    return found[-1] if found else None


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_core_installs_without_a_compiler(version, tmp_path):
    python = _pyenv_python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    env_dir = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", env_dir], check=True, timeout=300)
    bin_dir = env_dir / "bin"
    env = {"PATH": str(bin_dir), "HOME": os.environ.get("HOME", str(tmp_path)),
           "CC": "/nonexistent/cc", "CXX": "/nonexistent/c++"}
    reqs = [r for r in _core() if not r.startswith("torch")]
    proc = subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet",
                           "--only-binary=:all:", *reqs],
                          capture_output=True, text=True, timeout=1200, env=env)
    assert proc.returncode == 0, f"{_no_wheel(proc.stdout + proc.stderr)}\n{proc.stderr[-2000:]}"
    smoke = ("import gymnasium, matplotlib, ipywidgets, PIL, numpy\n"
             "env = gymnasium.make('CartPole-v1', render_mode='rgb_array')\n"
             "env.reset(seed=0)\nprint(env.render().shape)")
    out = subprocess.run([bin_dir / "python", "-c", smoke], capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.stdout.strip() == "(400, 600, 3)", out.stderr[-2000:]

