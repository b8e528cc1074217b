"""Chapter 02's explorer: a 2×2 matrix as a map of the plane."""

from __future__ import annotations

import numpy as np

from utils import plots
from utils.explore.base import Explorer, fixed, pair, slider


def signed_polygon_area(points) -> float:
    """Signed area of a closed path of points (2, k), last point = first (shoelace formula).

    Positive when the path runs counter-clockwise, negative when it runs clockwise.
    First used in chapter 02 (the determinant as the signed area of the unit square's image).
    """
    x, y = np.asarray(points, dtype=float)
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def matrix_map(a: float, b: float, c: float, d: float) -> dict:
    """Everything the 2x2 matrix explorer shows for A = [[a, b], [c, d]].

    The determinant is computed three ways that must agree: the formula ad - bc,
    ``np.linalg.det``, and the signed area of the unit square's image measured with the
    shoelace formula. ``orientation`` is "kept" (det > 0), "flipped" (det < 0) or
    "squashed" (det = 0 up to 1e-9: the plane is flattened onto a line or a point; then
    the three are reported as exactly 0, not as a rounding error such as -7e-18).
    First used in chapter 02.
    """
    A = np.array([[a, b], [c, d]], dtype=float)
    det = a * d - b * c
    det_numpy = float(np.linalg.det(A))
    shoelace = signed_polygon_area(plots.unit_square_image(A))
    if abs(det) < 1e-9:
        orientation, det, det_numpy, shoelace = "squashed", 0.0, 0.0, 0.0
    else:
        orientation = "kept" if det > 0 else "flipped"
    return {
        "A": A, "columns": (A[:, 0], A[:, 1]), "det": det, "det_numpy": det_numpy,
        "shoelace": shoelace, "area": abs(det), "orientation": orientation,
    }


_ORIENTATION_TEXT = {
    "kept": "kept (det &gt; 0): e₁ → e₂ still turns counter-clockwise",
    "flipped": "flipped (det &lt; 0): the picture is mirrored, e₁ → e₂ turns clockwise",
    "squashed": ("squashed (det = 0): the plane is flattened onto a line (or a point); "
                 "different inputs land on the same output, so the map cannot be undone"),
}


def matrix_map_readout(state: dict) -> str:
    """The matrix, its columns, the determinant and what it says about area and orientation."""
    A, (c1, c2) = state["A"], state["columns"]
    def f(x):
        return fixed(x, 2, tex=True)

    return (
        f"$A = \\begin{{pmatrix}} {f(A[0, 0])} & {f(A[0, 1])} \\\\ "
        f"{f(A[1, 0])} & {f(A[1, 1])} \\end{{pmatrix}}$<br>"
        f"columns: $A\\mathbf{{e}}_1 = {pair(c1, tex=True)}$, "
        f"$A\\mathbf{{e}}_2 = {pair(c2, tex=True)}$<br>"
        f"$\\det A = ad - bc = {fixed(state['det'], 3, tex=True)}$ "
        f"(signed area of the image, measured: {fixed(state['shoelace'], 3)})<br>"
        f"area of the unit square's image $= |\\det A| = {fixed(state['area'], 3, tex=True)}$<br>"
        f"orientation: {_ORIENTATION_TEXT[state['orientation']]}"
    )


def matrix_map_draw(ax, state: dict, artists: dict) -> None:
    """The mapped grid, the unit square's image and the columns (see plots.linear_map)."""
    plots.linear_map(ax, state["A"], artists, limit=4.0,
                     title=f"det A = {fixed(state['det'])}  ({state['orientation']})")
    if "moving" not in artists:  # all but the axes, their ticks and the dashed unit square
        artists["moving"] = [a for key, a in artists.items() if key != "moving"]
        artists["background"] = "fixed"


def matrix_map_explorer(a: float = 1.0, b: float = 0.5, c: float = 0.0,
                        d: float = 1.0) -> Explorer:
    """Four sliders for the entries of A = [[a, b], [c, d]]; shows the plane after the map.

    First used in chapter 02 (matrices as maps).
    """
    controls = {
        "a": slider("a (row 1, column 1)", -2, 2, a, 0.1),
        "b": slider("b (row 1, column 2)", -2, 2, b, 0.1),
        "c": slider("c (row 2, column 1)", -2, 2, c, 0.1),
        "d": slider("d (row 2, column 2)", -2, 2, d, 0.1),
    }
    return Explorer(controls, matrix_map, matrix_map_readout, matrix_map_draw)
