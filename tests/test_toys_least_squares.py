"""The chapter 03 toy data: a noisy cubic and two nearly collinear features, seeded."""

import numpy as np
import pytest

from utils import toys

pytestmark = pytest.mark.filterwarnings("error")


def test_noisy_polynomial_is_seeded_and_follows_the_cubic():
    """Same seed, same points; x in [-2, 2); a cubic fit recovers the coefficients."""
    x, y = toys.noisy_polynomial()
    x2, y2 = toys.noisy_polynomial()
    assert x.shape == y.shape == (30,) and np.array_equal(x, x2) and np.array_equal(y, y2)
    assert np.all((-2 <= x) & (x < 2))
    xs, ys = toys.noisy_polynomial(n=5000, seed=9)
    fitted = np.polynomial.polynomial.polyfit(xs, ys, 3)
    assert np.allclose(fitted, toys.CUBIC_COEFFICIENTS, atol=0.05)
    _, exact = toys.noisy_polynomial(n=10, coefficients=(0.0, 1.0), noise=0.0)
    assert np.allclose(exact, toys.noisy_polynomial(n=10, noise=0.0)[0])


def test_collinear_features_are_nearly_collinear():
    """The two columns differ by about `spread`; the target follows X @ weights."""
    X, y = toys.collinear_features()
    assert X.shape == (50, 2) and y.shape == (50,)
    assert 0.005 < np.std(X[:, 1] - X[:, 0]) < 0.02
    assert np.linalg.cond(X) > 100
    X2, y2 = toys.collinear_features()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    Xn, yn = toys.collinear_features(n=20, spread=1.0, weights=(1.0, -1.0), noise=0.0, seed=4)
    assert np.allclose(yn, Xn[:, 0] - Xn[:, 1]) and np.linalg.cond(Xn) < 10
