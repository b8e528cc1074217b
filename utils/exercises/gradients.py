"""Checkers for chapter 05 (derivatives and gradients): central_difference,
numerical_gradient, quadratic_gradient, least_squares_gradient, jacobian.

The finite-difference exercises are checked on test functions whose derivatives are
written out by hand (:class:`KnownFunction`). Taylor's theorem then says what each
difference quotient returns, so the expected value and the classic slips are predicted
from those derivatives, not recomputed with a difference quotient:

    central  (f(x + h) − f(x − h)) / (2h)  =  f'(x) + h²/6 · f'''(x)            (+ O(h⁴))
    forward  (f(x + h) − f(x)) / h          =  f'(x) + h/2 · f''(x) + h²/6 · f'''(x) (+ O(h³))
    backward (f(x) − f(x − h)) / h          =  f'(x) − h/2 · f''(x) + h²/6 · f'''(x) (+ O(h³))

Cases with a large h use polynomials of degree at most 3, for which these are exact.
The two analytic gradients are checked on small hand-worked tables (re-derived with NumPy
in tests/test_exercises_gradients.py).
"""

from __future__ import annotations

import numpy as np

from utils import toys
from utils.check import Mistake, check_value, checker, close, passed, quiet_numpy

#: The step the exercises use by default.
DEFAULT_H = 1e-5
RTOL, ATOL = 1e-6, 1e-9


class KnownFunction:
    """A test function with its derivatives written out by hand, named for messages.

    ``first(x)`` is f'(x) for f: R → R, the gradient (n,) for f: Rⁿ → R, or the Jacobian
    (m, n) for f: Rⁿ → Rᵐ. ``second(x)`` and ``third(x)`` are the pure second and third
    derivatives along each input coordinate, in the same shape as ``first`` (∂²fᵢ/∂xⱼ²
    and ∂³fᵢ/∂xⱼ³); together they predict what a difference quotient with step h returns.
    """

    def __init__(self, name, value, first, second, third=None):
        self.name, self.value = name, value
        self.first, self.second = first, second
        self.third = third if third is not None else (lambda x: 0.0 * np.asarray(first(x)))

    def __call__(self, x):
        return self.value(x)

    def __repr__(self) -> str:
        return self.name

    def __deepcopy__(self, memo) -> KnownFunction:
        return self  # immutable: the same object, so "changed in place" never fires on it

    def central(self, x, h: float) -> np.ndarray:
        """What the central difference with step h returns (Taylor, to O(h⁴))."""
        return np.asarray(self.first(x), dtype=float) + h**2 / 6 * np.asarray(self.third(x))

    def one_sided(self, x, h: float, sign: int) -> np.ndarray:
        """What the forward (sign = 1) or backward (sign = -1) difference returns (to O(h³))."""
        return self.central(x, h) + sign * h / 2 * np.asarray(self.second(x), dtype=float)


def _f(x):
    return np.asarray(x, dtype=float)


# ---------------------------------------------------------------------------------------
# Test functions, R → R
# ---------------------------------------------------------------------------------------

SIN3 = KnownFunction("sin(3x)", lambda x: np.sin(3 * _f(x)), lambda x: 3 * np.cos(3 * _f(x)),
                     lambda x: -9 * np.sin(3 * _f(x)), lambda x: -27 * np.cos(3 * _f(x)))
EXP = KnownFunction("exp(x)", lambda x: np.exp(_f(x)), lambda x: np.exp(_f(x)),
                    lambda x: np.exp(_f(x)), lambda x: np.exp(_f(x)))
CUBE = KnownFunction("x³", lambda x: _f(x) ** 3, lambda x: 3 * _f(x) ** 2, lambda x: 6 * _f(x),
                     lambda x: 6.0 + 0 * _f(x))
PARABOLA = KnownFunction("3x² − 2x + 1", lambda x: 3 * _f(x) ** 2 - 2 * _f(x) + 1,
                         lambda x: 6 * _f(x) - 2, lambda x: 6.0 + 0 * _f(x))
LOG = KnownFunction("log(x)", lambda x: np.log(_f(x)), lambda x: 1 / _f(x),
                    lambda x: -1 / _f(x) ** 2, lambda x: 2 / _f(x) ** 3)


