"""The chapter 00 checkers (utils.exercises.start_here), proven both ways without the notebook.

Correct alternatives pass (loop and vectorised, lists and arrays, ints and floats); every
named mistake fails with its diagnosis; bad returns get one clear sentence, never an
internal error; the fixed tables inside the checker are re-derived here with NumPy.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from conftest import assert_laid_out
from utils.exercises import start_here as S
from utils.exercises.start_here import (
    check_close_enough,
    check_mean_squared_error,
    check_standardize,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

# ---------------------------------------------------------------------------------------
# Correct implementations, written the ways a learner might
# ---------------------------------------------------------------------------------------


def standardize_vectorised(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def standardize_loop(X):
    out = np.empty(X.shape)
    for j in range(X.shape[1]):
        column = X[:, j]
        out[:, j] = (column - column.mean()) / column.std()
    return out


def standardize_keepdims(X):
    mean = np.mean(X, axis=0, keepdims=True)
    return (X - mean) / np.sqrt(np.mean((X - mean) ** 2, axis=0, keepdims=True))


def mse_vectorised(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def mse_dot(y_true, y_pred):
    d = np.subtract(y_true, y_pred)
    return d @ d / len(d)  # a NumPy scalar, not a Python float


def mse_loop(y_true, y_pred):
    total = 0.0
    for t, p in zip(y_true, y_pred, strict=True):
        total += (t - p) ** 2
    return total / len(y_true)


def mse_comprehension(y_true, y_pred):
    return np.mean([(t - p) ** 2 for t, p in zip(y_true, y_pred, strict=True)])


def mse_builtin_sum(y_true, y_pred):
    d = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return sum(d * d) / len(d)


def close_formula(a, b, rel_tol=1e-9, abs_tol=0.0):
    return abs(a - b) <= max(rel_tol * max(abs(a), abs(b)), abs_tol)


def close_either(a, b, rel_tol=1e-9, abs_tol=0.0):
    diff = abs(a - b)
    return diff <= rel_tol * abs(a) or diff <= rel_tol * abs(b) or diff <= abs_tol


def close_numpy(a, b, rel_tol=1e-9, abs_tol=0.0):
    return np.abs(a - b) <= np.maximum(rel_tol * np.maximum(np.abs(a), np.abs(b)), abs_tol)


def failure(check, fn) -> str:
    """The message ``check(fn)`` fails with (the test fails if it passes)."""
    with pytest.raises(AssertionError) as info:
        check(fn)
    return str(info.value)


# ---------------------------------------------------------------------------------------
# standardize
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [standardize_vectorised, standardize_loop, standardize_keepdims])
def test_standardize_accepts_correct_versions(fn, capsys):
    """Vectorised, per-column loop and keepdims versions all pass with one line of output."""
    check_standardize(fn)
    out = capsys.readouterr()
    assert out.out.strip() == f"✔ standardize: all {len(S.STANDARDIZE_CASES)} checks passed."
    assert out.err == ""


def test_standardize_accepts_int_valued_input():
    """Float arrays holding whole numbers (and the house data) are fine inputs."""
    check_standardize(standardize_vectorised,
                      cases=(np.array([[1.0, 2.0], [3.0, 7.0], [5.0, 0.0]]),))


STANDARDIZE_MISTAKES = {
    "rows": (lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True),
             "your rows have mean 0, not your columns"),
    "not-centred": (lambda X: X / X.std(axis=0), "the columns do not have mean 0"),
    "global-mean": (lambda X: (X - X.mean()) / X.std(axis=0), "the columns do not have mean 0"),
    "ddof-1": (lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), "ddof=1"),
    "not-scaled": (lambda X: X - X.mean(axis=0), "centred but not scaled"),
    "variance": (lambda X: (X - X.mean(axis=0)) / X.var(axis=0), "divided by the variance"),
    "global-std": (lambda X: (X - X.mean(axis=0)) / X.std(),
                   "one standard deviation of the whole array"),
    "flipped": (lambda X: (X.mean(axis=0) - X) / X.std(axis=0), "is flipped"),
    "sorted": (lambda X: np.sort(standardize_vectorised(X), axis=0), "did you sort"),
    "transposed": (lambda X: standardize_vectorised(X).T, "transposed"),
}


@pytest.mark.parametrize("name", list(STANDARDIZE_MISTAKES))
def test_standardize_names_each_mistake(name):
    """Each known wrong standardisation fails with its own diagnosis."""
    fn, phrase = STANDARDIZE_MISTAKES[name]
    assert phrase in failure(check_standardize, fn)


def test_standardize_catches_in_place_change():
    """Modifying X in place is caught even when the returned values are right."""
    def in_place(X):
        X -= X.mean(axis=0)
        X /= X.std(axis=0)
        return X

    assert "changed X in place" in failure(check_standardize, in_place)


def test_standardize_accepts_a_list(capsys):
    """The course's list rule: a nested list of the right numbers counts as the array."""
    check_standardize(lambda X: standardize_vectorised(X).tolist())
    assert "✔ standardize" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------
