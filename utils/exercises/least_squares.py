"""Checkers for chapter 03 (least squares): sum_of_squared_residuals, least_squares, ridge,
is_least_squares.

Every exercise uses the same convention: ``X`` holds the features, one sample per row, with
no column of ones; ``w`` has one more entry than ``X`` has columns, the intercept first
(``w[0]``), then one weight per feature. The references are hand-worked tables and
``np.linalg.lstsq`` (on the design matrix [1 | X], or on a stacked system for ridge);
mistakes are alternative formulas or answers worked out in advance.
"""

from __future__ import annotations

import functools

import numpy as np

from utils import toys
from utils.check import (
    Mistake,
    calls_named,
    check_fingerprint,
    check_function,
    checker,
    fail,
    require_result,
    show,
)


def design(X) -> np.ndarray:
    """The design matrix [1 | X]: a column of ones (the intercept), then the features."""
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(X.shape[0]), X])


def _lstsq(A, y) -> np.ndarray:
    return np.linalg.lstsq(np.asarray(A, dtype=float), np.asarray(y, dtype=float))[0]


def _residual(X, y, w) -> np.ndarray:
    return np.asarray(y, dtype=float) - design(X) @ np.asarray(w, dtype=float)


# Appended to a shape or singular-matrix error raised inside the learner's function.
_SHAPE_HINT = ("shapes that do not fit usually mean a missing column of ones, or A @ A.T "
               "(n × n, one row per sample) where the normal equations need A.T @ A")
_SSR_HINT = ("X has d columns but w has d + 1 entries, the intercept first: predict with "
             "w[0] + X @ w[1:], or build A = [1 | X] with a column of ones")
_ORTHOGONALITY_HINT = ("w has d + 1 entries, the intercept first, so the design matrix "
                       "A = [1 | X] needs its column of ones")
_SHAPE_WORDS = ("mismatch", "not aligned", "broadcast", "shape", "Singular")


def _with_shape_hint(fn: object, hint: str = _SHAPE_HINT) -> object:
    """Wrap ``fn`` so that a shape or singular-matrix ValueError carries ``hint``."""
    if not callable(fn):
        return fn

    @functools.wraps(fn)
    def hinted(*args):
        try:
            return fn(*args)
        except ValueError as error:  # np.linalg.LinAlgError is a ValueError too
            text = str(error)
            if not any(word in text for word in _SHAPE_WORDS):
                raise
            try:
                better = type(error)(f"{text} ({hint})")
            except Exception:
                better = ValueError(f"{text} ({hint})")
            raise better from None

    return hinted


def _refuse_builtins(fn: object, name: str, how: str) -> None:
    """Fail when ``fn`` calls a library least-squares solver: the exercise is to build it."""
    __tracebackhide__ = True
    called = calls_named(fn, ("lstsq", "pinv", "polyfit", "Polynomial"))
    if called is not None:
        fail(f"{name} calls {called}(); the exercise is to {how} yourself, with np.linalg.solve.")


# ---------------------------------------------------------------------------------------
# sum_of_squared_residuals(X, y, w): L(w) = sum_i (y_i - w0 - x_i . w[1:])²
# ---------------------------------------------------------------------------------------

# (X, y, w) -> the sum of squared residuals, worked out by hand. In the first case the
# residuals are (1, -2, 3), so the squared, absolute, signed and norm versions all differ.
SSR_TABLE = (
    ((np.array([[0.0], [1.0], [2.0]]), np.array([2.0, 1.0, 8.0]), np.array([1.0, 2.0])), 14.0),
    ((np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 7.0, 4.0]),
      np.array([1.0, 1.0])), 16.0),
    ((np.array([[1.0], [2.0], [3.0]]), np.array([3.0, 2.0, 1.0]), np.array([0.0, 1.0])), 8.0),
    ((np.array([[1.0, 2.0], [0.0, 1.0], [2.0, 0.0], [1.0, 1.0]]), np.array([4.0, 1.0, 5.0, 1.0]),
      np.array([0.5, 1.0, 1.0])), 9.0),
    ((np.array([[2], [4], [6]]), np.array([1, 5, 9]), np.array([-5, 2])), 12.0),
    ((np.array([[2], [4], [6]]), np.array([1, 5, 9]), np.array([-3, 2])), 0.0),
)

