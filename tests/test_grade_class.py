"""`make grade` on a simulated class of chapter 00, in a temporary course folder.

One student per kind of submission a real class hands in (see docs/instructors.md); the
class is graded once (tools/grade.py, as `make grade` runs it) and each test checks one
outcome: the score, the flags in integrity.csv, the feedback, and that submitted/ is
untouched. The class works on the exercise part of chapter 00 (``conftest.exercise_course``:
the graded quiz and the exercises, without the teaching cells before them), since what is
tested here is the grading of what students hand in; whole chapters are graded in
tests/test_grade_every_chapter.py and tests/test_instructor_cli.py.
"""

import csv
import hashlib
import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, exercise_course, notebook_path, read
from feedback_text import feedback_text, hidden_test_lines
from grading_cases.start_here import MISTAKES
from utils.grading import simulate

CHAPTER = "00-start-here"
POINTS = {"standardize": 3, "mean-squared-error": 2, "close-enough": 2,
          "quiz-q1": 1, "quiz-q2": 1, "quiz-q3": 1, "quiz-q4": 1}
FULL = sum(POINTS.values())
QUIZ = sum(p for g, p in POINTS.items() if g.startswith("quiz-"))  # graded before the exercises
WRITTEN = 2  # written-q, marked by hand: in the maximum, not in an autograded score
PATCH = """import builtins
import numpy as np
import utils.exercises.start_here as checkers
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
checkers.check_standardize = lambda fn: None
builtins.abs = lambda x: x
def standardize(X):
    return X"""


KILL = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
LOOP = "while True:  # an endless loop at the top of the answer cell\n    pass"


def submissions() -> dict:
    """student -> (what they hand in, file name or None)."""
    source = exercise_course(CHAPTER)
    release = read(notebook_path(source / "chapters", CHAPTER))
    answers = simulate.solution_answers(read(notebook_path(source / "solutions", CHAPTER)))

    def variant(**changes):
        return simulate.answered(release, {**answers, **changes})

    def without(grade_id):
        nb = variant()
        nb.cells = [c for c in nb.cells if simulate.grade_id(c) != grade_id]
        return nb

    passed_tests = variant()
    for cell in passed_tests.cells:
        if simulate.grade_id(cell) == "standardize-tests":
            cell.source = "pass"
    flood = variant(**{"close-enough": 'print("\\n".join(map(str, range(2_000_000))))\n'
                                      + answers["close-enough"]})
    flood.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n" * 10**6)]
    older, newer = (json.loads(nbformat.writes(variant())) for _ in range(2))
    older["nbformat_minor"] = 2
    for cell in older["cells"]:
        del cell["id"]
    newer["nbformat_minor"] = 9
    newer["metadata"]["some_future_field"] = {"x": 1}
    warn = "import sys, warnings\nprint('note', file=sys.stderr)\nwarnings.warn('careful')\n"
    return {
        "ada": (variant(), None),
        "blank": (release, None),
        "mistakes": (variant(**{g: source for g, (source, _) in MISTAKES.items()}), None),
        "edited-tests": (passed_tests, None),
        "deleted-test": (without("standardize-tests"), None),
        "deleted-answer": (without("standardize"), None),
        "endless-loop": (variant(standardize="def standardize(X):\n    while True:\n        pass"), None),
        "exits": (variant(**{"mean-squared-error": "import os\nos._exit(1)"}), None),
        "sigkill": (variant(**{"mean-squared-error": KILL}), None),
        "patcher": (variant(standardize=PATCH), None),
        "patch-and-loop": (variant(standardize=PATCH, **{"mean-squared-error": LOOP}), None),
        "stderr": (variant(standardize=warn + answers["standardize"].replace(
            '    """', '    warnings.warn("inside")\n    """', 1)), None),
        "flood": (flood, None),
        "broken-json": ('{"cells": [', None),
        "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
        "renamed": (variant(), "Untitled.ipynb"),
        "older-minor": (json.dumps(older), None),
        "newer-minor": (json.dumps(newer), None),
    }


def digest(folder) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, graded once: (course root, grades, flags, digests before and after, stdout)."""
    root = simulate.course(tmp_path_factory.mktemp("class"), exercise_course(CHAPTER), [CHAPTER],
                           timeout=8)
    for student, (content, name) in submissions().items():
        simulate.submit(root, student, CHAPTER, content, name)
    before = digest(root / "submitted")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root),
                          "--jobs", "1"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    with open(root / "grades.csv", encoding="utf-8") as file:
        grades = {r["student_id"]: float(r["score"]) for r in csv.DictReader(file)
                  if r["assignment"] == CHAPTER}
    with open(root / "integrity.csv", encoding="utf-8") as file:
        flags = list(csv.DictReader(file))
    return root, grades, flags, before, digest(root / "submitted"), run.stdout


def flags_of(flags, student) -> set:
    return {f["flag"] for f in flags if f["student"] == student}


def test_solution_answers_get_full_marks_and_blank_gets_zero(graded):
    """The solution's answers score every point; the blank release scores none."""
    _, grades, flags, *_ = graded
    assert grades["ada"] == FULL and grades["blank"] == 0
    assert not flags_of(flags, "ada") and not flags_of(flags, "blank")


