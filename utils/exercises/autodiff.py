"""Checkers for chapter 09 (autodiff).

``Dual`` and ``derivative`` (forward mode with dual numbers), ``Value`` (the operations of a
reverse-mode scalar engine and their local derivatives), ``topological_order``,
``backward`` and ``gradient_check``.

The reference is torch itself, imported inside the checkers (never when this module is
imported): ``torch.autograd.grad`` for the dual numbers (their derivative part is the JVP
∇f·(a', b')), for each operation's local derivatives and for every gradient of a whole
expression graph. This module
holds no engine of its own: the graphs handed to ``topological_order`` and ``backward`` are
plain records (:class:`Node`: a label, a value, a ``grad`` and ``parents`` as
``(parent, local derivative)`` pairs) whose numbers come from torch; their orders are judged
by a property (every node after all its parents) and their gradients against torch's.
Known mistakes are wrong formulas or properties of the learner's numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from utils.check import (
    Mistake,
    as_number_array,
    call,
    call_unchanged,
    checker,
    fail,
    passed,
    quiet_numpy,
    require_result,
    show,
    wrong_value,
)


def _close(got: float, want: float, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    return bool(np.isclose(got, want, rtol=rtol, atol=atol))


def _number(value: object, where: str) -> float:
    """A single real number from the learner, or a sentence saying what came instead."""
    __tracebackhide__ = True
    array = as_number_array(value, where)
    if array.shape != ():
        fail(f"{where} returned an array of shape {array.shape}; a single number was expected.")
    return float(array)


def _binary_reflected(error: Exception) -> bool:
    return isinstance(error, TypeError) and "unsupported operand" in str(error)


# ---------------------------------------------------------------------------------------
# Dual numbers: Dual(value, derivative), its operators, sin/exp helpers, derivative(f, x)
# ---------------------------------------------------------------------------------------

# The two dual numbers every case starts from: (value, derivative).
DUAL_A, DUAL_B = (1.5, 0.3), (-0.7, 2.0)

# Each case: (written as, which rule, how to compute it from a, b and the helpers,
# the same function on torch tensors, mistakes as wrong (value, derivative) from
# (av, ad, bv, bd)). Numbers on either side are constants.
_DUAL_REFLECTED = {"2.5 + a": "__radd__", "2.5 - a": "__rsub__", "3 * a": "__rmul__",
                   "4 / a": "__rtruediv__"}


def _dual_cases(torch):
    sin_t, exp_t = torch.sin, torch.exp
    return (
        ("a + b", "addition", lambda a, b, h: a + b, lambda x, y: x + y, ()),
        ("a - b", "subtraction", lambda a, b, h: a - b, lambda x, y: x - y, (
            ("subtraction: (u − v)' = u' − v'; you added the derivatives.",
             lambda av, ad, bv, bd: (av - bv, ad + bd)),)),
        ("a * b", "multiplication", lambda a, b, h: a * b, lambda x, y: x * y, (
            ("product rule: (uv)' = u'v + uv'. You kept only the term u'v.",
             lambda av, ad, bv, bd: (av * bv, ad * bv)),
            ("product rule: (uv)' = u'v + uv'. You kept only the term uv'.",
             lambda av, ad, bv, bd: (av * bv, av * bd)),
            ("product rule: (uv)' = u'v + uv', not u'v' (the derivatives multiplied).",
             lambda av, ad, bv, bd: (av * bv, ad * bd)),)),
        ("a / b", "division", lambda a, b, h: a / b, lambda x, y: x / y, (
            ("quotient rule sign: (u/v)' = (u'v − uv')/v², with a minus.",
             lambda av, ad, bv, bd: (av / bv, (ad * bv + av * bd) / bv**2)),
            ("quotient rule: divide (u'v − uv') by v², not by v.",
             lambda av, ad, bv, bd: (av / bv, (ad * bv - av * bd) / bv)),
            ("quotient rule: (u/v)' = (u'v − uv')/v², not u'/v'.",
             lambda av, ad, bv, bd: (av / bv, ad / bd)),
            ("quotient rule: (u/v)' = (u'v − uv')/v²; you wrote (uv' − u'v)/v², the sign "
             "flipped.", lambda av, ad, bv, bd: (av / bv, (av * bd - ad * bv) / bv**2)),)),
        ("a + 2.5", "adding a number", lambda a, b, h: a + 2.5, lambda x, y: x + 2.5, (
            ("a plain number is a constant: its derivative is 0, so a + 2.5 keeps a's "
             "derivative. Wrap it as Dual(2.5, 0.0).",
             lambda av, ad, bv, bd: (av + 2.5, ad + 1.0)),)),
        ("2.5 + a", "a number on the left of +", lambda a, b, h: 2.5 + a,
         lambda x, y: 2.5 + x, ()),
        ("a - 2.5", "subtracting a number", lambda a, b, h: a - 2.5, lambda x, y: x - 2.5, ()),
        ("2.5 - a", "a number on the left of −", lambda a, b, h: 2.5 - a,
         lambda x, y: 2.5 - x, (
             ("__rsub__ computes other − self (2.5 − a); you returned self − other.",
              lambda av, ad, bv, bd: (av - 2.5, ad)),)),
        ("a * 3", "multiplying by a number", lambda a, b, h: a * 3, lambda x, y: x * 3, (
            ("a number is a constant: (3u)' = 3u'; you left the derivative unscaled.",
             lambda av, ad, bv, bd: (3 * av, ad)),)),
        ("3 * a", "a number on the left of *", lambda a, b, h: 3 * a, lambda x, y: 3 * x, ()),
        ("a / 4", "dividing by a number", lambda a, b, h: a / 4, lambda x, y: x / 4, ()),
        ("4 / a", "a number divided by a Dual", lambda a, b, h: 4 / a, lambda x, y: 4 / x, (
            ("__rtruediv__ computes other / self (4 / a); you returned self / other.",
             lambda av, ad, bv, bd: (av / 4, ad / 4)),)),
        ("-a", "negation", lambda a, b, h: -a, lambda x, y: -x, (
            ("negation: (−u)' = −u'; negate the derivative too.",
             lambda av, ad, bv, bd: (-av, ad)),)),
        ("a ** 3", "a power", lambda a, b, h: a**3, lambda x, y: x**3, (
            ("power rule: (uⁿ)' = n uⁿ⁻¹ u'; you used n uⁿ.",
             lambda av, ad, bv, bd: (av**3, 3 * av**3 * ad)),
            ("power rule, chain rule: (uⁿ)' = n uⁿ⁻¹ · u'; multiply by the derivative u'.",
             lambda av, ad, bv, bd: (av**3, 3 * av**2)),
            ("power rule: (uⁿ)' = n uⁿ⁻¹ u'; you wrote (n − 1) uⁿ⁻¹ u'.",
             lambda av, ad, bv, bd: (av**3, 2 * av**2 * ad)),)),
        ("a ** 0.5", "a fractional power", lambda a, b, h: a**0.5, lambda x, y: x**0.5, ()),
        ("b ** -2", "a negative power", lambda a, b, h: b**-2, lambda x, y: y**-2, ()),
        ("sin(a)", "sin", lambda a, b, h: h["sin"](a), lambda x, y: sin_t(x), (
            ("sin's chain rule: sin(u)' = cos(u) · u'; multiply by the derivative u'.",
             lambda av, ad, bv, bd: (math.sin(av), math.cos(av))),
            ("sin(u)' = cos(u) u', with a plus sign (it is cos that differentiates to −sin).",
             lambda av, ad, bv, bd: (math.sin(av), -math.cos(av) * ad)),)),
        ("exp(b)", "exp", lambda a, b, h: h["exp"](b), lambda x, y: exp_t(y), (
            ("exp's chain rule: exp(u)' = exp(u) · u'; multiply by the derivative u'.",
             lambda av, ad, bv, bd: (math.exp(bv), math.exp(bv))),)),
    )


def _dual_reference(torch, fn: Callable) -> tuple[float, float]:
    """(value, derivative) of fn at (a, b) along the tangent (a', b'), from torch.autograd.

    The JVP ∂f/∂a · a' + ∂f/∂b · b' (what torch.func.jvp returns), computed from torch's
    reverse-mode gradients: that keeps torch.func's forward mode, whose first use with a
    Python number imports torch's compiler (seconds), out of the learner's test cell.
    """
    x = torch.tensor(DUAL_A[0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor(DUAL_B[0], dtype=torch.float64, requires_grad=True)
    out = fn(x, y)
    grads = torch.autograd.grad(out, (x, y), allow_unused=True)
    slope = sum(float(g) * tangent for g, tangent in zip(grads, (DUAL_A[1], DUAL_B[1]),
                                                         strict=True) if g is not None)
    return float(out.detach()), slope


def _dual_parts(result: object, where: str) -> tuple[float, float]:
    """(value, derivative) of what the learner's operation returned, or a sentence."""
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, int | float | np.number):
        fail(f"{where} returned the plain number {show(result)}; return a Dual "
             "(a value and a derivative), e.g. Dual(value, derivative).")
    if not (hasattr(result, "value") and hasattr(result, "derivative")):
        fail(f"{where} returned {show(result)}, which has no .value and .derivative; "
             "return a Dual(value, derivative).")
    return (_number(result.value, f"({where}).value"),
            _number(result.derivative, f"({where}).derivative"))


