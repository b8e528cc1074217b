"""Unit tests of the checker framework (utils.check), including fuzzing bad returns."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import check
from utils.answers import answer_hash
from utils.check import Mistake, check_function

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")

CASES = [(np.array([1.0, 2.0, 3.0]),), (np.array([4.0, -1.0]),)]


def run(fn, **kwargs):
    """Check ``fn`` against a cumulative-sum reference; return the failure text or ''."""
    try:
        check_function(fn, CASES, np.cumsum, name="cumsum", **kwargs)
    except AssertionError as error:
        return str(error)
    return ""


def test_success_prints_one_line_on_stdout(capsys):
    """A correct function passes with one short line on stdout and nothing on stderr."""
    assert run(np.cumsum) == ""
    out, err = capsys.readouterr()
    assert out == "✔ cumsum: all 2 checks passed.\n" and err == ""


def test_list_or_tuple_return_is_accepted():
    """One rule for every checker: a list or tuple of the right numbers counts as an array."""
    assert run(lambda x: list(np.cumsum(x))) == ""
    assert run(lambda x: tuple(float(v) for v in np.cumsum(x))) == ""


def test_none_is_named():
    """Returning None says 'missing return'."""
    assert "returned None — did you forget `return`?" in run(lambda x: None)


def test_exception_is_named_with_its_input():
    """An exception is reported with its type, message and the input that raised it."""
    message = run(lambda x: x[10])
    assert "raised IndexError" in message and "cumsum(array([1., 2., 3.]))" in message


def test_stub_is_named():
    """The release's NotImplementedError says the exercise is not done yet."""
    def stub(x):
        raise NotImplementedError()
    assert "not implemented yet" in run(stub)


def test_not_a_function_is_named():
    """Overwriting the function with a value is caught."""
    assert "not a function" in run(42)


def test_sign_is_named():
    """A flipped sign is named."""
    assert "sign is flipped" in run(lambda x: -np.cumsum(x))


def test_factor_n_is_named():
    """A result n times too large names the missing 1/n with n."""
    message = run(lambda x: np.cumsum(x) * len(x))
    assert "missing 1/n (n = 3)" in message


def test_factor_two_is_named():
    """A result twice too large is named."""
    assert "twice" in run(lambda x: 2 * np.cumsum(x))


def test_nan_is_named():
    """NaN in the result is named."""
    assert "NaN" in run(lambda x: np.full(len(x), np.nan))


def test_wrong_shape_is_named():
    """A result of the wrong shape reports both shapes."""
    message = run(lambda x: np.cumsum(x)[:, None] @ np.ones((1, 2)))
    assert "wrong shape: expected (3,), got (3, 2)" in message


def test_right_numbers_wrong_shape():
    """The right numbers in an extra axis are called out as such."""
    assert "right numbers, wrong shape" in run(lambda x: np.cumsum(x)[:, None])


def test_string_return_is_named():
    """A string is not numbers."""
    assert "returned a str" in run(lambda x: "1, 3, 6")


def test_input_mutation_is_named():
    """A function that modifies its input in place is caught."""
    def in_place(x):
        x += 1
        return np.cumsum(x - 1)
    assert "changed its input" in run(in_place)


def test_exercise_mistake_takes_priority():
    """A listed mistake is named before generic diagnoses."""
    mistake = Mistake("you summed instead of accumulating.", lambda x: np.sum(x))
    assert "you summed instead" in run(lambda x: np.sum(x), mistakes=[mistake])


def test_transposed_matrix_is_named():
    """A transposed square matrix is named."""
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(AssertionError, match="transposed"):
        check_function(lambda M: M.T @ np.eye(2), [(A,)], lambda M: M, name="copy")


def test_transposed_shape_is_named():
    """A (n, m) result where (m, n) was expected is named as transposed."""
    A = np.arange(6.0).reshape(2, 3)
    with pytest.raises(AssertionError, match="transposed: shape"):
        check_function(lambda M: M.T, [(A,)], lambda M: M, name="copy")


def test_check_choice_right_wrong_and_missing(capsys):
    """Graded concept questions: right, wrong, not an option, not answered."""
    h = answer_hash("00-q", "b")
    check.check_choice("b", "00-q", h, "abcd")
    assert "correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="not the right option"):
        check.check_choice("a", "00-q", h, "abcd")
    with pytest.raises(AssertionError, match="not one of the options"):
        check.check_choice("z", "00-q", h, "abcd")
    with pytest.raises(AssertionError, match="no answer yet"):
        check.check_choice(None, "00-q", h, "abcd")


def test_source_rules_find_loops_and_calls():
    """python_loop names a loop, calls_named a forbidden call, in the learner's source."""
    def looped(t):
        total = 0.0
        for x in t:
            total += x * x
        return total

    def vectorised(t):
        return np.isclose(np.mean(t), 0)

    assert check.python_loop(looped) == "a for loop"
    assert check.python_loop(lambda t: sum(t)) == "Python's built-in sum()"
    assert check.python_loop(vectorised) is None
    assert check.calls_named(vectorised, ("isclose",)) == "isclose"


def test_source_rules_skip_unreadable_functions():
    """Built-ins and exec'd functions have no source: the loop and call rules are skipped."""
    namespace = {}
    exec("def f(t, p):\n    return sum(x for x in t)\n", namespace)
    assert check.python_loop(namespace["f"]) is None
    assert check.python_loop(len) is None
    assert check.calls_named(len, ("isclose",)) is None


