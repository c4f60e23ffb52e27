"""What Crossref and doi.org say of a manuscript's works: plain, frozen data for the rules, `fix` and the reports.

`linter/crossref/` fills it in (the only package that talks to the network); everything
else reads it from here. Beside model.py: the manuscript is what the author wrote, this is
what the registries hold, and each reference's Verdict says how the two relate.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from . import vancouver

if TYPE_CHECKING:
    from .model import Manuscript

# Statuses of a lookup. "unavailable": asked, no answer after retries.
# "not looked up": never asked (offline, or absent from the snapshot).
FOUND, NOT_FOUND, UNAVAILABLE, NOT_LOOKED_UP = "found", "not found", "unavailable", "not looked up"


@dataclass(frozen=True)
class Update:
    """An `updated-by` notice on a work: a retraction, correction or expression of concern."""

    type: str
    doi: str | None
    date: str | None
    source: str | None


@dataclass(frozen=True)
class DepositedReference:
    """One entry of the reference list a publisher deposited with a work (its `reference`)."""

    key: str | None
    doi: str | None
    unstructured: str | None
    author: str | None
    title: str | None
    journal: str | None
    year: str | None
    volume: str | None
    first_page: str | None

    def citation(self) -> str:
        """The entry as the deposit gives it: its unstructured text, else its fields."""
        if self.unstructured:
            return self.unstructured
        numbers = ";".join(p for p in (self.year, self.volume) if p) + (
            f":{self.first_page}" if self.first_page else ""
        )
        parts = [self.author, self.title, self.journal, numbers, f"doi:{self.doi}" if self.doi else None]
        return ". ".join(p for p in parts if p)


@dataclass(frozen=True)
class Work:
    """A Crossref work record reduced to what citeqa compares."""

    doi: str
    type: str | None
    title: str | None
    subtitle: str | None
    authors: tuple[tuple[str, str], ...]  # (family, given)
    container: str | None
    short_container: str | None
    issn: tuple[str, ...]
    years: tuple[int, ...]  # issued first, then print and online: any may be the year cited
    date: tuple[int, ...]  # issued, as date parts
    volume: str | None
    issue: str | None
    page: str | None
    article_number: str | None
    updates: tuple[Update, ...]
    references: tuple[DepositedReference, ...] = ()  # the deposited reference list (IN01)
    url: str | None = None  # the landing page the DOI resolves to (resource.primary.URL; IN06)
    imported: bool = False  # read from a cache entry that `citeqa cache import` stored, not from Crossref

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def full_title(self) -> str | None:
        if self.title and self.subtitle and self.subtitle.lower() not in self.title.lower():
            return f"{self.title}: {self.subtitle}"
        return self.title

    def citation(self) -> str:
        """The work as a Vancouver reference, for suggestions."""
        return vancouver.citation(
            {
                "author": [{"family": family, "given": given} for family, given in self.authors],
                "title": self.full_title,
                "container-title": self.container,
                "container-title-short": self.short_container,
                "issued": self.year,
                "volume": self.volume,
                "issue": self.issue,
                "page": self.page or self.article_number,
                "DOI": self.doi,
            }
        )


@dataclass(frozen=True)
class Candidate:
    """A search result, scored against the reference it was searched for (linter/matching.py)."""

    work: Work
    similarity: float
    relevance: float | None


class Verdict(str, enum.Enum):
    """How a reference relates to the record of the DOI it gives: judged once, by
    `matching.verdict`, when the answers are built, and read by every rule, `fix` and report."""

    SAME_WORK = "same work"  # the record is of the work the reference describes
    OTHER_WORK = "other work"  # the DOI resolves, to another work (CR03)
    NO_RECORD = "no record"  # Crossref has no record; doi.org said whether the DOI is registered elsewhere
    NOT_CHECKED = "not checked"  # no settled answer: offline, not in the cache, or a service failed
    NO_DOI = "no DOI"  # the reference gives no DOI (and the link block none that fits it)


@dataclass(frozen=True)
class WorkAnswer:
    status: str
    work: Work | None = None
    registered: bool | None = None  # doi.org's word when Crossref has no record; None when unknown
    reason: str | None = None

    @property
    def settled(self) -> bool:
        """Enough is known to judge the DOI."""
        return self.status == FOUND or (self.status == NOT_FOUND and self.registered is not None)

    @property
    def record(self) -> Work | None:
        """The work Crossref holds for the DOI, when it found one."""
        return self.work if self.status == FOUND else None


@dataclass(frozen=True)
class SearchAnswer:
    status: str  # FOUND (the search ran), UNAVAILABLE or NOT_LOOKED_UP
    candidates: tuple[Candidate, ...] = ()
    match: Candidate | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ReferenceAnswers:
    doi: str | None  # the DOI verified: the reference's own, or one from the link block
    doi_source: str | None  # "reference" or "link block"
    verdict: Verdict  # of the DOI's record against the reference
    work: WorkAnswer | None = None
    search: SearchAnswer | None = None

    @property
    def checked(self) -> bool:
        """Its DOI was judged, or (without one) its search ran; a failed search for a
        suggestion alone does not make a reference unchecked."""
        if self.work is not None:
            return self.work.settled
        return self.search is not None and self.search.status == FOUND

    @property
    def reason(self) -> str | None:
        for answer in (self.work, self.search):
            if answer is not None and answer.reason:
                return answer.reason
        return None

    @property
    def same_work(self) -> Work | None:
        """The DOI's record, when it is of the work the reference describes."""
        return self.work.record if self.work and self.verdict is Verdict.SAME_WORK else None

    @property
    def other_work(self) -> Work | None:
        """The DOI's record, when it is of another work."""
        return self.work.record if self.work and self.verdict is Verdict.OTHER_WORK else None

    @property
    def match(self) -> Candidate | None:
        """The search result that validated, if a search ran and one did."""
        return self.search.match if self.search else None

    @property
    def verified(self) -> tuple[Work, str] | None:
        """The record the reference was verified against, and how: "doi" (its own DOI's),
        "link block", or "search" (a validated search match); None when none was."""
        if self.same_work is not None:
            return self.same_work, "doi" if self.doi_source == "reference" else "link block"
        if self.match is not None:
            return self.match.work, "search"
        return None


@dataclass(frozen=True)
class CrossrefAnswers:
    mode: str  # "online", "offline" or "snapshot"
    article: WorkAnswer | None
    references: dict[int, ReferenceAnswers] = field(default_factory=dict)
    requests: int = 0
    cache_hits: int = 0

    def not_checked(self) -> list[int]:
        return sorted(p for p, a in self.references.items() if not a.checked)

    @property
    def article_checked(self) -> bool:
        return self.article is None or self.article.settled

    @property
    def status(self) -> str:
        unchecked = self.not_checked()
        if not unchecked and self.article_checked:
            return "complete"
        if len(unchecked) == len(self.references) and not (self.article and self.article.settled):
            return "skipped"
        return "partial"

    @property
    def unavailable(self) -> bool:
        """Some check could not run because a service failed (not because we chose offline)."""
        answers = [self.article] + [a for r in self.references.values() for a in (r.work, r.search)]
        return any(a is not None and a.status == UNAVAILABLE for a in answers)


class Verifier(Protocol):
    """What the engine asks of a run's lookups (linter.crossref.lookups.Lookups, or a caller's own):
    the answers for one manuscript. A verifier may also offer `prefetching(manuscripts)`, a context that
    plans a window's lookups in the background and yields a function that returns once a manuscript's
    answers are in (linter.crossref.lookups.Lookups.prefetching)."""

    def answer(self, manuscript: Manuscript) -> CrossrefAnswers: ...
