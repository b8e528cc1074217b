"""What students handed in: find it, check it against the release, and stage a clean copy.

``submitted/<student>/<chapter>/<chapter>.ipynb`` is read, never written. Each notebook
that can be graded is copied, cleaned, into a staging folder that nbgrader grades from;
everything odd about a submission becomes a :class:`Flag` (a row of integrity.csv).
"""

from __future__ import annotations

import ast
import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from utils.grading.preprocessors import provenance

#: Larger files are not graded (a notebook of the course is well under 1 MB).
MAX_BYTES = 50_000_000
#: Names whose attributes a submission should never assign (besides modules it imports).
#: Not a finding about the student: a test cell as handed out, changed since by the instructor.
UPDATED = "test-cell-updated"
MODULE_NAMES = {"np", "numpy", "builtins", "math", "utils", "sys", "os", "check", "plots",
                "explore", "quiz", "toys"}


@dataclass(frozen=True)
class Flag:
    """One row of integrity.csv."""

    student: str
    chapter: str
    flag: str
    detail: str


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_test_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The notebook at ``path`` (upgraded to nbformat 4), or None and why it cannot be read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, f"{path.name} is {size / 1e6:.0f} MB (more than {MAX_BYTES / 1e6:.0f} MB)"
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except UnicodeDecodeError:
        return None, f"{path.name} is not text (a binary file?)"
    except json.JSONDecodeError as error:
        return None, f"{path.name} is not valid JSON ({error.msg}, line {error.lineno})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=4), ""
    except Exception as error:  # nbformat raises several kinds for a non-notebook
        return None, f"{path.name} is JSON but not a notebook ({type(error).__name__})"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A fresh nbformat 4.5 notebook holding only the cells' type, id, source and metadata.

    Whatever minor version or extra fields the student's Jupyter wrote, nbgrader gets a
    notebook it can read; stored outputs (possibly huge) are dropped, as autograde would.
    """
    makers = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}
    cells, seen = [], set()
    for index, cell in enumerate(nb.cells):
        make = makers.get(cell.get("cell_type"))
        if make is None:
            continue
        cell_id = str(cell.get("id") or f"cell-{index}")
        if cell_id in seen:
            cell_id = f"{cell_id}-{index}"
        seen.add(cell_id)
        source = cell.get("source", "")
        cells.append(make("".join(source) if isinstance(source, list) else str(source),
                          id=cell_id, metadata=dict(cell.get("metadata", {}))))
    return new_notebook(cells=cells, metadata=dict(nb.get("metadata", {})))


def compare_with_release(nb, release, student: str, chapter: str) -> list[Flag]:
    """Flags for graded cells that were deleted, duplicated or edited."""
    flags = []
    def flag(kind, detail):
        flags.append(Flag(student, chapter, kind, detail))

    submitted = {}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        if gid in submitted:
            flag("cell-duplicated", f"{gid} appears more than once; the first copy is graded")
        submitted.setdefault(gid, cell)
    for cell in release.cells:
        gid = grade_id(cell)
        if gid is None:
            continue
        mine = submitted.get(gid)
        if mine is None:
            kind = "test-cell-deleted" if is_test_cell(cell) else "answer-cell-deleted"
            what = "restored from the release" if is_test_cell(cell) else "scored 0"
            flag(kind, f"{gid} is missing ({what})")
        elif is_test_cell(cell) and not is_test_cell(mine):
            flag("test-cell-edited", f"{gid} lost its grading metadata (graded on the original)")
        elif is_test_cell(cell) and mine.source.strip() != cell.source.strip():
            if provenance(mine, cell.source) == "older-release":
                flag(UPDATED, f"{gid} is as handed out, changed since by the instructor "
                              "(graded on the current tests)")
            else:
                flag("test-cell-edited", f"{gid} differs from the release (graded on the original)")
    return flags


def heading_before(cells, index: int) -> str | None:
    """The text of the last Markdown heading at or before ``cells[index]``."""
    for cell in reversed(cells[:index + 1]):
        if cell.get("cell_type") == "markdown":
            for line in reversed(cell.source.splitlines()):
                if line.lstrip().startswith("#"):
                    return line.lstrip("# ").strip()
    return None


def locate(cells, index: int) -> str:
    """Where a cell is, as an instructor finds it: its grade id, else the exercise or heading
    it sits under (and its number)."""
    cell = cells[index]
    gid = grade_id(cell)
    if gid:
        return gid
    graded = next((grade_id(c) for c in reversed(cells[:index]) if grade_id(c)), None)
    heading = heading_before(cells, index)
    if heading:
        where = f"the cell under “{heading}”"
    elif graded:
        where = f"the cell after {graded}"
    else:
        where = "a cell"
    return f"{where} (cell {index + 1})"


def restore_test_cells(nb, release) -> nbformat.NotebookNode:
    """Every test cell as released: edited ones replaced, deleted ones put back in place.

    (nbgrader restores edited test cells from its gradebook too; a deleted one it would
    score 0.) A put-back cell goes after the cell that precedes it in the release.
    """
    released = {grade_id(c): c for c in release.cells if grade_id(c) and is_test_cell(c)}
    present = set()
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid in released:
            cell.source = released[gid].source
            cell.metadata["nbgrader"] = dict(released[gid].metadata["nbgrader"])
            present.add(gid)
    for position, cell in enumerate(release.cells):
        gid = grade_id(cell)
        if gid not in released or gid in present:
            continue
        before = {grade_id(c) or c.get("id") for c in release.cells[:position]}
        index = max((i + 1 for i, c in enumerate(nb.cells) if (grade_id(c) or c.get("id")) in before),
                    default=len(nb.cells))
        nb.cells.insert(index, new_code_cell(cell.source, id=f"restored-{gid}",
                                             metadata=dict(cell.metadata)))
        present.add(gid)
    return nb


def drop_duplicate_graded_cells(nb) -> nbformat.NotebookNode:
    """Keep the first cell of each grade_id (nbgrader refuses duplicates)."""
    seen, cells = set(), []
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is not None and gid in seen:
            cell.metadata.pop("nbgrader")
        seen.add(gid)
        cells.append(cell)
    nb.cells = cells
    return nb


def patched_names(nb) -> list[str]:
    """Library attributes the student's own cells assign or delete (np.allclose = ..., setattr(np, ...))."""
    modules = set(MODULE_NAMES)
    trees = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
        if not is_test_cell(cell):
            trees.append(tree)
    found = []
    for tree in trees:
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign | ast.Delete):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in ("setattr", "delattr") and node.args):
                targets = [ast.Attribute(value=node.args[0], attr="?")]
            elif isinstance(node, ast.Name) and node.id == "__builtins__":
                found.append("__builtins__")
            for target in targets:
                if isinstance(target, ast.Attribute | ast.Subscript) and _root(target) in modules:
                    found.append(ast.unparse(target))
    return sorted(set(found))


