"""The reference list deposited in Crossref against the one printed in the article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import doi as dois
from ..compare import fold
from ..model import Location, Manuscript, Problem, Reference, Severity
from ..verification import DepositedReference
from .base import Context, rule
from .references import at_reference

MATCH = 0.75  # a deposited and a printed entry this alike (0 to 1) are the same reference
LABEL = re.compile(r"^\s*\[?\d{1,3}[.\])]\s*")  # "12. ", "[12]" deposited at the start of an unstructured entry


def _doi(text: str | None) -> str | None:
    return dois.normalise(text).lower() if text else None


def similarity(deposited: DepositedReference, printed: Reference) -> float:
    """How alike two entries are: the deposited text against the printed one, or each deposited
    field looked for in the printed text (not in citeqa's parse of it, which may misplace a field)."""
    return _similarity(_Deposit.of(deposited), _Printed.of(printed))


@dataclass(frozen=True)
class _Printed:
    """A printed entry folded once: `pair` compares it with every deposited entry left."""

    raw: str
    words: frozenset[str]

    @staticmethod
    def of(reference: Reference) -> _Printed:
        raw = fold(reference.raw)
        return _Printed(raw, frozenset(raw.split()))


@dataclass(frozen=True)
class _Deposit:
    """A deposited entry's fields folded once, in the order similarity weighs them."""

    text: str | None  # the unstructured entry without its label
    author: str | None  # the first word of the first author
    values: tuple[frozenset[str], ...]  # year, volume, first page
    title: str | None  # the title, or the journal when there is no title
    has_author: bool

    @staticmethod
    def of(entry: DepositedReference) -> _Deposit:
        values = (entry.year and entry.year[:4], entry.volume, entry.first_page)
        return _Deposit(
            fold(LABEL.sub("", entry.unstructured)) if entry.unstructured else None,
            fold(entry.author).split()[0] if entry.author and fold(entry.author) else None,
            tuple(frozenset(fold(v).split()) for v in values if v and fold(v)),
            fold(entry.title) if entry.title else fold(entry.journal) if entry.journal else None,
            bool(entry.author),
        )


def _similarity(deposited: _Deposit, printed: _Printed) -> float:
    from rapidfuzz import fuzz  # imported by the runs that compare a deposited list (slow to import)

    raw, words = printed.raw, printed.words
    text = fuzz.token_set_ratio(deposited.text, raw) / 100 if deposited.text is not None else 0.0
    checks: list[float] = []
    if deposited.author is not None:
        checks.append(float(deposited.author in words))
    checks += [float(value <= words) for value in deposited.values]
    if deposited.title is not None:  # a journal is weaker: abbreviated in one, spelt out in the other
        checks.append(fuzz.token_set_ratio(deposited.title, raw) / 100)
    if len(checks) == 1 and deposited.has_author:
        return max(text, 0.8 * checks[0])  # a deposit with an author alone: taken last, after fuller matches
    return max(text, sum(checks) / len(checks) if len(checks) >= 2 else 0.0)


def usable(entry: DepositedReference) -> bool:
    """A deposited entry with something to compare: some deposits have entries with a key alone."""
    return any((entry.doi, entry.unstructured, entry.author, entry.title, entry.journal))


def pair(deposited: list[DepositedReference], printed: list[Reference]) -> tuple[dict[int, int], list[int], list[int]]:
    """({deposited index: printed position}, deposited indexes not printed, printed positions not deposited):
    by DOI first, then the most alike pairs that pass MATCH."""
    pairs: dict[int, int] = {}
    by_doi: dict[str, list[int]] = {}
    for reference in printed:
        doi = _doi(reference.fields.doi)
        if doi:
            by_doi.setdefault(doi, []).append(reference.position)
    for i, entry in enumerate(deposited):
        free = [p for p in by_doi.get(_doi(entry.doi) or "", []) if p not in pairs.values()]
        if free:
            pairs[i] = free[0]
    left = [(r.position, _Printed.of(r)) for r in printed if r.position not in pairs.values()]
    entries = [(i, _Deposit.of(entry)) for i, entry in enumerate(deposited) if i not in pairs]
    scored = sorted(
        ((_similarity(entry, r), i, position) for i, entry in entries for position, r in left),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    for score, i, position in scored:
        if score < MATCH:
            break
        if i not in pairs and position not in pairs.values():
            pairs[i] = position
    sneaked = [i for i in range(len(deposited)) if i not in pairs]
    lost = [r.position for r in printed if r.position not in pairs.values()]
    return pairs, sneaked, lost


@rule(
    "IN01",
    "deposit-reference-mismatch",
    Severity.WARNING,
    needs_crossref=True,
    precision="medium",
    needs_manuscript=True,
)
def deposit_reference_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The reference list deposited in Crossref for the article differs from the printed one.

    ## What it does
    Compares the reference list the publisher deposited with the article's DOI
    (the `reference` field of its Crossref record) with the list printed in the
    manuscript. Entries are paired by DOI first, then by how alike they are:
    the deposited text against the printed entry (rapidfuzz's token-set ratio),
    or the deposited first author, year, volume, first page and title (or
    journal) looked for in the printed entry's text; pairs alike at 0.75 or
    more are the same reference. Reports the deposited
    entries that are not printed ("sneaked references", which earn their
    authors citations the article never made) and the printed ones that are
    not deposited (lost citations), each listed in the evidence.

    ## What it cannot tell
    Which list is right, nor why they differ: deposits are made by publishers'
    systems, and a reference printed in a table, a supplement or a
    corrigendum may be deposited without appearing in the list citeqa read. A
    printed entry damaged beyond recognition (or a deposit with only a DOI that
    the printed entry lacks) can look unmatched on both sides: read the two
    lists of the evidence together. Deposited entries with nothing but a key
    are set aside (counted as `deposited_empty`). Nothing is said when the publisher
    deposited no references, when the article's DOI has no Crossref record, or
    when no printed reference was found.

    ## Why it matters
    Sneaked references inflate citation counts invisibly: only the metadata
    carries them, and indexes count them. A case study found them in 9% of
    one publisher's articles. Lost references deprive cited authors of credit.

    ## Example
    An article printing 20 references whose DOI's record deposits 23: three of
    them cite the same author group and appear nowhere in the text.

    ## Use instead
    Ask the publisher to deposit the printed list exactly (Crossref lets a
    deposit be replaced).
    """
    article = ctx.crossref.article.record if ctx.crossref and ctx.crossref.article else None
    if not article or not article.references or not ms.references:
        return
    deposited = [e for e in article.references if usable(e)]
    if not deposited:
        return
    pairs, sneaked, lost = pair(deposited, list(ms.references))
    where = ms.doi_location or Location()
    counts = {
        "doi": ms.doi,
        "deposited": len(deposited),
        "printed": len(ms.references),
        "matched": len(pairs),
        "deposited_empty": len(article.references) - len(deposited),
    }
    if sneaked:
        texts = [deposited[i].citation() for i in sneaked]
        entries = [{"key": deposited[i].key, "doi": deposited[i].doi, "text": deposited[i].citation()} for i in sneaked]
        yield Problem(
            f"{len(sneaked)} of the {len(deposited)} references deposited in Crossref for {ms.doi} are not printed: "
            + "; ".join(text[:80] for text in texts[:3])
            + ("; ..." if len(texts) > 3 else ""),
            where,
            {**counts, "not_printed": entries},
            "ask the publisher to deposit the printed reference list",
        )
    if lost:
        by_position = {r.position: r for r in ms.references}
        printed = [{"reference": p, "text": by_position[p].raw} for p in lost]
        yield Problem(
            f"{len(lost)} printed reference{'s are' if len(lost) > 1 else ' is'}"
            f" not in the list deposited in Crossref for {ms.doi}: " + ", ".join(str(p) for p in lost),
            at_reference(by_position[lost[0]]),
            {**counts, "not_deposited": printed},
            "ask the publisher to deposit the missing references",
        )
