"""The rule registry.

A rule is a pure function of (Manuscript, Context) yielding Problems. It declares
its code, name and default severity; configuration decides whether it runs and
how severe its findings are. Its docstring is its user documentation, in the
sections What it does / Why it matters / Example / Use instead.
"""
from __future__ import annotations

import datetime as dt
import importlib
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..model import Manuscript, Problem, Severity

Check = Callable[[Manuscript, "Context"], Iterator[Problem]]


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the manuscript: today, and Crossref's answers if looked up."""

    today: dt.date = field(default_factory=dt.date.today)
    crossref: Any = None  # linter.crossref.answers.CrossrefAnswers
    honour_suppressions: bool = False  # the manuscript's `citeqa: ignore` comments are honoured (configuration)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Check
    needs_crossref: bool = False
    precision: str = "high"  # SARIF's word for how rarely it is wrong: very-high, high, medium, low
    needs_manuscript: bool = False  # skipped for bare reference lists (BibTeX, CSL-JSON, RIS)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def section(self, heading: str) -> str:
        """One '## heading' section of the doc, as text."""
        parts = self.doc.split("## ")
        found = next((p for p in parts if p.startswith(heading)), "")
        return found[len(heading):].strip()


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, needs_crossref: bool = False, precision: str = "high",
         needs_manuscript: bool = False) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, check, needs_crossref, precision, needs_manuscript)
        return check

    return register


def all_rules() -> list[Rule]:
    for module in ("metadata", "references", "dois", "text_quality", "verification", "jats_checks", "suppression"):
        importlib.import_module(f"{__name__}.{module}")
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip().upper()
    return next((r for r in all_rules() if wanted in (r.code, r.name.upper())), None)
