"""The verification model: one verdict per reference, and what rules, fix and reports read from it."""

from __future__ import annotations

import pytest

from linter import matching
from linter.crossref.records import from_record
from linter.fix import corrected_references
from linter.model import Finding, Location, Manuscript, Severity
from linter.readers.reference_list import build_reference
from linter.verification import (
    FOUND,
    NOT_FOUND,
    NOT_LOOKED_UP,
    UNAVAILABLE,
    Candidate,
    CrossrefAnswers,
    ReferenceAnswers,
    SearchAnswer,
    Verdict,
    WorkAnswer,
)

TITLE = "Indigenous Ecuadorian children: Parental education, parental wealth and children's cognitive ability level"
RECORD = {
    "DOI": "10.1016/j.lindif.2017.01.025",
    "type": "journal-article",
    "title": [TITLE],
    "author": [{"family": "Rindermann", "given": "Heiner"}, {"family": "Carl", "given": "Noah"}],
    "container-title": ["Learning and Individual Differences"],
    "short-container-title": ["Learn Individ Differ"],
    "issued": {"date-parts": [[2017]]},
    "volume": "54",
    "issue": "3",
    "page": "202-209",
}
WORK = from_record(RECORD)
SAME = build_reference(1, f"Rindermann H, Carl N. {TITLE}. Learn Individ Differ. 2016;54(3):202-9.", Location())
OTHER = build_reference(
    2,
    "Okafor C, Lund E. A completely different study of marine sediments. Learn Individ Differ. 2017;54:202-9.",
    Location(),
)


@pytest.mark.parametrize(
    "reference, answer, verdict",
    [
        (SAME, None, Verdict.NO_DOI),
        (SAME, WorkAnswer(FOUND, WORK), Verdict.SAME_WORK),
        (OTHER, WorkAnswer(FOUND, WORK), Verdict.OTHER_WORK),
        (SAME, WorkAnswer(NOT_FOUND, registered=False), Verdict.NO_RECORD),
        (SAME, WorkAnswer(NOT_FOUND, registered=True), Verdict.NO_RECORD),
        (SAME, WorkAnswer(NOT_FOUND, reason="doi.org not asked"), Verdict.NOT_CHECKED),
        (SAME, WorkAnswer(UNAVAILABLE, reason="Crossref: 503"), Verdict.NOT_CHECKED),
        (SAME, WorkAnswer(NOT_LOOKED_UP, reason="offline"), Verdict.NOT_CHECKED),
    ],
)
def test_one_verdict_for_each_kind_of_answer(reference, answer, verdict):
    assert matching.verdict(reference, answer) is verdict


def _answers(reference, answer, search=None) -> ReferenceAnswers:
    return ReferenceAnswers(WORK.doi, "reference", matching.verdict(reference, answer), answer, search)


def test_the_record_is_offered_as_the_reference_s_work_only_when_it_is():
    same, other = _answers(SAME, WorkAnswer(FOUND, WORK)), _answers(OTHER, WorkAnswer(FOUND, WORK))
    assert same.same_work is WORK and same.other_work is None and same.verified == (WORK, "doi")
    assert other.same_work is None and other.other_work is WORK and other.verified is None
    unregistered = _answers(SAME, WorkAnswer(NOT_FOUND, registered=False))
    assert unregistered.same_work is unregistered.other_work is unregistered.verified is None


def test_a_validated_search_match_verifies_a_reference_whose_doi_is_another_work_s():
    match = Candidate(WORK, 0.95, 80.0)
    answers = _answers(OTHER, WorkAnswer(FOUND, WORK), SearchAnswer(FOUND, (match,), match))
    assert answers.verified == (WORK, "search")


def test_fix_corrects_from_the_verdict_not_from_a_record_of_another_work():
    ms = Manuscript("x.txt", "text", references=(SAME, OTHER))
    answers = CrossrefAnswers(
        "online",
        None,
        {1: _answers(SAME, WorkAnswer(FOUND, WORK)), 2: _answers(OTHER, WorkAnswer(FOUND, WORK))},
    )
    same, other = corrected_references(ms, answers)
    assert same.verified_by == "doi" and same.year == 2017 and "year: 2016 -> 2017" in same.changes
    assert other.verified_by is None and other.title == OTHER.fields.title


def _finding(evidence: dict) -> Finding:
    return Finding("XX01", "example", Severity.WARNING, "message", Location(reference=1), evidence, None)


def test_a_finding_says_which_values_differ_from_the_evidence_keys_rules_share():
    differing = _finding({"fields": {"year": {"manuscript": "2016", "crossref": "2017"}, "volume": {"crossref": "54"}}})
    assert differing.differing("manuscript") == ["2016"]
    assert differing.differing("crossref") == ["2017", "54"]
    damaged = _finding({"field": "pages", "value": "¢0213475"})
    assert damaged.differing("manuscript") == ["¢0213475"] and damaged.differing("crossref") == []
    assert _finding({"fields": {"year": {"citation": "2016", "running header": "2017"}}}).differing("manuscript") == []
    assert _finding({"date": "received", "value": "2019-01-01"}).differing("manuscript") == []
