"""Chapter 08's further mistakes proven through nbgrader: each round of
grading_cases.linear_models.MORE_MISTAKES replaces answer cells of the solution notebook,
and every replaced exercise must fail its test cell with the phrase of its diagnosis
(tests/test_grading.py runs the first round, MISTAKES, and the alternatives)."""

import pytest
from nbgrader.validator import Validator
from test_grading import with_answers

from grading_cases import linear_models as cases

# The grading layer (nbgrader runs whole notebooks): `make check` leaves it out, as it
# leaves out tests/test_grading.py.
pytestmark = pytest.mark.grading


@pytest.mark.parametrize("round_", range(len(cases.MORE_MISTAKES)))
def test_more_mistakes_are_caught_and_named(round_, tmp_path):
    """Each mistaken answer of the round fails its tests with the diagnosis, and only those."""
    mistakes = cases.MORE_MISTAKES[round_]
    answers = {gid: source for gid, (source, _) in mistakes.items()}
    path, tests = with_answers(cases.CHAPTER, answers, tmp_path)
    failed = {tests[r["source"]]: r["raw_error"] for r in Validator().validate(str(path))["failed"]}
    for grade_id, (_, phrase) in mistakes.items():
        assert grade_id in failed, f"{grade_id}: the mistake passed its tests"
        assert phrase in failed[grade_id], f"{grade_id}: {failed[grade_id]}"
    assert set(failed) == set(mistakes), f"other tests failed too: {set(failed)}"
