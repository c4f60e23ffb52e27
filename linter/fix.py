"""Corrected references: Crossref's values where citeqa is sure of the work, the text's elsewhere.

A reference is corrected only from a record it was verified against: its own
DOI's record when that is the same work, or a search match that validated. What
could not be verified is left as written and marked so; nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import matching
from .compare import fold
from .crossref.answers import FOUND, CrossrefAnswers
from .crossref.records import Work
from .model import Manuscript, Reference


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


def _verified_work(reference: Reference, answers) -> tuple[Work | None, str | None]:
    if answers is None:
        return None, None
    if answers.work and answers.work.status == FOUND and not matching.is_other_work(reference, answers.work.work):
        return answers.work.work, "doi" if answers.doi_source == "reference" else "link block"
    if answers.search and answers.search.match:
        return answers.search.match.work, "search"
    return None, None


def _correct(reference: Reference, answers) -> Corrected:
    work, source = _verified_work(reference, answers)
    fields = reference.fields
    if work is None:
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
