"""Checkers for chapter 07 (momentum, RMSProp and Adam).

``momentum_step``, ``adam_step``, ``run_optimizer`` and ``warmup_cosine_lr``.

The reference for the two update rules is ``torch.optim`` itself (``SGD`` with momentum and
``Adam``), imported inside the checkers, never when this module is imported: importing it
stays fast and torch-free. ``run_optimizer`` is judged against closed-form paths and by
recording what it passes to the step function; ``warmup_cosine_lr`` against a fixed table
(re-derived in tests/test_exercises_optimizers.py). Known mistakes are wrong formulas or
transformations of the reference.
"""

from __future__ import annotations

import copy
import functools
import math

import numpy as np

from utils.check import (
    Mistake,
    as_number_array,
    call,
    call_on_copies,
    check_function,
    checker,
    diagnose,
    fail,
    passed,
    quiet_numpy,
    refuse_alias,
    require_result,
    same,
    show,
    show_call,
)


def _floats(value) -> np.ndarray:
    return np.array(value, dtype=float)


def _close(got: np.ndarray, want: np.ndarray, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


# ---------------------------------------------------------------------------------------
# momentum_step(x, velocity, grad, lr, mu) -> (new_x, new_velocity), torch's convention
# ---------------------------------------------------------------------------------------

MOMENTUM_CASES = (
    (np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([2.0, -1.0]), 0.1, 0.9),
    (np.array([0.0, 3.0, -1.0]), np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.5, -2.0]), 0.05, 0.5),
    (2.0, -0.5, 1.0, 0.2, 0.9),
    (np.array([1.0, 1.0]), np.array([0.0, 0.0]), np.array([4.0, -2.0]), 0.25, 0.9),
    (np.array([3, -1]), np.array([1, 2]), np.array([-2, 1]), 0.5, 0.5),
)


def _torch_momentum(x, velocity, grad, lr, mu) -> tuple[np.ndarray, np.ndarray]:
    """One step of ``torch.optim.SGD(lr=lr, momentum=mu)`` whose buffer holds ``velocity``."""
    import torch

    param = torch.tensor(_floats(x), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=lr, momentum=mu)
    optimizer.state[param]["momentum_buffer"] = torch.tensor(_floats(velocity), dtype=torch.float64)
    param.grad = torch.tensor(_floats(grad), dtype=torch.float64)
    optimizer.step()
    buffer = optimizer.state[param]["momentum_buffer"]
    return param.detach().numpy().copy(), buffer.numpy().copy()


# Each mistake: (advice, wrong(x, v, g, lr, mu, x_ref, v_ref) -> (new_x, new_velocity)),
# written as a change to torch's answer (x_ref, v_ref) or as the wrong formula itself.
MOMENTUM_MISTAKES = (
    ("you returned (velocity, x); return the pair in the order (new_x, new_velocity).",
     lambda x, v, g, lr, mu, xr, vr: (vr, xr)),
    ("momentum sign: your velocity subtracts the gradient (v ← μv − g), so x ← x − lr·v "
     "walks uphill. torch's rule adds it: v ← μv + g, then x ← x − lr·v.",
     lambda x, v, g, lr, mu, xr, vr: (x - lr * (mu * v - g), mu * v - g)),
    ("momentum sign: you moved x along the velocity (x + lr·v), which is uphill; "
     "step against it, x ← x − lr·v.",
     lambda x, v, g, lr, mu, xr, vr: (x + lr * vr, vr)),
    ("you forgot to carry the state: the velocity you returned is the one you were given. "
     "Return the updated velocity μv + g, or the next step starts from stale state.",
     lambda x, v, g, lr, mu, xr, vr: (xr, v)),
    ("you ignored the incoming velocity: that is a plain gradient-descent step. The new "
     "velocity is μ·velocity + grad.",
     lambda x, v, g, lr, mu, xr, vr: (x - lr * g, g)),
    ("you moved x with the old velocity: update the velocity first (v ← μv + g), then "
     "x ← x − lr·v with the new one.",
     lambda x, v, g, lr, mu, xr, vr: (x - lr * v, vr)),
    ("you averaged the gradient into the velocity (v ← μv + (1 − μ)g), as Adam does; "
     "torch's SGD momentum adds the whole gradient: v ← μv + g.",
     lambda x, v, g, lr, mu, xr, vr: (x - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g)),
    ("you put lr inside the velocity (v ← μv + lr·g, x ← x − v), the form in many lecture "
     "notes; this exercise, like torch, keeps v ← μv + g and moves by x ← x − lr·v.",
     lambda x, v, g, lr, mu, xr, vr: (x - (mu * v + lr * g), mu * v + lr * g)),
    ("you swapped lr and mu: the velocity keeps mu of itself, v ← μv + g, and x moves by "
     "lr of it, x ← x − lr·v.",
     lambda x, v, g, lr, mu, xr, vr: (x - mu * (lr * v + g), lr * v + g)),
    ("that is Nesterov's step, x ← x − lr·(g + μv); heavy-ball momentum moves by the "
     "velocity itself, x ← x − lr·v.",
     lambda x, v, g, lr, mu, xr, vr: (x - lr * (g + mu * vr), vr)),
)


