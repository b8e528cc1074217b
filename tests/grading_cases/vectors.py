"""Chapter 01-vectors: typical mistakes and correct alternatives, run through nbgrader."""

CHAPTER = "01-vectors"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "dot": ("""
def dot(a, b):
    return np.multiply(a, b)
""", "did not add the products up"),
    "p-norm": ("""
def p_norm(x, p):
    x = np.asarray(x, dtype=float)
    return np.max(x) if p == np.inf else np.sum(x ** p) ** (1 / p)
""", "forgot the absolute value"),
    "cosine-similarity": ("""
def cosine_similarity(a, b):
    return float(np.dot(a, b))
""", "you returned the plain dot product"),
    "nearest-neighbours": ("""
def nearest_neighbours(query, embeddings, k):
    sims = embeddings @ query / (np.linalg.norm(embeddings, axis=1) * np.linalg.norm(query))
    return np.argsort(sims)[:k]
""", "least similar"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "dot": """
def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("different lengths")
    return float(np.sum(a * b))
""",
    "p-norm": """
def p_norm(x, p):
    if p == np.inf:
        return max(abs(v) for v in x)
    return sum(abs(v) ** p for v in x) ** (1 / p)
""",
    "cosine-similarity": """
def cosine_similarity(a, b):
    return dot(a, b) / (p_norm(a, 2) * p_norm(b, 2))
""",
    "nearest-neighbours": """
def nearest_neighbours(query, embeddings, k):
    sims = [cosine_similarity(query, row) for row in embeddings]
    return sorted(range(len(sims)), key=lambda i: -sims[i])[:k]
""",
}
