"""Checkers for chapter 06 (gradient descent): gradient_descent, largest_stable_lr,
optimal_step and steps_to_tolerance.

Every case is a quadratic f(x) = ½ xᵀAx (gradient Ax, minimum at 0), because on a
quadratic gradient descent has a closed form: in the eigenbasis of A each coordinate is
multiplied by (1 − lr·λᵢ) per step, so xₖ = V diag((1 − lr·λ)ᵏ) Vᵀ x₀. The references
below use that closed form and ``np.linalg.eigh`` / ``np.linalg.eigvalsh``, never a loop
of update steps; the mistakes are alternative formulas (ascent, a missing first point,
one step too many, every row the same array, λmin for λmax, ...).
"""

from __future__ import annotations

import numpy as np

from utils import toys
from utils.check import (
    Mistake,
    as_number_array,
    call_on_copies,
    check_fingerprint,
    checker,
    diagnose,
    fail,
    passed,
    quiet_numpy,
    refuse_alias,
    refuse_complex,
    require_result,
    show,
    show_call,
)

# ---------------------------------------------------------------------------------------
# Quadratic test problems and their closed forms
# ---------------------------------------------------------------------------------------


class QuadraticGradient:
    """The gradient x ↦ A x of f(x) = ½ xᵀAx, printed readably in messages.

    Two copies compare equal (the checkers hand the learner a copy and compare after the
    call, to catch inputs changed in place).
    """

    def __init__(self, matrix):
        self.matrix = np.array(matrix, dtype=float)

    def __call__(self, x):
        return self.matrix @ np.asarray(x, dtype=float)

    def __eq__(self, other):
        return isinstance(other, QuadraticGradient) and np.array_equal(self.matrix, other.matrix)

    def __hash__(self):
        return hash(self.matrix.tobytes())

    def __repr__(self):
        A = self.matrix
        if np.count_nonzero(A - np.diag(np.diag(A))) == 0:
            entries = ", ".join(f"{v:g}" for v in np.diag(A))
            return f"grad (of f = ½ xᵀAx, A = diag({entries}))"
        rows = "; ".join(", ".join(f"{v:.3g}" for v in row) for row in A)
        return f"grad (of f = ½ xᵀAx, A = [{rows}])"


def _rotated(eigenvalues, degrees: float) -> np.ndarray:
    """A 2 × 2 symmetric matrix with these eigenvalues along axes turned by ``degrees``."""
    t = np.radians(degrees)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return R @ np.diag(np.asarray(eigenvalues, dtype=float)) @ R.T




@quiet_numpy
def closed_form_path(matrix, x0, lr: float, ks) -> np.ndarray:
    """Gradient-descent iterates xₖ on f = ½ xᵀAx for each k in ``ks``, from the eigenbasis.

    xₖ = V diag((1 − lr·λ)ᵏ) Vᵀ x₀ with A = V diag(λ) Vᵀ (``np.linalg.eigh``).
    """
    lam, V = np.linalg.eigh(np.asarray(matrix, dtype=float))
    coords = V.T @ np.asarray(x0, dtype=float)
    ks = np.asarray(ks, dtype=float).reshape(-1, 1)
    return ((1 - lr * lam) ** ks * coords) @ V.T


def _eigenvalues(matrix) -> np.ndarray:
    return np.linalg.eigvalsh(np.asarray(matrix, dtype=float))


#: Why a descent checker may see complex numbers, and the fix.
EIGVALS_HINT = ("np.linalg.eigvals can give complex results; for a symmetric matrix use "
                "np.linalg.eigvalsh, which returns real eigenvalues.")


# ---------------------------------------------------------------------------------------
# gradient_descent(grad, x0, lr, steps) -> array (steps + 1, d): x0 first
# ---------------------------------------------------------------------------------------

_A2 = np.diag([1.0, 10.0])
_A_ROT = np.array([[5.0, 3.0], [3.0, 5.0]])  # eigenvalues 2 and 8
_A3 = toys.random_symmetric([1.0, 3.0, 6.0], seed=6)