def _as_pair(result: object, where: str, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    """The learner's (new_x, new_velocity), or a sentence saying what came back instead."""
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, dict):
        fail(f"{where} returned a dict; return a tuple (new_x, new_velocity).")
    pair = isinstance(result, tuple | list) and len(result) == 2
    if isinstance(result, np.ndarray) and result.shape == (2, *shape):
        pair = True
    if not pair:
        try:
            one = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            one = None
        if one is not None and one.shape == shape:
            fail(f"{where} returned one value, {show(result)}; return both: "
                 "(new_x, new_velocity).")
        fail(f"{where} returned {show(result)}; return a pair (new_x, new_velocity).")
    new_x = as_number_array(result[0], f"{where}[0] (new_x)")
    new_v = as_number_array(result[1], f"{where}[1] (new_velocity)")
    return new_x, new_v


@quiet_numpy
def _check_momentum_case(momentum_step: object, args: tuple) -> None:
    __tracebackhide__ = True
    where = show_call("momentum_step", args)
    result, given = call_on_copies(momentum_step, args, "momentum_step", where,
                                   names=("x", "velocity", "grad"),
                                   hint=" (x - lr * v makes a new array; x -= lr * v does not)")
    shape = np.shape(args[0])
    got_x, got_v = _as_pair(result, where, shape)
    want_x, want_v = _torch_momentum(*args)
    if _close(got_x, want_x) and _close(got_v, want_v):
        refuse_alias(tuple(result), given, where, names=("x", "velocity", "grad"))
        return
    detail = (f"{where}: expected (new_x, new_velocity) = ({show(want_x)}, {show(want_v)}), "
              f"got ({show(got_x)}, {show(got_v)}).")
    x, v, g = (_floats(a) for a in args[:3])
    lr, mu = args[3], args[4]
    for advice, wrong in MOMENTUM_MISTAKES:
        wrong_x, wrong_v = (_floats(w) for w in wrong(x, v, g, lr, mu, want_x, want_v))
        if _close(got_x, wrong_x) and _close(got_v, wrong_v):
            fail(f"{detail} Likely cause: {advice}")
    for part, got, want in (("new_x", got_x, want_x), ("new_velocity", got_v, want_v)):
        reason = diagnose(got, want, args)
        if reason is not None:
            fail(f"{detail} Your {part} is wrong" + (f": {reason}" if reason else "."))
    fail(detail)


