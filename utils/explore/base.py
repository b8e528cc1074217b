"""The explorers' shared machinery: controls over a pure compute function, redrawn on every change.

An explorer is three small pieces, each testable without a browser:

* ``compute(**values) -> state``: pure maths, no drawing (tests call it directly);
* ``draw(ax, state, artists)``: draws the state (optional). ``artists`` is a dict kept
  between calls: empty on the first call, where the function creates its lines, arrows
  and labels and stores them there; later calls only move them. Updating artists instead
  of redrawing the axes keeps a callback well under 100 ms. Faster still: list the
  artists that move in ``artists["moving"]`` and set ``artists["background"]`` to a key
  of everything else (e.g. the function shown); the rest is then drawn once per key and
  reused as pixels (``plots.figure_png``);
* ``readout(state) -> html``: the numbers, as text.

:class:`Explorer` wires them to controls; :meth:`Explorer.update` is what a slider move
runs, and tests call it (or set ``control.value``) to drive an explorer headless.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from utils import plots


class Explorer:
    """Controls + a picture + a readout, recomputed and redrawn whenever a control moves.

    The layout wraps to fit the notebook (a 1400×900 JupyterLab with the file
    browser open, and narrower): the controls form a column as wide as their longest label
    needs (:func:`fit_controls`), and the picture sits beside it, shrinking to
    ``picture_min`` of its size before it moves below; it always keeps its aspect ratio.
    ``readout_below`` puts the readout under both (for wide pictures and tables) instead of
    under the controls; ``picture_below`` gives the picture a row of its own under the
    controls, with the readout beside them (for a tall column of controls).
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., dict],
        readout: Callable[[dict], str],
        draw: Callable[[object, dict, dict], None] | None = None,
        size: tuple[float, float] = (4.5, 4.5),
        readout_below: bool = False,
        picture_min: float = 0.7,
        picture_below: bool = False,
    ):
        self.controls = dict(controls)
        self.compute, self.readout_fn, self.draw = compute, readout, draw
        self.figure = plots.new_figure(size) if draw else None
        self.image = picture(self.figure, picture_min) if draw else None
        column_width = fit_controls(self.controls.values())
        if picture_below and self.image is not None:
            self.image.layout.flex = "0 0 100%"  # a row of its own
        readout_layout = {"width": "100%" if readout_below else f"{column_width}px"}
        if picture_below:
            readout_layout = {"flex": "1 1 280px", "width": "auto"}
        self.readout = widgets.HTMLMath(layout=widgets.Layout(max_width="100%", **readout_layout))
        self.state: dict = {}
        self.artists: dict = {}
        self.last_ms = 0.0
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        in_column = not (readout_below or picture_below)
        column = list(self.controls.values()) + ([self.readout] if in_column else [])
        items = [widgets.VBox(column, layout=widgets.Layout(
            width=f"{column_width + 2 * _MARGIN_PX}px", max_width="100%", flex="0 0 auto",
            margin="0 16px 8px 0"))]
        items += [self.readout] if picture_below else []
        items += [self.image] if self.image is not None else []
        items += [self.readout] if readout_below and not picture_below else []
        self.widget = widgets.HBox(items, layout=widgets.Layout(
            flex_flow="row wrap", align_items="flex-start", width="100%"))
        self.update()

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self) -> dict:
        """Recompute, redraw and refresh the readout; return the new state."""
        start = time.perf_counter()
        try:
            self.state = self.compute(**self.values())
            self.readout.value = self.readout_fn(self.state)
            if self.draw is not None:
                self.draw(self.figure.axes[0], self.state, self.artists)
                self.image.value = plots.figure_png(self.figure, self.artists.get("moving", ()),
                                                    self.artists.get("background"))
        except Exception as error:  # shown in the widget: callback errors vanish otherwise
            self.readout.value = f"<span style='color:#b3261e'>{html.escape(repr(error))}</span>"
        self.last_ms = (time.perf_counter() - start) * 1e3
        return self.state

    def _on_change(self, _change: object) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


#: Screen pixels per character of a control's label (JupyterLab's 13 px UI font, generous).
LABEL_PX_PER_CHAR = 7.2
#: Width of a slider's track (its readout and margins come on top), in screen pixels.
TRACK_PX = 160
_READOUT_PX = 96  # the value readout (72 px) and the margins around label, track and readout
_MARGIN_PX = 2  # around every control (ipywidgets' --jp-widgets-margin)


def label_px(text: str) -> int:
    """Estimated screen width of a control label or option, in pixels."""
    return round(LABEL_PX_PER_CHAR * len(text)) + 8


