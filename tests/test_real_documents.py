"""Real PDFs nobody here wrote (fixtures/pdf-real, CC BY), and PDFs whose list cannot be found.

The counts are the gold lists' (from each article's JATS or ISIS record, or the BibTeX its
JOSS paper cites); benchmarks/real_documents.py measures the other 81 documents of the corpus.
"""

from __future__ import annotations

import json
import zlib

import pytest

from linter.config import Config
from linter.engine import check_file
from linter.readers import layout, read
from linter.rules import Context
from tests.support import FIXTURES

REAL = FIXTURES / "pdf-real"


def gold(name):
    return json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))["references"]


def rules_of(path):
    return [f.rule for f in check_file(path, Config(), Context(), "pdf").findings]


def test_two_column_numbered_list_hindawi():
    manuscript = read(REAL / "hindawi_PMC4736806.pdf")
    assert len(manuscript.references) == len(gold("hindawi_PMC4736806")) == 22
    assert [r.label for r in manuscript.references] == [str(n) for n in range(1, 23)]
    assert manuscript.references[0].raw.startswith("[1] K. Koora, M. S. Muthu")
    assert manuscript.references[-1].location.page == 5  # the list runs on over a page break
    assert not any("Dentistry 5" in r.raw for r in manuscript.references)  # page 5's running head left out
    assert not any(r.furniture for r in manuscript.references)
    assert manuscript.reference_search.heading == "References"
    assert {n for c in manuscript.citations for n in c.numbers} == set(range(1, 23))
    assert not {"RF01", "RF02", "RF03", "RF06", "RF08"} & set(rules_of(REAL / "hindawi_PMC4736806.pdf"))


def test_author_year_list_with_hanging_indent_joss():
    manuscript = read(REAL / "joss_aorsf.pdf")
    surnames = sorted(g["fields"]["authors"][0].split(",")[0] for g in gold("joss_aorsf"))
    assert [r.raw.split(",")[0] for r in manuscript.references] == surnames
    assert all(r.label is None for r in manuscript.references)
    # a DOI cut after "doi:" at the line's end, and a URL cut after its last "/", are whole again
    dois = {r.fields.doi.lower() for r in manuscript.references if r.fields.doi}
    assert {"10.1214/08-aoas169", "10.48550/arxiv.2208.01129", "10.1161/circulationaha.120.053134"} <= dois
    assert manuscript.references[-1].raw.endswith("5440691d44abea537b08aeb60153a31654d66a9b/noweb")
    # the running footer (the paper's own citation, on every page) is neither a reference nor inside one
    assert not any("Jaeger et. al., (2022)" in r.raw for r in manuscript.references)
    assert not rules_of(REAL / "joss_aorsf.pdf")


def test_portuguese_list_and_superscript_citations_scielo():
    manuscript = read(REAL / "scielo-rsp_45-5-2432.pdf")
    assert len(manuscript.references) == len(gold("scielo-rsp_45-5-2432")) == 25
    assert manuscript.reference_search.heading == "REFERÊNCIAS"
    assert [r.label for r in manuscript.references] == [str(n) for n in range(1, 26)]
    # DOIs printed across two lines of a narrow column come back whole
    assert manuscript.references[0].fields.doi == "10.1590/S1413-81232006000400032"
    # superscript citation numbers (smaller type, raised) are citations
    cited = {n for c in manuscript.citations for n in c.numbers}
    assert len(cited) >= 20 and cited <= set(range(1, 26))
    assert "RF02" not in rules_of(REAL / "scielo-rsp_45-5-2432.pdf")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("References", True),
        ("REFERÊNCIAS", True),
        ("Referencias bibliográficas", True),
        ("Bibliografía", True),
        ("Literatura citada", True),
        ("Literatuurlijst", True),
        ("Literatur", True),
        ("Bibliographie", True),
        ("Références", True),
        ("R E F E R E N C E S", True),
        ("7. References", True),
        ("Riferimenti bibliografici", True),
        ("Kaynaklar", True),
        ("Список литературы", True),
        ("参考文献", True),
        ("Referenser", True),
        ("References to earlier work are few", False),
        ("Reference Source", False),
    ],
)
def test_references_heading_in_many_languages(text, expected):
    assert layout.is_references_heading(text) is expected


def test_glued_heading():
    assert layout.glued_references_heading("REFERENCESAbbott, B. P. 2016") == len("REFERENCES")
    assert layout.glued_references_heading("References") is None


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one Helvetica line per string, 14 points apart, from the top of an A4 page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = (
            "".join(f"BT /F1 10 Tf 72 {780 - 14 * i} Td ({t}) Tj ET\n" for i, t in enumerate(lines))
            if lines
            else "0 0 m 100 100 l S\n"
        )
        stream = zlib.compress(ops.encode("latin-1"))
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>stream\n".encode() + stream + b"\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode()) + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


BODY = ["Intralesional therapy shrinks melanoma metastases [1, 2].", "Further trials are under way [3]."]


def rf08(path):
    findings = [f for f in check_file(path, Config(), Context(), "pdf").findings if f.rule == "RF08"]
    assert len(findings) == 1, findings
    return findings[0]


