"""A question graded by hand goes through nbgrader: autograde leaves it to a grader, a
manual score is recorded in the gradebook (as formgrader records it), the export has it.

A synthetic chapter (utils.grading.simulate.written_chapter): one autograded exercise
(1 point) and a Markdown answer cell graded by hand (2 points). The browser route through
formgrader's page is in test_instructor_formgrader.py.
"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from conftest import ROOT
from utils.grading import simulate
from utils.grading.gradebook import nbgrader_api, register

pytestmark = pytest.mark.grading

CHAPTER, ANSWER = simulate.WRITTEN, simulate.WRITTEN_ANSWER
ANSWERS = {"double": "def double(x):\n    return x + x",
           ANSWER: "Because 2(x + y) = 2x + 2y."}


def written_course(root):
    """A course holding only the synthetic chapter, with amy's submission."""
    simulate.course(root, ROOT, [])
    simulate.written_chapter(root)
    release = register(root, [CHAPTER])[CHAPTER]
    simulate.submit(root, "amy", CHAPTER, simulate.answered(release, ANSWERS))
    return root, release


def test_release_hides_the_model_answer_and_rubric(tmp_path):
    """The released answer cell reads YOUR ANSWER HERE, editable, and keeps its points."""
    _, release = written_course(tmp_path / "course")
    cell = next(c for c in release.cells if simulate.grade_id(c) == ANSWER)
    assert cell.cell_type == "markdown" and cell.source.strip() == "YOUR ANSWER HERE"
    assert cell.metadata.nbgrader["points"] == 2 and cell.metadata.get("editable", True)
    assert "Rubric" not in str(release) and "distributes" not in str(release)


def test_manual_score_goes_from_the_gradebook_to_the_export(tmp_path):
    """nbgrader autograde scores the exercise and leaves the answer for a grader; a manual
    score then counts in `nbgrader export` and survives `make grade`."""
    root, _ = written_course(tmp_path / "course")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    run = subprocess.run([*nbgrader, "autograde", CHAPTER], cwd=root, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    api = nbgrader_api(root)
    with api.gradebook as gb:
        answer = gb.find_grade(ANSWER, CHAPTER, CHAPTER, "amy")
        tests = gb.find_grade("double-tests", CHAPTER, CHAPTER, "amy")
        assert answer.needs_manual_grade and answer.auto_score is None
        assert tests.auto_score == 1 and not tests.needs_manual_grade
        assert gb.find_submission(CHAPTER, "amy").needs_manual_grade
        answer.manual_score = 1.5  # what formgrader's score box writes
        gb.db.commit()
    subprocess.run([*nbgrader, "export", "--to", "export.csv"], cwd=root, check=True,
                   capture_output=True)
    with open(root / "export.csv", encoding="utf-8") as file:
        amy = next(r for r in csv.DictReader(file) if r["student_id"] == "amy")
    assert (float(amy["score"]), float(amy["max_score"])) == (2.5, 3.0)
    graded = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root)],
                            capture_output=True, text=True, timeout=600)
    assert graded.returncode == 0, graded.stderr[-2000:]
    with open(root / "grades-by-exercise.csv", encoding="utf-8") as file:
        rows = {r["exercise"]: r for r in csv.DictReader(file)}
    assert float(rows[ANSWER]["score"]) == 1.5 and float(rows["double-tests"]["score"]) == 1
    with open(root / "integrity.csv", encoding="utf-8") as file:
        assert not list(csv.DictReader(file))
