"""The chapter 07 checkers (utils.exercises.optimizers), proven both ways without the notebook.

Correct alternatives pass (arrays and lists, floats and ints, written several ways); every
named mistake fails with its diagnosis, including the four the chapter's issue lists (no
bias correction, epsilon inside the square root, the momentum sign, forgetting to carry
state); bad returns get one clear sentence; the fixed table inside the checker is
re-derived here with NumPy; importing the checker module does not import torch.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from conftest import assert_laid_out, fails_with
from utils.exercises import optimizers as O
from utils.exercises.optimizers import (
    check_adam_step,
    check_momentum_step,
    check_run_optimizer,
    check_warmup_cosine_lr,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def test_importing_the_checkers_does_not_import_torch():
    """`import utils.exercises.optimizers` (and utils.optim, utils.explore) stays torch-free."""
    code = ("import sys, utils.exercises.optimizers, utils.optim, utils.explore; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# momentum_step
# ---------------------------------------------------------------------------------------


def momentum_vectorised(x, velocity, grad, lr, mu):
    new_velocity = mu * np.asarray(velocity, dtype=float) + grad
    return x - lr * new_velocity, new_velocity


def momentum_lists(x, velocity, grad, lr, mu):
    xs, vs, gs = (np.atleast_1d(np.asarray(a, dtype=float)).tolist() for a in (x, velocity, grad))
    new_v = [mu * v + g for v, g in zip(vs, gs, strict=True)]
    new_x = [a - lr * v for a, v in zip(xs, new_v, strict=True)]
    if np.ndim(x) == 0:
        return new_x[0], new_v[0]
    return new_x, new_v


def momentum_copy_then_in_place(x, velocity, grad, lr, mu):
    v = np.array(velocity, dtype=float)
    v *= mu
    v += grad
    new_x = np.array(x, dtype=float)
    new_x -= lr * v
    return new_x, v


def momentum_stacked(x, velocity, grad, lr, mu):
    v = mu * np.asarray(velocity, dtype=float) + np.asarray(grad, dtype=float)
    return np.stack([np.asarray(x, dtype=float) - lr * v, v])


@pytest.mark.parametrize("fn", [momentum_vectorised, momentum_lists, momentum_copy_then_in_place,
                                momentum_stacked])
def test_momentum_accepts_correct_versions(fn, capsys):
    """Arrays, lists, in-place work on copies and a stacked array all pass, with one line."""
    check_momentum_step(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ momentum_step") and out.out.count("\n") == 1 and out.err == ""


def test_momentum_cases_cover_floats_ints_and_zero_velocity():
    """The visible cases include plain floats, an int array and a zero (first-step) velocity."""
    assert any(isinstance(c[0], float) for c in O.MOMENTUM_CASES)
    assert any(isinstance(c[0], np.ndarray) and c[0].dtype.kind == "i" for c in O.MOMENTUM_CASES)
    assert any(not np.any(c[1]) for c in O.MOMENTUM_CASES)


def test_momentum_reference_is_torch_rule():
    """torch's SGD step equals v ← μv + g, x ← x − lr·v on every case (re-derived by hand)."""
    for x, v, g, lr, mu in O.MOMENTUM_CASES:
        want_v = mu * np.asarray(v, dtype=float) + np.asarray(g, dtype=float)
        got_x, got_v = O._torch_momentum(x, v, g, lr, mu)
        assert np.allclose(got_v, want_v, atol=1e-15)
        assert np.allclose(got_x, np.asarray(x, dtype=float) - lr * want_v, atol=1e-15)


@pytest.mark.parametrize("mistake", O.MOMENTUM_MISTAKES, ids=lambda m: m[0][:40])
def test_momentum_names_every_mistake(mistake):
    """A function computing a known wrong step fails with that mistake's advice."""
    advice, wrong = mistake

    def fn(x, velocity, grad, lr, mu):
        x, v, g = (np.asarray(a, dtype=float) for a in (x, velocity, grad))
        right_v = mu * v + g
        return wrong(x, v, g, lr, mu, x - lr * right_v, right_v)

    fails_with(check_momentum_step, fn, advice)


