"""Chapter 05-derivatives-gradients: typical mistakes and correct alternatives, run through nbgrader."""

CHAPTER = "05-derivatives-gradients"

# grade_id -> (answer cell source, phrase the failing test must show). One mistake the issue
# lists per exercise; every other mistake is proven in tests/test_exercises_gradients.py.
MISTAKES = {
    "central-difference": ("""
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h
""", "you used the forward difference"),
    "numerical-gradient": ("""
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / h for e in np.eye(x.size)])
""", "you divided by h instead of 2h"),
    "quadratic-gradient": ("""
def quadratic_gradient(A, b, x):
    return np.asarray(A, dtype=float) @ np.asarray(x, dtype=float) - np.asarray(b, dtype=float)
""", "you used A instead of its symmetric part (A + Aᵀ)/2"),
    "least-squares-gradient": ("""
def least_squares_gradient(X, y, w):
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    return 2 / len(y) * X.T @ (y - X @ w)
""", "sign error"),
    "jacobian": ("""
def jacobian(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])
""", "your Jacobian is transposed"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "central-difference": """
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 / h
""",
    "numerical-gradient": """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = []
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad.append((f(up) - f(down)) / (2 * h))
    return grad
""",
    "quadratic-gradient": """
def quadratic_gradient(A, b, x):
    A, b, x = np.asarray(A), np.asarray(b), np.asarray(x)
    return (A @ x + A.T @ x) / 2 - b
""",
    "least-squares-gradient": """
def least_squares_gradient(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    residual = X @ w - y
    return 2 * (residual @ X) / X.shape[0]
""",
    "jacobian": """
def jacobian(f, x, h=1e-5):
    x = [float(v) for v in x]
    m = len(f(np.array(x)))
    J = np.zeros((m, len(x)))
    for j in range(len(x)):
        up, down = np.array(x), np.array(x)
        up[j] += h
        down[j] -= h
        J[:, j] = (np.asarray(f(up)) - np.asarray(f(down))) / (2 * h)
    return J
""",
}
