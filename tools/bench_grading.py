"""Measure grading: autograde time per notebook against its plain run, and a whole class.

    python tools/bench_grading.py [--students 30] [--repeat 3] [--jobs 1 2]
                                  [--chapters 00-start-here,01-vectors] [--no-per-notebook]

For each chapter, a submission holding the solution's answers is (a) executed plainly in a
fresh kernel and (b) autograded by nbgrader with the course's configuration, each
``--repeat`` times (median); the target is autograde <= 1.5x plain. Then a class of
``--students`` students, each submitting every chapter, is graded by tools/grade.py in a
temporary course with each ``--jobs`` value (``make grade JOBS=N``), and its wall time
reported with the speed-up over the first (target on 2 cores: JOBS=2 >= 1.7x JOBS=1, same
grades and flags, which is checked).
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


def whole_class(chapters: list[str], students: int, jobs: int = 1) -> tuple[float, str]:
    """Wall time of tools/grade.py --jobs ``jobs`` on ``students`` students who each submit
    every chapter, and the grades and flags it wrote (to compare between job counts)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = simulate.course(Path(tmp), ROOT, chapters)
        for chapter in chapters:
            nb = submission(chapter)
            for k in range(students):
                simulate.submit(root, f"student{k:02d}", chapter, nb)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root),
                        "--jobs", str(jobs)], check=True, capture_output=True)
        seconds = time.perf_counter() - start
        results = "".join((root / name).read_text(encoding="utf-8")
                          for name in ("grades-by-exercise.csv", "integrity.csv"))
        return seconds, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="class size (0: skip the class)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (median)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                        help="grade the class with each of these job counts (make grade JOBS=N)")
    parser.add_argument("--chapters", help="comma-separated chapters (default: every chapter)")
    parser.add_argument("--no-per-notebook", action="store_true",
                        help="skip the per-notebook autograde / plain comparison")
    args = parser.parse_args()
    chapters = [p.parent.name for p in chapter_notebooks(ROOT / "solutions")]
    if args.chapters:
        chapters = [c for c in chapters if c in args.chapters.split(",")]
    if not args.no_per_notebook:
        print(f"{'chapter':<26} {'plain s':>8} {'autograde s':>12} {'ratio':>6}  target <= 1.5x")
        for chapter, plain, graded in per_notebook(chapters, args.repeat):
            print(f"{chapter:<26} {plain:8.2f} {graded:12.2f} {graded / plain:6.2f}", flush=True)
    if args.students:
        count = args.students * len(chapters)
        first = None
        for jobs in args.jobs:
            seconds, results = whole_class(chapters, args.students, jobs)
            line = (f"class of {args.students} students x {len(chapters)} chapters ({count} notebooks), "
                    f"JOBS={jobs}: {seconds:.0f} s wall ({seconds / count:.2f} s per notebook)")
            if first is None:
                first = (seconds, results)
            else:
                same = "same grades and flags" if results == first[1] else "GRADES OR FLAGS DIFFER"
                line += f", {first[0] / seconds:.2f}x JOBS={args.jobs[0]}, {same}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
