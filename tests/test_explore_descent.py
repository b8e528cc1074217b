"""The chapter 06 explorer (gradient descent on a contour plot): its pure compute function
and the widget driven headless."""

import re

import numpy as np
import pytest

from utils import explore, toys

# A warning would reach the learner's stderr.
pytestmark = pytest.mark.filterwarnings("error")

BOWL = "bowl (κ = 10)"


def test_gd_run_matches_the_closed_form_on_the_bowl():
    """On the bowl the path is x_k = (I − ηA)^k x0, the gap is f ≥ 0 and the limit 2/λmax = 0.2."""
    state = explore.gd_run(BOWL, 0.1, -2.5, 2.0, 30)
    A = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0).matrix
    step = np.eye(2) - 0.1 * A
    expected = np.array([np.linalg.matrix_power(step, k) @ [-2.5, 2.0] for k in range(31)])
    assert state["path"].shape == (31, 2) and np.allclose(state["path"], expected)
    assert np.allclose(state["gap"], 0.5 * np.einsum("ki,ij,kj->k", expected, A, expected))
    assert np.isclose(state["bound"], 0.2) and not state["clipped"]


@pytest.mark.parametrize(("function", "lr", "start", "steps", "verdict"), [
    (BOWL, 0.21, (-2.5, 2.0), 100, "diverged"),
    (BOWL, 1.0, (-2.5, 2.0), 2000, "diverged"),
    (BOWL, 2 / 11, (-2.5, 2.0), 300, "converged"),
    (BOWL, 0.01, (-2.5, 2.0), 100, "moving"),
    ("Rosenbrock", 0.0015, (-1.2, 1.0), 2000, "moving"),
    ("Himmelblau", 0.01, (0.0, 0.0), 200, "converged"),
    ("saddle", 0.1, (1.6, 0.0), 400, "stationary"),
    ("saddle", 0.1, (1.6, 0.04), 400, "converged"),
])
def test_gd_run_verdicts(function, lr, start, steps, verdict):
    """Divergence (slow or overflowing), convergence, crawling and a saddle are told apart."""
    assert explore.gd_run(function, lr, *start, steps)["verdict"] == verdict


def test_gd_default_run_reaching_the_gap_tolerance_is_converged():
    """The explorer's first run ends at f − f* ≈ 5 × 10⁻¹⁰: converged, by the gap rule, said so."""
    ex = explore.gd_explorer()
    state = ex.state
    assert state["gap"][-1] < explore.GD_GAP_TOLERANCE <= state["gap"][0]
    assert state["grad_norms"][-1] > explore.GD_TOLERANCE
    assert state["verdict"] == "converged" and state["rule"] == "gap"
    k = state["converged_at"]
    assert np.all(state["gap"][k:] < explore.GD_GAP_TOLERANCE)
    assert state["gap"][k - 1] >= explore.GD_GAP_TOLERANCE
    assert "Converged" in ex.readout.value and "moving" not in ex.readout.value
    assert "converged" in ex.artists["title"].get_text()
    # numbers for people: no e-notation, no −0.0000
    assert not re.search(r"\d\.?\d*e[-+]\d", ex.readout.value) and "-0.0000" not in ex.readout.value
    assert "× 10⁻" in ex.readout.value


def test_gd_run_converged_at_is_when_the_gradient_stays_small():
    """converged_at is the first step after which ‖∇f‖ stays below the tolerance."""
    state = explore.gd_run("Himmelblau", 0.01, 0.0, 0.0, 200)
    k = state["converged_at"]
    assert np.all(state["grad_norms"][k:] < explore.GD_TOLERANCE)
    assert state["grad_norms"][k - 1] >= explore.GD_TOLERANCE
    assert np.allclose(state["minimum"], [3.0, 2.0])


def test_gd_run_bound_is_the_local_limit():
    """The bound is 2/λmax of the Hessian at the minimum nearest to the end."""
    rosen = explore.gd_run("Rosenbrock", 0.0015, -1.2, 1.0, 100)
    assert np.isclose(rosen["bound"], 2 / np.linalg.eigvalsh([[802, -400], [-400, 200]]).max())
    himmel = explore.gd_run("Himmelblau", 0.01, -4.0, -4.0, 300)
    minimum = np.array(toys.HIMMELBLAU_MINIMA[2])
    assert np.allclose(himmel["minimum"], minimum)
    hessian = toys.himmelblau().hessian(minimum)
    assert np.isclose(himmel["bound"], 2 / np.linalg.eigvalsh(hessian).max())


def test_gd_run_clips_the_start_to_the_window():
    """A start outside the window is moved onto its edge, and the readout says so."""
    state = explore.gd_run("Rosenbrock", 0.001, 4.0, -3.0, 10)
    assert np.allclose(state["start"], [2.0, -1.0]) and state["clipped"]
    assert "clipped" in explore.gd_readout(state)


