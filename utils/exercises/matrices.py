"""Checkers for chapter 02 (matrices): matvec_columns, rotation_matrix, signed_area, dense_layer."""

from __future__ import annotations

import math

import numpy as np

from utils.check import (
    Mistake,
    as_number_array,
    call_unchanged,
    calls_named,
    check_function,
    checker,
    diagnose,
    fail,
    passed,
    quiet_numpy,
    show,
    snapshot,
    uses_matmul_operator,
)

# ---------------------------------------------------------------------------------------
# matvec_columns(A, x): A x as x[0] * A[:, 0] + x[1] * A[:, 1] + ..., without @
# ---------------------------------------------------------------------------------------

_rng = np.random.default_rng(202)
# The first case is square, so combining the rows instead of the columns (A^T x) gives
# an answer of the right shape that can be named; the others cover lists, ints,
# a single row and a single column.
MATVEC_CASES = (
    (np.array([[1, 2], [3, 4]]), [5, -1]),
    (np.array([[1.0, -2.0], [0.5, 4.0], [3.0, 1.0]]), np.array([2.0, 0.5])),
    (np.array([[2.0, 0.0, -1.0], [1.0, 3.0, 2.0]]), [1, -2, 3]),
    (_rng.normal(size=(3, 3)), _rng.normal(size=3)),
    (np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([1.0, -1.0, 2.0, 0.5])),
    (np.array([[2.0], [-1.0], [4.0]]), np.array([1.5])),
)


def _columns_scaled(A, x):
    return np.asarray(A, dtype=float) * np.asarray(x, dtype=float)


MATVEC_MISTAKES = (
    Mistake("rows vs columns: you combined the rows of A (x[i] * A[i, :]), which gives "
            "A.T @ x. Ax combines the columns: x[j] * A[:, j], one column per entry of x.",
            lambda A, x: np.asarray(A, dtype=float).T @ np.asarray(x, dtype=float)),
    Mistake("you scaled each column by its x[j] but did not add the columns up: Ax is one "
            "vector, the sum of the scaled columns.", _columns_scaled),
    Mistake("you added along the wrong axis: (A * x).sum(axis=0) gives one number per "
            "column. Adding the scaled columns together is a sum over axis=1.",
            lambda A, x: _columns_scaled(A, x).sum(axis=0)),
    Mistake("your loop skips the last column — range(n - 1)?",
            lambda A, x: _columns_scaled(A, x)[:, :-1].sum(axis=1)),
    Mistake("your loop skips the first column — range(1, n)?",
            lambda A, x: _columns_scaled(A, x)[:, 1:].sum(axis=1)),
)

# (A, x) pairs whose sizes do not match: the product is not defined, ValueError expected.
MATVEC_ILLEGAL = (
    (np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([1.0, 1.0])),
    (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1.0, 1.0, 1.0])),
)

#: Names whose call would do the product for the learner.
FORBIDDEN_PRODUCTS = ("dot", "matmul", "einsum", "inner", "tensordot", "vdot", "multi_dot")


def _refuse_builtin_product(fn: object, name: str, instead: str) -> None:
    __tracebackhide__ = True
    if uses_matmul_operator(fn):
        fail(f"{name} uses the @ operator; the exercise is to build the product yourself — "
             f"{instead}.")
    called = calls_named(fn, FORBIDDEN_PRODUCTS)
    if called is not None:
        fail(f"{name} calls {called}(); the exercise is to build the product yourself — "
             f"{instead}.")


def _check_illegal(fn: object) -> None:
    __tracebackhide__ = True
    for A, x in MATVEC_ILLEGAL:
        where = f"matvec_columns(A, x) with A of shape {A.shape} and x of length {len(x)}"
        try:
            result = fn(*snapshot([A, x]))
        except ValueError:
            continue
        except Exception as error:
            fail(f"{where} raised {type(error).__name__}; when A has {A.shape[1]} columns but "
                 f"x has {len(x)} entries, raise ValueError with a clear message.")
        fail(f"{where} returned {show(result)}, but Ax is only defined when A has as many "
             f"columns as x has entries ({A.shape[1]} ≠ {len(x)}) — compare A.shape[1] with "
             "len(x) and raise ValueError.")


