"""Chapter 07-momentum-adam: typical mistakes and correct alternatives, run through nbgrader.

One mistake per exercise here; the chapter's other listed mistakes (epsilon inside the
square root, and forgetting to carry Adam's state) are proven in
tests/test_exercises_optimizers.py.
"""

CHAPTER = "07-momentum-adam"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "momentum-step": ("""
def momentum_step(x, velocity, grad, lr, mu):
    new_velocity = mu * velocity - grad
    return x - lr * new_velocity, new_velocity
""", "momentum sign"),
    "adam-step": ("""
def adam_step(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    state["step"] += 1
    state["m"] = beta1 * state["m"] + (1 - beta1) * grad
    state["v"] = beta2 * state["v"] + (1 - beta2) * grad**2
    return x - lr * state["m"] / (np.sqrt(state["v"]) + eps)
""", "no bias correction"),
    "run-optimizer": ("""
def run_optimizer(step_fn, gradient, x0, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        path.append(step_fn(x, gradient(x)))
    return np.array(path)
""", "you forgot to carry the state"),
    "warmup-cosine-lr": ("""
def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps):
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    return base_lr * (1 + np.cos(np.pi * step / total_steps)) / 2
""", "not shifted by the warm-up"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "momentum-step": """
def momentum_step(x, velocity, grad, lr, mu):
    new_velocity = np.add(np.multiply(mu, velocity), grad)
    return np.subtract(x, np.multiply(lr, new_velocity)), new_velocity
""",
    "adam-step": """
import math


def adam_step(x, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    state["step"] = state["step"] + 1
    state["m"] *= b1
    state["m"] += (1 - b1) * grad
    state["v"] *= b2
    state["v"] += (1 - b2) * grad * grad
    step_size = lr / (1 - b1 ** state["step"])
    denom = np.sqrt(state["v"]) / math.sqrt(1 - b2 ** state["step"]) + eps
    return x - step_size * state["m"] / denom
""",
    "run-optimizer": """
def run_optimizer(step_fn, gradient, x0, steps):
    path = np.empty((steps + 1, np.size(x0)))
    path[0] = x0
    for k in range(steps):
        path[k + 1] = step_fn(path[k], gradient(path[k]))
    return path
""",
    "warmup-cosine-lr": """
import math


def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps):
    if warmup_steps > 0 and step < warmup_steps:
        return base_lr * (step / warmup_steps)
    remaining = total_steps - warmup_steps
    return 0.5 * base_lr * (1.0 + math.cos(math.pi * (step - warmup_steps) / remaining))
""",
}
