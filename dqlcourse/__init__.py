"""Helper package for the deep Q-learning course.

The notebooks import small, tested pieces from here:

- :mod:`dqlcourse.notebook` -- quick mode and "skip until implemented" for Run All;
- :mod:`dqlcourse.seeding` -- the one seeding path (Python, numpy, torch, env, spaces);
- :mod:`dqlcourse.envs` -- environment construction and the tiny scripted test env;
- :mod:`dqlcourse.render` -- inline animations from ``rgb_array`` frames (headless, Colab);
- :mod:`dqlcourse.plotting` -- the course's figures;
- :mod:`dqlcourse.checks` -- the checks that follow every TODO, written as data.
"""

__version__ = "0.1.0"