#: (grad, x0, lr, steps). Lists and integer starts included; one diverging run
#: (lr = 0.21 > 2/10); steps = 0 returns x0 alone.
GD_CASES = (
    (QuadraticGradient(_A2), np.array([1.0, 1.0]), 0.05, 5),
    (QuadraticGradient([[2.0]]), np.array([3.0]), 0.1, 8),
    (QuadraticGradient(_A_ROT), [2, 1], 0.1, 6),
    (QuadraticGradient(_A2), np.array([-1.0, 2.0]), 0.21, 10),
    (QuadraticGradient(_A2), np.array([0.5, -0.5]), 0.1, 0),
    (QuadraticGradient(_A3), np.array([1.0, -2.0, 0.5]), 0.15, 12),
)


def _gd_path(grad, x0, lr, steps, first=0, last=None):
    """Closed-form rows first..last (inclusive; last defaults to steps)."""
    last = steps if last is None else last
    return closed_form_path(grad.matrix, x0, lr, range(first, last + 1))


GD_MISTAKES = (
    Mistake("you walked uphill (gradient ascent): the update is x − lr · grad(x), with a minus.",
            lambda g, x0, lr, steps: closed_form_path(g.matrix, x0, -lr, range(steps + 1))),
    Mistake("every row is the final point: you appended the same array each time and then "
            "changed it in place (x -= lr * g). Append a copy (x.copy()), or write "
            "x = x - lr * g, which makes a new array.",
            lambda g, x0, lr, steps: np.tile(_gd_path(g, x0, lr, steps)[-1], (steps + 1, 1))),
    Mistake("the first row should be x0 itself: your trajectory is missing the start "
            "(append x0 before the first step).",
            lambda g, x0, lr, steps: _gd_path(g, x0, lr, steps, first=1)),
    Mistake("one step too many: steps updates give steps + 1 points, x0 included "
            "(loop over range(steps)).",
            lambda g, x0, lr, steps: _gd_path(g, x0, lr, steps, last=steps + 1)),
    Mistake("one point short: you kept x0 but not the point after the last step — "
            "append x after each update, not before it.",
            lambda g, x0, lr, steps: _gd_path(g, x0, lr, steps, last=steps - 1)),
    Mistake("the step ignores the learning rate: multiply the gradient by lr.",
            lambda g, x0, lr, steps: closed_form_path(g.matrix, x0, 1.0, range(steps + 1))),
    Mistake("you returned only the final point; return the whole trajectory, one row per "
            "point, x0 first.",
            lambda g, x0, lr, steps: _gd_path(g, x0, lr, steps)[-1]),
)

_IN_PLACE_HINT = (" (np.asarray(x0) is x0 itself when x0 is a float array, so x -= ... "
                  "changes the caller's array: start from x = np.array(x0, dtype=float) and "
                  "write x = x - lr * g)")


def _call_checked(fn, args, name, names, hint="", keep_copies=False):
    """call_unchanged, plus a readable hint for integer starts updated in place.

    With ``keep_copies``, returns (result, the copies handed over) in place of the result.
    """
    __tracebackhide__ = True
    where = show_call(name, args)
    try:
        outcome = call_on_copies(fn, args, name, where, names=names, hint=hint)
        return where, outcome if keep_copies else outcome[0]
    except AssertionError as error:
        if "Cannot cast" in str(error):
            fail(f"{where} raised a casting error: x0 holds integers, and an in-place update "
                 "(x -= ...) cannot store fractions in an integer array — start from "
                 "x = np.array(x0, dtype=float).")
        raise


