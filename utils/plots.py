"""Plot helpers with one consistent style for the whole course.

Static pictures use :func:`subplots` (pyplot, shown inline). Explorers draw on a
:class:`matplotlib.figure.Figure` that is not registered with pyplot (:func:`new_figure`)
and turn it into PNG bytes (:func:`figure_png`) for an ``ipywidgets.Image``: rendered at
:data:`PIXEL_DENSITY` pixels per screen pixel and shown at :func:`screen_size`, so they
stay crisp on HiDPI screens.
"""

from __future__ import annotations

import functools
import io
import sys

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Course colours: first vector, second vector, derived quantity, muted.
COLORS = {"a": "#1f77b4", "b": "#d62728", "derived": "#2ca02c", "muted": "#888888"}

STYLE = {
    "figure.dpi": 90,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
    # Titles at a fixed height: the course draws no ticks above an axes, and matplotlib's
    # automatic title placement measures every tick label of the figure at each draw.
    "axes.titley": 1.0,
}


class CourseFigure(Figure):
    """A figure of :func:`subplots`. Its constrained layout already fits it, so it is shown
    inline without ``bbox_inches="tight"`` (which draws a figure twice to crop it)."""


def _png_as_laid_out(fig: Figure):
    """The inline PNG of a :class:`CourseFigure`: the notebook's own PNG printer for figures
    (its format, retina or not, and settings), minus the tight crop."""
    from IPython import get_ipython

    formatter = get_ipython().display_formatter.formatters["image/png"]
    try:
        printer = formatter.lookup_by_type(Figure)
    except KeyError:  # no inline PNG for figures in this kernel
        return None
    if isinstance(printer, functools.partial):
        return printer.func(fig, *printer.args, **{**printer.keywords, "bbox_inches": None})
    return printer(fig)


def _show_as_laid_out() -> None:
    """In IPython, show every :class:`CourseFigure` with :func:`_png_as_laid_out`."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(CourseFigure, _png_as_laid_out)


def subplots(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (4.5, 3.5)):
    """Create a pyplot figure in the course style; ``size`` is per panel, in inches."""
    import matplotlib.pyplot as plt

    _show_as_laid_out()
    with mpl.rc_context(STYLE):
        fig, axes = plt.subplots(
            nrows, ncols, figsize=(size[0] * ncols, size[1] * nrows), layout="constrained",
            FigureClass=CourseFigure,
        )
    for ax in np.atleast_1d(axes).ravel():
        apply_style(ax)
    return fig, axes


#: Screen (CSS) pixels per inch of an explorer's figure: ``size`` inches show as 90 px each.
SCREEN_DPI = STYLE["figure.dpi"]
#: Pixels rendered per screen pixel: 2 is sharp on HiDPI (device pixel ratio 2) screens.
PIXEL_DENSITY = 2


def new_figure(size: tuple[float, float] = (4.5, 4.5)) -> Figure:
    """A figure outside pyplot (no global state), for explorers that redraw often.

    It is rendered at :data:`PIXEL_DENSITY` times :data:`SCREEN_DPI` and meant to be shown
    at :func:`screen_size` (``size`` times 90 px). Margins are fixed rather than computed by
    a layout engine: that halves a redraw.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with mpl.rc_context(STYLE):
        fig = Figure(figsize=size, dpi=SCREEN_DPI * PIXEL_DENSITY)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.18, right=0.96, bottom=0.13, top=0.92)
        apply_style(fig.add_subplot())
    return fig


def screen_size(fig: Figure) -> tuple[int, int]:
    """(width, height) in screen (CSS) pixels at which an explorer figure is shown."""
    return round(fig.get_figwidth() * SCREEN_DPI), round(fig.get_figheight() * SCREEN_DPI)


def apply_style(ax: Axes) -> None:
    """Grid and spines as in :data:`STYLE` (for axes made outside :func:`subplots`)."""
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.spines[["top", "right"]].set_visible(False)