def test_typical_mistakes_get_partial_marks_and_their_diagnosis(graded):
    """Each typical mistake loses its exercise's points; the feedback names the mistake."""
    root, grades, *_ = graded
    assert grades["mistakes"] == FULL - sum(POINTS[g] for g in MISTAKES)
    text = feedback_text(root / "feedback" / "mistakes" / CHAPTER / f"{CHAPTER}.html")
    for _, phrase in MISTAKES.values():
        assert phrase in text


def test_edited_or_deleted_test_cells_are_restored_and_flagged(graded):
    """A test cell replaced by `pass` or deleted is graded as released, and flagged."""
    _, grades, flags, *_ = graded
    assert grades["edited-tests"] == FULL and "test-cell-edited" in flags_of(flags, "edited-tests")
    assert grades["deleted-test"] == FULL and "test-cell-deleted" in flags_of(flags, "deleted-test")


def test_deleted_answer_cell_scores_zero_for_it(graded):
    """A deleted answer cell costs that exercise only, and is flagged."""
    _, grades, flags, *_ = graded
    assert grades["deleted-answer"] == FULL - POINTS["standardize"]
    assert "answer-cell-deleted" in flags_of(flags, "deleted-answer")


def test_endless_loop_times_out_and_the_rest_is_graded(graded):
    """A function that never returns loses its tests; everything else is graded."""
    _, grades, flags, *_ = graded
    assert grades["endless-loop"] == FULL - POINTS["standardize"]
    assert "timeout" in flags_of(flags, "endless-loop")
    detail = next(f["detail"] for f in flags if f["student"] == "endless-loop")
    assert "standardize-tests" in detail


def test_os_exit_is_contained(graded):
    """os._exit in an answer cell does not kill the kernel: that exercise scores 0, the rest counts."""
    _, grades, flags, *_ = graded
    assert grades["exits"] == FULL - POINTS["mean-squared-error"]
    assert "kernel-exit-blocked" in flags_of(flags, "exits")


def test_a_killed_kernel_scores_zero_and_the_class_goes_on(graded):
    """A kernel killed outright (SIGKILL) scores 0 and is flagged; later students are graded."""
    _, grades, flags, *_ = graded
    assert grades["sigkill"] == 0 and "kernel-died" in flags_of(flags, "sigkill")
    assert grades["stderr"] == FULL  # graded after sigkill (alphabetical order)


def test_monkeypatching_is_flagged_and_fails_the_tests(graded):
    """Patching np.allclose, numpy.testing, a checker and a builtin fails every test: one
    flag, naming what was replaced and the tests that failed because of it."""
    _, grades, flags, *_ = graded
    assert grades["patcher"] == QUIZ  # the quiz's tests run before the patching answer cell
    mine = [f for f in flags if f["student"] == "patcher"]
    assert [f["flag"] for f in mine] == ["monkeypatch"]
    for name in ("np.allclose", "np.testing.assert_allclose", "checkers.check_standardize",
                 "builtins.abs", "standardize-tests", "replaced"):
        assert name in mine[0]["detail"]


def test_one_flag_per_student_action(graded):
    """Patching numpy and writing an endless loop are two actions: two flags, each naming
    the exercise (grade id), not a cell number."""
    _, _, flags, *_ = graded
    mine = [f for f in flags if f["student"] == "patch-and-loop"]
    assert sorted(f["flag"] for f in mine) == ["monkeypatch", "timeout"], mine
    timeout = next(f for f in mine if f["flag"] == "timeout")
    assert "mean-squared-error" in timeout["detail"] and "cell " not in timeout["detail"]


def test_stderr_in_answers_does_not_fail_tests(graded):
    """Prints to stderr and warnings, in the answer cell and when called by tests, cost nothing."""
    _, grades, flags, *_ = graded
    assert grades["stderr"] == FULL and not flags_of(flags, "stderr")


def test_gigantic_output_is_truncated_and_graded(graded):
    """Two million printed lines (and a million stored ones) are cut; the notebook is graded."""
    root, grades, flags, *_ = graded
    assert grades["flood"] == FULL and "huge-output" in flags_of(flags, "flood")
    autograded = root / "autograded" / "flood" / CHAPTER / f"{CHAPTER}.ipynb"
    assert autograded.stat().st_size < 2_000_000


