"""Issue 10, item 4: every input error is one line naming the file, exit 2, and the rest of the batch is checked."""

from __future__ import annotations

import codecs
import json
import os

import pytest
from click.testing import CliRunner

from linter.cli import main
from tests.hostile.hostile_files import REFERENCES, docx, rezip

GOOD = '[{"id": "a", "type": "article-journal", "title": "Intralesional Cancer Immunotherapies", "author": [{"family": "Ott", "given": "P. A."}], "issued": {"date-parts": [[2019]]}}]'


def check_batch(*paths, extra=()):
    """citeqa on the files, in one run; (exit code, stderr lines, {path: status})."""
    result = CliRunner().invoke(main, ["check", *map(str, paths), "--format", "json", *extra])
    assert "Traceback" not in result.stderr + result.stdout
    statuses = {f["path"]: f["status"] for f in json.loads(result.stdout)["files"]}
    return result.exit_code, result.stderr.splitlines(), statuses


@pytest.mark.parametrize(
    "content, problem",
    [
        ('[{"author": [null]}]', "item 1, author[0]: None is not of type 'object'"),
        ('[{"DOI": [null]}]', "item 1, DOI: [None] is not of type 'string'"),
        ('[{"URL": {}}]', "item 1, URL: {} is not of type 'string'"),
        ('[{"issued": 2020}]', "item 1, issued"),
        ('[{"title": "x", "volume": ' + "9" * 5000 + "}]", "not usable JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('[{"author": [{"family": ' + "[" * 200 + "]" * 200 + "}]}]", "item 1, author[0], family"),
    ],
    ids=["author-null", "doi-list", "url-object", "issued-number", "5000-digits", "deep-nesting", "deep-in-a-field"],
)
def test_csl_json_of_the_wrong_shape_is_an_input_error(tmp_path, content, problem):
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text(content, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    code, errors, statuses = check_batch(bad, good)
    assert code == 2 and len(errors) == 1
    assert errors[0].startswith(f"citeqa: error: {bad}: ") and problem in errors[0]
    assert statuses == {str(bad): "error", str(good): "checked"}


def test_an_edtf_date_string_is_read_as_the_csl_schema_allows(tmp_path):
    path = tmp_path / "edtf.json"
    path.write_text(
        '[{"id": "a", "title": "Intralesional Cancer Immunotherapies", "issued": "2020-05"}]', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert json.loads(result.stdout)["files"][0]["status"] == "checked"


@pytest.mark.parametrize(
    "setting, problem",
    [
        ("select = 5", "select: must be a rule code or a list of them, not '5'"),
        ('severity = "x"', "severity: 'x' is not of type 'object'"),
        ("select = []", "select is empty, which would run no rule"),
        ("[severity]\nRF01 = 3", "severity.RF01: 3 is not one of"),
        ('fail-on = ["error"]', "fail-on:"),
        ("[limits]\nmax-file-mb = -1", "limits.max-file-mb:"),
        ("[limits]\nmax-pages = 3", "unknown setting limits.max-pages"),
    ],
)
def test_configuration_of_the_wrong_type_is_a_one_line_error(tmp_path, setting, problem):
    config = tmp_path / "citeqa.toml"
    config.write_text(setting + "\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(REFERENCES, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.md"), "--config", str(config)])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()] and result.stderr.startswith(
        f"citeqa: error: {config}: "
    )
    assert problem in result.stderr