def _make_dual(Dual: object, pair: tuple[float, float]) -> object:
    __tracebackhide__ = True
    made = call(Dual, list(pair), "Dual")
    where = f"Dual({pair[0]}, {pair[1]})"
    value, derivative = _dual_parts(made, where)
    if (value, derivative) != pair:
        fail(f"{where} should store value {pair[0]} and derivative {pair[1]} in .value and "
             f".derivative; it holds {show(value)} and {show(derivative)}.")
    return made


@checker
def check_dual(Dual: object, sin: object = None, exp: object = None) -> None:
    """Check the class ``Dual(value, derivative)`` operation by operation against torch.

    Each operation runs alone on a = Dual(1.5, 0.3) and b = Dual(−0.7, 2.0) (derivatives
    other than 1, so that every term of the product and quotient rules shows), with plain
    numbers on either side; the expected derivative part is the JVP along (a', b'), from
    torch.autograd. ``sin`` and ``exp``, the helpers, are checked when given, also on
    plain numbers (where they must return plain numbers). A wrong rule is named with its
    operation.
    """
    __tracebackhide__ = True
    import torch

    helpers = {"sin": sin, "exp": exp}
    count = 0
    for written, rule, build, reference, mistakes in _dual_cases(torch):
        helper = next((name for name in helpers if written.startswith(name)), None)
        if helper is not None and helpers[helper] is None:
            continue
        if helper is not None and not callable(helpers[helper]):
            fail(f"{helper} is a {type(helpers[helper]).__name__}, not a function — did you "
                 "overwrite it?")
        a, b = _make_dual(Dual, DUAL_A), _make_dual(Dual, DUAL_B)
        where = f"{written} with a = Dual{DUAL_A}, b = Dual{DUAL_B}"
        try:
            result = build(a, b, helpers)
        except NotImplementedError:
            fail(f"{written}: {rule} is not implemented yet: replace `raise "
                 "NotImplementedError()` with your code.")
        except Exception as error:
            if written in _DUAL_REFLECTED and _binary_reflected(error):
                fail(f"{written} raised TypeError: a number on the left needs the reflected "
                     f"operator {_DUAL_REFLECTED[written]} (Python calls it when the Dual is "
                     "on the right).", where=where)
            if isinstance(error, AttributeError) and any(ch.isdigit() for ch in written):
                fail(f"{written} raised AttributeError: {error}. Treat a plain number as a "
                     "constant: wrap it as Dual(number, 0.0) before using .value and "
                     ".derivative.", where=where)
            fail(f"{written} raised {type(error).__name__}: {error}. Run it in a cell to see "
                 "where.", where=where)
        value, derivative = _dual_parts(result, written)
        want = _dual_reference(torch, reference)
        for part, original in (("a", DUAL_A), ("b", DUAL_B)):
            node = a if part == "a" else b
            if (float(node.value), float(node.derivative)) != original:
                fail(f"{written} changed {part} in place; return a new Dual and leave the "
                     "operands as they were.", where=where)
        count += 1
        if _close(value, want[0]) and _close(derivative, want[1]):
            continue
        got = (value, derivative)
        cause = next((advice for advice, wrong in mistakes
                      if np.allclose(got, wrong(*DUAL_A, *DUAL_B), rtol=1e-9, atol=1e-12)), None)
        if cause is None and _close(value, want[0]):
            cause = (f"the rule for {rule} is wrong: its value is right, its derivative is "
                     "not.")
        elif cause is None:
            cause = f"{rule} gives a wrong value (before any derivative)."
        fail(f"{rule} ({written}): {cause}", where=where,
             expected=f"Dual({show(want[0])}, {show(want[1])})",
             got=f"Dual({show(value)}, {show(derivative)})", shown=True)
    for name, fn in helpers.items():
        if fn is None:
            continue
        where = f"{name}(0.5)"
        got = call(fn, [0.5], name)
        want = getattr(math, name)(0.5)
        if hasattr(got, "derivative"):
            fail(f"{where} returned a Dual; on a plain number the helper should return "
                 f"math.{name}(x), a number, so that one f works on numbers and Duals.")
        if not _close(_number(got, where), want):
            fail(f"{name} on a plain number gives the wrong value.", where=where, expected=want,
                 got=got)
        count += 1
    passed("Dual", count)