SSR_MISTAKES = (
    Mistake("you returned ‖r‖, the length of the residual vector: that is the unsquared "
            "residual norm. The loss is its square, the sum of the squared residuals rᵢ².",
            lambda X, y, w: np.linalg.norm(_residual(X, y, w))),
    Mistake("you added the unsquared residuals |rᵢ| (that is the L1 loss); square each "
            "residual, then add.",
            lambda X, y, w: np.sum(np.abs(_residual(X, y, w)))),
    Mistake("you added the signed, unsquared residuals, so positive and negative ones cancel; "
            "square each residual before adding.",
            lambda X, y, w: np.sum(_residual(X, y, w))),
    Mistake("you squared the sum of the residuals; square each residual, then add.",
            lambda X, y, w: np.sum(_residual(X, y, w)) ** 2),
    Mistake("you averaged (that is the mean squared error); return the sum of the squared "
            "residuals.",
            lambda X, y, w: np.mean(_residual(X, y, w) ** 2)),
    Mistake("you left out the intercept w[0]: the prediction is w[0] + X @ w[1:].",
            lambda X, y, w: np.sum((np.asarray(y) - np.asarray(X) @ np.asarray(w)[1:]) ** 2)),
    Mistake("w[0] is the intercept and w[1:] the feature weights; you used the last entry "
            "as the intercept.",
            lambda X, y, w: np.sum((np.asarray(y) - np.asarray(w)[-1]
                                    - np.asarray(X) @ np.asarray(w)[:-1]) ** 2)),
)


@checker
def check_sum_of_squared_residuals(sum_of_squared_residuals: object, table=SSR_TABLE) -> None:
    """Check ``sum_of_squared_residuals(X, y, w)`` on hand-worked cases (ints and floats)."""
    __tracebackhide__ = True
    check_function(_with_shape_hint(sum_of_squared_residuals, _SSR_HINT), [args for args, _ in table],
                   [want for _, want in table], name="sum_of_squared_residuals",
                   mistakes=SSR_MISTAKES)


# ---------------------------------------------------------------------------------------
# least_squares(X, y): solve the normal equations (A^T A) w = A^T y with A = [1 | X]
# ---------------------------------------------------------------------------------------

_rng = np.random.default_rng(303)
_X_RANDOM = _rng.normal(loc=5.0, scale=2.0, size=(40, 3))
_Y_RANDOM = 1.5 + _X_RANDOM @ np.array([2.0, -1.0, 0.5]) + _rng.normal(size=40)

# The first and third cases are square (n = d + 1): there A @ A.T and A.T @ A have the same
# shape, so solving with the wrong one returns a wrong answer instead of a shape error.
LEAST_SQUARES_CASES = (
    (np.array([[2.0], [0.0]]), np.array([5.0, 1.0])),
    (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 2.0, 5.0])),
    (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([3.0, 2.0, 4.0])),
    (np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0], [5.0, 4.0], [6.0, 7.0]]),
     np.array([3.0, 2.5, 6.0, 5.0, 6.5, 9.0])),
    (np.array([[1], [2], [4], [5], [7]]), np.array([2, 5, 8, 9, 14])),
    (_X_RANDOM, _Y_RANDOM),
)


def _solve_wrong_side(X, y, right_side):
    A = design(X)
    return np.linalg.solve(A @ A.T, right_side(A, np.asarray(y, dtype=float)))


_WRONG_SIDE = ("you solved with A @ A.T, an n × n matrix (one row and column per sample); "
               "the normal equations use A.T @ A, of shape (d + 1, d + 1): (A.T @ A) w = A.T @ y.")
_NO_INTERCEPT = ("you fitted without an intercept column: put a column of ones in front of X, "
                 "A = np.column_stack([np.ones(len(X)), X]), and return d + 1 numbers, the "
                 "intercept first.")
_INTERCEPT_LAST = ("you put the column of ones last, so the intercept comes out last; put it "
                   "first (w[0] is the intercept).")

LEAST_SQUARES_MISTAKES = (
    Mistake(_WRONG_SIDE, lambda X, y: _solve_wrong_side(X, y, lambda A, y: A.T @ y)),
    Mistake(_WRONG_SIDE, lambda X, y: _solve_wrong_side(X, y, lambda A, y: y)),
    Mistake(_NO_INTERCEPT, lambda X, y: _lstsq(X, y)),
    Mistake(_NO_INTERCEPT + " (A fixed w[0] = 0 is a line forced through the origin.)",
            lambda X, y: np.r_[0.0, _lstsq(X, y)]),
    Mistake(_INTERCEPT_LAST, lambda X, y: _lstsq(np.column_stack([X, np.ones(len(X))]), y)),
    Mistake("the right-hand side of the normal equations is A.T @ y, not y.",
            lambda X, y: np.linalg.solve(design(X).T @ design(X), np.asarray(y, dtype=float))),
)


