"""The chapter 11 checkers (utils.exercises.probability), proven both ways without the notebook.

Correct alternatives pass (loops and vectorised forms, lists and arrays, other formulas);
every named mistake fails with its diagnosis; bad returns get one sentence; the drift
table inside the checker is re-derived here with an independent KS statistic (brute force
over every threshold) and its p-values checked against a permutation test; the binomial
bands of the calibrated tests are checked against exact binomial tails.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest
import torch

import grading_cases.probability as cases
from conftest import fails_with
from utils.exercises import probability as P
from utils.exercises.probability import (
    check_cross_entropy,
    check_drift_test,
    check_gaussian_nll,
    check_kl_gaussians,
    check_logsumexp,
    check_mean_and_se,
    check_softmax,
)
from utils.explore.probability import ks_pvalue, ks_test

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

CHECKERS = {"mean-and-se": check_mean_and_se, "logsumexp": check_logsumexp,
            "softmax": check_softmax, "cross-entropy": check_cross_entropy,
            "gaussian-nll": check_gaussian_nll, "kl-gaussians": check_kl_gaussians,
            "drift-test": check_drift_test}
NAMES = {gid: gid.replace("-", "_") for gid in CHECKERS}


# ---------------------------------------------------------------------------------------
# The tests' own right answers
# ---------------------------------------------------------------------------------------


def mean_and_se(x):
    x = np.asarray(x, dtype=float)
    return x.mean(), x.std(ddof=1) / np.sqrt(x.size)


def logsumexp(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=int)
    log_p = logits - logsumexp(logits, axis=1)[:, None]
    return -np.mean(log_p[np.arange(len(labels)), labels])


def gaussian_nll(y, mu, sigma):
    y, mu, sigma = (np.asarray(a, dtype=float) for a in (y, mu, sigma))
    return np.mean((y - mu) ** 2 / (2 * sigma**2) + 0.5 * np.log(2 * np.pi * sigma**2))


def kl_gaussians(mu1, s1, mu2, s2):
    return np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5


def drift_test(reference, current, alpha=0.05):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    if reference.ndim == 1:
        reference, current = reference[:, None], current[:, None]
    d = reference.shape[1]
    p = [ks_test(reference[:, j], current[:, j])[1] for j in range(d)]
    p_value = min(1.0, d * min(p))
    return p_value < alpha, p_value


RIGHT = {"mean-and-se": mean_and_se, "logsumexp": logsumexp, "softmax": softmax,
         "cross-entropy": cross_entropy, "gaussian-nll": gaussian_nll,
         "kl-gaussians": kl_gaussians, "drift-test": drift_test}


def define(source: str, name: str):
    """The function ``name`` defined by ``source``, with np, ks_test and the right helpers."""
    namespace = {"np": np, "ks_test": ks_test, "softmax": softmax, "logsumexp": logsumexp}
    exec(textwrap.dedent(source), namespace)
    return namespace[name]


# ---------------------------------------------------------------------------------------
# Tables and references, re-derived
# ---------------------------------------------------------------------------------------


def ks_brute(a, b) -> float:
    """The KS statistic by brute force: the CDF gap at every observed value, one at a time."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return max(abs(np.mean(a <= t) - np.mean(b <= t)) for t in np.concatenate([a, b]))


def kolmogorov_tail(lam: float) -> float:
    """Q(λ) summed term by term in plain Python until the terms vanish."""
    if lam < 0.2:
        return 1.0
    total, k = 0.0, 1
    while True:
        term = 2 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam)
        total += term
        if abs(term) < 1e-300 or k > 1000:
            return min(1.0, max(0.0, total))
        k += 1


def p_value(D: float, n: int, m: int) -> float:
    ne = n * m / (n + m)
    return kolmogorov_tail((math.sqrt(ne) + 0.12 + 0.11 / math.sqrt(ne)) * D)


def columns(sample) -> np.ndarray:
    sample = np.asarray(sample, dtype=float)
    return sample[:, None] if sample.ndim == 1 else sample


