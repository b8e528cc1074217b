"""The checker framework: run a learner's function on fixed cases and name the mistake.

A checker calls the learner's function on each case, compares with the expected value,
and on the first failure raises ``AssertionError`` with one message that says what went
wrong, on which input, expected vs got, and (when it can tell) which mistake it was:
a flipped sign, a transposed result, a missing 1/n, a wrong axis, a wrong norm, an
off-by-one, ``None`` returned, a wrong shape, NaN, a list where an array is needed, or an
exception. On success it prints one short line. It never writes to stderr, and whatever
the learner's function returns or raises, the learner sees a sentence, not a crash from
inside ``utils``.

Checkers hold no from-scratch solution of the exercise they check: the expected value
comes from a NumPy built-in, a fixed table, or properties; mistakes are expressed as
alternative (wrong) formulas or transformations of the expected value.

First used in chapter 00 (how to use the course).
"""

from __future__ import annotations

import ast
import copy
import functools
import inspect
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from utils.answers import answer_hash


def quiet_numpy(fn: Callable) -> Callable:
    """Run ``fn`` with NumPy's floating-point warnings off.

    Diagnosing a wrong answer (inf, 1e308, NaN) must not print a RuntimeWarning: it would
    land on the learner's stderr, and nbgrader fails a test cell that writes to stderr.
    """

    @functools.wraps(fn)
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    return quiet


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``wrong(*args)`` computes it, ``advice`` names it."""

    advice: str
    wrong: Callable[..., object]


def fail(message: str) -> None:
    """Raise the learner-facing ``AssertionError`` (the only frame shown from ``utils``)."""
    raise AssertionError(message) from None


# ---------------------------------------------------------------------------------------
# Showing values
# ---------------------------------------------------------------------------------------


def show(value: object) -> str:
    """A short readable text for a value in a message (arrays rounded, long ones cut)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, suppress_small=True, separator=", ")
        text = " ".join(text.split())
        if value.ndim >= 1:
            text = f"array({text})"
    elif isinstance(value, float | np.floating):
        short = f"{float(value):.6g}"
        # Show every digit when rounding would hide a difference (0.30000000000000004).
        text = short if float(short) == float(value) else repr(float(value))
    else:
        text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def show_call(name: str, args: Sequence[object]) -> str:
    """``name(arg1, arg2)`` as the learner would write it."""
    return f"{name}({', '.join(show(a) for a in args)})"


# ---------------------------------------------------------------------------------------
# Calling the learner's function safely
# ---------------------------------------------------------------------------------------


def call(fn: object, args: Sequence[object], name: str) -> object:
    """Call ``fn(*args)``; turn anything unexpected into a learner-facing failure."""
    __tracebackhide__ = True
    if not callable(fn):
        fail(f"{name} is a {type(fn).__name__}, not a function — did you overwrite it?")
    try:
        return fn(*args)
    except NotImplementedError:
        fail(
            f"{name} is not implemented yet: replace `raise NotImplementedError()` "
            "with your code."
        )
    except Exception as error:
        fail(
            f"{show_call(name, args)} raised {type(error).__name__}: {error}. "
            "Run it in a cell on this input to see where."
        )


def as_number_array(value: object, where: str, allow_list: bool = True) -> np.ndarray:
    """Convert a returned value to a float array, or fail with what it actually was."""
    __tracebackhide__ = True
    require_result(value, where)
    if isinstance(value, list | tuple) and not allow_list:
        fail(
            f"{where} returned a Python {type(value).__name__}, not a NumPy array — "
            "wrap the result in np.array(...) or compute it with array operations."
        )
    if isinstance(value, str | bytes | dict | set) or callable(value):
        fail(f"{where} returned a {type(value).__name__} ({show(value)}), not numbers.")
    if _complex(value):
        fail(f"{where} returned complex numbers ({show(value)}); the answer is real — "
             "did a square root or an eigenvalue routine of a non-symmetric matrix make them?")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(f"{where} returned {show(value)}, which is not an array of numbers.")
    return array


def _complex(value: object) -> bool:
    """Whether a returned value holds complex numbers (False when it is not numeric at all)."""
    try:
        return bool(np.iscomplexobj(value))
    except (TypeError, ValueError):
        return False


def snapshot(args: Sequence[object]) -> list[object]:
    """Deep copies of the arguments, to hand to the learner and to detect mutation."""
    return [copy.deepcopy(a) for a in args]


