"""The seed manuscript, a real messy editorial, end to end through the command line."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from linter.cli import main
from tests.support import SEED


@pytest.fixture(scope="module")
def report(report_schema):
    result = CliRunner().invoke(main, ["check", str(SEED), "--offline", "--format", "json"])
    assert result.exit_code == 1, result.output  # warnings fail by default
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(report_schema).validate(data)
    return data["files"][0]


def by_rule(report, code):
    return [f for f in report["findings"] if f["rule"] == code]


def test_reads_ten_references_and_the_article_metadata(report):
    assert report["status"] == "checked"
    assert report["manuscript"]["references"] == 10
    assert report["manuscript"]["doi"] == "10.35841/aamor-8.6.265"


def test_title_variants_reported_with_both_forms(report):
    (finding,) = by_rule(report, "MD02")
    texts = {v["text"] for v in finding["evidence"]["variants"]}
    assert any(t.startswith("Advancing oncology. Targeted") for t in texts)
    assert any(t.startswith("Advancing oncology: Targeted") for t in texts)
    assert {v["line"] for v in finding["evidence"]["variants"]} == {103, 159}
    assert finding["evidence"]["difference"] == "punctuation"


def test_lost_labels_of_entries_2_to_9(report):
    (finding,) = by_rule(report, "RF01")
    assert finding["evidence"]["positions"] == list(range(2, 10))
    assert finding["location"]["reference"] == 2


def test_lossy_encoding_and_furniture_in_reference_6(report):
    (lossy,) = by_rule(report, "TX01")
    assert lossy["location"]["reference"] == 6
    assert "1?year" in lossy["evidence"]["damaged"]
    (furniture,) = by_rule(report, "RF06")
    assert furniture["location"]["reference"] == 6
    assert furniture["evidence"]["removed"][0]["text"] == "J Mol Oncol Res 2024 Volume 8 Issue 6"
    rebuilt = furniture["evidence"]["rebuilt"]
    assert "Incidence of cancer in children" in rebuilt and "Volume 8" not in rebuilt


def test_ocr_debris_in_reference_5(report):
    (finding,) = by_rule(report, "TX03")
    assert finding["location"] == {"line": 125, "column": 1, "reference": 5, "field": "pages"}
    assert finding["suggestion"] == "use 'e0213475'"


@pytest.mark.parametrize("code", ["MD03", "MD05", "MD06", "RF02", "RF03"])
def test_no_false_alarms_on_the_seed(report, code):
    assert by_rule(report, code) == []


def test_references_in_order_and_rebuilt():
    from linter.readers import read

    manuscript = read(SEED)
    firsts = [r.fields.authors[0] for r in manuscript.references]
    assert firsts[:2] == ["Ott PA", "Janz TA"] and firsts[-1] == "Klapper W"
    assert [r.label for r in manuscript.references] == ["1"] + [None] * 8 + ["10"]
    sixth = manuscript.references[5]
    assert sixth.raw.endswith("Cancer. 1995;75(8):2186-95.")
    assert "Citation:" not in sixth.raw and "J Mol Oncol Res 2024" not in sixth.raw
    assert manuscript.references[8].fields.pages == "366-70"  # "366-" wrapped onto "70."
    assert [d.kind for d in manuscript.dates] == ["received", "editor assigned", "reviewed", "revised", "published"]
    assert {n.raw for n in manuscript.manuscript_numbers} == {
        "AAMOR-24-155333",
        "AAMOR-24-155333(PQ)",
        "AAMOR-24-155333(R)",
    }
    assert [c.numbers for c in manuscript.citations] == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert len({link.url for link in manuscript.links}) == 11


def test_integrity_findings_on_the_seed(report):
    """The leukaemia editorial cites melanoma and lymphoma work, and its publisher is on a predatory list."""
    off_topic = {f["location"]["reference"] for f in by_rule(report, "IN02")}
    assert off_topic == {2, 3, 4, 5, 7, 8, 9}  # melanoma (2-5), lymphoma (7-9)
    (venue,) = by_rule(report, "IN06")
    assert venue["evidence"]["domain"] == "alliedacademies.org" and venue["location"]["line"] == 108
    assert [f for f in report["findings"] if f["rule"].startswith("IN") and f["severity"] != "info"] == []
