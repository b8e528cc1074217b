"""Checkers for chapter 00 (start here): standardize, mean_squared_error, close_enough."""

from __future__ import annotations

import math

import numpy as np

from utils import toys
from utils.check import (
    CANCELLATION,
    Mistake,
    as_number_array,
    call_unchanged,
    calls_named,
    check_fingerprint,
    check_function,
    checker,
    fail,
    passed,
    python_loop,
    quiet_numpy,
    require_result,
    right_without_offset,
    show,
    show_call,
    snapshot,
)

# ---------------------------------------------------------------------------------------
# standardize(X): every column to mean 0 and standard deviation 1 (np.std's ddof=0)
# ---------------------------------------------------------------------------------------

STANDARDIZE_CASES = (
    np.array([[1.0, 10.0, 100.0], [2.0, 20.0, 300.0], [3.0, 60.0, 200.0], [6.0, 30.0, 400.0]]),
    np.array([[0.0, 5.0], [4.0, -5.0]]),
    toys.house_features(12, seed=1),
    # A column far from 0 (a timestamp, a price in cents): E[x²] − E[x]² cancels here.
    np.array([[1e8, 0.5], [1e8 + 2.0, -0.5], [1e8 + 4.0, 0.0], [1e8 + 1.0, 1.5]]),
)


@quiet_numpy
def _standardize_problem(X: np.ndarray, Z: np.ndarray) -> str | None:
    """Why Z is not the column-standardised X, judged by properties (None when it is)."""
    n = X.shape[0]
    if Z.shape != X.shape:
        if Z.shape == X.T.shape:
            return f"your result is transposed: shape {Z.shape}, expected {X.shape}."
        return (f"wrong shape: expected {X.shape} (same as X), got {Z.shape} — "
                "check that you broadcast the column statistics back over the rows.")
    if np.isnan(Z).any():
        return "your result contains NaN — a standard deviation of 0 or a NaN in the mean?"
    means, stds = Z.mean(axis=0), Z.std(axis=0)
    if not np.allclose(means, 0, atol=1e-8):
        if np.allclose(Z.mean(axis=1), 0, atol=1e-8):
            return ("your rows have mean 0, not your columns: use the column statistics, "
                    "X.mean(axis=0) and X.std(axis=0).")
        if np.allclose(stds, 1, atol=1e-8):
            return ("the columns do not have mean 0 — subtract each column's own mean, "
                    "X.mean(axis=0) (not the mean of the whole array, and not nothing).")
        return f"the column means should all be 0; yours are {show(means)}."
    if not np.allclose(stds, 1, atol=1e-8):
        if np.allclose(stds, math.sqrt((n - 1) / n), atol=1e-8):
            return ("you divided by the sample standard deviation (ddof=1); this exercise "
                    "uses np.std's default, ddof=0.")
        if np.allclose(stds, X.std(axis=0) / X.std(), atol=1e-8):
            return ("you divided every column by one standard deviation of the whole array "
                    "(X.std()); each column needs its own, X.std(axis=0).")
        if np.allclose(stds, X.std(axis=0), atol=1e-8):
            return "the columns are centred but not scaled — divide by the standard deviation."
        if np.allclose(stds, 1 / X.std(axis=0), rtol=1e-6):
            return "you divided by the variance; divide by its square root, the standard deviation."
        return f"the column standard deviations should all be 1; yours are {show(stds)}."
    for j in range(X.shape[1]):
        correlation = np.corrcoef(X[:, j], Z[:, j])[0, 1]
        if np.isclose(correlation, -1, atol=1e-8):
            return (f"column {j} is flipped: it goes down where X[:, {j}] goes up — "
                    "subtract the mean from X (X - mean), not X from the mean.")
        if not np.isclose(correlation, 1, atol=1e-8):
            return (f"column {j} has mean 0 and std 1 but no longer follows X[:, {j}] — "
                    "did you sort, shuffle or mix up columns?")
    return None


