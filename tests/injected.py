"""Manuscripts built from real Crossref records, with known errors injected.

Each reference is a real work formatted as a Vancouver entry the way journals
print them (abbreviated or full journal names, abbreviated page ranges, "et al."
after three authors). An injected error names the rule that should find it.
Used by tests/test_crossref.py; benchmarks/styles.py measures the same in 17 styles.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ftfy.badness import is_bad

from linter.crossref.records import from_record
from linter.vancouver import citation, name
from linter.verification import Work

# kind -> the rule that must report it
INJECTIONS = {
    "year": "CR02",
    "volume": "CR02",
    "pages": "CR02",
    "title": "CR02",
    "journal": "CR02",
    "doi-digit": "CR01",
    "doi-other-work": "CR03",
    "missing-doi": "CR04",
    "corrected": "CR07",
    "retracted": "CR07",
}
ARTICLE_INJECTIONS = {"article-title": "CR06", "article-volume": "CR06", "article-date": "CR06"}


@dataclass
class Entry:
    work: Work
    text: str
    injected: str | None = None  # kind of error, None for a clean reference


def usable(work: Work) -> bool:
    """Works a journal would cite in Vancouver style: an article with all its numbers."""
    return bool(
        work.type == "journal-article"
        and work.title
        and len(work.title.split()) >= 4
        and work.authors
        and (work.short_container or work.container)
        and work.volume
        and work.year
        and (work.page or work.article_number)
        and not work.updates
        and "<" not in (work.title or "")
        and not is_bad(" ".join([work.title, *(f"{f} {g}" for f, g in work.authors)]))  # mojibake in the record itself
    )


def vancouver(work: Work, rng: random.Random, doi: str | None = "own", title: str | None = None, **override) -> str:
    journal = override.get("journal") or (
        work.short_container if work.short_container and rng.random() < 0.7 else work.container
    )
    pages = override.get("pages") or work.page or work.article_number
    first, _, last = pages.partition("-")
    if last and first.isdigit() and last.isdigit() and len(first) == len(last) and rng.random() < 0.4:
        common = 0
        while common < len(first) - 1 and first[common] == last[common]:
            common += 1
        pages = f"{first}-{last[common:]}"  # 1238-1248 -> 1238-48
    item = {
        "author": [{"family": family, "given": given} for family, given in work.authors],
        "title": title or work.full_title,
        "container-title": journal,
        "issued": override.get("year", work.year),
        "volume": override.get("volume", work.volume),
        "issue": work.issue,
        "page": pages,
        "DOI": (work.doi if doi == "own" else doi) if doi else None,
    }
    return citation(item, max_authors=6, shown_authors=3)  # "et al" after three, as many journals print


def _change_digit(doi: str, rng: random.Random) -> str:
    digits = [i for i, c in enumerate(doi) if c.isdigit() and i > doi.index("/")]
    i = rng.choice(digits)
    return doi[:i] + str((int(doi[i]) + rng.randint(1, 9)) % 10) + doi[i + 1 :]


def _change_title(title: str, rng: random.Random) -> str:
    """A title as a careless copy gives it: words dropped and reordered, one replaced."""
    words = title.split()
    cut = max(1, len(words) // 3)
    start = rng.randrange(0, len(words) - cut + 1)
    kept = words[:start] + words[start + cut :]
    kept[rng.randrange(len(kept))] = rng.choice(["clinical", "novel", "systematic", "review", "outcomes", "analysis"])
    return " ".join(kept)


def inject(kind: str, work: Work, others: list[Work], rng: random.Random) -> str:
    if kind == "year":
        return vancouver(work, rng, year=work.year + rng.choice([-3, -2, 2, 3]))
    if kind == "volume":
        volume = int(re.sub(r"\D", "", work.volume) or 1)
        return vancouver(work, rng, volume=str(volume + rng.randint(1, 9)))
    if kind == "pages":
        first = re.sub(r"\D", "", (work.page or work.article_number).split("-")[0]) or "1"
        start = int(first) + rng.randint(11, 99)
        return vancouver(work, rng, pages=f"{start}-{start + rng.randint(3, 12)}")
    if kind == "title":
        return vancouver(work, rng, title=_change_title(work.full_title, rng))
    if kind == "journal":
        other = next(o for o in others if (o.container or "").lower() != (work.container or "").lower())
        return vancouver(work, rng, journal=other.container)
    if kind == "doi-digit":
        return vancouver(work, rng, doi=_change_digit(work.doi, rng))
    if kind == "doi-other-work":
        return vancouver(work, rng, doi=others[len(others) // 2].doi)  # a work cited nowhere near
    if kind == "missing-doi":
        return vancouver(work, rng, doi=None)
    raise ValueError(kind)


def build(records: list[dict], seed: int = 7, per_manuscript: int = 25, clean_share: float = 0.6):
    """Manuscript texts, each with its entries and the article's injected error (or None)."""
    rng = random.Random(seed)
    works = [from_record(r) for r in records]
    updated = [w for w in works if any(u.type in ("correction", "retraction") for u in w.updates) and w.volume]
    pool = [w for w in works if usable(w)]
    rng.shuffle(pool)
    kinds = [k for k in INJECTIONS if k not in ("corrected", "retracted")]
    entries: list[Entry] = []
    for i, work in enumerate(pool):
        others = [w for w in pool[i + 1 :] + pool[:i] if w.title != work.title]
        if rng.random() < clean_share:
            entries.append(Entry(work, vancouver(work, rng)))
        else:
            kind = kinds[i % len(kinds)]
            entries.append(Entry(work, inject(kind, work, others, rng), kind))
    for work in updated:
        kind = "retracted" if any(u.type == "retraction" for u in work.updates) else "corrected"
        entries.insert(rng.randrange(len(entries)), Entry(work, vancouver(work, rng), kind))

    manuscripts = []
    for n, start in enumerate(range(0, len(entries), per_manuscript)):
        chunk = entries[start : start + per_manuscript]
        article_kind = list(ARTICLE_INJECTIONS)[n % len(ARTICLE_INJECTIONS)] if n % 2 == 0 else None
        article = pool[-(n + 1)]
        manuscripts.append((_manuscript(article, article_kind, chunk, rng), chunk, article_kind))
    return manuscripts


