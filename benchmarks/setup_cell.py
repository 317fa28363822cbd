"""What the set-up cell costs: bytes per student notebook, and seconds in a Colab-like runtime.

Size: each committed student notebook with and without its set-up cell.

Time: the set-up cell alone, run by the Python of a venv that holds only what Colab preinstalls
(``autograder.setup_cell.COLAB_LIKE``; no course package, never this repository), in a fresh
folder standing in for ``/content`` with a fresh ``HOME``:

* cold: the runtime as Colab gives it (gymnasium 1.2.2, no pygame-ce), nothing unpacked yet;
  the cell unpacks the package and installs gymnasium 1.4 and pygame-ce from wheels;
* warm: the same runtime again after that (the package unpacked, nothing to install).

Each figure is the time the cell prints (from its first line to its last), as the median of
``--repeats`` runs; pip's download cache is warm after the first run, as on a machine that has
installed these wheels before (Colab's own network is fast; this is not a download benchmark).

Usage::

    .venv/bin/python benchmarks/setup_cell.py --venv build/colab-venv --repeats 3
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.setup_cell import COLAB_LIKE, SETUP_ID  # noqa: E402

SAID = re.compile(r"\(([\d.]+) s\)\.")


def sizes() -> list[tuple[str, int, int]]:
    """(notebook, bytes, bytes of its set-up cell's source) of every committed student notebook."""
    rows = []
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cell = next(c for c in json.loads(path.read_text())["cells"] if c.get("id") == SETUP_ID)
        rows.append((path.stem, path.stat().st_size, len("".join(cell["source"]).encode())))
    return rows


def colab_like(path: Path) -> Path:
    python = path / "bin" / "python"
    if not python.exists():
        venv.create(path, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *COLAB_LIKE], check=True)
    return python


def run_cell(python: Path, source: str, home: Path) -> tuple[float, str]:
    script = home / "setup.py"
    script.write_text(source)
    proc = subprocess.run([python, script], capture_output=True, text=True, cwd=home,
                          env={"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": str(home)},
                          check=True)
    said = SAID.search(proc.stdout)
    if not said:
        raise RuntimeError(f"the set-up cell said {proc.stdout!r} {proc.stderr[-500:]}")
    return float(said[1]), proc.stdout.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--venv", type=Path, default=REPO / "build" / "colab-venv")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    print("notebook                 bytes  set-up cell  share")
    for name, total, cell in sizes():
        print(f"{name:<20} {total:>9,} {cell:>12,}  {cell / total:5.0%}")

    python = colab_like(args.venv)
    source = next(c for c in json.loads((REPO / "notebooks" / "01_random_agent.ipynb").read_text())[
        "cells"] if c.get("id") == SETUP_ID)["source"]
    source = "".join(source)
    cold, warm = [], []
    for _ in range(args.repeats):
        subprocess.run([python, "-m", "pip", "install", "-q", "gymnasium==1.2.2"], check=True)
        subprocess.run([python, "-m", "pip", "uninstall", "-q", "-y", "pygame-ce"], check=True)
        with tempfile.TemporaryDirectory() as home:
            seconds, line = run_cell(python, source, Path(home))
            cold.append(seconds)
            print(f"cold: {line}")
            seconds, line = run_cell(python, source, Path(home))
            warm.append(seconds)
            print(f"warm: {line}")
    print(f"set-up cell, median of {args.repeats}: cold {statistics.median(cold):.1f} s "
          f"(min {min(cold):.1f}, max {max(cold):.1f}), warm {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
