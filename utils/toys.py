"""Toy data sets, small enough to see and print, all generated in code and seeded.

Nothing here downloads anything; the same seed always gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

#: Hand-made 4-D "embeddings": the axes mean (animal, royalty, food, vehicle).
EMBEDDING_AXES = ("animal", "royalty", "food", "vehicle")
_EMBEDDINGS = {
    "cat": (0.9, 0.0, 0.1, 0.0),
    "kitten": (0.8, 0.0, 0.0, 0.0),
    "dog": (0.9, 0.1, 0.1, 0.0),
    "lion": (0.9, 0.6, 0.0, 0.0),
    "king": (0.1, 0.9, 0.0, 0.1),
    "queen": (0.1, 0.9, 0.1, 0.0),
    "crown": (0.0, 0.8, 0.0, 0.0),
    "apple": (0.0, 0.0, 0.9, 0.0),
    "pizza": (0.0, 0.1, 0.9, 0.1),
    "banana": (0.1, 0.0, 0.8, 0.0),
    "car": (0.0, 0.0, 0.0, 0.9),
    "truck": (0.0, 0.0, 0.1, 1.0),
    "bicycle": (0.1, 0.0, 0.0, 0.6),
    "carriage": (0.3, 0.5, 0.0, 0.7),
}


def toy_embeddings() -> tuple[list[str], np.ndarray]:
    """Fourteen words and their hand-made 4-D vectors, one row per word.

    First used in chapter 01 (nearest neighbours).
    """
    words = list(_EMBEDDINGS)
    return words, np.array([_EMBEDDINGS[w] for w in words], dtype=float)


def house_features(n: int = 200, seed: int = 0) -> np.ndarray:
    """``n`` houses as rows of (area in m², rooms, age in years): columns on very different scales.

    First used in chapter 00 (broadcasting and standardisation).
    """
    rng = np.random.default_rng(seed)
    area = rng.normal(110, 35, n).clip(25, None)
    rooms = np.round(area / 30 + rng.normal(0, 0.7, n)).clip(1, None)
    age = rng.uniform(0, 80, n)
    return np.column_stack([area, rooms, age])


def noisy_line(n: int = 50, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.5,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points ``y = slope * x + intercept + noise`` for ``x`` uniform in [0, 5).

    First used in chapter 00 (a vectorised loss).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 5, n)
    return x, slope * x + intercept + rng.normal(0, noise, n)


# ---------------------------------------------------------------------------------------
# Chapters 05-07: objectives with gradients and Hessians
# ---------------------------------------------------------------------------------------


def random_symmetric(eigenvalues, seed: int = 0) -> np.ndarray:
    """A symmetric matrix with exactly these eigenvalues, on eigenvectors turned at random.

    ``Q diag(eigenvalues) Qᵀ`` with ``Q`` the orthogonal factor of a seeded Gaussian matrix,
    symmetrised against rounding. With positive eigenvalues it is a symmetric positive
    definite matrix: a quadratic bowl in any dimension (chapters 04 and 06).
    """
    n = len(eigenvalues)
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    matrix = q @ np.diag(np.asarray(eigenvalues, dtype=float)) @ q.T
    return (matrix + matrix.T) / 2


@dataclass(frozen=True)
class Objective:
    """A toy function to minimise, with its gradient, Hessian, known minima and a window.

    ``value(x)`` and ``gradient(x)`` accept a point or a whole grid of points (the last
    axis holds the coordinates), so a contour plot is one call. ``hessian(x)`` takes one
    point. One-dimensional objectives take and return plain numbers or arrays of numbers.
    First used in chapter 05 (gradients), then in 06 and 07.
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    hessian: Callable[[np.ndarray], np.ndarray]
    minima: tuple[tuple[float, ...], ...]
    window: tuple[float, float, float, float]
    matrix: np.ndarray | None = field(default=None, compare=False)

    def __call__(self, x) -> np.ndarray:
        return self.value(x)


def _xy(x) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    return x[..., 0], x[..., 1]