def figure_png(fig: Figure, moving=(), background=None) -> bytes:
    """Render a figure to PNG bytes at its own dpi (light compression, no alpha: fast).

    A figure from :func:`new_figure` comes out at :data:`PIXEL_DENSITY` times its
    :func:`screen_size`. ``moving`` lists the artists an explorer changes on every call;
    given a hashable ``background`` (a key for everything else: the function shown, the
    axis limits...), the rest is drawn once per key and kept as pixels, and only the
    moving artists are drawn on top of it: a redraw then costs a fraction of a full one.
    Change the key whenever anything that is not in ``moving`` changes.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    moving = sorted(moving, key=lambda artist: artist.get_zorder())
    kept = getattr(fig, "_kept_background", None)
    if background is not None and kept is not None and kept[0] == background:
        canvas.restore_region(kept[1])
    else:
        for artist in moving:
            artist.set_animated(True)  # left out of the full draw, drawn below
        canvas.draw()
        fig._kept_background = (
            (background, canvas.copy_from_bbox(fig.bbox)) if background is not None else None)
    renderer = canvas.get_renderer()
    for artist in moving:
        artist.draw(renderer)
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                            "RGBA", 0, 1)
    buffer = io.BytesIO()
    rgba.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def draw_arrow(ax: Axes, tip, origin=(0.0, 0.0), color: str = COLORS["a"], label: str = "",
               style: str = "-"):
    """Draw a 2-D vector as an arrow from ``origin`` to ``origin + tip``.

    First used in chapter 01 (vectors).
    """
    x0, y0 = origin
    dx, dy = tip
    arrow = ax.annotate(
        "", xy=(x0 + dx, y0 + dy), xytext=(x0, y0),
        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2, "linestyle": style,
                    "shrinkA": 0, "shrinkB": 0},
    )
    if label:
        ax.annotate(label, xy=(x0 + dx, y0 + dy), xytext=(6, 6), textcoords="offset points",
                    color=color, fontsize=12, fontweight="bold")
    return arrow


def square_axes(ax: Axes, limit: float) -> None:
    """Equal aspect, symmetric limits and axis lines through the origin."""
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.axhline(0, color=COLORS["muted"], lw=0.8)
    ax.axvline(0, color=COLORS["muted"], lw=0.8)


def unit_ball_boundary(p: float, points: int = 400) -> np.ndarray:
    """Points (2, points) on the 2-D unit circle of the p-norm (p = 1, 2, ... or inf).

    First used in chapter 01 (vectors).
    """
    t = np.linspace(0, 2 * np.pi, points)
    circle = np.stack([np.cos(t), np.sin(t)])
    return circle / np.linalg.norm(circle, ord=p, axis=0)


def timing_bars(ax: Axes, labels, seconds, title: str = "") -> None:
    """Horizontal bars of run times with the value written on each bar.

    First used in chapter 00 (loops vs vectorised code).
    """
    seconds = np.asarray(seconds, dtype=float)
    palette = [COLORS["b"], COLORS["a"], COLORS["derived"], COLORS["muted"]]
    colors = [palette[i % len(palette)] for i in range(len(seconds))]
    bars = ax.barh(labels, seconds * 1e3, color=colors)
    for bar, s in zip(bars, seconds, strict=True):
        ax.annotate(f" {s * 1e3:.2f} ms", xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    va="center")
    ax.set_xlabel("time (ms, best of several runs)")
    ax.set_title(title)
    ax.margins(x=0.25)


# ---------------------------------------------------------------------------------------
# Chapter 00: arrays drawn as grids of numbers
# ---------------------------------------------------------------------------------------


def array_grid(ax: Axes, values, origin=(0.0, 0.0), color: str = COLORS["a"], faded=None,
               label: str = "", fmt: str = "{:g}") -> None:
    """Draw a 1-D or 2-D array as a grid of numbered boxes, row 0 at the top.

    ``origin`` is the top-left corner in data units (each box is 1 x 1; a 1-D array is drawn
    as one row). ``faded`` is a boolean array of the same shape marking entries that are
    not stored but only implied, e.g. the copies broadcasting pretends to make; they are
    drawn pale (``faded`` may be any shape that broadcasts to the array's). ``label`` is
    written above the grid. The axes are switched off and given an equal aspect, so
    several grids can share one axes side by side.

    First used in chapter 00 (axes and broadcasting).
    """
    from matplotlib.patches import Rectangle

    grid = np.atleast_2d(np.asarray(values))
    pale = np.broadcast_to(False if faded is None else np.atleast_2d(faded), grid.shape)
    x0, y0 = origin
    for (i, j), value in np.ndenumerate(grid):
        alpha = 0.12 if pale[i, j] else 0.35
        ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, facecolor=color, alpha=alpha,
                               edgecolor=color, linewidth=1.2))
        ax.text(x0 + j + 0.5, y0 - i - 0.5, fmt.format(value), ha="center", va="center",
                fontsize=9, color="#999999" if pale[i, j] else "black")
    if label:
        ax.text(x0, y0 + 0.25, label, ha="left", va="bottom", fontsize=9, color=color)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.autoscale_view()


# ---------------------------------------------------------------------------------------
# Chapter 01: vectors
# ---------------------------------------------------------------------------------------


def heatmap(ax: Axes, values, labels, col_labels=None, title: str = "",
            vmin: float | None = None, vmax: float | None = None, cmap: str = "viridis"):
    """A matrix as coloured cells with named rows and columns, and a colour bar.

    ``labels`` names the rows (and the columns too unless ``col_labels`` is given); grid
    lines and spines are switched off. Returns the image, e.g. for a custom colour bar.

    First used in chapter 01 (the cosine similarity matrix of the toy embeddings).
    """
    values = np.asarray(values, dtype=float)
    columns = labels if col_labels is None else col_labels
    image = ax.imshow(values, vmin=vmin, vmax=vmax, cmap=cmap)
    ax.set_xticks(range(values.shape[1]), columns, rotation=90)
    ax.set_yticks(range(values.shape[0]), labels)
    ax.grid(False)
    ax.spines[:].set_visible(False)
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    return image


def right_angle_mark(ax: Axes, corner, along_1, along_2, size: float = 0.15,
                     color: str = COLORS["muted"]) -> None:
    """Draw the small square that marks a right angle at ``corner``.

    ``along_1`` and ``along_2`` are the directions of the two sides that meet there (any
    length; they are normalised); ``size`` is the side of the square in data units.

    First used in chapter 01 (the residual of a projection meets b at a right angle).
    """
    corner = np.asarray(corner, dtype=float)
    u = np.asarray(along_1, dtype=float) / np.linalg.norm(along_1) * size
    v = np.asarray(along_2, dtype=float) / np.linalg.norm(along_2) * size
    square = np.array([corner + u, corner + u + v, corner + v])
    ax.plot(square[:, 0], square[:, 1], color=color, lw=1)


# ---------------------------------------------------------------------------------------
# Chapters 05-07: contours and trajectories
# ---------------------------------------------------------------------------------------


def grid_values(objective, resolution: int = 120):
    """(X, Y, Z): the objective evaluated on a ``resolution``² grid over its window."""
    x0, x1, y0, y1 = objective.window
    X, Y = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return X, Y, objective.value(np.stack([X, Y], axis=-1))


def contours(ax: Axes, objective, levels: int = 20, resolution: int = 120, log: bool = True):
    """Draw the level sets of a 2-D toy objective over its window, minima marked with a cross.

    ``log`` spaces the levels geometrically above the minimum, so a steep valley (Rosenbrock)
    shows its floor. First used in chapter 05 (gradients are perpendicular to level sets).
    """
    X, Y, Z = grid_values(objective, resolution)
    low, high = float(Z.min()), float(np.percentile(Z, 95))
    if log:
        offsets = np.geomspace(max((high - low) * 1e-4, 1e-9), high - low, levels)
        heights = low + offsets
    else:
        heights = np.linspace(low, high, levels)
    drawn = ax.contour(X, Y, Z, levels=np.unique(heights), colors=COLORS["muted"], linewidths=0.7,
                       negative_linestyles="solid")
    for point in objective.minima:
        ax.plot(*point, marker="x", color="black", markersize=7, linestyle="none")
    ax.set_xlim(objective.window[0], objective.window[1])
    ax.set_ylim(objective.window[2], objective.window[3])
    ax.set_aspect("equal", adjustable="box")
    return drawn


def trajectory(ax: Axes, path, color: str = COLORS["a"], label: str = ""):
    """Draw an optimiser's path (an array of points, one per row): a line with dots, the start ringed.

    Returns the line, so an explorer can move it with ``set_data``. First used in chapter 06.
    """
    path = np.asarray(path, dtype=float)
    (line,) = ax.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=2.5, linewidth=1.2,
                      label=label)
    ax.plot(path[0, 0], path[0, 1], "o", markerfacecolor="none", markeredgecolor=color,
            markersize=8)
    return line


# ---------------------------------------------------------------------------------------
# Chapter 02: transformed grids
# ---------------------------------------------------------------------------------------

#: Fill of the unit square's image when a 2x2 map flips orientation (negative determinant).
FLIPPED = "#ff7f0e"


def grid_lines(A, extent: float = 8.0, step: float = 1.0) -> np.ndarray:
    """The grid lines x = c and y = c (|c| <= extent) mapped by the 2x2 matrix ``A``.

    Returns points of shape (2, k): the two mapped ends of every line, with a column of
    NaN after each line, so one ``Line2D`` draws the whole grid (a linear map sends
    straight lines to straight lines, so the ends are enough).

    First used in chapter 02 (matrices as maps of the plane).
    """
    A = np.asarray(A, dtype=float)
    ticks = np.arange(-extent, extent + step / 2, step)
    ends = np.full(ticks.size, extent)
    vertical = np.stack([np.repeat(ticks, 2), np.ravel(np.column_stack([-ends, ends]))])
    horizontal = vertical[::-1]
    points = A @ np.concatenate([vertical, horizontal], axis=1)
    lines = points.reshape(2, -1, 2)
    gaps = np.full((2, lines.shape[1], 1), np.nan)
    return np.concatenate([lines, gaps], axis=2).reshape(2, -1)


def unit_square_image(A) -> np.ndarray:
    """Corners (2, 5) of the image of the unit square under ``A``, as a closed path.

    The corners are taken in the order 0, e1, e1 + e2, e2, 0 (counter-clockwise), so the
    path runs counter-clockwise exactly when ``A`` keeps orientation (det A > 0).

    First used in chapter 02 (matrices as maps of the plane).
    """
    square = np.array([[0.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0, 0.0]])
    return np.asarray(A, dtype=float) @ square


def linear_map(ax: Axes, A, artists: dict | None = None, limit: float = 3.0,
               title: str | None = None) -> dict:
    """Draw what the 2x2 matrix ``A`` does to the plane, and return the artists.

    The axes' own grid (at whole numbers) is the plane before the map; on top of it come
    the mapped grid, the original unit square (dashed), its image (filled: green when A
    keeps orientation, orange when it flips it, a flat line when det A = 0), and the
    columns A e1 (blue) and A e2 (red) as arrows. Pass the returned dict back as
    ``artists`` to move the existing artists instead of drawing new ones (how the
    explorer redraws fast).

    First used in chapter 02 (matrices as maps of the plane).
    """
    from matplotlib.patches import Polygon

    A = np.asarray(A, dtype=float)
    artists = {} if artists is None else artists
    if not artists:
        square_axes(ax, limit)
        whole = np.arange(-np.floor(limit), np.floor(limit) + 1)
        ax.set_xticks(whole)
        ax.set_yticks(whole)
        artists["grid"] = ax.plot([], [], color=COLORS["a"], lw=0.8, alpha=0.45)[0]
        ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], "--", color=COLORS["muted"], lw=1)
        artists["square"] = ax.add_patch(Polygon(np.zeros((4, 2)), closed=True, alpha=0.35,
                                                 edgecolor="black", lw=1.2))
        for name, color, label in (("e1", COLORS["a"], "Ae₁"), ("e2", COLORS["b"], "Ae₂")):
            artists[name] = draw_arrow(ax, (1, 0), color=color)
            artists[name + " label"] = ax.annotate(
                label, xy=(1, 0), xytext=(5, 5), textcoords="offset points", color=color,
                fontsize=11, fontweight="bold")
        artists["title"] = ax.set_title("")
    artists["grid"].set_data(*grid_lines(A, extent=max(8.0, 3 * limit)))
    corners = unit_square_image(A)
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    artists["square"].set_xy(corners[:, :4].T)
    artists["square"].set_facecolor(FLIPPED if det < 0 else COLORS["derived"])
    for name, column in (("e1", A[:, 0]), ("e2", A[:, 1])):
        artists[name].xy = tuple(column)
        artists[name + " label"].xy = tuple(column)
    if title is not None:
        artists["title"].set_text(title)
    return artists


# ---------------------------------------------------------------------------------------
# Chapter 04: images
# ---------------------------------------------------------------------------------------


def show_image(ax: Axes, values, title: str = "", cmap: str = "gray",
               vmin: float | None = None, vmax: float | None = None):
    """Draw a 2-D array as a picture (square pixels, no axes drawn); return the image.

    Keep the returned ``AxesImage`` and call ``set_data`` on it to show another array of
    the same shape: that is how an explorer redraws a picture fast.

    First used in chapter 04 (low-rank approximations of an image).
    """
    image = ax.imshow(np.asarray(values, dtype=float), cmap=cmap, vmin=vmin, vmax=vmax,
                      interpolation="nearest")
    ax.set_axis_off()  # no ticks, spines or grid: also the fastest to redraw
    if title:
        ax.set_title(title)
    return image


# ---------------------------------------------------------------------------------------
# Chapter 05: gradient fields
# ---------------------------------------------------------------------------------------


def gradient_field(ax: Axes, objective, density: int = 13, color: str = COLORS["b"],
                   alpha: float = 0.55, length: float = 0.7):
    """Arrows of the gradient's *direction* on a ``density``² grid over the objective's window.

    Every arrow has the same length (``length`` times the grid spacing): only the direction
    is shown, because gradient sizes differ by orders of magnitude across a window. Points
    where the gradient vanishes get no arrow. Returns the ``Quiver`` (hide it with
    ``set_visible``). First used in chapter 05 (the gradient points uphill, across the
    level sets).
    """
    x0, x1, y0, y1 = objective.window
    spacing = min(x1 - x0, y1 - y0) / density
    X, Y = np.meshgrid(np.linspace(x0 + spacing / 2, x1 - spacing / 2, density),
                       np.linspace(y0 + spacing / 2, y1 - spacing / 2, density))
    G = np.asarray(objective.gradient(np.stack([X, Y], axis=-1)), dtype=float)
    norms = np.linalg.norm(G, axis=-1)
    keep = norms > 1e-12
    U = np.where(keep, G[..., 0] / np.where(keep, norms, 1.0), np.nan)
    V = np.where(keep, G[..., 1] / np.where(keep, norms, 1.0), np.nan)
    return ax.quiver(X, Y, U, V, color=color, alpha=alpha, angles="xy", scale_units="xy",
                     scale=1 / (length * spacing), pivot="tail", width=0.004)


# ---------------------------------------------------------------------------------------
# Chapter 06: log axes with plain ticks
# ---------------------------------------------------------------------------------------


def power_label(exponent: int) -> str:
    """Plain-text label of 10**exponent: "1e-6", "0.1", "1", "10", "1e4"."""
    return {-1: "0.1", 0: "1", 1: "10"}.get(exponent, f"1e{exponent}")


def log_y(ax: Axes, low: int, high: int, every: int = 1) -> None:
    """A log-scale y axis from 10**low to 10**high with plain-text ticks at powers of ten.

    The default log-axis labels are mathtext, which is slow to draw; these are plain text.
    ``every`` keeps every n-th power (counted from ``high``). First used in chapter 06
    (loss curves on a log scale).
    """
    ax.set_yscale("log")
    exponents = list(range(high, low - 1, -every))[::-1]
    ax.set_yticks([10.0**e for e in exponents], [power_label(e) for e in exponents])
    ax.minorticks_off()
    ax.set_ylim(10.0**low, 10.0**high)


def few_ticks(ax: Axes, count: int = 3, axis: str = "both") -> None:
    """``count`` evenly spaced plain-text ticks over the current limits of ``axis``.

    Tick labels are most of the time a static figure takes to draw; a contour plot or a
    small panel needs only a few. ``axis`` is "x", "y" or "both" (use :func:`log_y` for a
    log axis). First used in chapter 06.
    """
    for name in ("x", "y") if axis == "both" else (axis,):
        low, high = ax.get_xlim() if name == "x" else ax.get_ylim()
        ticks = np.linspace(low, high, count)
        ticks[np.abs(ticks) < 1e-12 * max(abs(low), abs(high))] = 0.0
        labels = [str(int(t)) if float(t).is_integer() else f"{t:.3g}" for t in ticks]
        (ax.set_xticks if name == "x" else ax.set_yticks)(ticks, labels)


# ---------------------------------------------------------------------------------------
# Explorers over several toy functions (chapters 06 and 07)
# ---------------------------------------------------------------------------------------


def contour_layer(ax: Axes, objective, key: str, layers: dict, **contour_options) -> list:
    """Show ``objective``'s contours as the layer ``key``; draw them only the first time.

    ``layers`` (kept by the explorer between calls) maps each key to its artists; every
    other layer is hidden. Switching back to a function costs no redraw of its contours.
    """
    if key not in layers:
        before = set(ax.get_children())
        contours(ax, objective, **contour_options)
        layers[key] = [a for a in ax.get_children() if a not in before]
    for name, layer in layers.items():
        for artist in layer:
            artist.set_visible(name == key)
    return layers[key]


def drawable_path(path, window) -> np.ndarray:
    """A path made safe to draw: points far outside ``window`` pulled in, non-finite ones dropped.

    A diverging run ends near 1e300; its line still leaves the picture, but the renderer
    never sees such numbers.
    """
    path = np.asarray(path, dtype=float)
    left, right, bottom, top = window
    span = 100 * max(right - left, top - bottom)
    with np.errstate(invalid="ignore"):
        shown = np.clip(path, -span, span)
    shown[~np.isfinite(path).all(axis=1)] = np.nan
    return shown


# ---------------------------------------------------------------------------------------
# Figures that repeat (chapters 06 and 07): loss curves, paths on contours, panels
# ---------------------------------------------------------------------------------------

#: Colours given in turn to the curves or paths of one figure when none are named.
CYCLE = (COLORS["a"], COLORS["b"], COLORS["derived"], "#ff7f0e", "#9467bd", "#17becf",
         COLORS["muted"])


def _colour(colors, label: str, index: int) -> str:
    """The colour of the ``index``-th curve or path.

    ``colors`` is a dict (label -> colour), a sequence (one colour per curve, in order) or
    None; whatever it does not name takes the next colour of :data:`CYCLE`.
    """
    if isinstance(colors, dict):
        if label in colors:
            return colors[label]
    elif colors is not None and index < len(colors):
        return colors[index]
    return CYCLE[index % len(CYCLE)]


def _widths(count: int, layered: bool) -> list[float]:
    """Line widths: all 1.2, or (``layered``) widest first, so lines that coincide stay visible."""
    return [1.2 + (1.2 * (count - 1 - i) if layered else 0.0) for i in range(count)]


def label_axes(ax: Axes, xlabel: str, ylabel: str, title: str = "",
               legend: bool | str = False) -> None:
    """The course's axis labels, a title at its fixed size, and a legend (``True`` places it
    where matplotlib finds room, a string such as ``"lower right"`` places it there)."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(fontsize=8, loc="best" if legend is True else legend)


