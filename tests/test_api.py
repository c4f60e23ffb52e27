"""The Python API: linter.check on a file or on text, linter.report, and the README's example run as written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import linter
from linter.config import Config, Selector
from tests.support import ROOT, SEED


def test_the_readme_example_runs(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") : readme.index("## Output formats")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md (Python API)", "exec"), {})  # its asserts are the test
    assert "RF04 warning reference 2 repeats reference 1" in capsys.readouterr().out


def test_a_path_and_its_text_give_the_same_findings():
    from_file = linter.check(SEED)
    from_text = linter.check(SEED.read_text(encoding="utf-8"), text=True, name=str(SEED))
    assert from_file.findings and from_file.error is None
    assert [(f.rule, f.message) for f in from_file.findings] == [(f.rule, f.message) for f in from_text.findings]
    assert linter.check(str(SEED)).path == str(SEED)  # a str naming an existing file is that file


def test_text_formats_are_detected():
    bib = r"@article{k, author={M{\"u}ller, Hans}, title={A title}, journal={J Tests}, year={2020}}"
    result = linter.check(bib, text=True)
    assert result.format == "bibtex"
    assert result.manuscript.references[0].fields.authors == ("Müller H",)


def test_what_is_not_checked_is_said():
    with pytest.raises(FileNotFoundError, match="paper.pdf"):
        linter.check("paper.pdf")  # a typo in a path is not a one-line manuscript
    assert linter.check("paper.pdf", text=True).format == "text"
    unreadable = linter.check(Path("no-such-file.txt"))
    assert unreadable.error == "no such file"
    empty = linter.check("   ", text=True)
    assert empty.error == "empty text"
    with pytest.raises(ValueError, match="unknown report format"):
        linter.report([empty], "yaml")


def test_config_and_report():
    only = Config(select=(Selector("RF03", explicit=True),))
    result = linter.check(SEED, config=only)
    assert {f.rule for f in result.findings} <= {"RF03"}
    sarif = json.loads(linter.report([result], "sarif"))
    assert sarif["version"] == "2.1.0"


def test_import_linter_stays_cheap():
    code = "import sys, linter; print(sorted(m for m in sys.modules if m.startswith('linter')))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "['linter']"


def test_lookups_from_settings_check_against_crossref(standin):
    """lookups=Settings(...) opens the lookups as the command line does (here against the stand-in)."""
    from tests.injected import build
    from tests.support import served_records

    text, _, _ = build(served_records(), seed=3)[0]
    settings = linter.Settings(crossref_url=standin.url, doi_url=standin.url, mailto="tests@example.org", no_cache=True)
    online = linter.check(text, text=True, lookups=settings)
    assert online.crossref is not None and online.crossref_skipped is None
    assert online.crossref.status == "complete"
    offline = linter.check(text, text=True)
    assert offline.crossref is None and {f.rule for f in offline.findings} <= {f.rule for f in online.findings}