# mean_squared_error
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [mse_vectorised, mse_dot])
def test_mse_accepts_vectorised_versions(fn, capsys):
    """Vectorised versions pass (Python float or NumPy scalar) with the one success line."""
    check_mean_squared_error(fn)
    out = capsys.readouterr()
    assert out.out.strip() == f"✔ mean_squared_error: all {len(S.MSE_TABLE)} checks passed."
    assert out.err == ""


@pytest.mark.parametrize(("fn", "loop"), [(mse_loop, "a for loop"),
                                          (mse_comprehension, "a comprehension"),
                                          (mse_builtin_sum, "built-in sum()")])
def test_mse_accepts_loops_but_says_so(fn, loop, capsys):
    """A correct loop passes; its success line names the loop and asks for vectorised code."""
    check_mean_squared_error(fn)
    out = capsys.readouterr().out.strip()
    assert out.startswith("✔ mean_squared_error: all") and loop in out and "vectorised" in out
    assert "\n" not in out


def test_mse_table_mixes_lists_arrays_ints_and_floats():
    """The fixed cases include Python lists, NumPy arrays, ints and floats."""
    kinds = {(type(args[0]).__name__, np.asarray(args[0]).dtype.kind) for args, _ in S.MSE_TABLE}
    assert ("list", "f") in kinds and ("ndarray", "f") in kinds and ("ndarray", "i") in kinds


def test_mse_table_values_rederived():
    """Every expected value in MSE_TABLE equals NumPy's mean of squared differences."""
    for (y_true, y_pred), want in S.MSE_TABLE:
        assert math.isclose(np.mean(np.square(np.subtract(y_true, y_pred))), want, abs_tol=1e-12)


def test_mse_hints_at_asarray_for_lists():
    """Subtracting two lists (TypeError) is explained: convert with np.asarray."""
    message = failure(check_mean_squared_error, lambda t, p: np.mean((t - p) ** 2))
    assert "np.asarray" in message and "TypeError" in message


MSE_MISTAKES = {
    "abs": (lambda t, p: np.mean(np.abs(np.subtract(t, p))), "averaged |error|"),
    "rmse": (lambda t, p: np.sqrt(np.mean(np.square(np.subtract(t, p)))), "RMSE"),
    "n-1": (lambda t, p: np.sum(np.square(np.subtract(t, p))) / (len(t) - 1), "n - 1"),
    "mean-then-square": (lambda t, p: np.mean(np.subtract(t, p)) ** 2,
                         "averaged the errors before squaring"),
    "signed": (lambda t, p: np.mean(np.subtract(t, p)), "without squaring"),
    "sum": (lambda t, p: np.sum(np.square(np.subtract(t, p))), "missing 1/n"),
    "no-reduction": (lambda t, p: np.square(np.subtract(t, p)), "expected a single number"),
}


@pytest.mark.parametrize("name", list(MSE_MISTAKES))
def test_mse_names_each_mistake(name):
    """Each known wrong MSE fails with its own diagnosis."""
    fn, phrase = MSE_MISTAKES[name]
    assert phrase in failure(check_mean_squared_error, fn)


# ---------------------------------------------------------------------------------------
# close_enough
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [close_formula, close_either, close_numpy])
def test_close_enough_accepts_correct_versions(fn, capsys):
    """The formula, an 'either tolerance' version and a NumPy (np.bool_) version all pass."""
    check_close_enough(fn)
    out = capsys.readouterr()
    assert out.out.strip() == f"✔ close_enough: all {len(S.CLOSE_ENOUGH_CASES)} checks passed."
    assert out.err == ""


def test_close_enough_accepts_int_inputs():
    """Ints work as well as floats."""
    check_close_enough(close_formula, cases=((3, 3), (3, 4), (3, 4, 0.5), (0, 1, 1e-9, 2)))


