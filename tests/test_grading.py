"""Graders proven end to end through nbgrader: typical mistakes are caught and named in
the test cell's error, and correct alternative solutions pass every test, hidden ones too.

Each case writes a copy of the solution notebook with some answer cells replaced, in a
temporary folder, and runs nbgrader's validator on it.
"""

import nbformat
import pytest
from nbgrader.validator import Validator

from conftest import SOLUTIONS, notebook_path, read

# chapter -> grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "00-start-here": {
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
    },
    "01-vectors": {
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
    },
}

# chapter -> grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "00-start-here": {
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
    },
    "01-vectors": {
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
    },
}


def with_answers(chapter: str, answers: dict, folder) -> tuple:
    """Write the solution notebook with some answer cells replaced; return path and tests."""
    nb = read(notebook_path(SOLUTIONS, chapter))
    by_id = {c.metadata.nbgrader.grade_id: c for c in nb.cells if "nbgrader" in c.metadata}
    missing = set(answers) - set(by_id)
    assert not missing, f"{chapter}: no answer cells with grade_id {missing}"
    for grade_id, source in answers.items():
        by_id[grade_id].source = source.strip()
    path = folder / f"{chapter}.ipynb"
    nbformat.write(nb, path)
    tests = {c.source.strip(): gid.removesuffix("-tests") for gid, c in by_id.items()
             if c.metadata.nbgrader.get("grade")}
    return path, tests


@pytest.mark.parametrize("chapter", sorted(MISTAKES))
def test_typical_mistakes_are_caught_and_named(chapter, tmp_path):
    """Each mistaken answer fails its test cell with the diagnosis, through nbgrader."""
    answers = {gid: source for gid, (source, _) in MISTAKES[chapter].items()}
    path, tests = with_answers(chapter, answers, tmp_path)
    failed = {tests[r["source"]]: r["raw_error"] for r in Validator().validate(str(path))["failed"]}
    for grade_id, (_, phrase) in MISTAKES[chapter].items():
        assert grade_id in failed, f"{grade_id}: the mistake passed its tests"
        assert phrase in failed[grade_id], f"{grade_id}: {failed[grade_id]}"
    assert set(failed) == set(MISTAKES[chapter]), f"other tests failed too: {set(failed)}"


@pytest.mark.parametrize("chapter", sorted(ALTERNATIVES))
def test_correct_alternatives_pass_every_test(chapter, tmp_path):
    """Loop versions, list returns and other correct variants pass visible and hidden tests."""
    path, _ = with_answers(chapter, ALTERNATIVES[chapter], tmp_path)
    results = Validator().validate(str(path))
    assert results == {}, [r["raw_error"] for r in results.get("failed", [])]
