"""JSON lines: one object per file, written as the file is settled (memory stays flat on any
number of files). Each line is a `file` of schemas/report.schema.json (`$defs/file`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..escape import encodable
from ..jsontext import line
from .json_report import _file

# Characters that end a line for some readers (Python's splitlines among them), escaped so that a
# row is one line for every reader; JSON already escapes the other control characters.
LINE_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def row(result) -> str:
    text = line(_file(result))
    for character, escaped in LINE_BREAKS:
        if character in text:  # str.replace, not translate: translate is slow on long rows
            text = text.replace(character, escaped)
    return encodable(text + "\n")


def render(results: Sequence, color: bool = False) -> str:
    return "".join(row(r) for r in results)
