"""Layer 7, what a learner sees: `make lab`'s JupyterLab in headless Chromium, at 1400×900.

Every chapter of the release is opened in the learner's JupyterLab (its config, a fresh copy
of chapters/, the file browser open) and run with Run All. Then, per chapter: nothing went
to stderr and only the unfinished exercises failed; every explorer's controls are whole,
inside the output area and show their values, its picture keeps its aspect ratio and a
slider move redraws it; a quiz explains a wrong answer and confirms the right one; the
failing test reads as a sentence with no `utils` frame; Validate names the failing tests.

`make test` runs this layer when Chromium is there (`.ci/run` installs Debian's chromium);
`make browser-test` runs it alone. It uses the system's Chromium, never a download, and
waits on conditions (the kernel idle, a picture's source changed), never on fixed sleeps.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import warnings
from dataclasses import dataclass, field

import pytest
from browser_lab import (
    CHROMIUM,
    ROOT,
    RUN_DONE_JS,
    RUN_STARTED_JS,
    RUN_TIMEOUT_MS,
    UI_TIMEOUT_MS,
    Lab,
    learner_page,
    notebook_url,
)

from utils.chapters import CHAPTERS

pytestmark = pytest.mark.browser
if CHROMIUM is None:
    pytest.skip("no Chromium on this machine, the browser layer is not run (Debian: apt-get install "
                "chromium; .ci/run installs it)", allow_module_level=True)
playwright = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[browser]')")

SLUGS = [c.slug for c in CHAPTERS]
MODULES = {c.slug: c.module for c in CHAPTERS}
SHOTS = ROOT / ".pytest_cache" / "browser"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CELLS = f"{PANEL} .jp-Notebook .jp-Cell"
EXPLORER_CALL = re.compile(r"^explore\.(\w+_explorer)\(.*\)$")


# --- the notebook on disk: which cells may fail, where the explorers and quizzes are ----------

def role(cell: dict) -> str:
    """'answer', 'test', 'uses-answer' or 'plain' (as in conftest.nbgrader_role)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    if "uses-answer" in cell.get("metadata", {}).get("tags", []):
        return "uses-answer"
    return "plain"


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def explorer_cells(nb: dict) -> list[tuple[int, str]]:
    """(index, name) of each cell that shows an explorer: its last line is `explore.x_explorer(...)`."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        lines = source(cell).strip().splitlines()
        if cell["cell_type"] == "code" and lines and (m := EXPLORER_CALL.match(lines[-1])):
            found.append((i, m.group(1)))
    return found


def first_multiple_choice(nb: dict) -> tuple[int, dict]:
    """(index, literal arguments) of the first quiz.MultipleChoice in the notebook."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or "quiz.MultipleChoice(" not in source(cell):
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "MultipleChoice"):
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                kwargs["quiz_id"] = ast.literal_eval(node.args[0])
                return i, kwargs
    raise AssertionError("no quiz.MultipleChoice in the notebook")


# --- the lab, the browser, a chapter run once --------------------------------------------------

@dataclass
class Run:
    """A chapter after Run All: its saved notebook and the page showing it."""

    slug: str
    saved: dict
    page: object
    cells: object = field(init=False)

    def __post_init__(self):
        self.cells = self.page.locator(CELLS)

    def cell(self, index: int):
        return self.cells.nth(index)


class Chapters:
    """Opens and runs one chapter at a time in the page (the previous chapter's kernel shut down)."""

    def __init__(self, lab: Lab, page):
        self.lab, self.page, self.current = lab, page, None

    def run(self, slug: str) -> Run:
        if self.current is not None and self.current.slug == slug:
            return self.current
        page = self.page
        shut_down_kernels(page)
        page.goto(notebook_url(self.lab, slug))
        page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=UI_TIMEOUT_MS)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=UI_TIMEOUT_MS)
        run_all(page)
        page.wait_for_function(RUN_DONE_JS, timeout=RUN_TIMEOUT_MS, polling=250)
        page.locator(CELLS).first.click()
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "() => !document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-dirty')",
            timeout=UI_TIMEOUT_MS, polling=100)
        path = self.lab.workspace / slug / f"{slug}.ipynb"
        self.current = Run(slug, json.loads(path.read_text(encoding="utf-8")), page)
        return self.current


