"""Unit tests of the self-check quiz widgets, driven headless with .value and .click()."""

import random

import pytest

from utils import answers, quiz
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


def test_code_spans_show_as_code_in_questions_and_feedback():
    """`x < y` in a question or an explanation is shown as code, not with its backticks."""
    q = quiz.MultipleChoice("t-code", "What is `a < b`?", {"a": "True", "b": "False"},
                            {"a": "`np.less` agrees", "b": "no"}, answer_hash("t-code", "a"))
    assert "<code>a &lt; b</code>" in q.question.value and "`" not in q.question.value
    q.choices.value = "a"
    q.button.click()
    assert "<code>np.less</code> agrees" in q.feedback.value


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


def test_numeric_unreadable_input(capsys):
    """Text that is not a number gets a neutral note with examples, and nothing on stderr."""
    q = numeric()
    q.text.value = "a quarter"
    q.button.click()
    assert q.correct is None and "could not read <code>a quarter</code>" in q.feedback.value
    assert "0.25, 1e-3 or 3/4" in q.feedback.value
    assert capsys.readouterr() == ("", "")


def test_numeric_empty_input_asks_for_a_number():
    """Checking an empty box asks for a number, not a verdict."""
    q = numeric()
    q.button.click()
    assert q.correct is None and "Type a number first" in q.feedback.value


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


# --- reading numbers as people type them ---------------------------------------------------

@pytest.mark.parametrize(("typed", "value"), [
    ("0.25", 0.25), (".5", 0.5), ("+3", 3), ("2.5E-1", 0.25), ("1e6", 1e6),
    ("327 680", 327680), ("327,680", 327680), ("1_000_000", 1e6), ("1,000,000", 1e6),
    ("12 345 678.5", 12345678.5), ("1,000.5", 1000.5), ("327\u00a0680", 327680),
    ("10^6", 1e6), ("10**6", 1e6), ("2^-3", 0.125), ("10^ -3", 1e-3), ("10⁻³", 1e-3),
    ("3 × 10^-4", 3e-4), ("3x10^-4", 3e-4), ("3X10^-4", 3e-4), ("3*10^-4", 3e-4),
    ("3·10⁻⁴", 3e-4), ("8/9", 8 / 9), ("-1/2", -0.5), ("1/2", 0.5), ("(1/2)", 0.5),
    ("\u22121/2", -0.5), ("\u22120.5", -0.5), ("25%", 0.25), ("12.5 %", 0.125),
    ("-2^2", -4), ("2^3^2", 512), ("1 - 1/3", 2 / 3), ("≈ 0.82", 0.82), (" 0.25 ", 0.25),
])
def test_read_number_accepts_what_people_type(typed, value):
    """Grouped thousands, powers, ×10^ forms, fractions, percentages and − all read."""
    assert quiz.read_number(typed)[0] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(("typed", "note"), [
    ("0.25", ""), ("1e6", ""), ("-0.5", ""),
    ("25%", "I read 25% as 25/100 = 0.25."),
    ("327,680", "I read 327,680 as 327680: a comma groups thousands (for a decimal point"),
    ("8/9", "I read 8/9 as 0.888889."),
    ("10^6", "I read 10^6 as 1000000."),
])
def test_read_number_says_how_it_read_anything_but_a_plain_number(typed, note):
    """A percentage, a grouping comma or a formula is echoed back as the number it became."""
    got = quiz.read_number(typed)[1]
    assert got.startswith(note) and bool(got) is bool(note)


@pytest.mark.parametrize(("typed", "hint"), [
    ("0,5", "type a dot: 0.5"), ("3,14159", "type a dot: 3.14159"),
    ("0,250", "type a dot: 0.250"), ("1 234,5", "type a dot: 1 234.5"),
    ("1/0", "Dividing by zero"), ("0^-1", "no real value"), ("(-8)^(1/3)", "no real value"),
    ("10^400", "too large"), ("1e999", "too large"), ("1" * 81, "too long"),
    ("", ""), ("abc", ""), ("1 2", ""), ("2(3)", ""), ("((1)", ""), ("1e", ""), ("e6", ""),
    (".", ""), ("%", ""), ("%25", ""), ("1.000,5", ""), ("pi", ""), ("π", ""), ("٣", ""),
    ("__import__('os')", ""), ("1+", ""), ("10^", ""), ("1,0000", "type a dot: 1.0000"),
])
def test_read_number_refuses_what_it_cannot_read(typed, hint):
    """A comma not followed by exactly three digits is not a thousands separator, and
    nothing is evaluated as Python; the hint (if any) says what to type instead."""
    with pytest.raises(quiz.UnreadableNumber) as refused:
        quiz.read_number(typed)
    assert hint in refused.value.hint and bool(refused.value.hint) is bool(hint)


