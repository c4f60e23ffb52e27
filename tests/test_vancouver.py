"""The one Vancouver formatter: the JATS reader, BibTeX/CSL-JSON/RIS entries, Crossref records, fix --to text, tests."""

from __future__ import annotations

from linter.crossref.records import from_record
from linter.vancouver import citation

ITEM = {
    "author": [{"family": "Kim", "given": "Soo-Jin"}, {"literal": "WHO Working Group"}],
    "title": "A title",
    "container-title": "Journal of Tests",
    "container-title-short": "J Tests",
    "issued": {"date-parts": [[2019, 4]]},
    "volume": "12",
    "issue": "3",
    "page": "101-9",
    "DOI": "10.1234/abc",
}


def test_fields_to_vancouver():
    assert citation(ITEM) == "Kim SJ, WHO Working Group. A title. J Tests. 2019;12(3):101-9. doi:10.1234/abc"


def test_et_al_and_missing_parts():
    many = {"author": [{"family": f"Au{i}", "given": "B"} for i in range(8)], "issued": 2001, "volume": "3"}
    assert citation(many) == "Au0 B, Au1 B, Au2 B, Au3 B, Au4 B, Au5 B, et al. 2001;3."
    assert citation(many, shown_authors=3).startswith("Au0 B, Au1 B, Au2 B, et al. ")
    assert citation(many, max_authors=None).count("Au") == 8
    assert citation({"title": "T", "issued": 2020}) == "T. 2020;."  # as JATS element-citations have always read
    assert citation({"title": "T", "issued": 2020}, bare_numbers=True) == "T. 2020."  # reference-manager entries


def test_a_crossref_record_is_written_by_the_same_formatter():
    work = from_record(
        {
            "DOI": "10.1234/abc",
            "type": "journal-article",
            "title": ["A title"],
            "author": [{"family": "Kim", "given": "Soo-Jin"}],
            "container-title": ["Journal of Tests"],
            "short-container-title": ["J Tests"],
            "issued": {"date-parts": [[2019]]},
            "volume": "12",
            "issue": "3",
            "page": "101-109",
        }
    )
    assert work.citation() == "Kim SJ. A title. J Tests. 2019;12(3):101-109. doi:10.1234/abc"
