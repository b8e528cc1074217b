"""The chapter 05 checkers (utils.exercises.gradients), proven both ways without the notebook.

Correct alternatives pass (loops and vectorised code, lists and arrays, ints and floats);
every named mistake, written out as a learner would write it, fails with its diagnosis;
bad returns get one clear sentence, never an internal error; the hand-written derivatives
and the hand-worked tables inside the checker are re-derived here with NumPy.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import assert_laid_out, fails_with
from utils.check import close
from utils.exercises import gradients as G
from utils.exercises.gradients import (
    check_central_difference,
    check_jacobian,
    check_least_squares_gradient,
    check_numerical_gradient,
    check_quadratic_gradient,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


# ---------------------------------------------------------------------------------------
# Correct implementations, written the ways a learner might
# ---------------------------------------------------------------------------------------


def central_plain(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def central_divided_twice(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 / h


def central_float(f, x, h=1e-5):
    x = float(x)
    return float((f(x + h) - f(x - h)) / (2.0 * h))


def gradient_loop(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.size)
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def gradient_copies(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = []
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad.append((f(up) - f(down)) / (2 * h))
    return grad  # a list: accepted


def gradient_eye(f, x, h=1e-5):
    x = np.asarray(x)  # ints stay ints, but x + h * e is a new float array
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


def gradient_in_place_restored(f, x, h=1e-5):
    x = np.array(x, dtype=float)  # a copy: stepping it in place leaves the caller's x alone
    grad = np.empty_like(x)
    for i in range(x.size):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def jacobian_column_stack(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.column_stack([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


def jacobian_fill(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    m = np.asarray(f(x)).size
    J = np.zeros((m, x.size))
    for j in range(x.size):
        step = np.zeros(x.size)
        step[j] = h
        J[:, j] = (np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * h)
    return J


def jacobian_rows_transposed(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)]).T


def jacobian_nested_lists(f, x, h=1e-5):
    x = [float(v) for v in x]
    m = len(f(np.array(x)))
    rows = [[0.0] * len(x) for _ in range(m)]
    for j in range(len(x)):
        up, down = list(x), list(x)
        up[j] += h
        down[j] -= h
        diff = (f(np.array(up)) - f(np.array(down))) / (2 * h)
        for i in range(m):
            rows[i][j] = float(diff[i])
    return rows


def quadratic_symmetrised(A, b, x):
    A, b, x = (np.asarray(v, dtype=float) for v in (A, b, x))
    return 0.5 * (A + A.T) @ x - b


def quadratic_two_products(A, b, x):
    A, b, x = (np.asarray(v) for v in (A, b, x))
    return (A @ x + x @ A) / 2 - b  # x @ A is Aᵀx; ints in, floats out


def quadratic_loop(A, b, x):
    n = len(x)
    return [sum(0.5 * (A[i][j] + A[j][i]) * x[j] for j in range(n)) - b[i] for i in range(n)]


def least_squares_matrix(X, y, w):
    X, y, w = (np.asarray(v, dtype=float) for v in (X, y, w))
    return 2 / len(y) * X.T @ (X @ w - y)


def least_squares_row_vector(X, y, w):
    X, y, w = (np.asarray(v) for v in (X, y, w))
    r = X @ w - y
    return 2 * (r @ X) / X.shape[0]


def least_squares_loop(X, y, w):
    n, d = len(X), len(w)
    grad = [0.0] * d
    for i in range(n):
        r = sum(X[i][j] * w[j] for j in range(d)) - y[i]
        for j in range(d):
            grad[j] += 2 * r * X[i][j] / n
    return grad


@pytest.mark.parametrize("fn", [central_plain, central_divided_twice, central_float])
def test_central_accepts_correct_versions(fn, capsys):
    """(f(x+h) − f(x−h)) / (2h), / 2 / h, and a float() result all pass with one line."""
    check_central_difference(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ central_difference") and out.out.count("\n") == 1
    assert out.err == ""


@pytest.mark.parametrize("fn", [gradient_loop, gradient_copies, gradient_eye,
                                gradient_in_place_restored])
def test_gradient_accepts_correct_versions(fn, capsys):
    """A loop, copies stepped in place (list result), np.eye rows and a restored copy pass."""
    check_numerical_gradient(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ numerical_gradient") and out.err == ""


@pytest.mark.parametrize("fn", [jacobian_column_stack, jacobian_fill, jacobian_rows_transposed,
                                jacobian_nested_lists])
def test_jacobian_accepts_correct_versions(fn, capsys):
    """column_stack, J[:, j] = …, rows then .T, and nested lists all pass."""
    check_jacobian(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ jacobian") and out.err == ""


@pytest.mark.parametrize("fn", [quadratic_symmetrised, quadratic_two_products, quadratic_loop])
def test_quadratic_accepts_correct_versions(fn, capsys):
    """½(A + Aᵀ)x − b, (Ax + xA)/2 − b on ints, and a pure-Python loop pass."""
    check_quadratic_gradient(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ quadratic_gradient") and out.err == ""


@pytest.mark.parametrize("fn", [least_squares_matrix, least_squares_row_vector, least_squares_loop])
def test_least_squares_accepts_correct_versions(fn, capsys):
    """(2/n) Xᵀ(Xw − y), 2 (r @ X) / n on ints, and a double loop over lists pass."""
    check_least_squares_gradient(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ least_squares_gradient") and out.err == ""


def test_cases_cover_lists_ints_and_explicit_h():
    """The visible cases include a Python int, an int array, a list and explicit steps h."""
    assert any(isinstance(case[1], int) for case in G.CENTRAL_CASES)
    assert any(len(case) == 3 for case in G.CENTRAL_CASES)
    assert any(isinstance(c[1], np.ndarray) and c[1].dtype.kind == "i" for c in G.GRADIENT_CASES)
    assert any(isinstance(case[1], list) for case in G.GRADIENT_CASES)
    assert any(len(case) == 3 for case in G.GRADIENT_CASES)
    assert any(isinstance(case[1], list) for case in G.JACOBIAN_CASES)
    assert any(isinstance(row[0], list) for row in G.QUADRATIC_TABLE)
    assert any(np.asarray(row[0]).dtype.kind == "i" for row in G.QUADRATIC_TABLE)
    assert any(isinstance(row[0], list) for row in G.LEAST_SQUARES_TABLE)


# ---------------------------------------------------------------------------------------
# The hand-written derivatives and tables, re-derived with NumPy
# ---------------------------------------------------------------------------------------

ALL_FUNCTIONS = [c[0] for c in G.CENTRAL_CASES + G.GRADIENT_CASES + G.JACOBIAN_CASES]
ALL_POINTS = [c[1] for c in G.CENTRAL_CASES + G.GRADIENT_CASES + G.JACOBIAN_CASES]


def _along(f, x, j, t):
    """f at x + t e_j (x a number, or an array stepped in coordinate j)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return np.asarray(f(x + t), dtype=float)
    step = np.zeros(x.size)
    step[j] = t
    return np.asarray(f(x + step), dtype=float)


