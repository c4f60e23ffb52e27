"""Every performance benchmark in one run, side by side: BENCHMARKS.md (Markdown tables) and a JSON file.

Runs benchmarks/perf_offline.py and, when it is there, benchmarks/perf_network.py, each with
`--json PATH`, and gathers their scenarios with the machine's load before and after (on a shared
machine wall times depend on the neighbours; the CPU figures do not).

Usage: python benchmarks/suite.py [--quick] [--markdown BENCHMARKS.md] [--json benchmarks/results.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ("perf_offline.py", "perf_network.py")
QUICK = {"perf_offline.py": ["--sizes", "1000,3000", "--files", "100,1000", "--repeat", "1"]}


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def run(script: str, quick: bool, folder: Path) -> dict:
    out = folder / f"{script}.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / script),
        "--json",
        str(out),
        *(QUICK.get(script, []) if quick else []),
    ]
    print(f"$ {' '.join(command[1:])}", flush=True)
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0 or not out.exists():
        return {"benchmark": script, "error": f"exit code {done.returncode}", "scenarios": []}
    found = json.loads(out.read_text(encoding="utf-8"))
    return found if isinstance(found, dict) else {"benchmark": script, "scenarios": found}


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(scenario, result, target, met) for any benchmark's JSON: `scenarios` as a list of dicts
    (name, summary, target, met, figures) or as a mapping of name to figures."""
    scenarios = result.get("scenarios", {k: v for k, v in result.items() if k not in ("benchmark", "error")})
    if isinstance(scenarios, dict):
        scenarios = [{"name": name, **(v if isinstance(v, dict) else {"value": v})} for name, v in scenarios.items()]
    table = []
    for s in scenarios:
        figures = {k: v for k, v in s.items() if k not in ("name", "summary", "target", "met")}
        summary = s.get("summary") or ", ".join(f"{k} {v}" for k, v in figures.items())
        met = s.get("met")
        table.append(
            (
                str(s.get("name", "?")),
                str(summary),
                str(s.get("target") or ""),
                "" if met is None else "yes" if met else "**no**",
            )
        )
    return table


def markdown(report: dict) -> str:
    lines = [
        "# citeqa benchmarks",
        "",
        f"Written by `python benchmarks/suite.py` on {report['date']} ({report['machine']}); "
        f"load average {report['load_before']} before, {report['load_after']} after. Medians where runs repeat.",
    ]
    for result in report["benchmarks"]:
        lines += ["", f"## {result.get('benchmark', '?')}", ""]
        if result.get("error"):
            lines += [f"Did not finish: {result['error']}.", ""]
        lines += ["| scenario | result | target | met |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(cell.replace('|', '/') for cell in row)} |" for row in rows(result)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, one run each (for trying the suite out)")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    options = parser.parse_args()
    report = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "load_before": load(),
        "benchmarks": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        for script in BENCHMARKS:
            if (ROOT / "benchmarks" / script).exists():
                report["benchmarks"].append(run(script, options.quick, Path(folder)))
    report["load_after"] = load()
    options.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    options.markdown.write_text(markdown(report), encoding="utf-8")
    print(f"wrote {options.markdown} and {options.json}")


if __name__ == "__main__":
    main()
