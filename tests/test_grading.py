"""Graders proven end to end through nbgrader: typical mistakes are caught and named in
the test cell's error, and correct alternative solutions pass every test, hidden ones too.

The cases live in tests/grading_cases/, one module per chapter: ``MISTAKES`` (one mistake
per exercise), optionally ``MORE_MISTAKES`` (further rounds of the same form, for exercises
with more than one mistake worth proving through nbgrader), and ``ALTERNATIVES``. Each
round writes a copy of the solution notebook with some answer cells replaced, in a
temporary folder, and runs nbgrader's validator on it.
"""

import importlib
import pkgutil

import nbformat
import pytest
from nbgrader.validator import Validator

import grading_cases
from conftest import SOLUTIONS, chapter_names, notebook_path, read


def cases(kind: str, default=None) -> dict:
    """chapter -> that chapter's MISTAKES, MORE_MISTAKES or ALTERNATIVES, from every module in
    grading_cases/ (``default`` where a module has none)."""
    found = {}
    for info in pkgutil.iter_modules(grading_cases.__path__):
        module = importlib.import_module(f"grading_cases.{info.name}")
        found[module.CHAPTER] = getattr(module, kind) if default is None else getattr(
            module, kind, default)
    return found


MISTAKES = cases("MISTAKES")
ALTERNATIVES = cases("ALTERNATIVES")
#: (chapter, round): round 0 is MISTAKES, the next ones MORE_MISTAKES.
ROUNDS = {(chapter, k): mistakes for chapter, first in MISTAKES.items()
          for k, mistakes in enumerate([first, *cases("MORE_MISTAKES", ())[chapter]])}


def with_answers(chapter: str, answers: dict, folder) -> tuple:
    """Write the solution notebook with some answer cells replaced; return path and tests."""
    nb = read(notebook_path(SOLUTIONS, chapter))
    by_id = {c.metadata.nbgrader.grade_id: c for c in nb.cells if "nbgrader" in c.metadata}
    missing = set(answers) - set(by_id)
    assert not missing, f"{chapter}: no answer cells with grade_id {missing}"
    for grade_id, source in answers.items():
        by_id[grade_id].source = source.strip()
    path = folder / f"{chapter}.ipynb"
    nbformat.write(nb, path)
    tests = {c.source.strip(): gid.removesuffix("-tests") for gid, c in by_id.items()
             if c.metadata.nbgrader.get("grade")}
    return path, tests


@pytest.mark.parametrize(("chapter", "round_"), sorted(ROUNDS),
                         ids=[f"{chapter}-{k}" for chapter, k in sorted(ROUNDS)])
def test_typical_mistakes_are_caught_and_named(chapter, round_, tmp_path):
    """Each mistaken answer fails its test cell with the diagnosis, through nbgrader."""
    mistakes = ROUNDS[chapter, round_]
    answers = {gid: source for gid, (source, _) in mistakes.items()}
    path, tests = with_answers(chapter, answers, tmp_path)
    failed = {tests[r["source"]]: r["raw_error"] for r in Validator().validate(str(path))["failed"]}
    for grade_id, (_, phrase) in mistakes.items():
        assert grade_id in failed, f"{grade_id}: the mistake passed its tests"
        assert phrase in failed[grade_id], f"{grade_id}: {failed[grade_id]}"
    assert set(failed) == set(mistakes), f"other tests failed too: {set(failed)}"


@pytest.mark.parametrize("chapter", sorted(ALTERNATIVES))
def test_correct_alternatives_pass_every_test(chapter, tmp_path):
    """Loop versions, list returns and other correct variants pass visible and hidden tests."""
    path, _ = with_answers(chapter, ALTERNATIVES[chapter], tmp_path)
    results = Validator().validate(str(path))
    assert results == {}, [r["raw_error"] for r in results.get("failed", [])]


def test_every_chapter_has_grading_cases():
    """Every chapter proves its graders with mistakes and alternatives."""
    assert set(MISTAKES) == set(ALTERNATIVES) == set(chapter_names())
