"""Shared helpers for the test layers: where notebooks live, and running them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from utils import chapters as registry

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
CHAPTERS = ROOT / "chapters"


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


def fails_with(checker, fn, text: str, **kwargs) -> str:
    """``checker(fn)`` must fail with a one-line message containing ``text`` (matched literally).

    Returns the message. Shared by the chapters' checker tests (tests/test_exercises_*.py).
    """
    with pytest.raises(AssertionError, match=re.escape(text)) as info:
        checker(fn, **kwargs)
    message = str(info.value)
    assert "\n" not in message, message
    return message


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
