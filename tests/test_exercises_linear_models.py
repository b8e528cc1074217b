"""The chapter 08 checkers (utils.exercises.linear_models), proven both ways without the notebook.

Correct alternatives pass (loops and vectorised forms, lists and arrays, generators, other
formulas); every named mistake fails with its diagnosis; bad returns get one sentence; the
tables inside the checkers are re-derived here by running SGD step by step, and the
numerical references are compared with the gradients' formulas.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest

import grading_cases.linear_models as cases
from conftest import fails_with
from utils.exercises import linear_models as L
from utils.exercises.linear_models import (
    check_bce_gradient,
    check_minibatches,
    check_mse_gradient,
    check_sgd,
    check_standardize,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

CHECKERS = {"mse-gradient": check_mse_gradient, "bce-gradient": check_bce_gradient,
            "minibatches": check_minibatches, "sgd": check_sgd, "standardize": check_standardize}
NAMES = {"mse-gradient": "mse_gradient", "bce-gradient": "bce_gradient",
         "minibatches": "minibatches", "sgd": "sgd", "standardize": "standardize"}


def define(source: str, name: str):
    """The function ``name`` defined by ``source`` (with np in its namespace)."""
    namespace = {"np": np}
    exec(textwrap.dedent(source), namespace)
    return namespace[name]


# ---------------------------------------------------------------------------------------
# The tests' own references
# ---------------------------------------------------------------------------------------


def design(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(len(X)), X])


def mse_formula(X, y, w):
    A = design(X)
    return 2 / len(A) * A.T @ (A @ np.asarray(w, dtype=float) - np.ravel(y))


def bce_formula(X, y, w):
    A = design(X)
    p = 1 / (1 + np.exp(-A @ np.asarray(w, dtype=float)))
    return A.T @ (p - np.ravel(np.asarray(y, dtype=float))) / len(A)


def minibatches_right(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]


VARIANTS = ("right", "not shuffled", "same order", "with replacement", "dropped last", "summed",
            "permutation per batch")


def sgd_by_steps(X, y, w0, lr, B, epochs, seed, variant="right"):
    """SGD run step by step, right or with one of the table's mistakes."""
    y = np.ravel(np.asarray(y, dtype=float))
    n, A = len(y), design(X)
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)
    once = rng.permutation(n) if variant == "same order" else None
    for _ in range(epochs):
        if variant in ("not shuffled", "with replacement", "permutation per batch"):
            order = np.arange(n)
        elif variant == "same order":
            order = once
        else:
            order = rng.permutation(n)
        if variant == "with replacement":
            batches = [rng.integers(n, size=B) for _ in range(math.ceil(n / B))]
        elif variant == "permutation per batch":
            batches = [rng.permutation(n)[:len(order[s:s + B])] for s in range(0, n, B)]
        else:
            starts = range(0, n - B + 1, B) if variant == "dropped last" else range(0, n, B)
            batches = [order[s:s + B] for s in starts]
        for b in batches:
            g = 2 * A[b].T @ (A[b] @ w - y[b])
            w = w - lr * (g if variant == "summed" else g / len(b))
    return w


def sgd_right(X, y, w0, lr, batch_size, epochs, seed):
    return sgd_by_steps(X, y, w0, lr, batch_size, epochs, seed)


def standardize_right(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


RIGHT = {"mse-gradient": mse_formula, "bce-gradient": bce_formula,
         "minibatches": minibatches_right, "sgd": sgd_right, "standardize": standardize_right}


# ---------------------------------------------------------------------------------------
# Tables and references, re-derived
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(L.SGD_CASES)))
def test_sgd_table_is_rederived_step_by_step(index):
    """Every entry of SGD_TABLE is what SGD (right, or with that mistake) gives on its case."""
    case = L.SGD_CASES[index]
    for variant in VARIANTS:
        assert np.allclose(L.SGD_TABLE[index][variant], sgd_by_steps(*case, variant=variant),
                           rtol=0, atol=1e-9), variant


