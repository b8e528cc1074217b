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
# 02-undo: each option gives the columns of a 2x2 matrix; only one has det != 0
_UNDO = {k: np.column_stack(cols) for k, cols in {
    "a": ((2.0, 4.0), (1.0, 2.0)), "b": ((2.0, 4.0), (1.0, 3.0)),
    "c": ((1.0, 0.0), (0.0, 0.0)), "d": ((3.0, -1.0), (-6.0, 2.0))}.items()}
assert [k for k, M in _UNDO.items() if not np.isclose(np.linalg.det(M), 0)] == ["b"]
assert np.isclose(np.linalg.det(_UNDO["b"]), 2)  # ad - bc = 2·3 - 1·4
assert np.allclose(np.linalg.inv(_UNDO["b"]), 0.5 * np.column_stack([(3, -4), (-1, 2)]))
assert np.allclose(_UNDO["a"] @ [1, -2], 0) and np.allclose(_UNDO["d"] @ [2, 1], 0)
# 02-einsum-read: "nk,nk->n" is one dot product per row; the wrong options are other strings
_EX, _EY = np.random.default_rng(0).normal(size=(2, 4, 3))
assert np.allclose(np.einsum("nk,nk->n", _EX, _EY), [_EX[i] @ _EY[i] for i in range(4)])
assert np.isclose(np.einsum("nk,nk->", _EX, _EY), np.sum(_EX * _EY))
assert np.allclose(np.einsum("nk,mk->nm", _EX, _EY), _EX @ _EY.T)
assert np.allclose(np.einsum("nk,nk->nk", _EX, _EY), _EX * _EY)

ANSWERS = {
    "02-column-pick": "b",  # A e_2 is the second column of A
    "02-legal-product": "b",  # (3, 2) @ (2, 3): the only product whose inner sizes match
    "02-flatten-square": "c",  # both columns (1, 1): every image lies on the line y = x
    "02-order": "a",  # S R: R acts first (products read right to left)
    "02-undo": next(k for k, M in _UNDO.items() if not np.isclose(np.linalg.det(M), 0)),
    "02-det-value": float(np.linalg.det(np.array([[1.0, 3.0], [2.0, 1.0]]))),
    "02-weight-shape": "b",  # nn.Linear(5, 4) stores W as (out_features, in_features) = (4, 5)
    "02-einsum-read": "c",  # k is summed, n kept: row i of X dotted with row i of Y
    "02-batch-cost": float(np.prod([64, 512, 10])),  # m n p for (64, 512) @ (512, 10)
}

# The graded quiz of chapter 02: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_Q1_A = np.array([[1.0, 0.0, 2.0], [3.0, -1.0, 1.0]])
_Q1_X = {"a": (2.0, -1.0), "b": (2.0, -1.0, 0.0), "c": (2.0, 0.0, -1.0), "d": (-1.0, 0.0, 2.0)}
_Q1_TARGET = 2 * _Q1_A[:, 0] - _Q1_A[:, 2]  # 2 a_1 - a_3
_Q2_A = np.array([[1.0, 2.0], [3.0, 1.0]])
_Q4_X, _Q4_W1, _Q4_W2 = np.ones((5, 3)), np.ones((8, 3)), np.ones((2, 8))  # (n, 3), (8, 3), (2, 8)
_Q4_OPTIONS = {
    "a": lambda: _Q4_X @ _Q4_W2.T @ _Q4_W1.T,
    "b": lambda: _Q4_W2 @ _Q4_W1 @ _Q4_X,
    "c": lambda: _Q4_X @ (_Q4_W2 @ _Q4_W1),
    "d": lambda: _Q4_X @ _Q4_W1.T @ _Q4_W2.T,
}


def _runs(f) -> bool:
    try:
        f()
    except ValueError:
        return False
    return True


GRADED = {
    "02-quiz-q1": next(k for k, x in _Q1_X.items()
                       if len(x) == _Q1_A.shape[1] and np.allclose(_Q1_A @ x, _Q1_TARGET)),
    "02-quiz-q2": 4 * abs(float(np.linalg.det(_Q2_A))),  # every area is scaled by |det A|
    "02-quiz-q3": float(np.prod([32, 256, 128]) + np.prod([32, 128, 64])),  # two products, m n p
    "02-quiz-q4": next(k for k, f in _Q4_OPTIONS.items() if _runs(f)),
}
assert GRADED["02-quiz-q1"] == "c" and GRADED["02-quiz-q4"] == "d"
assert np.isclose(GRADED["02-quiz-q2"], 20) and GRADED["02-quiz-q3"] == 1_310_720
assert sum(_runs(f) for f in _Q4_OPTIONS.values()) == 1 and _Q4_OPTIONS["d"]().shape == (5, 2)
assert np.allclose(_Q1_A @ _Q1_X["b"], [2, 7]) and np.allclose(_Q1_A @ _Q1_X["d"], [3, -1])
assert np.isclose(np.linalg.det(_Q2_A), -5) and (1 * 1 + 2 * 3) * 4 == 28  # signed; ad + bc slip
assert np.prod([32, 256, 64]) == 524_288 and 256 * 128 + 128 * 64 == 40_960  # named wrong values
