"""Chapter 06's explorer: gradient descent on a toy function."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from utils import optim, plots, toys
from utils.explore.base import Explorer, number, pair, path_and_loss_axes, power_of_ten, slider

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
#: f − f* below which the explorer calls a run converged to a minimum, whatever ‖∇f‖ says.
GD_GAP_TOLERANCE = 1e-8


def gd_toys() -> dict:
    """The objectives of the gradient-descent explorer, by name (built once, then reused).

    A quadratic bowl with eigenvalues 1 and 10 (κ = 10, axes turned by 30°), Rosenbrock,
    Himmelblau and the saddle, all from :mod:`utils.toys`. First used in chapter 06.
    """
    if not _GD_TOYS:

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
    "converged" (at the end ‖∇f‖ < GD_TOLERANCE near a minimum, or f − f* <
    GD_GAP_TOLERANCE; ``rule`` says which, "gradient" first, and ``converged_at`` is the
    step from which that rule holds to the end), "stationary" (‖∇f‖ < GD_TOLERANCE away
    from every minimum: a saddle), "diverged" (overflow, or the run left ten times its
    window) or "moving". First used in chapter 06.
    """

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
    converged_at, rule = None, None
    small_gradient, small_gap = grad_norms < GD_TOLERANCE, gap < GD_GAP_TOLERANCE
    if escaped:
        verdict = "diverged"
    elif small_gradient[-1] or small_gap[-1]:
        rule, holds = ("gradient", small_gradient) if small_gradient[-1] else ("gap", small_gap)
        above = np.flatnonzero(~holds)
        converged_at = int(above[-1]) + 1 if above.size else 0
        verdict = "converged" if distance < 1e-3 or rule == "gap" else "stationary"
    else:
        verdict = "moving"
    return {
        "function": function, "lr": float(lr), "steps": int(steps), "start": start,
        "clipped": bool(not np.allclose(start, [x0, y0])), "path": path, "gap": gap,
        "grad_norms": grad_norms, "window": objective.window, "minimum": minima[nearest],
        "distance": distance, "bound": bound, "verdict": verdict,
        "converged_at": converged_at, "rule": rule, "end": end,
    }


def gd_readout(state: dict) -> str:
    """The run in words: start, η against the local stability limit 2/λmax, and the verdict."""
    s, m, lr, bound = state["start"], state["minimum"], state["lr"], state["bound"]
    clipped = " (clipped to the window)" if state["clipped"] else ""
    text = (
        f"<b>{html.escape(state['function'])}</b>: start {pair(s)}{clipped}, "
        f"$\\eta$ = {number(lr, 4)}, {state['steps']} steps<br>"
        f"stability limit at the minimum {pair(m)}: "
        f"$2/\\lambda_{{\\max}}$ = {number(bound, 4)}, so $\\eta$ is {lr / bound:.2f} × the limit<br>"
    )
    verdict = state["verdict"]
    if verdict == "diverged":
        steps_run = len(state["path"]) - 1
        how = "overflowed" if not np.all(np.isfinite(state["end"])) else "left the picture"
        return text + (f"<b style='color:#b3261e'>Diverged:</b> the run {how} within "
                       f"{steps_run} steps.")
    e = state["end"]
    text += (f"end {pair(e, 4)}: $f - f^*$ = {number(state['gap'][-1])}, "
             f"$\\|\\nabla f\\|$ = {number(state['grad_norms'][-1])}<br>")
    if verdict == "converged":
        if state["rule"] == "gradient":
            why = f"$\\|\\nabla f\\|$ &lt; {power_of_ten(-6)}"
        else:
            why = (f"$f - f^*$ &lt; {number(GD_GAP_TOLERANCE)} (while $\\|\\nabla f\\|$ is "
                   f"still above {number(GD_TOLERANCE)})")
        return text + (f"<b style='color:#1a7f37'>Converged</b> to the minimum {pair(m)}: "
                       f"{why} from step {state['converged_at']} on.")
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
        loss_ax = path_and_loss_axes(ax, [0.08, 0.14, 0.41, 0.76], [0.6, 0.14, 0.37, 0.74],
                                     GD_LOSS_LIMITS, GD_LOSS_TICKS, "step k")
        loss_ax.set_title("f(xₖ) − f*  (log scale)", fontsize=9)
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
        artists["moving"] = [artists[k] for k in ("path", "ring", "loss", "title")]
    name = state["function"]
    artists["background"] = (name, state["steps"])  # all that is not moving depends on these
    if artists["shown"] != name:
        plots.contour_layer(ax, gd_toys()[name], name, artists["layers"], levels=16, resolution=80)
        left, right, bottom, top = state["window"]
        ax.set_xlim(left, right)
        ax.set_ylim(bottom, top)
        # Few fixed, plain-text ticks: tick labels are most of a redraw's time.
        for setter, low, high in ((ax.set_xticks, left, right), (ax.set_yticks, bottom, top)):
            ticks = np.linspace(low, high, 3)
            setter(ticks, [number(t) for t in ticks])
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
    verdict = state["verdict"]
    if verdict == "converged":
        verdict = f"converged (step {state['converged_at']})"
    artists["title"].set_text(f"η = {number(state['lr'], 4)}: {verdict}")


def gd_explorer(function: str = "bowl (κ = 10)", lr: float | None = None,
                x0: float | None = None, y0: float | None = None,
                steps: int | None = None) -> Explorer:
    """Pick a toy function, a learning rate (log slider) and a start; watch gradient descent.

    Left: the path on the contour plot; right: f(xₖ) − f* on a log scale. Choosing
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
    return Explorer(controls, gd_run, gd_readout, gd_draw, size=(8.0, 3.6), picture_below=True)
