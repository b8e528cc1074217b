"""Checkers for chapter 11 (Probability): mean_and_se, logsumexp, softmax, cross_entropy,
gaussian_nll, kl_gaussians and drift_test.

The references hold no solution of the exercises:

* ``mean_and_se`` against NumPy's ``mean`` and ``std(ddof=1)`` divided by √n;
* ``logsumexp`` against NumPy's ``np.logaddexp.reduce``;
* ``softmax``, ``cross_entropy``, ``gaussian_nll`` and ``kl_gaussians`` against PyTorch
  (``torch.softmax``, ``torch.nn.functional.cross_entropy``,
  ``torch.nn.functional.gaussian_nll_loss(full=True)`` and
  ``torch.distributions.kl_divergence``), in float64, imported inside the checkers (never
  when this module is imported);
* ``drift_test`` against a **fixed table** of KS statistics and p-values per column,
  re-derived in tests/test_exercises_probability.py (with an independent KS and a
  permutation test), and by **properties** of the learner's own answers: its p-value on
  several columns against its p-values column by column, and its false-positive rate over
  seeded trials of data without drift.

The mistakes are wrong formulas (or the reference on swapped or transformed arguments),
each named only when it explains every case the learner got wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from utils.check import (
    Mistake,
    as_number_array,
    call,
    check_function,
    checker,
    fail,
    passed,
    quiet_numpy,
    require_result,
    show,
    snapshot,
)


def _floats(value) -> np.ndarray:
    return np.asarray(value, dtype=float)


# ---------------------------------------------------------------------------------------
# mean_and_se(x) -> (mean, standard error of the mean)
# ---------------------------------------------------------------------------------------

_se = np.random.default_rng(1111)
#: (x,): a list, ints, small and large samples, a sample far from 0.
MEAN_SE_CASES = (
    ([2.0, 4.0, 4.0, 6.0],),
    (np.arange(7),),
    (_se.normal(10.0, 3.0, 25),),
    (_se.exponential(2.0, 1000),),
    (1e6 + _se.normal(0.0, 1.0, 50),),
)


def _mean_se(x, ddof: int = 1, root: bool = True, square: bool = False):
    x = _floats(x).ravel()
    spread = np.var(x, ddof=ddof) if square else np.std(x, ddof=ddof)
    return [np.mean(x), spread / (np.sqrt(x.size) if root and not square else x.size)]


STD_NOT_SE = ("you returned the standard deviation of the samples, not the standard error of "
              "their mean: the mean of n samples varies √n times less than one sample. "
              "Divide by √n: s / √n.")
MEAN_SE_MISTAKES = (
    Mistake(STD_NOT_SE, lambda x: [np.mean(x), np.std(_floats(x), ddof=1)]),
    Mistake(STD_NOT_SE, lambda x: [np.mean(x), np.std(_floats(x))]),
    Mistake("you used np.std's default ddof=0 (it divides by n); the standard error uses the "
            "sample standard deviation, ddof=1 (dividing by n − 1): np.std(x, ddof=1) / √n.",
            lambda x: _mean_se(x, ddof=0)),
    Mistake("you returned s²/n, the variance of the mean: the standard error is its square "
            "root, s / √n.", lambda x: _mean_se(x, square=True)),
    Mistake("you returned s²/n, the variance of the mean (and with ddof=0): the standard "
            "error is its square root, np.std(x, ddof=1) / √n.",
            lambda x: _mean_se(x, ddof=0, square=True)),
    Mistake("you divided the standard deviation by n; the standard error divides by √n.",
            lambda x: [np.mean(x), np.std(_floats(x), ddof=1) / _floats(x).size]),
    Mistake("you returned (standard error, mean); the order is (mean, standard error).",
            lambda x: _mean_se(x)[::-1]),
)


@checker
def check_mean_and_se(mean_and_se: object, cases=MEAN_SE_CASES) -> None:
    """Check ``mean_and_se(x)``: (np.mean(x), np.std(x, ddof=1) / √n)."""
    __tracebackhide__ = True
    check_function(mean_and_se, cases, lambda x: _mean_se(x), name="mean_and_se",
                   mistakes=MEAN_SE_MISTAKES, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------------------
# logsumexp(z, axis=-1) and softmax(z)
# ---------------------------------------------------------------------------------------

_lse = np.random.default_rng(1112)
#: (z,) or (z, axis): lists, huge and tiny entries, a range wider than 709.78, a single
#: entry, 2-D with rows far apart, an axis.
LOGSUMEXP_CASES = (
    ([1.0, 2.0, 3.0],),
    ([1000.0, 1000.0],),
    ([-1000.0, -1001.0],),
    ([0.0, 800.0, -5.0],),
    ([5.0],),
    (np.array([[1.0, 2.0, 3.0], [1000.0, 999.0, 0.0]]),),
    (np.array([[0.0, 1.0, 2.0], [-1000.0, -999.0, -998.0]]), -1),
    (np.array([[0.5, 900.0], [-3.0, 901.0], [2.0, 899.0]]), 0),
    (_lse.normal(0.0, 3.0, (4, 5)), 1),
)


def _reduce(z, axis: int = -1) -> np.ndarray:
    return np.logaddexp.reduce(_floats(z), axis=axis)


def _shift_of(z: np.ndarray, shift: str, axis: int):
    """What a max-shift (or a mistaken one) subtracts: nothing ("none"), the largest entry of
    the whole array ("global"), or the largest or smallest entry along ``axis``."""
    if shift == "none":
        return 0.0
    if shift == "global":
        return np.max(z)
    return (np.max if shift == "max" else np.min)(z, axis=axis, keepdims=True)


def _lse_shift(z, axis: int = -1, shift: str = "max", add_back: bool = True):
    z = _floats(z)
    c = _shift_of(z, shift, axis)
    value = np.log(np.sum(np.exp(z - c), axis=axis, keepdims=True))
    return np.squeeze(value + c if add_back else value, axis=axis)


NO_SHIFT = ("no max-shift: np.exp overflows to inf once an entry passes ln(largest float) ≈ "
            "709.78 in float64 (88.72 in float32), and underflows to 0 far below 0 (then "
            "log 0 = −inf). Subtract the largest entry first, then add it back.")
MIN_SHIFT = ("you subtracted the smallest entry instead of the largest: then the largest "
             "z − min is still huge and np.exp overflows. Subtract the max: every z − max ≤ 0.")
GLOBAL_MAX = ("you shifted by the largest entry of the whole array: each row (along the axis) "
              "needs its own max, z.max(axis=axis, keepdims=True), or rows far below it "
              "underflow.")

LOGSUMEXP_MISTAKES = (
    Mistake(MIN_SHIFT, lambda z, axis=-1: _lse_shift(z, axis, "min")),
    Mistake(NO_SHIFT, lambda z, axis=-1: _lse_shift(z, axis, "none")),
    Mistake("you subtracted the max but did not add it back: logsumexp(z) = m + log Σ e^(z − m).",
            lambda z, axis=-1: _lse_shift(z, axis, "max", add_back=False)),
    Mistake(GLOBAL_MAX, lambda z, axis=-1: _lse_shift(z, axis, "global")),
    Mistake("you ignored the axis argument: reduce along the axis you are given "
            "(default −1, the last one).", lambda z, axis=-1: _reduce(z, -1)),
    Mistake("you returned the largest entry alone: the max is only the first term of "
            "m + log Σ e^(z − m).", lambda z, axis=-1: np.max(_floats(z), axis=axis)),
)


@checker
def check_logsumexp(logsumexp: object, cases=LOGSUMEXP_CASES) -> None:
    """Check ``logsumexp(z, axis=-1)`` against ``np.logaddexp.reduce(z, axis=axis)``."""
    __tracebackhide__ = True
    check_function(logsumexp, cases, _reduce, name="logsumexp", mistakes=LOGSUMEXP_MISTAKES,
                   rtol=1e-9, atol=1e-9)


#: (z,): lists, ±1000, a range wider than 709.78, rows far apart, a (3, 2) and a (2, 3).
SOFTMAX_CASES = (
    ([1.0, 2.0, 3.0],),
    ([1000.0, 0.0, -1000.0],),
    ([-1000.0, -1000.0],),
    ([0.0, 800.0],),
    (np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0]]),),
    (np.array([[0.0, 1.0], [-2000.0, -1999.0], [3.0, -1.0]]),),
    (_lse.normal(0.0, 2.0, (2, 4)),),
)


def torch_softmax(z) -> np.ndarray:
    """``torch.softmax`` over the last axis, in float64: the reference of softmax."""
    import torch

    return torch.softmax(torch.tensor(_floats(z), dtype=torch.float64), dim=-1).numpy()


def _softmax_shift(z, shift: str = "max", axis: int = -1, total: bool = False):
    z = _floats(z)
    c = _shift_of(z, shift, axis)
    e = np.exp(z - c)
    return e / (np.sum(e) if total else np.sum(e, axis=axis, keepdims=True))


SOFTMAX_MISTAKES = (
    Mistake(MIN_SHIFT, lambda z: _softmax_shift(z, "min")),
    Mistake(NO_SHIFT.replace("(then log 0 = −inf)", "(then 0/0 = nan)").replace(
        "first, then add it back.", "first: softmax(z − max) = softmax(z)."),
            lambda z: _softmax_shift(z, "none")),
    Mistake(GLOBAL_MAX.replace("along the axis", "the last axis").replace(
        "z.max(axis=axis, keepdims=True)", "z.max(axis=-1, keepdims=True)").replace(
        "underflow.", "underflow to 0/0."), lambda z: _softmax_shift(z, "global")),
    Mistake("you normalised over axis 0 (down the columns); each row, the last axis, must "
            "sum to 1: sum(..., axis=-1, keepdims=True).",
            lambda z: _softmax_shift(z, "max", axis=0)),
    Mistake("you divided by the sum of the whole array: each row must sum to 1 on its own "
            "(sum over axis=-1, keepdims=True).", lambda z: _softmax_shift(z, "max", total=True)),
    Mistake("you returned log-probabilities, z − logsumexp(z): softmax is their exponential.",
            lambda z: _floats(z) - np.logaddexp.reduce(_floats(z), axis=-1, keepdims=True)),
    Mistake("you returned exp(z − max) without dividing by its sum: the entries must add "
            "up to 1.", lambda z: np.exp(_floats(z) - np.max(_floats(z), axis=-1, keepdims=True))),
)


@checker
def check_softmax(softmax: object, cases=SOFTMAX_CASES) -> None:
    """Check ``softmax(z)`` over the last axis against ``torch.softmax`` (float64)."""
    __tracebackhide__ = True
    check_function(softmax, cases, torch_softmax, name="softmax", mistakes=SOFTMAX_MISTAKES,
                   rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------------------
# cross_entropy(logits, labels)
# ---------------------------------------------------------------------------------------

_ce = np.random.default_rng(1113)
#: (logits, labels): lists, a random batch, confident and wrong, an underflowing label,
#: N ≠ C everywhere but the first case.
CROSS_ENTROPY_CASES = (
    ([[2.0, 1.0, 0.1]], [0]),
    (_ce.normal(0.0, 2.0, (5, 3)), np.array([0, 2, 1, 1, 0])),
    (np.array([[1000.0, 0.0, 0.0], [0.0, 0.0, 1000.0]]), np.array([1, 2])),
    (np.array([[0.0, -800.0], [3.0, 1.0], [0.5, 0.5]]), np.array([1, 0, 1])),
    (_ce.normal(0.0, 1.0, (4, 6)), [5, 0, 3, 3]),
)


def torch_cross_entropy(logits, labels) -> float:
    """``torch.nn.functional.cross_entropy`` in float64: the reference of cross_entropy."""
    import torch

    return float(torch.nn.functional.cross_entropy(
        torch.tensor(_floats(logits), dtype=torch.float64),
        torch.tensor(np.asarray(labels), dtype=torch.int64)))


def _picked(p, labels) -> np.ndarray:
    p = _floats(p)
    return p[np.arange(len(p)), np.asarray(labels, dtype=int)]


def _log_of_softmax(logits, labels, eps: float = 0.0, clip: bool = False):
    p = _picked(torch_softmax(logits), labels)
    p = np.clip(p, eps, 1.0) if clip else p + eps
    return -np.mean(np.log(p))


LOG_OF_SOFTMAX = ("you took the log of a softmax that underflowed to 0: log 0 = −inf, so the "
                  "loss is inf. Use log_softmax = z − logsumexp(z), which stays finite "
                  "(here −800 where the softmax is 0).")
CLAMPED = ("you clamped the probability before the log (p + ε or clip(p, ε, 1)): the loss "
           "is then capped near −log ε, far below the true value on confident mistakes. "
           "Use log_softmax = z − logsumexp(z) instead.")

CROSS_ENTROPY_MISTAKES = (
    Mistake(LOG_OF_SOFTMAX, _log_of_softmax),
    Mistake(NO_SHIFT.replace("(then log 0 = −inf)", "(then nan or −inf)").replace(
        "first, then add it back.", "first, or better use log_softmax = z − logsumexp(z)."),
            lambda logits, labels: -np.mean(np.log(_picked(
                np.exp(_floats(logits)) / np.sum(np.exp(_floats(logits)), axis=1,
                                                 keepdims=True), labels)))),
    *[Mistake(CLAMPED, lambda logits, labels, e=eps, c=clip: _log_of_softmax(logits, labels, e, c))
      for eps in (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-16, 1e-20, 1e-30, 1e-300)
      for clip in (False, True)],
    Mistake("you picked logits[:, labels], an (N, N) table of every sample against every "
            "label; pick one entry per row: [np.arange(N), labels].",
            lambda logits, labels: -np.mean(np.log(torch_softmax(logits))[
                :, np.asarray(labels, dtype=int)])),
    Mistake("yours is N times too large: you summed over the samples instead of averaging "
            "(the loss is the mean over the batch, as F.cross_entropy's default).",
            lambda logits, labels: len(_floats(logits)) * torch_cross_entropy(logits, labels)),
    Mistake("you normalised over the batch (axis 0) instead of over the classes: "
            "logsumexp over axis=1, one per sample.",
            lambda logits, labels: -np.mean(_picked(
                _floats(logits) - np.logaddexp.reduce(_floats(logits), axis=0), labels))),
)


@checker
def check_cross_entropy(cross_entropy: object, cases=CROSS_ENTROPY_CASES) -> None:
    """Check ``cross_entropy(logits, labels)`` against torch's ``F.cross_entropy`` (float64)."""
    __tracebackhide__ = True
    check_function(cross_entropy, cases, torch_cross_entropy, name="cross_entropy",
                   mistakes=CROSS_ENTROPY_MISTAKES, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------------------
# gaussian_nll(y, mu, sigma) and kl_gaussians(mu1, s1, mu2, s2)
# ---------------------------------------------------------------------------------------

_g = np.random.default_rng(1114)
_y20 = _g.normal(1.0, 2.0, 20)
_y7 = _g.normal(0.0, 1.0, 7)
#: (y, mu, sigma): lists, σ below and above 1 (σ = 1 hides σ vs σ²), σ per sample.
GAUSSIAN_NLL_CASES = (
    ([1.0, 2.0], [1.5, 1.5], 1.0),
    (_y20, _y20 + _g.normal(0.0, 0.5, 20), 0.5),
    (_y7, np.zeros(7), 3.0),
    (_y7, _y7 * 0.8, _g.uniform(0.3, 2.0, 7)),
    ([0.0, 4.0, -1.0], [1.0, 1.0, 1.0], 2.0),
)


def torch_gaussian_nll(y, mu, sigma, full: bool = True, square: bool = True) -> float:
    """``F.gaussian_nll_loss(mu, y, var=σ², full=True)``, the mean NLL: gaussian_nll's reference.

    ``square=False`` hands σ itself as the variance (a mistake's answer).
    """
    import torch

    y, mu = _floats(y), _floats(mu)
    sigma = np.broadcast_to(_floats(sigma), y.shape)
    return float(torch.nn.functional.gaussian_nll_loss(
        torch.tensor(mu), torch.tensor(y), torch.tensor(sigma**2 if square else sigma.copy()),
        full=full, eps=1e-300, reduction="mean"))


def _nll_parts(y, mu, sigma):
    y, mu = _floats(y), _floats(mu)
    sigma = np.broadcast_to(_floats(sigma), y.shape)
    return (y - mu) ** 2, sigma


GAUSSIAN_NLL_MISTAKES = (
    Mistake("½ ln 2π is missing: that is GaussianNLLLoss's default, full=False, which drops "
            "the constant. The negative log-likelihood has it: ½ ln(2πσ²).",
            lambda y, mu, sigma: torch_gaussian_nll(y, mu, sigma, full=False)),
    Mistake("you used σ where the variance σ² belongs: the density has (y − μ)²/(2σ²) and "
            "½ ln(2πσ²). (GaussianNLLLoss also takes the variance, not σ.)",
            lambda y, mu, sigma: torch_gaussian_nll(y, mu, sigma, square=False)),
    Mistake("you squared σ twice (σ⁴ where σ² belongs): sigma is the standard deviation; "
            "the variance is sigma ** 2.",
            lambda y, mu, sigma: torch_gaussian_nll(y, mu, np.square(_floats(sigma)))),
    Mistake("the log term lost its ½: −ln p = (y − μ)²/(2σ²) + ½ ln(2πσ²).",
            lambda y, mu, sigma: np.mean(_nll_parts(y, mu, sigma)[0]
                                         / (2 * _nll_parts(y, mu, sigma)[1] ** 2)
                                         + np.log(2 * np.pi * _nll_parts(y, mu, sigma)[1] ** 2))),
    Mistake("the squared error lost its ½: −ln p = (y − μ)²/(2σ²) + ½ ln(2πσ²).",
            lambda y, mu, sigma: torch_gaussian_nll(y, mu, sigma)
            + np.mean(_nll_parts(y, mu, sigma)[0] / (2 * _nll_parts(y, mu, sigma)[1] ** 2))),
    Mistake("the ½ ln σ² term is missing (only ½ ln 2π is there): with σ ≠ 1 the "
            "normalising constant depends on σ, ½ ln(2πσ²).",
            lambda y, mu, sigma: torch_gaussian_nll(y, mu, sigma)
            - np.mean(np.log(_nll_parts(y, mu, sigma)[1]))),
    Mistake("that is the mean squared error alone: the NLL divides it by 2σ² and adds "
            "½ ln(2πσ²).", lambda y, mu, sigma: np.mean(_nll_parts(y, mu, sigma)[0])),
)


@checker
def check_gaussian_nll(gaussian_nll: object, cases=GAUSSIAN_NLL_CASES) -> None:
    """Check ``gaussian_nll(y, mu, sigma)`` against ``F.gaussian_nll_loss(full=True)``."""
    __tracebackhide__ = True
    check_function(gaussian_nll, cases, torch_gaussian_nll, name="gaussian_nll",
                   mistakes=GAUSSIAN_NLL_MISTAKES, rtol=1e-9, atol=1e-12)


#: (mu1, s1, mu2, s2): each pair also swapped, so KL in the wrong direction shows; equal
#: distributions; σ below and above 1; ints.
KL_CASES = (
    (0.0, 1.0, 1.0, 1.0),
    (0.0, 1.0, 0.0, 2.0),
    (0.0, 2.0, 0.0, 1.0),
    (1.0, 0.5, -1.0, 2.0),
    (-1.0, 2.0, 1.0, 0.5),
    (3, 1, 3, 1),
    (0.5, 3.0, 2.0, 0.7),
)


def torch_kl(mu1, s1, mu2, s2) -> float:
    """``torch.distributions.kl_divergence(Normal(μ₁, s₁), Normal(μ₂, s₂))``, float64."""
    import torch
    from torch.distributions import Normal, kl_divergence

    def normal(mu, s):
        return Normal(torch.tensor(float(mu), dtype=torch.float64),
                      torch.tensor(float(s), dtype=torch.float64))

    return float(kl_divergence(normal(mu1, s1), normal(mu2, s2)))


KL_SWAPPED = ("KL in the wrong direction: yours is KL(q‖p) = KL(N(μ₂, s₂²) ‖ N(μ₁, s₁²)). "
              "KL is not symmetric; the expectation is under the first distribution: "
              "ln(s₂/s₁) + (s₁² + (μ₁ − μ₂)²)/(2s₂²) − ½.")
KL_MISTAKES = (
    Mistake(KL_SWAPPED, lambda m1, s1, m2, s2: torch_kl(m2, s2, m1, s1)),
    Mistake("your log term is ln(s₂²/s₁²), twice ln(s₂/s₁): the ratio of the standard "
            "deviations, or ½ ln of the variances.",
            lambda m1, s1, m2, s2: torch_kl(m1, s1, m2, s2) + math.log(s2 / s1)),
    Mistake("your log term is upside down: ln(s₂/s₁), the second over the first.",
            lambda m1, s1, m2, s2: torch_kl(m1, s1, m2, s2) - 2 * math.log(s2 / s1)),
    Mistake("the −½ is missing: with p = q the KL must be 0.",
            lambda m1, s1, m2, s2: torch_kl(m1, s1, m2, s2) + 0.5),
    Mistake("you treated s1 and s2 as variances: they are standard deviations (square them "
            "in the fraction, ln(s₂/s₁) in the log).",
            lambda m1, s1, m2, s2: torch_kl(m1, math.sqrt(s1), m2, math.sqrt(s2))),
    Mistake("you used s where s² belongs in the fraction: (s₁² + (μ₁ − μ₂)²)/(2s₂²).",
            lambda m1, s1, m2, s2: math.log(s2 / s1) + (s1 + (m1 - m2) ** 2) / (2 * s2) - 0.5),
)


@checker
def check_kl_gaussians(kl_gaussians: object, cases=KL_CASES) -> None:
    """Check ``kl_gaussians(mu1, s1, mu2, s2)`` = KL(N(μ₁, s₁²) ‖ N(μ₂, s₂²)) against torch."""
    __tracebackhide__ = True
    check_function(kl_gaussians, cases, torch_kl, name="kl_gaussians", mistakes=KL_MISTAKES,
                   rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------------------
# drift_test(reference, current, alpha) -> (drift, p_value)
# ---------------------------------------------------------------------------------------


def _drift_cases():
    g = np.random.default_rng(1101)
    cases = [
        (g.normal(size=200).round(4), g.normal(size=150).round(4), 0.05),
        (g.normal(size=200).round(4), (g.normal(size=200) + 0.5).round(4), 0.05),
        (g.normal(size=(300, 3)).round(4), g.normal(size=(250, 3)).round(4), 0.05),
    ]
    ref, cur = g.normal(size=(300, 3)).round(4), g.normal(size=(300, 3)).round(4)
    cur[:, 2] += 0.4
    cases.append((ref, cur, 0.05))
    r = np.random.default_rng(56)
    cases.append((r.normal(size=(120, 4)).round(3), r.normal(size=(100, 4)).round(3), 0.05))
    r = np.random.default_rng(11)
    cases.append((r.normal(size=40).round(3).tolist(), (r.normal(size=30) + 0.3).round(3).tolist(),
                  0.2))
    r = np.random.default_rng(0)
    cases.append((r.poisson(3, size=80), r.poisson(3.6, size=90), 0.3))
    return tuple(cases)


#: (reference, current, alpha): one column and several, no drift and drift in one column,
#: a column whose p-value lies between α/d and α, lists with α = 0.2, counts with ties.
DRIFT_CASES = _drift_cases()
#: For each case: the KS statistic and p-value of every column (section 5's ks_test), as
#: re-derived in tests/test_exercises_probability.py.
DRIFT_TABLE = (
    {"D": (0.09,), "p": (0.47278200838165824,)},
    {"D": (0.2,), "p": (0.0005433126073938185,)},
    {"D": (0.06866666666666671, 0.053333333333333344, 0.050000000000000044),
     "p": (0.5267702200112285, 0.8226872815888302, 0.8768027050016548)},
    {"D": (0.04999999999999993, 0.053333333333333344, 0.2),
     "p": (0.8384236546362528, 0.7762428177646631, 9.531249542482145e-06)},
    {"D": (0.09, 0.08666666666666667, 0.195, 0.1),
     "p": (0.7493719036444585, 0.7892718700546746, 0.02710730804021703, 0.6237365482208302)},
    {"D": (0.2916666666666667,), "p": (0.08770683957337358,)},
    {"D": (0.1527777777777778,), "p": (0.254081577397384,)},
)
#: The case with ties (integer counts): right there only if ties are counted once.
TIES_CASE = 6


def drift_expected(index: int) -> tuple[bool, float]:
    """The right (drift, p-value) of case ``index``: Bonferroni over its columns."""
    p = DRIFT_TABLE[index]["p"]
    adjusted = min(1.0, len(p) * min(p))
    return adjusted < DRIFT_CASES[index][2], adjusted


def _drift_call(fn, case, where):
    """The learner's (drift, p) on one case, checked for form; or a sentence."""
    __tracebackhide__ = True
    given = snapshot(case)
    result = call(fn, given, "drift_test")
    for name, original, after in zip(("reference", "current"), case, given, strict=False):
        if not np.array_equal(np.asarray(original), np.asarray(after)):
            fail(f"{where} changed {name} in place — work on a copy.")
    require_result(result, where)
    if not isinstance(result, tuple | list) or len(result) != 2:
        if isinstance(result, bool | np.bool_):
            fail(f"{where} returned only the decision {show(result)}; return the pair "
                 "(drift, p_value).")
        fail(f"{where} returned {show(result)}; return a pair (drift, p_value): True or "
             "False, and a number.")
    drift, p = result
    if not isinstance(drift, bool | np.bool_):
        fail(f"{where} returned {show(drift)} as the decision; it must be True or False "
             "(for instance bool(p_value < alpha)).")
    p = as_number_array(p, f"{where}[1] (the p-value)")
    if p.shape != ():
        fail(f"{where} returned a p-value of shape {p.shape}; return one number for the whole "
             "sample: the Bonferroni-adjusted min(1, d · smallest column p-value).")
    return bool(drift), float(p)


def _where(index: int) -> str:
    ref, cur, alpha = DRIFT_CASES[index]
    shapes = ", ".join(f"{'list' if isinstance(a, list) else 'array'} of shape {np.shape(a)}"
                       for a in (ref, cur))
    return f"drift_test({shapes}, alpha={alpha})" + (" (integer counts, with ties)"
                                                     if index == TIES_CASE else "")


def _close(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-6, atol=1e-12))


@quiet_numpy
def family_wise_rate(fn, trials: int = 200, n: int = 100, d: int = 10, alpha: float = 0.05,
                     seed: int = 1199) -> float:
    """The fraction of seeded trials without drift (d standard normal columns, n rows each)
    in which ``fn(reference, current, alpha)`` says drift: the family-wise false-positive rate.

    First used in chapter 11 (a drift test without a multiple-testing correction).
    """
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(trials, 2, n, d))
    flagged = 0
    for reference, current in data:
        result = fn(reference, current, alpha)
        flagged += bool(result[0])
    return flagged / trials


