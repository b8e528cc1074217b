"""Answers to the self-check quizzes of chapter 11 (Probability).

Below the keys, the arithmetic each quiz's explanations and slips quote, checked.
"""

import math

import numpy as np

from utils.explore.probability import drift_state, kl_normal

_SIGMA, _MSE = 0.5, 0.5  # 11-gaussian-nll


def _nll(mse, var, half_log=True, two_pi=True, denominator=2.0):
    """MSE/(denominator · var) + ½ ln(2π · var), or a variant without a part."""
    log_term = math.log((2 * math.pi if two_pi else 1.0) * var)
    return mse / (denominator * var) + (0.5 if half_log else 1.0) * log_term


ANSWERS = {
    "11-standard-error": 1000 * (0.02 / 0.005) ** 2,  # SE ∝ 1/√n
    "11-gaussian-nll": _nll(_MSE, _SIGMA**2),
    "11-softmax-float32": "b",  # e⁹⁰ overflows in float32: inf/inf = nan, 1/inf = 0
    "11-kl-support": "b",  # q > 0 everywhere, p₃ = 0 under q₃ = 1/3
    "11-ks-n": "b",  # D estimates a fixed gap; its null spread shrinks like 1/√n
}

# 11-standard-error: 16 000, and the wrong values 4000 (1/n) and 2000 (÷√2).
assert ANSWERS["11-standard-error"] == 16_000
assert np.isclose(0.02 / math.sqrt(2), 0.02 / 1.4142, rtol=1e-4)

# 11-gaussian-nll: 1 + ½ ln(π/2) ≈ 1.226, and the wrong values quoted.
assert np.isclose(ANSWERS["11-gaussian-nll"], 1 + 0.5 * math.log(math.pi / 2))
assert round(_nll(_MSE, _SIGMA**2, two_pi=False), 3) == 0.307  # no 2π
assert round(_nll(_MSE, _SIGMA), 3) == 1.072  # σ where σ² belongs
assert round(_nll(_MSE, _SIGMA**2, denominator=1.0), 3) == 2.226  # MSE/σ²
assert _MSE / (2 * _SIGMA**2) == 1.0  # the first term alone

# 11-softmax-float32: the naive softmax of float32 [90, 0] is [nan, 0]; the edge is 88.72;
# e⁻⁹⁰ ≈ 8.2 × 10⁻⁴⁰.
with np.errstate(over="ignore", invalid="ignore"):
    _z = np.array([90.0, 0.0], dtype=np.float32)
    _naive = np.exp(_z) / np.exp(_z).sum()
assert np.isnan(_naive[0]) and _naive[1] == 0
assert round(math.log(float(np.finfo(np.float32).max)), 2) == 88.72
assert f"{math.exp(-90):.1e}" == "8.2e-40"

# 11-kl-support: KL(p ‖ q) = ln 1.5 is finite, KL(q ‖ p) infinite.
_p, _q = np.array([0.5, 0.5, 0.0]), np.full(3, 1 / 3)
with np.errstate(divide="ignore", invalid="ignore"):
    _forward = np.sum(np.where(_p > 0, _p * np.log(_p / _q), 0.0))
    _backward = np.sum(np.where(_q > 0, _q * np.log(_q / _p), 0.0))
assert np.isclose(_forward, math.log(1.5)) and np.isinf(_backward)

# 11-ks-n: in the explorer the shift 0.2 has p > 0.05 at n = 100 and p < 0.05 at n = 2000,
# with about the same D; the largest gap between the CDFs of N(0, 1) and N(0.2, 1) is
# about 0.08 (at t = 0.1, Φ(0.1) − Φ(−0.1)).
_small, _large = drift_state(0.2, 1.0, 100), drift_state(0.2, 1.0, 2000)
assert _small["p"] > 0.05 and _large["p"] < 0.05 and abs(_small["ks"] - _large["ks"]) < 0.05
assert round(math.erf(0.1 / math.sqrt(2)), 2) == 0.08

# The graded quiz of chapter 11: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
GRADED = {
    "11-quiz-q1": 1 - 0.95**20,  # at least one of 20 independent alarms
    "11-quiz-q2": "b",  # a large p-value is no evidence, not proof
    "11-quiz-q3": kl_normal(0.0, 1.0, 0.0, 2.0),  # ln 2 + 1/8 − 1/2
    "11-quiz-q4": "b",  # H(p, q) = H(p) + KL(p ‖ q), H(p) constant
}
assert round(GRADED["11-quiz-q1"], 4) == 0.6415 and round(0.95**20, 4) == 0.3585
assert round(GRADED["11-quiz-q3"], 4) == 0.3181
assert round(kl_normal(0.0, 2.0, 0.0, 1.0), 4) == 0.8069  # the other direction
assert round(math.log(4) + 1 / 8 - 1 / 2, 4) == 1.0113  # ln of the variances
assert round(math.log(2) - 1 / 2, 4) == 0.1931  # σ₁² forgotten
