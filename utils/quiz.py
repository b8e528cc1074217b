"""Self-check quizzes (not graded): multiple choice, numeric, predict-then-observe.

Each quiz is an ipywidgets box. Answers are never stored in plain text: a quiz holds the
salted hash of its answer (see :func:`answer_hash`), and a learner's choice is hashed the
same way before comparing. Every wrong option carries its own explanation.

Authors compute a hash with ``python -m utils.answers QUIZ_ID ANSWER [--digits N]``.

First used in chapter 00 (how to use the course).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from utils.answers import answer_hash

#: Factors tried on a wrong numeric answer, with the feedback each one earns.
NUMERIC_SLIPS: tuple[tuple[float, str], ...] = (
    (-1.0, "Right size, wrong sign: check the direction or the order of subtraction."),
    (0.5, "You are off by a factor of 2 (yours is twice the answer)."),
    (2.0, "You are off by a factor of 2 (yours is half the answer)."),
    (0.1, "You are off by a factor of 10 (yours is ten times the answer)."),
    (10.0, "You are off by a factor of 10 (yours is a tenth of the answer)."),
)


def _feedback_html(ok: bool | None, text: str) -> str:
    """Feedback line: a green tick, a red cross, or a neutral note (``ok`` is None)."""
    if ok is None:
        return f"<div style='color:#555'>{text}</div>"
    colour, mark, head = ("#1a7f37", "✔", "Correct.") if ok else ("#b3261e", "✘", "Not quite.")
    return f"<div style='color:{colour}'><b>{mark} {head}</b> {text}</div>"


class _Quiz:
    """Shared parts: an id, a question, a feedback area, and the outcome of the last check."""

    def __init__(self, quiz_id: str, question: str):
        self.quiz_id = quiz_id
        self.correct: bool | None = None
        self.question = widgets.HTMLMath(f"<b>Quick check.</b> {question}")
        self.feedback = widgets.HTMLMath("")

    def _say(self, ok: bool | None, text: str) -> None:
        self.correct = ok
        self.feedback.value = _feedback_html(ok, text)

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

    ``answer`` is ``answer_hash(quiz_id, value, digits)``. A wrong answer that is off by a
    sign, a factor of 2 or of 10 is told so; ``slips`` adds quiz-specific ones
    (factor -> message), e.g. ``{3.0: "You counted the rows, not the columns."}``, and
    ``wrong_values`` names numbers a learner is likely to type by mistake (value -> message,
    matched within ``rtol``), e.g. ``{0.818: "That is the rate at κ = 10, not 100."}``.
    """

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
        self.explanation = explanation
        self.slips = tuple((slips or {}).items()) + NUMERIC_SLIPS
        self.text = widgets.Text(placeholder="type a number, e.g. 0.25 or 1e-3",
                                 continuous_update=False)
        self.button = widgets.Button(description="Check", button_style="primary")
        self.button.on_click(self._guarded(self.check))
        self.text.observe(self._guarded(self.check), names="value")  # Enter also checks
        self.widget = widgets.VBox(
            [self.question, widgets.HBox([self.text, self.button]), self.feedback]
        )

    def matches(self, value: float) -> bool:
        """Whether ``value`` equals the answer within the relative tolerance."""
        if not math.isfinite(value):
            return False
        steps = [self.rtol * k / 10 for k in range(-10, 11)]
        return any(
            answer_hash(self.quiz_id, value * (1 + s), self.digits) == self.answer for s in steps
        )

    def check(self) -> None:
        """Give feedback on the typed number."""
        raw = self.text.value.strip()
        try:
            value = float(raw)
        except ValueError:
            self._say(None, f"{html.escape(raw) or 'Nothing'} is not a number I can read.")
            return
        if self.matches(value):
            self._say(True, self.explanation)
            return
        for wrong, message in self.wrong_values:
            if math.isclose(value, wrong, rel_tol=self.rtol):
                self._say(False, message)
                return
        for factor, message in self.slips:
            if value != 0 and self.matches(value * factor):
                self._say(False, message)
                return
        self._say(False, "That is not it. Recompute it in a code cell and compare.")


class PredictObserve(MultipleChoice):
    """Commit a prediction first; then the outcome is computed and shown next to it.

    ``observe`` is called only after the prediction is committed; it returns an HTML
    string or a widget (for instance an explorer or an image) that shows what happens.
    """

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
        self.question.value = f"<b>Predict, then observe.</b> {question}"
        self.button.description = "Commit prediction"
        self.observe = observe
        self.observation = widgets.VBox([])
        self.widget.children = (*self.widget.children, self.observation)

    def check(self) -> None:
        """Lock the prediction, show the observation, then the verdict."""
        key = self.choices.value
        if key is None:
            self._say(None, "Commit to a prediction first; that is the point.")
            return
        self.choices.disabled = True
        self.button.disabled = True
        shown = self.observe()
        if isinstance(shown, widgets.Widget):
            self.observation.children = (shown,)
        else:
            self.observation.children = (widgets.HTMLMath(str(shown)),)
        self._say(self.is_answer(key), self.explanations[key])
