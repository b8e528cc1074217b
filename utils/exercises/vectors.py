"""Checkers for chapter 01 (vectors): dot, p_norm, cosine_similarity, nearest_neighbours."""

from __future__ import annotations

import math

import numpy as np

from utils import toys
from utils.check import (
    Mistake,
    calls_named,
    check_fingerprint,
    check_function,
    checker,
    fail,
    passed,
    quiet_numpy,
    require_result,
    show,
    show_call,
    snapshot,
    uses_matmul_operator,
)

# ---------------------------------------------------------------------------------------
# dot(a, b): sum of products, ValueError for different lengths
# ---------------------------------------------------------------------------------------

_rng = np.random.default_rng(101)
DOT_CASES = (
    ([1, 2, 3], [4, -5, 6]),
    (np.array([1.5, -2.0]), np.array([4.0, 0.5])),
    (np.array([2.0]), np.array([-3.0])),
    (np.array([3.0, -1.0, 2.0, 0.5]), np.array([-1.0, 4.0, 0.0, 2.0])),
    (_rng.normal(size=20), _rng.normal(size=20)),
)

DOT_MISTAKES = (
    Mistake("you multiplied entry by entry but did not add the products up — a dot product "
            "is one number.", lambda a, b: np.multiply(a, b)),
    Mistake("you multiplied the two sums; multiply matching entries first, then add.",
            lambda a, b: np.sum(a) * np.sum(b)),
    Mistake("your loop skips the last entry — range(len(a) - 1)?",
            lambda a, b: np.dot(np.asarray(a)[:-1], np.asarray(b)[:-1])),
    Mistake("your loop skips the first entry — range(1, len(a))?",
            lambda a, b: np.dot(np.asarray(a)[1:], np.asarray(b)[1:])),
    Mistake("you added matching entries instead of multiplying them.",
            lambda a, b: np.sum(np.add(a, b))),
    Mistake("int() (or //) cut off the fraction: return the sum itself, a float.",
            lambda a, b: float(int(np.dot(a, b)))),
    Mistake("you multiplied a by itself (a[i] * a[i]); multiply a[i] by b[i].",
            lambda a, b: np.dot(a, a)),
    Mistake("you multiplied b by itself (b[i] * b[i]); multiply a[i] by b[i].",
            lambda a, b: np.dot(b, b)),
)


#: Built-ins that would compute the dot product for the learner (the prompt forbids them).
FORBIDDEN_IN_DOT = ("dot", "inner", "vdot", "matmul", "einsum", "tensordot", "multi_dot")
_DOT_YOURSELF = ("the exercise is to build it yourself: multiply matching entries and add "
                 "them up (a loop, or np.sum(a * b)).")


@checker
def check_dot(dot: object, cases=DOT_CASES) -> None:
    """Check ``dot(a, b)`` against ``np.dot``; different lengths must raise ValueError.

    Calling a built-in dot product (np.dot, np.inner, ...) or using ``@`` fails, as the
    prompt says.
    """
    __tracebackhide__ = True
    if uses_matmul_operator(dot):
        fail(f"dot uses the @ operator; {_DOT_YOURSELF}")
    called = calls_named(dot, FORBIDDEN_IN_DOT)
    if called is not None:
        fail(f"dot calls {called}(); {_DOT_YOURSELF}")
    check_function(dot, cases, np.dot, name="dot", mistakes=DOT_MISTAKES, quiet=True)
    _check_length_mismatch(dot)
    passed("dot", len(cases) + len(DOT_LENGTH_MISMATCHES))


# Pairs of different lengths, each with the hint for a function that returns anyway.
DOT_LENGTH_MISMATCHES = (
    (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0]), "zip() silently stops early"),
    ([1.0, 2.0, 3.0], [2.0], "NumPy broadcasting stretches a length-1 vector"),
)


def _check_length_mismatch(dot: object) -> None:
    __tracebackhide__ = True
    for a, b, hint in DOT_LENGTH_MISMATCHES:
        where = show_call("dot", [a, b])
        try:
            result = dot(*snapshot([a, b]))
        except ValueError:
            continue
        except Exception as error:
            fail(f"{where} raised {type(error).__name__}; for vectors of different lengths "
                 "raise ValueError with a clear message.")
        fail(f"{where} returned {show(result)}, but vectors of different lengths have no "
             f"dot product — compare the lengths first and raise ValueError ({hint}).")


