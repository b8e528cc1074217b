"""Chapter 11-probability: typical mistakes and correct alternatives, run through nbgrader.

``MISTAKES`` holds one mistake per exercise (tests/test_grading.py runs them in one
notebook); ``MORE_MISTAKES`` holds further rounds, one notebook each, so that every mistake
the chapter's issue lists is proven through nbgrader with the phrase its diagnosis must
show. Still more mistakes are proven without nbgrader in tests/test_exercises_probability.py.
"""

CHAPTER = "11-probability"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    # the standard deviation of the samples where the standard error belongs
    "mean-and-se": ("""
def mean_and_se(x):
    x = np.asarray(x, dtype=float)
    return x.mean(), x.std(ddof=1)
""", "not the standard error"),
    # no max-shift: exp overflows
    "logsumexp": ("""
def logsumexp(z, axis=-1):
    return np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=axis))
""", "no max-shift"),
    # the smallest entry subtracted instead of the largest
    "softmax": ("""
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.min(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
""", "smallest entry"),
    # the log of a softmax that underflows to 0
    "cross-entropy": ("""
def cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(p)), labels]))
""", "log of a softmax that underflowed"),
    # ½ ln 2π missing (GaussianNLLLoss's default)
    "gaussian-nll": ("""
def gaussian_nll(y, mu, sigma):
    y, mu, sigma = (np.asarray(a, dtype=float) for a in (y, mu, sigma))
    return np.mean((y - mu) ** 2 / (2 * sigma**2) + np.log(sigma))
""", "ln 2π is missing"),
    # KL in the wrong direction
    "kl-gaussians": ("""
def kl_gaussians(mu1, s1, mu2, s2):
    return np.log(s1 / s2) + (s2**2 + (mu1 - mu2) ** 2) / (2 * s1**2) - 0.5
""", "KL in the wrong direction"),
    # the decision inverted: p > alpha read as drift
    "drift-test": ("""
from utils.explore.probability import ks_test  # section 5's test, for a notebook without it


def drift_test(reference, current, alpha=0.05):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    if reference.ndim == 1:
        reference, current = reference[:, None], current[:, None]
    d = reference.shape[1]
    p_value = min(1.0, d * min(ks_test(reference[:, j], current[:, j])[1] for j in range(d)))
    return p_value > alpha, p_value
""", "decision is inverted"),
}

# Further rounds: each is {grade_id: (answer cell source, phrase)}, validated in a notebook
# of its own.
MORE_MISTAKES = (
    {
        # ddof=0 in the standard error
        "mean-and-se": ("""
def mean_and_se(x):
    x = np.asarray(x, dtype=float)
    return x.mean(), x.std() / np.sqrt(len(x))
""", "ddof=0"),
        # subtracted the max and forgot to add it back
        "logsumexp": ("""
def logsumexp(z, axis=-1):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=axis, keepdims=True)
    return np.log(np.exp(z - m).sum(axis=axis))
""", "did not add it back"),
        # no max-shift
        "softmax": ("""
def softmax(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
""", "no max-shift"),
        # a clamped log hides the underflow
        "cross-entropy": ("""
def cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(np.clip(p[np.arange(len(p)), labels], 1e-12, 1.0)))
""", "you clamped the probability"),
        # σ where the variance belongs
        "gaussian-nll": ("""
def gaussian_nll(y, mu, sigma):
    y, mu, sigma = (np.asarray(a, dtype=float) for a in (y, mu, sigma))
    return np.mean((y - mu) ** 2 / (2 * sigma) + 0.5 * np.log(2 * np.pi * sigma))
""", "where the variance σ² belongs"),
        # ln of the variances' ratio
        "kl-gaussians": ("""
def kl_gaussians(mu1, s1, mu2, s2):
    return np.log(s2**2 / s1**2) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5
""", "ln(s₂²/s₁²)"),
        # no multiple-testing correction
        "drift-test": ("""
def drift_test(reference, current, alpha=0.05):
    reference, current = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    if reference.ndim == 1:
        reference, current = reference[:, None], current[:, None]
    p_value = min(ks_test(reference[:, j], current[:, j])[1] for j in range(reference.shape[1]))
    return p_value < alpha, p_value
""", "no multiple-testing correction"),
    },
)

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "mean-and-se": """
def mean_and_se(x):
    # plain Python, with math
    import math
    values = [float(v) for v in x]
    n = len(values)
    mean = sum(values) / n
    s = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return [mean, s / math.sqrt(n)]
""",
    "logsumexp": """
def logsumexp(z, axis=-1):
    # moving the axis last, then row by row in plain Python
    import math
    z = np.moveaxis(np.asarray(z, dtype=float), axis, -1)
    rows = z.reshape(-1, z.shape[-1])
    out = []
    for row in rows:
        m = max(row)
        out.append(m + math.log(sum(math.exp(v - m) for v in row)))
    return np.array(out).reshape(z.shape[:-1])
""",
    "softmax": """
def softmax(z):
    # through logsumexp: exp(z - LSE(z))
    z = np.asarray(z, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - lse)
""",
    "cross-entropy": """
def cross_entropy(logits, labels):
    # a loop over the samples, with a max-shift per row
    total = 0.0
    for row, label in zip(np.asarray(logits, dtype=float), labels):
        m = row.max()
        total += m + np.log(np.exp(row - m).sum()) - row[int(label)]
    return total / len(labels)
""",
    "gaussian-nll": """
def gaussian_nll(y, mu, sigma):
    # the log of the density, term by term
    y = np.asarray(y, dtype=float)
    sigma = np.broadcast_to(np.asarray(sigma, dtype=float), y.shape)
    r = y - np.asarray(mu, dtype=float)
    return float(np.mean(np.log(sigma) + 0.5 * np.log(2 * np.pi) + 0.5 * (r / sigma) ** 2))
""",
    "kl-gaussians": """
def kl_gaussians(mu1, s1, mu2, s2):
    # with variances and math
    import math
    v1, v2 = s1 * s1, s2 * s2
    return 0.5 * (math.log(v2 / v1) + (v1 + (mu1 - mu2) ** 2) / v2 - 1)
""",
    "drift-test": """
def drift_test(reference, current, alpha=0.05):
    # each column tested at alpha / d; the adjusted p-value computed afterwards
    ref = np.atleast_2d(np.asarray(reference, dtype=float).T).T
    cur = np.atleast_2d(np.asarray(current, dtype=float).T).T
    d = ref.shape[1]
    p = np.array([ks_test(ref[:, j], cur[:, j])[1] for j in range(d)])
    drift = bool(np.any(p < alpha / d))
    return drift, float(np.clip(d * p.min(), 0, 1))
""",
}
