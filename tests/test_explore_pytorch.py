"""The chapter 10 explorer: the MLP's cached training runs, its states, and the widget headless."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils import explore, toys  # noqa: E402
from utils.explore import pytorch as E  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_the_data_is_chapter_08s_two_moons_inside_the_window():
    X, y, (left, right, bottom, top) = E.mlp_data()
    X8, y8 = toys.two_moons(200, seed=0)
    assert np.array_equal(X, X8) and np.array_equal(y, y8)
    assert X[:, 0].min() > left and X[:, 0].max() < right
    assert X[:, 1].min() > bottom and X[:, 1].max() < top


def test_a_run_has_one_snapshot_every_few_steps_and_starts_near_ln_2():
    run = E.mlp_training(16, 0.01)
    count = E.MLP_STEPS // E.MLP_EVERY + 1
    assert run["probability"].shape[0] == count == len(run["boundary"]) == run["losses"].size
    assert run["parameters"] == (2 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2)
    assert abs(run["losses"][0] - math.log(2)) < 0.02
    assert run["losses"][-1] < 0.1 and run["accuracy"][-1] >= 0.98
    assert np.all((run["probability"] >= 0) & (run["probability"] <= 1))


def test_the_snapshot_is_the_model_the_loss_reports():
    """The recorded loss is the cross-entropy of the recorded probabilities' model on the data.

    Checked through the grid: the boundary is where the snapshot's P crosses 0.5, so the
    points on each side are classified as the accuracy says (to the grid's resolution).
    """
    state = E.mlp_boundary_state(16, 0.01, 200)
    X, y, (left, right, bottom, top) = E.mlp_data()
    p = state["probability"]
    cols = np.clip(np.round((X[:, 0] - left) / (right - left) * (p.shape[1] - 1)).astype(int), 0,
                   p.shape[1] - 1)
    rows = np.clip(np.round((X[:, 1] - bottom) / (top - bottom) * (p.shape[0] - 1)).astype(int),
                   0, p.shape[0] - 1)
    grid_accuracy = np.mean((p[rows, cols] > 0.5) == y)
    assert abs(grid_accuracy - state["accuracy"]) < 0.03


def test_runs_are_reproducible_and_leave_the_global_generator_alone():
    torch.manual_seed(5)
    expected = torch.rand(2)
    torch.manual_seed(5)
    first = E.mlp_training.__wrapped__(8, 0.03)
    assert torch.equal(torch.rand(2), expected)
    second = E.mlp_training.__wrapped__(8, 0.03)
    assert np.array_equal(first["losses"], second["losses"])
    assert np.array_equal(first["probability"], second["probability"])


def test_the_thread_count_is_restored():
    threads = torch.get_num_threads()
    E.mlp_training.__wrapped__(4, 0.01)
    assert torch.get_num_threads() == threads


def test_width_two_dies_and_stays_at_chance():
    """The notebook's claim: both units of the second layer go dead within 20 steps."""
    assert E.mlp_boundary_state(2, 0.01, 0)["alive"] > 0
    assert E.mlp_boundary_state(2, 0.01, 20)["alive"] == 0
    assert abs(E.mlp_boundary_state(2, 0.01, 200)["loss"] - math.log(2)) < 0.01


def test_steps_snap_to_snapshots_and_are_clipped():
    assert E.mlp_boundary_state(16, 0.01, 37)["step"] == 30
    assert E.mlp_boundary_state(16, 0.01, 10_000)["step"] == E.MLP_STEPS
    assert E.mlp_boundary_state(16, 0.01, -5)["step"] == 0


def test_the_boundary_is_the_half_level_of_the_grid():
    state = E.mlp_boundary_state(16, 0.01, 200)
    line = state["boundary"][~np.isnan(state["boundary"][:, 0])]
    assert len(line) > 10
    left, right, bottom, top = state["window"]
    p = state["probability"]
    cols = np.clip(((line[:, 0] - left) / (right - left) * (p.shape[1] - 1)).astype(int), 0,
                   p.shape[1] - 2)
    rows = np.clip(((line[:, 1] - bottom) / (top - bottom) * (p.shape[0] - 1)).astype(int), 0,
                   p.shape[0] - 2)
    cells = np.stack([p[rows, cols], p[rows + 1, cols], p[rows, cols + 1],
                      p[rows + 1, cols + 1]])
    assert np.all((cells.min(axis=0) <= 0.5 + 1e-6) & (cells.max(axis=0) >= 0.5 - 1e-6))


def test_explorer_steps_widths_and_rates():
    """Moving each control recomputes and redraws; the readout writes numbers for people."""
    ex = explore.mlp_boundary_explorer()
    assert ex.image.value[:4] == b"\x89PNG"
    before = ex.image.value
    ex.controls["step"].value = 200
    assert ex.state["step"] == 200 and ex.image.value != before
    assert "354 parameters" in ex.readout.value and "alive" in ex.readout.value
    ex.controls["width"].value = 8
    assert ex.state["width"] == 8 and "2 → 8 → 8 → 2" in ex.readout.value
    ex.controls["lr"].value = 0.03
    assert ex.state["lr"] == 0.03
    assert "<span style='color:#b3261e'>" not in ex.readout.value


def test_explorer_errors_show_in_the_readout():
    ex = explore.mlp_boundary_explorer()
    ex.controls["width"].options = [*ex.controls["width"].options, 0]
    ex.controls["width"].value = 0
    assert "ValueError" in ex.readout.value and "choose the width" in ex.readout.value
