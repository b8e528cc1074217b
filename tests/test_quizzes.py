"""Every self-check quiz in every notebook, proven against its key in tests/quiz_answers/.

Quizzes are found by parsing the notebooks' code cells, rebuilt from their literal
arguments, and driven headless: the right answer is accepted, every other option is
refused with its own explanation.
"""

import ast
import importlib
import pkgutil

import pytest

import quiz_answers
from conftest import SOLUTIONS, chapter_names, notebook_path, read
from utils import quiz

KINDS = {"MultipleChoice", "Numeric", "PredictObserve"}


def answers() -> dict:
    merged = {}
    for info in pkgutil.iter_modules(quiz_answers.__path__):
        module = importlib.import_module(f"quiz_answers.{info.name}")
        clash = set(merged) & set(module.ANSWERS)
        assert not clash, f"quiz ids answered twice: {clash}"
        merged.update(module.ANSWERS)
    return merged


def quiz_calls(chapter: str) -> list[tuple[str, dict]]:
    """(kind, literal arguments) of each quiz constructor call in a solution notebook."""
    found = []
    for cell in read(notebook_path(SOLUTIONS, chapter)).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "quiz"
                    and node.func.attr in KINDS):
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords
                          if k.arg != "observe"}
                kwargs["quiz_id"], kwargs["question"] = (ast.literal_eval(a) for a in node.args[:2])
                found.append((node.func.attr, kwargs))
    return found


ALL = [(chapter, kind, kwargs) for chapter in chapter_names() for kind, kwargs in quiz_calls(chapter)]
KEYS = answers()


@pytest.mark.parametrize("chapter", chapter_names())
def test_each_chapter_has_three_quizzes(chapter):
    """At least three self-check quizzes per chapter, with ids that name the chapter."""
    ids = [kwargs["quiz_id"] for c, _, kwargs in ALL if c == chapter]
    assert len(ids) >= 3
    assert all(i.startswith(chapter[:3]) for i in ids), ids


def test_quiz_ids_unique_and_all_keyed():
    """Quiz ids are unique, every quiz has a key and every key a quiz."""
    ids = [kwargs["quiz_id"] for _, _, kwargs in ALL]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(KEYS)


@pytest.mark.parametrize(("chapter", "kind", "kwargs"), ALL,
                         ids=[kwargs["quiz_id"] for _, _, kwargs in ALL])
def test_quiz_accepts_only_its_answer(chapter, kind, kwargs):
    """The keyed answer is accepted; every other option or a wrong number is refused."""
    key = KEYS[kwargs["quiz_id"]]
    if kind == "Numeric":
        widget = quiz.Numeric(**kwargs)
        widget.text.value = repr(float(key))
        widget.button.click()
        assert widget.correct is True, f"{kwargs['quiz_id']}: the hash does not match {key}"
        widget.text.value = repr(float(key) * 1.1 + 0.1)
        widget.button.click()
        assert widget.correct is False
        return
    if kind == "PredictObserve":
        make = lambda: quiz.PredictObserve(**kwargs, observe=lambda: "observed")  # noqa: E731
    else:
        make = lambda: quiz.MultipleChoice(**kwargs)  # noqa: E731
    assert key in kwargs["options"]
    for option in kwargs["options"]:
        widget = make()
        widget.choices.value = option
        widget.button.click()
        assert widget.correct is (option == key), f"{kwargs['quiz_id']} option {option}"
        assert kwargs["explanations"][option] in widget.feedback.value
