"""Across revision rounds: baselines, inline suppression, and corrected reference lists."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from tests.injected import build
from tests.support import ROOT, SEED, online, served_records

SNAPSHOT = str(ROOT / "fixtures/crossref/seed-links.jsonl")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_baseline_hides_accepted_findings_and_shows_new_ones(tmp_path):
    manuscript = tmp_path / "seed.txt"
    manuscript.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / ".citeqa-baseline.json"
    made = run("baseline", str(manuscript), "--snapshot", SNAPSHOT, "--output", str(baseline))
    assert made.exit_code == 0 and "wrote 19 findings" in made.stdout

    same = run("check", str(manuscript), "--snapshot", SNAPSHOT, "--baseline", str(baseline), "--format", "json")
    assert same.exit_code == 0 and json.loads(same.stdout)["files"][0]["findings"] == []

    text = manuscript.read_text(encoding="utf-8")
    manuscript.write_text(
        "New opening line.\n\n" + text.replace("Pediatr Blood Canc. 2009;", "Pediatr Blood Canc. 2010;"),
        encoding="utf-8",
    )
    changed = run("check", str(manuscript), "--snapshot", SNAPSHOT, "--baseline", str(baseline), "--format", "json")
    (finding,) = json.loads(changed.stdout)["files"][0]["findings"]
    assert finding["rule"] == "CR02" and finding["location"]["reference"] == 9
    assert finding["evidence"]["fields"] == {"year": {"manuscript": "2010", "crossref": "2009"}}
    assert changed.exit_code == 1


def test_bad_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = run("check", str(SEED), "--baseline", str(bad))
    assert result.exit_code == 2 and f"{bad}: not a citeqa baseline" in result.stderr


def test_inline_suppression_comments(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = lines.index(". Gurney JG, Severson RK, Davis S, et al. Incidence of")
    lines.insert(at, "<!-- citeqa: ignore-next-line RF06 -->")
    lines.insert(0, "<!-- citeqa: ignore TX03, title-variant -->")
    path = tmp_path / "suppressed.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The manuscript's comments are the author's: not obeyed by default, and said so.
    report = json.loads(run("check", str(path), "--format", "json").stdout)
    rules = [f["rule"] for f in report["files"][0]["findings"]]
    assert {"TX03", "MD02", "RF06", "RF01", "TX01"} <= set(rules) and rules.count("SU01") == 2
    assert report["files"][0]["suppressed"] == [] and report["summary"]["suppressed"] == 0
    # Allowed by the editor: obeyed, and every suppressed finding still listed and counted.
    report = json.loads(run("check", str(path), "--format", "json", "--allow-inline-suppressions").stdout)
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"RF01", "TX01", "IN02", "IN06"}  # IN: information
    assert sorted(f["rule"] for f in report["files"][0]["suppressed"]) == ["MD02", "RF06", "TX03"]
    assert report["summary"]["suppressed"] == 3
    assert report["files"][0]["manuscript"]["references"] == 10
    text = run("check", str(path), "--allow-inline-suppressions").stdout
    assert "3 suppressed by the manuscript's own comments" in text and text.rstrip().endswith("3 suppressed")


@pytest.fixture
def injected_file(standin, tmp_path):
    standin.reset()
    text, entries, _ = build(served_records(), seed=7)[0]
    path = tmp_path / "injected.txt"
    path.write_text(text, encoding="utf-8")
    return path, entries


def test_fix_gives_back_the_correct_values_for_every_reported_error(standin, injected_file):
    path, entries = injected_file
    report = json.loads(run("check", str(path), "--format", "json", *online(standin, "--no-cache")).stdout)
    fixed = json.loads(run("fix", str(path), "--to", "csljson", *online(standin, "--no-cache")).stdout)
    assert len(fixed) == len(entries)
    checked = 0
    for finding in report["files"][0]["findings"]:
        if finding["rule"] not in ("CR01", "CR02", "CR03", "CR04") or not finding["suggestion"]:
            continue
        position = finding["location"]["reference"]
        work, item = entries[position - 1].work, fixed[position - 1]
        assert item["DOI"] == work.doi, (finding, item)
        assert item["issued"] == {"date-parts": [[work.year]]}
        assert item["volume"] == work.volume and item.get("page") == (work.page or work.article_number)
        assert item["title"] == work.full_title and item["container-title"] == work.container
        assert item["note"].startswith("citeqa: corrected from Crossref")
        checked += 1
    assert checked >= 8


def test_fix_marks_what_it_could_not_verify_and_invents_nothing(standin, tmp_path):
    standin.reset()
    path = tmp_path / "unknown.txt"
    path.write_text(
        "Windmills [1].\n\nReferences\n\n1. Quixote D, Panza S. Windmills as adversaries in rural La Mancha. J Imag Quix. 2019;4(2):1-9.\n",
        encoding="utf-8",
    )
    (item,) = json.loads(run("fix", str(path), "--to", "csljson", *online(standin, "--no-cache")).stdout)
    assert item["note"] == "citeqa: not verified against Crossref; as written"
    assert "DOI" not in item and item["title"] == "Windmills as adversaries in rural La Mancha"


@pytest.mark.parametrize(
    "target, marker, count", [("bibtex", "@article{", 25), ("ris", "ER  - ", 25), ("text", "   [citeqa: ", 25)]
)
def test_fix_writes_every_format(standin, injected_file, target, marker, count):
    path, entries = injected_file
    out = run("fix", str(path), "--to", target, *online(standin, "--no-cache")).stdout
    assert out.count(marker) == len(entries) == count
    assert "citeqa: corrected from Crossref" in out


def test_the_json_report_carries_every_reference_and_its_fields_can_be_fixed(
    standin, injected_file, tmp_path, report_schema
):
    """The report's references, read back as CSL-JSON, are the same references: `citeqa fix` works on them."""
    import jsonschema

    path, entries = injected_file
    report = json.loads(run("check", str(path), "--format", "json", "--offline").stdout)
    jsonschema.Draft202012Validator(report_schema).validate(report)
    assert report["schema_version"] == "1.1"
    (checked,) = report["files"]
    references = checked["references"]
    assert [r["position"] for r in references] == list(range(1, len(entries) + 1))
    first = references[0]
    assert first["label"] == "1" and first["text"].startswith("1. ") and first["location"]["line"] >= 1
    assert first["fields"]["title"] and first["fields"]["author"][0]["family"]
    assert {r["fields"].get("DOI") for r in references if r["fields"].get("DOI")}

    items = tmp_path / "references.json"
    items.write_text(json.dumps([r["fields"] for r in references]), encoding="utf-8")
    again = json.loads(run("check", str(items), "--format", "json", "--offline").stdout)["files"][0]["references"]
    assert [(r["fields"].get("title"), r["fields"].get("DOI")) for r in again] == [
        (r["fields"].get("title"), r["fields"].get("DOI")) for r in references
    ]
    fixed = json.loads(run("fix", str(items), "--to", "csljson", *online(standin, "--no-cache")).stdout)
    assert len(fixed) == len(entries)
    assert sum(item["note"].startswith("citeqa: corrected from Crossref") for item in fixed) >= 8


def test_suppressed_findings_are_listed_in_every_report_that_shows_findings(tmp_path):
    path = tmp_path / "suppressed.md"
    path.write_text(
        "<!-- citeqa: ignore TX03, title-variant -->\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8"
    )
    allowed = ("check", str(path), "--allow-inline-suppressions", "--format")
    github = run(*allowed, "github").stdout
    (notice,) = [line for line in github.splitlines() if "suppressed by the manuscript" in line]
    assert notice.startswith("::notice file=") and "suppressed by its own comments" in notice and "TX03" in notice
    junit = run(*allowed, "junit").stdout
    assert junit.count("<skipped ") == 2 and 'skipped="2"' in junit  # MD02 and TX03
    html = run(*allowed, "html").stdout
    assert "Suppressed by the manuscript" in html
    assert "TX03" in html.split("Suppressed by the manuscript")[1].split("</table>")[0]
    gitlab = json.loads(run(*allowed, "gitlab").stdout)
    hidden = [i for i in gitlab if i["description"].startswith("[suppressed by the manuscript's own comment] ")]
    assert sorted(i["check_name"].split()[0] for i in hidden) == ["MD02", "TX03"]
    assert {i["severity"] for i in hidden} == {"info"}
