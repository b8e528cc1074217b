"""Graders proven end to end through nbgrader: typical mistakes are caught and named in
the test cell's error.

The cases live in tests/grading_cases/, one module per chapter: ``MISTAKES`` (one mistake
per exercise) and optionally ``MORE_MISTAKES`` (further rounds of the same form, for
exercises with more than one mistake worth proving through nbgrader). Each round writes the
exercise part of the solution notebook (``conftest.exercise_part``) with some answer cells replaced,
in a temporary folder, and runs nbgrader's validator on it. The correct ``ALTERNATIVES`` are
graded by `make grade` instead, in tests/test_grade_every_chapter.py.
"""

import nbformat
import pytest
from nbgrader.validator import Validator

from conftest import SOLUTIONS, chapter_names, exercise_part, notebook_path, read
from grading_cases import cases

MISTAKES = cases("MISTAKES")
#: (chapter, round): round 0 is MISTAKES, the next ones MORE_MISTAKES.
ROUNDS = {(chapter, k): mistakes for chapter, first in MISTAKES.items()
          for k, mistakes in enumerate([first, *cases("MORE_MISTAKES", ())[chapter]])}
def with_answers(chapter: str, answers: dict, folder) -> tuple:
    """Write the exercise part of the solution notebook with some answer cells replaced;
    return its path and {test cell source: grade_id of its answer}."""
    nb = exercise_part(read(notebook_path(SOLUTIONS, chapter)))
    by_id = {c.metadata.nbgrader.grade_id: c for c in nb.cells if "nbgrader" in c.metadata}
    missing = set(answers) - set(by_id)
    assert not missing, f"{chapter}: no answer cells with grade_id {missing}"
    for grade_id, source in answers.items():
        by_id[grade_id].source = source.strip()
    path = folder / f"{chapter}.ipynb"
    nbformat.write(nb, path)
    tests = {c.source.strip(): gid.removesuffix("-tests") for gid, c in by_id.items()
             if c.metadata.nbgrader.get("grade")}
    return path, tests


@pytest.mark.parametrize(("chapter", "round_"), sorted(ROUNDS),
                         ids=[f"{chapter}-{k}" for chapter, k in sorted(ROUNDS)])
def test_typical_mistakes_are_caught_and_named(chapter, round_, tmp_path):
    """Each mistaken answer fails its test cell with the diagnosis, through nbgrader."""
    mistakes = ROUNDS[chapter, round_]
    answers = {gid: source for gid, (source, _) in mistakes.items()}
    path, tests = with_answers(chapter, answers, tmp_path)
    failed = {tests[r["source"]]: r["raw_error"] for r in Validator().validate(str(path))["failed"]}
    for grade_id, (_, phrase) in mistakes.items():
        assert grade_id in failed, f"{grade_id}: the mistake passed its tests"
        assert phrase in failed[grade_id], f"{grade_id}: {failed[grade_id]}"
    assert set(failed) == set(mistakes), f"other tests failed too: {set(failed)}"


def test_exercise_part_keeps_what_the_tests_need_and_drops_the_rest():
    """The exercise part keeps a definition the tests read and drops a figure cell."""
    def code(source, **nbgrader):
        cell = nbformat.v4.new_code_cell(source)
        if nbgrader:
            cell.metadata["nbgrader"] = nbgrader
        return cell

    nb = nbformat.v4.new_notebook(cells=[
        code("import numpy as np\n%matplotlib inline"), code("bowl = np.eye(2)"),
        code("plt.plot(np.arange(3))"), code("def f(x):\n    return x", solution=True),
        code("assert f(bowl) is bowl", grade=True)])
    kept = [c.source.splitlines()[0] for c in exercise_part(nb).cells]
    assert kept == ["import numpy as np", "bowl = np.eye(2)", "def f(x):", "assert f(bowl) is bowl"]


def test_every_chapter_has_grading_cases():
    """Every chapter proves its graders with mistakes and alternatives."""
    assert set(MISTAKES) == set(cases("ALTERNATIVES")) == set(chapter_names())
