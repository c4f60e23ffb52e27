"""Where a reference entry starts by its number label: one grammar for every reader.

Lists print labels as "[3]", "(3)", "3." or "3)", glued to the text ("10.Klapper W"), bare
beside it ("3 Smith J", where the page sets it apart) or with the number lost (". Janz TA").
A number followed by a digit is never a label: "10.1515/DMDI..." is a DOI carried over to
the next line and "3.2019" a date, not entry 10 or 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = re.compile(
    r"^\s*(?:\[\s*(?P<bracket>\d{1,4})\s*\]"
    r"|\(\s*(?P<paren>\d{1,4})\s*\)"
    r"|(?P<dot>\d{1,3})\s*[.)](?!\d)"  # "2019. Title" starts with a year, not label 2019
    r"|(?P<bare>\d{1,4})\s+(?=[^\W\d_])"
    r"|(?P<lost>\.)(?=\s+\S))\s*"
)
_WORD = re.compile(r"[^\W\d_]|[\[(“\"]")  # what an entry's text begins with after its label


@dataclass(frozen=True)
class Label:
    number: int | None  # None when the label lost its number
    style: str  # bracket, paren, dot, bare or lost
    end: int  # where the entry's text begins

    def before_text(self, text: str) -> bool:
        """Whether a word (or an opening bracket or quote) follows the label, as an entry's text does."""
        return bool(_WORD.match(text, self.end))


def label(text: str) -> Label | None:
    match = _LABEL.match(text)
    if not match:
        return None
    style = next(name for name, value in match.groupdict().items() if value is not None)
    number = None if style == "lost" else int(match.group(style))
    return Label(number, style, match.end())


def starts_entry(text: str) -> bool:
    """Whether a line of plain text opens a numbered entry: a bracketed label, or a parenthesised or
    dotted one before the entry's text, or a lost label; a bare number is a label only on the page."""
    found = label(text)
    if found is None or found.style == "bare":
        return False
    return found.style in ("bracket", "lost") or found.before_text(text)
