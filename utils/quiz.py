"""Self-check quizzes (not graded): multiple choice, numeric, predict-then-observe.

Each quiz is an ipywidgets box. Answers are never stored in plain text: a quiz holds the
salted hash of its answer (see :func:`answer_hash`), and a learner's choice is hashed the
same way before comparing. Every wrong option carries its own explanation.

Authors compute a hash with ``python -m utils.answers QUIZ_ID ANSWER [--digits N]``.

A checked answer is recorded in the learner's workspace (first attempt and latest, right or
wrong) when ``make lab`` runs the kernel, and a quiz built again (after a kernel restart, or
in a re-opened chapter) says what was answered before: see :mod:`utils.progress`. The
course's tests and grading never record.

A numeric answer is read as people type it (:func:`read_number`: ``327 680``, ``1e6``,
``10^6``, ``3 × 10^-4``, ``8/9``, ``25%``), never evaluated as Python; a close miss is told
how close it must be. A predict-then-observe quiz can be tried again without re-running.

First used in chapter 00 (how to use the course).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from utils import progress as _progress
from utils.answers import NumberKey, answer_hash

#: Factors tried on a wrong numeric answer, with the feedback each one earns.
NUMERIC_SLIPS: tuple[tuple[float, str], ...] = (
    (-1.0, "Right size, wrong sign: check the direction or the order of subtraction."),
    (0.5, "You are off by a factor of 2 (yours is twice the answer)."),
    (2.0, "You are off by a factor of 2 (yours is half the answer)."),
    (0.1, "You are off by a factor of 10 (yours is ten times the answer)."),
    (10.0, "You are off by a factor of 10 (yours is a tenth of the answer)."),
)


class UnreadableNumber(ValueError):
    """Raised by :func:`read_number`; ``hint`` (maybe empty) says what to type instead."""

    def __init__(self, hint: str = ""):
        super().__init__(hint)
        self.hint = hint


#: Characters that group thousands inside a number: ``327 680``, ``327,680``, ``1_000``.
_GROUP = ",_\u0020\u00a0\u2009\u202f"
_NUMBER = re.compile(
    rf"(?P<int>[1-9][0-9]{{0,2}}(?:[{_GROUP}][0-9]{{3}})+(?![0-9])|[0-9]+)?"
    r"(?P<frac>\.[0-9]*)?(?P<exp>[eE][+-]?[0-9]+)?"
)
_SPELLINGS = str.maketrans({
    "\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-",  # minus signs
    "\u00d7": "*", "x": "*", "X": "*", "\u00b7": "*", "\u22c5": "*", "\u2219": "*",  # times
    "\u00f7": "/", "\u2215": "/",
})
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_WORDS = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}
_MAX_LENGTH = 80


def _tokens(text: str) -> list[tuple[str, float]]:
    """Numbers as ``("n", value)``, operators and brackets as ``(symbol, 0)``."""
    found: list[tuple[str, float]] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace():
            at += 1
        elif text.startswith("**", at):
            found.append(("^", 0.0))
            at += 2
        elif char in "+-*/^()":
            found.append((char, 0.0))
            at += 1
        else:
            match = _NUMBER.match(text, at)
            whole, frac = match["int"] or "", match["frac"] or ""
            if not any(c.isdigit() for c in whole + frac):
                raise UnreadableNumber()
            digits = whole.translate(str.maketrans("", "", _GROUP)) + frac + (match["exp"] or "")
            value = float(digits)
            if not math.isfinite(value):
                raise UnreadableNumber("That is too large to check.")
            found.append(("n", value))
            at = match.end()
    return found


class _Reader:
    """Recursive descent over the tokens: ``+ -``, then ``* /``, then signs, then ``^``."""

    def __init__(self, tokens: list[tuple[str, float]]):
        self.tokens, self.at = tokens, 0

    def peek(self) -> str:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else ""

    def take(self) -> tuple[str, float]:
        if self.at == len(self.tokens):
            raise UnreadableNumber()
        self.at += 1
        return self.tokens[self.at - 1]

    def sum(self) -> float:
        value = self.product()
        while self.peek() in ("+", "-"):
            sign = self.take()[0]
            value = value + self.product() if sign == "+" else value - self.product()
        return value

    def product(self) -> float:
        value = self.signed()
        while self.peek() in ("*", "/"):
            op = self.take()[0]
            right = self.signed()
            if op == "*":
                value *= right
            elif right == 0:
                raise UnreadableNumber("Dividing by zero gives no number.")
            else:
                value /= right
        return value

    def signed(self) -> float:
        if self.peek() in ("+", "-"):
            return -self.signed() if self.take()[0] == "-" else self.signed()
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek() != "^":
            return base
        self.take()
        exponent = self.signed()  # 2^-3; and 2^3^2 is 2^(3^2)
        try:
            return math.pow(base, exponent)
        except OverflowError:
            raise UnreadableNumber("That is too large to check.") from None
        except ValueError:  # 0^-1, (-8)^(1/3)
            raise UnreadableNumber("That power has no real value.") from None

    def atom(self) -> float:
        kind, value = self.take()
        if kind == "n":
            return value
        if kind == "(":
            value = self.sum()
            if self.take()[0] != ")":
                raise UnreadableNumber()
            return value
        raise UnreadableNumber()


def _show(value: float) -> str:
    """A number for a note: 6 significant digits, whole numbers below 10^15 in full."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def read_number(raw: str) -> tuple[float, str]:
    """Read a number as people type it; return it with a note on how it was read.

    Accepted: ``0.25``, ``.5``, ``1e6``, ``10^6``, ``10**6``, ``2^-3``, ``3 × 10^-4``,
    ``3x10^-4``, ``10⁻³``, fractions ``8/9`` and ``-1/2``, thousands grouped by spaces,
    underscores or commas (``327 680``, ``327,680``, ``1_000_000``), ``25%`` (read as
    0.25), the minus sign ``−``, brackets, ``+`` and ``-``, and ``nan`` / ``inf``. A comma
    groups thousands only when exactly three digits follow it; ``0,5`` is refused with a
    hint to type a dot. Nothing is evaluated as Python. The note is empty for a plain
    decimal number. Raises :class:`UnreadableNumber` (with a hint) otherwise.
    """
    text = raw.strip()
    if len(text) > _MAX_LENGTH:
        raise UnreadableNumber("That is too long for a number.")
    text = re.sub(r"^[=≈~]\s*", "", text)
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: "^(" + m[0].translate(_SUPERSCRIPT) + ")", text)
    text = text.translate(_SPELLINGS)
    word = text.lstrip("+-").strip().lower()
    if word in _WORDS:
        return (-_WORDS[word] if text.startswith("-") else _WORDS[word]), ""
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    try:
        reader = _Reader(_tokens(text))
        value = reader.sum()
        if reader.at != len(reader.tokens):
            raise UnreadableNumber()
    except UnreadableNumber as error:
        if (not error.hint and raw.count(",") == 1 and "." not in raw
                and re.search("[0-9],[0-9]", raw)):
            error.hint = f"For a decimal point, type a dot: {raw.strip().replace(',', '.')}"
        raise
    if percent:
        value /= 100
    if not math.isfinite(value):
        raise UnreadableNumber("That is too large to check.")
    typed, shown = raw.strip(), _show(value)
    if percent:
        return value, f"I read {typed} as {typed[:-1].strip()}/100 = {shown}."
    if typed.count(",") == 1 and "." not in typed:
        return value, (f"I read {typed} as {shown}: a comma groups thousands "
                       "(for a decimal point, type a dot).")
    try:
        float(text)
    except ValueError:
        return value, f"I read {typed} as {shown}."
    return value, ""


_CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> str:
    """Markdown's `code` spans of a question or an explanation as HTML ``<code>`` (the
    widgets show HTML and LaTeX, not markdown)."""
    return _CODE_SPAN.sub(lambda m: f"<code>{html.escape(m.group(1), quote=False)}</code>", text)


def _feedback_html(ok: bool | None, text: str) -> str:
    """Feedback line: a green tick, a red cross, or a neutral note (``ok`` is None)."""
    text = code_spans(text)
    if ok is None:
        return f"<div style='color:#555'>{text}</div>"
    colour, mark, head = ("#1a7f37", "✔", "Correct.") if ok else ("#b3261e", "✘", "Not quite.")
    return f"<div style='color:{colour}'><b>{mark} {head}</b> {text}</div>"


class _Quiz:
    """Shared parts: an id, a question, a feedback area, and the outcome of the last check.

    ``past`` is this quiz's record from the workspace (None when there is none or nothing
    is recorded); while it exists the feedback area starts with what was answered before.
    Every verdict (right or wrong) is recorded (:func:`utils.progress.record_answer`).
    """

    #: The kind of quiz, as its records name it.
    kind = "quiz"

    def __init__(self, quiz_id: str, question: str):
        self.quiz_id = quiz_id
        self.correct: bool | None = None
        self.question = widgets.HTMLMath(f"<b>Quick check.</b> {code_spans(question)}")
        self.feedback = widgets.HTMLMath("")
        self.past = _progress.past_answer(quiz_id)
        if self.past:
            self.feedback.value = _progress.past_note(self.past, self._label(self.past["latest"]["answer"]))

    def _label(self, answer: str) -> str:
        """How a recorded answer is shown to the learner."""
        return answer

    def _answer(self) -> str:
        """The learner's current answer, as recorded."""
        return ""

    def _say(self, ok: bool | None, text: str) -> None:
        self.correct = ok
        html_text = _feedback_html(ok, text)
        if ok is not None:
            note = _progress.record_answer(self.quiz_id, self.kind, self._answer(), ok)
            if note:
                html_text += f"<div style='color:#555'>{html.escape(note)}</div>"
        self.feedback.value = html_text

    def _guarded(self, callback: Callable[[], None]) -> Callable[[object], None]:
        """Wrap a button callback so an error shows in the feedback (not lost in the log)."""

        def run(_button: object = None) -> None:
            try:
                callback()
            except Exception as error:  # shown to the learner, never swallowed silently
                self._say(None, f"Something went wrong: {html.escape(repr(error))}")

        return run

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class MultipleChoice(_Quiz):
    """A question with lettered options, none pre-selected, each with an explanation.

    ``options`` maps a key ("a", "b", ...) to the option text; ``explanations`` maps every
    key to the reason it is right or wrong; ``answer`` is ``answer_hash(quiz_id, key)``.
    """

    kind = "multiple-choice"

    def __init__(
        self,
        quiz_id: str,
        question: str,
        options: Mapping[str, str],
        explanations: Mapping[str, str],
        answer: str,
    ):
        super().__init__(quiz_id, question)
        missing = [key for key in options if key not in explanations]
        if missing:
            raise ValueError(f"quiz {quiz_id!r}: options {missing} have no explanation")
        self.explanations = dict(explanations)
        self.answer = answer
        self.choices = widgets.RadioButtons(
            options=[(f"{key})  {text}", key) for key, text in options.items()],
            index=None,
            layout=widgets.Layout(width="max-content"),
        )
        self.button = widgets.Button(description="Check", button_style="primary")
        self.button.on_click(self._guarded(self.check))
        self.widget = widgets.VBox([self.question, self.choices, self.button, self.feedback])

    def _answer(self) -> str:
        return str(self.choices.value)

    def _label(self, answer: str) -> str:
        return f"{answer})"

    def is_answer(self, key: str) -> bool:
        """Whether option ``key`` is the right one."""
        return answer_hash(self.quiz_id, key) == self.answer

    def check(self) -> None:
        """Give feedback on the selected option."""
        key = self.choices.value
        if key is None:
            self._say(None, "Pick an option first.")
            return
        self._say(self.is_answer(key), self.explanations[key])


