"""The learner's progress: quiz records in the workspace, and the report of ``make progress``.

Two halves, both pure Python (no kernel, no nbgrader, nothing heavy imported):

* **Quiz records.** A self-check quiz (:mod:`utils.quiz`) records each answer the learner
  checks — the first attempt and the latest, right or wrong, with their times — in one JSON
  file, ``<workspace>/.progress/quizzes.json`` (:data:`RECORDS`), written atomically (a
  temporary file, then ``os.replace``). It records only when the environment variable
  ``COURSE_WORKSPACE`` names the workspace (``make lab`` sets it for JupyterLab's kernels)
  *and* the kernel runs in a folder inside it (a notebook's kernel runs in the notebook's
  folder), and never into the course's own ``solutions/`` or ``chapters/``. So the course's
  tests, CI and grading never write a record. A record that cannot be read (a broken or
  hand-edited file) is reported and ignored: the quiz still works, and the unreadable file
  is kept beside the new one as ``quizzes.corrupt.json``.
* **The report.** :func:`build_report` turns what grading found (per chapter: the release's
  graded cells, the scores per test cell, the first failing message of each exercise) and the
  quiz records into the data of ``progress.json`` (format: :data:`REPORT_FORMAT`, described in
  :func:`build_report`); :func:`table` prints it for a terminal and :func:`html_report`
  renders it as one offline HTML page with an inline SVG picture.

First used by chapter 00's quizzes; ``make progress`` is ``tools/progress.py``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import html
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The environment variable naming the learner's workspace (``make lab`` exports it).
WORKSPACE_ENV = "COURSE_WORKSPACE"
#: The quiz records, relative to the workspace.
RECORDS = Path(".progress") / "quizzes.json"
#: Where an unreadable record file is moved before a new one is started.
CORRUPT = Path(".progress") / "quizzes.corrupt.json"
#: The report files ``make progress`` writes into the workspace.
REPORT_JSON, REPORT_HTML = "progress.json", "progress.html"
RECORDS_FORMAT = "math-for-ml-quiz-records"
REPORT_FORMAT = "math-for-ml-progress"
VERSION = 1
#: The course's own folders: a record is never written inside them.
COURSE_ROOT = Path(__file__).resolve().parent.parent
PROTECTED = ("solutions", "chapters")

STATUSES = ("not started", "in progress", "done", "error")
_QUIZ_ID = re.compile(r"^[0-9]{2}-[\w-]+$")


def now() -> str:
    """The time as ISO 8601 UTC, to the second: ``2026-12-01T10:31:05Z``."""
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------------------------
# Quiz records
# ------------------------------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def recording_workspace(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """The workspace a quiz records into now, or None (no recording).

    Records only when ``COURSE_WORKSPACE`` is set, the current folder is inside it (the
    kernel of a notebook in the workspace), and neither is inside the course's
    ``solutions/`` or ``chapters/``.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(WORKSPACE_ENV, "").strip()
    if not value:
        return None
    try:
        workspace = Path(value).expanduser().resolve()
        here = (cwd or Path.cwd()).resolve()
    except (OSError, RuntimeError):
        return None
    if not _inside(here, workspace):
        return None
    for name in PROTECTED:
        protected = COURSE_ROOT / name
        if _inside(workspace, protected) or _inside(here, protected):
            return None
    return workspace


def _valid_attempt(value: object) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("answer"), str)
            and isinstance(value.get("right"), bool) and isinstance(value.get("at"), str))


def _valid_record(value: object) -> bool:
    return (isinstance(value, dict) and _valid_attempt(value.get("first"))
            and _valid_attempt(value.get("latest"))
            and isinstance(value.get("attempts"), int) and value["attempts"] >= 1)