# ---------------------------------------------------------------------------------------
# p_norm(x, p): (sum |x_i|^p)^(1/p), and max |x_i| for p = inf
# ---------------------------------------------------------------------------------------

P_NORM_CASES = (
    (np.array([3.0, 4.0]), 2),
    (np.array([3.0, -4.0]), 1),
    (np.array([-3.0, -4.0]), np.inf),
    (np.array([1.0, -2.0, 2.0]), 2),
    (np.array([1.0, 1.0, 1.0, 1.0]), 3),
    ([0.5, -1.5, 2.5], 1),
    (np.array([-7.0, 2.0, 5.0]), np.inf),
    (np.array([-1.0, 2.0, -3.0, 4.0]), 4),
    (np.array([4.0, -1.0, 0.0]), 1.5),
    (np.array([2, -3, 6]), 2),
)


def _p_sum(x, p, absolute=True):
    x = np.abs(x) if absolute else np.asarray(x, dtype=float)
    return np.max(x) if p == np.inf else np.sum(x**p)


P_NORM_MISTAKES = (
    # The p = inf slip first: forgetting |.| everywhere is caught earlier, on p = 1.
    Mistake("for p = inf take the largest |x_i|; you took the largest x_i (sign lost).",
            lambda x, p: np.max(x) if p == np.inf else np.linalg.norm(x, ord=p)),
    Mistake("you forgot the absolute value: negative entries must count as positive.",
            lambda x, p: _p_sum(x, p, absolute=False) ** (1 if p == np.inf else 1 / p)),
    Mistake("you forgot the final p-th root: sum |x_i|^p is the norm to the power p.",
            lambda x, p: _p_sum(x, p)),
    Mistake("your function ignores p: it always returns the Euclidean (L2) norm.",
            lambda x, p: np.linalg.norm(x)),
    Mistake("for p = inf the norm is the largest |x_i|, not the sum.",
            lambda x, p: np.sum(np.abs(x)) if p == np.inf else np.linalg.norm(x, ord=p)),
    Mistake("p = inf needs its own branch: the general formula gives (sum |x_i|^inf)^(1/inf) "
            "= inf^0 = 1. Return the largest |x_i| when p == np.inf.",
            lambda x, p: 1.0 if p == np.inf else np.linalg.norm(x, ord=p)),
    Mistake("operator precedence: s ** 1/p means (s ** 1) / p; write s ** (1 / p).",
            lambda x, p: np.linalg.norm(x, ord=p) if p == np.inf else _p_sum(x, p) / p),
    Mistake("1 // p is floor division: 1 // 2 is 0, so s ** (1 // p) is 1 for every p > 1. "
            "Write s ** (1 / p).",
            lambda x, p: np.linalg.norm(x, ord=p) if p == np.inf else _p_sum(x, p) ** (1 // p)),
    Mistake("your loop skips the last entry — range(len(x) - 1)?",
            lambda x, p: np.linalg.norm(np.asarray(x, dtype=float)[:-1], ord=p)),
    Mistake("you took the square root for every p; the root is the p-th one: ** (1 / p).",
            lambda x, p: np.linalg.norm(x, ord=p) if p == np.inf else _p_sum(x, p) ** 0.5),
    Mistake("for p = inf the norm is the largest |x_i|; you took the smallest.",
            lambda x, p: np.min(np.abs(x)) if p == np.inf else np.linalg.norm(x, ord=p)),
)


#: Library norms (np.linalg.norm, scipy.linalg.norm, torch.linalg.vector_norm, ...).
FORBIDDEN_IN_P_NORM = ("norm", "vector_norm", "matrix_norm", "cond")


@checker
def check_p_norm(p_norm: object, cases=P_NORM_CASES) -> None:
    """Check ``p_norm(x, p)`` against ``np.linalg.norm(x, ord=p)`` for p = 1, 1.5, 2, 3, 4, inf.

    Calling a library norm fails, as the prompt says.
    """
    __tracebackhide__ = True
    called = calls_named(p_norm, FORBIDDEN_IN_P_NORM)
    if called is not None:
        fail(f"p_norm calls {called}(); the exercise is to write the formula yourself: "
             "(sum of |x_i| ** p) ** (1 / p), and max |x_i| for p = inf.")
    check_function(p_norm, cases, lambda x, p: np.linalg.norm(x, ord=p), name="p_norm",
                   mistakes=P_NORM_MISTAKES)


# ---------------------------------------------------------------------------------------
# cosine_similarity(a, b): a·b / (|a| |b|)
# ---------------------------------------------------------------------------------------


def _at(length: float, degrees: float) -> np.ndarray:
    t = math.radians(degrees)
    return np.array([length * math.cos(t), length * math.sin(t)])


# 2-D pairs built from (length, angle): the expected value is cos(angle difference).
_POLAR_PAIRS = ((2.0, 10.0, 0.5, 70.0), (1.0, 0.0, 3.0, 180.0), (4.0, -30.0, 2.0, 60.0),
                (1.5, 45.0, 1.5, 45.0), (0.2, 100.0, 5.0, -35.0))
COSINE_CASES = tuple((_at(r1, t1), _at(r2, t2)) for r1, t1, r2, t2 in _POLAR_PAIRS) + (
    ([1, 2, 3], [2, 4, 6]),
    (np.array([1.0, 1.0, 0.0, 0.0]), np.array([3.0, 0.0, 0.0, 0.0])),
    (np.array([3.0, 4.0]), np.array([4.0, 3.0])),
)
COSINE_EXPECTED = tuple(math.cos(math.radians(t2 - t1)) for _, t1, _, t2 in _POLAR_PAIRS) + (
    1.0, math.sqrt(0.5), 24 / 25,
)

COSINE_MISTAKES = (
    Mistake("you returned the plain dot product; divide it by both lengths |a| |b|.",
            lambda a, b: np.dot(a, b)),
    Mistake("you divided by |a| only; divide by |b| as well.",
            lambda a, b: np.dot(a, b) / np.linalg.norm(a)),
    Mistake("you divided by |b| only; divide by |a| as well.",
            lambda a, b: np.dot(a, b) / np.linalg.norm(b)),
    Mistake("you divided by the squared lengths; use the lengths |a| = sqrt(a·a).",
            lambda a, b: np.dot(a, b) / (np.dot(a, a) * np.dot(b, b))),
    Mistake("you divided by L1 norms (sum of |entries|); cosine similarity uses L2 lengths.",
            lambda a, b: np.dot(a, b) / (np.linalg.norm(a, 1) * np.linalg.norm(b, 1))),
    Mistake("you returned the cosine distance 1 - cos; return the similarity itself.",
            lambda a, b: 1 - np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))),
    Mistake("you divided by the sums of the entries; divide by the lengths |a| = sqrt(a·a).",
            lambda a, b: np.dot(a, b) / (np.sum(a) * np.sum(b))),
    Mistake("you divided by sqrt(a·a + b·b), one length for both; divide by the product of "
            "the two lengths, |a| |b|.",
            lambda a, b: np.dot(a, b) / np.sqrt(np.dot(a, a) + np.dot(b, b))),
    Mistake("you returned the angle (np.arccos); the similarity is its cosine.",
            lambda a, b: np.arccos(np.clip(
                np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)), -1, 1))),
)