def _tanh_derivatives(x):
    t = np.tanh(_f(x))
    s = 1 - t**2
    return s, -2 * t * s, -2 * s * (1 - 3 * t**2)


TANH = KnownFunction("tanh(x)", lambda x: np.tanh(_f(x)), lambda x: _tanh_derivatives(x)[0],
                     lambda x: _tanh_derivatives(x)[1], lambda x: _tanh_derivatives(x)[2])

# (f, x) uses the default h; (f, x, h) passes h. The first case is strongly curved, so a
# forward difference misses by far more than the tolerance; x = 2 is a Python int.
CENTRAL_CASES = (
    (SIN3, 0.4),
    (EXP, 1.0, 1e-4),
    (CUBE, 2, 0.1),
    (PARABOLA, 0.75, 0.25),
    (LOG, 0.5),
    (TANH, -1.0),
)

# ---------------------------------------------------------------------------------------
# Test functions, Rⁿ → R
# ---------------------------------------------------------------------------------------


def _from_objective(name, objective, third):
    """A toy objective as a KnownFunction: its gradient, Hessian diagonal and ``third`` by hand."""
    def diagonal(x):
        return np.diag(objective.hessian(_f(x))).astype(float)

    return KnownFunction(name, lambda x: objective.value(_f(x)), lambda x: objective.gradient(_f(x)),
                         diagonal, third)


# Third derivatives by hand: Rosenbrock (a = 1, b = 100) has ∂³f/∂x³ = 24 b x, ∂³f/∂y³ = 0;
# Himmelblau has ∂³f/∂x³ = 24 x and ∂³f/∂y³ = 24 y.
ROSENBROCK = _from_objective("rosenbrock", toys.rosenbrock(),
                             lambda x: np.array([2400 * _f(x)[0], 0.0]))
HIMMELBLAU = _from_objective("himmelblau", toys.himmelblau(), lambda x: 24 * _f(x))


def _poly3(x):
    x = _f(x)
    return x[0] ** 3 + x[0] * x[1] - 2 * x[2] ** 2 + x[2]


POLY3 = KnownFunction(
    "x₁³ + x₁x₂ − 2x₃² + x₃", _poly3,
    lambda x: np.array([3 * _f(x)[0] ** 2 + _f(x)[1], _f(x)[0], -4 * _f(x)[2] + 1]),
    lambda x: np.array([6 * _f(x)[0], 0.0, -4.0]),
    lambda x: np.array([6.0, 0.0, 0.0]),
)


def _softmax(x):
    z = np.exp(_f(x) - np.max(_f(x)))
    return z / z.sum()


LOGSUMEXP = KnownFunction(
    "log-sum-exp", lambda x: np.log(np.sum(np.exp(_f(x)))), _softmax,
    lambda x: _softmax(x) * (1 - _softmax(x)),
    lambda x: _softmax(x) * (1 - _softmax(x)) * (1 - 2 * _softmax(x)),
)

GRADIENT_CASES = (
    (ROSENBROCK, np.array([-1.2, 1.0])),
    (POLY3, np.array([1, 2, -1])),
    (HIMMELBLAU, [0.5, -1.0]),
    (POLY3, np.array([0.5, -1.5, 2.0]), 0.25),
    (LOGSUMEXP, np.random.default_rng(5).normal(size=5)),
)

# ---------------------------------------------------------------------------------------
# Test maps, Rⁿ → Rᵐ (the Jacobian is (m, n): one row per output, one column per input)
# ---------------------------------------------------------------------------------------

CUBIC_MAP = KnownFunction(
    "x ↦ (x₁³, x₁x₂, x₂² + 3x₁)",
    lambda x: np.array([_f(x)[0] ** 3, _f(x)[0] * _f(x)[1], _f(x)[1] ** 2 + 3 * _f(x)[0]]),
    lambda x: np.array([[3 * _f(x)[0] ** 2, 0.0], [_f(x)[1], _f(x)[0]], [3.0, 2 * _f(x)[1]]]),
    lambda x: np.array([[6 * _f(x)[0], 0.0], [0.0, 0.0], [0.0, 2.0]]),
    lambda x: np.array([[6.0, 0.0], [0.0, 0.0], [0.0, 0.0]]),
)