def test_close_enough_table_rederived():
    """The checker's expected answers equal the rule computed with NumPy."""
    for case in S.CLOSE_ENOUGH_CASES:
        a, b, r, t = (tuple(case) + (1e-9, 0.0))[:4]
        rule = bool(np.abs(a - b) <= np.maximum(r * np.maximum(np.abs(a), np.abs(b)), t))
        assert rule == math.isclose(a, b, rel_tol=r, abs_tol=t), case


CLOSE_MISTAKES = {
    "equality": (lambda a, b, r=1e-9, t=0.0: a == b, "you compared with =="),
    "no-abs": (lambda a, b, r=1e-9, t=0.0: (a - b) <= max(r * max(abs(a), abs(b)), t),
               "forgot abs()"),
    "b-only": (lambda a, b, r=1e-9, t=0.0: abs(a - b) <= max(r * abs(b), t), "by |b| only"),
    "both": (lambda a, b, r=1e-9, t=0.0: abs(a - b) <= min(r * max(abs(a), abs(b)), t),
             "either one is enough"),
    "no-abs-tol": (lambda a, b, r=1e-9, t=0.0: abs(a - b) <= r * max(abs(a), abs(b)),
                   "ignored abs_tol"),
    "strict": (lambda a, b, r=1e-9, t=0.0: abs(a - b) < max(r * max(abs(a), abs(b)), t),
               "you used <"),
}


@pytest.mark.parametrize("name", list(CLOSE_MISTAKES))
def test_close_enough_names_each_mistake(name):
    """Each known wrong comparison fails with its own diagnosis."""
    fn, phrase = CLOSE_MISTAKES[name]
    assert phrase in failure(check_close_enough, fn)


def test_close_enough_cases_separate_every_mistake():
    """On the fixed cases, each named mistake disagrees with the right rule somewhere."""
    truth = [close_formula(*c) for c in S.CLOSE_ENOUGH_CASES]
    for mistake in S.CLOSE_ENOUGH_MISTAKES:
        assert [mistake.wrong(*c) for c in S.CLOSE_ENOUGH_CASES] != truth, mistake.advice


def close_math_isclose(a, b, rel_tol=1e-9, abs_tol=0.0):
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def close_np_isclose(a, b, rel_tol=1e-9, abs_tol=0.0):
    return bool(np.isclose(a, b, rtol=rel_tol, atol=abs_tol))


@pytest.mark.parametrize("fn", [close_math_isclose, close_np_isclose])
def test_close_enough_refuses_isclose(fn):
    """Calling math.isclose or np.isclose fails: the exercise is to write the rule."""
    assert "calls isclose()" in failure(check_close_enough, fn)


@pytest.mark.parametrize(("result", "phrase"), [(None, "returned None"),
                                                ("True", "return True or False"),
                                                (1, "return True or False")])
def test_close_enough_wants_a_bool(result, phrase):
    """None, a string or an int instead of a bool each get one clear sentence."""
    assert phrase in failure(check_close_enough, lambda a, b, r=1e-9, t=0.0: result)


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: a sentence, never an internal error, nothing on stderr
# ---------------------------------------------------------------------------------------


def raise_value_error(*args):
    raise ValueError("boom")


def not_implemented(*args):
    raise NotImplementedError()


CHECKS = {"standardize": check_standardize, "mean_squared_error": check_mean_squared_error,
          "close_enough": check_close_enough}


@pytest.mark.parametrize("name", list(CHECKS))
def test_stub_says_not_implemented(name):
    """The blank release's NotImplementedError stub is named as such."""
    assert "is not implemented yet" in failure(CHECKS[name], not_implemented)


@pytest.mark.parametrize("name", list(CHECKS))
def test_exception_is_reported_with_its_input(name):
    """An exception inside the learner's code is reported with its type and message."""
    message = failure(CHECKS[name], raise_value_error)
    assert "raised ValueError: boom" in message and f"{name}(" in message


@pytest.mark.parametrize("name", list(CHECKS))
def test_not_a_function(name):
    """A variable that is not a function (overwritten name) is reported."""
    assert "not a function" in failure(CHECKS[name], 42)


@pytest.mark.parametrize("name", ["standardize", "mean_squared_error"])
def test_none_asks_for_return(name):
    """Returning None points at a missing return statement."""
    assert "returned None" in failure(CHECKS[name], lambda *args: None)


