"""The chapter 01 checkers (utils.exercises.vectors), proven both ways without the notebook.

Correct alternatives pass (loop and vectorised, lists and arrays, ints and floats); every
named mistake fails with its diagnosis; bad returns get one clear sentence, never an
internal error; the fixed tables inside the checker are re-derived here with NumPy.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from conftest import assert_laid_out, fails_with
from utils import toys
from utils.exercises import vectors as V
from utils.exercises.vectors import (
    check_cosine_similarity,
    check_dot,
    check_nearest_neighbours,
    check_p_norm,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

# ---------------------------------------------------------------------------------------
# Correct implementations, written the ways a learner might
# ---------------------------------------------------------------------------------------


def dot_loop(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    total = 0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total


def dot_zip_strict(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def dot_vectorised(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shapes {a.shape} and {b.shape} differ")
    return float(np.sum(a * b))


def p_norm_loop(x, p):
    if p == float("inf"):
        return max(abs(v) for v in x)
    total = 0.0
    for v in x:
        total += abs(v) ** p
    return total ** (1 / p)


def p_norm_vectorised(x, p):
    x = np.abs(np.asarray(x, dtype=float))
    if np.isinf(p):
        return x.max()
    return np.sum(x**p) ** (1 / p)


def cosine_loop(a, b):
    return dot_loop(a, b) / (p_norm_loop(a, 2) * p_norm_loop(b, 2))


def cosine_vectorised(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a @ b / np.sqrt((a @ a) * (b @ b))


def neighbours_vectorised(query, embeddings, k):
    sims = embeddings @ query / (np.linalg.norm(embeddings, axis=1) * np.linalg.norm(query))
    return np.argsort(-sims)[:k]


def neighbours_loop(query, embeddings, k):
    scored = [(cosine_loop(list(row), list(query)), i) for i, row in enumerate(embeddings)]
    scored.sort(reverse=True)
    return [i for _, i in scored[:k]]


def neighbours_normalise_first(query, embeddings, k):
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    order = np.argsort(unit @ (query / np.linalg.norm(query)))
    return order[::-1][:k].tolist()


def neighbours_in_place(query, embeddings, k):
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return np.argsort(-(embeddings @ query))[:k]


# ---------------------------------------------------------------------------------------
# dot
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [dot_loop, dot_zip_strict, dot_vectorised])
def test_dot_accepts_correct_versions(fn, capsys):
    """A loop, a strict zip and an element-wise product + sum all pass, printing one line."""
    check_dot(fn)
    out = capsys.readouterr()
    assert out.out.strip().startswith("✔ dot") and out.out.count("\n") == 1
    assert out.err == ""


def test_dot_accepts_int_inputs_and_python_int_result():
    """Integer lists give an int sum (the loop returns a Python int): accepted."""
    check_dot(dot_loop, cases=(([1, 2, 3], [4, 5, 6]), ([2, -1], [3, 7])))


@pytest.mark.parametrize("mistake", V.DOT_MISTAKES, ids=lambda m: m.advice[:40])
def test_dot_names_every_mistake(mistake):
    """A function computing a known wrong formula fails with that mistake's advice."""

    def wrong(a, b):
        if len(a) != len(b):
            raise ValueError("lengths differ")
        return mistake.wrong(a, b)

    fails_with(check_dot, wrong, mistake.advice)


def test_dot_requires_value_error_plain_zip():
    """A zip() loop without a length check returns a number for different lengths: refused."""
    fails_with(check_dot, lambda a, b: sum(x * y for x, y in zip(a, b, strict=False)),
               "zip() silently stops early")


def test_dot_requires_value_error_broadcasting():
    """np.sum(a * b) on a length-1 vector broadcasts instead of failing: refused."""

    def broadcasting(a, b):
        a, b = np.asarray(a), np.asarray(b)
        return float(np.sum(a * b))

    fails_with(check_dot, broadcasting, "NumPy broadcasting stretches a length-1 vector")


