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


# ---------------------------------------------------------------------------------------
# Chapter 02: a 2×2 matrix as a map of the plane
# ---------------------------------------------------------------------------------------


def signed_polygon_area(points) -> float:
    """Signed area of a closed path of points (2, k), last point = first (shoelace formula).

    Positive when the path runs counter-clockwise, negative when it runs clockwise.
    First used in chapter 02 (the determinant as the signed area of the unit square's image).
    """
    x, y = np.asarray(points, dtype=float)
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def matrix_map(a: float, b: float, c: float, d: float) -> dict:
    """Everything the 2x2 matrix explorer shows for A = [[a, b], [c, d]].

    The determinant is computed three ways that must agree: the formula ad - bc,
    ``np.linalg.det``, and the signed area of the unit square's image measured with the
    shoelace formula. ``orientation`` is "kept" (det > 0), "flipped" (det < 0) or
    "squashed" (det = 0 up to 1e-9: the plane is flattened onto a line or a point; then
    the three are reported as exactly 0, not as a rounding error such as -7e-18).
    First used in chapter 02.
    """
    A = np.array([[a, b], [c, d]], dtype=float)
    det = a * d - b * c
    det_numpy = float(np.linalg.det(A))
    shoelace = signed_polygon_area(plots.unit_square_image(A))
    if abs(det) < 1e-9:
        orientation, det, det_numpy, shoelace = "squashed", 0.0, 0.0, 0.0
    else:
        orientation = "kept" if det > 0 else "flipped"
    return {
        "A": A, "columns": (A[:, 0], A[:, 1]), "det": det, "det_numpy": det_numpy,
        "shoelace": shoelace, "area": abs(det), "orientation": orientation,
    }


_ORIENTATION_TEXT = {
    "kept": "kept (det &gt; 0): e₁ → e₂ still turns counter-clockwise",
    "flipped": "flipped (det &lt; 0): the picture is mirrored, e₁ → e₂ turns clockwise",
    "squashed": ("squashed (det = 0): the plane is flattened onto a line (or a point); "
                 "different inputs land on the same output, so the map cannot be undone"),
}


def matrix_map_readout(state: dict) -> str:
    """The matrix, its columns, the determinant and what it says about area and orientation."""
    A, (c1, c2) = state["A"], state["columns"]
    return (
        f"$A = \\begin{{pmatrix}} {A[0, 0]:.2f} & {A[0, 1]:.2f} \\\\ "
        f"{A[1, 0]:.2f} & {A[1, 1]:.2f} \\end{{pmatrix}}$<br>"
        f"columns: $A\\mathbf{{e}}_1 = ({c1[0]:.2f}, {c1[1]:.2f})$, "
        f"$A\\mathbf{{e}}_2 = ({c2[0]:.2f}, {c2[1]:.2f})$<br>"
        f"$\\det A = ad - bc = {state['det']:.3f}$ "
        f"(signed area of the image, measured: {state['shoelace']:.3f})<br>"
        f"area of the unit square's image $= |\\det A| = {state['area']:.3f}$<br>"
        f"orientation: {_ORIENTATION_TEXT[state['orientation']]}"
    )


def matrix_map_draw(ax, state: dict, artists: dict) -> None:
    """The mapped grid, the unit square's image and the columns (see plots.linear_map)."""
    plots.linear_map(ax, state["A"], artists, limit=4.0,
                     title=f"det A = {state['det']:.2f}  ({state['orientation']})")


def matrix_map_explorer(a: float = 1.0, b: float = 0.5, c: float = 0.0,
                        d: float = 1.0) -> Explorer:
    """Four sliders for the entries of A = [[a, b], [c, d]]; shows the plane after the map.

    First used in chapter 02 (matrices as maps).
    """
    controls = {
        "a": slider("a (row 1, column 1)", -2, 2, a, 0.1),
        "b": slider("b (row 1, column 2)", -2, 2, b, 0.1),
        "c": slider("c (row 2, column 1)", -2, 2, c, 0.1),
        "d": slider("d (row 2, column 2)", -2, 2, d, 0.1),
    }
    return Explorer(controls, matrix_map, matrix_map_readout, matrix_map_draw)