def quadratic_bowl(eigenvalues=(1.0, 10.0), angle_degrees: float = 0.0,
                   center=(0.0, 0.0)) -> Objective:
    """f(x) = ½ (x − c)ᵀ A (x − c), where A has the given eigenvalues along axes turned by the angle.

    The condition number is max/min eigenvalue; ``.matrix`` is A.
    """
    t = np.radians(angle_degrees)
    rotation = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    A = rotation @ np.diag(np.asarray(eigenvalues, dtype=float)) @ rotation.T
    c = np.asarray(center, dtype=float)

    def value(x):
        d = np.asarray(x, dtype=float) - c
        return 0.5 * np.einsum("...i,ij,...j->...", d, A, d)

    return Objective(
        name=f"quadratic bowl, eigenvalues {tuple(float(e) for e in eigenvalues)}",
        value=value,
        gradient=lambda x: (np.asarray(x, dtype=float) - c) @ A.T,
        hessian=lambda x: A.copy(),
        minima=(tuple(c),),
        window=(c[0] - 3, c[0] + 3, c[1] - 3, c[1] + 3),
        matrix=A,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    """f(x, y) = (a − x)² + b (y − x²)²: a curved, flat-bottomed valley; minimum at (a, a²)."""

    def value(p):
        x, y = _xy(p)
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def gradient(p):
        x, y = _xy(p)
        return np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], axis=-1)

    def hessian(p):
        x, y = _xy(p)
        return np.array([[2 - 4 * b * (y - x**2) + 8 * b * x**2, -4 * b * x],
                         [-4 * b * x, 2 * b]])

    return Objective("Rosenbrock", value, gradient, hessian, ((a, a * a),), (-2.0, 2.0, -1.0, 3.0))


#: Himmelblau's four minima (all with value 0), to six decimals.
HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                     (3.584428, -1.848126))


def himmelblau() -> Objective:
    """f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima, so the start decides the end."""

    def value(p):
        x, y = _xy(p)
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def gradient(p):
        x, y = _xy(p)
        u, v = x**2 + y - 11, x + y**2 - 7
        return np.stack([4 * x * u + 2 * v, 2 * u + 4 * y * v], axis=-1)

    def hessian(p):
        x, y = _xy(p)
        return np.array([[12 * x**2 + 4 * y - 42, 4 * (x + y)],
                         [4 * (x + y), 4 * x + 12 * y**2 - 26]])

    return Objective("Himmelblau", value, gradient, hessian, HIMMELBLAU_MINIMA, (-5.0, 5.0, -5.0, 5.0))


def saddle() -> Objective:
    """f(x, y) = x²/2 + y⁴/4 − y²/2: a saddle point at the origin, minima at (0, ±1).

    Gradient descent started on the line y = 0 slides into the saddle and stays; started a
    hair off it, it lingers near the saddle before it escapes.
    """

    def value(p):
        x, y = _xy(p)
        return x**2 / 2 + y**4 / 4 - y**2 / 2

    def gradient(p):
        x, y = _xy(p)
        return np.stack([x, y**3 - y], axis=-1)

    def hessian(p):
        _, y = _xy(p)
        return np.array([[1.0, 0.0], [0.0, 3 * y**2 - 1]])

    return Objective("saddle", value, gradient, hessian, ((0.0, -1.0), (0.0, 1.0)), (-2.0, 2.0, -2.0, 2.0))


#: The two minima of :func:`nonconvex_1d` (global first), to six decimals.
NONCONVEX_MINIMA = ((-1.300840,), (1.130901,))


def nonconvex_1d() -> Objective:
    """f(x) = x⁴ − 3x² + x: a global minimum near −1.30, a local one near 1.13, a maximum near 0.17."""
    return Objective(
        name="x⁴ − 3x² + x",
        value=lambda x: np.asarray(x, dtype=float) ** 4 - 3 * np.asarray(x, dtype=float) ** 2 + x,
        gradient=lambda x: 4 * np.asarray(x, dtype=float) ** 3 - 6 * np.asarray(x, dtype=float) + 1,
        hessian=lambda x: 12 * np.asarray(x, dtype=float) ** 2 - 6,
        minima=NONCONVEX_MINIMA,
        window=(-2.2, 2.2, -4.0, 6.0),
    )


# ---------------------------------------------------------------------------------------
# Chapter 04: a picture and correlated clouds
# ---------------------------------------------------------------------------------------


