"""Injected errors in every citation style, against a stand-in that searches as hard as Crossref.

Manuscripts are built from real Crossref records (../shared/crossref/works.jsonl)
printed by citeproc-py in the 17 journal styles of benchmarks/styles_corpus.py
(numbered and author-year, with the harmless variations manuscripts have), from
the records of one split (by default `test`, the held-out one: never used for
tuning; tune on `dev`). About half the references carry one injected error; each
names the rule and the field that must report it at that reference:

    year, volume, first page, title word replaced, title word inserted, journal
    (another real journal), first-author typo, first-author order (first two
    swapped) -> CR02 on that field; DOI digit changed, DOI digits transposed
    -> CR01; DOI of another work -> CR03; DOI left out -> CR04 with the right DOI;
    a retraction or correction notice on the record -> CR07.

The stand-in serves every shared record, plus a near-duplicate for each (a similar
title in the same journal and year, other authors and pages: the records a search
confuses), and answers query.bibliographic with token-overlap scores over the whole
index, with noise (`StandIn(fuzzy=True)`). Reported: per style and per kind, the
injected errors found by the right rule and field at the right reference, and the
share of clean references that draw any warning or error.

Usage: python benchmarks/styles.py [--split test|dev] [--styles vancouver,apa7] [--records N] [--show N]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # linter, tests.* helpers, sibling scripts

import styles_corpus as corpus
from ftfy.badness import is_bad

from linter.config import Config
from linter.crossref.limiter import Limiter, Pool
from linter.engine import run_rules
from linter.model import Severity
from linter.readers import plaintext
from linter.rules import Context
from tests.crossref_standin import StandIn
from tests.support import OTHER_AGENCY, make_lookups

# kind -> (rule, CR02 field or None)
KINDS = {
    "year": ("CR02", "year"),
    "volume": ("CR02", "volume"),
    "first page": ("CR02", "pages"),
    "title word replaced": ("CR02", "title"),
    "title word inserted": ("CR02", "title"),
    "journal": ("CR02", "journal"),
    "first-author typo": ("CR02", "first author"),
    "first-author order": ("CR02", "author order"),  # or "first author", where "et al." hides the second
    "DOI digit": ("CR01", None),
    "DOI transposed": ("CR01", None),
    "DOI of another work": ("CR03", None),
    "missing DOI": ("CR04", None),
    "retracted": ("CR07", None),
    "corrected": ("CR07", None),
}
FIELD_KINDS = [k for k in KINDS if k not in ("retracted", "corrected")]
PER_MANUSCRIPT = 25
UPDATED_SHARE = 0.08  # records set aside to carry a retraction or correction notice


@dataclass
class Entry:
    doi: str  # the record the reference cites
    text: str
    kind: str | None = None  # the injected error, None when clean


@dataclass
class Tally:
    injected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    clean: int = 0
    flagged: int = 0
    alarms: list = field(default_factory=list)
    wrong_suggestions: list = field(
        default_factory=list
    )  # a DOI suggested (CR01, CR03, CR04) that is not the cited work's
    misses: list = field(default_factory=list)


def checkable(record: dict) -> bool:
    """Records every kind of error can be injected into: an article with volume and pages, whose
    title and names are not mojibake in Crossref itself ("TschÃ¤pe": a reference copying it is
    rightly reported by TX02, so it cannot serve as a correct reference)."""
    names = " ".join(f"{a.get('given', '')} {a.get('family', '')}" for a in record.get("author") or [])
    return (
        corpus.usable(record)
        and bool(record.get("volume"))
        and bool(record.get("page") or record.get("article-number"))
        and not is_bad(f"{corpus.plain((record.get('title') or [''])[0])} {names}")
    )


# -- the served index -------------------------------------------------------------------------


def near_duplicate(record: dict, donor: dict, n: int, rng: random.Random) -> dict:
    """A record a search confuses with `record`: its journal and year, most of its title
    (a third of the words replaced by the donor's), the donor's authors and numbers."""
    twin = copy.deepcopy(record)
    words = corpus.plain(record["title"][0]).split()
    spare = [w for w in corpus.plain(donor["title"][0]).split() if len(w) > 3] or ["related"]
    for i in rng.sample(range(len(words)), max(1, len(words) // 3)):
        words[i] = rng.choice(spare)
    twin.update(
        {
            "DOI": f"10.99999/near-duplicate.{n}",
            "title": [" ".join(words)],
            "author": donor.get("author") or [],
            "volume": donor.get("volume") or "1",
            "page": donor.get("page") or "1-9",
        }
    )
    for key in ("issue", "article-number", "updated-by", "update-to", "subtitle"):
        twin.pop(key, None)
    return twin


def notice(kind: str, n: int) -> list[dict]:
    return [
        {
            "type": kind,
            "DOI": f"10.99999/{kind}.{n}",
            "label": kind.title(),
            "source": "publisher",
            "updated": {"date-parts": [[2022, 5, 1]]},
        }
    ]


def served_index(records: list[dict], updated: dict[str, str], seed: int) -> list[dict]:
    rng = random.Random(seed)
    served = []
    for n, record in enumerate(records):
        if record["DOI"] in updated:
            record = dict(record, **{"updated-by": notice(updated[record["DOI"]], n)})
        served.append(record)
    articles = [r for r in records if corpus.usable(r)]
    by_journal = defaultdict(list)
    for r in articles:
        by_journal[corpus.plain(r["container-title"][0]).lower()].append(r)
    for n, record in enumerate(articles):
        peers = [r for r in by_journal[corpus.plain(record["container-title"][0]).lower()] if r is not record]
        donor = rng.choice(peers or articles)
        served.append(near_duplicate(record, donor, n, rng))
    return served


# -- injections -------------------------------------------------------------------------------


def _shift_doi_digit(doi: str, rng: random.Random) -> str:
    prefix, suffix = doi.split("/", 1)
    digits = [i for i, c in enumerate(suffix) if c.isdigit()]
    i = rng.choice(digits)
    return f"{prefix}/{suffix[:i]}{(int(suffix[i]) + rng.randint(1, 9)) % 10}{suffix[i + 1 :]}"


def _transpose_doi(doi: str, rng: random.Random) -> str | None:
    prefix, suffix = doi.split("/", 1)
    pairs = [
        i
        for i in range(len(suffix) - 1)
        if suffix[i].isdigit() and suffix[i + 1].isdigit() and suffix[i] != suffix[i + 1]
    ]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return f"{prefix}/{suffix[:i]}{suffix[i + 1]}{suffix[i]}{suffix[i + 2 :]}"


def _other_journal(record: dict, other: dict) -> bool:
    """Another journal, not the same one under another name: no ISSN in common, neither name
    an abbreviation of the other ("JAMA" and "JAMA: The Journal of the American Medical Association")."""
    if set(record.get("ISSN") or ()) & set(other.get("ISSN") or ()):
        return False
    names = [
        corpus.plain(n)
        for r in (record, other)
        for n in (r.get("container-title") or [])[:1] + (r.get("short-container-title") or [])[:1]
    ]
    mine = {
        n.lower()
        for n in names[
            : len((record.get("container-title") or [])[:1] + (record.get("short-container-title") or [])[:1])
        ]
    }
    theirs = {n.lower() for n in names} - mine
    return bool(theirs) and not any(_words(a) & _words(b) for a in mine for b in theirs)


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", name)) - {"the", "of", "and", "journal", "j"}


def _typo(family: str, rng: random.Random) -> str | None:
    letters = [
        i
        for i in range(1, len(family) - 1)
        if family[i].isalpha() and family[i + 1].isalpha() and family[i].lower() != family[i + 1].lower()
    ]
    if len(family) < 4 or not letters:
        return None
    i = rng.choice(letters)
    return family[:i] + family[i + 1] + family[i] + family[i + 2 :]


def inject(
    kind: str, record: dict, pool: list[dict], vocabulary: list[str], rng: random.Random
) -> tuple[dict, dict] | None:
    """(the record as the faulty reference prints it, variant overrides), or None when this
    kind cannot be injected into this record."""
    wrong = copy.deepcopy(record)
    overrides: dict = {"doi_form": rng.choice(["style", "url", "doi:"])}
    if kind == "year":
        year = record["issued"]["date-parts"][0][0] + rng.choice([-3, -2, 2, 3])
        wrong["issued"] = {"date-parts": [[year]]}
        for key in ("published-print", "published-online", "published"):
            wrong.pop(key, None)
        overrides["online_year"] = False
    elif kind == "volume":
        digits = re.sub(r"\D", "", str(record["volume"]))
        if not digits:
            return None
        wrong["volume"] = str(int(digits) + rng.randint(1, 9))
    elif kind == "first page":
        page = str(record.get("page") or "")
        first, _, last = page.partition("-")
        if not first.isdigit():
            return None
        start = int(first) + rng.randint(11, 99)
        wrong["page"] = f"{start}-{start + int(last) - int(first)}" if last.isdigit() else str(start)
        wrong.pop("article-number", None)
        overrides["article_number"] = False
    elif kind in ("title word replaced", "title word inserted"):
        words = corpus.plain(record["title"][0]).split()
        spare = [w for w in vocabulary if w.lower() not in {x.lower().strip(",.:;") for x in words}]
        if len(words) < 4:
            return None
        if kind == "title word replaced":
            places = [i for i, w in enumerate(words) if len(w.strip(",.:;")) > 3 and w.isalpha()]
            if not places:
                return None
            i = rng.choice(places)
            words[i] = rng.choice(spare)
        else:
            words.insert(rng.randrange(1, len(words)), rng.choice(spare))
        wrong["title"] = [" ".join(words)]
        wrong.pop("subtitle", None)
        overrides["drop_subtitle"] = False
    elif kind == "journal":
        other = next(r for r in rng.sample(pool, 40) if _other_journal(record, r))
        wrong["container-title"] = other["container-title"]
        if other.get("short-container-title"):
            wrong["short-container-title"] = other["short-container-title"]
        else:
            wrong.pop("short-container-title", None)
    elif kind == "first-author typo":
        first = wrong["author"][0]
        typo = _typo(first.get("family", ""), rng)
        if not typo:
            return None
        first["family"] = typo
        overrides["raw_initials"] = False
    elif kind == "first-author order":
        authors = wrong["author"]
        if len(authors) < 2 or authors[0].get("family", "").lower() == authors[1].get("family", "").lower():
            return None
        authors[0], authors[1] = authors[1], authors[0]
        overrides["et_al_after"] = None
    elif kind == "DOI digit":
        wrong["DOI"] = _shift_doi_digit(record["DOI"], rng)
    elif kind == "DOI transposed":
        wrong["DOI"] = _transpose_doi(record["DOI"], rng)
        if not wrong["DOI"]:
            return None
    elif kind == "DOI of another work":
        wrong["DOI"] = rng.choice(pool)["DOI"]
        if wrong["DOI"] == record["DOI"]:
            return None
    elif kind == "missing DOI":
        overrides["doi_form"] = "none"
    return wrong, overrides


def render(record: dict, style: corpus.Style, rng: random.Random, number: int, overrides: dict | None = None) -> str:
    variant = corpus.choose_variant(record, style, rng)
    if overrides:
        variant = replace(variant, **overrides)
    item = corpus.apply_variant(corpus.csl_item(record), record, variant)
    if overrides and overrides.get("doi_form") == "style" and "DOI" not in item:
        item["DOI"] = record["DOI"]
    text = corpus.render(item, style, variant, number)
    if overrides is not None and overrides.get("doi_form") != "none" and record["DOI"].lower() not in text.lower():
        text = f"{text} doi:{record['DOI']}"  # a style that prints no DOI: the error must be in the text
    return text


def build(
    style: corpus.Style, pool: list[dict], elsewhere: list[dict], updated: dict[str, str], seed: int
) -> list[list[Entry]]:
    """Manuscripts of one style: lists of entries, about half of them with an injected error.
    Another work's DOI and another journal come from `elsewhere` (records cited by no manuscript),
    so that no two entries of a list share a DOI."""
    rng = random.Random(f"{seed}:{style.name}")
    vocabulary = sorted({w for r in pool for w in corpus.plain(r["title"][0]).split() if w.isalpha() and len(w) > 4})
    records = [r for r in pool if r["DOI"] not in updated]
    rng.shuffle(records)
    planned: list[tuple[dict, str | None]] = []
    kinds = FIELD_KINDS * (len(records) // (2 * len(FIELD_KINDS)) + 1)
    rng.shuffle(kinds)
    for record in records:
        planned.append((record, kinds.pop() if rng.random() < 0.5 and kinds else None))
    for doi, kind in updated.items():
        record = next(r for r in pool if r["DOI"] == doi)
        planned.insert(rng.randrange(len(planned) + 1), (record, kind if kind == "retracted" else "corrected"))
    manuscripts, entries = [], []
    for record, kind in planned:
        number = len(entries) + 1
        text = None
        if kind in (None, "retracted", "corrected"):
            text = render(record, style, rng, number)
        else:
            injected = inject(kind, record, elsewhere, vocabulary, rng)
            if injected is None:
                kind = None
                text = render(record, style, rng, number)
            else:
                wrong, overrides = injected
                text = render(wrong, style, rng, number, overrides)
        entries.append(Entry(record["DOI"], text, kind))
        if len(entries) == PER_MANUSCRIPT:
            manuscripts.append(entries)
            entries = []
    if entries:
        manuscripts.append(entries)
    return manuscripts


def manuscript_text(style: corpus.Style, entries: list[Entry]) -> str:
    if style.family == "numbered":
        body = " ".join(f"Finding {i} was reported before [{i}]." for i in range(1, len(entries) + 1))
    else:
        body = "Earlier findings were reported before."
    # An unnumbered list is split at blank lines, as a word processor's paragraphs come out.
    gap = "\n" if style.family == "numbered" else "\n\n"
    return f"A study of things\n\nIntroduction\n\n{body}\n\nReferences\n\n" + gap.join(e.text for e in entries) + "\n"


# -- evaluation -------------------------------------------------------------------------------


def evaluate(
    style: corpus.Style, manuscripts: list[list[Entry]], lookups, tally: Tally, kinds: dict[str, Tally]
) -> None:
    for n, entries in enumerate(manuscripts):
        text = manuscript_text(style, entries)
        manuscript = plaintext.read(text, f"{style.name}-{n}.txt")
        split_right = len(manuscript.references) == len(entries)
        findings = run_rules(manuscript, Config(), Context(crossref=lookups.answer(manuscript))) if split_right else []
        for position, entry in enumerate(entries, 1):
            mine = [f for f in findings if f.location.reference == position] if split_right else []
            suggested = {
                str(
                    f.evidence.get("suggested_doi") or f.evidence.get("doi")
                    if f.rule == "CR04"
                    else f.evidence.get("suggested_doi") or ""
                ).lower()
                for f in mine
                if f.rule in ("CR01", "CR03", "CR04")
            } - {"", "none"}
            if suggested - {entry.doi.lower()}:
                tally.wrong_suggestions.append((entry.kind, entry.text, sorted(suggested)))
            if entry.kind:
                rule, field_name = KINDS[entry.kind]
                hits = [f for f in mine if f.rule == rule]
                if field_name:
                    accepted = {field_name, "first author"} if field_name == "author order" else {field_name}
                    hits = [f for f in hits if accepted & set(f.evidence.get("fields", {}))]
                if entry.kind == "missing DOI":
                    hits = [f for f in hits if str(f.evidence.get("doi", "")).lower() == entry.doi.lower()]
                for t in (tally, kinds[entry.kind]):
                    t.injected[entry.kind] += 1
                    t.found[entry.kind] += bool(hits)
                if not hits:
                    tally.misses.append(
                        (
                            entry.kind,
                            entry.text,
                            [(f.rule, f.message) for f in mine] or ["(list split wrongly)"] * (not split_right),
                        )
                    )
            else:
                tally.clean += 1
                serious = [f for f in mine if f.severity in (Severity.ERROR, Severity.WARNING)]
                if serious or not split_right:
                    tally.flagged += 1
                    tally.alarms.append(
                        (entry.text, [(f.rule, f.message) for f in serious] or ["(list split wrongly)"])
                    )


def _share(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["train", "dev", "test"])
    parser.add_argument("--styles", default=",".join(s.name for s in corpus.STYLES))
    parser.add_argument("--records", type=int, default=0, help="use only the first N records of the split")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=0, help="print up to N missed errors and false alarms")
    args = parser.parse_args()

    records = corpus.load_records()
    pool = [r for r in records if checkable(r) and corpus.split_of(r["DOI"]) == args.split]
    if args.records:
        pool = pool[: args.records]
    elsewhere = [r for r in records if checkable(r) and corpus.split_of(r["DOI"]) == "train"]
    rng = random.Random(args.seed)
    reserved = rng.sample(pool, max(2, int(len(pool) * UPDATED_SHARE)))
    updated = {r["DOI"]: ("retraction" if i % 2 == 0 else "correction") for i, r in enumerate(reserved)}
    styles = [corpus.STYLE_BY_NAME[name] for name in args.styles.split(",")]

    totals, by_kind = Tally(), defaultdict(Tally)
    rows = []
    with StandIn(
        served_index(records, updated, args.seed), other_agency=OTHER_AGENCY, fuzzy=True, enforce_limits=False
    ) as server:
        for style in styles:
            lookups = make_lookups(server)
            fast = Limiter(Pool("benchmark", 1000, 1000, 3))  # the stand-in is local: no need to pace it
            lookups.crossref.run.limiter = fast
            lookups.doi_org.run.limiter = fast
            manuscripts = build(
                style,
                pool,
                elsewhere,
                {d: ("retracted" if k == "retraction" else "corrected") for d, k in updated.items()},
                args.seed,
            )
            tally = Tally()
            evaluate(style, manuscripts, lookups, tally, by_kind)
            rows.append((style, tally))
            totals.injected.update(tally.injected)
            totals.found.update(tally.found)
            totals.clean += tally.clean
            totals.flagged += tally.flagged
            totals.alarms += tally.alarms
            totals.misses += tally.misses
            totals.wrong_suggestions += tally.wrong_suggestions
            print(
                f"  {style.name}: {sum(tally.found.values())}/{sum(tally.injected.values())} found, "
                f"{tally.flagged}/{tally.clean} clean flagged",
                file=sys.stderr,
            )

    print(f"split: {args.split} ({len(pool)} records), seed {args.seed}, fuzzy search with near-duplicates\n")
    print("| style | family | injected | found | recall | clean | with a warning or error | share |")
    print("|---|---|---|---|---|---|---|---|")
    for style, t in rows:
        inj, fnd = sum(t.injected.values()), sum(t.found.values())
        print(
            f"| {style.name} | {style.family} | {inj} | {fnd} | {_share(fnd, inj)} | {t.clean} | {t.flagged} | {_share(t.flagged, t.clean)} |"
        )
    inj, fnd = sum(totals.injected.values()), sum(totals.found.values())
    print(
        f"| **all** | | {inj} | {fnd} | **{_share(fnd, inj)}** | {totals.clean} | {totals.flagged} | **{_share(totals.flagged, totals.clean)}** |"
    )
    print("\n| error injected | rule (field) | injected | found | recall |")
    print("|---|---|---|---|---|")
    for kind, (rule, field_name) in KINDS.items():
        print(
            f"| {kind} | {rule}{f' ({field_name})' if field_name else ''} | {totals.injected[kind]} | {totals.found[kind]} | {_share(totals.found[kind], totals.injected[kind])} |"
        )
    causes = Counter(
        f"{rule}" + (f" {msg.split(' on ', 1)[-1]}" if rule == "CR02" else "")
        for _, found in totals.alarms
        for rule, msg in (x if isinstance(x, tuple) else (x, "") for x in found)
    )
    print("\nfalse warnings by rule:", dict(causes.most_common()))
    print(
        f"references given a DOI suggestion (CR01, CR03, CR04) that is not the cited work's: {len(totals.wrong_suggestions)}"
    )
    if args.show:
        print("\nmissed:")
        for kind, text, found in totals.misses[: args.show]:
            print(f"  [{kind}] {text}\n      {found}")
        print("\nwrong suggestions:")
        for kind, text, suggested in totals.wrong_suggestions[: args.show]:
            print(f"  [{kind}] {text}\n      {suggested}")
        print("\nfalse alarms:")
        for text, found in totals.alarms[: args.show]:
            print(f"  {text}\n      {found}")


if __name__ == "__main__":
    main()