# ---------------------------------------------------------------------------------------
# Chapter 03: fitting a line by hand, against least squares
# ---------------------------------------------------------------------------------------


def line_fit_points() -> tuple[np.ndarray, np.ndarray]:
    """The 12 points of the line-fit explorer: ``toys.noisy_line`` around y = 0.8 x + 0.5.

    First used in chapter 03 (least squares).
    """
    from utils import toys  # here, not at the top: this block is appended to a shared file

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
        f"your line: $\\hat y = {state['slope']:.2f}\\,x {state['intercept']:+.2f}$<br>"
        f"sum of squared residuals (total area of the squares) $L = {state['sse']:.3f}$<br>"
        f"mean squared error $L / n = {state['mse']:.3f}$ with $n = {state['n']}$<br>"
    )
    if state["show_fit"]:
        text += (
            f"least-squares line: $\\hat y = {state['fit_slope']:.3f}\\,x "
            f"{state['fit_intercept']:+.3f}$, $L = {state['fit_sse']:.3f}$<br>"
            f"yours is {state['excess']:.3f} above that minimum"
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
        ax.plot(x, y, "o", color="black", ms=4, zorder=3)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="upper left", fontsize=8)
        artists["title"] = ax.set_title("")
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


# ---------------------------------------------------------------------------------------
# Chapter 04: rank-k approximation of an image
# ---------------------------------------------------------------------------------------

#: Side in pixels of the picture the rank-k explorer approximates.
RANK_K_SIZE = 96
#: Relative errors drawn on the rank-k explorer's log axis (plain-text ticks: fast).
RANK_K_TICKS = (1.0, 0.01, 1e-4)
_IMAGE_SVD: dict = {}


def image_svd(size: int = RANK_K_SIZE) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``toys.pattern_image(size)`` and its SVD ``(image, U, s, Vt)``, computed once per size.

    First used in chapter 04 (the rank-k image explorer).
    """
    from utils import toys

    if size not in _IMAGE_SVD:
        image = toys.pattern_image(size)
        _IMAGE_SVD[size] = (image, *np.linalg.svd(image))
    return _IMAGE_SVD[size]


def rank_k_image(k: int, show_residual: bool = False, size: int = RANK_K_SIZE) -> dict:
    """The rank-k approximation of the chapter 04 picture, with its error measured and predicted.

    ``approximation`` is ``U[:, :k] * s[:k] @ Vt[:k]`` (the first k singular triplets);
    ``error`` is ``‖A − A_k‖_F / ‖A‖_F`` measured on the pixels and ``predicted`` the same
    from the discarded singular values alone, ``sqrt(σ²_{k+1} + … + σ²_r) / ‖A‖_F``
    (Eckart–Young); ``sigma_next`` is ``σ_{k+1}`` (0 when nothing is discarded), which
    Eckart–Young says is ``‖A − A_k‖_2`` (not measured here: an SVD per slider move is too
    slow on a busy machine; chapter 04 checks it). ``curve`` is the predicted
    error for every k in ``ks``; ``stored`` counts the numbers a rank-k approximation keeps,
    ``k (m + n + 1)``, against ``pixels = m n``. ``shown`` is the approximation, or the
    residual ``A − A_k`` when ``show_residual``. First used in chapter 04.
    """
    image, U, s, Vt = image_svd(size)
    k = int(k)
    if not 0 <= k <= s.size:
        raise ValueError(f"k must be between 0 and {s.size}, not {k}")
    approximation = (U[:, :k] * s[:k]) @ Vt[:k]
    residual = image - approximation
    total = float(np.linalg.norm(s))
    tails = np.sqrt(np.cumsum((s**2)[::-1])[::-1])  # tails[j] = sqrt(s_j^2 + ... + s_r^2)
    curve = np.append(tails[1:], 0.0) / total
    m, n = image.shape
    return {
        "k": k, "image": image, "approximation": approximation, "residual": residual,
        "shown": residual if show_residual else approximation, "show_residual": bool(show_residual),
        "error": float(np.linalg.norm(residual)) / total,
        "predicted": float(tails[k]) / total if k < s.size else 0.0,
        "sigma_next": float(s[k]) if k < s.size else 0.0,
        "ks": np.arange(1, s.size + 1), "curve": curve,
        "stored": k * (m + n + 1), "pixels": m * n,
    }


def rank_k_readout(state: dict) -> str:
    """Storage, the error measured next to Eckart–Young's prediction, and σ_{k+1} = ‖A − A_k‖_2."""
    k = state["k"]
    return (
        f"rank $k = {k}$: stores $k\\,(m + n + 1) = {state['stored']}$ numbers, "
        f"{state['stored'] / state['pixels']:.1%} of the {state['pixels']} pixels<br>"
        f"relative error $\\|A - A_k\\|_F / \\|A\\|_F$: measured {state['error']:.4f}, "
        f"from the discarded singular values {state['predicted']:.4f}<br>"
        f"largest discarded singular value $\\sigma_{{k+1}} = {state['sigma_next']:.4f}$ "
        "$= \\|A - A_k\\|_2$, the largest stretch of what is left out"
    )


