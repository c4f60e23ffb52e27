"""PDF: lines with their geometry (pdf_layout), the reference list found and split by it.

The lines, in reading order and without page furniture, are written out as text (a blank line
where the page leaves a gap) so that the article's metadata is read as from any text. The
reference section and its entries come from the geometry (pdf_references); the entries are
built as in text, so a running header printed inside the list's text is still reported (RF06),
while the heads, feet and page numbers this reader removed by their place on the page are not:
they were never part of the text. Superscript numbers in the body are citations. Locations are
page and line on the page.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..model import Citation, Link, Location, Manuscript, Reference, ReferenceSearch
from . import layout, pdf_layout, pdf_references, plaintext, reference_list
from .citations import expand
from .citations import find as find_citations
from .files import ReadError, ensure_file
from .relocate import relocate

LINE_BREAKS = str.maketrans({c: " " for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
MAX_CANDIDATES = 20  # headings weighed: each costs a pass over the rest of the document
SUPERSCRIPT_CITATION = re.compile(r"^\d{1,3}(?:\s*[-–,]\s*\d{1,3})*$")
FOOTNOTE_MARK = re.compile(r"^\s*[a-z*†‡§]\s*$")  # "30,49,m": two citations and a footnote's letter


def read(path: Path) -> Manuscript:
    ensure_file(path)
    document = _open(path)
    if not document.characters:
        return _no_text(path, document.pages)
    texts, geo = _text_lines(document.lines)
    # one line of text per PDF line: characters that str.splitlines() also breaks at become spaces
    text = "\n".join(t.translate(LINE_BREAKS) for t in texts)
    manuscript = plaintext.read(text, str(path), "pdf", repeats=False)
    lines, _ = layout.classify(text, repeats=False)

    section, search = _find_section(lines, geo)
    references: list[Reference] = []
    links: list[Link] = []
    body = [i for i, line in enumerate(lines) if line.kind is None]
    if section is not None:
        chosen = [lines[i] for i in section.indices]
        references, links = reference_list.split(chosen, section.starts)
        inside = set(section.indices) | ({section.heading} if section.heading is not None else set())
        body = [
            i
            for i in body
            if i not in inside and not (section.heading is not None and section.heading < i < section.end)
        ]
    citations = find_citations([lines[i] for i in body], references)
    if references and any(r.label for r in references):
        raised = _superscript_citations(lines, geo, body)
        numbers = {n for c in raised for n in c.numbers}
        if len(numbers & {r.number for r in references}) >= 0.5 * len(references):
            citations += raised  # the article cites by superscript; a few raised numbers are affiliations or powers
    manuscript = dataclasses.replace(
        manuscript,
        references=tuple(references),
        links=tuple(links),
        citations=tuple(citations),
        reference_search=search,
    )
    return relocate(manuscript, _pages(lines, geo))


def _open(path: Path) -> pdf_layout.Document:
    import pypdfium2 as pdfium

    try:
        return pdf_layout.read(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadError("encrypted PDF: cannot read its text without the password") from None
        raise ReadError(f"corrupt PDF ({error})") from None


def _no_text(path: Path, pages: int) -> Manuscript:
    """A PDF of images: nothing to check is a finding (RF08), not a clean result."""
    problem = f"the PDF's {pages} page{'s' if pages != 1 else ''} have no text layer (scanned images?): OCR it first"
    return Manuscript(path=str(path), format="pdf", reference_search=ReferenceSearch(False, problem=problem))


def _text_lines(lines: list[pdf_layout.PdfLine]) -> tuple[list[str], list[pdf_layout.PdfLine | None]]:
    """One text line per PDF line, a blank one at a paragraph gap, a column or a page; a glued heading cut off."""
    texts: list[str] = []
    geo: list[pdf_layout.PdfLine | None] = []
    previous = None
    for line in lines:
        if line.furniture:
            continue
        if previous is not None and (
            line.page != previous.page
            or line.column != previous.column
            or line.gap > 1.6 * max(line.size, previous.size)
            or line.gap < 0
        ):
            texts.append("")
            geo.append(None)
        cut = layout.glued_references_heading(line.text)
        if (
            cut is not None
            and (line.bold or line.text[:cut].strip().isupper())
            and pdf_references.starts_entry(line.text[cut:])
        ):
            texts.append(line.text[:cut].strip())
            geo.append(line)
            rest = dataclasses.replace(line, text=line.text[cut:].strip(), x0=line.x0, bold=False)
            texts.append(rest.text)
            geo.append(rest)
        else:
            texts.append(line.text)
            geo.append(line)
        previous = line
    return texts, geo


def _find_section(lines, geo) -> tuple[pdf_references.Section | None, ReferenceSearch]:
    headings = pdf_references.candidates(lines, geo)[-MAX_CANDIDATES:]
    sections = [pdf_references.section_after(lines, geo, i, i + 1) for i in headings]
    sections = [s for s in sections if s.score]
    named = tuple(lines[i].text.strip() for i in headings)
    if sections:
        best = max(sections, key=lambda s: (s.score, -(s.heading or 0)))
        others = tuple(
            f"'{lines[s.heading].text.strip()}' on page {geo[s.heading].page}, {s.entries} entries"
            for s in sections
            if s is not best and s.score >= 5 and s.heading is not None and geo[s.heading] is not None
        )
        where = Location(line=lines[best.heading].number, column=1)
        return best, ReferenceSearch(True, lines[best.heading].text.strip(), named, others, location=where)
    shaped = pdf_references.by_shape(lines, geo)
    if shaped is not None:
        first = lines[shaped.indices[0]]
        return shaped, ReferenceSearch(True, None, named, by_shape=True, location=Location(line=first.number, column=1))
    return None, ReferenceSearch(False, None, named)


def _superscript_citations(lines, geo, body: list[int]) -> list[Citation]:
    found = []
    for i in body:
        where = geo[i]
        if where is None or not where.supers:
            continue
        for offset, raw in where.supers:
            parts = raw.split(",")
            cited = ",".join(part for part in parts if not FOOTNOTE_MARK.match(part))
            if SUPERSCRIPT_CITATION.match(cited):
                numbers = expand(cited.replace(" ", ""))
                if numbers:
                    found.append(Citation(tuple(numbers), raw, Location(line=lines[i].number, column=offset + 1)))
    return found


def _pages(lines, geo):
    """Text line number -> page and line on that page."""
    place: dict[int, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    page = 1
    for line, where in zip(lines, geo, strict=True):  # one text line per PDF line
        page = where.page if where is not None else page
        counts[page] = counts.get(page, 0) + 1
        place[line.number] = (page, counts[page])

    def on_page(location: Location) -> dict:
        if not location.line or location.line not in place:
            return {}
        page, number = place[location.line]
        return {"page": page, "line": number}

    return on_page
