"""The browser layer's machinery: the learner's JupyterLab and headless Chromium, started and stopped.

Used by tests/test_browser.py, test_browser_progress.py and the instructor's browser tests.
Everything here waits on a condition (the server answers, the kernel is idle, a picture's
source changes), never on a fixed sleep.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
# A chapter's Run All (torch in chapter 07, a busy machine): minutes, not seconds.
RUN_TIMEOUT_MS = 240_000
UI_TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """JupyterLab as `make lab` starts it (the learner's config) on a fresh copy of chapters/."""

    def __init__(self, workspace: Path, log: Path, extra_env: dict[str, str] | None = None):
        self.workspace, self.log_path = workspace, log
        subprocess.run([sys.executable, str(ROOT / "tools" / "workspace.py"),
                        str(ROOT / "chapters"), str(workspace)], check=True, capture_output=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {"JUPYTER_CONFIG_DIR": str(ROOT / "jupyter" / "learner"),
               "JUPYTERLAB_SETTINGS_DIR": str(workspace / ".jupyter" / "settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(workspace / ".jupyter" / "workspaces"),
               "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(workspace),
               "LANG": "C.UTF-8", "PYTHONPATH": "", **(extra_env or {})}
        self.log = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={self.port}",
             "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
             "--ServerApp.port_retries=0", f"--notebook-dir={workspace}", "--allow-root"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.process.returncode}):\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not answer in {timeout:.0f} s:\n{self.log_text()}")

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
            return json.load(response)

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        """JupyterLab and every kernel it started (its whole process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # kernels left behind, if any
        except ProcessLookupError:
            pass
        self.process.wait(timeout=20)
        self.log.close()


@contextlib.contextmanager
def instructor_lab(root: Path):
    """JupyterLab as `make instructor` starts it (formgrader on) over the course at ``root``;
    yields its URL once formgrader answers, stops it afterwards. Its log is root/lab.log."""
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(ROOT / "jupyter" / "instructor"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / ".jupyter" / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".jupyter" / "workspaces"), "HOME": str(root)}
    log = open(root / "lab.log", "wb")  # noqa: SIM115 (closed below)
    lab = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
                            "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
                            "--ServerApp.password=", "--ServerApp.port_retries=0",
                            f"--notebook-dir={root}", "--allow-root"],
                           cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/formgrader", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if lab.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((root / "lab.log").read_text(errors="replace")[-3000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
        log.close()


def notebook_url(lab: Lab, slug: str) -> str:
    """The chapter in a workspace of its own (only its tab opens), in JupyterLab's default layout."""
    return f"{lab.url}/lab/workspaces/{slug}/tree/{slug}/{slug}.ipynb?reset"


# JavaScript run in the page. The notebook's state, read from the DOM: prompts of code cells.
PROMPTS_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
    .map(p => p.textContent.trim())"""

RUN_STARTED_JS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt'))
    .some(p => /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim()))"""

RUN_DONE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
      .map(p => p.textContent.trim());
  const ran = prompts.some(p => /^\\[\\d+\\]:$/.test(p));
  const busy = prompts.some(p => p.includes('*'));
  const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
  return ran && !busy && idle !== null;
}"""


@contextlib.contextmanager
def learner_page(sync_api):
    """One Chromium page at 1400×900: the system's Chromium, headless, no network but the lab's.

    ``sync_api`` is ``playwright.sync_api`` (imported by the test module, which skips without it).
    """
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())  # leaving a notebook: no prompt
            yield page
        finally:
            browser.close()
