"""Chapter 02-matrices: typical mistakes and correct alternatives, run through nbgrader.

The issue's fourth mistake, the bias broadcast on the wrong axis, is a second slip in
dense_layer (one mistake per grade_id here); it is proven in tests/test_exercises_matrices.py.
"""

CHAPTER = "02-matrices"

# grade_id -> (answer cell source, phrase the failing test must show)
MISTAKES = {
    "matvec-columns": ("""
def matvec_columns(A, x):
    A = np.asarray(A, dtype=float)
    if A.shape[1] != len(x):
        raise ValueError("sizes differ")
    total = np.zeros(A.shape[1])
    for i in range(len(x)):
        total += x[i] * A[i, :]
    return total
""", "rows vs columns"),
    "rotation-matrix": ("""
def rotation_matrix(degrees):
    return np.array([[np.cos(degrees), -np.sin(degrees)],
                     [np.sin(degrees), np.cos(degrees)]])
""", "degrees vs radians"),
    "signed-area": ("""
def signed_area(A):
    (a, b), (c, d) = A
    return abs(a * d - b * c)
""", "you dropped the sign"),
    "dense-layer": ("""
def dense_layer(X, W, b):
    return X @ W + b
""", "transposed weights"),
}

# grade_id -> a correct solution written differently from the reference one
ALTERNATIVES = {
    "matvec-columns": """
def matvec_columns(A, x):
    A = np.asarray(A)
    x = np.asarray(x)
    if A.shape[1] != x.shape[0]:
        raise ValueError("A needs one column per entry of x")
    return (A * x).sum(axis=1)
""",
    "rotation-matrix": """
import math

def rotation_matrix(degrees):
    t = degrees * math.pi / 180
    first, second = [math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]
    return np.column_stack([first, second])
""",
    # np.cross on 2-D vectors is right but warns in NumPy 2 (DeprecationWarning): the
    # checker reports it on stdout and the hidden tests must not fail on stderr.
    "signed-area": """
def signed_area(A):
    A = np.asarray(A, dtype=float)
    return float(np.cross(A[:, 0], A[:, 1]))
""",
    "dense-layer": """
def dense_layer(X, W, b):
    return np.array([W @ x + b for x in X])
""",
}
