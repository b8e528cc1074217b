"""Inside the grader's kernel: notice when a submission tampers with what the tests rely on.

When a notebook is autograded, a cell of the grader's runs :func:`protect` before any of
the student's cells, and every test cell runs inside :func:`guard`:

* :func:`protect` records (:func:`record`) the functions of NumPy, ``numpy.testing``, ``numpy.linalg``,
  ``math``, ``builtins`` and the course's checkers, and makes ``os._exit`` and
  ``os.abort`` raise instead of killing the kernel (so the rest of the notebook is graded);
* :func:`guard` checks that nothing recorded was replaced, before and after the test cell
  runs, and sends the student's stderr to stdout while it runs (nbgrader fails a test cell
  that writes to stderr; a warning from the student's function is not a failed test).

This catches a notebook that patches ``np.allclose`` or a checker so that tests pass. It is
not a sandbox: code in the same process can defeat any check made in that process. Grade
in a container or as an unprivileged user (docs/instructors.md).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Iterator

#: Modules whose public functions the tests rely on (the course's checkers are added).
WATCHED = ("builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "utils.check",
           "utils.answers")
#: Builtins that IPython and ipykernel themselves swap between cells.
IPYTHON_BUILTINS = {"exit", "quit", "get_ipython", "display", "help", "copyright", "credits",
                    "license", "input", "raw_input"}
#: The message that marks a tampered notebook in the grader's outputs.
TAMPERED = "this notebook replaced"

_reference: dict[str, tuple[object, dict[str, object]]] = {}


def _watched_modules() -> list:
    names = list(WATCHED)
    import utils.exercises

    names += [f"utils.exercises.{m.name}" for m in pkgutil.iter_modules(utils.exercises.__path__)]
    return [importlib.import_module(name) for name in names]


def _members(module) -> dict[str, object]:
    """The public callables of a module (what a test might call)."""
    return {name: value for name, value in vars(module).items()
            if callable(value) and not name.startswith("_")
            and not (module is builtins and name in IPYTHON_BUILTINS)}


def _refuse(name: str):
    def refused(*args, **kwargs):
        raise RuntimeError(f"{name}() would stop the grader's kernel; it is disabled while grading.")
    return refused


def record() -> None:
    """Record the modules and functions the tests rely on, as they are now."""
    _reference.clear()
    for module in _watched_modules():
        _reference[module.__name__] = (module, _members(module))


def protect() -> None:
    """Record what the tests rely on, and keep the kernel alive through os._exit / os.abort.

    Only for the grader's kernel: it disables ``os._exit`` for good in this process.
    """
    record()
    os._exit = _refuse("os._exit")
    os.abort = _refuse("os.abort")


def replaced() -> list[str]:
    """The recorded modules and functions that are no longer what :func:`protect` saw."""
    found = []
    for name, (module, members) in _reference.items():
        if sys.modules.get(name) is not module:
            found.append(f"the module {name}")
            continue
        found += [f"{name}.{attr}" for attr, value in members.items()
                  if getattr(module, attr, None) is not value]
    return found


def verify(label: str = "") -> None:
    """Fail (AssertionError) if anything recorded by :func:`protect` was replaced.

    ``label`` (a test cell's grade id) is named in the message, so the feedback and the
    integrity report say which test found the replacement.
    """
    __tracebackhide__ = True
    changed = replaced()
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        where = f" ({label})" if label else ""
        raise AssertionError(f"{TAMPERED} {shown}, which the tests rely on, so this test{where} "
                             "cannot pass; do not assign to library functions.")


@contextlib.contextmanager
def guard(label: str = "") -> Iterator[None]:
    """Run the test cell ``label``: verify before and after, with stderr sent to stdout meanwhile."""
    __tracebackhide__ = True
    verify(label)
    with contextlib.redirect_stderr(sys.stdout):
        yield
    verify(label)
