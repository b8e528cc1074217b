"""The chapter 07 optimizer race: its pure compute function, and the explorer driven headless."""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import pytest

from utils import explore, optim

pytestmark = pytest.mark.filterwarnings("error")

BOWL = "bowl κ = 100, tilted 30°"
ALIGNED = "bowl κ = 100, axis-aligned"


def race(function=BOWL, optimizers=explore.RACE_OPTIMIZERS, lr=0.01, lr_adaptive=0.1,
         momentum=0.9, beta1=0.9, beta2=0.999, steps=150):
    return explore.optimizer_race(function, optimizers, lr, lr_adaptive, momentum, beta1, beta2,
                                  steps)


def test_race_functions_are_the_chapter_toys():
    """Two κ = 100 bowls (tilted and aligned) and Rosenbrock, each with a start in its window."""
    functions = explore.race_functions()
    assert set(functions) == set(explore.RACE_DEFAULTS)
    for name in (BOWL, ALIGNED):
        eigenvalues = np.linalg.eigvalsh(functions[name][0].matrix)
        assert np.isclose(eigenvalues.max() / eigenvalues.min(), 100)
    for objective, start in functions.values():
        left, right, bottom, top = objective.window
        assert left < start[0] < right and bottom < start[1] < top


def test_race_paths_are_the_optim_paths():
    """Each runner's path is utils.optim's, with the right learning rate and hyperparameters."""
    state = race(momentum=0.8, beta1=0.7, beta2=0.99, steps=40)
    objective, start = explore.race_functions()[BOWL]
    g = objective.gradient
    expected = {
        "GD": optim.gradient_descent(g, start, 0.01, 40),
        "momentum": optim.heavy_ball(g, start, 0.01, 40, momentum=0.8),
        "Nesterov": optim.nesterov(g, start, 0.01, 40, momentum=0.8),
        "AdaGrad": optim.adagrad(g, start, 0.1, 40),
        "RMSProp": optim.rmsprop(g, start, 0.1, 40),
        "Adam": optim.adam(g, start, 0.1, 40, betas=(0.7, 0.99)),
    }
    for name, path in expected.items():
        assert np.array_equal(state["paths"][name], path), name
        assert np.allclose(state["losses"][name], objective.value(path))
        assert state["final"][name] == pytest.approx(float(objective.value(path[-1])))


def test_race_only_runs_the_chosen_optimizers():
    """Unchosen optimizers are absent; choosing none gives an empty race and a hint."""
    state = race(optimizers=("Adam", "GD"))
    assert set(state["paths"]) == {"Adam", "GD"}
    empty = race(optimizers=())
    assert empty["paths"] == {} and "at least one" in explore.optimizer_race_readout(empty)


def test_momentum_beats_gd_on_the_tilted_bowl():
    """The chapter's claim: with the same lr, momentum ends far below GD."""
    final = race()["final"]
    assert final["momentum"] < 1e-6 and final["Nesterov"] < 1e-6 and final["GD"] > 0.1


def test_rmsprop_shines_when_the_bowl_is_aligned():
    """Per-coordinate steps fix an axis-aligned valley, much less a tilted one."""
    aligned, tilted = race(ALIGNED, steps=100)["final"], race(BOWL, steps=100)["final"]
    assert aligned["RMSProp"] < 1e-30 < tilted["RMSProp"]


def test_divergence_is_reported():
    """GD past 2/λmax overflows or leaves the picture: final is inf and the readout says so."""
    state = race(lr=0.03, steps=150)
    assert math.isinf(state["final"]["GD"]) and state["final"]["momentum"] < 1e-2
    assert "diverged" in explore.optimizer_race_readout(state)
    overflow = race("Rosenbrock", optimizers=("GD",), lr=0.05, steps=500)
    assert math.isinf(overflow["final"]["GD"]) and len(overflow["paths"]["GD"]) < 501


