"""Results of grading and their formats: judging the sandbox's lines, and the files an
instructor and a student read (``grades.csv``, ``scores_by_question.csv``, Gradescope's
``results.json``, ``feedback.html``).

Trusted code. Every sentence in these outputs is written here or by
:func:`dqlcourse.checks.core.judge` from data the sandbox sent and this side checked
(:func:`dqlcourse.checks.wire.clean_outcomes`); a submission's own text reaches them only in
visible checks' messages and in notes, cleaned and capped (:func:`clean_text`).
"""

from __future__ import annotations

import csv
import html
import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import sandbox as sb
from autograder.extract import Answers
from autograder.notebooks import GradedCheck
from autograder.options import Options, check_budget
from dqlcourse.checks import evaluation, reused, wire
from dqlcourse import cells
from dqlcourse.checks.core import CaseResult, Check, Report, assign_blame, judge
from dqlcourse.notebook import quick_mode

if TYPE_CHECKING:
    from autograder.sandbox.server import Run


@dataclass
class Result:
    """The grading of one submission."""

    submission: str
    key: str
    assignment: str = ""
    status: str = "graded"
    score: float = 0.0
    max_score: float = 0.0
    notes: list[str] = field(default_factory=list)
    reports: list[tuple[GradedCheck, Report]] = field(default_factory=list)
    seconds: float = 0.0
    sandbox: str = ""
    sandbox_cpu: float = 0.0  # CPU seconds of the submission's processes in the sandbox

    def by_question(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for graded, report in self.reports:
            out[graded.grade_id] = round(out.get(graded.grade_id, 0.0) + report.score, 6)
        return out


#: Whether the sandbox runs the checks in quick mode (it does: its environment is
#: :func:`autograder.sandbox.child_env`), so that their outcomes are judged against the
#: quick-mode expected values the run was set for.
SANDBOX_QUICK = quick_mode(sb.child_env("/tmp/work"))


def judge_line(check: Check, line: dict | None, budget: float, startup_error: str,
               known_names: frozenset[str] = frozenset(),
               reasons: Mapping[str, str] | None = None) -> Report:
    """The report of one check from the sandbox's line about it (``None``: no line).
    ``known_names``: the functions the submission defines; ``reasons``: why a notebook the
    check needs is missing (:meth:`autograder.extract.Answers.reasons`)."""
    if line is not None and line.get("status") == "ok":
        outcomes = wire.clean_outcomes(len(check.cases), line.get("outcomes"), check.hidden,
                                       known_names)
        # the plays of the checks that train are scored here (dqlcourse/checks/evaluation.py)
        outcomes = evaluation.complete(check, outcomes, quick=SANDBOX_QUICK)
        return judge(check, outcomes, reasons, quick=SANDBOX_QUICK)
    if line is None:
        message = startup_error or "the check did not run (the sandbox stopped before it)"
    elif line.get("status") == "timeout":
        message = f"timed out: the check's {budget:g} s were used up (an endless loop?)"
    elif line.get("status") == "oversize":
        message = "the function's output was too large"
    elif line.get("status") == "memory":
        message = (f"used more memory than the check's budget ({_mb(line.get('used_mb'))} MB "
                   f"in its processes, its child processes and the files they kept in memory; "
                   f"{_mb(line.get('limit_mb'))} MB allowed): a list or buffer that keeps "
                   "growing?")
    else:
        message = f"the check's process {str(line.get('detail', 'crashed'))[:200]}"
    return Report(check, [CaseResult(c.name, False, "error", message, c.hint) for c in check.cases])


def _mb(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "?"


#: A row's status when the machine, not the submission, failed (:func:`infrastructure_note`).
INFRASTRUCTURE_ERROR = "infrastructure_error"


def infrastructure_note(submission: str, why: str) -> str:
    """The note of an :data:`INFRASTRUCTURE_ERROR` row: what failed, that it is not the
    student's fault, and how to grade it again."""
    return (f"not graded: {why} (an infrastructure fault: the grading machine ran out of "
            "memory or a process was killed by an operator). This is not the student's fault "
            "and says nothing about the submission; grade it again with: python -m autograder "
            f"grade {shlex.quote(submission)} --out <folder>")


#: The longest note written to any output, and the longest report: a submission's text (an
#: import line, an exception message, a printed value) reaches the outputs through them.
MAX_NOTE_CHARS = 500
MAX_REPORT_CHARS = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str, limit: int = MAX_NOTE_CHARS) -> str:
    """``text`` fit for every output: control characters (ESC, NUL, ...) but newline and tab
    removed, and at most ``limit`` characters, the cut said."""
    text = _CONTROL.sub("", str(text))
    if len(text) > limit:
        text = text[:limit] + f" ... ({len(text) - limit:,} more characters cut)"
    return text


def _notes(result: "Result") -> list[str]:
    return [clean_text(n) for n in result.notes]



def gradescope_json(result: Result, options: Options, box: sb.Sandbox) -> dict:
    """The submission's results in Gradescope's ``results.json`` format."""
    tests = []
    for number, (graded, report) in enumerate(result.reports, start=1):
        kind = "hidden check" if report.check.hidden else "check"
        test = {
            "name": f"{graded.grade_id}: {kind} of `{report.check.function}`",
            "number": str(number),
            "score": report.score,
            "max_score": report.check.points,
            "output": clean_text(report.text(), MAX_REPORT_CHARS),
            "visibility": options.hidden_visibility if report.check.hidden else "visible",
        }
        curves = _curves_html(report)
        if curves:  # Gradescope's html format: the report as text, then the curves judged
            test["output"] = f"<pre>{html.escape(test['output'])}</pre>{curves}"
            test["output_format"] = "html"
        tests.append(test)
    output = [f"Status: {result.status}."] + [f"Note: {n}" for n in _notes(result)]
    output.append(f"Graded in a {box.description}.")
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 2),
        "output": "\n".join(output),
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"assignment": result.assignment, "status": result.status,
                       "sandbox": box.mode, "max_score": result.max_score},
    }


