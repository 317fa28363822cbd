"""Checks that follow every TODO of the notebooks, written once as data.

The framework is :mod:`dqlcourse.checks.core`; each notebook's visible checks live in a module
named after the notebook (``nb01_random_agent`` for ``01_random_agent.ipynb``). Hidden checks
live only in ``solutions/``.
"""

from dqlcourse.checks.core import CLOSE, EQUAL, Case, Check, Compare, Report, execute, judge
from dqlcourse.checks.kernel import run_check

__all__ = ["CLOSE", "EQUAL", "Case", "Check", "Compare", "Report", "execute", "judge", "run_check"]
