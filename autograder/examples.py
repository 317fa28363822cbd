"""Example submissions for ``make demo`` and the tests, built from the release and the solutions.

They are generated, not committed, so they can never drift from the notebooks: a "complete"
submission is the student notebook with the reference answers typed in, a "half-done" one has
one answer right, one with a typical mistake from the mutant catalogue, and the rest untouched;
the others are the ways real submissions arrive broken.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

import nbformat

from autograder.mutants import catalogue
from autograder.notebooks import NOTEBOOKS, nbgrader_meta, reused_notebooks, solution_cells
from autograder.variants import Variant
from autograder.variants import catalogue as variants
from dqlcourse.cells import defined_names


def fill(release_nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the student notebook with the solution cells named in ``answers`` filled in."""
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def _complete(sol, rel, name):
    return fill(rel, solution_cells(sol))


def _half_done(sol, rel, name):
    answers = list(solution_cells(sol).items())
    first_id, first = answers[0]
    second_id = answers[1][0]
    mutant = next(m for m in catalogue(name) if m.function == second_id)
    return fill(rel, {first_id: first, second_id: mutant.source.strip()})


def _colab_stripped(sol, rel, name):
    nb = _complete(sol, rel, name)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    return nb


def _grade_cells(nb):
    return [i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade")]


def _deleted_check(sol, rel, name):
    nb = _complete(sol, rel, name)
    del nb.cells[_grade_cells(nb)[0]]
    return nb


def _duplicated_check(sol, rel, name):
    nb = _complete(sol, rel, name)
    i = _grade_cells(nb)[0]
    twin = copy.deepcopy(nb.cells[i])
    twin.id = twin.id + "-copy"
    nb.cells.insert(i + 1, twin)
    return nb


def _renamed_function(sol, rel, name):
    answers = solution_cells(sol)
    fn = list(answers)[1]
    answers[fn] = re.sub(rf"^(def|class) {fn}\b", rf"\1 my_{fn}", answers[fn], flags=re.M)
    return fill(rel, answers)


def _noisy(sol, rel, name):
    """Complete, but the first answer writes a warning and a line to stderr, as torch does."""
    answers = solution_cells(sol)
    first = list(answers)[0]
    noise = ('    import sys, warnings\n'
             '    warnings.warn("this API is deprecated")\n'
             '    print("[W123] Warning: NNPACK not available", file=sys.stderr)\n')
    head, sep, body = answers[first].partition('    """\n')  # after the docstring
    answers[first] = head + sep + noise + body
    return fill(rel, answers)


def variant_cells(sol: nbformat.NotebookNode, name: str) -> dict[str, list[Variant]]:
    """The variants of notebook ``name`` by the grade id of the answer cell they replace (the
    solution cell that defines their function)."""
    cell_of = {fn: nbgrader_meta(c)["grade_id"] for c in sol.cells if nbgrader_meta(c).get("solution")
               for fn in defined_names(c.source)}
    out: dict[str, list[Variant]] = {}
    for variant in variants(name):
        out.setdefault(cell_of[variant.function], []).append(variant)
    return out


def with_answer(nb: nbformat.NotebookNode, function: str, source: str,
                added: str = "") -> nbformat.NotebookNode:
    """A copy of ``nb`` whose answer cell defining ``function`` holds ``source``, with a cell
    the student ``added`` just before it (none if empty)."""
    nb = copy.deepcopy(nb)
    i = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution")
             and function in defined_names(c.source))
    nb.cells[i].source = source
    if added:
        cell = nbformat.v4.new_code_cell(added)
        cell.id = f"student-added-{i}"
        nb.cells.insert(i, cell)
    return nb