def same(a: object, b: object) -> bool:
    """Exact equality for arguments (arrays compared element-wise, shapes included)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))
    return a == b


def call_unchanged(fn: object, args: Sequence[object], name: str, where: str | None = None,
                   names: Sequence[str] = (), hint: str = "") -> object:
    """Call ``fn`` on copies of ``args``; fail if it modified any of them in place.

    ``where`` names the call in messages (default ``name(args)``); ``names`` gives the
    arguments' names ("X") for the message, ``hint`` a chapter-specific way out.
    """
    __tracebackhide__ = True
    where = where or show_call(name, args)
    given = snapshot(args)
    result = call(fn, given, name)
    for index, (original, after) in enumerate(zip(args, given, strict=True)):
        if not same(original, after):
            what = names[index] if index < len(names) else f"its input {show(original)}"
            fail(f"{where} changed {what} in place — work on a copy{hint}.")
    return result


def require_result(value: object, where: str) -> None:
    """Fail with the classic slip when a function returned None."""
    __tracebackhide__ = True
    if value is None:
        fail(f"{where} returned None — did you forget `return`?")


# ---------------------------------------------------------------------------------------
# Diagnosing a wrong value
# ---------------------------------------------------------------------------------------


def close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Same shape and equal within tolerance."""
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


@quiet_numpy
def constant_ratio(got: np.ndarray, expected: np.ndarray) -> float | None:
    """If ``got == r * expected`` for one constant r (not 1), return r."""
    if got.shape != expected.shape or not np.any(expected):
        return None
    mask = np.abs(expected) > 1e-12
    ratios = got[mask] / expected[mask]
    r = float(np.median(ratios))
    if not np.isfinite(r) or abs(r - 1) < 1e-9 or abs(r) < 1e-12:
        return None
    if np.allclose(got, r * expected, rtol=1e-6, atol=1e-9):
        return r
    return None


def describe_ratio(r: float, sizes: Iterable[int]) -> str:
    """Name a constant factor: -1, n, 1/n, 2, 1/2 or a plain number."""
    if np.isclose(r, -1):
        return "your sign is flipped — check the direction (a minus sign or the order of a subtraction)."
    for n in sorted(set(sizes), reverse=True):
        if n > 2 and np.isclose(r, n):
            return f"yours is {n} times too large — a missing 1/n (n = {n}): did you forget to average?"
        if n > 2 and np.isclose(r, 1 / n):
            return f"yours is {n} times too small — you divided by n = {n} where you should not have."
    if np.isclose(r, 2):
        return "yours is twice the expected value — an extra factor of 2?"
    if np.isclose(r, 0.5):
        return "yours is half the expected value — a missing factor of 2?"
    return f"yours is {r:.4g} times the expected value (a constant factor is off)."


def sizes_of(args: Sequence[object]) -> list[int]:
    """The lengths (and shape entries) of the array-like arguments, for naming 1/n."""
    sizes: list[int] = []
    for a in args:
        shape = np.shape(a) if isinstance(a, np.ndarray | list | tuple) else ()
        sizes.extend(int(n) for n in shape)
    return sizes


@quiet_numpy
def diagnose(
    got: np.ndarray,
    expected: np.ndarray,
    args: Sequence[object],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-7,
    atol: float = 1e-9,
) -> str | None:
    """Why ``got`` is not ``expected``: None when it is, "" when no known cause fits.

    Exercise-specific mistakes are tried first, then NaN/inf, shape, transpose and a
    constant factor (sign, 1/n, 2).
    """
    if close(got, expected, rtol, atol):
        return None
    for mistake in mistakes:
        try:
            wrong = np.asarray(mistake.wrong(*snapshot(args)), dtype=float)
        except Exception:
            continue
        if close(got, wrong, rtol, atol):
            return mistake.advice
    if np.isnan(got).any() and not np.isnan(expected).any():
        return "your result contains NaN — look for 0/0, sqrt of a negative, or an empty mean."
    if np.isinf(got).any() and not np.isinf(expected).any():
        return "your result contains inf — look for a division by zero or an overflow."
    if got.shape != expected.shape:
        if got.ndim == 2 and got.T.shape == expected.shape and np.allclose(got.T, expected, rtol, atol):
            return f"your result is transposed: shape {got.shape} where {expected.shape} was expected."
        if got.size == expected.size and np.allclose(got.reshape(expected.shape), expected, rtol, atol):
            return (
                f"right numbers, wrong shape: expected shape {expected.shape}, got {got.shape} "
                "— check keepdims, reshape or an extra axis."
            )
        if expected.ndim == 0:
            return (f"expected a single number, got an array of shape {got.shape} — "
                    "did you forget to add up (or average) the entries?")
        return f"wrong shape: expected {expected.shape}, got {got.shape}."
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, expected.T, rtol, atol):
        return "your result is transposed — swap rows and columns (check the order of a product)."
    ratio = constant_ratio(got, expected)
    if ratio is not None:
        return describe_ratio(ratio, sizes_of(args))
    return ""


# ---------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------


def check_function(
    fn: object,
    cases: Sequence[Sequence[object]],
    expected: Callable[..., object] | Sequence[object],
    *,
    name: str,
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-7,
    atol: float = 1e-9,
    allow_list: bool = True,
    quiet: bool = False,
) -> None:
    """Check ``fn`` on every case against ``expected`` (a reference callable or a list).

    Fails on the first case that goes wrong, with a message naming the mistake. Prints
    one line on success unless ``quiet``.
    """
    __tracebackhide__ = True
    for index, args in enumerate(cases):
        want = expected(*snapshot(args)) if callable(expected) else expected[index]
        check_value(fn, args, want, name=name, mistakes=mistakes, rtol=rtol, atol=atol,
                    allow_list=allow_list)
    if not quiet:
        passed(name, len(cases))


