"""Checkers for chapter 08 (SGD and linear models): mse_gradient, bce_gradient, minibatches,
sgd and standardize.

The references hold no solution of the exercises:

* the two gradients are compared with **central differences** of the loss, written with
  NumPy built-ins (the squared error, and the cross-entropy from logits as
  ``np.logaddexp(0, z) - y * z``);
* ``minibatches`` is judged by **properties** (every index once, the sizes, the order of
  ``rng.permutation(n)``, the built-in it must use);
* ``sgd`` by the **closed form** of full-batch gradient descent on a quadratic (one batch
  per epoch: w_E = w* + (I − ηH)^E (w₀ − w*)) and by a **fixed table** of expected results,
  and of the results of typical mistakes, re-derived in tests/test_exercises_linear_models.py;
* ``standardize`` by properties of the training set's result (columns of mean 0 and
  standard deviation 1) and NumPy's ``mean`` and ``std`` of the training set for the test set.

The mistakes are wrong formulas or predicted wrong answers, each named only when it
explains every case the learner got wrong.
"""

from __future__ import annotations

import types

import numpy as np

from utils.check import (
    Mistake,
    as_number_array,
    call,
    call_on_copies,
    checker,
    fail,
    matching_mistake,
    passed,
    quiet_numpy,
    ratio_problem,
    refuse_alias,
    require_result,
    show,
    show_call,
    structure_problem,
)


def _design(X) -> np.ndarray:
    """The features with the column of ones in front (the model's bias comes first)."""
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(len(X)), X])


def _flat(y) -> np.ndarray:
    return np.asarray(y, dtype=float).ravel()


@quiet_numpy
def central_differences(loss, w, h: float = 1e-5) -> np.ndarray:
    """The gradient of ``loss`` at ``w`` by central differences, one coordinate at a time."""
    w = np.asarray(w, dtype=float)
    steps = h * np.eye(w.size)
    return np.array([(loss(w + e) - loss(w - e)) / (2 * h) for e in steps])


def _mse_loss(X, y):
    A, t = _design(X), _flat(y)
    return lambda w: np.mean(np.square(A @ w - t))


def _bce_loss(X, y):
    A, t = _design(X), _flat(y)
    return lambda w: np.mean(np.logaddexp(0, A @ w) - t * (A @ w))


def numerical_mse_gradient(X, y, w) -> np.ndarray:
    """Central differences of mean((w[0] + X @ w[1:] − y)²): the reference of exercise 1."""
    return central_differences(_mse_loss(X, y), w)


def numerical_bce_gradient(X, y, w) -> np.ndarray:
    """Central differences of the mean cross-entropy from logits: the reference of exercise 2."""
    return central_differences(_bce_loss(X, y), w)


# ---------------------------------------------------------------------------------------
# Cases shared by the two gradients
# ---------------------------------------------------------------------------------------

_rng = np.random.default_rng(808)
_X6 = _rng.normal(size=(6, 2)) * [1.0, 3.0]
_X5 = _rng.normal(size=(5, 3))
_X9 = _rng.normal(size=(9, 1)) + 2.0
_X7 = _rng.normal(size=(7, 4))

#: (X, y, w): lists; a column y; N ≠ d and N ≠ d + 1 everywhere (a division by the number
#: of features shows); integer targets; a bias far from 0.
MSE_CASES = (
    ([[1.0], [2.0]], [1.0, 3.0], [0.0, 1.0]),
    (_X6, _X6 @ [1.0, -0.5] + 2.0 + _rng.normal(0, 0.3, 6), np.array([0.5, 0.2, 0.1])),
    (_X5, (_X5 @ [1.0, 2.0, -1.0])[:, None], np.array([-1.0, 0.5, 0.0, 2.0])),
    (_X9, np.arange(9), np.array([3.0, -1.0])),
    (_X7, _rng.normal(size=7), np.array([0.3, -0.2, 0.1, 0.5, -0.4])),
)

_z = (_rng.normal(size=(8, 2)) * 1.5).round(2)
#: (X, y, w) for the cross-entropy: labels as ints, floats, booleans and a column.
BCE_CASES = (
    ([[1.0], [-1.0]], [1, 0], [0.0, 0.0]),
    (_z, np.array([1, 0, 0, 1, 1, 0, 1, 0]), np.array([0.2, 1.0, -0.5])),
    (_X5, np.array([[1.0], [0.0], [1.0], [1.0], [0.0]]), np.array([-0.5, 0.3, 0.8, -1.2])),
    (_X9, np.arange(9) % 3 == 0, np.array([1.0, -0.7])),
    (_X7, np.array([0, 0, 1, 0, 1, 1, 0]), np.array([0.1, -0.4, 0.6, 0.2, -0.3])),
)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _sizes(X):
    X = np.asarray(X, dtype=float)
    return X.shape[0], X.shape[1]


