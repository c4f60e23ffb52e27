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


CROSSREF_FIXTURES = FIXTURES / "crossref"
OTHER_AGENCY = ("10.5281/zenodo.1234567",)  # a DataCite DOI: doi.org knows it, Crossref does not
SHORT_DOIS = {
    "10/ggb347": "10.1016/j.lindif.2017.01.025"
}  # shortDOI -> DOI in the stand-in's doi.org (an invented pairing)


def served_records() -> list[dict]:
    lines = []
    for name in ("works.jsonl", "synthetic.jsonl"):
        lines += (CROSSREF_FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def standin():
    from crossref_standin import FAST, StandIn

    # integrity.jsonl (a record with its deposited references, for IN01) is served but kept out of
    # served_records(), from which tests/injected.py builds its manuscripts.
    deposit = json.loads((CROSSREF_FIXTURES / "integrity.jsonl").read_text(encoding="utf-8"))
    # Limits enforced strictly, at rates announced high so that tests not about rate limits do not wait
    # on them (those about them use a stand-in with Crossref's rates: test_crossref_faults.py).
    with StandIn(
        served_records() + [deposit], other_agency=OTHER_AGENCY, aliases=SHORT_DOIS, slack=0, pools=FAST
    ) as server:
        yield server


def make_lookups(server, cache=None, **settings):
    """Lookups against the stand-in, with quick backoff so that fault tests stay fast."""
    from linter.crossref.cache import Cache
    from linter.crossref.client import Settings
    from linter.crossref.lookups import Lookups

    options = {
        "crossref_url": server.url,
        "doi_url": server.url,
        "mailto": "tests@example.org",
        "timeout": 2.0,
        "backoff": 0.05,
    }
    options.update(settings)
    return Lookups(Settings(**options), cache or Cache(None))


@pytest.fixture(scope="session")
def shared_lookups(standin):
    return make_lookups(standin)