_CSS = """body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}.pass{color:#2e7d32}.fail{color:#c62828}
.hint{color:#555;font-style:italic}code{background:#f4f4f4}"""



def curve_svg(curve: dict, width: int = 520, height: int = 180) -> str:
    """A behavioural case's curve (what it judged: e.g. greedy return against training steps)
    as an inline SVG, with its threshold as a dashed line. Numbers only reach it."""
    xs, ys = [float(x) for x in curve["x"]], [float(y) for y in curve["y"]]
    threshold = curve.get("threshold")
    lo = min(ys + ([threshold] if threshold is not None else []))
    hi = max(ys + ([threshold] if threshold is not None else []))
    hi = hi if hi > lo else lo + 1.0
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1.0
    pad = 36

    def px(x: float, y: float) -> str:
        return (f"{pad + (x - x0) / (x1 - x0) * (width - 2 * pad):.1f},"
                f"{height - pad + (lo - y) / (hi - lo) * (height - 2 * pad):.1f}")

    parts = [f'<svg class="curve" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg" style="font:11px sans-serif">',
             f'<rect x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" '
             'fill="none" stroke="#ccc"/>']
    if threshold is not None:
        a, b = px(x0, threshold), px(x1, threshold)
        parts.append(f'<polyline points="{a} {b}" stroke="#c62828" stroke-dasharray="4 3" fill="none"/>'
                     f'<text x="{width - pad + 2}" y="{b.split(",")[1]}" fill="#c62828">'
                     f"{threshold:g}</text>")
    parts.append(f'<polyline points="{" ".join(px(x, y) for x, y in zip(xs, ys))}" '
                 'stroke="#1565c0" stroke-width="1.5" fill="none"/>')
    parts.append(f'<text x="{pad}" y="{pad - 6}">{html.escape(curve.get("ylabel", ""))} '
                 f"({lo:.3g} to {hi:.3g})</text>")
    parts.append(f'<text x="{pad}" y="{height - 8}">{html.escape(curve.get("xlabel", ""))} '
                 f"({x0:g} to {x1:g})</text></svg>")
    return "".join(parts)


def _curves_html(report: Report) -> str:
    return "".join(f"<figure><figcaption>{html.escape(c.name)}</figcaption>{curve_svg(c.curve)}"
                   "</figure>" for c in report.results if c.curve)


