"""Issue 10, item 6: nothing from a manuscript, or its name, reaches a terminal or a CI log as a command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.reports import FORMATS
from tests.hostile.hostile_files import REFERENCES
from tests.hostile.report_validity import check

NASTY = "\x1b[2J\x07\u202eevil\u202c\x1b]0;title\x07\x85\u2028"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_a_file_name_cannot_start_a_github_workflow_command(tmp_path):
    name = tmp_path / "x\n::error file=ci.yml::pwned.md"
    name.write_text("", encoding="utf-8")  # empty: an error line naming it
    result = run("check", str(name), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 2
    assert not any(line.startswith("::error file=ci.yml") for line in (result.stderr + result.stdout).splitlines())
    assert "x\\x0a::error file=ci.yml::pwned.md: empty file" in result.stderr
    check("github", result.stdout)


def test_a_percent_encoded_newline_in_a_doi_stays_encoded(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(
        REFERENCES.replace("doi:1016/j.hoc.2018.12.001", "doi:10.1016/j.hoc%0A::error::injected"), encoding="utf-8"
    )
    for fmt in ("text", "github"):
        out = run("check", str(path), "--format", fmt).stdout
        assert not any(line.startswith("::error::") for line in out.splitlines())
        check(fmt, out)
    report = run("check", str(path), "--format", "json").stdout  # wherever the DOI is shown, never decoded
    assert "\\n::error::injected" not in report and "\n::error::injected" not in report


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_control_and_bidi_characters_are_inert_in_every_format(tmp_path, fmt):
    path = tmp_path / f"paper{NASTY[:3]}\udcff.md"  # \udcff: the byte 0xff of a file name in no encoding
    path.write_text(
        REFERENCES.replace("Intralesional", f"Intra{NASTY}lesional").replace(
            "doi:1016/j.hoc", f"doi:10.1016/j.hoc{NASTY}"
        ),
        encoding="utf-8",
    )
    lone = tmp_path / "lone.json"  # JSON's escapes can carry an unpaired surrogate and NUL into a title
    lone.write_text(
        '[{"id": "a", "title": "Intra\\ud800\\u0000\\u001b[2Jlesional", "DOI": "10.1016/x\\u202e"}]', encoding="utf-8"
    )
    result = run("check", str(path), str(lone), "--format", fmt)
    assert result.exit_code in (0, 1) and isinstance(result.exception, (SystemExit, type(None))), result.stderr
    assert "DO01" in result.stdout  # the malformed DOI, reported
    check(fmt, result.stdout)  # text/github: no raw control or bidi character; XML parses; JSON and SARIF valid
    if fmt == "text":
        assert "\\x1b[2J\\x07\\u202eevil" in result.stdout


def test_an_unreadable_file_with_escapes_in_its_name_is_reported_inertly(tmp_path):
    path = tmp_path / "\x1b[31mred\x1b[0m.txt"
    path.write_bytes(b"")
    result = run("check", str(path))
    assert "\x1b" not in result.stderr + result.stdout and "\\x1b[31mred\\x1b[0m.txt: empty file" in result.stderr


def test_sarif_takes_an_absolute_path_with_an_unpaired_surrogate():
    """Found by benchmarks/fuzz.py: Path.as_uri() raised UnicodeEncodeError on '\\ud800'."""
    from linter.engine import FileResult

    check("sarif", FORMATS["sarif"]([FileResult("/tmp/x\ud800.md", "text", error="empty file")], False))