@pytest.mark.parametrize("case", L.SGD_FULL_CASES)
def test_full_batch_cases_are_gradient_descent(case):
    """With one batch per epoch, the closed form equals SGD run step by step."""
    X, y, w0, lr, size, epochs, seed = case
    assert size >= len(y)
    assert np.allclose(L.closed_form_gd(X, y, w0, lr, epochs), sgd_right(*case), atol=1e-12)


def test_sgd_cases_cover_a_short_batch_an_even_split_and_the_example():
    """The table has a short last batch and an even split; the example of the task is first."""
    sizes = [(len(np.ravel(c[1])), c[4]) for c in L.SGD_TABLE_CASES]
    assert any(n % b for n, b in sizes) and any(n % b == 0 for n, b in sizes)
    assert np.allclose(L.SGD_TABLE[0]["right"], [0.90666667, 1.32444444])
    distinct = [tuple(np.round(L.SGD_TABLE[3][v], 6)) for v in VARIANTS]
    assert len(set(distinct)) == len(VARIANTS), "each mistake gives its own answer"


@pytest.mark.parametrize(("reference", "formula", "table"), [
    (L.numerical_mse_gradient, mse_formula, L.MSE_CASES),
    (L.numerical_bce_gradient, bce_formula, L.BCE_CASES),
])
def test_central_differences_match_the_formulas(reference, formula, table):
    """The checkers' numerical references agree with the gradients' formulas."""
    for X, y, w in table:
        assert np.allclose(reference(X, y, w), formula(X, y, w), rtol=1e-7, atol=1e-9)


def test_gradient_cases_keep_samples_and_features_apart():
    """Beyond the examples, N is never d or d + 1, so dividing by the features shows."""
    for X, _, w in L.MSE_CASES[1:] + L.BCE_CASES[1:]:
        n, d = np.shape(X)
        assert n not in (d, d + 1, 1) and len(w) == d + 1


def test_the_examples_of_the_tasks():
    """The numbers printed in the tasks."""
    assert np.allclose(mse_formula([[1.0], [2.0]], [1.0, 3.0], [0.0, 1.0]), [-1.0, -2.0])
    assert np.allclose(bce_formula([[1.0], [-1.0]], [1, 0], [0.0, 0.0]), [0.0, -0.5])
    batches = minibatches_right(5, 2, np.random.default_rng(0))
    assert [b.tolist() for b in batches] == [[2, 4], [3, 0], [1]]
    train, test = standardize_right([[0.0], [2.0]], [[4.0]])
    assert np.allclose(train, [[-1.0], [1.0]]) and np.allclose(test, [[3.0]])


# ---------------------------------------------------------------------------------------
# Right answers pass; the mistakes of the grading cases fail with their phrase
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade_id", CHECKERS)
def test_right_answers_pass(grade_id, capsys):
    """The tests' own references pass, with one ✔ line."""
    CHECKERS[grade_id](RIGHT[grade_id])
    assert capsys.readouterr().out.startswith("✔")


@pytest.mark.parametrize("grade_id", CHECKERS)
def test_alternatives_pass(grade_id, capsys):
    """The grading cases' alternatives (loops, lists, generators) pass."""
    CHECKERS[grade_id](define(cases.ALTERNATIVES[grade_id], NAMES[grade_id]))
    assert "✔" in capsys.readouterr().out


ALL_MISTAKES = [(gid, source, phrase) for rounds in ((cases.MISTAKES,), cases.MORE_MISTAKES)
                for round_ in rounds for gid, (source, phrase) in round_.items()]


@pytest.mark.parametrize(("grade_id", "source", "phrase"), ALL_MISTAKES,
                         ids=[f"{g}-{p[:20]}" for g, _, p in ALL_MISTAKES])
def test_grading_case_mistakes_are_named(grade_id, source, phrase):
    """Each mistake of the grading cases fails its checker with its phrase."""
    fails_with(CHECKERS[grade_id], define(source, NAMES[grade_id]), phrase)