def run_all(page, attempts: int = 3) -> None:
    """Run > Run All Cells, once the item is enabled, until the notebook shows it started.

    Right after the page loads the item can still be disabled (the notebook is settling): the
    menu is then closed and opened again until it is enabled.
    """
    item = page.locator(".lm-Menu-item:has(.lm-Menu-itemLabel:text-is('Run All Cells'))")
    for _ in range(attempts):
        for _ in range(120):  # the menu is reopened at most every 0.5 s for a minute
            page.locator(CELLS).first.click()
            page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
            item.wait_for(timeout=UI_TIMEOUT_MS)
            if "lm-mod-disabled" not in (item.get_attribute("class") or ""):
                break
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
        item.click()
        try:
            page.wait_for_function(RUN_STARTED_JS, timeout=30_000, polling=100)
            return
        except playwright.TimeoutError:
            page.keyboard.press("Escape")
            RUN_ALL_RETRIES.append(page.url)
    raise AssertionError(f"Run All did not start in {attempts} attempts")


RUN_ALL_RETRIES: list[str] = []  # reported at the end of the session if a click was lost


def settle(page) -> None:
    """Two animation frames: cells scrolled into view are laid out (content-visibility)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shut_down_kernels(page) -> None:
    """Every kernel session of the server, ended through its API (as JupyterLab does it)."""
    if not page.url.startswith("http"):
        return
    page.evaluate("""async () => {
      const m = document.cookie.match(/_xsrf=([^;]+)/);
      const headers = m ? {'X-XSRFToken': decodeURIComponent(m[1])} : {};
      const sessions = await (await fetch('/api/sessions')).json();
      for (const s of sessions) await fetch('/api/sessions/' + s.id, {method: 'DELETE', headers});
    }""")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The learner's JupyterLab on a fresh workspace, on a free port, without a token."""
    tmp = tmp_path_factory.mktemp("browser")
    server = Lab(tmp / "workspace", tmp / "jupyterlab.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def page(lab):
    """One Chromium page at 1400×900 (the system's Chromium, headless, no network)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with learner_page(playwright) as page:
        yield page


@pytest.fixture(scope="session")
def chapters(lab, page):
    yield Chapters(lab, page)
    if RUN_ALL_RETRIES:
        warnings.warn(f"Run All was clicked again (the first click was lost) on {RUN_ALL_RETRIES}",
                      stacklevel=1)


@pytest.fixture(scope="module", params=SLUGS)
def run(request, chapters) -> Run:
    """Each chapter, opened and run once for all the tests of this file."""
    return chapters.run(request.param)


# --- the tests ----------------------------------------------------------------------------------

def test_file_browser_open_and_only_learner_tools(chapters):
    """The file browser is open, no news pop-up; Validate is there, formgrader and course list not."""
    page = chapters.run(SLUGS[0]).page
    assert page.locator("#filebrowser").is_visible()
    assert page.get_by_text("Would you like to get notified").count() == 0
    assert page.locator(f"{PANEL} .jp-NotebookPanel-toolbar").get_by_text(
        "Validate", exact=True).count() == 1
    page.click("div.lm-MenuBar-itemLabel:text-is('Nbgrader')")
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    assert not [i for i in items if "Formgrader" in i or "Course List" in i], items


def test_validate_reports_the_failing_test(chapters):
    """Validate (nbgrader's, in the toolbar) runs the saved notebook and shows the failing test."""
    run = chapters.run(SLUGS[0])
    page = run.page
    failing = next(c for c in run.saved["cells"] if role(c) == "test"
                   and any(o["output_type"] == "error" for o in c.get("outputs", [])))
    page.locator(f"{PANEL} .jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_text("Validation Results").wait_for(timeout=RUN_TIMEOUT_MS)
    text = dialog.text_content()
    dialog.screenshot(path=str(SHOTS / f"{run.slug}-validate.png"))
    dialog.locator("button").last.click()
    dialog.wait_for(state="detached", timeout=UI_TIMEOUT_MS)
    assert "failed" in text, text[:800]
    assert source(failing).strip().splitlines()[-1] in text, text[:800]  # the test cell's code
    assert "not implemented yet" in text, text[:800]  # and the checker's sentence
    frames = [line for line in text.splitlines() if "site-packages/utils" in line or "/utils/" in line]
    assert not frames, "Validate's traceback shows utils frames:\n" + "\n".join(frames)


def test_chapter_runs_clean(run):
    """Run All: nothing on stderr; the only errors are in the exercises (answer, test, uses-answer cells)."""
    cells = run.saved["cells"]
    code = [(i, c) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    stderr = [(i, o.get("text")) for i, c in code for o in c.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not stderr, f"{run.slug}: stderr in cells {stderr}"
    errors = [(i, role(c), o.get("ename")) for i, c in code for o in c.get("outputs", [])
              if o["output_type"] == "error"]
    unexpected = [e for e in errors if e[1] == "plain"]
    assert not unexpected, f"{run.slug}: errors outside the exercises: {unexpected}"
    assert errors, f"{run.slug}: the blank release should fail its first test"
    # Run All stops at the first error: every cell before it ran.
    first_error = errors[0][0]
    not_run = [i for i, c in code if i < first_error and c.get("execution_count") is None]
    assert not not_run, f"{run.slug}: cells {not_run} did not run"


MEASURE_JS = """(root) => {
  const area = root.closest('.jp-OutputArea-output');
  const box = el => el.getBoundingClientRect();
  const a = box(area);
  // The area's visible part (a wide widget scrolls inside it instead of showing).
  const visible = {left: a.left + area.clientLeft, top: a.top + area.clientTop,
                   right: a.left + area.clientLeft + area.clientWidth,
                   bottom: a.top + area.clientTop + area.clientHeight};
  const clippedBy = el => {  // an ancestor (up to the area) that hides part of el
    const r = box(el);
    for (let p = el.parentElement; p && p !== area.parentElement; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const q = box(p);
      const over = Math.max(q.left - r.left, r.right - q.right, q.top - r.top, r.bottom - q.bottom);
      if (over > 1) {
        const name = p.className.toString().split(' ').filter(c => c.startsWith('widget-')).join(' ');
        return `${name || p.tagName} (overflow ${s.overflowX}) by ${Math.round(over)} px`;
      }
    }
    return null;
  };
  const shown = el => { const r = box(el); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const controls = root.querySelectorAll(
    '.widget-slider, .widget-dropdown, .widget-toggle-button, .widget-button, .widget-text, ' +
    '.widget-select, .widget-checkbox, .widget-radio, .widget-image, .widget-htmlmath, .widget-html');
  const out = [];
  for (const el of controls) {
    const r = box(el);
    const label = el.querySelector(':scope > .widget-label');
    const readout = el.querySelector(':scope > .widget-readout');
    const track = el.querySelector('.slider-container .slider, .noUi-target');
    const item = {
      kind: Array.from(el.classList).filter(c => c.startsWith('widget-')).join(' '),
      name: (label && label.textContent.trim()) || el.textContent.trim().slice(0, 40),
      rect: [r.left, r.top, r.right, r.bottom].map(Math.round),
      inside: r.left >= visible.left - 1 && r.right <= visible.right + 1 &&
              r.top >= visible.top - 1 && r.bottom <= visible.bottom + 1,
      clippedBy: clippedBy(el),
      overflows: el.tagName !== 'IMG' && el.scrollWidth > el.clientWidth + 1,
      labelCut: !!label && shown(label) && label.scrollWidth > label.clientWidth + 1,
    };
    if (el.classList.contains('widget-slider')) {
      item.track = track ? Math.round(box(track).width) : 0;
      item.readout = readout && shown(readout) ? readout.textContent.trim() : null;
      item.readoutCut = !!readout && (readout.scrollWidth > readout.clientWidth + 1 || !!clippedBy(readout));
    }
    if (el.tagName === 'IMG') {
      item.natural = [el.naturalWidth, el.naturalHeight];
      item.rendered = [r.width, r.height];
    }
    out.push(item);
  }
  const scroller = root.closest('.jp-WindowedPanel-outer') || root.closest('.jp-Notebook');
  const rr = box(root);
  return {controls: out, height: rr.height, viewHeight: scroller.clientHeight,
          area: [visible.left, visible.top, visible.right, visible.bottom].map(Math.round)};
}"""

IMAGE_READY_JS = "(img) => img.complete && img.naturalWidth > 0"


def test_explorers_fit_and_redraw(run):
    """Each explorer at 1400×900 with the file browser open: whole controls, values shown, redraws."""
    explorers = explorer_cells(run.saved)
    assert explorers, f"{run.slug}: no explorer found"
    problems = []
    for index, name in explorers:
        where = f"{run.slug} cell {index} ({name})"
        output = run.cell(index).locator(".jp-OutputArea-output").first
        output.wait_for(timeout=UI_TIMEOUT_MS)
        root = output.locator(".jupyter-widgets").first
        root.wait_for(timeout=UI_TIMEOUT_MS)
        root.scroll_into_view_if_needed()
        settle(run.page)
        images = root.locator("img.widget-image")
        for i in range(images.count()):
            images.nth(i).element_handle().wait_for_element_state("visible")
            run.page.wait_for_function(IMAGE_READY_JS, arg=images.nth(i).element_handle(),
                                       timeout=UI_TIMEOUT_MS)
        m = root.evaluate(MEASURE_JS)
        root.screenshot(path=str(SHOTS / f"{run.slug}-{name}.png"))
        for c in m["controls"]:
            label = f"{where}: {c['kind']} '{c['name']}' at {c['rect']}"
            if not c["inside"]:
                problems.append(f"{label} lies outside the output area {m['area']}")
            if c["clippedBy"]:
                problems.append(f"{label} is clipped by {c['clippedBy']}")
            if c["overflows"] or c["labelCut"]:
                problems.append(f"{label} does not show all its text")
            if "track" in c:
                if c["track"] < 120:
                    problems.append(f"{label}: slider track {c['track']} px < 120 px")
                if not c["readout"] or (c["readoutCut"] and not c["clippedBy"]):
                    problems.append(f"{label}: value readout not shown whole ({c['readout']!r})")
            if "natural" in c:
                (nw, nh), (w, h) = c["natural"], c["rendered"]
                ratio = (w / h) / (nw / nh) if h and nh else 0
                if abs(ratio - 1) > 0.02:
                    problems.append(f"{label}: shown {w:.0f}×{h:.0f} for a {nw}×{nh} picture "
                                    f"(aspect off by {100 * (ratio - 1):+.1f} %)")
        if m["height"] > m["viewHeight"]:
            problems.append(f"{where}: {m['height']:.0f} px tall, the notebook shows {m['viewHeight']} px")
        problems += redraw_problems(run.page, root, where)
    assert not problems, "\n".join(problems)


def redraw_problems(page, root, where: str) -> list[str]:
    """A slider moved with the keyboard changes its readout and the picture (a text box: the readout)."""
    sliders = root.locator(".widget-slider")
    image = root.locator("img.widget-image").first
    if sliders.count() == 0:  # text controls only (the broadcasting explorer): the readout follows
        text = root.locator(".widget-text input").first
        readout = root.locator(".widget-htmlmath, .widget-html").last
        before = readout.inner_text()
        text.fill("2, 3")
        try:
            page.wait_for_function("([el, before]) => el.innerText !== before",
                                   arg=[readout.element_handle(), before], timeout=UI_TIMEOUT_MS)
        except playwright.TimeoutError:
            return [f"{where}: typing in '{text.input_value()}' did not change the readout"]
        return []
    problems = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        handle = slider.locator(".noUi-handle").first
        value, high = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        text = handle.get_attribute("aria-valuetext")
        key = "ArrowLeft" if value == high else "ArrowRight"
        before_src = image.get_attribute("src") if image.count() else None
        name = slider.locator(".widget-label").inner_text()
        if not press_until_moved(page, handle, key, text, f"{where}: slider '{name}'"):
            problems.append(f"{where}: slider '{name}' did not move on {key}")
            continue
        if i == 0 and before_src is not None:
            try:
                page.wait_for_function("([img, before]) => img.src !== before && img.complete",
                                       arg=[image.element_handle(), before_src], timeout=UI_TIMEOUT_MS)
            except playwright.TimeoutError:
                problems.append(f"{where}: moving slider '{name}' did not redraw the picture")
    return problems


def press_until_moved(page, handle, key: str, before: str, what: str, attempts: int = 3) -> bool:
    """Press ``key`` on a slider's handle until its value text is no longer ``before``.

    A key press (or click) can be lost while the page is busy, for instance when a widget's
    view is drawn again as a run settles; it is then pressed again, up to ``attempts``
    times, and each retry is reported as a warning. A slider that never moves still fails.
    """
    for attempt in range(attempts):
        handle.focus()
        handle.press(key)
        try:
            page.wait_for_function(  # aria-valuenow is rounded to 0.1; the text is not
                "([el, before]) => el.getAttribute('aria-valuetext') !== before",
                arg=[handle.element_handle(), before], timeout=10_000)
            return True
        except playwright.TimeoutError:
            if attempt + 1 < attempts:
                warnings.warn(f"{what}: {key} pressed again (the first press was lost)", stacklevel=2)
    return False


def answer_quiz(quiz, option: int, expected: str, attempts: int = 3) -> None:
    """Pick option number ``option`` of a quiz and press Check, until ``expected`` shows.

    As in :func:`press_until_moved`, a click lost while the page is busy is made again, up
    to ``attempts`` times (each retry a warning); a quiz that never answers still fails.
    """
    for attempt in range(attempts):
        quiz.locator(".widget-radio-box label").nth(option).click()
        quiz.locator("button:has-text('Check')").click()
        try:
            quiz.get_by_text(expected).wait_for(timeout=20_000)  # the kernel answers the click
            return
        except playwright.TimeoutError:
            if attempt + 1 < attempts:
                warnings.warn(f"quiz: option {option} and Check clicked again (no {expected!r})",
                              stacklevel=2)
    raise AssertionError(f"the quiz did not show {expected!r} after {attempts} tries: "
                         f"{quiz.inner_text()[:300]!r}")


def test_quiz_explains_wrong_and_confirms_right(run):
    """The chapter's first multiple-choice quiz: a wrong answer is explained, the right one confirmed."""
    index, kwargs = first_multiple_choice(run.saved)
    answers = importlib.import_module(f"quiz_answers.{MODULES[run.slug]}").ANSWERS
    keys = list(kwargs["options"])
    assert kwargs["quiz_id"] in answers, (
        f"quiz {kwargs['quiz_id']} has no key in tests/quiz_answers/{MODULES[run.slug]}.py")
    right = answers[kwargs["quiz_id"]]
    wrong = next(k for k in keys if k != right)
    quiz = run.cell(index).locator(".jp-OutputArea-output .widget-vbox:has(.widget-radio-box)").first
    quiz.scroll_into_view_if_needed()
    labels = quiz.locator(".widget-radio-box label")
    assert labels.count() == len(keys), f"{kwargs['quiz_id']}: {labels.all_inner_texts()}"
    answer_quiz(quiz, keys.index(wrong), "Not quite.")
    explanation = re.split(r"[$<\\`*]", kwargs["explanations"][wrong])[0].strip()[:40]
    assert explanation in quiz.inner_text(), (explanation, quiz.inner_text())
    quiz.screenshot(path=str(SHOTS / f"{run.slug}-quiz-wrong.png"))
    answer_quiz(quiz, keys.index(right), "Correct.")
    assert "Not quite." not in quiz.inner_text()


def test_failing_test_reads_as_a_sentence(run):
    """The first failing test cell shows the checker's sentence, and no frame inside utils/."""
    cells = run.saved["cells"]
    index = next(i for i, c in enumerate(cells) if role(c) == "test" and any(
        o["output_type"] == "error" for o in c.get("outputs", [])))
    error = next(o for o in cells[index]["outputs"] if o["output_type"] == "error")
    assert error["evalue"].strip(), f"{run.slug} cell {index}: {error['ename']} without a message"
    shown = run.cell(index).locator(".jp-OutputArea-output").last
    shown.scroll_into_view_if_needed()
    text = shown.text_content()
    assert error["evalue"].splitlines()[0][:60] in text, text
    frames = [line for line in text.splitlines()
              if "site-packages/utils" in line or "/utils/" in line]
    assert not frames, f"{run.slug} cell {index}: the traceback shows utils frames:\n" + "\n".join(frames)
