"""The checker framework: run a learner's function on fixed cases and name the mistake.

A checker calls the learner's function on each case, compares with the expected value,
and on a failure raises ``AssertionError`` whose message leads with the diagnosis (which
mistake it was, when it can tell: a flipped sign, a transposed result, a missing 1/n, a
wrong axis, a wrong norm, an off-by-one, ``None`` returned, a wrong shape, NaN, an
exception), followed by short lines with the input, the expected value and what came
back, so it stays readable when nbgrader's Validate or the feedback cuts it at 80
characters. When no known cause fits every case, it says what it observed and does not
guess. On success it prints one short line. It never writes to stderr.

What the learner sees is the cell and the message: every public checker is wrapped by
:func:`checker`, which re-raises the failure from one hidden frame (IPython shows no frame
from inside ``utils``) and turns warnings raised by the learner's code into a note on
stdout (nbgrader fails a test cell that writes to stderr).

Lists and arrays, one rule for every checker: where a prompt asks for an array, a returned
list or tuple of the right numbers is accepted too (it is converted with ``np.asarray``).
Checkers call the learner's function with NumPy arrays, and with lists only where the
prompt says lists are allowed.

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
import re
import textwrap
import types
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from utils.answers import answer_hash


def quiet_numpy(fn: Callable) -> Callable:
    """Run ``fn`` with NumPy's floating-point warnings off.

    Diagnosing a wrong answer (inf, 1e308, NaN) must not print a RuntimeWarning: it would
    land on the learner's stderr, and nbgrader fails a test cell that writes to stderr.
    """

    @functools.wraps(fn)
    def quiet(*args, **kwargs):
        __tracebackhide__ = True
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    return quiet


_UTILS = str(Path(__file__).resolve().parent)


def checker(fn: Callable) -> Callable:
    """Make ``fn`` a learner-facing checker: clean failures, warnings as a stdout note.

    A failure is re-raised as a fresh ``AssertionError`` from this wrapper's hidden frame,
    so the learner's traceback holds their cell and the message, and no frame from inside
    ``utils`` (comprehensions, helpers and decorators below it are dropped with the old
    traceback). Warnings raised by the learner's code while the outermost checker runs
    (NumPy 2's DeprecationWarning for ``np.cross`` on 2-D vectors) are printed once as a
    note on stdout and then ignored for the rest of the session, so the hidden tests that
    call the same code do not write them to stderr either: a correct answer still counts.
    Warnings from inside ``utils`` are the checker's own business and are dropped.
    """

    @functools.wraps(fn)
    def run_checker(*args, **kwargs):
        __tracebackhide__ = True
        if _running:  # a checker called by a checker: the outermost one does the work
            return fn(*args, **kwargs)
        message = None
        _running.append(fn)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    result = fn(*args, **kwargs)
                except AssertionError as error:
                    message = str(error)
        finally:
            _running.pop()
        note_warnings(caught)
        if message is not None:
            raise CheckFailed(message) from None
        return result

    return run_checker


class CheckFailed(AssertionError):
    """A checker's failure, shown in IPython as the learner's cell and the message only.

    IPython never hides the frame an exception is raised in, even one marked
    ``__tracebackhide__``; this exception therefore renders its own traceback
    (``_render_traceback_``, IPython's hook) from the frames outside ``utils`` and IPython.
    It is an ``AssertionError`` and is named like one, so nbgrader and the learner see
    ``AssertionError: <message>``.
    """

    def _render_traceback_(self) -> list[str]:
        try:
            from IPython import get_ipython

            shell = get_ipython()
            return shell.InteractiveTB.structured_traceback(
                AssertionError, self, learner_frames(self.__traceback__), tb_offset=0)
        except Exception:  # no IPython, or its API changed: the message alone
            return [f"AssertionError: {self}"]


CheckFailed.__name__ = CheckFailed.__qualname__ = "AssertionError"


def learner_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    """The traceback ``tb`` without the frames of ``utils`` and of IPython itself."""
    import IPython

    skip = (_UTILS, str(Path(IPython.__file__).resolve().parent))
    kept = []
    while tb is not None:
        if not str(Path(tb.tb_frame.f_code.co_filename).resolve()).startswith(skip):
            kept.append(tb)
        tb = tb.tb_next
    chain = None
    for entry in reversed(kept):
        chain = types.TracebackType(chain, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return chain


_running: list[Callable] = []


def note_warnings(caught: Iterable[warnings.WarningMessage]) -> None:
    """Print one stdout note per distinct warning the learner's code raised, then ignore it."""
    seen = set()
    for record in caught:
        if str(record.filename).startswith(_UTILS):
            continue
        lines = str(record.message).strip().splitlines()
        text = lines[0] if lines else ""
        if (record.category, text) in seen:
            continue
        seen.add((record.category, text))
        short = text if len(text) <= 100 else text[:97] + "..."
        print(f"note: your code raised {record.category.__name__}: {short}\n"
              "  (a warning is not counted against you; it is not shown again)")
        warnings.filterwarnings("ignore", message=re.escape(text), category=record.category)


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``wrong(*args)`` computes it, ``advice`` names it."""

    advice: str
    wrong: Callable[..., object]


def fail(message: str, *, where: str | None = None, expected: object = None,
         got: object = None, shown: bool = False) -> None:
    """Raise the learner-facing ``AssertionError``, laid out for a screen 80 columns wide.

    ``message`` is the diagnosis (or what was observed); ``where`` the call that exposed
    it; ``expected`` and ``got`` the values (passed through :func:`show` unless ``shown``).
    A message given as one line in the older style, "f(x) returned ..." or
    "f(x): expected A, got B. Likely cause: C", is laid out the same way (see :func:`layout`).
    """
    __tracebackhide__ = True
    if where is None and expected is None and got is None:
        text = relayout(message)
    else:
        text = layout(message, where,
                      expected if shown or expected is None else show(expected),
                      got if shown or got is None else show(got))
    raise AssertionError(text) from None


def layout(cause: str, where: str | None = None, expected: str | None = None,
           got: str | None = None, observed: str | None = None) -> str:
    """The failure text: the diagnosis first, then one short line per fact.

    ::

        you multiplied entry by entry but did not add the products up ...
          input:    dot([1, 2, 3], [4, -5, 6])
          expected: 12
          got:      array([4, -10, 18])
    """
    lines = [cause.strip()]
    for label, value in (("input", where), ("expected", expected), ("got", got),
                         ("observed", observed)):
        if value is not None:
            lines.append(f"  {label + ':':<9} {value}")
    return "\n".join(lines)


# "pca with X of shape (80, 3) returned ...", "adam_step (step 1 of ...) changed x ...":
# a case described in words rather than as a call.
_LABELLED = re.compile(r"([A-Za-z_]\w*) ((?:with|on) .+?|\(.+?\)) "
                       r"((?:returned|changed|raised|calls|contains|gave|is) .*)", re.S)
_LABELLED_COLON = re.compile(r"([A-Za-z_]\w*(?:\(\w+(?:, \w+)*\))?) ((?:with|on) .+?|\(.+?\)): "
                             r"(.*)", re.S)
_LIKELY = re.compile(r"\s*Likely cause(?:, one of)?: ")


def leading_call(text: str) -> int | None:
    """End of the call ``name(...)`` that ``text`` starts with (brackets balanced), or None."""
    match = re.match(r"[A-Za-z_][\w.]*\(", text)
    if not match:
        return None
    depth, quote, escaped = 0, None, False
    for index in range(match.end() - 1, len(text)):
        char = text[index]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                end = index + 1
                # an indexed result, f(x)[0], is part of what is described
                while text[end:end + 1] == "[" and "]" in text[end:]:
                    end = text.index("]", end) + 1
                return end
    return None


def relayout(message: str) -> str:
    """Lay out a one-line message of the older style: diagnosis first, the call below it.

    "f(x): expected A, got B. Likely cause: C" becomes C, then input/expected/got lines;
    "f(x) returned None — ..." becomes "f returned None — ..." with the call below it.
    """
    parts = _LIKELY.split(message, maxsplit=1)
    body, cause = (parts[0], parts[1]) if len(parts) == 2 else (message, None)
    if cause is not None and "Likely cause, one of" in message:
        cause = "one of these: " + cause
    end = leading_call(body)
    colon = _LABELLED_COLON.match(body) if end is None else None
    if colon and not _LABELLED.match(body.split(": ", 1)[0] + " "):
        name, label, rest = colon.groups()
        end = len(name) + 1 + len(label)
    labelled = _LABELLED.match(body) if end is None else None
    if labelled:
        name, label, rest = labelled.groups()
        where = f"{name} {label}"
        sentence = f"{name} {rest}".strip()
        return layout(cause, where, observed=sentence) if cause else layout(sentence, where)
    if end is None:
        return layout(cause, observed=body.strip()) if cause else message
    where, rest = body[:end], body[end:]
    name = re.match(r"[A-Za-z_][\w.]*", where).group(0)
    extra = re.match(r" (?:with|on) [^:]+?(?=: )", rest)
    if extra and not re.search(r" (?:returned|changed|raised) ", extra.group(0)):
        where, rest = where + extra.group(0), rest[extra.end():]
    if rest.startswith(": "):
        rest = rest[2:].strip()
        if rest.startswith("expected ") and ", got " in rest:
            expected, got = rest[len("expected "):].rsplit(", got ", 1)
            got = got.removesuffix(".")
            first = cause or (f"{name} gave a wrong result on this input (no known mistake "
                              "explains it: compare expected and got).")
            return layout(first, where, expected, got)
        if cause:
            return layout(cause, where, observed=rest)
        return layout(rest, where)
    if rest[:1] not in (" ", ",", ";", ""):
        return message
    labelled = _LABELLED.match(name + rest)
    if labelled:  # "f(A, x) with A of shape (3, 2) raised ...": the label joins the input
        where, rest = f"{where} {labelled.group(2).removeprefix(name).strip()}", " " + labelled.group(3)
    sentence = name + rest
    if cause:
        return layout(cause, where, observed=sentence.strip())
    return layout(sentence, where)


# ---------------------------------------------------------------------------------------
# Showing values
# ---------------------------------------------------------------------------------------


def _compact_float(v: float) -> str:
    """A float in at most 4 significant digits, with no padding (1.0 -> 1., 1e-17 -> 0.)."""
    if not np.isfinite(v):
        return str(v)
    if abs(v) < 5e-13:
        return "0."
    # Large numbers keep their digits: 1e8 + 2 and 1e8 must not both read 1e+08.
    text = f"{v:.10g}" if 1e4 <= abs(v) < 1e15 else f"{v:.4g}"
    return text + "." if text.lstrip("-").isdigit() else text


_COMPACT = {"float_kind": _compact_float, "int_kind": str, "bool": str}


def show(value: object) -> str:
    """A short readable text for a value in a message (arrays rounded, long ones cut)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        text = np.array2string(value, separator=", ", threshold=40, edgeitems=3,
                               max_line_width=10**6, formatter=_COMPACT)
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


def as_number_array(value: object, where: str) -> np.ndarray:
    """Convert a returned value to a float array, or fail with what it actually was.

    A list or tuple of numbers is accepted wherever an array is asked for (the course's
    one rule for lists and arrays, see the module docstring).
    """
    __tracebackhide__ = True
    require_result(value, where)
    if isinstance(value, str | bytes | dict | set) or callable(value):
        fail(f"{where} returned a {type(value).__name__} ({show(value)}), not numbers.")
    refuse_complex(value, where)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(f"{where} returned {show(value)}, which is not an array of numbers.")
    return array


COMPLEX_HINT = ("the answer is real — did a square root or an eigenvalue routine of a "
                "non-symmetric matrix make them?")


def refuse_complex(value: object, where: str, hint: str = COMPLEX_HINT) -> None:
    """Fail with a sentence if ``value`` holds complex numbers (casting them would warn)."""
    __tracebackhide__ = True
    try:
        is_complex = bool(np.iscomplexobj(value))
    except (TypeError, ValueError):
        is_complex = False
    if is_complex:
        fail(f"{where} returned complex numbers ({show(value)}); {hint}")


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
    return call_on_copies(fn, args, name, where, names, hint)[0]


def call_on_copies(fn: object, args: Sequence[object], name: str, where: str | None = None,
                   names: Sequence[str] = (), hint: str = "") -> tuple[object, list[object]]:
    """:func:`call_unchanged`, also returning the copies handed over (for :func:`refuse_alias`)."""
    __tracebackhide__ = True
    where = where or show_call(name, args)
    given = snapshot(args)
    result = call(fn, given, name)
    for index, (original, after) in enumerate(zip(args, given, strict=True)):
        if not same(original, after):
            what = names[index] if index < len(names) else f"its input {show(original)}"
            fail(f"{where} changed {what} in place — work on a copy{hint}.")
    return result, given


def refuse_alias(result: object, given: Sequence[object], where: str,
                 names: Sequence[str] = ()) -> None:
    """Fail when a (right) result shares memory with an input: a view, or the input itself.

    Checked once the values are right, so a wrong answer gets its own diagnosis first.
    """
    __tracebackhide__ = True
    index = aliased_input(result, given)
    if index is not None:
        what = names[index] if index < len(names) else "one of its inputs"
        fail(f"{where} returned an array that shares memory with {what} (the input itself, "
             "or a view of it such as x[None]): when the caller changes one, the other "
             "changes too — return a new array (np.array(...) or .copy()).")


def aliased_input(result: object, given: Sequence[object]) -> int | None:
    """Index of the array argument that ``result`` (or an array in a returned tuple) views."""
    pieces = result if isinstance(result, tuple) else (result,)
    for piece in pieces:
        if not isinstance(piece, np.ndarray) or piece.size == 0:
            continue
        for index, arg in enumerate(given):
            if isinstance(arg, np.ndarray) and arg.size and np.may_share_memory(piece, arg):
                return index
    return None


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
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol,
                                                            equal_nan=True))


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
    """Name a constant factor seen on several numbers: -1, n, 1/n, 2, 1/2 or a plain number."""
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
    return f"yours is {r:.4g} times the expected value, the same factor on every case."


