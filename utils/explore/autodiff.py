"""Chapter 09's explorer: an expression's graph, stepped through forward and then backward.

The values and gradients come from torch (every intermediate node keeps its gradient with
``retain_grad``, each node's local derivatives from ``torch.autograd.grad`` of its own
operation, through :func:`utils.exercises.autodiff.torch_graph`): this module draws and
explains, it holds no engine of its own.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from utils import plots
from utils.explore.base import Explorer, number, slider

#: The explorer's expressions: their program (name, operation, inputs; the leaves x and y
#: take the sliders' values), how each node is written, and where it is drawn.
GRAPH_EXPRESSIONS = {
    "f = (x + y) · x": {
        "program": [("x", "leaf"), ("y", "leaf"), ("a", "add", "x", "y"), ("f", "mul", "a", "x")],
        "formula": {"a": "a = x + y", "f": "f = a · x"},
        "symbol": {"x": "x", "y": "y", "a": "+", "f": "×"},
        "position": {"x": (0.0, 1.0), "y": (0.0, 0.0), "a": (1.0, 0.5), "f": (2.0, 1.0)},
    },
    "f = tanh(x · y + y)": {
        "program": [("x", "leaf"), ("y", "leaf"), ("a", "mul", "x", "y"), ("b", "add", "a", "y"),
                    ("f", "tanh", "b")],
        "formula": {"a": "a = x · y", "b": "b = a + y", "f": "f = tanh(b)"},
        "symbol": {"x": "x", "y": "y", "a": "×", "b": "+", "f": "tanh"},
        "position": {"x": (0.0, 1.0), "y": (0.0, 0.0), "a": (1.0, 1.0), "b": (2.0, 0.5),
                     "f": (3.0, 0.5)},
    },
    "f = exp(x) · (x + y²)": {
        "program": [("x", "leaf"), ("y", "leaf"), ("e", "exp", "x"), ("s", "pow", "y", 2),
                    ("a", "add", "x", "s"), ("f", "mul", "e", "a")],
        "formula": {"e": "e = exp(x)", "s": "s = y²", "a": "a = x + s", "f": "f = e · a"},
        "symbol": {"x": "x", "y": "y", "e": "exp", "s": "( )²", "a": "+", "f": "×"},
        "position": {"x": (0.0, 1.0), "y": (0.0, 0.0), "e": (1.0, 1.4), "s": (1.0, 0.0),
                     "a": (2.0, 0.5), "f": (3.0, 1.0)},
    },
}
_MAX_NODES = max(len(e["program"]) for e in GRAPH_EXPRESSIONS.values())


def graph_steps(expression: str, x: float, y: float, step: int) -> dict:
    """The graph of ``expression`` at (x, y), with what is known after ``step`` steps.

    The inputs' values are given from step 0; steps 1 … K evaluate the K operations in
    topological order (the program's order); the next N steps walk the order of all N nodes
    backwards, each finishing one node's gradient ∂f/∂v (the root's is the seed 1).
    ``nodes`` lists, in order, each node's name, formula, value, gradient, parents as
    (name, local derivative) and whether its value and gradient are known yet;
    ``current`` is the node of this step (None at step 0). First used in chapter 09.
    """
    from utils.exercises.autodiff import torch_graph

    spec = GRAPH_EXPRESSIONS[expression]
    inputs = {"x": float(x), "y": float(y)}
    program = [(line[0], "leaf", inputs[line[0]]) if line[1] == "leaf" else line
               for line in spec["program"]]
    graph, grads = torch_graph(program)
    n = len(graph)
    leaves = sum(1 for line in program if line[1] == "leaf")
    operations = n - leaves
    step = int(min(max(step, 0), operations + n))
    known_values = leaves + min(step, operations)
    backward_done = max(step - operations, 0)
    nodes = []
    for index, node in enumerate(graph):
        nodes.append({
            "name": node.label, "formula": spec["formula"].get(node.label, f"{node.label} (input)"),
            "symbol": spec["symbol"][node.label], "position": spec["position"][node.label],
            "value": node.data, "grad": grads[node.label],
            "parents": [(parent.label, local) for parent, local in node.parents],
            "value_known": index < known_values, "grad_known": index >= n - backward_done,
        })
    if step == 0:
        current, phase = None, "start"
    elif step <= operations:
        current, phase = leaves + step - 1, "forward"
    else:
        current, phase = n - backward_done, "backward"
    children = {node["name"]: [] for node in nodes}
    for node in nodes:
        for parent, local in node["parents"]:
            children[parent].append((node["name"], local))
    return {"expression": expression, "x": float(x), "y": float(y), "step": step,
            "steps": operations + n, "nodes": nodes, "current": current, "phase": phase,
            "children": children, "root": nodes[-1]["name"]}


def _step_sentence(state: dict) -> str:
    nodes, current = state["nodes"], state["current"]
    if current is None:
        return ("Step 0: only the inputs are known. Move the step slider: first the forward "
                "pass fills in the values, then the backward pass the gradients.")
    node = nodes[current]
    by_name = {n["name"]: n for n in nodes}
    if state["phase"] == "forward":
        return (f"Forward, step {state['step']}: {html.escape(node['formula'])} = "
                f"{number(node['value'])}, from values already known.")
    name = node["name"]
    if name == state["root"]:
        return (f"Backward, step {state['step']}: the seed, ∂f/∂f = 1. The order is walked "
                "backwards from here, so every node's uses are done before the node itself.")
    uses = state["children"][name]
    symbols = " + ".join(f"∂f/∂{child} · ∂{child}/∂{name}" for child, _ in uses)
    numbers = " + ".join(f"{number(by_name[child]['grad'])} · {number(local)}"
                         for child, local in uses)
    return (f"Backward, step {state['step']}: one term per use of {name}, "
            f"∂f/∂{name} = {symbols} = {numbers} = {number(node['grad'])}.")


def graph_readout(state: dict) -> str:
    """What this step does, then a table of every node: formula, value and ∂f/∂v so far."""
    rows = "".join(
        f"<tr><td>{html.escape(n['formula'])}</td>"
        f"<td style='text-align:right'>{number(n['value']) if n['value_known'] else ''}</td>"
        f"<td style='text-align:right'>{number(n['grad']) if n['grad_known'] else ''}</td></tr>"
        for n in state["nodes"])
    return (f"{_step_sentence(state)}<br>"
            "<table style='border-spacing:14px 0'><tr><th style='text-align:left'>node</th>"
            "<th>value</th><th>∂f/∂node</th></tr>"
            f"{rows}</table>")


def _graph_layer(ax, spec: dict) -> list:
    """The nodes and edges of one expression (drawn once, then shown or hidden)."""
    drawn = []
    position = spec["position"]
    for line in spec["program"]:
        name, inputs = line[0], [i for i in line[2:] if isinstance(i, str)]
        for parent in sorted(set(inputs), key=inputs.index):
            drawn.append(ax.annotate(
                "", xy=position[name], xytext=position[parent], zorder=1,
                arrowprops={"arrowstyle": "-|>", "color": plots.COLORS["muted"], "lw": 1.2,
                            "shrinkA": 17, "shrinkB": 17}))
    for line in spec["program"]:
        name = line[0]
        leaf = line[1] == "leaf"
        drawn.append(ax.scatter(*position[name], s=900, zorder=2, edgecolors="black",
                                facecolors="#e8f0fa" if leaf else "#f6f6f6", linewidths=1))
        drawn.append(ax.text(*position[name], spec["symbol"][name], ha="center", va="center",
                             fontsize=10 if len(spec["symbol"][name]) < 3 else 8, zorder=3))
        drawn.append(ax.text(position[name][0], position[name][1] + 0.21, name, ha="center",
                             va="bottom", fontsize=9, color=plots.COLORS["muted"], zorder=3))
    return drawn


def graph_draw(ax, state: dict, artists: dict) -> None:
    """Nodes and edges once per expression; values (blue, below) and gradients (red, above) move."""
    if not artists:
        ax.set_axis_off()
        if ax.figure.get_layout_engine() is None:
            ax.figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.91)
        ax.set_xlim(-0.4, 3.4)
        ax.set_ylim(-0.55, 2.0)
        artists["layers"] = {}
        artists["values"] = [ax.text(0, 0, "", ha="center", va="top", fontsize=9,
                                     color=plots.COLORS["a"], zorder=4) for _ in range(_MAX_NODES)]
        artists["grads"] = [ax.text(0, 0, "", ha="center", va="bottom", fontsize=9,
                                    color=plots.COLORS["b"], zorder=4) for _ in range(_MAX_NODES)]
        artists["ring"] = ax.plot([], [], "o", ms=27, mfc="none", mec=plots.COLORS["derived"],
                                  mew=2.5, zorder=5)[0]
        artists["title"] = ax.set_title("")
        artists["moving"] = [*artists["values"], *artists["grads"], artists["ring"],
                             artists["title"]]
    name = state["expression"]
    artists["background"] = name
    layers = artists["layers"]
    if name not in layers:
        layers[name] = _graph_layer(ax, GRAPH_EXPRESSIONS[name])
    for other, layer in layers.items():
        for artist in layer:
            artist.set_visible(other == name)
    nodes = state["nodes"]
    for k in range(_MAX_NODES):
        value, grad = artists["values"][k], artists["grads"][k]
        if k >= len(nodes):
            value.set_text("")
            grad.set_text("")
            continue
        px, py = nodes[k]["position"]
        value.set_position((px, py - 0.24))
        value.set_text(number(nodes[k]["value"]) if nodes[k]["value_known"] else "")
        grad.set_position((px, py + 0.4))
        grad.set_text(f"∂f/∂{nodes[k]['name']} = {number(nodes[k]['grad'])}"
                      if nodes[k]["grad_known"] else "")
    if state["current"] is None:
        artists["ring"].set_data([], [])
    else:
        px, py = nodes[state["current"]]["position"]
        artists["ring"].set_data([px], [py])
    phase = {"start": "the inputs", "forward": "forward pass: values",
             "backward": "backward pass: gradients ∂f/∂node"}[state["phase"]]
    artists["title"].set_text(f"step {state['step']} of {state['steps']}: {phase}")


def _steps(expression: str) -> int:
    """The number of steps of an expression: its operations forwards, all its nodes backwards."""
    program = GRAPH_EXPRESSIONS[expression]["program"]
    return 2 * len(program) - sum(1 for line in program if line[1] == "leaf")


def graph_explorer(expression: str = "f = tanh(x · y + y)", x: float = 0.5, y: float = -1.2,
                   step: int = 0) -> Explorer:
    """Step through an expression's graph: the forward values node by node, then the gradients.

    Pick an expression and the inputs x, y; the step slider walks the topological order
    forwards (values, blue) and then backwards (gradients ∂f/∂node, red), one node per step;
    the readout says what each step computes. First used in chapter 09.
    """
    controls = {
        "expression": widgets.Dropdown(options=list(GRAPH_EXPRESSIONS), value=expression,
                                       description="expression"),
        "x": slider("x", -2.0, 2.0, x, 0.1),
        "y": slider("y", -2.0, 2.0, y, 0.1),
        "step": slider("step", 0, _steps(expression), step, 1, integer=True),
    }

    def rescale(change) -> None:
        """The step slider ends at 2N for the new expression's N nodes."""
        steps = _steps(change["new"])
        control = controls["step"]
        control.value = min(control.value, steps)
        control.max = steps

    controls["expression"].observe(rescale, names="value")
    return Explorer(controls, graph_steps, graph_readout, graph_draw, size=(6.0, 3.4),
                    readout_below=True)


def expression_graph_picture(expression: str, x: float, y: float, step: int, title: str = "",
                             ax=None) -> dict:
    """Draw one state of the explorer as a static figure; return the state.

    ``title`` replaces the explorer's step counter. First used in chapter 09.
    """
    if ax is None:
        _fig, ax = plots.subplots(size=(5.6, 3.0))
    state = graph_steps(expression, x, y, step)
    artists: dict = {}
    graph_draw(ax, state, artists)
    artists["ring"].set_data([], [])  # a still picture has no current step
    if title:
        artists["title"].set_text(title)
    return state
