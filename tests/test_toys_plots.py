"""Unit tests of the toy data (seeded, shaped as documented) and the plot helpers."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

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
