"""Checkers for the graded exercises, one module per chapter (``start_here``, ``vectors``).

Each ``check_<exercise>(fn)`` runs the learner's function on fixed cases through
:mod:`utils.check` and names the mistake when it fails.
"""
