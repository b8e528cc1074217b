"""Generate the student chapters from the instructor solutions with nbgrader.

    python tools/release.py solutions chapters [--chapter NN-slug]

1. normalises every solution notebook in place (outputs, execution counts, metadata);
2. runs ``nbgrader generate_assignment`` once, on copies of the chapters in a throwaway
   course folder (so no gradebook or log is written here);
3. writes nbgrader's output unchanged (cell locks included) to the release folder, in the
   canonical JSON form, replacing chapters that changed and removing chapters whose source
   is gone. So ``make release`` and ``nbgrader generate_assignment`` (or formgrader's
   Generate button) give the same ``chapters/``.

Tests call it with a temporary release folder to prove ``chapters/`` is up to date.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from utils.notebooks import chapter_notebooks, normalise_file, write

ROOT = Path(__file__).resolve().parent.parent


def generate(source: Path, course: Path, chapters: list[str]) -> Path:
    """Run nbgrader on copies of ``chapters`` of ``source`` inside ``course``; return its release folder.

    One nbgrader process for them all: ``--assignment=*`` matches every chapter copied.
    """
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for chapter in chapters:
        shutil.copytree(source / chapter, course / "solutions" / chapter)
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "--assignment=*", "--force",
         "--no-db", "--log-level=WARN"],
        cwd=course, check=True,
    )
    return course / "chapters"


def release(source: Path, target: Path, only: str | None = None) -> list[str]:
    """Regenerate ``target`` from ``source`` (every chapter, or ``only`` one); return those written."""
    notebooks = [nb for nb in chapter_notebooks(source) if only in (None, nb.parent.name)]
    if not notebooks:
        raise SystemExit(f"no chapter {only!r} in {source}")
    for notebook in notebooks:
        if normalise_file(notebook):
            print(f"normalised {notebook.relative_to(source.parent)}")
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(source, Path(tmp), [nb.parent.name for nb in notebooks])
        written = []
        for notebook in chapter_notebooks(generated):
            chapter = notebook.parent.name
            write(nbformat.read(notebook, as_version=4), target / chapter / notebook.name)
            written.append(chapter)
    if only:
        return written
    for folder in sorted(p for p in target.iterdir() if p.is_dir()) if target.exists() else []:
        if folder.name not in written:
            shutil.rmtree(folder)
            print(f"removed {folder.name} (no source)")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="instructor notebooks (solutions/)")
    parser.add_argument("target", type=Path, help="release folder (chapters/)")
    parser.add_argument("--chapter", help="release only this chapter (NN-slug)")
    args = parser.parse_args()
    written = release(args.source.resolve(), args.target.resolve(), args.chapter)
    print(f"released {len(written)} chapters into {args.target}: {', '.join(written)}")


if __name__ == "__main__":
    main()
