"""The fault matrix: each kind of lasting fault on each kind of request, through `citeqa check`.

The manuscript (tests/test_crossref_network.py) has an article DOI, two clean
references, a retracted work, an unregistered DOI, a DataCite DOI and two
references without a DOI. For each cell the stand-in answers every request of
one kind with one fault; the cell reports the exit code, the checks listed as
not run, any CR01/CR03/CR07 verdict the fault-free run does not give (false
verdicts), and the wall time, which the run's budget bounds (--crossref-budget,
plus one request's timeout).

Usage: python benchmarks/fault_matrix.py [--budget 10] [--timeout 2] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the repository: linter, and tests.* helpers

from click.testing import CliRunner  # noqa: E402

from linter.cli import main as citeqa  # noqa: E402
from tests.crossref_standin import StandIn  # noqa: E402
from tests.support import OTHER_AGENCY, online, served_records  # noqa: E402
from tests.test_crossref_network import FAULTS, KINDS, VERDICTS, matrix_manuscript  # noqa: E402


def check(
    server: StandIn, path: Path, budget: float, timeout: float, fault: str | None = None, where: dict | None = None
):
    """(exit code, the file's report, wall seconds) of one run, with a lasting fault if given."""
    server.reset()
    if fault:
        server.fail(fault, times=1000, **where)
    started = time.perf_counter()
    result = CliRunner().invoke(
        citeqa,
        [
            "check",
            str(path),
            "--format",
            "json",
            "--no-cache",
            *online(server, "--timeout", str(timeout), "--crossref-budget", str(budget), mailto="bench@example.org"),
        ],
    )
    wall = time.perf_counter() - started
    return result.exit_code, json.loads(result.stdout)["files"][0], wall


def verdicts(report: dict) -> set[tuple[int, str]]:
    return {(f["location"].get("reference"), f["rule"]) for f in report["findings"] if f["rule"] in VERDICTS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    with (
        StandIn(served_records(), other_agency=OTHER_AGENCY, enforce_limits=False) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        server.hang_seconds = args.timeout + 1
        path = Path(tmp) / "matrix.txt"
        path.write_text(matrix_manuscript(), encoding="utf-8")
        code, clean, wall = check(server, path, args.budget, args.timeout)
        truth = verdicts(clean)
        print(
            f"fault-free: exit {code}, {clean['crossref']['status']}, verdicts {sorted(truth)}, {wall:.1f}s",
            file=sys.stderr,
        )
        rows, worst, false_total = [], 0.0, 0
        for fault in FAULTS:
            cells = []
            for _kind, (where, lost) in KINDS.items():
                code, report, wall = check(server, path, args.budget, args.timeout, fault, where)
                crossref = report["crossref"]
                false = len(verdicts(report) - truth)
                missing = lost - set(crossref["not_checked"])
                false_total += false
                worst = max(worst, wall)
                cells.append(
                    f"{code} / {len(crossref['not_checked'])} / {false} / {wall:.1f}" + (" MISSED" if missing else "")
                )
            rows.append((fault, cells))
            print(f"{fault:12} " + " | ".join(cells), file=sys.stderr, flush=True)
    header = ["fault \\ request"] + list(KINDS)
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for fault, cells in rows:
            print(f"| {fault} | " + " | ".join(cells) + " |")
    print(
        f"\ncells: exit code / references not checked / false CR01-CR03-CR07 verdicts / wall s. "
        f"Budget {args.budget:g} s, timeout {args.timeout:g} s; slowest cell {worst:.1f} s; false verdicts {false_total}."
    )


if __name__ == "__main__":
    main()
