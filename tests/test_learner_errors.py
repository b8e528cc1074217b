"""What the learner sees when a visible test fails, read from executed notebooks.

pytest shows where an AssertionError came from; a JupyterLab learner sees IPython's
traceback instead, and nbgrader's Validate and feedback show the same text cut at about
80 columns. So this runs, in one real kernel, each chapter's visible test cells (taken from
the released chapter in chapters/) after the typical mistakes of tests/grading_cases/, and
reads the error outputs: the learner's cell and the message, no frame from inside utils,
the diagnosis on the first line. It also runs a correct answer that makes NumPy 2 warn
(np.cross on 2-D vectors) through the whole signed-area test cell, hidden tests included:
the warning becomes a note on stdout, nothing reaches stderr.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import grading_cases
from conftest import CHAPTERS, ROOT, SOLUTIONS, execute, notebook_path, read
from utils import chapters as registry

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The chapters import their checkers in the test cells or in a setup cell at the top: the
# kernel gets every chapter's check_* functions, the registry's modules in order.
SETUP = f"""
import importlib
import math

import numpy as np
import torch

from utils import check, optim, toys

for _name in {[chapter.module for chapter in registry.CHAPTERS]!r}:
    _module = importlib.import_module("utils.exercises." + _name)
    globals().update({{k: v for k, v in vars(_module).items() if k.startswith("check_")}})

bowl = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0)
rosenbrock = toys.rosenbrock()
"""

# A correct signed_area that makes NumPy 2 warn (2-D vectors in np.cross are deprecated).
CROSS_AREA = """
def signed_area(A):
    A = np.asarray(A, dtype=float)
    return float(np.cross(A[:, 0], A[:, 1]))
"""


def _test_cells(folder, chapter: str) -> dict[str, str]:
    """grade_id of the answer -> source of its test cell, in the chapter of ``folder``."""
    nb = read(notebook_path(folder, chapter))
    return {c.metadata.nbgrader.grade_id.removesuffix("-tests"): c.source
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def _mistakes() -> list[tuple[str, str, str, str]]:
    """(chapter, grade_id, answer source, phrase) for every typical mistake of every chapter."""
    found = []
    for info in pkgutil.iter_modules(grading_cases.__path__):
        module = importlib.import_module(f"grading_cases.{info.name}")
        for grade_id, (source, phrase) in module.MISTAKES.items():
            found.append((module.CHAPTER, grade_id, source.strip(), phrase))
    return sorted(found)


MISTAKES = _mistakes()


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """One kernel: the setup, then per mistake its answer and the chapter's visible test cell."""
    cells = [new_code_cell(SETUP.strip())]
    where = {}
    tests = {chapter: _test_cells(CHAPTERS, chapter) for chapter in {m[0] for m in MISTAKES}}
    for chapter, grade_id, source, _ in MISTAKES:
        cells.append(new_code_cell(source))
        where[(chapter, grade_id)] = len(cells)
        cells.append(new_code_cell(tests[chapter][grade_id]))
    cells.append(new_code_cell(CROSS_AREA.strip()))
    where["cross"] = len(cells)
    cells.append(new_code_cell(_test_cells(SOLUTIONS, "02-matrices")["signed-area"]))
    nb = new_notebook(cells=cells)
    folder = tmp_path_factory.mktemp("learner")
    nbformat.write(nb, folder / "learner.ipynb")
    return execute(nb, ROOT, allow_errors=True, timeout=120), where


def _outputs(cell, kind: str) -> list:
    return [o for o in cell.get("outputs", []) if o.output_type == kind]


def test_setup_ran(executed):
    nb, _ = executed
    assert not _outputs(nb.cells[0], "error"), _outputs(nb.cells[0], "error")


@pytest.mark.parametrize(("chapter", "grade_id", "source", "phrase"), MISTAKES,
                         ids=[f"{m[0][:2]}-{m[1]}" for m in MISTAKES])
def test_failing_check_shows_the_cell_and_the_message_only(executed, chapter, grade_id,
                                                           source, phrase):
    """The traceback holds the learner's cell and the message; no frame from utils."""
    nb, where = executed
    cell = nb.cells[where[(chapter, grade_id)]]
    errors = _outputs(cell, "error")
    assert len(errors) == 1, f"{chapter} {grade_id}: {cell.get('outputs')}"
    error = errors[0]
    assert error.ename == "AssertionError"
    text = ANSI.sub("", "\n".join(error.traceback))
    assert "Cell In[" in text, text
    assert "utils/" not in text and "File " not in text, text
    assert phrase in text, text
    first = error.evalue.splitlines()[0]
    # The diagnosis leads: the first line does not start with the call f(array(...), ...).
    assert not re.match(r"[A-Za-z_]\w*\(", first), first
    for line in error.evalue.splitlines()[1:]:
        assert re.match(r"  (input|expected|got|observed): ", line), error.evalue
    assert not [o for o in _outputs(cell, "stream") if o.name == "stderr"]


def test_a_warning_from_correct_code_is_a_note_not_stderr(executed):
    """np.cross on 2-D vectors warns in NumPy 2; the correct answer still passes, hidden tests too."""
    nb, where = executed
    cell = nb.cells[where["cross"]]
    assert not _outputs(cell, "error"), _outputs(cell, "error")
    streams = _outputs(cell, "stream")
    assert not [o for o in streams if o.name == "stderr"], streams
    out = "".join(o.text for o in streams if o.name == "stdout")
    assert "✔ signed_area" in out and "note: your code raised DeprecationWarning" in out, out
