"""Answers to the self-check quizzes of chapter 06 (gradient descent).

Below the keys, the arithmetic each quiz's explanations and slips quote, checked.
"""

import numpy as np

_STABLE = np.linalg.eigvalsh(np.array([[5.0, 3.0], [3.0, 5.0]]))
_RATE = np.linalg.eigvalsh(np.diag([1.0, 9.0]))


def _wiggly_slope(x):
    """f'(x) for f(x) = x⁴ − 3x² + x."""
    return 4 * x**3 - 6 * x + 1


ANSWERS = {
    "06-regime": "b",  # 1 - 0.4 * 4 = -0.6: flips sign, shrinks
    "06-eigen-coordinate": float(2 * (1 - 0.15 * 10) ** 3),  # c₂ × (1 − ηλ₂)³
    "06-stable-lr": float(2 / _STABLE.max()),
    "06-rate": float((_RATE.max() / _RATE.min() - 1) / (_RATE.max() / _RATE.min() + 1)),
    "06-stop": "a",  # the step 1e-5 * 1 is below 1e-4 at once
    "06-basin": "b",  # f'(0.3) < 0 and 0.3 is right of the maximum at 0.17
    "06-saddle": "b",  # ln(1e6) / ln(1.1) ≈ 145 more steps
    "06-diverge": "d",  # |1 - 0.21 * 10| = 1.1 > 1
}

# 06-regime: the factor 1 − ηλ = −0.6, and 1/λ, 2/λ for λ = 4.
assert np.isclose(1 - 0.4 * 4, -0.6) and (1 / 4, 2 / 4) == (0.25, 0.5)

# 06-stable-lr: eigenvalues 2 and 8; the slips 2/λmin, 2/5 (a diagonal entry), 1/λmax; the
# wrong value 0.2 is the optimal step 2/(λmin + λmax).
assert np.allclose(_STABLE, [2.0, 8.0])
assert np.isclose(2 / _STABLE.min(), 1.0) and np.isclose(2 / 5, 0.4)
assert np.isclose(1 / _STABLE.max(), 0.125) and np.isclose(2 / _STABLE.sum(), 0.2)

# 06-rate: η* = 0.2, both factors ±0.8; the slips 1 − 1/κ, ρ², η*, (κ + 1)/(κ − 1); the
# wrong value 0.818 is the rate at κ = 10.
_lo, _hi = _RATE
_step = 2 / (_lo + _hi)
assert np.allclose([_step, 1 - _step * _lo, 1 - _step * _hi], [0.2, 0.8, -0.8])
assert np.isclose(ANSWERS["06-rate"], 0.8)
assert np.isclose(1 - 1 / 9, ANSWERS["06-rate"] / 0.9)
assert np.isclose(0.8**2, 0.64) and np.isclose(10 / 8, 1.25)
assert round((10 - 1) / (10 + 1), 3) == 0.818

# 06-basin: f'(0.3) ≈ −0.69; the stability limits 2/f'' at the two minima ≈ 0.14 and 0.21.
_critical = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
assert round(float(_wiggly_slope(0.3)), 2) == -0.69
assert np.allclose(2 / (12 * _critical[[0, 2]] ** 2 - 6), [0.14, 0.21], atol=0.005)

# 06-saddle: ln(10⁶)/ln(1.1) ≈ 145 extra steps.
assert round(np.log(1e6) / np.log(1.1)) == 145

# 06-diverge: the factor −1.1 and its growth over 100 steps.
assert np.isclose(1 - 0.21 * 10, -1.1) and round(1.1**100, -3) == 14_000

# 06-eigen-coordinate: the wrong values are the flat direction's factor and a single step.
assert round(2 * (1 - 0.15 * 1) ** 3, 3) == 1.228 and np.isclose(2 * (1 - 0.15 * 10), -1.0)

# The graded quiz of chapter 06: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_Q1 = np.array([1.0, 10.0])
_ROSEN_AT_0_1 = np.array([[2.0 - 400.0 * (1.0 - 0.0**2) + 800.0 * 0.0**2, 0.0], [0.0, 200.0]])
GRADED = {
    "06-quiz-q1": float(np.max(np.abs(1 - 0.1 * _Q1))),  # the flat direction: 1 − 0.1 × 1
    "06-quiz-q2": float(np.log(1e6) / np.log(51 / 49)),  # ρ* = 49/51 at κ = 50
    "06-quiz-q3": "c",  # eigenvalues 0 and 2 are both ≥ 0
    "06-quiz-q4": "b",  # ∇f = 0 at minima and saddles alike
}
assert np.isclose(GRADED["06-quiz-q1"], 0.9)
assert round(9 / 11, 3) == 0.818 and np.isclose(1 - 0.1 * 10, 0.0)
assert round(GRADED["06-quiz-q2"], 1) == 345.3 and round(50 * np.log(1e6), 1) == 690.8
assert round(np.log(1e6), 1) == 13.8
assert np.allclose(np.linalg.eigvalsh(_ROSEN_AT_0_1), [-398.0, 200.0])
