"""BibTeX, CSL-JSON and RIS reference lists, and LaTeX citations by key."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.readers import detect, read
from tests.support import FIXTURES, online

LISTS = [FIXTURES / "reflists" / name for name in ("twenty.bib", "twenty.json", "twenty.ris")]


def findings(report_file):
    return sorted((f["rule"], f["location"]["reference"], f["message"]) for f in report_file["findings"])


def fields(reference):
    f = reference.fields
    return (f.authors, f.title, f.container, f.year, f.volume, f.issue, f.pages, (f.doi or "").lower())


def test_the_three_formats_give_the_same_references():
    manuscripts = [read(path) for path in LISTS]
    assert [m.format for m in manuscripts] == ["bibtex", "csljson", "ris"]
    assert all(m.kind == "reference list" and len(m.references) == 20 for m in manuscripts)
    first, *others = [[fields(r) for r in m.references] for m in manuscripts]
    assert all(other == first for other in others)
    assert [r.key for r in manuscripts[0].references] == [f"ref{i}" for i in range(1, 21)]
    assert manuscripts[0].references[0].fields.authors[0] == "Koh MJ"


def test_the_three_formats_give_the_same_findings_offline():
    report = json.loads(CliRunner().invoke(main, ["check", *map(str, LISTS), "--format", "json"]).stdout)
    first, *others = [findings(f) for f in report["files"]]
    assert {rule for rule, _, _ in first} == {"TX02", "RF04"}
    assert all(other == first for other in others)
    assert all(f["crossref"]["status"] == "skipped" for f in report["files"])


def test_the_three_formats_give_the_same_findings_against_crossref(standin):
    standin.reset()
    args = online(standin, "--no-cache")
    report = json.loads(CliRunner().invoke(main, ["check", *map(str, LISTS), "--format", "json", *args]).stdout)
    first, *others = [findings(f) for f in report["files"]]
    assert all(other == first for other in others)
    by_rule = {(rule, ref) for rule, ref, _ in first}
    assert {("CR02", 3), ("CR04", 5), ("CR03", 7), ("TX02", 9)} <= by_rule
    assert not {rule for rule, _, _ in first} & {"MD01", "RF01", "RF03", "RF05", "CR06"}  # no article around a list
    assert all(f["crossref"]["status"] == "complete" for f in report["files"])


def test_latex_with_a_bib_file_checks_citations_by_key():
    manuscript = read(FIXTURES / "latex" / "paper.tex")
    assert manuscript.format == "latex" and len(manuscript.references) == 20
    report = json.loads(
        CliRunner().invoke(main, ["check", str(FIXTURES / "latex" / "paper.tex"), "--format", "json"]).stdout
    )
    found = {
        (f["rule"], f["location"]["reference"]) for f in report["files"][0]["findings"] if f["rule"] in ("RF02", "RF03")
    }
    assert found == {("RF02", None), ("RF03", 19)}
    missing = next(f for f in report["files"][0]["findings"] if f["rule"] == "RF02")
    assert missing["evidence"]["missing"] == ["smith2099"] and missing["location"]["line"] == 8


def test_latex_with_thebibliography():
    manuscript = read(FIXTURES / "latex" / "inline.tex")
    assert [r.key for r in manuscript.references] == ["ott", "janz", "barker", "unused"]
    assert manuscript.references[0].fields.container == "Hematol Oncol Clin North Am"
    report = json.loads(
        CliRunner().invoke(main, ["check", str(FIXTURES / "latex" / "inline.tex"), "--format", "json"]).stdout
    )
    assert {(f["rule"], f["location"]["reference"]) for f in report["files"][0]["findings"]} == {("RF03", 4)}


def test_latex_with_an_empty_thebibliography(tmp_path):
    """Found by the hostile-input property test: an empty list is no internal error."""
    path = tmp_path / "empty.tex"
    path.write_text(
        "\\documentclass{article}\n\\begin{document}\n\\begin{thebibliography}{9}\n\\end{thebibliography}\n"
        "\\end{document}"
    )
    assert read(path).references == ()


def test_detection_by_content(tmp_path):
    for path, kind in zip(LISTS, ("bibtex", "csljson", "ris"), strict=True):
        copy = tmp_path / f"{path.stem}-{kind}.dat"
        copy.write_bytes(path.read_bytes())
        assert detect(copy) == kind
    tex = tmp_path / "paper.dat"
    tex.write_text("\\documentclass{article}\n\\begin{document}x\\end{document}\n", encoding="utf-8")
    assert detect(tex) == "latex"


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("broken.bib", "@article{a,\n  title = {Unbalanced,\n  year = 2019\n", "malformed BibTeX"),
        ("broken.json", '[{"id": "a", "title": "x"', "not valid JSON"),
        ("broken.ris", "TY  - JOUR\nTI  - No end\n", "malformed RIS"),
        (
            "missing.tex",
            "\\documentclass{article}\\begin{document}\\cite{a}\\bibliography{nowhere}\\end{document}",
            "nowhere.bib does not exist",
        ),
    ],
    ids=["bibtex", "csljson", "ris", "latex"],
)
def test_malformed_reference_lists(tmp_path, name, content, problem):
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad), str(LISTS[0]), "--format", "json"])
    assert result.exit_code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if ln]
    assert line.startswith(f"citeqa: error: {bad}: ") and problem in line
    first, second = json.loads(result.stdout)["files"]
    assert first["status"] == "error" and second["status"] == "checked"


def test_bibtex_latex_is_decoded_and_names_split_by_bibtexparser(tmp_path):
    bib = tmp_path / "latex.bib"
    bib.write_text(
        r"""@article{k, author={M{\"u}ller, Hans and van der Berg, Jan and {World Health Organization}},
  title={The {\emph{role}} of caf\'e -- 50\% \& more}, journal={J. Test}, year={2020}, pages={1--5},
  url={https://example.org/a%20b}, doi={10.1000/a\_b}}""",
        encoding="utf-8",
    )
    fields = read(bib).references[0].fields
    assert fields.authors == ("Müller H", "van der Berg J", "World Health Organization")
    assert fields.title == "The role of café – 50% & more"
    assert (fields.doi, fields.urls) == ("10.1000/a_b", ("https://example.org/a%20b",))