# derivative(f, x): each case is (f written as, f, x); f works on numbers, Duals and tensors.
DERIVATIVE_CASES = (
    ("x**3 - 2*x + 1", lambda x: x**3 - 2 * x + 1, 2.0),
    ("(x + 1) / (x*x + 1)", lambda x: (x + 1) / (x * x + 1), -0.5),
    ("1 / x", lambda x: 1 / x, 4.0),
    ("3 * x**0.5", lambda x: 3 * x**0.5, 2.25),
    ("5 * x * x", lambda x: 5 * x * x, 2),
    ("(2 - x) * (x - 3) / x", lambda x: (2 - x) * (x - 3) / x, 1.7),
)


class _Recorded:
    """f, remembering what it was called with (to tell finite differences from a Dual)."""

    def __init__(self, fn: Callable, written: str):
        self.fn, self.written, self.inputs = fn, written, []

    def __repr__(self) -> str:
        return f"lambda x: {self.written}"

    def __call__(self, x):
        self.inputs.append(x)
        return self.fn(x)


@quiet_numpy
def _derivative_mistakes(x: float, want: float, value: float) -> list[tuple[str, float]]:
    return [
        ("you returned f(x), the value part; return the derivative part of f(Dual(x, 1.0)).",
         value),
        ("every derivative came out 0: seed the input with derivative 1, Dual(x, 1.0) "
         "(dx/dx = 1); a seed of 0 makes x a constant.", 0.0),
        ("you seeded the input with Dual(x, x); the seed is the derivative of x with respect to "
         "itself, 1: Dual(x, 1.0).", want * x),
    ]


@checker
def check_derivative(derivative: object) -> None:
    """Check ``derivative(f, x)`` (forward mode: f evaluated once on Dual(x, 1)) against torch.

    The functions use only arithmetic, so they run on numbers, on the learner's Duals and on
    torch tensors; the expected derivative is torch.autograd's.
    """
    __tracebackhide__ = True
    import torch

    for written, fn, x in DERIVATIVE_CASES:
        f = _Recorded(fn, written)
        where = f"derivative(lambda x: {written}, {x})"
        result = call(derivative, [f, x], "derivative")
        require_result(result, where)
        if hasattr(result, "derivative") and hasattr(result, "value"):
            fail("derivative returned a Dual; return its derivative part, a number: "
                 "f(Dual(x, 1.0)).derivative.", where=where)
        got = _number(result, where)
        leaf = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
        out = fn(leaf)
        value, want = float(out.detach()), float(torch.autograd.grad(out, leaf)[0])
        plain = [v for v in f.inputs if isinstance(v, int | float | np.number)]
        if plain and len(plain) == len(f.inputs):
            fail("you called f on plain numbers only (finite differences?): forward mode calls "
                 "f once, on Dual(x, 1.0), and reads the exact derivative off the result.",
                 where=where, expected=want, got=got)
        if _close(got, want):
            continue
        cause = next((advice for advice, wrong in _derivative_mistakes(x, want, value)
                      if _close(got, wrong)), "")
        wrong_value("derivative", cause, where, np.asarray(want), result)
    passed("derivative", len(DERIVATIVE_CASES))


# ---------------------------------------------------------------------------------------
# Value: the engine's operations, each making one new Value with (parent, local) pairs
# ---------------------------------------------------------------------------------------

# a = Value(1.5), b = Value(-0.7), c = Value(0.0); each case: (written as, operation, build,
# the same on torch tensors, mistakes as wrong local derivatives {input: local} from the
# inputs' data and the output's data).
VALUE_A, VALUE_B = 1.5, -0.7
_VALUE_REFLECTED = {"2 * a": "__rmul__", "1 + a": "__radd__"}


def _value_cases(torch):
    return (
        ("a + b", "+", lambda a, b: a + b, lambda x, y: x + y, (
            ("+: each input's local derivative is 1.", lambda av, bv, out: {"a": 0.0, "b": 0.0}),
            ("+: the local derivative with respect to each input is 1, not the other input's "
             "value.", lambda av, bv, out: {"a": bv, "b": av}),)),
        ("a * b", "*", lambda a, b: a * b, lambda x, y: x * y, (
            ("*: you swapped the local derivatives. ∂(ab)/∂a = b and ∂(ab)/∂b = a: each input "
             "gets the OTHER input's value.", lambda av, bv, out: {"a": av, "b": bv}),
            ("*: the local derivatives of a product are the other input's values "
             "(∂(ab)/∂a = b), not 1.", lambda av, bv, out: {"a": 1.0, "b": 1.0}),)),
        ("a + a", "+ with the same input twice", lambda a, b: a + a, lambda x, y: x + x, ()),
        ("a * a", "* with the same input twice", lambda a, b: a * a, lambda x, y: x * x, ()),
        ("a + 2", "+ with a number", lambda a, b: a + 2, lambda x, y: x + 2, ()),
        ("1 + a", "+ with a number on the left (__radd__)", lambda a, b: 1 + a,
         lambda x, y: 1 + x, ()),
        ("a * 3", "* with a number", lambda a, b: a * 3, lambda x, y: x * 3, ()),
        ("2 * a", "* with a number on the left (__rmul__)", lambda a, b: 2 * a,
         lambda x, y: 2 * x, ()),
        ("a ** 3", "**", lambda a, b: a**3, lambda x, y: x**3, (
            ("**: the power rule is ∂(xⁿ)/∂x = n·xⁿ⁻¹; you used n·xⁿ.",
             lambda av, bv, out: {"a": 3 * av**3}),
            ("**: the power rule is ∂(xⁿ)/∂x = n·xⁿ⁻¹; you used xⁿ⁻¹ without the n.",
             lambda av, bv, out: {"a": av**2}),
            ("**: the power rule is ∂(xⁿ)/∂x = n·xⁿ⁻¹; you used (n − 1)·xⁿ⁻¹.",
             lambda av, bv, out: {"a": 2 * av**2}),)),
        ("b ** -1", "** with a negative exponent", lambda a, b: b**-1, lambda x, y: y**-1, ()),
        ("a ** 0.5", "** with a fractional exponent", lambda a, b: a**0.5,
         lambda x, y: x**0.5, ()),
        ("a.tanh()", "tanh", lambda a, b: a.tanh(), lambda x, y: torch.tanh(x), (
            ("tanh: the local derivative is 1 − t² with t = tanh(x), the OUTPUT; you used "
             "1 − x² with the input.", lambda av, bv, out: {"a": 1 - av**2}),
            ("tanh: the local derivative is 1 − t² (t = tanh(x)); you left out the square.",
             lambda av, bv, out: {"a": 1 - out}),
            ("tanh: the local derivative is 1 − t² (t = tanh(x)), not t.",
             lambda av, bv, out: {"a": out}),)),
        ("b.tanh()", "tanh of a negative number", lambda a, b: b.tanh(),
         lambda x, y: torch.tanh(y), ()),
        ("b.exp()", "exp", lambda a, b: b.exp(), lambda x, y: torch.exp(y), (
            ("exp: the local derivative of eˣ is eˣ itself (the output), not x.",
             lambda av, bv, out: {"b": bv}),
            ("exp: the local derivative of eˣ is eˣ itself (the output), not 1.",
             lambda av, bv, out: {"b": 1.0}),)),
        ("a.relu()", "relu", lambda a, b: a.relu(), lambda x, y: torch.relu(x), (
            ("relu: the local derivative is 1 where x > 0 and 0 elsewhere, not x itself.",
             lambda av, bv, out: {"a": av}),)),
        ("b.relu()", "relu of a negative number", lambda a, b: b.relu(),
         lambda x, y: torch.relu(y), (
             ("relu: where x < 0 the output is the constant 0, so the local derivative is 0.",
              lambda av, bv, out: {"b": 1.0}),)),
        ("c.relu()", "relu at 0", lambda a, b: _at_zero(a).relu(),
         lambda x, y: torch.relu(torch.zeros((), dtype=torch.float64) * x), ()),
    )


