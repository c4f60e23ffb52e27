"""A back catalogue against a local snapshot store: lookups, searches, and N manuscripts three ways.

1. `citeqa snapshot build` of ../shared/crossref/works.jsonl (1,772 real records), and of a
   larger store made from them (each record copied with another DOI and volume) to see
   lookups and searches on more than a toy.
2. DOI lookups a second from one process, batched 1,000 at a time, half of them DOIs the
   store lacks; search latency (median, 95th percentile) for 2,000 real reference strings
   (../shared/refstrings, works mostly absent from the store: the search's cost, not its luck)
   and, for the held-out style corpus (fixtures/styles/heldout.jsonl: real records printed
   by citeproc-py in 17 styles, DOIs removed), how often the right work is the first candidate.
3. N manuscripts generated from the records (tests/injected.py's Vancouver manuscripts with
   injected errors, several seeds), checked with `--snapshot DIR` and `--format jsonl`: in one
   process (`--jobs 1`), with `--jobs 2`, and on a local Dask cluster of 2 workers
   (`--engine dask --jobs 2`); rows compared (order aside); wall and CPU seconds, peak memory
   of every process, Crossref requests (the endpoints point at a closed port).
4. The 61 PLOS JATS articles of fixtures/plos with `--snapshot DIR --jobs 1`: the cost of a real
   article, for the projection.

Usage: nice python benchmarks/catalogue.py [--sizes 1000,10000 (0: lookups only)] [--copies 60] [--json PATH]
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

import timing  # noqa: E402 (benchmarks/, beside this script)

SHARED = ROOT.parent / "shared"
RECORDS = SHARED / "crossref" / "works.jsonl"
REFSTRINGS = SHARED / "refstrings" / "crossref-real-unstructured-2k.json"
HELDOUT = ROOT / "fixtures" / "styles" / "heldout.jsonl"
CLOSED = {"CITEQA_CROSSREF_URL": "http://127.0.0.1:9", "CITEQA_DOI_URL": "http://127.0.0.1:9", "PYTHONPATH": str(ROOT)}
LINK = re.compile(r"https?://\S+|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+", re.IGNORECASE)


def timed(args: list[str]) -> dict:
    """`python -m linter ARGS` with the endpoints on a closed port (benchmarks/timing.py)."""
    return timing.timed(args, env=timing.environment(CLOSED))


def build_stores(folder: Path, copies: int) -> dict:
    records = [json.loads(line) for line in RECORDS.open(encoding="utf-8")]
    small = timed(["snapshot", "build", str(RECORDS), "-o", str(folder / "store")])
    big_source = folder / "copies.jsonl"
    with big_source.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for r in records:
                volume = str(int(r["volume"]) + copy) if str(r.get("volume", "")).isdigit() else r.get("volume")
                out.write(
                    json.dumps({**r, "DOI": f"{r['DOI']}.c{copy}" if copy else r["DOI"], "volume": volume}) + "\n"
                )
    big = timed(["snapshot", "build", str(big_source), "-o", str(folder / "big")])
    return {
        "small": {"records": len(records), "seconds": small["wall"], "code": small["code"]},
        "big": {
            "records": len(records) * copies,
            "seconds": big["wall"],
            "code": big["code"],
            "mb": sum(f.stat().st_size for f in (folder / "big").glob("*.parquet")) / 1e6,
        },
    }


def lookups_and_searches(store: Path, dois: list[str]) -> dict:
    from linter.crossref.store import Store

    s = Store(store)
    s.works(dois[:10])  # opened
    rng = random.Random(1)
    wanted = [d if rng.random() < 0.5 else d + ".absent" for d in dois]
    rng.shuffle(wanted)
    wanted = (wanted * (50_000 // len(wanted) + 1))[:50_000]
    started = time.perf_counter()
    found = sum(len(s.works(wanted[i : i + 1000])) for i in range(0, len(wanted), 1000))
    seconds = time.perf_counter() - started
    strings = [r["ref_string"] for r in json.loads(REFSTRINGS.read_text(encoding="utf-8"))]
    latencies, cpu = [], []
    for text in strings:
        started, used = time.perf_counter(), time.process_time()
        s.search(text)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    heldout = [json.loads(line) for line in HELDOUT.open(encoding="utf-8")]
    top = sum(
        1
        for h in heldout
        if (s.search(LINK.sub(" ", h["text"])) or [{"DOI": ""}])[0]["DOI"].lower() == h["doi"].lower()
    )
    return {
        "dois_per_second": len(wanted) / seconds,
        "found": found,
        "asked": len(wanted),
        "search_median_ms": statistics.median(latencies),
        "search_p95_ms": sorted(latencies)[int(0.95 * len(latencies))],
        "search_median_cpu_ms": statistics.median(cpu),
        "heldout_top1": top / len(heldout),
        "heldout": len(heldout),
    }


def manuscripts(folder: Path, n: int) -> list[Path]:
    from tests.injected import (
        build,  # the tests' manuscript maker, here on the shared records
    )

    records = [json.loads(line) for line in RECORDS.open(encoding="utf-8")]
    out = folder / f"ms{n}"
    out.mkdir()
    paths, seed = [], 0
    while len(paths) < n:
        for text, _, _ in build(records, seed=seed, per_manuscript=25):
            if len(paths) == n:
                break
            path = out / f"m{len(paths):05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        seed += 1
    return paths


def run_three_ways(store: Path, folder: Path) -> dict:
    ways = {
        "one process": ["--jobs", "1"],
        "--jobs 2": ["--jobs", "2"],
        "Dask, 2 workers": ["--engine", "dask", "--jobs", "2"],
    }
    results, rows = {}, {}
    for name, extra in ways.items():
        args = [
            "check",
            "--snapshot",
            str(store),
            *(["--format", "jsonl"] if "dask" not in extra else []),
            *extra,
            str(folder),
        ]
        r = timed(args)
        lines = r["out"].splitlines()
        rows[name] = sorted(lines)
        parsed = [json.loads(line) for line in lines]
        results[name] = {
            "files": len(lines),
            "wall": r["wall"],
            "cpu": r["cpu"],
            "per_second": len(lines) / r["wall"],
            "cpu_ms_per_manuscript": 1000 * r["cpu"] / max(1, len(lines)),
            "peak_mb": [round(p) for p in r["peaks"][:4]],
            "requests": sum((p["crossref"] or {}).get("requests", 0) for p in parsed),
            "code": r["code"],
            "errors": sum(1 for p in parsed if p["error"]),
        }
    same = all(rows[name] == rows["one process"] for name in rows)
    return {"ways": results, "same_rows": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--copies", type=int, default=60, help="copies of each record in the larger store")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    report: dict = {"load": os.getloadavg()}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        report["build"] = build_stores(folder, options.copies)
        print("build", json.dumps(report["build"]), flush=True)
        dois = [json.loads(line)["DOI"] for line in RECORDS.open(encoding="utf-8")]
        for name in ("store", "big"):
            report[f"lookups {name}"] = lookups_and_searches(folder / name, dois)
            print(f"lookups {name}", json.dumps(report[f"lookups {name}"]), flush=True)
        plos = timed(
            [
                "check",
                "--snapshot",
                str(folder / "store"),
                "--format",
                "jsonl",
                "--jobs",
                "1",
                str(ROOT / "fixtures" / "plos"),
            ]
        )
        report["plos"] = {
            "files": len(plos["out"].splitlines()),
            "wall": plos["wall"],
            "cpu": plos["cpu"],
            "cpu_ms_per_article": 1000 * plos["cpu"] / max(1, len(plos["out"].splitlines())),
        }
        print("plos", json.dumps(report["plos"]), flush=True)
        for n in (int(size) for size in options.sizes.split(",") if int(size)):
            paths = manuscripts(folder, n)
            report[f"n={n}"] = run_three_ways(folder / "store", paths[0].parent)
            print(f"n={n}", json.dumps(report[f"n={n}"]), flush=True)
    report["load_after"] = os.getloadavg()
    if options.json:
        options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
