"""nbgrader's gradebook for the course: its Python API, putting chapters into it, and what
grading reads back out of it (scores per exercise, manual overrides, lateness, LMS exports).

Used by ``make grade`` (tools/grade.py), the grading benchmark, and the course's
nbgrader_config.py (so that nbgrader's own commands find every chapter in the gradebook).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import nbformat

#: The folder (under the course root) where grading stages its release and submissions.
STAGING = ".grading"
#: Which version of each solution the gradebook holds (written by :func:`register`).
REGISTERED = f"{STAGING}/registered.json"
#: Set while the course registers chapters, so that nbgrader_config.py does not recurse.
SYNCING = "MATH_FOR_ML_GRADEBOOK_SYNC"
#: nbgrader commands that need every chapter in the gradebook (`db`: so the first roster
#: import or due date also registers the chapters, once, before grading starts anywhere).
GRADEBOOK_COMMANDS = {"autograde", "generate_feedback", "export", "release_assignment", "db",
                      "release_feedback", "formgrader", "generate_solution"}


def nbgrader_api(root: Path, **course):
    """nbgrader's Python API on the course at ``root``, with course-directory overrides."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning
    from traitlets.config import Config, PyFileConfigLoader

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session warnings

    with _syncing():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.merge(Config({"CourseDirectory": {"root": str(root), **course}}))
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    api.log.setLevel(logging.ERROR)
    return api


@contextlib.contextmanager
def _syncing() -> Iterator[None]:
    before = os.environ.get(SYNCING)
    os.environ[SYNCING] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(SYNCING, None)
        else:
            os.environ[SYNCING] = before


def nbgrader_export(api, path: Path) -> None:
    """What ``nbgrader export --to path`` writes, in this process: the exporter the course's
    config names (``ExportApp.plugin_class``, nbgrader's CSV export by default) on its
    gradebook. A subprocess would spend seconds importing nbgrader again."""
    from nbgrader.api import Gradebook
    from nbgrader.apps.exportapp import ExportApp

    app = ExportApp(config=api.config)
    app.log.setLevel(logging.ERROR)
    exporter = app.plugin_class(parent=app, to=str(path))
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        exporter.export(gb)


def chapters_of(root: Path) -> list[str]:
    """The chapters of the course at ``root``: each ``solutions/NN-slug/NN-slug.ipynb``."""
    folder = root / "solutions"
    return sorted(p.name for p in folder.iterdir() if (p / f"{p.name}.ipynb").is_file()) \
        if folder.is_dir() else []


def _fingerprint(root: Path, chapter: str) -> str:
    return hashlib.sha256((root / "solutions" / chapter / f"{chapter}.ipynb").read_bytes()).hexdigest()


