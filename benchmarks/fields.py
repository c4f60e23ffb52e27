"""Field accuracy of the reference parser, per style and per field, on records it was not trained on.

References are real Crossref records printed in 17 journal styles (styles_corpus.py);
by default those of the held-out test split, which neither training nor tuning sees
(`--split dev` for tuning). A field is right when the parsed value equals the gold
one after normalisation (case, diacritics, spacing and punctuation for text; dashes
and abbreviated ranges for pages); a field the reference does not print is right
when the parser finds none. Then the 2,000 real reference strings (DOI and year),
as benchmarks/refstrings.py measures them.

Usage: python benchmarks/fields.py [--split test|dev] [--records FILE] [--misses FIELD] [--model FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from linter.readers.reference_fields import parse  # noqa: E402
from tests.field_scoring import score  # noqa: E402

FIELDS = ("first author", "title", "container", "year", "volume", "issue", "pages", "doi")
TARGETS = {
    "year": 0.97,
    "volume": 0.95,
    "pages": 0.95,
    "doi": 0.95,
    "first author": 0.95,
    "title": 0.90,
    "container": 0.90,
}


def accuracy(rows) -> tuple[dict[str, dict[str, float]], dict[str, int], list]:
    """rows: (style, text, gold) -> per-style per-field accuracy, counts, misses."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[str, int] = defaultdict(int)
    misses = []
    for style, text, gold in rows:
        fields = parse(text)
        counts[style] += 1
        counts["all"] += 1
        for name, ok in score(fields, gold).items():
            right[style][name] += ok
            right["all"][name] += ok
            if not ok:
                misses.append((name, style, text, fields, gold))
    table = {style: {name: right[style][name] / counts[style] for name in FIELDS} for style in counts}
    return table, dict(counts), misses


def print_table(table: dict, counts: dict, targets: bool = True) -> None:
    print(f"| style | refs | {' | '.join(FIELDS)} |")
    print("|---|---:|" + "---:|" * len(FIELDS))
    for style in [s for s in table if s != "all"] + ["all"]:
        cells = " | ".join(f"{table[style][name]:.3f}" for name in FIELDS)
        print(f"| {style} | {counts[style]} | {cells} |")
    worst = {name: min(table[s][name] for s in table if s != "all") for name in FIELDS}
    print("| lowest style | | " + " | ".join(f"{worst[name]:.3f}" for name in FIELDS) + " |")
    if not targets:
        return
    failing = [f"{name} {worst[name]:.3f} < {TARGETS[name]}" for name in TARGETS if worst[name] < TARGETS[name]]
    print("targets met in every style" if not failing else "below target in some style: " + "; ".join(failing))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument(
        "--records", type=Path, default=None, help="Crossref records (default ../shared/crossref/works.jsonl)"
    )
    parser.add_argument("--misses", default=None, help="print the references that got this field wrong")
    parser.add_argument("--model", type=Path, default=None, help="a CRF model other than the shipped one")
    args = parser.parse_args()
    if args.model:
        import pycrfsuite

        from linter.readers import reference_crf

        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.model))
        reference_crf.tagger = lambda: tagger

    from styles_corpus import EXTRA_STYLES, SHARED_RECORDS, STYLES, corpus, load_records

    records = load_records(args.records or SHARED_RECORDS)
    rendered = list(corpus(records, splits=(args.split,)))
    started = time.perf_counter()
    table, counts, misses = accuracy((r.style, r.text, r.gold) for r in rendered)
    elapsed = time.perf_counter() - started
    print(
        f"{counts['all']} references ({args.split} split, {len({r.doi for r in rendered})} records) parsed in {elapsed:.1f}s\n"
    )
    print_table(table, counts)

    extra = list(corpus(records, splits=(args.split,), styles=EXTRA_STYLES))
    table, counts, extra_misses = accuracy((r.style, r.text, r.gold) for r in extra)
    print(f"\nThe same articles in the styles trained on beside those 17 ({counts['all']} references):\n")
    print_table(table, counts, targets=False)
    others = list(corpus(records, splits=(args.split,), styles=STYLES + EXTRA_STYLES, works="other"))
    table, counts, other_misses = accuracy((r.gold["kind"], r.text, r.gold) for r in others)
    print(
        f"\nOther works ({len({r.doi for r in others})} records: books, chapters, reports, proceedings papers, "
        f"preprints) in all {len(STYLES + EXTRA_STYLES)} styles, by CSL type ({counts['all']} references):\n"
    )
    print_table(table, counts, targets=False)
    if args.misses:
        for name, style, text, fields, gold in misses + extra_misses + other_misses:
            if name == args.misses:
                print(f"\n[{style}] {text}\n  parsed: {fields}\n  gold:   {gold}")

    from refstrings import DEFAULT, measure

    items = json.loads(DEFAULT.read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = measure(items)
    elapsed = time.perf_counter() - started
    print(
        f"\n{result['strings']} real reference strings parsed in {elapsed:.2f}s: "
        f"DOI {result['doi_correct']}/{result['with_doi']} = {result['doi_rate']:.1%}; "
        f"year {result['year_found']}/{result['with_year']} = {result['year_rate']:.1%}"
    )
    if PDF_REAL.exists():
        print(printed_references())


PDF_REAL = ROOT.parent / "shared" / "corpus" / "pdf-real" / "gold"


def printed_references() -> str:
    """Year and DOI of the verbatim reference strings (JATS mixed-citation) of ../shared/corpus/pdf-real."""
    year_right = year_total = doi_right = doi_total = strings = 0
    for path in sorted(PDF_REAL.glob("*.json")):
        for reference in json.loads(path.read_text(encoding="utf-8"))["references"]:
            if reference.get("text_from") is not None:  # joined from fields, not printed text
                continue
            strings += 1
            fields = parse(reference["text"])
            if reference.get("year", "")[:4].isdigit():
                year_total += 1
                year_right += fields.year == int(reference["year"][:4])
            if reference.get("doi") and "10." in reference["text"]:
                doi_total += 1
                doi_right += (fields.doi or "").lower() == reference["doi"].lower()
    return (
        f"{strings} verbatim reference strings of pdf-real (publishers' JATS mixed-citation): "
        f"year {year_right}/{year_total} = {year_right / year_total:.1%}; DOI {doi_right}/{doi_total} = {doi_right / doi_total:.1%}"
    )


if __name__ == "__main__":
    main()
