"""Chapter 00-start-here: typical mistakes and correct alternatives, run through nbgrader."""

CHAPTER = "00-start-here"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "standardize": ("""
def standardize(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
""", "your rows have mean 0, not your columns"),
    "mean-squared-error": ("""
def mean_squared_error(y_true, y_pred):
    return float(np.sum((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
""", "missing 1/n"),
    "close-enough": ("""
def close_enough(a, b, rel_tol=1e-9, abs_tol=0.0):
    return a == b
""", "you compared with =="),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "standardize": """
def standardize(X):
    out = np.empty(X.shape)
    for j in range(X.shape[1]):
        column = X[:, j]
        out[:, j] = (column - column.mean()) / column.std()
    return out
""",
    "mean-squared-error": """
def mean_squared_error(y_true, y_pred):
    return sum((t - p) ** 2 for t, p in zip(y_true, y_pred)) / len(y_true)
""",
    "close-enough": """
def close_enough(a, b, rel_tol=1e-9, abs_tol=0.0):
    diff = abs(a - b)
    return diff <= rel_tol * abs(a) or diff <= rel_tol * abs(b) or diff <= abs_tol
""",
}
