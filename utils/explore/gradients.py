"""Chapter 05's explorer: the gradient, a level set and a direction."""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from utils import plots, toys
from utils.explore.base import Explorer, fixed, number, pair, slider

_GRADIENT_TOYS: dict = {}

#: Where the gradient explorer's point starts on each function (also its reset point).
GRADIENT_STARTS = {"tilted bowl": (1.5, 1.0), "Himmelblau": (1.0, 1.0),
                   "Rosenbrock": (-1.0, 1.5), "saddle": (1.0, 0.5)}


def gradient_toys() -> dict:
    """The 2-D toy objectives of the gradient explorer, by name (built once, then reused).

    A tilted quadratic bowl (eigenvalues 1 and 4, axes turned by 30°), Himmelblau,
    Rosenbrock and the saddle, all from :mod:`utils.toys`. First used in chapter 05.
    """
    if not _GRADIENT_TOYS:

        _GRADIENT_TOYS.update({
            "tilted bowl": toys.quadratic_bowl((1.0, 4.0), angle_degrees=30.0),
            "Himmelblau": toys.himmelblau(),
            "Rosenbrock": toys.rosenbrock(),
            "saddle": toys.saddle(),
        })
    return _GRADIENT_TOYS


def gradient_at(function: str, x: float, y: float, angle: float, show_field: bool = True) -> dict:
    """The gradient of a toy function at a point, and the slope in the direction ``angle``.

    The point is clipped to the function's window. ``gradient`` is the toy's analytic
    gradient; ``u`` the unit vector at ``angle`` degrees from the x axis; ``directional``
    is ∇f·u and ``directional_fd`` the same slope measured by a central difference of f
    along u. ``tangent`` is the unit tangent of the level set through the point (the
    gradient turned by +90°) and ``tangent_fd`` the central-difference slope along it (≈ 0).
    ``phi`` is the angle between u and the gradient (0° when u points along it, where the
    slope is largest and equals ``norm``). At a stationary point (∇f = 0) the tangent and
    the angles are None. First used in chapter 05.
    """
    objective = gradient_toys()[function]
    x0, x1, y0, y1 = objective.window
    p = np.array([min(max(float(x), x0), x1), min(max(float(y), y0), y1)])
    g = np.asarray(objective.gradient(p), dtype=float)
    norm = float(np.hypot(g[0], g[1]))
    t = math.radians(angle)
    u = np.array([math.cos(t), math.sin(t)])
    h = 1e-5 * max(1.0, float(np.abs(p).max()))

    def slope_along(d):
        return float((objective.value(p + h * d) - objective.value(p - h * d)) / (2 * h))

    state = {
        "function": function, "point": p, "value": float(objective.value(p)), "gradient": g,
        "norm": norm, "angle": float(angle), "u": u, "directional": float(g @ u),
        "directional_fd": slope_along(u), "window": objective.window,
        "show_field": bool(show_field), "tangent": None, "tangent_fd": None,
        "gradient_angle": None, "phi": None,
    }
    if norm > 1e-12:
        tangent = np.array([-g[1], g[0]]) / norm
        cos_phi = max(-1.0, min(1.0, float(g @ u) / norm))
        state.update(tangent=tangent, tangent_fd=slope_along(tangent),
                     gradient_angle=math.degrees(math.atan2(g[1], g[0])),
                     phi=math.degrees(math.acos(cos_phi)))
    return state


def gradient_readout(state: dict) -> str:
    """f, ∇f and its length, the slope along u two ways, and the slope along the level set."""
    p, g, u = state["point"], state["gradient"], state["u"]
    text = (
        f"$f{pair(p, tex=True)} = {fixed(state['value'], 3, tex=True)}$<br>"
        f"$\\nabla f = {pair(g, 3, tex=True)}$, $\\|\\nabla f\\| = {fixed(state['norm'], 3, tex=True)}$<br>"
        f"$\\mathbf{{u}} = {pair(u, 3, tex=True)}$: "
        f"$\\nabla f\\cdot\\mathbf{{u}} = {fixed(state['directional'], 3, tex=True)}$ "
        f"(central difference along $\\mathbf{{u}}$: {fixed(state['directional_fd'], 3)})<br>"
    )
    if state["phi"] is None:
        return text + ("<b>∇f = 0 here: a stationary point.</b> The slope is 0 in every "
                       "direction: to first order f is flat (a minimum, a maximum or a saddle).")
    return text + (
        f"angle between $\\mathbf{{u}}$ and $\\nabla f$: {state['phi']:.1f}°, "
        f"so $\\|\\nabla f\\|\\cos\\varphi = "
        f"{fixed(state['norm'] * math.cos(math.radians(state['phi'])), 3, tex=True)}$<br>"
        f"slope along the level set (green, dashed): {number(state['tangent_fd'], 2)}<br>"
        f"<i>Steepest uphill: angle {fixed(state['gradient_angle'], 0)}°, slope "
        f"{state['norm']:.3f}.</i>"
    )