def binomial_band(rate: float, trials: int, z: float = 3.29) -> tuple[float, float]:
    """The normal-approximation band rate ± z·√(rate(1 − rate)/trials) (99.9 % for z = 3.29).

    Where a measured fraction of seeded trials must fall if the true rate is ``rate``.
    First used in chapter 11.
    """
    half = z * math.sqrt(rate * (1 - rate) / trials)
    return max(0.0, rate - half), min(1.0, rate + half)


def _drift_diagnosis(gots: Sequence[tuple[bool, float] | None], fn) -> str | None:
    """Name the mistake that explains every case the learner got wrong (None if none does)."""
    known = [i for i, got in enumerate(gots) if got is not None]
    wants = {i: drift_expected(i) for i in known}
    wrong = [i for i in known if gots[i][0] != wants[i][0] or not _close(gots[i][1], wants[i][1])]
    if not wrong:
        return None
    p_right = all(_close(gots[i][1], wants[i][1]) for i in known)
    if p_right and all(gots[i][0] == (gots[i][1] >= DRIFT_CASES[i][2]) for i in known):
        return ("your decision is inverted: you say drift when p ≥ α. A small p-value is the "
                "evidence of drift (drift = p_value < alpha); a large one only means this "
                "sample shows none.")
    if p_right and all(gots[i][0] == (gots[i][1] < 0.05) for i in known):
        return ("your decision ignores alpha: it matches p < 0.05 on every case, also where "
                "alpha is 0.2 or 0.3. Compare the p-value with the alpha you are given.")

    def explains(p_of, decide=None) -> bool:
        for i in known:
            p = p_of(DRIFT_TABLE[i]["p"])
            drift = (p < DRIFT_CASES[i][2]) if decide is None else decide(i)
            if not (_close(gots[i][1], p) and gots[i][0] == drift):
                return False
        return True

    if explains(min):
        rate = family_wise_rate(fn)
        low, high = binomial_band(0.05, 200)
        return ("no multiple-testing correction: you test every column at α and report the "
                "smallest p-value, so with many columns something is always 'significant'. "
                f"Measured: drift flagged in {rate:.0%} of 200 trials of 10 columns without "
                f"drift, where at most about α = 5 % (up to {high:.1%}) is allowed. Bonferroni: "
                "min(1, d · smallest p).")
    if explains(min, decide=lambda i: wants[i][0]):
        return ("your decision is right, but the p-value you return is the smallest column's, "
                "uncorrected: return the adjusted min(1, d · smallest p), the number the "
                "decision compares with α.")
    if explains(lambda p: len(p) * min(p)):
        return ("your p-value can exceed 1: d · smallest p is a bound, clip it, "
                "min(1, d · smallest p).")
    if explains(lambda p: min(p) / len(p)):
        return ("you divided the smallest p-value by d; Bonferroni multiplies it by d "
                "(equivalently, compares each column with α/d).")
    if explains(max):
        return ("you reported the largest column p-value, so drift is flagged only when every "
                "column drifts; one drifting feature is drift: take the smallest, times d.")
    if all(any(_close(gots[i][1], D) for D in DRIFT_TABLE[i]["D"]) for i in known):
        return ("you returned the KS statistic D where the p-value belongs: ks_test returns "
                "the pair (D, p); use the p-value.")
    if wrong == [TIES_CASE]:
        return ("right on continuous data, wrong on counts with repeated values (ties): "
                "evaluate both empirical CDFs at every observed value with "
                "searchsorted(..., side='right'), or use section 5's ks_test.")
    return None


