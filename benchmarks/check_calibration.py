"""False-fail rates of notebook 04's behavioural checks (the ones that train the whole agent).

A behavioural check trains the student's ``train_dqn`` on fixed seeds and compares the greedy
return with a threshold. A *correct* student implementation is not bit-identical to the
reference: it may draw its random numbers in another order, or sum in another order, so its
runs behave like the reference's on other seeds. The chance that a correct implementation fails
a case is therefore estimated by running the reference on many other training seeds, grouping
them as the case groups its own seeds (1 or 3), and counting the groups whose mean greedy return
falls below the threshold.

With ``--mutants``, the same is done for the catalogue's mistakes in ``train_dqn`` that the
check is meant to catch (``autograder/mutants/nb04_dqn.py``), giving their pass rates.

Usage::

    taskset -c 0 .venv/bin/python benchmarks/check_calibration.py --seeds 30
    taskset -c 0 .venv/bin/python benchmarks/check_calibration.py --seeds 12 --mutants
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.mutants import nb04_dqn as mutants  # noqa: E402
from autograder.notebooks import (define_answers, find_checks,  # noqa: E402
                                  read_notebook)
from dqlcourse.checks.nb04_dqn import greedy_means, train_settings  # noqa: E402

CALL = "dqlcourse.checks.nb04_dqn:call_train"


def groups_below(means: list[float], size: int, threshold: float) -> tuple[int, int]:
    """``(groups whose mean is below threshold, groups)`` over disjoint consecutive groups of
    ``size`` runs."""
    groups = [means[i:i + size] for i in range(0, len(means) - size + 1, size)]
    return sum(statistics.fmean(g) < threshold for g in groups), len(groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="training seeds per case")
    parser.add_argument("--first-seed", type=int, default=100,
                        help="first of the seeds (away from the cases' own 0-5)")
    parser.add_argument("--mutants", action="store_true", help="also the train_dqn mutants")
    args = parser.parse_args(argv)

    nb = read_notebook(REPO / "solutions" / "04_dqn.ipynb")
    source = nb
    reference = define_answers(source)["train_dqn"]
    variants = [("reference", reference)]
    if args.mutants:
        variants += [(m.name, define_answers(source, {m.function: m.source})["train_dqn"])
                     for m in mutants.MUTANTS if m.function == "train_dqn"]
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    print(f"# {len(seeds)} seeds per case ({seeds[0]}-{seeds[-1]}), quick mode "
          f"{os.environ.get('DQL_QUICK', '0')}, load average {os.getloadavg()[0]:.1f}", flush=True)
    print("| check | case | threshold | variant | mean greedy return per seed (median, min) "
          "| groups below threshold | seconds |\n|---|---|---|---|---|---|---|")
    for item in find_checks(nb):
        if item.check.call != CALL:
            continue
        for case in item.check.cases:
            if (case.call or item.check.call) != CALL:  # a bookkeeping case: no training run
                continue
            config, case_seeds = train_settings(case.kwargs)
            threshold = case.expected_for()["greedy return"]
            for name, fn in variants:
                t0 = time.perf_counter()
                means = greedy_means(fn, case.kwargs["env"], config, seeds,
                                     case.kwargs.get("eval_episodes", 1))
                below, groups = groups_below(means, len(case_seeds), threshold)
                print(f"| {item.check.id} | {case.name[:60]} | {threshold:g} | {name} "
                      f"| {statistics.median(means):.1f}, {min(means):.1f} "
                      f"| {below}/{groups} (groups of {len(case_seeds)}) "
                      f"| {time.perf_counter() - t0:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
