"""The sandbox's copy of the course package holds no expected value of any visible check
(autograder/sandbox/package.py), and still runs every check's adapter."""

from __future__ import annotations

import json
import subprocess
import sys

from autograder.sandbox import course_package_dir
from autograder.sandbox.package import blank_expected, write_sandbox_package

_PROBE = r'''
import importlib, json, pkgutil, sys
import dqlcourse, dqlcourse.checks as pkg
found, cases = [], 0
for info in pkgutil.iter_modules(pkg.__path__):
    module = importlib.import_module("dqlcourse.checks." + info.name)
    for check in getattr(module, "CHECKS", ()):
        for case in check.cases:
            cases += 1
            if case.expected is not None or getattr(case, "expected_quick", None) is not None:
                found.append(check.id + ": " + case.name)
print(json.dumps({"where": dqlcourse.__file__, "cases": cases, "found": found}))
'''


def test_no_visible_expected_value_enters_the_sandboxs_package(tmp_path):
    copy = write_sandbox_package(course_package_dir(), tmp_path / "dqlcourse")
    assert not list(copy.rglob("*.pyc"))  # compiled files keep the constants
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, "
                          f"{str(tmp_path)!r})\n" + _PROBE], capture_output=True, text=True,
                         check=True)
    seen = json.loads(out.stdout)
    assert seen["where"].startswith(str(copy)), seen["where"]
    assert seen["cases"] > 50 and seen["found"] == [], seen["found"][:5]


def test_blanking_keeps_everything_but_the_expected_values():
    source = ('X = 3\n'
              'C = Check("a", "f", 1, (Case("n", args=(1,), expected=X + 1, hint="h"),\n'
              '                        Case("m", expected_quick=[2], compare=EQUAL)))\n')
    blanked = blank_expected(source)
    assert "expected=None" in blanked and "expected_quick=None" in blanked
    assert "X + 1" not in blanked and "args=(1,)" in blanked and "hint='h'" in blanked
