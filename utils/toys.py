"""Toy data sets, small enough to see and print, all generated in code and seeded.

Nothing here downloads anything; the same seed always gives the same numbers.
"""

from __future__ import annotations

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