def pattern_image(size: int = 96, seed: int = 0) -> np.ndarray:
    """A grey-scale test picture of shape ``(size, size)``, values roughly between 0 and 1.3.

    A gentle gradient, a soft blob, a bright disc, an axis-aligned rectangle, diagonal
    ripples and a little noise: parts of very different rank (the rectangle alone is rank 1,
    the ripples need many terms), which makes its low-rank approximations worth looking at.
    First used in chapter 04 (low-rank approximation with the SVD).
    """
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, size)
    y, x = np.meshgrid(t, t, indexing="ij")
    image = 0.35 * x + 0.15 * y
    image += 0.5 * np.exp(-((x - 0.3) ** 2 + (y - 0.35) ** 2) / 0.02)
    image += 0.4 * (((x - 0.7) ** 2 + (y - 0.65) ** 2) < 0.03)
    image += 0.3 * ((x > 0.55) & (x < 0.9) & (y > 0.1) & (y < 0.3))
    image += 0.08 * np.sin(12 * np.pi * x * y)
    return image + 0.02 * rng.normal(size=image.shape)


def _turn(degrees: float, i: int, j: int, dim: int) -> np.ndarray:
    """The rotation by ``degrees`` in the plane of coordinates i and j."""
    t = np.radians(degrees)
    rotation = np.eye(dim)
    rotation[[i, i, j, j], [i, j, i, j]] = np.cos(t), -np.sin(t), np.sin(t), np.cos(t)
    return rotation