@checker
def check_cosine_similarity(cosine_similarity: object) -> None:
    """Check ``cosine_similarity`` on vectors of known angle and on hand-worked cases."""
    __tracebackhide__ = True
    check_function(cosine_similarity, COSINE_CASES, COSINE_EXPECTED, name="cosine_similarity",
                   mistakes=COSINE_MISTAKES)


# ---------------------------------------------------------------------------------------
# nearest_neighbours(query, embeddings, k): indices of the k most cosine-similar rows
# ---------------------------------------------------------------------------------------

_WORDS, _EMBEDDINGS = toys.toy_embeddings()
_RANDOM = np.random.default_rng(7).normal(size=(8, 5))
_RANDOM_QUERY = np.random.default_rng(8).normal(size=5)

# (label, (query, embeddings, k), full ranking by cosine similarity, ranking by raw dot
# product, ranking by Euclidean distance). The last two are the tell-tales of a missing
# normalisation and of the wrong measure. Worked out once, with no ties near the cut;
# tests/test_exercises_vectors.py recomputes all three with NumPy. The fourth query is a
# short vector (a quarter of 'carriage'): its cosine neighbours are those of 'carriage',
# but its nearest points in Euclidean distance are short vectors.
NEIGHBOUR_TABLE = (
    ("query E[13] ('carriage'), E = toy embeddings, k = 3",
     (_EMBEDDINGS[13], _EMBEDDINGS, 3),
     [13, 12, 10, 11, 4, 3, 5, 6, 2, 1, 0, 8, 9, 7],
     [13, 11, 10, 3, 4, 5, 12, 6, 2, 0, 1, 8, 9, 7],
     [13, 12, 10, 11, 4, 6, 5, 3, 1, 2, 0, 8, 9, 7]),
    ("query and 8 embeddings of 5 random numbers, k = 4",
     (_RANDOM_QUERY, _RANDOM, 4),
     [4, 3, 5, 0, 6, 1, 7, 2],
     [3, 4, 5, 6, 1, 0, 7, 2],
     [4, 3, 5, 0, 7, 6, 1, 2]),
    ("query (0.02, 0.23, 0.11, 0.87), E = toy embeddings, k = 3",
     (np.array([0.02, 0.23, 0.11, 0.87]), _EMBEDDINGS, 3),
     [11, 10, 12, 13, 4, 5, 6, 8, 3, 9, 7, 2, 0, 1],
     [11, 10, 13, 12, 4, 5, 8, 6, 3, 7, 9, 2, 0, 1],
     [10, 11, 12, 13, 4, 6, 5, 8, 9, 1, 7, 2, 0, 3]),
    ("query 0.25 * E[13] (a short 'carriage'), E = toy embeddings, k = 3",
     (0.25 * _EMBEDDINGS[13], _EMBEDDINGS, 3),
     [13, 12, 10, 11, 4, 3, 5, 6, 2, 1, 0, 8, 9, 7],
     [13, 11, 10, 3, 4, 5, 12, 6, 2, 0, 1, 8, 9, 7],
     [12, 13, 6, 10, 1, 4, 5, 9, 11, 2, 0, 8, 7, 3]),
)

