"""Repair what editors do to submissions before nbgrader sees them.

Colab and VS Code drop cell metadata, so nbgrader no longer recognises answer and check cells
(nbgrader 0.9 then fails on the whole submission); students paste check cells twice (nbgrader
fails on the duplicate id) or delete them. :func:`repair` matches every cell of a submission
against the released student notebook and puts the nbgrader metadata and the missing cells
back, reporting what it did so the instructor can see it in the score table.
"""

from __future__ import annotations

import copy

import nbformat

from dqlcourse.cells import defined_names, nbgrader_meta


def _normal(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _match(cell, release_cells: dict[str, nbformat.NotebookNode], taken: set[str]) -> str | None:
    """The grade_id of the released cell that ``cell`` (without metadata) stands for, if any."""
    free = {gid: c for gid, c in release_cells.items() if gid not in taken}
    for gid, ref in free.items():  # same cell id: the editor kept ids but not metadata
        if cell.get("id") and cell.get("id") == ref.get("id"):
            return gid
    for gid, ref in free.items():  # a locked check cell, unchanged
        if nbgrader_meta(ref).get("locked") and _normal(cell.source) == _normal(ref.source):
            return gid
    names = defined_names(cell.source)
    for gid, ref in free.items():  # an answer cell: it defines the same functions
        if nbgrader_meta(ref).get("solution") and names and names >= defined_names(ref.source):
            return gid
    return None


def repair(submission: nbformat.NotebookNode,
           release: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """Return a repaired copy of ``submission`` and notes on what was changed.

    * cells that lost their nbgrader metadata get it back from the released notebook;
    * a duplicated check cell is removed, a duplicated answer cell becomes an ordinary cell
      (it still runs, so the student's latest definition counts);
    * a deleted check or answer cell is put back where it was in the release.
    """
    nb = copy.deepcopy(submission)
    release_cells = {nbgrader_meta(c)["grade_id"]: c for c in release.cells
                     if nbgrader_meta(c).get("grade_id")}
    taken: set[str] = set()
    restored, removed, demoted, cells = [], [], [], []
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid in release_cells and gid not in taken:
            taken.add(gid)
        elif gid in release_cells:  # a second cell with the same grade_id
            if nbgrader_meta(cell).get("grade") and not nbgrader_meta(cell).get("solution"):
                removed.append(gid)
                continue
            cell.metadata.pop("nbgrader", None)
            demoted.append(gid)
        elif cell.cell_type == "code":
            cell.metadata.pop("nbgrader", None)
            gid = _match(cell, release_cells, taken)
            if gid is not None:
                cell.metadata["nbgrader"] = copy.deepcopy(release_cells[gid].metadata["nbgrader"])
                taken.add(gid)
                restored.append(gid)
        cells.append(cell)

    missing = [gid for gid in release_cells if gid not in taken]
    order = list(release_cells)
    for gid in missing:  # insert after the nearest earlier released cell that is present
        earlier = order[:order.index(gid)]
        position = 0
        for i, cell in enumerate(cells):
            if nbgrader_meta(cell).get("grade_id") in earlier:
                position = i + 1
        cells.insert(position, copy.deepcopy(release_cells[gid]))
    nb.cells = cells

    notes = []
    defined = set().union(*(defined_names(c.source) for c in cells if c.cell_type == "code"))
    for gid, ref in release_cells.items():
        if nbgrader_meta(ref).get("solution"):
            for fn in sorted(defined_names(ref.source) - defined):
                similar = sorted(d for d in defined if fn in d or d in fn)
                guess = f" (renamed to `{similar[0]}`?)" if similar else ""
                notes.append(f"`{fn}` is not defined{guess}: its checks score 0")
    if restored:
        notes.append(f"restored nbgrader metadata of {len(restored)} cells "
                     "(removed by Colab / VS Code)")
    if removed:
        notes.append("removed duplicated check cell " + ", ".join(removed))
    if demoted:
        notes.append("duplicated answer cell kept as ordinary code: " + ", ".join(demoted))
    if missing:
        notes.append("put back deleted cell " + ", ".join(missing))
    return nb, notes
