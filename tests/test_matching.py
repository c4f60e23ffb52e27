"""Comparing a printed reference with its Crossref record: style tolerated, errors caught."""

from __future__ import annotations

import pytest

from linter import doi as dois
from linter import matching
from linter.compare import title_words
from linter.crossref.records import from_record
from linter.model import Location
from linter.readers.reference_list import build_reference

RECORD = {
    "DOI": "10.1016/j.lindif.2017.01.025",
    "type": "journal-article",
    "title": [
        "Indigenous Ecuadorian children: Parental education, parental wealth and children's cognitive ability level"
    ],
    "author": [{"family": "Rindermann", "given": "Heiner"}, {"family": "Carl", "given": "Noah"}],
    "container-title": ["Learning and Individual Differences"],
    "short-container-title": ["Learn Individ Differ"],
    "issued": {"date-parts": [[2017]]},
    "volume": "54",
    "issue": "3",
    "page": "202-209",
}
TITLE = "Indigenous Ecuadorian children: Parental education, parental wealth and children's cognitive ability level"


def differences(text: str, **changes) -> dict:
    work = from_record({**RECORD, **changes})
    return matching.differences(build_reference(1, text, Location()), work)


@pytest.mark.parametrize(
    "text",
    [
        f"Rindermann H, Carl N. {TITLE}. Learn Individ Differ. 2017;54(3):202-9.",
        f"Rindermann H, Carl N. {TITLE.lower()}. Learning and Individual Differences. 2017;54:202-209.",
        "Rindermann H, Carl N. Indigenous Ecuadorian children. Learn Individ Differ. 2017;54:202-9.",  # subtitle left out
        f"H. Rindermann and N. Carl, “{TITLE},” Learn. Individ. Differ., vol. 54, no. 3, pp. 202–209, 2017.",
        f"Rindermann, H. & Carl, N. {TITLE}. Learn. Individ. Differ. 54, 202–209 (2017).",
        f"Rindermann, H., & Carl, N. (2017). {TITLE}. Learning and Individual Differences, 54(3), 202–209.",
        "Rindermann H, Carl N. <i>Indigenous</i> Ecuadorian children - parental education; parental wealth and children's cognitive ability level! Learn Individ Differ. 2017;54:202-9.",
    ],
)
def test_style_is_no_difference(text):
    assert differences(text) == {}


def test_greek_letters_spelled_out_and_british_spelling():
    title = "α-Synuclein in tumour behaviour of randomized paediatric centers"
    text = "Rindermann H, Carl N. Alpha-synuclein in tumor behavior of randomised pediatric centres. Learn Individ Differ. 2017;54:202-9."
    assert differences(text, title=[title]) == {}
    assert title_words("CO<sub>2</sub> & TNFα") == ["co2", "and", "tnf", "alpha"]


def test_article_number_for_pages_and_online_year():
    online = {"published-online": {"date-parts": [[2016, 12, 2]]}, "published-print": {"date-parts": [[2017, 1]]}}
    text = f"Rindermann H, Carl N. {TITLE}. Learn Individ Differ. 2016;54:e1001."
    assert differences(text, **online, page=None, **{"article-number": "e1001"}) == {}


def test_year_off_by_one_is_a_difference_when_print_and_online_agree():
    text = f"Rindermann H, Carl N. {TITLE}. Learn Individ Differ. 2016;54:202-9."
    assert set(differences(text)) == {"year"}


@pytest.mark.parametrize(
    "title, change",
    [
        (
            "Indigenous Ecuadorian children: Parental education, parental income and children's cognitive ability level",
            "wealth->income",
        ),
        (
            "Indigenous Ecuadorian children: Parental education, parental wealth and young children's cognitive ability level",
            "+young",
        ),
    ],
)
def test_a_word_replaced_or_inserted_in_the_title_is_a_difference(title, change):
    found = differences(f"Rindermann H, Carl N. {title}. Learn Individ Differ. 2017;54:202-9.")
    assert set(found) == {"title"}
    printed = matching.align_title(title_words(title), from_record(RECORD))
    assert printed.changes == (change,)


def test_another_journal_is_a_difference_even_when_the_record_journal_is_a_word_of_the_title():
    record = {
        "container-title": ["Cancer"],
        "short-container-title": ["Cancer"],
        "title": ["Incidence of cancer in children in the United States"],
    }
    text = "Rindermann H, Carl N. Incidence of cancer in children in the United States. Blood. 2017;54:202-9."
    assert set(differences(text, **record)) == {"journal"}
    right = "Rindermann H, Carl N. Incidence of cancer in children in the United States. Cancer. 2017;54:202-9."
    assert differences(right, **record) == {}


@pytest.mark.parametrize(
    "short, full",
    [
        ("J Natl Compr Canc Netw", "Journal of the National Comprehensive Cancer Network"),
        (
            "Proc. Natl. Acad. Sci. USA",
            "Proceedings of the National Academy of Sciences of the United States of America",
        ),
        ("Pediatr Blood Cancer", "Pediatric Blood & Cancer"),
        ("Phys. Rev. Lett.", "Physical Review Letters"),
    ],
)
def test_iso4_abbreviations(short, full):
    assert matching._abbreviates(short, full)


