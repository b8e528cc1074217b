"""`make grade` on every chapter: correct answers get full marks, the blank release 0.

A temporary course with every chapter and two students, graded once by tools/grade.py: ada
hands in the solution's answers with the correct alternatives of tests/grading_cases/ in
their place (loops, lists, other formulas), so they pass hidden tests too; blank hands in
the release unanswered.
"""

import csv
import subprocess
import sys

import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, chapter_names, notebook_path, read
from feedback_text import feedback_text, hidden_test_lines
from grading_cases import cases
from utils.grading import simulate

ALTERNATIVES = cases("ALTERNATIVES")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(course root, {(student, chapter): (score, max score)}, integrity rows,
    {(student, chapter): exercises that lost points})."""
    root = simulate.course(tmp_path_factory.mktemp("course"), ROOT, chapter_names())
    for chapter in chapter_names():
        release = read(notebook_path(CHAPTERS, chapter))
        answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, chapter)))
        alternatives = {gid: source.strip() for gid, source in ALTERNATIVES[chapter].items()}
        assert set(alternatives) <= set(answers), f"{chapter}: {set(alternatives) - set(answers)}"
        simulate.submit(root, "ada", chapter, simulate.answered(release, answers | alternatives))
        simulate.submit(root, "blank", chapter, release)
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--root", str(root)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    with open(root / "grades.csv", encoding="utf-8") as file:
        grades = {(r["student_id"], r["assignment"]): (float(r["score"]), float(r["max_score"]))
                  for r in csv.DictReader(file)}
    with open(root / "integrity.csv", encoding="utf-8") as file:
        flags = list(csv.DictReader(file))
    with open(root / "grades-by-exercise.csv", encoding="utf-8") as file:
        lost = {}
        for r in csv.DictReader(file):
            if r["auto_score"] and float(r["auto_score"]) < float(r["max_score"]):
                lost.setdefault((r["student_id"], r["assignment"]), []).append(r["exercise"])
    return root, grades, flags, lost


@pytest.mark.parametrize("chapter", chapter_names())
def test_correct_answers_get_full_marks(graded, chapter):
    """The solution's answers and the correct alternatives, typed into the release, score
    every point graded automatically."""
    _, grades, flags, lost = graded
    score, maximum = grades["ada", chapter]
    by_hand = sum(c.metadata.nbgrader.get("points", 0) for c in read(notebook_path(SOLUTIONS, chapter)).cells
                  if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade"))
    assert not lost.get(("ada", chapter)), f"{chapter}: points lost on {lost['ada', chapter]}"
    assert maximum > 0 and score == maximum - by_hand, (score, maximum, by_hand)
    assert not [f for f in flags if f["chapter"] == chapter], flags


@pytest.mark.parametrize("chapter", chapter_names())
def test_blank_release_scores_zero(graded, chapter):
    """The unanswered release scores nothing."""
    _, grades, _, _ = graded
    assert grades["blank", chapter][0] == 0


@pytest.mark.parametrize("chapter", chapter_names())
def test_feedback_hides_hidden_tests(graded, chapter):
    """Neither student's feedback shows a line of a hidden test."""
    root, *_ = graded
    hidden = hidden_test_lines(read(notebook_path(SOLUTIONS, chapter)))
    assert hidden
    for student in ("ada", "blank"):
        text = feedback_text(root / "feedback" / student / chapter / f"{chapter}.html")
        assert not [line for line in hidden if line in text]
