"""Chapter 01's explorer: two vectors, their angle, dot product and projection."""

from __future__ import annotations

import math

import numpy as np

from utils import plots
from utils.explore.base import Explorer, fixed, pair, slider


def polar(length: float, degrees: float) -> np.ndarray:
    """The 2-D vector with this length and angle (degrees, from the x axis)."""
    t = math.radians(degrees)
    return np.array([length * math.cos(t), length * math.sin(t)])


def two_vectors(angle_a: float, length_a: float, angle_b: float, length_b: float) -> dict:
    """Everything the two-vector explorer shows, computed two ways where it can be.

    The dot product is computed from coordinates (``np.dot``) and from geometry
    (|a| |b| cos θ with θ the difference of the two angles); the projection of a onto b
    is (a·b / b·b) b. First used in chapter 01.
    """
    a, b = polar(length_a, angle_a), polar(length_b, angle_b)
    theta = math.radians((angle_a - angle_b + 180) % 360 - 180)
    dot = float(np.dot(a, b))
    dot_geometric = length_a * length_b * math.cos(theta)
    projection = (dot / float(np.dot(b, b))) * b if length_b > 0 else np.zeros(2)
    return {
        "a": a, "b": b, "dot": dot, "dot_geometric": dot_geometric,
        "theta_degrees": abs(math.degrees(theta)), "cosine": math.cos(theta),
        "projection": projection,
    }


def two_vectors_readout(state: dict) -> str:
    """The numbers of the two-vector explorer, algebra next to geometry."""
    a, b, p = state["a"], state["b"], state["projection"]
    return (
        f"$\\mathbf{{a}} = {pair(a, tex=True)}$, $\\mathbf{{b}} = {pair(b, tex=True)}$<br>"
        f"$\\mathbf{{a}}\\cdot\\mathbf{{b}} = a_1b_1 + a_2b_2 = {fixed(state['dot'], 3, tex=True)}$<br>"
        f"$\\|\\mathbf{{a}}\\|\\,\\|\\mathbf{{b}}\\|\\cos\\theta = "
        f"{fixed(state['dot_geometric'], 3, tex=True)}$"
        f" with $\\theta = {state['theta_degrees']:.1f}^\\circ$<br>"
        f"cosine similarity $= {fixed(state['cosine'], 3, tex=True)}$<br>"
        f"projection of $\\mathbf{{a}}$ onto $\\mathbf{{b}}$: ${pair(p, tex=True)}$"
    )


def two_vectors_draw(ax, state: dict, artists: dict) -> None:
    """Arrows for a and b, the projection of a onto b, and the drop from a to it."""
    a, b, p = state["a"], state["b"], state["projection"]
    limit = 1.15 * max(3.0, float(np.abs(np.concatenate([a, b])).max()))
    if not artists:
        plots.square_axes(ax, limit)
        artists["residual"] = ax.plot([], [], ":", color=plots.COLORS["muted"])[0]
        for name, color, style in (("proj", "derived", "--"), ("a", "a", "-"), ("b", "b", "-")):
            artists[name] = plots.draw_arrow(ax, (1, 0), color=plots.COLORS[color], style=style)
            artists[name + " label"] = ax.annotate(
                name, xy=(1, 0), xytext=(6, 6), textcoords="offset points",
                color=plots.COLORS[color], fontsize=12, fontweight="bold")
        artists["title"] = ax.set_title("")
        artists["moving"] = [artists["residual"], artists["title"]] + [
            artists[name + end] for name in ("proj", "a", "b") for end in ("", " label")]
    artists["background"] = limit  # the axes change only with the limits
    if ax.get_xlim() != (-limit, limit):
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
    artists["residual"].set_data([a[0], p[0]], [a[1], p[1]])
    for name, tip in (("proj", p), ("a", a), ("b", b)):
        artists[name].xy = tuple(tip)
        artists[name + " label"].xy = tuple(tip)
    artists["title"].set_text(f"a·b = {fixed(state['dot'])}   θ = {state['theta_degrees']:.0f}°")


def two_vectors_explorer() -> Explorer:
    """Sliders for the angle and length of two vectors; shows dot, cosine, projection."""
    controls = {
        "angle_a": slider("angle of a (°)", -180, 180, 30, 1),
        "length_a": slider("length of a", 0, 3, 2, 0.1),
        "angle_b": slider("angle of b (°)", -180, 180, -20, 1),
        "length_b": slider("length of b", 0.1, 3, 2.5, 0.1),
    }
    return Explorer(controls, two_vectors, two_vectors_readout, two_vectors_draw)