def test_every_listed_mistake_is_in_the_grading_cases():
    """The issue's list: (N, N), missing bias, features, sum, ±1 labels, shuffling, an epoch,
    the last batch, and the test set's statistics, each proven through nbgrader."""
    phrases = {phrase for _, _, phrase in ALL_MISTAKES}
    for needed in ("(N, N) table", "leaves out the bias", "number of features",
                   "summed over the samples", "summed the batch's gradient", "labels in {−1, 1}",
                   "not shuffled", "with replacement", "sampled with replacement",
                   "dropped the last partial batch", "with its own mean",
                   "training and the test set together"):
        assert needed in phrases, needed


# ---------------------------------------------------------------------------------------
# More mistakes of the two gradients
# ---------------------------------------------------------------------------------------


def mse_variant(residual=None, scale=2.0, divide="N", bias="first", entries="all"):
    """A wrong mse_gradient built from parts (for the mistakes below)."""
    def gradient(X, y, w):
        X = np.asarray(X, dtype=float)
        w = np.asarray(w, dtype=float)
        A = np.column_stack([np.ones(len(X)), X]) if bias == "first" else (
            np.column_stack([X, np.ones(len(X))]))
        r = A @ w - np.ravel(y) if residual is None else residual(A, X, w, y)
        n = {"N": len(X), "d": X.shape[1], "d+1": X.shape[1] + 1, "1": 1}[divide]
        g = scale / n * A.T @ r
        return g[1:] if entries == "features" else g
    return gradient


@pytest.mark.parametrize(("fn", "phrase"), [
    (mse_variant(divide="d"), "number of features d"),
    (mse_variant(divide="d+1"), "d + 1, the number of weights"),
    (mse_variant(divide="1"), "summed over the samples"),
    (mse_variant(scale=1.0), "a factor 2 is missing"),
    (mse_variant(entries="features"), "the bias w[0] needs its own"),
    (mse_variant(bias="last"), "column of ones is at the end"),
    (mse_variant(residual=lambda A, X, w, y: X @ w[1:] - np.ravel(y)), "leaves out the bias"),
    (mse_variant(residual=lambda A, X, w, y: np.ravel(y) - A @ w), "sign is flipped"),
])
def test_mse_gradient_mistakes(fn, phrase):
    """Each slip of the squared error's gradient is named."""
    fails_with(check_mse_gradient, fn, phrase)


def test_mse_gradient_forgot_the_column_of_ones():
    """X @ w with w one entry longer than X is wide: the missing column is named."""
    def no_column(X, y, w):
        X = np.asarray(X, dtype=float)
        return 2 / len(X) * X.T @ (X @ np.asarray(w, dtype=float) - np.ravel(y))
    message = fails_with(check_mse_gradient, no_column, "forget the column of ones")
    assert "d + 1 = 2 entries" in message


def test_mse_gradient_any_table_shape_is_named():
    """A (d + 1, N) result that no formula explains still reads as the broadcast."""
    def table(X, y, w):
        A = design(X)
        return 3 * A.T @ ((A @ np.asarray(w))[:, None] - np.ravel(y))
    fails_with(check_mse_gradient, table, "(N, N) table")


def bce_variant(link=None, labels=None, extra=None, scale=1.0):
    def gradient(X, y, w):
        A = design(X)
        z = A @ np.asarray(w, dtype=float)
        p = (1 / (1 + np.exp(-z))) if link is None else link(z)
        t = np.ravel(np.asarray(y, dtype=float))
        t = t if labels is None else labels(t)
        r = p - t if extra is None else extra(p, t)
        return scale * A.T @ r / len(A)
    return gradient


@pytest.mark.parametrize(("fn", "phrase"), [
    (bce_variant(labels=lambda t: 2 * t - 1), "turned the labels into −1 and 1"),
    (bce_variant(link=lambda z: z), "used the logits z"),
    (bce_variant(extra=lambda p, t: (p - t) * p * (1 - p)), "sigmoid's slope"),
    (bce_variant(scale=2.0), "an extra factor 2"),
    (bce_variant(extra=lambda p, t: t - p), "sign is flipped"),
])
def test_bce_gradient_mistakes(fn, phrase):
    """Each slip of the cross-entropy's gradient is named."""
    fails_with(check_bce_gradient, fn, phrase)


