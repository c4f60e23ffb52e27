"""Tune and measure the DOI matcher (CR04) against the Crossref stand-in.

Positives: references without DOIs to works the stand-in serves, in four styles
(Vancouver, APA, a short form without title, a title with typos). Negatives:
the same styles for real works it does not serve (fixtures/crossref/unserved.jsonl),
where the right answer is "no match". For each threshold it prints precision
(suggested DOIs that are right) and recall (positives given their right DOI).

Usage: python benchmarks/matching.py
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

from linter.compare import initials  # noqa: E402
from linter.crossref.records import from_record  # noqa: E402
from linter.model import Location  # noqa: E402
from linter.readers.reference_list import build_reference  # noqa: E402
from tests.crossref_standin import StandIn  # noqa: E402
from tests.injected import usable, vancouver  # noqa: E402
from tests.support import CROSSREF_FIXTURES, make_lookups, served_records  # noqa: E402


def styles(work, rng):
    authors_apa = ", ".join(f"{f}, {'. '.join(initials(g).upper())}." for f, g in work.authors[:5])
    pages = work.page or work.article_number
    typo = " ".join(w[:-1] if len(w) > 6 and rng.random() < 0.3 else w for w in work.full_title.split())
    return {
        "vancouver": vancouver(work, rng, doi=None),
        "apa": f"{authors_apa} ({work.year}). {work.full_title}. {work.container}, {work.volume}"
        + (f"({work.issue})" if work.issue else "")
        + f", {pages}.",
        "short": f"{work.authors[0][0]} {initials(work.authors[0][1]).upper()}, et al. {work.short_container or work.container} {work.year};{work.volume}:{pages.split('-')[0]}.",
        "typos": vancouver(work, rng, doi=None, title=typo),
    }


def main():
    rng = random.Random(11)
    served = [w for w in map(from_record, served_records()) if usable(w)]
    unserved_lines = (CROSSREF_FIXTURES / "unserved.jsonl").read_text(encoding="utf-8").splitlines()
    unserved = [w for w in (from_record(json.loads(line)) for line in unserved_lines[2:]) if usable(w)]
    rng.shuffle(served)
    cases = [(w, True) for w in served[:50]] + [(w, False) for w in unserved[:50]]

    results = []  # (style, is_positive, best similarity, best DOI, true DOI)
    started = time.perf_counter()
    with StandIn(served_records()) as server:
        lookups = make_lookups(server)
        for work, positive in cases:
            for style, text in styles(work, rng).items():
                reference = build_reference(1, text, Location())
                answer = lookups.searches({1: reference})[1]
                best = answer.candidates[0] if answer.candidates else None
                results.append(
                    (style, positive, best.similarity if best else 0.0, best.work.doi if best else None, work.doi)
                )
        requests = server.requests()
    elapsed = time.perf_counter() - started

    print(f"{len(cases)} works x 4 styles = {len(results)} references; {len(requests)} searches in {elapsed:.1f}s")
    print(f"{'threshold':>9}  {'precision':>9}  {'recall':>6}  {'F1':>5}")
    for threshold in (0.5, 0.6, 0.65, 0.7, 0.72, 0.75, 0.8, 0.85, 0.9):
        suggested = [(r, r[3] == r[4]) for r in results if r[2] >= threshold]
        right = sum(1 for r, ok in suggested if ok and r[1])
        positives = sum(1 for r in results if r[1])
        precision = right / len(suggested) if suggested else 1.0
        recall = right / positives
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
        print(f"{threshold:>9.2f}  {precision:>9.3f}  {recall:>6.3f}  {f1:>5.3f}")
    from linter.matching import MATCH_THRESHOLD

    print(f"\nby style at the threshold in use ({MATCH_THRESHOLD}):")
    for style in ("vancouver", "apa", "short", "typos"):
        rows = [r for r in results if r[0] == style]
        suggested = [r for r in rows if r[2] >= MATCH_THRESHOLD]
        right = sum(1 for r in suggested if r[1] and r[3] == r[4])
        wrong = len(suggested) - right
        print(f"  {style:<9} right {right}/{sum(1 for r in rows if r[1])} positives, wrong suggestions {wrong}")


if __name__ == "__main__":
    main()
