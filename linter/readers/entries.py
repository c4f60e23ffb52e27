"""Reference-manager entries (BibTeX, CSL-JSON, RIS) to References, one shape for all three."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import doi as dois
from .. import vancouver
from ..model import Location, Manuscript, Reference, ReferenceFields


@dataclass
class Entry:
    key: str | None
    line: int | None
    authors: list[tuple[str, str]] = field(default_factory=list)  # (family, given); given "" for a literal name
    title: str | None = None
    container: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    urls: list[str] = field(default_factory=list)


def split_name(name: str) -> tuple[str, str]:
    """'Ott, Patrick A.' or 'Patrick A. Ott' -> ('Ott', 'Patrick A.'); a braced or single name is literal."""
    name = " ".join(name.split()).strip()
    if name.startswith("{") and name.endswith("}"):
        return name.strip("{}"), ""
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    parts = name.split(" ")
    return (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (name, "")


def clean_pages(pages: str | None) -> str | None:
    return re.sub(r"\s*(?:--|[-–—])\s*", "-", pages.strip()) if pages and pages.strip() else None


def to_reference(position: int, entry: Entry) -> Reference:
    """The entry as a Vancouver string (what text rules scan and Crossref searches) and as fields."""
    people = [{"family": f, "given": g} if g else {"literal": f} for f, g in entry.authors]
    names = [vancouver.name(person) for person in people]
    item = {
        "author": people,
        "title": entry.title,
        "container-title": entry.container,
        "issued": entry.year,
        "volume": entry.volume,
        "issue": entry.issue,
        "page": entry.pages,
        "DOI": entry.doi,
    }
    raw = vancouver.citation(item, max_authors=None, bare_numbers=True)
    year = re.match(r"\d{4}", entry.year or "")
    doi = entry.doi or next(filter(None, map(dois.from_url, entry.urls)), None)
    fields = ReferenceFields(
        authors=tuple(names),
        families=tuple(f for f, _ in entry.authors),
        title=entry.title,
        container=entry.container,
        year=int(year.group()) if year else None,
        year_text=year.group() if year else None,
        volume=entry.volume,
        issue=entry.issue,
        pages=entry.pages,
        doi=doi,
        doi_text=entry.doi,
        urls=tuple(entry.urls),
    )
    return Reference(position, raw, None, Location(line=entry.line, reference=position), fields, key=entry.key)


def manuscript(path: str, format: str, entries: list[Entry]) -> Manuscript:
    return Manuscript(
        path=path,
        format=format,
        kind="reference list",
        references=tuple(to_reference(i, e) for i, e in enumerate(entries, 1)),
    )