@checker
@quiet_numpy
def check_drift_test(drift_test: object, cases=None) -> None:
    """Check ``drift_test(reference, current, alpha)`` -> ``(drift, p_value)``.

    A KS test per column (section 5's ks_test) with a Bonferroni correction: the p-value is
    min(1, d · smallest column p-value), drift is p_value < alpha. Judged against the fixed
    table of KS p-values; a mistake is named only when it explains every case.
    """
    __tracebackhide__ = True
    gots: list[tuple[bool, float] | None] = []
    for index, case in enumerate(DRIFT_CASES):
        gots.append(_drift_call(drift_test, case, _where(index)))
    reason = _drift_diagnosis(gots, drift_test)
    for index, got in enumerate(gots):
        want = drift_expected(index)
        if got[0] == want[0] and _close(got[1], want[1]):
            continue
        if reason is None and all(not _close(g[1], drift_expected(i)[1])
                                  for i, g in enumerate(gots)
                                  if len(DRIFT_TABLE[i]["p"]) == 1):
            reason = ("your p-value is wrong already on one column, so the test itself "
                      "differs from section 5's: use ks_test(reference[:, j], current[:, j]) "
                      "for each column j (a 1-D sample is one column).")
        fail(reason or "drift_test gave a wrong answer here, and no known mistake explains "
             "your answers on every case (compare expected and got).",
             where=_where(index), expected=f"({want[0]}, {show(want[1])})",
             got=f"({got[0]}, {show(got[1])})", shown=True)
    passed("drift_test", len(DRIFT_CASES))

