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
    plain_draws,
    to_plain,
)
from dqlcourse.checks.kernel import run_check

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
    assert outcomes[0]["status"] == "error" and outcomes[0]["exception"] == "ValueError"
    assert outcomes[0]["message"] == "boom" and outcomes[0]["function"] == "crash"
    assert outcomes[1]["status"] == "error" and outcomes[1]["exception"] == "SystemExit"
    assert "raised ValueError: boom (line" in judge(SUM, outcomes).text()


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


#: 4,000 draws of one of 4 actions, as the trusted side receives them from an adapter
FOUR = Compare("uniform", categories=4, draws=4000)


def test_uniform_draws_of_a_correct_sampler_pass():
    fair = np.random.default_rng(0).integers(0, 4, 4000).tolist()
    assert compare(FOUR, [0.25] * 4, fair) is None
    assert compare({"draws": FOUR}, {"draws": [0.25] * 4}, {"draws": fair}) is None
    offset = Compare("uniform", categories=(1, 2, 3), draws=3000)
    assert compare(offset, [1 / 3] * 3, np.random.default_rng(1).integers(1, 4, 3000).tolist()) is None
    pairs = Compare("uniform", categories=((0, 0), (0, 1), (1, 0), (1, 1)), draws=2000)
    arrays = np.random.default_rng(2).integers(0, 2, (2000, 2)).tolist()
    assert compare(pairs, [0.25] * 4, arrays) is None


def test_uniform_draws_outside_the_band_fail_naming_the_action():
    biased = [0] * 1500 + [1] * 1500 + [2] * 1000
    assert "action 3 was never chosen in 4000 draws" in compare(FOUR, [0.25] * 4, biased)
    lopsided = [0] * 1300 + [1] * 900 + [2] * 900 + [3] * 900
    assert "action 0 was chosen 1300 times out of 4000" in compare(FOUR, [0.25] * 4, lopsided)
    buffer = Compare("uniform", categories=(3, 4, 5), draws=200, label="transition")
    assert compare(buffer, [0.4, 0.3, 0.3], [3] * 120 + [4] * 80) == (
        "transition 5 was never chosen in 200 draws (expected about 60)")


def test_draws_fewer_or_more_than_the_case_made_fail():
    """Counts that total fewer draws than were made hid every draw that was not counted (an
    invalid action, a buffer that stores nothing): the number of draws comes from the case."""
    fair = np.random.default_rng(0).integers(0, 4, 4000).tolist()
    assert compare(FOUR, [0.25] * 4, fair[:3987]) == "expected 4,000 draws, got 3,987"
    assert compare(FOUR, [0.25] * 4, fair + [0]) == "expected 4,000 draws, got 4,001"
    assert compare(FOUR, [0.25] * 4, []) == "expected 4,000 draws, got 0"
    assert compare(FOUR, [0.25] * 4, [1000, 1000, 1000, 1000]) == "expected 4,000 draws, got 4"
    assert compare(FOUR, [0.25] * 4, 1000).startswith("expected a list of 4,000 draws, got 1000")


def test_a_draw_that_is_not_a_category_fails_naming_the_first_and_how_many():
    two = Compare("uniform", categories=2, draws=2000)
    draws = [0, 1] * 1000
    draws[17], draws[40] = 2.0, True
    assert compare(two, [0.5, 0.5], draws) == ("draw 17 was 2.0 (float), not an action in 0..1; "
                                              "2 of the 2,000 draws are not")
    assert compare(two, [0.5, 0.5], [1.0] * 2000) == (
        "draw 0 was 1.0 (float), not an action in 0..1; none of the 2,000 draws is")
    assert compare(two, [0.5, 0.5], [7] + [0] * 1999) == "draw 0 was 7 (int), not an action in 0..1"
    assert compare(two, [0.5, 0.5], [[1]] * 2000).startswith("draw 0 was [1] (list)")
    everything = [{"type": "AlwaysEqual"}] * 2000  # what plain_draws reports of such an object
    assert compare(two, [0.5, 0.5], everything).startswith(
        "draw 0 was an object of type AlwaysEqual, not an action in 0..1")
    pairs = Compare("draws", categories=((0, 0), (0, 1)), draws=2)
    assert compare(pairs, None, [[0, 1], [0, 1]]) is None
    assert "not an action in [[0, 0], [0, 1]]" in compare(pairs, None, [[0, 1], [1, 1]])


def test_draws_alone_judge_the_number_and_validity_but_not_the_frequencies():
    draws = Compare("draws", categories=3, draws=5)
    assert compare(draws, None, [2, 2, 2, 2, 2]) is None
    assert compare(draws, None, [2, 2]) == "expected 5 draws, got 2"
    assert "draw 4 was -1 (int)" in compare(draws, None, [2, 2, 2, 2, -1])


def test_a_comparison_of_draws_without_its_cases_numbers_is_refused():
    with pytest.raises(ValueError):
        compare(Compare("uniform"), [0.5, 0.5], [0, 1])
    with pytest.raises(ValueError):
        compare(Compare("uniform", categories=3, draws=2), [0.5, 0.5], [0, 1])


