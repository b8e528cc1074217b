"""Layer 6: stored notebooks are clean, and every graded exercise follows the conventions."""

import ast
import re

import pytest

from conftest import CHAPTERS, SOLUTIONS, chapter_names, nbgrader_role, notebook_path, read
from utils import chapters as registry
from utils.notebooks import NOTEBOOK_METADATA

# The chapters that teach with PyTorch (the registry says which); every other notebook
# stays torch-free, so it starts fast.
TORCH_CHAPTERS = {chapter.slug for chapter in registry.CHAPTERS if chapter.torch}
ALL = [notebook_path(folder, c) for folder in (SOLUTIONS, CHAPTERS) for c in chapter_names()]
IDS = [str(p.relative_to(p.parent.parent.parent)) for p in ALL]


@pytest.fixture(params=ALL, ids=IDS)
def nb(request):
    return read(request.param)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_no_outputs_or_execution_counts(nb):
    """No stored outputs and no execution counts."""
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells(nb))


def test_metadata_is_normalised(nb):
    """Notebook metadata is the kernelspec only; cells carry only nbgrader, tags, jupyter."""
    assert nb.metadata == NOTEBOOK_METADATA
    extra = [sorted(c.metadata) for c in nb.cells
             if set(c.metadata) - {"nbgrader", "tags", "jupyter"}]
    assert not extra, f"stray cell metadata: {extra}"
    jupyter = [c.metadata.jupyter for c in nb.cells if "jupyter" in c.metadata]
    assert all(j == {"source_hidden": True} for j in jupyter), jupyter


def test_quiz_sources_are_collapsed(nb):
    """Quiz cells show the widget, not the explanations of every option."""
    for cell in code_cells(nb):
        if re.search(r"quiz\.(MultipleChoice|Numeric|PredictObserve)\(", cell.source):
            assert cell.metadata.get("jupyter", {}).get("source_hidden"), cell.id


def test_cell_ids_unique(nb):
    """Every cell has its own id."""
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids))


def test_opening_follows_the_template(nb):
    """The notebook opens with '# NN · Title', 'In this notebook we', and has a recap."""
    first = nb.cells[0].source
    assert re.match(r"# \d\d · \S", first), first.splitlines()[0]
    assert "In this notebook we" in first
    headings = [line for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert any(h.startswith("## Recap") for h in headings), headings


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_imports_are_explicit(path):
    """No star imports, no sys.path edits, and no torch outside the chapters that teach it."""
    chapter = path.parent.name
    for cell in code_cells(read(path)):
        source = cell.source
        assert "import *" not in source
        assert "sys.path" not in source
        if chapter not in TORCH_CHAPTERS:
            assert not re.search(r"^\s*(import|from) torch", source, re.M), chapter


@pytest.mark.parametrize("chapter", chapter_names())
def test_every_exercise_has_diagnosing_tests(chapter):
    """Each answer cell is followed by test cells with a docstring, a visible check, hidden tests."""
    cells = read(notebook_path(SOLUTIONS, chapter)).cells
    answers = [c for c in cells if nbgrader_role(c) == "answer"]
    tests = [c for c in cells if nbgrader_role(c) == "test"]
    assert len(answers) >= 3 and len(tests) >= 3
    for answer in answers:
        grade_id = answer.metadata.nbgrader.grade_id
        assert re.fullmatch(r"[a-z][a-z0-9-]*", grade_id)
        assert "### BEGIN SOLUTION" in answer.source and "### END SOLUTION" in answer.source
        assert any(t.metadata.nbgrader.grade_id == f"{grade_id}-tests" for t in tests), grade_id
    for test in tests:
        meta = test.metadata.nbgrader
        tree = ast.parse(test.source)
        docstring = ast.get_docstring(tree)
        assert docstring and "\n" not in docstring.strip(), f"{meta.grade_id}: one-line docstring"
        assert meta.locked and meta.points > 0
        visible, _, hidden = test.source.partition("### BEGIN HIDDEN TESTS")
        body = [n for n in ast.parse(visible).body[1:] if not isinstance(n, ast.Import | ast.ImportFrom)]
        assert body, f"{meta.grade_id}: no visible check (an all-hidden test passes on the blank)"
        assert "### END HIDDEN TESTS" in hidden, f"{meta.grade_id}: no hidden tests"
        last = tree.body[-1]
        assert not (isinstance(last, ast.Expr) and not isinstance(last.value, ast.Call)), (
            f"{meta.grade_id}: a bare expression at the end is read as partial credit")


@pytest.mark.parametrize("chapter", chapter_names())
def test_release_hides_solutions_and_hidden_tests(chapter):
    """The released chapter contains no solution region and no hidden test."""
    for cell in read(notebook_path(CHAPTERS, chapter)).cells:
        assert "BEGIN SOLUTION" not in cell.source
        assert "BEGIN HIDDEN TESTS" not in cell.source
