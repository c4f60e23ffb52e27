"""Read the article's own metadata from its metadata blocks.

History dates ("Received: 01-Nov-2024; Editor assigned: ..."), manuscript numbers
("Manuscript No. AAMOR-24-155333(R)"), the article DOI, "Citation:" lines, running
headers and the correspondence line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .. import doi as dois
from ..model import CitationLine, HistoryDate, Location, ManuscriptNumber, Person, RunningHeader
from . import reference_fields
from .layout import RUNNING_HEADER, YEAR, Block

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
MONTH = r"[A-Za-z]{3,9}\.?"
DATE = (
    rf"\d{{1,2}}[-/ .]\s*{MONTH}[-/ .,]\s*\d{{4}}"  # 01-Nov-2024, 1 November 2024
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}"  # November 1, 2024
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 2024-11-01
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"  # 01.11.2024, day first
)
HISTORY = re.compile(
    r"(?P<kind>Received|Submitted|Editor assigned|Reviewed|Revised|Accepted|Published online|Published"
    rf"|Date of publication)\s*:?\s*(?P<date>{DATE})",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"(?P<kind>Manuscript|PreQC|QC)\s+No\.?\s*:?\s*"
    r"(?P<number>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?:\s*\([A-Z]+\))?)",
    re.IGNORECASE,
)
ARTICLE_DOI = re.compile(r"\bDOI\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?(10\.\S+)", re.IGNORECASE)
CORRESPONDENCE = re.compile(
    r"Correspond\w*(?:\s+(?:to|author))?\s*[:\-]?\s*(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?(?P<name>[^,;*\n]+)",
    re.IGNORECASE,
)
CITATION_TAIL = re.compile(
    rf"(?P<journal>[^.]*?)\.?\s*(?P<year>{YEAR})\s*[,;]\s*(?P<volume>\w+)\s*(?:\((?P<issue>[^)]*)\))?"
    r"\s*(?::\s*(?P<pages>[\w\-–]+))?\.?\s*$"
)


def history_dates(block: Block) -> list[HistoryDate]:
    found = []
    for match in HISTORY.finditer(block.text):
        raw = " ".join(match.group("date").split())
        kind = match.group("kind").lower().replace("submitted", "received").replace("date of publication", "published")
        kind = "published" if kind == "published online" else kind
        location = Location(line=block.line_at(match.start()), column=None)
        found.append(HistoryDate(kind, raw, parse_date(raw), location))
    return found


def parse_date(text: str) -> dt.date | None:
    """A calendar date, or None when the text names no real day (31-Feb-2024)."""
    parts = [p for p in re.split(r"[-/ .,]+", text) if p]
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(p) for p in text.split("-"))
        elif parts[0].isdigit() and parts[1].isdigit():
            day, month, year = (int(p) for p in parts[:3])
        elif parts[0].isdigit():
            day, month, year = int(parts[0]), MONTHS[parts[1].lower().rstrip(".")], int(parts[2])
        else:
            month, day, year = MONTHS[parts[0].lower().rstrip(".")], int(parts[1]), int(parts[2])
        return dt.date(year, month, day)
    except (KeyError, ValueError, IndexError):
        return None


def manuscript_numbers(block: Block) -> list[ManuscriptNumber]:
    return [
        ManuscriptNumber(
            m.group("kind"), re.sub(r"\s+", "", m.group("number")), Location(line=block.line_at(m.start()))
        )
        for m in NUMBER.finditer(block.text)
    ]


def article_doi(block: Block) -> tuple[str, Location] | None:
    match = ARTICLE_DOI.search(block.text)
    if not match:
        return None
    return dois.strip_trailing(match.group(1)), Location(line=block.line_at(match.start()), column=None)


def correspondent(block: Block) -> Person | None:
    match = CORRESPONDENCE.search(block.text)
    if not match or not match.group("name").strip():
        return None
    return Person(match.group("name").strip(), "correspondence", Location(line=block.lines[0].number))


def running_header(block: Block) -> RunningHeader | None:
    line = block.lines[0]
    match = RUNNING_HEADER.match(line.text)
    if not match:
        return None
    return RunningHeader(
        raw=line.text.strip(),
        journal=match.group("journal").strip(),
        year=int(match.group("year")),
        volume=match.group("volume"),
        issue=match.group("issue"),
        location=Location(line=line.number, column=1),
    )


def citation_line(block: Block, known_journals: set[str]) -> CitationLine:
    """Split 'Citation: Join A. Title. J Mol Oncol Res. 2024,8(6):265' into its parts.

    Titles may contain full stops, so the journal is taken as the last sentence,
    or the longest known journal name (from running headers) the text ends with.
    """
    text = " ".join(block.text.split())
    text = re.sub(r"^\s*Citation\s*:\s*", "", text, flags=re.IGNORECASE)
    location = Location(line=block.lines[0].number, column=1)
    authors, _, start = reference_fields.split_authors(text, None)
    rest = text[start:]
    tail = CITATION_TAIL.search(rest)
    middle = rest[: tail.start("year")] if tail else rest
    middle = middle.strip(" .,")
    journal = None
    for known in sorted(known_journals, key=len, reverse=True):
        if middle.lower().endswith(known.lower()):
            journal = middle[-len(known) :]
            middle = middle[: -len(known)].strip(" .,")
            break
    else:
        if ". " in middle:
            middle, journal = middle.rsplit(". ", 1)
    return CitationLine(
        raw=block.text.strip(),
        authors=authors,
        title=middle.strip(" .") or None,
        journal=journal,
        year=int(tail.group("year")) if tail else None,
        volume=tail.group("volume") if tail else None,
        issue=tail.group("issue") if tail else None,
        pages=tail.group("pages") if tail else None,
        location=location,
    )