def _polar_parts(x):
    r, t = _f(x)
    c, s = np.cos(t), np.sin(t)
    return r, c, s


POLAR = KnownFunction(
    "polar (r, θ) ↦ (r cos θ, r sin θ)",
    lambda x: np.array([_polar_parts(x)[0] * _polar_parts(x)[1],
                        _polar_parts(x)[0] * _polar_parts(x)[2]]),
    lambda x: (lambda r, c, s: np.array([[c, -r * s], [s, r * c]]))(*_polar_parts(x)),
    lambda x: (lambda r, c, s: np.array([[0.0, -r * c], [0.0, -r * s]]))(*_polar_parts(x)),
    lambda x: (lambda r, c, s: np.array([[0.0, r * s], [0.0, -r * c]]))(*_polar_parts(x)),
)

_W = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
_B = np.array([1.0, -1.0])
LINEAR_MAP = KnownFunction("x ↦ Wx + b (W of shape (2, 3))", lambda x: _W @ _f(x) + _B,
                           lambda x: _W.copy(), lambda x: np.zeros((2, 3)))

_V = np.random.default_rng(3).normal(size=(3, 4))


def _layer_parts(x):
    t = np.tanh(_V @ _f(x))
    s = 1 - t**2
    return t, s


TANH_LAYER = KnownFunction(
    "x ↦ tanh(Vx) (V of shape (3, 4))",
    lambda x: np.tanh(_V @ _f(x)),
    lambda x: _layer_parts(x)[1][:, None] * _V,
    lambda x: (-2 * _layer_parts(x)[0] * _layer_parts(x)[1])[:, None] * _V**2,
    lambda x: (-2 * _layer_parts(x)[1] * (1 - 3 * _layer_parts(x)[0] ** 2))[:, None] * _V**3,
)

JACOBIAN_CASES = (
    (CUBIC_MAP, np.array([1.0, 2.0]), 0.1),
    (POLAR, np.array([2.0, 0.5])),
    (LINEAR_MAP, [1, -1, 2]),
    (TANH_LAYER, np.random.default_rng(4).normal(size=4) * 0.5),
)


# ---------------------------------------------------------------------------------------
# The finite-difference checkers
# ---------------------------------------------------------------------------------------


def _integer_input(x) -> bool:
    return np.asarray(x).dtype.kind in "iub"


def _const(value) -> object:
    value = np.asarray(value, dtype=float)
    return lambda *args: value


@quiet_numpy
def _difference_mistakes(f: KnownFunction, x, h: float, h_given: bool, what: str) -> list[Mistake]:
    """The slips of a central-difference code, predicted from f's derivatives at x."""
    want = f.central(x, h)
    mistakes = [
        Mistake(f"you used the forward difference (f(x + h) − f(x)) / h{what}: its error shrinks "
                "only like h. The central difference (f(x + h) − f(x − h)) / (2h) costs the "
                "same and its error shrinks like h².", _const(f.one_sided(x, h, +1))),
        Mistake(f"you used the backward difference (f(x) − f(x − h)) / h{what}: its error "
                "shrinks only like h. Use the central difference (f(x + h) − f(x − h)) / (2h).",
                _const(f.one_sided(x, h, -1))),
        Mistake("you divided by h instead of 2h: the points x − h and x + h are 2h apart.",
                _const(2 * want)),
        Mistake("your sign is flipped: compute f(x + h) − f(x − h), not f(x − h) − f(x + h).",
                _const(-want)),
        Mistake("operator precedence: `… / 2 * h` divides by 2 and then multiplies by h; "
                "write `… / (2 * h)`.", _const(want * h * h)),
        Mistake("you forgot to divide by 2h: f(x + h) − f(x − h) is a change in f, not a slope.",
                _const(want * 2 * h)),
    ]
    if h_given and not np.allclose(f.central(x, DEFAULT_H), want, rtol=RTOL, atol=ATOL):
        mistakes.append(Mistake(f"you ignored the h argument (a step hard-coded to {DEFAULT_H:g}?): "
                                "use the h you are given.", _const(f.central(x, DEFAULT_H))))
    if _integer_input(x) and np.ndim(want) > 0:
        mistakes.append(Mistake(
            "x holds integers, so a copy of it is an integer array too, and `x_step[i] += h` "
            "rounds x[i] ± h to a whole number: the step is lost. Convert first: "
            "x = np.asarray(x, dtype=float).", _const(_integer_steps(f, x, h))))
    return _distinct(mistakes, want)


