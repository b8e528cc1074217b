"""`make progress`: a learner grades their own workspace with every test (hidden ones too).

The tests marked ``grading`` run tools/progress.py (what `make progress` runs) on a
workspace made as `make lab` makes it: one chapter solved, one half done, one untouched
(and, separately, chapters that no longer run); they check the table, progress.json and
progress.html, and that nothing else in the workspace changed. The others (unit layer)
check the report's rules on data made by hand, and that `make lab` keeps the records.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import CHAPTERS, ROOT, SOLUTIONS, notebook_path, read
from utils import progress
from utils.grading import simulate

TOOL = ROOT / "tools" / "progress.py"
WORKSPACE_TOOL = ROOT / "tools" / "workspace.py"
SOLVED, HALF, UNTOUCHED = "02-matrices", "01-vectors", "05-derivatives-gradients"


def graded_cells(chapter: str) -> list[dict]:
    """The nbgrader metadata of a chapter's autograded test cells."""
    return [c.metadata.nbgrader for c in read(notebook_path(SOLUTIONS, chapter)).cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata.nbgrader.get("solution")]


def autograded(chapter: str) -> tuple[float, int]:
    """(points of the tests graded automatically, number of code answer cells) of a chapter."""
    cells = read(notebook_path(SOLUTIONS, chapter)).cells
    meta = [c.metadata.get("nbgrader", {}) for c in cells if c.cell_type == "code"]
    return (sum(m.get("points", 0) for m in meta if m.get("grade") and not m.get("solution")),
            sum(1 for m in meta if m.get("solution")))


SOLVED_MAX, SOLVED_ITEMS = autograded(SOLVED)
HALF_MAX, HALF_ITEMS = autograded(HALF)
UNTOUCHED_MAX, _ = autograded(UNTOUCHED)


def quiz_count(chapter: str) -> int:
    """How many self-check quizzes a chapter holds (the report's "of N")."""
    return sum(len(re.findall(r"quiz\.(?:MultipleChoice|Numeric|PredictObserve)\(", c.source))
               for c in read(notebook_path(SOLUTIONS, chapter)).cells if c.cell_type == "code")


SOLVED_QUIZZES, HALF_QUIZZES, UNTOUCHED_QUIZZES = (quiz_count(c) for c in (SOLVED, HALF, UNTOUCHED))
COSINE_WRONG = "import numpy as np\n\ndef cosine_similarity(a, b):\n    return np.dot(a, b)\n"
LOOP = "while True:  # an endless loop\n    pass\n"
KILL = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"


def make_workspace(path: Path, answers: dict[str, dict[str, str] | None]) -> Path:
    """`make lab`'s workspace, then each chapter's answer cells filled with ``answers``."""
    subprocess.run([sys.executable, str(WORKSPACE_TOOL), str(CHAPTERS), str(path)], check=True,
                   capture_output=True)
    for slug, mine in answers.items():
        if mine is not None:
            release = read(notebook_path(CHAPTERS, slug))
            nbformat.write(simulate.answered(release, mine), path / slug / f"{slug}.ipynb")
    return path


def solution(slug: str, only: list[str] | None = None) -> dict[str, str]:
    answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, slug)))
    return {k: v for k, v in answers.items() if only is None or k in only}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_progress(workspace: Path, chapters: list[str], *extra: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, str(TOOL), "--workspace", str(workspace), *extra]
    for slug in chapters:
        argv += ["--chapter", slug]
    env = {k: v for k, v in __import__("os").environ.items() if k != progress.WORKSPACE_ENV}
    return subprocess.run(argv, capture_output=True, text=True, timeout=900, env=env)


def hidden_lines(slug: str) -> list[str]:
    """The non-trivial lines of a chapter's hidden tests (they must never be shown)."""
    found = []
    for cell in read(notebook_path(SOLUTIONS, slug)).cells:
        for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S):
            found += [line.strip() for line in block.splitlines() if len(line.strip()) > 15]
    return found


# --------------------------------------------------------------------------------------------
# One chapter solved, one half done, one untouched
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("learner") / "workspace", {
        SOLVED: solution(SOLVED),
        HALF: {**solution(HALF, ["dot", "p-norm"]), "cosine-similarity": COSINE_WRONG},
        UNTOUCHED: None,
    })
    progress.record_answer("02-column-pick", "multiple-choice", "b", False, workspace=ws)
    progress.record_answer("02-column-pick", "multiple-choice", "a", True, workspace=ws)
    progress.record_answer("02-legal-product", "multiple-choice", "d", False, workspace=ws)
    progress.record_answer("01-dot-sign", "multiple-choice", "c", True, workspace=ws)
    before = snapshot(ws)
    result = run_progress(ws, [SOLVED, HALF, UNTOUCHED])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((ws / progress.REPORT_JSON).read_text(encoding="utf-8"))
    return ws, before, result, report