@checker
def check_matvec_columns(matvec_columns: object, cases=MATVEC_CASES) -> None:
    """Check ``matvec_columns(A, x)`` against ``np.matmul``; no @ or built-in product allowed.

    Sizes that do not match must raise ValueError.
    """
    __tracebackhide__ = True
    _refuse_builtin_product(matvec_columns, "matvec_columns",
                            "add up x[j] * A[:, j] over the columns j")
    check_function(matvec_columns, cases, lambda A, x: np.matmul(A, x), name="matvec_columns",
                   mistakes=MATVEC_MISTAKES, quiet=True)
    _check_illegal(matvec_columns)
    passed("matvec_columns", len(cases) + len(MATVEC_ILLEGAL))


# ---------------------------------------------------------------------------------------
# rotation_matrix(degrees): the 2x2 matrix turning the plane counter-clockwise
# ---------------------------------------------------------------------------------------

_S3, _S2 = math.sqrt(3) / 2, math.sqrt(2) / 2
_C22, _S22 = math.sqrt(2 + math.sqrt(2)) / 2, math.sqrt(2 - math.sqrt(2)) / 2

# degrees -> the rotation matrix, worked out by hand from where e1 and e2 land
# (tests/test_exercises_matrices.py re-derives every entry with np.cos and np.sin).
ROTATION_TABLE = (
    (90, [[0.0, -1.0], [1.0, 0.0]]),
    (30, [[_S3, -0.5], [0.5, _S3]]),
    (180, [[-1.0, 0.0], [0.0, -1.0]]),
    (-45, [[_S2, _S2], [-_S2, _S2]]),
    (120.0, [[-0.5, -_S3], [_S3, -0.5]]),
    (0, [[1.0, 0.0], [0.0, 1.0]]),
    (270, [[0.0, 1.0], [-1.0, 0.0]]),
    (22.5, [[_C22, -_S22], [_S22, _C22]]),
)


def _turn(radians: float) -> np.ndarray:
    """The map z -> e^(i t) z of the complex plane, written as a 2x2 real matrix."""
    z = complex(np.exp(1j * radians))
    return np.array([[z.real, -z.imag], [z.imag, z.real]])


def _minus_lost(degrees: float) -> np.ndarray:
    M = _turn(math.radians(degrees))
    M[0, 1] = -M[0, 1]
    return M


def _sin_cos_swapped(degrees: float) -> np.ndarray:
    M = _turn(math.radians(degrees))
    c, s = M[0, 0], M[1, 0]
    return np.array([[s, -c], [c, s]])


ROTATION_MISTAKES = (
    Mistake("degrees vs radians: np.cos and np.sin take radians, and you gave them degrees. "
            "Convert first: np.radians(degrees), or degrees * np.pi / 180.",
            lambda degrees: _turn(degrees)),
    Mistake("you converted the wrong way round: radians = degrees * π / 180, not "
            "degrees * 180 / π (or use np.radians).",
            lambda degrees: _turn(degrees * 180 / math.pi)),
    Mistake("your matrix turns clockwise (it is the transpose of the rotation): the minus "
            "sign belongs on the top-right entry, [[cos θ, -sin θ], [sin θ, cos θ]].",
            lambda degrees: _turn(-math.radians(degrees))),
    Mistake("you lost the minus sign: the top-right entry is -sin θ. Without it the matrix "
            "is no rotation (it does not keep lengths).", _minus_lost),
    Mistake("you swapped sin and cos: the first column is where e₁ lands, (cos θ, sin θ).",
            _sin_cos_swapped),
)