@pytest.mark.parametrize("name", ["standardize", "mean_squared_error"])
def test_string_is_not_numbers(name):
    """Returning a string is reported as not numbers."""
    assert "returned a str" in failure(CHECKS[name], lambda *args: "oops")


def test_standardize_nan():
    """NaN in the result is named."""
    message = failure(check_standardize, lambda X: np.full(X.shape, np.nan))
    assert "contains NaN" in message


def test_mse_nan():
    """NaN instead of a number is named."""
    assert "contains NaN" in failure(check_mean_squared_error, lambda t, p: float("nan"))


def test_standardize_wrong_shape():
    """A result with a column missing is a wrong shape, with both shapes."""
    message = failure(check_standardize, lambda X: standardize_vectorised(X)[:, :-1])
    assert "wrong shape" in message and "(same as X)" in message


def test_mse_wrong_shape():
    """Two numbers instead of one are reported as a shape problem."""
    message = failure(check_mean_squared_error, lambda t, p: np.array([1.0, 2.0]))
    assert "expected a single number" in message or "wrong shape" in message


MISBEHAVING = [(check, fn) for check in CHECKS.values()
               for fn in (not_implemented, raise_value_error, lambda *a: None, lambda *a: "x",
                          lambda *a: float("nan"), lambda *a: [[1, 2], [3]])]


@pytest.mark.parametrize(("check", "fn"), MISBEHAVING)
def test_failures_are_one_sentence_on_stdout_only(check, fn, capsys):
    """Whatever comes back, the failure is an AssertionError with a short message; no stderr."""
    message = failure(check, fn)
    assert "Traceback" not in message
    assert_laid_out(message)
    assert capsys.readouterr().err == ""


def test_close_enough_mistakes_have_distinct_fingerprints():
    """No two named mistakes agree on every case, so a diagnosis is never ambiguous."""
    prints = [tuple(m.wrong(*c) for c in S.CLOSE_ENOUGH_CASES) for m in S.CLOSE_ENOUGH_MISTAKES]
    assert len(set(prints)) == len(prints)


def test_close_enough_failure_shows_different_numbers():
    """The first case an == comparison fails on shows two visibly different numbers."""
    message = failure(check_close_enough, CLOSE_MISTAKES["equality"][0])
    assert message.startswith("you compared with ==")
    assert "\n  input:    close_enough(101, 100, 0.00995)\n" in message


# ---------------------------------------------------------------------------------------
# Loop bounds and floor division are named; a cause is never guessed from one number
# ---------------------------------------------------------------------------------------


def mse_skips_last(y_true, y_pred):
    total = 0.0
    for i in range(len(y_true) - 1):
        total += (y_true[i] - y_pred[i]) ** 2
    return total / len(y_true)


def mse_skips_first(y_true, y_pred):
    total = 0.0
    for i in range(1, len(y_true)):
        total += (y_true[i] - y_pred[i]) ** 2
    return total / len(y_true)


def mse_floor_division(y_true, y_pred):
    errors = np.asarray(y_true) - np.asarray(y_pred)
    return float(np.sum(errors**2) // len(errors))


@pytest.mark.parametrize(("fn", "phrase"), [
    (mse_skips_last, "skips the last pair"), (mse_skips_first, "skips the first pair"),
    (mse_floor_division, "// is floor division"),
])
def test_mse_loop_bounds_and_floor_division_are_named(fn, phrase):
    """An off-by-one loop is not called 'a constant factor'; // is named."""
    message = failure(check_mean_squared_error, fn)
    assert message.startswith(phrase) or phrase in message.splitlines()[0], message
    assert "constant factor" not in message and "times the expected" not in message


def test_mse_unknown_mistake_says_what_it_saw():
    """A wrong answer no known mistake explains is shown as observed, with no guessed cause."""
    message = failure(check_mean_squared_error,
                      lambda t, p: float(np.mean((np.asarray(t) - np.asarray(p)) ** 2)) + 0.1)
    assert message.startswith("mean_squared_error gave a wrong result")
    assert "Likely cause" not in message and "factor" not in message
    assert_laid_out(message)


def standardize_one_pass(X):
    mean = X.mean(axis=0)
    std = np.sqrt((X**2).mean(axis=0) - mean**2)
    return (X - mean) / std


def test_standardize_cancellation_is_named_on_a_large_offset():
    """E[x²] − E[x]² is right near 0 and wrong far from it: the offset case names it."""
    message = failure(check_standardize, standardize_one_pass)
    assert message.startswith("your formula is right for data near 0"), message
