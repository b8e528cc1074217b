"""The chapter 09 checkers (utils.exercises.autodiff), proven both ways without the notebook.

Correct alternatives pass; every mistake the chapter's issue lists fails with its diagnosis
(``=`` instead of ``+=``, the output gradient not seeded, a wrong local derivative named with
its operation, backward called twice accumulating, a recursive sort on a deep graph, missing
reflected operators), and more of each class; the checkers' graphs (built from torch) are
proven against an engine written here, on random graphs drawn by hypothesis; the fixed table
of the gradient check is re-derived with NumPy; importing the module does not import torch.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import fails_with
from grading_cases.autodiff import ALTERNATIVES
from utils.exercises import autodiff as A
from utils.exercises.autodiff import (
    check_backward,
    check_backward_random,
    check_derivative,
    check_dual,
    check_gradient_check,
    check_topological_order,
    check_value_ops,
)

pytestmark = pytest.mark.filterwarnings("error")


def test_importing_the_checkers_does_not_import_torch():
    """`import utils.exercises.autodiff` and `utils.explore` stay torch-free."""
    code = ("import sys, utils.exercises.autodiff, utils.explore.autodiff; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# Reference answers (the tests may hold solutions; utils may not)
# ---------------------------------------------------------------------------------------


def make_dual(mul=None, truediv=None, power=None, rsub=None, reflected=True, neg=None):
    """A Dual class, right unless one rule is replaced."""

    class Dual:
        def __init__(self, value, derivative=0.0):
            self.value, self.derivative = float(value), float(derivative)

        def __add__(self, o):
            o = o if isinstance(o, Dual) else Dual(o)
            return Dual(self.value + o.value, self.derivative + o.derivative)

        def __sub__(self, o):
            o = o if isinstance(o, Dual) else Dual(o)
            return Dual(self.value - o.value, self.derivative - o.derivative)

        def __mul__(self, o):
            o = o if isinstance(o, Dual) else Dual(o)
            if mul:
                return Dual(self.value * o.value, mul(self, o))
            return Dual(self.value * o.value, self.derivative * o.value + self.value * o.derivative)

        def __truediv__(self, o):
            o = o if isinstance(o, Dual) else Dual(o)
            d = (truediv or (lambda u, v: (u.derivative * v.value - u.value * v.derivative)
                             / v.value**2))(self, o)
            return Dual(self.value / o.value, d)

        def __pow__(self, n):
            d = (power or (lambda u, n: n * u.value ** (n - 1) * u.derivative))(self, n)
            return Dual(self.value**n, d)

        def __neg__(self):
            return Dual(-self.value, neg(self) if neg else -self.derivative)

        def __rsub__(self, o):
            return rsub(self, o) if rsub else Dual(o) - self

        def __rtruediv__(self, o):
            return Dual(o) / self

    if reflected:
        Dual.__radd__ = Dual.__add__
        Dual.__rmul__ = Dual.__mul__
    return Dual


Dual = make_dual()


def d_sin(x):
    if isinstance(x, Dual):
        return Dual(math.sin(x.value), math.cos(x.value) * x.derivative)
    return math.sin(x)


def d_exp(x):
    if isinstance(x, Dual):
        return Dual(math.exp(x.value), math.exp(x.value) * x.derivative)
    return math.exp(x)


def derivative(f, x):
    return f(Dual(x, 1.0)).derivative


def make_value(override=None, reflected=True):
    """A Value class, right unless ``override`` replaces some local derivatives."""
    override = override or {}

    class Value:
        def __init__(self, data, parents=()):
            self.data, self.grad, self.parents = float(data), 0.0, tuple(parents)

        def __add__(self, o):
            o = o if isinstance(o, Value) else Value(o)
            return Value(self.data + o.data, ((self, 1.0), (o, 1.0)))

        def __mul__(self, o):
            o = o if isinstance(o, Value) else Value(o)
            if "mul" in override:
                return Value(self.data * o.data, override["mul"](self, o))
            return Value(self.data * o.data, ((self, o.data), (o, self.data)))

        def __pow__(self, n):
            local = override.get("pow", lambda x, n: n * x ** (n - 1))(self.data, n)
            return Value(self.data**n, ((self, local),))

        def tanh(self):
            t = math.tanh(self.data)
            return Value(t, ((self, override.get("tanh", lambda x, t: 1 - t * t)(self.data, t)),))

        def exp(self):
            e = math.exp(self.data)
            return Value(e, ((self, override.get("exp", lambda x, e: e)(self.data, e)),))

        def relu(self):
            local = override.get("relu", lambda x: 1.0 if x > 0 else 0.0)(self.data)
            return Value(max(self.data, 0.0), ((self, local),))

        def __neg__(self):
            return self * -1

        def __sub__(self, o):
            return self + (-o)

    if reflected:
        Value.__radd__ = Value.__add__
        Value.__rmul__ = Value.__mul__
    return Value


def topo_iterative(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p, _ in node.parents if id(p) not in visited)
    return order


def topo_recursive(root):
    order, visited = [], set()

    def visit(node):
        if id(node) not in visited:
            visited.add(id(node))
            for parent, _ in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def topo_duplicates(root):
    order, stack = [], [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((p, False) for p, _ in node.parents)
    return order


def topo_bfs(root):
    seen, queue, order = {id(root)}, [root], []
    while queue:
        node = queue.pop(0)
        order.append(node)
        for parent, _ in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order[::-1]


def topological_order(root):  # the name backward's checker looks up
    return topo_iterative(root)


def make_backward(order=topo_iterative, reset=True, seed=1.0, accumulate=True, local=True,
                  reverse=True):
    def backward(root):
        nodes = order(root)
        if reset:
            for node in nodes:
                node.grad = 0.0
        root.grad = seed
        for node in (reversed(nodes) if reverse else nodes):
            for parent, loc in node.parents:
                share = (loc if local else 1.0) * node.grad
                parent.grad = parent.grad + share if accumulate else share
        return nodes

    return backward


backward = make_backward()


def gradient_check(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])
    g = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(g - numeric) / max(np.linalg.norm(g) + np.linalg.norm(numeric),
                                                   1e-300))


# ---------------------------------------------------------------------------------------
# Dual and derivative
# ---------------------------------------------------------------------------------------


def test_dual_reference_passes(capsys):
    check_dual(Dual, sin=d_sin, exp=d_exp)
    check_derivative(derivative)
    assert "✔ Dual" in capsys.readouterr().out


@pytest.mark.parametrize("broken, text", [
    (make_dual(mul=lambda u, v: u.derivative * v.value), "You kept only the term u'v"),
    (make_dual(mul=lambda u, v: u.value * v.derivative), "You kept only the term uv'"),
    (make_dual(mul=lambda u, v: u.derivative * v.derivative), "the derivatives multiplied"),
    (make_dual(truediv=lambda u, v: (u.derivative * v.value + u.value * v.derivative)
               / v.value**2), "quotient rule sign"),
    (make_dual(truediv=lambda u, v: (u.derivative * v.value - u.value * v.derivative)
               / v.value), "not by v"),
    (make_dual(power=lambda u, n: n * u.value**n * u.derivative), "you used n uⁿ"),
    (make_dual(power=lambda u, n: n * u.value ** (n - 1)), "multiply by the derivative u'"),
    (make_dual(neg=lambda u: u.derivative), "negate the derivative too"),
    (make_dual(reflected=False), "__radd__"),
])
def test_dual_mistakes_are_named(broken, text):
    fails_with(check_dual, broken, text)


def test_dual_missing_rmul_is_named():
    broken = make_dual(reflected=False)
    broken.__radd__ = broken.__add__
    fails_with(check_dual, broken, "__rmul__")


def test_dual_rsub_the_wrong_way_round():
    fails_with(check_dual, make_dual(rsub=lambda u, o: u - o), "__rsub__ computes other − self")


def test_dual_helpers_need_the_chain_rule():
    def sin_no_chain(x):
        return Dual(math.sin(x.value), math.cos(x.value)) if isinstance(x, Dual) else math.sin(x)

    def exp_no_chain(x):
        return Dual(math.exp(x.value), math.exp(x.value)) if isinstance(x, Dual) else math.exp(x)

    fails_with(check_dual, Dual, "sin's chain rule", sin=sin_no_chain, exp=d_exp)
    fails_with(check_dual, Dual, "exp's chain rule", sin=d_sin, exp=exp_no_chain)
    fails_with(check_dual, Dual, "on a plain number the helper should return",
               sin=lambda x: Dual(math.sin(x), 0.0) if not isinstance(x, Dual) else d_sin(x),
               exp=d_exp)


def test_dual_unimplemented_operation_is_named():
    class Stub(Dual):
        def __truediv__(self, other):
            raise NotImplementedError()

    fails_with(check_dual, Stub, "division is not implemented yet")


@pytest.mark.parametrize("wrong, text", [
    (lambda f, x: f(Dual(x, 1.0)), "derivative returned a Dual"),
    (lambda f, x: f(Dual(x, 1.0)).value, "you returned f(x), the value part"),
    (lambda f, x: f(Dual(x, 0.0)).derivative, "seed the input with derivative 1"),
    (lambda f, x: f(Dual(x, x)).derivative, "Dual(x, x)"),
    (lambda f, x: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6, "finite differences"),
])
def test_derivative_mistakes_are_named(wrong, text):
    fails_with(check_derivative, wrong, text)


# ---------------------------------------------------------------------------------------
# Value
# ---------------------------------------------------------------------------------------


def test_value_reference_passes():
    check_value_ops(make_value())


@pytest.mark.parametrize("override, text", [
    ({"tanh": lambda x, t: 1 - x * x}, "tanh: the local derivative is 1 − t²"),
    ({"tanh": lambda x, t: 1 - t}, "you left out the square"),
    ({"exp": lambda x, e: x}, "exp: the local derivative of eˣ is eˣ itself"),
    ({"pow": lambda x, n: n * x**n}, "**: the power rule"),
    ({"pow": lambda x, n: x ** (n - 1)}, "without the n"),
    ({"mul": lambda a, b: ((a, a.data), (b, b.data))}, "*: you swapped the local derivatives"),
    ({"relu": lambda x: x}, "relu: the local derivative is 1 where x > 0"),
    ({"relu": lambda x: 1.0}, "where x < 0"),
    ({"relu": lambda x: 1.0 if x >= 0 else 0.0}, "relu at 0"),
])
def test_wrong_local_derivative_names_its_operation(override, text):
    fails_with(check_value_ops, make_value(override), text)


def test_missing_reflected_operators_are_named():
    fails_with(check_value_ops, make_value(reflected=False), "__radd__")
    no_rmul = make_value(reflected=False)
    no_rmul.__radd__ = no_rmul.__add__
    fails_with(check_value_ops, no_rmul, "define the reflected operator __rmul__")


def test_value_without_parents_is_named():
    fails_with(check_value_ops, make_value({"mul": lambda a, b: ()}),
               "do not include its input a")


def test_value_returning_a_number_is_named():
    Value = make_value()
    Value.tanh = lambda self: math.tanh(self.data)
    fails_with(check_value_ops, Value, "returned the plain number")


# ---------------------------------------------------------------------------------------
# Graphs from torch, proven against an engine written here
# ---------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 25))
def test_torch_graphs_agree_with_an_independent_engine(seed, size):
    """torch_graph's local derivatives and gradients agree with a backward written here."""
    program = A.random_program(np.random.default_rng(seed), size)
    nodes, want = A.torch_graph(program)
    assert A.order_problem(nodes, nodes) is None  # the program's order is topological
    assert A.order_problem(topo_iterative(nodes[-1]), nodes) is None
    backward(nodes[-1])
    for node in nodes:
        assert math.isclose(node.grad, want[node.label], rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_backward_checker_on_random_graphs(seed):
    """The reference passes on random graphs, and the `=` slip fails on every graph it changes."""
    check_backward_random(backward, seed=seed, graphs=3)


def test_engine_vs_torch_is_tiny_for_a_right_engine():
    assert A.engine_vs_torch(make_value(), backward, graphs=30, seed=4) < 1e-12


def test_engine_vs_torch_stops_a_broken_engine_with_a_sentence():
    """A sort that lists nodes twice: the helper fails before the notebook's deep chain."""
    broken = make_backward(order=topo_duplicates)
    text = fails_with(lambda value: A.engine_vs_torch(value, broken, graphs=30, seed=4),
                      make_value(), "your engine and torch disagree")
    assert "largest gap" in text


def test_order_problem_names_each_wrong_order():
    x = A.Node("x")
    y = A.Node("y", parents=((x, 1.0),))
    z = A.Node("z", parents=((x, 1.0), (y, 1.0)))
    nodes = [x, y, z]
    assert A.order_problem([x, y, z], nodes) is None
    assert "reversed" in A.order_problem([z, y, x], nodes)
    assert "comes before" in A.order_problem([y, x, z], nodes)
    assert "appears 2 times" in A.order_problem([x, x, y, z], nodes)
    assert "misses" in A.order_problem([x, z], nodes)


# ---------------------------------------------------------------------------------------
# topological_order
# ---------------------------------------------------------------------------------------


def test_topological_order_alternatives_pass():
    check_topological_order(topo_iterative)

    # Kahn's algorithm, the alternative proven through nbgrader (tests/grading_cases/).
    namespace = {}
    exec(ALTERNATIVES["topological-order"], namespace)
    kahn = namespace["topological_order"]
    check_topological_order(kahn)
    check_topological_order(lambda root: tuple(kahn(root)))  # a tuple is a sequence too


@pytest.mark.parametrize("wrong, text", [
    (topo_recursive, "RecursionError on a chain of 5000 nodes"),
    (topo_duplicates, "appears 2 times"),
    (lambda root: topo_iterative(root)[::-1], "your order is reversed"),
    (topo_bfs, "comes before"),
    (lambda root: list(root.parents) + [root], "pairs"),
    (lambda root: set(topo_iterative(root)), "a set, which has no order"),
])
def test_topological_order_mistakes_are_named(wrong, text):
    fails_with(check_topological_order, wrong, text)


def test_only_direct_parents_is_named():
    def direct(root):
        return list(dict.fromkeys([p for p, _ in root.parents])) + [root]

    fails_with(check_topological_order, lambda root: direct(root) if root.parents else [root],
               "you listed only the root and its direct parents")


# ---------------------------------------------------------------------------------------
# backward
# ---------------------------------------------------------------------------------------


def test_backward_alternatives_pass():
    check_backward(backward)
    check_backward(make_backward(order=topo_recursive))  # fine on shallow graphs
    check_backward_random(backward, seed=3, graphs=10)


@pytest.mark.parametrize("wrong, text", [
    (make_backward(accumulate=False), "kept only one use's share"),
    (make_backward(seed=0.0), "seed the output's gradient"),
    (make_backward(seed=2.0), "seed it with exactly 1.0"),
    (make_backward(reset=False), "calling backward twice changed the gradients (they doubled)"),
    (make_backward(reverse=False), "you walked the order leaves first"),
    (make_backward(local=False), "without the local derivative"),
    (lambda root: make_backward()(root) and None, "returned None — did you forget `return`?"),
    (lambda root: make_backward()(root) and root, "return the order it walked"),
])
def test_backward_mistakes_are_named(wrong, text):
    fails_with(check_backward, wrong, text)


def test_backward_names_an_unwritten_topological_order():
    def stub(root):
        raise NotImplementedError()

    globals()["topological_order"] = stub
    try:
        def uses_notebook_order(root):
            return topological_order(root)

        fails_with(check_backward, uses_notebook_order, "topological_order, which is not "
                   "implemented yet")
    finally:
        globals()["topological_order"] = topo_iterative


def test_backward_names_a_topological_order_not_run_yet():
    namespace: dict = {}
    exec("def backward(root):\n    return topological_order(root)\n", namespace)
    fails_with(check_backward, namespace["backward"], "topological_order, which is not defined")


def test_backward_blames_a_wrong_topological_order():
    globals()["topological_order"] = topo_duplicates
    try:
        def uses_notebook_order(root):
            nodes = topological_order(root)
            for node in nodes:
                node.grad = 0.0
            root.grad = 1.0
            for node in reversed(nodes):
                for parent, local in node.parents:
                    parent.grad += local * node.grad
            return nodes

        fails_with(check_backward, uses_notebook_order, "fix topological_order")
    finally:
        globals()["topological_order"] = topo_iterative


# ---------------------------------------------------------------------------------------
# gradient_check
# ---------------------------------------------------------------------------------------


def test_gradient_check_table_is_rederived():
    """The expected relative errors of the fixed cases, recomputed from the exact gradients."""
    for f, grad_f, x, h, want in A.GRADIENT_CHECK_CASES:
        x = np.asarray(x, dtype=float)
        exact = A._quadratic_grad(x) if f.fn is A._quadratic else A._cubic_grad(x)
        g = np.asarray(grad_f(x))
        rel = np.linalg.norm(g - exact) / (np.linalg.norm(g) + np.linalg.norm(exact))
        if want is None:
            assert rel == 0
        else:
            assert math.isclose(rel, want, rel_tol=1e-12)
        assert gradient_check(f, grad_f, x, *([h] if h else [])) == pytest.approx(rel, abs=1e-7)


def test_gradient_check_alternatives_pass():
    check_gradient_check(gradient_check)

    def loop_lists(f, grad_f, x, h=1e-5):
        x = [float(v) for v in x]
        numeric = []
        for i in range(len(x)):
            up, down = list(x), list(x)
            up[i] += h
            down[i] -= h
            numeric.append((f(np.array(up)) - f(np.array(down))) / (2 * h))
        g = list(grad_f(np.array(x)))
        diff = math.sqrt(sum((a - b) ** 2 for a, b in zip(g, numeric, strict=True)))
        return diff / (math.hypot(*g) + math.hypot(*numeric))

    check_gradient_check(loop_lists)


def _forward(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.array([(f(x + h * e) - f(x)) / h for e in np.eye(x.size)])
    g = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric)))


def _over_h(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.array([(f(x + h * e) - f(x - h * e)) / h for e in np.eye(x.size)])
    g = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric)))


def _absolute(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])
    return float(np.linalg.norm(np.asarray(grad_f(x)) - numeric))


def _one_norm(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])
    return float(np.linalg.norm(np.asarray(grad_f(x)) - numeric) / np.linalg.norm(numeric))


def _in_place(f, grad_f, x, h=1e-5):
    x = np.asarray(x)
    numeric = np.zeros(len(x))
    for i in range(len(x)):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        numeric[i] = (up - f(x)) / (2 * h)
        x[i] += h
    g = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(g - numeric) / (np.linalg.norm(g) + np.linalg.norm(numeric)))


def _array(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("wrong, text", [
    (_forward, "forward difference"),
    (_over_h, "divide by 2h"),
    (_absolute, "absolute error"),
    (_one_norm, "your denominator is one norm"),
    (_in_place, "changed x in place"),
    (_array, "return the relative error, one number"),
])
def test_gradient_check_mistakes_are_named(wrong, text):
    fails_with(check_gradient_check, wrong, text)
