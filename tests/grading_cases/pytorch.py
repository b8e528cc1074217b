"""Chapter 10-pytorch: typical mistakes and correct alternatives, run through nbgrader.

Each round is one notebook; together they prove the chapter's listed mistakes (zero_grad
forgotten, a softmax before CrossEntropyLoss, float and (N, 1) targets, evaluation in train
mode or with gradients on, a loss kept as a tensor, an optimizer over another model's
parameters, unseeded shuffling) and more of each class. tests/test_exercises_pytorch.py
proves the same and more without nbgrader.
"""

CHAPTER = "10-pytorch"

# The answers below spell torch.nn and torch.utils.data out (a learner may too): the first
# round also runs in tests/test_learner_errors.py, whose kernel imports only torch.

_MLP = '''
class MLP(torch.nn.Module):
    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        sizes = [n_in, *hidden, n_out]
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.layers = torch.nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)
'''

_STEP = '''
def train_step(model, optimizer, loss_fn, xb, yb):
    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    optimizer.step()
    return loss.item()
'''

_EVALUATE = '''
def evaluate(model, loader):
    was_training = model.training
    model.eval()
    total, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            total += torch.nn.functional.cross_entropy(logits, yb, reduction="sum").item()
            correct += (logits.argmax(dim=1) == yb).sum().item()
            count += len(yb)
    model.train(was_training)
    return total / count, correct / count
'''

_LOADERS = '''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    data = torch.utils.data.TensorDataset(torch.tensor(X, dtype=torch.float32),
                                          torch.tensor(y, dtype=torch.long))
    n_val = int(len(data) * val_fraction)
    train, val = torch.utils.data.random_split(data, [len(data) - n_val, n_val],
                                               generator=torch.Generator().manual_seed(seed))
    train_loader = torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True,
                                               generator=torch.Generator().manual_seed(seed))
    return train_loader, torch.utils.data.DataLoader(val, batch_size=batch_size)
'''


def _replace(source: str, old: str, new: str) -> str:
    assert old in source, old
    return source.replace(old, new)


# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "mlp": (_MLP, "the output goes through a ReLU too"),
    "train-step": (_replace(_STEP, "    optimizer.zero_grad()\n", ""),
                   "the step used 2× this batch's gradient"),
    "evaluate": (_replace(_EVALUATE, "    model.eval()\n", ""), "the model ran in train mode"),
    "make-loaders": (_replace(_LOADERS, "shuffle=True,\n" + " " * 47
                              + "generator=torch.Generator().manual_seed(seed))", "shuffle=True)"),
                     "two calls with seed=0 gave different training batches"),
}

