"""Chapter 06-gradient-descent: typical mistakes and correct alternatives, run through nbgrader.

More mistakes than these (ascent, a missing x0, one step too many, the stability limit with
λmin, ≤ for <, ...) are proven in tests/test_exercises_descent.py.
"""

CHAPTER = "06-gradient-descent"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "gradient-descent": ("""
def gradient_descent(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)
""", "every row is the final point"),
    "largest-stable-lr": ("""
def largest_stable_lr(A):
    return 2 / np.linalg.eigvalsh(A)[0]
""", "min instead of the max eigenvalue"),
    "optimal-step": ("""
def optimal_step(A):
    lam = np.linalg.eigvalsh(A)
    kappa = lam[-1] / lam[0]
    return 2 / (lam[-1] + lam[-1]), (kappa - 1) / (kappa + 1)
""", "you used λmax where λmin belongs"),
    "steps-to-tolerance": ("""
def steps_to_tolerance(grad, x0, lr, tol, max_steps):
    x = np.array(x0, dtype=float)
    for k in range(1, max_steps + 2):
        if np.linalg.norm(grad(x)) < tol:
            return k
        x = x - lr * grad(x)
    return -1
""", "one too many"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "gradient-descent": """
def gradient_descent(grad, x0, lr, steps):
    # a list of rows: the course accepts a list wherever it asks for an array
    x = np.asarray(x0, dtype=float)
    path = [x.tolist()]
    for _ in range(steps):
        x = x - lr * np.asarray(grad(x))
        path.append(x.tolist())
    return path
""",
    "largest-stable-lr": """
def largest_stable_lr(A):
    # for a symmetric positive definite matrix the spectral norm is λmax
    return 2 / np.linalg.norm(np.array(A, dtype=float), 2)
""",
    "optimal-step": """
def optimal_step(A):
    lam = sorted(np.linalg.eigvals(np.array(A, dtype=float)).real)
    low, high = lam[0], lam[-1]
    return [2 / (low + high), (high - low) / (high + low)]
""",
    "steps-to-tolerance": """
def steps_to_tolerance(grad, x0, lr, tol, max_steps):
    x, k = np.array(x0, dtype=float), 0
    while np.sqrt(np.sum(np.asarray(grad(x)) ** 2)) >= tol:
        if k == max_steps:
            return -1
        x = x - lr * np.asarray(grad(x))
        k += 1
    return k
""",
}
