"""Layer 2: every solution notebook runs top to bottom, with no error and nothing on stderr.

(nbval runs the same notebooks cell by cell as separate tests: see pyproject.toml.)
"""

from conftest import SOLUTIONS, errors_and_stderr, execute, notebook_path, read


def test_solution_runs_clean(chapter):
    """The instructor notebook executes without errors or warnings on stderr."""
    path = notebook_path(SOLUTIONS, chapter)
    nb = execute(read(path), path.parent)
    problems = [(i, errors_and_stderr(c)) for i, c in enumerate(nb.cells)
                if c.cell_type == "code" and errors_and_stderr(c)]
    assert not problems, f"{chapter}: cells with errors or stderr: {problems}"