def test_no_reference_section_draws_rf08(tmp_path):
    path = tmp_path / "no-list.pdf"
    path.write_bytes(_pdf([BODY + ["Discussion", "Nothing else follows."]]))
    finding = rf08(path)
    assert "no reference list found" in finding.message and "2 citations" in finding.message
    assert finding.evidence["headings"] == []


def test_a_list_that_cannot_be_read_draws_rf08_with_the_heading_considered(tmp_path):
    path = tmp_path / "unreadable-list.pdf"
    path.write_bytes(_pdf([BODY + ["", "References", "", "See the journal's web site."]]))
    finding = rf08(path)
    assert finding.evidence["headings"] == ["References"]
    assert "'References'" in finding.message


def test_a_list_far_shorter_than_its_citations_draws_rf08(tmp_path):
    path = tmp_path / "short-list.pdf"
    lines = [
        "Intralesional therapy shrinks melanoma metastases [1-12].",
        "",
        "References",
        "",
        "1. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260.",
        "2. Janz TA, Neskey DM. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.",
    ]
    path.write_bytes(_pdf([lines]))
    assert "up to 12" in rf08(path).message


def test_a_pdf_without_a_text_layer_is_a_finding_not_a_clean_result(tmp_path):
    path = tmp_path / "scanned.pdf"
    path.write_bytes(_pdf([[], []]))
    result = check_file(path, Config(), Context(), "pdf")
    assert result.error is None
    (finding,) = [f for f in result.findings if f.rule == "RF08"]
    assert "no text layer" in finding.message


def test_a_list_in_the_pdf_is_read_from_a_minimal_pdf(tmp_path):
    path = tmp_path / "list.pdf"
    lines = [
        "Intralesional therapy shrinks melanoma metastases [1, 2].",
        "",
        "Referencias",
        "",
        "1. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260.",
        "2. Janz TA, Neskey DM. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.",
    ]
    path.write_bytes(_pdf([lines]))
    manuscript = read(path)
    assert [r.label for r in manuscript.references] == ["1", "2"]
    assert "RF08" not in rules_of(path)


def test_of_two_lists_the_longer_is_checked_and_the_other_named(tmp_path):
    path = tmp_path / "two-lists.pdf"
    main = [f"{n}. Author{n} A. A study of things number {n}. J Things. 20{10 + n};{n}:1-9." for n in range(1, 8)]
    supplement = [f"{n}. Other{n} B. Supplementary work {n}. Suppl J. 2001;{n}:2-3." for n in range(1, 6)]
    path.write_bytes(
        _pdf(
            [["Things are studied [1-7].", "", "References", "", *main], ["Supplementary references", "", *supplement]]
        )
    )
    manuscript = read(path)
    assert [r.raw.split(".")[1].strip() for r in manuscript.references] == [f"Author{n} A" for n in range(1, 8)]
    findings = [f for f in check_file(path, Config(), Context(), "pdf").findings if f.rule == "RF08"]
    assert [f.severity.value for f in findings] == ["info"]
    assert "'Supplementary references' on page 2, 5 entries" in findings[0].message


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["see doi: 10.25080/", "majora-1b6fd038-009. Next"], "see doi: 10.25080/majora-1b6fd038-009. Next"),
        (["doi: 10.3322/caac.", "21601"], "doi: 10.3322/caac.21601"),
        (["(pp. 1–7). doi:10.", "1109/IVS.2018.8500400"], "(pp. 1–7). doi:10.1109/IVS.2018.8500400"),
        (
            ["https://doi.org/10.1109/", "BigDataService49289.2020.00024"],
            "https://doi.org/10.1109/BigDataService49289.2020.00024",
        ),
        (["Blood. 2009;53(3):366-", "70."], "Blood. 2009;53(3):366-70."),
        (
            ["Nature 5. https://doi.org/10.1038/abc.", "Smith, J. (2020)"],
            "Nature 5. https://doi.org/10.1038/abc. Smith, J. (2020)",
        ),
        (["Phy\u00ad", "logenetic thinking"], "Phylogenetic thinking"),
    ],
)
def test_lines_joined_with_dois_and_hyphenation_whole(lines, joined):
    from linter.readers.joining import join_lines

    assert join_lines(lines) == joined


def test_text_with_two_lists_reads_the_longer_and_stops_at_back_matter():
    from linter.readers import plaintext

    text = """Things are studied [1-3].

References

1. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260.
2. Janz TA, Neskey DM. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.
3. Barker CA, Salama AK. New NCCN Guidelines for Uveal Melanoma. J Natl Compr Canc Netw. 2018;16(5S):646-650.

Acknowledgements

1. We thank the reviewers.

Supplementary references

1. Other B. A supplementary work. Suppl J. 2001;1:2-3.
"""
    manuscript = plaintext.read(text, "two-lists.txt")
    assert [r.label for r in manuscript.references] == ["1", "2", "3"]
    assert manuscript.references[-1].raw.endswith("2018;16(5S):646-650.")


def test_characters_outside_the_bmp_keep_their_place_and_never_reach_the_parser_as_halves():
    from linter.readers.pdf_layout import _paired
    from linter.readers.reference_fields import parse

    assert _paired("a\ud835\udc65b\udc00") == "a\U0001d465\x00b\ufffd"  # one unit per index, as PDFium counts
    assert parse("Smith J. The \ud835 effect. Nature. 2020;12:45-67.").year == 2020