def test_plain_draws_report_objects_by_type_and_count_nothing():
    assert plain_draws([np.int64(1), 2, 1.5, np.array([1, 0]), torch.tensor(3), AlwaysEqual()]) == [
        1, 2, 1.5, [1, 0], 3, {"type": "AlwaysEqual"}]


def test_a_sampler_judged_end_to_end_through_execute_and_judge():
    case = Case("fair coin", kwargs={"seed": 0, "draws": 2000}, expected={"draws": [0.5, 0.5]},
                compare={"draws": Compare("uniform", categories=2, draws=2000)},
                hint="draw 0 or 1 with rng.integers(2)", call=call_for_tests)
    check = Check(id="t.coin", function="coin", points=1, cases=(case,))
    assert judge(check, execute(check, lambda rng: int(rng.integers(2)))).score == 1
    never = judge(check, execute(check, lambda rng: AlwaysEqual()))
    assert never.score == 0
    assert "draw 0 was an object of type AlwaysEqual" in never.text()
    assert "Hint: draw 0 or 1 with rng.integers(2)" in never.text()


def call_for_tests(fn, case):
    """An adapter for :func:`test_a_sampler_judged_end_to_end_through_execute_and_judge`,
    importable by name: ``draws`` calls of ``fn(rng)`` on one seeded generator."""
    rng = np.random.default_rng(case.kwargs["seed"])
    return {"draws": plain_draws(fn(rng) for _ in range(case.kwargs["draws"]))}


def test_hidden_reports_do_not_reveal_expected_values():
    hidden = Check(id="t.h", function="f", points=1, hidden=True, cases=(
        Case("secret", args=(1,), expected=12345.0, hint="think"),))
    text = judge(hidden, execute(hidden, lambda x: 0.0)).text()
    assert "12345" not in text and "Hidden check" in text and "Hint: think" in text


def test_a_typed_case_hints_at_the_type_only_when_the_values_are_right():
    for hidden in (False, True):
        typed = Check(id="t.typed", function="f", points=1, hidden=hidden, cases=(
            Case("a float", args=([1, 2],), expected=3.0, compare=Compare("close", exact_type=True),
                 hint="add them all", type_hint="return a float"),))
        right_int = judge(typed, execute(typed, lambda xs: sum(xs))).text()
        wrong_int = judge(typed, execute(typed, lambda xs: len(xs))).text()
        wrong_float = judge(typed, execute(typed, lambda xs: float(len(xs)))).text()
        assert "Hint: return a float" in right_int and "add them" not in right_int
        for text in (wrong_int, wrong_float):
            assert "Hint: add them all" in text and "return a float" not in text


def test_a_dict_output_hints_at_the_first_key_that_differs():
    keyed = Check(id="t.keyed", function="f", points=1, cases=(
        Case("targets", args=(2,), expected={"y": 2.0, "grad": False},
             compare={"y": Compare("close"), "grad": EQUAL}, hint="compute y",
             key_hints={"grad": "use no_grad"}),))
    cases = {"right y, a gradient": lambda x: {"y": float(x), "grad": True},
             "wrong y, a gradient": lambda x: {"y": 0.0, "grad": True},
             "wrong y": lambda x: {"y": 0.0, "grad": False},
             "no y": lambda x: {"grad": False}}
    hints = {name: judge(keyed, execute(keyed, fn)).results[0].hint for name, fn in cases.items()}
    assert hints == {"right y, a gradient": "use no_grad", "wrong y, a gradient": "compute y",
                     "wrong y": "compute y", "no y": "compute y"}
    with pytest.raises(ValueError, match="key_hints"):
        Case("no such key", expected={"y": 1.0}, key_hints={"grad": "h"})
    # the sandbox's copy of the package blanks expected values; its cases still construct
    assert Case("blanked", expected=None, key_hints={"grad": "h"}).key_hints == {"grad": "h"}


def test_a_type_hint_without_a_typed_comparison_is_refused():
    with pytest.raises(ValueError, match="exact_type"):
        Case("untyped", args=(1,), expected=1.0, hint="h", type_hint="a float")
    per_key = {"v": Compare("close", exact_type=True), "n": EQUAL}
    assert Case("typed key", expected={"v": 1.0, "n": 1}, compare=per_key, type_hint="t")


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
    assert outcomes[0] == {"status": "missing", "name": "second"}
    assert "`second` is not defined" in judge(PAIR, outcomes).text()
    assert "raised" not in judge(PAIR, outcomes).text()

    def stub(x):
        raise NotImplementedError

    report = judge(PAIR, execute(PAIR, first, {"second": stub}))
    assert report.not_implemented and "one of `first`, `second`" in report.text()


# --------------------------------------------------------------------------- the notebook's view


LOOP = Check(id="t.loop", function="count_down", points=3, timeout=1.0, cases=(
    Case("from 3", args=(3,), expected=0.0, hint="count down to 0"),
    Case("from -1: never reaches 0", args=(-1,), expected=0.0, hint="stop at or below 0"),
    Case("from 0", args=(0,), expected=0.0),
))


