"""The chapter 05 gradient explorer: its pure compute function, and the widget driven headless."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import explore, plots  # noqa: E402

# A warning would reach the learner's stderr.
pytestmark = pytest.mark.filterwarnings("error")

NAMES = list(explore.gradient_toys())


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name):
    """The toy's gradient agrees with central differences, coordinate by coordinate."""
    objective = explore.gradient_toys()[name]
    x, y = explore.GRADIENT_STARTS[name]
    s = explore.gradient_at(name, x, y, 0.0)
    h = 1e-6
    numeric = [(objective.value(s["point"] + h * e) - objective.value(s["point"] - h * e)) / (2 * h)
               for e in np.eye(2)]
    assert np.allclose(s["gradient"], numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("angle", [-150.0, -90.0, 0.0, 35.0, 120.0, 180.0])
def test_directional_derivative_is_gradient_dot_u(name, angle):
    """∇f·u equals the central difference along u and ‖∇f‖ cos φ; along the level set it is 0."""
    x, y = explore.GRADIENT_STARTS[name]
    s = explore.gradient_at(name, x, y, angle)
    scale = max(1.0, s["norm"])
    assert math.isclose(s["directional"], s["directional_fd"], rel_tol=1e-6, abs_tol=1e-6 * scale)
    assert math.isclose(np.linalg.norm(s["u"]), 1.0)
    assert math.isclose(s["directional"], s["norm"] * math.cos(math.radians(s["phi"])),
                        abs_tol=1e-9 * scale)
    assert abs(s["tangent_fd"]) < 1e-6 * scale
    assert abs(s["tangent"] @ s["gradient"]) < 1e-9 * scale


def test_slope_is_largest_along_the_gradient():
    """Over 360 directions the largest ∇f·u is at the gradient's angle, and equals ‖∇f‖."""
    slopes = [explore.gradient_at("Himmelblau", 1.0, 1.0, a)["directional"] for a in range(-180, 180)]
    s = explore.gradient_at("Himmelblau", 1.0, 1.0, 0.0)
    best = range(-180, 180)[int(np.argmax(slopes))]
    assert abs((best - s["gradient_angle"] + 180) % 360 - 180) <= 0.5
    assert math.isclose(max(slopes), s["norm"], rel_tol=1e-4)
    assert math.isclose(min(slopes), -s["norm"], rel_tol=1e-4)


def test_stationary_point_has_no_uphill():
    """At the bowl's minimum ∇f = 0: no tangent, no angles, and the readout says so."""
    s = explore.gradient_at("tilted bowl", 0.0, 0.0, 45.0)
    assert s["norm"] < 1e-12 and s["tangent"] is None and s["phi"] is None
    assert "stationary point" in explore.gradient_readout(s)


def test_point_is_clipped_to_the_window():
    """A point outside the window (left over from another function) is moved onto its edge."""
    s = explore.gradient_at("Rosenbrock", -4.5, 4.0, 0.0)
    assert np.allclose(s["point"], [-2.0, 3.0])


def test_gradient_field_arrows_are_unit_directions():
    """plots.gradient_field draws one arrow per grid point, each a unit vector along ∇f."""
    fig, ax = plots.subplots()
    objective = explore.gradient_toys()["tilted bowl"]
    quiver = plots.gradient_field(ax, objective, density=9)
    masked = np.broadcast_to(np.ma.getmaskarray(np.ma.array(quiver.U, mask=quiver.Umask)), (81,))
    assert masked.sum() == 1  # no arrow at the minimum, where ∇f = 0
    U, V = (np.where(masked, np.nan, np.asarray(c, dtype=float)) for c in (quiver.U, quiver.V))
    lengths = np.hypot(U, V)
    assert np.allclose(lengths[~masked], 1.0)
    points = np.asarray(quiver.get_offsets())
    grads = objective.gradient(points)
    cosines = (U * grads[:, 0] + V * grads[:, 1]) / np.linalg.norm(grads, axis=1)
    assert np.allclose(cosines[np.isfinite(cosines)], 1.0)


def test_explorer_redraws_on_direction_change():
    """Turning u changes the state, the readout and the picture."""
    ex = explore.gradient_explorer()
    before_png, before = ex.image.value, ex.state["directional"]
    ex.controls["angle"].value = 90
    assert ex.state["directional"] != before
    assert ex.image.value != before_png and ex.image.value[:4] == b"\x89PNG"
    assert f"{ex.state['directional']:.3f}" in ex.readout.value


def test_explorer_switches_function_and_rescales_sliders():
    """Choosing another function fits the x and y sliders to its window and moves to its start."""
    ex = explore.gradient_explorer()
    ex.controls["x"].value = -4.5
    ex.controls["function"].value = "Rosenbrock"
    x0, x1, y0, y1 = explore.gradient_toys()["Rosenbrock"].window
    assert (ex.controls["x"].min, ex.controls["x"].max) == (x0, x1)
    assert (ex.controls["y"].min, ex.controls["y"].max) == (y0, y1)
    assert ex.state["function"] == "Rosenbrock"
    assert np.allclose(ex.state["point"], explore.GRADIENT_STARTS["Rosenbrock"])
    assert "Rosenbrock" in ex.artists["layers"] and "error" not in ex.readout.value.lower()
    ex.controls["function"].value = "Himmelblau"  # back: its layer is reused, not redrawn
    assert set(ex.artists["layers"]) == {"Himmelblau", "Rosenbrock"}
    assert ex.figure.axes[0].get_xlim() == explore.gradient_toys()["Himmelblau"].window[:2]


def test_explorer_field_toggle_and_every_function():
    """The field button hides the arrows; every function draws without an error."""
    ex = explore.gradient_explorer()
    ex.controls["show_field"].value = False
    assert not ex.artists["layers"]["Himmelblau"]["field"].get_visible()
    ex.controls["show_field"].value = True
    assert ex.artists["layers"]["Himmelblau"]["field"].get_visible()
    for name in NAMES:
        ex.controls["function"].value = name
        assert "<span style='color:#b3261e'>" not in ex.readout.value
        visible = [n for n, layer in ex.artists["layers"].items() if layer["field"].get_visible()]
        assert visible == [name]


def test_explorer_at_a_stationary_point_hides_the_gradient_arrow():
    """Moving onto the bowl's minimum hides the gradient arrow and the tangent, without an error."""
    ex = explore.gradient_explorer("tilted bowl")
    ex.controls["x"].value = 0.0
    ex.controls["y"].value = 0.0
    assert "stationary point" in ex.readout.value
    assert not ex.artists["gradient"].get_visible() and not ex.artists["tangent line"].get_visible()
