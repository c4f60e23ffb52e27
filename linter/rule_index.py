"""Every rule's code and name, and whether it needs Crossref's answers: what configuration and the
run's plan need to know before the rules are loaded. Loading them takes longer than the first
request to Crossref should wait, which only needs to know that some selected rule will use its
answer (outside linter/rules/ for that reason: importing that package loads the rule machinery).
tests/test_rule_index.py keeps this list equal to the rules themselves: a new rule is added here too."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    code: str
    name: str
    needs_crossref: bool


RULES = tuple(
    Entry(*entry)
    for entry in (
        ("CR01", "doi-not-registered", True),
        ("CR02", "reference-mismatch", True),
        ("CR03", "doi-wrong-work", True),
        ("CR04", "missing-doi", True),
        ("CR05", "unverified-reference", True),
        ("CR06", "article-record-mismatch", True),
        ("CR07", "updated-reference", True),
        ("DO01", "doi-syntax", False),
        ("DO02", "doi-url-mismatch", False),
        ("IN01", "deposit-reference-mismatch", True),
        ("IN02", "off-topic-reference", False),
        ("IN03", "reference-after-publication", False),
        ("IN04", "citation-concentration", False),
        ("IN05", "tortured-phrase", False),
        ("IN06", "questionable-venue", False),
        ("JT01", "history-after-print", False),
        ("JT02", "date-parts-mismatch", False),
        ("JT03", "xref-without-ref", False),
        ("JT04", "issn-check-digit", False),
        ("JT05", "orcid-check-digit", False),
        ("MD01", "article-doi-syntax", False),
        ("MD02", "title-variant", False),
        ("MD03", "date-order", False),
        ("MD04", "date-invalid", False),
        ("MD05", "manuscript-number-mismatch", False),
        ("MD06", "citation-line-mismatch", False),
        ("MD07", "author-mismatch", False),
        ("RF01", "reference-numbering", False),
        ("RF02", "citation-without-reference", False),
        ("RF03", "uncited-reference", False),
        ("RF04", "duplicate-reference", False),
        ("RF05", "citation-order", False),
        ("RF06", "page-furniture", False),
        ("RF07", "incomplete-reference", False),
        ("RF08", "no-reference-list", False),
        ("RF09", "unresolved-citation", False),
        ("SU01", "inline-suppression", False),
        ("TX01", "lossy-encoding", False),
        ("TX02", "mojibake", False),
        ("TX03", "ocr-artefact", False),
    )
)
