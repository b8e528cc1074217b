"""Support for grading a class with nbgrader (``make grade``); never imported by a chapter.

``integrity`` runs inside the grader's kernel, ``preprocessors`` plug into nbgrader's
autograde and feedback steps, ``submissions`` checks and stages what students handed in.
"""
