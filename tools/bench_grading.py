"""Measure grading: autograde time per notebook against its plain run, and a whole class.

    python tools/bench_grading.py [--students 30] [--repeat 3]

For each chapter, a submission holding the solution's answers is (a) executed plainly in a
fresh kernel and (b) autograded by nbgrader with the course's configuration, each
``--repeat`` times (median); the target is autograde <= 1.5x plain. Then a class of
``--students`` students, each submitting every chapter, is graded by tools/grade.py in a
temporary course, and its wall time reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from utils.grading import simulate
from utils.grading.gradebook import nbgrader_api, register
from utils.notebooks import chapter_notebooks

ROOT = Path(__file__).resolve().parent.parent


def submission(chapter: str) -> nbformat.NotebookNode:
    """The release of ``chapter`` with the solution's answers typed in."""
    release = nbformat.read(ROOT / "chapters" / chapter / f"{chapter}.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
    return simulate.answered(release, simulate.solution_answers(solution))


def plain_seconds(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nbformat.from_dict(nb), timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def per_notebook(chapters: list[str], repeat: int) -> list[tuple[str, float, float]]:
    """(chapter, plain seconds, autograde seconds), medians over ``repeat`` runs."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = simulate.course(Path(tmp), ROOT, chapters)
        register(root, chapters)
        api = nbgrader_api(root)
        for chapter in chapters:
            nb = submission(chapter)
            path = simulate.submit(root, "bench", chapter, nb)
            plain = statistics.median(plain_seconds(nb, path.parent) for _ in range(repeat))
            graded = []
            for _ in range(repeat):
                start = time.perf_counter()
                result = api.autograde(chapter, "bench", force=True, create=True)
                graded.append(time.perf_counter() - start)
                assert result["success"], result.get("error")
            rows.append((chapter, plain, statistics.median(graded)))
    return rows


def whole_class(chapters: list[str], students: int) -> float:
    """Wall time of tools/grade.py on ``students`` students who each submit every chapter."""
    with tempfile.TemporaryDirectory() as tmp:
        root = simulate.course(Path(tmp), ROOT, chapters)
        for chapter in chapters:
            nb = submission(chapter)
            for k in range(students):
                simulate.submit(root, f"student{k:02d}", chapter, nb)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root)],
                       check=True, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="class size (0: skip the class)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (median)")
    args = parser.parse_args()
    chapters = [p.parent.name for p in chapter_notebooks(ROOT / "solutions")]
    print(f"{'chapter':<26} {'plain s':>8} {'autograde s':>12} {'ratio':>6}  target <= 1.5x")
    for chapter, plain, graded in per_notebook(chapters, args.repeat):
        print(f"{chapter:<26} {plain:8.2f} {graded:12.2f} {graded / plain:6.2f}", flush=True)
    if args.students:
        seconds = whole_class(chapters, args.students)
        count = args.students * len(chapters)
        print(f"\nclass of {args.students} students x {len(chapters)} chapters ({count} notebooks): "
              f"{seconds:.0f} s wall ({seconds / count:.1f} s per notebook)")


if __name__ == "__main__":
    main()
