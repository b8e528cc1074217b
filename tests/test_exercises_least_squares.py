"""The chapter 03 checkers (utils.exercises.least_squares), proven both ways without the notebook.

Correct alternatives pass (loop and vectorised, solve, inv and centring, ints and floats);
every named mistake fails with its diagnosis, including the four the chapter's issue lists
(missing intercept column, A Aᵀ instead of Aᵀ A, lambda on the intercept, squared vs
unsquared residual) in every exercise where they can occur; bad returns get one clear
sentence; the fixed tables inside the checker are re-derived here with NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import fails_with
from utils import toys
from utils.exercises import least_squares as L
from utils.exercises.least_squares import (
    check_is_least_squares,
    check_least_squares,
    check_ridge,
    check_sum_of_squared_residuals,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def design(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(len(X)), X])


# ---------------------------------------------------------------------------------------
# sum_of_squared_residuals
# ---------------------------------------------------------------------------------------


def ssr_vectorised(X, y, w):
    r = np.asarray(y) - (w[0] + np.asarray(X) @ np.asarray(w)[1:])
    return float(r @ r)


def ssr_design(X, y, w):
    return float(np.sum((y - design(X) @ w) ** 2))


def ssr_loop(X, y, w):
    total = 0
    for row, target in zip(X, y, strict=True):
        prediction = w[0]
        for weight, value in zip(w[1:], row, strict=True):
            prediction += weight * value
        total += (target - prediction) ** 2
    return total  # an int on int inputs: accepted


def ssr_norm_squared(X, y, w):
    return np.linalg.norm(y - design(X) @ w) ** 2


@pytest.mark.parametrize("fn", [ssr_vectorised, ssr_design, ssr_loop, ssr_norm_squared])
def test_ssr_accepts_correct_versions(fn, capsys):
    """Vectorised, design-matrix, loop (int result on ints) and norm² versions all pass."""
    check_sum_of_squared_residuals(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ sum_of_squared_residuals") and out.out.count("\n") == 1
    assert out.err == ""


def test_ssr_table_rederived():
    """Every hand-worked value equals the sum of squared residuals computed with NumPy."""
    for (X, y, w), want in L.SSR_TABLE:
        assert np.isclose(np.sum((y - design(X) @ w) ** 2), want, rtol=0, atol=1e-12)
    assert any(np.asarray(X).dtype.kind == "i" for (X, _, _), _ in L.SSR_TABLE)


def test_ssr_first_case_separates_the_mistakes():
    """On the first case every mistake gives a different value, and none gives the answer."""
    (args, want) = L.SSR_TABLE[0]
    values = [float(m.wrong(*args)) for m in L.SSR_MISTAKES]
    assert len(set(np.round(values, 9))) == len(values) and want not in values


@pytest.mark.parametrize("mistake", L.SSR_MISTAKES, ids=lambda m: m.advice[:40])
def test_ssr_names_every_mistake(mistake):
    """A function computing a known wrong loss fails with that mistake's advice."""
    fails_with(check_sum_of_squared_residuals, mistake.wrong, mistake.advice)


def test_ssr_unsquared_residual_written_out():
    """The issue's 'squared vs unsquared residual': the norm, |r| and signed sums are named."""
    fails_with(check_sum_of_squared_residuals,
               lambda X, y, w: np.sqrt(np.sum((y - design(X) @ w) ** 2)),
               "unsquared residual norm")
    fails_with(check_sum_of_squared_residuals,
               lambda X, y, w: np.abs(y - design(X) @ w).sum(), "unsquared residuals |rᵢ|")
    fails_with(check_sum_of_squared_residuals,
               lambda X, y, w: (y - design(X) @ w).sum(), "signed, unsquared residuals")


def test_ssr_missing_intercept_column():
    """X @ w without the column of ones is a shape error with the intercept hint."""
    fails_with(check_sum_of_squared_residuals, lambda X, y, w: np.sum((y - X @ w) ** 2),
               "predict with w[0] + X @ w[1:]")


def test_ssr_residual_vector_returned():
    """Returning the squared residuals unsummed asks for one number."""
    fails_with(check_sum_of_squared_residuals, lambda X, y, w: (y - design(X) @ w) ** 2,
               "expected a single number")


# ---------------------------------------------------------------------------------------
# least_squares
# ---------------------------------------------------------------------------------------