#: Said when a gradient comes back as a table: predictions and targets of different shapes.
BROADCAST = ("your residual became an (N, N) table: predictions of shape (N, 1) minus "
             "targets of shape (N,) (or the other way round) broadcast, pairing every "
             "prediction with every target. Flatten both first (np.ravel(y)).")
NO_BIAS_ENTRY = ("your gradient has d entries where w has d + 1: the bias w[0] needs its own "
                 "entry. Put a column of ones in front of X (section 2) and use it throughout.")
NO_BIAS_PREDICTION = ("your prediction leaves out the bias: the model is w[0] + X @ w[1:]. "
                      "Put a column of ones in front of X (section 2), then use X̃ @ w.")
BIAS_LAST = ("your column of ones is at the end, so the bias is taken from w[-1]; here the "
             "bias comes first: np.column_stack([np.ones(N), X]).")


def _gradient_mistakes(kind: str) -> tuple[Mistake, ...]:
    """The mistakes shared by the two gradients, for the residual of ``kind`` ("mse"/"bce")."""
    scale = 2.0 if kind == "mse" else 1.0
    link = (lambda z: z) if kind == "mse" else _sigmoid

    def gradient(X, y, w, residual_of=None, divide=None, bias=True):
        A = _design(X)
        w = np.asarray(w, dtype=float)
        z = A @ w if bias else np.asarray(X, dtype=float) @ w[1:]
        r = residual_of(link(z)) if residual_of else link(z) - _flat(y)
        n = len(A) if divide is None else divide(*_sizes(X))
        return scale / n * A.T @ r

    def table(X, y, w, column_prediction):
        A, w = _design(X), np.asarray(w, dtype=float)
        p = link(A @ w)
        r = p[:, None] - _flat(y)[None, :] if column_prediction else p - np.asarray(y, dtype=float)
        return scale / len(A) * A.T @ r

    return (
        Mistake(BROADCAST, lambda X, y, w: table(X, y, w, True)),
        Mistake(BROADCAST, lambda X, y, w: table(X, y, w, False)),
        Mistake("you divided by the number of features d instead of the number of samples N: "
                "the mean is over the samples (the rows of X).",
                lambda X, y, w: gradient(X, y, w, divide=lambda n, d: d)),
        Mistake("you divided by d + 1, the number of weights, instead of the number of "
                "samples N: the mean is over the samples (the rows of X).",
                lambda X, y, w: gradient(X, y, w, divide=lambda n, d: d + 1)),
        Mistake("yours is N times too large: you summed over the samples instead of averaging "
                "(the loss is a mean, so its gradient has the 1/N).",
                lambda X, y, w: gradient(X, y, w, divide=lambda n, d: 1)),
        Mistake(NO_BIAS_PREDICTION, lambda X, y, w: gradient(X, y, w, bias=False)),
        Mistake(NO_BIAS_ENTRY, lambda X, y, w: gradient(X, y, w)[1:]),
        Mistake(BIAS_LAST, lambda X, y, w: _bias_last(X, y, w, scale, link)),
    )


def _bias_last(X, y, w, scale, link):
    X = np.asarray(X, dtype=float)
    A = np.column_stack([X, np.ones(len(X))])
    return scale / len(A) * A.T @ (link(A @ np.asarray(w, dtype=float)) - _flat(y))


MSE_MISTAKES = (
    *_gradient_mistakes("mse"),
    Mistake("a factor 2 is missing: the derivative of the square (ŷ − y)² is 2(ŷ − y).",
            lambda X, y, w: _design(X).T @ (_design(X) @ np.asarray(w, dtype=float) - _flat(y))
            / len(_design(X))),
)

