"""Layer 3: every released chapter runs; only the learner's unfinished parts may fail.

Allowed to fail: answer cells, their test cells, and cells tagged ``uses-answer``; and
only with the errors an unfinished answer gives (NotImplementedError, or the checkers'
AssertionError). Any other error, anywhere, fails the test.
"""

from conftest import CHAPTERS, errors_and_stderr, execute, nbgrader_role, notebook_path, read

EXPECTED = ("NotImplementedError", "AssertionError")


def test_blank_chapter_runs(chapter):
    """The blank release executes; failures are confined to unanswered exercises."""
    path = notebook_path(CHAPTERS, chapter)
    nb = execute(read(path), path.parent, allow_errors=True)
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
