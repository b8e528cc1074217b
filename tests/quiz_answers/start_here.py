"""Answers to the self-check quizzes of chapter 00 (start here)."""

import numpy as np

ANSWERS = {
    "00-run-order": "b",  # a restarted kernel holds nothing: NameError
    "00-validate": "b",  # saves, runs everything in a fresh kernel, reports failing cells
    "00-axis-size": float(np.arange(24).reshape(2, 3, 4).sum(axis=1).size),
    "00-broadcast-predict": "a",  # (3, 1) + (4,) -> (3, 4)
    "00-vectorised-why": "b",  # compiled loop over raw float64s, no per-element objects
    "00-same-generator": "b",  # each draw advances the generator's state
    "00-spacing-1024": float(np.spacing(1024.0)),
    "00-isclose-zero": "b",  # relative tolerance alone: only 0.0 is close to 0.0
}