@checker
def check_momentum_step(momentum_step: object, cases=MOMENTUM_CASES) -> None:
    """Check ``momentum_step(x, velocity, grad, lr, mu)`` against ``torch.optim.SGD``.

    The expected pair is one step of ``SGD(lr=lr, momentum=mu)`` whose momentum buffer
    holds ``velocity``: v ← μv + g, x ← x − lr·v.
    """
    __tracebackhide__ = True
    for args in cases:
        _check_momentum_case(momentum_step, args)
    passed("momentum_step", len(cases))


# ---------------------------------------------------------------------------------------
# adam_step(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8) -> new_x,
# with state = {"step": int, "m": array, "v": array} updated in place
# ---------------------------------------------------------------------------------------

# Each sequence: (label, x0, gradients, keyword arguments for adam_step). The first uses the
# defaults; the second has gradients small enough next to eps that eps's place shows, and
# betas far from the defaults.
ADAM_SEQUENCES = (
    ("x0 = [1, -2, 0.5], default lr, betas and eps",
     (1.0, -2.0, 0.5),
     ((0.5, -3.0, 0.01), (0.4, -2.0, 0.02), (-0.2, 1.0, 0.01), (0.3, 0.5, -0.01)),
     {}),
    ("x0 = [0.3, -0.1], lr=0.1, betas=(0.8, 0.99), eps=1e-3",
     (0.3, -0.1),
     ((0.002, -0.01), (0.001, -0.02), (0.004, 0.01)),
     {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-3}),
)
ADAM_DEFAULTS = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}


@functools.cache
def _torch_adam(index: int) -> tuple:
    """torch.optim.Adam on sequence ``index``: per step (x before, x after, m, v)."""
    import torch

    _, x0, grads, kwargs = ADAM_SEQUENCES[index]
    options = {**ADAM_DEFAULTS, **kwargs}
    param = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([param], lr=options["lr"], betas=options["betas"],
                                 eps=options["eps"])
    steps = []
    for grad in grads:
        before = param.detach().numpy().copy()
        param.grad = torch.tensor(grad, dtype=torch.float64)
        optimizer.step()
        state = optimizer.state[param]
        steps.append((before, param.detach().numpy().copy(),
                      state["exp_avg"].numpy().copy(), state["exp_avg_sq"].numpy().copy()))
    return tuple(steps)


# Wrong new x, from torch's (raw) averages m and v after step t: wrong(x, m, v, t, lr, b1, b2, eps).
# (Using t − 1, the count before it is incremented, is caught on step 1: 1 − β⁰ = 0 gives NaN.)
ADAM_X_MISTAKES = (
    Mistake("no bias correction: divide m by (1 − β₁ᵗ) and v by (1 − β₂ᵗ) before the update. "
            "Without it the first steps are the wrong size (m and v start at zero).",
            lambda x, m, v, t, lr, b1, b2, eps: x - lr * m / (np.sqrt(v) + eps)),
    Mistake("epsilon inside the square root: Adam (and torch) add eps after it, "
            "m̂ / (√v̂ + eps), not m̂ / √(v̂ + eps).",
            lambda x, m, v, t, lr, b1, b2, eps:
            x - lr * (m / (1 - b1**t)) / np.sqrt(v / (1 - b2**t) + eps)),
    Mistake("you bias-corrected m but not v: divide v by (1 − β₂ᵗ) too.",
            lambda x, m, v, t, lr, b1, b2, eps: x - lr * (m / (1 - b1**t)) / (np.sqrt(v) + eps)),
    Mistake("you bias-corrected v but not m: divide m by (1 − β₁ᵗ) too.",
            lambda x, m, v, t, lr, b1, b2, eps: x - lr * m / (np.sqrt(v / (1 - b2**t)) + eps)),
    Mistake("your bias correction uses t + 1: count the steps from 1 (increment "
            "state['step'] once, then use it).",
            lambda x, m, v, t, lr, b1, b2, eps:
            x - lr * (m / (1 - b1 ** (t + 1))) / (np.sqrt(v / (1 - b2 ** (t + 1))) + eps)),
    Mistake("you forgot the square root: divide by √v̂ + eps, not v̂ + eps.",
            lambda x, m, v, t, lr, b1, b2, eps:
            x - lr * (m / (1 - b1**t)) / (v / (1 - b2**t) + eps)),
    Mistake("your step goes uphill: x ← x − lr·m̂ / (√v̂ + eps), with a minus.",
            lambda x, m, v, t, lr, b1, b2, eps:
            x + lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)),
    Mistake("you ignored the lr argument (your step has the default size 1e-3).",
            lambda x, m, v, t, lr, b1, b2, eps:
            x - 1e-3 * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)),
)

