"""Issue 10, item 1: a manuscript cannot switch the editor's checks off."""

from __future__ import annotations

import json

from click.testing import CliRunner

from linter.cli import main
from tests.hostile.hostile_files import REFERENCES, docx
from tests.hostile.report_validity import check

OFF = "<!-- citeqa: ignore CR, DO, RF, TX, MD -->"


def run(*args):
    return CliRunner().invoke(main, list(args))


def rules_in(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]]


def test_an_authors_comment_does_not_hide_findings(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(REFERENCES + "\n" + OFF + "\n", encoding="utf-8")
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 1
    assert "DO01" in rules_in(result) and "SU01" in rules_in(result)  # the malformed DOI, and a word on the comment


def test_white_one_point_text_in_word_does_not_hide_findings(tmp_path):
    path = docx(tmp_path / "paper.docx", REFERENCES.split("\n"), white=OFF)
    result = run("check", str(path), "--format", "json")
    assert "DO01" in rules_in(result) and "SU01" in rules_in(result)


def test_a_jats_processing_instruction_does_not_hide_findings(tmp_path):
    path = tmp_path / "paper.xml"
    path.write_text(
        '<?xml version="1.0"?><article><front><article-meta><title-group><article-title>A</article-title></title-group></article-meta></front><back><?citeqa ignore DO01?><ref-list><ref id="r1"><mixed-citation>'
        "Ott PA. Cancer. 2019;33(2):249-260. doi:1016/j.hoc.2018.12.001</mixed-citation></ref></ref-list></back></article>",
        encoding="utf-8",
    )
    assert {"SU01", "DO01"} <= set(rules_in(run("check", str(path), "--format", "json")))


def test_when_the_editor_allows_them_every_suppressed_finding_is_listed_and_counted(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(REFERENCES + "\n" + OFF + "\n", encoding="utf-8")
    result = run("check", str(path), "--format", "json", "--allow-inline-suppressions")
    report = json.loads(result.stdout)
    hidden = [f["rule"] for f in report["files"][0]["suppressed"]]
    assert "DO01" in hidden and report["summary"]["suppressed"] == len(hidden) and "SU01" not in rules_in(result)
    check("json", result.stdout)
    sarif = run("check", str(path), "--format", "sarif", "--allow-inline-suppressions").stdout
    check("sarif", sarif)
    assert any(
        r.get("suppressions")
        == [{"kind": "inSource", "justification": "a citeqa: ignore comment, allowed by configuration"}]
        for r in json.loads(sarif)["runs"][0]["results"]
    )
    text = run("check", str(path), "--allow-inline-suppressions").stdout
    assert f"{len(hidden)} suppressed by the manuscript's own comments" in text and "DO01" in text


def test_the_configuration_allows_them_too(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(REFERENCES + "\n" + OFF + "\n", encoding="utf-8")
    config = tmp_path / "citeqa.toml"
    config.write_text("allow-inline-suppressions = true\n", encoding="utf-8")
    report = json.loads(run("check", str(path), "--format", "json", "--config", str(config)).stdout)
    assert "DO01" in [f["rule"] for f in report["files"][0]["suppressed"]]