def _gradient_layer(ax, objective) -> dict:
    """Draw one function's contours, minima and gradient field; return them for hiding."""
    before = set(ax.get_children())
    plots.contours(ax, objective, levels=14, resolution=90)
    contour_artists = [a for a in ax.get_children() if a not in before]
    field = plots.gradient_field(ax, objective, density=11, alpha=0.35)
    return {"contours": contour_artists, "field": field}


def gradient_draw(ax, state: dict, artists: dict) -> None:
    """Contours (drawn once per function, then only shown or hidden), the point, ∇f, u and the tangent."""
    if not artists:
        ax.set_xlabel("x₁", labelpad=1)
        ax.set_ylabel("x₂", labelpad=1)
        artists["layers"] = {}
        artists["shown"] = None
        artists["tangent line"] = ax.plot([], [], "--", color=plots.COLORS["derived"], lw=2,
                                          zorder=4)[0]
        artists["gradient"] = plots.draw_arrow(ax, (1.0, 0.0), color=plots.COLORS["b"])
        artists["u"] = plots.draw_arrow(ax, (1.0, 0.0), color=plots.COLORS["a"])
        for name, label, color in (("gradient", "∇f", "b"), ("u", "u", "a")):
            artists[name].set_zorder(5)
            artists[name + " label"] = ax.annotate(
                label, xy=(0, 0), xytext=(5, 5), textcoords="offset points",
                color=plots.COLORS[color], fontsize=12, fontweight="bold", zorder=6)
        artists["point"] = ax.plot([], [], "o", color="black", ms=5, zorder=7)[0]
        artists["title"] = ax.set_title("")
        artists["moving"] = [artists[k] for k in (
            "tangent line", "gradient", "u", "gradient label", "u label", "point", "title")]
    name = state["function"]
    artists["background"] = (name, state["show_field"])  # contours, field and limits
    layers = artists["layers"]
    if name not in layers:
        layers[name] = _gradient_layer(ax, gradient_toys()[name])
    if artists["shown"] != name:
        for other, layer in layers.items():
            for artist in layer["contours"]:
                artist.set_visible(other == name)
        x0, x1, y0, y1 = state["window"]
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        artists["shown"] = name
    for other, layer in layers.items():
        layer["field"].set_visible(other == name and state["show_field"])
    x0, x1 = state["window"][:2]
    reach = 0.2 * (x1 - x0)
    p = state["point"]
    artists["point"].set_data([p[0]], [p[1]])
    tip_u = p + reach * state["u"]
    artists["u"].xy, artists["u"].xyann = tuple(tip_u), tuple(p)
    artists["u label"].xy = tuple(tip_u)
    if state["tangent"] is None:
        for key in ("gradient", "gradient label", "tangent line"):
            artists[key].set_visible(False)
    else:
        tip_g = p + reach * state["gradient"] / state["norm"]
        artists["gradient"].xy, artists["gradient"].xyann = tuple(tip_g), tuple(p)
        artists["gradient label"].xy = tuple(tip_g)
        ends = np.array([p - 0.6 * reach * state["tangent"], p + 0.6 * reach * state["tangent"]])
        artists["tangent line"].set_data(ends[:, 0], ends[:, 1])
        for key in ("gradient", "gradient label", "tangent line"):
            artists[key].set_visible(True)
    artists["title"].set_text(f"{name}:  ∇f·u = {number(state['directional'])}")


def gradient_explorer(function: str = "Himmelblau", angle: float = 0.0) -> Explorer:
    """Pick a toy function and a point; see ∇f (red), a direction u (blue) and the level set's tangent.

    Sliders move the point and turn u; the readout gives ∇f·u next to a central
    difference along u. Choosing another function moves the point to that function's start
    and rescales the x and y sliders to its window. First used in chapter 05.
    """
    objective = gradient_toys()[function]
    x0, x1, y0, y1 = objective.window
    start = GRADIENT_STARTS[function]
    controls = {
        "function": widgets.Dropdown(options=list(gradient_toys()), value=function,
                                     description="function"),
        "x": slider("x", x0, x1, start[0], (x1 - x0) / 100),
        "y": slider("y", y0, y1, start[1], (y1 - y0) / 100),
        "angle": slider("direction of u (°)", -180, 180, angle, 5),
        "show_field": widgets.ToggleButton(value=True, description="show gradient field"),
    }

    def rescale(change) -> None:
        """Fit the x and y sliders to the new function's window and move to its start."""
        window = gradient_toys()[change["new"]].window
        first = GRADIENT_STARTS[change["new"]]
        for key, low, high, value in (("x", *window[:2], first[0]), ("y", *window[2:], first[1])):
            control = controls[key]
            control.min, control.max = min(control.min, low), max(control.max, high)
            control.value = value
            control.min, control.max, control.step = low, high, (high - low) / 100

    # Registered before the Explorer's own observer, so its update sees the new ranges.
    controls["function"].observe(rescale, names="value")
    # the readout is several lines of formulas: it gets the width of the notebook, under both
    return Explorer(controls, gradient_at, gradient_readout, gradient_draw, readout_below=True)