def check_value(
    fn: object,
    args: Sequence[object],
    want: object,
    *,
    name: str,
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-7,
    atol: float = 1e-9,
    allow_list: bool = True,
) -> np.ndarray:
    """Check one call ``fn(*args)`` against ``want``; return the learner's result."""
    __tracebackhide__ = True
    where = show_call(name, args)
    result = call_unchanged(fn, args, name, where)
    got = as_number_array(result, where, allow_list=allow_list)
    expected = np.asarray(want, dtype=float)
    reason = diagnose(got, expected, args, mistakes, rtol, atol)
    if reason is not None:
        detail = f"expected {show(expected if expected.ndim else float(expected))}, got {show(result)}"
        fail(f"{where}: {detail}." + (f" Likely cause: {reason}" if reason else ""))
    return got


def passed(name: str, count: int) -> None:
    """Print the one-line success message used by every checker."""
    print(f"✔ {name}: all {count} checks passed.")


def check_fingerprint(
    fn: object,
    cases: Sequence[Sequence[object]],
    expected: Sequence[object],
    *,
    name: str,
    convert: Callable[[object, str], object],
    mistakes: Sequence[Mistake] = (),
    predicted: Sequence[tuple[str, Sequence[object]]] = (),
    labels: Sequence[str] = (),
    hint: str = "",
) -> None:
    """Check a function whose single answers say little (True/False, index lists).

    Runs every case first, then compares. On a mismatch, a mistake is named only if it
    agrees with the learner on *every* case (its fingerprint), so one lucky coincidence
    cannot mislabel the error. A mistake is either a formula (``mistakes``) or its answers
    to the cases worked out in advance (``predicted``: advice and one answer per case).
    ``convert(result, where)`` validates one result and returns a comparable value;
    ``labels`` describe cases too large to print; ``hint`` follows an in-place message.
    """
    __tracebackhide__ = True
    places = [f"{name} on {label}" for label in labels] or [show_call(name, a) for a in cases]
    results = [convert(call_unchanged(fn, args, name, where, hint=hint), where)
               for args, where in zip(cases, places, strict=True)]
    wrong = [i for i, (got, want) in enumerate(zip(results, expected, strict=True)) if got != want]
    if not wrong:
        passed(name, len(cases))
        return
    first = wrong[0]
    detail = f"{places[first]}: expected {show(expected[first])}, got {show(results[first])}."
    candidates = list(predicted)
    for mistake in mistakes:
        try:
            candidates.append((mistake.advice, [mistake.wrong(*snapshot(a)) for a in cases]))
        except Exception:
            continue
    for advice, answers in candidates:
        if list(answers) == results:
            fail(f"{detail} Likely cause: {advice}")
    fail(detail)


def check_choice(answer: object, question_id: str, expected_hash: str, options: str,
                 explanations: dict[str, str] | None = None) -> None:
    """Check a graded concept question: ``answer`` is one option letter from ``options``.

    The right letter is stored only as a salted hash (see :mod:`utils.answers`). A wrong
    option fails with its own explanation from ``explanations`` (option -> reason), as the
    self-check quizzes do; what people type (``"B"``, ``" b "``) counts as the letter.
    """
    __tracebackhide__ = True
    letters = ", ".join(repr(o) for o in options)
    if answer is None or answer is ...:
        fail(f"no answer yet: set it to one of {letters}.")
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        fail(f"{show(answer)} is not one of the options {letters}.")
    letter = answer.strip().lower()
    if answer_hash(question_id, letter) != expected_hash:
        reason = (explanations or {}).get(letter, "re-read the section and try again.")
        fail(f"{letter!r} is not the right option: {reason}")
    print(f"✔ {question_id}: correct.")


# ---------------------------------------------------------------------------------------
# Reading the learner's source (for exercises that rule out loops or built-ins)
# ---------------------------------------------------------------------------------------


def source_tree(fn: object) -> ast.AST | None:
    """The parsed source of ``fn``, or None when it cannot be read (then rules are skipped)."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except Exception:  # no source (built-in, lambda in a REPL, C extension): skip the rules
        return None


def python_loop(fn: object) -> str | None:
    """Name the first Python-level loop in ``fn``'s source, or None (also when unreadable).

    First used in chapter 00 (a vectorised mean squared error).
    """
    tree = source_tree(fn)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor):
            return "a for loop"
        if isinstance(node, ast.While):
            return "a while loop"
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            return "a comprehension"
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("sum", "map")):
            return f"Python's built-in {node.func.id}()"
    return None


def calls_named(fn: object, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` that ``fn``'s source calls (as f(...) or module.f(...)).

    First used in chapter 00 (close_enough may not call isclose).
    """
    tree = source_tree(fn)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called in names:
                return called
    return None