def test_show_is_short_and_readable():
    """Messages show numbers plainly and cut long arrays."""
    assert check.show(np.float64(0.1)) == "0.1"
    assert check.show(np.int64(3)) == "3"
    assert len(check.show(np.arange(1000.0))) <= 120


ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.just(np.nan) | st.just(math.inf),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ANYTHING)
def test_fuzz_any_return_gives_a_sentence_not_a_crash(value):
    """Whatever a learner's function returns, the checker passes or fails with a message."""
    try:
        check_function(lambda x: value, CASES, np.cumsum, name="cumsum", quiet=True)
    except AssertionError as error:
        lines = str(error).splitlines()
        assert lines[0].strip() and not lines[0].startswith(" ")
        assert all(line.startswith("  ") for line in lines[1:]), lines
        assert "cumsum(" in str(error)


@settings(max_examples=200, deadline=None)
@given(shape=st.lists(st.integers(0, 3), max_size=3), fill=st.floats(allow_nan=True))
def test_fuzz_arrays_of_any_shape(shape, fill):
    """Arrays of any shape and content are diagnosed without an internal error."""
    value = np.full(shape, fill)
    try:
        check_function(lambda x: value, CASES, np.cumsum, name="cumsum", quiet=True)
    except AssertionError as error:
        assert "cumsum(" in str(error)


@settings(max_examples=100, deadline=None)
@given(error=st.sampled_from([ValueError, TypeError, ZeroDivisionError, KeyError,
                              RecursionError, AttributeError]))
def test_fuzz_any_exception_is_reported(error):
    """Any exception inside the learner's function becomes one sentence naming it."""
    def raises(x):
        raise error("boom")
    with pytest.raises(AssertionError, match=f"raised {error.__name__}"):
        check_function(raises, CASES, np.cumsum, name="cumsum")


def test_complex_results_are_named():
    """A complex return (from a square root or a non-symmetric eigen-solver) gets one sentence."""
    for value in (1 + 2j, np.array([1 + 0j, 2]), [1, 2j]):
        with pytest.raises(AssertionError, match="complex numbers"):
            check.as_number_array(value, "f(1)")
    with pytest.raises(AssertionError, match="not an array of numbers"):
        check.as_number_array([[1], [2, 3]], "f(1)")


# ---------------------------------------------------------------------------------------
# Layout, evidence for a cause, aliasing, warnings, list rule
# ---------------------------------------------------------------------------------------

SIZED = [(np.array([1.0, 2.0, 3.0]),), (np.array([4.0, -1.0]),), (np.array([2.0] * 5),)]


def sum_failure(fn, cases=SIZED, **kwargs) -> str:
    try:
        check_function(fn, cases, np.sum, name="total", quiet=True, **kwargs)
    except AssertionError as error:
        return str(error)
    return ""


def test_message_leads_with_the_diagnosis_then_short_fact_lines():
    message = run(lambda x: -np.cumsum(x))
    first, *facts = message.splitlines()
    assert first.startswith("your sign is flipped")
    assert [f.split(":")[0].strip() for f in facts] == ["input", "expected", "got"]
    assert facts[0] == "  input:    cumsum(array([1., 2., 3.]))"


def test_one_number_names_no_constant_factor():
    """A single wrong number says what was observed: no 'constant factor', no guessed sign."""
    message = sum_failure(lambda x: 0.8 * np.sum(x), cases=SIZED[:1])
    assert message.startswith("total gave a wrong result")
    assert "factor" not in message and "times" not in message


def test_same_factor_on_every_case_is_named():
    assert "0.8 times the expected value, the same factor on every case" in sum_failure(
        lambda x: 0.8 * np.sum(x))


def test_a_factor_that_varies_is_not_named():
    """(n - 1)/n, different on every case, is not 'a constant factor'."""
    message = sum_failure(lambda x: np.sum(x) * (len(x) - 1) / len(x))
    assert "factor" not in message and "gave a wrong result" in message


def test_missing_one_over_n_varies_with_n():
    """n times too large on cases of different sizes is a missing 1/n."""
    message = sum_failure(lambda x: np.sum(x) * len(x))
    assert "missing 1/n (n = 3)" in message


def test_a_mistake_is_named_only_if_it_fits_every_case():
    """A formula that agrees with the learner on one case only is not named."""
    coincidence = Mistake("you doubled the last entry.", lambda x: np.sum(x) + x[-1])
    # agrees on the first case only (x[-1] == 3 == len(x))
    message = sum_failure(lambda x: np.sum(x) + len(x), mistakes=[coincidence])
    assert "doubled" not in message
    assert "doubled" in sum_failure(lambda x: np.sum(x) + x[-1], mistakes=[coincidence])


def test_a_result_sharing_memory_with_the_input_is_refused():
    message = ""
    try:
        check_function(lambda x: x, [(np.array([1.0, 2.0]),)], np.positive, name="ident")
    except AssertionError as error:
        message = str(error)
    assert "shares memory with one of its inputs" in message


def test_warnings_from_the_learner_become_one_stdout_note(capsys):
    """A correct answer that warns passes; the warning is a note on stdout, not stderr."""
    def warns(x):
        import warnings
        warnings.warn("old API", DeprecationWarning, stacklevel=1)
        return np.cumsum(x)

    assert run(warns) == ""
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("note: your code raised DeprecationWarning: old API") == 1
    assert "✔ cumsum" in out


def test_failure_renders_without_utils_frames_in_ipython():
    """CheckFailed is an AssertionError, named like one, with IPython's rendering hook."""
    try:
        check_function(lambda x: None, CASES, np.cumsum, name="cumsum")
    except AssertionError as error:
        assert type(error).__name__ == "AssertionError"
        assert isinstance(error, check.CheckFailed) and hasattr(error, "_render_traceback_")
        assert error.__traceback__ is not None
        rendered = "".join(error._render_traceback_())  # no IPython shell: the message alone
        assert "utils/" not in rendered and "returned None" in rendered