BCE_MISTAKES = (
    *_gradient_mistakes("bce"),
    Mistake("that is the gradient for labels in {−1, 1} (the loss log(1 + e^(−y·z))); here "
            "the labels are 0 and 1 and the gradient is X̃ᵀ(σ(z) − y)/N.",
            lambda X, y, w: -_design(X).T @ (_flat(y) * _sigmoid(-_flat(y) * (
                _design(X) @ np.asarray(w, dtype=float)))) / len(_design(X))),
    Mistake("you turned the labels into −1 and 1 (2y − 1); the cross-entropy of this exercise "
            "uses the labels 0 and 1 as they are: σ(z) − y.",
            lambda X, y, w: _design(X).T @ (_sigmoid(_design(X) @ np.asarray(w, dtype=float))
                                             - (2 * _flat(y) - 1)) / len(_design(X))),
    Mistake("you used the logits z where the probabilities σ(z) belong: the residual is "
            "σ(z) − y, with the sigmoid.",
            lambda X, y, w: _design(X).T @ (_design(X) @ np.asarray(w, dtype=float) - _flat(y))
            / len(_design(X))),
    Mistake("you multiplied by the sigmoid's slope σ(z)(1 − σ(z)): that is the squared "
            "error's gradient through a sigmoid. For the cross-entropy the slope cancels: "
            "X̃ᵀ(σ(z) − y)/N.",
            lambda X, y, w: _design(X).T @ _slope_residual(X, y, w) / len(_design(X))),
    Mistake("an extra factor 2: the cross-entropy's gradient is X̃ᵀ(σ(z) − y)/N, without the "
            "2 of the squared error.",
            lambda X, y, w: 2 * _design(X).T @ (_sigmoid(_design(X) @ np.asarray(w, dtype=float))
                                                 - _flat(y)) / len(_design(X))),
)


def _slope_residual(X, y, w):
    p = _sigmoid(_design(X) @ np.asarray(w, dtype=float))
    return (p - _flat(y)) * p * (1 - p)


def _missing_bias_error(error: AssertionError) -> bool:
    text = str(error)
    return " raised " in text and any(word in text for word in (
        "matmul", "not aligned", "shapes", "broadcast", "size"))


def _tables(cases, gots, wants) -> bool:
    """Whether every wrong answer that can tell (N > d + 1) is a table with N in its shape."""
    telling = []
    for case, got, want in zip(cases, gots, wants, strict=True):
        n, d = _sizes(case[0])
        if n > d + 1 and not (got.shape == want.shape and np.allclose(got, want, rtol=1e-6,
                                                                      atol=1e-8)):
            telling.append(got.ndim == 2 and got.shape in ((d + 1, n), (n, d + 1), (n, n)))
    return bool(telling) and all(telling)


@quiet_numpy
def _check_gradient(fn: object, cases, reference, mistakes, name: str) -> None:
    __tracebackhide__ = True
    wants = [np.asarray(reference(*case)) for case in cases]
    gots, results, places = [], [], []
    for case in cases:
        where = show_call(name, case)
        try:
            result, given = call_on_copies(fn, case, name, where, names=("X", "y", "w"))
        except AssertionError as error:
            if _missing_bias_error(error):
                X, _, w = case
                n, d = _sizes(X)
                fail(f"{error}".split("\n")[0].split(" raised ")[0] + " raised an error about "
                     f"shapes: X has d = {d} columns and w has d + 1 = {d + 1} entries — did you "
                     "forget the column of ones? Put it in front of X (section 2): "
                     "np.column_stack([np.ones(len(X)), X]).", where=where)
            raise
        got = as_number_array(result, where)
        gots.append(got)
        results.append((result, given))
        places.append(where)
    for index, (got, want) in enumerate(zip(gots, wants, strict=True)):
        if got.shape == want.shape and np.allclose(got, want, rtol=1e-6, atol=1e-8):
            continue
        reason = matching_mistake(mistakes, gots, cases, index, rtol=1e-6, atol=1e-8, wants=wants)
        if not reason:
            reason = BROADCAST if _tables(cases, gots, wants) else (
                structure_problem(got, want, 1e-6, 1e-8) or ratio_problem(gots, wants, cases))
        first = reason or (f"{name} gave a wrong result on this input, and no known mistake "
                           "explains it (compare expected and got).")
        fail(first, where=places[index], expected=want, got=results[index][0])
    for (result, given), where in zip(results, places, strict=True):
        refuse_alias(result, given, where, names=("X", "y", "w"))
    passed(name, len(cases))


