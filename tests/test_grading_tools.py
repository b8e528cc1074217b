"""Unit tests of utils.grading: the test-cell guard, the feedback filter, submission checks."""

import json
import os

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from utils.grading import integrity, mathjax, preprocessors, submissions


def test_guarded_wraps_a_test_cell_without_changing_it():
    """The wrapped cell runs the same statements inside the guard."""
    source = '"""dot works."""\nfrom x import check\n\ncheck(dot)\n### BEGIN HIDDEN TESTS\nassert 1\n'
    wrapped = preprocessors.guarded(source, "dot-tests")
    assert wrapped.startswith("with __grading_guard__('dot-tests'):\n")
    assert "    check(dot)" in wrapped


def test_guarded_refuses_what_indenting_would_change():
    """A multi-line string (its text would change) and a syntax error are left unwrapped."""
    assert preprocessors.guarded('x = """a\nb"""\nassert x == "a\\nb"', "t") is None
    assert preprocessors.guarded("def (:", "t") is None
    assert preprocessors.guarded("", "t") is None


def test_guard_and_unguard_round_trip():
    """GuardTests adds a setup cell and wrappers; UnguardTests removes them, keeping outputs."""
    test = new_code_cell("check(f)", metadata={"nbgrader": {"grade": True, "grade_id": "f-tests",
                                                            "solution": False, "points": 1}})
    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell("def f(): pass"), test])
    nb, resources = preprocessors.GuardTests().preprocess(nb, {})
    assert nb.cells[0].id == preprocessors.SETUP_ID and len(nb.cells) == 4
    assert nb.cells[3].source.startswith("with __grading_guard__")
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok\n")]
    nb, _ = preprocessors.UnguardTests().preprocess(nb, resources)
    assert [c.source for c in nb.cells] == ["# t", "def f(): pass", "check(f)"]
    assert nb.cells[2].outputs[0].text == "ok\n"


def test_feedback_filter_removes_hidden_tests_and_tracebacks():
    """Hidden-test blocks and tracebacks that quote them are gone; the error message stays."""
    cell = new_code_cell('"""t."""\ncheck(f)\n### BEGIN HIDDEN TESTS\nassert f(2) == 4, "f(2)"\n'
                         "### END HIDDEN TESTS\n",
                         metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t"}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="f(2)",
                                           traceback=["assert f(2) == 4", "AssertionError: f(2)"])]
    cell, _ = preprocessors.HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert cell.source == '"""t."""\ncheck(f)'
    assert cell.outputs[0].traceback == ["AssertionError: f(2)"]


def test_replaced_names_what_was_patched():
    """After record(), replacing a NumPy function or a checker is reported; restoring it clears it."""
    import utils.exercises.vectors as vectors

    integrity.record()
    assert integrity.replaced() == []
    original, checker = np.allclose, vectors.check_dot
    try:
        np.allclose = lambda *a, **k: True
        vectors.check_dot = lambda fn: None
        assert set(integrity.replaced()) == {"numpy.allclose", "utils.exercises.vectors.check_dot"}
        with pytest.raises(AssertionError, match="this notebook replaced numpy.allclose"):
            integrity.verify()
    finally:
        np.allclose, vectors.check_dot = original, checker
    assert integrity.replaced() == []


def test_guard_sends_stderr_to_stdout(capsys):
    """Inside the guard, what the student's code writes to stderr lands on stdout."""
    import sys

    integrity.record()
    with integrity.guard("t"):
        print("to stderr", file=sys.stderr)
    out, err = capsys.readouterr()
    assert "to stderr" in out and err == ""


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_read_notebook_names_the_problem(tmp_path):
    """Broken JSON, binary, non-notebook JSON and oversize files each get a reason."""
    assert "not valid JSON" in submissions.read_notebook(write(tmp_path / "a.ipynb", "{"))[1]
    (tmp_path / "b.ipynb").write_bytes(b"\x89PNG\xff\xfe")
    assert "not text" in submissions.read_notebook(tmp_path / "b.ipynb")[1]
    assert "not a notebook" in submissions.read_notebook(write(tmp_path / "c.ipynb", "[1, 2]"))[1]
    big = tmp_path / "d.ipynb"
    with open(big, "wb") as file:
        file.truncate(submissions.MAX_BYTES + 1)
    assert "MB" in submissions.read_notebook(big)[1]