@pytest.mark.grading
def test_the_workspace_is_only_read(graded):
    """Byte for byte, every file is as before; only progress.json and progress.html are new."""
    ws, before, _, _ = graded
    after = snapshot(ws)
    assert set(after) - set(before) == {progress.REPORT_JSON, progress.REPORT_HTML}
    assert {k: after[k] for k in before} == before


@pytest.mark.grading
def test_json_per_chapter(graded):
    """Points count every test (hidden ones too); not started is not 0 %; done = all pass."""
    report = graded[3]
    assert report["format"] == progress.REPORT_FORMAT and report["version"] == 1
    assert list(report["chapters"]) == [HALF, SOLVED, UNTOUCHED]  # in course order
    solved, half, untouched = (report["chapters"][s] for s in (SOLVED, HALF, UNTOUCHED))
    assert solved["status"] == "done" and solved["points"] == solved["max_points"] == SOLVED_MAX
    assert solved["exercises_passed"] == solved["exercises_total"] == SOLVED_ITEMS
    assert half["status"] == "in progress" and (half["points"], half["max_points"]) == (5, HALF_MAX)
    assert half["exercises_passed"] == 2 and half["exercises_total"] == HALF_ITEMS
    assert untouched["status"] == "not started" and untouched["points"] is None
    assert untouched["max_points"] == UNTOUCHED_MAX and untouched["last_worked_on"] is None
    assert (report["points"], report["max_points"]) == (SOLVED_MAX + 5, SOLVED_MAX + HALF_MAX)
    assert solved["last_worked_on"] and half["last_worked_on"]
    assert report["seconds"] > 0


@pytest.mark.grading
def test_json_per_exercise(graded):
    """A failing exercise carries the checker's diagnosis; an untouched one is not answered."""
    exercises = graded[3]["chapters"][HALF]["exercises"]
    functions = [e for e in exercises if exercises[e]["kind"] == "exercise"]
    assert functions == ["dot", "p-norm", "cosine-similarity", "nearest-neighbours"]
    assert exercises["written-q"]["kind"] == "hand-graded" and not exercises["written-q"]["counted"]
    assert exercises["dot"] == {**exercises["dot"], "status": "passed", "points": 2, "passed": True,
                                "message": None, "tests": ["dot-tests"], "counted": True}
    wrong = exercises["cosine-similarity"]
    assert wrong["status"] == "failed" and wrong["points"] == 0 and wrong["passed"] is False
    assert wrong["message"].startswith("you returned the plain dot product")
    assert exercises["nearest-neighbours"]["status"] == "not answered"
    assert exercises["nearest-neighbours"]["message"] is None


@pytest.mark.grading
def test_json_quizzes_from_the_records(graded):
    chapters = graded[3]["chapters"]
    solved = chapters[SOLVED]
    assert (solved["quizzes_answered"], solved["quizzes_right"],
            solved["quizzes_total"]) == (2, 1, SOLVED_QUIZZES)
    run_order = solved["quizzes"]["02-column-pick"]
    assert run_order["first"]["answer"] == "b" and run_order["latest"]["answer"] == "a"
    assert run_order["right"] is True and run_order["attempts"] == 2
    assert solved["quizzes"]["02-legal-product"]["right"] is False
    assert solved["quizzes"]["02-flatten-square"]["answered"] is False
    assert chapters[HALF]["quizzes_answered"] == 1 and chapters[UNTOUCHED]["quizzes_answered"] == 0
    assert graded[3]["records"]["problems"] == []


@pytest.mark.grading
def test_table_in_the_terminal(graded):
    out = graded[2].stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line[:3] in ("01-", "02-", "05-")}
    done = (rf"done\s+{SOLVED_MAX:g} / {SOLVED_MAX:g}\s+{SOLVED_ITEMS}/{SOLVED_ITEMS}"
            rf"\s+2/1 of {SOLVED_QUIZZES}")
    assert re.search(done, rows[SOLVED])
    assert re.search(rf"in progress\s+5 / {HALF_MAX:g}\s+2/{HALF_ITEMS}\s+1/1 of {HALF_QUIZZES}",
                     rows[HALF])
    assert re.search(rf"not started\s+— / {UNTOUCHED_MAX:g}\s+—\s+0/0 of {UNTOUCHED_QUIZZES}\s+—",
                     rows[UNTOUCHED])
    assert "✘ cosine-similarity: you returned the plain dot product" in out
    assert "· nearest-neighbours: not answered yet" in out
    assert "graded in" in out and "progress.html" in out


