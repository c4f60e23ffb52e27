"""How real PDFs draw citations and labels, in tiny PDFs shaped like them (issue 8: RF01/RF02/RF03).

The shapes come from the real-document corpus: SciELO Revista de Saúde Pública sets a long
superscript list after a full stop ("culturales.1,2,4,6,7-10,12,14,15"), its first pages put an
abstract across the page above two columns whose baselines do not line up, JOSS sets editor,
reviewers and licence in a column beside the first page's text, and a DOI wrapped to a new line
("10.1515/DMDI...") opened a false entry 10 in a Vancouver list.
"""

from __future__ import annotations

import zlib

import pytest

from linter.model import Location, Manuscript
from linter.readers import pdf_layout, read
from linter.readers.reference_labels import label, starts_entry
from linter.readers.reference_list import build_reference
from linter.rules import Context, find
from tests.test_citations import cite


def _pdf(*pages: list[tuple[float, float, float, str]]) -> bytes:
    """An A4 PDF of one page per list: Helvetica text at (x, baseline, size) per item."""
    escape = str.maketrans({"(": r"\(", ")": r"\)", "\\": r"\\"})
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for items in pages:
        ops = "".join(f"BT /F1 {size} Tf {x} {y} Td ({text.translate(escape)}) Tj ET\n" for x, y, size, text in items)
        stream = zlib.compress(ops.encode("latin-1"))
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>stream\n".encode() + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            + f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _lines(tmp_path, items, *more_pages):
    path = tmp_path / "page.pdf"
    path.write_bytes(_pdf(items, *more_pages))
    return pdf_layout.read(str(path)).lines


FILLER = "the women who live in rural areas reach the service late and"  # about 280 points at 10 pt


def test_a_long_superscript_list_overhanging_its_line_is_one_citation(tmp_path):
    body = [(72, 700 - 14 * i, 10, FILLER) for i in range(12)]
    lines = _lines(
        tmp_path, body + [(72, 500, 10, "diferencias culturales."), (170, 503.2, 5.5, "1,2,4,6,7-10,12,14,15")]
    )
    host = next(line for line in lines if line.text.startswith("diferencias"))
    assert host.supers == [(len("diferencias culturales."), "1,2,4,6,7-10,12,14,15")]
    assert not any(line.text.startswith("1,2,4") for line in lines)


def test_a_subscript_stays_on_its_line_and_is_no_superscript(tmp_path):
    body = [(72, 700 - 14 * i, 10, FILLER) for i in range(12)]
    lines = _lines(tmp_path, body + [(72, 500, 10, "a subgraph homeomorphic to K"), (210, 497.5, 7, "3,3")])
    host = next(line for line in lines if line.text.startswith("a subgraph"))
    assert host.text.endswith("3,3") and host.supers == []
    assert not any(line.text == "3,3" for line in lines)


def test_two_columns_under_a_page_wide_abstract_are_read_column_by_column(tmp_path):
    abstract = [(72, 780 - 12 * i, 10, FILLER + " so on to the end") for i in range(6)]
    abstract.append((72, 708, 10, "for differences between groups and"))  # its short last line crosses the gutter
    left = [(72, 600 - 12 * i, 10, f"left column line {i} of the text") for i in range(14)]
    right = [(320, 596 - 12.3 * i, 10, f"right column line {i} of the text") for i in range(14)]  # offset baselines
    lines = [line for line in _lines(tmp_path, abstract + left + right) if "column" in line.text]
    assert all(line.text.count("column") == 1 for line in lines)  # no line mixes the two columns
    order = [line.text.split()[0] for line in lines]
    assert order == ["left"] * 14 + ["right"] * 14


def test_a_first_page_sidebar_is_not_read_into_the_text(tmp_path):
    sidebar = ["DOI: 10.21105/joss.01234", "Software", "Editor: Open Journals", "Reviewers:", "Submitted: 01 May 2024"]
    sidebar += ["Published: 01 June 2024", "License", "Authors of papers retain", "Creative Commons Attribution"]
    items = [(28, 600 - 13 * i, 8, text) for i, text in enumerate(sidebar)]
    items += [(170, 605 - 12 * i, 10, f"{FILLER} {i}") for i in range(16)]
    items[-8] = (170, 605 - 12 * 8, 10, "as earlier packages did (Smith et al.,")
    items[-7] = (170, 605 - 12 * 9, 10, "2020) with the same data and methods")
    lines = _lines(tmp_path, items)
    texts = [line.text for line in lines]
    assert all(not any(word in t for word in ("Editor", "Reviewers", "License")) or len(t) < 40 for t in texts)
    i = texts.index("as earlier packages did (Smith et al.,")
    assert texts[i + 1] == "2020) with the same data and methods"