def sizes_of(args: Sequence[object]) -> list[int]:
    """The lengths (and shape entries) of the array-like arguments, for naming 1/n."""
    sizes: list[int] = []
    for a in args:
        shape = np.shape(a) if isinstance(a, np.ndarray | list | tuple) else ()
        sizes.extend(int(n) for n in shape)
    return sizes


@quiet_numpy
def structure_problem(got: np.ndarray, expected: np.ndarray, rtol: float = 1e-7,
                      atol: float = 1e-9) -> str:
    """What is visibly wrong with ``got`` on its own: NaN, inf, a shape, a transpose ("" if none)."""
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
    return ""


@quiet_numpy
def ratio_problem(gots: Sequence[np.ndarray | None], expecteds: Sequence[np.ndarray],
                  cases: Sequence[Sequence[object]]) -> str:
    """Name a factor only when the evidence of every case agrees ("" otherwise).

    The same factor r on every case that has a non-zero expected value, over at least two
    numbers, is named (sign, 2, 1/2, n, or the plain number); a factor equal to the size n
    of each case's input, varying with it, is a missing 1/n. One number alone says nothing
    about a constant factor, except that a ratio of exactly n (n > 2) suggests an average.
    """
    ratios, sizes, evidence = [], [], 0
    for got, want, args in zip(gots, expecteds, cases, strict=True):
        if got is None or got.shape != want.shape or not np.any(np.abs(want) > 1e-12):
            if got is not None and got.shape == want.shape and np.any(np.abs(got) > 1e-9):
                return ""  # expected zeros, got something: no factor explains that
            continue
        if np.allclose(got, want):
            ratios.append(1.0)
        else:
            r = constant_ratio(got, want)
            if r is None:
                return ""
            ratios.append(r)
        sizes.append([n for n in sizes_of(args) if n > 1])
        evidence += int(np.count_nonzero(np.abs(want) > 1e-12))
    if not ratios:
        return ""
    first = ratios[0]
    if evidence >= 2 and all(np.isclose(r, first, rtol=1e-6) for r in ratios):
        return "" if np.isclose(first, 1) else describe_ratio(first, sizes[0])
    for flip in (False, True):
        matches = [next((n for n in ns if np.isclose(1 / r if flip else r, n)), None)
                   for r, ns in zip(ratios, sizes, strict=True)]
        if all(m is not None for m in matches) and (len(matches) >= 2 or matches[0] > 2):
            n, each = matches[0], " on every case" if len(matches) >= 2 else ""
            if flip:
                return f"yours is n times too small{each} (n = {n} here) — an extra 1/n?"
            return (f"yours is n times too large{each} — a missing 1/n (n = {n}): "
                    "did you forget to average?")
    return ""


