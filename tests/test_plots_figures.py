"""The figure helpers of chapters 06 and 07 draw what they are given.

Loss curves, contours with paths, side-by-side panels, runs on a 1-D curve, measured
values against a formula and learning-rate schedules: number of lines, their labels and
colours, log scales, limits and axis labels.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import optim, plots, toys  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend_texts(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def test_loss_curves_one_line_per_run_on_a_log_axis():
    """Each run is a line with its label; the y axis is log with the given limits."""
    fig, ax = plots.subplots()
    curves = {"slow": 0.9 ** np.arange(30), "fast": 0.5 ** np.arange(30),
              "diverged": 1.5 ** np.arange(8)}
    lines = plots.loss_curves(ax, curves, -6, 2, every=2, ylabel="f(x_k)")
    assert [line.get_label() for line in lines] == list(curves)
    assert ax.get_yscale() == "log"
    assert np.allclose(ax.get_ylim(), (1e-6, 1e2))
    assert legend_texts(ax) == list(curves)
    assert ax.get_xlabel() == "step k" and ax.get_ylabel() == "f(x_k)"
    assert len(lines[2].get_xdata()) == 8  # a run that stopped early keeps its own length
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_loss_curves_skip_values_a_log_axis_cannot_show():
    """Zeros, negative values and inf are not drawn (NaN), the rest is."""
    fig, ax = plots.subplots()
    (line,) = plots.loss_curves(ax, {"run": [1.0, 0.0, -1.0, np.inf, 0.5]}, -2, 1)
    shown = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(shown[1:4]).all() and np.allclose(shown[[0, 4]], [1.0, 0.5])


def test_loss_curves_colours_styles_and_layers():
    """Colours by label or in order, styles by label; layered lines get narrower."""
    fig, ax = plots.subplots()
    lines = plots.loss_curves(ax, {"a": [1, 0.1], "b": [1, 0.2], "formula": [1, 0.3]}, -2, 0,
                              colors=["#123456", "#abcdef"], styles={"formula": "k--"},
                              layered=True, legend=False)
    assert lines[0].get_color() == "#123456" and lines[1].get_color() == "#abcdef"
    assert lines[2].get_linestyle() == "--" and lines[2].get_color() == "k"
    widths = [line.get_linewidth() for line in lines]
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    assert ax.get_legend() is None
    fig, ax = plots.subplots()
    named = plots.loss_curves(ax, {"GD": [1, 0.5], "Adam": [1, 0.1]}, -2, 0,
                              colors={"Adam": "#d62728"})
    assert named[1].get_color() == "#d62728" and named[0].get_color() == plots.CYCLE[0]


def test_contour_paths_draws_every_path_with_labels_and_axis_names():
    """One line per path (plus its start ring), a legend of the labels, labelled axes."""
    bowl = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0)
    paths = {"η = 0.1": optim.gradient_descent(bowl.gradient, [-2.5, 2.0], 0.1, 20),
             "η = 0.19": optim.gradient_descent(bowl.gradient, [-2.5, 2.0], 0.19, 20)}
    fig, ax = plots.subplots()
    lines = plots.contour_paths(ax, bowl, paths, title="two runs")
    assert len(lines) == 2 and [line.get_label() for line in lines] == list(paths)
    assert legend_texts(ax) == list(paths)
    assert ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"
    assert ax.get_title() == "two runs"
    assert np.allclose(ax.get_xlim(), bowl.window[:2]) and np.allclose(ax.get_ylim(), bowl.window[2:])
    assert len(ax.collections) > 0  # the contours
    assert np.allclose(lines[0].get_xdata(), paths["η = 0.1"][:, 0])


def test_contour_paths_pulls_a_diverging_path_in_and_can_hide_the_legend():
    """A path near 1e300 is drawn clipped; an unlabelled path adds no legend."""
    bowl = toys.quadratic_bowl((1.0, 10.0))
    wild = np.array([[1.0, 1.0], [1e300, -1e300], [np.inf, 0.0]])
    fig, ax = plots.subplots()
    (line,) = plots.contour_paths(ax, bowl, {"": wild}, xlabel="x", ylabel="y")
    shown = np.asarray(line.get_xdata(), dtype=float)
    assert abs(shown[1]) < 1e4 and np.isnan(shown[2])
    assert ax.get_legend() is None and ax.get_xlabel() == "x"


def test_contour_panels_one_axes_per_panel_with_its_title():
    """Panels side by side, each with its own objective, paths and title."""
    bowl = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0)
    saddle = toys.saddle()
    panels = {"bowl": (bowl, {"GD": optim.gradient_descent(bowl.gradient, [-2, 2], 0.1, 10)}),
              "saddle": (saddle, {"": optim.gradient_descent(saddle.gradient, [1.5, 0.1],
                                                             0.1, 10)})}
    fig, axes = plots.contour_panels(panels, levels=8, ticks=2)
    assert len(axes) == 2 and [ax.get_title() for ax in axes] == ["bowl", "saddle"]
    assert legend_texts(axes[0]) == ["GD"] and axes[1].get_legend() is None
    assert np.allclose(axes[1].get_xlim(), saddle.window[:2])
    assert all(len(ax.get_xticks()) == 2 for ax in axes)


def test_path_on_curve_draws_the_function_and_each_run_on_it():
    """The function is one line, each run another, at (x_k, f(x_k))."""
    fig, ax = plots.subplots()
    run = optim.gradient_descent(lambda x: 2 * x, [1.5], 0.1, 5)
    lines = plots.path_on_curve(ax, np.square, np.linspace(-2, 2, 50), {"η = 0.1": run},
                                ylabel="f(x) = x²", title="ten steps")
    assert len(ax.lines) == 2 and len(lines) == 1
    assert np.allclose(lines[0].get_ydata(), run[:, 0] ** 2)
    assert legend_texts(ax) == ["η = 0.1"] and ax.get_ylabel() == "f(x) = x²"


def test_measured_vs_formula_with_marks_and_log_axis():
    """Dots, a dashed formula, one vertical line per mark, all in the legend."""
    fig, ax = plots.subplots()
    x = np.linspace(0.01, 0.2, 10)
    dots, line = plots.measured_vs_formula(ax, x, 1 - x, 1 - x, "η", "rate",
                                           marks={"limit": 0.2, "best": 0.18}, log=(-2, 0, 1))
    assert dots.get_linestyle() == "None" and line.get_linestyle() == "--"
    assert legend_texts(ax) == ["measured", "formula", "limit", "best"]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "η"
    assert len(ax.lines) == 4


def test_lr_schedules_keep_coinciding_schedules_visible():
    """Numbers and functions of t; earlier schedules drawn wider, all in the legend."""
    fig, ax = plots.subplots()
    schedules = {"constant": 0.01, "step": lambda t: optim.step_lr(t, 0.01, 100, 0.3),
                 "cosine": lambda t: optim.cosine_lr(t, 0.01, total=300)}
    lines = plots.lr_schedules(ax, schedules, 300)
    assert len(lines) == 3 and legend_texts(ax) == list(schedules)
    assert np.allclose(lines[0].get_ydata(), 0.01) and len(lines[0].get_xdata()) == 301
    widths = [line.get_linewidth() for line in lines]
    assert widths[0] > widths[1] > widths[2]
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= 0.01
    assert ax.get_xlabel() == "step t" and ax.get_ylabel() == "learning rate"


def png_size(data) -> tuple[int, int]:
    """(width, height) from a PNG's header (base64 text or bytes)."""
    import base64
    import struct

    raw = base64.b64decode(data) if isinstance(data, str) else data
    return struct.unpack(">II", raw[16:24])


def test_course_figures_show_inline_as_laid_out():
    """In IPython with inline PNGs, a figure of plots.subplots is shown at its own size (its
    constrained layout fits it; no second draw to crop it), other figures cropped as usual;
    a retina setting still doubles the pixels."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    shell = InteractiveShell.instance()
    try:
        for formats, density in (({"png"}, 1), ({"retina"}, 2)):
            select_figure_formats(shell, formats)
            fig, ax = plots.subplots(size=(3.0, 2.0))
            ax.plot([0, 1], [0, 1])
            data, _ = shell.display_formatter.format(fig)
            width, height = fig.get_size_inches() * fig.dpi * density
            assert png_size(data["image/png"]) == (round(width), round(height))
            plain = plt.figure(figsize=(3.0, 2.0))
            plain.add_subplot().plot([0, 1], [0, 1])
            cropped = png_size(shell.display_formatter.format(plain)[0]["image/png"])
            canvas = plain.get_size_inches() * plain.dpi * density
            assert cropped[0] < round(canvas[0]) and cropped[1] < round(canvas[1])
    finally:  # the other tests run outside IPython
        InteractiveShell.clear_instance()
