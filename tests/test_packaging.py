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
    return {re.sub(r"\s+", "", d) for d in deps}


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
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in (REPO / "environment.yml").read_text()


def test_torch_is_capped_to_a_cpu_friendly_range():
    assert any(d.startswith("torch>=") and "<" in d for d in _pyproject_deps())


def test_ci_runs_exactly_make_test():
    lines = [ln for ln in (REPO / ".ci" / "run").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines[-1].strip() == "make test"


def test_make_targets_create_the_venv_when_missing():
    makefile = (REPO / "Makefile").read_text()
    for target in ("demo", "test", "release"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M), target
