"""Answers to the self-check quizzes of chapter 08 (SGD and linear models).

Below the keys, the arithmetic each quiz's explanations and slips quote, checked.
"""

import math

import numpy as np


def _variance(n, b):
    """The variance of a mean of b samples drawn without replacement from n, in units of σ²."""
    return (n - b) / (b * (n - 1))


_P = 0.9  # 08-bce-gradient: the model's probability of the label y = 1

ANSWERS = {
    "08-broadcast": "c",  # (64, 1) − (64,) is (64, 64); X.T @ it is (3, 64)
    "08-bce-gradient": _P - 1.0,  # dL/dz = p − y
    "08-float32-logit": "a",  # −50 > −ln(max₃₂) ≈ −88.7: σ(−50) is an ordinary float32
    "08-variance-factor": float(_variance(100, 40) / _variance(100, 10)),
    "08-noise-batch": "b",  # the variance of the batch gradient falls like 1/B
    "08-sum-lr": 0.1 / 32,  # the sum's gradient is 32 times the mean's
}

# 08-broadcast: the shapes, computed.
assert np.subtract(np.zeros((64, 1)), np.zeros(64)).shape == (64, 64)
assert (np.zeros((64, 3)).T @ np.zeros((64, 64))).shape == (3, 64)

# 08-bce-gradient: the wrong values are (p − y)·p(1 − p) and −1/p.
assert round((_P - 1) * _P * (1 - _P), 3) == -0.009 and round(-1 / _P, 3) == -1.111

# 08-float32-logit: in float32 e⁵⁰ ≈ 5 × 10²¹ stays below the largest float (3.4 × 10³⁸),
# σ(−50) ≈ 2 × 10⁻²² is a normal float32 and the naive loss is 50; the edges quoted are
# ln(max) ≈ 88.7 and ln(2/ε) ≈ 16.6.
_MAX32, _EPS32 = float(np.finfo(np.float32).max), float(np.finfo(np.float32).eps)
_naive = -np.log(np.float32(1) / (np.float32(1) + np.exp(np.float32(50))))
assert np.isfinite(_naive) and abs(float(_naive) - 50) < 1e-3
assert float(np.float32(1) / (np.float32(1) + np.exp(np.float32(50)))) > np.finfo(np.float32).tiny
assert round(math.log(_MAX32), 1) == 88.7 and round(math.log(2 / _EPS32), 1) == 16.6
assert f"{math.exp(50):.0e}" == "5e+21" and f"{_MAX32:.1e}" == "3.4e+38"
assert f"{1 / (1 + math.exp(50)):.0e}" == "2e-22"

# 08-variance-factor: (60/40) / (90/10) = 1/6; the wrong values 1/4 (with replacement) and
# 1/2 (the standard deviation with replacement).
assert np.isclose(ANSWERS["08-variance-factor"], 1 / 6)
assert np.isclose((60 / 40) / (90 / 10), 1 / 6) and np.isclose(10 / 40, 0.25)
assert np.isclose(math.sqrt(10 / 40), 0.5)

# 08-noise-batch: from B = 4 to 16 out of N = 256, the variance falls by the factor below,
# close to 1/4.
assert abs(_variance(256, 16) / _variance(256, 4) - 0.25) < 0.02

# 08-sum-lr: 0.1 / 32 and the wrong value 0.1 × 32.
assert np.isclose(ANSWERS["08-sum-lr"], 0.003125) and np.isclose(0.1 * 32, 3.2)

# The graded quiz of chapter 08: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_K = 400
GRADED = {
    "08-quiz-q1": 10 * math.ceil(1000 / 64),  # 15 batches of 64 and one of 40, per epoch
    "08-quiz-q2": "b",  # separable: the loss tends to 0 only as ‖w‖ → ∞
    "08-quiz-q3": float(np.log(1e6) / np.log((_K + 1) / (_K - 1))),  # ρ = (κ − 1)/(κ + 1)
    "08-quiz-q4": "b",  # the test set shaped the preprocessing
}
assert GRADED["08-quiz-q1"] == 160 and 1000 - 15 * 64 == 40
assert 10 * (1000 // 64) == 150 and np.isclose(10 * 1000 / 64, 156.25)
assert round(GRADED["08-quiz-q3"]) == 2763 and round(_K * np.log(1e6)) == 5526
assert round((_K - 1) / (_K + 1), 3) == 0.995