@pytest.mark.parametrize(("answer", "typed"), [
    (327680, "327 680"), (327680, "327,680"), (327680, "327_680"), (1e6, "1e6"),
    (1e6, "10^6"), (1e6, "10**6"), (0.125, "2^-3"), (3e-4, "3 × 10^-4"), (3e-4, "3x10^-4"),
    (8 / 9, "8/9"), (-0.5, "-1/2"), (0.5, "1/2"), (0.5, "0.5"), (-0.5, "\u22120.5"),
    (0.25, "25%"),
])
def test_numeric_accepts_every_form(answer, typed):
    """The widget accepts the answer typed in any of the forms above."""
    q = quiz.Numeric("t-form", "Value?", answer_hash("t-form", answer, 3))
    q.text.value = typed
    q.button.click()
    assert q.correct is True, q.feedback.value


def test_numeric_percent_says_it_divided_by_100():
    """A percentage is read as a fraction of 100, and the feedback says so."""
    q = numeric()
    q.text.value = "25%"
    assert q.correct is True and "25/100 = 0.25" in q.feedback.value


def test_numeric_decimal_comma_is_refused_with_a_hint():
    """0,25 is not read as 25 (nor as 0.25): the learner is told to type a dot."""
    q = numeric()
    q.text.value = "0,25"
    assert q.correct is None and "type a dot: 0.25" in q.feedback.value


def test_numeric_grouping_comma_is_echoed():
    """1,234 is read as 1234, and the feedback says how, in case a decimal was meant."""
    q = numeric(1.234)
    q.text.value = "1,234"
    assert q.correct is False and "a comma groups thousands" in q.feedback.value


# --- close misses ----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "off"), [
    ("0.253", "1.2"), ("0.247", "1.2"), ("0.26", "4"), ("0.24", "4"),
])
def test_numeric_close_miss_says_how_close_it_must_be(typed, off):
    """A miss within 10 tolerances says the tolerance and how far off it is (about)."""
    q = numeric()
    q.text.value = typed
    q.button.click()
    assert q.correct is False
    assert "Close: within 0.5 % of the answer counts" in q.feedback.value
    assert f"yours is about {off} % off" in q.feedback.value


def test_numeric_close_miss_reports_the_quiz_tolerance():
    """The tolerance quoted is the quiz's own rtol."""
    q = numeric(9.87, rtol=0.01)
    q.text.value = "9.5"
    assert "within 1 % of the answer" in q.feedback.value and "about 3.8 % off" in q.feedback.value


@pytest.mark.parametrize("typed", ["0.27", "0.23", "0.3"])
def test_numeric_far_miss_is_not_called_close(typed):
    """Beyond 10 tolerances (5 % here) a miss is simply not it."""
    q = numeric()
    q.text.value = typed
    assert q.correct is False and "Close" not in q.feedback.value and "not it" in q.feedback.value


def test_numeric_named_wrong_value_wins_over_close():
    """A number the chapter makes likely keeps its own message, even when it is close."""
    q = numeric(wrong_values={0.252: "You rounded the intermediate result."})
    q.text.value = "0.252"
    assert q.correct is False and "rounded the intermediate" in q.feedback.value
    assert "Close" not in q.feedback.value
    q.text.value = "0.2535"  # not a named one: told it is close
    assert "Close" in q.feedback.value


def test_numeric_wide_tolerance_skips_no_rounded_value():
    """With rtol 5 %, every rounded value within it is tried (9.5 -> 9.80 is 3 % off)."""
    q = numeric(9.80, rtol=0.05)
    q.text.value = "9.5"
    assert q.correct is True


def test_numeric_exact_tolerance():
    """rtol=0 accepts only what rounds to the answer, and a miss is never called close."""
    q = numeric(rtol=0.0)
    q.text.value = "0.2504"
    assert q.correct is True
    q.text.value = "0.2506"
    assert q.correct is False and "Close" not in q.feedback.value


@pytest.mark.parametrize(("digits", "rtol"), [(6, 0.005), (5, 0.005), (3, -0.1), (3, 0.6)])
def test_numeric_refuses_a_tolerance_it_cannot_check(digits, rtol):
    """A tolerance far wider than the rounding would need too many hashes (or is nonsense):
    the author is told, rather than the learner's right answer being refused."""
    with pytest.raises(ValueError, match="cannot be checked"):
        numeric(rtol=rtol, digits=digits)


def test_numeric_check_hashes_few_values(monkeypatch):
    """A close-miss check hashes a few hundred values at most (fast: well under 20 ms)."""
    calls = []
    real = answers.answer_hash
    monkeypatch.setattr(answers, "answer_hash", lambda *a: calls.append(1) or real(*a))
    q = numeric()
    q.text.value = "0.26"
    assert "Close" in q.feedback.value and 0 < len(calls) < 1000