# Wrong averages after step t, from the previous (torch) averages: wrong(m0, v0, g, b1, b2).
ADAM_M_MISTAKES = (
    ("you stored the bias-corrected m̂ in the state; keep the raw average m there and "
     "correct a copy for the update.", None),
    ("state['m'] should be β₁m + (1 − β₁)g; you left out the (1 − β₁) on the gradient.",
     lambda m0, v0, g, b1, b2: b1 * m0 + g),
    ("state['m'] uses β₂; the first moment averages with β₁ = betas[0].",
     lambda m0, v0, g, b1, b2: b2 * m0 + (1 - b2) * g),
    ("state['m'] uses the default β₁ = 0.9; use the betas argument.",
     lambda m0, v0, g, b1, b2: 0.9 * m0 + 0.1 * g),
)
ADAM_V_MISTAKES = (
    ("you stored the bias-corrected v̂ in the state; keep the raw average v there and "
     "correct a copy for the update.", None),
    ("state['v'] averages the gradient, not its square: v ← β₂v + (1 − β₂)g².",
     lambda m0, v0, g, b1, b2: b2 * v0 + (1 - b2) * g),
    ("state['v'] should be β₂v + (1 − β₂)g²; you left out the (1 − β₂).",
     lambda m0, v0, g, b1, b2: b2 * v0 + g * g),
    ("state['v'] uses β₁; the second moment averages with β₂ = betas[1].",
     lambda m0, v0, g, b1, b2: b1 * v0 + (1 - b1) * g * g),
    ("state['v'] uses the default β₂ = 0.999; use the betas argument.",
     lambda m0, v0, g, b1, b2: 0.999 * v0 + 0.001 * g * g),
)

_CARRY = ("you forgot to carry the state between steps: ")


def _state_entry(state: object, key: str, where: str, shape: tuple) -> np.ndarray:
    __tracebackhide__ = True
    if not isinstance(state, dict):
        fail(f"after {where}, state is a {type(state).__name__}; keep it a dict with keys "
             "'step', 'm' and 'v'.")
    if key not in state:
        fail(f"after {where}, state has no key {key!r}; keep 'step', 'm' and 'v' in it.")
    value = as_number_array(state[key], f"state[{key!r}] after {where}")
    if key != "step" and value.shape != shape:
        fail(f"after {where}, state[{key!r}] has shape {value.shape}; it should have x's "
             f"shape {shape}.")
    return value