def _integer_steps(f: KnownFunction, x, h: float) -> np.ndarray:
    """The difference quotients of code that steps a copy of an integer x in place (truncated)."""
    x = np.asarray(x)
    columns = []
    for i in range(x.size):
        up, down = x.copy(), x.copy()
        up[i], down[i] = int(x[i] + h), int(x[i] - h)  # what assigning into an int array does
        columns.append((np.asarray(f(up), dtype=float) - np.asarray(f(down), dtype=float)) / (2 * h))
    return np.stack(columns, axis=-1)


@quiet_numpy
def _distinct(mistakes: list[Mistake], want) -> list[Mistake]:
    """Drop the mistakes that give the right answer (or an earlier mistake's) on this case.

    A forward difference is exact on a linear map, for instance: there it is no mistake.
    """
    want = np.asarray(want, dtype=float)
    kept: list[Mistake] = []
    seen = [want]
    for mistake in mistakes:
        value = np.asarray(mistake.wrong(), dtype=float)
        if not any(close(value, other, RTOL, 1e-8) for other in seen):
            kept.append(mistake)
            seen.append(value)
    return kept


def _split(case) -> tuple[KnownFunction, object, float, bool]:
    f, x, *rest = case
    return f, x, (rest[0] if rest else DEFAULT_H), bool(rest)


@checker
def check_central_difference(central_difference: object, cases=CENTRAL_CASES) -> None:
    """Check ``central_difference(f, x, h=1e-5)`` ≈ f'(x) on curved functions, with and without h."""
    __tracebackhide__ = True
    for case in cases:
        f, x, h, given = _split(case)
        check_value(central_difference, case, f.central(x, h), name="central_difference",
                    mistakes=_difference_mistakes(f, x, h, given, ""), rtol=RTOL, atol=ATOL)
    passed("central_difference", len(cases))


def _gradient_mistakes(f: KnownFunction, x, h: float, given: bool) -> list[Mistake]:
    """The slips of a numerical gradient code, predicted from f's derivatives at x."""
    want = f.central(x, h)
    return _distinct([
        *_difference_mistakes(f, x, h, given, " in each coordinate"),
        Mistake("you stepped all coordinates at once (x + h·(1, …, 1)): that measures the slope "
                "along the diagonal, the same number in every entry. Step one coordinate at "
                "a time: x + h·eᵢ, where eᵢ is 1 in entry i and 0 elsewhere.",
                _const(np.full(want.shape, want.sum()))),
        Mistake("you returned f(x), one number: the gradient holds one partial derivative per "
                "entry of x.", _const(f(x))),
    ], want)


@checker
def check_numerical_gradient(numerical_gradient: object, cases=GRADIENT_CASES) -> None:
    """Check ``numerical_gradient(f, x, h=1e-5)`` against hand-derived gradients, x of 2 to 5 entries."""
    __tracebackhide__ = True
    for case in cases:
        f, x, h, given = _split(case)
        check_value(numerical_gradient, case, f.central(x, h), name="numerical_gradient",
                    mistakes=_gradient_mistakes(f, x, h, given), rtol=RTOL, atol=1e-8)
    passed("numerical_gradient", len(cases))


def _jacobian_mistakes(f: KnownFunction, x, h: float, given: bool) -> list[Mistake]:
    """The slips of a numerical Jacobian code, the transposed result first."""
    want = f.central(x, h)
    m, n = want.shape
    return _distinct([
        Mistake(f"your Jacobian is transposed: J[i, j] = ∂fᵢ/∂xⱼ has one row per output and one "
                f"column per input, shape (m, n) = ({m}, {n}). np.array(list_of_columns) "
                "stacks the columns as rows: use np.column_stack(...) or fill J[:, j].",
                _const(want.T)),
        *_difference_mistakes(f, x, h, given, " in each column"),
    ], want)