def _root(node) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def stage(submitted: Path, staging: Path, releases: dict[str, nbformat.NotebookNode]) -> tuple[dict, list]:
    """Check every submission and copy the gradable ones, cleaned, into ``staging``.

    Returns ({chapter: [students staged]}, flags). ``submitted`` is only read.
    """
    staged, flags = {chapter: [] for chapter in releases}, []
    if staging.exists():
        shutil.rmtree(staging)
    for student_dir in sorted(p for p in submitted.iterdir() if p.is_dir()) if submitted.exists() else []:
        student = student_dir.name
        for entry in sorted(student_dir.iterdir()):
            if entry.name.startswith("."):
                continue
            if not entry.is_dir() or entry.name not in releases:
                flags.append(Flag(student, entry.name, "unknown-chapter",
                                  f"{entry.name} is not a chapter folder; ignored"))
                continue
            chapter = entry.name
            notebook, notes = _find_notebook(entry, chapter)
            flags += [Flag(student, chapter, kind, detail) for kind, detail in notes]
            if notebook is None:
                continue
            nb, problem = read_notebook(notebook)
            if nb is None:
                flags.append(Flag(student, chapter, "not-a-notebook", problem))
                continue
            release = releases[chapter]
            flags += compare_with_release(nb, release, student, chapter)
            patched = patched_names(nb)
            if patched:
                flags.append(Flag(student, chapter, "monkeypatch", "assigns " + ", ".join(patched)))
            nb = restore_test_cells(drop_duplicate_graded_cells(clean(nb)), release)
            target = staging / student / chapter
            target.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target / f"{chapter}.ipynb")
            if (entry / "timestamp.txt").is_file():
                shutil.copy(entry / "timestamp.txt", target / "timestamp.txt")
            staged[chapter].append(student)
    return staged, flags


def _find_notebook(folder: Path, chapter: str) -> tuple[Path | None, list[tuple[str, str]]]:
    expected = folder / f"{chapter}.ipynb"
    others = sorted(p for p in folder.glob("*.ipynb") if p != expected)
    if expected.is_file():
        notes = [("extra-file", f"{p.name} ignored") for p in others]
        return expected, notes
    if len(others) == 1:
        return others[0], [("wrong-file-name", f"found {others[0].name}, expected "
                            f"{expected.name}; graded it")]
    found = ", ".join(p.name for p in sorted(folder.iterdir())) or "nothing"
    return None, [("no-notebook", f"expected {expected.name}, found {found}")]
