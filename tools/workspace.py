"""Copy the released chapters into the learner's workspace, never overwriting a file.

    python tools/workspace.py chapters workspace

A chapter already in the workspace is left alone: it holds the learner's work. A pristine
copy of what was handed out is kept in ``workspace/.originals/``; when the course has
changed a chapter since, the new version is put next to the learner's as
``NN-slug.updated.ipynb`` (also never overwritten), so nothing is lost either way.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def sync(chapters: Path, workspace: Path) -> dict[str, list[str]]:
    """Copy what is new; report what was copied, kept, and offered as an update."""
    report: dict[str, list[str]] = {"copied": [], "kept": [], "updated": []}
    for source in sorted(chapters.glob("*/*.ipynb")):
        relative = source.relative_to(chapters)
        mine, original = workspace / relative, workspace / ".originals" / relative
        if not mine.exists():
            copy(source, mine)
            copy(source, original)
            report["copied"].append(str(mine))
            continue
        report["kept"].append(str(mine))
        if original.exists() and original.read_bytes() == source.read_bytes():
            continue
        update = mine.with_suffix(".updated.ipynb")
        if not update.exists():
            copy(source, update)
            copy(source, original)
            report["updated"].append(str(update))
    return report


def copy(source: Path, target: Path) -> None:
    """Copy a file, creating its folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", type=Path)
    parser.add_argument("workspace", type=Path)
    args = parser.parse_args()
    report = sync(args.chapters, args.workspace)
    for path in report["copied"]:
        print(f"new chapter: {path}")
    for path in report["updated"]:
        print(f"a newer version of a chapter you started is next to it: {path}")
    print(f"{len(report['kept'])} chapters already in {args.workspace}/ were left as they are.")


if __name__ == "__main__":
    main()
