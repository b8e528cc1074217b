"""Graded quiz questions (utils/graded.py): the visible form checks, the hidden hashed checks,
what people type, and the messages (one line, diagnosis first, never the key)."""

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from utils import graded
from utils.answers import NumberKey, answer_hash

ID, NUM = "99-quiz-q1", "99-quiz-q2"
KEY = answer_hash(ID, "b")
NUM_KEY = answer_hash(NUM, 0.5, 3)
WHY = {"a": "a is the row count, not the column count.", "c": "c forgets the bias.",
       "d": "d is the gradient's sign\nflipped."}


def fails(fn, *args, match: str, **kwargs) -> str:
    """``fn(*args)`` raises a one-line AssertionError that starts with ``match``."""
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert message.startswith(match), message
    assert "\n" not in message, message
    return message


# --- choice_answered: the form only -------------------------------------------------------

@pytest.mark.parametrize("blank", [None, ...])
def test_choice_not_answered(blank):
    message = fails(graded.choice_answered, blank, "q1", "abcd", match="q1 is not answered yet")
    assert message == 'q1 is not answered yet: set it to one of "a", "b", "c" or "d".'


@pytest.mark.parametrize(("value", "kind"), [(2, "int"), (["b"], "list"), (b"b", "bytes"),
                                             (True, "bool")])
def test_choice_wrong_type_says_a_letter_in_quotes_is_expected(value, kind):
    message = fails(graded.choice_answered, value, "q1", "abcd",
                    match="q1 must be a letter in quotes")
    assert repr(value) in message and f"type {kind}" in message


@pytest.mark.parametrize("value", ["e", "ab", "b)", "1"])
def test_choice_not_an_option(value):
    message = fails(graded.choice_answered, value, "q1", "abcd", match=f'q1 is "{value}", not one')
    assert '"a", "b", "c" or "d"' in message


def test_choice_empty_string():
    fails(graded.choice_answered, "  ", "q1", "abcd", match="q1 is an empty string")


@pytest.mark.parametrize("value", ["b", "B", " b ", "\tB\n", "a", "d"])
def test_choice_answered_prints_one_line_never_a_verdict(value, capsys):
    graded.choice_answered(value, "q1", "abcd")
    out, err = capsys.readouterr()
    letter = value.strip().lower()
    assert out == f'q1 answered: "{letter}" — it is marked when your notebook is graded.\n'
    assert not err and "✔" not in out and "right" not in out and "wrong" not in out


def test_choice_answered_options_other_than_abcd():
    graded.choice_answered("T", "q5", "tf")
    fails(graded.choice_answered, "x", "q5", "tf", match='q5 is "x", not one of the options: '
          'set it to one of "t" or "f".')


# --- check_choice: the hidden, hashed check -----------------------------------------------

@pytest.mark.parametrize("value", ["b", "B", " b ", " B\n"])
def test_check_choice_accepts_what_people_type(value, capsys):
    graded.check_choice(value, ID, KEY, explanations=WHY)
    out, err = capsys.readouterr()
    assert out.startswith('✔ q1: "b" is right.') and not err


@pytest.mark.parametrize("wrong", ["a", "c", "d", "A", " D "])
def test_check_choice_wrong_leads_with_that_options_explanation(wrong):
    letter = wrong.strip().lower()
    message = fails(graded.check_choice, wrong, ID, KEY, WHY, match=f'"{letter}" is not the answer: ')
    assert message.endswith(" ".join(WHY[letter].split()))  # newlines folded: one line
    assert '"b"' not in message and KEY not in message


def test_check_choice_wrong_without_explanation_still_fails_without_the_key():
    message = fails(graded.check_choice, "c", ID, KEY, {}, match='"c" is not the answer: ')
    assert '"b"' not in message


def test_check_choice_explanation_of_the_right_option_is_printed(capsys):
    graded.check_choice("b", ID, KEY, {**WHY, "b": "b adds the bias."})
    assert capsys.readouterr().out == '✔ q1: "b" is right. b adds the bias.\n'


@pytest.mark.parametrize("blank", [None, 3])
def test_check_choice_on_its_own_also_checks_the_form(blank):
    fails(graded.check_choice, blank, ID, KEY, WHY, match="q1 ")


def test_check_choice_salt_and_id_matter():
    """The key of one question is not the key of another: the hash is salted by question id."""
    with pytest.raises(AssertionError):
        graded.check_choice("b", "99-quiz-q9", KEY, WHY)


# --- number_answered: the form only -------------------------------------------------------

