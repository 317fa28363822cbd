"""Helper package for the deep Q-learning course.

The notebooks import small, tested pieces from here:

- :mod:`dqlcourse.notebook` -- quick mode and "skip until implemented" for Run All;
- :mod:`dqlcourse.seeding` -- the one seeding path (Python, numpy, torch, env, spaces);
- :mod:`dqlcourse.envs` -- environment construction; :mod:`dqlcourse.testenvs` -- tiny test envs;
- :mod:`dqlcourse.render` -- inline animations from ``rgb_array`` frames (headless, Colab);
- :mod:`dqlcourse.plotting`, :mod:`dqlcourse.gridviz`, :mod:`dqlcourse.live`,
  :mod:`dqlcourse.widgets` -- the course's figures, live training plot and widgets;
- :mod:`dqlcourse.mdp`, :mod:`dqlcourse.qlearning`, :mod:`dqlcourse.dqn`,
  :mod:`dqlcourse.pixels` -- what notebooks 02-05 give students ready-made;
- :mod:`dqlcourse.reuse` -- loading another notebook's answers (notebook 05 reuses 04);
- :mod:`dqlcourse.cells` (with :mod:`dqlcourse.given`) -- the one rule for what a notebook
  defines, for every grader and for the notebooks' own checks;
- :mod:`dqlcourse.checks` -- the checks that follow every TODO, written as data, and
  :mod:`dqlcourse.checks.wire`, what crosses between trusted and untrusted code;
- :mod:`dqlcourse.runtime` -- the set-up cell's logic (requirements, version guard, extras).
"""

__version__ = "0.1.0"
