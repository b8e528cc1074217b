"""Answers to the self-check quizzes of chapter 03 (least squares)."""

import numpy as np

_A = np.array([[1.0, 2.0], [2.0, 4.0]])
_b = np.array([3.0, 6.0])
# rank A = rank [A | b] = 1 < 2: infinitely many solutions (option c).
assert np.linalg.matrix_rank(_A) == np.linalg.matrix_rank(np.column_stack([_A, _b])) == 1

_cubic_design = np.ones((200, 4))  # 200 points, columns 1, x, x², x³
_kappa_300 = np.diag([1.0, 1 / 300])  # a matrix with condition number 300

# The numbers the quizzes name as likely slips are the slips they say they are.
assert np.isclose(np.sqrt(np.linalg.cond(_kappa_300)), 17.32, rtol=1e-3)  # √κ(A)
assert np.isclose(np.log10(np.linalg.cond(_kappa_300.T @ _kappa_300)), 4.954, rtol=1e-3)  # digits
assert np.count_nonzero(np.triu(_cubic_design.T @ _cubic_design)) == 10  # upper triangle only

ANSWERS = {
    "03-which-case": "c",
    "03-many-rhs": "c",  # np.linalg.solve(A, B): one factorisation, solve's accuracy
    "03-normal-size": float((_cubic_design.T @ _cubic_design).size),
    "03-cond-normal": float(np.linalg.cond(_kappa_300.T @ _kappa_300)),
    "03-ridge-large": "c",  # slope -> 0, free intercept -> mean of y
    "03-shift-intercept": "a",  # L grows by n * 0.5² because the residuals sum to 0
    "03-null-space": "a",  # nullity 1, so rank 2: the image is a plane
}

# The graded quiz of chapter 03: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_X6 = np.random.default_rng(0).normal(size=(100, 4))
_X6 = np.column_stack([_X6, _X6[:, 0] + _X6[:, 1], 2 * _X6[:, 2]])  # columns 5 and 6
_sigma = np.array([10.0, 0.2])
GRADED = {
    "03-quiz-q1": "b",  # Aᵀr = 0, and the column of ones makes the residuals sum to 0
    "03-quiz-q2": float(_X6.shape[1] - np.linalg.matrix_rank(_X6)),  # 6 − 4 = 2
    "03-quiz-q3": float((_sigma[0] ** 2 + 1.0) / (_sigma[1] ** 2 + 1.0)),  # 101 / 1.04
    "03-quiz-q4": "a",  # a degree-4 fit is a degree-5 fit with w₅ = 0
}
assert np.isclose(GRADED["03-quiz-q3"], 97.1154, rtol=1e-5)
assert np.isclose(np.linalg.cond(np.diag(_sigma) ** 2), 2500.0)  # the slip without λ
assert np.isclose((_sigma[0] + 1.0) / (_sigma[1] + 1.0), 9.16667, rtol=1e-5)  # λ on σ
