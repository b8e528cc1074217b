"""Feedback HTML and formgrader's pages typeset their maths with no network.

nbgrader's feedback and formgrade templates load MathJax from a CDN; the course's config
(utils/grading/mathjax.py) loads the copy jupyter-server-mathjax installs. Proven in headless
Chromium with every request that leaves the machine refused and recorded: a chapter's
feedback from `nbgrader generate_feedback` opened from disk, the same file in JupyterLab's
HTML viewer (where nbgrader's "view feedback" leads a learner), and formgrader's grading
page. Screenshots go to /tmp/mathjax-shots/.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_lab import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, instructor_lab

from conftest import CHAPTERS, ROOT, SOLUTIONS, notebook_path, read
from utils.grading import simulate
from utils.grading.gradebook import nbgrader_api, register

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="no chromium")]

CHAPTER = "05-derivatives-gradients"  # much LaTeX: aligned, underbrace, pmatrix, xrightarrow
SHOTS = Path("/tmp/mathjax-shots")
TYPESET = """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0
    && document.querySelectorAll('.MathJax, .MathJax_Display').length > 0"""
MATH_ERRORS = "document.querySelectorAll('.MathJax_Error, .merror').length"


def nbgrader(root: Path, *args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with chapter 05: ada's solution autograded, her feedback generated."""
    pytest.importorskip("playwright", reason="Playwright is not installed (pip install -e '.[browser]')")
    root = simulate.course(tmp_path_factory.mktemp("mathjax") / "course", ROOT, [CHAPTER])
    release = register(root, [CHAPTER])[CHAPTER]
    answers = simulate.solution_answers(read(notebook_path(SOLUTIONS, CHAPTER)))
    simulate.submit(root, "ada", CHAPTER, simulate.answered(release, answers))
    nbgrader(root, "autograde", CHAPTER)
    nbgrader(root, "generate_feedback", CHAPTER)
    return root


@pytest.fixture(scope="module")
def server(course):
    """The instructor's JupyterLab (formgrader on) over the course, as `make instructor` starts it."""
    with instructor_lab(course) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """(new page, refused URLs): a Chromium page that refuses and records every request but
    file:, data: and blob: ones and those to the local server."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page():
            page = chromium.new_page(viewport=VIEWPORT)
            refused = []

            def route(request_route):
                address = request_route.request.url
                if address.startswith(("file:", "data:", "blob:", "http://127.0.0.1:")):
                    request_route.continue_()
                else:
                    refused.append(address)
                    request_route.abort()

            page.route("**/*", route)
            return page, refused

        yield new_page
        chromium.close()


def typeset(frame) -> tuple[int, int, bool]:
    """(formulas typeset, maths errors, whether MathJax's STIX-Web font loaded) once MathJax is done."""
    frame.wait_for_function(TYPESET, timeout=60_000, polling=250)
    frame.evaluate("document.fonts.ready")
    return (frame.evaluate("document.querySelectorAll('.MathJax, .MathJax_Display').length"),
            frame.evaluate(MATH_ERRORS),
            frame.evaluate("[...document.fonts].some(f => f.family === 'STIXMathJax_Main' "
                           "&& f.status === 'loaded')"))


def feedback_file(course: Path) -> Path:
    return course / "feedback" / "ada" / CHAPTER / f"{CHAPTER}.html"


def maths_in_release() -> int:
    """How many $…$ and $$…$$ spans the chapter's Markdown holds (a lower bound for the page)."""
    text = "\n".join(c.source for c in read(notebook_path(CHAPTERS, CHAPTER)).cells
                     if c.cell_type == "markdown")
    return text.replace("$$", "$").count("$") // 2


def test_feedback_names_no_cdn(course):
    """generate_feedback's HTML loads MathJax from the installed copy, from no other host."""
    html = feedback_file(course).read_text(encoding="utf-8")
    assert "cdnjs" not in html and "cdn.jsdelivr" not in html
    assert "static/jupyter_server_mathjax/MathJax.js" in html


def test_feedback_opened_from_disk_typesets_offline(course, browser):
    """The feedback file, opened from disk, typesets every formula in MathJax's own font with no
    request off the machine."""
    page, refused = browser()
    page.goto(feedback_file(course).as_uri())
    count, errors, font = typeset(page)
    page.screenshot(path=str(SHOTS / "feedback-from-disk.png"))
    assert not refused, f"requests off the machine: {refused[:3]}"
    assert count >= maths_in_release() and errors == 0 and font, (count, errors, font)


def test_feedback_in_jupyterlab_typesets_offline(course, server, browser):
    """The same file opened in JupyterLab's HTML viewer (where a learner's fetched feedback is
    opened), once trusted, loads the server's MathJax."""
    page, refused = browser()
    page.goto(f"{server}/lab/tree/{feedback_file(course).relative_to(course).as_posix()}")
    page.get_by_role("button", name="Trust HTML").click(timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('.jp-HTMLViewer iframe')]"
                           ".some(f => (f.getAttribute('sandbox') || '').includes('allow-scripts'))",
                           timeout=60_000)
    deadline = time.monotonic() + 60
    while not (frames := [f for f in page.frames if f.url.startswith("blob:")]):
        assert time.monotonic() < deadline, "the HTML viewer shows no document"
        page.wait_for_timeout(250)
    count, errors, font = typeset(frames[-1])
    page.screenshot(path=str(SHOTS / "feedback-in-jupyterlab.png"))
    assert not refused, f"requests off the machine: {refused[:3]}"
    assert count >= maths_in_release() and errors == 0 and font, (count, errors, font)


def test_formgrader_page_typesets_offline(course, server, browser):
    """formgrader's grading page for ada's submission typesets its maths with no network."""
    with nbgrader_api(course).gradebook as gb:
        submission = gb.find_submission_notebook(CHAPTER, CHAPTER, "ada").id
    page, refused = browser()
    page.goto(f"{server}/formgrader/submissions/{submission}/?index=0")
    count, errors, font = typeset(page)
    page.screenshot(path=str(SHOTS / "formgrader-page.png"))
    assert not refused, f"requests off the machine: {refused[:3]}"
    assert count >= maths_in_release() and errors == 0 and font, (count, errors, font)
