"""A long fuzz run: hostile inputs through every reader, the rules and every output format.

The same strategies as tests/hostile/test_properties.py (tests/hostile/inputs.py), far more
examples. Each input is checked as citeqa checks a file, without the last-resort handler,
so a bug shows as an exception: a crash. An input error (citeqa's one-line ReadError) is
an expected outcome. Results are rendered in every format, a report per batch of files,
and every report is validated (tests/hostile/report_validity.py): JSON against
schemas/report.schema.json, SARIF against the official schema, JUnit and HTML parsed,
text and GitHub output free of raw control and bidirectional characters.

Usage: nice python benchmarks/fuzz.py [--examples 100000] [--seconds 3000] [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

BATCH = 50  # files a report


class OutOfTime(Exception):
    """The worker's time budget is spent: ends hypothesis's generation."""


def mutate(data: bytes, rng) -> bytes:
    """One cheap random change: a cut, a deleted or doubled slice, a hostile token inserted, a byte changed."""
    from tests.hostile.inputs import NASTY, WORDS

    if not data:
        return rng.choice(NASTY).encode("utf-8", "surrogatepass")
    at, to = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    op = rng.randrange(6)
    if op == 0:
        return data[:at]
    if op == 1:
        return data[:at] + data[to:]
    if op == 2:
        return data[:to] + data[at:to] * rng.randrange(2, 5) + data[to:]
    if op == 3:
        return data[:at] + rng.choice(NASTY + WORDS).encode("utf-8", "surrogatepass") + data[at:]
    if op == 4:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    return data[:at] + rng.choice(WORDS).encode() + b"\n" + data[at:]


def run_kind(job: tuple[str, int, float, int, int]) -> dict:
    """Fuzz one input kind (or "outputs": hostile findings straight into the reports) for n examples or until the
    deadline: each hypothesis example, then `mutations` random mutations of it (hypothesis's generation costs
    several times what checking a small file does)."""
    kind, n, seconds, seed, mutations = job
    import random

    rng = random.Random(seed)
    import logging
    import os
    import signal

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed
    from hypothesis import strategies as st

    from linter.reports import FORMATS
    from tests.hostile.inputs import SUFFIX, check_one, file_results, inputs
    from tests.hostile.report_validity import check

    logging.disable(logging.CRITICAL)  # pdfminer's warnings on damaged files
    os.environ.setdefault("CITEQA_OFFLINE", "1")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stats = Counter()
    crashes: Counter = Counter()
    invalid: Counter = Counter()
    pending: list = []
    samples: list = []
    stop = time.monotonic() + seconds

    def report(results) -> None:
        for fmt, render in FORMATS.items():
            stats["reports"] += 1
            try:
                check(fmt, render(results, False))
            except Exception as error:  # noqa: BLE001 - counted and shown
                invalid[(fmt, f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}")] += 1

    with tempfile.TemporaryDirectory(
        dir="/dev/shm" if os.path.isdir("/dev/shm") else None
    ) as folder:  # a file written per example
        path = Path(folder) / f"input{SUFFIX.get(kind, '.txt')}"
        strategy = st.lists(file_results(), min_size=1, max_size=4) if kind == "outputs" else inputs(kind)

        @fixed_seed(seed)
        @settings(
            max_examples=n,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def one(example) -> None:
            if time.monotonic() > stop:
                raise OutOfTime()
            if kind == "outputs":
                stats["examples"] += 1  # hostile findings, a report per batch of files as for the readers
                pending.extend(example)
                if len(pending) >= BATCH:
                    report(pending)
                    pending.clear()
                return
            stats["generated"] += 1
            for variant in [example] + [mutate(example, rng) for _ in range(mutations)]:
                stats["examples"] += 1
                try:
                    result = check_one(path, variant)
                except Exception as error:  # noqa: BLE001 - a crash: what we are looking for
                    frame = traceback.extract_tb(error.__traceback__)[-1]
                    crashes[
                        (
                            type(error).__name__,
                            f"{Path(frame.filename).name}:{frame.lineno}",
                            str(error).splitlines()[0][:120] if str(error) else "",
                        )
                    ] += 1
                    if len(samples) < 20:
                        samples.append((kind, variant[:300]))
                    continue
                stats["input errors" if result.error else "checked"] += 1
                stats["findings"] += len(result.findings)
                pending.append(result)
                if len(pending) >= BATCH:
                    report(pending)
                    pending.clear()

        try:
            one()
        except OutOfTime:
            stats["stopped by the time budget"] += 1
        if pending:
            report(pending)
    return {"kind": kind, "stats": stats, "crashes": crashes, "invalid": invalid, "samples": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--examples",
        type=int,
        default=100_000,
        help="examples in all: --outputs of them hostile findings, the rest split across the input kinds",
    )
    parser.add_argument("--outputs", type=int, default=5_000)
    parser.add_argument(
        "--kinds", default="text,jats,bibtex,csljson,ris,latex,docx,pdf,outputs", help="comma-separated: which to fuzz"
    )
    parser.add_argument("--seconds", type=float, default=3000, help="wall-time budget for each worker's kind")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--mutations", type=int, default=4, help="random mutations checked after each generated input")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    readers = [k for k in kinds if k != "outputs"]
    share = -(
        -(args.examples - (args.outputs if "outputs" in kinds else 0)) // max(1, len(readers))
    )  # examples a kind; hypothesis generates share / (1 + mutations) of them
    started = time.monotonic()
    with multiprocessing.Pool(args.workers) as pool:
        jobs = [
            (
                k,
                args.outputs if k == "outputs" else -(-share // (1 + args.mutations)),
                args.seconds,
                args.seed,
                0 if k == "outputs" else args.mutations,
            )
            for k in kinds
        ]
        results = pool.map(run_kind, jobs, chunksize=1)
    total = Counter()
    print(
        f"{'kind':<9} {'generated':>9} {'examples':>9} {'checked':>8} {'input errors':>13} {'findings':>9} {'reports':>8} {'crashes':>8} {'invalid':>8}"
    )
    for r in results:
        s = r["stats"]
        crashes, invalid = sum(r["crashes"].values()), sum(r["invalid"].values())
        total.update(s)
        total.update({"crashes": crashes, "invalid": invalid})
        print(
            f"{r['kind']:<9} {s['generated'] or s['examples']:>9} {s['examples']:>9} {s['checked']:>8} {s['input errors']:>13} {s['findings']:>9} {s['reports']:>8} {crashes:>8} {invalid:>8}"
        )
    print(
        f"{'all':<9} {total['generated']:>9} {total['examples']:>9} {total['checked']:>8} {total['input errors']:>13} {total['findings']:>9} {total['reports']:>8} "
        f"{total['crashes']:>8} {total['invalid']:>8}"
    )
    print(f"wall time {time.monotonic() - started:.0f} s with {args.workers} workers")
    for r in results:
        for (name, where, message), count in r["crashes"].most_common():
            print(f"CRASH {r['kind']}: {count} x {name} at {where}: {message}")
        for (fmt, message), count in r["invalid"].most_common():
            print(f"INVALID {r['kind']} -> {fmt}: {count} x {message}")
        for kind, sample in r["samples"][:3]:
            print(f"  e.g. {kind}: {sample!r}")


if __name__ == "__main__":
    main()