@checker
def check_mse_gradient(mse_gradient: object, cases=MSE_CASES) -> None:
    """Check ``mse_gradient(X, y, w)`` against central differences of the mean squared error.

    The model is w[0] + X @ w[1:]; y may be 1-D or a column; the answer has shape (d + 1,).
    """
    __tracebackhide__ = True
    _check_gradient(mse_gradient, cases, numerical_mse_gradient, MSE_MISTAKES, "mse_gradient")


@checker
def check_bce_gradient(bce_gradient: object, cases=BCE_CASES) -> None:
    """Check ``bce_gradient(X, y, w)`` against central differences of the mean cross-entropy.

    The logits are w[0] + X @ w[1:] and the labels are 0 and 1; the answer has shape (d + 1,).
    """
    __tracebackhide__ = True
    _check_gradient(bce_gradient, cases, numerical_bce_gradient, BCE_MISTAKES, "bce_gradient")


# ---------------------------------------------------------------------------------------
# minibatches(n, batch_size, rng) -> the batches of one epoch
# ---------------------------------------------------------------------------------------

#: (n, batch_size, seed): a remainder, an even split, the example, one batch larger than n,
#: batches of one, n = 1.
MINIBATCH_CASES = ((10, 3, 0), (8, 4, 1), (5, 2, 0), (7, 10, 2), (6, 1, 5), (12, 5, 4), (1, 1, 3))


def _batches(result: object, where: str) -> list[np.ndarray]:
    """The learner's batches as a list of 1-D integer arrays, or a sentence."""
    __tracebackhide__ = True
    require_result(result, where)
    if isinstance(result, str | bytes | dict | set) or callable(result):
        fail(f"{where} returned a {type(result).__name__}; return a list of index arrays "
             "(or yield them).")
    try:
        items = list(result)
    except TypeError:
        fail(f"{where} returned {show(result)}, which is not a list of batches; return a "
             "list of index arrays (or yield them).")
    batches = []
    for item in items:
        if np.ndim(item) == 0:
            fail(f"{where} gave one flat sequence of indices ({show(np.asarray(items))}); "
                 "return the batches: a list of index arrays, one per batch.")
        array = np.asarray(item)
        if array.ndim != 1:
            fail(f"{where} gave a batch of shape {array.shape}; each batch is a 1-D array "
                 "of indices.")
        if array.size and not np.issubdtype(array.dtype, np.integer):
            fail(f"{where} gave indices of type {array.dtype} ({show(array)}); indices must "
                 "be integers (rng.permutation(n) gives integers; floats cannot index rows).")
        batches.append(array.astype(int))
    return batches


