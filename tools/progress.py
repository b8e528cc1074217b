"""Grade your own workspace with every test, hidden ones included, and report your progress.

    python tools/progress.py [--workspace workspace] [--chapter NN-slug]

What ``make progress`` runs. The workspace is only read: its notebooks are copied into a
temporary course (the course's nbgrader config and solutions), checked and staged as
``make grade`` does (test cells as released), autograded by nbgrader with the course's
per-cell time limit, and the scores read back from that course's gradebook. A chapter whose
answer cells are all as handed out is not graded (it is "not started", or "in progress" if
you answered some of its quizzes). Then three things, and nothing else in the workspace
changes:

* a table on stdout: per chapter points / max, exercises passed, quizzes answered and
  right, last worked on; the first failing message of each failing exercise (the checker's
  sentence; the text of hidden tests is never shown);
* ``<workspace>/progress.html``: the same with a picture, one file that opens offline;
* ``<workspace>/progress.json``: the data (format in :func:`utils.progress.build_report`).

The quiz records (``<workspace>/.progress/quizzes.json``, written by the quizzes) are read.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python tools/progress.py` from a checkout
    sys.path.insert(0, str(ROOT))

from utils import progress  # noqa: E402
from utils.chapters import CHAPTERS  # noqa: E402

#: The student id of the learner in the temporary course.
LEARNER = "me"
_TIMED_OUT = ("CellTimeoutError", "KeyboardInterrupt", "TimeoutError")


def _grade_id(cell) -> str | None:
    return (cell.get("metadata") or {}).get("nbgrader", {}).get("grade_id")


def _one_line(text: str, width: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def diagnosis(output: dict, timeout: float) -> str:
    """What an error output of a test says, in the checker's words (never the traceback)."""
    ename, evalue = output.get("ename", ""), _one_line(output.get("evalue", ""))
    if ename in _TIMED_OUT:
        return f"stopped after the {timeout:g} s time limit per cell — an endless loop?"
    if ename == "NotImplementedError":
        return "not answered yet: the answer still raises NotImplementedError"
    if ename in ("AssertionError", "CheckFailed"):
        return evalue or "a test failed without a message (a hidden test; its text is not shown)"
    return f"{ename}: {evalue}" if evalue else ename


