"""The chapter 03 line-fit explorer: its pure compute function, and the widget driven headless."""

import numpy as np
import pytest
from ipywidgets import ToggleButton

from utils import explore, toys

# A warning would reach the learner's stderr.
pytestmark = pytest.mark.filterwarnings("error")


def test_points_are_the_seeded_noisy_line():
    """The explorer's 12 points are toys.noisy_line(n=12, slope=0.8, intercept=0.5, ...)."""
    x, y = explore.line_fit_points()
    x2, y2 = toys.noisy_line(n=12, slope=0.8, intercept=0.5, noise=0.6, seed=3)
    assert x.shape == y.shape == (12,) and np.array_equal(x, x2) and np.array_equal(y, y2)


def test_fit_matches_polyfit_and_residuals_sum_to_zero():
    """The least-squares line agrees with np.polyfit; at it the residuals sum to 0 and excess is 0."""
    state = explore.line_fit(0.0, 0.0)
    slope, intercept = np.polyfit(state["x"], state["y"], 1)
    assert np.isclose(state["fit_slope"], slope) and np.isclose(state["fit_intercept"], intercept)
    best = explore.line_fit(state["fit_slope"], state["fit_intercept"], show_fit=True)
    assert abs(best["residuals"].sum()) < 1e-12 and abs(best["excess"]) < 1e-12
    assert np.isclose(best["sse"], best["fit_sse"])


@pytest.mark.parametrize(("slope", "intercept"), [(0.3, 1.5), (-1.0, 3.0), (2.0, -1.0), (0.8, 0.5)])
def test_loss_and_pythagoras(slope, intercept):
    """sse is the sum of squared residuals, mse = sse / n, and excess = |A (w - w_fit)|²."""
    s = explore.line_fit(slope, intercept)
    x, y = s["x"], s["y"]
    r = y - (intercept + slope * x)
    assert np.allclose(s["residuals"], r)
    assert np.isclose(s["sse"], r @ r) and np.isclose(s["mse"], r @ r / 12)
    A = np.column_stack([np.ones(12), x])
    gap = A @ (np.array([intercept, slope]) - [s["fit_intercept"], s["fit_slope"]])
    assert np.isclose(s["excess"], gap @ gap)


def test_raising_the_intercept_costs_n_times_the_square():
    """From the fit, raising the intercept by 0.5 adds exactly 12 * 0.25 = 3 (the quiz)."""
    best = explore.line_fit(0.0, 0.0)
    shifted = explore.line_fit(best["fit_slope"], best["fit_intercept"] + 0.5)
    assert np.isclose(shifted["sse"] - best["fit_sse"], 12 * 0.5**2)


def test_readout_shows_the_fit_only_when_asked():
    """The readout gives L and the MSE; the least-squares line appears with show_fit."""
    hidden = explore.line_fit_readout(explore.line_fit(0.3, 1.5))
    shown = explore.line_fit_readout(explore.line_fit(0.3, 1.5, show_fit=True))
    assert "3.959" in hidden and "least-squares line" not in hidden
    assert "least-squares line" in shown and "above that minimum" in shown


def _polygon_area(vertices):
    x, y = np.asarray(vertices, dtype=float).T
    return 0.5 * abs(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_explorer_draws_squares_whose_areas_add_up_to_the_loss():
    """One square per point, side |r_i|: their total area is L."""
    ex = explore.line_fit_explorer()
    ex.controls["slope"].value = 1.2
    squares = ex.artists["squares"].get_paths()
    assert len(squares) == 12
    total = sum(_polygon_area(path.vertices[:4]) for path in squares)
    assert np.isclose(total, ex.state["sse"])


def test_explorer_redraws_and_toggles_the_fit():
    """Sliders recompute and redraw; the toggle button shows the least-squares line."""
    ex = explore.line_fit_explorer()
    assert isinstance(ex.controls["show_fit"], ToggleButton)
    assert not ex.artists["fit"].get_visible()
    before_png, before_sse = ex.image.value, ex.state["sse"]
    ex.controls["intercept"].value = 0.5
    assert ex.state["sse"] != before_sse and ex.image.value != before_png
    assert ex.image.value[:4] == b"\x89PNG"
    assert f"{ex.state['sse']:.3f}" in ex.readout.value
    ex.controls["show_fit"].value = True
    assert ex.artists["fit"].get_visible() and ex.state["show_fit"]
    assert "least-squares line" in ex.readout.value
    ex.controls["show_fit"].value = False
    assert not ex.artists["fit"].get_visible()


def test_explorer_sweep_has_no_errors():
    """Sweeping the slope over its range never shows an error in the readout."""
    ex = explore.line_fit_explorer()
    for value in np.linspace(-1, 2, 13):
        ex.controls["slope"].value = float(value)
        assert "color:#b3261e" not in ex.readout.value
