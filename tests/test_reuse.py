"""Unit tests of dqlcourse.reuse: loading another notebook's answers, by the one rule of dqlcourse.cells."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from autograder import notebooks
from dqlcourse import reuse
from dqlcourse.notebook import until_implemented


def _nb(cells):
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, solution=False):
    meta = {"nbgrader": {"solution": True, "grade_id": "x"}} if solution else {}
    cell = {"cell_type": "code", "source": source, "metadata": meta, "outputs": [],
            "execution_count": None}
    return cell


NOTEBOOK = _nb([
    _code(["import math\n", "from os import path\n", "X = 1\n", "Z = math.pi\n"]),
    _code("import math\n\ndef helper():\n    return 1\n\nprint(helper())\n"),
    _code("def area(r):\n    return math.pi * r * r * SCALE\n\nclass Box:\n    pass\n\n"
          "SCALE = float(helper())\n", True),
    _code("def broken(:\n", True),                                   # a syntax error: skipped
    _code("W = [math.cos(0)] * 2\nfor i in range(3):\n    LOOPED = i\n"),  # a cell the student added
    {"cell_type": "markdown", "source": "import nothing", "metadata": {}},
])


@pytest.fixture(autouse=True)
def _course_cells(monkeypatch):
    """The first two cells of NOTEBOOK count as the course's own (as if written by `make
    release`)."""
    from dqlcourse import cells, given

    prints = {cells.fingerprint(cells.source(c)) for c in NOTEBOOK["cells"][:2]}
    monkeypatch.setattr(given, "CELLS", given.CELLS | prints)


def test_load_answers_from_a_folder(tmp_path, capsys):
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    answers = reuse.load_answers("nb.ipynb", folder=tmp_path)
    assert answers.area(1.0) == pytest.approx(3.14159, rel=1e-4)
    assert isinstance(answers.Box(), answers.Box)
    assert answers.helper() == 1 and answers.X == 1 and answers.W == [1.0, 1.0]
    assert not hasattr(answers, "Z") and not hasattr(answers, "LOOPED")  # by the rule of cells
    assert "Loaded from nb.ipynb: area, Box" in capsys.readouterr().out


def test_the_kernel_and_the_grader_define_the_same_names(tmp_path):
    """One rule (dqlcourse.cells): load_answers (notebook 05's kernel), the tests' in-process
    grading and the sandboxed grader's extraction agree on what a notebook defines."""
    import nbformat

    from autograder.assignments import Assignment
    from autograder.extract import extract

    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    loaded = {k for k in vars(reuse.load_answers("nb.ipynb", tmp_path, quiet=True))
              if not k.startswith("__")}
    in_process = {k for k in notebooks.define_answers(nbformat.from_dict(NOTEBOOK))
                  if not k.startswith("__")}
    answers = extract(nbformat.from_dict(NOTEBOOK), Assignment("x", [], None, [], [], [], {}))
    sandbox: dict = {}
    reuse.define(answers.imports + answers.definitions, sandbox)
    assert loaded == in_process == {k for k in sandbox if not k.startswith("__")}
    assert {"area", "Box", "helper", "SCALE", "X", "W", "math", "path"} <= loaded


def test_load_answers_in_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    monkeypatch.chdir(tmp_path)
    assert reuse.load_answers("nb.ipynb", quiet=True).area(0.0) == 0.0


def test_load_answers_finds_nbgraders_layout(tmp_path):
    """<student>/05_conv_dqn/ (where the notebook runs) has <student>/04_dqn/04_dqn.ipynb beside it."""
    (tmp_path / "04_dqn").mkdir()
    (tmp_path / "05_conv_dqn").mkdir()
    (tmp_path / "04_dqn" / "04_dqn.ipynb").write_text(json.dumps(NOTEBOOK))
    found = reuse.find_notebook("04_dqn.ipynb", tmp_path / "05_conv_dqn")
    assert found == (tmp_path / "04_dqn" / "04_dqn.ipynb").resolve()
    (tmp_path / "05_conv_dqn" / "04_dqn.ipynb").write_text(json.dumps(NOTEBOOK))
    assert reuse.find_notebook("04_dqn.ipynb", tmp_path / "05_conv_dqn").parent.name == "05_conv_dqn"


def test_missing_notebook_gives_stubs_that_skip_politely(tmp_path, capsys):
    answers = reuse.load_answers("04_dqn.ipynb", folder=tmp_path)
    assert "04_dqn.ipynb was not found" in capsys.readouterr().out
    with pytest.raises(NotImplementedError, match="Colab"):
        answers.ReplayBuffer(10, 4)
    with until_implemented():
        answers.train_dqn(None, None)
    assert "`train_dqn` is not implemented yet" in capsys.readouterr().out


def test_reference_notebook_04_loads():
    nb04 = reuse.load_answers("04_dqn.ipynb", folder=REPO / "solutions", quiet=True)
    buffer = nb04.ReplayBuffer(5, (2, 3), seed=0, dtype=__import__("numpy").uint8)
    assert buffer.obs.shape == (5, 2, 3) and buffer.obs.dtype.name == "uint8"
    assert callable(nb04.train_dqn) and callable(nb04.double_dqn_targets)


def test_student_notebook_04_loads_stubs():
    nb04 = reuse.load_answers("04_dqn.ipynb", folder=REPO / "notebooks", quiet=True)
    with pytest.raises(NotImplementedError):
        nb04.linear_epsilon(0, 1.0, 0.1, 10)
