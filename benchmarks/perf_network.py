"""Crossref cost of whole citeqa runs against the stand-in, with the pools' limits enforced.

Each scenario runs `python -m linter check ...` as a user would (start-up included)
against tests/crossref_standin.py, which answers like Crossref with added latency
and answers 429 to any request over its pool's limits (strictly: no more than the
announced rate in any one-second window, no more than the concurrency limit).
Manuscripts are built from the real Crossref records in ../shared/crossref/
(fixtures/crossref/ when that is absent): 80% of the references carry their DOI,
the rest are searched for.

The floor of a scenario is the least time its necessary requests can take under
the pool's limits: ceil(distinct DOIs / 50) batches plus one search per distinct
reference string without a verified DOI, at the pool's list rate (3 in any one
second polite, 1 public), plus one round trip.

Usage: python benchmarks/perf_network.py [--latency 0.15] [--json out.json] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

from timing import compile_package, environment, timed  # noqa: E402 (benchmarks/, beside this script)

from linter.crossref.records import from_record  # noqa: E402
from tests.crossref_standin import POOLS, StandIn  # noqa: E402
from tests.injected import usable, vancouver  # noqa: E402

SHARED = Path(os.environ.get("CITEQA_SHARED", ROOT.parent / "shared")) / "crossref" / "works.jsonl"
FIXTURE = ROOT / "fixtures" / "crossref" / "works.jsonl"
BATCH = 50


def records() -> list[dict]:
    source = SHARED if SHARED.exists() else FIXTURE
    return [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]


class Library:
    """Reference texts, one per work and the same in every manuscript that cites it
    (a shared bibliography), and works to serve as the articles themselves."""

    def __init__(self, recs: list[dict], seed: int = 11):
        rng = random.Random(seed)
        works = [w for w in map(from_record, recs) if usable(w)]
        rng.shuffle(works)
        self.rng = rng
        self.works = works
        self.used = 0

    def take(self, count: int, doi_share: float = 0.8) -> list[tuple[str, str | None]]:
        """`count` fresh works as (reference text, DOI or None)."""
        chosen = self.works[self.used : self.used + count]
        if len(chosen) < count:
            raise SystemExit(f"only {len(self.works)} usable works for {self.used + count}")
        self.used += count
        with_doi = round(count * doi_share)
        return [
            (vancouver(w, self.rng, doi="own" if i < with_doi else None), w.doi if i < with_doi else None)
            for i, w in enumerate(chosen)
        ]


def manuscript(article_doi: str, entries: list[tuple[str, str | None]]) -> str:
    """Plain text with the article's DOI, citations and a numbered reference list."""
    body = " ".join(f"Shown before [{i}]." for i in range(1, len(entries) + 1))
    listing = "\n".join(f"{i}. {text}" for i, (text, _) in enumerate(entries, 1))
    return f"DOI: {article_doi}\n\nIntroduction\n\n{body}\n\nReferences\n\n{listing}\n"


def floor(pool: str, dois: int, searches: int, singles: int, latency: float) -> tuple[int, float]:
    """(necessary list requests, least seconds they and the single requests take)."""
    single_rate, list_rate, concurrency = POOLS[pool]
    lists = math.ceil(dois / BATCH) + searches

    def least(n: int, rate: float) -> float:
        """The stand-in (like Crossref's announced limits) allows `rate` requests in any one second:
        the first of each second's requests may go together, the last waits for its second."""
        if n == 0:
            return 0.0
        burst = max(1, math.floor(rate))
        return max((math.ceil(n / burst) - 1) * burst / rate, (math.ceil(n / concurrency) - 1) * latency) + latency

    return lists, max(least(lists, list_rate), least(singles, single_rate))


report_cpu = [0.0]
ends = [0.0, 0.0]