def test_bce_gradient_accepts_a_stable_sigmoid_and_booleans(capsys):
    """np.logaddexp for the sigmoid, and labels used as booleans, pass."""
    def stable(X, y, w):
        A = design(X)
        z = A @ np.asarray(w, dtype=float)
        return A.T @ (np.exp(-np.logaddexp(0, -z)) - np.ravel(y).astype(bool)) / len(A)
    check_bce_gradient(stable)
    assert "✔" in capsys.readouterr().out


@pytest.mark.parametrize(("checker", "fn", "phrase"), [
    (check_mse_gradient, lambda X, y, w: None, "returned None"),
    (check_mse_gradient, lambda X, y, w: "gradient", "not numbers"),
    (check_mse_gradient, lambda X, y, w: np.full(len(w), np.nan), "NaN"),
    (check_bce_gradient, lambda X, y, w: 1 / 0, "raised ZeroDivisionError"),
    (check_bce_gradient, lambda X, y, w: np.zeros((len(w), 2)), "wrong shape"),
])
def test_gradients_bad_returns(checker, fn, phrase):
    """None, a string, NaN, an exception and a wrong shape each get one sentence."""
    fails_with(checker, fn, phrase)


def test_gradient_that_changes_its_input_is_refused():
    """Changing X in place is named."""
    def in_place(X, y, w):
        X = np.asarray(X)
        result = mse_formula(X, y, w)
        X *= 2
        return result
    fails_with(check_mse_gradient, in_place, "changed X in place")


