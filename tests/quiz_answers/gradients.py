"""Answers to the self-check quizzes of chapter 05 (derivatives and gradients)."""

import numpy as np

_g = np.array([3.0, -4.0])
_rosenbrock_gradient = np.array([-2 * (1 - -1.0) - 4 * 100 * -1.0 * (1.5 - 1.0), 2 * 100 * (1.5 - 1.0)])
_to_minimum = np.array([1.0, 1.0]) - np.array([-1.0, 1.5])
_cos = (-_rosenbrock_gradient @ _to_minimum
        / (np.linalg.norm(_rosenbrock_gradient) * np.linalg.norm(_to_minimum)))

# The number 05-secant-slope names as a likely slip: the backward difference, (3² − 2.5²) / 0.5.
assert (3.0**2 - 2.5**2) / 0.5 == 5.5

ANSWERS = {
    "05-secant-slope": (3.5**2 - 3.0**2) / 0.5,  # forward difference of x² at 3 with h = 0.5
    "05-best-h": "b",  # the bottom of the central U is near eps^(1/3) ≈ 6e-6
    "05-partial": 2.0**2 + 3.0,  # ∂(x²y + 3y)/∂y = x² + 3 at x = 2
    # steepest ascent: ∇f/‖∇f‖ = (0.6, -0.8) with slope ‖∇f‖ = 5
    "05-steepest": "a" if np.allclose(_g / np.linalg.norm(_g), [0.6, -0.8]) else "?",
    "05-tangent-step": "b",  # the first-order change along the tangent is 0; what is left is O(t²)
    "05-jacobian-shape": "a",  # (outputs, inputs) = (3, 4)
    # ∇(x₁x₂) at (1, 1) = ½(A + Aᵀ)x with A = [[0, 2], [0, 0]]
    "05-nonsymmetric": "b" if np.allclose(0.5 * (np.array([[0, 2], [0, 0]]) + np.array([[0, 0], [2, 0]]))
                                          @ np.ones(2), [1, 1]) else "?",
    "05-rosenbrock-downhill": "c" if _cos < 0 else "?",  # the angle exceeds 90°
}

# The graded quiz of chapter 05: its keys are hashed in the notebook's hidden tests; the
# arithmetic behind them lives here.
_EPS = np.finfo(float).eps
_W = np.ones((4, 3))
GRADED = {
    "05-quiz-q1": float((2.1**3 - 1.9**3) / 0.2),  # 12 + h² = 12.01
    "05-quiz-q2": float(np.sqrt(2 * _EPS * 1.0 / 2.0)),  # √(2ε|f|/|f''|) = √ε
    "05-quiz-q3": "b",  # Wᵀ g: (3, 4) @ (4,) -> (3,)
    "05-quiz-q4": "a",  # rel(a, 2a) = 1/3
}
assert np.isclose(GRADED["05-quiz-q1"], 12.01) and np.isclose(GRADED["05-quiz-q2"], 1.49012e-8)
assert (_W.T @ np.ones(4)).shape == (3,)
_a = np.array([1.0, 2.0])
assert np.isclose(np.linalg.norm(_a - 2 * _a) / (3 * np.linalg.norm(_a)), 1 / 3)