def loss_curves(ax: Axes, curves, low: int, high: int, every: int = 1, x=None,
                xlabel: str = "step k", ylabel: str = "loss", title: str = "",
                colors=None, styles=None, legend: bool | str = True, markers: bool = False,
                layered: bool = False) -> list:
    """Several runs against the step on one log-scale y axis, from 10**low to 10**high.

    ``curves`` maps a label to the values of one run (any length: a run that diverged may
    stop early; values that are 0, negative or inf are simply not drawn). ``x`` gives
    common x values (default 0, 1, 2, ..., with whole-number ticks). ``colors`` (a dict by
    label, or a list in order) and ``styles`` (a dict by label, e.g. ``{"formula": "k--"}``)
    set colours and line styles; other curves take the course colours in turn. ``markers``
    puts a dot on every point (short runs). ``layered`` draws the first curve widest and
    pale and each later one narrower on top, so runs that coincide for a while (a schedule
    that starts as the constant rate) all stay visible. The y axis gets plain-text ticks
    (:func:`log_y`). Returns the lines, in the order of ``curves``.

    First used in chapter 06 (the four regimes of the learning rate as loss curves).
    """
    lines, widths = [], _widths(len(curves), layered)
    for index, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        steps = np.arange(len(values)) if x is None else np.asarray(x)[: len(values)]
        style = (styles or {}).get(label, "-")
        options = {"label": label, "lw": widths[index]}
        if layered and index < len(curves) - 1:
            options["alpha"] = 0.55
        if not any(c in style for c in "bgrcmykw"):
            options["color"] = _colour(colors, label, index)
        if markers:
            options.update(marker="o", markersize=3)
        with np.errstate(invalid="ignore", divide="ignore"):
            shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        (line,) = ax.plot(steps, shown, style, **options)
        lines.append(line)
    log_y(ax, low, high, every=every)
    if x is None:  # steps are whole numbers
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10], integer=True))
    label_axes(ax, xlabel, ylabel, title, legend if any(curves) else False)
    return lines


