"""Issue 10, item 2 (LaTeX): a manuscript does not choose what citeqa reads."""

from __future__ import annotations

import json

from click.testing import CliRunner

from linter.cli import main

BIB = "@article{ott,\n  author = {Ott, P. A.},\n  title = {Intralesional Cancer Immunotherapies},\n  year = {2019}\n}\n"


def tex(bibliography: str) -> str:
    return f"\\documentclass{{article}}\n\\begin{{document}}\nAs shown \\cite{{ott}}.\n\\bibliography{{{bibliography}}}\n\\end{{document}}\n"


def setup(tmp_path, bibliography):
    (tmp_path / "secret.bib").write_text(BIB, encoding="utf-8")
    folder = tmp_path / "paper"
    folder.mkdir()
    path = folder / "paper.tex"
    path.write_text(tex(bibliography), encoding="utf-8")
    return path


def test_a_bibliography_above_the_manuscripts_folder_is_not_read(tmp_path):
    path = setup(tmp_path, "../secret")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert f"citeqa: error: {path}: its bibliography '../secret' lies outside the manuscript's folder" in result.stderr
    assert "Intralesional" not in result.stdout


def test_an_absolute_bibliography_path_is_not_read(tmp_path):
    path = setup(tmp_path, str(tmp_path / "secret"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "lies outside the manuscript's folder" in result.stderr


def test_a_symlink_out_of_the_folder_is_not_read(tmp_path):
    path = setup(tmp_path, "inside")
    (path.parent / "inside.bib").symlink_to(tmp_path / "secret.bib")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "lies outside the manuscript's folder" in result.stderr


def test_the_configuration_can_allow_it(tmp_path):
    path = setup(tmp_path, "../secret")
    config = tmp_path / "citeqa.toml"
    config.write_text("[limits]\nbibliography-outside-folder = true\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--config", str(config)])
    assert json.loads(result.stdout)["files"][0]["manuscript"]["references"] == 1


def test_a_bibliography_name_too_long_for_the_file_system_is_an_input_error(tmp_path):
    """Found by benchmarks/fuzz.py: the landed code let OSError (ENAMETOOLONG) out of the reader."""
    path = setup(tmp_path, "x" * 300)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and result.stderr.endswith(": cannot read it: File name too long\n")
