"""``python -m autograder check``'s exit status, which scripts and pre-commit hooks rely on:
0 when every visible check passes, 1 when one fails or raises, 2 for bad input."""

from __future__ import annotations

import subprocess
import sys

import nbformat
from conftest import REPO

from autograder.__main__ import BAD_INPUT, CHECK_FAILED, CHECK_PASSED
from autograder.examples import write_examples
from autograder.notebooks import nbgrader_meta

NAME = "01_random_agent"


def _check(path):
    return subprocess.run([sys.executable, "-m", "autograder", "check", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def test_check_exits_0_when_all_pass_1_when_one_raises_2_for_bad_input(tmp_path):
    [complete] = write_examples(REPO / "solutions" / f"{NAME}.ipynb",
                                REPO / "notebooks" / f"{NAME}.ipynb", tmp_path,
                                ["complete"]).values()
    proc = _check(complete)
    assert proc.returncode == CHECK_PASSED == 0, proc.stdout + proc.stderr
    assert "FAIL" not in proc.stdout

    # The complete notebook with one answer that raises: that check fails, the others pass.
    nb = nbformat.read(complete, as_version=4)
    [cell] = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "episode_return"]
    cell.source = "def episode_return(rewards):\n    return 1 / 0\n"
    raising = tmp_path / "raising" / f"{NAME}.ipynb"
    raising.parent.mkdir()
    nbformat.write(nb, raising)
    proc = _check(raising)
    assert proc.returncode == CHECK_FAILED == 1, proc.stdout + proc.stderr
    assert "raised ZeroDivisionError" in proc.stdout

    empty = tmp_path / "empty.ipynb"
    empty.write_text("")
    proc = _check(empty)
    assert proc.returncode == BAD_INPUT == 2 and proc.stderr.startswith("error:"), proc.stderr
