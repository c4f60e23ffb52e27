"""The command line as users meet it: exit codes, bad files in a batch, output files, configuration."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from linter.cli import main
from tests.support import ROOT, SEED

CLEAN = """Targeted therapy works [1, 2].

References

1. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-260.
2. Janz TA, Neskey DM, Nguyen SA, et al. Is imaging of the brain necessary? Am J Otolaryngol. 2018;39(5):631-635.
"""


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_clean_manuscript_exits_0(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "no findings" in result.stdout
    assert "1 file checked: 0 errors, 0 warnings, 0 info" in result.stdout


def test_fail_on_decides_the_exit_code():
    assert run("check", str(SEED), "--offline").exit_code == 1
    assert run("check", str(SEED), "--offline", "--fail-on", "error").exit_code == 0
    assert run("check", str(SEED), "--offline", "--severity", "TX01=error", "--fail-on", "error").exit_code == 1


def test_text_report_is_in_document_order():
    lines = [ln for ln in run("check", str(SEED)).stdout.splitlines() if ln.startswith("  ") and ":" in ln[:12]]
    numbers = [int(ln.split(":")[0]) for ln in lines if ln.strip()[0].isdigit()]
    assert numbers == sorted(numbers) and len(numbers) == 13  # 5 warnings, 8 integrity notes


def test_bare_file_argument_means_check():
    assert run(str(SEED), "--fail-on", "never").exit_code == 0


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"  \n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("garbled.txt", random.Random(1).randbytes(4000).replace(b"\x00", b"\x80"), "not UTF-8"),
        ("missing.txt", None, "no such file"),
    ],
    ids=["empty", "binary", "garbled", "missing"],
)
def test_bad_file_in_a_batch(tmp_path, report_schema, name, content, problem):
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    result = run("check", str(bad), str(SEED), "--format", "json")
    assert result.exit_code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln]
    assert errors == [f"citeqa: error: {bad}: {errors[0].split(': ', 3)[-1]}"] and problem in errors[0]
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema)
    first, second = report["files"]
    assert first["status"] == "error" and problem in first["error"] and first["manuscript"] is None
    assert second["status"] == "checked" and second["manuscript"]["references"] == 10 and second["findings"]
    assert report["summary"]["failed_files"] == 1


def test_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(CLEAN.replace("Ott PA", "Müller PA").encode("latin-1"))
    result = run("check", str(path), "--format", "json")
    assert json.loads(result.stdout)["files"][0]["status"] == "checked"


def test_output_file(tmp_path, report_schema):
    out = tmp_path / "report.json"
    result = run("check", str(SEED), "--format", "json", "--output", str(out))
    assert result.stdout == ""
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), report_schema)


def test_select_and_ignore_flags():
    def rules(*args):
        report = json.loads(run("check", str(SEED), "--format", "json", *args).stdout)
        return {f["rule"] for f in report["files"][0]["findings"]}

    assert rules() == {"MD02", "RF01", "RF06", "TX01", "TX03", "IN02", "IN06"}
    assert rules("--select", "TX") == {"TX01", "TX03"}
    assert rules("--ignore", "TX,RF06,IN") == {"MD02", "RF01"}
    assert rules("--select", "TX", "--ignore", "TX03") == {"TX01"}
    assert rules("--select", "title-variant") == {"MD02"}


def test_configuration_file_and_flags_over_it(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "paper"\n\n[tool.citeqa]\nignore = ["TX"]\nfail-on = "error"\n[tool.citeqa.severity]\nRF01 = "error"\n',
        encoding="utf-8",
    )
    below = tmp_path / "chapters"
    below.mkdir()
    monkeypatch.chdir(below)  # the file is found from a folder below it
    result = run("check", str(SEED), "--format", "json")
    found = {f["rule"]: f["severity"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert found == {"MD02": "warning", "RF01": "error", "RF06": "warning", "IN02": "info", "IN06": "info"}
    assert result.exit_code == 1  # RF01 is an error now, and fail-on is error
    result = run("check", str(SEED), "--format", "json", "--ignore", "RF01")
    found = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert found == {"MD02", "RF06", "TX01", "TX03", "IN02", "IN06"}  # the flag replaced the file's ignore list
    assert result.exit_code == 0


def test_citeqa_toml_and_bad_settings(tmp_path):
    config = tmp_path / "citeqa.toml"
    config.write_text('select = ["RF"]\n', encoding="utf-8")
    result = run("check", str(SEED), "--config", str(config), "--format", "json")
    assert {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"RF01", "RF06"}
    config.write_text('selekt = ["RF"]\n', encoding="utf-8")
    result = run("check", str(SEED), "--config", str(config))
    assert result.exit_code == 2 and "unknown setting selekt" in result.stderr and str(config) in result.stderr
    result = run("check", str(SEED), "--select", "ZZ9")
    assert result.exit_code == 2 and "no rule is called or starts with 'ZZ9'" in result.stderr


def test_rules_and_explain():
    listed = json.loads(run("rules", "--format", "json").stdout)
    assert len(listed) == 40 and {r["code"][:2] for r in listed} == {"MD", "RF", "DO", "TX", "CR", "JT", "SU", "IN"}
    doc = run("explain", "rf01").stdout
    assert doc.startswith("RF01 reference-numbering") and "## Use instead" in doc
    missing = run("explain", "XX99")
    assert missing.exit_code == 2 and "citeqa rules" in missing.stderr


def test_python_dash_m_and_console_script():
    result = subprocess.run(
        [sys.executable, "-m", "linter", "check", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["files"][0]["manuscript"]["references"] == 10


def test_the_command_ends_at_once_with_its_output_its_exit_code_and_its_cache_closed(tmp_path):
    """`citeqa` leaves with os._exit after flushing: nothing may be lost or left open by that."""
    cache = tmp_path / "answers.sqlite3"
    command = [sys.executable, "-m", "linter", "check", str(SEED), "--format", "json", "--offline", "--cache"]
    result = subprocess.run([*command, str(cache)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and json.loads(result.stdout)["files"][0]["manuscript"]["references"] == 10
    assert (
        cache.exists() and not cache.with_name(cache.name + "-wal").exists()
    )  # closed: the write-ahead log folded back in
    missing = subprocess.run([*command, str(cache), str(tmp_path / "nowhere.txt")], capture_output=True, text=True)
    assert missing.returncode == 2 and "nowhere.txt" in missing.stderr


def test_progress_bar_on_a_terminal_only(tmp_path):
    import os

    second = tmp_path / "second.txt"
    second.write_text(CLEAN, encoding="utf-8")
    command = [sys.executable, "-m", "linter", "check", str(SEED), str(second), "--format", "json"]
    parent, child = os.openpty()
    with_tty = subprocess.run(command, stdout=subprocess.PIPE, stderr=child, cwd=ROOT)
    os.close(child)
    drawn = os.read(parent, 65536).decode("utf-8", "replace")
    os.close(parent)
    assert "checking" in drawn and "100%" in drawn
    piped = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert piped.stderr == ""
    assert json.loads(with_tty.stdout) == json.loads(piped.stdout)


def test_rule_docs_page_is_current():
    """docs/rules.md is what `citeqa rules --format markdown` prints: regenerate it after changing a rule."""
    page = run("rules", "--format", "markdown").stdout
    assert page == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page.count('<a id="') == 40
