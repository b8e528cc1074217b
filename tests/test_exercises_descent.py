"""The chapter 06 checkers (utils.exercises.descent), proven both ways without the notebook.

Correct alternatives pass (loops and vectorised forms, list and int starts, eigvalsh or
eigvals); every named mistake fails with its diagnosis; bad returns get one clear
sentence; the closed forms inside the checker are re-derived here by running the update
rule step by step.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import fails_with
from utils import toys
from utils.exercises import descent as D
from utils.exercises.descent import (
    check_gradient_descent,
    check_largest_stable_lr,
    check_optimal_step,
    check_steps_to_tolerance,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def iterate(grad, x0, lr, steps):
    """The update rule run step by step (the test's own reference, not the checker's)."""
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x), dtype=float)
        path.append(x)
    return np.array(path)


# ---------------------------------------------------------------------------------------
# The closed forms and tables, re-derived
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", D.GD_CASES, ids=range(len(D.GD_CASES)))
def test_closed_form_matches_the_update_rule(case):
    """V diag((1 − lr λ)^k) Vᵀ x0 equals the update x ← x − lr A x run step by step."""
    grad, x0, lr, steps = case
    assert np.allclose(D.closed_form_path(grad.matrix, x0, lr, range(steps + 1)),
                       iterate(grad, x0, lr, steps), rtol=1e-12, atol=1e-12)


def test_case_matrices_are_symmetric_positive_definite():
    """Every matrix in every table is symmetric with positive eigenvalues."""
    matrices = ([g.matrix for g, *_ in D.GD_CASES] + [a for (a,) in D.STABLE_CASES]
                + [a for (a,) in D.OPTIMAL_CASES] + [g.matrix for g, *_ in D.TOLERANCE_CASES])
    for A in matrices:
        A = np.asarray(A, dtype=float)
        assert np.allclose(A, A.T) and np.linalg.eigvalsh(A).min() > 0


def test_spd_helper_has_the_eigenvalues_asked_for():
    """toys.random_symmetric and _rotated build matrices with exactly the requested eigenvalues."""
    assert np.allclose(np.linalg.eigvalsh(toys.random_symmetric([1.0, 4.0, 10.0], seed=3)), [1, 4, 10])
    assert np.allclose(np.linalg.eigvalsh(D._rotated([0.5, 20.0], -40.0)), [0.5, 20])
    assert np.allclose(np.linalg.eigvalsh(D._A_ROT), [2, 8])


def test_gd_cases_cover_lists_ints_divergence_and_zero_steps():
    """The visible cases include an int list start, a diverging lr, steps = 0, 1-D and 3-D."""
    assert any(isinstance(x0, list) and all(isinstance(v, int) for v in x0)
               for _, x0, _, _ in D.GD_CASES)
    assert any(lr > 2 / np.linalg.eigvalsh(g.matrix).max() for g, _, lr, _ in D.GD_CASES)
    assert any(steps == 0 for *_, steps in D.GD_CASES)
    assert {len(x0) for _, x0, _, _ in D.GD_CASES} >= {1, 2, 3}


def step_count(grad, x0, lr, tol, max_steps, norm=None):
    """First k with ‖grad(x_k)‖ < tol by iterating (the test's reference), or -1."""
    x = np.array(x0, dtype=float)
    for k in range(max_steps + 1):
        if np.linalg.norm(grad(x)) < tol:
            return k
        x = x - lr * grad(x)
    return -1


@pytest.mark.parametrize("case", D.TOLERANCE_CASES, ids=range(len(D.TOLERANCE_CASES)))
def test_tolerance_table_rederived_with_margins(case):
    """The expected step counts agree with iteration, and no case sits on a near-tie."""
    grad, x0, lr, tol, max_steps = case
    k = D.tolerance_expected(*case)
    assert k == step_count(*case)
    norms = np.linalg.norm(iterate(grad, x0, lr, max_steps) @ grad.matrix.T, axis=1)
    for j in range(max_steps + 1):
        if norms[j] == tol:  # the deliberate exact tie of the first case: powers of two
            continue
        assert abs(norms[j] - tol) > 1e-6 * tol, f"near-tie at k = {j}"


def test_tolerance_cases_cover_the_edges():
    """Cases: an exact tie, an answer equal to max_steps, a divergence, too slow, k = 0."""
    answers = [D.tolerance_expected(*case) for case in D.TOLERANCE_CASES]
    assert 0 in answers and answers.count(-1) >= 2
    assert any(k == case[-1] for k, case in zip(answers, D.TOLERANCE_CASES, strict=True))
    grad, x0, lr, tol, _ = D.TOLERANCE_CASES[0]
    assert np.linalg.norm(grad(iterate(grad, x0, lr, 4)[-1])) == tol


def test_tolerance_mistakes_have_distinct_fingerprints():
    """No two mistakes give the same answers on all cases, and none matches the truth."""
    truth = tuple(D.tolerance_expected(*case) for case in D.TOLERANCE_CASES)
    prints = [tuple(m.wrong(*case) for case in D.TOLERANCE_CASES) for m in D.TOLERANCE_MISTAKES]
    assert len(set(prints)) == len(prints) and truth not in prints


def test_stable_and_optimal_mistakes_differ_from_the_truth():
    """On some case every wrong formula gives a value different from the right one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        for mistake in D.STABLE_MISTAKES:
            assert any(not np.isclose(mistake.wrong(a), 2 / np.linalg.eigvalsh(
                np.asarray(a, dtype=float)).max()) for (a,) in D.STABLE_CASES), mistake.advice
        for mistakes, index in ((D.STEP_MISTAKES, 0), (D.RATE_MISTAKES, 1)):
            for mistake in mistakes:
                assert any(not np.isclose(mistake.wrong(a), optimal_eigh(a)[index])
                           for (a,) in D.OPTIMAL_CASES), mistake.advice


# ---------------------------------------------------------------------------------------
# gradient_descent
# ---------------------------------------------------------------------------------------


def gd_loop(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        x = x - lr * grad(x)
        path.append(x.copy())
    return np.array(path)


def gd_preallocated(grad, x0, lr, steps):
    x0 = np.asarray(x0, dtype=float)
    path = np.empty((steps + 1, x0.size))
    path[0] = x0
    for k in range(steps):
        path[k + 1] = path[k] - lr * grad(path[k])
    return path


def gd_in_place_with_copies(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)


def gd_stack(grad, x0, lr, steps):
    points = [np.asarray(x0, dtype=float)]
    while len(points) <= steps:
        points.append(points[-1] - lr * np.asarray(grad(points[-1])))
    return np.stack(points)


@pytest.mark.parametrize("fn", [gd_loop, gd_preallocated, gd_in_place_with_copies, gd_stack])
def test_gradient_descent_accepts_correct_versions(fn, capsys):
    """Loops with copies, a preallocated array and np.stack all pass, printing one line."""
    check_gradient_descent(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ gradient_descent") and out.out.count("\n") == 1
    assert out.err == ""


@pytest.mark.parametrize("mistake", D.GD_MISTAKES, ids=lambda m: m.advice[:40])
def test_gradient_descent_names_every_mistake(mistake):
    """A function computing a known wrong trajectory fails with that mistake's advice."""
    fails_with(check_gradient_descent, mistake.wrong, mistake.advice)


def test_gradient_descent_ascent_written_out():
    """x + lr * grad (gradient ascent) is named."""

    def ascent(grad, x0, lr, steps):
        return gd_loop(lambda x: -grad(x), x0, lr, steps)

    fails_with(check_gradient_descent, ascent, "walked uphill")


def test_gradient_descent_missing_x0_written_out():
    """A trajectory that starts after the first step is named."""

    def no_start(grad, x0, lr, steps):
        x, path = np.array(x0, dtype=float), []
        for _ in range(steps):
            x = x - lr * grad(x)
            path.append(x)
        return np.array(path)

    fails_with(check_gradient_descent, no_start, "missing the start")


def test_gradient_descent_extra_step_written_out():
    """range(steps + 1) updates (one step too many) is named."""
    fails_with(check_gradient_descent, lambda g, x0, lr, steps: gd_loop(g, x0, lr, steps + 1),
               "one step too many")


def test_gradient_descent_append_before_update_written_out():
    """Appending before the update keeps x0 but loses the last point: named."""

    def before(grad, x0, lr, steps):
        x, path = np.array(x0, dtype=float), []
        for _ in range(steps):
            path.append(x)
            x = x - lr * grad(x)
        return np.array(path).reshape(-1, len(x))

    fails_with(check_gradient_descent, before, "one point short")


def test_gradient_descent_same_array_every_row():
    """x -= ... on one array appended every step: every row is the final point, named."""

    def aliased(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        path = [x]
        for _ in range(steps):
            x -= lr * grad(x)
            path.append(x)
        return np.array(path)

    fails_with(check_gradient_descent, aliased, "every row is the final point")


def test_gradient_descent_changing_x0_in_place():
    """np.asarray(x0) then x -= ... changes the caller's x0: refused, with the way out."""

    def mutates(grad, x0, lr, steps):
        x = np.asarray(x0, dtype=float)
        path = [x.copy()]
        for _ in range(steps):
            x -= lr * grad(x)
            path.append(x.copy())
        return np.array(path)

    fails_with(check_gradient_descent, mutates, "changed x0 in place")
    fails_with(check_gradient_descent, mutates, "np.array(x0, dtype=float)")


def test_gradient_descent_integer_start_updated_in_place():
    """np.array(x0) of ints, then x -= ...: the casting error is explained."""

    def int_array(grad, x0, lr, steps):
        x = np.array(x0)
        path = [x.copy()]
        for _ in range(steps):
            x -= lr * grad(x)
            path.append(x.copy())
        return np.array(path)

    fails_with(check_gradient_descent, int_array, "x0 holds integers")


def test_gradient_descent_list_return_is_accepted(capsys):
    """The course's list rule: a list of the right points counts as the array (as in 05 and 07)."""
    check_gradient_descent(lambda *a: list(gd_loop(*a)))
    check_gradient_descent(lambda *a: [list(map(float, row)) for row in gd_loop(*a)])
    assert capsys.readouterr().out.count("✔ gradient_descent") == 2


def test_gradient_descent_transposed():
    """Points as columns (d, steps + 1) is called transposed."""
    fails_with(check_gradient_descent, lambda *a: gd_loop(*a).T, "transposed")


def test_gradient_descent_forgot_lr():
    """x - grad(x) (no learning rate) is named."""
    fails_with(check_gradient_descent, lambda g, x0, lr, steps: gd_loop(g, x0, 1.0, steps),
               "ignores the learning rate")


# ---------------------------------------------------------------------------------------
# largest_stable_lr
# ---------------------------------------------------------------------------------------


def stable_eigvalsh(A):
    return 2 / np.linalg.eigvalsh(A)[-1]


def stable_eigvals(A):
    return 2 / max(np.linalg.eigvals(np.asarray(A, dtype=float)).real)


def stable_power_of_norm(A):
    return 2.0 / np.linalg.norm(np.asarray(A, dtype=float), 2)  # spectral norm = λmax for SPD


@pytest.mark.parametrize("fn", [stable_eigvalsh, stable_eigvals, stable_power_of_norm])
def test_largest_stable_lr_accepts_correct_versions(fn, capsys):
    """eigvalsh, eigvals (real part) and the spectral norm all pass."""
    check_largest_stable_lr(fn)
    assert capsys.readouterr().out.startswith("✔ largest_stable_lr")


@pytest.mark.parametrize("mistake", D.STABLE_MISTAKES, ids=lambda m: m.advice[:40])
def test_largest_stable_lr_names_every_mistake(mistake):
    """A function computing a known wrong bound fails with that mistake's advice."""
    fails_with(check_largest_stable_lr, mistake.wrong, mistake.advice)


def test_largest_stable_lr_min_eigenvalue_written_out():
    """eigvalsh(A)[0] (the smallest eigenvalue) is named as min instead of max."""
    fails_with(check_largest_stable_lr, lambda A: 2 / np.linalg.eigvalsh(A)[0],
               "min instead of the max eigenvalue")


def test_largest_stable_lr_complex_result():
    """A complex result (eigvals on a symmetric matrix, kept complex) is explained."""
    fails_with(check_largest_stable_lr, lambda A: complex(stable_eigvalsh(A)),
               "np.linalg.eigvalsh")


def test_largest_stable_lr_array_of_one():
    """An array of shape (1,) is a wrong shape."""
    fails_with(check_largest_stable_lr, lambda A: np.array([stable_eigvalsh(A)]),
               "wrong shape")


# ---------------------------------------------------------------------------------------
# optimal_step
# ---------------------------------------------------------------------------------------


def optimal_eigh(A):
    lam = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    kappa = lam[-1] / lam[0]
    return 2 / (lam[0] + lam[-1]), (kappa - 1) / (kappa + 1)


def optimal_difference(A):
    lam = np.sort(np.linalg.eigvals(np.asarray(A, dtype=float)).real)
    return np.array([2 / (lam[0] + lam[-1]), (lam[-1] - lam[0]) / (lam[-1] + lam[0])])


def optimal_list(A):
    small, large = min(np.linalg.eigvalsh(A)), max(np.linalg.eigvalsh(A))
    return [2.0 / (small + large), 1 - 2 * small / (small + large)]


@pytest.mark.parametrize("fn", [optimal_eigh, optimal_difference, optimal_list])
def test_optimal_step_accepts_correct_versions(fn, capsys):
    """A tuple, an array and a list; κ form and eigenvalue-difference form all pass."""
    check_optimal_step(fn)
    assert capsys.readouterr().out.startswith("✔ optimal_step")


@pytest.mark.parametrize("mistake", D.STEP_MISTAKES, ids=lambda m: m.advice[:40])
def test_optimal_step_names_every_step_mistake(mistake):
    """A wrong step with the right rate fails with that step mistake's advice."""
    fails_with(check_optimal_step, lambda A: (mistake.wrong(A), optimal_eigh(A)[1]),
               mistake.advice)


@pytest.mark.parametrize("mistake", D.RATE_MISTAKES, ids=lambda m: m.advice[:40])
def test_optimal_step_names_every_rate_mistake(mistake):
    """The right step with a wrong rate fails with that rate mistake's advice."""

    def wrong(A):
        with np.errstate(divide="ignore", invalid="ignore"):
            return optimal_eigh(A)[0], mistake.wrong(A)

    fails_with(check_optimal_step, wrong, mistake.advice)


def test_optimal_step_max_for_min_written_out():
    """2 / (λmax + λmax) names λmax used where λmin belongs; the reverse is named too."""

    def max_twice(A):
        lam = np.linalg.eigvalsh(A)
        return 2 / (lam[-1] + lam[-1]), optimal_eigh(A)[1]

    def min_twice(A):
        lam = np.linalg.eigvalsh(A)
        return 2 / (lam[0] + lam[0]), optimal_eigh(A)[1]

    fails_with(check_optimal_step, max_twice, "you used λmax where λmin belongs")
    fails_with(check_optimal_step, min_twice, "you used λmin where λmax belongs")


def test_optimal_step_trace_is_wrong_beyond_2x2():
    """2 / trace(A) is right for 2 × 2 matrices but caught on the 3 × 3 case."""

    def trace(A):
        return 2 / np.trace(np.asarray(A, dtype=float)), optimal_eigh(A)[1]

    fails_with(check_optimal_step, trace, "you used the trace")


def test_optimal_step_swapped_pair():
    """(rate, step) instead of (step, rate) is called swapped."""
    fails_with(check_optimal_step, lambda A: optimal_eigh(A)[::-1], "swapped")


def test_optimal_step_single_number():
    """One number instead of a pair asks for two numbers."""
    fails_with(check_optimal_step, lambda A: optimal_eigh(A)[0], "return two numbers")


# ---------------------------------------------------------------------------------------
# steps_to_tolerance
# ---------------------------------------------------------------------------------------


def tolerance_while(grad, x0, lr, tol, max_steps):
    x, k = np.array(x0, dtype=float), 0
    while np.linalg.norm(grad(x)) >= tol:
        if k == max_steps:
            return -1
        x = x - lr * grad(x)
        k += 1
    return k


def tolerance_early_exit(grad, x0, lr, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(max_steps + 1):
        g = np.asarray(grad(x))
        if np.sqrt(np.sum(g**2)) < tol:
            return float(k)  # a whole float is accepted
        if not np.all(np.isfinite(x)):
            return -1
        x = x - lr * g
    return -1


def tolerance_numpy_int(grad, x0, lr, tol, max_steps):
    x = np.array(x0, dtype=float)
    norms = []
    for _ in range(max_steps + 1):
        norms.append(np.linalg.norm(grad(x)))
        x = x - lr * grad(x)
    hits = np.flatnonzero(np.array(norms) < tol)
    return hits[0] if hits.size else -1


@pytest.mark.parametrize("fn", [step_count, tolerance_while, tolerance_early_exit,
                                tolerance_numpy_int])
def test_steps_to_tolerance_accepts_correct_versions(fn, capsys):
    """for/while loops, an early exit on overflow, a float 5.0 and a NumPy int all pass."""
    with np.errstate(over="ignore", invalid="ignore"):
        check_steps_to_tolerance(fn)
    assert capsys.readouterr().out.startswith("✔ steps_to_tolerance")


@pytest.mark.parametrize("mistake", D.TOLERANCE_MISTAKES, ids=lambda m: m.advice[:40])
def test_steps_to_tolerance_names_every_mistake(mistake):
    """A function computing a known wrong step count fails with that mistake's advice."""
    fails_with(check_steps_to_tolerance, mistake.wrong, mistake.advice)


def test_steps_to_tolerance_off_by_one_written_out():
    """Counting from 1 (k + 1) and ≤ instead of < are named, each as itself."""

    def from_one(grad, x0, lr, tol, max_steps):
        x = np.array(x0, dtype=float)
        for k in range(1, max_steps + 2):
            if np.linalg.norm(grad(x)) < tol:
                return k
            x = x - lr * grad(x)
        return -1

    def at_most(grad, x0, lr, tol, max_steps):
        x = np.array(x0, dtype=float)
        for k in range(max_steps + 1):
            if np.linalg.norm(grad(x)) <= tol:
                return k
            x = x - lr * grad(x)
        return -1

    fails_with(check_steps_to_tolerance, from_one, "one too many")
    fails_with(check_steps_to_tolerance, at_most, "strictly below")


def test_steps_to_tolerance_last_point_never_tested():
    """range(max_steps) misses the last point: named."""

    def short(grad, x0, lr, tol, max_steps):
        x = np.array(x0, dtype=float)
        for k in range(max_steps):
            if np.linalg.norm(grad(x)) < tol:
                return k
            x = x - lr * grad(x)
        return -1

    fails_with(check_steps_to_tolerance, short, "never test the last point")


def test_steps_to_tolerance_distance_instead_of_gradient():
    """Testing ‖x_k‖ instead of ‖∇f(x_k)‖ is named."""

    def distance(grad, x0, lr, tol, max_steps):
        x = np.array(x0, dtype=float)
        for k in range(max_steps + 1):
            if np.linalg.norm(x) < tol:
                return k
            x = x - lr * grad(x)
        return -1

    fails_with(check_steps_to_tolerance, distance, "you tested the distance")


def test_steps_to_tolerance_ascent_written_out():
    """x + lr * grad: named as ascent, without a warning escaping."""

    def ascent(grad, x0, lr, tol, max_steps):
        return step_count(lambda x: -grad(x), x0, lr, tol, max_steps)

    fails_with(check_steps_to_tolerance, ascent, "walked uphill")


def test_steps_to_tolerance_max_steps_instead_of_minus_one():
    """Returning max_steps when the tolerance is never reached is named."""

    def no_minus_one(grad, x0, lr, tol, max_steps):
        k = step_count(grad, x0, lr, tol, max_steps)
        return max_steps if k < 0 else k

    fails_with(check_steps_to_tolerance, no_minus_one, "return -1, not max_steps")


def test_steps_to_tolerance_returning_none_for_never():
    """None for 'never reached' is told to return -1."""

    def none(grad, x0, lr, tol, max_steps):
        k = step_count(grad, x0, lr, tol, max_steps)
        return None if k < 0 else k

    fails_with(check_steps_to_tolerance, none, "return -1")


def test_steps_to_tolerance_returning_the_path():
    """Returning the trajectory instead of a count is named."""
    fails_with(check_steps_to_tolerance,
               lambda grad, x0, lr, tol, n: iterate(grad, x0, lr, 3), "not the trajectory")


def test_steps_to_tolerance_returning_a_norm():
    """Returning a (non-whole) norm is refused as not a step count."""
    fails_with(check_steps_to_tolerance, lambda *args: 0.37, "not a whole number of steps")


def test_steps_to_tolerance_returning_a_bool():
    """True/False is not a step count."""
    fails_with(check_steps_to_tolerance, lambda *args: True, "return the number of steps")


def test_steps_to_tolerance_integer_start_in_place():
    """x -= ... on an int array: the casting error is explained."""

    def int_array(grad, x0, lr, tol, max_steps):
        x = np.array(x0)
        for k in range(max_steps + 1):
            if np.linalg.norm(grad(x)) < tol:
                return k
            x -= lr * grad(x)
        return -1

    fails_with(check_steps_to_tolerance, int_array, "x0 holds integers")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "gradient_descent": check_gradient_descent,
    "largest_stable_lr": check_largest_stable_lr,
    "optimal_step": check_optimal_step,
    "steps_to_tolerance": check_steps_to_tolerance,
}


BAD_RETURNS = {
    "string": (lambda *args: "42", "42"),
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("bad", BAD_RETURNS.values(), ids=BAD_RETURNS.keys())
def test_bad_returns_get_one_clear_sentence(checker, bad, capsys):
    """Returning a string gives its own one-line message, nothing on stderr."""
    fn, text = bad
    fails_with(checker, fn, text)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["gradient_descent", "largest_stable_lr", "optimal_step"])
def test_nan_return_is_named(name):
    """A NaN result (of the right shape) is called NaN."""
    shapes = {"gradient_descent": lambda g, x0, lr, steps: np.full((steps + 1, len(x0)), np.nan),
              "largest_stable_lr": lambda A: float("nan"),
              "optimal_step": lambda A: (float("nan"), 0.5)}
    fails_with(CHECKERS[name], shapes[name], "NaN")


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    fails_with(checker, 3, "not a function")


def test_checkers_write_nothing_to_stderr_on_failure(capsys):
    """Failing checks print nothing to stderr (nbgrader counts stderr as failure)."""
    for checker in CHECKERS.values():
        with pytest.raises(AssertionError):
            checker(lambda *args: np.array([1e308, -1e308]))
    assert capsys.readouterr().err == ""


def test_quadratic_gradient_prints_and_compares():
    """The gradient handed to learners prints its matrix and survives a deep copy unchanged."""
    import copy

    grad = D.QuadraticGradient([[5.0, 3.0], [3.0, 5.0]])
    assert "A = [5, 3; 3, 5]" in repr(grad)
    assert "diag(1, 10)" in repr(D.QuadraticGradient(np.diag([1.0, 10.0])))
    assert copy.deepcopy(grad) == grad and hash(copy.deepcopy(grad)) == hash(grad)
    assert np.allclose(grad([1, 1]), [8, 8]) and grad != D.QuadraticGradient([[1.0]])


def steps_squared_norm(grad, x0, lr, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(max_steps + 1):
        g = np.asarray(grad(x), dtype=float)
        if g @ g < tol:
            return k
        x = x - lr * g
    return -1


def test_steps_to_tolerance_squared_norm_is_named():
    """‖g‖² < tol (g @ g) is named, not left as 'expected 5, got 3'."""
    fails_with(check_steps_to_tolerance, steps_squared_norm, "squared norm")


def gd_view_for_zero_steps(grad, x0, lr, steps):
    x = np.asarray(x0, dtype=float)
    if steps == 0:
        return x[None]  # a view of the caller's x0
    return gd_loop(grad, x0, lr, steps)


def test_gradient_descent_result_aliasing_x0_is_refused():
    """A result that is a view of x0 is refused once its values are right."""
    fails_with(check_gradient_descent, gd_view_for_zero_steps, "shares memory with x0")
