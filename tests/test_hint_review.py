"""The hint review's bookkeeping (``benchmarks/hint_review.py``): a reviewer's judgement stays
attached to the wording it was written for, and to nothing else."""

from __future__ import annotations

import importlib.util
import json

from conftest import REPO

_spec = importlib.util.spec_from_file_location("hint_review", REPO / "benchmarks" / "hint_review.py")
hint_review = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hint_review)

REPORT = ("Check `f` (01.f):\n"
          "  PASS  the first case\n"
          "  FAIL  the second case\n"
          "        expected 6, got 3\n"
          "        Hint: add every reward.\n"
          "  Score: 0.5 / 1")


def test_a_digest_keeps_to_what_the_failures_say():
    base = hint_review.digest({"01.f": REPORT})
    other_numbers = REPORT.replace("got 3", "got 4").replace("0.5 / 1", "0.33 / 1")
    one_more_passing_case = REPORT.replace("  PASS  the first case\n",
                                           "  PASS  the first case\n  PASS  a new case\n")
    assert hint_review.digest({"01.f": other_numbers}) == base
    assert hint_review.digest({"01.f": one_more_passing_case}) == base
    new_hint = REPORT.replace("add every reward.", "add every reward, the last included.")
    assert hint_review.digest({"01.f": new_hint}) != base
    assert hint_review.digest({"01.f.hidden": REPORT}) != base


def test_a_judgement_is_attached_only_to_the_reports_it_was_written_for():
    entries = [{"key": k, "notebook": "01", "digest": d}
               for k, d in (("01 | a", "aaa"), ("01 | b", "bbb"), ("01 | c", "ccc"))]
    judgements = {"01 | a": {"verdict": "yes", "why": "named", "digest": "aaa"},
                  "01 | b": {"verdict": "partly", "why": "old", "digest": "old"},
                  "01 | c": {"verdict": "no", "why": "either", "digest": ["xxx", "ccc"]}}
    hint_review.attach(entries, json.loads(json.dumps(judgements)))
    assert [e.get("judgement", {}).get("verdict") for e in entries] == ["yes", None, "no"]
    assert hint_review.counts(entries) == {"01": {"yes": 1, "partly": 0, "no": 1, "unjudged": 1}}


def test_the_committed_judgements_are_well_formed():
    judgements = json.loads((REPO / "benchmarks" / "hint_judgements.json").read_text())
    for key, judgement in judgements.items():
        assert key[:2] in hint_review.NOTEBOOKS and key[2:5] == " | ", key
        assert judgement["verdict"] in hint_review.VERDICTS and judgement["why"], key
        assert judgement.get("digest"), f"{key}: a judgement without the digest it was written for"
