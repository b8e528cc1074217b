"""The chapter 10 checkers (utils.exercises.pytorch), proven both ways without the notebook.

Correct answers, and the alternatives of tests/grading_cases/pytorch.py, pass; every mistake
of the grading cases fails with its diagnosis here too, and more of each class (zero_grad
after the step, backward twice, no backward, no step, the loss after the step, a loss of
one's own, a sum or a count instead of a mean, a percentage, unshuffled epochs, a split that
ignores its seed, labels shuffled apart from their features, a missing super().__init__(),
swapped Linear sizes); bad returns give one sentence; the checkers leave torch's global
random state as they found it; importing the module does not import torch.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

from conftest import fails_with
from grading_cases import pytorch as cases
from utils.exercises.pytorch import (
    check_evaluate,
    check_make_loaders,
    check_mlp,
    check_train_step,
)

pytestmark = pytest.mark.filterwarnings("error")

CHECKERS = {"mlp": (check_mlp, "MLP"), "train-step": (check_train_step, "train_step"),
            "evaluate": (check_evaluate, "evaluate"),
            "make-loaders": (check_make_loaders, "make_loaders")}


def define(source: str, name: str):
    """Run an answer cell's source with the notebook's imports; return the function it defines."""
    namespace = {"np": np, "math": math, "torch": torch, "nn": nn, "DataLoader": DataLoader,
                 "TensorDataset": TensorDataset, "random_split": random_split}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def test_importing_the_checkers_does_not_import_torch():
    """`import utils.exercises.pytorch` and `utils.explore.pytorch` stay torch-free."""
    code = ("import sys, utils.exercises.pytorch, utils.explore.pytorch; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# The reference answers and the alternatives pass
# ---------------------------------------------------------------------------------------

REFERENCE = {"mlp": cases._MLP.replace("self.layers = torch.nn.Sequential(*layers)",
                                       "self.layers = torch.nn.Sequential(*layers[:-1])"),
             "train-step": cases._STEP, "evaluate": cases._EVALUATE,
             "make-loaders": cases._LOADERS}


@pytest.mark.parametrize("grade_id", list(CHECKERS))
def test_reference_answers_pass(grade_id, capsys):
    check, name = CHECKERS[grade_id]
    check(define(REFERENCE[grade_id], name))
    assert capsys.readouterr().out.startswith("✔")


@pytest.mark.parametrize("grade_id", list(cases.ALTERNATIVES))
def test_alternatives_pass(grade_id, capsys):
    check, name = CHECKERS[grade_id]
    check(define(cases.ALTERNATIVES[grade_id], name))
    assert capsys.readouterr().out.startswith("✔")


def test_more_alternatives_pass(capsys):
    """Layers as attributes; zero_grad at the start with set_to_none; a float from float(loss)."""
    check_mlp(define('''
class MLP(nn.Module):
    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        sizes = [n_in, *hidden, n_out]
        for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            setattr(self, f"fc{k}", nn.Linear(a, b))
        self.depth = len(sizes) - 1

    def forward(self, x):
        for k in range(self.depth):
            x = getattr(self, f"fc{k}")(x)
            if k < self.depth - 1:
                x = x.clamp(min=0)
        return x
''', "MLP"))
    check_train_step(define('''
def train_step(model, optimizer, loss_fn, xb, yb):
    for p in model.parameters():
        p.grad = None
    loss = loss_fn(model(xb), yb)
    loss.backward()
    optimizer.step()
    return float(loss)
''', "train_step"))
    check_make_loaders(define('''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    torch.manual_seed(seed)
    X, y = torch.tensor(np.asarray(X), dtype=torch.float32), torch.tensor(np.asarray(y))
    order = torch.randperm(len(X))
    n_val = int(len(X) * val_fraction)
    tr, va = order[n_val:], order[:n_val]
    return (DataLoader(TensorDataset(X[tr], y[tr]), batch_size=batch_size, shuffle=True),
            DataLoader(TensorDataset(X[va], y[va]), batch_size=batch_size))
''', "make_loaders"))
    assert capsys.readouterr().out.count("✔") == 3


# ---------------------------------------------------------------------------------------
# Every grading-case mistake fails here with its phrase
# ---------------------------------------------------------------------------------------

ROUNDS = [cases.MISTAKES, *cases.MORE_MISTAKES]
MISTAKE_CASES = [(k, grade_id) for k, round_ in enumerate(ROUNDS) for grade_id in round_]


@pytest.mark.parametrize("round_, grade_id", MISTAKE_CASES)
def test_grading_case_mistakes_are_named(round_, grade_id):
    source, phrase = ROUNDS[round_][grade_id]
    check, name = CHECKERS[grade_id]
    fails_with(check, define(source, name), phrase)


# ---------------------------------------------------------------------------------------
# More mistakes of each class
# ---------------------------------------------------------------------------------------

STEP_MISTAKES = {
    "zero_grad after the step": (cases._STEP.replace("    optimizer.zero_grad()\n", "").replace(
        "    optimizer.step()\n", "    optimizer.step()\n    optimizer.zero_grad()\n"),
        "you clear the gradients after the step"),
    "backward twice": (cases._STEP.replace("loss.backward()",
                                           "loss.backward(retain_graph=True)\n    loss.backward()"),
                       "did loss.backward() run more than once?"),
    "no backward": (cases._STEP.replace("    loss.backward()\n", ""),
                    "call loss.backward() before optimizer.step()"),
    "no step": (cases._STEP.replace("    optimizer.step()\n", ""),
                "optimizer.step() did not run after loss.backward()"),
    "step before backward": (cases._STEP.replace(
        "    loss.backward()\n    optimizer.step()\n", "    optimizer.step()\n    loss.backward()\n"),
        "optimizer.step() did not run after loss.backward()"),
    "loss after the step": (cases._STEP.replace("return loss.item()",
                                                "return loss_fn(model(xb), yb).item()"),
                            "you returned the loss after the step"),
    "its own loss": (cases._STEP.replace("loss_fn(model(xb), yb)",
                                         "nn.functional.cross_entropy(model(xb), yb)"),
                     "not the loss_fn you were given"),
    "detached tensor": (cases._STEP.replace("return loss.item()", "return loss.detach()"),
                        "is a tensor; return a Python float"),
    "float targets": (cases._STEP.replace("loss_fn(model(xb), yb)", "loss_fn(model(xb), yb.float())"),
                      "do not convert yb to float"),
    "column targets": (cases._STEP.replace("loss_fn(model(xb), yb)",
                                           "loss_fn(model(xb), yb[:, None])"),
                       "do not reshape yb into a column"),
    "no return": (cases._STEP.replace("    return loss.item()\n", ""), "None"),
    "in-place batch": (cases._STEP.replace("    optimizer.zero_grad()\n",
                                           "    optimizer.zero_grad()\n    xb *= 1.0\n    xb[0] = 0\n"),
                       "changed xb or yb in place"),
}


@pytest.mark.parametrize("mistake", list(STEP_MISTAKES))
def test_train_step_mistakes(mistake):
    source, phrase = STEP_MISTAKES[mistake]
    fails_with(check_train_step, define(source, "train_step"), phrase)


def test_zero_grad_forgotten_names_the_factor():
    """The message gives k, measured: 2 with one left-over gradient of the same batch."""
    message = fails_with(check_train_step, define(cases._STEP.replace(
        "    optimizer.zero_grad()\n", ""), "train_step"), "2×")
    assert "observed: the step moved the parameters by 2 × lr" in message


MLP_MISTAKES = {
    "no super": (cases._MLP.replace("        super().__init__()\n", ""), "super().__init__()"),
    "swapped sizes": (REFERENCE["mlp"].replace("nn.Linear(a, b)", "nn.Linear(b, a)"),
                      "nn.Linear(in_features, out_features) takes the input size first"),
    "tanh": (REFERENCE["mlp"].replace("nn.ReLU()", "nn.Tanh()"), "yours looks like tanh"),
    "sigmoid": (REFERENCE["mlp"].replace("nn.ReLU()", "nn.Sigmoid()"), "looks like a sigmoid"),
    "log_softmax": (REFERENCE["mlp"].replace("return self.layers(x)",
                                             "return torch.log_softmax(self.layers(x), dim=1)"),
                    "log-probabilities"),
    "no bias": (REFERENCE["mlp"].replace("nn.Linear(a, b)", "nn.Linear(a, b, bias=False)"),
                "has no bias"),
    "one layer short": (REFERENCE["mlp"].replace("sizes = [n_in, *hidden, n_out]",
                                                 "sizes = [n_in, *hidden[:1], n_out]"),
                        "should hold"),
    "detached output": (REFERENCE["mlp"].replace("return self.layers(x)",
                                                 "return self.layers(x).detach()"),
                        "does not require grad"),
    "returns numpy": (REFERENCE["mlp"].replace("return self.layers(x)",
                                               "return self.layers(x).detach().numpy()"),
                      "not a tensor"),
    "not a module": ("def MLP(n_in, hidden, n_out):\n    return [n_in, hidden, n_out]\n",
                     "not an nn.Module"),
    "extra parameter": (REFERENCE["mlp"].replace(
        "        self.layers = torch.nn.Sequential(*layers[:-1])",
        "        self.layers = torch.nn.Sequential(*layers[:-1])\n"
        "        self.scale = nn.Parameter(torch.ones(1))"), "registers"),
}


@pytest.mark.parametrize("mistake", list(MLP_MISTAKES))
def test_mlp_mistakes(mistake):
    source, phrase = MLP_MISTAKES[mistake]
    fails_with(check_mlp, define(source, "MLP"), phrase)


EVALUATE_MISTAKES = {
    "sum": (cases._EVALUATE.replace("return total / count, correct / count",
                                    "return total, correct / count"), "the sum of the losses"),
    "count": (cases._EVALUATE.replace("return total / count, correct / count",
                                      "return total / count, correct"),
              "the number of right answers"),
    "percentage": (cases._EVALUATE.replace("return total / count, correct / count",
                                           "return total / count, 100 * correct / count"),
                   "not a percentage"),
    "by batches": (cases._EVALUATE.replace("            count += len(yb)\n",
                                           "            count += len(yb)\n    batches = 0\n"
                                           "    for _ in loader:\n        batches += 1\n")
                   .replace("return total / count,", "return total / batches,"),
                   "divided the sum of the losses by the number of batches"),
    "last batch": ('''
def evaluate(model, loader):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb).item()
    everything = torch.cat([xb for xb, _ in loader]), torch.cat([yb for _, yb in loader])
    with torch.no_grad():
        accuracy = (model(everything[0]).argmax(1) == everything[1]).float().mean().item()
    model.train(was_training)
    return loss, accuracy
''', "the last batch's loss only"),
    "train at the end": (cases._EVALUATE.replace("model.train(was_training)", "model.train()"),
                         "evaluate left the model in train mode"),
    "one value": (cases._EVALUATE.replace("return total / count, correct / count",
                                          "return total / count"), "a pair"),
    "an optimizer step": (cases._EVALUATE.replace("    model.eval()\n",
                                                  "    model.eval()\n    with torch.no_grad():\n"
                                                  "        next(model.parameters()).mul_(0.5)\n"),
                          "changed the model's parameters"),
}


@pytest.mark.parametrize("mistake", list(EVALUATE_MISTAKES))
def test_evaluate_mistakes(mistake):
    source, phrase = EVALUATE_MISTAKES[mistake]
    fails_with(check_evaluate, define(source, "evaluate"), phrase)


LOADER_MISTAKES = {
    "no shuffle": (cases._LOADERS.replace(
        "shuffle=True,\n" + " " * 47 + "generator=torch.Generator().manual_seed(seed))",
        "shuffle=False)"),
                   "the same order in every epoch"),
    "unseeded split": (cases._LOADERS.replace(
        "n_val],\n" + " " * 47 + "generator=torch.Generator().manual_seed(seed))", "n_val])"),
        "two calls with seed=0 gave different splits"),
    "seed ignored": (cases._LOADERS.replace("manual_seed(seed)", "manual_seed(0)"),
                     "seed=1 gave the same split"),
    "float64 features": (cases._LOADERS.replace("torch.tensor(X, dtype=torch.float32)",
                                                "torch.tensor(X)"), "the features are torch.float64"),
    "rounded size": (cases._LOADERS.replace("n_val = int(len(data) * val_fraction)",
                                            "n_val = int(len(data) * val_fraction) + 1"),
                     "the validation set should hold"),
    "labels apart": ('''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    g = np.random.default_rng(seed)
    X = torch.tensor(np.asarray(X)[g.permutation(len(X))], dtype=torch.float32)
    y = torch.tensor(np.asarray(y)[g.permutation(len(y))], dtype=torch.long)
    n_val = int(len(X) * val_fraction)
    train_loader = DataLoader(TensorDataset(X[n_val:], y[n_val:]), batch_size=batch_size,
                              shuffle=True, generator=torch.Generator().manual_seed(seed))
    return train_loader, DataLoader(TensorDataset(X[:n_val], y[:n_val]))
''', "carry another sample's label"),
    "drop last": (cases._LOADERS.replace("shuffle=True,", "shuffle=True, drop_last=True,"),
                  "every sample exactly once"),
    "first rows": ('''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    X = torch.tensor(X, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.long)
    n_val = int(len(X) * val_fraction)
    train_loader = DataLoader(TensorDataset(X[n_val:], y[n_val:]), batch_size=batch_size,
                              shuffle=True, generator=torch.Generator().manual_seed(seed))
    return train_loader, DataLoader(TensorDataset(X[:n_val], y[:n_val]))
''', "your validation set is the first"),
    "plain tensors": ('''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    X = torch.tensor(X, dtype=torch.float32)
    return DataLoader(X, batch_size=batch_size), DataLoader(X, batch_size=batch_size)
''', "a pair of tensors (xb, yb)"),
}


@pytest.mark.parametrize("mistake", list(LOADER_MISTAKES))
def test_make_loaders_mistakes(mistake):
    source, phrase = LOADER_MISTAKES[mistake]
    fails_with(check_make_loaders, define(source, "make_loaders"), phrase)


# ---------------------------------------------------------------------------------------
# Bad returns, stubs, and the learner's random state
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("grade_id", list(CHECKERS))
@pytest.mark.parametrize("value", [None, [1.0, 2.0], "text", float("nan"), (1.0,)])
def test_bad_returns_give_a_sentence(grade_id, value):
    check, _ = CHECKERS[grade_id]
    with pytest.raises(AssertionError) as info:
        check(lambda *args, **kwargs: value)
    first = str(info.value).splitlines()[0]
    assert first.strip() and len(first) < 400


@pytest.mark.parametrize("grade_id", list(CHECKERS))
def test_a_stub_says_not_implemented(grade_id):
    check, _ = CHECKERS[grade_id]

    def stub(*args, **kwargs):
        raise NotImplementedError()

    fails_with(check, stub, "not implemented yet")


@pytest.mark.parametrize("grade_id", list(CHECKERS))
def test_checkers_leave_the_global_random_state_alone(grade_id):
    check, name = CHECKERS[grade_id]
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    check(define(REFERENCE[grade_id], name))
    assert torch.equal(torch.rand(3), expected)