def _registered(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / REGISTERED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def register(root: Path, chapters: list[str], db_url: str | None = None) -> dict[str, nbformat.NotebookNode]:
    """Put each chapter in the gradebook (nbgrader's release, into .grading/release).

    ``db_url`` registers into another gradebook than the course's (a grading worker's).
    """
    course = {"release_directory": f"{STAGING}/release"}
    if db_url:
        course["db_url"] = db_url
    api = nbgrader_api(root, **course)
    releases = {}
    with _syncing():
        for chapter in chapters:
            result = api.generate_assignment(chapter, force=True)
            if not result["success"]:
                raise SystemExit(f"nbgrader could not release {chapter}:\n{result.get('error')}")
            path = root / STAGING / "release" / chapter / f"{chapter}.ipynb"
            releases[chapter] = nbformat.read(path, as_version=4)
    if db_url is None:
        seen = _registered(root)
        seen.update({chapter: _fingerprint(root, chapter) for chapter in chapters})
        (root / REGISTERED).write_text(json.dumps(seen, indent=1, sort_keys=True), encoding="utf-8")
    return releases


def missing(root: Path, db_url: str) -> list[str]:
    """Chapters whose solution is not in the gradebook as it is now (absent, or edited since)."""
    from nbgrader.api import Gradebook, MissingEntry

    seen = _registered(root)
    stale = []
    with Gradebook(db_url) as gb:
        for chapter in chapters_of(root):
            try:
                gb.find_notebook(chapter, chapter)
            except MissingEntry:
                stale.append(chapter)
                continue
            if seen.get(chapter) != _fingerprint(root, chapter):
                stale.append(chapter)
    return stale


def sync(root: Path, db_url: str, argv: list[str]) -> None:
    """From nbgrader_config.py: before a command that reads the gradebook, register every
    chapter that is missing from it or whose solution changed since.

    So ``make release`` (which writes chapters/ without a gradebook) is enough for
    ``nbgrader autograde``, ``generate_feedback``, ``export`` and formgrader.
    """
    if os.environ.get(SYNCING) or len(argv) < 2 or argv[1] not in GRADEBOOK_COMMANDS:
        return
    if "nbgrader" not in os.path.basename(argv[0]) and "nbgrader" not in argv[0]:
        return
    stale = missing(root, db_url)
    if stale:
        print(f"[course] putting {', '.join(stale)} in the gradebook (nbgrader's release of "
              f"solutions/ into {STAGING}/release)", flush=True)
        from traitlets.log import get_logger

        log = get_logger()  # the running nbgrader command's log: keep its level
        level = log.level
        try:
            register(root, stale)
        finally:
            log.setLevel(level)


#: ``c.FileNameCollectorPlugin.named_regexp`` for ``nbgrader zip_collect``, per LMS: matched
#: against each extracted file's path; ``student_id`` and ``file_id`` (the notebook's name).
LMS_FILE_PATTERNS = {
    # jsmith_03-least-squares.ipynb
    "plain": r".*/(?P<student_id>[^/_]+)_(?P<file_id>\d\d-[^/_]+\.ipynb)$",
    # Canvas "Download Submissions": <name>_[LATE_]<user id>_<submission id>_<file>[-N].ipynb
    "canvas": r".*/[^/_]+_(?:LATE_)?(?P<student_id>\d+)_\d+_(?P<file_id>\d\d-[a-z-]+?)(?:-\d+)?\.ipynb$",
    # Moodle "Download all submissions": <Full Name>_<participant>_assignsubmission_file_[/]<file>
    "moodle": r".*/(?P<student_id>[^/_]+)_\d+_assignsubmission_file_/?(?P<file_id>\d\d-[a-z-]+)\.ipynb$",
}


# --- reading grades back --------------------------------------------------------------------


def exercise_rows(api) -> list[dict]:
    """One row per student, chapter and graded cell: the score of each exercise.

    ``manual`` is the score a grader typed in formgrader (it overrides ``auto``).
    """
    rows = []
    gb = api.gradebook
    with gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append({
                            "student_id": submission.student.id, "assignment": assignment.name,
                            "exercise": grade.name, "score": grade.score,
                            "max_score": grade.max_score, "auto_score": grade.auto_score,
                            "manual_score": grade.manual_score,
                            "needs_manual_grade": grade.needs_manual_grade,
                        })
    return rows


def hidden_overrides(rows: list[dict]) -> list[dict]:
    """Exercises where a grader's manual score now hides a different autograder score."""
    return [r for r in rows if r["manual_score"] is not None and r["auto_score"] is not None
            and abs(r["manual_score"] - r["auto_score"]) > 1e-9]


def lateness(api) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, chapter) -> (seconds late, late penalty in points), for late submissions."""
    late = {}
    gb = api.gradebook
    with gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                seconds = submission.total_seconds_late or 0
                if seconds > 0:
                    late[submission.student.id, assignment.name] = (seconds,
                                                                    submission.late_submission_penalty or 0)
    return late


def write_exercise_csv(rows: list[dict], path: Path) -> None:
    fields = ["student_id", "assignment", "exercise", "score", "max_score", "auto_score",
              "manual_score", "needs_manual_grade"]
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=fields)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["student_id"], r["assignment"], r["exercise"])))


def write_lms_csvs(grades_csv: Path, canvas: Path, moodle: Path) -> None:
    """Gradebook imports for Canvas and Moodle from nbgrader's grades.csv (one column per chapter).

    Canvas: ``Student, ID, SIS User ID, SIS Login ID, Section``, a ``Points Possible`` row,
    then one row per student, matched on ``ID`` (so nbgrader's student ids are Canvas user
    ids, as :data:`LMS_FILE_PATTERNS` reads them from a Canvas download). Moodle:
    ``Username``, ``Email address`` (from the roster; Moodle's import maps either), names,
    then one column per chapter.
    """
    with open(grades_csv, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    chapters = sorted({r["assignment"] for r in rows})
    students: dict[str, dict] = {}
    for r in rows:
        student = students.setdefault(r["student_id"], {"row": r, "scores": {}})
        student["scores"][r["assignment"]] = r["score"]

    def name(r):
        return ", ".join(part for part in (r.get("last_name"), r.get("first_name")) if part) \
            or r["student_id"]

    with open(canvas, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *chapters])
        maxima = {r["assignment"]: r["max_score"] for r in rows}
        writer.writerow(["Points Possible", "", "", "", "", *(maxima[c] for c in chapters)])
        for student_id, s in sorted(students.items()):
            writer.writerow([name(s["row"]), student_id, "", "", "",
                             *(s["scores"].get(c, "") for c in chapters)])
    with open(moodle, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Username", "Email address", "First name", "Last name", *chapters])
        for student_id, s in sorted(students.items()):
            r = s["row"]
            writer.writerow([student_id, r.get("email") or "", r.get("first_name") or "",
                             r.get("last_name") or "", *(s["scores"].get(c, "") for c in chapters)])
