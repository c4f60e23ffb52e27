"""Compare a reference with a Crossref work: field by field, and as a whole.

Tolerates case, punctuation, diacritics, HTML entities, journal abbreviations,
abbreviated page ranges ("1238-48"), e-locators, initials and print vs online
years. Candidate validation follows Crossref's search-based matching with
validation (Tkaczyk): a similarity over title, first author, year (+-1 counts
half), volume, issue and first page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .compare import fold, name_key
from .crossref.records import Work
from .model import Reference

STOPWORDS = {"of", "the", "and", "for", "in", "on", "de", "la", "und", "der", "a", "an"}
# A search candidate is suggested only at or above this similarity; tuned on
# benchmarks/matching.py (see README): precision first, since a wrong DOI
# suggestion is worse than none.
MATCH_THRESHOLD = 0.72
# Below this title similarity, with another first author, a DOI names another work.
WRONG_WORK_TITLE = 0.5
TITLE_MISMATCH = 0.88


def title_similarity(mine: str | None, work: Work) -> float:
    if not mine or not work.title:
        return 0.0
    return max(_title_ratio(mine, t) for t in {work.title, work.full_title} if t)


@lru_cache(maxsize=1 << 12)
def _title_ratio(mine: str, theirs: str) -> float:
    """Memoised: a reference's title meets the same candidate in ranking, matching and the rules."""
    return SequenceMatcher(None, fold(mine), fold(theirs)).ratio()


def same_first_author(reference: Reference, work: Work) -> bool | None:
    """The record's first author leads the reference (by the parsed name, or, for names the
    parser could not split, such as organisations, by the opening words)."""
    fields = reference.fields
    if not fields.authors or not work.authors:
        return None
    surname = name_key(fields.authors[0])[0]
    family = fold(work.authors[0][0])
    if surname and (surname == family or surname in family.split() or family in surname.split()):
        return True
    return bool(family) and f" {family} " in f" {fold(reference.raw[:120])} "


def pages(text: str | None) -> tuple[str, str | None]:
    """(first, last) page with abbreviated ranges expanded: '1238-48' -> ('1238', '1248')."""
    if not text:
        return "", None
    parts = [p.strip() for p in re.split(r"[-‐‑–—]", text) if p.strip()]
    first = parts[0].lstrip("0") or parts[0] if parts else ""
    if len(parts) < 2:
        return first.lower(), None
    last = parts[1]
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first.lower(), last.lower()


def journal_matches(mine: str | None, work: Work) -> bool | None:
    names = [n for n in (work.container, work.short_container) if n]
    if not mine or not names:
        return None
    return any(_abbreviates(mine, name) for name in names)


def _abbreviates(short: str, full: str) -> bool:
    """'J Natl Compr Canc Netw' abbreviates 'Journal of the National Comprehensive Cancer Network'."""
    a = [w for w in fold(short).split() if w not in STOPWORDS]
    b = [w for w in fold(full).split() if w not in STOPWORDS]
    if a == b:
        return True
    if len(a) != len(b):
        return False
    return all(x[0] == y[0] and _subsequence(x, y) for x, y in zip(a, b))


def _subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(c in letters for c in short)


def _same_number(mine: str | None, theirs: str | None) -> bool | None:
    if not mine or not theirs:
        return None
    return fold(mine).replace(" ", "").lstrip("0") == fold(theirs).replace(" ", "").lstrip("0")


def printed_text(reference: Reference) -> str:
    """The reference as printed, less its DOI and URLs (a DOI like 10.1001/jama... names no journal)."""
    text = reference.raw
    for noise in (reference.fields.doi_text, *reference.fields.urls):
        if noise:
            text = text.replace(noise, " ")
    return text


def _printed_in(reference: Reference, *texts: str | None) -> bool:
    """One of the texts stands whole in the reference, wherever the parser put its boundaries."""
    raw = f" {fold(printed_text(reference))} "
    return any(text and fold(text) and f" {fold(text)} " in raw for text in texts)


