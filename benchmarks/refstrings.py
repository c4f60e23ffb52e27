"""Parse the 2,000 real reference strings and report DOI and year extraction rates.

Usage: python benchmarks/refstrings.py [fixtures/refstrings/crossref-real-unstructured-2k.json]
"""

import json
import re
import sys
import time
from pathlib import Path

from linter.readers.reference_fields import parse

DEFAULT = Path(__file__).resolve().parent.parent / "fixtures/refstrings/crossref-real-unstructured-2k.json"
YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20[0-2]\d|2030)(?!\d)")
HAS_DOI = re.compile(r"10\.\d{4,9}/")


def measure(items: list[dict]) -> dict:
    doi_total = doi_right = year_total = year_found = 0
    misses = []
    for item in items:
        text = item["ref_string"]
        fields = parse(text)
        if HAS_DOI.search(text) and item["gold_doi"]:
            doi_total += 1
            if (fields.doi or "").lower() == item["gold_doi"].lower():
                doi_right += 1
            else:
                misses.append(("doi", fields.doi, item["gold_doi"]))
        if YEAR.search(text):
            year_total += 1
            if fields.year is not None and str(fields.year) in text:
                year_found += 1
            else:
                misses.append(("year", None, text[:120]))
    return {
        "strings": len(items),
        "with_doi": doi_total,
        "doi_correct": doi_right,
        "doi_rate": doi_right / doi_total if doi_total else 1.0,
        "with_year": year_total,
        "year_found": year_found,
        "year_rate": year_found / year_total if year_total else 1.0,
        "misses": misses,
    }


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    items = json.loads(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = measure(items)
    elapsed = time.perf_counter() - started
    for kind, got, expected in result.pop("misses"):
        print(f"miss {kind}: got {got!r} expected {expected!r}")
    print(
        f"{result['strings']} strings parsed in {elapsed:.2f}s; "
        f"DOI {result['doi_correct']}/{result['with_doi']} = {result['doi_rate']:.1%}; "
        f"year {result['year_found']}/{result['with_year']} = {result['year_rate']:.1%}"
    )
