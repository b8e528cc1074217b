"""Answers to the self-check quizzes of chapter 01 (vectors)."""

import numpy as np

# The reasoning behind a key, checked with NumPy.
assert np.isclose(np.cos(np.radians(120)), -0.5)  # cos 120° < 0: the dot product is negative

# 01-basis: the one option that is independent (full rank) and has two vectors, the size
# of every basis of the plane.
_BASES = {
    "a": [(1, 2), (2, 4)],
    "b": [(1, 0), (0, 1), (1, 1)],
    "c": [(1, 1), (1, -1)],
    "d": [(3, 0)],
}


def _is_basis_of_the_plane(vectors) -> bool:
    stack = np.array(vectors, dtype=float)
    return len(stack) == 2 and np.linalg.matrix_rank(stack) == 2


assert sum(_is_basis_of_the_plane(v) for v in _BASES.values()) == 1
assert np.linalg.matrix_rank(np.array(_BASES["b"], dtype=float)) == 2  # b spans, one too many
# The explanation of option c: (x1 + x2)/2 (1, 1) + (x1 - x2)/2 (1, -1) rebuilds (x1, x2).
_x = np.array([0.3, -1.7])
assert np.allclose((_x[0] + _x[1]) / 2 * np.array([1, 1]) + (_x[0] - _x[1]) / 2 * np.array([1, -1]), _x)

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
    "01-basis": next(k for k, vectors in _BASES.items() if _is_basis_of_the_plane(vectors)),
}

# The graded quiz of chapter 01: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_PAIRS = {
    "a": ((1, 2), (2, 1)),
    "b": ((3, -1, 2), (1, 3, 0)),
    "c": ((1, 1, 1), (1, -1, 1)),
    "d": ((2, 0, -1), (1, 5, 3)),
}
_A, _B = np.array([4.0, 2.0]), np.array([3.0, 1.0])
_QUERY = np.array([1.0, 1.0])
_CANDIDATES = {"a": (5.0, 1.0), "b": (0.9, 0.2), "c": (2.0, 2.2), "d": (1.0, 0.0)}


def _cosine(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


GRADED = {
    "01-quiz-q1": next(k for k, (u, v) in _PAIRS.items() if np.dot(u, v) == 0),
    "01-quiz-q2": float(np.linalg.norm([2.0, -3.0, 6.0])),
    "01-quiz-q3": float(_A @ _B / (_B @ _B)),  # the projection of a onto b is c b
    "01-quiz-q4": max(_CANDIDATES, key=lambda k: _cosine(_QUERY, _CANDIDATES[k])),
}
assert GRADED["01-quiz-q1"] == "b" and GRADED["01-quiz-q2"] == 7 and GRADED["01-quiz-q4"] == "c"
assert np.isclose(GRADED["01-quiz-q3"], 1.4)
assert sum(np.dot(u, v) == 0 for u, v in _PAIRS.values()) == 1
# Question 4's distractors: the largest dot product and the nearest by L2 are other options.
assert max(_CANDIDATES, key=lambda k: _QUERY @ _CANDIDATES[k]) == "a"
assert min(_CANDIDATES, key=lambda k: np.linalg.norm(_QUERY - _CANDIDATES[k])) == "b"