def test_clean_upgrades_old_and_new_minor_versions(tmp_path):
    """Cells without ids and unknown fields become a valid nbformat 4.5 notebook, outputs dropped."""
    raw = {"nbformat": 4, "nbformat_minor": 2, "metadata": {"future": 1},
           "cells": [{"cell_type": "code", "source": ["x = 1\n", "x"], "metadata": {},
                      "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}],
                      "execution_count": 1, "mystery": True}]}
    nb, _ = submissions.read_notebook(write(tmp_path / "n.ipynb", json.dumps(raw)))
    cleaned = submissions.clean(nb)
    nbformat.validate(cleaned)
    assert cleaned.cells[0].source == "x = 1\nx" and cleaned.cells[0].outputs == []


def graded_cell(source, grade_id, test=True):
    meta = {"grade": test, "solution": not test, "grade_id": grade_id, "points": 1 if test else 0}
    return new_code_cell(source, metadata={"nbgrader": meta})


def test_compare_and_restore_test_cells():
    """Edited and deleted test cells are flagged, and staged exactly as released."""
    release = new_notebook(cells=[graded_cell("def f(): ...", "f", test=False),
                                  graded_cell("check(f)", "f-tests"),
                                  graded_cell("def g(): ...", "g", test=False),
                                  graded_cell("check(g)", "g-tests")])
    nb = new_notebook(cells=[graded_cell("def f(): return 1", "f", test=False),
                             graded_cell("pass", "f-tests"),
                             graded_cell("def g(): return 2", "g", test=False)])
    flags = {f.flag: f.detail for f in submissions.compare_with_release(nb, release, "s", "c")}
    assert set(flags) == {"test-cell-edited", "test-cell-deleted"}
    restored = submissions.restore_test_cells(nb, release)
    assert [c.source for c in restored.cells] == ["def f(): return 1", "check(f)",
                                                  "def g(): return 2", "check(g)"]


def test_patched_names_finds_assignments_to_libraries():
    """Assigning to np.*, a checker module, builtins or via setattr is found; own objects are not."""
    nb = new_notebook(cells=[new_code_cell(
        "import numpy as np\nimport builtins\nimport utils.exercises.vectors as v\n"
        "np.allclose = None\nv.check_dot = None\nbuiltins.abs = None\nsetattr(np, 'isclose', 1)\n"
        "class A: pass\na = A()\na.x = 1\nself_like = {}\nself_like['k'] = 2")])
    assert submissions.patched_names(nb) == ["builtins.abs", "np.?", "np.allclose", "v.check_dot"]


def test_find_notebook_handles_wrong_names(tmp_path):
    """The expected name wins; a single other notebook is graded and flagged; none is reported."""
    folder = tmp_path / "01-x"
    folder.mkdir()
    assert submissions._find_notebook(folder, "01-x")[0] is None
    write(folder / "Untitled.ipynb", "{}")
    path, notes = submissions._find_notebook(folder, "01-x")
    assert path.name == "Untitled.ipynb" and notes[0][0] == "wrong-file-name"
    write(folder / "01-x.ipynb", "{}")
    path, notes = submissions._find_notebook(folder, "01-x")
    assert path.name == "01-x.ipynb" and notes[0][0] == "extra-file"


def test_integrity_does_not_touch_os_exit_unless_protecting():
    """record() alone leaves os._exit alone (only the grader's kernel disables it)."""
    before = os._exit
    integrity.record()
    assert os._exit is before


def test_mathjax_comes_from_the_installed_package():
    """The feedback macro's fallback is the installed MathJax.js (a file:// URL), and the
    course's template folder, listed first, holds the macro that replaces nbconvert's."""
    path = mathjax.installed_copy()
    assert path is not None and path.name == "MathJax.js" and path.is_file()
    assert mathjax.file_url() == path.as_uri() and mathjax.file_url("x.js") == "x.js"
    course, nbgrader = mathjax.template_dirs()
    assert os.path.isfile(os.path.join(course, "classic", "mathjax.html.j2"))
    assert all(os.path.isdir(os.path.join(nbgrader, name)) for name in ("feedback", "formgrade"))
