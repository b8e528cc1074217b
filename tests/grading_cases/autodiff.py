"""Chapter 09-autodiff: typical mistakes and correct alternatives, run through nbgrader.

One mistake per exercise here; the chapter's other listed mistakes (the output gradient not
seeded, backward called twice accumulating, a missing reflected operator, a wrong local
derivative of each other operation) are proven in tests/test_exercises_autodiff.py.
"""

CHAPTER = "09-autodiff"

_DUAL_HELPERS = '''

def sin(x):
    if isinstance(x, Dual):
        return Dual(math.sin(x.value), math.cos(x.value) * x.derivative)
    return math.sin(x)


def exp(x):
    if isinstance(x, Dual):
        return Dual(math.exp(x.value), math.exp(x.value) * x.derivative)
    return math.exp(x)


def derivative(f, x):
    return f(Dual(x, 1.0)).derivative
'''

_DUAL_WITH_WRONG_PRODUCT = '''
class Dual:
    def __init__(self, value, derivative=0.0):
        self.value = float(value)
        self.derivative = float(derivative)

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.derivative + other.derivative)

    def __sub__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value - other.value, self.derivative - other.derivative)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value * other.value, self.derivative * other.value)

    def __truediv__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value / other.value,
                    (self.derivative * other.value - self.value * other.derivative)
                    / other.value**2)

    def __pow__(self, n):
        return Dual(self.value**n, n * self.value ** (n - 1) * self.derivative)

    def __neg__(self):
        return Dual(-self.value, -self.derivative)

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return Dual(other) - self

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return Dual(other) / self
''' + _DUAL_HELPERS

_VALUE_TANH_OF_INPUT = '''
class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)))

    def __pow__(self, n):
        return Value(self.data**n, ((self, n * self.data ** (n - 1)),))

    def tanh(self):
        return Value(math.tanh(self.data), ((self, 1 - self.data**2),))

    def exp(self):
        return Value(math.exp(self.data), ((self, math.exp(self.data)),))

    def relu(self):
        return Value(max(self.data, 0.0), ((self, 1.0 if self.data > 0 else 0.0),))

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return self**-1 * other
'''

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "dual": (_DUAL_WITH_WRONG_PRODUCT, "product rule"),
    "value": (_VALUE_TANH_OF_INPUT, "tanh: the local derivative is 1 − t²"),
    "topological-order": ("""
def topological_order(root):
    order, visited = [], set()

    def visit(node):
        if id(node) in visited:
            return
        visited.add(id(node))
        for parent, _ in node.parents:
            visit(parent)
        order.append(node)

    visit(root)
    return order
""", "RecursionError on a chain of 5000 nodes"),
    "backward": ("""
def backward(root):
    # its own walk (so that it runs on its own), then the chain rule with = instead of +=
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent, _ in node.parents)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.grad = local * node.grad
    return order
""", "kept only one use's share"),
    "gradient-check": ("""
def gradient_check(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        numeric[i] = (f(x + step) - f(x)) / h
    analytic = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(analytic - numeric)
                 / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-300))
""", "forward difference"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "dual": '''
from dataclasses import dataclass


def _lift(c):
    return c if isinstance(c, Dual) else Dual(c, 0.0)


@dataclass
class Dual:
    value: float
    derivative: float = 0.0

    def __add__(self, other):
        o = _lift(other)
        return Dual(self.value + o.value, self.derivative + o.derivative)

    __radd__ = __add__

    def __neg__(self):
        return Dual(-self.value, -self.derivative)

    def __sub__(self, other):
        return self + (-_lift(other))

    def __rsub__(self, other):
        return _lift(other) + (-self)

    def __mul__(self, other):
        o = _lift(other)
        return Dual(self.value * o.value, self.value * o.derivative + o.value * self.derivative)

    __rmul__ = __mul__

    def __pow__(self, n):
        return Dual(self.value**n, self.derivative * n * self.value ** (n - 1))

    def __truediv__(self, other):
        return self * _lift(other) ** -1

    def __rtruediv__(self, other):
        return _lift(other) * self**-1


def sin(x):
    return Dual(np.sin(x.value), np.cos(x.value) * x.derivative) if isinstance(x, Dual) else np.sin(x)


def exp(x):
    return Dual(np.exp(x.value), np.exp(x.value) * x.derivative) if isinstance(x, Dual) else np.exp(x)


def derivative(f, x):
    result = f(Dual(float(x), 1.0))
    return float(result.derivative)
''',
    "value": '''
class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)

    @staticmethod
    def _wrap(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._wrap(other)
        return Value(self.data + other.data, [(self, 1), (other, 1)])

    __radd__ = __add__

    def __mul__(self, other):
        other = self._wrap(other)
        return Value(self.data * other.data, [(self, other.data), (other, self.data)])

    __rmul__ = __mul__

    def __pow__(self, n):
        return Value(self.data**n, [(self, n * self.data**n / self.data if self.data else
                                     n * self.data ** (n - 1))])

    def tanh(self):
        e2 = math.exp(2 * self.data)
        t = (e2 - 1) / (e2 + 1)
        return Value(t, [(self, (1 - t) * (1 + t))])

    def exp(self):
        out = math.exp(self.data)
        return Value(out, [(self, out)])

    def relu(self):
        return Value(self.data * (self.data > 0), [(self, float(self.data > 0))])

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return self**-1 * other
''',
    "topological-order": """
def topological_order(root):
    nodes, seen, stack = [], {id(root)}, [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        for parent, _ in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    users = {id(n): 0 for n in nodes}
    for n in nodes:
        for parent, _ in n.parents:
            users[id(parent)] += 1
    ready, order = [root], []
    while ready:
        node = ready.pop()
        order.append(node)
        for parent, _ in node.parents:
            users[id(parent)] -= 1
            if users[id(parent)] == 0:
                ready.append(parent)
    return order[::-1]
""",
    "backward": """
def backward(root):
    order = list(topological_order(root))
    for node in order:
        node.grad = 0
    root.grad = 1
    for node in order[::-1]:
        for parent, local in node.parents:
            parent.grad = parent.grad + local * node.grad
    return order[::-1][::-1]
""",
    "gradient-check": """
def gradient_check(f, grad_f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    steps = h * np.eye(len(x))
    numeric = [(f(x + e) - f(x - e)) / (2 * h) for e in steps]
    analytic = list(grad_f(x))
    diff = np.linalg.norm(np.subtract(analytic, numeric))
    total = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return diff / total if total > 0 else 0.0
""",
}

