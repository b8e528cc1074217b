"""Unit tests of the self-check quiz widgets, driven headless with .value and .click()."""

import pytest

from utils import quiz
from utils.answers import answer_hash, format_number

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

OPTIONS = {"a": "(3, 4)", "b": "(3, 1)", "c": "an error"}
WHY = {"a": "stretched on both axes", "b": "the 4 is lost?", "c": "1 stretches, so no error"}


def make_choice():
    return quiz.MultipleChoice("t-shape", "Shape?", OPTIONS, WHY, answer_hash("t-shape", "a"))


def test_no_option_is_preselected():
    """Multiple choice starts with nothing selected (RadioButtons default to option 0)."""
    assert make_choice().choices.value is None


def test_checking_without_a_choice_asks_for_one():
    """Clicking Check with nothing selected asks for a choice, not a verdict."""
    q = make_choice()
    q.button.click()
    assert q.correct is None and "Pick an option" in q.feedback.value


def test_right_option_says_so_with_its_explanation():
    """The right option is confirmed with its explanation."""
    q = make_choice()
    q.choices.value = "a"
    q.button.click()
    assert q.correct is True and "Correct." in q.feedback.value and WHY["a"] in q.feedback.value


@pytest.mark.parametrize("option", ["b", "c"])
def test_each_wrong_option_has_its_own_explanation(option):
    """A wrong option is refused with the explanation written for it."""
    q = make_choice()
    q.choices.value = option
    q.button.click()
    assert q.correct is False and WHY[option] in q.feedback.value


def test_missing_explanation_is_refused():
    """A quiz whose option lacks an explanation cannot be built."""
    with pytest.raises(ValueError, match="no explanation"):
        quiz.MultipleChoice("t", "Q", OPTIONS, {"a": "x"}, "h")


def test_answer_is_not_stored_in_plain_text():
    """The widget holds a hash, not the answer."""
    q = make_choice()
    assert q.answer != "a" and len(q.answer) == 16


def numeric(value=0.25, **kwargs):
    return quiz.Numeric("t-num", "Value?", answer_hash("t-num", value, 3), **kwargs)


@pytest.mark.parametrize(("typed", "verdict", "says"), [
    ("0.25", True, "Correct."),
    ("0.2505", True, "Correct."),
    ("2.5e-1", True, "Correct."),
    ("0.5", False, "factor of 2"),
    ("0.125", False, "factor of 2"),
    ("-0.25", False, "wrong sign"),
    ("2.5", False, "factor of 10"),
    ("0.3", False, "not it"),
    ("nan", False, "not it"),
])
def test_numeric_feedback(typed, verdict, says):
    """Numbers within tolerance pass; sign and factor slips are named."""
    q = numeric()
    q.text.value = typed
    q.button.click()
    assert q.correct is verdict and says in q.feedback.value


def test_numeric_unreadable_input():
    """Text that is not a number gets a neutral note."""
    q = numeric()
    q.text.value = "a quarter"
    q.button.click()
    assert q.correct is None and "not a number" in q.feedback.value


def test_numeric_custom_slip():
    """A quiz-specific slip factor earns its own message."""
    q = numeric(slips={4.0: "You gave the side, not the area."})
    q.text.value = "0.0625"
    q.button.click()
    assert "the side, not the area" in q.feedback.value


def test_numeric_zero_answer():
    """An answer of 0 is matched (and -0 is the same as 0)."""
    q = quiz.Numeric("t-zero", "Dot?", answer_hash("t-zero", 0.0, 3))
    q.text.value = "-0.0"
    q.button.click()
    assert q.correct is True
    assert format_number(-0.0, 3) == "0"


def test_predict_then_observe_reveals_only_after_commit():
    """The observation appears only once a prediction is committed, then it is locked."""
    seen = []
    q = quiz.PredictObserve("t-po", "Predict", OPTIONS, WHY, answer_hash("t-po", "a"),
                            observe=lambda: seen.append(1) or "<b>shape (3, 4)</b>")
    q.button.click()
    assert not seen and q.observation.children == ()
    q.choices.value = "c"
    q.button.click()
    assert seen == [1] and q.correct is False and WHY["c"] in q.feedback.value
    assert "(3, 4)" in q.observation.children[0].value
    assert q.choices.disabled and q.button.disabled


def test_callback_errors_are_shown_not_lost():
    """An error inside a callback is written into the feedback area."""
    q = quiz.PredictObserve("t-po", "Predict", OPTIONS, WHY, answer_hash("t-po", "a"),
                            observe=lambda: 1 / 0)
    q.choices.value = "a"
    q.button.click()
    assert "ZeroDivisionError" in q.feedback.value


def test_quiz_displays_as_a_widget():
    """A quiz is shown through its widget's mime bundle."""
    bundle = make_choice()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