@pytest.mark.parametrize(
    "short, full",
    [
        ("J Clin Oncol", "Journal of Cancer Research"),
        ("Blood", "Cancer"),
        ("Nature", "Nature Communications"),
    ],
)
def test_other_journals_are_not_abbreviations(short, full):
    assert not matching._abbreviates(short, full)


def test_first_author_typo_and_order():
    assert set(differences(f"Rindremann H, Carl N. {TITLE}. Learn Individ Differ. 2017;54:202-9.")) == {"first author"}
    assert set(differences(f"Carl N, Rindermann H. {TITLE}. Learn Individ Differ. 2017;54:202-9.")) == {"author order"}
    assert differences(f"Rindermann H, et al. {TITLE}. Learn Individ Differ. 2017;54:202-9.") == {}


def test_wrong_numbers_are_differences():
    found = differences(f"Rindermann H, Carl N. {TITLE}. Learn Individ Differ. 2017;57(3):222-9.")
    assert set(found) == {"volume", "pages"}
    assert found["pages"] == {"manuscript": "222-9", "crossref": "202-209"}
    order = differences(f"Carl N, Rindermann H. {TITLE}. Learn Individ Differ. 2017;54:202-9.")
    assert order["author order"] == {"manuscript": "Carl N, Rindermann H", "crossref": "Heiner Rindermann, Noah Carl"}


def test_a_doi_of_another_work():
    other = "Okafor C, Lund E. A completely different study of marine sediments. Learn Individ Differ. 2017;54:202-9."
    assert matching.is_other_work(build_reference(1, other, Location()), from_record(RECORD))
    assert not matching.is_other_work(
        build_reference(1, f"Rindermann H. {TITLE}. 2017.", Location()), from_record(RECORD)
    )


@pytest.mark.parametrize(
    "doi, valid",
    [
        ("10.1603/0046-225X(2006)35[1141:ETIOLH]2.0.CO;2", True),
        ("10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2", True),
        ("10/ggb347", True),
        ("10.1000.10/123456", True),
        ("10.1234/../../etc/passwd", False),
        ("10.1234/a\x07b", False),
        ("10.1234/a b", False),
        ("10.1088/1748–9326/8/1/011006", False),  # an en dash: DO01 warns and repairs
        ("1016/j.vetpar.2012.08.010", False),
        ("10.1234/", False),
    ],
)
def test_doi_syntax_by_the_handbook(doi, valid):
    assert dois.is_valid(doi) is valid


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x. doi:10.1603/0046-225X(2006)35[1141:ETIOLH]2.0.CO;2.", "10.1603/0046-225X(2006)35[1141:ETIOLH]2.0.CO;2"),
        ("x. https://doi.org/10.1002/pbc.22047?utm_source=twitter&utm_medium=social.", "10.1002/pbc.22047"),
        ("x. doi: https://doi.org/10/ggb347.", "10/ggb347"),
        ("x. https://example.org/article?doi=10.1002/abc&utm_x=1", "10.1002/abc"),
    ],
)
def test_doi_found_in_text(text, expected):
    assert dois.find(text)[0] == expected


@pytest.mark.parametrize("url", ["\x1b[2J", "http://[::1", "https://doi.org/10.1000/x]y["])
def test_a_url_that_is_no_url_carries_no_doi_and_raises_nothing(url):
    """A BibTeX url field from a stranger (hypothesis found an escape sequence) is not a URL."""
    assert dois.from_url(url) is None or dois.from_url(url).startswith("10.")


@pytest.mark.parametrize(
    "numbers, field", [("57, 63 (2017)", None), ("60, 63 (2017)", "volume"), ("57, 120 (2017)", "pages")]
)
def test_a_number_no_record_value_explains_is_the_wrong_field(numbers, field):
    record = {"volume": "57", "issue": "1", "page": "63"}
    found = differences(f"Rindermann, H. & Carl, N. {TITLE}. Learning and Individual Differences {numbers}.", **record)
    assert set(found) == ({field} if field else set())


def test_a_short_doi_is_resolved_through_doi_org(standin):
    from linter.crossref.inspect import describe
    from tests.support import make_lookups

    def asked() -> int:
        return len([r for r in standin.requests("handle") if r["path"].endswith("10/ggb347")])

    before = asked()
    lookups = make_lookups(standin)
    assert lookups.expand_short({1: "10/ggb347", 2: "10.1/x", 3: None}) == {
        1: "10.1016/j.lindif.2017.01.025",
        2: "10.1/x",
        3: None,
    }
    assert describe("10/ggb347", lookups)["doi"] == "10.1016/j.lindif.2017.01.025"
    assert asked() == before + 1  # the second time, from the cache
