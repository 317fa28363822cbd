"""Grading spread over many machines: ``grade ... --shard I/N`` and ``merge``.

Every machine (a Slurm array task, a Kubernetes Indexed Job pod) is given the *same* list of
submissions and its shard ``I/N``; it grades only the submissions whose share is ``I``
(:func:`share`: a hash of the path as given, so a submission's shard depends on nothing else:
not on the order of the list, the machine or the time it started) and writes the usual
outputs for them, plus ``shard.json``, the manifest :func:`merge` checks: the shard, the whole
list and, for each submission it graded, its position in the list, its folder and its number
of rows in ``scores_by_question.csv``.

:func:`merge` refuses a set of shards that is incomplete, has a shard twice, or was cut from
different lists; otherwise it writes ``grades.csv``, ``scores_by_question.csv`` and
``submissions/<key>/`` exactly as one ``grade`` run over the whole list would: rows in the
list's order, the same folder names. Only what a run measures (seconds, CPU seconds, the
execution time in ``results.json``) differs from a single run's.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "shard.json"
GRADED_FILES = ("grades.csv", "scores_by_question.csv")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``"I/N"`` -> :class:`Shard`; ``ValueError`` unless 1 <= I <= N."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not found:
        raise ValueError(f"--shard takes I/N (e.g. 3/8), not {text!r}")
    shard = Shard(int(found.group(1)), int(found.group(2)))
    if not 1 <= shard.index <= shard.count:
        raise ValueError(f"shard {shard}: I must lie between 1 and N")
    return shard


def share(path: Path | str, count: int) -> int:
    """The shard (1..count) that grades ``path``: a stable hash of the path as given."""
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def positions(paths: list[Path], shard: Shard) -> list[int]:
    """The positions in ``paths`` of the submissions ``shard`` grades, in list order."""
    return [i for i, p in enumerate(paths) if share(p, shard.count) == shard.index]


def write_manifest(out: Path, shard: Shard, paths: list[Path], mine: list[int],
                   keys: list[str], rows: list[int]) -> Path:
    """Write ``out/shard.json``: ``mine`` (positions graded), their ``keys`` and ``rows``."""
    data = {"shard": shard.index, "count": shard.count, "submissions": [str(p) for p in paths],
            "graded": [{"position": i, "key": k, "question_rows": n}
                       for i, k, n in zip(mine, keys, rows)]}
    path = Path(out) / MANIFEST
    path.write_text(json.dumps(data, indent=1))
    return path


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise ValueError(f"{path} is empty")
    return rows[0], rows[1:]


def _manifests(folders: list[Path]) -> list[dict]:
    found = []
    for folder in folders:
        path = Path(folder) / MANIFEST
        try:
            found.append({**json.loads(path.read_text()), "folder": Path(folder)})
        except (OSError, ValueError) as exc:
            raise ValueError(f"{folder} is not a shard's output ({MANIFEST}: {exc})") from None
    if not found:
        raise ValueError("no shard folders given")
    counts = {m["count"] for m in found}
    lists = {tuple(m["submissions"]) for m in found}
    if len(counts) != 1 or len(lists) != 1:
        raise ValueError("these shards were cut from different runs (other N or another list "
                         "of submissions); give every array task the same list and N")
    seen = sorted(m["shard"] for m in found)
    count = counts.pop()
    if seen != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(seen))
        twice = sorted({s for s in seen if seen.count(s) > 1})
        raise ValueError(f"shards missing: {missing or 'none'}; given twice: {twice or 'none'}")
    return found


def merge(folders: list[Path], out: Path) -> int:
    """Combine the outputs of shards ``1/N`` .. ``N/N`` into ``out`` as one run writes them.
    Returns the number of submissions. Raises ``ValueError`` (saying why) for an incomplete
    or inconsistent set of shards."""
    manifests = _manifests(folders)
    total = len(manifests[0]["submissions"])
    grades: dict[int, list[str]] = {}
    questions: dict[int, list[list[str]]] = {}
    folder_of: dict[int, tuple[Path, str]] = {}
    headers: dict[str, list[str]] = {}
    for m in manifests:
        rows = {}
        for name in GRADED_FILES:
            headers[name], rows[name] = _read_rows(m["folder"] / name)
        graded = m["graded"]
        if len(rows["grades.csv"]) != len(graded):
            raise ValueError(f"{m['folder']}: grades.csv does not match {MANIFEST}")
        start = 0
        for entry, row in zip(graded, rows["grades.csv"]):
            i = entry["position"]
            if i in grades:
                raise ValueError(f"submission {i} was graded by two shards")
            grades[i] = row
            questions[i] = rows["scores_by_question.csv"][start:start + entry["question_rows"]]
            start += entry["question_rows"]
            folder_of[i] = (m["folder"], entry["key"])
    if sorted(grades) != list(range(total)):
        raise ValueError(f"the shards graded {len(grades)} of {total} submissions")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in (("grades.csv", [[r] for r in (grades[i] for i in range(total))]),
                        ("scores_by_question.csv", [questions[i] for i in range(total)])):
        with open(out / name, "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers[name])
            for rows in table:
                writer.writerows(rows)
    for i in range(total):
        folder, key = folder_of[i]
        target = out / "submissions" / key
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(folder / "submissions" / key, target)
    return total
