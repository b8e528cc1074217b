"""Checkers for chapter 04 (eigenvectors, SVD and PCA): power_iteration, rank_k, covariance, pca.

No checker holds a solution of its exercise. Eigenvalues come from ``np.linalg.eigvals`` /
``eigvalsh``, the smallest possible rank-k error from the singular values alone
(Eckart–Young), the covariance from ``np.cov``. The learner's vectors are checked by what
defines them (unit length, ``A v = λ v``, the variance along a component), so an
eigenvector or a principal component passes with either sign. Known mistakes are wrong
formulas, tried only to name what went wrong.
"""

from __future__ import annotations

import numpy as np

from utils import toys
from utils.check import (
    CANCELLATION,
    Mistake,
    as_number_array,
    call_unchanged,
    calls_named,
    checker,
    close,
    fail,
    matching_mistake,
    passed,
    quiet_numpy,
    ratio_problem,
    require_result,
    right_without_offset,
    show,
    show_call,
    snapshot,
    structure_problem,
)

ORDINALS = ("largest", "2nd largest", "3rd largest") + tuple(f"{i}th largest" for i in range(4, 21))




def _pair(result: object, where: str, names: tuple[str, str]) -> tuple[object, object]:
    """The two parts of a returned pair, or a failure saying what to return."""
    __tracebackhide__ = True
    require_result(result, where)
    if not isinstance(result, tuple | list) or len(result) != 2:
        fail(f"{where} returned {show(result)}; return a pair ({names[0]}, {names[1]}), "
             f"e.g. `return {names[0]}, {names[1]}`.")
    return result[0], result[1]


def _rows_match(got: np.ndarray, want: np.ndarray, atol: float = 1e-6) -> bool:
    """Same shape, and each row of ``got`` equals the row of ``want`` or its negative."""
    if got.shape != want.shape or got.ndim != 2:
        return False
    same = np.linalg.norm(got - want, axis=1)
    flipped = np.linalg.norm(got + want, axis=1)
    return bool(np.all(np.minimum(same, flipped) <= atol * max(1.0, float(np.abs(want).max()))))