@checker
def check_standardize(standardize: object, cases=STANDARDIZE_CASES) -> None:
    """Check ``standardize(X)``: columns of the result have mean 0 and std 1, in order."""
    __tracebackhide__ = True
    for X in cases:
        where = show_call("standardize", [X])
        result = call_unchanged(standardize, [X], "standardize", where, names=("X",),
                                hint=" (X - mean creates one)")
        Z = as_number_array(result, where)
        problem = _standardize_problem(X, Z)
        if problem and right_without_offset(
                standardize, X, lambda Z, centred: _standardize_problem(centred, Z) is None):
            problem = CANCELLATION
        if problem:
            fail(f"{where}: {problem}")
    passed("standardize", len(cases))


# ---------------------------------------------------------------------------------------
# mean_squared_error(y_true, y_pred): the average of the squared differences
# ---------------------------------------------------------------------------------------

# (y_true, y_pred) -> expected value, worked out by hand.
MSE_TABLE = (
    (([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]), 0.0),
    ((np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 2.0, 2.0])), 1.5),
    (([0.0, 0.0], [3.0, 4.0]), 12.5),
    ((np.array([0.5, -1.0, 2.0]), np.array([0.0, 1.0, 2.0])), 4.25 / 3),
    ((np.array([3, 1, 4, 1, 5]), np.array([2, 7, 1, 8, 2])), 104 / 5),
)

def _squared_errors(t, p) -> np.ndarray:
    return np.square(np.subtract(np.asarray(t, dtype=float), np.asarray(p, dtype=float)))


MSE_MISTAKES = (
    Mistake("you averaged |error| instead of error² — square the differences.",
            lambda t, p: np.mean(np.abs(np.subtract(t, p)))),
    Mistake("you took a square root at the end: that is the RMSE, not the MSE.",
            lambda t, p: np.sqrt(np.mean(np.square(np.subtract(t, p))))),
    Mistake("you divided by n - 1; the mean squared error divides by n.",
            lambda t, p: np.sum(np.square(np.subtract(t, p))) / (len(t) - 1)),
    Mistake("you averaged the errors before squaring; square each error, then average.",
            lambda t, p: np.mean(np.subtract(t, p)) ** 2),
    Mistake("you averaged the signed errors without squaring them, so errors of opposite "
            "sign cancel — square each difference first.",
            lambda t, p: np.mean(np.subtract(t, p))),
    Mistake("your loop skips the last pair — range(len(y_true) - 1)? Add up all n squared "
            "errors, then divide by n.",
            lambda t, p: np.sum(_squared_errors(t, p)[:-1]) / len(t)),
    Mistake("your loop skips the first pair — range(1, len(y_true))? Add up all n squared "
            "errors, then divide by n.",
            lambda t, p: np.sum(_squared_errors(t, p)[1:]) / len(t)),
    Mistake("you left out one pair and averaged the rest (a loop bound off by one): the mean "
            "runs over all n pairs.",
            lambda t, p: np.mean(_squared_errors(t, p)[:-1])),
    Mistake("// is floor division: it rounds the mean down to a whole number. Divide with /.",
            lambda t, p: np.sum(_squared_errors(t, p)) // len(t)),
)


def _mse_list_hint(mean_squared_error: object, table) -> None:
    """Fail with a hint when the function cannot take plain Python lists."""
    __tracebackhide__ = True
    for args, _ in table:
        if not isinstance(args[0], list):
            continue
        try:
            mean_squared_error(*snapshot(args))
        except TypeError as error:
            if "list" in str(error):
                fail(f"{show_call('mean_squared_error', args)} raised TypeError: {error}. "
                     "Python lists do not subtract element-wise: convert the inputs with "
                     "np.asarray(...) first.")
        except Exception:
            return  # any other error is reported by check_function with its input
        return


@checker
def check_mean_squared_error(mean_squared_error: object, table=MSE_TABLE) -> None:
    """Check ``mean_squared_error(y_true, y_pred)`` on lists and arrays, ints and floats.

    A correct loop version passes (correct alternatives are accepted), but the success
    line then says which loop it found, since the exercise asks for a vectorised version.
    """
    __tracebackhide__ = True
    _mse_list_hint(mean_squared_error, table)
    check_function(
        mean_squared_error, [args for args, _ in table], [want for _, want in table],
        name="mean_squared_error", mistakes=MSE_MISTAKES, quiet=True,
    )
    loop = python_loop(mean_squared_error)
    if loop is None:
        passed("mean_squared_error", len(table))
    else:
        print(f"✔ mean_squared_error: all {len(table)} checks passed, but it uses {loop}: "
              "try the vectorised version the task asks for (whole-array operations, np.mean).")


# ---------------------------------------------------------------------------------------
# close_enough(a, b, rel_tol=1e-9, abs_tol=0.0): float comparison with tolerance
# ---------------------------------------------------------------------------------------

# The first cases differ in the first 6 digits, so a failure message shows two visibly
# different numbers; the last one separates "both tolerances must hold" from "==".
CLOSE_ENOUGH_CASES = (
    (101.0, 100.0, 0.00995),
    (100.0, 101.0, 0.00995),
    (100.0, 101.0, 0.005),
    (0.1 + 0.2, 0.3),
    (1.0, 1.0 + 1e-10),
    (1e-12, 0.0),
    (1e-12, 0.0, 1e-9, 1e-9),
    (0.0, 5.0, 1e-9, 0.1),
    (-1.0, 1.0, 1e-9, 0.5),
    (2.0, 2.5, 0.0, 0.5),
    (1.0, 1.0 + 1e-12, 1e-9, 1e-9),
    # Both tolerances count but neither alone is enough: the larger one (0.115) decides,
    # their sum (0.165) would wrongly accept the difference 0.15.
    (1.0, 1.15, 0.1, 0.05),
)


def _diff(a, b):
    return abs(a - b)


CLOSE_ENOUGH_MISTAKES = (
    Mistake("you compared with ==; floats need a tolerance (0.1 + 0.2 != 0.3).",
            lambda a, b, r=1e-9, t=0.0: a == b),
    Mistake("you forgot abs() around a - b, so any a much smaller than b counts as close.",
            lambda a, b, r=1e-9, t=0.0: (a - b) <= max(r * max(abs(a), abs(b)), t)),
    Mistake("your relative tolerance is scaled by |b| only; scale it by max(|a|, |b|) so "
            "close_enough(a, b) == close_enough(b, a).",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= max(r * abs(b), t)),
    Mistake("you required both tolerances to hold; either one is enough (use the larger).",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= min(r * max(abs(a), abs(b)), t)),
    Mistake("you ignored abs_tol: numbers near 0 can only be close in absolute terms.",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= r * max(abs(a), abs(b))),
    Mistake("your relative tolerance is scaled by the smaller of |a| and |b|; scale it by the "
            "larger, max(|a|, |b|).",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= max(r * min(abs(a), abs(b)), t)),
    Mistake("you added the two tolerances; the rule takes the larger one: "
            "max(rel_tol * max(|a|, |b|), abs_tol).",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= r * max(abs(a), abs(b)) + t),
    Mistake("you ignored rel_tol: only abs_tol is used, so nothing is close when abs_tol = 0.",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) <= t),
    Mistake("you used < where the rule is <= (a difference equal to the tolerance is close).",
            lambda a, b, r=1e-9, t=0.0: _diff(a, b) < max(r * max(abs(a), abs(b)), t)),
)


