"""The chapter 08 explorers (SGD's noise ball; the decision boundary while training): their
pure compute functions, and the widgets driven headless. Also the chapter's toy data and
plotting helpers (utils.toys, utils.plots)."""

import re

import numpy as np
import pytest

from utils import explore, plots, toys
from utils.explore import linear_models as L

# A warning would reach the learner's stderr.
pytestmark = pytest.mark.filterwarnings("error")


# ---------------------------------------------------------------------------------------
# sgd_noise_run and its explorer
# ---------------------------------------------------------------------------------------


def test_sgd_run_steps_are_batch_gradient_steps():
    """Each step is w − η · 2/B X_bᵀ(X_b w − y_b) on the batch the seeded generator draws."""
    X, y, _ = L.sgd_problem()
    state = L.sgd_noise_run(0.05, 8, 20, seed=3)
    rows = np.random.default_rng(3).integers(len(y), size=(20, 8))
    w = np.array(L.SGD_START)
    for k in range(20):
        Xb, yb = X[rows[k]], y[rows[k]]
        w = w - 0.05 * 2 * Xb.T @ (Xb @ w - yb) / 8
        assert np.allclose(state["path"][k + 1], w, atol=1e-12)


def test_sgd_run_gd_path_is_the_closed_form_and_excess_is_nonnegative():
    """The dashed path is full-batch GD, (I − ηH)ᵏ; the excess loss is ≥ 0."""
    _, _, bowl = L.sgd_problem()
    state = L.sgd_noise_run(0.1, 4, 50)
    best = np.array(bowl.minima[0])
    step = np.eye(2) - 0.1 * bowl.matrix
    expected = [best + np.linalg.matrix_power(step, k) @ (np.array(L.SGD_START) - best)
                for k in range(51)]
    assert np.allclose(state["gd_path"], expected)
    assert np.all(state["excess"] >= -1e-12) and not state["diverged"]


def test_sgd_run_noise_ball_shrinks_with_batch_size_and_schedule():
    """Four times the batch, roughly a quarter of the ball; the shrinking schedule is quieter."""
    small = L.sgd_noise_run(0.05, 4, 2000)["ball"]
    large = L.sgd_noise_run(0.05, 16, 2000)["ball"]
    assert 2.0 < small / large < 8.0
    assert L.sgd_noise_run(0.05, 4, 2000, "shrinking")["ball"] < small / 3


def test_sgd_run_diverges_above_the_limit():
    """Above 2/λmax (about 1.04) the run blows up and stops at its first huge point."""
    state = L.sgd_noise_run(1.5, 16, 1000)
    assert state["diverged"] and 0.9 < state["bound"] < 1.1
    assert len(state["path"]) < 1001


def test_sgd_run_refuses_an_unknown_schedule():
    """A schedule it does not know is an error (the explorer shows it in the readout)."""
    with pytest.raises(ValueError, match="unknown schedule"):
        L.sgd_noise_run(0.05, 4, 100, "cosine")


def test_sgd_explorer_redraws_and_reads_out():
    """Moving a control recomputes and redraws; the readout writes numbers for people."""
    ex = explore.sgd_explorer()
    before = ex.image.value
    ex.controls["batch_size"].value = 64
    assert ex.state["batch_size"] == 64 and ex.image.value != before
    assert ex.image.value[:4] == b"\x89PNG"
    assert "noise ball" in ex.readout.value
    assert not re.search(r"\d\.?\d*e[-+]\d", ex.readout.value)
    ex.controls["lr"].value = 1.5
    assert ex.state["diverged"] and "Diverged" in ex.readout.value
    x = np.asarray(ex.artists["path"].get_xdata(), dtype=float)
    left, right, _, _ = ex.state["window"]
    assert np.all((x >= left) & (x <= right))


def test_sgd_explorer_arguments_and_schedule():
    """sgd_explorer(lr=..., batch_size=...) starts there (the predict-then-observe quiz)."""
    ex = explore.sgd_explorer(lr=0.05, batch_size=16)
    assert ex.controls["batch_size"].value == 16 and np.isclose(ex.controls["lr"].value, 0.05)
    ex.controls["schedule"].value = "shrinking"
    assert ex.state["schedule"] == "shrinking" and "η/(1 + t/100)" in ex.readout.value


def test_sgd_explorer_errors_show_in_the_readout():
    """An error in the compute function is written into the readout, not raised."""
    ex = explore.sgd_explorer()
    ex.controls["schedule"].options = [*ex.controls["schedule"].options, "nope"]
    ex.controls["schedule"].value = "nope"
    assert "ValueError" in ex.readout.value


# ---------------------------------------------------------------------------------------
# boundary_state and its explorer
# ---------------------------------------------------------------------------------------


def test_boundary_state_starts_at_zero_and_first_step_is_the_mean_difference():
    """At step 0 w = 0 (no line); step 1 is lr/4 times the difference of the class means."""
    X, y, _ = L.boundary_data("blobs")
    start = L.boundary_state("blobs", 1.0, 0)
    assert np.array_equal(start["w"], np.zeros(3)) and start["boundary"] is None
    assert np.isclose(start["losses"][0], np.log(2))
    first = L.boundary_state("blobs", 1.0, 1)["w"]
    assert np.allclose(first[1:], (X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)) / 4)


