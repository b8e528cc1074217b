"""Simulated submissions, for testing and benchmarking the grading of a class.

A submission is built the way a student makes one: the released chapter with some answer
cells filled in (here, with the solution's answers or with any source given).
"""

from __future__ import annotations

import shutil
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


def course(root: Path, source: Path, chapters: list[str], timeout: int | None = None) -> Path:
    """A course folder at ``root``: the project's nbgrader config and the chosen solutions."""
    root.mkdir(parents=True, exist_ok=True)
    config = (source / "nbgrader_config.py").read_text(encoding="utf-8")
    if timeout is not None:
        config += f"\nc.Execute.timeout = {timeout}\n"
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
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