@checker
def check_least_squares(least_squares: object, cases=LEAST_SQUARES_CASES) -> None:
    """Check ``least_squares(X, y)`` (intercept first) against ``np.linalg.lstsq`` on [1 | X].

    Calling a library solver (lstsq, pinv, polyfit) fails: the exercise is to solve the
    normal equations.
    """
    __tracebackhide__ = True
    _refuse_builtins(least_squares, "least_squares", "solve the normal equations")
    check_function(_with_shape_hint(least_squares), cases, lambda X, y: _lstsq(design(X), y),
                   name="least_squares", mistakes=LEAST_SQUARES_MISTAKES, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------------------
# ridge(X, y, lam): minimise |y - A w|² + lam |w[1:]|², the intercept not penalised
# ---------------------------------------------------------------------------------------


def penalty_matrix(size: int, intercept: bool = False) -> np.ndarray:
    """The identity of this size, with 0 in the top-left corner unless ``intercept``."""
    P = np.eye(size)
    if not intercept:
        P[0, 0] = 0.0
    return P


def ridge_reference(X, y, lam, intercept: bool = False) -> np.ndarray:
    """The ridge weights from ``np.linalg.lstsq`` on the stacked system [A; √λ P] w ≈ [y; 0].

    Minimising |y - A w|² + |√λ P w|² is ordinary least squares on that taller system, so
    no normal equations are solved here. ``intercept=True`` penalises w[0] as well (the
    mistake). Returns d + 1 weights, the intercept first.
    """
    A = design(X)
    root = np.sqrt(float(lam)) * penalty_matrix(A.shape[1], intercept)
    return _lstsq(np.vstack([A, root]), np.concatenate([np.asarray(y, dtype=float),
                                                        np.zeros(A.shape[1])]))


def _normal_ridge(X, y, matrix):
    A = design(X)
    return np.linalg.solve(matrix(A), A.T @ np.asarray(y, dtype=float))


def _rhs_ridge(X, y, extra):
    """The normal equations with λ put on the right-hand side: AᵀA w = Aᵀy + extra(A)."""
    A = design(X)
    return np.linalg.solve(A.T @ A, A.T @ np.asarray(y, dtype=float) + extra(A))


_RIGHT_SIDE = ("you put λ on the right-hand side (A.T @ y + λ); it belongs with A.T @ A on "
               "the left: (A.T @ A + λP) w = A.T @ y, P the identity with P[0, 0] = 0.")


def _no_intercept_ridge(X, y, lam):
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ np.asarray(y, dtype=float))


# The first case is square (n = d + 1) and has lam = 3, so 2λ, λ/2 and λ² all differ; the
# second has targets far from 0, where penalising the intercept drags it towards 0; the
# last has a huge lam: the weights go to 0 and the intercept to the mean of y.
RIDGE_CASES = (
    (np.array([[2.0], [0.0]]), np.array([5.0, 1.0]), 3.0),
    (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([11.0, 13.0, 12.0, 15.0]), 2.0),
    (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3.0, 2.0, 5.0]), 0.0),
    (np.array([[1.0, 1.1], [2.0, 2.0], [3.0, 2.9], [4.0, 4.2], [5.0, 4.9]]),
     np.array([4.0, 8.5, 12.0, 17.0, 20.5]), 0.5),
    (np.array([[1], [2], [4], [5], [7]]), np.array([2, 5, 8, 9, 14]), 3),
    (_X_RANDOM, _Y_RANDOM, 10.0),
    (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([11.0, 13.0, 12.0, 15.0]), 1e6),
)

