"""JATS XML: the 61 real PLOS articles, and XML that must be refused."""

from __future__ import annotations

import json
import re
import time

import pytest
from click.testing import CliRunner
from lxml import etree

from linter.cli import main
from linter.config import Config
from linter.engine import run_rules
from linter.readers import ReadError, detect, read
from linter.rules import Context
from tests.support import FIXTURES, SEED

PLOS = sorted((FIXTURES / "plos").glob("*.xml"))
# The one error-level finding, true of the published XML: a reference DOI printed as
# "101371.pcbi.1000037", without its "10." prefix or slash (see the issue note).
KNOWN_ERRORS = {("journal.pcbi.1000204.xml", "DO01", 16)}


def test_the_corpus_is_all_there():
    assert len(PLOS) == 61


@pytest.mark.parametrize("path", PLOS, ids=lambda p: p.stem)
def test_plos_article(path):
    manuscript = read(path)
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert len(manuscript.references) == len(tree.findall(".//ref"))
    xrefs = [
        x
        for x in tree.iter("xref")
        if x.get("ref-type") == "bibr" and not any(a.tag == "ref-list" for a in x.iterancestors())
    ]
    assert len(manuscript.citations) == len(xrefs)
    assert all(not c.unresolved and c.numbers for c in manuscript.citations)
    assert manuscript.doi and manuscript.doi.startswith("10.1371/journal.")
    kinds = {d.kind for d in manuscript.dates}
    assert "published" in kinds and all(d.value for d in manuscript.dates)
    if tree.find(".//history") is not None:
        assert {"received", "accepted"} <= kinds
    assert manuscript.titles[0].source == "title" and manuscript.authors
    assert any(t.source == "alt-title" for t in manuscript.titles) == (tree.find(".//alt-title") is not None)
    errors = {
        (path.name, f.rule, f.location.reference)
        for f in run_rules(manuscript, Config(), Context())
        if f.severity.value == "error"
    }
    assert errors == {e for e in KNOWN_ERRORS if e[0] == path.name}


def test_structured_fields_ranges_and_orcids():
    manuscript = read(FIXTURES / "plos" / "journal.pmed.0020124.xml")
    first = manuscript.citations[0]
    assert first.raw == "1–3" and first.numbers == (1, 2, 3)  # one xref naming a range
    manuscript = read(FIXTURES / "plos" / "journal.pcbi.1004692.xml")
    assert any(p.orcid == "0000-0002-2096-2384" for p in manuscript.authors)
    reference = manuscript.references[0]
    assert reference.key and reference.fields.title and reference.fields.year and reference.location.line > 100


def test_detection_by_extension_and_content(tmp_path):
    copy = tmp_path / "article.unknown"
    copy.write_bytes((FIXTURES / "plos" / PLOS[0].name).read_bytes())
    assert detect(copy) == "jats" and detect(PLOS[0]) == "jats" and detect(SEED) == "text"


def test_a_folder_is_walked(tmp_path):
    for path in PLOS[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    report = json.loads(
        CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--fail-on", "never"]).stdout
    )
    assert [f["format"] for f in report["files"]] == ["jats"] * 3


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<article><front><article-meta><title-group><article-title>&secret;</article-title></title-group></article-meta></front></article>
"""
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"]>\n<article><front><article-meta><title-group><article-title>&lol9;</article-title></title-group></article-meta></front></article>\n"
)


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("xxe.xml", XXE, "XML declares entities"),
        ("laughs.xml", LAUGHS, "XML declares entities"),
        ("truncated.xml", PLOS[0].read_bytes()[:5000], "not well-formed XML"),
        ("other.xml", b"<?xml version='1.0'?><html><body/></html>", "not a JATS article"),
    ],
    ids=["external-entity", "billion-laughs", "truncated", "not-jats"],
)
def test_bad_xml_is_refused_and_the_batch_goes_on(tmp_path, name, data, problem):
    bad = tmp_path / name
    bad.write_bytes(data)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", str(bad), str(PLOS[0]), "--format", "json"])
    assert time.perf_counter() - started < 30
    assert result.exit_code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if ln]
    assert line.startswith(f"citeqa: error: {bad}: ") and problem in line
    first, second = json.loads(result.stdout)["files"]
    assert first["status"] == "error" and second["status"] == "checked" and second["manuscript"]["references"] > 0
    hostname = open("/etc/hostname").read().strip() if name == "xxe.xml" else None
    assert not hostname or hostname not in result.output


def test_read_error_names_the_line_of_broken_xml(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<?xml version='1.0'?>\n<article>\n<front></article>\n")
    with pytest.raises(ReadError, match=r"line \d+"):
        read(bad)


def test_inline_suppression_by_comment_or_processing_instruction(tmp_path):
    source = (FIXTURES / "plos" / "journal.pone.0081648.xml").read_text(encoding="utf-8")
    baseline = {
        (f.rule, f.location.reference)
        for f in run_rules(read(FIXTURES / "plos" / "journal.pone.0081648.xml"), Config(), Context())
    }
    assert ("DO01", 187) in baseline and ("RF04", 61) in baseline
    refs = [m.start() for m in re.finditer(r"<ref id=", source)]
    at = source.index(">", refs[186]) + 1  # inside reference 187
    edited = source[:at] + "<!-- citeqa: ignore DO01 -->" + source[at:]
    edited = edited.replace("<back>", "<back><?citeqa ignore RF04?>", 1)
    path = tmp_path / "suppressed.xml"
    path.write_text(edited, encoding="utf-8")
    found = {(f.rule, f.location.reference) for f in run_rules(read(path), Config(), Context())}
    from linter.engine import suppressed

    manuscript = read(path)
    kept = {
        (f.rule, f.location.reference)
        for f in run_rules(manuscript, Config(), Context())
        if not suppressed(manuscript, f)
    }
    assert ("DO01", 187) not in kept and ("DO01", 235) in kept  # only that reference
    assert not {rule for rule, _ in kept} & {"RF04"}  # the whole file
    assert {(rule, ref) for rule, ref in found if rule != "SU01"} == baseline  # not honoured by default...
    assert {(rule, ref) for rule, ref in found if rule == "SU01"} == {("SU01", 187), ("SU01", None)}  # ...and said so
