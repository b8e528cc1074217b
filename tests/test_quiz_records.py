"""Quiz answers persist in the learner's workspace, and only there (unit layer).

A quiz records its verdicts in ``<workspace>/.progress/quizzes.json`` only when
``COURSE_WORKSPACE`` names the workspace and the kernel runs inside it (what `make lab`
sets up); a quiz built again — after a kernel restart, in a new process — says what was
answered; a corrupt or hand-edited record is reported and ignored, never fatal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from utils import progress, quiz
from utils.answers import answer_hash

OPTIONS = {"a": "up", "b": "down", "c": "sideways"}
WHY = {"a": "Right: it goes up.", "b": "No: that is down.", "c": "No: that is sideways."}


def choice(quiz_id: str = "01-direction") -> quiz.MultipleChoice:
    return quiz.MultipleChoice(quiz_id, "Which way?", OPTIONS, WHY, answer_hash(quiz_id, "a"))


def number(quiz_id: str = "02-area") -> quiz.Numeric:
    return quiz.Numeric(quiz_id, "How big?", answer_hash(quiz_id, 12.0, 3), explanation="12.")


def answer(q: quiz.MultipleChoice, key: str) -> None:
    q.choices.value = key
    q.button.click()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A workspace as `make lab` makes it, with a kernel running in one chapter's folder."""
    ws = tmp_path / "workspace"
    (ws / "01-vectors").mkdir(parents=True)
    monkeypatch.setenv(progress.WORKSPACE_ENV, str(ws))
    monkeypatch.chdir(ws / "01-vectors")
    return ws


def records(ws: Path) -> dict:
    return json.loads((ws / progress.RECORDS).read_text(encoding="utf-8"))["quizzes"]