def test_hit_is_the_first_step_below_1e6():
    """'steps to 1e-6' is the first index with f − f* below 1e-6."""
    state = race(optimizers=("momentum",))
    loss, hit = state["losses"]["momentum"], state["hit"]["momentum"]
    assert loss[hit] < 1e-6 and np.all(loss[:hit] >= 1e-6)
    assert race(optimizers=("GD",))["hit"]["GD"] is None


def test_readout_lists_each_runner():
    """The readout names every runner with its learning rate and final gap."""
    state = race(optimizers=("GD", "Adam"), lr=0.005, lr_adaptive=0.2)
    text = explore.optimizer_race_readout(state)
    assert "GD" in text and "Adam" in text and "0.005" in text and "0.2" in text
    assert explore.number(state["final"]["GD"]) in text
    assert not re.search(r"\d\.?\d*e[-+]\d", text)  # 1.2 × 10⁻³, not 1.2e-03
    assert "white-space:nowrap" in text  # headers on one line


def test_race_has_a_legend_and_six_distinct_colours():
    """The loss axis names the chosen optimizers in a legend; six colours, far apart."""
    from matplotlib.colors import to_rgb

    ex = explore.optimizer_race_explorer()
    legend = ex.figure.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(explore.RACE_OPTIMIZERS)
    ex.controls["optimizers"].value = ("GD", "Adam")
    legend = ex.figure.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["GD", "Adam"]
    colours = [np.array(to_rgb(explore.RACE_COLORS[n])) for n in explore.RACE_OPTIMIZERS]
    closest = min(np.linalg.norm(a - b) for i, a in enumerate(colours) for b in colours[i + 1:])
    assert closest > 0.25, closest


def test_explorer_redraws_on_slider_moves():
    """Moving a slider recomputes the race and redraws the picture."""
    ex = explore.optimizer_race_explorer()
    before_png, before = ex.image.value, ex.state["final"]["momentum"]
    ex.controls["momentum"].value = 0.5
    assert ex.state["final"]["momentum"] != before and ex.image.value != before_png
    assert ex.image.value[:4] == b"\x89PNG"
    ex.controls["optimizers"].value = ("Adam",)
    assert set(ex.state["paths"]) == {"Adam"}
    assert not ex.artists["GD"].get_visible() and ex.artists["Adam"].get_visible()


def test_explorer_switches_function_and_defaults():
    """Choosing Rosenbrock jumps to its learning rates and steps, and shows its contours only."""
    ex = explore.optimizer_race_explorer()
    ex.controls["function"].value = "Rosenbrock"
    lr, lr_adaptive, steps = explore.RACE_DEFAULTS["Rosenbrock"]
    assert ex.controls["lr"].value == pytest.approx(lr)
    assert ex.controls["lr_adaptive"].value == pytest.approx(lr_adaptive)
    assert ex.controls["steps"].value == steps and ex.state["steps"] == steps
    assert ex.state["function"] == "Rosenbrock" and "Rosenbrock" in ex.readout.value
    shown = [name for name, layer in ex.artists["contours"].items() if layer[0].get_visible()]
    assert shown == ["Rosenbrock"]
    ex.controls["function"].value = BOWL
    shown = [name for name, layer in ex.artists["contours"].items() if layer[0].get_visible()]
    assert shown == [BOWL] and len(ex.artists["contours"]) == 2


def test_explorer_survives_a_diverging_run():
    """A diverging runner is drawn without errors (points pulled in), and called diverged."""
    ex = explore.optimizer_race_explorer()
    ex.controls["lr"].value = 0.5
    assert "diverged" in ex.readout.value and "Error" not in ex.readout.value
    x, y = ex.artists["GD"].get_data()
    finite = np.isfinite(x)
    assert np.all(np.abs(x[finite]) < 1e4)


def test_explorer_callback_median_under_100_ms():
    """Sweep the plain learning rate: the median callback (recompute + redraw) stays fast.

    The bound here is loose (a loaded CI machine); `make bench` measures the real number.
    """
    ex = explore.optimizer_race_explorer()
    times = []
    for value in np.geomspace(1e-3, 0.03, 20):
        ex.controls["lr"].value = float(value)
        times.append(ex.last_ms)
    assert statistics.median(times) < 400
