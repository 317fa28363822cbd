"""Gradescope: the autograder bundle an instructor uploads, and the run inside it.

``python -m autograder gradescope NAME`` writes ``autograder.zip`` (:func:`gradescope_bundle`);
on Gradescope, ``run_autograder`` calls ``python -m autograder gradescope-run``
(:func:`gradescope_run`), which grades the submission with the course's sandboxed grader and
writes Gradescope's ``results.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from autograder import sandbox as sb
from autograder.assignments import load_assignment
from autograder.grade import grade_many
from autograder.options import Options
from autograder.results import gradescope_json


SETUP_SH = """#!/usr/bin/env bash
# Gradescope image setup (runs once, as root): Python >= 3.11, bubblewrap, and the course package
# from this folder (Gradescope unpacks the bundle into /autograder/source), with what the
# grader needs (extra "grader"). AUTOGRADER_ROOT, DQL_SETUP_PYTHON (an existing Python: skip
# apt-get) and DQL_TORCH_INDEX (empty: no extra index) exist for testing outside Gradescope.
set -euxo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${DQL_SETUP_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends bubblewrap ca-certificates
    if ! command -v python3.11 >/dev/null; then
        apt-get install -y --no-install-recommends software-properties-common
        add-apt-repository -y ppa:deadsnakes/ppa || true
        apt-get update
    fi
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/pip" install --upgrade pip
TORCH_INDEX="${DQL_TORCH_INDEX-https://download.pytorch.org/whl/cpu}"
"$ROOT/venv/bin/pip" install ${TORCH_INDEX:+--extra-index-url "$TORCH_INDEX"} \\
    -e "$ROOT/source[grader]"
"""


RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope entry point: grade the submission with the course's sandboxed grader.
# AUTOGRADER_ROOT and DQL_GRADER_PYTHON exist for testing outside Gradescope. -I: the grader
# is the one installed in that Python (setup.sh installs this folder), never a module that
# happens to lie in the working directory.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PY="${{DQL_GRADER_PYTHON:-$ROOT/venv/bin/python}}"
cd "$ROOT/source"
exec "$PY" -I -m autograder gradescope-run --assignment {name} --root "$ROOT"
"""



def gradescope_bundle(name: str, out: Path, repo: Path | None = None) -> Path:
    """Write Gradescope's ``autograder.zip`` for assignment ``name``: ``setup.sh`` and
    ``run_autograder`` at the zip's root (Gradescope unpacks it into ``/autograder/source``),
    beside the course package, the assignment's solution notebook and those of the notebooks
    it reuses."""
    import zipfile

    from autograder.notebooks import REPO

    repo = Path(repo or REPO)
    load_assignment(name, repo / "solutions", repo / "notebooks")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path | str] = {}
    for package in ("dqlcourse", "autograder"):
        for path in sorted((repo / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                files[path.relative_to(repo).as_posix()] = path
    for extra in ("pyproject.toml", "README.md", "LICENSE"):
        if (repo / extra).exists():
            files[extra] = repo / extra
    # the assignment, and those whose answers it reuses (05 trains with the student's 04)
    reused = [Path(f).stem for f in load_assignment(name, repo / "solutions").reuses.values()]
    for assignment in [name, *reused]:
        files[f"solutions/{assignment}.ipynb"] = repo / "solutions" / f"{assignment}.ipynb"
        if (repo / "notebooks" / f"{assignment}.ipynb").exists():
            files[f"notebooks/{assignment}.ipynb"] = repo / "notebooks" / f"{assignment}.ipynb"
    files["setup.sh"] = SETUP_SH
    files["run_autograder"] = RUN_AUTOGRADER.format(name=name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, item in sorted(files.items()):
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            executable = arcname in ("setup.sh", "run_autograder")
            info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
            data = item.encode() if isinstance(item, str) else Path(item).read_bytes()
            zf.writestr(info, data)
    return out


def gradescope_run(name: str, root: Path, options: Options = Options()) -> dict:
    """Grade ``ROOT/submission`` and write ``ROOT/results/results.json`` (Gradescope's run)."""
    root = Path(root)
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    notebooks = sorted((root / "submission").rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    preferred = [p for p in notebooks if p.stem == name]
    start = time.monotonic()
    if not notebooks:
        data = {"score": 0.0, "output": f"No .ipynb file was submitted; upload {name}.ipynb.",
                "stdout_visibility": "hidden", "tests": [],
                "execution_time": 0.0}
    else:
        submission = (preferred or notebooks)[0]
        box = sb.detect(options.sandbox)
        [result] = grade_many([submission], None, options, assignment=name, progress=False,
                              root=root / "submission")
        data = gradescope_json(result, options, box)
        reused = set(load_assignment(name).reuses.values())
        if any(p != submission and p.name not in reused for p in notebooks):
            data["output"] += f"\nNote: graded {submission.name}; other notebooks were ignored."
    data["execution_time"] = round(time.monotonic() - start, 2)
    (results_dir / "results.json").write_text(json.dumps(data, indent=1))
    return data
