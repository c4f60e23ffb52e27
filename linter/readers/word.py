"""Word (.docx) through python-docx, then the plain-text logic.

Word keeps automatic list numbers out of the text: they are computed here from
the numbering definitions (a paragraph's own numPr, or its style's), so that a
numbered reference list does not look unnumbered. Footnotes and endnotes are
read too, before the body. Locations are paragraph numbers (notes first).
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Manuscript
from . import ReadError, plaintext
from .relocate import relocate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


def read(path: Path) -> Manuscript:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadError(f"not a readable Word document ({error.__class__.__name__}: broken or not a .docx)") from None
    levels = _levels(document)
    counters: dict[tuple[str, int], int] = {}
    # Footnotes and endnotes first: in a Word manuscript they carry front matter (correspondence,
    # dates, the DOI), and after the reference list they would be read as entries of it.
    paragraphs = _notes(document)
    for paragraph in document.paragraphs:
        label = _label(paragraph, levels, counters)
        paragraphs.append(f"{label} {paragraph.text}" if label else paragraph.text)

    # One paragraph is one block of lines, blocks apart by a blank line; remember where each starts.
    lines, first_line = [], []
    for paragraph in paragraphs:
        first_line.append(len(lines) + 1)
        lines += paragraph.split("\n") + [""]
    manuscript = plaintext.read("\n".join(lines), str(path), "docx")

    def paragraph_of(line: int) -> int:
        import bisect

        return bisect.bisect_right(first_line, line)

    return relocate(manuscript, lambda loc: {"line": None, "paragraph": paragraph_of(loc.line)} if loc.line else {})


def _levels(document) -> dict[tuple[str, int], _Level]:
    """(numId, level) -> format, label text ("%1.") and start, from word/numbering.xml."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for definition in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for level in definition.findall(f"{W}lvl"):
            value = lambda tag: (level.find(f"{W}{tag}").get(f"{W}val") if level.find(f"{W}{tag}") is not None else None)  # noqa: E731
            levels[_int(level.get(f"{W}ilvl"), 0)] = _Level(value("numFmt") or "decimal", value("lvlText") or "%1.", _int(value("start"), 1))
        abstract[definition.get(f"{W}abstractNumId")] = levels
    found = {}
    for num in numbering.findall(f"{W}num"):
        target = num.find(f"{W}abstractNumId")
        for ilvl, level in abstract.get(target.get(f"{W}val") if target is not None else None, {}).items():
            found[(num.get(f"{W}numId"), ilvl)] = level
    return found


def _numbering(paragraph):
    """(numId, ilvl) of a numbered paragraph, from its own properties or its style's."""
    for properties in (paragraph._p.pPr, getattr(paragraph.style.element, "pPr", None) if paragraph.style is not None else None):
        numbering = properties.find(f"{W}numPr") if properties is not None else None
        if numbering is not None and numbering.find(f"{W}numId") is not None:
            level = numbering.find(f"{W}ilvl")
            return numbering.find(f"{W}numId").get(f"{W}val"), _int(level.get(f"{W}val"), 0) if level is not None else 0
    return None


def _label(paragraph, levels, counters) -> str | None:
    numbering = _numbering(paragraph)
    if numbering is None or numbering[0] == "0" or numbering not in levels:
        return None
    level = levels[numbering]
    count = counters.get(numbering, level.start - 1) + 1
    counters[numbering] = count
    for key in [k for k in counters if k[0] == numbering[0] and k[1] > numbering[1]]:
        del counters[key]  # a deeper list restarts under each item
    if level.fmt == "bullet":
        return None
    shown = {"lowerLetter": chr(96 + count), "upperLetter": chr(64 + count), "lowerRoman": _roman(count).lower(),
             "upperRoman": _roman(count)}.get(level.fmt, str(count))
    return level.text.replace(f"%{numbering[1] + 1}", shown)


def _int(text: str | None, default: int) -> int:
    """A number from the numbering XML, which a damaged or hostile file may fill with anything."""
    try:
        return max(0, min(int(text), 10**6)) if text is not None else default
    except ValueError:
        return default


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _notes(document) -> list[str]:
    """Footnote and endnote paragraphs, separators left out."""
    found = []
    for part in document.part.package.iter_parts():
        if str(part.partname) not in ("/word/footnotes.xml", "/word/endnotes.xml"):
            continue
        from lxml import etree

        root = etree.fromstring(part.blob)
        for note in root:
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in note.iter(f"{W}p"):
                text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
                if text:
                    found.append(text)
    return found
