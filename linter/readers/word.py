"""Word (.docx) through python-docx and its XML, then the plain-text logic.

A paragraph's text is what Word prints: runs inside content controls, hyperlinks,
insertions and fields (a field's result, never its instruction, so a Zotero or
EndNote citation reads as printed). A bibliography field or Word's bibliography
content control is the reference list, with or without a heading; a typed list
ends at the next heading or back matter. Word keeps automatic list numbers out of
the text: they are computed here from the numbering definitions (a paragraph's own
numPr, or its style's), so that a numbered reference list does not look unnumbered.
Footnotes and endnotes are read too, before the body. Locations are paragraph
numbers (notes first).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Manuscript
from . import layout, plaintext
from .files import ReadError
from .relocate import relocate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIPPED = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}txbxContent",
    f"{MC}Fallback",
}  # deleted and moved-away text; text boxes float outside the text; a drawing's fallback copy
BIBLIOGRAPHY_FIELD = re.compile(
    r"\bBIBLIOGRAPHY\b|ZOTERO_BIBL|CSL_BIBLIOGRAPHY|Mendeley Bibliography|EN\.REFLIST", re.IGNORECASE
)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


def read(path: Path) -> Manuscript:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadError(f"not a readable Word document ({error.__class__.__name__}: broken or not a .docx)") from None
    levels = _levels(document)
    counters: dict[tuple[str, int], int] = {}
    # Footnotes and endnotes first: in a Word manuscript they carry front matter (correspondence,
    # dates, the DOI), and after the reference list they would be read as entries of it.
    paragraphs = [_Paragraph(text) for text in _notes(document)]
    for element, in_bibliography in _body(document.element.body):
        if element.tag == f"{W}tr":
            cells = (_text(cell) for cell in element.iter(f"{W}tc") if next(cell.iterancestors(f"{W}tr")) is element)
            paragraphs.append(_Paragraph(" ".join(c.strip() for c in cells if c.strip()), False, in_bibliography, True))
            continue
        paragraph = Paragraph(element, document)
        label = _label(paragraph, levels, counters)
        text = _text(element)
        paragraphs.append(_Paragraph(f"{label} {text}" if label else text, _is_heading(paragraph), in_bibliography))
    order = _reading_order(paragraphs)

    # One paragraph is one block of lines, blocks apart by a blank line; remember where each starts.
    lines: list[str] = []
    first_line: list[int] = []
    numbers: list[int] = []
    for index in order:
        first_line.append(len(lines) + 1)
        numbers.append(index + 1 if index >= 0 else -index)
        lines += (paragraphs[index].text if index >= 0 else "References").split("\n") + [""]
    manuscript = plaintext.read("\n".join(lines), str(path), "docx")

    def paragraph_of(line: int) -> int:
        import bisect

        return numbers[bisect.bisect_right(first_line, line) - 1]

    return relocate(manuscript, lambda loc: {"line": None, "paragraph": paragraph_of(loc.line)} if loc.line else {})


@dataclass
class _Paragraph:
    text: str
    heading: bool = False  # styled as a heading (Heading n, Title, an outline level)
    in_bibliography: bool = False  # inside a bibliography field or content control
    in_table: bool = False  # a table row, its cells joined


def _reading_order(paragraphs: list[_Paragraph]) -> list[int]:
    """Paragraph indices in the order the text reader should see them.

    The reference list runs from its heading (or the bibliography field, given a heading
    when it has none: the index -n stands for a heading before paragraph n) to its end: the
    end of the bibliography field, else the next heading, back-matter paragraph or table
    (a list laid out as a table runs on). What
    follows the list (appendices, acknowledgements, funding, tables) is moved before it, so
    that it is read as the body it is, never as references.
    """
    indices = list(range(len(paragraphs)))
    marked = [i for i, p in enumerate(paragraphs) if p.in_bibliography]
    headings = [i for i, p in enumerate(paragraphs) if _is_references_heading(p.text)]
    if marked:
        start, end = marked[0], marked[-1] + 1
        before = next((i for i in range(start - 1, -1, -1) if paragraphs[i].text.strip()), None)
        if _is_references_heading(paragraphs[start].text):
            heading = [start]
        elif before is not None and _is_references_heading(paragraphs[before].text):
            heading, start = [before], before
        else:
            heading = [-(start + 1)]  # a heading of our own, located at the field's first paragraph
        body = [i for i in indices if i < start or i >= end]
        return body + heading + [i for i in range(start, end) if i not in heading]
    if not headings:
        return indices
    start = headings[-1]
    end = next(
        (
            i
            for i in range(start + 1, len(paragraphs))
            if _ends_list(paragraphs[i])
            or (paragraphs[i].in_table and not paragraphs[i - 1].in_table and i - 1 > start)
        ),
        len(paragraphs),
    )
    return indices[:start] + indices[end:] + indices[start:end]


def _is_references_heading(text: str) -> bool:
    return layout.is_references_heading(text)


def _ends_list(paragraph: _Paragraph) -> bool:
    """A heading, or a back-matter paragraph (appendix, acknowledgements, funding, a table caption)."""
    text = paragraph.text.strip()
    return (
        bool(text) and not _is_references_heading(text) and (paragraph.heading or layout.is_back_matter_heading(text))
    )


def _is_heading(paragraph) -> bool:
    style = paragraph.style
    name = (style.name or "") if style is not None else ""
    outline = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
    return name.startswith(("Heading", "Title")) or outline is not None


def _body(body):
    """(w:p or w:tr, inside a bibliography) in document order, through content controls.

    A bibliography is a BIBLIOGRAPHY, Zotero, Mendeley or EndNote field, or a content control of
    Word's "Bibliographies" gallery; a field may open in one paragraph and close in another. A
    table comes row by row (Word prints an IEEE bibliography as a table: "[1]" | entry).
    """
    fields: list[str] = []  # the instructions of the fields open here, innermost last

    def walk(element, in_gallery):
        for child in element:
            tag = child.tag
            if tag == f"{W}p":
                in_bibliography = in_gallery or any(BIBLIOGRAPHY_FIELD.search(f) for f in fields)
                for node in child.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
                    if node.tag == f"{W}fldSimple":
                        in_bibliography = in_bibliography or bool(
                            BIBLIOGRAPHY_FIELD.search(node.get(f"{W}instr") or "")
                        )
                    elif node.tag == f"{W}instrText":
                        if fields:
                            fields[-1] += node.text or ""
                    elif node.get(f"{W}fldCharType") == "begin":
                        fields.append("")
                    elif node.get(f"{W}fldCharType") == "end" and fields:
                        fields.pop()
                    in_bibliography = in_bibliography or any(BIBLIOGRAPHY_FIELD.search(f) for f in fields)
                yield child, in_bibliography
            elif tag == f"{W}sdt":
                gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                bibliography = gallery is not None and (gallery.get(f"{W}val") or "").lower() == "bibliographies"
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from walk(content, in_gallery or bibliography)
            elif tag == f"{W}customXml":
                yield from walk(child, in_gallery)
            elif tag == f"{W}tbl":
                for row in child.iter(f"{W}tr"):
                    if next(row.iterancestors(f"{W}tbl")) is child:
                        yield row, in_gallery or any(BIBLIOGRAPHY_FIELD.search(f) for f in fields)

    yield from walk(body, False)


def _text(paragraph) -> str:
    """What Word prints for a paragraph: runs anywhere inside it (fields' results, content controls,
    hyperlinks, insertions), not field instructions, deleted text, or the fallback copy of a drawing."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen", f"{W}ptab"):
        if any(a.tag in SKIPPED for a in node.iterancestors()):
            continue
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            out.append("-")
        elif node.tag == f"{W}br":
            out.append("\n" if node.get(f"{W}type") in (None, "textWrapping") else "")
        elif node.tag == f"{W}cr":
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def _val(element, tag: str) -> str | None:
    """The w:val of element's child w:tag, if it has one."""
    child = element.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None


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
            levels[_int(level.get(f"{W}ilvl"), 0)] = _Level(
                _val(level, "numFmt") or "decimal", _val(level, "lvlText") or "%1.", _int(_val(level, "start"), 1)
            )
        abstract[definition.get(f"{W}abstractNumId")] = levels
    found = {}
    for num in numbering.findall(f"{W}num"):
        target = num.find(f"{W}abstractNumId")
        for ilvl, level in abstract.get(target.get(f"{W}val") if target is not None else None, {}).items():
            found[(num.get(f"{W}numId"), ilvl)] = level
    return found


def _numbering(paragraph):
    """(numId, ilvl) of a numbered paragraph, from its own properties or its style's."""
    for properties in (
        paragraph._p.pPr,
        getattr(paragraph.style.element, "pPr", None) if paragraph.style is not None else None,
    ):
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
    shown = {
        "lowerLetter": chr(96 + count),
        "upperLetter": chr(64 + count),
        "lowerRoman": _roman(count).lower(),
        "upperRoman": _roman(count),
    }.get(level.fmt, str(count))
    return level.text.replace(f"%{numbering[1] + 1}", shown)


def _int(text: str | None, default: int) -> int:
    """A number from the numbering XML, which a damaged or hostile file may fill with anything."""
    try:
        return max(0, min(int(text), 10**6)) if text is not None else default
    except ValueError:
        return default


def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
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