def _minibatch_problem(batches: list[np.ndarray], n: int, size: int, seed: int) -> str | None:
    """What is wrong with the learner's batches of one epoch (None when they are right)."""
    expected = np.random.default_rng(seed).permutation(n)
    sizes = [len(b) for b in batches]
    want_sizes = [size] * (n // size) + ([n % size] if n % size else [])
    flat = np.concatenate(batches) if batches else np.array([], dtype=int)
    if not batches:
        return "you returned no batches at all; one epoch has ⌈n / B⌉ of them."
    if flat.size and (flat.min() < 0 or flat.max() >= n):
        return f"an index is out of range: the indices of n = {n} samples run from 0 to {n - 1}."
    if 0 in sizes:
        return ("one of your batches is empty: your loop goes one step too far (the starts "
                "are range(0, n, batch_size)).")
    counts = np.bincount(flat, minlength=n)
    if np.any(counts > 1):
        return ("some indices appear twice and others never: you sampled with replacement "
                "(rng.integers, rng.choice, or a new permutation for each batch). An epoch "
                "shuffles once, order = rng.permutation(n), and cuts that order into batches.")
    if np.any(counts == 0):
        left = n % size
        if left and flat.size == n - left and np.array_equal(flat, expected[: n - left]):
            return (f"you dropped the last partial batch: the {left} indices left over after "
                    f"{n // size} full batches never appear (a loop bound of n − batch_size + 1, "
                    "or n // batch_size batches). Keep it: range(0, n, batch_size).")
        if left and flat.size == n - left and np.array_equal(np.sort(flat), np.arange(n - left)):
            return (f"you dropped the last partial batch (the {left} indices left over never "
                    "appear), and your order is not rng.permutation(n).")
        return (f"some indices never appear: {show(np.flatnonzero(counts == 0))} are missing "
                "from the epoch; every index 0 … n − 1 belongs to exactly one batch.")
    if not np.array_equal(flat, expected):
        if n > 2 and np.array_equal(flat, np.arange(n)):
            return ("your batches are not shuffled: they take 0, 1, 2, … in order. Shuffle "
                    "first, order = rng.permutation(n), then cut order into batches.")
        if np.array_equal(np.sort(flat), np.arange(n)) and sizes == want_sizes:
            return ("every index appears once, but not in the order of rng.permutation(n) "
                    "with the rng you were given: call rng.permutation(n) once (not "
                    "rng.choice, np.random, a new default_rng, or a second draw).")
    if sizes != want_sizes:
        return (f"your batch sizes are {sizes}; with n = {n} and batch_size = {size} they are "
                f"{want_sizes}: consecutive pieces of batch_size, the remainder last.")
    return None


@checker
def check_minibatches(minibatches: object, cases=MINIBATCH_CASES) -> None:
    """Check ``minibatches(n, batch_size, rng)``: rng.permutation(n) cut into batches, in order.

    Every index appears exactly once; all batches have batch_size indices except the last,
    which holds the n mod batch_size left over. A generator is accepted.
    """
    __tracebackhide__ = True
    for n, size, seed in cases:
        where = f"minibatches({n}, {size}, np.random.default_rng({seed}))"
        result = call(minibatches, (n, size, np.random.default_rng(seed)), "minibatches")
        if isinstance(result, types.GeneratorType):
            try:
                result = list(result)
            except Exception as error:
                fail(f"{where} raised {type(error).__name__} while yielding batches: {error}. "
                     "Run it in a cell on this input to see where.")
        batches = _batches(result, where)
        problem = _minibatch_problem(batches, n, size, seed)
        if problem:
            expected = np.random.default_rng(seed).permutation(n)
            want = [expected[k:k + size] for k in range(0, n, size)]
            fail(problem, where=where, expected=_show_batches(want),
                 got=_show_batches(batches), shown=True)
    passed("minibatches", len(cases))


def _show_batches(batches) -> str:
    text = "[" + ", ".join("[" + ", ".join(str(int(i)) for i in b) + "]" for b in batches) + "]"
    return text if len(text) <= 120 else text[:117] + "..."


# ---------------------------------------------------------------------------------------
# sgd(X, y, w0, lr, batch_size, epochs, seed) -> final w
# ---------------------------------------------------------------------------------------

_sgd_rng = np.random.default_rng(88)
_XS = _sgd_rng.normal(size=(12, 2))
_YS = 1.0 + _XS @ [2.0, -1.0] + _sgd_rng.normal(0, 0.2, 12)
_XF = _sgd_rng.normal(size=(6, 2))
_YF = _XF @ [1.0, 0.5] - 1.0 + _sgd_rng.normal(0, 0.1, 6)

#: Cases (X, y, w0, lr, batch_size, epochs, seed) where every epoch is one batch of all the
#: data (batch_size ≥ N): the order cannot matter, and the result is gradient descent's
#: closed form. The example of the task comes first.
SGD_FULL_CASES = (
    ([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], [0.0, 0.0], 0.1, 3, 2, 0),
    (_XF, _YF, np.array([0.5, 0.0, 0.0]), 0.1, 6, 5, 1),
    (_XF, _YF, np.array([0.0, 1.0, -1.0]), 0.05, 10, 3, 2),
)

#: Cases with several batches per epoch (one with a short last batch, one without).
SGD_TABLE_CASES = (
    (_XS, _YS, np.zeros(3), 0.05, 5, 3, 3),
    (_XS, _YS, np.array([1.0, 1.0, 1.0]), 0.02, 4, 2, 7),
)
SGD_CASES = SGD_FULL_CASES + SGD_TABLE_CASES

#: For each case of SGD_CASES: the right final w, and the final w that each mistake of
#: SGD_TABLE_MISTAKES gives. Re-derived in tests/test_exercises_linear_models.py (which also
#: checks "right" against the closed form on the full-batch cases).
SGD_TABLE = (
    {"right": (0.9066666667, 1.3244444444),
     "not shuffled": (0.9066666667, 1.3244444444),
     "same order": (0.9066666667, 1.3244444444),
     "with replacement": (0.7866666667, 1.0666666667),
     "dropped last": (0.9066666667, 1.3244444444),
     "summed": (0.96, 1.52),
     "permutation per batch": (0.9066666667, 1.3244444444)},
    {"right": (-0.4632636487, 0.3412276822, 0.1126897574),
     "not shuffled": (-0.4632636487, 0.3412276822, 0.1126897574),
     "same order": (-0.4632636487, 0.3412276822, 0.1126897574),
     "with replacement": (-0.4649871749, 0.3421268708, 0.1577826917),
     "dropped last": (-0.4632636487, 0.3412276822, 0.1126897574),
     "summed": (-1.5781210009, 0.8074511912, 0.0641235064),
     "permutation per batch": (-0.4632636487, 0.3412276822, 0.1126897574)},
    {"right": (-0.0771344291, 1.053697, -0.6246002311),
     "not shuffled": (-0.0771344291, 1.053697, -0.6246002311),
     "same order": (-0.0771344291, 1.053697, -0.6246002311),
     "with replacement": (-0.0977855242, 1.053361701, -0.6433830611),
     "dropped last": (0.0, 1.0, -1.0),
     "summed": (-0.6230648069, 1.2617456304, 0.2652441412),
     "permutation per batch": (-0.0771344291, 1.053697, -0.6246002311)},
    {"right": (0.7333385198, 1.3789513014, -0.4727143039),
     "not shuffled": (0.8768340421, 1.3123959208, -0.4728906143),
     "same order": (0.8553585798, 1.3441901951, -0.4356347635),
     "with replacement": (0.7819126886, 1.3979424007, -0.3766820877),
     "dropped last": (0.6933264472, 1.1282214082, -0.4045499667),
     "summed": (1.0322414552, 1.99397707, -0.8860763475),
     "permutation per batch": (0.8065456604, 1.5492699466, -0.7010792185)},
    {"right": (1.0755368352, 1.2881459949, 0.7768328931),
     "not shuffled": (1.073456158, 1.2903541143, 0.7763312761),
     "same order": (1.0751340785, 1.2867975267, 0.7765779839),
     "with replacement": (1.0993352756, 1.2326754422, 0.8398895206),
     "dropped last": (1.0755368352, 1.2881459949, 0.7768328931),
     "summed": (1.1644429146, 1.789470286, 0.2336002801),
     "permutation per batch": (1.19011031, 1.304297274, 0.781984394)},
)

#: The advice for each predicted mistake of SGD_TABLE.
SGD_TABLE_MISTAKES = {
    "summed": "you summed the batch's gradient instead of averaging it (reduction 'sum'): "
              "that multiplies the learning rate by the batch size. Use the mean squared "
              "error of the batch (exercise 1).",
    "with replacement": "you drew each batch at random with replacement (rng.integers or "
                        "rng.choice): an epoch visits every sample exactly once. Shuffle with "
                        "rng.permutation(n) and cut it into batches (your minibatches).",
    "permutation per batch": "you drew a new permutation for every batch: samples repeat "
                             "within an epoch while others are skipped. Shuffle once per "
                             "epoch, order = rng.permutation(n), and cut order into batches.",
    "dropped last": "you dropped the last partial batch of each epoch: the samples left over "
                    "after the full batches are never used. Keep the short batch.",
    "not shuffled": "your epochs are not shuffled: every epoch takes the samples in the order "
                    "0, 1, 2, … Shuffle each epoch with the rng (rng.permutation(n), or your "
                    "minibatches).",
    "same order": "every epoch uses the same order: you shuffled once, before the epochs, or "
                  "made a new np.random.default_rng(seed) inside the epoch loop. Make the "
                  "generator once, before the loop, and draw a new permutation (call "
                  "minibatches) at the start of every epoch.",
}


@quiet_numpy
def closed_form_gd(X, y, w0, lr: float, steps: int) -> np.ndarray:
    """Full-batch gradient descent on the mean squared error after ``steps`` steps, in closed form.

    The loss is quadratic with Hessian H = 2/N X̃ᵀX̃ and minimum w* (least squares), so
    w_k − w* = (I − lr·H)ᵏ (w₀ − w*). First used in chapter 08 (the sgd checker).
    """
    A, t = _design(X), _flat(y)
    H = 2 * A.T @ A / len(A)
    best = np.linalg.lstsq(A, t, rcond=None)[0]
    step = np.linalg.matrix_power(np.eye(len(best)) - lr * H, int(steps))
    return best + step @ (np.asarray(w0, dtype=float) - best)


def _sgd_predictions(index: int) -> dict[str, np.ndarray]:
    """advice -> the final w that mistake gives on case ``index`` (where it is known)."""
    table = SGD_TABLE[index]
    found = {advice: np.array(table[key]) for key, advice in SGD_TABLE_MISTAKES.items()}
    if index < len(SGD_FULL_CASES):
        X, y, w0, lr, _, epochs, _ = SGD_CASES[index]
        for extra, label in ((1, "one epoch too many"), (-1, "one epoch too few")):
            found[f"{label}: yours is what {epochs + extra} epochs give here (epochs = "
                  f"{epochs}); loop over range(epochs), one pass over the data each."] = (
                closed_form_gd(X, y, w0, lr, epochs + extra))
        found["you returned w0: no step changed the weights (w = w - lr * gradient, inside "
              "both loops)."] = np.asarray(w0, dtype=float)
    return found


def _same(got: np.ndarray, want) -> bool:
    want = np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-8))


