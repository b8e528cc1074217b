"""Chapter 08-sgd-linear-models: typical mistakes and correct alternatives, run through nbgrader.

``MISTAKES`` holds one mistake per exercise (tests/test_grading.py runs them in one
notebook); ``MORE_MISTAKES`` holds further rounds, one notebook each, run there too, so
that every mistake the chapter's issue lists is proven through nbgrader with the phrase its
diagnosis must show. Still more mistakes are
proven without nbgrader in tests/test_exercises_linear_models.py.
"""

CHAPTER = "08-sgd-linear-models"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    # y of shape (N, 1) against predictions of shape (N,): an (N, N) residual
    "mse-gradient": ("""
def mse_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    residual = design @ np.asarray(w, dtype=float) - np.asarray(y, dtype=float)
    return 2 / len(X) * design.T @ residual
""", "(N, N) table"),
    # the gradient of the loss for labels in {-1, 1}, fed labels in {0, 1}
    "bce-gradient": ("""
def bce_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    A = np.column_stack([np.ones(len(X)), X])
    y = np.ravel(y).astype(float)
    z = A @ np.asarray(w, dtype=float)
    return -A.T @ (y / (1 + np.exp(y * z))) / len(X)
""", "labels in {−1, 1}"),
    "minibatches": ("""
def minibatches(n, batch_size, rng):
    order = np.arange(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]
""", "not shuffled"),
    # every batch drawn with replacement instead of an epoch
    "sgd": ("""
def sgd(X, y, w0, lr, batch_size, epochs, seed):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    A = np.column_stack([np.ones(len(y)), X])
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)
    for _ in range(epochs):
        for _ in range(int(np.ceil(len(y) / batch_size))):
            batch = rng.integers(len(y), size=batch_size)
            w = w - lr * 2 * A[batch].T @ (A[batch] @ w - y[batch]) / len(batch)
    return w
""", "with replacement"),
    # the test set scaled with its own statistics
    "standardize": ("""
def standardize(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
            (X_test - X_test.mean(axis=0)) / X_test.std(axis=0))
""", "with its own mean"),
}

# Further rounds: each is {grade_id: (answer cell source, phrase)}, validated in a notebook
# of its own.
MORE_MISTAKES = (
    {
        # the model without its bias (no column of ones in the prediction)
        "mse-gradient": ("""
def mse_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    residual = X @ w[1:] - np.ravel(y)
    return 2 / len(X) * design.T @ residual
""", "leaves out the bias"),
        # divided by the number of features
        "bce-gradient": ("""
def bce_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    A = np.column_stack([np.ones(len(X)), X])
    p = 1 / (1 + np.exp(-(A @ np.asarray(w, dtype=float))))
    return A.T @ (p - np.ravel(y)) / X.shape[1]
""", "number of features"),
        # the loop bound drops the last, shorter batch
        "minibatches": ("""
def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n - batch_size + 1, batch_size)]
""", "dropped the last partial batch"),
        # the sum over the batch (reduction="sum")
        "sgd": ("""
def sgd(X, y, w0, lr, batch_size, epochs, seed):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    A = np.column_stack([np.ones(len(y)), X])
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            b = order[start:start + batch_size]
            w = w - lr * 2 * A[b].T @ (A[b] @ w - y[b])
    return w
""", "summed the batch's gradient"),
        # statistics of the training and test sets together
        "standardize": ("""
def standardize(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    both = np.vstack([X_train, X_test])
    mean, std = both.mean(axis=0), both.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std
""", "training and the test set together"),
    },
    {
        # the sum over the samples: no 1/N
        "mse-gradient": ("""
def mse_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    design = np.column_stack([np.ones(len(X)), X])
    return 2 * design.T @ (design @ np.asarray(w, dtype=float) - np.ravel(y))
""", "summed over the samples"),
        # predictions as a column, (N, 1) - (N,)
        "bce-gradient": ("""
def bce_gradient(X, y, w):
    X = np.asarray(X, dtype=float)
    A = np.column_stack([np.ones(len(X)), X])
    p = 1 / (1 + np.exp(-(A @ np.asarray(w, dtype=float))))
    return A.T @ (p[:, None] - np.ravel(y)) / len(X)
""", "(N, N) table"),
        # a fresh random batch each time: indices repeat within an epoch
        "minibatches": ("""
def minibatches(n, batch_size, rng):
    return [rng.choice(n, size=min(batch_size, n - start)) for start in range(0, n, batch_size)]
""", "sampled with replacement"),
        # the epochs are not shuffled
        "sgd": ("""
def sgd(X, y, w0, lr, batch_size, epochs, seed):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    A = np.column_stack([np.ones(len(y)), X])
    w = np.array(w0, dtype=float)
    for _ in range(epochs):
        for start in range(0, len(y), batch_size):
            b = np.arange(start, min(start + batch_size, len(y)))
            w = w - lr * 2 * A[b].T @ (A[b] @ w - y[b]) / len(b)
    return w
""", "not shuffled"),
        # the sample standard deviation
        "standardize": ("""
def standardize(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return (X_train - mean) / std, (X_test - mean) / std
""", "ddof=1"),
    },
)

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "mse-gradient": """
def mse_gradient(X, y, w):
    # a loop over the samples, lists in and out
    rows, targets = np.asarray(X, dtype=float).tolist(), np.ravel(y).tolist()
    gradient = [0.0] * len(w)
    for row, target in zip(rows, targets):
        features = [1.0] + row
        error = sum(f * wj for f, wj in zip(features, w)) - target
        for j, f in enumerate(features):
            gradient[j] += 2 * error * f / len(rows)
    return gradient
""",
    "bce-gradient": """
def bce_gradient(X, y, w):
    # the sigmoid through tanh, and a mean over the rows
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    z = w[0] + X @ w[1:]
    residual = 0.5 * (1 + np.tanh(z / 2)) - np.asarray(y, dtype=float).reshape(-1)
    return np.concatenate([[residual.mean()], (X * residual[:, None]).mean(axis=0)])
""",
    "minibatches": """
def minibatches(n, batch_size, rng):
    # shuffle in place, then yield
    order = np.arange(n)
    rng.shuffle(order)
    start = 0
    while start < n:
        yield order[start:start + batch_size]
        start += batch_size
""",
    "sgd": """
def sgd(X, y, w0, lr, batch_size, epochs, seed):
    # the epoch loop written out, without calling the other exercises; a list returned
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    rng = np.random.default_rng(seed)
    b, w = float(w0[0]), np.array(w0[1:], dtype=float)
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for chunk in np.array_split(order, range(batch_size, len(y), batch_size)):
            error = b + X[chunk] @ w - y[chunk]
            b = b - lr * 2 * error.mean()
            w = w - lr * 2 * X[chunk].T @ error / len(chunk)
    return [b, *w]
""",
    "standardize": """
def standardize(X_train, X_test):
    # column by column, with math, as lists
    import math
    train = np.asarray(X_train, dtype=float)
    test = np.asarray(X_test, dtype=float)
    columns = []
    for j in range(train.shape[1]):
        mean = sum(train[:, j]) / len(train)
        std = math.sqrt(sum((v - mean) ** 2 for v in train[:, j]) / len(train))
        columns.append((mean, std))
    scale = lambda rows: [[(v - m) / s for v, (m, s) in zip(row, columns)] for row in rows]
    return scale(train), scale(test)
""",
}
