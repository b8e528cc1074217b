"""The MathJax that feedback HTML and formgrader's pages load: installed, never a CDN.

jupyter-server-mathjax (a dependency) ships MathJax 2.7, the version nbconvert's own pages
use, and serves it at ``<base URL>static/jupyter_server_mathjax/MathJax.js`` in every Jupyter
server of this environment. The course's ``mathjax`` macro
(``utils/grading/templates/classic/mathjax.html.j2``) loads that copy when a server shows the page,
and the file named here when the page is opened from disk.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def installed_copy() -> Path | None:
    """MathJax.js inside the installed jupyter-server-mathjax, or None if it is not installed."""
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "static" / "MathJax.js"
    return path if path.is_file() else None


def file_url(url: str | None = None) -> str:
    """A Jinja filter: the page's own MathJax URL if one was given, else the installed copy's file:// URL."""
    if url:
        return url
    path = installed_copy()
    return path.as_uri() if path else ""


def template_dirs() -> list[str]:
    """HTMLExporter.extra_template_basedirs: the course's macro first, then nbgrader's templates."""
    nbgrader = importlib.util.find_spec("nbgrader")
    templates = Path(nbgrader.origin).parent / "server_extensions" / "formgrader" / "templates"
    return [str(Path(__file__).parent / "templates"), str(templates)]
