"""Chapter 02's explorer and plot helpers: the pure compute function, and the widget headless."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb

from utils import explore, plots

pytestmark = pytest.mark.filterwarnings("error")

ENTRY = st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=200, deadline=None)
@given(ENTRY, ENTRY, ENTRY, ENTRY)
def test_determinant_three_ways_agree(a, b, c, d):
    """ad - bc, np.linalg.det and the measured signed area of the square's image agree."""
    state = explore.matrix_map(a, b, c, d)
    assert np.isclose(state["det"], a * d - b * c, atol=1e-9)
    assert np.isclose(state["det_numpy"], state["det"], atol=1e-9)
    assert np.isclose(state["shoelace"], state["det"], atol=1e-9)
    assert state["area"] == abs(state["det"])


@pytest.mark.parametrize(("entries", "orientation", "det"), [
    ((1, 0, 0, 1), "kept", 1.0),
    ((0, -1, 1, 0), "kept", 1.0),             # rotation by 90°
    ((1, 0, 0, -1), "flipped", -1.0),         # reflection
    ((0, 1, 1, 0), "flipped", -1.0),          # swap
    ((1, 1, 1, 1), "squashed", 0.0),          # both columns (1, 1)
    ((0.3, 0.1, 0.6, 0.2), "squashed", 0.0),  # 0.06 - 0.06 is 7e-18 in floats: still 0
    ((0, 0, 0, 0), "squashed", 0.0),
    ((1.5, 0, 0, 0.5), "kept", 0.75),
])
def test_orientation_and_det(entries, orientation, det):
    """The orientation label and the determinant of hand-worked maps."""
    state = explore.matrix_map(*entries)
    assert state["orientation"] == orientation
    assert state["det"] == pytest.approx(det, abs=1e-12)
    if orientation == "squashed":
        assert state["det"] == 0.0 and state["shoelace"] == 0.0  # no "-0.000" in the readout


def test_columns_are_where_e1_and_e2_land():
    """The state's columns are A e1 and A e2."""
    state = explore.matrix_map(1.0, -0.5, 0.25, 2.0)
    A = state["A"]
    assert np.allclose(state["columns"][0], A @ [1, 0])
    assert np.allclose(state["columns"][1], A @ [0, 1])


def test_signed_polygon_area_orientation():
    """Counter-clockwise unit square: +1; the same square clockwise: -1."""
    square = np.array([[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]], dtype=float)
    assert explore.signed_polygon_area(square) == 1.0
    assert explore.signed_polygon_area(square[:, ::-1]) == -1.0


def test_grid_lines_are_mapped_segments():
    """Each grid line's two ends are mapped by A, and a NaN column separates the lines."""
    A = np.array([[2.0, 1.0], [0.5, -1.0]])
    points = plots.grid_lines(A, extent=2)
    lines = points.reshape(2, -1, 3)
    assert lines.shape[1] == 2 * 5  # 5 vertical and 5 horizontal lines
    assert np.all(np.isnan(lines[:, :, 2]))
    ends = plots.grid_lines(np.eye(2), extent=2).reshape(2, -1, 3)[:, :, :2]
    assert np.allclose(lines[:, :, :2], np.einsum("ij,jlk->ilk", A, ends))


def test_unit_square_image_is_counter_clockwise_from_columns():
    """The image path starts at 0, goes through A e1, A e1 + A e2, A e2 and closes."""
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    corners = plots.unit_square_image(A)
    assert np.allclose(corners.T, [[0, 0], A[:, 0], A[:, 0] + A[:, 1], A[:, 1], [0, 0]])


def test_linear_map_moves_its_artists():
    """Drawing a second matrix reuses the artists and moves them."""
    fig = plots.new_figure()
    ax = fig.axes[0]
    artists = plots.linear_map(ax, np.eye(2), title="identity")
    count = len(ax.get_children())
    again = plots.linear_map(ax, np.array([[0.0, 1.0], [1.0, 0.0]]), artists, title="swap")
    assert again is artists and len(ax.get_children()) == count
    assert np.allclose(artists["e1"].xy, (0, 1)) and artists["title"].get_text() == "swap"
    assert artists["square"].get_facecolor()[:3] == to_rgb(plots.FLIPPED)


def test_explorer_redraws_on_slider_move():
    """Moving a slider recomputes the state, the readout and the picture."""
    ex = explore.matrix_map_explorer()
    before_png, before_det = ex.image.value, ex.state["det"]
    ex.controls["d"].value = -1.0
    assert ex.state["det"] != before_det and ex.state["orientation"] == "flipped"
    assert ex.image.value != before_png and ex.image.value[:4] == b"\x89PNG"
    assert f"{ex.state['det']:.3f}" in ex.readout.value and "flipped" in ex.readout.value


def test_explorer_reports_a_squashed_plane():
    """Parallel columns: det 0, and the readout says the map cannot be undone."""
    ex = explore.matrix_map_explorer(a=1.0, b=2.0, c=0.5, d=1.0)
    assert ex.state["orientation"] == "squashed"
    assert "cannot be undone" in ex.readout.value and "0.000" in ex.readout.value
    assert "-0.000" not in ex.readout.value


def test_explorer_factory_sets_the_sliders():
    """The factory's arguments are the initial slider values."""
    ex = explore.matrix_map_explorer(a=0.0, b=-1.0, c=1.0, d=0.0)
    assert ex.values() == {"a": 0.0, "b": -1.0, "c": 1.0, "d": 0.0}
    assert ex.state["det"] == pytest.approx(1.0)


def test_explorer_callback_is_fast_enough():
    """Median callback well under a second here (the 100 ms target is measured by make bench)."""
    ex = explore.matrix_map_explorer()
    times = []
    for value in np.round(np.linspace(-2, 2, 9), 1):
        ex.controls["a"].value = float(value)
        times.append(ex.last_ms)
    assert statistics.median(times) < 1000
