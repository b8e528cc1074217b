"""Chapter 03's explorer: fitting a line by hand, against least squares."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils import plots, toys
from utils.explore.base import Explorer, fixed, slider


def line_fit_points() -> tuple[np.ndarray, np.ndarray]:
    """The 12 points of the line-fit explorer: ``toys.noisy_line`` around y = 0.8 x + 0.5.

    First used in chapter 03 (least squares).
    """

    return toys.noisy_line(n=12, slope=0.8, intercept=0.5, noise=0.6, seed=3)


def line_fit(slope: float, intercept: float, show_fit: bool = False) -> dict:
    """Residuals and squared-error loss of the line y = slope * x + intercept on the points.

    ``sse`` is the sum of squared residuals (the total area of the squares drawn), ``mse``
    that sum divided by n. The least-squares line comes from ``np.linalg.lstsq`` on the
    design matrix [1, x]; ``excess`` is how far ``sse`` lies above its minimum ``fit_sse``.
    First used in chapter 03 (least squares).
    """
    x, y = line_fit_points()
    residuals = y - (intercept + slope * x)
    design = np.column_stack([np.ones_like(x), x])
    (fit_intercept, fit_slope), *_ = np.linalg.lstsq(design, y)
    fit_residuals = y - (fit_intercept + fit_slope * x)
    sse = float(residuals @ residuals)
    fit_sse = float(fit_residuals @ fit_residuals)
    return {
        "x": x, "y": y, "slope": slope, "intercept": intercept, "residuals": residuals,
        "sse": sse, "mse": sse / x.size, "n": x.size, "show_fit": bool(show_fit),
        "fit_slope": float(fit_slope), "fit_intercept": float(fit_intercept),
        "fit_sse": fit_sse, "excess": sse - fit_sse,
    }


def line_fit_readout(state: dict) -> str:
    """The line, its loss, and (when asked for) the least-squares line and its loss."""
    text = (
        f"your line: $\\hat y = {fixed(state['slope'], tex=True)}\\,x "
        f"{fixed(state['intercept'], sign=True, tex=True)}$<br>"
        f"sum of squared residuals (total area of the squares) $L = {state['sse']:.3f}$<br>"
        f"mean squared error $L / n = {state['mse']:.3f}$ with $n = {state['n']}$<br>"
    )
    if state["show_fit"]:
        text += (
            f"least-squares line: $\\hat y = {fixed(state['fit_slope'], 3, tex=True)}\\,x "
            f"{fixed(state['fit_intercept'], 3, sign=True, tex=True)}$, $L = {state['fit_sse']:.3f}$<br>"
            f"yours is {fixed(state['excess'], 3)} above that minimum"
        )
    else:
        text += "<i>Press “show least-squares fit” to compare with the best line.</i>"
    return text


#: x range drawn by the line-fit explorer (the y range has the same length: squares stay square).
LINE_FIT_XLIM = (-0.25, 4.75)
LINE_FIT_YLIM = (-0.5, 4.5)


def line_fit_draw(ax, state: dict, artists: dict) -> None:
    """The points, the line, one square per residual, and the least-squares line if shown."""
    from matplotlib.collections import PolyCollection

    x, y, r = state["x"], state["y"], state["residuals"]
    ends = np.array(LINE_FIT_XLIM)
    if not artists:
        ax.set_xlim(*LINE_FIT_XLIM)
        ax.set_ylim(*LINE_FIT_YLIM)
        ax.set_aspect("equal")
        artists["squares"] = ax.add_collection(PolyCollection(
            [], facecolor=plots.COLORS["b"], edgecolor=plots.COLORS["b"], alpha=0.25))
        artists["fit"] = ax.plot(ends, ends, "--", color=plots.COLORS["derived"], lw=2,
                                 label="least squares")[0]
        artists["line"] = ax.plot(ends, ends, color=plots.COLORS["a"], lw=2, label="your line")[0]
        artists["points"] = ax.plot(x, y, "o", color="black", ms=4, zorder=3)[0]
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="upper left", fontsize=8)
        artists["title"] = ax.set_title("")
        artists["moving"] = [artists[k] for k in ("squares", "fit", "line", "points", "title")]
        artists["background"] = "fixed"
    fitted = y - r
    side = np.abs(r)
    artists["squares"].set_verts([
        [(xi, yi), (xi, fi), (xi + s, fi), (xi + s, yi)]
        for xi, yi, fi, s in zip(x, y, fitted, side, strict=True)
    ])
    artists["line"].set_ydata(state["intercept"] + state["slope"] * ends)
    artists["fit"].set_ydata(state["fit_intercept"] + state["fit_slope"] * ends)
    artists["fit"].set_visible(state["show_fit"])
    artists["title"].set_text(f"sum of the squares' areas L = {state['sse']:.2f}")


def line_fit_explorer(slope: float = 0.3, intercept: float = 1.5) -> Explorer:
    """Sliders for a line's slope and intercept over 12 noisy points, with residual squares.

    A toggle button shows the least-squares line. First used in chapter 03 (least squares).
    """
    controls = {
        "slope": slider("slope", -1, 2, slope, 0.05),
        "intercept": slider("intercept", -1, 3, intercept, 0.05),
        "show_fit": widgets.ToggleButton(value=False, description="show least-squares fit",
                                         layout=widgets.Layout(width="200px")),
    }
    return Explorer(controls, line_fit, line_fit_readout, line_fit_draw)