@pytest.mark.parametrize("index", range(len(P.DRIFT_CASES)))
def test_drift_table_is_rederived(index):
    """Every D and p of DRIFT_TABLE is the brute-force KS statistic and its Q(λ)."""
    ref, cur, _ = P.DRIFT_CASES[index]
    R, C = columns(ref), columns(cur)
    for j in range(R.shape[1]):
        D = ks_brute(R[:, j], C[:, j])
        assert np.isclose(P.DRIFT_TABLE[index]["D"][j], D, rtol=0, atol=1e-12)
        assert np.isclose(P.DRIFT_TABLE[index]["p"][j], p_value(D, len(R), len(C)), rtol=1e-9)
        assert ks_test(R[:, j], C[:, j]) == pytest.approx((D, P.DRIFT_TABLE[index]["p"][j]))


def test_drift_cases_cover_what_they_claim():
    """One column and several; a column between α/d and α; a case with ties; α ≠ 0.05."""
    widths = [columns(c[0]).shape[1] for c in P.DRIFT_CASES]
    assert 1 in widths and max(widths) >= 3
    decisions = [P.drift_expected(i)[0] for i in range(len(P.DRIFT_CASES))]
    assert any(decisions) and not all(decisions)
    between = [i for i, row in enumerate(P.DRIFT_TABLE)
               if len(row["p"]) > 1 and P.DRIFT_CASES[i][2] / len(row["p"]) < min(row["p"])
               < P.DRIFT_CASES[i][2]]
    assert between, "a column significant alone but not after Bonferroni"
    ties = np.concatenate([columns(c).ravel() for c in P.DRIFT_CASES[P.TIES_CASE][:2]])
    assert len(np.unique(ties)) < len(ties) / 5
    assert {c[2] for c in P.DRIFT_CASES} >= {0.05, 0.2, 0.3}
    # the uncorrected decision differs from the corrected one on some case
    assert any((min(row["p"]) < P.DRIFT_CASES[i][2]) != P.drift_expected(i)[0]
               for i, row in enumerate(P.DRIFT_TABLE))


def permutation_p(a, b, seed, rounds=4000):
    """The permutation test's p-value of the KS statistic of a against b."""
    a, b = np.ravel(a).astype(float), np.ravel(b).astype(float)
    D = ks_test(a, b)[0]
    pool, rng, count = np.concatenate([a, b]), np.random.default_rng(seed), 0
    for _ in range(rounds):
        shuffled = rng.permutation(pool)
        count += ks_test(shuffled[: a.size], shuffled[a.size:])[0] >= D - 1e-12
    return (1 + count) / (1 + rounds)


@pytest.mark.parametrize("index", [0, 1, 5])
def test_asymptotic_p_values_agree_with_a_permutation_test(index):
    """On continuous one-column cases, Q(λ) is within the permutation test's 99.9 % band
    (plus a tenth of p: the statistic is discrete, Q is its continuous limit)."""
    ref, cur, _ = P.DRIFT_CASES[index]
    p, rounds = ks_test(ref, cur)[1], 4000
    permutation = permutation_p(ref, cur, index, rounds)
    half = 3.29 * math.sqrt(max(p * (1 - p), 1 / rounds) / rounds) + 1 / rounds
    assert abs(permutation - p) < half + 0.1 * p, (permutation, p)


def test_with_ties_the_asymptotic_p_value_is_conservative():
    """On counts (many ties) Q(λ) is larger than the permutation p-value: it errs safe."""
    ref, cur, _ = P.DRIFT_CASES[P.TIES_CASE]
    assert permutation_p(ref, cur, 6) < ks_test(ref, cur)[1]


def test_binomial_band_against_exact_tails():
    """The normal band holds at least 99.8 % of Binomial(n, rate) at the course's sizes."""
    for rate, trials in ((0.05, 400), (0.95, 400), (0.1, 300), (0.05, 200)):
        low, high = P.binomial_band(rate, trials)
        inside = sum(math.comb(trials, k) * rate**k * (1 - rate) ** (trials - k)
                     for k in range(trials + 1) if low < k / trials < high)
        assert inside > 0.998, (rate, trials, inside)


