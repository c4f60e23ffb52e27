"""In-text citations: numeric and author-year, what is not a citation, and RF02/RF03 on them."""

from __future__ import annotations

import pytest

from linter.model import Location
from linter.readers import citations, plaintext
from linter.readers.layout import Line
from linter.readers.reference_list import build_reference
from linter.rules import Context, find

NUMBERED = [f"{n}. Author{n} A. Title {n}. J Test. 2019;{n}:1-9." for n in range(1, 13)]
AUTHOR_YEAR = [
    "Lee, H. (2019a). First study. Journal A, 1, 1-9.",
    "Lee, H. (2019b). Second study. Journal A, 2, 1-9.",
    "Müller, T., & Schmidt, R. (2018). Thing. Journal B, 3, 4-5.",
    "R Core Team. (2023). R: A language and environment for statistical computing. Vienna.",
    "Smith, J., & Doe, K. (2020). A title. Journal C, 1, 2-3.",
    "van der Berg, A. (2019). Another title. Journal D, 2, 3-4.",
    "World Health Organization. (2021). Global report. Geneva: WHO.",
]


def refs(texts):
    return [build_reference(i, text, Location(line=100 + i)) for i, text in enumerate(texts, 1)]


def cite(text, references):
    lines = [Line(i, line, None) for i, line in enumerate(text.split("\n"), 1)]
    return citations.find(lines, refs(references))


def numbers(found):
    return [c.numbers for c in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("as shown [3] and [3-5, 8] and [1,2]", [(3,), (3, 4, 5, 8), (1, 2)]),
        ("ranges [2–4]; lists [6; 7] over a line [9,\n10]", [(2, 3, 4), (6, 7), (9, 10)]),
        ("cited [11] but the list stops at 12, [13] names none", [(11,), (13,)]),
        ("IEEE ranges [2]–[4] and [1], [6]", [(2, 3, 4), (1,), (6,)]),
        ("as in ref. 7 and refs. 8-9 [1], not reference 40", [(7,), (8, 9), (1,)]),
    ],
)
def test_bracketed_numbers(text, expected):
    assert numbers(cite(text, NUMBERED)) == expected


def test_code_maths_and_years_are_not_citations():
    text = "state[764] and a[12] and x[i] and f(x)[2] and the interval [0, 1] and Darwin [1859] but [4]"
    assert numbers(cite(text, NUMBERED)) == [(4,)]


def test_labels_above_999_when_the_list_is_that_long():
    long_list = [f"{n}. Author A. Title. J Test. 2019;1:1." for n in range(1, 1201)]
    assert numbers(cite("cited [1001-1003]", long_list)) == [(1001, 1002, 1003)]


def test_parentheses_where_the_text_cites_that_way():
    text = (
        "Mortality fell (3) and rose again (5, 7–9) in older patients (n = 16),\n"
        "as in Figure (2) and Equation (4); see (2019) and (40), as wrapped\n(6). Then:\n(1) First item of a list.\n(11)"
    )
    assert numbers(cite(text, NUMBERED)) == [(3,), (5, 7, 8, 9), (6,)]


def test_parentheses_are_not_citations_where_brackets_are_the_style():
    text = "Shown [1] and [2] and [3], with the model (1) fitted to (2)."
    assert numbers(cite(text, NUMBERED)) == [(1,), (2,), (3,)]


