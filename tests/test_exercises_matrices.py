"""The chapter 02 checkers (utils.exercises.matrices), proven both ways without the notebook.

Correct alternatives pass (loops and vectorised code, lists and arrays, ints and floats);
every named mistake fails with its diagnosis, including the four the chapter's issue lists
(rows vs columns, degrees vs radians, transposed weights, bias on the wrong axis); bad
returns get one clear sentence, never an internal error; the fixed tables inside the
checker are re-derived here with NumPy.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from conftest import fails_with
from utils import check
from utils.exercises import matrices as M
from utils.exercises.matrices import (
    check_dense_layer,
    check_matvec_columns,
    check_rotation_matrix,
    check_signed_area,
)

# A warning from a checker would reach the learner's stderr (and fail an nbgrader test cell).
pytestmark = pytest.mark.filterwarnings("error")


def passes(checker, fn, name: str, capsys) -> None:
    """The checker passes and prints exactly one ✔ line, nothing on stderr."""
    checker(fn)
    out = capsys.readouterr()
    assert out.out.startswith(f"✔ {name}") and out.out.count("\n") == 1
    assert out.err == ""


# ---------------------------------------------------------------------------------------
# matvec_columns
# ---------------------------------------------------------------------------------------


def matvec_loop(A, x):
    A = np.asarray(A, dtype=float)
    if A.shape[1] != len(x):
        raise ValueError("sizes differ")
    result = np.zeros(A.shape[0])
    for j in range(A.shape[1]):
        result += x[j] * A[:, j]
    return result


def matvec_vectorised(A, x):
    A, x = np.asarray(A), np.asarray(x)
    if A.shape[1] != x.shape[0]:
        raise ValueError("A needs one column per entry of x")
    return (A * x).sum(axis=1)


def matvec_python_lists(A, x):
    if len(A[0]) != len(x):
        raise ValueError("sizes differ")
    columns = list(zip(*A.tolist(), strict=True))
    return [sum(x_j * column[i] for x_j, column in zip(x, columns, strict=True))
            for i in range(len(A))]


def matvec_int_accumulator(A, x):
    if A.shape[1] != len(x):
        raise ValueError("sizes differ")
    total = 0
    for j, x_j in enumerate(x):
        total = total + x_j * A[:, j]
    return total


@pytest.mark.parametrize("fn", [matvec_loop, matvec_vectorised, matvec_python_lists,
                                matvec_int_accumulator])
def test_matvec_accepts_correct_versions(fn, capsys):
    """A column loop, a broadcast-and-sum, pure Python lists and an int accumulator all pass."""
    passes(check_matvec_columns, fn, "matvec_columns", capsys)


def test_matvec_cases_cover_lists_ints_and_edge_shapes():
    """The cases include a list x, an int matrix, a square matrix first, one row and one column."""
    A0, _ = M.MATVEC_CASES[0]
    assert A0.shape[0] == A0.shape[1] and A0.dtype.kind == "i"
    assert any(isinstance(x, list) for _, x in M.MATVEC_CASES)
    shapes = [np.shape(A) for A, _ in M.MATVEC_CASES]
    assert any(s[0] == 1 for s in shapes) and any(s[1] == 1 for s in shapes)
    assert any(s[0] != s[1] for s in shapes)


@pytest.mark.parametrize("mistake", M.MATVEC_MISTAKES, ids=lambda m: m.advice[:40])
def test_matvec_names_every_mistake(mistake):
    """A function computing a known wrong combination fails with that mistake's advice."""

    def wrong(A, x):
        if np.shape(A)[1] != len(x):
            raise ValueError("sizes differ")
        return mistake.wrong(A, x)

    fails_with(check_matvec_columns, wrong, mistake.advice)


def test_matvec_rows_instead_of_columns_written_out():
    """The issue's 'rows vs columns': a loop adding x[i] * A[i, :] is named."""

    def rows(A, x):
        A = np.asarray(A, dtype=float)
        if A.shape[1] != len(x):
            raise ValueError("sizes differ")
        total = np.zeros(A.shape[1])
        for i in range(len(x)):
            total += x[i] * A[i, :]
        return total

    fails_with(check_matvec_columns, rows, "rows vs columns")