def test_right_drift_test_is_calibrated():
    """Over seeded trials the right test flags about α, the uncorrected one far more."""
    rate = P.family_wise_rate(drift_test)
    assert rate <= P.binomial_band(0.05, 200)[1]
    uncorrected = define(cases.MORE_MISTAKES[0]["drift-test"][0], "drift_test")
    assert P.family_wise_rate(uncorrected) > 0.25


def test_references_match_the_formulas():
    """torch's references equal the closed forms on every case."""
    for y, mu, sigma in P.GAUSSIAN_NLL_CASES:
        assert np.isclose(P.torch_gaussian_nll(y, mu, sigma), gaussian_nll(y, mu, sigma))
    for case in P.KL_CASES:
        assert np.isclose(P.torch_kl(*case), kl_gaussians(*case), atol=1e-12)
    for (z,) in P.SOFTMAX_CASES:
        assert np.allclose(P.torch_softmax(z), softmax(z))
    for logits, labels in P.CROSS_ENTROPY_CASES:
        assert np.isclose(P.torch_cross_entropy(logits, labels), cross_entropy(logits, labels))


def test_the_examples_of_the_tasks():
    """The numbers printed in the tasks."""
    assert np.allclose(mean_and_se([2.0, 4.0, 4.0, 6.0]), (4.0, 0.8165), atol=1e-4)
    assert np.isclose(logsumexp([1000.0, 1000.0]), 1000.6931, atol=1e-4)
    assert np.allclose(logsumexp([[0.0, 0.0], [1.0, 1.0]]), [0.6931, 1.6931], atol=1e-4)
    assert np.allclose(softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])
    assert np.isclose(cross_entropy([[0.0, -800.0]], [1]), 800.0)
    assert np.isclose(cross_entropy([[2.0, 1.0, 0.1]], [0]), 0.4170, atol=1e-4)
    assert np.isclose(gaussian_nll([1.0, 2.0], [1.5, 1.5], 1.0), 1.0439, atol=1e-4)
    assert kl_gaussians(0.0, 1.0, 1.0, 1.0) == 0.5
    drift, p = drift_test(np.zeros(50), np.ones(50))
    assert drift and f"{p:.1e}" == "2.2e-23"


# ---------------------------------------------------------------------------------------
# Right answers pass; the mistakes of the grading cases fail with their phrase
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade_id", CHECKERS)
def test_right_answers_pass(grade_id, capsys):
    """The tests' own answers pass, with one ✔ line."""
    CHECKERS[grade_id](RIGHT[grade_id])
    assert capsys.readouterr().out.startswith("✔")


@pytest.mark.parametrize("grade_id", CHECKERS)
def test_alternatives_pass(grade_id, capsys):
    """The grading cases' alternatives (loops, lists, other formulas) pass."""
    CHECKERS[grade_id](define(cases.ALTERNATIVES[grade_id], NAMES[grade_id]))
    assert "✔" in capsys.readouterr().out


ALL_MISTAKES = [(gid, source, phrase) for rounds in ((cases.MISTAKES,), cases.MORE_MISTAKES)
                for round_ in rounds for gid, (source, phrase) in round_.items()]


@pytest.mark.parametrize(("grade_id", "source", "phrase"), ALL_MISTAKES,
                         ids=[f"{g}-{p[:20]}" for g, _, p in ALL_MISTAKES])
def test_grading_case_mistakes_are_named(grade_id, source, phrase):
    """Each mistake of the grading cases fails its checker with its phrase."""
    fails_with(CHECKERS[grade_id], define(source, NAMES[grade_id]), phrase)


def test_every_listed_mistake_is_in_the_grading_cases():
    """The issue's list: no max-shift, log of an underflowed softmax, KL's direction, std vs
    standard error, the decision inverted, no multiple-testing correction."""
    phrases = {phrase for _, _, phrase in ALL_MISTAKES}
    for needed in ("no max-shift", "log of a softmax that underflowed", "KL in the wrong direction",
                   "not the standard error", "decision is inverted",
                   "no multiple-testing correction"):
        assert needed in phrases, needed