@checker
@quiet_numpy
def check_gradient_descent(gradient_descent: object, cases=GD_CASES) -> None:
    """Check ``gradient_descent(grad, x0, lr, steps)`` against closed-form trajectories.

    The answer must be an array of shape (steps + 1, d) whose row k is the k-th iterate.
    """
    __tracebackhide__ = True
    for args in cases:
        grad, x0, lr, steps = args
        where, (result, given) = _call_checked(gradient_descent, args, "gradient_descent",
                                               names=("grad", "x0"), hint=_IN_PLACE_HINT,
                                               keep_copies=True)
        refuse_complex(result, where, EIGVALS_HINT)
        got = as_number_array(result, where)
        expected = _gd_path(grad, x0, lr, steps)
        reason = diagnose(got, expected, args, GD_MISTAKES, rtol=1e-7, atol=1e-9)
        if reason is not None:
            fail(f"{where}: expected shape {expected.shape} starting {show(expected[:3])}, got "
                 f"{show(got)}." + (f" Likely cause: {reason}" if reason else ""))
        refuse_alias(result, given, where, names=("grad", "x0"))
    passed("gradient_descent", len(cases))


# ---------------------------------------------------------------------------------------
# largest_stable_lr(A) -> 2 / λmax
# ---------------------------------------------------------------------------------------

#: Symmetric positive definite matrices: a diagonal one (as a list of ints), rotated 2 × 2
#: ones whose diagonal is not the eigenvalues, a 3 × 3 and a 4 × 4.
STABLE_CASES = (
    ([[2, 0], [0, 8]],),
    (_A_ROT,),
    (_rotated([1.0, 10.0], 30.0),),
    (np.diag([0.5, 50.0]),),
    (_A3,),
    (toys.random_symmetric([0.2, 1.0, 7.0, 12.0], seed=4),),
    (np.array([[4.0]]),),
)


def _lam_min(A):
    return _eigenvalues(A)[0]


def _lam_max(A):
    return _eigenvalues(A)[-1]


STABLE_MISTAKES = (
    Mistake("you used the smallest eigenvalue: the bound is 2 / λmax, set by the steepest "
            "direction (you used the min instead of the max eigenvalue).",
            lambda A: 2 / _lam_min(A)),
    Mistake("1 / λmax is the step that lands the steepest direction on the minimum in one "
            "step; the largest stable learning rate is twice that, 2 / λmax.",
            lambda A: 1 / _lam_max(A)),
    Mistake("you used the largest diagonal entry of A; unless A is diagonal, its eigenvalues "
            "differ from its diagonal — use np.linalg.eigvalsh(A).",
            lambda A: 2 / np.max(np.diag(np.asarray(A, dtype=float)))),
    Mistake("you used the trace (the sum of all eigenvalues); the bound uses the largest "
            "eigenvalue only.", lambda A: 2 / np.trace(np.asarray(A, dtype=float))),
    Mistake("you used the Frobenius norm of A, which is larger than λmax (except for one "
            "non-zero eigenvalue); use the largest eigenvalue.",
            lambda A: 2 / np.linalg.norm(np.asarray(A, dtype=float))),
    Mistake("you returned λmax / 2; the bound is 2 divided by λmax.", lambda A: _lam_max(A) / 2),
    Mistake("you returned λmax itself; the learning rate bound is 2 / λmax.", _lam_max),
)


@checker
@quiet_numpy
def check_largest_stable_lr(largest_stable_lr: object, cases=STABLE_CASES) -> None:
    """Check ``largest_stable_lr(A)`` against 2 / λmax from ``np.linalg.eigvalsh``."""
    __tracebackhide__ = True
    for args in cases:
        where, result = _call_checked(largest_stable_lr, args, "largest_stable_lr", names=("A",))
        refuse_complex(result, where, EIGVALS_HINT)
        got = as_number_array(result, where)
        expected = np.asarray(2 / _lam_max(args[0]))
        reason = diagnose(got, expected, args, STABLE_MISTAKES)
        if reason is not None:
            fail(f"{where}: expected {show(float(expected))}, got {show(result)}."
                 + (f" Likely cause: {reason}" if reason else ""))
    passed("largest_stable_lr", len(cases))


# ---------------------------------------------------------------------------------------
# optimal_step(A) -> (2 / (λmin + λmax), (κ − 1) / (κ + 1))
# ---------------------------------------------------------------------------------------

