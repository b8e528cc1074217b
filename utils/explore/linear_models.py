"""Chapter 08's explorers: SGD's noise ball (learning rate × batch size on loss contours) and
the decision boundary of logistic regression moving while it trains."""

from __future__ import annotations

import functools
import math

import ipywidgets as widgets
import numpy as np

from utils import plots, toys
from utils.explore.base import (
    Explorer,
    boundary_and_loss_axes,
    fixed,
    number,
    path_and_loss_axes,
    show_window,
    slider,
)

#: Batch sizes offered by the SGD explorer (the data set has SGD_SAMPLES samples).
SGD_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
SGD_SAMPLES = 256
#: Where every SGD run starts, and the schedules: a constant η, or η / (1 + t / SGD_DECAY).
SGD_START = (-1.0, 2.0)
SGD_SCHEDULES = ("constant", "shrinking")
SGD_DECAY = 100
#: The excess-loss axis of the SGD explorer (log scale) and its ticks.
SGD_LOSS_LIMITS = (1e-6, 1e2)
SGD_LOSS_TICKS = (1e-6, 1e-4, 1e-2, 1.0, 1e2)


@functools.cache
def sgd_problem() -> tuple[np.ndarray, np.ndarray, toys.Objective]:
    """The SGD explorer's data and loss: chapter 08's regression with two weights and no bias.

    ``toys.linear_data(256, weights=(2, -1), bias=0, noise=0.5, seed=1)`` and its mean
    squared error as a :class:`~utils.toys.Objective` (``toys.mse_objective``), with a
    window around the minimum that holds the start. Built once. First used in chapter 08.
    """
    X, y = toys.linear_data(SGD_SAMPLES, weights=(2.0, -1.0), bias=0.0, noise=0.5, seed=1)
    best = np.round(np.linalg.lstsq(X, y, rcond=None)[0])  # about (2, −1)
    window = (best[0] - 3.5, best[0] + 1.5, best[1] - 2.0, best[1] + 3.5)
    return X, y, toys.mse_objective(X, y, window=window)