#: Selections drawn as sliders: they get a track like the numeric sliders.
OPTION_SLIDERS = widgets.SelectionSlider | widgets.SelectionRangeSlider


def fit_controls(controls) -> int:
    """Give labelled controls one label width and a width that shows them whole; return it.

    Every description gets the width of the longest one (so tracks and readouts line up),
    sliders a track of :data:`TRACK_PX`, drop-downs and lists room for their longest
    option, buttons room for their text. The returned width is the column's.
    """
    controls = list(controls)
    labelled = [c for c in controls if not isinstance(c, widgets.ToggleButton)]
    label = max((label_px(c.description) for c in labelled if c.description), default=0)
    widths = {}
    for control in controls:
        if isinstance(control, widgets.ToggleButton | widgets.Button):
            widths[control] = max(148, label_px(control.description) + 32)
            continue
        if isinstance(control, OPTION_SLIDERS):  # a slider whose readout is an option's label
            longest = max(label_px(str(name)) for name in control.options)
            body = TRACK_PX + max(_READOUT_PX, longest + 12)
        elif isinstance(control, widgets.widget_selection._Selection):
            body = max(label_px(str(name)) for name in control.options) + 40
        elif isinstance(control, widgets.widget_string.Text):
            body = 180
        else:
            body = TRACK_PX + _READOUT_PX
        widths[control] = label + 8 + body
    column = max(widths.values(), default=0)
    for control, width in widths.items():
        if isinstance(control, widgets.ToggleButton | widgets.Button):
            control.layout.width = f"{width}px"
            control.layout.margin = f"2px 0 2px {label + 10 if label else 0}px"
            continue
        control.style.description_width = f"{label}px"
        # Sliders stretch to the column (their readouts line up); the rest keep what they need.
        slider_like = isinstance(control, OPTION_SLIDERS) or not isinstance(
            control, widgets.widget_selection._Selection | widgets.Text)
        control.layout.width = f"{column if slider_like else width}px"
        control.layout.max_width = "100%"
    return column


def picture(figure, shrink: float = 0.7) -> widgets.Image:
    """The Image that shows ``figure``'s PNG (rendered at plots.PIXEL_DENSITY) at its screen size.

    It may shrink to ``shrink`` of that width (and then to the notebook's width) before it
    wraps below the controls; its height follows, so the aspect ratio is always the figure's.
    """
    width, _height = plots.screen_size(figure)
    return widgets.Image(format="png", layout=widgets.Layout(
        flex=f"1 1 {round(min(width, max(360, shrink * width)))}px", width="auto",
        max_width=f"min({width}px, 100% - {2 * _MARGIN_PX}px)", min_width="0", height="auto",
        object_fit="contain", align_self="flex-start"))


def slider(description: str, low: float, high: float, value: float, step: float = 1,
           integer: bool = False, readout_format: str | None = None):
    """A labelled slider in the course layout (``integer`` for whole steps, e.g. exponents).

    Its label and track widths are fitted by :class:`Explorer` (:func:`fit_controls`).
    """
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    extra = {} if readout_format is None else {"readout_format": readout_format}
    return kind(
        value=value, min=low, max=high, step=step, description=description,
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="320px"), **extra,
    )


# ---------------------------------------------------------------------------------------
# Numbers for people: readouts and titles
# ---------------------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
MINUS = "\u2212"


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def fixed(x: float, decimals: int = 2, sign: bool = False, tex: bool = False) -> str:
    """``x`` with ``decimals`` decimals, a true minus sign and never "−0.00" (``sign``: "+0.50").

    ``tex`` keeps the ASCII "-" (inside ``$...$``, where TeX draws it as a minus).
    First used in chapter 01's explorer.
    """
    x = float(x)
    if not math.isfinite(x):
        return number(x, tex=tex)
    text = f"{x:.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    elif sign and x > 0:
        text = "+" + text
    return text if tex else _minus(text)


def pair(p, decimals: int = 2, tex: bool = False) -> str:
    """A point as "(1.00, −0.50)", see :func:`fixed`. First used in chapter 01's explorer."""
    return "(" + ", ".join(fixed(v, decimals, tex=tex) for v in p) + ")"


