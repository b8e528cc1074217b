"""Layer 5: chapters/ is exactly what `make release` generates from solutions/.

The release is generated into a temporary folder from a copy of solutions/; the test
never writes into the repository.
"""

import shutil
import subprocess
import sys

from conftest import CHAPTERS, ROOT, SOLUTIONS


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
