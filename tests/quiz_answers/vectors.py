"""Answers to the self-check quizzes of chapter 01 (vectors)."""

import numpy as np

# The reasoning behind a key, checked with NumPy.
assert np.isclose(np.cos(np.radians(120)), -0.5)  # cos 120° < 0: the dot product is negative

ANSWERS = {
    "01-dot-sign": "c",  # cos 120° < 0
    "01-cube": "c",  # max |x_i| <= 1 is the cube [-1, 1]^3
    "01-l1-norm": float(np.linalg.norm([3.0, -4.0], ord=1)),
    "01-cosine-value": float(
        np.dot([1.0, 2.0, 2.0], [2.0, 1.0, 2.0])
        / (np.linalg.norm([1.0, 2.0, 2.0]) * np.linalg.norm([2.0, 1.0, 2.0]))
    ),
    "01-projection-scale": "b",  # the projection depends only on the line through b
    "01-double-b": "c",  # cosine similarity ignores length
}