@pytest.mark.grading
def test_html_opens_offline_with_a_picture(graded):
    page = (graded[0] / progress.REPORT_HTML).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "</svg>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "loads something from the net"
    assert "<script" not in page
    for slug in (SOLVED, HALF, UNTOUCHED):
        assert slug in page
    assert "you returned the plain dot product" in page and "not started" in page


@pytest.mark.grading
def test_hidden_tests_are_never_shown(graded):
    ws, _, result, _ = graded
    shown = result.stdout + (ws / progress.REPORT_JSON).read_text(encoding="utf-8") \
        + (ws / progress.REPORT_HTML).read_text(encoding="utf-8")
    lines = hidden_lines(HALF) + hidden_lines(SOLVED)
    assert lines
    assert [line for line in lines if line in shown] == []
    assert "BEGIN HIDDEN TESTS" not in shown and "Traceback" not in shown


# --------------------------------------------------------------------------------------------
# Chapters that no longer run
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("broken") / "workspace", {
        SOLVED: None,
        HALF: {**solution(HALF), "dot": LOOP + solution(HALF)["dot"]},
        UNTOUCHED: {**solution(UNTOUCHED), "central-difference": KILL},
    })
    (ws / SOLVED / f"{SOLVED}.ipynb").write_text('{"cells": [ broken', encoding="utf-8")
    (ws / progress.RECORDS).parent.mkdir()
    (ws / progress.RECORDS).write_text("{ hand-edited", encoding="utf-8")
    before = snapshot(ws)
    result = run_progress(ws, [SOLVED, HALF, UNTOUCHED], "--timeout", "5")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((ws / progress.REPORT_JSON).read_text(encoding="utf-8"))
    return ws, before, result, report


@pytest.mark.grading
def test_a_broken_file_is_an_error_and_the_rest_is_graded(broken):
    chapter = broken[3]["chapters"][SOLVED]
    assert chapter["status"] == "error" and "cannot be read" in chapter["error"]
    assert chapter["points"] is None


@pytest.mark.grading
def test_an_endless_loop_is_stopped_and_the_rest_of_the_chapter_graded(broken):
    chapter = broken[3]["chapters"][HALF]
    assert chapter["status"] == "error" and "time limit" in chapter["error"]
    assert chapter["exercises"]["dot"]["status"] == "failed"
    assert "time limit" in chapter["exercises"]["dot"]["message"]
    # cosine-similarity calls the learner's dot, which never got defined: it fails too
    assert chapter["exercises"]["p-norm"]["status"] == "passed"
    assert chapter["exercises"]["nearest-neighbours"]["status"] == "passed"
    # the graded quiz comes before the exercises: answered as in the solution, it scores
    quiz = [m for m in graded_cells(HALF) if m["grade_id"].startswith("quiz-q") and m.get("points")]
    assert chapter["points"] == 6 + sum(m["points"] for m in quiz)
    assert chapter["exercises_passed"] == 2 + len(quiz)


@pytest.mark.grading
def test_a_crash_is_an_error_and_the_rest_is_graded(broken):
    chapter = broken[3]["chapters"][UNTOUCHED]
    assert chapter["status"] == "error", chapter
    assert "could not be run to the end" in chapter["error"] or "time limit" in chapter["error"]


@pytest.mark.grading
def test_a_corrupt_record_is_reported_not_fatal(broken):
    ws, before, result, report = broken
    assert report["records"]["problems"] and "not valid JSON" in report["records"]["problems"][0]
    assert "quiz records:" in result.stdout
    after = snapshot(ws)
    assert {k: after[k] for k in before} == before


# --------------------------------------------------------------------------------------------
# The report's rules (unit layer: no nbgrader)
# --------------------------------------------------------------------------------------------