def rank_k_draw(ax, state: dict, artists: dict) -> None:
    """The picture (or what is left out) on the left; the error against k on the right."""
    if not artists:
        figure = ax.figure
        ax.set_position([0.02, 0.06, 0.44, 0.82])
        image = state["image"]
        artists["image"] = plots.show_image(ax, state["shown"], vmin=float(image.min()),
                                            vmax=float(image.max()))
        artists["title"] = ax.set_title("")
        curve_ax = figure.add_axes([0.6, 0.16, 0.37, 0.72])
        plots.apply_style(curve_ax)
        curve_ax.semilogy(state["ks"], np.maximum(state["curve"], 1e-300), color=plots.COLORS["a"])
        artists["marker"] = curve_ax.plot([], [], "o", color=plots.COLORS["b"])[0]
        artists["k line"] = curve_ax.axvline(1, color=plots.COLORS["muted"], lw=0.8, ls=":")
        curve_ax.set_ylim(5e-6, 1.5)
        last = int(state["ks"][-1])
        curve_ax.set_xlim(0, last + 1)
        xticks = np.linspace(0, last, 3).round()
        curve_ax.set_xticks(xticks, [f"{t:g}" for t in xticks])
        curve_ax.set_yticks(RANK_K_TICKS, [f"{t:g}" for t in RANK_K_TICKS])
        curve_ax.minorticks_off()
        curve_ax.set_xlabel("rank k")
        curve_ax.set_title("relative error ‖A − A_k‖_F / ‖A‖_F\nline: from the σ's   dot: measured",
                           fontsize=8)
        artists["mode"] = None
    if artists["mode"] != state["show_residual"]:
        artists["mode"] = state["show_residual"]
        if state["show_residual"]:
            artists["image"].set_cmap("RdBu_r")
            artists["image"].set_clim(-0.15, 0.15)
        else:
            artists["image"].set_cmap("gray")
            artists["image"].set_clim(float(state["image"].min()), float(state["image"].max()))
    artists["image"].set_data(state["shown"])
    what = "A − A_k (what is left out)" if state["show_residual"] else "A_k"
    artists["title"].set_text(f"{what}, k = {state['k']}")
    artists["marker"].set_data([state["k"]], [max(state["error"], 1e-300)])
    artists["k line"].set_xdata([state["k"]] * 2)


def rank_k_explorer(k: int = 5, size: int = RANK_K_SIZE) -> Explorer:
    """A rank-k slider over the chapter 04 picture, with the reconstruction error against k.

    First used in chapter 04 (low-rank approximation).
    """
    controls = {
        "k": slider("rank k", 1, size, k, integer=True),
        "show_residual": widgets.ToggleButton(value=False, description="show A − A_k"),
    }

    def compute(k: int, show_residual: bool) -> dict:
        return rank_k_image(k, show_residual, size)

    return Explorer(controls, compute, rank_k_readout, rank_k_draw, size=(7.6, 3.6))


