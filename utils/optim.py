"""Optimisers on the toy objectives of :mod:`utils.toys`, written out in NumPy.

Each is the plain version taught in its chapter, kept here so explorers and later chapters
can run it without copying it: gradient descent (chapter 06), then momentum, Nesterov,
AdaGrad, RMSProp and Adam (chapter 07).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def gradient_descent(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: float,
                     steps: int) -> np.ndarray:
    """Run ``x ← x − lr · gradient(x)`` for ``steps`` steps; return every point, x0 first.

    The result has ``steps + 1`` rows. A run that overflows stops early: its last row is the
    first point that is no longer finite. First used in chapter 06.
    """
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            x = x - lr * np.asarray(gradient(x), dtype=float)
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.array(path)
