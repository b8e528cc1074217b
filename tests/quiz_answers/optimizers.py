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