def test_matvec_x_at_a_is_rows_too():
    """x @ A (a row vector times A) is refused for its @, before anything else."""
    fails_with(check_matvec_columns, lambda A, x: np.asarray(x) @ A, "uses the @ operator")


def test_matvec_refuses_the_operator():
    """A @ x is refused: the exercise is to build it from columns."""

    def with_operator(A, x):
        return A @ np.asarray(x)

    fails_with(check_matvec_columns, with_operator, "uses the @ operator")


@pytest.mark.parametrize(("source", "name"), [
    ("def f(A, x):\n    return np.dot(A, x)\n", "dot"),
    ("def f(A, x):\n    return A.dot(x)\n", "dot"),
    ("def f(A, x):\n    return np.matmul(A, x)\n", "matmul"),
    ("def f(A, x):\n    return np.einsum('ij,j->i', A, x)\n", "einsum"),
])
def test_matvec_refuses_builtin_products(source, name, tmp_path, monkeypatch):
    """np.dot, the .dot method, np.matmul and np.einsum are refused by name."""
    module = tmp_path / "learner_matvec.py"
    module.write_text("import numpy as np\n\n\n" + source)
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    learner = importlib.import_module("learner_matvec")
    try:
        fails_with(check_matvec_columns, learner.f, f"calls {name}()")
    finally:
        import sys

        sys.modules.pop("learner_matvec", None)


def test_matvec_matmul_operator_detection():
    """uses_matmul_operator sees @ and @=, and nothing in plain arithmetic."""

    def binop(A, x):
        return A @ x

    def augmented(A, x):
        A @= x
        return A

    def plain(A, x):
        return (A * x).sum(axis=1)

    assert check.uses_matmul_operator(binop) and M.uses_matmul_operator(augmented)
    assert not check.uses_matmul_operator(plain)
    assert not check.uses_matmul_operator(np.add)  # no Python source: the rule is skipped


def test_matvec_sizes_must_be_checked():
    """A column loop that never compares the sizes returns a value where it must refuse."""

    def unchecked(A, x):
        A = np.asarray(A, dtype=float)
        return sum(x[j] * A[:, j] for j in range(min(len(x), A.shape[1])))

    fails_with(check_matvec_columns, unchecked, "compare A.shape[1] with len(x) and raise ValueError")


def test_matvec_wrong_exception_for_sizes():
    """An IndexError from running off the end of A is told to be a ValueError."""

    def index_error(A, x):
        A = np.asarray(A, dtype=float)
        if len(x) < A.shape[1]:
            raise ValueError("x too short")
        return sum(x[j] * A[:, j] for j in range(len(x)))

    fails_with(check_matvec_columns, index_error, "raised IndexError; when A has 2 columns but x has 3")


# ---------------------------------------------------------------------------------------
# rotation_matrix
# ---------------------------------------------------------------------------------------


def rotation_numpy(degrees):
    t = np.radians(degrees)
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


def rotation_math_lists(degrees):
    t = degrees * math.pi / 180
    return [[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]]


def rotation_from_columns(degrees):
    t = math.radians(degrees)
    where_e1_lands, where_e2_lands = [math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]
    return np.column_stack([where_e1_lands, where_e2_lands])


def rotation_deg2rad(degrees):
    c, s = np.cos(np.deg2rad(degrees)), np.sin(np.deg2rad(degrees))
    return np.array([[c, -s], [s, c]], dtype=np.float32).astype(float)


@pytest.mark.parametrize("fn", [rotation_numpy, rotation_math_lists, rotation_from_columns,
                                rotation_deg2rad])
def test_rotation_accepts_correct_versions(fn, capsys):
    """np.radians, math with lists, columns stacked, float32 then float: all pass."""
    passes(check_rotation_matrix, fn, "rotation_matrix", capsys)


def test_rotation_table_rederived():
    """Every hand-worked matrix in ROTATION_TABLE equals cos/sin of the angle in radians."""
    for degrees, matrix in M.ROTATION_TABLE:
        t = np.radians(degrees)
        assert np.allclose(matrix, [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]],
                           rtol=0, atol=1e-15), degrees


