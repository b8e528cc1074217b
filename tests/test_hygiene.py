"""Layer 6: stored notebooks are clean, and every graded exercise follows the conventions."""

import ast
import re

import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, chapter_names, nbgrader_role, notebook_path, read
from utils import chapters as registry
from utils.notebooks import CELL_METADATA_KEYS, LOCK_KEYS, NOTEBOOK_METADATA

# The chapters that teach with PyTorch (the registry says which); every other notebook
# stays torch-free, so it starts fast.
TORCH_CHAPTERS = {chapter.slug for chapter in registry.CHAPTERS if chapter.torch}
ALL = [notebook_path(folder, c) for folder in (SOLUTIONS, CHAPTERS) for c in chapter_names()]
IDS = [str(p.relative_to(p.parent.parent.parent)) for p in ALL]


@pytest.fixture(params=ALL, ids=IDS)
def nb(request):
    notebook = read(request.param)
    notebook.released = request.param.is_relative_to(CHAPTERS)
    return notebook


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_no_outputs_or_execution_counts(nb):
    """No stored outputs and no execution counts."""
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells(nb))


def test_metadata_is_normalised(nb):
    """Notebook metadata is the kernelspec only; cells carry nbgrader, tags, jupyter (and locks)."""
    assert nb.metadata == NOTEBOOK_METADATA
    allowed = set(CELL_METADATA_KEYS) | (set(LOCK_KEYS) if nb.released else set())
    extra = [sorted(c.metadata) for c in nb.cells if set(c.metadata) - allowed]
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
    # a written answer graded by hand (a markdown answer cell) has no autograder test
    answers = [c for c in cells if nbgrader_role(c) == "answer" and c.cell_type == "code"]
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


# ---------------------------------------------------------------------------------------
# What the learner sees: the course's bookkeeping stays out of the teaching cells
# ---------------------------------------------------------------------------------------

QUIZ_CALL = re.compile(r"quiz\.(MultipleChoice|Numeric|PredictObserve)\(")
#: Visible assert lines allowed in the released chapters, on average per chapter: only
#: those that are themselves the lesson (``assert 0.1 + 0.2 != 0.3``).
ASSERT_BUDGET = 3


def assert_lines(source: str) -> int:
    """The number of ``assert`` statements in a cell's source."""
    try:
        return sum(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(source)))
    except SyntaxError:
        return sum(line.lstrip().startswith("assert ") for line in source.splitlines())


def is_quiz(cell) -> bool:
    return cell.cell_type == "code" and bool(QUIZ_CALL.search(cell.source))


def test_visible_asserts_are_few():
    """The released chapters show on average at most a few asserts (those that teach)."""
    counts = {chapter: sum(assert_lines(c.source) for c in code_cells(read(notebook_path(CHAPTERS, chapter)))
                           if nbgrader_role(c) == "plain")
              for chapter in chapter_names()}
    assert sum(counts.values()) <= ASSERT_BUDGET * len(counts), counts


@pytest.mark.parametrize("chapter", chapter_names())
def test_no_assert_in_or_right_before_a_quiz(chapter):
    """A released quiz cell holds no assert, and neither does the code cell shown just before it."""
    cells = read(notebook_path(CHAPTERS, chapter)).cells
    for i, cell in enumerate(cells):
        if not is_quiz(cell):
            continue
        assert assert_lines(cell.source) == 0, f"{chapter} [{i}]: an assert in a quiz cell"
        before = next((c for c in reversed(cells[:i]) if c.cell_type == "code"), None)
        if before is not None and not is_quiz(before):
            assert assert_lines(before.source) == 0, (
                f"{chapter} [{i}]: an assert in the code cell right before a quiz")


@pytest.mark.parametrize("chapter", chapter_names())
def test_quiz_cells_start_with_the_quiz(chapter):
    """A collapsed quiz cell shows its first line: the quiz (or its observe function), no check."""
    for cell in code_cells(read(notebook_path(SOLUTIONS, chapter))):
        if is_quiz(cell):
            first = cell.source.lstrip().splitlines()[0]
            assert re.match(r"(\w+ = )?quiz\.\w+\(|def observe\w*\(", first), (
                f"{chapter}: quiz cell starts with {first!r}")


@pytest.mark.parametrize("chapter", chapter_names())
def test_prose_checks_only_assert_and_leave_the_release(chapter):
    """prose-check cells hold only asserts (nothing later cells need) and are not released."""
    for cell in read(notebook_path(SOLUTIONS, chapter)).cells:
        if "prose-check" in cell.metadata.get("tags", []):
            assert cell.cell_type == "code" and nbgrader_role(cell) == "plain", cell.id
            body = ast.parse(cell.source).body
            assert body and all(isinstance(node, ast.Assert) for node in body), (
                f"{chapter}: prose-check cell {cell.id} does more than assert")
    released = read(notebook_path(CHAPTERS, chapter)).cells
    assert not [c.id for c in released if "prose-check" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_prose_speaks_of_the_course_not_its_tools(path):
    """Learner prose never points at the course's own test suite or tools."""
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"\btests?/|\btools/|pytest", cell.source), (
                f"{path.name}: prose cites the course's tests or tools: {cell.source[:80]!r}")


@pytest.mark.parametrize("chapter", chapter_names())
def test_release_keeps_nbgrader_cell_locks(chapter):
    """Released test cells and every graded or read-only cell are locked, as nbgrader's release locks them."""
    cells = read(notebook_path(CHAPTERS, chapter)).cells
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") or meta.get("locked"):
            assert cell.metadata.get("deletable") is False, f"{chapter}: {meta.get('grade_id')}"
        if nbgrader_role(cell) == "test":
            assert cell.metadata.get("editable") is False, f"{chapter}: {meta.get('grade_id')}"
    assert any("deletable" in cell.metadata for cell in cells)


@pytest.mark.parametrize("chapter", chapter_names())
def test_written_answers_carry_a_rubric(chapter):
    """A written answer graded by hand holds a model answer and a rubric, and points."""
    for cell in read(notebook_path(SOLUTIONS, chapter)).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution") and meta.get("grade"):
            assert meta.get("points", 0) > 0, f"{chapter}: {meta.get('grade_id')} has no points"
            assert "Rubric" in cell.source and "### BEGIN SOLUTION" in cell.source, (
                f"{chapter}: {meta.get('grade_id')} needs a model answer and a rubric")


def test_every_browser_test_file_is_run_by_make_test():
    """A test file marked `browser` is listed in the Makefile's BROWSER_FILES: `make test` runs
    the rest with -m "not browser", so a file missing from the list would never run."""
    listed = re.search(r"^BROWSER_FILES := ((?:.*\\\n)*.*)$", (ROOT / "Makefile").read_text(), re.M)
    files = set(re.findall(r"tests/\S+\.py", listed.group(1)))
    marked = {f"tests/{p.name}" for p in (ROOT / "tests").glob("test_*.py")
              if re.search(r"pytest\.mark\.browser\b", p.read_text(encoding="utf-8"))
              and p.name != "test_hygiene.py"}
    assert marked <= files, f"marked browser but not in BROWSER_FILES: {sorted(marked - files)}"