class Numeric(_Quiz):
    """A question answered with a number, accepted within a relative tolerance.

    ``answer`` is ``answer_hash(quiz_id, value, digits)``. The learner may type the number
    in any form :func:`read_number` reads (``327 680``, ``1e6``, ``10^6``, ``8/9``, ...).
    A wrong answer that is off by a sign, a factor of 2 or of 10 is told so; ``slips`` adds
    quiz-specific ones (factor -> message), e.g. ``{3.0: "You counted the rows, not the
    columns."}``, and ``wrong_values`` names numbers a learner is likely to type by mistake
    (value -> message, matched within ``rtol``), e.g. ``{0.818: "That is the rate at
    κ = 10, not 100."}``. A miss within ``CLOSE`` times the tolerance is told how close it
    must be and how far off it is (found by hashing nearby values, never by storing the
    answer).
    """

    kind = "numeric"

    #: A miss within this many tolerances of the answer is a "close" miss.
    CLOSE = NumberKey.CLOSE
    #: At most this many steps (two hashes each) per scan, so a check stays well under 20 ms.
    MAX_STEPS = NumberKey.MAX_STEPS

    def __init__(
        self,
        quiz_id: str,
        question: str,
        answer: str,
        digits: int = 3,
        rtol: float = 0.005,
        explanation: str = "",
        slips: Mapping[float, str] | None = None,
        wrong_values: Mapping[float, str] | None = None,
    ):
        super().__init__(quiz_id, question)
        self.wrong_values = tuple((wrong_values or {}).items())
        self.answer, self.digits, self.rtol = answer, digits, rtol
        try:  # the matching (hashing nearby values) is shared with the graded questions
            self.key = NumberKey(quiz_id, answer, digits, rtol)
        except ValueError:
            raise ValueError(f"quiz {quiz_id!r}: rtol={rtol} cannot be checked at "
                             f"digits={digits}; hash the answer with fewer digits") from None
        self.explanation = explanation
        self.slips = tuple((slips or {}).items()) + NUMERIC_SLIPS
        self.text = widgets.Text(placeholder="e.g. 0.25, 1e-3, 3/4, 2^-3, 327 680",
                                 continuous_update=False, layout=widgets.Layout(width="22em"))
        self.button = widgets.Button(description="Check", button_style="primary")
        self.button.on_click(self._guarded(self.check))
        self.text.observe(self._guarded(self.check), names="value")  # Enter also checks
        self.widget = widgets.VBox(
            [self.question, widgets.HBox([self.text, self.button]), self.feedback]
        )

    def _answer(self) -> str:
        return self.text.value.strip()

    def matches(self, value: float) -> bool:
        """Whether ``value`` equals the answer within the relative tolerance."""
        return self.key.matches(value)

    def how_far(self, value: float) -> float | None:
        """Relative distance of a close miss from the (rounded) answer; None if not close."""
        return self.key.how_far(value)

    def check(self) -> None:
        """Give feedback on the typed number."""
        raw = self.text.value.strip()
        if not raw:
            self._say(None, "Type a number first, e.g. 0.25, 1e-3 or 3/4.")
            return
        try:
            value, note = read_number(raw)
        except UnreadableNumber as error:
            hint = f" {html.escape(error.hint)}" if error.hint else ""
            self._say(None, f"I could not read <code>{html.escape(raw)}</code> as a number; "
                            f"type e.g. 0.25, 1e-3 or 3/4.{hint}")
            return
        ok, text = self._verdict(value)
        if note:
            text = f"{text} <span style='color:#555'>({html.escape(note)})</span>".strip()
        self._say(ok, text)

    def _verdict(self, value: float) -> tuple[bool, str]:
        if self.matches(value):
            return True, self.explanation
        if not math.isfinite(value):
            return False, ("That is not it: the answer is a finite number. A nan or inf "
                           "usually comes from a 0/0 or an overflow in the calculation.")
        for wrong, message in self.wrong_values:
            if math.isclose(value, wrong, rel_tol=self.rtol):
                return False, message
        for factor, message in self.slips:
            if value != 0 and self.matches(value * factor):
                return False, message
        off = self.how_far(value)
        if off is not None:
            return False, (f"Close: within {100 * self.rtol:g} % of the answer counts; yours "
                           f"is about {100 * off:.2g} % off. Check your rounding, or carry "
                           "more digits through the calculation.")
        return False, "That is not it. Recompute it in a code cell and compare."


