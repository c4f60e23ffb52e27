"""Find a PDF's reference list and where each entry starts, from the lines' text and geometry.

The section starts at a references heading (any of the languages in layout.py, letter-spaced
or glued to the first entry) or, with no heading, at a run of entries numbered 1, 2, 3...
It ends at a back-matter heading (appendix, acknowledgements, funding, a table or figure
caption...), at a heading like its own, or where a new numbered list starts at 1. With
several candidates, the one holding the most entries is the article's list.

Entries start where the list itself shows it: at its labels ([n], n., n)) when they run in
sequence; else at the first line of a hanging indent; else after a wider vertical gap; else
at a line that starts like an author-year entry after one that ended a sentence (at the top of a
page or column, where no gap shows, with a year on that line). The text
may deny a start the page shows: a flush line after one that ends no sentence, with no
author's name at its start and no year in what it would open, goes on with the entry.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .layout import (
    Line,
    glued_references_heading,
    is_back_matter_heading,
    is_references_heading,
)
from .pdf_layout import PdfLine
from .reference_labels import label as read_label

AUTHOR_START = re.compile(
    r"^\s*(?:[A-ZÀ-ÖØ-Þ][\w'’\-]+(?:\s(?:[a-z]{1,3}\s)?[A-ZÀ-ÖØ-Þ][\w'’\-]+){0,3},?\s+(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ]{1,3}\b|[A-ZÀ-ÖØ-Þ][a-z]+)"
    r"|[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]{2,},|(?:van|von|de|da|du|del|di|la|le)\s+[A-Z])"
)
SENTENCE_END = re.compile(r"(?:[.)\]]|\b10\.\d{4,9}/\S+|https?://\S+)\s*$")
END_OF_ARTICLE = re.compile(
    r"^\s*(?:(?:Recebido|Recibido|Received|Aprovado|Aprobado|Accepted|Submitted)\s+(?:em|el|on)?\s*:?\s*\d"
    r"|This (?:is an open[- ]access article|article is (?:an open[- ]access article|distributed|licensed))"
    r"|Publisher[’']s Note\b)",
    re.IGNORECASE,
)


@dataclass
class Section:
    heading: int | None  # index of the heading line, None when found by shape
    indices: list[int] = field(default_factory=list)  # the section's lines (indices into the document's lines)
    starts: set[int] = field(default_factory=set)  # line numbers where an entry starts
    end: int = 0  # index after the section's last line
    score: int = 0  # entries that read as references

    @property
    def entries(self) -> int:
        return len(self.starts)


def candidates(lines: list[Line], geo: list[PdfLine | None]) -> list[int]:
    """Indices of the lines that are a references heading, alone or glued to the first entry."""
    found = []
    for i, line in enumerate(lines):
        where = geo[i]
        if line.kind is not None or where is None:
            continue
        if is_references_heading(line.text) or _glued(line, where):
            found.append(i)
    return found


def _glued(line: Line, where: PdfLine) -> bool:
    cut = glued_references_heading(line.text)
    return cut is not None and (where.bold or line.text[:cut].strip().isupper()) and starts_entry(line.text[cut:])


def section_after(lines: list[Line], geo: list[PdfLine | None], heading: int | None, start: int) -> Section:
    """The section from `start` to its end, and where its entries start."""
    head = geo[heading] if heading is not None else None
    sizes = [g.size for g in geo[start : start + 60] if g is not None]
    normal = statistics.median(sizes) if sizes else 0.0
    indices: list[int] = []
    seen: set[tuple[int, int]] = set()  # (page, column) where the list has lines
    i = start
    for i in range(start, len(lines)):
        line, where = lines[i], geo[i]
        if where is None or line.blank:
            indices.append(i)
            continue
        if line.kind is None and _ends_section(line.text, where, head, normal, bool(indices)):
            if not _earlier_band(where, head, seen):
                break
            continue
        if normal and not 0.88 * normal <= where.size <= 1.12 * normal:
            continue  # a float (table, caption) or the body's text in another band of the page
        indices.append(i)
        seen.add((where.page, where.column))
    else:
        i = len(lines)
    section = Section(heading, indices, end=i)
    section.starts = entry_starts([lines[j] for j in indices], [geo[j] for j in indices])
    section.score = _score(section, lines)
    return section


YEAR = re.compile(
    r"(?<!\d)(?:1[6-9]\d\d|20[0-4]\d)(?!\d)|\b(?:in press|no prelo|en prensa|n\.d\.|s\.d\.)", re.IGNORECASE
)


def _score(section: Section, lines: list[Line]) -> int:
    """How many entries read as references: 25 to 1,500 characters, with a year in them."""
    texts: list[str] = []
    for j in section.indices:
        line = lines[j]
        if line.blank or line.kind is not None:
            continue
        if line.number in section.starts or not texts:
            texts.append("")
        texts[-1] += " " + line.text
    return sum(1 for t in texts if 25 <= len(t) <= 1500 and YEAR.search(t))


def _earlier_band(where: PdfLine, head: PdfLine | None, seen: set) -> bool:
    """A line beside the list's first column and above its heading, where the list has not come yet:
    the body's text in the page's upper band (the list fills the lower band, column by column)."""
    return (
        head is not None
        and where.page == head.page
        and where.column > head.column
        and where.base > head.base
        and (where.page, where.column) not in seen
    )


def _ends_section(text: str, where: PdfLine, head: PdfLine | None, normal: float, started: bool) -> bool:
    stripped = text.strip()
    if not started:
        return False
    if is_references_heading(stripped) or END_OF_ARTICLE.match(stripped):
        return True
    short = len(stripped) <= 60 and not stripped.endswith((".", ",", ";"))
    if is_back_matter_heading(stripped) and (
        short or where.bold or where.size > 1.05 * normal or re.match(r"^\s*(?:Table|Figure|Fig\.)", stripped)
    ):
        return True
    looks_like_heading = (
        short and stripped[:1].isupper() and not stripped.endswith(("-", "\u00ad")) and len(stripped.split()) <= 6
    )
    if head is not None and looks_like_heading and _label(stripped) is None:
        same_style = head.bold and where.bold and where.size >= 0.95 * head.size
        bigger = head.size > 1.1 * normal and where.size >= 0.95 * head.size and where.bold == head.bold
        return same_style or bigger
    return False


def entry_starts(lines: list[Line], geo: list[PdfLine | None]) -> set[int]:
    content = [
        (line, g) for line, g in zip(lines, geo, strict=True) if g is not None and not line.blank and line.kind is None
    ]
    if not content:
        return set()
    numbered = _numbered(content)
    if numbered is not None:
        return numbered
    return _unnumbered(content)


def starts_entry(text: str) -> bool:
    """Whether text begins like a reference: a label, or an author's name."""
    return _label(text) is not None or bool(AUTHOR_START.match(text))