def differences(reference: Reference, work: Work) -> dict[str, dict[str, str]]:
    """The fields of a reference that disagree with its work's record: {field: {manuscript, crossref}}."""
    fields = reference.fields
    found: dict[str, dict[str, str]] = {}

    def differ(name: str, mine, theirs) -> None:
        found[name] = {"manuscript": str(mine), "crossref": str(theirs)}

    if fields.year and work.years and fields.year not in work.years:
        differ("year", fields.year, work.year)
    if _same_number(fields.volume, work.volume) is False:
        differ("volume", fields.volume, work.volume)
    if _same_number(fields.issue, work.issue) is False:
        differ("issue", fields.issue, work.issue)
    if fields.pages and (work.page or work.article_number):
        mine_first, mine_last = pages(fields.pages)
        theirs = [pages(p) for p in (work.page, work.article_number) if p]
        first_ok = any(mine_first == t[0] for t in theirs)
        last_ok = mine_last is None or any(t[1] is None or mine_last == t[1] for t in theirs)
        if not (first_ok and last_ok):
            differ("pages", fields.pages, work.page or work.article_number)
    if fields.title and work.title and title_similarity(fields.title, work) < TITLE_MISMATCH:
        if not _printed_in(reference, work.title, work.full_title):
            differ("title", fields.title, work.full_title)
    if journal_matches(fields.container, work) is False and not _printed_in(reference, work.container, work.short_container):
        differ("journal", fields.container, work.short_container or work.container)
    if same_first_author(reference, work) is False:
        differ("first author", fields.authors[0], " ".join(reversed(work.authors[0])).strip())
    return found


def is_other_work(reference: Reference, work: Work) -> bool:
    """The record is of another work: unlike title, and not the same first author and year."""
    fields = reference.fields
    similarity = title_similarity(fields.title, work)
    if not fields.title or similarity >= WRONG_WORK_TITLE or _printed_in(reference, work.title):
        return False
    author = same_first_author(reference, work)
    year = fields.year in work.years if fields.year and work.years else None
    return not (author and year)


@dataclass(frozen=True)
class Candidate:
    work: Work
    similarity: float
    relevance: float | None


def similarity(reference: Reference, work: Work) -> float:
    """How well a search candidate fits the reference, 0..1, over the fields both have."""
    fields = reference.fields
    raw_words = set(fold(printed_text(reference)).split())
    scores: list[tuple[float, float]] = []  # (weight, score)
    title_words = [w for w in fold(work.full_title or "").split() if w not in STOPWORDS]
    if title_words and _has_title(reference):
        coverage = sum(1 for w in title_words if w in raw_words) / len(title_words)
        scores.append((3.0, max(coverage, title_similarity(fields.title, work))))
    else:  # a short form ("Cho SI, et al. PLoS One 2019;14:e0213475"): the journal must match instead
        journal = journal_matches(fields.container or fields.title, work) or _printed_in(reference, work.container, work.short_container)
        scores.append((1.0, 1.0 if journal else 0.0))
    if work.authors:
        family = fold(work.authors[0][0]).split()
        scores.append((1.0, 1.0 if family and all(w in raw_words for w in family) else 0.0))
    if fields.year and work.years:
        gap = min(abs(fields.year - y) for y in work.years)
        scores.append((1.0, 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0))
    for mine, theirs in ((fields.volume, work.volume), (fields.issue, work.issue)):
        same = _same_number(mine, theirs)
        if same is not None:
            scores.append((0.5, 1.0 if same else 0.0))
    first_page = pages(work.page or work.article_number)[0]
    if first_page:
        scores.append((1.0, 1.0 if first_page in raw_words else 0.0))
    total = sum(w for w, _ in scores)
    return sum(w * s for w, s in scores) / total if total else 0.0


def _has_title(reference: Reference) -> bool:
    """Whether the reference prints a title at all: short forms give authors, journal and numbers only."""
    fields = reference.fields
    return bool(fields.title) and bool(fields.container) and len(fold(fields.title).split()) >= 3


def rank(reference: Reference, works: list[tuple[Work, float | None]]) -> list[Candidate]:
    ranked = [Candidate(work, round(similarity(reference, work), 3), relevance) for work, relevance in works]
    return sorted(ranked, key=lambda c: c.similarity, reverse=True)