@quiet_numpy
def _check_state(state: dict, before: dict, where: str, t: int, shape: tuple, m0, v0, g,
                 m_want, v_want, b1, b2) -> None:
    __tracebackhide__ = True
    step = _state_entry(state, "step", where, shape)
    if step.shape != () or not np.isfinite(step) or float(step) != t:
        if step.shape == () and float(step) == t - 1:
            fail(f"after {where}, state['step'] is still {t - 1}. Likely cause: {_CARRY}"
                 "increment it in the dict you were given (state['step'] += 1), so the bias "
                 "correction knows how many steps were taken. (state = {...} inside the "
                 "function makes a new dict the caller never sees.)")
        fail(f"after {where}, state['step'] should count the steps taken: expected {t}, "
             f"got {show(state['step'])}.")
    for key, want, mistakes in (("m", m_want, ADAM_M_MISTAKES), ("v", v_want, ADAM_V_MISTAKES)):
        got = _state_entry(state, key, where, shape)
        if _close(got, want, atol=1e-12):
            continue
        detail = f"after {where}, state[{key!r}] should be {show(want)}, got {show(got)}."
        if _close(got, _floats(before[key]), atol=0):
            fail(f"{detail} Likely cause: {_CARRY}state[{key!r}] did not change. Store the new "
                 f"average back in the dict (state[{key!r}] = ...); a local variable {key} = ... "
                 "does not update it.")
        beta = b1 if key == "m" else b2
        causes = [advice for advice, wrong in mistakes
                  if _close(got, want / (1 - beta**t) if wrong is None
                            else _floats(wrong(m0, v0, g, b1, b2)), atol=1e-12)]
        if len(causes) == 1:
            fail(f"{detail} Likely cause: {causes[0]}")
        if causes:  # on a first step some slips give the same numbers
            fail(f"{detail} Likely cause, one of: " + " Or: ".join(causes))
        fail(detail)


def _call_adam(adam_step: object, x: np.ndarray, g: np.ndarray, state: dict, kwargs: dict,
               where: str) -> object:
    """Call adam_step on copies of x and grad (the state is the learner's own dict)."""
    __tracebackhide__ = True
    if not callable(adam_step):
        fail(f"adam_step is a {type(adam_step).__name__}, not a function — did you overwrite it?")
    given_x, given_g = x.copy(), g.copy()
    try:
        result = adam_step(given_x, given_g, state, **kwargs)
    except NotImplementedError:
        fail("adam_step is not implemented yet: replace `raise NotImplementedError()` with your code.")
    except Exception as error:
        fail(f"{where} raised {type(error).__name__}: {error}. Run it in a cell on this input "
             "to see where.")
    for name, original, after in (("x", x, given_x), ("grad", g, given_g)):
        if not same(original, after):
            fail(f"{where} changed {name} in place — return a new array (x - step, not "
                 "x -= step).")
    return result


def _check_adam_sequence(adam_step: object, index: int) -> None:
    __tracebackhide__ = True
    label, x0, grads, kwargs = ADAM_SEQUENCES[index]
    options = {**ADAM_DEFAULTS, **kwargs}
    lr, (b1, b2), eps = options["lr"], options["betas"], options["eps"]
    reference = _torch_adam(index)
    shape = (len(x0),)
    state = {"step": 0, "m": np.zeros(shape), "v": np.zeros(shape)}
    m0, v0 = np.zeros(shape), np.zeros(shape)
    extra = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    for t, (grad, (x_before, x_after, m_want, v_want)) in enumerate(
            zip(grads, reference, strict=True), start=1):
        g = _floats(grad)
        where = (f"adam_step({show(x_before)}, {show(g)}, state{extra}) (step {t} of the "
                 f"sequence {label})")
        before = copy.deepcopy(state)
        result = _call_adam(adam_step, x_before, g, state, kwargs, where)
        got = as_number_array(result, where)
        _check_state(state, before, where, t, shape, m0, v0, g, m_want, v_want, b1, b2)
        if not _close(got, x_after):
            detail = f"{where}: expected new x = {show(x_after)}, got {show(result)}."
            if t == 1 and got.shape == shape and not np.all(np.isfinite(got)):
                fail(f"{detail} Likely cause: on the first step 1 − βᵗ must use t = 1; with "
                     "t = 0 it is 0 and the bias correction divides by zero. Increment "
                     "state['step'] before computing it.")
            mistakes = [Mistake(m.advice, functools.partial(_wrong_x, m.wrong, m_want, v_want, t,
                                                            lr, b1, b2, eps))
                        for m in ADAM_X_MISTAKES]
            reason = diagnose(got, x_after, [x_before], mistakes)
            fail(detail + (f" Likely cause: {reason}" if reason else ""))
        m0, v0 = m_want, v_want


