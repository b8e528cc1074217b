"""The instructor's route with nbgrader's own commands, on the course as shipped.

A temporary course with chapter 00: `make release` (tools/release.py), a roster imported
with `nbgrader db student import`, a due date with `nbgrader db assignment add`, three
students (on time; a test cell edited; a day late), then nbgrader's own `autograde`,
`generate_feedback` and `export`, run as `.venv/bin/nbgrader ...` with the venv *not* on
PATH. Then `make grade` on the same course, a fix to a test cell in solutions/ and a
manual score, and the regrade. Each test checks one outcome.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, hand_graded, notebook_path, read
from utils.grading import simulate
from utils.grading.gradebook import LMS_FILE_PATTERNS, nbgrader_api

pytestmark = pytest.mark.grading

CHAPTER = "00-start-here"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
#: The venv's bin/ is not on PATH, as for an instructor who did not activate it.
BARE = {**{k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}, "PATH": "/usr/bin:/bin"}
ROSTER = [("amy", "Amy", "Adams", "amy@example.org"), ("bob", "Bob", "Brown", "bob@example.org"),
          ("cy", "Cy", "Chen", "cy@example.org")]
DUE = "2026-03-01 12:00:00 UTC"
TIMESTAMPS = {"amy": "2026-03-01 10:00:00 UTC", "bob": "2026-03-01 11:00:00 UTC",
              "cy": "2026-03-02 13:00:00 UTC"}  # cy: 25 h late, two started days
FIXED = "standardize-tests"


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NBGRADER, *args], cwd=root, env=BARE, capture_output=True, text=True,
                          timeout=600)


def per_student(log: str) -> dict[str, str]:
    """nbgrader's autograde log, cut into one part per student."""
    parts = re.split(r"(?=\[AutogradeApp \| INFO\] Creating/updating student with ID ')", log)
    found = {}
    for part in parts:
        m = re.match(r"\[AutogradeApp \| INFO\] Creating/updating student with ID '([^']+)'", part)
        if m:
            found[m.group(1)] = part
    return found


def grade(root: Path) -> str:
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course after release, roster, due date, three submissions and plain autograde."""
    root = simulate.course(tmp_path_factory.mktemp("cli") / "course", ROOT, [CHAPTER], timeout=10)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as file:
        file.write('\nc.AssignLatePenalties.plugin_class = "utils.grading.late.PercentPerDay"\n'
                   "c.PercentPerDay.percent = 25\n")
    release = subprocess.run([sys.executable, str(ROOT / "tools" / "release.py"),
                              str(root / "solutions"), str(root / "chapters")],
                             capture_output=True, text=True)
    assert release.returncode == 0, release.stderr
    with open(root / "roster.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "first_name", "last_name", "email"])
        writer.writerows(ROSTER)
    steps = [nbgrader(root, "db", "student", "import", "roster.csv"),
             nbgrader(root, "db", "assignment", "add", CHAPTER, f"--duedate={DUE}")]
    for step in steps:
        assert step.returncode == 0, step.stdout + step.stderr
    released = read(root / "chapters" / CHAPTER / f"{CHAPTER}.ipynb")
    answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, CHAPTER)))
    for student, _, _, _ in ROSTER:
        nb = simulate.answered(released, answers)
        if student == "bob":
            next(c for c in nb.cells if simulate.grade_id(c) == FIXED).source = "pass"
        path = simulate.submit(root, student, CHAPTER, nb)
        (path.parent / "timestamp.txt").write_text(TIMESTAMPS[student], encoding="utf-8")
    autograde = nbgrader(root, "autograde", CHAPTER)
    return root, autograde


def test_release_then_nbgraders_autograde_works(course):
    """After `make release`, plain `nbgrader autograde` grades (no 'No assignment', no alembic error)."""
    root, run = course
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-3000:]
    assert "No assignment with ID" not in log and "alembic" not in log
    for student, *_ in ROSTER:
        assert (root / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb").is_file()


def test_untouched_test_cells_give_no_checksum_warning(course):
    """Only the student who edited a test cell is warned about, naming that cell."""
    _, run = course
    parts = per_student(run.stdout + run.stderr)
    assert set(parts) == {"amy", "bob", "cy"}
    for student in ("amy", "cy"):
        assert "checksum" not in parts[student] and "was edited" not in parts[student]
    assert f"Cell {FIXED} was edited" in parts["bob"]
    assert "Attribute 'checksum'" not in parts["bob"]


def test_feedback_and_export_with_the_roster(course):
    """`nbgrader generate_feedback` and `nbgrader export` work; the export has the roster's
    names and e-mails, full marks on time, and the late penalty for cy."""
    root, _ = course
    feedback = nbgrader(root, "generate_feedback", CHAPTER)
    assert feedback.returncode == 0, feedback.stderr[-2000:]
    for student, *_ in ROSTER:
        assert (root / "feedback" / student / CHAPTER / f"{CHAPTER}.html").is_file()
    export = nbgrader(root, "export", "--to", "export.csv")
    assert export.returncode == 0, export.stderr[-2000:]
    found = {r["student_id"]: r for r in rows(root / "export.csv")}
    for student, first, last, email in ROSTER:
        r = found[student]
        assert (r["first_name"], r["last_name"], r["email"]) == (first, last, email)
    # full marks but for the written answer, which waits for the instructor
    maximum = float(found["amy"]["max_score"]) - sum(hand_graded(CHAPTER).values())
    assert float(found["amy"]["score"]) == maximum == float(found["bob"]["score"])
    assert float(found["cy"]["raw_score"]) == maximum
    assert float(found["cy"]["late_submission_penalty"]) == pytest.approx(maximum * 0.5)


@pytest.fixture(scope="module")
def graded(course):
    """`make grade` on the same course (tools/grade.py): its stdout."""
    root, _ = course
    return root, grade(root)


def test_make_grade_summary_shows_lateness(graded):
    """The summary marks cy's late chapter and says how late and what it cost."""
    root, stdout = graded
    line = next(line for line in stdout.splitlines() if line.startswith("cy "))
    assert "*" in line
    assert re.search(rf"cy / {CHAPTER}: 25\.0 h late, penalty \d", stdout), stdout


