"""Salted hashes of answers, so notebooks can check an answer without showing it.

Used by the self-check quizzes (:mod:`utils.quiz`) and by graded concept questions
(:func:`utils.check.check_choice`). Print a hash for a notebook with::

    python -m utils.answers 00-broadcast-shape b
    python -m utils.answers 01-norm-value 5 --digits 3
"""

from __future__ import annotations

import argparse
import hashlib

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


def main() -> None:
    """Command line: print the hash an author pastes into a notebook."""
    parser = argparse.ArgumentParser(description="Hash an answer for a quiz or question.")
    parser.add_argument("question_id")
    parser.add_argument("answer")
    parser.add_argument("--digits", type=int, help="significant digits of a numeric answer")
    args = parser.parse_args()
    answer = float(args.answer) if args.digits is not None else args.answer
    print(answer_hash(args.question_id, answer, args.digits))


if __name__ == "__main__":
    main()
