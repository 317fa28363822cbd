"""Mutants written as edits of the reference (autograder.mutants.edit) still match it.

Each ``old`` text must be found exactly once in the reference answer cell, and the edited
source must differ from the reference: when a reference changes, this names the mutant and
the text that is gone instead of letting a copy drift silently.
"""

import pytest
from conftest import NAMES

from autograder.mutants import EditError, apply_edits, catalogue, edit, reference

EDITED = [pytest.param(n, m, id=f"{n}: {m.name}") for n in NAMES for m in catalogue(n) if m.edits]


def test_most_mutants_are_edits():
    assert len(EDITED) > 100


@pytest.mark.parametrize(("nb_name", "mutant"), EDITED)
def test_edit_text_is_in_the_reference_once_and_changes_it(nb_name, mutant):
    assert mutant.notebook == nb_name
    ref = reference(nb_name, mutant.function)
    text = ref
    for old, new in mutant.edits:
        assert old != new, mutant.name
        assert text.count(old) == 1, f"{mutant.name!r}: not exactly once in the reference: {old!r}"
        text = text.replace(old, new)
    assert mutant.source == text
    assert mutant.source != ref
    compile(mutant.source, mutant.name, "exec")


def test_a_missing_text_fails_loudly_naming_the_mutant():
    mutant = edit("a mistake", "episode_return", {"no such text": "x"}, ("01.episode_return",),
                  notebook="01_random_agent")
    with pytest.raises(EditError, match="'a mistake'.*not found.*\n.*no such text"):
        mutant.source  # noqa: B018
    with pytest.raises(EditError, match="found 2 times"):
        apply_edits("twice", "a a", (("a", "b"),))
    with pytest.raises(EditError, match="defines 'nowhere'"):
        reference("01_random_agent", "nowhere")


def test_importing_the_catalogues_reads_no_notebook():
    import subprocess
    import sys
    code = ("import autograder.mutants as m\n"
            "for n in ('01_random_agent', '02_value_iteration', '03_q_learning', '04_dqn',"
            " '05_conv_dqn'):\n    m.catalogue(n)\n"
            "assert m._reference_cells.cache_info().currsize == 0\n"
            "import sys; assert 'nbformat' not in sys.modules, 'nbformat imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