@checker
@quiet_numpy
def check_sgd(sgd: object) -> None:
    """Check ``sgd(X, y, w0, lr, batch_size, epochs, seed)``: epochs of mini-batch SGD.

    With one batch per epoch the result is gradient descent's closed form; with several, a
    fixed table of the right result. A mistake (from the table of mistakes' results) is
    named only when it explains every case the learner got wrong.
    """
    __tracebackhide__ = True
    wants = [closed_form_gd(*case[:4], case[5]) if i < len(SGD_FULL_CASES)
             else np.array(SGD_TABLE[i]["right"]) for i, case in enumerate(SGD_CASES)]
    places = [show_call("sgd", case) for case in SGD_CASES]
    calls = []
    for case, where in zip(SGD_CASES, places, strict=True):
        result, given = call_on_copies(sgd, case, "sgd", where, names=("X", "y", "w0"),
                                       hint=" (start from w = np.array(w0, dtype=float))")
        calls.append((result, given, as_number_array(result, where)))
    wrong = [i for i, (_, _, got) in enumerate(calls) if not _same(got, wants[i])]
    if not wrong:
        for (result, given, _), where in zip(calls, places, strict=True):
            refuse_alias(result, given, where, names=("X", "y", "w0"))
        passed("sgd", len(SGD_CASES))
        return
    first = wrong[0]
    got = calls[first][2]
    reason = None
    for advice, value in _sgd_predictions(first).items():
        if not _same(got, value):
            continue
        explains = all(_same(calls[i][2], _sgd_predictions(i)[advice]) for i in wrong
                       if advice in _sgd_predictions(i))
        if explains:
            reason = advice
            break
    if reason is None:
        reason = structure_problem(got, wants[first], 1e-6, 1e-8)
    fail(reason or "sgd gave a wrong result on this input, and no known mistake explains "
         "it (compare expected and got).", where=places[first], expected=wants[first],
         got=calls[first][0])