def contour_paths(ax: Axes, objective, paths=None, levels: int = 14, resolution: int = 80,
                  colors=None, title: str = "", xlabel: str = "x₁", ylabel: str = "x₂",
                  ticks: int = 3, legend: bool | str = True, log: bool = True) -> list:
    """A toy objective's contours with one or more optimiser paths on top, axes labelled.

    ``paths`` maps a label to a path (one point per row, the start first); an empty label
    draws a path without a legend entry. Paths that leave the window (a diverging run) are
    pulled in before drawing (:func:`drawable_path`). ``colors`` maps labels to colours;
    otherwise the course colours are used in turn. ``ticks`` plain ticks per axis;
    ``legend`` is True, False or a matplotlib location such as "upper left". Returns the
    path lines, in the order of ``paths``.

    First used in chapter 06 (gradient descent just below and just above 2/λmax).
    """
    contours(ax, objective, levels=levels, resolution=resolution, log=log)
    lines = []
    for index, (label, path) in enumerate((paths or {}).items()):
        lines.append(trajectory(ax, drawable_path(path, objective.window),
                                color=_colour(colors, label, index), label=label))
    few_ticks(ax, ticks)
    label_axes(ax, xlabel, ylabel, title, legend if any(paths or {}) else False)
    return lines


def contour_panels(panels, size: tuple[float, float] = (3.4, 3.4), **options):
    """Side-by-side contour plots, one per panel, each with its own paths; returns (fig, axes).

    ``panels`` maps a panel's title to ``(objective, paths)`` (``paths`` as in
    :func:`contour_paths`, which draws each panel with ``options``): e.g. the same function
    at two learning rates, or two functions with the same optimisers.

    First used in chapter 06 (a stable and a diverging run side by side).
    """
    fig, axes = subplots(1, len(panels), size=size)
    axes = np.atleast_1d(axes)
    for ax, (title, (objective, paths)) in zip(axes, panels.items(), strict=True):
        contour_paths(ax, objective, paths, title=title, **options)
    return fig, axes


