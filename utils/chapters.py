"""The chapter registry: every chapter of the course, in order, and where it lives.

A chapter ``NN-slug`` is one notebook, ``solutions/NN-slug/NN-slug.ipynb`` (the source) and
``chapters/NN-slug/NN-slug.ipynb`` (the release), plus files named after its ``module``:

* ``utils/exercises/<module>.py``: the checkers of its graded exercises;
* ``utils/explore/<module>.py``: its explorers (if it has any);
* ``tests/quiz_answers/<module>.py`` and ``tests/grading_cases/<module>.py``: the keys of
  its quizzes and its mistakes proven through nbgrader;
* ``tests/test_*_<module>.py``: its unit tests.

Tests, tools and the hygiene rules read this table; adding a chapter is one line here and
new files named after its module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One chapter: its folder name, its module name, its title and whether it imports torch."""

    slug: str
    module: str
    title: str
    torch: bool = False

    @property
    def number(self) -> str:
        """The chapter's two-digit number, ``"06"`` for ``06-gradient-descent``."""
        return self.slug[:2]


CHAPTERS = (
    Chapter("00-start-here", "start_here", "Start here"),
    Chapter("01-vectors", "vectors", "Vectors"),
    Chapter("02-matrices", "matrices", "Matrices as maps"),
    Chapter("03-least-squares", "least_squares", "Solving Ax = b and least squares"),
    Chapter("04-eigen-svd-pca", "eigen_svd", "Eigenvectors, SVD and PCA"),
    Chapter("05-derivatives-gradients", "gradients", "Derivatives and gradients"),
    Chapter("06-gradient-descent", "descent", "Gradient descent"),
    Chapter("07-momentum-adam", "optimizers", "Momentum, RMSProp and Adam", torch=True),
    Chapter("08-sgd-linear-models", "linear_models", "SGD and linear models"),
    Chapter("09-autodiff", "autodiff", "Autodiff", torch=True),
    Chapter("10-pytorch", "pytorch", "PyTorch", torch=True),
    Chapter("11-probability", "probability", "Probability", torch=True),
)

BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}
BY_MODULE = {chapter.module: chapter for chapter in CHAPTERS}


def chapter(slug: str) -> Chapter:
    """The chapter named ``slug`` (``NN-slug``); a KeyError naming the known ones otherwise."""
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"no chapter {slug!r}; the chapters are {', '.join(BY_SLUG)}") from None
