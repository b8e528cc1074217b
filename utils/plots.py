"""Plot helpers with one consistent style for the whole course.

Static pictures use :func:`subplots` (pyplot, shown inline). Explorers draw on a
:class:`matplotlib.figure.Figure` that is not registered with pyplot (:func:`new_figure`)
and turn it into PNG bytes (:func:`figure_png`) for an ``ipywidgets.Image``.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Course colours: first vector, second vector, derived quantity, muted.
COLORS = {"a": "#1f77b4", "b": "#d62728", "derived": "#2ca02c", "muted": "#888888"}

STYLE = {
    "figure.dpi": 90,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
}


def subplots(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (4.5, 3.5)):
    """Create a pyplot figure in the course style; ``size`` is per panel, in inches."""
    import matplotlib.pyplot as plt

    with mpl.rc_context(STYLE):
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), layout="constrained"
        )
    for ax in np.atleast_1d(axes).ravel():
        apply_style(ax)
    return fig, axes


def new_figure(size: tuple[float, float] = (4.5, 4.5)) -> Figure:
    """A figure outside pyplot (no global state), for explorers that redraw often."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=size, dpi=STYLE["figure.dpi"], layout="constrained")
        apply_style(fig.add_subplot())
    return fig


def apply_style(ax: Axes) -> None:
    """Grid and spines as in :data:`STYLE` (for axes made outside :func:`subplots`)."""
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.spines[["top", "right"]].set_visible(False)


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def draw_arrow(ax: Axes, tip, origin=(0.0, 0.0), color: str = COLORS["a"], label: str = "",
               style: str = "-"):
    """Draw a 2-D vector as an arrow from ``origin`` to ``origin + tip``.

    First used in chapter 01 (vectors).
    """
    x0, y0 = origin
    dx, dy = tip
    arrow = ax.annotate(
        "", xy=(x0 + dx, y0 + dy), xytext=(x0, y0),
        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2, "linestyle": style,
                    "shrinkA": 0, "shrinkB": 0},
    )
    if label:
        ax.annotate(label, xy=(x0 + dx, y0 + dy), xytext=(6, 6), textcoords="offset points",
                    color=color, fontsize=12, fontweight="bold")
    return arrow


def square_axes(ax: Axes, limit: float) -> None:
    """Equal aspect, symmetric limits and axis lines through the origin."""
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.axhline(0, color=COLORS["muted"], lw=0.8)
    ax.axvline(0, color=COLORS["muted"], lw=0.8)


def unit_ball_boundary(p: float, points: int = 400) -> np.ndarray:
    """Points (2, points) on the 2-D unit circle of the p-norm (p = 1, 2, ... or inf).

    First used in chapter 01 (vectors).
    """
    t = np.linspace(0, 2 * np.pi, points)
    circle = np.stack([np.cos(t), np.sin(t)])
    return circle / np.linalg.norm(circle, ord=p, axis=0)


def timing_bars(ax: Axes, labels, seconds, title: str = "") -> None:
    """Horizontal bars of run times with the value written on each bar.

    First used in chapter 00 (loops vs vectorised code).
    """
    seconds = np.asarray(seconds, dtype=float)
    palette = [COLORS["b"], COLORS["a"], COLORS["derived"], COLORS["muted"]]
    colors = [palette[i % len(palette)] for i in range(len(seconds))]
    bars = ax.barh(labels, seconds * 1e3, color=colors)
    for bar, s in zip(bars, seconds, strict=True):
        ax.annotate(f" {s * 1e3:.2f} ms", xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    va="center")
    ax.set_xlabel("time (ms, best of several runs)")
    ax.set_title(title)
    ax.margins(x=0.25)
