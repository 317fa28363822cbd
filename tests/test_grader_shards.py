"""Grading spread over machines: ``grade --shard I/N`` three times, then ``merge``, equals one run.

The submissions are notebook 01's examples (the cheapest notebook): honest ones and unreadable
files, and two copies of one file name in different folders (their folder names in
``submissions/`` depend on the whole list, not on the shard). The three shards run from the
command line, one after the other, as three array tasks would.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from conftest import REPO

from autograder import grade as g
from autograder import options as opt
from autograder import shard as sh
from autograder.examples import write_examples

NAME = "01_random_agent"
STUDENTS = ["complete", "untouched", "half_done", "renamed_function", "broken_json",
            "empty_file"]
#: What a run measures: columns of grades.csv and keys of results.json that differ run to run.
MEASURED_COLUMNS = ("seconds", "sandbox_cpu_seconds")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    written = write_examples(REPO / "solutions" / f"{NAME}.ipynb",
                             REPO / "notebooks" / f"{NAME}.ipynb", root / "in", STUDENTS)
    again = write_examples(REPO / "solutions" / f"{NAME}.ipynb",
                           REPO / "notebooks" / f"{NAME}.ipynb", root / "in2", ["half_done"])
    paths = [written[s] for s in STUDENTS] + [again["half_done"]]
    g.grade_many(paths, root / "single", opt.Options(jobs=2), progress=False)
    printed = []
    for i in (1, 2, 3):
        proc = subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, paths),
                               "--out", str(root / f"shard{i}"), "--shard", f"{i}/3"],
                              cwd=REPO, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        printed.append(proc.stdout)
    proc = subprocess.run([sys.executable, "-m", "autograder", "merge",
                           *(str(root / f"shard{i}") for i in (1, 2, 3)),
                           "--out", str(root / "merged")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"root": root, "paths": paths, "printed": printed}


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def _without_measured(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{k: v for k, v in r.items() if k not in MEASURED_COLUMNS} for r in rows]


def test_each_submission_is_graded_by_exactly_one_shard(runs):
    graded = []
    for i in (1, 2, 3):
        manifest = json.loads((runs["root"] / f"shard{i}" / sh.MANIFEST).read_text())
        graded += [e["position"] for e in manifest["graded"]]
        said = f"shard {i}/3: {len(manifest['graded'])} of {len(runs['paths'])} submissions"
        assert said in runs["printed"][i - 1]
    assert sorted(graded) == list(range(len(runs["paths"])))


def test_merged_shards_equal_one_run_byte_for_byte_where_deterministic(runs):
    single, merged = runs["root"] / "single", runs["root"] / "merged"
    assert _files(merged) == _files(single)
    assert (merged / "scores_by_question.csv").read_bytes() \
        == (single / "scores_by_question.csv").read_bytes()
    assert _without_measured(merged / "grades.csv") == _without_measured(single / "grades.csv")
    for path in _files(single):
        if path.name == "feedback.html":
            assert (merged / path).read_bytes() == (single / path).read_bytes(), path
        elif path.name == "results.json":
            ours, theirs = (json.loads((f / path).read_text()) for f in (merged, single))
            ours.pop("execution_time"), theirs.pop("execution_time")
            assert ours == theirs, path


def test_merge_refuses_missing_duplicated_or_foreign_shards(runs, tmp_path):
    root = runs["root"]
    with pytest.raises(ValueError, match=r"shards missing: \[3\]"):
        sh.merge([root / "shard1", root / "shard2"], tmp_path / "a")
    with pytest.raises(ValueError, match=r"given twice: \[2\]"):
        sh.merge([root / "shard1", root / "shard2", root / "shard2"], tmp_path / "b")
    with pytest.raises(ValueError, match="not a shard's output"):
        sh.merge([root / "single"], tmp_path / "c")
    foreign = tmp_path / "foreign"
    subprocess.run(["cp", "-r", str(root / "shard3"), str(foreign)], check=True)
    data = json.loads((foreign / sh.MANIFEST).read_text())
    data["submissions"] = data["submissions"][:-1]
    (foreign / sh.MANIFEST).write_text(json.dumps(data))
    with pytest.raises(ValueError, match="different runs"):
        sh.merge([root / "shard1", root / "shard2", foreign], tmp_path / "d")


def test_a_submissions_share_depends_only_on_its_path():
    paths = [f"submitted/s{i:03d}/01_random_agent/01_random_agent.ipynb" for i in range(300)]
    forward = {p: sh.share(p, 4) for p in paths}
    assert forward == {p: sh.share(p, 4) for p in reversed(paths)}
    sizes = [list(forward.values()).count(i) for i in (1, 2, 3, 4)]
    assert min(sizes) > 40  # roughly even (75 each on average)
    assert [p for i in (1, 2, 3, 4) for p in (paths[j] for j in sh.positions(paths, sh.Shard(i, 4)))
            ].__len__() == len(paths)


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", ""])
def test_bad_shard_specifications_are_refused(text):
    with pytest.raises(ValueError):
        sh.parse_shard(text)