def test_dot_wrong_exception_type_for_lengths():
    """An IndexError (loop over the longer vector) is named: raise ValueError instead."""

    def index_error(a, b):
        return sum(a[i] * b[i] for i in range(len(a)))

    fails_with(check_dot, index_error, "raised IndexError; for vectors of different lengths")


def test_dot_returning_array_is_not_a_number():
    """Returning the array of products of shape (n,) says a single number was expected."""
    fails_with(check_dot, lambda a, b: np.multiply(a, b), "did not add the products up")


# ---------------------------------------------------------------------------------------
# p_norm
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [p_norm_loop, p_norm_vectorised])
def test_p_norm_accepts_correct_versions(fn, capsys):
    """Loop and vectorised p-norms pass (ints, lists, p = 1.5 and inf included)."""
    check_p_norm(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ p_norm") and out.err == ""


def test_p_norm_cases_cover_lists_ints_and_inf():
    """The visible cases include a list, an int array, a non-integer p and p = inf."""
    assert any(isinstance(x, list) for x, _ in V.P_NORM_CASES)
    assert any(isinstance(x, np.ndarray) and x.dtype.kind == "i" for x, _ in V.P_NORM_CASES)
    assert any(p == 1.5 for _, p in V.P_NORM_CASES)
    assert any(p == np.inf for _, p in V.P_NORM_CASES)


@pytest.mark.parametrize("mistake", V.P_NORM_MISTAKES, ids=lambda m: m.advice[:40])
def test_p_norm_names_every_mistake(mistake):
    """A function computing a known wrong norm fails with that mistake's advice."""
    fails_with(check_p_norm, mistake.wrong, mistake.advice)


def test_p_norm_general_formula_for_inf():
    """The general formula applied to p = inf gives 1.0 and is told to special-case inf."""

    def no_branch(x, p):
        return np.sum(np.abs(np.asarray(x, dtype=float)) ** p) ** (1 / p)

    fails_with(check_p_norm, no_branch, "p = inf needs its own branch")


def test_p_norm_precedence_slip():
    """`s ** 1/p` (precedence) is named."""

    def precedence(x, p):
        x = np.abs(np.asarray(x, dtype=float))
        return x.max() if p == np.inf else np.sum(x**p) ** 1 / p

    fails_with(check_p_norm, precedence, "operator precedence")


# ---------------------------------------------------------------------------------------
# cosine_similarity
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [cosine_loop, cosine_vectorised])
def test_cosine_accepts_correct_versions(fn, capsys):
    """Cosine from the learner's own dot/p_norm (loop) or from NumPy passes."""
    check_cosine_similarity(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ cosine_similarity") and out.err == ""


@pytest.mark.parametrize("mistake", V.COSINE_MISTAKES, ids=lambda m: m.advice[:40])
def test_cosine_names_every_mistake(mistake):
    """A function computing a known wrong similarity fails with that mistake's advice."""
    fails_with(check_cosine_similarity, mistake.wrong, mistake.advice)


def test_cosine_expected_table_rederived():
    """COSINE_EXPECTED equals a·b / (|a| |b|) computed with NumPy on every case."""
    assert len(V.COSINE_CASES) == len(V.COSINE_EXPECTED)
    for (a, b), want in zip(V.COSINE_CASES, V.COSINE_EXPECTED, strict=True):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        assert math.isclose(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), want,
                            rel_tol=1e-12, abs_tol=1e-12)


# ---------------------------------------------------------------------------------------
# nearest_neighbours
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [neighbours_vectorised, neighbours_loop,
                                neighbours_normalise_first])
def test_neighbours_accepts_correct_versions(fn, capsys):
    """argsort of -similarity, a sorted loop, and reversed ascending order (a list) pass."""
    check_nearest_neighbours(fn)
    out = capsys.readouterr()
    assert out.out.startswith("✔ nearest_neighbours") and out.err == ""