def _at_zero(a):
    """A Value of the learner's class holding 0 (for relu at 0), made from a."""
    return type(a)(0.0)


def _value_reference(torch, fn: Callable, written: str) -> tuple[float, dict[str, float]]:
    """The output's value and its derivative with respect to each input, by torch.autograd."""
    x = torch.tensor(VALUE_A, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(VALUE_B, dtype=torch.float64, requires_grad=True)
    out = fn(x, y)
    grads = torch.autograd.grad(out, (x, y), allow_unused=True)
    locals_ = {name: float(g) for name, g in zip("ab", grads, strict=True) if g is not None}
    if written.startswith("c."):
        locals_ = {"c": 0.0}
    return float(out), locals_


def _value_parts(result: object, where: str, Value: type) -> tuple[float, list]:
    """(data, parents) of what an operation returned, or a sentence."""
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, int | float | np.number):
        fail(f"{where} returned the plain number {show(result)}; return a new Value that "
             "records its parents: Value(data, parents).")
    if not isinstance(result, Value):
        fail(f"{where} returned {show(result)}, not a Value.")
    data = _number(getattr(result, "data", None), f"({where}).data")
    parents = getattr(result, "parents", None)
    try:
        pairs = [tuple(pair) for pair in parents]
    except TypeError:
        pairs = None
    if pairs is None or any(len(pair) != 2 for pair in pairs):
        fail(f"({where}).parents is {show(parents)}; it should be a tuple of (parent, local "
             "derivative) pairs, one per input.")
    return data, pairs


@checker
def check_value_ops(Value: object) -> None:
    """Check each operation of ``Value`` alone: its data and its local derivatives, against torch.

    Every operation must make one new Value whose ``parents`` are (input, local derivative)
    pairs; the local derivatives of each input (added up when an input comes twice, as in
    a + a) must equal torch.autograd.grad of that one operation. A wrong one is named with
    its operation; a missing reflected operator is named too.
    """
    __tracebackhide__ = True
    import torch

    if not isinstance(Value, type):
        made = call(Value, [VALUE_A], "Value")
        require_result(made, f"Value({VALUE_A})")
        fail(f"Value is a {type(Value).__name__}, not a class; define it with `class Value:`.")
    for start in (VALUE_A, VALUE_B):
        made = call(Value, [start], "Value")
        where = f"Value({start})"
        if not hasattr(made, "data") or not hasattr(made, "grad"):
            fail(f"{where} has no .data or .grad; keep the __init__ given in the cell.")
        if not _close(_number(made.data, f"{where}.data"), start) or made.grad != 0:
            fail(f"{where} should hold data {start} and grad 0.")
    for written, operation, build, reference, mistakes in _value_cases(torch):
        a, b = Value(VALUE_A), Value(VALUE_B)
        names = {id(a): "a", id(b): "b"}
        where = f"{written} with a = Value({VALUE_A}), b = Value({VALUE_B})"
        if written.startswith("c."):
            where = "c.relu() with c = Value(0.0)"
        try:
            result = build(a, b)
        except NotImplementedError:
            fail(f"{written}: the operation {operation} is not implemented yet: replace `raise "
                 "NotImplementedError()` with your code.")
        except Exception as error:
            if written in _VALUE_REFLECTED and _binary_reflected(error):
                fail(f"{written} raised TypeError: define the reflected operator "
                     f"{_VALUE_REFLECTED[written]} (Python calls it when the number is on the "
                     f"left: 2 * a becomes a.__rmul__(2)).", where=where)
            if isinstance(error, AttributeError) and any(ch.isdigit() for ch in written):
                fail(f"{written} raised AttributeError: {error}. Wrap a plain number first: "
                     "other = other if isinstance(other, Value) else Value(other).",
                     where=where)
            fail(f"{written} raised {type(error).__name__}: {error}. Run it in a cell to see "
                 "where.", where=where)
        data, pairs = _value_parts(result, written, Value)
        if written.startswith("c."):
            names = {id(parent): "c" for parent, _ in pairs
                     if isinstance(parent, Value) and parent.data == 0.0}
        want_data, want_locals = _value_reference(torch, reference, written)
        if not _close(data, want_data):
            fail(f"{operation} ({written}) computes the wrong value.", where=where,
                 expected=want_data, got=data)
        if result.grad != 0:
            fail(f"{written} made a Value whose grad is {show(result.grad)}; a new Value starts "
                 "with grad 0.", where=where)
        if any(not isinstance(parent, Value) for parent, _ in pairs):
            fail(f"({written}).parents holds {show([p for p, _ in pairs])}; each pair starts "
                 "with a Value (wrap a plain number in a Value first).", where=where)
        got_locals: dict[str, float] = {}
        for parent, local in pairs:
            name = names.get(id(parent))
            if name is not None:
                got_locals[name] = got_locals.get(name, 0.0) + _number(
                    local, f"the local derivative in ({written}).parents")
        missing = [n for n in want_locals if n not in got_locals]
        if missing and not any(names.get(id(p)) for p, _ in pairs):
            fail(f"{written} made a Value whose parents do not include its input "
                 f"{missing[0]}: record (input, local derivative) for every input, so backward "
                 "can reach it.", where=where)
        if missing:
            fail(f"{written}: the input {missing[0]} is missing from the parents; record "
                 "(input, local derivative) for each input.", where=where)
        if all(_close(got_locals[n], w) for n, w in want_locals.items()):
            continue
        cause = next((advice for advice, wrong in mistakes
                      if all(_close(got_locals[n], w)
                             for n, w in wrong(VALUE_A, VALUE_B, want_data).items())), None)
        shown = {n: round(v, 10) for n, v in got_locals.items()}
        fail(cause or f"{operation}: a wrong local derivative (the value is right).",
             where=where, expected=show({n: round(v, 10) for n, v in want_locals.items()}),
             got=show(shown), shown=True)
    passed("Value", len(_value_cases(torch)))