# Wrong answers as transformations of (cosine ranking, dot ranking, distance ranking, k).
NEIGHBOUR_MISTAKES = (
    ("you picked the least similar rows — sort by similarity in descending order.",
     lambda r, d, e, k: r[::-1][:k]),
    ("right rows, wrong order: list the most similar first.",
     lambda r, d, e, k: r[:k][::-1]),
    ("you ranked by the raw dot product, so long vectors win; divide by the norms (cosine).",
     lambda r, d, e, k: d[:k]),
    ("you ranked by Euclidean distance, which depends on the lengths (a short query is "
     "'near' short vectors); rank by cosine similarity.",
     lambda r, d, e, k: e[:k]),
    ("you returned the whole ranking; keep only the first k indices.",
     lambda r, d, e, k: r),
    ("you left out the best match, the query's own row (a slice [1:k + 1]?): when the query "
     "is one of the rows, that row counts, first.",
     lambda r, d, e, k: r[1:k + 1]),
    ("you returned one neighbour too many (off by one in the slice).",
     lambda r, d, e, k: r[:k + 1]),
    ("you returned one neighbour too few (off by one in the slice).",
     lambda r, d, e, k: r[:k - 1]),
)


@quiet_numpy
def _as_indices(result: object, where: str) -> list[int]:
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, str | bytes | dict | set):
        fail(f"{where} returned a {type(result).__name__} ({show(result)}); return a list "
             "or array of row indices.")
    try:
        values = np.asarray(result, dtype=float).ravel()
    except (TypeError, ValueError):
        fail(f"{where} returned {show(result)}; return a list or array of row indices.")
    if not np.all(np.isfinite(values)):
        fail(f"{where} returned {show(result)}, which contains NaN or inf; return the row "
             "indices (whole numbers).")
    if not np.allclose(values, np.round(values)):
        fail(f"{where} returned {show(result)} — these look like similarity values; return "
             "the row indices (np.argsort gives indices).")
    return [int(v) for v in np.round(values)]


@checker
def check_nearest_neighbours(nearest_neighbours: object, table=NEIGHBOUR_TABLE) -> None:
    """Check ``nearest_neighbours(query, embeddings, k)``: the k most similar rows, best first.

    A mistake is named only when it explains the learner's answer on every case.
    """
    __tracebackhide__ = True
    predicted = [(advice, [transform(r, d, e, args[2]) for _, args, r, d, e in table])
                 for advice, transform in NEIGHBOUR_MISTAKES]
    check_fingerprint(
        nearest_neighbours, [args for _, args, _, _, _ in table],
        [ranking[:args[2]] for _, args, ranking, _, _ in table],
        name="nearest_neighbours", convert=_as_indices, predicted=predicted,
        labels=[label for label, *_ in table],
        hint=" (E / norms makes a new array; E /= norms does not)",
    )