@checker
def check_rotation_matrix(rotation_matrix: object, table=ROTATION_TABLE) -> None:
    """Check ``rotation_matrix(degrees)`` on hand-worked angles (0, 30, 90, -45, 22.5, ...)."""
    __tracebackhide__ = True
    check_function(rotation_matrix, [(degrees,) for degrees, _ in table],
                   [matrix for _, matrix in table], name="rotation_matrix",
                   mistakes=ROTATION_MISTAKES)


# ---------------------------------------------------------------------------------------
# signed_area(A): det A = ad - bc, the signed area of the unit square's image
# ---------------------------------------------------------------------------------------

# The first case has det > 0 (a flipped sign and a dropped sign differ there) and no
# symmetry, so every formula in SIGNED_AREA_MISTAKES gives a different number on it.
SIGNED_AREA_CASES = (
    (np.array([[2.0, 1.0], [0.5, 3.0]]),),
    (np.array([[2.0, 0.0], [0.0, 3.0]]),),
    (np.array([[1, 2], [3, 4]]),),
    (np.array([[1.0, 1.0], [0.0, 1.0]]),),
    (np.array([[0.0, 1.0], [1.0, 0.0]]),),
    (np.array([[2.0, 4.0], [1.0, 2.0]]),),
    (np.array([[0.5, -1.5], [2.0, 1.0]]),),
    ([[3, 1], [1, 2]],),
    (np.array([[_S3, -0.5], [0.5, _S3]]),),
)


def _entries(A):
    (a, b), (c, d) = np.asarray(A, dtype=float)
    return a, b, c, d


def _apply(formula):
    return lambda A: formula(*_entries(A))


SIGNED_AREA_MISTAKES = (
    Mistake("you added the two products; the determinant subtracts them: ad - bc.",
            _apply(lambda a, b, c, d: a * d + b * c)),
    Mistake("you dropped the sign (abs): the sign says whether the map flips the plane "
            "over, so keep it — return ad - bc itself.",
            _apply(lambda a, b, c, d: abs(a * d - b * c))),
    Mistake("you multiplied along the rows (a·b - c·d); the determinant multiplies the "
            "diagonals: a·d - b·c.", _apply(lambda a, b, c, d: a * b - c * d)),
    Mistake("you multiplied down the columns (a·c - b·d); the determinant multiplies the "
            "diagonals: a·d - b·c.", _apply(lambda a, b, c, d: a * c - b * d)),
    Mistake("you forgot the second term: det A = ad - bc, not just ad.",
            _apply(lambda a, b, c, d: a * d)),
)


@checker
def check_signed_area(signed_area: object, cases=SIGNED_AREA_CASES) -> None:
    """Check ``signed_area(A)`` against ``np.linalg.det``, which it may not call itself."""
    __tracebackhide__ = True
    called = calls_named(signed_area, ("det", "slogdet"))
    if called is not None:
        fail(f"signed_area calls {called}(); the exercise is to write ad - bc yourself.")
    check_function(signed_area, cases, lambda A: np.linalg.det(np.asarray(A, dtype=float)),
                   name="signed_area", mistakes=SIGNED_AREA_MISTAKES)


# ---------------------------------------------------------------------------------------
# dense_layer(X, W, b): Y = X W^T + b, one sample per row, W stored as (out, in)
# ---------------------------------------------------------------------------------------

# (X, W, b, Y): Y worked out by hand. The first case is square everywhere (2 samples,
# 2 inputs, 2 outputs): transposed weights and a bias on the wrong axis then run without
# error and give wrong numbers that can be named. tests/ re-derives every Y with NumPy.
DENSE_TABLE = (
    (np.array([[1.0, 2.0], [3.0, 0.0]]), np.array([[2.0, -1.0], [1.0, 3.0]]),
     np.array([10.0, 20.0]), [[10.0, 27.0], [16.0, 23.0]]),
    (np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 2.0, 0.0], [-1.0, 3.0, 1.0]]),
     np.array([[1.0, -1.0, 0.0], [2.0, 0.0, 1.0]]), np.array([0.5, -1.0]),
     [[1.5, 3.0], [-0.5, -2.0], [0.5, 3.0], [-3.5, -2.0]]),
    (np.array([[2.0, -1.0, 0.5]]), np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]]),
     np.array([1.0, 1.0]), [[2.5, 4.0]]),
    (np.array([[2, -2, -3, -1], [-1, 2, 0, -3], [-1, 1, 2, 2], [3, -2, 3, -3], [0, -2, -2, 1]]),
     np.array([[-1, 0, -2, -2], [2, 0, 1, 1], [3, -1, -2, 1]]), np.array([5, 5, 4]),
     [[11, 5, 17], [12, 0, -4], [-2, 7, -2], [2, 11, 6], [7, 4, 11]]),
)