def test_author_year_forms_are_matched_to_their_entries():
    text = (
        "As shown (Smith et al., 2020; Lee 2019a) and by van der Berg (2019), also Smith and Doe (2020).\n"
        "See (Müller & Schmidt, 2018, p. 4) and (World Health Organization, 2021) in March (2020).\n"
        "Lee (2019b) and (Lee, 2019a, b); we used R (R Core Team, 2023)."
    )
    found = cite(text, AUTHOR_YEAR)
    by_raw = {c.raw: (c.keys, c.numbers, c.unresolved) for c in found}
    assert by_raw["(Smith et al., 2020; Lee 2019a)"] == (("Smith 2020", "Lee 2019a"), (5, 1), ())
    assert by_raw["van der Berg (2019)"] == (("van der Berg 2019",), (6,), ())
    assert by_raw["Smith and Doe (2020)"] == (("Smith 2020",), (5,), ())
    assert by_raw["(Müller & Schmidt, 2018, p. 4)"] == (("Müller 2018",), (3,), ())
    assert by_raw["(World Health Organization, 2021)"][1] == (7,)
    assert by_raw["Lee (2019b)"][1] == (2,) and by_raw["(Lee, 2019a, b)"][1] == (1, 2)
    assert by_raw["(R Core Team, 2023)"][1] == (4,)
    assert not any("March" in c.raw for c in found)
    assert all(c.author_year for c in found)


def test_author_year_citation_lines_and_columns():
    (first, second) = cite("Intro text.\nLater, Smith and Doe (2020) and (Lee, 2019a).", AUTHOR_YEAR)
    assert (first.location.line, first.location.column) == (2, 8)
    assert (second.location.line, second.location.column) == (2, 33)


def manuscript(body: str, references: list[str], heading: str = "References"):
    return plaintext.read(body + f"\n\n{heading}\n\n" + "\n\n".join(references) + "\n", "test.txt")


def problems(code, ms):
    return list(find(code).check(ms, Context()))


def test_rf02_and_rf03_in_an_author_year_document():
    body = (
        "Growth was fast (Smith et al., 2020; Lee 2019a, b), as van der Berg (2019) and\n"
        "Müller and Schmidt (2018) found; R was used (R Core Team, 2023). Jones et al. (2017) disagree,\n"
        "and Smith (2021) too."
    )
    ms = manuscript(body, AUTHOR_YEAR)
    assert len(ms.references) == 7
    found = {p.evidence["missing"][0]: p.suggestion for p in problems("RF02", ms)}
    assert found == {
        "Jones 2017": None,
        "Smith 2021": "the list has Smith 2020 (reference 5): correct the year, or add the work cited",
    }
    assert [p.evidence["number"] for p in problems("RF03", ms)] == [7]  # the WHO report is never cited
    assert problems("RF05", ms) == []  # an alphabetical list has no citation order


def test_author_year_names_with_accents_particles_and_ampersands():
    references = [
        "García-López, M., & Ó Briain, D. (2015). Uno. Revista, 1, 1.",
        "de la Cruz, J. (2016). Dos. Revista, 2, 2.",
        "O'Neil, P. (2017). Tres. Revista, 3, 3.",
    ]
    body = "Known (García-López & Ó Briain, 2015; de la Cruz, 2016) and O'Neil (2017)."
    ms = manuscript(
        body + " Also (Hobaek et al. 2002).", references + ["Hobæk, A.; Andersen, M.M. 2002. Factors. Limnol, 1: 2."]
    )
    assert [c.numbers for c in ms.citations] == [(1, 2), (3,), (4,)]
    assert not problems("RF02", ms) and not problems("RF03", ms)


def test_numeric_citations_in_a_numbered_document_through_the_reader():
    body = "Shown [1], [2-3] and [13] but not a[4] or state[764]."
    ms = manuscript(body, NUMBERED[:3])
    assert [p.evidence["missing"] for p in problems("RF02", ms)] == [[13]]
    assert not problems("RF03", ms)


def test_a_list_read_short_draws_one_warning_not_a_flood():
    body = " ".join(f"Work {n} (Author{n}, 20{n:02d})." for n in range(1, 13)) + " And (Smith et al., 2020)."
    ms = manuscript(
        body,
        ["Smith, J., & Doe, K. (2020). A title. Journal C, 1, 2-3.", "Lee, H. (2019). First study. Journal A, 1, 1-9."],
    )
    (problem,) = problems("RF02", ms)
    assert problem.severity.value == "warning" and "12 of the 13 works cited match no entry" in problem.message
    assert len(problem.evidence["missing"]) == 12


