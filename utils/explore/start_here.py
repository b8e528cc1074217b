"""Chapter 00's explorers: broadcasting two shapes, and float spacing against a tolerance."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils import plots
from utils.explore.base import Explorer, number, power_of_ten, slider


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
        "<table><tr><th>a</th><th>b</th><th style='white-space:nowrap'>axis (right-aligned)</th></tr>"
        f"{cells}</table><p>{outcome}</p>"
    )


def broadcast_explorer(shape_a: str = "3, 1", shape_b: str = "4") -> Explorer:
    """Type two shapes and see, axis by axis, whether and how they broadcast."""
    controls = {
        "shape_a": widgets.Text(value=shape_a, description="shape of a"),
        "shape_b": widgets.Text(value=shape_b, description="shape of b"),
    }
    return Explorer(controls, broadcast_report, broadcast_readout)


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
        f"x = {number(state['x'])}<br>"
        f"gap to the next float, <code>np.spacing(x)</code> = {number(state['gap'])}<br>"
        f"<code>rel_tol</code> · x = {number(state['rel_width'])} = "
        f"{number(state['rel_steps'])} float steps<br>"
        f"<code>abs_tol</code> = {number(state['abs_width'])} = "
        f"{number(state['abs_steps'])} float steps<br>"
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
        ax.set_xticks(xticks, [power_of_ten(round(np.log10(t))) for t in xticks])
        ax.set_yticks(yticks, [power_of_ten(round(np.log10(t))) for t in yticks])
        ax.minorticks_off()
        ax.set_xlabel("magnitude x")
        ax.set_ylabel("difference")
        ax.legend(loc="upper left", fontsize=8)
        artists["title"] = ax.set_title("")
        artists["moving"] = [artists[k] for k in ("rel", "abs", "x", "points", "title")]
        artists["background"] = "fixed"
    artists["rel"].set_ydata(state["rel_tol"] * m)
    artists["abs"].set_ydata([state["abs_tol"]] * 2)
    artists["x"].set_xdata([state["x"]] * 2)
    artists["points"].set_data([state["x"]] * 3,
                               [state["gap"], state["rel_width"], state["abs_width"]])
    artists["title"].set_text(f"at x = {number(state['x'])}")


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
