"""Every output format renders the same findings; a snapshot per format guards each."""

from __future__ import annotations

import json
import os
import re
from xml.etree import ElementTree

import jsonschema
import pytest
from click.testing import CliRunner

from linter import __version__
from linter.cli import main
from linter.rules import all_rules
from tests.support import ROOT

SEED = "fixtures/manuscripts/advancing-oncology-all.txt"
SNAPSHOT = "fixtures/crossref/seed-links.jsonl"
SNAPSHOTS = ROOT / "tests" / "snapshots"
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
    "html": "html",
}


def render(fmt: str, *extra: str) -> str:
    result = CliRunner().invoke(main, ["check", SEED, "--snapshot", SNAPSHOT, "--format", fmt, *extra])
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture(autouse=True)
def from_the_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in reports are as given: relative, the same in every clone


@pytest.fixture
def seed_findings(from_the_project_root):
    return json.loads(render("json"))["files"][0]["findings"]


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_snapshot(fmt):
    """Set CITEQA_UPDATE_SNAPSHOTS=1 to rewrite a snapshot after an intended change, and review the diff."""
    output = render(fmt).replace(__version__, "VERSION")
    path = SNAPSHOTS / f"seed.{EXTENSIONS[fmt]}"
    if os.environ.get("CITEQA_UPDATE_SNAPSHOTS"):
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


def test_every_format_carries_every_finding(seed_findings):
    fingerprints = {f["fingerprint"] for f in seed_findings}
    assert len(seed_findings) == 19 and len(fingerprints) == 19
    sarif = json.loads(render("sarif"))["runs"][0]["results"]
    assert {r["partialFingerprints"]["citeqa/v1"] for r in sarif} == fingerprints
    gitlab = json.loads(render("gitlab"))
    assert {i["fingerprint"] for i in gitlab} == fingerprints
    assert len(render("github").splitlines()) == 19
    suites = ElementTree.fromstring(render("junit"))
    failures = suites.findall(".//failure")
    assert sum(int(re.match(r"\d+", f.get("message")).group()) for f in failures) == 19
    html = render("html")
    assert html.count('class="finding ') == 19
    text = render("text")
    assert sum(1 for line in text.splitlines() if re.match(r"\s+\d+:\d+", line)) == 19


def test_sarif_is_valid_against_the_official_schema(seed_findings):
    schema = json.loads((ROOT / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render("sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) == len(all_rules())
    assert {r["properties"]["precision"] for r in driver["rules"]} <= {"very-high", "high", "medium", "low"}
    first = log["runs"][0]["results"][0]
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 103
    assert driver["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


def test_fingerprints_are_stable_across_runs_and_line_shifts(tmp_path, seed_findings):
    shifted = tmp_path / "shifted.txt"
    shifted.write_text(
        "\n\n\nA new opening paragraph.\n\n" + (ROOT / SEED).read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(shifted), "--snapshot", SNAPSHOT, "--format", "json"])
    moved = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["location"]["line"] for f in moved] == [f["location"]["line"] + 5 for f in seed_findings]
    path_free = lambda fs: sorted((f["rule"], f["message"]) for f in fs)  # noqa: E731
    assert path_free(moved) == path_free(seed_findings)


def test_github_annotations_escape_what_would_break_them(tmp_path):
    from linter.engine import FileResult
    from linter.model import Finding, Location, Severity
    from linter.reports import github

    finding = Finding("TX01", "lossy-encoding", Severity.WARNING, "100% lost,\nreally: yes", Location(3, 2), {}, "a, b")
    line = github.render([FileResult("a,b:c.txt", "text", None, (finding,))])
    assert (
        line
        == "::warning file=a%2Cb%3Ac.txt,line=3,col=2,title=TX01 lossy-encoding::100%25 lost,%0Areally: yes%0ASuggestion: a, b\n"
    )


def test_github_format_is_chosen_inside_github_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = CliRunner().invoke(main, ["check", SEED, "--snapshot", SNAPSHOT])
    assert result.stdout.startswith("::warning file=fixtures/manuscripts/advancing-oncology-all.txt,line=103")


def test_unreadable_file_in_machine_formats(tmp_path):
    missing = str(tmp_path / "missing.txt")
    sarif = json.loads(CliRunner().invoke(main, ["check", missing, SEED, "--format", "sarif"]).stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["level"] == "error" and "no such file" in notes[0]["message"]["text"]
    junit = ElementTree.fromstring(CliRunner().invoke(main, ["check", missing, "--format", "junit"]).stdout)
    assert junit.find(".//error").get("message") == "no such file"


def test_sarif_help_links_into_the_rule_docs(monkeypatch):
    monkeypatch.setenv("CITEQA_DOCS_URL", "https://example.org/citeqa/docs/rules.md")
    log = json.loads(render("sarif"))
    schema = json.loads((ROOT / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://example.org/citeqa/docs/rules.md#cr01"
    anchors = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f'<a id="{r["helpUri"].split("#")[1]}"></a>' in anchors for r in rules)
