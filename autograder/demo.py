"""``make demo``: the whole instructor workflow on example submissions, with nbgrader.

1. stage ``solutions/`` as an nbgrader course in ``OUT/course`` and generate the student release;
2. execute every solution notebook top to bottom in quick mode;
3. write the example submissions (:mod:`autograder.examples`); a file that is not a notebook is
   set aside with a clear note, the others are repaired (:mod:`autograder.repair`) and autograded
   by nbgrader, so a broken submission costs nobody else anything;
4. generate nbgrader's feedback, export its grades CSV, and print points per notebook and per
   question. Everything lands under ``OUT`` (``build/demo`` by default, git-ignored).
"""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.examples import DEMO_STUDENTS, EXAMPLES, write_examples
from autograder.nbgrader_course import (
    assignments,
    generate_assignment,
    gradebook_scores,
    make_course,
    nbgrader,
)
from autograder.notebooks import (
    SOLUTIONS,
    NotebookError,
    execute_notebook,
    nbgrader_meta,
    read_notebook,
)
from autograder.repair import repair


@dataclass
class Row:
    """One submission's line in the score table."""

    student: str
    notebook: str
    scores: dict[str, float | None] = field(default_factory=dict)  # grade_id -> points
    max_score: float = 0.0
    note: str = ""

    @property
    def total(self) -> float:
        return sum(s for s in self.scores.values() if s is not None)


def prepare_submission(root: Path, name: str, student: str, points: dict[str, float]) -> Row:
    """Read and repair one submission in ``submitted/``. An unreadable one is moved to
    ``rejected/`` (nbgrader never sees it) and its row says why, with zero points."""
    row = Row(student, name, max_score=sum(points.values()))
    path = root / "submitted" / student / name / f"{name}.ipynb"
    try:
        submission = read_notebook(path)
    except NotebookError as exc:
        row.note = f"not graded: {exc}"
        row.scores = dict.fromkeys(points, 0.0)
        rejected = root / "rejected" / student / name
        rejected.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), rejected / path.name)
        return row
    release_nb = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    repaired, notes = repair(submission, release_nb)
    if notes:
        nbformat.write(repaired, path)
    row.note = "; ".join(notes)
    return row


def collect_scores(root: Path, name: str, row: Row, points: dict[str, float], log_text: str) -> None:
    """Fill ``row`` from nbgrader's gradebook after autograding (a note if nbgrader failed)."""
    grades = gradebook_scores(root, name, row.student)
    notes = [row.note] if row.note else []
    if not grades:
        errors = [ln.split("|", 1)[-1].strip() for ln in log_text.splitlines()
                  if "ERROR" in ln and row.student in ln]
        notes.append("nbgrader failed: " + (errors[0] if errors else "no grades recorded"))
        row.scores = dict.fromkeys(points, 0.0)
    else:
        row.scores = {g.grade_id: g.score for g in grades}
        if any(s is None for s in row.scores.values()):
            notes.append("some cells need manual grading")
    row.note = "; ".join(notes)


def format_table(name: str, points: dict[str, float], rows: list[Row]) -> str:
    """The score table of one notebook as text: a column per question, a row per submission,
    with a legend naming the questions."""
    ids = list(points)
    cols = [f"Q{i + 1}" for i in range(len(ids))]
    lines = [f"== {name}"]
    lines += [f"   {c:<4} {g}  ({points[g]:g} pt{'s' if points[g] != 1 else ''})"
              for c, g in zip(cols, ids)]
    lines.append(f"{'submission':<18}" + "".join(f"{c:>6}" for c in cols) + f"{'total':>9}  note")
    for row in rows:
        values = [row.scores.get(g) for g in ids]
        lines.append(f"{row.student:<18}" + "".join(f"{'?' if v is None else f'{v:g}':>6}" for v in values)
                     + f"{f'{row.total:g}/{row.max_score:g}':>9}  {row.note}")
    return "\n".join(lines)


def write_scores_csv(path: Path, rows: list[Row]) -> None:
    """One line per submission and question: notebook, submission, question, score, max."""
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["notebook", "submission", "question", "score", "note"])
        for row in rows:
            for grade_id, score in row.scores.items():
                out.writerow([row.notebook, row.student, grade_id,
                              "" if score is None else score, row.note])


def run(out: Path, names: list[str] | None = None, students: list[str] | None = None,
        execute: bool = True, log=print) -> list[Row]:
    """The demo. Returns every row of every table."""
    os.environ.setdefault("DQL_QUICK", "1")
    names = names or assignments()
    students = students or DEMO_STUDENTS
    root = make_course(Path(out) / "course", names)
    all_rows: list[Row] = []
    for name in names:
        log(f"-- {name}: generating the student release with nbgrader")
        release_nb = generate_assignment(root, name)
        if execute:
            executed, seconds = execute_notebook(root / "source" / name / f"{name}.ipynb")
            errors = [o for c in executed.cells if c.cell_type == "code"
                      for o in c.outputs if o.output_type == "error"]
            status = f"with an error: {errors[0].ename}: {errors[0].evalue}" if errors else "cleanly"
            log(f"-- {name}: the solution notebook ran top to bottom in quick mode {status} "
                f"({seconds:.1f} s)")
        write_examples(SOLUTIONS / f"{name}.ipynb", release_nb, root / "submitted", students)
        source = read_notebook(SOLUTIONS / f"{name}.ipynb")
        points = {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"])
                  for c in source.cells if nbgrader_meta(c).get("grade")}
        rows = []
        for student in students:
            log(f"-- {name}: checking {student} ({EXAMPLES[student][0]})")
            rows.append(prepare_submission(root, name, student, points))
        log(f"-- {name}: nbgrader autograde (all readable submissions, one kernel each)")
        graded = [r for r in rows if not r.note.startswith("not graded")]
        proc = nbgrader(root, "autograde", name, "--create", "--force")
        for row in graded:
            collect_scores(root, name, row, points, proc.stdout + proc.stderr)
        proc = nbgrader(root, "generate_feedback", name, "--force")
        if proc.returncode != 0:
            log(f"   (nbgrader generate_feedback reported errors; see {root})")
        log("")
        log(format_table(name, points, rows))
        log("")
        all_rows.extend(rows)
    nbgrader(root, "export", "--to", str((Path(out) / "grades.csv").resolve()))
    write_scores_csv(Path(out) / "scores_by_question.csv", all_rows)
    log(f"nbgrader gradebook, feedback and submissions: {root}")
    log(f"grades CSV (nbgrader export): {Path(out) / 'grades.csv'}")
    log(f"points per question: {Path(out) / 'scores_by_question.csv'}")
    return all_rows
