"""Chapter 03-least-squares: typical mistakes and correct alternatives, run through nbgrader."""

CHAPTER = "03-least-squares"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    # squared vs unsquared residual
    "sum-of-squared-residuals": ("""
def sum_of_squared_residuals(X, y, w):
    return float(np.linalg.norm(y - (w[0] + X @ w[1:])))
""", "unsquared residual norm"),
    # solving with the wrong side: A Aᵀ instead of Aᵀ A
    "least-squares": ("""
def least_squares(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A @ A.T, A.T @ y)
""", "you solved with A @ A.T"),
    # lambda applied to the intercept
    "ridge": ("""
def ridge(X, y, lam):
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
""", "you penalised the intercept too"),
    # missing intercept column
    "is-least-squares": ("""
def is_least_squares(X, y, w, tol=1e-8):
    r = y - (w[0] + X @ w[1:])
    return bool(np.all(np.abs(X.T @ r) <= tol * np.linalg.norm(X, axis=0) * np.linalg.norm(y)))
""", "forgot the intercept column of ones"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "sum-of-squared-residuals": """
def sum_of_squared_residuals(X, y, w):
    total = 0.0
    for row, target in zip(X, y):
        prediction = w[0] + sum(weight * value for weight, value in zip(w[1:], row))
        total += (target - prediction) ** 2
    return total
""",
    "least-squares": """
def least_squares(X, y):
    A = np.hstack([np.ones((X.shape[0], 1)), X])
    return np.linalg.inv(A.T @ A) @ (A.T @ y)
""",
    "ridge": """
def ridge(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    weights = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return np.concatenate([[y_mean - x_mean @ weights], weights])
""",
    "is-least-squares": """
def is_least_squares(X, y, w, tol=1e-8):
    A = np.column_stack([np.ones(len(X)), X])
    r = y - A @ w
    y_length = np.sqrt(np.sum(np.square(y)))
    for j in range(A.shape[1]):
        column = A[:, j]
        if abs(column @ r) > tol * np.sqrt(column @ column) * y_length:
            return False
    return True
""",
}