def test_exports_per_exercise_and_for_lms(graded):
    """grades-by-exercise.csv has a row per exercise; Canvas and Moodle imports carry the
    roster (ids, names, e-mails) and the chapter's score."""
    root, _ = graded
    exercises = [r for r in rows(root / "grades-by-exercise.csv") if r["student_id"] == "amy"]
    assert {r["exercise"] for r in exercises} >= {"standardize-tests", "mean-squared-error-tests"}
    by_hand = {f"{grade_id}" for grade_id in hand_graded(CHAPTER)}
    assert all(float(r["score"]) == float(r["max_score"]) for r in exercises
               if r["exercise"] not in by_hand)
    with open(root / "grades-canvas.csv", encoding="utf-8") as file:
        canvas = list(csv.reader(file))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CHAPTER]
    assert canvas[1][0] == "Points Possible"
    assert ["Adams, Amy", "amy"] == canvas[2][:2]
    moodle = {r["Username"]: r for r in rows(root / "grades-moodle.csv")}
    assert moodle["bob"]["Email address"] == "bob@example.org"
    assert float(moodle["amy"][CHAPTER]) == float(canvas[1][5]) - sum(hand_graded(CHAPTER).values())


@pytest.fixture(scope="module")
def regraded(graded, tmp_path_factory):
    """The instructor fixes a test cell in solutions/ and gives amy a manual score, then
    grades again: nbgrader's autograde (its log), then `make grade` (its stdout). On a copy
    of the graded course, so the tests of `graded` see it as graded whatever their order."""
    root = tmp_path_factory.mktemp("regraded") / "course"
    shutil.copytree(graded[0], root)
    path = root / "solutions" / CHAPTER / f"{CHAPTER}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if simulate.grade_id(c) == FIXED)
    cell.source = cell.source.replace("\n", "\n# checked again after a fix\n", 1)
    nbformat.write(nb, path)
    api = nbgrader_api(root)
    with api.gradebook as gb:
        grade_row = gb.find_grade("mean-squared-error-tests", CHAPTER, CHAPTER, "amy")
        grade_row.manual_score = 0.5
        gb.db.commit()
    cli = nbgrader(root, "autograde", CHAPTER, "--force")
    assert cli.returncode == 0, cli.stderr[-3000:]
    return root, cli.stdout + cli.stderr, grade(root)


