"""Unit tests of dqlcourse.reuse: the one answer extractor, and loading another notebook's answers."""

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
    return {"cell_type": "code", "source": source, "metadata": meta, "outputs": [],
            "execution_count": None}


NOTEBOOK = _nb([
    _code(["import math\n", "from os import path\n", "X = 1\n"]),
    _code("import math\n\ndef helper():\n    return 1\n"),            # not a solution cell
    _code("def area(r):\n    return math.pi * r * r\n\nclass Box:\n    pass\n\nY = 2\n", True),
    _code("def broken(:\n", True),                                   # a syntax error: skipped
    {"cell_type": "markdown", "source": "import nothing", "metadata": {}},
])


def test_answer_source_takes_imports_and_solution_definitions_only():
    source = reuse.answer_source(NOTEBOOK)
    assert source.splitlines()[:2] == ["import math", "from os import path"]
    assert "def area" in source and "class Box" in source
    assert "helper" not in source and "X = 1" not in source and "Y = 2" not in source
    assert "broken" not in source and "nothing" not in source
    assert reuse.solution_names(NOTEBOOK) == ["area", "Box"]


def test_graders_use_the_same_extractor():
    nb = notebooks.read_notebook(REPO / "solutions" / "04_dqn.ipynb")
    raw = json.loads((REPO / "solutions" / "04_dqn.ipynb").read_text())
    assert notebooks.answer_source(nb) == reuse.answer_source(raw) == reuse.answer_source(nb)


def test_load_answers_from_a_folder(tmp_path, capsys):
    (tmp_path / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    answers = reuse.load_answers("nb.ipynb", folder=tmp_path)
    assert answers.area(1.0) == pytest.approx(3.14159, rel=1e-4)
    assert isinstance(answers.Box(), answers.Box)
    assert not hasattr(answers, "helper") and not hasattr(answers, "X")
    assert "Loaded from nb.ipynb: area, Box" in capsys.readouterr().out


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