def path_on_curve(ax: Axes, function, grid, runs, colors=None, xlabel: str = "x",
                  ylabel: str = "f(x)", title: str = "", legend: bool | str = True) -> list:
    """A 1-D function drawn over ``grid`` and runs on it, each point drawn at (x_k, f(x_k)).

    ``function`` takes an array of x values; ``runs`` maps a label to the x values of a
    run (the start first). An empty label draws a run without a legend entry. Returns the
    run lines, in the order of ``runs``.

    First used in chapter 06 (gradient descent down a parabola).
    """
    grid = np.asarray(grid, dtype=float)
    ax.plot(grid, function(grid), color=COLORS["muted"])
    lines = []
    for index, (label, xs) in enumerate(runs.items()):
        xs = np.asarray(xs, dtype=float).ravel()
        (line,) = ax.plot(xs, function(xs), "o-", ms=3, lw=1,
                          color=_colour(colors, label, index), label=label)
        lines.append(line)
    label_axes(ax, xlabel, ylabel, title, legend if any(runs) else False)
    return lines


def measured_vs_formula(ax: Axes, x, measured, formula, xlabel: str, ylabel: str,
                        formula_label: str = "formula", measured_label: str = "measured",
                        marks=None, log: tuple[int, int, int] | None = None) -> list:
    """Measured values as dots and a formula's prediction as a dashed line, against ``x``.

    ``marks`` maps a label to an x value drawn as a vertical line (a limit, an optimum).
    ``log`` = (low, high, every) makes the y axis logarithmic (:func:`log_y`). Returns the
    two lines (measured, formula).

    First used in chapter 06 (the rate of gradient descent against the learning rate).
    """
    (dots,) = ax.plot(x, measured, "o", ms=3, color=COLORS["a"], label=measured_label)
    (line,) = ax.plot(x, formula, "--", color=COLORS["b"], label=formula_label)
    for index, (label, where) in enumerate((marks or {}).items()):
        ax.axvline(where, color=("black", COLORS["derived"], COLORS["muted"])[index % 3],
                   ls=(":", "-", "-.")[index % 3], lw=1, label=label)
    if log is not None:
        log_y(ax, *log)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return [dots, line]


