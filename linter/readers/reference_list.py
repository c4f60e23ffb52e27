"""Find the reference list in classified lines and split it into entries.

Entries start at a number label ("1.", "[1]", "(1)", "10.Klapper"), at a label that
lost its number (". Janz TA"), as reference_labels reads them, or, in an unnumbered list, at a
blank line.
Page furniture met inside an entry is cut out and kept as a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Furniture, Link, Location, Reference
from . import reference_fields
from .joining import join_lines
from .layout import (
    FURNITURE_KINDS,
    URL_ONLY,
    Line,
    is_back_matter_heading,
    is_references_heading,
)
from .reference_labels import starts_entry


@dataclass
class _Entry:
    lines: list[Line] = field(default_factory=list)
    furniture: list[Line] = field(default_factory=list)


def heading_index(lines: list[Line]) -> int | None:
    """Index of the references heading whose section holds the most entries (the last on a tie:
    earlier ones are often in a table of contents; a later, shorter one is a supplementary list)."""
    headings = [i for i, line in enumerate(lines) if line.kind is None and is_references_heading(line.text)]
    if len(headings) <= 1:
        return headings[0] if headings else None

    def entries(i: int) -> int:
        return sum(1 for line in section(lines, i) if line.kind is None and starts_entry(line.text))

    return max(headings, key=lambda i: (entries(i), i))


def section(lines: list[Line], heading: int) -> list[Line]:
    """The lines after the heading, up to the next references heading or a back-matter heading on a line of its own."""
    found = []
    for i in range(heading + 1, len(lines)):
        line = lines[i]
        text = line.text.strip()
        after_blank = i == 0 or lines[i - 1].blank
        if (
            line.kind is None
            and after_blank
            and len(text) <= 60
            and (is_references_heading(text) or is_back_matter_heading(text))
            and not starts_entry(text)
        ):
            break
        found.append(line)
    return found


def split(lines: list[Line], starts: set[int] | None = None) -> tuple[list[Reference], list[Link]]:
    """Entries and stray links of the reference section (the lines after the heading).

    `starts`, the numbers of the lines that begin an entry, comes from a reader that saw the
    page (PDF); without it entries start at a label, or after a blank line in an unnumbered list.
    """
    numbered = any(line.kind is None and starts_entry(line.text) for line in lines)
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
        if starts is not None:
            begins = line.number in starts
        else:
            begins = bool(starts_entry(line.text)) if numbered else after_blank
        if begins or not entries:
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
    return Reference(position, raw, label, location, reference_fields.parse(raw), furniture)