# Further rounds (one notebook each): the chapter's other listed mistakes, through nbgrader.
_VALUE_RIGHT = _VALUE_TANH_OF_INPUT.replace("1 - self.data**2", "1 - math.tanh(self.data) ** 2")
_REFLECTED = '''
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other
'''
assert _REFLECTED in _VALUE_RIGHT
_DUAL_RIGHT = _DUAL_WITH_WRONG_PRODUCT.replace(
    "self.derivative * other.value)",
    "self.derivative * other.value + self.value * other.derivative)")
_QUOTIENT = "(self.derivative * other.value - self.value * other.derivative)"
assert _QUOTIENT in _DUAL_RIGHT

MORE_MISTAKES = (
    {
        "dual": (_DUAL_RIGHT.replace(_QUOTIENT, _QUOTIENT.replace(" - ", " + ")),
                 "quotient rule sign"),
        "value": (_VALUE_RIGHT.replace(_REFLECTED, ""), "__radd__"),
        "topological-order": ("""
def topological_order(root):
    order, stack = [], [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        stack.append((node, True))
        for parent, _ in node.parents:
            stack.append((parent, False))
    return order
""", "appears 2 times"),
        "backward": ("""
def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.grad += local * node.grad
    return order
""", "seed the output's gradient"),
        "gradient-check": ("""
def gradient_check(f, grad_f, x, h=1e-5):
    x = np.array(x, dtype=float)
    numeric = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        numeric[i] = (f(x + step) - f(x - step)) / h
    analytic = np.asarray(grad_f(x), dtype=float)
    return float(np.linalg.norm(analytic - numeric)
                 / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-300))
""", "divide by 2h"),
    },
    {
        "dual": (_DUAL_RIGHT.replace("return f(Dual(x, 1.0)).derivative",
                                     "return f(Dual(x, 1.0))"), "derivative returned a Dual"),
        "value": (_VALUE_RIGHT.replace("((self, math.exp(self.data)),)", "((self, self.data),)"),
                  "exp: the local derivative of eˣ is eˣ itself"),
        "backward": ("""
def backward(root):
    order = topological_order(root)
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.grad += local * node.grad
    return order
""", "calling backward twice changed the gradients"),
    },
)