def test_rotation_table_covers_ints_floats_and_signs():
    """Int and float angles, a negative one, zero and one past 180°."""
    angles = [d for d, _ in M.ROTATION_TABLE]
    assert any(isinstance(d, int) for d in angles) and any(isinstance(d, float) for d in angles)
    assert min(angles) < 0 and 0 in angles and max(angles) > 180
    assert angles[0] != 0, "the first case must expose a degrees/radians slip"


@pytest.mark.parametrize("mistake", M.ROTATION_MISTAKES, ids=lambda m: m.advice[:40])
def test_rotation_names_every_mistake(mistake):
    """A function computing a known wrong matrix fails with that mistake's advice."""
    fails_with(check_rotation_matrix, mistake.wrong, mistake.advice)


def test_rotation_degrees_as_radians_written_out():
    """The issue's 'degrees vs radians': np.cos(degrees) without conversion is named."""

    def no_conversion(degrees):
        return np.array([[np.cos(degrees), -np.sin(degrees)],
                         [np.sin(degrees), np.cos(degrees)]])

    fails_with(check_rotation_matrix, no_conversion, "degrees vs radians")


def test_rotation_clockwise_written_out():
    """The minus sign in the bottom-left corner (a clockwise turn) is named."""

    def clockwise(degrees):
        t = np.radians(degrees)
        return np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])

    fails_with(check_rotation_matrix, clockwise, "turns clockwise")


def test_rotation_wrong_conversion_written_out():
    """Multiplying by 180 / π instead of π / 180 is named."""
    fails_with(check_rotation_matrix, lambda d: rotation_numpy(d * (180 / math.pi) ** 2),
               "converted the wrong way round")


def test_rotation_flat_list_is_a_wrong_shape():
    """Four numbers in a flat list: right numbers, wrong shape."""
    fails_with(check_rotation_matrix, lambda d: rotation_numpy(d).ravel().tolist(),
               "right numbers, wrong shape")


# ---------------------------------------------------------------------------------------
# signed_area
# ---------------------------------------------------------------------------------------


def area_unpack(A):
    (a, b), (c, d) = np.asarray(A, dtype=float)
    return a * d - b * c


def area_index(A):
    return A[0][0] * A[1][1] - A[0][1] * A[1][0]


def area_from_columns(A):
    A = np.asarray(A, dtype=float)
    first, second = A[:, 0], A[:, 1]
    return float(first[0] * second[1] - first[1] * second[0])


@pytest.mark.parametrize("fn", [area_unpack, area_index, area_from_columns])
def test_signed_area_accepts_correct_versions(fn, capsys):
    """Unpacking, nested indexing (ints stay ints) and a cross product of columns all pass."""
    passes(check_signed_area, fn, "signed_area", capsys)


def test_signed_area_cases_cover_lists_ints_and_signs():
    """A nested list, an int array, and positive, negative and zero areas."""
    matrices = [A for (A,) in M.SIGNED_AREA_CASES]
    assert any(isinstance(A, list) for A in matrices)
    assert any(isinstance(A, np.ndarray) and A.dtype.kind == "i" for A in matrices)
    dets = [np.linalg.det(np.asarray(A, dtype=float)) for A in matrices]
    assert any(d > 0.5 for d in dets) and any(d < -0.5 for d in dets)
    assert any(abs(d) < 1e-12 for d in dets)
    assert dets[0] > 0, "the first case must separate a flipped sign from a dropped sign"
    # Every mistake but the dropped sign (which shows only on a negative area) gives its
    # own wrong number on the first case, so the first failure names the right one.
    first = M.SIGNED_AREA_CASES[0]
    answers = [dets[0]] + [float(m.wrong(*first)) for m in M.SIGNED_AREA_MISTAKES
                           if "(abs)" not in m.advice]
    assert len({round(a, 9) for a in answers}) == len(answers) == len(M.SIGNED_AREA_MISTAKES)


