"""Layer 4: through nbgrader's own validator, solutions pass every test, chapters pass none.

(``nbgrader validate`` exits 0 even when tests fail, so the Python API is used.)
"""

from nbgrader.validator import Validator

from conftest import CHAPTERS, SOLUTIONS, notebook_path


def test_solution_passes_every_test(chapter):
    """nbgrader validate on the solution reports no failing cell."""
    results = Validator().validate(str(notebook_path(SOLUTIONS, chapter)))
    failed = [r["source"].splitlines()[0] + "\n" + r["raw_error"]
              for r in results.get("failed", [])]
    assert results == {}, f"{chapter}: failing tests in the solution:\n" + "\n".join(failed)


def test_blank_chapter_passes_no_test(chapter):
    """nbgrader validate --invert on the release: no test cell passes unanswered."""
    results = Validator(invert=True).validate(str(notebook_path(CHAPTERS, chapter)))
    passed = [r["source"].splitlines()[0] for r in results.get("passed", [])]
    assert "changed" not in results, f"{chapter}: locked cells differ from their checksums"
    assert not passed, f"{chapter}: test cells that pass on the blank release: {passed}"
