"""Injected-error accuracy against the Crossref stand-in: what tests/test_crossref.py asserts, printed.

Manuscripts built from real records (tests/injected.py) with known errors; counts the
injected errors found by the right rule on the right reference, and the warnings or
errors that clean references draw.
Usage: python benchmarks/crossref_accuracy.py [seed ...]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import OTHER_AGENCY, make_lookups, served_records  # noqa: E402
from crossref_standin import StandIn  # noqa: E402
from injected import evaluate  # noqa: E402


def main(seeds: list[int]) -> None:
    records = served_records()
    with StandIn(records, other_agency=OTHER_AGENCY) as server:
        for seed in seeds:
            result = evaluate(make_lookups(server), records, seed=seed)
            missed = Counter(kind for kind, _, _ in result["misses"])
            print(
                f"seed {seed}: {result['found']}/{result['injected']} injected errors found by the right rule "
                f"({result['recall']:.1%}); clean references {result['clean']}, warnings or errors on them {result['false_alarms']}"
                + (f"; missed {dict(missed)}" if missed else "")
            )


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [7, 8, 9])