def test_unreadable_files_are_reported_and_the_class_goes_on(graded):
    """Broken JSON, a binary file and a wrongly named notebook land in integrity.csv."""
    _, grades, flags, *_ = graded
    assert "not-a-notebook" in flags_of(flags, "broken-json")
    assert "not-a-notebook" in flags_of(flags, "png")
    assert "broken-json" not in grades or grades["broken-json"] == 0
    assert grades["renamed"] == FULL and "wrong-file-name" in flags_of(flags, "renamed")


def test_older_and_newer_nbformat_minor_versions_are_graded(graded):
    """Notebooks saved as nbformat 4.2 (no cell ids) and 4.9 (unknown fields) are graded."""
    _, grades, *_ = graded
    assert grades["older-minor"] == FULL and grades["newer-minor"] == FULL


def test_submitted_folder_is_never_modified(graded):
    """Every file under submitted/ has the same bytes after grading."""
    _, _, _, before, after, _ = graded
    assert before == after


def test_feedback_never_shows_hidden_tests(graded):
    """No line of a hidden test appears in any student's feedback."""
    root, *_ = graded
    hidden = hidden_test_lines(read(notebook_path(SOLUTIONS, CHAPTER)))
    files = sorted((root / "feedback").rglob("*.html"))
    assert len(files) >= 12
    for path in files:
        text = feedback_text(path)
        shown = [line for line in hidden if line in text]
        assert not shown, f"{path.relative_to(root)} shows hidden tests: {shown[:3]}"


def test_summary_table_lists_every_student(graded):
    """The printed summary has a row per student with their score."""
    _, grades, _, _, _, stdout = graded
    for student in ("ada", "blank", "patcher", "broken-json"):
        assert any(line.startswith(student + " ") for line in stdout.splitlines()), stdout
    assert f"{FULL:.1f} / {FULL + WRITTEN}" in stdout


def test_zip_collect_files_an_lms_export(tmp_path):
    """nbgrader zip_collect turns <student>_<chapter>.ipynb files in a zip into submitted/."""
    root = simulate.course(tmp_path, ROOT, [CHAPTER])
    archive = root / "downloaded" / CHAPTER / "archive"
    archive.mkdir(parents=True)
    release = (CHAPTERS / CHAPTER / f"{CHAPTER}.ipynb").read_bytes()
    with zipfile.ZipFile(archive / "export.zip", "w") as zf:
        for student in ("amy", "bo"):
            zf.writestr(f"{student}_{CHAPTER}.ipynb", release)
    subprocess.run([sys.executable, "-m", "nbgrader", "zip_collect", CHAPTER, "--log-level=ERROR"],
                   cwd=root, check=True, capture_output=True)
    for student in ("amy", "bo"):
        assert (root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == release


# --- JOBS=2 ------------------------------------------------------------------------------

#: Ten of the class, one of each kind a worker process could treat differently: a full and a
#: blank notebook, failures, restored tests, a timeout, a killed kernel, monkeypatching, a
#: renamed file and an unreadable one.
PARALLEL = ("ada", "blank", "mistakes", "edited-tests", "deleted-test", "endless-loop",
            "sigkill", "patcher", "renamed", "broken-json")


def outcome(root, students) -> dict[str, list[tuple]]:
    """What grading wrote for ``students`` that must not depend on the number of jobs, as
    sorted rows (nbgrader's export lists students in the order they entered the gradebook)."""
    found = {}
    for name in ("grades.csv", "grades-by-exercise.csv", "integrity.csv"):
        with open(root / name, encoding="utf-8") as file:
            rows = [r for r in csv.DictReader(file) if r.get("student_id", r.get("student")) in students]
        found[name] = sorted(tuple(r.items()) for r in rows)
    found["feedback"] = sorted(str(p.relative_to(root)) for p in (root / "feedback").rglob("*.html")
                               if p.relative_to(root / "feedback").parts[0] in students)
    return found


def test_jobs_2_grades_and_flags_like_jobs_1(graded, tmp_path):
    """`make grade JOBS=2` on ten of the class writes the same grades.csv, grades-by-exercise.csv,
    integrity.csv rows and feedback files as JOBS=1 wrote for them (the class graded above)."""
    cases = submissions()
    root = simulate.course(tmp_path / "jobs2", exercise_course(CHAPTER), [CHAPTER], timeout=8)
    for student in PARALLEL:
        simulate.submit(root, student, CHAPTER, *cases[student])
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root),
                          "--jobs", "2"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert not (root / ".grading" / "workers").exists()
    jobs_1 = outcome(graded[0], PARALLEL)
    assert len(jobs_1["grades.csv"]) == len(PARALLEL) - 1  # the unreadable file has no row
    assert outcome(root, PARALLEL) == jobs_1
