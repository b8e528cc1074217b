"""Chapter 07's explorer: the optimizer race."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from utils import optim, plots, toys
from utils.explore.base import Explorer, number, path_and_loss_axes, power_of_ten, slider

#: The optimizers of the chapter 07 race, in drawing order.
RACE_OPTIMIZERS = ("GD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")
#: One colour per optimizer, the same in the notebook's figures and in the explorer: six
#: that stay apart, also for colour-blind eyes (Okabe & Ito's palette, GD in grey).
RACE_COLORS = {"GD": "#7f7f7f", "momentum": "#0072b2", "Nesterov": "#009e73",
               "AdaGrad": "#e69f00", "RMSProp": "#cc79a7", "Adam": "#d55e00"}
#: The optimizers that take the plain learning rate ``lr``; the others take ``lr_adaptive``.
RACE_PLAIN = ("GD", "momentum", "Nesterov")
#: The loss axis of the race shows f − f_min from this floor (log scale) up to RACE_CEILING.
RACE_FLOOR, RACE_CEILING = 1e-12, 1e4
_RACE_TICKS = (1e-12, 1e-8, 1e-4, 1.0)
_RACE_FUNCTIONS: dict = {}
#: Per function of the race: (lr, lr_adaptive, steps), where the controls jump when it is chosen.
RACE_DEFAULTS = {"bowl κ = 100, tilted 30°": (0.01, 0.1, 150),
                 "bowl κ = 100, axis-aligned": (0.01, 0.1, 150),
                 "Rosenbrock": (0.001, 0.05, 300)}


def race_functions() -> dict:
    """name -> (objective, start point) of the functions the optimizer race runs on.

    Two quadratic bowls with eigenvalues 1 and 100 (condition number 100), one tilted by
    30°, one with its axes along x and y, and Rosenbrock's valley. Built once.
    First used in chapter 07 (momentum, RMSProp and Adam).
    """

    if not _RACE_FUNCTIONS:
        _RACE_FUNCTIONS.update({
            "bowl κ = 100, tilted 30°": (toys.quadratic_bowl((1.0, 100.0), 30.0), (-2.5, -0.5)),
            "bowl κ = 100, axis-aligned": (toys.quadratic_bowl((1.0, 100.0), 0.0), (-2.5, 1.0)),
            "Rosenbrock": (toys.rosenbrock(), (-1.5, 2.0)),
        })
    return _RACE_FUNCTIONS


def race_path(name: str, gradient, start, steps: int, lr: float, lr_adaptive: float,
              momentum: float = 0.9, beta1: float = 0.9, beta2: float = 0.999) -> np.ndarray:
    """Run one optimizer of the race (a name in RACE_OPTIMIZERS) with utils.optim.

    GD, momentum and Nesterov take ``lr``; AdaGrad, RMSProp and Adam take ``lr_adaptive``
    (their steps are measured in units of x, not of 1/curvature). ``momentum`` is SGD's
    momentum, ``beta1`` and ``beta2`` are Adam's; RMSProp keeps torch's alpha = 0.99.
    First used in chapter 07.
    """

    runs = {
        "GD": lambda: optim.gradient_descent(gradient, start, lr, steps),
        "momentum": lambda: optim.heavy_ball(gradient, start, lr, steps, momentum=momentum),
        "Nesterov": lambda: optim.nesterov(gradient, start, lr, steps, momentum=momentum),
        "AdaGrad": lambda: optim.adagrad(gradient, start, lr_adaptive, steps),
        "RMSProp": lambda: optim.rmsprop(gradient, start, lr_adaptive, steps),
        "Adam": lambda: optim.adam(gradient, start, lr_adaptive, steps, betas=(beta1, beta2)),
    }
    if name not in runs:
        raise ValueError(f"unknown optimizer {name!r}; choose from {RACE_OPTIMIZERS}")
    return runs[name]()


_RACE_CACHE: dict = {}


def _race_path_cached(name: str, function: str, steps: int, lr: float, lr_adaptive: float,
                      momentum: float, beta1: float, beta2: float) -> np.ndarray:
    """race_path, remembered: a slider move reruns only the optimizers it affects."""
    plain = name in RACE_PLAIN
    key = (name, function, steps, lr if plain else lr_adaptive,
           momentum if name in ("momentum", "Nesterov") else None,
           (beta1, beta2) if name == "Adam" else None)
    if key not in _RACE_CACHE:
        if len(_RACE_CACHE) > 512:
            _RACE_CACHE.clear()
        objective, start = race_functions()[function]
        path = race_path(name, objective.gradient, start, steps, lr, lr_adaptive, momentum,
                         beta1, beta2)
        path.flags.writeable = False
        _RACE_CACHE[key] = path
    return _RACE_CACHE[key]


def optimizer_race(function: str, optimizers, lr: float, lr_adaptive: float,
                   momentum: float, beta1: float, beta2: float, steps: int) -> dict:
    """Race the chosen optimizers from one start on one function; everything the explorer shows.

    ``paths[name]`` holds every point (a diverging run stops at its first non-finite
    point); ``losses[name]`` is f − f_min along it; ``final`` the last loss, inf when the
    run diverged (overflowed, or ended more than ten window widths away); ``hit`` the
    first step with f − f_min below 1e-6 (None if never).
    First used in chapter 07.
    """
    objective, start = race_functions()[function]
    f_min = float(objective.value(np.array(objective.minima[0])))
    left, right, bottom, top = objective.window
    centre = np.array([(left + right) / 2, (bottom + top) / 2])
    reach = 10 * max(right - left, top - bottom)
    paths, losses, final, hit = {}, {}, {}, {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name in RACE_OPTIMIZERS:
            if name not in optimizers:
                continue
            path = _race_path_cached(name, function, int(steps), lr, lr_adaptive, momentum,
                                     beta1, beta2)
            loss = objective.value(path) - f_min
            finite = np.isfinite(loss)
            distance = np.abs(path[-1] - centre).max() if finite.all() else math.inf
            diverged = len(path) < int(steps) + 1 or distance > reach
            paths[name], losses[name] = path, np.where(finite, loss, np.inf)
            final[name] = float("inf") if diverged else float(loss[-1])
            below = np.flatnonzero(finite & (loss < 1e-6))
            hit[name] = int(below[0]) if below.size else None
    return {"function": function, "objective": objective, "start": np.array(start, dtype=float),
            "steps": int(steps), "lr": lr, "lr_adaptive": lr_adaptive, "momentum": momentum,
            "beta1": beta1, "beta2": beta2, "paths": paths, "losses": losses, "final": final,
            "hit": hit}


def optimizer_race_readout(state: dict) -> str:
    """A table: each optimizer's learning rate, final f − f_min, and steps to reach 1e-6."""
    if not state["paths"]:
        return "<i>Pick at least one optimizer.</i>"
    cell = "<td style='padding:0 10px 0 0; white-space:nowrap'>"
    rows = ""
    for name in state["paths"]:
        rate = state["lr"] if name in RACE_PLAIN else state["lr_adaptive"]
        final = state["final"][name]
        shown = "<b style='color:#b3261e'>diverged</b>" if math.isinf(final) else number(final)
        hit = state["hit"][name]
        rows += (f"<tr>{cell}<b style='color:{RACE_COLORS[name]}'>■ {name}</b></td>"
                 f"{cell}{number(rate)}</td>{cell}{shown}</td>"
                 f"{cell}{'—' if hit is None else hit}</td></tr>")
    head = "".join(f"<th style='text-align:left; padding:0 10px 0 0; white-space:nowrap'>{h}</th>"
                   for h in ("optimizer", "learning rate", "final f − f*",
                             f"steps to f − f* &lt; {power_of_ten(-6)}"))
    return (f"{state['function']}, {state['steps']} steps<br>"
            f"<table style='border-collapse:collapse'><tr>{head}</tr>{rows}</table>")


