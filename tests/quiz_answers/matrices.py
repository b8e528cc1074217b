"""Answers to the self-check quizzes of chapter 02 (matrices)."""

import numpy as np

_A = np.arange(1.0, 10.0).reshape(3, 3)
_ONES = np.ones((2, 2))
_ROTATE_90, _STRETCH_X = np.array([[0.0, -1.0], [1.0, 0.0]]), np.diag([2.0, 1.0])

# The reasoning behind the keys, and the numbers the quizzes quote, checked with NumPy.
assert np.allclose(_A @ np.array([0.0, 1.0, 0.0]), _A[:, 1])  # e_2 picks out column 2
assert np.isclose(np.linalg.det(_ONES), 0) and np.allclose(np.diff(_ONES @ [0.3, 0.9]), 0)
assert np.allclose(_STRETCH_X @ _ROTATE_90 @ [1.0, 0.0], [0.0, 1.0])  # S R: rotate first
assert np.allclose(_ROTATE_90 @ _STRETCH_X @ [1.0, 0.0], [0.0, 2.0])  # R S: stretch first
assert np.isclose(np.linalg.det(np.array([[1.0, 3.0], [2.0, 1.0]])), -5)  # ad - bc = 1 - 6
assert np.prod([64, 512, 10]) == 327_680 and 2 * 327_680 == 655_360  # multiply-adds, FLOPs
assert 512 * 10 + 10 == 5130  # the layer's parameters, a wrong value the quiz names

ANSWERS = {
    "02-column-pick": "b",  # A e_2 is the second column of A
    "02-legal-product": "b",  # (3, 2) @ (2, 3): the only product whose inner sizes match
    "02-flatten-square": "c",  # both columns (1, 1): every image lies on the line y = x
    "02-order": "a",  # S R: R acts first (products read right to left)
    "02-det-value": float(np.linalg.det(np.array([[1.0, 3.0], [2.0, 1.0]]))),
    "02-weight-shape": "b",  # nn.Linear(5, 4) stores W as (out_features, in_features) = (4, 5)
    "02-batch-cost": float(np.prod([64, 512, 10])),  # m n p for (64, 512) @ (512, 10)
}