# ---------------------------------------------------------------------------------------
# More mistakes, by exercise
# ---------------------------------------------------------------------------------------


def _with_se(se):
    return lambda x: (np.mean(np.asarray(x, dtype=float)), se(np.asarray(x, dtype=float)))


@pytest.mark.parametrize(("fn", "phrase"), [
    (_with_se(lambda x: x.std()), "not the standard error"),
    (_with_se(lambda x: x.var(ddof=1) / x.size), "square root"),
    (_with_se(lambda x: x.var() / x.size), "square root"),
    (_with_se(lambda x: x.std(ddof=1) / x.size), "divided the standard deviation by n"),
    (lambda x: mean_and_se(x)[::-1], "the order is (mean, standard error)"),
    (lambda x: np.mean(x), "wrong shape"),
])
def test_mean_and_se_mistakes(fn, phrase):
    fails_with(check_mean_and_se, fn, phrase)


def _lse(shift="max", add_back=True, axis_used=None):
    def fn(z, axis=-1):
        z = np.asarray(z, dtype=float)
        ax = axis if axis_used is None else axis_used
        if shift == "global":
            c = z.max()
            return c + np.log(np.exp(z - c).sum(axis=ax))
        c = (z.max if shift == "max" else z.min)(axis=ax, keepdims=True)
        value = np.log(np.exp(z - c).sum(axis=ax))
        return value + np.squeeze(c, axis=ax) if add_back else value
    return fn


@pytest.mark.parametrize(("fn", "phrase"), [
    (_lse(shift="min"), "smallest entry"),
    (_lse(shift="global"), "largest entry of the whole array"),
    (_lse(axis_used=-1), "ignored the axis"),
    (lambda z, axis=-1: np.max(np.asarray(z, dtype=float), axis=axis), "largest entry alone"),
    (lambda z, axis=-1: np.max(np.asarray(z, dtype=float), axis=axis, keepdims=True)
     + np.log(np.sum(np.exp(np.asarray(z) - np.max(z, axis=axis, keepdims=True)), axis=axis,
                     keepdims=True)), "right numbers, wrong shape"),
])
def test_logsumexp_mistakes(fn, phrase):
    fails_with(check_logsumexp, fn, phrase)


def _softmax(shift="max", axis=-1, total=False):
    def fn(z):
        z = np.asarray(z, dtype=float)
        c = z.max() if shift == "global" else z.max(axis=axis, keepdims=True)
        e = np.exp(z - c)
        return e / (e.sum() if total else e.sum(axis=axis, keepdims=True))
    return fn


@pytest.mark.parametrize(("fn", "phrase"), [
    (_softmax(shift="global"), "largest entry of the whole array"),
    (_softmax(axis=0), "normalised over axis 0"),
    (_softmax(total=True), "sum of the whole array"),
    (lambda z: np.asarray(z) - logsumexp(z)[..., None], "log-probabilities"),
    (lambda z: np.exp(np.asarray(z, dtype=float) - np.max(z, axis=-1, keepdims=True)),
     "without dividing"),
])
def test_softmax_mistakes(fn, phrase):
    fails_with(check_softmax, fn, phrase)


def _stable_p(logits):
    return softmax(np.asarray(logits, dtype=float))


@pytest.mark.parametrize(("fn", "phrase"), [
    (lambda logits, labels: -np.mean(np.log(_stable_p(logits)[np.arange(len(labels)), labels]
                                            + 1e-10)), "you clamped"),
    (lambda logits, labels: -np.mean(np.log(np.maximum(
        _stable_p(logits)[np.arange(len(labels)), labels], 1e-15))), "you clamped"),
    (lambda logits, labels: -np.mean(np.log(softmax(np.exp(0) * np.asarray(logits))
                                            )[:, labels]), "(N, N) table"),
    (lambda logits, labels: -np.sum((np.asarray(logits, dtype=float) - logsumexp(logits, axis=1)[
        :, None])[np.arange(len(labels)), labels]), "summed over the samples"),
    (lambda logits, labels: cross_entropy(logits, labels) * -1, "sign is flipped"),
    (lambda logits, labels: -np.mean(np.log((np.exp(np.asarray(logits, dtype=float)) / np.exp(
        np.asarray(logits, dtype=float)).sum(axis=1, keepdims=True))[np.arange(len(labels)),
                                                                      labels])), "no max-shift"),
    (lambda logits, labels: -np.mean((np.asarray(logits, dtype=float) - logsumexp(
        logits, axis=0))[np.arange(len(labels)), labels]), "over the batch"),
])
def test_cross_entropy_mistakes(fn, phrase):
    fails_with(check_cross_entropy, fn, phrase)