def _two_columns(left: list[str], right: list[str], bottom: float, foot: list[tuple[float, str]]):
    """A page of two columns of 9-point lines 10.5 points apart, each ending at `bottom`, and a foot at 30."""
    page = [(50, bottom + 10.5 * (len(left) - 1 - i), 9, text) for i, text in enumerate(left)]
    page += [(310, bottom + 10.5 * (len(right) - 1 - i), 9, text) for i, text in enumerate(right)]
    return page + [(x, 30, 9, text) for x, text in foot]


def test_a_last_line_that_runs_on_from_its_column_is_no_foot_whatever_other_pages_end_with(tmp_path):
    """Hindawi: a reference's last line, 'vol. 66, no. 5, pp. 692-697, 2004.', at the foot of one page,
    is part of the last line of another page's column ('Research, vol. 7, ...') once digits are put
    aside; it runs on from its column's text, so it stays in the text. A foot the gutter cut in two,
    set apart below the columns, is still furniture."""
    body = [f"{FILLER[:40]} {i}" for i in range(14)]
    refs = [f"[{i}] A. Author, Title of work {i}, Journal, vol. 1," for i in range(1, 13)]
    first = _two_columns(
        body,
        [*refs, "patients with obstructive sleep apnea, Psychosomatic", "vol. 66, no. 5, pp. 692-697, 2004."],
        60,
        [(50, "Sleep Disorders"), (310, "Journal of Sleep Research 2016")],
    )
    second = _two_columns(
        [
            *refs,
            "latency tests and psychological symptoms, Journal of Sleep",
            "Research, vol. 7, no. 4, pp. 248-253, 1998.",
        ],
        refs,
        60,
        [(50, "Sleep Disorders Journal of Sleep Research 2016")],
    )
    lines = _lines(tmp_path, first, second)
    kept = {line.text: line.furniture for line in lines}
    assert kept["vol. 66, no. 5, pp. 692-697, 2004."] is None
    assert kept["Research, vol. 7, no. 4, pp. 248-253, 1998."] is None
    assert kept["Journal of Sleep Research 2016"] == "running foot"


def test_a_line_set_flush_inside_an_author_year_entry_does_not_start_one(tmp_path):
    """SciELO: the typesetter broke an entry after a species name and set the rest flush, with the gap
    between entries. It follows a line that ends no sentence, begins with no author's name and holds
    no year: it goes on with the entry. A flush line after a finished entry, whatever it begins with,
    still starts one."""
    entries = [
        ["Abraham, K.; Nair, S.C. 1986. Weed set and seedling variation in", "greater yam. Euphytica, 35: 337-343."],
        ["Langhu, T.; Deb, C.R. 2014. Studies on reproductive and seed", "biology of Dioscorea villosa"],
        ["Linnaeus (Dioscoreaceae): a rare medicinal plant in NE India.", "Pleione, 8: 251-257."],
        ["Martins, P.S. 2005. Dinamica evolutiva em rocas de caboclos", "amazonicos. Estudos Avancados, 19: 209-220."],
        ["IBGE (Instituto Brasileiro de Geografia e Estatistica). Censo", "agropecuario. IBGE, Rio de Janeiro."],
        ["Mollica, J.Q.; Cara, D.C. 2013. Anti-inflammatory activity of", "American yam. J. Funct. Foods, 5: 1975-84."],
    ]
    items, y = (
        [(72, 760, 10, "Yams were grown (Abraham and Nair 1986; Langhu and Deb 2014)."), (72, 730, 12, "REFERENCES")],
        712.0,
    )
    for entry in entries:
        for k, text in enumerate(entry):
            items.append((72 if k == 0 else 86, y, 9, text))
            y -= 10.8
        y -= 2.8
    path = tmp_path / "list.pdf"
    path.write_bytes(_pdf(items))
    starts = [r.raw.split()[0] for r in read(path).references]
    assert starts == ["Abraham,", "Langhu,", "Martins,", "IBGE", "Mollica,"]
    assert (
        read(path)
        .references[1]
        .raw.endswith("villosa Linnaeus (Dioscoreaceae): a rare medicinal plant in NE India. Pleione, 8: 251-257.")
    )


