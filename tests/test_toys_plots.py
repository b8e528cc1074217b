"""Unit tests of the toy data (seeded, shaped as documented) and the plot helpers."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import plots, toys  # noqa: E402


def test_toy_data_is_reproducible():
    """The same seed gives the same numbers; another seed gives others."""
    assert np.array_equal(toys.house_features(30, seed=3), toys.house_features(30, seed=3))
    assert not np.array_equal(toys.house_features(30, seed=3), toys.house_features(30, seed=4))
    x1, y1 = toys.noisy_line(seed=5)
    x2, y2 = toys.noisy_line(seed=5)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)


def test_house_features_have_very_different_scales():
    """Area, rooms and age differ in scale, which is what standardising fixes."""
    X = toys.house_features()
    assert X.shape == (200, 3)
    assert X[:, 0].std() > 5 * X[:, 1].std()
    assert (X[:, 1] >= 1).all()


def test_noisy_line_follows_its_line():
    """A least-squares fit recovers the slope and intercept the data was made with."""
    x, y = toys.noisy_line(n=500, slope=2.0, intercept=1.0, noise=0.1, seed=0)
    slope, intercept = np.polyfit(x, y, 1)
    assert abs(slope - 2) < 0.05 and abs(intercept - 1) < 0.05


def test_toy_embeddings_are_labelled_rows():
    """Fourteen words, one 4-D row each, no zero vector (cosine needs a length)."""
    words, E = toys.toy_embeddings()
    assert len(words) == len(set(words)) == E.shape[0] == 14 and E.shape[1] == 4
    assert (np.linalg.norm(E, axis=1) > 0).all()


def test_unit_ball_boundary_has_unit_norm():
    """Every point of the p-norm unit circle has p-norm 1."""
    for p in (1, 2, np.inf):
        points = plots.unit_ball_boundary(p)
        assert np.allclose(np.linalg.norm(points, ord=p, axis=0), 1)


def test_explorer_figures_are_2x_pngs_and_reuse_their_background():
    """A 4.5 in figure is 405 screen px, rendered at 810 px; with a background key only the
    moving artists are redrawn, and the picture is a full redraw's (the line on top)."""
    import io

    from PIL import Image

    fig = plots.new_figure((4.5, 3.0))
    assert plots.screen_size(fig) == (405, 270)
    ax = fig.axes[0]
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    line = ax.plot([0, 1], [0, 1], color=plots.COLORS["a"])[0]
    first = Image.open(io.BytesIO(plots.figure_png(fig, [line], background="still")))
    assert first.size == (810, 540) and first.mode == "RGB"
    line.set_ydata([1, 0])
    moved = np.asarray(Image.open(io.BytesIO(plots.figure_png(fig, [line], background="still"))))
    line.set_animated(False)
    full = np.asarray(Image.open(io.BytesIO(plots.figure_png(fig))))
    differ = np.abs(moved.astype(int) - full).max(axis=-1) > 30
    assert differ.mean() < 0.002  # only where grid lines cross the line: drawn under it now
    assert not np.array_equal(moved, np.asarray(first))


def test_figures_render_to_png():
    """Static and explorer figures render, in the course style."""
    fig = plots.new_figure()
    plots.draw_arrow(fig.axes[0], (1, 2), label="a")
    plots.square_axes(fig.axes[0], 3)
    assert plots.figure_png(fig)[:4] == b"\x89PNG"
    fig, ax = plots.subplots()
    plots.timing_bars(ax, ["loop", "vectorised", "third"], [0.02, 0.001, 0.003])
    assert len(ax.patches) == 3


def test_array_grid_draws_one_box_per_entry():
    """An array is drawn as one numbered box per entry; implied copies are paler."""
    fig, ax = plots.subplots()
    plots.array_grid(ax, np.arange(6).reshape(2, 3), faded=np.array([[False], [True]]))
    assert len(ax.patches) == 6
    alphas = sorted({p.get_alpha() for p in ax.patches})
    assert len(alphas) == 2 and alphas[0] < alphas[1]
    assert [t.get_text() for t in ax.texts] == ["0", "1", "2", "3", "4", "5"]