def test_gd_readout_names_each_verdict():
    """The readout explains divergence, convergence, a saddle and η above the limit."""
    texts = {
        "overflow": explore.gd_readout(explore.gd_run(BOWL, 1.0, -2.5, 2.0, 2000)),
        "left": explore.gd_readout(explore.gd_run(BOWL, 0.21, -2.5, 2.0, 100)),
        "converged": explore.gd_readout(explore.gd_run(BOWL, 2 / 11, -2.5, 2.0, 300)),
        "saddle": explore.gd_readout(explore.gd_run("saddle", 0.1, 1.6, 0.0, 400)),
        "bouncing": explore.gd_readout(explore.gd_run("Rosenbrock", 0.0021, 1.0, 1.01, 500)),
    }
    assert "overflowed" in texts["overflow"] and "left the picture" in texts["left"]
    assert "Converged" in texts["converged"] and "saddle" in texts["saddle"]
    assert "Not settling" in texts["bouncing"]
    assert "1.05 × the limit" in texts["left"]


def test_gd_explorer_redraws_on_learning_rate_change():
    """Moving the learning-rate slider recomputes the run and redraws the picture."""
    ex = explore.gd_explorer()
    before = ex.image.value
    ex.controls["lr"].value = 0.21
    assert ex.state["verdict"] == "diverged" and "Diverged" in ex.readout.value
    assert ex.image.value != before and ex.image.value[:4] == b"\x89PNG"
    line = ex.artists["path"]
    assert len(line.get_xdata()) == 101
    gap = ex.artists["loss"].get_ydata()
    assert np.all(np.isfinite(gap)) and gap.max() <= 10 * explore.GD_LOSS_LIMITS[1]


def test_gd_explorer_overflow_draws_quietly():
    """A run that overflows to inf is drawn without warnings (non-finite points dropped)."""
    ex = explore.gd_explorer()
    ex.controls["lr"].value = 1.0
    ex.controls["steps"].value = 2000
    assert ex.state["verdict"] == "diverged" and not np.all(np.isfinite(ex.state["end"]))
    x = np.asarray(ex.artists["path"].get_xdata(), dtype=float)
    assert np.isnan(x[-1]) and np.all(np.abs(x[np.isfinite(x)]) <= 600)


def test_gd_explorer_function_switch_resets_and_caches_contours():
    """Choosing a function fits the start sliders to its window and applies its defaults;
    contours are drawn once per function and only shown or hidden afterwards."""
    ex = explore.gd_explorer()
    ex.controls["function"].value = "Rosenbrock"
    x, y, lr, steps = explore.GD_DEFAULTS["Rosenbrock"]
    assert (ex.controls["x0"].min, ex.controls["x0"].max) == (-2.0, 2.0)
    assert (ex.controls["y0"].min, ex.controls["y0"].max) == (-1.0, 3.0)
    assert np.isclose(ex.controls["lr"].value, lr) and ex.controls["steps"].value == steps
    assert np.allclose(ex.state["start"], [x, y]) and ex.state["function"] == "Rosenbrock"
    layer = ex.artists["layers"]["Rosenbrock"]
    ex.controls["function"].value = BOWL
    ex.controls["function"].value = "Rosenbrock"
    assert ex.artists["layers"]["Rosenbrock"] is layer
    assert set(ex.artists["layers"]) == {BOWL, "Rosenbrock"}
    assert all(a.get_visible() for a in layer)
    assert not any(a.get_visible() for a in ex.artists["layers"][BOWL])
    assert ex.figure.axes[0].get_xlim() == (-2.0, 2.0)


def test_gd_explorer_two_axes_and_loss_ticks():
    """Two axes: contours on the left, the loss gap on a log axis with plain-text ticks."""
    ex = explore.gd_explorer("Himmelblau")
    assert len(ex.figure.axes) == 2
    loss_ax = ex.figure.axes[1]
    assert loss_ax.get_yscale() == "log"
    labels = [t.get_text() for t in loss_ax.get_yticklabels()]
    assert labels == ["10⁻¹²", "10⁻⁶", "1", "10⁶"]
    assert loss_ax.get_xlim() == (0.0, 200.0)


def test_gd_explorer_arguments_override_defaults():
    """gd_explorer('bowl', lr=0.21) starts at η = 0.21 (the predict-then-observe quiz)."""
    ex = explore.gd_explorer(BOWL, lr=0.21)
    assert np.isclose(ex.controls["lr"].value, 0.21) and ex.state["verdict"] == "diverged"


def test_gd_explorer_errors_show_in_the_readout():
    """An unknown function name is reported in the readout, not raised."""
    ex = explore.gd_explorer()
    ex.controls["function"].options = [*ex.controls["function"].options, "nope"]
    ex.controls["function"].value = "nope"
    assert "KeyError" in ex.readout.value


def test_log_y_has_plain_text_powers_of_ten():
    """plots.log_y puts plain-text labels at powers of ten and sets the limits."""
    from utils import plots

    fig, ax = plots.subplots()
    plots.log_y(ax, -6, 2, every=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1e-6", "1e-4", "0.01", "1", "100"] \
        or [t.get_text() for t in ax.get_yticklabels()] == ["1e-6", "1e-4", "1e-2", "1", "1e2"]
    assert np.allclose(ax.get_ylim(), (1e-6, 1e2))
    import matplotlib.pyplot as plt

    plt.close(fig)