@pytest.mark.parametrize(
    "text, number, style",
    [
        ("1. Ott PA", 1, "dot"),
        ("[12] Ott", 12, "bracket"),
        ("(3) Sims, C. F.", 3, "paren"),
        ("10.Klapper W", 10, "dot"),
        (". Janz TA", None, "lost"),
        ("12 Smith J", 12, "bare"),
    ],
)
def test_one_label_grammar(text, number, style):
    found = label(text)
    assert (found.number, found.style) == (number, style)


@pytest.mark.parametrize(
    "text", ["10.1515/DMDI.2004.20.1-2.101", "3.2019 was the year", "2019. World report", "4 2019"]
)
def test_a_doi_a_date_or_a_year_is_no_label(text):
    assert label(text) is None or label(text).style == "bare" and label(text).number != 4
    assert not starts_entry(text)


def test_a_bare_number_starts_an_entry_only_where_the_page_sets_it_apart():
    assert label("12 Smith J").style == "bare" and not starts_entry("12 Smith J")
    assert starts_entry("(3) Sims, C. F.") and not starts_entry("(3) 45 mg")


def _rf01(labels: list[str]):
    references = [
        build_reference(i, f"{n}. Author{i} A. Title {i}. J Test. 2019;{i}:1-9.", Location(line=i))
        for i, n in enumerate(labels, 1)
    ]
    manuscript = Manuscript(path="x.txt", format="text", references=tuple(references))
    return list(find("RF01").check(manuscript, Context()))


def test_rf01_reports_a_lost_label_once_not_once_per_following_entry():
    findings = _rf01(["1", "2", "3", "6", "7", "8", "9", "10"])
    assert len(findings) == 1
    assert findings[0].message.startswith("references 4-8 are labelled 6-10: labels 4-5 are missing")
    assert findings[0].evidence["offset"] == 2


def test_rf01_a_single_wrong_label_is_named_as_before():
    findings = _rf01(["1", "2", "7", "4", "5"])
    assert [f.message for f in findings] == ["reference 3 is labelled 7"]


NAMES = [
    "Lima, A.P; Magnusson, W.E. 2012. Guide to the frogs of Reserva Adolpho Ducke. INPA, Manaus.",
    "Google Inc. (2021). Trax. In GitHub repository. https://github.com/google/trax",
    "Thautwarm, & contributors. (2023). MLStyle.jl: Functional programming and pattern matching for Julia.",
]


def test_a_citation_in_parentheses_inside_brackets_is_still_read():
    found = cite("differences [SMD - Cohen's d (Lima et al., 2012) with 95% intervals (CI)] were", NAMES)
    assert [c.numbers for c in found] == [(1,)]


def test_author_year_citations_in_square_brackets_with_a_species_authority_inside():
    found = cite(
        "that other species [e.g. Osteocephalus aff. oophagus, Trachycephalus resinifictrix (Goeldi, 1907); "
        "Lima et al. 2012] were sampled",
        NAMES,
    )
    assert [c.numbers for c in found] == [(1,)]
    assert all(not c.unresolved for c in found)


def test_a_species_authority_without_parentheses_is_no_citation():
    found = cite("[e.g. Leptodactylus paraenesis Heyer, 2005; Lima et al. 2012]", NAMES)
    assert [c.keys for c in found] == [("Lima 2012",)]


def test_corporate_authors_and_contributors():
    found = cite("or Trax (Google Inc., 2021); MLStyle.jl (Thautwarm & contributors, 2023) enables", NAMES)
    assert [c.numbers for c in found] == [(2,), (3,)]


def test_numbers_in_parentheses_after_a_plural_noun_or_wrapped_to_a_line_start_are_citations():
    numbered = [f"{n}. Author{n} A. Title {n}. J Test. 2019;{n}:1-9." for n in range(1, 13)]
    text = (
        "Hypochlorite acts on planktonic (7) and biofilm\n(8,9) forms of the bacteria (10).\n"
        "The plaque index (VPI, an index for plaque\n(11)) fell the same in both groups (12).\n"
        "Patients in group (3) and case (4) were excluded (1).\n(2) Second, the data were weighed."
    )
    cited = {n for c in cite(text, numbered) for n in c.numbers}
    assert cited == {1, 7, 8, 9, 10, 11, 12}


