"""What a student reads in a feedback file, and the hidden-test lines it must not contain."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def feedback_text(path: Path) -> str:
    """The visible text of an HTML feedback file, whitespace squashed (code spans joined)."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return squash(html.unescape("".join(parser.parts)))


def hidden_test_lines(solution) -> list[str]:
    """Every line of every hidden-test block in a solution notebook (long enough to be telling).

    A line that also stands outside the hidden blocks (``wrong_values={`` in a self-check
    quiz, say) gives nothing away, so it is left out.
    """
    hidden, shown = [], set()
    for cell in solution.cells:
        hidden += [squash(line) for block in HIDDEN.findall(cell.source)
                   for line in block.splitlines() if len(line.strip()) >= 12]
        shown |= {squash(line) for line in HIDDEN.sub("", cell.source).splitlines()}
    return [line for line in hidden if line not in shown]
