"""Command line: ``python -m autograder COMMAND``: release, demo, grade, merge, check,
gradescope-bundle, classroom."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# jsonschema (under nbformat's validation) imports the optional rfc3987_syntax when it is
# installed, only to check "iri" strings, which no notebook schema uses; building its grammar
# takes seconds of CPU (6 s measured here) on every run of these commands. Skip it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from autograder.notebooks import NOTEBOOKS, REPO  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Course tools for instructors.")
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate notebooks/ from solutions/ with nbgrader")
    rel.add_argument("--build", type=Path, default=REPO / "build" / "release")
    demo = sub.add_parser("demo", help="release, run the solutions, autograde the examples")
    demo.add_argument("--out", type=Path, default=REPO / "build" / "demo")
    demo.add_argument("--notebook", action="append", help="only this notebook (repeatable)")
    _add_grading_commands(sub)
    room = sub.add_parser("classroom", help="write GitHub Classroom templates (one per notebook)")
    room.add_argument("--out", type=Path, default=REPO / "classroom",
                      help="writes OUT/<notebook>/.github/... (default: classroom/)")
    room.add_argument("--assignment", action="append", help="only this notebook (repeatable)")
    room.add_argument("--course", help="the course's GitHub repository, OWNER/NAME (default: "
                                       "[tool.dqlcourse] repository in pyproject.toml)")
    room.add_argument("--hidden-repository", metavar="OWNER/NAME",
                      help="a private repository with solutions/: every push also runs the "
                           "hidden checks, fetched with the secret DQL_HIDDEN_TOKEN")
    args = parser.parse_args(argv)
    if args.command in GRADING_COMMANDS:
        return _run_grading_command(args)

    if args.command == "release":
        from autograder.nbgrader_course import GIVEN_MODULE, given_module, release

        GIVEN_MODULE.write_text(given_module(REPO / "solutions"))  # first: the set-up cell carries it
        print(f"wrote {GIVEN_MODULE.relative_to(REPO)}")
        for path in release(args.build, NOTEBOOKS):
            print(f"wrote {path.relative_to(REPO)}")
        return 0
    if args.command == "classroom":
        from autograder.classroom import write_template
        from autograder.assignments import assignment_names

        for name in args.assignment or assignment_names(NOTEBOOKS):
            for path in write_template(name, args.out / name, args.course,
                                       args.hidden_repository):
                print(f"wrote {path}")
        return 0
    if args.command == "demo":
        from autograder import demo as demo_mod

        demo_mod.run(args.out, names=args.notebook)
        return 0
    return 2


GRADING_COMMANDS = ("grade", "merge", "check", "gradescope-bundle", "gradescope-run")

#: ``python -m autograder check``: every visible check passed / one failed or raised / bad input.
CHECK_PASSED, CHECK_FAILED, BAD_INPUT = 0, 1, 2


def check_exit_code(result) -> int:
    """The exit status of ``check``: 0 when every visible check has full marks, else 1 (a
    case failed, raised, timed out or is not implemented, or nothing could be graded), so
    scripts and hooks can use it."""
    failed = [report for _, report in result.reports if report.score < report.check.points]
    return CHECK_FAILED if failed or result.status != "graded" else CHECK_PASSED


def _add_sandbox_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sandbox", choices=("bwrap", "unshare", "none"), default=None,
                   help="force a sandbox (default: the strongest that works here)")
    p.add_argument("--time-scale", type=float, default=1.0,
                   help="multiply every check's time budget")


def _add_grading_commands(sub) -> None:
    grade = sub.add_parser("grade", help="grade submitted notebooks in sandboxes, in parallel")
    grade.add_argument("submissions", nargs="+", type=Path, help="submitted .ipynb files")
    grade.add_argument("--out", type=Path, required=True, help="folder for grades.csv etc.")
    grade.add_argument("--assignment", help="the assignment (default: recognised per file)")
    grade.add_argument("--jobs", "-j", type=int, default=1, help="submissions at a time")
    grade.add_argument("--solutions", type=Path, default=REPO / "solutions",
                       help="the folder of solution notebooks with the hidden checks "
                            "(default: this course's solutions/)")
    grade.add_argument("--shard", metavar="I/N",
                       help="grade only share I of N of the submissions (one array task of a "
                            "cluster job); combine the N outputs with `merge`")
    _add_sandbox_options(grade)
    merge = sub.add_parser("merge", help="combine the outputs of `grade --shard I/N` runs")
    merge.add_argument("shards", nargs="+", type=Path, help="the --out folders of shards 1..N")
    merge.add_argument("--out", type=Path, required=True, help="folder for the merged outputs")
    check = sub.add_parser(
        "check", help="students: run the visible checks of a notebook",
        description="Run the visible checks of a notebook in a sandbox and print their reports. "
                    "Exit status: 0 when every visible check passes, 1 when one fails or "
                    "raises, 2 when the notebook cannot be read or recognised.")
    check.add_argument("notebook", type=Path)
    check.add_argument("--assignment", help="the notebook's name, e.g. 01_random_agent")
    _add_sandbox_options(check)
    bundle = sub.add_parser("gradescope-bundle", help="write a Gradescope autograder.zip")
    bundle.add_argument("--assignment", required=True)
    bundle.add_argument("--out", type=Path, default=Path("autograder.zip"))
    run = sub.add_parser("gradescope-run", help=argparse.SUPPRESS)
    run.add_argument("--assignment", required=True)
    run.add_argument("--root", type=Path, default=Path("/autograder"))
    _add_sandbox_options(run)


def _run_grading_command(args) -> int:
    from autograder import grade as g
    from autograder import gradescope
    from autograder import notebooks
    from autograder import options as opt
    from autograder import sandbox as sb
    from autograder import student as st

    if args.command == "merge":
        from autograder.shard import merge

        try:
            total = merge(args.shards, args.out)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"merged {len(args.shards)} shards ({total} submissions) into {args.out}")
        return 0
    if args.command == "gradescope-bundle":
        path = gradescope.gradescope_bundle(args.assignment, args.out)
        print(f"wrote {path}: upload it as the Gradescope autograder of {args.assignment}")
        return 0
    options = opt.Options(sandbox=args.sandbox, time_scale=args.time_scale,
                        jobs=getattr(args, "jobs", 1))
    if args.command == "gradescope-run":
        data = gradescope.gradescope_run(args.assignment, args.root, options)
        print(f"score {data['score']:g}; results in {args.root / 'results' / 'results.json'}")
        return 0
    if args.command == "check":
        try:
            result = st.student_check(args.notebook, args.assignment, options)
        except (ValueError, notebooks.NotebookError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return BAD_INPUT
        return check_exit_code(result)
    stats: dict = {}
    shard = None
    if args.shard:
        from autograder.shard import parse_shard

        try:
            shard = parse_shard(args.shard)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    results = g.grade_many(args.submissions, args.out, options, assignment=args.assignment,
                           solutions=args.solutions, stats=stats, shard=shard)
    box = sb.detect(args.sandbox)
    if shard:
        print(f"shard {shard}: {len(results)} of {len(args.submissions)} submissions")
    width = max((len(str(r.submission)) for r in results), default=0)
    for r in results:
        score = f"{r.score:g}/{r.max_score:g}" if r.max_score else "-"
        print(f"{r.submission:<{width}}  {r.assignment or '?':<20} {score:>9}  {r.status}"
              + (f"  ({'; '.join(r.notes)})" if r.notes else ""))
    print(f"sandbox: {box.description}")
    print(f"sandbox CPU seconds: {stats.get('startup_cpu', 0.0):.1f} importing libraries "
          f"({stats.get('sandbox_starts', 0)} sandbox starts), "
          f"{sum(r.sandbox_cpu for r in results):.1f} grading")
    print(f"wrote {args.out / 'grades.csv'}, {args.out / 'scores_by_question.csv'} and "
          f"{args.out / 'submissions'}/<submission>/(results.json, feedback.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
