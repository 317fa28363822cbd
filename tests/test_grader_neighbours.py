"""Grader runs that do not meet: every sandbox has a uid no other sandbox on the machine holds.

Process limits count per uid, and a signal reaches every process of a uid; two grader runs (or
two job slots) sharing one would let one student's processes cost another student's checks.
"""

from __future__ import annotations

import subprocess
import sys

from autograder import sandbox as sb

HOLDER = r"""
import sys
from autograder import sandbox as sb
claim = sb.claim_uid(sys.argv[1])
print(claim.uid, flush=True)
sys.stdin.read()  # hold it until the test closes our stdin
"""


def test_a_uid_held_by_another_grader_run_is_not_given_out(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        theirs = int(holder.stdout.readline())
        mine = sb.claim_uid(tmp_path)
        also_mine = sb.claim_uid(tmp_path)
        assert len({theirs, mine.uid, also_mine.uid}) == 3
        assert all(sb.BASE_UID <= u < sb.BASE_UID + sb.UID_SPAN
                   for u in (theirs, mine.uid, also_mine.uid))
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # the holder has exited: the kernel dropped its lock, so its uid can be claimed again
    again = sb.claim_uid(tmp_path)
    assert again.uid == theirs
    for claim in (mine, also_mine, again):
        claim.release()


def test_a_released_uid_is_free_again(tmp_path):
    first = sb.claim_uid(tmp_path)
    first.release()
    second = sb.claim_uid(tmp_path)
    assert second.uid == first.uid
    second.release()