def _nll(half_log=1.0, denominator=2.0, var_power=2, two_pi=True, sigma_log=True):
    def fn(y, mu, sigma):
        y, mu, sigma = (np.asarray(a, dtype=float) for a in (y, mu, sigma))
        var = sigma**var_power
        log_term = np.log((2 * np.pi if two_pi else 1.0) * (var if sigma_log else 1.0))
        return np.mean((y - mu) ** 2 / (denominator * var) + 0.5 * half_log * log_term)
    return fn


@pytest.mark.parametrize(("fn", "phrase"), [
    (_nll(two_pi=False), "ln 2π is missing"),
    (_nll(var_power=1), "where the variance σ² belongs"),
    (_nll(var_power=4), "squared σ twice"),
    (_nll(half_log=2.0), "log term lost its ½"),
    (_nll(denominator=1.0), "squared error lost its ½"),
    (_nll(sigma_log=False), "½ ln σ² term is missing"),
    (lambda y, mu, sigma: np.mean((np.asarray(y) - np.asarray(mu)) ** 2), "mean squared error alone"),
    (lambda y, mu, sigma: np.sum((np.asarray(y) - np.asarray(mu)) ** 2 / (2 * np.asarray(sigma) ** 2)
                                 + 0.5 * np.log(2 * np.pi * np.asarray(sigma) ** 2)),
     "did you forget to average"),
])
def test_gaussian_nll_mistakes(fn, phrase):
    fails_with(check_gaussian_nll, fn, phrase)


def test_gaussian_nll_accepts_scipy_style_logpdf(capsys):
    """The log-density summed term by term with math passes too."""
    def by_math(y, mu, sigma):
        y = np.asarray(y, dtype=float)
        s = np.broadcast_to(np.asarray(sigma, dtype=float), y.shape)
        terms = [math.log(si * math.sqrt(2 * math.pi)) + (yi - mi) ** 2 / (2 * si * si)
                 for yi, mi, si in zip(y, np.asarray(mu, dtype=float), s, strict=True)]
        return sum(terms) / len(terms)
    check_gaussian_nll(by_math)
    assert "✔" in capsys.readouterr().out


@pytest.mark.parametrize(("fn", "phrase"), [
    (lambda m1, s1, m2, s2: kl_gaussians(m2, s2, m1, s1), "KL in the wrong direction"),
    (lambda m1, s1, m2, s2: np.log(s1 / s2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5,
     "upside down"),
    (lambda m1, s1, m2, s2: np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2),
     "−½ is missing"),
    (lambda m1, s1, m2, s2: kl_gaussians(m1, np.sqrt(s1), m2, np.sqrt(s2)), "as variances"),
    (lambda m1, s1, m2, s2: np.log(s2 / s1) + (s1 + (m1 - m2) ** 2) / (2 * s2) - 0.5,
     "s where s² belongs"),
])
def test_kl_mistakes(fn, phrase):
    fails_with(check_kl_gaussians, fn, phrase)


def test_kl_wrong_direction_is_not_named_when_it_does_not_explain_everything():
    """Wrong on the swapped pairs and also elsewhere: no direction is claimed."""
    def odd(m1, s1, m2, s2):
        return kl_gaussians(m2, s2, m1, s1) + (0.1 if m1 == 3 else 0.0)
    message = fails_with(check_kl_gaussians, odd, "no known mistake")
    assert "direction" not in message


def _drift(combine, decide=None, test=ks_test):
    def fn(reference, current, alpha=0.05):
        R, C = columns(reference), columns(current)
        p = [test(R[:, j], C[:, j])[1] for j in range(R.shape[1])]
        value = combine(p)
        return (bool(value < alpha) if decide is None else decide(value, alpha)), value
    return fn


