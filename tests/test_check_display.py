"""What a check cell and a skipped demo cell show, run in a real Jupyter kernel.

One small notebook is executed the way JupyterLab, Colab and nbgrader's autograde execute one
(an IPython kernel, matplotlib's inline backend). Its outputs are then read the way each kind of
front end reads them: nbgrader (the ``text/plain`` of the check cell's result), an HTML front
end (JupyterLab, Colab, nbconvert's HTML, nbgrader's feedback: ``text/html`` when an output has
it) and a plain-text one (terminal front ends, nbconvert's text formats: ``text/plain``).
"""

from __future__ import annotations

import nbformat
from nbgrader.utils import determine_grade

from autograder.notebooks import execute_notebook

SETUP = '''\
%matplotlib inline
import matplotlib.pyplot as plt
from dqlcourse.checks import Case, Check, run_check
from dqlcourse.notebook import until_implemented


def stub(x):
    raise NotImplementedError()


def count_down(n):
    while n != 0:  # an endless loop from a negative n
        n -= 1
    return n


HALF = Check(id="t.half", function="double", points=2, cases=(
    Case("two", args=(2,), expected=4.0, hint="multiply by 2"),
    Case("zero <b>", args=(0,), expected=0.0, hint="0 * 2 = 0"),
))
LOOP = Check(id="t.loop", function="count_down", points=2, timeout=2.0, cases=(
    Case("from 3", args=(3,), expected=0.0),
    Case("from -1: never reaches 0", args=(-1,), expected=0.0, hint="stop at or below 0"),
))
'''

SKIPPED_PLOT = '''\
with until_implemented():
    plt.figure(figsize=(5, 2.5))
    plt.plot([stub(s) for s in range(3)])
    plt.show()
'''

AFTER = '''\
import signal, time
time.sleep(0.5)
print("timer", signal.getitimer(signal.ITIMER_REAL), "alive")
'''


def _grade_cell(source: str, grade_id: str, points: float):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                 "grade_id": grade_id, "points": points, "schema_version": 3}
    return cell


def _view(cell, prefer: str) -> str:
    """What a front end shows of ``cell``: for each output its ``prefer`` form when it has one,
    else its text/plain (streams: their text)."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get(prefer, out.data.get("text/plain", "")))
    return "\n".join(parts)


def _result(cell) -> str:
    [result] = [o for o in cell.outputs if o.output_type == "execute_result"]
    return result.data["text/plain"]


def _run(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell(SKIPPED_PLOT),
        _grade_cell("run_check(HALF, lambda x: x + 2)", "check_double", 2),
        _grade_cell("run_check(LOOP, count_down)", "check_count_down", 2),
        nbformat.v4.new_code_cell(AFTER),
    ])
    path = tmp_path / "display.ipynb"
    nbformat.write(nb, path)
    executed, _ = execute_notebook(path, timeout=300)
    for cell in executed.cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{cell.source!r} raised {errors[0].ename}: {errors[0].evalue}"
    return executed.cells


def test_check_cells_and_skipped_cells_in_a_kernel(tmp_path):
    _, skipped, half, loop, after = _run(tmp_path)

    # A skipped demo cell draws nothing (no empty axes, no "<Figure ... with 0 Axes>"): one line.
    assert [o.output_type for o in skipped.outputs] == ["stream"], skipped.outputs
    assert skipped.outputs[0].text.strip().splitlines() == [
        "Skipped: `stub` is not implemented yet. Fill in its TODO and run this cell again."]

    # nbgrader reads the partial credit from the result's text/plain.
    assert [o.output_type for o in half.outputs] == ["display_data", "execute_result"]
    assert _result(half) == "1"
    assert determine_grade(half) == (1.0, 2.0)
    assert not any(o.output_type == "stream" and o.name == "stderr" for o in half.outputs)

    # An HTML front end: one coloured report, one score line (the cell's result).
    page = _view(half, "text/html")
    assert page.count("Score") == 1 and "Score: 1 / 2 points" in page
    assert page.count(">PASS</span>") == 1 and page.count(">FAIL</span>") == 1
    assert "color: #cf222e" in page and "zero &lt;b&gt;" in page
    # A plain-text front end: the whole report with one score line, then the bare number.
    text = _view(half, "text/plain")
    assert text.count("Score:") == 1 and "<" not in text.replace("zero <b>", "")
    assert "FAIL  zero <b>\n        expected 0, got 2\n        Hint: 0 * 2 = 0" in text
    assert text.endswith("  Score: 1 / 2\n1")

    # An endless loop is stopped after the check's time per case, named, and scores 0;
    # the other case still counts, and the kernel carries on with no timer left behind.
    assert _result(loop) == "1" and determine_grade(loop) == (1.0, 2.0)
    report = _view(loop, "text/plain")
    assert "PASS  from 3" in report
    assert "FAIL  from -1: never reaches 0\n        timed out: did not finish within 2 s" in report
    assert "of count_down" in report and "Hint: stop at or below 0" in report
    assert _view(after, "text/plain").strip() == "timer (0.0, 0.0) alive"


def test_terminal_output_colours_pass_and_fail_only_on_a_terminal():
    from dqlcourse.checks.core import ANSI, terminal_colors

    text = "Check `f` (t.f):\n  PASS  a case\n  FAIL  another\n        expected 1, got 2\n  Score: 1 / 2"
    coloured = terminal_colors(text)
    assert ANSI["PASS"] + "PASS" in coloured and ANSI["FAIL"] + "FAIL" in coloured
    assert coloured.count("\x1b[0m") == 2 and "expected 1, got 2" in coloured
    import re
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text  # nothing but colour added
