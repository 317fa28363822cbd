"""The check framework: plain data only, clear messages, scores nbgrader can read."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
import torch

from dqlcourse.checks.core import (
    EQUAL,
    Case,
    Check,
    Compare,
    compare,
    execute,
    judge,
    run_check,
    to_plain,
)

SUM = Check(id="t.sum", function="total", points=2, cases=(
    Case("one two three", args=([1, 2, 3],), expected=6.0, hint="add them"),
    Case("empty", args=([],), expected=0.0, hint="start at 0"),
))


class AlwaysEqual:
    def __eq__(self, other):
        return True


def test_to_plain_converts_numpy_and_torch():
    assert to_plain(np.float32(1.5)) == 1.5
    assert to_plain(np.arange(3)) == [0, 1, 2]
    assert to_plain(torch.tensor([[1.0, 2.0]])) == [[1.0, 2.0]]
    assert to_plain({"a": (np.bool_(True), 2)}) == {"a": [True, 2]}


def test_to_plain_refuses_objects_that_claim_to_equal_everything():
    with pytest.raises(TypeError, match="AlwaysEqual"):
        to_plain(AlwaysEqual())


def test_float_subclass_with_lying_eq_becomes_a_plain_float():
    class Liar(float):
        def __eq__(self, other):
            return True

    assert type(to_plain(Liar(3.0))) is float
    assert compare(Compare(), 6.0, to_plain(Liar(3.0))) is not None


def test_full_marks_and_zero():
    assert judge(SUM, execute(SUM, lambda xs: sum(xs))).score == 2
    report = judge(SUM, execute(SUM, lambda xs: 7))
    assert report.score == 0
    assert "expected 6, got 7" in report.text() and "Hint: add them" in report.text()


def test_partial_credit_is_an_equal_share_per_case_rounded_down():
    three = Check(id="t.3", function="f", points=1, cases=tuple(
        Case(str(i), args=(i,), expected=i) for i in range(3)))
    report = judge(three, execute(three, lambda i: i if i < 2 else -1))
    assert report.score == 0.66
    assert repr(report) == "0.66"  # what nbgrader reads as partial credit


def test_not_implemented_is_reported_as_such():
    def stub(xs):
        raise NotImplementedError()

    report = judge(SUM, execute(SUM, stub))
    assert report.score == 0 and report.not_implemented
    assert "not implemented yet" in report.text()


def test_student_exceptions_and_exits_are_caught_per_case():
    def crash(xs):
        if xs:
            raise ValueError("boom")
        sys.exit(0)

    outcomes = execute(SUM, crash)
    assert outcomes[0]["status"] == "error" and "ValueError: boom" in outcomes[0]["error"]
    assert outcomes[1]["status"] == "error" and "SystemExit" in outcomes[1]["error"]


def test_inputs_are_copied_so_mutation_cannot_leak_between_cases():
    seen = []

    def mutating(xs):
        seen.append(list(xs))
        xs.append(100)
        return sum(xs) - 100

    check = Check(id="t.m", function="f", points=1, cases=(SUM.cases[0], SUM.cases[0]))
    assert judge(check, execute(check, mutating)).score == 1
    assert seen == [[1, 2, 3], [1, 2, 3]]


def test_a_non_function_is_an_error_not_a_crash():
    report = judge(SUM, execute(SUM, 42))
    assert report.score == 0 and "is not a function" in report.text()


def test_compare_messages_name_the_difference():
    assert compare(Compare(), [1.0, 2.0], [1.0, 2.5]) .startswith("expected [1.0, 2.0]")
    assert "index [1]" in compare(Compare(), [1.0, 2.0], [1.0, 2.5])
    assert "shape" in compare(Compare(), [1.0, 2.0], [1.0])
    assert compare({"a": EQUAL}, {"a": True}, {"a": 1}) == "expected True, got 1 at a"
    assert compare(Compare(), {"a": 1.0}, {"b": 1.0}) == "the output has no 'a'"
    assert compare(Compare(), 1.0, 1.0 + 1e-12) is None


def test_uniform_counts_accept_fair_and_reject_biased_samples():
    rng = np.random.default_rng(0)
    fair = np.bincount(rng.integers(0, 4, 4000), minlength=4).tolist()
    assert compare(Compare("uniform"), [0.25] * 4, fair) is None
    biased = [1500, 1500, 1000, 0]
    assert "action 3 was never chosen in 4000 draws" in compare(Compare("uniform"), [0.25] * 4, biased)


def test_hidden_reports_do_not_reveal_expected_values():
    hidden = Check(id="t.h", function="f", points=1, hidden=True, cases=(
        Case("secret", args=(1,), expected=12345.0, hint="think"),))
    text = judge(hidden, execute(hidden, lambda x: 0.0)).text()
    assert "12345" not in text and "Hidden check" in text and "Hint: think" in text


def test_warnings_and_stderr_are_captured_not_printed(capfd):
    def noisy(xs):
        warnings.warn("deprecated thing")
        print("C-level style warning", file=sys.stderr)
        return sum(xs)

    report = run_check(SUM, noisy)
    out, err = capfd.readouterr()
    assert report.score == 2
    assert err == ""
    assert "deprecated thing" in out and "cost no points" in out


def test_html_repr_shows_the_score():
    report = judge(SUM, execute(SUM, sum))
    assert "2 / 2 points" in report._repr_html_()


def _pair(fn, case, second):
    return fn(*case.args) + second(*case.args)


PAIR = Check(id="t.pair", function="first", points=1, uses=("second",),
             call="test_checks_core:_pair", cases=(Case("both", args=(2,), expected=5.0),))


def test_a_check_can_use_other_functions_by_name(capsys):
    def first(x):
        return x

    def second(x):
        return x + 1

    assert run_check(PAIR, first, second=second).score == 1
    assert "`first`, `second` (t.pair)" in capsys.readouterr().out
    outcomes = execute(PAIR, first, {})
    assert outcomes[0]["status"] == "missing" and "`second` is not defined" in outcomes[0]["error"]
    assert "raised" not in judge(PAIR, outcomes).text()

    def stub(x):
        raise NotImplementedError

    report = judge(PAIR, execute(PAIR, first, {"second": stub}))
    assert report.not_implemented and "one of `first`, `second`" in report.text()