def _manuscript(article: Work, kind: str | None, entries: list[Entry], rng: random.Random) -> str:
    title, volume = article.full_title, article.volume
    year = article.year
    if kind == "article-title":
        title = _change_title(title, rng)
    elif kind == "article-volume":
        volume = str(int(re.sub(r"\D", "", volume) or 1) + 3)
    elif kind == "article-date":
        year = year + 2
    names = ", ".join(name({"family": f, "given": g}) for f, g in article.authors[:6])
    pages = article.page or article.article_number
    lines = [
        f"Received: 01-Jan-{year - 1}; Accepted: 02-Mar-{year - 1}; Published: 10-Mar-{year}, DOI: {article.doi}",
        "",
        f"Citation: {names}. {title}. {article.short_container or article.container}. {year},{volume}"
        + (f"({article.issue})" if article.issue else "")
        + f":{pages}",
        "",
        "Introduction",
        "",
        " ".join(f"Finding {i} was reported before [{i}]." for i in range(1, len(entries) + 1)),
        "",
        "References",
        "",
    ]
    lines += [f"{i}. {entry.text}" for i, entry in enumerate(entries, 1)]
    return "\n".join(lines) + "\n"


def evaluate(lookups, records: list[dict], seed: int = 7) -> dict:
    """Check every built manuscript; count injected errors found by the right rule on the
    right reference, and warnings or errors drawn by clean references."""
    from linter.config import Config, Selector
    from linter.engine import run_rules
    from linter.model import Severity
    from linter.readers import plaintext
    from linter.rules import Context

    found = missed = clean = false_alarms = 0
    misses, alarms = [], []
    for n, (text, entries, article_kind) in enumerate(build(records, seed)):
        manuscript = plaintext.read(text, f"injected-{n}.txt")
        assert len(manuscript.references) == len(entries), (len(manuscript.references), len(entries))
        answers = lookups.answer(manuscript)
        # The article is a random record, older than some works it is made to cite: IN03 would rightly object.
        findings = run_rules(manuscript, Config(ignore=(Selector("IN03", explicit=True),)), Context(crossref=answers))
        for position, entry in enumerate(entries, 1):
            mine = [f for f in findings if f.location.reference == position]
            if entry.injected:
                rule = INJECTIONS[entry.injected]
                hit = [f for f in mine if f.rule == rule]
                if entry.injected == "missing-doi":
                    hit = [f for f in hit if f.evidence.get("doi") == entry.work.doi]
                if hit:
                    found += 1
                else:
                    missed += 1
                    misses.append((entry.injected, entry.text, [(f.rule, f.message) for f in mine]))
            else:
                clean += 1
                serious = [f for f in mine if f.severity in (Severity.ERROR, Severity.WARNING)]
                false_alarms += len(serious)
                alarms += [(entry.text, f.rule, f.message) for f in serious]
        if article_kind:
            if any(f.rule == "CR06" for f in findings):
                found += 1
            else:
                missed += 1
                misses.append((article_kind, text[:300], []))
    return {
        "injected": found + missed,
        "found": found,
        "recall": found / (found + missed),
        "clean": clean,
        "false_alarms": false_alarms,
        "misses": misses,
        "alarms": alarms,
    }
