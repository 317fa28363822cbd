"""Course invariants, for every notebook in solutions/.

* notebooks/ is exactly what nbgrader generates from solutions/, and nothing carries outputs;
* a student notebook contains no solution code and no hidden check; its stubs raise
  NotImplementedError behind a visible signature and docstring;
* every TODO function has a visible and a hidden check cell;
* the reference scores full marks, an untouched notebook zero, every mutant loses its points;
* solution and student notebooks run top to bottom in a real kernel (quick mode), and untouched
  student notebooks at full budget too.
"""

from __future__ import annotations

import ast
import json
import os
import re

import pytest
from conftest import NAMES, REPO

from autograder.mutants import catalogue
from autograder.nbgrader_course import release
from autograder.setup_cell import SETUP_ID, read_setup
from autograder.notebooks import (
    execute_notebook,
    find_checks,
    grade_answers,
    nbgrader_meta,
    read_notebook,
)

SOLUTIONS = REPO / "solutions"
NOTEBOOKS = REPO / "notebooks"


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_is_a_student_notebook_for_every_solution():
    assert NAMES, "no notebooks in solutions/"
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


def _comparable(path):
    """The notebook's JSON, with the set-up cell's compressed copy of the package read back
    (LZMA's bytes may differ between machines; the files they hold may not)."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell.get("id") == SETUP_ID:
            cell["source"] = read_setup(_source(cell))
    return nb


def test_notebooks_are_generated_from_solutions(tmp_path):
    fresh = release(tmp_path / "course", tmp_path / "release")
    for path in fresh:
        committed = NOTEBOOKS / path.name
        assert _comparable(path) == _comparable(committed), (
            f"notebooks/{path.name} is out of date: run `make release` and commit it")


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_no_committed_outputs(folder):
    for path in sorted((REPO / folder).glob("*.ipynb")):
        for cell in _cells(path):
            if cell["cell_type"] == "code":
                assert not cell["outputs"], f"{folder}/{path.name} has outputs: clear them"
                assert cell["execution_count"] is None, f"{folder}/{path.name} has execution counts"


def _stubbed(solution_source: str) -> str:
    """What nbgrader makes of a solution cell: each marked region becomes the stub."""
    pattern = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.S | re.M)
    return pattern.sub(lambda m: f"{m[1]}# YOUR CODE HERE\n{m[1]}raise NotImplementedError()",
                       solution_source)


def test_student_notebook_hides_solutions(name):
    text = (NOTEBOOKS / f"{name}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "hidden=True"):
        assert marker not in text, f"notebooks/{name}.ipynb contains {marker!r}"
    student = {nbgrader_meta(c).get("grade_id"): c
               for c in read_notebook(NOTEBOOKS / f"{name}.ipynb").cells}
    for cell in read_notebook(SOLUTIONS / f"{name}.ipynb").cells:
        if nbgrader_meta(cell).get("solution"):
            expected = _stubbed(cell.source)
            assert student[nbgrader_meta(cell)["grade_id"]].source == expected


def _stub_functions(source: str) -> list[ast.FunctionDef]:
    return [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def test_stubs_keep_signature_and_docstring_and_raise(name):
    solution = {nbgrader_meta(c)["grade_id"]: c for c in read_notebook(SOLUTIONS / f"{name}.ipynb").cells
                if nbgrader_meta(c).get("solution")}
    for cell in read_notebook(NOTEBOOKS / f"{name}.ipynb").cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id not in solution:
            continue
        stubs = _stub_functions(cell.source)
        reference = {f.name: f for f in _stub_functions(solution[grade_id].source)}
        assert stubs, f"{grade_id}: the student cell defines no function"
        for fn in stubs:
            assert ast.get_docstring(fn), f"{fn.name}: the stub lost its docstring"
            assert ast.dump(fn.args) == ast.dump(reference[fn.name].args), f"{fn.name}: signature changed"
            raises = [n for n in ast.walk(fn) if isinstance(n, ast.Raise)]
            assert any("NotImplementedError" in ast.unparse(r) for r in raises), (
                f"{fn.name}: the stub must raise NotImplementedError")


def test_every_todo_has_a_visible_and_a_hidden_check(name):
    nb = read_notebook(SOLUTIONS / f"{name}.ipynb")
    ids = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    graded = {g.check.function for g in find_checks(nb)}
    for cell in nb.cells:
        if nbgrader_meta(cell).get("solution"):
            fn = nbgrader_meta(cell)["grade_id"]
            assert f"check_{fn}" in ids and f"hidden_{fn}" in ids, f"{fn} lacks a check cell"
            assert fn in graded


def _grade(nb, overrides=None, only=None):
    """Grade ``nb``'s answers in-process; ``only``: the ids of the checks to run (all by default).
    The notebooks it loads (notebook 05's ``nb04``) come from its own folder."""
    graded = find_checks(read_notebook(SOLUTIONS / nb.metadata["_course_name"]))
    if only is not None:
        graded = [g for g in graded if g.check.id in only]
    return grade_answers(nb, graded, REPO / nb.metadata["_folder"], overrides)


def _load(folder, name):
    nb = read_notebook(REPO / folder / f"{name}.ipynb")
    nb.metadata["_course_name"] = f"{name}.ipynb"
    nb.metadata["_folder"] = folder
    return nb


def test_reference_scores_full_marks(name):
    reports = _grade(_load("solutions", name))
    assert reports
    for check_id, report in reports.items():
        assert report.score == report.check.points, report.text()


def test_untouched_notebook_scores_zero_and_says_not_implemented(name):
    reports = _grade(_load("notebooks", name))
    for report in reports.values():
        assert report.score == 0, report.text()
        assert report.not_implemented, report.text()


MUTANT_PARAMS = [pytest.param(n, m, id=f"{n}: {m.name}") for n in NAMES for m in catalogue(n)]


@pytest.mark.parametrize(("nb_name", "mutant"), MUTANT_PARAMS)
def test_every_mutant_loses_its_points(nb_name, mutant):
    assert mutant.loses, "a mutant must name the checks it fails"
    overrides = {f"{mutant.function} (added cell)": mutant.added} if mutant.added else {}
    overrides[mutant.function] = mutant.source
    reports = _grade(_load("solutions", nb_name), overrides, mutant.loses)
    assert set(reports) == set(mutant.loses), "a mutant names a check that does not exist"
    for check_id in mutant.loses:
        report = reports[check_id]
        assert report.score < report.check.points, (
            f"mutant {mutant.name!r} keeps full marks on {check_id}:\n{report.text()}")


def test_mutant_catalogue_exists_for_every_notebook(name):
    mutants = catalogue(name)
    functions = {nbgrader_meta(c)["grade_id"] for c in read_notebook(SOLUTIONS / f"{name}.ipynb").cells
                 if nbgrader_meta(c).get("solution")}
    assert {m.function for m in mutants} >= functions, "every TODO needs at least one mutant"


def _execute(path):
    return execute_notebook(path)[0]


def _result(cell) -> str | None:
    for out in cell.outputs:
        if out.output_type == "execute_result":
            return out.data["text/plain"]
    return None


def test_solution_notebook_runs_with_full_marks(name):
    nb = _execute(SOLUTIONS / f"{name}.ipynb")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell {cell.id} raised {errors[0].ename}: {errors[0].evalue}"
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs), (
                f"grade cell {meta['grade_id']} wrote to stderr (nbgrader would give 0)")
            assert float(_result(cell)) == float(meta["points"]), meta["grade_id"]


