"""One home for every Crossref default: the environment, then the command line's flags, over Settings()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter.crossref.settings import LIMITS, Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def test_environment_then_flags_over_the_defaults():
    environ = {"CITEQA_MAILTO": "ed@example.org", "CITEQA_TIMEOUT": "3.5", "CITEQA_BATCH_SIZE": "20"}
    settings = Settings.from_environment(environ)
    assert (settings.mailto, settings.timeout, settings.batch_size, settings.retries) == ("ed@example.org", 3.5, 20, 4)
    flagged = settings.updated(batch_size=7, timeout=None)  # None: the flag was not given
    assert (flagged.batch_size, flagged.timeout) == (7, 3.5)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CITEQA_BATCH_SIZE", "500", "between 1 and 100"),
        ("CITEQA_TIMEOUT", "soon", "not a number"),
        ("CITEQA_OFFLINE", "maybe", "yes/no"),
    ],
)
def test_a_bad_environment_value_is_named(variable, value, says):
    with pytest.raises(SettingsError, match=says) as caught:
        Settings.from_environment({variable: value})
    assert variable in str(caught.value)


def test_offline_said_or_not():
    assert Settings().offline is None and not Settings().ask_doi_org
    assert Settings.from_environment({"CITEQA_OFFLINE": "0"}).ask_doi_org  # --online said, through the environment
    assert Settings.from_environment({"CITEQA_OFFLINE": "yes"}).offline is True


def test_the_cache_file():
    assert Settings(no_cache=True, cache_path=Path("x.sqlite3")).cache_file is None
    assert Settings(cache_path=Path("x.sqlite3")).cache_file == Path("x.sqlite3")
    assert Settings().cache_file.name == "crossref.sqlite3"


def test_the_command_line_uses_the_same_ranges_and_rejects_a_bad_environment(tmp_path):
    ms = tmp_path / "m.txt"
    ms.write_text("Title\n\nReferences\n1. Doe J. A work. J Tests. 2020;1:1-2. doi:10.1234/abc\n")
    env = {"PATH": "", "CITEQA_BATCH_SIZE": "0", "CITEQA_CACHE": str(tmp_path / "c.sqlite3")}
    run = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--offline", str(ms)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "CITEQA_BATCH_SIZE='0' is not between 1 and 100" in run.stderr
    high = LIMITS["batch_size"][1]
    run = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--offline", f"--batch-size={high + 1}", str(ms)],
        cwd=ROOT,
        env={**env, "CITEQA_BATCH_SIZE": "10"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "--batch-size" in run.stderr


def test_the_command_line_shows_the_settings_defaults():
    from click.testing import CliRunner

    from linter.cli import main

    defaults = Settings()
    shown = " ".join(CliRunner().invoke(main, ["check", "--help"], terminal_width=400).output.split())
    for text in (
        f"CITEQA_BATCH_SIZE; default: {defaults.batch_size}]",
        f"CITEQA_TIMEOUT; default: {defaults.timeout:g}]",
        f"CITEQA_RETRIES; default: {defaults.retries}]",
        f"CITEQA_CROSSREF_URL; default: {defaults.crossref_url}]",
    ):
        assert text in shown
