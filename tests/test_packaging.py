"""Set-up files agree with each other: pyproject.toml, environment.yml, Makefile, CI."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO


def _pyproject_deps() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        deps += extra
    return {re.sub(r"\s+", "", d) for d in deps if not d.startswith(project["name"] + "[")}


def _conda_pip_deps() -> set[str]:
    deps, in_pip = set(), False
    for line in (REPO / "environment.yml").read_text().splitlines():
        stripped = line.strip()
        if stripped == "- pip:":
            in_pip = True
            continue
        if in_pip and stripped.startswith("- ") and not stripped.startswith("- -e"):
            deps.add(re.sub(r"\s+", "", stripped[2:].split("#")[0]))
    return deps


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    assert _conda_pip_deps() == _pyproject_deps()


def test_python_versions_agree():
    assert _project()["requires-python"] == ">=3.11"
    # conda's environment holds Box2D too, which has wheels for Python 3.11-3.13 only
    assert "- python>=3.11,<3.14" in (REPO / "environment.yml").read_text()


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _extra(name: str) -> set[str]:
    """The requirements an extra brings, the course's own extras it names followed."""
    project = _project()
    found = set()
    for req in project["optional-dependencies"][name]:
        if req.startswith(project["name"] + "["):
            for sub in req[len(project["name"]) + 1:-1].split(","):
                found |= _extra(sub)
        else:
            found.add(req)
    return found


def test_torch_cap_lives_in_the_projects_constraints_not_in_the_metadata():
    torch = [d for d in _project()["dependencies"] if d.startswith("torch")]
    assert torch == ["torch>=2.4"], "no upper bound: a user's own torch (Colab's) must stay"
    constraints = (REPO / "constraints.txt").read_text().split("\n")
    assert "torch<2.14" in constraints
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"pip install .*--constraint constraints\.txt -e \"\.\[dev\]\"", makefile)
    assert re.search(r"^\$\(STAMP\): pyproject\.toml constraints\.txt$", makefile, re.M)


def test_core_holds_what_notebooks_need_and_no_optional_part():
    names = {re.split(r"[\[<>=]", d)[0] for d in _project()["dependencies"]}
    assert names == {"numpy", "torch", "gymnasium", "matplotlib", "ipywidgets", "pillow"}
    assert not any("box2d" in d or "optuna" in d for d in _project()["dependencies"])


def test_students_install_no_instructor_tools():
    student = _extra("student")
    assert not any(d.startswith(("nbgrader", "selenium")) for d in student)
    assert any(d.startswith("jupyterlab") for d in student)
    assert any(d.startswith("nbgrader") for d in _extra("instructor"))
    assert _extra("dev") >= _extra("instructor") | _extra("box2d") | _extra("optuna")


def test_ci_runs_exactly_make_test():
    lines = [ln for ln in (REPO / ".ci" / "run").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[-1].strip() == "make test"


def test_make_targets_create_the_venv_when_missing():
    makefile = (REPO / "Makefile").read_text()
    for target in ("demo", "test", "release"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M), target