def run(
    server: StandIn, pool: str, files: list[Path], cache: Path, transient_429s: int = 0
) -> tuple[float, dict, bytes]:
    command = [
        "check",
        *map(str, files),
        "--format",
        "json",
        "--cache",
        str(cache),
        "--online",
        "--crossref-url",
        server.url,
        "--doi-url",
        server.url,
    ]
    if pool == "polite":
        command += ["--mailto", "bench@example.org"]
    server.reset()
    server.fail("429", times=transient_429s)
    started = time.monotonic()  # the stand-in's clock
    done = timed(command, env=environment(drop_prefix="CITEQA_"))
    report_cpu[0] = done["cpu"]
    log = server.requests()
    if log:  # before the first request arrived; after the last answer left (the stand-in's latency after it)
        ends[:] = [min(r["time"] for r in log) - started, started + done["wall"] - max(r["time"] for r in log)]
    else:
        ends[:] = [0.0, 0.0]
    if done["code"] not in (0, 1):
        raise SystemExit(f"citeqa exited {done['code']}: {done['err'][-2000:]}")
    return done["wall"], json.loads(done["out"]), done["out"]


def measure(
    name: str,
    server: StandIn,
    pool: str,
    texts: list[str],
    folder: Path,
    latency: float,
    warm: bool,
    dois: set[str],
    searches: set[str],
    transient_429s: int = 0,
    reports: Path | None = None,
) -> dict:
    files = []
    for n, text in enumerate(texts):
        path = folder / f"{name}-{n:03d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    cache = folder / f"{name}.sqlite3"
    if warm:
        run(server, pool, files, cache)  # fill the cache, then time the run from it
    wall, report, raw = run(server, pool, files, cache, transient_429s)
    if reports is not None:  # to compare runs of two versions: the same findings, files in the same order
        (reports / f"{name}.json").write_bytes(raw)
    log = server.requests()
    kinds = Counter(r["kind"] for r in log)
    refused = sum(1 for r in log if not r["admitted"])  # over the limits: the injected 429s are not counted
    statuses = Counter(f["crossref"]["status"] for f in report["files"])
    unchecked = sum(len(f["crossref"]["not_checked"]) for f in report["files"])
    lists, least = floor(pool, len(dois), len(searches), 0, latency) if not warm else (0, 0.0)
    ratio = round(wall / least, 3) if least else None
    # the network part alone: first request sent to last answer, which start-up and CPU contention do not stretch
    span = (max(r["time"] for r in log) - min(r["time"] for r in log) + latency) if log else 0.0
    network_ratio = round(span / least, 3) if least else None
    first, tail = ends[0], ends[1] - latency
    target, met = goal(name, pool, wall, ratio, refused, kinds["batch"] + kinds["search"], lists)
    return {
        "scenario": name,
        "name": name,
        "target": target,
        "met": met,
        "summary": (
            f"{kinds['batch']} batch + {kinds['search']} search (needed {lists}), {refused} 429s, "
            f"{wall:.2f} s wall, {report_cpu[0]:.2f} s CPU"
            + (f", network {span:.2f} s, floor {least:.2f} s: network {network_ratio}x, wall {ratio}x" if least else "")
            + (f" (first request at {first:.2f} s, {tail:.2f} s after the last answer)" if log else "")
        ),
        "pool": pool,
        "files": len(files),
        "requests": {
            "batch": kinds["batch"],
            "search": kinds["search"],
            "single": kinds["work"],
            "handle": kinds["handle"],
        },
        "list_requests": kinds["batch"] + kinds["search"],
        "necessary_list_requests": lists,
        "http_429": refused,
        "status": dict(statuses),
        "not_checked": unchecked,
        "wall_s": round(wall, 3),
        "cpu_s": round(report_cpu[0], 3),
        "network_s": round(span, 3),
        "floor_s": round(least, 3),
        "ratio": ratio,
        "network_ratio": network_ratio,
        "first_request_s": round(first, 3),
        "after_last_answer_s": round(tail, 3),
    }


