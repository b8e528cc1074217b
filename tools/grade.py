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
import sys
from pathlib import Path

import nbformat

from utils.grading import gradebook, workers
from utils.grading.gradebook import STAGING, nbgrader_api, register
from utils.grading.integrity import TAMPERED
from utils.grading.submissions import UPDATED, Flag, locate, stage


def chapters_of(root: Path, only: str | None) -> list[str]:
    names = sorted(p.name for p in (root / "solutions").iterdir()
                   if (p / f"{p.name}.ipynb").is_file())
    if only and only not in names:
        raise SystemExit(f"no chapter {only!r} in {root / 'solutions'}")
    return [only] if only else names


def autograde(root: Path, staged: dict[str, list[str]], jobs: int = 1) -> list[Flag]:
    """Autograde the staged copies in ``jobs`` processes; flags for what each one shows."""
    tasks = [(chapter, student) for chapter, students in staged.items() for student in students]
    flags = []

    def done(task, success, log):
        chapter, student = task
        if not success:
            kind = "kernel-died" if "DeadKernelError" in log else "autograde-failed"
            flags.append(Flag(student, chapter, kind, "the notebook could not be run to the end; scored 0"))
        else:
            flags.extend(scan_outputs(root, chapter, student))

    workers.autograde_all(root, tasks, jobs, done)
    return flags


def scan_outputs(root: Path, chapter: str, student: str) -> list[Flag]:
    """Flags for what the autograded notebook shows: timeouts, tampering, blocked exits, floods.

    One flag per kind, naming every exercise (grade id) or heading where it showed.
    """
    path = root / "autograded" / student / chapter / f"{chapter}.ipynb"
    found: dict[str, list[str]] = {}
    cells = nbformat.read(path, as_version=4).cells
    for index, cell in enumerate(cells):
        where = locate(cells, index)
        for output in cell.get("outputs", []):
            text = output.get("evalue", "") + output.get("text", "")
            if output.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
                kind = "timeout"
            elif TAMPERED in text:
                kind = "tampering-detected"
            elif "would stop the grader's kernel" in text:
                kind = "kernel-exit-blocked"
            elif "Output truncated" in text:
                kind = "huge-output"
            else:
                continue
            if where not in found.setdefault(kind, []):
                found[kind].append(where)
    what = {"timeout": "stopped after the time limit: ",
            "tampering-detected": "tests failed because library functions were replaced: ",
            "kernel-exit-blocked": "os._exit or os.abort called in: ",
            "huge-output": "output cut to nbgrader's limit in: "}
    return [Flag(student, chapter, kind, what[kind] + ", ".join(wheres)) for kind, wheres in found.items()]


def one_flag_per_action(flags: list[Flag]) -> list[Flag]:
    """A replaced library function is one action: its tests' failures join the monkeypatch flag."""
    patched = {(f.student, f.chapter): f for f in flags if f.flag == "monkeypatch"}
    merged = []
    for f in flags:
        key = (f.student, f.chapter)
        if f.flag == "tampering-detected" and key in patched:
            p = patched[key]
            patched[key] = Flag(p.student, p.chapter, p.flag, f"{p.detail}; {f.detail}")
            continue
        merged.append(f)
    return [patched.get((f.student, f.chapter), f) if f.flag == "monkeypatch" else f for f in merged]


def feedback(root: Path, staged: dict[str, list[str]], jobs: int = 1) -> None:
    """HTML feedback for every autograded submission (hidden tests removed)."""
    workers.feedback_all(root, [(c, s) for c, students in staged.items() for s in students], jobs)


def export(root: Path) -> list[dict]:
    """grades.csv (nbgrader's CSV export: per student and chapter), grades-by-exercise.csv,
    and gradebook imports for Canvas and Moodle; returns the per-exercise rows."""
    api = nbgrader_api(root)
    gradebook.nbgrader_export(api, root / "grades.csv")
    rows = gradebook.exercise_rows(api)
    gradebook.write_exercise_csv(rows, root / "grades-by-exercise.csv")
    gradebook.write_lms_csvs(root / "grades.csv", root / "grades-canvas.csv", root / "grades-moodle.csv")
    return rows


def write_integrity(root: Path, flags: list[Flag]) -> None:
    with open(root / "integrity.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "chapter", "flag", "detail"])
        writer.writerows((f.student, f.chapter, f.flag, f.detail) for f in flags)


def summary(root: Path, chapters: list[str], staged: dict[str, list[str]], flags: list[Flag],
            late: dict | None = None) -> str:
    """A students × chapters table of scores ('—': nothing gradable; '*': a late penalty was
    taken), each student's number of flags, and the late submissions."""
    late = late or {}
    with open(root / "grades.csv", encoding="utf-8") as file:
        score = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(file)}
    students = sorted({s for names in staged.values() for s in names} | {f.student for f in flags})
    width = max([len("student"), *map(len, students)])
    lines = [f"{'student':<{width}}  " + "  ".join(f"{c[:14]:>14}" for c in chapters) + "  flags"]
    for student in students:
        cells = []
        for chapter in chapters:
            r = score.get((student, chapter))
            graded = r is not None and student in staged.get(chapter, [])
            mark = "*" if late.get((student, chapter), (0, 0))[1] > 0 else " "
            cells.append(f"{float(r['score']):>6.1f} / {float(r['max_score']):<4.0f}{mark}" if graded
                         else f"{'—':>13} ")
        count = sum(f.student == student for f in flags)
        lines.append(f"{student:<{width}}  " + "  ".join(cells) + f"  {count or ''}")
    shown = sorted((k, v) for k, v in late.items() if k[0] in students and k[1] in chapters)
    if shown:
        lines.append("\nlate submissions (* in the table: a late penalty was taken):")
        for (student, chapter), (seconds, penalty) in shown:
            lines.append(f"  {student} / {chapter}: {seconds / 3600:.1f} h late, "
                         f"penalty {penalty:g} points")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="course root (holds nbgrader_config.py, solutions/, submitted/)")
    parser.add_argument("--chapter", help="grade only this chapter (NN-slug)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 1),
                        help="notebooks graded at once, in separate processes (default 1)")
    args = parser.parse_args()
    root = args.root.resolve()
    # nbgrader runs helpers (alembic) and we run nbgrader: both from this interpreter's folder.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    chapters = chapters_of(root, args.chapter)
    releases = register(root, chapters)
    staged, flags = stage(root / "submitted", root / STAGING / "submitted", releases)
    flags += autograde(root, staged, args.jobs)
    feedback(root, staged, args.jobs)
    rows = export(root)
    updated = [f for f in flags if f.flag == UPDATED]
    flags = one_flag_per_action([f for f in flags if f.flag != UPDATED])
    overrides = gradebook.hidden_overrides(rows)
    flags += [Flag(r["student_id"], r["assignment"], "manual-score-kept",
                   f"{r['exercise']}: the manual score {r['manual_score']:g} stays, the autograder "
                   f"now gives {r['auto_score']:g}") for r in overrides]
    write_integrity(root, flags)
    print(summary(root, chapters, staged, flags, gradebook.lateness(nbgrader_api(root))))
    for chapter in chapters:
        held = sorted({f.student for f in updated if f.chapter == chapter})
        if held:
            print(f"\n{chapter}: {len(held)} submissions hold test cells as handed out before you "
                  "changed them; graded on the current tests (not flagged).")
    print(f"\ngrades.csv, grades-by-exercise.csv, grades-canvas.csv, grades-moodle.csv, "
          f"integrity.csv ({len(flags)} flags) and feedback/ written in {root}")


if __name__ == "__main__":
    main()