RIDGE_MISTAKES = (
    Mistake("you penalised the intercept too: λ belongs on the feature weights only. Use the "
            "identity with 0 in its top-left corner (P = np.eye(d + 1); P[0, 0] = 0), so that "
            "shifting y by a constant only shifts the intercept.",
            lambda X, y, lam: ridge_reference(X, y, lam, intercept=True)),
    Mistake(_NO_INTERCEPT, _no_intercept_ridge),
    Mistake(_WRONG_SIDE.replace("A.T @ y.", "A.T @ y, plus λ on the diagonal."),
            lambda X, y, lam: _normal_ridge(
                X, y, lambda A: A @ A.T + lam * penalty_matrix(A.shape[0]))),
    Mistake(_WRONG_SIDE.replace("A.T @ y.", "A.T @ y, plus λ on the diagonal."),
            lambda X, y, lam: _normal_ridge(X, y, lambda A: A @ A.T + lam * np.eye(A.shape[0]))),
    Mistake("you added λ to every entry of A.T @ A (a number broadcasts to the whole matrix); "
            "add it on the diagonal only: A.T @ A + lam * P, with P the identity with "
            "P[0, 0] = 0.",
            lambda X, y, lam: _normal_ridge(X, y, lambda A: A.T @ A + lam)),
    Mistake("your result ignores lam: that is the plain least-squares fit. Add λ to the "
            "diagonal of A.T @ A, except for the intercept's entry.",
            lambda X, y, lam: _lstsq(design(X), y)),
    Mistake("you used 2λ; the ridge normal equations are (A.T @ A + λP) w = A.T @ y.",
            lambda X, y, lam: ridge_reference(X, y, 2 * lam)),
    Mistake("you used λ/2; the ridge normal equations are (A.T @ A + λP) w = A.T @ y.",
            lambda X, y, lam: ridge_reference(X, y, lam / 2)),
    Mistake("you subtracted λ; ridge adds it: A.T @ A + λP.",
            lambda X, y, lam: _normal_ridge(X, y, lambda A: A.T @ A - lam * penalty_matrix(
                A.shape[1]))),
    Mistake(_INTERCEPT_LAST, lambda X, y, lam: np.roll(ridge_reference(X, y, lam), -1)),
    Mistake("you used √λ; the ridge normal equations are (A.T @ A + λP) w = A.T @ y.",
            lambda X, y, lam: ridge_reference(X, y, np.sqrt(lam))),
    Mistake(_RIGHT_SIDE, lambda X, y, lam: _rhs_ridge(X, y, lambda A: lam)),
    Mistake(_RIGHT_SIDE, lambda X, y, lam: _rhs_ridge(
        X, y, lambda A: lam * np.diag(penalty_matrix(A.shape[1])))),
    Mistake(_RIGHT_SIDE, lambda X, y, lam: _rhs_ridge(X, y, lambda A: -lam)),
)


