from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "manuscripts" / "advancing-oncology-all.txt"


@pytest.fixture(autouse=True)
def no_live_network(monkeypatch, tmp_path):
    """No test reaches the real Crossref: offline by default, endpoints on a closed local port,
    and a cache of its own. Tests of Crossref checks pass --online and the stand-in's URL."""
    monkeypatch.setenv("CITEQA_OFFLINE", "1")
    monkeypatch.setenv("CITEQA_CROSSREF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CITEQA_DOI_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("CITEQA_CACHE", str(tmp_path / "citeqa-cache.sqlite3"))
    monkeypatch.delenv("CITEQA_MAILTO", raising=False)


@pytest.fixture(scope="session")
def report_schema() -> dict:
    return json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
