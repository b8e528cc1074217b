"""Answers to the self-check quizzes of chapter 09 (autodiff)."""

import numpy as np

ANSWERS = {
    # g(x) = x · x: one term per arrow into the product, each the other factor: x + x.
    "09-reused-node": "b",
    # (2 + ε)³ = 8 + 3·2²·ε + (terms in ε², which vanish).
    "09-dual-cube": float(3 * 2**2),
    # Leaves first: every node passes on its gradient before its uses are done (still 0).
    "09-reverse-order": "b",
    # f: R^1000 -> R^10: forward needs n = 1000 passes, reverse m = 10.
    "09-passes": float(min(1000, 10)),
    # 3e-4 in float32 is within rounding of a right gradient: redo the check in float64.
    "09-float32-check": "b",
}

# 09-dual-cube's wrong values: the value part 2³, the ε² coefficient 3·2 and n·xⁿ = 3·2³.
assert (2**3, 3 * 2, 3 * 2**3) == (8, 6, 24)

# The graded quiz of chapter 09: its keys are hashed in the notebook's hidden tests.
_X = 2.0
GRADED = {
    # f(x) = x / (1 + x²): f'(x) = ((1 + x²) − 2x²) / (1 + x²)² at x = 2.
    "09-quiz-q1": float(((1 + _X**2) - 2 * _X**2) / (1 + _X**2) ** 2),
    "09-quiz-q2": "b",  # torch adds into .grad: 2 · (2w) at w = 3 is 12
    "09-quiz-q3": float(min(50, 2000)),  # the smaller of n forward and m reverse passes
    "09-quiz-q4": "c",  # a ReLU kink within h of the point
}
assert np.isclose(GRADED["09-quiz-q1"], -0.12)
# q1's wrong values: the value f(2), 1/(1 + x²) and the quotient rule with a plus.
assert np.isclose(_X / (1 + _X**2), 0.4) and np.isclose(1 / (1 + _X**2), 0.2)
assert np.isclose(((1 + _X**2) + 2 * _X**2) / (1 + _X**2) ** 2, 0.52)
# q2: one backward gives 2w = 6, two give 12.
assert 2 * (2 * 3.0) == 12.0
