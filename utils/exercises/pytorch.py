"""Checkers for chapter 10 (PyTorch).

``MLP`` (an ``nn.Module`` of the asked shape), ``train_step`` (``zero_grad`` → forward → loss
→ ``backward`` → ``step``), ``evaluate`` (under ``torch.no_grad()`` and ``model.eval()``) and
``make_loaders`` (a seeded split and ``DataLoader``).

The reference is torch itself, imported inside the checkers (never when this module is
imported): the forward pass of the learner's own ``nn.Linear`` layers composed with
``torch.relu``; the gradient of the batch's loss from ``torch.autograd.grad`` on a deep copy
of the model (a step of plain SGD moves every parameter by exactly ``lr`` times it); the
loss and accuracy of a whole data set computed in one call of the built-in
``F.cross_entropy``; a split judged by properties (every sample once, the asked sizes, the
same batches for the same seed). The models, optimizers and loaders handed to the learner's
functions are the checker's own, built fresh for every case, so nothing the learner made is
changed; torch's global random state is saved and restored around every checker. Known
mistakes are wrong formulas (a softmax before the loss, a mean of batch means) or
properties of what the learner's code did (the factor between the step taken and this
batch's gradient, the mode and grad mode seen by a forward hook).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import numpy as np

from utils.check import checker, layout, passed, show

# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------


def _torch():
    import torch

    return torch


def _fail(cause: str, where: str | None = None, expected: str | None = None,
          got: str | None = None, observed: str | None = None) -> None:
    __tracebackhide__ = True
    raise AssertionError(layout(cause, where, expected, got, observed))


def _call(fn: object, args: tuple, name: str, where: str, hints: tuple = ()) -> object:
    """``fn(*args)``, or a sentence: not a function, not implemented, or what it raised.

    ``hints`` are (text in the error, advice) pairs: an error whose message holds the text
    is explained by the advice, before the generic sentence.
    """
    __tracebackhide__ = True
    if not callable(fn):
        _fail(f"{name} is a {type(fn).__name__}, not a function — did you overwrite it?")
    try:
        return fn(*args)
    except NotImplementedError:
        _fail(f"{name} is not implemented yet: replace `raise NotImplementedError()` with your "
              "code.")
    except Exception as error:
        first = (str(error).strip().splitlines() or [""])[0]
        short = first if len(first) <= 110 else first[:107] + "..."
        for text, advice in hints:
            if text in first:
                _fail(advice, where, observed=f"{type(error).__name__}: {short}")
        _fail(f"{where} raised {type(error).__name__}: {short}. Run it in a cell on this input "
              "to see where.", where)


def _show(value: object) -> str:
    """:func:`utils.check.show` on one line, tensors shown through NumPy (a tensor of ... )."""
    torch = _torch()
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        text = "tensor " + show(value.numpy() if value.dim() else value.item())
    elif isinstance(value, tuple | list) and any(isinstance(v, torch.Tensor) for v in value):
        text = "(" + ", ".join(_show(v) for v in value) + ")"
    else:
        text = show(value)
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "..."


def _is_real_number(value: object) -> bool:
    return (isinstance(value, float | int | np.floating | np.integer)
            and not isinstance(value, bool | np.bool_))


def _float_result(value: object, what: str, where: str, name: str) -> float:
    """A loss or accuracy returned as a Python number, or the sentence for what came instead."""
    __tracebackhide__ = True
    torch = _torch()
    if value is None:
        _fail(f"{name} returned None — did you forget `return`?", where)
    if isinstance(value, torch.Tensor):
        if value.grad_fn is not None:
            _fail(f"{what} is a tensor with a grad_fn: it keeps the whole graph it was computed "
                  "from alive (all the activations of every batch added into it). Take "
                  "loss.item(), a Python float, before adding or returning it.", where,
                  got=_show(value))
        _fail(f"{what} is a tensor; return a Python float (.item()).", where, got=_show(value))
    if not _is_real_number(value):
        _fail(f"{what} is a {type(value).__name__} ({_show(value)}), not a number.", where)
    number = float(value)
    if not math.isfinite(number):
        _fail(f"{what} is {number}, not a finite number.", where)
    return number


def _flat(tensors) -> np.ndarray:
    return np.concatenate([t.detach().reshape(-1).double().numpy() for t in tensors])


# ---------------------------------------------------------------------------------------
# Exercise: MLP(n_in, hidden, n_out)
# ---------------------------------------------------------------------------------------

#: (n_in, hidden widths, n_out) of every MLP the checker builds; the task's shape first.
MLP_CASES = ((2, (16, 16), 2), (3, (8,), 4), (4, (6, 5, 3), 3), (5, (), 1))


def _linear_layers(model) -> list:
    nn = _torch().nn
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _unregistered(model) -> bool:
    """True if the model keeps modules in a plain list, tuple or dict attribute."""
    nn = _torch().nn
    for value in vars(model).values():
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, list | tuple | dict) and any(isinstance(v, nn.Module)
                                                          for v in items):
            return True
    return False


def _compose(layers, x, between: Callable | None, after: Callable | None = None):
    torch = _torch()
    h = x
    for k, layer in enumerate(layers):
        h = torch.nn.functional.linear(h, layer.weight, layer.bias)
        if k < len(layers) - 1 and between is not None:
            h = between(h)
    return after(h) if after is not None else h


@checker
def check_mlp(MLP) -> None:
    """``MLP(n_in, hidden, n_out)``: Linear layers of the asked shapes, ReLU between, logits out."""
    __tracebackhide__ = True
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional
    checks = 0
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(10)
        for n_in, hidden, n_out in MLP_CASES:
            where = f"MLP({n_in}, {hidden}, {n_out})"
            model = _call(MLP, (n_in, hidden, n_out), "MLP", where, hints=(
                ("Module.__init__() call", "call super().__init__() first in your __init__: "
                 "nn.Module must set itself up before you assign layers to self."),))
            if model is None:
                _fail(f"{where} returned None — did you forget `return`?", where)
            if not isinstance(model, nn.Module):
                _fail(f"MLP(...) made a {type(model).__name__}, not an nn.Module: write "
                      "`class MLP(nn.Module):` and build the layers in __init__.", where)
            sizes = [n_in, *hidden, n_out]
            want = [(b, a) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
            layers = _linear_layers(model)
            shapes = [tuple(layer.weight.shape) for layer in layers]
            if not layers and _unregistered(model):
                _fail("your layers are in a plain Python list, so nn.Module does not see them "
                      "(model.parameters() is empty and the optimizer would train nothing): "
                      "use nn.ModuleList or nn.Sequential.", where)
            if shapes == [(a, b) for b, a in want] and want != shapes:
                _fail("nn.Linear(in_features, out_features) takes the input size first; your "
                      "layers have them swapped (a weight is stored as (out, in)).", where,
                      expected=f"weight shapes {want}", got=f"{shapes}")
            if shapes != want:
                _fail(f"{where} should hold {len(want)} nn.Linear layers, in order, with weights "
                      "of shape (out, in) as listed; yours differ.", where,
                      expected=f"weight shapes {want}", got=f"{shapes}")
            if any(layer.bias is None for layer in layers):
                _fail("a Linear layer has no bias: keep nn.Linear's default bias=True.", where)
            registered = sum(p.numel() for p in model.parameters())
            count = sum(a * b + a for a, b in want)
            if registered != count:
                _fail(f"the model registers {registered} parameters; its layers hold {count}. "
                      "Every layer must be an attribute (or in nn.ModuleList / nn.Sequential), "
                      "and nothing else trainable.", where)
            x = torch.randn(7, n_in)
            out = _call(model, (x,), "your model", f"{where}(x) with x of shape (7, {n_in})")
            if out is None:
                _fail("forward returned None — did you forget `return`?",
                      f"{where}(x) with x of shape (7, {n_in})")
            if not isinstance(out, torch.Tensor):
                _fail(f"forward returned a {type(out).__name__}, not a tensor — did you forget "
                      "`return` in forward?", f"{where}(x) with x of shape (7, {n_in})")
            if tuple(out.shape) != (7, n_out):
                _fail(f"forward should return logits of shape (N, {n_out}), one row per sample.",
                      f"{where}(x) with x of shape (7, {n_in})", expected=f"shape (7, {n_out})",
                      got=f"shape {tuple(out.shape)}")
            if not out.requires_grad:
                _fail("forward's output does not require grad, so loss.backward() would reach "
                      "no parameter: do not use torch.no_grad() or .detach() inside forward.",
                      where)
            with torch.no_grad():
                right = _compose(layers, x, torch.relu)
                wrong = (
                    ("the output goes through a ReLU too: logits must be free to be negative "
                     "(CrossEntropyLoss needs raw scores). No activation after the last layer.",
                     _compose(layers, x, torch.relu, torch.relu)),
                    ("forward returns probabilities (a softmax at the end): return logits, "
                     "CrossEntropyLoss applies log_softmax itself.",
                     _compose(layers, x, torch.relu, lambda h: F.softmax(h, dim=1))),
                    ("forward returns log-probabilities (log_softmax at the end): return the "
                     "logits themselves, the task's loss does the log_softmax.",
                     _compose(layers, x, torch.relu, lambda h: F.log_softmax(h, dim=1))),
                    ("there is no activation between your layers: a stack of Linear layers is "
                     "one linear map (a product of matrices, chapter 02). Put nn.ReLU() "
                     "between them.", _compose(layers, x, None)),
                    ("use ReLU between the layers, as the task asks; yours looks like tanh.",
                     _compose(layers, x, torch.tanh)),
                    ("use ReLU between the layers, as the task asks; yours looks like a "
                     "sigmoid.", _compose(layers, x, torch.sigmoid)),
                )
                got = out.detach()
                if not torch.allclose(got, right, rtol=1e-5, atol=1e-6):
                    for advice, formula in wrong:
                        if torch.allclose(got, formula, rtol=1e-5, atol=1e-6):
                            _fail(advice, where)
                    _fail("forward does not compute Linear → ReLU → … → Linear with your own "
                          "layers, in the order you created them.", f"{where}(x)",
                          expected=_show(right[0].numpy()), got=_show(got[0].numpy()))
            checks += 1
    passed("MLP", checks)


# ---------------------------------------------------------------------------------------
# Exercise: train_step(model, optimizer, loss_fn, xb, yb) -> float
# ---------------------------------------------------------------------------------------

TRAIN_LR = 0.5


def _train_problem(seed: int, n: int = 12, classes: int = 3):
    """A small float64 model, its batch and a plain-SGD optimizer: every step is exact."""
    torch = _torch()
    nn = torch.nn
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, classes)).double()
    xb = torch.randn(n, 2, dtype=torch.float64, generator=generator)
    yb = torch.randint(0, classes, (n,), generator=generator)
    return model, torch.optim.SGD(model.parameters(), lr=TRAIN_LR), xb, yb


def _gradient(model, loss_of_logits, xb, yb) -> tuple[np.ndarray, float]:
    """(flat gradient, loss) of ``loss_of_logits(model(xb), yb)`` on a deep copy of the model."""
    torch = _torch()
    twin = copy.deepcopy(model)
    params = list(twin.parameters())
    loss = loss_of_logits(twin(xb), yb)
    return _flat(torch.autograd.grad(loss, params)), float(loss)


def _loss_after(model, loss_fn, xb, yb) -> float:
    torch = _torch()
    with torch.no_grad():
        return float(loss_fn(copy.deepcopy(model)(xb), yb))


# (case, description, loss, whether .grad holds a left-over gradient of this batch)
def _train_cases():
    nn = _torch().nn
    return (
        ("a fresh model", "loss_fn=nn.CrossEntropyLoss()", nn.CrossEntropyLoss(), False),
        (".grad still holding this batch's gradient from an earlier backward",
         "loss_fn=nn.CrossEntropyLoss()", nn.CrossEntropyLoss(), True),
        ("a fresh model", "loss_fn=nn.CrossEntropyLoss(label_smoothing=0.2)",
         nn.CrossEntropyLoss(label_smoothing=0.2), False),
    )


@checker
def check_train_step(train_step) -> None:
    """One step: clear, forward, loss, backward, step; the loss before the step as a float."""
    __tracebackhide__ = True
    torch = _torch()
    F = torch.nn.functional
    checks = 0
    with torch.random.fork_rng(devices=[]):
        for index, (state, loss_text, loss_fn, leftover) in enumerate(_train_cases()):
            model, optimizer, xb, yb = _train_problem(100 + index)
            where = (f"train_step(model, optimizer, {loss_text}, xb, yb) on {state}: "
                     "12 samples, 3 classes, SGD with lr = 0.5")
            grad, loss_before = _gradient(model, loss_fn, xb, yb)
            soft, _ = _gradient(model, lambda z, t, f=loss_fn: f(F.softmax(z, dim=1), t), xb, yb)
            plain, _ = _gradient(model, F.cross_entropy, xb, yb)
            if leftover:  # what an earlier backward on this batch left in .grad
                params = list(model.parameters())
                for p, g in zip(params, torch.autograd.grad(loss_fn(model(xb), yb), params),
                                strict=True):
                    p.grad = g.detach().clone()
            before = _flat(model.parameters())
            x_given, y_given = xb.clone(), yb.clone()
            result = _call(train_step, (model, optimizer, loss_fn, x_given, y_given),
                           "train_step", where, hints=(
                               ("expected target dtype to be Long", "CrossEntropyLoss wants "
                                "class indices of dtype torch.int64: do not convert yb to "
                                "float."),
                               ("0D or 1D target tensor expected", "CrossEntropyLoss wants "
                                "targets of shape (N,): do not reshape yb into a column."),
                               ("does not require grad", "the loss does not require grad: "
                                "compute it from model(xb) with gradients on (no "
                                "torch.no_grad(), no .detach())."),
                               ("backward through the graph a second time", "backward ran "
                                "twice on the same graph: call loss.backward() once."),
                           ))
            if result is None:
                _fail("train_step returned None — did you forget `return`? (return "
                      "loss.item())", where)
            if not (torch.equal(x_given, xb) and torch.equal(y_given, yb)):
                _fail("train_step changed xb or yb in place — leave the batch as it is.", where)
            after = _flat(model.parameters())
            taken = (before - after) / TRAIN_LR   # the gradient the step used
            grads_now = [p.grad for p in model.parameters()]
            empty = all(g is None or not bool(torch.any(g)) for g in grads_now)
            scale = float(np.dot(grad, grad))
            ratio = float(np.dot(taken, grad) / scale) if scale else float("nan")
            multiple = (round(ratio) if math.isfinite(ratio) and ratio > 1.5
                        and np.allclose(taken, round(ratio) * grad, rtol=1e-7, atol=1e-10)
                        else None)
            right = np.allclose(taken, grad, rtol=1e-7, atol=1e-10)
            observed = f"the step moved the parameters by {_show(ratio)} × lr × this batch's gradient"
            if not right:
                if np.allclose(taken, 0, atol=1e-12):
                    if empty:
                        _fail("the parameters did not move and .grad is empty: call "
                              "loss.backward() before optimizer.step().", where)
                    _fail("the parameters did not move although .grad holds this batch's "
                          "gradient: optimizer.step() did not run after loss.backward() "
                          "(missing, called before backward, or an optimizer over another "
                          "model's parameters instead of the one you were given).", where)
                if multiple is not None and leftover:
                    if empty:
                        _fail(f"the step used {multiple}× this batch's gradient: you clear the "
                              "gradients after the step, so a gradient already in .grad was "
                              "added into this one. Call optimizer.zero_grad() first, before "
                              "the forward pass.", where, observed=observed)
                    _fail(f"the step used {multiple}× this batch's gradient: .grad still held an "
                          "earlier gradient and backward adds into it. Call "
                          "optimizer.zero_grad() before loss.backward().", where,
                          observed=observed)
                if multiple is not None and not leftover:
                    _fail(f"the step used {multiple}× this batch's gradient on a fresh model: "
                          "did loss.backward() run more than once?", where, observed=observed)
                if np.allclose(taken, soft, rtol=1e-6, atol=1e-10):
                    _fail("you applied a softmax before the loss: CrossEntropyLoss takes logits "
                          "and applies log_softmax itself, so the gradient came out wrong "
                          "(and much too small).", where, observed=observed)
                if index == 2 and np.allclose(taken, plain, rtol=1e-6, atol=1e-10):
                    _fail("the step followed plain cross-entropy, not the loss_fn you were given "
                          "(here with label smoothing): call loss_fn(model(xb), yb).", where)
                _fail("the step did not move the parameters by lr × this batch's gradient "
                      "(no known mistake explains it).", where, observed=observed)
            loss = _float_result(result, "the loss train_step returned", where, "train_step")
            if not math.isclose(loss, loss_before, rel_tol=1e-6, abs_tol=1e-9):
                later = _loss_after(model, loss_fn, xb, yb)
                if math.isclose(loss, later, rel_tol=1e-6, abs_tol=1e-9):
                    _fail("you returned the loss after the step: return the loss of the batch "
                          "the step was computed from (loss.item() of the forward pass).",
                          where, expected=_show(loss_before), got=_show(loss))
                _fail("train_step should return this batch's loss before the step.", where,
                      expected=_show(loss_before), got=_show(loss))
            checks += 1
    passed("train_step", checks)


# ---------------------------------------------------------------------------------------
# Exercise: evaluate(model, loader) -> (mean loss, accuracy)
# ---------------------------------------------------------------------------------------


def _eval_problem(seed: int, n: int, batch_size: int, training: bool):
    torch = _torch()
    nn = torch.nn
    from torch.utils.data import DataLoader, TensorDataset

    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
    model.train(training)
    X = torch.randn(n, 2, generator=generator)
    y = torch.randint(0, 3, (n,), generator=generator)
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=False)
    return model, loader, X, y


@checker
def check_evaluate(evaluate) -> None:
    """Mean loss over every sample and accuracy, in eval mode, without gradients; mode restored."""
    __tracebackhide__ = True
    torch = _torch()
    F = torch.nn.functional
    checks = 0
    with torch.random.fork_rng(devices=[]):
        for seed, n, batch_size, training in ((1, 50, 16, True), (2, 45, 7, False)):
            model, loader, X, y = _eval_problem(seed, n, batch_size, training)
            mode = "train" if training else "eval"
            where = (f"evaluate(model, loader): a model with dropout, in {mode} mode; {n} "
                     f"samples in batches of {batch_size}")
            seen = []
            model.register_forward_pre_hook(
                lambda module, args, seen=seen: seen.append((torch.is_grad_enabled(),
                                                             module.training)))
            before = _flat(model.parameters())
            result = _call(evaluate, (model, loader), "evaluate", where)
            if result is None:
                _fail("evaluate returned None — did you forget `return`?", where)
            if not isinstance(result, tuple | list) or len(result) != 2:
                _fail("evaluate should return a pair (mean loss, accuracy).", where,
                      got=_show(result))
            if not np.array_equal(before, _flat(model.parameters())):
                _fail("evaluate changed the model's parameters: evaluation only measures.", where)
            if not seen:
                _fail("evaluate never called the model on the loader's batches.", where)
            if any(grad_on for grad_on, _ in seen):
                if isinstance(result[0], torch.Tensor) and result[0].grad_fn is not None:
                    _float_result(result[0], "the mean loss", where, "evaluate")
                _fail("gradients were on while the model ran: wrap the loop in "
                      "`with torch.no_grad():` (autograd otherwise records a graph of every "
                      "batch, for nothing).", where)
            if any(in_training for _, in_training in seen):
                _fail("the model ran in train mode, so dropout was active and the loss is "
                      "noisy: call model.eval() before the loop.", where)
            if model.training != training:
                now = "train" if model.training else "eval"
                _fail(f"evaluate left the model in {now} mode; it was in {mode} mode. Remember "
                      "model.training first and restore it at the end "
                      "(model.train(was_training)), or training afterwards runs in the wrong "
                      "mode.", where)
            loss = _float_result(result[0], "the mean loss (the first value returned)", where,
                                 "evaluate")
            accuracy = _float_result(result[1], "the accuracy (the second value returned)",
                                     where, "evaluate")
            twin = copy.deepcopy(model).eval()
            with torch.no_grad():
                logits = twin(X)
                want_loss = float(F.cross_entropy(logits, y))
                hits = (logits.argmax(dim=1) == y).double()
                want_accuracy = float(hits.mean())
                batches = [(F.cross_entropy(logits[i:i + batch_size], y[i:i + batch_size]),
                            hits[i:i + batch_size].mean()) for i in range(0, n, batch_size)]
            by_batch_loss = float(np.mean([float(b[0]) for b in batches]))
            by_batch_accuracy = float(np.mean([float(b[1]) for b in batches]))
            last = n - (n - 1) // batch_size * batch_size
            if not math.isclose(loss, want_loss, rel_tol=1e-5, abs_tol=1e-7):
                wrong_loss = (
                    (by_batch_loss, f"you averaged the batch means, but the last batch has "
                                    f"{last} samples, not {batch_size}: weight each batch's "
                                    "loss by its size (loss.item() * len(yb)) and divide by "
                                    "the number of samples."),
                    (want_loss * n, "you returned the sum of the losses over all samples, "
                                    "not their mean."),
                    (want_loss * n / len(batches), "you divided the sum of the losses by the "
                                                   "number of batches; divide by the number "
                                                   "of samples."),
                    (float(batches[-1][0]), "you returned the last batch's loss only: add up "
                                            "over every batch."),
                )
                for value, advice in wrong_loss:
                    if math.isclose(loss, value, rel_tol=1e-5, abs_tol=1e-7):
                        _fail(advice, where, expected=_show(want_loss), got=_show(loss))
                _fail("the mean cross-entropy over all samples is off.", where,
                      expected=_show(want_loss), got=_show(loss))
            if not math.isclose(accuracy, want_accuracy, rel_tol=1e-6, abs_tol=1e-9):
                wrong_accuracy = (
                    (want_accuracy * n, "you returned the number of right answers; the "
                                        "accuracy is their fraction (divide by the number "
                                        "of samples)."),
                    (want_accuracy * 100, "return the accuracy as a fraction between 0 and 1, "
                                          "not a percentage."),
                    (by_batch_accuracy, f"you averaged the batch accuracies, but the last batch "
                                        f"has {last} samples: count the right answers and "
                                        "divide by the number of samples."),
                )
                for value, advice in wrong_accuracy:
                    if math.isclose(accuracy, value, rel_tol=1e-6, abs_tol=1e-9):
                        _fail(advice, where, expected=_show(want_accuracy), got=_show(accuracy))
                _fail("the accuracy (the fraction of samples whose largest logit is their "
                      "class) is off.", where, expected=_show(want_accuracy), got=_show(accuracy))
            checks += 1
    passed("evaluate", checks)


# ---------------------------------------------------------------------------------------
# Exercise: make_loaders(X, y, val_fraction, batch_size, seed) -> (train, val)
# ---------------------------------------------------------------------------------------


def _loader_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n distinct 2-D points, labels sorted by class (as data files often are)."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.normal(size=(n, 2)), 3) + np.arange(n)[:, None] * 1e-3
    y = np.repeat([0, 1], [n // 2, n - n // 2]).astype(np.int64)
    return X, y


def _batches(loader: object, where: str, what: str) -> list[tuple]:
    """Every (xb, yb) of one pass over ``loader``, or a sentence saying what came instead."""
    __tracebackhide__ = True
    torch = _torch()
    if isinstance(loader, str | bytes | dict) or not hasattr(loader, "__iter__"):
        _fail(f"the {what} loader is a {type(loader).__name__}, not a DataLoader.", where)
    try:
        batches = []
        for batch in loader:
            if len(batches) > 10_000:
                _fail(f"the {what} loader never ends.", where)
            batches.append(batch)
    except AssertionError:
        raise
    except Exception as error:
        _fail(f"iterating over the {what} loader raised {type(error).__name__}: {error}", where)
    if not batches:
        _fail(f"the {what} loader yields no batches.", where)
    for batch in batches:
        if not (isinstance(batch, tuple | list) and len(batch) == 2
                and all(isinstance(t, torch.Tensor) for t in batch)):
            _fail(f"each batch of the {what} loader should be a pair of tensors (xb, yb): wrap "
                  "the tensors in a TensorDataset.", where, got=_show(batch))
    for xb, yb in batches:
        if xb.dtype != torch.float32:
            _fail(f"the features are {xb.dtype}: nn.Linear's weights are float32, so the model "
                  "would refuse them. Make them with torch.tensor(X, dtype=torch.float32).",
                  where)
        if yb.dtype.is_floating_point:
            _fail(f"the labels are {yb.dtype}: CrossEntropyLoss wants class indices of dtype "
                  "torch.int64 (torch.long). Make them with torch.tensor(y, dtype=torch.long).",
                  where)
        if yb.dtype != torch.int64:
            _fail(f"the labels are {yb.dtype}: CrossEntropyLoss wants torch.int64 (torch.long).",
                  where)
        if yb.dim() == 2 and yb.shape[1] == 1:
            _fail(f"the labels come in shape {tuple(yb.shape)}: CrossEntropyLoss wants targets "
                  "of shape (N,) — do not reshape y into a column.", where)
        if xb.dim() != 2 or yb.dim() != 1 or len(xb) != len(yb):
            _fail(f"a batch should be xb of shape (B, d) and yb of shape (B,); got "
                  f"{tuple(xb.shape)} and {tuple(yb.shape)}.", where)
    return batches


def _row(features, label) -> tuple:
    """A sample as a hashable key: its features in float32, rounded, and its label."""
    values = np.round(np.asarray(features, dtype=np.float32).astype(np.float64), 4)
    return (*values.tolist(), int(label))


def _rows(batches) -> list[tuple]:
    return [_row(xb_row, label) for xb, yb in batches
            for xb_row, label in zip(xb.detach().numpy(), yb.numpy(), strict=True)]


@checker
def check_make_loaders(make_loaders) -> None:
    """A seeded random split (every sample once) and a shuffling, seeded training loader."""
    __tracebackhide__ = True
    torch = _torch()
    checks = 0
    with torch.random.fork_rng(devices=[]):
        for n, fraction, batch_size, as_lists in ((80, 0.25, 16, False), (60, 0.2, 8, True)):
            X, y = _loader_data(n, n)
            given = (X.tolist(), y.tolist()) if as_lists else (X, y)
            kind = "lists" if as_lists else "arrays"
            where = (f"make_loaders(X, y, val_fraction={fraction}, batch_size={batch_size}, "
                     f"seed=0) with {n} samples as {kind}, sorted by class")
            runs = []
            for seed in (0, 0, 1):
                copies = copy.deepcopy(given)
                result = _call(make_loaders, (*copies, fraction, batch_size, seed),
                               "make_loaders", where)
                if not all(np.array_equal(np.asarray(a), np.asarray(b))
                           for a, b in zip(copies, given, strict=True)):
                    _fail("make_loaders changed X or y in place — work on copies.", where)
                if result is None:
                    _fail("make_loaders returned None — did you forget `return`?", where)
                if not isinstance(result, tuple | list) or len(result) != 2:
                    _fail("make_loaders should return a pair (train_loader, val_loader).", where,
                          got=_show(result))
                train, val = result
                runs.append((train, _batches(train, where, "training"),
                             _batches(val, where, "validation")))
            train, train_batches, val_batches = runs[0]
            n_val = int(n * fraction)
            train_rows, val_rows = _rows(train_batches), _rows(val_batches)
            everything = sorted(train_rows + val_rows)
            originals = [_row(row, label) for row, label in zip(X, y, strict=True)]
            want = sorted(originals)
            if everything != want:
                if len(everything) == len(want) and sorted(r[:-1] for r in everything) == sorted(
                        r[:-1] for r in want):
                    _fail("the features are all there but some carry another sample's label: "
                          "shuffle X and y together (one permutation, or random_split of a "
                          "TensorDataset).", where)
                _fail("the two loaders together should hold every sample exactly once.", where,
                      expected=f"{n} samples", got=f"{len(train_rows)} in training, "
                      f"{len(val_rows)} in validation, {len(set(everything))} distinct")
            if len(val_rows) != n_val:
                _fail(f"the validation set should hold int({n} × {fraction}) = {n_val} samples.",
                      where, expected=str(n_val), got=str(len(val_rows)))
            sizes = [len(yb) for _, yb in train_batches]
            if sizes[0] != batch_size or any(s != batch_size for s in sizes[:-1]):
                _fail(f"the training batches should hold batch_size = {batch_size} samples (the "
                      "last one the rest).", where, got=f"batch sizes {sizes}")
            val_set = set(val_rows)
            for name, block in (("first", originals[:n_val]), ("last", originals[-n_val:])):
                if set(block) == val_set:
                    _fail(f"your validation set is the {name} {n_val} rows: with data sorted "
                          "by class it holds one class only. Split at random (random_split, "
                          "or a seeded permutation of the indices).", where)
            again_train, again_val = runs[1][1], runs[1][2]
            if set(_rows(again_val)) != val_set:
                _fail("two calls with seed=0 gave different splits: the split is unseeded. "
                      "Pass generator=torch.Generator().manual_seed(seed) to random_split.",
                      where)
            if _rows(again_train) != train_rows:
                _fail("two calls with seed=0 gave different training batches: the shuffling "
                      "is unseeded. Pass generator=torch.Generator().manual_seed(seed) to "
                      "the training DataLoader.", where)
            if set(_rows(runs[2][2])) == val_set:
                _fail("seed=1 gave the same split as seed=0: use the seed argument.", where)
            second_pass = _rows(_batches(train, where, "training"))
            if second_pass == train_rows:
                _fail("the training loader gives the same order in every epoch: pass "
                      "shuffle=True (with its generator), so each epoch sees new batches.",
                      where)
            if sorted(second_pass) != sorted(train_rows):
                _fail("a second pass over the training loader holds other samples than the "
                      "first.", where)
            checks += 1
    passed("make_loaders", checks)