@checker
def check_jacobian(jacobian: object, cases=JACOBIAN_CASES) -> None:
    """Check ``jacobian(f, x, h=1e-5)``: shape (m, n), J[i, j] = ∂fᵢ/∂xⱼ, on four maps."""
    __tracebackhide__ = True
    for case in cases:
        f, x, h, given = _split(case)
        check_value(jacobian, case, f.central(x, h), name="jacobian",
                    mistakes=_jacobian_mistakes(f, x, h, given), rtol=RTOL, atol=1e-8)
    passed("jacobian", len(cases))


# ---------------------------------------------------------------------------------------
# quadratic_gradient(A, b, x): the gradient of f(x) = ½ xᵀAx − bᵀx, A not always symmetric
# ---------------------------------------------------------------------------------------

# (A, b, x, gradient), worked out by hand: ∇f = ½(A + Aᵀ)x − b. Case 1 is symmetric; the
# others are not, so using A (or Aᵀ) in place of (A + Aᵀ)/2 fails from case 2 on.
QUADRATIC_TABLE = (
    (np.array([[2, 1], [1, 3]]), np.array([1, -1]), np.array([1, 2]), [3.0, 8.0]),
    (np.array([[1.0, 2.0], [0.0, 3.0]]), np.array([0.0, 1.0]), np.array([1.0, 1.0]), [2.0, 3.0]),
    ([[4, 1, 0], [3, 2, -1], [2, 0, 5]], [1, 0, -2], [1, -1, 2], [3.0, -1.0, 13.5]),
    (np.array([[2.0, -1.0, 0.0, 3.0], [1.0, 4.0, 2.0, 0.0], [0.0, -2.0, 5.0, 1.0],
               [-1.0, 0.0, 2.0, 6.0]]),
     np.array([1.0, 2.0, 0.0, -1.0]), np.array([0.5, -1.0, 2.0, 1.5]),
     [1.5, -6.0, 12.25, 13.5]),
    (np.array([[3.0]]), np.array([2.0]), np.array([4.0]), [10.0]),
)


def _quadratic_mistakes(A, b, x, want) -> list[Mistake]:
    A, b, x, want = (np.asarray(v, dtype=float) for v in (A, b, x, want))
    mistakes = [
        Mistake("you used A instead of its symmetric part (A + Aᵀ)/2: for a non-symmetric A, "
                "∇(½xᵀAx) = ½(A + Aᵀ)x, which is Ax only when A = Aᵀ.", _const(A @ x - b)),
        Mistake("you used Aᵀ instead of the symmetric part (A + Aᵀ)/2: ∇(½xᵀAx) = ½(A + Aᵀ)x.",
                _const(A.T @ x - b)),
        Mistake("you forgot the ½: ∇f = ½(A + Aᵀ)x − b.", _const((A + A.T) @ x - b)),
        Mistake("you kept the ½ in front of A: differentiating ½xᵀAx gives ½(A + Aᵀ)x, which is "
                "Ax (not ½Ax) for a symmetric A.", _const(0.5 * A @ x - b)),
        Mistake("check the sign of b: the gradient of −bᵀx is −b.", _const(want + 2 * b)),
        Mistake("you forgot the −b: the gradient of −bᵀx is −b.", _const(want + b)),
        Mistake("your gradient points downhill: the sign is flipped. ∇f = ½(A + Aᵀ)x − b.",
                _const(-want)),
        Mistake("you returned the value f(x) = ½xᵀAx − bᵀx, a number; return its gradient, "
                "a vector with one entry per entry of x.", _const(0.5 * x @ A @ x - b @ x)),
    ]
    return _distinct(mistakes, want)


@checker
def check_quadratic_gradient(quadratic_gradient: object, table=QUADRATIC_TABLE) -> None:
    """Check ``quadratic_gradient(A, b, x)`` = ½(A + Aᵀ)x − b on hand-worked cases."""
    __tracebackhide__ = True
    for A, b, x, want in table:
        check_value(quadratic_gradient, (A, b, x), want, name="quadratic_gradient",
                    mistakes=_quadratic_mistakes(A, b, x, want), rtol=1e-9, atol=1e-9)
    passed("quadratic_gradient", len(table))


