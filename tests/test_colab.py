"""A student notebook on its own: the set-up cell, the version guard, the badge, and a
Colab-like runtime.

* the set-up cell of every committed student notebook carries exactly this checkout's package
  (and its metadata), and nothing of ``solutions/``;
* where the package is installed, the set-up cell prints nothing and installs nothing;
* the version guard names a too-old gymnasium (or torch, numpy, Python) with the fixing command;
* a notebook section that needs an extra installs it in Colab and skips politely elsewhere;
* in a fresh venv holding only what Colab preinstalls (torch, numpy, matplotlib, ipywidgets,
  pillow, an older gymnasium without extras), no course package and no repository on disk, each
  student notebook, completed, runs top to bottom with full marks after its set-up cell.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
import venv

import nbformat
import pytest
from conftest import NAMES, REPO

from autograder.examples import EXAMPLES
from autograder.setup_cell import (
    COLAB_LIKE,
    SETUP_ID,
    add_release_cells,
    badge_cell,
    package_files,
    read_setup,
)
from dqlcourse import runtime
from dqlcourse.runtime import Requirement, SpecifierSet

NOTEBOOKS = REPO / "notebooks"

SETUP_SECONDS = 60


def _student(name):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def _setup_source(name) -> str:
    cells = [c for c in _student(name).cells if c.get("id") == SETUP_ID]
    assert len(cells) == 1, f"notebooks/{name}.ipynb has {len(cells)} set-up cells"
    return cells[0].source


def test_every_student_notebook_starts_with_the_set_up_cell(name):
    nb = _student(name)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.get("id") == SETUP_ID
    assert first_code.metadata["cellView"] == "form"  # collapsed in Colab
    assert first_code.metadata["jupyter"]["source_hidden"] is True  # and in JupyterLab


def test_set_up_cell_carries_exactly_this_package(name):
    release, files = read_setup(_setup_source(name))
    assert release == runtime.release_id()
    assert files == package_files(), "run `make release`: the notebook's copy of dqlcourse is stale"
    assert all(path.startswith("dqlcourse/") and path.endswith(".py")
               or path == "dqlcourse-0.1.0.dist-info/METADATA" for path in files)


def _solution_windows(width: int = 3) -> set[tuple[str, ...]]:
    """Every run of ``width`` consecutive non-trivial lines of every solution block."""
    windows = set()
    for path in sorted((REPO / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S):
                lines = [ln.strip() for ln in block.splitlines() if len(ln.strip()) > 12]
                windows |= {tuple(lines[i:i + width]) for i in range(len(lines) - width + 1)}
    return windows


def test_the_copy_holds_no_solution_and_no_hidden_check():
    _, files = read_setup(_setup_source(NAMES[0]))
    text = "\n".join(files.values())
    assert "### BEGIN" not in text and "hidden=True" not in text
    lines = [ln.strip() for ln in text.splitlines() if len(ln.strip()) > 12]
    present = {tuple(lines[i:i + 3]) for i in range(len(lines) - 2)}
    windows = _solution_windows()
    assert windows, "no solution blocks found"
    leaked = windows & present
    assert not leaked, f"solution code in the package: {sorted(leaked)[:3]}"


def test_set_up_cell_does_nothing_where_the_package_is_installed(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    exec(compile(_setup_source("01_random_agent"), "setup", "exec"), {})
    assert calls == []
    assert capsys.readouterr().out == ""


def _guard(python=(3, 12, 3), **versions):
    installed = {"numpy": "2.1.0", "torch": "2.6.0", "gymnasium": "1.4.0", **versions}
    return runtime.version_problems(runtime.requirements(), installed, python,
                                    runtime.requires_python())


def test_version_guard_passes_tested_versions():
    assert _guard() == []


def test_version_guard_names_a_too_old_gymnasium_and_the_fixing_command():
    (message,) = _guard(gymnasium="0.29.1")
    assert message.startswith("gymnasium 0.29.1 is older than the course supports (>=1.4,<2).")
    assert '%pip install "gymnasium[classic-control]>=1.4,<2"' in message
    assert "restart" in message


def test_version_guard_names_torch_numpy_and_python():
    assert _guard(torch="2.1.2")[0].startswith("torch 2.1.2 is older")
    assert _guard(numpy="3.0.0")[0].startswith("numpy 3.0.0 is newer")
    assert "Change runtime type" in _guard(python=(3, 10, 12))[0]
    assert "newer than the course has been tested on" in _guard(python=(3, 15, 0))[0]


def test_what_an_extra_adds_counts_as_lacking():
    gym = Requirement("gymnasium[classic-control]>=1.4,<2")
    pygame = Requirement("pygame-ce>=2.1.3")
    extras = {gym.name: [pygame]}
    missing = runtime.lacking([gym], {"gymnasium": "1.4.0", "pygame-ce": None},
                              extras_of=lambda r: extras.get(r.name, []))
    assert missing == [gym]  # installing gymnasium[classic-control] brings pygame-ce
    assert runtime.lacking([gym], {"gymnasium": "1.4.0", "pygame-ce": "2.5.8"},
                           extras_of=lambda r: extras.get(r.name, [])) == []
    assert runtime.lacking([gym], {"gymnasium": "1.2.2"}, extras_of=lambda r: []) == [gym]


def _without_box2d(monkeypatch):
    real = runtime.installed_version
    monkeypatch.setattr(runtime, "installed_version",
                        lambda name: None if name.lower() == "box2d" else real(name))


def test_an_extra_is_skipped_politely_outside_colab(monkeypatch):
    _without_box2d(monkeypatch)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    printed = []
    assert runtime.extra_ready("box2d", out=printed.append) is False
    assert printed[0].startswith(
        "Skipped: LunarLander (Box2D physics) needs gymnasium[box2d]>=1.4,<2, which this")
    assert '%pip install "gymnasium[box2d]>=1.4,<2"' in printed[0]
    assert 'pip install -e ".[box2d]"' in printed[0]


def test_an_extra_is_installed_from_wheels_in_colab(monkeypatch):
    real = runtime.installed_version
    _without_box2d(monkeypatch)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    calls = []

    def fake_pip(cmd, **kwargs):
        calls.append(cmd)
        monkeypatch.setattr(runtime, "installed_version",
                            lambda name: "2.3.10" if name == "box2d" else real(name))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    printed = []
    assert runtime.extra_ready("box2d", out=printed.append) is True
    (cmd,) = calls
    assert cmd[1:4] == ["-m", "pip", "install"] and "--only-binary=:all:" in cmd
    assert cmd[-1] == "gymnasium[box2d]>=1.4,<2"
    assert printed and printed[-1].startswith("Installed ")


def test_pip_never_replaces_torch_or_numpy(monkeypatch):
    seen = {}

    def fake_run(cmd, **kwargs):
        seen["constraints"] = open(cmd[cmd.index("--constraint") + 1]).read()
        return subprocess.CompletedProcess(cmd, 0, "", "")

    runtime.pip_install([Requirement("pygame-ce>=2.1.3")], {"torch": "2.6.0", "numpy": None},
                        run=fake_run)
    assert seen["constraints"].split() == ["torch==2.6.0"]


def test_badge_opens_the_notebook_at_the_configured_ref():
    nb = add_release_cells(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t")]),
                           "01_random_agent", "https://github.com/example-org/dqlcourse", "v1.2")
    assert nb.cells[0].source.endswith(
        "(https://colab.research.google.com/github/example-org/dqlcourse/blob/v1.2/"
        "notebooks/01_random_agent.ipynb)")
    assert [c.cell_type for c in nb.cells] == ["markdown", "markdown", "code"]
    assert nb.cells[2].id == SETUP_ID


def test_no_badge_without_an_address():
    assert not any("colab-badge.svg" in c.source for c in _student("01_random_agent").cells)


def test_a_bad_address_is_refused():
    with pytest.raises(ValueError, match="OWNER/NAME"):
        badge_cell("01_random_agent", "git@github.com:x/y", "main")


def test_python_range_is_the_packages():
    assert runtime.requires_python() == SpecifierSet(">=3.11")


# --- a Colab-like runtime ------------------------------------------------------------------

RUNNER = r'''
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True).execute()
out = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    out.append({"id": cell.get("id"),
                "errors": [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"],
                "stdout": "".join(o.text for o in cell.outputs
                                  if o.output_type == "stream" and o.name == "stdout"),
                "result": next((o.data["text/plain"] for o in cell.outputs
                                if o.output_type == "execute_result"), None),
                "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id"),
                "points": cell.metadata.get("nbgrader", {}).get("points")})
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory):
    """A fresh venv holding only what Colab preinstalls: no course package, never this repo."""
    env_dir = tmp_path_factory.mktemp("colab") / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", *COLAB_LIKE],
                   check=True, timeout=1200, cwd=env_dir)
    probe = subprocess.run([python, "-c", "import importlib.util as u; print(u.find_spec('dqlcourse'))"],
                           capture_output=True, text=True, cwd=env_dir, check=True)
    assert probe.stdout.strip() == "None"
    return python


def _run_alone(python, folder, name):
    runner = folder / "run.py"
    runner.write_text(RUNNER)
    proc = subprocess.run([python, runner, folder / f"{name}.ipynb"], capture_output=True,
                          text=True, cwd=folder, timeout=1800,
                          env={"PATH": f"{python.parent}:/usr/bin:/bin", "DQL_QUICK": "1",
                               "HOME": str(folder)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write(folder, name, student):
    sol = nbformat.read(REPO / "solutions" / f"{name}.ipynb", as_version=4)
    nbformat.write(EXAMPLES[student][1](sol, _student(name), name), folder / f"{name}.ipynb")


@pytest.mark.parametrize("notebook", NAMES)
def test_a_completed_notebook_runs_alone_in_a_colab_like_runtime(colab_python, notebook, tmp_path):
    _write(tmp_path, notebook, "complete")
    if notebook == "05_conv_dqn":  # notebook 05 trains with the student's own notebook 04
        _write(tmp_path, "04_dqn", "complete")
    cells = _run_alone(colab_python, tmp_path, notebook)
    assert not [c for c in cells if c["errors"]], [c for c in cells if c["errors"]]
    setup = cells[0]
    assert setup["id"] == SETUP_ID
    said = re.fullmatch(r"Set-up: course package (\S+) unpacked to (\S+); (.*) \(([\d.]+) s\)\.\n",
                        setup["stdout"])
    assert said, setup["stdout"]
    assert said[1] == runtime.release_id()
    assert float(said[4]) <= SETUP_SECONDS
    checks = [c for c in cells if (c["grade_id"] or "").startswith("check_")]
    assert checks and all(float(c["result"]) == float(c["points"]) for c in checks), checks


def test_an_untouched_notebook_runs_alone_and_scores_zero(colab_python, tmp_path):
    _write(tmp_path, "01_random_agent", "untouched")
    cells = _run_alone(colab_python, tmp_path, "01_random_agent")
    assert not [c for c in cells if c["errors"]]
    checks = [c for c in cells if (c["grade_id"] or "").startswith("check_")]
    assert len(checks) == 4 and all(float(c["result"]) == 0 for c in checks)