#: Matrices with known extreme eigenvalues; the 3 × 3 one has trace ≠ λmin + λmax; the
#: 1 × 1 one (κ = 1, rate 0) comes last, because some wrong formulas divide by κ − 1.
OPTIMAL_CASES = (
    (np.diag([1.0, 9.0]),),
    (_A_ROT,),
    (toys.random_symmetric([1.0, 4.0, 10.0], seed=3),),
    (_rotated([0.5, 20.0], -40.0),),
    ([[3, 0], [0, 3]],),
    (np.array([[4.0]]),),
)


def _kappa(A):
    lam = _eigenvalues(A)
    return lam[-1] / lam[0]


STEP_MISTAKES = (
    Mistake("you used λmax where λmin belongs: 2 / (λmax + λmax) = 1 / λmax. The optimal "
            "step balances the two extremes, 2 / (λmin + λmax).",
            lambda A: 1 / _lam_max(A)),
    Mistake("you used λmin where λmax belongs: 2 / (λmin + λmin) = 1 / λmin, which is "
            "beyond the stability limit 2 / λmax whenever κ > 2.",
            lambda A: 1 / _lam_min(A)),
    Mistake("2 / λmax is the stability limit, not the optimal step: at that step the "
            "steepest direction flips sign forever. Use 2 / (λmin + λmax).",
            lambda A: 2 / _lam_max(A)),
    Mistake("you used the trace (the sum of all eigenvalues); the optimal step uses only "
            "the smallest and the largest: 2 / (λmin + λmax).",
            lambda A: 2 / np.trace(np.asarray(A, dtype=float))),
    Mistake("a factor of 2 is missing: the optimal step is 2 / (λmin + λmax).",
            lambda A: 1 / (_lam_min(A) + _lam_max(A))),
    Mistake("you inverted it: the step is 2 / (λmin + λmax), not (λmin + λmax) / 2.",
            lambda A: (_lam_min(A) + _lam_max(A)) / 2),
)

RATE_MISTAKES = (
    Mistake("you swapped min and max in κ (κ = λmin / λmax ≤ 1): the condition number is "
            "κ = λmax / λmin ≥ 1, and the rate (κ − 1) / (κ + 1) is never negative.",
            lambda A: (1 / _kappa(A) - 1) / (1 / _kappa(A) + 1)),
    Mistake("your rate is upside down: (κ + 1) / (κ − 1) is above 1, which would mean "
            "divergence. The rate is (κ − 1) / (κ + 1).",
            lambda A: (_kappa(A) + 1) / (_kappa(A) - 1)),
    Mistake("1 − 1/κ is the rate of the step 1 / λmax; at the optimal step it is "
            "(κ − 1) / (κ + 1).", lambda A: 1 - 1 / _kappa(A)),
    Mistake("that is the rate squared, the factor for the loss f per step; the distance "
            "to the minimum shrinks by (κ − 1) / (κ + 1).",
            lambda A: ((_kappa(A) - 1) / (_kappa(A) + 1)) ** 2),
    Mistake("you returned 1 / κ; the rate is (κ − 1) / (κ + 1).", lambda A: 1 / _kappa(A)),
    Mistake("you returned κ itself; the rate is (κ − 1) / (κ + 1).", _kappa),
)


def _as_pair(result: object, where: str) -> np.ndarray:
    """The learner's (step, rate) as a float array of shape (2,), or a sentence."""
    __tracebackhide__ = True
    require_result(result, where)
    refuse_complex(result, where, EIGVALS_HINT)
    pair = as_number_array(result, where)
    if pair.shape != (2,):
        fail(f"{where} returned {show(result)}; return two numbers, (step, rate), e.g. "
             "return step, rate.")
    return pair


