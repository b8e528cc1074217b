"""Helpers for the Math for ML Engineers notebooks.

Import the module you need (``from utils import quiz, check``); importing ``utils``
itself loads nothing heavy and has no side effects.

Modules: ``quiz`` (self-check widgets), ``check`` (checker framework and mistake
diagnosis), ``exercises`` (one checker module per chapter), ``toys`` (seeded toy data),
``plots`` (one plot style), ``explore`` (ipywidgets explorers over pure functions).
"""

__version__ = "0.1.0"