def test_neighbours_table_rederived():
    """Each table row's cosine, dot and distance rankings match NumPy, with no tie at the cut."""
    words, embeddings = toys.toy_embeddings()
    assert len(words) == 14 and embeddings.shape == (14, 4)
    for _, (query, rows, k), ranking, dots, distances in V.NEIGHBOUR_TABLE:
        cos = rows @ query / (np.linalg.norm(rows, axis=1) * np.linalg.norm(query))
        raw = rows @ query
        dist = np.linalg.norm(rows - query, axis=1)
        assert np.argsort(-cos, kind="stable").tolist() == ranking
        assert np.argsort(-raw, kind="stable").tolist() == dots
        assert np.argsort(dist, kind="stable").tolist() == distances
        for values in (np.sort(cos)[::-1], np.sort(raw)[::-1], -np.sort(dist)):
            gaps = -np.diff(values[: k + 1])
            assert np.all(gaps > 1e-3), "a near-tie in the first k + 1 makes the check flaky"
        assert np.all(np.abs(np.diff(np.sort(cos))) > 1e-5), "ties in the full ranking"


def test_neighbours_cases_tell_the_mistakes_apart():
    """On the table, cosine, dot and distance rankings differ in their first k somewhere."""
    rows = [(r[:k], d[:k], e[:k]) for _, (_, _, k), r, d, e in V.NEIGHBOUR_TABLE]
    assert any(r != d for r, d, _ in rows) and any(r != e for r, _, e in rows)


@pytest.mark.parametrize("advice, transform", V.NEIGHBOUR_MISTAKES,
                         ids=[a[:40] for a, _ in V.NEIGHBOUR_MISTAKES])
def test_neighbours_names_every_mistake(advice, transform):
    """A function returning a known wrong ranking fails with that mistake's advice."""
    answers = [(args[0], args[1].shape, transform(r, d, e, args[2]))
               for _, args, r, d, e in V.NEIGHBOUR_TABLE]

    def wrong(query, embeddings, k):
        for known, shape, answer in answers:
            if np.array_equal(known, query) and shape == embeddings.shape:
                return answer
        raise AssertionError("unexpected case")

    fails_with(check_nearest_neighbours, wrong, advice)


def test_neighbours_real_dot_product_mistake():
    """Ranking by the raw dot product (written out, not a table lookup) is named."""
    fails_with(check_nearest_neighbours,
               lambda q, E, k: np.argsort(-(E @ q))[:k], "ranked by the raw dot product")


def test_neighbours_real_distance_mistake():
    """Ranking by Euclidean distance (written out) is named."""
    fails_with(check_nearest_neighbours,
               lambda q, E, k: np.argsort(np.linalg.norm(E - q, axis=1))[:k],
               "ranked by Euclidean distance")


def test_neighbours_real_ascending_slice_mistake():
    """argsort(sims)[-k:] (right rows, least similar first) is named."""
    fails_with(check_nearest_neighbours,
               lambda q, E, k: np.argsort(E @ q / np.linalg.norm(E, axis=1))[-k:],
               "right rows, wrong order")


def test_neighbours_in_place_normalisation():
    """Normalising the embeddings in place is refused: the caller's data would change."""
    fails_with(check_nearest_neighbours, neighbours_in_place, "in place")


def test_neighbours_similarity_values_returned():
    """Returning the similarities instead of indices says so."""
    fails_with(check_nearest_neighbours,
               lambda q, E, k: np.sort(E @ q / np.linalg.norm(E, axis=1))[::-1][:k],
               "look like similarity values")


def test_neighbours_words_returned():
    """Returning words (strings) instead of indices asks for row indices."""
    fails_with(check_nearest_neighbours, lambda q, E, k: ["cat"] * k,
               "return a list or array of row indices")


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "dot": check_dot,
    "p_norm": check_p_norm,
    "cosine_similarity": check_cosine_similarity,
    "nearest_neighbours": check_nearest_neighbours,
}


