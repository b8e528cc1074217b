"""Answers to the self-check quizzes of chapter 06 (gradient descent)."""

import numpy as np

_STABLE = np.linalg.eigvalsh(np.array([[5.0, 3.0], [3.0, 5.0]]))
_RATE = np.linalg.eigvalsh(np.diag([1.0, 9.0]))

ANSWERS = {
    "06-regime": "b",  # 1 - 0.4 * 4 = -0.6: flips sign, shrinks
    "06-stable-lr": float(2 / _STABLE.max()),
    "06-rate": float((_RATE.max() / _RATE.min() - 1) / (_RATE.max() / _RATE.min() + 1)),
    "06-stop": "a",  # the step 1e-5 * 1 is below 1e-4 at once
    "06-basin": "b",  # f'(0.3) < 0 and 0.3 is right of the maximum at 0.17
    "06-saddle": "b",  # ln(1e6) / ln(1.1) ≈ 145 more steps
    "06-diverge": "d",  # |1 - 0.21 * 10| = 1.1 > 1
}
