"""`make lab`'s workspace copy never overwrites or loses a learner's work."""

import subprocess
import sys

from conftest import ROOT

TOOL = ROOT / "tools" / "workspace.py"


def sync(chapters, workspace):
    return subprocess.run([sys.executable, str(TOOL), str(chapters), str(workspace)],
                          check=True, capture_output=True, text=True).stdout


def make_chapter(folder, name, text):
    path = folder / name / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_new_chapters_are_copied(tmp_path):
    """A chapter not yet in the workspace is copied in."""
    make_chapter(tmp_path / "chapters", "00-a", "v1")
    out = sync(tmp_path / "chapters", tmp_path / "ws")
    assert (tmp_path / "ws" / "00-a" / "00-a.ipynb").read_text() == "v1"
    assert "new chapter" in out


def test_learner_work_is_never_overwritten(tmp_path):
    """A chapter the learner has edited stays as it is on every later sync."""
    make_chapter(tmp_path / "chapters", "00-a", "v1")
    sync(tmp_path / "chapters", tmp_path / "ws")
    mine = tmp_path / "ws" / "00-a" / "00-a.ipynb"
    mine.write_text("my work")
    sync(tmp_path / "chapters", tmp_path / "ws")
    assert mine.read_text() == "my work"
    assert not (tmp_path / "ws" / "00-a" / "00-a.updated.ipynb").exists()


def test_course_update_is_offered_next_to_the_learner_copy(tmp_path):
    """When the course changes a started chapter, the new version lands beside it."""
    source = make_chapter(tmp_path / "chapters", "00-a", "v1")
    sync(tmp_path / "chapters", tmp_path / "ws")
    mine = tmp_path / "ws" / "00-a" / "00-a.ipynb"
    mine.write_text("my work")
    source.write_text("v2")
    out = sync(tmp_path / "chapters", tmp_path / "ws")
    assert mine.read_text() == "my work"
    assert (tmp_path / "ws" / "00-a" / "00-a.updated.ipynb").read_text() == "v2"
    assert "newer version" in out
    (tmp_path / "ws" / "00-a" / "00-a.updated.ipynb").write_text("notes on v2")
    source.write_text("v3")
    sync(tmp_path / "chapters", tmp_path / "ws")
    assert (tmp_path / "ws" / "00-a" / "00-a.updated.ipynb").read_text() == "notes on v2"