# --- nothing typed ever breaks the widget ----------------------------------------------------

FUZZ_ALPHABET = "0123456789" * 3 + " .,_eE+-−*/^%()×x·⁻³πë∞\u00a0\t'\"[]{}!?$\\;:aZ"


def fuzz_strings(count, seed=20260):
    rng = random.Random(seed)
    for _ in range(count):
        size = rng.randint(0, 24)
        yield "".join(rng.choice(FUZZ_ALPHABET) if rng.random() < 0.9
                      else chr(rng.randint(1, 0x2FFF)) for _ in range(size))


FUZZ_PIECES = ["0", "1", "10", "9.5", "1e308", "1e-320", "000", ",", " ", "_", ".", "e", "^",
               "**", "-", "−", "+", "/", "*", "×", "x", "(", ")", "%", "⁻", "²", "nan", "inf"]


def fuzz_formulas(count, seed=2027):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(1, 12)))


def test_read_number_fuzz_never_raises_anything_else():
    """Random garbage, and random formulas (overflow, 0^-1, (-8)^(1/3), ...) are either a
    number or UnreadableNumber, never another error."""
    for text in [*fuzz_strings(4000), *fuzz_formulas(4000)]:
        try:
            value, note = quiz.read_number(text)
        except quiz.UnreadableNumber as refused:
            assert isinstance(refused.hint, str)
        else:
            assert isinstance(value, float) and isinstance(note, str), text


def test_numeric_fuzz_never_breaks_the_widget(capsys):
    """Random garbage typed into the widget gets feedback, never an error or stderr."""
    q = numeric()
    for text in [*fuzz_strings(200, seed=7), *fuzz_formulas(200, seed=7)]:
        q.text.value = text
        q.button.click()
        assert "Something went wrong" not in q.feedback.value, text
        assert q.correct in (True, False, None)
    assert capsys.readouterr() == ("", "")


def test_numeric_placeholder_shows_the_accepted_forms():
    """The empty box shows a few forms it accepts."""
    placeholder = numeric().text.placeholder
    assert all(form in placeholder for form in ("0.25", "1e-3", "3/4", "2^-3"))


# --- multiple choice and predict-then-observe, again -----------------------------------------

def test_multiple_choice_rechecks_after_changing_the_option():
    """Check, change the option, check again: the verdict follows the new option."""
    q = make_choice()
    q.choices.value = "b"
    q.button.click()
    assert q.correct is False and WHY["b"] in q.feedback.value
    q.choices.value = "a"
    q.button.click()
    assert q.correct is True and WHY["a"] in q.feedback.value
    q.choices.value = "c"
    q.button.click()
    assert q.correct is False and WHY["c"] in q.feedback.value


def make_predict(observe):
    return quiz.PredictObserve("t-po", "Predict", OPTIONS, WHY, answer_hash("t-po", "a"),
                               observe=observe)


def test_predict_then_observe_starts_with_nothing_selected():
    """No prediction is pre-selected, and Try again is hidden until there is a verdict."""
    q = make_predict(lambda: "x")
    assert q.choices.value is None and q.choices.index is None
    assert q.again.layout.display == "none"


def test_predict_then_observe_can_be_tried_again():
    """After a verdict, Try again unlocks the options; the next commit gets its own verdict
    and explanation, and the observation stays (observe is not called again)."""
    seen = []
    q = make_predict(lambda: seen.append(1) or "<b>shape (3, 4)</b>")
    q.choices.value = "c"
    q.button.click()
    assert q.correct is False and q.again.layout.display != "none"
    shown = q.observation.children
    q.again.click()
    assert not q.choices.disabled and not q.button.disabled and q.correct is None
    assert q.again.layout.display == "none" and "commit it again" in q.feedback.value
    assert q.observation.children == shown
    q.choices.value = "a"
    q.button.click()
    assert q.correct is True and WHY["a"] in q.feedback.value and "attempt 2" in q.feedback.value
    assert q.choices.disabled and q.button.disabled and seen == [1]
    q.again.click()
    q.choices.value = "b"
    q.button.click()
    assert q.correct is False and WHY["b"] in q.feedback.value and "attempt 3" in q.feedback.value


def test_predict_then_observe_retries_a_failed_observation():
    """If observe() fails, the error is shown, and a retry calls it again."""
    calls = []

    def observe():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("explorer not ready")
        return "observed"

    q = make_predict(observe)
    q.choices.value = "a"
    q.button.click()
    assert "explorer not ready" in q.feedback.value and q.again.layout.display != "none"
    q.again.click()
    q.button.click()
    assert q.correct is True and q.observation.children[0].value == "observed"
    assert len(calls) == 2