@quiet_numpy
def matching_mistake(mistakes: Sequence[Mistake], gots: Sequence[np.ndarray | None],
                     cases: Sequence[Sequence[object]], first: int, rtol: float = 1e-7,
                     atol: float = 1e-9,
                     wants: Sequence[np.ndarray] | None = None) -> str | None:
    """The advice of the first mistake that explains every case the learner got wrong.

    With ``wants`` (the expected values), cases the learner got right are skipped: a slip
    may show on some inputs only (a missing abs() on the finite p, not on p = inf). Without
    them, the mistake must agree on every case. A case whose result is unknown (``None``)
    or where the wrong formula cannot be computed is skipped, but the mistake must explain
    case ``first`` itself.
    """
    for mistake in mistakes:
        agrees = True
        for index, (got, args) in enumerate(zip(gots, cases, strict=True)):
            if got is None or (wants is not None and index != first
                               and close(got, wants[index], rtol, atol)):
                continue
            try:
                wrong = np.asarray(mistake.wrong(*snapshot(args)), dtype=float)
            except Exception:
                if index == first:
                    agrees = False
                    break
                continue
            # elsewhere, the same numbers in another shape agree too (a 1 x 1 matrix returned
            # as a number); on the case reported, a wrong shape is told as such
            if not (close(got, wrong, rtol, atol) or (
                    index != first and got.size == wrong.size
                    and close(got.ravel(), wrong.ravel(), rtol, atol))):
                agrees = False
                break
        if agrees:
            return mistake.advice
    return None