def _mat(M):
    return np.asarray(M, dtype=float)


DENSE_MISTAKES = (
    Mistake("transposed weights: you computed X @ W. W is stored as (out, in), one row per "
            "output (as nn.Linear stores it), so the batch needs its transpose: X @ W.T + b.",
            lambda X, W, b: _mat(X) @ _mat(W) + _mat(b)),
    Mistake("the bias went along the wrong axis: b[i] was added to every output of sample "
            "i. b has one entry per output, so it lines up with the columns of X @ W.T: "
            "add b of shape (out,) as it is, without turning it into a column.",
            lambda X, W, b: _mat(X) @ _mat(W).T + _mat(b)[:, np.newaxis]),
    Mistake("you forgot to add the bias b.", lambda X, W, b: _mat(X) @ _mat(W).T),
    Mistake("you returned Y transposed, shape (out, n): a batch has one sample per row, so "
            "Y = X @ W.T + b has shape (n, out).",
            lambda X, W, b: _mat(W) @ _mat(X).T + _mat(b)[:, np.newaxis]),
)


def _dense_where(X, W, b) -> str:
    return (f"dense_layer(X, W, b) with X of shape {np.shape(X)}, W {np.shape(W)}, "
            f"b {np.shape(b)}")


def _dense_error_hint(error: ValueError, X, W, b) -> str | None:
    """Name the shape slip behind a ValueError from NumPy, if it is a known one."""
    text = str(error)
    (n, d_in), (d_out, _) = np.shape(X), np.shape(W)
    if "mismatch" in text or "not aligned" in text:
        return (f"a matrix product with mismatched sizes. X is (n, in) = ({n}, {d_in}) and W "
                f"is stored as (out, in) = ({d_out}, {d_in}), so the product is X @ W.T, "
                f"shape ({n}, {d_out}) — transposed weights?")
    if "broadcast" in text:
        return (f"the bias does not broadcast: X @ W.T has shape ({n}, {d_out}) and b, shape "
                f"({d_out},), lines up with its last axis as it is — was b reshaped into a "
                "column (the wrong axis)?")
    return None


@checker
@quiet_numpy
def check_dense_layer(dense_layer: object, table=DENSE_TABLE) -> None:
    """Check ``dense_layer(X, W, b)`` = X W^T + b on hand-worked batches, naming shape slips."""
    __tracebackhide__ = True
    for X, W, b, Y in table:
        where = _dense_where(X, W, b)
        try:
            dense_layer(*snapshot([X, W, b]))
        except ValueError as error:
            hint = _dense_error_hint(error, X, W, b)
            if hint is not None:
                fail(f"{where} raised ValueError ({error}). Likely cause: {hint}")
        except Exception:
            pass  # reported with its input by call_unchanged below
        result = call_unchanged(dense_layer, [X, W, b], "dense_layer", where,
                                names=("X", "W", "b"))
        got = as_number_array(result, where)
        expected = np.asarray(Y, dtype=float)
        reason = diagnose(got, expected, [X, W, b], DENSE_MISTAKES)
        if reason is not None:
            fail(f"{where}: expected {show(expected)}, got {show(result)}."
                 + (f" Likely cause: {reason}" if reason else ""))
    passed("dense_layer", len(table))