# ---------------------------------------------------------------------------------------
# Chapter 05: the gradient, a level set and a direction
# ---------------------------------------------------------------------------------------

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
        from utils import toys  # here, not at the top: this block is appended to a shared file

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
        f"$f({p[0]:.2f}, {p[1]:.2f}) = {state['value']:.3f}$<br>"
        f"$\\nabla f = ({g[0]:.3f}, {g[1]:.3f})$, $\\|\\nabla f\\| = {state['norm']:.3f}$<br>"
        f"$\\mathbf{{u}} = ({u[0]:.3f}, {u[1]:.3f})$: "
        f"$\\nabla f\\cdot\\mathbf{{u}} = {state['directional']:.3f}$ "
        f"(central difference along $\\mathbf{{u}}$: {state['directional_fd']:.3f})<br>"
    )
    if state["phi"] is None:
        return text + ("<b>∇f = 0 here: a stationary point.</b> The slope is 0 in every "
                       "direction: to first order f is flat (a minimum, a maximum or a saddle).")
    return text + (
        f"angle between $\\mathbf{{u}}$ and $\\nabla f$: {state['phi']:.1f}°, "
        f"so $\\|\\nabla f\\|\\cos\\varphi = {state['norm'] * math.cos(math.radians(state['phi'])):.3f}$<br>"
        f"slope along the level set (green, dashed): {state['tangent_fd']:.2e}<br>"
        f"<i>Steepest uphill: angle {state['gradient_angle']:.0f}°, slope "
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
    name = state["function"]
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
    artists["title"].set_text(f"{name}:  ∇f·u = {state['directional']:.3g}")


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
    return Explorer(controls, gradient_at, gradient_readout, gradient_draw)


# ---------------------------------------------------------------------------------------
# Chapter 06: gradient descent on a toy function
# ---------------------------------------------------------------------------------------

_GD_TOYS: dict = {}

#: Per function of the gradient-descent explorer: (start x, start y, learning rate, steps),
#: where the controls jump when that function is chosen.
GD_DEFAULTS = {"bowl (κ = 10)": (-2.5, 2.0, 0.1, 100), "Rosenbrock": (-1.2, 1.0, 0.0015, 2000),
               "Himmelblau": (0.0, 0.0, 0.01, 200), "saddle": (1.6, 0.04, 0.1, 200)}
#: Gaps f − f* drawn on the explorer's log axis (plain-text ticks: fast), and its limits.
GD_LOSS_TICKS = (1e-12, 1e-6, 1.0, 1e6)
GD_LOSS_LIMITS = (1e-14, 1e6)
#: ‖∇f‖ below which the explorer calls a run converged (to a minimum or a saddle).
GD_TOLERANCE = 1e-6


def gd_toys() -> dict:
    """The objectives of the gradient-descent explorer, by name (built once, then reused).

    A quadratic bowl with eigenvalues 1 and 10 (κ = 10, axes turned by 30°), Rosenbrock,
    Himmelblau and the saddle, all from :mod:`utils.toys`. First used in chapter 06.
    """
    if not _GD_TOYS:
        from utils import toys  # here, not at the top: this block is appended to a shared file

        _GD_TOYS.update({
            "bowl (κ = 10)": toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0),
            "Rosenbrock": toys.rosenbrock(),
            "Himmelblau": toys.himmelblau(),
            "saddle": toys.saddle(),
        })
    return _GD_TOYS