def goal(
    name: str, pool: str, wall: float, ratio: float | None, refused: int, lists: int, needed: int
) -> tuple[str, bool]:
    """Issue 12's target for a scenario, and whether it is met: the wall time, start-up and all, over
    the floor (`ratio`; the network part alone is printed beside it)."""
    if name.startswith("warm"):
        return "< 0.4 s wall, no request", wall < 0.4 and lists == 0
    if "429" in name:
        return "complete despite eight 429s, no 429 of its own", refused == 0
    bound = 1.3 if "manuscripts" in name else 1.15 if pool == "polite" else 1.25
    return f"wall <= {bound}x floor, 0 429s", ratio is not None and ratio <= bound and refused == 0


def scenarios(library: Library) -> dict:
    """name -> (pool, texts, warm, DOIs to verify, references to search for)."""
    plans = {}

    def plan(pool, articles, cited, warm=False, transient_429s=0):
        texts = [manuscript(a, entries) for a, entries in zip(articles, cited, strict=True)]
        dois = {d.lower() for d in articles} | {d.lower() for entries in cited for _, d in entries if d}
        searches = {t for entries in cited for t, d in entries if not d}
        return pool, texts, warm, dois, searches, transient_429s

    for size in (30, 100, 300):
        ((_, article),) = library.take(1, doi_share=1.0)
        entries = library.take(size)
        for pool in ("polite", "public"):
            plans[f"cold-{size}-{pool}"] = plan(pool, [article], [entries])
    ((_, article),) = library.take(1, doi_share=1.0)
    plans["warm-30-polite"] = plan("polite", [article], [library.take(30)], warm=True)
    for count, cited, shared in ((10, 30, 100), (200, 20, 150)):
        pool_entries = library.take(shared)
        articles = [d for _, d in library.take(count, doi_share=1.0)]
        rng = random.Random(count)
        plans[f"{count}-manuscripts-polite"] = plan(
            "polite", articles, [rng.sample(pool_entries, cited) for _ in articles]
        )
        if count == 10:  # the same run, with the first eight requests answered 429 (a passing overload)
            plans["10-manuscripts-8x429"] = plan(
                "polite", articles, [rng.sample(pool_entries, cited) for _ in articles], transient_429s=8
            )
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.15, help="seconds added to every answer")
    parser.add_argument("--json", type=Path, help="write the results here as a JSON list")
    parser.add_argument("--only", nargs="*", help="scenario names to run")
    parser.add_argument("--reports", type=Path, help="write each scenario's JSON report into this folder")
    args = parser.parse_args()
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    compile_package()
    recs = records()
    plans = scenarios(Library(recs))
    results = []
    with StandIn(recs, latency=args.latency, slack=0) as server, tempfile.TemporaryDirectory() as tmp:
        for name, (pool, texts, warm, dois, searches, transient_429s) in plans.items():
            if args.only and name not in args.only:
                continue
            result = measure(
                name, server, pool, texts, Path(tmp), args.latency, warm, dois, searches, transient_429s, args.reports
            )
            results.append(result)
            r = result
            print(
                f"{name:24} {r['requests']['batch']:4} batch {r['requests']['search']:4} search "
                f"{r['requests']['single']:3} single {r['requests']['handle']:3} handle | list {r['list_requests']:4} "
                f"(needed {r['necessary_list_requests']:4}) | 429s {r['http_429']:3} | {r['wall_s']:7.2f}s "
                f"(cpu {r['cpu_s']:5.2f}s, network {r['network_s']:6.2f}s) floor {r['floor_s']:6.2f}s ratio {r['ratio'] or '-'} "
                f"(network {r['network_ratio'] or '-'}) | first {r['first_request_s']:.2f}s tail {r['after_last_answer_s']:.2f}s "
                f"| {r['status']} unchecked {r['not_checked']}",
                flush=True,
            )
    print(
        f"(stand-in latency {args.latency:.2f}s; limits enforced strictly: polite 10 single and 3 list a second, "
        f"3 at once; public 5 and 1, 1 at once)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