def test_regrade_after_a_test_fix_tells_student_edits_from_instructor_changes(regraded):
    """After the fix, only bob (who edited the test) is warned and flagged; amy and cy,
    whose copies are as handed out, are graded on the fixed test without a flag."""
    root, cli_log, stdout = regraded
    parts = per_student(cli_log)
    assert "[course] putting" in cli_log  # the changed solution went into the gradebook
    for student in ("amy", "cy"):
        assert "was edited" not in parts[student] and "checksum" not in parts[student]
        assert f"Cell {FIXED} changed since this copy was released" in parts[student]
    assert f"Cell {FIXED} was edited" in parts["bob"]
    flags = rows(root / "integrity.csv")
    edited = {f["student"] for f in flags if f["flag"] == "test-cell-edited"}
    assert edited == {"bob"}, flags
    assert "2 submissions hold test cells as handed out" in stdout


def test_regrade_reports_a_manual_score_that_hides_the_autograder(regraded):
    """amy's manual score stays (nbgrader keeps it) and integrity.csv says so."""
    root, _, _ = regraded
    kept = [f for f in rows(root / "integrity.csv") if f["flag"] == "manual-score-kept"]
    assert [(f["student"], f["chapter"]) for f in kept] == [("amy", CHAPTER)]
    assert "mean-squared-error-tests" in kept[0]["detail"] and "0.5" in kept[0]["detail"]
    amy = next(r for r in rows(root / "grades.csv") if r["student_id"] == "amy")
    assert float(amy["score"]) < float(amy["max_score"])


def test_a_wrongly_named_notebook_on_the_cli_route(tmp_path):
    """nbgrader's autograde skips `Untitled.ipynb` (and removes the earlier autograded copy,
    keeping the old score); renaming it to the chapter's name, as the docs say, grades it."""
    root = simulate.course(tmp_path / "course", ROOT, [CHAPTER], timeout=10)
    release = read(notebook_path(CHAPTERS, CHAPTER))
    answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, CHAPTER)))
    path = simulate.submit(root, "dee", CHAPTER, simulate.answered(release, answers), "Untitled.ipynb")
    run = nbgrader(root, "autograde", CHAPTER)
    assert not (root / "autograded" / "dee" / CHAPTER / f"{CHAPTER}.ipynb").exists()
    path.rename(path.with_name(f"{CHAPTER}.ipynb"))
    run = nbgrader(root, "autograde", CHAPTER, "--force")
    assert run.returncode == 0, run.stderr[-2000:]
    nbgrader(root, "export", "--to", "export.csv")
    dee = next(r for r in rows(root / "export.csv") if r["student_id"] == "dee")
    assert float(dee["score"]) == float(dee["max_score"]) - sum(hand_graded(CHAPTER).values()) > 0


def lms_zip_collect(tmp_path, pattern: str, names: dict[str, str]) -> Path:
    root = simulate.course(tmp_path / "course", ROOT, [CHAPTER])
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as file:
        file.write(f"\nc.FileNameCollectorPlugin.named_regexp = {pattern!r}\n")
    archive = root / "downloaded" / CHAPTER / "archive"
    archive.mkdir(parents=True)
    content = (CHAPTERS / CHAPTER / f"{CHAPTER}.ipynb").read_bytes()
    with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
        for name in names:
            zf.writestr(name, content)
    run = nbgrader(root, "zip_collect", CHAPTER)
    assert run.returncode == 0, run.stderr[-2000:]
    for student in names.values():
        assert (root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == content
    return root


def test_canvas_download_is_collected(tmp_path):
    """Canvas names files <name>_[LATE_]<user id>_<submission id>_<file>[-N]; the user id is the id."""
    lms_zip_collect(tmp_path, LMS_FILE_PATTERNS["canvas"], {
        f"adamsamy_1001_5001_{CHAPTER}.ipynb": "1001",
        f"brownbob_LATE_1002_5002_{CHAPTER}-1.ipynb": "1002"})


def test_moodle_download_is_collected(tmp_path):
    """Moodle names a folder (or a file prefix) <Full Name>_<participant>_assignsubmission_file_."""
    lms_zip_collect(tmp_path, LMS_FILE_PATTERNS["moodle"], {
        f"Amy Adams_301_assignsubmission_file_/{CHAPTER}.ipynb": "Amy Adams",
        f"Bob Brown_302_assignsubmission_file_{CHAPTER}.ipynb": "Bob Brown"})


def test_documented_patterns_are_the_tested_ones():
    """docs/instructors.md shows each LMS pattern exactly as tested, and the course's default."""
    docs = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    for pattern in LMS_FILE_PATTERNS.values():
        assert pattern in docs
    assert LMS_FILE_PATTERNS["plain"] in (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