def optimizer_race_draw(ax, state: dict, artists: dict) -> None:
    """Trajectories on the function's contours (left), f − f_min on a log scale (right).

    Contours are drawn once per function and kept (hidden when another function is
    shown); the lines are created once and only moved afterwards.
    """
    from matplotlib.ticker import MaxNLocator

    if not artists:
        loss_ax = path_and_loss_axes(ax, [0.08, 0.13, 0.39, 0.78], [0.58, 0.13, 0.39, 0.78],
                                     (RACE_FLOOR, RACE_CEILING), _RACE_TICKS, "step")
        loss_ax.set_title("f − f* (log scale)", fontsize=9)
        artists["loss_ax"], artists["contours"], artists["shown"] = loss_ax, {}, None
        artists["legend"], artists["legend names"] = None, None
        artists["start"] = ax.plot([], [], "o", markerfacecolor="none", markeredgecolor="black",
                                   markersize=8, zorder=4)[0]
        for name in RACE_OPTIMIZERS:
            color = RACE_COLORS[name]
            artists[name] = ax.plot([], [], "-o", color=color, markersize=2, lw=1.1)[0]
            artists[name + " loss"] = loss_ax.plot([], [], color=color, lw=1.4, label=name)[0]
        # Few tick labels: text is slow to draw.
        for axis in (ax.xaxis, ax.yaxis, loss_ax.xaxis):
            axis.set_major_locator(MaxNLocator(3))
        artists["lines"] = [artists[n + end] for n in RACE_OPTIMIZERS for end in ("", " loss")]
        artists["moving"] = [*artists["lines"], artists["start"]]
    function, objective = state["function"], state["objective"]
    if artists["shown"] != function:
        plots.contour_layer(ax, objective, function, artists["contours"], levels=18, resolution=100)
        x0, x1, y0, y1 = objective.window
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        artists["start"].set_data([state["start"][0]], [state["start"][1]])
        artists["shown"] = function
    for name in RACE_OPTIMIZERS:
        line, loss_line = artists[name], artists[name + " loss"]
        if name in state["paths"]:
            path, loss = state["paths"][name], state["losses"][name]
            shown = plots.drawable_path(path, objective.window)
            line.set_data(shown[:, 0], shown[:, 1])
            loss_line.set_data(np.arange(len(loss)), np.clip(loss, RACE_FLOOR, RACE_CEILING * 10))
        line.set_visible(name in state["paths"])
        loss_line.set_visible(name in state["paths"])
    artists["loss_ax"].set_xlim(0, state["steps"])
    names = tuple(state["paths"])
    artists["background"] = (function, state["steps"], names)  # what the rest depends on
    if artists["legend names"] != names:  # rebuilt only when the chosen optimizers change
        if artists["legend"] is not None:
            artists["legend"].remove()
        artists["legend"] = artists["loss_ax"].legend(
            [artists[n + " loss"] for n in names], names, loc="upper right", ncol=3,
            fontsize=7.5, handlelength=1.2, columnspacing=0.8, borderaxespad=0.2) \
            if names else None
        artists["legend names"] = names
        # the legend moves with the lines (drawn after them), so they never cover it
        artists["moving"] = [*artists["lines"], artists["start"]] + (
            [artists["legend"]] if names else [])