def test_boundary_state_trains_and_the_line_is_z_zero():
    """The loss falls every step; the boundary's two points have z = 0."""
    for name in L.BOUNDARY_DATA:
        state = L.boundary_state(name, 1.0, 200)
        assert np.all(np.diff(state["losses"]) < 0)
        w, line = state["w"], state["boundary"]
        assert np.allclose(w[0] + line @ w[1:], 0, atol=1e-9)
        assert state["probability"].shape == (60, 60)
        assert np.all((state["probability"] >= 0) & (state["probability"] <= 1))
    assert L.boundary_state("blobs", 1.0, 300)["accuracy"] > 0.9
    assert 0.8 < L.boundary_state("two moons", 1.0, 300)["accuracy"] < 0.9


def test_boundary_state_clips_the_step_and_refuses_unknown_data():
    """A step beyond the run is clipped; an unknown data set is an error."""
    assert L.boundary_state("blobs", 1.0, 10_000)["step"] == L.BOUNDARY_STEPS
    with pytest.raises(ValueError, match="unknown data set"):
        L.boundary_state("spirals", 1.0, 1)


def test_boundary_explorer_steps_and_switches_data():
    """The step slider moves the line and the marker; switching data redraws the points."""
    ex = explore.boundary_explorer()
    first = ex.image.value
    ex.controls["step"].value = 200
    assert ex.state["step"] == 200 and ex.image.value != first
    x, y = ex.artists["now"].get_data()
    assert list(x) == [200] and np.isclose(y[0], ex.state["losses"][200])
    ex.controls["data"].value = "two moons"
    assert ex.state["data"] == "two moons" and "two moons" in ex.readout.value
    points = ex.artists["points"]
    assert len(points) == 2 and sum(len(p.get_offsets()) for p in points) == 200
    ex.controls["step"].value = 0
    assert ex.artists["line"].get_xdata() == [] or len(ex.artists["line"].get_xdata()) == 0


# ---------------------------------------------------------------------------------------
# The chapter's toys and plots
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [toys.blobs, toys.two_moons])
def test_classification_toys_shapes_labels_and_seeds(make):
    """(n, 2) features, labels in {0, 1} of shape (n,), balanced, shuffled, seeded."""
    X, y = make(101, seed=4)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert set(np.unique(y)) == {0, 1} and np.bincount(y).tolist() == [50, 51]
    assert not np.all(np.diff(y) >= 0), "the labels come in a random order"
    X2, y2 = make(101, seed=4)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, make(101, seed=5)[0])


def test_blobs_centres_and_moons_shape():
    """The blobs sit on their centres; the moons' classes lie on their half circles."""
    X, y = toys.blobs(4000, centers=((-2.0, 0.0), (3.0, 1.0)), spread=0.5, seed=0)
    assert np.allclose(X[y == 0].mean(axis=0), [-2, 0], atol=0.05)
    assert np.allclose(X[y == 1].mean(axis=0), [3, 1], atol=0.05)
    X, y = toys.two_moons(400, noise=0.0, seed=0)
    assert np.allclose(np.linalg.norm(X[y == 0], axis=1), 1)
    assert np.allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1)
    assert np.all(X[y == 0, 1] >= 0) and np.all(X[y == 1, 1] <= 0.5)


def test_linear_data_follows_its_formula():
    """y = bias + X @ weights + noise, with the features' scales and offsets."""
    X, y = toys.linear_data(5000, weights=(0.5, 0.03), bias=1.0, noise=0.0,
                            scales=(1.0, 20.0), offsets=(5.0, 100.0), seed=1)
    assert X.shape == (5000, 2) and y.shape == (5000,)
    assert np.allclose(y, 1.0 + X @ [0.5, 0.03])
    assert np.allclose(X.mean(axis=0), [5, 100], rtol=0.01)
    assert np.allclose(X.std(axis=0), [1, 20], rtol=0.05)


def test_mse_objective_is_the_mean_squared_error():
    """Its value is mean((Xw − y)²), its gradient the formula, its minimum least squares."""
    X, y = toys.linear_data(50, weights=(1.0, 2.0), bias=0.0, seed=3)
    bowl = toys.mse_objective(X, y)
    w = np.array([[0.3, -1.0], [2.0, 0.5]])
    assert np.allclose(bowl.value(w), [np.mean((X @ v - y) ** 2) for v in w])
    assert np.allclose(bowl.gradient(w[0]), 2 / 50 * X.T @ (X @ w[0] - y))
    assert np.allclose(bowl.minima[0], np.linalg.lstsq(X, y, rcond=None)[0])
    assert np.allclose(bowl.hessian(w[0]), 2 * X.T @ X / 50)


def test_decision_regions_draws_shading_boundary_and_points():
    """The shading spans the window, the points are two coloured sets, axes are labelled."""
    import matplotlib.pyplot as plt

    X, y = toys.blobs(60, seed=1)
    fig, ax = plots.subplots()
    image = plots.decision_regions(ax, X, y, lambda P: 1 / (1 + np.exp(-P.sum(axis=1))),
                                   title="t")
    assert image.get_array().shape == (120, 120)
    assert len(ax.collections) >= 2 and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None
    plt.close(fig)