# ---------------------------------------------------------------------------------------
# Graphs for topological_order and backward: plain records, numbers from torch
# ---------------------------------------------------------------------------------------


class Node:
    """A node of a test graph: what the learner's Value holds, without any operation.

    ``parents`` is a tuple of (parent node, local derivative) pairs; ``label`` names the node
    in messages.
    """

    def __init__(self, label: str, data: float = 0.0, parents: Sequence = ()):
        self.label, self.data, self.grad = label, float(data), 0.0
        self.parents = tuple(parents)

    def __repr__(self) -> str:
        return f"node {self.label}"


# A program: (name, operation, inputs) in order, inputs by name or a number; "leaf" holds
# its value. The root is the last line.
_TORCH_OPS = {
    "add": lambda t, x, y: x + y, "mul": lambda t, x, y: x * y,
    "pow": lambda t, x, n: x**n, "tanh": lambda t, x: t.tanh(x), "exp": lambda t, x: t.exp(x),
    "relu": lambda t, x: t.relu(x),
}


def torch_graph(program: Sequence[tuple]) -> tuple[list[Node], dict[str, float]]:
    """Build ``program`` in torch; return its nodes (as :class:`Node`) and torch's gradients.

    Each node's local derivatives come from torch.autograd.grad of its own operation, and
    the expected gradient of every node from one backward pass of the whole program with
    retain_grad on the intermediate nodes: torch is the reference, not this code.
    """
    import torch

    tensors, nodes = {}, {}
    for name, operation, *inputs in program:
        if operation == "leaf":
            tensors[name] = torch.tensor(float(inputs[0]), dtype=torch.float64,
                                         requires_grad=True)
            nodes[name] = Node(name, inputs[0])
            continue
        args = [tensors[i] if isinstance(i, str) else i for i in inputs]
        out = _TORCH_OPS[operation](torch, *args)
        out.retain_grad()
        tensors[name] = out
        names = [i for i in inputs if isinstance(i, str)]
        fresh = [tensors[i].detach().clone().requires_grad_(True) for i in names]
        swap = iter(fresh)
        local_out = _TORCH_OPS[operation](
            torch, *[next(swap) if isinstance(i, str) else i for i in inputs])
        locals_ = torch.autograd.grad(local_out, fresh)
        # one pair per input, as the engine records them: a + a has two pairs for a
        parents = [(nodes[input_name], float(local))
                   for input_name, local in zip(names, locals_, strict=True)]
        nodes[name] = Node(name, float(out.detach()), parents)
    root = tensors[program[-1][0]]
    root.backward()
    grads = {name: float(t.grad) if t.grad is not None else 0.0 for name, t in tensors.items()}
    return list(nodes.values()), grads


def random_program(rng: np.random.Generator, size: int) -> list[tuple]:
    """A random expression graph: 2–3 leaves, then ``size`` operations on earlier nodes.

    Every node feeds the root (the last node adds up every node no one used), nodes are
    reused, and values stay moderate (tanh and small powers). First used in chapter 09.
    """
    leaves = int(rng.integers(2, 4))
    program = [(f"x{i}", "leaf", round(float(rng.uniform(-1.5, 1.5)), 3)) for i in range(leaves)]
    used = set()
    for k in range(size):
        names = [line[0] for line in program]
        kind = rng.choice(["add", "mul", "mul", "tanh", "pow", "exp", "relu"])
        first = names[int(rng.integers(len(names)))]
        if kind in ("add", "mul"):
            second = names[int(rng.integers(len(names)))]
            program.append((f"v{k}", str(kind), first, second))
            used.update((first, second))
        elif kind == "pow":
            program.append((f"v{k}", "pow", first, int(rng.choice([2, 3]))))
            used.add(first)
        else:
            if kind == "exp":
                program.append((f"t{k}", "tanh", first))
                used.add(first)
                first = f"t{k}"
            program.append((f"v{k}", str(kind), first))
            used.add(first)
    unused = [line[0] for line in program if line[0] not in used]
    total = unused[0]
    for k, name in enumerate(unused[1:]):
        program.append((f"s{k}", "add", total, name))
        total = f"s{k}"
    return program


def chain(length: int) -> list[Node]:
    """A chain of ``length`` nodes, each computed from the one before (x0 the leaf)."""
    nodes = [Node("x0", 0.5)]
    for k in range(1, length):
        nodes.append(Node(f"x{k}", 0.5, ((nodes[-1], 1.0),)))
    return nodes


def order_problem(order: Sequence, nodes: Sequence[Node]) -> str | None:
    """What is wrong with ``order`` as a topological order of ``nodes`` (root last), or None."""
    position = {}
    known = {id(n): n for n in nodes}
    for index, item in enumerate(order):
        if isinstance(item, tuple) and len(item) == 2 and id(item[0]) in known:
            return ("your order holds (parent, local) pairs; list the nodes themselves "
                    "(the first item of each pair).")
        if id(item) not in known:
            return f"your order holds {show(item)}, which is not a node of this graph."
        if id(item) in position:
            count = sum(1 for other in order if other is item)
            return (f"{item.label} appears {count} times: remember the nodes you have "
                    "visited (a set) so that each node is listed once.")
        position[id(item)] = index
    missing = [n for n in nodes if id(n) not in position]
    if missing:
        root = nodes[-1]
        direct = {id(p) for p, _ in root.parents} | {id(root)}
        if position and set(position) <= direct and len(nodes) > len(direct):
            return ("you listed only the root and its direct parents: follow the parents of "
                    "parents too, down to the leaves.")
        return (f"your order misses {len(missing)} of the {len(nodes)} nodes, e.g. "
                f"{missing[0].label}: every node the root depends on belongs in it.")
    for item in order:
        for parent, _ in item.parents:
            if position[id(parent)] > position[id(item)]:
                if _valid(list(reversed(order))):
                    return ("your order is reversed: the root comes last, after everything it "
                            "depends on (leaves first). Reverse it, or append a node after its "
                            "parents.")
                return (f"{item.label} comes before {parent.label}, which it was computed "
                        "from: list a node only after all its parents (a breadth-first order "
                        "is not enough).")
    return None


def _valid(order: Sequence) -> bool:
    position = {id(n): i for i, n in enumerate(order)}
    return all(position.get(id(p), len(order)) < position[id(n)]
               for n in order for p, _ in n.parents)


