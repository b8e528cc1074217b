"""utils.optim's chapter 07 optimizers and schedules match torch.optim step for step.

Each optimizer runs 100 steps in float64 on Rosenbrock and on an ill-conditioned bowl, from
the same start and with the same gradients, in utils.optim and in torch.optim; every
iterate must agree to 1e-6 (in practice they agree to rounding, about 1e-15). The learning
rate schedules are compared with torch.optim.lr_scheduler the same way.
"""

from __future__ import annotations

import numpy as np
import pytest

from utils import optim, toys

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.filterwarnings("error")

STEPS = 100
PROBLEMS = {
    # name: (objective, start, base learning rate for the SGD family)
    "Rosenbrock": (toys.rosenbrock(), (-1.5, 2.0), 1e-3),
    "bowl": (toys.quadratic_bowl((1.0, 100.0), angle_degrees=30.0), (-2.5, -0.5), 1e-2),
    "bowl-aligned": (toys.quadratic_bowl((1.0, 25.0), angle_degrees=0.0), (2.0, 1.5), 2e-2),
}

# name: (ours(gradient, x0, lr, steps), torch optimizer factory(params, lr)); the adaptive
# optimizers get a larger lr, as their lr is a step length.
OPTIMIZERS = {
    "SGD momentum 0.9": (lambda g, x0, lr, n: optim.heavy_ball(g, x0, lr, n, momentum=0.9),
                         lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9)),
    "SGD momentum 0.5": (lambda g, x0, lr, n: optim.heavy_ball(g, x0, lr, n, momentum=0.5),
                         lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.5)),
    "SGD Nesterov": (lambda g, x0, lr, n: optim.nesterov(g, x0, lr, n, momentum=0.9),
                     lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9, nesterov=True)),
    "heavy_ball nesterov=True": (
        lambda g, x0, lr, n: optim.heavy_ball(g, x0, lr, n, momentum=0.8, nesterov=True),
        lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.8, nesterov=True)),
    "Adagrad": (lambda g, x0, lr, n: optim.adagrad(g, x0, 50 * lr, n),
                lambda ps, lr: torch.optim.Adagrad(ps, lr=50 * lr)),
    "RMSprop": (lambda g, x0, lr, n: optim.rmsprop(g, x0, 10 * lr, n),
                lambda ps, lr: torch.optim.RMSprop(ps, lr=10 * lr)),
    "RMSprop alpha 0.9 eps 1e-3": (
        lambda g, x0, lr, n: optim.rmsprop(g, x0, 10 * lr, n, alpha=0.9, eps=1e-3),
        lambda ps, lr: torch.optim.RMSprop(ps, lr=10 * lr, alpha=0.9, eps=1e-3)),
    "Adam": (lambda g, x0, lr, n: optim.adam(g, x0, 10 * lr, n),
             lambda ps, lr: torch.optim.Adam(ps, lr=10 * lr)),
    "Adam betas (0.8, 0.99) eps 1e-4": (
        lambda g, x0, lr, n: optim.adam(g, x0, 10 * lr, n, betas=(0.8, 0.99), eps=1e-4),
        lambda ps, lr: torch.optim.Adam(ps, lr=10 * lr, betas=(0.8, 0.99), eps=1e-4)),
}


def torch_path(make_optimizer, gradient, x0, steps, scheduler=None) -> np.ndarray:
    """Run a torch optimizer on one float64 parameter vector, fed our NumPy gradient."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([p])
    schedule = scheduler(optimizer) if scheduler else None
    path = [p.detach().numpy().copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        p.grad = torch.from_numpy(np.asarray(gradient(p.detach().numpy()), dtype=float))
        optimizer.step()
        if schedule is not None:
            schedule.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_iterate_matches_torch(name, problem):
    """100 steps in float64: every point within 1e-6 of torch's (and the run really moves)."""
    objective, x0, lr = PROBLEMS[problem]
    ours, theirs = OPTIMIZERS[name]
    mine = ours(objective.gradient, x0, lr, STEPS)
    reference = torch_path(lambda ps: theirs(ps, lr), objective.gradient, x0, STEPS)
    assert mine.shape == reference.shape == (STEPS + 1, 2)
    assert np.all(np.isfinite(mine))
    assert np.abs(mine - reference).max() < 1e-6
    assert np.abs(mine - reference).max() < 1e-12  # in fact they agree to rounding
    assert np.linalg.norm(mine[-1] - mine[0]) > 0.05


