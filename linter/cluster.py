"""Checking files as Dask tasks (`citeqa check --engine dask`), on a local or an existing cluster.

Each file is one task: a worker reads it, runs every rule with its own read-only Crossref
source (the snapshot store, or the cache, offline: N workers never multiply the requests
sent to Crossref), and sends back the file's jsonl row. Dask's scheduler does the rest: a
task on a worker that is lost is run again elsewhere (up to its allowed-failures), so no
file is lost; a task that fails is this file's error row. Rows come back as tasks finish.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .crossref.settings import Settings


@dataclass(frozen=True)
class Outcome:
    """What the exit code needs of one file, computed where it was checked."""

    error: bool = False
    not_run: bool = False
    fails: bool = False


def run(
    paths: list[Path],
    config,
    crossref: Settings,
    input_format: str | None = None,
    scheduler: str | None = None,
    workers: int = 2,
) -> Iterator[tuple[str, str, Outcome]]:
    """(path, jsonl row, outcome) for every file, in the order they finish. `scheduler`: the address
    of a running Dask scheduler (`tcp://host:8786`); none: a local cluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster, as_completed

    settings = {
        "run": uuid.uuid4().hex,
        "config": config,
        "input_format": input_format,
        "crossref": crossref.updated(offline=True),  # offline says no doi.org either
    }
    local = (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        if scheduler is None
        else nullcontext()
    )
    with local as cluster, Client(scheduler or cluster) as client:
        futures = client.map(check_one, [str(p) for p in paths], settings=settings, pure=False)
        where = {future.key: path for future, path in zip(futures, paths, strict=True)}
        for future in as_completed(futures):
            path = where[future.key]
            try:
                row, outcome = future.result()
            except Exception as error:  # noqa: BLE001 - a task that failed (a worker lost too often) is this file's error row
                row, outcome = (
                    error_row(
                        str(path), config, f"the cluster could not check it ({error.__class__.__name__}: {error})"
                    ),
                    Outcome(error=True),
                )
            future.release()
            yield str(path), row, outcome


# Per worker process: the run's configuration and Crossref source, opened by its first task.
_RUN: dict = {}


def check_one(path: str, settings: dict) -> tuple[str, Outcome]:
    """A Dask task: check one file and return its jsonl row (the worker keeps the run's lookups)."""
    from .engine import check_file
    from .reports.jsonl import row
    from .rules import Context

    config, lookups = _open(settings)
    result = check_file(Path(path), config, Context(options=config.options), settings["input_format"], lookups)
    outcome = Outcome(
        bool(result.error),
        bool(result.crossref is not None and result.crossref.unavailable),
        any(config.fails(f.severity) for f in result.findings),
    )
    return row(result), outcome


def _open(settings: dict):
    if _RUN.get("run") != settings["run"]:
        config = settings["config"]
        lookups = None
        if config.needs_crossref():
            from .crossref.session import open_lookups

            lookups = open_lookups(settings["crossref"])
        _RUN.clear()
        _RUN.update(run=settings["run"], config=config, lookups=lookups)
    return _RUN["config"], _RUN["lookups"]


def error_row(path: str, config, error: str) -> str:
    from .engine import FileResult
    from .reports.jsonl import row

    return row(FileResult(path, "unknown", error=error))
