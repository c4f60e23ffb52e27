"""Every rule's pass and fail cases in fixtures/rules/<CODE>.toml, run through the real reader."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from linter.config import Config, Selector, tomllib
from linter.engine import run_rules
from linter.readers import jats, plaintext
from linter.rules import Context, all_rules
from tests.support import FIXTURES

CASES_DIR = FIXTURES / "rules"


def _cases():
    for rule in all_rules():
        path = CASES_DIR / f"{rule.code}.toml"
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        today = dt.date.fromisoformat(data["today"]) if "today" in data else dt.date(2026, 1, 1)
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind, []), 1):
                yield pytest.param(rule, kind, case, today, id=f"{rule.code}-{kind}-{i}")


@pytest.mark.parametrize("rule, kind, case, today", list(_cases()))
def test_rule_case(rule, kind, case, today, request):
    if case.get("format") == "jats":
        manuscript = jats.read(case["text"].encode("utf-8"), f"{rule.code}-{kind}.xml")
    else:
        manuscript = plaintext.read(case["text"], f"{rule.code}-{kind}.txt")
    config = Config(select=(Selector(rule.code, explicit=True),))
    answers = None
    if rule.needs_crossref:  # against the Crossref stand-in, over real HTTP
        answers = request.getfixturevalue("shared_lookups").answer(manuscript)
        assert not answers.not_checked(), answers
    findings = run_rules(manuscript, config, Context(today=today, crossref=answers))
    assert all(f.rule == rule.code for f in findings)
    if kind == "fail":
        assert findings, f"{rule.code} should fire: {case['why']}"
        if "message" in case:  # a case may also name words its message must hold
            assert any(case["message"] in f.message for f in findings), [f.message for f in findings]
        if "findings" in case:  # and how many findings it must give
            assert len(findings) == case["findings"], [f.message for f in findings]
    else:
        assert not findings, f"{rule.code} should stay quiet ({case['why']}): {[f.message for f in findings]}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_cases_and_docs(rule):
    data = tomllib.loads((CASES_DIR / f"{rule.code}.toml").read_text(encoding="utf-8"))
    assert data.get("fail"), f"{rule.code} has no fail case"
    assert data.get("pass"), f"{rule.code} has no pass case"
    for section in ("## What it does", "## Why it matters", "## Example", "## Use instead"):
        assert section in rule.doc, f"{rule.code} doc lacks {section}"


def test_no_case_file_without_a_rule():
    codes = {r.code for r in all_rules()}
    assert {p.stem for p in CASES_DIR.glob("*.toml")} <= codes


def test_readme_describes_every_rule_family_and_links_the_generated_table():
    """Adding a rule touches its module, its case file and docs/rules.md (generated) only: the README
    describes the families, and docs/rules.md, checked against the registry in test_cli, lists every rule."""
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/rules.md)" in readme
    families = {rule.code[:2] for rule in all_rules()}
    described = set(re.findall(r"^\| ([A-Z]{2}) \| ", readme, re.MULTILINE))
    assert families == described
    docs = (FIXTURES.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity.value} |" in docs


def test_every_rule_module_is_in_the_registry_list():
    """all_rules() imports an explicit list of modules: a module missing from it would register nothing."""
    import pkgutil
    import sys

    import linter.rules

    all_rules()
    modules = {m.name for m in pkgutil.iter_modules(linter.rules.__path__)}
    assert modules and all(f"linter.rules.{m}" in sys.modules for m in modules)
