"""The Colab path, as far as this machine allows.

* the badge and the set-up cell that ``make release`` writes when the repository address is set;
* a fresh virtual environment with only the documented install line (the course package and its
  runtime dependencies, no dev extras; the local checkout stands in for the git address) runs a
  student notebook top to bottom, checks included, as a Colab runtime would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
import venv

import nbformat
import pytest
from conftest import REPO

from autograder.colab import add_colab_cells, install_requirement
from autograder.examples import EXAMPLES

REPO_URL = "https://github.com/example-org/dqlcourse"


def _student(name="01_random_agent"):
    return nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)


def test_badge_points_at_the_notebook_in_the_repository():
    nb = add_colab_cells(_student(), "01_random_agent", REPO_URL)
    assert ("https://colab.research.google.com/github/example-org/dqlcourse/blob/main/"
            "notebooks/01_random_agent.ipynb") in nb.cells[0].source
    assert install_requirement(REPO_URL) in nb.cells[1].source


def test_setup_cell_installs_only_in_colab(monkeypatch):
    setup = add_colab_cells(_student(), "01_random_agent", REPO_URL).cells[1].source
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a[0]))
    exec(setup, {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(setup, {})
    assert calls and calls[0][-1] == "dqlcourse @ git+https://github.com/example-org/dqlcourse.git"


def test_a_bad_address_is_refused():
    with pytest.raises(ValueError, match="OWNER/NAME"):
        add_colab_cells(_student(), "01_random_agent", "git@github.com:x/y")


RUNNER = r'''
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True).execute()
out = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    out.append({"errors": [o.ename for o in cell.outputs if o.output_type == "error"],
                "result": next((o.data["text/plain"] for o in cell.outputs
                                if o.output_type == "execute_result"), None),
                "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id")})
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory):
    """A fresh venv with the documented install line and what Colab's runtime brings."""
    env_dir = tmp_path_factory.mktemp("colab") / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # In Colab: pip install "dqlcourse @ git+<repository>.git"; here the checkout stands in.
    # ipykernel and nbclient are what Colab's runtime has to run a notebook.
    subprocess.run([python, "-m", "pip", "install", "-q", str(REPO), "ipykernel", "nbclient"],
                   check=True, timeout=1200)
    return python


@pytest.mark.parametrize("student", ["complete", "untouched"])
def test_fresh_install_runs_a_student_notebook(colab_python, student, tmp_path):
    name = "01_random_agent"
    sol = nbformat.read(REPO / "solutions" / f"{name}.ipynb", as_version=4)
    nb = add_colab_cells(EXAMPLES[student][1](sol, _student(name), name), name, REPO_URL)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    runner = tmp_path / "run.py"
    runner.write_text(RUNNER)
    proc = subprocess.run([colab_python, runner, path], capture_output=True, text=True,
                          cwd=tmp_path, env={"PATH": f"{colab_python.parent}:/usr/bin:/bin",
                                             "DQL_QUICK": "1", "HOME": str(tmp_path)},
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    cells = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not [c for c in cells if c["errors"]], cells
    scores = [float(c["result"]) for c in cells if (c["grade_id"] or "").startswith("check_")]
    assert len(scores) == 4
    assert all(s > 0 for s in scores) if student == "complete" else all(s == 0 for s in scores)
