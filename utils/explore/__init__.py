"""Explorers: ipywidgets controls over pure compute functions, one module per chapter.

``base`` holds the shared machinery (:class:`~utils.explore.base.Explorer`, sliders); each
chapter's explorers live in the module named after it in the chapter registry
(``utils.chapters``): ``utils.explore.descent`` for 06-gradient-descent, and so on.

Notebooks write ``explore.gd_explorer()``: a name asked of this package is looked up in the
chapters' modules, which are imported on first use. Adding a chapter's explorers is a new
module here and its line in the registry, nothing else.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from utils.chapters import CHAPTERS

_HERE = Path(__file__).parent


def chapter_modules() -> list[ModuleType]:
    """The explorer modules of every registered chapter that has one, in chapter order."""
    return [importlib.import_module(f"{__name__}.{chapter.module}") for chapter in CHAPTERS
            if (_HERE / f"{chapter.module}.py").exists()]


def __getattr__(name: str):
    """Find ``name`` in the chapters' explorer modules (``explore.gd_explorer``)."""
    if name.startswith("__"):
        raise AttributeError(name)
    for module in chapter_modules():
        if name in vars(module) and not name.startswith("_"):
            return vars(module)[name]
    base = importlib.import_module(f"{__name__}.base")
    if hasattr(base, name):
        return getattr(base, name)
    raise AttributeError(f"utils.explore has no explorer or helper named {name!r}")


def __dir__() -> list[str]:
    names = {n for module in chapter_modules() for n in vars(module) if not n.startswith("_")}
    return sorted(names | set(globals()))
