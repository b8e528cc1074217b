"""Salted hashes of answers, so notebooks can check an answer without showing it.

Used by the self-check quizzes (:mod:`utils.quiz`) and by the graded quiz questions
(:mod:`utils.graded`). :class:`NumberKey` matches a number against a hashed numeric answer
within a relative tolerance (shared by both). Print a hash for a notebook with::

    python -m utils.answers 00-broadcast-shape b
    python -m utils.answers 01-norm-value 5 --digits 3
    python -m utils.answers 06-quiz-q2 0.818 --digits 3 --rtol 0.01   # also checks 1/2-style
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys

SALT = "math-for-ml-engineers/answers/v1"


def format_number(value: float, digits: int) -> str:
    """Round ``value`` to ``digits`` significant digits, as text (``-0`` becomes ``0``)."""
    text = f"{float(value):.{digits}g}"
    return "0" if float(text) == 0 else text


def answer_hash(question_id: str, answer: object, digits: int | None = None) -> str:
    """Salted hash of an answer: an option key, or a number rounded to ``digits``."""
    if digits is not None:
        text = format_number(answer, digits)
    else:
        text = str(answer).strip().lower()
    return hashlib.sha256(f"{SALT}|{question_id}|{text}".encode()).hexdigest()[:16]


class NumberKey:
    """A numeric answer known only by its salted hash, matched within a relative tolerance.

    ``key`` is ``answer_hash(question_id, value, digits)``. A number matches when some value
    within ``rtol`` of it rounds (to ``digits`` significant digits) to the hashed one; this is
    found by hashing nearby values, never by storing the answer. Widget-free: used by
    :class:`utils.quiz.Numeric` and :func:`utils.graded.check_number`.
    """

    #: A miss within this many tolerances of the answer is a "close" miss.
    CLOSE = 10
    #: At most this many steps (two hashes each) per scan, so a check stays well under 20 ms.
    MAX_STEPS = 200

    def __init__(self, question_id: str, key: str, digits: int = 3, rtol: float = 0.005):
        self.question_id, self.key, self.digits, self.rtol = question_id, key, digits, rtol
        if not 0 <= rtol < 0.5 or (rtol and rtol / self.step() > self.MAX_STEPS):
            # every rounded value within rtol must be hashed: too many when digits is high
            raise ValueError(f"question {question_id!r}: rtol={rtol} cannot be checked at "
                             f"digits={digits}; hash the answer with fewer digits")

    def step(self) -> float:
        """Half the narrowest rounding interval at ``digits`` digits, relative (or finer)."""
        return min(self.rtol / 10, 0.5 * 10.0 ** -self.digits)

    def is_key(self, value: float) -> bool:
        """Whether ``value``, rounded to ``digits`` digits, is the hashed answer."""
        return answer_hash(self.question_id, value, self.digits) == self.key

    def offset(self, value: float, inner: float, outer: float) -> float | None:
        """Smallest relative offset ``s``, ``inner <= |s| <= outer``, for which
        ``value * (1 + s)`` hashes to the answer; None if there is none.

        Stepping by :meth:`step` skips no rounded value in the range (unless that would
        take more than ``MAX_STEPS`` hashes, when the step is widened).
        """
        if not math.isfinite(value) or outer < inner:
            return None
        if value == 0:  # every offset gives 0
            return 0.0 if inner == 0 and self.is_key(0.0) else None
        span = outer - inner
        count = min(math.ceil(span / self.step()), self.MAX_STEPS) if span else 0
        for i in range(count + 1):
            size = inner + span * i / count if count else inner
            for s in (size, -size) if size else (0.0,):
                if self.is_key(value * (1 + s)):
                    return s
        return None

    def matches(self, value: float) -> bool:
        """Whether ``value`` equals the answer within the relative tolerance."""
        return self.offset(float(value), 0.0, self.rtol) is not None

    def how_far(self, value: float) -> float | None:
        """Relative distance of a close miss from the (rounded) answer; None if not close.

        The answer is hashed, so this finds the offsets at which ``value`` shifted by them
        rounds to the answer, and measures to the middle of that interval.
        """
        value = float(value)
        near = self.offset(value, self.rtol, min(self.CLOSE * self.rtol, 0.5))
        if near is None:
            return None
        step, far = math.copysign(self.step(), near), near
        for _ in range(self.MAX_STEPS if step else 0):
            if not self.is_key(value * (1 + far + step)):
                break
            far += step
        middle = (near + far) / 2
        return abs(middle / (1 + middle))


def main() -> None:
    """Command line: print the hash an author pastes into a notebook."""
    parser = argparse.ArgumentParser(description="Hash an answer for a quiz or question.")
    parser.add_argument("question_id")
    parser.add_argument("answer")
    parser.add_argument("--digits", type=int, help="significant digits of a numeric answer")
    parser.add_argument("--rtol", type=float,
                        help="relative tolerance of a numeric answer: checks it can be matched")
    args = parser.parse_args()
    if args.digits is None and args.rtol is not None:
        parser.error("--rtol needs --digits")
    if args.digits is None:
        print(answer_hash(args.question_id, args.answer))
        return
    from utils.quiz import UnreadableNumber, read_number  # noqa: PLC0415 (widgets only here)

    try:
        value, _ = read_number(args.answer)
    except UnreadableNumber as error:
        parser.error(f"cannot read {args.answer!r} as a number. {error.hint}".strip())
    key = answer_hash(args.question_id, value, args.digits)
    if args.rtol is not None:
        try:
            number = NumberKey(args.question_id, key, args.digits, args.rtol)
        except ValueError as error:
            parser.error(str(error))
        if not number.matches(value):
            parser.error(f"{value!r} does not match its own hash at rtol={args.rtol}")
    print(key)
    if args.rtol is not None:
        print(f"# {args.question_id}: {format_number(value, args.digits)} hashed at "
              f"digits={args.digits}; pass digits={args.digits}, rtol={args.rtol} "
              "to graded.check_number", file=sys.stderr)


if __name__ == "__main__":
    main()