def _other_style(k: int) -> Callable:
    """Every TODO answered by its ``k``-th correct variant in another style (cycling), with the
    cells those variants add."""
    def build(sol, rel, name):
        chosen = {gid: vs[k % len(vs)] for gid, vs in variant_cells(sol, name).items()}
        nb = fill(rel, {**solution_cells(sol), **{gid: v.source for gid, v in chosen.items()}})
        for gid, variant in chosen.items():
            if variant.added:
                i = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == gid
                         and nbgrader_meta(c).get("solution"))
                added = nbformat.v4.new_code_cell(variant.added)
                added.id = f"student-added-{i}"
                nb.cells.insert(i, added)
        return nb
    return build


#: student id -> (what it is, builder(solution_nb, release_nb, notebook_name)).
#: A builder returning ``bytes`` writes them as the file: a broken submission.
EXAMPLES: dict[str, tuple[str, Callable]] = {
    "complete": ("every TODO done", _complete),
    "untouched": ("the student notebook as released", lambda sol, rel, name: rel),
    "half_done": ("first TODO right, second with a typical mistake, rest not started",
                  _half_done),
    "noisy_warnings": ("complete, but its code prints warnings to stderr", _noisy),
    "colab_stripped": ("complete, but Colab / VS Code removed the nbgrader metadata",
                       _colab_stripped),
    "deleted_check": ("complete, but the first check cell was deleted", _deleted_check),
    "duplicated_check": ("complete, with a check cell pasted twice", _duplicated_check),
    "renamed_function": ("complete, but the second TODO function was renamed",
                         _renamed_function),
    "broken_json": ("a file cut off in the middle (not valid JSON)",
                    lambda sol, rel, name: nbformat.writes(rel).encode()[:500]),
    "empty_file": ("an empty file", lambda sol, rel, name: b""),
    "other_style_1": ("complete, in other styles (helpers, constants, added cells)",
                      _other_style(0)),
    "other_style_2": ("complete, in still other styles", _other_style(1)),
    **{f"other_style_{k + 1}": (f"complete, every TODO in its style {k + 1} (cycling)",
                                _other_style(k)) for k in range(2, 10)},
}

#: The examples that answer in other styles: together they hold every correct variant of
#: every cell (a cell has at most as many variants as there are styles; a test checks it).
OTHER_STYLES = [s for s in EXAMPLES if s.startswith("other_style_")]


def other_styles(sol: nbformat.NotebookNode, name: str) -> list[str]:
    """The other-style examples that hold every variant of notebook ``name`` (as many as its
    cell with the most variants has)."""
    return OTHER_STYLES[:max(len(vs) for vs in variant_cells(sol, name).values())]

#: What ``make demo`` grades: every example but the extra styles (the tests grade those).
DEMO_STUDENTS = [s for s in EXAMPLES if s not in OTHER_STYLES[2:]]


def write_examples(solution_path: Path, release_path: Path, dest_root: Path,
                   students: list[str] | None = None) -> dict[str, Path]:
    """Write each example as ``dest_root/<student>/<name>/<name>.ipynb`` (nbgrader's
    ``submitted/`` layout). Returns student id -> file.

    A notebook that loads another one (notebook 05 loads ``04_dqn.ipynb``) gets that one too,
    completed, beside it in the same layout (``dest_root/<student>/04_dqn/04_dqn.ipynb``),
    unless the student already has one there: every example student finished notebook 04."""
    name = Path(solution_path).stem
    sol = nbformat.read(solution_path, as_version=4)
    rel = nbformat.read(release_path, as_version=4)
    written = {}
    for filename in reused_notebooks(sol).values():
        other = nbformat.read(Path(solution_path).parent / filename, as_version=4)
        other_release = nbformat.read(NOTEBOOKS / filename, as_version=4)
        for student in students or list(EXAMPLES):
            path = Path(dest_root) / student / Path(filename).stem / filename
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(_complete(other, other_release, Path(filename).stem), path)
    for student in students or list(EXAMPLES):
        _, build = EXAMPLES[student]
        result = build(sol, rel, name)
        path = Path(dest_root) / student / name / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(result, bytes):
            path.write_bytes(result)
        else:
            nbformat.write(result, path)
        written[student] = path
    return written
