"""nbgrader preprocessors for ``make grade`` (named in nbgrader_config.py).

* :class:`GuardTests` (before execution) adds a first cell that calls
  :func:`utils.grading.integrity.protect` and wraps each test cell in
  ``with __grading_guard__(...):``;
* :class:`UnguardTests` (after execution) removes both again, keeping the outputs, so the
  autograded notebook shows the tests exactly as written;
* :class:`RestoreTestCells` (autograde, sanitising) is nbgrader's OverwriteCells, restoring
  every locked cell from the gradebook, but it tells a cell the student edited (warned)
  from a cell as released (silent: nbgrader warns for every test cell with hidden tests)
  and from a cell the instructor changed since that copy was released (noted);
* :class:`HideHiddenTests` (feedback) removes hidden tests from the test cells, and the
  tracebacks that would quote them, from what students get back;
* :class:`RemoveProseChecks` (release) removes the cells tagged ``prose-check``: the
  asserts that pin the numbers of the prose are the course's bookkeeping, run in
  ``solutions/`` and left out of what learners get.
"""

from __future__ import annotations

import ast
import re
import textwrap

import nbformat
from nbformat.v4 import new_code_cell
from nbgrader import utils as nbgrader_utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells

SETUP_ID = "grader-setup"
SETUP_SOURCE = ("from utils.grading.integrity import guard as __grading_guard__, protect\n"
                "protect()")
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?",
                          re.M | re.S | re.I)


def is_test_cell(cell) -> bool:
    """An autograded test cell: graded, not an answer."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def guarded(source: str, label: str) -> str | None:
    """``source`` inside ``with __grading_guard__(label):``, or None if that would change its meaning.

    (Indenting can change a multi-line string; the wrapped body must parse to the same code.)
    """
    wrapped = f"with __grading_guard__({label!r}):\n{textwrap.indent(source, '    ')}\n"
    try:
        body = ast.Module(body=ast.parse(wrapped).body[0].body, type_ignores=[])
        same = ast.dump(body) == ast.dump(ast.parse(source))
    except SyntaxError:
        return None
    return wrapped if same and source.strip() else None


class GuardTests(NbGraderPreprocessor):
    """Record what the tests rely on before the student's cells run; guard every test cell."""

    def preprocess(self, nb, resources):
        originals = {}
        for index, cell in enumerate(nb.cells):
            if is_test_cell(cell):
                wrapped = guarded(cell.source, cell.metadata.nbgrader.get("grade_id", ""))
                if wrapped:
                    originals[index] = cell.source
                    cell.source = wrapped
        nb.cells.insert(0, new_code_cell(SETUP_SOURCE, id=SETUP_ID))
        resources["guarded_sources"] = originals
        return nb, resources


class UnguardTests(NbGraderPreprocessor):
    """Take the grader's setup cell and test-cell wrappers out again, keeping the outputs."""

    def preprocess(self, nb, resources):
        if nb.cells and nb.cells[0].get("id") == SETUP_ID:
            setup = nb.cells.pop(0)
            errors = [o for o in setup.outputs if o.output_type == "error"]
            if errors:
                self.log.error("grader setup cell failed: %s: %s", errors[0].ename, errors[0].evalue)
        for index, source in resources.pop("guarded_sources", {}).items():
            nb.cells[index].source = source
        return nb, resources


def checksum(cell) -> str | None:
    """nbgrader's checksum of a cell (source and grading metadata), None if it has none."""
    try:
        return nbgrader_utils.compute_checksum(cell)
    except (KeyError, TypeError, ValueError):
        return None


def released_checksum(cell, source: str) -> str | None:
    """The checksum ``cell`` would have with ``source`` as released (hidden tests removed)."""
    copy = nbformat.from_dict(cell)
    copy.source = source
    try:
        ClearHiddenTests()._remove_hidden_test_region(copy)
    except RuntimeError:
        pass
    return checksum(copy)


def provenance(cell, gradebook_source: str) -> str:
    """How a submitted locked cell relates to the gradebook's: 'as-released', 'older-release'
    (untouched, but the instructor changed the cell since it was handed out) or 'edited'.

    A cell is untouched when it still has the checksum nbgrader wrote into the copy the
    student was given (or the checksum of the current release).
    """
    now = checksum(cell)
    current = released_checksum(cell, gradebook_source)
    if now == current:
        return "as-released"
    if now is not None and now == cell.metadata.get("nbgrader", {}).get("checksum"):
        return "older-release"
    return "edited"


class RestoreTestCells(OverwriteCells):
    """nbgrader's OverwriteCells, which warns only about locked cells the student edited.

    nbgrader compares each locked cell with the gradebook's copy, which still holds the
    hidden tests, so it warns ``Attribute 'checksum' ... has changed!`` for every test cell of
    every student. Here a cell as released is restored silently, one the instructor changed
    since it was handed out is noted (info), and only one the student edited is warned about.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        self._verdict = None
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            try:
                source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id,
                                                              self.assignment_id)
            except MissingEntry:
                pass
            else:
                if source_cell.locked:
                    self._verdict = provenance(cell, source_cell.source)
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr != "checksum" or self._verdict == "edited":
            if attr == "checksum":
                self.log.warning("Cell %s was edited in this submission; it is graded as released "
                                 "(restored from the gradebook)", name)
            else:
                super().report_change(name, attr, old, new)
        elif self._verdict == "older-release":
            self.log.info("Cell %s changed since this copy was released; graded on the current "
                          "version", name)
        else:
            self.log.debug("Cell %s restored with its hidden tests", name)


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback shows each test cell without its hidden tests, and errors without tracebacks."""

    def preprocess_cell(self, cell, resources, index):
        if is_test_cell(cell):
            cell.source = HIDDEN_TESTS.sub("", cell.source).rstrip()
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


PROSE_CHECK = "prose-check"


def is_prose_check(cell) -> bool:
    """A cell tagged ``prose-check``: asserts that pin the prose, not shown to learners."""
    return PROSE_CHECK in cell.metadata.get("tags", [])


class RemoveProseChecks(NbGraderPreprocessor):
    """Release: drop the ``prose-check`` cells, so learners see the computations, not the pins."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells if not is_prose_check(cell)]
        return nb, resources