def _wrong_x(wrong, m, v, t, lr, b1, b2, eps, x):
    return wrong(x, m, v, t, lr, b1, b2, eps)


@checker
def check_adam_step(adam_step: object) -> None:
    """Check ``adam_step(x, grad, state, lr, betas, eps)`` step by step against ``torch.optim.Adam``.

    Two sequences of steps share one state dict each, as in training: after every step the
    returned x and the state (step count, m, v) must match torch's. Each step starts from
    torch's x, so one wrong step does not spoil the next.
    """
    __tracebackhide__ = True
    for index in range(len(ADAM_SEQUENCES)):
        _check_adam_sequence(adam_step, index)
    passed("adam_step", sum(len(grads) for _, _, grads, _ in ADAM_SEQUENCES))


# ---------------------------------------------------------------------------------------
# run_optimizer(step_fn, gradient, x0, steps) -> path of shape (steps + 1, n), x0 first
# ---------------------------------------------------------------------------------------

class _Recorder:
    """A step function or gradient that remembers every call (copies of its arguments)."""

    def __init__(self, fn, kind: str):
        self.fn, self.kind, self.calls = fn, kind, []

    def __repr__(self) -> str:
        return self.kind

    def __call__(self, *args):
        if self.kind == "step_fn":
            if len(args) != 2:
                raise TypeError(f"step_fn takes 2 arguments (x, grad), got {len(args)}")
            if callable(args[1]):
                raise TypeError("step_fn got the gradient function itself; pass its value "
                                "at the current point, gradient(x)")
        out = self.fn(*[_floats(a) for a in args])
        self.calls.append(([_floats(a) for a in args], _floats(out)))
        return out


# Each case: (label, diagonal d of the gradient x ↦ d·x, x0, steps, the learning rate of
# the k-th step as a function of k). The path has a closed form: x_k = x0 · Π_{j<k} (1 − lr_j d).
RUN_CASES = (
    ("gradient descent on f = (x² + 4y²)/2: step_fn = lambda x, g: x - 0.2 * g",
     (1.0, 4.0), np.array([1.0, -2.0]), 5, lambda k: 0.2),
    ("a step function with state (step k uses lr = 0.1·(k + 1)) on f = (x² + 2y²)/2",
     (1.0, 2.0), [2.0, 1.0], 4, lambda k: 0.1 * (k + 1)),
    ("gradient descent on f = x² in 1-D, x0 = [3.0], lr = 0.1", (2.0,), np.array([3.0]), 3,
     lambda k: 0.1),
    ("zero steps (the path is just x0)", (1.0, 1.0), np.array([0.5, -0.5]), 0, lambda k: 0.1),
)


def _run_case(case) -> tuple[_Recorder, _Recorder, np.ndarray]:
    """Fresh recorders for a case, and the closed-form path."""
    _, d, x0, steps, rate = case
    d = _floats(d)
    calls = {"k": 0}

    def step_fn(x, g):
        lr = rate(calls["k"])
        calls["k"] += 1
        return x - lr * g

    factors = np.array([1 - rate(k) * d for k in range(steps)]).reshape(steps, d.size)
    expected = _floats(x0) * np.vstack([np.ones(d.size), np.cumprod(factors, axis=0)])
    return _Recorder(step_fn, "step_fn"), _Recorder(lambda x: d * x, "gradient"), expected


