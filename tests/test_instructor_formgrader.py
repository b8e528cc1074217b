"""formgrader, in headless Chromium: a question graded by hand is graded on its page.

The synthetic chapter of test_instructor_manual.py (one autograded exercise, one written
answer worth 2 points) is autograded by `nbgrader autograde`; JupyterLab is started as
`make instructor` starts it, on that course; Chromium opens formgrader's page for the
submission, types a score for the written answer, and the gradebook and `nbgrader export`
then have it. Screenshots go to /tmp/formgrader-shots/ (overwritten on each run).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_lab import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, instructor_lab
from test_instructor_manual import ANSWER, CHAPTER, written_course

from utils.grading.gradebook import nbgrader_api

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="no chromium")]

SHOTS = Path("/tmp/formgrader-shots")


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    """(course root, formgrader's URL) with amy's submission autograded."""
    pytest.importorskip("playwright", reason="Playwright is not installed (pip install -e '.[browser]')")
    root, _ = written_course(tmp_path_factory.mktemp("formgrader") / "course")
    run = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", CHAPTER], cwd=root,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    with instructor_lab(root) as url:
        yield root, url


def test_a_written_answer_is_graded_in_formgrader(formgrader):
    """formgrader lists the submission as needing manual grading, shows the answer with a
    score box out of 2; a score typed there is saved in the gradebook and exported."""
    from playwright.sync_api import sync_playwright

    root, url = formgrader
    SHOTS.mkdir(parents=True, exist_ok=True)
    api = nbgrader_api(root)
    with api.gradebook as gb:
        submission_id = gb.find_submission_notebook(CHAPTER, CHAPTER, "amy").id
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        try:
            page.goto(f"{url}/formgrader/gradebook/{CHAPTER}/{CHAPTER}")
            link = page.locator(f"a[href$='/formgrader/submissions/{submission_id}']").first
            link.wait_for(state="attached", timeout=60_000)
            page.screenshot(path=str(SHOTS / "01-submissions-needing-grading.png"), full_page=True)
            page.goto(f"{url}/formgrader/submissions/{submission_id}/?index=0")
            box = page.locator(f"input.score#{ANSWER}")
            box.wait_for(timeout=60_000)
            assert "2(x + y) = 2x + 2y" in page.content()  # amy's answer, shown to the grader
            assert "/ 2.0" in page.locator(f"xpath=//input[@id='{ANSWER}']/..").inner_text()
            page.screenshot(path=str(SHOTS / "02-written-answer-before-grading.png"), full_page=True)
            box.fill("1.5")
            box.press("Tab")  # formgrader saves on change
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with api.gradebook as gb:
                    score = gb.find_grade(ANSWER, CHAPTER, CHAPTER, "amy").manual_score
                if score == 1.5:
                    break
                time.sleep(0.3)
            page.screenshot(path=str(SHOTS / "03-written-answer-scored.png"), full_page=True)
            assert score == 1.5
        finally:
            browser.close()
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "export.csv"], cwd=root,
                   check=True, capture_output=True, timeout=300)
    with open(root / "export.csv", encoding="utf-8") as file:
        amy = next(r for r in csv.DictReader(file) if r["student_id"] == "amy")
    assert (float(amy["score"]), float(amy["max_score"])) == (2.5, 3.0)