class PredictObserve(MultipleChoice):
    """Commit a prediction first; then the outcome is computed and shown next to it.

    ``observe`` is called only after the first prediction is committed; it returns an HTML
    string or a widget (for instance an explorer or an image) that shows what happens. After
    the verdict, "Try again" unlocks the options: the learner may commit another prediction
    (each attempt gets its own verdict and explanation) while the observation stays shown.
    """

    kind = "predict-observe"

    def __init__(
        self,
        quiz_id: str,
        question: str,
        options: Mapping[str, str],
        explanations: Mapping[str, str],
        answer: str,
        observe: Callable[[], object],
    ):
        super().__init__(quiz_id, question, options, explanations, answer)
        self.question.value = f"<b>Predict, then observe.</b> {code_spans(question)}"
        self.button.description = "Commit prediction"
        self.observe = observe
        self.attempts = 0
        self.observation = widgets.VBox([])
        self.again = widgets.Button(description="Try again", layout=widgets.Layout(display="none"))
        self.again.on_click(self._guarded(self.try_again))
        self.widget.children = (
            self.question, self.choices, widgets.HBox([self.button, self.again]),
            self.feedback, self.observation,
        )

    def check(self) -> None:
        """Lock the prediction, show the observation (once), then the verdict."""
        key = self.choices.value
        if key is None:
            self._say(None, "Commit to a prediction first; that is the point.")
            return
        self.choices.disabled = True
        self.button.disabled = True
        self.again.layout.display = None  # shown even if observe() fails, so it can be retried
        self.attempts += 1
        if not self.observation.children:
            shown = self.observe()
            if isinstance(shown, widgets.Widget):
                self.observation.children = (shown,)
            else:
                self.observation.children = (widgets.HTMLMath(str(shown)),)
        attempt = f"(attempt {self.attempts}) " if self.attempts > 1 else ""
        self._say(self.is_answer(key), attempt + self.explanations[key])

    def try_again(self) -> None:
        """Unlock the options and the commit button; the observation stays."""
        self.choices.disabled = False
        self.button.disabled = False
        self.again.layout.display = "none"
        self._say(None, "Change your prediction if you like, then commit it again.")