@quiet_numpy
def _run_problem(got: np.ndarray, expected: np.ndarray, step_fn: _Recorder,
                 gradient: _Recorder, x0: np.ndarray) -> str:
    """Why the path is wrong, from its shape and from what step_fn and gradient were given."""
    steps = expected.shape[0] - 1
    n = expected.shape[1]
    if got.shape == (n,) and steps > 0 and _close(got, expected[-1]):
        return "you returned only the final point; return the whole path, x0 first."
    if got.ndim == 2 and got.shape[0] == steps and got.shape[1:] == (n,):
        if _close(got, expected[1:]):
            return "your path misses its first row, x0: start the list with x0."
        if _close(got, expected[:-1]):
            return "your path is one step short: run the loop `steps` times (range(steps))."
    if got.ndim == 2 and got.shape[0] == steps + 2 and _close(got[: steps + 1], expected):
        return "your path has one row too many: run the loop `steps` times, not steps + 1."
    inputs = [args[0] for args, _ in step_fn.calls]
    grads = [args[1] for args, _ in step_fn.calls]
    if len(inputs) > 1 and all(_close(x, x0) for x in inputs):
        return ("you forgot to carry the state: every step started from x0. Keep the new "
                "point, x = step_fn(x, gradient(x)), and take the next step from it.")
    if len(grads) > 1 and all(_close(g, grads[0]) for g in grads) and not all(
            _close(x, inputs[0]) for x in inputs):
        return ("every step got the same gradient, the one at x0: compute gradient(x) inside "
                "the loop, at the current point.")
    if any(_close(x, gradient.fn(g)) and not _close(x, g) for x, g in zip(inputs, grads, strict=True)):
        return "you called step_fn(grad, x); the order is step_fn(x, grad)."
    if got.ndim == 2 and got.shape == expected.shape and steps > 0 and np.allclose(got, got[-1]):
        return ("every row is the same point: you appended one array and then changed it in "
                "place. Append a copy (path.append(x.copy())) or build a new x each step.")
    if len(step_fn.calls) != steps:
        return (f"step_fn was called {len(step_fn.calls)} times for steps = {steps}; call it "
                "once per step.")
    return diagnose(got, expected, [x0]) or ""


@checker
def check_run_optimizer(run_optimizer: object, cases=RUN_CASES) -> None:
    """Check ``run_optimizer(step_fn, gradient, x0, steps)`` against closed-form paths.

    The step functions and gradients are the checker's own, and record their calls, so a
    wrong path can be explained (x0 missing, state not carried, arguments swapped, ...).
    """
    __tracebackhide__ = True
    for case in cases:
        label, _, x0, steps, _ = case
        step_fn, gradient, expected = _run_case(case)
        where = f"run_optimizer(step_fn, gradient, {show(x0)}, {steps}) with {label}"
        given = copy.deepcopy(x0)
        result = call(run_optimizer, [step_fn, gradient, given, steps], "run_optimizer")
        if not same(x0, given):
            fail(f"{where} changed x0 in place — start from a copy, x = np.array(x0, "
                 "dtype=float), and make a new x each step (x = ..., not x -= ...).")
        got = as_number_array(result, where)
        if _close(got, expected):
            continue
        detail = f"{where}: expected {show(expected)}, got {show(result)}."
        reason = _run_problem(got, expected, step_fn, gradient, _floats(x0))
        fail(detail + (f" Likely cause: {reason}" if reason else ""))
    passed("run_optimizer", len(cases))


# ---------------------------------------------------------------------------------------
# warmup_cosine_lr(step, base_lr, warmup_steps, total_steps) -> float
# ---------------------------------------------------------------------------------------