def _stencil(f, x, j, h, weights):
    """A finite-difference stencil along coordinate j: sum of w_k f(x + k h e_j)."""
    return sum(w * _along(f, x, j, k * h) for k, w in weights.items())


@pytest.mark.parametrize(("f", "x"), list(zip(ALL_FUNCTIONS, ALL_POINTS, strict=True)),
                         ids=[f"{f!r}@{i}" for i, f in enumerate(ALL_FUNCTIONS)])
def test_hand_written_derivatives_match_finite_differences(f, x):
    """first, second and third agree with 4th-order finite-difference stencils, coordinate by coordinate."""
    first, second, third = (np.asarray(d(x), dtype=float) for d in (f.first, f.second, f.third))
    n = np.asarray(x).size if np.ndim(x) else 1
    for j in range(n):
        def col(a, j=j):
            return a[..., j] if np.ndim(x) else a
        h1, h2, h3 = 1e-3, 1e-2, 2e-2
        d1 = _stencil(f, x, j, h1, {-2: 1, -1: -8, 1: 8, 2: -1}) / (12 * h1)
        d2 = _stencil(f, x, j, h2, {-2: -1, -1: 16, 0: -30, 1: 16, 2: -1}) / (12 * h2**2)
        d3 = _stencil(f, x, j, h3, {-3: 1, -2: -8, -1: 13, 1: -13, 2: 8, 3: -1}) / (8 * h3**3)
        assert np.allclose(col(first), d1, rtol=1e-8, atol=1e-8), (f, j)
        assert np.allclose(col(second), d2, rtol=1e-5, atol=1e-5), (f, j)
        assert np.allclose(col(third), d3, rtol=2e-3, atol=2e-3), (f, j)


