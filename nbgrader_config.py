"""nbgrader configuration: a chapter is an assignment; solutions/ is the source."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "chapters"
# The gradebook (nbgrader's database of students and grades) stays out of git.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")

# No course cell needs more than a few seconds; a learner's endless loop is stopped
# after this many seconds instead of nbgrader's default 30 (per cell).
c.Execute.timeout = 20

# The release (`make release`, `nbgrader generate_assignment`, formgrader's Generate button):
# nbgrader's own steps, after removing the cells tagged `prose-check` (asserts that pin the
# numbers of the prose; solutions/ runs them, learners never see them).
c.GenerateAssignment.preprocessors = [
    "utils.grading.preprocessors.RemoveProseChecks",
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
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

# An LMS export (`nbgrader zip_collect NN-slug`): zip files in downloaded/NN-slug/archive/
# holding files named <student>_<chapter>.ipynb (student ids without "_"). Change the
# pattern to your LMS's file names; it is matched against each extracted file's path.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/_]+)_(?P<file_id>\d\d-[^/_]+\.ipynb)$"
