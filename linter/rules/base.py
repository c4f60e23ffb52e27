"""What a rule is: the @rule decorator that registers it, its Context, its options.

A rule is a pure function of (Manuscript, Context) yielding Problems. It declares
its code, name and default severity; configuration decides whether it runs and
how severe its findings are. Its docstring is its user documentation, in the
sections What it does / Why it matters / Example / Use instead. Rule modules import
this module, and linter/rules/__init__.py imports them: no cycle.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Manuscript, Problem, Severity

if TYPE_CHECKING:
    from ..verification import CrossrefAnswers

Check = Callable[[Manuscript, "Context"], Iterator[Problem]]


@dataclass(frozen=True)
class Option:
    """A rule's tunable threshold, set in `[tool.citeqa.options]` (see linter/config.py)."""

    name: str  # "IN04-journal-share": the rule's code, then what it sets
    default: float
    help: str
    minimum: float = 0.0
    maximum: float | None = None


OPTIONS: dict[str, Option] = {}


def option(name: str, default: float, help: str, minimum: float = 0.0, maximum: float | None = None) -> str:
    """Declare a threshold beside the rule that reads it; returns its name for ctx.option()."""
    OPTIONS[name] = Option(name, default, help, minimum, maximum)
    return name


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the manuscript: today, Crossref's answers if looked up,
    and the thresholds configured in [tool.citeqa.options]."""

    today: dt.date = field(default_factory=dt.date.today)
    crossref: CrossrefAnswers | None = None
    honour_suppressions: bool = False  # the manuscript's `citeqa: ignore` comments are honoured (configuration)
    options: dict[str, float] = field(default_factory=dict)

    def option(self, name: str) -> float:
        return self.options.get(name, OPTIONS[name].default)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Check
    needs_crossref: bool = False
    precision: str = "high"  # SARIF's word for how rarely it is wrong: very-high, high, medium, low
    needs_manuscript: bool = False  # skipped for bare reference lists (BibTeX, CSL-JSON, RIS)
    data: tuple[Any, ...] = ()  # the data lists it reads, each with describe(today): where from, how old

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
        return found[len(heading) :].strip()


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    needs_crossref: bool = False,
    precision: str = "high",
    needs_manuscript: bool = False,
    data: tuple[Any, ...] = (),
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, check, needs_crossref, precision, needs_manuscript, data)
        return check

    return register
