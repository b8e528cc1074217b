"""Every exercise checker, fed any return value: a pass or one sentence, never a crash or a warning.

Whatever a learner's function returns (None, strings, nested lists, NaN, inf, 1e308, huge
or empty arrays) or raises, the checker either passes or raises AssertionError with a
message, and writes nothing to stderr (warnings are errors here, as a warning would land on
the learner's stderr and fail the nbgrader test cell).
"""

import contextlib
import importlib
import inspect
import io
import pkgutil
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import utils.exercises
from conftest import assert_laid_out

pytestmark = pytest.mark.filterwarnings("error")



def checkers() -> list:
    """Every public ``check_*`` function of every module in utils.exercises."""
    found = []
    for info in pkgutil.iter_modules(utils.exercises.__path__):
        module = importlib.import_module(f"utils.exercises.{info.name}")
        found += [fn for name, fn in inspect.getmembers(module, inspect.isfunction)
                  if name.startswith("check_") and fn.__module__ == module.__name__]
    return found


CHECKERS = checkers()

NASTY_FLOATS = st.floats() | st.sampled_from([1e308, -1e308, 5e-324, 0.0, -0.0])
RETURNS = (
    st.none() | st.booleans() | st.integers() | NASTY_FLOATS | st.complex_numbers() | st.text(max_size=4)
    | st.lists(NASTY_FLOATS, max_size=5) | st.dictionaries(st.text(max_size=2), st.integers())
    | arrays(np.float64, st.tuples(st.integers(0, 5), st.integers(0, 5)), elements=NASTY_FLOATS)
    | arrays(np.float64, st.integers(0, 6), elements=NASTY_FLOATS)
    | arrays(np.int64, st.integers(0, 6), elements=st.integers(-(2**62), 2**62))
)


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: f"{c.__module__.rsplit('.', 1)[-1]}.{c.__name__}")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=RETURNS)
def test_any_return_value(checker, value):
    """A constant return of any kind gives a pass or a one-line AssertionError, and no stderr."""
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        try:
            checker(lambda *args, **kwargs: value)
        except AssertionError as error:
            assert_laid_out(str(error))
    assert stderr.getvalue() == ""


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: f"{c.__module__.rsplit('.', 1)[-1]}.{c.__name__}")
@pytest.mark.parametrize("error", [ValueError, TypeError, ZeroDivisionError, IndexError,
                                   RecursionError, MemoryError])
def test_any_exception(checker, error):
    """An exception inside the learner's function is reported by name."""
    def raises(*args, **kwargs):
        raise error("boom")
    with pytest.raises(AssertionError, match=error.__name__):
        checker(raises)


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _boom(*args, **kwargs):
    raise ZeroDivisionError("division by zero")


# The three commonest states of a learner's function, and the words each checker must use.
NAMED = {
    "none": (lambda *args, **kwargs: None, "returned None — did you forget `return`?"),
    "stub": (_stub, "is not implemented yet"),
    "raises": (_boom, "raised ZeroDivisionError: division by zero"),
}


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: f"{c.__module__.rsplit('.', 1)[-1]}.{c.__name__}")
@pytest.mark.parametrize("bad", NAMED.values(), ids=NAMED.keys())
def test_common_slips_get_their_own_words(checker, bad, capsys):
    """A missing return, the untouched stub and an exception each get their message, in one line."""
    fn, text = bad
    with pytest.raises(AssertionError, match=re.escape(text)) as info:
        checker(fn)
    assert_laid_out(str(info.value))
    assert capsys.readouterr().err == ""