def _eigh_descending(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues largest first and the eigenvectors as ROWS, in the same order."""
    values, vectors = np.linalg.eigh(matrix)
    return values[::-1], vectors[:, ::-1].T


# ---------------------------------------------------------------------------------------
# power_iteration(A, steps, seed) -> (eigenvalue, eigenvector)
# ---------------------------------------------------------------------------------------

# (A, steps, seed): every case has |λ2 / λ1| <= 0.5, so `steps` multiplications converge to
# machine precision. A list, an int matrix, a negative dominant eigenvalue and a matrix that
# is not symmetric (where v @ A, a multiplication by the transpose, goes elsewhere).
POWER_CASES = (
    (np.array([[2, 1], [1, 2]]), 60, 0),
    ([[1.0, 2.0], [2.0, 1.0]], 60, 1),
    (toys.random_symmetric([4.0, 2.0, 1.0], 3), 100, 2),
    (toys.random_symmetric([-5.0, 2.0, 1.0], 4), 100, 3),
    (np.array([[4.0, 1.0], [2.0, 3.0]]), 100, 4),
    (toys.random_symmetric([6.0, 3.0, 2.0, 1.0, 0.5, 0.1], 5), 150, 5),
    # The dominant eigenvector (0, 1, 1)/√2 has a 0 entry: an eigenvalue read off one
    # entry, (A v)[0] / v[0], gives 2 here instead of 6.
    (np.array([[2.0, 0.0, 0.0], [0.0, 5.0, 1.0], [0.0, 1.0, 5.0]]), 130, 6),
)

#: A slowly converging matrix (|λ2 / λ1| = 0.9): after 3 steps the seed still shows.
POWER_SEED_MATRIX = toys.random_symmetric([1.0, 0.9, 0.5], 6)


def dominant_eigenvalue(A) -> float:
    """The eigenvalue of largest absolute value (real for every matrix used here)."""
    values = np.linalg.eigvals(np.asarray(A, dtype=float))
    return float(np.real(values[np.argmax(np.abs(values))]))


def _power_result(result: object, where: str, n: int) -> tuple[float, np.ndarray]:
    """Validate (eigenvalue, eigenvector): a number and a finite 1-D vector of length n."""
    __tracebackhide__ = True
    first, second = _pair(result, where, ("eigenvalue", "eigenvector"))
    value = as_number_array(first, f"{where}[0] (the eigenvalue)")
    vector = as_number_array(second, f"{where}[1] (the eigenvector)")
    if value.ndim == 1 and value.size == n and vector.ndim == 0:
        fail(f"{where} returned (vector, number); return them the other way round: "
             "(eigenvalue, eigenvector).")
    if value.ndim != 0:
        fail(f"{where}: the eigenvalue should be a single number, got an array of shape "
             f"{value.shape} — with a unit vector v it is the number v @ A @ v.")
    if vector.shape != (n,):
        if vector.size == n:
            fail(f"{where}: return the eigenvector as a 1-D array of shape ({n},), not shape "
                 f"{vector.shape} (use .ravel()).")
        fail(f"{where}: the eigenvector should have shape ({n},), got shape {vector.shape}.")
    if not (np.all(np.isfinite(vector)) and np.isfinite(value)):
        fail(f"{where} returned {show(result)}, which contains NaN or inf — normalise v at "
             "every step (the entries of A^t v grow like |λ1|^t and overflow), and never "
             "divide by the norm of a zero vector.")
    return float(value), vector


@quiet_numpy
def _check_power_case(fn: object, args: tuple) -> None:
    __tracebackhide__ = True
    A = np.asarray(args[0], dtype=float)
    steps, n = args[1], A.shape[0]
    where = show_call("power_iteration", args) if n <= 2 else (
        f"power_iteration(A, {steps}, {args[2]}) with A the {n} x {n} matrix of eigenvalues "
        f"{show(np.round(np.sort(np.linalg.eigvals(A).real)[::-1], 6))}")
    value, vector = _power_result(call_unchanged(fn, args, "power_iteration", where,
                                                 names=("A",)), where, n)
    top = dominant_eigenvalue(A)
    length = float(np.linalg.norm(vector))
    if length == 0:
        fail(f"{where} returned the zero vector as the eigenvector.")
    if abs(length - 1) > 1e-6:
        fail(f"{where}: the eigenvector has length {length:.6g}, not 1 — divide by its norm "
             "(v / np.linalg.norm(v)) after every multiplication, and return the unit vector.")
    tolerance = 1e-7 * max(1.0, abs(top))
    if np.linalg.norm(A @ vector - top * vector) > tolerance:
        others = [float(np.real(v)) for v in np.linalg.eigvals(A) if abs(v - top) > 1e-9]
        if np.linalg.norm(A.T @ vector - top * vector) <= tolerance:
            reason = ("your vector is an eigenvector of Aᵀ, not of A: `v @ A` multiplies by "
                      "the transpose (this A is not symmetric) — write `A @ v`.")
        elif any(np.linalg.norm(A @ vector - other * vector) <= tolerance for other in others):
            reason = (f"your vector belongs to another eigenvalue; power iteration converges to "
                      f"the eigenvalue largest in absolute value, {top:.6g}.")
        else:
            reason = ("after all the steps it is still not an eigenvector: in the loop, multiply "
                      "the current vector (v = A @ v, not A @ v0) and normalise it, `steps` times.")
        fail(f"{where}: A v should equal {top:.6g} v (v any unit eigenvector of that "
             f"eigenvalue, either sign), but |A v − {top:.6g} v| = "
             f"{np.linalg.norm(A @ vector - top * vector):.3g}. Likely cause: {reason}")
    if not np.isclose(value, top, rtol=1e-6, atol=1e-9):
        if top < 0 and np.isclose(value, -top, rtol=1e-6):
            reason = ("the sign is lost: ‖A v‖ is |λ|. Use the Rayleigh quotient v @ A @ v "
                      "(v of length 1), which keeps the sign.")
        elif np.isclose(value, 1.0):
            reason = "you returned the length of v (1), not the eigenvalue v @ A @ v."
        elif np.isclose(value, top**2, rtol=1e-6):
            reason = "that is λ²: you multiplied by A twice (v @ A @ A @ v?); use v @ A @ v."
        elif any(np.isclose(value, (A @ vector)[i] / vector[i], rtol=1e-6)
                 for i in range(n) if 0 < abs(vector[i]) < 1e-6):
            reason = ("you read λ off one entry, (A v)[i] / v[i]: that ratio is meaningless "
                      "where the eigenvector has a 0 entry, as this one does. Use the Rayleigh "
                      "quotient v @ A @ v, which uses every entry.")
        else:
            reason = "with a unit vector v the eigenvalue is the Rayleigh quotient v @ A @ v."
        fail(f"{where}: the eigenvector is right, but the eigenvalue should be {top:.6g}, got "
             f"{show(value)}. Likely cause: {reason}")


@quiet_numpy
def _check_power_seed(fn: object) -> None:
    """Same seed, same answer; another seed, another answer after only 3 slow steps."""
    __tracebackhide__ = True
    A = POWER_SEED_MATRIX
    where = "power_iteration(A, 3, seed) with |λ2 / λ1| = 0.9"
    results = [_power_result(call_unchanged(fn, (A, 3, seed), "power_iteration", where,
                                            names=("A",)), where, 3)[1]
               for seed in (7, 7, 8)]
    if not np.allclose(results[0], results[1], rtol=1e-12, atol=1e-12):
        fail(f"{where}: two calls with seed=7 returned different vectors — draw the start "
             "vector from rng = np.random.default_rng(seed), not from unseeded np.random.")
    if _rows_match(results[0][None], results[2][None], atol=1e-6):
        fail(f"{where}: seed=7 and seed=8 returned the same direction after only 3 steps — "
             "draw the start vector from np.random.default_rng(seed), and run exactly "
             "`steps` multiplications (not until convergence).")


POWER_BUILT_INS = ("eig", "eigh", "eigvals", "eigvalsh", "svd")


@checker
def check_power_iteration(power_iteration: object, cases=POWER_CASES) -> None:
    """Check ``power_iteration(A, steps, seed) -> (eigenvalue, eigenvector)``.

    The eigenvalue must be the one largest in absolute value (``np.linalg.eigvals``), the
    eigenvector a unit vector with ``A v = λ v`` — either sign. The same seed must give the
    same answer, another seed another one (checked after 3 steps, before convergence).
    """
    __tracebackhide__ = True
    built_in = calls_named(power_iteration, POWER_BUILT_INS)
    if built_in:
        fail(f"power_iteration calls np.linalg.{built_in}: find the eigenvector by repeated "
             "multiplication instead (the built-ins are for checking your answer).")
    for args in cases:
        _check_power_case(power_iteration, args)
    _check_power_seed(power_iteration)
    passed("power_iteration", len(cases) + 3)


# ---------------------------------------------------------------------------------------
# rank_k(A, k) -> the best rank-k approximation of A
# ---------------------------------------------------------------------------------------

_rng = np.random.default_rng(404)
# (A, k). The first is worked by hand: the best rank-1 approximation of diag(3, 1, 2) keeps
# its largest entry, 3, wherever it sits on the diagonal, and zeroes the rest.
RANK_K_TABLE = ((np.diag([3.0, 1.0, 2.0]), 1, np.diag([3.0, 0.0, 0.0])),)
RANK_K_CASES = (
    (RANK_K_TABLE[0][0], RANK_K_TABLE[0][1]),
    (_rng.normal(size=(6, 4)), 2),
    (_rng.normal(size=(4, 7)), 3),
    ([[4.0, 0.0], [3.0, -5.0]], 1),
    (_rng.integers(-5, 6, size=(5, 5)), 2),
    (_rng.normal(size=(3, 3)), 3),
    (toys.pattern_image(24), 4),
)


def _svd_terms(A, first: int, last: int, *, scale: bool = True, power: int = 1,
               columns_of_vt: bool = False) -> np.ndarray:
    """Sum of the singular triplets first..last-1 (0-based) of A, written the wrong ways."""
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float))
    if first < 0 or last > s.size or first > last:
        raise ValueError("no such terms")
    V_rows = Vt[:, first:last].T if columns_of_vt else Vt[first:last]
    weights = s[first:last] ** power if scale else np.ones(last - first)
    return (U[:, first:last] * weights) @ V_rows


RANK_K_MISTAKES = (
    Mistake("you kept the k smallest singular values: np.linalg.svd returns them largest "
            "first, so keep s[:k] with U[:, :k] and Vt[:k].",
            lambda A, k: _svd_terms(A, min(np.shape(A)) - k, min(np.shape(A)))),
    Mistake("you left out the singular values: the approximation is U_k · diag(s_k) · V_kᵀ, "
            "e.g. U[:, :k] * s[:k] @ Vt[:k].",
            lambda A, k: _svd_terms(A, 0, k, scale=False)),
    Mistake("you multiplied by the squared singular values; use s[:k] itself.",
            lambda A, k: _svd_terms(A, 0, k, power=2)),
    Mistake("the rows of Vt are the right singular vectors: take Vt[:k] (the first k rows), "
            "not Vt[:, :k].T.",
            lambda A, k: _svd_terms(A, 0, k, columns_of_vt=True)),
    Mistake("that is rank k + 1 (off by one): the slices [:k] keep exactly k terms.",
            lambda A, k: _svd_terms(A, 0, k + 1)),
    Mistake("that is rank k − 1 (off by one): the slices [:k] keep exactly k terms.",
            lambda A, k: _svd_terms(A, 0, k - 1)),
    Mistake("you kept only the k-th term: keep all of the first k, s[:k] (not s[k - 1]).",
            lambda A, k: _svd_terms(A, k - 1, k)),
    Mistake("you returned A unchanged: keep only the first k singular values and vectors.",
            lambda A, k: np.asarray(A, dtype=float) if k < min(np.shape(A)) else None),
)


@quiet_numpy
def _check_rank_k_case(fn: object, args: tuple) -> None:
    __tracebackhide__ = True
    A = np.asarray(args[0], dtype=float)
    k = args[1]
    where = show_call("rank_k", args) if A.size <= 9 else (
        f"rank_k(A, {k}) with A of shape {A.shape}")
    result = call_unchanged(fn, args, "rank_k", where, names=("A",))
    got = as_number_array(result, where)
    if got.shape != A.shape:
        if got.ndim == 2 and got.T.shape == A.shape and A.shape[0] != A.shape[1]:
            fail("your result has the transposed shape: A_k has the shape of A.", where=where,
                 expected=f"shape {A.shape}, like A", got=f"shape {got.shape}", shown=True)
        hint = (" — that looks like one of the factors: multiply U_k, diag(s_k) and V_kᵀ back "
                "together" if k in got.shape else "")
        fail(f"wrong shape: expected a matrix of shape {A.shape}, like A{hint}.", where=where,
             expected=f"shape {A.shape}", got=f"shape {got.shape}", shown=True)
    if not np.all(np.isfinite(got)):
        fail("your result contains NaN or inf.", where=where)
    s = np.linalg.svd(A, compute_uv=False)
    best = float(np.sqrt(np.sum(s[k:] ** 2)))
    error = float(np.linalg.norm(A - got))
    got_s = np.linalg.svd(got, compute_uv=False)
    rank = int(np.sum(got_s > 1e-9 * max(1.0, float(s[0]))))
    if rank <= k and abs(error - best) <= 1e-7 * max(1.0, float(s[0])):
        return
    detail = (f"{where}: expected the best rank-{k} approximation, whose error ‖A − A_k‖_F is "
              f"{best:.6g} (Eckart–Young: the root of the sum of the squared discarded "
              f"singular values); got a matrix of rank {rank} with error {error:.6g}.")
    for mistake in RANK_K_MISTAKES:
        try:
            wrong = mistake.wrong(*snapshot(args))
        except Exception:
            continue
        if wrong is not None and np.allclose(got, wrong, rtol=1e-7, atol=1e-9):
            fail(f"{detail} Likely cause: {mistake.advice}")
    if rank > k:
        fail(f"{detail} Likely cause: too many terms — keep only the first k singular values "
             "and vectors.")
    fail(f"{detail} Likely cause: not the best k terms — keep the k largest singular values "
         "with their own vectors (columns of U, rows of Vt).")


@checker
def check_rank_k(rank_k: object, cases=RANK_K_CASES) -> None:
    """Check ``rank_k(A, k)``: the shape of A, rank at most k, and the Eckart–Young error.

    Eckart–Young: the best rank-k approximation is unique when σ_k > σ_{k+1}, and its
    Frobenius error is sqrt(σ²_{k+1} + ...). A matrix of rank <= k with that error is it.
    """
    __tracebackhide__ = True
    for args in cases:
        _check_rank_k_case(rank_k, args)
    passed("rank_k", len(cases))


# ---------------------------------------------------------------------------------------
# covariance(X) -> (d, d), dividing by n - 1 (dividing by n is accepted, with a note)
# ---------------------------------------------------------------------------------------

# Worked by hand: the mean is (3, 3), the centered rows (-2, -2), (0, 2), (2, 0);
# Xcᵀ Xc = [[8, 4], [4, 8]], divided by n - 1 = 2.
COVARIANCE_TABLE = (([[1, 1], [3, 5], [5, 3]], np.array([[4.0, 2.0], [2.0, 4.0]])),)
COVARIANCE_CASES = (
    (COVARIANCE_TABLE[0][0],),
    (toys.correlated_cloud(50, 2, seed=1),),
    (toys.correlated_cloud(40, 3, seed=2),),
    (np.array([[2.0], [4.0], [9.0]]),),
    (np.random.default_rng(8).normal(size=(8, 4)) * [1.0, 2.0, 0.5, 3.0] + [5.0, -3.0, 1.0, 10.0],),
    # Far from the origin: the one-pass formula Xᵀ X / n − mean meanᵀ cancels catastrophically.
    (np.random.default_rng(9).normal(size=(30, 2)) * [1.0, 0.5] + [1e8, -3e7],),
)




def _array(X) -> np.ndarray:
    return np.asarray(X, dtype=float)


def covariance_reference(X, ddof: int = 1) -> np.ndarray:
    """``np.cov`` with one variable per column, as a (d, d) array even when d = 1."""
    return np.atleast_2d(np.cov(_array(X), rowvar=False, ddof=ddof))


def _centered(X, axis: int | None = 0) -> np.ndarray:
    X = _array(X)
    return X - X.mean(axis=axis, keepdims=axis is not None)


COVARIANCE_MISTAKES = (
    Mistake("you forgot to center: subtract the mean of each column first, "
            "Xc = X - X.mean(axis=0), then Xcᵀ Xc / (n - 1).",
            lambda X: _array(X).T @ _array(X) / (len(X) - 1)),
    Mistake("you forgot to center: subtract the mean of each column first, "
            "Xc = X - X.mean(axis=0), then Xcᵀ Xc / (n - 1).",
            lambda X: _array(X).T @ _array(X) / len(X)),
    Mistake("you subtracted the mean of each ROW (axis=1); subtract the mean of each column, "
            "X.mean(axis=0): one mean per feature.",
            lambda X: _centered(X, 1).T @ _centered(X, 1) / (len(X) - 1)),
    Mistake("you subtracted one overall mean; subtract the mean of each column, "
            "X.mean(axis=0): one mean per feature.",
            lambda X: _centered(X, None).T @ _centered(X, None) / (len(X) - 1)),
    Mistake("you computed Xc Xcᵀ, an n x n matrix (samples against samples); the covariance "
            "of d features is Xcᵀ Xc / (n - 1), d x d.",
            lambda X: _centered(X) @ _centered(X).T / (len(X) - 1)),
    Mistake("you did not divide: Xcᵀ Xc is a sum over the n samples; divide it by n - 1.",
            lambda X: _centered(X).T @ _centered(X)),
    Mistake("you divided by the standard deviations too: that is the correlation matrix "
            "(np.corrcoef), not the covariance.",
            lambda X: np.atleast_2d(np.corrcoef(_array(X), rowvar=False))),
    Mistake("you returned only the variances (the diagonal); the covariance matrix also holds "
            "the covariance of every pair of features, off the diagonal.",
            lambda X: np.var(_array(X), axis=0, ddof=1)),
)

COVARIANCE_NOTE = (
    "Note: you divided by n (the maximum-likelihood estimate, np.cov(X, rowvar=False, "
    "bias=True)). That is accepted; this course, like np.cov and torch.cov by default and "
    "scikit-learn's PCA, divides by n - 1 (the unbiased estimate). The two differ by the "
    "factor (n - 1) / n: a lot for n = 3, nothing for n = 10 000, and it cancels in PCA's "
    "explained variance ratio."
)


@checker
def check_covariance(covariance: object, cases=COVARIANCE_CASES) -> None:
    """Check ``covariance(X)`` against ``np.cov(X, rowvar=False)`` (n - 1); accept n with a note."""
    __tracebackhide__ = True
    if calls_named(covariance, ("cov",)):
        fail("covariance calls np.cov: compute it yourself (center, then Xcᵀ Xc / (n - 1)); "
             "np.cov is for checking your answer.")
    by_n = [_check_covariance_case(covariance, args, cases) for args in cases]
    passed("covariance", len(cases))
    if any(by_n):
        print(COVARIANCE_NOTE)


@quiet_numpy
def _covariance_reason(covariance, cases, args, got, expected) -> str:
    """A mistake named only if it explains every case the learner gets wrong, or ""."""
    gots, wants = [], []
    for other in cases:
        wants.append(covariance_reference(other[0]))
        if other is args:
            gots.append(got)
            continue
        try:
            gots.append(np.asarray(covariance(*snapshot(other)), dtype=float))
        except Exception:
            gots.append(None)
    index = next(i for i, other in enumerate(cases) if other is args)
    return (matching_mistake(COVARIANCE_MISTAKES, gots, cases, index, wants=wants)
            or structure_problem(got, expected) or ratio_problem(gots, wants, cases))


@quiet_numpy
def _check_covariance_case(covariance: object, args: tuple, cases=COVARIANCE_CASES) -> bool:
    """Check one case; True when the learner divided by n (accepted, with a note)."""
    __tracebackhide__ = True
    X = _array(args[0])
    where = show_call("covariance", args) if X.size <= 8 else (
        f"covariance(X) with X of shape {X.shape}")
    result = call_unchanged(covariance, args, "covariance", where, names=("X",))
    got = as_number_array(result, where)
    expected = covariance_reference(X)
    if got.shape == expected.shape and np.allclose(got, expected, rtol=1e-7, atol=1e-9):
        return False
    if got.shape == expected.shape and np.allclose(got, covariance_reference(X, 0),
                                                   rtol=1e-7, atol=1e-9):
        return True
    reason = _covariance_reason(covariance, cases, args, got, expected)
    if not reason and right_without_offset(
            covariance, X, lambda got, centred: close(got, covariance_reference(centred), 1e-7, 1e-9)):
        reason = CANCELLATION
    fail(f"{where}: expected {show(expected)}, got {show(result)}."
         + (f" Likely cause: {reason}" if reason else ""))
    return False


# ---------------------------------------------------------------------------------------
# pca(X, k) -> (components (k, d), explained_variance_ratio (k,))
# ---------------------------------------------------------------------------------------

_pca_rng = np.random.default_rng(44)
PCA_CASES = (
    (toys.correlated_cloud(60, 2, seed=3), 1),
    (toys.correlated_cloud(60, 2, seed=4), 2),
    (toys.correlated_cloud(80, 3, seed=5), 2),
    (toys.correlated_cloud(80, 3, seed=6), 3),
    ([[4.0, 2.0], [6.0, 3.0], [7.0, 6.0], [9.0, 5.0], [12.0, 9.0]], 1),
    (_pca_rng.normal(size=(50, 4)) * [3.0, 1.5, 0.8, 0.3] @ np.linalg.qr(
        _pca_rng.normal(size=(4, 4)))[0] + 5.0, 2),
)


def _uncentered(X) -> np.ndarray:
    X = _array(X)
    return X.T @ X / (len(X) - 1)


def _cov_with(X, axis) -> np.ndarray:
    Xc = _centered(X, axis)
    return Xc.T @ Xc / (len(Xc) - 1)


# Wrong components as formulas of (X, k): rows compared up to sign.
PCA_COMPONENT_MISTAKES = (
    Mistake("you forgot to center: subtract the mean of each column before the covariance (or "
            "the SVD); otherwise the first direction points from the origin towards the data.",
            lambda X, k: _eigh_descending(_uncentered(X))[1][:k]),
    Mistake("you subtracted the mean of each ROW (axis=1); center each column, X.mean(axis=0).",
            lambda X, k: _eigh_descending(_cov_with(X, 1))[1][:k]),
    Mistake("you subtracted one overall mean; center each column, X.mean(axis=0).",
            lambda X, k: _eigh_descending(_cov_with(X, None))[1][:k]),
    Mistake("eigenvalues unsorted: np.linalg.eigh returns them in ascending order, so you took "
            "the directions of the SMALLEST variance. Sort descending (order = "
            "np.argsort(values)[::-1]) and reorder the vectors with the same order.",
            lambda X, k: _eigh_descending(covariance_reference(X))[1][::-1][:k]),
    Mistake("right directions, wrong order: sort the components by variance, largest first "
            "(np.linalg.eigh returns ascending order).",
            lambda X, k: _eigh_descending(covariance_reference(X))[1][:k][::-1]),
    Mistake("np.linalg.eigh returns the eigenvectors as the COLUMNS of its second output; you "
            "took rows. The components are vectors[:, order].T.",
            lambda X, k: np.linalg.eigh(covariance_reference(X))[1][::-1][:k]),
    Mistake("np.linalg.eigh returns the eigenvectors as the COLUMNS of its second output; you "
            "took rows. The components are vectors[:, order].T.",
            lambda X, k: np.linalg.eigh(covariance_reference(X))[1][:k]),
)

# Wrong ratios as formulas of (X, k, eigenvalues largest first).
PCA_RATIO_MISTAKES = (
    ("you returned the variances themselves (scikit-learn's explained_variance_); divide them "
     "by the total variance, the sum of ALL d eigenvalues.",
     lambda X, k, lam: lam[:k]),
    ("you returned the variances themselves (scikit-learn's explained_variance_); divide them "
     "by the total variance, the sum of ALL d eigenvalues.",
     lambda X, k, lam: lam[:k] * (len(X) - 1) / len(X)),
    ("you divided by the variance of the k kept components only; divide by the total, the "
     "sum of all d eigenvalues (np.trace of the covariance).",
     lambda X, k, lam: lam[:k] / lam[:k].sum() if k < lam.size else None),
    ("eigenvalues unsorted: np.linalg.eigh returns them in ascending order; sort them "
     "largest first.",
     lambda X, k, lam: (lam[::-1] / lam.sum())[:k]),
    ("right ratios, wrong order: largest first.",
     lambda X, k, lam: (lam[:k] / lam.sum())[::-1] if k > 1 else None),
    ("singular values are not variances: square them first — the ratio is s_i² / Σ s_j².",
     lambda X, k, lam: (np.sqrt(np.clip(lam, 0, None)) / np.sqrt(np.clip(lam, 0, None)).sum())[:k]),
    ("those are percentages; return fractions between 0 and 1.",
     lambda X, k, lam: 100 * lam[:k] / lam.sum()),
    ("you forgot to center: subtract the mean of each column first.",
     lambda X, k, lam: (lambda u: u[:k] / u.sum())(_eigh_descending(_uncentered(X))[0])),
    ("you returned the cumulative ratio (np.cumsum); return each component's own share.",
     lambda X, k, lam: np.cumsum(lam[:k] / lam.sum()) if k > 1 else None),
)


def _pca_where(args: tuple) -> str:
    X = _array(args[0])
    return show_call("pca", args) if X.size <= 10 else f"pca(X, {args[1]}) with X of shape {X.shape}"


@quiet_numpy
def _check_pca_components(got: np.ndarray, X: np.ndarray, args: tuple, where: str) -> None:
    __tracebackhide__ = True
    k, d = args[1], X.shape[1]
    C = covariance_reference(X)
    lam = np.linalg.eigvalsh(C)[::-1]

    def good(rows: np.ndarray) -> bool:
        if rows.shape != (k, d):
            return False
        lengths = np.linalg.norm(rows, axis=1)
        errors = np.linalg.norm(rows @ C - lam[:k, None] * rows, axis=1)
        return bool(np.all(np.abs(lengths - 1) < 1e-6) and np.all(errors <= 1e-7 * lam[0]))

    if got.shape != (k, d):
        if got.shape == (d, k):
            fail(f"{where}: components as columns — you returned shape {got.shape}; return one "
                 f"component per ROW, shape ({k}, {d}) like scikit-learn's components_ "
                 "(transpose it with .T).")
        if got.ndim == 1 and got.size == d and k == 1:
            fail(f"{where}: return the components as a 2-D array of shape (1, {d}), one row "
                 "per component, not a 1-D array (use vector[None, :] or .reshape(1, -1)).")
        hint = (" — one row per SAMPLE: that is U (or the projected data); the components are "
                "the first k rows of Vt" if got.ndim == 2 and got.shape[0] == len(X) else "")
        fail(f"{where}: the components should have shape ({k}, {d}) (k rows of d numbers), "
             f"got shape {got.shape}{hint}.")
    if not np.all(np.isfinite(got)):
        fail(f"{where}: the components contain NaN or inf.")
    if good(got):
        return
    if k == d and good(got.T):
        fail(f"{where}: components as columns — each principal direction is a COLUMN of your "
             "array; return one component per ROW like scikit-learn's components_ (transpose "
             "it with .T).")
    for mistake in PCA_COMPONENT_MISTAKES:
        try:
            wrong = np.asarray(mistake.wrong(*snapshot(args)), dtype=float)
        except Exception:
            continue
        if _rows_match(got, wrong):
            fail(f"{where}: wrong components. Likely cause: {mistake.advice}")
    lengths = np.linalg.norm(got, axis=1)
    if np.all(lengths > 0) and good(got / lengths[:, None]):
        fail(f"{where}: the directions are right but the components have lengths "
             f"{show(lengths)}, not 1 — return unit vectors (don't scale them by a variance "
             "or a singular value).")
    for i, row in enumerate(got):
        length = float(np.linalg.norm(row))
        along = float(row @ C @ row) / length**2 if length > 0 else float("nan")
        if not (abs(length - 1) < 1e-6 and np.linalg.norm(row @ C - lam[i] * row) <= 1e-7 * lam[0]):
            fail(f"{where}: row {i} of the components should be the unit direction of the "
                 f"{ORDINALS[i]} variance, {lam[i]:.6g}; along your row (length {length:.4g}) "
                 f"the variance is {along:.6g}.")


@quiet_numpy
def _check_pca_ratio(got: np.ndarray, X: np.ndarray, args: tuple, where: str) -> None:
    __tracebackhide__ = True
    k = args[1]
    lam = np.linalg.eigvalsh(covariance_reference(X))[::-1]
    expected = lam[:k] / lam.sum()
    if got.shape != (k,):
        if got.size == k:
            fail(f"{where}: return explained_variance_ratio as a 1-D array of shape ({k},), "
                 f"not shape {got.shape}.")
        fail(f"{where}: explained_variance_ratio should have shape ({k},), one number per "
             f"component, got shape {got.shape}.")
    if np.allclose(got, expected, rtol=1e-6, atol=1e-9):
        return
    detail = f"{where}: explained_variance_ratio should be {show(expected)}, got {show(got)}."
    for advice, wrong in PCA_RATIO_MISTAKES:
        try:
            value = wrong(_array(args[0]), k, lam)
        except Exception:
            continue
        if value is not None and np.allclose(got, value, rtol=1e-6, atol=1e-9):
            fail(f"{detail} Likely cause: {advice}")
    fail(f"{detail} The ratio of component i is its variance λ_i divided by the sum of all d "
         "eigenvalues.")


@checker
def check_pca(pca: object, cases=PCA_CASES) -> None:
    """Check ``pca(X, k) -> (components, explained_variance_ratio)``.

    Components are k unit ROWS of length d; row i must satisfy C c = λ_i c with λ_i the i-th
    largest eigenvalue of the covariance C (``np.linalg.eigvalsh``), so either sign of a
    component passes. The ratio is λ_i / Σ λ_j, the same whether C divides by n or n - 1.
    """
    __tracebackhide__ = True
    for args in cases:
        X = _array(args[0])
        where = _pca_where(args)
        result = call_unchanged(pca, args, "pca", where, names=("X",))
        first, second = _pair(result, where, ("components", "explained_variance_ratio"))
        components = as_number_array(first, f"{where}[0] (the components)")
        ratio = as_number_array(second, f"{where}[1] (the explained variance ratio)")
        _check_pca_components(components, X, args, where)
        if not np.all(np.isfinite(ratio)):
            fail(f"{where}: explained_variance_ratio contains NaN or inf.")
        _check_pca_ratio(ratio, X, args, where)
    passed("pca", len(cases))