# ---------------------------------------------------------------------------------------
# least_squares_gradient(X, y, w): the gradient of L(w) = (1/n) ‖Xw − y‖²
# ---------------------------------------------------------------------------------------

# (X, y, w, gradient), worked out by hand: ∇L = (2/n) Xᵀ(Xw − y). Case 2 has a square X,
# so X in place of Xᵀ gives a wrong answer of the right shape there.
LEAST_SQUARES_TABLE = (
    (np.array([[1, 0], [1, 1], [1, 2]]), np.array([1, 2, 4]), np.array([0.0, 1.0]),
     [-8 / 3, -10 / 3]),
    (np.array([[2.0, 0.0, 1.0], [1.0, 3.0, 0.0], [0.0, 1.0, 1.0]]), np.array([1.0, 0.0, 2.0]),
     np.array([1.0, -1.0, 0.5]), [2 / 3, -17 / 3, -2 / 3]),
    ([[1.0, 0.5], [1.0, -1.0], [1.0, 2.0], [1.0, 0.0]], [2.0, -1.0, 3.0, 1.0], [0.5, 1.0],
     [-0.75, -1.0]),
    (np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0], [1.0, 1.0, 1.0],
               [-1.0, 0.0, 2.0]]),
     np.array([3.0, -1.0, 2.0, 0.0, 1.0]), np.array([1.0, 0.5, -0.5]), [0.8, 0.4, -3.0]),
)


def _least_squares_mistakes(X, y, w, want) -> list[Mistake]:
    X, y, w, want = (np.asarray(v, dtype=float) for v in (X, y, w, want))
    n, d = X.shape
    residual = X @ w - y
    mistakes = [
        Mistake("yours is half the gradient: differentiating the square brings down a 2, so "
                "∇L = (2/n) Xᵀ(Xw − y). (1/n) Xᵀ(Xw − y) is the gradient of the other convention, "
                "L = (1/(2n)) ‖Xw − y‖².", _const(want / 2)),
        Mistake(f"yours is n = {n} times too large: L is a mean over the n samples, so divide "
                "by n: ∇L = (2/n) Xᵀ(Xw − y).", _const(n * want)),
        Mistake("sign error: the residual is r = Xw − y (prediction minus target), and "
                "∇L = (2/n) Xᵀr. With y − Xw, flip the sign.", _const(-want)),
        Mistake(f"you divided by the number of features d = {d} instead of the number of "
                f"samples n = {n}.", _const(want * n / d)),
        Mistake("you returned the loss L(w), a number; return its gradient, one entry per weight.",
                _const(residual @ residual / n)),
        Mistake("you returned (2/n)(Xw − y), one entry per sample: multiply by Xᵀ to get one "
                "entry per weight.", _const(2 / n * residual)),
    ]
    if n == d:
        mistakes.append(Mistake("you used X instead of Xᵀ: the gradient is Xᵀ(Xw − y), so entry j "
                                "adds up column j of X times the residuals.",
                                _const(2 / n * X @ residual)))
    return _distinct(mistakes, want)


def _explain_shape_errors(fn: object) -> object:
    """Wrap ``fn`` so a shape-mismatch ValueError says which product is the likely culprit."""
    if not callable(fn):
        return fn

    def wrapped(*args):
        try:
            return fn(*args)
        except ValueError as error:
            text = str(error)
            if any(word in text for word in ("matmul", "shapes", "aligned", "broadcast")):
                raise ValueError(
                    f"{text} (the shapes do not line up: with X of shape (n, d), Xw − y has "
                    "shape (n,), and the gradient Xᵀ(Xw − y) has shape (d,), so use X.T, not X)"
                ) from None
            raise

    return wrapped


@checker
def check_least_squares_gradient(least_squares_gradient: object, table=LEAST_SQUARES_TABLE) -> None:
    """Check ``least_squares_gradient(X, y, w)`` = (2/n) Xᵀ(Xw − y) on hand-worked cases."""
    __tracebackhide__ = True
    fn = _explain_shape_errors(least_squares_gradient)
    for X, y, w, want in table:
        check_value(fn, (X, y, w), want, name="least_squares_gradient",
                    mistakes=_least_squares_mistakes(X, y, w, want), rtol=1e-9, atol=1e-9)
    passed("least_squares_gradient", len(table))