def test_heatmap_labels_rows_and_columns():
    """A heat map names every row and column and adds a colour bar."""
    fig, ax = plots.subplots()
    plots.heatmap(ax, np.eye(3), ["x", "y", "z"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x", "y", "z"]
    assert len(fig.axes) == 2


def test_right_angle_mark_is_a_square_at_the_corner():
    """The right-angle mark has sides of the given size along both directions."""
    fig, ax = plots.subplots()
    plots.right_angle_mark(ax, (1.0, 1.0), (2.0, 0.0), (0.0, -5.0), size=0.2)
    xs, ys = ax.lines[0].get_data()
    assert np.allclose(xs, [1.2, 1.2, 1.0]) and np.allclose(ys, [1.0, 0.8, 0.8])


OBJECTIVES_2D = [toys.quadratic_bowl((1.0, 10.0), 30.0, (1.0, -1.0)), toys.rosenbrock(),
                 toys.himmelblau(), toys.saddle()]


def numeric_gradient(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("objective", OBJECTIVES_2D, ids=lambda o: o.name)
def test_gradients_and_hessians_match_finite_differences(objective):
    """The analytic gradient and Hessian agree with central differences at random points."""
    rng = np.random.default_rng(0)
    x0, x1, y0, y1 = objective.window
    for point in rng.uniform([x0, y0], [x1, y1], size=(5, 2)):
        grad = objective.gradient(point)
        assert np.allclose(grad, numeric_gradient(objective.value, point), rtol=1e-5, atol=1e-5)
        hess = np.array([numeric_gradient(lambda p, i=i: objective.gradient(p)[i], point)
                         for i in range(2)])
        assert np.allclose(objective.hessian(point), hess, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("objective", OBJECTIVES_2D, ids=lambda o: o.name)
def test_minima_are_minima(objective):
    """At each listed minimum the gradient vanishes and the Hessian is positive definite."""
    for point in objective.minima:
        assert np.allclose(objective.gradient(np.array(point)), 0, atol=1e-4)
        assert np.all(np.linalg.eigvalsh(objective.hessian(np.array(point))) > 0)


def test_objectives_evaluate_on_grids():
    """Value and gradient take a whole grid of points at once (the last axis is x, y)."""
    for objective in OBJECTIVES_2D:
        X, Y, Z = plots.grid_values(objective, resolution=7)
        assert Z.shape == (7, 7)
        assert objective.gradient(np.stack([X, Y], axis=-1)).shape == (7, 7, 2)
        assert np.isclose(Z[3, 2], objective.value(np.array([X[3, 2], Y[3, 2]])))


def test_quadratic_bowl_has_the_eigenvalues_asked_for():
    """The bowl's matrix has the requested eigenvalues whatever the angle."""
    bowl = toys.quadratic_bowl((2.0, 50.0), angle_degrees=-25.0)
    assert np.allclose(np.linalg.eigvalsh(bowl.matrix), [2.0, 50.0])
    assert np.allclose(bowl.hessian(np.zeros(2)), bowl.matrix)


def test_nonconvex_1d_has_a_local_and_a_global_minimum():
    """f'(x) = 0 at both minima, f'' > 0 there, and the first listed is the lower one."""
    f = toys.nonconvex_1d()
    (glob,), (local,) = f.minima
    assert abs(f.gradient(glob)) < 1e-5 and abs(f.gradient(local)) < 1e-5
    assert f.hessian(glob) > 0 and f.hessian(local) > 0
    assert f(glob) < f(local)
    assert np.isclose(f.gradient(0.3), (f(0.3 + 1e-6) - f(0.3 - 1e-6)) / 2e-6)


def test_contours_and_trajectory_draw():
    """Contours cover the window and a trajectory returns a movable line."""
    fig, ax = plots.subplots()
    plots.contours(ax, toys.rosenbrock())
    line = plots.trajectory(ax, [[0.0, 0.0], [0.5, 0.2], [1.0, 1.0]])
    assert ax.get_xlim() == (-2.0, 2.0)
    assert len(line.get_xdata()) == 3


def test_contour_layer_draws_once_and_shows_one_function():
    """A function's contours are drawn on first use only; the other layers are hidden."""
    fig, ax = plots.subplots()
    layers = {}
    bowl = plots.contour_layer(ax, toys.quadratic_bowl(), "bowl", layers)
    valley = plots.contour_layer(ax, toys.rosenbrock(), "valley", layers)
    count = len(ax.get_children())
    assert plots.contour_layer(ax, toys.quadratic_bowl(), "bowl", layers) is bowl
    assert len(ax.get_children()) == count
    assert all(a.get_visible() for a in bowl) and not any(a.get_visible() for a in valley)


def test_drawable_path_pulls_far_points_in_and_drops_non_finite():
    """Points beyond 100 windows are clipped; rows with inf or NaN become NaN; the input is kept."""
    path = np.array([[0.0, 1.0], [1e300, -1e300], [np.inf, 0.0]])
    shown = plots.drawable_path(path, (-1.0, 1.0, -2.0, 2.0))
    assert np.array_equal(shown[0], [0.0, 1.0])
    assert np.array_equal(shown[1], [400.0, -400.0])
    assert np.isnan(shown[2]).all() and path[1, 0] == 1e300