def lr_schedules(ax: Axes, schedules, steps: int, xlabel: str = "step t",
                 ylabel: str = "learning rate", title: str = "", colors=None,
                 legend: bool | str = True) -> list:
    """Learning-rate schedules against the step t = 0, 1, ..., ``steps``, drawn so all show.

    ``schedules`` maps a label to a number (a constant rate) or a function of t. Schedules
    often coincide for a while (a step decay starts as the constant rate, a warm-up ends on
    it), so they are layered: the first is widest and pale, each later one narrower on top.
    Returns the lines, in the order of ``schedules``.

    First used in chapter 07 (step, cosine and warm-up schedules).
    """
    t = np.arange(steps + 1)
    lines, widths = [], _widths(len(schedules), True)
    for index, (label, schedule) in enumerate(schedules.items()):
        rate = [schedule(k) for k in t] if callable(schedule) else np.full(t.size, schedule)
        (line,) = ax.plot(t, rate, color=_colour(colors, label, index), lw=widths[index],
                          alpha=0.55 if index < len(schedules) - 1 else 1.0, label=label)
        lines.append(line)
    ax.set_ylim(0, 1.1 * max(float(np.max(line.get_ydata())) for line in lines))
    label_axes(ax, xlabel, ylabel, title, legend)
    return lines