# ---------------------------------------------------------------------------------------
# More mistakes of minibatches
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fn", "phrase"), [
    (lambda n, b, rng: [rng.permutation(n)[s:s + b] for s in range(0, n + b, b)], "empty"),
    (lambda n, b, rng: rng.permutation(n), "one flat sequence"),
    (lambda n, b, rng: [rng.permutation(n)[s:s + b] for s in range(0, n, b)],
     "sampled with replacement"),
    (lambda n, b, rng: [a.astype(float) for a in minibatches_right(n, b, rng)], "integers"),
    (lambda n, b, rng: [a + 1 for a in minibatches_right(n, b, rng)], "out of range"),
    (lambda n, b, rng: minibatches_right(n, b, np.random.default_rng(123)),
     "not in the order of rng.permutation(n)"),
    (lambda n, b, rng: np.array_split(rng.permutation(n), max(1, -(-n // b))),
     "your batch sizes are"),
    (lambda n, b, rng: None, "returned None"),
    (lambda n, b, rng: 5, "not a list of batches"),
])
def test_minibatches_mistakes(fn, phrase):
    """Empty batches, a flat array, per-batch shuffles, floats, another order, sizes."""
    fails_with(check_minibatches, fn, phrase)


def test_minibatches_choice_without_replacement_is_another_order():
    """rng.choice(n, n, replace=False) shuffles too, but not as rng.permutation(n) does."""
    def choice(n, b, rng):
        order = rng.choice(n, size=n, replace=False)
        return [order[s:s + b] for s in range(0, n, b)]
    fails_with(check_minibatches, choice, "rng.choice")


def test_minibatches_dropped_last_unshuffled():
    """Dropping the last batch is named even when the order is wrong as well."""
    def both(n, b, rng):
        return [np.arange(s, s + b) for s in range(0, n - b + 1, b)]
    fails_with(check_minibatches, both, "dropped the last partial batch")


def test_minibatches_generator_and_lists_pass(capsys):
    """A generator of lists passes."""
    def lists(n, b, rng):
        order = rng.permutation(n).tolist()
        for s in range(0, n, b):
            yield order[s:s + b]
    check_minibatches(lists)
    assert "✔" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# More mistakes of sgd
# ---------------------------------------------------------------------------------------


def sgd_variant(variant):
    return lambda X, y, w0, lr, b, e, seed: sgd_by_steps(X, y, w0, lr, b, e, seed, variant)


@pytest.mark.parametrize(("variant", "phrase"), [
    ("not shuffled", "not shuffled"), ("same order", "same order"),
    ("with replacement", "with replacement"), ("dropped last", "dropped the last partial"),
    ("summed", "summed the batch's gradient"),
    ("permutation per batch", "a new permutation for every batch"),
])
def test_sgd_table_mistakes(variant, phrase):
    """Each mistake of the table is named."""
    fails_with(check_sgd, sgd_variant(variant), phrase)


def test_sgd_reseeded_every_epoch():
    """A new default_rng(seed) in every epoch repeats one order: named."""
    def reseeded(X, y, w0, lr, b, epochs, seed):
        w = np.array(w0, dtype=float)
        for _ in range(epochs):
            rng = np.random.default_rng(seed)
            for batch in minibatches_right(len(y), b, rng):
                w = w - lr * mse_formula(np.asarray(X)[batch], np.asarray(y)[batch], w)
        return w
    fails_with(check_sgd, reseeded, "same order")


@pytest.mark.parametrize(("extra", "phrase"), [(1, "one epoch too many"), (-1, "one epoch too few")])
def test_sgd_epochs_off_by_one(extra, phrase):
    """One epoch more or fewer is named."""
    def off(X, y, w0, lr, b, epochs, seed):
        return sgd_right(X, y, w0, lr, b, epochs + extra, seed)
    fails_with(check_sgd, off, phrase)


def test_sgd_returning_w0_and_changing_it():
    """Returning w0 unchanged, or updating it in place, is named."""
    fails_with(check_sgd, lambda X, y, w0, lr, b, e, seed: np.array(w0, dtype=float),
               "you returned w0")

    def in_place(X, y, w0, lr, b, e, seed):
        w = np.asarray(w0)
        w -= 0.0 * w
        result = sgd_right(X, y, w0, lr, b, e, seed)
        w += 1.0
        return result
    fails_with(check_sgd, in_place, "changed w0 in place")


def test_sgd_bad_returns():
    """None and a wrong shape get one sentence."""
    fails_with(check_sgd, lambda *args: None, "returned None")
    fails_with(check_sgd, lambda X, y, w0, *rest: np.zeros((2, len(w0))), "wrong shape")


# ---------------------------------------------------------------------------------------
# More mistakes of standardize
# ---------------------------------------------------------------------------------------


def standardize_with(mean_of, std_of, order=(0, 1)):
    def standardize(X_train, X_test):
        train, test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
        m, s = mean_of(train, test), std_of(train, test)
        pair = ((train - m) / s, (test - m) / s)
        return pair[order[0]], pair[order[1]]
    return standardize


@pytest.mark.parametrize(("fn", "phrase"), [
    (standardize_with(lambda tr, te: te.mean(0), lambda tr, te: te.std(0)),
     "both sets with the test set's statistics"),
    (standardize_with(lambda tr, te: tr.mean(0), lambda tr, te: tr.var(0)), "the variance"),
    (standardize_with(lambda tr, te: tr.mean(0), lambda tr, te: 1.0), "only subtracted"),
    (standardize_with(lambda tr, te: 0.0, lambda tr, te: tr.std(0)), "only divided"),
    (standardize_with(lambda tr, te: tr.mean(), lambda tr, te: tr.std()), "axis=0"),
    (standardize_with(lambda tr, te: tr.mean(0), lambda tr, te: tr.std(0), (1, 0)),
     "order (train_scaled, test_scaled)"),
])
def test_standardize_mistakes(fn, phrase):
    """Test-set statistics, the variance, half the job, the wrong axis, the wrong order."""
    fails_with(check_standardize, fn, phrase)


def test_standardize_bad_returns():
    """One array, None, and a change in place each get one sentence."""
    fails_with(check_standardize, lambda tr, te: standardize_right(tr, te)[0], "return both")
    fails_with(check_standardize, lambda tr, te: None, "returned None")

    def in_place(tr, te):
        tr = np.asarray(tr, dtype=float)
        result = standardize_right(tr, te)
        tr -= tr.mean(axis=0)
        return result
    fails_with(check_standardize, in_place, "changed X_train in place")
