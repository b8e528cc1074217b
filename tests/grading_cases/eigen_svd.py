"""Chapter 04-eigen-svd-pca: typical mistakes and correct alternatives, run through nbgrader.

Mistakes the issue lists beyond one per exercise (components as columns, forgot to center
in PCA, the wrong order of the ratios) and the accepted variants (flipped signs, n instead
of n - 1) are proven in tests/test_exercises_eigen_svd.py as well.
"""

CHAPTER = "04-eigen-svd-pca"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "power-iteration": ("""
def power_iteration(A, steps, seed):
    A = np.asarray(A, dtype=float)
    v = np.random.default_rng(seed).normal(size=len(A))
    for _ in range(steps):
        w = A @ v
        value = np.linalg.norm(w)
        v = w / value
    return value, v
""", "the sign is lost"),
    "rank-k": ("""
def rank_k(A, k):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float))
    r = len(s)
    return (U[:, r - k:r] * s[r - k:]) @ Vt[r - k:r]
""", "you kept the k smallest singular values"),
    "covariance": ("""
def covariance(X):
    X = np.asarray(X, dtype=float)
    return X.T @ X / (len(X) - 1)
""", "you forgot to center"),
    "pca": ("""
def pca(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
    return vectors[:, :k].T, values[:k] / values.sum()
""", "eigenvalues unsorted"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "power-iteration": """
def power_iteration(A, steps, seed):
    A = np.array(A, dtype=float)
    v = np.random.default_rng(seed).random(len(A))
    count = 0
    while count < steps:
        v = A @ v
        v = v / np.sqrt(np.sum(v ** 2))
        count += 1
    return (v @ (A @ v)) / (v @ v), -v
""",
    "rank-k": """
def rank_k(A, k):
    U, s, Vt = np.linalg.svd(np.array(A, dtype=float))
    total = np.zeros(U.shape[0:1] + Vt.shape[1:])
    for i in range(k):
        total += s[i] * np.outer(U[:, i], Vt[i])
    return total.tolist()
""",
    "covariance": """
def covariance(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    total = np.zeros((X.shape[1], X.shape[1]))
    for row in X:
        total += np.outer(row - mean, row - mean)
    return total / len(X)
""",
    "pca": """
def pca(X, k):
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc / np.sqrt(len(X)), full_matrices=False)
    variances = s ** 2
    signs = np.where(np.arange(k) % 2 == 0, -1.0, 1.0)
    return signs[:, None] * Vt[:k], variances[:k] / variances.sum()
""",
}
