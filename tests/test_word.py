"""Word documents as reference managers and Word's own tools leave them (fixtures/documents/build.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from linter.cli import main
from linter.readers import read
from tests.support import FIXTURES

DOCUMENTS = FIXTURES / "documents"


def check(name, ignore="CR,IN"):  # IN: the documents' filler prose is unrelated to their references (IN02)
    result = CliRunner().invoke(main, ["check", str(DOCUMENTS / name), "--format", "json", "--ignore", ignore])
    (checked,) = json.loads(result.stdout)["files"]
    assert checked["status"] == "checked", checked
    return checked


def rules(checked, *codes):
    return [f for f in checked["findings"] if f["rule"] in codes]


def test_a_bibliography_content_control_with_citation_fields():
    manuscript = read(DOCUMENTS / "bibliography.docx")
    assert len(manuscript.references) == 8
    assert manuscript.references[0].raw.startswith("Ott, P. A. (2019).")
    assert manuscript.references[-1].raw.startswith("Mbulaiteye")  # the appendix after the list is not a reference
    cited = [c.raw for c in manuscript.citations]
    assert cited[:3] == ["(Ott, 2019)", "Janz et al. (2018)", "(Barker & Salama, 2018)"]
    assert not any("CITATION" in c or "Ref" in c for c in cited)  # field instructions are never printed
    checked = check("bibliography.docx")
    (rf02,) = rules(checked, "RF02")
    assert rf02["evidence"]["missing"] == ["Smith 2021"] and rf02["location"]["paragraph"] == 7
    (rf03,) = rules(checked, "RF03")
    assert rf03["location"]["reference"] == 8 and rf03["location"]["paragraph"] == 16
    assert not rules(checked, "RF01", "RF05", "JT03")


def test_zotero_and_endnote_fields_and_a_bibliography_without_heading():
    manuscript = read(DOCUMENTS / "fields.docx")
    assert [r.label for r in manuscript.references] == [str(n) for n in range(1, 9)]
    assert [c.numbers for c in manuscript.citations] == [
        (n,) for n in range(1, 9)
    ]  # not the numbers in the instructions
    assert not any("Acknowledgements" in r.raw or "Table 1" in r.raw for r in manuscript.references)
    assert not check("fields.docx")["findings"]


def test_a_typed_list_ends_at_the_appendix():
    manuscript = read(DOCUMENTS / "appendix.docx")
    assert len(manuscript.references) == 8
    assert not any("questionnaire" in r.raw.lower() or "Funding" in r.raw for r in manuscript.references)
    checked = check("appendix.docx")
    assert not checked["findings"]
    assert [r["location"]["paragraph"] for r in checked["references"]] == list(range(11, 19))


def test_a_heading_in_another_language_and_back_matter_in_it(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Como se ha descrito (Ott, 2019) y (Janz et al., 2018).")
    document.add_paragraph("REFERENCIAS")
    document.add_paragraph(
        "Ott, P. A. (2019). Intralesional cancer immunotherapies. Hematol Oncol Clin North Am, 33(2), 249-260."
    )
    document.add_paragraph(
        "Janz, T. A., & Neskey, D. M. (2018). Is imaging of the brain necessary? Am J Otolaryngol, 39(5), 631-635."
    )
    document.add_paragraph("Agradecimientos")
    document.add_paragraph("Agradecemos a los revisores (Ott, 2019).")
    path = tmp_path / "es.docx"
    document.save(str(path))
    manuscript = read(path)
    assert [r.raw[:4] for r in manuscript.references] == ["Ott,", "Janz"]
    assert [c.numbers for c in manuscript.citations] == [(1,), (2,), (1,)]


def test_tables_are_read_by_row_and_end_a_typed_list(tmp_path):
    import docx

    references = [
        "Ott PA. Intralesional cancer immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260.",
        "Janz TA, Neskey DM. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.",
        "Barker CA, Salama AK. New NCCN guidelines for uveal melanoma. J Natl Compr Canc Netw. 2018;16(5S):646-650.",
    ]
    document = docx.Document()
    document.add_paragraph("Intralesional therapy works [1] and imaging helps [2].")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Guidelines", "as reviewed [3]"
    document.add_paragraph("References")
    for number, reference in enumerate(references, 1):
        document.add_paragraph(f"{number}. {reference}")
    after = document.add_table(rows=2, cols=2)
    after.cell(0, 0).text, after.cell(1, 0).text = "4. Dose", "5. Response"
    path = tmp_path / "tables.docx"
    document.save(str(path))
    manuscript = read(path)
    assert [r.label for r in manuscript.references] == ["1", "2", "3"]
    assert [c.numbers for c in manuscript.citations] == [(1,), (2,), (3,)]

    # Word's IEEE bibliography: a table inside the "Bibliographies" content control, "[n]" | entry.
    ieee = docx.Document()
    ieee.add_paragraph("Intralesional therapy works [1] and imaging helps [2, 3].")
    rows = ieee.add_table(rows=3, cols=2)
    for number, reference in enumerate(references):
        rows.cell(number, 0).text, rows.cell(number, 1).text = f"[{number + 1}]", reference
    from docx.oxml import parse_xml

    control = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr>'
        '<w:docPartObj><w:docPartGallery w:val="Bibliographies"/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    rows._tbl.addprevious(control)
    control[1].append(rows._tbl)
    ieee_path = tmp_path / "ieee.docx"
    ieee.save(str(ieee_path))
    manuscript = read(ieee_path)
    assert [(r.label, r.raw[:12]) for r in manuscript.references] == [
        ("1", "[1] Ott PA. "),
        ("2", "[2] Janz TA,"),
        ("3", "[3] Barker C"),
    ]
    assert not check(ieee_path, ignore="CR,RF07")["findings"]
