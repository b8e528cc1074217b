"""Unit tests of utils.optim: the optimisers the explorers and later chapters run."""

import numpy as np
import pytest

from utils import optim, toys

pytestmark = pytest.mark.filterwarnings("error")


def test_gradient_descent_keeps_every_point():
    """steps + 1 points, x0 first, each one step from the last, and x0 not modified."""
    bowl = toys.quadratic_bowl((1.0, 4.0))
    x0 = np.array([2.0, 1.0])
    path = optim.gradient_descent(bowl.gradient, x0, lr=0.1, steps=5)
    assert path.shape == (6, 2) and np.array_equal(path[0], [2.0, 1.0])
    assert np.array_equal(x0, [2.0, 1.0])
    for a, b in zip(path[:-1], path[1:], strict=True):
        assert np.allclose(b, a - 0.1 * bowl.gradient(a))


def test_gradient_descent_stops_when_it_blows_up():
    """A diverging run stops at its first non-finite point, quietly."""
    bowl = toys.quadratic_bowl((1.0, 10.0))
    path = optim.gradient_descent(bowl.gradient, [1.0, 1.0], lr=1.0, steps=10_000)
    assert len(path) < 10_001 and not np.all(np.isfinite(path[-1]))
    assert np.all(np.isfinite(path[:-1]))