def gd_run(function: str, lr: float, x0: float, y0: float, steps: int) -> dict:
    """Run gradient descent (``utils.optim.gradient_descent``) on a toy and judge the run.

    The start is clipped to the function's window. ``path`` holds every point, x0 first
    (a run that overflows ends at its first non-finite point); ``gap`` is f(x_k) − f*, with
    f* the lowest value at the toy's minima; ``grad_norms`` is ‖∇f(x_k)‖. ``bound`` is
    2 / λmax of the Hessian at the minimum nearest to where the run ended (or started, if
    it blew up): the largest learning rate that can settle there. ``verdict`` is one of
    "converged" (‖∇f‖ < GD_TOLERANCE near a minimum; ``converged_at`` is the step after
    which it stays below), "stationary" (‖∇f‖ < GD_TOLERANCE away from every minimum: a
    saddle), "diverged" (overflow, or the run left ten times its window) or "moving".
    First used in chapter 06.
    """
    from utils import optim  # here, not at the top: this block is appended to a shared file

    objective = gd_toys()[function]
    left, right, bottom, top = objective.window
    start = np.array([min(max(float(x0), left), right), min(max(float(y0), bottom), top)])
    path = optim.gradient_descent(objective.gradient, start, float(lr), int(steps))
    minima = np.array(objective.minima, dtype=float)
    f_star = float(np.min(objective.value(minima)))
    with np.errstate(all="ignore"):
        gap = objective.value(path) - f_star
        grad_norms = np.linalg.norm(objective.gradient(path), axis=-1)
    end = path[-1]
    finite = bool(np.all(np.isfinite(end)))
    centre = np.array([(left + right) / 2, (bottom + top) / 2])
    reach = 10 * max(right - left, top - bottom)
    escaped = not finite or bool(np.abs(end - centre).max() > reach)
    anchor = end if not escaped else start
    nearest = int(np.argmin(np.linalg.norm(minima - anchor, axis=1)))
    distance = float(np.linalg.norm(minima[nearest] - end)) if finite else math.inf
    bound = 2 / float(np.linalg.eigvalsh(objective.hessian(minima[nearest])).max())
    converged_at = None
    if escaped:
        verdict = "diverged"
    elif grad_norms[-1] < GD_TOLERANCE:
        above = np.flatnonzero(~(grad_norms < GD_TOLERANCE))
        converged_at = int(above[-1]) + 1 if above.size else 0
        verdict = "converged" if distance < 1e-3 else "stationary"
    else:
        verdict = "moving"
    return {
        "function": function, "lr": float(lr), "steps": int(steps), "start": start,
        "clipped": bool(not np.allclose(start, [x0, y0])), "path": path, "gap": gap,
        "grad_norms": grad_norms, "window": objective.window, "minimum": minima[nearest],
        "distance": distance, "bound": bound, "verdict": verdict,
        "converged_at": converged_at, "end": end,
    }


def gd_readout(state: dict) -> str:
    """The run in words: start, η against the local stability limit 2/λmax, and the verdict."""
    s, m, lr, bound = state["start"], state["minimum"], state["lr"], state["bound"]
    clipped = " (clipped to the window)" if state["clipped"] else ""
    text = (
        f"<b>{html.escape(state['function'])}</b>: start ({s[0]:.2f}, {s[1]:.2f}){clipped}, "
        f"$\\eta = {lr:.4g}$, {state['steps']} steps<br>"
        f"stability limit at the minimum ({m[0]:.2f}, {m[1]:.2f}): "
        f"$2/\\lambda_{{\\max}} = {bound:.4g}$, so $\\eta$ is {lr / bound:.2f} × the limit<br>"
    )
    verdict = state["verdict"]
    if verdict == "diverged":
        steps_run = len(state["path"]) - 1
        how = "overflowed" if not np.all(np.isfinite(state["end"])) else "left the picture"
        return text + (f"<b style='color:#b3261e'>Diverged:</b> the run {how} within "
                       f"{steps_run} steps.")
    e = state["end"]
    text += (f"end ({e[0]:.4f}, {e[1]:.4f}): $f - f^* = {state['gap'][-1]:.3g}$, "
             f"$\\|\\nabla f\\| = {state['grad_norms'][-1]:.3g}$<br>")
    if verdict == "converged":
        return text + (f"<b style='color:#1a7f37'>Converged</b> to the minimum "
                       f"({m[0]:.2f}, {m[1]:.2f}): $\\|\\nabla f\\| < 10^{{-6}}$ from step "
                       f"{state['converged_at']} on.")
    if verdict == "stationary":
        return text + ("<b>Stopped at a stationary point that is not a minimum</b> (a saddle): "
                       "the gradient vanishes, yet f is not at its lowest.")
    if lr > bound:
        return text + ("<b>Not settling:</b> η is above the stability limit of this minimum, "
                       "so the iterates bounce around it instead of converging.")
    return text + "<b>Still moving</b>: more steps, or a larger η, would get closer."


