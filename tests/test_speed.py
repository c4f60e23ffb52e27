"""What the speed work must not change, and what it must deliver: the same findings whichever way a
run is split (--jobs, --format jsonl), the same duplicates and folds from the faster RF04 and fold,
and a start that imports no network code. Times are measured by benchmarks/perf_offline.py, never here."""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.cli import main
from linter.compare import fold
from linter.engine import check_files
from linter.readers import read
from linter.readers.reference_list import build_reference
from linter.rules import Context
from linter.rules.references import _Entry, _same_work, duplicate_reference

ROOT = Path(__file__).resolve().parent.parent
PLOS = ROOT / "fixtures" / "plos"
NETWORK = ("habanero", "httpx2", "requests", "urllib3")


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """Twelve PLOS articles, the seed, and two files that cannot be read, in one folder."""
    folder = tmp_path_factory.mktemp("batch")
    for path in sorted(PLOS.glob("*.xml"))[:12]:
        shutil.copy(path, folder)
    shutil.copy(ROOT / "fixtures" / "manuscripts" / "advancing-oncology-all.txt", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return folder


def test_jobs_2_reports_what_jobs_1_reports(batch):
    one = run("check", str(batch), "--format", "json", "--jobs", "1")
    two = run("check", str(batch), "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2  # the unreadable files make it a usage error
    assert json.loads(two.stdout) == json.loads(one.stdout)
    files = json.loads(two.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == sorted(p.name for p in batch.iterdir())  # input order
    errors = {Path(f["path"]).name: f["error"] for f in files if f["status"] == "error"}
    assert errors == {"binary.txt": "binary file, not text", "empty.txt": "empty file"}
    assert sum(len(f["findings"]) for f in files) > 30
    assert run("check", str(batch), "--jobs", "2").stdout == run("check", str(batch), "--jobs", "1").stdout


def test_jsonl_rows_are_the_json_reports_files(batch, report_schema):
    result = run("check", str(batch), "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    file_schema = {"$schema": report_schema["$schema"], "$defs": report_schema["$defs"], "$ref": "#/$defs/file"}
    for row in rows:
        jsonschema.validate(row, file_schema)
    whole = json.loads(run("check", str(batch), "--format", "json", "--jobs", "1").stdout)["files"]
    assert sorted(rows, key=lambda r: r["path"]) == sorted(whole, key=lambda r: r["path"])


def test_jsonl_exit_codes_and_output_file(tmp_path):
    clean = tmp_path / "clean.bib"
    clean.write_text(
        "@article{a, author={Ott, P A}, title={Intralesional cancer immunotherapies}, "
        "journal={Hematol Oncol Clin North Am}, year={2019}, volume={33}, pages={249--260}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.jsonl"
    result = run("check", str(clean), "--format", "jsonl", "-o", str(out), "--select", "RF,TX,DO")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["status"] for line in out.read_text(encoding="utf-8").splitlines()] == ["checked"]
    seed = run(
        "check",
        str(ROOT / "fixtures" / "manuscripts" / "advancing-oncology-all.txt"),
        "--format",
        "jsonl",
        "--select",
        "MD02",
    )
    assert seed.exit_code == 1 and json.loads(seed.stdout)["findings"][0]["rule"] == "MD02"


def test_results_stream_before_the_batch_is_read(tmp_path):
    """check_files yields a file's result before it reads the files after it (jsonl keeps nothing)."""
    from linter.config import Config

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(
        "Title\n\nReferences\n\n1. Ott PA. Intralesional cancer immunotherapies. Hematol Oncol Clin North Am. 2019;33:249-60.\n",
        encoding="utf-8",
    )
    results = check_files([first, second], Config(), Context(), jobs=1)
    assert next(results).status == "checked"
    second.write_text("", encoding="utf-8")  # written only now: it is read after the first result
    assert next(results).error == "empty file"


@pytest.mark.skipif(sys.platform != "linux", reason="the worker inherits the patch by fork")
def test_a_worker_that_dies_leaves_error_rows(tmp_path, monkeypatch):
    import linter.engine as engine
    from linter.config import Config

    for name in ("a", "b", "die", "c"):
        (tmp_path / f"{name}.txt").write_text(
            "Title\n\nReferences\n\n1. Ott PA. A title of a work. J Test. 2019;1:1-2.\n", encoding="utf-8"
        )
    real = engine.prepare

    def fragile(path, *args):
        if path.name == "die.txt":
            os._exit(1)
        return real(path, *args)

    monkeypatch.setattr(engine, "prepare", fragile)
    results = list(check_files(sorted(tmp_path.iterdir()), Config(), Context(), jobs=2))
    assert [Path(r.path).name for r in results] == ["a.txt", "b.txt", "c.txt", "die.txt"]
    died = [r for r in results if r.error]
    assert "die.txt" in {Path(r.path).name for r in died}
    assert all("worker process stopped" in r.error for r in died)


PROBE = """
import json, sys
sys.argv = ["citeqa", *sys.argv[1:]]
from linter.cli import main  # the command without its quick exit (cli.run), which would end before the probe
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def _imports(*args: str) -> set[str]:
    """The modules `citeqa ARGS` has loaded when it ends."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    names = set(json.loads(result.stderr.rsplit("MODULES ", 1)[1]))
    return names | {name.split(".")[0] for name in names}


def test_version_imports_no_network_stack_and_no_metadata():
    loaded = _imports("--version")
    assert not loaded & {
        *NETWORK,
        "ftfy",
        "lxml",
        "bibtexparser",
        "pdfminer",
        "platformdirs",
        "importlib.metadata",
        "linter.engine",
        "linter.rules",
    }
    assert "click" in loaded  # the probe works


def test_rules_and_offline_check_import_no_network_stack(tmp_path):
    assert not _imports("rules") & {*NETWORK, "ftfy", "lxml"}
    loaded = _imports("check", str(PLOS / sorted(os.listdir(PLOS))[0]), "--offline", "--no-cache", "--format", "json")
    assert not loaded & set(NETWORK)
    assert {"lxml", "linter.reports.json_report"} <= loaded and "linter.reports.html" not in loaded


def _old_fold(text: str) -> str:
    """fold as it was written before it was made fast: the behaviour to keep."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]|_", " ", text.casefold())
    return " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(),
            st.sampled_from(["&amp;", "&eacute;", "&#233;", "<i>", "</b>", "ﬁ", "é", "e\u0301", "_", "ß", "İ", " "]),
        )
    ).map("".join)
)
def test_fold_is_unchanged(text):
    assert fold(text) == _old_fold(text)


def _all_pairs(references) -> list[tuple[int, int]]:
    """RF04 the quadratic way: every entry against every earlier distinct one."""
    seen, pairs = [], []
    for reference in references:
        entry = _Entry(len(seen), reference)
        twin = next((other for other in seen if _same_work(other, entry)), None)
        if twin:
            pairs.append((reference.position, twin.reference.position))
        else:
            seen.append(entry)
    return pairs


def test_duplicates_by_blocks_are_those_of_all_pairs():
    """The PLOS reference lists, with each fifth entry repeated in another form further down."""
    checked = 0
    for path in sorted(PLOS.glob("*.xml"))[:20]:
        ms = read(path)
        references = list(ms.references)
        for ref in ms.references[::5]:
            variants = (
                ref.raw.upper(),
                re.sub(r"\s*(?:doi:?|https?://\S+)\S*", "", ref.raw),
                ref.raw.replace(".", ",", 1),
            )
            for variant in variants:
                references.append(build_reference(len(references) + 1, variant, ref.location))
        expected = _all_pairs(references)
        longer = dataclasses.replace(ms, references=tuple(references))
        found = [(p.location.reference, p.evidence["duplicate_of"]) for p in duplicate_reference(longer, Context())]
        assert found == expected
        checked += len(expected)
    assert checked > 200  # the variants are found as duplicates, not only the lists' own