def count_down(n):
    """Correct for n >= 0, an endless loop for n < 0 (the mistake `!=` instead of `>`)."""
    while n != 0:
        n -= 1
        try:
            pass
        except Exception:  # a student's broad except must not swallow the time limit
            pass
    return n


def _alarm_state():
    import signal

    return signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)


def test_an_endless_loop_is_stopped_named_and_scored_zero_and_the_next_case_runs(capsys):
    before = _alarm_state()
    report = run_check(LOOP, count_down)
    assert [r.status for r in report.results] == ["passed", "error", "passed"]
    assert report.score == 2  # two of three cases
    text = capsys.readouterr().out
    assert "FAIL  from -1: never reaches 0" in text
    assert "timed out: did not finish within 1 s, the time limit per case" in text
    assert "of count_down" in text and "loop that never ends" in text
    assert "Hint: stop at or below 0" in text
    assert _alarm_state() == before  # no timer left running, the previous handler is back


def test_the_time_limit_also_stops_a_loop_off_the_main_thread():
    import threading

    got = {}
    thread = threading.Thread(target=lambda: got.update(report=judge(LOOP, execute(
        LOOP, count_down, time_limit_s=LOOP.timeout))))
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert [r.status for r in got["report"].results] == ["passed", "error", "passed"]
    assert "timed out" in got["report"].results[1].message


def test_without_a_time_limit_execute_runs_as_before():
    # The sandboxed graders call execute() without one and limit the process instead.
    outcomes = execute(LOOP, lambda n: 0)
    assert [o["status"] for o in outcomes] == ["ok", "ok", "ok"]


def test_the_report_shows_one_score_line_in_text_and_html():
    report = judge(SUM, execute(SUM, lambda xs: 7 if xs else 0))
    assert report.text().count("Score:") == 1 and report.text().endswith("Score: 1 / 2")
    assert "Score" not in report.text(score=False)
    page = report.html(score=False)
    assert "Score" not in page  # in a notebook the cell's result below shows the score line
    assert page.count(">FAIL</span>") == 1 and page.count(">PASS</span>") == 1
    assert "#cf222e" in page and "#1a7f37" in page  # FAIL red, PASS green
    assert report.html().count("Score: 1 / 2") == 1
    assert "Score: 1 / 2 points" in report._repr_html_()
    assert float(repr(report)) == 1.0  # what nbgrader reads


def test_the_html_report_escapes_what_student_code_returns():
    report = judge(SUM, execute(SUM, lambda xs: "<script>alert(1)</script>"))
    assert "<script>" not in report.html() and "&lt;script&gt;" in report.html()


def test_a_case_holds_a_quick_mode_run_to_its_quick_mode_expected_value(monkeypatch):
    """A behavioural case shortened in quick mode is judged against its quick-mode threshold,
    the report says so, and the curve is drawn against the threshold that was applied."""
    case = Case("learns", expected={"greedy return": 100.0},
                expected_quick={"greedy return": 60.0},
                compare={"greedy return": Compare("at_least", label="mean greedy return")})
    check = Check("t.train", "train", 1, (case,))
    out = [{"status": "ok", "value": {"greedy return": 23.4, "curve": {"x": [0], "y": [9.0]}}}]
    quick = judge(check, out, quick=True).results[0]
    assert quick.message == "mean greedy return: 23.4, expected at least 60 (quick mode)"
    assert quick.curve["threshold"] == 60.0
    full = judge(check, out, quick=False).results[0]
    assert full.message == "mean greedy return: 23.4, expected at least 100"
    assert full.curve["threshold"] == 100.0
    monkeypatch.setenv("DQL_QUICK", "1")  # by default: the mode of the process that judges
    assert judge(check, out).results[0].message.endswith("(quick mode)")
    passing = [{"status": "ok", "value": {"greedy return": 61.0}}]
    assert judge(check, passing, quick=True).score == 1
    assert judge(check, passing, quick=False).score == 0


def test_a_behavioural_case_keeps_its_curve_for_feedback_but_not_when_hidden():
    from autograder.results import Result, feedback_html
    from autograder.notebooks import GradedCheck
    from autograder import sandbox as sb

    curve = {"x": [0, 1000, 2000], "y": [9.0, 40.0, 80.0], "threshold": 100.0,
             "xlabel": "environment steps", "ylabel": "return"}
    value = {"greedy return": 80.0, "curve": curve}
    case = Case("learns", expected={"greedy return": 100.0},
                compare={"greedy return": Compare("at_least", label="greedy return")})
    visible = Check("t.train", "train", 1, (case,))
    hidden = Check("t.train.hidden", "train", 1, (case,), hidden=True)
    report = judge(visible, [{"status": "ok", "value": value}])
    assert report.results[0].curve["y"] == [9.0, 40.0, 80.0]
    assert "greedy return: 80, expected at least 100" in report.text()
    assert judge(hidden, [{"status": "ok", "value": value}]).results[0].curve is None
    result = Result("s.ipynb", "s", assignment="x", reports=[(GradedCheck("check_train", 1, visible), report)])
    page = feedback_html(result, sb.detect("none"))
    assert "<svg" in page and "stroke-dasharray" in page  # the curve and its threshold