def feedback_html(result: Result, box: sb.Sandbox) -> str:
    """Feedback for the student: every check, case by case, with hints. Hidden checks show
    case names, pass/fail and hints only: never their code, inputs or expected values."""
    def e(text) -> str:
        return html.escape(clean_text(text, MAX_REPORT_CHARS))

    parts = [f"<!doctype html><meta charset='utf-8'><title>Feedback: {e(result.assignment)}"
             f"</title><style>{_CSS}</style>",
             f"<h1>{e(result.assignment or 'Submission')}: {result.score:g} / "
             f"{result.max_score:g}</h1>",
             f"<p>Submission <code>{e(Path(result.submission).name)}</code>, status "
             f"<b>{e(result.status)}</b>.</p>"]
    if result.notes:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in _notes(result)) + "</ul>")
    for graded, report in result.reports:
        kind = "Hidden check" if report.check.hidden else "Check"
        parts.append(f"<h2>{kind} of <code>{e(report.check.function)}</code> "
                     f"({e(graded.grade_id)}): {report.score:g} / {report.check.points:g}</h2>")
        rows = []
        for case in report.results:
            mark = "<span class='pass'>pass</span>" if case.passed else "<span class='fail'>fail</span>"
            detail = "" if case.passed else e(case.message)
            if not case.passed and case.hint:
                detail += f"<div class='hint'>Hint: {e(case.hint)}</div>"
            rows.append(f"<tr><td>{e(case.name)}</td><td>{mark}</td><td>{detail}</td></tr>")
        parts.append("<table><tr><th>case</th><th>result</th><th>details</th></tr>"
                     + "".join(rows) + "</table>" + _curves_html(report))
    parts.append(f"<p><small>Graded in a {e(box.description)}.</small></p>")
    return "\n".join(parts) + "\n"


GRADES_COLUMNS = ["submission", "assignment", "score", "max_score", "status", "sandbox",
                  "seconds", "note", "sandbox_cpu_seconds"]



def write_outputs(results: list[Result], out: Path, options: Options, box: sb.Sandbox) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GRADES_COLUMNS)
        for r in results:
            writer.writerow([r.submission, r.assignment, f"{r.score:g}", f"{r.max_score:g}",
                             r.status, r.sandbox, f"{r.seconds:.2f}", "; ".join(_notes(r)),
                             f"{r.sandbox_cpu:.2f}"])
    with open(out / "scores_by_question.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", "assignment", "question", "check", "score", "max_score"])
        for r in results:
            for graded, report in r.reports:
                writer.writerow([r.submission, r.assignment, graded.grade_id, report.check.id,
                                 f"{report.score:g}", f"{report.check.points:g}"])
    for r in results:
        folder = out / "submissions" / r.key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.json").write_text(json.dumps(gradescope_json(r, options, box), indent=1))
        (folder / "feedback.html").write_text(feedback_html(r, box))


def blame_reused(reports: list, answers: Answers, run, options: Options) -> None:
    """For each failing check that trained with another notebook's answers (notebook 05's whole
    agent with the student's notebook 04), run that notebook's visible checks on them in the
    sandbox (``run(answers, checks)``) and name the functions that fail
    (:mod:`dqlcourse.checks.reused`), as the notebook's own check does."""
    failing = [r for r in reports if r.score < r.check.points]
    for name, other in answers.reuse.items():
        blamed = [r for r in failing if name in r.check.uses]
        if not blamed or "definitions" not in other:
            continue
        checks = list(reused.visible_checks(other["notebook"]))
        theirs = Answers(other["imports"], other["definitions"], [])
        sent = run(theirs, checks)
        judged = [judge_line(c, sent.lines.get(i), check_budget(c, options), sent.error,
                             theirs.names()) for i, c in enumerate(checks)]
        faulty = reused.failing_functions(judged)
        for report in blamed:
            report.blame = " ".join(filter(None, [report.blame, reused.note(
                report.check.function, other["notebook"], faulty)]))


def judge_all(graded: list[GradedCheck], run: "Run", answers: "Answers",
              options: Options) -> list[tuple[GradedCheck, Report]]:
    """The report of every check of a submission from what its sandbox ``run`` sent."""
    names, reasons = answers.names(), answers.reasons()
    out = [(g, judge_line(g.check, run.lines.get(i), check_budget(g.check, options), run.error,
                          names, reasons))
           for i, g in enumerate(graded)]
    functions = {g.check.function for g in graded}
    assign_blame([r for _, r in out], cells.dependencies(answers.definitions, functions))
    return out