MORE_MISTAKES = (
    {
        "mlp": (_replace(_MLP, "layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]",
                         "layers += [torch.nn.Linear(a, b)]"),
                "no activation between your layers"),
        "train-step": (_replace(_STEP, "loss_fn(model(xb), yb)",
                                "loss_fn(torch.softmax(model(xb), dim=1), yb)"),
                       "you applied a softmax before the loss"),
        "evaluate": ('''
def evaluate(model, loader):
    was_training = model.training
    model.eval()
    total, correct, count = 0.0, 0, 0
    for xb, yb in loader:
        logits = model(xb)
        total = total + nn.functional.cross_entropy(logits, yb, reduction="sum")
        correct += (logits.argmax(dim=1) == yb).sum().item()
        count += len(yb)
    model.train(was_training)
    return total / count, correct / count
''', "keeps the whole graph it was computed from alive"),
        "make-loaders": (_replace(_LOADERS, "torch.tensor(y, dtype=torch.long)",
                                  "torch.tensor(y, dtype=torch.float32)"),
                         "the labels are torch.float32"),
    },
    {
        "mlp": ('''
class MLP(nn.Module):
    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        sizes = [n_in, *hidden, n_out]
        self.layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)
''', "plain Python list"),
        "train-step": (_replace(_STEP, "return loss.item()", "return loss"),
                       "is a tensor with a grad_fn"),
        "evaluate": ('''
def evaluate(model, loader):
    was_training = model.training
    model.eval()
    losses, accuracies = [], []
    with torch.no_grad():
        for xb, yb in loader:
            logits = model(xb)
            losses.append(nn.functional.cross_entropy(logits, yb).item())
            accuracies.append((logits.argmax(dim=1) == yb).float().mean().item())
    model.train(was_training)
    return sum(losses) / len(losses), sum(accuracies) / len(accuracies)
''', "you averaged the batch means"),
        "make-loaders": (_replace(_LOADERS, "torch.tensor(y, dtype=torch.long)",
                                  "torch.tensor(y, dtype=torch.long)[:, None]"),
                         "do not reshape y into a column"),
    },
    {
        "train-step": ('''
_other = nn.Linear(2, 3)
_wrong_optimizer = torch.optim.SGD(_other.parameters(), lr=0.5)


def train_step(model, optimizer, loss_fn, xb, yb):
    optimizer.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    _wrong_optimizer.step()
    return loss.item()
''', "an optimizer over another model's parameters"),
        "evaluate": (_replace(_EVALUATE, "    model.train(was_training)\n", ""),
                     "evaluate left the model in eval mode"),
        "make-loaders": ('''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    X = torch.tensor(X, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.long)
    n_val = int(len(X) * val_fraction)
    train = TensorDataset(X[:-n_val], y[:-n_val])
    val = TensorDataset(X[-n_val:], y[-n_val:])
    train_loader = DataLoader(train, batch_size=batch_size, shuffle=True,
                              generator=torch.Generator().manual_seed(seed))
    return train_loader, DataLoader(val, batch_size=batch_size)
''', "your validation set is the last"),
    },
    {
        "mlp": (_replace(_MLP, "return self.layers(x)",
                         "return torch.softmax(self.layers[:-1](x), dim=1)"),
                "forward returns probabilities"),
        "evaluate": (_replace(_EVALUATE, "    with torch.no_grad():\n        for xb, yb in loader:",
                              "    if True:\n        for xb, yb in loader:"),
                     "gradients were on while the model ran"),
    },
)

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "mlp": '''
class MLP(nn.Module):
    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        widths = (n_in,) + tuple(hidden) + (n_out,)
        self.linears = nn.ModuleList(nn.Linear(widths[i], widths[i + 1])
                                     for i in range(len(widths) - 1))

    def forward(self, x):
        *inner, last = self.linears
        for layer in inner:
            x = nn.functional.relu(layer(x))
        return last(x)
''',
    "train-step": '''
def train_step(model, optimizer, loss_fn, xb, yb):
    model.zero_grad(set_to_none=False)
    predictions = model.forward(xb)
    batch_loss = loss_fn(predictions, yb)
    batch_loss.backward()
    optimizer.step()
    return float(batch_loss.detach())
''',
    "evaluate": '''
def evaluate(model, loader):
    mode = model.training
    model.train(False)
    per_sample, hits = [], []
    with torch.inference_mode():
        for xb, yb in loader:
            out = model(xb)
            per_sample.append(nn.functional.cross_entropy(out, yb, reduction="none"))
            hits.append(out.argmax(1).eq(yb))
    model.train(mode)
    return torch.cat(per_sample).mean().item(), torch.cat(hits).float().mean().item()
''',
    "make-loaders": '''
def make_loaders(X, y, val_fraction=0.25, batch_size=32, seed=0):
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(len(X) * val_fraction)
    val_idx, train_idx = order[:n_val], order[n_val:]
    train = TensorDataset(torch.from_numpy(X[train_idx]), torch.from_numpy(y[train_idx]))
    val = TensorDataset(torch.from_numpy(X[val_idx]), torch.from_numpy(y[val_idx]))
    g = torch.Generator()
    g.manual_seed(seed)
    return (DataLoader(train, batch_size=batch_size, shuffle=True, generator=g),
            DataLoader(val, batch_size=64))
''',
}