def read_records(path: Path) -> tuple[dict[str, dict], list[str]]:
    """The quiz records at ``path`` (quiz id -> record) and the problems found reading them.

    Never raises: a missing file is no records and no problem; an unreadable file or one
    that is not a record file is no records and one problem; a single malformed entry is
    left out and named.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path.name} could not be read ({type(error).__name__}); ignored"]
    try:
        data = json.loads(text)
    except ValueError as error:
        return {}, [f"{path.name} is not valid JSON ({error}); ignored"]
    if not isinstance(data, dict) or not isinstance(data.get("quizzes"), dict):
        return {}, [f"{path.name} is not a quiz record file (no \"quizzes\" object); ignored"]
    records, problems = {}, []
    for quiz_id, record in data["quizzes"].items():
        if _valid_record(record):
            records[quiz_id] = record
        else:
            problems.append(f"{path.name}: the record of {quiz_id!r} is malformed; ignored")
    return records, problems


_cache: dict[str, tuple[tuple[int, int], dict[str, dict]]] = {}


def _cached_records(path: Path) -> dict[str, dict]:
    """read_records, re-read only when the file changed (quizzes read it as they are built)."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_size)
    hit = _cache.get(str(path))
    if hit and hit[0] == stamp:
        return hit[1]
    records, _ = read_records(path)
    _cache[str(path)] = (stamp, records)
    return records


@contextlib.contextmanager
def _locked(folder: Path):
    """An advisory lock on the record folder (two chapters' kernels writing at once)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic replace is all we have
        yield
        return
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_json(path: Path, data: object) -> None:
    """Write ``data`` as JSON atomically: a temporary file in the same folder, then replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=1, ensure_ascii=False)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def record_answer(quiz_id: str, kind: str, answer: str, right: bool,
                  workspace: Path | None = None) -> str:
    """Record one checked answer of quiz ``quiz_id``; returns a note for the learner ("" if none).

    ``workspace`` defaults to :func:`recording_workspace` (nothing is recorded when it is
    None). The first attempt is kept; the latest is replaced; ``right_at`` is the time of
    the first right answer. An unreadable record file is moved to ``quizzes.corrupt.json``
    and a new one started, and the note says so. Never raises.
    """
    try:
        workspace = workspace or recording_workspace()
        if workspace is None:
            return ""
        path = workspace / RECORDS
        path.parent.mkdir(parents=True, exist_ok=True)
        note = ""
        with _locked(path.parent):
            records, problems = read_records(path)
            if problems and path.exists() and not records:
                os.replace(path, workspace / CORRUPT)
                note = (f"Your earlier quiz record could not be read; it is kept as {CORRUPT} "
                        "and a new record was started.")
            elif problems:
                note = "Part of your quiz record could not be read and was left out."
            attempt = {"answer": str(answer)[:200], "right": bool(right), "at": now()}
            old = records.get(quiz_id)
            record = dict(old) if old else {"first": attempt, "attempts": 0, "right_at": None}
            record.update(kind=kind, chapter=chapter_of_quiz(quiz_id), latest=attempt,
                          attempts=record["attempts"] + 1)
            if right and not record.get("right_at"):
                record["right_at"] = attempt["at"]
            records[quiz_id] = record
            write_json(path, {"format": RECORDS_FORMAT, "version": VERSION, "quizzes": records})
        return note
    except Exception as error:  # a quiz must keep working whatever the disk does
        return f"Your answer could not be recorded ({type(error).__name__})."


def past_answer(quiz_id: str, workspace: Path | None = None) -> dict | None:
    """The record of ``quiz_id`` in the workspace (see :func:`record_answer`), or None. Never raises."""
    try:
        workspace = workspace or recording_workspace()
        if workspace is None:
            return None
        return _cached_records(workspace / RECORDS).get(quiz_id)
    except Exception:
        return None


def past_note(record: Mapping | None, label: str | None = None) -> str:
    """The line a re-built quiz shows: "You answered b) before — right."."""
    if not record:
        return ""
    latest = record["latest"]
    shown = html.escape(label if label is not None else latest["answer"])
    verdict = "right" if latest["right"] else "not yet right"
    tries = record.get("attempts", 1)
    more = f" ({tries} attempts)" if tries > 1 else ""
    when = html.escape(str(latest.get("at", ""))[:10])
    return (f"<div style='color:#555'>You answered <b>{shown}</b> before ({when}){more}: "
            f"{verdict}. Check again to change it.</div>")


