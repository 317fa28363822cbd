"""The cluster files in deploy/: the Slurm array script run here as two array tasks and a
merge (with Slurm's environment variables set by hand), and the Kubernetes manifests' shape."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from autograder.examples import write_examples

yaml = pytest.importorskip("yaml")  # PyYAML: installed with Jupyter (jupyter-events)

SLURM = REPO / "deploy" / "slurm"
KUBE = REPO / "deploy" / "kubernetes"


def test_slurm_array_tasks_and_merge_grade_every_submission_once(tmp_path):
    name = "01_random_agent"
    written = write_examples(REPO / "solutions" / f"{name}.ipynb",
                             REPO / "notebooks" / f"{name}.ipynb", tmp_path / "submitted",
                             ["complete", "untouched", "broken_json"])
    env = {**os.environ, "COURSE": str(REPO), "SUBMISSIONS": str(tmp_path / "submitted"),
           "OUT": str(tmp_path / "grades"), "PYTHON": sys.executable,
           "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_CPUS_PER_TASK": "1"}
    for task in ("1", "2"):
        proc = subprocess.run(["bash", str(SLURM / "grade.sbatch")], capture_output=True,
                              text=True, env={**env, "SLURM_ARRAY_TASK_ID": task}, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run(["bash", str(SLURM / "merge.sbatch")], capture_output=True, text=True,
                          env=env, timeout=600)
    assert proc.returncode == 0 and "merged 2 shards (3 submissions)" in proc.stdout, proc.stderr
    with open(tmp_path / "grades" / "grades.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["submission"] for r in rows] == sorted(str(p) for p in written.values())
    by_student = {Path(r["submission"]).parent.parent.name: r for r in rows}
    assert by_student["complete"]["score"] == by_student["complete"]["max_score"]
    assert by_student["broken_json"]["status"] == "not_graded"


def test_kubernetes_indexed_job_gives_each_pod_one_shard_and_merge_reads_them():
    grade = yaml.safe_load((KUBE / "grade-job.yaml").read_text())
    merge = yaml.safe_load((KUBE / "merge-job.yaml").read_text())
    assert grade["kind"] == merge["kind"] == "Job" and grade["apiVersion"] == "batch/v1"
    spec = grade["spec"]
    assert spec["completionMode"] == "Indexed"
    [container] = spec["template"]["spec"]["containers"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["SHARDS"]) == spec["completions"] == spec["parallelism"]
    script = container["args"][0]
    assert "JOB_COMPLETION_INDEX + 1" in script and '--shard "$I/$SHARDS"' in script
    assert "/data/grades/shard-$I" in script
    [merger] = merge["spec"]["template"]["spec"]["containers"]
    assert "autograder merge /data/grades/shard-*" in merger["args"][0]
    assert merger["image"] == container["image"]
    claims = {j["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]
              for j in (grade, merge)}
    assert len(claims) == 1
    for job in (grade, merge):
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
