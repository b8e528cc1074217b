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


# ---------------------------------------------------------------------------------------
# Chapter 07: momentum, Nesterov, AdaGrad, RMSProp, Adam and schedules
# ---------------------------------------------------------------------------------------
#
# Each optimizer below follows torch.optim's update rule to the letter (defaults, order of
# operations, where eps goes), so a path from here and one from torch agree to rounding
# (tests/test_optimizers_parity.py). ``lr`` is a number, or a schedule: a function of the step
# index t = 0, 1, 2, ... returning the learning rate for that step (see step_lr, cosine_lr,
# warmup_lr below).

LearningRate = float | Callable[[int], float]


def _lr_at(lr: LearningRate, t: int) -> float:
    return float(lr(t)) if callable(lr) else float(lr)


def _run(update: Callable[[np.ndarray, np.ndarray, int], np.ndarray],
         gradient: Callable[[np.ndarray], np.ndarray], x0, steps: int) -> np.ndarray:
    """Apply ``x ← update(x, gradient(x), t)`` for t = 0 .. steps − 1; every point, x0 first.

    Stops early, like :func:`gradient_descent`, at the first point that is not finite.
    """
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(steps):
            x = update(x, np.asarray(gradient(x), dtype=float), t)
            path.append(x.copy())
            if not np.all(np.isfinite(x)):
                break
    return np.array(path)


def heavy_ball(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: LearningRate, steps: int,
               momentum: float = 0.9, nesterov: bool = False) -> np.ndarray:
    """Gradient descent with momentum, as ``torch.optim.SGD(lr=lr, momentum=momentum)``.

    The velocity starts at zero and each step runs ``v ← momentum·v + g``, then
    ``x ← x − lr·v`` (torch's form; Polyak's ``x ← x − lr·g + momentum·(x − x_prev)`` is the
    same iteration). With ``nesterov=True`` the move is ``x ← x − lr·(g + momentum·v)``,
    with the new v, as ``SGD(..., nesterov=True)``. Returns every point, x0 first.
    First used in chapter 07 (momentum, RMSProp and Adam).
    """
    velocity = np.zeros_like(np.asarray(x0, dtype=float))

    def update(x, g, t):
        nonlocal velocity
        velocity = momentum * velocity + g
        direction = g + momentum * velocity if nesterov else velocity
        return x - _lr_at(lr, t) * direction

    return _run(update, gradient, x0, steps)


def nesterov(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: LearningRate, steps: int,
             momentum: float = 0.9) -> np.ndarray:
    """Nesterov momentum, as ``torch.optim.SGD(lr=lr, momentum=momentum, nesterov=True)``.

    ``v ← momentum·v + g``, then ``x ← x − lr·(g + momentum·v)``: the step looks one
    velocity ahead. Returns every point, x0 first. First used in chapter 07.
    """
    return heavy_ball(gradient, x0, lr, steps, momentum=momentum, nesterov=True)


def adagrad(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: LearningRate, steps: int,
            eps: float = 1e-10) -> np.ndarray:
    """AdaGrad, as ``torch.optim.Adagrad(lr=lr, eps=eps)``.

    Each coordinate keeps the running *sum* of its squared gradients,
    ``s ← s + g²``, and moves by ``x ← x − lr·g / (√s + eps)``. The sum only grows, so
    the steps only shrink. Returns every point, x0 first. First used in chapter 07.
    """
    total = np.zeros_like(np.asarray(x0, dtype=float))

    def update(x, g, t):
        nonlocal total
        total = total + g * g
        return x - _lr_at(lr, t) * g / (np.sqrt(total) + eps)

    return _run(update, gradient, x0, steps)


def rmsprop(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: LearningRate, steps: int,
            alpha: float = 0.99, eps: float = 1e-8) -> np.ndarray:
    """RMSProp, as ``torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps)``.

    Each coordinate keeps a running *average* of its squared gradients,
    ``s ← alpha·s + (1 − alpha)·g²``, and moves by ``x ← x − lr·g / (√s + eps)``: eps is
    added after the square root, as torch does. Returns every point, x0 first.
    First used in chapter 07.
    """
    average = np.zeros_like(np.asarray(x0, dtype=float))

    def update(x, g, t):
        nonlocal average
        average = alpha * average + (1 - alpha) * g * g
        return x - _lr_at(lr, t) * g / (np.sqrt(average) + eps)

    return _run(update, gradient, x0, steps)


def adam(gradient: Callable[[np.ndarray], np.ndarray], x0, lr: LearningRate, steps: int,
         betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> np.ndarray:
    """Adam with bias correction, as ``torch.optim.Adam(lr=lr, betas=betas, eps=eps)``.

    With ``t`` counting steps from 1: ``m ← β₁m + (1 − β₁)g``, ``v ← β₂v + (1 − β₂)g²``,
    ``m̂ = m / (1 − β₁ᵗ)``, ``v̂ = v / (1 − β₂ᵗ)``, ``x ← x − lr·m̂ / (√v̂ + eps)`` (eps after
    the square root). Returns every point, x0 first. First used in chapter 07.
    """
    beta1, beta2 = betas
    m = np.zeros_like(np.asarray(x0, dtype=float))
    v = np.zeros_like(m)

    def update(x, g, t):
        nonlocal m, v
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** (t + 1))
        v_hat = v / (1 - beta2 ** (t + 1))
        return x - _lr_at(lr, t) * m_hat / (np.sqrt(v_hat) + eps)

    return _run(update, gradient, x0, steps)


def step_lr(t: int, lr: float, step_size: int, gamma: float = 0.1) -> float:
    """Step decay: ``lr · gamma^(t // step_size)``, as ``torch.optim.lr_scheduler.StepLR``.

    ``t`` is the step (or epoch) index from 0. First used in chapter 07.
    """
    return lr * gamma ** (t // step_size)


def cosine_lr(t: int, lr: float, total: int, lr_min: float = 0.0) -> float:
    """Cosine decay from ``lr`` at t = 0 to ``lr_min`` at t = total (held there afterwards).

    ``lr_min + (lr − lr_min)·(1 + cos(π t / total)) / 2``: the closed form of
    ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=total, eta_min=lr_min)`` for
    0 ≤ t ≤ total. First used in chapter 07.
    """
    t = min(t, total)
    return float(lr_min + (lr - lr_min) * (1 + np.cos(np.pi * t / total)) / 2)


def warmup_lr(t: int, lr: float, warmup: int, start_factor: float = 0.1) -> float:
    """Linear warm-up from ``start_factor·lr`` at t = 0 to ``lr`` at t = warmup, then flat.

    ``lr · (start_factor + (1 − start_factor)·min(t, warmup) / warmup)``, as
    ``torch.optim.lr_scheduler.LinearLR(start_factor=start_factor, total_iters=warmup)``.
    First used in chapter 07.
    """
    return lr * (start_factor + (1 - start_factor) * min(t, warmup) / warmup)