def _label(text: str) -> int | None:
    """The number of a label as the page sets it: "[3]", "3." or "3)", or a bare "3" before a word."""
    found = read_label(text)
    return found.number if found is not None and found.style in ("bracket", "dot", "bare") else None


def _lost_label(text: str) -> bool:
    found = read_label(text)
    return found is not None and found.style == "lost"


def _numbered(content: list[tuple[Line, PdfLine]]) -> set[int] | None:
    """Entries at labels that run in sequence (1, 2, 3 ... with a gap of at most two)."""
    labels = [(line, _label(line.text)) for line, _ in content]
    bracketed = sum(1 for line, n in labels if n is not None and line.text.lstrip().startswith("["))
    first = next((n for _, n in labels if n is not None and n <= 3), None)
    if first is None:
        return None
    expected, starts, hits = first, set(), 0
    lost = 0
    for k, (line, n) in enumerate(labels):
        style_ok = bracketed < 3 or line.text.lstrip().startswith("[")
        in_step = n is not None and expected <= n <= expected + 2
        if n is not None and style_ok and not in_step and expected < n <= expected + 10:
            ahead = [m for _, m in labels[k + 1 : k + 40] if m is not None]
            in_step = n + 1 in ahead and n + 2 in ahead  # a label or two lost: the sequence goes on from n
        if in_step and style_ok and n is not None:
            starts.add(line.number)
            hits += n == expected
            expected = n + 1
        elif _lost_label(line.text):
            starts.add(line.number)
            lost += 1
            expected += 1
    if (hits + lost >= 3 or hits == len(starts) >= 2) and hits >= 0.6 * len(starts) - lost:
        return starts
    return None


