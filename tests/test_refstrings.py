"""The 2,000 real reference strings of Crossref's matching evaluation (fixtures/refstrings)."""

from __future__ import annotations

import json
import re

import pytest

from linter.readers import reference_fields
from tests.support import FIXTURES

ITEMS = json.loads((FIXTURES / "refstrings" / "crossref-real-unstructured-2k.json").read_text(encoding="utf-8"))
YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20[0-2]\d|2030)(?!\d)")


@pytest.fixture(scope="module")
def parsed():
    return [(item, reference_fields.parse(item["ref_string"])) for item in ITEMS]


def test_every_string_parses(parsed):
    assert len(parsed) == 2000
    assert all(fields.title or fields.authors or fields.year for _, fields in parsed[:50])


def test_doi_extracted_for_at_least_95_percent(parsed):
    with_doi = [(item, f) for item, f in parsed if re.search(r"10\.\d{4,9}/", item["ref_string"]) and item["gold_doi"]]
    right = sum(1 for item, f in with_doi if (f.doi or "").lower() == item["gold_doi"].lower())
    assert len(with_doi) == 70
    assert right / len(with_doi) >= 0.95


def test_year_found_for_at_least_95_percent(parsed):
    with_year = [(item, f) for item, f in parsed if YEAR.search(item["ref_string"])]
    found = sum(1 for item, f in with_year if f.year and str(f.year) in item["ref_string"])
    assert found / len(with_year) >= 0.95


@pytest.mark.parametrize(
    "text, doi",
    [
        ("J Neuroscience 24(20):4832–4839. doi: 10.1523/jneurosci. 0300-04.2004", "10.1523/jneurosci.0300-04.2004"),
        ("Future Cardiol 11(1):27–37. doi:10.2217/fca\u00a0.14.82", "10.2217/fca.14.82"),
        ("Vet Parasitol. 1995, 58: 353-356. 10.1016/0304-4017(94)00727-T.", "10.1016/0304-4017(94)00727-T"),
        ("Science, 325, 1236–1239, https://doi.org/10.1126/science.1173983, 2009.", "10.1126/science.1173983"),
    ],
)
def test_doi_repairs(text, doi):
    assert reference_fields.parse(text).doi == doi
