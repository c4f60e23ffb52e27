"""Corrected references: Crossref's values where citeqa is sure of the work, the text's elsewhere.

A reference is corrected only from a record it was verified against: its own
DOI's record when that is the same work, or a search match that validated. What
could not be verified is left as written and marked so; nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import matching
from .compare import fold
from .model import Manuscript, Reference
from .verification import CrossrefAnswers, ReferenceAnswers


@dataclass(frozen=True)
class Corrected:
    position: int
    authors: tuple[tuple[str, str], ...]  # (family, given); given "" when only a literal name is known
    title: str | None
    container: str | None
    short_container: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    verified_by: str | None  # "doi", "link block", "search" or None
    changes: tuple[str, ...] = field(default_factory=tuple)
    original: str = ""


def corrected_references(manuscript: Manuscript, answers: CrossrefAnswers) -> list[Corrected]:
    return [_correct(r, answers.references.get(r.position)) for r in manuscript.references]


def _correct(reference: Reference, answers: ReferenceAnswers | None) -> Corrected:
    verified = answers.verified if answers else None
    fields = reference.fields
    if verified is None:
        return Corrected(
            reference.position,
            tuple((name, "") for name in fields.authors),
            fields.title,
            fields.container,
            None,
            fields.year,
            fields.volume,
            fields.issue,
            fields.pages,
            fields.doi,
            None,
            (),
            reference.raw,
        )
    work, source = verified
    changes = [
        f"{name}: {values['manuscript']} -> {values['crossref']}"
        for name, values in matching.differences(reference, work).items()
    ]
    if not fields.doi:
        changes.append(f"DOI added: {work.doi}")
    elif fold(fields.doi) != fold(work.doi):
        changes.append(f"DOI: {fields.doi} -> {work.doi}")
    return Corrected(
        reference.position,
        work.authors,
        work.full_title,
        work.container,
        work.short_container,
        work.year,
        work.volume,
        work.issue,
        work.page or work.article_number,
        work.doi,
        source,
        tuple(changes),
        reference.raw,
    )