def test_momentum_sign_written_out():
    """The momentum-sign slip, written as a learner would, is named 'momentum sign'."""

    def uphill(x, velocity, grad, lr, mu):
        v = mu * velocity - grad
        return x - lr * v, v

    fails_with(check_momentum_step, uphill, "momentum sign")


def test_momentum_forgot_state_written_out():
    """Returning the incoming velocity is 'forgot to carry the state'."""

    def stale(x, velocity, grad, lr, mu):
        return x - lr * (mu * velocity + grad), velocity

    fails_with(check_momentum_step, stale, "you forgot to carry the state")


def test_momentum_single_value_returned():
    """Returning only new_x asks for both values."""
    fails_with(check_momentum_step, lambda x, v, g, lr, mu: x - lr * (mu * v + g), "return both")


def test_momentum_in_place_is_refused():
    """Updating the caller's velocity in place is named."""

    def in_place(x, velocity, grad, lr, mu):
        velocity *= mu
        velocity += grad
        return x - lr * velocity, velocity

    fails_with(check_momentum_step, in_place, "changed velocity in place")


def test_momentum_unknown_mistake_names_the_wrong_part():
    """A wrong velocity that matches no known mistake still says which part is wrong."""
    fails_with(check_momentum_step, lambda x, v, g, lr, mu: momentum_vectorised(x, v, g, lr, mu)[:1]
               + (np.zeros_like(np.asarray(x, dtype=float)) + 7.0,), "Your new_velocity is wrong")


# ---------------------------------------------------------------------------------------
# adam_step
# ---------------------------------------------------------------------------------------


def adam_reference_style(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    state["step"] += 1
    t = state["step"]
    state["m"] = beta1 * state["m"] + (1 - beta1) * grad
    state["v"] = beta2 * state["v"] + (1 - beta2) * grad**2
    m_hat = state["m"] / (1 - beta1**t)
    v_hat = state["v"] / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps)


