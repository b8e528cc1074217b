"""Answers to the self-check quizzes of chapter 04 (eigenvectors, SVD and PCA)."""

import numpy as np

from utils import toys

_SHEAR = np.array([[1.0, 1.0], [0.0, 1.0]])
# The shear fixes (1, 0) and moves (0, 1) off its line: only the x axis is an eigen-direction.
_MOVED = _SHEAR @ [0.0, 1.0]
assert np.allclose(_SHEAR @ [1.0, 0.0], [1.0, 0.0]) and _MOVED[0] != 0  # (0, 1) leaves its line
# The eigenvector of a symmetric matrix orthogonal to (3, 4) is (4, -3).
assert np.dot([3.0, 4.0], [4.0, -3.0]) == 0

# 04-forgot-center: the 2-D cloud of section 6, moved by (6, -9), has its mean near (7, -5).
_FAR = toys.correlated_cloud(500, dim=2, seed=0) + np.array([6.0, -9.0])
assert np.allclose(_FAR.mean(axis=0), [7.0, -5.0], atol=0.2)
# The numbers the quizzes name as likely slips are the slips they say they are.
assert np.isclose(np.log(1e-6) / np.log(0.8), 61.91, rtol=1e-3)  # the 5x5 example's rate 0.8
assert np.isclose(np.sqrt(np.sum(np.array([3.0, 2.0, 1.0]) ** 2)), 3.742, rtol=1e-3)  # σ2 too

ANSWERS = {
    "04-shear-eigen": "a",
    "04-orthogonal-partner": "c",
    "04-power-steps": float(np.log(1e-6) / np.log(9.0 / 10.0)),
    "04-sigma-min": float(np.linalg.svd(np.diag([3.0, -2.0]), compute_uv=False)[-1]),
    "04-eckart-young": float(np.sqrt(np.sum(np.array([5.0, 3.0, 2.0, 1.0])[2:] ** 2))),
    "04-explained-ratio": float(np.sum([6.0, 3.0]) / np.sum([6.0, 3.0, 1.0])),
    "04-forgot-center": "b",  # XᵀX = (n - 1) C + n x̄ x̄ᵀ: the far-away mean dominates
}
