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

# 04-eigen-coordinate: the first coordinate of (5, 0) in the eigenbasis (0.6, 0.8), (-0.8, 0.6).
_Q = np.array([[0.6, -0.8], [0.8, 0.6]])
assert np.allclose(_Q.T @ _Q, np.eye(2))
ANSWERS["04-eigen-coordinate"] = float((_Q.T @ [5.0, 0.0])[0])

# The graded quiz of chapter 04: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_C5 = toys.random_symmetric([5.0, 4.0, 3.0, 2.0, 1.0], seed=0)
_values, _vectors = np.linalg.eigh(_C5)
assert np.isclose(_C5 @ _vectors[:, -1] @ _vectors[:, -1], 5.0)  # the last column: the largest
_S = _Q @ np.diag([4.0, 0.5]) @ _Q.T
_x = _Q @ np.array([1.0, 2.0])  # eigen-coordinates (1, 2)
GRADED = {
    "04-quiz-q1": "c",  # eigh: ascending eigenvalues, eigenvectors as columns
    "04-quiz-q2": "a",  # every matrix has an SVD
    "04-quiz-q3": float(np.linalg.norm(_S @ _x)),  # |(4, 1)| = √17
    "04-quiz-q4": float(20 * (1000 + 500 + 1)),
}
assert np.isclose(GRADED["04-quiz-q3"], 4.12311, rtol=1e-5)
assert np.allclose(np.linalg.svd(_SHEAR, compute_uv=False), [1.618, 0.618], atol=1e-3)