@pytest.mark.parametrize(("value", "shown"), [
    (0.5, "0.5"), (1 / 2, "0.5"), (3, "3"), (np.float64(0.5), "0.5"), (np.float32(0.5), "0.5"),
    (np.int64(7), "7"), (np.str_("0.5"), '"0.5", read as 0.5'), (np.array(0.25), "0.25"),
    (Fraction(1, 2), "0.5"), (-2e-7, "-2e-07"),
    (327680, "327680"),
])
def test_number_answered_accepts_numbers(value, shown, capsys):
    graded.number_answered(value, "q2")
    out, err = capsys.readouterr()
    assert out == f"q2 answered: {shown} — it is marked when your notebook is graded.\n"
    assert not err


@pytest.mark.parametrize(("typed", "shown"), [("1/2", "0.5"), (" 1/2 ", "0.5"), ("1e6", "1000000"),
                                              ("327 680", "327680"), ("-3/4", "-0.75")])
def test_number_answered_reads_typed_strings(typed, shown, capsys):
    graded.number_answered(typed, "q2")
    assert capsys.readouterr().out.startswith(f'q2 answered: "{typed.strip()}", read as {shown} — ')


@pytest.mark.parametrize("blank", [None, ...])
def test_number_not_answered(blank):
    fails(graded.number_answered, blank, "q2",
          match="q2 is not answered yet: set it to a single number, like 0.25 or 1/4.")


@pytest.mark.parametrize(("value", "start"), [
    (True, "q2 is True, a truth value, not a number"),
    (np.True_, "q2 is True, a truth value, not a number"),
    ("abc", 'q2 is the text "abc", which is not a number'),
    ("", 'q2 is the text "", which is not a number'),
    ([0.5], "q2 is a list, not a single number"),
    ((0.5,), "q2 is a tuple, not a single number"),
    (np.array([0.5, 1.0]), "q2 is an array of shape (2,), not a single number"),
    (np.ones((1, 1)), "q2 is an array of shape (1, 1), not a single number"),
    (1 + 2j, "q2 is the complex number (1+2j)"),
    ({"q2": 0.5}, "q2 is a dict, not a single number"),
    (object(), "q2 is <object object"),
    (10 ** 400, "q2 is too large to be a float"),
    (float("nan"), "q2 is nan (not a number)"),
    (np.nan, "q2 is nan (not a number)"),
    ("nan", "q2 is nan (not a number)"),
    (float("inf"), "q2 is infinite"),
    (-np.inf, "q2 is infinite"),
])
def test_number_wrong_form_says_a_single_number_is_expected(value, start):
    message = fails(graded.number_answered, value, "q2", match=start)
    assert "like 0.25 or 1/4" in message


def test_number_decimal_comma_gets_a_hint():
    message = fails(graded.number_answered, "0,5", "q2", match='q2 is the text "0,5"')
    assert message.endswith("For a decimal point, type a dot: 0.5")


# --- check_number: the hidden, hashed check -----------------------------------------------

@pytest.mark.parametrize("value", [0.5, 1 / 2, "1/2", " 0.5 ", "50%", np.float32(0.5),
                                   np.float64(0.5), np.array(0.5), Fraction(1, 2), 0.504, 0.496])
def test_check_number_accepts_within_rtol(value, capsys):
    graded.check_number(value, NUM, NUM_KEY, digits=3, rtol=0.01)
    out, err = capsys.readouterr()
    assert out.startswith("✔ q2: ") and "within 1 %" in out and not err


def test_check_number_integers():
    key = answer_hash("99-quiz-q3", 12, 3)
    graded.check_number(12, "99-quiz-q3", key, digits=3, rtol=0.0)
    graded.check_number(np.int64(12), "99-quiz-q3", key, digits=3, rtol=0.0)
    graded.check_number("12", "99-quiz-q3", key, digits=3, rtol=0.0)
    graded.check_number(12.0, "99-quiz-q3", key, digits=3, rtol=0.0)
    fails(graded.check_number, 13, "99-quiz-q3", key, 3, 0.0, match="13 is not the answer: ")


def test_check_number_zero_answer():
    key = answer_hash("99-quiz-q4", 0, 3)
    graded.check_number(0, "99-quiz-q4", key, digits=3, rtol=0.01)
    graded.check_number(-0.0, "99-quiz-q4", key, digits=3, rtol=0.01)
    fails(graded.check_number, 0.1, "99-quiz-q4", key, 3, 0.01, match="0.1 is not the answer")


