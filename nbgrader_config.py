"""nbgrader configuration: a chapter is an assignment; solutions/ is the source."""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader)

here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "chapters"
# The gradebook (nbgrader's database of students and grades) stays out of git.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")

# nbgrader runs helper commands (`alembic`) from PATH: put this environment's bin/ first, so
# `.venv/bin/nbgrader ...` works without activating the venv.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

# `make release` writes chapters/ without touching the gradebook; nbgrader's commands that
# read it (autograde, generate_feedback, export, release_assignment, ...) first put in every
# chapter that is missing or whose solution changed (nbgrader's release into .grading/release).
from utils.grading.gradebook import sync  # noqa: E402

sync(Path(here), c.CourseDirectory.db_url, sys.argv)

# No course cell needs more than a few seconds; a learner's endless loop is stopped
# after this many seconds instead of nbgrader's default 30 (per cell).
c.Execute.timeout = 20

# The release (`make release`, `nbgrader generate_assignment`, formgrader's Generate button):
# nbgrader's own steps, after removing the cells tagged `prose-check` (asserts that pin the
# numbers of the prose; solutions/ runs them, learners never see them). ClearQuizSolutions is
# nbgrader's ClearSolutions, except that a graded quiz question's answer cell (grade_id
# quiz-qN) keeps its `q1 = None  # ...` line and gets no `raise NotImplementedError()`
# stub (utils/graded.py); exercises keep the stub.
c.GenerateAssignment.preprocessors = [
    "utils.grading.preprocessors.RemoveProseChecks",
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "utils.graded.ClearQuizSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# `make grade`: before a notebook runs, a grader's cell records what the tests rely on and
# each test cell is guarded (utils/grading/integrity.py); both are removed again after it runs.
# Test cells are restored from the gradebook as nbgrader does, but a cell as released (its
# hidden tests removed) is restored silently: only a test cell the student edited is reported.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "utils.grading.preprocessors.RestoreTestCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "utils.grading.preprocessors.GuardTests",
    "nbgrader.preprocessors.Execute",
    "utils.grading.preprocessors.UnguardTests",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Feedback returned to students never shows hidden tests (nbgrader's default does).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "utils.grading.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Feedback HTML and formgrader's pages typeset maths offline: the course's `mathjax` macro
# (utils/grading/templates/classic/mathjax.html.j2, found before nbconvert's own) loads the MathJax
# that jupyter-server-mathjax installs instead of a CDN (utils/grading/mathjax.py).
# nbgrader's templates stay in the list after it, as GenerateFeedback and formgrader set them.
from utils.grading import mathjax  # noqa: E402

c.HTMLExporter.extra_template_basedirs = mathjax.template_dirs()
c.HTMLExporter.filters = {"mathjax_file_url": "utils.grading.mathjax.file_url"}

# An LMS export (`nbgrader zip_collect NN-slug`): zip files in downloaded/NN-slug/archive/
# holding files named <student>_<chapter>.ipynb (student ids without "_"). Change the
# pattern to your LMS's file names; it is matched against each extracted file's path.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/_]+)_(?P<file_id>\d\d-[^/_]+\.ipynb)$"
