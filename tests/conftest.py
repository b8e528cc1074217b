"""Shared helpers for the test layers: where notebooks live, and running them."""

from __future__ import annotations

import ast
import atexit
import builtins
import functools
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient
from nbgrader.validator import Validator

from utils import chapters as registry

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
CHAPTERS = ROOT / "chapters"

#: The slow layers, by test file (every other file is the unit layer, `make check`):
#: ``notebooks`` execute or release notebooks, ``grading`` runs nbgrader on submissions.
LAYERS = {
    "notebooks": {"test_solutions.py", "test_chapters.py", "test_release.py",
                  "test_learner_errors.py"},
    "grading": {"test_grading.py", "test_grade_class.py", "test_grade_every_chapter.py",
                "test_graded_questions.py"},
}


def pytest_addoption(parser):
    parser.addoption("--chapter", metavar="NN-slug",
                     help="run only the tests of one chapter (every layer): `make test-chapter`")


def belongs_to(nodeid: str, chapter) -> bool:
    """Whether a test id names ``chapter``: its slug as a parameter, or its module in the
    file name (``test_<kind>_<module>.py``) or in a parameter (``[descent.check_...]``), or
    one of its quiz ids (``[08-broadcast]``, ``[08-quiz-q1-c]``)."""
    path, _, params = nodeid.partition("::")
    stem = Path(path).stem
    return (chapter.slug in nodeid or stem.endswith(f"_{chapter.module}")
            or f"_{chapter.module}_" in stem or f"{chapter.module}." in params
            or f"[{chapter.number}-" in params)


def pytest_collection_modifyitems(config, items):
    """Mark each test with its layer; with ``--chapter``, keep only that chapter's tests."""
    for item in items:
        name = item.path.name
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        for layer, files in LAYERS.items():
            if name in files:
                item.add_marker(getattr(pytest.mark, layer))
    slug = config.getoption("--chapter")
    if slug:
        chapter = registry.chapter(slug)
        keep = [item for item in items if belongs_to(item.nodeid, chapter)]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


def chapter_names() -> list[str]:
    """``NN-slug`` of every chapter in the registry (utils/chapters.py), in order."""
    return [chapter.slug for chapter in registry.CHAPTERS]


def notebook_path(folder: Path, chapter: str) -> Path:
    return folder / chapter / f"{chapter}.ipynb"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def execute(nb: nbformat.NotebookNode, cwd: Path, allow_errors: bool = False,
            timeout: int = 60) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel (in place) with ``cwd`` as its working folder."""
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


class KeepingValidator(Validator):
    """nbgrader's own validator, which also keeps the notebook it executed (``executed``)."""

    executed: nbformat.NotebookNode | None = None

    def _preprocess(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        self.executed = super()._preprocess(nb)
        return self.executed


@functools.cache
def validated(path: Path, invert: bool = False) -> tuple[dict, nbformat.NotebookNode]:
    """nbgrader's validator on the notebook at ``path`` (``invert``: which tests pass), run
    once per test process: (its results, the notebook as it executed it). One execution
    serves two layers: what ran (errors, stderr) and what nbgrader made of the tests."""
    validator = KeepingValidator(invert=invert)
    return validator.validate(str(path)), validator.executed


PYTHON = TransformerManager()  # IPython's own: cell source (magics and all) to Python
BUILTINS = set(dir(builtins))


def bound_and_free(source: str) -> tuple[set[str], set[str]]:
    """The names a code cell binds (assignments, defs, imports, parameters) and the names it
    reads without binding them anywhere in the cell."""
    bound, read_names = set(), set()
    for node in ast.walk(ast.parse(PYTHON.transform_cell(source))):
        if isinstance(node, ast.Name):
            (read_names if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound, read_names - bound - BUILTINS


def exercise_part(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook from its first nbgrader cell on (graded quiz, exercises, their demos), and
    before it only the code cells that bind a name the kept cells read, found walking back.

    Proving a grader needs no figure, explorer or quiz of the teaching part. Leaving out a
    cell the tests need makes other tests fail, which every test that uses this checks;
    whole notebooks are run in tests/test_solutions.py and tests/test_grade_every_chapter.py.
    """
    start = next(i for i, c in enumerate(nb.cells) if "nbgrader" in c.metadata)
    kept = nb.cells[start:]
    needed = set().union(*(bound_and_free(c.source)[1] for c in kept if c.cell_type == "code"))
    before = []
    for cell in reversed(nb.cells[:start]):
        if cell.cell_type == "code":
            bound, free = bound_and_free(cell.source)
            if bound & needed:
                before.append(cell)
                needed |= free
    part = nbformat.from_dict(nb)
    part.cells = before[::-1] + kept
    return part


@functools.cache
def exercise_course(chapter: str) -> Path:
    """A course source laid out like the project (its nbgrader_config.py, solutions/ and
    chapters/) with only the exercise part of ``chapter`` (``exercise_part``), in solution
    and release; made once per test process. For the tests of the grading machinery (what
    a class hands in, nbgrader's own commands), where the teaching cells only cost time."""
    folder = Path(tempfile.mkdtemp(prefix="exercise-course-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    part = exercise_part(read(notebook_path(SOLUTIONS, chapter)))
    release = read(notebook_path(CHAPTERS, chapter))
    release.cells = [c for c in release.cells if c.id in {cell.id for cell in part.cells}]
    for sub, nb in (("solutions", part), ("chapters", release)):
        path = notebook_path(folder / sub, chapter)
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    return folder


def assert_laid_out(message: str) -> None:
    """A learner-facing failure: the diagnosis on the first line, then indented fact lines.

    ``input:``, ``expected:``, ``got:`` and ``observed:`` lines follow the diagnosis (see
    utils.check.layout), so what nbgrader's Validate cuts at 80 columns is still readable.
    """
    lines = message.splitlines()
    assert lines and lines[0].strip() and not lines[0].startswith(" "), message
    for line in lines[1:]:
        assert re.match(r"  (input|expected|got|observed): +\S", line), message


def fails_with(checker, fn, text: str, **kwargs) -> str:
    """``checker(fn)`` must fail with a laid-out message containing ``text`` (matched literally).

    Returns the message. Shared by the chapters' checker tests (tests/test_exercises_*.py).
    """
    with pytest.raises(AssertionError, match=re.escape(text)) as info:
        checker(fn, **kwargs)
    message = str(info.value)
    assert_laid_out(message)
    return message


def hand_graded(chapter: str) -> dict[str, float]:
    """{grade_id: points} of the written answers an instructor grades by hand in a chapter."""
    return {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.get("points", 0)
            for c in read(notebook_path(SOLUTIONS, chapter)).cells
            if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")}


def nbgrader_role(cell) -> str:
    """'answer', 'test', 'uses-answer' or 'plain' for a cell."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    if "uses-answer" in cell.metadata.get("tags", []):
        return "uses-answer"
    return "plain"


def errors_and_stderr(cell) -> list[str]:
    """Error names and stderr text a code cell produced."""
    found = []
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            found.append(f"{output.ename}: {output.evalue}")
        elif output.output_type == "stream" and output.name == "stderr":
            found.append(f"stderr: {output.text.strip()}")
    return found


@pytest.fixture(params=chapter_names())
def chapter(request) -> str:
    """Each chapter in turn."""
    return request.param
