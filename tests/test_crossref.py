"""Crossref verification end to end, over real HTTP to the stand-in."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.crossref.cache import Cache
from linter.crossref.records import from_record
from linter.readers import plaintext
from tests.injected import evaluate, usable, vancouver
from tests.support import CROSSREF_FIXTURES, ROOT, SEED, make_lookups, online, served_records


@pytest.fixture
def fresh(standin):
    """The shared stand-in, with no log or faults of another test, and none of this one's left behind."""
    standin.reset()
    yield standin
    standin.reset()


def test_injected_errors_are_found_and_clean_references_stay_quiet(fresh):
    result = evaluate(make_lookups(fresh), served_records(), seed=7)
    assert result["injected"] >= 100 and result["clean"] >= 150
    assert result["recall"] >= 0.95, result["misses"]
    assert result["false_alarms"] <= result["clean"] / 200, result["alarms"]


def cost_manuscript() -> tuple[str, str]:
    """50 references, 40 with DOIs, and the article's own DOI."""
    rng = random.Random(5)
    works = [w for w in map(from_record, served_records()) if usable(w)][:51]
    article, cited = works[0], works[1:]
    entries = [vancouver(w, rng) for w in cited[:40]] + [vancouver(w, rng, doi=None) for w in cited[40:]]
    body = " ".join(f"Shown [{i}]." for i in range(1, 51))
    text = (
        f"DOI: {article.doi}\n\n{body}\n\nReferences\n\n"
        + "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
        + "\n"
    )
    return text, article.doi


def test_a_50_reference_manuscript_costs_one_batch_and_one_search_per_doi_less_reference(fresh, tmp_path):
    text, _ = cost_manuscript()
    path = tmp_path / "fifty.txt"
    path.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache.sqlite3"
    first = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--cache", str(cache), *online(fresh)])
    crossref = json.loads(first.stdout)["files"][0]["crossref"]
    kinds = [r["kind"] for r in fresh.requests()]
    # 40 reference DOIs and the article's in one request; the searches select the matched works'
    # update notices, so those works need no second request
    assert kinds.count("batch") == 1
    assert kinds.count("search") == 10
    assert kinds.count("work") == kinds.count("handle") == 0
    assert crossref == {
        "status": "complete",
        "mode": "online",
        "requests": 11,
        "cache_hits": 0,
        "not_checked": [],
        "reason": None,
    }
    batches = [r for r in fresh.requests() if r["kind"] == "batch"]
    assert [b["query"]["filter"].count("doi:") for b in batches] == [41]

    fresh.reset()
    again = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--cache", str(cache), *online(fresh)])
    assert fresh.requests() == []
    assert json.loads(again.stdout)["files"][0]["crossref"]["requests"] == 0
    assert json.loads(again.stdout)["files"][0]["findings"] == json.loads(first.stdout)["files"][0]["findings"]


def test_batch_size_is_configurable(fresh):
    text, _ = cost_manuscript()
    make_lookups(fresh, batch_size=20).answer(plaintext.read(text, "m.txt"))
    assert [r["kind"] for r in fresh.requests()].count("batch") == 3  # 41 DOIs in 20s


def test_offline_uses_only_the_cache_and_is_not_exit_3(fresh, tmp_path):
    text, _ = cost_manuscript()
    path = tmp_path / "fifty.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", str(path), "--offline", "--format", "json", "--crossref-url", fresh.url]
    )
    assert fresh.requests() == []
    crossref = json.loads(result.stdout)["files"][0]["crossref"]
    assert crossref["status"] == "skipped" and crossref["mode"] == "offline" and len(crossref["not_checked"]) == 50
    assert result.exit_code in (0, 1)


def test_seed_against_a_snapshot_attaches_the_link_block_dois(report_schema):
    snapshot = CROSSREF_FIXTURES / "seed-links.jsonl"
    result = CliRunner().invoke(main, ["check", str(SEED), "--snapshot", str(snapshot), "--format", "json"])
    assert result.exit_code == 1, result.output  # findings, but no exit 3: a snapshot is a choice
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema)
    found = {
        f["location"]["reference"]: f["evidence"]["doi"] for f in report["files"][0]["findings"] if f["rule"] == "CR04"
    }
    assert found == {
        5: "10.1371/journal.pone.0213475",
        6: "10.1002/1097-0142(19950415)75:8<2186::AID-CNCR2820750825>3.0.CO;2-F",
        7: "10.1056/NEJM199605093341906",
        9: "10.1002/pbc.22047",
    }
    mismatch = [f for f in report["files"][0]["findings"] if f["rule"] == "CR02"]
    # the OCR'd e-locator, and "JtS. downing Jr" for Sandlund JT, Downing JR: both real errors of the seed
    assert [(f["location"]["reference"], list(f["evidence"]["fields"])) for f in mismatch] == [
        (5, ["pages"]),
        (7, ["first author"]),
    ]
    crossref = report["files"][0]["crossref"]
    assert crossref["mode"] == "snapshot" and crossref["status"] == "partial"
    assert crossref["not_checked"] == [1, 2, 3, 4, 8, 10]


