"""Find the reference list in classified lines and split it into entries.

Entries start at a number label ("1.", "[1]", "(1)", "10.Klapper"), at a label that
lost its number (". Janz TA"), or, in an unnumbered list, at a blank line.
Page furniture met inside an entry is cut out and kept as a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Furniture, Link, Location, Reference
from . import reference_fields
from .layout import FURNITURE_KINDS, REFERENCES_HEADING, URL_ONLY, Line

ENTRY_START = re.compile(r"^\s*(?:\[\s*\d{1,3}\s*\]|\(\d{1,3}\)\s*(?=[^\W\d_])|\d{1,3}\s*[.)]\s*(?=[^\W\d_]|[\[(“\"])|\.\s+(?=\S))")
PARENTHESISED_LABEL = re.compile(r"^\s*\((\d{1,3})\)\s*(?=[^\W\d_])")  # ACS: "(3) Sims, C. F. ..."


@dataclass
class _Entry:
    lines: list[Line] = field(default_factory=list)
    furniture: list[Line] = field(default_factory=list)


def heading_index(lines: list[Line]) -> int | None:
    """Index of the last 'References' heading: earlier ones are often in a table of contents."""
    found = None
    for i, line in enumerate(lines):
        if line.kind is None and REFERENCES_HEADING.match(line.text):
            found = i
    return found


def split(lines: list[Line]) -> tuple[list[Reference], list[Link]]:
    """Entries and stray links of the reference section (the lines after the heading)."""
    numbered = any(line.kind is None and ENTRY_START.match(line.text) for line in lines)
    entries: list[_Entry] = []
    links: list[Link] = []
    pending: list[Line] = []  # furniture since the last content line
    after_blank = True
    in_link_block = False

    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if line.kind in FURNITURE_KINDS:
            pending.append(line)
            continue
        if line.kind is not None:  # correspondence, history: metadata, not inside entries
            after_blank = True
            continue
        if URL_ONLY.match(line.text) and (after_blank or in_link_block):
            links.append(Link(line.text.strip(), Location(line=line.number, column=1)))
            in_link_block, after_blank = True, False
            continue
        starts = ENTRY_START.match(line.text) if numbered else after_blank
        if starts or not entries:
            entries.append(_Entry())
            pending = []
        entries[-1].furniture.extend(pending)
        entries[-1].lines.append(line)
        pending, after_blank, in_link_block = [], False, False

    return [_reference(position, entry) for position, entry in enumerate(entries, 1)], links


def _reference(position: int, entry: _Entry) -> Reference:
    first = entry.lines[0]
    location = Location(line=first.number, column=len(first.text) - len(first.text.lstrip()) + 1, reference=position)
    furniture = tuple(Furniture(line.text.strip(), line.kind or "", line.number) for line in entry.furniture)
    return build_reference(position, join_lines(line.text for line in entry.lines), location, furniture)


def build_reference(position: int, raw: str, location: Location, furniture: tuple[Furniture, ...] = ()) -> Reference:
    label, _ = reference_fields.strip_label(raw)
    parenthesised = PARENTHESISED_LABEL.match(raw) if label is None else None
    if parenthesised:
        label = parenthesised.group(1)
    fields = reference_fields.parse(raw[parenthesised.end():] if parenthesised else raw)
    return Reference(position, raw, label, location, fields, furniture)


def join_lines(lines) -> str:
    """Join wrapped lines; a line ending in a hyphen joins the next without a space ("366-" + "70.")."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text.endswith(("-", "–", "/")) and (line[:1].islower() or line[:1].isdigit()):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text
