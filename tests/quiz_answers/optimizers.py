"""Answers to the self-check quizzes of chapter 07 (momentum, RMSProp and Adam)."""

import numpy as np

_MU = 0.99
_BETA1, _BETA2 = 0.9, 0.999

ANSWERS = {
    # The velocity on a constant slope tends to g / (1 - mu): steps 1 / (1 - mu) times GD's.
    "07-terminal-velocity": float(1 / (1 - _MU)),
    # (sqrt(K) - 1) / (sqrt(K) + 1) at K = 10 000 equals (k - 1) / (k + 1) at k = 100.
    "07-kappa-squared": "c",
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