def test_cache_commands_and_snapshot_round_trip(fresh, tmp_path):
    text, _ = cost_manuscript()
    path = tmp_path / "fifty.txt"
    path.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache.sqlite3"
    first = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--cache", str(cache), *online(fresh)])
    info = CliRunner().invoke(main, ["cache", "info", "--cache", str(cache)]).stdout
    assert "records: 41" in info and "searches: 10" in info  # the matched works are in their searches

    exported = tmp_path / "audit.jsonl"
    assert CliRunner().invoke(main, ["cache", "export", str(exported), "--cache", str(cache)]).exit_code == 0
    snapshot_run = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--snapshot", str(exported)])
    assert json.loads(snapshot_run.stdout)["files"][0]["findings"] == json.loads(first.stdout)["files"][0]["findings"]
    assert json.loads(snapshot_run.stdout)["files"][0]["crossref"]["status"] == "complete"

    assert CliRunner().invoke(main, ["cache", "clear", "--cache", str(cache)]).exit_code == 0
    assert "records: 0" in CliRunner().invoke(main, ["cache", "info", "--cache", str(cache)]).stdout
    imported = CliRunner().invoke(main, ["cache", "import", str(exported), "--cache", str(cache)])
    assert imported.exit_code == 0 and "imported 51 entries" in imported.stdout
    fresh.reset()
    CliRunner().invoke(main, ["check", str(path), "--cache", str(cache), *online(fresh)])
    assert fresh.requests() == []

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"DOI": "10.1/x"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--snapshot", str(broken)])
    assert result.exit_code == 2 and f"{broken}:2:" in result.stderr


def test_not_found_answers_expire_sooner_than_records(tmp_path):
    now = [1000.0]
    cache = Cache(tmp_path / "c.sqlite3", clock=lambda: now[0])
    cache.put_works({"10.1/found": {"DOI": "10.1/found"}, "10.1/missing": None})
    now[0] += 2 * 86400
    assert cache.works(["10.1/found", "10.1/missing"]) == {"10.1/found": {"DOI": "10.1/found"}}
    now[0] += 6 * 86400
    assert cache.works(["10.1/found"]) == {}


def test_two_processes_share_one_cache(tmp_path):
    cache = tmp_path / "shared.sqlite3"
    script = (
        "import sys; from pathlib import Path; from linter.crossref.cache import Cache\n"
        "c = Cache(Path(sys.argv[1]))\n"
        "for i in range(200): c.put_works({f'10.1/{sys.argv[2]}.{i}': {'DOI': f'10.1/{sys.argv[2]}.{i}'}})\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(cache), name], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    outcomes = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert Cache(cache).info()["records"] == 400


def test_lookup_shows_a_record_and_candidates(fresh):
    work = next(w for w in map(from_record, served_records()) if usable(w))
    shown = CliRunner().invoke(main, ["lookup", work.doi, "--no-cache", *online(fresh)])
    assert shown.exit_code == 0 and work.doi in shown.stdout and work.title[:30] in shown.stdout
    text = vancouver(work, random.Random(1), doi=None)
    found = CliRunner().invoke(main, ["lookup", text, "--format", "json", "--no-cache", *online(fresh)])
    data = json.loads(found.stdout)
    assert data["status"] == "found" and data["match"] == work.doi
    assert data["candidates"][0]["similarity"] >= 0.72
    missing = CliRunner().invoke(main, ["lookup", "10.1016/j.nothing.2020.01.001", "--no-cache", *online(fresh)])
    assert missing.exit_code == 1 and "not registered anywhere" in missing.stdout


def test_endpoints_and_mailto_from_the_environment(fresh, tmp_path, monkeypatch):
    text, _ = cost_manuscript()
    path = tmp_path / "fifty.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CITEQA_CROSSREF_URL", fresh.url)
    monkeypatch.setenv("CITEQA_DOI_URL", fresh.url)
    monkeypatch.delenv("CITEQA_OFFLINE")
    result = CliRunner().invoke(main, ["check", str(path), "--no-cache"])
    assert fresh.requests() and all("mailto" not in r["user_agent"] for r in fresh.requests())
    assert result.stderr.count("no --mailto") == 1
    fresh.reset()
    monkeypatch.setenv("CITEQA_MAILTO", "editor@example.org")
    result = CliRunner().invoke(main, ["check", str(path), str(path), "--no-cache"])
    assert "no --mailto" not in result.stderr
    assert all(
        "mailto:editor@example.org" in r["user_agent"] and "citeqa/" in r["user_agent"] for r in fresh.requests()
    )


def test_lookup_progress_is_reported(fresh):
    text, _ = cost_manuscript()
    seen = []
    lookups = make_lookups(fresh)
    lookups.progress = lambda what, done, total: seen.append((what, done, total))
    lookups.answer(plaintext.read(text, "m.txt"))
    assert seen[-1] == ("Crossref searches", 10, 10) and [d for _, d, _ in seen] == list(range(1, 11))
