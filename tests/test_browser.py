"""What a learner sees: JupyterLab from `make lab`, driven in headless Chromium.

Run with `make browser-test` (installs Playwright's Python package; uses the system's
Chromium, no browser download). Skipped when Playwright or Chromium is missing.
"""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")]
CHAPTER = "01-vectors"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it, on a fresh workspace, without a token."""
    workspace = tmp_path_factory.mktemp("workspace")
    subprocess.run([sys.executable, str(ROOT / "tools" / "workspace.py"),
                    str(ROOT / "chapters"), str(workspace)], check=True, capture_output=True)
    port = free_port()
    env = {"JUPYTER_CONFIG_DIR": str(ROOT / "jupyter" / "learner"),
           "JUPYTERLAB_SETTINGS_DIR": str(workspace / ".jupyter" / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(workspace / ".jupyter" / "workspaces"),
           "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(workspace)}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--notebook-dir={workspace}", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/lab", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    yield url, workspace
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(lab):
    """Headless Chromium, the system's own."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def open_chapter(browser, url, chapter):
    """A new tab on a chapter of the learner's workspace, once its kernel is idle."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/{chapter}/{chapter}.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    return page


@pytest.fixture(scope="module")
def page(lab, browser):
    url, _ = lab
    page = open_chapter(browser, url, CHAPTER)
    yield page
    page.close()


def run_all(page):
    page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_selector(".widget-radio-box", timeout=60_000)
    page.wait_for_selector(".widget-slider", timeout=60_000)
    page.wait_for_timeout(1500)


def test_no_news_popup_and_only_learner_tools(page):
    """No news pop-up; Validate is there; formgrader and course list are not."""
    assert page.get_by_text("Would you like to get notified").count() == 0
    assert page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).count() == 1
    page.click("div.lm-MenuBar-itemLabel:text-is('Nbgrader')")
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    assert not [i for i in items if "Formgrader" in i or "Course List" in i], items


def test_quiz_explains_wrong_and_confirms_right(page, right_and_wrong):
    """The first quiz explains a wrong answer and confirms the right one."""
    run_all(page)
    right, wrong, why_wrong = right_and_wrong
    quiz = page.locator(".widget-vbox:has(> .widget-radio)").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(f".widget-radio-box label:has-text('{wrong})')").click()
    quiz.locator("button:has-text('Check')").click()
    quiz.get_by_text("Not quite.").wait_for(timeout=20_000)  # the kernel answers the click
    assert why_wrong[:40] in quiz.inner_text()  # the explanation written for that option
    page.screenshot(path=str(ROOT / ".pytest_cache" / "browser-quiz-wrong.png"))
    quiz.locator(f".widget-radio-box label:has-text('{right})')").click()
    quiz.locator("button:has-text('Check')").click()
    quiz.get_by_text("Correct.").wait_for(timeout=20_000)
    assert "Not quite." not in quiz.inner_text()


def test_validate_reports_the_unfinished_exercises(page):
    """Validate runs the notebook and names the failing checks, with the checker's message."""
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)
    text = dialog.inner_text()
    assert "not implemented yet" in text, text[:500]
    dialog.locator("button").last.click()


def test_explorer_slider_redraws(page):
    """Moving an explorer slider redraws its picture."""
    slider = page.locator(".widget-slider").first
    slider.scroll_into_view_if_needed()
    image = page.locator(".widget-hbox:has(.widget-slider) img").first
    before = image.get_attribute("src")
    handle = slider.locator(".noUi-handle, .slider-handle, [role='slider']").first
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    page.wait_for_timeout(1500)
    assert image.get_attribute("src") != before
    page.screenshot(path=str(ROOT / ".pytest_cache" / "browser-explorer.png"))


@pytest.fixture(scope="module")
def right_and_wrong():
    """The right key, a wrong key and its explanation, of the chapter's first quiz."""
    from test_quizzes import KEYS, quiz_calls

    kind, kwargs = next((k, a) for k, a in quiz_calls(CHAPTER) if k != "Numeric")
    right = KEYS[kwargs["quiz_id"]]
    wrong = next(o for o in kwargs["options"] if o != right)
    return right, wrong, kwargs["explanations"][wrong]


def test_gradient_descent_chapter_runs_clean_and_its_explorer_moves(lab, browser):
    """Chapter 06 runs in the browser with no stderr and no unexpected error; its GD explorer redraws."""
    url, workspace = lab
    chapter = "06-gradient-descent"
    page = open_chapter(browser, url, chapter)
    # JupyterLab reopens the other tab (01) too: focus this notebook before Run All.
    page.locator(".jp-NotebookPanel:visible .jp-Cell").first.click()
    page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    explorer = page.locator(".widget-hbox:has(.widget-dropdown):has(.widget-slider)").last
    explorer.wait_for(state="attached", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(2000)
    # What the kernel wrote, from the saved notebook: in the blank release only the
    # unfinished exercise may fail, and nothing may go to stderr.
    saved = json.loads((workspace / chapter / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in saved["cells"] for o in c.get("outputs", [])]
    assert sum(o["output_type"] == "display_data" for o in outputs) >= 5
    assert not [o for o in outputs if o.get("name") == "stderr"]
    errors = [o["evalue"] for o in outputs if o["output_type"] == "error"]
    assert errors and all("not implemented yet" in e or e == "" for e in errors), errors
    explorer.scroll_into_view_if_needed()
    image = explorer.locator("img").first
    before = image.get_attribute("src")
    handle = explorer.locator(".widget-slider [role='slider'], .widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")
    page.wait_for_timeout(2000)
    assert image.get_attribute("src") != before
    page.screenshot(path=str(ROOT / ".pytest_cache" / "browser-gd-explorer.png"))
    page.close()
