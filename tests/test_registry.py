"""The chapter registry (utils/chapters.py) matches the files: a chapter is its line there
and the files named after its module, nothing else."""

import importlib
import re

import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, notebook_path, read
from utils import chapters as registry

REGISTERED = [chapter.slug for chapter in registry.CHAPTERS]


def test_registry_lists_every_chapter_folder_in_order():
    """solutions/ and chapters/ hold exactly the registered chapters."""
    for folder in (SOLUTIONS, CHAPTERS):
        found = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        assert found == REGISTERED, f"{folder.name}/ holds {found}; the registry lists {REGISTERED}"
    assert REGISTERED == sorted(REGISTERED)


def test_slugs_and_modules_are_well_formed_and_unique():
    """Slugs are NN-slug with consecutive numbers; module names are unique identifiers."""
    numbers = [int(chapter.number) for chapter in registry.CHAPTERS]
    assert numbers == list(range(len(numbers)))
    modules = [chapter.module for chapter in registry.CHAPTERS]
    assert len(set(modules)) == len(modules)
    for chapter in registry.CHAPTERS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", chapter.slug), chapter.slug
        assert chapter.module.isidentifier(), chapter.module


@pytest.mark.parametrize("chapter", registry.CHAPTERS, ids=REGISTERED)
def test_each_chapter_has_its_module_files(chapter):
    """Checkers, quiz keys and grading cases exist under the chapter's module name."""
    for path in (f"utils/exercises/{chapter.module}.py", f"tests/quiz_answers/{chapter.module}.py",
                 f"tests/grading_cases/{chapter.module}.py"):
        assert (ROOT / path).is_file(), f"{chapter.slug}: {path} is missing"
    importlib.import_module(f"utils.exercises.{chapter.module}")


@pytest.mark.parametrize("chapter", registry.CHAPTERS, ids=REGISTERED)
def test_title_matches_the_notebook(chapter):
    """The registry's title is the notebook's '# NN · Title' heading."""
    first = read(notebook_path(SOLUTIONS, chapter.slug)).cells[0].source.splitlines()[0]
    assert first == f"# {chapter.number} · {chapter.title}"


def test_explorer_modules_belong_to_registered_chapters():
    """Every module in utils/explore/ (but the shared base) is named after a chapter."""
    modules = {p.stem for p in (ROOT / "utils" / "explore").glob("*.py")} - {"__init__", "base"}
    assert modules <= set(registry.BY_MODULE), modules - set(registry.BY_MODULE)


def test_unknown_chapter_is_named_clearly():
    """Asking for a chapter that does not exist lists the ones that do."""
    with pytest.raises(KeyError, match="00-start-here"):
        registry.chapter("99-nothing")