@quiet_numpy
def diagnose(
    got: np.ndarray,
    expected: np.ndarray,
    args: Sequence[object],
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-7,
    atol: float = 1e-9,
) -> str | None:
    """Why ``got`` is not ``expected`` on one case: None when it is, "" when no cause fits.

    Exercise-specific mistakes are tried first, then NaN/inf, shape, transpose and a
    factor (see :func:`ratio_problem`: named only on enough evidence).
    """
    if close(got, expected, rtol, atol):
        return None
    return (matching_mistake(mistakes, [got], [args], 0, rtol, atol)
            or structure_problem(got, expected, rtol, atol)
            or ratio_problem([got], [expected], [args]))


def wrong_value(name: str, reason: str, where: str, expected: np.ndarray, result: object) -> None:
    """Fail on a wrong value: the reason (or what was observed), the input, expected and got."""
    __tracebackhide__ = True
    first = reason or (f"{name} gave a wrong result on this input, and no known mistake "
                       "explains it (compare expected and got).")
    fail(first, where=where, expected=expected if expected.ndim else float(expected), got=result)


CANCELLATION = ("your formula is right for data near 0 but loses its digits here, far from "
                "the origin (a large offset): a difference of two huge, nearly equal numbers, "
                "such as E[x²] − E[x]², cancels. Subtract the mean first, then square or "
                "multiply.")


