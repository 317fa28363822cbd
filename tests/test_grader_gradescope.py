"""The Gradescope autograder bundle, run against a simulated ``/autograder`` layout.

Gradescope unzips ``autograder.zip`` into ``/autograder/source``, runs ``setup.sh`` once, then
for every submission puts the files in ``/autograder/submission`` and runs
``run_autograder``, which must write ``/autograder/results/results.json``. Here the layout is
a temporary folder (``AUTOGRADER_ROOT``). Most tests grade with this Python
(``DQL_GRADER_PYTHON``); one runs the bundle's own ``setup.sh`` into a fresh venv of a Python
that has nothing of this checkout installed, and grades notebook 05 with it, notebook 04 beside.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest
from conftest import NAMES, REPO

from autograder import assignments
from autograder import gradescope
from autograder.examples import fill, solution_cells

NAME = [n for n in NAMES if (REPO / "notebooks" / f"{n}.ipynb").exists()][0]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "autograder", "gradescope-bundle",
                           "--assignment", NAME, "--out", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def _layout(tmp_path, bundle, notebook: nbformat.NotebookNode | None, filename: str):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    _unpack(bundle, root)
    if notebook is not None:
        nbformat.write(notebook, root / "submission" / filename)
    return root


def _unpack(bundle, root):
    """What Gradescope does with the zip: its content goes to ROOT/source, and
    ``run_autograder`` is copied to ROOT."""
    with zipfile.ZipFile(bundle) as zf:
        for info in zf.infolist():
            target = root / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")


def _run(root, python=sys.executable):
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    if python is not None:
        env["DQL_GRADER_PYTHON"] = str(python)
    else:
        env.pop("DQL_GRADER_PYTHON", None)
    proc = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_bundle_has_gradescope_entry_points_and_no_stray_files(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
    # at the zip's root: Gradescope unpacks it into /autograder/source, where setup.sh runs
    assert {"setup.sh", "run_autograder", f"solutions/{NAME}.ipynb", "autograder/grade.py",
            "dqlcourse/checks/core.py", "pyproject.toml"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "bubblewrap" in setup and '"$ROOT/source[grader]"' in setup
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "source/"))]
    assert not [n for n in names if n.startswith("solutions/") and NAME not in n]


def test_run_autograder_grades_a_complete_submission(tmp_path, bundle):
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    solution = nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4)
    root = _layout(tmp_path, bundle, fill(release, solution_cells(solution)),
                   "my upload (1).ipynb")
    data = _run(root)
    assert data["score"] == assignments.load_assignment(NAME).max_score
    assert data["tests"] and all(t["score"] == t["max_score"] for t in data["tests"])
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_due_date"}
    assert "sandbox" in data["output"]


def test_run_autograder_with_a_cheating_submission_cannot_write_its_own_results(tmp_path, bundle):
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    fn = assignments.load_assignment(NAME).functions[0]
    nb = fill(release, {fn: f'''
def {fn}(*args, **kwargs):
    import os
    for path in ["/autograder/results/results.json", "{tmp_path}/autograder/results/results.json"]:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write('{{"score": 999}}')
        except OSError:
            pass
    os._exit(0)
'''})
    root = _layout(tmp_path, bundle, nb, f"{NAME}.ipynb")
    data = _run(root)
    assert data["score"] == 0


def test_run_autograder_without_a_notebook_explains(tmp_path, bundle):
    root = _layout(tmp_path, bundle, None, "")
    (root / "submission" / "answers.py").write_text("print('hi')\n")
    data = _run(root)
    assert data["score"] == 0 and "No .ipynb" in data["output"]


def test_the_05_bundle_carries_what_it_reuses_from_04(tmp_path):
    out = gradescope.gradescope_bundle("05_conv_dqn", tmp_path / "05.zip")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    assert {"solutions/05_conv_dqn.ipynb", "solutions/04_dqn.ipynb"} <= names
    assert not [n for n in names if n.startswith("solutions/") and n[10:12] not in ("04", "05")]


def _bare_python() -> str:
    """The Python this venv was made from: nothing of this checkout is installed in it."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    probe = subprocess.run([base, "-I", "-c",
                            "import importlib.util as u; print(u.find_spec('dqlcourse'))"],
                           capture_output=True, text=True, timeout=60, cwd="/")
    if probe.stdout.strip() != "None":
        pytest.skip(f"{base} has the course installed; no bare Python to install the bundle into")
    return base


def test_the_bundle_installs_itself_and_grades_05_with_04_beside(tmp_path):
    """setup.sh and run_autograder as Gradescope runs them, with only the bundle installed."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    _unpack(gradescope.gradescope_bundle("05_conv_dqn", tmp_path / "05.zip"), root)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "DQL_SETUP_PYTHON": _bare_python(),
           "DQL_TORCH_INDEX": "",  # Gradescope's CPU index of torch; here: this machine's own
           "PIP_CONSTRAINT": str(REPO / "constraints.txt")}
    env.pop("DQL_GRADER_PYTHON", None)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root / "source",
                           env=env, capture_output=True, text=True, timeout=1800)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-3000:]
    for name in ("04_dqn", "05_conv_dqn"):
        release = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        solution = nbformat.read(REPO / "solutions" / f"{name}.ipynb", as_version=4)
        nbformat.write(fill(release, solution_cells(solution)), root / "submission" / f"{name}.ipynb")
    data = _run(root, python=None)
    assert data["score"] == assignments.load_assignment("05_conv_dqn").max_score, data["output"]
    pixel = [t for t in data["tests"] if "pixel" in t["name"].lower()]
    assert pixel and all(t["score"] == t["max_score"] for t in pixel)
