"""Layers 2 and 4 on the solutions: every solution notebook runs top to bottom with no error
and nothing on stderr, and nbgrader's own validator finds every test passing.

One execution serves both: nbgrader's validator runs the notebook, and the notebook it ran is
read for errors and stderr (``conftest.validated``). ``nbgrader validate`` exits 0 even when
tests fail, so its Python API is used. (nbval also runs the same notebooks cell by cell as
separate tests: see pyproject.toml.)
"""

from conftest import SOLUTIONS, errors_and_stderr, notebook_path, validated


def test_solution_runs_clean(chapter):
    """The instructor notebook executes without errors or warnings on stderr."""
    _, nb = validated(notebook_path(SOLUTIONS, chapter))
    problems = [(i, errors_and_stderr(c)) for i, c in enumerate(nb.cells)
                if c.cell_type == "code" and errors_and_stderr(c)]
    assert not problems, f"{chapter}: cells with errors or stderr: {problems}"


def test_solution_passes_every_test(chapter):
    """nbgrader validate on the solution reports no failing cell."""
    results, _ = validated(notebook_path(SOLUTIONS, chapter))
    failed = [r["source"].splitlines()[0] + "\n" + r["raw_error"]
              for r in results.get("failed", [])]
    assert results == {}, f"{chapter}: failing tests in the solution:\n" + "\n".join(failed)