def _unnumbered(content: list[tuple[Line, PdfLine]]) -> set[int]:
    edges: dict[tuple[int, int], float] = {}
    by_place: dict[tuple[int, int], list[float]] = {}
    for _, g in content:
        by_place.setdefault((g.page, g.column), []).append(g.x0)
    for place, xs in by_place.items():
        xs.sort()
        edges[place] = xs[1] if len(xs) > 2 and xs[1] - xs[0] > 40 else xs[0]  # a stray line far left aside
    offsets = [g.x0 - edges[(g.page, g.column)] for _, g in content]
    inward = [o for o in offsets if 3 <= o <= 40]
    half = statistics.median(inward) / 2 if inward else 1.5  # half the hanging indent: nearer the edge is flush
    flush = sum(1 for o in offsets if o < half)
    indented = len(inward)
    starts: set[int] = set()
    if flush >= 0.15 * len(content) and indented >= 0.2 * len(content) and flush <= 0.8 * len(content):
        for (line, g), offset in zip(content, offsets, strict=True):
            small_column = (
                len(by_place[(g.page, g.column)]) < 4
                and max(by_place[(g.page, g.column)]) - min(by_place[(g.page, g.column)]) < 3
            )
            if offset < half and (not small_column or AUTHOR_START.match(line.text)):
                starts.add(line.number)
        return _without_false_starts(content, starts)
    gaps = [g.gap / g.size for _, g in content if g.gap > 0 and g.size]
    pitch = statistics.median(gaps) if gaps else 0
    wide = [x for x in gaps if x > 1.2 * pitch]
    previous: Line | None = None
    column: tuple[int, int] | None = None  # the page and column of the line before
    for line, g in content:
        gap_start = pitch and len(wide) >= 0.1 * len(content) and g.size and g.gap / g.size > 1.2 * pitch
        author_start = AUTHOR_START.match(line.text) and (previous is None or SENTENCE_END.search(previous.text))
        # at the top of a page or column no gap shows a start: an author and a year on the line do (JOSS)
        top = wide and (g.page, g.column) != column and author_start and YEAR.search(line.text)
        if previous is None or gap_start or (not wide and author_start) or top:
            starts.add(line.number)
        previous, column = line, (g.page, g.column)
    return _without_false_starts(content, starts)


def _without_false_starts(content: list[tuple[Line, PdfLine]], starts: set[int]) -> set[int]:
    """Starts the page shows but the text denies: a line the typesetter broke off and set flush (SciELO:
    "... seed biology of Dioscorea villosa" / "Linnaeus (Dioscoreaceae): a rare ...") after a line that
    ends no sentence, beginning with no author's name, and opening an entry with no year in it."""
    lines = [line for line, _ in content]
    begins = [k for k, line in enumerate(lines) if line.number in starts]
    kept = set(starts)
    for at, k in enumerate(begins):
        if k == 0:
            continue
        end = begins[at + 1] if at + 1 < len(begins) else len(lines)
        text = " ".join(line.text for line in lines[k:end])
        if (
            not SENTENCE_END.search(lines[k - 1].text)
            and not AUTHOR_START.match(lines[k].text)
            and not YEAR.search(text)
        ):
            kept.discard(lines[k].number)
    return kept


def by_shape(lines: list[Line], geo: list[PdfLine | None]) -> Section | None:
    """With no heading: the last run of lines labelled 1, 2, 3 ... (five at least) that reads as a list."""
    best = None
    ones = [i for i, line in enumerate(lines) if geo[i] is not None and line.kind is None and _label(line.text) == 1]
    for i in ones[-20:]:  # each costs a pass over the rest of the document
        section = section_after(lines, geo, None, i)
        if (
            section.score >= 5
            and section.score >= 0.6 * section.entries
            and (best is None or section.score >= best.score)
        ):
            best = section
    return best