SCHEDULES = {
    # name: (ours(t) for base lr 0.1, torch scheduler factory)
    "StepLR": (lambda t: optim.step_lr(t, 0.1, step_size=7, gamma=0.5),
               lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5)),
    "CosineAnnealingLR": (lambda t: optim.cosine_lr(t, 0.1, total=STEPS, lr_min=1e-3),
                          lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=STEPS,
                                                                               eta_min=1e-3)),
    "LinearLR": (lambda t: optim.warmup_lr(t, 0.1, warmup=15, start_factor=0.25),
                 lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=15)),
}


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedules_match_torch(name):
    """Our schedule gives torch's learning rate at every step t = 0..STEPS."""
    ours, theirs = SCHEDULES[name]
    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.1)
    scheduler = theirs(optimizer)
    for t in range(STEPS + 1):
        assert abs(optimizer.param_groups[0]["lr"] - ours(t)) < 1e-12, f"t = {t}"
        p.grad = torch.zeros(1)
        optimizer.step()
        scheduler.step()


@pytest.mark.parametrize("name", ["SGD momentum", "Adam"])
def test_scheduled_optimizers_match_torch(name):
    """An optimizer driven by a schedule (lr as a function of t) follows torch with the scheduler."""
    objective, x0, _ = PROBLEMS["Rosenbrock"]
    lr = 1e-3 if name == "SGD momentum" else 0.05
    schedule = lambda t: optim.cosine_lr(t, lr, total=STEPS)  # noqa: E731
    if name == "SGD momentum":
        mine = optim.heavy_ball(objective.gradient, x0, schedule, STEPS, momentum=0.9)
        make = lambda ps: torch.optim.SGD(ps, lr=lr, momentum=0.9)  # noqa: E731
    else:
        mine = optim.adam(objective.gradient, x0, schedule, STEPS)
        make = lambda ps: torch.optim.Adam(ps, lr=lr)  # noqa: E731
    reference = torch_path(make, objective.gradient, x0, STEPS,
                           scheduler=lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=STEPS))
    assert np.abs(mine - reference).max() < 1e-12


def test_warmup_then_momentum_matches_torch():
    """Section 8's warm-up run (LinearLR from 0.1 lr over 20 steps) equals torch's, step for step."""
    objective, x0, _ = PROBLEMS["Rosenbrock"]
    mine = optim.heavy_ball(objective.gradient, x0, lambda t: optim.warmup_lr(t, 0.003, warmup=20),
                            STEPS, momentum=0.9)
    reference = torch_path(lambda ps: torch.optim.SGD(ps, lr=0.003, momentum=0.9), objective.gradient,
                           x0, STEPS, scheduler=lambda o: torch.optim.lr_scheduler.LinearLR(
                               o, start_factor=0.1, total_iters=20))
    assert np.abs(mine - reference).max() < 1e-12


def test_optimizers_run_batches_of_starts():
    """Entry-by-entry updates: a (k, 2) array of starts runs k independent copies."""
    objective, _, _ = PROBLEMS["bowl"]
    starts = np.array([[-2.5, -0.5], [1.0, 2.0], [0.3, -1.0]])
    batch = optim.adam(objective.gradient, starts, 0.1, 30)
    assert batch.shape == (31, 3, 2)
    for i, start in enumerate(starts):
        assert np.allclose(batch[:, i], optim.adam(objective.gradient, start, 0.1, 30), atol=1e-15)


def test_diverging_runs_stop_quietly():
    """A run that overflows stops at its first non-finite point, with no warning."""
    objective, x0, _ = PROBLEMS["Rosenbrock"]
    path = optim.heavy_ball(objective.gradient, x0, 0.01, 10_000, momentum=0.9)
    assert len(path) < 10_001 and not np.all(np.isfinite(path[-1]))
    assert np.all(np.isfinite(path[:-1]))


def test_optimizers_do_not_modify_the_start():
    """x0 is copied, never changed."""
    objective, _, _ = PROBLEMS["bowl"]
    for run in (optim.heavy_ball, optim.nesterov, optim.adagrad, optim.rmsprop, optim.adam):
        x0 = np.array([1.0, -1.0])
        run(objective.gradient, x0, 0.01, 5)
        assert np.array_equal(x0, [1.0, -1.0])


def test_schedule_shapes():
    """Step decay halves on time, cosine runs from lr to lr_min and holds, warm-up is linear then flat."""
    assert [optim.step_lr(t, 1.0, 10, 0.5) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    assert optim.cosine_lr(0, 0.1, 50) == 0.1 and abs(optim.cosine_lr(50, 0.1, 50)) < 1e-17
    assert np.isclose(optim.cosine_lr(25, 0.1, 50, lr_min=0.02), 0.06)
    assert optim.cosine_lr(80, 0.1, 50, lr_min=0.02) == optim.cosine_lr(50, 0.1, 50, lr_min=0.02)
    assert np.isclose(optim.warmup_lr(0, 0.2, 10), 0.02) and np.isclose(optim.warmup_lr(5, 0.2, 10), 0.11)
    assert optim.warmup_lr(10, 0.2, 10) == optim.warmup_lr(500, 0.2, 10) == 0.2
