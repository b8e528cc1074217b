"""Chapter 06's theory, checked numerically with utils.optim.gradient_descent.

Not plots: the stability limit lr < 2/λmax (just below converges, just above diverges, on
several bowls), the rate (κ − 1)/(κ + 1) at the optimal step 2/(λmin + λmax) measured from
runs, the 1-D regimes, the step count ≈ (κ/2) ln(1/ε), the saddle's escape time, basins,
and Rosenbrock's local limit.
"""

import numpy as np
import pytest

from utils import optim, toys

pytestmark = pytest.mark.filterwarnings("error")

START = np.array([-2.5, 2.0])




BOWLS = [((1.0, 2.0), 0.0), ((1.0, 10.0), 30.0), ((0.5, 50.0), -60.0), ((3.0, 4.0), 45.0),
         ((0.01, 1.0), 10.0), ((1.0, 1000.0), 75.0)]


@pytest.mark.parametrize(("eigenvalues", "angle"), BOWLS)
def test_just_below_the_limit_converges_just_above_diverges(eigenvalues, angle):
    """lr = 0.98 · 2/λmax converges and lr = 1.02 · 2/λmax diverges, on every bowl."""
    bowl = toys.quadratic_bowl(eigenvalues, angle_degrees=angle)
    limit = 2 / np.linalg.eigvalsh(bowl.matrix).max()
    lam_min = min(eigenvalues)
    # enough steps for the slow direction too: its factor is 1 − 0.98·2·λmin/λmax
    steps = int(min(20_000, max(600, 25 / (0.98 * limit * lam_min))))
    below = optim.gradient_descent(bowl.gradient, START, 0.98 * limit, steps)
    above = optim.gradient_descent(bowl.gradient, START, 1.02 * limit, 2000)
    assert np.linalg.norm(below[-1]) < 1e-6 * np.linalg.norm(START)
    assert not np.all(np.isfinite(above[-1])) or np.linalg.norm(above[-1]) > 1e6


@pytest.mark.parametrize("seed", range(4))
def test_stability_limit_in_higher_dimensions(seed):
    """In 5-D, with any symmetric positive definite A, the limit is still 2/λmax."""
    eigenvalues = np.sort(np.random.default_rng(100 + seed).uniform(0.5, 20.0, size=5))
    A = toys.random_symmetric(eigenvalues, seed)
    limit = 2 / eigenvalues[-1]
    x0 = np.random.default_rng(seed).normal(size=5)
    below = optim.gradient_descent(lambda x: A @ x, x0, 0.98 * limit, 3000)[-1]
    above = optim.gradient_descent(lambda x: A @ x, x0, 1.02 * limit, 3000)[-1]
    assert np.linalg.norm(below) < 1e-8 and np.linalg.norm(above) > 1e8


@pytest.mark.parametrize("kappa", [1.5, 2.0, 5.0, 10.0, 50.0, 100.0, 1000.0])
def test_rate_at_the_optimal_step(kappa):
    """The measured contraction per step at 2/(λmin + λmax) is (κ − 1)/(κ + 1), within 3%."""
    bowl = toys.quadratic_bowl((1.0, kappa), angle_degrees=20.0)
    run = optim.gradient_descent(bowl.gradient, START, 2 / (1 + kappa), 60)
    distance = np.linalg.norm(run, axis=1)
    measured = np.exp(np.polyfit(np.arange(distance.size), np.log(distance), 1)[0])
    predicted = (kappa - 1) / (kappa + 1)
    assert abs(measured - predicted) / predicted < 0.03
    step_by_step = distance[1:] / distance[:-1]
    assert np.allclose(step_by_step, predicted, rtol=0.03)


@pytest.mark.parametrize("lr", [0.02, 0.08, 0.15, 0.19])
def test_rate_at_other_steps_is_the_worst_factor(lr):
    """At any stable step the long-run factor per step is max |1 − lr·λᵢ|."""
    bowl = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0)
    run = optim.gradient_descent(bowl.gradient, START, lr, 300)
    measured = (np.linalg.norm(run[300]) / np.linalg.norm(run[200])) ** (1 / 100)
    assert np.isclose(measured, max(abs(1 - lr * 1.0), abs(1 - lr * 10.0)), rtol=0.01)


def test_the_optimal_step_beats_every_other_fixed_step():
    """Over a fine sweep, the factor per step is smallest at 2/(λmin + λmax)."""
    bowl = toys.quadratic_bowl((1.0, 10.0), angle_degrees=30.0)
    lrs = np.linspace(0.01, 0.199, 190)
    rates = [(np.linalg.norm(r[200]) / np.linalg.norm(r[100])) ** 0.01
             for r in (optim.gradient_descent(bowl.gradient, START, lr, 200) for lr in lrs)]
    assert abs(lrs[int(np.argmin(rates))] - 2 / 11) <= 0.001


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_steps_grow_like_kappa(kappa):
    """Steps to shrink the distance 10⁶-fold ≈ ln(10⁶)/ln(1/ρ) ≈ (κ/2) ln(10⁶) for large κ."""
    bowl = toys.quadratic_bowl((1.0, kappa), angle_degrees=30.0)
    run = optim.gradient_descent(bowl.gradient, START, 2 / (1 + kappa), int(8 * kappa) + 50)
    distance = np.linalg.norm(run, axis=1)
    steps = int(np.argmax(distance < 1e-6 * distance[0]))
    rho = (kappa - 1) / (kappa + 1)
    assert abs(steps - np.log(1e6) / np.log(1 / rho)) <= 1
    assert abs(steps - kappa / 2 * np.log(1e6)) / (kappa / 2 * np.log(1e6)) < 0.02


