"""The chapter 04 checkers (utils.exercises.eigen_svd), proven both ways without the notebook.

Correct alternatives pass (loop and vectorised, eigh and SVD, lists and arrays, either
sign of an eigenvector or a component, a covariance divided by n); every named mistake
fails with its diagnosis; bad returns get one clear sentence, never an internal error; the
fixed tables and cases inside the checker are re-derived here with NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import fails_with
from utils import toys
from utils.exercises import eigen_svd as E
from utils.exercises.eigen_svd import check_covariance, check_pca, check_power_iteration, check_rank_k

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def passes(checker, fn, capsys, name: str) -> str:
    """The checker passes, prints its ✔ line first and nothing on stderr; returns stdout."""
    checker(fn)
    out = capsys.readouterr()
    assert out.out.startswith(f"✔ {name}") and out.err == ""
    return out.out


# ---------------------------------------------------------------------------------------
# power_iteration
# ---------------------------------------------------------------------------------------


def power_rayleigh(A, steps, seed):
    A = np.asarray(A, dtype=float)
    v = np.random.default_rng(seed).normal(size=A.shape[0])
    v /= np.linalg.norm(v)
    for _ in range(steps):
        w = A @ v
        v = w / np.linalg.norm(w)
    return float(v @ A @ v), v


def power_uniform_start_list_return(A, steps, seed):
    """A uniform start, a while loop, the quotient divided by v·v, a list returned."""
    A = np.array(A, dtype=float)
    v = np.random.default_rng(seed).random(len(A))
    count = 0
    while count < steps:
        v = A @ v
        v = v / np.sqrt(np.sum(v**2))
        count += 1
    return (v @ (A @ v)) / (v @ v), v.tolist()


def power_one_extra_step(A, steps, seed):
    """Normalises before multiplying and once more after: steps + 1 normalisations."""
    A = np.asarray(A, dtype=float)
    v = np.random.default_rng(seed).standard_normal(A.shape[0])
    for _ in range(steps):
        v = v / np.linalg.norm(v)
        v = A @ v
    v = v / np.linalg.norm(v)
    return v @ A @ v, v


def power_negated(A, steps, seed):
    """The other sign of the eigenvector is just as right."""
    value, vector = power_rayleigh(A, steps, seed)
    return value, -vector


@pytest.mark.parametrize("fn", [power_rayleigh, power_uniform_start_list_return,
                                power_one_extra_step, power_negated])
def test_power_iteration_accepts_correct_versions(fn, capsys):
    """Normal or uniform start, for or while loop, list return, either sign: all pass."""
    passes(check_power_iteration, fn, capsys, "power_iteration")


def test_power_cases_converge_within_their_steps():
    """Every case has a dominant real eigenvalue and |λ2/λ1|^steps below 1e-20."""
    for A, steps, _ in E.POWER_CASES:
        values = np.linalg.eigvals(np.asarray(A, dtype=float))
        assert np.allclose(values.imag, 0)
        magnitudes = np.sort(np.abs(values.real))[::-1]
        assert (magnitudes[1] / magnitudes[0]) ** steps < 1e-20
    assert any(E.dominant_eigenvalue(A) < 0 for A, _, _ in E.POWER_CASES)
    assert any(not np.allclose(np.asarray(A), np.asarray(A).T) for A, _, _ in E.POWER_CASES)
    assert any(isinstance(A, list) for A, _, _ in E.POWER_CASES)
    values = np.sort(np.linalg.eigvalsh(E.POWER_SEED_MATRIX))[::-1]
    assert np.allclose(values, [1.0, 0.9, 0.5])


def test_power_sign_lost_with_the_norm():
    """‖A v‖ as the eigenvalue loses the sign of a negative dominant eigenvalue."""

    def norm_value(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.random.default_rng(seed).normal(size=len(A))
        for _ in range(steps):
            w = A @ v
            value = np.linalg.norm(w)
            v = w / value
        return value, v

    fails_with(check_power_iteration, norm_value, "the sign is lost")


def test_power_transpose_named():
    """v @ A converges to an eigenvector of Aᵀ, named on the non-symmetric case."""

    def row_times(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.random.default_rng(seed).normal(size=len(A))
        for _ in range(steps):
            v = v @ A
            v = v / np.linalg.norm(v)
        return v @ A @ v, v

    fails_with(check_power_iteration, row_times, "eigenvector of Aᵀ")


def test_power_forgot_to_normalise():
    """Without normalising, the vector's length is named."""

    def unnormalised(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.random.default_rng(seed).normal(size=len(A))
        for _ in range(steps):
            v = A @ v
        return (v @ A @ v) / (v @ v), v

    fails_with(check_power_iteration, unnormalised, "not 1 — divide by its norm")


def test_power_overflow_gives_nan_message():
    """Without normalising for many steps, inf/NaN is explained by the overflow."""

    def overflowing(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.random.default_rng(seed).normal(size=len(A))
        with np.errstate(all="ignore"):
            for _ in range(steps * 20):
                v = A @ v
            return float(v @ A @ v), v / np.linalg.norm(v)

    fails_with(check_power_iteration, overflowing, "contains NaN or inf — normalise v at every step")


def test_power_multiplies_the_start_vector_only():
    """A @ v0 in every step is one step: not an eigenvector, with the loop named."""

    def start_only(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v0 = np.random.default_rng(seed).normal(size=len(A))
        v = v0
        for _ in range(steps):
            v = A @ v0
            v = v / np.linalg.norm(v)
        return v @ A @ v, v

    fails_with(check_power_iteration, start_only, "v = A @ v, not A @ v0")


def test_power_seed_ignored():
    """A fixed start vector ignores the seed: caught after 3 slow steps."""

    def fixed_start(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.arange(1.0, len(A) + 1)
        for _ in range(steps):
            v = A @ v
            v = v / np.linalg.norm(v)
        return v @ A @ v, v

    fails_with(check_power_iteration, fixed_start, "seed=7 and seed=8 returned the same direction")


def test_power_unseeded_random_start():
    """An unseeded generator gives different answers for the same seed."""

    def unseeded(A, steps, seed):
        A = np.asarray(A, dtype=float)
        v = np.random.default_rng().normal(size=len(A))
        for _ in range(steps):
            v = A @ v
            v = v / np.linalg.norm(v)
        return v @ A @ v, v

    fails_with(check_power_iteration, unseeded, "two calls with seed=7 returned different vectors")


def test_power_runs_to_convergence_ignoring_steps():
    """Looping until convergence instead of `steps` times is caught by the seed check."""

    def until_converged(A, steps, seed):
        return power_rayleigh(A, 2000, seed)

    fails_with(check_power_iteration, until_converged, "run exactly `steps` multiplications")


def test_power_swapped_pair():
    """(vector, value) is told to swap."""
    fails_with(check_power_iteration, lambda A, s, seed: power_rayleigh(A, s, seed)[::-1],
               "return them the other way round")


def test_power_column_vector():
    """An eigenvector of shape (n, 1) is asked to be 1-D."""
    fails_with(check_power_iteration,
               lambda A, s, seed: (power_rayleigh(A, s, seed)[0],
                                   power_rayleigh(A, s, seed)[1][:, None]),
               "as a 1-D array of shape")


def test_power_value_squared_and_one():
    """λ² and the length 1 returned as the eigenvalue are named."""
    fails_with(check_power_iteration,
               lambda A, s, seed: (power_rayleigh(A, s, seed)[0] ** 2, power_rayleigh(A, s, seed)[1]),
               "that is λ²")
    fails_with(check_power_iteration, lambda A, s, seed: (1.0, power_rayleigh(A, s, seed)[1]),
               "you returned the length of v")


def test_power_built_in_refused():
    """np.linalg.eig inside power_iteration is refused."""

    def with_eig(A, steps, seed):
        values, vectors = np.linalg.eig(np.asarray(A, dtype=float))
        i = np.argmax(np.abs(values))
        return values[i].real, vectors[:, i].real

    fails_with(check_power_iteration, with_eig, "calls np.linalg.eig")


def test_power_in_place_change():
    """Scaling A in place is refused."""

    def scales_A(A, steps, seed):
        if isinstance(A, np.ndarray) and A.dtype.kind == "f":
            A *= 1.0 + 1e-3
        return power_rayleigh(A, steps, seed)

    fails_with(check_power_iteration, scales_A, "changed A in place")


# ---------------------------------------------------------------------------------------
# rank_k
# ---------------------------------------------------------------------------------------


def rank_k_economy(A, k):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def rank_k_full_diag(A, k):
    U, s, Vt = np.linalg.svd(A)
    return U[:, :k] @ np.diag(s[:k]) @ Vt[:k, :]


def rank_k_outer_loop_list(A, k):
    U, s, Vt = np.linalg.svd(np.array(A, dtype=float))
    total = np.zeros(np.shape(A))
    for i in range(k):
        total += s[i] * np.outer(U[:, i], Vt[i])
    return total.tolist()


def rank_k_zero_tail(A, k):
    """Zeroing the discarded singular values and multiplying everything back."""
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    kept = s.copy()
    kept[k:] = 0
    return U @ np.diag(kept) @ Vt


@pytest.mark.parametrize("fn", [rank_k_economy, rank_k_full_diag, rank_k_outer_loop_list,
                                rank_k_zero_tail])
def test_rank_k_accepts_correct_versions(fn, capsys):
    """Economy or full SVD, diag or broadcasting, outer-product loop, zeroed tail: all pass."""
    passes(check_rank_k, fn, capsys, "rank_k")


def test_rank_k_table_and_cases_rederived():
    """The hand-worked case matches NumPy's SVD; every case has a gap σ_k > σ_{k+1}."""
    for A, k, expected in E.RANK_K_TABLE:
        assert np.allclose(rank_k_economy(A, k), expected)
    for A, k in E.RANK_K_CASES:
        s = np.linalg.svd(np.asarray(A, dtype=float), compute_uv=False)
        assert 1 <= k <= s.size
        if k < s.size:
            assert s[k - 1] - s[k] > 1e-2 * s[0], "a near-tie makes the best rank-k ambiguous"
    shapes = [np.shape(A) for A, _ in E.RANK_K_CASES]
    assert any(m > n for m, n in shapes) and any(m < n for m, n in shapes)
    assert any(k == min(np.shape(A)) for A, k in E.RANK_K_CASES)
    assert any(isinstance(A, list) for A, _ in E.RANK_K_CASES)


def _svd(A):
    return np.linalg.svd(np.asarray(A, dtype=float))


REAL_RANK_K_MISTAKES = {
    "smallest": (lambda A, k: (lambda U, s, Vt: (U[:, len(s) - k:len(s)] * s[-k:]) @ Vt[len(s) - k:len(s)])(
        *_svd(A)), "you kept the k smallest singular values"),
    "no sigma": (lambda A, k: (lambda U, s, Vt: U[:, :k] @ Vt[:k])(*_svd(A)),
                 "you left out the singular values"),
    "sigma squared": (lambda A, k: (lambda U, s, Vt: U[:, :k] @ np.diag(s[:k] ** 2) @ Vt[:k])(*_svd(A)),
                      "squared singular values"),
    "Vt columns": (lambda A, k: (lambda U, s, Vt: U[:, :k] @ np.diag(s[:k]) @ Vt[:, :k].T)(*_svd(A)),
                   "the rows of Vt are the right singular vectors"),
    "k + 1": (lambda A, k: (lambda U, s, Vt: (U[:, :k + 1] * s[:k + 1]) @ Vt[:k + 1])(*_svd(A)),
              "that is rank k + 1"),
    "k - 1": (lambda A, k: (lambda U, s, Vt: (U[:, :k - 1] * s[:k - 1]) @ Vt[:k - 1])(*_svd(A)),
              "that is rank k − 1"),
    "k-th only": (lambda A, k: (lambda U, s, Vt: s[k - 1] * np.outer(U[:, k - 1], Vt[k - 1]))(*_svd(A)),
                  "you kept only the k-th term"),
    "unchanged": (lambda A, k: np.asarray(A, dtype=float), "you returned A unchanged"),
}


@pytest.mark.parametrize("name", REAL_RANK_K_MISTAKES)
def test_rank_k_names_every_mistake(name):
    """Each mistake, written as a learner would, fails with its advice."""
    fn, text = REAL_RANK_K_MISTAKES[name]
    fails_with(check_rank_k, fn, text)


def test_rank_k_mistake_list_is_covered():
    """Every advice in RANK_K_MISTAKES is proven by a written-out mistake above."""
    proven = [text for _, text in REAL_RANK_K_MISTAKES.values()]
    for mistake in E.RANK_K_MISTAKES:
        assert any(text in mistake.advice for text in proven), mistake.advice


def test_rank_k_factor_and_shape_messages():
    """Returning a factor, a transposed matrix or a random rank-k matrix is explained."""
    fails_with(check_rank_k, lambda A, k: _svd(A)[0][:, :k], "one of the factors")
    fails_with(check_rank_k, lambda A, k: rank_k_economy(A, k).T, "transposed shape")
    fails_with(check_rank_k, lambda A, k: rank_k_economy(A, k) + 1e-3, "got a matrix of rank")
    fails_with(check_rank_k,
               lambda A, k: np.asarray(A, dtype=float)[:, :k] @ np.eye(k, np.shape(A)[1]),
               "not the best k terms")


def test_rank_k_in_place_change():
    """Zeroing A's tail in place is refused."""

    def in_place(A, k):
        if isinstance(A, np.ndarray) and A.dtype.kind == "f":
            A[...] = rank_k_economy(A, k)
            return A
        return rank_k_economy(A, k)

    fails_with(check_rank_k, in_place, "changed A in place")


# ---------------------------------------------------------------------------------------
# covariance
# ---------------------------------------------------------------------------------------


def covariance_vectorised(X):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    return Xc.T @ Xc / (len(X) - 1)


def covariance_loop(X):
    X = np.asarray(X, dtype=float)
    mean = sum(X) / len(X)
    total = np.zeros((X.shape[1], X.shape[1]))
    for row in X:
        total += np.outer(row - mean, row - mean)
    return total / (len(X) - 1)


def covariance_einsum_list(X):
    X = np.array(X, dtype=float)
    Xc = X - np.mean(X, axis=0, keepdims=True)
    return np.einsum("ni,nj->ij", Xc, Xc).__truediv__(X.shape[0] - 1).tolist()


def covariance_by_n(X):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    return Xc.T @ Xc / len(X)


@pytest.mark.parametrize("fn", [covariance_vectorised, covariance_loop, covariance_einsum_list])
def test_covariance_accepts_correct_versions(fn, capsys):
    """Vectorised, a loop of outer products, einsum with a list returned: all pass, no note."""
    out = passes(check_covariance, fn, capsys, "covariance")
    assert "Note" not in out


def test_covariance_by_n_accepted_with_a_note(capsys):
    """Dividing by n passes, and the note says which one the course expects and why."""
    out = passes(check_covariance, covariance_by_n, capsys, "covariance")
    assert out.count("\n") == 2 and "Note: you divided by n" in out and "n - 1" in out


def test_covariance_table_rederived():
    """The hand-worked case is np.cov's answer; the cases cover d = 1, 2, 3, 4 and ints."""
    for X, expected in E.COVARIANCE_TABLE:
        assert np.allclose(np.cov(np.asarray(X, dtype=float), rowvar=False), expected)
    assert sorted(np.shape(X)[1] for (X,) in E.COVARIANCE_CASES) == [1, 2, 2, 2, 3, 4]
    assert any(isinstance(X, list) for (X,) in E.COVARIANCE_CASES)
    # n and n - 1 must give different answers on every case, so dividing by n is seen.
    for (X,) in E.COVARIANCE_CASES:
        assert not np.allclose(E.covariance_reference(X), E.covariance_reference(X, 0))


REAL_COVARIANCE_MISTAKES = {
    "no centering": (lambda X: np.asarray(X, float).T @ np.asarray(X, float) / (len(X) - 1),
                     "you forgot to center"),
    "no centering, by n": (lambda X: np.asarray(X, float).T @ np.asarray(X, float) / len(X),
                           "you forgot to center"),
    "row means": (lambda X: (lambda Xc: Xc.T @ Xc / (len(Xc) - 1))(
        np.asarray(X, float) - np.asarray(X, float).mean(axis=1, keepdims=True)), "mean of each ROW"),
    "grand mean": (lambda X: (lambda Xc: Xc.T @ Xc / (len(Xc) - 1))(
        np.asarray(X, float) - np.mean(X)), "one overall mean"),
    "X Xt": (lambda X: (lambda Xc: Xc @ Xc.T / (len(Xc) - 1))(
        np.asarray(X, float) - np.mean(X, axis=0)), "an n x n matrix"),
    "no division": (lambda X: (lambda Xc: Xc.T @ Xc)(np.asarray(X, float) - np.mean(X, axis=0)),
                    "you did not divide"),
    "correlation": (lambda X: np.corrcoef(np.asarray(X, float), rowvar=False),
                    "that is the correlation matrix"),
    "variances": (lambda X: np.var(np.asarray(X, float), axis=0, ddof=1), "only the variances"),
}


@pytest.mark.parametrize("name", REAL_COVARIANCE_MISTAKES)
def test_covariance_names_every_mistake(name):
    """Each mistake, written as a learner would, fails with its advice."""
    fn, text = REAL_COVARIANCE_MISTAKES[name]
    fails_with(check_covariance, fn, text)


def test_covariance_mistake_list_is_covered():
    """Every advice in COVARIANCE_MISTAKES is proven by a written-out mistake above."""
    proven = [text for _, text in REAL_COVARIANCE_MISTAKES.values()]
    for mistake in E.COVARIANCE_MISTAKES:
        assert any(text in mistake.advice for text in proven), mistake.advice


def test_covariance_np_cov_refused():
    """Calling np.cov is refused with a pointer to the formula."""

    def with_cov(X):
        return np.cov(X, rowvar=False)

    fails_with(check_covariance, with_cov, "covariance calls np.cov")


def test_covariance_in_place_centering():
    """X -= X.mean(axis=0) changes the caller's data: refused."""

    def in_place(X):
        if isinstance(X, np.ndarray) and X.dtype.kind == "f":
            X -= X.mean(axis=0)
            return X.T @ X / (len(X) - 1)
        return covariance_vectorised(X)

    fails_with(check_covariance, in_place, "changed X in place")


# ---------------------------------------------------------------------------------------
# pca
# ---------------------------------------------------------------------------------------


def pca_eigh(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    order = np.argsort(values)[::-1]
    return vectors[:, order[:k]].T, values[order[:k]] / values.sum()


def pca_svd(X, k):
    X = np.asarray(X, dtype=float)
    _, s, Vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    return Vt[:k], (s**2 / np.sum(s**2))[:k]


def pca_flipped_signs(X, k):
    """Every other component negated: as right as the original."""
    components, ratio = pca_eigh(X, k)
    return components * np.where(np.arange(k) % 2 == 0, -1.0, 1.0)[:, None], ratio


def pca_by_n_lists(X, k):
    """Covariance divided by n, a reversed eigh instead of argsort, lists returned."""
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / len(X))
    values, vectors = values[::-1], vectors[:, ::-1]
    return vectors[:, :k].T.tolist(), list(values[:k] / np.trace(Xc.T @ Xc / len(X)))


@pytest.mark.parametrize("fn", [pca_eigh, pca_svd, pca_flipped_signs, pca_by_n_lists])
def test_pca_accepts_correct_versions(fn, capsys):
    """eigh or SVD, flipped component signs, covariance divided by n, lists: all pass."""
    passes(check_pca, fn, capsys, "pca")


def test_pca_cases_are_telling():
    """Eigenvalues well apart (no ambiguous direction); k < d and k = d; means far from 0."""
    for X, _ in E.PCA_CASES:
        X = np.asarray(X, dtype=float)
        lam = np.sort(np.linalg.eigvalsh(np.cov(X, rowvar=False)))[::-1]
        assert np.all(-np.diff(lam) > 0.05 * lam[:-1])
        assert np.linalg.norm(X.mean(axis=0)) > 1.0
        # Forgetting to center really moves the first direction (by more than 5 degrees).
        top = np.linalg.eigh(X.T @ X)[1][:, -1]
        true_top = np.linalg.eigh(np.cov(X, rowvar=False))[1][:, -1]
        assert abs(top @ true_top) < np.cos(np.radians(5))
    ks = [(k, np.shape(X)[1]) for X, k in E.PCA_CASES]
    assert any(k < d for k, d in ks) and any(k == d for k, d in ks)
    assert any(isinstance(X, list) for X, _ in E.PCA_CASES)


def _pca_with(components=None, ratio=None):
    """A pca returning the right parts except the ones replaced by formulas of (X, k)."""

    def pca(X, k):
        right_components, right_ratio = pca_eigh(X, k)
        return (right_components if components is None else components(X, k),
                right_ratio if ratio is None else ratio(X, k))

    return pca


def _eigh_cov(X):
    return np.linalg.eigh(np.cov(np.asarray(X, dtype=float), rowvar=False))


def forgot_to_center(X, k):
    X = np.asarray(X, dtype=float)
    values, vectors = np.linalg.eigh(X.T @ X / (len(X) - 1))
    order = np.argsort(values)[::-1][:k]
    return vectors[:, order].T, values[order] / values.sum()


def forgot_to_center_svd(X, k):
    _, s, Vt = np.linalg.svd(np.asarray(X, dtype=float), full_matrices=False)
    return Vt[:k], (s**2 / np.sum(s**2))[:k]


def unsorted_eigh(X, k):
    values, vectors = _eigh_cov(X)
    return vectors[:, :k].T, values[:k] / values.sum()


def eigh_rows(X, k):
    values, vectors = _eigh_cov(X)
    order = np.argsort(values)[::-1][:k]
    return vectors[order], values[order] / values.sum()


def centered_with(mean):
    """A pca that subtracts ``mean(X)`` instead of the column means."""

    def pca(X, k):
        X = np.asarray(X, dtype=float)
        Xc = X - mean(X)
        values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
        order = np.argsort(values)[::-1][:k]
        return vectors[:, order].T, values[order] / values.sum()

    return pca


REAL_PCA_MISTAKES = {
    "forgot to center": (forgot_to_center, "you forgot to center"),
    "forgot to center (SVD)": (forgot_to_center_svd, "you forgot to center"),
    "row means": (centered_with(lambda X: X.mean(axis=1, keepdims=True)), "mean of each ROW"),
    "grand mean": (centered_with(lambda X: X.mean()), "one overall mean"),
    "unsorted (eigh order)": (unsorted_eigh, "eigenvalues unsorted"),
    "top k ascending": (_pca_with(components=lambda X, k: pca_eigh(X, k)[0][::-1]),
                        "eigenvalues unsorted"),
    "eigh rows": (eigh_rows, "eigenvectors as the COLUMNS of its second output"),
    "columns": (_pca_with(components=lambda X, k: pca_eigh(X, k)[0].T), "components as columns"),
    "scaled": (_pca_with(components=lambda X, k: pca_eigh(X, k)[0] * 3.0), "not 1 — return unit vectors"),
    "U": (_pca_with(components=lambda X, k: np.linalg.svd(
        np.asarray(X, float) - np.mean(X, axis=0), full_matrices=False)[0][:, :k]), "one row per SAMPLE"),
    "1-D": (_pca_with(components=lambda X, k: pca_eigh(X, k)[0].ravel() if k == 1 else pca_eigh(X, k)[0]),
            "not a 1-D array"),
    "variances": (_pca_with(ratio=lambda X, k: np.sort(np.linalg.eigvalsh(
        np.cov(np.asarray(X, float), rowvar=False)))[::-1][:k]), "returned the variances themselves"),
    "kept only": (_pca_with(ratio=lambda X, k: pca_eigh(X, k)[1] / pca_eigh(X, k)[1].sum()),
                  "of the k kept components only"),
    "singular values": (_pca_with(ratio=lambda X, k: (lambda s: (s / s.sum())[:k])(
        np.linalg.svd(np.asarray(X, float) - np.mean(X, axis=0), compute_uv=False))),
        "singular values are not variances"),
    "percent": (_pca_with(ratio=lambda X, k: 100 * pca_eigh(X, k)[1]), "percentages"),
    "cumulative": (_pca_with(ratio=lambda X, k: np.cumsum(pca_eigh(X, k)[1])), "cumulative ratio"),
    "ratio ascending": (_pca_with(ratio=lambda X, k: pca_eigh(X, k)[1][::-1]), "eigenvalues unsorted"),
    "ratio 2-D": (_pca_with(ratio=lambda X, k: pca_eigh(X, k)[1][None, :]), "as a 1-D array of shape"),
}


@pytest.mark.parametrize("name", REAL_PCA_MISTAKES)
def test_pca_names_every_mistake(name):
    """Each mistake, written as a learner would, fails with its advice."""
    fn, text = REAL_PCA_MISTAKES[name]
    fails_with(check_pca, fn, text)


def test_pca_mistake_lists_are_covered():
    """Every component and ratio advice in the checker is proven by a written-out mistake."""
    proven = [text for _, text in REAL_PCA_MISTAKES.values()]
    advices = [m.advice for m in E.PCA_COMPONENT_MISTAKES] + [a for a, _ in E.PCA_RATIO_MISTAKES]
    for advice in advices:
        if advice.startswith("right directions, wrong order") or advice.startswith("right ratios"):
            continue  # proven in test_pca_wrong_order_in_3d (2-D cannot tell it from unsorted)
        assert any(text in advice for text in proven), advice


def test_pca_wrong_order_in_3d():
    """Top-k directions (and ratios) in ascending order are told apart from 'smallest' in 3-D."""
    X = toys.correlated_cloud(80, 3, seed=5)
    fn = _pca_with(components=lambda X, k: pca_eigh(X, k)[0][::-1])
    fails_with(lambda f: check_pca(f, cases=((X, 2),)), fn, "right directions, wrong order")
    fn = _pca_with(ratio=lambda X, k: pca_eigh(X, k)[1][::-1])
    fails_with(lambda f: check_pca(f, cases=((X, 2),)), fn, "right ratios, wrong order")


def test_pca_square_columns():
    """With k = d the shape cannot tell, but the transposed components are still named."""
    X = toys.correlated_cloud(80, 3, seed=6)
    fn = _pca_with(components=lambda X, k: pca_eigh(X, k)[0].T)
    fails_with(lambda f: check_pca(f, cases=((X, 3),)), fn, "components as columns")


def test_pca_generic_wrong_direction():
    """A direction that is no known mistake gets the variance along it, not a guess."""
    fn = _pca_with(components=lambda X, k: np.eye(k, np.shape(X)[1]))
    fails_with(check_pca, fn, "the variance is")


def test_pca_not_a_pair():
    """Returning only the components asks for a pair."""
    fails_with(check_pca, lambda X, k: pca_eigh(X, k)[0],
               "return a pair (components, explained_variance_ratio)")


def test_pca_in_place_centering():
    """Centering X in place is refused."""

    def in_place(X, k):
        if isinstance(X, np.ndarray):
            X -= X.mean(axis=0)
        return pca_eigh(X, k)

    fails_with(check_pca, in_place, "changed X in place")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "power_iteration": check_power_iteration,
    "rank_k": check_rank_k,
    "covariance": check_covariance,
    "pca": check_pca,
}


@pytest.mark.parametrize(("name", "text"), [
    ("power_iteration", "return a pair (eigenvalue, eigenvector)"),
    ("rank_k", "returned a str"),
    ("covariance", "returned a str"),
    ("pca", "return a pair (components, explained_variance_ratio)"),
])
def test_string_return(name, text):
    """A string is not numbers (or not a pair)."""
    fails_with(CHECKERS[name], lambda *args: "42", text)


@pytest.mark.parametrize(("name", "value", "text"), [
    ("power_iteration", lambda A, s, seed: (float("nan"), np.full(len(A), np.nan)), "NaN or inf"),
    ("rank_k", lambda A, k: np.full(np.shape(A), np.nan), "NaN or inf"),
    ("covariance", lambda X: np.full((np.shape(X)[1],) * 2, np.nan), "contains NaN"),
    ("pca", lambda X, k: (np.full((k, np.shape(X)[1]), np.nan), np.full(k, 0.5)), "NaN or inf"),
    ("pca", lambda X, k: (pca_eigh(X, k)[0], np.full(k, np.nan)), "NaN or inf"),
])
def test_nan_is_named(name, value, text):
    """NaN in a result is called NaN."""
    fails_with(CHECKERS[name], value, text)


@pytest.mark.parametrize(("name", "value", "text"), [
    ("power_iteration", lambda A, s, seed: (1.0, np.ones(len(A) + 1)), "should have shape"),
    ("rank_k", lambda A, k: np.zeros(3), "expected a matrix of shape"),
    ("covariance", lambda X: np.zeros((2, 5)), "wrong shape"),
    ("pca", lambda X, k: (np.zeros((k + 1, 7)), np.zeros(k)), "should have shape"),
    ("pca", lambda X, k: (pca_eigh(X, k)[0], np.zeros(k + 2)), "one number per component"),
])
def test_wrong_shape_is_named(name, value, text):
    """A result of the wrong shape says which shape was expected."""
    fails_with(CHECKERS[name], value, text)


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    with pytest.raises(AssertionError, match="not a function"):
        checker(3)


def test_checkers_write_nothing_to_stderr_on_failure(capsys):
    """Failing checks print nothing to stderr (nbgrader counts stderr as failure)."""
    for checker in CHECKERS.values():
        with pytest.raises(AssertionError):
            checker(lambda *args: None)
    assert capsys.readouterr().err == ""


def power_ratio_of_first_entries(A, steps, seed):
    A = np.asarray(A, dtype=float)
    v = np.random.default_rng(seed).normal(size=len(A))
    for _ in range(steps):
        v = A @ v
        v = v / np.linalg.norm(v)
    return float((A @ v)[0] / v[0]), v


def test_power_eigenvalue_from_one_entry_is_caught_by_a_zero_entry():
    """(A v)[0] / v[0] is right for most matrices; an eigenvector with a 0 entry exposes it."""
    fails_with(check_power_iteration, power_ratio_of_first_entries, "read λ off one entry")


def covariance_one_pass(X):
    X = np.asarray(X, dtype=float)
    n, mean = len(X), X.mean(axis=0)
    return (X.T @ X - n * np.outer(mean, mean)) / (n - 1)


def test_covariance_cancellation_is_named_on_a_large_offset():
    """Xᵀ X − n m mᵀ passes near the origin; the case far from it names the cancellation."""
    fails_with(check_covariance, covariance_one_pass, "far from the origin")


def test_covariance_does_not_name_a_one_case_coincidence():
    """Dividing by n − 2 equals 'no division' on n = 3 only: not named, just observed."""
    def by_n_minus_2(X):
        X = np.asarray(X, dtype=float)
        Xc = X - X.mean(axis=0)
        return Xc.T @ Xc / (len(X) - 2)

    message = fails_with(check_covariance, by_n_minus_2, "gave a wrong result")
    assert "did not divide" not in message
