"""Plain text, as extracted from a journal PDF, to a Manuscript."""

from __future__ import annotations

import re

from ..model import Location, Manuscript, Paragraph, ReferenceSearch, Suppression, TitleOccurrence
from . import citations, front_matter, layout, reference_list

SECTION_HEADINGS = {"abstract", "introduction", "background", "methods", "results", "discussion", "conclusion"}


def read(text: str, path: str, format: str = "text", repeats: bool = True) -> Manuscript:
    """`format` names what the text came from: text, docx or pdf; `repeats=False` when its furniture is gone."""
    lines, blocks = layout.classify(text, repeats)
    heading = reference_list.heading_index(lines)
    body = lines if heading is None else lines[:heading]
    references, links = (
        reference_list.split(reference_list.section(lines, heading)) if heading is not None else ([], [])
    )

    by_kind: dict[str, list[layout.Block]] = {}
    for block in blocks:
        by_kind.setdefault(block.kind, []).append(block)
    headers = [h for h in map(front_matter.running_header, by_kind.get("running header", [])) if h]
    journals = {h.journal for h in headers if h.journal}
    citation_lines = [front_matter.citation_line(b, journals) for b in by_kind.get("citation line", [])]

    metadata = [b for b in blocks if b.kind in ("history", "correspondence", "copyright")]
    dates = [d for b in metadata for d in front_matter.history_dates(b)]
    numbers = [n for b in metadata for n in front_matter.manuscript_numbers(b)]
    article_doi = next(filter(None, map(front_matter.article_doi, metadata)), None)
    if article_doi is None:
        article_doi = next(filter(None, map(front_matter.article_doi, _paragraphs(body[:60]))), None)
    people = [p for p in map(front_matter.correspondent, by_kind.get("correspondence", [])) if p]

    first_citation = citation_lines[0] if citation_lines else None
    first_header = headers[0] if headers else None
    return Manuscript(
        path=path,
        format=format,
        doi=article_doi[0] if article_doi else None,
        doi_location=article_doi[1] if article_doi else None,
        titles=tuple(_titles(body, citation_lines)),
        dates=tuple(dates),
        manuscript_numbers=tuple(numbers),
        citation_lines=tuple(citation_lines),
        running_headers=tuple(headers),
        authors=tuple(people),
        journal=(first_citation.journal if first_citation else None)
        or (first_header.journal if first_header else None),
        volume=(first_citation.volume if first_citation else None) or (first_header.volume if first_header else None),
        issue=(first_citation.issue if first_citation else None) or (first_header.issue if first_header else None),
        pages=first_citation.pages if first_citation else None,
        citations=tuple(citations.find([line for line in body if line.kind is None], references)),
        references=tuple(references),
        links=tuple(links),
        suppressions=tuple(_suppressions(lines)),
        reference_search=_search(lines, heading, references),
        body=tuple(_body(body, references)),  # the prose, for IN02 and IN05
    )


def _body(lines: list[layout.Line], references) -> list[Paragraph]:
    """The article's paragraphs, lines joined (a hyphen at a line's end kept, the break dropped),
    each with the reference numbers its citations name."""
    cited: dict[int, list[int]] = {}
    for citation in citations.find([line for line in lines if line.kind is None], references):
        cited.setdefault(citation.location.line or 0, []).extend(citation.numbers)
    found = []
    for block in _paragraphs(lines):
        text = ""
        for line in block.lines:
            piece = line.text.strip()
            text = text[:-1] + "-" if text.endswith("\u00ad") else text  # a PDF's soft hyphen at a line's end
            text += piece if not text or text.endswith("-") else " " + piece
        cites = tuple(n for line in block.lines for n in cited.get(line.number, ()))
        found.append(Paragraph(text, Location(line=block.lines[0].number, column=1), cites=cites))
    return found


def _search(lines: list[layout.Line], heading: int | None, references) -> ReferenceSearch:
    headings = tuple(
        line.text.strip() for line in lines if line.kind is None and layout.is_references_heading(line.text)
    )
    where = Location(line=lines[heading].number, column=1) if heading is not None else Location()
    return ReferenceSearch(
        bool(references), lines[heading].text.strip() if heading is not None else None, headings, location=where
    )


def _suppressions(lines: list[layout.Line]) -> list[Suppression]:
    """`<!-- citeqa: ignore RF01, TX -->` for the file; `ignore-next-line` for the next text line."""
    found = []
    for i, line in enumerate(lines):
        match = layout.SUPPRESSION.match(line.text) if line.kind == "suppression" else None
        if not match:
            continue
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", match.group("codes")) if c)
        target = None
        if match.group("scope").lower() == "ignore-next-line":
            target = next((ln.number for ln in lines[i + 1 :] if not ln.blank and ln.kind != "suppression"), None)
        found.append(Suppression(codes, target, at=line.number))
    return found


def _paragraphs(lines: list[layout.Line]) -> list[layout.Block]:
    blocks: list[layout.Block] = []
    current: list[layout.Line] = []
    for line in lines + [layout.Line(0, "", None)]:
        if line.blank or line.kind is not None:
            if current:
                blocks.append(layout.Block("paragraph", tuple(current)))
            current = []
        else:
            current.append(line)
    return blocks


def _titles(body: list[layout.Line], citation_lines) -> list[TitleOccurrence]:
    """Title occurrences: the title block (when it looks like the cited title) and each citation line."""
    found = [TitleOccurrence(c.title, "citation line", c.location) for c in citation_lines if c.title]
    paragraphs = _paragraphs(body)
    if paragraphs:
        first = paragraphs[0]
        text = " ".join(first.text.split())
        is_heading = text.lower().strip(" .:") in SECTION_HEADINGS
        if not is_heading and len(first.lines) <= 3 and len(text) < 300 and not text.endswith("."):
            if not found or _similar(text, found[0].text):
                found.insert(0, TitleOccurrence(text, "title block", Location(line=first.lines[0].number, column=1)))
    return found


def _similar(a: str, b: str) -> bool:
    words_a, words_b = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(words_a and words_b) and len(words_a & words_b) / len(words_a | words_b) >= 0.6