def test_an_empty_select_flag_is_refused_too(tmp_path):
    (tmp_path / "a.md").write_text(REFERENCES, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.md"), "--select", ","])
    assert result.exit_code == 2 and "select is empty" in result.stderr


def _word(tmp_path, change):
    source = docx(tmp_path / "source.docx", REFERENCES.split("\n"))
    return rezip(source, tmp_path / "damaged.docx", change)


def _numbered_list(name, data):
    return data.replace(b'<w:start w:val="1"/>', b'<w:start w:val="one"/>') if name == "word/numbering.xml" else data


@pytest.mark.parametrize(
    "change, problem",
    [
        (
            lambda name, data: data[: len(data) // 2] if name == "word/document.xml" else data,
            "word/document.xml is not well-formed XML",
        ),
        (
            lambda name, data: (
                data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "xxxxxxxx">]>', 1)
                if name == "word/document.xml"
                else data
            ),
            "word/document.xml declares a DTD or entities",
        ),
        (
            lambda name, data: data[:30] if name == "[Content_Types].xml" else data,
            "[Content_Types].xml is not well-formed XML",
        ),
    ],
    ids=["cut-document", "entity", "cut-content-types"],
)
def test_a_damaged_word_document_is_an_input_error(tmp_path, change, problem):
    bad = _word(tmp_path, change)
    good = tmp_path / "good.md"
    good.write_text(REFERENCES, encoding="utf-8")
    code, errors, statuses = check_batch(bad, good)
    assert code == 2 and len(errors) == 1 and errors[0].startswith(f"citeqa: error: {bad}: ") and problem in errors[0]
    assert statuses[str(good)] == "checked"


def test_a_non_numeric_list_start_in_word_is_read_as_the_default(tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    for line in ["References", "Ott PA. Intralesional Cancer Immunotherapies. 2019;33(2):249-260."]:
        document.add_paragraph(line, style="List Number" if line.startswith("Ott") else None)
    document.save(str(tmp_path / "list.docx"))
    with_list = rezip(
        tmp_path / "list.docx",
        tmp_path / "hostile.docx",
        lambda name, data: data.replace(b'w:val="1"/>', b'w:val="x"/>') if name == "word/numbering.xml" else data,
    )
    _, errors, statuses = check_batch(with_list)
    assert statuses == {str(with_list): "checked"} and not errors


@pytest.mark.parametrize(
    "bom, encoding",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_text_with_a_byte_order_mark_is_read(tmp_path, bom, encoding):
    path = tmp_path / "paper.txt"
    path.write_bytes(bom + REFERENCES.encode(encoding))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    report = json.loads(result.stdout)["files"][0]
    assert report["status"] == "checked" and report["manuscript"]["references"] == 2


def test_an_unreadable_subfolder_is_an_error_for_that_folder(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.md").write_text(REFERENCES, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path="."):  # as a folder without read permission answers (tests may run as root)
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path=".": scandir(path) and [])
    code, errors, statuses = check_batch(tmp_path)
    assert code == 2 and errors == [f"citeqa: error: {locked}: folder cannot be read: Permission denied"]
    assert statuses == {str(locked): "error", str(tmp_path / "ok" / "a.md"): "checked"}


def test_an_unexpected_error_costs_one_file_and_no_traceback(tmp_path, monkeypatch):
    from linter import readers

    def broken(path):
        if path.name == "bad.ris":
            raise ZeroDivisionError("division by zero")
        return real(path)

    real = readers.READERS["ris"]
    monkeypatch.setitem(readers.READERS, "ris", broken)
    good, bad = tmp_path / "good.md", tmp_path / "bad.ris"
    good.write_text(REFERENCES, encoding="utf-8")
    bad.write_text("TY  - JOUR\nTI  - x\nER  - \n", encoding="utf-8")
    code, errors, statuses = check_batch(bad, good)
    assert code == 2 and errors == [
        (
            f"citeqa: error: {bad}: internal error while checking it (ZeroDivisionError: division by zero); "
            "please report it; --debug shows the traceback"
        )
    ]
    assert statuses == {str(bad): "error", str(good): "checked"}
    result = CliRunner().invoke(main, ["check", str(bad), "--debug"])
    assert "Traceback (most recent call last)" in result.stderr and "ZeroDivisionError" in result.stderr


def test_a_selection_that_leaves_no_rule_is_an_error(tmp_path):
    """Found by the property test: select and ignore naming the same rules ran nothing and said "no findings"."""
    (tmp_path / "a.md").write_text(REFERENCES, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "a.md"), "--select", "RF", "--ignore", "RF"])
    assert (
        result.exit_code == 2
        and result.stderr == "citeqa: error: command line: select and ignore leave no rule to run\n"
    )
