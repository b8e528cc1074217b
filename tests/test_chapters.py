"""Layers 3 and 4 on the release: every released chapter runs, only the learner's unfinished
parts fail, and nbgrader's own validator finds no test passing unanswered.

Allowed to fail: answer cells, their test cells, and cells tagged ``uses-answer``; and
only with the errors an unfinished answer gives (NotImplementedError, or the checkers'
AssertionError). Any other error, anywhere, fails the test. One execution serves both
layers: nbgrader's validator (``--invert``) runs the notebook, and the notebook it ran is
read for errors (``conftest.validated``).
"""

from conftest import CHAPTERS, errors_and_stderr, nbgrader_role, notebook_path, validated

EXPECTED = ("NotImplementedError", "AssertionError")


def test_blank_chapter_runs(chapter):
    """The blank release executes; failures are confined to unanswered exercises."""
    _, nb = validated(notebook_path(CHAPTERS, chapter), invert=True)
    unexpected, failing_tests = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        problems = errors_and_stderr(cell)
        role = nbgrader_role(cell)
        if role == "test" and problems:
            failing_tests += 1
        if not problems:
            continue
        if role == "plain" or not all(p.startswith(EXPECTED) for p in problems):
            unexpected.append((index, role, problems))
    assert not unexpected, f"{chapter}: unexpected failures: {unexpected}"
    assert failing_tests > 0, f"{chapter}: no test cell failed on the blank release"


def test_blank_chapter_passes_no_test(chapter):
    """nbgrader validate --invert on the release: no test cell passes unanswered."""
    results, _ = validated(notebook_path(CHAPTERS, chapter), invert=True)
    passed = [r["source"].splitlines()[0] for r in results.get("passed", [])]
    assert "changed" not in results, f"{chapter}: locked cells differ from their checksums"
    assert not passed, f"{chapter}: test cells that pass on the blank release: {passed}"
