"""What Crossref and doi.org answered for one manuscript: plain data for the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..matching import Candidate
from .records import Work

# Statuses of a lookup. "unavailable": asked, no answer after retries.
# "not looked up": never asked (offline, or absent from the snapshot).
FOUND, NOT_FOUND, UNAVAILABLE, NOT_LOOKED_UP = "found", "not found", "unavailable", "not looked up"


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