@quiet_numpy
def right_without_offset(fn: object, X: np.ndarray,
                         is_right: Callable[[np.ndarray, np.ndarray], bool]) -> bool:
    """Whether ``fn`` is right on X shifted to column means 0, when a column sits far from 0.

    A function wrong on X but right on the same cloud centred shows cancellation
    (:data:`CANCELLATION`). ``is_right(result, centred)`` judges the answer. First used in
    chapter 00 (standardize); chapter 04's covariance uses it too.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not np.any(np.abs(X.mean(axis=0)) > 1e4 * np.maximum(X.std(axis=0), 1e-300)):
        return False
    centred = X - X.mean(axis=0)
    try:
        got = np.asarray(fn(centred.copy()), dtype=float)
    except Exception:
        return False
    return bool(is_right(got, centred))


# ---------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------


@checker
def check_function(
    fn: object,
    cases: Sequence[Sequence[object]],
    expected: Callable[..., object] | Sequence[object],
    *,
    name: str,
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-7,
    atol: float = 1e-9,
    quiet: bool = False,
) -> None:
    """Check ``fn`` on every case against ``expected`` (a reference callable or a list).

    Runs every case, then reports the first one that goes wrong. A listed mistake is named
    only when it explains every case the learner got wrong, a constant factor only when it
    is the same on every case (one coincidence cannot mislabel the error); otherwise the
    message says what was observed. Prints one line on success unless ``quiet``.
    """
    __tracebackhide__ = True
    wants = [np.asarray(expected(*snapshot(args)) if callable(expected) else expected[index],
                        dtype=float) for index, args in enumerate(cases)]
    places = [show_call(name, args) for args in cases]
    results: list[tuple[object, np.ndarray] | AssertionError] = []
    handed: list[list[object]] = []
    for args, where in zip(cases, places, strict=True):
        try:
            result, given = call_on_copies(fn, args, name, where)
            handed.append(given)
            results.append((result, as_number_array(result, where)))
        except AssertionError as error:
            handed.append([])
            results.append(error)
    gots = [None if isinstance(item, AssertionError) else item[1] for item in results]
    for index, item in enumerate(results):
        if isinstance(item, AssertionError):
            raise item
        result, got = item
        want = wants[index]
        if close(got, want, rtol, atol):
            continue
        reason = (matching_mistake(mistakes, gots, cases, index, rtol, atol, wants)
                  or structure_problem(got, want, rtol, atol)
                  or ratio_problem(gots, wants, cases))
        wrong_value(name, reason, places[index], want, result)
    for item, given, where in zip(results, handed, places, strict=True):
        refuse_alias(item[0], given, where)
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
) -> np.ndarray:
    """Check one call ``fn(*args)`` against ``want``; return the learner's result."""
    __tracebackhide__ = True
    where = show_call(name, args)
    result = call_unchanged(fn, args, name, where)
    got = as_number_array(result, where)
    expected = np.asarray(want, dtype=float)
    reason = diagnose(got, expected, args, mistakes, rtol, atol)
    if reason is not None:
        wrong_value(name, reason, where, expected, result)
    return got


def passed(name: str, count: int) -> None:
    """Print the one-line success message used by every checker."""
    print(f"✔ {name}: all {count} checks passed.")


@checker
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
    candidates = list(predicted)
    for mistake in mistakes:
        try:
            candidates.append((mistake.advice, [mistake.wrong(*snapshot(a)) for a in cases]))
        except Exception:
            continue
    cause = next((advice for advice, answers in candidates if list(answers) == results),
                 f"{name} gave a wrong answer here, and no known mistake explains your "
                 "answers on every case (compare expected and got).")
    fail(cause, where=places[first], expected=expected[first], got=results[first])


@checker
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


def uses_matmul_operator(fn: object) -> bool:
    """Whether ``fn``'s source uses the ``@`` operator (False when the source is unreadable).

    First used in chapter 01 (dot may not use @); chapter 02 rules it out of matvec_columns.
    """
    tree = source_tree(fn)
    if tree is None:
        return False
    return any(isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.MatMult)
               for node in ast.walk(tree))
