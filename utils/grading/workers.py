"""Grading a class in N processes (``make grade JOBS=N``), with one writer to the gradebook.

Each worker process autogrades its share of the notebooks with nbgrader against a private
SQLite copy of the gradebook (so workers never write to the course's gradebook); the
parent process is the only writer: for each notebook a worker finished, it records the
submission, the scores and the late penalty in the course's gradebook with nbgrader's own
preprocessors (``SaveAutoGrades``, ``AssignLatePenalties``) run on the autograded notebook,
exactly as ``nbgrader autograde`` would have. Feedback is then written by the workers
again, reading the course's gradebook. With ``jobs=1`` everything runs in this process
through nbgrader's API, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat

from utils.grading.gradebook import STAGING, nbgrader_api, register

#: One grading task: (chapter, student).
Task = tuple[str, str]

_api = None


def _sqlite_path(db_url: str) -> Path | None:
    return Path(db_url[len("sqlite:///"):]) if db_url.startswith("sqlite:///") else None


#: Math-library thread pools of the kernels a worker starts: one thread each, so N workers
#: use N cores instead of each kernel's BLAS (or torch) spreading over every core.
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def _worker_init(root: str, template: str, kind: str) -> None:
    """In a worker: nbgrader's API on the course, with a private copy of the gradebook."""
    global _api
    os.environ.update(ONE_THREAD)  # inherited by the kernels nbgrader starts
    root_path = Path(root)
    if kind == "autograde":
        db = root_path / STAGING / "workers" / f"{os.getpid()}.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(template, db)
        _api = nbgrader_api(root_path, submitted_directory=f"{STAGING}/submitted",
                            db_url=f"sqlite:///{db}")
    else:
        _api = nbgrader_api(root_path)


def _autograde(task: Task) -> tuple[Task, bool, str]:
    chapter, student = task
    result = _api.autograde(chapter, student, force=True, create=True)
    return task, bool(result["success"]), result.get("log", "") + result.get("error", "")


def _feedback(task: Task) -> tuple[Task, bool, str]:
    chapter, student = task
    result = _api.generate_feedback(chapter, student, force=True)
    return task, bool(result["success"]), result.get("error", "")


def _template(root: Path, db_url: str, chapters: list[str]) -> Path:
    """A SQLite gradebook holding the chapters (no students), for the workers to copy."""
    template = root / STAGING / "template.db"
    template.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_path(db_url)
    if source is not None and source.exists():
        # a consistent copy even if the file is open elsewhere
        with sqlite3.connect(source) as src, sqlite3.connect(template) as dst:
            src.backup(dst)
    else:  # PostgreSQL or another server: register the chapters into a fresh SQLite file
        template.unlink(missing_ok=True)
        register(root, chapters, db_url=f"sqlite:///{template}")
    return template


def record(api, chapter: str, student: str, success: bool) -> None:
    """The single writer: put one autograded notebook's results in the course's gradebook.

    As ``nbgrader autograde`` does: the student and submission (with its timestamp), then
    nbgrader's SaveAutoGrades and AssignLatePenalties on the autograded notebook. A notebook
    that could not be graded scores 0 (no score from an earlier grading survives).
    """
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    coursedir = api.coursedir
    staged = Path(coursedir.format_path(coursedir.submitted_directory, student, chapter))
    timestamp = coursedir.get_existing_timestamp(str(staged))
    with api.gradebook as gb:
        gb.update_or_create_student(student)
        if timestamp:
            gb.update_or_create_submission(chapter, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(chapter, student)
        if not success:
            zero(gb, chapter, student)
            return
    path = Path(coursedir.format_path(coursedir.autograded_directory, student, chapter)) / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    resources = {"nbgrader": {"notebook": chapter, "assignment": chapter, "student": student,
                              "db_url": coursedir.db_url}}
    SaveAutoGrades(parent=api).preprocess(nb, resources)
    AssignLatePenalties(parent=api).preprocess(nb, resources)


def zero(gb, chapter: str, student: str) -> None:
    """Every grade of this submission 0 (a notebook that could not be graded)."""
    from nbgrader.api import MissingEntry

    try:
        submission = gb.find_submission_notebook(chapter, chapter, student)
    except MissingEntry:
        return
    for grade in submission.grades:
        grade.auto_score = 0
        grade.needs_manual_grade = False
    gb.db.commit()


def autograde_all(root: Path, tasks: list[Task], jobs: int,
                  on_done: Callable[[Task, bool, str], None]) -> None:
    """Autograde every (chapter, student) in ``jobs`` processes; ``on_done`` per notebook, in
    the parent, after its results are in the course's gradebook."""
    api = nbgrader_api(root, submitted_directory=f"{STAGING}/submitted")
    if jobs <= 1 or len(tasks) <= 1:
        for chapter, student in tasks:
            print(f"autograding {student} / {chapter}", flush=True)
            result = api.autograde(chapter, student, force=True, create=True)
            log = result.get("log", "") + result.get("error", "")
            if not result["success"]:
                with api.gradebook as gb:
                    zero(gb, chapter, student)
            on_done((chapter, student), bool(result["success"]), log)
        return
    chapters = sorted({chapter for chapter, _ in tasks})
    template = _template(root, api.coursedir.db_url, chapters)
    results = {}
    for task, success, log in _pool(root, template, "autograde", tasks, jobs, _autograde):
        print(f"autograded {task[1]} / {task[0]}", flush=True)
        record(api, task[0], task[1], success)
        results[task] = (success, log)
    for task in tasks:  # in the order of JOBS=1, so flags come out the same
        on_done(task, *results[task])
    shutil.rmtree(root / STAGING / "workers", ignore_errors=True)


def feedback_all(root: Path, tasks: list[Task], jobs: int) -> None:
    """HTML feedback for every autograded (chapter, student), in ``jobs`` processes."""
    tasks = [t for t in tasks
             if (root / "autograded" / t[1] / t[0] / f"{t[0]}.ipynb").is_file()]
    if jobs <= 1 or len(tasks) <= 1:
        api = nbgrader_api(root)
        for chapter, student in tasks:
            api.generate_feedback(chapter, student, force=True)
        return
    for _ in _pool(root, "", "feedback", tasks, jobs, _feedback):
        pass


def _pool(root: Path, template: str | Path, kind: str, tasks: list[Task], jobs: int,
          work: Callable) -> Iterable[tuple[Task, bool, str]]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                             initargs=(str(root), str(template), kind)) as pool:
        futures = [pool.submit(work, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