# ------------------------------------------------------------------------------------------
# Reading a chapter notebook
# ------------------------------------------------------------------------------------------

_QUIZ_CALL = re.compile(r"(?:MultipleChoice|Numeric|PredictObserve)\(\s*[\"']([0-9]{2}-[\w-]+)[\"']")
#: The grade_id of a graded quiz question's answer cell (utils/graded.py).
_QUESTION = re.compile(r"quiz-q\d+")


def chapter_of_quiz(quiz_id: str, slugs: Iterable[str] | None = None) -> str | None:
    """The chapter (``NN-slug``) of a quiz id ``NN-...``, from the chapter registry."""
    if slugs is None:
        from utils.chapters import CHAPTERS

        slugs = [c.slug for c in CHAPTERS]
    return next((slug for slug in slugs if slug[:3] == quiz_id[:3]), None)


def quiz_ids(nb) -> list[str]:
    """The ids of the self-check quizzes a notebook builds, in order."""
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for quiz_id in _QUIZ_CALL.findall(_source(cell)):
                if quiz_id not in found:
                    found.append(quiz_id)
    return found


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _meta(cell) -> dict:
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def graded_items(release) -> dict[str, dict]:
    """The graded things of a released chapter, in order: exercise name -> its parts.

    An exercise is an answer cell (``solution``) and the test cells after it (``grade``,
    no ``solution``), each worth its ``points``; a graded quiz question (answer cell
    ``quiz-qN``) is kind ``question``; an answer cell that is itself graded (no tests) is
    graded by hand: kind ``hand-graded``, listed for self-assessment, never counted.
    """
    items: dict[str, dict] = {}
    current = None
    for cell in release.get("cells", []):
        meta = _meta(cell)
        gid = meta.get("grade_id")
        if not gid:
            continue
        if meta.get("solution"):
            kind = "hand-graded" if meta.get("grade") else (
                "question" if _QUESTION.fullmatch(gid) else "exercise")
            current = gid
            items[gid] = {"kind": kind, "answer": gid, "tests": [],
                          "max_points": float(meta.get("points") or 0) if kind == "hand-graded" else 0.0,
                          "source": _source(cell)}
        elif meta.get("grade"):
            owner = current if current in items and items[current]["kind"] != "hand-graded" else None
            if owner is None:  # a test cell before any answer cell: its own item
                owner = gid
                items[gid] = {"kind": "exercise", "answer": None, "tests": [], "max_points": 0.0,
                              "source": None}
            items[owner]["tests"].append(gid)
            items[owner]["max_points"] += float(meta.get("points") or 0)
    return {k: v for k, v in items.items() if v["tests"] or v["kind"] == "hand-graded"}


def answer_sources(nb) -> dict[str, str]:
    """grade_id -> source of each answer cell of a notebook (the first, if duplicated)."""
    found: dict[str, str] = {}
    for cell in nb.get("cells", []):
        meta = _meta(cell)
        if meta.get("solution") and meta.get("grade_id"):
            found.setdefault(meta["grade_id"], _source(cell))
    return found


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip() == b.strip()


def untouched(nb, release) -> bool:
    """Whether every answer cell of ``nb`` is still as released (nothing answered yet)."""
    mine = answer_sources(nb)
    return all(_same(mine.get(gid), item["source"]) or gid not in mine
               for gid, item in graded_items(release).items() if item["source"] is not None)


# ------------------------------------------------------------------------------------------
# The report
# ------------------------------------------------------------------------------------------


def _quizzes(slug: str, ids: list[str], records: Mapping[str, dict]) -> dict[str, dict]:
    ours = list(ids) + sorted(q for q, r in records.items()
                              if q not in ids and (r.get("chapter") == slug
                                                   or (q[:3] == slug[:3] and not r.get("chapter"))))
    out = {}
    for quiz_id in ours:
        record = records.get(quiz_id)
        if record is None:
            out[quiz_id] = {"answered": False, "right": None, "attempts": 0, "first": None,
                            "latest": None, "right_at": None}
        else:
            out[quiz_id] = {"answered": True, "right": record["latest"]["right"],
                            "attempts": record["attempts"], "first": record["first"],
                            "latest": record["latest"], "right_at": record.get("right_at"),
                            "kind": record.get("kind")}
    return out


