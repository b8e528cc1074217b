"""Answers to the self-check quizzes of chapter 07 (momentum, RMSProp and Adam)."""

import numpy as np

_MU = 0.99
_BETA1, _BETA2 = 0.9, 0.999

ANSWERS = {
    # The velocity on a constant slope tends to g / (1 - mu): steps 1 / (1 - mu) times GD's.
    "07-terminal-velocity": float(1 / (1 - _MU)),
    # (sqrt(K) - 1) / (sqrt(K) + 1) at K = 10 000 equals (k - 1) / (k + 1) at k = 100.
    "07-kappa-squared": "c",
    # Complex roots with product mu have modulus sqrt(mu), whatever the curvature.
    "07-complex-radius": float(np.sqrt(0.81)),
    # mu = 0: v = g and the step is lr * g, plain gradient descent.
    "07-nesterov-mu-zero": "a",
    # Per-coordinate scaling cannot undo a tilted valley: the advantage shrinks.
    "07-rotate-rmsprop": "b",
    # First step without bias correction: (1 - beta1) / sqrt(1 - beta2) times lr.
    "07-no-bias-correction": float((1 - _BETA1) / np.sqrt(1 - _BETA2)),
    # eps inside the root competes with g^2: it matters once |g| is about sqrt(eps).
    "07-eps-where": "b",
    # Cosine from 0.1 to 0 over 100 steps, at t = 25.
    "07-cosine-quarter": float(0.1 * (1 + np.cos(np.pi * 25 / 100)) / 2),
}

# The rotation quiz's claim, checked: (sqrt(K) - 1) / (sqrt(K) + 1) == (k - 1) / (k + 1).
assert np.isclose((np.sqrt(10_000) - 1) / (np.sqrt(10_000) + 1), (100 - 1) / (100 + 1))

# The cosine quiz's slips and wrong values: 0.075 is the linear schedule at t = 25, 0.05 the
# cosine halfway (t = 50); the slips are the rate at t = 75, no division by 2 and 0.1·cos(π/4).
_COSINE = ANSWERS["07-cosine-quarter"]
assert np.isclose(0.1 * (1 - 25 / 100), 0.075)
assert np.isclose(0.1 * (1 + np.cos(np.pi * 50 / 100)) / 2, 0.05)
assert np.isclose(_COSINE / 5.828427125, 0.1 * (1 + np.cos(np.pi * 75 / 100)) / 2)
assert np.isclose(_COSINE / 0.5, 0.1 * (1 + np.cos(np.pi / 4)))
assert np.isclose(_COSINE / 1.207106781, 0.1 * np.cos(np.pi / 4))

# The bias-correction quiz's slips: the corrected step (1) and √v kept at |g| (0.1).
_UNCORRECTED = ANSWERS["07-no-bias-correction"]
assert np.isclose(_UNCORRECTED / 3.16227766, 1.0) and np.isclose(_UNCORRECTED / 31.6227766, 0.1)

# 07-complex-radius: inside the window the roots are conjugates with product μ, modulus √μ;
# the wrong values are μ itself and 1 − μ.
assert np.isclose(np.sqrt(0.81), 0.9) and np.isclose(1 - 0.81, 0.19)

# The graded quiz of chapter 07: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_K400 = np.sqrt(400.0)
GRADED = {
    "07-quiz-q1": float((_K400 - 1) / (_K400 + 1)),  # 19/21
    "07-quiz-q2": float(0.1 / np.sqrt(25)),  # AdaGrad: step k is lr / √k
    "07-quiz-q3": "b",  # the L2 term is divided by √v̂: large gradients, least decay
    "07-quiz-q4": "c",  # per-coordinate scales that differ by orders of magnitude
}
assert np.isclose(GRADED["07-quiz-q1"], 0.904762, rtol=1e-6)
assert round(399 / 401, 3) == 0.995 and round(GRADED["07-quiz-q1"] ** 2, 4) == 0.8186
assert np.isclose(GRADED["07-quiz-q2"], 0.02) and np.isclose(0.1 / 25, 0.004)
