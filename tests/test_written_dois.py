"""readers/written.py: the DOIs a file gives, found before it is read, as its reader would find them."""

from linter.limits import Limits
from linter.readers.written import dois_written


def written(tmp_path, name: str, text: str, kind: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return dois_written(path, kind, Limits())


def test_a_doi_cut_at_a_lines_end_is_found_whole_and_the_next_entrys_label_is_not_glued_on(tmp_path):
    text = (
        "References\n\n"
        "1. Smith J. A study. Ecol Evol. 2016;6:7671-82. https://\n"
        "doi.org/10.1002/ece3.2483.\n"
        "2. Merchant A. Scaling. Nature 2023;624:80-5. https://doi.org/10.\n"
        "1038/s41586-023-06735-9\n"
        "3. Booth TH. Bioclim. Divers Distrib 2014;20:1-9. doi:10.1111/ddi.\n"
        "12144\n"
    )
    assert written(tmp_path, "m.txt", text, "text") == [
        "10.1002/ece3.2483",
        "10.1038/s41586-023-06735-9",
        "10.1111/ddi.12144",
    ]


def test_in_jats_the_articles_own_doi_and_the_references_not_its_figures(tmp_path):
    xml = (
        '<article><front><article-meta><article-id pub-id-type="doi">10.1371/journal.pone.0000001</article-id>'
        '</article-meta></front><body><fig><object-id pub-id-type="doi">10.1371/journal.pone.0000001.g001'
        "</object-id></fig></body><back><ref-list><ref><mixed-citation>A. 2001. "
        '<pub-id pub-id-type="doi">10.1002/(SICI)1097-0258(20010215)20:3&lt;377::AID-SIM799&gt;3.0.CO;2-N</pub-id>'
        '</mixed-citation></ref><ref><ext-link xlink:href="https://doi.org/10.1038/416326a">link</ext-link>'
        "</ref></ref-list></back></article>"
    )
    assert written(tmp_path, "a.xml", xml, "jats") == [
        "10.1371/journal.pone.0000001",
        "10.1002/(SICI)1097-0258(20010215)20:3<377::AID-SIM799>3.0.CO;2-N",
        "10.1038/416326a",
    ]


def test_other_formats_and_files_that_are_not_plain_utf8_give_none(tmp_path):
    latin = tmp_path / "l.txt"
    latin.write_bytes("Réf. doi:10.1000/xyz1 and 10.1000/xyz2".encode("latin-1"))
    assert dois_written(latin, "text", Limits()) == []
    assert dois_written(tmp_path / "missing.txt", "text", Limits()) == []
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF-1.4 10.1000/xyz1")
    assert dois_written(pdf, "pdf", Limits()) == []
