"""Browser layer: a quiz answer survives a kernel restart and a re-opened chapter.

`make lab`'s JupyterLab (the learner's config, COURSE_WORKSPACE set as `make lab` sets it)
in headless Chromium: chapter 00 is run, its first multiple-choice quiz answered, the kernel
restarted through the server, the chapter opened again and run: the quiz says what was
answered, and the record is in the workspace's .progress/quizzes.json.
"""

from __future__ import annotations

import importlib
import json

import pytest
from browser_lab import (
    CHROMIUM,
    ROOT,
    RUN_DONE_JS,
    RUN_TIMEOUT_MS,
    UI_TIMEOUT_MS,
    Lab,
    learner_page,
    notebook_url,
)

from utils import progress

pytestmark = pytest.mark.browser
if CHROMIUM is None:
    pytest.skip("no Chromium on this machine, the browser layer is not run (Debian: apt-get install "
                "chromium; .ci/run installs it)", allow_module_level=True)
playwright = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[browser]')")

from test_browser import CELLS, PANEL, answer_quiz, first_multiple_choice, run_all  # noqa: E402

SLUG = "00-start-here"
SHOTS = ROOT / ".pytest_cache" / "browser"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-progress")
    # as `make lab` starts it: its kernels are told where the workspace is (quiz records)
    workspace = tmp / "workspace"
    server = Lab(workspace, tmp / "jupyterlab.log",
                 extra_env={progress.WORKSPACE_ENV: str(workspace.resolve())})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(lab):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with learner_page(playwright) as page:
        yield page


def open_and_run(lab, page) -> None:
    page.goto(notebook_url(lab, SLUG))
    page.wait_for_selector(f"{CELLS}", timeout=UI_TIMEOUT_MS)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=UI_TIMEOUT_MS)
    run_all(page)
    page.wait_for_function(RUN_DONE_JS, timeout=RUN_TIMEOUT_MS, polling=250)


def restart_kernels(page) -> None:
    """Every kernel of the server restarted through its REST API (as Kernel > Restart does)."""
    page.evaluate("""async () => {
      const m = document.cookie.match(/_xsrf=([^;]+)/);
      const headers = m ? {'X-XSRFToken': decodeURIComponent(m[1])} : {};
      const kernels = await (await fetch('/api/kernels')).json();
      for (const k of kernels) await fetch('/api/kernels/' + k.id + '/restart', {method: 'POST', headers});
    }""")


def test_a_quiz_answer_survives_a_restart_and_a_reopened_chapter(lab, page):
    nb = json.loads((lab.workspace / SLUG / f"{SLUG}.ipynb").read_text(encoding="utf-8"))
    index, kwargs = first_multiple_choice(nb)
    quiz_id, keys = kwargs["quiz_id"], list(kwargs["options"])
    right = importlib.import_module("quiz_answers.start_here").ANSWERS[quiz_id]
    wrong = next(k for k in keys if k != right)

    open_and_run(lab, page)
    quiz = page.locator(CELLS).nth(index).locator(
        ".jp-OutputArea-output .widget-vbox:has(.widget-radio-box)").first
    quiz.scroll_into_view_if_needed()
    assert "You answered" not in quiz.inner_text()
    answer_quiz(quiz, keys.index(wrong), "Not quite.")

    saved = json.loads((lab.workspace / progress.RECORDS).read_text(encoding="utf-8"))["quizzes"]
    assert saved[quiz_id]["latest"]["answer"] == wrong and saved[quiz_id]["latest"]["right"] is False

    restart_kernels(page)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=UI_TIMEOUT_MS)
    page.goto("about:blank")
    open_and_run(lab, page)  # the chapter opened again, its cells run again
    quiz = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index).locator(
        ".jp-OutputArea-output .widget-vbox:has(.widget-radio-box)").first
    quiz.scroll_into_view_if_needed()
    # the widget's view may be drawn again while the run settles: expect re-reads it until it holds
    expect = playwright.expect
    expect(quiz).to_contain_text(f"You answered {wrong})", timeout=UI_TIMEOUT_MS)
    expect(quiz).to_contain_text("not yet right", timeout=UI_TIMEOUT_MS)
    quiz.screenshot(path=str(SHOTS / f"{SLUG}-quiz-remembered.png"))
    assert not (ROOT / "chapters" / ".progress").exists() and not (ROOT / "solutions" / ".progress").exists()