def _order_cases() -> list[tuple[str, list[Node]]]:
    """(description, nodes with the root last) for topological_order."""
    x = Node("x", 2.0)
    cases = [("a single leaf x", [x])]
    x = Node("x", 2.0)
    y = Node("y", 4.0, ((x, 1.0), (x, 1.0)))
    cases.append(("y = x + x (x reused)", [x, y]))
    x = Node("x", 0.5)
    a = Node("a", 0.46, ((x, 0.79),))
    b = Node("b", 0.25, ((x, 1.0),))
    c = Node("c", 0.12, ((a, 0.25), (b, 0.46)))
    cases.append(("a diamond: a = tanh(x), b = x ** 2, c = a * b", [x, a, b, c]))
    x = Node("x", 1.0)
    y = Node("y", 2.0, ((x, 2.0),))
    z = Node("z", 2.0, ((x, 2.0), (y, 1.0)))
    cases.append(("z = x * y with y = 2 * x", [x, y, z]))
    nodes, _ = torch_graph(random_program(np.random.default_rng(9), 25))
    cases.append(("a random expression graph of 30-odd nodes", nodes))
    cases.append(("a chain of 5000 nodes (x1 from x0, x2 from x1, ...)", chain(5000)))
    return cases


def _order_list(result: object, where: str) -> list:
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, str | bytes | dict) or not hasattr(result, "__iter__"):
        fail(f"{where} returned {show(result)}; return a list of the nodes.")
    if isinstance(result, set | frozenset):
        fail(f"{where} returned a set, which has no order; return a list of the nodes.")
    return list(result)


def _call_on_graph(fn: object, root: Node, name: str, where: str, deep: bool) -> object:
    __tracebackhide__ = True
    if not callable(fn):
        fail(f"{name} is a {type(fn).__name__}, not a function — did you overwrite it?")
    try:
        return fn(root)
    except NotImplementedError:
        fail(f"{name} is not implemented yet: replace `raise NotImplementedError()` with your "
             "code.")
    except RecursionError as error:
        if deep:
            fail(f"{name} raised RecursionError on a chain of 5000 nodes: your sort is "
                 "recursive, and Python allows only about 1000 nested calls. Walk the graph "
                 "with an explicit stack (a list you append to and pop from) instead.",
                 where=where)
        fail(f"{where} raised RecursionError: {error}.")
    except Exception as error:
        fail(f"{where} raised {type(error).__name__}: {error}. Run it in a cell on this graph "
             "to see where.")


@checker
def check_topological_order(topological_order: object) -> None:
    """Check ``topological_order(root)``: every node the root depends on, once, parents first.

    The graphs are plain nodes with ``parents`` as (parent, local) pairs: a leaf, a reused
    node, a diamond, a graph where breadth-first order fails, a random graph, and a chain of
    5000 nodes (too deep for a recursive sort). Orders are judged by the property, since
    several orders are right.
    """
    __tracebackhide__ = True
    cases = _order_cases()
    for label, nodes in cases:
        root = nodes[-1]
        where = f"topological_order(root) on {label}"
        before = [(n.parents, n.grad) for n in nodes]
        result = _call_on_graph(topological_order, root, "topological_order", where,
                                deep=len(nodes) > 1000)
        order = _order_list(result, where)
        if [(n.parents, n.grad) for n in nodes] != before:
            fail(f"{where} changed the graph (a node's parents or grad); only read it.")
        problem = order_problem(order, nodes)
        if problem is not None:
            labels = [getattr(n, "label", show(n)) for n in order]
            fail(problem, where=where, got=show(labels[:12] + (["..."] if len(labels) > 12
                                                                  else [])), shown=True)
    passed("topological_order", len(cases))


# ---------------------------------------------------------------------------------------
# backward(root): reset every grad, seed the root with 1, chain rule in reversed order
# ---------------------------------------------------------------------------------------

BACKWARD_PROGRAMS = (
    ("y = x + x", [("x", "leaf", 1.5), ("y", "add", "x", "x")]),
    ("y = x * x", [("x", "leaf", -1.2), ("y", "mul", "x", "x")]),
    ("f = tanh(w * x + b), a neuron", [
        ("w", "leaf", 0.8), ("x", "leaf", -1.5), ("b", "leaf", 0.3), ("wx", "mul", "w", "x"),
        ("z", "add", "wx", "b"), ("f", "tanh", "z")]),
    ("c = a * b + a (a used twice)", [
        ("a", "leaf", 2.0), ("b", "leaf", -3.0), ("ab", "mul", "a", "b"),
        ("c", "add", "ab", "a")]),
    ("f = exp(u) * u ** 2 + relu(v) * u with u = x * y", [
        ("x", "leaf", 0.7), ("y", "leaf", -0.4), ("v", "leaf", 1.3), ("u", "mul", "x", "y"),
        ("e", "exp", "u"), ("u2", "pow", "u", 2), ("p", "mul", "e", "u2"),
        ("r", "relu", "v"), ("q", "mul", "r", "u"), ("f", "add", "p", "q")]),
)


def _consumers(nodes: Sequence[Node]) -> dict[int, list[tuple[Node, float]]]:
    """For each node, the (child, local) edges that use it."""
    found: dict[int, list[tuple[Node, float]]] = {id(n): [] for n in nodes}
    for child in nodes:
        for parent, local in child.parents:
            found[id(parent)].append((child, local))
    return found


@quiet_numpy
def _backward_problem(nodes: Sequence[Node], got: dict[str, float], want: dict[str, float],
                      backward: object, order_fn: object) -> str:
    """Why the learner's gradients are wrong, from properties of their own numbers."""
    root = nodes[-1]
    edges = _consumers(nodes)
    if all(g == 0 for g in got.values()):
        return ("every gradient is 0, the root's too: seed the output's gradient, "
                "root.grad = 1.0, before propagating.")
    if not _close(got[root.label], 1.0):
        inner = [n for n in nodes if n is not root and abs(want[n.label]) > 1e-12]
        ratio = got[root.label]
        if inner and all(_close(got[n.label], ratio * want[n.label]) for n in inner):
            return (f"the root's gradient is {show(ratio)}: seed it with exactly 1.0 "
                    "(df/df = 1), after resetting the grads.")
    uses_order = "topological_order" in getattr(getattr(backward, "__code__", None),
                                                "co_names", ())
    if uses_order and callable(order_fn):
        try:
            order = list(order_fn(root))
        except Exception:
            order = None
        if order is None or order_problem(order, nodes) is not None:
            return ("your backward relies on your topological_order, which gives a wrong "
                    "order on this graph: fix topological_order (the exercise before) first.")
    direct = {id(p) for p, _ in root.parents}
    if len(nodes) > len(direct) + 1 and all(
            _close(got[n.label], 0.0) for n in nodes if n is not root and id(n) not in direct):
        return ("only the root's direct parents got a gradient: you walked the order leaves "
                "first. Walk it from the root: for node in reversed(order).")

    def sums(weighted: bool) -> bool:
        return all(_close(got[n.label], sum((local if weighted else 1.0) * got[c.label]
                                            for c, local in edges[id(n)]))
                   for n in nodes if edges[id(n)])

    if sums(False) and not sums(True):
        return ("you passed the gradient down without the local derivative: "
                "parent.grad += local * node.grad, not += node.grad.")
    shared = [n for n in nodes if len(edges[id(n)]) > 1]
    if shared and all(any(_close(got[n.label], local * got[c.label]) for c, local in edges[id(n)])
                      for n in nodes if edges[id(n)]):
        return (f"{shared[0].label} is used {len(edges[id(shared[0])])} times, and its gradient "
                "kept only one use's share: add the contributions up, parent.grad += "
                "local * node.grad, not parent.grad = ... (a reused node's paths add up).")
    return ""


