"""Chapter 10's explorer: a small MLP's decision boundary on two moons while it trains.

torch is imported inside the functions that train (never when this module is imported).
One training run per (width, learning rate) is cached with snapshots every
:data:`MLP_EVERY` steps; the step slider only moves through the snapshots, so a step
change costs a lookup and a redraw, and a width or learning-rate change one short run.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from utils import plots, toys
from utils.explore.base import Explorer, boundary_and_loss_axes, fixed, number, show_window

#: Hidden widths and Adam learning rates offered by the explorer.
MLP_WIDTHS = (2, 4, 8, 16, 32)
MLP_RATES = (0.001, 0.003, 0.01, 0.03, 0.1)
#: Steps of training (mini-batches of MLP_BATCH from 200 points), and the snapshot spacing.
MLP_STEPS = 200
MLP_EVERY = 10
MLP_BATCH = 32
_GRID = 100


@functools.cache
def mlp_data() -> tuple[np.ndarray, np.ndarray, tuple]:
    """(X, y, window): ``toys.two_moons(200, seed=0)`` and a window around it (chapter 10)."""
    X, y = toys.two_moons(200, seed=0)
    low, high = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
    return X, y, (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def _boundary(gx: np.ndarray, gy: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The level P = 0.5 of a grid as one polyline (pieces separated by NaN rows)."""
    import contourpy

    pieces = contourpy.contour_generator(gx, gy, p).lines(0.5)
    if not pieces:
        return np.empty((0, 2))
    joined = []
    for piece in pieces:
        joined += [piece, np.full((1, 2), np.nan)]
    return np.concatenate(joined[:-1])


