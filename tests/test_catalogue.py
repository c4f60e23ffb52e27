"""The snapshot store (`citeqa snapshot build`, `--snapshot DIR`) against the stand-in's answers."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.injected import build
from tests.support import ROOT, served_records

SUBPROCESS_ENV = {
    "PYTHONPATH": str(ROOT),
    "CITEQA_OFFLINE": "1",
    "CITEQA_CROSSREF_URL": "http://127.0.0.1:9",
    "CITEQA_DOI_URL": "http://127.0.0.1:9",
}


def citeqa(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **SUBPROCESS_ENV, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The stand-in's records as a store, from a data-file part (.json.gz with "items") and JSON lines."""
    folder = tmp_path_factory.mktemp("catalogue")
    records = served_records()
    half = len(records) // 2
    part = folder / "0.json.gz"
    with gzip.open(part, "wt", encoding="utf-8") as out:
        json.dump({"items": records[:half]}, out)
    lines = folder / "1.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records[half:]), encoding="utf-8")
    done = citeqa("snapshot", "build", str(part), str(lines), "-o", str(folder / "store"))
    assert done.returncode == 0, done.stderr
    assert f"{len({r['DOI'].lower() for r in records})} works" in done.stdout
    return folder / "store"


@pytest.fixture(scope="module")
def manuscripts(tmp_path_factory) -> list[Path]:
    """The Crossref test manuscripts: real records as Vancouver entries with injected errors."""
    folder = tmp_path_factory.mktemp("manuscripts")
    paths = []
    for n, (text, _, _) in enumerate(build(served_records(), seed=7)):
        path = folder / f"ms{n:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def live(standin, manuscripts) -> subprocess.CompletedProcess:
    """The manuscripts checked against the stand-in, as against the live API."""
    standin.reset()
    done = citeqa(
        "check",
        "--format",
        "jsonl",
        "--online",
        "--no-cache",
        "--crossref-url",
        standin.url,
        "--doi-url",
        standin.url,
        "--mailto",
        "tests@example.org",
        *map(str, manuscripts),
    )
    assert standin.requests() and done.returncode == 1, done.stderr
    return done


def findings(stdout: str) -> dict[str, set]:
    rows = [json.loads(line) for line in stdout.splitlines()]
    return {
        Path(r["path"]).name: {
            (f["rule"], f["location"].get("reference"), f["message"], f.get("suggestion")) for f in r["findings"]
        }
        for r in rows
    }


def test_store_and_standin_give_the_same_findings(standin, store, manuscripts, live):
    standin.reset()
    local = citeqa(
        "check",
        "--format",
        "jsonl",
        "--snapshot",
        str(store),
        "--online",
        "--doi-url",
        standin.url,
        *map(str, manuscripts),
    )
    assert local.returncode == 1, local.stderr
    by_live, by_store = findings(live.stdout), findings(local.stdout)
    assert sum(len(f) for f in by_live.values()) > 100
    assert by_store == by_live
    # The store answers everything Crossref would; doi.org only hears about the DOIs the snapshot lacks.
    assert standin.requests() and {r["kind"] for r in standin.requests()} == {"handle"}


def test_without_network_a_doi_missing_from_the_store_is_not_checked_never_unregistered(store, manuscripts, live):
    local = citeqa("check", "--format", "jsonl", "--snapshot", str(store), *map(str, manuscripts))
    by_live, by_store = findings(live.stdout), findings(local.stdout)
    unregistered = {name: {f for f in found if f[0] == "CR01"} for name, found in by_live.items()}
    assert sum(map(len, unregistered.values())) >= 5
    for name in by_live:
        assert by_store[name] == by_live[name] - unregistered[name]
    rows = {Path(r["path"]).name: r for r in map(json.loads, local.stdout.splitlines())}
    for name, lost in unregistered.items():
        crossref = rows[name]["crossref"]
        assert crossref["requests"] == 0
        assert {f[1] for f in lost} <= set(crossref["not_checked"]), crossref


def test_a_newer_part_replaces_older_records_of_the_same_doi(tmp_path):
    record = next(r for r in served_records() if r.get("volume") and r.get("type") == "journal-article")
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(record) + "\n", encoding="utf-8")
    new = tmp_path / "new.jsonl.gz"
    with gzip.open(new, "wt", encoding="utf-8") as out:
        out.write(json.dumps({**record, "DOI": record["DOI"].upper(), "volume": "999"}) + "\n")
    assert citeqa("snapshot", "build", str(old), "-o", str(tmp_path / "s")).returncode == 0
    from linter.crossref.store import Store

    assert Store(tmp_path / "s").works([record["DOI"]])[record["DOI"].lower()]["volume"] == record["volume"]
    assert citeqa("snapshot", "build", str(new), "-o", str(tmp_path / "s")).returncode == 0
    assert Store(tmp_path / "s").works([record["DOI"]])[record["DOI"].lower()]["volume"] == "999"


def test_a_notice_in_the_snapshot_marks_the_work_it_updates(tmp_path):
    work = {"DOI": "10.5555/work.1", "type": "journal-article", "title": ["A finding"], "volume": "3"}
    notice = {
        "DOI": "10.5555/retraction.1",
        "type": "journal-article",
        "title": ["Retraction: A finding"],
        "update-to": [
            {
                "DOI": "10.5555/WORK.1",
                "type": "retraction",
                "source": "publisher",
                "updated": {"date-parts": [[2024, 5, 1]]},
            }
        ],
    }
    source = tmp_path / "part.jsonl"
    source.write_text(json.dumps(work) + "\n" + json.dumps(notice) + "\n", encoding="utf-8")
    assert citeqa("snapshot", "build", str(source), "-o", str(tmp_path / "s")).returncode == 0
    from linter.crossref.records import from_record
    from linter.crossref.store import Store

    found = Store(tmp_path / "s").works(["10.5555/work.1", "10.5555/absent"])
    assert list(found) == ["10.5555/work.1"]
    updates = from_record(found["10.5555/work.1"]).updates
    assert [(u.type, u.doi) for u in updates] == [("retraction", "10.5555/retraction.1")]


def test_search_finds_a_reference_without_a_doi(store):
    from linter.crossref.store import Store

    records = [r for r in served_records() if r.get("title") and r.get("author") and r.get("container-title")][:20]
    found = 0
    for r in records:
        text = f"{r['author'][0].get('family', '')}. {r['title'][0]}. {r['container-title'][0]}. {r.get('volume', '')}"
        items = Store(store).search(text)
        assert len(items) <= 5 and all("score" in i for i in items)
        found += bool(items) and items[0]["DOI"].lower() == r["DOI"].lower()
    assert found >= 18


def test_bad_sources_and_folders_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"DOI": "10.1/x"}\nnot json\n', encoding="utf-8")
    done = citeqa("snapshot", "build", str(bad), "-o", str(tmp_path / "s"))
    assert done.returncode == 2 and "bad.jsonl:2: not a JSON line" in done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "x.txt").write_text("x")
    done = citeqa("check", "--snapshot", str(empty), "fixtures/manuscripts/advancing-oncology-all.txt")
    assert done.returncode == 2 and "not a citeqa snapshot store" in done.stderr and done.stderr.count("\n") == 1