def gd_draw(ax, state: dict, artists: dict) -> None:
    """Contours and the path on the left (contours drawn once per function), f − f* on the right."""
    if not artists:
        figure = ax.figure
        ax.set_position([0.05, 0.12, 0.44, 0.78])
        loss_ax = figure.add_axes([0.6, 0.14, 0.37, 0.74])
        plots.apply_style(loss_ax)
        loss_ax.set_yscale("log")
        loss_ax.set_ylim(*GD_LOSS_LIMITS)
        loss_ax.set_yticks(GD_LOSS_TICKS, ["1e-12", "1e-6", "1", "1e6"])
        loss_ax.minorticks_off()
        loss_ax.set_xlabel("step k")
        loss_ax.set_title("f(x_k) − f*  (log scale)", fontsize=9)
        artists["loss"] = loss_ax.plot([], [], color=plots.COLORS["a"], lw=1.5)[0]
        artists["loss_ax"] = loss_ax
        artists["layers"] = {}
        artists["shown"] = None
        artists["steps"] = None
        before = set(ax.get_children())
        artists["path"] = plots.trajectory(ax, np.zeros((1, 2)))
        artists["ring"] = next(a for a in ax.get_children()
                               if a not in before and a is not artists["path"])
        for key in ("path", "ring"):
            artists[key].set_zorder(4)
        artists["title"] = ax.set_title("")
    name = state["function"]
    if artists["shown"] != name:
        plots.contour_layer(ax, gd_toys()[name], name, artists["layers"], levels=16, resolution=80)
        left, right, bottom, top = state["window"]
        ax.set_xlim(left, right)
        ax.set_ylim(bottom, top)
        # Few fixed, plain-text ticks: tick labels are most of a redraw's time.
        for setter, low, high in ((ax.set_xticks, left, right), (ax.set_yticks, bottom, top)):
            ticks = np.linspace(low, high, 3)
            setter(ticks, [f"{t:g}" for t in ticks])
        artists["shown"] = name
    shown = plots.drawable_path(state["path"], state["window"])
    artists["path"].set_data(shown[:, 0], shown[:, 1])
    artists["path"].set_markevery(max(1, len(shown) // 200))  # long runs: dots on 200 points
    artists["ring"].set_data([state["start"][0]], [state["start"][1]])
    low, high = GD_LOSS_LIMITS
    with np.errstate(invalid="ignore"):
        gap = np.clip(np.nan_to_num(state["gap"], nan=high, posinf=high), low / 10, high * 10)
    artists["loss"].set_data(np.arange(gap.size), gap)
    if artists["steps"] != state["steps"]:
        last = max(state["steps"], 1)
        ticks = [0, last // 2, last] if last > 1 else [0, 1]
        artists["loss_ax"].set_xlim(0, last)
        artists["loss_ax"].set_xticks(ticks, [str(t) for t in ticks])
        artists["steps"] = state["steps"]
    artists["title"].set_text(f"η = {state['lr']:.4g}: {state['verdict']}")


def gd_explorer(function: str = "bowl (κ = 10)", lr: float | None = None,
                x0: float | None = None, y0: float | None = None,
                steps: int | None = None) -> Explorer:
    """Pick a toy function, a learning rate (log slider) and a start; watch gradient descent.

    Left: the path on the contour plot; right: f(x_k) − f* on a log scale. Choosing
    another function moves the start, the learning rate and the number of steps to that
    function's defaults (GD_DEFAULTS) and fits the start sliders to its window. Arguments
    left as None take the function's defaults. First used in chapter 06.
    """
    start_x, start_y, default_lr, default_steps = GD_DEFAULTS[function]
    left, right, bottom, top = gd_toys()[function].window
    controls = {
        "function": widgets.Dropdown(options=list(gd_toys()), value=function,
                                     description="function"),
        "lr": widgets.FloatLogSlider(
            value=default_lr if lr is None else lr, base=10, min=-4, max=0, step=0.01,
            description="learning rate η", readout_format=".4f", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="320px")),
        "x0": slider("start x", left, right, start_x if x0 is None else x0, (right - left) / 100),
        "y0": slider("start y", bottom, top, start_y if y0 is None else y0, (top - bottom) / 100),
        "steps": slider("steps", 10, 2000, default_steps if steps is None else steps, 10,
                        integer=True),
    }

    def reset(change) -> None:
        """Fit the start sliders to the new function's window; jump to its defaults."""
        if change["new"] not in GD_DEFAULTS:
            return  # the explorer's own update reports the unknown name in its readout
        window = gd_toys()[change["new"]].window
        first_x, first_y, first_lr, first_steps = GD_DEFAULTS[change["new"]]
        for key, low, high, value in (("x0", *window[:2], first_x), ("y0", *window[2:], first_y)):
            control = controls[key]
            control.min, control.max = min(control.min, low), max(control.max, high)
            control.value = value
            control.min, control.max, control.step = low, high, (high - low) / 100
        controls["lr"].value = first_lr
        controls["steps"].value = first_steps

    # Registered before the Explorer's own observer, so its update sees the new values.
    controls["function"].observe(reset, names="value")
    return Explorer(controls, gd_run, gd_readout, gd_draw, size=(8.0, 3.6))


# ---------------------------------------------------------------------------------------
# Chapter 07: the optimizer race
# ---------------------------------------------------------------------------------------

#: The optimizers of the chapter 07 race, in drawing order.
RACE_OPTIMIZERS = ("GD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")
#: One colour per optimizer, the same in the notebook's figures and in the explorer.
RACE_COLORS = {"GD": "#888888", "momentum": "#1f77b4", "Nesterov": "#17becf",
               "AdaGrad": "#ff7f0e", "RMSProp": "#9467bd", "Adam": "#d62728"}
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
    from utils import toys  # here, not at the top: this block is appended to a shared file

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
    from utils import optim

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
    rows = ""
    for name in state["paths"]:
        rate = state["lr"] if name in RACE_PLAIN else state["lr_adaptive"]
        final = state["final"][name]
        shown = "<b style='color:#b3261e'>diverged</b>" if math.isinf(final) else f"{final:.2e}"
        hit = state["hit"][name]
        rows += (f"<tr><td style='color:{RACE_COLORS[name]}'><b>{name}</b></td><td>{rate:.3g}</td>"
                 f"<td>{shown}</td><td>{'—' if hit is None else hit}</td></tr>")
    return (f"{state['function']}, {state['steps']} steps<br>"
            "<table><tr><th>optimizer</th><th>lr</th><th>final f − f*</th>"
            f"<th>steps to 1e-6</th></tr>{rows}</table>")


def optimizer_race_draw(ax, state: dict, artists: dict) -> None:
    """Trajectories on the function's contours (left), f − f_min on a log scale (right).

    Contours are drawn once per function and kept (hidden when another function is
    shown); the lines are created once and only moved afterwards.
    """
    from matplotlib.ticker import MaxNLocator

    if not artists:
        figure = ax.figure
        ax.set_position([0.05, 0.13, 0.42, 0.78])
        loss_ax = figure.add_axes([0.58, 0.13, 0.39, 0.78])
        plots.apply_style(loss_ax)
        loss_ax.set_yscale("log")
        loss_ax.set_ylim(RACE_FLOOR, RACE_CEILING)
        loss_ax.set_yticks(_RACE_TICKS, [plots.power_label(round(math.log10(t))) for t in _RACE_TICKS])
        loss_ax.minorticks_off()
        loss_ax.set_xlabel("step")
        loss_ax.set_title("f − f* (log scale)", fontsize=9)
        artists["loss_ax"], artists["contours"], artists["shown"] = loss_ax, {}, None
        artists["start"] = ax.plot([], [], "o", markerfacecolor="none", markeredgecolor="black",
                                   markersize=8, zorder=4)[0]
        for name in RACE_OPTIMIZERS:
            color = RACE_COLORS[name]
            artists[name] = ax.plot([], [], "-o", color=color, markersize=2, lw=1.1)[0]
            artists[name + " loss"] = loss_ax.plot([], [], color=color, lw=1.4, label=name)[0]
        # Few tick labels and no legend (the readout names the colours): text is slow to draw.
        for axis in (ax.xaxis, ax.yaxis, loss_ax.xaxis):
            axis.set_major_locator(MaxNLocator(3))
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
        "beta2": slider("Adam β₂", 0.9, 0.9999, 0.999, 0.0001),
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
                    size=(8.0, 3.9))
