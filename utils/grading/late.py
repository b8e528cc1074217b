"""Late penalties for nbgrader: a share of the score per day (or part of a day) late.

nbgrader itself offers none (no penalty) or zero (a late notebook scores 0). To take, say,
10% of the score per started day, capped at the whole score, add to nbgrader_config.py:

    c.AssignLatePenalties.plugin_class = "utils.grading.late.PercentPerDay"
    c.PercentPerDay.percent = 10

and give the chapter a due date: ``nbgrader db assignment add NN-slug --duedate="..."``.
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float


class PercentPerDay(LateSubmissionPlugin):
    """``percent`` of the notebook's score per started day late (a minute late is a day)."""

    percent = Float(10.0, help="share of the score taken per started day late").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float):
        if total_seconds_late <= 0:
            return None
        days = math.ceil(total_seconds_late / 86400)
        return min(score, score * self.percent / 100 * days)
