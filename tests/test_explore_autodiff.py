"""The chapter 09 graph explorer: its pure compute function, and the widget driven headless."""

import math
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from utils import explore  # noqa: E402
from utils.explore import autodiff as E  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

NAMES = list(E.GRAPH_EXPRESSIONS)
FORMULAS = {
    "f = (x + y) · x": lambda x, y: (x + y) * x,
    "f = tanh(x · y + y)": lambda x, y: torch.tanh(x * y + y),
    "f = exp(x) · (x + y²)": lambda x, y: torch.exp(x) * (x + y**2),
}


def test_every_node_has_a_place_and_a_symbol():
    for spec in E.GRAPH_EXPRESSIONS.values():
        names = {line[0] for line in spec["program"]}
        assert set(spec["position"]) == names == set(spec["symbol"])
        assert set(spec["formula"]) == names - {"x", "y"}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("x, y", [(0.5, -1.2), (-1.3, 0.7), (2.0, 0.0)])
def test_values_and_gradients_match_the_whole_formula(name, x, y):
    """The root's value, and ∂f/∂x, ∂f/∂y, agree with torch on the formula written at once."""
    state = E.graph_steps(name, x, y, 100)
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    out = FORMULAS[name](tx, ty)
    out.backward()
    nodes = {n["name"]: n for n in state["nodes"]}
    assert math.isclose(nodes["f"]["value"], out.item(), rel_tol=1e-12)
    assert math.isclose(nodes["x"]["grad"], tx.grad.item(), rel_tol=1e-12, abs_tol=1e-14)
    assert math.isclose(nodes["y"]["grad"], ty.grad.item(), rel_tol=1e-12, abs_tol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_gradients_follow_the_adjoint_rule(name):
    """Each node's gradient is the sum over its uses of the child's gradient times the local."""
    state = E.graph_steps(name, 0.4, -0.9, 0)
    grads = {n["name"]: n["grad"] for n in state["nodes"]}
    for node in state["nodes"][:-1]:
        total = sum(grads[child] * local for child, local in state["children"][node["name"]])
        assert math.isclose(node["grad"], total, rel_tol=1e-12, abs_tol=1e-14)
    assert grads["f"] == 1.0


@pytest.mark.parametrize("name", NAMES)
def test_steps_reveal_values_forwards_then_gradients_backwards(name):
    program = E.GRAPH_EXPRESSIONS[name]["program"]
    n = len(program)
    leaves = sum(1 for line in program if line[1] == "leaf")
    k = n - leaves
    start = E.graph_steps(name, 0.5, -1.2, 0)
    assert start["current"] is None and start["steps"] == k + n
    assert [nd["value_known"] for nd in start["nodes"]] == [i < leaves for i in range(n)]
    for step in range(1, k + n + 1):
        s = E.graph_steps(name, 0.5, -1.2, step)
        values = [nd["value_known"] for nd in s["nodes"]]
        grads = [nd["grad_known"] for nd in s["nodes"]]
        assert values == [i < leaves + min(step, k) for i in range(n)]
        assert grads == [i >= n - max(step - k, 0) for i in range(n)]
        if step > k:  # a node's gradient is shown only after every node that uses it
            shown = {nd["name"] for nd in s["nodes"] if nd["grad_known"]}
            for nd in s["nodes"]:
                if nd["grad_known"]:
                    assert all(child in shown for child, _ in s["children"][nd["name"]])
    assert E.graph_steps(name, 0.5, -1.2, 99)["step"] == k + n  # clipped


def test_readout_explains_the_reused_node():
    s = E.graph_steps("f = tanh(x · y + y)", 0.5, -1.2, 7)
    text = E.graph_readout(s)
    assert "one term per use of y" in text and "∂f/∂a · ∂a/∂y + ∂f/∂b · ∂b/∂y" in text
    assert "seed" in E.graph_readout(E.graph_steps("f = tanh(x · y + y)", 0.5, -1.2, 4))
    assert "Step 0" in E.graph_readout(E.graph_steps("f = tanh(x · y + y)", 0.5, -1.2, 0))


def test_widget_moves_and_rescales_headless():
    widget = explore.graph_explorer()
    assert widget.controls["step"].max == 8
    widget.controls["expression"].value = "f = exp(x) · (x + y²)"
    assert widget.controls["step"].max == 10
    widget.controls["step"].value = 10
    assert "∂f/∂x" in widget.readout.value and widget.state["current"] == 0
    widget.controls["expression"].value = "f = (x + y) · x"
    assert widget.controls["step"].value == 6 and widget.state["step"] == 6
    before = widget.image.value
    widget.controls["x"].value = 1.0  # the inputs' values are drawn from step 0 on
    assert widget.image.value != before
    assert widget.image.value[:4] == b"\x89PNG"
    assert "color:#b3261e" not in widget.readout.value


def test_callbacks_are_fast():
    """The median callback stays well under half a second here. The bound is loose (a loaded
    CI machine); the 100 ms target is measured by `make bench`."""
    widget = explore.graph_explorer()
    times = []
    for step in list(range(9)) * 2:
        start = time.perf_counter()
        widget.controls["step"].value = step
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.4
