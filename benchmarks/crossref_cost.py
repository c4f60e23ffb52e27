"""What checking a 50-reference manuscript (40 with DOIs) costs against Crossref.

Runs citeqa against the stand-in with added latency per request (default 0.2 s,
like a real round trip), cold and then warm from the cache, and, for comparison,
the one-request-per-DOI way (as peer tools use habanero's works(ids=[...])).

Usage: python benchmarks/crossref_cost.py [latency-seconds]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

from linter.crossref.cache import Cache  # noqa: E402
from linter.readers import plaintext  # noqa: E402
from tests.crossref_standin import StandIn  # noqa: E402
from tests.support import make_lookups, served_records  # noqa: E402
from tests.test_crossref import cost_manuscript  # noqa: E402


def main(latency: float) -> None:
    text, _ = cost_manuscript()
    manuscript = plaintext.read(text, "fifty.txt")
    with StandIn(served_records(), latency=latency) as server, tempfile.TemporaryDirectory() as folder:
        cache = Cache(Path(folder) / "cache.sqlite3")
        for label in ("cold cache", "warm cache"):
            server.reset()
            started = time.perf_counter()
            answers = make_lookups(server, cache=cache).answer(manuscript)
            elapsed = time.perf_counter() - started
            kinds = Counter(r["kind"] for r in server.requests())
            print(
                f"citeqa, {label}: {answers.requests} requests "
                f"({kinds['batch']} batch, {kinds['search']} searches, {kinds['work']} single, {kinds['handle']} doi.org), "
                f"{answers.cache_hits} cache hits, status {answers.status}, {elapsed:.2f}s"
            )

        server.reset()
        lookups = make_lookups(server)
        dois = [manuscript.doi] + [r.fields.doi for r in manuscript.references if r.fields.doi]
        started = time.perf_counter()
        for doi in dois:  # one request per DOI, in turn, under the same polite limits
            lookups.crossref.work(doi)
        for reference in manuscript.references:
            if not reference.fields.doi:
                lookups.crossref.search(reference.raw)
        elapsed = time.perf_counter() - started
        print(f"one request per DOI: {len(server.requests())} requests, {elapsed:.2f}s")
    print(
        f"(stand-in latency {latency:.2f}s a request; polite pool: 10 single and 3 list requests a second, 3 at once)"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.2)