@functools.lru_cache(maxsize=16)
def mlp_training(width: int, lr: float, seed: int = 0) -> dict:
    """Train a 2 → width → width → 2 ReLU MLP with Adam on two moons; keep snapshots.

    Mini-batches of :data:`MLP_BATCH` come from a seeded ``torch.randperm`` every epoch and
    the weights from ``torch.manual_seed(seed)`` (the global generator is restored
    afterwards). Every :data:`MLP_EVERY` steps it records P(class 1) on a grid over the
    window, the boundary P = 0.5, the loss and the accuracy on all 200 points, and how many
    units of the second hidden layer are alive (positive on at least one point: a ReLU unit
    that is 0 on every point passes no gradient back). First used in chapter 10.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small runs faster on one thread than on several
    try:
        return _train(torch, width, lr, seed)
    finally:
        torch.set_num_threads(threads)


def _train(torch, width: int, lr: float, seed: int) -> dict:
    nn = torch.nn
    X, y, window = mlp_data()
    gx, gy = np.meshgrid(np.linspace(window[0], window[1], _GRID),
                         np.linspace(window[2], window[3], _GRID))
    grid = torch.tensor(np.column_stack([gx.ravel(), gy.ravel()]), dtype=torch.float32)
    X_t = torch.tensor(X, dtype=torch.float32)
    y_t = torch.tensor(y, dtype=torch.long)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(2, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                              nn.Linear(width, 2))
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    snapshots, losses, accuracies, boundaries, alive = [], [], [], [], []
    order = torch.empty(0, dtype=torch.long)
    for step in range(MLP_STEPS + 1):
        if step % MLP_EVERY == 0:
            with torch.no_grad():
                p = torch.softmax(model(grid), dim=1)[:, 1].numpy().reshape(gx.shape)
                logits = model(X_t)
                losses.append(float(loss_fn(logits, y_t)))
                accuracies.append(float((logits.argmax(dim=1) == y_t).float().mean()))
                second = model[3](model[2](model[1](model[0](X_t))))
                alive.append(int((second > 0).any(dim=0).sum()))
            snapshots.append(p)
            boundaries.append(_boundary(gx, gy, p))
        if step == MLP_STEPS:
            break
        if len(order) < MLP_BATCH:
            order = torch.randperm(len(y), generator=generator)
        batch, order = order[:MLP_BATCH], order[MLP_BATCH:]
        optimizer.zero_grad()
        loss_fn(model(X_t[batch]), y_t[batch]).backward()
        optimizer.step()
    return {"probability": np.array(snapshots), "boundary": boundaries,
            "losses": np.array(losses), "accuracy": np.array(accuracies),
            "alive": np.array(alive),
            "parameters": sum(p.numel() for p in model.parameters())}


def mlp_boundary_state(width: int, lr: float, step: int) -> dict:
    """The explorer's state: the cached run of (``width``, ``lr``) seen at ``step``.

    ``step`` is rounded down to a snapshot (a multiple of :data:`MLP_EVERY`); the width and
    rate must be among :data:`MLP_WIDTHS` and :data:`MLP_RATES`. First used in chapter 10.
    """
    width, lr = int(width), float(lr)
    if width not in MLP_WIDTHS or lr not in MLP_RATES:
        raise ValueError(f"width {width} and learning rate {lr}: choose the width from "
                         f"{MLP_WIDTHS} and the rate from {MLP_RATES}")
    run = mlp_training(width, lr)
    step = int(min(max(int(step), 0), MLP_STEPS)) // MLP_EVERY * MLP_EVERY
    k = step // MLP_EVERY
    return {"width": width, "lr": lr, "step": step, "probability": run["probability"][k],
            "boundary": run["boundary"][k], "loss": float(run["losses"][k]),
            "accuracy": float(run["accuracy"][k]), "losses": run["losses"],
            "alive": int(run["alive"][k]),
            "parameters": run["parameters"], "window": mlp_data()[2]}


def mlp_boundary_readout(state: dict) -> str:
    """Width, parameter count, learning rate, step, loss and accuracy."""
    return (f"MLP 2 → {state['width']} → {state['width']} → 2 ({state['parameters']} "
            f"parameters), Adam $\\eta$ = {number(state['lr'])}<br>"
            f"step {state['step']} of {MLP_STEPS} (batches of {MLP_BATCH})<br>"
            f"cross-entropy on all 200 points {fixed(state['loss'], 3)} "
            f"(ln 2 = 0.693 at chance), accuracy {state['accuracy']:.1%}<br>"
            f"units of the second hidden layer alive (positive on some point): "
            f"{state['alive']} of {state['width']}")


def mlp_boundary_draw(ax, state: dict, artists: dict) -> None:
    """P(class 1) shaded with the boundary and the points, left; the loss with the step, right."""
    if not artists:
        X, y, window = mlp_data()
        artists.update(boundary_and_loss_axes(ax, MLP_STEPS, "the loss on all 200 points", _GRID))
        plots.labelled_points(ax, X, y, size=8)
        show_window(ax, artists["image"], window)
        artists["loss_ax"].set_ylim(0, 0.85)
        artists["loss_ax"].axhline(np.log(2), color=plots.COLORS["muted"], ls=":", lw=1)
    artists["background"] = (state["width"], state["lr"])
    artists["image"].set_data(state["probability"])
    boundary = state["boundary"]
    artists["line"].set_data(boundary[:, 0], boundary[:, 1])
    steps = np.arange(state["losses"].size) * MLP_EVERY
    artists["loss"].set_data(steps, np.minimum(state["losses"], 0.84))
    artists["now"].set_data([state["step"]], [min(state["loss"], 0.84)])
    artists["title"].set_text(f"width {state['width']}, step {state['step']}: "
                              f"accuracy {state['accuracy']:.0%}")


def mlp_boundary_explorer(width: int = 16, lr: float = 0.01, step: int = 100) -> Explorer:
    """Watch a small MLP's decision boundary form on two moons as it trains.

    Controls: the hidden width, Adam's learning rate and the step (through snapshots every
    :data:`MLP_EVERY` steps). First used in chapter 10.
    """
    def options(description, values, value):
        return widgets.SelectionSlider(
            options=list(values), value=value, description=description, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="320px"))

    controls = {
        "width": options("hidden width", MLP_WIDTHS, width),
        "lr": options("learning rate η", MLP_RATES, lr),
        "step": widgets.IntSlider(value=step, min=0, max=MLP_STEPS, step=MLP_EVERY,
                                  description="step", continuous_update=True,
                                  style={"description_width": "initial"},
                                  layout=widgets.Layout(width="320px")),
    }
    return Explorer(controls, mlp_boundary_state, mlp_boundary_readout, mlp_boundary_draw,
                    size=(8.0, 3.6), picture_below=True)
