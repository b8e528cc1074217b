"""nbgrader's gradebook for the course: its Python API, and putting chapters into it.

Used by ``make grade`` (tools/grade.py) and the grading benchmark.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import nbformat

#: The folder (under the course root) where grading stages its release and submissions.
STAGING = ".grading"


def nbgrader_api(root: Path, **course):
    """nbgrader's Python API on the course at ``root``, with course-directory overrides."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning
    from traitlets.config import Config, PyFileConfigLoader

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session warnings

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.merge(Config({"CourseDirectory": {"root": str(root), **course}}))
    api = NbGraderAPI(CourseDirectory(config=config), config=config)
    api.log.setLevel(logging.ERROR)
    return api


def register(root: Path, chapters: list[str]) -> dict[str, nbformat.NotebookNode]:
    """Put each chapter in the gradebook (nbgrader's release, into .grading/release)."""
    api = nbgrader_api(root, release_directory=f"{STAGING}/release")
    releases = {}
    for chapter in chapters:
        result = api.generate_assignment(chapter, force=True)
        if not result["success"]:
            raise SystemExit(f"nbgrader could not release {chapter}:\n{result.get('error')}")
        path = root / STAGING / "release" / chapter / f"{chapter}.ipynb"
        releases[chapter] = nbformat.read(path, as_version=4)
    return releases