@checker
def check_ridge(ridge: object, cases=RIDGE_CASES) -> None:
    """Check ``ridge(X, y, lam)`` (intercept first, not penalised) against a stacked lstsq."""
    __tracebackhide__ = True
    _refuse_builtins(ridge, "ridge", "solve the ridge normal equations")
    check_function(_with_shape_hint(ridge), cases, ridge_reference, name="ridge",
                   mistakes=RIDGE_MISTAKES, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------------------
# is_least_squares(X, y, w, tol): is r = y - A w orthogonal to every column of A?
# ---------------------------------------------------------------------------------------

_x8, _y8 = toys.noisy_line(n=8, seed=5)
_X8 = _x8[:, np.newaxis]
_W8 = _lstsq(design(_X8), _y8)
_X8B, _Y8B = 1000 * _X8, 1e5 * _y8  # the same points in other units: x in mm, y in cents
_W8B = _lstsq(design(_X8B), _Y8B)
_X2 = np.column_stack([_x8, np.sin(3 * _x8)])
_Y2 = _y8 + np.sin(3 * _x8)
_W2 = _lstsq(design(_X2), _Y2)
_W_ORIGIN = np.r_[0.0, _lstsq(_X8, _y8)]  # the best line through the origin
_STEEP = _W8[1] + 0.3
_W_CENTRED = np.array([_y8.mean() - _STEEP * _x8.mean(), _STEEP])  # residuals sum to 0
_Y_EXACT = 1.5 - 0.5 * _x8
_Y_NEAR = _Y_EXACT + 1e-12 * np.random.default_rng(6).normal(size=8)
_W_NEAR = _lstsq(design(_X8), _Y_NEAR)

# (label, (X, y, w, tol), the right answer). The answers follow from how each w was made:
# np.linalg.lstsq's w is a least-squares solution; a moved slope, the best line through the
# origin and a slope that is 0.3 too steep are not. tests/test_exercises_least_squares.py
# re-derives every answer, and every mistake's answers below, with NumPy.
ORTHOGONALITY_TABLE = (
    ("8 noisy points and w = np.linalg.lstsq's fit (tol = 1e-8)", (_X8, _y8, _W8, 1e-8), True),
    ("the same 8 points, the least-squares slope plus 0.1 (tol = 1e-8)",
     (_X8, _y8, _W8 + np.array([0.0, 0.1]), 1e-8), False),
    ("the same 8 points and the best line through the origin, w[0] = 0 (tol = 1e-8)",
     (_X8, _y8, _W_ORIGIN, 1e-8), False),
    ("the same 8 points, a slope 0.3 too steep with the intercept that makes the residuals "
     "sum to 0 (tol = 1e-8)", (_X8, _y8, _W_CENTRED, 1e-8), False),
    ("the same points in other units (x times 1000, y times 100 000) and their lstsq fit "
     "(tol = 1e-8)", (_X8B, _Y8B, _W8B, 1e-8), True),
    ("8 points exactly on y = 1.5 - 0.5 x and w = (1.5, -0.5) (tol = 1e-8)",
     (_X8, _Y_EXACT, np.array([1.5, -0.5]), 1e-8), True),
    ("8 points within 1e-12 of a line and their lstsq fit (tol = 1e-8)",
     (_X8, _Y_NEAR, _W_NEAR, 1e-8), True),
    ("the 8 noisy points, the least-squares slope plus 0.002, and a loose tol = 0.01",
     (_X8, _y8, _W8 + np.array([0.0, 2e-3]), 1e-2), True),
    ("two features (x and sin 3x) and their lstsq fit (tol = 1e-8)", (_X2, _Y2, _W2, 1e-8), True),
    ("two features (x and sin 3x), the lstsq fit with the second weight plus 0.05 (tol = 1e-8)",
     (_X2, _Y2, _W2 + np.array([0.0, 0.0, 0.05]), 1e-8), False),
)

# Wrong answers, one per case of ORTHOGONALITY_TABLE, each worked out by running the
# mistaken check (re-derived in the tests).
ORTHOGONALITY_MISTAKES = (
    ("you checked the feature columns only and forgot the intercept column of ones: the "
     "best line through the origin has r orthogonal to x, but its residuals do not sum to 0. "
     "Use the design matrix A = [1 | X].",
     (True, False, True, False, True, True, True, True, True, False)),
    ("you checked only the column of ones (that the residuals sum to 0); r must be orthogonal "
     "to every column of A = [1 | X].",
     (True, False, False, True, True, True, True, True, True, False)),
    ("you compared with == 0; rounding leaves A.T @ r at about 1e-15, never exactly 0. Use "
     "the tolerance.",
     (False, False, False, False, False, True, False, False, False, False)),
    ("you compared |A.T @ r| with tol itself; scale it by |a_j| |y| (the same data in other "
     "units must give the same answer).",
     (True, False, False, False, False, True, True, False, True, False)),
    ("your answer ignores the tol argument (a fixed tolerance?).",
     (True, False, False, False, True, True, True, False, True, False)),
    ("you checked that the residuals are small; a least-squares fit of noisy data has "
     "sizeable residuals. What makes it the best fit is that r is orthogonal to every column "
     "of A.",
     (False, False, False, False, False, True, True, False, False, False)),
    ("you checked that r is orthogonal to y; it must be orthogonal to every column of "
     "A = [1 | X] (for the fit, y = A w + r, so r · y = |r|²).",
     (False, False, False, False, False, True, True, True, False, False)),
    ("your answers are the wrong way round: return True when r is orthogonal to the columns.",
     (False, True, True, True, False, False, False, False, False, True)),
)


def _as_bool(result: object, where: str) -> bool:
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, np.ndarray) and result.ndim > 0:
        fail(f"{where} returned an array of shape {result.shape}; combine the per-column "
             "checks into one answer, e.g. with np.all(...).")
    if not isinstance(result, bool | np.bool_):
        fail(f"{where} returned {show(result)} ({type(result).__name__}); return True or False.")
    return bool(result)


@checker
def check_is_least_squares(is_least_squares: object, table=ORTHOGONALITY_TABLE) -> None:
    """Check ``is_least_squares(X, y, w, tol)`` on weights that are and are not the fit.

    A mistake is named only when it explains the answers on every case.
    """
    __tracebackhide__ = True
    check_fingerprint(
        _with_shape_hint(is_least_squares, _ORTHOGONALITY_HINT), [args for _, args, _ in table],
        [answer for _, _, answer in table], name="is_least_squares", convert=_as_bool,
        predicted=[(advice, list(answers)) for advice, answers in ORTHOGONALITY_MISTAKES],
        labels=[label for label, _, _ in table],
    )