def test_taylor_predictions_match_real_difference_quotients():
    """On every case, real forward/backward/central quotients equal the Taylor predictions."""
    def quotient(f, x, h, kind):
        x = np.asarray(x, dtype=float)
        if x.ndim == 0:
            up, down = {"central": (h, -h), "forward": (h, 0), "backward": (0, -h)}[kind]
            return (np.asarray(f(x + up)) - np.asarray(f(x + down))) / (up - down)
        cols = []
        for e in np.eye(x.size):
            up, down = {"central": (h, -h), "forward": (h, 0), "backward": (0, -h)}[kind]
            cols.append((np.asarray(f(x + up * e)) - np.asarray(f(x + down * e))) / (up - down))
        return np.stack(cols, axis=-1)

    for case in G.CENTRAL_CASES + G.GRADIENT_CASES + G.JACOBIAN_CASES:
        f, x, h, _ = G._split(case)
        assert np.allclose(quotient(f, x, h, "central"), f.central(x, h), rtol=1e-8, atol=1e-9), f
        assert np.allclose(quotient(f, x, h, "forward"), f.one_sided(x, h, 1), rtol=1e-8, atol=1e-9), f
        assert np.allclose(quotient(f, x, h, "backward"), f.one_sided(x, h, -1), rtol=1e-8, atol=1e-9), f


def test_forward_differences_miss_the_tolerance_on_the_first_case():
    """On the first case of each checker a forward difference is far outside the tolerance."""
    for cases in (G.CENTRAL_CASES, G.GRADIENT_CASES, G.JACOBIAN_CASES):
        f, x, h, _ = G._split(cases[0])
        want, forward = f.central(x, h), f.one_sided(x, h, 1)
        assert not np.allclose(forward, want, rtol=10 * G.RTOL, atol=1e-7), f


def test_quadratic_table_rederived():
    """Each expected gradient equals ½(A + Aᵀ)x − b, and A is non-symmetric from case 2 on."""
    for index, (A, b, x, want) in enumerate(G.QUADRATIC_TABLE):
        A, b, x = (np.asarray(v, dtype=float) for v in (A, b, x))
        assert np.allclose(0.5 * (A + A.T) @ x - b, want, rtol=1e-14, atol=1e-14)
        # and it is the gradient of f: central differences are exact for a quadratic
        f = lambda z, A=A, b=b: 0.5 * z @ A @ z - b @ z  # noqa: E731
        assert np.allclose(gradient_loop(f, x, 1e-3), want, atol=1e-8)
        if index >= 1 and A.shape != (1, 1):
            assert not np.allclose(A, A.T)


def test_least_squares_table_rederived():
    """Each expected gradient equals (2/n) Xᵀ(Xw − y), the gradient of the mean squared error."""
    for X, y, w, want in G.LEAST_SQUARES_TABLE:
        X, y, w = (np.asarray(v, dtype=float) for v in (X, y, w))
        assert np.allclose(2 / len(y) * X.T @ (X @ w - y), want, rtol=1e-14, atol=1e-14)
        loss = lambda v, X=X, y=y: np.mean((X @ v - y) ** 2)  # noqa: E731
        assert np.allclose(gradient_loop(loss, w, 1e-3), want, atol=1e-8)
    assert any(np.shape(row[0])[0] == np.shape(row[0])[1] for row in G.LEAST_SQUARES_TABLE)


