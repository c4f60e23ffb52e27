"""Books, chapters, reports, theses, corporate authors, ABNT and terse real entries: their fields, and no false RF07.

The entries are real (fixtures/refstrings/kinds.json: from the 2,000 real reference strings and from PDFs
of pdf-real, with their sources in fixtures/README.md), but for the ABNT one, a real Crossref record of the
held-out split printed by citeproc-py in the ABNT style. Each names the fields it must parse to and what
RF07 must find missing (nothing, for all but the last two, which really lack a title or a source).
"""

from __future__ import annotations

import json

import pytest

from linter.model import Location, Manuscript, Reference
from linter.readers.reference_fields import parse, strip_label
from linter.rules import Context
from linter.rules.references import incomplete_reference, reference_kind
from tests.support import FIXTURES

CASES = json.loads((FIXTURES / "refstrings" / "kinds.json").read_text(encoding="utf-8"))


def reference(text: str) -> Reference:
    return Reference(1, text, strip_label(text)[0], Location(), parse(text))


@pytest.mark.parametrize("case", CASES, ids=[case["what"] for case in CASES])
def test_fields(case):
    fields = reference(case["text"]).fields
    read = {
        "family": fields.families[0] if fields.families else None,
        "title": fields.title,
        "container": fields.container,
        "year": fields.year,
        "volume": fields.volume,
        "issue": fields.issue,
        "pages": fields.pages,
    }
    expected = {key: case[key] for key in read if key in case}
    assert {key: read[key] for key in expected} == expected


@pytest.mark.parametrize("case", CASES, ids=[case["what"] for case in CASES])
def test_kind_and_completeness(case):
    ref = reference(case["text"])
    if "kind" in case:
        assert reference_kind(ref) == case["kind"]
    problems = list(incomplete_reference(Manuscript(path="x.txt", format="text", references=(ref,)), Context()))
    assert [p.evidence["missing"] for p in problems] == ([case["rf07"]] if "rf07" in case else [])