def test_works_in_press_are_cited_by_that_phrase_in_any_case_or_language():
    listed = [
        "Smith, J.; Doe, K.; Lee, H. In press. A title. Journal C.",
        "Souza, A. No prelo. Peixes da Amazônia. Acta Amazonica.",
        "R Development Core Team. 2019. R: A language and environment for statistical computing. Vienna.",
        "WHO. 2020. Global tuberculosis report. Geneva: World Health Organization.",
    ]
    found = cite("(Smith et al., in press; Souza no prelo; R Development Core Team 2019) and WHO (2020)", listed)
    assert [c.numbers for c in found] == [(1, 2, 3), (4,)]
    assert not any(c.unresolved for c in found)


def test_a_corporate_author_with_its_acronym_in_brackets():
    listed = ["Clinical and Laboratory Standards Institute [CLSI]. (2008). M27-A3 Reference method. Wayne, PA: CLSI."]
    found = cite("as described (Clinical and Laboratory Standards Institute [CLSI], 2008) with", listed)
    assert [(c.numbers, c.unresolved) for c in found] == [((1,), ())]


def test_a_name_printed_in_lower_case_is_read_only_where_an_entry_begins_with_it():
    listed = [
        "team, T. pandas development. (2020). Pandas-dev/pandas: pandas. Zenodo.",
        "scikit-learn developers. (2011). Scikit-learn: machine learning in Python. JMLR.",
    ]
    found = cite("matplotlib, pandas(team, 2020), and (scikit-learn developers, 2011); not (see, 2019)", listed)
    assert [(c.numbers, c.unresolved) for c in found] == [((1,), ()), ((2,), ())]


def test_an_accent_drawn_after_its_line_goes_back_onto_its_dotless_i(tmp_path):
    # TeX sets "Garc\'{\i}a" as a dotless i and a spacing acute that may come after the rest of the line
    # (JOSS); Helvetica's StandardEncoding: 0xF5 dotless i, 0xC2 acute; the i's middle is at 137.86 pt.
    line = "Santiago-Garc\xf5a, J. (2009). Shells, jets, and internal working surfaces."
    lines = _lines(tmp_path, [(72, 700, 10, line), (136.2, 700, 10, "\xc2")])
    assert [line.text for line in lines] == ["Santiago-García, J. (2009). Shells, jets, and internal working surfaces."]


def test_an_entry_at_the_top_of_a_page_starts_where_no_gap_can_show_it(tmp_path):
    """JOSS: flush entries told apart by the gaps between them; the first line of a page has no gap above it,
    its author and year start an entry all the same (two entries were read as one)."""
    entries = [
        ["Chang, W., and J. Cheng. 2020. Shiny: Web Application Framework for R.", "https://CRAN.R-project.org."],
        ["Ellithorpe, M. E., and D. R. Ewoldsen. 2015. Preparation and Analyses of", "Implicit Attitude Measures."],
        ["Epifania, O. M., and P. Anselmi. 2019. DscoreApp: An App for the Implicit", "Association Test d-Score."],
        ["Epifania, O. M., and E. Robusto. 2020. Implicit social cognition through", "the test at age 21. Advance."],
        ["Greenwald, A. G., and D. E. McGhee. 1998. Measuring Individual Differences", "in Implicit Cognition."],
    ]
    pages: list[list] = [[(72, 760, 10, "Scores (Chang and Cheng 2020; Greenwald and McGhee 1998).")], []]
    pages[0].append((72, 730, 12, "References"))
    y = 712.0
    for n, entry in enumerate(entries):
        if n == 3:  # a new page
            y = 780.0
        for text in entry:
            pages[0 if n < 3 else 1].append((72, y, 9, text))
            y -= 10.8
        y -= 6
    path = tmp_path / "list.pdf"
    path.write_bytes(_pdf(*pages))
    assert [r.raw.split(". ")[0] for r in read(path).references] == [
        "Chang, W., and J",
        "Ellithorpe, M",
        "Epifania, O",
        "Epifania, O",
        "Greenwald, A",
    ]


def test_a_character_of_several_code_points_is_no_accent():
    chars = [["char", "a", 0, 5, 0, 10, 0], ["char", "\u0301\u0301", 1, 4, 0, 10, 1], ["char", "ffi", 5, 12, 0, 10, 2]]
    pdf_layout._compose_accents(chars)  # once a TypeError: the whole PDF "could not be read"
    assert [c[1] for c in chars] == ["a", "\u0301\u0301", "ffi"]