def optimizer_race_explorer(function: str = "bowl κ = 100, tilted 30°") -> Explorer:
    """The optimizer race: pick the function, the optimizers and their settings.

    Two log sliders for the learning rates (one for GD, momentum and Nesterov, one for
    the adaptive AdaGrad, RMSProp and Adam), momentum, Adam's β₁ and β₂, and the number of
    steps. Choosing another function moves both learning rates and the steps to that
    function's RACE_DEFAULTS. First used in chapter 07 (momentum, RMSProp and Adam).
    """
    lr, lr_adaptive, steps = RACE_DEFAULTS[function]

    def log_slider(description: str, value: float, low: int, high: int):
        return widgets.FloatLogSlider(
            value=value, base=10, min=low, max=high, step=0.05, description=description,
            readout_format=".2g", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="320px"))

    controls = {
        "function": widgets.Dropdown(options=list(race_functions()), value=function,
                                     description="function",
                                     layout=widgets.Layout(width="320px")),
        "optimizers": widgets.SelectMultiple(options=RACE_OPTIMIZERS, value=RACE_OPTIMIZERS,
                                             rows=6, description="optimizers"),
        "lr": log_slider("lr (GD, momentum, Nesterov)", lr, -4, 0),
        "lr_adaptive": log_slider("lr (AdaGrad, RMSProp, Adam)", lr_adaptive, -3, 0.5),
        "momentum": slider("momentum μ", 0.0, 0.99, 0.9, 0.01),
        "beta1": slider("Adam β₁", 0.0, 0.99, 0.9, 0.01),
        "beta2": slider("Adam β₂", 0.9, 0.9999, 0.999, 0.0001, readout_format=".4f"),
        "steps": slider("steps", 10, 500, steps, 10, integer=True),
    }

    def reset(change) -> None:
        """Jump to the new function's learning rates and number of steps."""
        first_lr, first_adaptive, first_steps = RACE_DEFAULTS[change["new"]]
        controls["lr"].value, controls["lr_adaptive"].value = first_lr, first_adaptive
        controls["steps"].value = first_steps

    # Registered before the Explorer's own observer, so its update sees the new values.
    controls["function"].observe(reset, names="value")
    return Explorer(controls, optimizer_race, optimizer_race_readout, optimizer_race_draw,
                    size=(8.0, 3.9), picture_below=True)