def release_with_hand_graded():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def meta(gid, points=0, solution=False, grade=True):
        return {"nbgrader": {"grade": grade, "solution": solution, "locked": not solution,
                             "points": points, "grade_id": gid, "schema_version": 3}}

    return new_notebook(cells=[
        new_code_cell("quiz.MultipleChoice(\n    \"90-pick\", ...)"),
        new_code_cell("def f(x):\n    raise NotImplementedError()",
                      metadata=meta("f", solution=True, grade=False)),
        new_code_cell("assert f(1) == 2", metadata=meta("f-tests", 1)),
        new_code_cell("assert f(2) == 4", metadata=meta("f-more-tests", 2)),
        new_markdown_cell("YOUR ANSWER HERE", metadata=meta("explain", 2, solution=True)),
        new_code_cell("q1 = None", metadata=meta("quiz-q1", solution=True, grade=False)),
        new_code_cell("check(q1)", metadata=meta("quiz-q1-tests", 1)),
    ])


def test_graded_items_group_tests_under_their_exercise():
    items = progress.graded_items(release_with_hand_graded())
    assert list(items) == ["f", "explain", "quiz-q1"]
    assert items["f"]["tests"] == ["f-tests", "f-more-tests"] and items["f"]["max_points"] == 3
    assert items["explain"]["kind"] == "hand-graded" and items["quiz-q1"]["kind"] == "question"


def test_hand_graded_is_listed_not_counted_and_done_means_every_test_passes():
    release = release_with_hand_graded()
    full = {"f-tests": (1, 1), "f-more-tests": (2, 2), "quiz-q1-tests": (1, 1)}
    entry = progress.chapter_entry("90-x", "X", release, found=True, started=True, scores=full,
                                   answered={"f": True, "quiz-q1": True})
    assert entry["status"] == "done" and (entry["points"], entry["max_points"]) == (4, 4)
    assert entry["exercises"]["explain"]["counted"] is False
    assert entry["exercises"]["explain"]["status"] == "self-assessed"
    half = progress.chapter_entry("90-x", "X", release, found=True, started=True,
                                  scores={**full, "f-more-tests": (0, 2)}, answered={"f": True},
                                  messages={"f": "off by one"})
    assert half["status"] == "in progress" and half["points"] == 2
    assert half["exercises"]["f"]["message"] == "off by one"


def test_not_started_is_not_zero_percent_but_quizzes_start_a_chapter():
    release = release_with_hand_graded()
    idle = progress.chapter_entry("90-x", "X", release, found=True, started=False)
    assert idle["status"] == "not started" and idle["points"] is None and idle["quizzes_total"] == 1
    record = {"90-pick": {"first": {"answer": "a", "right": True, "at": "2026-01-01T00:00:00Z"},
                          "latest": {"answer": "a", "right": True, "at": "2026-01-02T00:00:00Z"},
                          "attempts": 1, "chapter": "90-x"}}
    quizzed = progress.chapter_entry("90-x", "X", release, found=True, started=False, records=record)
    assert quizzed["status"] == "in progress" and quizzed["quizzes_right"] == 1
    assert quizzed["last_worked_on"] == "2026-01-02T00:00:00Z"
    missing = progress.chapter_entry("90-x", "X", release, found=False, started=False)
    assert missing["status"] == "not started"


def test_untouched_compares_answer_cells_with_the_release():
    release = read(notebook_path(CHAPTERS, HALF))
    assert progress.untouched(release, release)
    assert not progress.untouched(simulate.answered(release, solution(HALF, ["dot"])), release)


def test_make_lab_keeps_the_records_and_the_report(tmp_path):
    """A course update (`make lab` again, a chapter changed) never touches them."""
    chapters = tmp_path / "chapters"
    (chapters / "00-a").mkdir(parents=True)
    (chapters / "00-a" / "00-a.ipynb").write_text("v1")
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, str(WORKSPACE_TOOL), str(chapters), str(ws)], check=True)
    progress.record_answer("00-q", "numeric", "1", True, workspace=ws)
    (ws / progress.REPORT_JSON).write_text("{}")
    (ws / progress.REPORT_HTML).write_text("<html>")
    (ws / "00-a" / "00-a.ipynb").write_text("my work")
    before = snapshot(ws)
    (chapters / "00-a" / "00-a.ipynb").write_text("v2")
    subprocess.run([sys.executable, str(WORKSPACE_TOOL), str(chapters), str(ws)], check=True)
    after = snapshot(ws)
    mine = [k for k in before if not k.startswith(".originals")]  # make lab's own bookkeeping
    assert {k: after[k] for k in mine} == {k: before[k] for k in mine}
    assert set(after) - set(before) == {"00-a/00-a.updated.ipynb"}