def chapter_entry(slug: str, title: str, release, *, found: bool, started: bool,
                  scores: Mapping[str, tuple[float, float]] | None = None,
                  messages: Mapping[str, str] | None = None,
                  answered: Mapping[str, bool] | None = None,
                  error: str | None = None, notes: Iterable[str] = (),
                  records: Mapping[str, dict] | None = None,
                  modified: str | None = None) -> dict:
    """One chapter of progress.json (see :func:`build_report`) from what grading found.

    ``scores``: test cell grade_id -> (score, max score) from the gradebook (None when the
    chapter was not graded); ``messages``: exercise -> its first failing message;
    ``answered``: exercise -> whether its answer cell differs from the release.
    """
    items = graded_items(release)
    records = records or {}
    messages, answered = messages or {}, answered or {}
    quizzes = _quizzes(slug, quiz_ids(release), records)
    exercises, points, max_points = {}, 0.0, 0.0
    for name, item in items.items():
        entry = {"kind": item["kind"], "tests": item["tests"], "max_points": item["max_points"],
                 "answered": bool(answered.get(name, False)), "counted": item["kind"] != "hand-graded"}
        if item["kind"] == "hand-graded":
            entry.update(points=None, passed=None, status="self-assessed",
                         message="graded by hand: compare your answer with the worked solution")
        else:
            max_points += item["max_points"]
            if scores is None:
                entry.update(points=None, passed=None,
                             status="not answered" if not entry["answered"] else "not graded",
                             message=None)
            else:
                got = sum(scores.get(t, (0.0, 0.0))[0] or 0.0 for t in item["tests"])
                passed = all(t in scores and (scores[t][0] or 0) >= scores[t][1] - 1e-9
                             for t in item["tests"])
                points += got
                status = "passed" if passed else ("failed" if entry["answered"] else "not answered")
                entry.update(points=got, passed=passed, status=status,
                             message=None if passed or not entry["answered"] else
                             (messages.get(name) or "a test failed"))
        exercises[name] = entry
    auto = [e for e in exercises.values() if e["counted"]]
    answered_quizzes = [q for q in quizzes.values() if q["answered"]]
    if not found or (not started and not answered_quizzes):
        status = "not started"
    elif error:
        status = "error"
    elif scores is not None and auto and all(e["passed"] for e in auto):
        status = "done"
    else:
        status = "in progress"
    times = [t for t in [modified if started else None,
                         *(q["latest"]["at"] for q in answered_quizzes)] if t]
    graded = scores is not None
    return {
        "title": title, "status": status,
        "points": points if graded else (0.0 if status != "not started" and found and not error else None),
        "max_points": max_points,
        "exercises_passed": sum(bool(e["passed"]) for e in auto),
        "exercises_total": len(auto),
        "quizzes_total": len(quizzes), "quizzes_answered": len(answered_quizzes),
        "quizzes_right": sum(bool(q["right"]) for q in answered_quizzes),
        "last_worked_on": max(times) if times else None,
        "error": error, "notes": list(notes),
        "exercises": exercises, "quizzes": quizzes,
    }