def _mistake_lists():
    """(label, mistakes, expected) for every case of every checker."""
    for case in G.CENTRAL_CASES:
        f, x, h, given = G._split(case)
        yield repr(f), G._difference_mistakes(f, x, h, given, ""), f.central(x, h)
    for case in G.GRADIENT_CASES:
        f, x, h, given = G._split(case)
        yield repr(f), G._gradient_mistakes(f, x, h, given), f.central(x, h)
    for case in G.JACOBIAN_CASES:
        f, x, h, given = G._split(case)
        yield repr(f), G._jacobian_mistakes(f, x, h, given), f.central(x, h)
    for A, b, x, want in G.QUADRATIC_TABLE:
        yield "quadratic", G._quadratic_mistakes(A, b, x, want), np.asarray(want)
    for X, y, w, want in G.LEAST_SQUARES_TABLE:
        yield "least squares", G._least_squares_mistakes(X, y, w, want), np.asarray(want)


def test_mistakes_are_told_apart_on_every_case():
    """No predicted mistake equals the right answer or another mistake: a diagnosis is unambiguous."""
    for label, mistakes, want in _mistake_lists():
        assert len(mistakes) >= 5, label
        values = [np.asarray(m.wrong(), dtype=float) for m in mistakes]
        for i, value in enumerate(values):
            assert not close(value, want, G.RTOL, 1e-8), (label, mistakes[i].advice)
            for j in range(i):
                assert not close(value, values[j], G.RTOL, 1e-8), (label, mistakes[i].advice,
                                                                     mistakes[j].advice)


# ---------------------------------------------------------------------------------------
# Mistakes, written out as a learner would
# ---------------------------------------------------------------------------------------

CENTRAL_MISTAKES = {
    "forward difference": lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
    "backward difference": lambda f, x, h=1e-5: (f(x) - f(x - h)) / h,
    "divided by h instead of 2h": lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
    "sign is flipped": lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h),
    "operator precedence": lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h,
    "forgot to divide by 2h": lambda f, x, h=1e-5: f(x + h) - f(x - h),
    "ignored the h argument": lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
}


@pytest.mark.parametrize("advice", CENTRAL_MISTAKES, ids=list(CENTRAL_MISTAKES))
def test_central_names_every_mistake(advice):
    """Each classic slip in central_difference fails with its own diagnosis."""
    fails_with(check_central_difference, CENTRAL_MISTAKES[advice], advice)


def _coordinatewise(formula):
    """A numerical gradient (or Jacobian) that applies ``formula(f, x, step, h)`` per coordinate."""
    def numerical(f, x, h=1e-5):
        x = np.asarray(x, dtype=float)
        cols = [np.asarray(formula(f, x, h * e, h), dtype=float) for e in np.eye(x.size)]
        return np.stack(cols, axis=-1)
    return numerical


