"""Graded quiz questions: graded like an exam, explained like a quiz.

A question is an nbgrader answer cell holding a value and a locked test cell worth points::

    q1 = None  # "a", "b", "c" or "d"          (answer cell, grade_id quiz-q1)
    ### BEGIN SOLUTION
    q1 = "b"
    ### END SOLUTION

    \"\"\"Question 1 is answered with one of the options.\"\"\"   (test cell, quiz-q1-tests)
    from utils import graded

    graded.choice_answered(q1, "q1", "abcd")
    ### BEGIN HIDDEN TESTS
    graded.check_choice(q1, "06-quiz-q1", "<hash>", explanations={"a": "...", ...})
    ### END HIDDEN TESTS

The visible part (:func:`choice_answered`, :func:`number_answered`) checks only the form:
answered at all, one of the options, a number. It never says right or wrong, so re-running
it tells a learner nothing about the key. The hidden part (:func:`check_choice`,
:func:`check_number`) compares salted hashes (:mod:`utils.answers`; authors print them with
``python -m utils.answers ID ANSWER [--digits N --rtol R]``) and, after grading, the feedback
shows the wrong option's own explanation, never the key. Failures are
:class:`utils.check.CheckFailed` (an ``AssertionError`` that IPython shows as the learner's
cell and the one-line message, no frame from inside ``utils``).

What people type is accepted: ``"B"`` and ``" b "`` for ``"b"``; for a number any int,
float or NumPy scalar, or a string :func:`utils.quiz.read_number` reads (``"1/2"``,
``"1e-3"``), matched within the question's ``rtol``.

The release keeps ``q1 = None  # ...`` and drops the solution region without nbgrader's
``raise NotImplementedError()`` stub: :class:`ClearQuizSolutions` (named in
nbgrader_config.py) does that for answer cells whose grade_id is ``quiz-q<N>``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from utils.answers import NumberKey, answer_hash
from utils.check import CheckFailed

#: grade_id of a graded quiz question's answer cell (its test cell adds ``-tests``).
QUESTION_ID = re.compile(r"quiz-q\d+")

#: What the visible check prints on success: never right or wrong.
MARKED_LATER = "it is marked when your notebook is graded."

#: Generic slips tried on a wrong number (factor -> what it means); shared with the quizzes.
SLIPS: tuple[tuple[float, str], ...] = (
    (-1.0, "right size, wrong sign: check the direction or the order of subtraction."),
    (0.5, "off by a factor of 2 (yours is twice the answer)."),
    (2.0, "off by a factor of 2 (yours is half the answer)."),
    (0.1, "off by a factor of 10 (yours is ten times the answer)."),
    (10.0, "off by a factor of 10 (yours is a tenth of the answer)."),
)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _sentence(text: str) -> str:
    """``text`` on one line, ending with a full stop (or ? or !) if it has any words."""
    text = _one_line(text)
    return text + "." if text and text[-1] not in ".?!" else text


def _or_list(options: str) -> str:
    """``"a", "b", "c" or "d"``."""
    quoted = [f'"{o}"' for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _kind(value: object) -> str:
    return type(value).__name__


def _show_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _short(question_id: str) -> str:
    """``q1`` for ``06-quiz-q1``."""
    return question_id.rsplit("-", 1)[-1]


# ---------------------------------------------------------------------------------------
# Multiple choice
# ---------------------------------------------------------------------------------------


def _letter(value: object, name: str, options: str | None) -> str:
    """The option ``value`` names (stripped, lower case); AssertionError on the wrong form."""
    __tracebackhide__ = True
    listed = f"one of {_or_list(options)}" if options else 'an option letter such as "a"'
    if value is None or value is ...:
        raise CheckFailed(f"{name} is not answered yet: set it to {listed}.") from None
    if not isinstance(value, str):
        raise CheckFailed(f"{name} must be a letter in quotes, like \"a\"; it is {value!r} "
                             f"(type {_kind(value)}): set it to {listed}.") from None
    letter = value.strip().lower()
    if not letter:
        raise CheckFailed(f"{name} is an empty string: set it to {listed}.") from None
    if options is not None and letter not in list(options):
        raise CheckFailed(f"{name} is \"{value}\", not one of the options: set it to "
                             f"{listed}.") from None
    return letter


def choice_answered(value: object, name: str, options: str) -> None:
    """Visible check: ``value`` is one of ``options`` (``"abcd"``); says nothing of the key."""
    __tracebackhide__ = True
    letter = _letter(value, name, options)
    print(f'{name} answered: "{letter}" — {MARKED_LATER}')


def check_choice(value: object, question_id: str, key: str,
                 explanations: Mapping[str, str]) -> None:
    """Hidden check: ``value`` is the option hashed as ``key``.

    ``explanations`` maps every wrong option to why it is wrong (an entry for the right
    option, if any, is printed with the tick). A wrong answer fails with that option's
    explanation first; the right letter is never named.
    """
    __tracebackhide__ = True
    name = _short(question_id)
    letter = _letter(value, name, None)
    reason = _one_line(explanations.get(letter, ""))
    if answer_hash(question_id, letter) == key:
        print(f'✔ {name}: "{letter}" is right.' + (f" {reason}" if reason else ""))
        return
    if not reason:
        reason = "re-read the section the question is about and reconsider."
    raise CheckFailed(f'"{letter}" is not the answer: {reason}') from None


# ---------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------


def _number(value: object, name: str) -> tuple[float, str]:
    """``value`` as a float, and how a typed string was read; AssertionError otherwise."""
    __tracebackhide__ = True
    example = "set it to a single number, like 0.25 or 1/4"
    if value is None or value is ...:
        raise CheckFailed(f"{name} is not answered yet: {example}.") from None
    if isinstance(value, bool) or _kind(value) in ("bool", "bool_"):  # NumPy's too
        raise CheckFailed(f"{name} is {value}, a truth value, not a number: "
                             f"{example}.") from None
    note = ""
    if isinstance(value, str):
        from utils.quiz import UnreadableNumber, read_number  # noqa: PLC0415 (ipywidgets)

        try:
            number, _ = read_number(value)
        except UnreadableNumber as error:
            hint = f" {error.hint}" if error.hint else ""
            raise CheckFailed(f"{name} is the text \"{value}\", which is not a number: "
                                 f"{example}.{hint}") from None
        note = f'"{value.strip()}", read as '
    elif isinstance(value, complex) or _kind(value).startswith("complex"):
        raise CheckFailed(f"{name} is the complex number {value!r}: {example}.") from None
    elif getattr(value, "shape", ()) != () or isinstance(value, (list, tuple, set, dict)):
        shape = getattr(value, "shape", None)
        what = f"an array of shape {tuple(shape)}" if shape is not None else f"a {_kind(value)}"
        raise CheckFailed(f"{name} is {what}, not a single number: {example}.") from None
    else:
        try:
            number = float(value)
        except OverflowError:
            raise CheckFailed(f"{name} is too large to be a float: {example}.") from None
        except (TypeError, ValueError):
            raise CheckFailed(f"{name} is {value!r} (type {_kind(value)}), not a number: "
                                 f"{example}.") from None
    if math.isnan(number):
        raise CheckFailed(f"{name} is nan (not a number), often from 0/0 or an overflow: "
                             f"{example}.") from None
    if math.isinf(number):
        raise CheckFailed(f"{name} is infinite, often from an overflow or a division by "
                             f"0: {example}.") from None
    return number, note


def number_answered(value: object, name: str) -> None:
    """Visible check: ``value`` is a single finite number (or a string such as ``"1/2"``)."""
    __tracebackhide__ = True
    number, note = _number(value, name)
    print(f"{name} answered: {note}{_show_number(number)} — {MARKED_LATER}")


def check_number(value: object, question_id: str, key: str, digits: int, rtol: float,
                 wrong_values: Mapping[float, str] | None = None,
                 explanation: str = "") -> None:
    """Hidden check: ``value`` matches the number hashed as ``key`` within ``rtol``.

    ``key`` is ``answer_hash(question_id, answer, digits)``. A wrong number fails with the
    message of the ``wrong_values`` entry it matches (value -> message, within ``rtol``),
    else a generic slip (sign, factor 2 or 10) or a close miss, followed by
    ``explanation`` (what a wrong answer should reconsider). The answer is never shown.
    """
    __tracebackhide__ = True
    name = _short(question_id)
    number, _ = _number(value, name)
    answer = NumberKey(question_id, key, digits, rtol)
    if answer.matches(number):
        print(f"✔ {name}: {_show_number(number)} is right (within {100 * rtol:g} %).")
        return
    reason = ""
    for wrong, message in (wrong_values or {}).items():
        if not reason and math.isclose(number, wrong, rel_tol=max(rtol, 1e-12)):
            reason = _sentence(message)
            explanation = ""  # the named slip says it all
    for factor, message in SLIPS:
        if not reason and number != 0 and answer.matches(number * factor):
            reason = message
    if not reason:
        off = answer.how_far(number)
        if off is not None:
            reason = (f"close, but only {100 * rtol:g} % off counts and yours is about "
                      f"{100 * off:.2g} % off: carry more digits through the calculation.")
    reason = f"{reason} {_sentence(explanation)}".strip()
    raise CheckFailed(f"{_show_number(number)} is not the answer: "
                         f"{reason or 'recompute it step by step and compare.'}") from None


# ---------------------------------------------------------------------------------------
# The release (nbgrader), loaded only when nbgrader asks for it
# ---------------------------------------------------------------------------------------


def _clear_quiz_solutions():
    from nbgrader.preprocessors import ClearSolutions  # noqa: PLC0415 (not for learners)

    class ClearQuizSolutions(ClearSolutions):
        """nbgrader's ClearSolutions, except that a quiz answer cell (grade_id ``quiz-qN``)
        loses its solution region without a stub: it keeps ``q1 = None  # ...`` and runs.

        Every other answer cell gets the configured stub (``raise NotImplementedError()``).
        """

        def _replace_solution_region(self, cell, language):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type != "code" or not QUESTION_ID.fullmatch(grade_id):
                return super()._replace_solution_region(cell, language)
            kept, inside, found = [], False, False
            for line in cell.source.split("\n"):
                if self.begin_solution_delimeter in line:
                    inside = found = True
                elif self.end_solution_delimeter in line:
                    inside = False
                elif not inside:
                    kept.append(line)
            source = "\n".join(kept).strip("\n")
            if inside or not found or not source.strip():
                raise RuntimeError(f"quiz answer cell {grade_id}: write the unanswered line "
                                   f"(q1 = None  # ...) outside one complete solution region")
            cell.source = source
            return True

    ClearQuizSolutions.__qualname__, ClearQuizSolutions.__module__ = "ClearQuizSolutions", __name__
    return ClearQuizSolutions


def __getattr__(name: str):
    if name == "ClearQuizSolutions":  # nbgrader_config.py: "utils.graded.ClearQuizSolutions"
        globals()[name] = _clear_quiz_solutions()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
