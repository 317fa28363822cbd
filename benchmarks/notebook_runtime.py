"""How long a reference notebook takes to run top to bottom, in full mode, section by section.

Executes ``solutions/<name>.ipynb`` (the reference answers) in a fresh kernel with nbclient,
*without* quick mode (``DQL_QUICK`` is removed from the kernel's environment; ``--quick`` sets
it instead, as CI runs the notebooks), and reports the
wall time of every cell, summed per section (``## N. Title`` headings), and the total. Sections
given with ``--skip`` are not run: their code cells are replaced by ``pass`` (issue 4 times
notebook 04 "LunarLander and Optuna aside": ``--skip 13 --skip 14``).

The kernel is limited to one torch thread (``OMP_NUM_THREADS=1``), like a student's laptop core
under other load; pin the whole command to one core with ``taskset -c 0`` for a one-core figure.

Usage::

    taskset -c 0 .venv/bin/python benchmarks/notebook_runtime.py 04_dqn --skip 13 --skip 14
    .venv/bin/python benchmarks/notebook_runtime.py 05_conv_dqn --quick
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^##\s+(\d+)\.\s*(.*)$", re.MULTILINE)


def sections(nb: nbformat.NotebookNode) -> list[str]:
    """The section label of every cell: ``"N. Title"`` of the last ``## N.`` heading above it
    (``"0. Setup"`` before the first)."""
    label, labels = "0. Setup", []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = HEADING.search(cell.source)
            if match:
                label = f"{match.group(1)}. {match.group(2).strip()}"
        labels.append(label)
    return labels


def cell_seconds(cell: nbformat.NotebookNode) -> float:
    """Wall seconds between a code cell's execute_input and its reply (nbclient's timing)."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="name in solutions/, e.g. 04_dqn")
    parser.add_argument("--skip", action="append", default=[],
                        help="number of a section not to run (repeatable)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    parser.add_argument("--quick", action="store_true", help="quick mode (DQL_QUICK=1), as in CI")
    args = parser.parse_args(argv)

    nb = nbformat.read(REPO / "solutions" / f"{args.notebook}.ipynb", as_version=4)
    labels = sections(nb)
    skipped = {label for label in labels if label.split(".")[0] in set(args.skip)}
    for cell, label in zip(nb.cells, labels):
        if cell.cell_type == "code" and label in skipped:
            cell.source = "pass  # skipped by benchmarks/notebook_runtime.py"

    env = {k: v for k, v in os.environ.items() if k != "DQL_QUICK"}
    env["OMP_NUM_THREADS"] = "1"
    if args.quick:
        env["DQL_QUICK"] = "1"
    os.environ.clear()
    os.environ.update(env)
    mode = "quick" if args.quick else "full"
    print(f"# {args.notebook}, {mode} mode, skipping {sorted(skipped) or 'nothing'}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO / "solutions")}},
                            record_timing=True)
    t0 = time.perf_counter()
    client.execute()
    total = time.perf_counter() - t0

    per_section: dict[str, float] = {}
    for cell, label in zip(nb.cells, labels):
        if cell.cell_type == "code":
            per_section[label] = per_section.get(label, 0.0) + cell_seconds(cell)
    print("| section | seconds |\n|---|---|")
    for label, seconds in per_section.items():
        note = " (skipped)" if label in skipped else ""
        print(f"| {label}{note} | {seconds:.1f} |")
    print(f"| **total, kernel start to last cell** | **{total:.1f}** |")
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