def ks_tie_blind(a, b):
    """KS through the cumulative sum over the pooled order: wrong where values repeat."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    order = np.argsort(np.concatenate([a, b]), kind="stable")
    D = float(np.abs(np.cumsum(np.where(order < a.size, 1 / a.size, -1 / b.size))).max())
    return D, float(ks_pvalue(D, a.size, b.size))


@pytest.mark.parametrize(("fn", "phrase"), [
    (_drift(lambda p: min(1, len(p) * min(p)), lambda v, a: bool(v >= a)), "decision is inverted"),
    (_drift(lambda p: min(1, len(p) * min(p)), lambda v, a: bool(v < 0.05)), "ignores alpha"),
    (_drift(min), "no multiple-testing correction"),
    (_drift(len), "wrong already on one column"),
    (_drift(lambda p: len(p) * min(p)), "can exceed 1"),
    (_drift(lambda p: min(p) / len(p)), "divided the smallest p-value by d"),
    (_drift(max), "largest column p-value"),
    (_drift(lambda p: min(1, len(p) * min(p)), test=ks_tie_blind), "ties"),
])
def test_drift_test_mistakes(fn, phrase):
    fails_with(check_drift_test, fn, phrase)


def test_drift_test_corrected_decision_with_an_uncorrected_p_value():
    """Deciding at α/d but returning the smallest p is told apart from no correction."""
    def half(reference, current, alpha=0.05):
        R, C = columns(reference), columns(current)
        p = [ks_test(R[:, j], C[:, j])[1] for j in range(R.shape[1])]
        return bool(min(p) < alpha / len(p)), min(p)
    fails_with(check_drift_test, half, "your decision is right, but the p-value")


def test_drift_test_returning_the_statistic():
    def statistic(reference, current, alpha=0.05):
        R, C = columns(reference), columns(current)
        D = max(ks_test(R[:, j], C[:, j])[0] for j in range(R.shape[1]))
        return bool(D > alpha), D
    fails_with(check_drift_test, statistic, "KS statistic D where the p-value belongs")


@pytest.mark.parametrize(("fn", "phrase"), [
    (lambda r, c, alpha=0.05: True, "only the decision"),
    (lambda r, c, alpha=0.05: (1, 0.5), "must be True or False"),
    (lambda r, c, alpha=0.05: (True, [0.1, 0.2]), "p-value of shape"),
    (lambda r, c, alpha=0.05: (False, "p"), "not numbers"),
    (lambda r, c, alpha=0.05: None, "returned None"),
    (lambda r, c, alpha=0.05: np.asarray(r).shape[1], "raised IndexError"),
])
def test_drift_test_bad_returns(fn, phrase):
    fails_with(check_drift_test, fn, phrase)


def test_drift_test_that_changes_its_input_is_refused():
    def in_place(reference, current, alpha=0.05):
        if isinstance(reference, np.ndarray):
            reference.sort(axis=0)
        return drift_test(reference, current, alpha)
    fails_with(check_drift_test, in_place, "changed reference in place")


@pytest.mark.parametrize(("checker", "fn", "phrase"), [
    (check_logsumexp, lambda z, axis=-1: None, "returned None"),
    (check_softmax, lambda z: "softmax", "not numbers"),
    (check_softmax, lambda z: np.full(np.shape(z), np.nan), "NaN"),
    (check_cross_entropy, lambda logits, labels: 1 / 0, "raised ZeroDivisionError"),
    (check_kl_gaussians, lambda *a: np.zeros(2), "expected a single number"),
    (check_gaussian_nll, lambda y, mu, sigma: math.inf, "inf"),
])
def test_bad_returns(checker, fn, phrase):
    fails_with(checker, fn, phrase)


def test_torch_matches_numpy_var_factor():
    """The chapter's ddof claim: torch.var / np.var = n / (n − 1)."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert np.isclose(torch.var(torch.tensor(x)).item() / np.var(x), 4 / 3)