# ---------------------------------------------------------------------------------------
# Chapter 08: classifiers on 2-D data
# ---------------------------------------------------------------------------------------

#: Colours of class 0 and class 1 in scatter plots of labelled 2-D data.
CLASS_COLORS = (COLORS["a"], "#ff7f0e")


def labelled_points(ax: Axes, X, y, size: float = 10, labels=("class 0", "class 1")) -> list:
    """Scatter 2-D points ``X`` (one per row) coloured by their labels ``y`` in {0, 1}.

    Returns the two scatter collections (class 0, class 1). First used in chapter 08.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    return [ax.scatter(X[y == k, 0], X[y == k, 1], s=size, color=CLASS_COLORS[k],
                       edgecolors="white", linewidths=0.3, label=labels[k], zorder=3)
            for k in (0, 1)]


def decision_regions(ax: Axes, X, y, probability, window=None, resolution: int = 120,
                     title: str = "", xlabel: str = "x₁", ylabel: str = "x₂",
                     legend: bool | str = True):
    """A classifier on 2-D data: shaded P(class 1), the boundary P = 0.5, and the points.

    ``probability(points)`` takes an array of shape (m, 2) and returns m probabilities of
    class 1 (a logistic regression, or chapter 10's MLP). ``window`` is (x_min, x_max,
    y_min, y_max), by default the data's range with a margin. Returns the shaded image.
    First used in chapter 08 (logistic regression on blobs and two moons).
    """
    X = np.asarray(X, dtype=float)
    if window is None:
        low, high = X.min(axis=0), X.max(axis=0)
        margin = 0.1 * (high - low)
        window = (low[0] - margin[0], high[0] + margin[0], low[1] - margin[1], high[1] + margin[1])
    gx, gy = np.meshgrid(np.linspace(window[0], window[1], resolution),
                         np.linspace(window[2], window[3], resolution))
    p = np.asarray(probability(np.column_stack([gx.ravel(), gy.ravel()])), dtype=float)
    p = p.reshape(gx.shape)
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("classes", [CLASS_COLORS[0], "white",
                                                         CLASS_COLORS[1]])
    image = ax.imshow(p, origin="lower", extent=window, cmap=cmap, vmin=0, vmax=1, alpha=0.35,
                      aspect="auto", interpolation="bilinear")
    if p.min() < 0.5 < p.max():
        ax.contour(gx, gy, p, levels=[0.5], colors="black", linewidths=1.2)
    labelled_points(ax, X, y)
    ax.set_xlim(window[0], window[1])
    ax.set_ylim(window[2], window[3])
    label_axes(ax, xlabel, ylabel, title, legend)
    return image