def gradient_int_bug(f, x, h=1e-5):
    x = np.asarray(x)  # an int array stays int
    grad = np.zeros(len(x))
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def gradient_all_at_once(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    slope = (f(x + h) - f(x - h)) / (2 * h)
    return np.full(x.size, slope)


def gradient_in_place_unrestored(f, x, h=1e-5):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


GRADIENT_MISTAKES = {
    "forward difference": _coordinatewise(lambda f, x, s, h: (f(x + s) - f(x)) / h),
    "backward difference": _coordinatewise(lambda f, x, s, h: (f(x) - f(x - s)) / h),
    "divided by h instead of 2h": _coordinatewise(lambda f, x, s, h: (f(x + s) - f(x - s)) / h),
    "sign is flipped": _coordinatewise(lambda f, x, s, h: (f(x - s) - f(x + s)) / (2 * h)),
    "ignored the h argument": _coordinatewise(
        lambda f, x, s, h: (f(x + 1e-5 * s / h) - f(x - 1e-5 * s / h)) / 2e-5),
    "x holds integers": gradient_int_bug,
    "stepped all coordinates at once": gradient_all_at_once,
    "you returned f(x)": lambda f, x, h=1e-5: f(np.asarray(x, dtype=float)),
    "in place — work on a copy": gradient_in_place_unrestored,
}


@pytest.mark.parametrize("advice", GRADIENT_MISTAKES, ids=list(GRADIENT_MISTAKES))
def test_gradient_names_every_mistake(advice):
    """Each classic slip in numerical_gradient fails with its own diagnosis."""
    fails_with(check_numerical_gradient, GRADIENT_MISTAKES[advice], advice)


def jacobian_int_bug(f, x, h=1e-5):
    x = np.asarray(x)
    cols = []
    for j in range(len(x)):
        up, down = x.copy(), x.copy()
        up[j] += h
        down[j] -= h
        cols.append((f(up) - f(down)) / (2 * h))
    return np.column_stack(cols)


def jacobian_stacked_columns(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


JACOBIAN_MISTAKES = {
    "transposed": jacobian_stacked_columns,
    "forward difference": _coordinatewise(lambda f, x, s, h: (f(x + s) - f(x)) / h),
    "divided by h instead of 2h": _coordinatewise(lambda f, x, s, h: (f(x + s) - f(x - s)) / h),
    "sign is flipped": _coordinatewise(lambda f, x, s, h: (f(x - s) - f(x + s)) / (2 * h)),
    "ignored the h argument": _coordinatewise(
        lambda f, x, s, h: (f(x + 1e-5 * s / h) - f(x - 1e-5 * s / h)) / 2e-5),
}


@pytest.mark.parametrize("advice", JACOBIAN_MISTAKES, ids=list(JACOBIAN_MISTAKES))
def test_jacobian_names_every_mistake(advice):
    """Each classic slip in jacobian fails with its own diagnosis."""
    fails_with(check_jacobian, JACOBIAN_MISTAKES[advice], advice)


def test_jacobian_transposed_on_a_square_map():
    """Transposed only where J is square (the polar map) is still named."""
    def transposed_if_square(f, x, h=1e-5):
        J = jacobian_column_stack(f, x, h)
        return J.T if J.shape[0] == J.shape[1] else J
    fails_with(check_jacobian, transposed_if_square, "transposed")


def test_jacobian_int_bug():
    """Stepping a copy of an integer x (the list case) in place is named."""
    def int_bug_only_for_lists(f, x, h=1e-5):
        return jacobian_int_bug(f, x, h) if isinstance(x, list) else jacobian_column_stack(f, x, h)
    fails_with(check_jacobian, int_bug_only_for_lists, "x holds integers")


def _arrays(formula):
    return lambda *args: formula(*(np.asarray(v, dtype=float) for v in args))


QUADRATIC_MISTAKES = {
    "A instead of its symmetric part": _arrays(lambda A, b, x: A @ x - b),
    "Aᵀ instead of the symmetric part": _arrays(lambda A, b, x: A.T @ x - b),
    "forgot the ½": _arrays(lambda A, b, x: (A + A.T) @ x - b),
    "kept the ½ in front of A": _arrays(lambda A, b, x: 0.5 * A @ x - b),
    "sign of b": _arrays(lambda A, b, x: 0.5 * (A + A.T) @ x + b),
    "forgot the −b": _arrays(lambda A, b, x: 0.5 * (A + A.T) @ x),
    "points downhill": _arrays(lambda A, b, x: b - 0.5 * (A + A.T) @ x),
    "returned the value f(x)": _arrays(lambda A, b, x: 0.5 * x @ A @ x - b @ x),
}


@pytest.mark.parametrize("advice", QUADRATIC_MISTAKES, ids=list(QUADRATIC_MISTAKES))
def test_quadratic_names_every_mistake(advice):
    """Each classic slip in quadratic_gradient fails with its own diagnosis."""
    fails_with(check_quadratic_gradient, QUADRATIC_MISTAKES[advice], advice)


LEAST_SQUARES_MISTAKES = {
    "half the gradient": _arrays(lambda X, y, w: X.T @ (X @ w - y) / len(y)),
    "times too large": _arrays(lambda X, y, w: 2 * X.T @ (X @ w - y)),
    "sign error": _arrays(lambda X, y, w: 2 / len(y) * X.T @ (y - X @ w)),
    "number of features": _arrays(lambda X, y, w: 2 / len(w) * X.T @ (X @ w - y)),
    "returned the loss": _arrays(lambda X, y, w: np.mean((X @ w - y) ** 2)),
    "one entry per sample": _arrays(lambda X, y, w: 2 / len(y) * (X @ w - y)),
    "use X.T, not X": _arrays(lambda X, y, w: 2 / len(y) * X @ (X @ w - y)),
}


@pytest.mark.parametrize("advice", LEAST_SQUARES_MISTAKES, ids=list(LEAST_SQUARES_MISTAKES))
def test_least_squares_names_every_mistake(advice):
    """Each classic slip in least_squares_gradient fails with its own diagnosis."""
    fails_with(check_least_squares_gradient, LEAST_SQUARES_MISTAKES[advice], advice)


def test_least_squares_x_instead_of_transpose_on_square_x():
    """With a square X, X(Xw − y) has the right shape and is named, not just refused."""
    def x_only_when_square(X, y, w):
        X, y, w = (np.asarray(v, dtype=float) for v in (X, y, w))
        M = X if X.shape[0] == X.shape[1] else X.T
        return 2 / len(y) * M @ (X @ w - y)
    fails_with(check_least_squares_gradient, x_only_when_square, "you used X instead of Xᵀ")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "central_difference": check_central_difference,
    "numerical_gradient": check_numerical_gradient,
    "jacobian": check_jacobian,
    "quadratic_gradient": check_quadratic_gradient,
    "least_squares_gradient": check_least_squares_gradient,
}


BAD_RETURNS = {
    "string": (lambda *args: "42", "returned a str"),
    "dict": (lambda *args: {"grad": 1}, "returned a dict"),
    "nan": (lambda *args: float("nan"), "expected"),
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("bad", BAD_RETURNS.values(), ids=BAD_RETURNS.keys())
def test_bad_returns_get_one_clear_sentence(checker, bad, capsys):
    """A string, a dict or NaN returned each get their own one-line message, nothing on stderr."""
    fn, text = bad
    with pytest.raises(AssertionError, match=re.escape(text)) as info:
        checker(fn)
    assert_laid_out(str(info.value))
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("name", "vector"), [("numerical_gradient", 1), ("quadratic_gradient", 2),
                                              ("least_squares_gradient", 2)])
def test_nan_in_a_vector_is_named(name, vector):
    """A vector result of the right length containing NaN is called NaN."""
    fails_with(CHECKERS[name], lambda *args: np.full(len(args[vector]), np.nan), "contains NaN")


def test_wrong_shape_is_named():
    """A gradient returned as a column (n, 1) is right numbers, wrong shape."""
    fails_with(check_numerical_gradient,
               lambda f, x, h=1e-5: gradient_loop(f, x, h)[:, None], "right numbers, wrong shape")
    fails_with(check_central_difference,
               lambda f, x, h=1e-5: np.array([central_plain(f, x, h)] * 2), "expected a single number")


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    with pytest.raises(AssertionError, match="not a function"):
        checker(3)


def test_known_functions_print_their_names():
    """Messages show the test function by name, not as <function <lambda> at 0x...>."""
    with pytest.raises(AssertionError, match=re.escape("central_difference(sin(3x), 0.4)")):
        check_central_difference(CENTRAL_MISTAKES["forward difference"])