def test_untouched_student_notebook_runs_to_the_end(name):
    nb = _execute(NOTEBOOKS / f"{name}.ipynb")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not [o for o in cell.outputs if o.output_type == "error"], f"cell {cell.id} raised"
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        if "Skipped:" in printed:  # a skipped cell draws nothing (no empty axes) and says so once
            assert not [o for o in cell.outputs if o.output_type == "display_data"], (
                f"cell {cell.id} was skipped but still shows a figure or a display")
            assert printed.count("Skipped:") == 1, f"cell {cell.id}"
        meta = nbgrader_meta(cell)
        if meta.get("grade") and meta["grade_id"].startswith("check_"):
            # The report is a display (its text/plain the whole report), the result the score.
            shown = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                            for o in cell.outputs if o.output_type in ("stream", "display_data"))
            assert "not implemented yet" in shown
            assert float(_result(cell)) == 0.0


def test_untouched_student_notebook_runs_to_the_end_at_full_budget(name):
    """Outside quick mode too (a student's own Run all): every section that needs a TODO, a
    missing extra or a long run skips with one line; nothing raises or writes to stderr."""
    env = {k: v for k, v in os.environ.items() if k != "DQL_QUICK"}
    nb = execute_notebook(NOTEBOOKS / f"{name}.ipynb", env=env)[0]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not [o for o in cell.outputs if o.output_type == "error"], f"cell {cell.id} raised"
        stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"cell {cell.id} wrote to stderr: {stderr[0][:500]}"


def test_hidden_case_names_describe_properties_not_inputs(name):
    """A hidden case's name reaches students (after the due date) while its inputs and expected
    values stay secret, so it says what a correct function gets right, never a number: a digit
    is an input, a seed, a size or an expected value. Names are distinct within a check."""
    hidden = [g.check for g in find_checks(read_notebook(SOLUTIONS / f"{name}.ipynb"))
              if g.check.hidden]
    assert hidden, f"solutions/{name}.ipynb has no hidden check"
    for check in hidden:
        names = [case.name for case in check.cases]
        assert len(set(names)) == len(names), f"{check.id}: two cases share a name"
        for case_name in names:
            assert not re.search(r"\d", case_name), (
                f"{check.id}: the hidden case {case_name!r} gives away a number; "
                "name the property it tests instead")