def _grads(nodes: Sequence[Node], where: str) -> dict[str, float]:
    __tracebackhide__ = True
    found = {}
    for n in nodes:
        try:
            found[n.label] = float(np.asarray(n.grad, dtype=float))
        except (TypeError, ValueError):
            fail(f"after {where}, {n.label}.grad is {show(n.grad)}, not a number.")
    return found


@checker
def check_backward(backward: object, programs: Sequence = BACKWARD_PROGRAMS) -> None:
    """Check ``backward(root)`` against torch.autograd, and that a second call changes nothing.

    backward returns the order it walked (every node of the graph). The graphs are plain
    nodes (label, data, grad, parents as (parent, local) pairs, the locals from torch), so
    only backward is judged; when it is wrong and the notebook's
    topological_order gives a wrong order, that is said instead. The contract of this
    chapter: backward resets every grad of the graph to 0, seeds root.grad = 1, then runs the
    chain rule over the reversed topological order, accumulating with +=. So calling it twice
    gives the same gradients.
    """
    __tracebackhide__ = True
    order_fn = getattr(backward, "__globals__", {}).get("topological_order")
    uses_order = "topological_order" in getattr(getattr(backward, "__code__", None),
                                                "co_names", ())
    if uses_order and order_fn is None:
        fail("backward calls topological_order, which is not defined: run the cell of the "
             "exercise before (topological_order) first.")
    if uses_order and callable(order_fn):
        try:
            order_fn(Node("x"))
        except NotImplementedError:
            fail("backward calls your topological_order, which is not implemented yet: write "
                 "topological_order (the exercise before) first.")
        except Exception:
            pass  # judged with the gradients below
    for label, program in programs:
        nodes, want = torch_graph(program)
        root = nodes[-1]
        where = f"backward(root) on {label}"
        for attempt in (1, 2):
            result = _call_on_graph(backward, root, "backward", where, deep=False)
            if result is None:
                fail(f"{where} returned None — did you forget `return`? backward returns the "
                     "order it walked (the list from topological_order).")
            got = _grads(nodes, where)
            if all(_close(got[n], want[n], rtol=1e-9, atol=1e-12) for n in want):
                continue
            wrong = next(n for n in want if not _close(got[n], want[n]))
            shown = f"{wrong}.grad = {show(got[wrong])}"
            expected = f"{wrong}.grad = {show(want[wrong])}"
            if attempt == 2:
                doubled = all(_close(got[n.label], 2 * want[n.label]) for n in nodes
                              if n is not root)
                reason = ("calling backward twice changed the gradients"
                          + (" (they doubled)" if doubled else "")
                          + ": reset every node's grad to 0 at the start of backward, before "
                          "seeding the root, so a second call gives the same result (this "
                          "chapter's contract; torch instead adds up, see chapter 10).")
                fail(reason, where=f"{where}, called twice", expected=expected, got=shown,
                     shown=True)
            reason = _backward_problem(nodes, got, want, backward, order_fn) or (
                f"backward gave a wrong gradient for {wrong}, and no known mistake explains "
                "every node (compare expected and got).")
            fail(reason, where=where, expected=expected, got=shown, shown=True)
        try:
            returned = list(result)
        except TypeError:
            returned = None
        if returned is None or {id(n) for n in returned} != {id(n) for n in nodes}:
            fail(f"{where} returned {show(result)}; return the order it walked, the list of "
                 "every node from topological_order (the gradients are right).")
    passed("backward", len(programs))


@checker
def check_backward_random(backward: object, seed: int = 0, graphs: int = 20) -> None:
    """Check ``backward`` on ``graphs`` random expression graphs (seeded) against torch."""
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    programs = [(f"random expression graph {k} (seed {seed})",
                 random_program(rng, int(rng.integers(3, 15)))) for k in range(graphs)]
    check_backward(backward, programs)


# ---------------------------------------------------------------------------------------
# gradient_check(f, grad_f, x, h=1e-5) -> relative error (chapter 05's formula)
# ---------------------------------------------------------------------------------------

_A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, -0.5], [0.0, -0.5, 4.0]])
_B = np.array([1.0, -2.0, 0.5])


def _quadratic(x):
    x = np.asarray(x, dtype=float)
    return 0.5 * x @ _A @ x + _B @ x


def _quadratic_grad(x):
    return _A @ np.asarray(x, dtype=float) + _B


def _cubic(x):
    x = np.asarray(x, dtype=float)
    return float(np.sum(x**3) + x[0] * x[1])


def _cubic_grad(x):
    x = np.asarray(x, dtype=float)
    return 3 * x**2 + np.array([x[1], x[0]])


def _one_wrong(x):
    g = _quadratic_grad(x)
    g[1] = -g[1]
    return g


class _Fn:
    """A function of the checker with a readable name in messages."""

    def __init__(self, fn: Callable, name: str):
        self.fn, self.name = fn, name

    def __repr__(self) -> str:
        return self.name

    def __eq__(self, other) -> bool:
        return isinstance(other, _Fn) and (other.fn, other.name) == (self.fn, self.name)

    def __hash__(self) -> int:
        return hash(self.name)

    def __call__(self, x):
        return self.fn(x)


# (f, grad_f, x, h or None, expected relative error or None when only "small" is expected).
# On the quadratic, central differences are exact up to rounding, so a gradient c·∇f gives
# |c − 1| / (|c| + 1) exactly; the values are re-derived in tests/test_exercises_autodiff.py.
_X = np.array([0.5, -1.0, 2.0])
GRADIENT_CHECK_CASES = (
    (_Fn(_quadratic, "f (quadratic)"), _Fn(_quadratic_grad, "grad_f (right)"), _X, None, None),
    (_Fn(_quadratic, "f (quadratic)"), _Fn(lambda x: 2 * _quadratic_grad(x), "2 * grad_f"),
     _X, None, 1 / 3),
    (_Fn(_quadratic, "f (quadratic)"), _Fn(lambda x: -_quadratic_grad(x), "-grad_f"),
     _X, None, 1.0),
    (_Fn(_quadratic, "f (quadratic)"), _Fn(_one_wrong, "grad_f with entry 1 negated"),
     _X, 1e-4, 0.4423258684646914),
    (_Fn(_cubic, "f (cubic)"), _Fn(_cubic_grad, "grad_f (right)"), [1, 2], None, None),
    (_Fn(_cubic, "f (cubic)"), _Fn(lambda x: 0 * _cubic_grad(x), "zero gradient"),
     np.array([1.0, -0.5]), 1e-3, 1.0),
)


