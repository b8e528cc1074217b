"""Simulated submissions, for testing and benchmarking the grading of a class.

A submission is built the way a student makes one: the released chapter with some answer
cells filled in (here, with the solution's answers or with any source given).
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solution_answers(solution: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> the solution's answer, as a student would type it (no solution markers)."""
    return {grade_id(c): "\n".join(line for line in c.source.splitlines()
                                   if not line.strip().startswith(MARKERS))
            for c in solution.cells if c.metadata.get("nbgrader", {}).get("solution")}


def answered(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the release with the answer cells named in ``answers`` filled in."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


@functools.cache
def empty_gradebook() -> bytes:
    """An empty nbgrader gradebook (SQLite), as nbgrader makes it on a course's first command.

    Made once per process: nbgrader stamps every new gradebook with its schema version by
    running ``alembic heads`` in a subprocess (2–5 s), which each simulated course would
    otherwise repeat.
    """
    from nbgrader.api import Gradebook

    bin_dir = os.path.dirname(sys.executable)  # where alembic is, as nbgrader_config.py says
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gradebook.db"
        Gradebook(f"sqlite:///{path}").close()
        return path.read_bytes()


def course(root: Path, source: Path, chapters: list[str], timeout: int | None = None,
           gradebook: bool = True) -> Path:
    """A course folder at ``root``: the project's nbgrader config and the chosen solutions,
    and (``gradebook``) an empty SQLite gradebook where the config puts it."""
    root.mkdir(parents=True, exist_ok=True)
    config = (source / "nbgrader_config.py").read_text(encoding="utf-8")
    if timeout is not None:
        config += f"\nc.Execute.timeout = {timeout}\n"
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
    if gradebook:
        (root / "gradebook.db").write_bytes(empty_gradebook())
    for chapter in chapters:
        shutil.copytree(source / "solutions" / chapter, root / "solutions" / chapter)
    return root


def submit(root: Path, student: str, chapter: str, nb: nbformat.NotebookNode | bytes | str,
           name: str | None = None) -> Path:
    """Write a submission where nbgrader looks for it: submitted/<student>/<chapter>/<name>."""
    path = root / "submitted" / student / chapter / (name or f"{chapter}.ipynb")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, bytes):
        path.write_bytes(nb)
    elif isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, path)
    return path


#: The metadata of a question graded by hand: a Markdown answer cell the learner writes in
#: (nbgrader's "Manually graded answer"). The release shows "YOUR ANSWER HERE"; autograde
#: leaves it for a grader (formgrader), who gives 0..points.
def manual_answer_metadata(grade_id: str, points: float) -> dict:
    return {"nbgrader": {"grade": True, "solution": True, "locked": False, "points": points,
                         "grade_id": grade_id, "schema_version": 3}}


WRITTEN = "90-written"
WRITTEN_ANSWER = "explain-doubling"


def written_chapter(root: Path) -> Path:
    """A synthetic chapter ``90-written`` in ``solutions/`` of the course at ``root``: one
    autograded exercise (1 point) and one question graded by hand (2 points), whose model
    answer and rubric sit inside the answer cell's solution region (so the release and
    the feedback never show them)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def graded(grade_id, points=0, solution=False, grade=True, locked=False):
        return {"nbgrader": {"grade": grade, "solution": solution, "locked": locked,
                             "points": points, "grade_id": grade_id, "schema_version": 3}}

    nb = new_notebook(cells=[
        new_markdown_cell("# 90 · Written answers\n\nA chapter with a question graded by hand."),
        new_code_cell("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                      metadata=graded("double", solution=True, grade=False)),
        new_code_cell('"""double doubles."""\nassert double(2) == 4\n### BEGIN HIDDEN TESTS\n'
                      "assert double(-3) == -6\n### END HIDDEN TESTS",
                      metadata=graded("double-tests", points=1, locked=True)),
        new_markdown_cell("## Why is doubling linear?\n\nIn two or three sentences: why is "
                          "$f(x) = 2x$ linear, i.e. why does $f(x + y) = f(x) + f(y)$?"),
        new_markdown_cell("### BEGIN SOLUTION\nBecause $2(x + y) = 2x + 2y$: multiplying by a "
                          "constant distributes over addition.\n\nRubric (2 points): 1 for the "
                          "identity $2(x+y) = 2x + 2y$, 1 for naming distributivity.\n"
                          "### END SOLUTION",
                          metadata=manual_answer_metadata(WRITTEN_ANSWER, 2)),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = root / "solutions" / WRITTEN / f"{WRITTEN}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