@checker
@quiet_numpy
def check_optimal_step(optimal_step: object, cases=OPTIMAL_CASES) -> None:
    """Check ``optimal_step(A)`` returns (2 / (λmin + λmax), (κ − 1) / (κ + 1))."""
    __tracebackhide__ = True
    for args in cases:
        where, result = _call_checked(optimal_step, args, "optimal_step", names=("A",))
        got = _as_pair(result, where)
        lam = _eigenvalues(args[0])
        step, rate = 2 / (lam[0] + lam[-1]), (lam[-1] - lam[0]) / (lam[-1] + lam[0])
        if not np.allclose(got, [step, rate]) and np.allclose(got, [rate, step]):
            fail(f"{where}: expected (step, rate) = ({step:.6g}, {rate:.6g}), got "
                 f"({got[0]:.6g}, {got[1]:.6g}) — the two values are swapped; return step, rate.")
        for index, (label, want, mistakes) in enumerate(
                (("the step", step, STEP_MISTAKES), ("the rate", rate, RATE_MISTAKES))):
            reason = diagnose(np.asarray(got[index]), np.asarray(want), args, mistakes)
            if reason is not None:
                fail(f"{where}: {label} (value {index + 1} of 2) should be {show(float(want))}, "
                     f"got {show(float(got[index]))}."
                     + (f" Likely cause: {reason}" if reason else ""))
    passed("optimal_step", len(cases))


# ---------------------------------------------------------------------------------------
# steps_to_tolerance(grad, x0, lr, tol, max_steps) -> first k with ‖grad(x_k)‖ < tol, or -1
# ---------------------------------------------------------------------------------------

#: (grad, x0, lr, tol, max_steps). The first case has an exact tie: ‖∇f(x₄)‖ = tol exactly
#: (powers of 2), so ≤ and < differ; one case needs exactly max_steps steps; one diverges;
#: one is too slow for max_steps; one starts at the minimum.
TOLERANCE_CASES = (
    (QuadraticGradient([[2.0]]), np.array([1.0]), 0.25, 0.125, 50),
    (QuadraticGradient(_A2), np.array([1.0, 1.0]), 0.1, 1e-3, 500),
    (QuadraticGradient([[2.0]]), np.array([1.0]), 0.25, 0.125, 5),
    (QuadraticGradient(_A2), np.array([-1.0, 2.0]), 0.21, 1e-3, 60),
    (QuadraticGradient(_A2), np.array([1.0, 1.0]), 0.01, 1e-3, 100),
    (QuadraticGradient(_A_ROT), [2, 1], 0.2, 1e-6, 1000),
    (QuadraticGradient(_A2), np.array([0.0, 0.0]), 0.1, 1e-3, 10),
    (QuadraticGradient(_A3), np.array([1.0, -2.0, 0.5]), 0.3, 1e-8, 1000),
    (QuadraticGradient(_A2), np.array([3.0, -1.0]), 0.15, 1e-2, 200),
)


@quiet_numpy
def _first_below(values: np.ndarray, tol: float, strict: bool = True, limit=None) -> int:
    """The first index whose value is below ``tol`` (≤ unless strict), or -1."""
    values = values if limit is None else values[:limit]
    hits = np.flatnonzero(values < tol if strict else values <= tol)
    return int(hits[0]) if hits.size else -1


@quiet_numpy
def _norms(grad, x0, lr, max_steps, what: str = "gradient", sign: float = 1.0) -> np.ndarray:
    """‖·‖ along the closed-form path x₀ … x_max_steps (gradient, distance, step or |f|)."""
    A = grad.matrix
    X = closed_form_path(A, x0, sign * lr, range(max_steps + 1))
    G = X @ A.T
    if what == "distance":
        return np.linalg.norm(X, axis=1)
    if what == "step":
        return lr * np.linalg.norm(G, axis=1)
    if what == "value":
        return 0.5 * np.abs(np.einsum("ki,ki->k", X, G))
    return np.linalg.norm(G, axis=1)


def tolerance_expected(grad, x0, lr, tol, max_steps) -> int:
    """The first k ≤ max_steps with ‖A xₖ‖ < tol on the closed-form path, or -1."""
    return _first_below(_norms(grad, x0, lr, max_steps), tol)


def _shifted(by: int):
    def wrong(grad, x0, lr, tol, max_steps):
        k = tolerance_expected(grad, x0, lr, tol, max_steps)
        return k + by if k >= 0 else -1
    return wrong


