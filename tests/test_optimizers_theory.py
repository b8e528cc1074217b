"""Momentum's rate on a quadratic, measured against (√κ − 1)/(√κ + 1), as chapter 07 states.

With lr = 4/(√λmax + √λmin)² and μ = ((√κ − 1)/(√κ + 1))², heavy-ball momentum shrinks the
distance to the minimum by (√κ − 1)/(√κ + 1) per step; gradient descent's best is
(κ − 1)/(κ + 1). At the optimal μ the error decays like k·rᵏ, so a rate measured between
steps a and b exceeds r by the factor (b/a)^(1/(b − a)): under 1.5 % for the windows below.
"""

import numpy as np
import pytest

from utils import optim, toys

pytestmark = pytest.mark.filterwarnings("error")

# kappa -> (a, b): a window of steps late enough for the rate to settle, early enough that
# the error stays far above rounding.
WINDOWS = {10: (50, 100), 100: (100, 200), 1000: (300, 600)}


def measured_rate(path, a, b):
    error = np.linalg.norm(path, axis=1)
    return (error[b] / error[a]) ** (1 / (b - a))


@pytest.mark.parametrize("kappa", sorted(WINDOWS))
@pytest.mark.parametrize("angle", [0.0, 30.0])
def test_heavy_ball_rate_matches_the_formula(kappa, angle):
    """The measured rate is within 2 % of (√κ − 1)/(√κ + 1), on tilted and aligned bowls."""
    bowl = toys.quadratic_bowl((1.0, float(kappa)), angle_degrees=angle)
    root = np.sqrt(kappa)
    lr, mu = 4 / (root + 1) ** 2, ((root - 1) / (root + 1)) ** 2
    a, b = WINDOWS[kappa]
    path = optim.heavy_ball(bowl.gradient, [-2.5, -0.5], lr, b, momentum=mu)
    rate = (root - 1) / (root + 1)
    assert abs(measured_rate(path, a, b) - rate) / rate < 0.02


@pytest.mark.parametrize("kappa", sorted(WINDOWS))
def test_momentum_beats_the_best_gradient_descent(kappa):
    """At their best settings, momentum's rate is below gradient descent's (κ − 1)/(κ + 1)."""
    bowl = toys.quadratic_bowl((1.0, float(kappa)), angle_degrees=30.0)
    root = np.sqrt(kappa)
    a, b = WINDOWS[kappa]
    heavy = optim.heavy_ball(bowl.gradient, [-2.5, -0.5], 4 / (root + 1) ** 2, b,
                             momentum=((root - 1) / (root + 1)) ** 2)
    descent = optim.gradient_descent(bowl.gradient, [-2.5, -0.5], 2 / (1 + kappa), b)
    assert np.isclose(measured_rate(descent, a, b), (kappa - 1) / (kappa + 1), rtol=1e-3)
    assert measured_rate(heavy, a, b) < (kappa - 1) / (kappa + 1)


def test_steps_shrink_by_about_root_kappa():
    """To shrink the error a million-fold at κ = 100, momentum needs under 1/5 of GD's steps."""
    bowl = toys.quadratic_bowl((1.0, 100.0), angle_degrees=30.0)
    heavy = optim.heavy_ball(bowl.gradient, [-2.5, -0.5], 4 / 121, 700, momentum=(9 / 11) ** 2)
    descent = optim.gradient_descent(bowl.gradient, [-2.5, -0.5], 2 / 101, 700)

    def first_below(path):
        error = np.linalg.norm(path, axis=1)
        return int(np.argmax(error < 1e-6 * error[0]))

    assert first_below(descent) == 691
    assert first_below(heavy) < 691 / 5