def build_report(chapters: Mapping[str, dict], *, workspace: Path, seconds: float | None = None,
                 record_problems: Iterable[str] = ()) -> dict:
    """The whole of progress.json::

        {"format": "math-for-ml-progress", "version": 1, "generated_at": "…Z",
         "workspace": "/abs/path", "seconds": 41.2,            # time spent grading
         "points": 18.0, "max_points": 80.0,                   # over the chapters graded
         "records": {"path": ".progress/quizzes.json", "problems": ["…"]},
         "chapters": {"NN-slug": {
             "title": "Vectors",
             "status": "not started" | "in progress" | "done" | "error",
             "points": 5.0 | null,        # null: not started, or could not be graded
             "max_points": 10.0,          # auto-graded tests only
             "exercises_passed": 2, "exercises_total": 4,
             "quizzes_total": 6, "quizzes_answered": 3, "quizzes_right": 2,
             "last_worked_on": "2026-12-01T10:31:05Z" | null,
             "error": null | "why the chapter could not be graded to the end",
             "notes": ["…"],              # e.g. a test cell edited (graded on the course's)
             "exercises": {"<grade_id of the answer cell>": {
                 "kind": "exercise" | "question" | "hand-graded",
                 "tests": ["<grade_id>-tests"], "points": 2.0 | null, "max_points": 2.0,
                 "passed": true | false | null, "answered": true,
                 "counted": true,          # false for hand-graded: self-assessment only
                 "status": "passed" | "failed" | "not answered" | "not graded" | "self-assessed",
                 "message": null | "the checker's first failing message"}},
             "quizzes": {"<quiz id>": {
                 "answered": true, "right": true | false | null, "attempts": 2,
                 "first": {"answer": "b", "right": false, "at": "…Z"} | null,
                 "latest": {"answer": "c", "right": true, "at": "…Z"} | null,
                 "right_at": "…Z" | null}}}}}

    "done": every auto-graded exercise passes (self-check quizzes apart). "not started": no
    answer cell changed and no quiz answered. Points count auto-graded tests, hidden ones
    included; a cell graded by hand is listed, not counted.
    """
    graded = [c for c in chapters.values() if c["points"] is not None]
    return {
        "format": REPORT_FORMAT, "version": VERSION, "generated_at": now(),
        "workspace": str(Path(workspace).resolve()),
        "seconds": None if seconds is None else round(seconds, 1),
        "points": sum(c["points"] for c in graded),
        "max_points": sum(c["max_points"] for c in graded),
        "records": {"path": RECORDS.as_posix(), "problems": list(record_problems)},
        "chapters": dict(chapters),
    }


