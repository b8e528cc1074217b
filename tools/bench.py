"""Measure the speed targets (docs/benchmarks.md) on this machine; print each beside its target.

    python tools/bench.py [--repeat 3]

- ``import utils`` (target <= 0.3 s), and the helper modules a chapter imports;
- each solution notebook executed in a fresh kernel, from kernel start to the end of the
  last cell (target <= 10 s and <= 4x its import floor: the same notebook holding only its
  import lines);
- all solution notebooks one after another (target <= 90 s);
- explorer callbacks, recompute + redraw (target: median <= 100 ms).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from utils.notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent


def import_seconds(statement: str, repeat: int) -> float:
    """Median wall time of ``statement`` in a fresh interpreter (interpreter start excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, cwd=ROOT).stdout) for _ in range(repeat)]
    return statistics.median(runs)


def run_seconds(nb: nbformat.NotebookNode, cwd: Path) -> float:
    """Wall time to start a kernel and execute ``nb`` top to bottom (Run All, as a learner does).

    The kernel's shutdown afterwards is not counted: it is not part of running the notebook,
    and it takes 0.3 s, or 1-2 s once torch has loaded its compiler stack (chapter 07).
    """
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
    return seconds


def import_floor(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook reduced to its import lines (what it costs just to start)."""
    lines = [line for cell in nb.cells if cell.cell_type == "code"
             for line in cell.source.splitlines()
             if line.startswith("import ") or (line.startswith("from ") and " import " in line)]
    floor = nbformat.v4.new_notebook()
    floor.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    return floor


# (explorer, its factory in utils.explore, the control swept, the values it takes)
EXPLORERS = [
    ("two_vectors", "two_vectors_explorer", "angle_b", range(-180, 180, 9)),
    ("broadcast", "broadcast_explorer", "shape_b", ["4", "3, 4", "2, 1, 4", "5"] * 10),
    ("float_tolerance", "float_tolerance_explorer", "log10_x", range(-20, 20)),
    ("matrix_map", "matrix_map_explorer", "a", [round(-2 + 0.1 * k, 1) for k in range(40)]),
    ("rank_k", "rank_k_explorer", "k", range(1, 97, 3)),
    ("gradient", "gradient_explorer", "angle", range(-180, 180, 9)),
    ("gradient_descent", "gd_explorer", "lr", [0.001 * 300 ** (k / 39) for k in range(40)]),
    ("optimizer_race", "optimizer_race_explorer", "lr", [0.001 * 30 ** (k / 39) for k in range(40)]),
    ("line_fit", "line_fit_explorer", "slope", [round(-1 + 3 * k / 39, 3) for k in range(40)]),
    ("sgd_noise_ball", "sgd_explorer", "lr", [0.001 * 1000 ** (k / 39) for k in range(40)]),
    ("decision_boundary", "boundary_explorer", "step", range(0, 200, 5)),
    ("autodiff_graph", "graph_explorer", "step", list(range(12)) * 4),
    ("mlp_boundary", "mlp_boundary_explorer", "step", list(range(0, 201, 10)) * 2),
    ("drift", "drift_explorer", "shift", [round(-2 + 0.1 * k, 1) for k in range(40)]),
]


def explorer_ms(repeat: int = 40) -> dict[str, float]:
    """Median callback time (ms) of each explorer while one control sweeps its range."""
    import matplotlib

    matplotlib.use("Agg")
    from utils import explore

    results = {}
    for name, factory, control, values in EXPLORERS:
        explorer, times = getattr(explore, factory)(), []
        for value in list(values)[:repeat]:
            explorer.controls[control].value = value
            times.append(explorer.last_ms)
        results[name] = statistics.median(times)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--chapter", help="time only this chapter's notebook (NN-slug)")
    args = parser.parse_args()
    if args.chapter:
        print_rows(notebook_rows(ROOT / "solutions" / args.chapter / f"{args.chapter}.ipynb",
                                 args.repeat))
        return
    rows = [("import utils", import_seconds("import utils", args.repeat), "<= 0.3 s"),
            ("import utils.quiz/check/explore/plots/toys",
             import_seconds("import utils.quiz, utils.check, utils.explore, utils.plots, "
                            "utils.toys", args.repeat), "(for reference)")]
    total = 0.0
    for path in chapter_notebooks(ROOT / "solutions"):
        rows.extend(notebook_rows(path, args.repeat))
        total += rows[-1][1]
    rows.append(("all solution notebooks, one after another", total, "<= 90 s"))
    for name, ms in explorer_ms().items():
        rows.append((f"explorer {name}: callback median", ms / 1e3, "<= 0.1 s"))
    print_rows(rows)


def notebook_rows(path: Path, repeat: int) -> list[tuple[str, float, str]]:
    """One row: the notebook's median execution time beside its import floor."""
    nb = nbformat.read(path, as_version=4)
    runs = [run_seconds(nbformat.from_dict(nb), path.parent) for _ in range(repeat)]
    floor = statistics.median(run_seconds(import_floor(nb), path.parent) for _ in range(repeat))
    seconds = statistics.median(runs)
    return [(f"{path.parent.name}: executed", seconds,
             f"<= 10 s; {seconds / floor:.1f}x its import floor of {floor:.2f} s (<= 4x)")]


def print_rows(rows: list[tuple[str, float, str]]) -> None:
    """The measurements as a table: name, seconds, target."""
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'seconds':>8}  target")
    for name, seconds, target in rows:
        print(f"{name:<{width}}  {seconds:8.3f}  {target}")


if __name__ == "__main__":
    main()