@pytest.mark.parametrize("mistake", M.SIGNED_AREA_MISTAKES, ids=lambda m: m.advice[:40])
def test_signed_area_names_every_mistake(mistake):
    """A function computing a known wrong formula fails with that mistake's advice."""
    fails_with(check_signed_area, mistake.wrong, mistake.advice)


def test_signed_area_flipped_sign_is_named():
    """bc - ad is a flipped sign (the generic diagnosis)."""
    fails_with(check_signed_area, lambda A: -area_unpack(A), "your sign is flipped")


def test_signed_area_refuses_det():
    """Calling np.linalg.det is refused."""

    def with_det(A):
        return np.linalg.det(np.asarray(A, dtype=float))

    fails_with(check_signed_area, with_det, "calls det()")


# ---------------------------------------------------------------------------------------
# dense_layer
# ---------------------------------------------------------------------------------------


def dense_vectorised(X, W, b):
    return X @ W.T + b


def dense_per_sample(X, W, b):
    return np.array([W @ x + b for x in X])


def dense_einsum(X, W, b):
    return np.einsum("ni,oi->no", X, W) + b[np.newaxis, :]


def dense_transposed_twice(X, W, b):
    return (W @ X.T + b[:, np.newaxis]).T


def dense_loops(X, W, b):
    n, n_out = len(X), len(W)
    Y = [[0.0] * n_out for _ in range(n)]
    for k in range(n):
        for i in range(n_out):
            Y[k][i] = sum(w * x for w, x in zip(W[i], X[k], strict=True)) + b[i]
    return Y


@pytest.mark.parametrize("fn", [dense_vectorised, dense_per_sample, dense_einsum,
                                dense_transposed_twice, dense_loops])
def test_dense_accepts_correct_versions(fn, capsys):
    """X @ W.T + b, a per-sample loop, einsum, (W Xᵀ + b)ᵀ and pure Python loops all pass."""
    passes(check_dense_layer, fn, "dense_layer", capsys)


def test_dense_table_rederived():
    """Every hand-worked Y in DENSE_TABLE equals X @ W.T + b, and the shapes are consistent."""
    for X, W, b, Y in M.DENSE_TABLE:
        X, W, b = (np.asarray(v, dtype=float) for v in (X, W, b))
        assert X.shape[1] == W.shape[1] and W.shape[0] == b.shape[0]
        assert np.array_equal(np.asarray(Y, dtype=float), X @ W.T + b)


def test_dense_first_case_tells_every_mistake_apart():
    """On the square first case, the right answer and all the mistakes differ pairwise."""
    X, W, b, Y = M.DENSE_TABLE[0]
    assert X.shape[0] == X.shape[1] == W.shape[0] == b.shape[0]
    answers = [np.asarray(Y, dtype=float)] + [np.asarray(m.wrong(X, W, b)) for m in M.DENSE_MISTAKES]
    for i in range(len(answers)):
        for j in range(i):
            assert not np.allclose(answers[i], answers[j]), (i, j)


def test_dense_table_has_sizes_that_all_differ():
    """Some case has n, n_in and n_out all different, and one has a single sample."""
    shapes = [(X.shape[0], X.shape[1], W.shape[0]) for X, W, _, _ in M.DENSE_TABLE]
    assert any(len(set(s)) == 3 for s in shapes) and any(s[0] == 1 for s in shapes)
    assert any(np.asarray(X).dtype.kind == "i" for X, _, _, _ in M.DENSE_TABLE)


@pytest.mark.parametrize("mistake", M.DENSE_MISTAKES, ids=lambda m: m.advice[:40])
def test_dense_names_every_mistake(mistake):
    """A function computing a known wrong layer fails with that mistake's advice."""
    fails_with(check_dense_layer, mistake.wrong, mistake.advice)


def test_dense_transposed_weights_written_out():
    """The issue's 'transposed weights': X @ W + b is named."""
    fails_with(check_dense_layer, lambda X, W, b: X @ W + b, "transposed weights")