def _pts(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _when(stamp: str | None) -> str:
    return stamp.replace("T", " ")[:16] if stamp else "—"


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def table(report: Mapping) -> str:
    """The report for a terminal: one line per chapter, then one per unfinished exercise."""
    chapters = report["chapters"]
    width = max([len("chapter"), *map(len, chapters)])
    head = (f"{'chapter':<{width}}  {'status':<11}  {'points':>9}  {'exercises':>9}  "
            f"{'quizzes answered/right':>22}  last worked on")
    lines = [head, "─" * len(head)]
    for slug, c in chapters.items():
        points = f"{_pts(c['points'])} / {c['max_points']:g}"
        exercises = f"{c['exercises_passed']}/{c['exercises_total']}" if c["points"] is not None else "—"
        quizzes = f"{c['quizzes_answered']}/{c['quizzes_right']} of {c['quizzes_total']}"
        lines.append(f"{slug:<{width}}  {c['status']:<11}  {points:>9}  {exercises:>9}  "
                     f"{quizzes:>22}  {_when(c['last_worked_on'])}")
        if c.get("error"):
            lines.append(f"    ! {_cut(c['error'], 100)}")
        for note in c.get("notes", []):
            lines.append(f"    · {_cut(note, 100)}")
        if c["status"] in ("in progress", "error"):
            for name, e in c["exercises"].items():
                if e["status"] == "failed":
                    lines.append(f"    ✘ {name}: {_cut(e['message'] or '', 96 - len(name))}")
                elif e["status"] == "not answered":
                    lines.append(f"    · {name}: not answered yet")
                elif e["status"] == "self-assessed":
                    lines.append(f"    ? {name}: graded by hand — compare with the worked solution")
    lines.append("─" * len(head))
    lines.append(f"{'total':<{width}}  {'':<11}  {_pts(report['points'])} / {report['max_points']:g}"
                 "  (chapters started)")
    for problem in report["records"]["problems"]:
        lines.append(f"quiz records: {problem}")
    return "\n".join(lines)


_COLOURS = {"done": "#1a7f37", "in progress": "#2f6fb3", "error": "#b3261e", "not started": "#8c959f"}


def svg_chart(report: Mapping) -> str:
    """Progress per chapter as an inline SVG bar chart (no script, no external resource)."""
    rows = list(report["chapters"].items())
    label_w, bar_w, row_h, top = 230, 420, 26, 10
    height = top + row_h * len(rows) + 10
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{label_w + bar_w + 170}' "
             f"height='{height}' role='img' aria-label='progress per chapter' "
             "font-family='sans-serif' font-size='13'>"]
    for i, (slug, c) in enumerate(rows):
        y = top + i * row_h
        share = (c["points"] / c["max_points"]) if c["points"] is not None and c["max_points"] else 0.0
        colour = _COLOURS[c["status"]]
        parts.append(f"<text x='0' y='{y + 15}'>{html.escape(slug)}</text>")
        parts.append(f"<rect x='{label_w}' y='{y + 3}' width='{bar_w}' height='16' fill='#eaeef2' "
                     "stroke='#d0d7de'/>")
        if c["points"] is not None:
            parts.append(f"<rect x='{label_w}' y='{y + 3}' width='{bar_w * share:.1f}' height='16' "
                         f"fill='{colour}'><title>{html.escape(slug)}: {_pts(c['points'])} of "
                         f"{c['max_points']:g} points</title></rect>")
            label = f"{_pts(c['points'])} / {c['max_points']:g}  {c['status']}"
        else:
            label = c["status"]
        parts.append(f"<text x='{label_w + bar_w + 8}' y='{y + 15}' fill='{colour}'>"
                     f"{html.escape(label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def html_report(report: Mapping) -> str:
    """progress.html: a standalone page (inline CSS and SVG) that opens offline."""
    e = html.escape
    body = [f"<h1>Your progress</h1><p>Graded {e(_when(report['generated_at']))} UTC with every "
            f"test, hidden ones included: <b>{_pts(report['points'])} of {report['max_points']:g}</b> "
            "points in the chapters you started.</p>", svg_chart(report)]
    for problem in report["records"]["problems"]:
        body.append(f"<p class='warn'>Quiz records: {e(problem)}</p>")
    for slug, c in report["chapters"].items():
        body.append(f"<h2>{e(slug)} · {e(c['title'])} <span class='s {e(c['status'].replace(' ', '-'))}'>"
                    f"{e(c['status'])}</span></h2>")
        body.append(f"<p>{_pts(c['points'])} / {c['max_points']:g} points · exercises passed "
                    f"{c['exercises_passed']}/{c['exercises_total']} · quizzes answered "
                    f"{c['quizzes_answered']}, right {c['quizzes_right']}, of {c['quizzes_total']} · "
                    f"last worked on {e(_when(c['last_worked_on']))}</p>")
        if c.get("error"):
            body.append(f"<p class='warn'>{e(c['error'])}</p>")
        for note in c.get("notes", []):
            body.append(f"<p class='note'>{e(note)}</p>")
        if c["status"] == "not started":
            continue
        rows = "".join(
            f"<tr><td><code>{e(name)}</code></td><td>{e(x['status'])}</td>"
            f"<td>{_pts(x['points'])} / {x['max_points']:g}</td><td>{e(x['message'] or '')}</td></tr>"
            for name, x in c["exercises"].items())
        body.append("<table><tr><th>exercise</th><th>status</th><th>points</th>"
                    f"<th>first failing message</th></tr>{rows}</table>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#1f2328}"
             "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #d0d7de;"
             "padding:.25em .6em;text-align:left;vertical-align:top}.s{font-size:.7em;padding:.1em .5em;"
             "border-radius:1em;color:#fff;background:#8c959f}.done{background:#1a7f37}"
             ".in-progress{background:#2f6fb3}.error{background:#b3261e}.warn{color:#b3261e}"
             ".note{color:#555}td code{white-space:nowrap}")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Your progress</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n")