def test_nothing_is_recorded_without_the_workspace_variable(tmp_path, monkeypatch):
    """The course's tests, CI and grading set no COURSE_WORKSPACE: no quiz writes a file."""
    monkeypatch.delenv(progress.WORKSPACE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    q = choice()
    answer(q, "b")
    assert q.correct is False
    assert list(tmp_path.rglob("*")) == []


def test_a_kernel_outside_the_workspace_records_nothing(tmp_path, monkeypatch):
    """COURSE_WORKSPACE inherited by a kernel elsewhere (a test run from Lab's terminal): no record."""
    ws = tmp_path / "workspace"
    ws.mkdir()
    monkeypatch.setenv(progress.WORKSPACE_ENV, str(ws))
    monkeypatch.chdir(tmp_path)
    answer(choice(), "a")
    assert not (ws / ".progress").exists()


@pytest.mark.parametrize("folder", ["solutions", "chapters"])
def test_never_records_into_the_course_folders(folder):
    """Even pointed at the course itself, a quiz never records inside solutions/ or chapters/."""
    env = {progress.WORKSPACE_ENV: str(ROOT / folder)}
    assert progress.recording_workspace(env, cwd=ROOT / folder / "00-start-here") is None
    env = {progress.WORKSPACE_ENV: str(ROOT)}
    assert progress.recording_workspace(env, cwd=ROOT / folder / "00-start-here") is None
    assert progress.recording_workspace(env, cwd=ROOT / "workspace" / "00-start-here") == ROOT


def test_first_and_latest_answers_are_recorded_right_or_wrong(workspace):
    """Each check is recorded: the first attempt stays, the latest replaces the one before."""
    q = choice()
    answer(q, "b")
    first = records(workspace)["01-direction"]
    assert first["first"] == first["latest"] and first["first"]["answer"] == "b"
    assert first["first"]["right"] is False and first["attempts"] == 1 and first["right_at"] is None
    answer(q, "c")
    answer(q, "a")
    record = records(workspace)["01-direction"]
    assert record["first"]["answer"] == "b" and record["latest"]["answer"] == "a"
    assert record["latest"]["right"] is True and record["attempts"] == 3
    assert record["right_at"] == record["latest"]["at"]
    assert record["kind"] == "multiple-choice" and record["chapter"] == "01-vectors"
    assert record["latest"]["at"].endswith("Z")


def test_a_prompt_is_not_an_answer(workspace):
    """Checking with nothing picked (or nothing typed) records nothing."""
    choice().button.click()
    number().button.click()
    assert not (workspace / progress.RECORDS).exists()


def test_numeric_and_predict_observe_record_what_was_typed_and_committed(workspace):
    q = number()
    q.text.value = "3 x 4"
    p = quiz.PredictObserve("03-guess", "Guess?", OPTIONS, WHY, answer_hash("03-guess", "b"),
                            observe=lambda: "seen")
    answer(p, "b")
    saved = records(workspace)
    assert saved["02-area"]["latest"] == {**saved["02-area"]["latest"], "answer": "3 x 4", "right": True}
    assert saved["02-area"]["kind"] == "numeric" and saved["02-area"]["chapter"] == "02-matrices"
    assert saved["03-guess"]["kind"] == "predict-observe" and saved["03-guess"]["latest"]["right"]


def test_the_write_is_atomic_and_leaves_no_temporary_file(workspace):
    for key in "bca":
        answer(choice(), key)
    files = sorted(p.name for p in (workspace / ".progress").iterdir())
    assert files == [".lock", "quizzes.json"]
    data = json.loads((workspace / progress.RECORDS).read_text(encoding="utf-8"))
    assert data["format"] == progress.RECORDS_FORMAT and data["version"] == 1


def test_a_quiz_built_again_shows_what_was_answered(workspace):
    """After a kernel restart the cell runs again: the new quiz says what was answered."""
    answer(choice(), "b")
    again = choice()
    assert again.past["latest"]["answer"] == "b"
    assert "You answered <b>b)</b> before" in again.feedback.value
    assert "not yet right" in again.feedback.value
    assert again.choices.index is None and again.correct is None  # nothing pre-selected
    answer(again, "a")
    third = choice()
    assert "right." in third.feedback.value and "(2 attempts)" in third.feedback.value
    assert "You answered" not in choice("01-other").feedback.value


def test_records_survive_a_kernel_restart(workspace):
    """A fresh Python process (a restarted kernel) reads what the last one recorded."""
    answer(choice(), "c")
    code = ("from utils import quiz; from utils.answers import answer_hash\n"
            f"q = quiz.MultipleChoice('01-direction', 'Which way?', {OPTIONS!r}, {WHY!r}, "
            "answer_hash('01-direction', 'a'))\nprint(q.feedback.value)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=workspace / "01-vectors", env=os.environ.copy()).stdout
    assert "You answered <b>c)</b> before" in shown


@pytest.mark.parametrize("garbage", [b"{not json", b"\xff\xfe\x00", b"[1, 2, 3]",
                                     b'{"quizzes": "none"}', b""])
def test_a_corrupt_record_is_reported_and_ignored(workspace, garbage):
    """A broken file: quizzes still build and check; it is kept aside and a new one started."""
    path = workspace / progress.RECORDS
    path.parent.mkdir()
    path.write_bytes(garbage)
    found, problems = progress.read_records(path)
    assert found == {} and len(problems) == 1 and "ignored" in problems[0]
    q = choice()
    assert q.past is None and q.feedback.value == ""
    answer(q, "a")
    assert q.correct is True and "kept as" in q.feedback.value and "quizzes.corrupt.json" in q.feedback.value
    assert (workspace / progress.CORRUPT).read_bytes() == garbage
    assert records(workspace)["01-direction"]["latest"]["right"] is True


def test_a_hand_edited_entry_is_left_out_the_rest_kept(workspace):
    path = workspace / progress.RECORDS
    answer(choice(), "a")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["quizzes"]["01-broken"] = {"first": "yes", "latest": None}
    path.write_text(json.dumps(data), encoding="utf-8")
    found, problems = progress.read_records(path)
    assert list(found) == ["01-direction"] and "01-broken" in problems[0]
    assert choice("01-broken").past is None
    q = choice()
    assert q.past is not None
    answer(q, "b")
    assert "left out" in q.feedback.value
    assert "01-broken" not in records(workspace)


def test_an_unwritable_workspace_never_breaks_a_quiz(workspace):
    (workspace / ".progress").write_text("a file where the folder should be")
    q = choice()
    answer(q, "a")
    assert q.correct is True and "could not be recorded" in q.feedback.value


def test_the_course_test_runs_leave_no_record_in_the_repo():
    """No record file anywhere in the course, outside a learner's own workspace/."""
    found = [p for p in ROOT.rglob("quizzes*.json")
             if not {".venv", "workspace"} & set(p.relative_to(ROOT).parts)]
    assert found == []
