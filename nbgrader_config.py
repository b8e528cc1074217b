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
