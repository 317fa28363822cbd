"""Command line: ``python -m autograder {release,demo}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.notebooks import NOTEBOOKS, REPO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Course tools for instructors.")
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate notebooks/ from solutions/ with nbgrader")
    rel.add_argument("--build", type=Path, default=REPO / "build" / "release")
    demo = sub.add_parser("demo", help="release, run the solutions, autograde the examples")
    demo.add_argument("--out", type=Path, default=REPO / "build" / "demo")
    demo.add_argument("--notebook", action="append", help="only this notebook (repeatable)")
    args = parser.parse_args(argv)

    if args.command == "release":
        from autograder.nbgrader_course import release

        for path in release(args.build, NOTEBOOKS):
            print(f"wrote {path.relative_to(REPO)}")
        return 0
    if args.command == "demo":
        from autograder import demo as demo_mod

        demo_mod.run(args.out, names=args.notebook)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