TOLERANCE_MISTAKES = (
    Mistake("one too many: k counts the steps taken, so a start that already meets the "
            "tolerance gives 0 (check before you step, and count x0 as k = 0).", _shifted(1)),
    Mistake("one too few: k is the number of steps taken to reach the point whose gradient "
            "is small (x0 is k = 0).", _shifted(-1)),
    Mistake("you stop when ‖∇f‖ ≤ tol; the rule is strictly below: ‖∇f(x_k)‖ < tol.",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n), tol, strict=False)),
    Mistake("you never test the last point x_max_steps: check k = 0, 1, …, max_steps "
            "(max_steps + 1 points).",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n), tol, limit=n)),
    Mistake("you tested the distance ‖x_k‖ (or the point itself), not the gradient norm "
            "‖grad(x_k)‖.",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n, "distance"), tol)),
    Mistake("you compared the squared norm ‖grad(x_k)‖² (g @ g) with tol; compare the norm "
            "itself: np.linalg.norm(g) < tol.",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n) ** 2, tol)),
    Mistake("you tested the step length lr · ‖grad(x_k)‖; the rule is on the gradient "
            "norm itself.",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n, "step"), tol)),
    Mistake("you tested the loss value f(x_k); the rule is on the gradient norm ‖grad(x_k)‖.",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n, "value"), tol)),
    Mistake("you walked uphill (gradient ascent): the update is x − lr · grad(x).",
            lambda g, x0, lr, tol, n: _first_below(_norms(g, x0, lr, n, sign=-1.0), tol)),
    Mistake("when the tolerance is never reached, return -1, not max_steps.",
            lambda g, x0, lr, tol, n: (tolerance_expected(g, x0, lr, tol, n)
                                       if tolerance_expected(g, x0, lr, tol, n) >= 0 else n)),
)


@quiet_numpy
def _as_step_count(result: object, where: str) -> int:
    """The learner's answer as an int, or a sentence saying why it is not a step count."""
    __tracebackhide__ = True
    if result is None:
        fail(f"{where} returned None — did you forget `return`? (When the tolerance is "
             "never reached, return -1.)")
    if isinstance(result, bool | np.bool_):
        fail(f"{where} returned {result}; return the number of steps k (an int).")
    if isinstance(result, str | bytes | dict | set | list | tuple) or callable(result):
        fail(f"{where} returned {show(result)}; return one integer, the number of steps k.")
    refuse_complex(result, where, EIGVALS_HINT)
    value = as_number_array(result, where)
    if value.ndim != 0:
        fail(f"{where} returned an array of shape {value.shape}; return one integer, the "
             "number of steps k (not the trajectory).")
    number = float(value)
    if not np.isfinite(number):
        fail(f"{where} returned {show(number)}; return a whole number of steps, or -1.")
    if number != round(number):
        fail(f"{where} returned {show(number)}, not a whole number of steps — return the "
             "step index k, not a norm or a point.")
    return int(round(number))


@checker
@quiet_numpy
def check_steps_to_tolerance(steps_to_tolerance: object, cases=TOLERANCE_CASES) -> None:
    """Check ``steps_to_tolerance``: first k with ‖grad(x_k)‖ < tol, -1 if none up to max_steps.

    A mistake is named only when it explains the answers on every case.
    """
    __tracebackhide__ = True
    try:
        check_fingerprint(
            steps_to_tolerance, cases, [tolerance_expected(*args) for args in cases],
            name="steps_to_tolerance", convert=_as_step_count, mistakes=TOLERANCE_MISTAKES,
            hint=_IN_PLACE_HINT,
        )
    except AssertionError as error:
        if "Cannot cast" in str(error):
            fail(f"{str(error).split(' raised ')[0]} raised a casting error: x0 holds "
                 "integers, and an in-place update (x -= ...) cannot store fractions in an "
                 "integer array — start from x = np.array(x0, dtype=float).")
        raise