def test_secondary_citations_possessives_and_soft_hyphens():
    found = cite(
        "as in (Walker 1858, in Smith et al. 2020), Lee’s (2019a) and (Mül\u00ad ler & Schmidt, 2018);\n"
        "Mül\u00ad\nler and Schmidt (2018)",
        AUTHOR_YEAR,
    )
    assert [(c.keys, c.numbers) for c in found] == [
        (("Smith 2020",), (5,)),
        (("Lee 2019a",), (1,)),
        (("Müller 2018",), (3,)),
        (("Müller 2018",), (3,)),
    ]
    assert found[-1].raw == "Müller and Schmidt (2018)"


def test_the_style_follows_what_names_the_entries():
    lost_labels = [". " + text.split(". ", 1)[1] for text in NUMBERED[:4]]  # labels lost in extraction
    assert numbers(cite("Shown [1], [2-4] by Author1 (2019).", lost_labels)) == [(1,), (2, 3, 4)]
    stray_label = AUTHOR_YEAR[:5] + ["12. Further reading, an entry that opens with a number (2001)."]
    found = cite("Known (Smith et al., 2020; Lee 2019a) and [1].", stray_label)
    assert [c.keys for c in found] == [("Smith 2020", "Lee 2019a")]


def test_a_species_authority_is_not_a_citation_but_a_sentence_is():
    found = cite(
        "Rhinella marina (Linnaeus, 1758) was common. The results (Jones, 2017) and (Lee, 2019a).", AUTHOR_YEAR
    )
    assert [(c.keys, c.unresolved) for c in found] == [(("Jones 2017",), ("Jones 2017",)), (("Lee 2019a",), ())]


def test_a_name_one_letter_off_still_names_its_entry():
    found = cite(
        "(Rodríguez and Duellman 1994) and (Rodrigues 1994) and (Lee 1994)",
        ["Rodíguez, L.O.; Duellman, W.E. 1994. Guide to the frogs. Lawrence: KU.", "Lee, H. 1995. A title. J, 1: 2."],
    )
    assert [(c.numbers, c.unresolved) for c in found] == [((1,), ()), ((), ("Rodrigues 1994",)), ((), ("Lee 1994",))]


def test_a_corporate_author_cited_by_its_acronym():
    references = AUTHOR_YEAR + [
        "United States Pharmacopeial Convention. 2007. United States Pharmacopeia. 30 th ed./NF25. USPC, Rockville.",
        "Instituto Brasileiro de Geografia e Estatística - IBGE. 2010. Censo demográfico. Rio de Janeiro.",
        "Smith, A. B. C. 2011. Something else. J, 1: 2.",
    ]
    found = cite("(USP 2007), (WHO, 2021), (IBGE, 2010); not (SABC 2011), (USA 2007) or (WHO 2020)", references)
    assert [(c.numbers, c.unresolved) for c in found] == [
        ((8,), ()),
        ((7,), ()),
        ((9,), ()),
        ((), ("SABC 2011",)),  # a person's initials are no acronym
        ((), ("USA 2007",)),
        ((), ("WHO 2020",)),
    ]


def test_a_gloss_in_brackets_and_a_quoted_pseudonym():
    references = AUTHOR_YEAR + [
        "“Student” [W.S. Gosset]. 1914. “The Elimination of Spurious Correlation.” Biometrika 10: 179–80.",
        "Freud, S. (1953). The interpretation of dreams. London: Hogarth. (Original work published 1900)",
        "Clinical and Laboratory Standards Institute [CLSI]. (2008). Methods. Wayne, PA.",
    ]
    found = cite(
        "(“Student” [W.S. Gosset] 1914; Smith et al., 2020), (Freud [1900] 1953) and "
        "(Clinical and Laboratory Standards Institute [CLSI], 2008)",
        references,
    )
    assert [(c.numbers, c.unresolved) for c in found] == [((8, 5), ()), ((9,), ()), ((10,), ())]