BAD_RETURNS = {
    "string": (lambda *args: "42", "returned a str"),
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("bad", BAD_RETURNS.values(), ids=BAD_RETURNS.keys())
def test_bad_returns_get_one_clear_sentence(checker, bad, capsys):
    """Returning a string gives its own one-line message, nothing on stderr."""
    fn, text = bad
    with pytest.raises(AssertionError, match=re.escape(text)) as info:
        checker(fn)
    assert_laid_out(str(info.value))
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["dot", "p_norm", "cosine_similarity"])
def test_nan_return_is_named(name):
    """A NaN result is called NaN, with 0/0 or sqrt of a negative suggested."""
    fails_with(CHECKERS[name], lambda *args: float("nan"), "contains NaN")


def test_nan_indices_are_named():
    """NaN in returned indices is called NaN or inf."""
    fails_with(check_nearest_neighbours, lambda q, E, k: [float("nan")] * k, "NaN or inf")


@pytest.mark.parametrize("name", ["dot", "p_norm", "cosine_similarity"])
def test_wrong_shape_is_named(name):
    """A scalar answer returned as an array of shape (1,) is a wrong shape."""
    reference = {"dot": np.dot, "p_norm": lambda x, p: np.linalg.norm(x, ord=p),
                 "cosine_similarity": cosine_vectorised}[name]

    def wrapped(*args):
        if name == "dot" and len(args[0]) != len(args[1]):
            raise ValueError("lengths differ")
        return np.array([reference(*args)])

    fails_with(CHECKERS[name], wrapped, "wrong shape")


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    with pytest.raises(AssertionError, match="not a function"):
        checker(3)


def test_checkers_write_nothing_to_stderr_on_failure(capsys):
    """Failing checks print nothing to stderr (nbgrader counts stderr as failure)."""
    for checker in CHECKERS.values():
        with pytest.raises(AssertionError):
            checker(lambda *args: None)
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------------------------------
# What the prompts forbid: a built-in dot product, @, a library norm
# ---------------------------------------------------------------------------------------


def dot_np(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    return float(np.dot(a, b))


def dot_matmul(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("lengths differ")
    return float(a @ b)


def dot_inner(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    return float(np.inner(a, b))


def p_norm_library(x, p):
    return float(np.linalg.norm(x, ord=p))


@pytest.mark.parametrize(("fn", "text"), [
    (dot_np, "dot calls dot()"), (dot_matmul, "dot uses the @ operator"),
    (dot_inner, "dot calls inner()"),
])
def test_dot_refuses_a_built_in_product(fn, text):
    """The prompt forbids np.dot, @ and np.inner; each is named, with the way to do it."""
    message = fails_with(check_dot, fn, text)
    assert "np.sum(a * b)" in message


def test_p_norm_refuses_a_library_norm():
    """The prompt forbids np.linalg.norm."""
    fails_with(check_p_norm, p_norm_library, "p_norm calls norm()")


def p_norm_floor_root(x, p):
    x = np.abs(np.asarray(x, dtype=float))
    if p == np.inf:
        return float(x.max())
    return float(np.sum(x**p) ** (1 // p))


def p_norm_skips_last(x, p):
    x = np.abs(np.asarray(x, dtype=float))
    if p == np.inf:
        return float(x[:-1].max())
    return float(sum(x[i] ** p for i in range(len(x) - 1)) ** (1 / p))


def test_p_norm_floor_division_is_named_not_a_factor():
    """1 // p makes the root ** 0: named, never 'a constant factor'."""
    message = fails_with(check_p_norm, p_norm_floor_root, "1 // p is floor division")
    assert "times the expected" not in message


def test_p_norm_loop_bound_is_named():
    fails_with(check_p_norm, p_norm_skips_last, "skips the last entry")