def adam_in_place_state(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """Updates the state's arrays in place (they belong to the state) and uses torch's form."""
    beta1, beta2 = betas
    state["step"] = state["step"] + 1
    state["m"] *= beta1
    state["m"] += (1 - beta1) * grad
    state["v"] *= beta2
    state["v"] += (1 - beta2) * grad * grad
    step_size = lr / (1 - beta1 ** state["step"])
    denom = np.sqrt(state["v"]) / math.sqrt(1 - beta2 ** state["step"]) + eps
    return x - step_size * state["m"] / denom


def adam_lists(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """Pure Python lists for the state and the result."""
    b1, b2 = betas
    state["step"] += 1
    t = state["step"]
    state["m"] = [b1 * m + (1 - b1) * g for m, g in zip(state["m"], grad, strict=True)]
    state["v"] = [b2 * v + (1 - b2) * g * g for v, g in zip(state["v"], grad, strict=True)]
    return [xi - lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
            for xi, m, v in zip(x, state["m"], state["v"], strict=True)]


@pytest.mark.parametrize("fn", [adam_reference_style, adam_in_place_state, adam_lists])
def test_adam_accepts_correct_versions(fn, capsys):
    """Textbook form, torch's folded form with in-place state arrays, and lists all pass."""
    check_adam_step(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ adam_step") and out.err == ""


def test_adam_reference_is_the_textbook_rule():
    """torch's Adam path on each sequence equals the bias-corrected update, re-derived here."""
    for index, (_, x0, grads, kwargs) in enumerate(O.ADAM_SEQUENCES):
        options = {**O.ADAM_DEFAULTS, **kwargs}
        (b1, b2), lr, eps = options["betas"], options["lr"], options["eps"]
        x, m, v = np.array(x0), np.zeros(len(x0)), np.zeros(len(x0))
        for t, (g, (before, after, m_t, v_t)) in enumerate(
                zip(grads, O._torch_adam(index), strict=True), start=1):
            g = np.array(g)
            m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
            assert np.allclose(before, x) and np.allclose(m_t, m) and np.allclose(v_t, v)
            x = x - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
            assert np.allclose(after, x, rtol=1e-12, atol=1e-15)


def test_adam_sequences_tell_eps_placement_apart():
    """In the second sequence eps inside the root changes the step by far more than the tolerance."""
    _, x0, grads, kwargs = O.ADAM_SEQUENCES[1]
    g, eps = abs(grads[0][0]), kwargs["eps"]
    assert math.sqrt(g * g + eps) > 10 * (g + eps)


def _adam_variant(update):
    """A learner's adam_step whose state handling is right and whose update is ``update``."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        state["step"] += 1
        t = state["step"]
        state["m"] = b1 * state["m"] + (1 - b1) * grad
        state["v"] = b2 * state["v"] + (1 - b2) * grad**2
        return update(x, state["m"], state["v"], t, lr, b1, b2, eps)

    return fn


@pytest.mark.parametrize("mistake", O.ADAM_X_MISTAKES, ids=lambda m: m.advice[:40])
def test_adam_names_every_update_mistake(mistake):
    """Each wrong update rule fails with its own advice."""
    fails_with(check_adam_step, _adam_variant(mistake.wrong), mistake.advice)


def test_adam_no_bias_correction():
    """The issue's mistake 'no bias correction', written out."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        state["step"] += 1
        state["m"] = b1 * state["m"] + (1 - b1) * grad
        state["v"] = b2 * state["v"] + (1 - b2) * grad**2
        return x - lr * state["m"] / (np.sqrt(state["v"]) + eps)

    fails_with(check_adam_step, fn, "no bias correction")


def test_adam_eps_inside_the_root():
    """The issue's mistake 'epsilon inside the square root', written out."""
    fails_with(check_adam_step, _adam_variant(
        lambda x, m, v, t, lr, b1, b2, eps: x - lr * (m / (1 - b1**t)) / np.sqrt(v / (1 - b2**t) + eps)),
        "epsilon inside the square root")


def test_adam_forgot_to_carry_state_locals():
    """The issue's mistake 'forgetting to carry state': averages kept in local variables."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        state["step"] += 1
        t = state["step"]
        m = b1 * state["m"] + (1 - b1) * grad
        v = b2 * state["v"] + (1 - b2) * grad**2
        return x - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)

    fails_with(check_adam_step, fn, "you forgot to carry the state between steps: state['m'] did not change")


def test_adam_forgot_to_count_steps():
    """'Forgetting to carry state': the step counter is never incremented."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        t = state["step"] + 1
        state["m"] = b1 * state["m"] + (1 - b1) * grad
        state["v"] = b2 * state["v"] + (1 - b2) * grad**2
        return x - lr * (state["m"] / (1 - b1**t)) / (np.sqrt(state["v"] / (1 - b2**t)) + eps)

    fails_with(check_adam_step, fn, "state['step'] is still 0")


def test_adam_new_dict_never_reaches_the_caller():
    """Rebinding `state = {...}` inside the function is 'forgot to carry the state'."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        state = {"step": state["step"] + 1, "m": state["m"], "v": state["v"]}  # noqa: F841
        return x - lr * np.sign(grad)

    fails_with(check_adam_step, fn, "you forgot to carry the state")


def test_adam_step_incremented_after_use():
    """Incrementing the counter after the bias correction divides by 1 − β⁰ = 0: named."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        t = state["step"]
        state["m"] = b1 * state["m"] + (1 - b1) * grad
        state["v"] = b2 * state["v"] + (1 - b2) * grad**2
        with np.errstate(all="ignore"):
            new_x = x - lr * (state["m"] / (1 - b1**t)) / (np.sqrt(state["v"] / (1 - b2**t)) + eps)
        state["step"] += 1
        return new_x

    fails_with(check_adam_step, fn, "Increment state['step'] before computing it")


@pytest.mark.parametrize("key, index", [("m", 1), ("m", 2), ("m", 3), ("v", 1), ("v", 2), ("v", 3),
                                        ("v", 4)])
def test_adam_names_every_state_mistake(key, index):
    """Each wrong running average stored in the state fails with its own advice."""
    table = O.ADAM_M_MISTAKES if key == "m" else O.ADAM_V_MISTAKES
    advice, wrong = table[index]

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        m0, v0 = np.asarray(state["m"]), np.asarray(state["v"])
        new_x = adam_reference_style(x, grad, state, lr, betas, eps)
        state[key] = wrong(m0, v0, grad, b1, b2)
        return new_x

    fails_with(check_adam_step, fn, advice)


def test_adam_bias_corrected_state_is_named():
    """Storing m̂ instead of m is named."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        b1, b2 = betas
        state["step"] += 1
        t = state["step"]
        state["m"] = (b1 * state["m"] * (1 - b1 ** (t - 1)) + (1 - b1) * grad) / (1 - b1**t)
        state["v"] = b2 * state["v"] + (1 - b2) * grad**2
        return x

    fails_with(check_adam_step, fn, "you stored the bias-corrected m̂")


def test_adam_in_place_x_is_refused():
    """Changing x in place (x -= ...) is named."""

    def fn(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        new = adam_reference_style(x.copy(), grad, state, lr, betas, eps)
        x[:] = new
        return x

    fails_with(check_adam_step, fn, "changed x in place")


def test_adam_state_turned_into_something_else():
    """A state value that is not numbers, or a missing key, gives a sentence."""

    def wrong_type(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        state["step"] += 1
        state["m"] = "m"
        return x

    def missing(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        state["step"] += 1
        del state["v"]
        state["m"] = 0.1 * np.asarray(grad)
        return x

    fails_with(check_adam_step, wrong_type, "returned a str")
    fails_with(check_adam_step, missing, "state has no key 'v'")


# ---------------------------------------------------------------------------------------
# run_optimizer
# ---------------------------------------------------------------------------------------


def run_list(step_fn, gradient, x0, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = step_fn(x, gradient(x))
        path.append(x)
    return np.array(path)


def run_preallocated(step_fn, gradient, x0, steps):
    path = np.empty((steps + 1, np.size(x0)))
    path[0] = x0
    for k in range(steps):
        path[k + 1] = step_fn(path[k], gradient(path[k]))
    return path


def run_while_list_of_lists(step_fn, gradient, x0, steps):
    x, path, k = list(x0), [list(x0)], 0
    while k < steps:
        x = list(step_fn(np.array(x), gradient(np.array(x))))
        path.append(x)
        k += 1
    return path


@pytest.mark.parametrize("fn", [run_list, run_preallocated, run_while_list_of_lists])
def test_run_accepts_correct_versions(fn, capsys):
    """A list of arrays, a preallocated array and a list of lists all pass."""
    check_run_optimizer(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ run_optimizer") and out.err == ""


def test_run_closed_forms_rederived():
    """The closed-form paths equal a step-by-step loop, done here by hand."""
    for case in O.RUN_CASES:
        _, d, x0, steps, rate = case
        _, _, expected = O._run_case(case)
        x, rows = np.array(x0, dtype=float), [np.array(x0, dtype=float)]
        for k in range(steps):
            x = x - rate(k) * (np.array(d) * x)
            rows.append(x)
        assert np.allclose(expected, rows, rtol=1e-14, atol=0)


def test_run_forgot_to_carry_state():
    """Every step from x0 (the new point is never kept) is 'forgot to carry the state'."""

    def fn(step_fn, gradient, x0, steps):
        x = np.array(x0, dtype=float)
        return np.array([x] + [step_fn(x, gradient(x)) for _ in range(steps)])

    fails_with(check_run_optimizer, fn, "you forgot to carry the state")


@pytest.mark.parametrize("fn, text", [
    (lambda s, g, x0, n: run_list(s, g, x0, n)[1:], "misses its first row"),
    (lambda s, g, x0, n: run_list(s, g, x0, n)[-1], "only the final point"),
    (lambda s, g, x0, n: run_list(s, g, x0, max(n - 1, 0)), "one step short"),
    (lambda s, g, x0, n: run_list(s, g, x0, n + 1), "one row too many"),
])
def test_run_off_by_one_and_shapes(fn, text):
    """Missing x0, only the end, one step short or too many: each named."""
    fails_with(check_run_optimizer, fn, text)


def test_run_gradient_computed_once():
    """The gradient taken once, at x0, is named."""

    def fn(step_fn, gradient, x0, steps):
        x = np.array(x0, dtype=float)
        g = gradient(x)
        path = [x]
        for _ in range(steps):
            x = step_fn(x, g)
            path.append(x)
        return np.array(path)

    fails_with(check_run_optimizer, fn, "the one at x0")


def test_run_swapped_arguments():
    """step_fn(grad, x) is named."""

    def fn(step_fn, gradient, x0, steps):
        x = np.array(x0, dtype=float)
        path = [x]
        for _ in range(steps):
            x = step_fn(gradient(x), x)
            path.append(x)
        return np.array(path)

    fails_with(check_run_optimizer, fn, "step_fn(grad, x)")


def test_run_aliased_rows():
    """Appending one array and updating it in place is named."""

    def fn(step_fn, gradient, x0, steps):
        x = np.array(x0, dtype=float)
        path = [x]
        for _ in range(steps):
            x[:] = step_fn(x, gradient(x))
            path.append(x)
        return np.array(path)

    fails_with(check_run_optimizer, fn, "every row is the same point")


def test_run_gradient_function_passed():
    """Passing the gradient function instead of its value is explained by the step function."""

    def fn(step_fn, gradient, x0, steps):
        x = np.array(x0, dtype=float)
        path = [x]
        for _ in range(steps):
            x = step_fn(x, gradient)
            path.append(x)
        return np.array(path)

    fails_with(check_run_optimizer, fn, "pass its value at the current point")


def test_run_x0_changed_in_place():
    """Updating x0 in place is refused."""

    def fn(step_fn, gradient, x0, steps):
        path = [np.array(x0, dtype=float)]
        for _ in range(steps):
            x0[:] = step_fn(np.asarray(x0, dtype=float), gradient(np.asarray(x0, dtype=float)))
            path.append(np.array(x0, dtype=float))
        return np.array(path)

    fails_with(check_run_optimizer, fn, "changed x0 in place")


# ---------------------------------------------------------------------------------------
# warmup_cosine_lr
# ---------------------------------------------------------------------------------------


def schedule_numpy(step, base_lr, warmup_steps, total_steps):
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return base_lr * (1 + np.cos(np.pi * progress)) / 2


def schedule_min_form(step, base_lr, warmup_steps, total_steps):
    warm = step / warmup_steps if warmup_steps else 1.0
    decay = 0.5 * (1 + math.cos(math.pi * max(0, step - warmup_steps) / (total_steps - warmup_steps)))
    return base_lr * min(warm, decay) if step < warmup_steps else base_lr * decay


@pytest.mark.parametrize("fn", [schedule_numpy, schedule_min_form])
def test_schedule_accepts_correct_versions(fn, capsys):
    """NumPy and math versions pass."""
    check_warmup_cosine_lr(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ warmup_cosine_lr") and out.err == ""


def test_schedule_table_rederived():
    """Every value in SCHEDULE_TABLE equals the formula, computed with NumPy."""
    for (step, base, warmup, total), want in O.SCHEDULE_TABLE.items():
        if step < warmup:
            value = base * step / warmup
        else:
            value = base * (1 + np.cos(np.pi * (step - warmup) / (total - warmup))) / 2
        assert math.isclose(value, want, rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize("mistake", O.SCHEDULE_MISTAKES, ids=lambda m: m.advice[:40])
def test_schedule_names_every_mistake(mistake):
    """A schedule computing a known wrong formula fails with that mistake's advice."""
    fails_with(check_warmup_cosine_lr, mistake.wrong, mistake.advice)


def test_schedule_zero_warmup_division():
    """Dividing by warmup_steps = 0 raises; the checker reports it with the input."""

    def fn(step, base_lr, warmup_steps, total_steps):
        warm = step / warmup_steps
        return schedule_numpy(step, base_lr, warmup_steps, total_steps) * (warm >= 0)

    fails_with(check_warmup_cosine_lr, fn, "raised ZeroDivisionError")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "momentum_step": check_momentum_step,
    "adam_step": check_adam_step,
    "run_optimizer": check_run_optimizer,
    "warmup_cosine_lr": check_warmup_cosine_lr,
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("value", ["42", {"x": 1}, float("nan"), [1.0, 2.0, 3.0, 4.0, 5.0],
                                   np.zeros((3, 3))], ids=["str", "dict", "nan", "list", "matrix"])
def test_odd_returns_get_one_sentence(checker, value):
    """A string, a dict, NaN, a long list or a matrix: one sentence each."""
    with pytest.raises(AssertionError) as info:
        checker(lambda *a, **k: value)
    assert_laid_out(str(info.value))


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    with pytest.raises(AssertionError, match="not a function"):
        checker(3)
