"""Layer 5: chapters/ is exactly what `make release` generates from solutions/.

The release is generated into a temporary folder from a copy of solutions/; the test
never writes into the repository.
"""

import shutil
import subprocess
import sys

from conftest import CHAPTERS, ROOT, SOLUTIONS, chapter_names, notebook_path, read


def test_chapters_match_a_fresh_release(tmp_path):
    """Regenerating the release from solutions/ reproduces chapters/ byte for byte."""
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    subprocess.run([sys.executable, str(ROOT / "tools" / "release.py"),
                    str(tmp_path / "solutions"), str(tmp_path / "chapters")],
                   check=True, capture_output=True, text=True)
    fresh = sorted(p.relative_to(tmp_path / "chapters")
                   for p in (tmp_path / "chapters").rglob("*") if p.is_file())
    stored = sorted(p.relative_to(CHAPTERS) for p in CHAPTERS.rglob("*") if p.is_file())
    assert fresh == stored, "chapters/ has other files than a release makes; run `make release`"
    stale = [str(p) for p in fresh
             if (tmp_path / "chapters" / p).read_bytes() != (CHAPTERS / p).read_bytes()]
    assert not stale, f"chapters/ is stale, run `make release`: {stale}"
    unnormalised = [str(p.relative_to(tmp_path)) for p in (tmp_path / "solutions").rglob("*.ipynb")
                 if p.read_bytes() != (SOLUTIONS / p.relative_to(tmp_path / "solutions")).read_bytes()]
    assert not unnormalised, f"solutions need normalising, run `make release`: {unnormalised}"


def test_release_is_nbgraders_own(tmp_path):
    """Plain `nbgrader generate_assignment` gives chapters/ as stored, cell locks included.

    One run for every chapter (``--assignment=*``): the same converter, notebook by notebook,
    as ``nbgrader generate_assignment NN-slug`` or formgrader's Generate button."""
    shutil.copytree(SOLUTIONS, tmp_path / "solutions")
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "--assignment=*",
                    "--force", "--no-db", "--log-level=WARN"], cwd=tmp_path, check=True,
                   capture_output=True, text=True)
    differ = [chapter for chapter in chapter_names()
              if read(notebook_path(tmp_path / "chapters", chapter))
              != read(notebook_path(CHAPTERS, chapter))]
    assert not differ, f"nbgrader's own release differs from chapters/: {differ}"