def _rel(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def _gradient_mistakes(f: _Fn, grad_f: _Fn, x, h: float) -> list[Mistake]:
    """Wrong formulas, each from the exact gradient (the quadratic's and cubic's are known)."""
    exact = _quadratic_grad if f.fn is _quadratic else _cubic_grad
    x = np.asarray(x, dtype=float)
    g, true = np.asarray(grad_f(x), dtype=float), exact(x)
    curvature = np.diag(_A) / 2 if f.fn is _quadratic else 3 * x
    return [
        Mistake("you divided the central difference by h; the two points are 2h apart, so "
                "divide by 2h.", lambda *_: _rel(g, 2 * true)),
        Mistake("that is a forward difference, (f(x + h) − f(x)) / h, whose error is about "
                "h·f''/2; the central difference (f(x + h) − f(x − h)) / 2h is far more "
                "accurate.", lambda *_: _rel(g, true + h * curvature)),
        Mistake("you returned the absolute error ‖a − b‖; divide by ‖a‖ + ‖b‖ to make it "
                "relative.", lambda *_: float(np.linalg.norm(g - true))),
        Mistake("your denominator is one norm; the relative error divides by the sum of both, "
                "‖a − b‖ / (‖a‖ + ‖b‖).",
                lambda *_: float(np.linalg.norm(g - true) / np.linalg.norm(true))),
        Mistake("your denominator is one norm; the relative error divides by the sum of both, "
                "‖a − b‖ / (‖a‖ + ‖b‖).",
                lambda *_: float(np.linalg.norm(g - true) / max(np.linalg.norm(g), 1e-300))),
        Mistake("you compared squared norms; the relative error is ‖a − b‖ / (‖a‖ + ‖b‖) with "
                "plain (not squared) norms.",
                lambda *_: float(np.sum((g - true) ** 2) / max(np.sum(g**2) + np.sum(true**2),
                                                               1e-300))),
    ]


@checker
def check_gradient_check(gradient_check: object, cases=GRADIENT_CHECK_CASES) -> None:
    """Check ``gradient_check(f, grad_f, x, h=1e-5)``: ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), central differences.

    On a quadratic, central differences are exact (up to rounding), so a gradient c·∇f must
    give |c − 1|/(|c| + 1): 1/3 for a factor 2, 1 for a flipped sign; a right gradient must
    give a tiny error (below 1e-7). Wrong formulas (h instead of 2h, a forward difference,
    the absolute error, one norm below) are named.
    """
    __tracebackhide__ = True
    for f, grad_f, x, h, want in cases:
        args = [f, grad_f, x] + ([h] if h is not None else [])
        shown_x = show(np.asarray(x)) if isinstance(x, np.ndarray) else show(x)
        where = f"gradient_check({f!r}, {grad_f!r}, {shown_x}" + (
            f", h={h})" if h is not None else ")")
        result = call_unchanged(gradient_check, args, "gradient_check", where, names=(
            "f", "grad_f", "x"), hint=" (x_plus = x.copy(); x_plus[i] += h)")
        require_result(result, where)
        got_array = as_number_array(result, where)
        if got_array.shape != ():
            fail("gradient_check returned an array; return the relative error, one number "
                 "(the numerical gradient is only a step on the way).", where=where,
                 got=result)
        got = float(got_array)
        step = h if h is not None else 1e-5
        if want is None:
            ok = np.isfinite(got) and 0 <= got < 1e-7
        else:
            ok = _close(got, want, rtol=1e-6, atol=1e-9)
        if ok:
            continue
        if want is None and isinstance(x, list) and got > 0.5:
            fail("on a list of integers your numerical gradient is wrong: adding h to an "
                 "integer array rounds it away. Convert first, x = np.array(x, dtype=float).",
                 where=where, expected="a relative error below 1e-7", got=result)
        mistakes = _gradient_mistakes(f, grad_f, x, step)
        cause = next((m.advice for m in mistakes
                      if _close(got, m.wrong(), rtol=1e-3, atol=1e-12)), "")
        fail(cause or "gradient_check gave a wrong relative error here, and no known mistake "
             "explains it (compare expected and got).", where=where,
             expected="a relative error below 1e-7 (the gradient is right)" if want is None
             else show(want), got=show(got), shown=True)
    passed("gradient_check", len(cases))


# ---------------------------------------------------------------------------------------
# The learner's whole engine against torch (a demonstration, not a graded check)
# ---------------------------------------------------------------------------------------

_VALUE_OPS = {
    "add": lambda x, y: x + y, "mul": lambda x, y: x * y, "pow": lambda x, n: x**n,
    "tanh": lambda x: x.tanh(), "exp": lambda x: x.exp(), "relu": lambda x: x.relu(),
}


@checker
def engine_vs_torch(Value: type, backward: Callable, graphs: int = 100, seed: int = 0) -> float:
    """The largest gap between the learner's gradients and torch's over random graphs.

    Each random expression graph (:func:`random_program`) is built with the learner's
    ``Value`` operators and differentiated with their ``backward``; torch differentiates the
    same program. Returns max |learner's grad − torch's| over every node of every graph, and
    fails with a sentence when that gap is not rounding (so a cell that goes on to a deep
    graph stops here, instead of running a broken engine on it). First used in chapter 09.
    """
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(graphs):
        program = random_program(rng, int(rng.integers(3, 20)))
        _, want = torch_graph(program)
        built: dict[str, object] = {}
        for name, operation, *inputs in program:
            if operation == "leaf":
                built[name] = Value(inputs[0])
            else:
                built[name] = _VALUE_OPS[operation](
                    *[built[i] if isinstance(i, str) else i for i in inputs])
        backward(built[program[-1][0]])
        worst = max(worst, max(abs(float(built[n].grad) - want[n]) for n in want))
    if not worst < 1e-9:  # also NaN
        fail("your engine and torch disagree on random expression graphs: make the tests of "
             "Value, topological_order and backward pass first",
             where=f"engine_vs_torch(Value, backward, graphs={graphs}, seed={seed})",
             expected="gaps of rounding size, below 1e-9", got=f"largest gap {worst:.3g}",
             shown=True)
    return worst
