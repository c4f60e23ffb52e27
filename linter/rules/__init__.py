"""The rule registry: every rule module, listed (all_rules imports them, so start-up stays light).

What a rule is (the @rule decorator, Context, options) lives in linter/rules/base.py, which the
rule modules import; this package re-exports it.
"""

from __future__ import annotations

import datetime as dt

from .base import OPTIONS, REGISTRY, Check, Context, Option, Rule, option, rule

__all__ = [
    "OPTIONS",
    "REGISTRY",
    "Check",
    "Context",
    "Option",
    "Rule",
    "all_rules",
    "explain_extras",
    "find",
    "option",
    "rule",
]


def all_rules() -> list[Rule]:
    """Every rule, by code. The rule modules are imported here, not at start-up (`citeqa --version`
    stays light); importing a module registers its rules. A new rule module is added to this list."""
    from . import (  # noqa: F401 (imported to register)
        dois,
        integrity_citations,
        integrity_deposit,
        integrity_text,
        integrity_topic,
        integrity_venues,
        jats_checks,
        metadata,
        references,
        suppression,
        text_quality,
        unresolved,
        verification,
    )

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip().upper()
    return next((r for r in all_rules() if wanted in (r.code, r.name.upper())), None)


def explain_extras(rule: Rule, today: dt.date | None = None) -> list[str]:
    """What `citeqa explain` adds to a rule's doc: its options and where its data lists come from."""
    lines = []
    options = [o for o in OPTIONS.values() if o.name.startswith(rule.code + "-")]
    if options:
        lines += ["", "## Options ([tool.citeqa.options])"]
        lines += [f"- {o.name} = {o.default:g}: {o.help}" for o in options]
    if rule.data:
        lines += ["", "## Data"]
        lines += [f"- {source.describe(today or dt.date.today())}" for source in rule.data]
    return lines