def test_check_number_named_wrong_value_wins():
    message = fails(graded.check_number, 0.818, NUM, NUM_KEY, 3, 0.01,
                    wrong_values={0.818: "that is the rate at κ = 10, not 100"},
                    explanation="The rate is (κ-1)/(κ+1).",
                    match="0.818 is not the answer: that is the rate at κ = 10, not 100.")
    assert "(κ-1)" not in message  # the named slip says it all
    fails(graded.check_number, "0.82", NUM, NUM_KEY, 3, 0.01, {0.818: "κ = 10"},
          match="0.82 is not the answer: κ = 10.")  # within rtol of the named value


@pytest.mark.parametrize(("value", "says"), [
    (-0.5, "right size, wrong sign"), (1.0, "off by a factor of 2 (yours is twice"),
    (0.25, "off by a factor of 2 (yours is half"), (5, "off by a factor of 10"),
    (0.52, "close, but only 1 % off counts and yours is about 4 % off"),
])
def test_check_number_generic_slips_then_the_explanation(value, says):
    message = fails(graded.check_number, value, NUM, NUM_KEY, 3, 0.01,
                    explanation="Divide the two norms.", match="")
    assert says in message and message.endswith("Divide the two norms.")


def test_check_number_far_miss_gets_the_explanation_only():
    fails(graded.check_number, 3.7, NUM, NUM_KEY, 3, 0.01, explanation="Divide the two norms",
          match="3.7 is not the answer: Divide the two norms.")
    fails(graded.check_number, 3.7, NUM, NUM_KEY, 3, 0.01,
          match="3.7 is not the answer: recompute it step by step and compare.")


@pytest.mark.parametrize("value", [None, "abc", [0.5], float("nan"), True])
def test_check_number_on_its_own_also_checks_the_form(value):
    fails(graded.check_number, value, NUM, NUM_KEY, 3, 0.01, match="q2 is ")


def test_check_number_never_shows_the_answer():
    for value in (-0.5, 1.0, 0.52, 3.7, 0.818):
        with pytest.raises(AssertionError) as info:
            graded.check_number(value, NUM, NUM_KEY, 3, 0.01, {0.818: "κ = 10"}, "Reconsider.")
        assert "0.5 " not in str(info.value).replace("-0.5 ", "") and NUM_KEY not in str(info.value)


def test_check_number_refuses_a_tolerance_it_cannot_check():
    with pytest.raises(ValueError, match="cannot be checked"):
        graded.check_number(0.5, NUM, NUM_KEY, digits=6, rtol=0.01)


# --- shared matching, frames, the author's command ------------------------------------------

def test_quiz_numeric_and_graded_share_the_matching():
    from utils import quiz

    q = quiz.Numeric(NUM, "Value?", NUM_KEY, digits=3, rtol=0.01)
    assert isinstance(q.key, NumberKey)
    key = NumberKey(NUM, NUM_KEY, 3, 0.01)
    for value in (0.5, 0.504, 0.51, 0.52, 0.45):
        assert q.matches(value) == key.matches(value)
        assert q.how_far(value) == key.how_far(value)


def test_failure_path_frames_are_hidden_from_ipython():
    """Every utils frame an AssertionError passes through sets __tracebackhide__."""
    for call in (lambda: graded.choice_answered(2, "q1", "abcd"),
                 lambda: graded.check_choice("a", ID, KEY, WHY),
                 lambda: graded.number_answered("abc", "q2"),
                 lambda: graded.check_number(3.7, NUM, NUM_KEY, 3, 0.01)):
        with pytest.raises(AssertionError) as info:
            call()
        frames = [entry.frame for entry in info.traceback if "utils" in Path(entry.path).parts]
        assert frames and all(f.f_locals.get("__tracebackhide__") for f in frames), \
            [f.code.name for f in frames if not f.f_locals.get("__tracebackhide__")]


def test_author_command_prints_the_hash_a_question_uses():
    run = subprocess.run([sys.executable, "-m", "utils.answers", NUM, "1/2", "--digits", "3",
                          "--rtol", "0.01"], capture_output=True, text=True, check=True)
    assert run.stdout == NUM_KEY + "\n" and "rtol=0.01" in run.stderr
    run = subprocess.run([sys.executable, "-m", "utils.answers", ID, "B"], capture_output=True,
                         text=True, check=True)
    assert run.stdout == KEY + "\n"
    bad = subprocess.run([sys.executable, "-m", "utils.answers", NUM, "0.5", "--digits", "6",
                          "--rtol", "0.01"], capture_output=True, text=True)
    assert bad.returncode != 0 and "cannot be checked" in bad.stderr
