"""Per-chapter answer cells proven through nbgrader: one module per chapter, holding
``CHAPTER``, ``MISTAKES`` {grade_id: (source, phrase)}, optionally ``MORE_MISTAKES`` (further
rounds of the same form) and ``ALTERNATIVES`` {grade_id: source}.

tests/test_grading.py runs the mistakes through nbgrader's validator; the alternatives are
the answers of a student of tests/test_grade_every_chapter.py, graded by `make grade`.
"""

import importlib
import pkgutil


def cases(kind: str, default=None) -> dict:
    """chapter -> that chapter's MISTAKES, MORE_MISTAKES or ALTERNATIVES, from every module
    here (``default`` where a module has none)."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.CHAPTER] = getattr(module, kind) if default is None else getattr(
            module, kind, default)
    return found
