"""Explorers: ipywidgets controls over a pure compute function, redrawn on every change.

An explorer is three small pieces, each testable without a browser:

* ``compute(**values) -> state``: pure maths, no drawing (tests call it directly);
* ``draw(ax, state, artists)``: draws the state (optional). ``artists`` is a dict kept
  between calls: empty on the first call, where the function creates its lines, arrows
  and labels and stores them there; later calls only move them. Updating artists instead
  of redrawing the axes keeps a callback well under 100 ms;
* ``readout(state) -> html``: the numbers, as text.

:class:`Explorer` wires them to controls; :meth:`Explorer.update` is what a slider move
runs, and tests call it (or set ``control.value``) to drive an explorer headless.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from utils import plots


class Explorer:
    """Controls + a picture + a readout, recomputed and redrawn whenever a control moves."""

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., dict],
        readout: Callable[[dict], str],
        draw: Callable[[object, dict, dict], None] | None = None,
        size: tuple[float, float] = (4.5, 4.5),
    ):
        self.controls = dict(controls)
        self.compute, self.readout_fn, self.draw = compute, readout, draw
        self.figure = plots.new_figure(size) if draw else None
        self.image = widgets.Image(format="png") if draw else None
        self.readout = widgets.HTMLMath()
        self.state: dict = {}
        self.artists: dict = {}
        self.last_ms = 0.0
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        picture = [self.image] if self.image is not None else []
        self.widget = widgets.HBox(
            [widgets.VBox(list(self.controls.values()) + [self.readout]), *picture]
        )
        self.update()

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> dict:
        """Recompute, redraw and refresh the readout; return the new state."""
        start = time.perf_counter()
        try:
            self.state = self.compute(**self.values())
            self.readout.value = self.readout_fn(self.state)
            if self.draw is not None:
                self.draw(self.figure.axes[0], self.state, self.artists)
                self.image.value = plots.figure_png(self.figure)
        except Exception as error:  # shown in the widget: callback errors vanish otherwise
            self.readout.value = f"<span style='color:#b3261e'>{html.escape(repr(error))}</span>"
        self.last_ms = (time.perf_counter() - start) * 1e3
        return self.state

    def _on_change(self, _change: object) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def slider(description: str, low: float, high: float, value: float, step: float = 1,
           integer: bool = False):
    """A labelled slider in the course layout (``integer`` for whole steps, e.g. exponents)."""
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    return kind(
        value=value, min=low, max=high, step=step, description=description,
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="320px"),
    )


# ---------------------------------------------------------------------------------------
# Chapter 00: broadcasting
# ---------------------------------------------------------------------------------------


def parse_shape(text: str) -> tuple[int, ...]:
    """Read a shape typed as ``3, 1`` or ``(3, 1)`` or ``4`` (empty means a scalar)."""
    cleaned = text.strip().strip("()[] ")
    if not cleaned:
        return ()
    parts = [p.strip() for p in cleaned.split(",") if p.strip()]
    shape = tuple(int(p) for p in parts)
    if any(n < 0 for n in shape):
        raise ValueError("a shape has no negative lengths")
    return shape


def broadcast_report(shape_a: str, shape_b: str) -> dict:
    """Line two shapes up from the right and decide each axis as NumPy does.

    Returns the parsed shapes, one row per axis (size in a, size in b, verdict) and the
    result shape, or ``None`` with the reason when the shapes do not broadcast.
    First used in chapter 00.
    """
    a, b = parse_shape(shape_a), parse_shape(shape_b)
    width = max(len(a), len(b))
    pad_a = (None,) * (width - len(a)) + a
    pad_b = (None,) * (width - len(b)) + b
    rows, ok = [], True
    for n, m in zip(pad_a, pad_b, strict=True):
        if n is None or m is None:
            verdict = "missing axis: treated as 1, stretched"
        elif n == m:
            verdict = "equal: kept"
        elif 1 in (n, m):
            verdict = "one of them is 1: stretched"
        else:
            verdict, ok = "different and neither is 1: error", False
        rows.append((n, m, verdict))
    try:
        result = np.broadcast_shapes(a, b)
    except ValueError:
        result = None
    if ok != (result is not None):  # our explanation must agree with NumPy
        raise AssertionError("broadcast explanation disagrees with NumPy")
    return {"a": a, "b": b, "rows": rows, "result": result}


def broadcast_readout(state: dict) -> str:
    """An HTML table of the axis-by-axis verdicts and the outcome."""
    cells = "".join(
        f"<tr><td>{'' if n is None else n}</td><td>{'' if m is None else m}</td><td>{v}</td></tr>"
        for n, m, v in state["rows"]
    )
    if state["result"] is None:
        outcome = (f"<b style='color:#b3261e'>Error:</b> shapes {state['a']} and {state['b']} "
                   "do not broadcast.")
    else:
        outcome = f"<b>Result shape:</b> {state['result']}"
    return (
        "<table><tr><th>a</th><th>b</th><th>axis (right-aligned)</th></tr>"
        f"{cells}</table><p>{outcome}</p>"
    )


def broadcast_explorer(shape_a: str = "3, 1", shape_b: str = "4") -> Explorer:
    """Type two shapes and see, axis by axis, whether and how they broadcast."""
    controls = {
        "shape_a": widgets.Text(value=shape_a, description="shape of a"),
        "shape_b": widgets.Text(value=shape_b, description="shape of b"),
    }
    return Explorer(controls, broadcast_report, broadcast_readout)


# ---------------------------------------------------------------------------------------
# Chapter 01: two vectors
# ---------------------------------------------------------------------------------------


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
        f"$\\mathbf{{a}} = ({a[0]:.2f}, {a[1]:.2f})$, $\\mathbf{{b}} = ({b[0]:.2f}, {b[1]:.2f})$<br>"
        f"$\\mathbf{{a}}\\cdot\\mathbf{{b}} = a_1b_1 + a_2b_2 = {state['dot']:.3f}$<br>"
        f"$\\|\\mathbf{{a}}\\|\\,\\|\\mathbf{{b}}\\|\\cos\\theta = {state['dot_geometric']:.3f}$"
        f" with $\\theta = {state['theta_degrees']:.1f}^\\circ$<br>"
        f"cosine similarity $= {state['cosine']:.3f}$<br>"
        f"projection of $\\mathbf{{a}}$ onto $\\mathbf{{b}}$: $({p[0]:.2f}, {p[1]:.2f})$"
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
    if ax.get_xlim() != (-limit, limit):
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
    artists["residual"].set_data([a[0], p[0]], [a[1], p[1]])
    for name, tip in (("proj", p), ("a", a), ("b", b)):
        artists[name].xy = tuple(tip)
        artists[name + " label"].xy = tuple(tip)
    artists["title"].set_text(f"a·b = {state['dot']:.2f}   θ = {state['theta_degrees']:.0f}°")


def two_vectors_explorer() -> Explorer:
    """Sliders for the angle and length of two vectors; shows dot, cosine, projection."""
    controls = {
        "angle_a": slider("angle of a (°)", -180, 180, 30, 1),
        "length_a": slider("length of a", 0, 3, 2, 0.1),
        "angle_b": slider("angle of b (°)", -180, 180, -20, 1),
        "length_b": slider("length of b", 0.1, 3, 2.5, 0.1),
    }
    return Explorer(controls, two_vectors, two_vectors_readout, two_vectors_draw)


# ---------------------------------------------------------------------------------------
# Chapter 00: float spacing and tolerances
# ---------------------------------------------------------------------------------------

#: Magnitudes drawn by the float tolerance explorer (x axis of its log-log plot).
FLOAT_MAGNITUDES = np.logspace(-20, 20, 401)


def float_tolerance(log10_x: float, log10_rel_tol: float, log10_abs_tol: float) -> dict:
    """The float grid near x = 10**log10_x, next to what each kind of tolerance allows there.

    ``gap`` is ``np.spacing(x)``, the distance from x to the next float; ``rel_width`` is
    rel_tol * x, the difference a relative tolerance accepts at x; ``abs_width`` is abs_tol,
    the difference an absolute tolerance accepts anywhere. ``rel_steps`` and ``abs_steps``
    count how many float gaps each spans: below 1, that tolerance is finer than the floats
    themselves and accepts only exact equality. First used in chapter 00.
    """
    x = 10.0 ** log10_x
    rel_tol, abs_tol = 10.0 ** log10_rel_tol, 10.0 ** log10_abs_tol
    gap = float(np.spacing(x))
    rel_width = rel_tol * x
    return {
        "x": x, "rel_tol": rel_tol, "abs_tol": abs_tol, "gap": gap,
        "rel_width": rel_width, "abs_width": abs_tol,
        "rel_steps": rel_width / gap, "abs_steps": abs_tol / gap,
    }


def float_tolerance_readout(state: dict) -> str:
    """The gap at x and both tolerances, in units of float steps, with a one-line verdict."""
    if state["rel_steps"] < 1 and state["abs_steps"] < 1:
        verdict = ("Both tolerances are finer than the gap between floats here: only exactly "
                   "equal numbers pass, as with ==.")
    elif state["abs_steps"] > state["rel_steps"]:
        verdict = "Here abs_tol allows more than rel_tol, so abs_tol decides (typical near 0)."
    else:
        verdict = "Here rel_tol allows more than abs_tol, so rel_tol decides (typical far from 0)."
    return (
        f"x = {state['x']:.0e}<br>"
        f"gap to the next float, np.spacing(x) = {state['gap']:.3g}<br>"
        f"rel_tol · x = {state['rel_width']:.3g} = {state['rel_steps']:.3g} float steps<br>"
        f"abs_tol = {state['abs_width']:.3g} = {state['abs_steps']:.3g} float steps<br>"
        f"<i>{verdict}</i>"
    )


def float_tolerance_draw(ax, state: dict, artists: dict) -> None:
    """Log-log: the float gap (a staircase), rel_tol * x, abs_tol, and a marker at x."""
    m = FLOAT_MAGNITUDES
    if not artists:
        ax.loglog(m, np.spacing(m), color=plots.COLORS["muted"], lw=2, label="gap between floats")
        artists["rel"] = ax.loglog(m, m, color=plots.COLORS["a"], label="rel_tol · x")[0]
        artists["abs"] = ax.axhline(1.0, color=plots.COLORS["b"], label="abs_tol")
        artists["x"] = ax.axvline(1.0, color="black", lw=0.8, ls=":")
        artists["points"] = ax.plot([], [], "o", color="black", ms=4)[0]
        ax.set_ylim(1e-40, 1e20)
        # Few plain-text ticks: log axes' default mathtext labels make a redraw much slower.
        xticks, yticks = [1e-20, 1e-10, 1.0, 1e10, 1e20], [1e-40, 1e-30, 1e-20, 1e-10, 1.0, 1e10]
        ax.set_xticks(xticks, [f"{t:.0e}" for t in xticks])
        ax.set_yticks(yticks, [f"{t:.0e}" for t in yticks])
        ax.minorticks_off()
        ax.set_xlabel("magnitude x")
        ax.set_ylabel("difference")
        ax.legend(loc="upper left", fontsize=8)
        artists["title"] = ax.set_title("")
    artists["rel"].set_ydata(state["rel_tol"] * m)
    artists["abs"].set_ydata([state["abs_tol"]] * 2)
    artists["x"].set_xdata([state["x"]] * 2)
    artists["points"].set_data([state["x"]] * 3,
                               [state["gap"], state["rel_width"], state["abs_width"]])
    artists["title"].set_text(f"at x = {state['x']:.0e}")


def float_tolerance_explorer(log10_x: int = 0, log10_rel_tol: int = -9,
                             log10_abs_tol: int = -8) -> Explorer:
    """Sliders for x, rel_tol and abs_tol (as powers of ten) over the float gap at x.

    First used in chapter 00.
    """
    controls = {
        "log10_x": slider("x = 10 to the power", -20, 20, log10_x, integer=True),
        "log10_rel_tol": slider("rel_tol = 10 to the power", -17, -1, log10_rel_tol, integer=True),
        "log10_abs_tol": slider("abs_tol = 10 to the power", -20, -1, log10_abs_tol, integer=True),
    }
    return Explorer(controls, float_tolerance, float_tolerance_readout, float_tolerance_draw,
                    size=(5.0, 4.0))