def cloud_truth(dim: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mean, the standard deviations and the axes (one per row) of :func:`correlated_cloud`.

    The cloud's true covariance is ``axes.T @ np.diag(stds**2) @ axes``: variance
    ``stds[i]**2`` along ``axes[i]``, largest first. ``dim`` is 2 or 3.
    First used in chapter 04 (PCA).
    """
    if dim == 2:
        return np.array([1.0, 4.0]), np.array([2.0, 0.6]), _turn(30.0, 0, 1, 2).T
    if dim == 3:
        axes = (_turn(40.0, 0, 1, 3) @ _turn(30.0, 1, 2, 3)).T
        return np.array([1.0, -2.0, 3.0]), np.array([2.0, 1.0, 0.3]), axes
    raise ValueError(f"dim must be 2 or 3, not {dim}")


def correlated_cloud(n: int = 500, dim: int = 2, seed: int = 0) -> np.ndarray:
    """``n`` samples (rows) of a correlated Gaussian in 2-D or 3-D, away from the origin.

    Independent normal draws are scaled by :func:`cloud_truth`'s standard deviations, turned
    onto its axes and shifted to its mean, so the principal axes are known exactly.
    First used in chapter 04 (PCA).
    """
    mean, stds, axes = cloud_truth(dim)
    rng = np.random.default_rng(seed)
    return mean + (rng.normal(size=(n, dim)) * stds) @ axes


# ---------------------------------------------------------------------------------------
# Chapter 03: noisy polynomials and collinear features
# ---------------------------------------------------------------------------------------

#: The cubic behind :func:`noisy_polynomial`: coefficients of 1, x, x², x³.
CUBIC_COEFFICIENTS = (1.0, -1.0, -1.0, 0.5)


def noisy_polynomial(n: int = 30, coefficients=CUBIC_COEFFICIENTS, noise: float = 0.5,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points ``y = c0 + c1 x + c2 x² + ... + noise`` for ``x`` uniform in [-2, 2).

    ``coefficients`` lists the polynomial's coefficients from the constant term up (the
    default is the cubic 1 - x - x² + 0.5 x³); the noise is Gaussian with standard deviation
    ``noise``. First used in chapter 03 (fitting a polynomial by least squares).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    y = np.polynomial.polynomial.polyval(x, coefficients)
    return x, y + rng.normal(0, noise, n)


def collinear_features(n: int = 50, spread: float = 0.01, weights=(2.0, 1.0),
                       noise: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two nearly collinear features and a target: ``X`` of shape (n, 2) and ``y``.

    The first feature is standard normal; the second is the first plus Gaussian noise of
    standard deviation ``spread`` (two sensors measuring the same thing). The target is
    ``X @ weights`` plus Gaussian noise of standard deviation ``noise``; features and
    target have mean about 0, so no intercept is needed. First used in chapter 03
    (conditioning and ridge regression).
    """
    rng = np.random.default_rng(seed)
    first = rng.normal(size=n)
    X = np.column_stack([first, first + rng.normal(0, spread, n)])
    return X, X @ np.asarray(weights, dtype=float) + rng.normal(0, noise, n)


# ---------------------------------------------------------------------------------------
# Chapter 08: data for linear and logistic regression
# ---------------------------------------------------------------------------------------


def linear_data(n: int = 200, weights=(2.0, -1.0), bias: float = 0.5, noise: float = 0.3,
                scales=None, offsets=None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Regression data ``y = bias + X @ weights + noise``: ``X`` of shape (n, d), ``y`` of (n,).

    Feature j is ``offsets[j] + scales[j] * z`` with z standard normal (default: scale 1,
    offset 0, one feature per entry of ``weights``); the noise is Gaussian with standard
    deviation ``noise``. Features on very different scales or far from 0 make XᵀX badly
    conditioned. First used in chapter 08 (linear regression as a loss over data).
    """
    weights = np.asarray(weights, dtype=float)
    d = weights.size
    scales = np.ones(d) if scales is None else np.asarray(scales, dtype=float)
    offsets = np.zeros(d) if offsets is None else np.asarray(offsets, dtype=float)
    rng = np.random.default_rng(seed)
    X = offsets + scales * rng.normal(size=(n, d))
    return X, bias + X @ weights + rng.normal(0, noise, n)


def blobs(n: int = 200, centers=((-1.0, -1.0), (1.0, 1.0)), spread: float = 0.8,
          seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds in 2-D: ``X`` of shape (n, 2) and labels ``y`` in {0, 1} of shape (n,).

    Class k is centred on ``centers[k]`` with standard deviation ``spread`` in every
    direction; the classes have n // 2 and n - n // 2 points, in a random order. Far apart
    (or with a small spread) they can be separated by a line. First used in chapter 08
    (logistic regression); chapters 10 and 11 use it too.
    """
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1], [n // 2, n - n // 2])
    X = np.asarray(centers, dtype=float)[y] + spread * rng.normal(size=(n, 2))
    order = rng.permutation(n)
    return X[order], y[order]


def two_moons(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: ``X`` of shape (n, 2) and labels ``y`` in {0, 1} of shape (n,).

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half circle
    shifted to (1, 0.5); Gaussian noise of standard deviation ``noise`` is added to every
    point, and the points come in a random order. No line separates them. First used in
    chapter 08 (the limits of a linear decision boundary); chapter 10 fits an MLP to them.
    """
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1], [n // 2, n - n // 2])
    angle = rng.uniform(0, np.pi, n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(angle), np.sin(angle)]),
                 np.column_stack([1 - np.cos(angle), 0.5 - np.sin(angle)]))
    X = X + noise * rng.normal(size=(n, 2))
    order = rng.permutation(n)
    return X[order], y[order]


def mse_objective(X, y, window=None) -> Objective:
    """The mean squared error L(w) = mean((X @ w - y)²) of a 2-weight linear model, as an Objective.

    ``X`` has shape (n, 2) (include a column of ones for a bias), ``y`` shape (n,). L is a
    quadratic bowl with Hessian 2 XᵀX / n and its minimum at the least-squares solution,
    so the plots of chapters 06 and 07 draw it. ``window`` defaults to the minimum ± 3.
    First used in chapter 08 (the noise ball of SGD on loss contours).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(y)
    H = 2 * X.T @ X / n
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    floor = float(np.mean((X @ best - y) ** 2))

    def value(w):
        d = np.asarray(w, dtype=float) - best
        return floor + 0.5 * np.einsum("...i,ij,...j->...", d, H, d)

    if window is None:
        window = (best[0] - 3, best[0] + 3, best[1] - 3, best[1] + 3)
    return Objective(
        name="mean squared error",
        value=value,
        gradient=lambda w: (np.asarray(w, dtype=float) - best) @ H.T,
        hessian=lambda w: H.copy(),
        minima=(tuple(best),),
        window=tuple(float(v) for v in window),
        matrix=H,
    )
