"""Fixtures: no live network in any test, the report schema, the Crossref stand-in. What tests share
besides fixtures is in tests/support.py (imported as tests.support, never as conftest)."""

from __future__ import annotations

import json

import pytest

from tests.support import CROSSREF_FIXTURES, OTHER_AGENCY, ROOT, SHORT_DOIS, make_lookups, served_records


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


@pytest.fixture(scope="session")
def standin():
    from tests.crossref_standin import FAST, StandIn

    # integrity.jsonl (a record with its deposited references, for IN01) is served but kept out of
    # served_records(), from which tests/injected.py builds its manuscripts.
    deposit = json.loads((CROSSREF_FIXTURES / "integrity.jsonl").read_text(encoding="utf-8"))
    # Limits enforced strictly, at rates announced high so that tests not about rate limits do not wait
    # on them (those about them use a stand-in with Crossref's rates: test_crossref_faults.py).
    with StandIn(
        served_records() + [deposit], other_agency=OTHER_AGENCY, aliases=SHORT_DOIS, slack=0, pools=FAST
    ) as server:
        yield server


@pytest.fixture(scope="session")
def shared_lookups(standin):
    return make_lookups(standin)