# (step, base_lr, warmup_steps, total_steps) -> learning rate, worked out by hand:
# base_lr · step / warmup during the warm-up, then base_lr · (1 + cos(π p)) / 2 with
# p = (step − warmup) / (total − warmup). Re-derived in tests/test_exercises_optimizers.py.
SCHEDULE_TABLE = {
    (0, 1.0, 4, 12): 0.0,
    (1, 1.0, 4, 12): 0.25,
    (3, 1.0, 4, 12): 0.75,
    (4, 1.0, 4, 12): 1.0,
    (7, 1.0, 4, 12): 0.6913417161825449,   # p = 3/8: every slip below gives another value
    (6, 1.0, 4, 12): 0.8535533905932737,   # p = 1/4: (1 + √2/2) / 2
    (8, 1.0, 4, 12): 0.5,                  # p = 1/2
    (10, 1.0, 4, 12): 0.14644660940672627,  # p = 3/4: (1 − √2/2) / 2
    (12, 1.0, 4, 12): 0.0,
    (0, 1.0, 0, 10): 1.0,                  # no warm-up at all: start at base_lr
    (5, 1.0, 0, 10): 0.5,
    (50, 3e-4, 100, 1000): 1.5e-4,
    (100, 3e-4, 100, 1000): 3e-4,
    (325, 3e-4, 100, 1000): 2.560660171779821e-4,
    (550, 3e-4, 100, 1000): 1.5e-4,
    (0, 0.1, 0, 10): 0.1,                   # no warm-up: the cosine starts at once
    (5, 0.1, 0, 10): 0.05,
}
SCHEDULE_CASES = tuple(SCHEDULE_TABLE)


def _table(step, base, warmup, total) -> float:
    return SCHEDULE_TABLE[(step, base, warmup, total)]


def _cosine(base, p) -> float:
    return base * (1 + math.cos(math.pi * p)) / 2


SCHEDULE_MISTAKES = (
    Mistake("after the warm-up you decayed in a straight line; the schedule follows half a "
            "cosine: base_lr · (1 + cos(π · progress)) / 2.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w else b * (1 - (s - w) / (t - w))),
    Mistake("your warm-up is one step ahead: step 0 should give 0 and step = warmup_steps the "
            "full base_lr, so use step / warmup_steps, not (step + 1) / warmup_steps.",
            lambda s, b, w, t: b * (s + 1) / w if s < w else _table(s, b, w, t)),
    Mistake("your warm-up forgets to divide by warmup_steps: base_lr · step / warmup_steps.",
            lambda s, b, w, t: b * s if s < w else _table(s, b, w, t)),
    Mistake("integer division: step // warmup_steps is 0 during the warm-up; use step / "
            "warmup_steps.",
            lambda s, b, w, t: b * (s // w) if s < w else _table(s, b, w, t)),
    Mistake("there is no warm-up in your schedule: for step < warmup_steps the rate rises "
            "linearly from 0.",
            lambda s, b, w, t: _cosine(b, s / t) if s < w else _table(s, b, w, t)),
    Mistake("your cosine is not shifted by the warm-up: its progress is "
            "(step − warmup_steps) / (total_steps − warmup_steps), which is 0 when the "
            "warm-up ends.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w else _cosine(b, s / t)),
    Mistake("your cosine runs over total_steps; after the warm-up only total_steps − "
            "warmup_steps remain, so divide (step − warmup_steps) by that.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w else _cosine(b, (s - w) / t)),
    Mistake("your cosine makes a full period (2π), so it comes back up; half a period "
            "(π) takes it from base_lr down to 0.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w
            else b * (1 + math.cos(2 * math.pi * (s - w) / (t - w))) / 2),
    Mistake("you forgot the 1/2: base_lr · (1 + cos(π p)) / 2 starts at base_lr, not 2·base_lr.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w
            else b * (1 + math.cos(math.pi * (s - w) / (t - w)))),
    Mistake("you used base_lr · cos(π p), which goes negative; the schedule is "
            "base_lr · (1 + cos(π p)) / 2, from base_lr down to 0.",
            lambda s, b, w, t: _table(s, b, w, t) if s < w
            else b * math.cos(math.pi * (s - w) / (t - w))),
)


@checker
def check_warmup_cosine_lr(warmup_cosine_lr: object, cases=SCHEDULE_CASES) -> None:
    """Check ``warmup_cosine_lr(step, base_lr, warmup_steps, total_steps)`` on a worked table."""
    __tracebackhide__ = True
    check_function(warmup_cosine_lr, cases, [SCHEDULE_TABLE[c] for c in cases],
                   name="warmup_cosine_lr", mistakes=SCHEDULE_MISTAKES, atol=1e-12)