@pytest.mark.parametrize("fn", [
    lambda X, W, b: X @ W.T + b[:, np.newaxis],
    lambda X, W, b: (W @ X.T + b).T,
    lambda X, W, b: X @ W.T + b.reshape(-1, 1),
], ids=["column bias", "bias before transposing back", "reshaped bias"])
def test_dense_bias_on_the_wrong_axis_written_out(fn):
    """The issue's 'bias on the wrong axis', three ways of writing it, is named each time."""
    fails_with(check_dense_layer, fn, "the bias went along the wrong axis")


def test_dense_transposed_weights_error_is_explained():
    """On sizes that differ, X @ W raises; the message explains the (out, in) layout."""
    message = fails_with(check_dense_layer, lambda X, W, b: X @ W + b,
                         "transposed weights?", table=M.DENSE_TABLE[1:])
    assert "X @ W.T" in message and "raised ValueError" in message


def test_dense_wrong_axis_broadcast_error_is_explained():
    """On sizes that differ, a column bias fails to broadcast; the message says which axis."""
    fails_with(check_dense_layer, lambda X, W, b: X @ W.T + b[:, np.newaxis],
               "the wrong axis", table=M.DENSE_TABLE[1:])


def test_dense_other_value_errors_are_reported_with_their_input():
    """A ValueError with no known shape slip behind it is reported as it is."""

    def refuses(X, W, b):
        raise ValueError("I refuse")

    fails_with(check_dense_layer, refuses, "raised ValueError: I refuse")


def test_dense_in_place_change_is_refused():
    """Changing X in place (e.g. centring it with -=) is refused."""

    def in_place(X, W, b):
        X -= X.mean(axis=0)
        X += X.mean(axis=0)
        X[0, 0] = 99.0
        return dense_vectorised(X, W, b)

    fails_with(check_dense_layer, in_place, "changed X in place")


def test_dense_transposed_result_on_non_square_case():
    """Returning Yᵀ on a non-square case is named by shape."""
    fails_with(check_dense_layer, lambda X, W, b: (X @ W.T + b).T, "you returned Y transposed",
               table=M.DENSE_TABLE[1:])


# ---------------------------------------------------------------------------------------
# Bad returns, for every checker: one sentence, never an internal error
# ---------------------------------------------------------------------------------------

CHECKERS = {
    "matvec_columns": check_matvec_columns,
    "rotation_matrix": check_rotation_matrix,
    "signed_area": check_signed_area,
    "dense_layer": check_dense_layer,
}


BAD_RETURNS = {
    "string": (lambda *args: "42", "returned a str"),
    "dict": (lambda *args: {"y": 1}, "returned a dict"),
}


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
@pytest.mark.parametrize("bad", BAD_RETURNS.values(), ids=BAD_RETURNS.keys())
def test_bad_returns_get_one_clear_sentence(checker, bad, capsys):
    """A string or a dict returned gets its own one-line message, nothing on stderr."""
    fn, text = bad
    fails_with(checker, fn, text)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_nan_return_is_named(checker):
    """A NaN result of the right shape is called NaN."""

    def nan_like(*args):
        if checker is check_signed_area:
            return float("nan")
        if checker is check_rotation_matrix:
            return np.full((2, 2), np.nan)
        if checker is check_matvec_columns:
            return np.full(np.shape(args[0])[0], np.nan)
        return np.full((np.shape(args[0])[0], np.shape(args[1])[0]), np.nan)

    fails_with(checker, nan_like, "contains NaN")


@pytest.mark.parametrize(("checker", "fn"), [
    (check_matvec_columns, lambda A, x: np.zeros(7)),
    (check_rotation_matrix, lambda degrees: np.eye(3)),
    (check_signed_area, lambda A: np.array([1.0, 2.0])),
    (check_dense_layer, lambda X, W, b: np.zeros((5, 5))),
], ids=CHECKERS.keys())
def test_wrong_shape_is_named(checker, fn):
    """A result of the wrong shape says so."""
    fails_with(checker, fn, "shape")


@pytest.mark.parametrize("checker", CHECKERS.values(), ids=CHECKERS.keys())
def test_not_a_function(checker):
    """A name overwritten by a number is reported as not a function."""
    fails_with(checker, 3, "not a function")
