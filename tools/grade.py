"""Grade a class: autograde every submission, return feedback, export grades, report integrity.

    python tools/grade.py [--root COURSE] [--chapter NN-slug]

Reads ``submitted/<student>/<chapter>/<chapter>.ipynb`` (never writes there) and writes,
at the course root:

* ``autograded/`` and ``feedback/`` (HTML, hidden tests removed), as nbgrader does;
* ``grades.csv`` (nbgrader's export), ``integrity.csv`` (student, chapter, flag, detail);
* a summary table on stdout.

Steps: the gradebook learns each chapter from solutions/ (a release into .grading/release);
each submission is checked and a clean copy staged in .grading/submitted; nbgrader
autogrades the copies (test cells guarded, see utils/grading/integrity.py), then writes
feedback; its outputs are scanned for timeouts, tampering and crashes.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from utils.grading.gradebook import STAGING, nbgrader_api, register
from utils.grading.integrity import TAMPERED
from utils.grading.submissions import Flag, stage


def chapters_of(root: Path, only: str | None) -> list[str]:
    names = sorted(p.name for p in (root / "solutions").iterdir()
                   if (p / f"{p.name}.ipynb").is_file())
    if only and only not in names:
        raise SystemExit(f"no chapter {only!r} in {root / 'solutions'}")
    return [only] if only else names


def autograde(root: Path, staged: dict[str, list[str]]) -> list[Flag]:
    """Autograde the staged copies, one submission at a time; flags for those that failed."""
    api = nbgrader_api(root, submitted_directory=f"{STAGING}/submitted")
    flags = []
    for chapter, students in staged.items():
        for student in students:
            print(f"autograding {student} / {chapter}", flush=True)
            result = api.autograde(chapter, student, force=True, create=True)
            if not result["success"]:
                died = "DeadKernelError" in (result.get("log", "") + result.get("error", ""))
                flags.append(Flag(student, chapter, "kernel-died" if died else "autograde-failed",
                                  "the notebook could not be run to the end; scored 0"))
                continue
            flags += scan_outputs(root, chapter, student)
    return flags


def scan_outputs(root: Path, chapter: str, student: str) -> list[Flag]:
    """Flags for what the autograded notebook shows: timeouts, tampering, blocked exits, floods."""
    path = root / "autograded" / student / chapter / f"{chapter}.ipynb"
    flags = []

    def flag(kind: str, detail: str) -> None:
        if Flag(student, chapter, kind, detail) not in flags:
            flags.append(Flag(student, chapter, kind, detail))

    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
        for output in cell.get("outputs", []):
            text = output.get("evalue", "") + output.get("text", "")
            if output.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
                flag("timeout", f"{where} was stopped after the time limit")
            elif TAMPERED in text:
                flag("tampering-detected", f"{where}: {text.strip()[:160]}")
            elif "would stop the grader's kernel" in text:
                flag("kernel-exit-blocked", f"{where} called os._exit or os.abort")
            elif "Output truncated" in text:
                flag("huge-output", f"{where}: output cut to nbgrader's limit")
    return flags


def feedback(root: Path, staged: dict[str, list[str]]) -> None:
    """HTML feedback for every autograded submission (hidden tests removed)."""
    api = nbgrader_api(root)
    for chapter, students in staged.items():
        for student in students:
            if (root / "autograded" / student / chapter).is_dir():
                api.generate_feedback(chapter, student, force=True)


def export(root: Path) -> None:
    """nbgrader's CSV export of every grade, to grades.csv."""
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "grades.csv",
                    "--log-level=ERROR"], cwd=root, check=True)


def write_integrity(root: Path, flags: list[Flag]) -> None:
    with open(root / "integrity.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "chapter", "flag", "detail"])
        writer.writerows((f.student, f.chapter, f.flag, f.detail) for f in flags)


def summary(root: Path, chapters: list[str], staged: dict[str, list[str]], flags: list[Flag]) -> str:
    """A students × chapters table of scores ('—': nothing gradable), and each student's flags."""
    with open(root / "grades.csv", encoding="utf-8") as file:
        score = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(file)}
    students = sorted({s for names in staged.values() for s in names} | {f.student for f in flags})
    width = max([len("student"), *map(len, students)])
    lines = [f"{'student':<{width}}  " + "  ".join(f"{c[:13]:>13}" for c in chapters) + "  flags"]
    for student in students:
        cells = []
        for chapter in chapters:
            r = score.get((student, chapter))
            graded = r is not None and student in staged.get(chapter, [])
            cells.append(f"{float(r['score']):>6.1f} / {float(r['max_score']):<4.0f}" if graded
                         else f"{'—':>13}")
        count = sum(f.student == student for f in flags)
        lines.append(f"{student:<{width}}  " + "  ".join(cells) + f"  {count or ''}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="course root (holds nbgrader_config.py, solutions/, submitted/)")
    parser.add_argument("--chapter", help="grade only this chapter (NN-slug)")
    args = parser.parse_args()
    root = args.root.resolve()
    # nbgrader runs helpers (alembic) and we run nbgrader: both from this interpreter's folder.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    chapters = chapters_of(root, args.chapter)
    releases = register(root, chapters)
    staged, flags = stage(root / "submitted", root / STAGING / "submitted", releases)
    flags += autograde(root, staged)
    feedback(root, staged)
    export(root)
    write_integrity(root, flags)
    print(summary(root, chapters, staged, flags))
    print(f"\ngrades.csv, integrity.csv ({len(flags)} flags) and feedback/ written in {root}")


if __name__ == "__main__":
    main()