def _as_bool(result: object, where: str) -> bool:
    __tracebackhide__ = True
    require_result(result, where)
    if not isinstance(result, bool | np.bool_):
        fail(f"{where} returned {show(result)} ({type(result).__name__}); return True or False.")
    return bool(result)


FORBIDDEN_IN_CLOSE_ENOUGH = ("isclose", "allclose")


@checker
def check_close_enough(close_enough: object, cases=CLOSE_ENOUGH_CASES) -> None:
    """Check ``close_enough`` against ``math.isclose`` on cases chosen to expose slips.

    Calling ``isclose`` or ``allclose`` (from math or NumPy) fails: the exercise is to
    write the rule.
    """
    __tracebackhide__ = True
    called = calls_named(close_enough, FORBIDDEN_IN_CLOSE_ENOUGH)
    if called is not None:
        fail(f"close_enough calls {called}(); the exercise is to write the rule yourself "
             "with abs() and max().")
    expected = [math.isclose(a, b, rel_tol=r, abs_tol=t)
                for a, b, r, t in (tuple(c) + (1e-9, 0.0)[len(c) - 2:] for c in cases)]
    check_fingerprint(close_enough, cases, expected, name="close_enough", convert=_as_bool,
                      mistakes=CLOSE_ENOUGH_MISTAKES)