def sgd_noise_run(lr: float, batch_size: int, steps: int, schedule: str = "constant",
                  seed: int = 0) -> dict:
    """SGD with batches of ``batch_size`` drawn at random on the explorer's regression.

    Each step draws ``batch_size`` sample indices (with replacement, from a generator seeded
    with ``seed``) and steps against the mean gradient of their squared errors, at ``lr``
    (``schedule`` "constant") or ``lr / (1 + t / SGD_DECAY)`` ("shrinking"). ``path`` holds
    every point from the start; ``gd_path`` full-batch gradient descent at the same rates,
    for comparison; ``excess`` is L(w_t) − L(w*) along the SGD path; ``ball`` its mean over
    the second half of the run (the size of the noise ball); ``bound`` is 2/λmax of the
    loss's Hessian. A run that overflows stops at its first non-finite point
    (``diverged``). First used in chapter 08.
    """
    if schedule not in SGD_SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose from {SGD_SCHEDULES}")
    X, y, bowl = sgd_problem()
    steps, batch_size = int(steps), int(batch_size)
    rng = np.random.default_rng(seed)
    rows = rng.integers(len(y), size=(steps, batch_size))
    Xb, yb = X[rows], y[rows]
    # One step is w ← w − η (H_t w − c_t), with the batch's H_t = 2/B X_bᵀX_b, c_t = 2/B X_bᵀy_b.
    H = 2 * np.einsum("tbi,tbj->tij", Xb, Xb) / batch_size
    c = 2 * np.einsum("tbi,tb->ti", Xb, yb) / batch_size
    t = np.arange(steps)
    rates = float(lr) / (1 + t / SGD_DECAY) if schedule == "shrinking" else np.full(steps, float(lr))
    H_full, c_full = bowl.matrix, 2 * X.T @ y / len(y)
    path, gd = np.empty((steps + 1, 2)), np.empty((steps + 1, 2))
    path[0] = gd[0] = SGD_START
    w1, w2 = g1, g2 = SGD_START
    last = steps
    for k in range(steps):
        (a, b), (_, d) = H[k]
        eta = rates[k]
        w1, w2 = w1 - eta * (a * w1 + b * w2 - c[k, 0]), w2 - eta * (b * w1 + d * w2 - c[k, 1])
        g1, g2 = (g1 - eta * (H_full[0, 0] * g1 + H_full[0, 1] * g2 - c_full[0]),
                  g2 - eta * (H_full[1, 0] * g1 + H_full[1, 1] * g2 - c_full[1]))
        path[k + 1], gd[k + 1] = (w1, w2), (g1, g2)
        if not (abs(w1) < 1e100 and abs(w2) < 1e100 and abs(g1) < 1e100 and abs(g2) < 1e100):
            last = k + 1
            break
    path, gd = path[:last + 1], gd[:last + 1]
    floor = float(bowl.value(np.array(bowl.minima[0])))
    with np.errstate(all="ignore"):
        excess = bowl.value(path) - floor
        ball = float(np.mean(excess[len(excess) // 2:]))
    diverged = last < steps or not math.isfinite(ball) or ball > 1e6
    return {
        "lr": float(lr), "batch_size": batch_size, "steps": steps, "schedule": schedule,
        "path": path, "gd_path": gd, "excess": excess, "ball": ball, "diverged": diverged,
        "bound": 2 / float(np.linalg.eigvalsh(bowl.matrix).max()), "window": bowl.window,
        "minimum": np.array(bowl.minima[0]),
    }


def sgd_readout(state: dict) -> str:
    """The run in words: η against 2/λmax, B, η/B, and the size of the noise ball."""
    lr, B, bound = state["lr"], state["batch_size"], state["bound"]
    rate = "constant" if state["schedule"] == "constant" else f"η/(1 + t/{SGD_DECAY})"
    text = (f"$\\eta$ = {number(lr)} ({rate}), $B$ = {B}, {state['steps']} steps; "
            f"$\\eta/B$ = {number(lr / B)}<br>"
            f"stability limit of the full loss: $2/\\lambda_{{\\max}}$ = {number(bound)}, "
            f"so $\\eta$ is {fixed(lr / bound)} × the limit<br>")
    if state["diverged"]:
        return text + "<b style='color:#b3261e'>Diverged:</b> the steps overshoot the bowl."
    return text + (f"noise ball: mean $L - L^*$ over the second half = <b>{number(state['ball'])}</b>"
                   f"; at the end {number(state['excess'][-1])}")


def sgd_draw(ax, state: dict, artists: dict) -> None:
    """Contours with the SGD path and GD's (dashed) on the left; L − L* on a log axis, right."""
    if not artists:
        loss_ax = path_and_loss_axes(ax, [0.08, 0.14, 0.38, 0.76], [0.58, 0.14, 0.39, 0.74],
                                     SGD_LOSS_LIMITS, SGD_LOSS_TICKS, "step t")
        loss_ax.set_title("L(wₜ) − L(w*)  (log scale)", fontsize=9)
        bowl = sgd_problem()[2]
        plots.contours(ax, bowl, levels=12, resolution=80)
        ax.set_xlabel("w₁", labelpad=1)
        ax.set_ylabel("w₂", labelpad=1)
        left, right, bottom, top = bowl.window
        for setter, low, high in ((ax.set_xticks, left, right), (ax.set_yticks, bottom, top)):
            ticks = np.linspace(low, high, 3)
            setter(ticks, [number(v) for v in ticks])
        artists["gd"] = ax.plot([], [], "--", color=plots.COLORS["muted"], lw=1.2, zorder=3,
                                label="full batch (GD)")[0]
        artists["path"] = ax.plot([], [], color=plots.COLORS["a"], lw=0.7, zorder=4,
                                  label="SGD")[0]
        ax.legend(fontsize=7, loc="upper right")
        artists["loss"] = loss_ax.plot([], [], color=plots.COLORS["a"], lw=0.9)[0]
        artists["gd_loss"] = loss_ax.plot([], [], "--", color=plots.COLORS["muted"], lw=1)[0]
        artists["loss_ax"] = loss_ax
        artists["title"] = ax.set_title("", fontsize=9)
        artists["steps"] = None
        artists["moving"] = [artists[k] for k in ("gd", "path", "loss", "gd_loss", "title")]
    artists["background"] = state["steps"]
    for key, path in (("path", state["path"]), ("gd", state["gd_path"])):
        shown = _inside(path, state["window"])
        artists[key].set_data(shown[:, 0], shown[:, 1])
    low, high = SGD_LOSS_LIMITS
    bowl = sgd_problem()[2]
    with np.errstate(all="ignore"):
        gd_excess = bowl.value(state["gd_path"]) - bowl.value(state["minimum"])
        for key, values in (("loss", state["excess"]), ("gd_loss", gd_excess)):
            shown = np.clip(np.nan_to_num(values, nan=high, posinf=high), low / 10, high * 10)
            artists[key].set_data(np.arange(shown.size), shown)
    if artists["steps"] != state["steps"]:
        last = state["steps"]
        artists["loss_ax"].set_xlim(0, last)
        artists["loss_ax"].set_xticks([0, last // 2, last], ["0", str(last // 2), str(last)])
        artists["steps"] = last
    verdict = "diverged" if state["diverged"] else f"noise ball {number(state['ball'])}"
    artists["title"].set_text(f"η = {number(state['lr'])}, B = {state['batch_size']}: {verdict}")


def _inside(path: np.ndarray, window) -> np.ndarray:
    """The path up to (and including) its first point outside the window, pulled onto it.

    A diverging run's zig-zags across the whole picture are slow to draw and say nothing
    more than "it left": the picture stops where it leaves.
    """
    left, right, bottom, top = window
    outside = ~((path[:, 0] >= left) & (path[:, 0] <= right) & (path[:, 1] >= bottom)
                & (path[:, 1] <= top))
    if outside.any():
        path = path[: int(np.argmax(outside)) + 1]
    with np.errstate(invalid="ignore"):
        return np.column_stack([np.clip(path[:, 0], left, right), np.clip(path[:, 1], bottom, top)])


def sgd_explorer(lr: float = 0.05, batch_size: int = 4, steps: int = 1000,
                 schedule: str = "constant") -> Explorer:
    """Learning rate × batch size: SGD's path and noise ball on the contours of a regression loss.

    Left: the loss contours in (w₁, w₂), the SGD path and full-batch gradient descent's
    (dashed); right: the excess loss L − L* of both on a log scale. First used in chapter 08.
    """
    controls = {
        "lr": widgets.FloatLogSlider(
            value=lr, base=10, min=-3, max=0.3, step=0.001, description="learning rate η",
            readout_format=".3f", continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="320px")),
        "batch_size": widgets.SelectionSlider(
            options=list(SGD_BATCH_SIZES), value=batch_size, description="batch size B",
            continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="320px")),
        "steps": slider("steps", 100, 2000, steps, 100, integer=True),
        "schedule": widgets.Dropdown(options=list(SGD_SCHEDULES), value=schedule,
                                     description="schedule"),
    }
    return Explorer(controls, sgd_noise_run, sgd_readout, sgd_draw, size=(8.0, 3.6),
                    picture_below=True)


# ---------------------------------------------------------------------------------------
# The decision boundary while logistic regression trains
# ---------------------------------------------------------------------------------------

#: The data sets of the boundary explorer: name -> (X, y), built by :func:`boundary_data`.
BOUNDARY_DATA = ("blobs", "two moons")
#: Steps of gradient descent the boundary explorer trains for (its step slider's range).
BOUNDARY_STEPS = 300
_GRID = 60


@functools.cache
def boundary_data(name: str) -> tuple[np.ndarray, np.ndarray, tuple]:
    """(X, y, window) of the boundary explorer's data sets: ``toys.blobs(200, seed=0)`` and
    ``toys.two_moons(200, seed=0)``, with a window around the points. First used in chapter 08.
    """
    if name not in BOUNDARY_DATA:
        raise ValueError(f"unknown data set {name!r}; choose from {BOUNDARY_DATA}")
    X, y = toys.blobs(200, seed=0) if name == "blobs" else toys.two_moons(200, seed=0)
    low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    return X, y, (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


@functools.lru_cache(maxsize=32)
def _training(name: str, lr: float) -> tuple[np.ndarray, np.ndarray]:
    """Every weight vector and loss of BOUNDARY_STEPS steps of gradient descent, from w = 0."""
    X, y, _ = boundary_data(name)
    A = np.column_stack([np.ones(len(y)), X])
    weights, losses = np.zeros((BOUNDARY_STEPS + 1, 3)), np.empty(BOUNDARY_STEPS + 1)
    w = np.zeros(3)
    for k in range(BOUNDARY_STEPS + 1):
        z = A @ w
        weights[k], losses[k] = w, np.mean(np.logaddexp(0, z) - y * z)
        w = w - lr * A.T @ (np.exp(-np.logaddexp(0, -z)) - y) / len(y)  # σ(z), stably
    return weights, losses


def boundary_state(data: str, lr: float, step: int) -> dict:
    """Logistic regression trained by gradient descent (bias first), seen at ``step``.

    ``weights`` and ``losses`` hold every step from w = 0 (the mean cross-entropy, from
    logits); ``w`` is the weight vector at ``step``; ``probability`` σ(w₀ + w₁x₁ + w₂x₂) on a
    grid over the window; ``boundary`` two points of the line z = 0 (None while w₁ = w₂ = 0);
    ``accuracy`` the share of points on their side. First used in chapter 08.
    """
    X, y, window = boundary_data(data)
    weights, losses = _training(data, round(float(lr), 6))
    step = int(min(max(step, 0), BOUNDARY_STEPS))
    w = weights[step]
    gx, gy = np.meshgrid(np.linspace(window[0], window[1], _GRID),
                         np.linspace(window[2], window[3], _GRID))
    probability = 1 / (1 + np.exp(-np.clip(w[0] + w[1] * gx + w[2] * gy, -50, 50)))
    boundary = None
    if abs(w[1]) + abs(w[2]) > 1e-12:
        if abs(w[2]) >= abs(w[1]):  # a line across x₁
            xs = np.array(window[:2])
            boundary = np.column_stack([xs, -(w[0] + w[1] * xs) / w[2]])
        else:
            ys = np.array(window[2:])
            boundary = np.column_stack([-(w[0] + w[2] * ys) / w[1], ys])
    accuracy = float(np.mean((w[0] + X @ w[1:] > 0) == y))
    return {"data": data, "lr": float(lr), "step": step, "w": w, "weights": weights,
            "losses": losses, "probability": probability, "boundary": boundary,
            "accuracy": accuracy, "window": window}


def boundary_readout(state: dict) -> str:
    """Step, weights, loss and accuracy."""
    w = state["w"]
    return (f"<b>{state['data']}</b>, $\\eta$ = {number(state['lr'])}, step {state['step']}<br>"
            f"$\\mathbf{{w}}$ = ({fixed(w[0])}, {fixed(w[1])}, {fixed(w[2])}), "
            f"$\\lVert\\mathbf{{w}}\\rVert$ = {fixed(np.linalg.norm(w))}<br>"
            f"cross-entropy {number(state['losses'][state['step']])}, "
            f"training accuracy {state['accuracy']:.1%}")


def boundary_draw(ax, state: dict, artists: dict) -> None:
    """The shaded probability, the boundary and the points, left; the loss with the step, right."""
    if not artists:
        artists.update(boundary_and_loss_axes(ax, BOUNDARY_STEPS, "the loss on all the data",
                                              _GRID, interpolation="bilinear"))
        artists["points"] = None
        artists["shown"] = None
        artists["moving"] = [artists[k] for k in ("image", "line", "now", "title")]
    name, window = state["data"], state["window"]
    artists["background"] = (name, state["lr"])
    if artists["shown"] != (name, state["lr"]):
        X, y, _ = boundary_data(name)
        if artists["points"] is not None:
            for collection in artists["points"]:
                collection.remove()
        artists["points"] = plots.labelled_points(ax, X, y, size=8)
        show_window(ax, artists["image"], window)
        losses = state["losses"]
        artists["loss"].set_data(np.arange(losses.size), losses)
        artists["loss_ax"].set_ylim(0, 1.05 * float(losses.max()))
        artists["shown"] = (name, state["lr"])
    artists["image"].set_data(state["probability"])
    if state["boundary"] is None:
        artists["line"].set_data([], [])
    else:
        artists["line"].set_data(state["boundary"][:, 0], state["boundary"][:, 1])
    artists["now"].set_data([state["step"]], [state["losses"][state["step"]]])
    artists["title"].set_text(f"step {state['step']}: accuracy {state['accuracy']:.0%}")


def boundary_explorer(data: str = "blobs", lr: float = 1.0, step: int = 10) -> Explorer:
    """Step through logistic regression's training and watch its decision boundary move.

    Left: P(class 1) shaded, the boundary z = 0 and the points; right: the loss against the
    step, the current step marked. First used in chapter 08.
    """
    controls = {
        "data": widgets.Dropdown(options=list(BOUNDARY_DATA), value=data, description="data"),
        "lr": widgets.FloatLogSlider(
            value=lr, base=10, min=-2, max=1, step=0.05, description="learning rate η",
            readout_format=".2f", continuous_update=True, style={"description_width": "initial"},
            layout=widgets.Layout(width="320px")),
        "step": slider("step", 0, BOUNDARY_STEPS, step, 1, integer=True),
    }
    return Explorer(controls, boundary_state, boundary_readout, boundary_draw, size=(8.0, 3.6),
                    picture_below=True)
