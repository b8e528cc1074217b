"""Notebook hygiene shared by the course tools and tests: what a stored notebook may contain.

A stored notebook (in solutions/ or chapters/) has no outputs, no execution counts, the
notebook metadata below and, per cell, only ``nbgrader``, ``tags`` and ``jupyter``
metadata (the last only to collapse the source of quiz cells: the learner sees the widget).
A released chapter also carries nbgrader's cell locks (``editable``, ``deletable``), which
its release adds; the release writes nbgrader's output as it is.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
CELL_METADATA_KEYS = ("nbgrader", "tags", "jupyter")
#: The keys nbgrader's release (its LockCells step) adds to the cells of a released chapter.
LOCK_KEYS = ("editable", "deletable")


def chapter_notebooks(folder: Path) -> list[Path]:
    """``folder/NN-slug/NN-slug.ipynb`` for every chapter folder, in order."""
    return sorted(p / f"{p.name}.ipynb" for p in folder.iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").exists())


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip outputs, execution counts and editor metadata, in place; return ``nb``."""
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: cell.metadata[k] for k in CELL_METADATA_KEYS if k in cell.metadata}
        )
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        if "attachments" in cell and not cell.attachments:
            del cell["attachments"]
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook in the canonical form (nbformat's JSON, one trailing newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def normalise_file(path: Path) -> bool:
    """Normalise a notebook file in place; return whether it changed."""
    before = path.read_text(encoding="utf-8")
    after = nbformat.writes(normalise(nbformat.reads(before, as_version=4)))
    after = after if after.endswith("\n") else after + "\n"
    if after == before:
        return False
    path.write_text(after, encoding="utf-8")
    return True
