"""The manuscript as citeqa understands it, and what the rules say about it.

Readers build these, rules read them, reports render them. Everything is frozen:
a rule can never change what another rule sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .severity import Severity  # noqa: F401 (part of the model; its own module so that configuration loads without the rest)


@dataclass(frozen=True)
class Location:
    """Where something is: a line (1-based) in the input, and a reference or field if any."""

    line: int | None = None
    column: int | None = None
    reference: int | None = None
    field: str | None = None
    page: int | None = None  # in a PDF: the page, with line counted within it
    paragraph: int | None = None  # in a Word document, instead of a line


@dataclass(frozen=True)
class Furniture:
    """Page furniture (running header, citation line) removed from inside an entry."""

    text: str
    kind: str
    line: int


@dataclass(frozen=True)
class ReferenceFields:
    """What a reference string says, field by field; None where it says nothing."""

    authors: tuple[str, ...] = ()  # as printed: "Ott PA", "Carroll, B. W.", "Zhang Jl"
    et_al: bool = False
    title: str | None = None
    container: str | None = None
    year: int | None = None
    year_text: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    doi_text: str | None = None
    urls: tuple[str, ...] = ()
    families: tuple[str, ...] = ()  # the authors' family names, in order, where the parser could tell them


@dataclass(frozen=True)
class Reference:
    position: int
    raw: str
    label: str | None
    location: Location
    fields: ReferenceFields
    furniture: tuple[Furniture, ...] = ()
    key: str | None = None  # the citation key of a BibTeX, CSL-JSON, RIS or LaTeX entry; the id of a JATS ref

    @property
    def number(self) -> int:
        """The number readers cite it by: its label, or its position when the label was lost."""
        return int(self.label) if self.label and self.label.isdigit() else self.position


@dataclass(frozen=True)
class Citation:
    """One in-text citation group such as [3-5] or (Smith 2020; Lee 2019a), expanded to the numbers it names."""

    numbers: tuple[int, ...]
    raw: str
    location: Location
    keys: tuple[str, ...] = ()  # cited by key (\cite{key}, JATS xref rid) or by author and year ("Smith 2020")
    unresolved: tuple[str, ...] = ()  # keys that name no reference
    author_year: bool = False  # numbers are the matched entries', not printed labels: no citation order to check


@dataclass(frozen=True)
class TitleOccurrence:
    text: str
    source: str  # "title block", "citation line", "running header"
    location: Location


@dataclass(frozen=True)
class HistoryDate:
    kind: str  # received, editor assigned, reviewed, revised, accepted, published, published (print)
    raw: str
    value: dt.date | None  # None when the text is not a real calendar date
    location: Location
    declared: str | None = None  # JATS @iso-8601-date, beside the date's parts


@dataclass(frozen=True)
class ManuscriptNumber:
    kind: str  # "Manuscript", "PreQC", "QC"
    raw: str
    location: Location


@dataclass(frozen=True)
class CitationLine:
    """A 'Citation: Author A. Title. Journal. 2024,8(6):265' line."""

    raw: str
    authors: tuple[str, ...]
    title: str | None
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    location: Location


@dataclass(frozen=True)
class RunningHeader:
    raw: str
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    location: Location


@dataclass(frozen=True)
class Person:
    name: str
    source: str  # "byline", "correspondence"
    location: Location
    orcid: str | None = None


@dataclass(frozen=True)
class Identifier:
    """An identifier with a check digit: ISSN or ORCID."""

    kind: str
    value: str
    location: Location


@dataclass(frozen=True)
class Link:
    """A URL in the reference section that belongs to no entry (a PDF's link block)."""

    url: str
    location: Location


@dataclass(frozen=True)
class ReferenceSearch:
    """How a reader looked for the reference list in a document's text, for RF08 to tell."""

    found: bool
    heading: str | None = None  # the heading of the list chosen
    headings: tuple[str, ...] = ()  # every line read as a references heading
    others: tuple[str, ...] = ()  # other lists seen and not chosen (a supplementary list)
    by_shape: bool = False  # found without a heading, by its numbered entries
    problem: str | None = None  # why nothing could be read: "no text layer"
    location: Location = Location()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the article's own text: no front matter, page furniture or references."""

    text: str
    location: Location
    section: str = "body"  # or "abstract"
    cites: tuple[int, ...] = ()  # the reference numbers its citations name


@dataclass(frozen=True)
class Manuscript:
    path: str
    format: str
    kind: str = "manuscript"  # or "reference list" (BibTeX, CSL-JSON, RIS): no article around it
    doi: str | None = None
    doi_location: Location | None = None
    titles: tuple[TitleOccurrence, ...] = ()
    dates: tuple[HistoryDate, ...] = ()
    manuscript_numbers: tuple[ManuscriptNumber, ...] = ()
    citation_lines: tuple[CitationLine, ...] = ()
    running_headers: tuple[RunningHeader, ...] = ()
    authors: tuple[Person, ...] = ()
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    citations: tuple[Citation, ...] = ()
    references: tuple[Reference, ...] = ()
    links: tuple[Link, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    body: tuple[Paragraph, ...] = ()  # the article's text, for the rules that read prose (IN02, IN05)
    reference_search: ReferenceSearch | None = None  # set by the readers of running text (text, PDF)

    @property
    def title(self) -> str | None:
        return self.titles[0].text if self.titles else None


@dataclass(frozen=True)
class Problem:
    """What a rule saw; configuration decides how severe it is."""

    message: str
    location: Location = Location()
    evidence: dict[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    severity: Severity | None = None  # for rules whose problems differ in weight (CR07)


# Evidence keys that mean the same in every rule, so that a report can read them without knowing the rule:
# "fields": {field: {"manuscript": the value as printed, "crossref": the record's}} for each value that differs;
# "field" with "value": the one field's value, as printed, that is wrong.
FIELDS, FIELD, VALUE = "fields", "field", "value"


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    location: Location
    evidence: dict[str, Any]
    suggestion: str | None
    fingerprint: str = ""  # stable across runs and line shifts (linter/fingerprint.py)

    def differing(self, side: str) -> list[str]:
        """The values this finding says are wrong, on one side: "manuscript" (as printed) or
        "crossref" (the record's), read from the evidence's shared keys: what a report highlights."""
        differences = self.evidence.get(FIELDS)
        values = [v.get(side) for v in differences.values() if isinstance(v, dict)] if differences else []
        if side == "manuscript" and FIELD in self.evidence:
            values.append(self.evidence.get(VALUE))
        return [str(v) for v in values if v]


@dataclass(frozen=True)
class Suppression:
    """An inline `citeqa: ignore CODES` comment: for the whole file, one line, or one reference."""

    codes: tuple[str, ...]
    line: int | None
    reference: int | None = None
    at: int | None = None  # the line of the comment itself