def number(x: float, digits: int = 3, tex: bool = False) -> str:
    """``x`` to ``digits`` significant digits, as people write it.

    Plain between 10⁻³ and 10⁵ ("0.0153", "1234", "−2.5"), scientific outside with a
    true minus and a superscript ("5.02 × 10⁻¹⁰"); "0", "∞" and "—" (not a number).
    ``tex`` gives the LaTeX for inside ``$...$`` ("5.02 \\times 10^{-10}").
    First used in chapter 00's explorer.
    """
    x = float(x)
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        sign = ("-" if tex else MINUS) if x < 0 else ""
        return sign + ("\\infty" if tex else "∞")
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    mantissa = round(x / 10.0**exponent, digits - 1)
    if abs(mantissa) >= 10:  # 9.996 rounds up to 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    if -3 <= exponent < 5:
        decimals = max(0, digits - 1 - exponent)
        text = f"{round(x, decimals):.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text if tex else _minus(text)
    head = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    if tex:
        return ("" if head == "1" else f"{head} \\times ") + f"10^{{{exponent}}}"
    return ("" if head == "1" else f"{_minus(head)} × ") + power_of_ten(exponent)


def power_of_ten(exponent: int) -> str:
    """10**exponent as "10⁻⁶" (and "1", "10"): plain text, fast to draw as a tick label.

    First used in chapter 00's explorer.
    """
    return {0: "1", 1: "10"}.get(int(exponent), "10" + str(int(exponent)).translate(_SUPERSCRIPTS))


def path_and_loss_axes(ax, left: list[float], right: list[float], limits, ticks,
                       step_label: str):
    """Lay out a path explorer's figure: contours in x₁, x₂ at ``left``, and a log-scale
    loss axis at ``right`` with ``limits`` and power-of-ten ``ticks``; return the loss axis.

    Shared by the gradient-descent explorer (chapter 06) and the optimizer race (07).
    """
    ax.set_position(left)
    ax.set_xlabel("x₁", labelpad=1)
    ax.set_ylabel("x₂", labelpad=1)
    loss_ax = ax.figure.add_axes(right)
    plots.apply_style(loss_ax)
    loss_ax.set_yscale("log")
    loss_ax.set_ylim(*limits)
    loss_ax.set_yticks(ticks, [power_of_ten(round(math.log10(t))) for t in ticks])
    loss_ax.minorticks_off()
    loss_ax.set_xlabel(step_label)
    return loss_ax


def boundary_and_loss_axes(ax, max_step: int, loss_title: str, grid: int,
                           interpolation: str = "nearest") -> dict:
    """Lay out a decision-boundary explorer's figure: at the left, P(class 1) shaded (a
    ``grid`` × ``grid`` image) with the boundary line; at the right, the loss against the
    step from 0 to ``max_step``. Return the artists a callback moves: ``image``, ``line``,
    ``loss``, ``now`` (the current step), ``title``, ``loss_ax`` and ``moving``.

    Shared by logistic regression's boundary explorer (chapter 08) and the MLP's (10).
    """
    from matplotlib.colors import LinearSegmentedColormap

    ax.set_position([0.08, 0.14, 0.40, 0.76])
    ax.set_xlabel("x₁", labelpad=1)
    ax.set_ylabel("x₂", labelpad=1)
    cmap = LinearSegmentedColormap.from_list(
        "classes", [plots.CLASS_COLORS[0], "white", plots.CLASS_COLORS[1]])
    artists = {
        "image": ax.imshow(np.full((grid, grid), 0.5), origin="lower", cmap=cmap, vmin=0,
                           vmax=1, alpha=0.35, aspect="auto", interpolation=interpolation,
                           zorder=1),
        "line": ax.plot([], [], color="black", lw=1.4, zorder=4)[0],
    }
    loss_ax = ax.figure.add_axes([0.6, 0.14, 0.37, 0.74])
    plots.apply_style(loss_ax)
    loss_ax.set_xlabel("step")
    loss_ax.set_ylabel("cross-entropy", labelpad=1)
    loss_ax.set_title(loss_title, fontsize=9)
    loss_ax.set_xlim(0, max_step)
    artists["loss"] = loss_ax.plot([], [], color=plots.COLORS["a"], lw=1.2)[0]
    artists["now"] = loss_ax.plot([], [], "o", color=plots.COLORS["b"], ms=5)[0]
    artists["loss_ax"] = loss_ax
    artists["title"] = ax.set_title("", fontsize=9)
    artists["moving"] = [artists[k] for k in ("image", "line", "now", "title")]
    return artists


def show_window(ax, image, window) -> None:
    """Fit ``ax`` and its shaded ``image`` to ``window`` (x₁ low, high, x₂ low, high), with
    three ticks on each axis."""
    image.set_extent(window)
    ax.set_xlim(window[0], window[1])
    ax.set_ylim(window[2], window[3])
    for setter, low, high in ((ax.set_xticks, *window[:2]), (ax.set_yticks, *window[2:])):
        ticks = np.linspace(low, high, 3)
        setter(ticks, [number(round(v, 1)) for v in ticks])
