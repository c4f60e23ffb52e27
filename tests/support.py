"""What tests and benchmarks share: fixture paths, the records the Crossref stand-in serves, and
Lookups pointed at it. Imported as `tests.support` (tests/ is a package; a benchmark puts the
repository root on sys.path), never through conftest."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "manuscripts" / "advancing-oncology-all.txt"
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


def online(server, *args, mailto="t@example.org"):
    """The flags that point `citeqa check` or `fix` at the stand-in, online, with a polite-pool address."""
    return ["--online", "--crossref-url", server.url, "--doi-url", server.url, "--mailto", mailto, *args]