def _stderr_line(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            for line in output.get("text", "").splitlines():
                if "Warning:" in line or "Error:" in line:
                    kind, _, rest = line.strip().partition(": ")
                    return (f"the test wrote to stderr, which counts as a failure: "
                            f"{kind.split()[-1].rsplit(':', 1)[-1]}: {_one_line(rest, 200)}")
            return "the test wrote to stderr (a warning?), which counts as a failure"
    return None


def read_outputs(nb, items: dict[str, dict], timeout: float) -> tuple[dict[str, str], list[str]]:
    """(exercise -> its first failing message, cells that hit the time limit) of an autograded notebook."""
    by_id = {}
    for cell in nb.cells:
        gid = _grade_id(cell)
        if gid and gid not in by_id:
            by_id[gid] = cell
    messages = {}
    for name, item in items.items():
        cells = ([("answer", by_id.get(item["answer"]))] if item["answer"] else []) \
            + [("test", by_id.get(t)) for t in item["tests"]]
        for role, cell in cells:
            if cell is None:
                continue
            error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
            if error is not None:
                said = diagnosis(error, timeout)
                timed = error.get("ename") in _TIMED_OUT
                messages[name] = (f"your answer cell stopped: {said}"
                                  if role == "answer" and not timed else said)
                break
            if role == "test":
                stderr = _stderr_line(cell)
                if stderr:
                    messages[name] = stderr
                    break
    stopped = []
    for index, cell in enumerate(nb.cells):
        if any(o.get("ename") in _TIMED_OUT for o in cell.get("outputs", [])):
            stopped.append(_grade_id(cell) or f"cell {index + 1}")
    return messages, stopped


@contextlib.contextmanager
def _kernel_noise_to(path: Path):
    """The grading kernels' own stderr (ipykernel's start-up warnings) into a file, not the table."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _scores(api, chapter: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            notebook = gb.find_submission_notebook(chapter, chapter, LEARNER)
        except MissingEntry:
            return {}
        return {g.name: (float(g.score or 0.0), float(g.max_score or 0.0)) for g in notebook.grades}


def _mtime(path: Path) -> str:
    stamp = path.stat().st_mtime
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


_FLAG_TEXT = {
    "test-cell-edited": "a test cell was edited; graded on the course's own tests",
    "test-cell-deleted": "a test cell was missing; the course's was put back",
    "answer-cell-deleted": "an answer cell is missing; that exercise scores 0",
    "cell-duplicated": "a graded cell appears twice; the first copy was graded",
    "monkeypatch": "your code assigns library attributes, which can make tests fail",
}


def grade(root: Path, workspace: Path, slugs: list[str], timeout: float | None = None,
          log=print) -> dict:
    """Grade the workspace's chapters ``slugs``; return the report (see utils.progress)."""
    from utils.grading import simulate
    from utils.grading.gradebook import STAGING, nbgrader_api, register
    from utils.grading.submissions import read_notebook, stage

    started_at = time.perf_counter()
    records, problems = progress.read_records(workspace / progress.RECORDS)
    releases, found, to_grade, entries, answered, notebooks = {}, {}, [], {}, {}, {}
    for slug in slugs:
        releases[slug] = nbformat.read(root / "chapters" / slug / f"{slug}.ipynb", as_version=4)
        path = workspace / slug / f"{slug}.ipynb"
        found[slug] = path.is_file()
        if not found[slug]:
            continue
        nb, problem = read_notebook(path)
        if nb is None:
            entries[slug] = dict(error=f"your notebook cannot be read: {problem}", started=True,
                                 modified=_mtime(path))
            continue
        mine = progress.answer_sources(nb)
        answered[slug] = {name: item["source"] is not None and name in mine
                          and mine[name].strip() != item["source"].strip()
                          for name, item in progress.graded_items(releases[slug]).items()}
        if progress.untouched(nb, releases[slug]):
            entries[slug] = dict(started=False, modified=_mtime(path))
        else:
            notebooks[slug] = path
            to_grade.append(slug)
    if to_grade:
        with tempfile.TemporaryDirectory(prefix="progress-") as tmp:
            course = simulate.course(Path(tmp) / "course", root, to_grade, timeout=timeout)
            log(f"putting {len(to_grade)} chapters in a private gradebook …")
            staged_releases = register(course, to_grade)
            releases.update(staged_releases)  # what the grader grades against (the current tests)
            for slug in to_grade:  # copies: the workspace is only read
                target = course / "submitted" / LEARNER / slug / f"{slug}.ipynb"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(notebooks[slug], target)
            staged, flags = stage(course / "submitted", course / STAGING / "submitted", staged_releases)
            api = nbgrader_api(course, submitted_directory=f"{STAGING}/submitted")
            limit = timeout or float(api.config.Execute.get("timeout", 30) or 30)
            for slug in to_grade:
                entry = entries[slug] = dict(started=True, modified=_mtime(notebooks[slug]),
                                             notes=sorted({_FLAG_TEXT.get(f.flag, f"{f.flag}: {f.detail}")
                                                           for f in flags if f.chapter == slug
                                                           and f.flag in _FLAG_TEXT}))
                if LEARNER not in staged.get(slug, []):
                    bad = [f.detail for f in flags if f.chapter == slug]
                    entry["error"] = "could not be graded: " + ("; ".join(bad) or "no notebook")
                    continue
                began = time.perf_counter()
                log(f"grading {slug} …")
                with _kernel_noise_to(Path(tmp) / "kernels.log"):
                    result = api.autograde(slug, LEARNER, force=True, create=True)
                text = (result.get("log") or "") + (result.get("error") or "")
                log(f"  {slug}: {time.perf_counter() - began:.1f} s")
                if not result["success"]:
                    lacks = any(f.chapter == slug and f.flag == "answer-cell-deleted" for f in flags)
                    entry["error"] = (
                        "the notebook stopped the kernel (a crash, os._exit, or out of memory?): "
                        "it could not be run to the end" if "DeadKernel" in text else
                        "your notebook lacks answer cells the course's current version has (the "
                        f"chapter changed: see {slug}.updated.ipynb after `make lab`)" if lacks else
                        "nbgrader could not run the notebook to the end")
                    continue
                entry["scores"] = _scores(api, slug)
                out = course / "autograded" / LEARNER / slug / f"{slug}.ipynb"
                if out.is_file():
                    graded_nb = nbformat.read(out, as_version=4)
                    items = progress.graded_items(releases[slug])
                    entry["messages"], stopped = read_outputs(graded_nb, items, limit)
                    if stopped:
                        entry["error"] = (f"a cell ran past the {limit:g} s time limit and was stopped "
                                          f"(an endless loop?): {', '.join(stopped)}; the rest was graded")
    chapters = {}
    titles = {c.slug: c.title for c in CHAPTERS}
    for slug in slugs:
        e = entries.get(slug, {})
        chapters[slug] = progress.chapter_entry(
            slug, titles.get(slug, slug), releases[slug], found=found[slug],
            started=e.get("started", False), scores=e.get("scores"), messages=e.get("messages"),
            answered=answered.get(slug), error=e.get("error"), notes=e.get("notes", ()),
            records=records, modified=e.get("modified"))
    return progress.build_report(chapters, workspace=workspace,
                                 seconds=time.perf_counter() - started_at, record_problems=problems)


def write_report(workspace: Path, report: dict) -> tuple[Path, Path]:
    """progress.json and progress.html into the workspace, each written atomically."""
    import json

    json_path, html_path = workspace / progress.REPORT_JSON, workspace / progress.REPORT_HTML
    progress.write_json(json_path, report)
    handle, temporary = tempfile.mkstemp(dir=workspace, prefix=".progress.html.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(progress.html_report(report))
    os.replace(temporary, html_path)
    json.loads(json_path.read_text(encoding="utf-8"))  # written whole
    return json_path, html_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=Path("workspace"),
                        help="the folder `make lab` works in (default: workspace)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course (holds chapters/, solutions/)")
    parser.add_argument("--chapter", action="append", help="only this chapter (NN-slug); repeatable")
    parser.add_argument("--timeout", type=float, help="seconds a cell may run (default: the course's)")
    args = parser.parse_args(argv)
    workspace, root = args.workspace.resolve(), args.root.resolve()
    if not workspace.is_dir():
        print(f"no workspace at {workspace}: `make lab` creates it", file=sys.stderr)
        return 2
    # Grading kernels never record quiz answers; nbgrader runs alembic from this interpreter's folder.
    os.environ.pop(progress.WORKSPACE_ENV, None)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    known = [c.slug for c in CHAPTERS if (root / "chapters" / c.slug / f"{c.slug}.ipynb").is_file()]
    slugs = known
    if args.chapter:
        unknown = [s for s in args.chapter if s not in known]
        if unknown:
            print(f"no chapter {', '.join(unknown)}; the chapters are {', '.join(known)}", file=sys.stderr)
            return 2
        slugs = [s for s in known if s in args.chapter]
    report = grade(root, workspace, slugs, timeout=args.timeout)
    json_path, html_path = write_report(workspace, report)
    print()
    print(progress.table(report))
    print(f"\ngraded in {report['seconds']:.1f} s with every test, hidden ones included; "
          f"report: {html_path} (open it in a browser), data: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
