"""The explorers' shared machinery: controls over a pure compute function, redrawn on every change.

An explorer is three small pieces, each testable without a browser:

* ``compute(**values) -> state``: pure maths, no drawing (tests call it directly);
* ``draw(ax, state, artists)``: draws the state (optional). ``artists`` is a dict kept
  between calls: empty on the first call, where the function creates its lines, arrows
  and labels and stores them there; later calls only move them. Updating artists instead
  of redrawing the axes keeps a callback well under 100 ms;
* ``readout(state) -> html``: the numbers, as text.

:class:`Explorer` wires them to controls; :meth:`Explorer.update` is what a slider move
runs, and tests call it (or set ``control.value``) to drive an explorer headless.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping

import ipywidgets as widgets

from utils import plots


class Explorer:
    """Controls + a picture + a readout, recomputed and redrawn whenever a control moves."""

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., dict],
        readout: Callable[[dict], str],
        draw: Callable[[object, dict, dict], None] | None = None,
        size: tuple[float, float] = (4.5, 4.5),
    ):
        self.controls = dict(controls)
        self.compute, self.readout_fn, self.draw = compute, readout, draw
        self.figure = plots.new_figure(size) if draw else None
        self.image = widgets.Image(format="png") if draw else None
        self.readout = widgets.HTMLMath()
        self.state: dict = {}
        self.artists: dict = {}
        self.last_ms = 0.0
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        picture = [self.image] if self.image is not None else []
        self.widget = widgets.HBox(
            [widgets.VBox(list(self.controls.values()) + [self.readout]), *picture]
        )
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
                self.image.value = plots.figure_png(self.figure)
        except Exception as error:  # shown in the widget: callback errors vanish otherwise
            self.readout.value = f"<span style='color:#b3261e'>{html.escape(repr(error))}</span>"
        self.last_ms = (time.perf_counter() - start) * 1e3
        return self.state

    def _on_change(self, _change: object) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def slider(description: str, low: float, high: float, value: float, step: float = 1,
           integer: bool = False):
    """A labelled slider in the course layout (``integer`` for whole steps, e.g. exponents)."""
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    return kind(
        value=value, min=low, max=high, step=step, description=description,
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="320px"),
    )