def test_one_dimensional_regimes():
    """On λx²/2: lr < 1/λ never overshoots, 1/λ < lr < 2/λ alternates and shrinks,
    lr = 1/λ lands in one step, lr > 2/λ grows."""
    lam = 4.0

    def grad(x):
        return lam * x

    def run(lr, steps=30):
        return optim.gradient_descent(grad, [1.0], lr, steps)[:, 0]

    creep, bounce, one, blow = run(0.2), run(0.4), run(0.25), run(0.55)
    assert np.all(creep > 0) and np.all(np.diff(creep) < 0)
    assert np.all(np.sign(bounce[1:]) == -np.sign(bounce[:-1])) and abs(bounce[-1]) < 1e-6
    assert one[1] == 0.0
    assert np.all(np.abs(np.diff(np.abs(blow))) > 0) and abs(blow[-1]) > 100


@pytest.mark.parametrize("lr", [0.05, 0.1, 0.2])
def test_saddle_escape_costs_log_of_the_offset(lr):
    """Each factor 1000 closer to the saddle's axis costs ≈ ln(1000)/ln(1 + lr) more steps."""
    saddle = toys.saddle()
    minima = np.array(saddle.minima)
    arrivals = []
    for y0 in (1e-3, 1e-6, 1e-9):
        run = optim.gradient_descent(saddle.gradient, [1.5, y0], lr, 2000)
        near = np.linalg.norm(run[:, None, :] - minima[None], axis=2).min(axis=1) < 1e-3
        arrivals.append(int(np.argmax(near)))
    assert np.allclose(np.diff(arrivals), np.log(1000) / np.log(1 + lr), atol=2)


def test_saddle_axis_converges_to_the_saddle():
    """Started exactly on y = 0 the run ends at the saddle, with a vanishing gradient."""
    saddle = toys.saddle()
    end = optim.gradient_descent(saddle.gradient, [1.5, 0.0], 0.1, 500)[-1]
    assert np.allclose(end, 0) and np.linalg.norm(saddle.gradient(end)) < 1e-15
    assert saddle.value(end) > min(saddle.value(np.array(m)) for m in saddle.minima)


def test_one_dimensional_basins_split_at_the_maximum():
    """With small steps, starts left of the maximum (≈ 0.17) end at −1.30, right of it at 1.13."""
    wiggly = toys.nonconvex_1d()
    peak = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)[1]
    for x0 in np.linspace(-2.0, 2.0, 41):
        if abs(x0 - peak) < 0.02:
            continue
        end = optim.gradient_descent(wiggly.gradient, [x0], 0.02, 1500)[-1, 0]
        expected = toys.NONCONVEX_MINIMA[0][0] if x0 < peak else toys.NONCONVEX_MINIMA[1][0]
        assert abs(end - expected) < 1e-5, x0


def test_himmelblau_every_start_reaches_a_minimum():
    """From every start of a grid, gradient descent (lr = 0.01) reaches one of the four minima."""
    himmel = toys.himmelblau()
    axis = np.linspace(-5, 5, 41)
    X, Y = np.meshgrid(axis, axis)
    starts = np.stack([X.ravel(), Y.ravel()], axis=1)
    ends = optim.gradient_descent(himmel.gradient, starts, 0.01, 300)[-1]
    gaps = np.linalg.norm(ends[:, None] - np.array(himmel.minima)[None], axis=2)
    assert np.all(gaps.min(axis=1) < 1e-3)
    assert np.all(np.bincount(gaps.argmin(axis=1), minlength=4) > 0.2 * len(starts))


def test_rosenbrock_local_limit():
    """Near (1, 1) the limit is 2/λmax of the Hessian there: 0.00199 settles, 0.00201 does not."""
    rosen = toys.rosenbrock()
    limit = 2 / np.linalg.eigvalsh(rosen.hessian(np.array([1.0, 1.0]))).max()
    assert 0.00199 < limit < 0.00201
    below = optim.gradient_descent(rosen.gradient, [1.001, 1.001], 0.99 * limit, 5000)[-1]
    above = optim.gradient_descent(rosen.gradient, [1.001, 1.001], 1.01 * limit, 5000)[-1]
    assert np.linalg.norm(below - 1) < 1e-4
    assert not np.all(np.isfinite(above)) or np.linalg.norm(above - 1) > 1e-3
