"""Answers to the self-check quizzes of chapter 04 (eigenvectors, SVD and PCA)."""

import numpy as np

_SHEAR = np.array([[1.0, 1.0], [0.0, 1.0]])
# The shear fixes (1, 0) and moves (0, 1) off its line: only the x axis is an eigen-direction.
_MOVED = _SHEAR @ [0.0, 1.0]
assert np.allclose(_SHEAR @ [1.0, 0.0], [1.0, 0.0]) and _MOVED[0] != 0  # (0, 1) leaves its line
# The eigenvector of a symmetric matrix orthogonal to (3, 4) is (4, -3).
assert np.dot([3.0, 4.0], [4.0, -3.0]) == 0

ANSWERS = {
    "04-shear-eigen": "a",
    "04-orthogonal-partner": "c",
    "04-power-steps": float(np.log(1e-6) / np.log(9.0 / 10.0)),
    "04-sigma-min": float(np.linalg.svd(np.diag([3.0, -2.0]), compute_uv=False)[-1]),
    "04-eckart-young": float(np.sqrt(np.sum(np.array([5.0, 3.0, 2.0, 1.0])[2:] ** 2))),
    "04-explained-ratio": float(np.sum([6.0, 3.0]) / np.sum([6.0, 3.0, 1.0])),
    "04-forgot-center": "b",  # XᵀX = (n - 1) C + n x̄ x̄ᵀ: the far-away mean dominates
}
