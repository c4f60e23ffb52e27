"""`citeqa check --engine dask`: every file a task on a Dask cluster, rows as tasks finish, none lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from linter.crossref.settings import Settings
from tests.injected import build
from tests.support import ROOT, served_records

ENV = {
    "PYTHONPATH": str(ROOT),
    "CITEQA_OFFLINE": "1",
    "CITEQA_CROSSREF_URL": "http://127.0.0.1:9",
    "CITEQA_DOI_URL": "http://127.0.0.1:9",
}


def citeqa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=240,
    )


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A store of the stand-in's records and 20 manuscripts citing them, and one file that cannot be read."""
    from linter.crossref.store_build import build as build_store

    folder = tmp_path_factory.mktemp("cluster")
    source = folder / "works.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in served_records()), encoding="utf-8")
    build_store([source], folder / "store")
    paths = []
    for n, (text, _, _) in enumerate(build(served_records(), seed=11, per_manuscript=10)[:20]):
        path = folder / "ms" / f"m{n:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    bad = folder / "ms" / "broken.json"
    bad.write_text("[{", encoding="utf-8")
    return folder / "store", [*paths, bad]


@pytest.fixture(scope="module")
def one_process(catalogue) -> list[str]:
    store, paths = catalogue
    done = citeqa("check", "--format", "jsonl", "--jobs", "1", "--snapshot", str(store), *map(str, paths))
    assert done.returncode == 2 and "broken.json" in done.stderr
    return sorted(done.stdout.splitlines())


def test_a_local_two_worker_cluster_gives_the_rows_of_one_process(catalogue, one_process):
    store, paths = catalogue
    done = citeqa("check", "--engine", "dask", "--jobs", "2", "--snapshot", str(store), *map(str, paths))
    assert done.returncode == 2, done.stderr
    assert sorted(done.stdout.splitlines()) == one_process
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 21 and [r["path"] for r in rows if r["error"]] == [str(paths[-1])]
    assert sum(len(r["findings"]) for r in rows) > 50 and all(
        r["crossref"]["requests"] == 0 for r in rows if not r["error"]
    )
    assert "21 files on a local cluster of 2 workers" in done.stderr


def test_a_worker_killed_mid_run_loses_no_file(catalogue, one_process):
    from dask.distributed import Client, LocalCluster

    from linter import cluster
    from linter.cli import _configure

    store, paths = catalogue
    config = _configure(None, None, (), None, None, None)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local,
        Client(local) as client,
    ):
        pids = client.run(os.getpid)
        rows, killed = [], None
        for _, row, _ in cluster.run(paths, config, Settings(snapshot=store), scheduler=local.scheduler_address):
            rows.append(row.rstrip("\n"))
            if killed is None:
                killed = min(pids.values())
                os.kill(killed, signal.SIGKILL)
                after = len(rows)
    assert after < len(paths) - 5  # killed with most of the run still to come
    assert sorted(rows) == one_process


def test_dask_takes_only_jsonl_and_the_scheduler_only_with_it(catalogue):
    store, paths = catalogue
    done = citeqa("check", "--engine", "dask", "--format", "json", "--snapshot", str(store), str(paths[0]))
    assert done.returncode == 2 and "--engine dask writes JSON lines" in done.stderr
    done = citeqa("check", "--scheduler", "tcp://127.0.0.1:9", "--snapshot", str(store), str(paths[0]))
    assert done.returncode == 2 and "--scheduler needs --engine dask" in done.stderr
