"""The Gradescope autograder bundle, run against a simulated ``/autograder`` layout.

Gradescope unzips ``autograder.zip`` into ``/autograder/source``, runs ``setup.sh`` once, then
for every submission puts the files in ``/autograder/submission`` and runs
``run_autograder``, which must write ``/autograder/results/results.json``. Here the layout is
a temporary folder (``AUTOGRADER_ROOT``) and the grader's Python is this one
(``DQL_GRADER_PYTHON``) instead of the venv ``setup.sh`` would build.
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

from autograder import grade as g
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
    with zipfile.ZipFile(bundle) as zf:
        for info in zf.infolist():
            # Gradescope puts the zip's content in /autograder/source
            target = root / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    if notebook is not None:
        nbformat.write(notebook, root / "submission" / filename)
    return root


def _run(root):
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "DQL_GRADER_PYTHON": sys.executable}
    proc = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_bundle_has_gradescope_entry_points_and_no_stray_files(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
    assert {"setup.sh", "run_autograder", f"source/solutions/{NAME}.ipynb",
            "source/autograder/grade.py", "source/dqlcourse/checks/core.py",
            "source/pyproject.toml"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "bubblewrap" in setup
    assert not [n for n in names if "__pycache__" in n or n.startswith("source/tests/")]
    assert not [n for n in names if n.startswith("source/solutions/") and NAME not in n]


def test_run_autograder_grades_a_complete_submission(tmp_path, bundle):
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    solution = nbformat.read(REPO / "solutions" / f"{NAME}.ipynb", as_version=4)
    root = _layout(tmp_path, bundle, fill(release, solution_cells(solution)),
                   "my upload (1).ipynb")
    data = _run(root)
    assert data["score"] == g.load_assignment(NAME).max_score
    assert data["tests"] and all(t["score"] == t["max_score"] for t in data["tests"])
    assert {t["visibility"] for t in data["tests"]} == {"visible", "after_due_date"}
    assert "sandbox" in data["output"]


def test_run_autograder_with_a_cheating_submission_cannot_write_its_own_results(tmp_path, bundle):
    release = nbformat.read(REPO / "notebooks" / f"{NAME}.ipynb", as_version=4)
    fn = g.load_assignment(NAME).functions[0]
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
