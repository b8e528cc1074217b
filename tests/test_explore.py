"""Unit tests of the explorers: pure compute functions, and widgets driven headless."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import explore

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def test_two_vectors_algebra_matches_geometry():
    """np.dot agrees with |a||b|cos(theta) and the projection residual is orthogonal to b."""
    for angles in [(30, -20), (170, -170), (90, 0), (-45, 135)]:
        s = explore.two_vectors(angles[0], 2.0, angles[1], 1.5)
        assert math.isclose(s["dot"], s["dot_geometric"], abs_tol=1e-12)
        assert abs(np.dot(s["a"] - s["projection"], s["b"])) < 1e-12
        assert 0 <= s["theta_degrees"] <= 180


def test_two_vectors_explorer_redraws_on_slider_move():
    """Moving a slider recomputes the state, the readout and the picture."""
    ex = explore.two_vectors_explorer()
    before_png, before_dot = ex.image.value, ex.state["dot"]
    ex.controls["angle_b"].value = 120
    assert ex.state["dot"] != before_dot
    assert ex.image.value != before_png and ex.image.value[:4] == b"\x89PNG"
    assert f"{ex.state['dot']:.3f}" in ex.readout.value


@pytest.mark.parametrize(("x", "text"), [
    (5.02e-10, "5.02 × 10⁻¹⁰"), (-3.2e-5, "−3.2 × 10⁻⁵"), (1e-8, "10⁻⁸"), (1e12, "10¹²"),
    (0.0153, "0.0153"), (1234.0, "1234"), (-2.5, "−2.5"), (0.1, "0.1"), (0.0, "0"),
    (9.996e-7, "10⁻⁶"), (math.inf, "∞"), (-math.inf, "−∞"), (math.nan, "—"),
])
def test_number_is_written_for_people(x, text):
    """Plain in the middle, "a × 10ⁿ" outside, true minus signs; no e-notation."""
    assert explore.number(x) == text


def test_number_fixed_and_pair_never_show_minus_zero():
    """−0.0000 is 0.0000; inside TeX the ASCII minus stays (TeX draws it), with 10^{n}."""
    assert explore.fixed(-1e-9, 4) == "0.0000" and explore.fixed(-0.5) == "−0.50"
    assert explore.fixed(0.25, sign=True) == "+0.25" and explore.fixed(-0.25, tex=True) == "-0.25"
    assert explore.pair([-1e-12, 2.0]) == "(0.00, 2.00)"
    assert explore.number(5.02e-10, tex=True) == "5.02 \\times 10^{-10}"
    assert explore.power_of_ten(-6) == "10⁻⁶" and explore.power_of_ten(0) == "1"


@pytest.mark.parametrize("factory", [
    "broadcast_explorer", "float_tolerance_explorer", "two_vectors_explorer",
    "matrix_map_explorer", "line_fit_explorer", "rank_k_explorer", "gradient_explorer",
    "gd_explorer", "optimizer_race_explorer", "sgd_explorer", "boundary_explorer",
    "graph_explorer", "mlp_boundary_explorer", "drift_explorer"])
def test_explorer_layout_wraps_and_keeps_the_aspect_ratio(factory):
    """Controls and picture wrap; the picture is a 2× PNG shown at half its pixels, height auto.

    Every slider's label has one width, and its track keeps at least 120 px.
    """
    import io

    import ipywidgets as widgets
    from PIL import Image as PILImage

    from utils import plots

    ex = getattr(explore, factory)()
    assert ex.widget.layout.flex_flow == "row wrap" and ex.widget.layout.align_items == "flex-start"
    labels = {c.style.description_width for c in ex.controls.values()
              if not isinstance(c, widgets.ToggleButton)}
    assert len(labels) == 1 and labels != {"initial"}
    for control in ex.controls.values():
        if isinstance(control, widgets.IntSlider | widgets.FloatSlider | widgets.FloatLogSlider
                      | widgets.SelectionSlider):
            track = (int(control.layout.width[:-2]) - int(control.style.description_width[:-2])
                     - 8 - 96)
            assert track >= 120, (control.description, track)
    if ex.image is None:
        return
    layout = ex.image.layout
    assert layout.height == "auto" and layout.object_fit == "contain"
    width, height = plots.screen_size(ex.figure)
    assert layout.max_width == f"min({width}px, 100% - 4px)"
    png = PILImage.open(io.BytesIO(ex.image.value))
    assert png.size == (width * plots.PIXEL_DENSITY, height * plots.PIXEL_DENSITY)
    assert png.mode == "RGB"


def test_explorer_errors_show_in_the_readout():
    """An error inside compute is shown in the widget instead of vanishing."""
    ex = explore.broadcast_explorer()
    ex.controls["shape_a"].value = "three"
    assert "ValueError" in ex.readout.value


@pytest.mark.parametrize(("a", "b", "result"), [
    ("3, 1", "4", (3, 4)),
    ("(2, 3)", "3", (2, 3)),
    ("2, 3", "2", None),
    ("", "5", (5,)),
    ("5, 1, 4", "3, 1", (5, 3, 4)),
])
def test_broadcast_report(a, b, result):
    """The broadcast explorer's verdict matches NumPy."""
    assert explore.broadcast_report(a, b)["result"] == result


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), max_size=4), st.lists(st.integers(1, 4), max_size=4))
def test_broadcast_report_agrees_with_numpy(a, b):
    """For any pair of shapes the axis-by-axis explanation agrees with NumPy's outcome."""
    report = explore.broadcast_report(", ".join(map(str, a)), ", ".join(map(str, b)))
    try:
        expected = np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        expected = None
    assert report["result"] == expected


def test_broadcast_explorer_updates_on_typing():
    """Typing a new shape updates the table."""
    ex = explore.broadcast_explorer()
    ex.controls["shape_b"].value = "2, 5"
    assert "Error" in ex.readout.value
    ex.controls["shape_b"].value = "1, 5"
    assert "(3, 5)" in ex.readout.value


def test_float_tolerance_gap_is_machine_epsilon_at_one():
    """At x = 1 the gap to the next float is machine epsilon, and the steps count it."""
    s = explore.float_tolerance(0, -9, -20)
    assert s["gap"] == np.finfo(float).eps
    assert np.isclose(s["rel_steps"], 1e-9 / np.finfo(float).eps)
    assert s["abs_steps"] < 1


def test_float_tolerance_readout_names_the_deciding_tolerance():
    """The verdict says which tolerance decides, or that only == remains."""
    near_zero = explore.float_tolerance_readout(explore.float_tolerance(-12, -9, -8))
    far_out = explore.float_tolerance_readout(explore.float_tolerance(10, -9, -8))
    too_fine = explore.float_tolerance_readout(explore.float_tolerance(0, -17, -20))
    assert "abs_tol decides" in near_zero and "rel_tol decides" in far_out
    assert "only exactly equal" in too_fine


def test_float_tolerance_explorer_redraws():
    """Moving the x slider redraws the picture and updates the readout."""
    ex = explore.float_tolerance_explorer()
    before = ex.image.value
    ex.controls["log10_x"].value = 12
    assert ex.image.value != before and "x = 10¹²" in ex.readout.value