# ---------------------------------------------------------------------------------------
# standardize(X_train, X_test) -> (train_scaled, test_scaled)
# ---------------------------------------------------------------------------------------

_st = np.random.default_rng(5)
#: (X_train, X_test): lists; columns on different scales and offsets; a test set larger
#: than the training set; one feature.
STANDARDIZE_CASES = (
    ([[0.0], [2.0]], [[4.0]]),
    (_st.normal(size=(8, 3)) * [1.0, 20.0, 0.1] + [5.0, 100.0, -3.0],
     _st.normal(size=(4, 3)) * [1.5, 10.0, 0.2] + [6.0, 90.0, -3.0]),
    (_st.normal(size=(5, 2)) * [2.0, 0.5] + [1.0, 1.0],
     _st.normal(size=(9, 2)) * [1.0, 1.0] + [3.0, -1.0]),
    (_st.uniform(0, 80, size=(6, 1)), _st.uniform(0, 80, size=(2, 1))),
)


def _scaled(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def _stats(X, **options):
    X = np.asarray(X, dtype=float)
    return np.mean(X, axis=0), np.std(X, axis=0, **options)


def _both(train, test, mean, std):
    return _scaled(train, mean, std), _scaled(test, mean, std)


STANDARDIZE_MISTAKES = {
    "you scaled the test set with its own mean and standard deviation: use the training "
    "set's statistics for both (the test set stands for new data, which you cannot measure "
    "in advance).": lambda tr, te: (_scaled(tr, *_stats(tr)), _scaled(te, *_stats(te))),
    "you took the statistics from the training and the test set together: compute them on "
    "X_train alone, or the test data leak into your preprocessing.":
        lambda tr, te: _both(tr, te, *_stats(np.vstack([tr, te]))),
    "you scaled both sets with the test set's statistics: compute them on X_train.":
        lambda tr, te: _both(tr, te, *_stats(te)),
    "you divided by the sample standard deviation (ddof=1); this exercise uses np.std's "
    "default, dividing by N.": lambda tr, te: _both(tr, te, *_stats(tr, ddof=1)),
    "you divided by the variance: divide by the standard deviation, its square root.":
        lambda tr, te: _both(tr, te, _stats(tr)[0], _stats(tr)[1] ** 2),
    "you only subtracted the mean: divide by the standard deviation too.":
        lambda tr, te: _both(tr, te, _stats(tr)[0], 1.0),
    "you only divided by the standard deviation: subtract the mean first.":
        lambda tr, te: _both(tr, te, 0.0, _stats(tr)[1]),
    "you used the statistics of the rows (axis=1) or of all entries at once: each column "
    "(feature) gets its own mean and standard deviation, axis=0.":
        lambda tr, te: _both(tr, te, np.mean(tr), np.std(tr)),
    "you returned (test, train): return the pair in the order (train_scaled, test_scaled).":
        lambda tr, te: tuple(reversed(_both(tr, te, *_stats(tr)))),
}


def _pair(result: object, where: str, shapes) -> tuple[np.ndarray, np.ndarray]:
    __tracebackhide__ = True
    require_result(result, where)
    if not isinstance(result, tuple | list) or len(result) != 2:
        one = np.asarray(result, dtype=float) if isinstance(result, np.ndarray) else None
        if one is not None and one.shape == shapes[0]:
            fail(f"{where} returned one array; return both: (train_scaled, test_scaled).")
        fail(f"{where} returned {show(result)}; return a pair (train_scaled, test_scaled).")
    return (as_number_array(result[0], f"{where}[0] (train_scaled)"),
            as_number_array(result[1], f"{where}[1] (test_scaled)"))


@checker
@quiet_numpy
def check_standardize(standardize: object, cases=STANDARDIZE_CASES) -> None:
    """Check ``standardize(X_train, X_test)``: both scaled with the training set's statistics.

    The training set's result must have columns of mean 0 and standard deviation 1 (its
    own properties); the test set's is (X_test − mean) / std with NumPy's mean and std of
    X_train.
    """
    __tracebackhide__ = True
    for train, test in cases:
        where = show_call("standardize", (train, test))
        result, given = call_on_copies(standardize, (train, test), "standardize", where,
                                       names=("X_train", "X_test"),
                                       hint=" (X - mean makes a new array; X -= mean does not)")
        shapes = (np.shape(train), np.shape(test))
        got_train, got_test = _pair(result, where, shapes)
        want_train, want_test = _both(train, test, *_stats(train))
        good_train = (got_train.shape == shapes[0] and np.allclose(got_train.mean(axis=0), 0,
                                                                    atol=1e-9)
                      and np.allclose(got_train.std(axis=0), 1, rtol=1e-9)
                      and np.allclose(got_train, want_train, rtol=1e-7, atol=1e-9))
        good_test = got_test.shape == shapes[1] and np.allclose(got_test, want_test, rtol=1e-7,
                                                                atol=1e-9)
        if good_train and good_test:
            refuse_alias(tuple(result), given, where, names=("X_train", "X_test"))
            continue
        reason = None
        for advice, wrong in STANDARDIZE_MISTAKES.items():
            a, b = wrong(train, test)
            if (np.shape(a) == got_train.shape and np.shape(b) == got_test.shape
                    and np.allclose(got_train, a, rtol=1e-7, atol=1e-9, equal_nan=True)
                    and np.allclose(got_test, b, rtol=1e-7, atol=1e-9, equal_nan=True)):
                reason = advice
                break
        if good_train:
            part, got, want = "test_scaled", got_test, want_test
        else:
            part, got, want = "train_scaled", got_train, want_train
        if reason is None:
            reason = structure_problem(got, want, 1e-7, 1e-9) or (
                f"your {part} is wrong, and no known mistake explains it: "
                + ("the training set's columns should have mean 0 and standard deviation 1."
                   if part == "train_scaled" else
                   "scale the test set with the training set's mean and standard deviation."))
        fail(reason, where=where, expected=want, got=got)
    passed("standardize", len(cases))