def ls_solve(X, y):
    A = design(X)
    return np.linalg.solve(A.T @ A, A.T @ y)


def ls_inverse(X, y):
    A = np.hstack([np.ones((X.shape[0], 1)), X])
    return list(np.linalg.inv(A.T @ A) @ (A.T @ y))  # a list: accepted


def ls_cholesky(X, y):
    A = design(X)
    C = np.linalg.cholesky(A.T @ A)
    return np.linalg.solve(C.T, np.linalg.solve(C, A.T @ y))


def ls_loops(X, y):
    A = design(X)
    k = A.shape[1]
    G = np.array([[sum(A[i, a] * A[i, b] for i in range(len(A))) for b in range(k)]
                  for a in range(k)])
    g = np.array([sum(A[i, a] * y[i] for i in range(len(A))) for a in range(k)])
    return np.linalg.solve(G, g)


@pytest.mark.parametrize("fn", [ls_solve, ls_inverse, ls_cholesky, ls_loops])
def test_least_squares_accepts_correct_versions(fn, capsys):
    """solve, inv (returning a list), Cholesky and loop-built normal equations all pass."""
    check_least_squares(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ least_squares") and out.err == ""


def test_least_squares_cases():
    """Square cases come first (so A Aᵀ gives a wrong answer, not an error); ints included."""
    X, _ = L.LEAST_SQUARES_CASES[0]
    assert X.shape[0] == X.shape[1] + 1
    assert any(np.asarray(X).dtype.kind == "i" for X, _ in L.LEAST_SQUARES_CASES)
    for X, _ in L.LEAST_SQUARES_CASES:
        assert np.linalg.cond(design(X)) < 1e3, "keep the cases well-conditioned"
    assert np.allclose(np.linalg.lstsq(design(L.LEAST_SQUARES_CASES[0][0]),
                                       L.LEAST_SQUARES_CASES[0][1])[0], [1.0, 2.0])


def test_least_squares_first_case_separates_the_mistakes():
    """On the first case each mistake's answer differs from the right one and the others."""
    X, y = L.LEAST_SQUARES_CASES[0]
    want = np.linalg.lstsq(design(X), y)[0]
    answers = [tuple(np.round(np.atleast_1d(m.wrong(X, y)), 9)) for m in L.LEAST_SQUARES_MISTAKES]
    assert len(set(answers)) == len(answers)
    assert tuple(np.round(want, 9)) not in answers


@pytest.mark.parametrize("mistake", L.LEAST_SQUARES_MISTAKES, ids=lambda m: m.advice[:40])
def test_least_squares_names_every_mistake(mistake):
    """A function computing a known wrong fit fails with that mistake's advice."""
    fails_with(check_least_squares, mistake.wrong, mistake.advice)


def test_least_squares_wrong_side_written_out():
    """The issue's 'A Aᵀ instead of Aᵀ A', as a learner writes it, is named on the square case."""

    def wrong_side(X, y):
        A = np.column_stack([np.ones(len(X)), X])
        return np.linalg.solve(A @ A.T, A.T @ y)

    fails_with(check_least_squares, wrong_side, "you solved with A @ A.T")


def test_least_squares_wrong_side_on_a_tall_case_gets_the_hint():
    """On a tall case A Aᵀ gives a shape error; the message still points at A @ A.T."""

    def wrong_side(X, y):
        A = np.column_stack([np.ones(len(X)), X])
        return np.linalg.solve(A @ A.T, A.T @ y)

    message = fails_with(lambda fn: check_least_squares(fn, cases=L.LEAST_SQUARES_CASES[1:]),
                         wrong_side, "raised ValueError")
    assert "A @ A.T" in message and "A.T @ A" in message


def test_least_squares_missing_intercept_written_out():
    """The issue's 'missing intercept column': X alone in the normal equations is named."""
    fails_with(check_least_squares, lambda X, y: np.linalg.solve(X.T @ X, X.T @ y),
               "without an intercept column")


def test_least_squares_refuses_library_solvers():
    """lstsq, pinv and polyfit are refused: the exercise is to solve the normal equations."""

    def with_lstsq(X, y):
        return np.linalg.lstsq(design(X), y)[0]

    def with_pinv(X, y):
        return np.linalg.pinv(design(X)) @ y

    fails_with(check_least_squares, with_lstsq, "calls lstsq()")
    fails_with(check_least_squares, with_pinv, "calls pinv()")


# ---------------------------------------------------------------------------------------
# ridge
# ---------------------------------------------------------------------------------------


def ridge_solve(X, y, lam):
    A = design(X)
    P = np.eye(A.shape[1])
    P[0, 0] = 0
    return np.linalg.solve(A.T @ A + lam * P, A.T @ y)


def ridge_centred(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    weights = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return np.r_[y_mean - x_mean @ weights, weights]


def ridge_diag(X, y, lam):
    A = design(X)
    G = A.T @ A
    G[1:, 1:] += lam * np.eye(A.shape[1] - 1)
    return np.linalg.inv(G) @ A.T @ y


@pytest.mark.parametrize("fn", [ridge_solve, ridge_centred, ridge_diag])
def test_ridge_accepts_correct_versions(fn, capsys):
    """The P-matrix, centring and diagonal-update versions all pass (int lam included)."""
    check_ridge(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ ridge") and out.err == ""


def test_ridge_reference_rederived():
    """The stacked-lstsq reference equals the closed form of the ridge normal equations."""
    for X, y, lam in L.RIDGE_CASES:
        assert np.allclose(L.ridge_reference(X, y, lam), ridge_solve(X, y, lam), rtol=1e-9, atol=1e-9)
    assert np.allclose(L.ridge_reference(*L.RIDGE_CASES[0]), [2.2, 0.8])
    big = L.ridge_reference(*L.RIDGE_CASES[-1])
    assert np.isclose(big[0], np.mean(L.RIDGE_CASES[-1][1]), atol=1e-4) and abs(big[1]) < 1e-4


def test_ridge_cases():
    """λ = 0, an int λ, a huge λ, far-from-0 targets and a square first case are all present."""
    lams = [lam for _, _, lam in L.RIDGE_CASES]
    assert 0.0 in lams and any(isinstance(lam, int) for lam in lams) and max(lams) >= 1e6
    X, y, lam = L.RIDGE_CASES[0]
    assert X.shape[0] == X.shape[1] + 1 and lam == 3.0
    assert any(np.mean(y) > 10 for _, y, _ in L.RIDGE_CASES)


def test_ridge_first_case_separates_the_mistakes():
    """On the first case the mistakes' answers differ from the right one (and each other,
    except two spellings of A @ A.T that share one advice)."""
    X, y, lam = L.RIDGE_CASES[0]
    want = tuple(np.round(L.ridge_reference(X, y, lam), 9))
    answers = {}
    for mistake in L.RIDGE_MISTAKES:
        answer = tuple(np.round(np.atleast_1d(mistake.wrong(X, y, lam)), 9))
        assert answer != want, mistake.advice
        answers.setdefault(answer, set()).add(mistake.advice)
    assert all(len(advice) == 1 for advice in answers.values())


@pytest.mark.parametrize("mistake", L.RIDGE_MISTAKES, ids=lambda m: m.advice[:40])
def test_ridge_names_every_mistake(mistake):
    """A function computing a known wrong ridge fit fails with that mistake's advice."""
    fails_with(check_ridge, mistake.wrong, mistake.advice)


def test_ridge_intercept_penalised_written_out():
    """The issue's 'lambda applied to the intercept': λ times the full identity is named."""

    def penalised(X, y, lam):
        A = np.column_stack([np.ones(len(X)), X])
        return np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)

    fails_with(check_ridge, penalised, "you penalised the intercept too")


def test_ridge_missing_intercept_written_out():
    """Ridge on X alone (no column of ones) is named."""
    fails_with(check_ridge,
               lambda X, y, lam: np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y),
               "without an intercept column")


def test_ridge_wrong_side_written_out():
    """A Aᵀ + λI (the wrong side) is named on the square first case."""

    def wrong_side(X, y, lam):
        A = design(X)
        return np.linalg.solve(A @ A.T + lam * np.eye(len(A)), A.T @ y)

    fails_with(check_ridge, wrong_side, "you solved with A @ A.T")


def test_ridge_broadcast_lambda_written_out():
    """A.T @ A + lam (λ added to every entry) is named."""
    fails_with(check_ridge, lambda X, y, lam: np.linalg.solve(design(X).T @ design(X) + lam,
                                                              design(X).T @ y),
               "added λ to every entry")


def test_ridge_refuses_lstsq():
    """The stacked-lstsq trick is correct but refused: the exercise is the normal equations."""

    def stacked(X, y, lam):
        A = design(X)
        root = np.sqrt(lam) * np.eye(A.shape[1])[1:]
        return np.linalg.lstsq(np.vstack([A, root]), np.r_[y, np.zeros(len(root))])[0]

    fails_with(check_ridge, stacked, "calls lstsq()")


# ---------------------------------------------------------------------------------------
# is_least_squares
# ---------------------------------------------------------------------------------------


def ils_vectorised(X, y, w, tol=1e-8):
    A = design(X)
    r = y - A @ w
    return np.all(np.abs(A.T @ r) <= tol * np.linalg.norm(A, axis=0) * np.linalg.norm(y))


def ils_loop(X, y, w, tol=1e-8):
    A = design(X)
    r = y - A @ w
    y_length = np.sqrt(np.sum(np.square(y)))
    for j in range(A.shape[1]):
        if abs(A[:, j] @ r) > tol * np.sqrt(A[:, j] @ A[:, j]) * y_length:
            return False
    return True


def ils_cosines(X, y, w, tol=1e-8):
    A = design(X)
    r = A @ w - y  # the other sign: the same answer
    cosines = np.abs(r @ A) / (np.linalg.norm(A, axis=0) * np.linalg.norm(y))
    return bool(cosines.max() <= tol)


@pytest.mark.parametrize("fn", [ils_vectorised, ils_loop, ils_cosines])
def test_is_least_squares_accepts_correct_versions(fn, capsys):
    """Vectorised (NumPy bool), loop and cosine versions pass; the residual's sign is free."""
    check_is_least_squares(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ is_least_squares") and out.err == ""


# The mistaken checks, written out; their answers must equal the table in the checker.
def _ratio(columns, r, y):
    return np.abs(columns.T @ r) / (np.linalg.norm(columns, axis=0) * np.linalg.norm(y))


MISTAKEN_CHECKS = [
    lambda X, y, w, tol: bool(np.all(_ratio(np.asarray(X, float), y - design(X) @ w, y) <= tol)),
    lambda X, y, w, tol: bool(np.all(_ratio(np.ones((len(y), 1)), y - design(X) @ w, y) <= tol)),
    lambda X, y, w, tol: bool(np.all(design(X).T @ (y - design(X) @ w) == 0)),
    lambda X, y, w, tol: bool(np.all(np.abs(design(X).T @ (y - design(X) @ w)) <= tol)),
    lambda X, y, w, tol: bool(np.all(_ratio(design(X), y - design(X) @ w, y) <= 1e-8)),
    lambda X, y, w, tol: bool(np.linalg.norm(y - design(X) @ w) <= tol * np.linalg.norm(y)),
    lambda X, y, w, tol: bool(abs(y @ (y - design(X) @ w)) <= tol * (y @ y)),
    lambda X, y, w, tol: not bool(np.all(_ratio(design(X), y - design(X) @ w, y) <= tol)),
]


def test_orthogonality_table_rederived():
    """The right answers follow from the orthogonality rule, by a margin far above rounding."""
    for _, (X, y, w, tol), want in L.ORTHOGONALITY_TABLE:
        ratios = _ratio(design(X), y - design(X) @ w, y)
        assert bool(np.all(ratios <= tol)) == want
        assert ratios.max() < tol / 10 or ratios.max() > 3 * tol, "too close to the tolerance"


def test_orthogonality_mistakes_rederived():
    """Each mistake's recorded answers are what the mistaken check, written out, returns."""
    assert len(MISTAKEN_CHECKS) == len(L.ORTHOGONALITY_MISTAKES)
    expected = [want for _, _, want in L.ORTHOGONALITY_TABLE]
    fingerprints = []
    for check, (advice, answers) in zip(MISTAKEN_CHECKS, L.ORTHOGONALITY_MISTAKES, strict=True):
        got = [check(*args) for _, args, _ in L.ORTHOGONALITY_TABLE]
        assert tuple(got) == answers, advice
        assert list(answers) != expected
        fingerprints.append(tuple(answers))
    assert len(set(fingerprints)) == len(fingerprints), "two mistakes share a fingerprint"


@pytest.mark.parametrize("index", range(len(L.ORTHOGONALITY_MISTAKES)),
                         ids=[a[:40] for a, _ in L.ORTHOGONALITY_MISTAKES])
def test_is_least_squares_names_every_mistake(index):
    """The mistaken check, written out, fails with that mistake's advice."""
    check = MISTAKEN_CHECKS[index]
    fails_with(check_is_least_squares, lambda X, y, w, tol=1e-8: check(X, y, w, tol),
               L.ORTHOGONALITY_MISTAKES[index][0])


def test_is_least_squares_missing_intercept_column():
    """The issue's 'missing intercept column', as a learner writes it, is named."""

    def no_ones(X, y, w, tol=1e-8):
        r = y - (w[0] + X @ w[1:])
        return bool(np.all(np.abs(X.T @ r) <= tol * np.linalg.norm(X, axis=0) * np.linalg.norm(y)))

    fails_with(check_is_least_squares, no_ones, "forgot the intercept column of ones")


def test_is_least_squares_array_returned():
    """Returning the per-column verdicts asks for one answer."""

    def per_column(X, y, w, tol=1e-8):
        A = design(X)
        return np.abs(A.T @ (y - A @ w)) <= tol * np.linalg.norm(A, axis=0) * np.linalg.norm(y)

    fails_with(check_is_least_squares, per_column, "combine the per-column checks")


def test_is_least_squares_shape_error_hint():
    """X @ w with w of length d + 1 is a shape error that points at the column of ones."""
    fails_with(check_is_least_squares,
               lambda X, y, w, tol=1e-8: bool(np.all(X.T @ (y - X @ w) == 0)),
               "needs its column of ones")


def test_is_least_squares_number_returned():
    """Returning the largest ratio (a number) asks for True or False."""
    fails_with(check_is_least_squares,
               lambda X, y, w, tol=1e-8: float(_ratio(design(X), y - design(X) @ w, y).max()),
               "return True or False")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "sum_of_squared_residuals": check_sum_of_squared_residuals,
    "least_squares": check_least_squares,
    "ridge": check_ridge,
    "is_least_squares": check_is_least_squares,
}


def _singular(*args):
    raise np.linalg.LinAlgError("Singular matrix")


BAD_RETURNS = {
    "string": (lambda *args: "42", "returned"),
    "singular": (_singular, "raised LinAlgError: Singular matrix ("),
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("bad", BAD_RETURNS.values(), ids=BAD_RETURNS.keys())
def test_bad_returns_get_one_clear_sentence(checker, bad, capsys):
    """A string returned or a singular-matrix error raised gets its own one-line message, no stderr."""
    fn, text = bad
    fails_with(checker, fn, text)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["sum_of_squared_residuals", "least_squares", "ridge"])
def test_nan_return_is_named(name):
    """A NaN result is called NaN."""
    fails_with(CHECKERS[name], lambda *args: np.full(2, np.nan) if name != "sum_of_squared_residuals"
               else float("nan"), "NaN")


@pytest.mark.parametrize("name", ["least_squares", "ridge"])
def test_wrong_shape_is_named(name):
    """Weights with an extra entry are a wrong shape."""
    reference = {"least_squares": ls_solve, "ridge": ridge_solve}[name]
    fails_with(CHECKERS[name], lambda *args: np.r_[reference(*args), 0.0], "wrong shape")


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    fails_with(checker, 3, "not a function")


def test_in_place_change_is_named():
    """Changing X in place (e.g. appending to it through a view) is refused."""

    def scales_x(X, y):
        X *= 1.0
        X[0, 0] += 1.0
        return ls_solve(X, y)

    fails_with(check_least_squares, scales_x, "in place")


def test_checkers_write_nothing_to_stderr_on_failure(capsys):
    """Failing checks print nothing to stderr (nbgrader counts stderr as failure)."""
    for checker in CHECKERS.values():
        with pytest.raises(AssertionError):
            checker(lambda *args: None)
    assert capsys.readouterr().err == ""


def test_toys_used_by_the_tables_are_seeded():
    """The is_least_squares table rests on toys.noisy_line(n=8, seed=5): same numbers every time."""
    x1, y1 = toys.noisy_line(n=8, seed=5)
    x2, y2 = toys.noisy_line(n=8, seed=5)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)


def ridge_lambda_on_the_right(X, y, lam):
    A = design(X)
    return np.linalg.solve(A.T @ A, A.T @ y + lam)


def test_ridge_lambda_on_the_right_hand_side_is_named():
    """λ added to A.T @ y is named for what it is, not as '2λ' from one coincidence."""
    message = fails_with(check_ridge, ridge_lambda_on_the_right, "λ on the right-hand side")
    assert "2λ" not in message
